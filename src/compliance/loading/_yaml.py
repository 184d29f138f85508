"""YAML: the one document of a text, built from libyaml's events without recursion.

No tags beyond the standard ones (so no Python objects), only text keys, no duplicate keys,
booleans only ``true``/``false`` (YAML 1.1's ``yes``/``no``/``on``/``off`` stay text), timestamps
kept as the text written, nesting depth and alias expansion bounded (a "billion laughs" file fails
in milliseconds). Every value's and key's position goes into the :class:`SourceMap` as it is built.

Numbers are read only when YAML 1.1, YAML 1.2 and a person read them alike: ``10``, ``-3``,
``2.5``, ``.5``, ``1e6``. A number YAML 1.1 would read otherwise — ``010`` (octal 8), ``1:30``
(base 60: 90), ``0x10``, ``0b101``, ``0o17``, ``1_000``, any leading zero — is refused with what
to write instead, unquoted or tagged alike; quoted, it is text as always.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from compliance.errors import Code, Problem
from compliance.loading._base import Fail, Limits, LoadedFile, located, position_of_byte, shown, underflows
from compliance.loading._text import first_refused, refused_problem
from compliance.loading.sourcemap import Pos, SourceMap, child
from compliance.messages import problem, reading, word
from compliance.textnorm import normalize_text

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
# Numbers written as everyone reads them (the YAML 1.2 core schema, without leading zeros)
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")  # refused once read
# What YAML 1.2 reads as a number (core schema); YAML 1.1 is PyYAML's resolver
_YAML12_INT = re.compile(r"[-+]?[0-9]+")
_YAML12_BASE = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_YAML12_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_YAML12_ANY = re.compile(f"{_YAML12_INT.pattern}|{_YAML12_BASE.pattern}|{_YAML12_FLOAT.pattern}")
_NUMBER_START = frozenset("0123456789+-.")
_BASE_PREFIX = re.compile(r"[-+]?0[xXoObB]")
_AMBIGUOUS = "ambiguous"  # the kind of a number YAML 1.1 reads otherwise than a person


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = (
        "anchor",
        "count_before",
        "height",
        "is_map",
        "key",
        "key_pointer",
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
        self.key_pointer = ""  # the pointer of that value
        self.seen: dict[str, int] = {}  # key -> line where it was written
        self.merging = False  # the value that comes next belongs to '<<'
        self.merges: list[dict[str, Any]] = []
        self.merge_at: Pos = (0, 0)


class YamlBuilder:
    """Builds the one document of a YAML text from libyaml's events, iteratively."""

    def __init__(self, name: str, limits: Limits, *, escapes: bool = True) -> None:
        self.name = name
        self.limits = limits
        self.escapes = escapes  # refuse refused characters written as escapes ("\x0b")
        self.values: dict[str, Pos] = {}
        self.keys: dict[str, Pos] = {}
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, values in it, height)
        self.stack: list[_Frame] = []
        self.root: list[Any] = []
        self.count = 0
        self.duplicates: list[Problem] = []  # collected: a file often repeats several keys

    def fail(self, code: Code, at: Pos | None, pointer: str | None, **values: object) -> Fail:
        """The problem `code` here, after the duplicate keys met so far."""
        return Fail(*self.duplicates, problem(code, at=located(self.name, at, pointer), **values))

    def load(self, text: str) -> LoadedFile:
        documents = 0
        try:
            for event in yaml.parse(text, Loader=_LOADER):
                if type(event) is yaml.ScalarEvent:  # most events (the parser makes no subclass)
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
                        raise self.fail(Code.YAML_MANY_DOCUMENTS, _mark(event), None)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            if exc.problem and _LIBYAML_TOO_DEEP in exc.problem:
                # libyaml ≥ 0.2.6 (PyYAML 6.0.2+) has a nesting limit of its own, which its scanner
                # reaches while looking ahead through flow brackets, before our count sees them.
                at = (mark.line + 1, mark.column + 1) if mark else None
                raise self.too_deep(at, self.stack[-1].pointer if self.stack else "") from None
            what = "; ".join(part for part in (exc.context, exc.problem) if part)
            at = (mark.line + 1, mark.column + 1) if mark else None
            raise self.fail(Code.YAML_SYNTAX, at, None, detail=shown(what)) from None
        except yaml.reader.ReaderError as exc:
            # libyaml gives a byte offset into the UTF-8 text, not a mark
            at = position_of_byte(text.encode("utf-8"), exc.position)
            raise self.fail(Code.YAML_CHARACTER, at, None, char=exc.character, reason=exc.reason) from None
        except yaml.YAMLError as exc:
            raise self.fail(Code.YAML_ERROR, None, None, detail=shown(str(exc))) from None
        if documents == 0:
            raise self.fail(Code.YAML_NO_DOCUMENT, None, None)
        if self.duplicates:
            raise Fail(*self.duplicates)
        return LoadedFile(self.name, "yaml", self.root[0], SourceMap((self.values, self.keys)))

    # -- where the next value goes

    def awaiting_key(self) -> bool:
        return bool(self.stack) and self.stack[-1].is_map and self.stack[-1].key is None

    def next_pointer(self) -> str:
        if not self.stack:
            return ""
        top = self.stack[-1]
        if top.is_map:
            return child(top.pointer, top.key or "")
        return child(top.pointer, len(top.value))

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

    def count_values(self, added: int, at: Pos, pointer: str, alias: bool) -> None:
        self.count += added
        if self.count <= self.limits.max_nodes:
            return
        code = Code.YAML_ALIAS_EXPANSION if alias else Code.TOO_MANY_VALUES
        raise self.fail(code, at, pointer, limit=self.limits.max_nodes)

    def too_deep(self, at: Pos | None, pointer: str) -> Fail:
        return self.fail(Code.NESTED_TOO_DEEP, at, pointer, limit=self.limits.max_depth)

    # -- events

    def scalar(self, event: yaml.ScalarEvent) -> None:
        # the commonest event: what awaiting_key, next_pointer, count_values and attach do, inline
        mark = event.start_mark
        assert mark is not None  # libyaml marks every event
        at = (mark.line + 1, mark.column + 1)
        if self.escapes and event.style == '"' and (refused := first_refused(event.value)):
            # an escape ("\x0b", "\v", "\u0001"): written out, the reader would have refused it
            pointer = (
                self.stack[-1].pointer if self.awaiting_key() else self.next_pointer()
            )  # a key: its mapping
            raise Fail(*self.duplicates, refused_problem(refused, self.name, at, pointer))
        written = event.value
        text = event.tag is None and (bool(event.style) or _plain_kind(written) == "str")  # most
        stack = self.stack
        top = stack[-1] if stack else None
        if top is None:
            pointer = ""
        elif not top.is_map:
            pointer = f"{top.pointer}/{len(top.value)}"  # as child() writes an index
        elif top.key is None:
            self.key(written, "str" if text else self.scalar_kind(event, at), event.anchor, at)
            return
        else:
            pointer = top.key_pointer
        value = normalize_text(written) if text else self.construct(event, at, pointer)
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self.fail(Code.TOO_MANY_VALUES, at, pointer, limit=self.limits.max_nodes)
        self.values[pointer] = at
        if event.anchor:
            self.anchors[event.anchor] = (value, 1, 0)
        # attached: a scalar leaves its container's height as it is (at least 1 already)
        if top is None:
            self.root.append(value)
        elif not top.is_map:
            top.value.append(value)
        else:
            if top.merging:
                self.merge_source(top, value, 0)
            else:
                top.value[top.key] = value
            top.key = None

    def key(self, written: str, kind: str, anchor: str | None, at: Pos) -> None:
        top = self.stack[-1]
        if kind == "merge":
            key = _MERGE
        elif kind == "str":
            key = normalize_text(written)
        else:
            what = word(f"key.{kind}")
            raise self.fail(
                Code.KEY_NOT_TEXT, at, top.pointer, key=shown(written), kind=what, written=shown(written)
            )
        first = top.seen.get(key)
        pointer = child(top.pointer, key) if "~" in key or "/" in key else f"{top.pointer}/{key}"
        if first is not None:
            where = located(self.name, at, pointer)
            self.duplicates.append(
                problem(Code.DUPLICATE_KEY, at=where, key=shown(key), line=at[0], first=first)
            )
        else:
            top.seen[key] = at[0]
            self.keys[pointer] = at
        if anchor:
            self.anchors[anchor] = (key, 1, 0)
        top.key, top.key_pointer = key, pointer
        if kind == "merge":
            top.merging, top.merge_at = True, at

    def start(self, event: yaml.CollectionStartEvent, is_map: bool) -> None:
        at = _mark(event)
        if self.awaiting_key():
            raise self.fail(Code.KEY_IS_COLLECTION, at, self.stack[-1].pointer)
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
                        pointer = child(frame.pointer, key)
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
            raise self.fail(Code.YAML_UNKNOWN_ALIAS, at, pointer, name=shown(name))
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
            raise self.fail(Code.YAML_MERGE, frame.merge_at, frame.pointer)
        frame.merging = False

    # -- scalars

    def scalar_kind(self, event: yaml.ScalarEvent, at: Pos) -> str:
        """ "str", "null", "bool", "int", "float", "merge" or "ambiguous" (a number YAML 1.1
        reads otherwise than a person)."""
        tag = event.tag
        if tag is None:
            if event.style:  # quoted or block scalars are text
                return "str"
            return _plain_kind(event.value)
        if tag == "!":  # the non-specific tag: text
            return "str"
        if tag in _SCALAR_TAGS:
            return tag.removeprefix(_STD)
        raise self.tag_refused(
            tag, at, self.stack[-1].pointer if self.awaiting_key() else self.next_pointer()
        )

    def construct(self, event: yaml.ScalarEvent, at: Pos, pointer: str) -> Any:
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
        if kind == _AMBIGUOUS:
            raise self.ambiguous(written, at, pointer)
        if kind in ("int", "float"):
            form = _number_kind(written)  # an explicit !!int or !!float reads the same forms only
            if form == _AMBIGUOUS:
                raise self.ambiguous(written, at, pointer)
            if form not in ("int", "float") or (kind == "int" and form == "float"):
                raise self.not_a(kind, written, at, pointer)
            try:
                number: int | float = _read_number(written, kind)
            except ValueError:  # more digits than Python converts
                raise self.not_a(kind, written, at, pointer) from None
            if isinstance(number, float) and not math.isfinite(number):
                raise self.fail(Code.NUMBER_NOT_FINITE, at, pointer, value=shown(written))
            if number == 0 and isinstance(number, float) and underflows(written):
                raise self.fail(Code.NUMBER_UNDERFLOW, at, pointer, value=shown(written))
            return number
        return normalize_text(written)

    def ambiguous(self, written: str, at: Pos, pointer: str) -> Fail:
        """``010``, ``1:30``, ``0x10``…: refused, saying how YAML reads it and what to write."""
        yaml11, yaml12 = _yaml11_number(written), _yaml12_number(written)
        unsigned = written.lstrip("+-")
        if ":" in written:
            key, number = "yaml-number.sexagesimal", yaml11
        elif "_" in written:
            key, number = "yaml-number.underscore", yaml11
        elif _BASE_PREFIX.match(written):
            key, number = "yaml-number.base", yaml11 if yaml11 is not None else yaml12
        elif isinstance(yaml11, int) and yaml11 != yaml12 and unsigned.startswith("0"):
            key, number = "yaml-number.octal", yaml12
        else:
            key, number = "yaml-number.leading-zero", yaml12
        shown_number = _shown_number(number, written)
        told = reading(
            key,
            yaml11=_shown_number(yaml11, written),
            yaml12=_shown_number(yaml12, written),
            value=shown_number,
        )
        return self.fail(
            Code.YAML_AMBIGUOUS_NUMBER, at, pointer, value=shown(written), reading=told, number=shown_number
        )

    def not_a(self, kind: str, written: str, at: Pos, pointer: str) -> Fail:
        return self.fail(Code.VALUE_UNREADABLE, at, pointer, value=shown(written), kind=word(f"value.{kind}"))

    def tag_refused(self, tag: str | None, at: Pos, pointer: str) -> Fail:
        written = "!!" + tag.removeprefix(_STD) if tag and tag.startswith(_STD) else str(tag)
        return self.fail(Code.YAML_TAG, at, pointer, tag=shown(written))


