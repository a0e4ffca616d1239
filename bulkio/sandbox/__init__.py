"""A faithful local emulator of the MyUnisoft partner API (HTTP server, SQLite state).

    from bulkio.sandbox import SandboxConfig, EmbeddedSandbox
    with EmbeddedSandbox(SandboxConfig()) as sandbox:
        httpx.get(sandbox.api_url + "/key/info", headers={...})

See docs/sandbox.md for credentials, operator endpoints and the behaviour choices.
"""

from bulkio.sandbox.access import FIRM_TOKEN, SECRET, society_token
from bulkio.sandbox.app import create_app
from bulkio.sandbox.config import SandboxConfig, parse_rate_limit
from bulkio.sandbox.server import EmbeddedSandbox, serve

__all__ = [
    "FIRM_TOKEN",
    "SECRET",
    "EmbeddedSandbox",
    "SandboxConfig",
    "create_app",
    "parse_rate_limit",
    "serve",
    "society_token",
]
