"""Rule patterns (``matches:``): the RE2 dialect, checked once when a pack is compiled and matched
in time linear in the text.

A pattern is a rule author's input, and a backtracking engine (Python's ``re``) can take minutes
on a short title for a pattern such as ``(a+)+$`` — holding the interpreter of an HTTP server the
whole time. Rule patterns therefore run on RE2 (the ``google-re2`` package): no backtracking, so
matching is linear in the length of the text whatever the pattern. Both evaluator back ends use
:func:`matcher` (durable-rules' own ``$mt`` is never used), so they agree on every text.

RE2 is not Python's dialect; :func:`check` refuses, with a message naming the construct and the
fix, what it does not have or would read differently from Python — so that a pattern copied
from elsewhere fails loudly instead of matching something else:

* backreferences (``\\1``, ``(?P=name)``), lookaround (``(?=``, ``(?!``, ``(?<=``, ``(?<!``),
  atomic groups and possessive repetitions (``(?>``, ``a*+``), ``\\Z`` (RE2 writes ``\\z``),
  verbose mode and comments (``(?x)``, ``(?#``), flags other than ``i``, ``m``, ``s``, ``U``;
* a ``{`` that does not open a counted repetition ``{n}``, ``{n,}``, ``{n,m}`` (Python reads
  ``a{,3}`` as up to three, RE2 as the text ``a{,3}``: write ``{0,3}``, or ``\\{`` for the brace);
* repetition counts above :data:`MAX_REPEAT`, patterns longer than :data:`MAX_LENGTH` characters,
  and patterns whose compiled program would exceed :data:`MAX_MEM` bytes.

``\\d``, ``\\w``, ``\\s`` and ``\\b`` are ASCII in RE2 (``\\w`` does not match ``ă``); write
``\\pL`` for a letter of any script. The dialect is described in docs/rule-language.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from compliance.errors import Code
from compliance.i18n import Text

MAX_LENGTH = 200  # characters in one pattern
MAX_REPEAT = 1000  # the largest count of a repetition {n,m} (RE2's own limit)
MAX_MEM = 1 << 20  # bytes RE2 may use for one compiled pattern (its default is 8 MiB)

_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")
_FLAGS = frozenset("imsU")


class PatternError(ValueError):
    """A pattern outside the dialect: the problem's code and the values of its message."""

    def __init__(self, code: Code, **values: object) -> None:
        super().__init__(code.value)
        self.code = code
        self.values = values


def _unsupported(vi: str, en: str, fix_vi: str, fix_en: str) -> PatternError:
    return PatternError(Code.REGEX_UNSUPPORTED, construct=Text(vi=vi, en=en), fix=Text(vi=fix_vi, en=fix_en))


_NO_BACKTRACKING = (
    "bỏ đi: RE2 không quay lui nên không cần",
    "drop it: RE2 never backtracks, so it is not needed",
)
_SPLIT_TEST = (
    "tách thành nhiều điều kiện ghép bằng all/any/not",
    "split it into several conditions joined with all/any/not",
)
_BACKREFERENCE = (
    "viết lại phần cần lặp thay cho tham chiếu, hoặc so sánh bằng eq",
    "spell the repeated part out instead of referring to it, or compare with eq",
)


def _group(pattern: str, i: int) -> None:
    """Refuse ``(?…`` constructs RE2 lacks; ``i`` is at the ``(``."""
    rest = pattern[i + 2 :]
    if rest.startswith(("=", "!")):
        raise _unsupported("phép nhìn trước (?= (?!", "lookahead (?= (?!", *_SPLIT_TEST)
    if rest.startswith(("<=", "<!")):
        raise _unsupported("phép nhìn sau (?<= (?<!", "lookbehind (?<= (?<!", *_SPLIT_TEST)
    if rest.startswith(">"):
        raise _unsupported("nhóm nguyên tử (?>", "an atomic group (?>", *_NO_BACKTRACKING)
    if rest.startswith("P="):
        raise _unsupported("tham chiếu ngược (?P=…)", "a backreference (?P=…)", *_BACKREFERENCE)
    if rest.startswith("#"):
        raise _unsupported(
            "chú thích (?#…)",
            "a comment (?#…)",
            "ghi chú vào notes của tiêu chí",
            "write it in the rule's notes",
        )
    if rest.startswith(("P<", "<", ":")):
        return
    flags = rest[: next((k for k, ch in enumerate(rest) if ch in ":)"), len(rest))]
    unknown = sorted(set(flags.replace("-", "")) - _FLAGS)
    if unknown:
        shown = "".join(unknown)
        raise _unsupported(
            f"cờ (?{shown}) (RE2 chỉ có i, m, s, U)",
            f"the flag (?{shown}) (RE2 has only i, m, s and U)",
            "bỏ cờ đó; chế độ x (verbose) không có: viết biểu thức liền, không chú thích",
            "drop the flag; there is no verbose mode: write the pattern without spaces and comments",
        )


