"""``compliance completion bash|zsh|fish``: scripts written from the parser, so every command,
option and choice is there; bash's is exercised for real (bash is on every machine we run on)."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import pytest

from compliance.cli import build_parser, main
from compliance.cli.completion_cmd import commands


def script(capsys: pytest.CaptureFixture[str], shell: str) -> str:
    assert main(["completion", shell]) == 0
    return capsys.readouterr().out


@pytest.fixture
def bash_script(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    path = tmp_path / "compliance.bash"
    path.write_text(script(capsys, "bash"), encoding="utf-8")
    return path


def complete(bash_script: Path, line: str, cwd: Path | None = None) -> list[str]:
    """What bash offers for ``line`` (the word being completed is its last, maybe empty)."""
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    program = (
        f"source {shlex.quote(str(bash_script))}\n"
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        '_compliance\nprintf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", program], capture_output=True, text=True, check=True, cwd=cwd)
    return [w for w in done.stdout.splitlines() if w]


def test_bash_completes_commands(bash_script: Path) -> None:
    assert complete(bash_script, "compliance c") == ["check", "convert", "calendar", "completion"]


def test_bash_completes_a_commands_options(bash_script: Path) -> None:
    assert complete(bash_script, "compliance check --fo") == ["--format"]


def test_bash_completes_choices(bash_script: Path) -> None:
    assert complete(bash_script, "compliance audit --format ") == [
        "text",
        "json",
        "html",
        "xlsx",
        "csv",
        "sarif",
        "sarif-all",
        "junit",
        "junit-ant",
    ]
    assert complete(bash_script, "compliance schema ") == [
        "report",
        "findings",
        "rule-pack",
        "diff",
        "waivers",
    ]


def test_bash_completes_paths_and_nothing_for_a_date(bash_script: Path, tmp_path: Path) -> None:
    (tmp_path / "bao-cao-hk1.yaml").write_text("", encoding="utf-8")
    assert complete(bash_script, "compliance check bao", cwd=tmp_path) == ["bao-cao-hk1.yaml"]
    assert complete(bash_script, "compliance check --as-of ", cwd=tmp_path) == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_every_command_and_option_is_in_each_script(capsys: pytest.CaptureFixture[str], shell: str) -> None:
    text = script(capsys, shell)
    for command in commands(build_parser(), "vi"):
        assert command.name in text
        for option in command.options:
            long = max(option.flags, key=len)
            assert (f"-l {long[2:]}" if shell == "fish" else long) in text, (command.name, long)


def test_zsh_offers_choices_and_files(capsys: pytest.CaptureFixture[str]) -> None:
    text = script(capsys, "zsh")
    assert text.startswith("#compdef compliance\n")
    assert (
        "'--format[định dạng kết quả]:VALUE:(text json html xlsx csv sarif sarif-all junit junit-ant)'"
        in text
    )
    assert "'*:PATH:_files'" in text and "'*:NAME:(report findings rule-pack diff waivers)'" in text


def test_fish_offers_choices_and_files(capsys: pytest.CaptureFixture[str]) -> None:
    text = script(capsys, "fish")
    assert "-n '__fish_seen_subcommand_from audit' -l roster -r -F" in text
    assert "-n '__fish_seen_subcommand_from schema' -a 'report findings rule-pack diff waivers'" in text


def test_descriptions_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["completion", "fish", "--lang", "en"]) == 0
    assert "-a check -d 'check reports'" in capsys.readouterr().out
