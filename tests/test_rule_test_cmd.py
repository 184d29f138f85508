"""`compliance test`: runs the examples inside packs, reports expected vs actual, measures coverage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import PACK_HEAD, rule
from compliance.cli import main

DRILL = {"required": {"select": {"collection": "drills"}}}


def case(name: str, expect: str, drills: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "as_of": "2024-06-30", "documents": [{"drills": drills}], "expect": expect}


def write(tmp_path: Path, *tests: dict[str, Any]) -> Path:
    defaults = {
        "kind": "HO_SO_MINH_CHUNG",
        "school_year": "2023-2024",
        "received_at": "2023-10-16",
        "submitter": {
            "unit_id": "VN-HN-TX-THCS-NHANCHINH",
            "unit_type": "TRUONG",
            "school_levels": ["THCS"],
            "province": "Hà Nội",
            "district": "Thanh Xuân",
        },
    }
    data = {**PACK_HEAD, "test_defaults": defaults, "rules": [rule(DRILL, tests=list(tests))]}
    path = tmp_path / "goi.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


PASSING = case("có diễn tập", "pass", [{"kind": "THOAT_NAN", "held_on": "2023-10-26"}])
FAILING = case("không diễn tập", "fail", [])


def test_all_cases_passing_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["test", str(write(tmp_path, PASSING, FAILING))]) == 0
    assert "2 đúng, 0 sai" in capsys.readouterr().out


def test_wrong_expectation_is_reported_with_expected_actual_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    wrong = case("tưởng là đạt", "pass", [])
    pack = write(tmp_path, PASSING, wrong)
    assert main(["test", str(pack), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "tưởng là đạt" in out and "expected: pass   actual: fail" in out and f"{pack}:" in out


def test_invalid_case_document_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = case("văn bản sai", "pass", [{"kind": "THOAT_NAN"}])
    assert main(["test", str(write(tmp_path, broken, FAILING))]) == 1
    assert "held_on" in capsys.readouterr().out


def test_coverage_lists_rules_without_a_failing_example(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(write(tmp_path, PASSING)), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "0/1 (0.0%)" in out and "R-1" in out


def test_threshold_fails_below_the_required_coverage(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["test", str(write(tmp_path, PASSING)), "--threshold", "80"]) == 1


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["test", str(write(tmp_path, PASSING, FAILING)), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["coverage"]["percent"] == 100.0 and len(report["cases"]) == 2


def test_invalid_pack_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "hong.yaml"
    bad.write_text("pack: x\nrules: []\n", encoding="utf-8")
    assert main(["test", str(bad)]) == 2


def test_every_shipped_rule_has_passing_and_failing_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--threshold", "100"]) == 0
