"""Mapping in the preview (issue 15): a header the reader did not recognise is given a bulkio column (or "ignorer"),
a sheet it did not read a kind; the workbook is read again with that mapping, and the mapping can be saved as a
`--map` file (docs/mapping.md) for the next dossier of the same migration.

    mapping_request(...)   what the screen offers for one sheet: its unrecognised headers, the kind's columns not
                           already there, the sheets not read
    merged_source(...)     the choices over the current SourceOptions (the --map file's, if any): what is re-read
                           and what is saved
PreviewApp's side (the `c` key, the re-read, the save) is mapping_actions.py, with the dialogs of screens.py.
Nothing here imports textual, so the core stays importable without it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bulkio.i18n import language, register, t
from bulkio.spec import SPECS, fold
from bulkio.spec.model import header_key
from bulkio.workbook.read import SheetData, WorkbookData
from bulkio.workbook.source_options import SourceOptions

if TYPE_CHECKING:
    pass

IGNORE = "ignorer"  # the choice that ignores a header or a sheet (an IGNORE_WORDS word, as the file writes it)
MAP_SUFFIX = ".bulkio-map.toml"
# Sheets not read that a kind may make readable (not: hidden, excluded by --only, ignored by the user, empty).
MAPPABLE_SKIPS = {
    "SHEET_UNKNOWN": "tui.mapping.skip.unknown",
    "SHEET_WEAK_EVIDENCE": "tui.mapping.skip.weak",
    "SHEET_OTHER_DOCUMENT": "tui.mapping.skip.other",
    "SHEET_NAMED_WITHOUT_COLUMNS": "tui.mapping.skip.required",
}

register(
    {
        "tui.key.columns": {"fr": "Colonnes", "en": "Columns"},
        "tui.mapping.title": {
            "fr": "Colonnes non reconnues — feuille « {sheet} » ({kind})",
            "en": "Unrecognised columns — sheet '{sheet}' ({kind})",
        },
        "tui.mapping.intro": {
            "fr": "Choisissez la colonne bulkio que contient chaque en-tête, ou « ignorer ». Rien n'est envoyé : "
            "le classeur est relu avec cette correspondance.",
            "en": "Choose the bulkio column each header holds, or 'ignore'. Nothing is sent: the workbook is read "
            "again with this mapping.",
        },
        "tui.mapping.none": {
            "fr": "Toutes les colonnes de cette feuille sont reconnues.",
            "en": "Every column of this sheet is recognised.",
        },
        "tui.mapping.leave": {"fr": "— non lue —", "en": "— not read —"},
        "tui.mapping.ignore": {"fr": "ignorer", "en": "ignore"},
        "tui.mapping.skipped": {
            "fr": "Feuilles non lues : ce qu'elles contiennent, ou « ignorer »",
            "en": "Sheets not read: what they hold, or 'ignore'",
        },
        "tui.mapping.skip.unknown": {"fr": "non reconnue", "en": "not recognised"},
        "tui.mapping.skip.weak": {"fr": "en-têtes insuffisants", "en": "too few known headers"},
        "tui.mapping.skip.other": {"fr": "autre document ?", "en": "another document?"},
        "tui.mapping.skip.required": {"fr": "colonnes obligatoires absentes", "en": "required columns missing"},
        "tui.mapping.apply": {"fr": "Appliquer", "en": "Apply"},
        "tui.mapping.save": {"fr": "Appliquer et enregistrer", "en": "Apply and save"},
        "tui.mapping.same_column": {
            "fr": "« {first} » et « {second} » ne peuvent pas être toutes deux « {column} » : choisissez-en une.",
            "en": "'{first}' and '{second}' cannot both be '{column}': choose one.",
        },
        "tui.mapping.nothing_to_save": {
            "fr": "Rien à enregistrer : aucune correspondance pour l'instant.",
            "en": "Nothing to save: no mapping yet.",
        },
        "tui.mapping.busy": {
            "fr": "Attendez la fin de la lecture, du plan ou de l'envoi.",
            "en": "Wait for the reading, the plan or the sending to finish.",
        },
        "tui.mapping.origin": {"fr": "la correspondance de l'aperçu", "en": "the preview's mapping"},
        "tui.mapping.origin_and": {"fr": "{origin} et {preview}", "en": "{origin} and {preview}"},
        "tui.mapping.column_as": {"fr": "« {header} » → {column}", "en": "'{header}' → {column}"},
        "tui.mapping.sheet_as": {"fr": "feuille « {sheet} » → {kind}", "en": "sheet '{sheet}' → {kind}"},
        "tui.mapping.applied": {
            "fr": "Classeur relu avec la correspondance : {what}.",
            "en": "Workbook read again with the mapping: {what}.",
        },
        "tui.mapping.failed": {
            "fr": "Correspondance non appliquée : {error}", "en": "Mapping not applied: {error}",
        },
        "tui.mapping.saved": {
            "fr": "Correspondance enregistrée dans {path} : donnez-la à --map pour le prochain dossier.",
            "en": "Mapping saved to {path}: give it to --map for the next dossier.",
        },
        "tui.mapping.save_failed": {
            "fr": "Correspondance non enregistrée ({path}) : {error}", "en": "Mapping not saved ({path}): {error}",
        },
        "tui.mapping.exists": {
            "fr": "Le fichier {path} existe déjà.", "en": "The file {path} already exists.",
        },
        "tui.mapping.replace": {"fr": "Le remplacer", "en": "Replace it"},
        "tui.mapping.new_name": {"fr": "Écrire {name}", "en": "Write {name}"},
        "tui.mapping.cancel": {"fr": "Annuler", "en": "Cancel"},
    }
)


# --- what the screen offers, and what it gives back ---


@dataclass(frozen=True)
class Choice:
    value: str  # a column key, a kind, or IGNORE
    label: str  # as the screen shows it, in the user's language


@dataclass(frozen=True)
class HeaderLine:
    header: str  # as written in the sheet
    can_ignore: bool = True  # False: another kind reads that header (the file's ignored headers hold for every kind)


@dataclass(frozen=True)
class SkippedSheet:
    name: str
    reason: str  # a few words: why it was not read


@dataclass(frozen=True)
class MappingRequest:
    sheet: str
    kind: str
    kind_label: str
    headers: list[HeaderLine]
    columns: list[Choice]  # the kind's columns not already on the sheet
    skipped: list[SkippedSheet] = field(default_factory=list)
    kinds: list[Choice] = field(default_factory=list)  # what a sheet not read may be
    can_save: bool = False  # there is a mapping already (the --map file's, or one applied here)


@dataclass(frozen=True)
class MappingChoice:
    columns: dict[str, str]  # header as written -> column key or IGNORE
    sheets: dict[str, str]  # sheet not read -> kind or IGNORE
    save: bool = False

    def __bool__(self) -> bool:
        return bool(self.columns or self.sheets)


def unrecognised(sheet: SheetData, source: SourceOptions | None) -> list[str]:
    """The sheet's headers no column took, but those the mapping already ignores for its kind; once each."""
    ignored = _ignored_for(source, sheet.spec.kind)
    found: dict[str, str] = {}
    for header in sheet.extra_headers:
        key = header_key(header)
        if key and key not in ignored:
            found.setdefault(key, header)
    return list(found.values())


