"""A self-contained, printable HTML audit page: summary, charts as inline SVG, a unit × rule
matrix, overdue and missing reports, and every finding with its citation, evidence and remedy.

No scripts, fonts, images or style sheets are loaded from anywhere: the file opens offline and
prints as it looks. Every value from a report or a rule pack is escaped.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from compliance import __version__
from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    CheckResult,
    Finding,
    Rate,
    Status,
    rates,
    reading_order,
)
from compliance.i18n import Lang

_COLOR = {
    "pass": "#2e7d32",
    "fail": "#c62828",
    "pending": "#f9a825",
    "not_applicable": "#9e9e9e",
    "error": "#6a1b9a",
    "waived": "#1565c0",
}
_SYMBOL = {"pass": "✓", "fail": "✗", "pending": "…", "not_applicable": "–", "error": "!", "waived": "~"}

_CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif;margin:24px;color:#212121;line-height:1.45}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid #e0e0e0;padding-bottom:4px;margin-top:32px}
h3{font-size:1.05em;margin:20px 0 6px}.muted{color:#616161}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}.matrix td{text-align:center;font-weight:bold;min-width:22px}.matrix th.r{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
.s-pass{color:#2e7d32}.s-fail{color:#c62828}.s-pending{color:#f9a825}.s-not_applicable{color:#9e9e9e}.s-error{color:#6a1b9a}.s-waived{color:#1565c0}
.finding{border-left:4px solid #9e9e9e;padding:6px 12px;margin:10px 0;background:#fafafa;page-break-inside:avoid}
.finding.fail{border-color:#c62828}.finding.error{border-color:#6a1b9a}.finding.pending{border-color:#f9a825}.finding.pass{border-color:#2e7d32}.finding.waived{border-color:#1565c0}
blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #bdbdbd;color:#424242;background:#fff}
code{font-size:.9em;background:#eeeeee;padding:0 3px;border-radius:3px}.legend span{margin-right:14px}
.matrix a{color:inherit;text-decoration:none}
@media print{body{margin:0}h2{page-break-after:avoid}.finding{background:none}a{color:inherit;text-decoration:none}}
"""


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _status(status: str, lang: Lang) -> str:
    return STATUS_LABELS[Status(status)].pick(lang)


def _bar_chart(items: list[Rate], lang: Lang) -> str:
    """Horizontal stacked bars: passed / failed / pending / other, one per rule or unit."""
    rows = [r for r in items if r.passed + r.failed + r.errors + r.pending + r.waived]
    if not rows:
        return ""
    width, label_w, bar_w, row_h = 820, 250, 520, 22
    height = row_h * len(rows) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(_t(lang, "Biểu đồ tỷ lệ đạt", "Compliance chart"))}" font-size="12">'
    ]
    for i, r in enumerate(rows):
        y = 10 + i * row_h
        total = r.passed + r.failed + r.errors + r.pending + r.waived
        parts.append(f'<text x="0" y="{y + 14}">{escape(r.key[:38])}</text>')
        x = float(label_w)
        for count, status in (
            (r.passed, "pass"),
            (r.failed, "fail"),
            (r.errors, "error"),
            (r.waived, "waived"),
            (r.pending, "pending"),
        ):
            if count:
                w = bar_w * count / total
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{_COLOR[status]}">'
                    f"<title>{escape(_status(status, lang))}: {count}</title></rect>"
                )
                x += w
        rate = f"{r.rate:.0%}" if r.rate is not None else "—"
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{rate}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _finding(f: Finding, lang: Lang) -> str:
    lines = [
        f'<div class="finding {f.status.value}" id="{escape(f.unit_id)}--{escape(f.rule_id)}">',
        f'<b class="s-{f.status.value}">{escape(_status(f.status.value, lang))}</b> · '
        f"{escape(SEVERITY_LABELS[f.severity].pick(lang))} · <code>{escape(f.rule_id)}</code> — {escape(f.title.pick(lang))}",
        f"<div>{escape(f.message.pick(lang))}</div>",
    ]
    if f.deadline and f.deadline.correction and f.deadline.printed:
        lines.append(
            f'<div class="muted">{escape(_t(lang, "Đính chính ngày in", "Corrects the printed date"))} '
            f"“{escape(f.deadline.printed)}”: {escape(f.deadline.correction.pick(lang))}</div>"
        )
    lines.append(
        f"<blockquote>{escape(f.source.quote)}<br><span class='muted'>{escape(f.source.document)} §{escape(f.source.section)}</span></blockquote>"
    )
    for e in f.evidence[:8]:
        where = ":".join(str(x) for x in (e.document, e.line, e.column) if x is not None)
        lines.append(
            f'<div class="muted">{escape(_t(lang, "Minh chứng", "Evidence"))}: <code>{escape(where)}</code> {escape(e.pointer or "/")}</div>'
        )
    if f.waiver:
        lines.append(f"<div>{escape(_t(lang, 'Miễn trừ', 'Waiver'))}: {escape(f.waiver)}</div>")
    if f.status in (Status.fail, Status.error, Status.pending):
        lines.append(
            f"<div><b>{escape(_t(lang, 'Cách khắc phục', 'What to do'))}:</b> {escape(f.remediation.pick(lang))}</div>"
        )
    lines.append("</div>")
    return "\n".join(lines)


