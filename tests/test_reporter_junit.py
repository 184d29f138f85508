"""reporters/junit.py: JUnit XML valid against the strict Ant schema, a test case per unit and
rule, skipped cases for what is not judged yet, an error suite per unreadable document."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import xmlschema

from compliance import CheckResult, Status
from compliance.reporters import render
from hostile import FORBIDDEN, hostile
from shapes import assert_strict_junit_shape
from shared import JUNIT_XSD, shared


def test_junit_validates_against_the_strict_ant_schema(example_audit: CheckResult) -> None:
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(render(example_audit, "junit"))


def test_junit_has_the_strict_ant_shape(example_audit: CheckResult) -> None:
    assert_strict_junit_shape(render(example_audit, "junit"))


def test_junit_has_a_case_per_unit_and_rule(example_audit: CheckResult) -> None:
    root = ET.fromstring(render(example_audit, "junit"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(example_audit.findings)
    failures = root.findall(".//failure")
    assert len(failures) == sum(f.status is Status.fail for f in example_audit.findings)
    skipped = root.findall(".//skipped")
    assert len(skipped) == sum(
        f.status in (Status.pending, Status.not_applicable) for f in example_audit.findings
    )
    assert all(s.get("message") for s in skipped)


def test_before_the_deadlines_junit_skips(early_audit: CheckResult) -> None:
    pending = [f for f in early_audit.findings if f.status is Status.pending]
    assert pending
    root = ET.fromstring(render(early_audit, "junit"))
    messages = [s.get("message") or "" for s in root.iter("skipped")]
    assert sum(m.startswith("pending") for m in messages) == len(pending)


def test_unreadable_documents_are_error_suites(unreadable_audit: CheckResult) -> None:
    junit = ET.fromstring(render(unreadable_audit, "junit"))
    assert [s.get("name", "")[-9:] for s in junit.iter("testsuite")][-2:] == ["hong.yaml", "/sai.json"]
    assert len(junit.findall(".//error")) == 2 and "school_yea" in "".join(junit.itertext())
    assert_strict_junit_shape(render(unreadable_audit, "junit"))


def test_hostile_text_gives_xml_that_parses_and_validates(example_audit: CheckResult) -> None:
    xml = render(hostile(example_audit), "junit")
    assert isinstance(xml, str) and not set(FORBIDDEN) & set(xml)
    root = ET.fromstring(xml)
    assert any("\ufffd" in (case.get("name") or "") for case in root.iter("testcase"))
    assert_strict_junit_shape(xml)
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(xml)


def test_nothing_to_report_is_an_empty_document(example_audit: CheckResult) -> None:
    empty = example_audit.model_copy(update={"findings": [], "problems": []})
    assert ET.fromstring(render(empty, "junit")).tag == "testsuites"
