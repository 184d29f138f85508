"""The rule language: pydantic models of a rule pack as written in YAML.

A rule pack is data. These models define what a rule author may write; ``schemas/rule-pack.schema.json``
is generated from them (``compliance schema rule-pack``) so that editors validate rule files as they
are typed. The models say nothing about how rules are evaluated: :mod:`compliance.compiler` turns a
validated pack into the intermediate form of :mod:`compliance.ir`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from compliance.i18n import Text

IDENT = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
FIELD_PATH = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"
CODE = r"^[A-Z][A-Z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Severity(StrEnum):
    critical = "critical"
    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {
    Severity.info: 0,
    Severity.low: 1,
    Severity.medium: 2,
    Severity.high: 3,
    Severity.critical: 4,
}


class ParamRef(Strict):
    """A value taken from the pack's ``parameters`` (an explicit, documented reading)."""

    param: str = Field(pattern=IDENT, description="Tên tham số của gói / the pack parameter's name")


Scalar = str | int | float | bool
DateValue = dt.date | ParamRef
IntValue = Annotated[int, Field(ge=0)] | ParamRef
NumberValue = float | int | ParamRef


# ----------------------------------------------------------------------------- conditions


class FieldTest(Strict):
    """A test on one field: ``{field: kind, eq: TO_QL_CSVC}``. Exactly one operator.

    A field that is absent makes every test on it false except ``exists: false``; ``not`` is
    pushed down to the tests, so a missing value never turns into a pass.
    """

    field: str = Field(pattern=FIELD_PATH, description="Đường dẫn trường, dạng a.b.c / dotted field path")
    eq: Scalar | dt.date | ParamRef | None = None
    ne: Scalar | dt.date | ParamRef | None = None
    lt: Scalar | dt.date | ParamRef | None = None
    le: Scalar | dt.date | ParamRef | None = None
    gt: Scalar | dt.date | ParamRef | None = None
    ge: Scalar | dt.date | ParamRef | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    exists: bool | None = None
    matches: str | None = Field(
        default=None, description="Biểu thức chính quy, khớp toàn chuỗi / regex, whole string"
    )
    contains: Scalar | None = Field(default=None, description="Mảng chứa giá trị / array contains the value")
    contains_any: list[Scalar] | None = None
    contains_all: list[Scalar] | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> FieldTest:
        ops = [name for name in OPERATORS if getattr(self, _attr(name)) is not None]
        if len(ops) != 1:
            raise ValueError(
                f"a field test needs exactly one operator ({', '.join(OPERATORS)}); found {ops or 'none'}"
            )
        return self

    @property
    def operator(self) -> str:
        return next(name for name in OPERATORS if getattr(self, _attr(name)) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, _attr(self.operator))


OPERATORS = (
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "in",
    "not_in",
    "exists",
    "matches",
    "contains",
    "contains_any",
    "contains_all",
)


def _attr(op: str) -> str:
    return "in_" if op == "in" else op


class ParamTest(Strict):
    """A test on a pack parameter, decided when the pack is compiled (to switch a reading)."""

    param: str = Field(pattern=IDENT)
    eq: Scalar


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class Not(Strict):
    not_: Condition = Field(alias="not")


class ItemsQuantifier(Strict):
    field: str = Field(pattern=FIELD_PATH, description="Mảng các đối tượng / an array of objects")
    where: Condition


class AnyItem(Strict):
    """At least one element of an array of objects satisfies ``where``."""

    any_item: ItemsQuantifier


class AllItems(Strict):
    """The array is present and every element satisfies ``where``."""

    all_items: ItemsQuantifier


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if not isinstance(value, dict):
        return None
    for key, tag in (
        ("all", "AllOf"),
        ("any", "AnyOf"),
        ("not", "Not"),
        ("any_item", "AnyItem"),
        ("all_items", "AllItems"),
        ("param", "ParamTest"),
        ("field", "FieldTest"),
    ):
        if key in value:
            return tag
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("AllOf")]
    | Annotated[AnyOf, Tag("AnyOf")]
    | Annotated[Not, Tag("Not")]
    | Annotated[AnyItem, Tag("AnyItem")]
    | Annotated[AllItems, Tag("AllItems")]
    | Annotated[ParamTest, Tag("ParamTest")]
    | Annotated[FieldTest, Tag("FieldTest")],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message=(
            "expected a condition: {all: [...]}, {any: [...]}, {not: ...}, {any_item: ...}, "
            "{all_items: ...}, {param: ..., eq: ...} or {field: ..., <operator>: ...}"
        ),
    ),
]


# ----------------------------------------------------------------------------- selections


class Select(Strict):
    """Which things a check looks at: documents of some kinds, or the items of one of their arrays."""

    documents: list[str] | None = Field(
        default=None,
        description="Các loại văn bản (kind) được xét; bỏ trống = mọi văn bản / document kinds; empty = all",
    )
    collection: str | None = Field(
        default=None,
        pattern=FIELD_PATH,
        description="Mảng trong văn bản (committees, food_safety.supplier_commitments); bỏ trống = chính văn bản "
        "/ array in the document; empty = the documents themselves",
    )
    where: Condition | None = None


class Window(Strict):
    """An inclusive date window on a field of the selected items."""

    field: str = Field(pattern=FIELD_PATH)
    from_: DateValue | None = Field(default=None, alias="from")
    to: DateValue | None = None


class Correction(Strict):
    """Why a rule's date differs from the date printed in the plan."""

    printed: str = Field(min_length=1, description="Nguyên văn in trong kế hoạch / as printed")
    reason: Text


