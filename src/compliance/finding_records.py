"""The record format of a finding: how an audit spools its findings and how a worker process
sends them to its parent (:class:`compliance.records.Spool`, :mod:`compliance.audit.packed`).

A finding is written as a ``marshal`` of plain values — strings, numbers, tuples, lists and the
JSON values of its evidence — with its status and severity as numbers, its texts as (vi, en)
pairs and its dates as day numbers. The parts every finding of a rule shares (pack, kind, title,
severity, citation, remedy: :data:`compliance.judge.SHARED_FIELDS`) are left out when they are
those of the rule in the table the codec is given (:func:`compliance.judge.shared`, built from
the rule packs), so that a record does not depend on the process that wrote it: a worker's
records are read by the parent, whose table is built from the same packs. Parts that differ,
or a rule not in the table (the engine's own ``compliance/…`` findings), are written out.

``marshal`` is several times faster than ``pickle`` both ways on these values (measured on the
examples' findings: ``benchmarks/bench_audit.py``), and is safe here because a spool only ever
reads the records it or a worker of the same audit wrote. A record that ``marshal`` cannot
write (an evidence value that is not plain data, given through the Python API) is pickled
instead; its first byte says which.
"""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from collections.abc import Mapping
from typing import Any

from compliance.findings import (
    DeadlineDetail,
    Evidence,
    Finding,
    SourceCitation,
    Status,
    UnitPlace,
    WaiverInfo,
)
from compliance.i18n import Text
from compliance.records import Codec
from compliance.severity import Severity

_STATUSES = tuple(Status)
_SEVERITIES = tuple(Severity)
_STATUS = {s: i for i, s in enumerate(_STATUSES)}
_SEVERITY = {s: i for i, s in enumerate(_SEVERITIES)}
_MARSHAL, _PICKLE = b"M", b"P"
_VERSION = 4  # marshal's format version (stable since Python 3.4)

_new = object.__new__
_set = object.__setattr__

Parts = tuple[Any, ...]  # a rule's shared parts, in the order of compliance.judge.SHARED_FIELDS


def _text(vi: str, en: str) -> Text:
    """A :class:`Text` that was made (and validated) once, rebuilt: a dataclass, it is not
    validated when built."""
    return Text(vi=vi, en=en)


def _pair(t: Text | None) -> tuple[str, str] | None:
    return None if t is None else (t.vi, t.en)


def _unpair(p: tuple[str, str] | None) -> Text | None:
    return None if p is None else _text(*p)


def _day(d: dt.date | None) -> int | None:
    return None if d is None else d.toordinal()


def _undate(n: int | None) -> dt.date | None:
    return None if n is None else dt.date.fromordinal(n)


def _frozen(cls: type, **values: Any) -> Any:
    obj: Any = _new(cls)
    for name, value in values.items():
        _set(obj, name, value)
    return obj


