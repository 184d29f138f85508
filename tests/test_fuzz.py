"""The fuzz suite: generated and mutated reports through the Python API, the command line and the
HTTP service, and the metamorphic properties of judging (docs/testing.md).

Every answer is judged the same way: a result, or a refusal that names the file and says where in
it (exit 2, HTTP 422/413 in the service's one error shape); never an internal error (exit 3,
HTTP 500), never a traceback. Under the default profile each test runs a small, fixed set of
examples; ``--hypothesis-profile=fuzz`` runs thousands.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, note
from hypothesis import strategies as st

import fuzzing
from builders import EXAMPLES, report, reported_by
from compliance import CheckResult, Engine, Status
from compliance.audit import EngineSpec, audit
from compliance.errors import InputError, ReportError
from compliance.findings import Finding
from compliance.loading import load_text
from compliance.reporters import REPORTERS, render
from compliance.validate import report_validator
from fuzzing import budget, examples, mutants, schema_reports
from strategies import reports as section_reports

fastapi = pytest.importorskip("fastapi", reason="the server extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from compliance.server import create_app  # noqa: E402

AS_OF = dt.date(2024, 6, 30)
AS_OF_DATES = st.sampled_from([dt.date(2021, 6, 30), dt.date(2024, 1, 2), AS_OF, dt.date(2024, 8, 31)])
FORMATS = sorted(REPORTERS)


@pytest.fixture(scope="module")
def client(bundled_engine: Engine) -> TestClient:
    """The service on the bundled packs; a server error is answered (500), not raised here."""
    return TestClient(create_app(bundled_engine), raise_server_exceptions=False)


@contextmanager
def written(name: str, data: bytes) -> Iterator[Path]:
    """``data`` in a file called ``name`` in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def portfolios_of(result: CheckResult) -> set[tuple[str, str]]:
    return {(d.unit_id, d.school_year) for d in result.documents}


def check_findings_json(payload: str | bytes) -> None:
    """The findings JSON gives every portfolio it read at least one finding."""
    result = CheckResult.model_validate_json(payload)
    found = {(f.unit_id, f.school_year) for f in result.findings}
    assert portfolios_of(result) <= found, f"exit 0/1 with no finding for {portfolios_of(result) - found}"


def _nhan_chinh(received_at: str) -> bytes:
    text = (EXAMPLES / "thcs-nhan-chinh" / "2024-01-02-so-ket-hk1.yaml").read_text(encoding="utf-8")
    written_as = "received_at: 2024-01-02T16:41:00+07:00"
    assert written_as in text
    return text.replace(written_as, f"received_at: {received_at}").encode()


def _phong_named(name: str) -> bytes:
    data = json.loads((EXAMPLES / "phong-gddt-thanh-xuan" / "2024-01-12-so-ket-hk1.json").read_bytes())
    data["submitter"]["unit_name"] = name
    return json.dumps(data).encode()


# The reproductions of issue 13, and of what this suite found on its first runs: run first by the
# tests whose property they break, whatever the draws, so the budget goes to what is not known yet.
LAST_DAY_OF_9999 = report(kind="BC_SO_KET_HK1", received_at="9999-12-31T23:00:00-05:00")
FIRST_HOUR_OF_0001 = report(incidents=[{"id": "NC-2023-01", "occurred_at": "0001-01-01T00:30:00+08:00"}])
LAST_DATE_OF_9999 = report(incidents=[{"id": "NC-2023-01", "occurred_at": "9999-12-31"}])
HUGE_TOTAL = report(
    kind="BC_SO_KET_HK1",
    briefings=[{"held_on": "2023-10-07", "group": "GV", "total": 10**400, "reached": 58}],
)
UNACCENTED_DISTRICT = reported_by(report(), district="Thanh Xuan")
ZERO_WIDTH_DISTRICT = reported_by(report(), district="Thanh\u200b Xuân")
FULL_WIDTH_YEAR = report(school_year="２０２３-２０２４")
NO_RULE_FOR_IT = reported_by(report(), unit_type="TT_HTCD", school_levels=[])
TAB_IN_NAME = reported_by(report(), unit_name="Trường THCS\u000bNhân Chính")
# found on the fixed main: a control character JSON escapes (\b) beside one it writes as it is
# (DEL), and a value nested 65 deep, are refused without a pointer
TWO_CONTROLS = reported_by(report(), unit_name="Trường THCS\u0008\u007fNhân Chính")
NESTED_65 = (
    reported_by(report(), unit_name=json.loads("[" * 64 + '"x"' + "]" * 64)),
    "unit_name 64 lists deep",
)
LATE_9999 = fuzzing.Mutant(
    "so-ket-hk1.yaml", _nhan_chinh("9999-12-31T23:00:00-05:00"), ("received_at: 9999",)
)
NOT_UTF8 = fuzzing.Mutant(
    "so-ket-hk1.json", b"\xff" + next(e.raw for e in examples() if e.suffix == ".json")[1:], ("byte 0: 0xff",)
)


