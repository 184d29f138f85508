"""Progress bars on the terminal (standard error) for long commands such as ``audit``."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from compliance.audit import Progress, Tick


def progress_wanted() -> bool:
    """A progress bar on a terminal; never when standard error is piped or ``CI`` is set."""
    return sys.stderr.isatty() and not os.environ.get("CI")


# How often the bars are redrawn, at most: on the items' own ticks, by this process's only thread.
REFRESH_SECONDS = 0.1


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Progress]:
    """A factory of bars on stderr, cleared when the block ends; no-ops when not ``enabled``.

    The bars are redrawn when an item is done (at most every :data:`REFRESH_SECONDS`), not by
    rich's refresh thread: a process that runs no other thread forks its audit workers, which
    start far sooner than from the fork server (:func:`compliance.audit.pool.start_method`)."""
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
        auto_refresh=False,
    ) as progress:
        drawn = [time.monotonic()]

        def bar(label: str, total: int) -> Tick:
            task = progress.add_task(label, total=total)
            progress.refresh()
            done = [0]

            def tick() -> None:
                progress.advance(task)
                done[0] += 1
                now = time.monotonic()
                if now - drawn[0] >= REFRESH_SECONDS or done[0] == total:
                    drawn[0] = now
                    progress.refresh()

            return tick

        yield bar
