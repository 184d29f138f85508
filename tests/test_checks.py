"""What each kind of check concludes, on small packs and realistic reports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import compliance.loading._json
from builders import doc, engine_for, report, rule
from compliance import Status
from compliance.checks._base import MAX_EVIDENCE
from compliance.loading._jsonpos import JsonPositions
from compliance.loading.sourcemap import Position

Statuses = Callable[..., list[str]]


def deadline(due: str = "2024-01-03", **extra: object) -> dict[str, object]:
    return {"deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": due, **extra}}


# ----------------------------------------------------------------------------- deadline


def test_report_received_the_day_before_due_is_on_time(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    assert statuses(engine, doc(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00")) == ["pass"]


def test_report_received_on_the_due_day_is_late_under_the_literal_reading(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    result = engine.check([doc(kind="BC_SO_KET_HK1", received_at="2024-01-03")], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.fail
    assert finding.deadline is not None and finding.deadline.days_late == 1
    assert finding.deadline.last_allowed_day == dt.date(2024, 1, 2)


def test_report_received_on_the_due_day_is_on_time_when_inclusive(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline(reading="inclusive")))
    assert statuses(engine, doc(kind="BC_SO_KET_HK1", received_at="2024-01-03")) == ["pass"]


def test_utc_timestamp_is_judged_on_the_vietnamese_calendar_day(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    late_evening_utc = doc(
        kind="BC_SO_KET_HK1", received_at="2024-01-02T18:30:00Z"
    )  # 01:30 on 03/01 in Hà Nội
    assert statuses(engine, late_evening_utc) == ["fail"]


def test_missing_report_is_pending_before_the_last_day(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    assert statuses(engine, doc(), as_of=dt.date(2024, 1, 2)) == ["pending"]


def test_missing_report_fails_the_day_after_the_last_day(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    result = engine.check([doc()], as_of=dt.date(2024, 1, 3))
    (finding,) = result.findings
    assert finding.status is Status.fail and finding.deadline and finding.deadline.days_late == 1


def test_last_day_on_a_sunday_moves_to_monday_when_shifting(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline(due="2024-01-15", shift_to_working_day=True)))
    result = engine.check([doc(kind="BC_SO_KET_HK1", received_at="2024-01-15")], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.pass_
    assert finding.deadline and finding.deadline.shifted_from == dt.date(2024, 1, 14)


def test_the_earliest_matching_report_decides_the_deadline(statuses: Statuses) -> None:
    engine = engine_for(rule(deadline()))
    on_time = doc(kind="BC_SO_KET_HK1", received_at="2024-01-02")
    resent = doc(kind="BC_SO_KET_HK1", received_at="2024-01-09")
    assert statuses(engine, resent, on_time) == ["pass"]


# ----------------------------------------------------------------------------- required


def committees_required(where: dict[str, object], **extra: object) -> dict[str, object]:
    return {"required": {"select": {"collection": "committees", "where": where}, **extra}}


def test_required_item_present_passes(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"})))
    assert statuses(engine, doc(committees=[{"kind": "TO_QL_CSVC", "established_on": "2023-09-25"}])) == [
        "pass"
    ]


def test_required_item_absent_fails_without_a_due_date(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"})))
    assert statuses(engine, doc(), as_of=dt.date(2023, 10, 1)) == ["fail"]


def test_required_item_absent_is_pending_until_the_day_before_due(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"}, due="2024-05-31")))
    assert statuses(engine, doc(), as_of=dt.date(2024, 5, 30)) == ["pending"]


def test_required_item_absent_on_the_due_date_fails_like_a_deadline(statuses: Statuses) -> None:
    # "trước ngày 31/5/2024" read literally (no weekday printed): 31/5 is already too late
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"}, due="2024-05-31")))
    assert statuses(engine, doc(), as_of=dt.date(2024, 5, 31)) == ["fail"]


def test_a_committee_of_an_earlier_school_year_does_not_count(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"})))
    old = doc(committees=[{"kind": "TO_QL_CSVC", "established_on": "2019-09-10"}])
    assert statuses(engine, old) == ["fail"]


def test_an_undated_committee_does_not_count_and_the_note_says_why(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "kind", "eq": "TO_QL_CSVC"})))
    (finding,) = engine.check([doc(committees=[{"kind": "TO_QL_CSVC"}])], as_of=dt.date(2024, 6, 30)).findings
    assert finding.status.value == "fail"
    assert any("established_on" in n.vi and "không ghi ngày" in n.vi for n in finding.notes)


def test_item_outside_the_window_does_not_count(statuses: Statuses) -> None:
    window = {"field": "held_on", "from": "2023-09-05", "to": "2023-12-31"}
    check = {"required": {"select": {"collection": "drills"}, "window": window}}
    engine = engine_for(rule(check))
    late_drill = doc(drills=[{"kind": "THUC_TAP_PACC", "held_on": "2024-01-10"}])
    assert statuses(engine, late_drill) == ["fail"]


def test_the_same_item_reported_twice_counts_once(statuses: Statuses) -> None:
    drill = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09"}
    check = {"required": {"select": {"collection": "drills"}, "min": 2}}
    engine = engine_for(rule(check))
    assert statuses(engine, doc(drills=[drill]), doc(kind="BC_TONG_KET_NAM_HOC", drills=[drill])) == ["fail"]


def test_the_same_item_restated_with_its_list_in_another_order_counts_once(statuses: Statuses) -> None:
    """The year-end report restates the semester's drill, its scenarios listed the other way round:
    still one drill."""
    drill = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["CHAY", "SO_TAN"]}
    restated = {**drill, "scenarios": ["SO_TAN", "CHAY"]}
    check = {"required": {"select": {"collection": "drills"}, "min": 2}}
    engine = engine_for(rule(check))
    assert statuses(engine, doc(drills=[drill]), doc(kind="BC_TONG_KET_NAM_HOC", drills=[restated])) == [
        "fail"
    ]


def test_items_whose_lists_hold_different_values_are_different_items(statuses: Statuses) -> None:
    drill = {"kind": "THUC_TAP_PACC", "held_on": "2023-11-09", "scenarios": ["CHAY"]}
    other = {**drill, "scenarios": ["SO_TAN"]}
    check = {"required": {"select": {"collection": "drills"}, "min": 2}}
    engine = engine_for(rule(check))
    assert statuses(engine, doc(drills=[drill]), doc(kind="BC_TONG_KET_NAM_HOC", drills=[other])) == ["pass"]


def test_absent_field_never_satisfies_a_negated_test(statuses: Statuses) -> None:
    where: dict[str, object] = {
        "all": [{"field": "kind", "eq": "TO_QL_CSVC"}, {"not": {"field": "tasks_assigned", "eq": False}}]
    }
    engine = engine_for(rule(committees_required(where)))
    undeclared = doc(committees=[{"kind": "TO_QL_CSVC"}])
    assert statuses(engine, undeclared) == ["fail"]


def test_ne_on_an_absent_field_is_false(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "members", "ne": 0})))
    assert statuses(engine, doc(committees=[{"kind": "TO_QL_CSVC"}])) == ["fail"]


def test_exists_false_matches_an_absent_field(statuses: Statuses) -> None:
    engine = engine_for(rule(committees_required({"field": "decision_so_hieu", "exists": False})))
    assert statuses(engine, doc(committees=[{"kind": "TO_QL_CSVC", "established_on": "2023-09-25"}])) == [
        "pass"
    ]


def test_pattern_must_match_the_whole_text(statuses: Statuses) -> None:
    engine = engine_for(
        rule(committees_required({"field": "decision_so_hieu", "matches": r"\d+/QĐ-[A-ZĐ]+"}))
    )
    dated = {"kind": "KHAC", "established_on": "2023-09-25"}
    assert statuses(engine, doc(committees=[{**dated, "decision_so_hieu": "45/QĐ-THCSNC"}])) == ["pass"]
    assert statuses(engine, doc(committees=[{**dated, "decision_so_hieu": "Số 45/QĐ-THCSNC"}])) == ["fail"]


def test_contains_all_needs_every_value(statuses: Statuses) -> None:
    where = {"field": "parties", "contains_all": ["HS", "CMHS"]}
    engine = engine_for(rule({"required": {"select": {"collection": "meetings", "where": where}}}))
    assert statuses(engine, doc(meetings=[{"kind": "DOI_THOAI", "parties": ["LANH_DAO", "HS"]}])) == ["fail"]


def test_nfd_text_in_a_report_matches_an_nfc_rule(statuses: Statuses) -> None:
    import unicodedata

    name = "Trường học hạnh phúc"
    where = {"field": "topic", "eq": name}
    engine = engine_for(rule({"required": {"select": {"collection": "registrations", "where": where}}}))
    nfd = doc(
        registrations=[
            {
                "kind": "MO_HINH_DIEM",
                "registered_on": "2023-10-05",
                "topic": unicodedata.normalize("NFD", name),
            }
        ]
    )
    assert statuses(engine, nfd) == ["pass"]


# ----------------------------------------------------------------------------- threshold


BRIEFING = {
    "threshold": {
        "group_by": {"field": "group", "values": ["CBQL", "GV", "NV", "HS"]},
        "numerator": {"aggregate": "sum", "select": {"collection": "briefings"}, "field": "reached"},
        "denominator": {"aggregate": "max", "select": {"collection": "briefings"}, "field": "total"},
        "target": 1.0,
    }
}


def briefings(nv_reached: int = 9) -> list[dict[str, object]]:
    return [
        {"group": "CBQL", "total": 3, "reached": 3},
        {"group": "GV", "total": 52, "reached": 52},
        {"group": "NV", "total": 9, "reached": nv_reached},
        {"group": "HS", "total": 1210, "reached": 1210},
    ]


def test_full_briefing_meets_the_hundred_percent_target(statuses: Statuses) -> None:
    assert statuses(engine_for(rule(BRIEFING)), doc(briefings=briefings())) == ["pass"]


def test_one_staff_member_short_fails_and_names_the_group(statuses: Statuses) -> None:
    result = engine_for(rule(BRIEFING)).check([doc(briefings=briefings(8))], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.fail
    assert "NV: 8/9 (88,9%)" in finding.message.vi


def test_briefing_split_over_two_sessions_adds_up(statuses: Statuses) -> None:
    sessions = [*briefings(5), {"group": "NV", "total": 9, "reached": 4, "held_on": "2023-10-02"}]
    assert statuses(engine_for(rule(BRIEFING)), doc(briefings=sessions)) == ["pass"]


def test_a_group_with_no_data_fails_by_default(statuses: Statuses) -> None:
    assert statuses(engine_for(rule(BRIEFING)), doc(briefings=briefings()[:3])) == ["fail"]


def test_missing_data_policy_can_be_error(statuses: Statuses) -> None:
    check = {"threshold": {**BRIEFING["threshold"], "if_missing": "error"}}
    assert statuses(engine_for(rule(check)), doc()) == ["error"]


# ----------------------------------------------------------------------------- each / join

EACH = {
    "each": {
        "for_each": {"collection": "incidents"},
        "key": "id",
        "require": {"documents": ["BC_DOT_XUAT"]},
        "match": "ad_hoc.incident_ids",
        "from_field": "occurred_at",
        "to_field": "received_at",
        "within_days": 2,
    }
}
INCIDENT = {
    "id": "NC-2023-01",
    "category": "TAI_NAN_THUONG_TICH",
    "occurred_at": "2023-12-04T10:15:00+07:00",
    "resolved": True,
}


def ad_hoc(received: str, *ids: str) -> object:
    return doc(
        kind="BC_DOT_XUAT", received_at=received, ad_hoc={"triggers": ["VU_VIEC"], "incident_ids": list(ids)}
    )


def test_incident_with_its_ad_hoc_report_in_another_document_passes(statuses: Statuses) -> None:
    year_end = doc(kind="BC_TONG_KET_NAM_HOC", incidents=[INCIDENT])
    assert statuses(engine_for(rule(EACH)), year_end, ad_hoc("2023-12-05", "NC-2023-01")) == ["pass"]


def test_resolved_incident_without_ad_hoc_report_fails(statuses: Statuses) -> None:
    result = engine_for(rule(EACH)).check([doc(incidents=[INCIDENT])], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.fail and "NC-2023-01" in finding.message.vi
    assert finding.evidence[0].pointer == "/incidents/0"


def test_ad_hoc_report_after_the_window_does_not_count(statuses: Statuses) -> None:
    assert statuses(
        engine_for(rule(EACH)), doc(incidents=[INCIDENT]), ad_hoc("2023-12-07", "NC-2023-01")
    ) == ["fail"]


def test_unreported_incident_is_pending_while_the_window_is_open(statuses: Statuses) -> None:
    assert statuses(engine_for(rule(EACH)), doc(incidents=[INCIDENT]), as_of=dt.date(2023, 12, 5)) == [
        "pending"
    ]


def test_no_incident_means_not_applicable(statuses: Statuses) -> None:
    assert statuses(engine_for(rule(EACH)), doc(incidents=[])) == ["not_applicable"]


def test_the_same_incident_in_two_reports_needs_one_ad_hoc_report(statuses: Statuses) -> None:
    hk1 = doc(kind="BC_SO_KET_HK1", incidents=[INCIDENT])
    year_end = doc(kind="BC_TONG_KET_NAM_HOC", incidents=[{**INCIDENT, "resolved_on": "2023-12-06"}])
    assert statuses(engine_for(rule(EACH)), hk1, year_end, ad_hoc("2023-12-04", "NC-2023-01")) == ["pass"]


# ----------------------------------------------------------------------------- forbidden and condition

VIOLENT = {
    "forbidden": {
        "select": {
            "collection": "student_activities",
            "where": {"field": "content_flags", "contains_any": ["BAO_LUC"]},
        }
    }
}


def test_forbidden_item_found_fails_with_its_evidence(statuses: Statuses) -> None:
    activity = {"name": "Đấu trường sinh tồn", "content_flags": ["BAO_LUC"]}
    result = engine_for(rule(VIOLENT)).check([doc(student_activities=[activity])], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.fail and finding.evidence[0].value["name"] == "Đấu trường sinh tồn"


def test_a_finding_looks_for_the_positions_of_the_evidence_it_shows_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thirty violent activities: the finding shows the first twenty (MAX_EVIDENCE), and where the
    other ten were written is never looked for in the report's text."""
    asked: list[str] = []

    class Recorded(JsonPositions):
        def locate(self, pointer: str) -> Position:
            asked.append(pointer)
            return super().locate(pointer)

    monkeypatch.setattr(compliance.loading._json, "JsonPositions", Recorded)
    activities = [{"name": f"Trò chơi đối kháng số {i}", "content_flags": ["BAO_LUC"]} for i in range(1, 31)]
    path = tmp_path / "hoat-dong.json"
    path.write_text(json.dumps(report(student_activities=activities), ensure_ascii=False), encoding="utf-8")
    (finding,) = engine_for(rule(VIOLENT)).check([path], as_of=dt.date(2024, 6, 30)).findings
    shown = [f"/student_activities/{i}" for i in range(MAX_EVIDENCE)]
    assert MAX_EVIDENCE == 20 and [e.pointer for e in finding.evidence] == shown
    assert {p for p in asked if p.startswith("/student_activities/")} <= set(shown)


