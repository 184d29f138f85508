"""What every reporter shares: writing text to the binary output stream as it goes, and text that
survives any reader.

Text from reports and rule packs may hold characters that some formats cannot carry: XML 1.0
(JUnit, XLSX) forbids C0 control characters other than tab, newline and carriage return, and the
non-characters U+FFFE and U+FFFF; HTML calls them, C1 controls and the other non-characters
errors; a terminal obeys control characters (ESC starts an escape sequence). :func:`clean` puts
U+FFFD (the replacement character, "�") in their place, so that a reader sees that something was
there. JSON and SARIF need nothing of the kind: their encoders escape control characters
(``\\u000b``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

REPLACEMENT = "\ufffd"

_NONCHARACTERS = "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
) + "".join(chr(c) for c in range(0xFDD0, 0xFDF0))
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{re.escape(_NONCHARACTERS)}]")
_UNSAFE_ON_TERMINAL = re.compile(f"[\r{_UNSAFE.pattern[1:-1]}]")


# Every character replaced is a control (Cc), a surrogate (Cs) or a non-character (Cn), none of
# which ``str.isprintable`` accepts: a printable text (most are) is safe without a regex search.


def clean(text: str) -> str:
    """``text`` with each character that XML, HTML or a spreadsheet cannot carry replaced by U+FFFD
    (tab, newline and carriage return stay)."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(REPLACEMENT, text) if _UNSAFE.search(text) else text


def clean_for_terminal(text: str) -> str:
    """``text`` with no character that a terminal would obey (carriage return included)."""
    if text.isprintable():
        return text
    return _UNSAFE_ON_TERMINAL.sub(REPLACEMENT, text) if _UNSAFE_ON_TERMINAL.search(text) else text


class TextOut:
    """Text written to a binary stream as UTF-8, in blocks; closing it leaves the stream open."""

    encoding = "utf-8"
    _BLOCK = 1 << 16

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._parts: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._parts.append(text)
        self._size += len(text)
        if self._size >= self._BLOCK:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._parts:
            data = "".join(self._parts).encode("utf-8")
            self._parts.clear()
            self._size = 0
            self._out.write(data)

    def isatty(self) -> bool:
        isatty = getattr(self._out, "isatty", None)
        return bool(isatty()) if isatty is not None else False

    def writable(self) -> bool:
        return True


@contextmanager
def text_stream(out: BinaryIO) -> Iterator[TextOut]:
    """``out`` as a text stream (UTF-8, no newline translation), flushed when done."""
    text = TextOut(out)
    yield text
    text.flush()
