"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one result per finding to act on.

Two formats (docs/report-format.md, "SARIF"):

* ``sarif`` — what code scanning expects: a result for each finding that fails or is an error
  (``kind: fail``, ``level`` from the severity), and for each waived one, suppressed (``suppressions:
  [{kind: external, justification: <the waiver>}]``, so that the alert shows as dismissed rather
  than open). Passes, pending and not applicable findings are left out: the invocation's
  properties count every status and how many findings were left out, so a log with no result
  still says what was judged;
* ``sarif-all`` — every finding, the others with ``level: none`` and ``kind`` ``pass``,
  ``open`` (pending) or ``notApplicable`` (SARIF 2.1.0 §3.27.9).

Every result has a physical location, the first that exists of: its evidence (the report file,
with the line and column when known; at most 10 locations, as code scanning reads no more, the
rest as ``relatedLocations``); the unit's first report file; for a roster unit that sent
nothing, the roster file at the unit's line (``audit.roster``); the folder the reports are in.
A location without a known line points at line 1 of its file (code scanning needs a line).

URIs are relative, with a ``uriBaseId``: ``%SRCROOT%`` is the working directory (the checkout,
on CI), ``REPORTROOT`` the common folder of the files outside it; ``originalUriBaseIds`` gives
both as ``file:`` URIs. No ``uri`` is absolute.

``partialFingerprints["compliance/v1"]`` is the audit store's fingerprint
(:mod:`compliance.fingerprint`: pack, rule, unit, school year), so code scanning and the
store agree on which results are the same across runs. Severities map to ``level``
(critical, high → error; medium → warning; low, info → note); there is no
``security-severity``: these are obligations of education plans, not security weaknesses.

``informationUri`` and each rule's ``helpUri`` come from the package's ``[project.urls]``
(``Repository`` or ``Homepage``; ``Documentation`` for the published ``docs/``), and are left out
when those are not real addresses (a reserved name such as ``example.invalid``).

