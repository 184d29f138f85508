"""reporters/lint_report.py: lint findings as text (Vietnamese by default, with file and line),
JSON and SARIF valid against the official schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builders import LINT_FIXTURES, LINT_SEEDS
from compliance.cli import main
from shared import SARIF_SCHEMA, shared


def lint_out(capsys: pytest.CaptureFixture[str], fixture: str, *args: str) -> str:
    """What ``compliance lint`` prints for one fixture pack checked against the fixture seeds."""
    main(["lint", str(LINT_FIXTURES / fixture), "--sources", str(LINT_SEEDS), *args])
    return capsys.readouterr().out


def test_text_output_is_vietnamese_by_default_with_file_and_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    out = lint_out(capsys, "due_differs.yaml")
    assert "due_differs.yaml:20:" in out and "lỗi due-differs [LINT-BC-TONG-KET]" in out
    assert "Cách sửa:" in out and "1 bộ tiêu chí: 1 lỗi, 0 cảnh báo, 0 ghi chú" in out


def test_text_output_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    out = lint_out(capsys, "due_differs.yaml", "--lang", "en")
    assert "error due-differs" in out and "1 pack(s): 1 error(s), 0 warning(s), 0 note(s)" in out


def test_text_output_says_when_quotes_were_not_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(LINT_FIXTURES / "clean.yaml"), "--lang", "en"]) == 0
    assert "add --sources" in capsys.readouterr().out


def test_sarif_output_validates_against_the_official_schema(capsys: pytest.CaptureFixture[str]) -> None:
    sarif = json.loads(lint_out(capsys, "weekday_in_quote.yaml", "--format", "sarif"))
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("weekday-mismatch", "error"),
        ("weekday-mismatch", "warning"),
    }
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results)


def test_sarif_output_describes_every_code_and_indexes_it(capsys: pytest.CaptureFixture[str]) -> None:
    (run,) = json.loads(lint_out(capsys, "due_differs.yaml", "--format", "sarif"))["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "compliance-lint" and "due-differs" in {r["id"] for r in rules}
    (result,) = run["results"]
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == "due-differs"
    assert result["level"] == "error" and result["properties"]["rule_id"] == "LINT-BC-TONG-KET"
    assert result["partialFingerprints"]["lint/v1"]


def test_sarif_output_uris_are_relative_to_the_working_directory(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(LINT_FIXTURES.parent.parent.parent)  # the checkout, as on CI
    (run,) = json.loads(lint_out(capsys, "due_differs.yaml", "--format", "sarif"))["runs"]
    (location,) = [loc["physicalLocation"] for r in run["results"] for loc in r["locations"]]
    assert location["artifactLocation"] == {
        "uri": "tests/fixtures/lint/due_differs.yaml",
        "uriBaseId": "%SRCROOT%",
    }
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == LINT_FIXTURES.parent.parent.parent.as_uri() + "/"
    assert location["region"]["startLine"] == 20


def test_sarif_output_for_a_pack_elsewhere_has_a_named_base(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (run,) = json.loads(lint_out(capsys, "due_differs.yaml", "--format", "sarif"))["runs"]
    (location,) = [loc["physicalLocation"] for r in run["results"] for loc in r["locations"]]
    assert location["artifactLocation"] == {"uri": "due_differs.yaml", "uriBaseId": "PACKROOT"}
    assert run["originalUriBaseIds"]["PACKROOT"]["uri"] == LINT_FIXTURES.as_uri() + "/"


def test_json_output_counts_each_level(capsys: pytest.CaptureFixture[str]) -> None:
    report = json.loads(lint_out(capsys, "weekday_in_quote.yaml", "--format", "json"))
    levels = [f["level"] for f in report["findings"]]
    assert report["summary"] == {level: levels.count(level) for level in ("error", "warning", "info")}
    assert report["sources"] == str(LINT_SEEDS) and report["files"][0].endswith("weekday_in_quote.yaml")
