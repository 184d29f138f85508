"""How the parent of an audit keeps what its workers send back, in bounded memory.

Each portfolio's findings and document summaries are spooled as they arrive
(:class:`compliance.records.Spool`: in memory while few, then a temporary file), the waivers
applied to the findings (what each portfolio made of them is kept, for
:meth:`Collector.waiver_notes`); what stays in memory per portfolio is its
:class:`~compliance.audit.portfolios.Done` without its findings and with a view of its documents
in the spool, and a skeleton of the findings (rule, status and severity of each, packed in one
integer), from which the counts of the result are made. When the audit is over, :meth:`Collector.records` gives the findings and the document
summaries in the result's order (unit, school year), with their :class:`~compliance.findings.Tally`,
without reading the findings back. A portfolio checked again in the parent (a document found in
the wrong portfolio) or a roster unit that sent nothing is spooled then.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from itertools import repeat
from operator import or_
from typing import TYPE_CHECKING

from compliance.audit.packed import (
    BELOW_UNIT,
    RECEIVED_SHIFT,
    RULE_MASK,
    RULE_SHIFT,
    SEVERITIES,
    STATUS_SHIFT,
    STATUSES,
    UNIT_SHIFT,
    Outline,
    Packed,
)
from compliance.audit.portfolios import Done
from compliance.audit.sniff import Key
from compliance.finding_records import FindingCodec, Parts
from compliance.findings import DocumentInfo, Finding, Rate, Rollup, Tally
from compliance.i18n import Text
from compliance.records import SPOOL_AFTER, Records, Spool
from compliance.rollup import Counted, Rollups

if TYPE_CHECKING:  # pydantic, which compliance.waivers imports, only when there are waivers
    from compliance.waivers import Use, Waiver, Waivers

_STATUS_AND_SEVERITY = (1 << RECEIVED_SHIFT) - 1  # the low bits of a code, below "received"

# The skeleton of a portfolio's findings is its outline (:class:`~compliance.audit.packed.Outline`),
# the rules numbered among all the rules seen.


@dataclasses.dataclass(slots=True)
class _Kept:
    item: Done  # what stays in memory: the portfolio's Done without its findings
    positions: range  # where its findings are in the spool
    documents: range  # where its document summaries are in theirs
    units: list[tuple[Key, str | None, int]]  # the units of its findings (one, normally): name, place
    statuses: tuple[tuple[int, ...], ...]  # each unit's findings by status
    rules: tuple[int, ...]  # the numbers of its findings' rules, in the order they first come
    skeleton: array[int]
    use: Use | None  # what its findings made of the waivers (None: no waiver matched one)


class Collector:
    """Findings of the portfolios of one audit, spooled as they come (see the module)."""

    def __init__(
        self,
        *,
        as_of: dt.date,
        waivers: Sequence[Waiver] = (),
        spool_after: int | None = SPOOL_AFTER,
        shared: Mapping[str, Parts] | None = None,
    ) -> None:
        self.as_of = as_of
        self.waivers: Waivers | None = None
        if waivers:  # a waivers file's model is pydantic's: ~50 ms of start-up an audit without pays not
            from compliance.waivers import Waivers  # noqa: PLC0415

            self.waivers = Waivers(waivers)
        self.spool_after = spool_after
        # A rule's title, citation and remedy are the same in each of its findings: stored once
        # (``shared``: compliance.judge.shared, the table the workers' records were written with).
        self.findings = Spool(Finding, limit=spool_after, codec=FindingCodec(shared or {}))
        self.documents = Spool(DocumentInfo, limit=spool_after)
        self._kept: dict[Key, _Kept] = {}
        self._rules: dict[str, int] = {}
        self._rule_ids: list[str] = []
        self._first: dict[str, Finding] = {}
        self._rollups = Rollups()
        self._at_place: Counter[int] = Counter()  # skeleton codes, their unit replaced by its place

    def keep(self, item: Done) -> Done:
        """Spool the findings of ``item`` (waivers applied); what to keep of it instead. A
        portfolio that could not be evaluated is kept whole (it is rare, and the audit still
        looks at its findings); it is spooled with the others at the end."""
        if item.failure is not None:
            self._kept.pop(item.key, None)
            return item
        return self._spool(item)

    def _spool(self, item: Done) -> Done:
        findings = item.findings
        waivers = self.waivers
        use = _new_use() if waivers is not None else None
        if (
            isinstance(findings, Packed)
            and waivers is not None
            and waivers.concern(unit for (unit, _), _, _ in findings.outline.units)
        ):
            findings = list(self.findings.decoded(findings.data, findings.lengths))
        if isinstance(findings, Packed):  # as its worker sent them: kept as they are, never read
            outline = findings.outline
            positions = self.findings.extend_encoded(findings.data, findings.lengths)
        else:
            if waivers is not None:
                findings = waivers.apply(findings, self.as_of, use)
            outline = Outline.of(findings)
            positions = self.findings.extend(findings)
        numbers = []
        for rule_id, first in zip(outline.rules, outline.firsts, strict=True):
            r = self._rules.get(rule_id)
            if r is None:  # a rule seen first here: its first finding gives its title (rare)
                r = self._rules[rule_id] = len(self._rule_ids)
                self._rule_ids.append(rule_id)
                self._first[rule_id] = self.findings.get(positions[first])
            numbers.append(r)
        skeleton = outline.renumbered(numbers)
        units = [(unit, name, self._rollups.place(place)) for unit, name, place in outline.units]
        documents = self.documents.extend(item.documents)
        slim = dataclasses.replace(item, findings=[], documents=self.documents.records(documents))
        self._kept[item.key] = _Kept(
            slim,
            positions,
            documents,
            units,
            outline.statuses,
            tuple(numbers),
            skeleton,
            use if use else None,
        )
        return slim

    def records(
        self, done: Mapping[Key, Done], sent_nothing: Collection[Key] = ()
    ) -> tuple[Records[Finding], Records[DocumentInfo], Tally]:
        """The findings and the document summaries of ``done``, in the order of its keys, and the
        tally of the findings; their roll-ups are then :meth:`rollups` (``sent_nothing``: the
        roster units that sent nothing)."""
        order, documents = array("q"), array("q")
        tally = Tally()
        tally.first = self._first
        counted: set[Key] = set()
        at_place = self._at_place
        by_code: Counter[int] = Counter()  # codes without their unit: rule, received, status, severity
        rule_order: dict[int, None] = {}  # the rules' numbers, in the order their first findings come
        for key in sorted(done):
            item = done[key]
            kept = self._kept.get(key)
            if kept is None or kept.item is not item:  # not evaluated, or a roster unit that sent nothing
                self._spool(item)
                kept = self._kept[key]
            order.extend(kept.positions)
            documents.extend(kept.documents)
            rule_order.update(dict.fromkeys(kept.rules))
            for (unit, name, place), by_status in zip(kept.units, kept.statuses, strict=True):
                tally.count_unit(unit, name, by_status)
                if unit not in counted:
                    counted.add(unit)
                    self._rollups.unit(place, sent_nothing=unit in sent_nothing)
            codes = kept.skeleton
            if len(kept.units) == 1:  # one unit, numbered 0: each code is counted as it is, in C
                at_place.update(map(or_, codes, repeat(kept.units[0][2] << UNIT_SHIFT)))
                by_code.update(codes)
            else:
                for code in codes:
                    place = kept.units[code >> UNIT_SHIFT][2]
                    at_place[place << UNIT_SHIFT | code & BELOW_UNIT] += 1
                    by_code[code & BELOW_UNIT] += 1
        counts: dict[int, list[tuple[int, int]]] = {r: [] for r in rule_order}
        for code, n in by_code.items():
            counts[(code & RULE_MASK) >> RULE_SHIFT].append((code & _STATUS_AND_SEVERITY, n))
        for r, found in counts.items():  # each rule's counts, the rules in first-seen order
            for code, n in found:
                tally.count_rule(self._rule_ids[r], STATUSES[code >> STATUS_SHIFT], SEVERITIES[code & 7], n)
        findings = self.findings.records(order)
        findings.cached("tally", lambda _: tally)
        return findings, self.documents.records(documents), tally

    def waiver_notes(self, done: Mapping[Key, Done]) -> list[Text]:
        """What the waivers did across the portfolios of ``done`` (after :meth:`records`): a note for
        each waiver that excused no finding of any of them (:meth:`Waivers.notes`)."""
        if self.waivers is None:
            return []
        use = _new_use()
        units: set[str] = set()
        for key in done:
            kept = self._kept.get(key)
            if kept is None:  # not spooled: records() was not called
                continue
            units.update(unit for (unit, _), _, _ in kept.units)
            if kept.use is not None:
                use.merge(kept.use)
        return self.waivers.notes(use, self.as_of, units, self._rule_ids)

    def rollups(self) -> list[Rollup]:
        """The roll-ups of the findings given by :meth:`records` (:mod:`compliance.rollup`)."""
        for code, n in self._at_place.items():
            rule_id = self._rule_ids[(code & BELOW_UNIT) >> RULE_SHIFT]
            received = bool(code >> RECEIVED_SHIFT & 1)
            counted = Counted(rule_id, code >> STATUS_SHIFT & 7, code & 7, received)
            self._rollups.count(code >> UNIT_SHIFT, counted, n)
        self._at_place.clear()
        return self._rollups.result(self._first)

    def rates(self, tally: Tally) -> Records[Rate]:
        """The per-unit counts of ``tally``, spooled like the findings (a district has many units)."""
        spool = Spool(Rate, limit=self.spool_after)
        spool.extend(tally.iter_rates("unit"))
        return spool.records()


def _new_use() -> Use:
    """What a portfolio's findings make of the waivers, to be filled (there are waivers, so
    compliance.waivers is imported already)."""
    from compliance.waivers import Use  # noqa: PLC0415 - see Collector

    return Use()
