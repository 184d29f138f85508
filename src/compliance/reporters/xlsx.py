"""XLSX: a summary sheet, a roll-up sheet (audits), a sheet of per-unit counts, a trend sheet and
a trend chart when the result has trends (``--store``, ``--save``), a findings sheet and, when the
result has notes, a notes sheet, written as the findings are read (XlsxWriter's constant-memory
mode: each row goes to a temporary file when the next one starts, so time and memory do not grow
with what was written before).

Every table has a bold, wrapped header row that stays frozen and a filter on every column (an
AutoFilter; constant-memory mode cannot write Excel "table" objects). Dates are real date cells
shown dd/mm/yyyy, counts are numbers, rates are percentages, long text wraps in columns of a
readable width, statuses are coloured; each localised label (status, severity, check kind) has its
code in the next column; the unit id and the school year are columns of their own. A sheet holds
at most 1 048 575 rows below its header (Excel's limit): more findings go on to "Kết luận (2)"…

Strings are written as strings (never read as formulas, numbers or links), without the characters
XML forbids (replaced by U+FFFD), and cut at Excel's 32 767 characters per cell. The zip container
uses ZIP64 for an entry past 4 GB (a sheet of about a million findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from xlsxwriter import Workbook
from xlsxwriter.chart_line import ChartLine
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    CheckResult,
    Rate,
    Status,
    Tally,
    TrendPoint,
    Trends,
)
from compliance.i18n import Lang
from compliance.reporters._stream import clean
from compliance.reporters._table import COLUMNS, DATES, Cell, Column, headers, rows

_FILL = {
    Status.pass_: "#C6EFCE",
    Status.fail: "#FFC7CE",
    Status.pending: "#FFEB9C",
    Status.error: "#E4C1F9",
    Status.waived: "#BDD7EE",
}
MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
_MAX_CELL = 32_767  # characters in one cell


class _Formats:
    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
        self.bold = book.add_format({"bold": True})
        self.text = book.add_format({"valign": "top"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        self.percent = book.add_format({"num_format": "0.0%"})
        self.status = {
            s: book.add_format({"bg_color": color, "pattern": 1, "valign": "top"})
            for s, color in _FILL.items()
        }


def _text(value: str) -> str:
    value = clean(value)
    return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"


def _put(sheet: Worksheet, row: int, col: int, value: Cell | float, fmt: Format | None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, str):
        sheet.write_string(row, col, _text(value), fmt)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    else:
        sheet.write_number(row, col, value, fmt)


class _Table:
    """A sheet (or, past Excel's row limit, several) with a frozen header and a filter."""

    def __init__(
        self, book: Workbook, name: str, head: Sequence[str], widths: Sequence[int], formats: _Formats
    ) -> None:
        self.book, self.name, self.head, self.widths, self.formats = book, name, head, widths, formats
        self.sheets = 0
        self.sheet: Worksheet | None = None
        self.row = 0

    def _next_sheet(self) -> Worksheet:
        self._close()
        self.sheets += 1
        name = self.name if self.sheets == 1 else f"{self.name} ({self.sheets})"
        sheet = self.book.add_worksheet(name)
        sheet.freeze_panes(1, 0)
        for col, width in enumerate(self.widths):
            sheet.set_column(col, col, width)
        for col, label in enumerate(self.head):
            sheet.write_string(0, col, label, self.formats.header)
        self.sheet, self.row = sheet, 0
        return sheet

    def add(self, values: Sequence[Cell | float], formats: Sequence[Format | None]) -> None:
        sheet = self.sheet
        if sheet is None or self.row + 1 >= MAX_ROWS:
            sheet = self._next_sheet()
        self.row += 1
        for col, (value, fmt) in enumerate(zip(values, formats, strict=True)):
            _put(sheet, self.row, col, value, fmt)

    def _close(self) -> None:
        if self.sheet is not None:
            self.sheet.autofilter(0, 0, self.row, len(self.head) - 1)

    def close(self) -> None:
        if self.sheet is None:
            self._next_sheet()
        self._close()


def _counts_head(lang: Lang) -> list[str]:
    if lang == "vi":
        return ["Đạt", "Không đạt", "Lỗi", "Chưa đến hạn", "Không áp dụng", "Được miễn", "Tỷ lệ đạt"]
    return ["Met", "Not met", "Error", "Pending", "N/A", "Waived", "Rate"]


def _counts(r: Rate) -> list[Cell | float]:
    return [r.passed, r.failed, r.errors, r.pending, r.not_applicable, r.waived, r.rate]


def _counts_formats(formats: _Formats) -> list[Format | None]:
    return [None] * 6 + [formats.percent]


def _summary(book: Workbook, result: CheckResult, tally: Tally, lang: Lang, formats: _Formats) -> None:
    vi = lang == "vi"
    sheet = book.add_worksheet("Tổng hợp" if vi else "Summary")
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 8, 12)
    lines: list[tuple[str, Any]] = [("Tính đến ngày" if vi else "As of", result.as_of)]
    audit = result.audit
    if audit is not None:
        if audit.units_expected is not None:
            lines.append(("Đơn vị phải báo cáo" if vi else "Units expected", audit.units_expected))
        lines.append(("Đơn vị có báo cáo" if vi else "Units reporting", audit.units_reporting))
        lines.append(("Số văn bản" if vi else "Documents", audit.documents))
        lines.append(("Văn bản không đọc được" if vi else "Unreadable documents", audit.unreadable))
    else:
        lines.append(("Số đơn vị" if vi else "Units", result.summary.units))
    lines.append(("Số kết luận" if vi else "Findings", result.summary.findings))
    lines.extend((STATUS_LABELS[Status(s)].pick(lang), n) for s, n in result.summary.by_status.items())
    if audit is not None and audit.units_missing:
        lines.append(("Không gửi báo cáo nào" if vi else "Sent nothing", ", ".join(audit.units_missing)))
    if audit is not None and audit.units_off_roster:
        lines.append(
            ("Không có trong danh sách" if vi else "Not on the roster", ", ".join(audit.units_off_roster))
        )
    row = 0
    for label, value in lines:
        sheet.write_string(row, 0, label, formats.bold)
        _put(sheet, row, 1, value, formats.date if isinstance(value, dt.date) else formats.wrap)
        row += 1
    row += 1
    sheet.write_string(row, 0, "Theo tiêu chí" if vi else "By rule", formats.bold)
    row += 1
    head = ["Mã tiêu chí" if vi else "Rule", "Nội dung" if vi else "Obligation", *_counts_head(lang)]
    for col, label in enumerate(head):
        sheet.write_string(row, col, label, formats.header)
    cell_formats = [formats.text, formats.wrap, *_counts_formats(formats)]
    for r in tally.rates("rule"):
        row += 1
        values = [r.key, r.title.pick(lang) if r.title else None, *_counts(r)]
        for col, (value, fmt) in enumerate(zip(values, cell_formats, strict=True)):
            _put(sheet, row, col, value, fmt)


