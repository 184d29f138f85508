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

from compliance.audit.portfolios import Done
from compliance.audit.sniff import Key
from compliance.findings import DocumentInfo, Finding, Rate, Rollup, Status, Tally
from compliance.i18n import Text
from compliance.records import SPOOL_AFTER, Records, Spool
from compliance.rollup import Counted, Place, Rollups
from compliance.severity import Severity
from compliance.waivers import Use, Waiver, Waivers

_STATUSES = tuple(Status)
_SEVERITIES = tuple(Severity)
_STATUS = {s: i for i, s in enumerate(_STATUSES)}
_SEVERITY = {s: i for i, s in enumerate(_SEVERITIES)}
# A finding of the skeleton: its unit (index among the portfolio's units, normally 0), its rule
# (index among the rules seen), whether its deadline's report was received (for the roll-ups:
# late rather than missing), status and severity, in one integer.
_UNIT_SHIFT, _RULE_SHIFT, _RECEIVED_SHIFT, _STATUS_SHIFT = 40, 7, 6, 3
_BELOW_UNIT = (1 << _UNIT_SHIFT) - 1


@dataclasses.dataclass(slots=True)
class _Kept:
    item: Done  # what stays in memory: the portfolio's Done without its findings
    positions: range  # where its findings are in the spool
    documents: range  # where its document summaries are in theirs
    units: list[tuple[Key, str | None, int]]  # the units of its findings (one, normally): name, place
    skeleton: array[int]
    use: Use | None  # what its findings made of the waivers (None: no waiver matched one)


class Collector:
    """Findings of the portfolios of one audit, spooled as they come (see the module)."""

    def __init__(
        self, *, as_of: dt.date, waivers: Sequence[Waiver] = (), spool_after: int | None = SPOOL_AFTER
    ) -> None:
        self.as_of = as_of
        self.waivers = Waivers(waivers)
        self.spool_after = spool_after
        # A rule's title, citation and remedy are the same in each of its findings, and a unit's
        # place in each of the unit's (and of the units of the same place): stored once.
        self.findings = Spool(Finding, limit=spool_after, intern=("title", "source", "remediation", "place"))
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
        use = Use() if self.waivers else None
        findings = self.waivers.apply(item.findings, self.as_of, use) if self.waivers else item.findings
        units: list[tuple[Key, str | None, int]] = []
        skeleton = array("q")
        index: dict[Key, int] = {}
        for f in findings:
            unit = (f.unit_id, f.school_year)
            u = index.get(unit)
            if u is None:
                u = index[unit] = len(units)
                units.append((unit, f.unit_name, self._rollups.place(Place.of(f))))
            r = self._rules.get(f.rule_id)
            if r is None:
                r = self._rules[f.rule_id] = len(self._rule_ids)
                self._rule_ids.append(f.rule_id)
                self._first[f.rule_id] = f
            skeleton.append(
                u << _UNIT_SHIFT
                | r << _RULE_SHIFT
                | (f.deadline is not None and f.deadline.received is not None) << _RECEIVED_SHIFT
                | _STATUS[f.status] << _STATUS_SHIFT
                | _SEVERITY[f.severity]
            )
        positions = self.findings.extend(findings)
        documents = self.documents.extend(item.documents)
        slim = dataclasses.replace(item, findings=[], documents=self.documents.records(documents))
        self._kept[item.key] = _Kept(slim, positions, documents, units, skeleton, use if use else None)
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
        for key in sorted(done):
            item = done[key]
            kept = self._kept.get(key)
            if kept is None or kept.item is not item:  # not evaluated, or a roster unit that sent nothing
                self._spool(item)
                kept = self._kept[key]
            order.extend(kept.positions)
            documents.extend(kept.documents)
            for unit, _, place in kept.units:
                if unit not in counted:
                    counted.add(unit)
                    self._rollups.unit(place, sent_nothing=unit in sent_nothing)
            for code in kept.skeleton:
                unit, name, place = kept.units[code >> _UNIT_SHIFT]
                at_place[place << _UNIT_SHIFT | code & _BELOW_UNIT] += 1
                tally.count(
                    unit,
                    name,
                    self._rule_ids[(code >> _RULE_SHIFT) & ((1 << (_UNIT_SHIFT - _RULE_SHIFT)) - 1)],
                    _STATUSES[(code >> _STATUS_SHIFT) & 7],
                    _SEVERITIES[code & 7],
                )
        findings = self.findings.records(order)
        findings.cached("tally", lambda _: tally)
        return findings, self.documents.records(documents), tally

    def waiver_notes(self, done: Mapping[Key, Done]) -> list[Text]:
        """What the waivers did across the portfolios of ``done`` (after :meth:`records`): a note for
        each waiver that excused no finding of any of them (:meth:`Waivers.notes`)."""
        if not self.waivers:
            return []
        use = Use()
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
            rule_id = self._rule_ids[(code & _BELOW_UNIT) >> _RULE_SHIFT]
            received = bool(code >> _RECEIVED_SHIFT & 1)
            counted = Counted(rule_id, code >> _STATUS_SHIFT & 7, code & 7, received)
            self._rollups.count(code >> _UNIT_SHIFT, counted, n)
        self._at_place.clear()
        return self._rollups.result(self._first)

    def rates(self, tally: Tally) -> Records[Rate]:
        """The per-unit counts of ``tally``, spooled like the findings (a district has many units)."""
        spool = Spool(Rate, limit=self.spool_after)
        spool.extend(tally.iter_rates("unit"))
        return spool.records()
