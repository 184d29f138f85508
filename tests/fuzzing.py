"""What the fuzz suite (``test_fuzz.py``) is made of: reports generated from the report schema,
byte-level mutants of the example reports, hostile values, the oracles every answer is judged by,
and the fields each rule needs (for the metamorphic properties).

Everything here is deterministic given hypothesis' draws: a failing example prints the steps that
built it (``Mutant.steps``) and can be replayed by hand.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from builders import EXAMPLES
from compliance import ir
from compliance.errors import Problem
from compliance.loading import load_file
from compliance.program import CompiledRule
from compliance.resources import schema
from compliance.validate import report_validator

TRACEBACK = "Traceback (most recent call last)"

# ----------------------------------------------------------------------------- budgets


def budget(ci_examples: int, *, long_share: float = 1.0) -> settings:
    """The settings of one fuzz test: ``ci_examples`` under the default (CI) profile; under a longer
    profile (``--hypothesis-profile=fuzz``, see conftest.py) that profile's ``max_examples``, times
    ``long_share`` for the tests whose examples are slow (a command run, an audit).

    Under the CI profile a test whose examples are slow does not shrink a failure (shrinking runs
    the command hundreds of times): it reports the failing example as drawn, with its steps; the
    long run shrinks everything."""
    current = settings()  # the active profile's values
    active = current.max_examples
    long_run = active > 100
    examples = max(ci_examples, int(active * long_share)) if long_run else ci_examples
    phases = current.phases
    if not long_run and long_share < 1:
        phases = tuple(p for p in phases if p is not Phase.shrink)
    return settings(
        max_examples=examples,
        deadline=None,
        phases=phases,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# ----------------------------------------------------------------------------- the report schema


@cache
def report_schema() -> dict[str, Any]:
    return schema("report")


def resolved(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its local ``$ref`` merged in (the schema's only kind of reference)."""
    defs = report_schema().get("$defs", {})
    while "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def schema_at(path: Sequence[str | int]) -> dict[str, Any] | None:
    """The (resolved) subschema of the value at data path ``path`` (list indexes cross arrays)."""
    node = resolved(report_schema())
    for part in path:
        if isinstance(part, int):
            if node.get("type") != "array":
                return None
            node = resolved(node.get("items", {}))
        else:
            props = node.get("properties", {})
            if part not in props:
                return None
            node = resolved(props[part])
    return node


# ----------------------------------------------------------------------------- realistic values

