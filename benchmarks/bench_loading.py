"""What our safe loader costs compared with the bare parsers, on the bundled example reports.

Run by hand:  python benchmarks/bench_loading.py [--repeat 5] [--number 200]

For every example report (YAML and JSON) it measures, in the same run:
  * JSON: ``load_text`` (depth check, NFC, duplicate keys, limits, lazy line marks) against
    ``json.loads`` of the same text;
  * YAML: ``load_text`` (libyaml events, NFC, bounds, line marks, YAML 1.1 guards) against
    libyaml's ``CSafeLoader`` parse of the same text;
and prints each ratio (× the bare parser). The figure to watch is the JSON ratio, which the test
suite used to assert as a timed unit test (< 8×); timing belongs here, not in tests.

Then, on every example report written as JSON (indent 1, as the synthetic district is), each
against a baseline measured in the same run:
  * positions: the source map answering k pointers spread over the document (k = 1, 3, 10 and
    every pointer) against the full scan it replaced (``scan_json``, then the same questions);
  * orjson (if installed; not a dependency, see docs/scale.md): ``orjson.loads`` against
    ``json.loads`` with the loader's hooks (duplicate keys, finite floats), and against the whole
    ``load_text``;
  * the yes/no schema check (jsonschema-rs) against jsonschema's ``is_valid`` of the same schema,
    and ``validate_report`` as a whole against ``load_text``;
  * reading a report file with its guards (``files.read``: stat, no blocking, the size limit)
    against ``Path.read_bytes``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import yaml
from _timing import timed

from compliance.loading import DEFAULT_LIMITS, Format, load_text
from compliance.loading._json import _finite_float, _reject_constant, _unique_pairs, scan_json
from compliance.loading._jsonpos import JsonPositions
from compliance.loading.files import read
from compliance.loading.sourcemap import SourceMap, child
from compliance.validate import fast_check, report_validator, validate_report

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
    reports = [p for p in files if p.parent != EXAMPLES]  # the district's reports, not its waivers
    as_json = [_as_json(p) for p in reports]
    number = max(1, args.number // 4)
    positions(as_json, number, args.repeat)
    parsers(as_json, number, args.repeat)
    schema_check(as_json, number, args.repeat)
    reading(reports, number, args.repeat)


def _as_json(path: Path) -> str:
    """A report as JSON, written as the synthetic district of bench_audit.py writes it."""
    fmt: Format = "json" if path.suffix == ".json" else "yaml"
    data = load_text(path.read_bytes(), name=path.name, format=fmt).data
    return json.dumps(data, indent=1, ensure_ascii=False)


def _pointers(value: object, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, child(pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, child(pointer, index))
    return found


def _header(what: str, mine: str, base: str, ratio: str) -> None:
    print(f"\n{what:34} {mine:>9} {base:>9} {ratio:>7}")


def _row(what: str, mine: float, base: float, per: int) -> None:
    print(f"{what:34} {mine / per * 1e6:9.1f} {base / per * 1e6:9.1f} {mine / base:7.2f}")


def positions(texts: list[str], number: int, repeat: int) -> None:
    """The lazy source map against the full scan, for k pointers spread over each document."""
    every = [_pointers(json.loads(t)) for t in texts]
    _header(f"positions of k pointers ({len(texts)} reports)", "lazy µs", "full µs", "× full")
    for k in (1, 3, 10, 0):
        # the middles of k equal stretches of the document's pointers, in document order
        asked = [ps if k == 0 else [ps[(2 * i + 1) * len(ps) // (2 * k)] for i in range(k)] for ps in every]

        def lazy(asked: list[list[str]] = asked) -> None:
            for _ in range(number):
                for text, ps in zip(texts, asked, strict=True):
                    found = JsonPositions(text)
                    for p in ps:
                        found.locate(p)

        def full(asked: list[list[str]] = asked) -> None:
            for _ in range(number):
                for text, ps in zip(texts, asked, strict=True):
                    found = SourceMap(scan_json(text, "r.json")[0])
                    for p in ps:
                        found.locate(p)

        _row(f"k = {k or 'every pointer'}", timed(lazy, repeat), timed(full, repeat), number * len(texts))


def parsers(texts: list[str], number: int, repeat: int) -> None:
    """orjson, if installed, against json.loads with the loader's hooks."""
    try:
        import orjson  # noqa: PLC0415 - measured, not a dependency
    except ImportError:
        print("\norjson is not installed: its rows are skipped")
        return

    def hooked() -> None:
        for _ in range(number):
            for t in texts:
                json.loads(
                    t,
                    object_pairs_hook=_unique_pairs,
                    parse_constant=_reject_constant,
                    parse_float=_finite_float,
                )

    def fast() -> None:
        for _ in range(number):
            for t in texts:
                orjson.loads(t)

    def ours() -> None:
        for _ in range(number):
            for t in texts:
                load_text(t, name="r.json", format="json")

    per = number * len(texts)
    base = timed(hooked, repeat)
    _header("JSON parsers", "µs", "base µs", "× base")
    _row("orjson.loads vs json.loads+hooks", timed(fast, repeat), base, per)
    _row("load_text vs json.loads+hooks", timed(ours, repeat), base, per)


def schema_check(texts: list[str], number: int, repeat: int) -> None:
    """The yes/no check (jsonschema-rs) against jsonschema's own is_valid; validation as a whole
    against loading."""
    loaded = [load_text(t, name="r.json", format="json") for t in texts]
    check, full = fast_check(), report_validator()

    def rs() -> None:
        for _ in range(number):
            for f in loaded:
                check(f.data)

    def python() -> None:
        for _ in range(number):
            for f in loaded:
                full.is_valid(f.data)

    def validate() -> None:
        for _ in range(number):
            for f in loaded:
                validate_report(f)

    def load() -> None:
        for _ in range(number):
            for t in texts:
                load_text(t, name="r.json", format="json")

    per = number * len(texts)
    _header("schema check", "µs", "base µs", "× base")
    _row("jsonschema-rs vs jsonschema", timed(rs, repeat), timed(python, repeat), per)
    _row("validate_report vs load_text", timed(validate, repeat), timed(load, repeat), per)


def reading(paths: list[Path], number: int, repeat: int) -> None:
    """The loader's guarded read of a file against a plain one."""
    names = [str(p) for p in paths]

    def guarded() -> None:
        for _ in range(number):
            for name in names:
                read(name, DEFAULT_LIMITS)

    def plain() -> None:
        for _ in range(number):
            for path in paths:
                path.read_bytes()

    _header("reading a report file", "µs", "base µs", "× base")
    _row("files.read vs Path.read_bytes", timed(guarded, repeat), timed(plain, repeat), number * len(paths))


if __name__ == "__main__":
    main()
