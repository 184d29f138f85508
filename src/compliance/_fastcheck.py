"""A fast yes/no check of a report against the report schema, for the common case of a valid one.

``jsonschema`` is thorough and gives the errors we turn into messages, but it interprets the schema
for every value and costs about three times parsing the YAML. This module compiles the (inlined)
schema once into closures that answer only "valid?". It is conservative: a keyword or a value it
does not handle makes it answer "no", and every "no" goes to ``jsonschema``, which decides and
explains. So it can make a valid report faster; it cannot let an invalid one through. The test
suite checks both directions on generated and mutated reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
_IGNORED = {"description", "title", "x-enum-labels", "x-date-field", "x-explain", "$schema", "$id"}
# What an ``if`` may use: keywords whose check here is exact in both directions (a conservative
# "no" inside an ``if`` would skip its ``then`` and let an invalid report through).
_EXACT_IN_IF = {"properties", "required", "const", "enum", "description"}


class Unsupported(Exception):
    """The schema uses something this compiler does not know; use jsonschema alone."""


def compile_schema(node: dict[str, Any], formats: dict[str, Callable[[object], bool]]) -> Check:
    unknown = (
        set(node)
        - _IGNORED
        - {
            "type",
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "enum",
            "const",
            "pattern",
            "format",
            "minimum",
            "maximum",
            "minLength",
            "maxLength",
            "minItems",
            "uniqueItems",
            "items",
            "if",
            "then",
        }
    )
    if unknown:
        raise Unsupported(sorted(unknown))
    checks: list[Check] = []
    kind = node.get("type")
    if kind is not None:
        checks.append(_type(kind))
    if "enum" in node:
        allowed = node["enum"]
        if not all(isinstance(v, str) for v in allowed):
            raise Unsupported("enum of non-strings")
        values = frozenset(allowed)
        checks.append(lambda v: isinstance(v, str) and v in values)
    if "const" in node:
        const = node["const"]
        if not isinstance(const, str):
            raise Unsupported("const of a non-string")
        checks.append(lambda v: isinstance(v, str) and v == const)
    if "pattern" in node:
        rx = re.compile(node["pattern"])
        checks.append(lambda v: not isinstance(v, str) or rx.search(v) is not None)
    if "format" in node:
        fmt = formats.get(node["format"])
        if fmt is None:
            raise Unsupported(f"format {node['format']}")
        checks.append(lambda v: not isinstance(v, str) or fmt(v))
    if "minimum" in node:
        low = node["minimum"]
        checks.append(lambda v: not _number(v) or v >= low)
    if "maximum" in node:
        high = node["maximum"]
        checks.append(lambda v: not _number(v) or v <= high)
    if "minLength" in node:
        shortest = node["minLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) >= shortest)
    if "maxLength" in node:
        longest = node["maxLength"]
        checks.append(lambda v: not isinstance(v, str) or len(v) <= longest)
    if "minItems" in node:
        fewest = node["minItems"]
        checks.append(lambda v: not isinstance(v, list) or len(v) >= fewest)
    if "items" in node:
        item = compile_schema(node["items"], formats)
        checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
    if node.get("uniqueItems"):
        checks.append(lambda v: not isinstance(v, list) or _unique(v))
    if "properties" in node or "required" in node or "additionalProperties" in node:
        checks.append(_object(node, formats))
    if "if" in node:
        checks.append(_conditional(node, formats))
    elif "then" in node:
        raise Unsupported("then without if")
    return lambda v: all(check(v) for check in checks)


def _conditional(node: dict[str, Any], formats: dict[str, Callable[[object], bool]]) -> Check:
    """``if``/``then`` (no ``else``): the condition must be decided exactly, so only the keywords
    of :data:`_EXACT_IN_IF` may appear in it."""
    if "else" in node:
        raise Unsupported("else")
    _require_exact(node["if"])
    condition = compile_schema(node["if"], formats)
    then = compile_schema(node.get("then", {}), formats)
    return lambda v: not condition(v) or then(v)


def _require_exact(node: Any) -> None:
    if not isinstance(node, dict) or set(node) - _EXACT_IN_IF:
        raise Unsupported("an 'if' this check cannot decide exactly")
    for sub in node.get("properties", {}).values():
        _require_exact(sub)


def _number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _type(kind: Any) -> Check:
    if not isinstance(kind, str):
        raise Unsupported("a list of types")
    return {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),  # 5.0 goes to jsonschema
        "number": _number,
    }.get(kind) or _unsupported(kind)


def _unsupported(kind: str) -> Check:
    raise Unsupported(f"type {kind}")


def _unique(values: list[Any]) -> bool:
    if not all(isinstance(v, str) or (isinstance(v, int) and not isinstance(v, bool)) for v in values):
        return False  # let jsonschema decide mixed or nested values
    return len({(type(v), v) for v in values}) == len(values)


def _object(node: dict[str, Any], formats: dict[str, Callable[[object], bool]]) -> Check:
    props = {k: compile_schema(v, formats) for k, v in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    patterns = [
        (re.compile(p), compile_schema(s, formats)) for p, s in node.get("patternProperties", {}).items()
    ]
    closed = node.get("additionalProperties", True) is False
    if node.get("additionalProperties", True) not in (True, False):
        raise Unsupported("additionalProperties with a schema")

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True  # the type keyword decides
        if any(key not in v for key in required):
            return False
        for key, value in v.items():
            matched = False
            if key in props:
                matched = True
                if not props[key](value):
                    return False
            for rx, pattern_check in patterns:
                if rx.search(key):
                    matched = True
                    if not pattern_check(value):
                        return False
            if not matched and closed:
                return False
        return True

    return check
