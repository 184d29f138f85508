"""A durable-rules worker with faults on demand, for the tests of dying and hanging workers.

It runs the real message loop and worker (:func:`compliance.evaluators._durable_worker.serve`),
and before each evaluation obeys what the test asked through :class:`Faults`: die by SIGKILL,
sleep first, or take a chosen session id. Worker processes are started with ``spawn``, which
gives them the parent's ``sys.path``, so they import this module from ``tests/`` as the tests do.

    faults = Faults()
    engine = Engine(program, engine="durable", engine_options={"worker_main": faults.worker_main})
    faults.kill_next()          # the next evaluation, in whichever worker, dies by SIGKILL
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import time
from multiprocessing.connection import Connection
from multiprocessing.queues import SimpleQueue
from typing import Any

from compliance.evaluators._durable_worker import Worker, serve

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
