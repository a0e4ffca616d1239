"""Service commands: the firm login (`login`), who the token is and how the API behaves (`check`), the local
emulator (`sandbox`), the version."""

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
    err,
    out,
)
from bulkio.errors import UsageError
from bulkio.i18n import register, t

if TYPE_CHECKING:
    from bulkio.login import Firm, LoginAnswer

register(
    {
        "login.ask_email": {"fr": "E-mail du compte cabinet : ", "en": "Firm account e-mail: "},
        "login.ask_password": {"fr": "Mot de passe : ", "en": "Password: "},
        "login.password_from_env": {"fr": "Mot de passe lu dans MYUNISOFT_PASSWORD.",
                                    "en": "Password read from MYUNISOFT_PASSWORD."},
        "login.empty": {"fr": "{what} vide : rien n'a été envoyé.", "en": "{what} is empty: nothing was sent."},
        "login.firms": {"fr": "Ce compte accède à plusieurs schémas :", "en": "This account reaches several schemas:"},
        "login.ask_firm": {"fr": "Schéma (id ou nom) : ", "en": "Schema (id or name): "},
        "login.choose_firm": {
            "fr": "ce compte accède à plusieurs schémas ({firms}) : choisissez-en un avec --firm ID ou --firm NOM.",
            "en": "this account reaches several schemas ({firms}): choose one with --firm ID or --firm NAME.",
        },
        "login.no_such_firm": {
            "fr": "« {answer} » ne désigne aucun de ces schémas ({firms}) : donnez son id ou son nom.",
            "en": "'{answer}' names none of these schemas ({firms}): give its id or name.",
        },
        "login.done": {
            "fr": "Connecté au schéma {firm}. Jeton valable jusqu'au {until}, enregistré dans {path} (profil "
            "« {profile} », lisible par vous seul).",
            "en": "Logged in to schema {firm}. Token valid until {until}, saved in {path} (profile '{profile}', "
            "readable by you only).",
        },
        "login.password_note": {
            "fr": "Le mot de passe n'est enregistré nulle part. Pour qu'une exécution plus longue que le jeton le "
            "renouvelle : MYUNISOFT_PASSWORD, ou répondez à la question posée au début de l'exécution.",
            "en": "The password is saved nowhere. For a run longer than the token to renew it: MYUNISOFT_PASSWORD, "
            "or answer the question asked when the run starts.",
        },
        "login.need_secret": {
            "fr": "Il manque le secret partenaire : définissez MYUNISOFT_SECRET (ou « secret » dans {path}).",
            "en": "The partner secret is missing: set MYUNISOFT_SECRET (or 'secret' in {path}).",
        },
        "login.sandbox_done": {
            "fr": "Bac à sable : connecté au schéma {firm}, jeton valable jusqu'au {until} ; non enregistré (le bac "
            "à sable intégré s'arrête avec la commande).",
            "en": "Sandbox: logged in to schema {firm}, token valid until {until}; not saved (the embedded sandbox "
            "stops with the command).",
        },
    }
)


@app.command()
def login(
    email: Annotated[str | None, typer.Option("--email", help="The firm account's e-mail (asked when absent).")]
    = None,
    firm: Annotated[str | None, typer.Option("--firm", help="Schema id or name, when the account has several.")]
    = None,
    auth_url: Annotated[str | None, typer.Option(
        "--auth-url", help="Login host, default https://app.prodcomptable.myunisoft.fr")] = None,
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    profile: Profile = "default",
    lang: Lang = "fr",
) -> None:
    """Log in with the firm's e-mail and password (asked, never an option); save the token and its expiry."""
    import os

    from bulkio.config import DEFAULT_BASE_URL, config_path, load_profile, open_target, open_to_others, update_profile
    from bulkio.config import auth_url as resolve_auth_url
    from bulkio.login import DEFAULT_AUTH_URL, PASSWORD_VARIABLE, profile_values, shown_time

    _language(lang)
    mail = (email or _ask(t("login.ask_email"))).strip()
    if not mail:
        raise UsageError(t("login.empty", what="e-mail"))
    password = os.environ.get(PASSWORD_VARIABLE) or ""
    if password:
        err.print(t("login.password_from_env"), markup=False)
    else:
        password = _ask(t("login.ask_password"), secret=True)
    if not password:
        raise UsageError(t("login.empty", what=t("login.ask_password").rstrip(": ")))
    if sandbox:
        with open_target(True, None, None) as target:
            answer = _log_in(target.base_url.removesuffix("/api/v1"), mail, password, firm)
        shown = f"{answer.firm.id} {answer.firm.label}" if answer.firm else "?"
        out.print(t("login.sandbox_done", firm=shown, until=shown_time(answer.expires_at)), markup=False)
        return
    url = resolve_auth_url(auth_url, profile)
    answer = _log_in(url, mail, password, firm)
    changes = profile_values(answer, mail, url if url != DEFAULT_AUTH_URL else None)
    if base_url is not None:
        changes["base_url"] = base_url if base_url != DEFAULT_BASE_URL else None
    was_open = open_to_others(config_path())
    path = update_profile(changes, profile)
    if was_open:
        err.print(t("config.narrowed", path=path), markup=False, soft_wrap=True)
    shown = f"{answer.firm.id} {answer.firm.label}" if answer.firm else "?"
    out.print(t("login.done", firm=shown, until=shown_time(answer.expires_at), path=path, profile=profile),
              markup=False, soft_wrap=True)
    out.print(t("login.password_note"), markup=False, soft_wrap=True)
    if not (os.environ.get("MYUNISOFT_SECRET") or load_profile(profile).get("secret")):
        err.print(t("login.need_secret", path=config_path()), markup=False, soft_wrap=True)


