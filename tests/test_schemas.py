"""The published JSON Schemas are valid, current and describe what we ship."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builders import EXAMPLES, ROOT, RULES
from compliance.loading import load_file
from compliance.resources import schema
from compliance.schemas import build_schema
from compliance.validate import report_validator

SCHEMAS = ROOT / "schemas"


@pytest.mark.parametrize("name", ["report", "findings", "rule-pack"])
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize("name", ["findings", "rule-pack"])
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == build_schema(name), (
        f"run: python -m compliance.schemas to regenerate {name}.schema.json"
    )


@pytest.mark.parametrize("pack", sorted(RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_packs_validate_against_the_rule_pack_schema(pack: Path) -> None:
    jsonschema.Draft202012Validator(schema("rule-pack")).validate(load_file(pack).data)


@pytest.mark.parametrize("report", sorted(EXAMPLES.rglob("*.*")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_validate_against_the_report_schema(report: Path) -> None:
    report_validator().validate(load_file(report).data)


def test_every_report_field_has_a_vietnamese_and_english_description() -> None:
    missing: list[str] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if " / " not in value.get("description", ""):
                    missing.append(f"{path}/{key}")
                walk(value, f"{path}/{key}")
            walk(node.get("items"), f"{path}[]")

    walk(schema("report"), "")
    assert missing == []