# ----------------------------------------------------------------------------- the strategies themselves


@budget(30)
@given(fuzzing.drafted_reports(rare=False))
def test_realistic_drafts_are_reports_the_schema_accepts(data: dict[str, Any]) -> None:
    """The drafts follow the schema: a realistic one that the schema refuses means the strategy
    has fallen behind it (extreme drafts are filtered by the schema instead)."""
    assert list(report_validator().iter_errors(data)) == []


# ----------------------------------------------------------------------------- (a) the Python API


@budget(40)
@example(documents=[LAST_DAY_OF_9999], as_of=AS_OF)
@example(documents=[FIRST_HOUR_OF_0001], as_of=AS_OF)
@example(documents=[LAST_DATE_OF_9999], as_of=AS_OF)
@example(documents=[HUGE_TOTAL], as_of=AS_OF)
@example(documents=[TWO_CONTROLS], as_of=AS_OF)
@given(st.lists(schema_reports(), min_size=1, max_size=3), AS_OF_DATES)
def test_the_engine_answers_every_report_the_schema_accepts(
    bundled_engine: Engine, documents: list[dict[str, Any]], as_of: dt.date
) -> None:
    try:
        result = bundled_engine.check(documents, as_of=as_of)
    except ReportError as exc:  # what JSON Schema cannot say (a school year of two years …)
        names = {f"<report {i + 1}>" for i in range(len(documents))}
        for p in exc.problems:  # a dict has no lines of its own: the pointer says where
            assert p.file in names and (p.pointer is not None or p.code.value in fuzzing.WHOLE_FILE), p
        return
    for fmt in ("json", "text"):
        fuzzing.well_formed(fmt, render(result, fmt))


@budget(40)
@example(documents=[UNACCENTED_DISTRICT], as_of=AS_OF)
@example(documents=[ZERO_WIDTH_DISTRICT], as_of=AS_OF)
@example(documents=[FULL_WIDTH_YEAR], as_of=AS_OF)
@example(documents=[NO_RULE_FOR_IT], as_of=AS_OF)
@given(st.lists(schema_reports(), min_size=1, max_size=3), AS_OF_DATES)
def test_every_portfolio_the_schema_accepts_gets_a_finding(
    bundled_engine: Engine, documents: list[dict[str, Any]], as_of: dt.date
) -> None:
    """Zero findings is never a quiet success: a portfolio no pack applies to is a finding too."""
    try:
        result = bundled_engine.check(documents, as_of=as_of)
    except ReportError:
        return
    found = {(f.unit_id, f.school_year) for f in result.findings}
    assert portfolios_of(result) <= found, f"no finding for {portfolios_of(result) - found}"


@budget(40)
@example(data=TAB_IN_NAME, fmt="xlsx")
@example(data=TAB_IN_NAME, fmt="junit")
@given(schema_reports(), st.sampled_from(FORMATS))
def test_every_reporter_renders_every_report_the_schema_accepts(
    bundled_engine: Engine, data: dict[str, Any], fmt: str
) -> None:
    try:
        result = bundled_engine.check(data, as_of=AS_OF)
    except ReportError:
        return
    fuzzing.well_formed(fmt, render(result, fmt, "vi"))


