"""One record, one row (docs/trust.md §3): two rows that name one MyUnisoft record are a DUPLICATE.

Rows are compared on the key as MyUnisoft will store it, across every sheet of a kind (two Comptes sheets
are one chart), within one dossier (the Dossier cell is part of the key):

- an account number upper-cased and padded as the dossier pads it (`api_rules.Numbering`): "512" and
  "512000" are one account, "401dupont" and "401DUPONT" too. `bulkio validate` knows no dossier and uses the
  documented default (6 digits, auto-complete on); the plan judges the Comptes rows again with the dossier's
  own settings (`rejudge_duplicates`, once per dossier, before anything is planned);
- analytics codes as typed: the API compares axe, section and key codes case-sensitively;
- a capital row by its date; an associate link by its holder and entry date (a person by id, or by name as
  the plan matches names: case, accents and spaces ignored; a company by id, SIRET, SIREN or folded name);
- a key's rates are one request: a key whose rows are spread over two Répartitions sheets is a DUPLICATE
  on the second sheet's rows.

The later row gets the error, naming the earlier one (sheet and Excel row) and the whole key as the user typed
it (the holder and the date, the axe and the section, ...; for accounts the stored form when the two cells
differ). Rows not imported (hidden, the template's example) take no part. Validation flags duplicates before the
sheet and workbook rules, which then count only the rows that are not duplicates (validate/__init__.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec.api_rules import DEFAULT_NUMBERING, Numbering
from bulkio.spec.associates_rules import company_identifier, person_key
from bulkio.spec.model import CLEAR, fold

if TYPE_CHECKING:  # validate/__init__ imports this module
    from bulkio.validate import RowRecord, SheetValidation, Validation

register(
    {
        "rule.DUPLICATE_ACCOUNT": {
            "fr": "« {first_value} » (ligne {first} de la feuille « {sheet} ») et « {value} » sont le même compte "
            "{stored} dans MyUnisoft{why} : gardez une seule des deux lignes, en y réunissant leurs informations.",
            "en": "'{first_value}' (row {first} of sheet '{sheet}') and '{value}' are the same account {stored} in "
            "MyUnisoft{why}: keep only one of the two rows, with the information of both.",
        },
        "duplicates.padding": {
            "fr": ", qui complète les numéros de comptes généraux à {digits} chiffres",
            "en": ", which pads general account numbers to {digits} digits",
        },
        "duplicates.case": {
            "fr": ", qui écrit les numéros en majuscules",
            "en": ", which writes numbers in capitals",
        },
        "rule.DUPLICATE": {
            "fr": "{record} figure déjà ligne {first} de la feuille « {sheet} »{earlier} : c'est le même "
            "enregistrement dans MyUnisoft ; supprimez ou fusionnez l'une des deux lignes.",
            "en": "{record} already appears on row {first} of sheet '{sheet}'{earlier}: the same record in MyUnisoft; "
            "delete or merge one of the two rows.",
        },
        "duplicates.earlier": {"fr": " (écrit {record})", "en": " (written {record})"},
        "duplicates.part": {"fr": "{column} « {value} »", "en": "{column} '{value}'"},
        "rule.KEY_ON_TWO_SHEETS": {
            "fr": "la clé « {rkey} » de l'axe « {axe} » a déjà des taux ligne {first} de la feuille « {sheet} » : "
            "ses taux sont envoyés ensemble, mettez toutes ses lignes dans la même feuille.",
            "en": "key '{rkey}' of axis '{axe}' already has rates on row {first} of sheet '{sheet}': its rates "
            "are sent together, put all of its rows on one sheet.",
        },
    }
)

DUPLICATE = "DUPLICATE"


# What MyUnisoft tells a kind's records apart by, from a row's typed values and the function giving an account
# number's stored form; None when the row cannot say.
Identity = Callable[[Mapping[str, object], Callable[[str], str]], "tuple[object, ...] | None"]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _judged(value: object) -> bool:
    return value is not None and value is not CLEAR


def _account(values: Mapping[str, object], stored: Callable[[str], str]) -> tuple[object, ...] | None:
    number = values.get("account_number")
    return (stored(number),) if type(number) is str else None


def _natural(*keys: str) -> Identity:
    def identity(values: Mapping[str, object], _stored: Callable[[str], str]) -> tuple[object, ...] | None:
        parts = tuple(values.get(key) for key in keys)
        return parts if all(_judged(part) for part in parts) else None

    return identity


def _person_link(values: Mapping[str, object], _stored: Callable[[str], str]) -> tuple[object, ...] | None:
    start, person = values.get("start_date"), values.get("person_id")
    if not _judged(start):
        return None
    if isinstance(person, int):
        return ("id", person, start)
    last, first = _text(values.get("last_name")), _text(values.get("first_name"))
    if last is None or first is None:
        return None
    return ("name", *person_key(last, first), start)


def _company_link(values: Mapping[str, object], _stored: Callable[[str], str]) -> tuple[object, ...] | None:
    start, company = values.get("start_date"), _text(values.get("company"))
    if not _judged(start) or company is None:
        return None
    kind, ident = company_identifier(company)
    return (kind, fold(ident) if kind == "name" else ident, start)


IDENTITIES: dict[str, Identity] = {
    "comptes": _account,
    "axes": _natural("axe_code"),
    "sections": _natural("axe_code", "section_code"),
    "repartitions": _natural("axe_code", "key", "section_code"),
    "capital": _natural("effective_date"),
    "associes_pp": _person_link,
    "associes_pm": _company_link,
}


def _key_columns(kind: str, values: Mapping[str, object], natural_key: tuple[str, ...]) -> tuple[str, ...]:
    """The cells the identity reads: what a DUPLICATE message quotes, as typed."""
    if kind == "associes_pp" and not isinstance(values.get("person_id"), int):
        return ("last_name", "first_name", "start_date")
    return natural_key


def flag_duplicates(sheets: list[SheetValidation], numbering: Numbering = DEFAULT_NUMBERING) -> None:
    """A DUPLICATE issue on every row whose record an earlier row (this sheet or an earlier one) already names;
    `numbering`: how account numbers are stored (`bulkio validate` knows no dossier: the default)."""
    _flag_all(sheets, numbering)
    _keys_on_one_sheet([s for s in sheets if s.spec.kind == "repartitions"])


def rejudge_duplicates(validation: Validation, numbering: Numbering) -> None:
    """The Comptes rows judged again with the dossier's numbering, replacing the judgement `bulkio validate` made with
    the default one: the plan's, once per dossier before anything is planned. Only account numbers depend on the
    numbering, and no sheet or workbook rule counts Comptes rows, so nothing else is judged again."""
    sheets = [sheet for sheet in validation.sheets if sheet.spec.kind == "comptes"]
    for sheet in sheets:
        for record in sheet.rows:
            if record.issues:
                record.issues[:] = [issue for issue in record.issues if issue.code != DUPLICATE]
    _flag_all(sheets, numbering)


def _flag_all(sheets: list[SheetValidation], numbering: Numbering) -> None:
    first: dict[tuple[object, ...], tuple[SheetValidation, RowRecord]] = {}
    # Once per row, which is once per distinct number but for the duplicates themselves: a cache measured slower.
    stored = numbering.stored
    for sheet in sheets:
        kind = sheet.spec.kind
        identity_of = IDENTITIES.get(kind)
        if identity_of is None:
            continue
        for record in sheet.rows:
            if record.skip is not None:
                continue
            values = record.values
            identity = identity_of(values, stored)
            if identity is None:
                continue
            earlier = first.setdefault((kind, values.get("dossier"), identity), (sheet, record))
            if earlier[1] is not record:
                _flag(sheet, record, earlier, numbering)


def _cell(sheet: SheetValidation, record: RowRecord, key: str) -> str:
    """The cell's text as read (before upper-casing): what the user typed."""
    table = sheet.sheet.table
    if table.has_column(key) and table.has_row(record.excel_row):
        raw = table.cell(record.excel_row, key)
        if isinstance(raw, str):
            return raw
    value = record.values.get(key)
    return "" if value is None or value is CLEAR else str(value)


