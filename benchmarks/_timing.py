"""Shared by the benchmark scripts: the median of repeated runs, and bytecode before timing."""

from __future__ import annotations

import compileall
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall-clock seconds of ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def bytecode() -> None:
    """Make sure the package's modules have their bytecode before processes are timed (a line on
    standard error says when some had none).

    pip writes it when it installs the package; an editable install writes it on first import,
    unless ``PYTHONDONTWRITEBYTECODE`` is set (as it is on some CI machines), and then every process
    compiles every module again: about 90 ms of start-up on a 2-core machine that no installed
    package pays, in every command, audit and worker a benchmark starts. So it is written here."""
    import compliance  # noqa: PLC0415 - the package as this Python finds it

    folder = Path(compliance.__file__).parent
    missing = [p for p in folder.rglob("*.py") if not Path(importlib.util.cache_from_source(str(p))).exists()]
    if not missing:
        return
    if compileall.compile_dir(folder, quiet=1, force=False):
        print(f"wrote the bytecode of {len(missing)} modules of {folder} first", file=sys.stderr)
    else:
        print(
            f"warning: no bytecode in {folder}, and it cannot be written: start-up includes compiling",
            file=sys.stderr,
        )
