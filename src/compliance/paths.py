"""The report files below the paths given, with every entry accounted for.

Each folder is walked entry by entry. Symbolic links are followed, to files and to folders; a
folder reached twice in one walk (a link back up to a parent, two links to one folder) is walked
once, so a loop cannot run for ever. Every entry whose name says it is a report (``.yaml``,
``.yml``, ``.json``, ``.xlsx``; not ``~$….xlsx``, the lock file Excel keeps beside an open
workbook, which is no report) is either a file to read or a problem that says why it cannot be: a folder
that cannot be opened, a link to nothing, a link loop, a pipe or a device (never opened, so a
pipe cannot hang the reader). Nothing is skipped without a word: what was found on disk is the
files plus the entries of the problems (one entry each), plus what was excluded on purpose.

Exclusions (:func:`find_reports`'s ``exclude``, and the ``.complianceignore`` file at the top of a
folder given) use the syntax of ``.gitignore`` (``luu-tru/``, ``*.nhap.yaml``, ``/goc.yaml``,
``**``, ``!`` to keep), relative to that folder; excluded entries are counted, not read. A file
named on its own is always read. ``skip``: files known not to be reports (an audit's roster and
waivers), wherever they are.

A path that is a URL (``s3://bucket/bao-cao``, ``file:///mnt/chung/bao-cao``, ``memory://…``) is
listed through fsspec (:mod:`compliance.remote`, imported only then) and walked as a folder is, on
the folders its files' names make: the same suffixes, exclusions and counts; a file URL is read on
its own. The files found are kept as URLs (:attr:`Found.urls`), the names people gave, in findings
and problems alike. A URL that cannot be listed (fsspec or the store's driver not installed,
credentials, the network) is unusable, with the reason and the fix.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compliance.errors import Code, Location, Problem
from compliance.i18n import Text
from compliance.messages import problem

if TYPE_CHECKING:
    from pathspec import PathSpec

REPORT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
LOCK_PREFIX = "~$"  # the lock file Excel keeps beside a workbook it has open
IGNORE_FILE = ".complianceignore"


@dataclass(slots=True)
class Found:
    """What a walk found: ``files`` to read (sorted within each folder given), ``problems`` (one
    entry each: a folder that cannot be opened, a broken link, a pipe …), how many entries were
    ``excluded``, and ``unusable``: problems with the paths or patterns given themselves (a path
    that does not exist, a folder without reports, a bad pattern), which make an audit exit 2."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    excluded: int = 0
    unusable: list[Problem] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # files found at URLs given (read through fsspec)

    def names(self) -> list[str]:
        """Every file to read, paths then URLs, each once (overlapping folders, a file named twice:
        a path by what it resolves to, a URL as written)."""
        seen: set[str] = set()
        out = []
        folders: dict[str, str] = {}  # a folder as given -> what it resolves to, worked out once
        for f in self.files:
            name = str(f)
            folder, base = os.path.split(name)
            real = folders.get(folder)
            if real is None:
                real = folders[folder] = os.path.realpath(folder or os.curdir)
            # a link resolves to its target; any other file is its resolved folder's entry
            real = os.path.realpath(name) if os.path.islink(name) else os.path.join(real, base)
            if real not in seen:
                seen.add(real)
                out.append(name)
        for url in self.urls:
            if url not in seen:
                seen.add(url)
                out.append(url)
        return out


def find_reports(
    paths: Iterable[str | os.PathLike[str]],
    *,
    exclude: Sequence[str] = (),
    skip: Iterable[str | os.PathLike[str]] = (),
) -> Found:
    """Report files as given, and below each folder; see the module's documentation."""
    found = Found()
    given = _patterns(exclude, lambda _n: Location("--exclude"), found.unusable)
    skipped = {Path(p).name: os.path.realpath(p) for p in skip}
    for raw in paths:
        if isinstance(raw, str) and _is_url(raw):
            _walk_url(raw, given, {os.fspath(p) for p in skip}, found)
            continue
        path = Path(raw)
        kind, info = _kind(path, follow=True)
        if kind == "folder":
            _walk_root(path, given, skipped, found)
        elif kind == "file":
            if not _skipped(path, skipped):
                found.files.append(path)
        elif kind == "missing":
            found.unusable.append(problem(Code.NO_SUCH_PATH, at=Location(str(path))))
        else:
            found.problems.append(_entry_problem(path, kind, info))
    return found


