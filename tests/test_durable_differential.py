"""The durable-rules back end gives exactly the findings of the plain-Python one.

``Engine(program, engine="durable")`` against ``engine="python"`` on: the examples and the cases
written inside the bundled packs; portfolios generated from the report schema, checked with the
bundled packs; and rule packs generated in the rule language — every check kind, every condition
operator — on generated portfolios. Findings must be equal field by field: status, message,
evidence (file, pointer, line, value), deadline details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import EXAMPLES, RULES, engine_for, report, reported_by, rule
from compliance import Engine
from compliance.engine import load_pack_files
from compliance.ruletest import run_cases
from strategies import DATES, ISO, item_codes, reports

pytest.importorskip("durable", reason="durable-rules is not installed")

SUPPRESS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


@pytest.fixture(scope="module")
def durable_engine(bundled_engine: Engine) -> Iterator[Engine]:
    with Engine(bundled_engine.program, engine="durable") as engine:
        yield engine


def test_examples_give_identical_findings(bundled_engine: Engine, durable_engine: Engine) -> None:
    for as_of in (dt.date(2023, 12, 1), dt.date(2024, 1, 4), dt.date(2024, 6, 30), dt.date(2025, 7, 1)):
        durable = durable_engine.check(str(EXAMPLES), as_of=as_of)
        python = bundled_engine.check(str(EXAMPLES), as_of=as_of)
        assert durable.findings == python.findings
        assert durable.summary == python.summary


SCOPE_CASES = {
    "district without diacritics": [reported_by(report(), district="Thanh Xuan")],
    "no pack for the school year": [report(school_year="2030-2031")],
    "no rule for the unit type": [reported_by(report(), unit_type="UBND_XA", school_levels=[])],
    "documents that disagree": [
        report(),
        reported_by(report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20"), district="Cầu Giấy"),
    ],
}


@pytest.mark.parametrize("documents", SCOPE_CASES.values(), ids=SCOPE_CASES.keys())
def test_scope_findings_are_identical(
    bundled_engine: Engine, durable_engine: Engine, documents: list[dict[str, Any]]
) -> None:
    durable = durable_engine.check(documents, as_of=dt.date(2024, 6, 30)).findings
    python = bundled_engine.check(documents, as_of=dt.date(2024, 6, 30)).findings
    assert durable == python
    assert [f.rule_id for f in python if f.rule_id.startswith("compliance/")]


def test_the_cases_inside_the_bundled_packs_give_their_stated_status(durable_engine: Engine) -> None:
    cases = run_cases(durable_engine, load_pack_files([RULES]))
    assert cases
    wrong = [(c.rule_id, c.name, c.expected, c.actual) for c in cases if c.actual != c.expected]
    assert wrong == []


@settings(max_examples=60, deadline=None, suppress_health_check=SUPPRESS)
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
MEETING_KINDS = item_codes("meetings", "kind")
PARTIES = item_codes("meetings", "parties")
DOCUMENT_KINDS = ["BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC", "BC_DOT_XUAT", "HO_SO_MINH_CHUNG"]
SO_HIEU = ["45/QĐ-THCSNC", "12/QĐ-THKG", "Quyết định số 7", "", '07/QĐ-UBND "khẩn"']
NAMES = ["Ban chỉ đạo công tác GDCT", "Tổ quản lý CSVC", "Ban an toàn giao thông", "Tổ tư vấn học đường"]


def _ops(*ops: str) -> st.SearchStrategy[str]:
    return st.sampled_from(ops)


def _committee_leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda op, v: {"field": "kind", op: v}, _ops("eq", "ne"), st.sampled_from(COMMITTEE_KINDS)),
        st.builds(
            lambda op, vs: {"field": "kind", op: vs},
            _ops("in", "not_in"),
            st.lists(st.sampled_from(COMMITTEE_KINDS), max_size=4, unique=True),
        ),
        st.builds(
            lambda op, v: {"field": "members", op: v},
            _ops("eq", "ne", "lt", "le", "gt", "ge"),
            st.integers(-1, 21),
        ),
        st.builds(
            lambda op, vs: {"field": "members", op: vs},
            _ops("in", "not_in"),
            st.lists(st.integers(0, 20), max_size=3),
        ),
        st.builds(
            lambda op, v: {"field": "established_on", op: v}, _ops("eq", "ne", "lt", "le", "gt", "ge"), ISO
        ),
        st.builds(lambda op, v: {"field": "tasks_assigned", op: v}, _ops("eq", "ne"), st.booleans()),
        st.builds(lambda op, v: {"field": "name", op: v}, _ops("eq", "ne"), st.sampled_from(NAMES)),
        st.builds(
            lambda v: {"field": "decision_so_hieu", "in": v}, st.lists(st.sampled_from(SO_HIEU), max_size=3)
        ),
        st.builds(
            lambda f, v: {"field": f, "exists": v},
            st.sampled_from(["members", "tasks_assigned", "decision_so_hieu", "established_on", "name"]),
            st.booleans(),
        ),
        st.builds(
            lambda f, p: {"field": f, "matches": p},
            st.sampled_from(["decision_so_hieu", "name"]),
            st.sampled_from(
                [
                    r"\d+/QĐ-.*",
                    r".*THCS.*",
                    "45/QĐ-THCSNC",
                    r"Ban .*",
                    r"(?i)tổ.*",
                    r"(\d+)+/QĐ-\pL+",
                    r"\pL+ .*",
                ]
            ),
        ),
    )


def _meeting_leaf() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        st.builds(lambda v: {"field": "parties", "contains": v}, st.sampled_from(PARTIES)),
        st.builds(
            lambda op, vs: {"field": "parties", op: vs},
            _ops("contains_any", "contains_all"),
            st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique=True),
        ),
        st.builds(lambda op, v: {"field": "kind", op: v}, _ops("eq", "ne"), st.sampled_from(MEETING_KINDS)),
        st.builds(lambda op, v: {"field": "held_on", op: v}, _ops("lt", "ge"), ISO),
        st.builds(lambda v: {"field": "parties", "exists": v}, st.booleans()),
    )


def _tree(leaf: st.SearchStrategy[dict[str, Any]], leaves: int = 5) -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
            st.builds(lambda v, x: {"all": [{"param": "cach_hieu", "eq": v}, x]}, _ops("hoac", "va"), inner),
        ),
        max_leaves=leaves,
    )


COMMITTEES = _tree(_committee_leaf())
MEETINGS = _tree(_meeting_leaf())
DOC_LEAF = st.one_of(
    COMMITTEES.map(lambda w: {"any_item": {"field": "committees", "where": w}}),
    COMMITTEES.map(lambda w: {"all_items": {"field": "committees", "where": w}}),
    MEETINGS.map(lambda w: {"any_item": {"field": "meetings", "where": w}}),
    st.builds(
        lambda op, v: {"field": "attendance.roll_cut_cases", op: v},
        _ops("eq", "ne", "gt", "le"),
        st.integers(0, 3),
    ),
    st.builds(lambda op, v: {"field": "received_at", op: v}, _ops("le", "gt"), ISO),
    st.builds(
        lambda op, v: {"field": "kind", op: v},
        _ops("in", "not_in"),
        st.lists(st.sampled_from(DOCUMENT_KINDS), max_size=2),
    ),
    st.builds(
        lambda v: {"field": "ad_hoc.incident_ids", "contains": v},
        st.sampled_from(["NC-2023-01", "KG-2024-01"]),
    ),
    st.builds(lambda v: {"field": "attendance", "exists": v}, st.booleans()),
)
SELECT_DOCS = st.one_of(
    st.none(), st.lists(st.sampled_from(DOCUMENT_KINDS), min_size=1, max_size=2, unique=True)
)


def _select(collection: str, where: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda docs, w: {"collection": collection, "where": w, **({"documents": docs} if docs else {})},
        SELECT_DOCS,
        where,
    )


# a due date a pack may state: not before the plan (21/09/2023), within its school year
DUE = st.dates(dt.date(2023, 9, 21), dt.date(2024, 7, 31)).map(dt.date.isoformat)
# a deadline's: after the plan's own day, which read exclusive no report could meet
# (deadline-unmeetable)
DEADLINE_DUE = st.dates(dt.date(2023, 9, 22), dt.date(2024, 7, 31)).map(dt.date.isoformat)

CHECKS: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.builds(
        lambda sel, n, window, due: {
            "required": {"select": sel, "min": n, **window, **({"due": due} if due else {})}
        },
        _select("committees", COMMITTEES),
        st.integers(0, 3),
        st.sampled_from(
            [{}, {"window": {"field": "established_on", "from": "2023-09-05", "to": "2023-12-31"}}]
        ),
        st.one_of(st.none(), DUE),
    ),
    st.builds(lambda sel: {"required": {"select": sel}}, _select("meetings", MEETINGS)),
    st.builds(
        lambda sel, missing: {"forbidden": {"select": sel, "if_missing": missing}},
        _select("committees", COMMITTEES),
        _ops("error", "fail", "not_applicable"),
    ),
    st.builds(
        lambda w, q, docs, none: {
            "condition": {
                "test": w,
                "quantifier": q,
                "if_none": none,
                **({"documents": docs} if docs else {}),
            }
        },
        _tree(DOC_LEAF, 4),
        _ops("any", "all", "latest"),
        SELECT_DOCS,
        _ops("fail", "error", "not_applicable"),
    ),
    st.builds(
        lambda docs, due, reading, shift: {
            "deadline": {
                "report": {"documents": docs},
                "due": due,
                "reading": reading,
                "shift_to_working_day": shift,
            }
        },
        st.lists(st.sampled_from(DOCUMENT_KINDS), min_size=1, max_size=2, unique=True),
        DEADLINE_DUE,
        _ops("exclusive", "inclusive"),
        st.booleans(),
    ),
    st.builds(
        lambda w, op, target: {
            "threshold": {
                "numerator": {"aggregate": "count", "select": {"collection": "committees", "where": w}},
                "denominator": {"aggregate": "count", "select": {"collection": "committees"}},
                "op": op,
                "target": target,
            }
        },
        COMMITTEES,
        _ops("ge", "gt", "le", "lt", "eq"),
        st.sampled_from([0, 0.5, 1]),
    ),
    st.builds(
        lambda agg, where, missing: {
            "threshold": {
                "group_by": {"field": "group", "values": ["CBQL", "GV", "HS"]},
                "numerator": {
                    "aggregate": "sum",
                    "select": {"collection": "briefings", "where": where},
                    "field": "reached",
                },
                "denominator": {"aggregate": agg, "select": {"collection": "briefings"}, "field": "total"},
                "target": 0.9,
                "if_missing": missing,
            }
        },
        _ops("max", "min", "sum"),
        st.one_of(
            st.just({"field": "held_on", "exists": True}),
            st.builds(lambda v: {"field": "reached", "ge": v}, st.integers(0, 50)),
        ),
        _ops("fail", "error", "not_applicable"),
    ),
    st.builds(
        lambda days, none, where: {
            "each": {
                "for_each": {"collection": "incidents", "where": where},
                "key": "id",
                "require": {"documents": ["BC_DOT_XUAT"]},
                "match": "ad_hoc.incident_ids",
                "from_field": "occurred_at",
                "to_field": "received_at",
                "within_days": days,
                "if_none": none,
            }
        },
        st.integers(0, 30),
        _ops("pass", "not_applicable"),
        st.sampled_from(
            [
                {"field": "report_requested", "ne": False},
                {"field": "resolved", "exists": False},
                {"not": {"field": "id", "eq": "KG-2024-01"}},
            ]
        ),
    ),
)

PARAMETERS = {
    "cach_hieu": {
        "value": "hoac",
        "choices": ["hoac", "va"],
        "description": {
            "vi": "Cách hiểu 'và/hoặc' trong kế hoạch.",
            "en": "Reading of 'and/or' in the plan.",
        },
    }
}


def _committee(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"kind": draw(st.sampled_from(COMMITTEE_KINDS))}
    for key, values in (
        ("name", st.sampled_from(NAMES)),
        ("decision_so_hieu", st.sampled_from(SO_HIEU)),
        ("members", st.integers(0, 20)),
        ("established_on", ISO),
        ("tasks_assigned", st.booleans()),
    ):
        if draw(st.booleans()):
            item[key] = draw(values)
    return item


@st.composite
def school_reports(draw: st.DrawFn) -> dict[str, Any]:
    """A report of Trường THCS Nhân Chính (schema-valid), with committees rich enough for the rules."""
    data = draw(reports(unit_type="TRUONG"))
    data["submitter"] = {
        **data["submitter"],
        "unit_id": "VN-HN-TX-THCS-NHANCHINH",
        "unit_name": "Trường THCS Nhân Chính",
        "district": "Thanh Xuân",
    }
    if draw(st.booleans()):
        data["committees"] = [_committee(draw) for _ in range(draw(st.integers(0, 4)))]
    if draw(st.booleans()):
        data["attendance"] = {"roll_cut_cases": draw(st.integers(0, 3))}
    return data


@settings(max_examples=20, deadline=None, suppress_health_check=SUPPRESS)
@given(
    st.lists(CHECKS, min_size=1, max_size=6),
    st.lists(st.lists(school_reports(), min_size=1, max_size=3), min_size=1, max_size=3),
    st.lists(DATES, min_size=1, max_size=2),
)
def test_generated_rule_packs_give_identical_findings(
    checks: list[dict[str, Any]], portfolios: list[list[dict[str, Any]]], days: list[dt.date]
) -> None:
    rules = [rule(check, rule_id=f"TX2324-KT-{i:02d}") for i, check in enumerate(checks)]
    python = engine_for(*rules, parameters=PARAMETERS)
    with Engine(python.program, engine="durable") as durable:
        for portfolio in portfolios:
            for as_of in days:
                assert (
                    durable.check(portfolio, as_of=as_of).findings
                    == python.check(portfolio, as_of=as_of).findings
                )
