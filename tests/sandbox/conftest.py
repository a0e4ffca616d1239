"""Fixtures: one real-socket sandbox per test module, reset before every test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent
for path in (HERE.parents[1], HERE):  # the project root (package not installed) and the helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from sandbox_support import GENEROUS, headers  # noqa: E402

from bulkio.sandbox import EmbeddedSandbox, SandboxConfig  # noqa: E402


@pytest.fixture(scope="module")
def sandbox() -> Iterator[EmbeddedSandbox]:
    with EmbeddedSandbox(SandboxConfig(rate_limit=GENEROUS)) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh(request: pytest.FixtureRequest) -> None:
    if "sandbox" in request.fixturenames:
        request.getfixturevalue("sandbox").reset()


@pytest.fixture
def api(sandbox: EmbeddedSandbox) -> Iterator[httpx.Client]:
    """A client on /api/v1 with no credentials (each test sends its own headers)."""
    with httpx.Client(base_url=sandbox.api_url, timeout=10) as client:
        yield client


@pytest.fixture
def firm(sandbox: EmbeddedSandbox) -> Iterator[httpx.Client]:
    """A client with the firm token (add `society-id` per request)."""
    with httpx.Client(base_url=sandbox.api_url, headers=headers(), timeout=10) as client:
        yield client
