"""Characters no file may hold, in YAML and JSON alike: control characters (U+0000–U+001F but tab,
line feed and carriage return; U+007F–U+009F) and noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF and
the last two of every plane).

They do not display, so nobody can see what the file holds, and several outputs cannot carry them
(XML refuses them, spreadsheets mangle them). libyaml refuses most of them when they are written
out, JSON only some; both let a few through as escapes (``"\\u000b"`` in JSON, ``"\\x0b"`` or
``"\\v"`` in a double-quoted YAML scalar). So the text is searched before it is parsed, and the
data afterwards when it was written with an escape that can make one. Every problem names the
character, its line and column, and the JSON pointer of the value that holds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from compliance.errors import Code, Problem
from compliance.i18n import Text
from compliance.loading._base import LoadedFile, located, position_of_char
from compliance.loading.sourcemap import Pos, child
from compliance.messages import problem, word

# One search for every refused character and every character past U+FFFF: a class holding the 32
# noncharacters of planes 1–16 one by one is 15 times slower to search, and characters past
# U+FFFF are rare enough in reports to be sorted out one at a time.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
_JSON_ESCAPE = re.compile(
    r"\\(?:[bf]|u(?:00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|[fF][dD][d-eD-E][0-9a-fA-F]|[dDfF][fF][fF][eEfF]))"
)
_MAX_SHOWN = 20  # problems listed for one file: enough to see the pattern, never a flood

Reparse = Callable[[str], LoadedFile | None]


def refused_in(text: str) -> Iterator[re.Match[str]]:
    """The refused characters of ``text``, in order."""
    for match in _SUSPECT.finditer(text):
        code = ord(match.group())
        if code <= 0xFFFF or code & 0xFFFE == 0xFFFE:  # past U+FFFF: only U+xFFFE and U+xFFFF
            yield match


def first_refused(text: str) -> str | None:
    """The first refused character of ``text``, or None."""
    return next((m.group() for m in refused_in(text)), None)


def stand_in(text: str) -> str:
    """``text`` with every refused character replaced by U+FFFD."""
    parts, start = [], 0
    for match in refused_in(text):
        parts += [text[start : match.start()], "\ufffd"]
        start = match.end()
    return "".join(parts) + text[start:]


def what(char: str) -> Text:
    """ "a control character" or "a noncharacter", in both languages."""
    return word("char.control" if ord(char) <= 0x9F else "char.noncharacter")


def refused_problem(char: str, name: str, at: Pos | None, pointer: str | None) -> Problem:
    return problem(Code.CONTROL_CHARACTER, at=located(name, at, pointer), what=what(char), char=ord(char))


def check_text(text: str, name: str, reparse: Reparse) -> list[Problem]:
    """The refused characters written in ``text``, each with its position and, when the text parses
    once they are set aside, the pointer of the value or key holding it."""
    found = []
    for match in refused_in(text):
        found.append((match.start(), match.group()))
        if len(found) == _MAX_SHOWN:
            break
    if not found:
        return []
    holders = _holders(reparse(stand_in(text)))
    problems = []
    for offset, char in found:
        at = position_of_char(text, offset)
        before = [(pos, pointer) for pos, pointer in holders if pos <= at]
        problems.append(refused_problem(char, name, at, max(before)[1] if before else None))
    return problems


def _holders(file: LoadedFile | None) -> list[tuple[Pos, str]]:
    """Where each text holding the stand-in character (U+FFFD) starts, with its pointer."""
    if file is None:
        return []
    out = []
    for pointer, is_key, text in _texts(file.data):
        if "\ufffd" in text:
            line, column = file.source_map.locate_key(pointer) if is_key else file.source_map.locate(pointer)
            if line is not None and column is not None:
                out.append(((line, column), _shown_pointer(pointer, is_key)))
    return out


def _shown_pointer(pointer: str, is_key: bool) -> str:
    """A key holding the character is shown by the pointer of its mapping: a pointer naming the
    key would carry the character into every message."""
    return pointer.rpartition("/")[0] if is_key else pointer


def check_json_data(text: str, file: LoadedFile) -> list[Problem]:
    """The refused characters a JSON text wrote as escapes (``\\u0001``, ``\\b``, ``\\f``)."""
    if not _JSON_ESCAPE.search(text):
        return []
    problems = []
    for pointer, is_key, value in _texts(file.data):
        if char := first_refused(value):
            line, column = file.source_map.locate_key(pointer) if is_key else file.source_map.locate(pointer)
            shown = _shown_pointer(pointer, is_key)
            problems.append(refused_problem(char, file.name, _pos(line, column), shown))
            if len(problems) == _MAX_SHOWN:
                break
    return problems


def _pos(line: int | None, column: int | None) -> Pos | None:
    return (line, column) if line is not None and column is not None else None


def _texts(data: Any) -> Iterator[tuple[str, bool, str]]:
    """Every text of the data, keys included: (pointer, is a key, text), in document order."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if type(node) is str:
            yield pointer, False, node
        elif type(node) is dict:
            items = []
            for key, item in node.items():
                yield child(pointer, key), True, key
                items.append((item, child(pointer, key)))
            stack.extend(reversed(items))
        elif type(node) is list:
            stack.extend(reversed([(item, child(pointer, index)) for index, item in enumerate(node)]))
