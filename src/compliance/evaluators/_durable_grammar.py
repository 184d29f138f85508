"""The part of durable-rules 2.0.28's JSON ruleset grammar this back end may generate, and the check
every generated ruleset must pass before it is registered.

The grammar and the limits come from ``shared/docs/durable-rules.md`` and its runnable repros
(``shared/durable-rules-kit``), and from probing the C engine (with valgrind) where the guide was
silent:

* a fact is one flat object: ``sid``, ``id``, a type discriminator ``t`` and scalar properties,
  plus arrays of flat objects read only through ``$iany`` / ``$iall`` (an array is one property);
* a rule is ``{"all": [{"m": <pattern>}], "run": <its own name>}`` (the catch-all ``__sink`` has
  two patterns); every pattern starts with the equality test on ``t``;
* tests: equality ``{p: c}``, ``$neq $lt $lte $gt $gte`` against a constant, ``$ex`` / ``$nex``,
  ``$and`` / ``$or``, and ``$iany`` / ``$iall`` on an array property with ``$i.`` paths inside.
  Nothing else: no ``$mt`` (another regex dialect), no joins (relational joins read out of bounds),
  no ``$not``, no ``$s``; an unknown ``$`` key is silently a property name in durable-rules, so here
  it is an error. Never an ``$or`` inside ``$iany``/``$iall``: durable-rules evaluates it depending
  on the order of the element's properties and reads uninitialised memory when registering it;
* every property has one type: text properties (values for equality, tagged) are only compared
  with text, number properties (order values, epoch days, lengths, flags) only with numbers —
  durable-rules compares a number with text as text, and reads uninitialised memory doing it.
  Numbers are integers below 2**53 or floats JSON writes without an exponent (``1e-05`` is a
  parse error); text is valid UTF-8 of at most :data:`MAX_TEXT` characters. No booleans (``true``
  equals ``1`` and ``"1"`` there), no null, no arrays;
* a ``$nex`` at rule level stands in an ``$and`` with a positive equality test (a bare one loops);
* limits: ≤ :data:`MAX_GROUPS` ``$and``/``$or`` per pattern (error 113 from 15: 32 slots of two),
  ≤ :data:`MAX_MATCHING` test paths able to match one fact per ruleset (error 303 from ~64; each
  path that matches fires the action once), ≤ :data:`MAX_TESTS` tests per ruleset (children lists
  of 128/256/512 entries), ≤ :data:`MAX_PROPERTIES` properties per fact (error 302 from ~254).

A ruleset that breaks any of this raises :class:`GrammarError` and is never registered.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_GROUPS = 12  # $and/$or nodes in one pattern; durable-rules fails (113) from 15
MAX_RULE_MATCHING = 16  # test paths of one rule able to match one fact (each one fires the action)
MAX_MATCHING = 48  # the same over a whole ruleset; error 303 from ~64 sibling matches
MAX_RULE_TESTS = 48  # leaf tests in one rule
MAX_TESTS = 120  # leaf tests in a ruleset: children lists hold 128 ($nex), 256 (beta), 512 (hashed)
MAX_PROPERTIES = 240  # properties of one fact, sid and id included; error 302 from ~254
MAX_TEXT = 1000  # characters of text sent as is; longer text is sent as a digest
SAFE_INT = 2**53  # integers and doubles compare exactly below this
FIXED = ("sid", "id", "t", "k", "d", "j", "y")  # properties every fact may carry besides its own
SINK = {"all": [{"a": {"$ex": {"t": 1}}}, {"b": {"t": "__never__"}}], "run": "__sink"}
SENTINEL = "$end"  # the type of the fact asserted after a document's own facts
DONE = {"all": [{"m": {"t": SENTINEL}}], "pri": 1000, "run": "__done"}
FALLBACK = {"all": [{"m": {"t": "p"}}], "run": "__py"}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_NAME = re.compile(r"^(s[0-9]+|__sink|__done|__py)$")
_POSITIONAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_COMPARE = {"$neq", "$lt", "$lte", "$gt", "$gte"}
_EXISTS = {"$ex", "$nex"}
_ARRAY = {"$iany", "$iall"}
_GROUP = {"$and", "$or"}


class GrammarError(Exception):
    """A generated ruleset is outside the verified grammar: an internal error, never registered."""


@dataclass
class Shape:
    """The properties a fact (or an array's elements) carries: scalars with the one type their
    values and constants have (``"text"`` or ``"number"``), and arrays with their elements' shape."""

    scalars: dict[str, str] = field(default_factory=dict)
    arrays: dict[str, Shape] = field(default_factory=dict)

    def size(self) -> int:
        return len(self.scalars) + len(self.arrays)


def safe_number(value: object) -> bool:
    """A number durable-rules' C parser reads as the same value (never a bool)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < SAFE_INT
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) < SAFE_INT and bool(_POSITIONAL.match(json.dumps(value)))
    return False


def safe_text(value: object) -> bool:
    if not isinstance(value, str) or len(value) > MAX_TEXT + 1:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Metrics:
    groups: int = 0  # $and/$or nodes
    tests: int = 0  # leaf tests
    matching: int = 1  # paths through the tests that can all be true for one fact


def measure(expr: Any) -> Metrics:
    """Size of a pattern as the C engine builds it; assumes :func:`check_expression` passed."""
    ((key, value),) = expr.items()
    if key in _GROUP:
        parts = [measure(p) for p in value]
        groups = 1 + sum(p.groups for p in parts)
        tests = sum(p.tests for p in parts)
        if key == "$and":
            matching = math.prod(p.matching for p in parts)
        elif _exclusive(value):
            matching = 1
        else:
            matching = sum(p.matching for p in parts)
        return Metrics(groups, tests, matching)
    if key in _ARRAY:
        ((_, inner),) = value.items()
        nested = measure(inner)
        return Metrics(nested.groups, 1 + nested.tests, 1)
    return Metrics(0, 1, 1)


def _exclusive(parts: list[Any]) -> bool:
    """Equality tests of one property with distinct constants: at most one is true."""
    if not all(len(p) == 1 and not next(iter(p)).startswith("$") for p in parts):
        return False
    props = {next(iter(p)) for p in parts}
    constants = [json.dumps(next(iter(p.values()))) for p in parts]
    return len(props) == 1 and len(set(constants)) == len(constants)


def check_expression(expr: Any, shape: Shape, where: str, *, element: bool, anchored: bool) -> None:
    """One test or group. ``element``: inside ``$iany``/``$iall`` (paths start with ``$i.``).
    ``anchored``: a positive equality test stands beside it in an enclosing ``$and`` (a ``$nex``
    at rule level needs one, or it loops forever)."""
    if not isinstance(expr, dict) or len(expr) != 1:
        raise GrammarError(f"{where}: a test is an object with one key, not {expr!r}")
    ((key, value),) = expr.items()
    if key in _GROUP:
        if not isinstance(value, list) or not value:
            raise GrammarError(f"{where}: {key} needs a non-empty list")
        if key == "$or" and element:
            # durable-rules 2.0.28 evaluates $or inside $iany/$iall depending on the order of the
            # element's properties, and reads uninitialised memory when registering it
            raise GrammarError(f"{where}: $or inside an array operator")
        if key == "$and":
            anchored = anchored or any(_is_equality(p) for p in value)
        for part in value:
            check_expression(part, shape, where, element=element, anchored=anchored)
        return
    if key in _ARRAY:
        if not isinstance(value, dict) or len(value) != 1:
            raise GrammarError(f"{where}: {key} takes one array property")
        ((prop, inner),) = value.items()
        name = _property(prop, where, element=element)
        if name not in shape.arrays:
            raise GrammarError(f"{where}: {key} on {prop!r}, which is not an array of the fact")
        check_expression(inner, shape.arrays[name], where, element=True, anchored=True)
        return
    if key in _COMPARE or key in _EXISTS:
        if not isinstance(value, dict) or len(value) != 1:
            raise GrammarError(f"{where}: {key} takes one property")
        ((prop, constant),) = value.items()
        name = _property(prop, where, element=element)
        if name not in shape.scalars:
            raise GrammarError(f"{where}: {key} on {prop!r}, which is not a property of the fact")
        if key in _EXISTS:
            if constant != 1 or isinstance(constant, bool):
                raise GrammarError(f"{where}: {key} takes the value 1")
            if key == "$nex" and not (element or anchored):
                raise GrammarError(f"{where}: $nex without a positive test beside it loops forever")
            return
        _constant(constant, where, prop, shape.scalars[name])
        return
    if key.startswith("$") and not (element and key.startswith("$i.")):
        # $mt/$imt (another regex dialect), $not, $s, $in, $contains … — unknown operators are
        # silently property names in durable-rules
        raise GrammarError(f"{where}: operator {key} is not in the verified grammar")
    name = _property(key, where, element=element)
    if name not in shape.scalars:
        raise GrammarError(f"{where}: {key!r} is not a property of the fact")
    _constant(value, where, key, shape.scalars[name])


def _is_equality(expr: Any) -> bool:
    return isinstance(expr, dict) and len(expr) == 1 and not next(iter(expr)).startswith("$")


def _property(prop: Any, where: str, *, element: bool) -> str:
    if not isinstance(prop, str):
        raise GrammarError(f"{where}: property names are text")
    if element:
        if not prop.startswith("$i."):
            # a path without $i. inside an array operator is accepted and never matches
            raise GrammarError(f"{where}: {prop!r} inside an array operator needs the $i. prefix")
        prop = prop[3:]
    if not _NAME.match(prop):
        raise GrammarError(f"{where}: {prop!r} is not a generated property name")
    return str(prop)


def _constant(value: Any, where: str, prop: str, kind: str) -> None:
    """A constant of the property's one type: durable-rules compares a number with text as text
    (and reads uninitialised memory doing it), so the two never meet."""
    if isinstance(value, dict):
        raise GrammarError(f"{where}: {prop}: a join (property against property) is never generated")
    if kind == "text" and not safe_text(value):
        raise GrammarError(f"{where}: {prop}: {value!r} is not safe text for a text property")
    if kind == "number" and not safe_number(value):
        raise GrammarError(
            f"{where}: {prop}: {value!r} is not a number the C parser reads exactly (or not a number)"
        )


def check_ruleset(name: str, rules: Mapping[str, Any], shape: Shape) -> Metrics:
    """Hold one ruleset to the grammar and the limits; return its totals."""
    if not _NAME.match(name):
        raise GrammarError(f"ruleset name {name!r}")
    if shape.size() + len(FIXED) > MAX_PROPERTIES:
        raise GrammarError(
            f"{name}: facts would carry {shape.size() + len(FIXED)} properties (> {MAX_PROPERTIES})"
        )
    if rules.get("__sink") != SINK or rules.get("__done") != DONE:
        raise GrammarError(f"{name}: the catch-all __sink and the sentinel rule __done are required")
    if "__py" in rules and rules["__py"] != FALLBACK:
        raise GrammarError(f"{name}: __py is the fixed rule for facts decided in Python")
    top = Shape(scalars={**shape.scalars, "t": "text", "k": "text"}, arrays=shape.arrays)
    total = Metrics(matching=0)
    for rule_name, rule in rules.items():
        where = f"{name}.{rule_name}"
        if not _RULE_NAME.match(rule_name):
            raise GrammarError(f"{where}: not a generated rule name")
        if rule_name in ("__sink", "__done", "__py"):
            total.matching += 1
            total.tests += 1
            continue
        if not isinstance(rule, dict) or set(rule) != {"all", "run"} or rule["run"] != rule_name:
            raise GrammarError(f"{where}: a rule is {{'all': [pattern], 'run': its own name}}")
        patterns = rule["all"]
        if not isinstance(patterns, list) or len(patterns) != 1:
            raise GrammarError(f"{where}: one pattern per rule (no joins, no negation)")
        ((binding, pattern),) = patterns[0].items()
        if binding != "m":
            raise GrammarError(
                f"{where}: the pattern is bound to 'm' (a '$not' suffix or a join is never generated)"
            )
        check_expression(pattern, top, where, element=False, anchored=False)
        first = pattern["$and"][0] if "$and" in pattern else pattern
        if set(first) != {"t"}:
            raise GrammarError(f"{where}: every pattern starts with the type discriminator t")
        metrics = measure(pattern)
        if metrics.groups > MAX_GROUPS:
            raise GrammarError(f"{where}: {metrics.groups} $and/$or groups (> {MAX_GROUPS})")
        if metrics.matching > MAX_RULE_MATCHING or metrics.tests > MAX_RULE_TESTS:
            raise GrammarError(f"{where}: {metrics.matching} paths, {metrics.tests} tests: too wide")
        total.groups += metrics.groups
        total.tests += metrics.tests
        total.matching += metrics.matching
    if total.matching > MAX_MATCHING + 3 or total.tests > MAX_TESTS + 3:
        raise GrammarError(
            f"{name}: {total.matching} paths able to match one fact, {total.tests} tests: split the ruleset"
        )
    return total
