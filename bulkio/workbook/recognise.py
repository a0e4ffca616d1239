"""Which kind a sheet is, and which row holds its headers: conservative, because a wrong guess writes wrong data.

    --sheet "Nom=kind"   the user's word over every other clue (a CSV is named by its file name); then the
                         [feuilles] of the mapping file (--map), which --sheet overrides
    by name              a sheet named like a kind (Comptes, Plan comptable, Axes, ...) whose header row holds that
                         kind's key columns; named like a kind but without them (a VAT table named "Taux"): skipped
    by headers alone     only on strong evidence, with nothing against it:
                           - every signature column of the kind, and the kind's distinctive column if it has some;
                           - no column of another document (Débit, Crédit, Solde, Journal, Salaire, ...) and a
                             sheet name that is not another document's (Écritures, Balance, Personnel, ...);
                           - more recognised columns than unknown ones (notes columns do not count)
    by layout            the same, for another program's export (layouts.py): its whole signature in one row;
                           the columns it declares not ours are ignored (one note), never evidence against it
    otherwise            skipped, with the reason; never fatal on its own

Header texts are read through the mapping file's [colonnes] first, then the export's layout, then the spec
(vocabulary.py, header_rows.py). The rules are written out in docs/trust.md §1 and docs/layouts.md. Nothing here
reads rows below the header: see read.py.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from bulkio.errors import UsageError
from bulkio.i18n import language, register, t
from bulkio.issues import Issue
from bulkio.spec import COMPTES, IGNORE_WORDS, EntitySpec, fold
from bulkio.spec.model import header_words
from bulkio.workbook import messages as _messages  # noqa: F401  (registers the messages)
from bulkio.workbook.cells import to_text
from bulkio.workbook.header_rows import (  # noqa: F401  (read.py, layout.py, rows_not_imported.py import them here)
    HEADER_SCAN_ROWS,
    RESULT_HEADER_KEYS,
    HeaderRow,
    best_row,
    check_required,
    find_header_row,
    header_row_or_fail,
    map_header,
    quote,
    signature_of,
)
from bulkio.workbook.source_options import SourceOptions
from bulkio.workbook.sources import Grid, RawSheet
from bulkio.workbook.vocabulary import user_vocabulary

register(
    {
        # Said after the sheet's name ("« Taux » : ..."), in `validate`, the plan, the Résumé.
        "recognise.empty": {"fr": "feuille vide, non lue.", "en": "empty sheet, not read."},
        "recognise.unknown": {
            "fr": "aucune ligne d'en-tête d'une feuille bulkio dans ses 30 premières lignes ; feuille non lue.",
            "en": "no header row of a bulkio sheet in its first 30 rows; sheet not read.",
        },
        "recognise.named_without_columns": {
            "fr": "nommée comme une feuille {kind}, elle n'a aucune ligne d'en-tête avec ses colonnes ({columns}) "
            "dans ses {limit} premières lignes : feuille non lue ; si c'en est une, ajoutez ces colonnes à sa "
            "ligne d'en-tête.",
            "en": "named like a {kind} sheet, it has no header row with its columns ({columns}) in its first "
            "{limit} rows: sheet not read; if it is one, add these columns to its header row.",
        },
        "recognise.other_document_name": {
            "fr": "ses en-têtes sont ceux d'une feuille {kind}, mais son nom est celui d'un autre document "
            "(écritures, balance, personnel, TVA…) : feuille non lue ; si c'est bien une feuille {kind}, "
            "renommez-la « {kind} » ou ajoutez {option}.",
            "en": "its headers are those of a {kind} sheet, but its name is another document's (entries, trial "
            "balance, staff, VAT…): sheet not read; if it is a {kind} sheet, rename it '{kind}' or add {option}.",
        },
        "recognise.other_document_columns": {
            "fr": "ligne {row}, les en-têtes {columns} sont ceux d'un autre document (écritures, balance, paie, "
            "factures…), pas d'une feuille {kind} : feuille non lue ; si c'en est bien une, renommez-la « {kind} » "
            "ou ajoutez {option}.",
            "en": "row {row}, the headers {columns} belong to another document (entries, trial balance, payroll, "
            "invoices…), not to a {kind} sheet: sheet not read; if it is one, rename it '{kind}' or add {option}.",
        },
        "recognise.no_distinctive_column": {
            "fr": "ligne {row}, les en-têtes ressemblent à ceux d'une feuille {kind}, mais aucune des colonnes "
            "propres à celle-ci ({columns}) n'y est, et une liste du personnel a les mêmes : feuille non lue ; "
            "si c'en est une, renommez-la « {kind} » ou ajoutez {option}.",
            "en": "row {row}, the headers look like those of a {kind} sheet, but none of the columns only such a "
            "sheet has ({columns}) is there, and a staff list has the same: sheet not read; if it is one, rename "
            "it '{kind}' or add {option}.",
        },
        "recognise.too_many_unknown": {
            "fr": "ligne {row}, {known} colonne(s) d'une feuille {kind} pour {unknown} inconnue(s) ({columns}) : "
            "trop peu pour la lire comme telle ; feuille non lue ; si c'en est une, renommez-la « {kind} » ou "
            "ajoutez {option}.",
            "en": "row {row}, {known} column(s) of a {kind} sheet for {unknown} unknown one(s) ({columns}): too "
            "little to read it as one; sheet not read; if it is one, rename it '{kind}' or add {option}.",
        },
        "recognise.layout_unknown": {
            "fr": "ligne {row}, les en-têtes sont ceux d'un export {what} {layout}, mais {columns} n'en sont pas : "
            "feuille non lue ; si c'en est bien une, renommez-la « {kind} » ou ajoutez {option}.",
            "en": "row {row}, the headers are those of a {layout} {what} export, but {columns} are not: sheet not "
            "read; if it is one, rename it '{kind}' or add {option}.",
        },
        "recognise.by_headers": {
            "fr": "lue comme une feuille {kind} d'après ses seuls en-têtes (ligne {row} : {columns}) ; si ce n'en "
            "est pas une, ajoutez --sheet \"{sheet}=ignorer\".",
            "en": "read as a {kind} sheet from its headers alone (row {row}: {columns}); if it is not one, add "
            "--sheet \"{sheet}=ignore\".",
        },
        "recognise.map_sheet_absent": {
            "fr": "{origin} nomme la feuille « {sheet} » ([feuilles]), absente de ce fichier (feuilles : {sheets}) : "
            "cette ligne du fichier de correspondance ne sert pas ici.",
            "en": "{origin} names the sheet '{sheet}' ([sheets]), which this file does not have (sheets: {sheets}): "
            "that line of the mapping file is of no use here.",
        },
        "recognise.missing_column": {
            "fr": "ligne d'en-tête {row} : la colonne obligatoire « {column} » est absente ; ajoutez une colonne "
            "intitulée « {column} » ou corrigez le titre de la colonne existante : la feuille n'est pas lue.",
            "en": "header row {row}: the required column '{column}' is missing; add a column headed '{column}' "
            "or fix the title of the existing column: the sheet is not read.",
        },
        "recognise.missing_columns": {
            "fr": "ligne d'en-tête {row} : les colonnes obligatoires {columns} sont absentes ; ajoutez-les ou "
            "corrigez les titres des colonnes existantes : la feuille n'est pas lue.",
            "en": "header row {row}: the required columns {columns} are missing; add them or fix the titles of "
            "the existing columns: the sheet is not read.",
        },
        "recognise.ignored_by_option": {"fr": "non lue, comme --sheet le demande.", "en": "not read, as --sheet asks."},
        "recognise.ignored_by_map": {"fr": "non lue, comme le demande {origin}.", "en": "not read, as {origin} asks."},
        "recognise.no_such_sheet": {
            "fr": "--sheet « {sheet} » : le classeur n'a pas de feuille de ce nom (feuilles : {sheets}) : corrigez "
            "le nom.",
            "en": "--sheet '{sheet}': the workbook has no sheet of that name (sheets: {sheets}): fix the name.",
        },
    }
)

# Sheets bulkio writes for people (help, run summary, dropdown lists): never data, never reported.
# "Transformations" / "Changes": what `bulkio convert` lists beside the rows it wrote.
AUXILIARY_SHEET_KEYS = frozenset(fold(n) for n in ("Aide", "Help", "Résumé", "Summary", "Listes", "Lists",
                                                   "Transformations", "Changes"))

# Words of a header that belong to another document: entries, a trial balance, a ledger, payroll, invoices.
OTHER_DOCUMENT_WORDS = frozenset({
    "debit", "credit", "solde", "soldes", "montant", "montants", "journal", "piece", "lettrage", "echeance",
    "mouvement", "mouvements", "cumul", "cumuls", "salaire", "salaires", "matricule", "brut", "contrat", "emploi",
    "anciennete", "quantite", "qte", "prix", "ht", "ttc", "ecriture", "ecritures", "facture", "reglement",
    "balance", "amount", "debits", "credits", "salary", "payroll", "quantity", "price", "invoice",
})
# Whole headers that do the same ("Date" alone is an entry's date; a referential dates what it says), and the
# columns of a period: a year ("2024"), N / N-1, a month, a quarter: a balance or a budget, not a referential.
OTHER_DOCUMENT_HEADERS = frozenset({"date", "jour", "dateecriture", "codejournal", "numpiece", "libelleecriture"})
PERIOD_HEADER = re.compile(
    r"(19|20)\d\d|n|n1|n2|exercice|exercice(19|20)\d\d|periode|mois|trimestre|t[1-4]|semestre|s[12]|"
    r"(janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)((19|20)?\d\d)?")
# Words of sheet names of other documents (folded words; "grand livre" as two words).
OTHER_DOCUMENT_SHEETS = frozenset({
    "ecriture", "ecritures", "journal", "journaux", "grandlivre", "balance", "fec", "salarie", "salaries",
    "personnel", "effectif", "effectifs", "paie", "facture", "factures", "immobilisation", "immobilisations",
    "releve", "releves", "entries", "ledger", "payroll", "staff", "employee", "employees", "invoice", "invoices",
})
# Headers that neither support nor contradict: a user's own notes beside the data.
NEUTRAL_HEADERS = frozenset({
    "commentaire", "commentaires", "remarque", "remarques", "note", "notes", "observation", "observations",
    "comment", "comments", "info", "infos", "a", "b", "c",
})

BY_NAME, BY_HEADERS, BY_OPTION, BY_LAYOUT = "name", "headers", "option", "layout"
# Sheets taken on bulkio's own reading of their headers: said as such wherever the plan is shown.
GUESSED = frozenset({BY_HEADERS, BY_LAYOUT})
IGNORED, IGNORED_BY_MAP, EXCLUDED = "ignored", "ignored by map", "excluded"


def fec_kind(specs: Collection[EntitySpec]) -> EntitySpec | str:
    """What a FEC's sheet is taken as, like a sheet named by --sheet: Comptes, or EXCLUDED when --only leaves
    Comptes out."""
    return COMPTES if COMPTES in specs else EXCLUDED


@dataclass(frozen=True)
class Recognised:
    spec: EntitySpec
    header: HeaderRow
    by: str  # BY_NAME, BY_HEADERS, BY_LAYOUT or BY_OPTION


@dataclass(frozen=True)
class Skipped:
    """A sheet not read, and why. `note`: the sentence, None for sheets that need no word (bulkio's own help
    sheet); `quiet`: said only when no sheet at all is read (an empty sheet); `problem`: a sheet the user meant
    to be read, which cannot be (a required column missing): an error, not a note."""

    name: str
    code: str
    note: str | None
    quiet: bool = False
    problem: bool = False


Verdict = Recognised | Skipped


def recognise(raw: RawSheet, specs: Sequence[EntitySpec], mapped: EntitySpec | str | None = None,
              excluded: Sequence[EntitySpec] = (), source: SourceOptions | None = None) -> Verdict:
    """The verdict on one visible sheet. `mapped`: what `--sheet` or [feuilles] says of it (a spec, IGNORED or
    EXCLUDED); `excluded`: kinds --only leaves out (a sheet named like one of them is skipped without a word);
    `source`: the mapping file's columns (--map)."""
    if mapped == IGNORED:
        return Skipped(raw.name, "SHEET_IGNORED_BY_OPTION", t("recognise.ignored_by_option", sheet=raw.name))
    if mapped == IGNORED_BY_MAP:
        origin = source.origin if source is not None else "--map"
        return Skipped(raw.name, "SHEET_IGNORED_BY_OPTION", t("recognise.ignored_by_map", origin=origin))
    if mapped == EXCLUDED:
        return Skipped(raw.name, "SHEET_EXCLUDED", None)
    head = raw.head(HEADER_SCAN_ROWS)
    if isinstance(mapped, EntitySpec):
        return Recognised(mapped, header_row_or_fail(raw.name, mapped, head, user_vocabulary(source, mapped)),
                          BY_OPTION)
    key = fold(raw.name)
    if key in AUXILIARY_SHEET_KEYS:
        return Skipped(raw.name, "SHEET_AUXILIARY", None)
    named = _named_spec(key, specs)
    if named is not None:
        return _by_name(raw.name, named, head, source)
    if _named_spec(key, excluded) is not None:
        return Skipped(raw.name, "SHEET_EXCLUDED", None)
    if not any(to_text(cell) for row in head for cell in row):
        return Skipped(raw.name, "SHEET_EMPTY", t("recognise.empty", sheet=raw.name), quiet=True)
    return _by_headers(raw.name, specs, head, source)


