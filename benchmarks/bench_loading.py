"""What our safe loader costs compared with the bare parsers, on the bundled example reports.

Run by hand:  python benchmarks/bench_loading.py [--repeat 5] [--number 200]

For every example report (YAML and JSON) it measures, in the same run:
  * JSON: ``load_text`` (depth check, NFC, duplicate keys, limits, lazy line marks) against
    ``json.loads`` of the same text;
  * YAML: ``load_text`` (libyaml events, NFC, bounds, line marks, YAML 1.1 guards) against
    libyaml's ``CSafeLoader`` parse of the same text;
and prints each ratio (× the bare parser). The figure to watch is the JSON ratio, which the test
suite used to assert as a timed unit test (< 8×); timing belongs here, not in tests.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import yaml
from _timing import timed

from compliance.loading import load_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--number", type=int, default=200, help="loads per timed run")
    args = parser.parse_args()
    files = sorted(
        p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json") and "roster" not in p.name
    )
    texts = {
        fmt: [p.read_text(encoding="utf-8") for p in files if p.suffix == f".{fmt}"]
        for fmt in ("json", "yaml")
    }
    bare: dict[str, Callable[[str], object]] = {
        "json": json.loads,
        "yaml": lambda t: yaml.load(t, Loader=yaml.CSafeLoader),
    }
    print(f"{len(files)} example reports, {args.number} loads per run, median of {args.repeat}")
    print(f"{'format':6} {'ours µs':>9} {'bare µs':>9} {'× bare':>7}")
    for fmt, group in texts.items():

        def ours(group: list[str] = group, fmt: str = fmt) -> None:
            for _ in range(args.number):
                for t in group:
                    load_text(t, name=f"r.{fmt}", format=fmt)  # type: ignore[arg-type]

        def theirs(group: list[str] = group, fmt: str = fmt) -> None:
            for _ in range(args.number):
                for t in group:
                    bare[fmt](t)

        mine, base = timed(ours, args.repeat), timed(theirs, args.repeat)
        per = args.number * len(group)
        print(f"{fmt:6} {mine / per * 1e6:9.1f} {base / per * 1e6:9.1f} {mine / base:7.2f}")


if __name__ == "__main__":
    main()
