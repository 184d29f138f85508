"""From the IR to durable-rules JSON rulesets and facts — and the grammar every ruleset is held to.

Layout. Every document of a portfolio becomes one fact ``{"t": "d", "k": kind, "d": index}``;
every element of an array a selector reads becomes one fact ``{"t": "i", "c": <array code>,
"k": kind, "d": index, "j": position}``. A fact carries only the fields the rules read, each under
a short property name (``v0``, ``v1`` …): dates as epoch days, booleans as 1/0, absent or null
values left out (durable-rules never matches a test on a missing property — the IR's semantics).

Every selector becomes one rule: a type discriminator (``t``, ``c``) first, the document kinds,
then the ``where`` condition. Durable-rules decides comparisons, membership, existence and the
and/or structure. Three kinds of test are decided in Python and handed over as 1/0 properties
(``x0`` …): regular expressions (durable's ``$mt`` is a different dialect), array containment and
quantifiers over nested arrays (``$iall`` of an empty array is false; the IR says true), and any
comparison with a float constant durable's parser would misread.

Rulesets hold at most :data:`MAX_RULES` selector rules of one fact class, plus a never-firing
catch-all ``__sink`` (so no fact is "not handled") and the ``__done`` sentinel rule.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from compliance import ir
from compliance.evaluators.python import compile_cond, getter

MAX_RULES = 48  # fan-out: ≤ 64 rules able to match one fact (error 303 beyond)
MAX_PROPERTIES = 200  # ≤ 251 flattened properties per fact (error 302 beyond)
MAX_STRING = 4096  # strings ≥ 64 KiB compare wrongly; long ones are replaced by a digest
EPOCH = dt.date(1970, 1, 1)
NEVER: dict[str, Any] = {"t": "__never__"}
SINK = {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}], "run": "__sink"}
DONE = {"all": [{"m": {"t": "$end"}}], "pri": 1000, "run": "__done"}  # lowest priority: runs last
_OPERATORS = {"$and", "$or", "$eq", "$neq", "$lt", "$lte", "$gt", "$gte", "$ex", "$nex"}
_RULE_KEYS = {"all", "run", "pri"}
_COMPARE = {"ne": "$neq", "lt": "$lt", "le": "$lte", "gt": "$gt", "ge": "$gte"}
_SAFE_FLOAT = re.compile(r"^-?\d+(\.\d+)?$")


class GrammarError(Exception):
    """A generated ruleset breaks the verified grammar; it is never registered."""


def encode(value: Any) -> Any:
    """A fact or constant value in the form durable-rules compares correctly."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    if isinstance(value, str) and len(value) > MAX_STRING:
        return "\x00sha256:" + hashlib.sha256(value.encode()).hexdigest()
    return value


def _safe_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return True
    if isinstance(value, int):
        return abs(value) < 2**53
    return bool(_SAFE_FLOAT.match(json.dumps(value)))


@dataclass
class FactClass:
    """Documents (collection None) or the elements of one array: the fields rules read."""

    code: str
    collection: ir.Path | None
    properties: dict[ir.Path, str] = field(default_factory=dict)
    computed: dict[str, ir.Cond] = field(default_factory=dict)  # "x3" -> a test decided in Python

    def prop(self, path: ir.Path) -> str:
        if path not in self.properties:
            self.properties[path] = f"v{len(self.properties)}"
        return self.properties[path]

    def compute(self, cond: ir.Cond) -> str:
        for name, known in self.computed.items():
            if known == cond:
                return name
        name = f"x{len(self.computed)}"
        self.computed[name] = cond
        return name


@dataclass(frozen=True)
class Ruleset:
    name: str
    fact_class: str
    rules: dict[str, dict[str, Any]]
    selectors: dict[str, str]  # rule name -> selector id


