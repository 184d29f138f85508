"""The `compliance` command: exit codes, messages people can act on, output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from builders import EXAMPLES
from compliance.cli import main
from compliance.resources import schema

NHAN_CHINH = str(EXAMPLES / "thcs-nhan-chinh")
KIM_GIANG = str(EXAMPLES / "th-kim-giang")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_compliant_portfolio_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", NHAN_CHINH, "--as-of", "30/06/2024")
    assert code == 0
    assert "Trường THCS Nhân Chính" in out and "Đạt" in out


def test_failing_portfolio_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", KIM_GIANG, "--as-of", "30/06/2024")
    assert code == 1
    assert "Không đạt" in out and "muộn 2 ngày" in out  # 05/01 against "03/01 (thứ Tư)", D included


def test_fail_on_ignores_failures_below_the_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    hoa_sen = str(EXAMPLES / "mn-hoa-sen")
    assert run(capsys, "check", hoa_sen, "--as-of", "30/06/2024", "--fail-on", "critical")[0] == 1
    assert run(capsys, "check", KIM_GIANG, "--as-of", "30/06/2024", "--fail-on", "critical")[0] == 0
    assert run(capsys, "check", KIM_GIANG, "--as-of", "30/06/2024", "--fail-on", "none")[0] == 0


def test_english_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", KIM_GIANG, "--as-of", "2024-06-30", "--lang", "en")
    assert code == 1 and "Not met" in out and "2 day(s) late" in out


def test_json_output_validates_against_the_findings_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLES), "--as-of", "30/06/2024", "--format", "json")
    document = json.loads(out)
    jsonschema.Draft202012Validator(schema("findings")).validate(document)
    assert code == 1 and document["summary"]["units"] == 4


def test_output_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "ket-qua" / "findings.json"
    run(capsys, "check", NHAN_CHINH, "--as-of", "30/06/2024", "--format", "json", "--out", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "compliance-findings"


def test_invalid_report_exits_two_naming_file_line_and_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bao-cao.yaml"
    bad.write_text(
        'kind: BC_SO_KET_HK1\nschool_year: "2023-2024"\nreceived_at: 2024-01-02\n'
        "submitter: {unit_id: X, unit_type: TRUONG}\ncommittees:\n  - kind: TO_QL_CSVC\n    establised_on: 2023-09-25\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "check", str(bad))
    assert code == 2 and out == ""
    assert f"{bad}:7:5" in err and "establised_on" in err and "Cách sửa" in err


def test_python_tag_in_a_report_is_refused_and_never_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    bad = tmp_path / "bao-cao.yaml"
    bad.write_text(f'kind: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    code, _, err = run(capsys, "check", str(bad))
    assert code == 2 and "python/object/apply" in err and not marker.exists()


def test_missing_file_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "khong-co.yaml"))
    assert code == 2 and "khong-co.yaml" in err


def test_impossible_as_of_date_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", NHAN_CHINH, "--as-of", "31/02/2024")
    assert code == 2 and "31/02/2024" in err


def test_invalid_rule_pack_exits_two_with_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = tmp_path / "goi.yaml"
    text = (
        Path(__file__).resolve().parents[1] / "rules" / "002-thanh-xuan-gdct-cths-2023-2024.yaml"
    ).read_text(encoding="utf-8")
    pack.write_text(
        text.replace("field: kind, eq: TO_QL_CSVC", "field: knd, eq: TO_QL_CSVC"), encoding="utf-8"
    )
    code, _, err = run(capsys, "check", NHAN_CHINH, "--rules", str(pack))
    assert code == 2 and "knd" in err and f"{pack}:" in err


def test_rules_path_that_does_not_exist_exits_two_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "luat-khong-co"
    code, _, err = run(capsys, "check", NHAN_CHINH, "--rules", str(missing), "--lang", "en")
    assert code == 2 and f"{missing} [no-such-pack-path] no such rule pack file or folder" in err


def test_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build = __import__("compliance.cli", fromlist=["build_parser"]).build_parser()
        build.parse_args(["check", "--help"])
    out = capsys.readouterr().out
    for option in ("--rules", "--as-of", "--format", "--fail-on", "--lang", "--engine", "--param", "--out"):
        assert option in out


def test_schema_command_prints_the_report_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "report")
    assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema")


def test_the_installed_command_never_shows_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "hong.json"
    broken.write_bytes(b'{"kind": "BC_SO_KET_HK1",, }')
    proc = subprocess.run(
        [sys.executable, "-m", "compliance", "check", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "hong.json:1:" in proc.stderr


def test_the_quick_start_says_what_installing_needs_before_its_two_commands() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert quick.count("```bash") == 2
    assert quick.index("gcc") < quick.index("```bash") and "build-essential python3-dev" in quick
