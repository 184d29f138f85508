"""``--param PACK.NAME=VALUE``: typed as a person types it (dd/mm/yyyy dates), and a bad value is
one message naming the parameter and what it takes, never errors blamed on the pack's lines."""

from __future__ import annotations

import json

import pytest

from builders import EXAMPLES
from compliance.cli import main
from compliance.cli.common import param_value, params
from compliance.errors import InputError

NHAN_CHINH = str(EXAMPLES / "thcs-nhan-chinh")
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
