"""The default back end: each selector of the IR compiled once into a Python closure.

Compiling happens when the engine is built; checking a portfolio only calls closures. Closures
hold no state, so one evaluator serves any number of threads.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from compliance import ir, patterns
from compliance.evaluators.base import Matches
from compliance.ir import Match
from compliance.portfolio import Portfolio
from compliance.program import CompiledRule, Program

Predicate = Callable[[Any], bool]
Query = Callable[[Portfolio], tuple[Match, ...]]

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def getter(path: ir.Path) -> Callable[[Any], Any]:
    """A function reading ``path`` from an object; None when any step is absent."""
    if len(path) == 1:
        (key,) = path

        def one(obj: Any) -> Any:
            return obj.get(key) if isinstance(obj, dict) else None

        return one

    def many(obj: Any) -> Any:
        for key in path:
            if not isinstance(obj, dict):
                return None
            obj = obj.get(key)
        return obj

    return many


def compile_cond(cond: ir.Cond) -> Predicate:
    match cond:
        case ir.Const(value=value):
            return lambda _obj: value
        case ir.And(items=items):
            return _junction(tuple(compile_cond(c) for c in items), conjunction=True)
        case ir.Or(items=items):
            return _junction(tuple(compile_cond(c) for c in items), conjunction=False)
        case ir.Compare(path=(key,), op=op, value=const):  # the usual case: one call, not two
            fn = _OPS[op]
            return lambda obj: isinstance(obj, dict) and (v := obj.get(key)) is not None and fn(v, const)
        case ir.Compare(path=path, op=op, value=const):
            get, fn = getter(path), _OPS[op]
            return lambda obj: (v := get(obj)) is not None and fn(v, const)
        case ir.Member(path=path, values=values, negate=negate):
            get = getter(path)
            return lambda obj: (v := get(obj)) is not None and ((v in values) != negate)
        case ir.Exists(path=path, present=present):
            get = getter(path)
            return lambda obj: (get(obj) is not None) == present
        case ir.Matches(path=path, pattern=pattern, negate=negate):
            # RE2, linear in the text (compliance.patterns); the durable back end decides its
            # regular expressions with this same predicate
            get, full = getter(path), patterns.matcher(pattern)
            return lambda obj: isinstance(v := get(obj), str) and (full(v) != negate)
        case ir.Contains(path=path, values=values, mode=mode, negate=negate):
            get = getter(path)
            if mode == "any":
                return lambda obj: isinstance(v := get(obj), list) and (values.isdisjoint(v) == negate)
            return lambda obj: isinstance(v := get(obj), list) and (values.issubset(v) != negate)
        case ir.Quantified(path=path, quantifier=quantifier, where=where):
            return _quantified(getter(path), quantifier == "any", compile_cond(where))
    raise TypeError(f"not an IR condition: {cond!r}")  # pragma: no cover


def compile_selector(selector: ir.Selector) -> Query:
    """The selector as one function of a portfolio: its matches (what :class:`PythonEvaluator`
    does with the scan shared by the selectors that open with the same condition)."""
    lead, rest = _lead(selector.where)
    scan = compile_scan(selector.kinds, selector.collection, compile_cond(lead))
    narrow = _narrow(None if rest is None else compile_cond(rest))
    return lambda portfolio: narrow(scan(portfolio))


Scanned = tuple[tuple[Match, ...], tuple[Any, ...]]  # the matches, and the item each one is
Scan = Callable[[Portfolio], Scanned]
Plan = tuple[str, Scan, Callable[[Scanned], tuple[Match, ...]]]  # a selector's id, scan, narrowing


def _lead(where: ir.Cond) -> tuple[ir.Cond, ir.Cond | None]:
    """A condition as its first conjunct and the rest (None: nothing more). ``and`` asks its
    conditions in order until one is false, and conditions have no effects, so the items that
    satisfy the whole are those of the first that satisfy the rest."""
    if isinstance(where, ir.And) and len(where.items) > 1:
        first, *rest = where.items
        return first, rest[0] if len(rest) == 1 else ir.And(tuple(rest))
    return where, None


def compile_scan(kinds: frozenset[str] | None, collection: ir.Path | None, pred: Predicate) -> Scan:
    """The documents of ``kinds`` (all: None), or the items of the array at ``collection`` in
    them, that satisfy ``pred``, each with its match, in document then item order."""
    get = getter(collection) if collection is not None else None

    def scan(portfolio: Portfolio) -> Scanned:
        matches: list[Match] = []
        items: list[Any] = []
        for i, doc in enumerate(portfolio.documents):
            facts = doc.facts
            if kinds is not None and facts["kind"] not in kinds:
                continue
            if get is None:
                if pred(facts):
                    matches.append(Match(i))
                    items.append(facts)
                continue
            array = get(facts)
            if isinstance(array, list):
                for j, item in enumerate(array):
                    if pred(item):
                        matches.append(Match(i, j))
                        items.append(item)
        return tuple(matches), tuple(items)

    return scan


def _narrow(rest: Predicate | None) -> Callable[[Scanned], tuple[Match, ...]]:
    """The matches of a scan whose items also satisfy ``rest`` (all of them: None)."""
    if rest is None:
        return operator.itemgetter(0)
    return lambda scanned: tuple([m for m, item in zip(*scanned, strict=True) if rest(item)])


def _quantified(get: Callable[[Any], Any], any_item: bool, pred: Predicate) -> Predicate:
    """Some item (``any_item``), or every item, of the array at ``get`` is ``pred``; false when
    there is no array."""

    def some_item(obj: Any) -> bool:
        items = get(obj)
        if not isinstance(items, list):
            return False
        for item in items:  # noqa: SIM110 - a loop: any() of a generator costs a frame per item
            if pred(item):
                return True
        return False

    def every_item(obj: Any) -> bool:
        items = get(obj)
        if not isinstance(items, list):
            return False
        for item in items:  # noqa: SIM110 - as above
            if not pred(item):
                return False
        return True

    return some_item if any_item else every_item


def _junction(preds: tuple[Predicate, ...], conjunction: bool) -> Predicate:
    """All of ``preds`` hold (``conjunction``), or some does, asked in order until the answer is
    known: two or three as one expression, more in a loop (``all()`` or ``any()`` of a generator
    costs a frame at every call, and the closures are called for every item of every portfolio)."""
    if len(preds) == 1:
        return preds[0]
    if len(preds) == 2:
        a, b = preds
        return (lambda obj: a(obj) and b(obj)) if conjunction else (lambda obj: a(obj) or b(obj))
    if len(preds) == 3:
        a, b, c = preds
        if conjunction:
            return lambda obj: a(obj) and b(obj) and c(obj)
        return lambda obj: a(obj) or b(obj) or c(obj)

    def joined(obj: Any) -> bool:
        for pred in preds:
            if (not pred(obj)) is conjunction:  # a false one ends a conjunction, a true one the other
                return not conjunction
        return conjunction

    return joined


class PythonEvaluator:
    """Runs the IR in-process with compiled closures. Selectors that open with the same condition
    on the same documents or items (a rule's selector and its candidates', the selectors of one
    kind of item: ``kind == …`` first) share one scan of a portfolio: the items it keeps are then
    narrowed by each selector's other conditions."""

    name = "python"

    def __init__(self, program: Program) -> None:
        scans: dict[tuple[Any, ...], Scan] = {}
        plans: dict[str, Plan] = {}
        for s in program.selectors:
            lead, rest = _lead(s.where)
            key = (s.kinds, s.collection, lead)
            scan = scans.get(key)
            if scan is None:
                scan = scans[key] = compile_scan(s.kinds, s.collection, compile_cond(lead))
            plans[s.id] = (s.id, scan, _narrow(None if rest is None else compile_cond(rest)))
        # each rule's selectors' plans, in the order of its check's selectors()
        self._plans = {r.id: tuple(plans[s.id] for s in r.check.selectors()) for r in program.rules}

    def evaluate(self, rules: Sequence[CompiledRule], portfolio: Portfolio) -> Matches:
        plans = self._plans
        scanned: dict[Scan, Scanned] = {}
        out: dict[str, tuple[Match, ...]] = {}
        for r in rules:
            for selector_id, scan, narrow in plans[r.id]:
                found = scanned.get(scan)
                if found is None:
                    found = scanned[scan] = scan(portfolio)
                out[selector_id] = narrow(found)
        return out

    def close(self) -> None:
        return None
