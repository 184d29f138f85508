"""Data handed over already parsed (the HTTP API, portals embedding the engine) before it takes the
loader's JSON round trip: what that round trip could only place by a line and column of the
engine's own re-serialisation — which the sender never wrote — is found here with the JSON pointer
of the value: nesting too deep, a lone surrogate, a number that is not finite, a value JSON has no
type for. Iterative, so deep data cannot exhaust the stack.

Dates and date-times are welcome: ``yaml.safe_load`` makes them of ``2024-01-05`` and
``2024-01-05T10:20:00+07:00`` written unquoted, so a portal that parses a report itself hands them
over; :func:`as_json` writes them as the ISO text they were (a date-time without an offset stays
without one, and the schema reads it as Vietnam's time, as it would in a file).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from compliance.errors import Code, Location, Problem
from compliance.loading._base import Limits, shown
from compliance.loading.sourcemap import child
from compliance.messages import problem

_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate(text: str) -> int | None:
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else ord(found.group())


def _at(name: str, parent: str, key: str | int | None = None) -> Location:
    """Where the value under ``key`` of the container at ``parent`` is (no key: ``parent`` itself)."""
    pointer = parent if key is None else child(parent, key)
    return Location(name, pointer=pointer or "/")


def data_problems(data: Any, name: str, limits: Limits) -> list[Problem]:
    """The first problem of ``data`` a JSON text of it would have, with its pointer (or none).
    A value's pointer is made only for a container (its items need it) or a problem."""
    # (value, its container's pointer, its key or index there (None: the data itself), depth)
    stack: list[tuple[Any, str, str | int | None, int]] = [(data, "", None, 0)]
    while stack:
        node, parent, key, depth = stack.pop()
        if isinstance(node, str):
            if (char := _surrogate(node)) is not None:
                return [problem(Code.LONE_SURROGATE, at=_at(name, parent, key), char=char)]
        elif isinstance(node, bool) or node is None or isinstance(node, int | dt.date):
            continue
        elif isinstance(node, float):
            if not math.isfinite(node):
                return [problem(Code.NUMBER_NOT_FINITE, at=_at(name, parent, key), value=shown(repr(node)))]
        elif isinstance(node, dict | list | tuple):
            pointer = parent if key is None else child(parent, key)
            if depth >= limits.max_depth:
                return [problem(Code.NESTED_TOO_DEEP, at=_at(name, pointer), limit=limits.max_depth)]
            if isinstance(node, dict):
                for member, value in node.items():
                    if not isinstance(member, str):
                        detail = f"key {shown(repr(member))} is not text"
                        return [problem(Code.NOT_JSON_DATA, at=_at(name, pointer), detail=detail)]
                    if (char := _surrogate(member)) is not None:
                        return [problem(Code.LONE_SURROGATE, at=_at(name, pointer), char=char)]
                    stack.append((value, pointer, member, depth + 1))
            else:
                stack.extend((value, pointer, i, depth + 1) for i, value in enumerate(node))
        else:
            detail = f"{type(node).__name__} is not a JSON type"
            return [problem(Code.NOT_JSON_DATA, at=_at(name, parent, key), detail=detail)]
    return []


def as_json(value: object) -> str:
    """For ``json.dumps(default=…)``: a date or date-time as its ISO text (``data_problems`` has
    let nothing else through that JSON has no type for)."""
    if isinstance(value, dt.date):  # a datetime is a date too
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON type")
