"""What the security tests share: distinctive credentials, a misbehaving proxy in front of the sandbox, and a
scan of everything a command printed, logged or wrote."""

from __future__ import annotations

import http.server
import json
import os
import socket
import sqlite3
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bulkio.sandbox import FIRM_TOKEN, SECRET, society_token

# Values no message, log line, file or workbook may ever show; the proxy swaps them for the sandbox's.
DISTINCT_SECRET = "S3CR3T-partenaire-7f1c9a2e"
DISTINCT_FIRM_TOKEN = "J3T0N-cabinet-4b8d2e61"
DISTINCT_SOCIETY_TOKENS = {5: "J3T0N-dossier5-9c0a7f13", 6: "J3T0N-dossier6-2d5e8b47"}
UNKNOWN_TOKEN = "J3T0N-inconnu-c81f0b3d"  # reaches the sandbox as it is: refused there
ALL_DISTINCT = (DISTINCT_SECRET, DISTINCT_FIRM_TOKEN, UNKNOWN_TOKEN, *DISTINCT_SOCIETY_TOKENS.values())

_SWAPS = {
    DISTINCT_SECRET: SECRET,
    DISTINCT_FIRM_TOKEN: FIRM_TOKEN,
    **{token: society_token(society) for society, token in DISTINCT_SOCIETY_TOKENS.items()},
}


@dataclass
class EchoingProxy:
    """A loopback HTTP proxy in front of the sandbox, with the manners of a careless gateway.

    Requests go upstream with the distinctive credentials swapped for the sandbox's. When `echo_writes`, a POST
    or PUT is not forwarded but answered 500 with the whole request, headers included, in the error body and in
    response headers (request-id among them); a 401/403 from upstream is rewritten the same way.
    """

    upstream: str  # the sandbox's root URL
    echo_writes: bool = False
    write_answer: tuple[int, dict[str, object], dict[str, str]] | None = None  # status, body, headers for writes
    echoed: int = 0
    _server: http.server.ThreadingHTTPServer | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> EchoingProxy:
        proxy = self
        upstream = httpx.Client(base_url=self.upstream, timeout=10.0)

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _relay(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                received = dict(self.headers.items())
                if proxy.echo_writes and self.command in ("POST", "PUT"):
                    self._echo(500, "ERR-UPSTREAM", received)
                    return
                if proxy.write_answer is not None and self.command in ("POST", "PUT"):
                    status, answer_body, answer_headers = proxy.write_answer
                    self._send(status, json.dumps(answer_body).encode(),
                               {"content-type": "application/json", **answer_headers})
                    return
                headers = {name: _swap(value) for name, value in received.items()
                           if name.lower() not in ("host", "content-length", "connection", "accept-encoding")}
                answer = upstream.request(self.command, self.path, content=body, headers=headers)
                if answer.status_code in (401, 403):
                    self._echo(answer.status_code, answer.json().get("error", {}).get("code", "ERR"), received)
                    return
                self._send(answer.status_code, answer.content,
                           {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "request-id")})

            def _echo(self, status: int, code: str, received: dict[str, str]) -> None:
                proxy.echoed += 1
                dump = json.dumps({"method": self.command, "path": self.path, "headers": received})
                body = json.dumps({"error": {"code": code, "message": f"gateway saw {dump}",
                                             "details": {"requestId": f"echo {received.get('Authorization')}"}}})
                self._send(status, body.encode(), {
                    "content-type": "application/json",
                    "request-id": f"echo {received.get('Authorization')}",
                    "x-echo-secret": received.get("X-Third-Party-Secret", ""),
                })

            def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _relay

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        self._upstream_client = upstream
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._upstream_client.close()


def _swap(value: str) -> str:
    for distinct, real in _SWAPS.items():
        value = value.replace(distinct, real)
    return value


@contextmanager
def echoing_proxy(
    upstream: str, echo_writes: bool = False, write_answer: tuple[int, dict[str, object], dict[str, str]] | None = None
) -> Iterator[EchoingProxy]:
    proxy = EchoingProxy(upstream, echo_writes=echo_writes, write_answer=write_answer).start()
    try:
        yield proxy
    finally:
        proxy.stop()


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def blobs_of(path: Path) -> list[tuple[str, bytes]]:
    """A file's bytes, and for a zip (xlsx) each member's, and for SQLite every value of every table."""
    found = [(str(path), path.read_bytes())]
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            found += [(f"{path}!{name}", archive.read(name)) for name in archive.namelist()]
    if found[0][1].startswith(b"SQLite format 3"):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                rows = db.execute(f'SELECT * FROM "{table}"').fetchall()
                found.append((f"{path}:{table}", repr(rows).encode()))
        finally:
            db.close()
    return found


def written_files(*roots: Path) -> list[Path]:
    return sorted({p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()})


def leaks(secrets: Iterable[str], texts: dict[str, str], files: Iterable[Path]) -> list[str]:
    """Where any of `secrets` shows: the names of the texts and files (zip members, tables) that hold one."""
    secrets = list(secrets)
    found = [f"{name}: {secret}" for name, text in texts.items() for secret in secrets if secret in text]
    for path in files:
        for where, blob in blobs_of(path):
            found += [f"{where}: {secret}" for secret in secrets if secret.encode() in blob]
    return found


def data_home() -> Path:
    """The isolated user data directory (journals live there), set by tests/conftest.py."""
    return Path(os.environ["XDG_DATA_HOME"])
