"""Loading YAML and JSON files: the only way a file enters the program.

Reports and rule packs alike come through :func:`load_file` or :func:`load_text`, which give
JSON-compatible data (dicts with text keys, lists, text, int, float, bool, None) and a
:class:`SourceMap` from JSON pointers to the line and column where each value was written.

* YAML is read as libyaml's event stream and the values are built here, without recursion: one
  document per file, no tags beyond the standard ones (so no Python objects), only text keys, no
  duplicate keys, booleans only ``true``/``false`` (YAML 1.1's ``yes``/``no``/``on``/``off`` stay
  text), timestamps kept as the text written, nesting depth and alias expansion bounded (a
  "billion laughs" file fails in milliseconds).
* JSON goes through :func:`json.loads` after a cheap depth check (the decoder recurses); duplicate
  keys, NaN and Infinity are refused; line and column numbers are only worked out when asked for.
* All text, keys included, is normalised with :func:`compliance.textnorm.normalize_text` (NFC).

Every problem is raised as the :class:`~compliance.errors.InputError` subclass the caller names,
in Vietnamese and English, with the file, line, column and JSON pointer where known.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import sys
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Literal

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from compliance.errors import InputError, Problem, problem
from compliance.textnorm import normalize_text

Format = Literal["yaml", "json"]
Position = tuple[int | None, int | None]
_Pos = tuple[int, int]
_Tables = tuple[dict[str, _Pos], dict[str, _Pos]]  # positions of values, positions of keys


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one file may cost to load."""

    max_bytes: int = 8 * 1024 * 1024  # file size
    max_depth: int = 64  # nesting of mappings/sequences
    max_nodes: int = 500_000  # values built, counting every alias expansion (YAML bombs)


DEFAULT_LIMITS = Limits()
_SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def json_pointer(parts: Sequence[str | int]) -> str:
    """RFC 6901 pointer for a path: ``["a/b", 0]`` gives ``"/a~1b/0"``; ``[]`` gives ``""``."""
    pointer = ""
    for part in parts:
        pointer = _child(pointer, part)
    return pointer


def _child(pointer: str, step: str | int) -> str:
    if isinstance(step, str) and ("~" in step or "/" in step):
        step = step.replace("~", "~0").replace("/", "~1")
    return f"{pointer}/{step}"


class SourceMap:
    """JSON pointer -> (line, column), both 1-based. Thread-safe; may be computed lazily."""

    __slots__ = ("_lock", "_tables")

    def __init__(self, tables: _Tables | Callable[[], _Tables]) -> None:
        """`tables` are the positions of values and of keys, or a function that works them out
        the first time they are needed."""
        self._tables = tables
        self._lock = threading.Lock()

    def _get(self) -> _Tables:
        tables = self._tables
        if callable(tables):
            with self._lock:
                if callable(self._tables):
                    self._tables = self._tables()
                tables = self._tables
        return tables

    def locate(self, pointer: str) -> Position:
        """Position of the value at `pointer`; if that exact pointer is unknown, the nearest
        ancestor's; (None, None) if nothing."""
        values = self._get()[0]
        while pointer not in values:
            if not pointer:
                return (None, None)
            pointer = pointer.rpartition("/")[0]
        return values[pointer]

    def locate_key(self, pointer: str) -> Position:
        """Position of the KEY whose value is at `pointer` (for 'unknown key' errors); falls back
        to locate()."""
        keys = self._get()[1]
        return keys[pointer] if pointer in keys else self.locate(pointer)


@dataclass(frozen=True, slots=True)
class LoadedFile:
    name: str  # the path as the user gave it (for messages)
    format: Format
    data: Any  # JSON-compatible only: dict[str, ...], list, str, int, float, bool, None
    source_map: SourceMap


