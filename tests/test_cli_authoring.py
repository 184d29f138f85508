"""Rule authors in a checkout: ``lint`` and ``test`` take ``rules/`` of the working directory when
it holds packs (not the installed copy), and lint names the key that is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders import DRILL_HELD, DRILL_NONE, LINT_FIXTURES, RULES, drill_pack
from compliance.cli import main


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A rule repository checked out, the working directory."""
    (tmp_path / "rules").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_lint_in_a_checkout_lints_its_rules_folder(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (RULES / "003-ha-noi-phoi-hop-cong-doan-2020-2021.yaml").read_text(encoding="utf-8")
    (checkout / "rules" / "cong-doan.yaml").write_text(
        text.replace("\n    title:", "\n    titel:", 1), encoding="utf-8"
    )
    assert main(["lint", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "rules/cong-doan.yaml:" in out and "1 pack(s)" in out
    assert "unknown key 'titel' (a typo?)" in out and "the required field 'title' is missing" in out


def test_test_in_a_checkout_runs_its_rules_folder(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drill_pack(checkout / "rules", DRILL_HELD, DRILL_NONE)
    assert main(["test", "--lang", "en"]) == 0
    assert (
        capsys.readouterr().out == "Total: 2 case(s) — 2 passed, 0 failed\n"
    )  # not the bundled packs' cases


def test_without_packs_in_the_folder_the_bundled_packs_are_linted(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (checkout / "rules" / "ghi-chu.txt").write_text("không phải bộ tiêu chí\n", encoding="utf-8")
    assert main(["lint", "--lang", "en"]) == 0
    assert "5 pack(s)" in capsys.readouterr().out


def test_packs_named_on_the_command_line_win(checkout: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(LINT_FIXTURES / "unknown_field.yaml", checkout / "rules" / "sai.yaml")
    assert main(["lint", str(LINT_FIXTURES / "clean.yaml"), "--lang", "en"]) == 0
    assert "1 pack(s)" in capsys.readouterr().out
