"""Every reporter on the bundled examples: formats validated and parsed the way their readers do."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any

import jsonschema
import pytest
import xmlschema
from openpyxl import load_workbook

from builders import EXAMPLES, ROOT
from compliance import CheckResult, Engine, Status
from compliance.audit import EngineSpec, audit
from compliance.reporters import render, text
from compliance.roster import load_roster
from shared import JUNIT_XSD, SARIF_SCHEMA, shared


@pytest.fixture(scope="module")
def result(bundled_engine: Engine) -> CheckResult:
    roster = load_roster(ROOT / "examples" / "roster-thanh-xuan-2023-2024.csv")
    return audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=dt.date(2024, 6, 30),
        roster=roster,
        jobs=1,
        engine=bundled_engine,
    )


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


def test_sarif_validates_against_the_official_schema(result: CheckResult) -> None:
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(json.loads(render(result, "sarif")))


def test_sarif_has_the_shape_its_readers_rely_on(result: CheckResult) -> None:
    assert_sarif_shape(json.loads(render(result, "sarif")))


def test_junit_validates_against_the_strict_ant_schema(result: CheckResult) -> None:
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(render(result, "junit"))


def test_junit_has_the_strict_ant_shape(result: CheckResult) -> None:
    assert_strict_junit_shape(render(result, "junit"))


def test_sarif_results_carry_kind_level_unit_and_stable_fingerprints(result: CheckResult) -> None:
    run = json.loads(render(result, "sarif"))["runs"][0]
    assert len(run["results"]) == len(result.findings)
    kinds = {r["kind"] for r in run["results"]}
    assert {"pass", "fail", "notApplicable"} <= kinds
    failing = next(
        r for r in run["results"] if r["kind"] == "fail" and r["ruleId"] == "TX2324-T-BC-SO-KET-HK1"
    )
    assert failing["level"] == "error" and failing["locations"][0]["logicalLocations"][0]["name"]
    assert (
        "002_ef403fffc9314121.txt"
        in run["tool"]["driver"]["rules"][failing["ruleIndex"]]["fullDescription"]["text"]
    )
    again = json.loads(render(result, "sarif"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in run["results"]]


def test_junit_has_a_case_per_unit_and_rule(result: CheckResult) -> None:
    root = ET.fromstring(render(result, "junit"))
    cases = root.findall(".//testcase")
    assert len(cases) == len(result.findings)
    failures = root.findall(".//failure")
    assert len(failures) == sum(f.status is Status.fail for f in result.findings)
    skipped = root.findall(".//skipped")
    assert len(skipped) == sum(f.status in (Status.pending, Status.not_applicable) for f in result.findings)
    assert all(s.get("message") for s in skipped)


def test_xlsx_reopens_with_summary_filters_and_frozen_header(result: CheckResult) -> None:
    book = load_workbook(io.BytesIO(render(result, "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Tổng hợp", "Kết luận"]
    sheet = book["Kết luận"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref is not None
    assert sheet.max_row == len(result.findings) + 1
    assert sheet.cell(1, 1).value == "Mã đơn vị"


def test_xlsx_in_english(result: CheckResult) -> None:
    book = load_workbook(io.BytesIO(render(result, "xlsx", "en")))  # type: ignore[arg-type]
    assert book.sheetnames == ["Summary", "Findings"]
    labels = [row[0] for row in book["Summary"].iter_rows(values_only=True)]
    assert {"Units expected", "Units reporting", "Met", "Not met", "Sent nothing"} <= set(labels)
    assert book["Findings"].cell(1, 1).value == "Unit id"


def test_before_the_deadlines_sarif_says_open_and_junit_skips(bundled_engine: Engine) -> None:
    early = audit(
        [EXAMPLES / "th-kim-giang"],
        spec=EngineSpec(),
        as_of=dt.date(2024, 1, 2),
        jobs=1,
        engine=bundled_engine,
    )
    pending = [f for f in early.findings if f.status is Status.pending]
    assert pending
    results = json.loads(render(early, "sarif"))["runs"][0]["results"]
    opened = [r for r in results if r["kind"] == "open"]
    assert len(opened) == len(pending) and all(r["level"] == "none" for r in opened)
    assert all(r["level"] == "none" for r in results if r["kind"] in ("pass", "notApplicable"))
    root = ET.fromstring(render(early, "junit"))
    messages = [s.get("message") or "" for s in root.iter("skipped")]
    assert sum(m.startswith("pending") for m in messages) == len(pending)


def test_csv_has_a_bom_and_one_row_per_finding(result: CheckResult) -> None:
    data = render(result, "csv")
    assert isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã đơn vị" and len(rows) == len(result.findings) + 1
    english = list(csv.reader(io.StringIO(render(result, "csv", "en").decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert english[0][:6] == ["Unit id", "Unit name", "Unit type", "School year", "Rule pack", "Rule id"]
    assert all(len(row) == len(rows[0]) for row in rows + english)
    assert any("Trường Tiểu học Kim Giang" in row for row in rows)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.external: list[str] = []
        self.tags: set[str] = set()
        self.ids: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
            elif name == "href" and value:
                self.links.append(value[1:])
            elif name == "id" and value:
                self.ids.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_is_self_contained_and_shows_every_finding(result: CheckResult) -> None:
    page = render(result, "html")
    assert isinstance(page, str)
    parser = _Collector()
    parser.feed(page)
    text = "".join(parser.text)
    assert parser.external == [] and "script" not in parser.tags and "svg" in parser.tags
    for f in result.findings:
        assert f.rule_id in text and (f.unit_name or f.unit_id) in text
    assert "Không gửi báo cáo nào" in text and "VN-HN-TX-TH-KHUONGMAI" in text
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert "@media print" in page and "<script" not in page and "@import" not in page


def test_html_links_reach_every_finding_once(result: CheckResult) -> None:
    page = render(result, "html", "en")
    assert isinstance(page, str)
    parser = _Collector()
    parser.feed(page)
    assert len(parser.ids) == len(set(parser.ids))
    assert set(parser.links) <= set(parser.ids)
    assert sum(i.startswith("finding-") for i in parser.ids) == len(result.findings)
    assert "Compliance by unit" in "".join(parser.text)


def test_html_escapes_text_from_reports(bundled_engine: Engine, tmp_path: object) -> None:
    from builders import report

    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02")
    data["submitter"] = {**data["submitter"], "unit_name": "<script>alert(1)</script>"}
    page = render(bundled_engine.check(data, as_of=dt.date(2024, 6, 30)), "html")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("fmt", ["text", "json", "html", "csv", "sarif", "junit", "xlsx"])
def test_every_reporter_renders_a_check_result_too(bundled_engine: Engine, fmt: str) -> None:
    checked = bundled_engine.check(str(EXAMPLES / "th-kim-giang"), as_of=dt.date(2024, 6, 30))
    assert render(checked, fmt, "en")


def test_unreadable_documents_appear_in_every_spreadsheet_and_sarif(
    tmp_path: object, bundled_engine: Engine
) -> None:
    import shutil
    from pathlib import Path

    folder = Path(str(tmp_path)) / "bao-cao"
    shutil.copytree(EXAMPLES / "mn-hoa-sen", folder)
    (folder / "hong.yaml").write_text("kind: [\n", encoding="utf-8")
    (folder / "sai.json").write_text('{"kind": "BC_SO_KET_HK1", "school_yea": "2023-2024"}', encoding="utf-8")
    result = audit([folder], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1, engine=bundled_engine)
    assert len(result.problems) > 2 and result.audit is not None and result.audit.unreadable == 2
    junit = ET.fromstring(render(result, "junit"))
    assert [s.get("name", "")[-9:] for s in junit.iter("testsuite")][-2:] == ["hong.yaml", "/sai.json"]
    assert len(junit.findall(".//error")) == 2 and "school_yea" in "".join(junit.itertext())
    assert "hong.yaml" in render(result, "csv").decode("utf-8-sig")  # type: ignore[union-attr]
    assert "sai.json" in render(result, "html")
    sarif = json.loads(render(result, "sarif"))
    assert_sarif_shape(sarif)
    assert_strict_junit_shape(render(result, "junit"))
    assert sarif["runs"][0]["results"][-1]["ruleId"] == "compliance/unreadable-document"
    book = load_workbook(io.BytesIO(render(result, "xlsx")))  # type: ignore[arg-type]
    assert book["Kết luận"].max_row == len(result.findings) + len(result.problems) + 1


@pytest.fixture(scope="module")
def unreadable(tmp_path_factory: pytest.TempPathFactory, bundled_engine: Engine) -> CheckResult:
    """An audit of a folder holding one report whose YAML is broken."""
    folder = tmp_path_factory.mktemp("bao-cao")
    (folder / "hong.yaml").write_text("kind: BC_SO_KET_HK1\nsubmitter: [\n", encoding="utf-8")
    return audit([folder], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1, engine=bundled_engine)


def test_unreadable_document_is_listed_in_text_with_its_code(unreadable: CheckResult) -> None:
    listed = text.render(unreadable, width=400)  # the temporary folder's path is long
    assert re.search(r"hong\.yaml:\d+:\d+ \[yaml-syntax\] lỗi cú pháp YAML", listed)


def test_unreadable_document_carries_its_code_as_a_sarif_property(unreadable: CheckResult) -> None:
    (result,) = json.loads(render(unreadable, "sarif"))["runs"][0]["results"]
    assert result["properties"] == {"code": "yaml-syntax"}


def test_unreadable_document_carries_its_code_in_junit(unreadable: CheckResult) -> None:
    (error,) = ET.fromstring(render(unreadable, "junit")).iter("error")
    assert "[yaml-syntax]" in (error.text or "")


def test_unreadable_document_carries_its_code_in_the_json(unreadable: CheckResult) -> None:
    assert [p["code"] for p in json.loads(render(unreadable, "json"))["problems"]] == ["yaml-syntax"]