class _Fail(Exception):
    """Internal: carries problems up to the public functions, which raise the caller's class."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__()
        self.problems = problems


def load_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS, error: type[InputError] = InputError
) -> LoadedFile:
    """Read a .yaml, .yml or .json file (the extension decides the format)."""
    name = os.fspath(path)
    try:
        fmt = _format_of(name)
        raw = _read(name, limits)
    except _Fail as exc:
        raise error(exc.problems) from None
    return load_text(raw, name=name, format=fmt, limits=limits, error=error)


def load_text(
    text: str | bytes,
    *,
    name: str,
    format: Format,
    limits: Limits = DEFAULT_LIMITS,
    error: type[InputError] = InputError,
) -> LoadedFile:
    """Load a document given as text or as UTF-8 bytes; `name` is only used in messages."""
    if format not in ("yaml", "json"):
        raise ValueError(f"unknown format {format!r}")
    try:
        text = _checked_text(text, name, limits)
        if not text or text.isspace():
            raise _Fail(
                _problem(
                    name,
                    "tệp rỗng",
                    "the file is empty (an empty document)",
                    fix=("viết nội dung văn bản vào tệp", "write the document's content into the file"),
                )
            )
        if format == "json":
            return _load_json(text, name, limits)
        return _YamlBuilder(name, limits).load(text)
    except _Fail as exc:
        raise error(exc.problems) from None
    except (RecursionError, MemoryError):
        # Not expected within the limits; a last guard so that no input ends in a traceback.
        raise error(
            [
                _problem(
                    name,
                    "tệp quá lớn hoặc lồng nhau quá sâu để đọc",
                    "the file is too large or too deeply nested to load",
                    fix=("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents"),
                )
            ]
        ) from None


def _problem(
    name: str,
    vi: str,
    en: str,
    *,
    at: Position | None = None,
    pointer: str | None = None,
    fix: tuple[str, str],
) -> Problem:
    line, column = at or (None, None)
    return problem(name, vi, en, pointer=pointer, line=line, column=column, fix_vi=fix[0], fix_en=fix[1])


# ----------------------------------------------------------------------------- files and bytes


def _format_of(name: str) -> Format:
    suffix = os.path.splitext(name)[1]
    fmt = _SUFFIXES.get(suffix.lower())
    if fmt is None:
        raise _Fail(
            _problem(
                name,
                f"không đọc được loại tệp '{suffix or '(không có đuôi)'}'; chỉ nhận .yaml, .yml hoặc .json",
                f"cannot read files of type '{suffix or '(no extension)'}'; only .yaml, .yml and .json are accepted",
                fix=("lưu tệp với đuôi .yaml, .yml hoặc .json", "save the file as .yaml, .yml or .json"),
            )
        )
    return fmt


def _read(name: str, limits: Limits) -> bytes:
    try:
        info = os.stat(name)
        if stat.S_ISDIR(info.st_mode):
            raise _Fail(
                _problem(
                    name,
                    "đây là thư mục, không phải tệp",
                    "this is a folder, not a file",
                    fix=("chỉ đến một tệp trong thư mục", "name a file inside the folder"),
                )
            )
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
            raise _Fail(
                _problem(
                    name,
                    "đây không phải tệp thông thường",
                    "this is not a regular file",
                    fix=("chỉ đến một tệp .yaml hoặc .json", "name a .yaml or .json file"),
                )
            )
        if info.st_size > limits.max_bytes:
            raise _Fail(_too_large(name, info.st_size, limits))
        with open(name, "rb") as handle:
            raw = handle.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except (FileNotFoundError, NotADirectoryError):
        raise _Fail(
            _problem(
                name,
                "không tìm thấy tệp",
                "no such file",
                fix=("kiểm tra đường dẫn và tên tệp", "check the path and the file name"),
            )
        ) from None
    except PermissionError:
        raise _Fail(
            _problem(
                name,
                "không có quyền đọc tệp",
                "permission denied: the file cannot be read",
                fix=("cấp quyền đọc cho tệp", "give read permission on the file"),
            )
        ) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the path
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise _Fail(
            _problem(
                name,
                f"không đọc được tệp: {reason}",
                f"cannot read the file: {reason}",
                fix=("kiểm tra đường dẫn và quyền đọc", "check the path and the permissions"),
            )
        ) from None
    if len(raw) > limits.max_bytes:
        raise _Fail(_too_large(name, None, limits))
    return raw


def _too_large(name: str, size: int | None, limits: Limits) -> Problem:
    """`size` in bytes, None when only known to be over the limit."""
    vi = f"{size} byte" if size is not None else f"hơn {limits.max_bytes} byte"
    en = f"{size} bytes" if size is not None else f"more than {limits.max_bytes} bytes"
    return _problem(
        name,
        f"tệp quá lớn ({vi}; tối đa {limits.max_bytes} byte)",
        f"the file is too large ({en}; at most {limits.max_bytes} bytes)",
        fix=("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents"),
    )


def _checked_text(text: str | bytes, name: str, limits: Limits) -> str:
    """UTF-8 text within the size limit, without a byte order mark."""
    if isinstance(text, bytes):
        raw = text
        if len(raw) > limits.max_bytes:
            raise _Fail(_too_large(name, len(raw), limits))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line, column = _position_of_byte(raw, exc.start)
            raise _Fail(
                _problem(
                    name,
                    f"tệp không phải UTF-8: byte thứ {exc.start} (0x{raw[exc.start]:02X}) không hợp lệ",
                    f"the file is not UTF-8: byte {exc.start} (0x{raw[exc.start]:02X}) is invalid",
                    at=(line, column),
                    fix=("lưu lại tệp với mã hóa UTF-8", "save the file again with the UTF-8 encoding"),
                )
            ) from None
    else:
        if len(text) > limits.max_bytes:  # every character takes at least one byte
            raise _Fail(_too_large(name, None, limits))
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a surrogateescape decode
            raise _Fail(
                _problem(
                    name,
                    f"văn bản chứa ký tự U+{ord(text[exc.start]):04X} không hợp lệ (nửa cặp thay thế)",
                    f"the text holds the invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)",
                    at=_position_of_char(text, exc.start),
                    fix=("lưu lại tệp với mã hóa UTF-8", "save the file again with the UTF-8 encoding"),
                )
            ) from None
        if size > limits.max_bytes:
            raise _Fail(_too_large(name, size, limits))
    return text.removeprefix("\ufeff")


def _position_of_char(text: str, offset: int) -> _Pos:
    prefix = text[:offset]
    return (prefix.count("\n") + 1, offset - prefix.rfind("\n"))


def _position_of_byte(raw: bytes, offset: int) -> _Pos:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return (raw.count(b"\n", 0, offset) + 1, column)


# ----------------------------------------------------------------------------- YAML

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_STD + kind for kind in ("str", "int", "float", "bool", "null"))
_MAP_TAGS = frozenset({None, "!", _STD + "map"})
_SEQ_TAGS = frozenset({None, "!", _STD + "seq"})
_IMPLICIT_KINDS = frozenset({"null", "int", "float", "merge"})  # the rest stays text as written
_BOOLS = ("true", "false")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
_MERGE = "<<"
_KEY_KINDS = {
    "null": ("null", "null"),
    "bool": ("true/false", "true/false"),
    "int": ("số", "a number"),
    "float": ("số", "a number"),
    "dict": ("đối tượng", "an object"),
    "list": ("danh sách", "a list"),
}


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "anchor",
        "count_before",
        "height",
        "is_map",
        "key",
        "merge_at",
        "merges",
        "merging",
        "pointer",
        "seen",
        "value",
    )

    def __init__(self, is_map: bool, pointer: str, anchor: str | None, count_before: int) -> None:
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.pointer = pointer
        self.anchor = anchor
        self.count_before = count_before
        self.height = 1  # levels of nesting, this one included
        self.key: str | None = None  # the key whose value comes next; None while a key is due
        self.seen: dict[str, int] = {}  # key -> line where it was written
        self.merging = False  # the value that comes next belongs to '<<'
        self.merges: list[dict[str, Any]] = []
        self.merge_at: _Pos = (0, 0)


class _YamlBuilder:
    """Builds the one document of a YAML text from libyaml's events, iteratively."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name = name
        self.limits = limits
        self.values: dict[str, _Pos] = {}
        self.keys: dict[str, _Pos] = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, values in it, height)
        self.stack: list[_Frame] = []
        self.root: list[Any] = []
        self.count = 0
        self.duplicates: list[Problem] = []  # collected: a file often repeats several keys

    def fail(self, vi: str, en: str, at: _Pos | None, pointer: str | None, fix: tuple[str, str]) -> _Fail:
        return _Fail(*self.duplicates, _problem(self.name, vi, en, at=at, pointer=pointer, fix=fix))

    def load(self, text: str) -> LoadedFile:
        documents = 0
        try:
            for event in yaml.parse(text, Loader=_LOADER):
                if isinstance(event, yaml.ScalarEvent):
                    self.scalar(event)
                elif isinstance(event, yaml.CollectionStartEvent):
                    self.start(event, isinstance(event, yaml.MappingStartEvent))
                elif isinstance(event, yaml.CollectionEndEvent):
                    self.end()
                elif isinstance(event, yaml.AliasEvent):
                    self.alias(event)
                elif isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise self.fail(
                            "tệp có nhiều hơn một văn bản YAML (phân cách bằng '---')",
                            "the file holds more than one YAML document (separated by '---')",
                            _mark(event),
                            None,
                            (
                                "mỗi tệp chỉ chứa một văn bản; tách ra nhiều tệp",
                                "put each document in its own file",
                            ),
                        )
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if exc.problem and _LIBYAML_TOO_DEEP in exc.problem:
                # libyaml ≥ 0.2.6 (PyYAML 6.0.2+) has a nesting limit of its own, which its scanner
                # reaches while looking ahead through flow brackets, before our count sees them.
                at = (mark.line + 1, mark.column + 1) if mark else None
                raise self.too_deep(at, self.stack[-1].pointer if self.stack else "") from None
            what = "; ".join(part for part in (exc.context, exc.problem) if part)
            raise self.fail(
                f"lỗi cú pháp YAML: {what}",
                f"YAML syntax error: {what}",
                (mark.line + 1, mark.column + 1) if mark else None,
                None,
                (
                    "kiểm tra thụt lề, dấu ':' và dấu nháy quanh vị trí này",
                    "check the indentation, the ':' and the quotes around this place",
                ),
            ) from None
        except yaml.reader.ReaderError as exc:
            # libyaml gives a byte offset into the UTF-8 text, not a mark
            at = _position_of_byte(text.encode("utf-8"), exc.position)
            raise self.fail(
                f"ký tự U+{exc.character:04X} không được phép trong YAML",
                f"the character U+{exc.character:04X} is not allowed in YAML ({exc.reason})",
                at,
                None,
                ("xóa ký tự điều khiển này", "delete this control character"),
            ) from None
        except yaml.YAMLError as exc:
            raise self.fail(
                f"lỗi YAML: {exc}", f"YAML error: {exc}", None, None, ("sửa tệp YAML", "fix the YAML file")
            ) from None
        if documents == 0:
            raise self.fail(
                "tệp rỗng: không có văn bản YAML nào",
                "the file is empty: it holds no YAML document",
                None,
                None,
                ("viết nội dung văn bản vào tệp", "write the document's content into the file"),
            )
        if self.duplicates:
            raise _Fail(*self.duplicates)
        return LoadedFile(self.name, "yaml", self.root[0], SourceMap((self.values, self.keys)))

    # -- where the next value goes

    def awaiting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is None

    def next_pointer(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if top.is_map:
            return _child(top.pointer, top.key or "")
        return _child(top.pointer, len(top.value))

    def attach(self, value: Any, height: int) -> None:
        if not self.stack:
            self.root.append(value)
            return
        top = self.stack[-1]
        if not top.is_map:
            top.height = max(top.height, height + 1)
            top.value.append(value)
            return
        if top.merging:
            self.merge_source(top, value, height)
        else:
            top.height = max(top.height, height + 1)
            top.value[top.key] = value
        top.key = None

    def count_values(self, added: int, at: _Pos, pointer: str, alias: bool) -> None:
        self.count += added
        if self.count <= self.limits.max_nodes:
            return
        if alias:
            raise self.fail(
                f"bí danh YAML ('*') mở rộng quá lớn: hơn {self.limits.max_nodes} giá trị",
                f"YAML aliases ('*') expand too far: more than {self.limits.max_nodes} values",
                at,
                pointer,
                (
                    "viết thẳng giá trị thay vì lồng bí danh vào nhau",
                    "write the values out instead of nesting aliases in each other",
                ),
            )
        raise self.fail(
            f"tệp có quá nhiều giá trị (hơn {self.limits.max_nodes})",
            f"the file holds too many values (more than {self.limits.max_nodes})",
            at,
            pointer,
            ("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents"),
        )

    def too_deep(self, at: _Pos | None, pointer: str) -> _Fail:
        return self.fail(
            f"lồng nhau quá sâu (tối đa {self.limits.max_depth} cấp)",
            f"nested too deeply (at most {self.limits.max_depth} levels)",
            at,
            pointer,
            ("giảm số cấp lồng nhau của danh sách và đối tượng", "flatten the nested lists and objects"),
        )

    # -- events

    def scalar(self, event: yaml.ScalarEvent) -> None:
        at = _mark(event)
        if self.awaiting_key():
            self.key(event.value, self.scalar_kind(event, at), event.anchor, at)
            return
        pointer = self.next_pointer()
        value = self.construct(event, at, pointer)
        self.count_values(1, at, pointer, alias=False)
        self.values[pointer] = at
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, 0)
        self.attach(value, 0)

    def key(self, written: str, kind: str, anchor: str | None, at: _Pos) -> None:
        top = self.stack[-1]
        if kind == "merge":
            key = _MERGE
        elif kind == "str":
            key = normalize_text(written)
        else:
            what_vi, what_en = _KEY_KINDS[kind]
            raise self.fail(
                f"khóa phải là chuỗi văn bản; khóa '{_shown(written)}' được đọc là {what_vi}",
                f"keys must be text; the key '{_shown(written)}' reads as {what_en}",
                at,
                top.pointer,
                (f'đặt khóa trong dấu nháy: "{written}"', f'quote it: "{written}"'),
            )
        first = top.seen.get(key)
        pointer = _child(top.pointer, key)
        if first is not None:
            self.duplicates.append(
                _problem(
                    self.name,
                    f"khóa '{key}' bị lặp: dòng {at[0]} lặp lại khóa đã viết ở dòng {first}",
                    f"duplicate key '{key}': line {at[0]} repeats the key written at line {first}",
                    at=at,
                    pointer=pointer,
                    fix=("xóa hoặc gộp một trong hai", "delete or merge one of them"),
                )
            )
        else:
            top.seen[key] = at[0]
            self.keys[pointer] = at
        if anchor:
            self.anchors[anchor] = (key, 1, 0)
        top.key = key
        if kind == "merge":
            top.merging, top.merge_at = True, at

    def start(self, event: yaml.CollectionStartEvent, is_map: bool) -> None:
        at = _mark(event)
        if self.awaiting_key():
            raise self.fail(
                "khóa phải là chuỗi văn bản, không phải danh sách hay đối tượng",
                "a key must be text, not a list or an object",
                at,
                self.stack[-1].pointer,
                ("viết khóa là một chuỗi", "write the key as text"),
            )
        pointer = self.next_pointer()
        if event.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            raise self.tag_refused(event.tag, at, pointer)
        if len(self.stack) >= self.limits.max_depth:
            raise self.too_deep(at, pointer)
        self.values[pointer] = at
        frame = _Frame(is_map, pointer, event.anchor, self.count)
        self.count_values(1, at, pointer, alias=False)
        self.stack.append(frame)

    def end(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            merged: dict[str, Any] = {}
            for source in frame.merges:
                for key, item in source.items():
                    if key not in merged:  # the first mapping listed wins
                        merged[key] = item
                        pointer = _child(frame.pointer, key)
                        self.values.setdefault(pointer, frame.merge_at)
                        self.keys.setdefault(pointer, frame.merge_at)
            merged.update(frame.value)  # keys written in the mapping win over merged ones
            frame.value = merged
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, self.count - frame.count_before, frame.height)
        self.attach(frame.value, frame.height)

    def alias(self, event: yaml.AliasEvent) -> None:
        at = _mark(event)
        name = event.anchor or ""
        as_key = self.awaiting_key()
        pointer = self.stack[-1].pointer if as_key else self.next_pointer()
        if name not in self.anchors:
            raise self.fail(
                f"bí danh '*{name}' không trỏ tới neo '&{name}' nào đã viết xong trước nó",
                f"the alias '*{name}' refers to no complete anchor '&{name}' before it",
                at,
                pointer,
                (
                    f"viết neo '&{name}' trước khi dùng '*{name}'",
                    f"write the anchor '&{name}' before using '*{name}'",
                ),
            )
        value, size, height = self.anchors[name]
        if as_key:
            kind = "null" if value is None else type(value).__name__  # "str" for a text anchor
            self.key(value if isinstance(value, str) else f"*{name}", kind, None, at)
            return
        if len(self.stack) + height > self.limits.max_depth:
            raise self.too_deep(at, pointer)
        self.count_values(size, at, pointer, alias=True)
        self.values[pointer] = at
        self.attach(value, height)

    def merge_source(self, frame: _Frame, value: Any, height: int) -> None:
        if isinstance(value, dict):
            frame.merges.append(value)
            frame.height = max(frame.height, height)
        elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
            frame.merges.extend(value)
            frame.height = max(frame.height, height - 1)
        else:
            raise self.fail(
                "giá trị của khóa gộp '<<' phải là một đối tượng hoặc danh sách đối tượng",
                "the merge key '<<' needs an object or a list of objects",
                frame.merge_at,
                frame.pointer,
                (
                    "viết '<<: *ten_neo' với neo trỏ tới một đối tượng",
                    "write '<<: *anchor_name' with the anchor on an object",
                ),
            )
        frame.merging = False

    # -- scalars

    def scalar_kind(self, event: yaml.ScalarEvent, at: _Pos) -> str:
        """ "str", "null", "bool", "int", "float" or "merge"."""
        tag = event.tag
        if tag is None:
            if event.style:  # quoted or block scalars are text
                return "str"
            if event.value.lower() in _BOOLS:  # and YAML 1.1's yes/no/on/off stay text
                return "bool"
            resolved = str(_RESOLVER.resolve(ScalarNode, event.value, (True, False)))  # type: ignore[no-untyped-call]
            kind = resolved.removeprefix(_STD)
            return kind if kind in _IMPLICIT_KINDS else "str"  # timestamps stay as written
        if tag == "!":  # the non-specific tag: text
            return "str"
        if tag in _SCALAR_TAGS:
            return tag.removeprefix(_STD)
        raise self.tag_refused(
            tag, at, self.stack[-1].pointer if self.awaiting_key() else self.next_pointer()
        )

    def construct(self, event: yaml.ScalarEvent, at: _Pos, pointer: str) -> Any:
        written = event.value
        kind = self.scalar_kind(event, at)
        explicit = event.tag is not None
        if kind == "null":
            if explicit and written not in _NULLS:
                raise self.not_a("null", written, at, pointer)
            return None
        if kind == "bool":
            lowered = written.lower()
            if lowered not in _BOOLS:
                raise self.not_a("bool", written, at, pointer)
            return lowered == "true"
        if kind in ("int", "float"):
            try:
                number: int | float = getattr(_CONSTRUCTOR, f"construct_yaml_{kind}")(
                    ScalarNode(kind, written)
                )
            except ValueError:  # an explicit tag on a non-number, or more digits than Python converts
                raise self.not_a(kind, written, at, pointer) from None
            if isinstance(number, float) and not math.isfinite(number):
                raise self.fail(
                    f"'{_shown(written)}' không phải số hữu hạn; JSON không có vô cực hay NaN",
                    f"'{_shown(written)}' is not a finite number; JSON has no infinity or NaN",
                    at,
                    pointer,
                    (
                        "viết một số thông thường, hoặc null nếu không có số liệu",
                        "write an ordinary number, or null if there is none",
                    ),
                )
            return number
        return normalize_text(written)

    def not_a(self, kind: str, written: str, at: _Pos, pointer: str) -> _Fail:
        what_vi = {"null": "null", "bool": "true hay false", "int": "số nguyên", "float": "số"}[kind]
        what_en = {"null": "null", "bool": "true or false", "int": "an integer", "float": "a number"}[kind]
        return self.fail(
            f"'{_shown(written)}' không đọc được là {what_vi}",
            f"'{_shown(written)}' cannot be read as {what_en}",
            at,
            pointer,
            (
                "sửa giá trị, hoặc bỏ thẻ và đặt giá trị trong dấu nháy để giữ là chuỗi",
                "fix the value, or remove any tag and quote the value to keep it as text",
            ),
        )

    def tag_refused(self, tag: str | None, at: _Pos, pointer: str) -> _Fail:
        shown = "!!" + tag.removeprefix(_STD) if tag and tag.startswith(_STD) else str(tag)
        return self.fail(
            f"thẻ YAML '{shown}' không được phép ở đây: tệp chỉ chứa dữ liệu; không nhận thẻ nào ngoài "
            "các thẻ chuẩn !!str, !!int, !!float, !!bool, !!null, !!map, !!seq",
            f"the YAML tag '{shown}' is not allowed here: the file holds data only; tags other than the "
            "standard !!str, !!int, !!float, !!bool, !!null, !!map and !!seq are not accepted",
            at,
            pointer,
            (
                "xóa thẻ; chỉ dùng chuỗi, số, true/false, null, danh sách và đối tượng",
                "remove the tag; use only text, numbers, true/false, null, lists and objects",
            ),
        )


