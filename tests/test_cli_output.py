"""Where the command line writes: the format follows ``--out``'s suffix, binary never reaches a
terminal, ANSI codes only reach a terminal, and a failed write is exit 2 with a message."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import termios
import zipfile
from pathlib import Path

import pytest

from builders import EXAMPLES
from compliance.cli import main
from compliance.cli.output import color_wanted, resolve
from compliance.errors import InputError

KIM_GIANG = str(EXAMPLES / "th-kim-giang")
CHECK = ["check", KIM_GIANG, "--as-of", "30/06/2024"]
ESC = "\x1b["


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "compliance", *argv]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM"}}
    return {**env, "TERM": "xterm-256color", **extra}


def on_a_terminal(argv: list[str], *, columns: int = 100, **env: str) -> tuple[int, str, str]:
    """Run ``argv`` with standard output on a pseudo-terminal ``columns`` wide: exit code, what
    the terminal showed, standard error."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen(argv, stdout=follower, stderr=subprocess.PIPE, env=clean_env(**env))
    os.close(follower)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    _, err = proc.communicate(timeout=60)
    return proc.returncode, shown.decode("utf-8", "replace"), err.decode("utf-8")


# ----------------------------------------------------------------------------- the format and the file


def test_out_with_an_xlsx_suffix_writes_xlsx_without_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "kiem-tra.xlsx"
    assert main([*CHECK, "--out", str(target)]) == 1
    assert zipfile.is_zipfile(target)
    assert str(target) in capsys.readouterr().err  # says where it wrote


def test_o_is_an_alias_of_out_and_the_json_suffix_picks_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "ket-qua.json"
    main([*CHECK, "-o", str(target)])
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "compliance-findings"


def test_a_sarif_file_may_be_named_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "results.json"
    main([*CHECK, "--format", "sarif", "--out", str(target)])
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_a_format_that_does_not_suit_the_suffix_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "kiem-tra.xlsx"
    assert main([*CHECK, "--format", "json", "--out", str(target), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "[format-mismatch] --format json does not suit" in err and ".xlsx is for xlsx" in err
    assert not target.exists()


def test_an_unknown_suffix_keeps_the_default_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "ket-qua.out"
    main([*CHECK, "--out", str(target)])
    assert target.read_text(encoding="utf-8").startswith("Đơn vị: Trường Tiểu học Kim Giang")


def test_dash_is_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    main([*CHECK, "--format", "json", "--out", "-"])
    assert json.loads(capsys.readouterr().out)["format"] == "compliance-findings"


def test_a_file_that_cannot_be_written_is_exit_two_and_leaves_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "tep").write_text("", encoding="utf-8")  # a file where a folder should be
    assert main([*CHECK, "--out", str(tmp_path / "tep" / "kq.json")]) == 2
    assert "[cannot-write]" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["tep"]


def test_xlsx_is_never_written_to_a_terminal() -> None:
    code, shown, err = on_a_terminal(command(*CHECK, "--format", "xlsx", "--lang", "en"))
    assert code == 2 and shown == ""
    assert "[binary-to-terminal]" in err and "--out report.xlsx" in err


def test_xlsx_may_go_to_a_pipe() -> None:
    done = subprocess.run(command(*CHECK, "--format", "xlsx"), capture_output=True, check=False)
    assert done.returncode == 1 and done.stdout.startswith(b"PK")


def test_binary_refusal_is_decided_before_any_work() -> None:
    with pytest.raises(InputError) as info:
        resolve("xlsx", None, ["text", "xlsx"], stdout_is_terminal=True, environ={})
    assert info.value.problems[0].code == "binary-to-terminal"


# ----------------------------------------------------------------------------- colour and width


def test_the_terminal_gets_colour() -> None:
    _, shown, _ = on_a_terminal(command(*CHECK))
    assert ESC in shown and "Kim Giang" in shown


def test_no_color_is_honoured_on_a_terminal() -> None:
    _, shown, _ = on_a_terminal(command(*CHECK), NO_COLOR="1")
    assert ESC not in shown and "Kim Giang" in shown


def test_a_file_written_from_a_terminal_has_no_ansi_codes_and_a_stable_width(tmp_path: Path) -> None:
    narrow, wide = tmp_path / "hep.txt", tmp_path / "rong.txt"
    on_a_terminal(command(*CHECK, "--out", str(narrow)), columns=60)
    on_a_terminal(command(*CHECK, "--out", str(wide)), columns=200)
    text = narrow.read_text(encoding="utf-8")
    assert ESC not in text and text == wide.read_text(encoding="utf-8")
    assert max(map(len, text.splitlines())) <= 120


def test_force_color_never_reaches_a_file(tmp_path: Path) -> None:
    target = tmp_path / "kq.txt"
    subprocess.run(
        command(*CHECK, "-o", str(target)), check=False, capture_output=True, env=clean_env(FORCE_COLOR="1")
    )
    assert ESC not in target.read_text(encoding="utf-8")


def test_force_color_colours_a_pipe() -> None:
    forced = subprocess.run(
        command(*CHECK), capture_output=True, text=True, check=False, env=clean_env(FORCE_COLOR="1")
    )
    plain = subprocess.run(command(*CHECK), capture_output=True, text=True, check=False, env=clean_env())
    assert ESC in forced.stdout and ESC not in plain.stdout


@pytest.mark.parametrize(
    ("terminal", "env", "wanted"),
    [
        (True, {}, True),
        (False, {}, False),
        (True, {"NO_COLOR": "1"}, False),
        (False, {"FORCE_COLOR": "1"}, True),
        (True, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        (True, {"TERM": "dumb"}, False),
        (True, {"NO_COLOR": ""}, True),  # an empty NO_COLOR does not count (no-color.org)
    ],
)
def test_colour_follows_no_color_then_force_color_then_the_terminal(
    terminal: bool, env: dict[str, str], wanted: bool
) -> None:
    assert color_wanted(terminal, env) is wanted


# ----------------------------------------------------------------------------- standard output that fails


def test_a_full_disk_on_standard_output_is_exit_two_with_a_message() -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command(*CHECK, "--lang", "en"), stdout=full, stderr=subprocess.PIPE, check=False
        )
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2
    assert "<stdout> [cannot-write] cannot write '<stdout>'" in err
    assert "Traceback" not in err and "Exception ignored" not in err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_out_to_a_device_writes_in_place_and_never_replaces_it(capsys: pytest.CaptureFixture[str]) -> None:
    """`--out /dev/full` (or /dev/stdout, a FIFO) is written in place: a temporary file moved over
    it would replace the device node itself when run as root."""
    code = main([*CHECK, "--format", "json", "--out", "/dev/full"])
    assert code == 2 and "cannot-write" in capsys.readouterr().err
    assert Path("/dev/full").is_char_device()
