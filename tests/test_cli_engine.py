"""Back ends and the server on the command line: an unusable durable-rules fails once with a
clear message, and a port that cannot be listened on is exit 2 with a message."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest

from builders import EXAMPLES
from compliance.cli import main


@pytest.fixture
def durable_not_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    """durable-rules as on Python 3.13 without the patch: its extension does not import."""
    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)


@pytest.mark.usefixtures("durable_not_importable")
@pytest.mark.parametrize("command", ["check", "audit"])
def test_durable_that_does_not_import_fails_once_with_the_fix(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    argv = [command, str(EXAMPLES), "--engine", "durable", "--as-of", "30/06/2024", "--lang", "en"]
    assert main([*argv, "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert err.count("[durable-unavailable]") == 1 and "build-essential python3-dev" in err
    assert "--engine python" in err and '"findings": []' in out  # no error row per finding


@pytest.fixture
def port_in_use() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def test_serve_on_a_port_in_use_is_exit_two(capsys: pytest.CaptureFixture[str], port_in_use: int) -> None:
    assert main(["serve", "--port", str(port_in_use), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"[cannot-listen] cannot listen on 127.0.0.1 port {port_in_use}: " in err
    assert "Traceback" not in err


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_serve_on_a_port_that_does_not_exist_is_exit_two(
    capsys: pytest.CaptureFixture[str], port: str
) -> None:
    assert main(["serve", "--port", port, "--lang", "en"]) == 2
    assert f"port {port} is not valid: a port is a number from 1 to 65535" in capsys.readouterr().err


def test_serve_on_a_host_that_is_not_there_is_exit_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "khong-co.invalid", "--port", "8080"]) == 2
    assert "[cannot-listen]" in capsys.readouterr().err
