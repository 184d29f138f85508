"""The rule language of check kind ``condition``: what a rule's ``check: {condition: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from typing import Literal

from compliance.language import Condition, DateValue, Missing, ParamRef, Strict


class ConditionSpec(Strict):
    documents: list[str] | None = None
    test: Condition
    quantifier: Literal["any", "all", "latest"] = "any"
    if_none: Missing = "fail"
    due: DateValue | None = None
    reading: Literal["auto", "exclusive", "inclusive"] | ParamRef = "auto"
