"""Check kind ``condition``: a general condition tree over the documents of some kinds.

For what the other kinds do not say: ``any`` document (default), ``all`` of them, or the
``latest`` one must satisfy ``test``. With no document to try, pending until ``due``, then judged
by ``if_none`` (a failure by default). A failure lists the fields the test reads that are absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from compliance import ir
from compliance.checks._base import (
    MAX_EVIDENCE,
    Compiler,
    Context,
    Kind,
    Outcome,
    field_words,
    kinds_words,
    missing,
    outcome,
)
from compliance.checks._due import Deadline, compile_due, due_of, stated_due
from compliance.findings import Status
from compliance.i18n import vn_date
from compliance.portfolio import get

if TYPE_CHECKING:
    from compliance.checks.condition.spec import ConditionSpec
    from compliance.language import Missing


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    """``test`` as a selector over documents; ``candidates`` selects the documents it is tried on."""

    test: ir.Selector
    candidates: frozenset[str] | None
    quantifier: Literal["any", "all", "latest"]
    if_none: Missing = "fail"
    due: Deadline | None = None
    paths: tuple[ir.Path, ...] = ()  # the fields the test reads, to explain a failure

    def selectors(self) -> tuple[ir.Selector, ...]:
        return (self.test,)


def compile_condition(spec: ConditionSpec, c: Compiler, p: str) -> ConditionCheck:
    kinds = c.kinds(spec.documents, f"{p}/documents")
    test = c.cond(spec.test, c.report, f"{p}/test")
    return ConditionCheck(
        test=ir.Selector(c.selector_id(), kinds, None, test),
        candidates=kinds,
        quantifier=spec.quantifier,
        if_none=spec.if_none,
        due=compile_due(c, spec.due, spec.reading, p) if spec.due is not None else None,
        paths=tuple(ir.cond_paths(test)),
    )


def judge(check: ConditionCheck, ctx: Context) -> Outcome:
    kinds = check.candidates
    candidates = [i for i, d in enumerate(ctx.portfolio.documents) if kinds is None or d.kind in kinds]
    kinds_vi, kinds_en = kinds_words(kinds)
    if not candidates:
        if check.due is not None and check.due.pending(ctx.as_of):
            last = vn_date(check.due.last_allowed_day())
            return outcome(
                Status.pending,
                f"Chưa có {kinds_vi}; hạn đến hết ngày {last}.",
                f"No {kinds_en} yet; due by {last}.",
            )
        return missing(
            ctx,
            check.if_none,
            f"Không có {kinds_vi} nào để xét.",
            f"No {kinds_en} to examine.",
        )
    passed = {m.doc for m in ctx.found(check.test)}
    considered = [candidates[-1]] if check.quantifier == "latest" else candidates
    ok = [i for i in considered if i in passed]
    bad = [i for i in considered if i not in passed]
    met = bool(ok) if check.quantifier == "any" else not bad
    if met:
        return outcome(
            Status.pass_,
            "Điều kiện được đáp ứng.",
            "The condition holds.",
            ctx.evidence_of(check.test, map(ir.Match, ok)),
        )
    absent: list[ir.Path] = []
    for i in bad:
        facts = ctx.portfolio.documents[i].facts
        for path in check.paths:
            if get(facts, path) is None and path not in absent:
                absent.append(path)
    words = [field_words(path) for path in absent]
    extra_vi = f" Chưa khai: {'; '.join(vi for vi, _ in words)}." if absent else ""
    extra_en = f" Not declared: {'; '.join(en for _, en in words)}." if absent else ""
    return outcome(
        Status.fail,
        f"Điều kiện không được đáp ứng.{extra_vi}",
        f"The condition does not hold.{extra_en}",
        [ctx.document_evidence(i) for i in bad[:MAX_EVIDENCE]],
    )


KIND = Kind(
    name="condition",
    spec_model="ConditionSpec",
    ir=ConditionCheck,
    compile=compile_condition,
    judge=judge,
    due=due_of,
    due_dates=stated_due,
)
