"""Check kind ``deadline``: a report of a kind must be received by a date.

"trước ngày D" (before D) has no legal definition, so the reading is a per-rule choice:
``exclusive`` (the literal reading, default) makes D-1 the last allowed day, ``inclusive`` makes
it D. Moving a last day that falls on a weekend or holiday to the next working day follows Civil
Code reasoning that is not established for administrative reports, so it is a choice too. Days
late are calendar days. The first matching report received counts; with none, the deadline is
pending until its last allowed day has passed at the as-of date, then missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from compliance import ir
from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar, calendar_for
from compliance.checks._base import Compiler, Context, DueDates, Kind, Outcome, outcome
from compliance.errors import Code
from compliance.findings import DeadlineDetail, Status
from compliance.i18n import Text, vn_date
from compliance.language import Correction, DateValue, ParamRef, Select, Strict

Reading = Literal["exclusive", "inclusive"]
DeadlineState = Literal["on_time", "late", "missing", "pending"]


class DeadlineSpec(Strict):
    report: Select = Field(description="Văn bản phải nộp / the document that must be received")
    due: DateValue = Field(description="Ngày D trong 'trước ngày D' / the D of 'before D'")
    reading: Literal["exclusive", "inclusive"] | ParamRef = Field(
        default="exclusive",
        description="'trước ngày D': exclusive = hạn chót là D-1; inclusive = hạn chót là D",
    )
    shift_to_working_day: bool | ParamRef = Field(
        default=False,
        description="Hạn chót rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp / roll a non-working last day forward",
    )
    correction: Correction | None = None


# ----------------------------------------------------------------------------- the arithmetic


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


# ----------------------------------------------------------------------------- IR, compile, judge


@dataclass(frozen=True, slots=True)
class DeadlineCheck:
    report: ir.Selector
    deadline: Deadline
    # the pack's calendar overrides, as data: (extra holidays, extra working days)
    calendar: tuple[tuple[tuple[dt.date, str], ...], tuple[dt.date, ...]] = ((), ())
    correction: Text | None = None
    correction_printed: str | None = None

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.report,)

    @property
    def working_calendar(self) -> WorkingCalendar:
        return calendar_for(*self.calendar)


def compile_deadline(spec: DeadlineSpec, c: Compiler, p: str) -> DeadlineCheck:
    report = c.select(spec.report, f"{p}/report")
    if report.collection is not None:
        c.fail(Code.DEADLINE_ON_COLLECTION, f"{p}/report/collection")
    reading = c.param(spec.reading, f"{p}/reading")
    if reading not in ("exclusive", "inclusive"):
        c.fail(Code.BAD_READING, f"{p}/reading", reading=reading)
    shift = c.param(spec.shift_to_working_day, f"{p}/shift_to_working_day")
    if not isinstance(shift, bool):
        c.fail(Code.NOT_BOOLEAN, f"{p}/shift_to_working_day")
    return DeadlineCheck(
        report=report,
        deadline=Deadline(c.date(spec.due, f"{p}/due"), reading, shift),
        calendar=c.calendar,
        correction=spec.correction.reason if spec.correction else None,
        correction_printed=spec.correction.printed if spec.correction else None,
    )


def judge(check: DeadlineCheck, ctx: Context) -> Outcome:
    found = ctx.found(check.report)
    first = min(found, key=lambda m: (ctx.doc(m).received, ctx.doc(m).name), default=None)
    received = ctx.doc(first).received if first else None
    result = judge_deadline(check.deadline, received, ctx.as_of, check.working_calendar)
    detail = DeadlineDetail(
        due=result.due,
        reading=check.deadline.reading,
        last_allowed_day=result.last_allowed_day,
        shifted_from=result.shifted_from,
        received=received,
        days_late=result.days_late,
        printed=check.correction_printed,
        correction=check.correction,
    )
    last = vn_date(result.last_allowed_day)
    limit_vi = f"hạn chót {last}"
    limit_en = f"last allowed day {last}"
    if result.shifted_from is not None:
        limit_vi += f" (lùi từ {vn_date(result.shifted_from)} vì là ngày nghỉ)"
        limit_en += f" (moved from {vn_date(result.shifted_from)}, a non-working day)"
    evidence = [ctx.evidence(check.report, first, ("received_at",))] if first else []
    if result.state == "on_time":
        assert received is not None
        return outcome(
            Status.pass_,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: đúng hạn.",
            f"Received {vn_date(received)}, {limit_en}: on time.",
            evidence,
            deadline=detail,
        )
    if result.state == "late":
        assert received is not None
        return outcome(
            Status.fail,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: muộn {result.days_late} ngày.",
            f"Received {vn_date(received)}, {limit_en}: {result.days_late} day(s) late.",
            evidence,
            deadline=detail,
        )
    kinds = ", ".join(sorted(check.report.kinds or ())) or "—"
    if result.state == "pending":
        return outcome(
            Status.pending,
            f"Chưa nhận văn bản {kinds}; {limit_vi}, chưa đến hạn.",
            f"No {kinds} document yet; {limit_en}, not yet due.",
            deadline=detail,
        )
    return outcome(
        Status.fail,
        f"Không có văn bản {kinds}; đã quá {limit_vi} {result.days_late} ngày.",
        f"No {kinds} document; {result.days_late} day(s) past the {limit_en}.",
        deadline=detail,
    )


# ----------------------------------------------------------------------------- for lint


def due_dates(spec: DeadlineSpec, check: DeadlineCheck) -> DueDates:
    return [("due", check.deadline.due)]


def correction(spec: DeadlineSpec) -> tuple[str, Correction] | None:
    return ("correction", spec.correction) if spec.correction is not None else None


def quoted_due(spec: DeadlineSpec, check: DeadlineCheck) -> tuple[str, dt.date] | None:
    """Without a recorded correction, the due date must be one the plan's quote prints."""
    return ("due", check.deadline.due) if spec.correction is None else None


KIND = Kind(
    name="deadline",
    spec=DeadlineSpec,
    ir=DeadlineCheck,
    compile=compile_deadline,
    judge=judge,
    due_dates=due_dates,
    correction=correction,
    quoted_due=quoted_due,
)
