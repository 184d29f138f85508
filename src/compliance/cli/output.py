"""Where a command's output goes, in which format, and whether it is coloured.

:func:`resolve` turns ``--format`` and ``--out``/``-o`` into a :class:`Target`, before any work
is done, so that a mistake costs nothing:

* ``--out FILE`` without ``--format`` takes the format from the file's suffix
  (:data:`compliance.reporters.SUFFIXES`: ``report.xlsx`` is XLSX, ``findings.sarif`` SARIF); a
  suffix that belongs to another format than an explicit ``--format`` is refused; a suffix that
  belongs to none (``.out``) keeps the default format;
* ``-`` (or no ``--out``) is standard output; a binary format (XLSX) is never written to a
  terminal — the refusal names ``--out``; an ``--out`` that names no file (``''``, a folder,
  ``newdir/``) is refused;
* ``check`` and ``audit`` take several ``--out`` (:func:`resolve_all`): each is resolved as if it
  were the only one (its suffix picks its format; ``--format``, when given, is the format of an
  ``--out`` whose suffix names none and is refused beside a suffix of another format), and the
  same file (or standard output) named twice is refused;
* colour (ANSI codes) only on a terminal: never in a file, never in a pipe unless
  ``FORCE_COLOR`` is set, never when ``NO_COLOR`` is (``NO_COLOR`` wins, as in CPython), never
  on ``TERM=dumb``. Text that is not shown on a terminal is 120 columns wide (``COLUMNS``
  overrides it), whatever the size of the terminal the command was started from.

:meth:`Target.open` gives the binary stream a reporter writes to as it reads (and
:meth:`Target.write` writes a whole payload through it); a file is written next to its final name
and moved into place, so a failed write never leaves half a report, and standard error says
where it went. A write that fails (a full disk, on standard output too) is an :class:`InputError`: the
command exits 2 with a message naming the target. A pipe whose reader is gone (standard output, or
a FIFO named by ``--out``) is a :class:`BrokenPipeError`, for the command to end quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from compliance.errors import Code, InputError, Location
from compliance.i18n import Lang, Text
from compliance.messages import problem
from compliance.reporters import BINARY, SUFFIXES

STDOUT = "-"
PIPE_WIDTH = 120


class ExplicitFormat(argparse.Action):
    """``--format``: stores the value and remembers that it was given (``format_given``)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, values)
        namespace.format_given = True


@dataclass(frozen=True, slots=True)
class Target:
    """Where the output goes (``path`` None: standard output) and how it is rendered."""

    format: str
    path: Path | None
    terminal: bool  # standard output is a terminal and the output goes there
    color: bool
    width: int | None  # None: the terminal's own width

    @property
    def shown(self) -> str:
        return "<stdout>" if self.path is None else str(self.path)

    def write(self, payload: str | bytes, lang: Lang = "vi") -> None:
        """Write ``payload`` whole (text as UTF-8), as :meth:`open` does."""
        with self.open(lang) as stream:
            stream.write(payload.encode("utf-8") if isinstance(payload, str) else payload)

    @contextlib.contextmanager
    def open(self, lang: Lang = "vi") -> Iterator[IO[bytes]]:
        """A binary stream to write the output to, for a reporter that writes as it reads:
        standard output, or a temporary file beside ``path`` moved into place when the block ends
        without an error (removed otherwise), then a line on standard error saying where it
        went. A failed write is an :class:`InputError` naming the target."""
        if self.path is None:
            try:
                sys.stdout.flush()  # what was printed as text before
                binary = getattr(sys.stdout, "buffer", None)
                if binary is None:  # standard output replaced by a text-only stream (an embedding program)
                    collected = io.BytesIO()
                    yield collected
                    sys.stdout.write(collected.getvalue().decode("utf-8"))
                else:
                    yield binary
                    binary.flush()
                sys.stdout.flush()
            except Exception as exc:
                if (failed := _os_error(exc)) is None:
                    raise
                silence()
                if isinstance(failed, BrokenPipeError):
                    raise BrokenPipeError(*failed.args) from None
                raise _cannot_write(self.shown, failed) from None
            return
        target = self.path
        if _is_special(target):  # a device or a pipe (/dev/stdout, /dev/full, a FIFO): written in place,
            try:  # never replaced by a regular file
                with target.open("wb") as stream:
                    yield stream
                    stream.flush()
            except Exception as exc:
                if (failed := _os_error(exc)) is None:
                    raise
                if isinstance(failed, BrokenPipeError):  # a pipe whose reader is gone: as on standard output
                    raise BrokenPipeError(*failed.args) from None
                raise _cannot_write(self.shown, failed) from None
            return
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                yield stream
                size = stream.tell()
            temporary.replace(target)
        except Exception as exc:
            _remove(temporary)
            if (failed := _os_error(exc)) is None:
                raise
            raise _cannot_write(self.shown, failed) from None
        except BaseException:
            _remove(temporary)
            raise
        try:
            print(_wrote(self, size, lang), file=sys.stderr)
        except BrokenPipeError:  # standard error's reader is gone (2>&1 | head): the file is written
            silence(sys.stderr)


