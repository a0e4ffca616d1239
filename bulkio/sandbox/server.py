"""Running the sandbox: `EmbeddedSandbox` (uvicorn in a daemon thread, for `--sandbox` and tests) and
`serve()` (blocking, for `bulkio sandbox`)."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from types import TracebackType
from typing import Any

import httpx
import uvicorn

from bulkio.sandbox.access import FIRM_TOKEN, SECRET, society_token
from bulkio.sandbox.app import create_app
from bulkio.sandbox.config import SandboxConfig, format_rate_limit
from bulkio.sandbox.routing import API_PREFIX


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


class EmbeddedSandbox:
    """A sandbox served on a real socket from a daemon thread. Use as a context manager."""

    def __init__(self, config: SandboxConfig | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        if not is_loopback(host):
            raise ValueError(f"an embedded sandbox listens on loopback only, not {host!r}")
        self.config = config or SandboxConfig()
        self.host = host
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._app: Any = None

    @property
    def url(self) -> str:
        return _base_url(self.host, self.port)

    @property
    def api_url(self) -> str:
        return self.url + API_PREFIX

    def start(self) -> EmbeddedSandbox:
        if self._thread is not None:
            return self
        self._app = create_app(self.config)
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted connections inherit this; without it, Nagle + delayed ACK add ~40 ms to every response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app, log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="bulkio-sandbox", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the embedded sandbox did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop at once, even while a handler is stalled by a 'timeout' fault."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._server.force_exit = True
        self._thread.join(timeout=5)
        self._app.state.sandbox.store.close()
        self._server, self._thread = None, None

    def __enter__(self) -> EmbeddedSandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- operator conveniences -----------------------------------------------------------------
    def _operator(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = httpx.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=10)
        if response.status_code >= 400:
            raise ValueError(response.json()["error"]["message"])
        return response.json()

    def stats(self) -> dict[str, Any]:
        result: dict[str, Any] = self._operator("GET", "stats")
        return result

    def reset(self, empty: bool = False) -> None:
        self._operator("POST", "reset", {"empty": empty})

    def set_faults(self, **changes: Any) -> dict[str, Any]:
        result: dict[str, Any] = self._operator("POST", "faults", changes)
        return result


def banner(config: SandboxConfig, url: str) -> str:
    from bulkio.sandbox.demo import SOCIETIES

    lines = [
        "bulkio sandbox - a local MyUnisoft partner API emulator",
        f"  API base URL : {url}{API_PREFIX}",
        f"  operator     : {url}/_sandbox/stats | reset | faults",
        f"  database     : {config.db_path or 'in memory (lost at exit)'}",
        f"  rate limit   : {format_rate_limit(config.rate_limit)} (requests/seconds per token), profile "
        f"{config.rate_profile}",
        f"  secret       : X-Third-Party-Secret: {SECRET}",
        f"  firm token   : Authorization: Bearer {FIRM_TOKEN}",
        f"  firm login   : POST {url}/api/authenticate/firm  cabinet@sandbox.test (or multi@sandbox.test, two "
        "schemas) / sandbox-password",
    ]
    lines += [f"  dossier {s['society_id']}    : Bearer {society_token(s['society_id'])}  ({s['name']})"
              for s in SOCIETIES]
    return "\n".join(lines)


def serve(config: SandboxConfig, host: str = "127.0.0.1", port: int = 8765, allow_public: bool = False) -> None:
    """Serve until interrupted. Refuses a non-loopback host unless `allow_public` (ValueError)."""
    if not is_loopback(host) and not allow_public:
        raise ValueError(
            f"refusing to listen on {host!r}: the sandbox only listens on loopback (127.0.0.1, ::1)"
        )
    app = create_app(config)
    print(banner(config, _base_url(host, port)), flush=True)
    try:
        uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning", timeout_graceful_shutdown=1)
    finally:
        app.state.sandbox.store.close()
