"""JSON: :func:`json.loads` after a cheap depth check, and a scanner for positions and problems.

The decoder recurses, so nesting is counted first. Duplicate keys, NaN, Infinity, numbers no
float or int can hold and numbers so small a float holds them as 0 (``1e-400``) are refused; the
scanner (:func:`scan_json`) says where. Line and column numbers of a loaded text are only worked
out when someone asks for one, and only along its pointer (:mod:`._jsonpos`).
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from itertools import accumulate
from typing import Any

from compliance.errors import Code, Location, Problem
from compliance.loading._base import Fail, Limits, LoadedFile, located, position_of_char, shown, underflows
from compliance.loading._jsonpos import JsonPositions
from compliance.loading._text import check_json_data
from compliance.loading.sourcemap import Pos, SourceMap, Tables, child
from compliance.messages import problem
from compliance.textnorm import normalize_text

_JSON_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_JSON_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.?)*+"?|[\[\]{}]', re.DOTALL)
_JSON_LEXEME = re.compile(r'"(?:[^"\\]++|\\.?)*+"?|[\[\]{}:,]|[^\s\[\]{}:,"]++', re.DOTALL)
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")


class _Refused(Exception):
    """json.loads met a duplicate key or a number JSON data cannot hold; the scan says where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused("duplicate key")
    return out


def _nfc_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Objects are built inner first, so only strings and the lists directly here are left to do.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if type(value) is str:
            value = normalize_text(value)
        elif type(value) is list:
            _nfc_list(value)
        out[normalize_text(key)] = value
    if len(out) != len(pairs):  # also two spellings of one key that NFC makes equal
        raise _Refused("duplicate key")
    return out


def _nfc_list(items: list[Any]) -> None:
    for index, item in enumerate(items):
        if type(item) is str:
            items[index] = normalize_text(item)
        elif type(item) is list:
            _nfc_list(item)  # depth was checked before parsing


def _reject_constant(constant: str) -> Any:
    raise _Refused(constant)


def _finite_float(literal: str) -> float:
    number = float(literal)
    if math.isinf(number) or (number == 0 and underflows(literal)):  # 1e999 would be inf, 1e-400 0.0
        raise _Refused(literal)
    return number


def _needs_nfc(text: str) -> bool:
    """Whether normalize_text could change any string of the parsed JSON. Cheap: a string differs
    from its piece of the text only through escapes, and a piece of NFC text between ASCII
    quotes is NFC itself."""
    if "\\u" in text:
        return True
    if text.isascii():
        return False
    return "\u00d0" in text or "\u00f0" in text or not unicodedata.is_normalized("NFC", text)


# Made once: json.loads with hooks makes a decoder for every text. Shared by threads as json.loads
# shares its own (the C scanner keeps no state between texts but its cache of keys).
_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_pairs, parse_constant=_reject_constant, parse_float=_finite_float
)
_NFC_DECODER = json.JSONDecoder(
    object_pairs_hook=_nfc_pairs, parse_constant=_reject_constant, parse_float=_finite_float
)


def load_json(text: str, name: str, limits: Limits, *, escapes: bool = True) -> LoadedFile:
    """The document of a JSON text; with ``escapes`` False, refused characters written as escapes
    are left in the data (the caller looks for them itself)."""
    _check_json_depth(text, name, limits)
    nfc = _needs_nfc(text)
    try:
        if text.startswith("\ufeff"):  # a second byte order mark: json.loads says so, as it always did
            json.loads(text)
        data = (_NFC_DECODER if nfc else _DECODER).decode(text)
    except json.JSONDecodeError as exc:
        at = Location(name, exc.lineno, exc.colno)
        raise Fail(problem(Code.JSON_SYNTAX, at=at, detail=shown(exc.msg))) from None
    except (_Refused, ValueError) as exc:  # ValueError: an integer with more digits than Python converts
        problems = scan_json(text, name)[1] or [
            problem(Code.JSON_UNREADABLE, at=Location(name), detail=shown(str(exc)))
        ]
        raise Fail(*problems) from None
    if nfc:
        if type(data) is str:
            data = normalize_text(data)
        elif type(data) is list:
            _nfc_list(data)
    source_map = SourceMap(JsonPositions(text))
    if _ESCAPED_SURROGATE.search(text) and (pointer := _lone_surrogate(data)) is not None:
        at = located(name, source_map.locate(pointer), pointer)
        raise Fail(problem(Code.JSON_ESCAPED_SURROGATE, at=at))
    # n values take at least 2n - 1 characters: count them only in a text long enough to hold more
    if len(text) > 2 * limits.max_nodes and _more_values_than(data, limits.max_nodes):
        raise Fail(problem(Code.TOO_MANY_VALUES, at=Location(name), limit=limits.max_nodes))
    loaded = LoadedFile(name, "json", data, source_map)
    if escapes and (escaped := check_json_data(text, loaded)):
        raise Fail(*escaped)
    return loaded


