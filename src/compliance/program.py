"""What a set of rule packs compiles to: rules with their applicability, citation and one check
(a check kind's IR, :mod:`compliance.checks`), grouped by pack into one immutable program."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from compliance.checks import Check
from compliance.i18n import Text
from compliance.ir import Selector
from compliance.severity import Severity


@dataclass(frozen=True, slots=True)
class Applicability:
    unit_types: frozenset[str]
    levels: frozenset[str] | None
    # None: in force on the obligation's own date; otherwise why it is not (decided when compiled)
    out_of_force: Text | None = None
    repealed_on: dt.date | None = None  # from this as-of date on, nobody is held to it
    repealed_reason: Text | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    document: str
    section: str
    quote: str
    plan: Text | None = None  # the pack's ``document.cited_as``


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
    province: str | None  # keys (textnorm.place_key), what units are matched on
    district: str | None
    rules: tuple[CompiledRule, ...]
    province_name: str | None = None  # the jurisdiction as written, for messages
    district_name: str | None = None


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
        return tuple(s for r in self.rules for s in r.check.selectors())
