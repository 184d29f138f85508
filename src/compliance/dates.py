"""Dates as people write and read them: ISO dates and date-times in files, the calendar day in
Vietnam (UTC+7) of a date-time, ``dd/mm/yyyy`` typed on the command line (never month first),
weekday names ("thứ Tư", "CN"), and dates printed in plans with or without their weekday
("trước ngày 15/01/2024 (thứ Hai)", "ngày 21 tháng 9 năm 2023").

A printed date has one reading, here, for every reader — a date typed on the command line
(:func:`parse_user_date`), the dates of a quote (:func:`quoted_dates`: lint's ``due-differs``) and
the dates printed with a weekday (:func:`annotated_dates`: ``reading: auto``, lint's
``weekday-mismatch`` in quotes and across a plan). Its forms are day first with "/", "-" or "."
(the same separator twice: ``03/06/2024``, ``3/6/2024``, ``03-06-2024``, ``03.06.2024``), ISO year
first (``2024-06-03``) and, in plans, spelt out (``ngày 3 tháng 6 năm 2024``); never month first
and never a two-digit year. Digits are ASCII, the year has four of them, and the date must
exist. A date is read only when it stands alone: not inside a longer run of digits
("112/05/2024"), nor joined by its own separator to another number ("1.2.03.06.2024",
"2023-2024-06-03") — so "2023-2024" (a school year), "12/BC-THCSNC", "số 123.456", "1.2.3" and
"024.38.25.1234" are not dates. The patterns use only what RE2 has (no backreference, no
lookaround; the boundaries are checked in Python) and run in time linear in the text.

Nothing here knows which days are working days: that is :mod:`compliance.calendar`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from compliance.errors import Code, Location
from compliance.messages import ACCEPTED_DATES, problem

VN_TZ = dt.timezone(dt.timedelta(hours=7))
# The years a report, a plan or a date typed on the command line may name: far enough either way
# for any school year, near enough that no date arithmetic (UTC+7, working days) can overflow.
MIN_YEAR, MAX_YEAR = 1900, 2100
WEEKDAYS_VI: tuple[str, ...] = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def local_date(value: str | dt.date | dt.datetime) -> dt.date:
    """The calendar day in Vietnam of an ISO date or date-time.

    Date-times with an offset (or "Z") are converted to UTC+7 first; naive ones are taken as
    Vietnam time. Raises ValueError for anything that is not ISO 8601. Never raises otherwise: a
    moment whose day in Vietnam falls outside the calendar (``9999-12-31T23:00:00-05:00``; the
    report schema keeps years to 1900–2100, so only a caller past it meets one) keeps the day it
    was written with.
    """
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)  # a date alone reads as naive midnight
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is not None:
        try:
            value = value.astimezone(VN_TZ)
        except OverflowError:
            return value.date()
    return value.date()


class DateInputError(ValueError):
    """A date a person typed cannot be read: its problem's code and values (``message`` says why,
    in Vietnamese and English)."""

    def __init__(self, code: Code, **values: object) -> None:
        self.code = code
        self.values = values
        self.message = problem(code, at=Location(), **values).message
        super().__init__(self.message.en)


def parse_user_date(text: str) -> dt.date:
    """A date typed on the command line: ``YYYY-MM-DD`` or day first (``dd/mm/yyyy``,
    ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``). Never month first, as in Vietnam."""
    raw = text.strip()
    if _TYPED.fullmatch(raw) is None:
        raise DateInputError(Code.DATE_UNREADABLE, text=text, accepted=ACCEPTED_DATES)
    day, month, year = _parts(raw)
    typed = _as_date(day, month, year)
    if typed is None:
        raise DateInputError(
            Code.DATE_IMPOSSIBLE, text=text, accepted=ACCEPTED_DATES, day=day, month=month, year=year
        )
    if not MIN_YEAR <= typed.year <= MAX_YEAR:
        raise DateInputError(Code.DATE_OUT_OF_RANGE, text=text, accepted=ACCEPTED_DATES, year=year)
    return typed


# ----------------------------------------------------------------------------- weekdays


def weekday_vi(day: dt.date) -> str:
    return WEEKDAYS_VI[day.weekday()]


_SUNDAY = ("chủ nhật", "chu nhat", "cn")
_WEEKDAY_WORDS = {
    **dict.fromkeys(("hai", "2"), 0),
    **dict.fromkeys(("ba", "3"), 1),
    **dict.fromkeys(("tư", "tu", "4"), 2),
    **dict.fromkeys(("năm", "nam", "5"), 3),
    **dict.fromkeys(("sáu", "sau", "6"), 4),
    **dict.fromkeys(("bảy", "bẩy", "bay", "7"), 5),
}


def parse_weekday_vi(text: str) -> int | None:
    """'thứ Tư', 'Thứ tư', 'thứ 4', 'T4', 'chủ nhật', 'CN' -> 0..6 (Monday = 0); None otherwise.

    Case-insensitive after NFC; surrounding parentheses, as printed in plans ("(thứ Tư)"), are ignored.
    """
    words = unicodedata.normalize("NFC", text.casefold()).strip(" ()").split()
    if " ".join(words) in _SUNDAY:
        return 6
    if len(words) == 1 and len(words[0]) == 2 and words[0][0] == "t":  # "T4"
        return _WEEKDAY_WORDS.get(words[0][1])
    if len(words) == 2 and words[0] in ("thứ", "thu"):
        return _WEEKDAY_WORDS.get(words[1])
    return None


# ----------------------------------------------------------------------------- dates printed in plans


# The forms of a printed date (see the module). ASCII digits only: int() would read a full-width
# "２０２４" as 2024 and find a date no one printed.
_DAY_FIRST = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}"
_YEAR_FIRST = r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
_LONG = r"ngày\s+[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4}"
_DATE = rf"(?P<date>{_DAY_FIRST}|{_YEAR_FIRST}|{_LONG})"
_WEEKDAY = r"thứ\s+\w+|chủ\s+nhật"

# what a person may type (the spelt-out form is for plans)
_TYPED = re.compile(rf"{_DAY_FIRST}|{_YEAR_FIRST}")
# "24/5/2024", "24-5-2024", "2024-05-24", "ngày 24 tháng 5 năm 2024"
_ANY_DATE = re.compile(_DATE, re.IGNORECASE)
# "24/5/2024 (thứ Sáu)", "ngày 24 tháng 5 năm 2024 (T6)", "24.5.2024, thứ Sáu" (after a comma, only
# a weekday spelt out: "…, cn." is more often an abbreviation than Sunday)
_DATE_THEN_DAY = re.compile(
    rf"{_DATE}\s*(?:\(\s*(?P<bracketed>{_WEEKDAY}|T[2-7]|CN)\s*\)|,\s*(?P<after_comma>{_WEEKDAY}))",
    re.IGNORECASE,
)
# "thứ Sáu, ngày 24/5/2024", "Thứ Sáu (24-5-2024)"
_DAY_THEN_DATE = re.compile(
    rf"(?P<stated>{_WEEKDAY})\s*(?:[,(]\s*)?(?:ngày\s+)?{_DATE}(?:\s*\))?", re.IGNORECASE
)
# "lần thứ ba ngày 12/3/2021" is an ordinal, not a weekday
_ORDINAL_BEFORE = re.compile(
    r"(?:lần|kỳ|khóa|khoá|đợt|lớp|hạng|bậc|phần|chương|điều|ngày)\s*$", re.IGNORECASE
)
# what may follow a weekday printed after a date and a comma: "05/06/2024, thứ Hai; …", "…, thứ Hai."
_PHRASE_END = re.compile(r"[ \t]*(?:[,;.:)\]\r\n–—-]|$)")
_WORD = re.compile(r"\w")
_DIGITS = frozenset("0123456789")
_DIGIT_RUN = re.compile("[0-9]+")
# every pattern above, for the test that they are in the RE2 dialect
_PATTERNS = (_TYPED, _ANY_DATE, _DATE_THEN_DAY, _DAY_THEN_DATE, _ORDINAL_BEFORE, _PHRASE_END, _WORD)


def _parts(printed: str) -> tuple[str, str, str]:
    """Day, month and year as printed in one of the forms: year first when it leads, else day first."""
    first, second, third = _DIGIT_RUN.findall(printed)
    return (third, second, first) if len(first) == 4 else (first, second, third)


def _as_date(day: str, month: str, year: str) -> dt.date | None:
    """The date, or None when it does not exist (31/02, 00/01, year 0)."""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _digit_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i] in _DIGITS


def _printed_date(text: str, m: re.Match[str]) -> dt.date | None:
    """The date of group ``date`` of ``m`` (a match in ``text``) when it stands alone and exists."""
    start, end = m.span("date")
    printed = m.group("date")
    if _digit_at(text, start - 1) or _digit_at(text, end):
        return None  # part of a longer number: "112/05/2024", "03/06/20245"
    lead = _DIGIT_RUN.match(printed)
    sep = printed[lead.end()] if lead is not None else ""  # none in the spelt-out form
    if sep and (
        (text[start - 1 : start] == sep and _digit_at(text, start - 2))
        or (text[end : end + 1] == sep and _digit_at(text, end + 1))
    ):
        return None  # one link of a chain of numbers: "1.2.03.06.2024", "2023-2024-06-03"
    return _as_date(*_parts(printed))


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[tuple[re.Match[str], dt.date]]:
    """Each match of ``pattern`` whose date stands alone and exists, with that date. A match that is
    not one gives way to a match starting one character later, as a lookaround would."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        day = _printed_date(text, m)
        if day is None:
            pos = m.start() + 1
            continue
        yield m, day
        pos = m.end()