def test_forbidden_passes_only_when_the_list_is_declared(statuses: Statuses) -> None:
    assert statuses(engine_for(rule(VIOLENT)), doc(student_activities=[])) == ["pass"]
    assert statuses(engine_for(rule(VIOLENT)), doc()) == ["error"]


def test_condition_on_every_document(statuses: Statuses) -> None:
    check = {"condition": {"test": {"field": "attendance.roll_cut_cases", "eq": 0}, "quantifier": "all"}}
    clean = doc(attendance={"enrolled": 1210, "roll_cut_cases": 0})
    cut = doc(kind="BC_TONG_KET_NAM_HOC", attendance={"enrolled": 1210, "roll_cut_cases": 2})
    assert statuses(engine_for(rule(check)), clean) == ["pass"]
    assert statuses(engine_for(rule(check)), clean, cut) == ["fail"]


def test_condition_failure_names_the_missing_field(statuses: Statuses) -> None:
    check = {"condition": {"test": {"field": "attendance.roll_cut_cases", "eq": 0}}}
    result = engine_for(rule(check)).check([doc()], as_of=dt.date(2024, 6, 30))
    assert "attendance.roll_cut_cases" in result.findings[0].message.en


# ----------------------------------------------------------------------------- applicability


def test_rule_for_other_levels_is_not_applicable_with_the_reason(statuses: Statuses) -> None:
    engine = engine_for(rule(VIOLENT, applies_to={"unit_types": ["TRUONG"], "levels": ["MN"]}))
    result = engine.check([doc(student_activities=[])], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert finding.status is Status.not_applicable and "MN" in finding.message.vi


def test_a_repealed_obligation_is_not_enforced_from_the_repeal_on(statuses: Statuses) -> None:
    repealed = {
        "on": "2025-06-03",
        "by": "Pháp lệnh 07/2025/UBTVQH15",
        "reason": {"vi": "Bỏ giới hạn hai con", "en": "The two-child limit ended"},
    }
    engine = engine_for(rule(VIOLENT, applies_to={"unit_types": ["TRUONG"], "repealed": repealed}))
    assert statuses(engine, doc(student_activities=[]), as_of=dt.date(2025, 6, 2)) == ["pass"]
    assert statuses(engine, doc(student_activities=[]), as_of=dt.date(2025, 6, 3)) == ["not_applicable"]


def test_an_obligation_is_judged_at_its_own_date_not_at_the_audit_date(statuses: Statuses) -> None:
    # the addressee ceased in 2025; its 2023-2024 obligation stands when audited later
    effective = {"to": "2025-06-30", "reason": {"vi": "Phòng GDĐT chấm dứt", "en": "the office ceased"}}
    engine = engine_for(rule(VIOLENT, applies_to={"unit_types": ["TRUONG"], "effective": effective}))
    assert statuses(engine, doc(student_activities=[]), as_of=dt.date(2026, 12, 1)) == ["pass"]


def test_rule_for_another_unit_type_gives_only_the_no_pack_error(statuses: Statuses) -> None:
    engine = engine_for(rule(VIOLENT, applies_to={"unit_types": ["PHONG_GDDT"]}))
    result = engine.check([doc(student_activities=[])], as_of=dt.date(2024, 6, 30))
    assert [(f.rule_id, f.status.value) for f in result.findings] == [
        ("compliance/no-applicable-pack", "error")
    ]


def test_pack_of_another_district_gives_only_the_no_pack_error(statuses: Statuses) -> None:
    engine = engine_for(rule(VIOLENT))
    submitter = {
        "unit_id": "VN-LC-SMC-THCS-01",
        "unit_type": "TRUONG",
        "school_levels": ["THCS"],
        "district": "Si Ma Cai",
    }
    result = engine.check([doc(student_activities=[], submitter=submitter)], as_of=dt.date(2024, 6, 30))
    (finding,) = result.findings
    assert (finding.unit_id, finding.rule_id) == ("VN-LC-SMC-THCS-01", "compliance/no-applicable-pack")


def test_pack_of_another_school_year_gives_only_the_no_pack_error(statuses: Statuses) -> None:
    engine = engine_for(rule(VIOLENT))
    assert statuses(engine, doc(student_activities=[], school_year="2024-2025")) == ["error"]