def _named_spec(key: str, specs: Sequence[EntitySpec]) -> EntitySpec | None:
    """The spec a sheet name names: exactly, or followed by digits only ("Comptes 2024", "comptes_01")."""
    bare = key.rstrip("0123456789")
    for spec in specs:
        if key in spec.sheet_keys or (bare != key and bare in spec.sheet_keys):
            return spec
    return None


def _by_name(sheet: str, spec: EntitySpec, head: Grid, source: SourceOptions | None) -> Verdict:
    """A sheet named like a kind: taken when its header row has the kind's key columns and nothing of another
    document; a required column missing is a problem on that sheet, never fatal to the others."""
    user = user_vocabulary(source, spec)
    header = find_header_row(spec, head, user, named=True)
    if header is None:
        best = best_row(spec, head, user, named=True)
        if best is None or not _holds_key(spec, best):
            columns = ", ".join(quote(spec.column(k).header(language())) for k in signature_of(spec))
            return Skipped(sheet, "SHEET_NAMED_WITHOUT_COLUMNS", t(
                "recognise.named_without_columns", sheet=sheet, kind=spec.sheet_name(language()), columns=columns,
                limit=HEADER_SCAN_ROWS, option=option_for(sheet, spec)))
        header = best
    against = _other_document_columns(header)
    if against:
        return _other_document(sheet, spec, header, against)
    return _taken(sheet, spec, header, BY_NAME)


