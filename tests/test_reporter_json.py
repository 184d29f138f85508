"""reporters/json_report.py: the stable findings JSON, valid against schemas/findings.schema.json
and read back into the very result it came from."""

from __future__ import annotations

import json

import jsonschema

from compliance import CheckResult
from compliance.reporters import render
from compliance.resources import schema


def test_json_validates_against_the_findings_schema(example_audit: CheckResult) -> None:
    jsonschema.Draft202012Validator(schema("findings")).validate(json.loads(render(example_audit, "json")))


def test_json_reads_back_into_the_same_result(example_audit: CheckResult) -> None:
    assert CheckResult.model_validate_json(render(example_audit, "json")) == example_audit


def test_json_holds_both_languages_whatever_the_language_asked(example_audit: CheckResult) -> None:
    assert render(example_audit, "json", "en") == render(example_audit, "json", "vi")
