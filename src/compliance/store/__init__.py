"""Audits over time: an SQLite store of saved runs, their history, diffs and baselines.

>>> from compliance.store import Store, default_store
>>> with Store.open(default_store(["bao-cao/"]), create=True) as store:
...     run_id = store.save(result, command="audit", paths=["bao-cao/"])
...     store.history("VN-HN-TX-TH-KIMGIANG")            # a unit's (or a rule's) findings over time
...     store.trend("district")                          # counts and rates per district, run by run
>>> diff(from_store(store, "latest~1"), from_file("kiem-tra.json"))   # every finding classified

* :mod:`.db` — :class:`Store`: opening (migrations), saving (one transaction), reading, trends;
* :mod:`.schema` — the tables and the migrations (``PRAGMA user_version``);
* :mod:`compliance.fingerprint` — a finding's identity across runs (beside the package: the SARIF report
  uses it without SQLite or pydantic);
* :mod:`.snapshot` — one side of a comparison: a run or an audit JSON file;
* :mod:`.diff` — :func:`diff` and its categories; :mod:`.baseline` — :func:`gate`;
* :mod:`.trends` — :func:`with_trends`: a result with its trends for the reporters.

See ``docs/history.md``.
"""

from __future__ import annotations

from compliance.fingerprint import fingerprint, fingerprint_of
from compliance.store.baseline import Gated, gate
from compliance.store.db import Store, default_store, find_store
from compliance.store.diff import AuditDiff, Category, Change, classify, diff
from compliance.store.models import Counts, History, RunInfo, StoredFinding, Timeline, Trend, TrendPoint
from compliance.store.snapshot import Snapshot, Source, from_file, from_store, resolve
from compliance.store.trends import TREND_RUNS, trends, with_trends

__all__ = [
    "TREND_RUNS",
    "AuditDiff",
    "Category",
    "Change",
    "Counts",
    "Gated",
    "History",
    "RunInfo",
    "Snapshot",
    "Source",
    "Store",
    "StoredFinding",
    "Timeline",
    "Trend",
    "TrendPoint",
    "classify",
    "default_store",
    "diff",
    "find_store",
    "fingerprint",
    "fingerprint_of",
    "from_file",
    "from_store",
    "gate",
    "resolve",
    "trends",
    "with_trends",
]