def _shown(written: str) -> str:
    """A value as written, short enough for a message."""
    return written if len(written) <= 40 else written[:37] + "…"


def _mark(event: yaml.Event) -> _Pos:
    mark = event.start_mark
    assert mark is not None  # libyaml marks every event
    return (mark.line + 1, mark.column + 1)


# ----------------------------------------------------------------------------- JSON

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
    if math.isinf(number):  # 1e999: json.loads would quietly give inf
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


def _load_json(text: str, name: str, limits: Limits) -> LoadedFile:
    _check_json_depth(text, name, limits)
    nfc = _needs_nfc(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_nfc_pairs if nfc else _unique_pairs,
            parse_constant=_reject_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        raise _Fail(
            _problem(
                name,
                f"lỗi cú pháp JSON: {exc.msg}",
                f"JSON syntax error: {exc.msg}",
                at=(exc.lineno, exc.colno),
                fix=(
                    "kiểm tra dấu phẩy, dấu ngoặc và dấu nháy kép",
                    "check the commas, brackets and double quotes",
                ),
            )
        ) from None
    except (_Refused, ValueError) as exc:  # ValueError: an integer with more digits than Python converts
        problems = _scan_json(text, name)[1] or [
            _problem(
                name,
                f"không đọc được JSON: {exc}",
                f"cannot read the JSON: {exc}",
                fix=("sửa giá trị này", "fix this value"),
            )
        ]
        raise _Fail(*problems) from None
    if nfc:
        if type(data) is str:
            data = normalize_text(data)
        elif type(data) is list:
            _nfc_list(data)
    source_map = SourceMap(lambda: _scan_json(text, name)[0])
    if _ESCAPED_SURROGATE.search(text) and (pointer := _lone_surrogate(data)) is not None:
        raise _Fail(
            _problem(
                name,
                "chuỗi chứa mã thoát \\u của nửa cặp thay thế, không phải ký tự Unicode",
                "the text holds a \\u escape of a lone surrogate, which is not a Unicode character",
                at=source_map.locate(pointer),
                pointer=pointer,
                fix=(
                    "viết ký tự trực tiếp thay vì dùng mã thoát \\u",
                    "write the character itself instead of a \\u escape",
                ),
            )
        )
    # n values take at least 2n - 1 characters: count them only in a text long enough to hold more
    if len(text) > 2 * limits.max_nodes and _more_values_than(data, limits.max_nodes):
        raise _Fail(
            _problem(
                name,
                f"tệp có quá nhiều giá trị (hơn {limits.max_nodes})",
                f"the file holds too many values (more than {limits.max_nodes})",
                fix=("tách thành nhiều văn bản nhỏ hơn", "split it into smaller documents"),
            )
        )
    return LoadedFile(name, "json", data, source_map)


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
            stack.extend((item, _child(pointer, key)) for key, item in node.items())
        elif type(node) is list:
            stack.extend((item, _child(pointer, index)) for index, item in enumerate(node))
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
    raise _Fail(
        _problem(
            name,
            f"lồng nhau quá sâu (tối đa {limits.max_depth} cấp)",
            f"nested too deeply (at most {limits.max_depth} levels)",
            at=_position_of_char(text, offset),
            fix=("giảm số cấp lồng nhau của danh sách và đối tượng", "flatten the nested lists and objects"),
        )
    )


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
        return _child(self.pointer, self.key if self.is_object else self.index)


def _scan_json(text: str, name: str) -> tuple[_Tables, list[Problem]]:
    """Positions of every value and key of a JSON text, with its duplicate keys and the numbers
    JSON data cannot hold. Never fails: on the error path the text may be broken further on."""
    values: dict[str, _Pos] = {}
    keys: dict[str, _Pos] = {}
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
                pointer = _child(top.pointer, key)
                at = (number, match.start() + 1)
                first = top.seen.get(key)
                if first is None:
                    top.seen[key] = number
                    keys[pointer] = at
                else:
                    problems.append(
                        _problem(
                            name,
                            f"khóa '{key}' bị lặp: dòng {number} lặp lại khóa đã viết ở dòng {first}",
                            f"duplicate key '{key}': line {number} repeats the key written at line {first}",
                            at=at,
                            pointer=pointer,
                            fix=("xóa hoặc gộp một trong hai", "delete or merge one of them"),
                        )
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
                    shown = _shown(token)
                    problems.append(
                        _problem(
                            name,
                            f"'{shown}' không phải số JSON dùng được (NaN, vô cực hoặc quá lớn)",
                            f"'{shown}' is not a usable JSON number (NaN, infinite or too large)",
                            at=at,
                            pointer=pointer,
                            fix=(
                                "viết một số thông thường, hoặc null nếu không có số liệu",
                                "write an ordinary number, or null if there is none",
                            ),
                        )
                    )
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
    return math.isinf(float(token))