# Units as the packs' places name them, with the school year each pack covers.
UNITS: list[tuple[str, dict[str, Any]]] = [
    (
        "2023-2024",
        {
            "unit_id": "VN-HN-TX-THCS-NHANCHINH",
            "unit_name": "Trường THCS Nhân Chính",
            "unit_type": "TRUONG",
            "school_levels": ["THCS"],
            "province": "Hà Nội",
            "district": "Thanh Xuân",
        },
    ),
    (
        "2023-2024",
        {
            "unit_id": "VN-HN-TX-TH-KIMGIANG",
            "unit_name": "Trường Tiểu học Kim Giang",
            "unit_type": "TRUONG",
            "school_levels": ["TH"],
            "province": "Hà Nội",
            "district": "Thanh Xuân",
        },
    ),
    (
        "2023-2024",
        {
            "unit_id": "VN-HN-TX-MN-HOASEN",
            "unit_name": "Trường Mầm non Hoa Sen",
            "unit_type": "TRUONG",
            "school_levels": ["MN"],
            "province": "Hà Nội",
            "district": "Thanh Xuân",
        },
    ),
    (
        "2023-2024",
        {
            "unit_id": "VN-HN-PGDDT-THANHXUAN",
            "unit_name": "Phòng Giáo dục và Đào tạo quận Thanh Xuân",
            "unit_type": "PHONG_GDDT",
            "province": "Hà Nội",
            "district": "Thanh Xuân",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-QN-HL-THCS-TRANQUOCTOAN",
            "unit_name": "Trường THCS Trần Quốc Toản",
            "unit_type": "TRUONG",
            "school_levels": ["THCS"],
            "province": "Quảng Ninh",
            "district": "Hạ Long",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-LC-SMC-TH-SANCHAI",
            "unit_name": "Trường PTDTBT Tiểu học Sán Chải",
            "unit_type": "TRUONG",
            "school_levels": ["TH"],
            "level_modifiers": ["PTDTBT"],
            "province": "Lào Cai",
            "district": "Si Ma Cai",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-LC-SMC-UBND-SANCHAI",
            "unit_name": "UBND xã Sán Chải",
            "unit_type": "UBND_XA",
            "province": "Lào Cai",
            "district": "Si Ma Cai",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-LC-PGDDT-SIMACAI",
            "unit_name": "Phòng Giáo dục và Đào tạo huyện Si Ma Cai",
            "unit_type": "PHONG_GDDT",
            "province": "Lào Cai",
            "district": "Si Ma Cai",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-NB-KS-THPT-KIMSONA",
            "unit_name": "Trường THPT Kim Sơn A",
            "unit_type": "TRUONG",
            "school_levels": ["THPT"],
            "province": "Ninh Bình",
            "district": "Kim Sơn",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-NB-SGDDT",
            "unit_name": "Sở Giáo dục và Đào tạo Ninh Bình",
            "unit_type": "SO_GDDT",
            "province": "Ninh Bình",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-HN-CG-TH-DICHVONGA",
            "unit_name": "Trường Tiểu học Dịch Vọng A",
            "unit_type": "TRUONG",
            "school_levels": ["TH"],
            "province": "Hà Nội",
            "district": "Cầu Giấy",
        },
    ),
    (
        "2020-2021",
        {
            "unit_id": "VN-QN-TTGDNN-HALONG",
            "unit_name": "Trung tâm GDNN-GDTX thành phố Hạ Long",
            "unit_type": "TT_GDNN_GDTX",
            "province": "Quảng Ninh",
        },
    ),
]
UNIT_IDS = sorted({u["unit_id"] for _, u in UNITS} | {"VN-HN-TX-MN-THANHXUANBAC", "VN-HN-TX-TH-KHUONGMAI"})
INCIDENT_IDS = ["NC-2023-01", "HS-2023-02", "PGDTX-2023-04", "SC-2020-01"]
PHRASES = [
    "Báo cáo sơ kết học kỳ I công tác giáo dục chính trị và công tác học sinh",
    "Trường THCS Nhân Chính",
    "Nguyễn Thị Thu Hà",
    "Hiệu trưởng",
    "Quán triệt trong giờ sinh hoạt lớp (34 lớp)",
    "Học sinh lớp 7A3 ngã cầu thang, trầy xước tay",
    "Cháy phòng thí nghiệm Hóa học tầng 3",
    "Câu lạc bộ Tiếng Anh",
    "Rung chuông vàng chủ đề An toàn giao thông",
    "Công ty TNHH Thực phẩm sạch Hà Thành",
    "Sở GDĐT Hà Nội",
    "Phòng GDĐT quận Thanh Xuân",
    "Trường học hạnh phúc - Lớp học thân thiện",
    "Ngày hội đọc sách",
    "12/BC-THCSNC",
    "85/KH-THCSNC",
    "4125/SGDĐT-CTTT",
    "BB-05/2023",
]
# Characters people do not type but files carry: C0/C1 controls, bidi and zero-width marks,
# noncharacters, a combining accent (NFD), line and paragraph separators.
CONTROL = [chr(c) for c in (*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9F)]
BIDI = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2069", "\u061c"]  # fmt: skip
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
ODD = ["\ufffe", "\uffff", "\u0301", "\u2028", "\u2029", "\U0010ffff", "\x00", "\t", "\r"]
HOSTILE_CHARS = CONTROL + BIDI + ZERO_WIDTH + ODD


def hostile(text: str) -> st.SearchStrategy[str]:
    """``text`` with one hostile character inserted somewhere."""
    return st.builds(
        lambda at, ch: text[:at] + ch + text[at:],
        st.integers(0, len(text)),
        st.sampled_from(HOSTILE_CHARS),
    )


PLAIN_TEXT = st.sampled_from(PHRASES)
TEXT = st.one_of(
    PLAIN_TEXT,
    st.sampled_from(PHRASES).flatmap(hostile),
    st.text(st.sampled_from([*"aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạềểễếệ ", *HOSTILE_CHARS]), max_size=30),
    st.integers(1000, 100_000).map(lambda n: "Học sinh " * (n // 9)),  # a long value
)


def _iso_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


REALISTIC_DATES = st.dates(dt.date(2020, 8, 1), dt.date(2025, 7, 31))
ANY_DATES = st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))
EXTREME_DATES = st.sampled_from(
    [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1900, 1, 1), dt.date(2100, 12, 31)]
)
OFFSETS = st.one_of(
    st.sampled_from(["+07:00", "Z", ""]),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(_iso_offset),
)


def _moment(day: dt.date, hour: int, minute: int, second: int | None, fraction: str, offset: str) -> str:
    time = f"{hour:02d}:{minute:02d}" + (f":{second:02d}{fraction}" if second is not None else "")
    return f"{day.isoformat()}T{time}{offset}"


def moments(days: st.SearchStrategy[dt.date]) -> st.SearchStrategy[str]:
    """ISO date-times on ``days``, with any offset the schema accepts."""
    return st.builds(
        _moment,
        days,
        st.integers(0, 23),
        st.integers(0, 59),
        st.none() | st.integers(0, 59),
        st.sampled_from(["", ".5", ".123456"]),
        OFFSETS,
    )


