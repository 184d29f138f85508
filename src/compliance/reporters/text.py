"""The terminal report: a table per unit, Vietnamese labels by default, colour only on a TTY.

Units are written one at a time, as the findings are read. Text from reports and rule packs is
shown without the characters a terminal would obey (control characters, ESC, carriage return):
each becomes U+FFFD. The page is what rich writes (its tables, wrapping and colours), drawn by
:mod:`compliance.reporters._plain` without importing rich; every cell and line is styled text,
never a string read as markup or emoji codes: a ``[red]`` or ``:fire:`` stays as written.
"""

from __future__ import annotations

import io
import os
import sys
from itertools import groupby
from typing import BinaryIO

from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    AuditSummary,
    CheckResult,
    Finding,
    Status,
    reading_order,
    waiver_text,
)
from compliance.i18n import Lang
from compliance.reporters._plain import Console, Table
from compliance.reporters._plain import Text as RichText
from compliance.reporters._stream import TextOut, text_stream
from compliance.reporters._stream import clean_for_terminal as _c
from compliance.reporters._table import citation
from compliance.severity import Severity

_STYLE = {
    Status.pass_: "green",
    Status.fail: "bold red",
    Status.pending: "yellow",
    Status.not_applicable: "dim",
    Status.error: "bold magenta",
    Status.waived: "cyan",
}
_L = {
    "unit": ("Đơn vị", "Unit"),
    "year": ("năm học", "school year"),
    "status": ("Kết quả", "Status"),
    "severity": ("Mức độ", "Severity"),
    "rule": ("Mã tiêu chí", "Rule"),
    "detail": ("Nội dung", "Detail"),
    "details": ("Chi tiết các mục không đạt", "Details of what is not met"),
    "source": ("Căn cứ", "Source"),
    "note": ("Ghi chú", "Note"),
    "evidence": ("Minh chứng", "Evidence"),
    "fix": ("Cách khắc phục", "What to do"),
    "total": ("Tổng cộng", "Total"),
    "findings": ("kết luận", "findings"),
    "as_of": ("tính đến ngày", "as of"),
    "problems": ("Văn bản không đọc được", "Documents that could not be read"),
    "none": (
        "Không có kết luận nào: không có văn bản nào được kiểm tra.",
        "No findings: no document was checked.",
    ),
    "corrected": ("đính chính ngày in", "corrects the printed date"),
    "waiver": ("Miễn trừ", "Waiver"),
    "reporting": ("Đơn vị có báo cáo", "Units reporting"),
    "documents": ("văn bản", "documents"),
    "unreadable": ("không đọc được", "unreadable"),
    "missing": ("Không gửi báo cáo nào", "Sent nothing"),
    "rollups": ("Tổng hợp theo nhóm", "Roll-ups"),
    "units": ("Đơn vị", "Units"),
    "sent_nothing": ("Không gửi", "Sent nothing"),
    "rate": ("Tỷ lệ đạt", "Rate"),
    "late": ("Nộp muộn", "Late"),
    "not_received": ("Chưa nộp", "Not received"),
    "failing": ("Không đạt, lỗi theo mức độ", "Not met or error, by severity"),
}


def _l(key: str, lang: Lang) -> str:
    vi, en = _L[key]
    return vi if lang == "vi" else en


def render(
    result: CheckResult, lang: Lang = "vi", *, color: bool | None = None, width: int | None = None
) -> str:
    """The whole report as one string; colour when ``color`` (default: standard output is a terminal)."""
    out = io.BytesIO()
    write(result, lang, out, color=sys.stdout.isatty() if color is None else color, width=width)
    return out.getvalue().decode("utf-8")


def write(
    result: CheckResult,
    lang: Lang,
    out: BinaryIO,
    *,
    color: bool | None = None,
    width: int | None = None,
) -> None:
    """Write the report to ``out``; colour when ``color`` (default: ``out`` is a terminal)."""
    with text_stream(out) as stream:
        _write(result, lang, stream, stream.isatty() if color is None else color, width)


