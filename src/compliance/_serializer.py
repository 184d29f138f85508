"""The records of a result written by pydantic-core alone, without importing pydantic.

Writing a result as JSON (the JSON and SARIF reports, a finding's JSON) went through pydantic's
``TypeAdapter``: 55–75 ms of each command that writes JSON, for importing pydantic and for
generating the core schema from the dataclasses, where pydantic-core itself imports in about
12 ms. The writing is done by pydantic-core's ``SchemaSerializer`` either way; here its core schema
is made from the record's dataclass fields by the few rules the contract's types need (text,
numbers, dates, literals, enums, lists, tuples, mappings, optional values, nested records and the
spooled :class:`~compliance.records.Records`), so the bytes are those of the same serialiser given
the same schema (``tests/test_serializer.py`` compares them with pydantic's for every record of a
result, on generated values and on the examples' results). A type outside those rules is written by
pydantic's own adapter, so nothing is ever written differently; pydantic still validates the
records, describes them (the JSON Schema) and serves the API's ``model_*`` methods
(:mod:`compliance._pydantic`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import threading
import types
import typing
from typing import TYPE_CHECKING, Any

from compliance._pydantic import adapter, field_types
from compliance.records import AS_RECORDS

if TYPE_CHECKING:
    from pydantic_core import SchemaSerializer

_SERIALIZERS: dict[type, SchemaSerializer] = {}
_LOCK = threading.Lock()
_SCALARS: dict[Any, dict[str, str]] = {
    str: {"type": "str"},
    int: {"type": "int"},
    float: {"type": "float"},
    bool: {"type": "bool"},
    dt.date: {"type": "date"},
    dt.datetime: {"type": "datetime"},
    Any: {"type": "any"},
    type(None): {"type": "none"},
}


class Unsupported(TypeError):
    """A type the rules here do not cover (its record is written by pydantic's adapter)."""


def serializer(kind: type) -> SchemaSerializer:
    """The serialiser of the record class ``kind``, made once per class and process."""
    found = _SERIALIZERS.get(kind)
    if found is None:
        with _LOCK:
            found = _SERIALIZERS.get(kind)
            if found is None:
                try:
                    schema = _record(kind)
                except Unsupported:
                    found = adapter(kind).serializer
                else:
                    from pydantic_core import SchemaSerializer  # noqa: PLC0415 - the point of this module

                    found = SchemaSerializer(schema)
                _SERIALIZERS[kind] = found
    return found


def _record(kind: type) -> dict[str, Any]:
    """The core schema pydantic gives a slotted dataclass of the contract (what its serialiser reads)."""
    if not dataclasses.is_dataclass(kind):
        raise Unsupported(kind)
    hints = field_types(kind)
    fields = [
        {"type": "dataclass-field", "name": f.name, "schema": _schema(hints[f.name]), "kw_only": f.kw_only}
        for f in dataclasses.fields(kind)
    ]
    return {
        "type": "dataclass",
        "cls": kind,
        "fields": [f["name"] for f in fields],
        "schema": {"type": "dataclass-args", "dataclass_name": kind.__name__, "fields": fields},
        "slots": "__slots__" in kind.__dict__,
    }


def _schema(hint: Any) -> dict[str, Any]:
    """The core schema of a field's type."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        inner, *metadata = args
        if any(m is AS_RECORDS for m in metadata):  # Records: written as the list they stand for
            (item,) = typing.get_args(inner)
            items = {"type": "list", "items_schema": _schema(item)}
            return {
                "type": "any",
                "serialization": {"type": "function-plain", "function": list, "return_schema": items},
            }
        return _schema(inner)
    scalar = _SCALARS.get(hint)
    if scalar is not None:
        return dict(scalar)
    if origin in (typing.Union, types.UnionType):
        choices = [a for a in args if a is not type(None)]
        if len(choices) != 1:
            raise Unsupported(hint)
        inner_schema = _schema(choices[0])
        return {"type": "nullable", "schema": inner_schema} if len(args) == 2 else inner_schema
    if origin is typing.Literal:
        return {"type": "literal", "expected": list(args)}
    if origin is list:
        return {"type": "list", "items_schema": _schema(args[0])}
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "tuple", "items_schema": [_schema(args[0])], "variadic_item_index": 0}
    if origin is dict:
        return {"type": "dict", "keys_schema": _schema(args[0]), "values_schema": _schema(args[1])}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _record(hint)
    raise Unsupported(hint)


def _enum(kind: type[enum.Enum]) -> dict[str, Any]:
    members = list(kind)
    if issubclass(kind, str):
        sub_type = "str"
    elif issubclass(kind, int):
        sub_type = "int"
    else:
        raise Unsupported(kind)
    return {"type": "enum", "cls": kind, "members": members, "sub_type": sub_type}


__all__ = ["serializer"]
