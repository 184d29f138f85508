"""JSON pointers and where their values were written: the map every loader hands back.

A :class:`SourceMap` answers "which line and column is ``/submitter/unit_id`` on?" for messages
and evidence. The YAML loader fills it while it builds the values; the JSON loader gives an
object that reads the text only along the pointers asked for (:mod:`._jsonpos`; most valid files
are never asked).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

Position = tuple[int | None, int | None]
Pos = tuple[int, int]
Tables = tuple[dict[str, Pos], dict[str, Pos]]  # positions of values, positions of keys


class Positions(Protocol):
    """Positions worked out as they are asked for (a JSON text's); thread-safe."""

    def locate(self, pointer: str) -> Position: ...

    def locate_key(self, pointer: str) -> Position: ...


def json_pointer(parts: Sequence[str | int]) -> str:
    """RFC 6901 pointer for a path: ``["a/b", 0]`` gives ``"/a~1b/0"``; ``[]`` gives ``""``."""
    pointer = ""
    for part in parts:
        pointer = child(pointer, part)
    return pointer


def child(pointer: str, step: str | int) -> str:
    if isinstance(step, str) and ("~" in step or "/" in step):
        step = step.replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{step}"


class SourceMap:
    """JSON pointer -> (line, column), both 1-based, or for a workbook -> its cell. Thread-safe;
    may be worked out lazily."""

    __slots__ = ("_cells", "_lazy", "_tables")

    def __init__(self, tables: Tables | Positions, cells: dict[str, str] | None = None) -> None:
        """`tables` are the positions of values and of keys, or an object that works them out as
        they are asked for (:class:`Positions`); `cells`, for a workbook, where each value was
        written (``"Quán triệt kế hoạch!C7"``; its tables are then empty)."""
        self._tables: Tables = ({}, {})
        self._lazy: Positions | None = None
        if isinstance(tables, tuple):
            self._tables = tables
        else:
            self._lazy = tables
        self._cells = cells

    def cell(self, pointer: str) -> str | None:
        """The sheet and cell of the value at `pointer` (or of its nearest ancestor that has one);
        None for a text file."""
        cells = self._cells
        if cells is None:
            return None
        while pointer not in cells:
            if not pointer:
                return None
            pointer = pointer.rpartition("/")[0]
        return cells[pointer]

    def locate(self, pointer: str) -> Position:
        """Position of the value at `pointer`; if that exact pointer is unknown, the nearest
        ancestor's; (None, None) if nothing."""
        if self._lazy is not None:
            return self._lazy.locate(pointer)
        values = self._tables[0]
        while pointer not in values:
            if not pointer:
                return (None, None)
            pointer = pointer.rpartition("/")[0]
        return values[pointer]

    def locate_key(self, pointer: str) -> Position:
        """Position of the KEY whose value is at `pointer` (for 'unknown key' errors); falls back
        to locate()."""
        if self._lazy is not None:
            return self._lazy.locate_key(pointer)
        keys = self._tables[1]
        return keys[pointer] if pointer in keys else self.locate(pointer)
