"""What starting costs: the package root, ``compliance --version`` and the durable-rules worker
import only what they need (checked in fresh interpreters), and the public names still resolve.
How long starting takes is measured by benchmarks/bench_startup.py, never asserted here."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import pytest

import compliance

HEAVY = ("compliance.engine", "pydantic", "jsonschema", "yaml")


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