def _escape(pattern: str, i: int) -> int:
    """Refuse escapes RE2 lacks or reads otherwise; ``i`` is at the backslash. Where the escape ends."""
    nxt = pattern[i + 1 : i + 2]
    if nxt == "":
        raise PatternError(Code.BAD_REGEX, detail="trailing \\")
    if nxt in "123456789":
        raise _unsupported(f"tham chiếu ngược \\{nxt}", f"a backreference \\{nxt}", *_BACKREFERENCE)
    if nxt == "Z":
        raise _unsupported(
            "\\Z",
            "\\Z",
            "viết \\z (cuối chuỗi); matches đã khớp toàn chuỗi",
            "write \\z; matches is whole-string anyway",
        )
    if nxt in "pPx" and pattern[i + 2 : i + 3] == "{":
        close = pattern.find("}", i + 3)
        return len(pattern) if close < 0 else close + 1
    return i + 2


def _brace(pattern: str, i: int) -> int:
    """A ``{`` outside a class must open ``{n}``, ``{n,}`` or ``{n,m}`` with counts ≤ MAX_REPEAT."""
    found = _REPEAT.match(pattern, i)
    if found is None:
        end = pattern.find("}", i)
        raise PatternError(Code.REGEX_BRACE, text=pattern[i : end + 1 if end >= 0 else i + 1])
    for count in found.groups():
        if count and int(count) > MAX_REPEAT:
            raise PatternError(Code.REGEX_REPEAT, count=count, limit=MAX_REPEAT)
    if pattern[found.end() : found.end() + 1] == "+":
        raise _unsupported(
            f"lặp chiếm hữu {found.group()}+", f"a possessive repetition {found.group()}+", *_NO_BACKTRACKING
        )
    return found.end()


def _class(pattern: str, i: int) -> int:
    """Skip a character class (``i`` at its ``[``); where it ends. Braces inside are literal."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":
        j += 1
    while j < len(pattern):
        ch = pattern[j]
        if ch == "\\":
            j = _escape(pattern, j)
            continue
        if ch == "[" and pattern[j + 1 : j + 2] == ":":
            close = pattern.find(":]", j + 2)
            j = close + 2 if close >= 0 else j + 1
            continue
        if ch == "]":
            return j + 1
        j += 1
    return j  # unclosed: RE2 says so


def check(pattern: str) -> None:
    """Raise :class:`PatternError` unless ``pattern`` is in the dialect and within the limits."""
    if len(pattern) > MAX_LENGTH:
        raise PatternError(Code.PATTERN_TOO_LONG, limit=MAX_LENGTH)
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i = _escape(pattern, i)
        elif ch == "[":
            i = _class(pattern, i)
        elif ch == "{":
            i = _brace(pattern, i)
        elif ch == "(" and pattern[i + 1 : i + 2] == "?":
            _group(pattern, i)
            i += 2
        elif ch in "*+?" and pattern[i + 1 : i + 2] == "+":
            raise _unsupported(f"lặp chiếm hữu {ch}+", f"a possessive repetition {ch}+", *_NO_BACKTRACKING)
        else:
            i += 1
    _compile(pattern)


@cache
def _re2() -> Any:
    """The RE2 module, imported when a pack first has a pattern (most packs have none)."""
    import re2  # noqa: PLC0415 - keeps ~20 ms of import off every command that compiles packs

    return re2


def _compile(pattern: str) -> Any:
    re2 = _re2()
    options = re2.Options()
    options.log_errors = False
    options.never_capture = True  # only whether it matches is asked
    options.max_mem = MAX_MEM
    try:
        return re2.compile(pattern, options)
    except UnicodeEncodeError:  # a lone surrogate: refused on load, possible through the API
        raise PatternError(Code.BAD_REGEX, detail="not valid Unicode text") from None
    except re2.error as exc:
        raw = exc.args[0] if exc.args else ""
        detail = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        if detail.startswith("pattern too large"):
            raise PatternError(Code.REGEX_TOO_LARGE, limit=MAX_MEM // 1024) from None
        if detail.startswith("invalid repetition size"):
            raise PatternError(Code.REGEX_REPEAT, count=detail.partition(": ")[2], limit=MAX_REPEAT) from None
        raise PatternError(Code.BAD_REGEX, detail=detail) from None


def matcher(pattern: str) -> Callable[[str], bool]:
    """Whether a whole text matches ``pattern`` (already :func:`check`-ed), in linear time."""
    compiled = _compile(pattern)

    def fullmatch(text: str) -> bool:
        # RE2 reads UTF-8; a lone surrogate (refused on load, possible through the API) stays a byte
        # sequence instead of an exception
        return compiled.fullmatch(text.encode("utf-8", "surrogatepass")) is not None

    return fullmatch


__all__ = ["MAX_LENGTH", "MAX_MEM", "MAX_REPEAT", "PatternError", "check", "matcher"]