@budget(80)
@given(mutants())
def test_a_mutated_example_is_checked_or_refused_naming_the_file(
    bundled_engine: Engine, mutant: fuzzing.Mutant
) -> None:
    with written(mutant.name, mutant.data) as path:
        try:
            result = bundled_engine.check(str(path), as_of=AS_OF)
        except InputError as exc:
            fuzzing.check_problems(exc.problems, str(path))
            return
    fuzzing.well_formed("json", render(result, "json"))


@budget(30)
@given(
    st.sampled_from([e for e in examples() if e.suffix == ".yaml"]),
    st.data(),
    st.sampled_from(sorted(fuzzing.YAML_11_READINGS)),
)
def test_a_yaml_1_1_number_is_refused_or_kept_as_written(
    source: fuzzing.Example, data: st.DataObject, form: str
) -> None:
    """``010``, ``0x10``, ``0b101``, ``1:30`` are never read as 8, 16, 5, 90."""
    text = source.raw.decode("utf-8")
    start, end = data.draw(st.sampled_from(fuzzing.spans(fuzzing.YAML_SCALAR, text)), label="scalar")
    note(f"{text[start:end]!r} -> {form}")
    mutated = text[:start] + form + text[end:]
    try:
        loaded = load_text(mutated, name=source.path.name, format="yaml", error=ReportError)
    except ReportError as exc:
        fuzzing.check_problems(exc.problems, source.path.name)
        return
    reading = fuzzing.YAML_11_READINGS[form]
    for path in fuzzing.paths_of(loaded.data):
        value = fuzzing.value_at(loaded.data, path)
        if type(value) is int and value == reading:
            try:
                before = fuzzing.value_at(source.data, path)
            except (KeyError, IndexError, TypeError):
                before = None
            assert before == reading, f"{form!r} read as {reading} at /{'/'.join(map(str, path))}"


@budget(15, long_share=0.3)
@example(mutant=LATE_9999)
@given(mutants())
def test_one_mutated_document_never_loses_an_audit(bundled_engine: Engine, mutant: fuzzing.Mutant) -> None:
    """The audit of the examples and one mutant checks every example and accounts for the mutant."""
    with tempfile.TemporaryDirectory(prefix="fuzz-audit-") as folder:
        root = Path(folder) / "bao-cao"
        shutil.copytree(EXAMPLES, root)
        (root / mutant.name).write_bytes(mutant.data)
        files = sorted(p for p in root.rglob("*") if p.is_file())
        result = audit([root], spec=EngineSpec(), as_of=AS_OF, jobs=1, engine=bundled_engine)
        checked = {Path(d.file).resolve().relative_to(root.resolve()) for d in result.documents}
    assert result.audit is not None
    assert result.audit.documents + result.audit.unreadable == len(files)
    assert {e.path.relative_to(EXAMPLES) for e in examples()} <= checked


# ----------------------------------------------------------------------------- (a) the command line


@budget(15, long_share=0.1)
@given(mutants(), st.sampled_from(FORMATS), st.sampled_from(["vi", "en"]))
def test_the_check_command_answers_a_mutated_example(mutant: fuzzing.Mutant, fmt: str, lang: str) -> None:
    with written(mutant.name, mutant.data) as path:
        code, out, err = fuzzing.run_cli(
            ["check", str(path), "--as-of", "30/06/2024", "--format", fmt, "--lang", lang]
        )
    fuzzing.check_command_answer(code, out, err, str(path), fmt)
    if code in (0, 1):
        fuzzing.well_formed(fmt, out)
        if fmt == "json":
            check_findings_json(out)


@budget(10, long_share=0.1)
@given(schema_reports(), st.sampled_from(FORMATS))
def test_the_check_command_answers_every_report_the_schema_accepts(data: dict[str, Any], fmt: str) -> None:
    raw = json.dumps(data, ensure_ascii=False).encode()
    with written("bao-cao.json", raw) as path:
        code, out, err = fuzzing.run_cli(["check", str(path), "--as-of", "30/06/2024", "--format", fmt])
    fuzzing.check_command_answer(code, out, err, str(path), fmt)
    if code in (0, 1):
        fuzzing.well_formed(fmt, out)
        if fmt == "json":
            check_findings_json(out)


