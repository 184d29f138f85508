"""The Vietnamese working-day calendar.

Weekends are Saturday and Sunday. Public holidays, with their Vietnamese names, and the yearly
working-day swaps (2024: Monday 29/4 off, Saturday 4/5 worked) come from the ``holidays`` package.
Known flaws of holidays 0.109: in 2025 the 28th of the last lunar month (27/01) is labelled
"29 Tết", and Saturday 01/02/2025 is listed as a holiday. Swaps are hard-coded upstream and
announced yearly, so a rule pack can correct the calendar with ``extra_holidays`` and
``extra_working_days``.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import holidays

WEEKDAYS_VI: tuple[str, ...] = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


@dataclass(frozen=True, slots=True)
class _PublicYear:
    """One year of the package's calendar, copied out so that reads never touch ``holidays``."""

    names: Mapping[dt.date, str]
    days_off: frozenset[dt.date]  # weekends and holidays, minus the make-up working Saturdays


_public_years: dict[int, _PublicYear] = {}
_public_years_lock = threading.Lock()


def _public_year(year: int) -> _PublicYear:
    cached = _public_years.get(year)
    if cached is not None:
        return cached
    with _public_years_lock:
        cached = _public_years.get(year)
        if cached is None:
            table = holidays.country_holidays("VN", years=year, language="vi")
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
            # The package's own is_working_day knows the swaps (weekend_workdays).
            days_off = frozenset(day for day in days if not table.is_working_day(day))
            cached = _PublicYear(dict(table), days_off)
            _public_years[year] = cached
        return cached


class WorkingCalendar:
    """Which days are working days in Vietnam, with a rule pack's overrides.

    Immutable after construction; the package's holidays are read once per year into a shared,
    lock-protected cache, so one calendar can serve many threads.
    """

    __slots__ = ("_extra_holidays", "_extra_working")

    def __init__(
        self,
        *,
        extra_holidays: Mapping[dt.date, str] | None = None,
        extra_working_days: Iterable[dt.date] = (),
    ) -> None:
        self._extra_holidays: Mapping[dt.date, str] = dict(extra_holidays or {})
        # Extra working days win over every day off, as the package's make-up Saturdays do.
        self._extra_working = frozenset(extra_working_days)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._extra_working:
            return True
        return day not in self._extra_holidays and day not in _public_year(day.year).days_off

    def holiday_name(self, day: dt.date) -> str | None:
        """The Vietnamese name of the holiday on ``day`` ("Tết Nguyên Đán"), or None."""
        if day in self._extra_working:
            return None
        if day in self._extra_holidays:
            return self._extra_holidays[day]
        return _public_year(day.year).names.get(day)

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        # Terminates: holidays (package and overrides) are finitely many per year.
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


DEFAULT_CALENDAR = WorkingCalendar()


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