def _by_unit(book: Workbook, tally: Tally, lang: Lang, formats: _Formats) -> None:
    vi = lang == "vi"
    head = [
        "Mã đơn vị" if vi else "Unit id",
        "Năm học" if vi else "School year",
        "Tên đơn vị" if vi else "Unit name",
        *_counts_head(lang),
    ]
    table = _Table(book, "Theo đơn vị" if vi else "By unit", head, [24, 11, 40, *[12] * 7], formats)
    cell_formats = [formats.text, formats.text, formats.wrap, *_counts_formats(formats)]
    for unit, year, r in tally.unit_rates():
        table.add([unit, year, r.title.pick(lang) if r.title else None, *_counts(r)], cell_formats)
    table.close()


def _trends(book: Workbook, trends: Trends, lang: Lang, formats: _Formats) -> None:
    """The trend sheet: one row per district (then rule) and saved run, oldest run first, with
    its counts and rate: what the HTML page's trend section draws, ready for a pivot or a chart."""
    vi = lang == "vi"
    head = [
        "Theo" if vi else "By",
        "Mã" if vi else "Key",
        "Tên" if vi else "Name",
        "Lần kiểm tra" if vi else "Run",
        "Tính đến ngày" if vi else "As of",
        *_counts_head(lang),
    ]
    table = _Table(book, "Xu hướng" if vi else "Trends", head, [14, 28, 50, 12, 13, *[12] * 7], formats)
    cell_formats = [formats.text, formats.text, formats.wrap, None, formats.date, *_counts_formats(formats)]
    as_of = {r.run: r.as_of for r in trends.runs}
    for scope, lines in (
        ("Quận/huyện" if vi else "District", trends.by_district),
        ("Tiêu chí" if vi else "Rule", trends.by_rule),
    ):
        for line in lines:
            title = line.title.pick(lang) if line.title else None
            for p in line.points:
                table.add([scope, line.key, title, p.run, as_of.get(p.run), *_point(p)], cell_formats)
    table.close()


