"""The durable-rules back end answers every IR query exactly as the Python back end does.

Hypothesis generates IR selectors directly (every condition type and operator, constants of every
type, constants durable-rules' parser would misread, regular expressions, nested quantifiers,
conditions too large for one durable-rules rule) and portfolios whose values are deliberately
awkward: numbers where text is expected and back, ``1`` beside ``"1"`` and ``true``, ``1e-05`` and
``2**60``, text with quotes, backslashes and control characters, text too long to send as is,
non-object array elements. Both back ends must return the same matches in the same order.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import ir
from compliance.checks.required import RequiredCheck
from compliance.evaluators.durable import DurableEvaluator
from compliance.evaluators.python import PythonEvaluator
from compliance.i18n import Text
from compliance.portfolio import Document, Portfolio, Unit
from compliance.program import Applicability, CompiledPack, CompiledRule, Program, SourceRef
from compliance.severity import Severity

pytest.importorskip("durable", reason="durable-rules is not installed")

KINDS = ["BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC", "BC_DOT_XUAT"]
TEXTS = [
    "Trường THCS Nhân Chính",
    "Trường THCS Nhân Chính ",
    "Trường Tiểu học Kim Giang",
    "45/QĐ-THCSNC",
    "",
    "1",
    'a"b',
    "a#b",
    "a\\b",
    "a]b",
    "dòng 1\ndòng 2",
    "\x00",
    "Đ" * 1200,  # beyond the length sent as is
    "Đ" * 1199 + "d",
]
NUMBERS: list[Any] = [0, 1, -1, 7, 12, 0.5, -0.0, 1.0, 1e-05, 2**60, 1e16, 2**53, True, False]
DATES = [dt.date(2023, 9, 5), dt.date(2023, 12, 31), dt.date(2024, 1, 2), dt.date(2024, 5, 31)]
SCALARS: list[Any] = [*TEXTS[:12], *NUMBERS, *DATES]
PATTERNS = [r"\d+/QĐ-.*", r"Trường .*", r".*Chính", r"a.b", r"", r"(?i)trường.*"]

NUMERIC = st.sampled_from(NUMBERS)
TEXT = st.sampled_from(TEXTS)
DATE = st.sampled_from(DATES)
SCALAR = st.sampled_from(SCALARS)
WILD: st.SearchStrategy[Any] = st.one_of(
    SCALAR, st.none(), st.just([1, "1"]), st.just({"a": 1}), st.just(dt.datetime(2024, 1, 2, 8, 30))
)

# fields of an object: (path, family) — a family says which values a field holds, so that every
# generated test is one the Python back end can answer (it raises on "a" < 1 or on [1] in {…})
FIELDS: list[tuple[ir.Path, str]] = [
    (("n",), "number"),
    (("s",), "text"),
    (("day",), "date"),
    (("ok",), "bool"),
    (("w",), "wild"),
    (("nested", "n"), "number"),
    (("nested", "s"), "text"),
]
ARRAYS = [("tags",)]  # arrays of values
OBJECT_ARRAYS = [("items",), ("sub",)]  # arrays of objects


def _value(family: str) -> st.SearchStrategy[Any]:
    return {
        "number": NUMERIC,
        "text": TEXT,
        "date": DATE,
        "bool": st.booleans(),
        "wild": WILD,
    }[family]


@st.composite
def objects(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for path, family in FIELDS:
        if draw(st.integers(0, 3)) == 0:
            continue  # absent
        value = None if draw(st.integers(0, 9)) == 0 else draw(_value(family))
        target = obj
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    if draw(st.booleans()):
        obj["tags"] = draw(st.lists(st.one_of(SCALAR, st.none()), max_size=4))
    if depth < 2:
        for key in ("items", "sub"):
            if draw(st.integers(0, 2)) > 0:
                obj[key] = draw(
                    st.lists(st.one_of(objects(depth + 1), st.just("không phải đối tượng")), max_size=3)
                )
    return obj


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc = draw(objects())
    doc["kind"] = draw(st.sampled_from(KINDS))
    return doc


@functools.cache  # one strategy per depth: a new one per draw recomputes Hypothesis' properties of it
def leaves(depth: int) -> st.SearchStrategy[ir.Cond]:
    field = st.sampled_from(FIELDS)

    def compare(f: tuple[ir.Path, str], op: str, data: st.DataObject) -> ir.Cond:
        path, family = f
        if op in ("eq", "ne") or family == "wild":
            value = data.draw(SCALAR if family == "wild" else _value(family).filter(lambda v: v is not None))
            chosen = op if family != "wild" else data.draw(st.sampled_from(["eq", "ne"]))
            return ir.Compare(path, chosen, value)  # type: ignore[arg-type]
        if family == "bool":
            return ir.Compare(path, op, data.draw(st.sampled_from([0, 1, True, False, 0.5])))  # type: ignore[arg-type]
        return ir.Compare(path, op, data.draw(_value(family)))  # type: ignore[arg-type]

    def member(f: tuple[ir.Path, str], negate: bool, data: st.DataObject) -> ir.Cond:
        path, family = f
        pool = SCALAR if family == "wild" else _value(family)
        values = data.draw(st.frozensets(pool, max_size=4))
        if family == "wild":  # [1, "1"] in {…} raises in Python: keep such fields to eq/ne/exists
            return ir.Compare(path, "ne" if negate else "eq", next(iter(values), 1))
        return ir.Member(path, values, negate)

    base = [
        st.builds(compare, field, st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]), st.data()),
        st.builds(member, field, st.booleans(), st.data()),
        st.builds(
            ir.Exists,
            st.sampled_from([p for p, _ in FIELDS] + [("items",), ("tags",), ("nested",)]),
            st.booleans(),
        ),
        st.builds(
            ir.Matches,
            st.sampled_from([p for p, f in FIELDS if f in ("text", "wild")]),
            st.sampled_from(PATTERNS),
            st.booleans(),
        ),
        st.builds(
            ir.Contains,
            st.sampled_from(ARRAYS),
            st.frozensets(SCALAR, max_size=3),
            st.sampled_from(["any", "all"]),
            st.booleans(),
        ),
        st.sampled_from([ir.Const(True), ir.Const(False)]),
    ]
    if depth < 2:
        base.append(
            st.builds(
                ir.Quantified,
                st.sampled_from(OBJECT_ARRAYS),
                st.sampled_from(["any", "all"]),
                st.deferred(lambda: conditions(depth + 1)),
            )
        )
    return st.one_of(*base)


@functools.cache
def conditions(depth: int = 0) -> st.SearchStrategy[ir.Cond]:
    return st.recursive(
        leaves(depth),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda xs: ir.And(tuple(xs))),
            st.lists(inner, min_size=1, max_size=4).map(lambda xs: ir.Or(tuple(xs))),
        ),
        max_leaves=8,
    )


@st.composite
def selectors(draw: st.DrawFn, index: int) -> ir.Selector:
    kinds = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(KINDS), max_size=3)))
    collection = draw(st.sampled_from([None, None, ("items",), ("nested", "list")]))
    return ir.Selector(f"S{index}", kinds, collection, draw(conditions()))


def program_of(selectors: list[ir.Selector]) -> tuple[Program, list[CompiledRule]]:
    text = Text(vi="Tiêu chí kiểm thử", en="Test rule")
    rules = [
        CompiledRule(
            id=s.id,
            pack="kiem-thu",
            kind="required",
            title=text,
            severity=Severity.high,
            applies=Applicability(frozenset({"TRUONG"}), None),
            source=SourceRef("002_ef403fffc9314121.txt", "C.II", "Đăng ký tổ chức mô hình điểm"),
            remediation=text,
            check=RequiredCheck(select=s, minimum=1),
        )
        for s in selectors
    ]
    pack = CompiledPack(
        id="kiem-thu",
        version="1",
        title=text,
        file="kiem-thu.yaml",
        seed="002_ef403fffc9314121.txt",
        issuer="Phòng GDĐT quận Thanh Xuân",
        issued_on=dt.date(2023, 9, 21),
        school_year="2023-2024",
        province=None,
        district=None,
        rules=tuple(rules),
    )
    return Program((pack,), {r.id: r for r in rules}), rules


def portfolio_of(docs: list[dict[str, Any]]) -> Portfolio:
    unit = Unit(
        "VN-HN-TX-THCS-NHANCHINH", "TRUONG", "Trường THCS Nhân Chính", frozenset({"THCS"}), None, None
    )
    return Portfolio(unit, "2023-2024", tuple(Document(None, d) for d in docs))  # type: ignore[arg-type]


def _with_lists(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents also carry nested.list (a collection below an object) built from their items."""
    out = []
    for doc in docs:
        doc = dict(doc)
        if isinstance(doc.get("items"), list) and isinstance(doc.get("nested"), dict):
            doc["nested"] = {**doc["nested"], "list": doc["items"][::-1]}
        out.append(doc)
    return out


