"""The Vietnamese working-day calendar and weekday names, checked against the 2023 and 2024 calendars."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar
from compliance.dates import WEEKDAYS_VI, parse_weekday_vi, weekday_vi

D = dt.date


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 2, 8), "29 Tết"),
        (D(2024, 2, 9), "Giao thừa Tết Nguyên Đán"),
        (D(2024, 2, 10), "Tết Nguyên Đán"),
        (D(2024, 2, 11), "Mùng hai Tết Nguyên Đán"),
        (D(2024, 2, 12), "Mùng ba Tết Nguyên Đán"),
        (D(2024, 2, 13), "Mùng bốn Tết Nguyên Đán"),
        (D(2024, 2, 14), "Mùng năm Tết Nguyên Đán"),
    ],
)
def test_tet_2024_days_are_holidays_with_vietnamese_names(day: dt.date, name: str) -> None:
    assert DEFAULT_CALENDAR.holiday_name(day) == name
    assert not DEFAULT_CALENDAR.is_working_day(day)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 1, 1), "Tết Dương lịch"),
        (D(2024, 4, 18), "Ngày Giỗ Tổ Hùng Vương"),
        (D(2024, 4, 30), "Ngày Chiến thắng"),
        (D(2024, 5, 1), "Ngày Quốc tế Lao động"),
        (D(2024, 9, 2), "Quốc khánh"),
        (D(2024, 9, 3), "Quốc khánh"),
    ],
)
def test_2024_fixed_public_holidays_are_days_off_with_vietnamese_names(day: dt.date, name: str) -> None:
    assert DEFAULT_CALENDAR.holiday_name(day) == name
    assert not DEFAULT_CALENDAR.is_working_day(day)


def test_monday_29_april_2024_is_a_swapped_day_off() -> None:
    assert not DEFAULT_CALENDAR.is_working_day(D(2024, 4, 29))
    assert DEFAULT_CALENDAR.holiday_name(D(2024, 4, 29)) == "Ngày nghỉ (thay cho ngày 04/05/2024)"


def test_saturday_4_may_2024_is_a_make_up_working_day() -> None:
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 5, 4))
    assert DEFAULT_CALENDAR.holiday_name(D(2024, 5, 4)) is None


@pytest.mark.parametrize("day", [D(2023, 1, d) for d in range(20, 27)])
def test_tet_2023_runs_from_20_to_26_january(day: dt.date) -> None:
    assert DEFAULT_CALENDAR.holiday_name(day) is not None
    assert not DEFAULT_CALENDAR.is_working_day(day)


def test_first_day_of_tet_2023_is_named_tet_nguyen_dan() -> None:
    assert DEFAULT_CALENDAR.holiday_name(D(2023, 1, 22)) == "Tết Nguyên Đán"


def test_the_day_before_tet_2023_is_an_ordinary_working_day() -> None:
    assert DEFAULT_CALENDAR.holiday_name(D(2023, 1, 19)) is None
    assert DEFAULT_CALENDAR.is_working_day(D(2023, 1, 19))


def test_the_day_after_tet_2023_is_an_ordinary_working_day() -> None:
    assert DEFAULT_CALENDAR.holiday_name(D(2023, 1, 27)) is None
    assert DEFAULT_CALENDAR.is_working_day(D(2023, 1, 27))


def test_next_working_day_after_tet_2023_is_friday_27_january() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2023, 1, 20)) == D(2023, 1, 27)


def test_the_days_either_side_of_tet_2024_are_working_days() -> None:
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 2, 7))
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 2, 15))


@pytest.mark.parametrize("day", [D(2024, 1, 13), D(2024, 1, 14), D(2024, 5, 25), D(2024, 5, 26)])
def test_ordinary_saturdays_and_sundays_are_not_working_days(day: dt.date) -> None:
    assert not DEFAULT_CALENDAR.is_working_day(day)
    assert DEFAULT_CALENDAR.holiday_name(day) is None


@pytest.mark.parametrize("day", [D(2024, 1, 3), D(2024, 1, 15), D(2024, 5, 24), D(2024, 5, 31)])
def test_ordinary_weekdays_are_working_days(day: dt.date) -> None:
    assert DEFAULT_CALENDAR.is_working_day(day)


def test_next_working_day_of_a_working_day_is_the_day_itself() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 1, 3)) == D(2024, 1, 3)


def test_next_working_day_skips_the_whole_tet_2024_block() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 2, 8)) == D(2024, 2, 15)


def test_next_working_day_from_saturday_13_01_2024_is_monday_15_01() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 1, 13)) == D(2024, 1, 15)


def test_next_working_day_from_sunday_14_01_2024_is_monday_15_01() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 1, 14)) == D(2024, 1, 15)


def test_next_working_day_from_a_friday_is_that_friday() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 5, 31)) == D(2024, 5, 31)


def test_next_working_day_skips_the_national_day_and_its_weekend_neighbours() -> None:
    # 31/08 and 01/09/2024 are a weekend, then 02/09 and 03/09 Quốc khánh.
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 8, 31)) == D(2024, 9, 4)


def test_next_working_day_from_the_swapped_monday_skips_30_april_and_1_may() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 4, 29)) == D(2024, 5, 2)


def test_next_working_day_crosses_into_the_next_year() -> None:
    calendar = WorkingCalendar(extra_holidays={D(2024, 12, 31): "Nghỉ cuối năm"})
    assert calendar.next_working_day(D(2024, 12, 31)) == D(2025, 1, 2)  # 01/01/2025 is Tết Dương lịch


def test_extra_holiday_is_a_day_off_with_its_own_name() -> None:
    calendar = WorkingCalendar(extra_holidays={D(2025, 11, 24): "Ngày Văn hóa Việt Nam"})
    assert not calendar.is_working_day(D(2025, 11, 24))
    assert calendar.holiday_name(D(2025, 11, 24)) == "Ngày Văn hóa Việt Nam"


def test_extra_holiday_renames_a_holiday_the_package_mislabels() -> None:
    calendar = WorkingCalendar(extra_holidays={D(2025, 1, 27): "28 Tết"})  # the package says "29 Tết"
    assert calendar.holiday_name(D(2025, 1, 27)) == "28 Tết"


def test_extra_holiday_on_a_working_day_moves_the_next_working_day() -> None:
    calendar = WorkingCalendar(extra_holidays={D(2024, 1, 15): "Nghỉ bù"})
    assert calendar.next_working_day(D(2024, 1, 13)) == D(2024, 1, 16)


def test_extra_working_day_has_no_holiday_name() -> None:
    calendar = WorkingCalendar(extra_working_days=[D(2024, 1, 14)])
    assert calendar.holiday_name(D(2024, 1, 14)) is None


def test_extra_working_day_makes_a_sunday_worked() -> None:
    calendar = WorkingCalendar(extra_working_days=[D(2024, 1, 14)])
    assert calendar.is_working_day(D(2024, 1, 14))
    assert calendar.next_working_day(D(2024, 1, 13)) == D(2024, 1, 14)


def test_extra_working_day_overrides_a_package_holiday() -> None:
    calendar = WorkingCalendar(extra_working_days=[D(2024, 4, 29)])
    assert calendar.is_working_day(D(2024, 4, 29))
    assert calendar.holiday_name(D(2024, 4, 29)) is None


def test_overrides_do_not_change_the_default_calendar() -> None:
    WorkingCalendar(extra_holidays={D(2024, 1, 3): "Nghỉ"}, extra_working_days=[D(2024, 1, 14)])
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 1, 3))
    assert not DEFAULT_CALENDAR.is_working_day(D(2024, 1, 14))


def test_overrides_are_copied_so_later_changes_to_the_input_do_not_leak_in() -> None:
    extra = {D(2024, 1, 3): "Nghỉ"}
    calendar = WorkingCalendar(extra_holidays=extra)
    extra[D(2024, 1, 4)] = "Nghỉ"
    assert calendar.is_working_day(D(2024, 1, 4))


def test_concurrent_first_reads_of_a_year_agree() -> None:
    days = [D(2022, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: [DEFAULT_CALENDAR.is_working_day(d) for d in days], range(8)))
    assert all(answer == answers[0] for answer in answers)


@given(st.dates(D(2020, 1, 1), D(2026, 12, 31)))
def test_a_named_holiday_is_never_a_working_day(day: dt.date) -> None:
    if DEFAULT_CALENDAR.holiday_name(day) is not None:
        assert not DEFAULT_CALENDAR.is_working_day(day)


@given(st.dates(D(2020, 1, 1), D(2026, 12, 31)))
def test_next_working_day_is_a_working_day_with_only_days_off_before_it(day: dt.date) -> None:
    found = DEFAULT_CALENDAR.next_working_day(day)
    assert DEFAULT_CALENDAR.is_working_day(found)
    skipped = (day + dt.timedelta(days=n) for n in range((found - day).days))
    assert not any(DEFAULT_CALENDAR.is_working_day(d) for d in skipped)


# ----------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2023, 1, 3), "thứ Ba"),  # the plan prints "03/01/2023 (thứ Tư)": wrong
        (D(2024, 1, 3), "thứ Tư"),
        (D(2024, 1, 15), "thứ Hai"),
        (D(2024, 5, 24), "thứ Sáu"),
        (D(2024, 5, 31), "thứ Sáu"),
        (D(2024, 1, 14), "Chủ nhật"),
    ],
)
def test_weekday_vi_names_the_day_in_vietnamese(day: dt.date, name: str) -> None:
    assert weekday_vi(day) == name


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("thứ Hai", 0),
        ("thứ Tư", 2),
        ("Thứ tư", 2),
        ("THỨ TƯ", 2),
        ("thứ 4", 2),
        ("T4", 2),
        ("t6", 4),
        ("thứ Bảy", 5),
        ("thứ Bẩy", 5),
        ("thu tu", 2),
        ("Chủ nhật", 6),
        ("chủ nhật", 6),
        ("Chủ Nhật", 6),
        ("(Chủ nhật)", 6),
        ("chu nhat", 6),
        ("CN", 6),
        ("(thứ Sáu)", 4),
        ("(thứ Tư)", 2),
        ("thứ Ba", 1),
        ("thứ Năm", 3),
        ("Thứ 7", 5),
        ("cn", 6),
        ("  thứ   Năm ", 3),
    ],
)
def test_parse_weekday_vi_reads_the_usual_spellings(text: str, weekday: int) -> None:
    assert parse_weekday_vi(text) == weekday


def test_parse_weekday_vi_reads_decomposed_unicode() -> None:
    assert parse_weekday_vi("thu\u031b\u0301 Tu\u031b") == 2  # "thứ Tư" typed as NFD


@pytest.mark.parametrize(
    "text",
    [
        "",
        "tháng",
        "thứ 8",
        "thứ 1",
        "T1",
        "T8",
        "tư",
        "ngày 3",
        "thứ Tư tuần sau",
        "03/01/2024",
        "Tết",
        "CN2",
    ],
)
def test_parse_weekday_vi_returns_none_for_other_text(text: str) -> None:
    assert parse_weekday_vi(text) is None


def test_weekday_vi_names_every_day_of_one_week() -> None:
    week = [weekday_vi(D(2024, 1, 15) + dt.timedelta(days=n)) for n in range(7)]
    assert week == ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def test_the_plan_printed_weekday_of_03_01_2023_is_wrong() -> None:
    # "trước ngày 03/01/2023 (thứ Tư)": the weekday matches 03/01/2024, not the printed year.
    printed = parse_weekday_vi("(thứ Tư)")
    assert D(2023, 1, 3).weekday() != printed
    assert D(2024, 1, 3).weekday() == printed


@pytest.mark.parametrize(
    ("day", "printed"),
    [(D(2024, 1, 15), "(thứ Hai)"), (D(2024, 5, 24), "(thứ Sáu)"), (D(2024, 5, 31), "(thứ Sáu)")],
)
def test_the_other_weekdays_printed_in_the_thanh_xuan_plan_are_right(day: dt.date, printed: str) -> None:
    assert parse_weekday_vi(printed) == day.weekday()


@pytest.mark.parametrize("weekday", range(7))
def test_parse_weekday_vi_reads_back_every_name_weekday_vi_prints(weekday: int) -> None:
    assert parse_weekday_vi(WEEKDAYS_VI[weekday]) == weekday
