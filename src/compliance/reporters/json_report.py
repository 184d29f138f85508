"""JSON: the findings schema (``schemas/findings.schema.json``), stable and documented.

The document is written as the findings are read, one at a time, and is byte for byte what
``result.model_dump_json(indent=2)`` gives (which would hold all of it in memory at once): the
rest of the result is dumped with empty ``documents``, ``findings`` and ``audit.per_unit`` (the
lists that grow with a district), and each of their items is dumped in its place, indented to its
depth (a JSON string holds no raw line break, so every line break is the layout's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, BinaryIO

from compliance._serializer import serializer
from compliance.findings import CheckResult, Finding, Model, as_json_bytes
from compliance.i18n import Lang
from compliance.records import Records
from compliance.reporters._forked import write_all

_LISTS = '\n  "documents": [],\n  "findings": []'
_PER_UNIT = '\n    "per_unit": []'  # audit.per_unit, the only "per_unit" key at depth 2
_BLOCK = 1 << 16  # bytes gathered before each write to the stream


def _model_json(item: Model) -> bytes:
    data: bytes = serializer(type(item)).to_json(item, indent=2)  # what model_dump_json writes
    return data


class _Blocks:
    """Bytes written to a stream in blocks (the JSON serialisers give UTF-8 bytes: kept as such)."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._parts: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._size += len(data)
        if self._size >= _BLOCK:
            self.flush()

    def flush(self) -> None:
        if self._parts:
            self._out.write(b"".join(self._parts))
            self._parts.clear()
            self._size = 0


def _items(out: _Blocks, items: Iterable[Model], depth: int) -> None:
    """A list of models as a value at ``depth`` of the document (its items one deeper)."""
    outer, inner = b"\n" + b"  " * depth, b"\n" + b"  " * (depth + 1)
    opened = False
    for item in items:
        out.write(b"," + inner if opened else b"[" + inner)
        out.write(_model_json(item).replace(b"\n", inner))
        opened = True
    out.write(outer + b"]" if opened else b"[]")


def _findings(out: _Blocks, findings: Sequence[Finding], jobs: int) -> None:
    """The findings as the list at depth 1 (what :func:`_items` writes), by ``jobs`` processes
    when they are many (:mod:`compliance.reporters._forked`)."""
    if not findings:
        out.write(b"[]")
        return
    inner = b"\n    "

    def encode(finding: Finding) -> bytes:  # each item with the comma before it
        return b"," + inner + as_json_bytes(finding, indent=2).replace(b"\n", inner)

    opened = False

    def write(data: bytes) -> None:
        nonlocal opened
        if not opened:  # the first item opens the list: no comma before it
            data, opened = b"[" + data[1:], True
        out.write(data)

    records = findings if isinstance(findings, Records) else Records.of(Finding, findings)
    write_all(records, encode, write, jobs)
    out.write(b"\n  ]")


def write(result: CheckResult, lang: Lang, out: BinaryIO, *, jobs: int = 1) -> None:
    """Both languages are always present in JSON; ``lang`` is accepted for a uniform signature.
    ``jobs``: processes that may share the writing of a long list of findings."""
    del lang
    update: dict[str, Any] = {"documents": [], "findings": []}
    if result.audit is not None:
        update["audit"] = result.audit.model_copy(update={"per_unit": []})
    shell = _model_json(result.model_copy(update=update)).decode()
    head, tail = shell.split(_LISTS)
    blocks = _Blocks(out)
    blocks.write(head.encode() + b'\n  "documents": ')
    _items(blocks, result.documents, 1)
    blocks.write(b',\n  "findings": ')
    _findings(blocks, result.findings, jobs)
    if result.audit is not None:
        before, after = tail.split(_PER_UNIT)
        blocks.write(before.encode() + b'\n    "per_unit": ')
        _items(blocks, result.audit.per_unit, 2)
        tail = after
    blocks.write(tail.encode() + b"\n")
    blocks.flush()
