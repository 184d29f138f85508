"""The compiled-program cache: rule packs compiled once, read back as plain data.

Compiling the bundled packs (reading the YAML with line marks, validating the rule-language models,
compiling to the IR) costs more than the check of one portfolio. So the command line keeps each
compiled :class:`~compliance.program.Program` in the user's cache folder, under a key that is the
SHA-256 of everything the program is a function of: the cache format, the tool version, the Python
version, the installed code and schemas (each file's name, size and modification time), the
parameters, and the name and content of every pack file. Any change to any of them is another key.

An entry is JSON, and reading it can run no code: it names only the IR dataclasses of
:mod:`compliance.ir`, :mod:`compliance.program` and :mod:`compliance.checks` (an allow-list), and
builds them with their constructors. An entry that cannot be read, parsed or rebuilt — truncated,
edited, from an older format — is ignored and replaced; on POSIX, so is one that another user owns
or that others may write. Writing is atomic (a temporary file, then
``os.replace``) and best-effort: a read-only or full disk only means no cache.

Where: ``$COMPLIANCE_CACHE_DIR``; else ``$XDG_CACHE_HOME/compliance``; else the platform's cache
folder (``~/.cache/compliance``, ``~/Library/Caches/compliance``, ``%LOCALAPPDATA%\\compliance\\Cache``).
Off: ``COMPLIANCE_NO_CACHE=1`` or ``--no-cache`` (``docs/cli.md``).

This module imports only the standard library until an entry is decoded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance._version import __version__

if TYPE_CHECKING:
    from compliance.program import Program

FORMAT = 1  # of an entry: bump when the encoding changes
KEEP = 16  # entries kept in the folder (the newest by modification time)
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    """Whether the environment allows the cache (``COMPLIANCE_NO_CACHE`` unset, empty or 0)."""
    return os.environ.get("COMPLIANCE_NO_CACHE", "").strip().lower() in ("", "0", "false", "no")


def folder() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("COMPLIANCE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "compliance"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return (
            Path(base) / "compliance" / "Cache" if base else Path.home() / "AppData" / "Local" / "compliance"
        )
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "compliance"
    return Path.home() / ".cache" / "compliance"


@cache
def _code_fingerprint() -> str:
    """Name, size and modification time of every installed module and bundled schema: an edited
    compiler or schema (an editable install, a checkout) is another key without a version bump."""
    from compliance.resources import data_dir  # noqa: PLC0415 - standard library only

    digest = hashlib.sha256()
    roots = [_PACKAGE]
    with contextlib.suppress(FileNotFoundError):
        roots.append(data_dir("schemas"))
    for root in roots:
        # os.walk, not Path.rglob (a fifth of its time): the same files, in the same order (a
        # path's parts compared in turn, as paths sort), so the same key
        found = []
        for top, folders, files in os.walk(root):
            folders[:] = [f for f in folders if f != "__pycache__"]
            where = os.path.relpath(top, root)
            parts = () if where == os.curdir else tuple(where.split(os.sep))
            found += [(*parts, name) for name in files if os.path.splitext(name)[1] in (".py", ".json")]
        for parts in sorted(found):
            info = os.stat(os.path.join(root, *parts))
            digest.update(f"{'/'.join(parts)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def key(files: Sequence[tuple[str, bytes]], params: Mapping[str, Any] | None) -> str:
    """The key of the program compiled from ``files`` (display name, content) with ``params``."""
    digest = hashlib.sha256()
    head = [FORMAT, __version__, sys.implementation.name, sys.version, _code_fingerprint()]
    digest.update(json.dumps(head).encode())
    typed = {k: [type(v).__name__, str(v)] for k, v in (params or {}).items()}
    digest.update(json.dumps(typed, sort_keys=True, ensure_ascii=False).encode())
    for name, content in files:
        digest.update(f"\0{len(name)}:{name}\0{len(content)}:".encode())
        digest.update(content)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- encoding


def encode(program: Program) -> bytes:
    """The program as JSON: each value tagged with what it is (one-key objects)."""
    return json.dumps(
        {"format": FORMAT, "packs": [_enc(p) for p in program.packs]},
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
    ).encode()


def _enc(value: object) -> object:
    from compliance.i18n import Text  # noqa: PLC0415 - already imported by whoever has a program
    from compliance.severity import Severity  # noqa: PLC0415

    if isinstance(value, Enum):  # before str: a StrEnum is a str, and must come back as itself
        if type(value) is Severity:
            return {"s": value.value}
        raise TypeError(f"cannot cache a {type(value).__name__}")
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, dt.datetime):
        raise TypeError("a datetime in the IR")  # never expected: refuse rather than lose the time
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    if isinstance(value, Text):
        return {"x": [value.vi, value.en]}
    if isinstance(value, tuple):
        return {"t": [_enc(v) for v in value]}
    if isinstance(value, frozenset):
        return {"f": [_enc(v) for v in value]}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        name = f"{cls.__module__}:{cls.__qualname__}"
        if _classes().get(name) is not cls:
            raise TypeError(f"{name} is not an IR class")
        return {"c": name, "a": {f.name: _enc(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode(raw: bytes) -> Program:
    """The program :func:`encode` wrote; :class:`ValueError` when ``raw`` is anything else."""
    from compliance.program import Program  # noqa: PLC0415

    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not an entry of this format")
        packs = tuple(_dec(p) for p in data["packs"])
        from compliance.program import CompiledPack  # noqa: PLC0415

        if not all(isinstance(p, CompiledPack) for p in packs):
            raise ValueError("not a list of packs")
        return Program(packs=packs, rules_by_id={r.id: r for p in packs for r in p.rules})
    except (KeyError, TypeError, AttributeError, RecursionError, UnicodeDecodeError) as exc:
        raise ValueError(f"unreadable entry: {exc}") from exc


def _dec(value: Any) -> Any:
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise ValueError("an untagged list")
        return value
    if "c" in value:
        cls = _classes().get(value["c"])
        if cls is None or set(value) != {"c", "a"}:
            raise ValueError(f"{value['c']!r} is not an IR class")
        return cls(**{k: _dec(v) for k, v in value["a"].items()})
    ((tag, item),) = value.items()
    if tag == "x":
        from compliance.i18n import Text  # noqa: PLC0415

        vi, en = item
        return Text(vi=vi, en=en)
    if tag == "d":
        return dt.date.fromisoformat(item)
    if tag == "s":
        from compliance.severity import Severity  # noqa: PLC0415

        return Severity(item)
    if tag == "t":
        return tuple(_dec(v) for v in item)
    if tag == "f":
        return frozenset(_dec(v) for v in item)
    raise ValueError(f"unknown tag {tag!r}")


@cache
def _classes() -> dict[str, type]:
    """The allow-list: every dataclass defined in the modules the IR is made of."""
    from compliance import checks, ir, program  # noqa: PLC0415
    from compliance.checks import _base, _due  # noqa: PLC0415

    modules = [ir, program, _base, _due, *(sys.modules[kind.ir.__module__] for kind in checks.KINDS.values())]
    return {
        f"{obj.__module__}:{obj.__qualname__}": obj
        for module in modules
        for obj in vars(module).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__
    }


# ----------------------------------------------------------------------------- the folder


def load(entry: str) -> Program | None:
    """The program cached under ``entry``, or None (absent, unreadable, not a program)."""
    path = folder() / f"program-{entry}.json"
    try:
        with path.open("rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return None
            raw = handle.read()
    except OSError:
        return None
    try:
        return decode(raw)
    except ValueError:
        return None


def _trusted(info: os.stat_result) -> bool:
    """An entry decides what the checks judge, so on POSIX only one of this user's own files that
    nobody else can write is read (a cache folder shared with others is as good as none)."""
    if not hasattr(os, "getuid"):
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def store(entry: str, program: Program) -> None:
    """Keep ``program`` under ``entry``; any failure (read-only disk, a value that cannot be
    encoded) only means it is not kept."""
    try:
        raw = encode(program)
    except (TypeError, ValueError):
        return
    where = folder()
    try:
        where.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".program-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(raw)
            os.replace(temporary, where / f"program-{entry}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(where.glob("program-*.json"))
    except OSError:
        return


def _prune(entries: Iterable[Path]) -> None:
    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0

    for old in sorted(entries, key=age, reverse=True)[KEEP:]:
        old.unlink(missing_ok=True)
