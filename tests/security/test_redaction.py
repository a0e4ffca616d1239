"""No secret nor token ever shows: not on screen, in logs (--verbose, BULKIO_DEBUG, httpx/httpcore at DEBUG), in
journals, result, export or audit workbooks, nor in error sentences — even when the API or a gateway echoes them.

Every command runs for real against the sandbox, behind a proxy that swaps distinctive credentials for the
sandbox's and, on demand, echoes the request (headers included) in its errors. Then everything printed, logged
and written is scanned for the credentials.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.worker import WorkerFailed

from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.errors import ApiUnavailable
from bulkio.sandbox import SECRET
from bulkio.session import ImportOptions, ImportSession
from bulkio.tokens import load_tokens
from bulkio.tui.app import PreviewApp
from tests.conftest import read_sheet, write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.security.support import (
    ALL_DISTINCT,
    DISTINCT_FIRM_TOKEN,
    DISTINCT_SECRET,
    DISTINCT_SOCIETY_TOKENS,
    UNKNOWN_TOKEN,
    closed_port,
    data_home,
    echoing_proxy,
    leaks,
    written_files,
)
from tests.tui.support import wait_for

ROOT = Path(__file__).resolve().parents[2]
COMPTES = ["N° de compte", "Libellé"]


@pytest.fixture
def credential_values() -> tuple[str, str]:
    """The `credentials` fixture (tests/conftest.py) sets the distinctive ones, which the proxy swaps."""
    return DISTINCT_SECRET, DISTINCT_FIRM_TOKEN


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, httpx and httpcore included (they log URLs and response headers)."""
    for name in (None, "bulkio", "httpx", "httpcore", "uvicorn"):
        caplog.set_level(logging.DEBUG, logger=name)
    yield caplog


def logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)


