"""The project config file (``.compliance.yaml`` or ``[tool.compliance]`` in pyproject.toml):
found like ruff's, checked like any input, and always overridden by the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builders import EXAMPLES, LINT_FIXTURES
from compliance.cli import main
from compliance.config import discover, load
from compliance.errors import InputError

PACK = "thanh-xuan-gdct-cths-2023-2024"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding the Kim Giang school's reports, as a district office keeps them."""
    shutil.copytree(EXAMPLES / "th-kim-giang", tmp_path / "bao-cao" / "th-kim-giang")
    return tmp_path


def kim_giang(project: Path) -> str:
    return str(project / "bao-cao" / "th-kim-giang")


# ----------------------------------------------------------------------------- finding the file


def test_the_file_is_found_in_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / ".compliance.yaml").write_text("lang: en\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert discover(deep) == tmp_path / ".compliance.yaml"


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.compliance]\nlang = "en"\n', encoding="utf-8")
    (tmp_path / "con").mkdir()
    (tmp_path / "con" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert discover(tmp_path / "con") == tmp_path / "pyproject.toml"


def test_the_nearest_folder_wins_and_the_yaml_file_before_pyproject(tmp_path: Path) -> None:
    (tmp_path / ".compliance.yaml").write_text("lang: en\n", encoding="utf-8")
    inner = tmp_path / "con"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[tool.compliance]\nlang = "vi"\n', encoding="utf-8")
    assert discover(inner) == inner / "pyproject.toml"
    (inner / ".compliance.yaml").write_text("lang: en\n", encoding="utf-8")
    assert discover(inner / "bao-cao.yaml") == inner / ".compliance.yaml"


def test_paths_in_the_file_are_relative_to_its_folder(tmp_path: Path) -> None:
    path = tmp_path / ".compliance.yaml"
    path.write_text("rules: goi/\nwaivers: mien-tru.yaml\n", encoding="utf-8")
    config = load(path)
    assert config.rules == (str(tmp_path / "goi"),) and config.waivers == str(tmp_path / "mien-tru.yaml")


# ----------------------------------------------------------------------------- what it sets, and what wins


def test_fail_on_from_the_file_and_the_command_line_over_it(project: Path) -> None:
    (project / ".compliance.yaml").write_text("fail-on: critical\n", encoding="utf-8")
    assert main(["check", kim_giang(project), "--as-of", "30/06/2024"]) == 0  # its failures are high
    assert main(["check", kim_giang(project), "--as-of", "30/06/2024", "--fail-on", "high"]) == 1
    assert main(["check", kim_giang(project), "--as-of", "30/06/2024", "--no-config"]) == 1


def test_lang_from_the_file_then_the_environment_then_the_command_line(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text('[tool.compliance]\nlang = "en"\n', encoding="utf-8")
    argv = ["check", kim_giang(project), "--as-of", "30/06/2024"]
    main(argv)
    assert "Not met" in capsys.readouterr().out
    monkeypatch.setenv("COMPLIANCE_LANG", "vi")
    main(argv)
    assert "Không đạt" in capsys.readouterr().out
    main([*argv, "--lang", "en"])
    assert "Not met" in capsys.readouterr().out


def test_params_from_the_file_with_dd_mm_yyyy_and_param_over_them(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".compliance.yaml").write_text(
        f"params:\n  {PACK}.dau_nam_hoc: 20/10/2023\n  {PACK}.truoc_ngay: exclusive\n", encoding="utf-8"
    )
    argv = ["check", kim_giang(project), "--as-of", "30/06/2024", "--format", "json", "--lang", "en"]

    def messages(*more: str) -> dict[str, str]:
        main([*argv, *more])
        return {f["rule_id"]: f["message"]["en"] for f in json.loads(capsys.readouterr().out)["findings"]}

    from_file = messages()
    assert "to 20/10/2023" in from_file["TX2324-T-BAN-CHI-DAO"]
    assert "to 31/10/2023" in messages("--param", f"{PACK}.dau_nam_hoc=31/10/2023")["TX2324-T-BAN-CHI-DAO"]


def test_an_explicit_config_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = project / "cau-hinh.toml"
    other.write_text('lang = "en"\n', encoding="utf-8")
    main(["check", kim_giang(project), "--as-of", "30/06/2024", "--config", str(other)])
    assert "Not met" in capsys.readouterr().out


def test_lint_and_test_take_the_rules_of_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "goi").mkdir()
    shutil.copy(LINT_FIXTURES / "clean.yaml", tmp_path / "goi" / "sach.yaml")
    (tmp_path / ".compliance.yaml").write_text("rules: [goi]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", "--format", "json"]) == 0


