"""Unicode normalisation of Vietnamese text.

Text is normalised to NFC on load. NFC does not fold the Icelandic eth (U+00D0 'Ð', U+00F0 'ð')
that some sources use in place of the Vietnamese D with stroke (U+0110 'Đ', U+0111 'đ'), nor does
NFKC; we map those ourselves. Tone placement variants (hoá/hóa, Uỷ/Ủy) survive NFC and are left as
written: they are different strings and codes never depend on them.
"""

from __future__ import annotations

import unicodedata

_ETH_TO_D = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})


def normalize_text(value: str) -> str:
    """NFC, with the eth look-alikes mapped to Đ/đ. Cheap when the text is already clean."""
    if value.isascii():
        return value
    if "\u00d0" in value or "\u00f0" in value:
        value = value.translate(_ETH_TO_D)
    return unicodedata.normalize("NFC", value)


def normalize_key(value: str) -> str:
    """A comparison key for names typed by people: NFC, case-folded, white space collapsed.

    Used to match place names ("Thanh  Xuân" and "thanh xuân" are the same district); never used
    to rewrite data.
    """
    return " ".join(normalize_text(value).casefold().split())