@dataclass
class Layout:
    """Fact classes and rulesets for a program; built once, shared by parent and worker."""

    classes: dict[str, FactClass]
    rulesets: list[Ruleset]
    empty: set[str]  # selectors that can match nothing (``where`` folded to false)

    def facts(self, documents: Sequence[Any], fact_class: FactClass) -> list[dict[str, Any]]:
        """The facts of one class for a portfolio's documents (``Document.facts`` dicts)."""
        getters = [(name, getter(path)) for path, name in fact_class.properties.items()]
        tests = [(name, compile_cond(cond)) for name, cond in fact_class.computed.items()]
        items = getter(fact_class.collection) if fact_class.collection else None
        out: list[dict[str, Any]] = []

        def make(obj: dict[str, Any], kind: str, d: int, j: int) -> dict[str, Any]:
            fact: dict[str, Any] = {
                "id": str(len(out)),
                "t": "i" if items else "d",
                "k": kind,
                "d": d,
                "j": j,
            }
            if items:
                fact["c"] = fact_class.code
            for name, get in getters:
                value = get(obj)
                if value is not None and not isinstance(value, dict | list):
                    fact[name] = encode(value)
            for name, test in tests:
                fact[name] = 1 if test(obj) else 0
            return fact

        for d, facts in enumerate(documents):
            kind = facts["kind"]
            if items is None:
                out.append(make(facts, kind, d, -1))
                continue
            array = items(facts)
            if isinstance(array, list):
                out.extend(make(obj, kind, d, j) for j, obj in enumerate(array) if isinstance(obj, dict))
        return out


def _translate(cond: ir.Cond, cls: FactClass) -> dict[str, Any]:
    match cond:
        case ir.Const(value=value):
            return {"$ex": {"t": 1}} if value else NEVER
        case ir.And(items=items):
            return {"$and": [_translate(c, cls) for c in items]}
        case ir.Or(items=items):
            return {"$or": [_translate(c, cls) for c in items]}
        case ir.Compare(path=path, op=op, value=value):
            if not _safe_number(value):
                return {cls.compute(cond): 1}
            prop, constant = cls.prop(path), encode(value)
            return {prop: constant} if op == "eq" else {_COMPARE[op]: {prop: constant}}
        case ir.Member(path=path, values=values, negate=negate):
            if not all(_safe_number(v) for v in values):
                return {cls.compute(cond): 1}
            prop = cls.prop(path)
            ordered = sorted(values, key=repr)
            if not ordered:
                return {"$ex": {prop: 1}} if negate else NEVER
            if negate:
                return {"$and": [{"$neq": {prop: encode(v)}} for v in ordered]}
            return {"$or": [{prop: encode(v)} for v in ordered]}
        case ir.Exists(path=path, present=present):
            if present:
                return {"$ex": {cls.prop(path): 1}}
            # a $nex always stands beside a positive discriminator (a bare $nex loops forever)
            return {"$and": [{"t": "i" if cls.collection else "d"}, {"$nex": {cls.prop(path): 1}}]}
        case ir.Matches() | ir.Contains() | ir.Quantified():
            return {cls.compute(cond): 1}
    raise TypeError(f"not an IR condition: {cond!r}")  # pragma: no cover


def build_layout(selectors: Sequence[ir.Selector]) -> Layout:
    classes: dict[str, FactClass] = {}
    rules_by_class: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    empty: set[str] = set()
    for selector in selectors:
        key = ".".join(selector.collection) if selector.collection else ""
        cls = classes.setdefault(key, FactClass(code=f"c{len(classes)}", collection=selector.collection))
        if selector.where == ir.Const(False):
            empty.add(selector.id)
            continue
        parts: list[dict[str, Any]] = [{"t": "i"}, {"c": cls.code}] if selector.collection else [{"t": "d"}]
        if selector.kinds is not None:
            parts.append({"$or": [{"k": k} for k in sorted(selector.kinds)]} if selector.kinds else NEVER)
        if selector.where != ir.TRUE:
            parts.append(_translate(selector.where, cls))
        rules_by_class.setdefault(key, []).append((selector.id, {"$and": parts}))
    rulesets: list[Ruleset] = []
    for key, entries in rules_by_class.items():
        cls = classes[key]
        for start in range(0, len(entries), MAX_RULES):
            chunk = entries[start : start + MAX_RULES]
            name = f"{cls.code}_{start // MAX_RULES}"
            rules: dict[str, dict[str, Any]] = {"__sink": SINK}
            selectors_of: dict[str, str] = {}
            for n, (selector_id, condition) in enumerate(chunk):
                rule_name = f"s{n}"
                rules[rule_name] = {"all": [{"m": condition}], "run": rule_name}
                selectors_of[rule_name] = selector_id
            rules["__done"] = DONE
            ruleset = Ruleset(name, key, rules, selectors_of)
            validate(ruleset, cls)
            rulesets.append(ruleset)
    return Layout(classes, rulesets, empty)


