"""PUT /account replaces the whole account (reference §4.5): what an update sends, and what it must read first.

The body is the account as `GET /account/v2?details=true&counterpart=true&vat=true` shows it, with the row's
cells on top (comptes.update_body). A writable field the record does not carry at all - absent, which is not
null - cannot be sent back: sent as null or [] it would clear the account's analytics flag, delete its
secondary contacts... The publisher's Postman captures of /account/v2 lack `analytics`, `ocr_threshold`,
`ocr_autovalidation` and, in `complementary_informations`, `tel2`, `is_foreign`, `contact_list` and every
`misc_*` that its documentation page shows (docs/sandbox.md, "Account shapes"). So, for an update:

1. a field the row fills (a value, or '(vide)', an explicit ask to clear) is not read;
2. a field absent from the list's record is read with the per-account route the documentation names for these
   very fields, `GET /account/v2?account_id=:id&details=true` (api-partenaires
   docs/accounting/folder/account/miscellaneous_and_complementary_info.md and complementary_info.md, reference
   §4.3): one GET per updated account, only when the list lacked something, and none once that route has shown
   it lacks the same fields;
3. a field still absent blocks the row before anything is sent, naming the field and what to do.

No other documented route carries them: `GET /account?mode=2` (§4.2) lacks them in its documented interface and
its captures; `GET /mad/accounts` (§7) lacks the flags and the contacts' ids and second phones.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.errors import ApiError
from bulkio.i18n import language, register, t
from bulkio.spec.comptes import COMPTES

CI = "complementary_informations"
SNAPSHOT_PARAMS = {"details": "true", "counterpart": "true", "vat": "true"}


@dataclass(frozen=True)
class Field:
    write: str  # its path in the PUT body
    read: str  # its path in the /account/v2 record


TOP_PAIRS = (  # (body name, v2 read path)
    ("label", "label"), ("analytics", "analytics"), ("intraco_account", "intraco"),
    ("btp_autoliquidation", "btp_autoliquidation"), ("exoneration", "exoneration"), ("das_2", "das_2"),
    ("provider", "presta"), ("ocr_autovalidation", "ocr_autovalidation"), ("ocr_threshold", "ocr_threshold"),
    ("vat_param_id", "param_vat_id"), ("counterpart_account_id", "counterpart_account.account_id"),
)
INFO_PAIRS = (  # (complementary_info name, read path under complementary_informations)
    ("name", "name"), ("siren", "siren"), ("id_ape", "ape.id"), ("is_foreign", "is_foreign"),
    ("person_in_charge", "person_in_charge"), ("profession", "profession"),
    ("repetition_index", "indice_repetition"), ("way_type_id", "typevoie.id_type_voie"),
    ("address", "address"), ("address_number", "address_number"), ("address_complement", "address_complement"),
    ("postal_code", "postal_code"), ("city", "city"), ("id_country", "id_country"),
    ("contact_lastname", "contact_lastname"), ("contact_firstname", "contact_firstname"),
    ("function", "function"), ("tel", "tel"), ("tel2", "tel2"), ("email", "email"),
    ("id_payment_deadline", "id_payment_deadline"), ("payment_type_id", "payment_type_id"),
    ("misc_referent", "misc_referent"), ("misc_group", "misc_group"), ("misc_doubtful_id", "misc_doubtful_id"),
    ("misc_language_id", "misc_language_id"), ("misc_archived", "misc_archived"),
)
# Scalars, then the two lists a full replace rewrites (IBANs by id, contacts by id: those not sent are deleted).
TOP_FIELDS = tuple(Field(w, r) for w, r in TOP_PAIRS)
INFO_FIELDS = tuple(Field(f"complementary_info.{w}", f"{CI}.{r}") for w, r in INFO_PAIRS)
LIST_FIELDS = (Field("complementary_info.contact_list", f"{CI}.contact_list"),
               Field("complementary_info.iban_list", f"{CI}.iban_list"))
FIELDS = (*TOP_FIELDS, *INFO_FIELDS, *LIST_FIELDS)


def is_read(record: Mapping[str, Any], path: str) -> bool:
    """The record carries the field, possibly as null. Under a null or a list nothing is absent: an account without
    counterpart (`counterpart_account: null`) has a null counterpart id."""
    current: Any = record
    for part in path.split("."):
        if not isinstance(current, Mapping):
            return True
        if part not in current:
            return False
        current = current[part]
    return True


def unread(record: Mapping[str, Any]) -> list[Field]:
    return [f for f in FIELDS if not is_read(record, f.read)]


def supplied(values: Mapping[str, Any]) -> set[str]:
    """Body paths the row gives a value for (a '(vide)' cell included): those are sent, not read."""
    return {c.write for c in COMPTES.columns if c.write and values.get(c.key) is not None}


def missing(record: Mapping[str, Any], values: Mapping[str, Any]) -> list[Field]:
    """What an update of `record` by this row would have to send without having read it."""
    given = supplied(values)
    return [f for f in unread(record) if f.write not in given]


def fill(record: dict[str, Any], fresh: Mapping[str, Any]) -> dict[str, Any]:
    """`record` with what `fresh` (another read of the same account) carries on top, field by field."""
    merged = copy.deepcopy(record)
    for key, value in fresh.items():
        if key == CI and isinstance(value, Mapping) and isinstance(merged.get(CI), dict):
            merged[CI].update(copy.deepcopy(dict(value)))
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def read_one(client: MyUnisoftClient, account_id: object) -> dict[str, Any] | None:
    """The account by the documented per-account read; None when the route is not available to this token (403),
    not found, or not served (501)."""
    try:
        found = client.get("/account/v2", {"account_id": account_id, **SNAPSHOT_PARAMS}).data or []
    except ApiError as error:
        if error.http_status in (403, 404, 501):
            return None
        raise
    return next((r for r in found if isinstance(r, dict) and str(r.get("account_id")) == str(account_id)), None)


def complete(client: MyUnisoftClient, by_number: dict[str, dict[str, Any]],
             wanted: Iterable[tuple[str, list[Field]]], lacking: set[str]) -> None:
    """Read again, one by one, the accounts an update needs more of. `lacking`: the fields the per-account read
    lacked too (all of them when the route is not available), kept so that the next account is not read in vain."""
    for number, fields in wanted:
        if {f.read for f in fields} <= lacking:
            continue
        fresh = read_one(client, by_number[number].get("account_id"))
        if fresh is None:
            lacking.update(f.read for f in FIELDS)
            continue
        by_number[number] = fill(by_number[number], fresh)
        lacking.update(f.read for f in unread(by_number[number]))


# --- the message of a blocked update ----------------------------------------------------------------------------

_GROUPS = (  # how the message names what could not be read
    ("analytics", ("analytics",)),
    ("ocr", ("ocr_threshold", "ocr_autovalidation")),
    ("contacts", ("contact_list",)),
    ("tel2", ("tel2",)),
    ("foreign", ("is_foreign",)),
    ("misc", ("misc_referent", "misc_group", "misc_doubtful_id", "misc_language_id", "misc_archived")),
)

register(
    {
        "full_replace.analytics": {"fr": "l'analytique du compte", "en": "the account's analytics flag"},
        "full_replace.ocr": {"fr": "ses réglages OCR", "en": "its OCR settings"},
        "full_replace.contacts": {"fr": "ses contacts secondaires", "en": "its secondary contacts"},
        "full_replace.tel2": {"fr": "le second téléphone", "en": "the second phone number"},
        "full_replace.foreign": {"fr": "l'indicateur « étranger »", "en": "the 'foreign' flag"},
        "full_replace.misc": {"fr": "les informations Divers", "en": "the Miscellaneous information"},
        "full_replace.other": {"fr": "d'autres champs", "en": "other fields"},
        "full_replace.blocked": {
            "fr": "la mise à jour ({columns}) n'est pas envoyée : MyUnisoft ne renvoie pas {fields} de ce compte, "
            "même par GET /account/v2?account_id={account_id}, et PUT /account, qui remplace le compte entier, "
            "les effacerait ; {advice}.",
            "en": "the update ({columns}) is not sent: MyUnisoft does not return {fields} for this account, even "
            "through GET /account/v2?account_id={account_id}, and PUT /account, which replaces the whole account, "
            "would erase them; {advice}.",
        },
        "full_replace.fill_cells": {
            "fr": "renseignez {cells} pour que bulkio envoie votre valeur au lieu de la relire",
            "en": "fill in {cells} so that bulkio sends your value instead of reading it",
        },
        "full_replace.use_myunisoft": {
            "fr": "faites cette modification dans MyUnisoft (Paramètres > Tenue > Plan comptable), ou retirez la ligne",
            "en": "make this change in MyUnisoft (Paramètres > Tenue > Plan comptable), or remove the row",
        },
    }
)


def describe(fields: list[Field]) -> str:
    """'l'analytique du compte (analytics), ses contacts secondaires (contact_list)'."""
    names = [f.read.rsplit(".", 1)[-1] for f in fields]
    parts, left = [], list(names)
    for group, members in _GROUPS:
        found = [n for n in names if n in members]
        if found:
            parts.append(f"{t('full_replace.' + group)} ({', '.join(found)})")
            left = [n for n in left if n not in found]
    if left:
        parts.append(f"{t('full_replace.other')} ({', '.join(left)})")
    return ", ".join(parts)


def _quote(text: str) -> str:
    return f"« {text} »" if language() == "fr" else f"'{text}'"


def blocked_message(fields: list[Field], account_id: object, changed: list[str], headers: Mapping[str, str]) -> str:
    """The row's message: the columns it changes, the fields that could not be read, and what the user can do (fill
    the cells when every such field is a column of the sheet, else make the change in MyUnisoft)."""
    by_write = {c.write: c for c in COMPTES.columns if c.write}
    cells = [by_write[f.write] for f in fields if f.write in by_write]
    if len(cells) == len(fields):
        advice = t("full_replace.fill_cells", cells=", ".join(_quote(headers.get(c.key) or c.fr) for c in cells))
    else:
        advice = t("full_replace.use_myunisoft")
    columns = ", ".join(_quote(headers.get(key) or COMPTES.column(key).fr) for key in changed)
    return t("full_replace.blocked", columns=columns, fields=describe(fields), account_id=account_id, advice=advice)
