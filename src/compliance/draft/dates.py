"""Due dates in a clause, as plans print them, and the weekday check.

Forms read (day first, never month first): ``15/01/2024``, ``15-01-2024``, ``15.01.2024``,
``ngày 15 tháng 01 năm 2024``, a month (``trong tháng 10``, ``tháng 10/2023``, ``hết tháng 10
năm 2023``: its last day) and the monthly "ngày 20 hằng tháng" (recurring: no single date). Only
a date after a deadline cue ("trước", "chậm nhất", "hạn", "đến hết", "trong") is a due date:
"Quyết định số 4045/QĐ-UBND ngày 11/8/2023" is a reference, not a deadline.

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
    r"(?<!\w)(?P<cue>đến hết|trong|hết|cuối)\s+tháng\s+(?P<m>[0-9]{1,2})"
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
class Monthly:
    day: int
    printed: str


def school_year_bounds(year: str) -> tuple[dt.date, dt.date]:
    first = int(year[:4])
    return dt.date(first, 8, 1), dt.date(first + 1, 7, 31)


def due_dates(clause: str, school_year: str | None) -> list[Due]:
    """The due dates of ``clause``, in order; impossible dates (31/02) are skipped."""
    found: list[Due] = []
    for m in _DATE.finditer(clause):
        if m.group("d"):
            d, mo, y = m.group("d", "m", "y")
        else:
            d, mo, y = m.group("d2", "m2", "y2")
        try:
            day = dt.date(int(y), int(mo), int(d))
        except ValueError:
            continue
        cue = m.group("cue").casefold()
        if cue == "trước" or cue.startswith("trước"):
            reading = "auto"
        elif cue in _INCLUSIVE_CUES or any(cue.startswith(c) for c in _INCLUSIVE_CUES):
            reading = "inclusive"
        else:
            reading = "auto"
        weekday = m.group("wd1") or m.group("wd2")
        tail = clause[m.end("cue") : m.end()]
        printed_start = m.end("cue") + len(tail) - len(tail.lstrip())
        found.append(Due(day, clause[printed_start : m.end()], printed_start, reading, weekday))
    if school_year is not None:
        first = int(school_year[:4])
        for m in _MONTH.finditer(clause):
            month = int(m.group("m"))
            if not 1 <= month <= 12:
                continue
            year = int(m.group("y")) if m.group("y") else (first if month >= 8 else first + 1)
            last = dt.date(year, month, calendar.monthrange(year, month)[1])
            printed = clause[m.start("cue") : m.end()]
            if any(f.start <= m.start() < f.start + len(f.printed) for f in found):
                continue
            found.append(Due(last, printed, m.start("cue"), "inclusive", None, month_only=True))
    return sorted(found, key=lambda f: f.start)


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
