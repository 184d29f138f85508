"""reporters/xlsx.py: a workbook that reopens, with a summary sheet and a filtered findings sheet."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from compliance import CheckResult
from compliance.reporters import render


def test_xlsx_reopens_with_summary_filters_and_frozen_header(example_audit: CheckResult) -> None:
    book = load_workbook(io.BytesIO(render(example_audit, "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Tổng hợp", "Kết luận"]
    sheet = book["Kết luận"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref is not None
    assert sheet.max_row == len(example_audit.findings) + 1
    assert sheet.cell(1, 1).value == "Mã đơn vị"


def test_xlsx_in_english(example_audit: CheckResult) -> None:
    book = load_workbook(io.BytesIO(render(example_audit, "xlsx", "en")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Summary", "Findings"]
    labels = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert {"Units expected", "Units reporting", "Met", "Not met", "Sent nothing"} <= set(labels)
    assert book["Findings"].cell(1, 1).value == "Unit id"


def test_unreadable_documents_are_rows_of_their_own(unreadable_audit: CheckResult) -> None:
    book = load_workbook(io.BytesIO(render(unreadable_audit, "xlsx")))  # type: ignore[arg-type]
    assert book["Kết luận"].max_row == len(unreadable_audit.findings) + len(unreadable_audit.problems) + 1
