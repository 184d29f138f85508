"""The rule language: pydantic models of a rule pack as written in YAML.

A rule pack is data. These models define what a rule author may write; ``schemas/rule-pack.schema.json``
is generated from them (``compliance schema rule-pack``) so that editors validate rule files as they
are typed. Conditions and selections are in :mod:`compliance.language`; what a rule's ``check`` can
be is the registry of check kinds (:mod:`compliance.checks`), each kind with its own model. The
models say nothing about how rules are evaluated: :mod:`compliance.compiler` turns a validated pack
into the IR.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, create_model, model_validator

from compliance.checks import KINDS
from compliance.i18n import Text
from compliance.language import IDENT, PackDate, Scalar, Strict
from compliance.severity import Severity

CHECK_KINDS = tuple(KINDS)


class CheckBase(Strict):
    """Exactly one kind of check."""

    @model_validator(mode="after")
    def _one_kind(self) -> CheckBase:
        kinds = [k for k in CHECK_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                f"a check needs exactly one of {', '.join(CHECK_KINDS)}; found {kinds or 'none'}"
            )
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CHECK_KINDS if getattr(self, k) is not None)

    @property
    def spec(self) -> Any:
        """The model of the one kind this check is (a ``DeadlineSpec``, a ``RequiredSpec`` …)."""
        return getattr(self, self.kind)


if TYPE_CHECKING:
    Check = CheckBase
else:
    # One optional key per registered kind, in the registry's order.
    Check = create_model(
        "Check",
        __base__=CheckBase,
        __doc__=CheckBase.__doc__,
        __module__=__name__,
        **{name: (kind.spec | None, None) for name, kind in KINDS.items()},
    )


# ----------------------------------------------------------------------------- rules and packs


class Jurisdiction(Strict):
    province: str | None = None
    district: str | None = None


class Effective(Strict):
    """When the obligation can arise (its addressee exists, its clause is in force). It is compared
    with the obligation's own due date — never with the audit's as-of date: a district office
    dissolved in 2025 still owed its 2023-2024 reports."""

    from_: PackDate | None = Field(
        default=None, alias="from", description="Ngày bắt đầu áp dụng (tính cả ngày này)"
    )
    to: PackDate | None = Field(default=None, description="Ngày cuối cùng còn áp dụng (tính cả ngày này)")
    reason: Text | None = None


class Repealed(Strict):
    """The obligation was repealed: from ``on``, an audit no longer holds anyone to it, even for
    earlier years (a repealed sanction is not enforced afterwards)."""

    on: PackDate = Field(description="Ngày bãi bỏ có hiệu lực / the day the repeal takes effect")
    by: str = Field(min_length=1, description="Văn bản bãi bỏ / the repealing act")
    reason: Text


class AppliesTo(Strict):
    unit_types: list[str] = Field(min_length=1)
    levels: list[str] | None = Field(
        default=None, description="Trường có ít nhất một cấp học trong danh sách"
    )
    effective: Effective | None = None
    repealed: Repealed | None = None


class Source(Strict):
    document: str = Field(min_length=1, description="Tên tệp nguồn (seed) / source file name")
    section: str = Field(min_length=1)
    quote: str = Field(
        min_length=1, description="Trích nguyên văn, là chuỗi con của tệp nguồn / verbatim quote"
    )


class RuleTest(Strict):
    """An example that the rule must judge as ``expect``: the pack tests itself."""

    name: str = Field(min_length=1)
    as_of: PackDate
    documents: list[dict[str, Any]] = Field(default_factory=list)
    expect: Literal["pass", "fail", "pending", "not_applicable", "error"]


class Rule(Strict):
    id: str = Field(pattern=IDENT)
    title: Text
    severity: Severity
    applies_to: AppliesTo
    source: Source
    check: Check
    remediation: Text
    notes: Text | None = None
    tests: list[RuleTest] = Field(default_factory=list)


class Parameter(Strict):
    value: Scalar | dt.date
    choices: list[Scalar] | None = None
    description: Text


class Issuer(Strict):
    name: str
    so_hieu: str | None = None
    issued_on: PackDate
    place: str | None = None


class PackDocument(Strict):
    seed: str = Field(min_length=1, description="Tên tệp nguồn trong seeds/ / seed file name")
    title: str
    issuer: Issuer
    school_year: str = Field(pattern=r"^[0-9]{4}-[0-9]{4}$")
    jurisdiction: Jurisdiction | None = None
    cited_as: Text | None = Field(
        default=None,
        description="Cách kết luận trích dẫn văn bản này, như cán bộ viết: 'Kế hoạch ngày 21/9/2023 của Phòng "
        "GDĐT quận Thanh Xuân' / how findings cite the plan, as an officer would",
    )
    notes: Text | None = None


class CalendarOverrides(Strict):
    extra_holidays: dict[PackDate, str] = Field(default_factory=dict)
    extra_working_days: list[PackDate] = Field(default_factory=list)


class RulePack(Strict):
    """One plan (kế hoạch) turned into rules."""

    pack: str = Field(pattern=IDENT, description="Mã bộ tiêu chí / pack id")
    version: str = "1"
    title: Text
    document: PackDocument
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    calendar: CalendarOverrides | None = None
    test_defaults: dict[str, Any] = Field(
        default_factory=dict,
        description="Phần chung gộp vào mọi văn bản thử / merged into every test document",
    )
    not_encoded: list[NotEncoded] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)


class NotEncoded(Strict):
    """A statement of the plan that is not a checkable obligation, and why."""

    ref: str = Field(description="Mã nghĩa vụ (obligations.json) hoặc mục / obligation id or section")
    quote: str
    reason: Text
