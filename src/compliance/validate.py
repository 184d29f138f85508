"""Validate a loaded report against ``schemas/report.schema.json`` and a few rules JSON Schema cannot
say (a school year is two consecutive years, nobody is briefed twice over, …).

Messages are our own, in Vietnamese and English, and point at the line of the offending key or
value — jsonschema's English-only messages are not shown to people.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from compliance._fastcheck import Unsupported, compile_schema
from compliance.errors import Problem, problem
from compliance.loading import LoadedFile, json_pointer
from compliance.resources import schema

_MAX_PROBLEMS = 50
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_date_or_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if len(value) == 10:
        return _is_date(value)
    if not _DATE_TIME.match(value):
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
    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-or-date-time")(_is_date_or_date_time)
    report = schema("report")
    return Draft202012Validator(_inline_refs(report, report.get("$defs", {})), format_checker=checker)


@cache
def fast_check() -> Callable[[Any], bool] | None:
    """The compiled yes/no check (``_fastcheck``), or None if the schema uses something it lacks."""
    report = schema("report")
    try:
        return compile_schema(
            _inline_refs(report, report.get("$defs", {})),
            {"date": _is_date, "date-or-date-time": _is_date_or_date_time},
        )
    except Unsupported:
        return None


def validate_report(file: LoadedFile) -> list[Problem]:
    """Every problem with the document, in document order (at most 50)."""
    fast = fast_check()
    if fast is not None and fast(file.data):
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
    line, column = file.source_map.locate(pointer)
    instance = error.instance
    validator = error.validator
    value: Any = error.validator_value
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}

    def make(vi: str, en: str, fix_vi: str, fix_en: str, at: str = pointer, key: bool = False) -> Problem:
        ln, col = file.source_map.locate_key(at) if key else file.source_map.locate(at)
        return problem(file.name, vi, en, pointer=at, line=ln, column=col, fix_vi=fix_vi, fix_en=fix_en)

    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(subschema.get("properties", {}))
        extras = [k for k in instance if k not in subschema.get("properties", {}) and not k.startswith("x-")]
        return [
            make(
                f"khóa '{k}' không có trong định dạng báo cáo",
                f"unknown key '{k}'",
                f"kiểm tra chính tả; các khóa hợp lệ: {', '.join(allowed)}; khóa mở rộng phải bắt đầu bằng 'x-'",
                f"check the spelling; valid keys: {', '.join(allowed)}; extension keys must start with 'x-'",
                at=f"{pointer}/{_escape(k)}",
                key=True,
            )
            for k in extras
        ]
    if validator == "required":
        missing = [k for k in value if isinstance(instance, dict) and k not in instance]
        return [
            problem(
                file.name,
                f"thiếu khóa bắt buộc '{k}'",
                f"required key '{k}' is missing",
                pointer=pointer,
                line=line,
                column=column,
                fix_vi=f"thêm '{k}' (xem docs/report-format.md)",
                fix_en=f"add '{k}' (see docs/report-format.md)",
            )
            for k in missing
        ]
    described = _describe(error)
    return [make(described[0], described[1], described[2], described[3])]


def _describe(error: ValidationError) -> tuple[str, str, str, str]:
    v, got = error.validator, error.instance
    value: Any = error.validator_value
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    names = {
        "string": ("chuỗi", "text"),
        "integer": ("số nguyên", "a whole number"),
        "number": ("số", "a number"),
        "boolean": ("true/false", "true/false"),
        "object": ("đối tượng (các cặp khóa: giá trị)", "an object (key: value pairs)"),
        "array": ("danh sách", "a list"),
        "null": ("null", "null"),
    }
    if v == "type":
        vi, en = names.get(str(value), (str(value), str(value)))
        return (f"cần {vi}, nhận {shown}", f"expected {en}, got {shown}", f"viết {vi}", f"write {en}")
    if v == "enum":
        allowed = ", ".join(map(str, value))
        return (
            f"giá trị {shown} không thuộc danh mục",
            f"{shown} is not an allowed code",
            f"dùng một trong: {allowed}",
            f"use one of: {allowed}",
        )
    if v == "const":
        return (
            f"giá trị phải là {value!r}",
            f"the value must be {value!r}",
            f"viết {value!r}",
            f"write {value!r}",
        )
    if v in ("format", "pattern") and subschema.get("format") == "date":
        return (
            f"{shown} không phải ngày hợp lệ",
            f"{shown} is not a valid date",
            "viết ngày có thật theo dạng YYYY-MM-DD, ví dụ 2024-01-03 (không dùng dd/mm/yyyy trong tệp)",
            "write a real date as YYYY-MM-DD, e.g. 2024-01-03 (not dd/mm/yyyy in files)",
        )
    if v in ("format", "pattern") and subschema.get("format") == "date-or-date-time":
        return (
            f"{shown} không phải ngày hoặc thời điểm hợp lệ",
            f"{shown} is not a valid date or date-time",
            "viết YYYY-MM-DD hoặc YYYY-MM-DDTHH:MM:SS+07:00",
            "write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00",
        )
    if v == "pattern":
        return (
            f"{shown} không đúng mẫu {value}",
            f"{shown} does not match the pattern {value}",
            "xem mô tả của trường trong docs/report-format.md",
            "see the field in docs/report-format.md",
        )
    if v in ("minimum", "maximum"):
        word = ("nhỏ nhất", "at least") if v == "minimum" else ("lớn nhất", "at most")
        return (
            f"{shown} ngoài giới hạn ({word[0]} {value})",
            f"{shown} is out of range ({word[1]} {value})",
            "sửa con số",
            "fix the number",
        )
    if v == "minLength":
        return ("chuỗi rỗng", "empty text", "điền giá trị", "fill in a value")
    if v == "uniqueItems":
        return (
            "danh sách có phần tử trùng",
            "the list has duplicate items",
            "bỏ phần tử trùng",
            "remove the duplicates",
        )
    return (
        f"không hợp lệ ({v})",
        f"not valid ({v}): {error.message}",
        "xem docs/report-format.md",
        "see docs/report-format.md",
    )


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _semantic(file: LoadedFile) -> list[Problem]:
    data: dict[str, Any] = file.data
    out: list[Problem] = []

    def add(pointer: str, vi: str, en: str, fix_vi: str, fix_en: str) -> None:
        line, column = file.source_map.locate(pointer)
        out.append(
            problem(
                file.name, vi, en, pointer=pointer, line=line, column=column, fix_vi=fix_vi, fix_en=fix_en
            )
        )

    start, _, end = data["school_year"].partition("-")
    if int(end) != int(start) + 1:
        add(
            "/school_year",
            f"năm học '{data['school_year']}' không phải hai năm liên tiếp",
            f"school year '{data['school_year']}' is not two consecutive years",
            "ví dụ 2023-2024",
            "e.g. 2023-2024",
        )
    for i, b in enumerate(data.get("briefings", [])):
        if b["reached"] > b["total"]:
            add(
                f"/briefings/{i}/reached",
                f"số người được quán triệt ({b['reached']}) lớn hơn tổng số ({b['total']})",
                f"people reached ({b['reached']}) exceed the group size ({b['total']})",
                "sửa reached hoặc total",
                "fix reached or total",
            )
    for i, m in enumerate(data.get("meetings", [])):
        if "attendees" in m and "staff_total" in m and m["attendees"] > m["staff_total"]:
            add(
                f"/meetings/{i}/attendees",
                "số người dự lớn hơn tổng số cán bộ",
                "attendees exceed the staff total",
                "sửa attendees hoặc staff_total",
                "fix attendees or staff_total",
            )
    seen: dict[str, int] = {}
    for i, inc in enumerate(data.get("incidents", [])):
        if inc["id"] in seen:
            add(
                f"/incidents/{i}/id",
                f"mã vụ việc '{inc['id']}' bị trùng với /incidents/{seen[inc['id']]}",
                f"incident id '{inc['id']}' repeats /incidents/{seen[inc['id']]}",
                "mỗi vụ việc một mã riêng",
                "give each incident its own id",
            )
        seen.setdefault(inc["id"], i)
    period = data.get("period", {})
    if "from" in period and "to" in period and period["from"] > period["to"]:
        add(
            "/period",
            "kỳ báo cáo có 'from' sau 'to'",
            "the period's 'from' is after 'to'",
            "đổi lại hai ngày",
            "swap the dates",
        )
    return out
