"""The worker side of an audit on Dask (:mod:`.dask_executor`): the plugin that gives each worker
process the audit's engine spec and register, and the task that runs a chunk of a pass there.
Imported only when ``distributed`` is (``--executor dask``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from distributed import WorkerPlugin

from compliance.audit.pool import Failed, _run, install
from compliance.engine import Engine, EngineSpec
from compliance.evaluators import EVALUATORS, Entry
from compliance.register import Register

T = TypeVar("T")
R = TypeVar("R")


@dataclass(slots=True)
class _Setup:
    spec: EngineSpec
    register: Register | None
    engine: Engine | None = None


# On a worker: each audit's setup, by the audit's token (several audits may share a cluster).
_SETUPS: dict[str, _Setup] = {}
# The worker engine is a per-process global (pool.install): one pass's chunk at a time per
# process, whatever the worker's --nthreads.
_LOCK = threading.Lock()


class EnginePlugin(WorkerPlugin):
    """Sent once to every worker of the cluster (and to each that joins or restarts)."""

    def __init__(self, token: str, spec: EngineSpec, entry: Entry | None, register: Register | None) -> None:
        self.name = f"compliance-audit-{token}"
        self.token, self.spec, self.entry, self.register = token, spec, entry, register

    def setup(self, worker: Any) -> None:
        if self.entry is not None:  # a back end registered at run time in the parent exists here too
            EVALUATORS.setdefault(self.spec.engine, self.entry)
        _SETUPS[self.token] = _Setup(self.spec, self.register)  # the engine is built by the first task

    def teardown(self, worker: Any) -> None:
        setup = _SETUPS.pop(self.token, None)
        if setup is not None and setup.engine is not None:
            setup.engine.close()


def run_chunk(token: str, fn: Callable[[T], R], items: Sequence[T]) -> list[R | Failed[T]]:
    """``fn`` over ``items`` with the audit's engine of this worker (built once per process)."""
    with _LOCK:
        setup = _SETUPS.get(token)
        if setup is None:
            raise RuntimeError("Dask worker without the audit's engine plugin")
        if setup.engine is None:
            setup.engine = setup.spec.build()
        install(setup.engine, setup.register)
        return _run(fn, items)
