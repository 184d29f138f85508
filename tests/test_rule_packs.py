"""The shipped rule packs: lint-clean against the plans they quote, every example case holds with
100% coverage, every obligation of the domain notes is accounted for, and the documented readings
(parameters) change the outcome the way the pack docs say."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import ROOT, RULES, report
from compliance import Engine
from compliance.cli import main
from shared import OBLIGATIONS, SEEDS, shared

PACKS = {path.name[:3]: path for path in sorted(RULES.glob("*.yaml"))}
PREFIX = {"QN2021": "000", "SMC2021": "001", "TX2324": "002", "HN2021": "003", "NB2021": "004"}


def pack(number: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PACKS[number].read_text(encoding="utf-8"))
    return data


# ----------------------------------------------------------------------------- lint and test


def test_shipped_packs_lint_clean_against_the_plans(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lint", str(RULES), "--sources", str(shared(SEEDS)), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert code == 0, [f["message"]["en"] for f in findings]
    assert all(f["level"] == "info" for f in findings)


def test_the_misprinted_weekday_of_plan_002_is_caught_and_acknowledged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["lint", str(RULES), "--sources", str(shared(SEEDS)), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["code"], Path(f["file"]).name, f["line"]) for f in findings} == {
        ("weekday-mismatch", "002_ef403fffc9314121.txt", 97),
        ("weekday-mismatch", "002-thanh-xuan-gdct-cths-2023-2024.yaml", 836),
    }


def test_every_inline_case_holds_with_full_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["test", str(RULES), "--coverage", "--threshold", "100", "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert re.search(r"Coverage: (\d+)/\1 \(100\.0%\)", out)


def test_bundled_packs_are_the_default_of_compliance_test(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["coverage"]["percent"] == 100.0


# ----------------------------------------------------------------------------- accounted for


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_every_obligation_has_a_row_naming_a_rule_or_why_not(number: str) -> None:
    ids = [
        o["id"]
        for o in json.loads(shared(OBLIGATIONS).read_text(encoding="utf-8"))
        if o["id"].startswith(number)
    ]
    rule_ids = {r["id"] for r in pack(number)["rules"]}
    doc = (ROOT / "docs" / "packs" / f"{number}.md").read_text(encoding="utf-8")
    for obligation in ids:
        rows = [line for line in doc.splitlines() if line.startswith(f"| {obligation} ")]
        assert rows, f"docs/packs/{number}.md has no row for {obligation}"
        named = {m for row in rows for m in re.findall(r"`([A-Z0-9][A-Z0-9-]+)`", row) if m in rule_ids}
        assert named or any("not encoded" in row for row in rows), obligation


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_every_rule_appears_in_its_pack_doc(number: str) -> None:
    doc = (ROOT / "docs" / "packs" / f"{number}.md").read_text(encoding="utf-8")
    assert [r["id"] for r in pack(number)["rules"] if f"`{r['id']}`" not in doc] == []


def test_rule_id_prefixes_name_their_pack() -> None:
    prefixes = {number: {r["id"].split("-")[0] for r in pack(number)["rules"]} for number in PACKS}
    assert prefixes == {number: {prefix} for prefix, number in PREFIX.items()}


def test_the_reference_list_link_title_in_plan_003_is_set_aside_not_encoded() -> None:
    trap = "Không được ép buộc học sinh phải mua tài liệu tham khảo"
    data = pack("003")
    assert trap in [entry["quote"] for entry in data["not_encoded"]]
    assert all(trap not in r["source"]["quote"] for r in data["rules"])


def test_guessed_jurisdictions_say_so_in_the_pack() -> None:
    for number, place in (("001", "Si Ma Cai"), ("004", "Ninh Bình")):
        document = pack(number)["document"]
        assert place in json.dumps(document["jurisdiction"], ensure_ascii=False)
        assert "suy" in document["notes"]["vi"] or "suy" in document["issuer"]["name"]


def test_the_two_child_rule_is_repealed_by_the_2025_ordinance() -> None:
    """Pháp lệnh 07/2025/UBTVQH15 (03/6/2025) repealed the limit: from that day the principal's
    liability is enforced for nobody (``repealed``), not merely for later years (``effective``).
    The office's "Tham mưu xây dựng ký cam kết" is advice to the district, not encoded."""
    repeals = {
        r["id"]: (str(r["applies_to"]["repealed"]["on"]), r["applies_to"]["repealed"]["by"])
        for r in pack("001")["rules"]
        if "CON-THU-3" in r["id"]
    }
    assert repeals == {"SMC2021-T-CON-THU-3": ("2025-06-03", "Pháp lệnh 07/2025/UBTVQH15")}
    assert "SMC2021-P-CAM-KET-CON-THU-3" not in {r["id"] for r in pack("001")["rules"]}
    assert "001-05" in [entry["ref"] for entry in pack("001")["not_encoded"]]


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_district_office_rules_end_when_the_offices_ceased(number: str) -> None:
    for r in pack(number)["rules"]:
        if "PHONG_GDDT" in r["applies_to"]["unit_types"]:
            assert str(r["applies_to"]["effective"]["to"]) <= "2025-06-30", r["id"]


