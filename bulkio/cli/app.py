"""The Typer app, the options the commands share, the command line's messages, and main(): every BulkioError
becomes one sentence and an exit code.

Start-up stays light: `bulkio --help`, `bulkio <command> --help`, a usage error and `--version` are answered with
Typer (and its copy of Click), Rich and bulkio's catalogue alone. Nothing here nor in the command modules imports
pandas, pandera, openpyxl, calamine, httpx, Textual or the sandbox's server at module level: each command imports
what it needs in its body, and those modules register their messages as they load
(tests/unit/test_lazy_imports.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from bulkio.errors import BulkioError, UsageError
from bulkio.i18n import register, set_language, t

if TYPE_CHECKING:
    from bulkio.workbook.source_options import SourceOptions

register(
    {
        "cli.unknown_kind": {
            "fr": "type de feuille inconnu « {kind} » : choisissez parmi {known} ou all.",
            "en": "unknown sheet kind '{kind}': choose among {known} or all.",
        },
        "cli.template_written": {"fr": "Modèle écrit : {path}", "en": "Template written: {path}"},
        "cli.valid": {"fr": "Aucune erreur : {rows} lignes valides.", "en": "No errors: {rows} valid rows."},
        "cli.invalid": {
            "fr": "{issues} problème(s) dans {rows} ligne(s) : corrigez-les puis relancez.",
            "en": "{issues} problem(s) in {rows} row(s): fix them and run again.",
        },
        "cli.plan_title": {"fr": "Plan — {target}", "en": "Plan — {target}"},
        "cli.confirm": {
            "fr": "Envoyer {writes} écriture(s) vers {target} ?",
            "en": "Send {writes} write(s) to {target}?",
        },
        "cli.need_yes": {
            "fr": "confirmation impossible sans terminal : ajoutez --yes pour envoyer sans confirmation.",
            "en": "cannot ask for confirmation without a terminal: add --yes to send without confirmation.",
        },
        "cli.enable_analytics": {
            "fr": "Activer l'analytique du dossier {target} avant l'envoi ?",
            "en": "Enable analytics on dossier {target} before sending?",
        },
        "cli.society_changes": {
            "fr": "Le dossier sera modifié avant l'envoi : {changes}",
            "en": "The dossier will be changed before sending: {changes}",
        },
        "cli.cancelled": {"fr": "Annulé : rien n'a été envoyé.", "en": "Cancelled: nothing was sent."},
        "cli.by_dossier": {"fr": "Dossier", "en": "Dossier"},
        "cli.resuming": {
            "fr": "Reprise de l'exécution interrompue : les lignes déjà traitées ne seront pas renvoyées.",
            "en": "Resuming the interrupted run: rows already processed will not be sent again.",
        },
        "cli.interrupted": {
            "fr": "Interrompu. Relancez la même commande pour reprendre là où l'envoi s'est arrêté.",
            "en": "Interrupted. Run the same command again to resume where it stopped.",
        },
        "cli.result_written": {"fr": "Classeur résultat : {path}", "en": "Result workbook: {path}"},
        "cli.exported": {"fr": "{rows} ligne(s) exportée(s) vers {path}", "en": "{rows} row(s) exported to {path}"},
        "cli.no_file": {
            "fr": "le fichier {path} n'existe pas : vérifiez le chemin.",
            "en": "the file {path} does not exist: check the path.",
        },
        "cli.nothing_to_send": {"fr": "Rien à envoyer.", "en": "Nothing to send."},
        "cli.progress": {"fr": "Envoi", "en": "Sending"},
        "cli.sheet_malformed": {
            "fr": "--sheet « {value} » : écrivez le nom de la feuille, le signe = puis son type, par exemple "
            "--sheet \"Plan 2024=comptes\".",
            "en": "--sheet '{value}': write the sheet's name, the sign = then its kind, for example "
            "--sheet \"Plan 2024=accounts\".",
        },
        "cli.sheet_unknown_kind": {
            "fr": "--sheet « {value} » : type de feuille inconnu « {kind} » : choisissez parmi {known}.",
            "en": "--sheet '{value}': unknown sheet kind '{kind}': choose among {known}.",
        },
        "cli.sheet_group": {
            "fr": "--sheet « {value} » : « {kind} » désigne plusieurs types de feuille, or une feuille n'en a "
            "qu'un : choisissez parmi {known}.",
            "en": "--sheet '{value}': '{kind}' names several sheet kinds, and a sheet has only one: choose among "
            "{known}.",
        },
        "cli.sheet_twice": {
            "fr": "--sheet : la feuille « {sheet} » reçoit deux types ({first} et {second}) : gardez-en un seul.",
            "en": "--sheet: the sheet '{sheet}' is given two kinds ({first} and {second}): keep only one.",
        },
        "cli.unexpected": {
            "fr": "erreur inattendue ({kind}: {error}) : relancez avec BULKIO_DEBUG=1 et signalez-la.",
            "en": "unexpected error ({kind}: {error}): run again with BULKIO_DEBUG=1 and report it.",
        },
    }
)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, no_args_is_help=True,
                  help="Import and export MyUnisoft referentials from Excel.")
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)


def _print_version(wanted: bool) -> None:
    if wanted:
        from bulkio import __version__

        out.print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Import and export MyUnisoft referentials from Excel."""


