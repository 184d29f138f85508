"""Deadline calendars (compliance.ics): each obligation on its last allowed day, read back with
``icalendar``; small packs for the calendar cases (Tết 2024, the swapped days of 2024)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.prop import vCategory  # icalendar 6.0 has it only here, not at the top level

from builders import engine_for, rule
from compliance import ics
from compliance.calendar import DEFAULT_CALENDAR
from compliance.portfolio import Unit
from compliance.program import Program
from compliance.textnorm import place_key

D = dt.date
AS_OF = D(2023, 10, 1)
YEAR = "2023-2024"
NHAN_CHINH = Unit(
    unit_id="VN-HN-TX-THCS-NHANCHINH",
    unit_type="TRUONG",
    unit_name="Trường THCS Nhân Chính",
    levels=frozenset({"THCS"}),
    province=place_key("Hà Nội"),
    district=place_key("Thanh Xuân"),
    province_name="Hà Nội",
    district_name="Thanh Xuân",
)
KIM_GIANG = Unit(
    unit_id="VN-HN-TX-TH-KIMGIANG",
    unit_type="TRUONG",
    unit_name="Trường Tiểu học Kim Giang",
    levels=frozenset({"TH"}),
    province=place_key("Hà Nội"),
    district=place_key("Thanh Xuân"),
)


def deadline(due: str, **extra: object) -> dict[str, Any]:
    return {"deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": due, **extra}}


def program(*rules: dict[str, Any], **head: Any) -> Program:
    return engine_for(*rules, **head).program


def parsed(prog: Program, unit: Unit = NHAN_CHINH, **options: Any) -> icalendar.Calendar:
    found = ics.obligations(prog, unit, YEAR, AS_OF)
    return icalendar.Calendar.from_ical(ics.render(found, unit, YEAR, **options))


def events(cal: icalendar.Calendar) -> list[icalendar.Component]:
    return list(cal.walk("VEVENT"))


def day_of(prog: Program) -> dt.date:
    (event,) = events(parsed(prog))
    start = event.decoded("dtstart")
    assert type(start) is dt.date  # an all-day event, not a time
    return start


# ----------------------------------------------------------------------------- the last allowed day


def test_an_exclusive_deadline_falls_on_the_day_before_its_due_date() -> None:
    assert day_of(program(rule(deadline("2024-01-03", reading="exclusive")))) == D(2024, 1, 2)


def test_an_inclusive_deadline_falls_on_its_due_date() -> None:
    assert day_of(program(rule(deadline("2024-01-03", reading="inclusive")))) == D(2024, 1, 3)


def test_a_due_date_printed_with_its_weekday_is_inclusive_under_auto() -> None:
    quoted = rule(deadline("2024-01-15"))
    quoted["source"] = {**quoted["source"], "quote": "gửi báo cáo trước ngày 15/01/2024 (thứ Hai)"}
    assert day_of(program(quoted)) == D(2024, 1, 15)


def test_a_last_day_inside_tet_2024_rolls_over_to_the_first_working_day_after_it() -> None:
    # "trước ngày 12/02/2024": the last day 11/02 is the second day of Tết; work resumes 15/02
    assert day_of(program(rule(deadline("2024-02-12", shift_to_working_day=True)))) == D(2024, 2, 15)


def test_the_rolled_over_event_names_the_holiday_it_was_moved_off() -> None:
    (event,) = events(parsed(program(rule(deadline("2024-02-12", shift_to_working_day=True)))))
    holiday = DEFAULT_CALENDAR.holiday_name(D(2024, 2, 11))
    assert holiday is not None and "Tết" in holiday
    assert f"Chủ nhật 11/02/2024, {holiday}" in str(event["description"])


def test_a_last_day_inside_tet_stays_put_when_the_pack_does_not_roll_over() -> None:
    assert day_of(program(rule(deadline("2024-02-12")))) == D(2024, 2, 11)


def test_the_make_up_saturday_04_05_2024_is_a_working_last_day() -> None:
    assert day_of(program(rule(deadline("2024-05-05", shift_to_working_day=True)))) == D(2024, 5, 4)


def test_an_ordinary_saturday_rolls_over_to_monday() -> None:
    assert day_of(program(rule(deadline("2024-05-12", shift_to_working_day=True)))) == D(2024, 5, 13)


def test_the_swapped_monday_29_04_2024_rolls_over_past_30_04_and_01_05() -> None:
    assert day_of(program(rule(deadline("2024-04-30", shift_to_working_day=True)))) == D(2024, 5, 2)


def test_a_working_day_the_pack_adds_is_a_valid_last_day() -> None:
    prog = program(
        rule(deadline("2024-01-14", shift_to_working_day=True)),
        calendar={"extra_working_days": ["2024-01-13"]},
    )
    assert day_of(prog) == D(2024, 1, 13)


def test_a_required_window_ends_on_its_last_day() -> None:
    required = {
        "required": {
            "select": {"collection": "drills"},
            "window": {"field": "held_on", "from": "2023-09-05", "to": "2023-12-31"},
        }
    }
    assert day_of(program(rule(required))) == D(2023, 12, 31)


# ----------------------------------------------------------------------------- what is in the calendar


def test_an_undated_obligation_is_a_to_do_without_a_date() -> None:
    forbidden = {"forbidden": {"select": {"collection": "student_activities"}}}
    (todo,) = parsed(program(rule(forbidden))).walk("VTODO")
    assert "DUE" not in todo and "DTSTART" not in todo
    assert str(todo["status"]) == "NEEDS-ACTION"


def test_a_rule_for_other_levels_is_left_out() -> None:
    for_primary = rule(deadline("2024-01-03"), rule_id="R-TH")
    for_primary["applies_to"] = {"unit_types": ["TRUONG"], "levels": ["TH"]}
    prog = program(rule(deadline("2024-01-03")), for_primary)
    assert len(events(parsed(prog, NHAN_CHINH))) == 1
    assert len(events(parsed(prog, KIM_GIANG))) == 2


def test_a_pack_of_another_district_is_left_out() -> None:
    prog = program(
        rule(deadline("2024-01-03")),
        document={
            "seed": "002_ef403fffc9314121.txt",
            "title": "Kế hoạch kiểm thử",
            "issuer": {"name": "Phòng GDĐT quận Cầu Giấy", "issued_on": "2023-09-21"},
            "school_year": YEAR,
            "jurisdiction": {"province": "Hà Nội", "district": "Cầu Giấy"},
        },
    )
    assert ics.obligations(prog, NHAN_CHINH, YEAR, AS_OF) == []


def test_the_description_cites_the_plan_says_what_to_do_and_what_to_send() -> None:
    (event,) = events(parsed(program(rule(deadline("2024-01-03")))))
    text = str(event["description"])
    assert "Căn cứ: 002_ef403fffc9314121.txt, mục C.II: “Đăng ký tổ chức mô hình điểm”" in text
    assert "Việc cần làm: Khắc phục." in text
    assert "Cần gửi: " in text and "(BC_SO_KET_HK1)" in text


def test_an_event_reminds_three_days_before() -> None:
    (event,) = events(parsed(program(rule(deadline("2024-01-03")))))
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(days=3)
    assert str(alarm["action"]) == "DISPLAY"


def test_categories_name_the_kind_the_severity_and_the_pack() -> None:
    (event,) = events(parsed(program(rule(deadline("2024-01-03")))))
    categories = event["categories"]
    assert isinstance(categories, vCategory)
    assert [str(c) for c in categories.cats] == ["Hạn nộp báo cáo", "Cao", "kiem-thu"]


def test_english_on_request() -> None:
    (event,) = events(parsed(program(rule(deadline("2024-01-03"))), lang="en"))
    assert str(event["summary"]) == "Due: Test rule"
    assert "What to do: Fix it." in str(event["description"])


# ----------------------------------------------------------------------------- identity and encoding


def uids(cal: icalendar.Calendar) -> list[str]:
    return [str(c["uid"]) for c in cal.walk() if "UID" in c]


def test_uids_are_the_same_on_every_run() -> None:
    prog = program(rule(deadline("2024-01-03")), rule(deadline("2024-05-24"), rule_id="R-2"))
    first = parsed(prog, stamp=dt.datetime(2023, 10, 1, tzinfo=dt.UTC))
    again = parsed(program(rule(deadline("2024-01-03")), rule(deadline("2024-05-24"), rule_id="R-2")))
    assert uids(first) == uids(again)
    assert len(set(uids(first))) == 2


def test_the_same_rule_has_another_uid_for_another_unit() -> None:
    prog = program(rule(deadline("2024-01-03")))
    other = Unit(
        **{**{f: getattr(NHAN_CHINH, f) for f in NHAN_CHINH.__slots__}, "unit_id": "VN-HN-TX-THCS-KHAC"}
    )
    assert uids(parsed(prog)) != uids(parsed(prog, other))


def test_commas_semicolons_and_vietnamese_survive_the_round_trip() -> None:
    titled = rule(deadline("2024-01-03"))
    titled["title"] = {"vi": "Báo cáo sơ kết; học kỳ I, năm học 2023–2024 (Trường THCS)", "en": "Report"}
    found = ics.obligations(program(titled), NHAN_CHINH, YEAR, AS_OF)
    raw = ics.render(found, NHAN_CHINH, YEAR)
    assert "\\;" in raw.decode("utf-8") and "\\," in raw.decode("utf-8")
    (event,) = events(icalendar.Calendar.from_ical(raw))
    assert str(event["summary"]) == "Hạn chót: Báo cáo sơ kết; học kỳ I, năm học 2023–2024 (Trường THCS)"


def test_every_line_is_folded_to_75_octets() -> None:
    long = rule(deadline("2024-01-03"))
    long["remediation"] = {
        "vi": "Gửi báo cáo về Phòng Giáo dục và Đào tạo quận Thanh Xuân " * 5,
        "en": "Send it.",
    }
    found = ics.obligations(program(long), NHAN_CHINH, YEAR, AS_OF)
    lines = ics.render(found, NHAN_CHINH, YEAR).split(b"\r\n")
    assert len(lines) > 20
    assert max(len(line) for line in lines) <= 75


@pytest.mark.parametrize("day", [D(2023, 8, 1), D(2024, 7, 31)])
def test_the_default_school_year_is_the_one_the_day_lies_in(day: dt.date) -> None:
    assert ics.school_year_of(day) == ("2023-2024")


# ----------------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    due=st.dates(min_value=D(2023, 9, 22), max_value=D(2024, 7, 31)),
    reading=st.sampled_from(["exclusive", "inclusive"]),
)
def test_a_rolled_over_event_is_on_the_first_working_day_from_the_read_last_day(
    due: dt.date, reading: str
) -> None:
    day = day_of(program(rule(deadline(due.isoformat(), reading=reading, shift_to_working_day=True))))
    read = due - dt.timedelta(days=1) if reading == "exclusive" else due
    assert day >= read and DEFAULT_CALENDAR.is_working_day(day)
    skipped = (read + dt.timedelta(days=n) for n in range((day - read).days))
    assert not any(DEFAULT_CALENDAR.is_working_day(d) for d in skipped)
