"""Conformance cases of the ``required`` check kind (``tests/conformance/required/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("required")
def test_required(case: Case, evaluator: str) -> None:
    check(case, evaluator)
