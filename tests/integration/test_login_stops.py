"""A `bulkio login` token that expires and cannot be renewed (issue 14 review): the push stops at the refused row,
which the API did not process. That row and the rest are "Non envoyé" with what to do, nothing is read back, the
journal keeps no doubt about them; after `bulkio login`, the same command creates them, each once, and none is
labelled "repris" (resumed) since none had been sent. The same when the login service is down: one attempt."""

from __future__ import annotations

import io
import itertools
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from tests.conftest import SECRET, read_sheet, write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.security.support import data_home

MAIL, PASSWORD = "cabinet@sandbox.test", "sandbox-password"
ROWS = 40


@pytest.fixture
def short_tokens() -> Iterator[EmbeddedSandbox]:
    """Tokens live 2 s and the budget is 15 requests per second: 40 creates outlive one token."""
    with EmbeddedSandbox(SandboxConfig(token_lifetime=2.0, rate_limit=(15, 1.0))) as running:
        yield running


def login(sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{MAIL}\n{PASSWORD}\n"))  # typed, not a terminal
    code, _out, err = run_cli(["login", "--auth-url", sandbox.url, "--base-url", sandbox.api_url], capsys)
    assert code == 0, err


def import_(book: Path, result: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code, out, err = run_cli(["import", str(book), "--society-id", "2", "--yes", "--result", str(result), *extra],
                             capsys)
    return code, out + err


def in_doubt() -> list[tuple[str, int]]:
    """Rows the journals hold as sent without an answer (what a rerun would read back, or label "repris")."""
    return list(itertools.chain.from_iterable(
        sqlite3.connect(journal).execute("SELECT sheet, excel_row FROM entry WHERE state = 'sent'")
        for journal in data_home().rglob("*.sqlite") if "journals" in journal.parts))


def test_an_expired_token_without_a_password_stops_and_a_rerun_after_login_sends_the_rest_once(
    short_tokens: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The user logs in, then imports 40 accounts unattended (no MYUNISOFT_PASSWORD, no terminal); the token
    # expires mid-way.
    login(short_tokens, monkeypatch, capsys)
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"],
                      [[f"401E{n:03d}", f"Fournisseur {n}"] for n in range(ROWS)])
    code, said = import_(book, tmp_path / "first.xlsx", capsys)
    assert code == 1, said
    # Told before the first write that the push would outlast the token (no terminal to ask the password on).
    assert "plus longtemps que le jeton de connexion" in said and "MYUNISOFT_PASSWORD" in said, said
    rows = read_sheet(tmp_path / "first.xlsx", "Comptes")
    statuses = [row["Statut"] for row in rows]
    created = statuses.count("Créé")
    assert 0 < created < ROWS and statuses == ["Créé"] * created + ["Non envoyé"] * (ROWS - created), statuses
    for row in rows[created:]:
        assert "bulkio login" in str(row["Message"]) and "même commande" in str(row["Message"]), row
    stats = short_tokens.stats()
    assert stats["writes_by_resource"] == {f"account:2:401E{n:03d}": 1 for n in range(created)}
    # The refused request was refused once, and nothing was read back after it (a refusal is not a doubt).
    assert stats["refused_writes"] == {"POST /api/v1/account ERR-INVALID-FIRM-JWT": 1}, stats["refused_writes"]
    assert stats["requests"]["GET /api/v1/account/v2"] == 1, stats["requests"]
    assert in_doubt() == []

    login(short_tokens, monkeypatch, capsys)
    code, said = import_(book, tmp_path / "second.xlsx", capsys)
    assert code == 0, said
    rows = read_sheet(tmp_path / "second.xlsx", "Comptes")
    assert [row["Statut"] for row in rows] == ["Créé"] * ROWS
    assert not any("repris" in str(row["Message"]) for row in rows[created:]), rows[created:]
    stats = short_tokens.stats()
    assert stats["writes_by_resource"] == {f"account:2:401E{n:03d}": 1 for n in range(ROWS)}
    assert stats["noop_writes"] == {}


def test_with_the_login_service_down_the_push_stops_at_the_first_failed_renewal(
    short_tokens: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # An unattended run with the password at hand, but the login service does not answer when the token expires:
    # the refused row and the rest are "Non envoyé" with one sentence; no row tries again and again.
    login(short_tokens, monkeypatch, capsys)
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_PASSWORD", PASSWORD)
    monkeypatch.setenv("MYUNISOFT_AUTH_URL", "http://127.0.0.1:9")  # nothing listens there
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"],
                      [[f"401D{n:03d}", f"Fournisseur {n}"] for n in range(ROWS)])
    code, said = import_(book, tmp_path / "first.xlsx", capsys)
    assert code == 1, said
    rows = read_sheet(tmp_path / "first.xlsx", "Comptes")
    statuses = [row["Statut"] for row in rows]
    created = statuses.count("Créé")
    assert 0 < created < ROWS and statuses == ["Créé"] * created + ["Non envoyé"] * (ROWS - created), statuses
    message = str(rows[created]["Message"])
    assert "n'a pas pu être renouvelé" in message and "ne répond pas" in message and "bulkio login" in message
    assert "tentatives" not in message and {str(row["Message"]) for row in rows[created:]} == {message}
    stats = short_tokens.stats()
    assert stats["refused_writes"] == {"POST /api/v1/account ERR-INVALID-FIRM-JWT": 1}, stats["refused_writes"]
    assert in_doubt() == []
