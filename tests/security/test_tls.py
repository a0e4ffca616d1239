"""TLS is verified, always: a self-signed server is refused in one sentence (exit 2), no option, environment
variable or config key turns verification off, and credentials never go over plain http to another machine."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import typer.main

from bulkio.api.client import MyUnisoftClient
from bulkio.cli import app
from tests.integration.test_cli_input import run_cli
from tests.security.support import ALL_DISTINCT, DISTINCT_FIRM_TOKEN, DISTINCT_SECRET, leaks

BULKIO = Path(__file__).resolve().parents[2] / "bulkio"
TURNS_TLS_OFF = re.compile(r"insecure|verify|no[-_]?ssl|no[-_]?tls|ssl[-_]?verify|skip[-_]?(tls|ssl|cert)", re.I)


@dataclass
class HttpsServer:
    url: str
    cert: Path
    connections: list[int]


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HttpsServer]:
    """An HTTPS server on loopback with a self-signed certificate for 127.0.0.1; it would answer /key/info."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    connections: list[int] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"target": {"type": "firm", "schemaId": 1}, "routes": []}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class TlsServer(http.server.ThreadingHTTPServer):
        def get_request(self):  # type: ignore[no-untyped-def]
            sock, address = super().get_request()
            connections.append(0)  # a TCP connection, whether or not the handshake succeeds
            return sock, address

        def handle_error(self, request, client_address):  # type: ignore[no-untyped-def]
            pass  # the refused handshakes: expected, and not to be printed over the test's output

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = TlsServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield HttpsServer(f"https://127.0.0.1:{server.server_address[1]}", cert, connections)
    finally:
        server.shutdown()
        server.server_close()


def test_the_server_works_for_a_client_that_trusts_its_certificate(self_signed: HttpsServer) -> None:
    """The control: only verification makes the other tests fail."""
    trusting = ssl.create_default_context(cafile=str(self_signed.cert))
    assert httpx.get(self_signed.url + "/api/v1/key/info", verify=trusting).json()["target"]["type"] == "firm"


def test_the_client_is_built_with_certificate_and_hostname_checks(self_signed: HttpsServer) -> None:
    with MyUnisoftClient(self_signed.url, DISTINCT_SECRET, DISTINCT_FIRM_TOKEN) as client:
        context = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
        assert context.verify_mode is ssl.CERT_REQUIRED and context.check_hostname is True


def test_a_self_signed_server_is_refused_in_one_sentence_without_retrying(
    self_signed: HttpsServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Everything a user might try to switch verification off: none of it is read.
    Path(tmp_path / "bulkio.toml").write_text(
        '[default]\nverify = false\ninsecure = true\ntls_verify = false\nssl_verify = false\n'
        f'secret = "{DISTINCT_SECRET}"\ntoken = "{DISTINCT_FIRM_TOKEN}"\n', encoding="utf-8")
    monkeypatch.setenv("BULKIO_CONFIG", str(tmp_path / "bulkio.toml"))
    for name in ("BULKIO_INSECURE", "BULKIO_VERIFY", "BULKIO_TLS_VERIFY", "MYUNISOFT_VERIFY", "MYUNISOFT_INSECURE",
                 "PYTHONHTTPSVERIFY", "HTTPX_VERIFY", "SSL_VERIFY"):
        monkeypatch.setenv(name, "0")
    for name in ("CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"):
        monkeypatch.setenv(name, "")
    before = len(self_signed.connections)
    started = time.monotonic()
    code, out, err = run_cli(["export", "comptes", "-o", str(tmp_path / "e.xlsx"), "--base-url", self_signed.url,
                              "--society-id", "1"], capsys)
    assert code == 2
    message = err.strip()
    assert message.startswith("bulkio :") and len(message.splitlines()) == 1 and "Traceback" not in err, err
    assert "certificat TLS" in message and self_signed.url in message and "self-signed" in message, message
    assert time.monotonic() - started < 5 and len(self_signed.connections) - before == 1, "a bad certificate is final"
    assert not (tmp_path / "e.xlsx").exists()
    assert leaks(ALL_DISTINCT, {"stdout": out, "stderr": err}, []) == []


def test_check_refuses_it_too(self_signed: HttpsServer, monkeypatch: pytest.MonkeyPatch,
                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", DISTINCT_FIRM_TOKEN)
    code, _out, err = run_cli(["check", "--base-url", self_signed.url], capsys)
    assert code == 2 and "certificat TLS" in err and len(err.strip().splitlines()) == 1, err


def test_no_option_variable_or_code_path_turns_verification_off() -> None:
    sources = {path: path.read_text(encoding="utf-8") for path in BULKIO.rglob("*.py")}
    # httpx clients: every verify= says True (the sandbox's own test helpers included).
    for path, text in sources.items():
        for found in re.findall(r"verify\s*=\s*([^,)\s]+)", text):
            assert found == "True", f"{path}: verify={found}"
        assert "CERT_NONE" not in text and "_create_unverified_context" not in text, path
        assert "check_hostname = False" not in text, path
    # Command-line options of every command.
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        for param in sub.params:
            for flag in [*param.opts, *param.secondary_opts, *(param.envvar or [] if isinstance(param.envvar, list)
                                                                else [param.envvar or ""])]:
                assert not TURNS_TLS_OFF.search(flag), f"bulkio {name} {flag}"
    # Environment variables and config keys bulkio reads.
    read = set()
    for text in sources.values():
        read |= set(re.findall(r"environ(?:\.get)?\(?\[?[\"']([A-Z_]+)", text))
        read |= set(re.findall(r"envvar=[\"']([A-Z_]+)", text))
        read |= set(re.findall(r"values\.get\([\"'](\w+)", text))
    assert read and not [name for name in read if TURNS_TLS_OFF.search(name)], read


@pytest.mark.parametrize("url", ["http://192.0.2.10", "http://api.myunisoft.fr/api/v1"])
def test_credentials_never_go_over_plain_http_to_another_machine(
    url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MYUNISOFT_SECRET", DISTINCT_SECRET)
    monkeypatch.setenv("MYUNISOFT_TOKEN", DISTINCT_FIRM_TOKEN)
    code, _out, err = run_cli(["check", "--base-url", url], capsys)
    assert code == 2 and "http (sans TLS)" in err and "https" in err and len(err.strip().splitlines()) == 1, err
    assert leaks(ALL_DISTINCT, {"stderr": err}, []) == []
