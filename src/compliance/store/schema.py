"""The audit store's tables, and the migrations that bring an older store up to date.

The schema version is SQLite's ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file
as an audit store, so that another program's database is never taken for one (and never written).
:data:`MIGRATIONS` holds one step per version, in order: step *n* turns a version *n − 1* store
into a version *n* one. Opening a store applies the missing steps in one transaction, so a store
is at one version or the next, never between; a store of a version newer than this code knows is
refused, never touched.

Version 1 — the runs: what was checked (``runs``: as-of, command, paths, parameters, roster,
summary, notes), the packs and their versions (``packs``), each rule's title (``rules``), every
finding with its fingerprint (``findings``), the documents and their SHA-256 (``documents``),
the unreadable ones (``problems``) and the units, with their district and province when a roster
gave them (``units``).

Version 2 — ``tallies``: each run's counts by status per rule, unit, district and province,
what trends read (one row per run and key instead of every finding); filled in for the runs a
version 1 store already holds.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x434D504C  # "CMPL"

_V1 = (
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        saved_at TEXT NOT NULL,            -- when it was saved, ISO 8601 in UTC
        as_of TEXT NOT NULL,               -- the date judged at, ISO 8601
        command TEXT NOT NULL,             -- audit | check | api
        tool_version TEXT NOT NULL,
        engine TEXT NOT NULL,
        paths TEXT NOT NULL,               -- JSON list, as given
        parameters TEXT NOT NULL,          -- JSON object: rules, params, waivers, exclude, fail_on …
        roster TEXT,                       -- JSON list of the roster's units, or NULL
        summary TEXT NOT NULL,             -- JSON: the result's summary (and audit summary)
        notes TEXT NOT NULL,               -- JSON list of {vi, en}
        findings INTEGER NOT NULL,
        passed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        not_applicable INTEGER NOT NULL,
        waived INTEGER NOT NULL,
        problems INTEGER NOT NULL
    )""",
    """CREATE TABLE packs (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        pack_id TEXT NOT NULL,
        version TEXT NOT NULL,
        title_vi TEXT NOT NULL,
        title_en TEXT NOT NULL,
        file TEXT NOT NULL,
        seed TEXT NOT NULL,
        school_year TEXT NOT NULL,
        rules INTEGER NOT NULL,
        PRIMARY KEY (run_id, pack_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE rules (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        rule_id TEXT NOT NULL,
        pack TEXT,
        kind TEXT NOT NULL,
        title_vi TEXT NOT NULL,
        title_en TEXT NOT NULL,
        PRIMARY KEY (run_id, rule_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        school_year TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        pack TEXT,
        unit_name TEXT,
        unit_type TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        waiver TEXT,
        message_vi TEXT NOT NULL,
        message_en TEXT NOT NULL,
        PRIMARY KEY (run_id, fingerprint)
    )""",  # a rowid table: the rowid keeps the order of the audit
    "CREATE INDEX findings_by_unit ON findings (unit_id, run_id)",
    "CREATE INDEX findings_by_rule ON findings (rule_id, run_id)",
    """CREATE TABLE documents (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        file TEXT NOT NULL,
        sha256 TEXT,                       -- of the file's bytes when saved; NULL if it could not be read
        size INTEGER,
        kind TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        school_year TEXT NOT NULL,
        received TEXT NOT NULL,
        PRIMARY KEY (run_id, file)
    ) WITHOUT ROWID""",
    """CREATE TABLE problems (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        file TEXT,
        sha256 TEXT,
        code TEXT NOT NULL,
        line INTEGER,
        pointer TEXT,
        message_vi TEXT NOT NULL,
        message_en TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID""",
    """CREATE TABLE units (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        unit_id TEXT NOT NULL,
        school_year TEXT NOT NULL,
        unit_name TEXT,
        unit_type TEXT NOT NULL,
        province TEXT,                     -- as the roster writes it; NULL when no roster said
        district TEXT,
        on_roster INTEGER NOT NULL,
        PRIMARY KEY (run_id, unit_id, school_year)
    ) WITHOUT ROWID""",
)

# scope: rule | unit | district | province; key: the rule id, unit id, district or province ('' unknown)
_V2 = (
    """CREATE TABLE tallies (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        scope TEXT NOT NULL,
        key TEXT NOT NULL,
        passed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        pending INTEGER NOT NULL,
        not_applicable INTEGER NOT NULL,
        waived INTEGER NOT NULL,
        PRIMARY KEY (scope, key, run_id)
    ) WITHOUT ROWID""",
)

# The counts of one status, as SQL over ``findings`` (shared by the backfill and by saving).
_COUNTS = (
    "SUM(f.status = 'pass'), SUM(f.status = 'fail'), SUM(f.status = 'error'), "
    "SUM(f.status = 'pending'), SUM(f.status = 'not_applicable'), SUM(f.status = 'waived')"
)
_SCOPES = {
    "rule": "f.rule_id",
    "unit": "f.unit_id",
    "district": "COALESCE(u.district, '')",
    "province": "COALESCE(u.province, '')",
}


def tally_statements(run: str = "") -> list[str]:
    """``INSERT … SELECT`` filling ``tallies`` from ``findings`` and ``units``: for every run, or
    (``run`` = ``"?"``) for the run given as the statement's parameter."""
    where = f"WHERE f.run_id = {run}" if run else ""
    return [
        f"INSERT INTO tallies SELECT f.run_id, '{scope}', {key}, {_COUNTS} FROM findings f "
        "LEFT JOIN units u ON u.run_id = f.run_id AND u.unit_id = f.unit_id AND u.school_year = f.school_year "
        f"{where} GROUP BY f.run_id, {key}"
        for scope, key in _SCOPES.items()
    ]


MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, (*_V2, *tally_statements()))
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, found: int, target: int = SCHEMA_VERSION) -> None:
    """Apply the steps from version ``found`` to ``target`` on ``conn``, inside the caller's
    transaction (statements one by one: ``executescript`` would commit it)."""
    for version in range(found + 1, target + 1):
        for statement in MIGRATIONS[version - 1]:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {int(target)}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
