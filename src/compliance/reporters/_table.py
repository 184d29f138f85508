"""The flat, one-row-per-finding view shared by the spreadsheet reporters (CSV, XLSX)."""

from __future__ import annotations

from typing import Any

from compliance.findings import SEVERITY_LABELS, STATUS_LABELS, CheckResult, Finding, InputProblem, Status
from compliance.i18n import Lang

_HEADERS: list[tuple[str, str, str]] = [
    ("unit_id", "Mã đơn vị", "Unit id"),
    ("unit_name", "Tên đơn vị", "Unit name"),
    ("unit_type", "Loại đơn vị", "Unit type"),
    ("school_year", "Năm học", "School year"),
    ("pack", "Bộ tiêu chí", "Rule pack"),
    ("rule_id", "Mã tiêu chí", "Rule id"),
    ("title", "Nội dung", "Obligation"),
    ("severity", "Mức độ", "Severity"),
    ("status", "Kết quả", "Status"),
    ("message", "Chi tiết", "Detail"),
    ("due", "Hạn (ngày D)", "Due (D)"),
    ("last_allowed_day", "Hạn chót", "Last allowed day"),
    ("received", "Ngày nhận", "Received"),
    ("days_late", "Số ngày muộn", "Days late"),
    ("evidence", "Minh chứng", "Evidence"),
    ("notes", "Ghi chú", "Notes"),
    ("citation", "Căn cứ", "Source"),
    ("source_document", "Tệp văn bản nguồn", "Source file"),
    ("source_section", "Mục", "Section"),
    ("source_quote", "Trích dẫn", "Quote"),
    ("remediation", "Cách khắc phục", "What to do"),
    ("waiver", "Miễn trừ", "Waiver"),
]
KEYS = [k for k, _, _ in _HEADERS]


def headers(lang: Lang) -> list[str]:
    return [vi if lang == "vi" else en for _, vi, en in _HEADERS]


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


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


def row(f: Finding, lang: Lang) -> dict[str, Any]:
    d = f.deadline
    return {
        "unit_id": f.unit_id,
        "unit_name": f.unit_name or "",
        "unit_type": f.unit_type,
        "school_year": f.school_year,
        "pack": f.pack or "",
        "rule_id": f.rule_id,
        "title": f.title.pick(lang),
        "severity": SEVERITY_LABELS[f.severity].pick(lang),
        "status": STATUS_LABELS[f.status].pick(lang),
        "message": f.message.pick(lang),
        "due": _day(d.due) if d else "",
        "last_allowed_day": _day(d.last_allowed_day) if d else "",
        "received": _day(d.received) if d else "",
        "days_late": d.days_late if d and d.days_late is not None else "",
        "evidence": evidence_text(f),
        "notes": notes_text(f, lang),
        "citation": citation(f, lang),
        "source_document": f.source.document if f.source else "",
        "source_section": f.source.section if f.source else "",
        "source_quote": f.source.quote if f.source else "",
        "remediation": f.remediation.pick(lang),
        "waiver": f.waiver or "",
    }


def problem_row(p: InputProblem, lang: Lang) -> dict[str, Any]:
    """A document that could not be read, as a row of its own (an audit drops nothing)."""
    return dict.fromkeys(KEYS, "") | {
        "status": STATUS_LABELS[Status.error].pick(lang),
        "title": "Văn bản không đọc được" if lang == "vi" else "Document could not be read",
        "message": f"[{p.code}] {p.message.pick(lang)}",
        "evidence": str(p.location()),
        "remediation": p.fix.pick(lang) if p.fix else "",
    }


def rows(result: CheckResult, lang: Lang) -> list[dict[str, Any]]:
    return [row(f, lang) for f in result.findings] + [problem_row(p, lang) for p in result.problems]
