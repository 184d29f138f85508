"""Check kind ``required``: at least N items (or documents) that match, optionally in a date window.

A committee established, a plan adopted, a drill held: items are counted once however many
documents repeat them; before ``due`` a shortfall is pending, after it a failure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import Field

from compliance import ir
from compliance.checks._base import Compiler, Context, DueDates, Kind, Outcome, outcome
from compliance.errors import Code
from compliance.findings import Status
from compliance.i18n import vn_date
from compliance.language import FIELD_PATH, DateValue, IntValue, Select, Strict


class Window(Strict):
    """An inclusive date window on a field of the selected items."""

    field: str = Field(pattern=FIELD_PATH)
    from_: DateValue | None = Field(default=None, alias="from")
    to: DateValue | None = None


class RequiredSpec(Strict):
    select: Select
    min: IntValue = 1
    window: Window | None = None
    due: DateValue | None = Field(
        default=None,
        description="Trước ngày này, thiếu thì là 'chưa đến hạn' / before this date a shortfall is pending",
    )


@dataclass(frozen=True, slots=True)
class RequiredCheck:
    select: ir.Selector
    minimum: int
    window_from: dt.date | None = None
    window_to: dt.date | None = None
    due: dt.date | None = None  # a shortfall is pending until this day (inclusive)

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.select,)


def compile_required(spec: RequiredSpec, c: Compiler, p: str) -> RequiredCheck:
    window = spec.window
    extra: list[ir.Cond] = []
    wfield: ir.Path | None = None
    wfrom = wto = None
    if window is not None:
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
    select = c.select(spec.select, f"{p}/select", extra=extra)
    due = c.date(spec.due, f"{p}/due") if spec.due is not None else wto
    return RequiredCheck(
        select=select,
        minimum=c.natural(spec.min, f"{p}/min"),
        window_from=wfrom,
        window_to=wto,
        due=due,
    )


def _window_text(check: RequiredCheck) -> tuple[str, str]:
    if check.window_from and check.window_to:
        span = f"{vn_date(check.window_from)}–{vn_date(check.window_to)}"
        return f" trong khoảng {span}", f" between {span}"
    if check.window_to:
        return f" đến hết ngày {vn_date(check.window_to)}", f" by {vn_date(check.window_to)}"
    if check.window_from:
        return f" từ ngày {vn_date(check.window_from)}", f" from {vn_date(check.window_from)}"
    return "", ""


def judge(check: RequiredCheck, ctx: Context) -> Outcome:
    found = ctx.distinct(check.select, ctx.found(check.select))
    count, need = len(found), check.minimum
    w_vi, w_en = _window_text(check)
    evidence = [ctx.evidence(check.select, m) for m in found]
    if count >= need:
        return outcome(
            Status.pass_,
            f"Có {count} mục phù hợp{w_vi} (cần ít nhất {need}).",
            f"{count} matching item(s){w_en} (at least {need} needed).",
            evidence,
        )
    if check.due is not None and ctx.as_of <= check.due:
        return outcome(
            Status.pending,
            f"Mới có {count}/{need} mục phù hợp{w_vi}; còn hạn đến hết {vn_date(check.due)}.",
            f"Only {count}/{need} matching item(s){w_en} so far; due by {vn_date(check.due)}.",
            evidence,
        )
    if count == 0:
        return outcome(
            Status.fail,
            f"Không có mục nào phù hợp{w_vi} (cần ít nhất {need}).",
            f"Nothing matches{w_en} ({need} needed).",
        )
    return outcome(
        Status.fail,
        f"Chỉ có {count} mục phù hợp{w_vi}, cần ít nhất {need}.",
        f"Only {count} matching item(s){w_en}; at least {need} needed.",
        evidence,
    )


def due_dates(spec: RequiredSpec, check: RequiredCheck) -> DueDates:
    """The stated ``due`` and the window's end (counted once when it only stands in for ``due``)."""
    dates: DueDates = []
    if spec.due is not None and check.due is not None:
        dates.append(("due", check.due))
    if check.window_to is not None:
        dates.append(("window/to", check.window_to))
    return dates


KIND = Kind(
    name="required",
    spec=RequiredSpec,
    ir=RequiredCheck,
    compile=compile_required,
    judge=judge,
    due_dates=due_dates,
)
