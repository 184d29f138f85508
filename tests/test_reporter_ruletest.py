"""reporters/ruletest_report.py: a failing case shows where it is written, the expected and actual
status, the finding's message and evidence; coverage lists what each rule lacks; JSON holds it all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import DRILL, DRILL_HELD, DRILL_NONE, drill_case, drill_pack
from compliance.cli import main


def test_failing_case_shows_expected_actual_message_and_where_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = drill_case("tưởng là chưa thực tập", "fail", [DRILL])
    pack = drill_pack(tmp_path, DRILL_HELD, wrong)
    assert main(["test", str(pack), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"✗ {pack}:" in out and "PCCC-1" in out and "tưởng là chưa thực tập" in out
    assert "expected: fail   actual: pass" in out and "1 matching item(s)" in out


def test_failing_case_shows_the_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wrong = drill_case("tưởng là chưa thực tập", "fail", [DRILL])
    main(["test", str(drill_pack(tmp_path, DRILL_HELD, wrong)), "--lang", "en"])
    assert "evidence: /drills/0 = " in capsys.readouterr().out


def test_coverage_lists_a_rule_without_a_failing_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(drill_pack(tmp_path, DRILL_HELD)), "--coverage", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Coverage: 0/1 (0.0%)" in out and "PCCC-1: lacks an example that gives fail" in out


def test_json_output_has_summary_cases_evidence_and_coverage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["test", str(drill_pack(tmp_path, DRILL_HELD, DRILL_NONE)), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == {"cases": 2, "passed": 2, "failed": 0, "untested": 0}
    assert report["untested"] == []
    assert report["coverage"] == {"rules": 1, "covered": 1, "percent": 100.0, "lacking": {}}
    assert report["cases"][0]["evidence"][0]["pointer"] == "/drills/0"
