"""Bilingual text: every message a person reads exists in Vietnamese and English."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["vi", "en"]


class Text(BaseModel):
    """A message in Vietnamese (first) and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vi: str = Field(min_length=1, description="Tiếng Việt / Vietnamese")
    en: str = Field(min_length=1, description="Tiếng Anh / English")

    def pick(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages."""
        return Text(vi=self.vi.format(**values), en=self.en.format(**values))


def vn_date(day: dt.date) -> str:
    """03/01/2024: day first, as Vietnamese officers write dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"  # strftime's %d/%m/%Y, in a third of its time


def vn_number(value: float) -> str:
    """1234.5 -> '1.234,5' (Vietnamese separators), integers without decimals; total: an infinity
    is '∞' and NaN 'NaN' (never raised on, whatever a computation produced)."""
    if isinstance(value, int) and value.bit_length() > 4000:  # formatting 4 301 digits raises
        return f"{'-' if value < 0 else ''}10^{int(math.log10(abs(value)))}"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.1f}" if value != int(value) else f"{int(value):,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(ratio: float) -> str:
    return vn_number(round(ratio * 100, 1)) + "%"
