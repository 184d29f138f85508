"""Findings: what the engine says about one unit and one rule, and the result of a check.

These slotted dataclasses are the stable output contract; pydantic validates, writes and
describes them (``schemas/findings.schema.json`` is generated from :class:`CheckResult` and
committed), imported only when one of those is asked for (:mod:`compliance._pydantic`).

A result's ``findings`` and ``documents`` are :class:`~compliance.records.Records`: sequences that
iterate, index and ``len`` like lists (and compare equal to lists), held in memory for a check and
spooled to a temporary file when a district audit has many. Counts over the findings (summary,
per-rule and per-unit rates, what fails) come from a :class:`Tally`, kept while an audit collects
the findings, so that the reporters need not go through them once more to count.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self

from compliance._pydantic import ConfigDict, Field, adapter
from compliance._serializer import serializer
from compliance.errors import Location
from compliance.i18n import Lang, Text
from compliance.records import AS_RECORDS, Records
from compliance.severity import Severity

if TYPE_CHECKING:
    from compliance.errors import Problem

FORMAT: Literal["compliance-findings"] = "compliance-findings"
FORMAT_VERSION: Literal[1] = 1


class Status(StrEnum):
    pass_ = "pass"
    fail = "fail"
    pending = "pending"
    not_applicable = "not_applicable"
    error = "error"
    waived = "waived"


STATUS_LABELS: dict[Status, Text] = {
    Status.pass_: Text(vi="Đạt", en="Met"),
    Status.fail: Text(vi="Không đạt", en="Not met"),
    Status.pending: Text(vi="Chưa đến hạn", en="Not yet due"),
    Status.not_applicable: Text(vi="Không áp dụng", en="Not applicable"),
    Status.error: Text(vi="Lỗi", en="Error"),
    Status.waived: Text(vi="Được miễn", en="Waived"),
}

# How findings are listed for people: what needs action first, then by severity.
STATUS_ORDER: dict[Status, int] = {
    Status.error: 0,
    Status.fail: 1,
    Status.pending: 2,
    Status.waived: 3,
    Status.pass_: 4,
    Status.not_applicable: 5,
}


def reading_order(finding: Finding) -> tuple[int, int, str]:
    return (STATUS_ORDER[finding.status], -finding.severity.rank, finding.rule_id)


SEVERITY_LABELS: dict[Severity, Text] = {
    Severity.critical: Text(vi="Nghiêm trọng", en="Critical"),
    Severity.high: Text(vi="Cao", en="High"),
    Severity.medium: Text(vi="Trung bình", en="Medium"),
    Severity.low: Text(vi="Thấp", en="Low"),
    Severity.info: Text(vi="Thông tin", en="Info"),
}


# The check kinds of the rule language (``compliance.checks.KINDS``) and the engine's own ``scope``
# findings, as a person reads them beside the code; a kind without a label shows its code.
KIND_LABELS: dict[str, Text] = {
    "deadline": Text(vi="Hạn nộp báo cáo", en="Deadline"),
    "required": Text(vi="Phải có", en="Required"),
    "threshold": Text(vi="Đạt ngưỡng", en="Threshold"),
    "each": Text(vi="Mỗi mục có đối ứng", en="Each has a match"),
    "forbidden": Text(vi="Không được có", en="Forbidden"),
    "condition": Text(vi="Điều kiện", en="Condition"),
    "scope": Text(vi="Phạm vi áp dụng", en="Scope"),  # the engine's own compliance/… findings
}


def kind_label(kind: str) -> Text:
    return KIND_LABELS.get(kind) or Text(vi=kind, en=kind)


# The parts of a finding are plain slotted dataclasses, not pydantic models: an audit makes one
# finding per unit and rule (a district, hundreds of thousands), and a dataclass is built, pickled
# and read in a fraction of a model's time. Treat them as immutable (``dataclasses.replace`` makes
# a changed copy). Pydantic still validates them and writes their JSON Schema: their fields carry
# ``Field`` metadata through ``Annotated``, and ``__pydantic_config__`` forbids unknown keys, so
# ``CheckResult`` (a model) reads, writes and describes them as before (``schemas/findings.schema.json``).
_RECORD = ConfigDict(extra="forbid")


def _described(doc: str | None) -> ConfigDict:
    """:data:`_RECORD`, with the class's docstring as its description in the JSON Schema (pydantic
    2.14 takes a dataclass's docstring by itself, 2.12 does not: said here, both write the same)."""
    assert doc is not None
    return ConfigDict(extra="forbid", json_schema_extra={"description": inspect.cleandoc(doc)})


