"""What the audit store gives back: runs, findings as stored, a unit's or rule's history, trends.

Pydantic models, so that ``compliance history --format json`` and the Python API give the same
shapes; all are frozen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

from compliance.findings import Status
from compliance.i18n import Text
from compliance.severity import Severity

Scope = Literal["rule", "unit", "district", "province"]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PackVersion(Model):
    id: str
    version: str


class Counts(Model):
    """Findings of a run (or of one rule, unit, district) by status."""

    # ``findings`` and ``rate`` are computed: written in JSON, ignored when it is read back
    model_config = ConfigDict(frozen=True, extra="ignore")

    passed: int = 0
    failed: int = 0
    errors: int = 0
    pending: int = 0
    not_applicable: int = 0
    waived: int = 0

    @computed_field(description="Số kết luận / findings")  # type: ignore[prop-decorator]
    @property
    def findings(self) -> int:
        return self.passed + self.failed + self.errors + self.pending + self.not_applicable + self.waived

    @computed_field(  # type: ignore[prop-decorator]
        description="Tỷ lệ đạt: đạt / (đạt + không đạt + lỗi); null khi chưa có gì để xét "
        "/ compliance rate: passed / (passed + failed + errors); null when nothing was judged"
    )
    @property
    def rate(self) -> float | None:
        judged = self.passed + self.failed + self.errors
        return self.passed / judged if judged else None


class RunInfo(Model):
    """One saved run."""

    id: int
    saved_at: dt.datetime = Field(description="Thời điểm lưu (UTC) / when it was saved (UTC)")
    as_of: dt.date
    command: str = Field(description="audit, check hoặc api / how it was run")
    tool_version: str
    engine: str
    paths: list[str]
    packs: list[PackVersion]
    counts: Counts
    problems: int = Field(description="Văn bản không đọc được / unreadable documents")


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """A finding as the store keeps it (no evidence, citation or remedy: those are the audit's).
    A plain dataclass: a diff of two large runs reads hundreds of thousands of them."""

    fingerprint: str
    unit_id: str
    unit_name: str | None
    unit_type: str
    school_year: str
    rule_id: str
    pack: str | None
    kind: str
    title: Text
    severity: Severity
    status: Status
    waiver: str | None
    message: Text


class StatusPoint(Model):
    """A finding's status in one run."""

    run: int
    as_of: dt.date
    status: Status
    waiver: str | None = None
    message: Text


class Timeline(Model):
    """One finding (a unit and a rule) across the runs that have it."""

    fingerprint: str
    unit_id: str
    unit_name: str | None
    school_year: str
    rule_id: str
    title: Text
    severity: Severity
    points: list[StatusPoint]


class TrendPoint(Counts):
    run: int
    saved_at: dt.datetime
    as_of: dt.date


class Trend(Model):
    """A rule's, unit's, district's or province's counts across runs (oldest first)."""

    scope: Scope
    key: str = Field(
        description="Mã tiêu chí, mã đơn vị, quận/huyện hoặc tỉnh; '' khi không rõ / ''= unknown"
    )
    title: Text | None = None
    points: list[TrendPoint]


class History(Model):
    """What ``compliance history`` shows: the runs, and for a unit or a rule its findings over time."""

    format: Literal["compliance-history"] = "compliance-history"
    version: Literal[1] = 1
    store: str
    subject: Literal["runs", "unit", "rule"]
    name: str | None = None
    runs: list[RunInfo]
    timelines: list[Timeline] = Field(default_factory=list)
    trend: Trend | None = None