def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries without their sleeps: the retries are not what these tests are about."""
    monkeypatch.setattr(MyUnisoftClient, "_backoff", lambda self, attempt: None)


def one_sentence(err: str) -> str:
    message = err.strip()
    assert message.startswith("bulkio :") and len(message.splitlines()) == 1 and "Traceback" not in message, err
    return message


def test_an_import_whose_writes_are_echoed_back_leaks_nothing(
    sandbox, credentials, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", COMPTES, [["401ECHO1", "Echo un"], ["401ECHO2", "Deux"]])
    result = tmp_path / "resultat.xlsx"
    with echoing_proxy(sandbox.url, echo_writes=True) as proxy:
        code, out, err = run_cli(["import", str(book), "--base-url", proxy.url, "--society-id", "2", "--yes",
                                  "--result", str(result)], capsys)
    assert proxy.echoed >= 2, "the gateway echoed the credentials back"
    assert code == 1, err
    rows = read_sheet(result, "Comptes")
    assert [row["Statut"] for row in rows] == ["Erreur", "Erreur"]
    assert all("gateway saw" in row["Message"] and "***" in row["Message"] for row in rows), rows
    assert "x-echo-secret" in logged(debug_logs), "httpcore logged the echoing response headers"
    files = written_files(tmp_path, data_home())
    assert any(path.suffix == ".sqlite" for path in files), "a journal was written"
    assert leaks(ALL_DISTINCT, {"stdout": out, "stderr": err, "logs": logged(debug_logs)}, files) == []


def test_a_refused_token_gives_a_sentence_without_the_credentials(
    sandbox, monkeypatch: pytest.MonkeyPatch, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", UNKNOWN_TOKEN)
    with echoing_proxy(sandbox.url) as proxy:
        code, out, err = run_cli(["export", "comptes", "-o", str(tmp_path / "e.xlsx"), "--base-url", proxy.url,
                                  "--society-id", "2"], capsys)
        assert proxy.echoed >= 1
    assert code == 2
    message = one_sentence(err)
    assert "ERR-API-TOKEN-NOT-FOUND" in message and "MYUNISOFT_TOKEN" in message
    texts = {"stdout": out, "stderr": err, "logs": logged(debug_logs)}
    assert leaks(ALL_DISTINCT, texts, written_files(tmp_path, data_home())) == []


def test_an_unreachable_api_gives_a_sentence_without_the_credentials(
    credentials, monkeypatch: pytest.MonkeyPatch, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    no_backoff(monkeypatch)
    url = f"http://127.0.0.1:{closed_port()}"
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", COMPTES, [["401X", "X"]])
    code, out, err = run_cli(["import", str(book), "--base-url", url, "--society-id", "2", "--yes"], capsys)
    assert code == 2
    assert url in one_sentence(err)
    texts = {"stdout": out, "stderr": err, "logs": logged(debug_logs)}
    assert leaks(ALL_DISTINCT, texts, written_files(tmp_path, data_home())) == []


def test_a_token_no_header_can_carry_is_refused_by_name_not_shown(
    sandbox, monkeypatch: pytest.MonkeyPatch, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    no_backoff(monkeypatch)
    token = "J3T0N-\x01-controle-0d9e"  # h11 would refuse it, quoting it escaped: b'Bearer J3T0N-\\x01-...'
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", token)
    with echoing_proxy(sandbox.url) as proxy:
        code, out, err = run_cli(["check", "--base-url", proxy.url], capsys)
    assert code == 2
    assert "MYUNISOFT_TOKEN" in one_sentence(err)
    texts = {"stdout": out, "stderr": err, "logs": logged(debug_logs)}
    assert leaks([token, "J3T0N-", "controle-0d9e", DISTINCT_SECRET], texts, []) == []


def test_a_pasted_line_break_around_the_token_is_dropped(
    sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET + "\n")
    monkeypatch.setenv("MYUNISOFT_TOKEN", DISTINCT_FIRM_TOKEN + "\r\n")
    with echoing_proxy(sandbox.url) as proxy:
        code, _out, err = run_cli(["export", "comptes", "-o", str(tmp_path / "e.xlsx"), "--base-url", proxy.url,
                                   "--society-id", "1"], capsys)
    assert code == 0, err


def test_a_transport_error_quoting_the_header_hides_the_escaped_token(
    sandbox, debug_logs  # type: ignore[no-untyped-def]
) -> None:
    # h11 refuses a header value with a line break and quotes it escaped: b'Bearer J3T0N-multi\\nligne-5e1a'.
    token = "J3T0N-multi\nligne-5e1a"
    client = MyUnisoftClient(sandbox.api_url, SECRET, token, society_id=2, sleep=lambda _s: None)
    with client, pytest.raises(ApiUnavailable) as caught:
        client.post("/account", {"account_number": "401X", "label": "X"})
    message = str(caught.value)
    assert "Illegal header value" in message and "***" in message, message
    escaped = "J3T0N-multi\\nligne-5e1a"
    assert leaks([token, escaped, "ligne-5e1a"], {"error": message, "logs": logged(debug_logs)}, []) == []


def test_a_tokens_file_run_leaks_no_society_token(
    sandbox, credentials, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    tokens = tmp_path / "private" / "jetons.toml"
    tokens.parent.mkdir()
    tokens.write_text("[tokens]\n" + "".join(f'{dossier} = "{token}"\n'
                                             for dossier, token in DISTINCT_SOCIETY_TOKENS.items()), encoding="utf-8")
    tokens.chmod(0o600)
    work = tmp_path / "work"
    work.mkdir()
    book = write_xlsx(work / "cabinet.xlsx", "Comptes", ["Dossier", *COMPTES],
                      [["5", "401TOK5", "Cinq"], ["6", "401TOK6", "Six"]])
    with echoing_proxy(sandbox.url, echo_writes=True) as proxy:
        code, out, err = run_cli(["import", str(book), "--base-url", proxy.url, "--tokens", str(tokens), "--yes",
                                  "--result", str(work / "r.xlsx")], capsys)
        assert proxy.echoed >= 2
    assert code == 1, err
    assert {row["Statut"] for row in read_sheet(work / "r.xlsx", "Comptes")} == {"Erreur"}
    texts = {"stdout": out, "stderr": err, "logs": logged(debug_logs)}
    assert leaks(ALL_DISTINCT, texts, written_files(work, data_home())) == []


def test_exports_and_audit_reports_hold_no_credentials(
    sandbox, credentials, debug_logs, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    with echoing_proxy(sandbox.url) as proxy:
        code, _o, err = run_cli(["export", "comptes", "-o", str(tmp_path / "e.xlsx"), "--base-url", proxy.url,
                                 "--society-id", "1"], capsys)
        assert code == 0, err
        code, _o, err = run_cli(["export", "comptes", "-o", str(tmp_path / "split"), "--base-url", proxy.url,
                                 "--society", "1", "--society", "5", "--split"], capsys)
        assert code == 0, err
        book = write_xlsx(tmp_path / "ref.xlsx", "Comptes", COMPTES, [["401000", "Autre libellé"]])
        code, out, err = run_cli(["diff", str(book), "--base-url", proxy.url, "--society-id", "1", "-o",
                                  str(tmp_path / "audit.xlsx")], capsys)
        assert code == 1, err
    assert (tmp_path / "audit.xlsx").exists() and list((tmp_path / "split").glob("*.xlsx"))
    texts = {"stdout": out, "stderr": err, "logs": logged(debug_logs)}
    assert leaks(ALL_DISTINCT, texts, written_files(tmp_path, data_home())) == []


def test_a_crash_says_one_sentence_and_bulkio_debug_a_traceback_both_without_the_token(
    sandbox, credentials, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]  # type: ignore[no-untyped-def]
) -> None:
    def crash(*_args: object, **_kwargs: object) -> None:  # a bug that shows the request it was building
        raise RuntimeError(f"no plan for headers {{'Authorization': 'Bearer {DISTINCT_FIRM_TOKEN}'}}")

    monkeypatch.setattr("bulkio.session.plan_import", crash)
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", COMPTES, [["401X", "X"]])
    with echoing_proxy(sandbox.url) as proxy:
        args = ["import", str(book), "--base-url", proxy.url, "--society-id", "2", "--yes"]
        code, out, err = run_cli(args, capsys)
        assert code == 2 and "RuntimeError" in one_sentence(err) and "Bearer ***" in err
        monkeypatch.setenv("BULKIO_DEBUG", "1")
        code, debug_out, debug_err = run_cli(args, capsys)
    assert code == 2 and "Traceback" in debug_err and "crash" in debug_err
    texts = {"stdout": out + debug_out, "stderr": err + debug_err}
    assert leaks(ALL_DISTINCT, texts, []) == []


@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_in_the_preview_never_shows_a_credential(
    sandbox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, debug: bool  # type: ignore[no-untyped-def]
) -> None:
    if debug:
        monkeypatch.setenv("BULKIO_DEBUG", "1")
    tokens = tmp_path / "private" / "jetons.toml"
    tokens.parent.mkdir()
    tokens.write_text(f'[tokens]\n5 = "{DISTINCT_SOCIETY_TOKENS[5]}"\n', encoding="utf-8")
    target = Target(sandbox.api_url, DISTINCT_SECRET, DISTINCT_FIRM_TOKEN, 2)

    def crash(self: ImportSession) -> None:  # before any client exists: nothing but the session knows the token
        raise RuntimeError(f"{DISTINCT_SECRET} / {DISTINCT_FIRM_TOKEN} / {DISTINCT_SOCIETY_TOKENS[5]}")

    monkeypatch.setattr(ImportSession, "validate", crash)
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", COMPTES, [["401X", "X"]])
    app = PreviewApp(ImportSession(book, target, ImportOptions(tokens=load_tokens(tokens))))

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.fatal_message != "")

    with pytest.raises(WorkerFailed):  # the test driver hands the crash on; a user gets fatal_message only
        asyncio.run(run())
    assert app.return_code == 2
    assert "RuntimeError" in app.fatal_message and "***" in app.fatal_message
    assert ("Traceback" in app.fatal_message) is debug
    assert leaks(ALL_DISTINCT, {"fatal": app.fatal_message}, []) == []


def test_verbose_and_bulkio_debug_output_of_a_real_process(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`--verbose` logs every request to stderr; BULKIO_DEBUG=1 too: a separate process, as a user runs it."""
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", COMPTES, [["401VERB", "Verbeux"]])
    env = {**os.environ, "MYUNISOFT_SECRET": DISTINCT_SECRET, "MYUNISOFT_TOKEN": DISTINCT_FIRM_TOKEN,
           "BULKIO_DEBUG": "1", "PYTHONPATH": str(ROOT)}
    with echoing_proxy(sandbox.url, echo_writes=True) as proxy:
        done = subprocess.run(
            [sys.executable, "-m", "bulkio", "import", str(book), "--base-url", proxy.url, "--society-id", "2",
             "--yes", "--verbose", "--result", str(tmp_path / "r.xlsx")],
            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
        )
        assert proxy.echoed >= 1
    assert done.returncode == 1, done.stderr
    assert "bulkio.api POST /account -> 500" in done.stderr, done.stderr
    texts = {"stdout": done.stdout, "stderr": done.stderr}
    assert leaks(ALL_DISTINCT, texts, written_files(tmp_path, data_home())) == []


def test_a_target_never_shows_its_credentials(sandbox) -> None:  # type: ignore[no-untyped-def]
    target = Target(sandbox.api_url, DISTINCT_SECRET, DISTINCT_FIRM_TOKEN, 2)
    shown = f"{target!r} {target} {target.describe()} {target.journal_key}"  # what a traceback with locals shows
    assert leaks(ALL_DISTINCT, {"target": shown}, []) == []
