"""Conformance cases of the ``threshold`` check kind (``tests/conformance/threshold/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("threshold")
def test_threshold(case: Case, evaluator: str) -> None:
    check(case, evaluator)
