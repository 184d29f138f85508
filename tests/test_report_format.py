"""The report format, version 2 (issue 14 item 5): what units can know — the document number of a
report, how it was sent, each recipient's own receipt, parents as a briefing group, independent
preschool groups — while version-1 reports still validate (docs/report-format.md, *Versions*)."""

from __future__ import annotations

import copy
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from builders import EXAMPLES, SCHOOL, SCHOOL_V1, doc, engine_for, report, rule
from compliance import Engine, Status
from compliance.audit import EngineSpec, audit
from compliance.errors import Code, ReportError
from compliance.layout import FORMAT_VERSION, HEADER_SHEET, layout
from compliance.loading import load_text
from compliance.portfolio import build_document
from compliance.resources import schema
from compliance.roster import load_roster
from compliance.template import write_template

AS_OF = dt.date(2024, 6, 30)
V1_REPORT = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"  # kept in version 1


def problems(text: str) -> list[tuple[str, str | None, int | None]]:
    with pytest.raises(ReportError) as info:
        build_document(load_text(text, name="bao-cao.yaml", format="yaml", error=ReportError))
    return [(p.code, p.pointer, p.line) for p in info.value.problems]


def as_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def so_ket(**fields: Any) -> dict[str, Any]:
    """A version-2 first-semester report of the school, with ``fields`` replacing top-level keys."""
    return report(kind="BC_SO_KET_HK1", received_at="2024-01-02T16:41:00+07:00", **fields)


# ----------------------------------------------------------------------------- the document number


def test_a_version_2_report_without_its_document_section_is_refused_at_the_number() -> None:
    data = so_ket()
    del data["document"]
    assert problems(as_yaml(data)) == [(Code.SCHEMA_SO_HIEU, "/document/so_hieu", 1)]


def test_a_version_2_report_without_its_number_is_refused_inside_its_document_section() -> None:
    text = as_yaml(so_ket(document={"signed_on": "2024-01-02", "signer_name": "Nguyễn Thị Thu Hà"}))
    first = text.splitlines().index("document:") + 2  # the section's first field, signed_on
    assert problems(text) == [(Code.SCHEMA_SO_HIEU, "/document/so_hieu", first)]


def test_the_missing_number_is_said_in_vietnamese_and_english_with_the_fix() -> None:
    data = so_ket()
    del data["document"]
    with pytest.raises(ReportError) as info:
        build_document(load_text(as_yaml(data), name="bao-cao.yaml", format="yaml", error=ReportError))
    (p,) = info.value.problems
    assert "số hiệu văn bản" in p.message.vi and "document number" in p.message.en
    assert "12/BC-THCSNC" in p.fix.vi and "12/BC-THCSNC" in p.fix.en


def test_an_evidence_record_needs_no_number_in_version_2() -> None:
    data = report()  # HO_SO_MINH_CHUNG: not a report
    del data["document"]
    assert (
        build_document(load_text(as_yaml(data), name="ho-so.yaml", format="yaml")).kind == "HO_SO_MINH_CHUNG"
    )


def test_a_version_1_report_without_a_number_still_validates() -> None:
    data = {**SCHOOL_V1, "schema_version": "1", "kind": "BC_SO_KET_HK1"}
    assert build_document(load_text(as_yaml(data), name="cu.yaml", format="yaml")).kind == "BC_SO_KET_HK1"


def test_a_report_without_a_version_is_read_as_version_1() -> None:
    data = {**SCHOOL_V1, "kind": "BC_TONG_KET_NAM_HOC"}
    assert "schema_version" not in data
    assert (
        build_document(load_text(as_yaml(data), name="cu.yaml", format="yaml")).kind == "BC_TONG_KET_NAM_HOC"
    )


def test_a_version_1_report_without_a_number_gets_a_note_naming_the_file(bundled_engine: Engine) -> None:
    old = {**SCHOOL_V1, "kind": "BC_SO_KET_HK1", "received_at": "2024-01-02"}
    result = bundled_engine.check([old], as_of=AS_OF)
    (note,) = [n for n in result.notes if "số hiệu" in n.vi]
    assert "VN-HN-TX-THCS-NHANCHINH: 1 báo cáo chưa có số hiệu văn bản" in note.vi
    assert "without a document number" in note.en and "version 2 requires it" in note.en


def test_a_numbered_report_gets_no_note_about_its_number(bundled_engine: Engine) -> None:
    result = bundled_engine.check([so_ket()], as_of=AS_OF)
    assert not [n for n in result.notes if "số hiệu" in n.vi]


def test_the_kept_version_1_example_validates_and_gives_findings(bundled_engine: Engine) -> None:
    assert yaml.safe_load(V1_REPORT.read_text(encoding="utf-8"))["schema_version"] == "1"
    assert bundled_engine.check([V1_REPORT], as_of=AS_OF).findings


def test_an_unknown_version_is_refused_with_the_versions_there_are() -> None:
    (found,) = problems(as_yaml(so_ket(schema_version="3")))
    assert found[:2] == (Code.SCHEMA_ENUM, "/schema_version")


