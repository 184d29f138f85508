"""``check FILE --document-only``: an upload gate judges only the obligations the upload itself
can satisfy — a first-semester report does not fail for the year-end report it cannot contain."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from builders import EXAMPLES
from compliance import Engine
from compliance.cli import main
from compliance.engine import answerable

HK1 = str(EXAMPLES / "thcs-nhan-chinh" / "2024-01-02-so-ket-hk1.yaml")
YEAR_END = str(EXAMPLES / "thcs-nhan-chinh" / "2024-05-20-tong-ket.yaml")
LATE_HK1 = str(EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml")


def statuses(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, str], list[str]]:
    code = main(["check", *argv, "--as-of", "30/06/2024", "--format", "json", "--lang", "en"])
    result = json.loads(capsys.readouterr().out)
    return code, {f["rule_id"]: f["status"] for f in result["findings"]}, [n["en"] for n in result["notes"]]


def test_a_first_semester_upload_does_not_fail_for_the_year_end_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, whole, _ = statuses(capsys, HK1)
    assert code == 1 and whole["TX2324-T-BC-TONG-KET"] == "fail"
    code, gate, notes = statuses(capsys, HK1, "--document-only")
    assert code == 0 and "TX2324-T-BC-TONG-KET" not in gate
    (note,) = notes
    assert "3 rule(s) not judged" in note and "TX2324-T-BC-TONG-KET (BC_TONG_KET_NAM_HOC)" in note


def test_what_any_report_can_show_is_still_judged(capsys: pytest.CaptureFixture[str]) -> None:
    _, gate, _ = statuses(capsys, HK1, "--document-only")
    assert gate["TX2324-T-BAN-CHI-DAO"] == "pass" and gate["TX2324-T-BC-SO-KET-HK1"] == "pass"


def test_the_upload_is_still_judged_on_its_own_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    code, gate, _ = statuses(capsys, LATE_HK1, "--document-only")
    assert code == 1 and gate["TX2324-T-BC-SO-KET-HK1"] == "fail"  # received 05/01, due 03/01


def test_the_year_end_upload_is_judged_on_the_year_end_deadline(capsys: pytest.CaptureFixture[str]) -> None:
    _, gate, _ = statuses(capsys, YEAR_END, "--document-only")
    assert gate["TX2324-T-BC-TONG-KET"] == "pass" and "TX2324-T-BC-SO-KET-HK1" not in gate


def test_the_python_api_takes_document_only(bundled_engine: Engine) -> None:
    gate = bundled_engine.check(HK1, as_of=dt.date(2024, 6, 30), document_only=True)
    whole = bundled_engine.check(HK1, as_of=dt.date(2024, 6, 30))
    left_out = {f.rule_id for f in whole.findings} - {f.rule_id for f in gate.findings}
    assert left_out == {"TX2324-T-BC-TONG-KET", "TX2324-T-BC-DOT-XUAT", "TX2324-T-BC-THEO-YEU-CAU"}


@pytest.mark.parametrize(
    ("rule_id", "kinds", "wanted"),
    [
        ("TX2324-T-BAN-CHI-DAO", set(), True),  # its queries read any document
        ("TX2324-T-BC-TONG-KET", {"BC_SO_KET_HK1"}, False),
        ("TX2324-T-BC-TONG-KET", {"BC_SO_KET_HK1", "BC_TONG_KET_NAM_HOC"}, True),
        ("TX2324-T-BC-DOT-XUAT", {"BC_SO_KET_HK1"}, False),  # incidents from any report, and their report
        ("TX2324-T-BC-DOT-XUAT", {"BC_DOT_XUAT"}, True),
    ],
)
def test_a_rule_is_answerable_when_each_of_its_queries_reads_a_kind_given(
    bundled_engine: Engine, rule_id: str, kinds: set[str], wanted: bool
) -> None:
    assert answerable(bundled_engine.program.rules_by_id[rule_id], frozenset(kinds)) is wanted