# The first characters of the plain scalars PyYAML's resolver may read as something else than
# text (a boolean, a number, null, a timestamp, '<<' …), from its own table: a plain scalar that
# starts otherwise is text, for no boolean, YAML 1.1 or 1.2 number starts otherwise either. None
# when the table has a resolver for any first character (then every scalar is resolved).
_RESOLVED_FIRST: frozenset[str] | None = (
    None
    if None in Resolver.yaml_implicit_resolvers
    else frozenset(first for first in Resolver.yaml_implicit_resolvers if first is not None)
)
_REMEMBERED = 64  # characters at most of a scalar whose kind is remembered (below)


def _plain_kind(written: str) -> str:
    """The kind of a plain (unquoted, untagged) scalar: what :meth:`YamlBuilder.scalar_kind` says."""
    if _RESOLVED_FIRST is not None and written[:1] not in _RESOLVED_FIRST:  # "" is in it
        return "str"
    return _remembered_kind(written) if len(written) <= _REMEMBERED else _read_plain_kind(written)


def _read_plain_kind(written: str) -> str:
    if written.lower() in _BOOLS:  # and YAML 1.1's yes/no/on/off stay text
        return "bool"
    kind = _yaml11_kind(written)
    if kind in ("int", "float") or _looks_like_yaml12_number(written):
        return _number_kind(written)
    return kind if kind in _IMPLICIT_KINDS else "str"  # timestamps stay as written


