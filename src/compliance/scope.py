"""Which rule packs a portfolio falls under, and the findings the engine itself gives when that is
in doubt — so that a portfolio is never judged against nothing, or against the wrong packs,
without a word.

A pack applies to a portfolio when its school year is the portfolio's and its jurisdiction
(province, district) is the unit's, compared by :func:`compliance.textnorm.place_key` (NFC, case,
spacing and tone-mark placement aside); a unit or pack that names no province (district) matches
any. Three findings belong to no pack and have reserved rule ids (a ``/`` cannot occur in a pack's
rule id, so they never collide with one); each is ``error`` and ``critical``, so that every
``--fail-on`` level catches it:

* :data:`NO_APPLICABLE_PACK` — no rule of any pack addresses the portfolio (no pack for its
  school year, none for its place, or none with a rule for its unit type): nothing was checked;
  the message lists the packs there are and, when the place nearly matches a pack's, the
  suggestion ("Thanh Xuan — có phải 'Thanh Xuân'?").
* :data:`UNMATCHED_PLACE` — some packs apply, but the unit's place nearly matches (by
  :func:`compliance.textnorm.loose_place_key`) that of another pack of its year that has rules
  for it: those rules were not checked. Given alongside the findings of the packs that apply.
* :data:`CONFLICTING_SCOPE` — the documents of the portfolio disagree on ``submitter.unit_type``,
  ``province`` or ``district``: which packs and rules apply cannot be known, so this one finding
  replaces the rule findings, naming each document and what it says.

See docs/report-format.md (Portfolios) for the rules, and why a conflict is a finding and not an
input error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from compliance.findings import Evidence, Finding, Status
from compliance.i18n import Text
from compliance.portfolio import Document, Portfolio
from compliance.program import CompiledPack, CompiledRule, Program
from compliance.rollup import unit_place
from compliance.severity import Severity
from compliance.textnorm import loose_place_key, place_key

NO_APPLICABLE_PACK = "compliance/no-applicable-pack"
UNMATCHED_PLACE = "compliance/unmatched-place"
CONFLICTING_SCOPE = "compliance/conflicting-scope"
RULE_IDS = (NO_APPLICABLE_PACK, UNMATCHED_PLACE, CONFLICTING_SCOPE)
KIND = "scope"  # the findings' ``kind``: not a check kind, the engine's own
SEVERITY = Severity.critical

PLACES = ("province", "district")
SCOPE_FIELDS = ("unit_type", *PLACES)
_SHOWN_PACKS = 8  # a message lists at most this many packs, then "and N more"
_SHOWN_CHARS = 60  # a value a document wrote is cut to this length in a message


def _cut(value: str) -> str:
    return value if len(value) <= _SHOWN_CHARS else value[: _SHOWN_CHARS - 1] + "…"


# ----------------------------------------------------------------------------- which packs apply


def _place_matches(pack: CompiledPack, portfolio: Portfolio) -> bool:
    unit = portfolio.unit
    return all(
        getattr(pack, f) is None or getattr(unit, f) is None or getattr(pack, f) == getattr(unit, f)
        for f in PLACES
    )


def applicable_packs(program: Program, portfolio: Portfolio) -> list[CompiledPack]:
    """Packs whose school year and jurisdiction match the portfolio's (a unit that does not say
    where it is is checked against every pack of its school year)."""
    return [
        p for p in program.packs if p.school_year == portfolio.school_year and _place_matches(p, portfolio)
    ]


def addressed(packs: Sequence[CompiledPack], unit_type: str) -> list[CompiledRule]:
    """The rules of ``packs`` addressed to ``unit_type``, in the packs' order."""
    return [r for p in packs for r in p.rules if unit_type in r.applies.unit_types]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A place the unit wrote that nearly matches a pack's: offered, never assumed."""

    field: str  # province | district
    written: str
    meant: str

    def text(self) -> Text:
        return Text(
            vi=f"submitter.{self.field}: {_cut(self.written)} — có phải '{self.meant}'?",
            en=f"submitter.{self.field}: {_cut(self.written)} — did you mean '{self.meant}'?",
        )


def _written(portfolio: Portfolio, field: str) -> str | None:
    unit = portfolio.unit
    name: str | None = getattr(unit, f"{field}_name")
    key: str | None = getattr(unit, field)
    return name or key


