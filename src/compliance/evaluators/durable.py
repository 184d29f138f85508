"""The durable-rules back end: the user's Rete engine, run where it cannot take the process down.

The IR is compiled to durable-rules JSON rulesets (:mod:`._durable_rulesets`, held to the verified
grammar before registration) and evaluated in a worker process (:mod:`._durable_worker`) with one
Host and no threads. A worker that dies or exceeds its time limit is replaced, and the portfolio
it was checking gets ``error`` findings with the reason — never a pass. One lock serialises the
calls from several threads into the one worker.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from compliance import ir
from compliance.evaluators import EvaluationFailure, Match, Matches
from compliance.evaluators._durable_rulesets import Layout, build_layout, iter_rulesets
from compliance.evaluators._durable_worker import main as worker_main
from compliance.i18n import Text
from compliance.portfolio import Portfolio

DEFAULT_TIMEOUT = 30.0


class DurableEvaluator:
    name = "durable"

    def __init__(self, program: ir.Program, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.layout: Layout = build_layout(program.selectors)
        self.timeout = timeout
        self._rulesets = dict(iter_rulesets(self.layout))
        self._by_selector = {
            selector: (rs.name, rs.fact_class)
            for rs in self.layout.rulesets
            for selector in rs.selectors.values()
        }
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None
        self.restarts = 0

    # -- worker lifecycle

    def _start(self) -> Connection:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=worker_main, args=(child,), daemon=True, name="compliance-durable"
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        answer = self._call(("init", self._rulesets), self.timeout)
        if answer is None:
            raise EvaluationFailure(
                Text(vi="không khởi động được durable-rules", en="durable-rules did not start")
            )
        return parent

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None

    def _call(self, message: tuple[str, Any], timeout: float) -> Any:
        """Send and wait; None when the worker died or timed out (it is then stopped)."""
        assert self._conn is not None
        try:
            self._conn.send(message)
            if not self._conn.poll(timeout):
                self._stop()
                return None
            status, payload = self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._stop()
            return None
        if status != "ok":
            self._stop()
            raise EvaluationFailure(
                Text(vi=f"durable-rules báo lỗi: {payload}", en=f"durable-rules reported an error: {payload}")
            )
        return payload if payload is not None else True

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._stop()

    def debug(self, command: str) -> None:
        """Test hook: arm a fault in the worker for its next evaluation."""
        with self._lock:
            if self._conn is None:
                self._start()
            self._call(("debug", command), self.timeout)

    # -- evaluation

    def evaluate(self, rules: Sequence[ir.CompiledRule], portfolio: Portfolio) -> Matches:
        wanted = {s.id for r in rules for s in ir.selectors(r.check)}
        out: dict[str, list[Match]] = {s: [] for s in wanted}
        rulesets = sorted({self._by_selector[s] for s in wanted if s in self._by_selector})
        documents = [d.facts for d in portfolio.documents]
        batches = []
        for name, class_key in rulesets:
            facts = self.layout.facts(documents, self.layout.classes[class_key])
            batches.append((name, facts))
        if batches:
            by_rule = {
                (rs.name, rule): selector
                for rs in self.layout.rulesets
                for rule, selector in rs.selectors.items()
            }
            collections = {
                s: s_obj.collection for r in rules for s_obj in ir.selectors(r.check) for s in [s_obj.id]
            }
            for name, rule, d, j in self._run(batches):
                selector = by_rule[(name, rule)]
                if selector in out:
                    out[selector].append(Match(d, None if collections[selector] is None else j))
        return {s: tuple(sorted(found)) for s, found in out.items()}

    def _run(self, batches: list[tuple[str, list[dict[str, Any]]]]) -> list[tuple[str, str, int, int]]:
        with self._lock:
            if self._conn is None or self._process is None or not self._process.is_alive():
                if self._conn is not None:
                    self.restarts += 1
                self._stop()
                self._start()
            answer = self._call(("eval", batches), self.timeout)
            if answer is None:
                self.restarts += 1
                raise EvaluationFailure(
                    Text(
                        vi="tiến trình durable-rules bị dừng hoặc quá thời gian; đã khởi động lại, hồ sơ này chưa được đánh giá",
                        en="the durable-rules worker died or timed out; it was restarted and this portfolio was not evaluated",
                    )
                )
            matches: list[tuple[str, str, int, int]] = answer
            return matches