def assert_same_matches(
    program: Program, rules: list[CompiledRule], durable: DurableEvaluator, docs: list[dict[str, Any]]
) -> None:
    portfolio = portfolio_of(_with_lists(docs))
    expected = PythonEvaluator(program).evaluate(rules, portfolio)
    assert durable.evaluate(rules, portfolio) == expected


def limited(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


@limited(25)
@given(st.data())
def test_generated_selectors_give_the_same_matches(data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 30), label="selectors")
    chosen = [data.draw(selectors(i), label=f"S{i}") for i in range(count)]
    _same_matches_on_drawn_documents(data, chosen)


def _same_matches_on_drawn_documents(
    data: st.DataObject, chosen: list[ir.Selector], *, some_rules: bool = False
) -> None:
    """Both back ends give the same matches on three drawn portfolios; with ``some_rules``, also
    when the Python back end is asked for only the first rules (its shared scans then serve fewer
    selectors)."""
    program, rules = program_of(chosen)
    evaluator = DurableEvaluator(program)
    try:
        for _ in range(3):
            docs = data.draw(st.lists(documents(), min_size=1, max_size=4), label="documents")
            assert_same_matches(program, rules, evaluator, docs)
            if some_rules:
                portfolio = portfolio_of(_with_lists(docs))
                some = rules[: data.draw(st.integers(1, len(rules)), label="rules asked")]
                python = PythonEvaluator(program).evaluate(some, portfolio)
                assert python == evaluator.evaluate(some, portfolio)
    finally:
        evaluator.close()


