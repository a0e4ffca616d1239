"""The sandbox listens on loopback only, unless --allow-public says otherwise. No test here binds publicly:
uvicorn.run is replaced by a recorder, so a refusal that failed would show as a recorded call, not a socket."""

from __future__ import annotations

import pytest

from bulkio.sandbox import EmbeddedSandbox
from bulkio.sandbox.server import is_loopback
from tests.integration.test_cli_input import run_cli


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    hosts: list[str] = []
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **kwargs: hosts.append(host))
    return hosts


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.com", "127.0.0.1.nip.io", ""])
def test_a_public_host_is_refused_in_one_sentence(
    host: str, served: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(["sandbox", "--host", host, "--port", "0"], capsys)
    assert code == 2 and served == []
    message = err.strip()
    assert message.startswith("bulkio :") and len(message.splitlines()) == 1 and "loopback" in message, err


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10"])
def test_allow_public_lets_it_listen_there(host: str, served: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["sandbox", "--host", host, "--port", "0", "--allow-public"], capsys)
    assert code == 0, err
    assert served == [host]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_flag(host: str, served: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(["sandbox", "--host", host, "--port", "0"], capsys)
    assert code == 0, err
    assert served == [host.strip("[]")]


def test_the_decision_and_the_embedded_sandbox() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "10.0.0.1", "", "::")] == [
        True, True, True, False, False, False, False]
    with pytest.raises(ValueError, match="loopback"):
        EmbeddedSandbox(host="0.0.0.0")  # embedded (--sandbox, tests): never public, no flag at all
