"""Render an HTML audit page to a PNG in headless Chromium, for a person to look at.

    python scripts/render_html.py report.html report.png [--width 1400] [--height 2000] [--start-at matrix]

Needs Chromium (Debian: ``apt-get update && apt-get install -y chromium``). Not part of the test
suite. The page's sections have ids (summary, by-rule, by-unit, late, matrix, findings, problems)
for ``--start-at``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _page(html: Path, start_at: str | None, folder: Path) -> Path:
    """The page itself, or a copy that starts at the element ``start_at`` (a child of <body>)."""
    if not start_at:
        return html.resolve()
    text = html.read_text(encoding="utf-8")
    hide = f"<style>body>:has(~#{start_at}){{display:none}}</style></head>"
    copy = folder / "page.html"
    copy.write_text(text.replace("</head>", hide, 1), encoding="utf-8")
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("html", type=Path)
    parser.add_argument("png", type=Path)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2000)
    parser.add_argument(
        "--start-at",
        metavar="ID",
        help="hide what comes before the section with this id (summary, by-rule, by-unit, late, matrix, "
        "findings, problems, notes): headless screenshots cannot scroll",
    )
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("Chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    args.png.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as work:
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--window-size={args.width},{args.height}",
            f"--screenshot={args.png.resolve()}",
            _page(args.html, args.start_at, Path(work)).as_uri(),
        ]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0 or not args.png.exists():
        print(done.stderr[-2000:], file=sys.stderr)
        return 1
    print(args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
