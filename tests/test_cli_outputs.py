"""What ``check`` and ``audit`` leave behind when writing goes wrong: an ``--out`` that cannot be
written after the rules were checked keeps the files written before it (never a rejection
document over them) and is said once; a closed pipe ends quietly with the verdict's exit code
(never 0 for a failure); an ``--out`` that names no file is refused before any work. Each runs the
command in a process of its own, as a CI job or a portal runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from builders import EXAMPLES, ROSTER

KIM_GIANG = str(EXAMPLES / "th-kim-giang")
CHECK = ["check", KIM_GIANG, "--as-of", "30/06/2024"]  # Kim Giang sent a report late: exit 1
AUDIT = ["audit", str(EXAMPLES), "--roster", str(ROSTER), "--as-of", "30/06/2024", "--jobs", "1"]
ENV = {k: v for k, v in os.environ.items() if k not in {"COMPLIANCE_LANG", "COMPLIANCE_DEBUG"}}


def compliance(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compliance", *argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=ENV,
    )


def closed_early(*argv: str, read: int = 0) -> tuple[int, str]:
    """Run the command with standard output a pipe whose reader reads ``read`` bytes and then
    closes it (``| true``: none; ``| head -c 10``: ten): exit code and standard error."""
    process = subprocess.Popen(
        [sys.executable, "-m", "compliance", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    if read:
        assert len(process.stdout.read(read)) == read
    process.stdout.close()  # the only reader: from now on every write to the pipe fails
    err = process.stderr.read().decode("utf-8")
    return process.wait(timeout=120), err


def unwritable(tmp_path: Path, name: str) -> Path:
    """A path that cannot be written: inside a file, where a folder should be."""
    blocker = tmp_path / "khong-phai-thu-muc"
    blocker.write_text("", encoding="utf-8")
    return blocker / name


# ----------------------------------------------------------------------------- an --out that cannot be written


@pytest.mark.parametrize("argv", [CHECK, AUDIT], ids=["check", "audit"])
def test_an_out_that_cannot_be_written_keeps_the_files_written_before_it(
    tmp_path: Path, argv: list[str]
) -> None:
    data, page, sarif = tmp_path / "a.json", tmp_path / "b.html", unwritable(tmp_path, "c.sarif")
    done = compliance(*argv, "-o", str(data), "-o", str(page), "-o", str(sarif), "--lang", "en")
    assert done.returncode == 2
    written = json.loads(data.read_text(encoding="utf-8"))
    assert written["findings"] and written["problems"] == []  # the findings, not a rejection
    assert not any("rejected" in note["en"] for note in written["notes"])
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert done.stderr.count("[cannot-write]") == 1 and str(sarif) in done.stderr
    assert "no rule was checked" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_cannot_write_also_when_the_writer_wraps_the_error() -> None:
    with open("/dev/full", "wb") as full:  # compliance check … --format xlsx > /dev/full
        done = subprocess.run(
            [sys.executable, "-m", "compliance", *CHECK, "--format", "xlsx", "--lang", "en"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            env=ENV,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("<stdout> [cannot-write] cannot write '<stdout>'")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_a_single_out_that_cannot_be_written_is_said_once(tmp_path: Path) -> None:
    target = unwritable(tmp_path, "x.json")
    done = compliance(*CHECK, "-o", str(target))
    assert done.returncode == 2
    assert done.stderr.count(f"{target} [cannot-write] không ghi được '{target}'") == 1


def test_a_rejected_input_still_gets_its_document_and_an_unwritable_out_is_said_once(tmp_path: Path) -> None:
    bad = tmp_path / "bao-cao.yaml"
    bad.write_text("kind: BC_SO_KET_HK1\nschool_year: 2023\n", encoding="utf-8")
    data, sarif = tmp_path / "kq.json", unwritable(tmp_path, "kq.sarif")
    done = compliance("check", str(bad), "-o", str(data), "-o", str(sarif), "--lang", "en")
    assert done.returncode == 2
    rejection = json.loads(data.read_text(encoding="utf-8"))
    assert rejection["findings"] == [] and rejection["problems"]
    assert any("no rule was checked" in note["en"] for note in rejection["notes"])
    assert done.stderr.count("[cannot-write]") == 1


# ----------------------------------------------------------------------------- a closed pipe


@pytest.mark.parametrize(("fail_on", "verdict"), [("info", 1), ("none", 0)])
def test_a_pipe_closed_before_anything_is_written_keeps_the_verdict(fail_on: str, verdict: int) -> None:
    code, err = closed_early(*CHECK, "--fail-on", fail_on)  # compliance check … | true
    assert (code, err) == (verdict, "")


@pytest.mark.parametrize("fmt", ["json", "xlsx"])  # xlsxwriter wraps the broken pipe in its own error
def test_a_pipe_closed_in_the_middle_keeps_the_verdict(fmt: str) -> None:
    # compliance audit … | head -c 10: the district's report is larger than a pipe's buffer
    code, err = closed_early(*AUDIT, "--format", fmt, read=10)
    assert (code, err) == (1, "")


def test_a_closed_pipe_does_not_stop_the_other_files(tmp_path: Path) -> None:
    data = tmp_path / "kq.json"
    code, err = closed_early(*CHECK, "-o", "-", "-o", str(data))
    assert code == 1
    assert json.loads(data.read_text(encoding="utf-8"))["findings"]
    assert "Traceback" not in err and str(data) in err  # only the line saying where it went


def test_a_pipe_closed_before_the_exit_code_is_known_is_141() -> None:
    assert closed_early("schema", "findings") == (141, "")


@pytest.mark.parametrize(("rejected", "verdict"), [(True, 2), (False, 1)], ids=["rejected", "checked"])
def test_a_closed_standard_error_keeps_the_exit_code(tmp_path: Path, rejected: bool, verdict: int) -> None:
    # compliance check … 2>&1 | true: the message (or the line saying where the file went) has no reader
    data = tmp_path / "kq.json"
    argv = ["check", str(tmp_path / "khong-co")] if rejected else [*CHECK, "-o", str(data)]
    process = subprocess.Popen(
        [sys.executable, "-m", "compliance", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stderr is not None
    process.stderr.close()
    assert process.wait(timeout=120) == verdict
    assert rejected or json.loads(data.read_text(encoding="utf-8"))["findings"]


# ----------------------------------------------------------------------------- an --out that names no file


@pytest.mark.parametrize(
    ("out", "code"), [("", "out-no-name"), (".", "out-is-a-folder"), ("/", "out-is-a-folder")]
)
def test_an_out_that_names_no_file_is_refused_with_the_fix(tmp_path: Path, out: str, code: str) -> None:
    done = compliance(*CHECK, "-o", out, cwd=tmp_path)
    assert done.returncode == 2
    assert f"--out [{code}] --out '{out}'" in done.stderr
    assert "Cách sửa: " in done.stderr and "ket-qua.txt" in done.stderr
    assert "Lỗi nội bộ" not in done.stderr
    english = compliance(*CHECK, "-o", out, "--lang", "en", cwd=tmp_path)
    assert english.returncode == 2 and "Fix: " in english.stderr and "report.txt" in english.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_out_ending_with_a_slash_is_a_folder_and_no_file_is_written(tmp_path: Path) -> None:
    done = compliance(*CHECK, "-o", "newdir/", "--format", "json", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 2
    assert "--out [out-is-a-folder] --out 'newdir/' names a folder, not a file" in done.stderr
    assert "--out takes a file name: give the file's name too, e.g. --out newdir/report.json" in done.stderr
    assert list(tmp_path.iterdir()) == []
