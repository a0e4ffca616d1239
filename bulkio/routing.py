"""Rows to dossiers: which dossier each row of a workbook goes to, by its `Dossier` cell.

    route(validation, directory, default) -> Routing
        views      one Validation per dossier, holding only that dossier's rows (the same RowRecord
                   objects: what planning finds lands on the workbook's own rows, and in the result)
        unrouted   rows that go nowhere, each with an issue that says why, and rows not to import (skipped)

A workbook is multi-dossier as soon as one row names a dossier. Then a row without one goes to the default
dossier (`--society-id`, or a society token's own), and is an error when there is none. A workbook where no
row names a dossier goes wholly to the default dossier, as a single-dossier import always did.

One dossier is written one way in the whole workbook: "3" on some rows and "ANALYTIQUE SA" on others, or
"5" on some rows and an empty cell (the default dossier 5) on others, is an error on the rows of the second
spelling. The cross-row and cross-sheet rules (duplicates, rates adding up to 100, shares within the
capital) group rows by the text of the cell, before any dossier is known, and would otherwise judge one
dossier's rows as two groups: two rows creating one account, a key's rates adding up to 200.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulkio.config import Target
from bulkio.dossiers import Dossier, DossierDirectory, DossierError
from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec.model import CLEAR
from bulkio.validate import RowRecord, SheetValidation, Validation

register(
    {
        "routing.no_dossier": {
            "fr": "la colonne Dossier est vide alors que d'autres lignes visent un dossier : indiquez le dossier "
            "de cette ligne, ou un dossier par défaut avec --society-id.",
            "en": "the Dossier column is empty while other rows name a dossier: write this row's dossier, or "
            "give a default dossier with --society-id.",
        },
        "routing.two_spellings": {
            "fr": "le dossier {dossier} est écrit « {first} » (feuille « {sheet} », ligne {first_row}) et "
            "« {value} » ici : écrivez-le de la même façon sur toutes les lignes du classeur.",
            "en": "dossier {dossier} is written '{first}' (sheet '{sheet}', row {first_row}) and '{value}' here: "
            "write it the same way on every row of the workbook.",
        },
        "routing.by_default": {"fr": "vide, le dossier par défaut", "en": "empty, the default dossier"},
    }
)


@dataclass
class Routing:
    dossiers: dict[int, Dossier]  # the dossiers the workbook goes to, by id
    views: dict[int, Validation]  # society_id -> that dossier's rows
    unrouted: list[tuple[SheetValidation, RowRecord]] = field(default_factory=list)
    multi: bool = False  # some row names its dossier


def names_a_dossier(validation: Validation) -> bool:
    return any(isinstance(r.values.get("dossier"), str) for s in validation.sheets for r in s.rows)


def default_dossier_id(target: Target, token_kind: str, own_society: int | None, multi: bool) -> int | None:
    """The dossier of a row with an empty Dossier cell: a society token's own, else the --society-id the user
    gave; the sandbox's implicit dossier only when no row names a dossier (a single-dossier workbook)."""
    explicit = own_society if token_kind != "firm" else (None if target.default_society else target.society_id)
    return explicit if multi else (explicit or target.society_id)


def route(validation: Validation, directory: DossierDirectory | None, default: Dossier | None) -> Routing:
    """Each row to its dossier; `directory` may be None only when no row names a dossier."""
    multi = names_a_dossier(validation)
    routing = Routing(dossiers={}, views={}, multi=multi)
    rows: dict[int, dict[int, list[RowRecord]]] = {}  # society_id -> sheet index -> rows
    # society_id -> (its first spelling, "" for an empty cell sent to the default, the sheet and row): workbook-wide,
    # as the cross-sheet rules (shares within the capital...) group rows by the cell's text too
    spellings: dict[int, tuple[str, str, int]] = {}
    for index, sheet in enumerate(validation.sheets):
        header = sheet.sheet.headers.get("dossier") or "Dossier"
        for record in sheet.rows:
            if record.skip is not None:  # not imported (hidden, the example): no dossier, its cell not judged
                routing.unrouted.append((sheet, record))
                continue
            value = record.values.get("dossier")
            dossier: Dossier | None
            if isinstance(value, str):
                assert directory is not None, "a row names a dossier: route() needs the directory"
                try:
                    dossier = directory.resolve(value)
                except DossierError as error:
                    _reject(sheet, record, header, value, error.code, error.message)
                    routing.unrouted.append((sheet, record))
                    continue
                _check_spelling(spellings, dossier, value.strip(), sheet, record, header)
            elif default is not None:
                dossier = default
                _check_spelling(spellings, dossier, "", sheet, record, header)
            elif multi or value is CLEAR:
                _reject(sheet, record, header, "", "DOSSIER_MISSING", t("routing.no_dossier"))
                routing.unrouted.append((sheet, record))
                continue
            else:
                raise AssertionError("no default dossier for a single-dossier workbook")
            routing.dossiers[dossier.society_id] = dossier
            rows.setdefault(dossier.society_id, {}).setdefault(index, []).append(record)
    for society_id in sorted(rows):
        by_sheet = rows[society_id]
        sheets = [SheetValidation(sheet.sheet, by_sheet.get(index, []))
                  for index, sheet in enumerate(validation.sheets)]
        routing.views[society_id] = Validation(validation.workbook, sheets)
    if default is not None and not routing.views:  # nothing to route (an empty workbook): still one dossier
        routing.dossiers[default.society_id] = default
        routing.views[default.society_id] = Validation(
            validation.workbook, [SheetValidation(sheet.sheet, []) for sheet in validation.sheets])
    return routing


def _check_spelling(spellings: dict[int, tuple[str, str, int]], dossier: Dossier, spelling: str,
                    sheet: SheetValidation, record: RowRecord, header: str) -> None:
    """One way to write each dossier in the whole workbook; the rows written another way are refused."""
    first, first_sheet, first_row = spellings.setdefault(dossier.society_id,
                                                         (spelling, sheet.sheet.name, record.excel_row))
    if first != spelling:
        shown = first or t("routing.by_default")
        here = spelling or t("routing.by_default")
        message = t("routing.two_spellings", dossier=dossier.label, first=shown, sheet=first_sheet,
                    first_row=first_row, value=here)
        _reject(sheet, record, header, spelling, "DOSSIER_SPELLING", message)


def _reject(sheet: SheetValidation, record: RowRecord, header: str, value: str, code: str, message: str) -> None:
    record.issues.append(Issue(sheet.sheet.name, record.excel_row, header, value, code, message))
