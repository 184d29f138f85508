"""Conformance cases of the ``condition`` check kind (``tests/conformance/condition/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("condition")
def test_condition(case: Case, evaluator: str) -> None:
    check(case, evaluator)
