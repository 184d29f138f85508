"""reporters/explain_report.py: what a rule reads, in words a rule author checks against the plan."""

from __future__ import annotations

from compliance import ir
from compliance.reporters.explain_report import describe, describe_selector


def test_conditions_read_as_words_after_negation_is_pushed_down() -> None:
    cond = ir.Or((ir.Compare(("kind",), "ne", "TO_QL_CSVC"), ir.Exists(("tasks_assigned",), False)))
    assert describe(cond, "en") == "(kind ≠ 'TO_QL_CSVC') or (tasks_assigned is absent)"


def test_a_selection_reads_as_kinds_target_and_condition() -> None:
    where = ir.Compare(("members",), "ge", 3)
    selector = ir.Selector("s1", frozenset({"BC_SO_KET_HK1"}), ("committees",), where)
    assert describe_selector(selector, "en") == "BC_SO_KET_HK1 → committees: members ≥ 3"
    assert describe_selector(ir.Selector("s2", None, None), "vi") == "mọi văn bản → văn bản: luôn đúng"
