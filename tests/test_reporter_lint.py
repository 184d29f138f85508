"""reporters/lint_report.py: lint findings as text (Vietnamese by default, with file and line),
JSON and SARIF valid against the official schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from builders import LINT_FIXTURES, LINT_SEEDS
from compliance.cli import main
from shared import SARIF_SCHEMA, shared


def test_text_output_is_vietnamese_by_default_with_file_and_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    main(["lint", str(LINT_FIXTURES / "due_differs.yaml"), "--sources", str(LINT_SEEDS)])
    out = capsys.readouterr().out
    assert "due_differs.yaml:20:" in out and "lỗi due-differs [LINT-BC-TONG-KET]" in out
    assert "Cách sửa:" in out and "1 gói luật: 1 lỗi, 0 cảnh báo, 0 ghi chú" in out


def test_text_output_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", str(LINT_FIXTURES / "due_differs.yaml"), "--sources", str(LINT_SEEDS), "--lang", "en"])
    out = capsys.readouterr().out
    assert "error due-differs" in out and "1 pack(s): 1 error(s), 0 warning(s), 0 note(s)" in out


def test_text_output_says_when_quotes_were_not_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(LINT_FIXTURES / "clean.yaml"), "--lang", "en"]) == 0
    assert "add --sources" in capsys.readouterr().out


def test_sarif_output_validates_against_the_official_schema(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "lint",
            str(LINT_FIXTURES / "weekday_in_quote.yaml"),
            "--sources",
            str(LINT_SEEDS),
            "--format",
            "sarif",
        ]
    )
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("weekday-mismatch", "error"),
        ("weekday-mismatch", "warning"),
    }
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results)


def test_sarif_output_describes_every_code_and_indexes_it(capsys: pytest.CaptureFixture[str]) -> None:
    main(["lint", str(LINT_FIXTURES / "due_differs.yaml"), "--sources", str(LINT_SEEDS), "--format", "sarif"])
    (run,) = json.loads(capsys.readouterr().out)["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "compliance-lint" and "due-differs" in {r["id"] for r in rules}
    (result,) = run["results"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "due-differs"
    assert result["level"] == "error" and result["properties"]["rule_id"] == "LINT-BC-TONG-KET"
    assert result["partialFingerprints"]["lint/v1"]


def test_json_output_counts_each_level(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "lint",
            str(LINT_FIXTURES / "weekday_in_quote.yaml"),
            "--sources",
            str(LINT_SEEDS),
            "--format",
            "json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    levels = [f["level"] for f in report["findings"]]
    assert report["summary"] == {level: levels.count(level) for level in ("error", "warning", "info")}
    assert report["sources"] == str(LINT_SEEDS) and report["files"][0].endswith("weekday_in_quote.yaml")