@limited(25)
@given(st.data())
def test_selectors_that_open_with_the_same_condition_give_the_same_matches(data: st.DataObject) -> None:
    """The Python back end scans a portfolio once for the selectors that open with the same
    condition on the same documents or items, then narrows by each one's other conditions:
    selectors drawn to share their first conditions match as durable-rules says."""
    leads = data.draw(st.lists(conditions(), min_size=1, max_size=3), label="first conditions")
    places = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from([None, frozenset(KINDS[:1]), frozenset(KINDS[1:])]),
                st.sampled_from([None, ("items",)]),
            ),
            min_size=1,
            max_size=2,
        ),
        label="documents or items",
    )
    chosen = []
    for i in range(data.draw(st.integers(2, 16), label="selectors")):
        lead = data.draw(st.sampled_from(leads), label=f"S{i} first")
        rest = data.draw(st.lists(conditions(), max_size=2), label=f"S{i} rest")
        kinds, collection = data.draw(st.sampled_from(places), label=f"S{i} place")
        chosen.append(ir.Selector(f"S{i}", kinds, collection, ir.And((lead, *rest)) if rest else lead))
    _same_matches_on_drawn_documents(data, chosen, some_rules=True)


# ----------------------------------------------------------------------------- chosen cases, one worker

AWKWARD: list[dict[str, Any]] = [
    {"kind": "BC_SO_KET_HK1", "w": "1", "n": 1, "s": 'a"b', "day": dt.date(2024, 1, 2), "tags": ["1", 1]},
    {"kind": "BC_SO_KET_HK1", "w": 1, "n": 1.0, "s": "a#b", "day": dt.date(2023, 12, 31), "tags": [True]},
    {"kind": "BC_TONG_KET_NAM_HOC", "w": True, "n": True, "s": "a\\b", "tags": [1.0, None]},
    {"kind": "BC_DOT_XUAT", "w": 1.0, "n": 2**60, "s": "a]b", "tags": []},
    {"kind": "BC_DOT_XUAT", "w": dt.date(2024, 1, 2), "n": 1e-05, "s": "Đ" * 1200, "tags": ["d2024-01-02"]},
    {"kind": "BC_DOT_XUAT", "w": [1], "n": -0.0, "s": "Trường THCS Nhân Chính", "nested": {"n": 1e16}},
    {"kind": "BC_DOT_XUAT", "w": {"a": 1}, "n": 0.5, "s": "dòng 1\ndòng 2", "nested": {"n": 10**16}},
    {"kind": "BC_DOT_XUAT", "w": None, "s": "\x00", "items": [{"n": 1, "s": "a"}, "x", {"tags": [1, "1"]}]},
]
TAG_SETS: list[set[str | int]] = [{"1"}, {1}, {1, "1"}, set()]

