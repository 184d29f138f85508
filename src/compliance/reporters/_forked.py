"""A long list of records written by several processes at once, in its order.

Writing a district's findings is the one part of an audit that its worker processes do not share:
once they are done, the parent reads every finding back and writes it, alone, while the other
cores wait (a third of a two-worker audit of 5 000 reports, measured with
``benchmarks/bench_table.py``). Here the list is cut into as many contiguous slices as there are
jobs; the parent writes the first itself, and a forked copy of it writes each other slice into a
temporary file, which the parent copies to the output in turn when it gets there. A copy has every
record the parent has (a spool is read by position, :meth:`compliance.records.Spool.flush`) and
every writer, and sends nothing back but its file.

A copy is made only where the audit's own workers would be forked (Linux, a process that runs no
other thread: :func:`compliance.audit.pool.start_method_now`), for :data:`FORK_AFTER` records or more,
and never with one job. A copy that fails (or is killed), or cannot be made, costs only its slice,
which the parent then writes itself; the output is the same byte for byte whichever process wrote
what.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from collections.abc import Callable
from typing import BinaryIO, NoReturn, TypeVar

from compliance.records import Records

T = TypeVar("T")

FORK_AFTER = 10_000  # records below which the parent writes them all (a copy costs ~10–30 ms)
_BLOCK = 1 << 20  # bytes gathered before each write to a slice's file, and read back at a time


def may_fork(jobs: int, count: int) -> bool:
    """Whether :func:`write_all` would share ``count`` records out among ``jobs`` processes."""
    if jobs < 2 or count < FORK_AFTER or not hasattr(os, "fork"):
        return False
    from compliance.audit.pool import start_method_now  # noqa: PLC0415 - imported only for long lists

    return start_method_now() == "fork"


def write_all(
    records: Records[T], encode: Callable[[T], bytes], write: Callable[[bytes], object], jobs: int
) -> None:
    """``write(encode(r))`` for each record ``r``, in order, the encoding shared out among
    ``jobs`` processes when :func:`may_fork` says so (see the module)."""
    count = len(records)
    if not may_fork(jobs, count):
        for record in records:
            write(encode(record))
        return
    bounds = [count * k // jobs for k in range(jobs + 1)]
    slices = [records[bounds[k] : bounds[k + 1]] for k in range(jobs)]
    records.flush()
    copies: list[tuple[int, BinaryIO]] = []  # one per slice after the first, while forking works
    reaped: set[int] = set()
    try:
        for part in slices[1:]:
            try:
                spill: BinaryIO = tempfile.TemporaryFile(prefix="compliance-", suffix=".part")  # noqa: SIM115 - closed below
            except OSError:  # no room for it: this slice and the rest are written here
                break
            try:
                pid = os.fork()
            except OSError:  # no process to spare (EAGAIN, ENOMEM): likewise
                spill.close()
                break
            if pid == 0:  # pragma: no cover - the copy ends in os._exit (its coverage is not gathered)
                _copy(part, encode, spill)
            copies.append((pid, spill))
        for record in slices[0]:
            write(encode(record))
        for k, part in enumerate(slices[1:]):
            if k < len(copies):
                pid, written = copies[k]
                _, status = os.waitpid(pid, 0)
                reaped.add(pid)
                if os.waitstatus_to_exitcode(status) == 0:
                    written.seek(0)
                    while block := written.read(_BLOCK):
                        write(block)
                    continue
            for record in part:  # no copy, or it failed, or was killed: the slice is written here
                write(encode(record))
    finally:
        for pid, written in copies:
            if pid not in reaped:  # the parent stopped early (an error, Ctrl-C)
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            written.close()


def _copy(part: Records[T], encode: Callable[[T], bytes], spill: BinaryIO) -> NoReturn:
    """In the forked copy: ``part`` encoded into ``spill``; exits 0 when all of it is written."""
    code = 1
    try:
        gathered: list[bytes] = []
        size = 0
        for record in part:
            data = encode(record)
            gathered.append(data)
            size += len(data)
            if size >= _BLOCK:
                spill.write(b"".join(gathered))
                gathered.clear()
                size = 0
        spill.write(b"".join(gathered))
        spill.flush()
        code = 0
    except BaseException:  # the parent writes the slice itself
        pass
    finally:
        os._exit(code)
