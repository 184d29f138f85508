"""Deadlines: reading "trước ngày D" and judging a received date against it.

"trước ngày D" (before D) has no legal definition, so the reading is a per-rule choice:
``exclusive`` (the literal reading, default) makes D-1 the last allowed day, ``inclusive`` makes
it D. Moving a last day that falls on a weekend or holiday to the next working day follows Civil
Code reasoning that is not established for administrative reports, so it is a choice too. Days
late are calendar days.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar
from compliance.i18n import Text

Reading = Literal["exclusive", "inclusive"]
DeadlineState = Literal["on_time", "late", "missing", "pending"]
VN_TZ = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True, slots=True)
class Deadline:
    due: dt.date  # as written in the plan, after any documented correction
    reading: Reading = "exclusive"
    shift_to_working_day: bool = False

    def _unshifted_last_day(self) -> dt.date:
        return self.due - dt.timedelta(days=1) if self.reading == "exclusive" else self.due

    def last_allowed_day(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date:
        last = self._unshifted_last_day()
        return calendar.next_working_day(last) if self.shift_to_working_day else last

    def shifted_from(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date | None:
        """The last day before the shift, when shifting moved it; otherwise None."""
        last = self._unshifted_last_day()
        return last if self.last_allowed_day(calendar) != last else None


@dataclass(frozen=True, slots=True)
class DeadlineOutcome:
    state: DeadlineState
    due: dt.date
    last_allowed_day: dt.date
    shifted_from: dt.date | None
    received: dt.date | None
    days_late: int | None  # late: received - last day; missing: as_of - last day; else None


def judge_deadline(
    deadline: Deadline,
    received: dt.date | None,
    as_of: dt.date,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> DeadlineOutcome:
    """On time when received by the last allowed day; with nothing received, pending until that
    day has passed at ``as_of``, then missing."""
    last = deadline.last_allowed_day(calendar)
    shifted = deadline.shifted_from(calendar)
    if received is not None:
        state: DeadlineState = "on_time" if received <= last else "late"
        overdue = received - last
    else:
        state = "pending" if as_of <= last else "missing"
        overdue = as_of - last
    days_late = overdue.days if state in ("late", "missing") else None
    return DeadlineOutcome(state, deadline.due, last, shifted, received, days_late)


def local_date(value: str | dt.date | dt.datetime) -> dt.date:
    """The calendar day in Vietnam of an ISO date or date-time.

    Date-times with an offset (or "Z") are converted to UTC+7 first; naive ones are taken as
    Vietnam time. Raises ValueError for anything that is not ISO 8601.
    """
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)  # a date alone reads as naive midnight
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(VN_TZ)
    return value.date()


class DateInputError(ValueError):
    """A date a person typed cannot be read; ``message`` says why, in Vietnamese and English."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})", re.ASCII)
_ACCEPTED = Text(
    vi="dd/mm/yyyy (ví dụ 03/01/2024 là ngày 3 tháng 1), d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy hoặc YYYY-MM-DD (2024-01-03)",
    en="dd/mm/yyyy (e.g. 03/01/2024 is 3 January), d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy or YYYY-MM-DD (2024-01-03)",
)


def parse_user_date(text: str) -> dt.date:
    """A date typed on the command line: ``YYYY-MM-DD`` or day first (``dd/mm/yyyy``,
    ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``). Never month first, as in Vietnam."""
    raw = text.strip()
    if iso := _ISO.fullmatch(raw):
        year, month, day = iso.group(1, 2, 3)
    elif day_first := _DAY_FIRST.fullmatch(raw):
        day, month, year = day_first.group(1, 3, 4)
    else:
        raise DateInputError(
            Text(
                vi=f"Không đọc được ngày '{text}'. Hãy viết {_ACCEPTED.vi}.",
                en=f"Cannot read the date '{text}'. Write {_ACCEPTED.en}.",
            )
        )
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise DateInputError(
            Text(
                vi=f"Ngày '{text}' không có thật (ngày {day}, tháng {month}, năm {year}). Hãy viết {_ACCEPTED.vi}.",
                en=f"The date '{text}' does not exist (day {day}, month {month}, year {year}). Write {_ACCEPTED.en}.",
            )
        ) from None
