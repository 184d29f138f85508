"""Reports on shared storage or in an object store, read through fsspec.

A path given to an audit (or a check) that is a URL with a scheme fsspec knows (``file://``,
``s3://``, ``gs://``, ``az://``, ``http(s)://``, ``memory://`` …) is listed and read here, and only
here: :mod:`compliance.paths` walks what :func:`list_files` lists as it walks a local folder
(report suffixes, ``.complianceignore`` at the URL given, ``--exclude``), and
:func:`compliance.loading.files.read` reads each file with :func:`read_bytes`, within the same size
limit and with the same problems (no such file, permission denied, cannot read …). The URLs stay
the files' names in findings, evidence and problems, as a person gave them.

fsspec is an optional extra (``pip install 'compliance[remote]'``), imported only when a URL is
given; each store needs its own driver besides (``s3fs``, ``gcsfs``, ``adlfs``, ``aiohttp`` for
HTTP). Credentials come from fsspec's usual configuration and from each driver's environment
(``AWS_PROFILE``, ``GOOGLE_APPLICATION_CREDENTIALS``, ``AZURE_STORAGE_CONNECTION_STRING`` …).
Whatever goes wrong is a problem naming the URL, the reason and the fix; nothing here raises
anything but :class:`~compliance.loading._base.Fail`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from compliance.errors import Code, Location
from compliance.i18n import Text
from compliance.loading._base import Fail, Limits
from compliance.messages import problem

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

EXTRA = "compliance[remote]"

# A scheme (RFC 3986: a letter, then letters, digits, + - .), or fsspec's chained form
# (simplecache::s3://…), before "://". One letter is a Windows drive (C://), never a URL.
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]+(::[A-Za-z][A-Za-z0-9+.\-]+)*://")

# The package that serves a scheme when fsspec's own message does not name it.
_DRIVERS = {"http": "aiohttp", "https": "aiohttp", "s3": "s3fs", "s3a": "s3fs", "gs": "gcsfs", "gcs": "gcsfs"}
_DRIVERS |= dict.fromkeys(("az", "abfs", "abfss", "adl"), "adlfs")

Kind = Literal["file", "folder", "missing"]


def is_url(name: str) -> bool:
    """Whether ``name`` is a URL (``scheme://…``) rather than a path on this machine."""
    return "://" in name and _URL.match(name) is not None


def scheme(url: str) -> str:
    """The scheme of ``url``, the last of a chain (``simplecache::s3://b/k`` → ``s3``)."""
    return url.split("://", 1)[0].rsplit("::", 1)[-1].lower()


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """fsspec's file system for ``url`` and the path within it; :class:`Fail` when fsspec or the
    scheme's driver is not installed, or the scheme is unknown."""
    at = Location(url)
    try:
        import fsspec.core  # noqa: PLC0415 - optional extra: only when a URL is given
    except ImportError:
        raise Fail(problem(Code.REMOTE_NEEDS_FSSPEC, at=at, extra=EXTRA)) from None
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except ImportError as exc:  # fsspec knows the scheme; its driver is not installed
        raise Fail(
            problem(Code.REMOTE_NEEDS_DRIVER, at=at, scheme=scheme(url), package=_driver(url, exc))
        ) from None
    except ValueError as exc:
        if "protocol" in str(exc).lower():  # "Protocol not known: …"
            raise Fail(problem(Code.REMOTE_UNKNOWN_SCHEME, at=at, scheme=scheme(url))) from None
        raise Fail(problem(Code.CANNOT_READ_FILE, at=at, reason=_reason(exc))) from None
    except Exception as exc:  # a driver that refuses its options or its configuration
        raise Fail(problem(Code.REMOTE_LISTING_FAILED, at=at, reason=_reason(exc))) from None
    return fs, path


def _driver(url: str, exc: ImportError) -> str:
    named = re.search(r"[Ii]nstall ([A-Za-z][\w.\-]*)", str(exc))
    if named and named.group(1) not in ("the", "it"):
        return named.group(1)
    return _DRIVERS.get(scheme(url), exc.name or str(exc) or "?")


def stat(url: str) -> tuple[Kind, int | None]:
    """What ``url`` names (a file, a folder: a prefix with objects below it, or nothing) and its
    size in bytes when known; :class:`Fail` (``remote-listing-failed``) when the store cannot say."""
    fs, path = filesystem(url)
    try:
        info = fs.info(path)
    except FileNotFoundError as exc:
        if (cause := _unreachable(exc)) is None:
            return "missing", None
        raise Fail(problem(Code.REMOTE_LISTING_FAILED, at=Location(url), reason=_reason(cause))) from None
    except Exception as exc:  # credentials, the network, a driver's own error
        raise Fail(problem(Code.REMOTE_LISTING_FAILED, at=Location(url), reason=_reason(exc))) from None
    size = info.get("size")
    kind: Kind = "folder" if info.get("type") == "directory" else "file"
    if kind == "file" and url.endswith("/"):  # HTTP cannot tell a folder's page from a file
        kind = "folder"
    return kind, size if isinstance(size, int) and kind == "file" else None


def list_files(url: str) -> list[str]:
    """Every file below the folder ``url``, as names relative to it (``a/b.yaml``), sorted;
    :class:`Fail` (``remote-listing-failed``) when it cannot be listed."""
    fs, path = filesystem(url)
    try:
        found: Any = fs.find(path, withdirs=False)
    except Exception as exc:
        raise Fail(problem(Code.REMOTE_LISTING_FAILED, at=Location(url), reason=_reason(exc))) from None
    root = fs._strip_protocol(path).rstrip("/")
    prefix = root + "/"
    names = []
    for name in found:
        name = fs._strip_protocol(name)
        relative = name[len(prefix) :] if name.startswith(prefix) else name.lstrip("/")
        if relative:
            names.append(relative)
    return sorted(names)


def child(url: str, relative: str) -> str:
    """The URL of ``relative`` (``a/b.yaml``) below the folder ``url``, written as ``url`` is."""
    return url.rstrip("/") + "/" + relative


def read_bytes(url: str, limits: Limits) -> bytes:
    """The bytes of the file ``url``: at most ``limits.max_bytes`` and one more, so that a
    larger file is seen to be one without reading it all (its size, when the store tells it, is
    checked first). :class:`Fail` with the problems :func:`compliance.loading.files.read` gives a
    local file: no such file, a folder, permission denied, too large, cannot read."""
    from compliance.loading.files import too_large  # noqa: PLC0415 - files imports this module lazily

    fs, path = filesystem(url)
    at = Location(url)
    try:
        info = fs.info(path)
        if info.get("type") == "directory":
            raise Fail(problem(Code.IS_A_FOLDER, at=at))
        size = info.get("size")
        size = size if isinstance(size, int) and size >= 0 else None
        if size is not None and size > limits.max_bytes:
            raise Fail(too_large(url, size, limits))
        with fs.open(path, "rb") as handle:
            # as for a local file: what the store said and one byte more, read on to the limit
            # when the file grew since or its size is not known
            want = limits.max_bytes + 1 if size is None else min(size, limits.max_bytes) + 1
            raw = bytes(handle.read(want))
            if len(raw) == want and len(raw) <= limits.max_bytes:
                raw += bytes(handle.read(limits.max_bytes + 1 - len(raw)))
    except Fail:
        raise
    except (FileNotFoundError, NotADirectoryError) as exc:
        if (cause := _unreachable(exc)) is not None:
            raise Fail(problem(Code.CANNOT_READ_FILE, at=at, reason=_reason(cause))) from None
        raise Fail(problem(Code.NO_SUCH_FILE, at=at)) from None
    except IsADirectoryError:
        raise Fail(problem(Code.IS_A_FOLDER, at=at)) from None
    except PermissionError:
        raise Fail(problem(Code.PERMISSION_DENIED, at=at)) from None
    except Exception as exc:  # the network, credentials, a driver's own error: this file only
        raise Fail(problem(Code.CANNOT_READ_FILE, at=at, reason=_reason(exc))) from None
    if len(raw) > limits.max_bytes:
        raise Fail(too_large(url, None, limits))
    return raw


def read_text(url: str) -> str | None:
    """The UTF-8 text of the small file ``url`` (a ``.complianceignore``), None when there is none."""
    fs, path = filesystem(url)
    try:
        raw = fs.cat_file(path)
    except FileNotFoundError:
        return None
    except Exception as exc:
        raise Fail(problem(Code.CANNOT_READ_FILE, at=Location(url), reason=_reason(exc))) from None
    try:
        return bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Fail(
            problem(
                Code.CANNOT_READ_FILE, at=Location(url), reason=Text(vi="không phải UTF-8", en="not UTF-8")
            )
        ) from None


def _unreachable(exc: OSError) -> OSError | None:
    """The network error behind a "no such file" (fsspec's HTTP file system says so of a server
    that cannot be reached), None when the store did say there is none."""
    cause = exc.__cause__
    if isinstance(cause, OSError) and not isinstance(cause, FileNotFoundError):
        return cause
    return None


def _describe(exc: BaseException) -> str:
    """``Type: message`` of a store's exception, on one line and short."""
    message = " ".join(str(exc).split())
    shown = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return shown if len(shown) <= 300 else shown[:299] + "…"


def _reason(exc: BaseException) -> Text:
    if isinstance(exc, PermissionError):
        return Text(vi="không có quyền truy cập", en="permission denied")
    shown = _describe(exc)
    return Text(vi=f"lỗi của kho lưu trữ: {shown}", en=shown)


__all__ = ["EXTRA", "child", "filesystem", "is_url", "list_files", "read_bytes", "read_text", "stat"]
