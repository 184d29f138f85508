"""Scope: which packs a portfolio falls under, and the engine's own findings when that is in doubt.

Zero findings is never a quiet success: a portfolio that no pack applies to, a place that only
nearly matches a pack's, documents that disagree about their unit — each is a critical ``error``
finding (``compliance/…``) that every ``--fail-on`` level catches, with the reason and the fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
import yaml

from builders import EXAMPLES, PACK_HEAD, engine_for, report, reported_by, rule
from compliance import CheckResult, Engine, ReportError, Severity, Status
from compliance.audit import EngineSpec, audit
from compliance.cli import main
from compliance.compiler import compile_packs
from compliance.errors import Code
from compliance.findings import Finding
from compliance.loading import load_text
from compliance.portfolio import group
from compliance.reporters import REPORTERS, render
from compliance.resources import schema
from compliance.roster import load_roster
from compliance.scope import CONFLICTING_SCOPE, NO_APPLICABLE_PACK, UNMATCHED_PLACE
from compliance.textnorm import loose_place_key, place_key
from shapes import assert_junit_shape
from shared import JUNIT_XSD, SARIF_SCHEMA, shared

AS_OF = dt.date(2024, 6, 30)
KIM_GIANG_HK1 = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"
HK1 = {"kind": "BC_SO_KET_HK1", "received_at": "2024-01-02T16:41:00+07:00", "topics": ["GDCT_CTHS"]}
REQUIRED_DRILL = {
    "required": {"select": {"collection": "drills", "where": {"field": "kind", "eq": "THUC_TAP_PACC"}}}
}


def only(result: CheckResult) -> Finding:
    (finding,) = result.findings
    return finding


def ids(result: CheckResult) -> list[str]:
    return [f.rule_id for f in result.findings]


def in_district(district: str, **fields: Any) -> dict[str, Any]:
    """Nhân Chính's report, with its district written as ``district``."""
    return reported_by(report(**{**HK1, **fields}), district=district)


def packs(*heads: dict[str, Any]) -> Engine:
    """An engine of several one-rule packs, each ``PACK_HEAD`` with the jurisdiction and id given."""
    files = []
    for index, head in enumerate(heads):
        document = {**PACK_HEAD["document"], "jurisdiction": head["jurisdiction"]}
        data = {**PACK_HEAD, "pack": head["pack"], "document": document, "rules": head["rules"]}
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        files.append(load_text(text, name=f"pack-{index}.yaml", format="yaml"))
    return Engine(compile_packs(files))


def copy_example(tmp_path: Path, name: str, **submitter: str) -> Path:
    """Kim Giang's HK1 report copied to ``tmp_path/name`` with ``submitter`` fields rewritten (in
    the text, as a person edits it: the rest of the file, and its lines, stay as they are)."""
    text = KIM_GIANG_HK1.read_text(encoding="utf-8")
    for field, value in submitter.items():
        text, found = re.subn(rf"(?m)^(  {field}: ).*$", rf"\g<1>{value}", text)
        assert found == 1, field
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    return target


# ----------------------------------------------------------------------------- place names


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("thanh  xuân", "Thanh Xuân"),
        ("THANH XUÂN", "Thanh Xuân"),
        (" Thanh\tXuân ", "Thanh Xuân"),
        ("Thanh Xua\u0302n", "Thanh Xuân"),  # NFD, as some keyboards type it
        ("Hoà Bình", "Hòa Bình"),  # tone mark on the other vowel: the same name
        ("Thuỷ Nguyên", "Thủy Nguyên"),
        ("Khánh Hoà", "Khánh Hòa"),
    ],
)
def test_place_names_match_whatever_the_case_spacing_and_tone_placement(written: str, canonical: str) -> None:
    assert place_key(written) == place_key(canonical)


