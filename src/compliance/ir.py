"""The intermediate representation (IR): what a rule pack compiles to, and all that evaluators see.

The IR is small, typed and back-end neutral. Conditions are in negation normal form: ``not`` has
been pushed down to the field tests (``eq`` ↔ ``ne``, ``lt`` ↔ ``ge``, ``any_item`` ↔ ``all_items``
…), and a test on an absent field is false. Evaluated that way, a condition is true exactly when it
is true under three-valued (Kleene) logic with "absent" as unknown — so a missing value can never
make a rule pass, and a back end whose comparisons never match absent properties (durable-rules)
gives the same answers as plain Python. Constants are already typed (dates are ``datetime.date``)
and parameters are already substituted.

Every query an evaluator must answer is a :class:`Selector`, and its answer is a tuple of
:class:`Match` (all of them: :data:`compliance.evaluators.Matches`); everything else (counting, windows, deadlines, statuses, messages) is done once,
for every back end, by the check kinds of :mod:`compliance.checks`. The compiled rules, packs and
program that hold these conditions are in :mod:`compliance.program`.

This module imports nothing but the standard library (and :mod:`compliance._slots`, which imports
only it): evaluator worker processes load it first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from compliance._slots import setters

Path = tuple[str, ...]
Value = str | int | float | bool | dt.date
CompareOp = Literal["eq", "ne", "lt", "le", "gt", "ge"]


# ----------------------------------------------------------------------------- conditions (NNF)


@dataclass(frozen=True, slots=True)
class Compare:
    """``value(path) <op> constant``; false when the field is absent."""

    path: Path
    op: CompareOp
    value: Value


@dataclass(frozen=True, slots=True)
class Member:
    """``value(path) in values`` (or not in, with ``negate``); false when the field is absent."""

    path: Path
    values: frozenset[Value]
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Exists:
    path: Path
    present: bool = True


@dataclass(frozen=True, slots=True)
class Matches:
    """Whole-string regular expression match; false when absent or not a string."""

    path: Path
    pattern: str
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Contains:
    """An array field contains ``any`` / ``all`` of the values (or, with ``negate``, does not);
    false when the array is absent."""

    path: Path
    values: frozenset[Value]
    mode: Literal["any", "all"]
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Quantified:
    """``any`` / ``all`` elements of an array of objects satisfy ``where``; false when absent."""

    path: Path
    quantifier: Literal["any", "all"]
    where: Cond


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Cond, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Cond, ...]


@dataclass(frozen=True, slots=True)
class Const:
    """A condition decided at compile time (a parameter test)."""

    value: bool


Cond = Compare | Member | Exists | Matches | Contains | Quantified | And | Or | Const


def cond_paths(cond: Cond, prefix: Path = ()) -> list[Path]:
    """The field paths ``cond`` reads, from the object it is tested on (``prefix`` before each;
    a quantifier's own path, then the paths its condition reads below it)."""
    match cond:
        case And(items) | Or(items):
            return [p for c in items for p in cond_paths(c, prefix)]
        case Quantified(path=path, where=where):
            return [prefix + path, *cond_paths(where, prefix + path)]
        case Const():
            return []
        case _:
            return [prefix + cond.path]


TRUE = Const(True)


# ----------------------------------------------------------------------------- selectors


@dataclass(frozen=True, slots=True)
class Selector:
    """A query: the documents of ``kinds`` (all when None), or the elements of the array at
    ``collection`` in them, that satisfy ``where``. ``id`` is unique within the program."""

    id: str
    kinds: frozenset[str] | None
    collection: Path | None
    where: Cond = TRUE


@dataclass(frozen=True, slots=True, order=True)
class Match:
    """A matching document (``index`` None) or the ``index``-th element of the selector's array."""

    doc: int
    index: int | None = None

    def __init__(self, doc: int, index: int | None = None) -> None:  # dataclass's, faster (compliance._slots)
        _set_doc(self, doc)
        _set_index(self, index)


_set_doc, _set_index = setters(Match, "doc", "index")
