"""A back end of the evaluator registry that is the default one and counts what it evaluates:
registered by a test (``EVALUATORS["counting"]``), it tells how many times a command evaluated
its portfolios, through the engine's own extension point."""

from __future__ import annotations

from collections.abc import Sequence

from compliance.evaluators.base import Matches
from compliance.evaluators.python import PythonEvaluator
from compliance.portfolio import Portfolio
from compliance.program import CompiledRule

EVALUATED: list[str] = []  # the unit id of every portfolio evaluated, in order


class CountingEvaluator(PythonEvaluator):
    def evaluate(self, rules: Sequence[CompiledRule], portfolio: Portfolio) -> Matches:
        EVALUATED.append(portfolio.unit.unit_id)
        return super().evaluate(rules, portfolio)
