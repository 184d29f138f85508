"""`compliance.draft` behaviour by behaviour, on sentences written for these tests in the
phrasing of Vietnamese administrative plans (not copied from the seeds). The five plans
themselves: test_draft.py."""

from __future__ import annotations

import datetime as dt
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.draft import Draft, DraftRule, draft
from compliance.draft.dates import due_dates, impossible_dates
from compliance.draft.writer import render
from compliance.lint import lint
from compliance.loading import load_text

HEAD = (
    "UBND HUYỆN MÊ LINH\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n\nMê Linh, ngày 15 tháng 9 năm 2023\n\n"
    "KẾ HOẠCH\nThực hiện công tác an toàn trường học năm học 2023-2024\n\n"
)
RECIPIENTS = "\nNơi nhận:\n- Sở GDĐT;\n- Các trường MN, TH, THCS trên địa bàn huyện;\n- Lãnh đạo, chuyên viên Phòng GDĐT;\n- Lưu: VT.\n"


def plan(*lines: str, recipients: bool = True) -> str:
    return HEAD + "\n".join(lines) + "\n" + (RECIPIENTS if recipients else "")


def only_rule(d: Draft) -> DraftRule:
    assert len(d.rules) == 1, [r.clause.text for r in d.rules]
    return d.rules[0]


def drafted(*lines: str, recipients: bool = True) -> Draft:
    return draft(plan(*lines, recipients=recipients), "ke-hoach.txt")


# ----------------------------------------------------------------------------- date forms


def test_a_slashed_date_after_truoc_ngay_is_the_due_date() -> None:
    (due,) = due_dates("gửi báo cáo về Phòng trước ngày 15/01/2024", "2023-2024")
    assert (due.day, due.printed, due.reading) == (dt.date(2024, 1, 15), "ngày 15/01/2024", "auto")


def test_a_dashed_date_is_read_day_first() -> None:
    (due,) = due_dates("nộp hồ sơ chậm nhất ngày 05-02-2024", "2023-2024")
    assert (due.day, due.reading) == (dt.date(2024, 2, 5), "inclusive")


def test_a_date_written_in_words_is_read() -> None:
    (due,) = due_dates("hoàn thành trước ngày 15 tháng 01 năm 2024", "2023-2024")
    assert due.day == dt.date(2024, 1, 15)


def test_a_month_with_its_year_is_due_on_its_last_day() -> None:
    (due,) = due_dates("hoàn thành việc rà soát trong tháng 10/2023", "2023-2024")
    assert (due.day, due.month_only, due.reading) == (dt.date(2023, 10, 31), True, "inclusive")


def test_a_month_without_a_year_takes_the_school_years_year() -> None:
    (due,) = due_dates("tổng hợp danh sách, hoàn thành trong tháng 3", "2023-2024")
    assert due.day == dt.date(2024, 3, 31)


def test_a_cited_documents_date_is_not_a_due_date() -> None:
    assert (
        due_dates("thực hiện theo Quyết định số 4045/QĐ-UBND ngày 11/8/2023 của UBND thành phố", "2023-2024")
        == []
    )


def test_an_impossible_date_is_not_a_due_date() -> None:
    assert due_dates("báo cáo trước ngày 30/02/2024", "2023-2024") == []


def test_a_monthly_deadline_goes_to_not_encoded_with_its_quote() -> None:
    d = drafted("- Các trường gửi báo cáo tình hình học sinh nghỉ học trước ngày 20 hằng tháng.")
    assert d.rules == []
    assert [n.clause.text for n in d.not_encoded] == [
        "Các trường gửi báo cáo tình hình học sinh nghỉ học trước ngày 20 hằng tháng"
    ]
    assert "hằng tháng" in d.not_encoded[0].reason.vi


# ----------------------------------------------------------------------------- the weekday check


