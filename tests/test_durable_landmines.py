"""The durable-rules back end is not exposed to the landmines of durable-rules 2.0.28
(shared/durable-rules-kit/landmines): one regression test per landmine, plus the grammar guard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from builders import EXAMPLES, engine_for, report, rule
from compliance import Engine, Status
from compliance.evaluators._durable_rulesets import FactClass, GrammarError, Ruleset, build_layout, validate

pytest.importorskip("durable", reason="durable-rules is not installed")

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture
def durable_engine() -> Iterator[Engine]:
    with Engine.from_path(engine="durable") as engine:
        yield engine


def unit(unit_id: str, **fields: Any) -> dict[str, Any]:
    data = report(**fields)
    data["submitter"] = {**data["submitter"], "unit_id": unit_id}
    return data


def test_units_whose_session_ids_collide_in_durables_hash_stay_independent(
    durable_engine: Engine, bundled_engine: Engine
) -> None:
    incident = {"id": "NC-2023-01", "occurred_at": "2023-12-04"}
    first = unit("doc-1079599", kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20", incidents=[incident])
    second = unit(
        "doc-1262382", kind="BC_DOT_XUAT", received_at="2023-12-05", ad_hoc={"incident_ids": ["NC-2023-01"]}
    )
    durable = durable_engine.check([first, second], as_of=AS_OF).findings
    assert durable == bundled_engine.check([first, second], as_of=AS_OF).findings
    joined = next(f for f in durable if f.unit_id == "doc-1079599" and f.rule_id == "TX2324-T-BC-DOT-XUAT")
    assert joined.status is Status.fail  # the other unit's ad-hoc report must not satisfy this one


def test_all_compliant_portfolio_cleans_up_and_checks_again(durable_engine: Engine) -> None:
    folder = str(EXAMPLES / "thcs-nhan-chinh")
    first = durable_engine.check(folder, as_of=AS_OF).findings
    assert {f.status for f in first} == {Status.pass_}
    assert durable_engine.check(folder, as_of=AS_OF).findings == first


def test_a_killed_worker_gives_error_findings_then_recovers(
    durable_engine: Engine, bundled_engine: Engine
) -> None:
    folder = str(EXAMPLES / "th-kim-giang")
    evaluator = durable_engine.evaluator
    evaluator.debug("kill-next")  # type: ignore[attr-defined]
    failed = durable_engine.check(folder, as_of=AS_OF).findings
    assert {f.status for f in failed} <= {Status.error, Status.not_applicable}
    assert any(f.status is Status.error and "died" in f.message.en for f in failed)
    assert (
        durable_engine.check(folder, as_of=AS_OF).findings
        == bundled_engine.check(folder, as_of=AS_OF).findings
    )
    assert evaluator.restarts == 1  # type: ignore[attr-defined]


def test_a_worker_past_its_time_limit_gives_error_findings_then_recovers(bundled_engine: Engine) -> None:
    folder = str(EXAMPLES / "mn-hoa-sen")
    with Engine(bundled_engine.program, engine="durable") as engine:
        engine.evaluator.timeout = 1.0  # type: ignore[attr-defined]
        engine.evaluator.debug("sleep-next:5")  # type: ignore[attr-defined]
        statuses = {f.status for f in engine.check(folder, as_of=AS_OF).findings}
        assert Status.error in statuses and Status.pass_ not in statuses
        assert (
            engine.check(folder, as_of=AS_OF).findings == bundled_engine.check(folder, as_of=AS_OF).findings
        )


def test_more_rules_than_the_fan_out_limit_are_split_into_rulesets(bundled_engine: Engine) -> None:
    rules = [
        rule(
            {"required": {"select": {"collection": "committees", "where": {"field": "members", "ge": n}}}},
            rule_id=f"R-{n}",
        )
        for n in range(70)
    ]
    python = engine_for(*rules)
    layout = build_layout(python.program.selectors)
    assert len([r for r in layout.rulesets if r.fact_class == "committees"]) == 2
    doc = report(committees=[{"kind": "TO_QL_CSVC", "members": 33}])
    with Engine(python.program, engine="durable") as durable:
        assert durable.check(doc, as_of=AS_OF).findings == python.check(doc, as_of=AS_OF).findings


def test_more_than_1024_portfolios_in_one_engine(durable_engine: Engine) -> None:
    statuses = set()
    for n in range(1100):
        findings = durable_engine.check(
            unit(f"VN-HN-TX-SCHOOL-{n:04d}", kind="BC_SO_KET_HK1", received_at="2024-01-02"), as_of=AS_OF
        ).findings
        statuses.add(next(f.status for f in findings if f.rule_id == "TX2324-T-BC-SO-KET-HK1"))
    assert statuses == {Status.pass_}


# ----------------------------------------------------------------------------- the grammar guard


def _ruleset(condition: dict[str, Any], first: str = "m") -> Ruleset:
    return Ruleset("t", "", {"s0": {"all": [{first: condition}], "run": "s0"}}, {"s0": "x"})


@pytest.mark.parametrize(
    ("condition", "first"),
    [
        ({"$gt": {"v0": {"a": "v0"}}}, "m"),  # relational join: out-of-bounds reads, SIGSEGV on 3.12
        ({"t": "d"}, "x$not"),  # negation first: never fires
        ({"$in": {"v0": 1}}, "m"),  # unknown operator: silently a property path
        ({"$lt": {"v0": 1e-05}}, "m"),  # 1e-05: rejected by the C parser
        ({"$nex": {"v0": 1}}, "m"),  # bare $nex: infinite loop
        ({"v0": [1, 2]}, "m"),  # array constant
        ({"$iany": {"subs": {"kind": "k"}}}, "m"),  # array operator without $i.: silently never matches
    ],
)
def test_rulesets_outside_the_verified_grammar_are_refused(condition: dict[str, Any], first: str) -> None:
    with pytest.raises(GrammarError):
        validate(_ruleset(condition, first), FactClass("c0", None))


def test_facts_with_too_many_properties_are_refused() -> None:
    cls = FactClass("c0", None, properties={(f"f{n}",): f"v{n}" for n in range(250)})
    with pytest.raises(GrammarError):
        validate(_ruleset({"t": "d"}), cls)


def test_every_bundled_ruleset_passes_the_grammar(bundled_engine: Engine) -> None:
    layout = build_layout(bundled_engine.program.selectors)
    assert layout.rulesets and all(r.rules["__done"]["run"] == "__done" for r in layout.rulesets)
