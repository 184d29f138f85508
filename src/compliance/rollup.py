"""Roll-ups: an audit's findings counted per province, district, unit type and school level.

Each finding carries its unit's place as the unit's documents state it (or, for a roster unit
that sent nothing, as the roster does): ``place`` (:class:`~compliance.findings.UnitPlace`:
``province``, ``district`` as written, ``school_levels``). :class:`Rollups` counts findings as an audit collects them, by the unit's
:class:`Place` (the combinations are few, however many units there are), and gives the
:class:`~compliance.findings.Rollup` of each dimension at the end, so memory does not grow with
the findings.

The rules (docs/audit.md, "Roll-ups"):

* every unit is in exactly one province, one district and one unit type group; a unit that does
  not state its province or district is in the group "(không rõ) / (unknown)" (key ``null``),
  never dropped. Places are grouped on :func:`~compliance.textnorm.place_key` ("Hoà Bình" and
  "Hòa Bình" are one province) and shown as first written; a district is keyed with its province
  (``"hà nội/cầu giấy"``: two provinces may have districts of the same name);
* for these three dimensions the groups' counts sum to the audit's totals (units, findings, each
  status, each severity);
* a unit is in the group of *each* of its school levels (a multi-level school counts once in
  each), and a unit with none (an office) in "(không có cấp học)": the level dimension is marked
  ``overlapping``, and its groups sum to the totals weighted by the number of levels of each unit
  (one for a unit with none);
* the counts include the roster units that sent nothing (their findings are in the audit), so a
  rate per rule has them in its denominator; ``units_missing`` says how many there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from compliance.fieldtypes import label, report_type
from compliance.findings import (
    Finding,
    ReportCounts,
    Rollup,
    RollupDimension,
    RollupGroup,
    Status,
    UnitPlace,
    rate_of,
)
from compliance.i18n import Text
from compliance.severity import Severity
from compliance.textnorm import place_key

if TYPE_CHECKING:
    from compliance.portfolio import Unit

DIMENSIONS: tuple[RollupDimension, ...] = tuple(RollupDimension)
DIMENSION_LABELS: dict[RollupDimension, Text] = {
    RollupDimension.province: Text(vi="Tỉnh/thành phố", en="Province"),
    RollupDimension.district: Text(vi="Quận/huyện", en="District"),
    RollupDimension.unit_type: Text(vi="Loại đơn vị", en="Unit type"),
    RollupDimension.level: Text(vi="Cấp học", en="School level"),
}
UNKNOWN = Text(vi="(không rõ)", en="(unknown)")
NO_LEVEL = Text(vi="(không có cấp học)", en="(no school level)")  # an office, a commune: not a school

_STATUSES = tuple(Status)
_SEVERITIES = tuple(Severity)
_FAIL, _ERROR, _PASS, _PENDING = (
    _STATUSES.index(s) for s in (Status.fail, Status.error, Status.pass_, Status.pending)
)


class Place(NamedTuple):
    """Where a unit is, as its findings say: what its roll-up groups are made of."""

    unit_type: str
    province: str | None
    district: str | None
    levels: tuple[str, ...]

    @classmethod
    def of(cls, f: Finding) -> Place:
        p = f.place
        if p is None:
            return cls(f.unit_type, None, None, ())
        return cls(f.unit_type, p.province or None, p.district or None, tuple(p.school_levels))


@lru_cache(maxsize=4096)
def unit_place(unit: Unit) -> UnitPlace:
    """The place findings carry for ``unit``: one instance for all the findings of a unit (a
    finding is kept small: a district audit holds thousands in memory before it spools them)."""
    return _place(unit.province_name, unit.district_name, unit.levels)


@lru_cache(maxsize=4096)  # a frozenset and text: hashes kept, so a look-up costs less than a new place
def _place(province: str | None, district: str | None, levels: frozenset[str]) -> UnitPlace:
    return UnitPlace(province=province, district=district, school_levels=tuple(sorted(levels)))


def groups_of(place: Place) -> Iterator[tuple[RollupDimension, str | None, Text]]:
    """The (dimension, key, label) of every group the unit at ``place`` is in."""
    province = place_key(place.province) if place.province else None
    yield RollupDimension.province, province, _named(place.province)
    if place.district:
        key = f"{province or ''}/{place_key(place.district)}"
        shown = f"{place.district}, {place.province}" if place.province else place.district
        yield RollupDimension.district, key, Text(vi=shown, en=shown)
    else:
        yield RollupDimension.district, None, UNKNOWN
    vi, en = label(("submitter", "unit_type"), place.unit_type)
    yield RollupDimension.unit_type, place.unit_type, Text(vi=vi, en=en)
    for level in place.levels or (None,):
        if level is None:
            yield RollupDimension.level, None, NO_LEVEL
        else:
            vi, en = label(("submitter", "school_levels"), level)
            yield RollupDimension.level, level, Text(vi=vi, en=en)


def _named(name: str | None) -> Text:
    return Text(vi=name, en=name) if name else UNKNOWN


@dataclass(slots=True)
class _Group:
    label: Text
    units: int = 0
    missing: int = 0
    rules: dict[str, list[int]] = field(default_factory=dict)  # rule id → counts by status
    severity: list[int] = field(default_factory=lambda: [0] * len(_SEVERITIES))
    failing: list[int] = field(default_factory=lambda: [0] * len(_SEVERITIES))
    reports: list[int] = field(default_factory=lambda: [0] * 4)  # on time, late, missing, pending


class Counted(NamedTuple):
    """What a roll-up counts of one finding."""

    rule_id: str
    status: int  # index in Status
    severity: int  # index in Severity
    received: bool  # a deadline's report was received (late, when the finding fails)


class Rollups:
    """Roll-up counts kept as an audit's units and findings are added (see the module)."""

    def __init__(self) -> None:
        self._places: dict[Place, int] = {}
        self._units: list[int] = []  # per place: units
        self._missing: list[int] = []  # per place: roster units that sent nothing
        self._counts: Counter[tuple[int, Counted]] = Counter()

    def place(self, place: Place) -> int:
        """The number of ``place`` (to count findings at it)."""
        index = self._places.get(place)
        if index is None:
            index = self._places[place] = len(self._units)
            self._units.append(0)
            self._missing.append(0)
        return index

    def unit(self, place: int, *, sent_nothing: bool = False) -> None:
        """Count a unit (a unit id and school year) at ``place``."""
        self._units[place] += 1
        self._missing[place] += sent_nothing

    def count(self, place: int, finding: Counted, n: int = 1) -> None:
        self._counts[place, finding] += n

    def add(self, f: Finding) -> None:
        """Count one finding (its unit counted with :meth:`unit` apart)."""
        received = f.deadline is not None and f.deadline.received is not None
        status, severity = _STATUSES.index(f.status), _SEVERITIES.index(f.severity)
        self.count(self.place(Place.of(f)), Counted(f.rule_id, status, severity, received))

    def result(self, rules: Mapping[str, Finding]) -> list[Rollup]:
        """The roll-up of every dimension; ``rules``: the first finding of each rule (its title and
        kind), in the order rules are listed."""
        groups: dict[RollupDimension, dict[str | None, _Group]] = {d: {} for d in DIMENSIONS}
        at: dict[int, list[_Group]] = {}
        for place, index in self._places.items():
            if not self._units[index]:  # seen, then replaced (a portfolio checked again)
                continue
            mine = at[index] = []
            for dimension, key, shown in groups_of(place):
                group = groups[dimension].get(key)
                if group is None:
                    group = groups[dimension][key] = _Group(shown)
                group.units += self._units[index]
                group.missing += self._missing[index]
                mine.append(group)
        deadline = {rule_id for rule_id, f in rules.items() if f.kind == "deadline"}
        for (index, one), n in self._counts.items():
            report = _report(one) if one.rule_id in deadline else None
            for group in at[index]:
                row = group.rules.get(one.rule_id)
                if row is None:
                    row = group.rules[one.rule_id] = [0] * len(_STATUSES)
                row[one.status] += n
                group.severity[one.severity] += n
                if one.status in (_FAIL, _ERROR):
                    group.failing[one.severity] += n
                if report is not None:
                    group.reports[report] += n
        order = {rule_id: i for i, rule_id in enumerate(rules)}
        return [
            Rollup(
                dimension=d,
                label=DIMENSION_LABELS[d],
                overlapping=d is RollupDimension.level,
                groups=[
                    _model(key, groups[d][key], rules, order)
                    for key in sorted(groups[d], key=lambda k: _rank(d, k))
                ],
            )
            for d in DIMENSIONS
        ]


