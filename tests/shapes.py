"""What readers of SARIF and JUnit rely on, checked without the official schema files (which live
in shared/ and may be absent): used by every test that writes one of these formats."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any


def assert_sarif_shape(sarif: dict[str, Any]) -> None:
    """What SARIF 2.1.0 readers rely on, checked without the official schema file."""
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"] and "2.1.0" in sarif["$schema"]
    (run,) = sarif["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] and len({r["id"] for r in rules}) == len(rules)
    for r in run["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] in ("none", "note", "warning", "error")
        assert r["kind"] in ("pass", "open", "informational", "notApplicable", "review", "fail")
        assert r["message"]["text"].strip()
        for location in r.get("locations", []):
            assert location.get("physicalLocation") or location.get("logicalLocations")


def assert_strict_junit_shape(xml: str | bytes) -> None:
    """The strict Ant JUnit schema's demands, checked without the XSD file: a bare root, and in
    every suite the required attributes and the properties / system-out / system-err children."""
    root = ET.fromstring(xml)
    assert root.tag == "testsuites" and not root.attrib
    suites = root.findall("testsuite")
    assert [s.get("id") for s in suites] == [str(i) for i in range(len(suites))]
    for suite in suites:
        for attribute in ("name", "package", "hostname", "tests", "failures", "errors", "time"):
            assert suite.get(attribute), attribute
        dt.datetime.strptime(suite.get("timestamp", ""), "%Y-%m-%dT%H:%M:%S")
        children = [child.tag for child in suite]
        assert children[0] == "properties" and children[-2:] == ["system-out", "system-err"]
        assert set(children[1:-2]) <= {"testcase"}
        assert int(suite.get("tests", "")) == len(children) - 3
        for case in suite.iter("testcase"):
            assert case.get("name") and case.get("classname") and float(case.get("time", "")) >= 0


TOTALS = ("tests", "failures", "errors", "skipped")


def assert_junit_shape(xml: str | bytes) -> None:
    """What Jenkins, GitLab and Azure DevOps read of JUnit XML: totals on the root that are the
    sums of its suites, ``time`` everywhere, ISO 8601 timestamps with their zone, and in every
    suite as many cases as it says."""
    root = ET.fromstring(xml)
    assert root.tag == "testsuites" and root.get("name")
    suites = root.findall("testsuite")
    for key in TOTALS:
        assert int(root.get(key, "")) == sum(int(s.get(key, "0")) for s in suites), key
    for element in (root, *suites):
        assert float(element.get("time", "")) >= 0
        stamp = dt.datetime.fromisoformat(element.get("timestamp", ""))
        assert stamp.tzinfo is not None and element.get("timestamp", "")[10] == "T"
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == sum(c.find("failure") is not None for c in cases)
        assert int(suite.get("errors", "")) == sum(c.find("error") is not None for c in cases)
        assert int(suite.get("skipped", "")) == sum(c.find("skipped") is not None for c in cases)
        for case in cases:
            assert case.get("name") and case.get("classname") and float(case.get("time", "")) >= 0