def test_new_forms_are_written_in_the_latest_version() -> None:
    assert schema("report")["properties"]["schema_version"]["enum"][-1] == FORMAT_VERSION


def _header(raw: bytes) -> dict[str, Any]:
    sheet = load_workbook(io.BytesIO(raw))[HEADER_SHEET]
    return {str(row[0].value): row[1].value for row in sheet.iter_rows(min_row=2)}


def test_a_report_form_presets_version_2_and_marks_the_number_required() -> None:
    values = _header(write_template(kind="BC_SO_KET_HK1"))
    assert values["Phiên bản định dạng báo cáo"] == "Phiên bản 2"
    assert "Thông tin văn bản — Số hiệu văn bản *" in values


def test_an_evidence_form_leaves_the_number_optional() -> None:
    values = _header(write_template(kind="HO_SO_MINH_CHUNG"))
    assert "Thông tin văn bản — Số hiệu văn bản" in values
    assert "Thông tin văn bản — Số hiệu văn bản *" not in values


# ----------------------------------------------------------------------------- how it was sent


def test_the_submission_channel_takes_a_code_of_its_list() -> None:
    text = as_yaml(so_ket(submission_channel="HE_THONG_QLVB"))
    document = build_document(load_text(text, name="bao-cao.yaml", format="yaml"))
    assert document.facts["submission_channel"] == "HE_THONG_QLVB"


def test_a_channel_not_in_the_list_is_refused_at_its_line() -> None:
    text = as_yaml(so_ket(submission_channel="ZALO"))
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("submission_channel"))
    assert problems(text) == [(Code.SCHEMA_ENUM, "/submission_channel", line)]


def test_every_channel_has_a_vietnamese_and_an_english_label() -> None:
    channel = schema("report")["$defs"]["channel"]
    assert set(channel["x-enum-labels"]) == set(channel["enum"])
    assert {"HE_THONG_QLVB", "EMAIL_CONG_VU", "BUU_CHINH", "TRUC_TIEP", "PHAN_MEM_NGANH"} <= set(
        channel["enum"]
    )


# ----------------------------------------------------------------------------- each recipient's receipt

TWO_OFFICES = [
    {"unit_id": "VN-LC-SMC-PGDDT", "received_at": "2020-09-21T09:00:00+07:00", "so_den": "412"},
    {"unit_id": "VN-LC-SMC-PDT", "received_at": "2020-09-23", "channel": "BUU_CHINH"},
]


def test_a_report_sent_through_two_offices_keeps_each_received_date() -> None:
    data = so_ket(submitted_at="2020-09-20", receipts=copy.deepcopy(TWO_OFFICES))
    document = build_document(load_text(as_yaml(data), name="nq.yaml", format="yaml"))
    assert [(r["unit_id"], r["received_at"]) for r in document.facts["receipts"]] == [
        ("VN-LC-SMC-PGDDT", dt.date(2020, 9, 21)),
        ("VN-LC-SMC-PDT", dt.date(2020, 9, 23)),
    ]


def test_a_recipient_listed_twice_is_refused_at_the_second_row() -> None:
    twice = [TWO_OFFICES[0], {**TWO_OFFICES[1], "unit_id": "VN-LC-SMC-PGDDT"}]
    assert [found[:2] for found in problems(as_yaml(so_ket(receipts=twice)))] == [
        (Code.DUPLICATE_RECEIPT, "/receipts/1/unit_id")
    ]


def test_a_receipt_before_the_sending_is_refused_with_both_days() -> None:
    data = so_ket(submitted_at="2020-09-22", receipts=copy.deepcopy(TWO_OFFICES))
    with pytest.raises(ReportError) as info:
        build_document(load_text(as_yaml(data), name="nq.yaml", format="yaml", error=ReportError))
    (p,) = info.value.problems
    assert (p.code, p.pointer) == (Code.RECEIPT_BEFORE_SENT, "/receipts/0/received_at")
    assert "21/09/2020" in p.message.vi and "22/09/2020" in p.message.vi


def test_the_deadline_is_judged_on_received_at_not_on_another_recipient_s_date() -> None:
    """received_at is the day the office that judges received it; a later receipt elsewhere (the
    second office of the chain) does not make the report late."""
    engine = engine_for(rule({"deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": "2024-01-03"}}))
    late_elsewhere = [{"unit_id": "VN-HN-UBND-TX", "received_at": "2024-01-09"}]
    result = engine.check(
        [doc(kind="BC_SO_KET_HK1", received_at="2024-01-02", receipts=late_elsewhere)], as_of=AS_OF
    )
    assert [f.status for f in result.findings] == [Status.pass_]


# ----------------------------------------------------------------------------- parents


