"""The flat, one-row-per-finding view shared by the spreadsheet reporters (CSV, XLSX).

Every localised label (status, severity, check kind) has its stable code in the next column, so
that a filter or a formula does not depend on the language; the unit id and the school year are
columns of their own, and so are the unit's province, district (as written) and school levels
(codes separated by a space), so that a pivot table gives the roll-ups. Values keep their type
(a date is a :class:`datetime.date`, a count an ``int``, nothing is ``None``): the XLSX reporter
writes real date cells, the CSV reporter ISO dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    CheckResult,
    Finding,
    InputProblem,
    Status,
    kind_label,
    waiver_text,
)
from compliance.i18n import Lang

Cell = str | int | dt.date | None


class Column(NamedTuple):
    key: str
    vi: str
    en: str
    width: int = 16  # characters, in a spreadsheet
    wrap: bool = False  # long text: wrapped in a spreadsheet cell


COLUMNS: list[Column] = [
    Column("unit_id", "Mã đơn vị", "Unit id", 24),
    Column("unit_name", "Tên đơn vị", "Unit name", 32, wrap=True),
    Column("unit_type", "Loại đơn vị", "Unit type", 14),
    Column("province", "Tỉnh/thành phố", "Province", 16),
    Column("district", "Quận/huyện", "District", 16),
    Column("school_levels", "Cấp học", "School levels", 12),
    Column("school_year", "Năm học", "School year", 11),
    Column("pack", "Bộ tiêu chí", "Rule pack", 24),
    Column("rule_id", "Mã tiêu chí", "Rule id", 26),
    Column("title", "Nội dung", "Obligation", 48, wrap=True),
    Column("kind", "Loại kiểm tra", "Check kind", 16),
    Column("kind_code", "Mã loại kiểm tra", "Kind code", 12),
    Column("severity", "Mức độ", "Severity", 12),
    Column("severity_code", "Mã mức độ", "Severity code", 10),
    Column("status", "Kết quả", "Status", 14),
    Column("status_code", "Mã kết quả", "Status code", 14),
    Column("message", "Chi tiết", "Detail", 60, wrap=True),
    Column("due", "Hạn (ngày D)", "Due (D)", 12),
    Column("last_allowed_day", "Hạn chót", "Last allowed day", 12),
    Column("received", "Ngày nhận", "Received", 12),
    Column("days_late", "Số ngày muộn", "Days late", 9),
    Column("evidence", "Minh chứng", "Evidence", 50, wrap=True),
    Column("notes", "Ghi chú", "Notes", 40, wrap=True),
    Column("citation", "Căn cứ", "Source", 40, wrap=True),
    Column("source_document", "Tệp văn bản nguồn", "Source file", 24),
    Column("source_section", "Mục", "Section", 10),
    Column("source_quote", "Trích dẫn", "Quote", 60, wrap=True),
    Column("remediation", "Cách khắc phục", "What to do", 60, wrap=True),
    Column("waiver", "Miễn trừ", "Waiver", 24, wrap=True),
]
KEYS = [c.key for c in COLUMNS]
DATES = frozenset(("due", "last_allowed_day", "received"))

# The code and label of the rows that are unreadable documents rather than findings.
UNREADABLE = "unreadable-document"


def headers(lang: Lang) -> list[str]:
    return [c.vi if lang == "vi" else c.en for c in COLUMNS]


def citation(f: Finding, lang: Lang) -> str:
    """The plan named as an officer names it, with the section: "Kế hoạch ngày 21/9/2023 của Phòng
    GDĐT quận Thanh Xuân, mục C.II" (the source file name when the pack does not say); "" for the
    engine's own findings (``compliance/…``), which no plan is the source of."""
    if f.source is None:
        return ""
    section = ("mục " if lang == "vi" else "section ") + f.source.section
    if f.source.plan is not None:
        return f"{f.source.plan.pick(lang)}, {section}"
    return f"{f.source.document}, {section}"


def notes_text(f: Finding, lang: Lang) -> str:
    return " ".join(n.pick(lang) for n in f.notes)


def evidence_text(f: Finding) -> str:
    return "; ".join(str(e.location()) for e in f.evidence)


def row(f: Finding, lang: Lang) -> list[Cell]:
    """One finding, in the order of :data:`COLUMNS`."""
    d = f.deadline
    return [
        f.unit_id,
        f.unit_name,
        f.unit_type,
        f.place.province if f.place else None,
        f.place.district if f.place else None,
        " ".join(f.place.school_levels) if f.place and f.place.school_levels else None,
        f.school_year,
        f.pack,
        f.rule_id,
        f.title.pick(lang),
        kind_label(f.kind).pick(lang),
        f.kind,
        SEVERITY_LABELS[f.severity].pick(lang),
        f.severity.value,
        STATUS_LABELS[f.status].pick(lang),
        f.status.value,
        f.message.pick(lang),
        d.due if d else None,
        d.last_allowed_day if d else None,
        d.received if d else None,
        d.days_late if d else None,
        evidence_text(f),
        notes_text(f, lang),
        citation(f, lang),
        f.source.document if f.source else None,
        f.source.section if f.source else None,
        f.source.quote if f.source else None,
        f.remediation.pick(lang),
        waiver_text(f, lang),
    ]


def problem_row(p: InputProblem, lang: Lang) -> list[Cell]:
    """A document that could not be read, as a row of its own (an audit drops nothing)."""
    label = "Văn bản không đọc được" if lang == "vi" else "Document could not be read"
    values: dict[str, Cell] = {
        "title": label,
        "kind": label,
        "kind_code": UNREADABLE,
        "status": STATUS_LABELS[Status.error].pick(lang),
        "status_code": Status.error.value,
        "message": f"[{p.code}] {p.message.pick(lang)}",
        "evidence": str(p.location()),
        "remediation": p.fix.pick(lang) if p.fix else None,
    }
    return [values.get(k) for k in KEYS]


class Row(NamedTuple):
    status: Status
    cells: list[Cell]


def rows(result: CheckResult, lang: Lang) -> Iterator[Row]:
    """Every finding, then every problem of an unreadable document, as it is read."""
    for f in result.findings:
        yield Row(f.status, row(f, lang))
    for p in result.problems:
        yield Row(Status.error, problem_row(p, lang))
