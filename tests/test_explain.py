"""`compliance explain`: what a rule read, what matched where, and what it concluded."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import EXAMPLES, failing_durable
from compliance import Engine, Status
from compliance.cli import main
from compliance.explain import explain


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


def test_explain_on_a_failing_back_end_gives_an_error_finding_not_an_exception(
    bundled_engine: Engine,
) -> None:
    documents, _ = bundled_engine.load(str(EXAMPLES / "thcs-nhan-chinh"))
    with failing_durable(bundled_engine.program) as engine:
        (explained,) = explain(engine, "TX2324-T-TO-CSVC", documents, dt.date(2024, 6, 30))
    assert explained.finding is not None and explained.finding.status is Status.error
    assert "did not start" in explained.finding.message.en
    assert all(trace.matches == () for trace in explained.selections)


def test_explain_takes_the_rule_id_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "tx2324-t-to-csvc", str(EXAMPLES / "thcs-nhan-chinh"), "--as-of", "30/06/2024"])
    assert code == 0 and capsys.readouterr().out.startswith("TX2324-T-TO-CSVC — ")


def test_a_mistyped_rule_id_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", "TX2324-T-TO-CSV", str(EXAMPLES / "th-kim-giang"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and "no rule 'TX2324-T-TO-CSV'" in err and "did you mean TX2324-T-TO-CSVC?" in err


def test_explain_text_ends_with_a_newline(capsys: pytest.CaptureFixture[str]) -> None:
    main(["explain", "TX2324-T-TO-CSVC", str(EXAMPLES), "--as-of", "30/06/2024"])
    out = capsys.readouterr().out
    assert out.endswith("\n") and not out.endswith("\n\n\n")


def test_explain_as_json_names_each_match_and_the_finding(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["explain", "TX2324-T-TO-CSVC", str(EXAMPLES / "thcs-nhan-chinh"), "--as-of", "30/06/2024"]
    assert main([*argv, "--format", "json"]) == 0
    (explained,) = json.loads(capsys.readouterr().out)["explanations"]
    first = explained["queries"][0]
    assert first["matches"][0] == {
        "file": str(EXAMPLES / "thcs-nhan-chinh" / "2024-01-02-so-ket-hk1.yaml"),
        "line": 37,
        "column": 5,
        "pointer": "/committees/1",
    }
    assert first["reads"]["en"].startswith("any document → committees: (kind = 'TO_QL_CSVC')")
    assert explained["finding"]["status"] == "pass" and explained["rule"]["id"] == "TX2324-T-TO-CSVC"
