"""The durable-rules worker process: one Host, no threads, one live session at a time.

It runs in a process of its own (started with ``spawn``) because durable-rules 2.0.28 can crash
the process it runs in. Protocol over a :class:`multiprocessing.connection.Connection`, one
request, one answer:

* ``("init", json text of {name: ruleset})`` — register every ruleset, once; ``("ok", None)``;
* ``("eval", [(ruleset name, facts), …])`` — for each batch: a fresh session id, the facts and
  the ``$end`` sentinel last in one ``assert_facts`` call, a check that the sentinel's ``__done``
  action ran and ran last, then ``delete_state`` — never before (deleting a session in which no
  action ran is a SIGSEGV). Answers ``("ok", [[(rule, document, item), …] per batch])``, each
  list without duplicates (a rule with ``$or`` fires once per branch that matches);
* ``("debug", command)`` — test hooks: ``"kill-next"`` (the next evaluation dies by SIGKILL),
  ``"sleep-next:S"`` (it first sleeps S seconds), ``"session:N"`` (the next session id is
  ``doc-N``). Answers ``("ok", None)``.

Anything unexpected is answered ``("error", text)``; the parent then replaces the worker, whose
durable-rules state can no longer be trusted.
"""

from __future__ import annotations

import json
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any

SENTINEL = "$end"


def main(conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        from durable import engine  # type: ignore[import-untyped]  # noqa: PLC0415 - only here
    except Exception as exc:
        conn.send(("error", f"durable-rules cannot be imported: {type(exc).__name__}: {exc}"))
        return

    fired: list[tuple[str, dict[str, Any]]] = []

    class Host(engine.Host):  # type: ignore[misc]
        def _run(self) -> None:
            """No dispatch or timer threads: every action runs inside ``assert_facts``."""

        def get_action(self, name: str) -> Any:
            def action(c: Any) -> None:
                fired.append((name, c._m["m"] if name != "__sink" else {}))

            return action

    host: Any = None
    session = 0
    fault: str | None = None
    while True:
        try:
            kind, payload = conn.recv()
        except EOFError:  # the parent is gone
            return
        try:
            if kind == "init":
                host = Host()
                host.register_rulesets(json.loads(payload))  # a private copy: registering mutates it
                answer: Any = None
            elif kind == "debug":
                if payload.startswith("session:"):
                    session = int(payload.split(":", 1)[1]) - 1
                else:
                    fault = payload
                answer = None
            elif kind == "eval":
                if fault == "kill-next":
                    os.kill(os.getpid(), signal.SIGKILL)
                if fault is not None and fault.startswith("sleep-next:"):
                    seconds = float(fault.split(":", 1)[1])
                    fault = None
                    time.sleep(seconds)
                answer = []
                for name, facts in payload:
                    session += 1
                    answer.append(_evaluate(host, fired, name, facts, f"doc-{session}"))
            else:
                raise ValueError(f"unknown command {kind!r}")
            conn.send(("ok", answer))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {getattr(exc, 'message', exc)}"))


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
