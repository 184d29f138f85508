"""Report validation (strict schema plus the rules JSON Schema cannot say) and documents and
portfolios: every problem names the file and line in Vietnamese and English, facts hold real dates,
one bad file never hides the others."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compliance.errors import InputError, Problem, ReportError
from compliance.loading import Format, load_text
from compliance.portfolio import Document, build_document, group, read_document, read_documents
from compliance.validate import validate_report

HEAD = """\
schema_version: "1"
id: NC-2324-BC-HK1
kind: BC_SO_KET_HK1
school_year: "2023-2024"
submitter:
  unit_id: VN-HN-TX-THCS-NHANCHINH
  unit_name: Trường THCS Nhân Chính
  unit_type: TRUONG
  school_levels: [THCS]
  province: Hà Nội
  district: Thanh Xuân
recipients: [VN-HN-PGDDT-THANHXUAN]
received_at: 2024-01-02T16:41:00+07:00
"""

FULL = (
    HEAD
    + """\
document: {so_hieu: 12/BC-THCSNC, signed_on: 2024-01-02, signer_name: Nguyễn Thị Thu Hà, signer_role: Hiệu trưởng}
period: {from: 2023-09-05, to: 2023-12-31}
briefings:
  - {held_on: 2023-09-30, group: GV, total: 58, reached: 58}
  - {held_on: 2023-10-02, group: HS, total: 1342, reached: 1342}
committees:
  - kind: BCD_GDCT_CTHS_HDNGLL
    decision_so_hieu: 45/QĐ-THCSNC
    established_on: 2023-09-25
    members: 9
    tasks_assigned: true
drills:
  - {kind: THUC_TAP_PACC, held_on: 2023-11-09, scenarios: [Cháy phòng thí nghiệm Hóa học tầng 3], participants: 1405}
incidents:
  - {id: NC-2023-01, category: TAI_NAN_THUONG_TICH, occurred_at: "2023-12-04T10:15:00+07:00", resolved: true, resolved_on: 2023-12-04}
student_activities: []
"""
)

COMMITTEE_KEYS = "action, decision_so_hieu, established_on, kind, members, name, tasks_assigned"
COMMITTEE_KINDS = [
    "BCD_GDCT_CTHS_HDNGLL",
    "TO_QL_CSVC",
    "TO_XU_LY_TIN_XAU_DOC",
    "TO_TU_VAN_TAM_LY_CTXH",
    "TO_TU_VAN_KHOI_NGHIEP",
    "BCD_GD_XA",
    "BGD_TTHTCD",
    "KHAC",
]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def column_of(text: str, needle: str) -> int:
    start = text.index(needle)
    return start - (text.rfind("\n", 0, start) + 1) + 1


def parse(text: str, name: str = "bao-cao.yaml") -> Document:
    fmt: Format = "json" if name.endswith(".json") else "yaml"
    return build_document(load_text(text, name=name, format=fmt, error=ReportError))


def problems_of(text: str, name: str = "bao-cao.yaml") -> list[Problem]:
    with pytest.raises(ReportError) as info:
        parse(text, name)
    for p in info.value.problems:
        assert p.file == name
        assert p.message.vi.strip() and p.message.en.strip()
        assert p.fix is not None and p.fix.vi.strip() and p.fix.en.strip()
        assert p.line is not None and p.column is not None
    return list(info.value.problems)


def only_problem(text: str, name: str = "bao-cao.yaml") -> Problem:
    (p,) = problems_of(text, name)
    return p


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- a valid report


def test_complete_report_is_valid() -> None:
    assert parse(FULL).kind == "BC_SO_KET_HK1"


def test_validate_report_finds_no_problem_in_a_valid_report() -> None:
    assert validate_report(load_text(FULL, name="bao-cao.yaml", format="yaml")) == []


def test_same_report_in_json_is_valid() -> None:
    text = """{
  "kind": "BC_SO_KET_HK1",
  "school_year": "2023-2024",
  "submitter": {"unit_id": "VN-HN-TX-THCS-NHANCHINH", "unit_name": "Trường THCS Nhân Chính",
                "unit_type": "TRUONG", "school_levels": ["THCS"]},
  "received_at": "2024-01-02T16:41:00+07:00"
}"""
    assert parse(text, "bao-cao.json").unit_id == "VN-HN-TX-THCS-NHANCHINH"


def test_build_document_refusal_is_a_report_error_and_an_input_error() -> None:
    with pytest.raises(InputError) as info:
        parse(HEAD + "ghi_chu: x\n")
    assert isinstance(info.value, ReportError)


# ----------------------------------------------------------------------------- unknown keys

MISSPELT = (
    HEAD
    + """\
