"""``--save``, ``--store`` and ``--baseline`` for ``check`` and ``audit`` (docs/history.md).

A command adds them with :func:`add_options`, calls :meth:`Keeping.start` before it checks
anything (so that a store that cannot be opened or a baseline that cannot be read stops it at
once, exit 2, before a long audit), :meth:`Keeping.record` on the result before it reports it
(the baseline's note, then the save, then the store's trends when a store is given), and
returns :meth:`Keeping.exit_code`.

The store (:mod:`compliance.store`: SQLite, the diff and snapshot models) is imported only when
``--save``, ``--store`` or ``--baseline`` is given: a plain check does not pay for it.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.i18n import Lang, Text

if TYPE_CHECKING:
    from compliance.findings import CheckResult
    from compliance.roster import RosterEntry
    from compliance.severity import Severity
    from compliance.store import Gated, Snapshot, Store


def add_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("lưu và so sánh / history and baselines (docs/history.md)")
    group.add_argument(
        "--save",
        action="store_true",
        help="lưu lần kiểm tra này vào kho (xem compliance history, compliance diff) / record this run in the "
        "audit store (see compliance history, compliance diff)",
    )
    group.add_argument(
        "--store",
        metavar="FILE",
        help="kho lưu kết quả (SQLite); mặc định: .compliance/audits.sqlite trong thư mục chứa PATH đầu tiên; "
        "khi có kho, báo cáo HTML, XLSX, JSON có xu hướng qua các lần kiểm tra / the audit store; default: "
        ".compliance/audits.sqlite in the folder that holds the first PATH; with a store the HTML, XLSX and "
        "JSON reports show the trends across its runs",
    )
    group.add_argument(
        "--baseline",
        metavar="RUN_OR_FILE",
        help="mốc so sánh: số lần kiểm tra trong kho, latest, latest~N, hoặc tệp JSON kết quả; --fail-on chỉ "
        "tính các mục không đạt chưa có ở mốc / a run of the store (id, latest, latest~N) or an audit JSON "
        "file: --fail-on counts only failures the baseline does not have",
    )


@dataclass(slots=True)
class Keeping:
    """What ``--save`` and ``--baseline`` asked for, opened before the check runs."""

    args: argparse.Namespace
    lang: Lang
    path: Path | None  # None: no --save, --store or --baseline: nothing to open
    store: Store | None = None
    baseline: Snapshot | None = None
    gated: Gated | None = None

    @classmethod
    def start(cls, args: argparse.Namespace, lang: Lang) -> Keeping:
        if not (args.save or args.baseline or args.store):
            return cls(args, lang, None)
        from compliance.store import Store, default_store, resolve  # noqa: PLC0415 - only when asked

        path = Path(args.store) if args.store else default_store(args.paths)
        keeping = cls(args, lang, path)
        if args.save:
            keeping.store = Store.open(path, create=True)
        elif args.store:  # a store given without --save: its trends go in the report
            keeping.store = Store.open(path)
        if args.baseline:
            keeping.baseline = resolve(args.baseline, keeping._opened)
        return keeping

    def _opened(self) -> Store:
        from compliance.store import Store  # noqa: PLC0415

        if self.store is None:
            assert self.path is not None  # opened only for --save or --baseline
            self.store = Store.open(self.path)
        return self.store

    def record(self, result: CheckResult, *, roster: list[RosterEntry] | None = None) -> CheckResult:
        """The result with the baseline's note (also on standard error), saved when ``--save``,
        with the store's trends when ``--save`` or ``--store`` is given."""
        try:
            if self.baseline is not None:
                from compliance.store import gate  # noqa: PLC0415

                self.gated = gate(result, self.baseline)
                result = self.gated.result
                _say(self.gated.note, self.lang)
            if self.args.save and self.store is not None:
                from compliance.store.db import shown  # noqa: PLC0415

                run_id = self.store.save(
                    result,
                    command=str(getattr(self.args, "command", None) or "check"),
                    paths=self.args.paths,
                    parameters=_parameters(self.args),
                    roster=roster,
                )
                where = shown(self.store.path)
                _say(
                    Text(
                        vi=f"Đã lưu lần kiểm tra số {run_id} vào kho {where} (xem: compliance history).",
                        en=f"Saved as run {run_id} in the store {where} (see: compliance history).",
                    ),
                    self.lang,
                )
            if self.store is not None and (self.args.save or self.args.store):
                from compliance.store import with_trends  # noqa: PLC0415

                result = with_trends(result, self.store)  # the run just saved is the last point
        finally:
            if self.store is not None:
                self.store.close()
        return result

    def exit_code(self, result: CheckResult, fail_on: Severity | None) -> int:
        """As the result's own, counting only findings new against the baseline, if any."""
        return self.gated.exit_code(fail_on) if self.gated is not None else result.exit_code(fail_on)


def _say(text: Text, lang: Lang) -> None:
    print(text.pick(lang), file=sys.stderr)


def _parameters(args: argparse.Namespace) -> dict[str, Any]:
    """What the run was asked, as typed: rules, params, engine, roster, waivers, register (with the
    SHA-256 of their files), exclusions, jobs, fail-on, baseline."""
    out: dict[str, Any] = {}
    for name in (
        "rules",
        "param",
        "engine",
        "roster",
        "waivers",
        "register",
        "exclude",
        "jobs",
        "fail_on",
        "baseline",
    ):
        if hasattr(args, name):
            out[name] = getattr(args, name)
    from compliance.store.db import file_sha256  # noqa: PLC0415

    for name in ("roster", "waivers", "register"):
        if out.get(name):
            out[name] = {"file": str(out[name]), "sha256": file_sha256(out[name])[0]}
    return out
