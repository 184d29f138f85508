"""Progress bars on the terminal (standard error) for long commands such as ``audit``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from compliance.audit import Progress, Tick


def progress_wanted() -> bool:
    """A progress bar on a terminal; never when standard error is piped or ``CI`` is set."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Progress]:
    """A factory of bars on stderr, cleared when the block ends; no-ops when not ``enabled``."""
    if not enabled:
        yield lambda _label, _total: lambda: None
        return
    from rich.console import Console  # noqa: PLC0415 - only on a terminal
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:

        def bar(label: str, total: int) -> Tick:
            task = progress.add_task(label, total=total)
            return lambda: progress.advance(task)

        yield bar
