"""When the API still refuses a write: which cell it is about, and what to do (docs/trust.md §4).

The validator checks every cell as the API does (spec/api_rules.py), so a refusal for a reason the workbook
shows should not happen; when one does (a rule bulkio does not know, a dossier changed since the plan), the
API's message alone ("Le compte est invalide") names no cell. The business codes that concern one column
are mapped here to that column, and the result workbook's Message says where (sheet, Excel row, column
header as written in the file), what MyUnisoft said, and what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bulkio.i18n import language, register, t, yes_no
from bulkio.plan import Action, PlannedRow
from bulkio.spec import SPECS
from bulkio.spec.model import CLEAR

_ACCOUNT = {"COMPTE1": "account_number", "COMPTE3": "account_number", "COMPTE6": "account_number",
            "COMPTE7": "account_number"}
# An associate's account is checked by the link's POST and, with --create-accounts, created by the row.
_LINK = {"ASSOCIE1": "pp", "ASSOCIE2": "pp", "ASSOCIE6": "end_date", "ASSOCIE7": "account",
         "ASSOCIE8": "effective_date", "ASSOCIE9": "start_date", "GBL2": "start_date", "COMPTE2": "account",
         "COMPTE5": "account", **{code: "account" for code in _ACCOUNT}}

# kind -> API code -> the column whose cell the code is about.
CELL_OF_CODE: dict[str, dict[str, str]] = {
    "comptes": {**_ACCOUNT, "COMPTE4": "label", "SOCIETE18": "siren", "IBAN1": "iban", "BIC1": "bic",
                "ROADTYP1": "way_type", "COMPTE2": "counterpart", "COMPTE5": "counterpart",
                "COMPTE8": "counterpart", "COMPTE9": "counterpart"},
    "sections": {"SECTION004": "closed"},
    "repartitions": {"ANALYT001": "rate", "SECTION002": "section_code"},
    "capital": {"SOCIETE2": "effective_date", "SOCIETE3": "shares", "ASSOCIE3": "shares"},
    "associes_pp": {**_LINK, "PERS_PHYSIQUE8": "start_date", "PERS_PHYSIQUE11": "person_id"},
    "associes_pm": {**_LINK, "SOCIETE16": "company"},
}

register(
    {
        "refusal.cell": {
            "fr": "MyUnisoft a refusé « {value} », colonne « {column} » (feuille « {sheet} », ligne {row}) : "
            "{api} ({code}) ; {remedy}",
            "en": "MyUnisoft refused '{value}' in column '{column}' (sheet '{sheet}', row {row}): {api} ({code}); "
            "{remedy}",
        },
        "refusal.again": {"fr": "puis relancez l'import.", "en": "then run the import again."},
        "refusal.account_gone": {
            "fr": "le compte « {number} » (feuille « {sheet} », ligne {row}) n'est plus dans ce dossier : il a été "
            "supprimé dans MyUnisoft depuis la préparation de l'import ({api}, {code}) ; relancez l'import, il "
            "le recréera.",
            "en": "account '{number}' (sheet '{sheet}', row {row}) is no longer in this dossier: it was deleted in "
            "MyUnisoft since the import was planned ({api}, {code}); run the import again, it will create it again.",
        },
        "refusal.COMPTE1": {
            "fr": "n'y laissez que des chiffres et des lettres sans accent (ni point, tiret, barre ni espace), ",
            "en": "keep only digits and unaccented letters (no dot, dash, slash or space), ",
        },
        "refusal.COMPTE3": {"fr": "renseignez le numéro de compte, ", "en": "fill in the account number, "},
        "refusal.COMPTE6": {"fr": "faites commencer le numéro par un chiffre de 1 à 9, ",
                            "en": "make the number start with a digit from 1 to 9, "},
        "refusal.COMPTE7": {"fr": "raccourcissez le numéro à 20 caractères au plus, ",
                            "en": "shorten the number to 20 characters at most, "},
        "refusal.COMPTE4": {"fr": "écrivez le libellé du compte, ", "en": "write the account's label, "},
        "refusal.SOCIETE18": {"fr": "écrivez les 9 chiffres du SIREN, sans espace ni lettre, ",
                              "en": "write the SIREN's 9 digits, without spaces or letters, "},
        "refusal.IBAN1": {"fr": "corrigez l'IBAN (FR76…, clé comprise) ou videz la cellule, ",
                          "en": "fix the IBAN (FR76…, check digits included) or empty the cell, "},
        "refusal.BIC1": {"fr": "corrigez le BIC (8 ou 11 lettres et chiffres) ou videz la cellule, ",
                         "en": "fix the BIC (8 or 11 letters and digits) or empty the cell, "},
        "refusal.ROADTYP1": {"fr": "choisissez un type de voie dans la liste, ",
                             "en": "pick a street type from the list, "},
        "refusal.COMPTE2": {"fr": "vérifiez que ce compte existe dans le dossier, ",
                            "en": "check that this account exists in the dossier, "},
        "refusal.COMPTE8": {"fr": "choisissez une contrepartie de classe 2, 6 ou 7, ",
                            "en": "pick a counterpart of class 2, 6 or 7, "},
        "refusal.COMPTE9": {"fr": "choisissez une contrepartie de classe 6 ou 7, ",
                            "en": "pick a counterpart of class 6 or 7, "},
        "refusal.SECTION004": {
            "fr": "une section utilisée par une clé de répartition ne peut pas être clôturée : retirez-la des "
            "clés ou écrivez Non, ",
            "en": "a section used by a repartition key cannot be closed: remove it from the keys or write No, "},
        "refusal.ANALYT001": {
            "fr": "les taux de la clé doivent être des entiers de 1 à 100, totalisant 100, sur des sections "
            "ouvertes et distinctes de son axe, ",
            "en": "the key's rates must be whole numbers from 1 to 100, adding up to 100, on open and distinct "
            "sections of its axis, "},
        "refusal.SECTION002": {"fr": "vérifiez que cette section existe sur l'axe, ",
                               "en": "check that this section exists on the axis, "},
        "refusal.SOCIETE2": {"fr": "écrivez une date valide (JJ/MM/AAAA), ",
                             "en": "write a valid date (DD/MM/YYYY), "},
        "refusal.SOCIETE3": {"fr": "écrivez un nombre de parts d'au moins 1, ",
                             "en": "write a number of shares of at least 1, "},
        "refusal.ASSOCIE3": {"fr": "le capital doit compter au moins les parts des associés présents, ",
                             "en": "the capital must hold at least the current associates' shares, "},
        "refusal.ASSOCIE1": {"fr": "donnez au moins une part (PP, NP ou US), ou la fonction « Associé sans part », ",
                             "en": "give at least one share (PP, NP or US), or the function 'Partner without "
                             "shares', "},
        "refusal.ASSOCIE2": {"fr": "réduisez les parts de cette ligne ou augmentez celles du capital, ",
                             "en": "lower this row's shares or raise the capital's, "},
        "refusal.ASSOCIE6": {"fr": "la date de sortie ne peut pas précéder la date d'entrée, ",
                             "en": "the exit date cannot be before the entry date, "},
        "refusal.ASSOCIE7": {"fr": "choisissez un compte 45 (sauf 457 et 458) ou 46 (sauf 46 seul), ",
                             "en": "pick a 45 account (except 457 and 458) or a 46 one (except bare 46), "},
        "refusal.ASSOCIE8": {"fr": "la date d'effet doit être entre l'entrée et la sortie, ",
                             "en": "the effective date must lie between entry and exit, "},
        "refusal.ASSOCIE9": {
            "fr": "les périodes d'un associé ne peuvent pas se chevaucher : donnez une date de sortie au lien "
            "ouvert avant d'en ouvrir un autre, ",
            "en": "an associate's periods cannot overlap: give the open link an exit date before opening another, "},
        "refusal.PERS_PHYSIQUE11": {"fr": "vérifiez l'ID de la personne, ", "en": "check the person's ID, "},
        "refusal.SOCIETE16": {"fr": "vérifiez la société associée (id, SIRET ou nom d'un dossier du cabinet), ",
                              "en": "check the holding company (id, SIRET or name of one of the firm's "
                              "dossiers), "},
        "refusal.GBL2": {"fr": "écrivez une date valide (JJ/MM/AAAA), ", "en": "write a valid date (DD/MM/YYYY), "},
    }
)

_SAME_REMEDY = {"COMPTE5": "COMPTE2", "PERS_PHYSIQUE8": "ASSOCIE9"}
# Codes for an account id that is not (or no longer) in the dossier: on PUT /account, the account's own id is
# checked before the counterpart's, so they blame the counterpart only when the row sends one.
_ACCOUNT_GONE = ("COMPTE2", "COMPTE5")


def _sends_counterpart(row: PlannedRow) -> bool:
    """The row's write carries a counterpart the user chose: a create with one, or an update that changes it."""
    value = row.values.get("counterpart")
    if value in (None, "") or value is CLEAR:
        return False
    return row.action is Action.CREATE or any(change.key == "counterpart" for change in row.changes)


