"""reporters/json_report.py: the stable findings JSON, valid against schemas/findings.schema.json,
read back into the very result it came from, and written as the findings are read: byte for byte
what dumping the whole result gives."""

from __future__ import annotations

import json

import jsonschema
import pytest

from compliance import CheckResult
from compliance.reporters import render
from compliance.resources import schema
from hostile import HOSTILE, hostile


def test_json_validates_against_the_findings_schema(example_audit: CheckResult) -> None:
    jsonschema.Draft202012Validator(schema("findings")).validate(json.loads(render(example_audit, "json")))


def test_json_reads_back_into_the_same_result(example_audit: CheckResult) -> None:
    assert CheckResult.model_validate_json(render(example_audit, "json")) == example_audit


def test_json_holds_both_languages_whatever_the_language_asked(example_audit: CheckResult) -> None:
    assert render(example_audit, "json", "en") == render(example_audit, "json", "vi")


@pytest.mark.parametrize("fixture", ["example_audit", "early_audit", "unreadable_audit"])
def test_streamed_json_is_what_dumping_the_whole_result_gives(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    result: CheckResult = request.getfixturevalue(fixture)
    assert render(result, "json") == result.model_dump_json(indent=2) + "\n"


def test_json_of_nothing_found_is_what_dumping_gives(example_audit: CheckResult) -> None:
    empty = example_audit.model_copy(update={"findings": [], "documents": [], "audit": None})
    assert render(empty, "json") == empty.model_dump_json(indent=2) + "\n"
    assert json.loads(render(empty, "json"))["findings"] == []


def test_hostile_text_is_escaped_and_read_back_exactly(example_audit: CheckResult) -> None:
    result = hostile(example_audit)
    data = render(result, "json")
    assert isinstance(data, str) and "\\u000b" in data and "\u000b" not in data
    back = json.loads(data)
    assert back["findings"][0]["unit_name"] == f"Đơn vị {HOSTILE}"
    assert back["problems"][-1]["file"] == f"hong{HOSTILE}.yaml"
    jsonschema.Draft202012Validator(schema("findings")).validate(back)
