"""The difference between two audits, finding by finding.

Every fingerprint (:mod:`.fingerprint`) of either audit gets one :class:`Category`, from the class
of its status before (audit A) and after (audit B): *failing* (``fail``, ``error``), *in order*
(``pass``, ``pending``), *waived*, and *not applicable* (``not_applicable``, or no finding at
all: the unit or the rule was not in that audit).

========================  ===================================================================
category                  before → after
========================  ===================================================================
``new_failure``           in order or not applicable → failing
``waiver_expired``        waived → failing (the waiver ran out or was withdrawn)
``still_failing``         failing → failing
``resolved``              failing or waived → in order
``newly_waived``          failing, in order or not applicable → waived
``newly_applicable``      not applicable → in order
``no_longer_applicable``  failing, in order or waived → not applicable
``unchanged``             in order → in order (pending → pass too), waived → waived,
                          not applicable → not applicable
========================  ===================================================================

Two audits that hold the same findings in the same states (status, severity, waiver, message) —
an audit and itself, or a re-run on the same documents at the same date — show no change: every
finding is ``unchanged``, failing ones too.

``schemas/diff.schema.json`` is generated from :class:`AuditDiff`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from compliance._version import __version__
from compliance.findings import Status
from compliance.i18n import Text
from compliance.severity import Severity
from compliance.store.models import StoredFinding
from compliance.store.snapshot import Snapshot, Source

FORMAT: Literal["compliance-diff"] = "compliance-diff"
FORMAT_VERSION: Literal[1] = 1


class Category(StrEnum):
    new_failure = "new_failure"
    still_failing = "still_failing"
    waiver_expired = "waiver_expired"
    resolved = "resolved"
    newly_waived = "newly_waived"
    newly_applicable = "newly_applicable"
    no_longer_applicable = "no_longer_applicable"
    unchanged = "unchanged"


# In the order people read them: what needs action first.
CATEGORY_LABELS: dict[Category, Text] = {
    Category.new_failure: Text(vi="Mới không đạt", en="New failure"),
    Category.waiver_expired: Text(vi="Hết miễn trừ", en="Waiver expired"),
    Category.still_failing: Text(vi="Vẫn không đạt", en="Still failing"),
    Category.resolved: Text(vi="Đã khắc phục", en="Resolved"),
    Category.newly_waived: Text(vi="Mới được miễn", en="Newly waived"),
    Category.newly_applicable: Text(vi="Mới áp dụng", en="Newly applicable"),
    Category.no_longer_applicable: Text(vi="Không còn áp dụng", en="No longer applicable"),
    Category.unchanged: Text(vi="Không đổi", en="Unchanged"),
}
CATEGORY_ORDER = {c: i for i, c in enumerate(CATEGORY_LABELS)}

_FAILING = frozenset({Status.fail, Status.error})
_IN_ORDER = frozenset({Status.pass_, Status.pending})
_Class = Literal["failing", "in_order", "waived", "absent"]


def _class(status: Status | None) -> _Class:
    if status in _FAILING:
        return "failing"
    if status in _IN_ORDER:
        return "in_order"
    if status is Status.waived:
        return "waived"
    return "absent"  # not applicable, or no finding


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class State(Model):
    """A finding in one of the two audits."""

    status: Status
    severity: Severity
    waiver: str | None = None
    message: Text


def classify(before: State | None, after: State | None, *, same_audit: bool = False) -> Category:
    """The category of a finding whose state was ``before`` and is ``after`` (None: absent);
    ``same_audit``: the two audits are the same (every finding unchanged)."""
    if same_audit:
        return Category.unchanged
    a = _class(before.status if before else None)
    b = _class(after.status if after else None)
    if a == b:
        return Category.still_failing if a == "failing" else Category.unchanged
    if b == "failing":
        return Category.waiver_expired if a == "waived" else Category.new_failure
    if b == "waived":
        return Category.newly_waived
    if b == "in_order":
        return Category.newly_applicable if a == "absent" else Category.resolved
    return Category.no_longer_applicable


class Change(Model):
    """One finding (fingerprint) of either audit, classified."""

    fingerprint: str
    category: Category
    unit_id: str
    unit_name: str | None = None
    school_year: str
    rule_id: str
    pack: str | None
    title: Text
    severity: Severity = Field(description="Mức độ ở lần sau (hoặc lần trước nếu không còn) / severity")
    before: State | None = Field(description="Ở lần A; null khi không có / in audit A; null when absent")
    after: State | None = Field(description="Ở lần B; null khi không có / in audit B; null when absent")


class DocumentChange(Model):
    file: str
    change: Literal["added", "changed", "removed"]


class AuditDiff(Model):
    """What changed from audit A to audit B."""

    format: Literal["compliance-diff"] = FORMAT
    version: Literal[1] = FORMAT_VERSION
    tool_version: str
    a: Source
    b: Source
    counts: dict[Category, int] = Field(description="Số kết luận theo loại thay đổi / findings per category")
    findings: list[Change] = Field(
        description="Mọi kết luận của hai lần, kể cả không đổi / every finding, unchanged too"
    )
    documents: list[DocumentChange] | None = Field(
        default=None,
        description="Văn bản thêm, sửa, bớt (theo SHA-256) khi cả hai là lần đã lưu; null với tệp JSON "
        "/ documents added, changed, removed (by SHA-256) when both are saved runs; null for JSON files",
    )
    notes: list[Text] = Field(default_factory=list)

    def changed(self) -> list[Change]:
        return [c for c in self.findings if c.category is not Category.unchanged]


def _state(f: StoredFinding | None) -> State | None:
    if f is None:
        return None  # built from typed findings: no validation needed (a large diff makes many)
    return State.model_construct(status=f.status, severity=f.severity, waiver=f.waiver, message=f.message)


def diff(a: Snapshot, b: Snapshot) -> AuditDiff:
    """Classify every finding of ``a`` and ``b`` (see the module's table)."""
    states = {
        fp: (_state(a.findings.get(fp)), _state(b.findings.get(fp)))
        for fp in dict.fromkeys([*b.findings, *a.findings])  # B's order, then what only A has
    }
    same = all(was == now for was, now in states.values())
    changes = []
    for fp, (was, now) in states.items():
        named = b.findings.get(fp) or a.findings[fp]
        changes.append(
            Change.model_construct(
                fingerprint=fp,
                category=classify(was, now, same_audit=same),
                unit_id=named.unit_id,
                unit_name=named.unit_name,
                school_year=named.school_year,
                rule_id=named.rule_id,
                pack=named.pack,
                title=named.title,
                severity=named.severity,
                before=was,
                after=now,
            )
        )
    changes.sort(
        key=lambda c: (CATEGORY_ORDER[c.category], c.unit_id, c.school_year, -c.severity.rank, c.rule_id)
    )
    counts = dict.fromkeys(Category, 0)
    for c in changes:
        counts[c.category] += 1
    documents = None
    if a.documents is not None and b.documents is not None:
        documents = [
            DocumentChange(file=file, change="added" if file not in a.documents else "changed")
            for file, digest in sorted(b.documents.items())
            if file not in a.documents or a.documents[file] != digest
        ] + [
            DocumentChange(file=file, change="removed")
            for file in sorted(a.documents)
            if file not in b.documents
        ]
    return AuditDiff(
        tool_version=__version__,
        a=a.source,
        b=b.source,
        counts=counts,
        findings=changes,
        documents=documents,
        notes=_notes(a.source, b.source),
    )


def _notes(a: Source, b: Source) -> list[Text]:
    notes = []
    if a.run is not None and a.run == b.run and a.store == b.store:
        notes.append(Text(vi="Hai bên là cùng một lần kiểm tra.", en="Both sides are the same run."))
    if a.as_of > b.as_of:
        notes.append(
            Text(
                vi=f"Lần A tính đến ngày {a.as_of:%d/%m/%Y}, sau lần B ({b.as_of:%d/%m/%Y}): "
                "thay đổi được đọc từ A sang B.",
                en=f"Audit A is as of {a.as_of:%d/%m/%Y}, after audit B ({b.as_of:%d/%m/%Y}): "
                "changes read from A to B.",
            )
        )
    before = {p.id: p.version for p in a.packs}
    after = {p.id: p.version for p in b.packs}
    for pack, version in after.items():
        if pack not in before:
            notes.append(
                Text(
                    vi=f"Bộ tiêu chí {pack} (phiên bản {version}) chỉ có ở lần B.",
                    en=f"The pack {pack} (version {version}) is only in audit B.",
                )
            )
        elif before[pack] != version:
            notes.append(
                Text(
                    vi=f"Bộ tiêu chí {pack}: phiên bản {before[pack]} ở lần A, {version} ở lần B.",
                    en=f"The pack {pack}: version {before[pack]} in audit A, {version} in audit B.",
                )
            )
    notes.extend(
        Text(
            vi=f"Bộ tiêu chí {pack} (phiên bản {version}) chỉ có ở lần A.",
            en=f"The pack {pack} (version {version}) is only in audit A.",
        )
        for pack, version in before.items()
        if pack not in after
    )
    return notes
