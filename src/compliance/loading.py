"""Loading YAML and JSON files safely, with line and column for every value.

This is the only door through which files enter the program (reports and rule packs alike):

* YAML is parsed by libyaml into events and the values are built here, iteratively: no Python
  tags (any non-standard tag is an error), no duplicate keys, only text keys, booleans only
  ``true``/``false`` (``yes``/``no`` stay text), timestamps kept as the ISO text written, nesting
  depth and alias expansion bounded (a "billion laughs" file fails in milliseconds), one document
  per file;
* JSON goes through ``json.loads`` after a cheap depth check; duplicate keys and NaN/Infinity are
  errors; line and column numbers are computed lazily, only when a message needs one;
* all text is normalised to NFC (:func:`compliance.textnorm.normalize_text`).

Every problem becomes an :class:`~compliance.errors.InputError` (or the subclass the caller asks
for) naming the file, line, column and JSON pointer, in Vietnamese and English.
"""

from __future__ import annotations

import bisect
import json
import math
import os
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from compliance.errors import InputError, Problem, problem
from compliance.textnorm import normalize_text

Format = Literal["yaml", "json"]
Position = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 8 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 500_000


DEFAULT_LIMITS = Limits()
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def json_pointer(parts: Sequence[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _child(pointer: str, key: str | int) -> str:
    return pointer + "/" + str(key).replace("~", "~0").replace("/", "~1")


class SourceMap:
    """JSON pointer → (line, column), 1-based. Built eagerly (YAML) or on first use (JSON)."""

    def __init__(
        self,
        values: dict[str, tuple[int, int]] | None = None,
        keys: dict[str, tuple[int, int]] | None = None,
        build: Callable[[], tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]] | None = None,
    ) -> None:
        self._values = values
        self._keys = keys
        self._build = build
        self._lock = threading.Lock()

    def _tables(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        if self._values is None or self._keys is None:
            with self._lock:
                if self._values is None or self._keys is None:
                    values, keys = self._build() if self._build else ({}, {})
                    self._keys = keys
                    self._values = values
        return self._values, self._keys

    def locate(self, pointer: str) -> Position:
        """Where the value at ``pointer`` is; the nearest known ancestor if it is not known."""
        values, _ = self._tables()
        while True:
            if pointer in values:
                return values[pointer]
            if not pointer:
                return (None, None)
            pointer = pointer.rsplit("/", 1)[0]

    def locate_key(self, pointer: str) -> Position:
        """Where the key of the value at ``pointer`` is (for "unknown key" messages)."""
        _, keys = self._tables()
        return keys[pointer] if pointer in keys else self.locate(pointer)


@dataclass(frozen=True, slots=True)
class LoadedFile:
    name: str
    format: Format
    data: Any
    source_map: SourceMap


class _Fail(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def load_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, error: type[InputError] = InputError
) -> LoadedFile:
    name = str(path)
    target = Path(path)
    fmt = _SUFFIXES.get(target.suffix.lower())
    if fmt is None:
        raise error(
            [
                problem(
                    name,
                    f"không đọc được loại tệp '{target.suffix or '(không có đuôi)'}'",
                    f"cannot read files of type '{target.suffix or '(no extension)'}'",
                    fix_vi="dùng tệp .yaml, .yml hoặc .json",
                    fix_en="use a .yaml, .yml or .json file",
                )
            ]
        )
    try:
        if target.is_dir():
            raise error(
                [
                    problem(
                        name,
                        "đây là thư mục, không phải tệp",
                        "this is a folder, not a file",
                        fix_vi="chỉ đến một tệp",
                        fix_en="point at a file",
                    )
                ]
            )
        size = target.stat().st_size
        if size > limits.max_bytes:
            raise error([_too_big(name, size, limits)])
        raw = target.read_bytes()
    except FileNotFoundError:
        raise error(
            [
                problem(
                    name,
                    "không tìm thấy tệp",
                    "no such file",
                    fix_vi="kiểm tra đường dẫn",
                    fix_en="check the path",
                )
            ]
        ) from None
    except OSError as exc:
        raise error(
            [
                problem(
                    name,
                    f"không đọc được tệp: {exc.strerror}",
                    f"cannot read the file: {exc.strerror}",
                    fix_vi="kiểm tra quyền đọc",
                    fix_en="check the permissions",
                )
            ]
        ) from None
    return load_text(raw, name=name, format=fmt, limits=limits, error=error)


def _too_big(name: str, size: int, limits: Limits) -> Problem:
    return problem(
        name,
        f"tệp quá lớn ({size} byte; tối đa {limits.max_bytes})",
        f"the file is too large ({size} bytes; at most {limits.max_bytes})",
        fix_vi="tách thành nhiều văn bản",
        fix_en="split it into several documents",
    )


def load_text(
    text: str | bytes,
    *,
    name: str,
    format: Format,
    limits: Limits = DEFAULT_LIMITS,
    error: type[InputError] = InputError,
) -> LoadedFile:
    try:
        if isinstance(text, bytes):
            if len(text) > limits.max_bytes:
                raise _Fail(_too_big(name, len(text), limits))
            text = _decode(text, name)
        elif len(text) > limits.max_bytes:
            raise _Fail(_too_big(name, len(text.encode("utf-8")), limits))
        if text.startswith("\ufeff"):
            text = text[1:]
        if format == "json":
            return _load_json(text, name, limits)
        return _load_yaml(text, name, limits)
    except _Fail as exc:
        raise error([exc.problem]) from None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _Fail(
            problem(
                name,
                f"tệp không phải UTF-8 (byte thứ {exc.start})",
                f"the file is not UTF-8 (byte {exc.start})",
                line=line,
                fix_vi="lưu tệp với mã hóa UTF-8",
                fix_en="save the file as UTF-8",
            )
        ) from None


# ----------------------------------------------------------------------------- YAML

_STD = "tag:yaml.org,2002:"
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null")}
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = object()


class _Frame:
    __slots__ = (
        "anchor",
        "explicit",
        "key",
        "key_mark",
        "key_marks",
        "kind",
        "merges",
        "pointer",
        "start_count",
        "value",
    )

    def __init__(self, kind: str, value: Any, pointer: str, anchor: str | None, start_count: int) -> None:
        self.kind = kind
        self.value = value
        self.pointer = pointer
        self.anchor = anchor
        self.start_count = start_count
        self.key: Any = None
        self.key_mark: tuple[int, int] | None = None
        self.key_marks: dict[str, tuple[int, int]] = {}
        self.merges: list[tuple[Any, tuple[int, int]]] = []


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _load_yaml(text: str, name: str, limits: Limits) -> LoadedFile:
    values: dict[str, tuple[int, int]] = {}
    keys: dict[str, tuple[int, int]] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    stack: list[_Frame] = []
    root: list[Any] = []
    documents = 0
    count = 0

    def fail(
        vi: str, en: str, at: tuple[int, int] | None, pointer: str | None, fix_vi: str, fix_en: str
    ) -> _Fail:
        line, column = at if at else (None, None)
        return _Fail(
            problem(name, vi, en, pointer=pointer, line=line, column=column, fix_vi=fix_vi, fix_en=fix_en)
        )

    def next_pointer() -> str:
        if not stack:
            return ""
        top = stack[-1]
        if top.kind == "seq":
            return _child(top.pointer, len(top.value))
        return top.pointer if top.key is None else _child(top.pointer, top.key)

    def attach(value: Any, at: tuple[int, int], is_text_key: bool, merge: bool = False) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        if top.kind == "seq":
            top.value.append(value)
            return
        if top.key is None:
            if merge:
                top.key = _MERGE
                top.key_mark = at
                return
            if not is_text_key:
                raise fail(
                    f"khóa {value!r} phải là chuỗi",
                    f"the key {value!r} must be text",
                    at,
                    top.pointer,
                    'đặt khóa trong dấu nháy, ví dụ "2023"',
                    'quote the key, e.g. "2023"',
                )
            if value in top.key_marks:
                first = top.key_marks[value][0]
                raise fail(
                    f"khóa '{value}' bị lặp (lần đầu ở dòng {first})",
                    f"duplicate key '{value}' (first at line {first})",
                    at,
                    _child(top.pointer, value),
                    "xóa hoặc gộp một trong hai",
                    "remove or merge one of them",
                )
            top.key, top.key_mark = value, at
            top.key_marks[value] = at
            keys[_child(top.pointer, value)] = at
            return
        if top.key is _MERGE:
            top.merges.append((value, top.key_mark or at))
        else:
            top.value[top.key] = value
        top.key = None

    def check_tag(tag: str | None, allowed: str, at: tuple[int, int]) -> None:
        if tag in (None, "!", allowed):
            return
        raise fail(
            f"thẻ YAML '{tag}' không được phép",
            f"the YAML tag '{tag}' is not allowed",
            at,
            next_pointer(),
            "bỏ thẻ; tệp chỉ chứa dữ liệu (chuỗi, số, true/false, danh sách, đối tượng)",
            "remove the tag; files hold data only (text, numbers, true/false, lists, objects)",
        )

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise fail(
                        "tệp có nhiều hơn một văn bản YAML ('---')",
                        "the file holds more than one YAML document ('---')",
                        _mark(event),
                        None,
                        "mỗi tệp một văn bản",
                        "one document per file",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                at = _mark(event)
                pointer = next_pointer()
                value, text_key, merge = _scalar(event, at, pointer, fail)
                count += 1
                if stack and stack[-1].kind == "map" and stack[-1].key is None:
                    attach(value, at, text_key, merge)
                else:
                    values[pointer] = at
                    if event.anchor:
                        anchors[event.anchor] = (value, 1)
                    attach(value, at, text_key)
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                at = _mark(event)
                is_map = isinstance(event, yaml.MappingStartEvent)
                check_tag(event.tag, _STD + ("map" if is_map else "seq"), at)
                if stack and stack[-1].kind == "map" and stack[-1].key is None:
                    raise fail(
                        "khóa phải là chuỗi, không phải đối tượng hay danh sách",
                        "a key must be text, not an object or list",
                        at,
                        stack[-1].pointer,
                        "sửa cấu trúc",
                        "fix the structure",
                    )
                if len(stack) >= limits.max_depth:
                    raise fail(
                        f"lồng nhau quá sâu (tối đa {limits.max_depth} cấp)",
                        f"nested too deeply (at most {limits.max_depth} levels)",
                        at,
                        next_pointer(),
                        "làm phẳng cấu trúc",
                        "flatten the structure",
                    )
                pointer = next_pointer()
                values[pointer] = at
                count += 1
                stack.append(
                    _Frame("map" if is_map else "seq", {} if is_map else [], pointer, event.anchor, count)
                )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                if frame.kind == "map":
                    _apply_merges(frame, fail)
                size = count - frame.start_count + 1
                if frame.anchor:
                    anchors[frame.anchor] = (frame.value, size)
                attach(frame.value, values.get(frame.pointer, (0, 0)), False)
            elif isinstance(event, yaml.AliasEvent):
                at = _mark(event)
                if event.anchor not in anchors:
                    raise fail(
                        f"bí danh '*{event.anchor}' không trỏ tới neo nào đã xong",
                        f"alias '*{event.anchor}' refers to no complete anchor",
                        at,
                        next_pointer(),
                        "khai báo neo '&' trước khi dùng",
                        "define the '&' anchor before using it",
                    )
                value, size = anchors[event.anchor]
                count += size
                if count > limits.max_nodes:
                    raise fail(
                        f"bí danh YAML mở rộng quá lớn (hơn {limits.max_nodes} giá trị)",
                        f"YAML aliases expand too far (more than {limits.max_nodes} values)",
                        at,
                        next_pointer(),
                        "bỏ bớt bí danh '*'",
                        "use fewer '*' aliases",
                    )
                is_key = bool(stack) and stack[-1].kind == "map" and stack[-1].key is None
                if not is_key:
                    values.setdefault(next_pointer(), at)
                attach(value, at, isinstance(value, str))
            if count > limits.max_nodes:
                raise fail(
                    f"tệp có quá nhiều giá trị (hơn {limits.max_nodes})",
                    f"too many values (more than {limits.max_nodes})",
                    None,
                    None,
                    "tách thành nhiều văn bản",
                    "split it into several documents",
                )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise fail(
            f"lỗi cú pháp YAML: {what}",
            f"YAML syntax error: {what}",
            where,
            None,
            "kiểm tra thụt lề, dấu ':' và dấu nháy quanh vị trí này",
            "check the indentation, ':' and quotes around this place",
        ) from None
    except yaml.YAMLError as exc:
        raise fail(f"lỗi YAML: {exc}", f"YAML error: {exc}", None, None, "sửa tệp", "fix the file") from None
    if documents == 0 or not root:
        raise fail(
            "tệp rỗng", "the file is empty", None, None, "thêm nội dung báo cáo", "add the report's content"
        )
    return LoadedFile(name, "yaml", root[0], SourceMap(values, keys))


def _scalar(event: Any, at: tuple[int, int], pointer: str, fail: Any) -> tuple[Any, bool, bool]:
    """(value, is a text key, is the merge key) of a scalar event."""
    value: str = event.value
    tag = event.tag
    plain = event.implicit[0] and event.style in (None, "")
    if tag not in (None, "!"):
        if tag not in _SCALAR_TAGS:
            raise fail(
                f"thẻ YAML '{tag}' không được phép",
                f"the YAML tag '{tag}' is not allowed",
                at,
                pointer,
                "bỏ thẻ; tệp chỉ chứa dữ liệu (chuỗi, số, true/false, danh sách, đối tượng)",
                "remove the tag; files hold data only (text, numbers, true/false, lists, objects)",
            )
    elif plain:
        tag = str(_RESOLVER.resolve(ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]
    else:
        tag = _STD + "str"
    kind = tag[len(_STD) :] if tag.startswith(_STD) else "str"
    if kind == "merge":
        return value, False, True
    if kind == "null":
        return None, False, False
    if kind == "bool":
        lowered = value.lower()
        if lowered in ("true", "false"):
            return lowered == "true", False, False
        return normalize_text(value), True, False
    if kind in ("int", "float"):
        try:
            number = getattr(_CONSTRUCTOR, f"construct_yaml_{kind}")(ScalarNode(tag, value))
        except (ValueError, TypeError):
            raise fail(
                f"'{value}' không phải số",
                f"'{value}' is not a number",
                at,
                pointer,
                "sửa con số",
                "fix the number",
            ) from None
        if isinstance(number, float) and not math.isfinite(number):
            raise fail(
                f"'{value}' không phải số hữu hạn",
                f"'{value}' is not a finite number",
                at,
                pointer,
                "dùng một số thông thường",
                "use an ordinary number",
            )
        return number, False, False
    return normalize_text(value), True, False


def _apply_merges(frame: _Frame, fail: Any) -> None:
    """YAML 1.1 merge keys: merged mappings fill in keys the mapping does not set itself."""
    explicit = set(frame.value)
    for merged, at in frame.merges:
        sources = merged if isinstance(merged, list) else [merged]
        for source in sources:
            if not isinstance(source, dict):
                raise fail(
                    "giá trị của '<<' phải là đối tượng hoặc danh sách đối tượng",
                    "'<<' needs an object or a list of objects",
                    at,
                    frame.pointer,
                    "sửa giá trị của '<<'",
                    "fix the value of '<<'",
                )
            for key, value in source.items():
                if key not in explicit and key not in frame.value:
                    frame.value[key] = value
        explicit = set(frame.value)


# ----------------------------------------------------------------------------- JSON

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_JSON_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<punct>[\[\]{}:,])|(?P<atom>[^\s\[\]{}:,"]+))', re.DOTALL
)


class _Duplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _load_json(text: str, name: str, limits: Limits) -> LoadedFile:
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    source_map = SourceMap(build=lambda: _scan_json(text, name))
    if deepest > limits.max_depth:
        raise _Fail(
            problem(
                name,
                f"lồng nhau quá sâu ({deepest} cấp; tối đa {limits.max_depth})",
                f"nested too deeply ({deepest} levels; at most {limits.max_depth})",
                fix_vi="làm phẳng cấu trúc",
                fix_en="flatten the structure",
            )
        )
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_reject_constant)
    except _Duplicate:
        _scan_json(text, name)  # raises with the line of the second occurrence
        raise AssertionError("unreachable") from None
    except json.JSONDecodeError as exc:
        raise _Fail(
            problem(
                name,
                f"lỗi cú pháp JSON: {exc.msg}",
                f"JSON syntax error: {exc.msg}",
                line=exc.lineno,
                column=exc.colno,
                fix_vi="kiểm tra dấu phẩy, ngoặc và dấu nháy kép",
                fix_en="check commas, brackets and double quotes",
            )
        ) from None
    except ValueError as exc:
        raise _Fail(
            problem(
                name,
                f"'{exc}' không phải số JSON hợp lệ",
                f"'{exc}' is not a valid JSON number",
                fix_vi="dùng một số thông thường",
                fix_en="use an ordinary number",
            )
        ) from None
    return LoadedFile(name, "json", _normalize(data, name, source_map, limits), source_map)


def _normalize(value: Any, name: str, source_map: SourceMap, limits: Limits) -> Any:
    """NFC for every string of parsed JSON, counting values against the limit. Pointers are only
    worked out for the rare duplicate key (two Unicode spellings of one key)."""
    count = 0

    def pointer(path: tuple[Any, ...] | None) -> str:
        steps: list[Any] = []
        while path is not None:
            path, step = path
            steps.append(step)
        return json_pointer(steps[::-1])

    # ``path`` is a linked list (parent, step): free to build, walked only to report a duplicate
    def walk(node: Any, path: tuple[Any, ...] | None) -> Any:
        nonlocal count
        count += 1
        if count > limits.max_nodes:
            raise _Fail(
                problem(
                    name,
                    f"tệp có quá nhiều giá trị (hơn {limits.max_nodes})",
                    f"too many values (more than {limits.max_nodes})",
                    fix_vi="tách thành nhiều văn bản",
                    fix_en="split it into several documents",
                )
            )
        if isinstance(node, str):
            return normalize_text(node)
        if isinstance(node, list):
            return [walk(v, (path, i)) for i, v in enumerate(node)]
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, item in node.items():
                clean = normalize_text(key)
                if clean in out:
                    line, column = source_map.locate_key(pointer((path, key)))
                    raise _Fail(
                        problem(
                            name,
                            f"khóa '{clean}' bị lặp (hai cách viết Unicode của cùng một khóa)",
                            f"duplicate key '{clean}' (two Unicode spellings of one key)",
                            pointer=pointer((path, clean)),
                            line=line,
                            column=column,
                            fix_vi="xóa một trong hai",
                            fix_en="remove one of them",
                        )
                    )
                out[clean] = walk(item, (path, clean))
            return out
        return node

    return walk(value, None)


def _scan_json(text: str, name: str) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Positions of every value and key of a JSON text (already known to parse, or with a
    duplicate key, which this scan reports with its line)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(starts, offset)
        return (line, offset - starts[line - 1] + 1)

    values: dict[str, tuple[int, int]] = {}
    keys: dict[str, tuple[int, int]] = {}
    # frames: [kind, pointer, index or current key, seen keys, expecting a key]
    stack: list[list[Any]] = []
    offset = 0

    def value_pointer() -> str:
        if not stack:
            return ""
        _kind, pointer, slot, _, _ = stack[-1]
        return _child(pointer, slot)

    for match in _JSON_TOKEN.finditer(text):
        token_start = match.start(match.lastgroup or 0)
        offset = match.end()
        if match.group("punct"):
            char = match.group("punct")
            if char in "[{":
                pointer = value_pointer()
                values[pointer] = position(token_start)
                stack.append(["arr" if char == "[" else "obj", pointer, 0, set(), char == "{"])
            elif char in "]}":
                stack.pop()
            elif char == "," and stack:
                frame = stack[-1]
                if frame[0] == "arr":
                    frame[2] += 1
                else:
                    frame[4] = True
            continue
        if stack and stack[-1][0] == "obj" and stack[-1][4]:
            frame = stack[-1]
            raw = match.group("string")
            if raw is None:
                key = match.group(0).strip()
            else:  # most keys have no escapes: skip the JSON decoder for them
                key = normalize_text(json.loads(raw) if "\\" in raw else raw[1:-1])
            pointer = _child(frame[1], key)
            if key in frame[3]:
                line, column = position(token_start)
                raise _Fail(
                    problem(
                        name,
                        f"khóa '{key}' bị lặp",
                        f"duplicate key '{key}'",
                        pointer=pointer,
                        line=line,
                        column=column,
                        fix_vi="xóa hoặc gộp một trong hai",
                        fix_en="remove or merge one of them",
                    )
                )
            frame[3].add(key)
            keys[pointer] = position(token_start)
            frame[2], frame[4] = key, False
            continue
        values[value_pointer()] = position(token_start)
    del offset
    return values, keys
