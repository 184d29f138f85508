"""Deadline calendars (iCalendar, RFC 5545) for one unit: what it owes, on the day it falls due.

:func:`obligations` lists every rule that applies to a unit in a school year — the packs of that
year and place (:func:`compliance.scope.applicable_packs`), the rules whose ``applies_to`` takes
the unit (:func:`compliance.judge.not_applicable_reason`, the engine's own test) — each with its
last allowed day when it has a due date. That day is always
:meth:`compliance.checks._due.Deadline.last_allowed_day` with the pack's calendar: the pack's
reading of "trước ngày D" (exclusive, inclusive, ``auto``), and, when the pack says so, the roll
over a weekend, Tết or another holiday to the next working day (make-up Saturdays are working
days). Nothing here works a due date out again.

:func:`render` writes them as one VCALENDAR: a dated obligation is an all-day VEVENT on its last
allowed day, with a VALARM :data:`ALARM_DAYS` days before; an undated one (a prohibition, a duty
that runs through the school year, "within N days of each incident") is a VTODO without a due
date. The texts are Vietnamese, or English with ``lang="en"``. Each component's UID is a hash of
pack, rule, unit and school year: the same obligation keeps its UID from one run to the next, so
a calendar application that imports the file again updates its entries instead of doubling them.

``icalendar`` is imported only by :func:`render`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from compliance.checks import calendar_of, due_of
from compliance.checks._base import kinds_words
from compliance.checks._due import Deadline
from compliance.dates import weekday_vi
from compliance.findings import SEVERITY_LABELS
from compliance.i18n import Lang, Text, vn_date
from compliance.judge import not_applicable_reason
from compliance.portfolio import Portfolio, Unit
from compliance.program import CompiledPack, CompiledRule, Program
from compliance.scope import applicable_packs
from compliance.severity import Severity

UID_DOMAIN = "lich.compliance.invalid"  # fixed: a UID never depends on the machine
ALARM_DAYS = 3
PRODID = "-//compliance//Lich han bao cao//VI"
# what needs no entry in a to-do calendar: met, excused, or nothing to do (no incident to report on)
MET = frozenset({"pass", "waived", "not_applicable"})
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PRIORITY = {  # RFC 5545 PRIORITY: 1 highest … 9 lowest
    Severity.critical: 1,
    Severity.high: 2,
    Severity.medium: 5,
    Severity.low: 7,
    Severity.info: 9,
}
_KIND_LABELS = {
    "deadline": Text(vi="Hạn nộp báo cáo", en="Report deadline"),
    "required": Text(vi="Việc phải làm", en="Required task"),
    "threshold": Text(vi="Chỉ tiêu", en="Target"),
    "each": Text(vi="Báo cáo theo từng vụ việc", en="Per-incident report"),
    "forbidden": Text(vi="Điều cấm", en="Prohibition"),
    "condition": Text(vi="Điều kiện", en="Condition"),
}


@dataclass(frozen=True, slots=True)
class Obligation:
    """One rule that applies to the unit, and when it falls due (None: undated)."""

    pack: CompiledPack
    rule: CompiledRule
    due: Deadline | None
    last_day: dt.date | None
    shifted_from: dt.date | None
    holiday: str | None  # the name of the holiday the last day was moved off, if any
    status: Text | None = None  # with --pending-only: what the audit said about it

    @property
    def key(self) -> tuple[str, str]:
        return (self.pack.id, self.rule.id)


def school_year_of(day: dt.date) -> str:
    """The school year ``day`` lies in (1 August – 31 July)."""
    first = day.year if day.month >= 8 else day.year - 1
    return f"{first}-{first + 1}"


def obligations(program: Program, unit: Unit, school_year: str, as_of: dt.date) -> list[Obligation]:
    """Every rule that applies to ``unit`` in ``school_year`` (a repeal counts from ``as_of``):
    dated ones by their last allowed day, then undated ones, each group by pack and rule id."""
    portfolio = Portfolio(unit, school_year)
    found: list[Obligation] = []
    for pack in applicable_packs(program, portfolio):
        for rule in pack.rules:
            if not_applicable_reason(rule, portfolio, as_of) is not None:
                continue
            due = due_of(rule.check)
            if due is None:
                found.append(Obligation(pack, rule, None, None, None, None))
                continue
            calendar = calendar_of(rule.check)
            last = due.last_allowed_day(calendar)
            moved = due.shifted_from(calendar)
            holiday = calendar.holiday_name(moved) if moved is not None else None
            found.append(Obligation(pack, rule, due, last, moved, holiday))
    return sorted(found, key=lambda o: (o.last_day is None, o.last_day or dt.date.min, o.pack.id, o.rule.id))


def judged(
    found: Sequence[Obligation],
    statuses: Mapping[tuple[str, str], tuple[str, Text | None]],
    *,
    pending_only: bool = False,
) -> list[Obligation]:
    """``found`` with what an audit said about each ((pack, rule) → the finding's status and
    message) in its description; with ``pending_only``, without what the audit found done
    (:data:`MET`). An obligation the audit did not judge is kept: it is not known to be met."""
    kept = []
    for o in found:
        status, message = statuses.get(o.key, (None, None))
        if pending_only and status in MET:
            continue
        kept.append(Obligation(o.pack, o.rule, o.due, o.last_day, o.shifted_from, o.holiday, message))
    return kept


def uid(pack: str, rule: str, unit: str, school_year: str) -> str:
    """A stable UID: the same pack, rule, unit and year give the same UID on every run."""
    digest = hashlib.sha256("\x1f".join((pack, rule, unit, school_year)).encode("utf-8")).hexdigest()
    return f"{digest[:32]}@{UID_DOMAIN}"


# ----------------------------------------------------------------------------- words


def _day_off(day: dt.date, holiday: str | None, lang: Lang) -> str:
    if lang == "vi":
        return f"{weekday_vi(day)} {vn_date(day)}" + (f", {holiday}" if holiday else ", ngày nghỉ")
    return f"{_WEEKDAYS_EN[day.weekday()]} {vn_date(day)}" + (f", {holiday}" if holiday else ", a day off")


def _reading(o: Obligation, lang: Lang) -> str:
    assert o.due is not None and o.last_day is not None
    d = vn_date(o.due.due)
    if lang == "vi":
        how = (
            f"“trước ngày {d}” tính cả ngày {d}"
            if o.due.reading == "inclusive"
            else f"“trước ngày {d}” không tính ngày {d}"
        )
        text = f"Hạn chót: {weekday_vi(o.last_day)} {vn_date(o.last_day)} ({how}"
        if o.shifted_from is not None:
            text += f"; lùi sang ngày làm việc kế tiếp vì {_day_off(o.shifted_from, o.holiday, lang)}"
        return text + ")."
    how = f"“before {d}” includes {d}" if o.due.reading == "inclusive" else f"“before {d}” excludes {d}"
    text = f"Last allowed day: {_WEEKDAYS_EN[o.last_day.weekday()]} {vn_date(o.last_day)} ({how}"
    if o.shifted_from is not None:
        text += f"; moved to the next working day from {_day_off(o.shifted_from, o.holiday, lang)}"
    return text + ")."


def _what_to_send(rule: CompiledRule, lang: Lang) -> str | None:
    kinds = sorted({k for s in rule.check.selectors() if s.kinds for k in s.kinds})
    if not kinds:
        return None
    vi, en = kinds_words(frozenset(kinds))
    return f"Cần gửi: {vi}." if lang == "vi" else f"To send: {en}."


def summary(o: Obligation, lang: Lang) -> str:
    title = o.rule.title.pick(lang)
    if o.last_day is None:
        return title
    return f"Hạn chót: {title}" if lang == "vi" else f"Due: {title}"


def description(o: Obligation, unit: Unit, school_year: str, lang: Lang) -> str:
    vi = lang == "vi"
    rule, source = o.rule, o.rule.source
    plan = source.plan.pick(lang) if source.plan is not None else source.document
    name = f"{unit.unit_name} ({unit.unit_id})" if unit.unit_name else unit.unit_id
    lines = [f"Đơn vị: {name}, năm học {school_year}." if vi else f"Unit: {name}, school year {school_year}."]
    if o.last_day is not None:
        lines.append(_reading(o, lang))
    else:
        lines.append(
            f"Không có hạn riêng: nghĩa vụ áp dụng trong cả năm học {school_year}."
            if vi
            else f"No due date of its own: the obligation holds through the school year {school_year}."
        )
    if o.status is not None:
        lines.append(("Kết quả kiểm tra: " if vi else "Audit: ") + o.status.pick(lang))
    if (send := _what_to_send(rule, lang)) is not None:
        lines.append(send)
    lines.append(("Việc cần làm: " if vi else "What to do: ") + rule.remediation.pick(lang))
    section = f"mục {source.section}" if vi else f"section {source.section}"
    lines.append(f"{'Căn cứ' if vi else 'Source'}: {plan}, {section}: “{source.quote}”")
    lines.append(
        f"{'Mức độ' if vi else 'Severity'}: {SEVERITY_LABELS[rule.severity].pick(lang)}. "
        f"{'Tiêu chí' if vi else 'Rule'} {rule.id} ({o.pack.id})."
    )
    return "\n".join(lines)


def calendar_name(unit: Unit, school_year: str, lang: Lang) -> str:
    name = unit.unit_name or unit.unit_id
    if lang == "vi":
        return f"Lịch hạn báo cáo năm học {school_year} — {name}"
    return f"Reporting deadlines {school_year} — {name}"


# ----------------------------------------------------------------------------- iCalendar


def render(
    found: Iterable[Obligation],
    unit: Unit,
    school_year: str,
    *,
    lang: Lang = "vi",
    stamp: dt.datetime | None = None,
) -> bytes:
    """The calendar of ``found`` for ``unit`` as iCalendar bytes (UTF-8, lines folded at 75
    octets, commas and semicolons escaped — all by ``icalendar``). ``stamp`` is every DTSTAMP
    (default: now, in UTC)."""
    import icalendar  # noqa: PLC0415 - only the calendar command writes iCalendar

    stamp = (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    language: dict[str, Any] = {"LANGUAGE": lang}
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name(unit, school_year, lang))
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for o in found:
        rule = o.rule
        component: icalendar.Component = icalendar.Event() if o.last_day is not None else icalendar.Todo()
        component.add("uid", uid(o.pack.id, rule.id, unit.unit_id, school_year))
        component.add("dtstamp", stamp)
        component.add("summary", summary(o, lang), parameters=language)
        component.add("description", description(o, unit, school_year, lang), parameters=language)
        component.add(
            "categories",
            [_KIND_LABELS[rule.kind].pick(lang), SEVERITY_LABELS[rule.severity].pick(lang), o.pack.id],
        )
        component.add("priority", _PRIORITY[rule.severity])
        if o.last_day is not None:
            component.add("dtstart", o.last_day)  # a date: an all-day event
            component.add("dtend", o.last_day + dt.timedelta(days=1))
            component.add("transp", "TRANSPARENT")
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -dt.timedelta(days=ALARM_DAYS))
            reminder = (
                f"Còn {ALARM_DAYS} ngày: {rule.title.vi}"
                if lang == "vi"
                else f"{ALARM_DAYS} days left: {rule.title.en}"
            )
            alarm.add("description", reminder)
            component.add_component(alarm)
        else:
            component.add("status", "NEEDS-ACTION")
        cal.add_component(component)
    data: bytes = cal.to_ical()
    return data
