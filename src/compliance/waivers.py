"""Waivers: an inspector's recorded decision that a failing finding is excused.

A waivers file (YAML or JSON; ``docs/waivers.md``, ``schemas/waivers.schema.json``) is a list of
entries; a ``fail`` or ``error`` finding whose unit, rule (and school year, when given) match an
entry in force at the as-of date (``starts`` ≤ as-of ≤ ``expires``, both inclusive and optional)
becomes ``waived``, carrying the entry's reason, legal basis and approver. A waiver never turns
anything into ``pass`` and never hides a finding.

```yaml
- unit_id: VN-HN-TX-TH-KIMGIANG
  rule_id: TX2324-T-DIEN-TAP-PCCC
  school_year: "2023-2024"          # optional
  reason: Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024
  legal_basis: Công văn số 123/PGDĐT-VP ngày 05/3/2024
  approved_by: Phòng GDĐT quận Thanh Xuân
  starts: 05/03/2024                # optional, inclusive; YYYY-MM-DD or dd/mm/yyyy
  expires: 2024-09-30               # optional, inclusive
```

What the waivers did is said in notes (:func:`waiver_notes`): a waiver that excused nothing because
it had expired or was not yet in force, or because it matches no finding (a misspelt unit or rule
id: the nearest one is suggested) or only findings that do not fail. A failing finding that a
waiver would excuse on another day says so in its own notes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    RootModel,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from compliance.dates import DateInputError, parse_user_date
from compliance.errors import Code, InputError, Location, Problem
from compliance.findings import STATUS_LABELS, Finding, Status, WaiverInfo
from compliance.i18n import Text
from compliance.loading import load_file
from compliance.messages import problem

_EXCUSED = (Status.fail, Status.error)


def _typed_date(value: Any) -> Any:
    """A date as a person types it in a waivers file: ``YYYY-MM-DD`` or ``dd/mm/yyyy``."""
    return parse_user_date(value) if isinstance(value, str) else value


Day = Annotated[
    dt.date,
    BeforeValidator(_typed_date),
    WithJsonSchema(
        {
            "type": "string",
            "anyOf": [
                {"pattern": r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"},
                {"pattern": r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}$"},
            ],
            "description": "YYYY-MM-DD hoặc dd/mm/yyyy (ngày trước, tháng sau) / YYYY-MM-DD or dd/mm/yyyy "
            "(day first)",
        }
    ),
]


class Waiver(BaseModel):
    """One waiver: a failing finding of one unit under one rule, excused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_id: str = Field(min_length=1, description="Mã đơn vị / unit id")
    rule_id: str = Field(min_length=1, description="Mã tiêu chí / rule id")
    school_year: str | None = Field(
        default=None,
        pattern=r"^[0-9]{4}-[0-9]{4}$",
        description="Năm học (YYYY-YYYY); không ghi là mọi năm học / school year; none: every year",
    )
    reason: str = Field(min_length=1, description="Lý do miễn trừ / why the finding is excused")
    legal_basis: str = Field(
        min_length=1,
        description="Căn cứ pháp lý: số, ký hiệu và ngày của văn bản cho phép miễn trừ, ví dụ Công văn số "
        "123/PGDĐT-VP ngày 05/3/2024 / the legal basis: number, code and date of the document that allows it",
    )
    approved_by: str = Field(min_length=1, description="Người hoặc cơ quan duyệt / who approved it")
    starts: Day | None = Field(
        default=None, description="Có hiệu lực từ ngày (kể cả ngày này) / in force from (inclusive)"
    )
    expires: Day | None = Field(
        default=None, description="Hết hiệu lực sau ngày (kể cả ngày này) / in force until (inclusive)"
    )
    _origin: str | None = PrivateAttr(default=None)  # "mien-tru.yaml:12", where it was read

    @model_validator(mode="after")
    def _in_order(self) -> Waiver:
        if self.starts is not None and self.expires is not None and self.starts > self.expires:
            raise PydanticCustomError(
                "waiver_dates",
                "starts ({starts}) is after expires ({expires})",
                {"starts": self.starts.isoformat(), "expires": self.expires.isoformat()},
            )
        return self

    def matches(self, finding: Finding) -> bool:
        """Whether the waiver is about ``finding`` (its unit, rule and school year), any day."""
        return (
            self.unit_id == finding.unit_id
            and self.rule_id == finding.rule_id
            and (self.school_year is None or self.school_year == finding.school_year)
        )

    def in_force(self, as_of: dt.date) -> bool:
        return (self.starts is None or self.starts <= as_of) and (
            self.expires is None or as_of <= self.expires
        )

    def covers(self, finding: Finding, as_of: dt.date) -> bool:
        return self.matches(finding) and self.in_force(as_of)

    def info(self) -> WaiverInfo:
        return WaiverInfo(
            reason=self.reason,
            legal_basis=self.legal_basis,
            approved_by=self.approved_by,
            starts=self.starts,
            expires=self.expires,
        )

    @property
    def origin(self) -> str | None:
        return self._origin


