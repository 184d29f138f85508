"""`compliance explain`: what a rule read, what matched where, and what it concluded."""

from __future__ import annotations

import pytest

from builders import EXAMPLES
from compliance import ir
from compliance.cli import main
from compliance.explain import describe


def test_explain_shows_the_matching_item_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "TX2324-T-TO-CSVC", str(EXAMPLES / "thcs-nhan-chinh"), "--as-of", "30/06/2024"])
    out = capsys.readouterr().out
    assert code == 0
    assert "2024-01-02-so-ket-hk1.yaml:37:5 /committees/1" in out
    assert "Kết luận: Đạt" in out


def test_explain_says_nothing_matched(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "explain",
            "TX2324-T-TO-CSVC",
            str(EXAMPLES / "th-kim-giang"),
            "--as-of",
            "30/06/2024",
            "--lang",
            "en",
        ]
    )
    out = capsys.readouterr().out
    assert "(nothing matched)" in out and "Finding: Not met" in out


def test_explain_of_an_unknown_rule_exits_two_and_lists_the_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "TX2324-T-KHONG-CO", str(EXAMPLES / "th-kim-giang")])
    err = capsys.readouterr().err
    assert code == 2 and "TX2324-T-TO-CSVC" in err


def test_conditions_read_as_words_after_negation_is_pushed_down() -> None:
    cond = ir.Or((ir.Compare(("kind",), "ne", "TO_QL_CSVC"), ir.Exists(("tasks_assigned",), False)))
    assert describe(cond, "en") == "(kind ≠ 'TO_QL_CSVC') or (tasks_assigned is absent)"