def _trend_chart(book: Workbook, trends: Trends, lang: Lang, formats: _Formats) -> None:
    """With two runs or more: each district's rate run by run (a row each, a column per run) and
    an Excel line chart of those rows, a marker on every run, a gap where a run has no rate."""
    if len(trends.runs) < 2 or not trends.by_district:
        return
    vi = lang == "vi"
    name = "Biểu đồ xu hướng" if vi else "Trend chart"
    sheet = book.add_worksheet(name)
    last = len(trends.runs)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, last, 13)
    sheet.write_string(0, 0, "Quận/huyện" if vi else "District", formats.header)
    for col, run in enumerate(trends.runs, 1):
        sheet.write_string(0, col, f"#{run.run} {run.as_of:%d/%m/%Y}", formats.header)
    chart = book.add_chart({"type": "line"})
    if not isinstance(chart, ChartLine):  # None only for a chart type XlsxWriter does not know
        raise TypeError("XlsxWriter made no line chart")
    for row, line in enumerate(trends.by_district, 1):
        sheet.write_string(row, 0, _text(line.title.pick(lang) if line.title else line.key))
        at = {p.run: p for p in line.points}
        for col, run in enumerate(trends.runs, 1):
            point = at.get(run.run)
            if point is not None and point.rate is not None:
                sheet.write_number(row, col, point.rate, formats.percent)
        chart.add_series(
            {
                "name": [name, row, 0],
                "categories": [name, 0, 1, 0, last],
                "values": [name, row, 1, row, last],
                "marker": {"type": "circle", "size": 6},
            }
        )
    chart.set_title({"name": "Tỷ lệ đạt theo quận/huyện" if vi else "Compliance rate by district"})
    chart.set_y_axis({"min": 0, "max": 1, "num_format": "0%"})
    chart.show_blanks_as("gap")
    sheet.insert_chart(len(trends.by_district) + 2, 0, chart, {"x_scale": 1.5, "y_scale": 1.2})


def _point(p: TrendPoint) -> list[Cell | float]:
    return [p.passed, p.failed, p.errors, p.pending, p.not_applicable, p.waived, p.rate]


