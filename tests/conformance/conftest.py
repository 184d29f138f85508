"""Close the engines the corpus built (durable-rules ones hold worker processes)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conformance.corpus import close_engines


@pytest.fixture(scope="session", autouse=True)
def _close_corpus_engines() -> Iterator[None]:
    yield
    close_engines()