# A short plain scalar's kind, by its text: a report writes the same keys, dates, figures and
# words again and again (a synthetic district's YAML report: 140 scalars, over half of them keys)
_remembered_kind = lru_cache(maxsize=8192)(_read_plain_kind)


def _yaml11_kind(written: str) -> str:
    """What PyYAML's YAML 1.1 resolver makes of a plain scalar: "int", "float", "null", "str"…"""
    resolved = str(_RESOLVER.resolve(ScalarNode, written, (True, False)))  # type: ignore[no-untyped-call]
    return resolved.removeprefix(_STD)


def _number_kind(written: str) -> str:
    """ "int" or "float" for a number everyone reads alike, "ambiguous" for one YAML 1.1 or 1.2
    reads as a number in a way a person would not, "str" otherwise."""
    if _PLAIN_INT.fullmatch(written):
        return "int"
    if _PLAIN_FLOAT.fullmatch(written) or _NOT_FINITE.fullmatch(written):
        return "float"
    if _yaml11_kind(written) in ("int", "float") or _looks_like_yaml12_number(written):
        return _AMBIGUOUS
    return "str"


def _looks_like_yaml12_number(written: str) -> bool:
    """Whether YAML 1.2 reads ``written`` as a number (cheap: most text starts with a letter)."""
    return written[:1] in _NUMBER_START and _YAML12_ANY.fullmatch(written) is not None


