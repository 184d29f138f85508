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
from typing import Protocol

from compliance.errors import Code, InputError, Location
from compliance.loading._base import DEFAULT_LIMITS, Fail, Format, Limits, LoadedFile, shown
from compliance.loading._json import load_json
from compliance.loading._text import check_text
from compliance.loading._yaml import load_yaml
from compliance.loading.files import checked_text, format_of, read, too_large
from compliance.loading.sourcemap import Position, SourceMap, json_pointer
from compliance.messages import problem


class Parse(Protocol):
    def __call__(self, text: str, name: str, limits: Limits, *, escapes: bool = True) -> LoadedFile: ...


__all__ = [
    "DEFAULT_LIMITS",
    "Format",
    "Limits",
    "LoadedFile",
    "Position",
    "SourceMap",
    "json_pointer",
    "load_file",
    "load_report_bytes",
    "load_text",
    "shown",
]


def load_file(
    path: str | os.PathLike[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    error: type[InputError] = InputError,
    workbook: bool = False,
) -> LoadedFile:
    """Read a .yaml, .yml or .json file (the extension decides the format); with `workbook` (a
    report), a filled .xlsx report form too (:mod:`compliance.layout`)."""
    name = os.fspath(path)
    try:
        fmt = format_of(name, workbook=workbook)
        raw = read(name, limits)
        if fmt == "xlsx":
            return load_workbook(raw, name=name, limits=limits)
    except Fail as exc:
        raise error(exc.problems) from None
    except (RecursionError, MemoryError):
        raise error([problem(Code.TOO_COMPLEX, at=Location(name))]) from None
    return load_text(raw, name=name, format=fmt, limits=limits, error=error)


def load_workbook(raw: bytes, *, name: str, limits: Limits = DEFAULT_LIMITS) -> LoadedFile:
    """A filled report workbook (the bytes of a .xlsx); raises Fail (see load_file)."""
    from compliance.loading._xlsx import load_xlsx  # noqa: PLC0415 - openpyxl only for workbooks

    if not raw:
        raise Fail(problem(Code.EMPTY_FILE, at=Location(name)))
    if len(raw) > limits.max_bytes:
        raise Fail(too_large(name, len(raw), limits))
    return load_xlsx(raw, name, limits)


def load_report_bytes(
    raw: bytes, *, name: str, limits: Limits = DEFAULT_LIMITS, error: type[InputError] = InputError
) -> LoadedFile:
    """A report workbook given as bytes (an upload); `name` is only used in messages."""
    try:
        return load_workbook(raw, name=name, limits=limits)
    except Fail as exc:
        raise error(exc.problems) from None


def _parsed_or_none(parse: Parse, text: str, name: str, limits: Limits) -> LoadedFile | None:
    try:
        return parse(text, name, limits, escapes=False)
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
        raise ValueError(f"unknown text format {format!r}")
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
