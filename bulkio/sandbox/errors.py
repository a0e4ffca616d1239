"""Error codes, messages and the error envelope of the partner API.

Business messages are French, from the packaged `bulkio/reference/error-codes.csv` (extracted from the
publisher's `docs/erreurs.md`), with `%1`/`%2` filled in. A few codes the sandbox needs are outside the
families that file covers; their messages are copied verbatim from the same `erreurs.md` table
(`_EXTRA_CODES`). Gateway codes (`ERR-*`) answer in English like the live API; only
`ERR-API-TOKEN-NOT-FOUND`'s text is sourced (reference §1.7), the others are written in the same style.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

# code -> (http status, French message); verbatim from api-partenaires docs/erreurs.md.
_EXTRA_CODES: dict[str, tuple[int, str]] = {
    "GBL1": (500, "Une erreur est survenue lors du traitement"),
    "GBL2": (400, "Date saisie invalide"),
    "GBL6": (400, "Cet élément existe déjà."),
    "GBL10": (400, "Le paramètre %1 est manquant ou invalide"),
    "DROIT1": (403, "Vous n'avez pas accès à cette société"),
    "DROIT2": (403, "Vous n'avez pas les droits."),
    "UNIK1": (400, "Ce code section existe déjà pour cette société"),
    "IBAN1": (400, "IBAN invalide"),
    "IBAN2": (400, "L'IBAN n'est pas lié à ce compte"),
    "IBAN3": (400, "Code BIC invalide %1"),
    "BIC1": (400, "BIC invalide"),
    "ROADTYP1": (400, "Ce type de voie n'existe pas"),
    # Not verbatim: the reference (§12) glosses GBL20 as "cannot connect, invalid e-mail or password", 400.
    "GBL20": (400, "Impossible de se connecter : e-mail ou mot de passe invalide"),
}

# Gateway codes: HTTP status per reference §1.7 [EMU] and the English text the sandbox answers.
_GATEWAY: dict[str, tuple[int, str]] = {
    "ERR-SECRET-HEADER-NOT-SET": (401, "The X-Third-Party-Secret header is missing."),
    "ERR-INVALID-SECRET": (401, "The X-Third-Party-Secret header is not valid."),
    "ERR-INVALID-AUTH-HEADER": (401, "The Authorization header must be prefixed with the Bearer keyword."),
    "ERR-API-TOKEN-NOT-FOUND": (
        401,
        "Unable to found the token in the DB. The token has certainly expired or been revoked.",
    ),
    "ERR-INVALID-FIRM-JWT": (401, "The firm token is not valid: it has expired."),
    "ERR-FORBIDDEN-ROUTE": (403, "You don't have the access rights for this route."),
    "ERR-FORBIDDEN-ACCESS": (403, "You don't have the permissions required to access the API."),
    "ERR-FOLDER-NOT-FOUND": (404, "No active accounting folder is linked to this token."),
    "ERR-TOO-MANY-REQUEST": (429, "You have exceeded the request limit of your token."),
    "ERR-TOO-MANY-CONCURRENT-REQUEST": (429, "You have exceeded the limit of concurrent requests."),
    "ERR-API-UNDER-MAINTENANCE": (503, "The API is under maintenance."),
    "ERR-INTERNAL": (500, "Internal Server Error"),
}

# The sandbox's own answer for a documented route it does not emulate (docs/sandbox.md, "Not emulated"): 501,
# the server does not support the functionality, rather than a 403 that reads as a rights problem.
NOT_EMULATED = "SANDBOX-NOT-EMULATED"
_SANDBOX: dict[str, tuple[int, str]] = {
    NOT_EMULATED: (501, "This route is documented by MyUnisoft but the bulkio sandbox does not emulate it."),
}

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@cache
def business_codes() -> dict[str, tuple[int, str]]:
    """code -> (status, French message) from the packaged CSV, plus the extra codes above."""
    text = (files("bulkio") / "reference" / "error-codes.csv").read_text(encoding="utf-8")
    table: dict[str, tuple[int, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        status = int(row["http_status"]) if row["http_status"] else 400
        table[row["code"]] = (status, row["message_fr"])
    for code, value in _EXTRA_CODES.items():
        table.setdefault(code, value)
    return table


def describe(code: str, *params: object) -> tuple[int, str]:
    """HTTP status and message of `code`, with `%1`, `%2`... replaced by `params`."""
    if code in _GATEWAY:
        return _GATEWAY[code]
    if code in _SANDBOX:
        return _SANDBOX[code]
    if code not in business_codes():
        raise KeyError(f"unknown error code {code!r}")
    status, message = business_codes()[code]
    for index, value in enumerate(params, start=1):
        message = message.replace(f"%{index}", str(value))
    return status, message


class ApiError(Exception):
    """An error the sandbox answers with the API's envelope. `params` fill `%1`, `%2`..."""

    def __init__(self, code: str, *params: object, status: int | None = None) -> None:
        default_status, message = describe(code, *params)
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status or default_status


def not_emulated(method: str, path: str) -> ApiError:
    """501 SANDBOX-NOT-EMULATED, naming the route."""
    error = ApiError(NOT_EMULATED)
    error.message = (f"{method} {path} is documented by MyUnisoft but the bulkio sandbox does not emulate it "
                     "(docs/sandbox.md, 'Not emulated').")
    return error


def missing(parameter: str) -> ApiError:
    """GBL10, "parameter %1 is missing or invalid" - the generic 400 for a bad input."""
    return ApiError("GBL10", parameter)


def requested_at(moment: datetime | None = None) -> str:
    """`07 Jul 2023, 17:58:18` (English month abbreviation whatever the locale)."""
    moment = moment or datetime.now()
    return f"{moment.day:02d} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M:%S}"


def envelope(code: str, message: str, *, url: str, method: str, request_id: str) -> dict[str, Any]:
    """The error body: `{"error": {"code", "message", "details": {url, method, requestedAt, requestId}}}`."""
    return {
        "error": {
            "code": code,
            "message": message,
            "details": {
                "url": url,
                "method": method,
                "requestedAt": requested_at(),
                "requestId": request_id,
            },
        }
    }
