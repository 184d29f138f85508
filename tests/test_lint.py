"""`compliance lint`: one failing fixture per check (tests/fixtures/lint/), the exit codes, and
the date annotations it reads in Vietnamese plans (its output formats: test_reporter_lint.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from builders import LINT_FIXTURES, LINT_SEEDS, pack_text, rule
from compliance.cli import main
from compliance.dates import annotated_dates, quoted_dates
from compliance.lint import lint as lint_packs
from compliance.loading import load_text

Findings = list[dict[str, Any]]


def lint(capsys: pytest.CaptureFixture[str], fixture: str, *args: str) -> tuple[int, Findings]:
    code = main(
        ["lint", str(LINT_FIXTURES / fixture), "--sources", str(LINT_SEEDS), "--format", "json", *args]
    )
    return code, json.loads(capsys.readouterr().out)["findings"]


def only(findings: Findings) -> dict[str, Any]:
    assert len(findings) == 1, findings
    return findings[0]


def in_pack(findings: Findings) -> Findings:
    """Findings located in the rule pack (not in the plan it quotes)."""
    return [f for f in findings if f["file"].endswith(".yaml")]


# ----------------------------------------------------------------------------- clean input


def test_clean_pack_has_no_findings_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(capsys, "clean.yaml") == (0, [])


def test_quote_typed_in_nfd_matches_the_plan_after_nfc(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(capsys, "quote_nfd.yaml") == (0, [])


# ----------------------------------------------------------------------------- one fixture per check


def test_rule_language_error_is_reported_with_file_and_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "invalid.yaml")
    finding = only(findings)
    assert code == 1
    assert (finding["code"], finding["pointer"], finding["line"]) == ("invalid", "/rules/0/severity", 14)


def test_unknown_field_path_is_a_finding_with_its_line_not_a_crash(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, findings = lint(capsys, "unknown_field.yaml")
    finding = only(findings)
    assert code == 1
    assert (finding["code"], finding["rule_id"], finding["line"]) == ("unknown-field", "LINT-BAN-CHI-DAO", 19)
    assert "knd" in finding["message"]["en"] and "kind" in finding["fix"]["en"]


def test_duplicate_rule_id_across_packs_names_the_first_use(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "duplicate_id")
    finding = only(findings)
    assert code == 1 and finding["code"] == "duplicate-id" and finding["file"].endswith("b.yaml")
    assert "a.yaml:12" in finding["message"]["vi"]


def test_duplicate_pack_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "duplicate_pack")
    assert code == 1 and only(findings)["code"] == "duplicate-pack"


def test_source_document_missing_from_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "source_missing.yaml")
    finding = only(findings)
    assert (
        code == 1
        and finding["code"] == "source-missing"
        and "cong_van_khong_co.txt" in finding["message"]["en"]
    )


def test_quote_that_is_not_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "quote_not_in_source.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["pointer"]) == (
        "quote-not-in-source",
        "/rules/0/source/quote",
    )


def test_plain_space_where_the_plan_has_a_non_breaking_space_is_not_verbatim(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, findings = lint(capsys, "quote_nbsp.yaml")
    assert code == 1 and only(findings)["code"] == "quote-not-in-source"


def test_not_encoded_quote_must_be_verbatim_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "not_encoded_quote.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["pointer"]) == (
        "quote-not-in-source",
        "/not_encoded/0/quote",
    )


def test_wrong_weekday_in_a_quote_is_an_error_at_the_quote(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "weekday_in_quote.yaml")
    finding = only(in_pack(findings))
    assert code == 1
    assert (finding["code"], finding["level"], finding["line"]) == ("weekday-mismatch", "error", 16)
    assert "03/01/2023 is a Tuesday" in finding["message"]["en"]


def test_wrong_weekday_anywhere_in_the_plan_is_a_warning_at_its_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, findings = lint(capsys, "weekday_in_source.yaml")
    finding = only(findings)
    assert code == 1 and finding["file"].endswith("ke_hoach_in_sai.txt")
    assert (finding["code"], finding["level"], finding["line"], finding["column"]) == (
        "weekday-mismatch",
        "warning",
        11,
        38,
    )


def test_recorded_correction_turns_the_wrong_weekday_into_notes(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "weekday_acknowledged.yaml")
    assert code == 0
    assert {(f["code"], f["level"]) for f in findings} == {("weekday-mismatch", "info")} and len(
        findings
    ) == 2


def test_sentence_listed_in_not_encoded_sets_the_wrong_weekday_aside(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, findings = lint(capsys, "weekday_set_aside.yaml")
    assert code == 0 and only(findings)["level"] == "info"


def test_correction_whose_printed_text_is_not_in_the_quote(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "correction_not_printed.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["level"]) == ("correction-not-printed", "warning")


def test_due_date_unlike_the_quoted_date_without_a_correction(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "due_differs.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["pointer"]) == (
        "due-differs",
        "/rules/0/check/deadline/due",
    )
    assert "24/05/2024" in finding["message"]["en"]


def test_due_date_after_the_school_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "due_outside_year.yaml")
    finding = only(findings)
    assert code == 1 and finding["code"] == "due-outside-year" and "31/07/2024" in finding["message"]["en"]


def test_window_ending_before_the_plan_was_issued(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "due_before_issue.yaml")
    finding = only(findings)
    assert code == 1
    assert (finding["code"], finding["pointer"]) == ("due-before-issue", "/rules/0/check/required/window/to")


def test_a_deadline_whose_last_day_comes_before_the_plan_is_one_no_one_can_meet(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, findings = lint(capsys, "deadline_unmeetable.yaml")
    finding = only(findings)
    assert code == 1
    assert (finding["code"], finding["pointer"]) == ("deadline-unmeetable", "/rules/0/check/deadline/due")
    assert "20/09/2023" in finding["message"]["vi"] and "reading: inclusive" in finding["fix"]["en"]


def test_the_same_deadline_read_inclusive_can_be_met(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (LINT_FIXTURES / "deadline_unmeetable.yaml").read_text(encoding="utf-8")
    pack = tmp_path / "han.yaml"
    pack.write_text(
        text.replace("due: 2023-09-21\n", "due: 2023-09-21\n        reading: inclusive\n").replace(
            "expect: fail", "expect: pass"
        ),
        encoding="utf-8",
    )
    assert main(["lint", str(pack), "--sources", str(LINT_SEEDS)]) == 0


def test_levels_that_no_unit_type_of_the_rule_can_have(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "levels_no_unit.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["pointer"]) == (
        "applies-to-no-unit",
        "/rules/0/applies_to/levels",
    )


def test_effective_window_ending_before_the_plan_was_issued(capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint(capsys, "effective_before_issue.yaml")
    finding = only(findings)
    assert code == 1 and (finding["code"], finding["pointer"]) == (
        "applies-to-no-unit",
        "/rules/0/applies_to/effective/to",
    )


# ----------------------------------------------------------------------------- compiler problems, by their code


def lint_codes(*rules: dict[str, Any]) -> list[str]:
    """The lint codes of the errors of a pack of these rules, checked without the plans (the
    rules have no examples: the ``no-tests`` warnings are the subject of their own tests)."""
    pack = load_text(pack_text(*rules), name="kiem-thu.yaml", format="yaml")
    return [f.code for f in lint_packs([pack]).findings if f.level == "error"]


def test_misspelt_collection_is_an_unknown_field() -> None:
    assert lint_codes(rule({"required": {"select": {"collection": "commitees"}}})) == ["unknown-field"]


def test_any_item_over_a_list_of_codes_is_an_unknown_field() -> None:
    levels = {"any_item": {"field": "submitter.school_levels", "where": {"field": "kind", "exists": True}}}
    assert lint_codes(rule({"required": {"select": {"where": levels}}})) == ["unknown-field"]


def test_broken_regular_expression_is_invalid() -> None:
    so_hieu = {"field": "decision_so_hieu", "matches": "([0-9]+/QĐ"}
    assert lint_codes(rule({"required": {"select": {"collection": "committees", "where": so_hieu}}})) == [
        "invalid"
    ]


def test_rule_id_used_twice_in_one_pack_is_one_duplicate_id_finding() -> None:
    drills = {"required": {"select": {"collection": "drills"}}}
    twice = lint_codes(rule(drills, rule_id="TX-DIEN-TAP"), rule(drills, rule_id="TX-DIEN-TAP"))
    assert twice == ["duplicate-id"]


def test_rule_without_examples_is_a_warning_naming_the_rule_and_its_line() -> None:
    drills = {"required": {"select": {"collection": "drills"}}}
    pack = load_text(pack_text(rule(drills, rule_id="TX-DIEN-TAP")), name="kiem-thu.yaml", format="yaml")
    (finding,) = lint_packs([pack]).findings
    assert (finding.code, finding.level, finding.rule_id, finding.file) == (
        "no-tests",
        "warning",
        "TX-DIEN-TAP",
        "kiem-thu.yaml",
    )
    assert finding.line == pack.source_map.locate("/rules/0/id")[0] and "TX-DIEN-TAP" in finding.message.vi


def test_rule_without_examples_makes_lint_exit_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "kiem-thu.yaml"
    path.write_text(pack_text(rule({"required": {"select": {"collection": "drills"}}})), encoding="utf-8")
    assert main(["lint", str(path), "--lang", "en"]) == 1
    assert "warning no-tests [R-1]: rule 'R-1' has no test case" in capsys.readouterr().out


def test_rule_with_an_example_has_no_such_warning() -> None:
    case = {"name": "cả năm không thực tập", "as_of": "2024-06-30", "expect": "fail"}
    drills = {"required": {"select": {"collection": "drills"}}}
    pack = load_text(pack_text(rule(drills, tests=[case])), name="kiem-thu.yaml", format="yaml")
    assert lint_packs([pack]).findings == []


# ----------------------------------------------------------------------------- exit codes and formats


def test_unreadable_pack_exits_two_with_its_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(LINT_FIXTURES / "unreadable.yaml")]) == 2
    assert "unreadable.yaml:3" in capsys.readouterr().err


def test_missing_sources_folder_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["lint", str(LINT_FIXTURES / "clean.yaml"), "--sources", str(LINT_FIXTURES / "khong-co")]) == 2
    )


# ----------------------------------------------------------------------------- dates in plan text


@pytest.mark.parametrize(
    ("text", "day", "wrong"),
    [
        ("trước ngày 03/01/2023 (thứ Tư)", dt.date(2023, 1, 3), True),
        ("trước ngày 15/01/2024 (thứ Hai)", dt.date(2024, 1, 15), False),
        ("trước ngày 31/5/2024 (Thứ sáu)", dt.date(2024, 5, 31), False),
        ("họp vào thứ Ba, ngày 15/01/2024", dt.date(2024, 1, 15), True),
        ("ngày 21 tháng 9 năm 2023 (thứ Sáu)", dt.date(2023, 9, 21), True),
        ("hạn 14/01/2024 (CN)", dt.date(2024, 1, 14), False),
    ],
)
def test_weekday_annotations_in_either_order_and_date_style(text: str, day: dt.date, wrong: bool) -> None:
    (found,) = annotated_dates(text)
    assert (found.day, found.wrong) == (day, wrong)


def test_ordinal_thu_before_a_date_is_not_a_weekday() -> None:
    assert list(annotated_dates("Hội nghị lần thứ ba ngày 12/3/2021")) == []


def test_impossible_annotated_date_is_skipped() -> None:
    assert list(annotated_dates("trước ngày 31/02/2024 (thứ Năm)")) == []


def test_quoted_dates_are_read_day_first() -> None:
    assert quoted_dates("trước ngày 03/01/2024 và ngày 5/9/2023") == [
        dt.date(2024, 1, 3),
        dt.date(2023, 9, 5),
    ]
