"""Service commands: who the token is (`check`), the local emulator (`sandbox`), the version."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bulkio import __version__
from bulkio.cli.app import (
    BaseUrl,
    Lang,
    Profile,
    Sandbox,
    SocietyId,
    _language,
    app,
    out,
)
from bulkio.errors import UsageError

if TYPE_CHECKING:
    pass


@app.command()
def check(
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    lang: Lang = "fr",
) -> None:
    """Who the token is, and which routes it can reach."""
    from bulkio.check import describe_access
    from bulkio.config import open_target

    _language(lang)
    with open_target(sandbox, base_url, society_id, profile) as target:
        for line in describe_access(target):
            out.print(line, markup=False)


@app.command()
def sandbox(
    host: Annotated[str, typer.Option(help="Loopback address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    db: Annotated[Path | None, typer.Option(help="SQLite state file.")] = None,
    rate_limit: Annotated[str, typer.Option("--rate-limit", help="Requests/seconds per token.")] = "20/10",
    latency_ms: Annotated[int, typer.Option("--latency-ms")] = 0,
    fault_rate: Annotated[float, typer.Option("--fault-rate", help="Share of requests answered 500.")] = 0.0,
    empty: Annotated[bool, typer.Option("--empty", help="Dossiers without accounts.")] = False,
    allow_public: Annotated[bool, typer.Option("--allow-public", help="Allow a non-loopback host.")] = False,
) -> None:
    """Run the local MyUnisoft emulator."""
    from bulkio.config import sandbox_db_path
    from bulkio.sandbox import SandboxConfig, serve

    try:
        count, seconds = rate_limit.split("/")
        limit = (int(count), float(seconds))
    except ValueError:
        raise UsageError(f"--rate-limit: N/SECONDS, e.g. 20/10 ({rate_limit!r})") from None
    path = db or sandbox_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    config = SandboxConfig(db_path=path, rate_limit=limit, latency_ms=latency_ms, error_rate=fault_rate,
                           empty=empty)
    try:
        serve(config, host=host, port=port, allow_public=allow_public)
    except ValueError as error:  # a non-loopback host without --allow-public
        raise UsageError(str(error)) from None


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)
