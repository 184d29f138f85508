"""The worker processes of an audit: how each builds its engine, how they are started, and the
``map`` that spreads a pass over them (or runs it here when one job is enough)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from multiprocessing import get_all_start_methods, get_context, util
from multiprocessing.context import BaseContext
from typing import Any, TypeVar

from compliance.engine import Engine

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """How a worker builds its engine (an engine itself is not sent between processes): the
    packs, their parameters, the back end and its options (e.g. ``workers``, ``timeout``)."""

    rules: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    engine: str = "python"
    options: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Engine:
        return Engine.from_path(
            *self.rules, params=self.params, engine=self.engine, engine_options=self.options
        )


_WORKER_ENGINE: Engine | None = None


def _init_worker(spec: EngineSpec) -> None:
    global _WORKER_ENGINE  # noqa: PLW0603 - one engine per worker process, built once
    _WORKER_ENGINE = spec.build()
    util.Finalize(_WORKER_ENGINE, _WORKER_ENGINE.close, exitpriority=10)


def worker_engine() -> Engine:
    """The engine of this worker process, built once when the worker started."""
    assert _WORKER_ENGINE is not None, "worker started without an engine"
    return _WORKER_ENGINE


def _context() -> BaseContext:
    """Workers forked from a clean server process that has imported the engine once (cheaper
    than importing it again in every worker); a fresh interpreter each where that is not
    available. Never a fork of this process, which may run threads (the progress bar)."""
    if "forkserver" in get_all_start_methods():
        context = get_context("forkserver")
        context.set_forkserver_preload(["compliance.audit"])
        return context
    return get_context("spawn")


def mapper(
    jobs: int, spec: EngineSpec, stack: ExitStack
) -> Callable[[Callable[[T], R], Sequence[T]], Iterator[R]]:
    """``map`` here for one job; otherwise over ``jobs`` workers (closed with ``stack``), in
    order, in chunks small enough to keep every worker busy to the end."""
    if jobs <= 1:
        return map
    pool: Executor = stack.enter_context(
        ProcessPoolExecutor(
            max_workers=jobs, mp_context=_context(), initializer=_init_worker, initargs=(spec,)
        )
    )
    return lambda fn, items: pool.map(fn, items, chunksize=max(1, min(32, len(items) // (jobs * 4))))
