"""What starting costs: the package root, ``compliance --version`` and the durable-rules worker
import only what they need (checked in fresh interpreters), and the public names still resolve.
How long starting takes is measured by benchmarks/bench_startup.py, never asserted here."""

from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import compliance
import counting_evaluator
from builders import EXAMPLES, ROOT, ROSTER
from compliance._startup import needless
from compliance.cli import main
from compliance.evaluators import EVALUATORS, Entry

HEAVY = ("compliance.engine", "pydantic", "jsonschema", "yaml")
WAIVERS = ROOT / "examples" / "mien-tru-thanh-xuan-2023-2024.yaml"


def imported(*argv: str) -> tuple[str, set[str]]:
    """The standard output of ``python -X importtime ARGV…`` and every module it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, check=True
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return done.stdout, {line.rsplit("|", 1)[1].strip() for line in lines[1:]}


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(f"{h}.") for h in HEAVY)}


def test_importing_the_package_imports_no_engine() -> None:
    _, modules = imported("-c", "import compliance")
    assert "compliance" in modules
    assert heavy(modules) == set()


def test_compliance_version_imports_neither_pydantic_nor_jsonschema() -> None:
    out, modules = imported("-m", "compliance", "--version")
    assert out == f"compliance {compliance.__version__}\n"
    assert "compliance.cli" in modules
    assert heavy(modules) == set()


def test_compliance_version_reads_no_config_and_builds_no_completion() -> None:
    _, modules = imported("-m", "compliance", "--version")
    assert not modules & {
        "compliance.config",
        "tomllib",
        "compliance.cli.completion_cmd",
        "compliance.cli.output",
    }


def test_a_text_check_imports_no_other_format_nor_jsonschema_nor_holidays_nor_the_store() -> None:
    """A valid portfolio whose deadlines do not roll off a day off, shown as text: the modules
    loaded once the command is done (``-X importtime`` does not list those loaded by name) include
    none of :data:`compliance._startup.NOT_FOR_TEXT`."""
    program = (
        "import io, json, sys, contextlib\n"
        "from compliance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['check', {str(EXAMPLES / 'th-kim-giang')!r}, '--as-of', '30/06/2024'])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    code, modules = json.loads(done.stdout)
    assert code == 1 and "compliance.reporters.text" in modules
    assert needless(modules) == set()


def test_the_list_of_modules_a_text_check_does_not_need_names_packages_and_their_modules() -> None:
    assert needless(["compliance.store.db", "sqlite3.dbapi2", "jsonschema", "compliance.reporters.text"]) == {
        "compliance.store.db",
        "sqlite3.dbapi2",
        "jsonschema",
    }
    assert needless(["compliance.storefront", "compliance.reporters"]) == set()


def check_modules(*extra: str, cache: Path) -> set[str]:
    """The modules loaded by a text check of Kim Giang in a fresh interpreter whose compiled-program
    cache is ``cache``."""
    return cli_modules(["check", str(EXAMPLES / "th-kim-giang"), "--as-of", "30/06/2024", *extra], cache)


def cli_modules(argv: list[str], cache: Path) -> set[str]:
    """The modules loaded by ``compliance ARGV`` (exit code 1: some finding fails) in a fresh
    interpreter whose compiled-program cache is ``cache``."""
    program = (
        "import io, json, sys, contextlib\n"
        "from compliance.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({argv!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "COMPLIANCE_NO_CACHE"}
    env["COMPLIANCE_CACHE_DIR"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, env=env
    )
    code, modules = json.loads(done.stdout)
    assert code == 1
    return set(modules)


COMPILING = {"compliance.compiler", "compliance.rulepack"}


def rule_language(modules: set[str]) -> set[str]:
    """Pydantic, the rule language and the check kinds' rule-language models among ``modules``."""
    return {
        m
        for m in modules
        if m.split(".")[0] in ("pydantic", "pydantic_core")
        or m == "compliance.language"
        or m.endswith(".spec")
    }


def test_a_check_whose_program_is_cached_imports_no_compiler(tmp_path: Path) -> None:
    """The second check reads the program the first compiled (compliance.cache): the compiler and
    the rule-pack models are not imported at all."""
    assert check_modules(cache=tmp_path) >= COMPILING
    assert check_modules(cache=tmp_path) & COMPILING == set()
    assert check_modules("--no-cache", cache=tmp_path) >= COMPILING


def test_a_text_check_whose_program_is_cached_imports_neither_pydantic_nor_the_rule_language(
    tmp_path: Path,
) -> None:
    """A result's records are slotted dataclasses whose pydantic adapters are made when first used
    (compliance._pydantic), and each check kind keeps its rule-language model in its own module
    (compliance.checks): a text check of a cached program imports none of them; compiling the
    packs does."""
    compiled = check_modules(cache=tmp_path)
    assert {"pydantic", "compliance.language", "compliance.checks.deadline.spec"} <= compiled
    assert rule_language(check_modules(cache=tmp_path)) == set()


def test_a_json_check_writes_its_result_with_pydantic_core_alone(tmp_path: Path) -> None:
    """The result's serialiser is made from its dataclasses for pydantic-core (compliance._serializer),
    not by pydantic's schema generation: a JSON or SARIF check of a cached program imports no
    pydantic (its import was most of the cost of writing JSON)."""
    check_modules(cache=tmp_path)  # compiles the program and caches it
    for kind in ("json", "sarif"):
        modules = check_modules("--format", kind, cache=tmp_path)
        assert "pydantic_core" in modules
        assert {m for m in modules if m.split(".")[0] == "pydantic"} == set()


def test_a_text_audit_without_waivers_imports_no_pydantic(tmp_path: Path) -> None:
    """A waivers file's model is pydantic's, imported with ``--waivers`` only, and a spool reads
    only the types of its records' fields (compliance.records): the README's audit of the district,
    shown as text, its program cached, imports no pydantic; given the waivers, it does."""
    audit = ["audit", str(EXAMPLES), "--roster", str(ROSTER), "--as-of", "30/06/2024"]
    cli_modules(audit, tmp_path)  # compiles the program and caches it
    assert rule_language(cli_modules(audit, tmp_path)) == set()
    assert "pydantic" in cli_modules([*audit, "--waivers", str(WAIVERS)], tmp_path)


def test_the_durable_workers_module_imports_no_engine() -> None:
    """What a spawned worker process imports before it imports durable-rules."""
    _, modules = imported("-c", "import compliance.evaluators._durable_worker")
    assert heavy(modules) == set()


@pytest.mark.parametrize("name", compliance.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(compliance, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Engin'"):
        compliance.Engin  # type: ignore[attr-defined]  # noqa: B018 - mypy knows the names too


def test_the_version_is_the_installed_distributions() -> None:
    """pyproject.toml reads it from compliance/_version.py: one version, everywhere."""
    assert importlib.metadata.version("compliance") == compliance.__version__


def test_a_small_audit_evaluates_in_its_own_process_without_a_pool(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``--jobs``, the examples (far fewer files than POOL_THRESHOLD) are evaluated here:
    a back end registered in this process sees every portfolio (a worker process would not)."""
    monkeypatch.setitem(EVALUATORS, "counting", Entry("counting_evaluator:CountingEvaluator", {}))
    monkeypatch.setattr(counting_evaluator, "EVALUATED", [])
    assert main(["audit", str(EXAMPLES), "--as-of", "30/06/2024", "--engine", "counting"]) == 1
    assert len(set(counting_evaluator.EVALUATED)) == 4  # the four units that sent reports
