"""Render one reminder letter (an HTML file written by ``compliance letters``) to a PNG in headless
Chromium, the whole page however long, for a person to look at.

    compliance letters kiem-tra.json --out thu/ --format html --date 02/12/2026
    python scripts/render_letter.py thu/VN-HN-TX-TH-KIMGIANG_2023-2024.html kim-giang.png [--width 900]

The page is drawn as on screen: an A4 sheet (210 mm wide, the margins of Nghị định 30/2020/NĐ-CP)
on a grey desk. Needs Chromium (Debian: ``apt-get update && apt-get install -y chromium``); drives
it over the DevTools pipe with the test suite's helper (tests/chromium.py). Not part of the suite.
"""

from __future__ import annotations

import argparse
import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from chromium import Chromium  # the tests' DevTools helper, found through the path above


def render(html: Path, png: Path, width: int = 900) -> int:
    """Draw ``html`` ``width`` CSS pixels wide into ``png``; the page's height in pixels."""
    with Chromium() as browser:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        metrics = {"width": width, "height": 1200, "deviceScaleFactor": 1, "mobile": False}
        browser.send("Emulation.setDeviceMetricsOverride", metrics, session)
        browser.send("Page.enable", {}, session)
        browser.send("Page.navigate", {"url": html.resolve().as_uri()}, session)
        browser.wait_for("Page.loadEventFired", session)
        answer = browser.send(
            "Runtime.evaluate",
            {"expression": "document.documentElement.scrollHeight", "returnByValue": True},
            session,
        )
        height = int(answer["result"]["value"])
        browser.send("Emulation.setDeviceMetricsOverride", {**metrics, "height": height}, session)
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session)
        png.write_bytes(base64.b64decode(shot["data"]))
        browser.send("Target.closeTarget", {"targetId": target})
    return height


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("html", type=Path, help="a letter's .html file")
    parser.add_argument("png", type=Path, help="the picture to write")
    parser.add_argument(
        "--width", type=int, default=900, help="CSS pixels (default 900: the A4 sheet and a margin)"
    )
    args = parser.parse_args()
    if not args.html.is_file():
        print(f"không có tệp / no such file: {args.html}", file=sys.stderr)
        return 2
    try:
        height = render(args.html, args.png, args.width)
    except BaseException as exc:  # pytest's skip when no Chromium is installed, a browser that died
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(f"Chromium: {exc}", file=sys.stderr)
        return 1
    print(f"{args.png} ({args.width} × {height} px)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
