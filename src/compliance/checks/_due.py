"""Due dates, for every kind that has one: "trước ngày D" read the same way everywhere.

A deadline's D, a required item's ``due``, a threshold's ``due``: each is a :class:`Deadline`, and
a shortfall is pending until its last allowed day has passed, so that no kind is a day out of step
with another on the due date itself.

"trước ngày D" (before D) has no legal definition, so the reading is a choice:

* ``exclusive`` — the literal reading: the last allowed day is D-1;
* ``inclusive`` — D itself is still on time;
* ``auto`` (the default) — decided from the plan's own text: when the quote prints D together
  with its weekday ("trước ngày 15/01/2024 (thứ Hai)"), the plan names D as the target day, so D
  is inclusive; otherwise exclusive. A printed weekday that belongs to the corrected date of a
  recorded misprint counts the same way ("03/01/2023 (thứ Tư)" → 03/01/2024, a Wednesday).

Moving a last day that falls on a weekend or holiday to the next working day follows Civil Code
reasoning that is not established for administrative reports, so it is a choice too (off unless a
pack turns it on).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar
from compliance.dates import annotated_dates, parse_weekday_vi
from compliance.errors import Code
from compliance.i18n import Text, vn_date

if TYPE_CHECKING:
    from compliance.checks._base import Compiler

Reading = Literal["exclusive", "inclusive"]
READINGS = ("auto", "exclusive", "inclusive")


@dataclass(frozen=True, slots=True)
class Deadline:
    due: dt.date  # D as written in the plan (or a pack parameter), after any documented correction
    reading: Reading = "exclusive"
    shift_to_working_day: bool = False
    why: Text | None = None  # how the reading was decided, when ``auto`` decided it

    def _unshifted_last_day(self) -> dt.date:
        return self.due - dt.timedelta(days=1) if self.reading == "exclusive" else self.due

    def last_allowed_day(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date:
        last = self._unshifted_last_day()
        return calendar.next_working_day(last) if self.shift_to_working_day else last

    def shifted_from(self, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> dt.date | None:
        """The last day before the shift, when shifting moved it; otherwise None."""
        last = self._unshifted_last_day()
        return last if self.last_allowed_day(calendar) != last else None

    def pending(self, as_of: dt.date, calendar: WorkingCalendar = DEFAULT_CALENDAR) -> bool:
        """Still time on ``as_of``: a shortfall is not yet a failure."""
        return as_of <= self.last_allowed_day(calendar)

    def borderline(self, received: dt.date) -> Text | None:
        """A note when something arrived on D itself, where the two readings disagree."""
        if received != self.due:
            return None
        day = vn_date(self.due)
        if self.reading == "inclusive":
            return Text(
                vi=f"Nhận đúng ngày {day}: đúng hạn vì 'trước ngày {day}' được hiểu là tính cả ngày {day}; "
                "nếu hiểu không tính ngày đó thì muộn 1 ngày.",
                en=f"Received on {day} itself: on time because 'before {day}' is read as including {day}; "
                "read as excluding it, this is 1 day late.",
            )
        return Text(
            vi=f"Nhận đúng ngày {day}: muộn vì 'trước ngày {day}' được hiểu là không tính ngày {day}; "
            "nếu hiểu tính cả ngày đó thì đúng hạn.",
            en=f"Received on {day} itself: late because 'before {day}' is read as excluding {day}; "
            "read as including it, this is on time.",
        )


def resolve_reading(
    reading: str, due: dt.date, quote: str, printed_correction: str | None = None
) -> tuple[Reading, Text | None]:
    """The reading of "trước ngày ``due``": ``auto`` decided from ``quote`` (see the module)."""
    if reading in ("exclusive", "inclusive"):
        return reading, None  # type: ignore[return-value]
    for printed in annotated_dates(quote):
        weekday = parse_weekday_vi(printed.stated)
        meant = printed.day == due or (
            printed_correction is not None and printed.text.strip() in printed_correction
        )
        if meant and weekday == due.weekday():
            return "inclusive", Text(
                vi=f"Kế hoạch in kèm thứ của ngày {vn_date(due)} (“{printed.text}”), tức là nêu đích danh "
                "ngày đó: nộp trong ngày này vẫn đúng hạn.",
                en=f"The plan prints {vn_date(due)} with its weekday (“{printed.text}”), naming that very day: "
                "a receipt on that day is on time.",
            )
    return "exclusive", None


def compile_due(c: Compiler, due: object, reading: object, ptr: str, *, shift: bool = False) -> Deadline:
    """A due date of a rule (``due`` at ``ptr``/due, its ``reading`` at ``ptr``/reading)."""
    day = c.date(due, f"{ptr}/due")
    chosen = c.param(reading, f"{ptr}/reading")
    if chosen not in READINGS:
        c.fail(Code.BAD_READING, f"{ptr}/reading", reading=chosen)
    resolved, why = resolve_reading(chosen, day, c.quote, c.printed_correction)
    return Deadline(day, resolved, shift, why)


class _HasDue(Protocol):
    @property
    def due(self) -> Deadline | None: ...


def due_of(check: _HasDue) -> dt.date | None:
    """A kind's obligation date when its ``due`` is optional (required, threshold, condition)."""
    return check.due.due if check.due is not None else None


def stated_due(spec: Any, check: _HasDue) -> list[tuple[str, dt.date]]:
    """For lint: the ``due`` a rule states, at ``…/due`` below its kind's spec."""
    return [("due", check.due.due)] if check.due is not None else []
