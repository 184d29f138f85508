"""Report workbooks written out: blank forms (``compliance template``) and filled ones (``convert``).

Both are laid out by :mod:`compliance.layout`, the layout the XLSX reader reads back: the header
sheet, one sheet per collection, Vietnamese headings with the English key and description in a
cell comment, a required column's heading marked `` *`` (in red), drop-down lists of the
Vietnamese labels of every enumeration and of Có/Không, date cells shown dd/mm/yyyy, the hidden
``Danh mục`` sheet holding the lists, and the ``Hướng dẫn`` sheet: how to fill the form, the
warning of Nghị định 13/2023/NĐ-CP on personal data, and for each field the rules that read it.

With a compiled program and ``restrict``, only the fields its rules read are in the form (plus
the document's identity and every required field); :func:`fields_read` says which a rule reads,
from its compiled check (the IR's selectors and field paths).

XlsxWriter is imported only here, and this module only by those commands.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from compliance import ir
from compliance.errors import Code, Location, Problem
from compliance.fieldtypes import FieldType, item_type, report_type
from compliance.layout import (
    DATE_FORMAT,
    FIRST_ROW,
    FORMAT_VERSION,
    HEADER_COLUMNS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    NO,
    NONE_WORD,
    YES,
    Column,
    Layout,
    Sheet,
    labels,
    layout,
    marked,
    required_when,
    shown,
)
from compliance.loading.sourcemap import child
from compliance.messages import problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from compliance.program import CompiledRule, Program

# what says which document this is and who sent it: in every form, whatever the packs read
IDENTITY = frozenset(
    {
        "schema_version",
        "id",
        "replaces",
        "kind",
        "school_year",
        "title",
        "topic",
        "topics",
        "plan_ref",
        "submitter",
        "recipients",
        "submitted_at",
        "received_at",
        "period",
        "document",
        "notes",
    }
)
ROWS_WITH_LISTS = 500  # rows of a collection sheet given drop-downs and date cells
_MAX_CELL = 32_767
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PERSONAL_DATA_WARNING = (
    "Lưu ý (Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân): phần tóm tắt vụ việc, nhất là vụ việc liên quan "
    "đến học sinh là người chưa thành niên, không ghi họ tên, ngày sinh, địa chỉ hay bất cứ thông tin nào nhận "
    "ra được người liên quan; chỉ ghi mã vụ việc và diễn biến chung. / Personal data (Decree 13/2023/ND-CP): "
    "incident summaries, above all about pupils who are minors, hold no names, birth dates, addresses or "
    "anything else that identifies a person; only the incident's id and what happened in general."
)
_HOW = (
    "Cách điền / How to fill in:",
    "• Mỗi trang tính là một mục của báo cáo; trang 'Thông tin chung' ghi phần đầu văn bản, mỗi dòng một "
    "thông tin (cột B). Ở các trang khác, mỗi dòng là một mục (một buổi quán triệt, một cuộc diễn tập…); "
    "dòng trống được bỏ qua. / Each sheet is a section; 'Thông tin chung' holds the header, one field a row "
    "(column B); on the others each row is one item; blank rows are ignored.",
    "• Cột có dấu * là bắt buộc; di chuột lên tiêu đề để xem khóa tiếng Anh và giải thích. / Headings "
    "marked * are required; hover a heading for its English key and description.",
    "• Ngày: ô kiểu ngày, hoặc gõ dd/mm/yyyy (03/01/2024 là ngày 3 tháng 1). Thời điểm có giờ: gõ "
    "dd/mm/yyyy hh:mm. / Dates: a date cell, or type dd/mm/yyyy; with a time: dd/mm/yyyy hh:mm.",
    "• Danh mục: chọn trong danh sách thả xuống; Có/Không cho câu hỏi có hoặc không. Nhiều giá trị trong "
    "một ô: cách nhau bằng dấu ; (chấm phẩy). Ghi 'Không có' để nói rõ là không có mục nào. / Lists: pick "
    "from the drop-down; several values in one cell are separated by ';'; write 'Không có' to say there are "
    "none.",
    "• Báo cáo ghi số hiệu văn bản như trên văn bản đã ký (bắt buộc từ phiên bản 2). Thời điểm nơi nhận nhận "
    "được là ngày đến tại cơ quan xét hạn (thường là đơn vị quản lý trực tiếp); văn bản gửi nhiều nơi thì ghi "
    "ngày đến của từng nơi ở mục ngày đến tại từng nơi nhận. / A report states its document number as signed "
    "(required from version 2). The received moment is when the office that judges the deadline (usually the "
    "managing unit) received it; for a document sent to several offices, give each one's date under the receipts.",
    "• Chỉ ghi giá trị, không dùng công thức (ô có công thức bị từ chối); lưu dạng .xlsx, không có macro. / "
    "Values only: a cell with a formula is refused; save as .xlsx, without macros.",
)


# ----------------------------------------------------------------------------- which fields rules read


def _path_values(value: Any, depth: int = 0) -> Iterable[ir.Path]:
    """Every field path held in a check's attributes (and in the dataclasses they hold)."""
    if isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        yield value
    elif isinstance(value, tuple | list | frozenset):
        for v in value:
            yield from _path_values(v, depth)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type) and depth < 3:
        for f in dataclasses.fields(value):
            yield from _path_values(getattr(value, f.name), depth + 1)