def test_a_date_with_its_right_weekday_needs_no_correction() -> None:
    rule = only_rule(
        drafted("- Các trường gửi báo cáo sơ kết học kỳ I về Phòng GDĐT trước ngày 10/01/2024 (thứ Tư).")
    )
    assert (rule.due, rule.correction) == (dt.date(2024, 1, 10), None)


def test_a_wrong_weekday_with_one_fitting_year_becomes_a_flagged_correction() -> None:
    # 08/01/2023 is a Sunday; 08/01/2024 is the Monday of the school year
    rule = only_rule(drafted("- Các trường gửi báo cáo sơ kết học kỳ I trước ngày 08/01/2023 (thứ Hai)."))
    assert rule.due == dt.date(2024, 1, 8)
    assert rule.correction is not None and rule.correction.printed == "ngày 08/01/2023 (thứ Hai)"
    assert rule.correction.reason.vi.startswith("TODO")
    assert "08/01/2024" in rule.candidate.remediation_vi and "08/01/2024" in rule.candidate.remediation_en


def test_a_wrong_weekday_with_no_fitting_date_is_left_to_a_person() -> None:
    # 12/01/2024 is a Friday; neither 12/01/2023 nor 12/01/2025 (Thursday, Sunday) is a Tuesday in the school year
    d = drafted("- Các trường gửi báo cáo sơ kết học kỳ I trước ngày 12/01/2024 (thứ Ba).")
    assert d.rules == []
    assert "sai thứ" in d.not_encoded[0].reason.vi


def test_a_due_date_outside_the_school_year_is_left_to_a_person() -> None:
    d = drafted("- Các trường gửi báo cáo tổng kết trước ngày 31/5/2023.")
    assert d.rules == [] and "ngoài năm học" in d.not_encoded[0].reason.vi


# ----------------------------------------------------------------------------- detectors


def test_a_report_deadline_becomes_a_deadline_rule_of_the_named_report_kind() -> None:
    rule = only_rule(
        drafted("- Các trường gửi báo cáo tổng kết năm học về Phòng GDĐT chậm nhất ngày 24/5/2024.")
    )
    assert rule.candidate.check == {
        "deadline": {
            "report": {"documents": ["BC_TONG_KET_NAM_HOC"]},
            "due": dt.date(2024, 5, 24),
            "reading": "inclusive",
        }
    }


def test_an_unnamed_report_kind_is_a_marked_guess() -> None:
    rule = only_rule(
        drafted("- Các trường gửi danh sách giáo viên dự thi về Phòng GDĐT trước ngày 20/10/2023.")
    )
    assert rule.candidate.check["deadline"]["report"] == {"documents": ["BC_KHAC"]}
    assert any("BC_KHAC" in t for t in rule.candidate.todos)


def test_setting_up_a_team_becomes_a_committee_rule() -> None:
    rule = only_rule(
        drafted("- Thành lập Tổ tư vấn tâm lý học đường, phân công nhiệm vụ cho từng thành viên.")
    )
    assert rule.candidate.kind == "committee"
    assert rule.candidate.check["required"]["select"]["where"] == {
        "field": "kind",
        "eq": "TO_TU_VAN_TAM_LY_CTXH",
    }


def test_to_chuc_is_not_a_team() -> None:
    d = drafted("- Củng cố tổ chức Đoàn, Đội trong nhà trường gắn với phong trào thi đua.")
    assert [r.candidate.kind for r in d.rules] == []


def test_a_coverage_target_becomes_a_threshold_per_group() -> None:
    rule = only_rule(
        drafted("- Tổ chức tập huấn kỹ năng phòng cháy cho 100% giáo viên, nhân viên và học sinh.")
    )
    spec = rule.candidate.check["threshold"]
    assert (spec["group_by"]["values"], spec["target"]) == (["GV", "NV", "HS"], 1.0)