def _weighted(common: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``common`` about seven times in eight, ``rare`` otherwise (the bounds of the schema); a
    failure shrinks towards ``common``."""
    return st.integers(0, 7).flatmap(lambda i: rare if i == 7 else common)


DATE_TEXT = _weighted(REALISTIC_DATES, st.one_of(EXTREME_DATES, ANY_DATES)).map(dt.date.isoformat)
DATE_OR_TIME_TEXT = _weighted(
    st.one_of(REALISTIC_DATES.map(dt.date.isoformat), moments(REALISTIC_DATES)),
    st.one_of(
        st.sampled_from(["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+08:00", "9999-12-31T23:59:59Z"]),
        moments(st.one_of(EXTREME_DATES, ANY_DATES)),
        ANY_DATES.map(dt.date.isoformat),
    ),
)
HUGE = st.one_of(
    st.sampled_from([2**31, 2**53 + 1, 2**63, 2**64 + 1, 10**18, 10**100]),
    st.integers(20, 400).map(lambda k: 10**k),
)


def integers(node: dict[str, Any], *, rare: bool = True) -> st.SearchStrategy[int]:
    low = node.get("minimum", -5)
    high = node.get("maximum")
    common = st.integers(low, high if high is not None else max(low, 0) + 1500)
    if high is not None or not rare:
        return common
    return _weighted(common, st.one_of(HUGE, st.just(low)))


# ----------------------------------------------------------------------------- reports from the schema

# Paths (keys; "*" crosses an array) whose values are drawn from realistic pools instead of the
# generic strategy of their type, so that generated reports reach the rules.
_POOLS: dict[tuple[str, ...], st.SearchStrategy[Any]] = {
    ("incidents", "*", "id"): st.sampled_from(INCIDENT_IDS),
    ("ad_hoc", "incident_ids", "*"): st.sampled_from(INCIDENT_IDS),
    ("meetings", "*", "attending_unit_ids", "*"): st.sampled_from(UNIT_IDS),
    ("inspections", "*", "target_unit_ids", "*"): st.sampled_from(UNIT_IDS),
    ("recipients", "*"): st.sampled_from(UNIT_IDS),
}


def _text_for(node: dict[str, Any], rare: bool) -> st.SearchStrategy[str]:
    pattern = node.get("pattern")
    if node.get("format") == "date":
        return DATE_TEXT if rare else REALISTIC_DATES.map(dt.date.isoformat)
    if node.get("format") == "date-or-date-time":
        return (
            DATE_OR_TIME_TEXT
            if rare
            else st.one_of(REALISTIC_DATES.map(dt.date.isoformat), moments(REALISTIC_DATES))
        )
    if pattern == "^[0-9a-f]{64}$":
        return st.text("0123456789abcdef", min_size=64, max_size=64)
    if pattern == "^[A-Z][A-Z0-9_]*$":
        return st.sampled_from(["KHAC", "GDCT_CTHS", "AN_TOAN", "X"])
    min_length = node.get("minLength", 0)
    text = st.from_regex(pattern, fullmatch=True) if pattern is not None else TEXT if rare else PLAIN_TEXT
    return text.filter(lambda s: len(s) >= min_length) if min_length else text


def _unique_key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def from_schema(
    node: dict[str, Any], path: tuple[str, ...] = (), *, max_keys: int = 4, rare: bool = True
) -> st.SearchStrategy[Any]:
    """Values the (resolved) subschema ``node`` at ``path`` accepts, realistic where it matters;
    with ``rare``, now and then the schema's extremes and hostile text."""
    node = resolved(node)
    if path in _POOLS:
        return _POOLS[path]
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node.get("type", "string")
    if kind == "string":
        return _text_for(node, rare)
    if kind == "integer":
        return integers(node, rare=rare)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        item = from_schema(node.get("items", {}), (*path, "*"), max_keys=3, rare=rare)
        if node.get("uniqueItems"):
            return st.lists(item, max_size=3, unique_by=_unique_key)
        return st.lists(item, max_size=3)
    if kind == "object":
        props: dict[str, Any] = node.get("properties", {})
        required = [k for k in props if k in node.get("required", ())]
        optional = [k for k in props if k not in required and not k.startswith("$")]
        strategies = {k: from_schema(v, (*path, k), rare=rare) for k, v in props.items()}

        @st.composite
        def build(draw: st.DrawFn) -> dict[str, Any]:
            chosen = (
                draw(st.lists(st.sampled_from(optional), unique=True, max_size=max_keys)) if optional else []
            )
            out = {k: draw(strategies[k]) for k in required}
            out.update({k: draw(strategies[k]) for k in sorted(chosen, key=optional.index)})
            if rare and node.get("patternProperties") and draw(st.integers(0, 15)) == 15:
                out["x-ghi-chu"] = draw(TEXT)  # an extension key, never checked
            return out

        return build()
    raise AssertionError(f"the report schema uses a type the fuzz strategies do not know: {kind!r}")


def _school_year_of(received: str) -> str | None:
    try:
        day = dt.date.fromisoformat(received[:10])
    except ValueError:
        return None
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start:04d}-{start + 1:04d}" if 1 <= start < 9999 else None


