"""Why a rule gave a status on a portfolio: the rule, its compiled selections, what each selection
matched (with file and line) and the finding. For rule authors and inspectors; the engine checks
(:meth:`~compliance.engine.Engine.check_rules`), :mod:`compliance.reporters.explain_report` words it."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from compliance import ir
from compliance.engine import Engine, applicable_packs
from compliance.errors import Code, InputError, Location
from compliance.findings import Evidence, Finding
from compliance.i18n import Text
from compliance.ir import Match
from compliance.judge import context
from compliance.messages import either, problem
from compliance.portfolio import Document, as_of_view, group, without_replaced
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


def find_rule(engine: Engine, rule_id: str) -> CompiledRule:
    """The rule ``rule_id``, whatever its case (``tx2324-t-to-csvc``); an unknown id is an
    :class:`InputError` suggesting the closest ids ("did you mean"), or listing them all."""
    rules = engine.program.rules_by_id
    rule = rules.get(rule_id)
    if rule is None:
        by_case = {known.casefold(): r for known, r in rules.items()}
        rule = by_case.get(rule_id.casefold())
    if rule is not None:
        return rule
    close = difflib.get_close_matches(rule_id.upper(), [k.upper() for k in rules], n=3, cutoff=0.8)
    upper = {k.upper(): k for k in rules}
    if close:
        shown = either(upper[c] for c in close)
        guess = Text(vi=f"có phải {shown.vi}?", en=f"did you mean {shown.en}?")
        raise InputError([problem(Code.NO_SUCH_RULE, at=Location("RULE_ID"), rule_id=rule_id, known=guess)])
    known = ", ".join(sorted(rules))
    listed = Text(vi=f"các mã tiêu chí: {known}", en=f"rule ids: {known}")
    raise InputError([problem(Code.NO_SUCH_RULE, at=Location("RULE_ID"), rule_id=rule_id, known=listed)])


def explain(engine: Engine, rule_id: str, documents: list[Document], as_of: dt.date) -> list[Explanation]:
    """One explanation per portfolio among ``documents``; ``rule_id`` as :func:`find_rule` reads it."""
    rule = find_rule(engine, rule_id)
    out = []
    for whole in group(documents):
        portfolio, _ = as_of_view(whole, as_of)
        portfolio, _ = without_replaced(portfolio)  # judged as the check judges it
        in_scope = rule.pack in {p.id for p in applicable_packs(engine.program, portfolio)}
        findings, matches = engine.check_rules([rule], portfolio, as_of=as_of)
        ctx = context(engine.program, portfolio, matches, as_of)
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
