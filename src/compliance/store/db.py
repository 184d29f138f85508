"""The audit store: an SQLite database of saved runs (stdlib :mod:`sqlite3`).

* **Atomic**: a run is saved in one transaction (``BEGIN IMMEDIATE`` … ``COMMIT``); an exception,
  a kill or a power cut before the commit leaves the store as it was, never half a run.
* **Concurrent**: the database is in WAL mode, so readers never wait for a writer; writers queue
  on SQLite's lock for up to :data:`BUSY_SECONDS` (``busy_timeout``) and then give up with a
  message, never with a damaged file. (WAL needs a local disk: not a network share.)
* **Versioned**: :mod:`.schema` brings an older store up to date when it is opened, in one
  transaction; a newer one is refused untouched, and so is another program's database.

Every SQLite failure becomes an :class:`~compliance.errors.InputError` naming the file and the
fix (exit 2), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from compliance.errors import Code, InputError, Location
from compliance.findings import CheckResult, Finding, Status
from compliance.fingerprint import fingerprint
from compliance.i18n import Text
from compliance.messages import listing, problem
from compliance.severity import Severity
from compliance.store import schema
from compliance.store.models import (
    Counts,
    History,
    PackVersion,
    RunInfo,
    Scope,
    StatusPoint,
    StoredFinding,
    Timeline,
    Trend,
    TrendPoint,
)

if TYPE_CHECKING:
    from compliance.roster import RosterEntry

STORE_FOLDER = ".compliance"
STORE_NAME = "audits.sqlite"
BUSY_SECONDS: float = 60
_COUNT_COLUMNS = ("passed", "failed", "errors", "pending", "not_applicable", "waived")
_COLUMN_OF = {
    Status.pass_: "passed",
    Status.fail: "failed",
    Status.error: "errors",
    Status.pending: "pending",
    Status.not_applicable: "not_applicable",
    Status.waived: "waived",
}
SCOPES: tuple[Scope, ...] = ("rule", "unit", "district", "province")


def default_store(paths: Sequence[str | os.PathLike[str]]) -> Path:
    """Where ``--save`` writes without ``--store``: ``.compliance/audits.sqlite`` in the folder
    that holds the first path given (beside the audited folder, or beside the file)."""
    first = Path(os.path.abspath(paths[0] if paths else "."))
    return first.parent / STORE_FOLDER / STORE_NAME


def find_store(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The first ``.compliance/audits.sqlite`` in ``start`` (default: the working directory) or
    one of its parents, as ``history`` and ``diff`` look for it without ``--store``."""
    here = Path(os.path.abspath(start or "."))
    for folder in (here, *here.parents):
        candidate = folder / STORE_FOLDER / STORE_NAME
        if candidate.is_file():
            return candidate
    return None


def shown(path: str | os.PathLike[str]) -> str:
    """A path as a person reads it: relative to the working directory when below it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def file_sha256(path: str | os.PathLike[str]) -> tuple[str | None, int | None]:
    """The SHA-256 (hex) and size of a file's bytes; (None, None) when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
    except OSError:
        return None, None
    return digest.hexdigest(), size