The log is written as the findings are read: the rules come from the result's tally (the first
finding of each rule), then each result is dumped in its place, indented to its depth, so that the
output is byte for byte ``json.dumps(to_sarif(result), ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path, PurePath
from typing import Any, BinaryIO
from urllib.parse import quote, urlsplit

from compliance import __version__
from compliance.findings import CheckResult, Finding, InputProblem, Status, Tally, as_json, waiver_text
from compliance.fingerprint import fingerprint
from compliance.i18n import Lang
from compliance.remote import is_url
from compliance.reporters._stream import text_stream
from compliance.reporters._table import citation as cite
from compliance.severity import Severity

__all__ = ["ACTIONABLE", "UNREADABLE", "Bases", "fingerprint", "project_urls", "sarif_log", "to_sarif"]

_LEVEL = {
    Severity.critical: "error",
    Severity.high: "error",
    Severity.medium: "warning",
    Severity.low: "note",
    Severity.info: "note",
}
_KIND = {
    Status.pass_: "pass",
    Status.fail: "fail",
    Status.error: "fail",
    Status.waived: "fail",
    Status.not_applicable: "notApplicable",
    Status.pending: "open",
}

# the findings ``sarif`` writes: what someone has to act on (waived ones as suppressed results)
ACTIONABLE = frozenset({Status.fail, Status.error, Status.waived})

MAX_LOCATIONS = 10  # code scanning reads at most 10 locations per result

SRCROOT = "%SRCROOT%"

# --------------------------------------------------------------------------- the project's addresses

# RFC 2606 and RFC 6761: names that are never a real site
_RESERVED_SUFFIXES = (".invalid", ".example", ".test", ".localhost")
_RESERVED_HOSTS = frozenset({"localhost", "example.com", "example.net", "example.org"})


def real_url(url: str) -> bool:
    """Whether ``url`` may be a real web address: http(s), with a host that is not reserved."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host or host in _RESERVED_HOSTS:
        return False
    return not any(host.endswith(suffix) or host == suffix[1:] for suffix in _RESERVED_SUFFIXES)


@functools.cache
def project_urls() -> dict[str, str]:
    """The real addresses of ``[project.urls]`` in the installed package's metadata, by lower-case
    label (``repository``, ``homepage``, ``documentation`` …); empty when not installed."""
    from importlib.metadata import PackageNotFoundError, metadata  # noqa: PLC0415 - SARIF only

    try:
        entries = metadata("compliance").get_all("Project-URL") or []
    except PackageNotFoundError:
        return {}
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        if real_url(url.strip()):
            urls[label.strip().lower()] = url.strip()
    return urls


def information_uri(urls: dict[str, str]) -> str | None:
    return urls.get("repository") or urls.get("source") or urls.get("homepage") or urls.get("documentation")


# where docs/ documents the engine's own findings (docs/report-format.md, "Scope / Phạm vi áp dụng")
_SCOPE_DOC = "report-format.md#scope--phạm-vi-áp-dụng"


@functools.cache
def _bundled_packs() -> frozenset[str]:
    from compliance.resources import bundled_rules  # noqa: PLC0415

    return frozenset(p.name for p in bundled_rules().glob("*.yaml"))


def help_uri(rule_id: str, pack_file: str | None, urls: dict[str, str]) -> str | None:
    """The page of the published ``docs/`` that documents ``rule_id``: the engine's own findings
    in report-format.md, a bundled pack's rules in docs/packs/NNN.md; ``None`` otherwise."""
    docs = urls.get("documentation")
    if docs is None:
        return None
    base = docs.rstrip("/")
    if rule_id.startswith("compliance/"):
        return f"{base}/{quote(_SCOPE_DOC, safe='/#-.')}"
    if pack_file is None:
        return None
    name = PurePath(pack_file).name
    if len(name) > 4 and name[:3].isdigit() and name[3] == "-" and name in _bundled_packs():
        return f"{base}/packs/{name[:3]}.md"
    return None


# --------------------------------------------------------------------------- relative URIs


def _absolute(path: str, cwd: str) -> str:
    return os.path.normpath(os.path.join(cwd, unicodedata.normalize("NFC", path)))


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _uri(relative: str) -> str:
    """A relative path as a URI reference: ``/`` separators, each segment percent-encoded."""
    return quote(PurePath(relative).as_posix(), safe="/")


def _folder_uri(folder: str) -> str:
    return Path(folder).as_uri().rstrip("/") + "/"


class Bases:
    """The ``uriBaseId`` of each file: ``%SRCROOT%`` (the working directory) for the files within
    it, ``outside`` (a named base, the common folder of the others) for the rest; a file read at a
    URL (``s3://…``, :mod:`compliance.remote`) is its own absolute URI, without a base."""

    def __init__(self, paths: Iterable[str], *, outside: str, cwd: str | None = None) -> None:
        self.cwd = os.path.normpath(cwd or os.getcwd())
        self.outside = outside
        others = {
            os.path.dirname(a)
            for p in paths
            if not is_url(p) and not _within(a := _absolute(p, self.cwd), self.cwd)
        }
        self.root = os.path.commonpath(sorted(others)) if others else None
        self._known: dict[tuple[str, bool], dict[str, str]] = {}  # an audit names each file many times

    def artifact(self, path: str, *, folder: bool = False) -> dict[str, str]:
        """The ``artifactLocation`` of ``path`` (a file, or a folder with ``folder``)."""
        known = self._known.get((path, folder))
        if known is None:
            known = self._known[(path, folder)] = self._artifact(path, folder)
        return dict(known)

    def _artifact(self, path: str, folder: bool) -> dict[str, str]:
        if is_url(path):  # non-ASCII and spaces percent-encoded, the URL's own syntax kept
            uri = quote(path, safe=":/?#[]@!$&'()*+,;=%~")
            return {"uri": uri.rstrip("/") + "/" if folder else uri}
        full = _absolute(path, self.cwd)
        base, folder_of_base = SRCROOT, self.cwd
        if self.root is not None and not _within(full, self.cwd):
            base, folder_of_base = self.outside, self.root
        relative = os.path.relpath(full, folder_of_base)
        if not folder:
            return {"uri": _uri(relative), "uriBaseId": base}
        return {"uri": "./" if relative == "." else _uri(relative) + "/", "uriBaseId": base}

    def original(self) -> dict[str, Any]:
        """``run.originalUriBaseIds``: each base as the ``file:`` URI of its folder."""
        bases: dict[str, Any] = {SRCROOT: {"uri": _folder_uri(self.cwd)}}
        if self.root is not None:
            bases[self.outside] = {"uri": _folder_uri(self.root)}
        return bases


def physical(bases: Bases, path: str, line: int | None, column: int | None) -> dict[str, Any]:
    """A ``physicalLocation`` in ``path``, at ``line``/``column``, or at line 1 when not known."""
    region: dict[str, int] = {"startLine": line if line is not None and line > 0 else 1}
    if line is not None and line > 0 and column:
        region["startColumn"] = column
    return {"artifactLocation": bases.artifact(path), "region": region}


class _Places:
    """Where the results of one check result are: the bases of its files, each unit's first report
    file, the roster's lines of the units that sent nothing, the folder of the reports."""

    def __init__(self, result: CheckResult, cwd: str | None = None) -> None:
        self.unit_files: dict[tuple[str, str], str] = {}
        files: list[str] = []
        for d in result.documents:
            self.unit_files.setdefault((d.unit_id, d.school_year), d.file)
            files.append(d.file)
        files.extend(p.file for p in result.problems if p.file)
        self.roster = result.audit.roster if result.audit is not None else None
        if self.roster is not None:
            files.append(self.roster.file)
        self.bases = Bases(files, outside="REPORTROOT", cwd=cwd)
        folders = {os.path.dirname(_absolute(f, self.bases.cwd)) for f in files}
        self.folder = os.path.commonpath(sorted(folders)) if folders else self.bases.cwd

    def locations(self, f: Finding) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The result's ``locations`` and ``relatedLocations`` (evidence past the tenth)."""
        unit = [{"name": f.unit_id, "fullyQualifiedName": f"{f.unit_id}/{f.school_year}", "kind": "module"}]
        found = [
            {
                "physicalLocation": physical(self.bases, e.document, e.line, e.column),
                "logicalLocations": unit,
                "message": {"text": e.pointer or "/"},
            }
            for e in f.evidence
        ]
        if found:
            related = [{"id": i, **location} for i, location in enumerate(found[MAX_LOCATIONS:])]
            return found[:MAX_LOCATIONS], related
        file = self.unit_files.get((f.unit_id, f.school_year))
        if file is not None:
            where = physical(self.bases, file, None, None)
        elif self.roster is not None:
            where = physical(self.bases, self.roster.file, self.roster.missing_lines.get(f.unit_id), None)
        else:
            where = {"artifactLocation": self.bases.artifact(self.folder, folder=True)}
        return [{"physicalLocation": where, "logicalLocations": unit}], []


# --------------------------------------------------------------------------- rules and results


def _rule(f: Finding, lang: Lang, pack_files: dict[str, str], urls: dict[str, str]) -> dict[str, Any]:
    if f.source is None:  # the engine's own findings (compliance/…) quote no plan
        description, text, markdown = f.title.pick(lang), f.remediation.pick(lang), f.remediation.pick(lang)
    else:
        description = f"{cite(f, lang)}: “{f.source.quote}”"
        text = f"{f.remediation.pick(lang)}\n{description}"
        markdown = f"{f.remediation.pick(lang)}\n\n> {description}"
    rule: dict[str, Any] = {
        "id": f.rule_id,
        "name": f.rule_id.replace("-", "_"),
        "shortDescription": {"text": f.title.pick(lang)},
        "fullDescription": {"text": description},
        "help": {"text": text, "markdown": markdown},
    }
    link = help_uri(f.rule_id, pack_files.get(f.pack or ""), urls)
    if link is not None:
        rule["helpUri"] = link
    rule["properties"] = {
        "pack": f.pack,
        "severity": f.severity.value,
        "kind": f.kind,
        "source": as_json(f.source) if f.source is not None else None,
    }
    rule["defaultConfiguration"] = {"level": _LEVEL[f.severity]}
    return rule


def _result(f: Finding, index: int, lang: Lang, places: _Places) -> dict[str, Any]:
    failing = f.status in ACTIONABLE
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "kind": _KIND[f.status],
        "level": _LEVEL[f.severity] if failing else "none",
        "message": {"text": f"{f.unit_name or f.unit_id}: {f.message.pick(lang)}"},
        "partialFingerprints": {"compliance/v1": fingerprint(f)},
        "properties": {
            "status": f.status.value,
            "unit_id": f.unit_id,
            "school_year": f.school_year,
            "pack": f.pack,
        },
    }
    result["locations"], related = places.locations(f)
    if related:
        result["relatedLocations"] = related
    if f.status is Status.waived:
        result["suppressions"] = [_suppression(f, lang)]
    if f.deadline is not None:
        result["properties"]["deadline"] = as_json(f.deadline)
    if f.notes:
        result["properties"]["notes"] = [n.pick(lang) for n in f.notes]
    return result


