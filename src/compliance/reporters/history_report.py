"""``compliance history`` in text and JSON: the saved runs, and a unit's or rule's findings over time."""

from __future__ import annotations

from collections.abc import Callable

from compliance.dates import VN_TZ
from compliance.findings import SEVERITY_LABELS, STATUS_LABELS
from compliance.i18n import Lang, vn_percent
from compliance.store.models import Counts, History, RunInfo, Timeline

HistoryRenderer = Callable[[History, Lang], str]

_WORDS = {
    "store": ("Kho", "Store"),
    "runs": ("lần kiểm tra", "run(s)"),
    "none": (
        "Chưa có lần kiểm tra nào được lưu (compliance audit … --save).",
        "No run saved yet (compliance audit … --save).",
    ),
    "id": ("Số", "Run"),
    "saved": ("Lưu lúc", "Saved"),
    "as_of": ("Tính đến", "As of"),
    "command": ("Lệnh", "Command"),
    "findings": ("Kết luận", "Findings"),
    "rate": ("Tỷ lệ đạt", "Rate"),
    "unreadable": ("Không đọc được", "Unreadable"),
    "packs": ("bộ tiêu chí", "packs"),
    "version": ("phiên bản", "version"),
    "unit": ("Đơn vị", "Unit"),
    "rule": ("Tiêu chí", "Rule"),
    "over": ("qua", "across"),
    "no_findings": ("Không có kết luận nào trong các lần đã chọn.", "No finding in the runs chosen."),
}
_COUNT_HEADS = {
    "passed": ("Đạt", "Met"),
    "failed": ("Không đạt", "Not met"),
    "errors": ("Lỗi", "Error"),
    "pending": ("Chưa đến hạn", "Not yet due"),
    "waived": ("Được miễn", "Waived"),
    "not_applicable": ("Không áp dụng", "N/A"),
}


def _w(key: str, lang: Lang) -> str:
    vi, en = _WORDS[key]
    return vi if lang == "vi" else en


def _rate(counts: Counts) -> str:
    return vn_percent(counts.rate) if counts.rate is not None else "—"


def _table(rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _runs(runs: list[RunInfo], lang: Lang) -> list[str]:
    heads = [
        _w("id", lang),
        _w("saved", lang),
        _w("as_of", lang),
        _w("command", lang),
        _w("findings", lang),
        *(v[0] if lang == "vi" else v[1] for v in _COUNT_HEADS.values()),
        _w("rate", lang),
        _w("unreadable", lang),
    ]
    rows = [heads]
    for r in runs:
        rows.append(
            [
                f"#{r.id}",
                f"{r.saved_at.astimezone(VN_TZ):%d/%m/%Y %H:%M}",
                f"{r.as_of:%d/%m/%Y}",
                r.command,
                str(r.counts.findings),
                *(str(getattr(r.counts, name)) for name in _COUNT_HEADS),
                _rate(r.counts),
                str(r.problems),
            ]
        )
    lines = _table(rows, right=set(range(4, len(heads))))
    out = [lines[0]]
    previous = None
    for r, line in zip(runs, lines[1:], strict=True):
        out.append(line)
        packs = ", ".join(f"{p.id} ({_w('version', lang)} {p.version})" for p in r.packs)
        if packs != previous:
            out.append(f"      {_w('packs', lang)}: {packs}")
            previous = packs
    return out


def _timeline(t: Timeline, subject: str, lang: Lang) -> list[str]:
    who = (
        f"{t.rule_id} — {t.title.pick(lang)}"
        if subject == "unit"
        else f"{t.unit_name or t.unit_id} ({t.unit_id})"
    )
    steps = " → ".join(f"#{p.run} {p.as_of:%d/%m/%Y} {STATUS_LABELS[p.status].pick(lang)}" for p in t.points)
    last = t.points[-1]
    return [
        f"  [{SEVERITY_LABELS[t.severity].pick(lang)}] {who} · {t.school_year}",
        f"      {steps}",
        f"      {last.message.pick(lang)}",
    ]


def render_text(history: History, lang: Lang = "vi") -> str:
    lines = [f"{_w('store', lang)}: {history.store} — {len(history.runs)} {_w('runs', lang)}"]
    if not history.runs:
        return "\n".join([*lines, _w("none", lang)]) + "\n"
    lines += _runs(history.runs, lang)
    if history.subject != "runs":
        name = history.name or ""
        label = _w(history.subject, lang)
        if history.subject == "unit" and history.timelines and history.timelines[0].unit_name:
            name = f"{history.timelines[0].unit_name} ({name})"
        elif history.subject == "rule" and history.timelines:
            name = f"{name} — {history.timelines[0].title.pick(lang)}"
        lines += ["", f"{label}: {name}"]
        if history.trend is not None:
            steps = " → ".join(
                f"#{p.run} {p.as_of:%d/%m/%Y} {_rate(p)} ({p.passed}/{p.passed + p.failed + p.errors})"
                for p in history.trend.points
            )
            lines.append(f"{_w('rate', lang)}: {steps}")
        if not history.timelines:
            lines.append(_w("no_findings", lang))
        for t in history.timelines:
            lines += _timeline(t, history.subject, lang)
    return "\n".join(lines) + "\n"


def render_json(history: History, lang: Lang = "vi") -> str:
    del lang  # both languages are in the JSON
    return history.model_dump_json(indent=2) + "\n"


HISTORY_REPORTERS: dict[str, HistoryRenderer] = {"text": render_text, "json": render_json}