def test_a_rate_of_nobody_in_particular_goes_to_not_encoded() -> None:
    d = drafted("- Phấn đấu 95% trường học được triển khai mô hình trường học an toàn.")
    assert d.rules == [] and "nhóm người" in d.not_encoded[0].reason.vi


def test_a_drill_becomes_a_drill_rule() -> None:
    rule = only_rule(
        drafted("- Mỗi trường tổ chức diễn tập phương án chữa cháy và cứu nạn, cứu hộ có học sinh tham gia.")
    )
    assert rule.candidate.kind == "drill"


def test_a_staff_conference_becomes_a_meeting_rule_of_that_kind() -> None:
    rule = only_rule(
        drafted("- Các nhà trường tổ chức Hội nghị cán bộ, công chức, viên chức trong tháng 9 năm 2023.")
    )
    # dated: the month is the due date of the meeting
    assert rule.candidate.kind in ("conference", "deadline")


def test_an_undated_dialogue_becomes_a_meeting_rule() -> None:
    rule = only_rule(
        drafted("- Định kỳ tổ chức đối thoại giữa Ban giám hiệu với học sinh và cha mẹ học sinh.")
    )
    assert rule.candidate.check["required"]["select"]["where"] == {"field": "kind", "eq": "DOI_THOAI"}


def test_nghiem_cam_is_a_prohibition_of_high_severity() -> None:
    rule = only_rule(drafted("- Nghiêm cấm giáo viên dạy thêm học sinh chính khóa của lớp mình chủ nhiệm."))
    assert (rule.candidate.kind, rule.candidate.severity) == ("prohibition", "high")


def test_khong_duoc_is_a_prohibition_whose_severity_is_left_as_todo() -> None:
    rule = only_rule(drafted("- Các trường không được thu các khoản ngoài danh mục đã được phê duyệt."))
    assert (rule.candidate.kind, rule.candidate.severity) == ("prohibition", None)
    assert "# TODO severity" in render(
        drafted("- Các trường không được thu các khoản ngoài danh mục đã được phê duyệt.")
    )


def test_adopting_a_plan_becomes_a_plan_rule() -> None:
    rule = only_rule(drafted("- Xây dựng kế hoạch phòng, chống ma túy trong trường học năm học 2023-2024."))
    assert rule.candidate.check["required"]["select"]["where"] == {
        "field": "kind",
        "eq": "KH_PHONG_CHONG_MA_TUY",
    }


def test_an_ad_hoc_report_on_incidents_becomes_an_each_rule() -> None:
    rule = only_rule(
        drafted("- Báo cáo đột xuất về Phòng GDĐT khi có vụ việc mất an toàn xảy ra tại trường.")
    )
    spec = rule.candidate.check["each"]
    assert (spec["for_each"], spec["require"], spec["match"]) == (
        {"collection": "incidents"},
        {"documents": ["BC_DOT_XUAT"]},
        "ad_hoc.incident_ids",
    )


def test_an_opening_ceremony_becomes_an_event_rule() -> None:
    rule = only_rule(drafted("- Các trường tổ chức Lễ khai giảng năm học mới an toàn, tiết kiệm."))
    assert rule.candidate.check["required"]["select"] == {
        "collection": "events",
        "where": {"field": "kind", "eq": "LE_KHAI_GIANG"},
    }


def test_periodic_inspections_become_an_inspection_rule() -> None:
    rule = only_rule(drafted("- Tổ chức kiểm tra công tác bán trú tại các trường định kỳ mỗi học kỳ."))
    assert rule.candidate.check["required"]["select"]["where"] == {"field": "kind", "eq": "DINH_KY"}


def test_registering_a_model_school_becomes_a_registration_rule() -> None:
    rule = only_rule(drafted("- Đăng ký xây dựng mô hình trường học hạnh phúc cấp huyện."))
    assert rule.candidate.check["required"]["select"]["collection"] == "registrations"