def consistent(report: dict[str, Any]) -> dict[str, Any]:
    """``report`` made to satisfy the few rules JSON Schema cannot state (validate._semantic), so
    that most generated reports reach the rules instead of stopping at exit 2."""
    for b in report.get("briefings", []):
        b["reached"] = min(b["reached"], b["total"])
    for m in report.get("meetings", []):
        if "attendees" in m and "staff_total" in m:
            m["attendees"] = min(m["attendees"], m["staff_total"])
    if "incidents" in report:
        by_id = {i["id"]: i for i in reversed(report["incidents"])}  # the first of each id
        report["incidents"] = [i for i in report["incidents"] if by_id[i["id"]] is i]
    period = report.get("period", {})
    if "from" in period and "to" in period and period["from"] > period["to"]:
        period["from"], period["to"] = period["to"], period["from"]
    if report.get("schema_version") == "2" and str(report.get("kind", "")).startswith("BC_"):
        report.setdefault("document", {}).setdefault("so_hieu", "12/BC-THCSNC")  # the schema's if/then
    if "receipts" in report:
        first = {r["unit_id"]: r for r in reversed(report["receipts"])}  # the first of each recipient
        report["receipts"] = [r for r in report["receipts"] if first[r["unit_id"]] is r]
        if report["receipts"]:
            report.pop("submitted_at", None)  # so that no receipt comes before the sending
    return report


@cache
def _top(rare: bool) -> st.SearchStrategy[dict[str, Any]]:
    return from_schema(resolved(report_schema()), max_keys=7, rare=rare)


def schema_reports(
    *, unit: tuple[str, dict[str, Any]] | None = None, rare: bool = True
) -> st.SearchStrategy[dict[str, Any]]:
    """Reports the schema accepts: :func:`drafted_reports` that validate. With ``rare`` the drafts
    reach for what JSON's and ISO's ranges allow (years 0001 and 9999, integers of 400 digits);
    those the schema bounds away are left to the mutants, which test that they are refused."""
    return drafted_reports(unit=unit, rare=rare).filter(report_validator().is_valid)


@st.composite
def drafted_reports(
    draw: st.DrawFn, *, unit: tuple[str, dict[str, Any]] | None = None, rare: bool = True
) -> dict[str, Any]:
    """A report drafted from ``schemas/report.schema.json``: every section the schema has (so the
    strategy follows the schema as it grows), the submitter, school year and receipt drawn so that
    a rule pack applies most of the time; with ``rare``, now and then an extreme (years 0001 and
    9999, any offset, huge integers, hostile characters, long values, a submitter from nowhere).
    Without ``rare`` every draft is realistic and must be valid."""
    report: dict[str, Any] = draw(_top(rare))
    year, submitter = unit if unit is not None else draw(st.sampled_from(UNITS))
    if unit is not None or not rare or draw(st.integers(0, 7)) < 7:
        report["submitter"] = copy.deepcopy(submitter)
        report["school_year"] = year
        start = int(year[:4])
        within = st.dates(dt.date(start, 8, 1), dt.date(start + 1, 7, 31))
        report["received_at"] = draw(st.one_of(within.map(dt.date.isoformat), moments(within)))
        return consistent(report)
    # a submitter from nowhere: the school year of its receipt, a pack's, or any the pattern takes
    choice = draw(st.sampled_from(["receipt", "pack", "pattern"]))
    derived = _school_year_of(report["received_at"])
    if choice == "receipt" and derived is not None:
        report["school_year"] = derived
    elif choice != "pattern":
        report["school_year"] = year
    return consistent(report)


def unit_portfolios(*, rare: bool = True) -> st.SearchStrategy[list[dict[str, Any]]]:
    """One to four generated reports of one unit (one portfolio)."""
    return st.sampled_from(UNITS).flatmap(
        lambda unit: st.lists(schema_reports(unit=unit, rare=rare), min_size=1, max_size=4)
    )


# ----------------------------------------------------------------------------- the examples


@dataclass(frozen=True)
class Example:
    path: Path  # below examples/
    raw: bytes
    data: dict[str, Any]  # as loaded (dates stay text)

    @property
    def suffix(self) -> str:
        return self.path.suffix


@cache
def examples() -> tuple[Example, ...]:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".yaml", ".json"))
    return tuple(Example(p, p.read_bytes(), load_file(p).data) for p in files)


