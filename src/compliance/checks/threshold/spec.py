"""The rule language of check kind ``threshold``: what a rule's ``check: {threshold: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from compliance.language import FIELD_PATH, DateValue, Missing, NumberValue, ParamRef, Select, Strict


class Measure(Strict):
    aggregate: Literal["count", "sum", "max", "min"]
    select: Select
    field: str | None = Field(default=None, pattern=FIELD_PATH)
    latest_document: bool = Field(
        default=False,
        description="Chỉ lấy các mục của văn bản nhận sau cùng có mục đó (theo nhóm) / take the items of the "
        "latest-received document that has any (per group)",
    )
    distinct_by: list[str] | None = Field(
        default=None,
        description="Mỗi giá trị của các trường này chỉ tính một mục / one item per value of these fields",
    )

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


class ThresholdSpec(Strict):
    numerator: Measure
    denominator: Measure | None = None
    group_by: GroupBy | None = None
    op: Literal["ge", "gt", "le", "lt", "eq"] = "ge"
    target: NumberValue
    if_missing: Missing = "fail"
    due: DateValue | None = Field(
        default=None,
        description="Trước ngày này, chưa đạt thì là 'chưa đến hạn' / before this date a shortfall is pending",
    )
    reading: Literal["auto", "exclusive", "inclusive"] | ParamRef = "auto"
