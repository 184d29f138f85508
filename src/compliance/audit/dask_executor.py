"""Audits on a Dask cluster (``compliance audit --executor dask [--scheduler tcp://HOST:PORT]``).

:class:`DaskWorkers` satisfies the same :class:`~compliance.audit.pool.Executor` interface as the
local process pool: ``map`` runs the same pass functions (:func:`~compliance.audit.sniff.read_key`,
:func:`~compliance.audit.portfolios.evaluate`, :func:`~compliance.audit.portfolios.scope`) in
chunks as Dask tasks, takes the results as they complete and gives them back in the items' order,
so that an audit's findings are the same, byte for byte, as with the pool. Each worker process
builds its engine once from the :class:`~compliance.engine.EngineSpec` (a worker plugin
carries the spec and the register; :mod:`._dask_plugin`). Workers read the files from the paths
given: every worker must see them at the same path (a shared file system) or URL (fsspec: docs/scale.md).

Without a scheduler address a ``LocalCluster`` of worker processes (one thread each, no
dashboard, quiet logs) is started for the audit and closed after it. A worker that dies mid-task
costs a retry: the scheduler runs its tasks again elsewhere; a chunk the scheduler gives up on
(``KilledWorker``, after ``distributed.scheduler.allowed-failures`` deaths) is tried again item by
item, and an item that still kills its worker is :class:`~compliance.audit.pool.Failed` (worker
died), as with the pool. ``distributed`` is an optional extra, imported only here.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from types import ModuleType
from typing import Any, TypeVar

from compliance.audit.pool import CHUNK, Failed, chunk_size, describe
from compliance.engine import EngineSpec
from compliance.errors import Code, InputError, Location
from compliance.evaluators import EVALUATORS
from compliance.messages import problem
from compliance.register import Register

T = TypeVar("T")
R = TypeVar("R")

EXTRA = "compliance[dask]"
CONNECT_TIMEOUT = 30.0  # seconds to reach a --scheduler before the audit gives up (exit 2)


def _distributed() -> ModuleType:
    """``distributed``, or exit 2 naming the extra to install."""
    try:
        import distributed  # noqa: PLC0415 - optional: only with --executor dask
    except ImportError:
        raise InputError([problem(Code.DASK_NOT_INSTALLED, at=Location("--executor"), extra=EXTRA)]) from None
    return distributed


class DaskWorkers:
    """An audit's passes as Dask tasks, on the cluster at ``scheduler`` or on a ``LocalCluster``
    of ``jobs`` worker processes started here. Use it as a context manager."""

    def __init__(
        self,
        jobs: int,
        spec: EngineSpec,
        register: Register | None = None,
        scheduler: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        distributed = _distributed()
        from compliance.audit._dask_plugin import EnginePlugin  # noqa: PLC0415 - needs distributed

        self.jobs = jobs
        self.restarts = 0  # chunks the scheduler gave up on after their workers died
        self.fell_back = False  # never: a cluster that cannot be reached is an unusable argument
        self._token = uuid.uuid4().hex
        self._cluster: Any = None
        # Worker processes that may start their own (the durable back end's workers): not daemonic.
        # Read by a nanny each time it (re)starts a worker, so kept for the audit's lifetime.
        self._config: Any = None
        if scheduler is None:
            import dask  # noqa: PLC0415 - installed with distributed

            self._config = dask.config.set({"distributed.worker.daemon": False})
            self._cluster = distributed.LocalCluster(
                n_workers=jobs,
                threads_per_worker=1,
                processes=True,
                # no dashboard; the scheduler's HTTP server (health routes) on a free port, not 8787
                dashboard_address=":0",
                scheduler_kwargs={"dashboard": False},
                silence_logs=logging.ERROR,
            )
            address: Any = self._cluster
        else:
            address = scheduler
        try:
            self._client: Any = distributed.Client(address, timeout=connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            self._close_cluster()
            raise InputError(
                [
                    problem(
                        Code.DASK_NO_SCHEDULER,
                        at=Location("--scheduler"),
                        address=scheduler,
                        reason=describe(exc),
                    )
                ]
            ) from None
        self._killed: type[BaseException] = distributed.KilledWorker
        plugin = EnginePlugin(self._token, spec, EVALUATORS.get(spec.engine), register)
        self._plugin = plugin.name
        self._client.register_plugin(plugin)
        self._as_completed = distributed.as_completed

    def __enter__(self) -> DaskWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):  # a shared cluster keeps going; ours is closed next
                self._client.unregister_worker_plugin(self._plugin)
            self._client.close()
            self._client = None
        self._close_cluster()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        if self._config is not None:
            self._config.__exit__(None, None, None)
            self._config = None

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        here: Callable[[T], R] | None = None,
        most: int = CHUNK,
    ) -> Iterator[R | Failed[T]]:
        """``fn`` over ``items`` on the cluster, results in order, in tasks of at most ``most``
        items (``here`` is not used: the cluster does all the work)."""
        from compliance.audit._dask_plugin import run_chunk  # noqa: PLC0415 - needs distributed

        if not items:
            return
        size = chunk_size(len(items), self.jobs, most)
        spans: dict[Any, tuple[int, int, bool]] = {}  # future -> (start, stop, alone)

        def submit(start: int, stop: int, alone: bool) -> Any:
            future = self._client.submit(run_chunk, self._token, fn, list(items[start:stop]), pure=False)
            spans[future] = (start, stop, alone)
            return future

        first = [submit(s, min(s + size, len(items)), False) for s in range(0, len(items), size)]
        completed = self._as_completed(first, loop=self._client.loop)
        results: dict[int, R | Failed[T]] = {}
        emitted = 0
        for future in completed:
            start, stop, alone = spans.pop(future)
            try:
                chunk: list[R | Failed[T]] = future.result()
            except self._killed:
                self.restarts += 1
                if alone:
                    chunk = [Failed(items[start])]
                else:  # each item alone, so that a death names its own item and no other
                    for index in range(start, stop):
                        completed.add(submit(index, index + 1, True))
                    continue
            except Exception as exc:
                chunk = [Failed(item, describe(exc)) for item in items[start:stop]]
            finally:
                future.release()
            results.update(zip(range(start, stop), chunk, strict=True))
            while emitted in results:
                yield results.pop(emitted)
                emitted += 1
