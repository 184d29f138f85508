"""The OpenAPI document is the contract: Schemathesis calls every operation with data generated
from it and checks each answer against it (status declared, body and headers as described).
Bounded: a few examples per operation, derandomized."""

from __future__ import annotations

from typing import Any

import pytest

from compliance import Engine

pytest.importorskip("fastapi", reason="the server extra is not installed")
schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from compliance.server import create_app  # noqa: E402

TOKEN = "bi-mat-cua-so"


def _app() -> Any:
    return create_app(Engine.from_path(), token=TOKEN, max_bytes=256 * 1024)


# A request the document describes may still be refused with 422 and its problems: the report
# schema cannot say everything the engine checks (a date-time's calendar, NFC, a workbook's
# bytes, a pack's rules), and the document says so (each 422 is a problem+json). Every other
# refusal of a schema-valid request is a failure.
config = SchemathesisConfig.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "404", "422"]}},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(), config=config)


@schema.parametrize()  # type: ignore[untyped-decorator]
@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_openapi_document_says(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
