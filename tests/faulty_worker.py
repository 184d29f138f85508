"""Faults on demand, for the tests of dying, hanging and failing workers.

**durable-rules workers.** :class:`Faults` runs the real message loop and worker
(:func:`compliance.evaluators._durable_worker.serve`), and before each evaluation obeys what the
test asked: die by SIGKILL, sleep first, or take a chosen session id. Worker processes are
started with ``spawn`` (audit workers by the forkserver), which gives them the parent's
``sys.path``, so they import this module from ``tests/`` as the tests do.

    faults = Faults()
    engine = Engine(program, engine="durable", engine_options={"worker_main": faults.worker_main})
    faults.kill_next()          # the next evaluation, in whichever worker, dies by SIGKILL

**audit workers.** :class:`FaultyEvaluator` is the real python back end, registered by a test
under the name :data:`FAULTY` (:func:`register`; an audit hands the registration to its worker
processes). Before evaluating a portfolio it reads the file :data:`FAULT_FILE` beside the
portfolio's documents, if there is one: ``raise`` raises, ``kill`` kills its own process with
SIGKILL (as the out-of-memory killer would), ``kill-once`` removes the file and then does the same
(so a second try succeeds). It never kills the main process: there it raises instead.
:class:`StillbornEvaluator` kills every worker process that builds it. :func:`obey` does the same
for an item of the audit pool's own tests.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import Any, TypeVar

import pytest

from compliance.evaluators import EVALUATORS, Entry
from compliance.evaluators._durable_worker import Worker, serve
from compliance.evaluators.base import Matches
from compliance.evaluators.python import PythonEvaluator
from compliance.portfolio import Portfolio
from compliance.program import CompiledRule, Program

R = TypeVar("R")

Fault = tuple[str, float]


class Faults:
    """The test's end: faults for the next evaluation of whichever worker process runs it. Every
    process (the first and each replacement) reads the same queue, so an armed fault survives a
    restart until some evaluation takes it."""

    def __init__(self) -> None:
        self._queue: SimpleQueue[Fault] = multiprocessing.get_context("spawn").SimpleQueue()
        # the entry point to give the evaluator: a module-level function with the queue bound
        self.worker_main = functools.partial(main, self._queue)

    def kill_next(self) -> None:
        """The next evaluation kills its own process with SIGKILL."""
        self._queue.put(("kill", 0))

    def sleep_next(self, seconds: float) -> None:
        """The next evaluation first sleeps ``seconds``."""
        self._queue.put(("sleep", seconds))

    def next_session(self, number: int) -> None:
        """The next evaluation's first session id is ``doc-<number>``."""
        self._queue.put(("session", number))

    def taken(self) -> bool:
        """Whether every armed fault has been taken by a worker."""
        return self._queue.empty()

    def close(self) -> None:
        self._queue.close()


class FaultyWorker(Worker):
    """The real worker, obeying the faults armed when an evaluation arrives."""

    def __init__(self, faults: SimpleQueue[Fault]) -> None:
        super().__init__()
        self._faults = faults

    def evaluate(self, batches: list[tuple[str, list[dict[str, Any]]]]) -> list[list[tuple[str, int, int]]]:
        while not self._faults.empty():
            kind, value = self._faults.get()
            if kind == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            elif kind == "sleep":
                time.sleep(value)
            elif kind == "session":
                self.session = int(value) - 1
        return super().evaluate(batches)


def main(faults: SimpleQueue[Fault], conn: Connection) -> None:
    """A worker process's entry point (with ``faults`` bound by :class:`Faults`)."""
    serve(conn, lambda: FaultyWorker(faults))


# ----------------------------------------------------------------------------- audit workers

FAULTY = "faulty"
FAULT_FILE = ".fault"


def register(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register :class:`FaultyEvaluator` as the back end :data:`FAULTY` for one test."""
    monkeypatch.setitem(EVALUATORS, FAULTY, Entry(f"{__name__}:FaultyEvaluator", {}))


def arm(folder: Path, order: str) -> Path:
    """Leave ``order`` (``raise``, ``kill`` or ``kill-once``) for the portfolio in ``folder``."""
    marker = folder / FAULT_FILE
    marker.write_text(order, encoding="utf-8")
    return marker


def _die() -> None:
    if multiprocessing.parent_process() is None:
        raise RuntimeError("a fault meant for a worker process reached the main process")
    os.kill(os.getpid(), signal.SIGKILL)


class FaultyEvaluator(PythonEvaluator):
    """The python back end, obeying the fault file beside a portfolio's documents."""

    name = FAULTY

    def evaluate(self, rules: Sequence[CompiledRule], portfolio: Portfolio) -> Matches:
        for folder in sorted({Path(d.name).parent for d in portfolio.documents}):
            marker = folder / FAULT_FILE
            try:
                order = marker.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                continue
            if order == "raise":
                raise RuntimeError(f"lỗi cài sẵn / planted fault in {folder.name}")
            if order == "kill":
                _die()
            if order == "kill-once":
                marker.unlink()
                _die()
        return super().evaluate(rules, portfolio)


STILLBORN = "stillborn"


def register_stillborn(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register :class:`StillbornEvaluator` as the back end :data:`STILLBORN` for one test."""
    monkeypatch.setitem(EVALUATORS, STILLBORN, Entry(f"{__name__}:StillbornEvaluator", {}))


class StillbornEvaluator(PythonEvaluator):
    """The python back end, except that a worker process building it dies at once: workers that
    can never start."""

    name = STILLBORN

    def __init__(self, program: Program) -> None:
        if multiprocessing.parent_process() is not None:
            os._exit(1)
        super().__init__(program)


def obey(order: str) -> str:
    """An item of the audit pool's tests: ``kill`` dies by SIGKILL, ``raise`` raises,
    ``once:<file>`` removes that file and dies (returns when it is gone), anything else is
    returned as it is."""
    if order == "kill":
        _die()
    if order == "raise":
        raise ValueError("lỗi cài sẵn / planted fault")
    if order.startswith("once:"):
        try:
            os.unlink(order.removeprefix("once:"))
        except FileNotFoundError:
            return order
        _die()
    return order


def unprivileged(fn: Callable[..., R], *args: Any, prepare: Callable[[], Any] | None = None) -> R:
    """``fn(*args)`` in a child process that cannot read what permissions forbid (as user nobody
    when the tests run as root, whom permissions do not stop), its result sent back. With
    ``prepare``: ``fn(prepare(), *args)``, ``prepare`` run before the privileges are dropped (to
    read the rule packs, wherever the checkout is)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_unprivileged_main, args=(send, fn, args, prepare))
    child.start()
    send.close()
    try:
        ok, value = receive.recv()
    finally:
        child.join(timeout=120)
    if not ok:
        raise AssertionError(f"the unprivileged child failed: {value}")
    result: R = value
    return result


def _unprivileged_main(
    send: Connection, fn: Callable[..., Any], args: tuple[Any, ...], prepare: Callable[[], Any] | None
) -> None:
    try:
        first = () if prepare is None else (prepare(),)
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        send.send((True, fn(*first, *args)))
    except Exception as exc:
        send.send((False, repr(exc)))
