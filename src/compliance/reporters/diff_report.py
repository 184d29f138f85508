"""``compliance diff`` in text, JSON (``schemas/diff.schema.json``) and a self-contained HTML page.

What changed is listed in the order of :data:`~compliance.store.diff.CATEGORY_LABELS` (new
failures and expired waivers first, then what still fails, then resolutions); unchanged findings
are only counted unless ``show_unchanged``. JSON always holds every finding.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from itertools import groupby

from compliance import __version__
from compliance.dates import VN_TZ as _VN
from compliance.findings import SEVERITY_LABELS, STATUS_LABELS, Status
from compliance.i18n import Lang
from compliance.store.diff import CATEGORY_LABELS, AuditDiff, Category, Change, State
from compliance.store.snapshot import Source

DiffRenderer = Callable[[AuditDiff, Lang, bool], str]

_WORDS = {
    "title": ("So sánh hai lần kiểm tra", "Comparison of two audits"),
    "as_of": ("tính đến ngày", "as of"),
    "saved": ("lưu lúc", "saved"),
    "absent": ("(không có)", "(absent)"),
    "documents": ("Văn bản", "Documents"),
    "added": ("thêm", "added"),
    "changed": ("sửa", "changed"),
    "removed": ("bớt", "removed"),
    "notes": ("Ghi chú", "Notes"),
    "nothing": ("Không có thay đổi nào: mọi kết luận giữ nguyên.", "No change: every finding is unchanged."),
    "unit": ("Đơn vị", "Unit"),
    "rule": ("Tiêu chí", "Rule"),
    "before": ("Lần A", "Audit A"),
    "after": ("Lần B", "Audit B"),
    "severity": ("Mức độ", "Severity"),
    "waiver": ("miễn trừ", "waiver"),
    "findings": ("kết luận", "findings"),
}


def _w(key: str, lang: Lang) -> str:
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def _side(source: Source, lang: Lang) -> str:
    text = f"{source.label()} ({_w('as_of', lang)} {source.as_of:%d/%m/%Y}"
    if source.saved_at is not None:
        local = source.saved_at.astimezone(_VN)
        text += f", {_w('saved', lang)} {local:%d/%m/%Y %H:%M}"
    return text + f", {source.findings} {_w('findings', lang)})"


def _state(state: State | None, lang: Lang) -> str:
    return STATUS_LABELS[state.status].pick(lang) if state else _w("absent", lang)


def _listed(diff: AuditDiff, show_unchanged: bool) -> list[tuple[Category, list[Change]]]:
    """The categories to list, with their findings (unchanged ones only if ``show_unchanged``)."""
    return [
        (category, items)
        for category, group in groupby(diff.findings, key=lambda c: c.category)
        if (items := list(group)) and (show_unchanged or category is not Category.unchanged)
    ]


def _unit(c: Change) -> str:
    return (
        f"{c.unit_name} ({c.unit_id}, {c.school_year})" if c.unit_name else f"{c.unit_id} ({c.school_year})"
    )


def _counts_line(diff: AuditDiff, lang: Lang) -> str:
    return " · ".join(f"{CATEGORY_LABELS[c].pick(lang)}: {diff.counts.get(c, 0)}" for c in CATEGORY_LABELS)


def render_text(diff: AuditDiff, lang: Lang = "vi", show_unchanged: bool = False) -> str:
    lines = [
        f"{_w('title', lang)}: {_side(diff.a, lang)} → {_side(diff.b, lang)}",
        _counts_line(diff, lang),
    ]
    if not diff.changed():
        lines.append(_w("nothing", lang))
    for category, items in _listed(diff, show_unchanged):
        lines += ["", f"{CATEGORY_LABELS[category].pick(lang)} ({diff.counts[category]})"]
        for c in items:
            severity = SEVERITY_LABELS[c.severity].pick(lang)
            lines.append(f"  [{severity}] {_unit(c)} · {c.rule_id} — {c.title.pick(lang)}")
            shown = c.after or c.before
            assert shown is not None
            lines.append(
                f"      {_state(c.before, lang)} → {_state(c.after, lang)}: {shown.message.pick(lang)}"
            )
            for label, state in (("before", c.before), ("after", c.after)):
                if state is not None and state.waiver:
                    lines.append(f"      {_w(label, lang)}, {_w('waiver', lang)}: {state.waiver}")
    if diff.documents:
        marks = {"added": "+", "changed": "~", "removed": "-"}
        summary = ", ".join(
            f"{sum(1 for d in diff.documents if d.change == kind)} {_w(kind, lang)}" for kind in marks
        )
        lines += ["", f"{_w('documents', lang)}: {summary}"]
        lines += [f"  {marks[d.change]} {d.file}" for d in diff.documents]
    if diff.notes:
        lines += ["", f"{_w('notes', lang)}:"]
        lines += [f"  • {n.pick(lang)}" for n in diff.notes]
    return "\n".join(lines) + "\n"


def render_json(diff: AuditDiff, lang: Lang = "vi", show_unchanged: bool = False) -> str:
    """Every finding, both languages, whatever ``lang`` and ``show_unchanged``."""
    del lang, show_unchanged
    return diff.model_dump_json(indent=2) + "\n"


_COLOR = {
    Category.new_failure: "#c62828",
    Category.waiver_expired: "#ad1457",
    Category.still_failing: "#e65100",
    Category.resolved: "#2e7d32",
    Category.newly_waived: "#1565c0",
    Category.newly_applicable: "#00838f",
    Category.no_longer_applicable: "#757575",
    Category.unchanged: "#9e9e9e",
}
_STATUS_CLASS = {s: f"s-{s.value}" for s in Status}

_CSS = """
body{font-family:"Segoe UI",Roboto,"Noto Sans","DejaVu Sans","Helvetica Neue",Arial,sans-serif;margin:24px;color:#212121;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid #e0e0e0;padding-bottom:4px;margin-top:32px}
.muted{color:#616161}nav{margin:10px 0;display:flex;flex-wrap:wrap;gap:4px 14px}nav a{color:#1565c0}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid #e0e0e0;border-left-width:5px;border-radius:6px;padding:10px 14px;min-width:120px}.card b{display:block;font-size:1.5em}
table{border-collapse:collapse;margin:8px 0;font-size:.92em;width:100%}th,td{border:1px solid #e0e0e0;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.9em;background:#eeeeee;padding:0 3px;border-radius:3px}
.s-pass{color:#2e7d32}.s-fail{color:#c62828}.s-pending{color:#b07d00}.s-not_applicable{color:#9e9e9e}.s-error{color:#6a1b9a}.s-waived{color:#1565c0}
.arrow{white-space:nowrap;font-weight:bold}.w{color:#1565c0;font-size:.9em}
@media screen and (max-width:600px){body{margin:12px}table.changes,table.changes tbody,table.changes tr,table.changes td{display:block;width:auto}
table.changes thead{display:none}table.changes tr{border:1px solid #e0e0e0;border-radius:6px;margin:8px 0;padding:4px 8px}
table.changes td{border:none;padding:2px 0}table.changes td[data-label]::before{content:attr(data-label) ": ";color:#616161}}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@page{size:A4;margin:12mm}
@media print{body{margin:0;font-size:10pt}nav{display:none}h2{break-after:avoid}tr{break-inside:avoid}thead{display:table-header-group}a{color:inherit;text-decoration:none}}
"""


def _html_state(state: State | None, lang: Lang) -> str:
    if state is None:
        return f'<span class="muted">{escape(_w("absent", lang))}</span>'
    return (
        f'<span class="{_STATUS_CLASS[state.status]}">{escape(STATUS_LABELS[state.status].pick(lang))}</span>'
    )


def _html_rows(items: list[Change], lang: Lang) -> str:
    head = ("unit", "rule", "severity", "before", "after")
    out = [
        '<table class="changes"><thead><tr>',
        *(f"<th>{escape(_w(h, lang))}</th>" for h in head),
        "</tr></thead><tbody>",
    ]
    for c in items:
        cells = []
        for name, state in (("before", c.before), ("after", c.after)):
            text = _html_state(state, lang)
            if state is not None:
                text += f"<br>{escape(state.message.pick(lang))}"
                if state.waiver:
                    text += f'<br><span class="w">{escape(_w("waiver", lang))}: {escape(state.waiver)}</span>'
            cells.append(f'<td data-label="{escape(_w(name, lang))}">{text}</td>')  # its label on a phone
        out.append(
            f"<tr><td>{escape(c.unit_name or c.unit_id)}<br><span class='muted'>{escape(c.unit_id)} · "
            f"{escape(c.school_year)}</span></td><td><code>{escape(c.rule_id)}</code><br>{escape(c.title.pick(lang))}</td>"
            f'<td data-label="{escape(_w("severity", lang))}">{escape(SEVERITY_LABELS[c.severity].pick(lang))}</td>'
            f"{''.join(cells)}</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def render_html(diff: AuditDiff, lang: Lang = "vi", show_unchanged: bool = False) -> str:
    title = _w("title", lang)
    listed = _listed(diff, show_unchanged)
    html = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<div class="muted">{escape(_w("before", lang))}: {escape(_side(diff.a, lang))}<br>'
        f"{escape(_w('after', lang))}: {escape(_side(diff.b, lang))}<br>compliance {escape(__version__)}</div>",
        "<nav>"
        + "".join(f'<a href="#{c.value}">{escape(CATEGORY_LABELS[c].pick(lang))}</a>' for c, _ in listed)
        + "</nav>",
        '<div class="cards">',
    ]
    for category, label in CATEGORY_LABELS.items():
        html.append(
            f'<div class="card" style="border-left-color:{_COLOR[category]}"><b>{diff.counts.get(category, 0)}</b>'
            f"{escape(label.pick(lang))}</div>"
        )
    html.append("</div>")
    if not diff.changed():
        html.append(f"<p>{escape(_w('nothing', lang))}</p>")
    for category, items in listed:
        heading = f"{CATEGORY_LABELS[category].pick(lang)} ({diff.counts[category]})"
        html.append(
            f'<h2 id="{category.value}" style="border-color:{_COLOR[category]}">{escape(heading)}</h2>'
            + _html_rows(items, lang)
        )
    if diff.documents:
        marks = {"added": "+", "changed": "~", "removed": "−"}
        html.append(f"<h2 id='documents'>{escape(_w('documents', lang))}</h2><ul>")
        html.extend(
            f"<li>{marks[d.change]} {escape(_w(d.change, lang))}: <code>{escape(d.file)}</code></li>"
            for d in diff.documents
        )
        html.append("</ul>")
    if diff.notes:
        html.append(f"<h2 id='notes'>{escape(_w('notes', lang))}</h2>")
        html.extend(f"<p class='muted'>• {escape(n.pick(lang))}</p>" for n in diff.notes)
    html.append("</body></html>")
    return "\n".join(html) + "\n"


DIFF_REPORTERS: dict[str, DiffRenderer] = {"text": render_text, "json": render_json, "html": render_html}
