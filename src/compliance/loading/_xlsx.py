"""XLSX: a filled report workbook (biểu mẫu) read back into a report, every value with its cell.

The layout is :mod:`compliance.layout`'s, the one the templates are written with. Values only: a
formula is refused (its stored result is not evidence, and may be stale), so is a workbook with
macros. Before openpyxl opens the file, the zip's directory is checked: the sizes its members
declare (which bound what is unpacked) and their number. Then each sheet is parsed row by row
(openpyxl, read-only, formulas kept as formulas), never past :attr:`Limits.max_rows` rows or
:attr:`Limits.max_columns` columns. Labels become codes, date cells and typed dd/mm/yyyy become
ISO dates, whole numbers stay integers, text is NFC. Every problem names its sheet and cell;
the :class:`~compliance.loading.SourceMap` of the result maps each JSON pointer to its cell.

openpyxl is imported only here, and this module only when a ``.xlsx`` is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from compliance.errors import Code, Location, Problem
from compliance.fieldtypes import FieldType
from compliance.i18n import Text
from compliance.layout import (
    FIRST_ROW,
    HEADER_COLUMNS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    NO,
    NONE_WORD,
    YES,
    Column,
    Sheet,
    code_of,
    fold,
    labels,
    layout,
)
from compliance.loading._base import Fail, Limits, LoadedFile, shown
from compliance.loading.sourcemap import SourceMap, child
from compliance.messages import listing, problem
from compliance.textnorm import normalize_text

_TYPED_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?")
_YES = frozenset(map(fold, (YES, "có", "x", "true", "yes", "đúng")))
_NO = frozenset(map(fold, (NO, "false", "no", "sai")))
_SKIPPED = frozenset(map(fold, (INSTRUCTIONS_SHEET, LISTS_SHEET)))
_MACROS = "xl/vbaProject.bin"
# a sheet's parts that hold no values (their elements are dropped as soon as they are read)
_NOT_DATA = (
    "dataValidations",
    "conditionalFormatting",
    "extLst",
    "cols",
    "sheetViews",
    "mergeCells",
    "hyperlinks",
)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(sheet: str, column: int, row: int) -> str:
    return f"{sheet}!{column_letter(column)}{row}"


class _Reader:
    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.problems: list[Problem] = []
        self.cells: dict[str, str] = {}
        self.layout = layout()

    def fail(self, code: Code, cell: str | None, **values: object) -> None:
        self.problems.append(problem(code, at=Location(self.name, cell=cell), **values))

    # ------------------------------------------------------------------ the sheets

    def rows(self, book: Any, sheet: Any) -> Iterator[tuple[int, dict[int, dict[str, Any]]]]:
        """(row number, its cells by column number) for each row holding a value, within the limits."""
        from openpyxl.worksheet._reader import WorkSheetParser  # noqa: PLC0415 - only for workbooks
        from openpyxl.xml.constants import SHEET_MAIN_NS  # noqa: PLC0415
        from openpyxl.xml.functions import iterparse  # noqa: PLC0415 - defusedxml's when installed

        title = sheet.title
        row_tag = f"{{{SHEET_MAIN_NS}}}row"
        skipped = {f"{{{SHEET_MAIN_NS}}}{t}" for t in _NOT_DATA}
        with sheet._get_source() as source:  # the read-only sheet's XML, parsed a row at a time
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=False,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )

            def parsed() -> Iterator[tuple[int, list[dict[str, Any]]]]:
                """The rows only: drop-down lists, formatting and the rest are never built."""
                for _, element in iterparse(source):
                    if element.tag == row_tag:
                        yield parser.parse_row(element)
                        element.clear()
                    elif element.tag in skipped:
                        element.clear()

            for number, cells in parsed():  # blank rows, even formatted, cost no more than their XML
                kept: dict[int, dict[str, Any]] = {}
                for cell in cells:
                    if _blank(cell["value"]):
                        continue
                    if cell["column"] > self.limits.max_columns:
                        self.fail(
                            Code.XLSX_TOO_MANY_COLUMNS,
                            cell_name(title, cell["column"], number),
                            sheet=title,
                            limit=self.limits.max_columns,
                        )
                        return
                    kept[cell["column"]] = cell
                if kept and number > self.limits.max_rows:
                    self.fail(Code.XLSX_TOO_MANY_ROWS, title, sheet=title, limit=self.limits.max_rows)
                    return
                if kept:
                    yield number, kept

    def read(self, book: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        seen: dict[str, str] = {}
        known = [self.layout.header.name, *(s.name for s in self.layout.collections)]
        for sheet in book.worksheets:
            title = normalize_text(sheet.title)
            if fold(title) in _SKIPPED:
                continue
            form = self.layout.sheet(title)
            if form is None:
                self.fail(Code.XLSX_UNKNOWN_SHEET, title, sheet=title, known=listing(known))
                continue
            if form.key in seen:
                self.fail(Code.XLSX_DUPLICATE_SHEET, title, sheet=title, first=seen[form.key], key=form.key)
                continue
            seen[form.key] = title
            if form.key:
                self.collection(book, sheet, title, form, data)
            else:
                self.header(book, sheet, title, data)
        return data

    def header(self, book: Any, sheet: Any, title: str, data: dict[str, Any]) -> None:
        form = self.layout.header
        first: dict[str, str] = {}
        for number, cells in self.rows(book, sheet):
            if number < FIRST_ROW:
                continue
            label = cells.get(1)
            value = cells.get(2)
            for index in sorted(cells):
                if index > len(HEADER_COLUMNS):  # the note (column C) is not read; nothing lies beyond it
                    self.fail(Code.XLSX_NO_HEADING, cell_name(title, index, number))
            if label is None:
                if value is not None:
                    self.fail(Code.XLSX_NO_HEADING, cell_name(title, 2, number))
                continue
            where = cell_name(title, 1, number)
            heading = self.text_of(label, where)
            if heading is None:
                continue
            column = form.column(heading)
            key = column.key if column is not None else heading.strip() if _extension(heading) else None
            if key is None:
                known = _closest(heading, form)
                self.fail(Code.XLSX_UNKNOWN_COLUMN, where, heading=shown(heading), sheet=title, known=known)
                continue
            if key in first:
                self.fail(
                    Code.XLSX_DUPLICATE_COLUMN, where, heading=shown(heading), sheet=title, first=first[key]
                )
                continue
            first[key] = where
            if value is None:  # a field left blank: a problem saying it is needed names this cell
                self.cells.setdefault(
                    "".join(child("", p) for p in key.split(".")), cell_name(title, 2, number)
                )
                continue
            at = cell_name(title, 2, number)
            converted = self.value(value, column, at)
            if converted is _NOTHING:
                continue
            self.put(data, "", tuple(key.split(".")) if column is not None else (key,), converted, at)

    def collection(self, book: Any, sheet: Any, title: str, form: Sheet, data: dict[str, Any]) -> None:
        columns: dict[int, Column | str] = {}  # column number: its field, or an extension's key
        first: dict[str, str] = {}
        items: list[dict[str, Any]] = []
        declared = False  # "Không có": an empty list on purpose
        path = form.path
        pointer = "".join(child("", p) for p in path)
        for number, cells in self.rows(book, sheet):
            if number < FIRST_ROW:
                for index, cell in sorted(cells.items()):
                    where = cell_name(title, index, number)
                    heading = self.text_of(cell, where)
                    if heading is None:
                        continue
                    column = form.column(heading)
                    key = (
                        column.key if column is not None else heading.strip() if _extension(heading) else None
                    )
                    if key is None:
                        known = _closest(heading, form)
                        self.fail(
                            Code.XLSX_UNKNOWN_COLUMN, where, heading=shown(heading), sheet=title, known=known
                        )
                        continue
                    if key in first:
                        self.fail(
                            Code.XLSX_DUPLICATE_COLUMN,
                            where,
                            heading=shown(heading),
                            sheet=title,
                            first=first[key],
                        )
                        continue
                    first[key] = where
                    columns[index] = column if column is not None else key
                continue
            if set(cells) == {1} and _is_none_word(cells[1]["value"]):
                declared = True
                self.cells.setdefault(pointer, cell_name(title, 1, number))
                continue
            item: dict[str, Any] = {}
            item_pointer = child(pointer, len(items))
            for index, cell in sorted(cells.items()):
                at = cell_name(title, index, number)
                field = columns.get(index)
                if field is None:
                    self.fail(Code.XLSX_NO_HEADING, at)
                    continue
                converted = self.value(cell, field if isinstance(field, Column) else None, at)
                if converted is _NOTHING:
                    continue
                keys = field.path if isinstance(field, Column) else (field,)
                self.put(item, item_pointer, keys, converted, at)
            self.cells[item_pointer] = f"{title}!{number}:{number}"
            items.append(item)
        if items or declared:
            self.cells.setdefault(pointer, title)
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = items

    def put(self, data: dict[str, Any], pointer: str, keys: tuple[str, ...], value: Any, at: str) -> None:
        target = data
        for part in keys[:-1]:
            pointer = child(pointer, part)
            self.cells.setdefault(pointer, at)
            target = target.setdefault(part, {})
        pointer = child(pointer, keys[-1])
        self.cells[pointer] = at
        target[keys[-1]] = value

    # ------------------------------------------------------------------ the cells

    def text_of(self, cell: dict[str, Any], at: str) -> str | None:
        value = self.raw(cell, at)
        if value is _NOTHING:
            return None
        return value if isinstance(value, str) else str(value)

    def raw(self, cell: dict[str, Any], at: str) -> Any:
        """The cell's value, or _NOTHING (and a problem) for a formula or an error."""
        kind, value = cell["data_type"], cell["value"]
        if kind == "f":
            self.fail(Code.XLSX_FORMULA, at, formula=shown(str(getattr(value, "text", value))))
            return _NOTHING
        if kind == "e":
            self.fail(Code.XLSX_CELL_ERROR, at, value=shown(str(value)))
            return _NOTHING
        if isinstance(value, str):
            return normalize_text(value)
        return value

    def value(self, cell: dict[str, Any], column: Column | None, at: str) -> Any:
        value = self.raw(cell, at)
        if value is _NOTHING or column is None:
            return _plain(value)
        if column.is_list:
            if isinstance(value, str):
                if _is_none_word(value):
                    return []
                parts = [p.strip() for p in _split(value)]
                items = [self.scalar(p, column.scalar, at) for p in parts if p]
            else:
                items = [self.scalar(value, column.scalar, at)]
            return [i for i in items if i is not _NOTHING]
        return self.scalar(value, column.scalar, at)

    def scalar(self, value: Any, ftype: FieldType, at: str) -> Any:
        kind = ftype.kind
        if isinstance(value, str):
            value = value.strip()
        if kind == "date" or isinstance(value, dt.date | dt.time):
            return self.date(value, at)  # a date cell in a text column is its ISO date
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            word = fold(str(value))
            if word in _YES or word in _NO:
                return word in _YES
            self.fail(Code.XLSX_YES_NO, at, got=shown(str(value)))
            return _NOTHING
        if kind in ("integer", "number"):
            if isinstance(value, bool):
                return value  # the schema says it is not a number
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, int | float):
                return value
            if isinstance(value, str) and re.fullmatch(r"-?\d{1,18}", value):
                return int(value)
            if kind == "integer":
                self.fail(Code.XLSX_NUMBER, at, got=shown(str(value)))
                return _NOTHING
            return _plain(value)
        # text
        if isinstance(value, bool):
            return YES if value else NO
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, str):
            value = str(value)
        if ftype.enum is not None:
            code = code_of(ftype, value)
            if code is None:
                self.fail(Code.XLSX_LABEL, at, got=shown(value), allowed=listing(labels(ftype).values()))
                return _NOTHING
            return code
        return value

    def date(self, value: Any, at: str) -> Any:
        """An ISO date (or date-time) from a date cell or typed text."""
        if isinstance(value, dt.datetime):
            if value.time() == dt.time(0):
                return value.date().isoformat()
            return value.replace(microsecond=0).isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        text = str(value)
        if _ISO_DATE.fullmatch(text) or _ISO_MOMENT.fullmatch(text):
            return text  # the schema checks it is a real date
        typed = _TYPED_DATE.fullmatch(text)
        if typed is not None:
            day, month, year, hour, minute, second = typed.groups()
            try:
                moment = dt.datetime(
                    int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
                )
            except ValueError:
                pass
            else:
                return moment.date().isoformat() if hour is None else moment.isoformat()
        self.fail(Code.XLSX_DATE, at, got=shown(text))
        return _NOTHING