def _briefings(last: str, *, total: int = 410) -> list[dict[str, Any]]:
    base = [
        {"held_on": "2023-09-29", "group": "CBQL", "total": 3, "reached": 3},
        {"held_on": "2023-09-29", "group": "GV", "total": 28, "reached": 28},
        {"held_on": "2023-09-29", "group": "NV", "total": 12, "reached": 12},
    ]
    return [*base, {"held_on": "2023-10-06", "group": last, "total": total, "reached": total}]


PRESCHOOL = {**SCHOOL["submitter"], "unit_id": "VN-HN-TX-MN-HOASEN", "unit_name": "Trường Mầm non Hoa Sen"}


def _finding(engine: Engine, rule_id: str, data: dict[str, Any]) -> Status:
    (found,) = [f for f in engine.check([data], as_of=AS_OF).findings if f.rule_id == rule_id]
    return found.status


def test_parents_are_the_briefing_group_a_preschool_is_counted_on(bundled_engine: Engine) -> None:
    data = so_ket(submitter={**PRESCHOOL, "school_levels": ["MN"]}, briefings=_briefings("CMHS"))
    assert _finding(bundled_engine, "TX2324-T-QUAN-TRIET-MN", data) is Status.pass_


def test_a_preschool_without_its_parents_briefed_fails(bundled_engine: Engine) -> None:
    data = so_ket(submitter={**PRESCHOOL, "school_levels": ["MN"]}, briefings=_briefings("CMHS")[:3])
    assert _finding(bundled_engine, "TX2324-T-QUAN-TRIET-MN", data) is Status.fail


def test_parents_do_not_stand_in_for_the_pupils_of_a_lower_secondary_school(bundled_engine: Engine) -> None:
    """The plan names "học sinh" (002-07): at a THCS the pupils are briefed themselves."""
    data = so_ket(briefings=_briefings("CMHS", total=1342))
    assert _finding(bundled_engine, "TX2324-T-QUAN-TRIET", data) is Status.fail
    pupils = so_ket(briefings=_briefings("HS", total=1342))
    assert _finding(bundled_engine, "TX2324-T-QUAN-TRIET", pupils) is Status.pass_


# ----------------------------------------------------------------------------- independent preschool groups

GROUP = {
    "unit_id": "VN-HN-TX-NT-SAOMAI",
    "unit_name": "Nhóm trẻ độc lập Sao Mai",
    "unit_type": "NHOM_TRE_DOC_LAP",
    "ownership": "TU_THUC",
    "province": "Hà Nội",
    "district": "Thanh Xuân",
}


@pytest.mark.parametrize("unit_type", ["NHOM_TRE_DOC_LAP", "LOP_MG_DOC_LAP", "LOP_MN_DOC_LAP"])
def test_an_independent_preschool_group_is_a_unit_type_of_its_own(unit_type: str) -> None:
    data = so_ket(submitter={**GROUP, "unit_type": unit_type})
    document = build_document(load_text(as_yaml(data), name="nt.yaml", format="yaml"))
    assert document.facts["submitter"]["unit_type"] == unit_type


def test_no_bundled_pack_binds_an_independent_group_so_its_check_says_so(bundled_engine: Engine) -> None:
    """docs/packs/independent-preschool-groups.md: the plans address schools ("Các trường MN, Tiểu
    học, THCS"), not independent groups; their check is the scope error, never a quiet pass."""
    result = bundled_engine.check([so_ket(submitter=GROUP)], as_of=AS_OF)
    assert [(f.rule_id, f.status) for f in result.findings] == [
        ("compliance/no-applicable-pack", Status.error)
    ]


def test_the_roster_accepts_an_independent_group_and_the_audit_accounts_for_it(tmp_path: Path) -> None:
    roster = tmp_path / "danh-sach.csv"
    roster.write_text(
        "unit_id,unit_name,unit_type,school_levels,province,district,school_year\n"
        "VN-HN-TX-NT-SAOMAI,Nhóm trẻ độc lập Sao Mai,NHOM_TRE_DOC_LAP,MN,Hà Nội,Thanh Xuân,2023-2024\n",
        encoding="utf-8",
    )
    (entry,) = load_roster(roster)
    assert entry.unit.unit_type == "NHOM_TRE_DOC_LAP"
    reports = tmp_path / "bao-cao"
    reports.mkdir()
    (reports / "nt.yaml").write_text(as_yaml(so_ket(submitter=GROUP)), encoding="utf-8")
    result = audit([reports], spec=EngineSpec(), as_of=AS_OF, roster=[entry], jobs=1)
    assert [(f.unit_id, f.rule_id) for f in result.findings] == [
        ("VN-HN-TX-NT-SAOMAI", "compliance/no-applicable-pack")
    ]


def test_the_new_unit_types_have_their_labels_in_the_form() -> None:
    (column,) = [c for c in layout().header.columns if c.key == "submitter.unit_type"]
    assert {"NHOM_TRE_DOC_LAP": "Nhóm trẻ độc lập", "LOP_MG_DOC_LAP": "Lớp mẫu giáo độc lập"}.items() <= {
        code: column.type.labels[code][0] for code in column.type.enum or ()
    }.items()