def fields_read(rule: CompiledRule) -> set[str]:
    """The report fields ``rule`` reads, as dotted paths from the document (``briefings.reached``)."""
    selectors = rule.check.selectors()
    found: set[str] = set()
    bases: list[ir.Path] = []
    for selector in selectors:
        base = selector.collection or ()
        bases.append(base)
        if base:
            found.add(".".join(base))
        found.update(".".join(base + p) for p in ir.cond_paths(selector.where))
    others = [getattr(rule.check, f.name) for f in dataclasses.fields(rule.check)]
    for path in _path_values([o for o in others if not isinstance(o, ir.Selector)]):
        for base in [*bases, ()]:
            start = item_type(base)
            if start is not None and start.resolve(path) is not None:
                found.add(".".join(base + path))
                break
    return found


def _kinds(rule: CompiledRule) -> set[str] | None:
    """The document kinds the rule's selectors look at; None: any."""
    kinds: set[str] = set()
    for selector in rule.check.selectors():
        if selector.kinds is None:
            return None
        kinds |= selector.kinds
    return kinds


def rules_for(program: Program, kind: str | None, unit_type: str | None) -> list[CompiledRule]:
    """The program's rules that read documents of ``kind`` and hold units of ``unit_type``."""
    chosen = []
    for rule in program.rules:
        kinds = _kinds(rule)
        if kind is not None and kinds is not None and kind not in kinds:
            continue
        if unit_type is not None and unit_type not in rule.applies.unit_types:
            continue
        chosen.append(rule)
    return chosen


def restricted(full: Layout, keep: set[str]) -> Layout:
    """The layout with only the fields in ``keep`` (dotted paths from the document), the identity of
    the document and every required field."""

    fields = keep - {s.key for s in full.collections}  # a collection read as a whole needs no column

    def wanted(sheet: Sheet, column: Column) -> bool:
        key = f"{sheet.key}.{column.key}" if sheet.key else column.key
        return column.required or (key.split(".")[0] in IDENTITY and not sheet.key) or _kept(key, fields)

    header = dataclasses.replace(
        full.header, columns=tuple(c for c in full.header.columns if wanted(full.header, c))
    )
    sheets = tuple(
        dataclasses.replace(s, columns=tuple(c for c in s.columns if wanted(s, c)))
        for s in full.collections
        if _kept(s.key, keep)
    )
    return Layout(header, sheets)