def _taken(sheet: str, spec: EntitySpec, header: HeaderRow, by: str) -> Verdict:
    missing = [col.header(language()) for col in spec.required_columns if col.key not in header.columns]
    if not missing:
        return Recognised(spec, header, by)
    message = t("recognise.missing_column" if len(missing) == 1 else "recognise.missing_columns",
                row=header.index + 1, column=missing[0], columns=", ".join(map(quote, missing)))
    return Skipped(sheet, "MISSING_COLUMN", message, problem=True)


def _holds_key(spec: EntitySpec, header: HeaderRow) -> bool:
    """One of its natural key columns, or half its signature (a person is named by name rather than id)."""
    if any(key in header.columns for key in spec.natural_key if key != "dossier"):
        return True
    return sum(key in header.columns for key in signature_of(spec)) * 2 >= len(signature_of(spec))


def _by_headers(sheet: str, specs: Sequence[EntitySpec], head: Grid, source: SourceOptions | None) -> Verdict:
    candidates = [(spec, header) for spec in specs
                  if (header := find_header_row(spec, head, user_vocabulary(source, spec))) is not None]
    if not candidates:
        return Skipped(sheet, "SHEET_UNKNOWN", t("recognise.unknown", sheet=sheet))
    spec, header = max(candidates, key=lambda c: (len(c[0].signature), len(c[1].columns), -c[1].index))
    kind = spec.sheet_name(language())
    option = option_for(sheet, spec)
    words = header_words(sheet)
    bigrams = {first + second for first, second in pairwise(words)}
    if OTHER_DOCUMENT_SHEETS & {*words, *bigrams}:
        return Skipped(sheet, "SHEET_OTHER_DOCUMENT", t(
            "recognise.other_document_name", sheet=sheet, kind=kind, option=option))
    against = _other_document_columns(header)
    if against:
        return _other_document(sheet, spec, header, against)
    layout = header.vocabulary.layout
    if layout is None and spec.header_evidence and not any(key in header.columns for key in spec.header_evidence):
        columns = ", ".join(quote(spec.column(key).header(language())) for key in spec.header_evidence)
        return Skipped(sheet, "SHEET_WEAK_EVIDENCE", t(
            "recognise.no_distinctive_column", sheet=sheet, kind=kind, row=header.index + 1, columns=columns,
            option=option))
    counted = [text for text in header.unknown() if header_words(text) and fold(text) not in NEUTRAL_HEADERS]
    if layout is not None and counted:  # an export by its headers alone holds nothing its layout does not know
        return Skipped(sheet, "SHEET_WEAK_EVIDENCE", t(
            "recognise.layout_unknown", row=header.index + 1, what=layout.what(kind), layout=layout.name,
            columns=", ".join(quote(text) for text in counted[:6]), kind=kind, option=option))
    known = len(header.columns)
    if len(counted) >= known:  # recognised columns must outnumber the others
        return Skipped(sheet, "SHEET_WEAK_EVIDENCE", t(
            "recognise.too_many_unknown", sheet=sheet, kind=kind, row=header.index + 1, known=known,
            unknown=len(counted), columns=", ".join(quote(text) for text in counted[:6]), option=option))
    return _taken(sheet, spec, header, BY_HEADERS if layout is None else BY_LAYOUT)


