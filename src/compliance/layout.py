"""The layout of a report workbook (biểu mẫu), read from ``schemas/report.schema.json``: its one home.

The template writer (:mod:`compliance.template`) and the XLSX reader
(:mod:`compliance.loading._xlsx`) both take the layout from here, so what one writes the other
reads back:

- sheet ``Thông tin chung``: the document's header, one row per field (``submitter.unit_id`` …):
  column A the field in Vietnamese, B its value, C a note; the data from row 2;
- one sheet per collection (an array of objects: ``briefings``, ``food_safety.supplier_commitments``
  …), named in Vietnamese after the collection, one column per field, row 1 the headers (a
  required column ends in `` *``), one item per row from row 2; blank rows are ignored;
- ``Hướng dẫn`` (instructions) and ``Danh mục`` (the drop-down lists) are not read.

Values: an enumeration is written as its Vietnamese label (the code is accepted too), a yes/no as
``Có``/``Không``, a date as a date cell shown dd/mm/yyyy (a typed dd/mm/yyyy is accepted), a list
as its items separated by ``;`` (or line breaks); ``Không có`` alone says "an empty list" (in a
collection sheet: in column A of a row otherwise blank). A blank cell is a field left out.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from compliance.fieldtypes import FieldType, report_type
from compliance.resources import schema
from compliance.textnorm import normalize_text

HEADER_SHEET = "Thông tin chung"
INSTRUCTIONS_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
HEADER_COLUMNS = ("Mục", "Giá trị", "Ghi chú")  # the header sheet: field, value, note
FIRST_ROW = 2  # data start below the headers
REQUIRED_MARK = " *"
NONE_WORD = "Không có"  # an empty list, written out
YES, NO = "Có", "Không"
LIST_SEPARATORS = re.compile(r"[;\n]")
DATE_FORMAT = "dd/mm/yyyy"
FORMAT_VERSION = "2"  # the report format new forms are written in (schema_version; the schema's latest)
SHEET_NAME_LIMIT = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True, slots=True)
class Column:
    """One field: a row of the header sheet, or a column of a collection sheet."""

    key: str  # dotted path below the sheet's items (below the document for the header sheet)
    type: FieldType  # a scalar, or an array of scalars
    label: str  # in Vietnamese, without the required mark
    english: str
    required: bool

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def heading(self) -> str:
        return self.label + (REQUIRED_MARK if self.required else "")

    @property
    def is_list(self) -> bool:
        return self.type.kind == "array"

    @property
    def scalar(self) -> FieldType:
        """The type of one value (of one item for a list)."""
        if self.type.kind == "array":
            return self.type.item if self.type.item is not None else FieldType("string")
        return self.type


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str  # dotted path of the collection ("" for the header sheet)
    name: str  # the sheet's title
    english: str
    columns: tuple[Column, ...]

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split(".")) if self.key else ()

    def column(self, written: str) -> Column | None:
        """The column whose heading (with or without the mark) or English key is ``written``."""
        return _column_index(self).get(fold(written).removesuffix("*").strip())


@dataclass(frozen=True, slots=True)
class Layout:
    header: Sheet
    collections: tuple[Sheet, ...]

    def sheet(self, written: str) -> Sheet | None:
        """The sheet named ``written`` (or named by its English key)."""
        wanted = fold(written)
        for sheet in (self.header, *self.collections):
            if wanted in (fold(sheet.name), fold(sheet.key or "header")):
                return sheet
        return None


@cache
def _column_index(sheet: Sheet) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in reversed(sheet.columns):  # the first wins
        index[fold(column.key)] = column
        index[fold(column.label)] = column
    return index


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """How names and labels are compared: NFC, case and runs of spaces ignored."""
    return " ".join(normalize_text(text).split()).casefold()


def _words(node: dict[str, Any], key: str) -> tuple[str, str]:
    """A short Vietnamese label (the description up to its first ';' or '('), and the English."""
    text = node.get("description")
    if not isinstance(text, str) or " / " not in text:
        return key, key
    vi, _, en = text.partition(" / ")
    short = re.split(r";|, dạng |, ví dụ", vi, maxsplit=1)[0]
    before = short.split("(", 1)[0].strip()
    if len(before.split()) > 1:  # "Chủ đề (ví dụ: …)" is "Chủ đề"; "Mã (id) của văn bản …" stays whole
        short = before
    return short.strip().rstrip(",:") or key, en.strip()


def _resolved(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _is_collection(node: dict[str, Any], defs: dict[str, Any]) -> bool:
    if node.get("type") != "array":
        return False
    return _resolved(node.get("items", {}), defs).get("type") == "object"


def _sheet_name(vi: str, taken: set[str], key: str) -> str:
    name = _NOT_IN_SHEET_NAMES.sub(" ", vi).strip()
    while len(name) > SHEET_NAME_LIMIT:  # cut at a word
        name = name.rsplit(" ", 1)[0].rstrip(",")
    if fold(name) in taken or not name:
        name = key[:SHEET_NAME_LIMIT]
    taken.add(fold(name))
    return name


def _unique_labels(columns: list[Column]) -> tuple[Column, ...]:
    seen: dict[str, int] = {}
    for column in columns:
        seen[fold(column.label)] = seen.get(fold(column.label), 0) + 1
    return tuple(
        Column(c.key, c.type, f"{c.label} [{c.key}]", c.english, c.required) if seen[fold(c.label)] > 1 else c
        for c in columns
    )


@cache
def layout() -> Layout:
    """The workbook layout of a report, from the schema."""
    report = schema("report")
    defs: dict[str, Any] = report.get("$defs", {})
    ftype = report_type()
    header: list[Column] = []
    sheets: list[Sheet] = []
    taken = {fold(HEADER_SHEET), fold(INSTRUCTIONS_SHEET), fold(LISTS_SHEET)}

    def collection(key: str, node: dict[str, Any], item_type: FieldType) -> None:
        item = _resolved(node["items"], defs)
        required = set(item.get("required", []))
        columns = [
            Column(k, item_type.properties[k], *_words(_resolved(v, defs), k), k in required)
            for k, v in item.get("properties", {}).items()
            if not k.startswith("$")
        ]
        vi, en = _words(node, key)
        sheets.append(Sheet(key, _sheet_name(vi, taken, key), en, _unique_labels(columns)))

    def fields(
        node: dict[str, Any], ftype: FieldType, prefix: str, prefix_label: str, required: bool
    ) -> None:
        needed = set(node.get("required", []))
        for k, raw in node.get("properties", {}).items():
            if k.startswith("$"):
                continue
            child = _resolved(raw, defs)
            key = f"{prefix}{k}"
            sub = ftype.properties[k]
            vi, en = _words(child, k)
            label = f"{prefix_label}{vi}"
            if _is_collection(child, defs):
                collection(key, child, sub.item or FieldType("object"))
            elif sub.kind == "object":
                fields(child, sub, f"{key}.", f"{label} — ", required and k in needed)
            else:
                header.append(Column(key, sub, label, en, required and k in needed))

    fields(report, ftype, "", "", True)
    return Layout(Sheet("", HEADER_SHEET, "Document", _unique_labels(header)), tuple(sheets))


def required_when(preset: dict[str, Any]) -> frozenset[str]:
    """The header fields (dotted) the schema's top-level ``if``/``then`` requires of a document
    that starts as ``preset`` (``{"schema_version": "2", "kind": "BC_SO_KET_HK1"}``: the document
    number), so that a form marks them."""
    report = schema("report")
    condition, then = report.get("if"), report.get("then")
    if not isinstance(condition, dict) or not isinstance(then, dict):
        return frozenset()
    if any(key not in preset for key in condition.get("required", ())):
        return frozenset()
    for key, rule in condition.get("properties", {}).items():
        if key in preset and ("const" in rule and preset[key] != rule["const"]):
            return frozenset()
        if key in preset and ("enum" in rule and preset[key] not in rule["enum"]):
            return frozenset()
    keys: set[str] = set(then.get("required", ()))
    for key, rule in then.get("properties", {}).items():
        keys |= {f"{key}.{inner}" for inner in rule.get("required", ())}
    return frozenset(keys)


def marked(form: Layout, keys: frozenset[str]) -> Layout:
    """``form`` with the header fields ``keys`` marked required."""
    columns = tuple(
        dataclasses.replace(c, required=True) if c.key in keys else c for c in form.header.columns
    )
    return Layout(dataclasses.replace(form.header, columns=columns), form.collections)


# ----------------------------------------------------------------------------- values


def labels(ftype: FieldType) -> dict[str, str]:
    """code -> its Vietnamese label, in the schema's order of codes (the code where unlabelled)."""
    codes = sorted(ftype.enum or ())
    return {code: ftype.labels.get(code, (code, code))[0] for code in codes}


def code_of(ftype: FieldType, written: str) -> str | None:
    """The code a Vietnamese label (or the code itself, or the English label) stands for."""
    return _codes(ftype).get(fold(written))


@cache
def _codes(ftype: FieldType) -> dict[str, str]:
    index: dict[str, str] = {}
    for code in sorted(ftype.enum or (), reverse=True):
        vi, en = ftype.labels.get(code, (code, code))
        index.update({fold(en): code, fold(vi): code})
    for code in ftype.enum or ():
        index[fold(code)] = code  # a code is itself before any label
    return index


def shown(ftype: FieldType, value: Any) -> Any:
    """A scalar of the report as a cell shows it: an enumeration's code as its label, yes/no."""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, str) and ftype.enum and value in ftype.enum:
        return labels(ftype)[value]
    return value