def _walk_root(root: Path, given: list[str], skipped: dict[str, str], found: Found) -> None:
    before = (len(found.files), len(found.problems), found.excluded)
    patterns = given + _ignore_file(root, found.unusable)
    spec = _spec(patterns) if patterns else None
    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                continue  # reached again through a link: walked once
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(problem(Code.FOLDER_UNREADABLE, at=Location(str(folder)), reason=_why(exc)))
            continue
        below: list[Path] = []
        for entry in entries:
            path = Path(entry.path)
            kind, detail = _entry_kind(entry)
            if kind != "folder" and not _named_like_a_report(entry.name, kind):
                continue
            relative = path.relative_to(root).as_posix()
            if spec is not None and spec.match_file(relative + "/" if kind == "folder" else relative):
                found.excluded += 1
            elif kind == "folder":
                below.append(path)
            elif kind == "file":
                if not _skipped(path, skipped):
                    files.append(path)
            else:
                found.problems.append(_entry_problem(path, kind, detail))
        stack.extend(reversed(below))
    found.files.extend(sorted(files))
    if (len(found.files), len(found.problems), found.excluded) == before:
        found.unusable.append(problem(Code.NO_REPORTS_IN_FOLDER, at=Location(str(root))))
    elif len(found.files) == before[0] and len(found.problems) == before[1]:
        count = found.excluded - before[2]
        found.unusable.append(problem(Code.ALL_REPORTS_EXCLUDED, at=Location(str(root)), count=count))


def _is_url(name: str) -> bool:
    if "://" not in name:
        return False
    from compliance.remote import is_url  # noqa: PLC0415 - only for a name that may be a URL

    return is_url(name)


def _walk_url(url: str, given: list[str], skipped: set[str], found: Found) -> None:
    """A URL given: a file is read; a folder (a prefix of an object store) is listed and walked
    as :func:`_walk_root` walks a local one, on the folders its files' names make."""
    from compliance import remote  # noqa: PLC0415 - fsspec only when a URL is given
    from compliance.loading._base import Fail  # noqa: PLC0415

    try:
        kind, _size = remote.stat(url)
        if kind == "missing":
            found.unusable.append(problem(Code.NO_SUCH_PATH, at=Location(url)))
            return
        if kind == "file":
            if url not in skipped:
                found.urls.append(url)
            return
        names = remote.list_files(url)
        ignore = remote.read_text(remote.child(url, IGNORE_FILE))
    except Fail as exc:
        found.unusable.extend(exc.problems)
        return
    where = remote.child(url, IGNORE_FILE)
    patterns = given + (
        _patterns(ignore.splitlines(), lambda n: Location(where, n), found.unusable) if ignore else []
    )
    spec = _spec(patterns) if patterns else None
    tree: dict[str, tuple[set[str], list[str]]] = {"": (set(), [])}  # folder → (its folders, its files)
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts)):
            parent, folder = "/".join(parts[: depth - 1]), "/".join(parts[:depth])
            tree.setdefault(folder, (set(), []))
            tree[parent][0].add(folder)
        tree["/".join(parts[:-1])][1].append(name)
    before = (len(found.urls), found.excluded)
    files: list[str] = []
    stack = [""]
    while stack:
        folders, names_here = tree[stack.pop()]
        below: list[str] = []
        entries = sorted([(f, "folder") for f in folders] + [(n, "file") for n in names_here])
        for relative, entry in entries:
            if entry == "file" and not _named_like_a_report(relative.rsplit("/", 1)[-1], entry):
                continue
            if spec is not None and spec.match_file(relative + "/" if entry == "folder" else relative):
                found.excluded += 1
            elif entry == "folder":
                below.append(relative)
            elif (file := remote.child(url, relative)) not in skipped:
                files.append(file)
        stack.extend(reversed(below))
    found.urls.extend(sorted(files))
    if (len(found.urls), found.excluded) == before:
        found.unusable.append(problem(Code.NO_REPORTS_IN_FOLDER, at=Location(url)))
    elif len(found.urls) == before[0]:
        count = found.excluded - before[1]
        found.unusable.append(problem(Code.ALL_REPORTS_EXCLUDED, at=Location(url), count=count))