def _other_document_columns(header: HeaderRow) -> list[str]:
    """Header texts of another document: entries, a balance, payroll, a period's figures."""
    found = []
    for text in header.unknown():
        words = header_words(text)
        joined = "".join(words)
        if joined in OTHER_DOCUMENT_HEADERS or PERIOD_HEADER.fullmatch(joined) \
                or any(word in OTHER_DOCUMENT_WORDS for word in words):
            found.append(text)
    return found


def _other_document(sheet: str, spec: EntitySpec, header: HeaderRow, against: list[str]) -> Skipped:
    return Skipped(sheet, "SHEET_OTHER_DOCUMENT", t(
        "recognise.other_document_columns", sheet=sheet, kind=spec.sheet_name(language()), row=header.index + 1,
        columns=", ".join(quote(text) for text in against[:6]), option=option_for(sheet, spec)))


def skipped_note(skipped: Skipped) -> Issue | None:
    """The sheet-level Issue saying why a sheet is not read (a note, or a problem); None: nothing to say."""
    if skipped.note is None:
        return None
    return Issue(skipped.name, None, None, None, skipped.code, skipped.note)


def option_for(sheet: str, spec: EntitySpec) -> str:
    return f'--sheet "{sheet}={spec.kind}"'


# --- the user's own mapping (--sheet) ---


