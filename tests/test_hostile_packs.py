"""Hostile rule packs cannot hang or crash the engine (issue 13, item 5), each reproduction a test.

A rule regex like ``(a+)+$`` took 25 s on a 27-character title under Python's backtracking ``re``;
``a{4294967295}`` and ``due: 0001-01-01`` crashed ``check`` (exit 3); an empty ``effective`` window
and ``due: 9999-12-31`` passed ``check`` while lint flagged them. Now patterns run on RE2 (no
timing here: the proof is the dialect, and a text on which ``re`` would need far longer than the
suite's lifetime), what RE2 lacks is refused when the pack is compiled, pack dates lie in
1900-2100, and every error lint reports without the plans is a compile error too: exit 2 naming
the pack file and line, never exit 3.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from builders import EXAMPLES, LINT_FIXTURES, PACK_HEAD, pack_text, rule
from compliance import Engine, patterns
from compliance.cli import main
from compliance.compiler import compile_packs
from compliance.errors import Code, InputError, RulePackError
from compliance.evaluators._durable_rulesets import build_layout
from compliance.lint import lint
from compliance.loading import LoadedFile, load_file, load_text

KIM_GIANG = EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml"
NESTED = "(a+)+$"  # exponential for a backtracking engine on "aaa…a!"


def on_title(pattern: str) -> dict[str, Any]:
    """A condition rule: the semester report's title matches ``pattern``."""
    return rule(
        {"condition": {"documents": ["BC_SO_KET_HK1"], "test": {"field": "title", "matches": pattern}}}
    )


def deadline(due: str, **extra: Any) -> dict[str, Any]:
    return rule({"deadline": {"report": {"documents": ["BC_SO_KET_HK1"]}, "due": due}}, **extra)


def write(tmp_path: Path, text: str, name: str = "goi-doc-hai.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def loaded(text: str) -> LoadedFile:
    return load_text(text, name="goi-doc-hai.yaml", format="yaml")


def problems_of(text: str) -> list[tuple[Code, int | None, str | None]]:
    with pytest.raises(RulePackError) as info:
        compile_packs([loaded(text)])
    return [(p.code, p.line, p.pointer) for p in info.value.problems]


def only_code(text: str) -> Code:
    ((code, line, _),) = problems_of(text)
    assert line is not None
    return code


def kim_giang_titled(tmp_path: Path, title: str) -> Path:
    """The Kim Giang semester report with another title."""
    text = KIM_GIANG.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^title: .*$", lambda _: f"title: {json.dumps(title)}", text)
    assert n == 1
    return write(tmp_path, text, "bao-cao.yaml")


def check(capsys: pytest.CaptureFixture[str], pack: Path, report: Path, *args: str) -> tuple[int, str, str]:
    code = main(["check", "--rules", str(pack), str(report), "--as-of", "30/06/2024", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- patterns: linear time


def test_nested_quantifier_is_accepted_and_compiled_by_the_linear_engine() -> None:
    (pack,) = Engine(compile_packs([loaded(pack_text(on_title(NESTED)))])).program.packs
    assert pack.rules[0].kind == "condition"
    full = patterns.matcher(NESTED)
    # ~2^100000 steps for a backtracking engine; RE2 reads the text once
    assert full("a" * 100_000 + "!") is False
    assert full("a" * 100_000) is True


def test_nested_quantifier_on_a_hostile_title_gives_a_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = write(tmp_path, pack_text(on_title(NESTED)))
    for title in ("a" * 26 + "!", "a" * 50_000 + "!"):  # the reported title, and one far longer
        code, out, _ = check(capsys, pack, kim_giang_titled(tmp_path, title), "--format", "json")
        (finding,) = json.loads(out)["findings"]
        assert (code, finding["status"]) == (1, "fail")


def test_patterns_are_matched_in_the_re2_dialect_not_pythons() -> None:
    # \d is ASCII in RE2 (Unicode in Python's re): Arabic-Indic digits are not a so_hieu number
    assert patterns.matcher(r"\d+/QĐ")("30/QĐ") and not patterns.matcher(r"\d+/QĐ")("٣٠/QĐ")
    assert patterns.matcher(r"\pL+")("Trường") and not patterns.matcher(r"\w+")("Trường")


def test_matching_is_whole_string() -> None:
    full = patterns.matcher(r"\d+/QĐ-THKG")
    assert full("30/QĐ-THKG")
    assert not full("Số 30/QĐ-THKG") and not full("30/QĐ-THKG ngày 02/10/2023")


def test_durable_rulesets_leave_regular_expressions_to_python() -> None:
    program = compile_packs([loaded(pack_text(on_title(NESTED)))])
    definitions = json.dumps(build_layout(program.selectors).definitions())
    assert "$mt" not in definitions and "$imt" not in definitions


def test_both_back_ends_agree_on_hostile_titles_and_the_re2_dialect() -> None:
    pytest.importorskip("durable", reason="durable-rules is not installed")
    rules = [
        on_title(NESTED),
        rule(
            {
                "condition": {
                    "documents": ["BC_SO_KET_HK1"],
                    "test": {"field": "document.so_hieu", "matches": r"\d+/BC-.*"},
                }
            },
            rule_id="R-2",
        ),
    ]
    program = compile_packs([loaded(pack_text(*rules))])
    base = load_file(KIM_GIANG).data
    portfolios = [
        [{**base, "title": "a" * 20_000 + "!", "document": {**base["document"], "so_hieu": "٠٣/BC-THKG"}}],
        [{**base, "title": "a" * 20_000, "document": {**base["document"], "so_hieu": "03/BC-THKG"}}],
    ]
    with Engine(program) as python, Engine(program, engine="durable") as durable:
        for portfolio in portfolios:
            expected = python.check(portfolio).findings
            assert durable.check(portfolio).findings == expected
    assert [f.status.value for f in expected] == ["pass", "pass"]


# ----------------------------------------------------------------------------- patterns: refused at compile time


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        (r"(\d+)/QĐ-\1", Code.REGEX_UNSUPPORTED),  # backreference
        (r"(?P<so>\d+)-(?P=so)", Code.REGEX_UNSUPPORTED),
        (r"(?=\d)\d+/QĐ", Code.REGEX_UNSUPPORTED),  # lookahead
        (r"(?<!Số )\d+", Code.REGEX_UNSUPPORTED),  # lookbehind
        (r"\d++/QĐ", Code.REGEX_UNSUPPORTED),  # possessive
        (r"(?>a|ab)c", Code.REGEX_UNSUPPORTED),  # atomic group
        (r"QĐ\Z", Code.REGEX_UNSUPPORTED),  # RE2 writes \z
        (r"(?x) \d+ / QĐ", Code.REGEX_UNSUPPORTED),  # verbose mode
        (r"(?#số)\d+", Code.REGEX_UNSUPPORTED),
        (r"a{,3}", Code.REGEX_BRACE),  # Python: up to three; RE2: the text "a{,3}"
        (r"Đợt {I}", Code.REGEX_BRACE),
        (r"a{4294967295}", Code.REGEX_REPEAT),  # crashed with OverflowError (exit 3)
        (r"a{1001}", Code.REGEX_REPEAT),
        (r"(a{100}){100}", Code.REGEX_REPEAT),  # nested counts multiply
        (r"\pL{1000}", Code.REGEX_TOO_LARGE),  # within the counts, over the memory budget
        (r"([0-9]+/QĐ", Code.BAD_REGEX),
        ("a" * (patterns.MAX_LENGTH + 1), Code.PATTERN_TOO_LONG),
    ],
)
def test_pattern_outside_the_dialect_is_a_compile_error_at_its_line(pattern: str, code: Code) -> None:
    ((found, line, pointer),) = problems_of(pack_text(on_title(pattern)))
    assert found == code and line is not None and pointer == "/rules/0/check/condition/test/matches"


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+/QĐ-.*",
        r"(?i)tổ.*",
        r"[^{}]+",
        r"\{\d+\}",
        r"\p{Lu}\pL*",
        r"a{2,5}",
        r"(?P<so>\d+)/QĐ",
        r"x{0,1000}",
    ],
)
def test_pattern_in_the_dialect_compiles(pattern: str) -> None:
    compile_packs([loaded(pack_text(on_title(pattern)))])


