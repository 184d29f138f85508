"""The worker processes of an audit: how each builds its engine, how they are started, how many
an audit uses, and the ``map`` that spreads a pass over them (or runs it here when one job is
enough) — and survives a worker that dies.

A worker can die without a word: the kernel's out-of-memory killer sends SIGKILL, a C extension
crashes. :class:`Workers` then loses only what that worker might have been doing. Every item
that was in flight when the pool broke is tried again, alone, in a worker of its own, so that a
death then names the culprit and no other item; an item whose lone worker dies twice comes back
as :class:`Failed` (the pool is started afresh for the rest). An item that raises comes back as
:class:`Failed` too, with the exception; the caller words both for people.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_all_start_methods, get_context, util
from multiprocessing.context import BaseContext
from typing import Generic, Protocol, TypeVar

from compliance.engine import Engine, EngineSpec
from compliance.evaluators import EVALUATORS, Entry
from compliance.finding_records import FindingCodec
from compliance.findings import Finding
from compliance.judge import shared
from compliance.register import Register

T = TypeVar("T")
R = TypeVar("R")

# An audit with fewer report files than its threshold runs in one process: below it, starting
# workers costs more than they save (about 0.9 ms a file on an idle 2-core machine). Forked workers
# (:func:`start_method`: a process that runs no other thread, on Linux; the command line) are ready
# in about 0.05 s and pay from about 200 files; workers from the fork server (a server process
# that imports the engine, then each worker building its own) are ready 0.2–0.45 s later and pay
# from about 800. Measure with benchmarks/bench_audit.py --pool-threshold (docs/audit.md, "How it scales").
POOL_THRESHOLD = 200
SERVED_POOL_THRESHOLD = 800


def worker_count(jobs: int | None, files: int, method: str | None = None) -> int:
    """How many processes an audit of ``files`` report files uses. ``jobs`` given: that many
    (never more than there are files); None: every core, but one process below
    :data:`POOL_THRESHOLD` files when the workers would be forked (``method``, by default what
    :func:`start_method` says for this process now), :data:`SERVED_POOL_THRESHOLD` otherwise."""
    if jobs is None:
        method = method or start_method_now()
        threshold = POOL_THRESHOLD if method == "fork" else SERVED_POOL_THRESHOLD
        jobs = 1 if files < threshold else os.cpu_count() or 1
    return max(1, min(jobs, files))


@dataclass(frozen=True, slots=True)
class Failed(Generic[T]):
    """An item that gave no result: ``error`` is the exception it raised (``Type: message``), or
    None when its worker died twice."""

    item: T
    error: str | None = None


def describe(exc: BaseException) -> str:
    """``Type: message``, the message cut to a readable length."""
    text = str(exc)
    text = text if len(text) <= 300 else text[:299] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_WORKER_ENGINE: Engine | None = None
_WORKER_REGISTER: Register | None = None


def _init_worker(spec: EngineSpec, entry: Entry | None, register: Register | None = None) -> None:
    global _WORKER_ENGINE, _WORKER_REGISTER  # noqa: PLW0603 - one engine per worker process, built once
    if entry is not None:  # a back end registered at run time in the parent exists here too
        EVALUATORS.setdefault(spec.engine, entry)
    _WORKER_ENGINE = spec.build()
    _WORKER_REGISTER = register  # sent once per worker, not with every portfolio
    util.Finalize(_WORKER_ENGINE, _WORKER_ENGINE.close, exitpriority=10)


def install(engine: Engine, register: Register | None) -> None:
    """Make ``engine`` and ``register`` this process's worker engine and register: what a worker
    of another executor (:mod:`.dask_executor`) does before it runs a pass's function."""
    global _WORKER_ENGINE, _WORKER_REGISTER
    _WORKER_ENGINE, _WORKER_REGISTER = engine, register


def worker_engine() -> Engine:
    """The engine of this worker process, built once when the worker started."""
    assert _WORKER_ENGINE is not None, "worker started without an engine"
    return _WORKER_ENGINE


_ENCODERS: dict[int, tuple[Engine, Callable[[Finding], bytes]]] = {}


