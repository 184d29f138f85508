"""Check kind ``threshold``: a number, or a ratio reached / total, compared with a target.

With ``group_by`` every listed group (CBQL, GV, NV, HS …) must be present and meet the target on
its own; a group with no data is judged by ``if_missing`` (a failure by default), never a pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field, model_validator

from compliance import ir
from compliance.checks._base import Compiler, Context, Kind, Outcome, missing, outcome
from compliance.errors import Code
from compliance.findings import Status
from compliance.i18n import vn_number, vn_percent
from compliance.language import FIELD_PATH, Missing, NumberValue, Select, Strict
from compliance.portfolio import get


class Measure(Strict):
    aggregate: Literal["count", "sum", "max", "min"]
    select: Select
    field: str | None = Field(default=None, pattern=FIELD_PATH)

    @model_validator(mode="after")
    def _field_needed(self) -> Measure:
        if (self.aggregate == "count") != (self.field is None):
            raise ValueError("'count' takes no field; 'sum', 'max' and 'min' need one")
        return self


class GroupBy(Strict):
    field: str = Field(pattern=FIELD_PATH)
    values: list[str] = Field(
        min_length=1, description="Mọi nhóm phải có mặt và đạt / every group must be present and meet it"
    )


class ThresholdSpec(Strict):
    numerator: Measure
    denominator: Measure | None = None
    group_by: GroupBy | None = None
    op: Literal["ge", "gt", "le", "lt", "eq"] = "ge"
    target: NumberValue
    if_missing: Missing = "fail"


@dataclass(frozen=True, slots=True)
class MeasureQuery:
    aggregate: Literal["count", "sum", "max", "min"]
    select: ir.Selector
    field: ir.Path | None = None


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    numerator: MeasureQuery
    denominator: MeasureQuery | None
    op: Literal["ge", "gt", "le", "lt", "eq"]
    target: float
    group_field: ir.Path | None = None
    groups: tuple[str, ...] = ()
    if_missing: Missing = "fail"

    def selectors(self) -> tuple[ir.Selector, ...]:
        d = self.denominator
        return (self.numerator.select,) if d is None else (self.numerator.select, d.select)


def _measure(spec: Measure, c: Compiler, ptr: str) -> MeasureQuery:
    item = c.item_type(spec.select, f"{ptr}/select")
    field = c.path(spec.field, item, f"{ptr}/field", kinds=("integer", "number")) if spec.field else None
    return MeasureQuery(spec.aggregate, c.select(spec.select, f"{ptr}/select"), field)


def compile_threshold(spec: ThresholdSpec, c: Compiler, p: str) -> ThresholdCheck:
    group_field: ir.Path | None = None
    if spec.group_by is not None:
        item = c.item_type(spec.numerator.select, f"{p}/numerator/select")
        group_field = c.path(
            spec.group_by.field, item, f"{p}/group_by/field", kinds=("string", "integer", "boolean")
        )
        c.constants(spec.group_by.values, item.resolve(group_field), f"{p}/group_by/values")
    target = c.param(spec.target, f"{p}/target")
    if isinstance(target, bool) or not isinstance(target, int | float):
        c.fail(Code.TARGET_NOT_NUMBER, f"{p}/target")
    return ThresholdCheck(
        numerator=_measure(spec.numerator, c, f"{p}/numerator"),
        denominator=_measure(spec.denominator, c, f"{p}/denominator") if spec.denominator else None,
        op=spec.op,
        target=float(target),
        group_field=group_field,
        groups=tuple(spec.group_by.values) if spec.group_by else (),
        if_missing=spec.if_missing,
    )


def _aggregate(measure: MeasureQuery, ctx: Context, found: Sequence[ir.Match]) -> float | None:
    if measure.aggregate == "count":
        return float(len(found))
    assert measure.field is not None
    values = [
        v for m in found if isinstance(v := get(ctx.item(measure.select, m), measure.field), int | float)
    ]
    if not values:
        return None
    if measure.aggregate == "sum":
        return float(sum(values))
    return float(max(values) if measure.aggregate == "max" else min(values))


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: abs(a - b) < 1e-9,
}
_OP_TEXT = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


def judge(check: ThresholdCheck, ctx: Context) -> Outcome:
    num_found = ctx.distinct(check.numerator.select, ctx.found(check.numerator.select))
    den_found = (
        ctx.distinct(check.denominator.select, ctx.found(check.denominator.select))
        if check.denominator
        else []
    )
    groups: Sequence[str | None] = check.groups or (None,)
    parts_vi, parts_en, failing, absent = [], [], [], []
    for group in groups:

        def in_group(
            selector: ir.Selector, found: list[ir.Match], group: str | None = group
        ) -> list[ir.Match]:
            if group is None or check.group_field is None:
                return found
            return [m for m in found if get(ctx.item(selector, m), check.group_field) == group]

        num = _aggregate(check.numerator, ctx, in_group(check.numerator.select, num_found))
        label = f"{group}: " if group is not None else ""
        if check.denominator is None:
            if num is None:
                absent.append(group or "—")
                continue
            value = num
            parts_vi.append(f"{label}{vn_number(num)}")
            parts_en.append(f"{label}{num:g}")
        else:
            den_items = in_group(check.denominator.select, den_found)
            den = _aggregate(check.denominator, ctx, den_items) if den_items else None
            if num is None or den is None:
                absent.append(group or "—")
                continue
            value = (1.0 if num == 0 else float("inf")) if den == 0 else num / den
            parts_vi.append(f"{label}{vn_number(num)}/{vn_number(den)} ({vn_percent(value) if den else '—'})")
            parts_en.append(f"{label}{num:g}/{den:g} ({f'{value:.1%}' if den else '—'})")
        if not _COMPARE[check.op](value, check.target):
            failing.append(group or "—")
    evidence = [ctx.evidence(check.numerator.select, m) for m in num_found]
    target_vi = (
        _OP_TEXT[check.op]
        + " "
        + (vn_percent(check.target) if check.denominator else vn_number(check.target))
    )
    target_en = (
        _OP_TEXT[check.op] + " " + (f"{check.target:.0%}" if check.denominator else f"{check.target:g}")
    )
    measured_vi, measured_en = "; ".join(parts_vi), "; ".join(parts_en)
    if absent:
        names = ", ".join(absent)
        return missing(
            check.if_missing,
            f"Không có số liệu để tính ({names}).",
            f"No data to measure ({names}).",
            evidence,
        )
    if failing:
        names = ", ".join(failing)
        return outcome(
            Status.fail,
            f"Chưa đạt mức {target_vi} ({names}): {measured_vi}.",
            f"Below the target {target_en} ({names}): {measured_en}.",
            evidence,
        )
    return outcome(
        Status.pass_,
        f"Đạt mức {target_vi}: {measured_vi}.",
        f"Meets the target {target_en}: {measured_en}.",
        evidence,
    )


KIND = Kind(name="threshold", spec=ThresholdSpec, ir=ThresholdCheck, compile=compile_threshold, judge=judge)