@dataclass(slots=True, kw_only=True)
class Evidence:
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    document: Annotated[
        str,
        Field(
            description="Tệp báo cáo, hoặc sổ văn bản đến (--register) / the report file, or the register of "
            "received documents (--register)"
        ),
    ]
    pointer: Annotated[str, Field(description="JSON pointer trong tệp / JSON pointer into the file")]
    line: int | None = None
    column: int | None = None
    value: Any = None
    cell: Annotated[
        str | None,
        Field(description="Trang tính và ô, khi báo cáo là tệp XLSX / sheet and cell of an XLSX report"),
    ] = None

    def location(self) -> Location:
        return Location(self.document, self.line, self.column, self.pointer, self.cell)


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceCitation:
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    document: Annotated[str, Field(description="Tệp văn bản nguồn / the plan's source file")]
    section: str
    quote: str
    plan: Annotated[
        Text | None,
        Field(description="Văn bản nguồn, gọi như cán bộ gọi / the plan, named as an officer names it"),
    ] = None


@dataclass(slots=True, kw_only=True)
class DeadlineDetail:
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    due: Annotated[dt.date, Field(description="Ngày D như kế hoạch ghi (sau đính chính nếu có)")]
    reading: Literal["exclusive", "inclusive"]
    last_allowed_day: dt.date
    shifted_from: dt.date | None = None
    received: dt.date | None = None
    days_late: int | None = None
    printed: Annotated[
        str | None,
        Field(description="Ngày in trong kế hoạch khi đã đính chính / printed date when corrected"),
    ] = None
    correction: Text | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WaiverInfo:
    """The waiver that excused a finding, as its file gives it (``docs/waivers.md``)."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    reason: Annotated[str, Field(description="Lý do miễn trừ / why the finding is excused")]
    legal_basis: Annotated[
        str,
        Field(description="Căn cứ pháp lý, ví dụ Công văn số 123/PGDĐT-VP ngày 05/3/2024 / the legal basis"),
    ]
    approved_by: Annotated[str, Field(description="Người hoặc cơ quan duyệt / who approved it")]
    starts: Annotated[dt.date | None, Field(description="Có hiệu lực từ ngày / in force from")] = None
    expires: Annotated[dt.date | None, Field(description="Hết hạn sau ngày / in force until")] = None

    def describe(self, lang: Lang) -> str:
        """The waiver as a person reads it: the reason, the legal basis, the approver and the days
        it is in force (dd/mm/yyyy)."""
        vi = lang == "vi"
        parts = [
            self.reason,
            f"{'căn cứ' if vi else 'legal basis'}: {self.legal_basis}",
            f"{'người duyệt' if vi else 'approved by'}: {self.approved_by}",
        ]
        if self.starts is not None:
            parts.append(f"{'từ ngày' if vi else 'from'} {self.starts:%d/%m/%Y}")
        if self.expires is not None:
            parts.append(f"{'đến hết ngày' if vi else 'until'} {self.expires:%d/%m/%Y}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitPlace:
    """Where a unit is, as its documents (or the roster) state it: what roll-ups group on. The
    findings of one portfolio share one instance."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    province: Annotated[str | None, Field(description="Tỉnh/thành phố, như văn bản ghi / as written")] = None
    district: Annotated[str | None, Field(description="Quận/huyện, như văn bản ghi / as written")] = None
    school_levels: Annotated[tuple[str, ...], Field(description="Các cấp học / school levels")] = ()


