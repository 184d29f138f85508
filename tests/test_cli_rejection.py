"""A rejected input (exit 2) asked for in a machine format still gets a document of that format
listing the problems — file, line, column, pointer, code, message — so that a portal reads why
instead of scraping standard error."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from builders import EXAMPLES, LINT_FIXTURES
from compliance.cli import main
from compliance.resources import schema
from shapes import assert_junit_shape
from shared import JUNIT_XSD, SARIF_SCHEMA, shared

BAD = (
    'kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nreceived_at: 2024-01-02\n'
    "submitter: {unit_id: X, unit_type: TRUONG, school_levels: [TH]}\ncommittees:\n  - kind: TO_QL_CSVC\n"
    "    establised_on: 2023-09-25\n"
)


@pytest.fixture
def bad_report(tmp_path: Path) -> Path:
    path = tmp_path / "bao-cao.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


def rejected(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    assert main(list(argv)) == 2
    out, err = capsys.readouterr()
    return out, err


def test_a_rejected_report_as_json_lists_its_problem_with_its_place(
    capsys: pytest.CaptureFixture[str], bad_report: Path
) -> None:
    out, err = rejected(capsys, "check", str(bad_report), "--format", "json", "--as-of", "30/06/2024")
    document = json.loads(out)
    jsonschema.Draft202012Validator(schema("findings")).validate(document)
    (p,) = document["problems"]
    assert (p["file"], p["line"], p["column"], p["pointer"], p["code"]) == (
        str(bad_report),
        7,
        5,
        "/committees/0/establised_on",
        "schema-unknown-key",
    )
    assert document["findings"] == [] and document["as_of"] == "2024-06-30"
    assert "establised_on" in err  # people still read the message


def test_a_rejected_report_as_sarif_is_valid_sarif_with_the_line(
    capsys: pytest.CaptureFixture[str], bad_report: Path
) -> None:
    out, _ = rejected(capsys, "check", str(bad_report), "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8")))
    (result,) = log["runs"][0]["results"]
    assert result["properties"] == {"code": "schema-unknown-key"}
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 7


@pytest.mark.parametrize("fmt", ["junit", "junit-ant"])
def test_a_rejected_report_as_junit_is_valid_junit_with_an_error(
    capsys: pytest.CaptureFixture[str], bad_report: Path, fmt: str
) -> None:
    out, _ = rejected(capsys, "check", str(bad_report), "--format", fmt)
    if fmt == "junit-ant":
        xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(out)
    else:
        assert_junit_shape(out)
    (error,) = ET.fromstring(out).iter("error")
    assert "[schema-unknown-key]" in (error.text or "") and ":7:5" in (error.text or "")


def test_a_bad_argument_is_a_json_problem_too(capsys: pytest.CaptureFixture[str]) -> None:
    out, _ = rejected(capsys, "check", str(EXAMPLES), "--as-of", "31/02/2024", "--format", "json")
    (p,) = json.loads(out)["problems"]
    assert p["code"] == "date-impossible" and p["file"] == "--as-of"


def test_an_unusable_roster_in_an_audit_is_a_json_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = tmp_path / "ds.yaml"
    roster.write_text("units: khong-phai-danh-sach\n", encoding="utf-8")
    target = tmp_path / "kq.json"
    assert main(["audit", str(EXAMPLES), "--roster", str(roster), "--out", str(target)]) == 2
    (p,) = json.loads(target.read_text(encoding="utf-8"))["problems"]
    assert p["file"] == str(roster) and p["code"] == "roster-no-units"


def test_text_output_of_a_rejection_stays_on_standard_error(
    capsys: pytest.CaptureFixture[str], bad_report: Path
) -> None:
    out, err = rejected(capsys, "check", str(bad_report))
    assert out == "" and "[schema-unknown-key]" in err


def test_an_unreadable_pack_in_lint_sarif_is_a_sarif_result(capsys: pytest.CaptureFixture[str]) -> None:
    out, err = rejected(capsys, "lint", str(LINT_FIXTURES / "unreadable.yaml"), "--format", "sarif")
    log = json.loads(out)
    jsonschema.validate(log, json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8")))
    (result,) = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    assert "[yaml-syntax]" in err
