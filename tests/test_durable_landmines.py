"""One regression test per landmine of durable-rules 2.0.28 (shared/docs/durable-rules.md and
shared/durable-rules-kit/landmines, plus two found while building this back end), and the grammar
guard that keeps every generated ruleset inside what was verified."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from builders import EXAMPLES, engine_for, report, rule
from compliance import Engine, Status
from compliance.evaluators._durable_grammar import (
    DONE,
    MAX_GROUPS,
    MAX_MATCHING,
    MAX_PROPERTIES,
    MAX_TESTS,
    SINK,
    GrammarError,
    Shape,
    check_ruleset,
)
from compliance.evaluators._durable_rulesets import build_layout
from compliance.fieldtypes import report_type
from compliance.loading import load_text
from compliance.portfolio import Document, to_facts
from faulty_worker import Faults

pytest.importorskip("durable", reason="durable-rules is not installed")

AS_OF = dt.date(2024, 6, 30)
NHAN_CHINH = str(EXAMPLES / "thcs-nhan-chinh")
KIM_GIANG = str(EXAMPLES / "th-kim-giang")
HOA_SEN = str(EXAMPLES / "mn-hoa-sen")


@pytest.fixture(scope="module")
def durable_engine(bundled_engine: Engine) -> Iterator[Engine]:
    with Engine(bundled_engine.program, engine="durable") as engine:
        yield engine


@pytest.fixture
def faults() -> Iterator[Faults]:
    faults = Faults()
    yield faults
    faults.close()


def faulty_engine(program: Any, faults: Faults) -> Engine:
    """The bundled rules on durable-rules workers that obey ``faults`` (tests/faulty_worker.py)."""
    return Engine(program, engine="durable", engine_options={"worker_main": faults.worker_main})


def unit(unit_id: str, **fields: Any) -> dict[str, Any]:
    data = report(**fields)
    data["submitter"] = {**data["submitter"], "unit_id": unit_id}
    return data


def fnv1a32(text: str) -> int:
    """durable-rules' state index keys on this hash of the session id, and on nothing else."""
    h = 0x811C9DC5
    for byte in text.encode():
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


def same(durable: Engine, python: Engine, reports: Any, as_of: dt.date = AS_OF) -> list[Any]:
    found = durable.check(reports, as_of=as_of).findings
    assert found == python.check(reports, as_of=as_of).findings
    return list(found)


# ----------------------------------------------------------------------------- sessions


def test_session_ids_that_collide_in_durables_hash_stay_independent(
    bundled_engine: Engine, faults: Faults
) -> None:
    assert fnv1a32("doc-1079599") == fnv1a32("doc-1262382")
    with faulty_engine(bundled_engine.program, faults) as engine:
        evaluator: Any = engine.evaluator
        faults.next_session(1079599)  # the next session is doc-1079599 …
        same(engine, bundled_engine, NHAN_CHINH)
        faults.next_session(1262382)  # … and then its hash twin: it must start empty
        same(engine, bundled_engine, KIM_GIANG)
        same(engine, bundled_engine, NHAN_CHINH)
        assert evaluator.restarts == 0


