"""Check kind ``required``: at least N items (or documents) that match, in a date window.

A committee established, a plan adopted, a drill held: items are counted once however many
documents repeat them. Without a ``window`` an item counts only when it is dated within the pack's
school year (1 August to 31 July), on the date field its collection declares in the report schema
(``x-date-field``: ``established_on`` for committees, ``held_on`` for drills …): a steering
committee of 2019 does not meet a 2023-2024 duty, and an undated item proves nothing. Items set
aside are listed in the finding's notes. Before ``due`` (read like every "trước ngày", see
:mod:`compliance.checks._due`) a shortfall is pending, after it a failure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance import ir
from compliance.checks._base import Compiler, Context, DueDates, Kind, Outcome, outcome
from compliance.checks._due import Deadline, compile_due, due_of
from compliance.errors import Code
from compliance.findings import Status
from compliance.i18n import Text, vn_date
from compliance.portfolio import get

if TYPE_CHECKING:
    from compliance.checks.required.spec import RequiredSpec


@dataclass(frozen=True, slots=True)
class RequiredCheck:
    select: ir.Selector
    minimum: int
    window_field: ir.Path | None = None  # the items' date, to say why one was set aside
    window_from: dt.date | None = None
    window_to: dt.date | None = None
    due: Deadline | None = None  # a shortfall is pending until its last allowed day
    # the same items without the window, to say which were set aside for their date
    candidates: ir.Selector | None = None

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.select,) if self.candidates is None else (self.select, self.candidates)


def compile_required(spec: RequiredSpec, c: Compiler, p: str) -> RequiredCheck:
    window = spec.window
    due = compile_due(c, spec.due, spec.reading, p) if spec.due is not None else None
    extra: list[ir.Cond] = []
    wfield: ir.Path | None = None
    wfrom = wto = None
    if window is None and spec.select.collection is not None:
        item = c.item_type(spec.select, f"{p}/select")
        if item.date_field is not None:
            # the school year, and no later than the due date: a committee set up in May does not
            # meet a duty due at the start of the year
            wfield = (item.date_field,)
            wfrom, wto = c.school_year[0], c.school_year[1]
            if due is not None:
                wto = min(wto, due.last_allowed_day())
            extra = [ir.Compare(wfield, "ge", wfrom), ir.Compare(wfield, "le", wto)]
    elif window is not None:
        item = c.item_type(spec.select, f"{p}/select")
        wfield = c.path(window.field, item, f"{p}/window/field", kinds=("date",))
        if window.from_ is not None:
            wfrom = c.date(window.from_, f"{p}/window/from")
            extra.append(ir.Compare(wfield, "ge", wfrom))
        if window.to is not None:
            wto = c.date(window.to, f"{p}/window/to")
            extra.append(ir.Compare(wfield, "le", wto))
        if wfrom and wto and wfrom > wto:
            c.fail(Code.WINDOW_REVERSED, f"{p}/window")
        if due is None and wto is not None:
            due = Deadline(wto, "inclusive")  # an explicit window's end: the last day that counts
    select = c.select(spec.select, f"{p}/select", extra=extra)
    candidates = c.select(spec.select, f"{p}/select") if extra else None
    return RequiredCheck(
        select=select,
        minimum=c.natural(spec.min, f"{p}/min"),
        window_field=wfield,
        window_from=wfrom,
        window_to=wto,
        due=due,
        candidates=candidates,
    )


def _window_text(check: RequiredCheck) -> tuple[str, str]:
    if check.window_from and check.window_to:
        start, end = vn_date(check.window_from), vn_date(check.window_to)
        return f" trong khoảng từ {start} đến {end}", f" dated {start} to {end}"
    if check.window_to:
        return f" đến hết ngày {vn_date(check.window_to)}", f" dated by {vn_date(check.window_to)}"
    if check.window_from:
        return f" từ ngày {vn_date(check.window_from)}", f" dated from {vn_date(check.window_from)}"
    return "", ""


def _set_aside(
    check: RequiredCheck, ctx: Context, found: list[ir.Match], window: tuple[str, str]
) -> list[Text]:
    """Items that match but for their date, each with its date (or its lack of one); ``window``:
    the window in words (:func:`_window_text`)."""
    if check.candidates is None or check.window_field is None:
        return []
    kept = {(m.doc, m.index) for m in found}
    field = ".".join(check.window_field)
    w_vi, w_en = window
    notes = []
    for m in ctx.distinct(check.candidates, ctx.found(check.candidates)):
        if (m.doc, m.index) in kept:
            continue
        where = f"{ctx.doc(m).name} {ctx.pointer(check.candidates, m)}"
        day = get(ctx.item(check.candidates, m), check.window_field)
        if day is None:
            notes.append(
                Text(
                    vi=f"Mục {where} không tính vì không ghi ngày ({field}).",
                    en=f"{where} is not counted: it carries no date ({field}).",
                )
            )
        else:
            notes.append(
                Text(
                    vi=f"Mục {where} không tính vì ngày {vn_date(day)} không nằm{w_vi}.",
                    en=f"{where} is not counted: {vn_date(day)} is not{w_en}.",
                )
            )
    return notes


def judge(check: RequiredCheck, ctx: Context) -> Outcome:
    found = ctx.distinct(check.select, ctx.found(check.select))
    count, need = len(found), check.minimum
    window = w_vi, w_en = _window_text(check)
    evidence = ctx.evidence_of(check.select, found)
    notes = _set_aside(check, ctx, found, window)
    if count >= need:
        return outcome(
            Status.pass_,
            f"Có {count} mục phù hợp{w_vi} (cần ít nhất {need}).",
            f"{count} matching item(s){w_en} (at least {need} needed).",
            evidence,
            notes=notes,
        )
    if check.due is not None and check.due.pending(ctx.as_of):
        last = vn_date(check.due.last_allowed_day())
        return outcome(
            Status.pending,
            f"Mới có {count}/{need} mục phù hợp{w_vi}; còn hạn đến hết ngày {last}.",
            f"Only {count}/{need} matching item(s){w_en} so far; due by {last}.",
            evidence,
            notes=notes,
        )
    if count == 0:
        return outcome(
            Status.fail,
            f"Không có mục nào phù hợp{w_vi} (cần ít nhất {need}).",
            f"Nothing matches{w_en} ({need} needed).",
            notes=notes,
        )
    return outcome(
        Status.fail,
        f"Chỉ có {count} mục phù hợp{w_vi}, cần ít nhất {need}.",
        f"Only {count} matching item(s){w_en}; at least {need} needed.",
        evidence,
        notes=notes,
    )


def due_dates(spec: RequiredSpec, check: RequiredCheck) -> DueDates:
    """The stated ``due`` and the window's end (counted once when it only stands in for ``due``)."""
    dates: DueDates = []
    if spec.due is not None and check.due is not None:
        dates.append(("due", check.due.due))
    if spec.window is not None and check.window_to is not None:
        dates.append(("window/to", check.window_to))
    return dates


KIND = Kind(
    name="required",
    spec_model="RequiredSpec",
    ir=RequiredCheck,
    compile=compile_required,
    judge=judge,
    due=due_of,
    due_dates=due_dates,
)