def _report(one: Counted) -> int | None:
    """Which of on time, late, missing, pending a deadline finding is (None: none, e.g. waived)."""
    if one.status == _PASS:
        return 0
    if one.status == _FAIL:
        return 1 if one.received else 2
    if one.status == _PENDING:
        return 3
    return None


def _codes(*path: str) -> dict[str, int]:
    """The codes of a field of the report schema, in the schema's order."""
    node = report_type().resolve(path)
    node = node.item if node is not None and node.item is not None else node
    return {code: i for i, code in enumerate(node.labels if node is not None else ())}


def _rank(dimension: RollupDimension, key: str | None) -> tuple[int, int, str]:
    """Groups in a stable order: places by their key, unit types and levels in the schema's
    order; "(không rõ)" last."""
    if key is None:
        return (1, 0, "")
    if dimension is RollupDimension.unit_type:
        return (0, _codes("submitter", "unit_type").get(key, 99), key)
    if dimension is RollupDimension.level:
        return (0, _codes("submitter", "school_levels").get(key, 99), key)
    return (0, 0, key)


def _model(
    key: str | None, group: _Group, rules: Mapping[str, Finding], order: dict[str, int]
) -> RollupGroup:
    total = [sum(col) for col in zip(*group.rules.values(), strict=True)] or [0] * len(_STATUSES)
    listed = sorted(group.rules, key=lambda r: order.get(r, len(order)))
    on_time, late, missing, pending = group.reports
    return RollupGroup(
        key=key,
        label=group.label,
        units=group.units,
        units_missing=group.missing,
        total=rate_of(key or "", group.label, total),
        by_severity={s.value: n for s, n in zip(_SEVERITIES, group.severity, strict=True)},
        failing_by_severity={s.value: n for s, n in zip(_SEVERITIES, group.failing, strict=True)},
        reports=ReportCounts(on_time=on_time, late=late, missing=missing, pending=pending),
        per_rule=[rate_of(r, rules[r].title if r in rules else None, group.rules[r]) for r in listed],
    )


def rollups_of(findings: Iterable[Finding], sent_nothing: Collection[tuple[str, str]] = ()) -> list[Rollup]:
    """The roll-ups of ``findings`` (each unit and school year counted once), for a result that
    was not collected by an audit; ``sent_nothing``: the (unit id, school year) of roster units
    that sent nothing."""
    counter = Rollups()
    first: dict[str, Finding] = {}
    seen: set[tuple[str, str]] = set()
    for f in findings:
        first.setdefault(f.rule_id, f)
        unit = (f.unit_id, f.school_year)
        if unit not in seen:
            seen.add(unit)
            counter.unit(counter.place(Place.of(f)), sent_nothing=unit in sent_nothing)
        counter.add(f)
    return counter.result(first)
