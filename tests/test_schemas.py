"""The published JSON Schemas are valid, current and describe what we ship."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

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


def _nodes(node: object, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        found.append((path, node))
        for key, value in node.items():
            found += _nodes(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _nodes(value, f"{path}/{index}")
    return found


def test_every_integer_of_a_report_is_bounded_both_ways() -> None:
    unbounded = [
        path
        for path, node in _nodes(schema("report"))
        if node.get("type") == "integer" and not ("minimum" in node and node.get("maximum", 10**16) <= 10**15)
    ]
    assert unbounded == []


def test_no_pattern_of_the_report_schema_uses_unicode_digit_classes() -> None:
    patterns = [node["pattern"] for _, node in _nodes(schema("report")) if "pattern" in node]
    assert patterns and not [p for p in patterns if "\\d" in p]


@pytest.mark.parametrize("kind", ["date", "dateOrDateTime"])
@pytest.mark.parametrize(
    ("year", "valid"), [("1899", False), ("1900", True), ("2100", True), ("2101", False)]
)
def test_dates_in_the_schema_hold_the_years_1900_to_2100(kind: str, year: str, valid: bool) -> None:
    pattern = re.compile(schema("report")["$defs"][kind]["pattern"])
    assert bool(pattern.search(f"{year}-06-30")) is valid


VISIBLE = re.compile(schema("report")["$defs"]["visibleText"]["pattern"])


def test_the_visible_text_pattern_refuses_every_invisible_format_character() -> None:
    invisible = [
        chr(c)
        for c in range(0x10000)
        if unicodedata.category(chr(c)) == "Cf" or c in (0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0)
    ]
    assert [f"U+{ord(c):04X}" for c in invisible if VISIBLE.search(f"a{c}b")] == []


@pytest.mark.parametrize(
    "text",
    [
        "Thanh Xuân",
        "Bà Rịa - Vũng Tàu",
        "45/QĐ-THCSNC",
        "VN-HN-TX-TH-KIMGIANG",
        "Trường Tiểu học\nKim Giang",
        "",
    ],
)
def test_the_visible_text_pattern_accepts_what_people_write(text: str) -> None:
    assert VISIBLE.search(text)


def test_the_published_schema_says_schools_need_their_levels() -> None:
    submitter = schema("report")["properties"]["submitter"]
    assert submitter["if"]["properties"]["unit_type"] == {"const": "TRUONG"}
    assert submitter["then"]["required"] == ["school_levels"]
    assert submitter["then"]["properties"]["school_levels"]["minItems"] == 1