def worker_encoder(engine: Engine) -> Callable[[Finding], bytes]:
    """How this worker encodes the findings of ``engine`` for its parent (who reads them with the
    same table of the rules' shared parts: :func:`compliance.judge.shared`), made once."""
    known = _ENCODERS.get(id(engine))
    if known is None or known[0] is not engine:
        known = _ENCODERS[id(engine)] = (engine, FindingCodec(shared(engine.program)).encode)
    return known[1]


def worker_register() -> Register | None:
    """The audit's register of received documents in this worker process (None without one,
    and always None outside a worker)."""
    return _WORKER_REGISTER


def start_method(methods: Sequence[str], platform: str, threads: int) -> str:
    """How an audit's workers start, given the start methods this platform offers, its name
    (``sys.platform``) and how many threads this process runs.

    On Linux, a process that runs no other thread is forked: the worker is a copy of it, every
    module already imported, ready in milliseconds (a worker from the fork server was ready
    0.2–0.45 s later on a 2-core machine: ``docs/audit.md``, "How it scales"). A process with other threads (a web
    server that embeds the engine, a test runner's) is never forked: a thread may hold a lock that
    the copy would never see released. Its workers come from a clean server process that has
    imported the engine once (``forkserver``), or are fresh interpreters (``spawn``) where that is
    not available. macOS offers ``fork`` but its system libraries are not safe in a forked child."""
    if platform.startswith("linux") and "fork" in methods and threads == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def start_method_now() -> str:
    """:func:`start_method` for this process, now (also what may fork a writer:
    :mod:`compliance.reporters._forked`)."""
    return start_method(get_all_start_methods(), sys.platform, threading.active_count())


def _context() -> BaseContext:
    """The multiprocessing context of :func:`start_method` for this process, now."""
    method = start_method_now()
    context = get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["compliance.audit"])
    return context


# How many items a chunk of a pass holds at most (:func:`chunk_size`): a portfolio (about 1.5 ms
# of checking) goes in chunks of up to 32, so that every worker stays busy to the end and a death
# puts few in doubt; a file's key (about 30 µs: :mod:`.sniff`) in chunks of up to 1 024, for with
# chunks of 32 the round trips to the workers cost more than the reading (bench_audit.py: the
# 5 000-file pass of --jobs 2 took 0.20–0.25 s, and 0.12 s in 8 chunks).
CHUNK = 32
CHEAP_CHUNK = 1024


