"""A demo of the trend section: the examples audited month by month into a fresh audit store,
the last audit's HTML page (and XLSX workbook) with the store's trends, and a Chromium screenshot
of the trend section for a person to look at.

    python scripts/render_trend.py OUT_DIR [--lang vi|en] [--width 1000] [--height 1800]

Writes OUT_DIR/audits.sqlite (four runs, as of 31/10/2023, 15/01/2024, 31/03/2024 and 30/06/2024:
the same documents judged later, so deadlines pass and rates move), OUT_DIR/xu-huong.html,
OUT_DIR/xu-huong.xlsx and OUT_DIR/xu-huong.png (the page from its trend section down). Needs
Chromium for the PNG (``apt-get install chromium``); see scripts/render_html.py. Not part of the
test suite; do not commit what it writes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from pathlib import Path

from compliance.audit import EngineSpec, audit
from compliance.reporters import render
from compliance.roster import load_roster
from compliance.store import Store, with_trends

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"
ROSTER = ROOT / "examples" / "roster-thanh-xuan-2023-2024.csv"
MONTHS = [dt.date(2023, 10, 31), dt.date(2024, 1, 15), dt.date(2024, 3, 31), dt.date(2024, 6, 30)]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path, help="folder for the store, the page, the workbook and the PNG")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    parser.add_argument("--width", type=int, default=1000)
    parser.add_argument("--height", type=int, default=1800)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    store_path = args.out / "audits.sqlite"
    for stale in (
        store_path,
        store_path.with_name(store_path.name + "-wal"),
        store_path.with_name(store_path.name + "-shm"),
    ):
        stale.unlink(missing_ok=True)
    roster = load_roster(ROSTER)
    with Store.open(store_path, create=True) as store:
        result = None
        for as_of in MONTHS:
            result = audit([EXAMPLES], spec=EngineSpec(), as_of=as_of, roster=roster, jobs=1)
            run = store.save(result, command="audit", paths=[str(EXAMPLES)], roster=roster)
            print(f"run {run}: as of {as_of:%d/%m/%Y}, {result.summary.by_status}")
        assert result is not None
        result = with_trends(result, store)
    page, workbook = args.out / "xu-huong.html", args.out / "xu-huong.xlsx"
    html = render(result, "html", args.lang)
    assert isinstance(html, str)
    page.write_text(html, encoding="utf-8")
    data = render(result, "xlsx", args.lang)
    assert isinstance(data, bytes)
    workbook.write_bytes(data)
    print(page, workbook, sep="\n")
    shot = args.out / "xu-huong.png"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "render_html.py"),
            str(page),
            str(shot),
            "--width",
            str(args.width),
            "--height",
            str(args.height),
            "--start-at",
            "trends",
        ],
        check=False,
    )
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
