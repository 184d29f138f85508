"""The durable-rules worker process: one Host, no threads of its own, one live session at a time.

Protocol over a pipe (parent → worker):
* ``("init", {name: ruleset})`` — register every ruleset once; answers ``("ok", None)``;
* ``("eval", [(ruleset name, facts), …])`` — for each batch: assert the facts and the ``$end``
  sentinel under a fresh session id, check that ``__done`` ran, delete the session; answers
  ``("ok", [(ruleset name, rule name, document index, item index), …])``;
* ``("debug", command)`` — test hooks: ``"kill-next"`` makes the next evaluation die by SIGKILL,
  ``"sleep-next:S"`` makes it sleep S seconds (to exercise the parent's recovery).

Any exception is answered as ``("error", text)``; the parent then restarts the worker.
"""

from __future__ import annotations

import json
import os
import signal
import time
from multiprocessing.connection import Connection
from typing import Any


def main(conn: Connection) -> None:
    from durable import engine as durable  # type: ignore[import-untyped]  # noqa: PLC0415 - only in the worker

    fired: list[tuple[str, dict[str, Any]]] = []

    class Host(durable.Host):  # type: ignore[misc]
        def _run(self) -> None:
            """No dispatch/timer threads: actions run synchronously inside assert_facts."""

        def get_action(self, name: str) -> Any:
            def action(c: Any) -> None:
                fired.append((name, c._m))

            return action

    host: Any = None
    session = 0
    fault: str | None = None
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        kind, payload = message
        try:
            if kind == "init":
                host = Host()
                # register_rulesets deletes "run" from the dicts it is given, and pickling keeps
                # shared sub-dicts shared: hand it a private copy of every ruleset
                host.register_rulesets(json.loads(json.dumps(payload)))
                conn.send(("ok", None))
            elif kind == "debug":
                fault = payload
                conn.send(("ok", None))
            elif kind == "eval":
                if fault == "kill-next":
                    os.kill(os.getpid(), signal.SIGKILL)
                if fault and fault.startswith("sleep-next:"):
                    seconds = float(fault.split(":", 1)[1])
                    fault = None
                    time.sleep(seconds)
                matches: list[tuple[str, str, int, int]] = []
                for name, facts in payload:
                    session += 1
                    sid = str(session)
                    fired.clear()
                    batch = [dict(f, sid=sid) for f in facts]
                    batch.append({"sid": sid, "id": "$end", "t": "$end"})
                    host.assert_facts(name, batch)
                    if not fired or fired[-1][0] != "__done":
                        raise RuntimeError(
                            f"ruleset {name}: the sentinel did not run last; session not deleted"
                        )
                    host.delete_state(name, sid)
                    for rule, bound in fired[:-1]:
                        fact = bound["m"]
                        matches.append((name, rule, int(fact["d"]), int(fact["j"])))
                conn.send(("ok", matches))
            else:
                conn.send(("error", f"unknown command {kind!r}"))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