def test_huge_repetition_exits_two_naming_the_pack_line_and_the_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = write(tmp_path, pack_text(on_title("a{4294967295}")))
    code, _, err = check(capsys, pack, KIM_GIANG)
    assert code == 2 and re.search(rf"{re.escape(str(pack))}:\d+:\d+ ", err)
    assert "[regex-repeat]" in err and "Cách sửa" in err and "Lỗi nội bộ" not in err


def test_backreference_is_refused_in_both_languages_with_the_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = write(tmp_path, pack_text(on_title(r"(\d+)/BC-\1")))
    _, _, vi = check(capsys, pack, KIM_GIANG)
    code, _, en = check(capsys, pack, KIM_GIANG, "--lang", "en")
    assert code == 2 and "tham chiếu ngược \\1" in vi and "RE2" in vi
    assert "a backreference \\1" in en and "Fix: spell the repeated part out" in en


# ----------------------------------------------------------------------------- dates in packs


def _with(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


_BASE = pack_text(
    deadline("2024-01-15", tests=[{"name": "chưa nộp", "as_of": "2024-06-30", "expect": "fail"}])
)


@pytest.mark.parametrize(
    "text",
    [
        _with(_BASE, "due: '2024-01-15'", "due: 0001-01-01"),  # crashed in the day-before arithmetic
        _with(_BASE, "due: '2024-01-15'", "due: '0001-01-01'"),
        _with(_BASE, "due: '2024-01-15'", "due: 9999-12-31"),
        _with(_BASE, "issued_on: '2023-09-21'", "issued_on: 0001-01-01"),
        _with(_BASE, "as_of: '2024-06-30'", "as_of: 9999-12-31"),
        _with(_BASE, "    - TRUONG\n", "    - TRUONG\n    effective: {from: 0001-01-01}\n"),
        _with(
            _BASE,
            "    - TRUONG\n",
            "    - TRUONG\n    repealed: {on: 9999-12-31, by: X, reason: {vi: a, en: a}}\n",
        ),
        _with(_BASE, "rules:\n", "calendar: {extra_holidays: {0001-01-01: Tết}}\nrules:\n"),
        _with(
            _BASE,
            "due: '2024-01-15'",
            "due: {param: han}",
        ).replace(
            "rules:\n", "parameters: {han: {value: 0001-01-01, description: {vi: hạn, en: due}}}\nrules:\n", 1
        ),
        pack_text(
            rule(
                {
                    "required": {
                        "select": {"collection": "drills", "where": {"field": "held_on", "ge": "0001-01-01"}}
                    }
                }
            )
        ),
    ],
)
def test_date_outside_1900_to_2100_is_a_compile_error_at_its_line(text: str) -> None:
    assert only_code(text) is Code.PACK_DATE_RANGE


@pytest.mark.parametrize("year", ["0000-0001", "9998-9999", "2100-2101"])
def test_school_year_outside_the_range_is_a_compile_error(year: str) -> None:
    assert (
        only_code(_with(_BASE, "school_year: 2023-2024", f"school_year: '{year}'")) is Code.PACK_SCHOOL_YEAR
    )


def test_due_in_year_one_exits_two_with_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pack = write(tmp_path, _with(_BASE, "due: '2024-01-15'", "due: 0001-01-01"))
    code, _, err = check(capsys, pack, KIM_GIANG)
    assert code == 2 and f"{pack}:" in err and "[pack-date-range]" in err and "0001-01-01" in err


# ----------------------------------------------------------------------------- what lint flagged, check refuses


def test_empty_effective_window_is_refused_by_check_where_lint_flags_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    effective = {"unit_types": ["TRUONG"], "effective": {"from": "2024-05-01", "to": "2024-01-01"}}
    pack = write(tmp_path, pack_text(deadline("2024-01-15", applies_to=effective)))
    code, _, err = check(capsys, pack, KIM_GIANG, "--lang", "en")
    assert code == 2 and "[effective-empty]" in err and "applies to nobody" in err
    (finding,) = [f for f in lint([load_file(pack)]).findings if f.level == "error"]
    assert finding.code == "applies-to-no-unit" and f"{pack}:{finding.line}:" in err


def test_due_outside_the_school_year_is_refused_by_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pack = write(tmp_path, pack_text(deadline("2030-01-10")))
    code, _, err = check(capsys, pack, KIM_GIANG, "--lang", "en")
    assert code == 2 and "[due-outside-year]" in err and "31/07/2024" in err


def _fixtures() -> list[Path]:
    folders = [p for p in sorted(LINT_FIXTURES.iterdir()) if p.is_dir() and p.name != "seeds"]
    files = [p for p in sorted(LINT_FIXTURES.glob("*.yaml")) if p.name != "unreadable.yaml"]
    return files + folders


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: p.name)
def test_every_error_lint_finds_without_the_plans_is_a_compile_error(fixture: Path) -> None:
    files = (
        [load_file(p) for p in sorted(fixture.glob("*.yaml"))] if fixture.is_dir() else [load_file(fixture)]
    )
    errors = {(f.file, f.line, f.pointer) for f in lint(files).findings if f.level == "error"}
    try:
        compile_packs(files)
        refused: set[tuple[str | None, int | None, str | None]] = set()
    except RulePackError as exc:
        refused = {(p.file, p.line, p.pointer) for p in exc.problems}
    assert errors == refused


