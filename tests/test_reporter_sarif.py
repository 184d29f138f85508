"""reporters/sarif.py: SARIF 2.1.0 valid against the official schema, as GitHub code scanning
expects it: only what to act on by default (``sarif-all``: every finding), a physical location
for every result, relative URIs with a base, suppressions for waivers, the store's fingerprints."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from builders import EXAMPLES, ROSTER
from compliance import CheckResult, Engine, Status
from compliance.audit import EngineSpec, audit
from compliance.findings import Evidence
from compliance.fingerprint import fingerprint
from compliance.reporters import render
from compliance.reporters.sarif import ACTIONABLE, help_uri, information_uri, project_urls, real_url, to_sarif
from compliance.roster import load_roster
from compliance.waivers import Waiver
from hostile import HOSTILE, hostile
from shapes import assert_sarif_shape
from shared import SARIF_SCHEMA, shared

FORMATS = ["sarif", "sarif-all"]
KHUONG_MAI = "VN-HN-TX-TH-KHUONGMAI"  # on the roster, sent nothing


def log(result: CheckResult, fmt: str = "sarif", lang: str = "vi") -> dict[str, Any]:
    data = render(result, fmt, lang)  # type: ignore[arg-type]
    assert isinstance(data, str)
    parsed: dict[str, Any] = json.loads(data)
    return parsed


def run_of(result: CheckResult, fmt: str = "sarif") -> dict[str, Any]:
    run: dict[str, Any] = log(result, fmt)["runs"][0]
    return run


def artifact_locations(value: Any) -> Iterator[dict[str, Any]]:
    """Every ``artifactLocation`` in a SARIF value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "artifactLocation":
                yield item
            else:
                yield from artifact_locations(item)
    elif isinstance(value, list):
        for item in value:
            yield from artifact_locations(item)


