"""XLSX (openpyxl): a summary sheet and a findings sheet with filters and a frozen header."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from compliance.findings import STATUS_LABELS, CheckResult, Rate, Status, rates
from compliance.i18n import Lang
from compliance.reporters._table import KEYS, headers, rows

_FILL = {
    Status.pass_: "C6EFCE",
    Status.fail: "FFC7CE",
    Status.pending: "FFEB9C",
    Status.error: "E4C1F9",
    Status.waived: "BDD7EE",
}
_BOLD = Font(bold=True)


def _rate_rows(items: list[Rate], lang: Lang) -> list[list[object]]:
    return [
        [
            r.key,
            (r.title.pick(lang) if r.title else ""),
            r.passed,
            r.failed,
            r.errors,
            r.pending,
            r.not_applicable,
            r.waived,
            round(r.rate, 4) if r.rate is not None else None,
        ]
        for r in items
    ]


def render(result: CheckResult, lang: Lang = "vi") -> bytes:
    vi = lang == "vi"
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "Tổng hợp" if vi else "Summary"
    summary.append(["Tính đến ngày" if vi else "As of", result.as_of.strftime("%d/%m/%Y")])
    audit = result.audit
    if audit is not None:
        if audit.units_expected is not None:
            summary.append(["Đơn vị phải báo cáo" if vi else "Units expected", audit.units_expected])
        summary.append(["Đơn vị có báo cáo" if vi else "Units reporting", audit.units_reporting])
        summary.append(["Số văn bản" if vi else "Documents", audit.documents])
        summary.append(["Văn bản không đọc được" if vi else "Unreadable documents", audit.unreadable])
    else:
        summary.append(["Số đơn vị" if vi else "Units", result.summary.units])
    summary.append(["Số kết luận" if vi else "Findings", result.summary.findings])
    for status, count in result.summary.by_status.items():
        summary.append([STATUS_LABELS[Status(status)].pick(lang), count])
    if audit is not None and audit.units_missing:
        summary.append(["Không gửi báo cáo nào" if vi else "Sent nothing", ", ".join(audit.units_missing)])
    if audit is not None and audit.units_off_roster:
        summary.append(
            ["Không có trong danh sách" if vi else "Not on the roster", ", ".join(audit.units_off_roster)]
        )
    head = (
        [
            "Mã tiêu chí",
            "Nội dung",
            "Đạt",
            "Không đạt",
            "Lỗi",
            "Chưa đến hạn",
            "Không áp dụng",
            "Được miễn",
            "Tỷ lệ đạt",
        ]
        if vi
        else ["Rule", "Obligation", "Met", "Not met", "Error", "Pending", "N/A", "Waived", "Rate"]
    )
    for label, items in (
        ("Theo tiêu chí" if vi else "By rule", rates(result.findings, "rule")),
        ("Theo đơn vị" if vi else "By unit", rates(result.findings, "unit")),
    ):
        summary.append([])
        summary.append([label])
        summary.cell(summary.max_row, 1).font = _BOLD
        summary.append(
            head
            if label.startswith(("Theo tiêu chí", "By rule"))
            else ["Đơn vị" if vi else "Unit", "Tên đơn vị" if vi else "Unit name", *head[2:]]
        )
        for cell in summary[summary.max_row]:
            cell.font = _BOLD
        for rate_row in _rate_rows(items, lang):
            summary.append(rate_row)
            summary.cell(summary.max_row, 9).number_format = "0.0%"
    summary.column_dimensions["A"].width = 34
    summary.column_dimensions["B"].width = 60

    sheet = book.create_sheet("Kết luận" if vi else "Findings")
    sheet.append(headers(lang))
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    status_col = KEYS.index("status") + 1
    statuses = [f.status for f in result.findings] + [Status.error] * len(result.problems)
    for status, values in zip(statuses, rows(result, lang), strict=True):
        sheet.append([values[k] for k in KEYS])
        fill = _FILL.get(status)
        if fill:
            sheet.cell(sheet.max_row, status_col).fill = PatternFill(
                "solid", start_color=fill, end_color=fill
            )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(KEYS))}{max(sheet.max_row, 1)}"
    widths = {
        "unit_name": 32,
        "title": 48,
        "message": 60,
        "evidence": 50,
        "source_quote": 60,
        "remediation": 60,
    }
    for i, key in enumerate(KEYS, 1):
        sheet.column_dimensions[get_column_letter(i)].width = widths.get(key, 16)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
