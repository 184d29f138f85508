"""From the IR to durable-rules rulesets, and from documents to the facts those rulesets read.

Facts. Every document becomes one fact ``{"t": "d", "d": index, "k": kind}`` and every element of
an array a selector reads one fact ``{"t": "i", "d": index, "j": position, "k": kind}``, each with
an explicit ``id`` and only the properties its ruleset's rules read, under generated names:

* ``v…`` the value for equality tests, always as text so that durable-rules' loose equality
  (``1`` = ``"1"`` = ``true``) has nothing to confuse: numbers ``"n" + canonical digits`` (``True``,
  ``1`` and ``1.0`` are all ``"n1"``, as they are equal in Python), text ``"s" + text`` (``"h" +
  sha256`` beyond :data:`~._durable_grammar.MAX_TEXT` characters or when not valid UTF-8), dates
  ``"d" + ISO``, lists and objects ``"o"``. Two values get the same tag exactly when Python's
  ``==`` says they are equal;
* ``n…`` the number, for ``lt``/``le``/``gt``/``ge`` against a number; ``e…`` a date as epoch days,
  for the same against a date; absent for any other type (where Python would raise);
* ``q…`` an array of objects (each encoded the same way), ``c…`` an array of values (each
  ``{"v": tag}``), read with ``$iany``/``$iall``; ``l…`` its length (``$iall`` of an empty array is
  false where the IR's ``all`` is true);
* ``x…`` a test decided in Python, 1 or 0.

Absent and null values are left out: durable-rules never matches a test on a missing property,
``$neq`` included — the IR's "absent ⇒ false". Text reaches here in NFC (the loader normalises
every report and pack) and is compared exactly, as Python compares it.

Rules. Every selector becomes one rule ``{"all": [{"m": {"$and": [{"t": …}, kinds, where]}}]}``.
durable-rules decides the document kinds, equality, ``ne``, ``in``/``not_in``, ``exists``, order
comparisons of numbers and dates, ``contains``/``contains_any``/``contains_all`` (negated too),
``any_item``/``all_items``, and the ``and``/``or`` structure. Python decides, as ``x…`` flags:
regular expressions (``$mt`` is another dialect), order comparisons of text (durable-rules compares
JSON-escaped bytes), tests whose constant its parser cannot read exactly, disjunctions inside
``all_items`` (durable-rules gets ``$or`` inside ``$iall`` wrong), arrays nested deeper than
:data:`MAX_DEPTH`, and the parts of a condition too large for one rule (the limits of
:mod:`._durable_grammar`). A fact holding a number an order comparison cannot carry exactly
(``1e-05``, ``2**60``) is decided wholly in Python: it is sent as ``{"t": "p", "y": "<the rules
it matches>"}`` and the fixed rule ``__py`` reports it.

Rulesets hold one fact class (documents, or the elements of one array) and are split so that each
stays within the limits; each has the catch-all ``__sink`` and the sentinel rule ``__done``, and
passes :func:`._durable_grammar.check_ruleset` before anything is registered.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance import ir
from compliance.evaluators._durable_grammar import (
    DONE,
    FALLBACK,
    FIXED,
    MAX_GROUPS,
    MAX_MATCHING,
    MAX_PROPERTIES,
    MAX_RULE_MATCHING,
    MAX_RULE_TESTS,
    MAX_TESTS,
    MAX_TEXT,
    SINK,
    GrammarError,
    Metrics,
    Shape,
    check_ruleset,
    measure,
    safe_number,
)
from compliance.evaluators.python import compile_cond, getter

EPOCH = dt.date(1970, 1, 1)
MAX_DEPTH = 2  # arrays inside arrays inside a fact: deeper ones are decided in Python
Json = Any


class Unsafe(Exception):
    """A value durable-rules cannot carry exactly: the fact is decided in Python."""


# ----------------------------------------------------------------------------- values


def tag(value: object) -> str:
    """The equality form of a value — always text, so durable-rules never compares a number with
    text: two values get the same tag exactly when Python's ``==`` says they are equal (``True``,
    ``1`` and ``1.0`` are all ``"n1"``; ``"1"`` is ``"s1"``; a date is never equal to a number)."""
    if isinstance(value, bool) or type(value) is int:
        return "n" + str(int(value))
    if type(value) is float:
        if math.isnan(value):
            raise Unsafe("NaN")  # NaN != NaN: no tag can say that
        if math.isfinite(value) and value.is_integer():
            return "n" + str(int(value))
        return "n" + repr(value)  # repr is exact and unique for a float
    if type(value) is str:
        return text(value)
    if type(value) is dt.date:
        return "d" + value.isoformat()
    if type(value) is dt.datetime:
        return "t" + value.isoformat()  # a date-time never equals a date in Python
    if type(value) in (list, dict):
        return "o"  # present, and equal to no constant
    raise Unsafe(type(value).__name__)


def text(value: str) -> str:
    if len(value) <= MAX_TEXT:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return "s" + value
    return "h" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def number(value: object) -> int | float | None:
    """The order form of a number (None for anything else); Unsafe when the parser would misread it."""
    if isinstance(value, bool):
        return int(value)
    if type(value) in (int, float):
        if not safe_number(value):
            raise Unsafe(repr(value))
        return value  # type: ignore[return-value]
    return None


def epoch_days(value: object) -> int | None:
    return (value - EPOCH).days if type(value) is dt.date else None


def _element_tag(value: object) -> str:
    return "z" if value is None else tag(value)


# ----------------------------------------------------------------------------- internal conditions


@dataclass(frozen=True, slots=True)
class Py:
    """A sub-condition decided in Python; durable-rules tests the flag ``x… == 1``."""

    cond: ir.Cond


@dataclass(frozen=True, slots=True)
class KindIn:
    kinds: frozenset[str]


Cond = ir.Cond | Py | KindIn


def _sorted_constants(values: frozenset[ir.Value]) -> list[ir.Value]:
    return sorted(values, key=lambda v: (type(v).__name__, repr(v)))


# ----------------------------------------------------------------------------- scopes


@dataclass
class Scope:
    """The properties of one object type: a fact, or the elements of one of its arrays."""

    depth: int = 0
    names: dict[tuple[str, Any], str] = field(default_factory=dict)
    elements: dict[ir.Path, Scope] = field(default_factory=dict)  # arrays of objects

    def prop(self, role: str, key: Any) -> str:
        name = self.names.get((role, key))
        if name is None:
            name = self.names[(role, key)] = f"{role}{len(self.names)}"
        return name

    def element(self, path: ir.Path) -> Scope:
        scope = self.elements.get(path)
        if scope is None:
            scope = self.elements[path] = Scope(self.depth + 1)
        return scope

    def shape(self) -> Shape:
        shape = Shape()
        for (role, key), name in self.names.items():
            if role == "q":
                shape.arrays[name] = self.elements[key].shape()
            elif role == "c":
                shape.arrays[name] = Shape(scalars={"v": "text"})
            else:
                shape.scalars[name] = "text" if role == "v" else "number"
        return shape

    def size(self) -> int:
        return len(self.names)

    def encoder(self) -> Callable[[Any], dict[str, Json]]:
        """A function from an object (a document's facts, or an array element) to its properties."""
        steps: list[Callable[[Any, dict[str, Json]], None]] = []
        for (role, key), name in self.names.items():
            steps.append(_step(role, key, name, self))

        def encode(obj: Any) -> dict[str, Json]:
            out: dict[str, Json] = {}
            for step in steps:
                step(obj, out)
            return out

        return encode


def _step(role: str, key: Any, name: str, scope: Scope) -> Callable[[Any, dict[str, Json]], None]:
    if role == "x":
        pred = compile_cond(key)

        def flag(obj: Any, out: dict[str, Json]) -> None:
            out[name] = 1 if pred(obj) else 0

        return flag
    get = getter(key)
    if role == "v":

        def value(obj: Any, out: dict[str, Json]) -> None:
            v = get(obj)
            if v is not None:
                out[name] = tag(v)

        return value
    if role in ("n", "e"):
        convert = number if role == "n" else epoch_days

        def ordered(obj: Any, out: dict[str, Json]) -> None:
            v = convert(get(obj))
            if v is not None:
                out[name] = v

        return ordered
    if role == "l":

        def length(obj: Any, out: dict[str, Json]) -> None:
            v = get(obj)
            if isinstance(v, list):
                out[name] = len(v)

        return length
    if role == "c":

        def values(obj: Any, out: dict[str, Json]) -> None:
            v = get(obj)
            if isinstance(v, list):
                out[name] = [{"v": _element_tag(x)} for x in v]

        return values
    if role == "q":
        inner = scope.elements[key].encoder()

        def objects(obj: Any, out: dict[str, Json]) -> None:
            v = get(obj)
            if isinstance(v, list):
                out[name] = [inner(x) for x in v]

        return objects
    raise AssertionError(role)  # pragma: no cover


# ----------------------------------------------------------------------------- translation
#
# At the level of a fact, a test may nest $and and $or freely. Inside $iany/$iall it may not hold
# an $or: durable-rules 2.0.28 evaluates an $or there depending on the order of the element's
# properties, and reads uninitialised memory when it registers one. So a condition on array
# elements is translated into its alternatives (a disjunctive form, each alternative a plain
# conjunction) and the $or is put outside the array operator — any(x, A or B) is any(x, A) or
# any(x, B). For all_items this does not hold; the parts of its condition that are disjunctions
# are decided in Python, per element.

MAX_ALTERNATIVES = 8  # alternatives of one array condition; beyond, Python decides it


def translate(cond: Cond, scope: Scope) -> Json | bool:
    """The durable-rules test for ``cond`` on the facts of ``scope`` (True/False when constant)."""
    match cond:
        case ir.Const(value=value):
            return value
        case ir.And(items=items) | ir.Or(items=items):
            conjunction = isinstance(cond, ir.And)
            parts: list[Json] = []
            for item in items:
                part = translate(item, scope)
                if part is (not conjunction):  # False in an and, True in an or
                    return part
                if part is not conjunction:
                    parts.append(part)
            return _all_of(parts) if conjunction else _any_of(parts)
        case KindIn(kinds=kinds):
            return _any_of([{"k": tag(k)} for k in sorted(kinds)])
        case ir.Contains() | ir.Quantified():
            return _any_of(_array_tests(cond, scope, ""))
    alternatives = _leaf(cond, scope, "")
    return alternatives if isinstance(alternatives, bool) else _any_of(alternatives)


def alternatives(cond: Cond, scope: Scope) -> list[Json] | bool:
    """``cond`` on array elements as alternatives without $or (True/False when constant)."""
    match cond:
        case ir.Const(value=value):
            return value
        case ir.And(items=items):
            rows: list[list[Json]] = [[]]
            for item in items:
                options = alternatives(item, scope)
                if options is False:
                    return False
                if options is True:
                    continue
                rows = [[*row, option] for row in rows for option in options]
                if len(rows) > MAX_ALTERNATIVES:
                    return [_flag(cond, scope, "$i.")]
            return True if rows == [[]] else [_all_of(row) for row in rows]
        case ir.Or(items=items):
            found: list[Json] = []
            for item in items:
                options = alternatives(item, scope)
                if options is True:
                    return True
                if options is not False:
                    found.extend(options)
            if len(found) > MAX_ALTERNATIVES:
                return [_flag(cond, scope, "$i.")]
            return found or False
        case ir.Contains() | ir.Quantified():
            if scope.depth + 1 > MAX_DEPTH:
                return [_flag(cond, scope, "$i.")]
            options = _array_tests(cond, scope, "$i.")
            if isinstance(options, list) and len(options) > MAX_ALTERNATIVES:
                return [_flag(cond, scope, "$i.")]
            return options
    options = _leaf(cond, scope, "$i.")
    if isinstance(options, list) and len(options) > MAX_ALTERNATIVES:
        return [_flag(cond, scope, "$i.")]
    return options


def _flag(cond: Cond, scope: Scope, prefix: str) -> Json:
    """A test decided in Python, per object: ``x… == 1``."""
    return {prefix + scope.prop("x", plain(cond)): 1}


def plain(cond: Cond) -> ir.Cond:
    """The IR condition without the marks of what is decided in Python."""
    match cond:
        case Py(cond=inner):
            return plain(inner)
        case ir.And(items=items):
            return ir.And(tuple(plain(c) for c in items))
        case ir.Or(items=items):
            return ir.Or(tuple(plain(c) for c in items))
        case ir.Quantified(path=path, quantifier=quantifier, where=where):
            return ir.Quantified(path, quantifier, plain(where))
        case KindIn():
            raise AssertionError("the document kind is never decided per element")
    return cond


def _leaf(cond: Cond, scope: Scope, prefix: str) -> list[Json] | bool:
    """A test on one value, as alternatives (more than one only for ``in``)."""
    match cond:
        case Py():
            return [_flag(cond, scope, prefix)]
        case ir.Compare(path=path, op=op, value=value):
            if op in ("eq", "ne"):
                try:
                    constant = tag(value)
                except Unsafe:
                    return [_flag(cond, scope, prefix)]
                prop = prefix + scope.prop("v", path)
                return [{prop: constant} if op == "eq" else {"$neq": {prop: constant}}]
            operator = {"lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}[op]
            if isinstance(value, bool) or (type(value) in (int, float) and safe_number(value)):
                return [
                    {
                        operator: {
                            prefix + scope.prop("n", path): int(value) if isinstance(value, bool) else value
                        }
                    }
                ]
            if type(value) is dt.date:
                return [{operator: {prefix + scope.prop("e", path): epoch_days(value)}}]
            # text (durable compares JSON-escaped bytes), numbers its parser misreads, the rest
            return [_flag(cond, scope, prefix)]
        case ir.Member(path=path, values=values, negate=negate):
            try:
                constants = [tag(v) for v in _sorted_constants(values)]
            except Unsafe:
                return [_flag(cond, scope, prefix)]
            prop = prefix + scope.prop("v", path)
            if not constants:
                return [{"$ex": {prop: 1}}] if negate else False
            if negate:
                return [_all_of([{"$neq": {prop: c}} for c in constants])]
            return [{prop: c} for c in constants]
        case ir.Exists(path=path, present=present):
            return [{"$ex" if present else "$nex": {prefix + scope.prop("v", path): 1}}]
        case ir.Matches():
            return [_flag(cond, scope, prefix)]  # durable's $mt is another dialect
    raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover


def _array_tests(cond: ir.Contains | ir.Quantified, scope: Scope, prefix: str) -> list[Json] | bool:
    """contains / any_item / all_items as alternatives, none with an $or inside an array operator."""
    if scope.depth + 1 > MAX_DEPTH:
        return [_flag(cond, scope, prefix)]
    length = prefix + scope.prop("l", cond.path)
    if isinstance(cond, ir.Contains):
        try:
            constants = [tag(v) for v in _sorted_constants(cond.values)]
        except Unsafe:
            return [_flag(cond, scope, prefix)]
        array = prefix + scope.prop("c", cond.path)
        mode, negate = cond.mode, cond.negate
        if not constants:  # any of {} is false, all of {} is true (for a list)
            return [{"$ex": {length: 1}}] if (mode == "all") != negate else False
        if mode == "any" and not negate:
            return [{"$iany": {array: {"$i.v": c}}} for c in constants]
        if mode == "any":  # none of them: true for an empty list
            return [{length: 0}, {"$iall": {array: _all_of([{"$neq": {"$i.v": c}} for c in constants])}}]
        if not negate:
            return [_all_of([{"$iany": {array: {"$i.v": c}}} for c in constants])]
        return [{length: 0}] + [{"$iall": {array: {"$neq": {"$i.v": c}}}} for c in constants]
    element = scope.element(cond.path)
    where: Cond = cond.where
    inner = alternatives(where, copy.deepcopy(element))
    if cond.quantifier == "all" and isinstance(inner, list) and len(inner) > 1:
        where = _without_disjunctions(where, element)
        inner = alternatives(where, copy.deepcopy(element))
    inner = alternatives(where, element)  # now for real: allocates the element's properties
    if inner is True:
        return [{"$gt": {length: 0}}] if cond.quantifier == "any" else [{"$ex": {length: 1}}]
    if inner is False:
        return False if cond.quantifier == "any" else [{length: 0}]
    array = prefix + scope.prop("q", cond.path)
    if cond.quantifier == "any":
        return [{"$iany": {array: option}} for option in inner]
    assert len(inner) == 1
    return [{length: 0}, {"$iall": {array: inner[0]}}]  # $iall of [] is false; all([]) is true


def _without_disjunctions(cond: Cond, scope: Scope) -> Cond:
    """``cond`` with every part that has alternatives decided in Python (for all_items)."""
    options = alternatives(cond, copy.deepcopy(scope))
    if isinstance(options, bool) or len(options) <= 1:
        return cond
    if isinstance(cond, ir.And):
        return ir.And(tuple(_without_disjunctions(c, scope) for c in cond.items))  # type: ignore[misc]
    return Py(cond)  # type: ignore[arg-type]


def _any_of(parts: list[Json] | bool) -> Json | bool:
    if isinstance(parts, bool):
        return parts
    if not parts:
        return False
    flat: list[Json] = []
    for part in parts:
        flat.extend(part.get("$or", [part]))
    return flat[0] if len(flat) == 1 else {"$or": flat}


def _all_of(parts: list[Json]) -> Json | bool:
    if not parts:
        return True
    flat: list[Json] = []
    for part in parts:
        flat.extend(part.get("$and", [part]))
    return flat[0] if len(flat) == 1 else {"$and": flat}


def pattern(discriminator: str, test: Json) -> Json:
    """The rule's whole pattern: the type discriminator first, then the test (True: none)."""
    parts: list[Json] = [{"t": discriminator}]
    if test is not True:
        assert isinstance(test, dict)
        parts.extend(test.get("$and", [test]))
    return parts[0] if len(parts) == 1 else {"$and": parts}


# ----------------------------------------------------------------------------- fitting a rule


def _subterms(cond: Cond) -> Iterator[Cond]:
    yield cond
    match cond:
        case ir.And(items=items) | ir.Or(items=items):
            for item in items:
                yield from _subterms(item)
        case ir.Quantified(where=where):
            yield from _subterms(where)


def _replace(cond: Cond, target: Cond, by: Cond) -> Cond:
    if cond == target:
        return by
    match cond:
        case ir.And(items=items):
            return ir.And(tuple(_replace(c, target, by) for c in items))  # type: ignore[misc]
        case ir.Or(items=items):
            return ir.Or(tuple(_replace(c, target, by) for c in items))  # type: ignore[misc]
        case ir.Quantified(path=path, quantifier=quantifier, where=where):
            return ir.Quantified(path, quantifier, _replace(where, target, by))  # type: ignore[arg-type]
    return cond


def _cost(cond: Cond, depth: int = 0) -> tuple[Metrics, int]:
    scope = Scope(depth)
    test = translate(cond, scope)
    if isinstance(test, bool):
        return Metrics(0, 0, 1), 0
    return measure(pattern("d", test)), scope.size()


def _over(metrics: Metrics, properties: int) -> str | None:
    if metrics.groups > MAX_GROUPS:
        return "groups"
    if metrics.matching > MAX_RULE_MATCHING:
        return "matching"
    if metrics.tests > MAX_RULE_TESTS:
        return "tests"
    if properties + len(FIXED) > MAX_PROPERTIES:
        return "properties"
    return None


def _size(metrics: Metrics, properties: int, dimension: str) -> int:
    return {
        "groups": metrics.groups,
        "matching": metrics.matching,
        "tests": metrics.tests,
        "properties": properties,
    }[dimension]


def fit(cond: Cond) -> Cond:
    """``cond`` with the smallest parts decided in Python that make one rule of it fit the limits."""
    while True:
        metrics, properties = _cost(cond)
        dimension = _over(metrics, properties)
        if dimension is None:
            return cond
        flag = _size(*_cost(Py(ir.TRUE)), dimension)  # what a sub-condition costs once flagged
        best: tuple[int, Cond] | None = None
        for sub in _subterms(cond):
            if sub == cond or isinstance(sub, Py | KindIn | ir.Const):
                continue
            size = _size(*_cost(sub), dimension)
            if size > flag and (best is None or size > best[0]):
                best = (size, sub)
        if best is None:  # nothing smaller helps: the whole condition is decided in Python
            return _whole_in_python(cond)
        cond = _replace(cond, best[1], Py(best[1]))  # type: ignore[arg-type]


def _whole_in_python(cond: Cond) -> Cond:
    if isinstance(cond, ir.And) and cond.items and isinstance(cond.items[0], KindIn):
        rest = cond.items[1:]
        where: ir.Cond = rest[0] if len(rest) == 1 else ir.And(rest)
        return ir.And((cond.items[0], Py(where)))
    return Py(cond)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- rulesets


@dataclass
class Ruleset:
    """One registered ruleset: the rules of some selectors over one fact class."""

    name: str
    collection: ir.Path | None
    scope: Scope
    rules: dict[str, Json]
    selectors: dict[str, ir.Selector]  # rule name -> selector
    kinds: frozenset[str] | None  # documents worth sending (None: all)
    totals: Metrics = field(default_factory=lambda: Metrics(matching=0))
    _encode: Callable[[Any], dict[str, Json]] | None = None
    _python: list[tuple[str, frozenset[str] | None, Callable[[Any], bool]]] | None = None

    @property
    def discriminator(self) -> str:
        return "d" if self.collection is None else "i"

    def shape(self) -> Shape:
        return self.scope.shape()

    def facts(self, documents: Sequence[dict[str, Any]]) -> list[dict[str, Json]]:
        """The facts of this ruleset for a portfolio's documents (``Document.facts``), in order."""
        if self._encode is None:
            self._encode = self.scope.encoder()
            self._python = [(rule, s.kinds, compile_cond(s.where)) for rule, s in self.selectors.items()]
        encode, kinds, t = self._encode, self.kinds, self.discriminator
        items = getter(self.collection) if self.collection is not None else None
        out: list[dict[str, Json]] = []
        for d, facts in enumerate(documents):
            kind = facts.get("kind")
            if kinds is not None and kind not in kinds:
                continue
            if items is None:
                objects: list[tuple[int, Any]] = [(-1, facts)]
            else:
                array = items(facts)
                if not isinstance(array, list):
                    continue
                objects = list(enumerate(array))
            for j, obj in objects:
                fact: dict[str, Json] | None
                try:
                    fact = encode(obj)
                    fact["k"] = tag(kind)
                    fact["t"] = t
                except Unsafe:
                    fact = self._decided_in_python(kind, obj)
                    if fact is None:
                        continue
                fact["id"], fact["d"], fact["j"] = str(len(out)), d, j
                out.append(fact)
        return out

    def _decided_in_python(self, kind: Any, obj: Any) -> dict[str, Json] | None:
        assert self._python is not None
        hits = [rule for rule, kinds, pred in self._python if (kinds is None or kind in kinds) and pred(obj)]
        return {"t": "p", "y": " ".join(hits)} if hits else None


@dataclass
class Layout:
    """Every ruleset of a program, validated; built once, in the parent process."""

    rulesets: list[Ruleset]
    empty: set[str]  # selectors that match nothing whatever the portfolio
    by_selector: dict[str, Ruleset]

    def definitions(self) -> dict[str, dict[str, Json]]:
        return {r.name: r.rules for r in self.rulesets}


def _class_key(selector: ir.Selector) -> tuple[str, ...]:
    return ("",) if selector.collection is None else ("items", *selector.collection)


def build_layout(selectors: Sequence[ir.Selector]) -> Layout:
    """Rulesets for every selector, split to stay within the limits, each checked by the grammar."""
    classes: dict[tuple[str, ...], list[tuple[ir.Selector, Cond]]] = {}
    empty: set[str] = set()
    for selector in selectors:
        cond: Cond = selector.where
        if selector.kinds is not None:
            cond = ir.And((KindIn(selector.kinds), selector.where))  # type: ignore[arg-type]
        if translate(cond, Scope()) is False:
            empty.add(selector.id)
            continue
        classes.setdefault(_class_key(selector), []).append((selector, fit(cond)))
    rulesets: list[Ruleset] = []
    for number_, entries in enumerate(classes.values()):
        current: Ruleset | None = None
        for selector, cond in entries:
            if current is None or not _add(current, selector, cond):
                current = Ruleset(
                    name=f"r{number_}_{sum(1 for r in rulesets if r.name.startswith(f'r{number_}_'))}",
                    collection=selector.collection,
                    scope=Scope(),
                    rules={},
                    selectors={},
                    kinds=frozenset(),
                )
                rulesets.append(current)
                if not _add(current, selector, cond):  # pragma: no cover - fit() guarantees one fits
                    raise GrammarError(f"selector {selector.id} does not fit in an empty ruleset")
    for ruleset in rulesets:
        ruleset.rules = {"__sink": copy.deepcopy(SINK), **ruleset.rules, "__py": copy.deepcopy(FALLBACK)}
        ruleset.rules["__done"] = copy.deepcopy(DONE)
        check_ruleset(ruleset.name, ruleset.rules, ruleset.shape())
    by_selector = {s.id: r for r in rulesets for s in r.selectors.values()}
    return Layout(rulesets, empty, by_selector)


def _add(ruleset: Ruleset, selector: ir.Selector, cond: Cond) -> bool:
    """Add the selector's rule if the ruleset stays within its limits."""
    scope = copy.deepcopy(ruleset.scope)
    test = translate(cond, scope)
    assert not isinstance(test, bool) or test is True
    whole = pattern(ruleset.discriminator, test)
    metrics = measure(whole)
    totals = Metrics(
        ruleset.totals.groups + metrics.groups,
        ruleset.totals.tests + metrics.tests,
        ruleset.totals.matching + metrics.matching,
    )
    if ruleset.rules and (
        totals.matching > MAX_MATCHING
        or totals.tests > MAX_TESTS
        or scope.size() + len(FIXED) > MAX_PROPERTIES
    ):
        return False
    name = f"s{len(ruleset.rules)}"
    ruleset.scope, ruleset.totals = scope, totals
    ruleset.rules[name] = {"all": [{"m": whole}], "run": name}
    ruleset.selectors[name] = selector
    if ruleset.kinds is not None:
        ruleset.kinds = None if selector.kinds is None else ruleset.kinds | selector.kinds
    return True
