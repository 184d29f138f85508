"""What the register of received documents (``audit --register``) costs an audit.

Run by hand:  python benchmarks/bench_register.py [--schools 300] [--extra-rows 5000] [--jobs 2] [--repeat 3]

Writes a synthetic district into a temporary folder: ``--schools`` copies of the Nhân Chính
example school (three reports each, each school under its own id, name and số hiệu), and a
register in CSV recording every report, a third of them on a later day than the report states,
plus ``--extra-rows`` rows from the Sở (công văn, no report). Then measures in the same run the
audit without the register and with it (reading the register included), with one process and
with ``--jobs`` workers, and prints the medians and the ratios (× without the register); the
figure to watch is the ratio, not the seconds of this machine.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import tempfile
from pathlib import Path

from _timing import timed

from compliance.audit import EngineSpec, audit
from compliance.engine import Engine
from compliance.loading import load_file
from compliance.register import load_register

ROOT = Path(__file__).resolve().parents[1]
SCHOOL = ROOT / "examples" / "thanh-xuan-2023-2024" / "thcs-nhan-chinh"
AS_OF = dt.date(2024, 6, 30)


def district(folder: Path, schools: int, extra: int) -> Path:
    """The reports under ``folder``/bao-cao and the register's path."""
    rows = [["Số đến", "Ngày đến", "Nơi gửi", "Số, ký hiệu", "Trích yếu"]]
    sources = sorted(SCHOOL.glob("*.yaml"))
    for i in range(schools):
        unit = folder / "bao-cao" / f"thcs-{i:04d}"
        unit.mkdir(parents=True)
        for n, source in enumerate(sources):
            text = (
                source.read_text(encoding="utf-8")
                .replace("VN-HN-TX-THCS-NHANCHINH", f"VN-HN-TX-THCS-S{i:04d}")
                .replace("Trường THCS Nhân Chính", f"Trường THCS Số {i}")
                .replace("THCSNC", f"THCS{i:04d}")
            )
            (unit / source.name).write_text(text, encoding="utf-8")
            data = load_file(unit / source.name).data
            received = dt.date.fromisoformat(str(data["received_at"])[:10])
            received += dt.timedelta(days=(i + n) % 3 == 0)  # a third arrive a day later than stated
            summary = f"Báo cáo {data['kind']} năm học 2023-2024"
            rows.append(
                [
                    str(len(rows)),
                    f"{received:%d/%m/%Y}",
                    f"Trường THCS Số {i}",
                    data["document"]["so_hieu"],
                    summary,
                ]
            )
    for j in range(extra):
        day = dt.date(2023, 9, 1) + dt.timedelta(days=j % 300)
        rows.append(
            [str(len(rows)), f"{day:%d/%m/%Y}", "Sở Giáo dục và Đào tạo Hà Nội", f"{j}/SGDĐT-VP", "Công văn"]
        )
    path = folder / "so-van-ban-den.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";").writerows(rows)
    return path


def run(folder: Path, engine: Engine, jobs: int, register: Path | None) -> None:
    audit(
        [folder / "bao-cao"],
        spec=EngineSpec(),
        as_of=AS_OF,
        jobs=jobs,
        engine=engine,
        register=load_register(register) if register is not None else None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--extra-rows", type=int, default=5000, help="register rows that are no report")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = Engine.from_path()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        register = district(folder, args.schools, args.extra_rows)
        files = 3 * args.schools
        print(f"{files} reports, a register of {files + args.extra_rows} rows")
        for jobs in sorted({1, args.jobs}):
            without = timed(functools.partial(run, folder, engine, jobs, None), args.repeat)
            with_register = timed(functools.partial(run, folder, engine, jobs, register), args.repeat)
            print(
                f"--jobs {jobs}: without the register {without:.2f} s, with it {with_register:.2f} s "
                f"(× {with_register / without:.2f})"
            )


if __name__ == "__main__":
    main()
