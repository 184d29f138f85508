"""`compliance test` and compliance.ruletest: a pack's own examples run through the real engine;
coverage counts the rules that have both a passing and a failing example; --threshold turns low
coverage into exit 1; a failing back end gives errors (what the output says:
test_reporter_ruletest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from builders import (
    DRILL,
    DRILL_DEFAULTS,
    DRILL_HELD,
    DRILL_NONE,
    drill_case,
    drill_pack,
    failing_durable,
    rule,
)
from compliance import Engine
from compliance.cli import main
from compliance.compiler import compile_packs
from compliance.loading import load_file
from compliance.ruletest import coverage, deep_merge, run_cases, run_pack_tests, untested_rules

# ----------------------------------------------------------------------------- the command


def test_all_cases_as_expected_exit_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(drill_pack(tmp_path, DRILL_HELD, DRILL_NONE))]) == 0
    assert "Tổng: 2 ví dụ — 2 đúng, 0 sai" in capsys.readouterr().out


def test_case_whose_document_is_not_a_valid_report_fails_with_the_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = drill_case("thiếu ngày thực tập", "pass", [{"kind": "THUC_TAP_PACC"}])
    assert main(["test", str(drill_pack(tmp_path, broken, DRILL_NONE)), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "actual: invalid" in out and "held_on" in out


def test_case_outside_the_packs_school_year_is_out_of_scope(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other_year = drill_case("báo cáo năm học khác", "pass", [DRILL], school_year="2022-2023")
    assert main(["test", str(drill_pack(tmp_path, other_year, DRILL_NONE)), "--lang", "en"]) == 1
    assert "actual: out_of_scope" in capsys.readouterr().out


def test_threshold_above_the_coverage_exits_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(drill_pack(tmp_path, DRILL_HELD)), "--threshold", "80", "--lang", "en"]) == 1
    assert "below the threshold" in capsys.readouterr().out


def test_threshold_met_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(drill_pack(tmp_path, DRILL_HELD, DRILL_NONE)), "--threshold", "100"]) == 0


def test_invalid_pack_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "hong.yaml"
    bad.write_text("pack: goi-hong\nrules: []\n", encoding="utf-8")
    assert main(["test", str(bad)]) == 2
    assert "hong.yaml" in capsys.readouterr().err


def two_rule_pack(tmp_path: Path) -> Path:
    """PCCC-1 with a passing and a failing example, and TX-DOI-THOAI with none."""
    path = drill_pack(tmp_path, DRILL_HELD, DRILL_NONE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    dialogue = {
        "required": {"select": {"collection": "meetings", "where": {"field": "kind", "eq": "DOI_THOAI"}}}
    }
    data["rules"].append(rule(dialogue, rule_id="TX-DOI-THOAI"))
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_rule_without_examples_is_listed_with_its_line_even_when_all_cases_pass(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = two_rule_pack(tmp_path)
    assert main(["test", str(path)]) == 0  # what ran holds; the gap is shown, --threshold gates it
    out = capsys.readouterr().out
    line = next(
        i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "TX-DOI-THOAI" in text
    )
    assert "⚠ 1 tiêu chí chưa có ví dụ kiểm thử:" in out and f"{path}:{line} TX-DOI-THOAI" in out
    assert "PCCC-1" not in out.partition("⚠")[2]


def test_rule_without_examples_is_in_the_json_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = two_rule_pack(tmp_path)
    main(["test", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["untested"] == 1
    assert [(u["rule_id"], u["file"], u["pack"]) for u in report["untested"]] == [
        ("TX-DOI-THOAI", str(path), "kiem-thu")
    ]


def test_rule_without_examples_fails_a_full_coverage_threshold(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(two_rule_pack(tmp_path)), "--threshold", "100"]) == 1


def test_pack_without_any_example_exits_one_saying_nothing_was_tested(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(drill_pack(tmp_path)), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "1 rule(s) with no test case" in out and "No case to run: nothing was tested." in out


# ----------------------------------------------------------------------------- the library


def test_a_case_that_does_not_hold_does_not_count_as_coverage(tmp_path: Path) -> None:
    files = [
        load_file(drill_pack(tmp_path, DRILL_HELD, drill_case("tưởng là chưa thực tập", "fail", [DRILL])))
    ]
    results = run_cases(Engine(compile_packs(files)), files)
    assert coverage(["PCCC-1"], results).lacking == {"PCCC-1": ["fail"]}


def test_case_line_points_at_the_case_in_the_pack(tmp_path: Path) -> None:
    path = drill_pack(tmp_path, DRILL_HELD, DRILL_NONE)
    files = [load_file(path)]
    results = run_cases(Engine(compile_packs(files)), files)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(r.line is not None and r.name in lines[r.line - 1] for r in results)


def test_cases_on_a_failing_back_end_give_error_not_an_exception(tmp_path: Path) -> None:
    files = [load_file(drill_pack(tmp_path, DRILL_HELD))]  # a drill to match: the back end is asked
    with failing_durable(compile_packs(files)) as engine:
        report = run_pack_tests(files, engine=engine)
    (result,) = report.results
    assert result.actual == "error" and report.failed == [result]
    assert result.finding is not None and "did not start" in result.finding.message.en


def test_test_defaults_merge_objects_key_by_key_and_replace_lists() -> None:
    merged = deep_merge(DRILL_DEFAULTS, {"submitter": {"school_levels": ["TH", "THCS"]}, "drills": []})
    assert merged["submitter"]["unit_id"] == "VN-HN-TX-THCS-NHANCHINH"
    assert merged["submitter"]["school_levels"] == ["TH", "THCS"] and merged["drills"] == []


def test_untested_rules_name_the_rule_pack_and_line(tmp_path: Path) -> None:
    (untested,) = untested_rules([load_file(two_rule_pack(tmp_path))])
    assert (untested.rule_id, untested.pack) == ("TX-DOI-THOAI", "kiem-thu") and untested.line is not None
