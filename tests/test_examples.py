"""The bundled example portfolios say what they are meant to say."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import EXAMPLES
from compliance import Engine

AS_OF = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def by_unit(bundled_engine: Engine) -> dict[str, dict[str, str]]:
    result = bundled_engine.check(str(EXAMPLES), as_of=AS_OF)
    out: dict[str, dict[str, str]] = {}
    for f in result.findings:
        out.setdefault(f.unit_id, {})[f.rule_id] = f.status.value
    return out


def test_compliant_school_meets_every_rule_that_applies(by_unit: dict[str, dict[str, str]]) -> None:
    statuses = by_unit["VN-HN-TX-THCS-NHANCHINH"]
    assert {status for status in statuses.values() if status != "not_applicable"} == {"pass"}
    assert {rule for rule, status in statuses.items() if status == "not_applicable"} == {
        "TX2324-T-QUAN-TRIET-MN",  # preschools brief the parents in place of the children
        "TX2324-T-DOI-THOAI-MN",
        "TX2324-T-BC-THEO-YEU-CAU",  # the school declares that no report was requested
    }


def test_district_office_meets_every_rule(by_unit: dict[str, dict[str, str]]) -> None:
    assert set(by_unit["VN-HN-PGDDT-THANHXUAN"].values()) == {"pass"}


def test_late_and_missing_school_fails_exactly_where_it_should(by_unit: dict[str, dict[str, str]]) -> None:
    failing = {rule for rule, status in by_unit["VN-HN-TX-TH-KIMGIANG"].items() if status == "fail"}
    assert failing == {
        "TX2324-T-BC-SO-KET-HK1",  # received 05/01/2024
        "TX2324-T-BC-TONG-KET",  # never sent
        "TX2324-T-QUAN-TRIET",  # NV 8/9
        "TX2324-T-DIEN-TAP-PCCC",  # a staff-only exercise: no students took part
        "TX2324-T-TO-CSVC",  # tasks not assigned
        "TX2324-T-TU-VAN-TAM-LY",
        "TX2324-T-DOI-THOAI",
        "TX2324-T-RA-SOAT-HOAT-DONG",  # no review of activities with the Pioneers
        "TX2324-T-KH-HOP-XUONG",
        "TX2324-T-KH-MA-TUY",
        "TX2324-T-MO-HINH-DIEM",
    }


def test_incident_without_its_ad_hoc_report_is_the_only_failure(by_unit: dict[str, dict[str, str]]) -> None:
    failing = {rule for rule, status in by_unit["VN-HN-TX-MN-HOASEN"].items() if status == "fail"}
    assert failing == {"TX2324-T-BC-DOT-XUAT"}


def test_preschool_is_not_held_to_rules_for_primary_and_secondary(by_unit: dict[str, dict[str, str]]) -> None:
    assert by_unit["VN-HN-TX-MN-HOASEN"]["TX2324-T-KH-HOP-XUONG"] == "not_applicable"


def test_before_the_deadlines_the_same_reports_are_pending(bundled_engine: Engine) -> None:
    result = bundled_engine.check(str(EXAMPLES / "th-kim-giang"), as_of=dt.date(2023, 12, 20))
    statuses = {f.rule_id: f.status.value for f in result.findings}
    assert statuses["TX2324-T-BC-TONG-KET"] == "pending"
    assert statuses["TX2324-T-DIEN-TAP-PCCC"] == "pending"