@pytest.mark.parametrize(
    ("written", "other"),
    [
        ("Thanh Xuan", "Thanh Xuân"),  # a letter without its mark is another letter
        ("Dong Da", "Đống Đa"),
        ("Đống Đa", "Dống Da"),  # đ is not d
        ("Hà Nam", "Hà Năm"),
        ("Thanh Hóa", "Thanh Họa"),  # another tone is another name
        ("Quận Thanh Xuân", "Thanh Xuân"),  # huyện Kỳ Anh and thị xã Kỳ Anh are two units
        ("Q. Thanh Xuân", "Thanh Xuân"),
    ],
)
def test_place_names_that_differ_by_a_letter_or_a_prefix_do_not_match(written: str, other: str) -> None:
    assert place_key(written) != place_key(other)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Thanh Xuan", "Thanh Xuân"),
        ("Dong Da", "Đống Đa"),
        ("Q. Thanh Xuân", "Thanh Xuân"),
        ("Quận Thanh Xuân", "Thanh Xuân"),
        ("TP. Hà Nội", "Hà Nội"),
        ("Thành phố Hà Nội", "Hà Nội"),
        ("H. Si Ma Cai", "Si Ma Cai"),
        ("Si-Ma-Cai", "Si Ma Cai"),
    ],
)
def test_a_loose_match_finds_what_was_probably_meant(written: str, meant: str) -> None:
    assert loose_place_key(written) == loose_place_key(meant)


def test_a_prefix_alone_is_a_name_not_a_prefix() -> None:
    assert loose_place_key("Quận") == "quan"


# ----------------------------------------------------------------------------- no pack applies


def test_a_district_without_diacritics_is_one_error_that_suggests_the_packs_spelling(
    bundled_engine: Engine,
) -> None:
    finding = only(bundled_engine.check(in_district("Thanh Xuan"), as_of=AS_OF))
    assert (finding.rule_id, finding.status, finding.severity) == (
        NO_APPLICABLE_PACK,
        Status.error,
        Severity.critical,
    )
    assert "submitter.district: Thanh Xuan — có phải 'Thanh Xuân'?" in finding.message.vi
    assert "submitter.district: Thanh Xuan — did you mean 'Thanh Xuân'?" in finding.message.en
    assert "thanh-xuan-gdct-cths-2023-2024 (Hà Nội / Thanh Xuân)" in finding.message.en
    assert "'Thanh Xuân'" in finding.remediation.vi


def test_the_no_pack_error_points_at_the_place_as_written(bundled_engine: Engine) -> None:
    finding = only(bundled_engine.check(in_district("Thanh Xuan"), as_of=AS_OF))
    assert [(e.pointer, e.value, e.line is not None) for e in finding.evidence] == [
        ("/submitter/district", "Thanh Xuan", True)
    ]


def test_the_no_pack_error_belongs_to_no_pack_and_cites_no_plan(bundled_engine: Engine) -> None:
    finding = only(bundled_engine.check(in_district("Thanh Xuan"), as_of=AS_OF))
    assert (finding.pack, finding.source, finding.kind) == (None, None, "scope")


@pytest.mark.parametrize("written", ["thanh  xuân", "THANH XUÂN", "Thanh Xua\u0302n"])
def test_a_district_written_in_another_case_or_spacing_is_checked_as_written_canonically(
    bundled_engine: Engine, written: str
) -> None:
    canonical = bundled_engine.check(in_district("Thanh Xuân"), as_of=AS_OF)
    variant = bundled_engine.check(in_district(written), as_of=AS_OF)
    assert [(f.rule_id, f.status) for f in variant.findings] == [
        (f.rule_id, f.status) for f in canonical.findings
    ]
    assert NO_APPLICABLE_PACK not in ids(variant) and UNMATCHED_PLACE not in ids(variant)