# ----------------------------------------------------------------------------- a wrong file is exit 2


def test_an_unknown_key_names_the_key_and_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".compliance.yaml").write_text("lang: en\nfail_on: high\nluat: rules/\n", encoding="utf-8")
    assert main(["check", kim_giang(project), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert (
        f"{project / '.compliance.yaml'}:3:1 /luat [config-unknown-key] 'luat' is not a compliance setting"
        in err
    )
    assert "settings: rules, params, waivers, fail-on, lang" in err


def test_a_wrong_value_names_what_it_takes(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.compliance]\nfail-on = "rat-cao"\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    (p,) = info.value.problems
    assert p.code == "config-value" and p.pointer == "/tool/compliance/fail-on"
    assert "one of: critical, high, medium, low, info, none" in p.message.en


def test_broken_toml_is_unreadable_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.compliance]\nlang = "en\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load(path)
    assert (
        info.value.problems[0].code == "config-unreadable" and "line 2" in info.value.problems[0].message.en
    )


# ----------------------------------------------------------------------------- a wrong parameter in the file


def test_an_impossible_date_in_the_file_names_the_file_and_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / ".compliance.yaml"
    config.write_text(f"lang: vi\nparams:\n  {PACK}.dau_nam_hoc: 31/02/2023\n", encoding="utf-8")
    assert main(["check", kim_giang(project), "--as-of", "30/06/2024"]) == 2
    err = capsys.readouterr().err
    assert f"{config}:3:" in err and f"/params/{PACK}.dau_nam_hoc [date-impossible]" in err
    assert "Ngày '31/02/2023' không có thật" in err
    assert "--param" not in err and "phải là một ngày" not in err
    assert main(["check", kim_giang(project), "--as-of", "30/06/2024", "--lang", "en"]) == 2
    assert "The date '31/02/2023' does not exist" in capsys.readouterr().err


def test_a_value_the_parameter_does_not_take_is_blamed_on_the_file_not_on_param(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project / ".compliance.yaml"
    config.write_text(
        f"params:\n  {PACK}.truoc_ngay: sometimes\n  {PACK}.dau_nam_hoc: abc\n  {PACK}.khong_co: 1\n",
        encoding="utf-8",
    )
    argv = ["check", kim_giang(project), "--as-of", "30/06/2024", "--format", "json", "--lang", "en"]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "--param" not in captured.err
    problems = {p["code"]: p for p in json.loads(captured.out)["problems"]}  # the rejection document
    assert {code: (p["file"], p["line"]) for code, p in problems.items()} == {
        "config-param-not-a-choice": (str(config), 2),
        "config-param-value-type": (str(config), 3),
        "no-such-parameter": (str(config), 4),
    }
    choice, typed = problems["config-param-not-a-choice"], problems["config-param-value-type"]
    assert choice["message"]["vi"] == (
        f"tham số 'truoc_ngay' ({PACK}.truoc_ngay) trong tệp cấu hình là 'sometimes', "
        "không phải một lựa chọn của tham số này"
    )
    assert choice["fix"]["en"] == "fix the value in the file: use one of: auto, exclusive, inclusive"
    assert typed["message"]["en"].endswith("is 'abc', but it must be a date (dd/mm/yyyy)")
    assert typed["fix"]["vi"] == f"sửa giá trị trong tệp cấu hình, ví dụ {PACK}.dau_nam_hoc: 31/10/2023"


def test_a_parameter_given_on_the_command_line_is_blamed_on_the_command_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".compliance.yaml").write_text(f"params:\n  {PACK}.truoc_ngay: sometimes\n", encoding="utf-8")
    argv = ["check", kim_giang(project), "--as-of", "30/06/2024", "--param", f"{PACK}.truoc_ngay=never"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"--param [param-not-a-choice] --param {PACK}.truoc_ngay=never" in err
    assert ".compliance.yaml" not in err