Lang = Annotated[str, typer.Option("--lang", help="fr | en", envvar="BULKIO_LANG")]
Sandbox = Annotated[bool, typer.Option("--sandbox", help="Use the embedded sandbox (no credentials needed).")]
BaseUrl = Annotated[str | None, typer.Option("--base-url", help="API root, default https://api.myunisoft.fr/api/v1")]
SocietyId = Annotated[str | None, typer.Option("--society-id", help="Target dossier id (firm tokens).")]
Profile = Annotated[str, typer.Option("--profile", help="Profile of the config file.")]
Tokens = Annotated[Path | None, typer.Option(
    "--tokens", help="TOML file of society tokens, one per dossier: the dossiers are pushed side by side.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log every request (secrets redacted).")]
# The options `import` and `preview` share.
ResultPath = Annotated[Path | None, typer.Option("--result", help="Where to write the result workbook.")]
Restart = Annotated[bool, typer.Option("--restart", help="Ignore an interrupted run's journal.")]
EnableAnalytics = Annotated[bool, typer.Option(
    "--enable-analytics", help="Turn the dossier's analytics on if the workbook needs them.")]
CreateAccounts = Annotated[bool, typer.Option(
    "--create-accounts", help="Create an associate's missing account (POST /account).")]
SheetKinds = Annotated[list[str] | None, typer.Option(
    "--sheet", help='"Sheet name=kind": read that sheet (or CSV file, by its name) as that kind; repeatable.')]
MapFile = Annotated[Path | None, typer.Option(
    "--map", help="TOML mapping file: sheets, columns, columns to ignore, value rules (docs/mapping.md).")]


def _language(lang: str) -> str:
    if lang not in ("fr", "en"):
        raise UsageError(f"--lang: fr | en ({lang!r})")
    set_language(lang)
    return lang


# Words that name several sheets at once on the command line.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "analytique": ("axes", "sections", "repartitions"),
    "analytics": ("axes", "sections", "repartitions"),
    "associes": ("associes_pp", "associes_pm"),
    "associés": ("associes_pp", "associes_pm"),
    "associates": ("associes_pp", "associes_pm"),
}


def _kinds(kinds: list[str] | None) -> list[str]:
    from bulkio.spec import SPECS, spec_for

    if not kinds or "all" in kinds:
        return list(SPECS)
    found: list[str] = []
    for kind in kinds:
        if kind.lower() in KIND_GROUPS:
            found.extend(k for k in KIND_GROUPS[kind.lower()] if k not in found)
            continue
        try:
            found.append(spec_for(kind).kind)
        except KeyError:
            known = ", ".join([*SPECS, *KIND_GROUPS])
            raise UsageError(t("cli.unknown_kind", kind=kind, known=known)) from None
    return found


def _sheet_map(values: list[str] | None) -> dict[str, str] | None:
    """`--sheet "Nom de feuille=kind"` (repeated): sheet name as written -> kind. One sheet is one kind, so a
    word naming several (analytique, associés) is refused."""
    from bulkio.spec import IGNORE_WORDS, SPECS, spec_for

    if not values:
        return None
    known = ", ".join([*SPECS, "ignorer"])
    found: dict[str, str] = {}
    for value in values:
        sheet, sign, word = value.rpartition("=")  # a sheet name may hold "=", a kind never does
        sheet, word = sheet.strip(), word.strip()
        if not sign or not sheet or not word:
            raise UsageError(t("cli.sheet_malformed", value=value))
        if word.lower() in KIND_GROUPS or word.lower() == "all":
            raise UsageError(t("cli.sheet_group", value=value, kind=word, known=known))
        try:
            kind = word.lower() if word.lower() in IGNORE_WORDS else spec_for(word).kind
        except KeyError:
            raise UsageError(t("cli.sheet_unknown_kind", value=value, kind=word, known=known)) from None
        if found.get(sheet, kind) != kind:
            raise UsageError(t("cli.sheet_twice", sheet=sheet, first=found[sheet], second=kind))
        found[sheet] = kind
    return found


def _source(map_file: Path | None) -> SourceOptions | None:
    """`--map FILE` read and checked whole before anything else (one located sentence at its first problem);
    --sheet is passed beside it and wins over its [feuilles]."""
    from bulkio.workbook.mapping import load_mapping

    return load_mapping(map_file) if map_file is not None else None


def _input(path: Path) -> None:
    """Before anything reads the input: a regular file (a named pipe would block), and a warning when Excel or
    LibreOffice has it open (their unsaved edits are not in the file)."""
    from bulkio.workbook.inputs import check_regular_file, open_warning

    check_regular_file(path)
    warning = open_warning(path)
    if warning:
        err.print(warning, markup=False, soft_wrap=True)


