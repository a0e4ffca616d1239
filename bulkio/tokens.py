"""The tokens file: one society token per dossier, so that a migration runs several dossiers at once.

The API's budget is per token (20 requests per 10 s): four society tokens push four dossiers in the time one
token pushes one. The file is TOML (Python reads it without a dependency):

    concurrency = 4            # dossiers pushed at the same time, all tokens together (default 4)
    budget = "20/10"           # requests/seconds each token may spend (default: what the API announces)

    [tokens]
    2 = "the token of dossier 2"
    "CLIENT-005" = { token = "the token of dossier 5", budget = "10/10" }

A key names the dossier like a Dossier cell does (id, SIRET, name or reference); bulkio checks that each
token is that dossier's (`GET /society` with the token answers with its own dossier). Tokens never appear in
output, logs or results: a token is shown as its first characters and a hash.

The file holds secrets, so it should be readable by its owner only; bulkio says so when it is not.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bulkio.config import fits_a_header
from bulkio.errors import UsageError
from bulkio.i18n import register, t

DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 32

register(
    {
        "tokens.unreadable": {
            "fr": "le fichier de jetons {path} est illisible (absent, dossier ou droits insuffisants) : vérifiez "
            "le chemin.",
            "en": "the tokens file {path} cannot be read (missing, a directory, or no permission): check the path.",
        },
        "tokens.not_utf8": {
            "fr": "le fichier de jetons {path} n'est pas en UTF-8 : enregistrez-le en UTF-8.",
            "en": "the tokens file {path} is not UTF-8: save it as UTF-8.",
        },
        "tokens.bad_syntax": {
            "fr": "le fichier de jetons {path} n'est pas du TOML valide ({where}) : vérifiez la syntaxe, par "
            "exemple 5 = \"jeton\" sous [tokens].",
            "en": "the tokens file {path} is not valid TOML ({where}): check the syntax, e.g. 5 = \"token\" "
            "under [tokens].",
        },
        "tokens.at_line": {"fr": "ligne {line}, colonne {column}", "en": "line {line}, column {column}"},
        "tokens.at_end": {"fr": "à la fin du fichier", "en": "at the end of the file"},
        "tokens.somewhere": {"fr": "position inconnue", "en": "position unknown"},
        "tokens.no_tokens": {
            "fr": "le fichier de jetons {path} n'a pas de table [tokens] : ajoutez une ligne « id = \"jeton\" » "
            "par dossier.",
            "en": "the tokens file {path} has no [tokens] table: add one line 'id = \"token\"' per dossier.",
        },
        "tokens.bad_entry": {
            "fr": "fichier de jetons {path}, dossier « {dossier} » : {problem}.",
            "en": "tokens file {path}, dossier '{dossier}': {problem}.",
        },
        "tokens.bad_default_budget": {
            "fr": "fichier de jetons {path}, budget commun (ligne « budget = » hors de [tokens]) : {problem}.",
            "en": "tokens file {path}, shared budget (the 'budget =' line outside [tokens]): {problem}.",
        },
        "tokens.bad_characters": {
            "fr": "fichier de jetons {path}, dossier « {dossier} » : le jeton contient un caractère qui ne peut "
            "pas être envoyé dans un en-tête HTTP (accent, retour à la ligne, caractère de contrôle) : "
            "recopiez-le.",
            "en": "tokens file {path}, dossier '{dossier}': the token holds a character that cannot be sent in an "
            "HTTP header (accent, line break, control character): copy it again.",
        },
        "tokens.bad_budget": {
            "fr": "budget « {value} » invalide : écrivez requêtes/secondes, par exemple \"20/10\"",
            "en": "invalid budget '{value}': write requests/seconds, e.g. \"20/10\"",
        },
        "tokens.bad_concurrency": {
            "fr": "fichier de jetons {path} : concurrency doit être un entier entre 1 et {max}.",
            "en": "tokens file {path}: concurrency must be a whole number from 1 to {max}.",
        },
        "tokens.missing_token": {
            "fr": "le jeton est vide ou absent",
            "en": "the token is empty or missing",
        },
        "tokens.open_permissions": {
            "fr": "attention : le fichier de jetons {path} est lisible par d'autres utilisateurs ; "
            "faites « chmod 600 {path} ».",
            "en": "warning: the tokens file {path} is readable by other users; run 'chmod 600 {path}'.",
        },
    }
)


@dataclass(frozen=True)
class Budget:
    requests: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.requests}/{self.seconds:g}"


@dataclass(frozen=True)
class TokenEntry:
    dossier: str  # as written in the file: id, SIRET, name or reference
    token: str = field(repr=False)
    budget: Budget | None = None

    @property
    def shown(self) -> str:
        """The token as it may be shown: never the token itself."""
        return f"{self.token[:4]}…#{hashlib.sha256(self.token.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class TokensFile:
    path: Path
    entries: tuple[TokenEntry, ...]
    concurrency: int = DEFAULT_CONCURRENCY
    open_permissions: bool = False  # readable by the group or others (POSIX)


def parse_budget(value: object) -> Budget:
    try:
        count, seconds = str(value).split("/")
        budget = Budget(int(count), float(seconds))
    except ValueError:
        raise ValueError(t("tokens.bad_budget", value=value)) from None
    if budget.requests < 1 or budget.seconds <= 0:
        raise ValueError(t("tokens.bad_budget", value=value))
    return budget


def load_tokens(path: Path) -> TokensFile:
    """Read and check the file; UsageError with one sentence when it is not usable."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise UsageError(t("tokens.unreadable", path=path)) from None
    except UnicodeDecodeError:
        raise UsageError(t("tokens.not_utf8", path=path)) from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(t("tokens.bad_syntax", path=path, where=_where(error))) from None
    table = data.get("tokens")
    if not isinstance(table, dict) or not table:
        raise UsageError(t("tokens.no_tokens", path=path))
    concurrency = data.get("concurrency", DEFAULT_CONCURRENCY)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or not 1 <= concurrency <= MAX_CONCURRENCY:
        raise UsageError(t("tokens.bad_concurrency", path=path, max=MAX_CONCURRENCY))
    try:
        default_budget = parse_budget(data["budget"]) if "budget" in data else None
    except ValueError as error:
        raise UsageError(t("tokens.bad_default_budget", path=path, problem=error)) from None
    entries = []
    for dossier, value in table.items():
        token, budget = (value.get("token"), value.get("budget")) if isinstance(value, dict) else (value, None)
        if not isinstance(token, str) or not token.strip():
            raise UsageError(t("tokens.bad_entry", path=path, dossier=dossier, problem=t("tokens.missing_token")))
        if not fits_a_header(token.strip()):  # httpx would fail on it with an encoding error: say it, never show it
            raise UsageError(t("tokens.bad_characters", path=path, dossier=dossier))
        try:
            parsed = parse_budget(budget) if budget is not None else default_budget
        except ValueError as error:
            raise UsageError(t("tokens.bad_entry", path=path, dossier=dossier, problem=error)) from None
        entries.append(TokenEntry(str(dossier), token.strip(), parsed))
    mode = path.stat().st_mode
    open_permissions = os.name == "posix" and bool(mode & (stat.S_IRGRP | stat.S_IROTH))
    return TokensFile(path, tuple(entries), concurrency, open_permissions)


def _where(error: tomllib.TOMLDecodeError) -> str:
    """Where the TOML error is, in the user's language (tomllib's own message is English)."""
    line, column = getattr(error, "lineno", None), getattr(error, "colno", None)  # Python 3.14+
    if line is None:
        text = str(error)
        if "(at end of document)" in text:
            return t("tokens.at_end")
        found = re.search(r"\(at line (\d+), column (\d+)\)", text)
        if found is None:
            return t("tokens.somewhere")
        line, column = found.groups()
    return t("tokens.at_line", line=line, column=column)
