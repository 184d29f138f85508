"""What the loaders share: the limits, the loaded file, the way problems travel up.

Every loader (:mod:`.files`, :mod:`._yaml`, :mod:`._json`) raises :class:`Fail` with the problems
it met; only the public functions of :mod:`compliance.loading` turn them into the
:class:`~compliance.errors.InputError` subclass their caller named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from compliance.errors import Problem, problem
from compliance.loading.sourcemap import Pos, Position, SourceMap

Format = Literal["yaml", "json"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one file may cost to load."""

    max_bytes: int = 8 * 1024 * 1024  # file size
    max_depth: int = 64  # nesting of mappings/sequences
    max_nodes: int = 500_000  # values built, counting every alias expansion (YAML bombs)


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class LoadedFile:
    name: str  # the path as the user gave it (for messages)
    format: Format
    data: Any  # JSON-compatible only: dict[str, ...], list, str, int, float, bool, None
    source_map: SourceMap


class Fail(Exception):
    """Internal: carries problems up to the public functions, which raise the caller's class."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = problems


def make_problem(
    name: str,
    vi: str,
    en: str,
    *,
    at: Position | None = None,
    pointer: str | None = None,
    fix: tuple[str, str],
) -> Problem:
    line, column = at or (None, None)
    return problem(name, vi, en, pointer=pointer, line=line, column=column, fix_vi=fix[0], fix_en=fix[1])


def shown(written: str) -> str:
    """A value as written, short enough for a message."""
    return written if len(written) <= 40 else written[:37] + "…"


def position_of_char(text: str, offset: int) -> Pos:
    prefix = text[:offset]
    return (prefix.count("\n") + 1, offset - prefix.rfind("\n"))


def position_of_byte(raw: bytes, offset: int) -> Pos:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return (raw.count(b"\n", 0, offset) + 1, column)
