"""The Vietnamese calendar and deadline readings, checked against the 2023 and 2024 calendars."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar, parse_weekday_vi, weekday_vi
from compliance.deadline import DateInputError, Deadline, judge_deadline, local_date, parse_user_date

D = dt.date


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2024, 1, 1), "Tết Dương lịch"),
        (D(2024, 2, 8), "29 Tết"),
        (D(2024, 2, 10), "Tết Nguyên Đán"),
        (D(2024, 2, 14), "Mùng năm Tết Nguyên Đán"),
        (D(2024, 4, 18), "Ngày Giỗ Tổ Hùng Vương"),
        (D(2024, 4, 30), "Ngày Chiến thắng"),
        (D(2024, 5, 1), "Ngày Quốc tế Lao động"),
        (D(2024, 9, 2), "Quốc khánh"),
        (D(2024, 9, 3), "Quốc khánh"),
    ],
)
def test_2024_public_holidays_have_vietnamese_names(day: dt.date, name: str) -> None:
    assert DEFAULT_CALENDAR.holiday_name(day) == name
    assert not DEFAULT_CALENDAR.is_working_day(day)


def test_2024_swap_makes_monday_29_april_a_holiday_and_saturday_4_may_a_working_day() -> None:
    assert not DEFAULT_CALENDAR.is_working_day(D(2024, 4, 29))
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 5, 4))


def test_tet_2023_runs_from_20_to_26_january() -> None:
    tet = [D(2023, 1, d) for d in range(20, 27)]
    assert all(DEFAULT_CALENDAR.holiday_name(day) for day in tet)
    assert DEFAULT_CALENDAR.holiday_name(D(2023, 1, 27)) is None


def test_weekends_are_not_working_days_and_weekdays_are() -> None:
    assert not DEFAULT_CALENDAR.is_working_day(D(2024, 1, 13))
    assert not DEFAULT_CALENDAR.is_working_day(D(2024, 1, 14))
    assert DEFAULT_CALENDAR.is_working_day(D(2024, 1, 15))


def test_next_working_day_skips_tet_and_weekends() -> None:
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 2, 8)) == D(2024, 2, 15)
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 1, 13)) == D(2024, 1, 15)
    assert DEFAULT_CALENDAR.next_working_day(D(2024, 1, 3)) == D(2024, 1, 3)


def test_calendar_overrides() -> None:
    calendar = WorkingCalendar(
        extra_holidays={D(2026, 11, 24): "Ngày Văn hóa Việt Nam"}, extra_working_days=[D(2024, 1, 14)]
    )
    assert calendar.holiday_name(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert not calendar.is_working_day(D(2026, 11, 24))
    assert calendar.is_working_day(D(2024, 1, 14))


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
def test_vietnamese_weekday_names(day: dt.date, name: str) -> None:
    assert weekday_vi(day) == name


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("thứ Tư", 2),
        ("Thứ tư", 2),
        ("thứ 4", 2),
        ("T4", 2),
        ("(thứ Sáu)", 4),
        ("Chủ nhật", 6),
        ("CN", 6),
        ("tháng", None),
    ],
)
def test_weekday_annotations_are_read(text: str, weekday: int | None) -> None:
    assert parse_weekday_vi(text) == weekday


# ----------------------------------------------------------------------------- deadlines


def test_exclusive_reading_makes_the_day_before_the_last_day() -> None:
    assert Deadline(D(2024, 1, 3)).last_allowed_day() == D(2024, 1, 2)


def test_inclusive_reading_makes_the_day_itself_the_last_day() -> None:
    assert Deadline(D(2024, 1, 3), "inclusive").last_allowed_day() == D(2024, 1, 3)


@pytest.mark.parametrize(
    ("received", "reading", "state", "late"),
    [
        (D(2024, 1, 2), "exclusive", "on_time", None),
        (D(2024, 1, 3), "exclusive", "late", 1),
        (D(2024, 1, 3), "inclusive", "on_time", None),
        (D(2024, 1, 4), "inclusive", "late", 1),
        (D(2024, 1, 8), "exclusive", "late", 6),
    ],
)
def test_received_date_against_03_01_2024(
    received: dt.date, reading: str, state: str, late: int | None
) -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 3), reading), received, as_of=D(2024, 6, 30))  # type: ignore[arg-type]
    assert (outcome.state, outcome.days_late) == (state, late)


def test_sunday_last_day_rolls_to_monday_when_shifting() -> None:
    deadline = Deadline(D(2024, 1, 15), shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 1, 15)
    assert deadline.shifted_from() == D(2024, 1, 14)


def test_last_day_inside_tet_rolls_past_tet() -> None:
    assert Deadline(D(2024, 2, 10), shift_to_working_day=True).last_allowed_day() == D(2024, 2, 15)


def test_holidays_around_30_april_roll_to_thursday_2_may() -> None:
    assert Deadline(D(2024, 4, 29), "inclusive", shift_to_working_day=True).last_allowed_day() == D(
        2024, 5, 2
    )


def test_the_swapped_working_saturday_needs_no_roll() -> None:
    assert Deadline(D(2024, 5, 5), shift_to_working_day=True).last_allowed_day() == D(2024, 5, 4)
    assert Deadline(D(2024, 5, 12), shift_to_working_day=True).last_allowed_day() == D(2024, 5, 13)


def test_nothing_received_is_pending_up_to_and_on_the_last_day() -> None:
    deadline = Deadline(D(2024, 1, 3))
    assert judge_deadline(deadline, None, as_of=D(2024, 1, 1)).state == "pending"
    assert judge_deadline(deadline, None, as_of=D(2024, 1, 2)).state == "pending"


def test_nothing_received_the_day_after_is_missing_one_day() -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 3)), None, as_of=D(2024, 1, 3))
    assert (outcome.state, outcome.days_late) == ("missing", 1)


def test_local_date_is_the_day_in_vietnam() -> None:
    assert local_date("2024-01-02T20:30:00Z") == D(2024, 1, 3)
    assert local_date("2024-01-02T20:30:00+07:00") == D(2024, 1, 2)
    assert local_date("2024-01-02T23:59:00") == D(2024, 1, 2)
    assert local_date("2024-01-02") == D(2024, 1, 2)


@pytest.mark.parametrize("text", ["03/01/2024", "3/1/2024", "2024-01-03", "03-01-2024", "03.01.2024"])
def test_typed_dates_are_day_first(text: str) -> None:
    assert parse_user_date(text) == D(2024, 1, 3)


@pytest.mark.parametrize(
    "text", ["31/02/2024", "2024-02-30", "13/13/2024", "2024/01/03", "01-2024-03", "", "hôm nay"]
)
def test_unreadable_typed_dates_are_refused_in_both_languages(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_user_date(text)
    assert text in info.value.message.vi and text in info.value.message.en


@given(
    st.dates(D(2020, 1, 1), D(2027, 12, 31)),
    st.sampled_from(["exclusive", "inclusive"]),
    st.dates(D(2020, 1, 1), D(2028, 1, 31)),
)
def test_on_time_exactly_when_received_by_the_last_day(due: dt.date, reading: str, received: dt.date) -> None:
    deadline = Deadline(due, reading)  # type: ignore[arg-type]
    outcome = judge_deadline(deadline, received, as_of=D(2028, 6, 1))
    assert (outcome.state == "on_time") == (received <= deadline.last_allowed_day())


@given(st.dates(D(2020, 1, 1), D(2027, 12, 31)), st.sampled_from(["exclusive", "inclusive"]))
def test_shifted_last_day_is_a_working_day_never_earlier(due: dt.date, reading: str) -> None:
    plain = Deadline(due, reading).last_allowed_day()  # type: ignore[arg-type]
    shifted = Deadline(due, reading, shift_to_working_day=True).last_allowed_day()  # type: ignore[arg-type]
    assert shifted >= plain and DEFAULT_CALENDAR.is_working_day(shifted)
