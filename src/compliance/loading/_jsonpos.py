"""Positions in a JSON text, worked out only along the pointers someone asks for.

A finding shows the line and column of a few pointers of its document; scanning the whole text
for them (:func:`compliance.loading._json.scan_json`) cost more than loading it. Here a question
reads only the containers on its pointer's path, and each of them only up to the member on that
path: members are recorded with their positions as they are passed, and a member that is itself a
container is jumped over to its end (json's C scanner reads it) until a question goes into it. A
later question goes on from where the earlier ones stopped; a pointer that names nothing reads its
nearest ancestor to the end.

For a text ``json.loads`` accepted with no key twice (the only texts the loader hands a source map
for), every answer is the one the full scan gives, keys included; the test suite checks that on
generated texts.
"""

from __future__ import annotations

import json
import re
import threading

from compliance.loading.sourcemap import Pos, Position, child
from compliance.textnorm import normalize_text

_SPACE = re.compile(r"[ \t\r\n]*+")
_VALUE = r'("(?:[^"\\]++|\\.)*+"|[^ \t\r\n\[\]{}:,"]++)?'  # a string, number or literal; else nothing
# an object's next member: the comma before it, its key, the colon after it and a scalar value
_MEMBER = re.compile(r'[ \t\r\n,]*+("(?:[^"\\]++|\\.)*+")[ \t\r\n]*+:[ \t\r\n]*+' + _VALUE, re.DOTALL)
_ITEM = re.compile(r"[ \t\r\n,]*+" + _VALUE, re.DOTALL)  # an array's next item, if a scalar
# one JSON value read from an offset: (the value, the offset after it), by the C scanner when there
# is one. Its key memo is cleared after each call: threads sharing it can only intern keys less.
_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # not in the stubs


class _Reading:
    """How far the members of one container have been read."""

    __slots__ = ("cursor", "index", "is_object", "line", "line_start", "pointer", "pos")

    def __init__(self, pointer: str, pos: int, line: int, line_start: int, is_object: bool) -> None:
        self.pointer = pointer
        self.pos = pos  # where the next member (or the closing bracket) is looked for
        self.cursor = pos  # an offset at or before `pos` ...
        self.line, self.line_start = line, line_start  # ... its line, and the offset that starts at
        self.is_object = is_object
        self.index = 0  # in an array: the index of the next item


class JsonPositions:
    """Where the values and keys of a JSON text were written, found as they are asked for.
    Thread-safe: one lock guards the reading; an answer once recorded never changes."""

    __slots__ = ("_keys", "_lock", "_open", "_started", "_text", "_values", "members_read")

    def __init__(self, text: str) -> None:
        self._text = text
        self._values: dict[str, Pos] = {}
        self._keys: dict[str, Pos] = {}
        # containers whose members are not all read yet: where their first member is looked for,
        # its line, the offset that line starts at and whether it is an object, until one is read
        self._open: dict[str, _Reading | tuple[int, int, int, bool]] = {}
        self._started = False
        self._lock = threading.Lock()
        self.members_read = 0  # values recorded so far (how much the questions cost)

    def locate(self, pointer: str) -> Position:
        """Position of the value at `pointer`, else of its nearest ancestor's; (None, None) if
        the text holds no value at all."""
        values = self._values
        if pointer in values:
            return values[pointer]
        with self._lock:
            if not self._started:
                self._start()
            while True:
                known = pointer
                while known not in values:
                    if not known:
                        return (None, None)
                    known = known.rpartition("/")[0]
                reading = self._open.get(known)
                if known == pointer or reading is None:
                    return values[known]
                if isinstance(reading, tuple):
                    reading = self._open[known] = _Reading(known, *reading)
                step_end = pointer.find("/", len(known) + 1)
                self._read(reading, pointer if step_end < 0 else pointer[:step_end])

    def locate_key(self, pointer: str) -> Position:
        """Position of the key whose value is at `pointer`; else what :meth:`locate` says."""
        at = self.locate(pointer)  # reads the object holding the key up to it, if there is one
        return self._keys.get(pointer, at)

    def _start(self) -> None:
        self._started = True
        text = self._text
        start = _SPACE.match(text).end()  # type: ignore[union-attr]  # matches the empty text too
        if start < len(text):
            self._record("", start, text.count("\n", 0, start) + 1, text.rfind("\n", 0, start) + 1)

    def _record(self, pointer: str, pos: int, line: int, line_start: int) -> None:
        char = self._text[pos]
        if char in "[{":  # open before recorded: a reader outside the lock sees both
            self._open[pointer] = (pos + 1, line, line_start, char == "{")
        self._values[pointer] = (line, pos - line_start + 1)
        self.members_read += 1

    def _read(self, reading: _Reading, wanted: str) -> None:
        """Read the members of a container until the one at pointer `wanted` or the end.

        One match takes a member up to its value and, when that is a string, a number or a
        literal, the value too; only a container's end needs another call (:meth:`_end`). Lines
        are counted from a cursor that moves with the members. The loop is written out for speed
        (a JSON audit asks for about ten pointers a report): it records what :meth:`_record`
        does."""
        text, values, keys, opened = self._text, self._values, self._keys, self._open
        parent, is_object = reading.pointer, reading.is_object
        pattern = _MEMBER if is_object else _ITEM
        pos, cursor, line, line_start = reading.pos, reading.cursor, reading.line, reading.line_start
        index, read = reading.index, 0
        while True:
            member = pattern.match(text, pos)
            if is_object:
                if member is None:
                    break
                key_at = member.start(1)
                newlines = text.count("\n", cursor, key_at)
                if newlines:
                    line += newlines
                    line_start = text.rfind("\n", cursor, key_at) + 1
                cursor = key_at
                key = member.group(1)[1:-1]
                if "\\" in key:
                    key = _unescaped(key)
                if not key.isascii():
                    key = normalize_text(key)
                step = f"{parent}/{key}" if "~" not in key and "/" not in key else child(parent, key)
                if step not in keys:
                    keys[step] = (line, key_at - line_start + 1)
                at = member.start(2)
            else:
                at = member.start(1)  # type: ignore[union-attr]  # matches the empty text too
                if at < 0 and text[member.end()] == "]":  # type: ignore[union-attr]
                    break
                step = f"{parent}/{index}"
                index += 1
            end = member.end()  # type: ignore[union-attr]
            if at < 0:  # a container (or, in an array, nothing matched: its bracket)
                at = end
            newlines = text.count("\n", cursor, at)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", cursor, at) + 1
            cursor = at
            if step not in values:
                if at == end:
                    opened[step] = (at + 1, line, line_start, text[at] == "{")
                values[step] = (line, at - line_start + 1)
                read += 1
            if at == end:
                end = self._end(at) + 1
            pos = end
            if step == wanted:
                reading.pos, reading.cursor, reading.line, reading.line_start = pos, cursor, line, line_start
                reading.index = index
                self.members_read += read
                return
        del opened[parent]
        self.members_read += read

    def _end(self, start: int) -> int:
        """Offset of the bracket closing the one at `start`: json's own scanner reads the value
        there (in C, for a text ``json.loads`` accepted) and says where it ends. Reading it again
        in C costs less than finding its brackets by a regular expression in Python did."""
        end: int = _SCAN(self._text, start)[1]
        return end - 1


def _unescaped(key: str) -> str:
    """A key written with escapes (the text between its quotes), as json.loads reads it."""
    return str(json.loads(f'"{key}"'))