# ----------------------------------------------------------------------------- readings


NGUYEN_TRAI = {
    "unit_id": "VN-HN-BD-THCS-NGUYENTRAI-TU",
    "unit_name": "Trường THCS dân lập Nguyễn Trãi",
    "unit_type": "TRUONG",
    "school_levels": ["THCS"],
    "ownership": "TU_THUC",
    "province": "Hà Nội",
    "district": "Ba Đình",
}


def school(**fields: Any) -> dict[str, Any]:
    """A report of a private school in Ba Đình for 2020-2021 (``fields`` replace top-level keys)."""
    return report(
        **{"school_year": "2020-2021", "received_at": "2020-11-10", "submitter": NGUYEN_TRAI, **fields}
    )


def status(rule_id: str, report: dict[str, Any], as_of: str, **params: Any) -> str:
    """The status ``rule_id`` gives ``report`` with its pack compiled under ``params``."""
    engine = Engine.from_path(PACKS[PREFIX[rule_id.split("-", maxsplit=1)[0]]], params=params)
    result = engine.check(report, as_of=dt.date.fromisoformat(as_of))
    (finding,) = [f for f in result.findings if f.rule_id == rule_id]
    return finding.status.value


WORKERS_ONLY = school(meetings=[{"kind": "HN_NGUOI_LAO_DONG", "held_on": "2020-09-26", "attendees": 31}])


def _with_ownership(report: dict[str, Any], ownership: str | None) -> dict[str, Any]:
    submitter = {k: v for k, v in report["submitter"].items() if k != "ownership"}
    if ownership is not None:
        submitter["ownership"] = ownership
    return {**report, "submitter": submitter}


def test_a_private_school_meets_the_conference_duty_with_its_workers_conference() -> None:
    # "Hội nghị Người lao động, Hội nghị Cán bộ công chức, viên chức": a private school has no
    # civil servants, so its workers' conference is the one the plan asks of it
    assert status("HN2021-HN-DAU-NAM-HOC", WORKERS_ONLY, "2020-12-31") == "pass"


def test_a_public_school_with_only_the_workers_conference_has_not_held_its_own() -> None:
    public = _with_ownership(WORKERS_ONLY, "CONG_LAP")
    assert status("HN2021-HN-DAU-NAM-HOC", public, "2020-12-31") == "fail"


def test_a_conference_of_one_form_never_passes_when_the_ownership_is_not_stated() -> None:
    unstated = _with_ownership(WORKERS_ONLY, None)
    assert status("HN2021-HN-DAU-NAM-HOC", unstated, "2020-12-31") == "fail"


SI_MA_CAI = {
    "unit_id": "VN-LC-SMC-TH-LUNGTHAN2",
    "unit_name": "Trường PTDTBT TH số 2 xã Lùng Thẩn",
    "unit_type": "TRUONG",
    "school_levels": ["TH"],
    "province": "Lào Cai",
    "district": "Si Ma Cai",
}
OPENING_ONLY = school(
    submitter=SI_MA_CAI, events=[{"kind": "LE_KHAI_GIANG", "held_on": "2020-09-05"}], received_at="2020-10-02"
)