def _suppression(f: Finding, lang: Lang) -> dict[str, Any]:
    """A waived finding's suppression: the waiver as a person reads it, and its fields (legal
    basis, approver, days in force) as properties."""
    suppression: dict[str, Any] = {"kind": "external", "justification": waiver_text(f, lang) or ""}
    if f.waiver_detail is not None:
        suppression["status"] = "accepted"
        suppression["properties"] = as_json(f.waiver_detail)
    return suppression


UNREADABLE = "compliance/unreadable-document"


def sarif_log(
    tool: str,
    rules: list[dict[str, Any]],
    results: list[dict[str, Any]],
    invocation: dict[str, Any] | None = None,
    bases: Bases | None = None,
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run (shared with ``compliance lint``)."""
    driver: dict[str, Any] = {"name": tool, "version": __version__}
    link = information_uri(project_urls())
    if link is not None:
        driver["informationUri"] = link
    driver["rules"] = rules
    run: dict[str, Any] = {"tool": {"driver": driver}}
    if bases is not None:
        run["originalUriBaseIds"] = bases.original()
    run["results"] = results
    if invocation is not None:
        run["invocations"] = [invocation]
    return {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}


def _problem(p: InputProblem, index: int, lang: Lang, bases: Bases) -> dict[str, Any]:
    text = p.message.pick(lang) + (f" — {p.fix.pick(lang)}" if p.fix else "")
    key = hashlib.sha256(f"{p.file}|{p.pointer}|{p.message.en}".encode()).hexdigest()[:32]
    return {
        "ruleId": UNREADABLE,
        "ruleIndex": index,
        "kind": "fail",
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": physical(bases, p.file or "input", p.line, p.column)}],
        "partialFingerprints": {"compliance/v1": key},
        "properties": {"code": p.code},
    }


def _unreadable_rule(lang: Lang) -> dict[str, Any]:
    return {
        "id": UNREADABLE,
        "name": "unreadable_document",
        "shortDescription": {
            "text": "Văn bản không đọc được" if lang == "vi" else "Document could not be read"
        },
        "defaultConfiguration": {"level": "error"},
    }


def _rules(result: CheckResult, lang: Lang) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``tool.driver.rules`` (one per rule that gave a finding, in first-seen order, then the
    unreadable-document rule if a document could not be read) and each rule's index; every rule
    is listed, whether or not the log holds a result of it."""
    tally = Tally.of(result.findings)
    pack_files = {p.id: p.file for p in result.packs}
    urls = project_urls()
    rules = [_rule(tally.first[rule_id], lang, pack_files, urls) for rule_id in tally.rules]
    index = {rule_id: i for i, rule_id in enumerate(tally.rules)}
    if result.problems:
        rules.append(_unreadable_rule(lang))
    return rules, index


def _invocation(result: CheckResult, every: bool, lang: Lang) -> dict[str, Any]:
    """What was judged, whatever the log holds: the as-of date, the findings by status, and how
    many findings (passes, pending, not applicable) the ``sarif`` format left out."""
    summary = Tally.of(result.findings).summary()
    left_out = 0 if every else sum(n for s, n in summary.by_status.items() if Status(s) not in ACTIONABLE)
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "properties": {
            "as_of": result.as_of.isoformat(),
            "findings": summary.findings,
            "by_status": summary.by_status,
            "results_left_out": left_out,
        },
    }
    invocation.update(_notifications(result, lang))
    return invocation


