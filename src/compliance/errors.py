"""Errors a person can act on: which file, where in it, what is wrong, how to fix it.

Every problem with user input (a report, a rule pack, a command-line value) is raised as an
:class:`InputError` carrying one or more :class:`Problem` s. The CLI prints them and exits 2;
nothing else ever reaches the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compliance.i18n import Lang, Text


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input."""

    file: str | None
    message: Text
    pointer: str | None = None  # JSON pointer into the document ("" is the root)
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    fix: Text | None = None

    def location(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self, lang: Lang = "vi") -> str:
        where = self.location()
        path = f" {self.pointer or '/'}" if self.pointer is not None else ""
        text = f"{where}:{path} {self.message.pick(lang)}"
        if self.fix is not None:
            label = "Cách sửa" if lang == "vi" else "Fix"
            text += f"\n    {label}: {self.fix.pick(lang)}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "pointer": self.pointer,
            "message": self.message.model_dump(),
            "fix": self.fix.model_dump() if self.fix else None,
        }


class ComplianceError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(ComplianceError):
    """Invalid input: the CLI exits 2 and prints every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "vi") -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class ReportError(InputError):
    """A report document cannot be loaded or does not match schemas/report.schema.json."""


class RulePackError(InputError):
    """A rule pack cannot be loaded, does not match the rule language, or does not compile."""


def problem(
    file: str | None,
    vi: str,
    en: str,
    *,
    pointer: str | None = None,
    line: int | None = None,
    column: int | None = None,
    fix_vi: str | None = None,
    fix_en: str | None = None,
) -> Problem:
    """Shorthand for building a :class:`Problem` with bilingual text."""
    fix = Text(vi=fix_vi, en=fix_en) if fix_vi and fix_en else None
    return Problem(file, Text(vi=vi, en=en), pointer, line, column, fix)