def _ignored_for(source: SourceOptions | None, kind: str) -> frozenset[str]:
    """As the reader does (vocabulary.user_vocabulary): a header this kind maps is not ignored for it."""
    if source is None:
        return frozenset()
    return source.ignored_columns - source.columns.get(kind, {}).keys()


def skipped_sheets(workbook: WorkbookData, sheet_map: Mapping[str, str] | None = None) -> list[SkippedSheet]:
    """The sheets not read that a kind could make readable (--sheet's own aside: it wins over any mapping)."""
    said_by_option = {fold(name) for name in sheet_map or {}}
    found: dict[str, SkippedSheet] = {}
    for issue in [*workbook.notes, *workbook.issues]:
        words = MAPPABLE_SKIPS.get(issue.code)
        if words is None or issue.row is not None or issue.sheet not in workbook.ignored_sheets \
                or fold(issue.sheet) in said_by_option:
            continue
        found.setdefault(issue.sheet, SkippedSheet(issue.sheet, t(words)))
    return list(found.values())


def mapping_request(sheet: SheetData, workbook: WorkbookData, source: SourceOptions | None,
                    sheet_map: Mapping[str, str] | None = None, kinds: Collection[str] | None = None,
                    mapped_here: bool = False) -> MappingRequest:
    lang = language()
    spec = sheet.spec
    elsewhere = {key for kind, mapped in (source.columns if source else {}).items() if kind != spec.kind
                 for key in mapped}
    headers = [HeaderLine(header, header_key(header) not in elsewhere) for header in unrecognised(sheet, source)]
    columns = [Choice(col.key, col.header(lang)) for col in spec.columns if col.key not in sheet.headers]
    allowed = [each for each in SPECS.values() if not kinds or any(fold(kind) in each.sheet_keys for kind in kinds)]
    return MappingRequest(
        sheet=sheet.name, kind=spec.kind, kind_label=spec.sheet_name(lang), headers=headers, columns=columns,
        skipped=skipped_sheets(workbook, sheet_map),
        kinds=[Choice(each.kind, each.sheet_name(lang)) for each in allowed],
        can_save=mapped_here or _has_mapping(source),
    )