def _kept(key: str, keep: set[str]) -> bool:
    return any(k == key or k.startswith(f"{key}.") or key.startswith(f"{k}.") for k in keep)


# ----------------------------------------------------------------------------- writing


class _Formats:
    def __init__(self, book: Workbook) -> None:
        base = {
            "text_wrap": True,
            "valign": "top",
            "bold": True,
            "bg_color": "#DDEBF7",
            "pattern": 1,
            "border": 1,
        }
        self.heading = book.add_format(base)
        self.required = book.add_format({**base, "font_color": "#C00000"})
        self.text = book.add_format({"valign": "top", "text_wrap": True, "num_format": "@"})
        self.date = book.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.number = book.add_format({"valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.warning = book.add_format(
            {"bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "top"}
        )
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})


class CannotHold(Exception):
    """A value of the report no cell of the form can hold (see :data:`Problem`)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems


class _Writer:
    def __init__(self, form: Layout, name: str) -> None:
        self.target = io.BytesIO()
        options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
        self.book = Workbook(self.target, options)
        self.formats = _Formats(self.book)
        self.form = form
        self.name = name  # the report converted, for messages
        self.lists: dict[tuple[str, ...], str] = {}  # labels -> the Danh mục range holding them
        self.lists_sheet: Worksheet | None = None
        self.problems: list[Problem] = []

    # ------------------------------------------------------------------ lists

    def choices(self, ftype: FieldType) -> list[str] | None:
        if ftype.kind == "boolean":
            return [YES, NO]
        if ftype.enum:
            return list(labels(ftype).values())
        return None

    def source(self, values: list[str]) -> str:
        key = tuple(values)
        if key not in self.lists:
            if self.lists_sheet is None:
                self.lists_sheet = self.book.add_worksheet(LISTS_SHEET)
                self.lists_sheet.hide()
            column = len(self.lists)
            for row, value in enumerate(values):
                self.lists_sheet.write_string(row, column, value)
            letter = _letter(column + 1)
            self.lists[key] = f"='{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        return self.lists[key]

    def validate(self, sheet: Worksheet, first: int, last: int, col: int, column: Column) -> None:
        values = self.choices(column.scalar)
        if values is not None and not column.is_list:
            sheet.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "list",
                    "source": self.source(values),
                    "error_type": "warning",
                    "input_title": column.label[:32],
                    "input_message": "Chọn trong danh sách / pick from the list"[:255],
                },
            )
        elif column.scalar.kind == "date" and not column.is_list:
            sheet.data_validation(
                first,
                col,
                last,
                col,
                {
                    "validate": "any",
                    "input_title": column.label[:32],
                    "input_message": "Ngày dd/mm/yyyy / a date, dd/mm/yyyy",
                },
            )

    # ------------------------------------------------------------------ cells

    def note(self, column: Column) -> str:
        kind = column.scalar.kind
        parts = [column.english]
        if column.is_list:
            choices = self.choices(column.scalar)
            listed = f": {'; '.join(choices)}" if choices else ""
            parts.append(f"Nhiều giá trị, cách nhau bằng dấu ; / several values, separated by ';'{listed}")
        elif kind == "date":
            parts.append("dd/mm/yyyy")
        elif kind in ("integer", "number"):
            parts.append("Số / a number")
        return " — ".join(parts)

    def heading(self, sheet: Worksheet, row: int, col: int, column: Column, key: str) -> None:
        fmt = self.formats.required if column.required else self.formats.heading
        sheet.write_string(row, col, column.heading, fmt)
        sheet.write_comment(row, col, f"{key}\n{self.note(column)}", {"x_scale": 2.5, "y_scale": 1.5})

    def put(self, sheet: Worksheet, row: int, col: int, column: Column, value: Any, pointer: str) -> None:
        if column.is_list:
            if not isinstance(value, list):
                self.refuse(pointer, "không phải danh sách / not a list")
                return
            if not value:
                sheet.write_string(row, col, NONE_WORD, self.formats.text)
                return
            items = []
            for index, item in enumerate(value):
                cell = shown(column.scalar, item)
                text = str(cell)
                if not text.strip() or text != text.strip() or re.search(r"[;\n]", text) or text == NONE_WORD:
                    self.refuse(
                        child(pointer, index),
                        "mục có dấu ';', xuống dòng hoặc trống / an item with ';', a line break, or blank",
                    )
                    return
                items.append(text)
            sheet.write_string(row, col, "; ".join(items), self.formats.text)
            return
        self.scalar(sheet, row, col, column.scalar, value, pointer)

    def scalar(
        self, sheet: Worksheet, row: int, col: int, ftype: FieldType, value: Any, pointer: str
    ) -> None:
        if isinstance(value, bool):
            if ftype.kind == "boolean":
                sheet.write_string(row, col, YES if value else NO, self.formats.text)
            else:
                self.refuse(pointer, "có/không ở ô không phải có/không / a yes/no in a non yes/no field")
            return
        if isinstance(value, int | float):
            if ftype.kind not in ("integer", "number"):
                self.refuse(pointer, "số ở ô chữ / a number in a text field")
                return
            sheet.write_number(row, col, value, self.formats.number)
            return
        if isinstance(value, str):
            if ftype.kind == "date" and _ISO_DATE.fullmatch(value):
                sheet.write_datetime(row, col, dt.datetime.fromisoformat(value), self.formats.date)
                return
            text = str(shown(ftype, value))
            if not text.strip() or text != text.strip() or len(text) > _MAX_CELL:
                self.refuse(
                    pointer,
                    "chữ trống, có khoảng trắng ở đầu/cuối, hoặc quá dài / blank text, spaces at an end, or too long",
                )
                return
            if ftype.kind not in {"string", "date"}:
                self.refuse(pointer, "chữ ở ô số hoặc có/không / text in a number or yes/no field")
                return
            sheet.write_string(row, col, text, self.formats.text)
            return
        self.refuse(pointer, f"{type(value).__name__}")

    def refuse(self, pointer: str, detail: str) -> None:
        self.problems.append(
            problem(Code.XLSX_CANNOT_HOLD, at=Location(self.name, pointer=pointer), detail=detail)
        )

    # ------------------------------------------------------------------ sheets

    def header_sheet(self, data: Mapping[str, Any] | None, preset: Mapping[str, Any]) -> None:
        form = self.form.header
        sheet = self.book.add_worksheet(form.name)
        sheet.set_column(0, 0, 48, self.formats.wrap)
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, 2, 60, self.formats.wrap)
        for col, text in enumerate(HEADER_COLUMNS):
            sheet.write_string(0, col, text, self.formats.heading)
        sheet.freeze_panes(FIRST_ROW - 1, 1)
        columns = list(form.columns)
        extensions = sorted(k for k in (data or {}) if k.startswith("x-"))
        for index, column in enumerate(columns):
            row = FIRST_ROW - 1 + index
            self.heading(sheet, row, 0, column, column.key)
            sheet.write_string(row, 2, self.note(column), self.formats.wrap)
            self.validate(sheet, row, row, 1, column)
            value = _get(data, column.path) if data is not None else preset.get(column.key, _ABSENT)
            if value is not _ABSENT:
                self.put(sheet, row, 1, column, value, "/" + "/".join(column.path))
            elif column.scalar.kind == "date" and not column.is_list:
                sheet.write_blank(row, 1, None, self.formats.date)
        self.nested_extensions(data, form)
        for offset, key in enumerate(extensions):
            row = FIRST_ROW - 1 + len(columns) + offset
            sheet.write_string(row, 0, key, self.formats.heading)
            self.extension(sheet, row, 1, data[key] if data else None, child("", key))

    def nested_extensions(self, data: Mapping[str, Any] | None, form: Sheet) -> None:
        """x- keys inside the header's objects (submitter, plan_ref …) have no row to go in."""
        refused: set[str] = set()
        for column in form.columns:
            if len(column.path) < 2 or data is None:
                continue
            parent = _get(data, column.path[:-1])
            if isinstance(parent, dict):
                for key in parent:
                    pointer = "/" + "/".join((*column.path[:-1], key))
                    if key.startswith("x-") and pointer not in refused:
                        refused.add(pointer)
                        self.refuse(
                            pointer, "phần mở rộng trong mục lồng / an extension inside a nested section"
                        )

    def extension(self, sheet: Worksheet, row: int, col: int, value: Any, pointer: str) -> None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.refuse(
                pointer, "phần mở rộng không phải chữ hay số / an extension that is not text or a number"
            )
            return
        if isinstance(value, str):
            if not value.strip() or value != value.strip():
                self.refuse(
                    pointer, "phần mở rộng đọc lại sẽ khác / an extension that would read back differently"
                )
                return
            sheet.write_string(row, col, value, self.formats.text)
        else:
            sheet.write_number(row, col, value, self.formats.number)

    def collection_sheet(self, form: Sheet, items: Any) -> None:
        sheet = self.book.add_worksheet(form.name)
        columns = list(form.columns)
        pointer = "/" + "/".join(form.path)
        extra: list[str] = []
        if isinstance(items, list):
            for item in items:
                if isinstance(item, dict):
                    extra.extend(k for k in item if k.startswith("x-") and k not in extra)
        for col, column in enumerate(columns):
            self.heading(sheet, 0, col, column, column.key)
            width = 14 if column.scalar.kind in ("date", "integer", "number", "boolean") else 28
            fmt = self.formats.date if column.scalar.kind == "date" and not column.is_list else None
            sheet.set_column(col, col, width, fmt)
            self.validate(sheet, FIRST_ROW - 1, FIRST_ROW - 1 + ROWS_WITH_LISTS, col, column)
        for offset, key in enumerate(extra):
            sheet.write_string(0, len(columns) + offset, key, self.formats.heading)
        sheet.freeze_panes(FIRST_ROW - 1, 0)
        if items is None:
            return
        if not isinstance(items, list):
            self.refuse(pointer, "không phải danh sách / not a list")
            return
        if not items:
            sheet.write_string(FIRST_ROW - 1, 0, NONE_WORD, self.formats.text)
            return
        for index, item in enumerate(items):
            row = FIRST_ROW - 1 + index
            here = child(pointer, index)
            if not isinstance(item, dict) or not item:
                self.refuse(here, "mục trống / an empty item")
                continue
            for col, column in enumerate(columns):
                value = _get(item, column.path)
                if value is not _ABSENT:
                    self.put(sheet, row, col, column, value, f"{here}/{column.key}")
            for offset, key in enumerate(extra):
                if key in item:
                    self.extension(sheet, row, len(columns) + offset, item[key], child(here, key))
            if (
                all(_get(item, c.path) is _ABSENT for c in columns[1:])
                and columns
                and (_get(item, columns[0].path) == NONE_WORD)
            ):
                self.refuse(here, f"một mục chỉ ghi '{NONE_WORD}' / an item of just '{NONE_WORD}'")

    def instructions(self, title: str, rules: list[CompiledRule], kinds: str | None) -> None:
        sheet = self.book.add_worksheet(INSTRUCTIONS_SHEET)
        fmt = self.formats
        sheet.set_column(0, 0, 30, fmt.wrap)
        sheet.set_column(1, 1, 40, fmt.wrap)
        sheet.set_column(2, 2, 28, fmt.wrap)
        sheet.set_column(3, 3, 70, fmt.wrap)
        sheet.write_string(0, 0, title, fmt.title)
        row = 1
        if kinds:
            sheet.write_string(row, 0, kinds, fmt.wrap)
            row += 1
        row += 1
        for line in _HOW:
            sheet.merge_range(row, 0, row, 3, line, fmt.wrap)
            sheet.set_row(row, 45 if line != _HOW[0] else None)
            row += 1
        row += 1
        sheet.merge_range(row, 0, row, 3, PERSONAL_DATA_WARNING, fmt.warning)
        sheet.set_row(row, 75)
        row += 2
        for col, text in enumerate(
            (
                "Trang tính / Sheet",
                "Thông tin / Field",
                "Khóa / Key",
                "Tiêu chí đọc thông tin này / Rules reading it",
            )
        ):
            sheet.write_string(row, col, text, fmt.heading)
        row += 1
        readers: dict[str, list[CompiledRule]] = {}
        for rule in rules:
            for key in fields_read(rule):
                readers.setdefault(key, []).append(rule)
        for form in (self.form.header, *self.form.collections):
            for column in form.columns:
                key = f"{form.key}.{column.key}" if form.key else column.key
                cited = sorted(
                    {r.id: r for k, rs in readers.items() if k == key for r in rs}.values(),
                    key=lambda r: r.id,
                )
                sheet.write_string(row, 0, form.name, fmt.wrap)
                sheet.write_string(row, 1, column.heading, fmt.wrap)
                sheet.write_string(row, 2, key, fmt.wrap)
                text = "; ".join(f"{r.id}: {r.title.vi}" for r in cited)
                if text:
                    sheet.write_string(row, 3, text[:_MAX_CELL], fmt.wrap)
                row += 1

    def close(self) -> bytes:
        self.book.close()
        return self.target.getvalue()


