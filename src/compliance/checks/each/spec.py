"""The rule language of check kind ``each``: what a rule's ``check: {each: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from compliance.language import FIELD_PATH, IntValue, Missing, Select, Strict


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
    declared: str | None = Field(
        default=None,
        pattern=FIELD_PATH,
        description="Trường phải được khai (mặc định: collection của for_each), kể cả là danh sách rỗng "
        "/ the field that must be declared, even as an empty list (default: for_each's collection)",
    )
    if_missing: Missing = "error"

    @model_validator(mode="after")
    def _window_fields(self) -> EachSpec:
        if self.within_days is not None and (self.from_field is None or self.to_field is None):
            raise ValueError("within_days needs from_field and to_field")
        return self