def test_units_named_after_the_colliding_pair_stay_independent(
    durable_engine: Engine, bundled_engine: Engine
) -> None:
    incident = {"id": "NC-2023-01", "occurred_at": "2023-12-04"}
    first = unit("doc-1079599", kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20", incidents=[incident])
    second = unit(
        "doc-1262382", kind="BC_DOT_XUAT", received_at="2023-12-05", ad_hoc={"incident_ids": ["NC-2023-01"]}
    )
    found = same(durable_engine, bundled_engine, [first, second])
    joined = next(f for f in found if f.unit_id == "doc-1079599" and f.rule_id == "TX2324-T-BC-DOT-XUAT")
    assert joined.status is Status.fail  # the other unit's ad-hoc report must not satisfy this one


def test_an_all_compliant_portfolio_is_cleaned_up_and_checked_again(
    durable_engine: Engine, bundled_engine: Engine
) -> None:
    restarts = durable_engine.evaluator.restarts  # type: ignore[attr-defined]
    first = same(durable_engine, bundled_engine, NHAN_CHINH)
    assert {f.status for f in first} - {Status.not_applicable} == {Status.pass_}  # N/A: preschool-only rules
    assert durable_engine.check(NHAN_CHINH, as_of=AS_OF).findings == first
    assert durable_engine.evaluator.restarts == restarts  # type: ignore[attr-defined]


def test_more_than_1024_portfolios_in_one_engine(durable_engine: Engine) -> None:
    statuses = set()
    for n in range(1100):
        school = unit(
            f"VN-HN-TX-TRUONG-{n:04d}", kind="BC_SO_KET_HK1", received_at="2024-01-02", topics=["GDCT_CTHS"]
        )
        findings = durable_engine.check(school, as_of=AS_OF).findings
        statuses.add(next(f.status for f in findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1"))
    assert statuses == {Status.pass_}


# ----------------------------------------------------------------------------- dying workers


def test_a_worker_killed_by_sigkill_mid_evaluation_gives_error_findings_then_recovers(
    bundled_engine: Engine, faults: Faults
) -> None:
    with faulty_engine(bundled_engine.program, faults) as engine:
        evaluator: Any = engine.evaluator
        same(engine, bundled_engine, KIM_GIANG)  # the worker is up
        faults.sleep_next(600)  # ended by the SIGKILL, never by the sleep
        (pid,) = evaluator.pids
        killer = threading.Timer(0.5, os.kill, (pid, signal.SIGKILL))
        killer.start()
        failed = engine.check(KIM_GIANG, as_of=AS_OF).findings
        killer.join()
        assert {f.status for f in failed} <= {Status.error, Status.not_applicable}
        errors = [f for f in failed if f.status is Status.error]
        assert errors and all("SIGKILL" in f.message.en and "SIGKILL" in f.message.vi for f in errors)
        same(engine, bundled_engine, KIM_GIANG)
        assert evaluator.restarts == 1

        faults.kill_next()  # the worker kills itself on receiving the next portfolio
        failed = engine.check(HOA_SEN, as_of=AS_OF).findings
        assert Status.error in {f.status for f in failed} and Status.pass_ not in {f.status for f in failed}
        same(engine, bundled_engine, HOA_SEN)
        assert evaluator.restarts == 2


def test_a_worker_past_its_time_limit_gives_error_findings_then_recovers(
    bundled_engine: Engine, faults: Faults
) -> None:
    with faulty_engine(bundled_engine.program, faults) as engine:
        evaluator: Any = engine.evaluator
        same(engine, bundled_engine, HOA_SEN)
        # Generous on both sides: a loaded machine answers in well under 5 s, and the worker sleeps
        # far past it, so only the time limit can end this evaluation.
        evaluator.timeout = 5.0
        faults.sleep_next(600)
        failed = engine.check(HOA_SEN, as_of=AS_OF).findings
        statuses = {f.status for f in failed}
        assert Status.error in statuses and Status.pass_ not in statuses
        assert any("time limit of 5 s" in f.message.en for f in failed)
        evaluator.timeout = 60.0
        same(engine, bundled_engine, HOA_SEN)


def test_a_worker_that_does_not_start_in_time_gives_error_findings(bundled_engine: Engine) -> None:
    with Engine(bundled_engine.program, engine="durable") as engine:
        evaluator: Any = engine.evaluator
        evaluator.timeout = 0.001  # not even Python starts that fast
        failed = engine.check(HOA_SEN, as_of=AS_OF).findings
        assert Status.error in {f.status for f in failed} and Status.pass_ not in {f.status for f in failed}
        assert all("did not start" in f.message.en for f in failed if f.status is Status.error)
        evaluator.timeout = 30.0
        same(engine, bundled_engine, HOA_SEN)


# ----------------------------------------------------------------------------- limits: split rulesets


def test_more_rules_able_to_match_one_fact_than_the_fan_out_limit_are_split(bundled_engine: Engine) -> None:
    rules = [
        rule(
            {"required": {"select": {"collection": "committees", "where": {"field": "members", "ge": n}}}},
            rule_id=f"R-{n:02d}",
        )
        for n in range(70)
    ]
    python = engine_for(*rules)
    layout = build_layout(python.program.selectors)
    committees = [r for r in layout.rulesets if r.collection == ("committees",)]
    assert len(committees) >= 2  # 70 rules all true for a committee of 33: error 303 in one ruleset
    assert all(r.totals.matching <= MAX_MATCHING and r.totals.tests <= MAX_TESTS for r in committees)
    doc = report(committees=[{"kind": "BCD_GDCT_CTHS_HDNGLL", "members": 33, "established_on": "2023-09-25"}])
    with Engine(python.program, engine="durable") as durable:
        found = same(durable, python, doc)
    assert [f.status for f in found].count(Status.pass_) == 34


def test_more_properties_than_a_fact_can_hold_are_split(bundled_engine: Engine) -> None:
    rules = [
        rule(
            {
                "required": {
                    "select": {
                        "collection": "committees",
                        "where": {"field": "decision_so_hieu", "matches": f"{n}/QĐ-.*"},
                    }
                }
            },
            rule_id=f"R-{n:03d}",
        )
        for n in range(260)
    ]
    rules.append(
        rule(
            {
                "condition": {
                    "test": {
                        "any_item": {
                            "field": "committees",
                            "where": {
                                "any": [
                                    {"field": "decision_so_hieu", "matches": f"{n}/QĐ-THCSNC"}
                                    for n in range(250)
                                ]
                            },
                        }
                    }
                }
            },
            rule_id="R-ONE-WIDE",
        )
    )
    python = engine_for(*rules)
    layout = build_layout(python.program.selectors)
    committees = [r for r in layout.rulesets if r.collection == ("committees",)]
    assert len(committees) >= 2  # 260 regular expressions decided in Python: 260 flags per fact
    assert all(r.shape().size() + 7 <= MAX_PROPERTIES for r in layout.rulesets)
    docs = [
        report(
            committees=[
                {"kind": "KHAC", "decision_so_hieu": "45/QĐ-THCSNC", "established_on": "2023-09-25"},
                {"kind": "KHAC", "decision_so_hieu": "7/QĐ-UBND", "established_on": "2023-09-25"},
            ]
        )
    ]
    with Engine(python.program, engine="durable") as durable:
        found = same(durable, python, docs)
    assert {f.rule_id for f in found if f.status is Status.pass_} == {"R-045", "R-007", "R-ONE-WIDE"}


def test_a_condition_too_large_for_one_rule_is_partly_decided_in_python() -> None:
    kinds = ["BCD_GDCT_CTHS_HDNGLL", "KHAC"]
    wide = {
        "all": [{"any": [{"field": "kind", "in": kinds}, {"field": "members", "gt": n}]} for n in range(14)]
    }
    python = engine_for(rule({"required": {"select": {"collection": "committees", "where": wide}}}))
    layout = build_layout(python.program.selectors)
    assert any(role == "x" for r in layout.rulesets for role, _ in r.scope.names)
    with Engine(python.program, engine="durable") as durable:
        for members in (0, 5, 20):
            same(
                durable,
                python,
                report(
                    committees=[{"kind": "TO_QL_CSVC", "members": members, "established_on": "2023-09-25"}]
                ),
            )


# ----------------------------------------------------------------------------- semantics landmines


def test_or_branches_that_match_the_same_item_count_once() -> None:
    """durable-rules fires a rule once per $or branch that matches: a forbidden item must not be
    reported twice."""
    where = {"any": [{"field": "members", "ge": 3}, {"field": "tasks_assigned", "eq": True}]}
    python = engine_for(rule({"forbidden": {"select": {"collection": "committees", "where": where}}}))
    doc = report(
        committees=[
            {"kind": "KHAC", "name": "Ban đại diện cha mẹ học sinh", "members": 5, "tasks_assigned": True}
        ]
    )
    with Engine(python.program, engine="durable") as durable:
        (finding,) = same(durable, python, doc)
    assert finding.status is Status.fail and len(finding.evidence) == 1


def test_or_inside_an_array_condition_does_not_depend_on_property_order() -> None:
    """durable-rules 2.0.28 gets ``$iany: {a: 1 or b: 0}`` wrong when ``b`` comes after ``a`` in the
    element and is false: array conditions are generated without $or inside."""
    where = {"any": [{"field": "kind", "eq": "KHAC"}, {"field": "members", "ge": 10}]}
    checks = [
        {"condition": {"test": {"any_item": {"field": "committees", "where": where}}}},
        {"condition": {"test": {"all_items": {"field": "committees", "where": where}}}},
        {
            "condition": {
                "test": {
                    "any_item": {
                        "field": "meetings",
                        "where": {"field": "parties", "contains_any": ["CMHS", "HS"]},
                    }
                }
            }
        },
    ]
    python = engine_for(*(rule(c, rule_id=f"R-{i}") for i, c in enumerate(checks)))
    docs = [
        report(committees=[{"kind": "KHAC", "members": 1}]),
        report(committees=[{"members": 1, "kind": "KHAC"}, {"kind": "TO_QL_CSVC", "members": 12}]),
        report(committees=[{"kind": "TO_QL_CSVC", "members": 2}]),
        report(meetings=[{"kind": "HN_CBVC_NLD", "parties": ["GV", "CMHS"]}]),
    ]
    with Engine(python.program, engine="durable") as durable:
        for doc in docs:
            same(durable, python, doc)


def test_numbers_the_c_parser_would_misread_are_decided_in_python() -> None:
    """An integer beyond 2**53 (valid JSON; past the report schema's bound of 10^9, so only a
    document built in Python holds one) cannot be compared exactly in durable-rules: that fact is
    decided in Python; the result is the same."""
    python = engine_for(
        rule({"required": {"select": {"collection": "committees", "where": {"field": "members", "ge": 9}}}})
    )
    data = report(
        committees=[
            {"kind": "KHAC", "members": 10**20, "established_on": "2023-09-25"},
            {"kind": "KHAC", "members": 3, "established_on": "2023-09-25"},
        ]
    )
    loaded = load_text(json.dumps(data), name="lon.json", format="json")
    doc = Document(loaded, to_facts(loaded.data, report_type()))
    with Engine(python.program, engine="durable") as durable:
        (finding,) = same(durable, python, doc)
        ruleset = durable.evaluator.layout.rulesets[0]  # type: ignore[attr-defined]
        facts = ruleset.facts([durable.load(doc)[0][0].facts])
    assert finding.status is Status.pass_
    assert [f["t"] for f in facts] == ["p", "i"]


# ----------------------------------------------------------------------------- the grammar guard


def _ruleset(pattern: Any, shape: Shape | None = None, **extra: Any) -> tuple[dict[str, Any], Shape]:
    rules = {
        "__sink": copy.deepcopy(SINK),
        "s0": {"all": [{"m": pattern}], "run": "s0"},
        "__done": copy.deepcopy(DONE),
        **extra,
    }
    return rules, shape or Shape(
        scalars={"v0": "text", "n0": "number", "x0": "number"},
        arrays={"q0": Shape(scalars={"v0": "text", "n0": "number"})},
    )


def _and(*tests: Any) -> dict[str, Any]:
    return {"$and": [{"t": "d"}, *tests]}


GROUPS = {"$or": [{"$and": [{"v0": f"s{i}"}, {"$gt": {"n0": i}}]} for i in range(MAX_GROUPS)]}


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (_and({"$gt": {"n0": {"m": "n0"}}}), "relational join: reads out of bounds, SIGSEGV on 3.12"),
        (_and({"v0": {"m": "v0"}}), "equality join: never generated"),
        (_and({"$in": {"v0": "s1"}}), "unknown operator: silently a property path"),
        (_and({"$mt": {"v0": "s.*"}}), "$mt: another regular expression dialect"),
        (_and({"$lt": {"n0": 1e-05}}), "1e-05: rejected by the C parser"),
        (_and({"$lt": {"n0": 2**60}}), "2**60: compared through a double"),
        (_and({"v0": 1}), "a number on a text property: loose equality, uninitialised reads"),
        (_and({"v0": True}), "true equals 1 and '1' in durable-rules"),
        (_and({"$gt": {"n0": "s1"}}), "text on a number property: compared as text"),
        (_and({"v0": ["s1", "s2"]}), "array constant"),
        ({"$nex": {"v0": 1}}, "bare $nex: loops forever"),
        (
            {"$or": [{"$and": [{"t": "d"}, {"v0": "s1"}]}, {"$nex": {"v0": 1}}]},
            "a $nex branch without a positive test",
        ),
        (_and({"$iany": {"q0": {"v0": "s1"}}}), "a path without $i. inside $iany never matches"),
        (_and({"$iany": {"q0": {"$or": [{"$i.v0": "s1"}, {"$gt": {"$i.n0": 1}}]}}}), "$or inside $iany"),
        (_and({"$iany": {"v0": {"$i.v0": "s1"}}}), "$iany on a property that is not an array"),
        (_and({"v9": "s1"}), "a property facts do not carry"),
        (_and(GROUPS), "too many $and/$or groups: error 113"),
        ({"v0": "s1"}, "the type discriminator must come first"),
    ],
)
def test_rulesets_outside_the_verified_grammar_are_refused(pattern: Any, why: str) -> None:
    rules, shape = _ruleset(pattern)
    with pytest.raises(GrammarError):
        check_ruleset("r0_0", rules, shape)


def test_a_negation_first_or_a_second_pattern_is_refused() -> None:
    rules, shape = _ruleset({"t": "d"})
    rules["s0"]["all"] = [{"x$not": {"t": "d"}}]
    with pytest.raises(GrammarError):
        check_ruleset("r0_0", rules, shape)
    rules["s0"]["all"] = [{"m": {"t": "d"}}, {"n": {"t": "d"}}]
    with pytest.raises(GrammarError):
        check_ruleset("r0_0", rules, shape)


def test_a_ruleset_without_its_sink_or_sentinel_rule_is_refused() -> None:
    for missing in ("__sink", "__done"):
        rules, shape = _ruleset({"t": "d"})
        del rules[missing]
        with pytest.raises(GrammarError):
            check_ruleset("r0_0", rules, shape)


def test_too_many_paths_able_to_match_one_fact_are_refused() -> None:
    rules, shape = _ruleset({"t": "d"})
    for i in range(MAX_MATCHING + 4):
        rules[f"s{i}"] = {"all": [{"m": _and({"$gt": {"n0": -i}})}], "run": f"s{i}"}
    with pytest.raises(GrammarError):
        check_ruleset("r0_0", rules, shape)


def test_facts_with_too_many_properties_are_refused() -> None:
    shape = Shape(scalars={f"v{n}": "text" for n in range(MAX_PROPERTIES)})
    rules, _ = _ruleset({"t": "d"})
    with pytest.raises(GrammarError):
        check_ruleset("r0_0", rules, shape)


def test_every_bundled_ruleset_passes_the_grammar(bundled_engine: Engine) -> None:
    layout = build_layout(bundled_engine.program.selectors)
    assert layout.rulesets
    for ruleset in layout.rulesets:
        check_ruleset(ruleset.name, ruleset.rules, ruleset.shape())
        assert ruleset.rules["__done"] == DONE and ruleset.rules["__sink"] == SINK
