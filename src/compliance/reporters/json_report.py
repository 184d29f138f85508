"""JSON: the findings schema (``schemas/findings.schema.json``), stable and documented.

The document is written as the findings are read, one at a time, and is byte for byte what
``result.model_dump_json(indent=2)`` gives (which would hold all of it in memory at once): the
rest of the result is dumped with empty ``documents`` and ``findings``, and each item is dumped in
its place, indented to its depth (a JSON string holds no raw line break, so every line break is
the layout's).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from pydantic import BaseModel

from compliance.findings import CheckResult
from compliance.i18n import Lang
from compliance.reporters._stream import TextOut, text_stream

_LISTS = '\n  "documents": [],\n  "findings": []'


def _items(text: TextOut, items: Iterable[BaseModel]) -> None:
    """A list of models as a value at depth 1 of the document (items at depth 2)."""
    opened = False
    for item in items:
        text.write(",\n    " if opened else "[\n    ")
        text.write(item.model_dump_json(indent=2).replace("\n", "\n    "))
        opened = True
    text.write("\n  ]" if opened else "[]")


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """Both languages are always present in JSON; ``lang`` is accepted for a uniform signature."""
    del lang
    shell = result.model_copy(update={"documents": [], "findings": []}).model_dump_json(indent=2)
    head, tail = shell.split(_LISTS)
    with text_stream(out) as text:
        text.write(head)
        text.write('\n  "documents": ')
        _items(text, result.documents)
        text.write(',\n  "findings": ')
        _items(text, result.findings)
        text.write(tail)
        text.write("\n")
