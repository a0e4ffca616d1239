"""Usage errors as one sentence in the user's language: an unknown command or option (with the closest one),
a missing argument, a bad option value, a file name read as an option.

Typer 0.2x carries its own copy of Click, whose exceptions are not `click.exceptions.*`: the errors are told
apart by their class names, which both copies share, so either works.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from bulkio.i18n import LANGUAGES, register, set_language, t

register(
    {
        "usage.command": {
            "fr": "commande inconnue « {name} » : {hint}",
            "en": "unknown command '{name}': {hint}",
        },
        "usage.command_hint": {
            "fr": "bulkio --help liste les commandes.",
            "en": "bulkio --help lists the commands.",
        },
        "usage.option": {
            "fr": "option inconnue « {name} » pour {command} : {hint}",
            "en": "unknown option '{name}' for {command}: {hint}",
        },
        "usage.option_hint": {
            "fr": "{command} --help liste les options.",
            "en": "{command} --help lists the options.",
        },
        "usage.did_you_mean": {"fr": "vouliez-vous dire {choices} ?", "en": "did you mean {choices}?"},
        "usage.or": {"fr": " ou ", "en": " or "},
        "usage.dash_file": {
            "fr": "« {token} » se lit comme une option : pour un fichier dont le nom commence par un tiret, "
            "écrivez {command} ./{token}.",
            "en": "'{token}' reads as an option: for a file whose name starts with a dash, write "
            "{command} ./{token}.",
        },
        "usage.missing": {
            "fr": "{command} attend {what} {name} : {command} --help montre comment l'écrire.",
            "en": "{command} needs {what} {name}: {command} --help shows how to write it.",
        },
        "usage.option_value": {
            "fr": "l'option « {name} » attend une valeur : {command} --help montre comment l'écrire.",
            "en": "the option '{name}' needs a value: {command} --help shows how to write it.",
        },
        "usage.option_no_value": {
            "fr": "l'option « {name} » ne prend pas de valeur : écrivez-la seule ({command} --help).",
            "en": "the option '{name}' takes no value: write it alone ({command} --help).",
        },
        "usage.what.argument": {"fr": "l'argument", "en": "the argument"},
        "usage.what.option": {"fr": "l'option", "en": "the option"},
        "usage.bad_value": {
            "fr": "valeur invalide pour {name} ({detail}) : {command} --help dit ce qui est attendu.",
            "en": "invalid value for {name} ({detail}): {command} --help says what is expected.",
        },
        "usage.extra": {
            "fr": "argument en trop pour {command} : « {extra} » ; mettez entre guillemets un chemin qui contient "
            "des espaces, et voyez {command} --help.",
            "en": "extra argument for {command}: '{extra}'; quote a path that holds spaces, and see "
            "{command} --help.",
        },
        "usage.other": {
            "fr": "commande mal formée ({detail}) : {command} --help montre comment l'écrire.",
            "en": "malformed command ({detail}): {command} --help shows how to write it.",
        },
    }
)

# French words a user may type for a command: only to suggest the command, never run as it.
FRENCH_COMMANDS = {
    "modele": "template", "modèle": "template", "valider": "validate", "verifier": "validate",
    "vérifier": "validate", "exporter": "export", "importer": "import", "apercu": "preview", "aperçu": "preview",
    "previsualiser": "preview", "prévisualiser": "preview", "comparer": "diff", "auditer": "diff",
    "audit": "diff", "controler": "check", "contrôler": "check", "bac-a-sable": "sandbox",
}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$")  # Click's words for it


def early_language(argv: Sequence[str]) -> None:
    """The language of `--lang` or BULKIO_LANG before Click parses anything: a usage error is said in it."""
    wanted = os.environ.get("BULKIO_LANG")
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            wanted = argv[index + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    if wanted in LANGUAGES:
        set_language(wanted)


def is_click_error(error: BaseException) -> bool:
    return "ClickException" in _names(error)


def is_help_shown(error: BaseException) -> bool:
    """`bulkio` alone: Click has printed the help already."""
    return "NoArgsIsHelpError" in _names(error)


def usage_sentence(error: Any, argv: Sequence[str]) -> str:
    """One sentence for a Click usage error, in the current language."""
    ctx = getattr(error, "ctx", None)
    bare = [arg for arg in argv if not arg.startswith("-")]
    command = ctx.command_path if ctx is not None else " ".join(["bulkio", *bare[:1]])
    try:
        return _sentence(error, _names(error), ctx, argv, command)
    except Exception:  # an attribute another Click version lacks: Click's own words, still one sentence
        return t("usage.other", detail=error.format_message(), command=command)


def _sentence(error: Any, names: list[str], ctx: Any, argv: Sequence[str], command: str) -> str:
    if "NoSuchOption" in names:
        return _no_such_option(error, argv, command)
    if "BadOptionUsage" in names:
        key = "usage.option_no_value" if "does not take a value" in error.message else "usage.option_value"
        return t(key, name=error.option_name, command=command)
    if "MissingParameter" in names and getattr(error, "param", None) is not None:
        param = error.param
        kind = "option" if getattr(param, "param_type_name", "") == "option" else "argument"
        name = param.opts[0] if kind == "option" and param.opts else (param.metavar or param.name or "").upper()
        return t("usage.missing", command=command, what=t(f"usage.what.{kind}"), name=name)
    if "BadParameter" in names:
        name = error.param_hint or (error.param.opts[0] if getattr(error.param, "opts", None) else "?")
        if isinstance(name, list | tuple):
            name = " / ".join(name)
        return t("usage.bad_value", name=name, detail=error.message, command=command)
    extra = _EXTRA.search(error.message)
    if extra:
        return t("usage.extra", command=command, extra=extra.group(1))
    commands = getattr(getattr(ctx, "command", None), "commands", None)
    if names[0] == "UsageError" and commands is not None:
        typo = next((arg for arg in argv if not arg.startswith("-")), None)
        if typo is not None and typo not in commands:
            return t("usage.command", name=typo, hint=_suggest(typo, list(commands)) or t("usage.command_hint"))
    return t("usage.other", detail=error.format_message(), command=command)


def _no_such_option(error: Any, argv: Sequence[str], command: str) -> str:
    name = str(error.option_name)
    token = next((arg for arg in argv if arg.startswith(name) and arg != name), None)
    if token is not None and (token.lower().endswith(WORKBOOK_SUFFIXES) or Path(token).exists()):
        return t("usage.dash_file", token=token, command=command)
    choices = list(error.possibilities or [])
    if not choices and error.ctx is not None:
        options = [opt for param in error.ctx.command.params for opt in getattr(param, "opts", [])]
        choices = get_close_matches(name, options, n=2, cutoff=0.7)
    hint = t("usage.did_you_mean", choices=t("usage.or").join(sorted(choices))) if choices \
        else t("usage.option_hint", command=command)
    return t("usage.option", name=name, command=command, hint=hint)


def _suggest(typo: str, commands: list[str]) -> str:
    folded = typo.lower()
    choices = [FRENCH_COMMANDS[folded]] if folded in FRENCH_COMMANDS else get_close_matches(folded, commands, n=2)
    return t("usage.did_you_mean", choices=t("usage.or").join(choices)) if choices else ""


def _names(error: BaseException) -> list[str]:
    return [cls.__name__ for cls in type(error).__mro__]
