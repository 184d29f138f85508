"""reporters/csv_report.py: one row per finding, with a BOM so that spreadsheets read Vietnamese."""

from __future__ import annotations

import csv
import io

from compliance import CheckResult
from compliance.reporters import render


def test_csv_has_a_bom_and_one_row_per_finding(example_audit: CheckResult) -> None:
    data = render(example_audit, "csv")
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã đơn vị" and len(rows) == len(example_audit.findings) + 1
    english = list(csv.reader(io.StringIO(render(example_audit, "csv", "en").decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert english[0][:6] == ["Unit id", "Unit name", "Unit type", "School year", "Rule pack", "Rule id"]
    assert all(len(row) == len(rows[0]) for row in rows + english)
    assert any("Trường Tiểu học Kim Giang" in row for row in rows)


def test_unreadable_documents_are_rows_of_their_own(unreadable_audit: CheckResult) -> None:
    assert "hong.yaml" in render(unreadable_audit, "csv").decode("utf-8-sig")  # type: ignore[union-attr]