def near_misses(program: Program, portfolio: Portfolio) -> list[tuple[CompiledPack, tuple[Suggestion, ...]]]:
    """Packs of the portfolio's year that do not apply only because a place the unit wrote differs
    from theirs by diacritics, punctuation or a "Quận"/"Huyện"… in front; with the suggestions."""
    unit = portfolio.unit
    out = []
    for pack in program.packs:
        if pack.school_year != portfolio.school_year or _place_matches(pack, portfolio):
            continue
        suggestions = []
        for field in PLACES:
            ours, theirs = getattr(unit, field), getattr(pack, field)
            if ours is None or theirs is None or ours == theirs:
                continue
            written = _written(portfolio, field) or ours
            meant: str = getattr(pack, f"{field}_name") or theirs
            if loose_place_key(written) != loose_place_key(meant):
                break
            suggestions.append(Suggestion(field, written, meant))
        else:
            out.append((pack, tuple(suggestions)))
    return out


# ----------------------------------------------------------------------------- documents that disagree


@dataclass(frozen=True, slots=True)
class Conflict:
    """Documents of one portfolio that describe the unit differently: for ``field``, each value
    (as first written) with the documents that write it, in order of receipt."""

    field: str
    values: tuple[tuple[str, tuple[Document, ...]], ...]


def conflicts(documents: Sequence[Document]) -> list[Conflict]:
    """What the documents disagree on among ``submitter.unit_type``, ``province`` and ``district``.
    Places are compared by :func:`~compliance.textnorm.place_key`; a document that leaves a place
    out does not disagree (it says nothing). ``school_levels`` are never a conflict: a portfolio
    has the union of its documents' levels."""
    found = []
    ordered = sorted(documents, key=lambda d: (d.received, d.name))
    for field in SCOPE_FIELDS:
        groups: dict[str, tuple[str, list[Document]]] = {}
        for doc in ordered:
            value = doc.facts["submitter"].get(field)
            if not value:
                continue
            key = place_key(str(value)) if field in PLACES else str(value)
            groups.setdefault(key, (str(value), []))[1].append(doc)
        if len(groups) > 1:
            found.append(Conflict(field, tuple((shown, tuple(docs)) for shown, docs in groups.values())))
    return found


# ----------------------------------------------------------------------------- the findings


def _finding(
    portfolio: Portfolio, rule_id: str, title: Text, message: Text, fix: Text, evidence: list[Evidence]
) -> Finding:
    unit = portfolio.unit
    return Finding(
        unit_id=unit.unit_id,
        unit_name=unit.unit_name,
        unit_type=unit.unit_type,
        place=unit_place(unit),
        school_year=portfolio.school_year,
        rule_id=rule_id,
        pack=None,
        kind=KIND,
        title=title,
        severity=SEVERITY,
        status=Status.error,
        message=message,
        evidence=evidence,
        source=None,
        remediation=fix,
    )


def _evidence(doc: Document, pointer: str) -> Evidence:
    line, column = doc.source.source_map.locate(pointer)
    value: Any = doc.facts
    for part in pointer.strip("/").split("/"):
        value = value.get(part) if isinstance(value, dict) else None
    cell = doc.source.source_map.cell(pointer)
    return Evidence(document=doc.name, pointer=pointer, line=line, column=column, value=value, cell=cell)


def _latest_evidence(portfolio: Portfolio, pointers: Sequence[str]) -> list[Evidence]:
    """Where the latest counted document (the one the unit is read from) says it."""
    if not portfolio.documents:
        return []
    latest = max(portfolio.documents, key=lambda d: (d.received, d.name))
    return [_evidence(latest, p) for p in pointers]


def _place(province: str | None, district: str | None) -> Text:
    shown = " / ".join(p for p in (province, district) if p)
    return Text(vi=shown or "toàn quốc", en=shown or "nationwide")


def _unit_place(portfolio: Portfolio) -> Text:
    province, district = (_written(portfolio, f) for f in PLACES)
    if not province and not district:
        return Text(vi="không ghi tỉnh, huyện", en="no province or district given")
    return _place(province and _cut(province), district and _cut(district))


def _packs(packs: Sequence[CompiledPack], *, years: bool) -> Text:
    """``id (Hà Nội / Thanh Xuân), …`` — grouped by school year when ``years`` — or "(none)"."""
    if not packs:
        return Text(vi="(không có)", en="(none)")
    parts_vi, parts_en = [], []
    for year in sorted({p.school_year for p in packs}) if years else [None]:
        items = [p for p in packs if year is None or p.school_year == year]
        vi = ", ".join(f"{p.id} ({_place(p.province_name, p.district_name).vi})" for p in items)
        en = ", ".join(f"{p.id} ({_place(p.province_name, p.district_name).en})" for p in items)
        parts_vi.append(f"năm học {year}: {vi}" if year else vi)
        parts_en.append(f"school year {year}: {en}" if year else en)
    return Text(vi="; ".join(parts_vi), en="; ".join(parts_en))