def test_renewing_a_committee_with_its_members_tasks_becomes_a_committee_rule() -> None:
    rule = only_rule(drafted("- Kiện toàn, phân công nhiệm vụ thành viên Ban đại diện cha mẹ học sinh."))
    assert rule.candidate.kind == "committee"


def test_a_dated_account_of_a_meeting_is_not_an_obligation() -> None:
    d = drafted(
        "Ngày 14/9/2023, Phòng GDĐT tổ chức Hội nghị triển khai nhiệm vụ năm học tại hội trường UBND huyện."
    )
    assert d.rules == []


def test_what_was_done_last_year_is_not_an_obligation() -> None:
    d = drafted("Năm học trước, các trường đã tổ chức diễn tập phòng cháy cho học sinh.")
    assert d.rules == []


# ----------------------------------------------------------------------------- sections and addressees


def test_a_rule_is_placed_in_the_chain_of_headings_it_sits_under() -> None:
    d = drafted(
        "B. NHIỆM VỤ CỤ THỂ",
        "3. Công tác học sinh",
        "3.4. Thành lập Đội phòng cháy chữa cháy cơ sở của nhà trường.",
    )
    assert only_rule(d).clause.section == "B.3.4"


def test_the_addressee_is_read_from_the_sentence() -> None:
    rule = only_rule(drafted("- UBND các xã kiện toàn Ban chỉ đạo phổ cập giáo dục của xã."))
    assert (rule.unit_types, rule.addressee_from) == (("UBND_XA",), "sentence")


def test_the_addressee_is_read_from_the_heading_when_the_sentence_names_none() -> None:
    rule = only_rule(
        drafted("I. Đối với Phòng GDĐT", "- Gửi báo cáo tổng kết về Sở GDĐT trước ngày 31/5/2024.")
    )
    assert (rule.unit_types, rule.addressee_from) == (("PHONG_GDDT",), "heading")


def test_an_office_reported_to_is_not_the_addressee() -> None:
    rule = only_rule(
        drafted(
            "II. Đối với các nhà trường", "- Báo cáo Phòng GDĐT kết quả tự kiểm tra trước ngày 15/12/2023."
        )
    )
    assert rule.unit_types == ("TRUONG",)


def test_the_addressee_is_read_from_the_line_that_hands_out_the_tasks() -> None:
    d = drafted(
        "Trưởng phòng đề nghị các trường tiểu học, THCS thực hiện tốt các nội dung sau:",
        "- Tổ chức diễn tập thoát nạn cho học sinh.",
        recipients=False,
    )
    rule = only_rule(d)
    assert (rule.unit_types, rule.levels, rule.addressee_from) == (("TRUONG",), ("TH", "THCS"), "intro")


def test_a_co_so_giao_duc_is_a_school_not_the_department() -> None:
    rule = only_rule(drafted("- Các cơ sở giáo dục thành lập Tổ tư vấn tâm lý cho học sinh."))
    assert rule.unit_types == ("TRUONG",)


def test_without_a_named_addressee_the_schools_of_noi_nhan_are_taken_with_their_levels() -> None:
    rule = only_rule(drafted("- Tổ chức diễn tập thoát nạn khi có cháy cho học sinh."))
    assert (rule.unit_types, rule.levels, rule.addressee_from) == (
        ("TRUONG",),
        ("MN", "TH", "THCS"),
        "recipients",
    )


# ----------------------------------------------------------------------------- the pack


def test_a_drafted_pack_lints_without_errors(tmp_path: Path) -> None:
    text = plan(
        "II. Đối với các nhà trường",
        "- Thành lập Ban chỉ đạo công tác an toàn trường học;",
        "- Tổ chức quán triệt kế hoạch đến 100% cán bộ quản lý, giáo viên, nhân viên;",
        "- Báo cáo sơ kết học kỳ I trước ngày 08/01/2023 (thứ Hai); Báo cáo tổng kết trước ngày 24/5/2024 (thứ Sáu).",
    )
    (tmp_path / "ke-hoach.txt").write_text(text, encoding="utf-8")
    out = render(draft(text, "ke-hoach.txt"))
    report = lint([load_text(out, name="draft.yaml", format="yaml")], tmp_path)
    assert [(f.code, f.message.en) for f in report.findings if f.level == "error"] == []


