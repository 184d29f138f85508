"""The durable-rules back end gives exactly the findings of the plain-Python one.

Hypothesis generates portfolios (checked with the bundled packs) and rule packs covering every
check kind and every condition operator; both back ends must agree on every finding: status,
message, evidence and deadline details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, engine_for, rule
from compliance import Engine
from strategies import DATES, ISO, item_codes, reports

pytest.importorskip("durable", reason="durable-rules is not installed")

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


@pytest.fixture(scope="module")
def durable_engine() -> Iterator[Engine]:
    with Engine.from_path(engine="durable") as engine:
        yield engine


def test_examples_give_identical_findings(bundled_engine: Engine, durable_engine: Engine) -> None:
    for as_of in (dt.date(2023, 12, 1), dt.date(2024, 6, 30), dt.date(2025, 7, 1)):
        assert (
            durable_engine.check(str(EXAMPLES), as_of=as_of).findings
            == bundled_engine.check(str(EXAMPLES), as_of=as_of).findings
        )


@SETTINGS
@given(st.lists(reports(), min_size=1, max_size=4), DATES)
def test_generated_portfolios_give_identical_findings(
    bundled_engine: Engine, durable_engine: Engine, portfolio: list[dict[str, Any]], as_of: dt.date
) -> None:
    assert (
        durable_engine.check(portfolio, as_of=as_of).findings
        == bundled_engine.check(portfolio, as_of=as_of).findings
    )


# ----------------------------------------------------------------------------- generated rule packs

COMMITTEE_KINDS = item_codes("committees", "kind")
PARTIES = item_codes("meetings", "parties")


def _committee_leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(
            lambda op, v: {"field": "kind", op: v},
            st.sampled_from(["eq", "ne"]),
            st.sampled_from(COMMITTEE_KINDS),
        ),
        st.builds(
            lambda op, vs: {"field": "kind", op: vs},
            st.sampled_from(["in", "not_in"]),
            st.lists(st.sampled_from(COMMITTEE_KINDS), max_size=3, unique=True),
        ),
        st.builds(
            lambda op, v: {"field": "members", op: v},
            st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
            st.integers(-1, 12),
        ),
        st.builds(
            lambda op, v: {"field": "established_on", op: v},
            st.sampled_from(["lt", "le", "gt", "ge", "eq"]),
            ISO,
        ),
        st.builds(lambda v: {"field": "tasks_assigned", "eq": v}, st.booleans()),
        st.builds(
            lambda f, v: {"field": f, "exists": v},
            st.sampled_from(["members", "tasks_assigned", "decision_so_hieu"]),
            st.booleans(),
        ),
        st.builds(
            lambda p: {"field": "decision_so_hieu", "matches": p},
            st.sampled_from([r"\d+/QĐ-.*", ".*THCS.*", "45/QĐ-THCSNC"]),
        ),
    )


def _tree(leaf: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=5,
    )


MEETING_LEAF = st.one_of(
    st.builds(
        lambda op, vs: {"field": "parties", op: vs},
        st.sampled_from(["contains_any", "contains_all"]),
        st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique=True),
    ),
    st.builds(lambda v: {"field": "parties", "contains": v}, st.sampled_from(PARTIES)),
    st.builds(lambda v: {"field": "kind", "eq": v}, st.sampled_from(item_codes("meetings", "kind"))),
)
DOC_LEAF = st.one_of(
    _tree(_committee_leaf()).map(lambda w: {"any_item": {"field": "committees", "where": w}}),
    _tree(_committee_leaf()).map(lambda w: {"all_items": {"field": "committees", "where": w}}),
    st.builds(
        lambda op, v: {"field": "attendance.roll_cut_cases", op: v},
        st.sampled_from(["eq", "gt", "le"]),
        st.integers(0, 3),
    ),
    st.builds(lambda v: {"field": "received_at", "le": v}, ISO),
    st.builds(
        lambda v: {"field": "kind", "in": v},
        st.lists(
            st.sampled_from(["BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC", "BC_DOT_XUAT"]), max_size=2, unique=True
        ),
    ),
)


def _checks() -> st.SearchStrategy[dict[str, Any]]:
    committees = _tree(_committee_leaf())
    return st.one_of(
        st.builds(
            lambda w, n: {
                "required": {
                    "select": {"collection": "committees", "where": w},
                    "min": n,
                    "due": "2024-05-31",
                }
            },
            committees,
            st.integers(0, 2),
        ),
        st.builds(
            lambda w: {"required": {"select": {"collection": "meetings", "where": w}}}, _tree(MEETING_LEAF)
        ),
        st.builds(lambda w: {"forbidden": {"select": {"collection": "committees", "where": w}}}, committees),
        st.builds(
            lambda w, q: {"condition": {"test": w, "quantifier": q}},
            _tree(DOC_LEAF),
            st.sampled_from(["any", "all", "latest"]),
        ),
        st.builds(
            lambda due, reading: {
                "deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": due, "reading": reading}
            },
            ISO,
            st.sampled_from(["exclusive", "inclusive"]),
        ),
        st.builds(
            lambda w: {
                "threshold": {
                    "numerator": {"aggregate": "count", "select": {"collection": "committees", "where": w}},
                    "denominator": {"aggregate": "count", "select": {"collection": "committees"}},
                    "target": 0.5,
                }
            },
            committees,
        ),
        st.builds(
            lambda days: {
                "each": {
                    "for_each": {"collection": "incidents"},
                    "key": "id",
                    "require": {"documents": ["BC_DOT_XUAT"]},
                    "match": "ad_hoc.incident_ids",
                    "from_field": "occurred_at",
                    "to_field": "received_at",
                    "within_days": days,
                }
            },
            st.integers(0, 30),
        ),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(
    st.lists(_checks(), min_size=1, max_size=4),
    st.lists(reports(unit_type="TRUONG"), min_size=1, max_size=3),
    DATES,
)
def test_generated_rule_packs_give_identical_findings(
    checks: list[dict[str, Any]], portfolio: list[dict[str, Any]], as_of: dt.date
) -> None:
    rules = [rule(check, rule_id=f"R-{i}") for i, check in enumerate(checks)]
    portfolio = [{**doc, "submitter": {**doc["submitter"], "district": "Thanh Xuân"}} for doc in portfolio]
    python = engine_for(*rules)
    with Engine(python.program, engine="durable") as durable:
        assert durable.check(portfolio, as_of=as_of).findings == python.check(portfolio, as_of=as_of).findings