def _verbose(enabled: bool) -> None:
    if enabled:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
        for noisy in ("httpx", "httpcore", "uvicorn", "uvicorn.access"):
            logging.getLogger(noisy).setLevel(logging.WARNING)


def _redacted(text: str) -> str:
    """No secret nor token of this run in what the command line prints (an API or a proxy may echo them)."""
    secrets = (os.environ.get("MYUNISOFT_SECRET"), os.environ.get("MYUNISOFT_TOKEN"))
    if "bulkio.api.client" not in sys.modules and not any(_shares_a_form(text, s) for s in secrets if s):
        return text  # a usage error: no client has registered a secret, and none of these shows (no httpx to load)
    from bulkio.api.client import redact_secrets

    return redact_secrets(text, secrets)


def _shares_a_form(text: str, secret: str) -> bool:
    """Whether `text` holds any 4 characters in a row of `secret`: redact_secrets hides only forms of a secret that
    are its substrings of at least 4 characters (_MIN_SECRET_LENGTH), so without one it returns `text` unchanged."""
    return any(secret[i:i + 4] in text for i in range(len(secret) - 3))


def main() -> None:
    from bulkio.cli.usage import early_language, is_click_error

    argv = sys.argv[1:]
    early_language(argv)  # a usage error happens before any command has read --lang
    if not argv or "--help" in argv:
        _light_help_renderer()
    try:
        code = app(standalone_mode=False)
    except BulkioError as error:
        err.print(f"bulkio : {_redacted(error.message)}", markup=False, soft_wrap=True)
        code = error.exit_code
    except KeyboardInterrupt:
        err.print(t("cli.interrupted"))
        code = 130
    except Exception as error:  # Click's Abort is a RuntimeError, not a ClickException
        code = 130 if _aborted(error) else _usage_error(error, argv) if is_click_error(error) else _unexpected(error)
    sys.exit(code if isinstance(code, int) else 0)


# What typer.rich_utils imports at its top for features bulkio does not use: Markdown for the "markdown" markup mode
# (markdown-it, Pygments) and Traceback for pretty exceptions (disabled above). Together a third of `bulkio --help`.
_UNUSED_BY_THE_HELP = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


def _light_help_renderer() -> None:
    """Import Typer's help renderer without rich.markdown and rich.traceback: while it loads, each is a stand-in
    module whose class imports the real one the first time it is called or read (so nothing Typer does with them
    changes). If the stand-ins do not fit a future Typer, the renderer is imported as it is."""
    if "typer.rich_utils" in sys.modules or any(name in sys.modules for name in _UNUSED_BY_THE_HELP):
        return
    import types

    stand_ins = {}
    for module, name in _UNUSED_BY_THE_HELP.items():
        stand_ins[module] = types.ModuleType(module)
        setattr(stand_ins[module], name, _Deferred(name, (), {"_where": (module, name)}))
    sys.modules.update(stand_ins)
    try:
        import typer.rich_utils  # noqa: F401
    except Exception:
        sys.modules.pop("typer.rich_utils", None)  # Typer imports it again, whole, when it renders the help
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


class _Deferred(type):
    """A stand-in class: calling it or reading an attribute of it imports the real class and uses it."""

    def _real(cls) -> type:
        import importlib

        module, name = cls._where
        return getattr(importlib.import_module(module), name)

    def __call__(cls, *args: object, **kwargs: object) -> object:
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, attribute: str) -> object:
        return getattr(cls._real(), attribute)


def _aborted(error: Exception) -> bool:
    """Click's Abort (Ctrl-C or Ctrl-D at a prompt), from Typer or from Click itself. Click is not imported for it:
    nothing can raise its Abort unless something has loaded it."""
    click = sys.modules.get("click.exceptions")
    return isinstance(error, typer.Abort) or (click is not None and isinstance(error, click.Abort))


def _usage_error(error: Exception, argv: list[str]) -> int:
    """Click's errors (unknown command or option, missing argument, bad value): one sentence, exit 2."""
    from bulkio.cli.usage import is_help_shown, usage_sentence

    if not is_help_shown(error):  # `bulkio` alone: the help is on the screen already
        err.print(f"bulkio : {_redacted(usage_sentence(error, argv))}", markup=False, soft_wrap=True)
    return int(getattr(error, "exit_code", 2))


def _unexpected(error: Exception) -> int:
    """A bug: still one sentence, the traceback only on request."""
    message = t("cli.unexpected", kind=type(error).__name__, error=_redacted(str(error)))
    if os.environ.get("BULKIO_DEBUG"):  # the traceback, for developers, still without secrets
        import traceback

        message += "\n" + _redacted("".join(traceback.format_exception(error)))
    err.print(f"bulkio : {message}", markup=False, soft_wrap=True)
    return 2