class Store:
    """An open audit store. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    # ------------------------------------------------------------------------- opening

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False) -> Store:
        """Open the store at ``path``, bringing its schema up to date. ``create``: make the file
        (and its folder) when missing; otherwise a missing store is an :class:`InputError`."""
        target = Path(path)
        name = shown(target)
        if target.is_dir():
            raise _problem(Code.STORE_NOT_A_DATABASE, name, detail="đây là thư mục / a folder")
        if not target.exists():
            if not create:
                raise _problem(Code.STORE_MISSING, name)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _problem(Code.STORE_CANNOT_WRITE, name, reason=exc.strerror or exc) from None
        with _guard(name):
            conn = sqlite3.connect(target, timeout=BUSY_SECONDS, isolation_level=None)
        store = cls(conn, target)
        try:
            with _guard(name):
                store._prepare_waiting(name)
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare_waiting(self, name: str) -> None:
        """:meth:`_prepare`, tried again while the store is busy. SQLite does not call its busy
        handler everywhere: when two processes make the store at once, switching it to WAL or
        reading a WAL index that another is rebuilding fails with ``SQLITE_BUSY`` at once. So the
        whole step is tried again, with a growing pause, until :data:`BUSY_SECONDS` have passed."""
        deadline = time.monotonic() + BUSY_SECONDS
        pause = 0.005
        while True:
            try:
                self._prepare(name)
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _prepare(self, name: str) -> None:
        conn = self._conn
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")  # the header and the tables read in one snapshot: another process may be
        try:  # making the store right now
            version = self._check_version(name)
        finally:
            _rollback(conn)
        if version == schema.SCHEMA_VERSION:
            return
        if version == 0:
            conn.execute("PRAGMA journal_mode = WAL")  # persistent: once, when the store is made
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self._check_version(name)  # another process may have migrated meanwhile
            if version < schema.SCHEMA_VERSION:
                schema.migrate(conn, version)
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise

    def _check_version(self, name: str) -> int:
        conn = self._conn
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        application = int(conn.execute("PRAGMA application_id").fetchone()[0])
        if application != schema.APPLICATION_ID:
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if application != 0 or version != 0 or tables:
                raise _problem(Code.STORE_FOREIGN, name)
        if version > schema.SCHEMA_VERSION:
            raise _problem(Code.STORE_NEWER, name, found=version, supported=schema.SCHEMA_VERSION)
        return version

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def name(self) -> str:
        return shown(self.path)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (``IMMEDIATE``): committed when the block ends,
        rolled back when anything (an error, ``KeyboardInterrupt``) leaves it."""
        with _guard(self.name):
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                _rollback(self._conn)
                raise

    # ------------------------------------------------------------------------- saving

    def save(
        self,
        result: CheckResult,
        *,
        command: str = "api",
        paths: Sequence[str | os.PathLike[str]] = (),
        parameters: Mapping[str, Any] | None = None,
        roster: Sequence[RosterEntry] | None = None,
    ) -> int:
        """Record ``result`` as a new run and return its id: as-of, packs and versions,
        ``parameters`` (JSON-able: rules, params, waivers … as given), the ``roster``, every
        finding with its fingerprint, every document with the SHA-256 of its bytes (read now),
        the unreadable ones. All in one transaction: on any error nothing is saved."""
        documents = []
        for d in result.documents:  # hashed before the transaction: no lock held while reading files
            digest, size = file_sha256(d.file)
            documents.append((d.file, digest, size, d.kind, d.unit_id, d.school_year, d.received.isoformat()))
        problems = []
        for seq, p in enumerate(result.problems):
            digest = file_sha256(p.file)[0] if p.file else None
            problems.append((seq, p.file, digest, p.code, p.line, p.pointer, p.message.vi, p.message.en))
        listed = {(e.unit.unit_id, e.school_year): e for e in roster or ()}
        summary: dict[str, Any] = {"summary": result.summary.model_dump(mode="json")}
        if result.audit is not None:
            summary["audit"] = result.audit.model_dump(mode="json", exclude={"per_rule", "per_unit"})
        with self._transaction() as conn:
            run_id = _insert_run(conn, result, command, paths, parameters, roster, summary)
            conn.executemany(
                "INSERT INTO packs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (run_id, p.id, p.version, p.title.vi, p.title.en, p.file, p.seed, p.school_year, p.rules)
                    for p in result.packs
                ],
            )
            counts = dict.fromkeys(_COUNT_COLUMNS, 0)
            rules: dict[str, tuple[Any, ...]] = {}
            units: dict[tuple[str, str], tuple[str | None, str]] = {}

            def rows() -> Iterator[tuple[Any, ...]]:
                for f in result.findings:
                    counts[_COLUMN_OF[f.status]] += 1
                    if f.rule_id not in rules:
                        rules[f.rule_id] = (run_id, f.rule_id, f.pack, f.kind, f.title.vi, f.title.en)
                    units.setdefault((f.unit_id, f.school_year), (f.unit_name, f.unit_type))
                    yield _finding_row(run_id, f)

            conn.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows())
            conn.executemany("INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?)", list(rules.values()))
            conn.executemany(
                "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(run_id, *d) for d in documents]
            )
            conn.executemany(
                "INSERT INTO problems VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(run_id, *p) for p in problems]
            )
            for key, entry in listed.items():
                units.setdefault(key, (entry.unit.unit_name, entry.unit.unit_type))
            conn.executemany(
                "INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        unit_id,
                        year,
                        name,
                        unit_type,
                        listed[(unit_id, year)].unit.province_name if (unit_id, year) in listed else None,
                        listed[(unit_id, year)].unit.district_name if (unit_id, year) in listed else None,
                        int((unit_id, year) in listed),
                    )
                    for (unit_id, year), (name, unit_type) in units.items()
                ],
            )
            conn.execute(
                "UPDATE runs SET findings = ?, passed = ?, failed = ?, errors = ?, pending = ?, "
                "not_applicable = ?, waived = ? WHERE id = ?",
                (sum(counts.values()), *(counts[c] for c in _COUNT_COLUMNS), run_id),
            )
            for statement in schema.tally_statements("?"):
                conn.execute(statement, (run_id,))
        return run_id

    # ------------------------------------------------------------------------- reading runs

    def runs(self, limit: int | None = None) -> list[RunInfo]:
        """The saved runs, oldest first (``limit``: only the last so many)."""
        with _guard(self.name):
            rows = self._conn.execute(
                f"SELECT * FROM (SELECT * FROM runs ORDER BY id DESC {'LIMIT ?' if limit else ''}) ORDER BY id",
                (limit,) if limit else (),
            ).fetchall()
            packs: dict[int, list[PackVersion]] = {}
            for run_id, pack_id, version in self._conn.execute(
                "SELECT run_id, pack_id, version FROM packs ORDER BY run_id, pack_id"
            ):
                packs.setdefault(run_id, []).append(PackVersion(id=pack_id, version=version))
            names = [c[0] for c in self._conn.execute("SELECT * FROM runs LIMIT 0").description]
        out = []
        for row in rows:
            r = dict(zip(names, row, strict=True))
            out.append(
                RunInfo(
                    id=r["id"],
                    saved_at=dt.datetime.fromisoformat(r["saved_at"]),
                    as_of=dt.date.fromisoformat(r["as_of"]),
                    command=r["command"],
                    tool_version=r["tool_version"],
                    engine=r["engine"],
                    paths=json.loads(r["paths"]),
                    packs=packs.get(r["id"], []),
                    counts=Counts(**{c: r[c] for c in _COUNT_COLUMNS}),
                    problems=r["problems"],
                )
            )
        return out

    def run_ids(self) -> list[int]:
        with _guard(self.name):
            return [row[0] for row in self._conn.execute("SELECT id FROM runs ORDER BY id")]

    def resolve(self, ref: int | str) -> int:
        """The id of the run ``ref`` names: its id (``12`` or ``#12``), ``latest`` (the last
        saved) or ``latest~N`` (N runs before it)."""
        ids = self.run_ids()
        text = str(ref).strip().lower()
        found: int | None = None
        if text.lstrip("#").isdigit() and text.lstrip("#").isascii():
            wanted = int(text.lstrip("#"))
            found = wanted if wanted in ids else None
        elif text == "latest" or text.startswith("latest~"):
            back = text.removeprefix("latest").removeprefix("~") or "0"
            if not (back.isdigit() and back.isascii()):
                raise InputError([problem(Code.RUN_REFERENCE, at=Location(str(ref)), ref=ref)])
            index = len(ids) - 1 - int(back)
            found = ids[index] if 0 <= index < len(ids) else None
        else:
            raise InputError([problem(Code.RUN_REFERENCE, at=Location(str(ref)), ref=ref)])
        if found is None:
            raise _problem(Code.NO_SUCH_RUN, self.name, ref=ref, known=_id_ranges(ids))
        return found

    def run(self, ref: int | str) -> RunInfo:
        run_id = self.resolve(ref)
        return next(r for r in self.runs() if r.id == run_id)

    def findings(self, run_id: int) -> list[StoredFinding]:
        """The findings of a run, in the order they were saved."""
        with _guard(self.name):
            titles = {
                rule_id: (kind, Text(vi=vi, en=en))  # one per rule, shared
                for rule_id, kind, vi, en in self._conn.execute(
                    "SELECT rule_id, kind, title_vi, title_en FROM rules WHERE run_id = ?", (run_id,)
                )
            }
            rows = self._conn.execute(
                "SELECT fingerprint, unit_id, unit_name, unit_type, school_year, rule_id, pack, severity, status, "
                "waiver, message_vi, message_en FROM findings WHERE run_id = ? ORDER BY rowid",
                (run_id,),
            ).fetchall()
        severities, statuses = {s.value: s for s in Severity}, {s.value: s for s in Status}
        return [
            StoredFinding(
                fp,
                unit_id,
                unit_name,
                unit_type,
                year,
                rule_id,
                pack,
                titles[rule_id][0],
                titles[rule_id][1],
                severities[severity],
                statuses[status],
                waiver,
                Text(vi=message_vi, en=message_en),  # the store's own rows: valid when written
            )
            for fp, unit_id, unit_name, unit_type, year, rule_id, pack, severity, status, waiver, message_vi, message_en in rows
        ]

    def documents(self, run_id: int) -> dict[str, str | None]:
        """The documents of a run: file → SHA-256 of its bytes when saved (None: unreadable)."""
        with _guard(self.name):
            rows = self._conn.execute(
                "SELECT file, sha256 FROM documents WHERE run_id = ? UNION ALL "
                "SELECT file, sha256 FROM problems WHERE run_id = ? AND file IS NOT NULL",
                (run_id, run_id),
            ).fetchall()
        return dict(rows)

    # ------------------------------------------------------------------------- history and trends

    def subject(self, name: str) -> tuple[Literal["unit", "rule"], str]:
        """Whether ``name`` is a rule id or a unit id of the store (exactly, else ignoring case
        of ASCII letters), and as stored."""
        with _guard(self.name):
            for kind, sql in (
                ("rule", "SELECT rule_id FROM findings WHERE rule_id = ? {} LIMIT 1"),
                ("unit", "SELECT unit_id FROM findings WHERE unit_id = ? {} LIMIT 1"),
            ):
                for collate in ("", "COLLATE NOCASE"):
                    row = self._conn.execute(sql.format(collate), (name,)).fetchone()
                    if row is not None:
                        return ("rule" if kind == "rule" else "unit"), str(row[0])
            known = [r[0] for r in self._conn.execute("SELECT DISTINCT rule_id FROM rules")]
            known += [r[0] for r in self._conn.execute("SELECT DISTINCT unit_id FROM units")]
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6) or difflib.get_close_matches(
            name.upper(), [k.upper() for k in known], n=3, cutoff=0.6
        )
        raise _problem(Code.NOT_IN_STORE, self.name, name=name, suggestions=listing(close))

    def timelines(
        self, *, unit: str | None = None, rule: str | None = None, limit: int | None = None
    ) -> list[Timeline]:
        """Each finding of ``unit`` (or of ``rule``) across the runs (the last ``limit`` ones),
        oldest run first: one timeline per (unit, school year, rule)."""
        column, value = ("unit_id", unit) if unit is not None else ("rule_id", rule)
        ids = self.run_ids()[-limit:] if limit else None
        with _guard(self.name):
            rows = self._conn.execute(
                "SELECT f.fingerprint, f.unit_id, f.unit_name, f.school_year, f.rule_id, r.title_vi, r.title_en, "
                "f.severity, f.run_id, u.as_of, f.status, f.waiver, f.message_vi, f.message_en "
                "FROM findings f JOIN runs u ON u.id = f.run_id "
                "JOIN rules r ON r.run_id = f.run_id AND r.rule_id = f.rule_id "
                f"WHERE f.{column} = ? ORDER BY f.run_id",
                (value,),
            ).fetchall()
        lines: dict[str, dict[str, Any]] = {}
        for (
            fp,
            unit_id,
            unit_name,
            year,
            rule_id,
            title_vi,
            title_en,
            severity,
            run_id,
            as_of,
            *state,
        ) in rows:
            if ids is not None and run_id not in ids:
                continue
            status, waiver, message_vi, message_en = state
            line = lines.setdefault(fp, {"fingerprint": fp, "points": []})
            line.update(  # the latest run names it
                unit_id=unit_id,
                unit_name=unit_name,
                school_year=year,
                rule_id=rule_id,
                title=Text(vi=title_vi, en=title_en),
                severity=severity,
            )
            line["points"].append(
                StatusPoint(
                    run=run_id,
                    as_of=dt.date.fromisoformat(as_of),
                    status=Status(status),
                    waiver=waiver,
                    message=Text(vi=message_vi, en=message_en),
                )
            )
        return sorted(
            (Timeline(**line) for line in lines.values()),
            key=lambda t: (
                (t.unit_id, t.school_year, t.rule_id) if unit is None else (t.school_year, t.rule_id)
            ),
        )

    def trend(
        self, by: Scope = "rule", keys: Sequence[str] | None = None, limit: int | None = None
    ) -> list[Trend]:
        """Counts by status (and the compliance rate) per rule, unit, district or province,
        run after run (oldest first; ``limit``: the last so many runs). ``keys``: only those
        rules, units … (a district or province as the roster writes it; ``""``: units whose
        district no roster gave). Reads ``tallies``, one row per run and key, not the findings."""
        if by not in SCOPES:
            raise ValueError(f"trend by one of {SCOPES}, not {by!r}")
        ids = self.run_ids()[-limit:] if limit else None
        runs = {r.id: r for r in self.runs()}
        with _guard(self.name):
            rows = self._conn.execute(
                f"SELECT key, run_id, {', '.join(_COUNT_COLUMNS)} FROM tallies WHERE scope = ? ORDER BY key, run_id",
                (by,),
            ).fetchall()
            titles = self._titles(by)
        wanted = set(keys) if keys is not None else None
        trends: dict[str, list[TrendPoint]] = {}
        for key, run_id, *counts in rows:
            if (wanted is not None and key not in wanted) or (ids is not None and run_id not in ids):
                continue
            run = runs[run_id]
            trends.setdefault(key, []).append(
                TrendPoint(
                    run=run_id,
                    saved_at=run.saved_at,
                    as_of=run.as_of,
                    **dict(zip(_COUNT_COLUMNS, counts, strict=True)),
                )
            )
        return [
            Trend(scope=by, key=key, title=titles.get(key), points=points) for key, points in trends.items()
        ]

    def _titles(self, by: Scope) -> dict[str, Text]:
        if by == "rule":
            rows = self._conn.execute(
                "SELECT rule_id, title_vi, title_en FROM rules ORDER BY run_id"
            ).fetchall()
            return {k: Text(vi=vi, en=en) for k, vi, en in rows}
        if by == "unit":
            rows = self._conn.execute(
                "SELECT unit_id, unit_name FROM units WHERE unit_name IS NOT NULL ORDER BY run_id"
            ).fetchall()
            return {k: Text(vi=name, en=name) for k, name in rows}
        return {"": Text(vi="(không rõ)", en="(unknown)")}

    def history(self, name: str | None = None, *, limit: int | None = None) -> History:
        """The runs, and for ``name`` (a unit id or a rule id) its findings over time and its trend."""
        runs = self.runs(limit)
        if name is None:
            return History(store=self.name, subject="runs", runs=runs)
        kind, name = self.subject(name)
        if kind == "unit":
            timelines = self.timelines(unit=name, limit=limit)
        else:
            timelines = self.timelines(rule=name, limit=limit)
        trend = next(iter(self.trend(kind, [name], limit)), None)
        return History(store=self.name, subject=kind, name=name, runs=runs, timelines=timelines, trend=trend)


