"""What the text report needs of rich — styled lines and one kind of table — written without
importing rich (its console costs a text check a sixth of its start-up: issue 17, docs/cli.md).

The output is rich's own, byte for byte, plain and coloured: the same word wrapping
(``rich._wrap.divide_line``), the same column widths (``rich.table.Table``: each column as wide as
its widest cell, the wrappable columns narrowed first when the table is too wide, then every
column evenly), the same box (``HEAVY_HEAD``), the same ANSI codes per segment.
``tests/test_reporter_text.py`` renders the same reports with rich and with this module and
compares them. Two things are left to rich itself, imported then: a line or a cell holding a
character whose width on a terminal is not plainly one cell (:func:`single_cell` — a wide or
combining character, a tab, a line separator …), and a table too narrow for its columns' padding.
A renderable that is not of this module (:meth:`Console.print`) is printed by rich as well.

A district's report repeats itself (a rule's title and the same few messages in every unit's
table): each distinct cell, line and measure is drawn once and kept in a memo that forgets
everything when full (:class:`_Memo`), so the report costs about what its JSON costs and its
memory does not grow with the audit.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

# ----------------------------------------------------------------------------- memory


class _Memo(dict[Any, Any]):
    """A dict that forgets everything once it holds ``limit`` entries. A large report repeats
    itself (a rule's title in every unit, the same labels, the same few messages): what it draws
    is drawn once per distinct text, in memory that does not grow with the report."""

    __slots__ = ("limit",)

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit

    def put(self, key: Any, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


# ----------------------------------------------------------------------------- styles

_ATTRIBUTES = {"bold": 0, "dim": 1, "italic": 2, "underline": 3}  # bit order: rich's SGR order
_SGR_ATTRIBUTE = ("1", "2", "3", "4")
_COLORS = {"black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7}


class Style:
    """A set of attributes and a standard colour, as ``rich.style.Style`` parses ``"bold red"``.

    There is one object per style (``Style(1, 1) is Style(1, 1)``), immutable: equal styles are
    the same object, so comparing and hashing one (a part of every memo's key) costs nothing."""

    __slots__ = ("attributes", "color")
    attributes: int
    color: int | None

    def __new__(cls, attributes: int = 0, color: int | None = None) -> Style:
        style = _STYLES.get((attributes, color))
        if style is None:
            style = object.__new__(cls)
            object.__setattr__(style, "attributes", attributes)
            object.__setattr__(style, "color", color)
            _STYLES[(attributes, color)] = style
        return style

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Style cannot be changed ({name})")

    def __reduce__(self) -> tuple[type[Style], tuple[int, int | None]]:
        return Style, (self.attributes, self.color)

    def __repr__(self) -> str:
        return f"Style(attributes={self.attributes}, color={self.color})"

    @classmethod
    def parse(cls, text: str) -> Style:
        style = _PARSED.get(text)
        if style is None:
            style = _PARSED[text] = cls._parse(text)
        return style

    @classmethod
    def _parse(cls, text: str) -> Style:
        attributes, color = 0, None
        for word in text.split():
            if word in _ATTRIBUTES:
                attributes |= 1 << _ATTRIBUTES[word]
            else:
                color = _COLORS[word]  # a KeyError for a style this module does not know
        return cls(attributes, color)

    def __add__(self, other: Style) -> Style:
        return Style(self.attributes | other.attributes, self.color if other.color is None else other.color)

    def sgr(self) -> str:
        codes = [code for bit, code in enumerate(_SGR_ATTRIBUTE) if self.attributes & (1 << bit)]
        if self.color is not None:
            codes.append(f"3{self.color}")
        return ";".join(codes)


_STYLES: dict[tuple[int, int | None], Style] = {}  # at most 16 × 9 styles
NULL = Style()
_PARSED: dict[str, Style] = {}  # the few style strings the reports use, parsed once

# True: print everything through rich (the reference ``tests/test_reporter_text.py`` compares with)
BY_RICH = False


# ----------------------------------------------------------------------------- cell widths

# Code points a terminal (and rich) shows one cell wide: ASCII, the Latin letters of Vietnamese
# (precomposed, as NFC leaves them), general punctuation, arrows, mathematical operators,
# box drawing and geometric shapes, and U+FFFD. Anything else goes to rich.
_SINGLE = re.compile(
    "[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u03ff\u0400-\u0482\u048a-\u04ff\u1e00-\u1eff"
    "\u2010-\u2027\u2030-\u205e\u2070-\u209f\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff"
    "\u2200-\u22ff\u2460-\u24ff\u2500-\u257f\u25a0-\u25fc\u25ff\ufffd]*"
)


_SINGLE_CELL = _Memo(1 << 14)


def single_cell(text: str) -> bool:
    """Every character of ``text`` is one cell wide (``\\n`` separates lines)."""
    known: bool | None = _SINGLE_CELL.get(text)
    if known is None:
        known = _SINGLE_CELL.put(text, all(_SINGLE.fullmatch(part) for part in text.split("\n")))
    return known


# ----------------------------------------------------------------------------- text


_MEASURED = _Memo(1 << 14)  # plain text → (longest word, longest line)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    style: Style


class Text:
    """Styled text, as ``rich.text.Text``: a base style and spans of other styles."""

    __slots__ = ("plain", "spans", "style")

    def __init__(self, text: str = "", style: str | Style = "", spans: list[Span] | None = None) -> None:
        self.plain = text
        self.style = Style.parse(style) if isinstance(style, str) else style
        self.spans = spans if spans is not None else []

    def append(self, text: str, style: str = "") -> Text:
        if text:
            if style:
                self.spans.append(Span(len(self.plain), len(self.plain) + len(text), Style.parse(style)))
            self.plain += text
        return self

    def key(self) -> tuple[Any, ...]:
        """What this text is, as a dict key: its characters and styles."""
        if not self.spans:
            return self.plain, self.style
        return self.plain, self.style, tuple([(s.start, s.end, s.style) for s in self.spans])

    def measure(self) -> tuple[int, int]:
        """(longest word, longest line), as ``Text.__rich_measure__``, normalised (the first is
        never more than the second)."""
        measured: tuple[int, int] | None = _MEASURED.get(self.plain)
        if measured is None:
            lines = self.plain.splitlines()
            longest = max((len(line) for line in lines), default=0)
            words = self.plain.split()
            word = max(len(word) for word in words) if words else longest
            measured = _MEASURED.put(self.plain, (min(word, longest), longest))
        return measured

    def _divide(self, offsets: list[int]) -> list[Text]:
        if not offsets:
            return [Text(self.plain, self.style, list(self.spans))]
        bounds = [0, *offsets, len(self.plain)]
        lines = []
        for start, end in itertools.pairwise(bounds):
            spans = [
                Span(max(0, s.start - start), min(s.end, end) - start, s.style)
                for s in self.spans
                if min(s.end, end) - start > max(0, s.start - start)
            ]
            lines.append(Text(self.plain[start:end], self.style, spans))
        return lines

    def _split(self) -> list[Text]:
        """The lines between ``\\n``, blank ones kept (``Text.split(allow_blank=True)``)."""
        if "\n" not in self.plain:
            return [Text(self.plain, self.style, list(self.spans))]
        offsets = []
        for match in re.finditer("\n", self.plain):
            offsets += [match.start(), match.end()]
        return [line for line in self._divide(offsets) if line.plain != "\n"]

    def _crop(self, length: int) -> None:
        self.plain = self.plain[:length]
        self.spans = [
            s if s.end < length else Span(s.start, min(length, s.end), s.style)
            for s in self.spans
            if s.start < length
        ]

    def _rstrip_end(self, size: int) -> None:
        if len(self.plain) > size:
            trailing = len(self.plain) - len(self.plain.rstrip())
            if trailing:
                self._crop(len(self.plain) - min(trailing, len(self.plain) - size))

    def _pad_left(self, count: int) -> None:
        if count:
            self.plain = " " * count + self.plain
            self.spans = [Span(s.start + count, s.end + count, s.style) for s in self.spans]

    def _truncate(self, width: int, overflow: str, pad: bool = False) -> None:
        length = len(self.plain)
        if length > width:
            if overflow == "ellipsis":  # the spans that reached the end reach the "…"
                self.plain = self.plain[: max(0, width - 1)] + "…"
                self._crop(len(self.plain))
            else:
                self._crop(width)
        if pad and length < width:
            self.plain += " " * (width - length)

    def wrap(self, width: int, *, justify: str, overflow: str, no_wrap: bool = False) -> list[Text]:
        """``Text.wrap``: the lines of this text ``width`` cells wide."""
        lines: list[Text] = []
        for line in self._split():
            if no_wrap:
                pieces = [line]
            else:
                pieces = line._divide(divide_line(line.plain, width, fold=overflow == "fold"))
                for piece in pieces:
                    piece._rstrip_end(width)
            for piece in pieces:
                if justify == "left":
                    piece._truncate(width, overflow, pad=True)
                elif justify == "right":
                    piece._crop(len(piece.plain.rstrip()))
                    piece._truncate(width, overflow)
                    piece._pad_left(width - len(piece.plain))
                piece._truncate(width, overflow)
            lines.extend(pieces)
        return lines

    def segments(self, base: Style = NULL) -> Iterator[tuple[str, Style | None]]:
        """The runs of text between style boundaries (``Text.render``), each under ``base``."""
        if not self.spans:
            if self.plain:
                yield self.plain, base + self.style
            return
        marks = [(0, False, 0)]
        marks += [(s.start, False, i) for i, s in enumerate(self.spans, 1)]
        marks += [(s.end, True, i) for i, s in enumerate(self.spans, 1)]
        marks.append((len(self.plain), True, 0))
        marks.sort(key=lambda mark: (mark[0], mark[1]))
        styles = {0: self.style, **{i: s.style for i, s in enumerate(self.spans, 1)}}
        stack: list[int] = []
        for (offset, leaving, index), (following, _, _) in itertools.pairwise(marks):
            if leaving:
                stack.remove(index)
            else:
                stack.append(index)
            if following > offset:
                style = base
                for i in sorted(stack):
                    style = style + styles[i]
                yield self.plain[offset:following], style


_WORD = re.compile(r"\s*\S+\s*")


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """``rich._wrap.divide_line`` for single-cell text: where to break ``text`` into lines."""
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            if fold:
                chunks = [word[i : i + width] for i in range(0, len(word), width)]
                for n, chunk in enumerate(chunks):
                    if start:
                        breaks.append(start)
                    if n == len(chunks) - 1:
                        offset = len(chunk)
                    else:
                        start += len(chunk)
            else:
                if start:
                    breaks.append(start)
                offset = len(word)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


# ----------------------------------------------------------------------------- the table


@dataclass(slots=True)
class Column:
    header: Text
    justify: str = "left"  # or "right"
    no_wrap: bool = False
    overflow: str = "ellipsis"


def _text(cell: Text | str) -> Text:
    """A cell: a string is its own text (never markup, unlike rich's)."""
    return cell if isinstance(cell, Text) else Text(cell)


class Table:
    """``rich.table.Table`` (box ``HEAVY_HEAD``, padding (0, 1)) as the reports build it: other
    options than ``show_lines=False, expand=False, header_style="bold"`` are drawn by rich."""

    def __init__(self, *, show_lines: bool = False, expand: bool = False, header_style: str = "bold") -> None:
        self.columns: list[Column] = []
        self.rows: list[list[Text]] = []
        self._measures: list[tuple[int, int]] | None = None
        self.options: dict[str, Any] = {
            "show_lines": show_lines,
            "expand": expand,
            "header_style": header_style,
        }

    def add_column(
        self, header: Text | str, *, justify: str = "left", no_wrap: bool = False, overflow: str = "ellipsis"
    ) -> None:
        self.columns.append(Column(_text(header), justify, no_wrap, overflow))
        self._measures = None

    def add_row(self, *cells: Text | str) -> None:
        self.rows.append([_text(cell) for cell in cells])
        self._measures = None

    def plain(self) -> bool:
        """Drawn as rich would by this module: the usual options, single-cell text only."""
        usual = self.options == {"show_lines": False, "expand": False, "header_style": "bold"}
        return (
            usual
            and all(c.justify in ("left", "right") for c in self.columns)
            and all(single_cell(c.header.plain) for c in self.columns)
            and all(single_cell(cell.plain) for row in self.rows for cell in row)
        )

    def _cells(self, index: int) -> list[Text]:
        return [self.columns[index].header, *(row[index] for row in self.rows)]

    def _measured(self) -> list[tuple[int, int]]:
        """Per column, the largest of its cells' measures (each normalised: low ≤ high)."""
        if self._measures is None:
            self._measures = []
            for index in range(len(self.columns)):
                lows, highs = zip(*[cell.measure() for cell in self._cells(index)], strict=True)
                self._measures.append((max(lows), max(highs)))
        return self._measures

    def _measure(self, index: int, width: int) -> tuple[int, int]:
        """The column's (least, most) width within ``width``: each cell's measure within it, then
        padded, the largest of the cells' (the largest of the measures, as these only grow)."""
        if width < 1:
            return 0, 0
        if width - 2 < 1:
            return width, width
        low, high = self._measured()[index]
        return min(min(low, width) + 2, width), min(min(high, width) + 2, width)

    def widths(self, width: int) -> list[int]:
        """The width of each column, padding included, borders not (``_calculate_column_widths``)."""
        space = width - (len(self.columns) + 1)
        widths = [self._measure(i, space)[1] or 1 for i in range(len(self.columns))]
        if sum(widths) > space:
            widths = _collapse(widths, [not c.no_wrap for c in self.columns], space)
            if sum(widths) > space:
                widths = _ratio_reduce(sum(widths) - space, [1] * len(widths), widths, widths)
            widths = [self._measure(i, w)[1] or 0 for i, w in enumerate(widths)]
        return widths

    def render(self, widths: list[int], color: bool) -> Iterator[str]:
        """The table's lines, borders included, each ended by a newline (ANSI codes when ``color``)."""
        yield "┏" + "┳".join("━" * w for w in widths) + "┓\n"
        yield from self._row([c.header for c in self.columns], widths, _BOLD, "┃", color, bottom=True)
        yield "┡" + "╇".join("━" * w for w in widths) + "┩\n"
        blanks = [_styled([(" " * width, NULL)], color) for width in widths]
        for row in self.rows:
            yield from self._row(row, widths, NULL, "│", color, blanks=blanks)
        yield "└" + "┴".join("─" * w for w in widths) + "┘\n"

    def _row(
        self,
        cells: list[Text],
        widths: list[int],
        style: Style,
        bar: str,
        color: bool,
        *,
        bottom: bool = False,
        blanks: list[str] | None = None,
    ) -> Iterator[str]:
        """One row's lines: a body row's cells aligned at the top, the header's at the bottom
        (``blanks``: each column's empty line in ``style``)."""
        shaped = [
            _cell(cell, column, width, style, color)
            for cell, column, width in zip(cells, self.columns, widths, strict=True)
        ]
        height = max(len(lines) for lines in shaped)
        if height == 1:
            yield bar + bar.join([lines[0] for lines in shaped]) + bar + "\n"
            return
        if blanks is None:
            blanks = [_styled([(" " * width, style)], color) for width in widths]
        for n in range(height):
            line = [bar]
            for lines, blank in zip(shaped, blanks, strict=True):
                at = n - (height - len(lines)) if bottom else n
                line.append(lines[at] if 0 <= at < len(lines) else blank)
                line.append(bar)
            line.append("\n")
            yield "".join(line)


_BOLD = Style.parse("bold")
_CELLS = _Memo(1 << 13)  # (cell, width, column, style, colour) → the cell's lines


def _cell(cell: Text, column: Column, width: int, style: Style, color: bool) -> tuple[str, ...]:
    """A cell's lines, ``width`` wide (its padding included), as written."""
    key = (cell.key(), width, column.justify, column.no_wrap, column.overflow, style, color)
    lines: tuple[str, ...] | None = _CELLS.get(key)
    if lines is None:
        wrapped = cell.wrap(
            width - 2, justify=column.justify, overflow=column.overflow, no_wrap=column.no_wrap
        )
        lines = _CELLS.put(
            key,
            tuple(_styled([(" ", style), *piece.segments(style), (" ", style)], color) for piece in wrapped),
        )
    return lines


def _styled(segments: list[tuple[str, Style | None]], color: bool) -> str:
    """Segments as written: plain, or each styled one in its ANSI codes (as rich writes them)."""
    if not color:
        return "".join([text for text, _ in segments])
    out = []
    for text, style in segments:
        codes = style.sgr() if style is not None else ""
        out.append(f"\x1b[{codes}m{text}\x1b[0m" if codes and text else text)
    return "".join(out)


def _collapse(widths: list[int], wrapable: list[bool], space: int) -> list[int]:
    """``Table._collapse_widths``: narrow the widest wrappable columns first."""
    total = sum(widths)
    excess = total - space
    if any(wrapable):
        while total and excess > 0:
            widest = max(w for w, wrap in zip(widths, wrapable, strict=True) if wrap)
            second = max(w if wrap and w != widest else 0 for w, wrap in zip(widths, wrapable, strict=True))
            difference = widest - second
            ratios = [1 if (w == widest and wrap) else 0 for w, wrap in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not difference:
                break
            most = [min(excess, difference)] * len(widths)
            widths = _ratio_reduce(excess, ratios, most, widths)
            total = sum(widths)
            excess = total - space
    return widths


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """``rich._ratio.ratio_reduce``."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(most, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


# ----------------------------------------------------------------------------- the console


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


_LINES = _Memo(1 << 13)  # (text, width, colour) → its lines as written


class Console:
    """Prints :class:`Text` lines and :class:`Table` s to ``file`` as ``rich.console.Console(
    force_terminal=color, no_color=not color, highlight=False, soft_wrap=False, width=width)``
    would; anything else (a rich renderable) is printed by such a console, made when first needed."""

    def __init__(self, file: Writable, *, color: bool, width: int | None) -> None:
        self.file = file
        self.color = color and os.environ.get("TERM", "").strip().lower() not in ("dumb", "unknown")
        self._color_asked = color
        self._asked_width = width
        self.width = width if width is not None else _terminal_width()
        self._rich: Any = None

    def print(self, renderable: Text | Table | None = None) -> None:
        if renderable is None:
            self.file.write("\n")
        elif BY_RICH and isinstance(renderable, Text | Table):
            self._by_rich(_to_rich(renderable))
        elif isinstance(renderable, Text) and single_cell(renderable.plain):
            key = (renderable.key(), self.width, self.color)
            page: str | None = _LINES.get(key)
            if page is None:
                page = _LINES.put(
                    key,
                    "".join(
                        _styled([*piece.segments(), ("\n", None)], self.color)
                        for piece in renderable.wrap(self.width, justify="default", overflow="fold")
                    ),
                )
            self.file.write(page)
        elif isinstance(renderable, Table) and renderable.plain():
            widths = renderable.widths(self.width)
            if min(widths, default=3) < 3:  # narrower than its padding: as rich does it
                self._by_rich(_to_rich(renderable))
                return
            self.file.write("".join(renderable.render(widths, self.color)))
        else:
            self._by_rich(_to_rich(renderable) if isinstance(renderable, Text | Table) else renderable)

    def _by_rich(self, renderable: Any) -> None:
        if self._rich is None:
            from rich.console import Console as RichConsole  # noqa: PLC0415 - only for what is not plain

            self._rich = RichConsole(
                file=self.file,  # type: ignore[arg-type]  # it only writes
                force_terminal=self._color_asked,
                no_color=not self._color_asked,
                highlight=False,
                soft_wrap=False,
                width=self._asked_width,
            )
        self._rich.print(renderable)


def _terminal_width() -> int:
    """The width rich gives a console of no width: ``$COLUMNS``, else the terminal's, else 80."""
    width = None
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def _rich_style(style: Style) -> str:
    words = [name for name, bit in _ATTRIBUTES.items() if style.attributes & (1 << bit)]
    if style.color is not None:
        words.append(next(name for name, n in _COLORS.items() if n == style.color))
    return " ".join(words)


def _to_rich(renderable: Text | Table) -> Any:
    from rich.table import Table as RichTable  # noqa: PLC0415 - only for what is not plain
    from rich.text import Text as RichText  # noqa: PLC0415

    def text(t: Text) -> Any:
        rich = RichText(t.plain, style=_rich_style(t.style))
        for span in t.spans:
            rich.stylize(_rich_style(span.style), span.start, span.end)
        return rich

    if isinstance(renderable, Text):
        return text(renderable)
    table = RichTable(**renderable.options)
    for column in renderable.columns:
        table.add_column(
            text(column.header),
            justify=column.justify,  # type: ignore[arg-type]
            no_wrap=column.no_wrap,
            overflow=column.overflow,  # type: ignore[arg-type]
        )
    for row in renderable.rows:
        table.add_row(*(text(cell) for cell in row))
    return table
