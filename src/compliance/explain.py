"""Why a rule gave a status on a portfolio: the rule, its compiled selections, what each selection
matched (with file and line) and the finding. For rule authors and inspectors; the engine checks
(:meth:`~compliance.engine.Engine.check_rules`), :mod:`compliance.reporters.explain_report` words it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from compliance import ir
from compliance.checks import Context
from compliance.engine import Engine, applicable_packs
from compliance.errors import Code, InputError, Location
from compliance.findings import Evidence, Finding
from compliance.ir import Match
from compliance.messages import problem
from compliance.portfolio import Document, as_of_view, group
from compliance.program import CompiledRule


@dataclass(frozen=True, slots=True)
class SelectionTrace:
    selector: ir.Selector
    matches: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    rule: CompiledRule
    unit_id: str
    school_year: str
    in_scope: bool
    selections: tuple[SelectionTrace, ...]
    finding: Finding | None


def explain(engine: Engine, rule_id: str, documents: list[Document], as_of: dt.date) -> list[Explanation]:
    """One explanation per portfolio among ``documents``."""
    rule = engine.program.rules_by_id.get(rule_id)
    if rule is None:
        known = ", ".join(sorted(engine.program.rules_by_id))
        raise InputError(
            [problem(Code.NO_SUCH_RULE, at=Location("<command line>"), rule_id=rule_id, known=known)]
        )
    out = []
    for whole in group(documents):
        portfolio, _ = as_of_view(whole, as_of)
        in_scope = rule.pack in {p.id for p in applicable_packs(engine.program, portfolio)}
        findings, matches = engine.check_rules([rule], portfolio, as_of=as_of)
        ctx = Context(portfolio, matches, as_of)
        traces = tuple(
            SelectionTrace(
                s, tuple(ctx.evidence(s, m) for m in matches.get(s.id, ()) if isinstance(m, Match))
            )
            for s in rule.check.selectors()
        )
        out.append(
            Explanation(
                rule,
                portfolio.unit.unit_id,
                portfolio.school_year,
                in_scope,
                traces,
                findings[0] if in_scope else None,
            )
        )
    return out
