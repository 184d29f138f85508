"""A portfolio's findings as a worker sends them to the parent of an audit: encoded once, in the
worker, as the records the parent's spool keeps (:mod:`compliance.finding_records`), with an
outline of what the parent counts — so that the parent never unpacks a finding to keep it, and
its work per finding is a few integer operations (issue: the parent was the bottleneck of a
parallel audit, unpickling every finding).

An :class:`Outline` is what the parent needs of each finding to count it (by status, severity,
rule, unit, and for the roll-ups whether its deadline's report came), packed in one integer per
finding; its rules and units are numbered within the portfolio. The in-process path outlines the
findings it keeps in the same way, so that both count alike.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

from compliance.audit.sniff import Key
from compliance.findings import Finding, Status
from compliance.rollup import Place
from compliance.severity import Severity

C = TypeVar("C", bound=type)


def sent_whole(cls: C) -> C:
    """A frozen slotted dataclass pickled as its class and its fields' values, in order: what
    a worker sends back for each portfolio. The standard way for such a class calls
    ``dataclasses.fields`` for every object written or read back: this way a portfolio's result
    is read back in 18.5 µs instead of 21.3, and written in 21 instead of 25.7 (the mixed corpus
    of ``benchmarks/bench_audit.py``, medians of 7, three runs each)."""
    names = [f.name for f in fields(cls)]
    assert len(names) > 1, "attrgetter of one name gives the value, not a tuple"
    values = attrgetter(*names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return type(self), values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 - mypy refuses a method assigned
    return cls


STATUSES = tuple(Status)
SEVERITIES = tuple(Severity)
_STATUS = {s: i for i, s in enumerate(STATUSES)}
_SEVERITY = {s: i for i, s in enumerate(SEVERITIES)}

# One finding of an outline, in one integer: its unit (index among the portfolio's units, normally
# 0), its rule (index among the rules numbered), whether its deadline's report was received (for
# the roll-ups: late rather than missing), status and severity.
UNIT_SHIFT, RULE_SHIFT, RECEIVED_SHIFT, STATUS_SHIFT = 40, 7, 6, 3
BELOW_UNIT = (1 << UNIT_SHIFT) - 1
RULE_MASK = ((1 << (UNIT_SHIFT - RULE_SHIFT)) - 1) << RULE_SHIFT


@sent_whole
@dataclass(frozen=True, slots=True)
class Outline:
    """What is counted of a portfolio's findings: one code per finding (see the module), the rule
    ids the codes number, the position of each rule's first finding, the units the codes number:
    (unit id, school year), name, place; and for each unit, its findings by status (in the order
    of :class:`Status`), so that the parent counts a unit's findings in one step."""

    codes: array[int]
    rules: tuple[str, ...]
    firsts: tuple[int, ...]
    units: tuple[tuple[Key, str | None, Place], ...]
    statuses: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> Outline:
        codes = array("q")
        rules: dict[str, int] = {}
        firsts: list[int] = []
        units: dict[Key, int] = {}
        described: list[tuple[Key, str | None, Place]] = []
        statuses: list[list[int]] = []
        for position, f in enumerate(findings):
            unit = (f.unit_id, f.school_year)
            u = units.get(unit)
            if u is None:
                u = units[unit] = len(described)
                described.append((unit, f.unit_name, Place.of(f)))
                statuses.append([0] * len(STATUSES))
            status = _STATUS[f.status]
            statuses[u][status] += 1
            r = rules.get(f.rule_id)
            if r is None:
                r = rules[f.rule_id] = len(firsts)
                firsts.append(position)
            deadline = f.deadline
            codes.append(
                u << UNIT_SHIFT
                | r << RULE_SHIFT
                | (deadline is not None and deadline.received is not None) << RECEIVED_SHIFT
                | status << STATUS_SHIFT
                | _SEVERITY[f.severity]
            )
        return cls(codes, tuple(rules), tuple(firsts), tuple(described), tuple(map(tuple, statuses)))

    def renumbered(self, numbers: Sequence[int]) -> array[int]:
        """The codes with each rule's number replaced by ``numbers[its number here]``."""
        if all(n == i for i, n in enumerate(numbers)):
            return self.codes
        keep = ~RULE_MASK
        return array(
            "q", [c & keep | numbers[(c & RULE_MASK) >> RULE_SHIFT] << RULE_SHIFT for c in self.codes]
        )


@sent_whole
@dataclass(frozen=True, slots=True)
class Packed:
    """A portfolio's findings, encoded (``data``: the records one after another, of ``lengths``),
    and their outline. Sized like the list of findings it stands for."""

    data: bytes
    lengths: array[int]
    outline: Outline

    def __len__(self) -> int:
        return len(self.lengths)

    def record(self, position: int) -> bytes:
        """The encoded record of the finding at ``position``."""
        start = sum(self.lengths[:position])
        return self.data[start : start + self.lengths[position]]


def pack(findings: Sequence[Finding], encode: Callable[[Finding], bytes]) -> Packed:
    """``findings`` encoded with ``encode`` (:class:`compliance.finding_records.FindingCodec`), and
    outlined."""
    records = [encode(f) for f in findings]
    return Packed(b"".join(records), array("q", map(len, records)), Outline.of(findings))


__all__ = ["Outline", "Packed", "pack", "sent_whole"]
