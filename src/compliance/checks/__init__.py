"""The check kinds of the rule language, one package each, and their registry.

A kind is everything a rule's ``check:`` can be: its rule-language model, its IR, its compile step,
its judge step and its due dates for lint (:class:`compliance.checks._base.Kind`). The compiler
and the judge only dispatch through :data:`KINDS`; adding a kind is one new package here, one line
in :data:`KINDS`, one member of :data:`Check`, and its section in ``docs/rule-language.md``.

A kind's package holds its rule-language model (pydantic) in ``spec.py``, named by its
``Kind.spec_model``, and everything else in ``__init__.py``. The two are apart because they are needed at different times: the model only when
a rule pack is compiled, the IR and the judge whenever anything is checked. A check whose program
comes from the cache (:mod:`compliance.cache`) imports neither pydantic nor the rule language, which
was a third of the start-up of ``compliance check`` (``docs/cli.md``, *Start-up*).
"""

from __future__ import annotations

from typing import Any

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar
from compliance.checks import condition, deadline, each, forbidden, required, threshold
from compliance.checks._base import Compiler, Context, Kind, Outcome
from compliance.checks._due import Deadline

# The order is the rule language's: it is the order of the keys of ``check`` in the schema.
KINDS: dict[str, Kind[Any, Any]] = {
    kind.name: kind
    for kind in (
        deadline.KIND,
        required.KIND,
        threshold.KIND,
        each.KIND,
        forbidden.KIND,
        condition.KIND,
    )
}

# The IR of a compiled check: one member per kind.
Check = (
    deadline.DeadlineCheck
    | required.RequiredCheck
    | threshold.ThresholdCheck
    | each.EachCheck
    | forbidden.ForbiddenCheck
    | condition.ConditionCheck
)

_BY_IR: dict[type, Kind[Any, Any]] = {kind.ir: kind for kind in KINDS.values()}


def get(name: str) -> Kind[Any, Any]:
    """The kind called ``name``; a KeyError naming the kinds there are otherwise."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no check kind {name!r}; the kinds are {', '.join(KINDS)}") from None


def kind_of(check: Check) -> Kind[Any, Any]:
    """The kind a compiled check belongs to."""
    return _BY_IR[type(check)]


def due_of(check: Check) -> Deadline | None:
    """The rule's due date as the check compiled it: a deadline's, or the ``due`` of the kinds that
    have one (a ``required`` window's end is its due date, ``docs/rule-language.md``)."""
    if isinstance(check, deadline.DeadlineCheck):
        return check.deadline
    due = getattr(check, "due", None)
    return due if isinstance(due, Deadline) else None


def calendar_of(check: Check) -> WorkingCalendar:
    """The working-day calendar the check judges its due date by: a deadline's is its pack's
    (with the pack's ``calendar`` overrides); the other kinds never move a due date."""
    return check.working_calendar if isinstance(check, deadline.DeadlineCheck) else DEFAULT_CALENDAR


__all__ = [
    "KINDS",
    "Check",
    "Compiler",
    "Context",
    "Kind",
    "Outcome",
    "calendar_of",
    "due_of",
    "get",
    "kind_of",
]
