"""reporters/xlsx.py: a workbook that reopens, with a summary sheet, per-unit counts and a findings
sheet people can filter: real dates, wrapped text, widths, codes beside labels, frozen headers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from openpyxl.utils import get_column_letter

from compliance import CheckResult, Status
from compliance.findings import SEVERITY_LABELS, STATUS_LABELS
from compliance.reporters import render, xlsx
from compliance.reporters._table import UNREADABLE
from hostile import FORBIDDEN, HOSTILE, hostile
from sheets import book, cells


def _header(rows: list[tuple[object, ...]]) -> list[object]:
    return list(rows[0])


def test_xlsx_reopens_with_summary_units_and_findings(example_audit: CheckResult) -> None:
    opened = book(render(example_audit, "xlsx"))
    assert opened.sheetnames == ["Tổng hợp", "Theo nhóm", "Theo đơn vị", "Kết luận"]
    sheet = opened["Kết luận"]
    assert sheet.max_row == len(example_audit.findings) + 1
    assert sheet.cell(1, 1).value == "Mã đơn vị"


def test_xlsx_in_english(example_audit: CheckResult) -> None:
    opened = book(render(example_audit, "xlsx", "en"))
    assert opened.sheetnames == ["Summary", "Roll-ups", "By unit", "Findings"]
    labels = [row[0] for row in opened["Summary"].iter_rows(values_only=True)]
    assert {"Units expected", "Units reporting", "Met", "Not met", "Sent nothing"} <= set(labels)
    assert opened["Findings"].cell(1, 1).value == "Unit id"


@pytest.mark.parametrize("name", ["Theo đơn vị", "Kết luận"])
def test_every_table_has_a_frozen_header_and_a_filter_on_every_column(
    example_audit: CheckResult, name: str
) -> None:
    sheet = book(render(example_audit, "xlsx"))[name]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    assert all(cell.font.bold for cell in sheet[1])


def test_each_label_has_its_code_beside_it(example_audit: CheckResult) -> None:
    rows = cells(render(example_audit, "xlsx", "en"))["Findings"]
    head = _header(rows)
    for label, code in (
        ("Status", "Status code"),
        ("Severity", "Severity code"),
        ("Check kind", "Kind code"),
    ):
        assert head.index(code) == head.index(label) + 1
    status, severity, kind = head.index("Status code"), head.index("Severity code"), head.index("Kind code")
    for row, f in zip(rows[1:], example_audit.findings, strict=True):
        assert row[status] == f.status.value and row[status - 1] == STATUS_LABELS[f.status].en
        assert row[severity] == f.severity.value and row[severity - 1] == SEVERITY_LABELS[f.severity].en
        assert row[kind] == f.kind
    assert {"deadline", "required"} <= {row[kind] for row in rows[1:]}


def test_dates_are_date_cells_and_days_late_numbers(example_audit: CheckResult) -> None:
    sheet = book(render(example_audit, "xlsx", "en"))["Findings"]
    head = [c.value for c in sheet[1]]
    late = next(
        f for f in example_audit.findings if f.deadline and f.deadline.days_late and f.deadline.received
    )
    row = next(
        r
        for r in sheet.iter_rows(min_row=2)
        if (r[0].value, r[head.index("Rule id")].value) == (late.unit_id, late.rule_id)
    )
    assert late.deadline is not None
    due: Any = row[head.index("Due (D)")]
    received: Any = row[head.index("Received")].value
    assert due.is_date and due.value.date() == late.deadline.due and due.number_format == "dd/mm/yyyy"
    assert received.date() == late.deadline.received
    assert row[head.index("Days late")].value == late.deadline.days_late


def test_long_text_wraps_in_wide_columns(example_audit: CheckResult) -> None:
    sheet = book(render(example_audit, "xlsx", "en"))["Findings"]
    head = [c.value for c in sheet[1]]
    message = head.index("Detail") + 1
    assert sheet.cell(2, message).alignment.wrap_text
    assert sheet.column_dimensions[get_column_letter(message)].width >= 50
    assert not sheet.cell(2, head.index("Status code") + 1).alignment.wrap_text


def test_units_have_their_id_and_school_year_apart(example_audit: CheckResult) -> None:
    rows = cells(render(example_audit, "xlsx", "en"))["By unit"]
    assert _header(rows)[:3] == ["Unit id", "School year", "Unit name"]
    assert example_audit.audit is not None
    assert [(r[0], r[1]) for r in rows[1:]] == [
        tuple(rate.key.removesuffix(")").split(" (")) for rate in example_audit.audit.per_unit
    ]
    kim_giang = next(r for r in rows if r[0] == "VN-HN-TX-TH-KIMGIANG")
    assert kim_giang[1] == "2023-2024" and kim_giang[2] == "Trường Tiểu học Kim Giang"


def test_the_summary_gives_the_as_of_date_as_a_date(example_audit: CheckResult) -> None:
    rows = cells(render(example_audit, "xlsx", "en"))["Summary"]
    assert rows[0][:2] == ("As of", dt.datetime(2024, 6, 30))


def test_unreadable_documents_are_rows_of_their_own(unreadable_audit: CheckResult) -> None:
    rows = cells(render(unreadable_audit, "xlsx"))["Kết luận"]
    assert len(rows) == len(unreadable_audit.findings) + len(unreadable_audit.problems) + 1
    code = _header(rows).index("Mã loại kiểm tra")
    assert [r[code] for r in rows[-len(unreadable_audit.problems) :]] == [UNREADABLE] * len(
        unreadable_audit.problems
    )


def test_past_the_row_limit_findings_go_on_to_another_sheet(
    example_audit: CheckResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_ROWS", 41)
    opened = book(render(example_audit, "xlsx"))
    parts = [s for s in opened.sheetnames if s.startswith("Kết luận")]
    assert parts == ["Kết luận", "Kết luận (2)", "Kết luận (3)"]
    rows = [r for name in parts for r in list(opened[name].iter_rows(values_only=True))[1:]]
    assert len(rows) == len(example_audit.findings)
    assert all(opened[name].freeze_panes == "A2" and opened[name].auto_filter.ref for name in parts)


def test_hostile_text_is_replaced_and_the_workbook_opens(example_audit: CheckResult) -> None:
    sheets = cells(render(hostile(example_audit), "xlsx"))
    text = "".join(str(v) for rows in sheets.values() for row in rows for v in row if v is not None)
    assert not set(FORBIDDEN) & set(text)
    assert "Đơn vị Trường\ufffd số\ufffd 1\ufffd <b>&" in text


def test_text_that_looks_like_a_formula_or_a_link_stays_text(example_audit: CheckResult) -> None:
    tricky = ['=HYPERLINK("http://example.invalid")', "https://example.invalid", "0123"]
    findings = [
        dataclasses.replace(f, unit_name=name)
        for f, name in zip(example_audit.findings, tricky, strict=False)
    ]
    result = example_audit.model_copy(update={"findings": findings})
    opened = book(render(result, "xlsx"))
    sheet = opened["Kết luận"]
    assert [sheet.cell(r, 2).value for r in (2, 3, 4)] == tricky
    assert [sheet.cell(r, 2).data_type for r in (2, 3, 4)] == ["s", "s", "s"]
    assert sheet.cell(2, 2).hyperlink is None


def test_status_cells_are_coloured_by_status(example_audit: CheckResult) -> None:
    sheet = book(render(example_audit, "xlsx", "en"))["Findings"]
    head = [c.value for c in sheet[1]]
    status = head.index("Status") + 1
    colours = {
        sheet.cell(r, status + 1).value: sheet.cell(r, status).fill.fgColor.rgb
        for r in range(2, sheet.max_row + 1)
    }
    assert colours[Status.pass_.value] != colours[Status.fail.value]
    assert str(colours[Status.fail.value]).endswith("FFC7CE")


def test_long_text_is_cut_at_the_cell_limit(example_audit: CheckResult) -> None:
    long = "Nội dung rất dài. " * 3000
    findings = [dataclasses.replace(example_audit.findings[0], unit_name=long)]
    sheet = book(render(example_audit.model_copy(update={"findings": findings}), "xlsx"))["Kết luận"]
    value: Any = sheet.cell(2, 2).value
    assert len(value) == 32_767 and value.endswith("…") and value.startswith(long[:100])


def test_hostile_unit_names_in_the_hostile_builder_are_really_hostile() -> None:
    assert set(FORBIDDEN) <= set(HOSTILE)


def test_a_sheet_past_the_zip_size_limit_is_still_written(
    example_audit: CheckResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million findings make a sheet of more than 4 GB of XML: the zip needs ZIP64 for it
    (the limit lowered here, so that the examples' sheets are past it)."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1 << 10)
    data = render(example_audit, "xlsx")
    monkeypatch.undo()
    assert isinstance(data, bytes)
    assert any(info.file_size > 1 << 10 for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(cells(data)["Kết luận"]) == len(example_audit.findings) + 1
