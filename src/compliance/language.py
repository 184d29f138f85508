"""The building blocks of the rule language: values, parameters, conditions and selections.

Every check kind (:mod:`compliance.checks`) builds its part of the rule language from these; a
rule pack (:mod:`compliance.rulepack`) is rules whose checks are such kinds. These are pydantic
models of what a rule author may write, nothing more: :mod:`compliance.compiler` turns them into
the IR of :mod:`compliance.ir`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)
from pydantic_core import PydanticCustomError

from compliance.i18n import Text

IDENT = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
FIELD_PATH = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"

# Dates in a pack lie in these years: a plan of 0001 or 9999 is a typo, and date arithmetic at the
# ends of the calendar (the day before 01/01/0001) would fail instead of judging.
MIN_YEAR, MAX_YEAR = 1900, 2100
DATE_RANGE_ERROR = "pack_date_range"  # the pydantic error type of a date outside them


def in_range(day: dt.date) -> bool:
    """The date lies in the years a pack may name (:data:`MIN_YEAR` to :data:`MAX_YEAR`)."""
    return MIN_YEAR <= day.year <= MAX_YEAR


def _bounded(day: dt.date) -> dt.date:
    if not in_range(day):
        raise PydanticCustomError(
            DATE_RANGE_ERROR, "date outside the years {low}-{high}", {"low": MIN_YEAR, "high": MAX_YEAR}
        )
    return day


PackDate = Annotated[dt.date, AfterValidator(_bounded)]
"""A date written in a pack (not through a parameter): ``YYYY-MM-DD`` in :data:`MIN_YEAR`–:data:`MAX_YEAR`.
Dates inside unions (``DateValue``, constants) are bounded by the compiler, which reads them all."""


class Strict(BaseModel):
    # defer_build: built on first validation (compiling a pack), not on import
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class ParamRef(Strict):
    """A value taken from the pack's ``parameters`` (an explicit, documented reading)."""

    param: str = Field(pattern=IDENT, description="Tên tham số của gói / the pack parameter's name")


Scalar = str | int | float | bool
DateValue = dt.date | ParamRef

# Numbers of the rule language are numbers as written: pydantic's lax mode would read "90" (a
# quoted 90, or YAML's "1e309", a string) as a number and ``true`` as 1, bypassing every check.
NUMBER_TYPE_ERROR = "pack_number"  # the pydantic error types of a number written otherwise
WHOLE_NUMBER_TYPE_ERROR = "pack_whole_number"


def _number_as_written(value: Any) -> Any:
    if isinstance(value, bool | str) or (isinstance(value, float) and not math.isfinite(value)):
        raise PydanticCustomError(NUMBER_TYPE_ERROR, "a number is expected, written without quotes")
    return value


def _whole_as_written(value: Any) -> Any:
    if isinstance(value, bool | str | float):
        raise PydanticCustomError(WHOLE_NUMBER_TYPE_ERROR, "a whole number is expected")
    return value


IntValue = Annotated[Annotated[int, Field(ge=0)] | ParamRef, BeforeValidator(_whole_as_written)]
NumberValue = Annotated[float | int | ParamRef, BeforeValidator(_number_as_written)]


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


class Correction(Strict):
    """Why a rule's date differs from the date printed in the plan."""

    printed: str = Field(min_length=1, description="Nguyên văn in trong kế hoạch / as printed")
    reason: Text


Missing = Literal["fail", "error", "not_applicable"]

# Every model here is built (its validator and forward references resolved) on first use, not
# when imported: a check whose program comes from the cache (compliance.cache) validates no pack.
