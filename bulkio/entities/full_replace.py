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

The same holds inside the two lists: each IBAN and each secondary contact is sent back key by key (ITEM_KEYS),
and an item read without one of them (`rum`, `function`...) is read again or blocks the row. A null
`complementary_informations` says nothing of the lists under it (§4.3 documents an object, and no source says
that null means "no contact, no IBAN"): they count as not read.

No other documented route carries them: `GET /account?mode=2` (§4.2) lacks them in its documented interface and
its captures; `GET /mad/accounts` (§7) lacks the flags and the contacts' ids and second phones; `/account/v2` has
no other parameter that adds fields (§4.3: `compta`, `vat`, `counterpart`, `quantity`, `entry_date`). See
docs/sandbox.md, "What no documented route reads".
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.paths import get_path
from bulkio.errors import ApiError
from bulkio.i18n import language, register, t
from bulkio.spec.comptes import COMPTES
from bulkio.spec.model import CLEAR

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
# What each item of the two lists is sent back with, as (body name, read name): PUT's documented items (§4.5:
# IBAN {id, iban, bic, rum}, contact {email, lastname, firstname, tel1, tel2, function, id_contact_compte_tiers})
# and what the PUT keeps besides (an IBAN's bank name and mandate date: the sandbox resets them when not sent).
IBAN_KEYS = (("id", "id_iban_compte_tiers"), ("iban", "iban"), ("bic", "bic"), ("rum", "rum"),
             ("etablissement", "etablissement"), ("rum_date_signature", "rum_date_signature"))
CONTACT_KEYS = (("id_contact_compte_tiers", "id_contact_compte_tiers"), ("lastname", "lastname"),
                ("firstname", "firstname"), ("function", "function"), ("tel1", "tel1"), ("tel2", "tel2"),
                ("email", "email"))
ITEM_KEYS = ((LIST_FIELDS[0], CONTACT_KEYS), (LIST_FIELDS[1], IBAN_KEYS))
# A null `complementary_informations` is no evidence that these lists are empty (module docstring).
_NOT_IMPLIED_BY_NULL = frozenset(f.read for f in LIST_FIELDS)
UNAVAILABLE = "*"  # in `lacking` (complete): the per-account route is not available to this token


def is_read(record: object, path: str) -> bool:
    """The record carries the field, possibly as null. Under a null nothing is absent - an account without
    counterpart (`counterpart_account: null`) has a null counterpart id - except the two lists, and a list's
    item `n` that does not exist is no item to read (`iban_list.0.bic` of an account without IBAN)."""
    current: Any = record
    parts = path.split(".")
    for depth, part in enumerate(parts):
        if isinstance(current, list) and part.isdigit():
            if int(part) >= len(current):
                return True
            current = current[int(part)]
        elif isinstance(current, Mapping):
            if part not in current:
                return False
            current = current[part]
        else:
            return not (current is None and ".".join(parts[: depth + 1]) in _NOT_IMPLIED_BY_NULL)
    return not (current is None and path in _NOT_IMPLIED_BY_NULL)


def item_gaps(record: Mapping[str, Any]) -> list[Field]:
    """The keys an IBAN or a contact of the record lacks, one Field per item and key
    (`complementary_info.iban_list.0.rum`)."""
    gaps = []
    for field, keys in ITEM_KEYS:
        items = get_path(record, field.read) if is_read(record, field.read) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            gaps += [Field(f"{field.write}.{index}.{write}", f"{field.read}.{index}.{read}") for write, read in keys
                     if not isinstance(item, Mapping) or read not in item]
    return gaps


def unread(record: Mapping[str, Any]) -> list[Field]:
    return [*(f for f in FIELDS if not is_read(record, f.read)), *item_gaps(record)]


def supplied(values: Mapping[str, Any]) -> set[str]:
    """Body paths the row gives a value for (a '(vide)' cell included): those are sent, not read. An IBAN cell
    '(vide)' removes the first IBAN: none of its keys is sent back."""
    given = {c.write for c in COMPTES.columns if c.write and values.get(c.key) is not None}
    if values.get("iban") is CLEAR:
        given.update(f"{LIST_FIELDS[1].write}.0.{write}" for write, _read in IBAN_KEYS)
    return given


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
        if UNAVAILABLE in lacking or {f.read for f in fields} <= lacking:
            continue
        fresh = read_one(client, by_number[number].get("account_id"))
        if fresh is None:
            lacking.add(UNAVAILABLE)
            continue
        by_number[number] = fill(by_number[number], fresh)
        lacking.update(f.read for f in unread(by_number[number]))


# --- the message of a blocked update ----------------------------------------------------------------------------

_GROUPS = (  # how the message names what could not be read
    ("analytics", ("analytics",)),
    ("ocr", ("ocr_threshold", "ocr_autovalidation")),
    ("contacts", ("contact_list",)),
    ("ibans", ("iban_list",)),
    ("tel2", ("tel2",)),
    ("foreign", ("is_foreign",)),
    ("misc", ("misc_referent", "misc_group", "misc_doubtful_id", "misc_language_id", "misc_archived")),
)

register(
    {
        "full_replace.analytics": {"fr": "l'analytique du compte", "en": "the account's analytics flag"},
        "full_replace.ocr": {"fr": "ses réglages OCR", "en": "its OCR settings"},
        "full_replace.contacts": {"fr": "ses contacts secondaires", "en": "its secondary contacts"},
        "full_replace.ibans": {"fr": "ses IBAN", "en": "its IBANs"},
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
        # No documented route reads these fields (docs/sandbox.md, "What no documented route reads"): the change
        # can only be made by hand, and the row must go, else the next import blocks it again.
        "full_replace.use_myunisoft": {
            "fr": "aucune autre lecture documentée ne les donne : faites cette modification à la main dans MyUnisoft "
            "(Paramètres > Tenue > Plan comptable, fiche du compte), puis retirez la ligne du fichier",
            "en": "no other documented read gives them: make this change by hand in MyUnisoft (Paramètres > Tenue > "
            "Plan comptable, the account's card), then remove the row from the file",
        },
    }
)


def _name(field: Field) -> str:
    """Its read name; an item's with its list and index, as in the JSON: `iban_list[0].rum`."""
    parts = field.read.removeprefix(f"{CI}.").split(".")
    if len(parts) == 3 and parts[1].isdigit():
        return f"{parts[0]}[{parts[1]}].{parts[2]}"
    return parts[-1]


def describe(fields: list[Field]) -> str:
    """'l'analytique du compte (analytics), ses contacts secondaires (contact_list, contact_list[0].function)'."""
    names = [_name(f) for f in fields]
    parts, left = [], list(names)
    for group, members in _GROUPS:
        found = [n for n in names if n.split("[", 1)[0] in members]
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