class DeadlineSpec(Strict):
    report: Select = Field(description="Văn bản phải nộp / the document that must be received")
    due: DateValue = Field(description="Ngày D trong 'trước ngày D' / the D of 'before D'")
    reading: Literal["exclusive", "inclusive"] | ParamRef = Field(
        default="exclusive",
        description="'trước ngày D': exclusive = hạn chót là D-1; inclusive = hạn chót là D",
    )
    shift_to_working_day: bool | ParamRef = Field(
        default=False,
        description="Hạn chót rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp / roll a non-working last day forward",
    )
    correction: Correction | None = None


class RequiredSpec(Strict):
    select: Select
    min: IntValue = 1
    window: Window | None = None
    due: DateValue | None = Field(
        default=None,
        description="Trước ngày này, thiếu thì là 'chưa đến hạn' / before this date a shortfall is pending",
    )


class Measure(Strict):
    aggregate: Literal["count", "sum", "max", "min"]
    select: Select
    field: str | None = Field(default=None, pattern=FIELD_PATH)

    @model_validator(mode="after")
    def _field_needed(self) -> Measure:
        if (self.aggregate == "count") != (self.field is None):
            raise ValueError("'count' takes no field; 'sum', 'max' and 'min' need one")
        return self


class GroupBy(Strict):
    field: str = Field(pattern=FIELD_PATH)
    values: list[str] = Field(
        min_length=1, description="Mọi nhóm phải có mặt và đạt / every group must be present and meet it"
    )


Missing = Literal["fail", "error", "not_applicable"]


class ThresholdSpec(Strict):
    numerator: Measure
    denominator: Measure | None = None
    group_by: GroupBy | None = None
    op: Literal["ge", "gt", "le", "lt", "eq"] = "ge"
    target: NumberValue
    if_missing: Missing = "fail"


class EachSpec(Strict):
    """Every item of ``for_each`` has an item of ``require`` whose ``match`` equals (or, for an array,
    contains) the item's ``key``, optionally within ``within_days`` from ``from_field`` to ``to_field``."""

    for_each: Select
    key: str = Field(pattern=FIELD_PATH)
    require: Select
    match: str = Field(pattern=FIELD_PATH)
    from_field: str | None = Field(default=None, pattern=FIELD_PATH)
    to_field: str | None = Field(default=None, pattern=FIELD_PATH)
    within_days: IntValue | None = None
    if_none: Literal["pass", "not_applicable"] = "not_applicable"

    @model_validator(mode="after")
    def _window_fields(self) -> EachSpec:
        if self.within_days is not None and (self.from_field is None or self.to_field is None):
            raise ValueError("within_days needs from_field and to_field")
        return self


class ForbiddenSpec(Strict):
    select: Select
    declared: str | None = Field(
        default=None,
        pattern=FIELD_PATH,
        description="Trường phải được khai để kết luận 'không vi phạm' (mặc định: collection) "
        "/ field that must be declared before 'none found' counts (default: the collection)",
    )
    if_missing: Missing = "error"


class ConditionSpec(Strict):
    documents: list[str] | None = None
    test: Condition
    quantifier: Literal["any", "all", "latest"] = "any"
    if_none: Missing = "fail"
    due: DateValue | None = None


class Check(Strict):
    """Exactly one kind of check."""

    deadline: DeadlineSpec | None = None
    required: RequiredSpec | None = None
    threshold: ThresholdSpec | None = None
    each: EachSpec | None = None
    forbidden: ForbiddenSpec | None = None
    condition: ConditionSpec | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Check:
        kinds = [k for k in CHECK_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError(
                f"a check needs exactly one of {', '.join(CHECK_KINDS)}; found {kinds or 'none'}"
            )
        return self

    @property
    def kind(self) -> str:
        return next(k for k in CHECK_KINDS if getattr(self, k) is not None)


CHECK_KINDS = ("deadline", "required", "threshold", "each", "forbidden", "condition")


# ----------------------------------------------------------------------------- rules and packs


class Jurisdiction(Strict):
    province: str | None = None
    district: str | None = None


class Effective(Strict):
    from_: dt.date | None = Field(
        default=None, alias="from", description="Ngày bắt đầu áp dụng (tính cả ngày này)"
    )
    to: dt.date | None = Field(default=None, description="Ngày cuối cùng còn áp dụng (tính cả ngày này)")
    reason: Text | None = None


class AppliesTo(Strict):
    unit_types: list[str] = Field(min_length=1)
    levels: list[str] | None = Field(
        default=None, description="Trường có ít nhất một cấp học trong danh sách"
    )
    effective: Effective | None = None


class Source(Strict):
    document: str = Field(min_length=1, description="Tên tệp nguồn (seed) / source file name")
    section: str = Field(min_length=1)
    quote: str = Field(
        min_length=1, description="Trích nguyên văn, là chuỗi con của tệp nguồn / verbatim quote"
    )


class RuleTest(Strict):
    """An example that the rule must judge as ``expect``: the pack tests itself."""

    name: str = Field(min_length=1)
    as_of: dt.date
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
    issued_on: dt.date
    place: str | None = None


class PackDocument(Strict):
    seed: str = Field(min_length=1, description="Tên tệp nguồn trong seeds/ / seed file name")
    title: str
    issuer: Issuer
    school_year: str = Field(pattern=r"^\d{4}-\d{4}$")
    jurisdiction: Jurisdiction | None = None
    notes: Text | None = None


class CalendarOverrides(Strict):
    extra_holidays: dict[dt.date, str] = Field(default_factory=dict)
    extra_working_days: list[dt.date] = Field(default_factory=list)


class RulePack(Strict):
    """One plan (kế hoạch) turned into rules."""

    pack: str = Field(pattern=IDENT, description="Mã gói luật / pack id")
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


for _model in (AllOf, AnyOf, Not, ItemsQuantifier, AnyItem, AllItems, Select, RulePack):
    _model.model_rebuild()