SUBPROCESS_CASES = {
    "received late on the last day of year 9999": (
        "bao-cao.yaml",
        _nhan_chinh("9999-12-31T23:00:00-05:00"),
        "text",
    ),
    "a vertical tab in a unit's name, as XLSX": (
        "bao-cao.json",
        _phong_named("Phòng Giáo dục\u000bvà Đào tạo quận Thanh Xuân"),
        "xlsx",
    ),
    "a YAML report cut short": (
        "bao-cao.yaml",
        (EXAMPLES / "th-kim-giang" / "2024-01-05-so-ket-hk1.yaml").read_bytes()[:900],
        "json",
    ),
}


@pytest.mark.parametrize("case", sorted(SUBPROCESS_CASES))
def test_the_installed_command_answers_without_a_traceback(case: str) -> None:
    name, data, fmt = SUBPROCESS_CASES[case]
    with written(name, data) as path:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "compliance",
                "check",
                str(path),
                "--as-of",
                "30/06/2024",
                "--format",
                fmt,
            ],
            capture_output=True,
            check=False,
            timeout=120,
        )
    err = proc.stderr.decode("utf-8", "replace")
    fuzzing.check_command_answer(proc.returncode, proc.stdout, err, str(path), fmt)
    if proc.returncode in (0, 1):
        fuzzing.well_formed(fmt, proc.stdout)


# ----------------------------------------------------------------------------- (a) the HTTP service


def check_answer(answer: Any) -> None:
    """Findings (at least one: an upload gate never passes on nothing), or a refusal in the one
    error shape; never a server error."""
    assert answer.status_code < 500, f"HTTP {answer.status_code}: {answer.text[:2000]}"
    try:
        body = answer.json()
    except ValueError:
        raise AssertionError(f"HTTP {answer.status_code} answered {answer.text[:200]!r}, not JSON") from None
    if answer.status_code == 200:
        assert body["format"] == "compliance-findings" and body["findings"], "HTTP 200 without a finding"
    else:
        fuzzing.check_refusal(body)


@budget(40)
@example(documents=[])
@example(documents=[LAST_DAY_OF_9999])
@example(documents=[TWO_CONTROLS])
@given(st.lists(schema_reports(), max_size=3))
def test_the_service_answers_every_report_the_schema_accepts(
    client: TestClient, documents: list[dict[str, Any]]
) -> None:
    check_answer(client.post("/v1/check", json={"documents": documents, "as_of": "2024-06-30"}))


@budget(50)
@example(mutant=NOT_UTF8)
@given(mutants(json_only=True))
def test_the_service_answers_mutated_bytes(client: TestClient, mutant: fuzzing.Mutant) -> None:
    answer = client.post(
        "/v1/check",
        content=mutant.data,
        headers={"content-type": "application/json"},
        params={"as_of": "2024-06-30"},
    )
    check_answer(answer)


@budget(50)
@example(case=NESTED_65)
@given(fuzzing.hostile_reports())
def test_the_service_answers_hostile_values(client: TestClient, case: tuple[dict[str, Any], str]) -> None:
    data, what = case
    note(what)
    check_answer(client.post("/v1/check", json=data, params={"as_of": "2024-06-30"}))


# ----------------------------------------------------------------------------- (b) metamorphic properties


def _school_year_end(documents: list[dict[str, Any]]) -> dt.date:
    return dt.date(int(documents[0]["school_year"][5:]), 7, 31)


def _one_unit(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**d, "submitter": documents[0]["submitter"]} for d in documents]