class WaiversFile(RootModel[list[Waiver]]):
    """A waivers file: a list of waivers (``docs/waivers.md``); ``schemas/waivers.schema.json`` is
    generated from this model."""

    model_config = ConfigDict(
        title="Tệp miễn trừ / Waivers file",
        json_schema_extra={
            "description": "Danh sách miễn trừ do cơ quan quản lý duyệt (docs/waivers.md) / the waivers "
            "a supervising office approved"
        },
    )


_WAIVERS = TypeAdapter(list[Waiver])


def load_waivers(path: str | os.PathLike[str]) -> list[Waiver]:
    """The waivers of a file, each knowing its file and line. Raises :class:`InputError` naming
    the file, the line and the fix of every entry that is not a valid waiver."""
    loaded = load_file(path)
    try:
        waivers = _WAIVERS.validate_python(loaded.data)
    except ValidationError as exc:
        raise InputError(
            [_problem(error, loaded.location) for error in exc.errors(include_url=False)]
        ) from None
    for index, waiver in enumerate(waivers):
        at = loaded.location(f"/{index}")
        waiver._origin = f"{at.file}:{at.line}" if at.line is not None else at.file
    return waivers


def _problem(error: ErrorDetails, locate: Callable[[str], Location]) -> Problem:
    """One validation error of a waivers file as a problem with its place and fix."""
    loc = tuple(error["loc"])
    pointer = "".join(f"/{p}" for p in loc)
    cause = error.get("ctx", {}).get("error")
    if error["type"] == "missing" and loc[-1:] == ("legal_basis",):
        return problem(Code.WAIVER_NO_LEGAL_BASIS, at=locate(pointer[: -len("/legal_basis")]))
    if error["type"] == "waiver_dates":
        ctx = error["ctx"]
        at: Location = locate(f"{pointer}/starts")
        return problem(
            Code.WAIVER_DATES_REVERSED, at=at, starts=_day(ctx["starts"]), expires=_day(ctx["expires"])
        )
    if isinstance(cause, DateInputError):
        return problem(cause.code, at=locate(pointer), **cause.values)
    if error["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
        key, known = loc[-1], list(Waiver.model_fields)
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        return problem(
            Code.WAIVER_UNKNOWN_KEY,
            at=locate(pointer),
            key=key,
            known=", ".join(known),
            guess=Text(vi=f" (có phải '{close[0]}'?)", en=f" (did you mean '{close[0]}'?)") if close else "",
        )
    if error["type"] == "missing" and loc and isinstance(loc[-1], str):
        return problem(Code.WAIVER_MISSING_FIELD, at=locate(pointer), key=loc[-1])
    return problem(Code.INVALID_WAIVER, at=locate(pointer), detail=error["msg"])


def _day(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%d/%m/%Y}"


@dataclasses.dataclass(slots=True)
class Use:
    """What some findings made of a list of waivers, by the waiver's index in it: the statuses of
    the findings each matched, and which excused one. Kept per portfolio in an audit."""

    matched: dict[int, set[Status]] = dataclasses.field(default_factory=dict)
    waived: set[int] = dataclasses.field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.matched)

    def merge(self, other: Use) -> None:
        for index, statuses in other.matched.items():
            self.matched.setdefault(index, set()).update(statuses)
        self.waived |= other.waived


