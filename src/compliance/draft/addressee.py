"""Who a sentence is addressed to, in the rule language's unit types and school levels.

The guess reads, in order: the sentence itself before its verb ("Các trường …", "UBND các xã
…"), the headings it sits under ("II. Đối với các nhà trường"), then the plan's "Nơi nhận".
Offices a sentence sends *to* ("báo cáo UBND huyện", "gửi về Phòng GDĐT") are recipients, not
addressees, and are skipped. Nothing found: the draft says so with a TODO.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (unit type, pattern) in a fixed order; patterns are matched case-insensitively on one clause.
_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.IGNORECASE))
    for code, pattern in (
        ("TT_HTCD", r"trung tâm học tập cộng đồng|TTHTCĐ"),
        ("TT_GDNN_GDTX", r"trung tâm (?:GDNN|giáo dục nghề nghiệp|GDTX|giáo dục thường xuyên)"),
        (
            "SO_GDDT",
            r"(?<!\w)(?<!cơ )sở (?:GD&ĐT|GDĐT|GD-ĐT|giáo dục và đào tạo|giáo dục - đào tạo|giáo dục)(?!\w)",
        ),
        (
            "PHONG_GDDT",
            r"(?<!\w)phòng (?:GD&ĐT|GDĐT|GD-ĐT|giáo dục và đào tạo|giáo dục - đào tạo|giáo dục)(?!\w)",
        ),
        ("UBND_XA", r"(?:UBND|ủy ban nhân dân|uỷ ban nhân dân)(?: các)? (?:xã|phường|thị trấn)"),
        ("UBND_HUYEN", r"(?:UBND|ủy ban nhân dân|uỷ ban nhân dân)(?: các)? (?:huyện|quận|thị xã)"),
        (
            "TRUONG",
            r"(?<!\w)(?:nhà trường|các trường|trường học|đơn vị trường học|cơ sở giáo dục|hiệu trưởng|trường (?:mầm non|tiểu học|THCS|THPT|MN|TH))(?!\w)",
        ),
    )
)
_LEVELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern))
    for code, pattern in (
        ("MN", r"(?i:mầm non)|(?<!\w)MN(?!\w)"),
        ("TH", r"(?i:tiểu học)|(?<!\w)TH(?!\w)"),
        ("THCS", r"(?i:trung học cơ sở)|(?<!\w)THCS(?!\w)"),
        ("THPT", r"(?i:trung học phổ thông)|(?<!\w)THPT(?!\w)"),
    )
)
# A unit named after one of these words receives, it does not act: "báo cáo UBND huyện".
_TO = re.compile(
    r"(?:báo cáo|gửi(?: về)?|nộp(?: về)?|trình|tới|đến|(?<!đối )với|cho|của|qua|thông báo(?: tới)?|tham mưu(?: với)?)\s+(?:[^\s,;]+\s+){0,2}$",
    re.IGNORECASE,
)
_VERB = re.compile(
    r"(?<!\w)(?:báo cáo|gửi|nộp|tổ chức|thành lập|kiện toàn|xây dựng|thực hiện|triển khai|quán triệt|không|nghiêm cấm|tuyệt đối|phải|cần)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Addressee:
    unit_types: tuple[str, ...]
    levels: tuple[str, ...]
    source: str  # "sentence" | "heading" | "recipients" | "none"


def _units(text: str, actors_only: bool) -> list[str]:
    found: list[tuple[int, str]] = []
    for code, pattern in _UNITS:
        for m in pattern.finditer(text):
            if actors_only and _TO.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            found.append((m.start(), code))
            break
    return [code for _, code in sorted(found)]


def actors(text: str) -> list[str]:
    """The unit types ``text`` names as acting (not those it sends to), in the order named."""
    return _units(text, actors_only=True)


def levels_in(text: str) -> tuple[str, ...]:
    return tuple(code for code, pattern in _LEVELS if pattern.search(text))


_INTERNAL = re.compile(r"(?i)^(?:lưu\b|lãnh đạo\b|chuyên viên\b|các phòng chuyên môn\b|ban giám đốc\b)")


def internal(line: str) -> bool:
    """A copy kept by the issuer itself ("Lưu: VT", "Lãnh đạo, chuyên viên phòng GDĐT")."""
    return _INTERNAL.match(line) is not None


def recipients(lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Unit types and school levels named in "Nơi nhận" (the filing copy, "Lưu", is not one)."""
    types: list[str] = []
    levels: list[str] = []
    for line in lines:
        if internal(line):
            continue
        for code in _units(line, actors_only=False):
            if code not in types:
                types.append(code)
        if "TRUONG" in _units(line, actors_only=False):
            levels.extend(lv for lv in levels_in(line) if lv not in levels)
    return tuple(types), tuple(levels)


def guess(
    clause: str,
    lead: str,
    headings: tuple[str, ...],
    received: tuple[tuple[str, ...], tuple[str, ...]],
    issuer: str | None,
    intro: str = "",
) -> Addressee:
    """The unit types a clause is addressed to (see the module's docstring)."""
    sentence = f"{lead} {clause}" if lead else clause
    verb = _VERB.search(sentence)
    before = sentence[: verb.start()] if verb else ""
    if units := _units(before, actors_only=True):
        return Addressee(tuple(units), _levels_for(units, before, received), "sentence")
    for heading in reversed(headings):
        if units := _units(heading, actors_only=True):
            return Addressee(tuple(units), _levels_for(units, heading, received), "heading")
    if units := _units(intro, actors_only=False):  # "… đề nghị các Phòng GDĐT, các cơ sở giáo dục …:"
        return Addressee(tuple(units), _levels_for(units, intro, received), "intro")
    types = tuple(t for t in received[0] if t != issuer)
    # a plan's recipients include the office it reports to; the schools and offices below it act
    acting = tuple(t for t in types if t not in ("SO_GDDT", "UBND_HUYEN")) or types
    if acting:
        return Addressee(acting, received[1] if "TRUONG" in acting else (), "recipients")
    return Addressee((), (), "none")


def _levels_for(
    units: list[str], text: str, received: tuple[tuple[str, ...], tuple[str, ...]]
) -> tuple[str, ...]:
    if "TRUONG" not in units:
        return ()
    return levels_in(text) or received[1]


def issuer_type(lines: tuple[str, ...], head: str) -> str | None:
    """The issuer's unit type: named in its own copies among the recipients ("Lãnh đạo, chuyên
    viên phòng GDĐT"), else the first unit the plan's head names."""
    for line in lines:
        if internal(line) and (units := _units(line, actors_only=False)):
            return units[0]
    units = _units(head, actors_only=False)
    return units[0] if units else None
