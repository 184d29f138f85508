"""Every case of the corpus is written from a plan's own words: its quote is verbatim there."""

from __future__ import annotations

import unicodedata

import pytest

from compliance.loading import load_file
from conformance.corpus import CORPUS
from shared import SEEDS, shared

FILES = sorted(CORPUS.glob("*/*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_the_quote_a_case_is_written_from_is_verbatim_in_its_plan(path: object) -> None:
    spec = load_file(str(path)).data
    number = spec["plan"][:3]
    (seed,) = shared(SEEDS).glob(f"{number}_*.txt")
    text = unicodedata.normalize("NFC", seed.read_text(encoding="utf-8"))
    assert spec["quote"] in text, f"{path}: the quote is not in {seed.name}"


def test_every_kind_has_cases() -> None:
    from compliance.checks import KINDS

    assert {p.parent.name for p in FILES} == set(KINDS)
