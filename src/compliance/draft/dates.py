"""Due dates in a clause, as plans print them, and the weekday check.

Forms read (day first, never month first): ``15/01/2024``, ``15-01-2024``, ``15.01.2024``,
``ngày 15 tháng 01 năm 2024``, a month (``trong tháng 10``, ``tháng 10/2023``, ``hết tháng 10
năm 2023``: its last day) and the monthly "ngày 20 hằng tháng" (recurring: no single date). Only
a date after a deadline cue ("trước", "chậm nhất", "hạn", "đến hết", "trong") is a due date:
"Quyết định số 4045/QĐ-UBND ngày 11/8/2023" is a reference, not a deadline.

A date after a cue that does not exist ("trước ngày 31/02/2024", "29/02/2023", "trong tháng
13/2023", "ngày 35 hằng tháng") is never a due date, and never silently dropped either:
:func:`impossible_dates` names it with the reason it cannot be, for the draft's ``not_encoded``.

A weekday printed with the date ("(thứ Hai)", "thứ Hai, ngày …") is checked against the
calendar; when it is wrong, :func:`correct` looks for the one nearby year that has that weekday
and lies in the school year after the plan was issued — a proposal the draft records as a
``correction``, never applied silently.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from compliance.dates import parse_weekday_vi

_CUE = r"(?P<cue>trước|chậm nhất(?: là)?|muộn nhất(?: là)?|không muộn hơn|hạn chót(?: là)?|hạn cuối(?: là)?|hạn nộp(?: là)?|đến hết|đến|hết|trong)"
_WEEKDAY = r"thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|CN|T[2-7]"
_NUMERIC = r"(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})(?![0-9])"
_LONG = r"(?P<d2>[0-9]{1,2})\s+tháng\s+(?P<m2>[0-9]{1,2})\s+năm\s+(?P<y2>[0-9]{4})(?![0-9])"
_DATE = re.compile(
    rf"(?<!\w){_CUE}\s+(?:(?:ngày|hôm)\s+)?(?:(?P<wd1>{_WEEKDAY})\s*,?\s*(?:ngày\s+)?)?(?:{_NUMERIC}|{_LONG})"
    rf"(?:\s*\(\s*(?P<wd2>{_WEEKDAY})\s*\))?",
    re.IGNORECASE,
)
_MONTH = re.compile(
    r"(?<!\w)(?P<cue>đến hết|trong|hết|cuối)\s+(?P<t>tháng)\s+(?P<m>[0-9]{1,2})"
    r"(?:\s*(?:/|năm)\s*(?P<y>[0-9]{4}))?(?![0-9/])",
    re.IGNORECASE,
)
_MONTHLY = re.compile(r"ngày\s+(?P<d>[0-9]{1,2})\s+(?:hằng|hàng|mỗi|các)\s+tháng", re.IGNORECASE)
_INCLUSIVE_CUES = (
    "chậm nhất",
    "muộn nhất",
    "không muộn hơn",
    "hạn chót",
    "hạn cuối",
    "hạn nộp",
    "đến hết",
    "đến",
    "hết",
    "trong",
)


@dataclass(frozen=True, slots=True)
class Due:
    """A due date found in a clause: ``printed`` is the exact text (a substring of the clause)."""

    day: dt.date
    printed: str
    start: int  # offset in the clause
    reading: str  # "auto" (before D, with or without a weekday), "inclusive" (by D, a month's last day)
    weekday: str | None  # the weekday printed with it, as printed
    month_only: bool = False

    @property
    def weekday_wrong(self) -> bool:
        if self.weekday is None:
            return False
        stated = parse_weekday_vi(self.weekday)
        return stated is not None and stated != self.day.weekday()


@dataclass(frozen=True, slots=True)
class Impossible:
    """A date after a deadline cue that is not in the calendar: ``printed`` is the date as the
    clause prints it (a substring of it, without its cue and weekday), ``why`` says why it
    cannot be."""

    printed: str
    start: int  # offset in the clause
    numeric: str  # the date in digits, for the English reason: "31/02/2024", "month 13/2023"
    why_vi: str
    why_en: str

    @property
    def reason_vi(self) -> str:
        return f"{self.printed} không có thật ({self.why_vi})"

    @property
    def reason_en(self) -> str:
        return f"{self.numeric} does not exist ({self.why_en})"


@dataclass(frozen=True, slots=True)
class Monthly:
    day: int
    printed: str


def school_year_bounds(year: str) -> tuple[dt.date, dt.date]:
    first = int(year[:4])
    return dt.date(first, 8, 1), dt.date(first + 1, 7, 31)


def due_dates(clause: str, school_year: str | None) -> list[Due]:
    """The due dates of ``clause``, in order; impossible dates (31/02) are not among them (see
    :func:`impossible_dates`)."""
    return scan(clause, school_year)[0]


def impossible_dates(clause: str) -> list[Impossible]:
    """The dates of ``clause`` after a deadline cue (or in "ngày N hằng tháng") that the calendar
    does not have, in order: each would have been a due date had it existed."""
    return scan(clause, None)[1]


_MONTH_EN = tuple(calendar.month_name)


def _why_not(d: int, mo: int, y: int) -> tuple[str, str]:
    """Why the day ``d`` of month ``mo`` of ``y`` is not a date (Vietnamese, English)."""
    if not 1 <= mo <= 12:
        return "một năm có 12 tháng", "a year has 12 months"
    if not dt.MINYEAR <= y <= dt.MAXYEAR:
        return f"không có năm {y}", f"there is no year {y}"
    if d == 0:
        return "không có ngày 0", "there is no day 0"
    days = calendar.monthrange(y, mo)[1]
    if mo == 2 and d == 29:
        return f"{y} không nhuận", f"{y} is not a leap year"
    return f"tháng {mo}/{y} chỉ có {days} ngày", f"{_MONTH_EN[mo]} {y} has {days} days"


def scan(clause: str, school_year: str | None) -> tuple[list[Due], list[Impossible]]:
    """(:func:`due_dates`, :func:`impossible_dates`) of ``clause`` in one pass."""
    found: list[Due] = []
    impossible: list[Impossible] = []
    for m in _DATE.finditer(clause):
        if m.group("d"):
            d, mo, y = m.group("d", "m", "y")
            digits = clause[m.start("d") : m.end("y")]
            date_end = m.end("y")
        else:
            d, mo, y = m.group("d2", "m2", "y2")
            digits = f"{int(d):02d}/{int(mo):02d}/{y}"
            date_end = m.end("y2")
        tail = clause[m.end("cue") : m.end()]
        printed_start = m.end("cue") + len(tail) - len(tail.lstrip())
        try:
            day = dt.date(int(y), int(mo), int(d))
        except ValueError:
            vi, en = _why_not(int(d), int(mo), int(y))
            at = printed_start
            if m.group("wd1"):  # "thứ Hai, ngày 31 tháng 4 năm 2024": the date without its weekday
                rest = clause[m.end("wd1") : date_end]
                at = m.end("wd1") + len(rest) - len(rest.lstrip(" \t\u00a0,"))
            impossible.append(Impossible(clause[at:date_end], at, digits, vi, en))
            continue
        cue = m.group("cue").casefold()
        if cue == "trước" or cue.startswith("trước"):
            reading = "auto"
        elif cue in _INCLUSIVE_CUES or any(cue.startswith(c) for c in _INCLUSIVE_CUES):
            reading = "inclusive"
        else:
            reading = "auto"
        weekday = m.group("wd1") or m.group("wd2")
        found.append(Due(day, clause[printed_start : m.end()], printed_start, reading, weekday))
    first = int(school_year[:4]) if school_year is not None else None
    dated = [(f.start, f.start + len(f.printed)) for f in found] + [
        (i.start, i.start + len(i.printed)) for i in impossible
    ]
    for m in _MONTH.finditer(clause):
        if any(a <= m.start() < b for a, b in dated):
            continue
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            at = m.start("t")
            of = f"/{m.group('y')}" if m.group("y") else ""
            impossible.append(
                Impossible(
                    clause[at : m.end()],
                    at,
                    f"month {month}{of}",
                    "một năm có 12 tháng",
                    "a year has 12 months",
                )
            )
            continue
        if first is None:
            continue
        year = int(m.group("y")) if m.group("y") else (first if month >= 8 else first + 1)
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        printed = clause[m.start("cue") : m.end()]
        found.append(Due(last, printed, m.start("cue"), "inclusive", None, month_only=True))
    for m in _MONTHLY.finditer(clause):
        if not 1 <= int(m.group("d")) <= 31:
            impossible.append(
                Impossible(
                    m.group(0),
                    m.start(),
                    f"day {int(m.group('d'))} of every month",
                    "một tháng có nhiều nhất 31 ngày",
                    "a month has at most 31 days",
                )
            )
    return sorted(found, key=lambda f: f.start), sorted(impossible, key=lambda i: i.start)


def monthly(clause: str) -> Monthly | None:
    m = _MONTHLY.search(clause)
    if m is None or not 1 <= int(m.group("d")) <= 31:
        return None
    return Monthly(int(m.group("d")), m.group(0))


def correct(due: Due, start: dt.date, end: dt.date, issued: dt.date) -> dt.date | None:
    """The one date with the printed day and month and the printed weekday, a year either way of
    the printed one, inside [start, end] and not before ``issued``; None when there is none or
    more than one (then a person must decide)."""
    stated = parse_weekday_vi(due.weekday or "")
    if stated is None:
        return None
    found = []
    for year in (due.day.year - 1, due.day.year + 1):
        try:
            candidate = due.day.replace(year=year)
        except ValueError:
            continue
        if candidate.weekday() == stated and start <= candidate <= end and candidate >= issued:
            found.append(candidate)
    return found[0] if len(found) == 1 else None