CHOSEN: list[ir.Cond] = [
    *(
        ir.Compare(("w",), op, v)
        for op in ("eq", "ne")
        for v in ("1", 1, True, 1.0, dt.date(2024, 1, 2), "d2024-01-02")
    ),
    *(
        ir.Compare(("n",), op, v)
        for op in ("eq", "ne", "lt", "ge")
        for v in (1, 0, 0.5, 2**60, 1e-05, 1e16, -0.0)
    ),
    *(ir.Compare(("s",), op, v) for op in ("lt", "le", "gt", "ge") for v in ("a#b", 'a"b', "a]b", "Đ")),
    *(ir.Compare(("day",), op, dt.date(2024, 1, 1)) for op in ("lt", "le", "gt", "ge", "eq", "ne")),
    ir.Compare(("nested", "n"), "eq", 10**16),
    ir.Compare(("nested", "n"), "ge", 10**16),
    ir.Member(("n",), frozenset({1, 2**60}), False),
    ir.Member(("n",), frozenset({True, 0.5}), True),
    ir.Member(("s",), frozenset({"Đ" * 1200, "\x00"}), False),
    ir.Exists(("w",), True),
    ir.Exists(("w",), False),
    ir.Exists(("items",), True),
    ir.Matches(("s",), r"a.b", False),
    ir.Matches(("s",), r"a.b", True),
    *(
        ir.Contains(("tags",), frozenset(vs), mode, neg)
        for vs in TAG_SETS
        for mode in ("any", "all")
        for neg in (False, True)
    ),
    ir.Quantified(
        ("items",),
        "any",
        ir.Or((ir.Compare(("s",), "eq", "a"), ir.Contains(("tags",), frozenset({"1"}), "any"))),
    ),
    ir.Quantified(("items",), "all", ir.Or((ir.Compare(("s",), "eq", "a"), ir.Exists(("tags",), True)))),
    ir.Quantified(("items",), "all", ir.Exists(("n",), False)),
    ir.Quantified(("items",), "any", ir.Const(True)),
    ir.Quantified(("items",), "all", ir.Const(False)),
]


def test_chosen_awkward_values_give_the_same_matches() -> None:
    chosen = [ir.Selector(f"C{i}", None, None, c) for i, c in enumerate(CHOSEN)]
    chosen += [ir.Selector(f"I{i}", None, ("items",), c) for i, c in enumerate(CHOSEN[-12:])]
    program, rules = program_of(chosen)
    evaluator = DurableEvaluator(program)
    try:
        assert_same_matches(program, rules, evaluator, AWKWARD)
        for doc in AWKWARD:
            assert_same_matches(program, rules, evaluator, [doc])
    finally:
        evaluator.close()