def example_portfolios() -> dict[str, list[dict[str, Any]]]:
    """The examples' documents by unit: four realistic portfolios (one of each status)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for ex in examples():
        out.setdefault(ex.data["submitter"]["unit_id"], []).append(copy.deepcopy(ex.data))
    return out


# ----------------------------------------------------------------------------- byte-level mutants


@dataclass(frozen=True)
class Mutant:
    """A mutated example: the file name to write it under, its bytes, and how it was made."""

    name: str
    data: bytes
    steps: tuple[str, ...]

    def __repr__(self) -> str:
        return f"Mutant({self.name!r}, steps={list(self.steps)!r}, data={self.data[:200]!r}…)"


YAML_11 = ["010", "0x10", "0o17", "0b101", "1:30", "190:20:30", "1_000", "+12", ".inf", "-.inf", ".nan",
           "yes", "no", "on", "off", "y", "n", "~", "null", "", "1e3", "0.", "=", "<<",
           "2024-01-02 10:00:00", "2001-12-14t21:59:43.10-05:00", "!!binary aGk="]  # fmt: skip
# The YAML 1.1 integer readings a loader must never give silently (issue 13, item 7).
YAML_11_READINGS = {"010": 8, "0x10": 16, "0b101": 5, "1:30": 90, "190:20:30": 685230}
NUMBERS = ["1" + "0" * 400, "-1", str(2**63), str(2**64 + 1), "1e309", "-1e309", "1e-400",
           "123456789012345678901234567890", "0.1", "1.5", "-0", "00", "1e2", "NaN", "Infinity"]  # fmt: skip
DATES = ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+08:00", "9999-12-31", "0001-01-01",
         "0000-01-01", "2024-02-30", "2024-13-01", "10000-01-01", "2024-01-02T25:00:00+07:00",
         "2024-01-02T10:00:00+24:00", "9999-12-31T23:59:60Z", "2024-1-2", "02/01/2024", "２０２４-０１-０２",
         "1900-01-01", "2100-12-31", "2023-12-31T17:00:00Z", "2024-01-03T00:00:00+07:00",
         "2024-01-02T23:59:59.999999+07:00"]  # fmt: skip
INSERTS = [b"\x00", b"\xff", b"\xc3", b"\xe2\x80", b"\t", b"\n", b"\r\n", b"{", b"[", b"]", b"}", b":",
           b": ", b"- ", b"'", b'"', b"&a ", b"*a", b"!!str ", b"!!python/name:os.system ",
           b"%YAML 1.1\n", b"---\n", b"#", b"\\", b",", b"? ", b"|", b">"]  # fmt: skip
ODD_KEYS = ["", "~", "/", "a/b", "x-a/b", "x-~0", "x-", "1", "kind ", "KIND", "<<", "x-\u0000", "x-\u202e",
            "submitter", "kind", "x-ghi\u0301", "ﬁ", "\u212a"]  # fmt: skip
YAML_SCALAR = re.compile(r"(?<=: )(?:\"[^\"\n]*\"|[^\s,{}\[\]\n#][^,{}\[\]\n#]*)")
JSON_SCALAR = re.compile(r"(?<=\": )(?:\"(?:[^\"\\\n]|\\.)*\"|-?\d[\w.+-]*|true|false|null)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?")
_INT = re.compile(r"(?<![\w.:/+-])\d+(?![\w.:/-])")


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _deep(value: str, depth: int, is_json: bool, as_map: bool) -> str:
    if as_map:
        key = '"a": ' if is_json else "a: "
        return ("{" + key) * depth + value + "}" * depth
    return "[" * depth + value + "]" * depth


@st.composite
def _step(draw: st.DrawFn, raw: bytes, is_json: bool) -> tuple[bytes, str]:
    """One mutation of ``raw``; returns the new bytes and what was done."""
    text = raw.decode("utf-8", "surrogateescape")
    scalars = spans(JSON_SCALAR if is_json else YAML_SCALAR, text)
    kind = draw(
        st.sampled_from(
            [
                "flip",
                "insert",
                "delete",
                "truncate",
                "duplicate-line",
                "yaml-1.1",
                "character",
                "number",
                "date",
                "nest",
                "swap-lines",
                "crlf",
                "utf16",
                "bomb",
                "key",
            ]
        )
    )
    n = len(raw)

    def at_span(spans: list[tuple[int, int]], make: Callable[[str], str], label: str) -> tuple[bytes, str]:
        if not spans:
            return raw, f"{label}: nothing to replace"
        start, end = draw(st.sampled_from(spans))
        new = make(text[start:end])
        return (text[:start] + new + text[end:]).encode(
            "utf-8", "surrogateescape"
        ), f"{label} @{start}: {text[start:end]!r} -> {new[:60]!r}"

    if kind == "flip" and n:
        at, bit = draw(st.integers(0, n - 1)), draw(st.integers(0, 7))
        return raw[:at] + bytes([raw[at] ^ (1 << bit)]) + raw[at + 1 :], f"flip bit {bit} of byte {at}"
    if kind == "insert":
        at = draw(st.integers(0, n))
        chunk = draw(st.sampled_from(INSERTS) | st.binary(min_size=1, max_size=4))
        return raw[:at] + chunk + raw[at:], f"insert {chunk!r} at {at}"
    if kind == "delete" and n:
        at = draw(st.integers(0, n - 1))
        size = draw(st.integers(1, 16))
        return raw[:at] + raw[at + size :], f"delete {size} bytes at {at}"
    if kind == "truncate":
        at = draw(st.integers(0, n))
        return raw[:at], f"truncate at {at}"
    lines = raw.split(b"\n")
    if kind == "duplicate-line":
        i = draw(st.integers(0, len(lines) - 1))
        return b"\n".join([*lines[: i + 1], lines[i], *lines[i + 1 :]]), f"duplicate line {i + 1}"
    if kind == "swap-lines" and len(lines) > 1:
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines), f"swap lines {i + 1} and {j + 1}"
    if kind == "yaml-1.1":
        form = draw(st.sampled_from(YAML_11))
        return at_span(scalars, lambda _: form, "YAML 1.1 form")
    if kind == "character":
        ch = draw(st.sampled_from(HOSTILE_CHARS))
        escaped = is_json and draw(st.booleans())
        piece = f"\\u{ord(ch):04x}" if escaped and ord(ch) <= 0xFFFF else ch

        def insert_char(value: str) -> str:
            inner = draw(st.integers(0, len(value)))
            if value.startswith('"') and len(value) >= 2:
                inner = max(1, min(inner, len(value) - 1))
            return value[:inner] + piece + value[inner:]

        return at_span(scalars, insert_char, f"character U+{ord(ch):04X}{' escaped' if escaped else ''}")
    if kind == "number":
        number = draw(st.sampled_from(NUMBERS))
        return at_span(spans(_INT, text), lambda _: number, "number")
    if kind == "date":
        date = draw(st.sampled_from(DATES))
        quoted = is_json or draw(st.booleans())
        return at_span(spans(_DATE, text), lambda _: f'"{date}"' if quoted and not is_json else date, "date")
    if kind == "nest":
        depth = draw(st.integers(1, 300))
        as_map = draw(st.booleans())
        return at_span(
            scalars,
            lambda v: _deep(v, depth, is_json, as_map),
            f"nest {depth} {'maps' if as_map else 'lists'}",
        )
    if kind == "crlf":
        return raw.replace(b"\n", b"\r\n"), "CRLF line ends"
    if kind == "utf16":
        return text.encode("utf-16", "surrogatepass"), "re-encoded as UTF-16"
    if kind == "bomb" and not is_json:
        bomb = "x-a: &a [" + ",".join(["lol"] * 9) + "]\n"
        for i in range(1, 9):
            bomb += f"x-{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]\n"
        return raw + b"\n" + bomb.encode(), "alias bomb appended"
    if kind == "key":
        key = draw(st.sampled_from(ODD_KEYS))
        if is_json:
            at = raw.find(b"{") + 1
            chunk = f"{json.dumps(key, ensure_ascii=draw(st.booleans()))}: 1, ".encode()
        else:
            line = draw(st.integers(0, len(lines) - 1))
            at = len(b"\n".join(lines[:line])) + (1 if line else 0)
            chunk = f"{json.dumps(key, ensure_ascii=False)}: 1\n".encode("utf-8", "surrogatepass")
        return raw[:at] + chunk + raw[at:], f"key {key!r} at {at}"
    return raw, f"{kind}: not applicable"


@st.composite
def mutants(draw: st.DrawFn, *, json_only: bool = False) -> Mutant:
    """An example report with one to three byte-level mutations."""
    pool = [e for e in examples() if e.suffix == ".json"] if json_only else list(examples())
    example = draw(st.sampled_from(pool))
    raw, steps = example.raw, []
    for _ in range(draw(st.integers(1, 3))):
        raw, step = draw(_step(raw, example.suffix == ".json"))
        steps.append(step)
    return Mutant(f"{example.path.parent.name}-{example.path.name}", raw, (example.path.name, *steps))


# ----------------------------------------------------------------------------- hostile values in data


def paths_of(value: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths_of(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths_of(v, (*prefix, i))


def value_at(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        data = data[part]
    return data


def with_value(data: dict[str, Any], path: Sequence[str | int], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return out


HOSTILE_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(DATES),
    HUGE,
    st.sampled_from([-1, 0, 1.5, True, None, "", [], {}, "010", "1:30"]),
    TEXT,
    st.integers(1, 200).map(lambda d: json.loads("[" * d + "1" + "]" * d)),
)


@st.composite
def hostile_reports(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """An example report as data with one value replaced by a hostile one (for the HTTP API, which
    takes JSON only); returns the data and what was replaced."""
    example = draw(st.sampled_from(examples()))
    paths = [p for p in paths_of(example.data) if p]
    path = draw(st.sampled_from(paths))
    value = draw(HOSTILE_VALUES)
    return with_value(
        example.data, path, value
    ), f"{example.path.name} {'/'.join(map(str, path))} = {value!r:.80}"


# ----------------------------------------------------------------------------- oracles

# Problems about a file as a whole: they have no line or pointer to give.
WHOLE_FILE = frozenset(
    {
        "empty-file",
        "file-too-large",
        "unsupported-file-type",
        "no-such-file",
        "permission-denied",
        "cannot-read-file",
        "not-a-regular-file",
        "is-a-folder",
        "yaml-no-document",
        "too-complex",
    }
)


def check_problems(problems: Sequence[Problem], name: str) -> None:
    """Every problem names ``name``, says where in it (unless it is about the whole file) and has
    its message and fix in both languages."""
    assert problems, "an input error without a problem"
    for p in problems:
        assert p.file == name, f"problem {p.code} names {p.file!r}, not {name!r}"
        if p.code.value not in WHOLE_FILE:
            assert p.line is not None or p.pointer is not None, f"{p.code} says nowhere in {name}"
        assert p.message.vi and p.message.en and p.fix.vi and p.fix.en, f"{p.code} lacks a language"


@contextmanager
def captured() -> Iterator[tuple[io.BytesIO, io.BytesIO]]:
    """sys.stdout and sys.stderr replaced by byte buffers (the reporters write bytes for xlsx)."""
    out, err = io.BytesIO(), io.BytesIO()
    old = sys.stdout, sys.stderr
    wrappers = io.TextIOWrapper(out, encoding="utf-8"), io.TextIOWrapper(err, encoding="utf-8")
    sys.stdout, sys.stderr = wrappers
    try:
        yield out, err
    finally:
        sys.stdout, sys.stderr = old
        for wrapper in wrappers:
            wrapper.flush()
            wrapper.detach()  # the buffers stay open for the caller


def run_cli(argv: list[str]) -> tuple[int, bytes, str]:
    """``compliance ARGV`` in this process: exit code, standard output, standard error."""
    from compliance.cli import main

    with captured() as (out, err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue().decode("utf-8", "replace")


_HEADER = re.compile(r"^(?P<where>\S.*?) \[(?P<code>[a-z0-9]+(?:-[a-z0-9]+)*)\] ", re.MULTILINE)


def well_formed(fmt: str, payload: str | bytes) -> None:
    """A report in ``fmt`` is well formed: JSON and SARIF parse, JUnit is XML, XLSX opens."""
    if fmt in ("json", "sarif", "sarif-all"):
        json.loads(payload)
    elif fmt in ("junit", "junit-ant"):
        ET.fromstring(payload)
    elif fmt == "xlsx":
        assert isinstance(payload, bytes)
        openpyxl.load_workbook(io.BytesIO(payload), read_only=True).close()


# The formats that still write their document when the input is rejected (docs/cli.md).
DOCUMENT_ON_REJECTION = frozenset({"json", "sarif", "sarif-all", "junit", "junit-ant"})


def check_command_answer(code: int, out: bytes, err: str, name: str, fmt: str = "text") -> None:
    """What a run of ``compliance check FILE --format FMT`` may answer: 0, 1 or 2, never a
    traceback. Exit 2 names the file (with a line or pointer) in every problem on stderr, and
    writes nothing on stdout, or, in JSON, SARIF and JUnit, a document of that format listing the
    problems."""
    assert TRACEBACK not in err and TRACEBACK.encode() not in out, err
    assert code in (0, 1, 2), f"exit {code}: {err[-2000:]}"
    if code == 2:
        if fmt in DOCUMENT_ON_REJECTION:
            well_formed(fmt, out)
            if fmt == "json":
                listed = json.loads(out)["problems"]
                assert listed and all(p["file"] == name for p in listed), listed
        else:
            assert out == b"", f"exit 2 with output in {fmt}"
        headers = list(_HEADER.finditer(err))
        assert headers, f"exit 2 without a problem: {err[-2000:]}"
        for h in headers:
            where, problem_code = h["where"], h["code"]
            assert where.startswith(name), f"problem [{problem_code}] at {where!r} does not name {name}"
            if problem_code not in WHOLE_FILE:
                rest = where[len(name) :]
                # a pointer holds keys as written, spaces included ("/committees/2/establish ed_on")
                assert re.match(r"^(:\d+(:\d+)?)?( /.*)?$", rest) and rest, (
                    f"[{problem_code}] without a place: {where!r}"
                )


def check_refusal(body: Any) -> None:
    """The HTTP service's one error shape: RFC 9457 problem details carrying the problems."""
    assert isinstance(body, dict), body
    assert set(body) == {"type", "title", "status", "detail", "instance", "request_id", "problems"}, body
    assert body["problems"], body
    for p in body["problems"]:
        assert set(p) - {"cell"} == {"code", "file", "line", "column", "pointer", "message", "fix"}, p
        if str(p["file"]).startswith("<report") and p["code"] not in WHOLE_FILE:
            # a report sent as JSON has no lines of its own (they would be the engine's
            # re-serialisation of it): the pointer says where
            assert p["pointer"] is not None, p
        assert set(p["message"]) == set(p["fix"]) == {"vi", "en"}, p
        assert all(p["message"].values()) and all(p["fix"].values()), p


