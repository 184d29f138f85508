"""The report's field types, read from ``schemas/report.schema.json``.

The compiler uses them to check every field path a rule names (a typo must not silently never
match) and to type its constants (a date is compared as a date, a code must be one of the enum's
values); the fact builder uses them to turn date strings into dates once per document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal

from compliance.resources import schema

Kind = Literal["string", "integer", "number", "boolean", "date", "object", "array"]


@dataclass(frozen=True, slots=True)
class FieldType:
    kind: Kind
    enum: frozenset[str] | None = None
    item: FieldType | None = None  # arrays
    properties: dict[str, FieldType] = field(default_factory=dict, hash=False)  # objects
    date_field: str | None = None  # objects: the field that dates an item (``x-date-field``)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict, hash=False)  # code: (vi, en)
    title: tuple[str, str] | None = None  # what the field is, in words (its description)

    def resolve(self, path: tuple[str, ...]) -> FieldType | None:
        """The type at ``path`` below this object, without crossing arrays; None if no such field."""
        node: FieldType | None = self
        for part in path:
            if node is None or node.kind != "object":
                return None
            node = node.properties.get(part)
        return node

    @property
    def comparable(self) -> bool:
        return self.kind in ("string", "integer", "number", "boolean", "date")


def _title(node: dict[str, Any]) -> tuple[str, str] | None:
    """The description's two halves, "Vietnamese / English"."""
    text = node.get("description")
    if not isinstance(text, str) or " / " not in text:
        return None
    vi, _, en = text.partition(" / ")
    return vi.strip(), en.strip()


def _build(node: dict[str, Any], defs: dict[str, Any]) -> FieldType:
    built = _build_kind(node, defs)
    title = _title(node)
    return built if title is None else replace(built, title=title)


def _build_kind(node: dict[str, Any], defs: dict[str, Any]) -> FieldType:
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        return _build({**target, **{k: v for k, v in node.items() if k != "$ref"}}, defs)
    if node.get("format") in ("date", "date-or-date-time"):
        return FieldType("date")
    if "const" in node:
        return FieldType("string", enum=frozenset([node["const"]]))
    kind = node.get("type", "string")
    if kind == "object":
        props = {k: _build(v, defs) for k, v in node.get("properties", {}).items() if not k.startswith("$")}
        return FieldType("object", properties=props, date_field=node.get("x-date-field"))
    if kind == "array":
        return FieldType("array", item=_build(node.get("items", {}), defs))
    enum = frozenset(node["enum"]) if "enum" in node else None
    labels = {code: (text["vi"], text["en"]) for code, text in node.get("x-enum-labels", {}).items()}
    return FieldType(kind, enum=enum, labels=labels)


def item_type(path: tuple[str, ...]) -> FieldType | None:
    """The type of the field at ``path`` of a report, arrays crossed (so the type of its items
    for a list); None when the report has no such field."""
    node: FieldType | None = report_type()
    for part in path:
        while node is not None and node.kind == "array":
            node = node.item
        node = node.properties.get(part) if node is not None and node.kind == "object" else None
    while node is not None and node.kind == "array":
        node = node.item
    return node


def label(path: tuple[str, ...], code: str) -> tuple[str, str]:
    """The words for ``code``, a value of the field at ``path`` of a report (arrays crossed):
    ("Báo cáo sơ kết học kỳ I", "first-semester review report"); the code itself if unknown."""
    node = item_type(path)
    if node is None or code not in node.labels:
        return code, code
    return node.labels[code]


def field_title(path: tuple[str, ...]) -> tuple[str, str]:
    """What the field at ``path`` of a report is, in words; the dotted path if undescribed."""
    node: FieldType | None = report_type()
    for part in path:
        while node is not None and node.kind == "array":
            node = node.item
        node = node.properties.get(part) if node is not None and node.kind == "object" else None
    if node is None or node.title is None:
        dotted = ".".join(path)
        return dotted, dotted
    return node.title


@cache
def report_type() -> FieldType:
    """The type of a whole report document."""
    report = schema("report")
    return _build(report, report.get("$defs", {}))
