"""Conformance cases of the ``each`` check kind (``tests/conformance/each/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("each")
def test_each(case: Case, evaluator: str) -> None:
    check(case, evaluator)
