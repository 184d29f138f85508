"""What writing the reminder letters (``compliance letters``) costs beside the audit's own JSON.

Run by hand:  python benchmarks/bench_letters.py [--schools 100] [--repeat 3]

Writes a synthetic district into a temporary folder: ``--schools`` copies of the Kim Giang example
school (each under its own id and name; ten failing obligations each, so each gets a letter),
audits it once, then measures in the same run: the audit's JSON (the baseline: what
``compliance audit --format json`` writes), the letters as HTML, and as DOCX; it prints the medians
and the ratios (× the JSON). The figure to watch is the ratio, not the seconds of this machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from _timing import timed

from compliance.audit import EngineSpec, audit
from compliance.engine import Engine
from compliance.letters import Letterhead, letters_for, write_letters
from compliance.reporters import render

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = ROOT / "examples" / "thanh-xuan-2023-2024" / "th-kim-giang"
AS_OF = dt.date(2024, 6, 30)


def district(folder: Path, schools: int) -> Path:
    reports = folder / "bao-cao"
    for i in range(schools):
        unit = reports / f"th-{i:04d}"
        unit.mkdir(parents=True)
        for source in sorted(SCHOOL.glob("*.yaml")):
            text = (
                source.read_text(encoding="utf-8")
                .replace("VN-HN-TX-TH-KIMGIANG", f"VN-HN-TX-TH-S{i:04d}")
                .replace("Trường Tiểu học Kim Giang", f"Trường Tiểu học Số {i}")
            )
            (unit / source.name).write_text(text, encoding="utf-8")
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reports = district(folder, args.schools)
        result = audit([reports], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=Engine.from_path())
        head = Letterhead(date=dt.date(2026, 12, 2), office="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN")
        letters = letters_for(result, head)
        assert len(letters) == args.schools, len(letters)
        baseline = timed(lambda: render(result, "json", "vi"), args.repeat)
        html = timed(lambda: write_letters(letters_for(result, head), folder / "html", ["html"]), args.repeat)
        docx = timed(lambda: write_letters(letters_for(result, head), folder / "docx", ["docx"]), args.repeat)
    print(f"{args.schools} schools, {len(result.findings)} findings, {len(letters)} letters")
    print(f"audit JSON (baseline)  {baseline:8.3f} s   1.00×")
    print(f"letters, HTML          {html:8.3f} s   {html / baseline:5.2f}×")
    print(f"letters, DOCX          {docx:8.3f} s   {docx / baseline:5.2f}×")


if __name__ == "__main__":
    main()