def _ask(prompt: str, secret: bool = False) -> str:
    from bulkio.login import ask

    try:
        return ask(prompt, secret=secret)
    except EOFError:
        return ""


def _log_in(url: str, mail: str, password: str, firm: str | None) -> LoginAnswer:
    """Log in, choosing the schema when the account has several (asked, or --firm)."""
    from bulkio.login import FirmSelectionNeeded, firm_login

    try:
        return firm_login(url, mail, password, firm)
    except FirmSelectionNeeded as selection:
        if firm is not None or not selection.firms:
            raise UsageError(t("login.choose_firm", firms=selection.message or "?")) from None
        chosen = _choose(selection.firms)
    return firm_login(url, mail, password, chosen.id)


def _choose(firms: list[Firm]) -> Firm:
    listed = ", ".join(f"{f.id} {f.label}" for f in firms)
    err.print(t("login.firms"), markup=False)
    for choice in firms:
        err.print(f"  {choice.id}  {choice.label}", markup=False)
    answer = _ask(t("login.ask_firm")).strip()
    if not answer:
        raise UsageError(t("login.choose_firm", firms=listed))
    for choice in firms:
        if choice.matches(answer):
            return choice
    raise UsageError(t("login.no_such_firm", answer=answer, firms=listed))


@app.command()
def check(
    sandbox: Sandbox = False,
    base_url: BaseUrl = None,
    society_id: SocietyId = None,
    profile: Profile = "default",
    conformance: Annotated[bool, typer.Option(
        "--conformance", help="Compare the API's answers, headers and rate limit with what bulkio assumes "
        "(at most 8 GETs); exit 1 when something differs.")] = False,
    report: Annotated[Path, typer.Option("--report", help="Where --conformance writes its report.")]
    = Path("bulkio-conformance.txt"),
    lang: Lang = "fr",
) -> None:
    """Who the token is, and which routes it can reach; with --conformance, how the API differs from bulkio's
    assumptions."""
    from bulkio.check import describe_access
    from bulkio.config import open_target

    _language(lang)
    if conformance:  # before the first request, like every path bulkio writes
        from bulkio.outputs import check_output

        check_output(report, suffixes=(".txt",), option="--report", default_name="bulkio-conformance.txt")
    with open_target(sandbox, base_url, society_id, profile) as target:
        if not conformance:
            for line in describe_access(target):
                out.print(line, markup=False)
            return
        from bulkio.conformance import run_probe, write_report

        probe = run_probe(target)
        for difference in probe.differences:
            out.print(f"- {difference}", markup=False, soft_wrap=True)
        if not probe.differences:
            out.print(t("conf.none"), markup=False)
        out.print(t("conf.written", path=write_report(probe, target, report)), markup=False, soft_wrap=True)
    raise typer.Exit(1 if probe.differences else 0)


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
    token_lifetime: Annotated[float, typer.Option(
        "--token-lifetime", help="Seconds a firm-login token lives (default 4 h).")] = 4 * 3600.0,
    account_shape: Annotated[str, typer.Option(
        "--account-shape", help="GET /account/v2 as the docs (default), the Postman captures, or capture-list.")]
    = "docs",
    rate_profile: Annotated[str, typer.Option(
        "--rate-profile", help="Rate limiter: docs (default), capture, sliding-wrong-reset, skewed-clock, no-headers, "
        "strict-silent; scaled by --rate-limit.")] = "docs",
) -> None:
    """Run the local MyUnisoft emulator."""
    from bulkio.config import sandbox_db_path
    from bulkio.sandbox import SandboxConfig, serve
    from bulkio.sandbox.config import ACCOUNT_SHAPES, RATE_PROFILES

    try:
        count, seconds = rate_limit.split("/")
        limit = (int(count), float(seconds))
    except ValueError:
        raise UsageError(f"--rate-limit: N/SECONDS, e.g. 20/10 ({rate_limit!r})") from None
    if account_shape not in ACCOUNT_SHAPES:
        raise UsageError(f"--account-shape: {' | '.join(ACCOUNT_SHAPES)} ({account_shape!r})")
    if rate_profile not in RATE_PROFILES:
        raise UsageError(f"--rate-profile: {' | '.join(RATE_PROFILES)} ({rate_profile!r})")
    path = db or sandbox_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    config = SandboxConfig(db_path=path, rate_limit=limit, latency_ms=latency_ms, error_rate=fault_rate,
                           empty=empty, token_lifetime=token_lifetime, account_shape=account_shape,
                           rate_profile=rate_profile)
    try:
        serve(config, host=host, port=port, allow_public=allow_public)
    except ValueError as error:  # a non-loopback host without --allow-public
        raise UsageError(str(error)) from None


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)
