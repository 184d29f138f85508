"""A self-contained, printable HTML audit page: summary, charts as inline SVG, a unit × rule
matrix, overdue and missing reports, and every finding with its citation, evidence and remedy.

No scripts, fonts, images or style sheets are loaded from anywhere: the file opens offline and
prints as it looks. Every value from a report or a rule pack is escaped, and characters HTML calls
errors (control characters, non-characters) are replaced by U+FFFD.

The page is written as it is made: the counts come from the result's tally, and the findings are
read three times (late reports, the matrix, the details), one unit at a time, never all held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from itertools import groupby
from typing import BinaryIO

from compliance import __version__
from compliance.errors import Location
from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    CheckResult,
    Finding,
    Rate,
    RollupGroup,
    Status,
    Tally,
    reading_order,
)
from compliance.i18n import Lang
from compliance.reporters._stream import clean, text_stream
from compliance.reporters._table import citation

_COLOR = {
    Status.pass_: "#2e7d32",
    Status.fail: "#c62828",
    Status.error: "#6a1b9a",
    Status.waived: "#1565c0",
    Status.pending: "#f9a825",
    Status.not_applicable: "#9e9e9e",
}
_SYMBOL = {
    Status.pass_: "✓",
    Status.fail: "✗",
    Status.pending: "…",
    Status.not_applicable: "–",
    Status.error: "!",
    Status.waived: "~",
}

_CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Helvetica Neue",Arial,sans-serif;margin:24px;color:#212121;line-height:1.45}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid #e0e0e0;padding-bottom:4px;margin-top:32px}
h3{font-size:1.05em;margin:20px 0 6px}.muted{color:#616161}.note{color:#6d4c00}nav{margin:10px 0}nav a{margin-right:14px;color:#1565c0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.matrix td{text-align:center;font-weight:bold;min-width:22px;padding:2px 4px}
.matrix th.r{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;font-size:.85em}
.s-pass{color:#2e7d32}.s-fail{color:#c62828}.s-pending{color:#b07d00}.s-not_applicable{color:#9e9e9e}.s-error{color:#6a1b9a}.s-waived{color:#1565c0}
.finding{border-left:4px solid #9e9e9e;padding:6px 12px;margin:10px 0;background:#fafafa;break-inside:avoid}
.finding.fail{border-color:#c62828}.finding.error{border-color:#6a1b9a}.finding.pending{border-color:#f9a825}.finding.pass{border-color:#2e7d32}.finding.waived{border-color:#1565c0}
blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #bdbdbd;color:#424242;background:#fff}
code{font-size:.9em;background:#eeeeee;padding:0 3px;border-radius:3px}
.legend{margin:6px 0}.legend span{margin-right:14px;white-space:nowrap}.sw{display:inline-block;width:10px;height:10px;margin-right:4px}
.matrix a,.finding a{color:inherit;text-decoration:none}svg.chart{width:100%;max-width:860px;height:auto}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@page{size:A4;margin:12mm}
@media print{body{margin:0;font-size:10pt}nav{display:none}h2{break-after:avoid}h3{break-after:avoid}.finding{background:none}
tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}
"""