def _rollups(book: Workbook, result: CheckResult, lang: Lang, formats: _Formats) -> None:
    """The roll-up sheet (docs/audit.md, "Roll-ups"): per dimension and group, a row for all its
    rules (units, those that sent nothing, counts, rate, reports, what fails by severity), then a
    row per rule (its counts and rate); codes beside labels, for filters and pivot tables."""
    if result.audit is None or not result.audit.rollups:
        return
    vi = lang == "vi"
    severities = list(SEVERITY_LABELS)
    head = [
        "Mã chiều" if vi else "Dimension code",
        "Tổng hợp theo" if vi else "Dimension",
        "Mã nhóm" if vi else "Group code",
        "Nhóm" if vi else "Group",
        "Mã tiêu chí" if vi else "Rule id",
        "Nội dung" if vi else "Obligation",
        "Đơn vị" if vi else "Units",
        "Không gửi gì" if vi else "Sent nothing",
        *_counts_head(lang),
        "Nộp đúng hạn" if vi else "Reports on time",
        "Nộp muộn" if vi else "Reports late",
        "Quá hạn chưa nộp" if vi else "Reports not received",
        "Chưa đến hạn nộp" if vi else "Reports not yet due",
        *(
            ("Không đạt, lỗi: " if vi else "Not met, error: ") + SEVERITY_LABELS[s].pick(lang)
            for s in severities
        ),
    ]
    widths = [12, 16, 24, 30, 26, 48, 9, 9, *[10] * 7, *[10] * 4, *[10] * len(severities)]
    table = _Table(book, "Theo nhóm" if vi else "Roll-ups", head, widths, formats)
    plain = [formats.text, formats.text, formats.text, formats.wrap, formats.text, formats.wrap, None, None]
    cell_formats = [*plain, *_counts_formats(formats), *[None] * (4 + len(severities))]
    every = "(mọi tiêu chí)" if vi else "(all rules)"
    for rollup in result.audit.rollups:
        first = [rollup.dimension.value, rollup.label.pick(lang)]
        for g in rollup.groups:
            group = [*first, g.key, g.label.pick(lang)]
            reports = [g.reports.on_time, g.reports.late, g.reports.missing, g.reports.pending]
            failing = [g.failing_by_severity.get(s.value, 0) for s in severities]
            table.add(
                [*group, None, every, g.units, g.units_missing, *_counts(g.total), *reports, *failing],
                cell_formats,
            )
            for r in g.per_rule:
                title = r.title.pick(lang) if r.title else None
                blank: list[Cell | float] = [None] * (4 + len(severities))
                table.add([*group, r.key, title, None, None, *_counts(r), *blank], cell_formats)
    table.close()


def _cell_formats(columns: Iterable[Column], formats: _Formats) -> list[Format | None]:
    return [formats.wrap if c.wrap else formats.date if c.key in DATES else formats.text for c in columns]


def _findings(book: Workbook, result: CheckResult, lang: Lang, formats: _Formats) -> None:
    name = "Kết luận" if lang == "vi" else "Findings"
    table = _Table(book, name, headers(lang), [c.width for c in COLUMNS], formats)
    plain = _cell_formats(COLUMNS, formats)
    status_col = next(i for i, c in enumerate(COLUMNS) if c.key == "status")
    by_status: dict[Status, list[Format | None]] = {}
    for status in Status:
        coloured = list(plain)
        coloured[status_col] = formats.status.get(status, formats.text)
        by_status[status] = coloured
    for r in rows(result, lang):
        table.add(r.cells, by_status[r.status])
    table.close()


def _notes(book: Workbook, result: CheckResult, lang: Lang, formats: _Formats) -> None:
    """The result's notes (documents set aside, waivers that excused nothing …), one a row, on a
    last sheet "Ghi chú" / "Notes"; no sheet when there is none."""
    if not result.notes:
        return
    table = _Table(
        book, "Ghi chú" if lang == "vi" else "Notes", ["Ghi chú" if lang == "vi" else "Note"], [120], formats
    )
    for note in result.notes:
        table.add([note.pick(lang)], [formats.wrap])
    table.close()


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    book = Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            # a sheet of a million findings is more than 4 GB of XML: ZIP64 where (only where) an
            # entry needs it; a small workbook is written exactly as without
            "use_zip64": True,
        },
    )
    formats = _Formats(book)
    tally = Tally.of(result.findings)
    _summary(book, result, tally, lang, formats)
    _rollups(book, result, lang, formats)
    _by_unit(book, tally, lang, formats)
    if result.trends is not None:
        _trends(book, result.trends, lang, formats)
        _trend_chart(book, result.trends, lang, formats)
    _findings(book, result, lang, formats)
    _notes(book, result, lang, formats)
    book.close()