# ----------------------------------------------------------------------------- grammar


def validate(ruleset: Ruleset, cls: FactClass) -> None:
    """Hold a ruleset to the grammar verified in the durable-rules field guide."""
    rules = ruleset.rules
    if len(rules) - 2 > MAX_RULES:
        raise GrammarError(f"{ruleset.name}: {len(rules)} rules exceed the fan-out limit")
    if len(cls.properties) + len(cls.computed) + 7 > MAX_PROPERTIES:
        raise GrammarError(f"{ruleset.name}: facts would carry more than {MAX_PROPERTIES} properties")
    for name, rule in rules.items():
        unknown = set(rule) - _RULE_KEYS
        if unknown:
            raise GrammarError(f"{ruleset.name}.{name}: unknown rule keys {sorted(unknown)}")
        patterns = rule.get("all")
        if not isinstance(patterns, list) or not patterns:
            raise GrammarError(f"{ruleset.name}.{name}: 'all' must be a non-empty list")
        for position, pattern in enumerate(patterns):
            ((binding, expression),) = pattern.items()
            if binding.endswith("$not") and position == 0:
                raise GrammarError(f"{ruleset.name}.{name}: a negation must not be the first pattern")
            _expression(expression, f"{ruleset.name}.{name}")


def _expression(expr: Any, where: str, *, nex_allowed: bool = False) -> None:
    """Check one expression; a ``$nex`` is only allowed directly inside an ``$and`` that also holds
    a positive equality test (a discriminator)."""
    if not isinstance(expr, dict) or len(expr) != 1:
        raise GrammarError(f"{where}: an expression is an object with one key, got {expr!r}")
    ((key, value),) = expr.items()
    if key in ("$and", "$or"):
        if not isinstance(value, list) or not value:
            raise GrammarError(f"{where}: {key} needs a non-empty list")
        positive = key == "$and" and any(
            isinstance(p, dict) and len(p) == 1 and not next(iter(p)).startswith("$") for p in value
        )
        for part in value:
            _expression(part, where, nex_allowed=positive)
        return
    if key.startswith("$"):
        if key not in _OPERATORS:
            raise GrammarError(f"{where}: unknown operator {key}")
        if key == "$nex" and not nex_allowed:
            raise GrammarError(f"{where}: $nex needs a positive test beside it in an $and")
        _operand(value, where, key)
        return
    _scalar(value, where, key)


def _operand(value: Any, where: str, operator: str) -> None:
    if not isinstance(value, dict) or len(value) != 1:
        raise GrammarError(f"{where}: {operator} takes one property")
    ((prop, constant),) = value.items()
    if prop.startswith("$"):
        raise GrammarError(f"{where}: {operator} on {prop}: array operators are not generated")
    _scalar(constant, where, prop)


def _scalar(value: Any, where: str, prop: str) -> None:
    if isinstance(value, dict | list) or value is None:
        raise GrammarError(f"{where}: {prop}: joins, arrays and null are not allowed as constants")
    if not _safe_number(value):
        raise GrammarError(f"{where}: {prop}: the number {value!r} is not safe for durable's parser")


def iter_rulesets(layout: Layout) -> Iterator[tuple[str, dict[str, dict[str, Any]]]]:
    for ruleset in layout.rulesets:
        yield ruleset.name, ruleset.rules