@pytest.mark.parametrize("fmt", FORMATS)
def test_sarif_validates_against_the_official_schema(example_audit: CheckResult, fmt: str) -> None:
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(log(example_audit, fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_sarif_has_the_shape_its_readers_rely_on(example_audit: CheckResult, fmt: str) -> None:
    assert_sarif_shape(log(example_audit, fmt))


def test_by_default_only_the_findings_to_act_on_are_results(example_audit: CheckResult) -> None:
    run = run_of(example_audit)
    statuses = [r["properties"]["status"] for r in run["results"]]
    assert statuses and {Status(s) for s in statuses} <= ACTIONABLE
    assert len(statuses) == sum(f.status in ACTIONABLE for f in example_audit.findings)


def test_the_findings_left_out_are_counted_in_the_invocation(example_audit: CheckResult) -> None:
    (invocation,) = run_of(example_audit)["invocations"]
    properties = invocation["properties"]
    assert properties["findings"] == len(example_audit.findings)
    assert properties["results_left_out"] == sum(f.status not in ACTIONABLE for f in example_audit.findings)
    assert properties["by_status"]["pass"] == sum(f.status is Status.pass_ for f in example_audit.findings)


def test_sarif_all_has_every_finding_with_its_kind(example_audit: CheckResult) -> None:
    run = run_of(example_audit, "sarif-all")
    assert len(run["results"]) == len(example_audit.findings)
    assert {"pass", "fail", "notApplicable"} <= {r["kind"] for r in run["results"]}
    assert all(r["level"] == "none" for r in run["results"] if r["kind"] != "fail")
    assert run["invocations"][0]["properties"]["results_left_out"] == 0


def test_a_failure_has_its_level_unit_and_the_plans_words(example_audit: CheckResult) -> None:
    run = run_of(example_audit)
    failing = next(
        r for r in run["results"] if r["kind"] == "fail" and r["ruleId"] == "TX2324-T-BC-SO-KET-HK1"
    )
    assert failing["level"] == "error" and failing["locations"][0]["logicalLocations"][0]["name"]
    assert (
        "Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, mục C.II"
        in run["tool"]["driver"]["rules"][failing["ruleIndex"]]["fullDescription"]["text"]
    )


def test_before_the_deadlines_sarif_all_says_open(early_audit: CheckResult) -> None:
    pending = [f for f in early_audit.findings if f.status is Status.pending]
    assert pending
    results = run_of(early_audit, "sarif-all")["results"]
    opened = [r for r in results if r["kind"] == "open"]
    assert len(opened) == len(pending) and all(r["level"] == "none" for r in opened)


def test_before_the_deadlines_sarif_leaves_pending_findings_out(early_audit: CheckResult) -> None:
    assert not [r for r in run_of(early_audit)["results"] if r["kind"] == "open"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_result_has_a_physical_location_with_a_line(example_audit: CheckResult, fmt: str) -> None:
    results = run_of(example_audit, fmt)["results"]
    assert any(not f.evidence for f in example_audit.findings)  # the case this is about
    for r in results:
        physical = r["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] and physical["region"]["startLine"] >= 1, r


def test_a_finding_without_evidence_points_at_its_units_report(example_audit: CheckResult) -> None:
    f = next(f for f in example_audit.findings if not f.evidence and f.unit_id != KHUONG_MAI)
    files = {
        d.file for d in example_audit.documents if (d.unit_id, d.school_year) == (f.unit_id, f.school_year)
    }
    run = run_of(example_audit, "sarif-all")
    (r,) = [r for r in run["results"] if r["partialFingerprints"]["compliance/v1"] == fingerprint(f)]
    assert resolve(run, r["locations"][0]["physicalLocation"]["artifactLocation"]) in {
        Path(os.path.abspath(p)) for p in files
    }


def resolve(run: dict[str, Any], artifact: dict[str, str]) -> Path:
    """The file an artifact location names, through ``originalUriBaseIds``."""
    base = run["originalUriBaseIds"][artifact["uriBaseId"]]["uri"]
    return Path(unquote(urlsplit(base).path)) / unquote(artifact["uri"])


def roster_line(path: Path, unit_id: str) -> int:
    return next(
        i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if unit_id in line
    )


def test_a_unit_that_sent_nothing_points_at_its_row_of_the_roster(example_audit: CheckResult) -> None:
    run = run_of(example_audit)
    missing = [r for r in run["results"] if r["properties"]["unit_id"] == KHUONG_MAI]
    assert missing
    for r in missing:
        physical = r["locations"][0]["physicalLocation"]
        assert resolve(run, physical["artifactLocation"]) == ROSTER.resolve()
        assert physical["region"]["startLine"] == roster_line(ROSTER, KHUONG_MAI)


def test_a_yaml_roster_gives_the_units_line(bundled_engine: Engine) -> None:
    roster = ROSTER.with_suffix(".yaml")
    result = audit(
        [EXAMPLES / "th-kim-giang"],
        spec=EngineSpec(),
        as_of=dt.date(2024, 6, 30),
        roster=load_roster(roster),
        jobs=1,
        engine=bundled_engine,
    )
    run = run_of(result)
    r = next(r for r in run["results"] if r["properties"]["unit_id"] == KHUONG_MAI)
    physical = r["locations"][0]["physicalLocation"]
    assert resolve(run, physical["artifactLocation"]) == roster.resolve()
    assert physical["region"]["startLine"] == roster_line(roster, KHUONG_MAI)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_uri_is_absolute(example_audit: CheckResult, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent.parent)  # the checkout, as on CI
    run = run_of(example_audit, fmt)
    locations = list(artifact_locations(run))
    assert locations
    for location in locations:
        uri = location["uri"]
        assert not urlsplit(uri).scheme and not uri.startswith("/"), uri
        assert location["uriBaseId"] == "%SRCROOT%"
    assert run["originalUriBaseIds"] == {
        "%SRCROOT%": {"uri": EXAMPLES.parent.parent.resolve().as_uri() + "/"}
    }


def test_files_outside_the_working_directory_are_relative_to_their_folder(
    example_audit: CheckResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_of(example_audit)
    locations = list(artifact_locations(run))
    assert {loc["uriBaseId"] for loc in locations} == {"REPORTROOT"}
    assert all(not urlsplit(loc["uri"]).scheme and not loc["uri"].startswith("/") for loc in locations)
    base = run["originalUriBaseIds"]["REPORTROOT"]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    assert all(resolve(run, loc).exists() for loc in locations)


def test_a_vietnamese_file_name_is_percent_encoded(
    bundled_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "báo cáo"
    folder.mkdir()
    (folder / "sổ kết.yaml").write_text(
        (EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    run = run_of(bundled_engine.check(str(folder), as_of=dt.date(2024, 6, 30)), "sarif-all")
    uris = {loc["uri"] for loc in artifact_locations(run)}
    assert uris == {"b%C3%A1o%20c%C3%A1o/s%E1%BB%95%20k%E1%BA%BFt.yaml"}


def test_a_waived_finding_is_a_suppressed_result_with_the_reason(bundled_engine: Engine) -> None:
    waiver = Waiver(
        unit_id="VN-HN-TX-TH-KIMGIANG",
        rule_id="TX2324-T-DIEN-TAP-PCCC",
        reason="Trường đang sửa chữa, diễn tập chuyển sang tháng 9/2024",
        approved_by="Phòng GDĐT quận Thanh Xuân",
        legal_basis="Công văn số 123/PGDĐT-VP ngày 05/3/2024",
        expires=dt.date(2024, 9, 30),
    )
    result = bundled_engine.check(
        str(EXAMPLES / "th-kim-giang"), as_of=dt.date(2024, 6, 30), waivers=[waiver]
    )
    waived = [r for r in run_of(result)["results"] if r["properties"]["status"] == "waived"]
    assert len(waived) == 1
    (suppression,) = waived[0]["suppressions"]
    assert (
        suppression["kind"] == "external"
        and "diễn tập chuyển sang tháng 9/2024" in suppression["justification"]
    )
    assert all(
        "suppressions" not in r for r in run_of(result)["results"] if r["properties"]["status"] != "waived"
    )


def test_fingerprints_are_the_stores_and_the_same_in_another_run(
    example_audit: CheckResult, bundled_engine: Engine
) -> None:
    again = audit(
        [EXAMPLES],
        spec=EngineSpec(),
        as_of=dt.date(2024, 7, 1),
        roster=load_roster(ROSTER),
        jobs=1,
        engine=bundled_engine,
    )
    first, second = run_of(example_audit, "sarif-all")["results"], run_of(again, "sarif-all")["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]
    assert [r["partialFingerprints"]["compliance/v1"] for r in first] == [
        fingerprint(f) for f in example_audit.findings
    ]


def test_a_finding_with_much_evidence_has_ten_locations_and_the_rest_related(
    example_audit: CheckResult,
) -> None:
    f = next(f for f in example_audit.findings if f.evidence and f.status is Status.fail)
    evidence = [
        Evidence(document=f.evidence[0].document, pointer=f"/meetings/{i}", line=10 + i, column=5)
        for i in range(14)
    ]
    many = example_audit.model_copy(update={"findings": [dataclasses.replace(f, evidence=evidence)]})
    (r,) = run_of(many)["results"]
    assert len(r["locations"]) == 10 and [x["id"] for x in r["relatedLocations"]] == [0, 1, 2, 3]
    assert r["relatedLocations"][-1]["physicalLocation"]["region"] == {"startLine": 23, "startColumn": 5}


def test_unreadable_documents_are_sarif_results(unreadable_audit: CheckResult) -> None:
    sarif = log(unreadable_audit)
    assert_sarif_shape(sarif)
    last = sarif["runs"][0]["results"][-1]
    assert last["ruleId"] == "compliance/unreadable-document"
    assert last["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("sai.json")


def test_hostile_text_gives_valid_sarif_that_keeps_it(example_audit: CheckResult) -> None:
    data = render(hostile(example_audit), "sarif-all")
    assert isinstance(data, str) and "\u000b" not in data and "\x1b" not in data
    sarif = json.loads(data)
    assert_sarif_shape(sarif)
    schema = json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(sarif)
    assert HOSTILE in sarif["runs"][0]["results"][0]["message"]["text"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_streamed_sarif_is_the_log_dumped_whole(unreadable_audit: CheckResult, fmt: str) -> None:
    whole = json.dumps(
        to_sarif(unreadable_audit, "en", every=fmt == "sarif-all"), ensure_ascii=False, indent=2
    )
    assert render(unreadable_audit, fmt, "en") == whole + "\n"


# ----------------------------------------------------------------------------- the project's addresses


@pytest.mark.parametrize(
    ("url", "real"),
    [
        ("https://example.invalid/compliance/docs", False),
        ("https://docs.example/compliance", False),
        ("https://example.org/compliance", False),
        ("http://localhost:8080/docs", False),
        ("ftp://moet.gov.vn/compliance", False),
        ("https://moet.gov.vn/compliance", True),
    ],
)
def test_only_a_real_address_is_written(url: str, real: bool) -> None:
    assert real_url(url) is real


def test_no_invented_address_is_in_the_log(example_audit: CheckResult) -> None:
    """Only real addresses of the package's ``[project.urls]`` are written (today's
    ``Documentation`` is ``example.invalid``: none is)."""
    run = run_of(example_audit, "sarif-all")
    driver = run["tool"]["driver"]
    links = [driver.get("informationUri"), *(r.get("helpUri") for r in driver["rules"])]
    assert all(real_url(link) for link in links if link is not None)
    assert "example.invalid" not in json.dumps(run)
    assert ("informationUri" in driver) == (information_uri(project_urls()) is not None)


def test_help_points_at_the_docs_of_the_rule() -> None:
    urls = {"documentation": "https://moet.gov.vn/compliance/docs/"}
    assert help_uri("compliance/no-applicable-pack", None, urls) == (
        "https://moet.gov.vn/compliance/docs/report-format.md#scope--ph%E1%BA%A1m-vi-%C3%A1p-d%E1%BB%A5ng"
    )
    bundled = "rules/002-thanh-xuan-gdct-cths-2023-2024.yaml"
    assert help_uri("TX2324-T-KE-HOACH", bundled, urls) == "https://moet.gov.vn/compliance/docs/packs/002.md"
    assert help_uri("X-1", "my-rules/002-own.yaml", urls) is None  # not a bundled pack: no page of ours
    assert help_uri("TX2324-T-KE-HOACH", bundled, {}) is None
