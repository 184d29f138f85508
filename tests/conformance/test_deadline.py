"""Conformance cases of the ``deadline`` check kind (``tests/conformance/deadline/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("deadline")
def test_deadline(case: Case, evaluator: str) -> None:
    check(case, evaluator)
