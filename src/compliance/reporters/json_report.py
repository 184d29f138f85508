"""JSON: the findings schema (``schemas/findings.schema.json``), stable and documented.

The document is written as the findings are read, one at a time, and is byte for byte what
``result.model_dump_json(indent=2)`` gives (which would hold all of it in memory at once): the
rest of the result is dumped with empty ``documents``, ``findings`` and ``audit.per_unit`` (the
lists that grow with a district), and each of their items is dumped in its place, indented to its
depth (a JSON string holds no raw line break, so every line break is the layout's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from pydantic import BaseModel

from compliance.findings import CheckResult, Finding, as_json_text
from compliance.i18n import Lang
from compliance.reporters._stream import TextOut, text_stream

_LISTS = '\n  "documents": [],\n  "findings": []'
_PER_UNIT = '\n    "per_unit": []'  # audit.per_unit, the only "per_unit" key at depth 2


def _model_json(item: BaseModel) -> str:
    return item.model_dump_json(indent=2)


def _finding_json(item: Finding) -> str:
    return as_json_text(item, indent=2)


def _items(text: TextOut, items: Iterable[Any], depth: int, dump: Callable[[Any], str] = _model_json) -> None:
    """A list of models (or findings, with ``dump``) as a value at ``depth`` of the document (its
    items one deeper)."""
    outer, inner = "\n" + "  " * depth, "\n" + "  " * (depth + 1)
    opened = False
    for item in items:
        text.write("," + inner if opened else "[" + inner)
        text.write(dump(item).replace("\n", inner))
        opened = True
    text.write(outer + "]" if opened else "[]")


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """Both languages are always present in JSON; ``lang`` is accepted for a uniform signature."""
    del lang
    update: dict[str, Any] = {"documents": [], "findings": []}
    if result.audit is not None:
        update["audit"] = result.audit.model_copy(update={"per_unit": []})
    shell = result.model_copy(update=update).model_dump_json(indent=2)
    head, tail = shell.split(_LISTS)
    with text_stream(out) as text:
        text.write(head)
        text.write('\n  "documents": ')
        _items(text, result.documents, 1)
        text.write(',\n  "findings": ')
        _items(text, result.findings, 1, _finding_json)
        if result.audit is not None:
            before, after = tail.split(_PER_UNIT)
            text.write(before + '\n    "per_unit": ')
            _items(text, result.audit.per_unit, 2)
            tail = after
        text.write(tail)
        text.write("\n")
