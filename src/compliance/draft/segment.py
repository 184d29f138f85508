"""A plan's text cut into sections and clauses, each with its exact span in the NFC text.

Headings are the plan's own markers at the start of a line: ``A.`` (a part), ``I.`` (a roman
chapter), ``1.``/``3.4.`` (numbered items), ``a)`` (lettered points) and the ordinal openers of
press reports ("Thứ nhất,", "Cuối cùng"). A section is named by the chain of markers that leads
to it ("C.II", "B.3.4", "2.a"). Lines after "Nơi nhận:" are the recipients, not the plan's body.

A clause is the unit a rule quotes: a sentence, or a part of one cut at ";" or at ": " before a
capital letter (the "Chế độ báo cáo: Báo cáo sơ kết …; Báo cáo tổng kết …" pattern), with list
bullets and trailing punctuation left out. Every pattern here runs on one line (bounded input),
and none nests a repetition, so matching is linear.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

_ROMAN = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
# A marker at the start of a line: "B.", "II.", "3.4.", "a)", followed by a space.
_MARKER = re.compile(
    r"[ \t\u00a0]*(?P<m>[A-Z]|[IVX]{1,6}|[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[a-zđ])(?P<p>[.)])[ \t\u00a0]+"
)
_ORDINAL = re.compile(
    r"[ \t\u00a0]*(?P<m>Thứ (?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|Cuối cùng)\b", re.IGNORECASE
)
_RECIPIENTS = re.compile(r"[ \t\u00a0]*Nơi nhận\s*:", re.IGNORECASE)
# Where a clause ends: ";" or a sentence end (". " / "! " / "? " before a capital, a bullet or a
# quote), or ": " before a capital letter.
_BREAK = re.compile(r";|[.!?…](?=[ \t\u00a0]+[\"“(\-–]?[A-ZĐÀ-Ỹ0-9])|:(?=[ \t\u00a0]+[A-ZĐÀ-Ỹ])")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    {"tp", "q", "h", "tx", "tt", "ths", "ts", "pgs", "gs", "đ/c", "v/v", "st", "x", "p"}
)
# A line that hands out the tasks listed after it: "… đề nghị các Phòng GDĐT … thực hiện như sau:"
_INTRO = re.compile(r"(?<!\w)(?:đề nghị|yêu cầu|giao|chỉ đạo)(?!\w)", re.IGNORECASE)
_LEAD = " \t\u00a0-–—+•*·>"
_TRAIL = " \t\u00a0.;:,/"


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of the plan: ``text == plan[start:end]``."""

    start: int
    end: int
    text: str
    section: str  # the chain of headings, "C.II"; "" before the first heading
    headings: tuple[str, ...]  # the headings' own text, outermost first (for the addressee)
    lead: str  # the sentence's text before this clause (context: "Báo cáo Sở GDĐT đúng tiến độ")
    intro: str  # the last line that introduced a list of tasks ("… đề nghị các trường thực hiện như sau:")
    bullet: bool  # the line is a list item or a numbered item
    title_line: bool  # a short line with no sentence punctuation: a title or a link, not a sentence


@dataclass(frozen=True, slots=True)
class Segmented:
    clauses: tuple[Clause, ...]
    recipients: tuple[str, ...]  # the lines after "Nơi nhận:"


def _level(marker: str, punct: str) -> tuple[int, str] | None:
    """(level, label) of a heading marker — 0 a part (A.), 1 a chapter (I., II.), 2 an item
    (1., 3.4.), 3 a point (a), b.) — or None when it is not one."""
    if marker[0].isdigit():
        return 2, marker
    if len(marker) == 1 and marker.islower():
        return (3, marker) if punct == ")" or marker in "abcdđeg" else None
    if _ROMAN.fullmatch(marker):  # I, V, X and their combinations are chapters, not parts
        return 1, marker
    if len(marker) == 1 and marker.isupper():
        return 0, marker
    return None


