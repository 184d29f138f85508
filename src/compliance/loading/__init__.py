"""Loading YAML and JSON files: the only way a file enters the program.

Reports and rule packs alike come through :func:`load_file` or :func:`load_text`, which give
JSON-compatible data (dicts with text keys, lists, text, int, float, bool, None) and a
:class:`SourceMap` from JSON pointers to the line and column where each value was written. All
text, keys included, is normalised with :func:`compliance.textnorm.normalize_text` (NFC).

One job per module: :mod:`.files` reads a file and checks its type, size and encoding;
:mod:`._text` refuses the control characters and noncharacters no file may hold, in YAML and JSON
alike; :mod:`._yaml` builds the YAML document from libyaml's events; :mod:`._json` loads JSON and
scans it for positions; :mod:`.sourcemap` holds the positions. Every problem is raised as the
:class:`~compliance.errors.InputError` subclass the caller names, in Vietnamese and English, with
the file, line, column and JSON pointer where known.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from compliance.errors import Code, InputError, Location
from compliance.loading._base import DEFAULT_LIMITS, Fail, Format, Limits, LoadedFile, shown
from compliance.loading._json import load_json
from compliance.loading._text import check_text
from compliance.loading._yaml import load_yaml
from compliance.loading.files import checked_text, format_of, read
from compliance.loading.sourcemap import Position, SourceMap, json_pointer
from compliance.messages import problem

__all__ = [
    "DEFAULT_LIMITS",
    "Format",
    "Limits",
    "LoadedFile",
    "Position",
    "SourceMap",
    "json_pointer",
    "load_file",
    "load_text",
    "shown",
]


def load_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, error: type[InputError] = InputError
) -> LoadedFile:
    """Read a .yaml, .yml or .json file (the extension decides the format)."""
    name = os.fspath(path)
    try:
        fmt = format_of(name)
        raw = read(name, limits)
    except Fail as exc:
        raise error(exc.problems) from None
    return load_text(raw, name=name, format=fmt, limits=limits, error=error)


def _parsed_or_none(
    parse: Callable[[str, str, Limits], LoadedFile], text: str, name: str, limits: Limits
) -> LoadedFile | None:
    try:
        return parse(text, name, limits)
    except (Fail, RecursionError, MemoryError):
        return None


def load_text(
    text: str | bytes,
    *,
    name: str,
    format: Format,
    limits: Limits = DEFAULT_LIMITS,
    error: type[InputError] = InputError,
) -> LoadedFile:
    """Load a document given as text or as UTF-8 bytes; `name` is only used in messages."""
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown format {format!r}")
    try:
        text = checked_text(text, name, limits)
        if not text or text.isspace():
            raise Fail(problem(Code.EMPTY_FILE, at=Location(name)))
        parse = load_json if format == "json" else load_yaml
        refused = check_text(text, name, lambda stand_in: _parsed_or_none(parse, stand_in, name, limits))
        if refused:
            raise Fail(*refused)
        return parse(text, name, limits)
    except Fail as exc:
        raise error(exc.problems) from None
    except (RecursionError, MemoryError):
        # Not expected within the limits; a last guard so that no input ends in a traceback.
        raise error([problem(Code.TOO_COMPLEX, at=Location(name))]) from None
