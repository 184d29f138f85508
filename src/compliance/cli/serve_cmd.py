"""``compliance serve``: the HTTP API for portals (needs the ``server`` extra: fastapi, uvicorn;
docs/http.md)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import socket
import sys
from pathlib import Path

from compliance.cli import common
from compliance.errors import Code, InputError, Location
from compliance.messages import problem

SWITCH_INTERVAL = 0.0005  # seconds


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Chạy API HTTP (docs/http.md): POST /v1/check, POST /v1/audit, GET /v1/rules, GET /v1/schemas/{name}, "
        "GET /health, /ready, /metrics, /openapi.json; trang web tại / (docs/web.md). Run the HTTP API "
        "(docs/http.md) and the web page at / (docs/web.md). Needs: pip install 'compliance[server]'."
    )
    common.add_rules_options(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="địa chỉ lắng nghe / bind address (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8080, help="cổng (1–65535) / port (1-65535; default 8080)"
    )
    parser.add_argument(
        "--token-env",
        metavar="VAR",
        default="COMPLIANCE_TOKEN",
        help="biến môi trường chứa mã truy cập Bearer; không đặt thì không cần mã / environment variable holding "
        "the bearer token; unset means no token (default COMPLIANCE_TOKEN)",
    )
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=2 * 1024 * 1024,
        help="giới hạn kích thước yêu cầu / request size limit",
    )
    parser.add_argument(
        "--allow-anonymous",
        action="store_true",
        help="cho phép chạy trên địa chỉ mạng mà không cần mã truy cập / serve a non-loopback address "
        "without a token",
    )
    parser.add_argument(
        "--max-concurrent",
        type=int,
        default=2,
        metavar="N",
        help="số lượt kiểm tra chạy cùng lúc / evaluations running at once (default 2)",
    )
    parser.add_argument(
        "--max-queue",
        type=int,
        default=32,
        metavar="N",
        help="số lượt chờ thêm; quá số này thì trả 503 kèm Retry-After / evaluations waiting; one more gets "
        "503 with Retry-After (default 32)",
    )
    parser.add_argument(
        "--store",
        metavar="FILE",
        help="kho lưu kết quả kiểm tra: trang web liệt kê và so sánh các lần đã lưu (/ui/audits) / the audit "
        "store whose saved runs the web page lists and compares (/ui/audits)",
    )
    common.add_lang(parser)
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.port <= 65535:
        raise InputError([problem(Code.PORT_OUT_OF_RANGE, at=Location("--port"), port=args.port)])
    try:
        import uvicorn  # noqa: PLC0415 - optional dependency

        from compliance.server import create_app  # noqa: PLC0415
        from compliance.server.runner import config  # noqa: PLC0415
    except ImportError:
        raise common.arg_error(Code.SERVER_NOT_INSTALLED) from None
    sock = listen(args.host, args.port)  # before the rules are compiled: a port in use costs nothing
    try:
        token = os.environ.get(args.token_env) or None
        if token is None and not args.allow_anonymous and not is_loopback(args.host):
            raise InputError(
                [
                    problem(
                        Code.ANONYMOUS_ON_NETWORK, at=Location("--host"), host=args.host, var=args.token_env
                    )
                ]
            )
        with common.make_engine(args) as engine:
            app = create_app(
                engine,
                token=token,
                max_bytes=args.max_bytes,
                max_concurrent=max(1, args.max_concurrent),
                max_queue=max(0, args.max_queue),
                store=Path(args.store) if args.store else None,
            )
            _access_log()
            # The event loop waits for the interpreter lock whenever it wakes while an evaluation
            # thread holds it, up to the switch interval each time (5 ms by default): a request
            # to /health wakes it several times. 0.5 ms keeps /health fast under load
            # (benchmarks/bench_server.py); the service owns its process, so it may set it.
            sys.setswitchinterval(SWITCH_INTERVAL)
            shown = f"[{args.host}]" if ":" in args.host else args.host
            lang = args.lang or common.detect_lang()
            print(
                f"API HTTP tại http://{shown}:{args.port} (Ctrl+C để dừng)"
                if lang == "vi"
                else f"HTTP API on http://{shown}:{args.port} (Ctrl+C to stop)",
                file=sys.stderr,
                flush=True,
            )
            uvicorn.Server(config(app, host=args.host, port=args.port)).run(sockets=[sock])
    finally:
        sock.close()
    return common.EXIT_OK


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): reachable from this machine only."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _access_log() -> None:
    """One JSON line per request on standard error (logger ``compliance.server.access``)."""
    log = logging.getLogger("compliance.server.access")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, handed to uvicorn: a port in use, an address not on
    this machine or a port needing privileges is an :class:`InputError` (exit 2), not uvicorn's
    log line and exit 1."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise _cannot_listen(host, port, exc) from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise _cannot_listen(host, port, exc) from None
    return sock


def _cannot_listen(host: str, port: int, exc: Exception) -> InputError:
    reason = getattr(exc, "strerror", None) or str(exc)
    return InputError(
        [problem(Code.CANNOT_LISTEN, at=Location("--port"), host=host, port=port, reason=reason)]
    )