def _t(lang: Lang, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _status(status: Status, lang: Lang) -> str:
    return STATUS_LABELS[status].pick(lang)


def _rate(r: Rate) -> str:
    return f"{r.rate:.0%}" if r.rate is not None else "—"


def _legend(lang: Lang, symbols: bool = False) -> str:
    blank = (
        f'<span class="muted">□ {escape(_t(lang, "ô trống: tiêu chí không dành cho loại đơn vị này", "blank: the rule is not for this kind of unit"))}</span>'
        if symbols
        else ""
    )
    return (
        '<div class="legend">'
        + "".join(
            f'<span class="s-{s.value}">{_SYMBOL[s]} {escape(_status(s, lang))}</span>'
            if symbols
            else f'<span><i class="sw" style="background:{c}"></i>{escape(_status(s, lang))}</span>'
            for s, c in _COLOR.items()
        )
        + blank
        + "</div>"
    )


def _bar_chart(items: list[Rate], lang: Lang, label: dict[str, str]) -> str:
    """Horizontal stacked bars, one per rule or unit: how its findings split by status."""
    rows = [r for r in items if r.passed + r.failed + r.errors + r.pending + r.waived + r.not_applicable]
    if not rows:
        return ""
    width, label_w, bar_w, row_h = 860, 290, 500, 22
    height = row_h * len(rows) + 12
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-size="12" '
        f'aria-label="{escape(_t(lang, "Biểu đồ tỷ lệ đạt", "Compliance chart"))}">'
    ]
    for i, r in enumerate(rows):
        y = 6 + i * row_h
        total = r.passed + r.failed + r.errors + r.waived + r.pending + r.not_applicable
        text = label.get(r.key, r.key)
        short = text if len(text) <= 44 else text[:43] + "…"
        parts.append(f'<text x="0" y="{y + 14}"><title>{escape(text)}</title>{escape(short)}</text>')
        x = float(label_w)
        for count, status in (
            (r.passed, Status.pass_),
            (r.failed, Status.fail),
            (r.errors, Status.error),
            (r.waived, Status.waived),
            (r.pending, Status.pending),
            (r.not_applicable, Status.not_applicable),
        ):
            if count:
                w = bar_w * count / total
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" fill="{_COLOR[status]}">'
                    f"<title>{escape(_status(status, lang))}: {count}</title></rect>"
                )
                x += w
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{y + 14}">{_rate(r)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _rate_table(items: list[Rate], lang: Lang, first: list[str], cells: dict[str, list[str]]) -> str:
    head = [
        *first,
        _status(Status.pass_, lang),
        _status(Status.fail, lang),
        _status(Status.error, lang),
        _status(Status.waived, lang),
        _status(Status.pending, lang),
        _status(Status.not_applicable, lang),
        _t(lang, "Tỷ lệ đạt", "Rate"),
    ]
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for r in items:
        out.append(
            "<tr>" + "".join(cells[r.key]) + f'<td class="n">{r.passed}</td><td class="n">{r.failed}</td>'
            f'<td class="n">{r.errors}</td><td class="n">{r.waived}</td><td class="n">{r.pending}</td><td class="n">{r.not_applicable}</td><td class="n">{_rate(r)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _finding(f: Finding, anchor: str, lang: Lang) -> str:
    lines = [
        f'<div class="finding {f.status.value}" id="{anchor}">',
        f'<b class="s-{f.status.value}">{escape(_status(f.status, lang))}</b> · '
        f"{escape(SEVERITY_LABELS[f.severity].pick(lang))} · <code>{escape(f.rule_id)}</code> — "
        f"{escape(f.title.pick(lang))}",
        f"<div>{escape(f.message.pick(lang))}</div>",
    ]
    if f.deadline and f.deadline.correction and f.deadline.printed:
        lines.append(
            f'<div class="muted">{escape(_t(lang, "Đính chính ngày in", "Corrects the printed date"))} '
            f"“{escape(f.deadline.printed)}”: {escape(f.deadline.correction.pick(lang))}</div>"
        )
    if f.source is not None:  # the engine's own findings (compliance/…) quote no plan
        lines.append(
            f"<blockquote>“{escape(f.source.quote)}”<br><span class='muted'>{escape(_t(lang, 'Căn cứ', 'Source'))}: "
            f"{escape(citation(f, lang))} · {escape(f.pack or '')}</span></blockquote>"
        )
    for note in f.notes:
        lines.append(
            f'<div class="note">{escape(_t(lang, "Ghi chú", "Note"))}: {escape(note.pick(lang))}</div>'
        )
    for e in f.evidence[:8]:
        lines.append(
            f'<div class="muted">{escape(_t(lang, "Minh chứng", "Evidence"))}: '
            f"<code>{escape(str(Location(e.document, e.line, e.column)))}</code> {escape(e.pointer or '/')}</div>"
        )
    if len(f.evidence) > 8:
        more = len(f.evidence) - 8
        lines.append(
            f'<div class="muted">… {escape(_t(lang, f"và {more} mục khác", f"and {more} more"))}</div>'
        )
    if f.waiver:
        lines.append(f"<div>{escape(_t(lang, 'Miễn trừ', 'Waiver'))}: {escape(f.waiver)}</div>")
    lines.append(
        f"<div><b>{escape(_t(lang, 'Cách khắc phục', 'What to do'))}:</b> {escape(f.remediation.pick(lang))}</div>"
    )
    lines.append("</div>")
    return "\n".join(lines)


def _rollup_section(result: CheckResult, lang: Lang, put: Callable[[str], None]) -> None:
    """Roll-ups (docs/audit.md): per dimension, a table of its groups (units, those that sent
    nothing, counts by status, rate, late and missing reports, what fails by severity) and, when
    it has several groups, the rate of each rule in each group."""
    if result.audit is None or not result.audit.rollups:
        return
    put(f'<h2 id="rollups">{escape(_t(lang, "Tổng hợp theo nhóm", "Roll-ups"))}</h2>')
    statuses = (Status.pass_, Status.fail, Status.error, Status.waived, Status.pending, Status.not_applicable)
    head = [
        _t(lang, "Đơn vị", "Units"),
        _t(lang, "Không gửi gì", "Sent nothing"),
        *(_status(s, lang) for s in statuses),
        _t(lang, "Tỷ lệ đạt", "Rate"),
        _t(lang, "Nộp muộn", "Late"),
        _t(lang, "Quá hạn chưa nộp", "Not received"),
        _t(lang, "Không đạt, lỗi theo mức độ", "Not met or error, by severity"),
    ]
    for rollup in result.audit.rollups:
        note = (
            f' <span class="muted">({escape(_t(lang, "trường liên cấp có ở mỗi cấp học của trường", "a multi-level school is in each of its levels"))})</span>'
            if rollup.overlapping
            else ""
        )
        put(f"<h3>{escape(rollup.label.pick(lang))}{note}</h3>")
        out = [
            "<table><thead><tr>",
            f"<th>{escape(rollup.label.pick(lang))}</th>",
            *(f"<th>{escape(h)}</th>" for h in head),
            "</tr></thead><tbody>",
        ]
        for g in rollup.groups:
            t = g.total
            counts = (t.passed, t.failed, t.errors, t.waived, t.pending, t.not_applicable)
            failing = ", ".join(
                f"{escape(SEVERITY_LABELS[sev].pick(lang))} {g.failing_by_severity.get(sev.value, 0)}"
                for sev in SEVERITY_LABELS
                if g.failing_by_severity.get(sev.value)
            )
            out.append(
                f"<tr><td>{escape(g.label.pick(lang))}</td><td class='n'>{g.units}</td>"
                f"<td class='n{' s-fail' if g.units_missing else ''}'>{g.units_missing}</td>"
                + "".join(f"<td class='n'>{n}</td>" for n in counts)
                + f"<td class='n'>{_rate(t)}</td><td class='n'>{g.reports.late}</td>"
                f"<td class='n{' s-fail' if g.reports.missing else ''}'>{g.reports.missing}</td><td>{failing}</td></tr>"
            )
        out.append("</tbody></table>")
        put("".join(out))
        if len(rollup.groups) > 1:
            put(_rollup_rules(rollup.groups, lang))


def _rollup_rules(groups: list[RollupGroup], lang: Lang) -> str:
    """Rules × groups: the rate of each rule in each group (passed / judged)."""
    rules: dict[str, str] = {}
    for g in groups:
        for r in g.per_rule:
            rules.setdefault(r.key, r.title.pick(lang) if r.title else r.key)
    cells = {(i, r.key): r for i, g in enumerate(groups) for r in g.per_rule}
    out = [
        "<table><thead><tr>",
        f"<th>{escape(_t(lang, 'Mã tiêu chí', 'Rule'))}</th><th>{escape(_t(lang, 'Nội dung', 'Obligation'))}</th>",
        *(f"<th>{escape(g.label.pick(lang))}</th>" for g in groups),
        "</tr></thead><tbody>",
    ]
    for rule_id, title in rules.items():
        row = [f"<tr><td><code>{escape(rule_id)}</code></td><td>{escape(title)}</td>"]
        for i in range(len(groups)):
            cell = cells.get((i, rule_id))
            judged = f" ({cell.passed}/{cell.judged})" if cell is not None and cell.judged else ""
            row.append(f"<td class='n'>{_rate(cell) if cell is not None else ''}{judged}</td>")
        out.append("".join(row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _units(result: CheckResult) -> Iterator[tuple[tuple[str, str], list[tuple[int, Finding]]]]:
    """Each unit's findings with their place in the result (which makes their anchors)."""
    numbered = enumerate(result.findings)
    for key, group in groupby(numbered, key=lambda item: (item[1].unit_id, item[1].school_year)):
        yield key, list(group)


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    with text_stream(out) as stream:

        def put(chunk: str) -> None:
            stream.write(clean(chunk))
            stream.write("\n")

        _page(result, lang, put)


def _page(result: CheckResult, lang: Lang, put: Callable[[str], None]) -> None:
    findings = result.findings
    tally = Tally.of(findings)
    per_rule, per_unit = tally.rates("rule"), tally.rates("unit")
    rule_ids = list(tally.rules)
    titles = {rule_id: tally.first[rule_id].title.pick(lang) for rule_id in rule_ids}
    names = {unit: name for (unit, _), name in tally.unit_names.items() if name}
    unit_label = {r.key: r.title.pick(lang) if r.title else r.key for r in per_unit}
    title = _t(lang, "Báo cáo kiểm tra việc thực hiện kế hoạch", "Plan compliance audit")
    used = tally.packs()
    packs = ", ".join(p.title.pick(lang) for p in result.packs if p.id in used)
    sections = [
        ("summary", _t(lang, "Tổng hợp", "Summary")),
        ("by-rule", _t(lang, "Theo tiêu chí", "By rule")),
        ("by-unit", _t(lang, "Theo đơn vị", "By unit")),
        *([("rollups", _t(lang, "Theo nhóm", "Roll-ups"))] if result.audit and result.audit.rollups else []),
        ("late", _t(lang, "Nộp muộn, còn thiếu", "Late and missing")),
        ("matrix", _t(lang, "Ma trận", "Matrix")),
        ("findings", _t(lang, "Chi tiết", "Findings")),
    ]
    if result.problems:
        sections.append(("problems", _t(lang, "Không đọc được", "Unreadable")))
    for chunk in (
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<div class="muted">{escape(_t(lang, "Tính đến ngày", "As of"))} {result.as_of:%d/%m/%Y} · '
        f"{escape(packs)} · compliance {escape(__version__)} ({escape(result.engine)})</div>",
        "<nav>" + "".join(f'<a href="#{k}">{escape(v)}</a>' for k, v in sections) + "</nav>",
        f'<h2 id="summary">{escape(_t(lang, "Tổng hợp", "Summary"))}</h2>',
        '<div class="cards">',
    ):
        put(chunk)
    audit = result.audit
    if audit is not None:
        expected = f" / {audit.units_expected}" if audit.units_expected is not None else ""
        put(
            f'<div class="card"><b>{audit.units_reporting}{expected}</b>'
            f"{escape(_t(lang, 'đơn vị có báo cáo', 'units reporting'))}</div>"
            f'<div class="card"><b>{audit.documents}</b>{escape(_t(lang, "văn bản", "documents"))}</div>'
        )
        if audit.unreadable:
            put(
                f'<div class="card"><b class="s-error">{audit.unreadable}</b>'
                f"{escape(_t(lang, 'văn bản không đọc được', 'unreadable documents'))}</div>"
            )
    else:
        put(f'<div class="card"><b>{result.summary.units}</b>{escape(_t(lang, "đơn vị", "units"))}</div>')
    for status, count in result.summary.by_status.items():
        put(
            f'<div class="card"><b class="s-{status}">{count}</b>{escape(_status(Status(status), lang))}</div>'
        )
    put("</div>")
    if audit is not None and audit.units_missing:
        put(
            f"<p><b class='s-fail'>{escape(_t(lang, 'Không gửi báo cáo nào', 'Sent nothing'))}:</b> "
            + escape(", ".join(f"{names[u]} ({u})" if u in names else u for u in audit.units_missing))
            + "</p>"
        )
    if audit is not None and audit.units_off_roster:
        put(
            f"<p class='muted'>{escape(_t(lang, 'Không có trong danh sách', 'Not on the roster'))}: "
            + escape(", ".join(audit.units_off_roster))
            + "</p>"
        )

    put(f'<h2 id="by-rule">{escape(_t(lang, "Tỷ lệ đạt theo tiêu chí", "Compliance by rule"))}</h2>')
    put(_legend(lang) + _bar_chart(per_rule, lang, {}))
    put(
        _rate_table(
            per_rule,
            lang,
            [_t(lang, "Mã tiêu chí", "Rule"), _t(lang, "Nội dung", "Obligation")],
            {
                r.key: [f"<td><code>{escape(r.key)}</code></td>", f"<td>{escape(titles[r.key])}</td>"]
                for r in per_rule
            },
        )
    )
    put(f'<h2 id="by-unit">{escape(_t(lang, "Tỷ lệ đạt theo đơn vị", "Compliance by unit"))}</h2>')
    put(_legend(lang) + _bar_chart(per_unit, lang, unit_label))
    put(
        _rate_table(
            per_unit,
            lang,
            [_t(lang, "Đơn vị", "Unit"), _t(lang, "Mã, năm học", "Id, school year")],
            {r.key: [f"<td>{escape(unit_label[r.key])}</td>", f"<td>{escape(r.key)}</td>"] for r in per_unit},
        )
    )

    _rollup_section(result, lang, put)
    put(
        f'<h2 id="late">{escape(_t(lang, "Báo cáo nộp muộn hoặc còn thiếu", "Late and missing reports"))}</h2>'
    )
    overdue = False
    for i, f in enumerate(findings):
        d = f.deadline
        if f.kind != "deadline" or f.status is not Status.fail or d is None:
            continue
        if not overdue:
            head = (
                _t(lang, "Đơn vị", "Unit"),
                _t(lang, "Báo cáo", "Report"),
                _t(lang, "Hạn chót", "Last day"),
                _t(lang, "Ngày nhận", "Received"),
                _t(lang, "Số ngày muộn", "Days late"),
            )
            put(
                "<table><thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"
            )
            overdue = True
        received = f"{d.received:%d/%m/%Y}" if d.received else _t(lang, "chưa nộp", "not sent")
        put(
            f"<tr><td>{escape(f.unit_name or f.unit_id)}</td><td><a href='#finding-{i}'>{escape(f.title.pick(lang))}</a></td>"
            f"<td>{d.last_allowed_day:%d/%m/%Y}</td><td class='{'' if d.received else 's-fail'}'>{escape(received)}</td>"
            f"<td class='n'>{d.days_late if d.days_late is not None else ''}</td></tr>"
        )
    put("</tbody></table>" if overdue else f"<p>{escape(_t(lang, 'Không có.', 'None.'))}</p>")

    put(f'<h2 id="matrix">{escape(_t(lang, "Ma trận đơn vị × tiêu chí", "Unit × rule matrix"))}</h2>')
    put(_legend(lang, symbols=True))
    put(
        '<table class="matrix"><thead><tr><th></th>'
        + "".join(f'<th class="r" title="{escape(titles[r])}">{escape(r)}</th>' for r in rule_ids)
        + "</tr></thead><tbody>"
    )
    for (unit, year), group in _units(result):
        by_rule = {f.rule_id: (i, f) for i, f in group}
        cells = []
        for rule_id in rule_ids:
            cell = by_rule.get(rule_id)
            cells.append(
                f'<td class="s-{cell[1].status.value}" title="{escape(rule_id)}: {escape(_status(cell[1].status, lang))}">'
                f'<a href="#finding-{cell[0]}">{_SYMBOL[cell[1].status]}</a></td>'
                if cell
                else "<td></td>"
            )
        name = group[0][1].unit_name or unit
        put(
            f"<tr><th>{escape(name)}<br><span class='muted'>{escape(unit)} · {escape(year)}</span></th>{''.join(cells)}</tr>"
        )
    put("</tbody></table>")

    put(f'<h2 id="findings">{escape(_t(lang, "Chi tiết theo đơn vị", "Findings by unit"))}</h2>')
    for (unit, year), group in _units(result):
        put(
            f"<h3>{escape(group[0][1].unit_name or unit)} <span class='muted'>({escape(unit)}, {escape(year)})</span></h3>"
        )
        for i, f in sorted(group, key=lambda item: reading_order(item[1])):
            put(_finding(f, f"finding-{i}", lang))
    if result.problems:
        put(
            f'<h2 id="problems">{escape(_t(lang, "Văn bản không đọc được", "Documents that could not be read"))}</h2><ul>'
        )
        for p in result.problems:
            fix = f" — {escape(p.fix.pick(lang))}" if p.fix else ""
            put(
                f"<li><code>{escape(str(p.location()))}</code> [{escape(p.code)}] "
                f"{escape(p.message.pick(lang))}{fix}</li>"
            )
        put("</ul>")
    if result.notes:
        put(f"<h2 id='notes'>{escape(_t(lang, 'Ghi chú', 'Notes'))}</h2>")
        for note in result.notes:
            put(f"<p class='muted'>• {escape(note.pick(lang))}</p>")
    put("</body></html>")
