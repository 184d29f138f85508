"""A self-contained, printable HTML audit page: summary, charts as inline SVG, a unit × rule
matrix, overdue and missing reports, and every finding with its citation, evidence and remedy.

No scripts, fonts, images or style sheets are loaded from anywhere: the file opens offline and
prints as it looks. Every value from a report or a rule pack is escaped, and characters HTML calls
errors (control characters, non-characters) are replaced by U+FFFD.

The page is written as it is made: the counts come from the result's tally, and the findings are
read three times (late reports, the matrix, the details), one unit at a time, never all held.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
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
    TrendLine,
    TrendPoint,
    Trends,
    reading_order,
    waiver_text,
)
from compliance.i18n import Lang
from compliance.reporters._stream import clean, text_stream
from compliance.reporters._table import citation

Put = Callable[[str], None]  # writes a piece of the page

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
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Helvetica Neue",Arial,sans-serif;margin:24px;color:#212121;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid #e0e0e0;padding-bottom:4px;margin-top:32px}
h3{font-size:1.05em;margin:20px 0 6px}.muted{color:#616161}.note{color:#6d4c00}nav{margin:10px 0;display:flex;flex-wrap:wrap;gap:4px 14px}nav a{color:#1565c0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #e0e0e0;border-radius:6px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:1.5em}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.matrix td{text-align:center;font-weight:bold;min-width:22px;padding:2px 4px}
.matrix th.r{padding:4px 2px;writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal;font-size:.85em}
.s-pass{color:#2e7d32}.s-fail{color:#c62828}.s-pending{color:#b07d00}.s-not_applicable{color:#9e9e9e}.s-error{color:#6a1b9a}.s-waived{color:#1565c0}
.finding{border-left:4px solid #9e9e9e;padding:6px 12px;margin:10px 0;background:#fafafa;break-inside:avoid}
.finding.fail{border-color:#c62828}.finding.error{border-color:#6a1b9a}.finding.pending{border-color:#f9a825}.finding.pass{border-color:#2e7d32}.finding.waived{border-color:#1565c0}
blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid #bdbdbd;color:#424242;background:#fff}
code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em;background:#eeeeee;padding:0 3px;border-radius:3px}
.legend{margin:6px 0;display:flex;flex-wrap:wrap;gap:2px 14px}.legend span{white-space:nowrap}.legend span.muted{white-space:normal}.sw{display:inline-block;width:10px;height:10px;margin-right:4px}
.matrix a,.finding a{color:inherit;text-decoration:none}
.bars{max-width:860px;margin:8px 0}.bar{display:grid;grid-template-columns:minmax(0,290px) minmax(0,1fr) 3.5em;gap:0 8px;align-items:center;margin:3px 0;break-inside:avoid}
.bar .l{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bar svg{display:block;width:100%;height:16px}.bar .v{text-align:right;font-variant-numeric:tabular-nums}
.sparks{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:12px;margin:8px 0}
.spark{border:1px solid #e0e0e0;border-radius:6px;padding:6px 10px;break-inside:avoid}.spark svg{display:block;width:100%;max-width:360px;height:auto;margin:4px 0}
@media (max-width:600px){body{margin:12px}.bar{grid-template-columns:minmax(0,1fr) 3.5em}.bar .l{grid-column:1/-1;white-space:normal}}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@page{size:A4;margin:12mm}
.rr code{overflow-wrap:anywhere}.ru th{overflow-wrap:anywhere;hyphens:auto}.rr td.n span{display:block;color:#555}
@media print{body{margin:0;font-size:10pt}.ru th,.ru td{padding:2px 3px}nav{display:none}h2{break-after:avoid}h3{break-after:avoid}.finding{background:none}
.scroll{overflow:visible}.matrix td{min-width:14px;padding:1px}.matrix th.r{padding:2px 1px}.sparks{grid-template-columns:repeat(3,1fr)}
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


def _bar_chart(items: Iterable[Rate], lang: Lang, label: Callable[[Rate], str], part: Put) -> None:
    """Stacked bars, one per rule or unit: how its findings split by status. Each bar is an
    inline SVG without text (it stretches to the width there is); the label and the rate are
    HTML beside it, above it on a narrow screen, so they keep the page's font size. Written bar
    by bar (an audit has tens of thousands of units); nothing when no finding was counted."""
    opened = False
    for r in items:
        total = r.passed + r.failed + r.errors + r.waived + r.pending + r.not_applicable
        if not total:
            continue
        if not opened:
            part(
                f'<div class="bars" role="img" aria-label="{escape(_t(lang, "Biểu đồ tỷ lệ đạt", "Compliance chart"))}">'
            )
            opened = True
        parts: list[str] = []
        text = escape(label(r))
        parts.append(
            f'<div class="bar"><span class="l" title="{text}">{text}</span>'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">'
        )
        x = 0.0
        for count, status in (
            (r.passed, Status.pass_),
            (r.failed, Status.fail),
            (r.errors, Status.error),
            (r.waived, Status.waived),
            (r.pending, Status.pending),
            (r.not_applicable, Status.not_applicable),
        ):
            if count:
                w = 100 * count / total
                parts.append(
                    f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="10" fill="{_COLOR[status]}">'
                    f"<title>{escape(_status(status, lang))}: {count}</title></rect>"
                )
                x += w
        parts.append(f'</svg><span class="v">{_rate(r)}</span></div>')
        part("".join(parts))
    if opened:
        part("</div>")


def _rate_table(
    items: Iterable[Rate], lang: Lang, first: list[str], cells: Callable[[Rate], list[str]], part: Put
) -> None:
    """A row per rule or unit: its first cells, its counts by status, its rate; written row by row."""
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
    part(
        '<div class="scroll"><table><thead><tr>'
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
    )
    for r in items:
        part(
            "<tr>" + "".join(cells(r)) + f'<td class="n">{r.passed}</td><td class="n">{r.failed}</td>'
            f'<td class="n">{r.errors}</td><td class="n">{r.waived}</td><td class="n">{r.pending}</td><td class="n">{r.not_applicable}</td><td class="n">{_rate(r)}</td></tr>'
        )
    part("</tbody></table></div>")


def _pct(rate: float | None) -> str:
    return f"{rate:.0%}" if rate is not None else "—"


def _sparkline(line: TrendLine, runs: list[int], lang: Lang) -> str:
    """A rate over the runs as an SVG line without text: a marker on every run that has a
    rate (a gap where a run lacks it), dashed guides at 0, 50 and 100 %."""
    width, height, pad = 240, 64, 6
    step = (width - 2 * pad) / max(len(runs) - 1, 1)
    at = {p.run: p for p in line.points}

    def y(rate: float) -> float:
        return pad + (1 - rate) * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(_t(lang, "Tỷ lệ đạt qua các lần kiểm tra", "Compliance rate across runs"))}">'
    ]
    for guide in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="0" x2="{width}" y1="{y(guide):.1f}" y2="{y(guide):.1f}" stroke="#bdbdbd" '
            'stroke-width="1" stroke-dasharray="3 3"/>'
        )
    segment: list[str] = []
    segments: list[list[str]] = [segment]
    marks = []
    for i, run in enumerate(runs):
        point = at.get(run)
        if point is None or point.rate is None:
            segment = []
            segments.append(segment)
            continue
        px, py = pad + i * step, y(point.rate)
        segment.append(f"{px:.1f},{py:.1f}")
        fill = "#0d47a1" if i == len(runs) - 1 else "#fff"
        marks.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{fill}" stroke="#0d47a1" stroke-width="2">'
            f"<title>#{run}: {_pct(point.rate)}</title></circle>"
        )
    for points in segments:
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="#0d47a1" stroke-width="2"/>'
            )
    parts.extend(marks)
    parts.append("</svg>")
    return "".join(parts)


def _trend_cell(point: TrendPoint | None, lang: Lang) -> str:
    if point is None:
        return '<td class="n muted">—</td>'
    errors = (
        f' <span class="s-error">· {point.errors} {escape(_status(Status.error, lang).lower())}</span>'
        if point.errors
        else ""
    )
    judged = point.passed + point.failed + point.errors
    return (
        f'<td class="n">{_pct(point.rate)} <span class="muted">({point.passed}/{judged})</span>{errors}</td>'
    )


def _trend_block(lines: list[TrendLine], trends: Trends, lang: Lang, head: str, code: bool) -> str:
    """Small multiples (one line per rule or district) and the same rates as a table."""
    runs = [r.run for r in trends.runs]
    cards, rows = [], []
    for line in lines:
        name = line.title.pick(lang) if line.title else line.key
        label = (
            f"<code>{escape(line.key)}</code> {escape(name)}" if code and name != line.key else escape(name)
        )
        rated = [p for p in line.points if p.rate is not None]
        change = ""
        if len(rated) >= 2:
            first, last = rated[0].rate or 0.0, rated[-1].rate or 0.0
            points = round((last - first) * 100)
            moved = (
                f"{points:+d} {_t(lang, 'điểm', 'points')}" if points else _t(lang, "không đổi", "no change")
            )
            change = f" → {_pct(last)} ({escape(moved)})"
        summary = f"{_pct(rated[0].rate)}{change}" if rated else "—"
        cards.append(
            f'<div class="spark"><div>{label}</div>{_sparkline(line, runs, lang)}'
            f'<div class="muted">{escape(_t(lang, "Tỷ lệ đạt", "Rate"))}: {summary}</div></div>'
        )
        at = {p.run: p for p in line.points}
        rows.append(f"<tr><th>{label}</th>" + "".join(_trend_cell(at.get(r), lang) for r in runs) + "</tr>")
    columns = "".join(f"<th>#{r.run}<br>{r.as_of:%d/%m/%Y}</th>" for r in trends.runs)
    return (
        f'<div class="sparks">{"".join(cards)}</div>'
        f'<div class="scroll"><table class="trend"><thead><tr><th>{escape(head)}</th>{columns}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _trends(trends: Trends, lang: Lang, put: Callable[[str], None]) -> None:
    """The trend section: compliance per district and per rule across the store's runs."""
    put(f'<h2 id="trends">{escape(_t(lang, "Xu hướng qua các lần kiểm tra", "Trends across audits"))}</h2>')
    runs = ", ".join(f"#{r.run} ({r.as_of:%d/%m/%Y})" for r in trends.runs)
    put(
        f'<p class="muted">{escape(_t(lang, "Kho", "Store"))} {escape(trends.store)} · '
        f"{escape(_t(lang, 'các lần kiểm tra đã lưu, tính đến ngày', 'saved runs, as of'))}: {escape(runs or '—')}. "
        + escape(
            _t(
                lang,
                "Tỷ lệ đạt = đạt / (đạt + không đạt + lỗi); trong ngoặc: số đạt / số đã xét. Mỗi biểu đồ: "
                "một điểm cho mỗi lần kiểm tra, cũ bên trái, mới nhất tô đậm; đường đứt nét: 0 %, 50 %, 100 %.",
                "Rate = passed / (passed + failed + errors); in brackets: passed / judged. Each chart: one "
                "marker per run, oldest on the left, the latest filled; dashed lines: 0 %, 50 %, 100 %.",
            )
        )
        + "</p>"
    )
    if len(trends.runs) < 2:
        put(
            "<p>"
            + escape(
                _t(
                    lang,
                    "Kho mới có dưới hai lần kiểm tra đã lưu: chưa có xu hướng (lưu thêm bằng --save).",
                    "The store holds fewer than two saved runs: no trend yet (add runs with --save).",
                )
            )
            + "</p>"
        )
        return
    put(f"<h3>{escape(_t(lang, 'Theo quận/huyện', 'By district'))}</h3>")
    put(_trend_block(trends.by_district, trends, lang, _t(lang, "Quận/huyện", "District"), code=False))
    put(f"<h3>{escape(_t(lang, 'Theo tiêu chí', 'By rule'))}</h3>")
    put(_trend_block(trends.by_rule, trends, lang, _t(lang, "Tiêu chí", "Rule"), code=True))


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
    if waiver := waiver_text(f, lang):
        lines.append(f"<div>{escape(_t(lang, 'Miễn trừ', 'Waiver'))}: {escape(waiver)}</div>")
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
            '<div class="scroll"><table class="ru"><thead><tr>',
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
        out.append("</tbody></table></div>")
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
        '<div class="scroll"><table class="rr"><thead><tr>',
        f"<th>{escape(_t(lang, 'Mã tiêu chí', 'Rule'))}</th><th>{escape(_t(lang, 'Nội dung', 'Obligation'))}</th>",
        *(f"<th>{escape(g.label.pick(lang))}</th>" for g in groups),
        "</tr></thead><tbody>",
    ]
    for rule_id, title in rules.items():
        row = [f"<tr><td><code>{escape(rule_id)}</code></td><td>{escape(title)}</td>"]
        for i in range(len(groups)):
            cell = cells.get((i, rule_id))
            judged = f"<span>{cell.passed}/{cell.judged}</span>" if cell is not None and cell.judged else ""
            row.append(f"<td class='n'>{_rate(cell) if cell is not None else ''}{judged}</td>")
        out.append("".join(row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _units(result: CheckResult) -> Iterator[tuple[tuple[str, str], list[tuple[int, Finding]]]]:
    """Each unit's findings with their place in the result (which makes their anchors)."""
    numbered = enumerate(result.findings)
    for key, group in groupby(numbered, key=lambda item: (item[1].unit_id, item[1].school_year)):
        yield key, list(group)


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    with text_stream(out) as stream:

        def part(chunk: str) -> None:
            stream.write(clean(chunk))

        def put(chunk: str) -> None:
            part(chunk)
            stream.write("\n")

        _page(result, lang, put, part)


def _page(result: CheckResult, lang: Lang, put: Put, part: Put) -> None:
    """The page: each chunk ``put`` ends a line; ``part`` writes a piece of a line (a bar, a row)."""
    findings = result.findings
    tally = Tally.of(findings)
    per_rule = tally.rates("rule")
    rule_ids = list(tally.rules)
    titles = {rule_id: tally.first[rule_id].title.pick(lang) for rule_id in rule_ids}
    names = {unit: name for (unit, _), name in tally.unit_names.items() if name}
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
    if result.trends is not None:
        sections.insert(3, ("trends", _t(lang, "Xu hướng", "Trends")))
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
    part(_legend(lang))
    _bar_chart(per_rule, lang, lambda r: r.key, part)
    put("")
    _rate_table(
        per_rule,
        lang,
        [_t(lang, "Mã tiêu chí", "Rule"), _t(lang, "Nội dung", "Obligation")],
        lambda r: [f"<td><code>{escape(r.key)}</code></td>", f"<td>{escape(titles[r.key])}</td>"],
        part,
    )
    put("")
    put(f'<h2 id="by-unit">{escape(_t(lang, "Tỷ lệ đạt theo đơn vị", "Compliance by unit"))}</h2>')

    def unit_label(r: Rate) -> str:
        return r.title.pick(lang) if r.title else r.key

    part(_legend(lang))
    _bar_chart(tally.iter_rates("unit"), lang, unit_label, part)  # a unit at a time, as the table
    put("")
    _rate_table(
        tally.iter_rates("unit"),
        lang,
        [_t(lang, "Đơn vị", "Unit"), _t(lang, "Mã, năm học", "Id, school year")],
        lambda r: [f"<td>{escape(unit_label(r))}</td>", f"<td>{escape(r.key)}</td>"],
        part,
    )
    put("")

    _rollup_section(result, lang, put)
    if result.trends is not None:
        _trends(result.trends, lang, put)

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
                '<div class="scroll"><table><thead><tr>'
                + "".join(f"<th>{escape(h)}</th>" for h in head)
                + "</tr></thead><tbody>"
            )
            overdue = True
        received = f"{d.received:%d/%m/%Y}" if d.received else _t(lang, "chưa nộp", "not sent")
        put(
            f"<tr><td>{escape(f.unit_name or f.unit_id)}</td><td><a href='#finding-{i}'>{escape(f.title.pick(lang))}</a></td>"
            f"<td>{d.last_allowed_day:%d/%m/%Y}</td><td class='{'' if d.received else 's-fail'}'>{escape(received)}</td>"
            f"<td class='n'>{d.days_late if d.days_late is not None else ''}</td></tr>"
        )
    put("</tbody></table></div>" if overdue else f"<p>{escape(_t(lang, 'Không có.', 'None.'))}</p>")

    put(f'<h2 id="matrix">{escape(_t(lang, "Ma trận đơn vị × tiêu chí", "Unit × rule matrix"))}</h2>')
    put(_legend(lang, symbols=True))
    put(
        '<div class="scroll"><table class="matrix"><thead><tr><th></th>'
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
    put("</tbody></table></div>")

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