@pytest.mark.parametrize("written", ["Q. Thanh Xuân", "Quận Thanh Xuân"])
def test_a_district_with_its_title_in_front_is_not_matched_silently(
    bundled_engine: Engine, written: str
) -> None:
    finding = only(bundled_engine.check(in_district(written), as_of=AS_OF))
    assert finding.rule_id == NO_APPLICABLE_PACK
    assert f"{written} — có phải 'Thanh Xuân'?" in finding.message.vi


def test_d_without_stroke_is_only_a_suggestion_for_d_with_stroke() -> None:
    head = {**PACK_HEAD["document"], "jurisdiction": {"province": "Hà Nội", "district": "Đống Đa"}}
    engine = engine_for(rule(REQUIRED_DRILL), document=head)
    assert only(engine.check(in_district("Đống Đa"), as_of=AS_OF)).rule_id == "R-1"
    finding = only(engine.check(in_district("Dong Da"), as_of=AS_OF))
    assert finding.rule_id == NO_APPLICABLE_PACK
    assert "Dong Da — did you mean 'Đống Đa'?" in finding.message.en


def test_a_long_place_is_cut_in_the_message_and_kept_whole_in_the_evidence(bundled_engine: Engine) -> None:
    long = "Thanh Xuân " * 1000
    finding = only(bundled_engine.check(in_district(long), as_of=AS_OF))
    assert len(finding.message.vi) < 600 and "…" in finding.message.vi
    assert [e.value for e in finding.evidence if e.pointer == "/submitter/district"] == [long]


def test_a_school_year_no_pack_covers_lists_the_years_there_are(bundled_engine: Engine) -> None:
    finding = only(bundled_engine.check(report(school_year="2030-2031"), as_of=dt.date(2031, 6, 30)))
    assert finding.rule_id == NO_APPLICABLE_PACK
    assert "There is no rule pack for school year 2030-2031" in finding.message.en
    assert "school year 2020-2021: " in finding.message.en and "school year 2023-2024: " in finding.message.en
    assert "school_year" in finding.remediation.en
    assert [e.pointer for e in finding.evidence] == ["/school_year"]


def test_a_place_no_pack_covers_without_a_near_miss_says_so_and_suggests_nothing(
    bundled_engine: Engine,
) -> None:
    finding = only(bundled_engine.check(in_district("Cầu Giấy"), as_of=AS_OF))
    assert finding.rule_id == NO_APPLICABLE_PACK
    assert "covers the unit's place (Hà Nội / Cầu Giấy)" in finding.message.en
    assert "did you mean" not in finding.message.en
    assert "submitter.province, submitter.district" in finding.remediation.en


def test_packs_with_no_rule_for_the_unit_type_are_no_applicable_pack_too(bundled_engine: Engine) -> None:
    commune = reported_by(report(**HK1), unit_type="UBND_XA", school_levels=[])
    finding = only(bundled_engine.check(commune, as_of=AS_OF))
    assert finding.rule_id == NO_APPLICABLE_PACK
    assert "have no rule for unit type UBND_XA" in finding.message.en
    assert [e.pointer for e in finding.evidence] == ["/submitter/unit_type"]


def test_every_fail_on_level_catches_the_no_pack_error(bundled_engine: Engine) -> None:
    result = bundled_engine.check(in_district("Thanh Xuan"), as_of=AS_OF)
    assert [result.exit_code(level) for level in Severity] == [1] * len(Severity)


