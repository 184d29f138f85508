"""``compliance serve``: the HTTP API for portals (needs the ``server`` extra: fastapi, uvicorn)."""

from __future__ import annotations

import argparse
import os

from compliance.cli import common
from compliance.errors import Code


def register(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Chạy API HTTP: POST /v1/check, GET /v1/rules, GET /v1/schemas/{name}, GET /health, /openapi.json. "
        "Run the HTTP API. Needs: pip install 'compliance[server]'."
    )
    common.add_rules_options(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="địa chỉ lắng nghe / bind address (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8080, help="cổng / port (default 8080)")
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
    common.add_config_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import uvicorn  # noqa: PLC0415 - optional dependency

        from compliance.server import create_app  # noqa: PLC0415
    except ImportError:
        raise common.arg_error(Code.SERVER_NOT_INSTALLED) from None
    engine = common.make_engine(args)
    token = os.environ.get(args.token_env) or None
    uvicorn.run(create_app(engine, token=token, max_bytes=args.max_bytes), host=args.host, port=args.port)
    engine.close()
    return common.EXIT_OK
