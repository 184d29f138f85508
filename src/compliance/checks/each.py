"""Check kind ``each``: every item of one selection has a matching item of another (a join).

Every incident has its ad-hoc report: the ``require`` item's ``match`` equals (or, for an array,
contains) the ``for_each`` item's ``key``, optionally no earlier than ``from_field`` and within
``within_days`` of it. Items are taken once per key, however many documents repeat them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from compliance import ir
from compliance.checks._base import Compiler, Context, Kind, Outcome, outcome
from compliance.errors import Code
from compliance.findings import Status
from compliance.language import FIELD_PATH, IntValue, Select, Strict
from compliance.portfolio import get


class EachSpec(Strict):
    """Every item of ``for_each`` has an item of ``require`` whose ``match`` equals (or, for an array,
    contains) the item's ``key``, optionally within ``within_days`` from ``from_field`` to ``to_field``."""

    for_each: Select
    key: str = Field(pattern=FIELD_PATH)
    require: Select
    match: str = Field(pattern=FIELD_PATH)
    from_field: str | None = Field(default=None, pattern=FIELD_PATH)
    to_field: str | None = Field(default=None, pattern=FIELD_PATH)
    within_days: IntValue | None = None
    if_none: Literal["pass", "not_applicable"] = "not_applicable"

    @model_validator(mode="after")
    def _window_fields(self) -> EachSpec:
        if self.within_days is not None and (self.from_field is None or self.to_field is None):
            raise ValueError("within_days needs from_field and to_field")
        return self


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

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.for_each, self.require)


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
    return EachCheck(
        for_each=c.select(spec.for_each, f"{p}/for_each"),
        key=key,
        require=c.select(spec.require, f"{p}/require"),
        match=match,
        match_is_array=match_type is not None and match_type.kind == "array",
        from_field=from_field,
        to_field=to_field,
        within_days=c.natural(spec.within_days, f"{p}/within_days") if spec.within_days is not None else None,
        if_none=spec.if_none,
    )


def judge(check: EachCheck, ctx: Context) -> Outcome:
    firsts: dict[Any, ir.Match] = {}
    for match in ctx.found(check.for_each):
        key = get(ctx.item(check.for_each, match), check.key)
        firsts.setdefault(key if key is not None else ("__missing__", match), match)
    if not firsts:
        return outcome(Status(check.if_none), "Không có mục nào cần đối chiếu.", "Nothing to check against.")
    candidates = [(m, ctx.item(check.require, m)) for m in ctx.found(check.require)]
    unmatched_fail: list[ir.Match] = []
    unmatched_pending: list[ir.Match] = []
    matched: list[ir.Match] = []
    for key, a in firsts.items():
        a_item = ctx.item(check.for_each, a)
        start = get(a_item, check.from_field) if check.from_field else None
        if isinstance(key, tuple) or (check.from_field is not None and start is None):
            unmatched_fail.append(a)
            continue
        hit = None
        for b, b_item in candidates:
            value = get(b_item, check.match)
            if not (key in value if check.match_is_array and isinstance(value, list) else value == key):
                continue
            if check.to_field is not None and start is not None:
                end = get(b_item, check.to_field)
                if end is None or end < start:
                    continue
                if check.within_days is not None and (end - start).days > check.within_days:
                    continue
            hit = b
            break
        if hit is not None:
            matched.append(a)
        elif (
            check.within_days is not None
            and start is not None
            and ctx.as_of <= start + dt.timedelta(days=check.within_days)
        ):
            unmatched_pending.append(a)
        else:
            unmatched_fail.append(a)
    total = len(firsts)
    window_vi = f" trong {check.within_days} ngày" if check.within_days is not None else ""
    window_en = f" within {check.within_days} day(s)" if check.within_days is not None else ""
    if unmatched_fail:
        ids = ", ".join(str(get(ctx.item(check.for_each, m), check.key)) for m in unmatched_fail)
        return outcome(
            Status.fail,
            f"{len(unmatched_fail)}/{total} mục chưa có văn bản tương ứng{window_vi}: {ids}.",
            f"{len(unmatched_fail)}/{total} item(s) have no matching document{window_en}: {ids}.",
            [ctx.evidence(check.for_each, m) for m in unmatched_fail],
        )
    if unmatched_pending:
        ids = ", ".join(str(get(ctx.item(check.for_each, m), check.key)) for m in unmatched_pending)
        return outcome(
            Status.pending,
            f"{len(unmatched_pending)}/{total} mục chưa có văn bản tương ứng, còn trong hạn: {ids}.",
            f"{len(unmatched_pending)}/{total} item(s) not yet matched, still within the window: {ids}.",
            [ctx.evidence(check.for_each, m) for m in unmatched_pending],
        )
    return outcome(
        Status.pass_,
        f"Cả {total} mục đều có văn bản tương ứng{window_vi}.",
        f"All {total} item(s) have a matching document{window_en}.",
        [ctx.evidence(check.for_each, m) for m in matched],
    )


KIND = Kind(name="each", spec=EachSpec, ir=EachCheck, compile=compile_each, judge=judge)
