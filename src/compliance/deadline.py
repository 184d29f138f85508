"""Deadlines: reading "trước ngày D" and judging a received date against it.

"trước ngày D" (before D) has no legal definition. ``exclusive`` (the literal reading, default)
makes D-1 the last allowed day; ``inclusive`` makes D the last. Optionally, a last day on a
weekend or public holiday moves to the next working day (Civil Code reasoning, not established
for administrative reports — so it is a per-rule choice). Days late are calendar days.
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
    due: dt.date
    reading: Reading = "exclusive"
    shift_to_working_day: bool = False

    def _unshifted(self) -> dt.date:
        return self.due - dt.timedelta(days=1) if self.reading == "exclusive" else self.due

    def last_allowed_day(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date:
        last = self._unshifted()
        return calendar.next_working_day(last) if self.shift_to_working_day else last

    def shifted_from(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date | None:
        last = self._unshifted()
        return last if self.last_allowed_day(calendar) != last else None


@dataclass(frozen=True, slots=True)
class DeadlineOutcome:
    state: DeadlineState
    due: dt.date
    last_allowed_day: dt.date
    shifted_from: dt.date | None
    received: dt.date | None
    days_late: int | None  # late: received - last day; missing: as_of - last day


def judge_deadline(
    deadline: Deadline,
    received: dt.date | None,
    as_of: dt.date,
    calendar: WorkingCalendar = DEFAULT_CALENDAR,
) -> DeadlineOutcome:
    last = deadline.last_allowed_day(calendar)
    shifted = deadline.shifted_from(calendar)

    def outcome(state: DeadlineState, days_late: int | None) -> DeadlineOutcome:
        return DeadlineOutcome(state, deadline.due, last, shifted, received, days_late)

    if received is not None:
        late = (received - last).days
        return outcome("late", late) if late > 0 else outcome("on_time", None)
    if as_of <= last:
        return outcome("pending", None)
    return outcome("missing", (as_of - last).days)


def local_date(value: str | dt.date | dt.datetime) -> dt.date:
    """The calendar day in Vietnam: ISO dates as they are; date-times converted to UTC+7 (naive
    date-times are taken as Vietnam time)."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    elif len(value) == 10:
        return dt.date.fromisoformat(value)
    else:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(VN_TZ).date()


class DateInputError(ValueError):
    """A date a person typed cannot be read."""

    def __init__(self, message: Text) -> None:
        super().__init__(message.en)
        self.message = message


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")


def parse_user_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` or day-first ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``).
    Never month-first."""
    raw = text.strip()
    iso, dmy = _ISO.match(raw), _DMY.match(raw)
    parts: tuple[int, int, int] | None = None
    if iso:
        parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    elif dmy:
        parts = (int(dmy.group(4)), int(dmy.group(3)), int(dmy.group(1)))
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            raise DateInputError(
                Text(
                    vi=f"'{text}' không phải một ngày có thật (ngày/tháng không tồn tại).",
                    en=f"'{text}' is not a real date (no such day or month).",
                )
            ) from None
    raise DateInputError(
        Text(
            vi=f"Không đọc được ngày '{text}'. Dùng dd/mm/yyyy (ví dụ 03/01/2024) hoặc YYYY-MM-DD (2024-01-03).",
            en=f"Cannot read the date '{text}'. Use dd/mm/yyyy (e.g. 03/01/2024) or YYYY-MM-DD (2024-01-03).",
        )
    )