class _Nothing:
    """No value: a problem was recorded."""


_NOTHING: Any = _Nothing()


def _closest(heading: str, form: Sheet) -> Text:
    """The form's headings most like ``heading`` (all of them when none is close and they are few)."""
    names = [c.label for c in form.columns]
    close = difflib.get_close_matches(fold(heading), [fold(n) for n in names], n=3, cutoff=0.5)
    chosen = [n for n in names if fold(n) in close] or (names if len(names) <= 12 else [])
    return listing(chosen)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _extension(heading: str) -> bool:
    return heading.strip().startswith("x-")


def _is_none_word(value: Any) -> bool:
    return isinstance(value, str) and fold(value) == fold(NONE_WORD)


def _split(text: str) -> list[str]:
    return re.split(r"[;\n]", text)


def _plain(value: Any) -> Any:
    """A value of an extension column (not checked) as JSON data."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_NOT_A_ZIP = Text(vi="không phải tệp zip", en="not a zip file")
_ENCRYPTED = Text(vi="có mật khẩu", en="encrypted")


def _check_zip(raw: bytes, name: str, limits: Limits) -> None:
    """The zip's directory, before anything is unpacked: a workbook, within the limits, no macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        detail = _NOT_A_ZIP if isinstance(exc, zipfile.BadZipFile) else shown(str(exc))
        raise Fail(problem(Code.XLSX_NOT_A_WORKBOOK, at=Location(name), detail=detail)) from None
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked_bytes or len(members) > limits.max_members:
        raise Fail(
            problem(
                Code.XLSX_UNPACKED_TOO_LARGE,
                at=Location(name),
                size=unpacked,
                members=len(members),
                limit=limits.max_unpacked_bytes,
            )
        )
    names = {m.filename for m in members}
    if _MACROS in names:
        raise Fail(problem(Code.XLSX_MACROS, at=Location(name)))
    if any(m.flag_bits & 0x1 for m in members):
        raise Fail(problem(Code.XLSX_NOT_A_WORKBOOK, at=Location(name), detail=_ENCRYPTED))