def segment(text: str) -> Segmented:
    clauses: list[Clause] = []
    recipients: list[str] = []
    in_recipients = False
    stack: list[tuple[int, str, str]] = []  # (level, label, heading text)
    intro = ""
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        start = offset
        offset += len(line) + 1
        if in_recipients:
            if line.strip():
                recipients.append(line.strip(_LEAD + _TRAIL))
            continue
        if not line.strip():
            continue
        if _RECIPIENTS.match(line):
            in_recipients = True
            rest = line[line.index(":") + 1 :].strip(_LEAD + _TRAIL)
            if rest:
                recipients.append(rest)
            continue
        body = 0
        bullet = line.lstrip(" \t\u00a0")[:1] in "-–—+•*·"
        if m := _MARKER.match(line):
            found = _level(m.group("m"), m.group("p"))
            if found is not None:
                level, label = found
                while stack and stack[-1][0] >= level:
                    stack.pop()
                stack.append((level, label, line[m.end() :].strip()[:120]))
                body = m.end()
                bullet = True
        elif m := _ORDINAL.match(line):
            while stack and stack[-1][0] >= 2:
                stack.pop()
            stack.append((2, m.group("m"), line[m.end() :].strip()[:120]))
        section = ".".join(lb for _, lb, _ in stack)
        headings = tuple(h for _, _, h in stack)
        stripped = line.strip(" \t\u00a0")
        neighbours = [lines[i].strip() for i in (index - 1, index + 1) if 0 <= i < len(lines)]
        title_line = (
            not bullet
            and len(stripped) < 100
            and stripped[-1:] not in ".;:!?…"
            and any(n and n[-1:] not in ".;:!?…" for n in neighbours)
        )
        clauses.extend(
            _clauses(text, start + body, start + len(line), section, headings, intro, bullet, title_line)
        )
        if body == 0 and stripped.endswith(":") and (m := _INTRO.search(stripped)):
            intro = stripped[m.start() :]
    return Segmented(tuple(clauses), tuple(recipients))


_CLOSES = {"”": "“", ")": "(", "»": "«"}
_OPENS = {v: k for k, v in _CLOSES.items()}


def _unpaired(piece: str, mark: str, partner: str) -> bool:
    if mark == partner:  # the straight quote closes itself
        return piece.count(mark) % 2 == 1
    return piece.count(mark) > piece.count(partner)


def _unpaired_trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    """The span without a quotation mark or parenthesis at either end whose partner lies in
    another clause (a quote that runs across a ";" or a sentence end)."""
    while e - s > 3:
        last, first = text[e - 1], text[s]
        if (last in _CLOSES or last == '"') and _unpaired(text[s:e], last, _CLOSES.get(last, '"')):
            e -= 1
            while e > s and text[e - 1] in _TRAIL:
                e -= 1
        elif (first in _OPENS or first == '"') and _unpaired(text[s:e], first, _OPENS.get(first, '"')):
            s += 1
            while s < e and text[s] in _LEAD:
                s += 1
        else:
            break
    return s, e


def _clauses(
    text: str,
    start: int,
    end: int,
    section: str,
    headings: tuple[str, ...],
    intro: str,
    bullet: bool,
    title_line: bool,
) -> list[Clause]:
    line = text[start:end]
    cuts = [0]
    for m in _BREAK.finditer(line):
        if m.group() == ".":
            word = line[: m.start()].rsplit(None, 1)[-1:] or [""]
            if word[0].casefold() in _ABBREVIATIONS:
                continue
        cuts.append(m.end())
    cuts.append(len(line))
    out: list[Clause] = []
    sentence_start = 0
    for a, b in itertools.pairwise(cuts):
        piece = line[a:b]
        left = len(piece) - len(piece.lstrip(_LEAD))
        right = len(piece.rstrip(_TRAIL))
        if right - left < 3:
            continue
        s, e = start + a + left, start + a + right
        s, e = _unpaired_trimmed(text, s, e)
        if e - s < 3:
            continue
        lead = line[sentence_start:a].strip(_LEAD + _TRAIL)
        out.append(Clause(s, e, text[s:e], section, headings, lead, intro, bullet, title_line))
        if line[b - 1 : b] in ".!?…":
            sentence_start = b
    return out
