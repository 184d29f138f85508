"""Reminder letters (công văn đôn đốc) for the units an audit finds with something to do.

    from compliance.letters import Letterhead, letters_for, write_letters
    head = Letterhead(date=dt.date(2026, 12, 2), office="PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN THANH XUÂN")
    written = write_letters(letters_for(result, head, waivers), "thu/", ["docx", "html"])

:func:`letters_for` (:mod:`.model`) reads the findings; :mod:`.text` words each letter once;
:data:`FORMATS` names the renderers, one home each: :mod:`.html` and :mod:`.word` (DOCX, the only
user of python-docx, imported when a DOCX is asked for). docs/letters.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from compliance.errors import Code, InputError, Location
from compliance.letters.model import (
    ExpiredWaiver,
    Letter,
    Letterhead,
    Obligation,
    letters_for,
    reply_date,
)
from compliance.messages import problem

__all__ = [
    "FORMATS",
    "ExpiredWaiver",
    "Letter",
    "Letterhead",
    "Obligation",
    "letters_for",
    "render",
    "reply_date",
    "write_letters",
]


def _html(letter: Letter) -> bytes:
    from compliance.letters.html import render_html  # noqa: PLC0415

    return render_html(letter).encode("utf-8")


def _docx(letter: Letter) -> bytes:
    from compliance.letters.word import render_docx  # noqa: PLC0415 - python-docx only when asked for

    return render_docx(letter)


# format (and file suffix) → renderer, in the order letters are written
FORMATS: dict[str, Callable[[Letter], bytes]] = {"docx": _docx, "html": _html}


def render(letter: Letter, fmt: str) -> bytes:
    """The letter in ``fmt`` (a key of :data:`FORMATS`), as the bytes of its file."""
    return FORMATS[fmt](letter)


def write_letters(
    letters: Iterable[Letter], out: str | os.PathLike[str], formats: Sequence[str]
) -> list[Path]:
    """Each letter in each format, as ``OUT/<unit id>_<school year>.<format>``; each file is
    written beside its place and moved in when whole. A folder or file that cannot be written is
    an :class:`InputError` naming it."""
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    written = []
    for letter in letters:
        for fmt in formats:
            target = folder / f"{letter.stem}.{fmt}"
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                temporary.write_bytes(render(letter, fmt))
                temporary.replace(target)
            except OSError as exc:
                temporary.unlink(missing_ok=True)
                raise _cannot_write(target, exc) from None
            written.append(target)
    return written


def _cannot_write(path: Path, exc: OSError) -> InputError:
    reason = exc.strerror or type(exc).__name__
    return InputError([problem(Code.CANNOT_WRITE, at=Location(str(path)), path=str(path), reason=reason)])
