"""Check kind ``threshold``: a number, or a ratio reached / total, compared with a target.

With ``group_by`` every listed group (CBQL, GV, NV, HS …) must be present and meet the target on
its own; a group with no data is judged by ``if_missing`` (a failure by default), never a pass.

What is counted is explicit, so that nothing counts twice: identical items repeated in later
documents count once; ``latest_document: true`` takes a measure's items from the latest-received
document that has any (per group) — a resubmitted year-end report replaces the figures of the
semester report instead of adding to them; ``distinct_by`` counts one item per key (one supplier,
however many commitments it signed). A ratio above 100% (more reached than there are) is an
``error``: the figures contradict each other. Before ``due`` a shortfall is pending.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compliance import ir
from compliance.checks._base import Compiler, Context, Kind, Outcome, missing, outcome
from compliance.checks._due import Deadline, compile_due, due_of, stated_due
from compliance.errors import Code
from compliance.findings import Status
from compliance.i18n import Text, vn_date, vn_number, vn_percent
from compliance.portfolio import get

if TYPE_CHECKING:
    from compliance.checks.threshold.spec import Measure, ThresholdSpec
    from compliance.language import Missing


@dataclass(frozen=True, slots=True)
class MeasureQuery:
    aggregate: Literal["count", "sum", "max", "min"]
    select: ir.Selector
    field: ir.Path | None = None
    latest_document: bool = False
    distinct_by: tuple[ir.Path, ...] = ()


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    numerator: MeasureQuery
    denominator: MeasureQuery | None
    op: Literal["ge", "gt", "le", "lt", "eq"]
    target: float
    group_field: ir.Path | None = None
    groups: tuple[str, ...] = ()
    if_missing: Missing = "fail"
    due: Deadline | None = None

    def selectors(self) -> tuple[ir.Selector, ...]:
        d = self.denominator
        return (self.numerator.select,) if d is None else (self.numerator.select, d.select)


def _measure(spec: Measure, c: Compiler, ptr: str) -> MeasureQuery:
    item = c.item_type(spec.select, f"{ptr}/select")
    field = c.path(spec.field, item, f"{ptr}/field", kinds=("integer", "number")) if spec.field else None
    distinct = tuple(
        c.path(key, item, f"{ptr}/distinct_by/{i}", kinds=("string", "integer", "date"))
        for i, key in enumerate(spec.distinct_by or ())
    )
    return MeasureQuery(
        spec.aggregate, c.select(spec.select, f"{ptr}/select"), field, spec.latest_document, distinct
    )


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
    # A ratio's target is a fraction (1.0 is 100%: more than 100% reached is an error anyway); a
    # number's target is a figure, which the judge computes with only up to _LARGEST.
    high = 1 if spec.denominator is not None else _LARGEST
    if not (isinstance(target, int) or math.isfinite(target)) or not 0 <= target <= high:
        c.fail(
            Code.TARGET_OUT_OF_RANGE,
            f"{p}/target",
            value=_shown(target),
            low=0,
            high="1.0" if spec.denominator is not None else "10^15",
            meaning=_RATIO if spec.denominator is not None else _FIGURE,
        )
    return ThresholdCheck(
        numerator=_measure(spec.numerator, c, f"{p}/numerator"),
        denominator=_measure(spec.denominator, c, f"{p}/denominator") if spec.denominator else None,
        op=spec.op,
        target=float(target),
        group_field=group_field,
        groups=tuple(spec.group_by.values) if spec.group_by else (),
        if_missing=spec.if_missing,
        due=compile_due(c, spec.due, spec.reading, p) if spec.due is not None else None,
    )


# Past 10^15 a float no longer holds every whole number exactly, and float() of a longer integer
# overflows: figures that large cannot be judged (the report schema bounds each one far below).
_LARGEST = 10**15


_RATIO = Text(vi="tỉ lệ: 1.0 là 100%", en="a ratio: 1.0 is 100%")
_FIGURE = Text(vi="số lượng, tối đa 10^15", en="a figure, at most 10^15")


def _shown(value: int | float) -> str:
    """A number as written, cut when it is long (a target of 400 digits)."""
    if isinstance(value, int) and abs(value) >= 10**39:  # str() of 4 301 digits or more raises
        return f"{'-' if value < 0 else ''}10^{int(math.log10(abs(value)))}…"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _TooLarge(Exception):
    """A measure whose figures are too large to compute with; the finding is an ``error``."""

    def __init__(self, value: int | float) -> None:
        super().__init__()
        self.shown = _shown(value)


def _aggregate(measure: MeasureQuery, ctx: Context, found: Sequence[ir.Match]) -> float | None:
    """The measure over ``found``; raises :class:`_TooLarge` rather than overflow or lose digits."""
    if measure.aggregate == "count":
        return float(len(found))
    assert measure.field is not None
    values = [
        v for m in found if isinstance(v := get(ctx.item(measure.select, m), measure.field), int | float)
    ]
    if not values:
        return None
    for v in values:
        if (isinstance(v, float) and not math.isfinite(v)) or abs(v) > _LARGEST:  # exact for an int
            raise _TooLarge(v)
    if measure.aggregate == "sum":
        total = sum(values)
        if abs(total) > _LARGEST:
            raise _TooLarge(total)
        return float(total)
    return float(max(values) if measure.aggregate == "max" else min(values))


_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "ge": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "le": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: abs(a - b) < 1e-9,
}
_OP_TEXT = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "="}


def _chosen(measure: MeasureQuery, ctx: Context, found: list[ir.Match]) -> tuple[list[ir.Match], set[int]]:
    """The matches a measure counts, and the documents whose matches it set aside."""
    kept = found
    if measure.latest_document and found:
        latest = max(m.doc for m in found)
        kept = [m for m in found if m.doc == latest]
    if measure.distinct_by:
        by_key: dict[tuple[object, ...], ir.Match] = {}
        for m in kept:
            item = ctx.item(measure.select, m)
            key = tuple(get(item, path) for path in measure.distinct_by)
            if all(part is not None for part in key):
                by_key[key] = m  # the latest one per key
        kept = list(by_key.values())
    return kept, {m.doc for m in found} - {m.doc for m in kept}


def _by_group(
    check: ThresholdCheck,
    ctx: Context,
    selector: ir.Selector,
    found: list[ir.Match],
    groups: Sequence[str | None],
) -> dict[str | None, list[ir.Match]]:
    """``found`` by the group its item's ``group_field`` names (each in the order found), read
    once per item; all of it in each of ``groups`` when the check is not grouped. A value that is
    not text is in no group: it equals none of the groups a pack lists."""
    if not check.groups or check.group_field is None:
        return dict.fromkeys(groups, found)
    by_group: dict[str | None, list[ir.Match]] = {}
    for m in found:
        value = get(ctx.item(selector, m), check.group_field)
        if isinstance(value, str):
            by_group.setdefault(value, []).append(m)
    return by_group


def judge(check: ThresholdCheck, ctx: Context) -> Outcome:
    try:
        return _judge(check, ctx)
    except _TooLarge as exc:
        return outcome(
            Status.error,
            f"Số liệu {exc.shown} quá lớn để tính (quá 10^15); cần sửa báo cáo trước khi kết luận.",
            f"The figure {exc.shown} is too large to compute with (over 10^15); "
            "the report must be corrected before a conclusion can be drawn.",
            [],
        )


def _judge(check: ThresholdCheck, ctx: Context) -> Outcome:
    num_found = ctx.distinct(check.numerator.select, ctx.found(check.numerator.select))
    den_found = (
        ctx.distinct(check.denominator.select, ctx.found(check.denominator.select))
        if check.denominator
        else []
    )
    groups: Sequence[str | None] = check.groups or (None,)
    parts_vi, parts_en, failing, absent, contradictions = [], [], [], [], []
    counted: list[ir.Match] = []
    set_aside: set[int] = set()
    num_groups = _by_group(check, ctx, check.numerator.select, num_found, groups)
    den_groups = (
        _by_group(check, ctx, check.denominator.select, den_found, groups) if check.denominator else {}
    )
    for group in groups:
        num_items, aside = _chosen(check.numerator, ctx, num_groups.get(group, []))
        counted += num_items
        set_aside |= aside
        num = _aggregate(check.numerator, ctx, num_items)
        label = f"{group}: " if group is not None else ""
        if check.denominator is None:
            if num is None:
                absent.append(group or "—")
                continue
            value = num
            parts_vi.append(f"{label}{vn_number(num)}")
            parts_en.append(f"{label}{num:g}")
        else:
            den_items, aside = _chosen(check.denominator, ctx, den_groups.get(group, []))
            set_aside |= aside
            den = _aggregate(check.denominator, ctx, den_items) if den_items else None
            if num is None or den is None:
                absent.append(group or "—")
                continue
            if num > den:
                contradictions.append(f"{label}{vn_number(num)}/{vn_number(den)}")
            value = (1.0 if num == 0 else float("inf")) if den == 0 else num / den
            parts_vi.append(f"{label}{vn_number(num)}/{vn_number(den)} ({vn_percent(value) if den else '—'})")
            parts_en.append(f"{label}{num:g}/{den:g} ({f'{value:.1%}' if den else '—'})")
        if not _COMPARE[check.op](value, check.target):
            failing.append(group or "—")
    evidence = ctx.evidence_of(check.numerator.select, counted)
    notes = [
        Text(
            vi=f"Số liệu của {ctx.portfolio.documents[d].name} không cộng thêm: đã lấy số liệu của văn bản nhận sau.",
            en=f"The figures of {ctx.portfolio.documents[d].name} are not added: a later document's figures are used.",
        )
        for d in sorted(set_aside)
    ]
    target_vi = (
        _OP_TEXT[check.op]
        + " "
        + (vn_percent(check.target) if check.denominator else vn_number(check.target))
    )
    target_en = (
        _OP_TEXT[check.op] + " " + (f"{check.target:.0%}" if check.denominator else f"{check.target:g}")
    )
    measured_vi, measured_en = "; ".join(parts_vi), "; ".join(parts_en)
    if contradictions:
        shown = "; ".join(contradictions)
        return outcome(
            Status.error,
            f"Số liệu mâu thuẫn: số đạt lớn hơn tổng số ({shown}). Cần sửa báo cáo trước khi kết luận.",
            f"The figures contradict each other: more reached than there are ({shown}). "
            "The report must be corrected before a conclusion can be drawn.",
            evidence,
            notes=notes,
        )
    if (absent or failing) and check.due is not None and check.due.pending(ctx.as_of):
        last = vn_date(check.due.last_allowed_day())
        shown_vi = measured_vi or "chưa có số liệu"
        shown_en = measured_en or "no figures yet"
        return outcome(
            Status.pending,
            f"Chưa đạt mức {target_vi} ({shown_vi}); còn hạn đến hết ngày {last}.",
            f"Not yet at the target {target_en} ({shown_en}); due by {last}.",
            evidence,
            notes=notes,
        )
    if absent:
        names = ", ".join(absent)
        return missing(
            ctx,
            check.if_missing,
            f"Không có số liệu để tính ({names}).",
            f"No data to measure ({names}).",
            evidence,
            notes=notes,
        )
    if failing:
        names = ", ".join(failing)
        return outcome(
            Status.fail,
            f"Chưa đạt mức {target_vi} ({names}): {measured_vi}.",
            f"Below the target {target_en} ({names}): {measured_en}.",
            evidence,
            notes=notes,
        )
    return outcome(
        Status.pass_,
        f"Đạt mức {target_vi}: {measured_vi}.",
        f"Meets the target {target_en}: {measured_en}.",
        evidence,
        notes=notes,
    )


KIND = Kind(
    name="threshold",
    spec_model="ThresholdSpec",
    ir=ThresholdCheck,
    compile=compile_threshold,
    judge=judge,
    due=due_of,
    due_dates=stated_due,
)
