"""Check kind ``forbidden``: no item matches (no fee off the approved list, no violent game).

"None found" counts only when the report declares the field (``declared``, by default the
collection); a report that says nothing about it is judged by ``if_missing`` (an error by
default), never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from compliance import ir
from compliance.checks._base import Compiler, Context, Kind, Outcome, field_words, missing, outcome
from compliance.errors import Code
from compliance.findings import Status

if TYPE_CHECKING:
    from compliance.checks.forbidden.spec import ForbiddenSpec
    from compliance.language import Missing


@dataclass(frozen=True, slots=True)
class ForbiddenCheck:
    select: ir.Selector
    declared: ir.Path
    if_missing: Missing = "error"

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.select,)


def compile_forbidden(spec: ForbiddenSpec, c: Compiler, p: str) -> ForbiddenCheck:
    declared_text = spec.declared or spec.select.collection
    if declared_text is None:
        c.fail(Code.DECLARED_MISSING, f"{p}/declared")
    declared = c.path(declared_text, c.report, f"{p}/declared", kinds=None)
    return ForbiddenCheck(
        select=c.select(spec.select, f"{p}/select"), declared=declared, if_missing=spec.if_missing
    )


def judge(check: ForbiddenCheck, ctx: Context) -> Outcome:
    declared = ctx.declares(check.select.kinds, check.declared)
    found = ctx.found(check.select)
    field_vi, field_en = field_words(check.declared)
    if found:
        return outcome(
            Status.fail,
            f"Có {len(found)} mục vi phạm.",
            f"{len(found)} forbidden item(s) found.",
            ctx.evidence_of(check.select, found),
        )
    if not declared:
        return missing(
            ctx,
            check.if_missing,
            f"Báo cáo không khai {field_vi}, nên chưa thể kết luận là không vi phạm.",
            f"The reports do not declare {field_en}, so it cannot be concluded that nothing was violated.",
        )
    return outcome(
        Status.pass_,
        f"Đã khai {field_vi}; không có mục vi phạm.",
        f"{field_en} is declared; nothing forbidden found.",
    )


KIND = Kind(
    name="forbidden", spec_model="ForbiddenSpec", ir=ForbiddenCheck, compile=compile_forbidden, judge=judge
)