def test_a_quotation_mark_opened_in_another_clause_is_left_out_of_the_quote() -> None:
    d = drafted('- Thực hiện Chỉ thị về "tăng cường kỷ cương; thành lập Tổ công tác an toàn trường học".')
    assert [r.clause.text for r in d.rules] == ["thành lập Tổ công tác an toàn trường học"]


def test_the_text_is_normalised_to_nfc_before_quoting() -> None:
    nfd = unicodedata.normalize("NFD", plan("- Nghiêm cấm hút thuốc lá trong khuôn viên nhà trường."))
    rule = only_rule(draft(nfd, "ke-hoach.txt"))
    assert rule.clause.text == unicodedata.normalize(
        "NFC", "Nghiêm cấm hút thuốc lá trong khuôn viên nhà trường"
    )


def test_every_todo_of_a_rule_is_listed_in_the_header() -> None:
    out = render(drafted("- Thành lập câu lạc bộ kỹ năng sống cho học sinh."))
    header = [line for line in out.splitlines() if line.startswith("#   - DRAFT-")]
    assert any("committee kind guessed" in line for line in header)
    assert any("severity" in line for line in header)


# ----------------------------------------------------------------------------- property

FRAGMENTS = st.sampled_from(
    [
        "- Các trường gửi báo cáo trước ngày 15/01/2024 (thứ Hai).",
        "- Thành lập Tổ an toàn giao thông;",
        "Nghiêm cấm dạy thêm trái quy định.",
        "- 100% giáo viên được tập huấn",
        "; kiện toàn Ban đại diện cha mẹ học sinh: ",
        "II. Đối với các nhà trường",
        "trong tháng 10/2023",
        "ngày 20 hằng tháng",
        "Nơi nhận:",
        "  \u00a0",
        "(thứ Tư)",
        "03/01/2023",
        "\n",
        "Tổ chức diễn tập",
        "không được",
        "“trích”",
        "Ð",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=25))
def test_every_drafted_quote_is_a_substring_of_the_input(parts: list[str]) -> None:
    text = HEAD + "".join(parts)
    d = draft(text, "ke-hoach.txt", school_year="2023-2024")
    nfc = unicodedata.normalize("NFC", d.text)
    assert all(q and q in nfc for q in d.quotes)
    if d.rules:
        assert yaml.safe_load(render(d))["rules"]


@settings(max_examples=40, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=12))
def test_every_draft_of_plan_like_text_lints_without_errors(parts: list[str]) -> None:
    text = plan(*parts)
    d = draft(text, "ke-hoach.txt")
    if not d.rules:
        return
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "ke-hoach.txt").write_text(d.text, encoding="utf-8")
        report = lint([load_text(render(d), name="draft.yaml", format="yaml")], Path(folder))
    assert [(f.code, f.message.en) for f in report.findings if f.level == "error"] == []


# ----------------------------------------------------------------------------- duties never dropped
# A clause with obligation words that does not become a rule goes to not_encoded with its quote
# and a specific reason: an impossible due date, a report with no due date, a listed task of no
# known kind. The plan below is the tester's report (a lost obligation).

MINI = (
    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nĐống Đa, ngày 10 tháng 9 năm 2023\nKẾ HOẠCH\n"
    "Thực hiện nhiệm vụ năm học 2023-2024\nI. Đối với các nhà trường\n"
)


def mini(*lines: str) -> Draft:
    return draft(MINI + "\n".join(lines) + "\n", "mini.txt")