@dataclass(frozen=True, slots=True)
class AnnotatedDate:
    """A date printed with a weekday, as found in a text."""

    start: int
    text: str
    day: dt.date
    stated: str

    @property
    def wrong(self) -> bool:
        return parse_weekday_vi(self.stated) not in (None, self.day.weekday())


def annotated_dates(text: str) -> Iterator[AnnotatedDate]:
    """Dates printed with a weekday in ``text`` (either order, any form of the date), impossible
    dates skipped."""
    starts: list[int] = []  # the spans taken by the first order, in order and apart
    ends: list[int] = []
    for m, day in _matches(_DATE_THEN_DAY, text):
        stated = m.group("bracketed")
        if stated is None:  # after a comma: a weekday that ends the phrase, not "…, thứ hai là …"
            stated = m.group("after_comma")
            if parse_weekday_vi(stated) is None or _PHRASE_END.match(text, m.end()) is None:
                continue
        starts.append(m.start())
        ends.append(m.end())
        yield AnnotatedDate(m.start(), m.group(0), day, stated)
    for m, day in _matches(_DAY_THEN_DATE, text):
        first_ending_after = bisect.bisect_right(ends, m.start())
        overlaps = first_ending_after < len(starts) and starts[first_ending_after] < m.end()
        after_word = m.start() > 0 and _WORD.match(text, m.start() - 1) is not None
        if overlaps or after_word or _ORDINAL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        yield AnnotatedDate(m.start(), m.group(0), day, m.group("stated"))


def quoted_dates(text: str) -> list[dt.date]:
    """Every valid date written in ``text``, in any of its forms (dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy,
    dd.mm.yyyy, yyyy-mm-dd, 'ngày d tháng m năm yyyy')."""
    return [day for _, day in _matches(_ANY_DATE, text)]