def _notifications(result: CheckResult, lang: Lang) -> dict[str, Any]:
    """The result's notes (documents set aside, waivers that excused nothing …) as the run's
    ``toolExecutionNotifications`` of level ``note``; nothing when there is none."""
    if not result.notes:
        return {}
    return {
        "toolExecutionNotifications": [
            {"level": "note", "message": {"text": n.pick(lang)}} for n in result.notes
        ]
    }


def _items(
    result: CheckResult, lang: Lang, every: bool, places: _Places, rules: int, index: dict[str, int]
) -> Iterator[dict[str, Any]]:
    findings = (f for f in result.findings if every or f.status in ACTIONABLE)
    items = (_result(f, index[f.rule_id], lang, places) for f in findings)
    problems = (_problem(p, rules - 1, lang, places.bases) for p in result.problems)
    return chain(items, problems)


def _with_rollups(log: dict[str, Any], result: CheckResult) -> dict[str, Any]:
    """``runs[0].properties.rollups``: an audit's roll-ups, as in the findings JSON (docs/audit.md)."""
    if result.audit is not None and result.audit.rollups:
        rollups = [r.model_dump(mode="json") for r in result.audit.rollups]
        log["runs"][0].setdefault("properties", {})["rollups"] = rollups
    return log


def to_sarif(
    result: CheckResult, lang: Lang = "vi", *, every: bool = False, cwd: str | None = None
) -> dict[str, Any]:
    """The whole log as one object (:func:`write` streams the same): the findings to act on, or
    with ``every`` all of them; URIs relative to ``cwd`` (default: the working directory)."""
    rules, index = _rules(result, lang)
    places = _Places(result, cwd)
    results = list(_items(result, lang, every, places, len(rules), index))
    return _with_rollups(
        sarif_log("compliance", rules, results, _invocation(result, every, lang), places.bases), result
    )


_RESULTS = '\n      "results": []'  # runs[0].results, at depth 3: its items at depth 4


def _write(result: CheckResult, lang: Lang, out: BinaryIO, *, every: bool) -> None:
    rules, index = _rules(result, lang)
    places = _Places(result)
    log = _with_rollups(
        sarif_log("compliance", rules, [], _invocation(result, every, lang), places.bases), result
    )
    shell = json.dumps(log, ensure_ascii=False, indent=2)
    head, tail = shell.split(_RESULTS)
    with text_stream(out) as text:
        text.write(head + '\n      "results": ')
        opened = False
        for item in _items(result, lang, every, places, len(rules), index):
            text.write(",\n        " if opened else "[\n        ")
            text.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n        "))
            opened = True
        text.write("\n      ]" if opened else "[]")
        text.write(tail + "\n")


def write(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """``--format sarif``: the findings to act on (fail, error; waived ones suppressed)."""
    _write(result, lang, out, every=False)


def write_all(result: CheckResult, lang: Lang, out: BinaryIO) -> None:
    """``--format sarif-all``: every finding, the passing and pending ones too."""
    _write(result, lang, out, every=True)
