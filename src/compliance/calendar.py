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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache


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
            import holidays  # noqa: PLC0415 - its data for every country loads slowly; only when a deadline is judged

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


@lru_cache(maxsize=256)
def calendar_for(
    extra_holidays: tuple[tuple[dt.date, str], ...] = (), extra_working_days: tuple[dt.date, ...] = ()
) -> WorkingCalendar:
    """One shared calendar per set of overrides (a rule pack's ``calendar``; the IR keeps only the
    overrides, as data)."""
    if not extra_holidays and not extra_working_days:
        return DEFAULT_CALENDAR
    return WorkingCalendar(extra_holidays=dict(extra_holidays), extra_working_days=extra_working_days)