@st.composite
def portfolios(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A realistic portfolio: one of the examples' (perhaps with generated reports added), reports
    of tests/builders.py's school with the sections tests/strategies.py writes, or reports generated
    from the schema for one unit of the packs' places."""
    choice = draw(st.integers(0, 3))
    if choice <= 1:
        _, documents = draw(st.sampled_from(sorted(fuzzing.example_portfolios().items())))
        if choice == 1:
            submitter = documents[0]["submitter"]
            extra = draw(st.lists(schema_reports(unit=("2023-2024", submitter), rare=False), max_size=2))
            documents = [*documents, *extra]
        return copy.deepcopy(documents)
    if choice == 2:
        drawn = draw(st.lists(section_reports(unit_type="TRUONG"), min_size=1, max_size=3))
        return [report(**{k: v for k, v in d.items() if k != "submitter"}) for d in drawn]
    return _one_unit(draw(fuzzing.unit_portfolios(rare=False)))


def _findings(
    engine: Engine, documents: list[dict[str, Any]], as_of: dt.date
) -> dict[tuple[str, str], Finding]:
    return {(f.unit_id, f.rule_id): f for f in engine.check(documents, as_of=as_of).findings}


@budget(40)
@given(portfolios(), st.data())
def test_a_report_received_past_its_deadline_never_turns_a_non_pass_into_a_pass(
    bundled_engine: Engine, documents: list[dict[str, Any]], data: st.DataObject
) -> None:
    as_of = _school_year_end(documents)
    try:
        before = _findings(bundled_engine, documents, as_of)
    except ReportError:
        assume(False)
    # a deadline that was not met (any deadline when all were), and the document it counted
    deadlines = [f for _, f in sorted(before.items()) if f.kind == "deadline" and f.deadline]
    assume(deadlines)
    open_ = [f for f in deadlines if f.status is not Status.pass_] or deadlines
    finding = data.draw(st.sampled_from(open_), label="deadline")
    assert finding.deadline is not None
    last_day, rule = finding.deadline.last_allowed_day, finding.rule_id
    counted = [
        int(e.document.strip("<>").split()[-1]) - 1 for e in finding.evidence if e.document.startswith("<")
    ]
    index = data.draw(
        st.sampled_from(counted) if counted else st.integers(0, len(documents) - 1), label="document"
    )
    received = dt.date.fromisoformat(documents[index]["received_at"][:10])
    moved = max(received, last_day) + dt.timedelta(days=data.draw(st.integers(1, 120), label="days late"))
    assume(moved <= as_of)  # still received by the as-of date, so it is still counted
    note(f"{rule}: last day {last_day}; document {index} received {received} -> {moved}")
    later = copy.deepcopy(documents)
    later[index]["received_at"] = moved.isoformat()
    after = _findings(bundled_engine, later, as_of)
    for key, was in before.items():
        if was.kind in ("deadline", "each") and was.status is not Status.pass_:
            now = after.get(key)
            assert now is None or now.status is not Status.pass_, (
                f"{key[1]} was {was.status.value} ({was.message.en}) and passes once document "
                f"{index} is received on {moved}: {now.message.en}"
            )


@budget(60)
@given(portfolios(), AS_OF_DATES, st.data())
def test_deleting_a_needed_field_never_turns_a_non_pass_into_a_pass(
    bundled_engine: Engine, documents: list[dict[str, Any]], as_of: dt.date, data: st.DataObject
) -> None:
    try:
        before = _findings(bundled_engine, documents, as_of)
    except ReportError:
        assume(False)
    rules = bundled_engine.program.rules_by_id
    open_ = [
        (key, f, fuzzing.needs(rules[f.rule_id])) for key, f in before.items() if f.status is not Status.pass_
    ]
    candidates = [
        (i, path)
        for i, doc in enumerate(documents)
        for path in fuzzing.deletable(doc)
        if any(needs.affected_by(fuzzing.schema_path(path)) for _, _, needs in open_)
    ]
    assume(candidates)
    index, path = data.draw(st.sampled_from(candidates), label="deletion")
    deleted = fuzzing.schema_path(path)
    note(f"document {index}: delete /{'/'.join(map(str, path))}")
    changed = [*documents[:index], fuzzing.without(documents[index], path), *documents[index + 1 :]]
    try:
        after = _findings(bundled_engine, changed, as_of)
    except ReportError:
        assume(False)
    for key, finding, needs in open_:
        if needs.affected_by(deleted):
            now = after.get(key)
            assert now is None or now.status is not Status.pass_, (
                f"{key[1]} was {finding.status.value} ({finding.message.en}) and passes once "
                f"/{'/'.join(map(str, path))} is deleted from document {index}: {now.message.en}"
            )
