"""What every back end is: the :class:`Evaluator` protocol, its answer, and its one failure.

An evaluator only decides which documents and items match; :mod:`compliance.judge` turns the
matches into findings the same way for every back end, so two back ends that agree on matches
agree on findings. (Kept apart from the registry in ``compliance/evaluators/__init__.py``, which
must stay cheap to import: worker processes import that package.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from compliance.errors import ComplianceError
from compliance.i18n import Text
from compliance.ir import Match
from compliance.portfolio import Portfolio

if TYPE_CHECKING:
    from compliance.program import CompiledRule


Matches = Mapping[str, tuple[Match, ...]]


class EvaluationFailure(ComplianceError):
    """A back end could not evaluate a portfolio: its rules get ``error`` findings with the reason."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.en)
        self.reason = reason


class Evaluator(Protocol):
    name: str

    def evaluate(self, rules: Sequence[CompiledRule], portfolio: Portfolio) -> Matches:
        """Matches of every selector of ``rules`` on ``portfolio``, in document then item order."""
        ...

    def close(self) -> None:
        """Release processes or other resources (a no-op for in-process back ends)."""
        ...