# ----------------------------------------------------------------------------- what each rule needs


def _cond_paths(cond: ir.Cond, prefix: ir.Path = ()) -> set[ir.Path]:
    """Fields a condition needs present to hold (in negation normal form every test on an absent
    field is false, except ``exists: false``)."""
    match cond:
        case ir.And(items) | ir.Or(items):
            return {p for c in items for p in _cond_paths(c, prefix)}
        case ir.Quantified(path=path, where=where):
            return {prefix + path} | _cond_paths(where, prefix + path)
        case ir.Exists(path=path, present=present):
            return {prefix + path} if present else set()
        case ir.Compare(path=path) | ir.Member(path=path) | ir.Matches(path=path) | ir.Contains(path=path):
            return {prefix + path}
        case ir.Const():
            return set()
    raise AssertionError(f"unknown condition {cond!r}")


def _all_cond_paths(cond: ir.Cond, prefix: ir.Path = ()) -> set[ir.Path]:
    """Every field a condition reads."""
    match cond:
        case ir.And(items) | ir.Or(items):
            return {p for c in items for p in _all_cond_paths(c, prefix)}
        case ir.Quantified(path=path, where=where):
            return {prefix + path} | _all_cond_paths(where, prefix + path)
        case ir.Compare(path=path) | ir.Member(path=path) | ir.Matches(path=path) | ir.Contains(path=path):
            return {prefix + path}
        case ir.Exists(path=path):
            return {prefix + path}
        case ir.Const():
            return set()
    raise AssertionError(f"unknown condition {cond!r}")


