"""Validate a loaded report against ``schemas/report.schema.json`` and a few rules JSON Schema cannot
say (a school year is two consecutive years, nobody is briefed twice over, …).

Messages are our own, in Vietnamese and English, and point at the line of the offending key or
value — jsonschema's English-only messages are not shown to people.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, cast

from compliance.dates import MAX_YEAR, MIN_YEAR, DateInputError, local_date, parse_user_date
from compliance.errors import Code, Problem
from compliance.i18n import Text
from compliance.loading import LoadedFile, json_pointer, shown
from compliance.messages import problem, word
from compliance.resources import schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

_MAX_PROBLEMS = 50
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?"
)
_YEAR_FIRST = re.compile(r"([0-9]{4})-")


def _in_range(value: str) -> bool:
    """Whether the year a date starts with is one a report can hold (1900–2100)."""
    year = _YEAR_FIRST.match(value)
    return year is not None and MIN_YEAR <= int(year.group(1)) <= MAX_YEAR


def _is_date(value: object) -> bool:
    """A real ISO date (YYYY-MM-DD, ASCII digits) in 1900–2100; the pattern says the same."""
    return _real_date(value) if isinstance(value, str) else True


# the checks of the "date" formats, remembered by text: the reports of a district write the same
# dates again and again, and each is checked by a call from the schema's validator
@lru_cache(maxsize=4096)
def _real_date(value: str) -> bool:
    if len(value) != 10 or not _in_range(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_date_or_date_time(value: object) -> bool:
    return _real_date_or_date_time(value) if isinstance(value, str) else True


@lru_cache(maxsize=4096)
def _real_date_or_date_time(value: str) -> bool:
    if len(value) == 10:
        return _real_date(value)
    if not _DATE_TIME.fullmatch(value) or not _in_range(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its target: jsonschema then skips the
    reference resolution it would otherwise repeat for every value (a third of its time here)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = {
                **defs[node["$ref"].rsplit("/", 1)[-1]],
                **{k: v for k, v in node.items() if k != "$ref"},
            }
            return _inline_refs(target, defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


@cache
def report_validator() -> Draft202012Validator:
    """jsonschema's validator, imported only to word the problems of a document the yes/no check
    (:func:`fast_check`) refused: valid documents never pay for it."""
    from jsonschema import Draft202012Validator, FormatChecker  # noqa: PLC0415

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-or-date-time")(_is_date_or_date_time)
    return Draft202012Validator(_report_schema(), format_checker=checker)


@cache
def _report_schema() -> dict[str, Any]:
    report = schema("report")
    return cast("dict[str, Any]", _inline_refs(report, report.get("$defs", {})))


@cache
def fast_check() -> Callable[[Any], bool]:
    """The yes/no check of a document against the same schema and formats, compiled once by
    jsonschema-rs (five times faster than the pure-Python check it replaced). Only a "no" goes on
    to jsonschema, which decides and explains; the test suite checks that a "yes" is never given
    to a document jsonschema refuses, on generated and mutated reports."""
    import jsonschema_rs  # noqa: PLC0415 - only when a report is validated

    formats: dict[str, Callable[[Any], bool]] = {"date": _is_date, "date-or-date-time": _is_date_or_date_time}
    return jsonschema_rs.validator_for(_report_schema(), formats=formats, validate_formats=True).is_valid


def validate_report(file: LoadedFile) -> list[Problem]:
    """Every problem with the document, in document order (at most 50)."""
    if fast_check()(file.data):
        return _semantic(file)
    problems: list[Problem] = []
    seen: set[tuple[str | None, str]] = set()
    for error in report_validator().iter_errors(file.data):
        for p in _explain(file, error):
            if (p.pointer, p.message.en) not in seen:  # a bad date breaks both its pattern and its format
                seen.add((p.pointer, p.message.en))
                problems.append(p)
    problems.sort(key=_document_order)
    del problems[_MAX_PROBLEMS:]
    if not problems and isinstance(file.data, dict):
        problems = _semantic(file)
    return problems


def _document_order(p: Problem) -> tuple[int, int, tuple[tuple[int, int | str], ...]]:
    """Where the problem sits in the file; the pointer (list indexes as numbers, so /2 comes
    before /10) breaks ties and orders problems that have no position."""
    steps = (p.pointer or "").split("/")[1:]
    path = tuple((0, int(s)) if s.isdigit() else (1, s) for s in steps)
    return (p.line if p.line is not None else 1 << 62, p.column or 0, path)


def _explain(file: LoadedFile, error: ValidationError) -> list[Problem]:
    pointer = json_pointer(list(error.absolute_path))
    instance = error.instance
    validator = error.validator
    value: Any = error.validator_value
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = ", ".join(sorted(subschema.get("properties", {})))
        extras = [k for k in instance if k not in subschema.get("properties", {}) and not k.startswith("x-")]
        return [
            problem(
                Code.SCHEMA_UNKNOWN_KEY,
                at=file.location(f"{pointer}/{_escape(k)}", key=True),
                key=shown(k),
                allowed=allowed,
            )
            for k in extras
        ]
    if validator == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        if subschema.get("x-explain") == "school-levels":
            return [problem(Code.SCHEMA_SCHOOL_LEVELS, at=file.location(pointer), allowed=_levels())]
        if subschema.get("x-explain") == "so-hieu":  # version 2: a report states its number
            return [problem(Code.SCHEMA_SO_HIEU, at=file.location("/document/so_hieu"))]
        return [problem(Code.SCHEMA_REQUIRED, at=file.location(pointer), key=k) for k in missing]
    code, values = _describe(error)
    return [problem(code, at=file.location(pointer), **values)]


def _describe(error: ValidationError) -> tuple[Code, dict[str, object]]:
    v, got = error.validator, error.instance
    value: Any = error.validator_value
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    explain, fmt = subschema.get("x-explain"), subschema.get("format")
    seen = _shown(got)
    if isinstance(got, str) and v in ("format", "pattern", "maxLength"):
        if explain == "invisible":
            return Code.SCHEMA_INVISIBLE, _invisible(got, subschema.get("pattern", ""))
        if (digit := _foreign_digit(got)) is not None:
            suggestion = _shown(unicodedata.normalize("NFKC", got))
            return Code.SCHEMA_DIGITS, {
                "got": seen,
                "char": digit,
                "code": ord(digit),
                "suggestion": suggestion,
            }
        if fmt in ("date", "date-or-date-time") and (year := _YEAR_FIRST.match(got)) and not _in_range(got):
            return Code.SCHEMA_DATE_YEAR, {"got": seen, "year": year.group(1)}
        if explain == "school-year":
            return Code.SCHEMA_SCHOOL_YEAR, {"got": seen}
    if v == "minItems" and explain == "school-levels":
        return Code.SCHEMA_SCHOOL_LEVELS, {"allowed": _levels()}
    if v == "type":
        return Code.SCHEMA_TYPE, {"expected": word(f"type.{value}"), "got": seen}
    if v == "enum":
        return Code.SCHEMA_ENUM, {"got": seen, "allowed": ", ".join(map(str, value))}
    if v == "const":
        return Code.SCHEMA_CONST, {"value": value}
    if v in ("format", "pattern") and fmt in ("date", "date-or-date-time") and (iso := _day_first(got)):
        return Code.SCHEMA_DATE_DAY_FIRST, {"got": seen, "iso": iso}
    if v in ("format", "pattern") and fmt == "date":
        return Code.SCHEMA_DATE, {"got": seen}
    if v in ("format", "pattern") and fmt == "date-or-date-time":
        return Code.SCHEMA_DATE_TIME, {"got": seen}
    if v == "pattern":
        return Code.SCHEMA_PATTERN, {"got": seen, "pattern": value}
    if v in ("minimum", "maximum"):
        return Code.SCHEMA_RANGE, {"got": seen, "bound": word(f"bound.{v}"), "limit": value}
    if v == "minLength":
        return Code.SCHEMA_EMPTY, {}
    if v == "uniqueItems":
        return Code.SCHEMA_UNIQUE, {}
    return Code.SCHEMA_INVALID, {"validator": v, "detail": shown(error.message)}


def _day_first(value: object) -> str | None:
    """``value`` as YYYY-MM-DD when it is a real date typed day first (``23/05/2024``,
    ``23-05-2024``, ``23.05.2024``) as a person types one on the command line; else None."""
    if not isinstance(value, str) or _YEAR_FIRST.match(value):
        return None
    try:
        return parse_user_date(value).isoformat()
    except DateInputError:
        return None


def _shown(value: object) -> str:
    """A received value as a message shows it: quoted text, cut to about 80 characters."""
    if isinstance(value, dict | list):
        return type(value).__name__
    if isinstance(value, str) and len(value) > 80:
        return repr(value[:77]) + "…"
    return shown(repr(value))


_FOREIGN_DIGIT = re.compile(r"(?![0-9])\d")


def _foreign_digit(text: str) -> str | None:
    """The first digit of ``text`` that is not one of the ASCII 0-9 (full-width ２, Arabic-Indic …)."""
    found = _FOREIGN_DIGIT.search(text)
    return found.group() if found else None


def _invisible(text: str, pattern: str) -> dict[str, object]:
    """Which character of ``text`` the visible-text pattern (``^[^…]*$``) refuses, where, and the
    text without any of them."""
    refused = _refused_class(pattern)
    found = refused.search(text)
    index, char = (found.start(), found.group()) if found else (0, text[:1] or " ")
    name = unicodedata.name(char, "")
    return {
        "got": _shown(text),
        "code": ord(char),
        "name": Text(vi=name, en=name) if name else word("char.unnamed"),
        "index": index + 1,
        "clean": _shown(refused.sub("", text)),
    }


@cache
def _refused_class(pattern: str) -> re.Pattern[str]:
    """``[…]``, the characters a ``^[^…]*$`` pattern refuses."""
    if not (pattern.startswith("^[^") and pattern.endswith("]*$")):
        raise ValueError(f"not a pattern of refused characters: {pattern}")
    return re.compile("[" + pattern[3:-3] + "]")


@cache
def _levels() -> str:
    return ", ".join(schema("report")["$defs"]["level"]["enum"])


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _semantic(file: LoadedFile) -> list[Problem]:
    data: dict[str, Any] = file.data
    out: list[Problem] = []

    def add(code: Code, pointer: str, **values: object) -> None:
        out.append(problem(code, at=file.location(pointer), **values))

    start, _, end = data["school_year"].partition("-")
    if int(end) != int(start) + 1:
        add(Code.SCHOOL_YEAR, "/school_year", year=data["school_year"])
    for i, b in enumerate(data.get("briefings", [])):
        if b["reached"] > b["total"]:
            add(Code.REACHED_OVER_TOTAL, f"/briefings/{i}/reached", reached=b["reached"], total=b["total"])
    for i, m in enumerate(data.get("meetings", [])):
        if "attendees" in m and "staff_total" in m and m["attendees"] > m["staff_total"]:
            add(Code.ATTENDEES_OVER_STAFF, f"/meetings/{i}/attendees")
    seen: dict[str, int] = {}
    for i, inc in enumerate(data.get("incidents", [])):
        if inc["id"] in seen:
            add(Code.DUPLICATE_INCIDENT_ID, f"/incidents/{i}/id", id=shown(inc["id"]), first=seen[inc["id"]])
        seen.setdefault(inc["id"], i)
    period = data.get("period", {})
    if "from" in period and "to" in period and period["from"] > period["to"]:
        add(Code.PERIOD_REVERSED, "/period")
    _receipts(data, add)
    return out


def _receipts(data: dict[str, Any], add: Callable[..., None]) -> None:
    """Each recipient once, and none receiving the document before it was sent (Vietnam days)."""
    first: dict[str, int] = {}
    sent = local_date(data["submitted_at"]) if "submitted_at" in data else None
    for i, receipt in enumerate(data.get("receipts", [])):
        unit = receipt["unit_id"]
        if unit in first:
            add(Code.DUPLICATE_RECEIPT, f"/receipts/{i}/unit_id", unit=shown(unit), first=first[unit])
        first.setdefault(unit, i)
        received = local_date(receipt["received_at"])
        if sent is not None and received < sent:
            add(
                Code.RECEIPT_BEFORE_SENT,
                f"/receipts/{i}/received_at",
                unit=shown(unit),
                received=received.strftime("%d/%m/%Y"),
                sent=sent.strftime("%d/%m/%Y"),
            )