def _lone_surrogate(data: Any) -> str | None:
    """Pointer to a string, or to the object of a key, holding a lone surrogate ("\\ud800"
    escaped), which cannot be written out as UTF-8."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if type(node) is str:
            if not _encodable(node):
                return pointer
        elif type(node) is dict:
            if not all(map(_encodable, node)):
                return pointer
            stack.extend((item, child(pointer, key)) for key, item in node.items())
        elif type(node) is list:
            stack.extend((item, child(pointer, index)) for index, item in enumerate(node))
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_json_depth(text: str, name: str, limits: Limits) -> None:
    """Refuse nesting past the limit before json.loads, whose decoder recurses."""
    if text.count("[") + text.count("{") <= limits.max_depth:
        return
    # Drop escaped backslashes and quotes; then every other piece between quotes is a string.
    # (Past the first syntax error this may miscount, but json.loads stops there anyway.)
    outside = "".join(text.replace("\\\\", "").replace('\\"', "").split('"')[::2])
    steps = map(_BRACKET_STEP.__getitem__, _JSON_BRACKET.findall(outside))
    if max(accumulate(steps), default=0) <= limits.max_depth:
        return
    depth, offset = 0, 0
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > limits.max_depth:
                offset = match.start()
                break
        elif char in "]}":
            depth -= 1
    at = located(name, position_of_char(text, offset))
    raise Fail(problem(Code.NESTED_TOO_DEEP, at=at, limit=limits.max_depth))


def _more_values_than(data: Any, limit: int) -> bool:
    count, stack = 0, [data]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return True
        if type(node) is dict:
            stack.extend(node.values())
        elif type(node) is list:
            stack.extend(node)
    return False


class _JsonFrame:
    __slots__ = ("index", "is_object", "key", "pointer", "seen", "wants_key")

    def __init__(self, pointer: str, is_object: bool) -> None:
        self.pointer = pointer
        self.is_object = is_object
        self.wants_key = is_object
        self.key = ""  # in an object: the key of the value that comes next
        self.index = 0  # in an array: the index of the value that comes next
        self.seen: dict[str, int] = {}  # key -> line

    def child_pointer(self) -> str:
        return child(self.pointer, self.key if self.is_object else self.index)


def scan_json(text: str, name: str) -> tuple[Tables, list[Problem]]:
    """Positions of every value and key of a JSON text, with its duplicate keys and the numbers
    JSON data cannot hold. Never fails: on the error path the text may be broken further on."""
    values: dict[str, Pos] = {}
    keys: dict[str, Pos] = {}
    problems: list[Problem] = []
    stack: list[_JsonFrame] = []
    top: _JsonFrame | None = None
    # Line by line: a JSON string cannot hold a raw line break.
    for number, line in enumerate(text.split("\n"), 1):
        for match in _JSON_LEXEME.finditer(line):
            token = match.group()
            char = token[0]
            if char == ",":
                if top is not None:
                    if top.is_object:
                        top.wants_key = True
                    else:
                        top.index += 1
            elif char in "]}":
                if stack:
                    stack.pop()
                    top = stack[-1] if stack else None
            elif char == ":":
                continue
            elif top is not None and top.wants_key:
                key = normalize_text(_json_key(token))
                pointer = child(top.pointer, key)
                at = (number, match.start() + 1)
                first = top.seen.get(key)
                if first is None:
                    top.seen[key] = number
                    keys[pointer] = at
                else:
                    where = Location(name, *at, pointer)
                    problems.append(
                        problem(Code.DUPLICATE_KEY, at=where, key=shown(key), line=number, first=first)
                    )
                top.key, top.wants_key = key, False
            else:
                pointer = "" if top is None else top.child_pointer()
                at = (number, match.start() + 1)
                values.setdefault(pointer, at)
                if char in "[{":
                    top = _JsonFrame(pointer, char == "{")
                    stack.append(top)
                elif char != '"' and _unholdable_number(token):
                    where = Location(name, *at, pointer)
                    code = Code.NUMBER_UNDERFLOW if underflows(token) else Code.JSON_NUMBER
                    problems.append(problem(code, at=where, value=shown(token)))
    return (values, keys), problems


def _json_key(token: str) -> str:
    if token[0] != '"' or len(token) < 2 or token[-1] != '"':
        return token  # not a string: broken text past the point json.loads stopped
    if "\\" not in token:
        return token[1:-1]
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def _unholdable_number(token: str) -> bool:
    if token in _JSON_CONSTANTS:
        return True
    # Only an exponent or hundreds of digits overflow a float, only thousands an integer.
    if len(token) < 309 and "e" not in token and "E" not in token:
        return False
    number = _JSON_NUMBER.fullmatch(token)
    if number is None:
        return False
    if number.group(1) is None and number.group(2) is None:
        digits = sys.get_int_max_str_digits()
        return digits > 0 and len(token.lstrip("-")) > digits
    return math.isinf(float(token)) or underflows(token)