def _insert_run(
    conn: sqlite3.Connection,
    result: CheckResult,
    command: str,
    paths: Sequence[str | os.PathLike[str]],
    parameters: Mapping[str, Any] | None,
    roster: Sequence[RosterEntry] | None,
    summary: dict[str, Any],
) -> int:
    saved_at = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
    roster_json = (
        json.dumps(
            [
                {
                    "unit_id": e.unit.unit_id,
                    "unit_name": e.unit.unit_name,
                    "unit_type": e.unit.unit_type,
                    "school_levels": sorted(e.unit.levels),
                    "province": e.unit.province_name,
                    "district": e.unit.district_name,
                    "school_year": e.school_year,
                }
                for e in roster
            ],
            ensure_ascii=False,
        )
        if roster is not None
        else None
    )
    cursor = conn.execute(
        "INSERT INTO runs (saved_at, as_of, command, tool_version, engine, paths, parameters, roster, summary, "
        "notes, findings, passed, failed, errors, pending, not_applicable, waived, problems) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?)",
        (
            saved_at,
            result.as_of.isoformat(),
            command,
            result.tool_version,
            result.engine,
            json.dumps([str(p) for p in paths], ensure_ascii=False),
            json.dumps(dict(parameters or {}), ensure_ascii=False, default=str),
            roster_json,
            json.dumps(summary, ensure_ascii=False),
            json.dumps([n.as_dict() for n in result.notes], ensure_ascii=False),
            len(result.problems),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _finding_row(run_id: int, f: Finding) -> tuple[Any, ...]:
    return (
        run_id,
        fingerprint(f),
        f.unit_id,
        f.school_year,
        f.rule_id,
        f.pack,
        f.unit_name,
        f.unit_type,
        f.severity.value,
        f.status.value,
        f.waiver,
        f.message.vi,
        f.message.en,
    )


def _id_ranges(ids: list[int]) -> Text:
    """``1–4, 7`` (or "(none)")."""
    parts: list[str] = []
    for i in ids:
        if parts and parts[-1].rpartition("–")[2] == str(i - 1):
            parts[-1] = f"{parts[-1].partition('–')[0]}–{i}"
        else:
            parts.append(str(i))
    return listing(parts)


def _problem(code: Code, where: str, /, **values: object) -> InputError:
    return InputError([problem(code, at=Location(where), path=where, **values)])


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:  # if ROLLBACK fails the connection is going away: the journal undoes it
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextmanager
def _guard(name: str) -> Iterator[None]:
    """SQLite's failures, said for a person: the store is busy, cannot be written, or is not one."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise  # a bug of ours (two findings with one fingerprint): exit 3, nothing saved
    except sqlite3.Error as exc:
        raise _translate(exc, name) from None


def _is_busy(exc: sqlite3.Error) -> bool:
    error = getattr(exc, "sqlite_errorname", "") or ""
    return error.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc)


def _translate(exc: sqlite3.Error, name: str) -> InputError:
    error = getattr(exc, "sqlite_errorname", "") or ""
    detail = str(exc)
    if _is_busy(exc):
        return _problem(Code.STORE_BUSY, name, seconds=BUSY_SECONDS)
    if error.startswith(("SQLITE_CANTOPEN", "SQLITE_READONLY", "SQLITE_FULL", "SQLITE_IOERR", "SQLITE_PERM")):
        return _problem(Code.STORE_CANNOT_WRITE, name, reason=detail)
    return _problem(Code.STORE_NOT_A_DATABASE, name, detail=detail)