class Waivers:
    """A list of waivers, indexed by unit and rule, to apply to many findings."""

    def __init__(self, waivers: Sequence[Waiver]) -> None:
        self.waivers = list(waivers)
        self._by_key: dict[tuple[str, str], list[int]] = {}
        for index, w in enumerate(self.waivers):
            self._by_key.setdefault((w.unit_id, w.rule_id), []).append(index)
        self._units = {w.unit_id for w in self.waivers}

    def concern(self, unit_ids: Iterable[str]) -> bool:
        """Whether a waiver names one of ``unit_ids`` (if none does, :meth:`apply` changes nothing
        of theirs)."""
        return any(u in self._units for u in unit_ids)

    def __bool__(self) -> bool:
        return bool(self.waivers)

    def apply(self, findings: Iterable[Finding], as_of: dt.date, use: Use | None = None) -> list[Finding]:
        """``findings``, each failing one that a waiver in force matches waived (the first such
        waiver in the file), each failing one that a waiver matches on other days only with a note
        saying when; what was matched and waived recorded in ``use``."""
        out = []
        for finding in findings:
            indexes = self._by_key.get((finding.unit_id, finding.rule_id))
            if indexes:
                finding = self._one(finding, indexes, as_of, use)
            out.append(finding)
        return out

    def _one(self, finding: Finding, indexes: list[int], as_of: dt.date, use: Use | None) -> Finding:
        matching = [i for i in indexes if self.waivers[i].matches(finding)]
        waiver = None
        if finding.status in _EXCUSED:
            waiver = next((i for i in matching if self.waivers[i].in_force(as_of)), None)
        if use is not None:  # the others see the finding as the first one left it
            for i in matching:
                use.matched.setdefault(i, set()).add(finding.status if waiver is None else Status.waived)
            if waiver is not None:
                use.waived.add(waiver)
        if finding.status not in _EXCUSED or not matching:
            return finding
        if waiver is None:
            notes = [_not_in_force(self.waivers[i], as_of) for i in matching]
            return dataclasses.replace(finding, notes=[*finding.notes, *notes])
        w = self.waivers[waiver]
        return dataclasses.replace(
            finding,
            status=Status.waived,
            waiver=f"{w.reason} ({w.approved_by}; {w.legal_basis})",
            waiver_detail=w.info(),
        )

    def notes(self, use: Use, as_of: dt.date, units: Collection[str], rules: Collection[str]) -> list[Text]:
        """One note for each waiver that excused no finding, saying why (see the module);
        ``units`` and ``rules``: the ids of the findings, for the nearest one to a misspelt id."""
        notes = []
        for index, w in enumerate(self.waivers):
            if index in use.waived:
                continue
            if not w.in_force(as_of):
                notes.append(_idle(w, as_of))
            elif index not in use.matched:
                notes.append(_unmatched(w, units, rules))
            else:
                notes.append(_not_needed(w, use.matched[index]))
        return notes


def waive(
    findings: Sequence[Finding], waivers: Sequence[Waiver], as_of: dt.date
) -> tuple[list[Finding], list[Text]]:
    """The findings of a check with the waivers applied, and the notes of :meth:`Waivers.notes`."""
    prepared = Waivers(waivers)
    use = Use()
    waived = prepared.apply(findings, as_of, use)
    return waived, prepared.notes(use, as_of, {f.unit_id for f in findings}, {f.rule_id for f in findings})


# ----------------------------------------------------------------------------- the notes


def _name(w: Waiver) -> Text:
    year = f", {w.school_year}" if w.school_year else ""
    where = f" — {w.origin}" if w.origin else ""
    return Text(
        vi=f"Miễn trừ cho {w.unit_id} / {w.rule_id}{year} ({w.legal_basis}{where})",
        en=f"The waiver for {w.unit_id} / {w.rule_id}{year} ({w.legal_basis}{where})",
    )