def _header(sheet: SheetValidation, key: str) -> str:
    return sheet.sheet.headers.get(key) or sheet.spec.column(key).fr


def _flag(sheet: SheetValidation, record: RowRecord, earlier: tuple[SheetValidation, RowRecord],
          numbering: Numbering) -> None:
    first_sheet, first_record = earlier
    where = {"first": first_record.excel_row, "sheet": first_sheet.sheet.name}
    key = sheet.spec.natural_key[-1]
    value, first_value = _cell(sheet, record, key), _cell(first_sheet, first_record, key)
    if key == "account_number" and value != first_value:  # two spellings of one account number
        padded = value.upper() != first_value.upper()
        why = t("duplicates.padding", digits=numbering.max_general) if padded else t("duplicates.case")
        message = t("rule.DUPLICATE_ACCOUNT", value=value, first_value=first_value,
                    stored=numbering.stored(str(record.values["account_number"])), why=why, **where)
    else:
        typed, first_typed = _typed_key(sheet, record), _typed_key(first_sheet, first_record)
        earlier_text = t("duplicates.earlier", record=first_typed) if first_typed != typed else ""
        message = t("rule.DUPLICATE", record=typed, earlier=earlier_text, **where)
    record.issues.append(Issue(sheet.sheet.name, record.excel_row, _header(sheet, key), value, DUPLICATE, message))


def _typed_key(sheet: SheetValidation, record: RowRecord) -> str:
    """The record's key as the user typed it: « Nom « MARTIN », Prénom « Élodie », Date d'entrée « 01/01/2024 » »."""
    columns = _key_columns(sheet.spec.kind, record.values, sheet.spec.natural_key)
    return ", ".join(t("duplicates.part", column=_header(sheet, key), value=_cell(sheet, record, key))
                     for key in columns)


def _keys_on_one_sheet(sheets: list[SheetValidation]) -> None:
    """A key's rates are one request, so its rows are on one sheet: the rows of another sheet are refused."""
    home: dict[tuple[object, ...], tuple[SheetValidation, RowRecord]] = {}
    for sheet in sheets:
        for record in sheet.rows:
            axe, name = _text(record.values.get("axe_code")), _text(record.values.get("key"))
            if record.skip is not None or axe is None or name is None:
                continue
            first_sheet, first_record = home.setdefault((record.values.get("dossier"), axe, name), (sheet, record))
            if first_sheet is sheet or any(issue.code == DUPLICATE for issue in record.issues):
                continue
            message = t("rule.KEY_ON_TWO_SHEETS", rkey=name, axe=axe, first=first_record.excel_row,
                        sheet=first_sheet.sheet.name)
            record.issues.append(Issue(sheet.sheet.name, record.excel_row, _header(sheet, "key"), name, DUPLICATE,
                                       message))
