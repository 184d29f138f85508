"""reporters/sarif.py: SARIF 2.1.0 valid against the official schema, with the kind, level,
locations and stable fingerprints its viewers rely on."""

from __future__ import annotations

import json

import jsonschema

from compliance import CheckResult, Status
from compliance.reporters import render
from compliance.reporters.sarif import to_sarif
from hostile import HOSTILE, hostile
from shapes import assert_sarif_shape
from shared import SARIF_SCHEMA, shared


def test_sarif_validates_against_the_official_schema(example_audit: CheckResult) -> None:
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(json.loads(render(example_audit, "sarif")))


def test_sarif_has_the_shape_its_readers_rely_on(example_audit: CheckResult) -> None:
    assert_sarif_shape(json.loads(render(example_audit, "sarif")))


def test_sarif_results_carry_kind_level_unit_and_stable_fingerprints(example_audit: CheckResult) -> None:
    run = json.loads(render(example_audit, "sarif"))["runs"][0]
    assert len(run["results"]) == len(example_audit.findings)
    kinds = {r["kind"] for r in run["results"]}
    assert {"pass", "fail", "notApplicable"} <= kinds
    failing = next(
        r for r in run["results"] if r["kind"] == "fail" and r["ruleId"] == "TX2324-T-BC-SO-KET-HK1"
    )
    assert failing["level"] == "error" and failing["locations"][0]["logicalLocations"][0]["name"]
    assert (
        "Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, mục C.II"
        in run["tool"]["driver"]["rules"][failing["ruleIndex"]]["fullDescription"]["text"]
    )
    again = json.loads(render(example_audit, "sarif"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in run["results"]]


def test_before_the_deadlines_sarif_says_open(early_audit: CheckResult) -> None:
    pending = [f for f in early_audit.findings if f.status is Status.pending]
    assert pending
    results = json.loads(render(early_audit, "sarif"))["runs"][0]["results"]
    opened = [r for r in results if r["kind"] == "open"]
    assert len(opened) == len(pending) and all(r["level"] == "none" for r in opened)
    assert all(r["level"] == "none" for r in results if r["kind"] in ("pass", "notApplicable"))


def test_unreadable_documents_are_sarif_results(unreadable_audit: CheckResult) -> None:
    sarif = json.loads(render(unreadable_audit, "sarif"))
    assert_sarif_shape(sarif)
    assert sarif["runs"][0]["results"][-1]["ruleId"] == "compliance/unreadable-document"


def test_hostile_text_gives_valid_sarif_that_keeps_it(example_audit: CheckResult) -> None:
    data = render(hostile(example_audit), "sarif")
    assert isinstance(data, str) and "\u000b" not in data and "\x1b" not in data
    sarif = json.loads(data)
    assert_sarif_shape(sarif)
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)
    assert HOSTILE in sarif["runs"][0]["results"][0]["message"]["text"]


def test_streamed_sarif_is_the_log_dumped_whole(unreadable_audit: CheckResult) -> None:
    whole = json.dumps(to_sarif(unreadable_audit, "en"), ensure_ascii=False, indent=2) + "\n"
    assert render(unreadable_audit, "sarif", "en") == whole
