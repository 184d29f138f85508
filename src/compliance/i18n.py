"""Bilingual text: every message a person reads exists in Vietnamese and English."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


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


def t(vi: str, en: str) -> Text:
    return Text(vi=vi, en=en)
