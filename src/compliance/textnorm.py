"""Unicode normalisation of Vietnamese text.

Text is normalised to NFC on load. NFC does not fold the Icelandic eth (U+00D0 'Ð', U+00F0 'ð')
that some sources use in place of the Vietnamese D with stroke (U+0110 'Đ', U+0111 'đ'), nor does
NFKC; we map those ourselves. Tone placement variants (hoá/hóa, Uỷ/Ủy) survive NFC and are left as
written: they are different strings and codes never depend on them; place names alone are matched
on a key that ignores where the tone mark sits (:func:`place_key`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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

    Used to compare names typed by people ("Thanh  Xuân" and "thanh xuân" are the same district;
    places go through :func:`place_key`); never used to rewrite data.
    """
    return " ".join(normalize_text(value).casefold().split())


# -- place names (province, district)

# The five Vietnamese tone marks. In an open syllable ending in oa, oe or uy, the mark sits on the
# first vowel in one spelling convention (hòa, khỏe, thủy) and on the second in the other (hoà,
# khoẻ, thuỷ): the same name. Keys use the first; "qu" is a consonant (quý is always quý).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_ON_SECOND = {
    unicodedata.normalize("NFC", first + second + tone): unicodedata.normalize("NFC", first + tone + second)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for tone in _TONES
}
_TONE_PLACEMENT = re.compile(r"(?<!q)(" + "|".join(_TONE_ON_SECOND) + r")(?![^\W\d_])")


@lru_cache(maxsize=4096)  # a district's documents name the same few places: each is keyed once
def place_key(value: str) -> str:
    """The key place names are matched on: :func:`normalize_key`, with the tone mark of an open
    "oa", "oe", "uy" on its first vowel — "Hoà Bình" is "Hòa Bình", "Thuỷ" is "Thủy", the two
    spelling conventions in use. Letters stay distinct: "Đ" is not "D", "ơ" is not "o", another
    tone is another name, "Quận Thanh Xuân" is not "Thanh Xuân" (see :func:`loose_place_key`)."""
    key = normalize_key(value)
    if key.isascii():
        return key
    return _TONE_PLACEMENT.sub(lambda m: _TONE_ON_SECOND[m.group()], key)


# Words an officer may write before a place's name: tỉnh, thành phố, quận, huyện, thị xã and
# their abbreviations, as they read once diacritics are gone.
_ADMIN_PREFIXES = (
    ("thanh", "pho"),
    ("thi", "xa"),
    ("tinh",),
    ("tp",),
    ("quan",),
    ("q",),
    ("huyen",),
    ("h",),
    ("tx",),
)


def loose_place_key(value: str) -> str:
    """A key that only finds *suggestions*, never a match: no diacritics (đ is d), punctuation as
    spaces, and one leading "Quận", "Q.", "Huyện", "TP." … dropped. Two different places can share
    it — "Huyện Kỳ Anh" and "Thị xã Kỳ Anh" are two units of Hà Tĩnh, "Hà Nam" and "Hà Năm" are
    not the same — so it is only ever offered to a person: "Thanh Xuan — có phải 'Thanh Xuân'?"."""
    folded = unicodedata.normalize("NFD", normalize_key(value).replace("đ", "d"))
    words = re.split(r"[\W_]+", "".join(c for c in folded if not unicodedata.combining(c)))
    words = [w for w in words if w]
    for prefix in _ADMIN_PREFIXES:
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            words = words[len(prefix) :]
            break
    return " ".join(words)
