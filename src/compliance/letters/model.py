"""What a reminder letter says: the units that have something to do, and for each the obligations
it fails or could not show, read from an audit's findings (through their attributes only).

A unit gets a letter when one of its findings is ``fail`` or ``error``, or when it is a roster
unit that sent nothing (``audit.units_missing``); a unit that meets everything gets none. The
letterhead (office, place, date, signer) is the inspector's; nothing here is guessed from the
findings but the place, when every unit of the audit names the same district.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from compliance.calendar import DEFAULT_CALENDAR
from compliance.findings import SEVERITY_LABELS, CheckResult, Finding, Status, reading_order
from compliance.waivers import Waiver

# How long a unit is given to answer when --reply-by is not said: working days after the letter.
REPLY_WORKING_DAYS = 10

DEFAULT_OFFICE = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
DEFAULT_SYMBOL = "PGDĐT"
DEFAULT_SIGNER_TITLE = "TRƯỞNG PHÒNG"
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9.-]")
UNKNOWN_PLACE = "……"  # the place line's blank, as printed forms leave it, for the officer to fill in


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The issuing office's part of every letter (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    date: dt.date
    office: str = DEFAULT_OFFICE  # cơ quan ban hành, printed in capitals
    superior: str | None = None  # cơ quan chủ quản, above it
    place: str | None = None  # địa danh; None: the units' district when they share one
    signer: str | None = None  # the signer's name, under the space for the signature
    signer_title: str = DEFAULT_SIGNER_TITLE
    symbol: str = DEFAULT_SYMBOL  # viết tắt tên cơ quan in "Số: …/PGDĐT-…"
    reply_by: dt.date | None = None  # None: REPLY_WORKING_DAYS working days after ``date``


@dataclass(frozen=True, slots=True)
class Obligation:
    """One obligation the unit fails (or could not show), with the plan's words."""

    rule_id: str
    title: str
    severity: str
    status: Status
    plan: str | None
    section: str | None
    quote: str | None
    finding: str  # what the check found missing, as the finding says it
    remediation: str
    due: dt.date | None = None
    last_allowed_day: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ExpiredWaiver:
    """A waiver that excused one of the unit's obligations until it expired."""

    rule_id: str
    title: str
    reason: str
    legal_basis: str
    approved_by: str
    expires: dt.date


@dataclass(frozen=True, slots=True)
class Letter:
    unit_id: str
    unit_name: str
    school_year: str
    as_of: dt.date
    head: Letterhead
    place: str
    reply_by: dt.date
    plans: tuple[str, ...]
    sent_nothing: bool
    obligations: tuple[Obligation, ...]
    expired_waivers: tuple[ExpiredWaiver, ...] = field(default=())

    @property
    def stem(self) -> str:
        """The letter's file name without suffix: the unit id and the school year, each character
        that is not a letter, a digit, '-' or '.' of the id written '_' (an id is never a path)."""
        safe = _UNSAFE_IN_NAME.sub("_", self.unit_id).lstrip(".") or "_"
        return f"{safe}_{self.school_year}"


def reply_date(day: dt.date, working_days: int = REPLY_WORKING_DAYS) -> dt.date:
    """The ``working_days``-th working day after ``day`` (weekends, holidays and make-up
    Saturdays as :mod:`compliance.calendar` knows them)."""
    left = working_days
    while left:
        day += dt.timedelta(days=1)
        if DEFAULT_CALENDAR.is_working_day(day):
            left -= 1
    return day


def _obligation(f: Finding, pack_titles: dict[str, str]) -> Obligation:
    source = f.source
    plan = None
    if source is not None and source.plan is not None:
        plan = source.plan.vi
    elif f.pack is not None:
        plan = pack_titles.get(f.pack)
    deadline = f.deadline
    return Obligation(
        rule_id=f.rule_id,
        title=f.title.vi,
        severity=SEVERITY_LABELS[f.severity].vi,
        status=f.status,
        plan=plan,
        section=source.section if source is not None else None,
        quote=source.quote if source is not None else None,
        finding=f.message.vi,
        remediation=f.remediation.vi,
        due=deadline.due if deadline is not None else None,
        last_allowed_day=deadline.last_allowed_day if deadline is not None else None,
    )


def _expired(f: Finding, waivers: Sequence[Waiver]) -> list[ExpiredWaiver]:
    """The waivers among ``waivers`` (expired ones of ``f``'s unit and rule) that are about ``f``."""
    return [
        ExpiredWaiver(
            rule_id=f.rule_id,
            title=f.title.vi,
            reason=w.reason,
            legal_basis=w.legal_basis,
            approved_by=w.approved_by,
            expires=w.expires,
        )
        for w in waivers
        if w.expires is not None and w.matches(f)
    ]


@dataclass(slots=True)
class _Unit:
    """What a letter needs of one unit's findings: only what it prints is kept, never the findings
    (a district's audit is spooled; its failing findings are not all held)."""

    name: str | None = None
    district: str | None = None
    failing: list[tuple[tuple[int, int, str], Obligation]] = field(default_factory=list)
    expired: list[ExpiredWaiver] = field(default_factory=list)


def letters_for(result: CheckResult, head: Letterhead, waivers: Iterable[Waiver] = ()) -> list[Letter]:
    """One letter per unit (and school year) with something to do, in the audit's order of units.

    ``waivers``: the audit's waivers file, whose entries that expired before the audit's as-of
    date are listed in the letter of the unit whose failing finding they used to excuse."""
    expired_by_key: dict[tuple[str, str], list[Waiver]] = {}
    for w in waivers:
        if w.expires is not None and w.expires < result.as_of:
            expired_by_key.setdefault((w.unit_id, w.rule_id), []).append(w)
    missing = set(result.audit.units_missing) if result.audit is not None else set()
    pack_titles = {p.id: p.title.vi for p in result.packs}
    units: dict[tuple[str, str], _Unit] = {}
    for f in result.findings:
        unit = units.setdefault((f.unit_id, f.school_year), _Unit())
        unit.name = unit.name or f.unit_name
        if f.place is not None and f.place.district:
            unit.district = unit.district or f.place.district
        if f.status in (Status.fail, Status.error):
            unit.failing.append((reading_order(f), _obligation(f, pack_titles)))
            unit.expired.extend(_expired(f, expired_by_key.get((f.unit_id, f.rule_id), ())))
    districts = {u.district for u in units.values()}
    shared_district = next(iter(districts)) if len(districts) == 1 else None
    place = head.place or shared_district or UNKNOWN_PLACE
    reply_by = head.reply_by or reply_date(head.date)
    letters = []
    for (unit_id, year), unit in units.items():
        sent_nothing = unit_id in missing
        if not unit.failing and not sent_nothing:
            continue
        obligations = tuple(o for _, o in sorted(unit.failing, key=lambda pair: pair[0]))
        plans = dict.fromkeys(o.plan for o in obligations if o.plan)
        letters.append(
            Letter(
                unit_id=unit_id,
                unit_name=unit.name or unit_id,
                school_year=year,
                as_of=result.as_of,
                head=head,
                place=place,
                reply_by=reply_by,
                plans=tuple(plans),
                sent_nothing=sent_nothing,
                obligations=obligations,
                expired_waivers=tuple(unit.expired),
            )
        )
    return letters