class _Absent:
    pass


_ABSENT: Any = _Absent()


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return _ABSENT
        data = data[part]
    return data


def _letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def write_template(
    *,
    kind: str,
    unit_type: str | None = None,
    program: Program | None = None,
    restrict: bool = False,
) -> bytes:
    """A blank form for reports of ``kind`` (the header's kind, and the unit type, filled in);
    with ``restrict``, only the fields the program's rules for that kind and unit type read."""
    rules = rules_for(program, kind, unit_type) if program is not None else []
    form = layout()
    if restrict:
        keep: set[str] = set()
        for rule in rules:
            keep |= fields_read(rule)
        form = restricted(form, keep)
    preset: dict[str, Any] = {"schema_version": FORMAT_VERSION, "kind": kind}
    form = marked(form, required_when(preset))
    writer = _Writer(form, "")
    if unit_type is not None:
        preset["submitter.unit_type"] = unit_type
    title = "Biểu mẫu báo cáo / Report form: " + str(shown(report_type().properties["kind"], kind))
    writer.instructions(title, rules, _packs_line(program, restrict))
    writer.header_sheet(None, preset)
    for sheet in form.collections:
        writer.collection_sheet(sheet, None)
    writer.book.worksheets()[0].activate()
    return writer.close()


def _packs_line(program: Program | None, restrict: bool) -> str | None:
    if program is None:
        return None
    packs = ", ".join(p.id for p in program.packs)
    if restrict:
        return f"Chỉ gồm các thông tin mà các bộ tiêu chí sau đọc / only the fields these packs read: {packs}"
    return f"Tiêu chí trích dẫn từ / rules cited from: {packs}"


def write_report(data: Mapping[str, Any], *, name: str) -> bytes:
    """The report ``data`` (valid against the schema, from the file ``name``) as a filled form;
    raises :class:`CannotHold` with every value no cell can hold."""
    form = layout()
    writer = _Writer(form, name)
    writer.instructions("Báo cáo / Report", [], None)
    writer.header_sheet(data, {})
    for sheet in form.collections:
        writer.collection_sheet(
            sheet, _get(data, sheet.path) if _get(data, sheet.path) is not _ABSENT else None
        )
    content = writer.close()
    if writer.problems:
        raise CannotHold(writer.problems)
    return content
