"""The durable-rules back end: the IR evaluated by durable-rules' Rete engine, out of harm's way.

The program's selectors are compiled once into durable-rules JSON rulesets
(:mod:`._durable_rulesets`), each held to the verified grammar (:mod:`._durable_grammar`) before
anything is registered. Evaluation runs in worker processes (:mod:`._durable_worker`, started with
``spawn``; one Host each, no threads in them), because durable-rules 2.0.28 can crash the process
it runs in. A worker that dies, reports an error or exceeds :attr:`DurableEvaluator.timeout` is
stopped and replaced, and the portfolio it was evaluating raises
:class:`~compliance.evaluators.EvaluationFailure`: the engine turns that into ``error`` findings
carrying the reason — never a pass.

A script that uses this back end must guard its entry point with ``if __name__ == "__main__":``
(``spawn`` imports the script's main module again in the worker).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import multiprocessing
import queue
import signal
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from compliance.evaluators import _durable_worker
from compliance.evaluators._durable_rulesets import Layout, Ruleset, build_layout
from compliance.evaluators.base import EvaluationFailure, Matches
from compliance.i18n import Text
from compliance.ir import Match
from compliance.portfolio import Portfolio
from compliance.program import CompiledRule, Program

DEFAULT_TIMEOUT = 30.0  # seconds for one portfolio, and for a worker to start
Batch = tuple[str, list[dict[str, Any]]]
Answer = list[list[tuple[str, int, int]]]
WorkerMain = Callable[[Connection], None]  # a worker process's entry point


class _Trouble(Exception):
    """What went wrong with a worker, in both languages; ``died`` when the process is gone."""

    def __init__(self, vi: str, en: str, *, died: bool = False) -> None:
        super().__init__(en)
        self.vi, self.en, self.died = vi, en, died


def _failure(trouble: _Trouble) -> EvaluationFailure:
    return EvaluationFailure(
        Text(
            vi=f"Không đánh giá được bằng durable-rules: {trouble.vi}",
            en=f"Could not evaluate with durable-rules: {trouble.en}",
        )
    )


def _exit_reason(code: int | None) -> tuple[str, str]:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"bị dừng bởi {name}", f"was killed by {name}"
    return f"đã thoát (mã {code})", f"exited with code {code}"


class _Worker:
    """One worker process and the pipe to it. Used by one thread at a time."""

    def __init__(self, context: SpawnContext, definitions: str, timeout: float, main: WorkerMain) -> None:
        self._context = context
        self._definitions = definitions
        self.timeout = timeout
        self._main = main
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self.starts = 0

    def _start(self) -> None:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=self._main, args=(child,), name="compliance-durable", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self.starts += 1
        try:
            self._exchange(("init", self._definitions), self.timeout)
        except _Trouble as trouble:
            hint_vi = hint_en = ""
            if trouble.died:
                hint_vi = " Nếu chạy từ một script, hãy đặt phần chính trong `if __name__ == '__main__':`."
                hint_en = (
                    " If this runs from a script, guard its entry point with `if __name__ == '__main__':`."
                )
            raise _Trouble(
                f"không khởi động được tiến trình durable-rules: {trouble.vi}.{hint_vi}",
                f"the durable-rules worker did not start: {trouble.en}.{hint_en}",
            ) from None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def stop(self) -> int | None:
        """Stop the process if it still runs; its exit code."""
        code = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=10)
            code = self._process.exitcode
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None
        return code

    def call(self, message: tuple[str, Any]) -> Any:
        """One request and its answer, starting the process first if there is none. On any
        trouble the process is stopped (the next call starts a new one) and _Trouble raised."""
        if self._conn is None:
            self._start()
        return self._exchange(message, self.timeout)

    def _exchange(self, message: tuple[str, Any], timeout: float) -> Any:
        assert self._conn is not None
        try:
            self._conn.send(message)
            if not self._conn.poll(timeout):
                self.stop()
                raise _Trouble(
                    f"quá thời hạn {timeout:g} giây; tiến trình đã bị dừng và được thay thế",
                    f"it exceeded the time limit of {timeout:g} s; the worker was stopped and replaced",
                )
            status, payload = self._conn.recv()
        except (EOFError, OSError):
            vi, en = _exit_reason(self.stop())
            raise _Trouble(
                f"tiến trình durable-rules {vi}; đã được thay thế",
                f"the durable-rules worker {en}; it has been replaced",
                died=True,
            ) from None
        if status != "ok":
            self.stop()
            raise _Trouble(f"durable-rules báo lỗi: {payload}", f"durable-rules reported an error: {payload}")
        return payload


def require_durable_rules() -> None:
    """Refuse the back end at once, with one message, when durable-rules cannot be imported (not
    installed, not built — it needs gcc — or built against another Python: on 3.13 its extension
    fails with ``undefined symbol: PyEval_CallObject``), instead of an ``error`` finding per rule
    from workers that die at start. Only the extension module is loaded here, nothing runs."""
    try:
        if importlib.util.find_spec("durable") is None:
            raise ImportError("No module named 'durable'")
        importlib.import_module("durable_rules_engine")
    except ImportError as exc:
        from compliance.errors import Code, InputError, Location  # noqa: PLC0415
        from compliance.messages import problem  # noqa: PLC0415

        detail = str(exc) or type(exc).__name__
        raise InputError(
            [problem(Code.DURABLE_UNAVAILABLE, at=Location("--engine"), detail=detail)]
        ) from None


class DurableEvaluator:
    """Answers the IR's selectors with durable-rules, in ``workers`` worker processes (started
    when first needed; one per thread evaluating at the same time). Each process runs
    ``worker_main`` (a module-level function, sent to the process by reference; the real message
    loop unless told otherwise) on its end of a pipe."""

    name = "durable"

    def __init__(
        self,
        program: Program,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        workers: int = 1,
        worker_main: WorkerMain = _durable_worker.main,
    ) -> None:
        if worker_main is _durable_worker.main:
            require_durable_rules()
        self.layout: Layout = build_layout(program.selectors)  # GrammarError: nothing is registered
        definitions = json.dumps(self.layout.definitions(), ensure_ascii=False)
        context = multiprocessing.get_context("spawn")
        self._workers = [_Worker(context, definitions, timeout, worker_main) for _ in range(max(1, workers))]
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        for worker in self._workers:
            self._idle.put(worker)
        self._timeout = timeout

    @property
    def timeout(self) -> float:
        """Seconds one portfolio (or a worker's start) may take before the worker is replaced."""
        return self._timeout

    @timeout.setter
    def timeout(self, seconds: float) -> None:
        self._timeout = seconds
        for worker in self._workers:
            worker.timeout = seconds

    @property
    def restarts(self) -> int:
        """How many times a worker process was started again after its first start."""
        return sum(max(0, w.starts - 1) for w in self._workers)

    @property
    def pids(self) -> list[int]:
        """Process ids of the running workers."""
        return [pid for w in self._workers if (pid := w.pid) is not None]

    # -- evaluation

    def evaluate(self, rules: Sequence[CompiledRule], portfolio: Portfolio) -> Matches:
        wanted = [s for r in rules for s in r.check.selectors()]
        found: dict[str, set[Match]] = {s.id: set() for s in wanted}
        rulesets: dict[str, Ruleset] = {}
        for selector in wanted:
            ruleset = self.layout.by_selector.get(selector.id)
            if ruleset is not None:
                rulesets.setdefault(ruleset.name, ruleset)
        documents = [d.facts for d in portfolio.documents]
        batches: list[Batch] = []
        for ruleset in rulesets.values():
            facts = ruleset.facts(documents)
            if facts:
                batches.append((ruleset.name, facts))
        if batches:
            answer: Answer = self._call(("eval", batches))
            for (name, _), hits in zip(batches, answer, strict=True):
                ruleset = rulesets[name]
                for rule, d, j in hits:
                    selector = ruleset.selectors[rule]
                    if selector.id in found:
                        found[selector.id].add(Match(d, None if selector.collection is None else j))
        return {s: tuple(sorted(hits)) for s, hits in found.items()}

    def _call(self, message: tuple[str, Any]) -> Any:
        worker = self._idle.get()
        try:
            return worker.call(message)
        except _Trouble as trouble:
            raise _failure(trouble) from None
        finally:
            self._idle.put(worker)

    # -- lifecycle

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
