"""Screenshots of the web page for a person to look at: the upload page and a result page (the
Thanh Xuân examples as of 30/06/2024), at desktop (1280 px) and phone (400 px) width, whole pages.

    python scripts/screenshot_web.py anh-chup/            # upload-1280.png, result-400.png, …
    python scripts/screenshot_web.py anh-chup/ --lang en

Needs the server and dev extras and Debian's chromium and chromium-driver. Serves the page on a
free loopback port for as long as it takes.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import socket
import sys
import threading
import zipfile
from pathlib import Path

import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from compliance import Engine
from compliance.server import create_app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
WIDTHS = {"1280": (1280, 900, False), "400": (400, 860, True)}
WAIT = 120.0


def _zip(folder: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder.parent).as_posix())
    return out


def _shot(chrome: WebDriver, url: str, width: int, height: int, mobile: bool, target: Path) -> None:
    chrome.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )
    chrome.get(url)
    shot = chrome.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    target.write_bytes(base64.b64decode(shot["data"]))
    print(target, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="where the PNG files go")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    site = f"http://127.0.0.1:{sock.getsockname()[1]}"
    with Engine.from_path() as engine:
        server = uvicorn.Server(uvicorn.Config(create_app(engine), log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
            options.add_argument(flag)
        chrome = webdriver.Chrome(options=options, service=Service(args.chromedriver))
        try:
            chrome.set_page_load_timeout(WAIT)
            chrome.get(f"{site}/?lang={args.lang}")
            zipped = _zip(EXAMPLES, args.folder / "thanh-xuan-2023-2024.zip")
            chrome.find_element(By.ID, "reports").send_keys(str(zipped.resolve()))
            chrome.find_element(By.ID, "as_of").send_keys(dt.date(2024, 6, 30).strftime("%d/%m/%Y"))
            chrome.find_element(By.CSS_SELECTOR, "form[action='/ui/check'] button[type=submit]").click()
            WebDriverWait(chrome, WAIT).until(lambda c: "/ui/results/" in c.current_url)
            result = chrome.current_url
            zipped.unlink()
            for name, (width, height, mobile) in WIDTHS.items():
                _shot(chrome, f"{site}/", width, height, mobile, args.folder / f"upload-{name}.png")
                _shot(chrome, result, width, height, mobile, args.folder / f"result-{name}.png")
                _shot(
                    chrome,
                    f"{result}?status=fail",
                    width,
                    height,
                    mobile,
                    args.folder / f"result-fail-{name}.png",
                )
        finally:
            chrome.quit()
            server.should_exit = True
            thread.join(timeout=WAIT)
            sock.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