# What an entry is: "folder", "file" (regular), "other" (a pipe, a socket, a device), "broken" (a
# link to nothing), "loop" (a link loop), "unreadable" (its type cannot be read), "missing".
_Detail = os.stat_result | OSError | None


def _entry_kind(entry: os.DirEntry[str]) -> tuple[str, _Detail]:
    """The kind of a folder entry; only a link costs a system call (the folder listing tells
    the type of the rest)."""
    try:
        if entry.is_symlink():
            return _kind(Path(entry.path), follow=True)
        if entry.is_dir(follow_symlinks=False):
            return "folder", None
        if entry.is_file(follow_symlinks=False):
            return "file", None
    except OSError as exc:
        return "unreadable", exc
    return "other", None


def _kind(path: Path, *, follow: bool) -> tuple[str, _Detail]:
    try:
        info = os.stat(path, follow_symlinks=follow)
    except FileNotFoundError:
        return ("broken", None) if os.path.islink(path) else ("missing", None)
    except OSError as exc:
        return ("loop", exc) if exc.errno == errno.ELOOP else ("unreadable", exc)
    except ValueError as exc:  # a NUL character in the path
        return "unreadable", OSError(errno.EINVAL, str(exc))
    if stat.S_ISDIR(info.st_mode):
        return "folder", info
    if stat.S_ISREG(info.st_mode):
        return "file", info
    return "other", info


def _named_like_a_report(name: str, kind: str) -> bool:
    """A report by its name; a broken link or a loop without any suffix counts too (it may have
    been a folder of reports)."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix == ".xlsx" and os.path.basename(name).startswith(LOCK_PREFIX):
        return False
    return suffix in REPORT_SUFFIXES or (kind in ("broken", "loop", "unreadable") and not suffix)


def _entry_problem(path: Path, kind: str, detail: _Detail) -> Problem:
    at = Location(str(path))
    if kind == "broken":
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return problem(Code.BROKEN_LINK, at=at, target=target)
    if kind == "loop":
        return problem(Code.LINK_LOOP, at=at)
    if kind == "other":
        return problem(Code.NOT_A_REGULAR_FILE, at=at)
    if isinstance(detail, OSError) and detail.errno in (errno.EACCES, errno.EPERM):
        return problem(Code.PERMISSION_DENIED, at=at)
    reason = _why(detail) if isinstance(detail, OSError) else Text(vi="không rõ", en="unknown")
    return problem(Code.CANNOT_READ_FILE, at=at, reason=reason)


def _why(exc: OSError) -> Text:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Text(vi="không có quyền truy cập", en="permission denied")
    shown = exc.strerror or str(exc) or type(exc).__name__
    return Text(vi=f"lỗi hệ thống: {shown}", en=shown)


def _skipped(path: Path, skipped: dict[str, str]) -> bool:
    return path.name in skipped and os.path.realpath(path) == skipped[path.name]


def _ignore_file(root: Path, unusable: list[Problem]) -> list[str]:
    """The patterns of ``root/.complianceignore`` (none when there is no such file)."""
    name = root / IGNORE_FILE
    if not name.is_file():
        return []
    try:
        text = name.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = _why(exc) if isinstance(exc, OSError) else Text(vi="không phải UTF-8", en="not UTF-8")
        unusable.append(problem(Code.CANNOT_READ_FILE, at=Location(str(name)), reason=reason))
        return []
    return _patterns(text.splitlines(), lambda n: Location(str(name), n), unusable)


def _patterns(lines: Iterable[str], locate: Callable[[int], Location], unusable: list[Problem]) -> list[str]:
    """The lines that are valid gitignore patterns; each other one is a problem at
    ``locate(n)`` (``n``: its 1-based line number). Blank lines and ``#`` comments are dropped."""
    kept: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            _spec([line])
        except ValueError:
            unusable.append(problem(Code.EXCLUDE_PATTERN, at=locate(number), pattern=line))
            continue
        kept.append(line)
    return kept


def _spec(patterns: list[str]) -> PathSpec[Any]:
    from pathspec import GitIgnoreSpec  # noqa: PLC0415 - only audits with exclusions pay for it

    return GitIgnoreSpec.from_lines(patterns)