def _shown(row: PlannedRow, key: str) -> str:
    """The cell as the user wrote it, as far as the typed value tells (a list's label, a date in ISO)."""
    value: Any = row.values.get(key)
    if value is None or value is CLEAR:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    spec = SPECS.get(row.kind)
    if spec is not None:
        choice = next((c for c in spec.columns if c.key == key and c.choices), None)
        found = choice.choice_by_value(value) if choice is not None else None
        if found is not None:
            return found.label(language())
    return value.isoformat() if isinstance(value, date) else str(value)


def refusal_message(row: PlannedRow, code: str, api_message: str, headers: Mapping[str, str]) -> str:
    """The result's message for a write the API refused: the cell, the API's words and the remedy; the API's
    message alone when the code is about no single column."""
    key = CELL_OF_CODE.get(row.kind, {}).get(code)
    if row.kind == "comptes" and code in _ACCOUNT_GONE and not _sends_counterpart(row):
        if row.action is Action.CREATE:  # no account id in a create: no cell to name
            return api_message
        return t("refusal.account_gone", number=row.natural_key, sheet=row.sheet, row=row.excel_row,
                 api=api_message.rstrip(". "), code=code)
    if key is None:
        return api_message
    spec = SPECS.get(row.kind)
    column = headers.get(key) or (spec.column(key).fr if spec is not None else key)
    remedy = t(f"refusal.{_SAME_REMEDY.get(code, code)}") + t("refusal.again")
    return t("refusal.cell", value=_shown(row, key), column=column, sheet=row.sheet, row=row.excel_row,
             api=api_message.rstrip(". "), code=code, remedy=remedy)
