"""argparse's own words in Vietnamese: usage errors follow --lang, $COMPLIANCE_LANG and the config
file (Vietnamese first), headings and -h are bilingual, a misspelt choice gets "có phải …?"."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.cli import main
from compliance.cli._argparse_vi import translate


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    return err


@pytest.fixture(autouse=True)
def no_language_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COMPLIANCE_LANG", raising=False)
    monkeypatch.chdir(tmp_path)  # no config file above


def test_a_missing_argument_is_said_in_vietnamese_with_where_to_look(
    capsys: pytest.CaptureFixture[str],
) -> None:
    err = usage_error(capsys, "check")
    assert "compliance check: lỗi: thiếu tham số bắt buộc: PATH" in err
    assert err.startswith("cách dùng / usage: compliance check") and "Xem: compliance check --help" in err


def test_lang_en_keeps_argparse_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "check", "--lang", "en")
    assert "compliance check: error: the following arguments are required: PATH" in err


def test_the_environment_sets_the_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPLIANCE_LANG", "en")
    assert "error: unrecognized arguments: --khong-co" in usage_error(
        capsys, "schema", "report", "--khong-co"
    )


def test_the_config_file_sets_the_language(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / ".compliance.yaml").write_text("lang: en\n", encoding="utf-8")
    assert "error: the following arguments are required: PATH" in usage_error(capsys, "audit")


def test_a_misspelt_command_gets_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "chek", "bao-cao/")
    assert "lỗi: tham số COMMAND: lựa chọn không hợp lệ: 'chek'" in err and "có phải 'check'?" in err


def test_a_value_of_the_wrong_type_is_said_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "audit", "bao-cao/", "--jobs", "hai")
    assert "tham số --jobs: giá trị không hợp lệ: 'hai' (cần một số nguyên)" in err


def test_an_option_without_its_value(capsys: pytest.CaptureFixture[str]) -> None:
    assert "tham số --as-of: cần một giá trị" in usage_error(capsys, "check", "bao-cao/", "--as-of")


def test_help_headings_are_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("cách dùng / usage: compliance check")
    assert "tham số / arguments:" in out and "tùy chọn / options:" in out
    assert "hiện trợ giúp này rồi thoát / show this help and exit" in out


def test_a_message_argparse_words_differently_stays_as_it_is() -> None:
    assert translate("something argparse may say one day") == "something argparse may say one day"
