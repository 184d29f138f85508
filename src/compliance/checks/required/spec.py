"""The rule language of check kind ``required``: what a rule's ``check: {required: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from compliance.language import FIELD_PATH, DateValue, IntValue, ParamRef, Select, Strict


class Window(Strict):
    """An inclusive date window on a field of the selected items."""

    field: str = Field(pattern=FIELD_PATH)
    from_: DateValue | None = Field(default=None, alias="from")
    to: DateValue | None = None


class RequiredSpec(Strict):
    select: Select
    min: IntValue = 1
    window: Window | None = None
    due: DateValue | None = Field(
        default=None,
        description="Trước ngày này, thiếu thì là 'chưa đến hạn' / before this date a shortfall is pending",
    )
    reading: Literal["auto", "exclusive", "inclusive"] | ParamRef = Field(
        default="auto", description="Cách hiểu 'trước ngày due', như ở deadline / how 'before due' is read"
    )
