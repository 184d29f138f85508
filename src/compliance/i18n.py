"""Bilingual text: every message a person reads exists in Vietnamese and English."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, ClassVar, Literal

from compliance._pydantic import ConfigDict, Field
from compliance._slots import setters

Lang = Literal["vi", "en"]


# A slotted dataclass, not a pydantic model (as the parts of a finding, compliance.findings): the
# modules make hundreds at import, and a model class builds its validator when it is defined.
# Pydantic still validates a Text inside a model (a rule pack's titles) and writes its JSON Schema,
# as before: ``Field`` metadata through ``Annotated``, and ``__pydantic_config__`` forbids unknown
# keys and gives the docstring as the description (pydantic 2.12 does not take it by itself).
# Neither imports pydantic until pydantic reads the class (compliance._pydantic).
@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """A message in Vietnamese (first) and English."""

    __pydantic_config__: ClassVar[ConfigDict] = ConfigDict(
        extra="forbid", json_schema_extra={"description": __doc__}
    )

    vi: Annotated[str, Field(min_length=1, description="Tiếng Việt / Vietnamese")]
    en: Annotated[str, Field(min_length=1, description="Tiếng Anh / English")]

    def __init__(self, *, vi: str, en: str) -> None:  # dataclass's, 2.6× faster (compliance._slots)
        _set_vi(self, vi)
        _set_en(self, en)

    def pick(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def as_dict(self) -> dict[str, str]:
        """``{"vi": …, "en": …}``: the text as JSON data."""
        return {"vi": self.vi, "en": self.en}

    def format(self, **values: object) -> Text:
        """Fill ``{name}`` placeholders in both languages."""
        return Text(vi=self.vi.format(**values), en=self.en.format(**values))


_set_vi, _set_en = setters(Text, "vi", "en")


@lru_cache(maxsize=4096)  # a check writes the same few days again and again: 63 ns a date, not 470
def vn_date(day: dt.date) -> str:
    """03/01/2024: day first, as Vietnamese officers write dates."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"  # strftime's %d/%m/%Y, in a third of its time


@lru_cache(maxsize=4096, typed=True)  # counts and percentages repeat from unit to unit
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
