"""Pass 1 of an audit: the key (unit, school year) of each file, read as cheaply as possible.

A JSON file is keyed by a plain parse, a YAML file by its ``school_year:`` and ``submitter:
unit_id:`` lines (YAML parsing is most of the cost of reading a report); anything less plain goes
through the guarded loader, and a file whose key cannot be read is validated there and then, so
that its problems say why.

The key is only a hint for grouping: pass 2 (:mod:`compliance.audit.portfolios`) loads and
validates every document in full and regroups one that does not belong to its portfolio. So the
quick readings below may bail out (None: do the full load) but need not be perfect.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

from compliance.audit.pool import describe
from compliance.errors import Code, InputError, Location, Problem, ReportError
from compliance.loading import DEFAULT_LIMITS, load_file
from compliance.loading._base import Fail
from compliance.messages import problem
from compliance.textnorm import normalize_text
from compliance.validate import validate_report

Key = tuple[str, str]  # (unit id, school year), normalised


def key_of(data: Any) -> Key | None:
    """The key of parsed report data; None when it does not say its unit and school year."""
    if not isinstance(data, dict):
        return None
    submitter, year = data.get("submitter"), data.get("school_year")
    unit = submitter.get("unit_id") if isinstance(submitter, dict) else None
    if isinstance(unit, str) and unit and isinstance(year, str) and year:
        return normalize_text(unit), normalize_text(year)
    return None


def _read_text(path: str) -> str | None:
    """The text of a plain UTF-8 regular file within the size limit; None for anything else (the
    guarded loader then says why). Opened without blocking: a pipe named like a report cannot
    hang the audit. A URL is read through fsspec (:mod:`compliance.remote`), in this worker."""
    if "://" in path:
        from compliance import remote  # noqa: PLC0415 - fsspec only when a URL is given

        if remote.is_url(path):
            try:
                return remote.read_bytes(path, DEFAULT_LIMITS).decode("utf-8")
            except (Fail, UnicodeDecodeError):
                return None
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > DEFAULT_LIMITS.max_bytes:
                return None
            # as loading.files.read: what stat() said and one byte more (a buffer of the whole
            # limit costs more than the read); a file that grew since is read on to the limit
            raw = handle.read(info.st_size + 1)
            if info.st_size < len(raw) <= DEFAULT_LIMITS.max_bytes:
                raw += handle.read(DEFAULT_LIMITS.max_bytes + 1 - len(raw))
            return raw.decode("utf-8")
    except (OSError, ValueError):
        return None


def json_key(text: str) -> Key | None:
    """The key of a JSON report by a plain parse (a fraction of the guarded load)."""
    try:
        return key_of(json.loads(text))
    except (ValueError, RecursionError):
        return None


_PLAIN_FIRST = frozenset("#'\"{}[],&*!|>%@`?:-")
_BLANK = " \t\r"


def _yaml_scalar(raw: str) -> str | None:
    """A one-line YAML scalar: plain, or quoted without escapes, with an optional trailing
    comment. Anything else gives None. Linear in the length of the line (no backtracking)."""
    raw = raw.strip(_BLANK)
    if not raw:
        return None
    if raw[0] in "\"'":
        end = raw.find(raw[0], 1)
        value, rest = (raw[1:end], raw[end + 1 :]) if end > 0 else ("", "#")
        if (
            end < 0
            or "\\" in value
            or (rest and not (rest[0] in _BLANK and rest.lstrip(_BLANK)[:1] in ("", "#")))
        ):
            return None
        return value
    if raw[0] in _PLAIN_FIRST:
        return None
    cut = min((i for i in (raw.find(" #"), raw.find("\t#")) if i >= 0), default=len(raw))
    value = raw[:cut].rstrip(_BLANK)
    return None if ": " in value or ":\t" in value else value


# A top-level line that starts the key's field, to the end of that line, in the text after a line
# break put before it (a literal start lets the regular-expression engine skip to candidates)
_YEAR_LINE = re.compile(r"\nschool_year:(.*)")
_SUBMITTER_LINE = re.compile(r"\nsubmitter:(.*)")
# where the next top-level line starts: not indented, and not blank (spaces, tabs and CRs only)
_TOP_LEVEL = re.compile(r"\n(?![ \t])[ \t\r]*[^ \t\r\n]")


def yaml_key(text: str) -> Key | None:
    """The key of a YAML report from its top-level ``school_year:`` line and the ``unit_id:``
    line of its block ``submitter:``, without parsing the rest. Anything less plain gives None.
    The two top-level lines are found by regular expressions; only the lines of the submitter
    block are read one by one."""
    text = "\n" + text
    years = _YEAR_LINE.findall(text)
    submitters = list(_SUBMITTER_LINE.finditer(text))
    if any((rest := m[1].strip(_BLANK)) and not rest.startswith("#") for m in submitters):
        return None  # a flow mapping or a scalar: the full load decides
    if len(years) != 1 or len(submitters) != 1:
        return None
    start = submitters[0].end()
    after = _TOP_LEVEL.search(text, start)
    indent: int | None = None  # of the submitter block's own keys
    units: list[tuple[int, str]] = []  # (indent, value) of its unit_id lines
    for line in text[start : after.start() if after else len(text)].split("\n"):
        body = line.lstrip(_BLANK)
        if not body:
            continue
        pad = len(line) - len(body)
        indent = pad if indent is None else min(indent, pad)
        if body.startswith("unit_id:"):
            units.append((pad, body[len("unit_id:") :]))
    own = [value for pad, value in units if pad == indent]
    if len(own) != 1:
        return None
    year, unit = _yaml_scalar(years[0]), _yaml_scalar(own[0])
    if not year or not unit:
        return None
    return normalize_text(unit), normalize_text(year)


def read_key(path: str) -> tuple[str, Key | None, list[Problem]]:
    """(path, its key or None, the problems that say why there is none). Runs in a worker.
    Never raises: an unexpected exception is a problem of the file."""
    try:
        return _read_key(path)
    except Exception as exc:  # one file that trips the reader costs only that file
        return path, None, [problem(Code.UNEXPECTED_ERROR, at=Location(path), error=describe(exc))]


def _read_key(path: str) -> tuple[str, Key | None, list[Problem]]:
    text = _read_text(path)
    if text is not None:
        quick = json_key if path.lower().endswith(".json") else yaml_key
        if (key := quick(text)) is not None:
            return path, key, []
    try:
        loaded = load_file(path, error=ReportError, workbook=True)
    except InputError as exc:
        return path, None, list(exc.problems)
    key = key_of(loaded.data)
    if key is not None:
        return path, key, []
    found = validate_report(loaded)
    return path, None, found or [_no_key(path)]


def _no_key(path: str) -> Problem:
    return problem(Code.NO_UNIT_KEY, at=Location(path))