@dataclass(slots=True, kw_only=True)
class Finding:
    """What the engine says about one unit and one rule (``docs/report-format.md``)."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    unit_id: str
    unit_name: str | None = None
    unit_type: str
    place: Annotated[
        UnitPlace | None,
        Field(
            description="Nơi của đơn vị, như văn bản (hoặc danh sách) ghi; dùng để tổng hợp theo địa bàn "
            "/ where the unit is, as its documents (or the roster) state it; what roll-ups group on"
        ),
    ] = None
    school_year: str
    rule_id: Annotated[
        str,
        Field(
            description="Mã tiêu chí; compliance/… là kết luận của chính công cụ về phạm vi (docs/report-format.md) "
            "/ rule id; compliance/… are the engine's own findings about scope"
        ),
    ]
    pack: Annotated[
        str | None,
        Field(description="Bộ tiêu chí; null với kết luận compliance/… / rule pack; null for compliance/…"),
    ]
    kind: str
    title: Text
    severity: Severity
    status: Status
    message: Text
    evidence: list[Evidence] = field(default_factory=list)
    source: Annotated[
        SourceCitation | None,
        Field(
            description="Căn cứ trong kế hoạch; null với kết luận compliance/… (không có văn bản nguồn) "
            "/ the plan's words; null for compliance/… (no plan)"
        ),
    ]
    remediation: Text
    deadline: DeadlineDetail | None = None
    notes: Annotated[
        list[Text],
        Field(
            description="Điều cần biết để hiểu kết luận: văn bản không được tính và lý do, cách hiểu ngày hạn "
            "/ what a reader needs to weigh the finding: documents set aside and why, how a due date was read"
        ),
    ] = field(default_factory=list)
    waiver: Annotated[
        str | None,
        Field(
            description="Miễn trừ đã áp dụng: lý do (người duyệt; căn cứ) / the waiver applied: reason "
            "(approver; legal basis)"
        ),
    ] = None
    waiver_detail: Annotated[
        WaiverInfo | None,
        Field(description="Miễn trừ đã áp dụng, từng trường / the waiver applied, field by field"),
    ] = None


def as_json(
    record: Finding | Evidence | SourceCitation | DeadlineDetail | WaiverInfo | UnitPlace,
) -> dict[str, Any]:
    """A finding (or a part of one) as JSON data, as the findings document writes it
    (``schemas/findings.schema.json``)."""
    data: dict[str, Any] = serializer(type(record)).to_python(record, mode="json")
    return data


def as_json_text(finding: Finding, *, indent: int | None = None) -> str:
    """A finding as the findings document writes it, as text."""
    return as_json_bytes(finding, indent=indent).decode()


def as_json_bytes(finding: Finding, *, indent: int | None = None) -> bytes:
    """A finding as the findings document writes it, as UTF-8: what ``dump_json`` writes, from
    the serialiser itself (``dump_json``'s own call costs a tenth of the writing, per finding),
    made without pydantic (:mod:`compliance._serializer`)."""
    data: bytes = serializer(Finding).to_json(finding, indent=indent)
    return data


def waiver_text(f: Finding, lang: Lang) -> str | None:
    """A waived finding's waiver as a person reads it (:meth:`WaiverInfo.describe`), or its
    ``waiver`` text when it carries no detail (a finding read back from an older audit)."""
    return f.waiver_detail.describe(lang) if f.waiver_detail is not None else f.waiver


class Model:
    """What the records of a result (the classes below) share: immutable slotted dataclasses that
    pydantic validates, writes and describes through an adapter made on first use, so that a check
    that writes text never imports pydantic (``docs/cli.md``, *Start-up*). The methods of pydantic's
    ``BaseModel`` that code embedding the engine uses are here, with the same meaning (``docs/api.md``)."""

    __slots__ = ()

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """The record as Python data (``mode="json"``: as JSON data), as pydantic's ``model_dump``."""
        data: dict[str, Any] = adapter(type(self)).dump_python(self, **options)
        return data

    def model_dump_json(self, **options: Any) -> str:
        """The record as JSON text, as pydantic's ``model_dump_json``."""
        data: bytes = adapter(type(self)).dump_json(self, **options)
        return data.decode()

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """A record from Python data, validated (:class:`pydantic.ValidationError` otherwise)."""
        record: Self = adapter(cls).validate_python(data)
        return record

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        """A record from JSON text, validated (:class:`pydantic.ValidationError` otherwise)."""
        record: Self = adapter(cls).validate_json(data)
        return record

    @classmethod
    def model_json_schema(cls, **options: Any) -> dict[str, Any]:
        """The record's JSON Schema (``schemas/findings.schema.json`` is :class:`CheckResult`'s)."""
        schema: dict[str, Any] = adapter(cls).json_schema(**options)
        return schema

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with the fields in ``update`` changed (not validated, as in pydantic)."""
        return dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]


# The records of a result: frozen, slotted, keyword-only, unknown keys refused when read.


@dataclass(frozen=True, slots=True, kw_only=True)
class PackInfo(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    id: str
    version: str
    title: Text
    file: str
    seed: str
    school_year: str
    rules: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentInfo(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    file: str
    kind: str
    unit_id: str
    school_year: str
    received: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class InputProblem(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    code: Annotated[
        str,
        Field(
            pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
            description="Mã loại lỗi, ví dụ yaml-syntax / the kind of problem, e.g. yaml-syntax",
        ),
    ]
    file: str | None
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    message: Text
    fix: Text | None = None
    cell: Annotated[
        str | None,
        Field(description="Trang tính và ô, khi báo cáo là tệp XLSX / sheet and cell of an XLSX report"),
    ] = None

    @classmethod
    def of(cls, problem: Problem) -> InputProblem:
        """The record of a problem found in an input (:class:`compliance.errors.Problem`)."""
        where = problem.at
        return cls(
            code=problem.code.value,
            file=where.file,
            line=where.line,
            column=where.column,
            pointer=where.pointer,
            message=problem.message,
            fix=problem.fix,
            cell=where.cell,
        )

    def location(self) -> Location:
        return Location(self.file, self.line, self.column, self.pointer, self.cell)


@dataclass(frozen=True, slots=True, kw_only=True)
class Summary(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    units: int
    findings: int
    by_status: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate(Model):
    """Compliance of one rule (across units) or one unit (across rules)."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    key: str
    title: Text | None = None
    passed: int
    failed: int
    pending: int
    not_applicable: int
    errors: int
    waived: int

    @property
    def judged(self) -> int:
        return self.passed + self.failed + self.errors

    @property
    def rate(self) -> float | None:
        """Share of judged findings that pass (pending and not applicable are not judged yet)."""
        return self.passed / self.judged if self.judged else None


@dataclass(frozen=True, slots=True, kw_only=True)
class RosterSource(Model):
    """The roster an audit was given: its file, and where it lists each unit that sent nothing
    (the SARIF log points such a unit's findings there)."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    file: Annotated[str, Field(description="Tệp danh sách đơn vị / the roster file")]
    missing_lines: Annotated[
        dict[str, int],
        Field(
            description="Dòng của mỗi đơn vị không gửi gì trong danh sách / the line of each unit that sent "
            "nothing, by unit id",
        ),
    ] = field(default_factory=dict)


class RollupDimension(StrEnum):
    """What a roll-up groups the units by (:mod:`compliance.rollup`)."""

    province = "province"
    district = "district"
    unit_type = "unit_type"
    level = "level"


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCounts(Model):
    """The deadline findings (kind ``deadline``) of a group, by what happened to the report."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    on_time: Annotated[int, Field(description="Nộp đúng hạn / received on time")]
    late: Annotated[int, Field(description="Nộp muộn (đã nhận, quá hạn) / received late")]
    missing: Annotated[int, Field(description="Quá hạn mà chưa nhận / past due and not received")]
    pending: Annotated[int, Field(description="Chưa nhận, chưa đến hạn / not received, not yet due")]


@dataclass(frozen=True, slots=True, kw_only=True)
class RollupGroup(Model):
    """The findings of the units of one province, district, unit type or school level."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    key: Annotated[
        str | None,
        Field(
            description="Mã nhóm: tên địa danh đã chuẩn hoá (quận/huyện: 'tỉnh/quận'), mã loại đơn vị hoặc mã "
            "cấp học; null: không rõ / the group's code: the place name's key (districts: 'province/district'), "
            "the unit type or the school level code; null: not stated"
        ),
    ]
    label: Annotated[Text, Field(description="Tên nhóm như văn bản ghi / the group's name, as written")]
    units: Annotated[int, Field(description="Đơn vị trong nhóm / units in the group")]
    units_missing: Annotated[
        int,
        Field(
            description="Đơn vị trong danh sách không gửi gì (đã tính trong units) / roster units that sent "
            "nothing (counted in units)"
        ),
    ]
    total: Annotated[
        Rate, Field(description="Mọi kết luận của nhóm theo kết quả / all the group's findings by status")
    ]
    by_severity: Annotated[
        dict[str, int],
        Field(description="Mọi kết luận của nhóm theo mức độ / all the group's findings by severity"),
    ]
    failing_by_severity: Annotated[
        dict[str, int],
        Field(
            description="Kết luận không đạt hoặc lỗi, theo mức độ / findings that fail or err, by severity"
        ),
    ]
    reports: Annotated[ReportCounts, Field(description="Báo cáo có hạn nộp / reports with a deadline")]
    per_rule: Annotated[list[Rate], Field(description="Theo tiêu chí / per rule (obligation)")]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rollup(Model):
    """One dimension's groups: every unit is in one group (in each of its levels for ``level``)."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    dimension: RollupDimension
    label: Text
    overlapping: Annotated[
        bool,
        Field(
            description="Một đơn vị có thể thuộc nhiều nhóm (cấp học: trường liên cấp), nên tổng các nhóm có "
            "thể lớn hơn tổng chung / a unit may be in several groups (levels: a multi-level school), so the "
            "groups may sum to more than the totals"
        ),
    ]
    groups: list[RollupGroup]


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditSummary(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    units_expected: Annotated[
        int | None, Field(description="Đơn vị trong danh sách / units on the roster")
    ] = None
    units_reporting: int
    units_missing: Annotated[
        list[str], Field(description="Đơn vị trong danh sách không gửi gì / roster units that sent nothing")
    ] = field(default_factory=list)
    units_off_roster: Annotated[
        list[str], Field(description="Đơn vị gửi báo cáo nhưng không có trong danh sách")
    ] = field(default_factory=list)
    roster: Annotated[
        RosterSource | None,
        Field(description="Danh sách đơn vị đã dùng (--roster) / the roster the audit was given"),
    ] = None
    documents: Annotated[int, Field(description="Văn bản đã kiểm tra / documents checked")]
    unreadable: Annotated[
        int,
        Field(
            description="Số tệp không đọc được hoặc không hợp lệ (chi tiết ở problems) / files that could not "
            "be read or are invalid (details under problems)"
        ),
    ]
    portfolios_failed: Annotated[
        int,
        Field(
            description="Hồ sơ không đánh giá được do lỗi chương trình hoặc tiến trình bị dừng (kết luận "
            "'error', lý do trong ghi chú) / portfolios that could not be evaluated because of an unexpected "
            "error or a worker that died (their findings are 'error', the reason is in notes)",
        ),
    ] = 0
    per_rule: list[Rate]
    per_unit: Annotated[Sequence[Rate], AS_RECORDS]  # spooled, like the findings, in a large audit
    rollups: Annotated[
        list[Rollup],
        Field(
            description="Tổng hợp theo tỉnh/thành phố, quận/huyện, loại đơn vị và cấp học (docs/audit.md) "
            "/ roll-ups per province, district, unit type and school level",
        ),
    ] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendRun(Model):
    """A saved run of the audit store, as a trend shows it."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    run: Annotated[int, Field(description="Số lần kiểm tra trong kho / the run's id in the store")]
    saved_at: Annotated[dt.datetime, Field(description="Thời điểm lưu (UTC) / when it was saved (UTC)")]
    as_of: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendPoint(Model):
    """A rule's or a district's findings in one run, by status."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    run: int
    passed: int
    failed: int
    errors: int
    pending: int
    not_applicable: int
    waived: int
    rate: Annotated[
        float | None,
        Field(
            description="Tỷ lệ đạt: đạt / (đạt + không đạt + lỗi); null khi chưa có gì để xét / "
            "compliance rate: passed / (passed + failed + errors); null when nothing was judged"
        ),
    ]


@dataclass(frozen=True, slots=True, kw_only=True)
class TrendLine(Model):
    """One rule's (or district's) points, oldest run first; a run without it has no point."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    key: Annotated[
        str,
        Field(description="Mã tiêu chí hoặc quận/huyện; '' khi không rõ / rule id or district; '' = unknown"),
    ]
    title: Text | None = None
    points: list[TrendPoint]


@dataclass(frozen=True, slots=True, kw_only=True)
class Trends(Model):
    """Compliance across the runs of an audit store (``--store``, ``--save``): docs/history.md."""

    __pydantic_config__: ClassVar[ConfigDict] = _described(__doc__)

    store: Annotated[str, Field(description="Kho lưu kết quả / the audit store")]
    runs: Annotated[list[TrendRun], Field(description="Các lần kiểm tra, cũ trước / the runs, oldest first")]
    by_rule: list[TrendLine]
    by_district: list[TrendLine]


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult(Model):
    __pydantic_config__: ClassVar[ConfigDict] = _RECORD

    format: Literal["compliance-findings"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    tool_version: str
    engine: str
    as_of: dt.date
    packs: list[PackInfo]
    documents: Annotated[Sequence[DocumentInfo], AS_RECORDS]
    findings: Annotated[Sequence[Finding], AS_RECORDS]
    problems: Annotated[
        list[InputProblem], Field(description="Văn bản không đọc được (audit) / unreadable documents")
    ] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)
    summary: Summary
    audit: AuditSummary | None = None
    trends: Annotated[
        Trends | None,
        Field(
            description="Xu hướng qua các lần kiểm tra đã lưu, khi có kho (--store, --save) / compliance "
            "across the saved runs, when a store is given",
        ),
    ] = None

    def failing(self, fail_on: Severity) -> list[Finding]:
        """Findings that fail (or could not be evaluated) at or above ``fail_on``."""
        return [
            f
            for f in self.findings
            if f.status in (Status.fail, Status.error) and f.severity.rank >= fail_on.rank
        ]

    def exit_code(self, fail_on: Severity | None) -> int:
        if fail_on is None:
            return 0
        return 1 if self.problems or Tally.of(self.findings).fails_at(fail_on) else 0


# The field of :class:`Rate` that counts each status, in the order of :class:`Status`.
_RATE_FIELD = {
    Status.pass_: "passed",
    Status.fail: "failed",
    Status.pending: "pending",
    Status.not_applicable: "not_applicable",
    Status.error: "errors",
    Status.waived: "waived",
}
_STATUSES = tuple(Status)
_INDEX = {s: i for i, s in enumerate(_STATUSES)}
_ONE = {s: tuple(int(i == _INDEX[s]) for i in range(len(_STATUSES))) for s in _STATUSES}  # one finding of s


class Tally:
    """Counts over findings, kept as they are added: by status, per rule and per unit (in the
    order first seen), what fails or errs at each severity, and the first finding of each rule
    (whose title, citation, severity and remedy every finding of the rule shares)."""

    def __init__(self) -> None:
        self.findings = 0
        self.by_status = [0] * len(_STATUSES)
        self.failing: dict[Severity, int] = {}
        self.rules: dict[str, list[int]] = {}
        self.units: dict[tuple[str, str], list[int]] = {}
        self.unit_names: dict[tuple[str, str], str | None] = {}
        self.first: dict[str, Finding] = {}

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Tally:
        """The tally of ``findings`` (computed once for :class:`Records`, which never change)."""
        if isinstance(findings, Records):
            tally: Tally = findings.cached("tally", cls._counted)
            return tally
        return cls._counted(findings)

    @classmethod
    def _counted(cls, findings: Iterable[Finding]) -> Tally:
        tally = cls()
        for f in findings:
            tally.add(f)
        return tally

    def add(self, f: Finding) -> None:
        self.first.setdefault(f.rule_id, f)
        self.count((f.unit_id, f.school_year), f.unit_name, f.rule_id, f.status, f.severity)

    def count(
        self, unit: tuple[str, str], unit_name: str | None, rule_id: str, status: Status, severity: Severity
    ) -> None:
        """Count one finding from its parts (the first finding of its rule is added elsewhere)."""
        self.count_rule(rule_id, status, severity, 1)
        row = self.units.get(unit)
        if row is None:
            self.count_unit(unit, unit_name, _ONE[status])  # a new unit: its row made there
        else:
            row[_INDEX[status]] += 1

    def count_rule(self, rule_id: str, status: Status, severity: Severity, n: int) -> None:
        """Count ``n`` findings of one rule, status and severity, without their units (which
        :meth:`count_unit` counts); the first finding of the rule is added elsewhere."""
        i = _INDEX[status]
        self.findings += n
        self.by_status[i] += n
        if status in (Status.fail, Status.error):
            self.failing[severity] = self.failing.get(severity, 0) + n
        row = self.rules.get(rule_id)
        if row is None:
            row = self.rules[rule_id] = [0] * len(_STATUSES)
        row[i] += n

    def count_unit(self, unit: tuple[str, str], unit_name: str | None, by_status: Sequence[int]) -> None:
        """Count a unit's findings by status (in the order of :class:`Status`), without their
        rules (which :meth:`count_rule` counts)."""
        row = self.units.get(unit)
        if row is None:
            row = self.units[unit] = [0] * len(_STATUSES)
            self.unit_names[unit] = unit_name
        for i, n in enumerate(by_status):
            row[i] += n

    def fails_at(self, fail_on: Severity) -> bool:
        """Whether a finding at or above ``fail_on`` fails or could not be evaluated."""
        return any(n and severity.rank >= fail_on.rank for severity, n in self.failing.items())

    def summary(self) -> Summary:
        return Summary(
            units=len(self.units),
            findings=self.findings,
            by_status={s.value: n for s, n in zip(_STATUSES, self.by_status, strict=True)},
        )

    def rates(self, key: Literal["rule", "unit"]) -> list[Rate]:
        """Per-rule or per-unit counts, in first-seen order (a unit's key: ``"ID (YYYY-YYYY)"``)."""
        return list(self.iter_rates(key))

    def iter_rates(self, key: Literal["rule", "unit"]) -> Iterator[Rate]:
        """:meth:`rates`, one at a time (a district has tens of thousands of units)."""
        if key == "rule":
            for rule_id, row in self.rules.items():
                yield rate_of(rule_id, self.first[rule_id].title, row)
            return
        for (unit, year), row in self.units.items():
            name = self.unit_names[(unit, year)]
            yield rate_of(f"{unit} ({year})", Text(vi=name, en=name) if name else None, row)

    def unit_rates(self) -> Iterator[tuple[str, str, Rate]]:
        """Per-unit counts with the unit id and the school year apart: (unit id, school year, rate)."""
        for (unit, year), rate in zip(self.units, self.iter_rates("unit"), strict=True):
            yield unit, year, rate

    def packs(self) -> set[str]:
        """The packs that gave findings."""
        return {f.pack for f in self.first.values() if f.pack is not None}


_FIELDS = [_RATE_FIELD[s] for s in _STATUSES]


def rate_of(key: str, title: Text | None, row: Sequence[int]) -> Rate:
    """A :class:`Rate` from counts in the order of :class:`Status` (how tallies keep them)."""
    counts: dict[str, Any] = dict(zip(_FIELDS, row, strict=True))
    return Rate(key=key, title=title, **counts)


def rates(findings: Iterable[Finding], key: Literal["rule", "unit"]) -> list[Rate]:
    """Per-rule (``key="rule"``) or per-unit (``key="unit"``) counts, in first-seen order."""
    return Tally.of(findings).rates(key)


def summarize(findings: Iterable[Finding]) -> Summary:
    return Tally.of(findings).summary()