def _selected(sel: ir.Selector) -> set[ir.Path]:
    base = sel.collection or ()
    return {base + p for p in _cond_paths(sel.where)} | ({base} if base else set())


def _read(sel: ir.Selector) -> set[ir.Path]:
    base = sel.collection or ()
    return {base + p for p in _all_cond_paths(sel.where)} | ({base} if base else set())


def _under(sel: ir.Selector, *paths: ir.Path | None) -> set[ir.Path]:
    base = sel.collection or ()
    return {base + p for p in paths if p is not None}


@dataclass(frozen=True)
class Needs:
    """The report fields (arrays crossed) a rule needs present to pass, and those whose absence
    may rightly help it: what selects an obligation or a violation (an incident that needs its
    report, a forbidden game). Deleting one of ``needed`` that is not one of ``obligations`` must
    never turn a non-pass into a pass."""

    needed: frozenset[ir.Path]
    obligations: frozenset[ir.Path]

    def affected_by(self, deleted: ir.Path) -> bool:
        def below(p: ir.Path) -> bool:
            return p[: len(deleted)] == deleted

        return any(below(p) for p in self.needed) and not any(below(p) for p in self.obligations)


def needs(rule: CompiledRule) -> Needs:
    """What ``rule``'s check needs, read from its IR; a kind this does not know fails loudly, so
    the property keeps up with the rule language."""
    check: Any = rule.check
    kind = rule.kind
    if kind == "required":
        needed = _selected(check.select) | _under(check.select, check.window_field)
        return Needs(frozenset(needed), frozenset())
    if kind == "deadline":
        # topics (or plan_ref naming this plan) make a document answer the plan; period and a
        # plan_ref naming another plan only set documents aside, so they are not needed
        return Needs(frozenset(_selected(check.report) | {("received_at",), ("topics",)}), frozenset())
    if kind == "threshold":
        needed = set()
        for m in (check.numerator, check.denominator):
            if m is not None:
                needed |= _selected(m.select) | _under(m.select, m.field, check.group_field, *m.distinct_by)
        return Needs(frozenset(needed), frozenset())
    if kind == "each":
        fe, rq = check.for_each, check.require
        needed = (
            _under(fe, check.key, check.from_field) | _selected(rq) | _under(rq, check.match, check.to_field)
        )
        if check.declared is not None:
            needed.add(check.declared)
        return Needs(frozenset(needed), frozenset(_read(fe)))
    if kind == "forbidden":
        return Needs(frozenset({check.declared}), frozenset(_read(check.select)))
    if kind == "condition":
        return Needs(frozenset(_selected(check.test)), frozenset())
    raise AssertionError(f"the fuzz suite does not know what a {kind!r} rule needs: add it to fuzzing.needs")


def schema_path(path: Sequence[str | int]) -> ir.Path:
    return tuple(p for p in path if isinstance(p, str))


def deletable(data: dict[str, Any]) -> list[tuple[str | int, ...]]:
    """Data paths of the keys the schema lets a document go without (its required keys stay)."""
    out = []
    for path in paths_of(data):
        if not path or not isinstance(path[-1], str):
            continue
        parent = schema_at(path[:-1])
        if parent is not None and path[-1] not in parent.get("required", ()):
            out.append(path)
    return out


def without(data: dict[str, Any], path: Sequence[str | int]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    target: Any = out
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return out
