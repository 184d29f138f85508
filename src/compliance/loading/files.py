"""Reading a file or a text before it is parsed: its type, its size, its encoding.

Refused here, before any parser sees them: a name without .yaml/.yml/.json, a folder, a pipe or a
device, a file over :attr:`Limits.max_bytes`, bytes that are not UTF-8, text holding a lone
surrogate. A byte order mark is dropped. A name that is a URL (``s3://…``, ``file://…``) is read
through fsspec by :mod:`compliance.remote`, within the same limit and with the same problems.
"""

from __future__ import annotations

import os
import stat

from compliance.errors import Code, Location, Problem
from compliance.loading._base import Fail, Format, Limits, located, position_of_byte, position_of_char
from compliance.messages import byte_size, problem, word

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a pipe to read waits for a writer without it

SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}
WORKBOOK_SUFFIXES: dict[str, Format] = {".xlsx": "xlsx"}  # reports only (compliance.loading._xlsx)
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")


def format_of(name: str, *, workbook: bool = False) -> Format:
    """The format a file's name says; with `workbook`, a report's, which may be a .xlsx."""
    suffix = os.path.splitext(name)[1]
    fmt = SUFFIXES.get(suffix.lower())
    if fmt is None and workbook:
        fmt = WORKBOOK_SUFFIXES.get(suffix.lower())
        if suffix.lower() in MACRO_SUFFIXES:
            raise Fail(problem(Code.XLSX_MACROS, at=Location(name)))
    if fmt is None:
        shown = suffix or word("no-extension")
        code = Code.UNSUPPORTED_REPORT_TYPE if workbook else Code.UNSUPPORTED_FILE_TYPE
        raise Fail(problem(code, at=Location(name), suffix=shown))
    return fmt


def read(name: str, limits: Limits) -> bytes:
    """The bytes of the file ``name`` (a path, or a URL read through fsspec:
    :mod:`compliance.remote`), refused as above when they cannot be a document."""
    if "://" in name:
        from compliance import remote  # noqa: PLC0415 - fsspec only when a URL is given

        if remote.is_url(name):
            return remote.read_bytes(name, limits)
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise Fail(problem(Code.IS_A_FOLDER, at=Location(name)))
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
            raise Fail(problem(Code.NOT_A_REGULAR_FILE, at=Location(name)))
        if info.st_size > limits.max_bytes:
            raise Fail(too_large(name, info.st_size, limits))
        # never blocks, even if a pipe took the file's place since stat(); checked again below
        with open(os.open(name, os.O_RDONLY | _NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise Fail(problem(Code.NOT_A_REGULAR_FILE, at=Location(name)))
            # As much as stat() said and one byte more: asking for the whole limit at once costs
            # more than reading a report (the buffer is made that large first). The file may
            # have grown since stat(), or have no size there (/proc): then read on to the limit.
            raw = handle.read(min(info.st_size, limits.max_bytes) + 1)
            if info.st_size < len(raw) <= limits.max_bytes:
                raw += handle.read(limits.max_bytes + 1 - len(raw))
    except (FileNotFoundError, NotADirectoryError):
        raise Fail(problem(Code.NO_SUCH_FILE, at=Location(name))) from None
    except PermissionError:
        raise Fail(problem(Code.PERMISSION_DENIED, at=Location(name))) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise Fail(problem(Code.CANNOT_READ_FILE, at=Location(name), reason=reason)) from None
    if len(raw) > limits.max_bytes:
        raise Fail(too_large(name, None, limits))
    return raw


def too_large(name: str, size: int | None, limits: Limits) -> Problem:
    """`size` in bytes, None when only known to be over the limit."""
    return problem(
        Code.FILE_TOO_LARGE, at=Location(name), size=byte_size(size, limits.max_bytes), limit=limits.max_bytes
    )


def checked_text(text: str | bytes, name: str, limits: Limits) -> str:
    """UTF-8 text within the size limit, without a byte order mark."""
    if isinstance(text, bytes):
        raw = text
        if len(raw) > limits.max_bytes:
            raise Fail(too_large(name, len(raw), limits))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            at = located(name, position_of_byte(raw, exc.start))
            raise Fail(problem(Code.NOT_UTF8, at=at, offset=exc.start, byte=raw[exc.start])) from None
    else:
        if len(text) > limits.max_bytes:  # every character takes at least one byte
            raise Fail(too_large(name, None, limits))
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a surrogateescape decode
            at = located(name, position_of_char(text, exc.start))
            raise Fail(problem(Code.LONE_SURROGATE, at=at, char=ord(text[exc.start]))) from None
        if size > limits.max_bytes:
            raise Fail(too_large(name, size, limits))
    return text.removeprefix("\ufeff")
