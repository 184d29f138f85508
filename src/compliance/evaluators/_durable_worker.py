"""The durable-rules worker process: one Host, no threads, one live session at a time.

It runs in a process of its own (started with ``spawn``) because durable-rules 2.0.28 can crash
the process it runs in. Protocol over a :class:`multiprocessing.connection.Connection`, one
request, one answer:

* ``("init", json text of {name: ruleset})`` — register every ruleset, once; ``("ok", None)``;
* ``("eval", [(ruleset name, facts), …])`` — for each batch: a fresh session id, the facts and
  the ``$end`` sentinel last in one ``assert_facts`` call, a check that the sentinel's ``__done``
  action ran and ran last, then ``delete_state`` — never before (deleting a session in which no
  action ran is a SIGSEGV). Answers ``("ok", [[(rule, document, item), …] per batch])``, each
  list without duplicates (a rule with ``$or`` fires once per branch that matches).

Anything unexpected is answered ``("error", text)``; the parent then replaces the worker, whose
durable-rules state can no longer be trusted.

:func:`main` is the process's entry point. The message loop (:func:`serve`) and the worker's
state (:class:`Worker`) are apart so that another entry point can wrap them — the tests' faulty
worker (``tests/faulty_worker.py``) dies, hangs or picks session ids that way; nothing here is
there for tests.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from compliance.evaluators._durable_grammar import SENTINEL


def main(conn: Connection) -> None:
    """The worker process's entry point: the message loop over a fresh :class:`Worker`."""
    serve(conn, Worker)


def serve(conn: Connection, make_worker: Callable[[], Worker]) -> None:
    """Answer requests on ``conn`` until the parent goes away. ``make_worker`` builds the worker
    (it imports durable-rules, so a failure is answered as an error instead of a request's answer).
    Kept apart from :class:`Worker` so that a worker can be wrapped without copying this loop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        worker = make_worker()
    except Exception as exc:
        conn.send(("error", f"durable-rules cannot be imported: {type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            kind, payload = conn.recv()
        except EOFError:  # the parent is gone
            return
        try:
            if kind == "init":
                worker.register(payload)
                answer: Any = None
            elif kind == "eval":
                answer = worker.evaluate(payload)
            else:
                raise ValueError(f"unknown command {kind!r}")
            conn.send(("ok", answer))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {getattr(exc, 'message', exc)}"))


class Worker:
    """One durable-rules Host, its actions' record, and the session counter."""

    def __init__(self) -> None:
        from durable import engine  # type: ignore[import-untyped]  # noqa: PLC0415 - only here

        fired: list[tuple[str, dict[str, Any]]] = []

        class Host(engine.Host):  # type: ignore[misc]
            def _run(self) -> None:
                """No dispatch or timer threads: every action runs inside ``assert_facts``."""

            def get_action(self, name: str) -> Any:
                def action(c: Any) -> None:
                    fired.append((name, c._m["m"] if name != "__sink" else {}))

                return action

        self._host_class = Host
        self.host: Any = None
        self.fired = fired
        self.session = 0  # the last session id used was doc-<session>

    def register(self, definitions: str) -> None:
        """Register every ruleset (JSON text of {name: ruleset}), once."""
        self.host = self._host_class()
        self.host.register_rulesets(json.loads(definitions))  # a private copy: registering mutates it

    def evaluate(self, batches: list[tuple[str, list[dict[str, Any]]]]) -> list[list[tuple[str, int, int]]]:
        """The matches of each batch, each batch under a fresh session id."""
        answer = []
        for name, facts in batches:
            self.session += 1
            answer.append(_evaluate(self.host, self.fired, name, facts, f"doc-{self.session}"))
        return answer


def _evaluate(
    host: Any, fired: list[tuple[str, dict[str, Any]]], name: str, facts: list[dict[str, Any]], sid: str
) -> list[tuple[str, int, int]]:
    for fact in facts:
        fact["sid"] = sid
    facts.append({"sid": sid, "id": SENTINEL, "t": SENTINEL})
    fired.clear()
    host.assert_facts(name, facts)
    done = [i for i, (rule, _) in enumerate(fired) if rule == "__done"]
    if done != [len(fired) - 1]:
        # the session is left alone (deleting it could crash); the parent replaces this worker
        raise RuntimeError(f"ruleset {name}: the sentinel's __done did not run last")
    host.delete_state(name, sid)
    found: set[tuple[str, int, int]] = set()
    for rule, fact in fired[:-1]:
        if rule == "__py":
            found.update((hit, fact["d"], fact["j"]) for hit in fact["y"].split())
        elif rule != "__sink":
            found.add((rule, fact["d"], fact["j"]))
    fired.clear()
    return sorted(found)
