"""`bulkio login` (issue 14, reference §1.4) through the command line against the sandbox: the password is asked,
never an option; the schema is chosen when the account has several; the token and its expiry are kept in a file
only the user reads; a run longer than the token renews it, before it expires or after the API refused it, and
sends every write once."""

from __future__ import annotations

import io
import os
import stat
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkio.config import config_path, update_profile
from bulkio.sandbox import EmbeddedSandbox, SandboxConfig
from tests.conftest import SECRET, read_sheet, write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.security.support import data_home, leaks, written_files

MAIL, MULTI, PASSWORD = "cabinet@sandbox.test", "multi@sandbox.test", "sandbox-password"


@pytest.fixture(autouse=True)
def no_login_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MYUNISOFT_PASSWORD", "MYUNISOFT_AUTH_URL"):
        monkeypatch.delenv(name, raising=False)


def typed(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    """What the user types at the prompts (stdin, not a terminal)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))


def saved() -> dict[str, object]:
    return tomllib.loads(config_path().read_text(encoding="utf-8"))


def login(sandbox: EmbeddedSandbox, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    return run_cli(["login", "--auth-url", sandbox.url, "--base-url", sandbox.api_url, *extra], capsys)


def test_login_asks_the_mail_and_password_and_keeps_the_token_for_the_user_only(
    sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    update_profile({"secret": SECRET, "society_id": 4}, "default")
    update_profile({"token": "another-profile-token"}, "other")
    config_path().chmod(0o644)
    typed(monkeypatch, MAIL, PASSWORD)
    code, out, err = login(sandbox, capsys)
    assert code == 0, err
    assert "E-mail du compte cabinet" in err and "Mot de passe" in err  # the prompts, on stderr
    if os.name == "posix":
        assert "était lisible par d'autres utilisateurs" in err
    assert "CABINET SANDBOX" in out and "lisible par vous seul" in out
    assert PASSWORD not in out + err
    data = saved()
    profile = data["default"]
    assert isinstance(profile, dict)
    assert str(profile["token"]).startswith("sandbox-login-") and profile["token"] not in out + err
    assert profile["email"] == MAIL and profile["firm"] == 1 and profile["society_id"] == 4
    assert profile["secret"] == SECRET and str(profile["token_expires"]).endswith("+00:00")
    assert data["other"] == {"token": "another-profile-token"}  # other profiles kept
    assert PASSWORD not in config_path().read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(config_path().stat().st_mode) == 0o600
    # The saved token is the one a later command uses.
    code, out, err = run_cli(["check"], capsys)
    assert code == 0, err
    assert "Jeton cabinet" in out and "Jeton de connexion (bulkio login) valable jusqu'au" in out


def test_the_password_is_never_an_option(
    sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, PASSWORD)
    code, _out, err = login(sandbox, capsys, "--email", MAIL, "--password", PASSWORD)
    assert code == 2 and "--password" in err
    assert not config_path().exists()
    assert sandbox.stats()["requests"].get("POST /api/authenticate/firm", 0) == 0


def test_an_account_with_several_schemas_lists_them_and_asks_which(
    sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, PASSWORD, "cabinet sandbox")
    code, out, err = login(sandbox, capsys, "--email", MULTI)
    assert code == 0, err
    assert "plusieurs schémas" in err and "1  CABINET SANDBOX" in err and "2  CABINET SANDBOX BIS" in err
    profile = saved()["default"]
    assert isinstance(profile, dict) and profile["firm"] == 1 and profile["firm_label"] == "CABINET SANDBOX"
    assert "Connecté au schéma 1 CABINET SANDBOX" in out


def test_firm_chosen_by_option_and_refused_without_an_answer(
    sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, PASSWORD)
    code, _out, err = login(sandbox, capsys, "--email", MULTI, "--firm", "2")
    assert code == 0, err
    profile = saved()["default"]
    assert isinstance(profile, dict) and profile["firm"] == 2
    typed(monkeypatch, PASSWORD)  # no answer to the schema question (a script): one sentence naming --firm
    code, _out, err = login(sandbox, capsys, "--email", MULTI)
    assert code == 2 and "--firm" in err and "CABINET SANDBOX BIS" in err
    typed(monkeypatch, PASSWORD)
    code, _out, err = login(sandbox, capsys, "--email", MULTI, "--firm", "CABINET TIERS")
    assert code == 2 and "ERR-SCHEMA-NOT-FOUND" in err


def test_bad_credentials_are_one_sentence_and_save_nothing(
    sandbox: EmbeddedSandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for mail, password in ((MAIL, "wrong-password-123"), ("personne@sandbox.test", PASSWORD)):
        typed(monkeypatch, password)
        code, out, err = login(sandbox, capsys, "--email", mail)
        assert code == 2, err
        message = err.strip().splitlines()[-1]  # after the password prompt
        assert message.startswith("bulkio :") and "GBL20" in message, err
        assert password not in out + err
    assert not config_path().exists()


def test_login_against_the_embedded_sandbox_saves_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed(monkeypatch, MAIL, PASSWORD)
    code, out, err = run_cli(["login", "--sandbox"], capsys)
    assert code == 0, err
    assert "non enregistré" in out and not config_path().exists()


# --- a run longer than the token ---------------------------------------------------------------------------

ROWS = 40


@pytest.fixture
def short_tokens() -> Iterator[EmbeddedSandbox]:
    """Tokens live 2 s, and 10 requests per second: 40 creates take about 4 s, two lifetimes."""
    with EmbeddedSandbox(SandboxConfig(token_lifetime=2.0, rate_limit=(10, 1.0))) as running:
        yield running


def long_run(sandbox: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, object], list[dict[str, object]]]:
    typed(monkeypatch, MAIL, PASSWORD)
    code, _out, err = login(sandbox, capsys)
    assert code == 0, err
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    monkeypatch.setenv("MYUNISOFT_PASSWORD", PASSWORD)  # an unattended run
    book = write_xlsx(tmp_path / "long.xlsx", "Comptes", ["N° de compte", "Libellé"],
                      [[f"401L{n:03d}", f"Fournisseur {n}"] for n in range(ROWS)])
    result = tmp_path / "r.xlsx"
    code, out, err = run_cli(["import", str(book), "--society-id", "2", "--yes", "--result", str(result),
                              "--verbose"], capsys)
    assert code == 0, out + err
    # The password and every token of the run: nowhere but in the config file (the last token only).
    with sandbox._app.state.sandbox.store.read() as db:  # every token minted during the run
        tokens = [row["token"] for row in db.execute("SELECT token FROM login_token")]
    assert len(tokens) >= 2
    files = [path for path in written_files(tmp_path, data_home()) if path != config_path()]
    assert leaks([PASSWORD, *tokens], {"stdout": out, "stderr": err}, files) == []
    return sandbox.stats(), read_sheet(result, "Comptes")


def assert_every_row_written_once(stats: dict[str, object], rows: list[dict[str, object]]) -> None:
    assert [row["Statut"] for row in rows] == ["Créé"] * ROWS
    writes = stats["writes_by_resource"]
    assert isinstance(writes, dict)
    assert writes == {f"account:2:401L{n:03d}": 1 for n in range(ROWS)}
    assert stats["noop_writes"] == {}


def test_a_run_longer_than_the_token_renews_it_before_it_expires(
    short_tokens: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    stats, rows = long_run(short_tokens, tmp_path, monkeypatch, capsys)
    assert_every_row_written_once(stats, rows)
    requests = stats["requests"]
    assert isinstance(requests, dict) and requests["POST /api/authenticate/firm"] >= 3  # login + renewals
    assert stats["refused_writes"] == {}  # never refused: renewed in time


def test_a_run_longer_than_the_token_renews_it_after_an_expired_answer(
    short_tokens: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from bulkio.login import TokenKeeper

    monkeypatch.setattr(TokenKeeper, "due", lambda self: False)  # learn of each expiry from the API only
    stats, rows = long_run(short_tokens, tmp_path, monkeypatch, capsys)
    assert_every_row_written_once(stats, rows)
    refused = stats["refused_writes"]
    assert isinstance(refused, dict) and set(refused) == {"POST /api/v1/account ERR-INVALID-FIRM-JWT"}, refused
    requests = stats["requests"]
    assert isinstance(requests, dict) and requests["POST /api/authenticate/firm"] >= 2


def test_an_expired_token_without_a_password_stops_and_says_what_to_do(
    short_tokens: EmbeddedSandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import time

    typed(monkeypatch, MAIL, PASSWORD)
    code, _out, err = login(short_tokens, capsys)
    assert code == 0, err
    monkeypatch.setenv("MYUNISOFT_SECRET", SECRET)
    time.sleep(2.1)
    code, _out, err = run_cli(["check"], capsys)
    assert code == 2
    assert "bulkio login" in err and "MYUNISOFT_PASSWORD" in err
