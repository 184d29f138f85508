"""The Vietnamese working-day calendar.

Weekends are Saturday and Sunday. Public holidays, with their Vietnamese names, and the yearly
working-day swaps (2024: Monday 29/4 off, Saturday 4/5 worked) come from the ``holidays``
package. Known flaws of holidays 0.109 (see shared domain notes): in 2025 the 28th of the last
lunar month is labelled "29 Tết" and Saturday 01/02/2025 is listed as a holiday. Swaps are
hard-coded upstream, so rule packs can add ``extra_holidays`` and ``extra_working_days``.
"""

from __future__ import annotations

import datetime as dt
import threading
import unicodedata
from collections.abc import Iterable, Mapping

import holidays

WEEKDAYS_VI: tuple[str, ...] = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")

_WEEKDAY_WORDS = {
    "hai": 0,
    "2": 0,
    "ba": 1,
    "3": 1,
    "tư": 2,
    "tu": 2,
    "4": 2,
    "năm": 3,
    "nam": 3,
    "5": 3,
    "sáu": 4,
    "sau": 4,
    "6": 4,
    "bảy": 5,
    "bay": 5,
    "7": 5,
}


class WorkingCalendar:
    """Which days are working days in Vietnam. Immutable after construction and thread-safe."""

    def __init__(
        self,
        *,
        extra_holidays: Mapping[dt.date, str] | None = None,
        extra_working_days: Iterable[dt.date] = (),
    ) -> None:
        self._extra_holidays = dict(extra_holidays or {})
        self._extra_working = frozenset(extra_working_days)
        self._years: dict[int, holidays.HolidayBase] = {}
        self._lock = threading.Lock()

    def _year(self, year: int) -> holidays.HolidayBase:
        table = self._years.get(year)
        if table is None:
            with self._lock:
                table = self._years.get(year)
                if table is None:
                    table = holidays.country_holidays("VN", years=year, language="vi")
                    self._years[year] = table
        return table

    def holiday_name(self, day: dt.date) -> str | None:
        if day in self._extra_holidays:
            return self._extra_holidays[day]
        name: str | None = self._year(day.year).get(day)
        return name

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._extra_working:
            return True
        if day in self._extra_holidays:
            return False
        working: bool = self._year(day.year).is_working_day(day)
        return working

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        for _ in range(366):
            if self.is_working_day(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError("no working day within a year")  # pragma: no cover - impossible calendar


DEFAULT_CALENDAR = WorkingCalendar()


def weekday_vi(day: dt.date) -> str:
    return WEEKDAYS_VI[day.weekday()]


def parse_weekday_vi(text: str) -> int | None:
    """'thứ Tư', 'Thứ tư', 'thứ 4', 'T4', 'chủ nhật', 'CN' -> 0..6 (Monday = 0); None otherwise."""
    words = unicodedata.normalize("NFC", text).casefold().replace("(", " ").replace(")", " ").split()
    if not words:
        return None
    joined = " ".join(words)
    if joined in ("chủ nhật", "cn", "chu nhat"):
        return 6
    if len(words) == 1 and len(words[0]) == 2 and words[0][0] == "t" and words[0][1] in "234567":
        return _WEEKDAY_WORDS[words[0][1]]
    if len(words) == 2 and words[0] in ("thứ", "thu"):
        return _WEEKDAY_WORDS.get(words[1])
    return None
