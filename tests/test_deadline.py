"""Deadlines "trước ngày D": both readings, the shift to a working day, judging a received date,
Vietnam-local dates and the dates a person types."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.calendar import DEFAULT_CALENDAR, WorkingCalendar
from compliance.checks._due import Deadline, Reading
from compliance.checks.deadline import judge_deadline
from compliance.dates import VN_TZ, DateInputError, local_date, parse_user_date, weekday_vi

D = dt.date
ONE_DAY = dt.timedelta(days=1)
LONG_AFTER = D(2024, 6, 30)  # an as_of that does not matter when something was received

# The four deadlines of the Thanh Xuân plan for 2023-2024 (03/01 corrected from the printed 2023).
THANH_XUAN_DUE = [D(2024, 1, 3), D(2024, 1, 15), D(2024, 5, 24), D(2024, 5, 31)]
READINGS: list[Reading] = ["exclusive", "inclusive"]


# ----------------------------------------------------------------------------- readings


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_exclusive_reading_makes_the_day_before_due_the_last_day(due: dt.date) -> None:
    assert Deadline(due).last_allowed_day() == due - ONE_DAY


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_inclusive_reading_makes_the_due_date_the_last_day(due: dt.date) -> None:
    assert Deadline(due, "inclusive").last_allowed_day() == due


def test_exclusive_is_the_default_reading() -> None:
    assert Deadline(D(2024, 1, 3)).reading == "exclusive"


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
@pytest.mark.parametrize("reading", READINGS)
def test_received_the_day_before_due_is_on_time_in_both_readings(due: dt.date, reading: Reading) -> None:
    outcome = judge_deadline(Deadline(due, reading), due - ONE_DAY, as_of=LONG_AFTER)
    assert (outcome.state, outcome.days_late) == ("on_time", None)


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_received_on_due_is_one_day_late_when_exclusive(due: dt.date) -> None:
    outcome = judge_deadline(Deadline(due, "exclusive"), due, as_of=LONG_AFTER)
    assert (outcome.state, outcome.days_late) == ("late", 1)


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_received_on_due_is_on_time_when_inclusive(due: dt.date) -> None:
    outcome = judge_deadline(Deadline(due, "inclusive"), due, as_of=LONG_AFTER)
    assert (outcome.state, outcome.days_late) == ("on_time", None)


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_received_the_day_after_due_is_two_days_late_when_exclusive(due: dt.date) -> None:
    outcome = judge_deadline(Deadline(due, "exclusive"), due + ONE_DAY, as_of=LONG_AFTER)
    assert (outcome.state, outcome.days_late) == ("late", 2)


@pytest.mark.parametrize("due", THANH_XUAN_DUE)
def test_received_the_day_after_due_is_one_day_late_when_inclusive(due: dt.date) -> None:
    outcome = judge_deadline(Deadline(due, "inclusive"), due + ONE_DAY, as_of=LONG_AFTER)
    assert (outcome.state, outcome.days_late) == ("late", 1)


def test_days_late_counts_calendar_days_across_a_weekend() -> None:
    # Last day Friday 12/01/2024; received Monday 15/01: three calendar days, not one working day.
    outcome = judge_deadline(Deadline(D(2024, 1, 13)), D(2024, 1, 15), as_of=LONG_AFTER)
    assert (outcome.last_allowed_day, outcome.state, outcome.days_late) == (D(2024, 1, 12), "late", 3)


def test_days_late_counts_calendar_days_across_weekends_and_tet() -> None:
    # Last day 02/01/2024; received Thursday 15/02/2024, right after Tết: 44 calendar days.
    outcome = judge_deadline(Deadline(D(2024, 1, 3)), D(2024, 2, 15), as_of=LONG_AFTER)
    assert outcome.days_late == 44


def test_outcome_carries_the_due_date_last_day_and_received_date() -> None:
    outcome = judge_deadline(Deadline(D(2024, 5, 24)), D(2024, 5, 20), as_of=LONG_AFTER)
    assert (outcome.due, outcome.last_allowed_day, outcome.received, outcome.shifted_from) == (
        D(2024, 5, 24),
        D(2024, 5, 23),
        D(2024, 5, 20),
        None,
    )


# ----------------------------------------------------------------------------- shift to a working day


def test_exclusive_15_01_2024_leaves_sunday_14_01_as_the_last_day() -> None:
    deadline = Deadline(D(2024, 1, 15))
    assert deadline.last_allowed_day() == D(2024, 1, 14)
    assert weekday_vi(deadline.last_allowed_day()) == "Chủ nhật"
    assert deadline.shifted_from() is None


def test_without_shift_a_sunday_last_day_is_not_moved() -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 15)), D(2024, 1, 14), as_of=LONG_AFTER)
    assert (outcome.state, outcome.last_allowed_day, outcome.shifted_from) == (
        "on_time",
        D(2024, 1, 14),
        None,
    )


def test_shift_moves_sunday_14_01_2024_to_monday_15_01() -> None:
    deadline = Deadline(D(2024, 1, 15), shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 1, 15)
    assert deadline.shifted_from() == D(2024, 1, 14)


def test_received_on_monday_15_01_2024_is_on_time_only_with_the_shift() -> None:
    plain = judge_deadline(Deadline(D(2024, 1, 15)), D(2024, 1, 15), as_of=LONG_AFTER)
    shifted = judge_deadline(Deadline(D(2024, 1, 15), shift_to_working_day=True), D(2024, 1, 15), LONG_AFTER)
    assert (plain.state, shifted.state) == ("late", "on_time")
    assert shifted.shifted_from == D(2024, 1, 14)


def test_shift_leaves_a_last_day_that_is_a_working_day_alone() -> None:
    deadline = Deadline(D(2024, 1, 3), shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 1, 2)
    assert deadline.shifted_from() is None


def test_shift_moves_an_exclusive_due_date_inside_tet_2024_to_15_02() -> None:
    deadline = Deadline(D(2024, 2, 12), shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 2, 15)
    assert deadline.shifted_from() == D(2024, 2, 11)


def test_received_on_15_02_2024_is_on_time_for_a_due_date_inside_tet_with_shift() -> None:
    outcome = judge_deadline(Deadline(D(2024, 2, 12), shift_to_working_day=True), D(2024, 2, 15), LONG_AFTER)
    assert (outcome.state, outcome.shifted_from) == ("on_time", D(2024, 2, 11))


def test_shift_moves_a_due_date_inside_tet_2024_to_15_02() -> None:
    deadline = Deadline(D(2024, 2, 10), "inclusive", shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 2, 15)
    assert deadline.shifted_from() == D(2024, 2, 10)


def test_shift_from_the_swapped_monday_29_04_2024_skips_30_04_and_01_05() -> None:
    deadline = Deadline(D(2024, 4, 29), "inclusive", shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 5, 2)


def test_the_make_up_saturday_04_05_2024_is_a_valid_last_day_without_shifting() -> None:
    deadline = Deadline(D(2024, 5, 4), "inclusive", shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 5, 4)
    assert deadline.shifted_from() is None


def test_an_ordinary_saturday_shifts_to_monday() -> None:
    deadline = Deadline(D(2024, 5, 11), "inclusive", shift_to_working_day=True)
    assert deadline.last_allowed_day() == D(2024, 5, 13)


def test_shift_follows_the_calendar_it_is_given() -> None:
    calendar = WorkingCalendar(extra_holidays={D(2024, 1, 15): "Nghỉ bù"})
    deadline = Deadline(D(2024, 1, 15), shift_to_working_day=True)
    assert deadline.last_allowed_day(calendar) == D(2024, 1, 16)
    assert judge_deadline(deadline, D(2024, 1, 16), LONG_AFTER, calendar).state == "on_time"


# ----------------------------------------------------------------------------- nothing received


def test_nothing_received_before_the_last_day_is_pending() -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 3)), None, as_of=D(2024, 1, 1))
    assert (outcome.state, outcome.days_late) == ("pending", None)


def test_nothing_received_on_the_last_day_is_still_pending() -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 3)), None, as_of=D(2024, 1, 2))
    assert (outcome.state, outcome.days_late) == ("pending", None)


def test_nothing_received_the_day_after_the_last_day_is_missing_one_day() -> None:
    outcome = judge_deadline(Deadline(D(2024, 1, 3)), None, as_of=D(2024, 1, 3))
    assert (outcome.state, outcome.days_late, outcome.received) == ("missing", 1, None)


def test_missing_counts_calendar_days_overdue_at_as_of() -> None:
    outcome = judge_deadline(Deadline(D(2024, 5, 31), "inclusive"), None, as_of=D(2024, 6, 30))
    assert (outcome.state, outcome.days_late) == ("missing", 30)


def test_pending_lasts_through_the_shifted_last_day() -> None:
    deadline = Deadline(D(2024, 1, 15), shift_to_working_day=True)
    assert judge_deadline(deadline, None, as_of=D(2024, 1, 15)).state == "pending"
    assert judge_deadline(deadline, None, as_of=D(2024, 1, 16)).days_late == 1


# ----------------------------------------------------------------------------- properties

dates = st.dates(D(2020, 1, 1), D(2026, 12, 31))
readings = st.sampled_from(READINGS)


@given(dates, readings, st.booleans(), dates)
def test_on_time_exactly_when_received_by_the_last_allowed_day(
    due: dt.date, reading: Reading, shift: bool, received: dt.date
) -> None:
    deadline = Deadline(due, reading, shift)
    outcome = judge_deadline(deadline, received, as_of=D(2027, 6, 1))
    assert (outcome.state == "on_time") == (received <= deadline.last_allowed_day())
    if outcome.state == "late":
        assert outcome.days_late == (received - deadline.last_allowed_day()).days > 0
    else:
        assert outcome.days_late is None


@given(dates, readings)
def test_shifted_last_day_is_a_working_day_never_earlier_than_unshifted(
    due: dt.date, reading: Reading
) -> None:
    plain = Deadline(due, reading).last_allowed_day()
    shifted = Deadline(due, reading, shift_to_working_day=True)
    assert DEFAULT_CALENDAR.is_working_day(shifted.last_allowed_day())
    assert shifted.last_allowed_day() >= plain
    assert shifted.shifted_from() == (plain if shifted.last_allowed_day() != plain else None)


@given(dates, readings, st.booleans(), dates)
def test_nothing_received_is_pending_exactly_until_the_last_day_passes(
    due: dt.date, reading: Reading, shift: bool, as_of: dt.date
) -> None:
    deadline = Deadline(due, reading, shift)
    outcome = judge_deadline(deadline, None, as_of)
    last = deadline.last_allowed_day()
    expected = ("pending", None) if as_of <= last else ("missing", (as_of - last).days)
    assert (outcome.state, outcome.days_late) == expected


# ----------------------------------------------------------------------------- local_date


def test_local_date_converts_utc_z_to_the_next_day_in_vietnam() -> None:
    assert local_date("2024-01-02T20:30:00Z") == D(2024, 1, 3)


def test_local_date_keeps_the_thanh_xuan_receipt_time_on_its_day() -> None:
    assert local_date("2024-01-02T16:41:00+07:00") == D(2024, 1, 2)


def test_local_date_of_utc_just_before_vietnam_midnight_stays_on_the_day() -> None:
    assert local_date("2024-01-02T16:59:59Z") == D(2024, 1, 2)
    assert local_date("2024-01-02T17:00:00Z") == D(2024, 1, 3)


def test_local_date_keeps_a_plus_07_00_time_on_its_day() -> None:
    assert local_date("2024-01-02T23:59:00+07:00") == D(2024, 1, 2)


def test_local_date_converts_other_offsets_to_vietnam_time() -> None:
    assert local_date("2024-01-03T00:30:00+09:00") == D(2024, 1, 2)


def test_local_date_takes_a_naive_time_as_vietnam_time() -> None:
    assert local_date("2024-01-02T23:59:00") == D(2024, 1, 2)


def test_local_date_reads_a_date_alone_as_that_date() -> None:
    assert local_date("2024-01-03") == D(2024, 1, 3)


def test_local_date_converts_aware_datetime_objects() -> None:
    assert local_date(dt.datetime(2024, 1, 2, 20, 30, tzinfo=dt.UTC)) == D(2024, 1, 3)
    assert local_date(dt.datetime(2024, 1, 2, 20, 30, tzinfo=VN_TZ)) == D(2024, 1, 2)


def test_local_date_returns_a_date_object_unchanged() -> None:
    assert local_date(D(2024, 1, 3)) == D(2024, 1, 3)


@pytest.mark.parametrize("text", ["03/01/2024", "hôm qua", "2024-13-01", ""])
def test_local_date_refuses_anything_but_iso_8601(text: str) -> None:
    with pytest.raises(ValueError):
        local_date(text)


# ----------------------------------------------------------------------------- parse_user_date


@pytest.mark.parametrize(
    "text", ["03/01/2024", "3/1/2024", "03-01-2024", "03.01.2024", "2024-01-03", " 03/01/2024 "]
)
def test_typed_dates_read_as_3_january_2024(text: str) -> None:
    assert parse_user_date(text) == D(2024, 1, 3)


def test_typed_slash_date_is_day_first_never_month_first() -> None:
    assert parse_user_date("03/01/2024") != D(2024, 3, 1)
    assert parse_user_date("12/01/2024") == D(2024, 1, 12)


def test_typed_day_above_12_reads_day_first() -> None:
    assert parse_user_date("31/05/2024") == D(2024, 5, 31)


@pytest.mark.parametrize("text", ["31/02/2024", "2024-02-30", "13/13/2024", "29/02/2023", "00/01/2024"])
def test_impossible_typed_dates_are_refused(text: str) -> None:
    with pytest.raises(DateInputError):
        parse_user_date(text)


def test_29_february_of_a_leap_year_is_accepted() -> None:
    assert parse_user_date("29/02/2024") == D(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["31/02/2024", "2024-02-30", "13/13/2024", "2024/01/03", "01-2024-03", "", "3/1/24", "ngày 3/1/2024"],
)
def test_every_refused_typed_date_is_quoted_in_vietnamese_and_english(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_user_date(text)
    message = info.value.message
    assert message.vi.strip() and message.en.strip() and message.vi != message.en
    assert f"'{text}'" in message.vi and f"'{text}'" in message.en


def test_refusal_of_an_impossible_date_quotes_it_and_shows_the_accepted_forms_in_both_languages() -> None:
    with pytest.raises(DateInputError) as info:
        parse_user_date("31/02/2024")
    message = info.value.message
    assert "31/02/2024" in message.vi and "31/02/2024" in message.en
    assert "dd/mm/yyyy" in message.vi and "dd/mm/yyyy" in message.en
    assert "không có thật" in message.vi and "does not exist" in message.en


@pytest.mark.parametrize(
    "text", ["2024/01/03", "01-2024-03", "03/01/24", "03/01-2024", "3 tháng 1 2024", "hôm nay", ""]
)
def test_other_typed_forms_are_refused_with_the_accepted_forms_in_both_languages(text: str) -> None:
    with pytest.raises(DateInputError) as info:
        parse_user_date(text)
    message = info.value.message
    assert f"'{text}'" in message.vi and f"'{text}'" in message.en
    assert "YYYY-MM-DD" in message.vi and "YYYY-MM-DD" in message.en


def test_date_input_error_is_a_value_error_with_the_english_text() -> None:
    with pytest.raises(ValueError, match="2024/01/03"):
        parse_user_date("2024/01/03")


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)))
def test_every_date_typed_day_first_or_iso_reads_back(day: dt.date) -> None:
    assert parse_user_date(f"{day:%d/%m/%Y}") == day
    assert parse_user_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_user_date(day.isoformat()) == day
