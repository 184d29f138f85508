"""What reading a filled report form costs compared with reading the same report as YAML.

Run by hand:  python benchmarks/bench_intake.py [--number 1000] [--repeat 3]

Writes ``--number`` reports (the example reports, in turn) once as filled ``.xlsx`` forms (through
``compliance convert``'s writer) and once as YAML files, into a temporary folder, then measures in
the same run: ``load_file`` of every workbook (zip directory check, openpyxl read-only parse,
labels to codes, cells) against ``load_file`` of every YAML file (libyaml events, NFC, line
marks), and the same two followed by validation against the schema. Prints the medians and the
ratio (× YAML); the figure to watch is the ratio, not the seconds of this machine.
"""

from __future__ import annotations

import argparse
import functools
import tempfile
from pathlib import Path

from _timing import timed

from compliance.cli.convert_cmd import dump_yaml
from compliance.loading import load_file
from compliance.template import write_report
from compliance.validate import validate_report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "thanh-xuan-2023-2024"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--number", type=int, default=1000, help="workbooks (and YAML files) read per run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sources = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json"))
    reports = [load_file(p).data for p in sources]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        books, texts = [], []
        for i in range(args.number):
            data = reports[i % len(reports)]
            book, text = root / f"{i:05d}.xlsx", root / f"{i:05d}.yaml"
            book.write_bytes(write_report(data, name=book.name))
            text.write_text(dump_yaml(data), encoding="utf-8")
            books.append(book)
            texts.append(text)

        def read(paths: list[Path], validate: bool) -> None:
            for path in paths:
                loaded = load_file(path, workbook=True)
                if validate:
                    assert not validate_report(loaded)

        print(f"{args.number} reports ({len(sources)} examples in turn), median of {args.repeat} runs")
        print(f"{'':22} {'xlsx s':>8} {'yaml s':>8} {'× yaml':>7}")
        for label, validate in (("load", False), ("load + validate", True)):
            spent: dict[str, float] = {}
            for fmt, paths in (("xlsx", books), ("yaml", texts)):
                spent[fmt] = timed(functools.partial(read, paths, validate), args.repeat)
            ratio = spent["xlsx"] / spent["yaml"]
            print(f"{label:22} {spent['xlsx']:8.2f} {spent['yaml']:8.2f} {ratio:7.1f}")


if __name__ == "__main__":
    main()
