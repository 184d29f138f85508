"""argparse's own messages in Vietnamese: usage errors, required arguments, invalid choices.

argparse words its errors in English through ``gettext`` with no catalogue shipped; installing a
catalogue would change every argparse program in the process. Instead :func:`translate` reads
the English message argparse produced back against argparse's own templates (stable across
Python 3.11–3.13) and fills the Vietnamese one; a message it does not know stays in English.
Imported only when a usage error is shown.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

# argparse's English template (its msgid) → ours; placeholders are filled with what was read
_TEMPLATES: tuple[tuple[str, str], ...] = (
    ("argument %(argument_name)s: %(message)s", "tham số %(argument_name)s: %(message)s"),
    ("the following arguments are required: %s", "thiếu tham số bắt buộc: %s"),
    ("unrecognized arguments: %s", "không nhận ra tham số: %s"),
    (
        "invalid choice: %(value)s (choose from %(choices)s)",
        "lựa chọn không hợp lệ: %(value)s (chọn một trong: %(choices)s)",
    ),
    ("invalid %(type)s value: %(value)s", "giá trị không hợp lệ: %(value)s (cần %(type)s)"),
    ("expected one argument", "cần một giá trị"),
    ("expected at most one argument", "cần nhiều nhất một giá trị"),
    ("expected at least one argument", "cần ít nhất một giá trị"),
    ("expected %s arguments", "cần %s giá trị"),
    ("expected %s argument", "cần %s giá trị"),
    (
        "ambiguous option: %(option)s could match %(matches)s",
        "tùy chọn chưa rõ: %(option)s có thể là %(matches)s",
    ),
    ("not allowed with argument %s", "không dùng cùng với tham số %s"),
    ("ignored explicit argument %s", "giá trị %s bị bỏ qua"),
    ("one of the arguments %s is required", "cần một trong các tham số %s"),
    ("can't open '%(filename)s': %(error)s", "không mở được '%(filename)s': %(error)s"),
)

_TYPES = {"int": "một số nguyên", "float": "một số"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    out = []
    for english, vietnamese in _TEMPLATES:
        parts, names, last = [], [], 0
        for index, m in enumerate(_PLACEHOLDER.finditer(english)):
            parts.append(re.escape(english[last : m.start()]))
            name = m.group(1) or f"_{index}"
            names.append(name)
            parts.append(f"(?P<{name}>.+?)")
            last = m.end()
        parts.append(re.escape(english[last:]))
        target = _fill_names(vietnamese, [n for n in names if n.startswith("_")])
        out.append((re.compile("".join(parts), re.DOTALL), target))
    return tuple(out)


def _fill_names(template: str, positional: list[str]) -> str:
    """The ``%(name)s`` / ``%s`` placeholders of ``template`` as ``{name}`` (``%s`` in order)."""
    names = iter(positional)
    return _PLACEHOLDER.sub(lambda m: f"{{{m.group(1) or next(names)}}}", template)


def translate(message: str) -> str:
    """argparse's English ``message`` in Vietnamese (the part it recognises)."""
    for pattern, target in _patterns():
        m = pattern.fullmatch(message)
        if m is None:
            continue
        values = m.groupdict()
        if "message" in values:
            values["message"] = translate(values["message"])
        if "type" in values:
            values["type"] = _TYPES.get(values["type"], values["type"])
        return target.format(**values)
    return message


def suggestion(message: str, lang: str) -> str | None:
    """For an invalid choice (a misspelt command, format …), the closest choice: "có phải …?"."""
    m = re.search(r"invalid choice: (.+?) \(choose from (.+)\)$", message)
    if m is None:
        return None
    typed = m.group(1).strip("'\"")
    choices = [c.strip().strip("'\"") for c in m.group(2).split(",")]
    close = difflib.get_close_matches(typed, choices, n=1, cutoff=0.6)
    if not close:
        return None
    return f"có phải '{close[0]}'?" if lang == "vi" else f"did you mean '{close[0]}'?"