def only_not_encoded(d: Draft) -> tuple[str, str, str]:
    assert d.rules == [], [r.clause.text for r in d.rules]
    assert len(d.not_encoded) == 1, [n.clause.text for n in d.not_encoded]
    n = d.not_encoded[0]
    return n.clause.text, n.reason.vi, n.reason.en


def test_a_report_due_on_31_february_goes_to_not_encoded_saying_the_date_does_not_exist() -> None:
    quote, vi, en = only_not_encoded(
        mini("1. Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày 31/02/2024.")
    )
    assert quote == "Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày 31/02/2024"
    assert "ngày 31/02/2024 không có thật" in vi and "29 ngày" in vi
    assert "31/02/2024 does not exist" in en and vi.startswith("TODO")


def test_a_report_due_in_month_13_goes_to_not_encoded_saying_the_month_does_not_exist() -> None:
    quote, vi, en = only_not_encoded(mini("2. Các trường hoàn thành báo cáo trong tháng 13/2023."))
    assert quote == "Các trường hoàn thành báo cáo trong tháng 13/2023"
    assert "tháng 13/2023 không có thật" in vi and "month 13/2023 does not exist" in en


def test_29_february_of_a_common_year_goes_to_not_encoded_naming_the_year_not_leap() -> None:
    quote, vi, en = only_not_encoded(mini("3. Các trường gửi báo cáo trước ngày 29/02/2023 (thứ Tư)."))
    assert quote == "Các trường gửi báo cáo trước ngày 29/02/2023 (thứ Tư)"
    assert "29/02/2023 không có thật (2023 không nhuận)" in vi
    assert "2023 is not a leap year" in en


def test_an_impossible_date_written_in_words_is_named_without_its_weekday() -> None:
    _, vi, en = only_not_encoded(
        mini("- Các trường nộp báo cáo tổng kết trước thứ Hai, ngày 31 tháng 4 năm 2024.")
    )
    assert "ngày 31 tháng 4 năm 2024 không có thật (tháng 4/2024 chỉ có 30 ngày)" in vi
    assert "31/04/2024 does not exist (April 2024 has 30 days)" in en


def test_an_impossible_date_beside_a_real_one_is_not_replaced_by_it() -> None:
    # the real date may be the wrong one's correction, or a second deadline: a person decides
    _, vi, _ = only_not_encoded(
        mini("- Các trường gửi báo cáo trước ngày 31/02/2024, chậm nhất ngày 15/3/2024.")
    )
    assert "ngày 31/02/2024 không có thật" in vi


def test_an_impossible_day_of_every_month_goes_to_not_encoded() -> None:
    _, vi, _ = only_not_encoded(mini("- Các trường gửi báo cáo trước ngày 35 hằng tháng."))
    assert "ngày 35 hằng tháng không có thật" in vi


def test_an_impossible_date_in_a_paragraph_rather_than_a_list_still_goes_to_not_encoded() -> None:
    quote, vi, _ = only_not_encoded(
        mini("Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày 31/02/2024.")
    )
    assert quote.endswith("31/02/2024") and "không có thật" in vi


def test_a_report_duty_with_no_date_goes_to_not_encoded_saying_it_has_no_due_date() -> None:
    quote, vi, en = only_not_encoded(mini("1. Các trường gửi báo cáo sơ kết học kỳ I về Phòng."))
    assert quote == "Các trường gửi báo cáo sơ kết học kỳ I về Phòng"
    assert "nghĩa vụ gửi báo cáo nhưng không nêu hạn" in vi and "no due date" in en


def test_a_short_undated_report_duty_is_not_dropped_for_its_length() -> None:
    quote, vi, _ = only_not_encoded(mini("- Nộp báo cáo về Phòng."))
    assert quote == "Nộp báo cáo về Phòng" and "không nêu hạn" in vi