def mapped_specs(sheet_map: Mapping[str, str] | None, names: Sequence[str], specs: Sequence[EntitySpec],
                 all_specs: Sequence[EntitySpec], csv_file: str | None = None, source: SourceOptions | None = None,
                 notes: list[Issue] | None = None) -> dict[str, EntitySpec | str]:
    """Sheet name -> the spec `--sheet` gives it, IGNORED ("Feuil1=ignorer") or EXCLUDED (a kind --only leaves
    out). A name that is no sheet is a usage error listing the sheets; for a CSV, its file name works too.

    The mapping file's [feuilles] (`source.sheets`) come first and --sheet overrides them; a mapping file serves
    many files, so a sheet it names that this one lacks is a note (in `notes`), not an error."""
    found: dict[str, EntitySpec | str] = {}
    listed = ", ".join(quote(name) for name in names)
    for wanted, kind in (source.sheets if source is not None else {}).items():
        sheet = _sheet_named(wanted, names, csv_file)
        if sheet is None:
            if notes is not None:
                notes.append(Issue(wanted, None, None, None, "MAP_SHEET_ABSENT", t(
                    "recognise.map_sheet_absent", origin=source.origin if source else "", sheet=wanted,
                    sheets=listed)))
            continue
        found[sheet] = IGNORED_BY_MAP if fold(kind) in IGNORE_WORDS else _kind_of(kind, specs, all_specs)
    for wanted, kind in (sheet_map or {}).items():
        sheet = _sheet_named(wanted, names, csv_file)
        if sheet is None:
            raise UsageError(t("recognise.no_such_sheet", sheet=wanted, sheets=listed))
        found[sheet] = _kind_of(kind, specs, all_specs)
    return found


def _kind_of(kind: str, specs: Sequence[EntitySpec], all_specs: Sequence[EntitySpec]) -> EntitySpec | str:
    if fold(kind) in IGNORE_WORDS:
        return IGNORED
    spec = next((s for s in all_specs if fold(kind) in s.sheet_keys), None)
    if spec is None:
        raise UsageError(t("workbook.unknown_kind", kind=kind, known=", ".join(s.kind for s in all_specs)))
    return spec if spec in specs else EXCLUDED


def _sheet_named(wanted: str, names: Sequence[str], csv_file: str | None) -> str | None:
    if wanted in names:
        return wanted
    if csv_file is not None and fold(wanted) == fold(csv_file) and names:
        return names[0]
    return next((name for name in names if fold(name) == fold(wanted)), None)

