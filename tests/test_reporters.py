"""reporters/__init__.py: every registered format renders a check as well as an audit, and the
commands offer exactly the formats their registries hold."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from builders import EXAMPLES
from compliance import CheckResult, Engine
from compliance.audit import EngineSpec, audit
from compliance.cli import build_parser
from compliance.reporters import LINT_REPORTERS, REPORTERS, RULETEST_REPORTERS, load, render, text, write
from sheets import cells


@pytest.mark.parametrize("fmt", ["text", "json", "html", "csv", "sarif", "junit", "xlsx"])
def test_every_reporter_renders_a_check_result_too(bundled_engine: Engine, fmt: str) -> None:
    checked = bundled_engine.check(str(EXAMPLES / "th-kim-giang"), as_of=dt.date(2024, 6, 30))
    assert render(checked, fmt, "en")


def test_the_unreadable_audit_that_reporter_tests_render_has_two_unreadable_documents(
    unreadable_audit: CheckResult,
) -> None:
    assert len(unreadable_audit.problems) > 2
    assert unreadable_audit.audit is not None and unreadable_audit.audit.unreadable == 2


@pytest.mark.parametrize(
    ("command", "registry"),
    [("check", REPORTERS), ("audit", REPORTERS), ("lint", LINT_REPORTERS), ("test", RULETEST_REPORTERS)],
)
def test_each_command_offers_the_formats_of_its_registry(command: str, registry: dict[str, object]) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]  # type: ignore[index]
    sub.format_help()  # a command's options are registered when it is first used
    (fmt,) = [a for a in sub._actions if a.dest == "format"]
    assert list(fmt.choices) == list(registry) and fmt.default == next(iter(registry))


# ----------------------------------------------------------------------------- problem codes in every format


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, bundled_engine: Engine) -> CheckResult:
    """An audit of a folder holding one report whose YAML is broken."""
    folder = tmp_path_factory.mktemp("bao-cao")
    (folder / "hong.yaml").write_text("kind: BC_SO_KET_HK1\nsubmitter: [\n", encoding="utf-8")
    return audit([folder], spec=EngineSpec(), as_of=dt.date(2024, 6, 30), jobs=1, engine=bundled_engine)


def test_unreadable_document_is_listed_in_text_with_its_code(broken: CheckResult) -> None:
    listed = text.render(broken, width=400)  # the temporary folder's path is long
    assert re.search(r"hong\.yaml:\d+:\d+ \[yaml-syntax\] lỗi cú pháp YAML", listed)


def test_unreadable_document_carries_its_code_as_a_sarif_property(broken: CheckResult) -> None:
    (result,) = json.loads(render(broken, "sarif"))["runs"][0]["results"]
    assert result["properties"] == {"code": "yaml-syntax"}


def test_unreadable_document_carries_its_code_in_junit(broken: CheckResult) -> None:
    (error,) = ET.fromstring(render(broken, "junit")).iter("error")
    assert "[yaml-syntax]" in (error.text or "")


def test_unreadable_document_carries_its_code_in_the_json(broken: CheckResult) -> None:
    assert [p["code"] for p in json.loads(render(broken, "json"))["problems"]] == ["yaml-syntax"]


# ----------------------------------------------------------------------------- streaming


class _Pipe(io.RawIOBase):
    """A write-only stream that cannot seek or tell, as a pipe to another program."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)


@pytest.mark.parametrize("fmt", list(REPORTERS))
def test_every_format_streams_to_a_pipe_what_it_renders(example_audit: CheckResult, fmt: str) -> None:
    pipe = _Pipe()
    write(example_audit, fmt, "en", pipe)  # type: ignore[arg-type]
    rendered = render(example_audit, fmt, "en")
    if fmt == "xlsx":  # a zip records when it was written: compare the cells
        assert cells(bytes(pipe.data)) == cells(rendered)
    elif fmt.startswith("junit"):  # the suites' timestamps
        stamp = re.compile(r'timestamp="[^"]+"')
        assert stamp.sub("", pipe.data.decode("utf-8")) == stamp.sub("", str(rendered))
    else:
        assert bytes(pipe.data) == (rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))


def test_every_format_of_a_check_result_writes_as_it_reads() -> None:
    assert all(
        target.partition(":")[2].startswith("write") and callable(load(target))
        for target in REPORTERS.values()
    )


def test_checking_in_text_never_imports_the_xlsx_writer(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from compliance.cli import main\n"
        f"code = main(['check', {str(EXAMPLES / 'th-kim-giang')!r}, '--as-of', '30/06/2024', '--fail-on', 'none'])\n"
        "assert code == 0, code\n"
        "assert not [m for m in sys.modules if m.startswith(('xlsxwriter', 'openpyxl'))], sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Trường Tiểu học Kim Giang" in done.stdout


def test_a_file_that_cannot_be_written_whole_is_removed(tmp_path: Path) -> None:
    """The file size limit stands for a full disk: the half-written report does not stay (CSV: a
    machine format would be replaced by the document that lists the problem)."""
    out = tmp_path / "kiem-tra.csv"
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from compliance.cli import main\n"
        f"sys.exit(main(['check', {str(EXAMPLES / 'th-kim-giang')!r}, '--out', {str(out)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert str(out) in done.stderr and not out.exists()
