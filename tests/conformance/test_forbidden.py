"""Conformance cases of the ``forbidden`` check kind (``tests/conformance/forbidden/``), on every evaluator."""

from __future__ import annotations

from conformance.corpus import Case, check, parametrize


@parametrize("forbidden")
def test_forbidden(case: Case, evaluator: str) -> None:
    check(case, evaluator)