def render(result: CheckResult, lang: Lang = "vi") -> str:
    findings = result.findings
    per_rule, per_unit = rates(findings, "rule"), rates(findings, "unit")
    units = [(k, list(g)) for k, g in groupby(findings, key=lambda f: (f.unit_id, f.school_year))]
    rule_ids = list(dict.fromkeys(f.rule_id for f in findings))
    title = _t(lang, "Báo cáo kiểm tra việc thực hiện kế hoạch", "Plan compliance audit")
    html = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<div class="muted">{escape(_t(lang, "Tính đến ngày", "As of"))} {result.as_of:%d/%m/%Y} · compliance {escape(__version__)} · '
        f"{escape(_t(lang, 'bộ máy', 'engine'))} {escape(result.engine)} · "
        + escape(", ".join(p.title.pick(lang) for p in result.packs if p.id in {f.pack for f in findings}))
        + "</div>",
        '<div class="cards">',
        f'<div class="card"><b>{result.summary.units}</b>{escape(_t(lang, "đơn vị", "units"))}</div>',
    ]
    for status, count in result.summary.by_status.items():
        html.append(
            f'<div class="card"><b class="s-{status}">{count}</b>{escape(_status(status, lang))}</div>'
        )
    html.append("</div>")
    if result.audit is not None:
        a = result.audit
        expected = f" / {a.units_expected}" if a.units_expected is not None else ""
        html.append(
            f"<p>{escape(_t(lang, 'Đơn vị có báo cáo', 'Units reporting'))}: {a.units_reporting}{expected} · "
            f"{escape(_t(lang, 'văn bản', 'documents'))}: {a.documents} · "
            f"{escape(_t(lang, 'không đọc được', 'unreadable'))}: {a.unreadable}</p>"
        )
        if a.units_missing:
            html.append(
                f"<p><b class='s-fail'>{escape(_t(lang, 'Không gửi báo cáo nào', 'Sent nothing'))}:</b> "
                f"{escape(', '.join(a.units_missing))}</p>"
            )
    html.append(
        f"<h2>{escape(_t(lang, 'Tỷ lệ đạt theo luật', 'Compliance by rule'))}</h2>{_bar_chart(per_rule, lang)}"
    )
    html.append(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>".format(
            *map(
                escape,
                (
                    _t(lang, "Mã luật", "Rule"),
                    _t(lang, "Nội dung", "Obligation"),
                    _status("pass", lang),
                    _status("fail", lang),
                    _status("pending", lang),
                    _t(lang, "Tỷ lệ đạt", "Rate"),
                ),
            )
        )
    )
    for r in per_rule:
        rate = f"{r.rate:.0%}" if r.rate is not None else "—"
        html.append(
            f"<tr><td><code>{escape(r.key)}</code></td><td>{escape(r.title.pick(lang) if r.title else '')}</td>"
            f"<td>{r.passed}</td><td>{r.failed + r.errors}</td><td>{r.pending}</td><td>{rate}</td></tr>"
        )
    html.append("</table>")
    html.append(
        f"<h2>{escape(_t(lang, 'Tỷ lệ đạt theo đơn vị', 'Compliance by unit'))}</h2>{_bar_chart(per_unit, lang)}"
    )
    overdue = [f for f in findings if f.kind == "deadline" and f.status is Status.fail]
    html.append(f"<h2>{escape(_t(lang, 'Báo cáo nộp muộn hoặc còn thiếu', 'Late and missing reports'))}</h2>")
    if overdue:
        html.append(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>".format(
                *map(
                    escape,
                    (
                        _t(lang, "Đơn vị", "Unit"),
                        _t(lang, "Báo cáo", "Report"),
                        _t(lang, "Hạn chót", "Last day"),
                        _t(lang, "Ngày nhận", "Received"),
                        _t(lang, "Số ngày muộn", "Days late"),
                    ),
                )
            )
        )
        for f in overdue:
            d = f.deadline
            received = f"{d.received:%d/%m/%Y}" if d and d.received else _t(lang, "chưa nộp", "not sent")
            html.append(
                f"<tr><td>{escape(f.unit_name or f.unit_id)}</td><td>{escape(f.title.pick(lang))}</td>"
                f"<td>{d.last_allowed_day:%d/%m/%Y}</td><td>{escape(received)}</td><td>{d.days_late}</td></tr>"
                if d
                else ""
            )
        html.append("</table>")
    else:
        html.append(f"<p>{escape(_t(lang, 'Không có.', 'None.'))}</p>")
    html.append(f"<h2>{escape(_t(lang, 'Ma trận đơn vị × luật', 'Unit × rule matrix'))}</h2>")
    html.append(
        '<div class="legend">'
        + "".join(f'<span class="s-{s}">{_SYMBOL[s]} {escape(_status(s, lang))}</span>' for s in _SYMBOL)
        + "</div>"
    )
    html.append(
        '<table class="matrix"><tr><th></th>'
        + "".join(f'<th class="r">{escape(r)}</th>' for r in rule_ids)
        + "</tr>"
    )
    for (unit, year), group in units:
        by_rule = {f.rule_id: f for f in group}
        cells = []
        for rule_id in rule_ids:
            cell = by_rule.get(rule_id)
            cells.append(
                f'<td class="s-{cell.status.value}" title="{escape(_status(cell.status.value, lang))}">'
                f'<a href="#{escape(unit)}--{escape(rule_id)}">{_SYMBOL[cell.status.value]}</a></td>'
                if cell
                else "<td></td>"
            )
        name = group[0].unit_name or unit
        html.append(
            f"<tr><th>{escape(name)}<br><span class='muted'>{escape(unit)} · {escape(year)}</span></th>{''.join(cells)}</tr>"
        )
    html.append("</table>")
    html.append(f"<h2>{escape(_t(lang, 'Chi tiết theo đơn vị', 'Findings by unit'))}</h2>")
    for (unit, year), group in units:
        html.append(
            f"<h3>{escape(group[0].unit_name or unit)} <span class='muted'>({escape(unit)}, {escape(year)})</span></h3>"
        )
        html.extend(_finding(f, lang) for f in sorted(group, key=reading_order))
    if result.problems:
        html.append(
            f"<h2>{escape(_t(lang, 'Văn bản không đọc được', 'Documents that could not be read'))}</h2><ul>"
        )
        for p in result.problems:
            where = ":".join(str(x) for x in (p.file, p.line, p.column) if x is not None)
            html.append(
                f"<li><code>{escape(where)}</code> {escape(p.pointer or '')} {escape(p.message.pick(lang))}</li>"
            )
        html.append("</ul>")
    for note in result.notes:
        html.append(f"<p class='muted'>• {escape(note.pick(lang))}</p>")
    html.append("</body></html>")
    return "\n".join(html) + "\n"