def load_xlsx(raw: bytes, name: str, limits: Limits) -> LoadedFile:
    """The report a filled workbook holds; raises Fail with every problem found."""
    _check_zip(raw, name, limits)
    import openpyxl  # noqa: PLC0415 - a workbook reader only when a workbook is read

    reader = _Reader(name, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of styles and extensions it does not know
        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # a damaged part: openpyxl raises KeyError, ValueError, XML errors …
            detail = shown(f"{type(exc).__name__}: {exc}")
            raise Fail(problem(Code.XLSX_NOT_A_WORKBOOK, at=Location(name), detail=detail)) from None
        try:
            data = reader.read(book)
        except Fail:
            raise
        except Exception as exc:  # a sheet's XML damaged past what openpyxl tolerates
            detail = shown(f"{type(exc).__name__}: {exc}")
            raise Fail(problem(Code.XLSX_NOT_A_WORKBOOK, at=Location(name), detail=detail)) from None
        finally:
            book.close()
    if reader.problems:
        raise Fail(*reader.problems)
    reader.cells.setdefault("", layout().header.name)
    return LoadedFile(name, "xlsx", data, SourceMap(({}, {}), reader.cells))


__all__ = ["HEADER_COLUMNS", "cell_name", "column_letter", "load_xlsx"]