def test_check_exits_one_on_a_misspelt_district(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = copy_example(tmp_path, "kim-giang.yaml", district="Thanh Xuan")
    code = main(["check", str(path), "--as-of", "30/06/2024", "--format", "json", "--fail-on", "critical"])
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert code == 1
    assert "Thanh Xuan — did you mean 'Thanh Xuân'?" in finding["message"]["en"]


def test_a_check_of_nothing_is_refused(bundled_engine: Engine) -> None:
    with pytest.raises(ReportError) as info:
        bundled_engine.check([], as_of=AS_OF)
    assert [p.code for p in info.value.problems] == [Code.NO_DOCUMENTS]


# ----------------------------------------------------------------------------- a place that nearly matches


NEAR = (
    {
        "pack": "ha-noi",
        "jurisdiction": {"province": "Hà Nội"},
        "rules": [rule(REQUIRED_DRILL, rule_id="HN-1")],
    },
    {
        "pack": "thanh-xuan",
        "jurisdiction": {"province": "Hà Nội", "district": "Thanh Xuân"},
        "rules": [rule(REQUIRED_DRILL, rule_id="TX-1")],
    },
)


def test_a_near_miss_beside_packs_that_apply_is_an_error_of_its_own() -> None:
    result = packs(*NEAR).check(in_district("Thanh Xuan"), as_of=AS_OF)
    assert ids(result) == ["HN-1", UNMATCHED_PLACE]
    missed = result.findings[1]
    assert missed.status is Status.error and missed.severity is Severity.critical
    assert "1 rule(s) of thanh-xuan (Hà Nội / Thanh Xuân) were not checked" in missed.message.en
    assert "Thanh Xuan — did you mean 'Thanh Xuân'?" in missed.message.en


def test_the_exact_place_gives_the_findings_of_every_pack_and_no_near_miss() -> None:
    assert ids(packs(*NEAR).check(in_district("Thanh Xuân"), as_of=AS_OF)) == ["HN-1", "TX-1"]


def test_a_near_miss_pack_with_no_rule_for_the_unit_is_not_an_error() -> None:
    office_rule = {**rule(REQUIRED_DRILL, rule_id="TX-1"), "applies_to": {"unit_types": ["PHONG_GDDT"]}}
    engine = packs(NEAR[0], {**NEAR[1], "rules": [office_rule]})
    assert ids(engine.check(in_district("Thanh Xuan"), as_of=AS_OF)) == ["HN-1"]


# ----------------------------------------------------------------------------- documents that disagree


def test_documents_disagreeing_on_the_district_replace_the_rule_findings_by_one_error(
    bundled_engine: Engine,
) -> None:
    first = report(**HK1)
    second = in_district("Cầu Giấy", kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20")
    finding = only(bundled_engine.check([first, second], as_of=AS_OF))
    assert (finding.rule_id, finding.status, finding.severity) == (
        CONFLICTING_SCOPE,
        Status.error,
        Severity.critical,
    )
    assert "submitter.district: 'Thanh Xuân' (<report 1>); 'Cầu Giấy' (<report 2>)" in finding.message.en
    assert "submitter.district" in finding.remediation.vi and "thống nhất" in finding.remediation.vi


def test_the_conflict_points_at_each_document_and_what_it_says(
    tmp_path: Path, bundled_engine: Engine
) -> None:
    a = copy_example(tmp_path, "a.yaml")
    b = copy_example(tmp_path, "b.yaml", unit_type="PHONG_GDDT")
    finding = only(bundled_engine.check([str(a), str(b)], as_of=AS_OF))
    assert finding.rule_id == CONFLICTING_SCOPE
    assert [(Path(e.document).name, e.pointer, e.value) for e in finding.evidence] == [
        ("a.yaml", "/submitter/unit_type", "TRUONG"),
        ("b.yaml", "/submitter/unit_type", "PHONG_GDDT"),
    ]
    assert all(e.line is not None for e in finding.evidence)


def test_places_written_differently_but_alike_are_no_conflict(bundled_engine: Engine) -> None:
    first = report(**HK1)
    second = in_district("THANH  XUÂN", kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20")
    assert CONFLICTING_SCOPE not in ids(bundled_engine.check([first, second], as_of=AS_OF))


def test_a_document_that_leaves_the_district_out_neither_conflicts_nor_moves_the_unit() -> None:
    stated = report(**HK1)
    silent = report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20")
    del silent["submitter"]["district"]
    engine = packs(*NEAR)
    assert ids(engine.check([stated, silent], as_of=AS_OF)) == ["HN-1", "TX-1"]


def test_the_unit_keeps_the_place_an_earlier_document_stated() -> None:
    engine = packs(*NEAR)
    stated = report(**HK1)
    silent = report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20")
    del silent["submitter"]["district"]
    documents, _ = engine.load([stated, silent])
    (portfolio,) = group(documents)
    assert (portfolio.unit.district, portfolio.unit.district_name) == (place_key("Thanh Xuân"), "Thanh Xuân")


def test_documents_with_different_school_levels_are_no_conflict_and_count_every_level(
    bundled_engine: Engine,
) -> None:
    first = reported_by(report(**HK1), school_levels=["TH"])
    second = reported_by(report(kind="BC_TONG_KET_NAM_HOC", received_at="2024-05-20"), school_levels=["THCS"])
    result = bundled_engine.check([first, second], as_of=AS_OF)
    assert CONFLICTING_SCOPE not in ids(result)
    documents, _ = bundled_engine.load([first, second])
    assert group(documents)[0].unit.levels == {"TH", "THCS"}


def test_a_replaced_document_with_the_wrong_district_is_no_conflict(bundled_engine: Engine) -> None:
    wrong = in_district("Cầu Giấy", id="NC-HK1")
    corrected = report(**{**HK1, "id": "NC-HK1-B", "replaces": "NC-HK1", "received_at": "2024-01-03"})
    result = bundled_engine.check([wrong, corrected], as_of=AS_OF)
    assert CONFLICTING_SCOPE not in ids(result) and NO_APPLICABLE_PACK not in ids(result)


def test_a_document_received_after_the_as_of_date_neither_conflicts_nor_describes_the_unit(
    bundled_engine: Engine,
) -> None:
    before = report(**HK1)
    after = in_district("Cầu Giấy", kind="BC_TONG_KET_NAM_HOC", received_at="2024-07-20")
    result = bundled_engine.check([before, after], as_of=AS_OF)
    assert CONFLICTING_SCOPE not in ids(result) and NO_APPLICABLE_PACK not in ids(result)
    assert "TX2324-T-BC-SO-KET-HK1" in ids(result)


# ----------------------------------------------------------------------------- audits


def test_an_audit_gives_the_no_pack_error_and_counts_it(tmp_path: Path, bundled_engine: Engine) -> None:
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", tmp_path / "thcs-nhan-chinh")
    copy_example(tmp_path, "kim-giang.yaml", district="Thanh Xuan")
    result = audit([tmp_path], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=bundled_engine)
    kim_giang = [f for f in result.findings if f.unit_id == "VN-HN-TX-TH-KIMGIANG"]
    assert [f.rule_id for f in kim_giang] == [NO_APPLICABLE_PACK]
    assert result.audit is not None
    row = next(r for r in result.audit.per_unit if r.key.startswith("VN-HN-TX-TH-KIMGIANG"))
    assert (row.errors, row.passed, row.failed) == (1, 0, 0)
    assert result.summary.by_status["error"] >= 1
    assert result.exit_code(Severity.critical) == 1
    assert not any("No rule pack" in n.en for n in result.notes)


def test_a_roster_unit_that_sent_nothing_and_no_pack_covers_is_an_error(
    tmp_path: Path, bundled_engine: Engine
) -> None:
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        "school_year: '2023-2024'\n"
        "units:\n"
        "  - {unit_id: VN-HN-CG-TH-DICHVONG, unit_name: Trường Tiểu học Dịch Vọng, unit_type: TRUONG,\n"
        "     school_levels: [TH], province: Hà Nội, district: Cau Giay}\n",
        encoding="utf-8",
    )
    result = audit(
        [EXAMPLES / "thcs-nhan-chinh"],
        spec=EngineSpec(),
        as_of=AS_OF,
        roster=load_roster(roster),
        jobs=1,
        engine=bundled_engine,
    )
    finding = next(f for f in result.findings if f.unit_id == "VN-HN-CG-TH-DICHVONG")
    assert (finding.rule_id, finding.status, finding.evidence) == (NO_APPLICABLE_PACK, Status.error, [])
    assert "(Hà Nội / Cau Giay)" in finding.message.en
    assert result.audit is not None and result.audit.units_missing == ["VN-HN-CG-TH-DICHVONG"]


def test_an_audit_goes_on_past_a_portfolio_whose_documents_disagree(
    tmp_path: Path, bundled_engine: Engine
) -> None:
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", tmp_path / "thcs-nhan-chinh")
    copy_example(tmp_path, "a.yaml")
    copy_example(tmp_path, "b.yaml", district="Cầu Giấy")
    result = audit([tmp_path], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=bundled_engine)
    by_unit: dict[str, list[str]] = {}
    for f in result.findings:
        by_unit.setdefault(f.unit_id, []).append(f.rule_id)
    assert by_unit["VN-HN-TX-TH-KIMGIANG"] == [CONFLICTING_SCOPE]
    assert len(by_unit["VN-HN-TX-THCS-NHANCHINH"]) > 1


# ----------------------------------------------------------------------------- every output renders them


@pytest.fixture(scope="module")
def scoped(bundled_engine: Engine) -> CheckResult:
    """One portfolio of each kind of scope finding (and the rule findings beside the near miss)."""
    near = packs(*NEAR)
    findings = [
        *bundled_engine.check(in_district("Thanh Xuan"), as_of=AS_OF).findings,
        *near.check(reported_by(in_district("Thanh Xuan"), unit_id="VN-HN-TX-TH-A"), as_of=AS_OF).findings,
        *bundled_engine.check(
            [
                reported_by(report(**HK1), unit_id="VN-HN-TX-TH-B"),
                reported_by(in_district("Cầu Giấy", received_at="2024-05-20"), unit_id="VN-HN-TX-TH-B"),
            ],
            as_of=AS_OF,
        ).findings,
    ]
    result = bundled_engine.check(report(**HK1), as_of=AS_OF)
    return bundled_engine.result(findings, [], as_of=AS_OF).model_copy(update={"documents": result.documents})


def test_the_result_holds_each_scope_finding(scoped: CheckResult) -> None:
    assert {NO_APPLICABLE_PACK, UNMATCHED_PLACE, CONFLICTING_SCOPE} <= set(ids(scoped))


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_reporter_renders_the_scope_findings(scoped: CheckResult, fmt: str, lang: str) -> None:
    assert render(scoped, fmt, lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["text", "json", "html", "csv", "sarif", "junit"])
def test_every_text_reporter_names_the_scope_rules(scoped: CheckResult, fmt: str) -> None:
    out = render(scoped, fmt, "en")
    text = out.decode("utf-8-sig") if isinstance(out, bytes) else out
    assert all(rule_id in text for rule_id in (NO_APPLICABLE_PACK, UNMATCHED_PLACE, CONFLICTING_SCOPE))


def test_the_json_with_scope_findings_matches_the_findings_schema(scoped: CheckResult) -> None:
    jsonschema.Draft202012Validator(schema("findings")).validate(json.loads(render(scoped, "json")))


def test_the_sarif_with_scope_findings_is_valid_and_fails_them(scoped: CheckResult) -> None:
    sarif = json.loads(render(scoped, "sarif"))
    jsonschema.Draft7Validator(json.loads(shared(SARIF_SCHEMA).read_text(encoding="utf-8"))).validate(sarif)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"].startswith("compliance/")]
    assert {(r["kind"], r["level"]) for r in results} == {("fail", "error")}


def test_the_junit_with_scope_findings_is_valid_and_counts_them_as_errors(scoped: CheckResult) -> None:
    out = render(scoped, "junit")
    assert isinstance(out, str)
    assert_junit_shape(out)
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(render(scoped, "junit-ant"))
    cases = [c for c in ET.fromstring(out).iter("testcase") if c.get("name", "").startswith("compliance/")]
    assert len(cases) == 3 and all(c.find("error") is not None for c in cases)


# ----------------------------------------------------------------------------- documents that describe the unit apart


def _nhan_chinh_with_a_report_of_khuong_mai(tmp_path: Path) -> Path:
    """Khương Mai's semester report sent under Nhân Chính's id: another name, another level."""
    folder = tmp_path / "thcs-nhan-chinh"
    shutil.copytree(EXAMPLES / "thcs-nhan-chinh", folder)
    sent = folder / "2024-01-02-so-ket-hk1.yaml"
    text = sent.read_text(encoding="utf-8").replace(
        "unit_name: Trường THCS Nhân Chính", "unit_name: Trường Tiểu học Khương Mai"
    )
    sent.write_text(text.replace("school_levels: [THCS]", "school_levels: [TH]"), encoding="utf-8")
    return folder


def test_documents_that_name_their_unit_differently_are_noted(bundled_engine: Engine, tmp_path: Path) -> None:
    notes = bundled_engine.check(
        str(_nhan_chinh_with_a_report_of_khuong_mai(tmp_path)), as_of=dt.date(2024, 6, 30)
    ).notes
    said = [n for n in notes if "tên đơn vị khác nhau" in n.vi]
    assert (
        len(said) == 1
        and "Trường Tiểu học Khương Mai" in said[0].vi
        and "Trường THCS Nhân Chính" in said[0].vi
    )
    assert "another unit's id" in said[0].en


def test_documents_that_list_other_levels_are_noted_with_the_levels_judged(
    bundled_engine: Engine, tmp_path: Path
) -> None:
    notes = bundled_engine.check(
        str(_nhan_chinh_with_a_report_of_khuong_mai(tmp_path)), as_of=dt.date(2024, 6, 30)
    ).notes
    said = [n for n in notes if "cấp học khác nhau" in n.vi]
    assert len(said) == 1 and "(TH, THCS)" in said[0].vi and "every level listed (TH, THCS)" in said[0].en


def test_a_unit_whose_documents_agree_gets_no_such_note(bundled_engine: Engine) -> None:
    notes = bundled_engine.check(str(EXAMPLES / "thcs-nhan-chinh"), as_of=dt.date(2024, 6, 30)).notes
    assert not any("khác nhau" in n.vi for n in notes)


def test_a_unit_no_rule_applies_to_is_noted_as_not_checked(bundled_engine: Engine, tmp_path: Path) -> None:
    """An upper-secondary school (THPT) of Thanh Xuân: the district's plan binds its MN, TH and THCS
    schools only, so all 23 findings are 'not applicable' — said, not left to look like a pass."""
    text = (EXAMPLES / "thcs-nhan-chinh" / "2024-01-02-so-ket-hk1.yaml").read_text(encoding="utf-8")
    text = text.replace("VN-HN-TX-THCS-NHANCHINH", "VN-HN-TX-THPT-ABC").replace("[THCS]", "[THPT]")
    (tmp_path / "so-ket.yaml").write_text(text, encoding="utf-8")
    result = bundled_engine.check(str(tmp_path), as_of=dt.date(2024, 6, 30))
    assert result.findings and all(f.status is Status.not_applicable for f in result.findings)
    said = [n for n in result.notes if "không tiêu chí nào áp dụng" in n.vi]
    assert len(said) == 1 and "THPT" in said[0].vi and "nothing of the unit was checked" in said[0].en


def test_a_unit_some_rule_applies_to_gets_no_such_note(bundled_engine: Engine) -> None:
    notes = bundled_engine.check(str(EXAMPLES / "mn-hoa-sen"), as_of=dt.date(2024, 6, 30)).notes
    assert not any("không tiêu chí nào áp dụng" in n.vi for n in notes)