def _read_number(written: str, kind: str) -> int | float:
    if _NOT_FINITE.fullmatch(written):  # refused by the caller, with its own message
        number: float = _CONSTRUCTOR.construct_yaml_float(ScalarNode("float", written))
        return number
    return int(written) if kind == "int" else float(written)


def _yaml11_number(written: str) -> int | float | None:
    """The number YAML 1.1 (PyYAML) reads, or None when it reads text (or Python cannot hold it)."""
    kind = _yaml11_kind(written)
    if kind not in ("int", "float"):
        return None
    try:
        number: int | float = getattr(_CONSTRUCTOR, f"construct_yaml_{kind}")(ScalarNode(kind, written))
    except ValueError:
        return None
    return number


def _yaml12_number(written: str) -> int | float | None:
    """The number the YAML 1.2 core schema reads, or None when it reads text."""
    try:
        if _YAML12_INT.fullmatch(written):
            return int(written, 10)
        if _YAML12_BASE.fullmatch(written):
            return int(written, 0)
        if _YAML12_FLOAT.fullmatch(written):
            return float(written)
    except ValueError:  # more digits than Python converts
        return None
    return None


def _shown_number(number: int | float | None, written: str) -> Any:
    """A number for a message: the word "text" for None; too many digits to print, the digits
    as written without their leading zeros."""
    if number is None:
        return word("yaml-number.text")
    try:
        return shown(str(number))
    except ValueError:  # over Python's 4300 digits for int -> str
        return shown(written.lstrip("+-").lstrip("0_") or "0")


def _mark(event: yaml.Event) -> Pos:
    mark = event.start_mark
    assert mark is not None  # libyaml marks every event
    return (mark.line + 1, mark.column + 1)


def load_yaml(text: str, name: str, limits: Limits, *, escapes: bool = True) -> LoadedFile:
    """The document of a YAML text; raises :class:`Fail` with every problem found. With
    ``escapes`` False, refused characters written as escapes are left in the data (the caller
    looks for them itself)."""
    return YamlBuilder(name, limits, escapes=escapes).load(text)