def _has_mapping(source: SourceOptions | None) -> bool:
    return source is not None and bool(source.sheets or any(source.columns.values()) or source.ignored_columns
                                       or source.third_party_roots or source.has_value_rules)


def merged_source(current: SourceOptions | None, kind: str, choice: MappingChoice) -> SourceOptions:
    """`choice` over `current`: the headers mapped for `kind` (keyed by header_key, as load_mapping does), the
    ignored ones for every kind, the sheets' kinds. A column the sheet now maps is no longer another header's for
    that kind, and a sheet named again replaces its line: what is saved is a file load_mapping accepts."""
    base = current or SourceOptions()
    columns = {each: dict(mapped) for each, mapped in base.columns.items()}
    own = columns.setdefault(kind, {})
    ignored = set(base.ignored_columns)
    for header, column in choice.columns.items():
        key = header_key(header)
        if column == IGNORE:
            ignored.add(key)
            continue
        for other in [other for other, taken in own.items() if taken == column]:
            del own[other]
        own[key] = column
        ignored.discard(key)
    sheets = dict(base.sheets)
    for name, sheet_kind in choice.sheets.items():
        for same in [written for written in sheets if fold(written) == fold(name)]:
            del sheets[same]
        sheets[name] = sheet_kind
    preview = t("tui.mapping.origin")
    origin = base.origin if preview in base.origin else \
        t("tui.mapping.origin_and", origin=base.origin, preview=preview) if base.origin else preview
    return replace(base, origin=origin, sheets=sheets, columns={each: m for each, m in columns.items() if m},
                   ignored_columns=frozenset(ignored))


def written_headers(workbook: WorkbookData | None) -> dict[str, str]:
    """header key -> the header as this workbook writes it: the saved file names columns the way the user does."""
    found: dict[str, str] = {}
    for sheet in workbook.sheets if workbook is not None else []:
        for header in [*sheet.headers.values(), *sheet.extra_headers]:
            found.setdefault(header_key(header), header)
    return found


def describe_choice(choice: MappingChoice, spec_kind: str) -> str:
    lang = language()
    spec = SPECS[spec_kind]
    said = [t("tui.mapping.column_as", header=header,
              column=t("tui.mapping.ignore") if column == IGNORE else spec.column(column).header(lang))
            for header, column in choice.columns.items()]
    said += [t("tui.mapping.sheet_as", sheet=name,
               kind=t("tui.mapping.ignore") if kind == IGNORE else SPECS[kind].sheet_name(lang))
             for name, kind in choice.sheets.items()]
    return ", ".join(said)


def mapping_path(source_file: Path) -> Path:
    """Where the mapping of `source_file` is saved: beside it, `<stem>.bulkio-map.toml`."""
    return source_file.with_name(source_file.stem + MAP_SUFFIX)


def free_path(path: Path) -> Path:
    """`path`, or the first `<stem>-2.toml`, `-3`… that does not exist."""
    if not path.exists():
        return path
    stem, number = path.name.removesuffix(".toml"), 2
    while (candidate := path.with_name(f"{stem}-{number}.toml")).exists():
        number += 1
    return candidate
