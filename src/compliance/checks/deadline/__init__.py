"""Check kind ``deadline``: one report, the one the plan asks for, must be received by a date.

A deadline is for one report: a document counts when it is of the right kind **and** answers
this plan — it reports on one of the rule's ``topics`` or names the plan in ``plan_ref`` (when the
rule lists topics), it does not name another plan, its declared ``period`` overlaps the ``period``
the report must review, and it was received no earlier than ``not_before`` (by default the day
the plan was issued: nothing sent before the plan can answer it). Documents set aside are listed
in the finding's notes with the reason. The first counted report received decides: on time, late
by N calendar days, or — with none — pending until the last allowed day has passed, then missing.
How "trước ngày D" is read is :mod:`compliance.checks._due`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compliance import ir
from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar, calendar_for
from compliance.checks._base import Compiler, Context, DueDates, Kind, Outcome, PlanRef, kinds_words, outcome
from compliance.checks._due import Deadline, compile_due
from compliance.errors import Code
from compliance.fieldtypes import label
from compliance.findings import DeadlineDetail, Status
from compliance.i18n import Text, vn_date
from compliance.portfolio import Document, earlier_versions, get
from compliance.textnorm import normalize_key

if TYPE_CHECKING:
    from compliance.checks.deadline.spec import DeadlineSpec
    from compliance.language import Correction

DeadlineState = Literal["on_time", "late", "missing", "pending"]


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
    topics: frozenset[str] | None = None
    period: tuple[dt.date, dt.date] | None = None
    not_before: dt.date | None = None
    plan: PlanRef | None = None

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.report,)

    @property
    def working_calendar(self) -> WorkingCalendar:
        return calendar_for(*self.calendar)


def compile_deadline(spec: DeadlineSpec, c: Compiler, p: str) -> DeadlineCheck:
    report = c.select(spec.report, f"{p}/report")
    if report.collection is not None:
        c.fail(Code.DEADLINE_ON_COLLECTION, f"{p}/report/collection")
    shift = c.param(spec.shift_to_working_day, f"{p}/shift_to_working_day")
    if not isinstance(shift, bool):
        c.fail(Code.NOT_BOOLEAN, f"{p}/shift_to_working_day")
    topics = None
    if spec.topics is not None:
        field = c.report.resolve(("topics",))
        topics = frozenset(
            str(t) for t in c.constants(spec.topics, field.item if field else None, f"{p}/topics")
        )
    period = None
    if spec.period is not None:
        period = (c.date(spec.period.from_, f"{p}/period/from"), c.date(spec.period.to, f"{p}/period/to"))
        if period[0] > period[1]:
            c.fail(Code.WINDOW_REVERSED, f"{p}/period")
    not_before = (
        c.date(spec.not_before, f"{p}/not_before") if spec.not_before is not None else c.plan.issued_on
    )
    return DeadlineCheck(
        report=report,
        deadline=compile_due(c, spec.due, spec.reading, p, shift=shift),
        calendar=c.calendar,
        correction=spec.correction.reason if spec.correction else None,
        correction_printed=spec.correction.printed if spec.correction else None,
        topics=topics,
        period=period,
        not_before=not_before,
        plan=c.plan,
    )


def _topics(codes: frozenset[str] | set[str]) -> tuple[str, str]:
    """Topics in words, each code in brackets: "Giáo dục chính trị và công tác học sinh (GDCT_CTHS)"."""
    named = [(label(("topics",), code), code) for code in sorted(codes)]
    return (
        ", ".join(f"“{vi}” ({code})" for (vi, _), code in named),
        ", ".join(f"“{en}” ({code})" for (_, en), code in named),
    )


def _set_aside(check: DeadlineCheck, doc: Document) -> Text | None:
    """Why ``doc`` (of the right kind) does not answer this deadline; None when it counts."""
    name, received = doc.name, vn_date(doc.received)
    head_vi, head_en = (
        f"Văn bản {name} (nhận {received}) không tính vì",
        f"{name} (received {received}) is not counted:",
    )
    if check.not_before is not None and doc.received < check.not_before:
        day = vn_date(check.not_before)
        return Text(
            vi=f"{head_vi} nhận trước ngày {day}, nên không thể là báo cáo cho kỳ này.",
            en=f"{head_en} it arrived before {day}, so it cannot be this report.",
        )
    ref = doc.facts.get("plan_ref")
    names_plan = False
    if isinstance(ref, dict) and check.plan is not None:
        issued, number = ref.get("issued_on"), ref.get("so_hieu")
        other_date = issued is not None and issued != check.plan.issued_on
        other_number = number and check.plan.so_hieu and normalize_key(str(number)) != check.plan.so_hieu
        if other_date or other_number:
            shown = ", ".join(x for x in (str(number or ""), vn_date(issued) if issued else "") if x)
            return Text(
                vi=f"{head_vi} trả lời một kế hoạch khác (plan_ref: {shown}).",
                en=f"{head_en} it answers another plan (plan_ref: {shown}).",
            )
        names_plan = issued is not None or bool(number)
    if check.topics is not None and not names_plan:
        declared = set(doc.facts.get("topics") or ())
        if not declared & check.topics:
            want_vi, want_en = _topics(check.topics)
            if declared:
                have_vi, have_en = _topics(declared)
                return Text(
                    vi=f"{head_vi} báo cáo về chủ đề khác ({have_vi}), không phải {want_vi}.",
                    en=f"{head_en} it reports on other topics ({have_en}), not {want_en}.",
                )
            return Text(
                vi=f"{head_vi} không ghi chủ đề {want_vi} (topics) hay kế hoạch mà nó trả lời (plan_ref).",
                en=f"{head_en} it names neither the topic {want_en} (topics) nor the plan it answers (plan_ref).",
            )
    period = doc.facts.get("period")
    if check.period is not None and isinstance(period, dict):
        start, end = get(period, ("from",)), get(period, ("to",))
        if (end is not None and end < check.period[0]) or (start is not None and start > check.period[1]):
            span = f"{vn_date(start) if start else '…'}–{vn_date(end) if end else '…'}"
            wanted = f"{vn_date(check.period[0])}–{vn_date(check.period[1])}"
            return Text(
                vi=f"{head_vi} kỳ báo cáo {span} không thuộc kỳ {wanted}.",
                en=f"{head_en} its period {span} is not within {wanted}.",
            )
    return None


def _first_sent(check: DeadlineCheck, ctx: Context, doc: Document) -> Document:
    """The document whose receipt answers the deadline for ``doc``: the earliest of its earlier
    versions (:func:`~compliance.portfolio.earlier_versions`: what it corrects through
    ``replaces``) that is of its kind and would count itself, else ``doc``. A correction sent
    later does not undo a report sent in time: its figures replace the earlier ones, its date
    does not."""
    first = doc
    for old in earlier_versions(ctx.portfolio, doc):
        if old.kind == doc.kind and old.received < first.received and _set_aside(check, old) is None:
            first = old
    return first


def _first_sent_note(original: Document, counted: Document) -> Text:
    old, new = (original.name, vn_date(original.received)), (counted.name, vn_date(counted.received))
    return Text(
        vi=f"Hạn được tính theo lần gửi đầu: {old[0]} (nhận {old[1]}); văn bản thay thế nó, {new[0]} "
        f"(nhận {new[1]}), cung cấp số liệu nhưng không làm thay đổi ngày gửi.",
        en=f"The deadline is judged on the first sending: {old[0]} (received {old[1]}); its replacement, "
        f"{new[0]} (received {new[1]}), gives the figures but does not change when it was sent.",
    )


def judge(check: DeadlineCheck, ctx: Context) -> Outcome:
    notes: list[Text] = []
    first = None  # (the document sent first, the counted match it is a version of)
    for match in sorted(ctx.found(check.report), key=lambda m: (ctx.doc(m).received, ctx.doc(m).name)):
        doc = ctx.doc(match)
        reason = _set_aside(check, doc)
        if reason is not None:
            notes.append(reason)
            continue
        sent = _first_sent(check, ctx, doc)
        if first is None or sent.received < first[0].received:
            first = (sent, match)
    received = first[0].received if first else None
    if first is not None and first[0] is not ctx.doc(first[1]):
        notes.append(_first_sent_note(first[0], ctx.doc(first[1])))
    if received is not None and (borderline := check.deadline.borderline(received)) is not None:
        notes.append(borderline)
    if check.deadline.why is not None:
        notes.append(check.deadline.why)
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
    evidence = []
    if first is not None:
        sent, match = first
        evidence = (
            [ctx.evidence(check.report, match, ("received_at",))]
            if sent is ctx.doc(match)
            else [ctx.document_evidence_of(sent, "/received_at")]
        )
    if result.state == "on_time":
        assert received is not None
        return outcome(
            Status.pass_,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: đúng hạn.",
            f"Received {vn_date(received)}, {limit_en}: on time.",
            evidence,
            deadline=detail,
            notes=notes,
        )
    if result.state == "late":
        assert received is not None
        return outcome(
            Status.fail,
            f"Nhận ngày {vn_date(received)}, {limit_vi}: muộn {result.days_late} ngày.",
            f"Received {vn_date(received)}, {limit_en}: {result.days_late} day(s) late.",
            evidence,
            deadline=detail,
            notes=notes,
        )
    kinds_vi, kinds_en = kinds_words(check.report.kinds)
    if result.state == "pending":
        return outcome(
            Status.pending,
            f"Chưa nhận {kinds_vi}; {limit_vi}, chưa đến hạn.",
            f"No {kinds_en} yet; {limit_en}, not yet due.",
            deadline=detail,
            notes=notes,
        )
    return outcome(
        Status.fail,
        f"Không có {kinds_vi}; đã quá {limit_vi} {result.days_late} ngày.",
        f"No {kinds_en}; {result.days_late} day(s) past the {limit_en}.",
        deadline=detail,
        notes=notes,
    )


# ----------------------------------------------------------------------------- for lint


def due_dates(spec: DeadlineSpec, check: DeadlineCheck) -> DueDates:
    return [("due", check.deadline.due)]


def correction(spec: DeadlineSpec) -> tuple[str, Correction] | None:
    return ("correction", spec.correction) if spec.correction is not None else None


def quoted_due(spec: DeadlineSpec, check: DeadlineCheck) -> tuple[str, dt.date] | None:
    """Without a recorded correction, the due date must be one the plan's quote prints."""
    return ("due", check.deadline.due) if spec.correction is None else None


def due(check: DeadlineCheck) -> dt.date:
    return check.deadline.due


KIND = Kind(
    name="deadline",
    due=due,
    spec_model="DeadlineSpec",
    ir=DeadlineCheck,
    compile=compile_deadline,
    judge=judge,
    due_dates=due_dates,
    correction=correction,
    quoted_due=quoted_due,
)