def _write(result: CheckResult, lang: Lang, out: TextOut, tty: bool, width: int | None) -> None:
    console = Console(
        out,
        color=tty,
        width=width or (None if tty else int(os.environ.get("COLUMNS", "120"))),
    )
    as_of = result.as_of.strftime("%d/%m/%Y")
    for (unit_id, year), group in groupby(result.findings, key=lambda f: (f.unit_id, f.school_year)):
        findings = sorted(group, key=reading_order)
        name = _c(findings[0].unit_name or unit_id)
        console.print(
            RichText(
                f"{_l('unit', lang)}: {name} ({_c(unit_id)}) — {_l('year', lang)} {_c(year)}, {_l('as_of', lang)} {as_of}",
                style="bold",
            )
        )
        table = Table(show_lines=False, expand=False, header_style="bold")
        table.add_column(RichText(_l("status", lang)), no_wrap=True)
        table.add_column(RichText(_l("severity", lang)), no_wrap=True)
        table.add_column(RichText(_l("rule", lang)), no_wrap=True)
        table.add_column(RichText(_l("detail", lang)), overflow="fold")
        for f in findings:
            detail = RichText(_c(f.title.pick(lang)), style="bold")
            detail.append("\n" + _c(f.message.pick(lang)), style="")
            if waiver := waiver_text(f, lang):
                detail.append(f"\n{_l('waiver', lang)}: {_c(waiver)}", style="cyan")
            table.add_row(
                RichText(STATUS_LABELS[f.status].pick(lang), style=_STYLE[f.status]),
                RichText(SEVERITY_LABELS[f.severity].pick(lang)),
                RichText(_c(f.rule_id)),
                detail,
            )
        console.print(table)
        bad = [f for f in findings if f.status in (Status.fail, Status.error)]
        if bad:
            console.print(RichText(_l("details", lang), style="bold underline"))
            for f in bad:
                _detail(console, f, lang)
        console.print()
    if not result.findings:
        console.print(RichText(_l("none", lang)))
    if result.audit is not None:
        a = result.audit
        expected = f"/{a.units_expected}" if a.units_expected is not None else ""
        console.print(
            RichText(
                f"{_l('reporting', lang)}: {a.units_reporting}{expected}; {_l('documents', lang)}: {a.documents}; "
                f"{_l('unreadable', lang)}: {a.unreadable}",
                style="bold",
            )
        )
        if a.units_missing:
            console.print(
                RichText(f"{_l('missing', lang)}: {_c(', '.join(a.units_missing))}", style="bold red")
            )
        _rollups(console, a, lang)
    for note in result.notes:
        console.print(RichText("• " + _c(note.pick(lang)), style="yellow"))
    if result.problems:
        console.print(RichText(_l("problems", lang), style="bold red"))
        for p in result.problems:
            console.print(RichText(_c(f"  {p.location()} [{p.code}] {p.message.pick(lang)}")))
    counts = ", ".join(
        f"{STATUS_LABELS[Status(s)].pick(lang).lower()} {n}" for s, n in result.summary.by_status.items() if n
    )
    console.print(
        RichText(
            f"{_l('total', lang)}: {result.summary.findings} {_l('findings', lang)} ({counts or '0'})",
            style="bold",
        )
    )


def _rollups(console: Console, audit: AuditSummary, lang: Lang) -> None:
    """A table per roll-up dimension that has more than one group (docs/audit.md, "Roll-ups")."""
    shown = [r for r in audit.rollups if len(r.groups) > 1]
    if not shown:
        return
    console.print(RichText(_l("rollups", lang), style="bold"))
    for rollup in shown:
        table = Table(show_lines=False, expand=False, header_style="bold")
        table.add_column(rollup.label.pick(lang))
        for key in ("units", "sent_nothing", "rate"):
            table.add_column(_l(key, lang), justify="right", no_wrap=True)
        for status in (Status.fail, Status.error):
            table.add_column(STATUS_LABELS[status].pick(lang), justify="right", no_wrap=True)
        for key in ("late", "not_received"):
            table.add_column(_l(key, lang), justify="right", no_wrap=True)
        table.add_column(_l("failing", lang))
        for g in rollup.groups:
            rate = g.total.rate
            failing = ", ".join(
                f"{SEVERITY_LABELS[Severity(s)].pick(lang).lower()} {n}"
                for s, n in g.failing_by_severity.items()
                if n
            )
            table.add_row(
                _c(g.label.pick(lang)),
                str(g.units),
                str(g.units_missing),
                f"{rate:.0%}" if rate is not None else "—",
                str(g.total.failed),
                str(g.total.errors),
                str(g.reports.late),
                str(g.reports.missing),
                failing,
            )
        console.print(table)


def _detail(console: Console, f: Finding, lang: Lang) -> None:
    console.print(RichText(_c(f"▸ {f.rule_id} — {f.title.pick(lang)}"), style=_STYLE[f.status]))
    console.print(RichText(_c(f"  {f.message.pick(lang)}")))
    if f.source is not None:  # the engine's own findings (compliance/…) quote no plan
        quote = f.source.quote if len(f.source.quote) <= 240 else f.source.quote[:237] + "…"
        console.print(RichText(_c(f"  {_l('source', lang)}: {citation(f, lang)}: “{quote}”")))
    if f.deadline and f.deadline.correction and f.deadline.printed:
        console.print(
            RichText(
                _c(f"  ({_l('corrected', lang)} “{f.deadline.printed}”: {f.deadline.correction.pick(lang)})")
            )
        )
    for note in f.notes:
        console.print(RichText(_c(f"  {_l('note', lang)}: {note.pick(lang)}")))
    for e in f.evidence[:5]:
        console.print(RichText(_c(f"  {_l('evidence', lang)}: {e.location()}")))
    console.print(RichText(_c(f"  {_l('fix', lang)}: {f.remediation.pick(lang)}")))