def _capped(packs: Sequence[CompiledPack], *, years: bool) -> Text:
    shown = _packs(packs[:_SHOWN_PACKS], years=years)
    rest = len(packs) - _SHOWN_PACKS
    if rest <= 0:
        return shown
    return Text(vi=f"{shown.vi} … và {rest} bộ khác", en=f"{shown.en} … and {rest} more")


def _suggested(suggestions: Sequence[Suggestion]) -> tuple[str, str]:
    """The suggestions, each language's joined (empty when there are none)."""
    return " ".join(s.text().vi for s in suggestions), " ".join(s.text().en for s in suggestions)


def _use_the_pack_spelling(suggestions: Sequence[Suggestion]) -> Text:
    vi = ", ".join(f"submitter.{s.field} là '{s.meant}'" for s in suggestions)
    en = ", ".join(f"submitter.{s.field} as '{s.meant}'" for s in suggestions)
    return Text(
        vi=f"Nếu đúng là địa bàn đó, ghi {vi} (đúng như phạm vi của bộ tiêu chí) trong các văn bản rồi kiểm tra lại.",
        en=f"If that is the place, write {en} (as the rule pack's jurisdiction has it) in the documents and check again.",
    )


NO_PACK_TITLE = Text(vi="Không có bộ tiêu chí nào áp dụng cho đơn vị", en="No rule pack applies to the unit")
UNMATCHED_TITLE = Text(
    vi="Tên địa bàn gần trùng với phạm vi của một bộ tiêu chí",
    en="The place name nearly matches a rule pack's",
)
CONFLICT_TITLE = Text(
    vi="Các văn bản của đơn vị ghi khác nhau về đơn vị", en="The unit's documents disagree about the unit"
)
_NOTHING = Text(vi="nên không tiêu chí nào được xét", en="so nothing was checked")


def no_applicable_pack(program: Program, portfolio: Portfolio) -> Finding:
    """The one finding of a portfolio that no rule of any pack addresses, saying why and what to do."""
    year, unit_type = portfolio.school_year, portfolio.unit.unit_type
    of_year = [p for p in program.packs if p.school_year == year]
    here = applicable_packs(program, portfolio)
    if not of_year:
        message = Text(
            vi=f"Không có bộ tiêu chí nào cho năm học {year}, {_NOTHING.vi}. "
            f"Các bộ tiêu chí đã nạp: {_capped(program.packs, years=True).vi}.",
            en=f"There is no rule pack for school year {year}, {_NOTHING.en}. "
            f"Rule packs loaded: {_capped(program.packs, years=True).en}.",
        )
        fix = Text(
            vi=f"Kiểm tra năm học (school_year) của văn bản; nếu đúng, cần nạp bộ tiêu chí của năm học {year} (--rules).",
            en=f"Check the documents' school_year; if it is right, load the rule packs for {year} (--rules).",
        )
        evidence = _latest_evidence(portfolio, ["/school_year"])
    elif not here:
        suggestions = [s for _, found in near_misses(program, portfolio) for s in found]
        suggestions = list({(s.field, s.written, s.meant): s for s in suggestions}.values())
        place = _unit_place(portfolio)
        hint_vi, hint_en = _suggested(suggestions)
        message = Text(
            vi=f"Không có bộ tiêu chí nào của năm học {year} cho địa bàn của đơn vị ({place.vi}), {_NOTHING.vi}. "
            f"Bộ tiêu chí năm học {year}: {_capped(of_year, years=False).vi}."
            + (f" {hint_vi}" if hint_vi else ""),
            en=f"No rule pack of school year {year} covers the unit's place ({place.en}), {_NOTHING.en}. "
            f"Rule packs of {year}: {_capped(of_year, years=False).en}." + (f" {hint_en}" if hint_en else ""),
        )
        fix = (
            _use_the_pack_spelling(suggestions)
            if suggestions
            else Text(
                vi="Kiểm tra tỉnh, huyện (submitter.province, submitter.district) của văn bản; nếu đúng, cần nạp "
                "bộ tiêu chí của địa bàn này (--rules).",
                en="Check the documents' province and district (submitter.province, submitter.district); if they "
                "are right, load the rule packs for this place (--rules).",
            )
        )
        fields = [s.field for s in suggestions] or [f for f in PLACES if getattr(portfolio.unit, f)]
        evidence = _latest_evidence(portfolio, [f"/submitter/{f}" for f in dict.fromkeys(fields)])
    else:
        message = Text(
            vi=f"Các bộ tiêu chí áp dụng cho năm học và địa bàn của đơn vị ({_capped(here, years=False).vi}) "
            f"không có tiêu chí nào cho loại đơn vị {unit_type}, {_NOTHING.vi}.",
            en=f"The rule packs for the unit's school year and place ({_capped(here, years=False).en}) have no "
            f"rule for unit type {unit_type}, {_NOTHING.en}.",
        )
        fix = Text(
            vi="Kiểm tra loại đơn vị (submitter.unit_type); nếu đúng, đơn vị không có nghĩa vụ nào theo các bộ tiêu "
            f"chí đã nạp: ghi một miễn trừ (waiver) cho {NO_APPLICABLE_PACK} nếu cơ quan quản lý chấp nhận như vậy.",
            en="Check the unit type (submitter.unit_type); if it is right, the unit has no obligation under the "
            f"rule packs loaded: record a waiver for {NO_APPLICABLE_PACK} if the supervising office accepts that.",
        )
        evidence = _latest_evidence(portfolio, ["/submitter/unit_type"])
    return _finding(portfolio, NO_APPLICABLE_PACK, NO_PACK_TITLE, message, fix, evidence)


