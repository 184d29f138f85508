"""The intermediate representation (IR): what a rule pack compiles to, and all that evaluators see.

The IR is small, typed and back-end neutral. Conditions are in negation normal form: ``not`` has
been pushed down to the field tests (``eq`` ↔ ``ne``, ``lt`` ↔ ``ge``, ``any_item`` ↔ ``all_items``
…), and a test on an absent field is false. Evaluated that way, a condition is true exactly when it
is true under three-valued (Kleene) logic with "absent" as unknown — so a missing value can never
make a rule pass, and a back end whose comparisons never match absent properties (durable-rules)
gives the same answers as plain Python. Constants are already typed (dates are ``datetime.date``)
and parameters are already substituted.

Every query an evaluator must answer is a :class:`Selector`; everything else (counting, windows,
deadlines, statuses, messages) is done once, for every back end, by :mod:`compliance.judge`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from compliance.calendar import WorkingCalendar
from compliance.deadline import Deadline
from compliance.i18n import Text
from compliance.rulepack import Severity

Path = tuple[str, ...]
Value = str | int | float | bool | dt.date
CompareOp = Literal["eq", "ne", "lt", "le", "gt", "ge"]
Missing = Literal["fail", "error", "not_applicable"]


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


# ----------------------------------------------------------------------------- checks


@dataclass(frozen=True, slots=True)
class DeadlineCheck:
    report: Selector
    deadline: Deadline
    calendar: WorkingCalendar = field(compare=False)
    correction: Text | None = None
    correction_printed: str | None = None


@dataclass(frozen=True, slots=True)
class RequiredCheck:
    select: Selector
    minimum: int
    window_field: Path | None = None
    window_from: dt.date | None = None
    window_to: dt.date | None = None
    due: dt.date | None = None  # a shortfall is pending until this day (inclusive)


@dataclass(frozen=True, slots=True)
class Measure:
    aggregate: Literal["count", "sum", "max", "min"]
    select: Selector
    field: Path | None = None


@dataclass(frozen=True, slots=True)
class ThresholdCheck:
    numerator: Measure
    denominator: Measure | None
    op: Literal["ge", "gt", "le", "lt", "eq"]
    target: float
    group_field: Path | None = None
    groups: tuple[str, ...] = ()
    if_missing: Missing = "fail"


@dataclass(frozen=True, slots=True)
class EachCheck:
    for_each: Selector
    key: Path
    require: Selector
    match: Path
    match_is_array: bool
    from_field: Path | None = None
    to_field: Path | None = None
    within_days: int | None = None
    if_none: Literal["pass", "not_applicable"] = "not_applicable"


@dataclass(frozen=True, slots=True)
class ForbiddenCheck:
    select: Selector
    declared: Path
    if_missing: Missing = "error"


@dataclass(frozen=True, slots=True)
class ConditionCheck:
    """``test`` as a selector over documents; ``candidates`` selects the documents it is tried on."""

    test: Selector
    candidates: frozenset[str] | None
    quantifier: Literal["any", "all", "latest"]
    if_none: Missing = "fail"
    due: dt.date | None = None
    paths: tuple[Path, ...] = ()  # the fields the test reads, to explain a failure


Check = DeadlineCheck | RequiredCheck | ThresholdCheck | EachCheck | ForbiddenCheck | ConditionCheck


def selectors(check: Check) -> tuple[Selector, ...]:
    """Every query a check needs answered."""
    match check:
        case DeadlineCheck(report=s):
            return (s,)
        case RequiredCheck(select=s):
            return (s,)
        case ThresholdCheck(numerator=n, denominator=d):
            return (n.select,) if d is None else (n.select, d.select)
        case EachCheck(for_each=a, require=b):
            return (a, b)
        case ForbiddenCheck(select=s):
            return (s,)
        case ConditionCheck(test=s):
            return (s,)
    raise TypeError(check)  # pragma: no cover


# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Applicability:
    unit_types: frozenset[str]
    levels: frozenset[str] | None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    effective_reason: Text | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    document: str
    section: str
    quote: str


@dataclass(frozen=True, slots=True)
class CompiledRule:
    id: str
    pack: str
    kind: str
    title: Text
    severity: Severity
    applies: Applicability
    source: SourceRef
    remediation: Text
    check: Check


@dataclass(frozen=True, slots=True)
class CompiledPack:
    id: str
    version: str
    title: Text
    file: str
    seed: str
    issuer: str
    issued_on: dt.date
    school_year: str
    province: str | None  # normalised keys (textnorm.normalize_key)
    district: str | None
    rules: tuple[CompiledRule, ...]


@dataclass(frozen=True, slots=True)
class Program:
    """Everything compiled from a set of rule packs. Immutable: share it between threads."""

    packs: tuple[CompiledPack, ...]
    rules_by_id: dict[str, CompiledRule] = field(hash=False, compare=False)

    @property
    def rules(self) -> tuple[CompiledRule, ...]:
        return tuple(r for p in self.packs for r in p.rules)

    @property
    def selectors(self) -> tuple[Selector, ...]:
        return tuple(s for r in self.rules for s in selectors(r.check))
