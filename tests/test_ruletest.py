"""`compliance test` and compliance.ruletest: a pack's own examples run through the real engine;
failing cases show expected vs actual with the finding's message and evidence; coverage counts the
rules that have both a passing and a failing example; --threshold turns low coverage into exit 1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import PACK_HEAD, SCHOOL, failing_durable, rule
from compliance import Engine
from compliance.cli import main
from compliance.compiler import compile_packs
from compliance.loading import load_file
from compliance.ruletest import coverage, deep_merge, run_cases, run_pack_tests

DRILLS = {"required": {"select": {"collection": "drills", "where": {"field": "kind", "eq": "THUC_TAP_PACC"}}}}
DEFAULTS = {**SCHOOL, "received_at": "2024-05-20"}
DRILL = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["Cháy phòng thí nghiệm"]}


def case(name: str, expect: str, drills: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    document = {"drills": drills, **extra}
    return {"name": name, "as_of": "2024-06-30", "documents": [document], "expect": expect}


HELD = case("đã thực tập phương án chữa cháy", "pass", [DRILL])
NONE = case("cả năm không thực tập", "fail", [])


def write(tmp_path: Path, *tests: dict[str, Any], name: str = "pccc.yaml") -> Path:
    data = {
        **PACK_HEAD,
        "test_defaults": DEFAULTS,
        "rules": [rule(DRILLS, rule_id="PCCC-1", tests=list(tests))],
    }
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- the command


def test_all_cases_as_expected_exit_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(write(tmp_path, HELD, NONE))]) == 0
    assert "Tổng: 2 ví dụ — 2 đúng, 0 sai" in capsys.readouterr().out


def test_failing_case_shows_expected_actual_message_and_where_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = case("tưởng là chưa thực tập", "fail", [DRILL])
    pack = write(tmp_path, HELD, wrong)
    assert main(["test", str(pack), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"✗ {pack}:" in out and "PCCC-1" in out and "tưởng là chưa thực tập" in out
    assert "expected: fail   actual: pass" in out and "1 matching item(s)" in out


def test_failing_case_shows_the_evidence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wrong = case("tưởng là chưa thực tập", "fail", [DRILL])
    main(["test", str(write(tmp_path, HELD, wrong)), "--lang", "en"])
    assert "evidence: /drills/0 = " in capsys.readouterr().out


def test_case_whose_document_is_not_a_valid_report_fails_with_the_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = case("thiếu ngày thực tập", "pass", [{"kind": "THUC_TAP_PACC"}])
    assert main(["test", str(write(tmp_path, broken, NONE)), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "actual: invalid" in out and "held_on" in out


def test_case_outside_the_packs_school_year_is_out_of_scope(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other_year = case("báo cáo năm học khác", "pass", [DRILL], school_year="2022-2023")
    assert main(["test", str(write(tmp_path, other_year, NONE)), "--lang", "en"]) == 1
    assert "actual: out_of_scope" in capsys.readouterr().out


def test_coverage_lists_a_rule_without_a_failing_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(write(tmp_path, HELD)), "--coverage", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Coverage: 0/1 (0.0%)" in out and "PCCC-1: lacks an example that gives fail" in out


def test_threshold_above_the_coverage_exits_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(write(tmp_path, HELD)), "--threshold", "80", "--lang", "en"]) == 1
    assert "below the threshold" in capsys.readouterr().out


def test_threshold_met_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(write(tmp_path, HELD, NONE)), "--threshold", "100"]) == 0


def test_json_output_has_summary_cases_evidence_and_coverage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["test", str(write(tmp_path, HELD, NONE)), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["summary"] == {"cases": 2, "passed": 2, "failed": 0}
    assert report["coverage"] == {"rules": 1, "covered": 1, "percent": 100.0, "lacking": {}}
    assert report["cases"][0]["evidence"][0]["pointer"] == "/drills/0"


def test_invalid_pack_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "hong.yaml"
    bad.write_text("pack: goi-hong\nrules: []\n", encoding="utf-8")
    assert main(["test", str(bad)]) == 2
    assert "hong.yaml" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the library


def test_a_case_that_does_not_hold_does_not_count_as_coverage(tmp_path: Path) -> None:
    files = [load_file(write(tmp_path, HELD, case("tưởng là chưa thực tập", "fail", [DRILL])))]
    results = run_cases(Engine(compile_packs(files)), files)
    assert coverage(["PCCC-1"], results).lacking == {"PCCC-1": ["fail"]}


def test_case_line_points_at_the_case_in_the_pack(tmp_path: Path) -> None:
    path = write(tmp_path, HELD, NONE)
    files = [load_file(path)]
    results = run_cases(Engine(compile_packs(files)), files)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(r.line is not None and r.name in lines[r.line - 1] for r in results)


def test_cases_on_a_failing_back_end_give_error_not_an_exception(tmp_path: Path) -> None:
    files = [load_file(write(tmp_path, HELD))]  # a drill to match: the back end is asked
    with failing_durable(compile_packs(files)) as engine:
        report = run_pack_tests(files, engine=engine)
    (result,) = report.results
    assert result.actual == "error" and report.failed == [result]
    assert result.finding is not None and "did not start" in result.finding.message.en


def test_test_defaults_merge_objects_key_by_key_and_replace_lists() -> None:
    merged = deep_merge(DEFAULTS, {"submitter": {"school_levels": ["TH", "THCS"]}, "drills": []})
    assert merged["submitter"]["unit_id"] == "VN-HN-TX-THCS-NHANCHINH"
    assert merged["submitter"]["school_levels"] == ["TH", "THCS"] and merged["drills"] == []