def test_a_report_due_when_something_happens_goes_to_not_encoded_as_an_ad_hoc_duty() -> None:
    quote, vi, en = only_not_encoded(
        mini(
            "Trong quá trình thực hiện nếu có khó khăn, vướng mắc cần báo cáo với lãnh đạo Phòng để giải quyết."
        )
    )
    assert quote.startswith("Trong quá trình thực hiện")
    assert "báo cáo khi có việc" in vi and "when something happens" in en


def test_a_listed_task_with_its_subject_before_the_verb_goes_to_not_encoded() -> None:
    quote, vi, _ = only_not_encoded(mini("1. Các trường tổ chức tập huấn chuyên môn cho giáo viên cốt cán."))
    assert quote == "Các trường tổ chức tập huấn chuyên môn cho giáo viên cốt cán"
    assert "chưa nhận ra loại nghĩa vụ" in vi


def test_a_report_already_sent_is_not_a_duty() -> None:
    d = mini("1. Các trường đã gửi báo cáo sơ kết học kỳ I về Phòng.")
    assert (d.rules, d.not_encoded) == ([], [])


def test_an_account_of_a_report_is_not_a_report_duty() -> None:
    d = mini(
        "Theo báo cáo của các trường, năm học qua không có tai nạn.", "- Trình bày báo cáo tại hội nghị."
    )
    assert (d.rules, d.not_encoded) == ([], [])


def test_a_committee_printed_with_an_impossible_date_is_drafted_with_a_todo_naming_it() -> None:
    d = mini("1. Thành lập Ban chỉ đạo an toàn trường học trước ngày 31/09/2023.")
    rule = only_rule(d)
    assert rule.candidate.kind == "committee" and rule.due is None
    assert any("31/09/2023 does not exist" in t and "ngày 31/09/2023 không có thật" in t for t in rule.todos)
    assert f"{rule.id}: due: 31/09/2023 does not exist" in render(d)  # listed in the header


def test_the_testers_plan_drafts_one_rule_and_three_not_encoded_entries_that_lint_clean(
    tmp_path: Path,
) -> None:
    d = mini(
        "1. Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày 31/02/2024.",
        "2. Các trường hoàn thành báo cáo trong tháng 13/2023.",
        "3. Các trường gửi báo cáo trước ngày 29/02/2023 (thứ Tư).",
        "4. Các trường gửi báo cáo tổng kết trước ngày 24/5/2024 (thứ Sáu).",
    )
    assert [r.due for r in d.rules] == [dt.date(2024, 5, 24)]
    assert [n.clause.section for n in d.not_encoded] == ["I.1", "I.2", "I.3"]
    (tmp_path / "mini.txt").write_text(d.text, encoding="utf-8")
    text = render(d)
    assert "1 candidate rules, 3 not_encoded entries" in text
    report = lint([load_text(text, name="draft.yaml", format="yaml")], tmp_path)
    assert [(f.code, f.message.en) for f in report.findings if f.level == "error"] == []


def test_impossible_dates_names_each_date_as_printed() -> None:
    found = impossible_dates("gửi trước ngày 31/02/2024 (thứ Bảy) và hoàn thành trong tháng 13")
    assert [(i.printed, i.numeric) for i in found] == [
        ("ngày 31/02/2024", "31/02/2024"),
        ("tháng 13", "month 13"),
    ]


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 40),
    st.integers(0, 14),
    st.sampled_from(["2023", "2024"]),
    st.sampled_from(["", " (thứ Tư)"]),
    st.sampled_from(["1. ", "- ", ""]),
)
def test_a_report_duty_is_never_dropped_whatever_its_printed_date(
    day: int, month: int, year: str, weekday: str, marker: str
) -> None:
    line = f"{marker}Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày {day:02d}/{month:02d}/{year}{weekday}."
    d = mini(line)
    placed = [r.clause.text for r in d.rules] + [n.clause.text for n in d.not_encoded]
    assert placed == [line.removeprefix(marker).rstrip(".")]
