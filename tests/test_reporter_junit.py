"""reporters/junit.py: JUnit XML in two flavours, ``junit`` (totals on the root, zoned ISO 8601
timestamps: what Jenkins, GitLab and Azure read) and ``junit-ant`` (valid against the strict Ant
schema); a test case per unit and rule, skipped cases for what is not judged yet, an error suite
per unreadable document."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from compliance import CheckResult, Status
from compliance.reporters import render
from hostile import FORBIDDEN, hostile
from shapes import TOTALS, assert_junit_shape, assert_strict_junit_shape
from shared import JUNIT_XSD, shared

FORMATS = ["junit", "junit-ant"]


def xml_of(result: CheckResult, fmt: str = "junit") -> str:
    out = render(result, fmt)
    assert isinstance(out, str)
    return out


def test_the_strict_flavour_validates_against_the_ant_schema(example_audit: CheckResult) -> None:
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(xml_of(example_audit, "junit-ant"))


def test_the_strict_flavour_has_the_ant_shape(example_audit: CheckResult) -> None:
    assert_strict_junit_shape(xml_of(example_audit, "junit-ant"))


def test_the_default_flavour_has_the_shape_ci_servers_read(example_audit: CheckResult) -> None:
    assert_junit_shape(xml_of(example_audit))


def test_the_default_flavours_root_totals_are_the_sums_of_its_suites(unreadable_audit: CheckResult) -> None:
    root = ET.fromstring(xml_of(unreadable_audit))
    suites = root.findall("testsuite")
    assert len(suites) > 2
    for key in TOTALS:
        assert int(root.get(key, "")) == sum(int(s.get(key, "0")) for s in suites), key


def test_the_default_flavours_root_counts_the_findings(example_audit: CheckResult) -> None:
    root = ET.fromstring(xml_of(example_audit))
    statuses = [f.status for f in example_audit.findings]
    assert root.get("tests") == str(len(statuses))
    assert root.get("failures") == str(statuses.count(Status.fail))
    assert root.get("errors") == str(statuses.count(Status.error))
    skipped = sum(s in (Status.pending, Status.not_applicable, Status.waived) for s in statuses)
    assert root.get("skipped") == str(skipped)


def test_the_default_flavours_timestamps_are_iso_8601_with_the_zone(example_audit: CheckResult) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root = ET.fromstring(xml_of(example_audit))
    after = dt.datetime.now(dt.UTC)
    for element in (root, *root.iter("testsuite")):
        stamp = dt.datetime.fromisoformat(element.get("timestamp", ""))
        assert stamp.tzinfo is not None and before <= stamp <= after


def test_the_strict_flavours_timestamps_have_no_zone(example_audit: CheckResult) -> None:
    stamps = re.findall(r'timestamp="([^"]*)"', xml_of(example_audit, "junit-ant"))
    assert stamps and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", s) for s in stamps)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_case_and_suite_has_a_time_that_is_not_measured(example_audit: CheckResult, fmt: str) -> None:
    root = ET.fromstring(xml_of(example_audit, fmt))
    elements = [*root.iter("testsuite"), *root.iter("testcase")]
    assert elements and {e.get("time") for e in elements} == {"0"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_junit_has_a_case_per_unit_and_rule(example_audit: CheckResult, fmt: str) -> None:
    root = ET.fromstring(xml_of(example_audit, fmt))
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
    root = ET.fromstring(xml_of(early_audit))
    messages = [s.get("message") or "" for s in root.iter("skipped")]
    assert sum(m.startswith("pending") for m in messages) == len(pending)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unreadable_documents_are_error_suites(unreadable_audit: CheckResult, fmt: str) -> None:
    junit = ET.fromstring(xml_of(unreadable_audit, fmt))
    assert [s.get("name", "")[-9:] for s in junit.iter("testsuite")][-2:] == ["hong.yaml", "/sai.json"]
    assert len(junit.findall(".//error")) == 2 and "school_yea" in "".join(junit.itertext())


def test_unreadable_documents_keep_both_flavours_valid(unreadable_audit: CheckResult) -> None:
    assert_strict_junit_shape(xml_of(unreadable_audit, "junit-ant"))
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(xml_of(unreadable_audit, "junit-ant"))
    assert_junit_shape(xml_of(unreadable_audit))


def test_hostile_text_gives_xml_that_parses_and_validates(example_audit: CheckResult) -> None:
    for fmt in FORMATS:
        xml = xml_of(hostile(example_audit), fmt)
        assert not set(FORBIDDEN) & set(xml)
        root = ET.fromstring(xml)
        assert any("\ufffd" in (case.get("name") or "") for case in root.iter("testcase"))
    xml = xml_of(hostile(example_audit), "junit-ant")
    assert_strict_junit_shape(xml)
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(xml)
    assert_junit_shape(xml_of(hostile(example_audit)))


def test_nothing_to_report_is_an_empty_document_with_zero_totals(example_audit: CheckResult) -> None:
    empty = example_audit.model_copy(update={"findings": [], "problems": []})
    root = ET.fromstring(xml_of(empty))
    assert root.tag == "testsuites" and [root.get(key) for key in TOTALS] == ["0", "0", "0", "0"]
    strict = xml_of(empty, "junit-ant")
    assert ET.fromstring(strict).tag == "testsuites" and not ET.fromstring(strict).attrib
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(strict)
