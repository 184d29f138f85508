"""reporters/text.py: the terminal report, a table per unit, details of what is not met, the
audit's totals; colour only when asked for (on a terminal)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console as RichConsole

from builders import EXAMPLES, report
from compliance import CheckResult, Engine
from compliance.i18n import Lang
from compliance.reporters import _plain, _stream, text
from compliance.reporters._stream import clean, clean_for_terminal
from hostile import FORBIDDEN, hostile


def test_each_unit_has_a_header_with_its_name_year_and_as_of_date(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "en", color=False, width=200)
    for unit_id, name in {(f.unit_id, f.unit_name or f.unit_id) for f in example_audit.findings}:
        assert f"Unit: {name} ({unit_id}) — school year 2023-2024, as of 30/06/2024" in out


def test_what_is_not_met_is_detailed_with_source_evidence_and_remedy(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "vi", color=False, width=200)
    assert "Chi tiết các mục không đạt" in out
    assert (
        "Căn cứ: Kế hoạch ngày 21/9/2023 của Phòng GDĐT quận Thanh Xuân, mục C.II: “Báo cáo sơ kết triển khai"
        in out
    )
    assert "2024-01-05-so-ket-hk1.yaml:19:14 /received_at" in out
    assert "Cách khắc phục: Gửi Phòng GDĐT báo cáo sơ kết học kỳ I" in out


def test_an_audit_ends_with_its_units_and_totals(example_audit: CheckResult) -> None:
    out = text.render(example_audit, "en", color=False, width=200)
    documents = len(example_audit.documents)
    assert f"Units reporting: 4/5; documents: {documents}; unreadable: 0" in out
    assert "Sent nothing: VN-HN-TX-TH-KHUONGMAI" in out
    assert f"Total: {len(example_audit.findings)} findings (met " in out


def test_colour_only_when_asked_for(example_audit: CheckResult) -> None:
    assert "\x1b[" in text.render(example_audit, "en", color=True)
    assert "\x1b[" not in text.render(example_audit, "en", color=False)


def test_a_portfolio_no_pack_applies_to_is_shown_as_an_error_with_the_fix(bundled_engine: Engine) -> None:
    result = bundled_engine.check(report(school_year="2030-2031"), as_of=dt.date(2031, 6, 30))
    out = text.render(result, "en", color=False, width=200)
    assert "compliance/no-applicable-pack" in out
    assert "There is no rule pack for school year 2030-2031, so nothing was checked." in out
    assert "What to do: Check the documents' school_year" in out


def test_no_findings_says_that_nothing_was_checked(bundled_engine: Engine) -> None:
    result = bundled_engine.check_documents([], as_of=dt.date(2024, 6, 30))
    assert "No findings: no document was checked." in text.render(result, "en", color=False)


def test_hostile_text_cannot_drive_the_terminal(example_audit: CheckResult) -> None:
    out = text.render(hostile(example_audit), "vi", color=False, width=300)
    assert not set(FORBIDDEN + "\r") & set(out)
    assert "Đơn vị Trường\ufffd số\ufffd 1\ufffd <b>&\ufffd\ufffd[31m đỏ\ufffd" in out
    coloured = text.render(hostile(example_audit), "vi", color=True, width=300)
    assert "\x1b[31m đỏ" not in coloured and "\ufffd[31m đỏ" in coloured


def test_a_rule_id_that_looks_like_markup_or_an_emoji_code_is_shown_as_written(
    example_audit: CheckResult,
) -> None:
    """Rich reads ``[red]…[/]`` and ``:fire:`` in a plain string; every cell is given as text."""
    first = example_audit.findings[0]
    shown = dataclasses.replace(first, rule_id="[bold red]TX-1[/] :fire:")
    result = example_audit.model_copy(update={"findings": [shown, *example_audit.findings[1:]]})
    out = text.render(result, "en", color=False, width=200)
    assert "[bold red]TX-1[/] :fire:" in out


# ----------------------------------------------------------------------------- what rich would write
# The report is drawn by compliance.reporters._plain without importing rich; it must be rich's own
# page, byte for byte: the same reports rendered through rich (_plain.BY_RICH) are the reference.


def by_rich(monkeypatch: pytest.MonkeyPatch, result: CheckResult, lang: Lang, color: bool, width: int) -> str:
    with monkeypatch.context() as patched:
        patched.setattr(_plain, "BY_RICH", True)
        return text.render(result, lang, color=color, width=width)


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("color", [False, True])
def test_the_page_is_the_one_rich_writes(
    example_audit: CheckResult, monkeypatch: pytest.MonkeyPatch, width: int, color: bool
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    cases: list[tuple[CheckResult, Lang]] = [
        (example_audit, "vi"),
        (example_audit, "en"),
        (hostile(example_audit), "vi"),
    ]
    for result, lang in cases:
        assert text.render(result, lang, color=color, width=width) == by_rich(
            monkeypatch, result, lang, color, width
        )


WORDS = st.one_of(
    st.sampled_from(
        ["Trường", "Tiểu", "học", "Kim", "Giang", "đạt", "—", "“trích”", "1.120/1.120", "≥", "▸"]
    ),
    st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ-/", min_size=1, max_size=45),
)
CONTENT = st.lists(
    st.tuples(WORDS, st.sampled_from([" ", "  ", "\n", "\xa0", " \n", ""])), min_size=0, max_size=30
).map(lambda parts: "".join(w + sep for w, sep in parts))
STYLES = st.sampled_from(["", "bold", "green", "bold red", "dim", "cyan", "bold underline", "yellow"])


@st.composite
def styled(draw: st.DrawFn) -> _plain.Text:
    line = _plain.Text(draw(CONTENT), style=draw(STYLES))
    for _ in range(draw(st.integers(0, 2))):
        line.append(draw(CONTENT), style=draw(STYLES))
    return line


@settings(max_examples=60)
@given(
    lines=st.lists(styled(), min_size=1, max_size=3),
    rows=st.lists(st.tuples(styled(), styled(), CONTENT), min_size=1, max_size=4),
    columns=st.tuples(*[st.tuples(st.booleans(), st.sampled_from(["left", "right"]))] * 3),
    width=st.integers(20, 160),
    color=st.booleans(),
)
def test_lines_and_tables_are_what_rich_writes(
    lines: list[_plain.Text],
    rows: list[tuple[_plain.Text, _plain.Text, str]],
    columns: tuple[tuple[bool, str], ...],
    width: int,
    color: bool,
) -> None:
    """Wrapped, folded, cut with an ellipsis, aligned left or right, styled in spans: the same."""
    table = _plain.Table(show_lines=False, expand=False, header_style="bold")
    for i, (no_wrap, justify) in enumerate(columns):
        overflow = "ellipsis" if no_wrap else "fold"
        table.add_column(f"Cột số {i}", justify=justify, no_wrap=no_wrap, overflow=overflow)
    for row in rows:
        table.add_row(*row)
    mine, reference = io.StringIO(), io.StringIO()
    ours = _plain.Console(mine, color=color, width=width)
    rich = RichConsole(
        file=reference,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
        width=width,
    )
    shown: list[_plain.Text | _plain.Table] = [*lines, table]
    for line in shown:
        ours.print(line)
        rich.print(_plain._to_rich(line))
    ours.print()
    rich.print()
    assert mine.getvalue() == reference.getvalue()


def test_a_text_report_does_not_import_rich() -> None:
    """The console rich offers costs a check a sixth of its start-up (benchmarks/bench_startup.py)."""
    program = (
        "import sys, datetime\n"
        "from compliance import Engine\n"
        "from compliance.reporters import render\n"
        f"result = Engine.from_path().check([{str(EXAMPLES / 'th-kim-giang')!r}], as_of=datetime.date(2024, 6, 30))\n"
        "page = render(result, 'text', 'vi', color=True, width=120)\n"
        "print('rich' in sys.modules, '\\x1b[1;31m' in page)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


# ----------------------------------------------------------------------------- drawn once, the same
# A large report repeats itself; _plain draws each distinct cell and line once, in memos that forget
# everything when full. What is drawn from a memo, or after it forgot, is the same page.


@pytest.mark.parametrize("color", [False, True])
def test_a_page_drawn_again_or_with_memos_that_forget_is_the_same(
    example_audit: CheckResult, monkeypatch: pytest.MonkeyPatch, color: bool
) -> None:
    monkeypatch.delenv("TERM", raising=False)
    first = text.render(example_audit, "vi", color=color, width=100)
    assert text.render(example_audit, "vi", color=color, width=100) == first
    for memo in (_plain._SINGLE_CELL, _plain._MEASURED, _plain._CELLS, _plain._LINES):
        monkeypatch.setattr(memo, "limit", 2)
        memo.clear()
    assert text.render(example_audit, "vi", color=color, width=100) == first
    assert all(len(memo) <= 2 for memo in (_plain._CELLS, _plain._LINES, _plain._MEASURED))


UNSAFE_OR_NOT = st.text(
    st.one_of(
        st.characters(exclude_categories=()),  # surrogates and non-characters too
        st.sampled_from(FORBIDDEN + "\r\n\t\ufdd0\U0010ffff\ud800"),
    )
)


@given(UNSAFE_OR_NOT)
def test_text_shown_on_a_terminal_or_in_a_file_has_no_unsafe_character(shown: str) -> None:
    """Printable text skips the search (every unsafe character is unprintable): the same result."""
    assert clean_for_terminal(shown) == _stream._UNSAFE_ON_TERMINAL.sub("\ufffd", shown)
    assert clean(shown) == _stream._UNSAFE.sub("\ufffd", shown)


def test_a_style_is_one_object_whichever_way_it_is_made() -> None:
    """Memo keys compare styles by identity: parsed, added or made, a style is one object."""
    bold_red = _plain.Style.parse("bold red")
    assert bold_red is _plain.Style.parse("red bold")
    assert bold_red is _plain.Style.parse("bold") + _plain.Style.parse("red")
    assert bold_red is _plain.Style(bold_red.attributes, bold_red.color)
    assert bold_red is not _plain.Style.parse("bold")
    with pytest.raises(AttributeError):
        bold_red.color = 2
