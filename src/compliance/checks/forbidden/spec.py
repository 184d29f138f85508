"""The rule language of check kind ``forbidden``: what a rule's ``check: {forbidden: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from pydantic import Field

from compliance.language import FIELD_PATH, Missing, Select, Strict


class ForbiddenSpec(Strict):
    select: Select
    declared: str | None = Field(
        default=None,
        pattern=FIELD_PATH,
        description="Trường phải được khai để kết luận 'không vi phạm' (mặc định: collection) "
        "/ field that must be declared before 'none found' counts (default: the collection)",
    )
    if_missing: Missing = "error"