def test_duplicate_pack_id_is_a_compile_error_naming_the_first() -> None:
    second = {**PACK_HEAD, "rules": [rule({"required": {"select": {"collection": "drills"}}}, rule_id="R-2")]}
    files = [
        load_text(pack_text(deadline("2024-01-15")), name="a.yaml", format="yaml"),
        load_text(yaml.safe_dump(second, allow_unicode=True, sort_keys=False), name="b.yaml", format="yaml"),
    ]
    with pytest.raises(RulePackError) as info:
        compile_packs(files)
    ((problem),) = info.value.problems
    assert (
        problem.code is Code.DUPLICATE_PACK_ID
        and problem.file == "b.yaml"
        and "a.yaml:1" in problem.message.en
    )


def test_date_parameter_overridden_out_of_range_is_one_problem_at_the_parameter() -> None:
    parameters = {"han": {"value": "2024-01-15", "description": {"vi": "Hạn nộp", "en": "Due"}}}
    text = pack_text(deadline("2024-01-15"), parameters=parameters).replace(
        "due: '2024-01-15'", "due: {param: han}"
    )
    with pytest.raises(InputError) as info:  # the caller's value, not the pack: no RulePackError
        compile_packs([loaded(text)], params={"kiem-thu.han": dt.date(1, 1, 1)})
    assert not isinstance(info.value, RulePackError)
    ((problem),) = info.value.problems  # and no "no pack kiem-thu to set a parameter of"
    assert (problem.code, problem.file) == (Code.PARAM_VALUE_TYPE, "--param")
    assert "1900–2100" in problem.message.en