def _os_error(exc: BaseException) -> OSError | None:
    """The system's error a write failed with: ``exc``, or the error it was raised from or while
    handling (a writer may wrap it in its own: xlsxwriter's ``FileCreateError``); None for any
    other failure, which is a bug."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _is_special(path: Path) -> bool:
    """``path`` exists (after links) and is not a regular file or a folder."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def resolve(
    fmt: str,
    out: str | None,
    formats: Iterable[str],
    *,
    format_given: bool = True,
    environ: Mapping[str, str] | None = None,
    stdout_is_terminal: bool | None = None,
) -> Target:
    """The target of ``--format fmt --out out``; ``format_given`` False when ``fmt`` is only the
    default (then the suffix of ``out`` decides). Raises :class:`InputError` (exit 2)."""
    env = os.environ if environ is None else environ
    offered = list(formats)
    path = None if out is None or out == STDOUT else _file_named(out, fmt)
    if path is not None:
        suffix, suited = _suffix(path, offered)
        if suited and fmt not in suited:
            if format_given:
                raise InputError(
                    [
                        problem(
                            Code.FORMAT_MISMATCH,
                            at=Location("--out"),
                            path=out,
                            suffix=suffix,
                            format=fmt,
                            suited=", ".join(suited),
                        )
                    ]
                )
            fmt = suited[0]
    tty = _stdout_is_terminal() if stdout_is_terminal is None else stdout_is_terminal
    terminal = path is None and tty
    if terminal and fmt in BINARY:
        raise InputError([problem(Code.BINARY_TO_TERMINAL, at=Location("--format"), format=fmt)])
    color = path is None and color_wanted(terminal, env)  # a file never holds ANSI codes
    return Target(fmt, path, terminal, color, None if terminal else _width(env))


def resolve_all(
    fmt: str,
    outs: Sequence[str] | str | None,
    formats: Iterable[str],
    *,
    format_given: bool = True,
    environ: Mapping[str, str] | None = None,
    stdout_is_terminal: bool | None = None,
) -> list[Target]:
    """The targets of ``--format fmt`` and every ``--out`` of ``outs`` (none: standard output),
    in the order given, each as :func:`resolve` decides it alone. A file named twice (or ``-``
    twice) is refused, naming it: the second write would replace the first. Raises
    :class:`InputError` (exit 2) before any work is done."""
    given: list[str | None] = [outs] if isinstance(outs, str) else [*outs] if outs else [None]
    offered = list(formats)
    targets = []
    seen: set[str] = set()
    for out in given:
        target = resolve(
            fmt,
            out,
            offered,
            format_given=format_given,
            environ=environ,
            stdout_is_terminal=stdout_is_terminal,
        )
        key = STDOUT if target.path is None else os.path.realpath(target.path)
        if key in seen:
            raise InputError([problem(Code.OUT_REPEATED, at=Location("--out"), path=out or STDOUT)])
        seen.add(key)
        targets.append(target)
    return targets


def _file_named(out: str, fmt: str) -> Path:
    """The file ``--out out`` names; refused (exit 2, before any work) when it names none: the
    empty text, or a folder — one that exists, or a name that ends with a slash (``newdir/``),
    ``.``, ``..`` or ``/`` — which a report would otherwise be written over or next to."""
    if not out:
        raise InputError([problem(Code.OUT_NO_NAME, at=Location("--out"), example=_example("", fmt))])
    path = Path(out)
    separators = tuple(s for s in (os.sep, os.altsep) if s)
    if out.endswith(separators) or path.name in ("", ".", "..") or path.is_dir():
        example = _example(out, fmt)
        raise InputError([problem(Code.OUT_IS_A_FOLDER, at=Location("--out"), path=out, example=example)])
    return path


def _example(folder: str, fmt: str) -> Text:
    """A file name in ``folder`` for the format ``fmt``, as each language names it."""
    suffix = next((s for s, written in SUFFIXES.items() if fmt in written), f".{fmt}")
    folder = folder if not folder or folder.endswith(("/", os.sep)) else folder + "/"
    return Text(vi=f"{folder}ket-qua{suffix}", en=f"{folder}report{suffix}")


def color_wanted(terminal: bool, environ: Mapping[str, str]) -> bool:
    """ANSI colour: ``NO_COLOR`` (any non-empty value) never, ``FORCE_COLOR`` always, otherwise
    only on a terminal that is not ``TERM=dumb`` — the order CPython follows."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    return terminal and environ.get("TERM") != "dumb"


def _width(environ: Mapping[str, str]) -> int:
    text = environ.get("COLUMNS", "")
    return int(text) if text.isdigit() and int(text) >= 40 else PIPE_WIDTH


def _suffix(path: Path, offered: list[str]) -> tuple[str, tuple[str, ...]]:
    """The longest known suffix of ``path`` and the offered formats written to it."""
    name = path.name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            return suffix, tuple(f for f in SUFFIXES[suffix] if f in offered)
    return path.suffix, ()


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed standard output
        return False


def silence(stream: IO[str] | None = None) -> None:
    """Point standard output (or ``stream``: standard error) at the null device, so that the
    interpreter's last flush of what is still buffered cannot fail again (and print a traceback)
    after the message was given."""
    try:
        fd = (sys.stdout if stream is None else stream).fileno()
    except (AttributeError, ValueError, OSError):  # not a real file (tests capture it)
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, fd)
    finally:
        os.close(null)


def _cannot_write(shown: str, exc: OSError) -> InputError:
    reason = exc.strerror or type(exc).__name__
    return InputError([problem(Code.CANNOT_WRITE, at=Location(shown), path=shown, reason=reason)])


def _wrote(target: Target, size: int, lang: Lang) -> str:
    if lang == "vi":
        return f"Đã ghi kết quả ({target.format}, {size} byte) vào {target.path}"
    return f"Wrote the {target.format} output ({size} bytes) to {target.path}"