def test_opening_ceremony_alone_counts_as_the_one_occasion_by_default() -> None:
    assert status("SMC2021-T-LE-KHAI-GIANG", OPENING_ONLY, "2020-12-31") == "pass"


def test_opening_ceremony_alone_fails_when_and_means_two_events() -> None:
    reading = {"si-ma-cai-nhiem-vu-nam-hoc-2020-2021.khai_giang_va_ngay_hoi": "hai_su_kien"}
    assert status("SMC2021-T-LE-KHAI-GIANG", OPENING_ONLY, "2020-12-31", **reading) == "fail"


# "Xây dựng nghị quyết chuyên đề để phòng chống tảo hôn … trước ngày 25/9/2020": the resolution
# counts only when it is on child marriage (topic PHONG_CHONG_TAO_HON).
XA_RESOLUTION_ON_THE_DAY = school(
    kind="NQ_CHUYEN_DE",
    topics=["PHONG_CHONG_TAO_HON"],
    received_at="2020-09-25",
    submitter={**SI_MA_CAI, "unit_id": "VN-LC-SMC-XA-CANCAU", "unit_type": "UBND_XA", "school_levels": []},
)


def test_resolution_received_on_the_printed_day_is_late_when_before_excludes_it() -> None:
    assert status("SMC2021-X-NQ-TAO-HON", XA_RESOLUTION_ON_THE_DAY, "2020-10-31") == "fail"


def test_resolution_received_on_the_printed_day_is_on_time_when_before_includes_it() -> None:
    reading = {"si-ma-cai-nhiem-vu-nam-hoc-2020-2021.truoc_ngay": "inclusive"}
    assert status("SMC2021-X-NQ-TAO-HON", XA_RESOLUTION_ON_THE_DAY, "2020-10-31", **reading) == "pass"


def test_a_thematic_resolution_on_another_subject_does_not_answer_the_child_marriage_deadline() -> None:
    livestock = {**XA_RESOLUTION_ON_THE_DAY, "topics": ["KHAC"], "received_at": "2020-09-20"}
    livestock["title"] = "Nghị quyết chuyên đề về phát triển chăn nuôi bò"
    assert status("SMC2021-X-NQ-TAO-HON", livestock, "2020-10-31") == "fail"
    on_topic = {**XA_RESOLUTION_ON_THE_DAY, "received_at": "2020-09-20"}
    assert status("SMC2021-X-NQ-TAO-HON", on_topic, "2020-10-31") == "pass"


def test_the_commune_resolution_of_2020_is_still_judged_in_2026() -> None:
    """X1: the district level ceased on 01/7/2025, but a 2020 duty is judged at its own date."""
    missing = {**XA_RESOLUTION_ON_THE_DAY, "kind": "HO_SO_MINH_CHUNG"}
    assert status("SMC2021-X-NQ-TAO-HON", missing, "2026-03-02") == "fail"


CENTRE_WITHOUT_LEVELS = school(
    school_year="2020-2021",
    received_at="2021-04-20",
    submitter={
        "unit_id": "VN-NB-GV-TTGDNNGDTX",
        "unit_name": "Trung tâm GDNN-GDTX huyện Gia Viễn",
        "unit_type": "TT_GDNN_GDTX",
        "school_levels": [],
        "province": "Ninh Bình",
        "district": "Gia Viễn",
    },
    curriculum={"program_cut": False},
)


def test_a_gdnn_gdtx_centre_that_lists_no_level_is_bound_by_the_centre_rules() -> None:
    assert status("NB2021-TT-KHONG-CAT-XEN-CHUONG-TRINH", CENTRE_WITHOUT_LEVELS, "2021-05-31") == "pass"
    engine = Engine.from_path(PACKS["004"])
    result = engine.check(CENTRE_WITHOUT_LEVELS, as_of=dt.date(2021, 5, 31))
    judged = {f.rule_id: f.status.value for f in result.findings}
    assert judged["NB2021-TT-THU-DUNG-QUY-DINH"] == "error"  # fees not declared: no conclusion, not N/A
    assert judged.get("NB2021-KHONG-CAT-XEN-CHUONG-TRINH", "not_applicable") == "not_applicable"
