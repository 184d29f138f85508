"""`compliance draft` on the five plans (issue 18 item 2): every draft passes lint with its plan,
and its recall and precision against the hand-written packs in rules/ stay above the figures
measured when it was written (docs/draft.md). Unit tests of the detectors: test_draft_units.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from compliance.cli import main
from compliance.draft import Draft, draft, read_plan
from compliance.draft.measure import Measure, measure
from compliance.draft.writer import render
from compliance.lint import lint
from compliance.loading import load_text
from shared import OBLIGATIONS, SEEDS, shared

ROOT = Path(__file__).resolve().parents[1]
PACKS = {
    yaml.safe_load(p.read_text(encoding="utf-8"))["document"]["seed"]: p
    for p in sorted((ROOT / "rules").glob("*.yaml"))
}
SEED_NAMES = sorted(PACKS)

# (deadline recall, quote recall, deadline precision) lower bounds, a little under the measured
# figures (-, 0.64, -), (1.0, 0.70, 1.0), (1.0, 0.93, 1.0), (-, 1.0, -), (-, 0.38, -);
# None: nothing to count (the plan has no dated deadline).
BOUNDS: dict[str, tuple[float | None, float, float | None]] = {
    "000_995bf96f0df53d61.txt": (None, 0.60, None),
    "001_dd07579e1b9bcf9d.txt": (1.0, 0.65, 1.0),
    "002_ef403fffc9314121.txt": (1.0, 0.88, 1.0),
    "003_cdea7e36821ad118.txt": (None, 1.0, None),
    "004_d81585a789234248.txt": (None, 0.35, None),
}


def _draft(seed: str) -> Draft:
    return draft(read_plan(shared(SEEDS / seed)), seed)


def _stated_dues(seed: str) -> list[dt.date]:
    """Due dates the reference list of obligations (shared/docs/obligations.json) states."""
    found = []
    for row in json.loads(shared(OBLIGATIONS).read_text(encoding="utf-8")):
        when = row["when"]
        if row["seed_file"] == seed and (when.startswith("before") or "intended" in when):
            for m in re.finditer(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", when.split("intended")[-1]):
                found.append(dt.date(int(m[3]), int(m[2]), int(m[1])))
    return found


def _measure(seed: str) -> Measure:
    hand: dict[str, Any] = yaml.safe_load(PACKS[seed].read_text(encoding="utf-8"))
    return measure(_draft(seed), hand, _stated_dues(seed))


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_the_draft_of_each_plan_lints_without_errors_against_the_plan(seed: str) -> None:
    text = render(_draft(seed))
    report = lint([load_text(text, name="draft.yaml", format="yaml")], SEEDS)
    errors = [(f.code, f.message.en) for f in report.findings if f.level == "error"]
    assert errors == []
    assert report.count("warning") >= 1  # at least the rules without examples: a draft is not finished


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_every_drafted_quote_is_verbatim_in_the_plan(seed: str) -> None:
    d = _draft(seed)
    assert d.quotes
    raw = shared(SEEDS / seed).read_text(encoding="utf-8")
    assert all(q in raw for q in d.quotes)


@pytest.mark.parametrize("seed", SEED_NAMES)
def test_recall_and_precision_on_the_plan_stay_above_the_measured_bounds(seed: str) -> None:
    m = _measure(seed)
    deadlines, quotes, precision = BOUNDS[seed]
    if deadlines is None:
        assert m.deadline_recall is None
    else:
        assert m.deadline_recall is not None and m.deadline_recall >= deadlines
    assert m.quote_recall is not None and m.quote_recall >= quotes
    if precision is not None:
        assert m.deadline_precision is not None and m.deadline_precision >= precision


def test_a_weekday_printed_wrong_becomes_a_flagged_correction_in_the_draft_of_the_plan() -> None:
    d = _draft("002_ef403fffc9314121.txt")
    corrected = [r for r in d.rules if r.correction is not None and "(thứ Tư)" in r.correction.printed]
    assert [(r.due, r.correction.printed) for r in corrected if r.correction] == [
        (dt.date(2024, 1, 3), "ngày 03/01/2023 (thứ Tư)")
    ]
    assert "TODO" in corrected[0].correction.reason.vi  # type: ignore[union-attr]


def test_the_related_article_title_in_a_press_report_is_not_drafted_as_a_rule() -> None:
    d = _draft("003_cdea7e36821ad118.txt")
    trap = "Không được ép buộc học sinh phải mua tài liệu tham khảo"
    assert trap not in [r.clause.text for r in d.rules]
    assert trap in [n.clause.text for n in d.not_encoded]


def test_the_plans_undated_duty_to_report_difficulties_goes_to_not_encoded() -> None:
    # the closing paragraph of 002 (not a list item): dropped before, a report duty with no due date
    d = _draft("002_ef403fffc9314121.txt")
    quote = "Trong quá trình thực hiện nếu có khó khăn, vướng mắc cần báo cáo với lãnh đạo phòng GDĐT để kịp thời giải quyết"
    (entry,) = [n for n in d.not_encoded if n.clause.text == quote]
    assert "không nêu hạn" in entry.reason.vi and "no due date" in entry.reason.en


def test_drafting_the_same_plan_twice_writes_the_same_bytes() -> None:
    seed = "002_ef403fffc9314121.txt"
    assert render(_draft(seed)) == render(_draft(seed))


# ----------------------------------------------------------------------------- the command


def test_the_command_writes_a_draft_that_lint_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed = shared(SEEDS / "001_dd07579e1b9bcf9d.txt")
    out = tmp_path / "draft.yaml"
    assert main(["draft", str(seed), "--school-year", "2020-2021", "--out", str(out)]) == 0
    capsys.readouterr()
    assert (
        main(["lint", str(out), "--sources", str(SEEDS), "--format", "json"]) == 1
    )  # warnings: no tests yet
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f for f in findings if f["level"] == "error"] == []


def test_the_command_writes_to_standard_output_without_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", str(shared(SEEDS / "004_d81585a789234248.txt"))]) == 0
    data = yaml.safe_load(capsys.readouterr().out)
    assert data["document"]["seed"] == "004_d81585a789234248.txt" and data["rules"]


def test_a_docx_plan_is_read_and_its_text_saved_for_lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in (
        "KẾ HOẠCH",
        "Công tác an toàn trường học năm học 2024-2025",
        "II. Đối với các nhà trường",
        "- Thành lập Tổ an toàn trường học, phân công nhiệm vụ cụ thể cho từng thành viên;",
        "- Gửi báo cáo sơ kết học kỳ I về Phòng GDĐT trước ngày 10/01/2025 (thứ Sáu).",
    ):
        document.add_paragraph(line)
    plan = tmp_path / "ke-hoach.docx"
    document.save(str(plan))
    out, text = tmp_path / "draft.yaml", tmp_path / "ke-hoach.txt"
    assert main(["draft", str(plan), "--out", str(out), "--text", str(text)]) == 0
    capsys.readouterr()
    pack = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert pack["document"]["seed"] == "ke-hoach.txt"
    assert [r["check"]["deadline"]["due"] for r in pack["rules"] if "deadline" in r["check"]] == [
        dt.date(2025, 1, 10)
    ]
    report = lint([load_text(out.read_text(encoding="utf-8"), name="draft.yaml", format="yaml")], tmp_path)
    assert [f.code for f in report.findings if f.level == "error"] == []


def test_a_plan_in_another_format_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "ke-hoach.pdf"
    plan.write_bytes(b"%PDF-1.4")
    assert main(["draft", str(plan)]) == 2
    assert "draft-file-type" in capsys.readouterr().err


def test_a_plan_that_is_not_utf8_is_refused_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "ke-hoach.txt"
    plan.write_bytes("Báo cáo trước ngày 15/01/2024".encode("utf-16"))  # a Windows "Unicode" save
    assert main(["draft", str(plan)]) == 2
    assert "draft-unreadable" in capsys.readouterr().err


def test_a_broken_docx_is_refused_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("docx")
    plan = tmp_path / "ke-hoach.docx"
    plan.write_bytes(b"not a zip")
    assert main(["draft", str(plan)]) == 2
    assert "draft-unreadable" in capsys.readouterr().err


def test_a_school_year_that_is_not_two_consecutive_years_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["draft", "ke-hoach.txt", "--school-year", "2023-2025"]) == 2
    assert "draft-school-year" in capsys.readouterr().err


def test_a_plan_whose_only_duty_is_set_aside_says_why_rather_than_nothing_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nĐống Đa, ngày 10 tháng 9 năm 2023\nKẾ HOẠCH\n"
        "Thực hiện nhiệm vụ năm học 2023-2024\nI. Đối với các nhà trường\n"
        "1. Các trường gửi báo cáo sơ kết học kỳ I về Phòng trước ngày 31/02/2024.\n",
        encoding="utf-8",
    )
    assert main(["draft", str(plan), "--lang", "vi"]) == 2
    err = capsys.readouterr().err
    assert (
        "draft-only-set-aside" in err
        and "31/02/2024 không có thật" in err
        and "draft-nothing-found" not in err
    )


def test_a_text_with_no_obligation_is_an_error_not_an_empty_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "tin-tuc.txt"
    plan.write_text(
        "Ngày 05/9/2023, các trường trên địa bàn huyện đã long trọng khai giảng năm học 2023-2024.\n",
        encoding="utf-8",
    )
    assert main(["draft", str(plan)]) == 2
    assert "draft-nothing-found" in capsys.readouterr().err


def test_an_eth_look_alike_in_a_text_plan_is_read_as_d_and_the_command_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "Kế hoạch năm học 2023-2024\n- Nghiêm cấm \u00d0oàn viên hút thuốc trong trường.\n", encoding="utf-8"
    )
    assert main(["draft", str(plan), "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert "Đoàn viên" in out and "--text" in err