class FindingCodec(Codec[Finding]):
    """Findings to records and back (see the module); ``table``: each rule's shared parts, by id."""

    def __init__(self, table: Mapping[str, Parts]) -> None:
        self.table = table
        self._places: dict[tuple[Any, ...], UnitPlace] = {}  # one instance per place read back

    def encode(self, f: Finding) -> bytes:
        entry = self.table.get(f.rule_id)
        own = (f.pack, f.kind, f.title, f.severity, f.source, f.remediation)
        if entry is not None and own == entry:  # item by item, each the same object or equal
            parts = None
        else:
            source = f.source
            parts = (
                f.pack,
                f.kind,
                _pair(f.title),
                _SEVERITY[f.severity],
                None
                if source is None
                else (source.document, source.section, source.quote, _pair(source.plan)),
                _pair(f.remediation),
            )
        place = f.place
        d = f.deadline
        w = f.waiver_detail
        values = (
            f.unit_id,
            f.unit_name,
            f.unit_type,
            None if place is None else (place.province, place.district, place.school_levels),
            f.school_year,
            f.rule_id,
            parts,
            _STATUS[f.status],
            f.message.vi,
            f.message.en,
            [(e.document, e.pointer, e.line, e.column, e.value, e.cell) for e in f.evidence],
            None
            if d is None
            else (
                _day(d.due),
                d.reading,
                _day(d.last_allowed_day),
                _day(d.shifted_from),
                _day(d.received),
                d.days_late,
                d.printed,
                _pair(d.correction),
            ),
            [(n.vi, n.en) for n in f.notes],
            f.waiver,
            None if w is None else (w.reason, w.legal_basis, w.approved_by, _day(w.starts), _day(w.expires)),
        )
        try:
            return _MARSHAL + marshal.dumps(values, _VERSION)
        except ValueError:  # a value marshal cannot write
            return _PICKLE + pickle.dumps(values, pickle.HIGHEST_PROTOCOL)

    def decode(self, data: bytes | memoryview) -> Finding:
        body = data[1:]
        values = marshal.loads(body) if data[:1] == _MARSHAL else pickle.loads(body)  # our own records
        (
            unit_id,
            unit_name,
            unit_type,
            place,
            year,
            rule_id,
            parts,
            status,
            vi,
            en,
            evidence,
            d,
            notes,
            waiver,
            w,
        ) = values
        if parts is None:
            pack, kind, title, severity, source, remediation = self.table[rule_id]
        else:
            pack, kind, title, severity, source, remediation = parts
            title, severity, remediation = _text(*title), _SEVERITIES[severity], _text(*remediation)
            if source is not None:
                document, section, quote, plan = source
                source = _frozen(
                    SourceCitation, document=document, section=section, quote=quote, plan=_unpair(plan)
                )
        f: Finding = _new(Finding)
        f.unit_id = unit_id
        f.unit_name = unit_name
        f.unit_type = unit_type
        f.place = None if place is None else self._place(place)
        f.school_year = year
        f.rule_id = rule_id
        f.pack = pack
        f.kind = kind
        f.title = title
        f.severity = severity
        f.status = _STATUSES[status]
        f.message = _text(vi, en)
        f.evidence = [_evidence(*e) for e in evidence]
        f.source = source
        f.remediation = remediation
        f.deadline = None if d is None else _deadline(*d)
        f.notes = [_text(a, b) for a, b in notes]
        f.waiver = waiver
        f.waiver_detail = (
            None
            if w is None
            else _frozen(
                WaiverInfo,
                reason=w[0],
                legal_basis=w[1],
                approved_by=w[2],
                starts=_undate(w[3]),
                expires=_undate(w[4]),
            )
        )
        return f

    def _place(self, values: tuple[Any, ...]) -> UnitPlace:
        place = self._places.get(values)
        if place is None:
            province, district, levels = values
            place = _frozen(UnitPlace, province=province, district=district, school_levels=tuple(levels))
            if len(self._places) < 100_000:
                self._places[values] = place
        return place


def _evidence(
    document: str, pointer: str, line: int | None, column: int | None, value: Any, cell: str | None
) -> Evidence:
    e: Evidence = _new(Evidence)
    e.document, e.pointer, e.line, e.column, e.value, e.cell = document, pointer, line, column, value, cell
    return e


def _deadline(
    due: int,
    reading: Any,
    last: int,
    shifted: int | None,
    received: int | None,
    days_late: int | None,
    printed: str | None,
    correction: tuple[str, str] | None,
) -> DeadlineDetail:
    d: DeadlineDetail = _new(DeadlineDetail)
    d.due = dt.date.fromordinal(due)
    d.reading = reading
    d.last_allowed_day = dt.date.fromordinal(last)
    d.shifted_from = _undate(shifted)
    d.received = _undate(received)
    d.days_late = days_late
    d.printed = printed
    d.correction = _unpair(correction)
    return d


__all__ = ["FindingCodec", "Parts"]
