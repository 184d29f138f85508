"""Dates printed in a plan's quote, in every form the plans use: one reading (compliance.dates)
for ``reading: auto``, lint's ``due-differs`` and ``weekday-mismatch`` (in a quote and across the
plan) and a date typed on the command line — and numbers that are not dates read as none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builders import PACK_HEAD, doc, engine_for, pack_text, rule
from compliance import Status
from compliance.checks._due import resolve_reading
from compliance.dates import WEEKDAYS_VI, annotated_dates, parse_user_date, quoted_dates
from compliance.lint import LintFinding
from compliance.lint import lint as lint_packs
from compliance.loading import load_text

MONDAY = dt.date(2024, 6, 3)  # "trước ngày 03/06/2024 (thứ Hai)": the year-end report of 2023-2024
PLAN = "ke_hoach_tong_ket.txt"

# the same Monday, printed each way a plan prints a date with its weekday
WITH_WEEKDAY = [
    "trước ngày 03/06/2024 (thứ Hai)",
    "trước ngày 03-06-2024 (thứ Hai)",
    "trước ngày 03.06.2024 (thứ Hai)",
    "trước ngày 3-6-2024 (Thứ hai)",
    "trước ngày 2024-06-03 (thứ Hai)",
    "trước ngày 3 tháng 6 năm 2024 (thứ 2)",
    "trước ngày 03-06-2024, thứ Hai;",
    "trước thứ Hai, ngày 03.06.2024",
]


def year_end(quote: str, due: str = "2024-06-03", **deadline: Any) -> dict[str, Any]:
    """A rule for the year-end report due on ``due``, quoting ``quote``."""
    check = {"deadline": {"report": {"documents": ["BC_TONG_KET_NAM_HOC"]}, "due": due, **deadline}}
    found = rule(check, rule_id="TX-TONG-KET")
    found["source"] = {"document": PLAN, "section": "IV.2", "quote": quote}
    return found


def received_on_the_due_day(quote: str) -> Status:
    engine = engine_for(year_end(f"Các trường gửi báo cáo tổng kết năm học 2023-2024 {quote}."))
    result = engine.check(
        [doc(kind="BC_TONG_KET_NAM_HOC", received_at="2024-06-03T10:15:00+07:00")],
        as_of=dt.date(2024, 6, 30),
    )
    (finding,) = result.findings
    return finding.status


def lint_findings(*rules: dict[str, Any], sources: Path | None = None) -> list[LintFinding]:
    """Lint's findings on a pack of ``rules`` quoting ``PLAN`` (the rules have no examples: the
    ``no-tests`` warnings are left out)."""
    head = {"document": {**PACK_HEAD["document"], "seed": PLAN}}
    pack = load_text(pack_text(*rules, **head), name="kiem-thu.yaml", format="yaml")
    return [f for f in lint_packs([pack], sources).findings if f.code != "no-tests"]


def codes(findings: list[LintFinding]) -> list[tuple[str, str]]:
    return [(f.code, f.level) for f in findings]


# ----------------------------------------------------------------------------- reading: auto


@pytest.mark.parametrize("quote", WITH_WEEKDAY)
def test_due_date_printed_with_its_weekday_in_any_form_is_read_inclusive(quote: str) -> None:
    assert received_on_the_due_day(quote) is Status.pass_


@pytest.mark.parametrize(
    "quote",
    ["trước ngày 03/06/2024", "trước ngày 03-06-2024", "trước ngày 03.06.2024", "trước ngày 2024-06-03"],
)
def test_due_date_printed_without_a_weekday_in_any_form_is_read_exclusive(quote: str) -> None:
    assert received_on_the_due_day(quote) is Status.fail


def test_auto_reading_names_the_dashed_date_and_its_weekday_as_printed() -> None:
    reading, why = resolve_reading("auto", MONDAY, "gửi về Phòng GDĐT trước ngày 03-06-2024 (thứ Hai).")
    assert reading == "inclusive" and why is not None
    assert "“03-06-2024 (thứ Hai)”" in why.vi and "03/06/2024" in why.en


def test_another_date_printed_with_its_weekday_does_not_make_the_due_date_inclusive() -> None:
    quote = "họp giao ban ngày 27.05.2024 (thứ Hai); gửi báo cáo trước ngày 03.06.2024"
    assert resolve_reading("auto", MONDAY, quote) == ("exclusive", None)


# ----------------------------------------------------------------------------- due-differs


@pytest.mark.parametrize(
    "quote",
    [
        "gửi báo cáo tổng kết trước ngày 31-05-2024 (thứ Sáu)",
        "gửi báo cáo tổng kết trước ngày 31.05.2024 (thứ Sáu)",
        "gửi báo cáo tổng kết trước ngày 2024-05-31",
    ],
)
def test_due_date_unlike_a_dashed_or_dotted_quoted_date_is_due_differs(quote: str) -> None:
    (finding,) = lint_findings(year_end(quote))
    assert (finding.code, finding.level, finding.pointer) == (
        "due-differs",
        "error",
        "/rules/0/check/deadline/due",
    )
    assert "31/05/2024" in finding.message.en and "03/06/2024" in finding.message.en


def test_due_date_as_the_dotted_quote_prints_it_is_not_due_differs() -> None:
    assert lint_findings(year_end("gửi báo cáo tổng kết trước ngày 03.06.2024 (thứ Hai)")) == []


def test_document_number_and_school_year_in_a_quote_are_no_dates_to_differ_from() -> None:
    quote = "theo Công văn số 12/BC-THCSNC, các trường gửi báo cáo tổng kết năm học 2023-2024 trước ngày 03/06/2024"
    assert lint_findings(year_end(quote, due="2024-06-03")) == []
    assert quoted_dates(quote) == [MONDAY]


# ----------------------------------------------------------------------------- weekday-mismatch in a quote


@pytest.mark.parametrize(
    "quote",
    [
        "gửi báo cáo tổng kết trước ngày 03-06-2024 (thứ Ba)",
        "gửi báo cáo tổng kết trước ngày 03.06.2024 (thứ Ba)",
        "gửi báo cáo tổng kết trước ngày 03/06/2024, thứ Ba.",
    ],
)
def test_wrong_weekday_beside_a_quoted_date_in_any_form_is_an_error(quote: str) -> None:
    (finding,) = lint_findings(year_end(quote))
    assert (finding.code, finding.level, finding.pointer) == (
        "weekday-mismatch",
        "error",
        "/rules/0/source/quote",
    )
    assert "03/06/2024 is a Monday" in finding.message.en and "“thứ Ba”" in finding.message.en


# ----------------------------------------------------------------------------- weekday-mismatch across the plan


def lint_plan(tmp_path: Path, plan: str, quote: str) -> list[LintFinding]:
    (tmp_path / PLAN).write_text(plan, encoding="utf-8")
    return lint_findings(year_end(quote), sources=tmp_path)


@pytest.mark.parametrize(
    ("line", "printed"),
    [
        ("Họp giao ban vào 8 giờ 00 ngày 05/06/2024, thứ Hai, tại hội trường Phòng.", "05/06/2024, thứ Hai"),
        ("Họp giao ban vào 8 giờ 00 ngày 05-06-2024 (thứ Hai) tại hội trường Phòng.", "05-06-2024 (thứ Hai)"),
        ("Họp giao ban vào 8 giờ 00 ngày 05.06.2024 (thứ Hai) tại hội trường Phòng.", "05.06.2024 (thứ Hai)"),
        (
            "Họp giao ban vào 8 giờ 00, thứ Hai, ngày 05-06-2024 tại hội trường Phòng.",
            "thứ Hai, ngày 05-06-2024",
        ),
    ],
)
def test_wrong_weekday_anywhere_in_the_plan_in_any_form_is_a_warning_at_its_place(
    tmp_path: Path, line: str, printed: str
) -> None:
    quote = "Các trường gửi báo cáo tổng kết trước ngày 03/06/2024 (thứ Hai)."
    findings = lint_plan(tmp_path, f"KẾ HOẠCH\n{quote}\n{line}\n", quote)
    (finding,) = findings
    assert (finding.code, finding.level, finding.file) == (
        "weekday-mismatch",
        "warning",
        str(tmp_path / PLAN),
    )
    assert (finding.line, finding.column) == (3, line.index(printed) + 1)
    assert f"“{printed}”: 05/06/2024 is a Wednesday" in finding.message.en


def test_plan_with_right_weekdays_and_numbers_that_are_not_dates_lints_clean(tmp_path: Path) -> None:
    quote = "Các trường gửi báo cáo tổng kết trước ngày 03-06-2024 (thứ Hai)."
    plan = (
        "Số: 125/KH-PGDĐT, năm học 2023-2024\n"
        f"{quote}\n"
        "Thứ hai, phối hợp với Công đoàn ngành tổ chức Hội nghị lần thứ ba ngày 27.05.2024.\n"
        "Mục 1.2.3; điện thoại 024.38.25.1234; số 123.456; giai đoạn 2021-2025.\n"
    )
    assert lint_plan(tmp_path, plan, quote) == []


# ----------------------------------------------------------------------------- what is and is not a date


@pytest.mark.parametrize(
    "text",
    [
        "Báo cáo số 12/BC-THCSNC của Trường THCS Nhân Chính",
        "kinh phí số 123.456 đồng",
        "năm học 2023-2024",
        "năm học 2023 - 2024",
        "giai đoạn 2021-2025-2030",
        "theo mục 1.2.3 của Kế hoạch",
        "phần mềm phiên bản 2.10.1",
        "điện thoại 024.38.25.1234 hoặc 0912.345.678",
        "trước ngày 3/6/24 (thứ Hai)",  # a two-digit year is no form of a date here
        "số hiệu 112/05/2024",  # a longer number than a day
        "mã 03/06/20245",
        "mục 1.2.03.06.2024",  # one link of a chain of numbers
        "mã 2023-2024-06-03",
        "trước ngày 31-02-2024 (thứ Bảy)",  # no such day
        "trước ngày 2024-13-03",
        "hạn ngày ０３-０６-２０２４",  # full-width digits: no one printed an ASCII date
    ],
)
def test_numbers_that_are_not_dates_are_read_as_none(text: str) -> None:
    assert (quoted_dates(text), list(annotated_dates(text))) == ([], [])


def test_iso_date_in_a_quote_is_a_date() -> None:
    assert quoted_dates("gửi về hộp thư điện tử trước ngày 2024-06-03") == [MONDAY]


def test_a_range_of_days_still_reads_its_last_day() -> None:
    assert quoted_dates("tổ chức kiểm tra từ ngày 27-31/5/2024") == [dt.date(2024, 5, 31)]


def test_date_ending_a_sentence_is_read() -> None:
    assert quoted_dates("Hạn nộp là 03.06.2024.") == [MONDAY]


def test_ordinal_thu_hai_after_a_date_and_a_comma_is_not_a_weekday() -> None:
    # "thứ hai" (secondly) goes on with its clause; a weekday after a comma ends the phrase
    assert list(annotated_dates("trước ngày 15/01/2024, thứ hai là tổ chức sơ kết học kỳ I")) == []


def test_weekday_after_a_comma_is_read_when_it_ends_the_phrase() -> None:
    (found,) = annotated_dates("Hội nghị tổ chức vào ngày 05/06/2024, thứ Hai.")
    assert (found.day, found.stated, found.wrong, found.text) == (
        dt.date(2024, 6, 5),
        "thứ Hai",
        True,
        "05/06/2024, thứ Hai",
    )


def test_weekday_before_a_spelt_out_date_is_read() -> None:
    (found,) = annotated_dates("Thứ Hai, ngày 3 tháng 6 năm 2024, các trường nộp báo cáo")
    assert (found.day, found.wrong) == (MONDAY, False)


@pytest.mark.parametrize("typed", ["03/06/2024", "3/6/2024", "03-06-2024", "03.06.2024", "2024-06-03"])
def test_a_date_typed_and_the_same_date_printed_read_alike(typed: str) -> None:
    assert [parse_user_date(typed)] == quoted_dates(f"trước ngày {typed}") == [MONDAY]


# ----------------------------------------------------------------------------- one reading, every form


def _printed(day: dt.date, form: int, padded: bool) -> str:
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if padded else (str(day.day), str(day.month))
    return [
        f"{d}/{m}/{day.year}",
        f"{d}-{m}-{day.year}",
        f"{d}.{m}.{day.year}",
        f"{day.year}-{m}-{d}",
        f"ngày {d} tháng {m} năm {day.year}",
    ][form]


def _annotated(printed: str, weekday: str, style: int) -> str:
    return [
        f"gửi báo cáo trước {printed} ({weekday}).",
        f"gửi báo cáo trước {printed}, {weekday}; sau đó tổng hợp.",
        f"gửi báo cáo trước {weekday}, {printed}.",
    ][style]


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    form=st.integers(0, 4),
    padded=st.booleans(),
    style=st.integers(0, 2),
)
def test_any_date_in_any_form_with_its_true_weekday_reads_the_same(
    day: dt.date, form: int, padded: bool, style: int
) -> None:
    quote = _annotated(_printed(day, form, padded), WEEKDAYS_VI[day.weekday()], style)
    (found,) = annotated_dates(quote)
    assert (found.day, found.wrong) == (day, False)
    assert quoted_dates(quote) == [day]
    assert resolve_reading("auto", day, quote)[0] == "inclusive"


@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    form=st.integers(0, 4),
    style=st.integers(0, 2),
    off=st.integers(1, 6),
)
def test_any_date_in_any_form_with_another_weekday_is_wrong(
    day: dt.date, form: int, style: int, off: int
) -> None:
    quote = _annotated(_printed(day, form, True), WEEKDAYS_VI[(day.weekday() + off) % 7], style)
    (found,) = annotated_dates(quote)
    assert (found.day, found.wrong) == (day, True)
    assert resolve_reading("auto", day, quote)[0] == "exclusive"


# ----------------------------------------------------------------------------- linear time, RE2 dialect


def test_date_patterns_are_in_the_re2_dialect() -> None:
    import re2

    from compliance import dates

    options = re2.Options()
    options.log_errors = False
    for pattern in dates._PATTERNS:
        re2.compile(pattern.pattern, options)  # no backreference, no lookaround


@pytest.mark.timeout(20)  # a hang guard: the former pattern took minutes on this text
def test_a_weekday_followed_by_a_long_run_of_spaces_is_scanned_in_linear_time() -> None:
    text = "thứ a" + " " * 200_000 + "x"
    assert (list(annotated_dates(text)), quoted_dates(text)) == ([], [])
