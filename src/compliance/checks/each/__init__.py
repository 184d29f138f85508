"""Check kind ``each``: every item of one selection has a matching item of another (a join).

Every incident has its ad-hoc report: the ``require`` item's ``match`` equals (or, for an array,
contains) the ``for_each`` item's ``key``, no earlier than ``from_field`` and, with
``within_days``, no later than that many days after it. Items are taken once per key, however
many documents repeat them. A matching report that came too late is *late*, told apart from one
that never came (*missing*); while the window is still open, a missing report is pending.

Nothing declared is not "nothing to report": when no document of the scope declares the
``for_each`` collection (``declared``, by default that collection), the finding follows
``if_missing`` (an ``error`` by default: "chưa khai"); a declared empty list is judged by
``if_none`` (not applicable by default: there was nothing to report).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from compliance import ir
from compliance.checks._base import Compiler, Context, Kind, Outcome, field_words, missing, outcome
from compliance.errors import Code
from compliance.findings import Status
from compliance.portfolio import get

if TYPE_CHECKING:
    from compliance.checks.each.spec import EachSpec
    from compliance.language import Missing


@dataclass(frozen=True, slots=True)
class EachCheck:
    for_each: ir.Selector
    key: ir.Path
    require: ir.Selector
    match: ir.Path
    match_is_array: bool
    from_field: ir.Path | None = None
    to_field: ir.Path | None = None
    within_days: int | None = None
    if_none: Literal["pass", "not_applicable"] = "not_applicable"
    declared: ir.Path | None = None
    if_missing: Missing = "error"

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.for_each, self.require)


# Ten years: no plan gives longer to report an incident, and a bounded window keeps the date
# arithmetic of judging far from the ends of the calendar.
MAX_WINDOW_DAYS = 3660


def _window(spec: EachSpec, c: Compiler, p: str) -> int | None:
    if spec.within_days is None:
        return None
    days = c.natural(spec.within_days, f"{p}/within_days")
    if days > MAX_WINDOW_DAYS:
        c.fail(Code.WINDOW_TOO_LONG, f"{p}/within_days", value=days, high=MAX_WINDOW_DAYS)
    return days


def compile_each(spec: EachSpec, c: Compiler, p: str) -> EachCheck:
    a_type = c.item_type(spec.for_each, f"{p}/for_each")
    b_type = c.item_type(spec.require, f"{p}/require")
    key = c.path(spec.key, a_type, f"{p}/key", kinds=("string", "integer"))
    match_type = b_type.resolve(tuple(spec.match.split(".")))
    match = c.path(spec.match, b_type, f"{p}/match", kinds=("string", "integer", "array"))
    if (
        match_type is not None
        and match_type.kind == "array"
        and (match_type.item is None or match_type.item.kind not in ("string", "integer"))
    ):
        c.fail(Code.MATCH_NOT_VALUE, f"{p}/match")
    from_field = (
        c.path(spec.from_field, a_type, f"{p}/from_field", kinds=("date",)) if spec.from_field else None
    )
    to_field = c.path(spec.to_field, b_type, f"{p}/to_field", kinds=("date",)) if spec.to_field else None
    declared_text = spec.declared or spec.for_each.collection
    declared = c.path(declared_text, c.report, f"{p}/declared", kinds=None) if declared_text else None
    return EachCheck(
        for_each=c.select(spec.for_each, f"{p}/for_each"),
        key=key,
        require=c.select(spec.require, f"{p}/require"),
        match=match,
        match_is_array=match_type is not None and match_type.kind == "array",
        from_field=from_field,
        to_field=to_field,
        within_days=_window(spec, c, p),
        if_none=spec.if_none,
        declared=declared,
        if_missing=spec.if_missing,
    )


def _ids(ctx: Context, check: EachCheck, items: list[ir.Match]) -> str:
    return ", ".join(str(get(ctx.item(check.for_each, m), check.key)) for m in items)


def _by_match(check: EachCheck, ctx: Context) -> dict[Any, list[Any]]:
    """The ``require`` items by the value they match: each value of an array ``match`` (an item
    once per value, however often the array repeats it), or the value itself. One pass, so that
    a join of N incidents with N reports is linear, not N × N. A value that cannot be a key (an
    object where the schema says a string) can equal no key and is left out."""
    index: dict[Any, list[Any]] = {}
    for m in ctx.found(check.require):
        b_item = ctx.item(check.require, m)
        value = get(b_item, check.match)
        values = dict.fromkeys(_hashable(value)) if check.match_is_array and isinstance(value, list) else None
        for v in values if values is not None else _hashable([value]):
            index.setdefault(v, []).append(b_item)
    return index


def _hashable(values: list[Any]) -> list[Any]:
    return [v for v in values if v is not None and not isinstance(v, dict | list)]


def judge(check: EachCheck, ctx: Context) -> Outcome:
    if check.declared is not None and not ctx.declares(check.for_each.kinds, check.declared):
        field_vi, field_en = field_words(check.declared)
        return missing(
            ctx,
            check.if_missing,
            f"Báo cáo chưa khai {field_vi} nên chưa kết luận được; nếu không có thì ghi danh sách rỗng.",
            f"The reports do not declare {field_en}, so nothing can be concluded; an empty list says there was none.",
        )
    firsts: dict[Any, ir.Match] = {}
    for match in ctx.found(check.for_each):
        key = get(ctx.item(check.for_each, match), check.key)
        firsts.setdefault(key if key is not None else ("__missing__", match), match)
    if not firsts:
        return outcome(Status(check.if_none), "Không có mục nào cần đối chiếu.", "Nothing to check against.")
    candidates = _by_match(check, ctx)
    missing_items: list[ir.Match] = []
    late: list[tuple[ir.Match, int]] = []
    pending: list[ir.Match] = []
    matched: list[ir.Match] = []
    for key, a in firsts.items():
        start = get(ctx.item(check.for_each, a), check.from_field) if check.from_field else None
        if isinstance(key, tuple) or (check.from_field is not None and start is None):
            missing_items.append(a)
            continue
        earliest: dt.date | None = None
        found = False
        for b_item in candidates.get(key, ()):
            if check.to_field is not None and start is not None:
                end = get(b_item, check.to_field)
                if end is None or end < start:
                    continue
                earliest = end if earliest is None else min(earliest, end)
            found = True
        if not found:
            if (
                check.within_days is not None
                and start is not None
                and (ctx.as_of - start).days <= check.within_days  # no date arithmetic to overflow
            ):
                pending.append(a)
            else:
                missing_items.append(a)
        elif check.within_days is not None and start is not None and earliest is not None:
            overdue = (earliest - start).days - check.within_days
            if overdue > 0:
                late.append((a, overdue))
            else:
                matched.append(a)
        else:
            matched.append(a)
    total = len(firsts)
    window_vi = f" trong {check.within_days} ngày" if check.within_days is not None else ""
    window_en = f" within {check.within_days} day(s)" if check.within_days is not None else ""
    if missing_items or late:
        parts_vi, parts_en = [], []
        if missing_items:
            ids = _ids(ctx, check, missing_items)
            parts_vi.append(f"{len(missing_items)}/{total} mục chưa có văn bản tương ứng: {ids}")
            parts_en.append(f"{len(missing_items)}/{total} item(s) have no matching document: {ids}")
        if late:
            shown = ", ".join(f"{_ids(ctx, check, [m])} (muộn {n} ngày)" for m, n in late)
            shown_en = ", ".join(f"{_ids(ctx, check, [m])} ({n} day(s) late)" for m, n in late)
            parts_vi.append(
                f"{len(late)}/{total} mục có văn bản nhưng gửi quá {check.within_days} ngày: {shown}"
            )
            parts_en.append(
                f"{len(late)}/{total} item(s) reported after the {check.within_days}-day limit: {shown_en}"
            )
        return outcome(
            Status.fail,
            "; ".join(parts_vi) + ".",
            "; ".join(parts_en) + ".",
            ctx.evidence_of(check.for_each, [*missing_items, *(m for m, _ in late)]),
        )
    if pending:
        ids = _ids(ctx, check, pending)
        return outcome(
            Status.pending,
            f"{len(pending)}/{total} mục chưa có văn bản tương ứng, còn trong hạn{window_vi}: {ids}.",
            f"{len(pending)}/{total} item(s) not yet matched, still{window_en}: {ids}.",
            ctx.evidence_of(check.for_each, pending),
        )
    return outcome(
        Status.pass_,
        f"Cả {total} mục đều có văn bản tương ứng{window_vi}.",
        f"All {total} item(s) have a matching document{window_en}.",
        ctx.evidence_of(check.for_each, matched),
    )


KIND = Kind(name="each", spec_model="EachSpec", ir=EachCheck, compile=compile_each, judge=judge)
