"""The web page's HTML, rendered on the server: the upload form, a result with its filters, the
problems of an upload, the stored audits. Vietnamese first, every word also in English; no
external asset (one inline style sheet, one small inline script that only enhances).

Labels of statuses and severities are :mod:`compliance.findings`' own; the plan a finding cites
is named by :func:`compliance.reporters._table.citation`, as in every reporter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlencode

from compliance import __version__
from compliance.errors import Location
from compliance.findings import (
    SEVERITY_LABELS,
    STATUS_LABELS,
    STATUS_ORDER,
    CheckResult,
    Finding,
    InputProblem,
    Status,
    reading_order,
    waiver_text,
)
from compliance.i18n import Lang, Text, vn_date
from compliance.reporters._table import citation
from compliance.severity import Severity
from compliance.store import RunInfo

# formats a result downloads in: format → (file suffix, media type)
DOWNLOADS: dict[str, tuple[str, str]] = {
    "html": (".html", "text/html; charset=utf-8"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (".csv", "text/csv; charset=utf-8"),
    "sarif": (".sarif", "application/sarif+json"),
    "json": (".json", "application/json"),
}
SHOWN_ROWS = 500  # findings listed at once; the downloads hold them all

_W: dict[str, Text] = {
    "app": Text(vi="Kiểm tra báo cáo của nhà trường", en="Check school reports"),
    "check": Text(vi="Kiểm tra", en="Check"),
    "audits": Text(vi="Các lần kiểm tra đã lưu", en="Saved audits"),
    "switch": Text(vi="English", en="Tiếng Việt"),
    "intro": Text(
        vi="Chọn các tệp báo cáo (YAML, JSON, XLSX) hoặc một tệp .zip của cả thư mục, rồi bấm Kiểm tra. "
        "Mỗi đơn vị, mỗi tiêu chí có đúng một kết luận.",
        en="Choose the report files (YAML, JSON, XLSX) or one .zip of a whole folder, then press Check. "
        "Each unit gets exactly one finding per rule.",
    ),
    "reports": Text(vi="Tệp báo cáo hoặc tệp .zip", en="Report files or a .zip"),
    "reports-hint": Text(
        vi="Có thể chọn nhiều tệp. Tệp .zip: tối đa 2 000 tệp, không chứa tệp .zip khác.",
        en="You may choose several files. A .zip: at most 2,000 files, no zip inside.",
    ),
    "folder": Text(vi="Hoặc chọn cả thư mục", en="Or choose a whole folder"),
    "drop": Text(vi="Thả tệp hoặc thư mục vào đây", en="Drop files or a folder here"),
    "chosen": Text(vi="Đã chọn {n} tệp", en="{n} files chosen"),
    "as-of": Text(vi="Tính đến ngày (dd/mm/yyyy)", en="As of (dd/mm/yyyy)"),
    "as-of-hint": Text(vi="Để trống: hôm nay.", en="Leave empty for today."),
    "roster": Text(
        vi="Danh sách đơn vị (không bắt buộc; YAML hoặc CSV)", en="Roster of units (optional; YAML or CSV)"
    ),
    "roster-hint": Text(
        vi="Đơn vị có trong danh sách mà không gửi gì vẫn có kết luận.",
        en="Units on the roster that sent nothing still get findings.",
    ),
    "submit": Text(vi="Kiểm tra", en="Check"),
    "result": Text(vi="Kết quả kiểm tra", en="Check result"),
    "as-of-line": Text(
        vi="Tính đến ngày {as_of} · {documents} văn bản · {units} đơn vị · {findings} kết luận",
        en="As of {as_of} · documents: {documents} · units: {units} · findings: {findings}",
    ),
    "counts": Text(vi="Số kết luận theo trạng thái", en="Findings by status"),
    "filters": Text(vi="Lọc kết luận", en="Filter the findings"),
    "status": Text(vi="Trạng thái", en="Status"),
    "severity": Text(vi="Mức độ", en="Severity"),
    "unit": Text(vi="Đơn vị", en="Unit"),
    "rule": Text(vi="Tiêu chí", en="Rule"),
    "all": Text(vi="Tất cả", en="All"),
    "apply": Text(vi="Lọc", en="Filter"),
    "clear": Text(vi="Bỏ lọc", en="Clear filters"),
    "shown": Text(vi="Đang hiện {shown} / {total} kết luận", en="Showing {shown} of {total} findings"),
    "cut": Text(
        vi="Chỉ hiện {limit} kết luận đầu; hãy lọc hẹp hơn hoặc tải về để xem tất cả.",
        en="Only the first {limit} findings are shown; narrow the filter or download them all.",
    ),
    "none": Text(vi="Không có kết luận nào khớp bộ lọc.", en="No finding matches the filter."),
    "findings": Text(vi="Các kết luận", en="Findings"),
    "finding": Text(vi="Kết luận", en="Finding"),
    "source": Text(vi="Căn cứ", en="Source"),
    "evidence": Text(vi="Minh chứng", en="Evidence"),
    "remedy": Text(vi="Cách khắc phục", en="What to do"),
    "no-evidence": Text(vi="(không có trong báo cáo)", en="(not in the reports)"),
    "value": Text(vi="giá trị", en="value"),
    "note": Text(vi="Ghi chú", en="Note"),
    "waiver": Text(vi="Miễn trừ", en="Waiver"),
    "due": Text(vi="Hạn", en="Due"),
    "download": Text(vi="Tải về", en="Download"),
    "problems": Text(vi="Tệp không đọc được", en="Files that could not be read"),
    "problems-lead": Text(
        vi="Các tệp dưới đây không được kiểm tra; sửa theo hướng dẫn rồi tải lên lại.",
        en="The files below were not checked; fix them as told and upload them again.",
    ),
    "bad-input": Text(vi="Không kiểm tra được", en="Nothing could be checked"),
    "file": Text(vi="Tệp", en="File"),
    "where": Text(vi="Vị trí", en="Where"),
    "problem": Text(vi="Vấn đề", en="Problem"),
    "fix": Text(vi="Cách sửa", en="Fix"),
    "notes": Text(vi="Ghi chú", en="Notes"),
    "again": Text(vi="Kiểm tra tệp khác", en="Check other files"),
    "run": Text(vi="Lần", en="Run"),
    "saved-at": Text(vi="Lưu lúc (UTC)", en="Saved at (UTC)"),
    "command": Text(vi="Cách chạy", en="How it was run"),
    "unreadable": Text(vi="Tệp không đọc được", en="Unreadable files"),
    "no-runs": Text(
        vi="Kho chưa có lần kiểm tra nào (compliance audit THƯ-MỤC --save).",
        en="The store holds no audit yet (compliance audit FOLDER --save).",
    ),
    "compare": Text(vi="So sánh hai lần kiểm tra", en="Compare two audits"),
    "before": Text(vi="Lần trước", en="Before"),
    "after": Text(vi="Lần sau", en="After"),
    "show-diff": Text(vi="Xem thay đổi", en="Show the changes"),
    "back": Text(vi="Về danh sách các lần kiểm tra", en="Back to the saved audits"),
    "not-found": Text(vi="Không tìm thấy", en="Not found"),
}

# the store's count columns, in the order of the statuses' labels
_RUN_COUNTS: tuple[tuple[str, Status], ...] = (
    ("passed", Status.pass_),
    ("failed", Status.fail),
    ("errors", Status.error),
    ("pending", Status.pending),
    ("not_applicable", Status.not_applicable),
    ("waived", Status.waived),
)

_CSS = """
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1b1f24;background:#f6f7f9}
header{background:#123c69;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
header a{color:#fff}
header .brand{font-weight:700;margin-right:auto}
main{max-width:80rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.4rem 0 .6rem}
h2{font-size:1.2rem;margin:1.4rem 0 .5rem}
a{color:#0b4f9c}
:focus-visible{outline:3px solid #f5a300;outline-offset:2px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:.5rem;background:#fff;color:#000;padding:.3rem .6rem;z-index:2}
.muted{color:#505a66}
.panel{background:#fff;border:1px solid #d5dae1;border-radius:6px;padding:1rem;margin:0 0 1rem}
label{display:block;font-weight:600;margin:.8rem 0 .2rem}
.hint{font-size:.9rem;color:#505a66;margin:.1rem 0 .4rem}
input[type=text],select{font:inherit;padding:.4rem .5rem;border:1px solid #8a94a1;border-radius:4px;background:#fff;max-width:100%}
input[type=file]{font:inherit;max-width:100%}
button,.button{font:inherit;font-weight:600;padding:.5rem 1.1rem;border-radius:4px;border:1px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
.button.light{background:#fff;color:#0b4f9c}
.drop{border:2px dashed #8a94a1;border-radius:6px;padding:1.2rem;text-align:center;margin:.6rem 0}
.drop.over{border-color:#0b4f9c;background:#e8f0fb}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
.counts a{display:block;background:#fff;border:1px solid #d5dae1;border-left-width:6px;border-radius:4px;padding:.3rem .7rem;text-decoration:none;color:inherit}
.counts b{font-size:1.2rem;margin-right:.3rem}
.filters{display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:flex-end}
.filters label{margin:.2rem 0}
.filters select{width:14rem}
.downloads{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #d5dae1;padding:.4rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
#findings td:nth-child(-n+2){white-space:nowrap}
#findings tr>:nth-child(3){min-width:9rem}#findings tr>:nth-child(4){min-width:10rem}
#findings tr>:nth-child(n+5){min-width:10rem;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
#problems tr>:first-child{min-width:8rem}
thead th{background:#eef1f5}
td ul{margin:0;padding-left:1.1rem}
blockquote{margin:0 0 .3rem;padding-left:.6rem;border-left:3px solid #d5dae1;font-style:italic}
code{font-size:.9em;overflow-wrap:anywhere}
.badge{display:inline-block;font-weight:700;padding:0 .35rem;border-radius:3px;border:1px solid currentColor;white-space:nowrap}
.s-fail,.s-error{color:#a3161c}.s-pass{color:#1d6b34}.s-pending{color:#7a5200}.s-waived{color:#5a3d8a}.s-not_applicable{color:#505a66}
.c-fail,.c-error{border-left-color:#c62828!important}.c-pass{border-left-color:#2e7d32!important}
.c-pending{border-left-color:#b07800!important}.c-waived{border-left-color:#6a4fa0!important}.c-not_applicable{border-left-color:#8a94a1!important}
@media (max-width:48rem){
 main{padding:.6rem}
 .filters>div,.filters select{width:100%}
 table.cards caption{display:block;width:100%}
 #findings td:nth-child(-n+2){white-space:normal}
 #findings tr>*{min-width:0!important}
 table.cards,table.cards tbody,table.cards tr,table.cards th,table.cards td{display:block;width:100%}
 table.cards thead{position:absolute;left:-9999px}
 table.cards tr{border:1px solid #d5dae1;border-radius:6px;margin:0 0 .8rem;background:#fff}
 table.cards th,table.cards td{border:0;border-top:1px solid #eef1f5}
 table.cards [data-label]::before{content:attr(data-label);display:block;font-size:.85rem;font-weight:600;color:#505a66}
}
"""

# Progressive enhancement only: every action works without it (the form posts, the filters are a
# GET form). With it: drag-and-drop and a folder pick fill the upload form; the filters apply as
# soon as a select changes, without a reload.
_SCRIPT = """
(() => {
  const reports = document.getElementById('reports');
  const drop = document.getElementById('drop');
  const chosen = document.getElementById('chosen');
  const folder = document.getElementById('folder');
  if (reports && drop && window.DataTransfer) {
    const picked = new DataTransfer();
    const show = () => { chosen.textContent = chosen.dataset.text.replace('{n}', picked.files.length); };
    const add = (files) => { for (const f of files) picked.items.add(f); reports.files = picked.files; show(); };
    const walk = (entry) => new Promise((done) => {
      if (entry.isFile) { entry.file((f) => done([f]), () => done([])); return; }
      const reader = entry.createReader(), all = [];
      const more = () => reader.readEntries(async (batch) => {
        if (!batch.length) { done((await Promise.all(all.map(walk))).flat()); return; }
        all.push(...batch); more();
      }, () => done([]));
      more();
    });
    drop.hidden = false;
    document.getElementById('folder-pick').hidden = false;
    for (const name of ['dragenter', 'dragover']) drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', async (e) => {
      e.preventDefault(); drop.classList.remove('over');
      const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
      add(entries.length ? (await Promise.all(entries.map(walk))).flat() : e.dataTransfer.files);
    });
    reports.addEventListener('change', () => { picked.items.clear(); add(reports.files); });
    folder.addEventListener('change', () => { add(folder.files); folder.value = ''; });
  }
  const filters = document.getElementById('filters');
  if (filters && window.fetch) {
    let latest = 0;  // the answer to the last change wins, whichever arrives last
    filters.addEventListener('change', async () => {
      const mine = ++latest;
      const query = new URLSearchParams();
      for (const [k, v] of new FormData(filters)) if (v) query.append(k, v);
      const url = filters.getAttribute('action') + (query.toString() ? '?' + query : '');
      try {
        const answer = await fetch(url, {headers: {'Accept': 'text/html'}});
        if (!answer.ok) throw new Error(answer.status);
        const text = await answer.text();
        if (mine !== latest) return;
        const fresh = new DOMParser().parseFromString(text, 'text/html');
        document.getElementById('findings').replaceWith(fresh.getElementById('findings'));
        document.getElementById('shown').textContent = fresh.getElementById('shown').textContent;  // announced
        history.replaceState(null, '', url);
      } catch (err) { location.href = url; }
    });
  }
})();
"""


def w(key: str, lang: Lang, **values: object) -> str:
    """A word of the page in ``lang``, escaped, ``{name}`` filled."""
    text = _W[key].pick(lang)
    return escape(text.format(**values) if values else text)


def with_lang(path: str, query: Iterable[tuple[str, str]], lang: Lang) -> str:
    """``path`` with its query and ``lang`` set (the language switch keeps the filters)."""
    kept = [(k, v) for k, v in query if k != "lang"]
    return f"{path}?{urlencode([*kept, ('lang', lang)])}"


def page(lang: Lang, title: str, body: str, *, switch: str, store: bool, script: bool = False) -> str:
    """A whole page: the header (the check, the saved audits when there is a store, the language
    switch), ``body`` in ``<main>``, the style sheet, the script when ``script``."""
    other: Lang = "en" if lang == "vi" else "vi"
    nav = [f'<a href="/">{w("check", lang)}</a>']
    if store:
        nav.append(f'<a href="/ui/audits">{w("audits", lang)}</a>')
    nav.append(f'<a href="{escape(switch)}" hreflang="{other}" lang="{other}">{w("switch", lang)}</a>')
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)} · compliance</title><style>{_CSS}</style></head><body>",
            f'<a class="skip" href="#main">{escape("Đến nội dung chính" if lang == "vi" else "Skip to content")}</a>',
            f'<header><span class="brand">{w("app", lang)}</span><nav aria-label="{w("app", lang)}">'
            + " · ".join(nav)
            + "</nav></header>",
            f'<main id="main" tabindex="-1">{body}</main>',
            f'<footer class="muted" style="padding:1rem;text-align:center">compliance {escape(__version__)}</footer>',
            f"<script>{_SCRIPT}</script>" if script else "",
            "</body></html>",
        ]
    )


def upload_form(lang: Lang, *, as_of: str = "") -> str:
    return f"""<h1>{w("app", lang)}</h1>
<p>{w("intro", lang)}</p>
<form class="panel" method="post" enctype="multipart/form-data" action="/ui/check">
<label for="reports">{w("reports", lang)}</label>
<p class="hint" id="reports-hint">{w("reports-hint", lang)}</p>
<input type="file" id="reports" name="reports" multiple required aria-describedby="reports-hint"
 accept=".yaml,.yml,.json,.xlsx,.zip">
<div id="folder-pick" hidden><label for="folder">{w("folder", lang)}</label>
<input type="file" id="folder" webkitdirectory multiple></div>
<div id="drop" class="drop" hidden>{w("drop", lang)}
<div id="chosen" aria-live="polite" data-text="{w("chosen", lang)}"></div></div>
<label for="as_of">{w("as-of", lang)}</label>
<p class="hint" id="as-of-hint">{w("as-of-hint", lang)}</p>
<input type="text" id="as_of" name="as_of" inputmode="numeric" autocomplete="off" placeholder="30/06/2024"
 value="{escape(as_of)}" aria-describedby="as-of-hint">
<label for="roster">{w("roster", lang)}</label>
<p class="hint" id="roster-hint">{w("roster-hint", lang)}</p>
<input type="file" id="roster" name="roster" accept=".yaml,.yml,.csv" aria-describedby="roster-hint">
<p><button type="submit">{w("submit", lang)}</button></p>
</form>"""


def _where(p: InputProblem, lang: Lang) -> str:
    """Where in its file a problem is: the cell, or the line and column; and the JSON pointer."""
    parts = []
    if p.cell is not None:
        parts.append(p.cell)
    elif p.line is not None:
        vi = lang == "vi"
        parts.append(f"{'dòng' if vi else 'line'} {p.line}")
        if p.column is not None:
            parts.append(f"{'cột' if vi else 'column'} {p.column}")
    if p.pointer:
        parts.append(p.pointer)
    return ", ".join(parts)


def problems_table(problems: Sequence[InputProblem], lang: Lang) -> str:
    rows = []
    for p in problems:
        where = _where(p, lang)
        rows.append(
            f'<tr><th scope="row" data-label="{w("file", lang)}"><code>{escape(p.file or "-")}</code></th>'
            f'<td data-label="{w("where", lang)}"><code>{escape(where or "-")}</code></td>'
            f'<td data-label="{w("problem", lang)}">{escape(p.message.pick(lang))} '
            f'<span class="muted">[{escape(p.code)}]</span></td>'
            f'<td data-label="{w("fix", lang)}">{escape(p.fix.pick(lang)) if p.fix else "-"}</td></tr>'
        )
    return (
        f'<table class="cards" id="problems"><caption>{w("problems", lang)} ({len(problems)})</caption>'
        f'<thead><tr><th scope="col">{w("file", lang)}</th><th scope="col">{w("where", lang)}</th>'
        f'<th scope="col">{w("problem", lang)}</th><th scope="col">{w("fix", lang)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def problems_body(problems: Sequence[InputProblem], lang: Lang, *, title: str) -> str:
    return (
        f"<h1>{escape(title)}</h1><p>{w('problems-lead', lang)}</p>"
        + problems_table(problems, lang)
        + f'<p><a class="button light" href="/">{w("again", lang)}</a></p>'
    )


@dataclass(frozen=True, slots=True)
class Filters:
    """What the findings table shows: "" means every value."""

    status: str = ""
    severity: str = ""
    unit: str = ""
    rule: str = ""

    def keeps(self, f: Finding) -> bool:
        return (
            (not self.status or f.status.value == self.status)
            and (not self.severity or f.severity.value == self.severity)
            and (not self.unit or f.unit_id == self.unit)
            and (not self.rule or f.rule_id == self.rule)
        )

    def query(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in (("status", self.status), ("severity", self.severity),
                                    ("unit", self.unit), ("rule", self.rule)) if v]  # fmt: skip


def _select(name: str, label: str, options: Iterable[tuple[str, str]], chosen: str, lang: Lang) -> str:
    items = [f'<option value="">{w("all", lang)}</option>']
    items.extend(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(text)}</option>'
        for value, text in options
    )
    return (
        f'<div><label for="f-{name}">{label}</label>'
        f'<select id="f-{name}" name="{name}">{"".join(items)}</select></div>'
    )


def _evidence(f: Finding, lang: Lang) -> str:
    if not f.evidence:
        return f'<span class="muted">{w("no-evidence", lang)}</span>'
    items = []
    for e in f.evidence[:8]:
        where = str(Location(e.document, e.line, e.column, e.pointer, e.cell))
        item = f"<code>{escape(where)}</code>"
        if e.value is not None:
            shown = json.dumps(e.value, ensure_ascii=False, default=str)
            shown = shown if len(shown) <= 200 else shown[:199] + "…"
            item += f' <span class="muted">{w("value", lang)}:</span> <code>{escape(shown)}</code>'
        items.append(f"<li>{item}</li>")
    if len(f.evidence) > 8:
        items.append(f"<li>… +{len(f.evidence) - 8}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _row(f: Finding, lang: Lang) -> str:
    status = escape(STATUS_LABELS[f.status].pick(lang))
    unit = f"<code>{escape(f.unit_id)}</code>" + (f"<br>{escape(f.unit_name)}" if f.unit_name else "")
    message = [escape(f.message.pick(lang))]
    if f.deadline is not None:
        message.append(f'<br><span class="muted">{w("due", lang)}: {vn_date(f.deadline.due)}</span>')
    message.extend(
        f'<br><span class="muted">{w("note", lang)}: {escape(n.pick(lang))}</span>' for n in f.notes
    )
    if waiver := waiver_text(f, lang):
        message.append(f"<br>{w('waiver', lang)}: {escape(waiver)}")
    if f.source is not None:
        source = f"<blockquote>“{escape(f.source.quote)}”</blockquote>{escape(citation(f, lang))}"
    else:
        source = '<span class="muted">-</span>'
    return (
        f'<tr data-status="{f.status.value}">'
        f'<td data-label="{w("status", lang)}"><span class="badge s-{f.status.value}">{status}</span></td>'
        f'<td data-label="{w("severity", lang)}">{escape(SEVERITY_LABELS[f.severity].pick(lang))}</td>'
        f'<td data-label="{w("unit", lang)}">{unit}</td>'
        f'<th scope="row" data-label="{w("rule", lang)}"><code>{escape(f.rule_id)}</code><br>'
        f"{escape(f.title.pick(lang))}</th>"
        f'<td data-label="{w("finding", lang)}">{"".join(message)}</td>'
        f'<td data-label="{w("source", lang)}">{source}</td>'
        f'<td data-label="{w("evidence", lang)}">{_evidence(f, lang)}</td>'
        f'<td data-label="{w("remedy", lang)}">{escape(f.remediation.pick(lang))}</td></tr>'
    )


def result_body(result: CheckResult, job_id: str, lang: Lang, filters: Filters) -> str:
    here = f"/ui/results/{job_id}"
    findings = list(result.findings)
    units: dict[str, str | None] = {}
    rules: dict[str, Text] = {}
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for f in findings:
        units.setdefault(f.unit_id, f.unit_name)
        rules.setdefault(f.rule_id, f.title)
        counts[f.status] += 1
    kept = sorted((f for f in findings if filters.keeps(f)), key=lambda f: (f.unit_id, *reading_order(f)))
    out = [
        f"<h1>{w('result', lang)}</h1>",
        "<p class='muted'>"
        + w(
            "as-of-line",
            lang,
            as_of=vn_date(result.as_of),
            documents=len(result.documents),
            units=len(units),
            findings=len(findings),
        )
        + "</p>",
        f'<h2 id="counts-h">{w("counts", lang)}</h2><ul class="counts" aria-labelledby="counts-h">',
    ]
    for status in sorted(counts, key=STATUS_ORDER.__getitem__):
        link = f"{here}?{urlencode([('status', status.value)])}"
        out.append(
            f'<li><a class="c-{status.value}" href="{escape(link)}"><b>{counts[status]}</b>'
            f"{escape(STATUS_LABELS[status].pick(lang))}</a></li>"
        )
    out.append("</ul>")
    out.append(f'<h2>{w("download", lang)}</h2><ul class="downloads">')
    out.extend(
        f'<li><a class="button light" href="{here}/download?format={fmt}" download>{fmt.upper()}</a></li>'
        for fmt in DOWNLOADS
    )
    out.append("</ul>")
    if result.problems:
        out.append(f"<p>{w('problems-lead', lang)}</p>" + problems_table(result.problems, lang))
    if result.notes:
        out.append(f"<h2>{w('notes', lang)}</h2><ul>")
        out.extend(f"<li>{escape(n.pick(lang))}</li>" for n in result.notes)
        out.append("</ul>")
    statuses = [
        (s.value, STATUS_LABELS[s].pick(lang)) for s in sorted(STATUS_ORDER, key=STATUS_ORDER.__getitem__)
    ]
    severities = [(s.value, SEVERITY_LABELS[s].pick(lang)) for s in sorted(Severity, key=lambda s: -s.rank)]
    out.append(
        f'<h2 id="filters-h">{w("filters", lang)}</h2>'
        f'<form id="filters" class="panel filters" method="get" action="{here}" aria-labelledby="filters-h">'
        + _select("status", w("status", lang), statuses, filters.status, lang)
        + _select("severity", w("severity", lang), severities, filters.severity, lang)
        + _select(
            "unit",
            w("unit", lang),
            ((u, f"{u} — {n}" if n else u) for u, n in sorted(units.items())),
            filters.unit,
            lang,
        )
        + _select("rule", w("rule", lang), ((r, r) for r in sorted(rules)), filters.rule, lang)
        + f'<div><button type="submit">{w("apply", lang)}</button> '
        f'<a class="button light" href="{here}">{w("clear", lang)}</a></div></form>'
    )
    shown = kept[:SHOWN_ROWS]
    out.append(
        f'<p id="shown" role="status" aria-live="polite">{w("shown", lang, shown=len(shown), total=len(findings))}'
        + (f" {w('cut', lang, limit=SHOWN_ROWS)}" if len(kept) > SHOWN_ROWS else "")
        + "</p>"
    )
    head = "".join(
        f'<th scope="col">{w(k, lang)}</th>'
        for k in ("status", "severity", "unit", "rule", "finding", "source", "evidence", "remedy")
    )
    if shown:
        table = (
            f'<table class="cards" id="findings"><caption>{w("findings", lang)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(_row(f, lang) for f in shown)}</tbody></table>"
        )
    else:
        table = f'<p id="findings">{w("none", lang)}</p>'
    out.append(
        f'<div class="scroll" role="region" tabindex="0" aria-label="{w("findings", lang)}">{table}</div>'
    )
    return "\n".join(out)


def audits_body(runs: Sequence[RunInfo], lang: Lang) -> str:
    out = [f"<h1>{w('audits', lang)}</h1>"]
    if not runs:
        out.append(f"<p>{w('no-runs', lang)}</p>")
        return "\n".join(out)
    head = [w("run", lang), w("saved-at", lang), w("as-of", lang).split(" (")[0], w("command", lang)]
    head += [escape(STATUS_LABELS[s].pick(lang)) for _, s in _RUN_COUNTS] + [w("unreadable", lang)]
    rows = []
    for r in reversed(runs):
        cells = [
            f'<th scope="row" data-label="{head[0]}">#{r.id}</th>',
            f'<td data-label="{head[1]}">{r.saved_at:%d/%m/%Y %H:%M}</td>',
            f'<td data-label="{head[2]}">{vn_date(r.as_of)}</td>',
            f'<td data-label="{head[3]}">{escape(r.command)}</td>',
        ]
        cells += [
            f'<td data-label="{head[4 + i]}">{getattr(r.counts, column)}</td>'
            for i, (column, _) in enumerate(_RUN_COUNTS)
        ]
        cells.append(f'<td data-label="{head[-1]}">{r.problems}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    out.append(
        f'<table class="cards" id="runs"><caption>{w("audits", lang)} ({len(runs)})</caption>'
        f"<thead><tr>{''.join(f'<th scope=col>{h}</th>' for h in head)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if len(runs) >= 2:
        ids = [r.id for r in runs]

        def options(chosen: int) -> str:
            return "".join(
                f'<option value="{i}"{" selected" if i == chosen else ""}>#{i}</option>'
                for i in reversed(ids)
            )

        out.append(
            f'<h2 id="compare-h">{w("compare", lang)}</h2>'
            f'<form class="panel filters" method="get" action="/ui/audits/diff" aria-labelledby="compare-h">'
            f'<div><label for="a">{w("before", lang)}</label><select id="a" name="a">{options(ids[-2])}</select></div>'
            f'<div><label for="b">{w("after", lang)}</label><select id="b" name="b">{options(ids[-1])}</select></div>'
            f'<div><button type="submit">{w("show-diff", lang)}</button></div></form>'
        )
    return "\n".join(out)
