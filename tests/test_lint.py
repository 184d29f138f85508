"""`compliance lint`: one failing pack per check, the shipped packs clean, SARIF that validates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from builders import PACK_HEAD, ROOT, rule
from compliance.cli import main

SHARED = ROOT.parent / "shared"
SEED = "kh_thu.txt"
SEED_TEXT = (
    "KẾ HOẠCH thử\n"
    "- Chế độ báo cáo: Báo cáo tổng kết năm học trước ngày 24/5/2024 (thứ Sáu).\n"
    "- Đăng ký tổ chức mô hình điểm về tổ chức thực hiện nhiệm vụ.\n"
)
MISPRINT = "- Báo cáo sơ kết học kỳ I trước ngày 03/01/2023 (thứ Tư).\n"
DEADLINE_QUOTE = "Báo cáo tổng kết năm học trước ngày 24/5/2024 (thứ Sáu)"


def deadline_rule(due: str = "2024-05-24", quote: str = DEADLINE_QUOTE, **extra: Any) -> dict[str, Any]:
    check = {"deadline": {"report": {"documents": ["BC_TONG_KET_NAM_HOC"]}, "due": due, **extra}}
    made = rule(check, rule_id="TK-1")
    made["source"] = {"document": SEED, "section": "C.II", "quote": quote}
    return made


def write_pack(folder: Path, *rules: dict[str, Any], name: str = "goi.yaml", **head: Any) -> Path:
    data = {**PACK_HEAD, **head, "rules": list(rules)}
    data["document"] = {**PACK_HEAD["document"], "seed": SEED, **head.get("document", {})}
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / SEED).write_text(SEED_TEXT, encoding="utf-8")
    return folder


@pytest.fixture
def misprinted_sources(sources: Path) -> Path:
    (sources / SEED).write_text(SEED_TEXT + MISPRINT, encoding="utf-8")
    return sources


def lint_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["lint", *args, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def codes(findings: list[dict[str, Any]], level: str | None = None) -> set[str]:
    return {f["code"] for f in findings if level is None or f["level"] == level}


def test_clean_pack_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path, sources: Path) -> None:
    pack = write_pack(tmp_path, deadline_rule())
    code, findings = lint_json(capsys, str(pack), "--sources", str(sources))
    assert code == 0 and findings == []


def test_rule_language_error_is_reported_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = deadline_rule()
    broken["severity"] = "very-high"
    code, findings = lint_json(capsys, str(write_pack(tmp_path, broken)))
    assert code == 1 and codes(findings) == {"invalid"} and findings[0]["line"]


def test_unknown_field_path_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    typo = rule({"required": {"select": {"collection": "committees", "where": {"field": "knd", "eq": "X"}}}})
    code, findings = lint_json(capsys, str(write_pack(tmp_path, typo)))
    assert code == 1 and codes(findings) == {"unknown-field"}
    assert findings[0]["rule_id"] == "R-1" and findings[0]["line"]


def test_duplicate_rule_ids_across_packs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    first = write_pack(tmp_path, deadline_rule(), name="a.yaml")
    second = write_pack(tmp_path, deadline_rule(), name="b.yaml", pack="goi-khac")
    code, findings = lint_json(capsys, str(first), str(second))
    assert code == 1 and codes(findings) == {"duplicate-id"} and "a.yaml" in findings[0]["message"]["en"]


def test_quote_that_is_not_verbatim(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, sources: Path
) -> None:
    pack = write_pack(
        tmp_path, deadline_rule(quote="Báo cáo tổng kết năm học trước ngày 24/05/2024 (thứ Sáu)")
    )
    code, findings = lint_json(capsys, str(pack), "--sources", str(sources))
    assert code == 1 and "quote-not-in-source" in codes(findings)


def test_missing_source_document(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, findings = lint_json(capsys, str(write_pack(tmp_path, deadline_rule())), "--sources", str(empty))
    assert code == 1 and codes(findings) == {"source-missing"}


def test_wrong_weekday_in_a_quote_without_correction(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, misprinted_sources: Path
) -> None:
    quote = "Báo cáo sơ kết học kỳ I trước ngày 03/01/2023 (thứ Tư)"
    pack = write_pack(tmp_path, deadline_rule(due="2023-01-03", quote=quote))
    code, findings = lint_json(capsys, str(pack), "--sources", str(misprinted_sources))
    assert code == 1
    assert {f["file"].endswith(".yaml") for f in findings if f["code"] == "weekday-mismatch"} == {True, False}


def test_recorded_correction_turns_the_weekday_error_into_a_note(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, misprinted_sources: Path
) -> None:
    quote = "Báo cáo sơ kết học kỳ I trước ngày 03/01/2023 (thứ Tư)"
    correction = {"printed": "03/01/2023 (thứ Tư)", "reason": {"vi": "Năm in sai.", "en": "Misprinted year."}}
    pack = write_pack(tmp_path, deadline_rule(due="2024-01-03", quote=quote, correction=correction))
    code, findings = lint_json(capsys, str(pack), "--sources", str(misprinted_sources))
    assert (
        code == 0
        and codes(findings) == {"weekday-mismatch"}
        and codes(findings, "info") == {"weekday-mismatch"}
    )


def test_due_date_unlike_the_quoted_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, findings = lint_json(capsys, str(write_pack(tmp_path, deadline_rule(due="2024-05-31"))))
    assert code == 1 and codes(findings) == {"due-differs"}


def test_deadline_outside_the_school_year(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    made = deadline_rule(due="2024-09-15", quote="Đăng ký tổ chức mô hình điểm")
    code, findings = lint_json(capsys, str(write_pack(tmp_path, made)))
    assert code == 1 and codes(findings) == {"due-outside-year"}


def test_deadline_before_the_plan_was_issued(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    made = deadline_rule(due="2023-09-01", quote="Đăng ký tổ chức mô hình điểm")
    code, findings = lint_json(capsys, str(write_pack(tmp_path, made)))
    assert code == 1 and codes(findings) == {"due-before-issue"}


def test_levels_no_unit_type_can_have(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    made = deadline_rule(quote="Đăng ký tổ chức mô hình điểm", due="2024-05-24")
    made["applies_to"] = {"unit_types": ["PHONG_GDDT"], "levels": ["MN"]}
    code, findings = lint_json(capsys, str(write_pack(tmp_path, made)))
    assert code == 1 and "applies-to-no-unit" in codes(findings)


def test_effective_window_ending_before_the_plan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    made = deadline_rule(quote="Đăng ký tổ chức mô hình điểm")
    made["applies_to"] = {"unit_types": ["TRUONG"], "effective": {"to": "2022-12-31"}}
    code, findings = lint_json(capsys, str(write_pack(tmp_path, made)))
    assert code == 1 and codes(findings) == {"applies-to-no-unit"}


def test_unreadable_pack_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "hong.yaml"
    bad.write_text("pack: [\n", encoding="utf-8")
    assert main(["lint", str(bad)]) == 2


def test_sarif_output_validates_against_the_official_schema(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    schema_path = SHARED / "vendor" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("shared/vendor/sarif-schema-2.1.0.json is not beside the project")
    main(["lint", str(write_pack(tmp_path, deadline_rule(due="2024-05-31"))), "--format", "sarif"])
    sarif = json.loads(capsys.readouterr().out)
    jsonschema.Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8"))).validate(sarif)
    assert sarif["runs"][0]["results"][0]["ruleId"] == "due-differs"


def test_shipped_packs_are_clean_against_the_plans(capsys: pytest.CaptureFixture[str]) -> None:
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds is not beside the project")
    code, findings = lint_json(capsys, "--sources", str(seeds))
    assert code == 0, findings
    # the misprinted "03/01/2023 (thứ Tư)" is caught on the raw plan and acknowledged by the rule that corrects it
    assert {(f["code"], f["level"]) for f in findings} == {("weekday-mismatch", "info")}