def _junctions() -> tuple[list[ir.Selector], dict[str, Any], dict[str, bool]]:
    """For two to five conditions joined by ``and`` or ``or``, one selector per condition that
    alone decides the answer (the one false condition of an ``and``, the one true condition of an
    ``or``) and one where none does: the selectors, the report they read, whether each matches."""
    chosen: list[ir.Selector] = []
    doc: dict[str, Any] = {"kind": KINDS[0]}
    expected: dict[str, bool] = {}
    for n in range(2, 6):
        for join, decider in ((ir.And, 0), (ir.Or, 1)):
            for k in [*range(n), None]:  # None: every condition the same
                sid = f"{join.__name__}{n}_{k}"
                for i in range(n):
                    doc[f"{sid}_{i}"] = decider if i == k else 1 - decider
                chosen.append(
                    ir.Selector(
                        sid, None, None, join(tuple(ir.Compare((f"{sid}_{i}",), "eq", 1) for i in range(n)))
                    )
                )
                expected[sid] = (k is None) if join is ir.And else (k is not None)
    return chosen, doc, expected


def test_each_condition_of_an_and_or_an_or_decides_it_whatever_its_place() -> None:
    chosen, doc, expected = _junctions()
    program, rules = program_of(chosen)
    portfolio = portfolio_of([doc])
    durable = DurableEvaluator(program)
    try:
        for evaluator in (PythonEvaluator(program), durable):
            matches = evaluator.evaluate(rules, portfolio)
            assert {sid: bool(found) for sid, found in matches.items()} == expected, evaluator.name
    finally:
        durable.close()


# ----------------------------------------------------------------------------- one large program

N = ("n",)
LARGE = [
    *(ir.Selector(f"F{i}", None, ("items",), ir.Compare(N, "gt", -i)) for i in range(120)),  # fan-out
    *(ir.Selector(f"M{i}", None, None, ir.Matches(("s",), f".*{i}.*")) for i in range(60)),  # many flags
    ir.Selector(
        "WIDE",
        frozenset(KINDS[:2]),
        None,
        ir.And(
            tuple(
                ir.Or((ir.Member(N, frozenset({i, i + 1})), ir.Compare(("s",), "ne", str(i))))
                for i in range(20)
            )
        ),
    ),
    ir.Selector("MANY", None, ("items",), ir.Member(N, frozenset(range(80)), False)),
    ir.Selector(
        "ALL-OR",
        None,
        None,
        ir.Quantified(
            ("items",), "all", ir.And((ir.Member(N, frozenset({0, 1, 7})), ir.Exists(("s",), True)))
        ),
    ),
    ir.Selector(
        "DEEP",
        None,
        None,
        ir.Quantified(
            ("items",),
            "any",
            ir.Quantified(("sub",), "any", ir.Quantified(("items",), "any", ir.Exists(N, True))),
        ),
    ),
]


@pytest.fixture(scope="module")
def large() -> Iterator[tuple[Program, list[CompiledRule], DurableEvaluator]]:
    program, rules = program_of(LARGE)
    evaluator = DurableEvaluator(program)
    yield program, rules, evaluator
    evaluator.close()


def test_a_large_program_is_split_within_the_limits(
    large: tuple[Program, list[CompiledRule], DurableEvaluator],
) -> None:
    _, _, evaluator = large
    items = [r for r in evaluator.layout.rulesets if r.collection == ("items",)]
    assert len(items) >= 3
    flags = {role for r in evaluator.layout.rulesets for role, _ in r.scope.names}
    assert "x" in flags  # regular expressions, the rule too wide for durable-rules, the deepest array


@limited(30)
@given(st.lists(documents(), min_size=1, max_size=4))
def test_a_large_program_gives_the_same_matches(
    large: tuple[Program, list[CompiledRule], DurableEvaluator], docs: list[dict[str, Any]]
) -> None:
    program, rules, evaluator = large
    assert_same_matches(program, rules, evaluator, docs)


def _python_decided(scope: Any) -> list[Any]:
    own = [key for role, key in scope.names if role == "x"]
    return own + [k for child in scope.elements.values() for k in _python_decided(child)]


def test_durable_rules_decides_every_test_of_the_bundled_packs(bundled_engine: Any) -> None:
    from compliance.evaluators._durable_rulesets import build_layout

    layout = build_layout(bundled_engine.program.selectors)
    assert layout.rulesets
    assert [k for r in layout.rulesets for k in _python_decided(r.scope)] == []
