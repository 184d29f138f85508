"""Every example case written inside every shipped rule pack gives the status it states."""

from __future__ import annotations

import pytest

from builders import RULES
from compliance import Engine
from compliance.engine import load_pack_files
from compliance.ruletest import CaseResult, run_cases

FILES = load_pack_files([RULES])
ENGINE = Engine.from_path(RULES)
CASES = run_cases(ENGINE, FILES)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule_id}: {c.name}" for c in CASES])
def test_rule_gives_the_status_its_example_states(case: CaseResult) -> None:
    detail = case.finding.message.en if case.finding else case.detail
    assert case.actual == case.expected, detail


def test_every_rule_has_a_passing_and_a_failing_example() -> None:
    have: dict[str, set[str]] = {rule.id: set() for rule in ENGINE.rules}
    for case in CASES:
        have[case.rule_id].add(case.expected)
    lacking = sorted(rule for rule, kinds in have.items() if not {"pass", "fail"} <= kinds)
    assert lacking == []
