"""The rule language of check kind ``deadline``: what a rule's ``check: {deadline: …}`` may say.

Imported only when rule packs are compiled (:mod:`compliance.rulepack`): a check that reads its
program from the cache never builds these pydantic models (:mod:`compliance.checks`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from compliance.language import Correction, DateValue, ParamRef, Select, Strict


class Period(Strict):
    from_: DateValue = Field(alias="from")
    to: DateValue


class DeadlineSpec(Strict):
    report: Select = Field(description="Văn bản phải nộp / the document that must be received")
    due: DateValue = Field(description="Ngày D trong 'trước ngày D' / the D of 'before D'")
    reading: Literal["auto", "exclusive", "inclusive"] | ParamRef = Field(
        default="auto",
        description="'trước ngày D': exclusive = hạn chót là D-1; inclusive = hạn chót là D; auto = inclusive "
        "khi kế hoạch in kèm thứ của ngày D, nếu không thì exclusive",
    )
    shift_to_working_day: bool | ParamRef = Field(
        default=False,
        description="Hạn chót rơi vào ngày nghỉ thì lùi sang ngày làm việc kế tiếp / roll a non-working last day forward",
    )
    correction: Correction | None = None
    topics: list[str] | None = Field(
        default=None,
        description="Chủ đề báo cáo phải có (topics) — hoặc văn bản ghi plan_ref của kế hoạch này "
        "/ topics the report must be on — or name this plan in plan_ref",
    )
    period: Period | None = Field(
        default=None, description="Kỳ mà báo cáo phải tổng kết / the period the report must review"
    )
    not_before: DateValue | None = Field(
        default=None,
        description="Văn bản nhận trước ngày này không tính (mặc định: ngày ban hành kế hoạch) "
        "/ documents received earlier do not count (default: the day the plan was issued)",
    )


# ----------------------------------------------------------------------------- the arithmetic
