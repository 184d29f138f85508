"""Dates as people write and read them: ISO dates and date-times in files, the calendar day in
Vietnam (UTC+7) of a date-time, ``dd/mm/yyyy`` typed on the command line (never month first),
weekday names ("thứ Tư", "CN"), and dates printed in plans with or without their weekday
("trước ngày 15/01/2024 (thứ Hai)", "ngày 21 tháng 9 năm 2023").

Nothing here knows which days are working days: that is :mod:`compliance.calendar`.
"""

from __future__ import annotations

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


_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DAY_FIRST = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})")


def parse_user_date(text: str) -> dt.date:
    """A date typed on the command line: ``YYYY-MM-DD`` or day first (``dd/mm/yyyy``,
    ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``). Never month first, as in Vietnam."""
    raw = text.strip()
    if iso := _ISO.fullmatch(raw):
        year, month, day = iso.group(1, 2, 3)
    elif day_first := _DAY_FIRST.fullmatch(raw):
        day, month, year = day_first.group(1, 3, 4)
    else:
        raise DateInputError(Code.DATE_UNREADABLE, text=text, accepted=ACCEPTED_DATES)
    try:
        typed = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateInputError(
            Code.DATE_IMPOSSIBLE, text=text, accepted=ACCEPTED_DATES, day=day, month=month, year=year
        ) from None
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


# ASCII digits only: int() would read a full-width "２０２４" as 2024 and find a date no one printed
_NUMERIC = r"(?<![0-9])([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?![0-9])"
_LONG = r"ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})(?![0-9])"
_WEEKDAY = r"thứ\s+\w+|chủ\s+nhật"
# "24/5/2024 (thứ Sáu)", "ngày 24 tháng 5 năm 2024 (thứ Sáu)"
_DATE_THEN_DAY = re.compile(rf"(?:{_NUMERIC}|{_LONG})\s*\(\s*({_WEEKDAY}|T[2-7]|CN)\s*\)", re.IGNORECASE)
# "thứ Sáu, ngày 24/5/2024", "Thứ Sáu (24/5/2024)"
_DAY_THEN_DATE = re.compile(rf"(?<!\w)({_WEEKDAY})\s*[,(]?\s*(?:ngày\s+)?{_NUMERIC}(?:\s*\))?", re.IGNORECASE)
# "lần thứ ba ngày 12/3/2021" is an ordinal, not a weekday
_ORDINAL_BEFORE = re.compile(
    r"(?:lần|kỳ|khóa|khoá|đợt|lớp|hạng|bậc|phần|chương|điều|ngày)\s*$", re.IGNORECASE
)
_ANY_DATE = re.compile(rf"{_NUMERIC}|{_LONG}", re.IGNORECASE)


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


def _as_date(m: re.Match[str], first: int) -> dt.date | None:
    """The date in groups ``first`` (day), ``first + 1`` (month), ``first + 2`` (year): day first,
    never month first; None when it does not exist (31/02)."""
    try:
        return dt.date(int(m.group(first + 2)), int(m.group(first + 1)), int(m.group(first)))
    except ValueError:
        return None


def annotated_dates(text: str) -> Iterator[AnnotatedDate]:
    """Dates printed with a weekday in ``text`` (either order), impossible dates skipped."""
    taken: list[tuple[int, int]] = []
    for m in _DATE_THEN_DAY.finditer(text):
        day = _as_date(m, 1 if m.group(1) else 4)
        if day is not None:
            taken.append(m.span())
            yield AnnotatedDate(m.start(), m.group(0), day, m.group(7))
    for m in _DAY_THEN_DATE.finditer(text):
        overlaps = any(a < m.end() and m.start() < b for a, b in taken)
        if overlaps or _ORDINAL_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        day = _as_date(m, 2)
        if day is not None:
            yield AnnotatedDate(m.start(), m.group(0), day, m.group(1))


def quoted_dates(text: str) -> list[dt.date]:
    """Every valid date written in ``text`` (dd/mm/yyyy, d/m/yyyy or 'ngày d tháng m năm yyyy')."""
    found = []
    for m in _ANY_DATE.finditer(text):
        day = _as_date(m, 1 if m.group(1) else 4)
        if day is not None:
            found.append(day)
    return found
