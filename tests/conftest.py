"""Shared fixtures: a real sandbox on a loopback socket, isolated user directories, workbook builders."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.config import Target
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig

SECRET, FIRM_TOKEN = "sandbox-secret", "sandbox-firm-token"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Journals, config and the embedded sandbox's DB never touch the developer's real directories."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("BULKIO_CONFIG", str(home / "config" / "bulkio.toml"))
    for name in ("MYUNISOFT_SECRET", "MYUNISOFT_TOKEN", "MYUNISOFT_SOCIETY_ID", "MYUNISOFT_BASE_URL", "BULKIO_LANG",
                 "MYUNISOFT_PASSWORD", "MYUNISOFT_AUTH_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def credential_values() -> tuple[str, str]:
    """The (secret, firm token) that `credentials` puts in the environment: the sandbox's. A test module that
    needs others (distinctive ones it can search for) overrides this fixture."""
    return SECRET, FIRM_TOKEN


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch, credential_values: tuple[str, str]) -> None:
    """MYUNISOFT_SECRET and MYUNISOFT_TOKEN set, as a user of the command line sets them."""
    secret, token = credential_values
    monkeypatch.setenv("MYUNISOFT_SECRET", secret)
    monkeypatch.setenv("MYUNISOFT_TOKEN", token)


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[EmbeddedSandbox]:
    # A scaled rate limit: tests exercise pacing elsewhere, here they must be fast.
    with EmbeddedSandbox(SandboxConfig(rate_limit=(100_000, 1.0))) as running:
        yield running


@pytest.fixture
def sandbox(sandbox_server: EmbeddedSandbox) -> EmbeddedSandbox:
    sandbox_server.reset()
    return sandbox_server


def firm_target(sandbox: EmbeddedSandbox, society_id: int | None = 2, timeout: float = 10.0) -> Target:
    return Target(sandbox.api_url, SECRET, FIRM_TOKEN, society_id, sandbox=True, timeout=timeout)


def society_target(sandbox: EmbeddedSandbox, society_id: int, timeout: float = 10.0) -> Target:
    return Target(sandbox.api_url, SECRET, f"sandbox-society-{society_id}-token", None, sandbox=True,
                  timeout=timeout)


def write_xlsx(
    path: Path,
    sheet: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    header_row: int = 1,
    title: str | None = None,
) -> Path:
    """One sheet: `headers` on `header_row` (under an optional `title` in A1), `rows` under them."""
    from tests.workbook.builders import table

    return table(path, {sheet: rows}, {sheet: headers}, header_row=header_row, title=title)


def pcg_accounts() -> list[tuple[str, str]]:
    """The PCG accounts padded to 6 digits, one per number (the most specific label wins)."""
    from importlib.resources import files

    text = files("bulkio").joinpath("data/pcg.tsv").read_text(encoding="utf-8")
    best: dict[str, tuple[int, str]] = {}
    for line in text.splitlines():
        number, _level, label = line.split("\t")
        padded = number.ljust(6, "0")
        if padded not in best or len(number) > best[padded][0]:
            best[padded] = (len(number), label)
    return sorted((number, label) for number, (_n, label) in best.items())


def read_sheet(path: Path, sheet: str) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(path, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    headers = [str(h) if h is not None else "" for h in rows[0]]
    return [dict(zip(headers, row, strict=False)) for row in rows[1:] if any(v is not None for v in row)]


@pytest.fixture(autouse=True)
def french_by_default() -> Iterator[None]:
    from bulkio.i18n import set_language

    set_language("fr")
    yield
    set_language("fr")
