"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages ended by NUL on file descriptors 3 and 4), with nothing to install but the browser.

A headless window cannot be narrower than 500 px, so a phone is emulated the way DevTools does it
(``Emulation.setDeviceMetricsOverride`` with ``mobile``: the page's viewport meta tag decides
its layout width, as on a phone).

    with Chromium() as browser:
        measured = browser.measure(page.as_uri(), width=390, height=844)

Skips the test when no Chromium is installed, unless ``COMPLIANCE_NO_SKIP`` is set (CI), where the
missing browser fails it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from typing import Any

import pytest

TIMEOUT = 180.0  # seconds for one command: generous, the machine may be busy with other work

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")

MEASURE = """
((width) => {
  const root = document.documentElement;
  let smallest = Infinity, where = "";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length) continue;          // not rendered (an SVG <title>, hidden)
    const element = node.parentElement;
    const style = getComputedStyle(element);
    if (style.visibility !== "visible") continue;
    let size = parseFloat(style.fontSize);
    if (element instanceof SVGGraphicsElement) {             // SVG text scales with its viewBox
      const m = element.getScreenCTM();
      if (m) size *= Math.hypot(m.a, m.b);
    }
    if (size < smallest) { smallest = size; where = element.tagName + ": " + node.textContent.trim().slice(0, 60); }
  }
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5 && !element.closest(".scroll")) wide.push(element.tagName + "." + element.className + " " + Math.round(box.right) + " " + element.textContent.slice(0, 80));
  }
  return {innerWidth, scrollWidth: root.scrollWidth, smallest, where, wide: wide.slice(0, 10)};
})"""


def browser() -> str:
    """The Chromium executable, or skip."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")


class Chromium:
    def __init__(self) -> None:
        # Chromium's helper processes may still write to the profile for a moment after the
        # browser exits: cleaning up then must not fail a test (it is tried again, then left)
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        to_browser, self._in = os.pipe()  # we write self._in, the browser reads fd 3
        self._out, from_browser = os.pipe()  # the browser writes fd 4, we read self._out

        def fds() -> None:  # in the child: the pipe's ends at 3 and 4
            a, b = os.dup(to_browser), os.dup(from_browser)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._process = subprocess.Popen(
            [
                browser(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--remote-debugging-pipe",
                f"--user-data-dir={self._profile.name}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),  # kept open in the child after preexec_fn put the pipe there
            preexec_fn=fds,  # noqa: PLW1509 - only dup and dup2, no lock taken
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._next = 0

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        for fd in (self._in, self._out):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._process.terminate()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        for _ in range(20):  # bounded: at most about a second
            self._profile.cleanup()
            if not os.path.exists(self._profile.name):
                break
            time.sleep(0.05)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._out], [], [], left)
            if ready:
                chunk = os.read(self._out, 1 << 16)
                if not chunk:
                    raise RuntimeError(f"Chromium closed the pipe (exit {self._process.poll()})")
                self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._in, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self._events.append(answer)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[: i + 1]
                    return event
            self._events.append(self._read(deadline))

    def measure(self, url: str, *, width: int, height: int, media: str = "screen") -> dict[str, Any]:
        """Open ``url`` in a fresh tab emulating a phone ``width`` × ``height`` CSS pixels wide
        and return what :data:`MEASURE` finds: the viewport's and the document's widths, the
        smallest font size of the visible text (SVG text scaled by its viewBox) and where it is,
        elements past the right edge outside a scrolling box."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            self.send(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
                session,
            )
            self.send("Emulation.setEmulatedMedia", {"media": media}, session)
            self.send("Page.enable", {}, session)
            self.send("Page.navigate", {"url": url}, session)
            self.wait_for("Page.loadEventFired", session)
            answer = self.send(
                "Runtime.evaluate", {"expression": f"{MEASURE}({width})", "returnByValue": True}, session
            )
            if "exceptionDetails" in answer:
                raise RuntimeError(answer["exceptionDetails"])
            value: dict[str, Any] = answer["result"]["value"]
            return value
        finally:
            self.send("Target.closeTarget", {"targetId": target})