def chunk_size(items: int, jobs: int, most: int = CHUNK) -> int:
    """The items of a pass's chunk: about four chunks a worker, never more than ``most``."""
    return max(1, min(most, items // (jobs * 4)))


def _run(fn: Callable[[T], R], items: Sequence[T]) -> list[R | Failed[T]]:
    """Each item's result, or :class:`Failed` with the exception it raised."""
    out: list[R | Failed[T]] = []
    for item in items:
        try:
            out.append(fn(item))
        except Exception as exc:  # one item never stops the others
            out.append(Failed(item, describe(exc)))
    return out


def _ready() -> bool:
    return True


class Executor(Protocol):
    """Where an audit's passes run (:class:`Workers`, :class:`~.dask_executor.DaskWorkers`): ``map``
    gives each item's result, or :class:`Failed`, in the items' order; ``restarts`` counts the
    workers that died, ``fell_back`` says the work went on in this process."""

    restarts: int
    fell_back: bool

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        here: Callable[[T], R] | None = None,
        most: int = CHUNK,
    ) -> Iterator[R | Failed[T]]: ...


class WorkersUnusable(RuntimeError):
    """Worker processes cannot even start (twice in a row): the work goes on in this process."""


class Workers:
    """Where an audit's passes run: in this process for one job, else in ``jobs`` worker
    processes, each with its engine built from ``spec`` and the audit's ``register`` of received
    documents (sent once to each worker: it may hold thousands of rows). A pool that breaks is
    replaced; see the module's documentation. Use it as a context manager (the processes end with
    it)."""

    def __init__(self, jobs: int, spec: EngineSpec, register: Register | None = None) -> None:
        self.jobs = jobs
        self.spec = spec
        self.register = register
        self.restarts = 0  # pools replaced after a worker died
        self.fell_back = False  # workers could not start: the rest ran in this process
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._drop()

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        here: Callable[[T], R] | None = None,
        most: int = CHUNK,
    ) -> Iterator[R | Failed[T]]:
        """``fn`` over ``items``, results in order, in chunks of at most ``most`` items
        (:func:`chunk_size`). ``here`` (default ``fn``) is what runs when this process does the
        work: one job, or workers that cannot start."""
        local = here or fn
        if self.jobs <= 1:
            for item in items:
                yield from _run(local, [item])
            return
        results: dict[int, R | Failed[T]] = {}
        emitted = 0
        try:
            for index, result in self._parallel(fn, items, chunk_size(len(items), self.jobs, most)):
                results[index] = result
                while emitted in results:
                    yield results.pop(emitted)
                    emitted += 1
        except WorkersUnusable:
            self.jobs = 1
            self.fell_back = True
            for index in range(emitted, len(items)):
                yield results.pop(index) if index in results else _run(local, [items[index]])[0]

    # -- the pool

    def _start(self, workers: int) -> ProcessPoolExecutor:
        """A pool of ``workers`` processes, one of them started and ready (its engine built).
        Raises :class:`WorkersUnusable` when no worker can start, twice in a row."""
        for _attempt in range(2):
            entry = EVALUATORS.get(self.spec.engine)
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=_context(),
                initializer=_init_worker,
                initargs=(self.spec, entry, self.register),
            )
            try:
                pool.submit(_ready).result()
            except BrokenProcessPool:
                pool.shutdown(wait=True, cancel_futures=True)
                continue
            return pool
        raise WorkersUnusable

    def _drop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _parallel(
        self, fn: Callable[[T], R], items: Sequence[T], size: int
    ) -> Iterator[tuple[int, R | Failed[T]]]:
        """(index, result) as they come, in chunks of ``size`` items; at most two chunks per
        worker in flight, so that a death puts few items in doubt."""
        waiting = deque(range(0, len(items), size))
        flying: dict[Future[list[R | Failed[T]]], int] = {}

        def chunk_of(start: int, chunk: list[R | Failed[T]]) -> Iterator[tuple[int, R | Failed[T]]]:
            return zip(range(start, start + len(chunk)), chunk, strict=True)

        while waiting or flying:
            if self._pool is None:
                self._pool = self._start(self.jobs)
            broken = False
            try:
                while waiting and len(flying) < 2 * self.jobs:
                    start = waiting[0]
                    flying[self._pool.submit(_run, fn, items[start : start + size])] = start
                    waiting.popleft()
            except BrokenProcessPool:
                broken = True
            if flying and not broken:
                done, _ = wait(flying, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        chunk = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue  # in doubt, with every other chunk in flight
                    except Exception as exc:  # e.g. a result that cannot be sent back
                        chunk = [Failed(item, describe(exc)) for item in items[flying[future] :][:size]]
                    yield from chunk_of(flying.pop(future), chunk)
            if broken:  # what finished is kept; every other chunk in flight is in doubt
                doubtful: list[int] = []
                for future, start in sorted(flying.items(), key=lambda pair: pair[1]):
                    finished = _finished(future)
                    if finished is None:
                        doubtful.extend(range(start, min(start + size, len(items))))
                    else:
                        yield from chunk_of(start, finished)
                flying.clear()
                self._drop()
                self.restarts += 1
                yield from self._alone(fn, items, doubtful)

    def _alone(
        self, fn: Callable[[T], R], items: Sequence[T], indices: list[int]
    ) -> Iterator[tuple[int, R | Failed[T]]]:
        """Each item of ``indices`` again, alone in a worker (started afresh after a death), so
        that a death now is that item's own. An item may not even have started when the pool
        broke: it is :class:`Failed` only when its worker dies twice here."""
        pool: ProcessPoolExecutor | None = None
        try:
            for index in indices:
                result: R | Failed[T] = Failed(items[index])
                for _attempt in range(2):
                    pool = pool or self._start(1)
                    try:
                        result = pool.submit(_run, fn, [items[index]]).result()[0]
                    except BrokenProcessPool:
                        pool.shutdown(wait=True, cancel_futures=True)
                        pool = None
                        self.restarts += 1
                        continue
                    except Exception as exc:  # a result that cannot be sent back
                        result = Failed(items[index], describe(exc))
                    break
                yield index, result
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _finished(future: Future[list[R]]) -> list[R] | None:
    """The result of a future that completed before its pool broke; None for one that did not."""
    if not future.done() or future.cancelled() or future.exception() is not None:
        return None
    return future.result()
