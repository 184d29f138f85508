"""Roll-ups (issue 12 items 3 and 7): an audit's findings per province, district, unit type and
school level — units that sent nothing in the denominator, late and missing reports, counts by
severity — in the audit summary and in every format; the groups' counts sum to the totals."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import PACK_HEAD, pack_text, report, rule
from compliance import CheckResult, Status
from compliance.audit import EngineSpec, audit
from compliance.audit.collect import Collector
from compliance.audit.portfolios import Done
from compliance.findings import DeadlineDetail, Finding, Rollup, RollupDimension, RollupGroup, UnitPlace
from compliance.i18n import Text
from compliance.reporters import render
from compliance.rollup import rollups_of
from compliance.roster import load_roster
from compliance.severity import Severity
from shared import JUNIT_XSD, shared
from sheets import book

AS_OF = dt.date(2024, 6, 30)
HK1, PCCC = "HN2324-BC-SO-KET-HK1", "HN2324-THUC-TAP-PCCC"
DICH_VONG = "VN-HN-CG-TH-DICHVONG"  # on the roster, sent nothing
NGHIA_TAN = "VN-HN-CG-THCS-NGHIATAN"  # a primary and lower-secondary school (liên cấp)
DRILL = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["Cháy phòng thí nghiệm"]}

# A pack of the city: the first-semester report by 03/01/2024 and a fire drill, for every school.
HA_NOI_PACK = {
    "pack": "ha-noi-kiem-thu",
    "document": {**PACK_HEAD["document"], "jurisdiction": {"province": "Hà Nội"}},
}
RULES = [
    rule(
        {
            "deadline": {
                "report": {"documents": ["BC_SO_KET_HK1"]},
                "due": "2024-01-03",
                "reading": "inclusive",
            }
        },
        rule_id=HK1,
    ),
    rule(
        {"required": {"select": {"collection": "drills", "where": {"field": "kind", "eq": "THUC_TAP_PACC"}}}},
        rule_id=PCCC,
        severity="critical",
    ),
]

# (unit id, name, district, levels, received, drills): who sent what
SENT = [
    ("VN-HN-TX-THCS-NHANCHINH", "Trường THCS Nhân Chính", "Thanh Xuân", ["THCS"], "2024-01-02", [DRILL]),
    ("VN-HN-TX-TH-KIMGIANG", "Trường Tiểu học Kim Giang", "Thanh Xuân", ["TH"], "2024-01-05", []),
    ("VN-HN-CG-THCS-CAUGIAY", "Trường THCS Cầu Giấy", "Cầu Giấy", ["THCS"], "2024-01-03", [DRILL]),
    (NGHIA_TAN, "Trường Tiểu học và THCS Nghĩa Tân", "Cầu Giấy", ["TH", "THCS"], "2024-01-02", [DRILL]),
]
ROSTER = {
    "school_year": "2023-2024",
    "units": [
        {
            "unit_id": unit,
            "unit_name": name,
            "unit_type": "TRUONG",
            "school_levels": levels,
            "province": "Hà Nội",
            "district": district,
        }
        for unit, name, district, levels, _, _ in SENT
    ]
    + [
        {
            "unit_id": DICH_VONG,
            "unit_name": "Trường Tiểu học Dịch Vọng",
            "unit_type": "TRUONG",
            "school_levels": ["TH"],
            "province": "Hà Nội",
            "district": "Cầu Giấy",
        }
    ],
}


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _sent(
    unit: str, name: str, district: str, levels: list[str], received: str, drills: list[Any]
) -> dict[str, Any]:
    submitter = {
        "unit_id": unit,
        "unit_name": name,
        "unit_type": "TRUONG",
        "school_levels": levels,
        "province": "Hà Nội",
        "district": district,
    }
    return report(kind="BC_SO_KET_HK1", received_at=received, submitter=submitter, drills=drills)


@pytest.fixture(scope="module")
def two_districts(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    """Thanh Xuân (one school on time, one late without a drill) and Cầu Giấy (two schools on
    time, one of them liên cấp, and Dịch Vọng, on the roster, that sent nothing) of Hà Nội."""
    root = tmp_path_factory.mktemp("ha-noi")
    pack = root / "ha-noi.yaml"
    pack.write_text(pack_text(*RULES, **HA_NOI_PACK), encoding="utf-8")
    for unit, name, district, levels, received, drills in SENT:
        _write(root / "bao-cao" / f"{unit}.yaml", _sent(unit, name, district, levels, received, drills))
    _write(root / "danh-sach.yaml", ROSTER)
    return audit(
        [root / "bao-cao"],
        spec=EngineSpec(rules=(str(pack),)),
        as_of=AS_OF,
        roster=load_roster(root / "danh-sach.yaml"),
        jobs=1,
    )


def _rollup(result: CheckResult, dimension: RollupDimension) -> Rollup:
    assert result.audit is not None
    return next(r for r in result.audit.rollups if r.dimension is dimension)


def _group(result: CheckResult, dimension: RollupDimension, key: str | None) -> RollupGroup:
    return next(g for g in _rollup(result, dimension).groups if g.key == key)


THANH_XUAN, CAU_GIAY = "hà nội/thanh xuân", "hà nội/cầu giấy"


def test_every_dimension_is_rolled_up_with_bilingual_labels(two_districts: CheckResult) -> None:
    assert two_districts.audit is not None
    labels = {r.dimension: r.label for r in two_districts.audit.rollups}
    assert labels == {
        RollupDimension.province: Text(vi="Tỉnh/thành phố", en="Province"),
        RollupDimension.district: Text(vi="Quận/huyện", en="District"),
        RollupDimension.unit_type: Text(vi="Loại đơn vị", en="Unit type"),
        RollupDimension.level: Text(vi="Cấp học", en="School level"),
    }


def test_districts_are_grouped_with_their_province_and_named_as_written(two_districts: CheckResult) -> None:
    groups = _rollup(two_districts, RollupDimension.district).groups
    assert [(g.key, g.label.vi, g.units) for g in groups] == [
        (CAU_GIAY, "Cầu Giấy, Hà Nội", 3),
        (THANH_XUAN, "Thanh Xuân, Hà Nội", 2),
    ]


def test_a_roster_unit_that_sent_nothing_lowers_its_districts_rate(two_districts: CheckResult) -> None:
    cau_giay = _group(two_districts, RollupDimension.district, CAU_GIAY)
    hk1 = next(r for r in cau_giay.per_rule if r.key == HK1)
    assert cau_giay.units_missing == 1
    assert (hk1.passed, hk1.failed) == (2, 1) and hk1.rate == pytest.approx(2 / 3)


def test_late_and_missing_reports_are_counted_per_district(two_districts: CheckResult) -> None:
    thanh_xuan = _group(two_districts, RollupDimension.district, THANH_XUAN)
    cau_giay = _group(two_districts, RollupDimension.district, CAU_GIAY)
    assert (thanh_xuan.reports.on_time, thanh_xuan.reports.late, thanh_xuan.reports.missing) == (1, 1, 0)
    assert (cau_giay.reports.on_time, cau_giay.reports.late, cau_giay.reports.missing) == (2, 0, 1)


def test_counts_by_severity_beside_counts_by_status(two_districts: CheckResult) -> None:
    """Kim Giang is late (high) and held no drill (critical); Dịch Vọng sent nothing, so both its
    findings fail."""
    thanh_xuan = _group(two_districts, RollupDimension.district, THANH_XUAN)
    cau_giay = _group(two_districts, RollupDimension.district, CAU_GIAY)
    assert thanh_xuan.failing_by_severity == {"critical": 1, "high": 1, "medium": 0, "low": 0, "info": 0}
    assert cau_giay.by_severity == {"critical": 3, "high": 3, "medium": 0, "low": 0, "info": 0}
    assert (cau_giay.total.passed, cau_giay.total.failed) == (4, 2)


def test_a_multi_level_school_counts_once_in_each_of_its_levels(two_districts: CheckResult) -> None:
    levels = _rollup(two_districts, RollupDimension.level)
    assert levels.overlapping and not _rollup(two_districts, RollupDimension.district).overlapping
    assert {g.key: g.units for g in levels.groups} == {"TH": 3, "THCS": 3}
    assert two_districts.summary.units == 5  # Nghĩa Tân is one unit, in both levels


def test_a_unit_that_states_no_place_is_in_the_unknown_group(tmp_path: Path) -> None:
    data = report(kind="BC_SO_KET_HK1", received_at="2024-01-02", drills=[DRILL])
    for field in ("province", "district"):
        del data["submitter"][field]
    _write(tmp_path / "bao-cao" / "nhan-chinh.yaml", data)
    result = audit([tmp_path / "bao-cao"], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    for dimension in (RollupDimension.province, RollupDimension.district):
        (group,) = _rollup(result, dimension).groups
        assert (group.key, group.label, group.units) == (None, Text(vi="(không rõ)", en="(unknown)"), 1)
        assert (group.total.failed, group.total.errors) == (
            result.summary.by_status["fail"],
            result.summary.by_status["error"],
        )


def test_the_collected_rollups_are_those_counted_from_the_findings(two_districts: CheckResult) -> None:
    assert two_districts.audit is not None
    missing = {(DICH_VONG, "2023-2024")}
    assert rollups_of(two_districts.findings, missing) == two_districts.audit.rollups


def test_the_example_district_rolls_up_its_roster_unit_that_sent_nothing(example_audit: CheckResult) -> None:
    (district,) = _rollup(example_audit, RollupDimension.district).groups
    assert (district.label.vi, district.units, district.units_missing) == ("Thanh Xuân, Hà Nội", 5, 1)
    assert district.total.passed == example_audit.summary.by_status["pass"]


# ----------------------------------------------------------------------------- sums equal totals

PLACES = st.tuples(
    st.sampled_from(["TRUONG", "PHONG_GDDT"]),
    st.sampled_from(["Hà Nội", "Hoà Bình", "Hòa Bình", None]),  # two spellings of one province
    st.sampled_from(["Thanh Xuân", "Cầu Giấy", "thanh  xuân", None]),
    st.lists(st.sampled_from(["MN", "TH", "THCS"]), unique=True, max_size=3),
)
KINDS = {"R-HAN-NOP": "deadline", "R-PCCC": "required", "R-NGUONG": "threshold"}
SEVERITY = {"R-HAN-NOP": Severity.high, "R-PCCC": Severity.critical, "R-NGUONG": Severity.low}
DUE = DeadlineDetail(due=dt.date(2024, 1, 3), reading="inclusive", last_allowed_day=dt.date(2024, 1, 3))


def _finding(
    unit: str,
    place: tuple[str, str | None, str | None, list[str]],
    rule_id: str,
    status: Status,
    received: bool,
) -> Finding:
    unit_type, province, district, levels = place
    deadline = None
    if KINDS[rule_id] == "deadline":
        deadline = dataclasses.replace(DUE, received=dt.date(2024, 1, 5) if received else None)
    return Finding(
        unit_id=unit,
        unit_type=unit_type,
        place=UnitPlace(province=province, district=district, school_levels=tuple(levels)),
        school_year="2023-2024",
        rule_id=rule_id,
        pack="kiem-thu",
        kind=KINDS[rule_id],
        title=Text(vi=rule_id, en=rule_id),
        severity=SEVERITY[rule_id],
        status=status,
        message=Text(vi="…", en="…"),
        source=None,
        remediation=Text(vi="Khắc phục.", en="Fix it."),
        deadline=deadline,
    )


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[list[Done], set[tuple[str, str]]]:
    """Units, each somewhere, with a finding for some of the rules; some sent nothing."""
    done, sent_nothing = [], set()
    for i in range(draw(st.integers(0, 12))):
        unit, place = f"VN-HN-DV-{i:02d}", draw(PLACES)
        rules = draw(st.lists(st.sampled_from(sorted(KINDS)), unique=True, min_size=1))
        findings = [
            _finding(unit, place, r, draw(st.sampled_from(list(Status))), draw(st.booleans())) for r in rules
        ]
        done.append(Done((unit, "2023-2024"), findings, [], []))
        if draw(st.booleans()):
            sent_nothing.add((unit, "2023-2024"))
    return done, sent_nothing


def _sums(groups: list[RollupGroup]) -> dict[str, Any]:
    return {
        "units": sum(g.units for g in groups),
        "missing": sum(g.units_missing for g in groups),
        "status": [
            sum(getattr(g.total, f) for g in groups) for f in ("passed", "failed", "errors", "pending")
        ],
        "severity": {s.value: sum(g.by_severity[s.value] for g in groups) for s in Severity},
        "failing": {s.value: sum(g.failing_by_severity[s.value] for g in groups) for s in Severity},
        "rules": {
            r: sum(
                p.judged + p.pending + p.waived + p.not_applicable
                for g in groups
                for p in g.per_rule
                if p.key == r
            )
            for r in KINDS
        },
        "reports": [
            sum(getattr(g.reports, f) for g in groups) for f in ("on_time", "late", "missing", "pending")
        ],
    }


def _expected(findings: list[Finding], sent_nothing: set[tuple[str, str]], weight: Any) -> dict[str, Any]:
    units = {(f.unit_id, f.school_year): weight(f) for f in findings}
    failing = [f for f in findings if f.status in (Status.fail, Status.error)]
    deadlines = [f for f in findings if f.kind == "deadline"]
    received = [f for f in deadlines if f.deadline is not None and f.deadline.received is not None]
    return {
        "units": sum(units.values()),
        "missing": sum(n for u, n in units.items() if u in sent_nothing),
        "status": [
            sum(weight(f) for f in findings if f.status is s)
            for s in (Status.pass_, Status.fail, Status.error, Status.pending)
        ],
        "severity": {s.value: sum(weight(f) for f in findings if f.severity is s) for s in Severity},
        "failing": {s.value: sum(weight(f) for f in failing if f.severity is s) for s in Severity},
        "rules": {r: sum(weight(f) for f in findings if f.rule_id == r) for r in KINDS},
        "reports": [
            sum(weight(f) for f in deadlines if f.status is Status.pass_),
            sum(weight(f) for f in received if f.status is Status.fail),
            sum(weight(f) for f in deadlines if f.status is Status.fail and f not in received),
            sum(weight(f) for f in deadlines if f.status is Status.pending),
        ],
    }


@settings(max_examples=60)
@given(portfolios())
def test_rollup_groups_sum_to_the_audit_totals(drawn: tuple[list[Done], set[tuple[str, str]]]) -> None:
    """Province, district and unit type: every unit in one group, so the groups' counts sum to the
    totals. Level: a unit is in each of its levels (one group, "(không có cấp học)", when it has none), so
    the groups sum to the totals with each unit weighted by its number of levels."""
    done, sent_nothing = drawn
    collector = Collector(as_of=AS_OF)
    for item in done:
        collector.keep(item)
    findings, _, tally = collector.records({d.key: d for d in done}, sent_nothing)
    rollups = collector.rollups()
    every = [f for d in done if isinstance(d.findings, list) for f in d.findings]
    assert len(every) == sum(len(d.findings) for d in done)
    assert tally.findings == len(every)
    for rollup in rollups:
        weight = (lambda f: max(1, len(f.place.school_levels))) if rollup.overlapping else (lambda f: 1)
        assert _sums(rollup.groups) == _expected(every, sent_nothing, weight), rollup.dimension
    assert [r.overlapping for r in rollups] == [False, False, False, True]
    assert rollups_of(findings, sent_nothing) == rollups


# ----------------------------------------------------------------------------- every format


def test_json_has_the_rollups_of_the_summary(two_districts: CheckResult) -> None:
    assert two_districts.audit is not None
    data = json.loads(render(two_districts, "json"))
    assert data["audit"]["rollups"] == [r.model_dump(mode="json") for r in two_districts.audit.rollups]


def test_text_has_a_table_per_dimension_with_several_groups(two_districts: CheckResult) -> None:
    text = str(render(two_districts, "text", width=160))
    tail = text[text.index("Tổng hợp theo nhóm") :]
    assert "Quận/huyện" in tail and "Cầu Giấy, Hà Nội" in tail and "Thanh Xuân, Hà Nội" in tail
    assert "Tỉnh/thành phố" not in tail  # one province: nothing to compare


def test_text_has_no_rollups_when_every_dimension_has_one_group(tmp_path: Path) -> None:
    _write(tmp_path / "nhan-chinh.yaml", report(kind="BC_SO_KET_HK1", received_at="2024-01-02"))
    result = audit([tmp_path], spec=EngineSpec(), as_of=AS_OF, jobs=1)
    assert "Tổng hợp theo nhóm" not in str(render(result, "text"))


def test_html_has_a_rollup_section_with_the_rate_of_each_rule_per_district(
    two_districts: CheckResult,
) -> None:
    page = str(render(two_districts, "html", "en"))
    section = page[page.index('id="rollups"') : page.index('id="late"')]
    assert "Cầu Giấy, Hà Nội" in section and "Thanh Xuân, Hà Nội" in section
    assert "67%<span>2/3</span>" in section  # the first-semester report in Cầu Giấy: Dịch Vọng sent nothing
    assert 'href="#rollups"' in page


def test_xlsx_has_a_rollup_sheet_with_codes_beside_labels(two_districts: CheckResult) -> None:
    sheet = book(render(two_districts, "xlsx"))["Theo nhóm"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    at = {
        name: head.index(name)
        for name in ("Mã chiều", "Mã nhóm", "Nhóm", "Mã tiêu chí", "Đơn vị", "Không gửi gì")
    }
    cau_giay = [r for r in rows[1:] if r[at["Mã chiều"]] == "district" and r[at["Mã nhóm"]] == CAU_GIAY]
    assert cau_giay[0][at["Nhóm"]] == "Cầu Giấy, Hà Nội" and cau_giay[0][at["Mã tiêu chí"]] is None
    assert (cau_giay[0][at["Đơn vị"]], cau_giay[0][at["Không gửi gì"]]) == (3, 1)
    assert [r[at["Mã tiêu chí"]] for r in cau_giay[1:]] == [HK1, PCCC]


def test_csv_rows_carry_the_units_place_for_pivot_tables(two_districts: CheckResult) -> None:
    data = render(two_districts, "csv", "en")
    assert isinstance(data, bytes)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    nghia_tan = [r for r in rows if r["Unit id"] == NGHIA_TAN]
    assert {(r["Province"], r["District"], r["School levels"]) for r in nghia_tan} == {
        ("Hà Nội", "Cầu Giấy", "TH THCS")
    }
    dich_vong = {(r["District"], r["School levels"]) for r in rows if r["Unit id"] == DICH_VONG}
    assert dich_vong == {("Cầu Giấy", "TH")}  # as the roster places it


def test_sarif_has_the_rollups_in_the_run_properties(two_districts: CheckResult) -> None:
    assert two_districts.audit is not None
    run = json.loads(render(two_districts, "sarif"))["runs"][0]
    assert run["properties"]["rollups"] == [r.model_dump(mode="json") for r in two_districts.audit.rollups]


def test_junit_suites_name_their_units_groups_and_stay_valid(two_districts: CheckResult) -> None:
    xml = str(render(two_districts, "junit-ant"))
    xmlschema.XMLSchema(str(shared(JUNIT_XSD))).validate(xml)
    suite = next(s for s in ET.fromstring(xml) if s.get("package") == f"{NGHIA_TAN}.2023-2024")
    properties = [(p.get("name"), p.get("value")) for p in suite.iter("property")]
    assert ("rollup.district", "Cầu Giấy, Hà Nội: 67% (4/6)") in properties
    assert [name for name, _ in properties].count("rollup.level") == 2


def test_an_office_with_no_school_level_is_in_a_group_that_says_so(example_audit: CheckResult) -> None:
    """The Phòng GDĐT of Thanh Xuân teaches no level: it is "(không có cấp học)", not "(không rõ)"."""
    (office,) = [g for g in _rollup(example_audit, RollupDimension.level).groups if g.key is None]
    assert office.label == Text(vi="(không có cấp học)", en="(no school level)")
    assert office.units == 1
