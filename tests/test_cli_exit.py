"""How the ``compliance`` command ends (``compliance.cli.run``): without the interpreter's
teardown, but only once what exiting must do is done. Each test runs the command in a fresh
interpreter whose standard output is a pipe (block-buffered, as a portal reads it)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from builders import EXAMPLES
from compliance.cli import main

KIM_GIANG = str(EXAMPLES / "th-kim-giang")
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # as a portal starts it


def command(program: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False, env=BUFFERED
    )


def test_the_exit_code_and_the_whole_report_reach_the_caller_through_a_pipe() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compliance", "check", KIM_GIANG, "--as-of", "30/06/2024", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env=BUFFERED,
    )
    assert done.returncode == 1  # Kim Giang sent a report late
    report = json.loads(done.stdout)
    assert len(report["findings"]) == report["summary"]["findings"] > 0


def test_the_handlers_registered_to_run_at_exit_run_and_what_they_print_is_kept() -> None:
    done = command(
        "import atexit, sys\n"
        "atexit.register(print, 'đã dọn dẹp / cleaned up')\n"
        f"sys.argv = ['compliance', 'check', {KIM_GIANG!r}, '--as-of', '30/06/2024']\n"
        "from compliance.cli import run\n"
        "run()\n"
    )
    assert done.returncode == 1
    assert done.stdout.rstrip().endswith("đã dọn dẹp / cleaned up")


def test_a_thread_still_running_finishes_before_the_process_ends(tmp_path: Path) -> None:
    """An embedding program's thread: the exit is Python's own, which waits for it."""
    mark = tmp_path / "done.txt"
    done = command(
        "import sys, threading, time\n"
        f"def late(): time.sleep(0.3); open({str(mark)!r}, 'w').write('xong')\n"
        "threading.Thread(target=late).start()\n"
        "sys.argv = ['compliance', '--version']\n"
        "from compliance.cli import run\n"
        "run()\n"
    )
    assert done.returncode == 0 and done.stdout.startswith("compliance ")
    assert mark.read_text() == "xong"


def test_the_audit_command_moves_what_lives_as_long_as_it_out_of_the_collectors_sight(tmp_path: Path) -> None:
    out = tmp_path / "kiem-tra.json"
    done = command(
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count()))\n"
        f"sys.argv = ['compliance', 'audit', {str(EXAMPLES)!r}, '--as-of', '30/06/2024', '-o', {str(out)!r}]\n"
        "from compliance.cli import run\n"
        "run()\n"
    )
    assert done.returncode == 1
    assert int(done.stdout.split()[-1]) > 1000  # the modules and the compiled packs


def test_a_program_calling_main_keeps_its_collector_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "kiem-tra.json"
    code = main(["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--format", "json", "-o", str(out)])
    assert code == 1 and json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert gc.get_freeze_count() == 0
