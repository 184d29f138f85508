"""A process that saves audits into a store, for the tests of concurrent and interrupted saves.

    python tests/store_saver.py STORE RESULT.json --times N [--ready FILE --go FILE]
    python tests/store_saver.py STORE RESULT.json --stall-after K --inside FILE

The first form saves the audit (the JSON of ``--format json``) N times, after writing ``--ready``
and waiting for ``--go`` to exist (so that several savers start at once). The second saves it once
but, K findings into the transaction, writes ``--inside`` and sleeps: the test kills it there.
Nothing of the engine is replaced: the findings are read back from the file, and the stall is in
reading them, as a slow spool of findings would be.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from compliance.findings import CheckResult, Finding
from compliance.store import Store


class Stalling(list[Finding]):
    """Findings that stop coming after ``after`` of them, once ``inside`` is written."""

    def __init__(self, findings: list[Finding], after: int, inside: Path) -> None:
        super().__init__(findings)
        self.after, self.inside = after, inside

    def __iter__(self) -> Iterator[Finding]:
        for index, finding in enumerate(list.__iter__(self)):
            if index == self.after:
                self.inside.write_text("inside the transaction", encoding="utf-8")
                time.sleep(120)  # killed here
            yield finding


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("store")
    parser.add_argument("result")
    parser.add_argument("--times", type=int, default=1)
    parser.add_argument("--ready")
    parser.add_argument("--go")
    parser.add_argument("--stall-after", type=int)
    parser.add_argument("--inside")
    args = parser.parse_args()
    result = CheckResult.model_validate_json(Path(args.result).read_text(encoding="utf-8"))
    if args.stall_after is not None:
        stalling = Stalling(list(result.findings), args.stall_after, Path(args.inside))
        result = result.model_copy(update={"findings": stalling})
    if args.ready:
        Path(args.ready).write_text("ready", encoding="utf-8")
        while not Path(args.go).exists():
            time.sleep(0.01)
    for _ in range(args.times):
        with Store.open(args.store, create=True) as store:  # each save opens it afresh, as a command does
            store.save(result, command="audit", paths=["bao-cao"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
