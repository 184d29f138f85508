"""``--param PACK.NAME=VALUE``: typed as a person types it (dd/mm/yyyy dates), and a bad value is
one message naming the parameter and what it takes, never errors blamed on the pack's lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builders import EXAMPLES
from compliance.cli import main
from compliance.cli.common import param_value, params
from compliance.errors import InputError

NHAN_CHINH = str(EXAMPLES / "thcs-nhan-chinh")
KIM_GIANG = str(EXAMPLES / "th-kim-giang")
PACK = "thanh-xuan-gdct-cths-2023-2024"


def findings(capsys: pytest.CaptureFixture[str], *param: str) -> dict[str, str]:
    argv = ["check", NHAN_CHINH, "--as-of", "30/06/2024", "--format", "json"]
    main([*argv, *(a for p in param for a in ("--param", p))])
    return {f["rule_id"]: f["message"]["en"] for f in json.loads(capsys.readouterr().out)["findings"]}


def refusal(capsys: pytest.CaptureFixture[str], value: str) -> str:
    assert main(["check", NHAN_CHINH, "--param", value, "--lang", "en"]) == 2
    return capsys.readouterr().err


def test_a_date_parameter_takes_dd_mm_yyyy(capsys: pytest.CaptureFixture[str]) -> None:
    typed = findings(capsys, f"{PACK}.dau_nam_hoc=20/10/2023")
    assert "dated 01/08/2023 to 20/10/2023" in typed["TX2324-T-BAN-CHI-DAO"]
    assert findings(capsys, f"{PACK}.dau_nam_hoc=2023-10-20") == typed


def test_a_value_outside_the_choices_is_one_message_with_the_choices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refusal(capsys, f"{PACK}.truoc_ngay=sometimes")
    assert err.count("[") == 1 and "rules/" not in err
    assert f"--param {PACK}.truoc_ngay=sometimes: not a choice of the parameter 'truoc_ngay'" in err
    assert "use one of: auto, exclusive, inclusive" in err


def test_a_date_parameter_given_text_is_one_message_with_an_example(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refusal(capsys, f"{PACK}.dau_nam_hoc=abc")
    assert err.count("[") == 1 and "[param-value-type]" in err
    assert "must be a date (dd/mm/yyyy)" in err and f"e.g. --param {PACK}.dau_nam_hoc=31/10/2023" in err


def test_a_count_parameter_refuses_a_fraction(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, f"{PACK}.so_lan_kiem_tra=2.5")
    assert "'so_lan_kiem_tra' must be a whole number" in err


def test_a_yes_no_parameter_takes_true_or_false(capsys: pytest.CaptureFixture[str]) -> None:
    assert "use one of: true, false" in refusal(capsys, f"{PACK}.lui_ngay_nghi=yes")
    assert main(["check", NHAN_CHINH, "--as-of", "30/06/2024", "--param", f"{PACK}.lui_ngay_nghi=true"]) == 0


def test_an_impossible_date_is_refused_at_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, f"{PACK}.dau_nam_hoc=31/02/2024")
    assert f"--param {PACK}.dau_nam_hoc [date-impossible]" in err


def test_a_bad_value_does_not_also_say_the_pack_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    assert "no-pack-for-parameter" not in refusal(capsys, f"{PACK}.dau_nam_hoc=abc")
    assert "[no-pack-for-parameter]" in refusal(capsys, "khong-co.dau_nam_hoc=1")


# -- a value of the right type that the pack's rules refuse: named at --param, once, never the pack


def test_a_count_below_zero_is_one_message_at_param_not_at_the_pack_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refusal(capsys, f"{PACK}.so_lan_dien_tap=-1")
    assert err.count("[") == 1 and "[param-value-type]" in err and "rules/" not in err
    assert (
        f"--param {PACK}.so_lan_dien_tap=-1: the parameter 'so_lan_dien_tap' must be a whole number, "
        "0 or more; -1 is below 0" in err
    )
    assert f"e.g. --param {PACK}.so_lan_dien_tap=1" in err


def test_a_window_too_long_is_said_once_for_both_rules_that_use_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refusal(capsys, f"{PACK}.so_ngay_bao_cao_dot_xuat=99999999999999999999")
    assert err.count("[") == 1 and "rules/" not in err and "within_days" not in err
    assert (
        "'so_ngay_bao_cao_dot_xuat' must be a number of days from 0 to 3660 (10 years); "
        "99999999999999999999 days is longer than that" in err
    )


def test_a_parameter_the_pack_does_not_have_is_blamed_on_param(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, f"{PACK}.so_lan_tap_huan=1")
    assert f"--param [no-such-parameter] pack '{PACK}' has no parameter 'so_lan_tap_huan'" in err
    assert "rules/" not in err


def test_a_refused_value_is_echoed_as_typed_not_in_python_spelling(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = refusal(capsys, f"{PACK}.dau_nam_hoc=true")
    assert f"--param {PACK}.dau_nam_hoc=true: the parameter 'dau_nam_hoc' must be a date" in err
    assert "True" not in err


def test_a_date_outside_1900_to_2100_is_refused_for_its_year(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, f"{PACK}.dau_nam_hoc=01/01/1000")
    assert (
        f"--param {PACK}.dau_nam_hoc=01/01/1000: the parameter 'dau_nam_hoc' must be a date in the "
        "years 1900–2100; the year 1000 is outside them" in err
    )


def test_a_due_date_outside_the_school_year_is_one_message_naming_the_parameter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["check", KIM_GIANG, "--as-of", "30/06/2024", "--lang", "vi"]
    assert main([*argv, "--param", f"{PACK}.dau_nam_hoc=01/01/2025"]) == 2
    err = capsys.readouterr().err  # the due date of many rules, and the end of their windows
    assert err.count("[") == 1 and "rules/" not in err
    assert (
        f"--param {PACK}.dau_nam_hoc=01/01/2025: tham số 'dau_nam_hoc' phải là một ngày trong năm học "
        "2023-2024 (01/08/2023–31/07/2024), vì đây là hạn thực hiện của tiêu chí; ngày 01/01/2025 nằm "
        "ngoài năm học" in err
    )
    assert f"Cách sửa: ví dụ --param {PACK}.dau_nam_hoc=31/10/2023" in err


def test_a_config_value_the_rules_refuse_names_the_file_and_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLES / "th-kim-giang", tmp_path / "bao-cao" / "th-kim-giang")
    config = tmp_path / ".compliance.yaml"
    config.write_text(f"params:\n  {PACK}.so_lan_dien_tap: -1\n", encoding="utf-8")
    argv = ["check", str(tmp_path / "bao-cao" / "th-kim-giang"), "--as-of", "30/06/2024", "--lang", "en"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"{config}:2:" in err and "[config-param-value-type]" in err
    assert "--param" not in err and "rules/" not in err
    assert "in the configuration file is '-1', but it must be a whole number, 0 or more; -1 is below 0" in err


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("true", True),
        ("False", False),
        ("3", 3),
        ("010", 10),  # not YAML 1.1's octal 8
        ("1:30", "1:30"),  # not YAML 1.1's sexagesimal 90
        ("2.5", 2.5),
        ("15/10/2023", "2023-10-15"),
        ("5.1.2024", "2024-01-05"),
        ("2024-05-31", "2024-05-31"),
        ("hoac", "hoac"),
    ],
)
def test_values_are_read_as_typed(typed: str, value: object) -> None:
    assert param_value(typed) == value and type(param_value(typed)) is type(value)


@pytest.mark.parametrize("typed", ["khong-co-dau-bang", "khongcocham=1", ".ten=1", "goi.=1"])
def test_a_malformed_param_is_refused(typed: str) -> None:
    with pytest.raises(InputError) as info:
        params([typed])
    assert info.value.problems[0].code == "param-malformed"
