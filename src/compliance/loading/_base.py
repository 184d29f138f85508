"""What the loaders share: the limits, the loaded file, the way problems travel up.

Every loader (:mod:`.files`, :mod:`._yaml`, :mod:`._json`) raises :class:`Fail` with the problems
it met; only the public functions of :mod:`compliance.loading` turn them into the
:class:`~compliance.errors.InputError` subclass their caller named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from compliance.errors import Location, Problem
from compliance.loading.sourcemap import Pos, Position, SourceMap

Format = Literal["yaml", "json", "xlsx"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one file may cost to load."""

    max_bytes: int = 8 * 1024 * 1024  # file size
    max_depth: int = 64  # nesting of mappings/sequences
    max_nodes: int = 500_000  # values built, counting every alias expansion (YAML bombs)
    # workbooks (compliance.loading._xlsx): what the zip may unpack to, and each sheet's size
    max_unpacked_bytes: int = 64 * 1024 * 1024  # all members together, as the zip directory declares
    max_members: int = 1_000  # files in the zip
    max_rows: int = 10_000  # per sheet
    max_columns: int = 100  # per sheet


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class LoadedFile:
    name: str  # the path as the user gave it (for messages)
    format: Format
    data: Any  # JSON-compatible only: dict[str, ...], list, str, int, float, bool, None
    source_map: SourceMap

    def location(self, pointer: str, *, key: bool = False) -> Location:
        """Where the value at `pointer` was written in this file; with `key`, where its key was."""
        line, column = self.source_map.locate_key(pointer) if key else self.source_map.locate(pointer)
        return Location(self.name, line, column, pointer, self.source_map.cell(pointer))


class Fail(Exception):
    """Internal: carries problems up to the public functions, which raise the caller's class."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = problems


def located(name: str, at: Position | None = None, pointer: str | None = None) -> Location:
    """The location of a problem in file `name` at a (line, column) position, if known."""
    line, column = at or (None, None)
    return Location(name, line, column, pointer)


SHOWN_CHARACTERS = 80


def shown(written: str) -> str:
    """A value as written, short enough for a message: at most 80 characters, the last an ellipsis
    when it was cut (a 1 MB value must not come back in full in every message)."""
    if len(written) <= SHOWN_CHARACTERS:
        return written
    return written[: SHOWN_CHARACTERS - 1] + "…"


def position_of_char(text: str, offset: int) -> Pos:
    prefix = text[:offset]
    return (prefix.count("\n") + 1, offset - prefix.rfind("\n"))


def position_of_byte(raw: bytes, offset: int) -> Pos:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return (raw.count(b"\n", 0, offset) + 1, column)


def underflows(literal: str) -> bool:
    """A number written with a digit other than 0 before its exponent that a float holds as 0
    (``1e-400``): read, it would silently be zero."""
    mantissa = literal.lower().partition("e")[0]
    return any(c in "123456789" for c in mantissa) and float(literal) == 0