def _not_in_force(w: Waiver, as_of: dt.date) -> Text:
    """The note on a failing finding that ``w`` would excuse on other days."""
    if w.starts is not None and as_of < w.starts:
        return Text(
            vi=f"Có miễn trừ ({w.legal_basis}) nhưng miễn trừ bắt đầu từ ngày {w.starts:%d/%m/%Y}, sau ngày "
            f"tính {as_of:%d/%m/%Y}: chưa được miễn.",
            en=f"A waiver ({w.legal_basis}) starts on {w.starts:%d/%m/%Y}, after the as-of date "
            f"{as_of:%d/%m/%Y}: not waived yet.",
        )
    assert w.expires is not None  # not in force: it starts later or has expired
    return Text(
        vi=f"Miễn trừ đã hết hạn ngày {w.expires:%d/%m/%Y} ({w.legal_basis}): không còn được miễn.",
        en=f"The waiver expired on {w.expires:%d/%m/%Y} ({w.legal_basis}): no longer waived.",
    )


def _idle(w: Waiver, as_of: dt.date) -> Text:
    name = _name(w)
    if w.starts is not None and as_of < w.starts:
        return Text(
            vi=f"{name.vi} chưa có hiệu lực: bắt đầu từ ngày {w.starts:%d/%m/%Y}, sau ngày tính "
            f"{as_of:%d/%m/%Y}; chưa miễn trừ kết luận nào.",
            en=f"{name.en} is not in force yet: it starts on {w.starts:%d/%m/%Y}, after the as-of date "
            f"{as_of:%d/%m/%Y}; it excuses no finding.",
        )
    assert w.expires is not None
    return Text(
        vi=f"{name.vi} đã hết hạn ngày {w.expires:%d/%m/%Y}; không miễn trừ kết luận nào.",
        en=f"{name.en} expired on {w.expires:%d/%m/%Y}; it excuses no finding.",
    )


def _nearest(word: str, known: Collection[str]) -> str | None:
    """The id of ``known`` nearest to ``word`` (letter case aside), if one is near enough."""
    by_key = {k.casefold(): k for k in known}
    close = difflib.get_close_matches(word.casefold(), list(by_key), n=1, cutoff=0.6)
    return by_key[close[0]] if close else None


def _unmatched(w: Waiver, units: Collection[str], rules: Collection[str]) -> Text:
    name = _name(w)
    why_vi: list[str] = []
    why_en: list[str] = []
    for what_vi, what_en, word, known in (
        ("đơn vị", "unit", w.unit_id, units),
        ("tiêu chí", "rule", w.rule_id, rules),
    ):
        if word in known:
            continue
        guess = _nearest(word, known)
        why_vi.append(f"không có {what_vi} '{word}'" + (f" (có phải {guess}?)" if guess else ""))
        why_en.append(f"there is no {what_en} '{word}'" + (f" (did you mean {guess}?)" if guess else ""))
    if not why_vi:
        year = f" năm học {w.school_year}" if w.school_year else ""
        year_en = f" in {w.school_year}" if w.school_year else ""
        why_vi.append(f"đơn vị {w.unit_id} không có kết luận nào theo tiêu chí {w.rule_id}{year}")
        why_en.append(f"unit {w.unit_id} has no finding under rule {w.rule_id}{year_en}")
    return Text(
        vi=f"{name.vi} không khớp kết luận nào: {'; '.join(why_vi)}. Kiểm tra mã trong tệp miễn trừ.",
        en=f"{name.en} matches no finding: {'; '.join(why_en)}. Check the ids in the waivers file.",
    )


def _not_needed(w: Waiver, statuses: set[Status]) -> Text:
    name = _name(w)
    found = [s for s in Status if s in statuses]
    other = Status.waived in statuses
    return Text(
        vi=f"{name.vi} không miễn trừ kết luận nào: kết luận khớp là "
        f"{', '.join(STATUS_LABELS[s].vi for s in found)}"
        + (" (đã được miễn theo một mục trước trong tệp)" if other else ", không phải Không đạt hay Lỗi")
        + ".",
        en=f"{name.en} excuses no finding: the findings it matches are "
        f"{', '.join(STATUS_LABELS[s].en for s in found)}"
        + (" (waived by an earlier entry of the file)" if other else ", not Not met nor Error")
        + ".",
    )