committees:
  - kind: BCD_GDCT_CTHS_HDNGLL
    decision_so_hieu: 45/QĐ-THCSNC
    establised_on: 2023-09-25
    members: 9
"""
)


def test_misspelt_key_in_a_committee_is_reported_at_the_line_of_the_key() -> None:
    p = only_problem(MISSPELT)
    assert p.pointer == "/committees/0/establised_on"
    assert (p.line, p.column) == (line_of(MISSPELT, "establised_on"), 5)


def test_misspelt_key_fix_lists_the_valid_keys_of_that_object() -> None:
    p = only_problem(MISSPELT)
    assert p.fix is not None
    assert f"valid keys: {COMMITTEE_KEYS}" in p.fix.en
    assert f"các khóa hợp lệ: {COMMITTEE_KEYS}" in p.fix.vi


def test_misspelt_key_message_names_the_key_in_both_languages() -> None:
    p = only_problem(MISSPELT)
    assert "'establised_on'" in p.message.vi and "'establised_on'" in p.message.en


def test_misspelt_key_fix_mentions_extension_keys() -> None:
    p = only_problem(MISSPELT)
    assert p.fix is not None and "'x-'" in p.fix.en and "'x-'" in p.fix.vi


def test_misspelt_key_in_a_flow_style_item_is_reported_at_the_key() -> None:
    text = HEAD + "committees:\n  - {kind: TO_QL_CSVC, establised_on: 2023-09-25}\n"
    p = only_problem(text)
    assert (p.line, p.column) == (line_of(text, "establised_on"), column_of(text, "establised_on"))


def test_misspelt_key_inside_the_submitter_lists_the_submitter_keys() -> None:
    text = HEAD.replace("  district: Thanh Xuân\n", "  distric: Thanh Xuân\n")
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/submitter/distric", line_of(text, "distric"))
    assert p.fix is not None and "district" in p.fix.en and "unit_id" in p.fix.en


def test_unknown_top_level_key_lists_the_top_level_keys() -> None:
    text = HEAD + "ghi_chu: nộp bản giấy\n"
    p = only_problem(text)
    assert (p.pointer, p.line, p.column) == ("/ghi_chu", line_of(text, "ghi_chu"), 1)
    assert p.fix is not None and "received_at" in p.fix.en and "committees" in p.fix.en


def test_every_unknown_key_is_its_own_problem() -> None:
    text = HEAD + "ghi_chu: a\nnguoi_ky: b\n"
    assert [p.pointer for p in problems_of(text)] == ["/ghi_chu", "/nguoi_ky"]


def test_unknown_key_in_a_json_report_is_reported_at_its_line() -> None:
    text = """{
  "kind": "BC_SO_KET_HK1",
  "school_year": "2023-2024",
  "submitter": {"unit_id": "VN-HN-TX-THCS-NHANCHINH", "unit_type": "TRUONG", "school_levels": ["THCS"]},
  "received_at": "2024-01-02",
  "committees": [
    {"kind": "TO_QL_CSVC",
     "establised_on": "2023-09-25"}
  ]
}"""
    p = only_problem(text, "bao-cao.json")
    assert (p.pointer, p.line, p.column) == ("/committees/0/establised_on", 8, 6)


# ----------------------------------------------------------------------------- extensions


def test_extension_key_is_accepted_at_the_top_level() -> None:
    assert parse(HEAD + "x-portal-id: 42\n").facts["x-portal-id"] == 42


def test_extension_key_is_accepted_inside_a_list_item() -> None:
    document = parse(HEAD + "committees:\n  - {kind: TO_QL_CSVC, x-ghi-chu: đã kiện toàn}\n")
    assert document.facts["committees"][0]["x-ghi-chu"] == "đã kiện toàn"


def test_extension_key_is_accepted_inside_the_submitter() -> None:
    parse(HEAD.replace("  district: Thanh Xuân\n", "  district: Thanh Xuân\n  x-ma-so-thue: '0101234567'\n"))


def test_extension_value_is_never_checked() -> None:
    document = parse(HEAD + "x-lich-su:\n  - {received_at: hôm qua, members: chín}\n")
    assert document.facts["x-lich-su"] == [{"received_at": "hôm qua", "members": "chín"}]


def test_key_starting_with_x_but_no_dash_is_not_an_extension() -> None:
    assert only_problem(HEAD + "x_portal_id: 42\n").pointer == "/x_portal_id"


# ----------------------------------------------------------------------------- required keys


def test_missing_received_at_is_reported() -> None:
    p = only_problem(HEAD.replace("received_at: 2024-01-02T16:41:00+07:00\n", ""))
    assert "'received_at'" in p.message.en and "'received_at'" in p.message.vi
    assert p.pointer == "" and p.line == 1


def test_missing_received_at_fix_says_to_add_it() -> None:
    p = only_problem(HEAD.replace("received_at: 2024-01-02T16:41:00+07:00\n", ""))
    assert p.fix is not None and "add 'received_at'" in p.fix.en


def test_missing_unit_type_is_reported_at_the_submitter() -> None:
    text = HEAD.replace("  unit_type: TRUONG\n", "")
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/submitter", line_of(text, "unit_id"))
    assert "'unit_type'" in p.message.en


def test_missing_required_key_of_a_list_item_is_reported_at_the_item() -> None:
    text = HEAD + "drills:\n  - {kind: THOAT_NAN}\n"
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/drills/0", line_of(text, "{kind: THOAT_NAN}"))
    assert "'held_on'" in p.message.en


def test_each_missing_key_is_its_own_problem() -> None:
    text = HEAD + "briefings:\n  - {group: GV}\n"
    assert sorted(p.message.en for p in problems_of(text)) == [
        "required key 'reached' is missing",
        "required key 'total' is missing",
    ]


# ----------------------------------------------------------------------------- types


def test_text_where_a_count_belongs_is_reported() -> None:
    text = HEAD + 'committees:\n  - {kind: TO_QL_CSVC, members: "chín"}\n'
    p = only_problem(text)
    assert (p.pointer, p.line, p.column) == (
        "/committees/0/members",
        line_of(text, "chín"),
        column_of(text, '"chín"'),
    )
    assert "whole number" in p.message.en and "'chín'" in p.message.en
    assert "số nguyên" in p.message.vi


def test_fraction_where_a_count_belongs_is_reported() -> None:
    assert (
        "whole number"
        in only_problem(HEAD + "committees:\n  - {kind: TO_QL_CSVC, members: 9.5}\n").message.en
    )


def test_yes_where_a_boolean_belongs_is_reported() -> None:
    p = only_problem(HEAD + "committees:\n  - {kind: TO_QL_CSVC, tasks_assigned: yes}\n")
    assert p.pointer == "/committees/0/tasks_assigned" and "true/false" in p.message.en


def test_single_level_where_a_list_belongs_is_reported() -> None:
    p = only_problem(HEAD.replace("school_levels: [THCS]", "school_levels: THCS"))
    assert p.pointer == "/submitter/school_levels" and "a list" in p.message.en


def test_negative_count_is_reported() -> None:
    p = only_problem(HEAD + "briefings:\n  - {group: GV, total: -1, reached: 0}\n")
    assert p.pointer == "/briefings/0/total" and "out of range" in p.message.en


def test_a_list_instead_of_a_report_is_reported() -> None:
    p = only_problem("- kind: BC_SO_KET_HK1\n")
    assert (p.pointer, p.line) == ("", 1) and "an object" in p.message.en


# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2023-13-01", "25/09/2023", "2023-9-25"])
def test_bad_date_in_a_date_field_is_refused_with_an_iso_fix(value: str) -> None:
    text = HEAD + f"committees:\n  - {{kind: TO_QL_CSVC, established_on: {value}}}\n"
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/committees/0/established_on", line_of(text, value))
    assert p.fix is not None and "YYYY-MM-DD" in p.fix.en and "YYYY-MM-DD" in p.fix.vi
    assert value in p.message.en


def test_day_first_date_fix_says_not_to_use_dd_mm_yyyy_in_files() -> None:
    p = only_problem(HEAD + "period: {from: 05/09/2023, to: 2023-12-31}\n")
    assert p.fix is not None and "not dd/mm/yyyy in files" in p.fix.en
    assert "không dùng dd/mm/yyyy trong tệp" in p.fix.vi


@pytest.mark.parametrize(
    "value", ["2024-02-30", "02/01/2024", "2024-01-02T25:41:00+07:00", "2024-01-02 16:41", "hôm qua"]
)
def test_bad_received_at_is_refused_with_an_iso_fix(value: str) -> None:
    text = HEAD.replace("2024-01-02T16:41:00+07:00", value)
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/received_at", line_of(text, "received_at"))
    assert p.fix is not None and "YYYY-MM-DD" in p.fix.en and "YYYY-MM-DD" in p.fix.vi


@pytest.mark.parametrize(
    ("typed", "iso"), [("25/09/2023", "2023-09-25"), ("5-9-2023", "2023-09-05"), ("05.09.2023", "2023-09-05")]
)
def test_a_date_typed_day_first_is_refused_with_the_date_retyped(typed: str, iso: str) -> None:
    p = only_problem(HEAD + f"committees:\n  - {{kind: TO_QL_CSVC, established_on: {typed}}}\n")
    assert p.code == "schema-date-day-first" and typed in p.message.vi
    assert p.fix is not None and f"viết {iso}" in p.fix.vi and f"write {iso}" in p.fix.en


def test_a_received_date_typed_day_first_is_retyped_as_a_date() -> None:
    p = only_problem(HEAD.replace("2024-01-02T16:41:00+07:00", "23/05/2024"))
    assert p.pointer == "/received_at" and p.fix is not None and "2024-05-23" in p.fix.en


def test_an_impossible_day_first_date_gets_no_retyped_date() -> None:
    p = only_problem(HEAD + "committees:\n  - {kind: TO_QL_CSVC, established_on: 31/02/2024}\n")
    assert p.code == "schema-date"


def test_date_time_in_a_date_only_field_is_refused() -> None:
    p = only_problem(HEAD + "period: {from: 2023-09-05T07:00:00+07:00, to: 2023-12-31}\n")
    assert p.pointer == "/period/from" and "not a valid date" in p.message.en


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-02",
        "2024-01-02T16:41:00+07:00",
        "2024-01-02T09:41:00Z",
        "2024-01-02T16:41",
        "2024-01-02T16:41:00.5+07:00",
    ],
)
def test_iso_date_and_date_time_forms_of_received_at_are_accepted(value: str) -> None:
    parse(HEAD.replace("2024-01-02T16:41:00+07:00", value))


# ----------------------------------------------------------------------------- codes


def test_unknown_committee_code_lists_the_allowed_codes() -> None:
    text = HEAD + "committees:\n  - {kind: BAN_CHI_DAO, members: 9}\n"
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/committees/0/kind", line_of(text, "BAN_CHI_DAO"))
    assert p.fix is not None and p.fix.en == "use one of: " + ", ".join(COMMITTEE_KINDS)
    assert all(code in p.fix.vi for code in COMMITTEE_KINDS)


def test_unknown_code_message_quotes_the_value() -> None:
    p = only_problem(HEAD + "committees:\n  - {kind: BAN_CHI_DAO}\n")
    assert "'BAN_CHI_DAO'" in p.message.en and "'BAN_CHI_DAO'" in p.message.vi


def test_unknown_report_kind_lists_the_report_kinds() -> None:
    p = only_problem(HEAD.replace("kind: BC_SO_KET_HK1", "kind: BC_SO_KET"))
    assert p.pointer == "/kind"
    assert p.fix is not None and "BC_SO_KET_HK1" in p.fix.en and "BC_TONG_KET_NAM_HOC" in p.fix.en


def test_codes_are_case_sensitive() -> None:
    assert (
        only_problem(HEAD.replace("unit_type: TRUONG", "unit_type: truong")).pointer == "/submitter/unit_type"
    )


def test_repeated_school_level_is_refused() -> None:
    p = only_problem(HEAD.replace("school_levels: [THCS]", "school_levels: [THCS, THCS]"))
    assert p.pointer == "/submitter/school_levels" and "duplicate" in p.message.en


def test_wrong_schema_version_is_refused() -> None:
    assert only_problem(HEAD.replace('schema_version: "1"', "schema_version: 1")).pointer == "/schema_version"


# ----------------------------------------------------------------------------- school year


@pytest.mark.parametrize("year", ["2023-2025", "2024-2023", "2023-2023"])
def test_school_year_that_is_not_two_consecutive_years_is_refused(year: str) -> None:
    text = HEAD.replace('"2023-2024"', f'"{year}"')
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/school_year", line_of(text, "school_year"))
    assert year in p.message.vi and year in p.message.en
    assert p.fix is not None and "2023-2024" in p.fix.en


@pytest.mark.parametrize("year", ["2023/2024", "23-24", "2023 - 2024", "2023-2024 "])
def test_school_year_not_written_yyyy_yyyy_is_refused(year: str) -> None:
    assert only_problem(HEAD.replace('"2023-2024"', f'"{year}"')).pointer == "/school_year"


def test_unquoted_school_year_is_text_and_valid() -> None:
    assert parse(HEAD.replace('"2023-2024"', "2023-2024")).school_year == "2023-2024"


# ----------------------------------------------------------------------------- counts and ids


def test_more_people_briefed_than_the_group_has_is_refused() -> None:
    text = (
        HEAD + "briefings:\n  - {group: GV, total: 58, reached: 58}\n  - {group: NV, total: 9, reached: 10}\n"
    )
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/briefings/1/reached", line_of(text, "group: NV"))
    assert "10" in p.message.en and "9" in p.message.en
    assert "quán triệt" in p.message.vi


def test_everyone_briefed_is_valid() -> None:
    parse(HEAD + "briefings:\n  - {group: HS, total: 1342, reached: 1342}\n")


def test_more_attendees_than_staff_is_refused() -> None:
    text = HEAD + "meetings:\n  - {kind: HN_CBVC_NLD, attendees: 80, staff_total: 70}\n"
    assert only_problem(text).pointer == "/meetings/0/attendees"


def test_duplicate_incident_ids_in_one_document_are_refused() -> None:
    text = (
        HEAD
        + "incidents:\n"
        + '  - {id: NC-2023-01, occurred_at: "2023-12-04T10:15:00+07:00"}\n'
        + "  - {id: NC-2023-02, occurred_at: 2023-12-10}\n"
        + "  - {id: NC-2023-01, occurred_at: 2023-12-11}\n"
    )
    p = only_problem(text)
    assert (p.pointer, p.line) == ("/incidents/2/id", line_of(text, "occurred_at: 2023-12-11"))
    assert "NC-2023-01" in p.message.en and "/incidents/0" in p.message.en


def test_distinct_incident_ids_are_valid() -> None:
    parse(
        HEAD
        + "incidents:\n  - {id: NC-2023-01, occurred_at: 2023-12-04}\n  - {id: NC-2023-02, occurred_at: 2023-12-04}\n"
    )


def test_period_ending_before_it_starts_is_refused() -> None:
    assert only_problem(HEAD + "period: {from: 2023-12-31, to: 2023-09-05}\n").pointer == "/period"


def test_semantic_problems_are_all_reported_together() -> None:
    text = HEAD.replace('"2023-2024"', '"2023-2025"') + "briefings:\n  - {group: GV, total: 1, reached: 2}\n"
    assert [p.pointer for p in problems_of(text)] == ["/school_year", "/briefings/0/reached"]


# ----------------------------------------------------------------------------- every problem, readable

BAD_REPORTS = {
    "misspelt key": MISSPELT,
    "missing key": HEAD.replace("received_at: 2024-01-02T16:41:00+07:00\n", ""),
    "wrong type": HEAD + 'committees:\n  - {kind: TO_QL_CSVC, members: "chín"}\n',
    "impossible date": HEAD + "committees:\n  - {kind: TO_QL_CSVC, established_on: 2024-02-30}\n",
    "unknown code": HEAD + "committees:\n  - {kind: BAN_CHI_DAO}\n",
    "school year": HEAD.replace('"2023-2024"', '"2023-2025"'),
    "briefing": HEAD + "briefings:\n  - {group: NV, total: 9, reached: 10}\n",
    "incident ids": HEAD
    + "incidents:\n  - {id: A, occurred_at: 2023-12-04}\n  - {id: A, occurred_at: 2023-12-05}\n",
}


@pytest.mark.parametrize("text", BAD_REPORTS.values(), ids=BAD_REPORTS.keys())
def test_every_problem_renders_file_line_and_column_in_both_languages(text: str) -> None:
    for p in problems_of(text):
        prefix = f"bao-cao.yaml:{p.line}:{p.column} "
        assert p.render("vi").startswith(prefix) and "Cách sửa:" in p.render("vi")
        assert p.render("en").startswith(prefix) and "Fix:" in p.render("en")
        assert f" [{p.code}] " in p.render("vi")
        assert p.as_dict()["message"] == {"vi": p.message.vi, "en": p.message.en}


# ----------------------------------------------------------------------------- order and cap


def briefing_rows(count: int, bad: set[int]) -> str:
    rows = [f"  - {{group: GV, total: 10, reached: {'mười' if i in bad else 5}}}\n" for i in range(count)]
    return "briefings:\n" + "".join(rows)


def test_problems_in_one_list_are_reported_in_document_order() -> None:
    found = problems_of(HEAD + briefing_rows(12, {2, 10}))
    assert [p.pointer for p in found] == ["/briefings/2/reached", "/briefings/10/reached"]


def test_problems_across_sections_are_reported_in_document_order() -> None:
    text = HEAD + 'committees:\n  - {kind: TO_QL_CSVC, members: "chín"}\nghi_chu: x\n'
    assert [p.line for p in problems_of(text)] == [line_of(text, "chín"), line_of(text, "ghi_chu")]


def test_at_most_50_problems_are_reported() -> None:
    assert len(problems_of(HEAD + briefing_rows(60, set(range(60))))) == 50


def test_the_50_problems_reported_are_the_first_50_of_the_document() -> None:
    found = problems_of(HEAD + briefing_rows(60, set(range(60))))
    assert [p.pointer for p in found] == [f"/briefings/{i}/reached" for i in range(50)]


# ----------------------------------------------------------------------------- facts


def test_received_at_with_offset_becomes_its_calendar_day() -> None:
    document = parse(HEAD)
    assert document.facts["received_at"] == dt.date(2024, 1, 2)
    assert document.received == dt.date(2024, 1, 2)


def test_received_at_in_utc_evening_becomes_the_next_day_in_vietnam() -> None:
    assert parse(HEAD.replace("2024-01-02T16:41:00+07:00", "2024-01-02T20:30:00Z")).received == dt.date(
        2024, 1, 3
    )


def test_received_at_without_offset_is_read_as_vietnam_time() -> None:
    assert parse(HEAD.replace("2024-01-02T16:41:00+07:00", "2024-01-02T23:59:00")).received == dt.date(
        2024, 1, 2
    )


def test_received_at_as_a_plain_date_becomes_that_date() -> None:
    assert parse(HEAD.replace("2024-01-02T16:41:00+07:00", "2024-01-02")).received == dt.date(2024, 1, 2)


def test_date_fields_inside_objects_and_lists_become_dates() -> None:
    facts = parse(FULL).facts
    assert facts["period"] == {"from": dt.date(2023, 9, 5), "to": dt.date(2023, 12, 31)}
    assert facts["committees"][0]["established_on"] == dt.date(2023, 9, 25)
    assert facts["briefings"][1]["held_on"] == dt.date(2023, 10, 2)
    assert facts["document"]["signed_on"] == dt.date(2024, 1, 2)


def test_date_time_inside_a_list_item_becomes_its_calendar_day() -> None:
    incident = parse(FULL).facts["incidents"][0]
    assert incident["occurred_at"] == dt.date(2023, 12, 4) and incident["resolved_on"] == dt.date(2023, 12, 4)


def test_facts_keep_every_other_value_as_written() -> None:
    facts = parse(FULL).facts
    assert facts["submitter"]["unit_name"] == "Trường THCS Nhân Chính"
    assert facts["committees"][0]["members"] == 9 and facts["committees"][0]["tasks_assigned"] is True
    assert facts["student_activities"] == []
    assert facts["drills"][0]["scenarios"] == ["Cháy phòng thí nghiệm Hóa học tầng 3"]


def test_the_loaded_source_keeps_dates_as_written() -> None:
    document = parse(FULL)
    assert document.source.data["received_at"] == "2024-01-02T16:41:00+07:00"
    assert document.source.data["committees"][0]["established_on"] == "2023-09-25"


def test_document_properties_read_the_facts() -> None:
    document = parse(FULL)
    assert (document.name, document.kind, document.unit_id, document.school_year) == (
        "bao-cao.yaml",
        "BC_SO_KET_HK1",
        "VN-HN-TX-THCS-NHANCHINH",
        "2023-2024",
    )


# ----------------------------------------------------------------------------- reading files


def test_read_document_reads_a_yaml_file(tmp_path: Path) -> None:
    path = write(tmp_path, "so-ket-hk1.yaml", FULL)
    document = read_document(path)
    assert document.name == str(path) and document.received == dt.date(2024, 1, 2)


def test_read_document_refuses_an_unreadable_file_as_a_report_error(tmp_path: Path) -> None:
    path = write(tmp_path, "hong.yaml", "kind: [\n")
    with pytest.raises(ReportError) as info:
        read_document(path)
    assert info.value.problems[0].file == str(path)


def test_read_document_refuses_an_invalid_report_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "sai.yaml", MISSPELT)
    with pytest.raises(ReportError) as info:
        read_document(path)
    assert info.value.problems[0].render("en").startswith(f"{path}:{line_of(MISSPELT, 'establised_on')}:5 ")


def test_read_documents_returns_the_good_documents_and_a_problem_for_the_bad_one(tmp_path: Path) -> None:
    write(tmp_path, "2024-01-02-so-ket-hk1.yaml", FULL)
    write(tmp_path, "2024-05-20-tong-ket.yaml", HEAD.replace("BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC"))
    write(tmp_path, "2023-12-04-dot-xuat.yaml", "kind: [BC_DOT_XUAT\n")
    documents, found = read_documents([tmp_path])
    assert sorted(d.kind for d in documents) == ["BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC"]
    assert [p.file for p in found] == [str(tmp_path / "2023-12-04-dot-xuat.yaml")]


def test_read_documents_collects_every_problem_of_an_invalid_report(tmp_path: Path) -> None:
    write(tmp_path, "tot.yaml", FULL)
    write(tmp_path, "sai.yaml", HEAD + "ghi_chu: a\nnguoi_ky: b\n")
    documents, found = read_documents([tmp_path])
    assert len(documents) == 1
    assert [p.pointer for p in found] == ["/ghi_chu", "/nguoi_ky"]


def test_read_documents_searches_subfolders_and_reads_json(tmp_path: Path) -> None:
    write(tmp_path, "thcs-nhan-chinh/so-ket.yaml", FULL)
    json_text = '{"kind": "BC_DOT_XUAT", "school_year": "2023-2024", "received_at": "2023-11-15",\n'
    json_text += ' "submitter": {"unit_id": "VN-HN-PGDDT-THANHXUAN", "unit_type": "PHONG_GDDT"}}'
    write(tmp_path, "phong-gddt/dot-xuat.json", json_text)
    documents, found = read_documents([tmp_path])
    assert found == []
    assert sorted(d.unit_id for d in documents) == ["VN-HN-PGDDT-THANHXUAN", "VN-HN-TX-THCS-NHANCHINH"]


def test_read_documents_ignores_files_that_are_not_reports(tmp_path: Path) -> None:
    write(tmp_path, "so-ket.yaml", FULL)
    write(tmp_path, "ghi-chu.txt", "không phải báo cáo")
    write(tmp_path, "README.md", "# Hồ sơ")
    documents, found = read_documents([tmp_path])
    assert (len(documents), found) == (1, [])


def test_read_documents_reports_a_folder_without_reports(tmp_path: Path) -> None:
    (tmp_path / "rong").mkdir()
    documents, found = read_documents([tmp_path / "rong"])
    assert documents == [] and [p.file for p in found] == [str(tmp_path / "rong")]
    assert found[0].message.vi and found[0].message.en


def test_read_documents_reports_a_missing_path(tmp_path: Path) -> None:
    write(tmp_path, "so-ket.yaml", FULL)
    documents, found = read_documents([tmp_path / "so-ket.yaml", tmp_path / "khong-co"])
    assert len(documents) == 1 and [p.file for p in found] == [str(tmp_path / "khong-co")]


# ----------------------------------------------------------------------------- portfolios


def report_text(
    unit_id: str,
    school_year: str,
    received: str,
    *,
    levels: str = "THCS",
    name: str = "Trường THCS Nhân Chính",
) -> str:
    return (
        HEAD.replace("VN-HN-TX-THCS-NHANCHINH", unit_id)
        .replace('"2023-2024"', f'"{school_year}"')
        .replace("2024-01-02T16:41:00+07:00", received)
        .replace("[THCS]", f"[{levels}]")
        .replace("Trường THCS Nhân Chính", name)
    )


def make(unit_id: str, school_year: str, received: str, **kwargs: str) -> Document:
    return parse(
        report_text(unit_id, school_year, received, **kwargs), name=f"{unit_id}-{received[:10]}.yaml"
    )


NHAN_CHINH = "VN-HN-TX-THCS-NHANCHINH"
KIM_GIANG = "VN-HN-TX-TH-KIMGIANG"


def test_group_makes_one_portfolio_per_unit_and_school_year() -> None:
    portfolios = group(
        [
            make(NHAN_CHINH, "2023-2024", "2024-05-20"),
            make(KIM_GIANG, "2023-2024", "2024-01-05"),
            make(NHAN_CHINH, "2023-2024", "2024-01-02"),
            make(NHAN_CHINH, "2024-2025", "2024-12-30"),
        ]
    )
    assert [(p.unit.unit_id, p.school_year, len(p.documents)) for p in portfolios] == [
        (KIM_GIANG, "2023-2024", 1),
        (NHAN_CHINH, "2023-2024", 2),
        (NHAN_CHINH, "2024-2025", 1),
    ]


def test_group_orders_documents_by_received_date() -> None:
    (portfolio,) = group(
        [
            make(NHAN_CHINH, "2023-2024", "2024-05-20T09:00:00+07:00"),
            make(NHAN_CHINH, "2023-2024", "2023-12-04T15:00:00+07:00"),
            make(NHAN_CHINH, "2023-2024", "2024-01-02T16:41:00+07:00"),
        ]
    )
    assert [d.received for d in portfolio.documents] == [
        dt.date(2023, 12, 4),
        dt.date(2024, 1, 2),
        dt.date(2024, 5, 20),
    ]


def test_group_orders_documents_received_the_same_day_by_name() -> None:
    second = parse(report_text(NHAN_CHINH, "2023-2024", "2024-01-02"), name="b-dot-xuat.yaml")
    first = parse(report_text(NHAN_CHINH, "2023-2024", "2024-01-02"), name="a-so-ket.yaml")
    (portfolio,) = group([second, first])
    assert [d.name for d in portfolio.documents] == ["a-so-ket.yaml", "b-dot-xuat.yaml"]


def test_portfolio_levels_are_the_union_over_its_documents() -> None:
    (portfolio,) = group(
        [
            make("VN-HN-TX-TH-THCS-LIENCAP", "2023-2024", "2024-01-02", levels="TH"),
            make("VN-HN-TX-TH-THCS-LIENCAP", "2023-2024", "2024-05-20", levels="THCS"),
        ]
    )
    assert portfolio.unit.levels == frozenset({"TH", "THCS"})


def test_portfolio_unit_is_described_by_its_latest_received_document() -> None:
    (portfolio,) = group(
        [
            make(NHAN_CHINH, "2023-2024", "2024-05-20", name="Trường THCS Nhân Chính"),
            make(NHAN_CHINH, "2023-2024", "2024-01-02", name="THCS Nhân Chính"),
        ]
    )
    assert portfolio.unit.unit_name == "Trường THCS Nhân Chính"


def test_portfolio_unit_place_is_a_normalised_key() -> None:
    (portfolio,) = group([make(NHAN_CHINH, "2023-2024", "2024-01-02")])
    assert (portfolio.unit.province, portfolio.unit.district) == ("hà nội", "thanh xuân")
    assert portfolio.unit.unit_type == "TRUONG"


def test_group_of_no_documents_is_empty() -> None:
    assert group([]) == []


def test_documents_read_from_a_folder_group_into_portfolios(tmp_path: Path) -> None:
    write(tmp_path, "nhan-chinh/tong-ket.yaml", report_text(NHAN_CHINH, "2023-2024", "2024-05-20"))
    write(tmp_path, "nhan-chinh/so-ket.yaml", report_text(NHAN_CHINH, "2023-2024", "2024-01-02"))
    write(tmp_path, "kim-giang/so-ket.yaml", report_text(KIM_GIANG, "2023-2024", "2024-01-05", levels="TH"))
    documents, found = read_documents([tmp_path])
    portfolios = group(documents)
    assert found == []
    assert [(p.unit.unit_id, [d.received.isoformat() for d in p.documents]) for p in portfolios] == [
        (KIM_GIANG, ["2024-01-05"]),
        (NHAN_CHINH, ["2024-01-02", "2024-05-20"]),
    ]