def unmatched_place(program: Program, portfolio: Portfolio) -> Finding | None:
    """The finding for packs of the portfolio's year that nearly match its place and have rules for
    its unit type, which were therefore not checked; None when there are none."""
    missed = [
        (pack, found)
        for pack, found in near_misses(program, portfolio)
        if addressed([pack], portfolio.unit.unit_type)
    ]
    if not missed:
        return None
    suggestions = list({(s.field, s.written, s.meant): s for _, found in missed for s in found}.values())
    packs = _capped([p for p, _ in missed], years=False)
    count = len(addressed([p for p, _ in missed], portfolio.unit.unit_type))
    hint_vi, hint_en = _suggested(suggestions)
    message = Text(
        vi=f"{count} tiêu chí của bộ tiêu chí {packs.vi} chưa được xét: tên địa bàn của đơn vị gần trùng nhưng không "
        f"khớp với phạm vi của bộ. {hint_vi}",
        en=f"{count} rule(s) of {packs.en} were not checked: the unit's place nearly matches the pack's "
        f"jurisdiction but not exactly. {hint_en}",
    )
    fix = _use_the_pack_spelling(suggestions)
    fix = Text(
        vi=f"{fix.vi} Nếu không phải, ghi một miễn trừ (waiver) cho {UNMATCHED_PLACE}.",
        en=f"{fix.en} If it is not, record a waiver for {UNMATCHED_PLACE}.",
    )
    evidence = _latest_evidence(
        portfolio, [f"/submitter/{f}" for f in dict.fromkeys(s.field for s in suggestions)]
    )
    return _finding(portfolio, UNMATCHED_PLACE, UNMATCHED_TITLE, message, fix, evidence)


def conflicting_scope(portfolio: Portfolio, found: Sequence[Conflict]) -> Finding:
    """The one finding of a portfolio whose documents disagree about the unit."""
    parts_vi: list[str] = []
    parts_en: list[str] = []
    evidence: list[Evidence] = []
    for conflict in found:
        values = "; ".join(
            f"'{_cut(shown)}' ({', '.join(d.name for d in docs)})" for shown, docs in conflict.values
        )
        parts_vi.append(f"submitter.{conflict.field}: {values}")
        parts_en.append(f"submitter.{conflict.field}: {values}")
        evidence.extend(
            _evidence(d, f"/submitter/{conflict.field}") for _, docs in conflict.values for d in docs
        )
    fields = ", ".join(f"submitter.{c.field}" for c in found)
    message = Text(
        vi=f"Các văn bản của đơn vị năm học {portfolio.school_year} ghi khác nhau — {' · '.join(parts_vi)}. "
        "Không xác định được đơn vị thuộc bộ tiêu chí nào, nên không tiêu chí nào được xét.",
        en=f"The unit's documents for school year {portfolio.school_year} disagree — {' · '.join(parts_en)}. "
        "Which rule packs apply cannot be known, so nothing was checked.",
    )
    fix = Text(
        vi=f"Sửa trường {fields} cho thống nhất giữa các văn bản của đơn vị (sửa văn bản ghi sai, hoặc gửi văn bản "
        "thay thế ghi replaces), rồi kiểm tra lại.",
        en=f"Make {fields} the same in all of the unit's documents (correct the wrong one, or send a replacement "
        "naming it in replaces), then check again.",
    )
    return _finding(portfolio, CONFLICTING_SCOPE, CONFLICT_TITLE, message, fix, evidence)


__all__ = [
    "CONFLICTING_SCOPE",
    "NO_APPLICABLE_PACK",
    "RULE_IDS",
    "UNMATCHED_PLACE",
    "Conflict",
    "Suggestion",
    "addressed",
    "applicable_packs",
    "conflicting_scope",
    "conflicts",
    "near_misses",
    "no_applicable_pack",
    "unmatched_place",
]
