"""The messages of the mapping file (--map, mapping.py), and where in the file each problem is.

tomllib locates its syntax errors; for the others (an unknown section, a column bulkio does not have) the line is
found here by reading the file's table headers and keys again, so that every sentence says which line to fix.
"""

from __future__ import annotations

import re
from pathlib import Path

from bulkio.i18n import register, t

register(
    {
        "mapping.where": {"fr": "--map « {name} »", "en": "--map '{name}'"},
        "mapping.where_line": {"fr": "--map « {name} », ligne {line}", "en": "--map '{name}', line {line}"},
        "mapping.where_line_column": {
            "fr": "--map « {name} », ligne {line}, colonne {column}",
            "en": "--map '{name}', line {line}, column {column}",
        },
        "mapping.not_found": {
            "fr": "--map : le fichier de correspondance {path} n'existe pas : vérifiez le chemin.",
            "en": "--map: the mapping file {path} does not exist: check the path.",
        },
        "mapping.directory": {
            "fr": "--map : {path} est un dossier, pas un fichier de correspondance : donnez le chemin du fichier "
            ".toml.",
            "en": "--map: {path} is a folder, not a mapping file: give the path of the .toml file.",
        },
        "mapping.unreadable": {
            "fr": "--map : le fichier de correspondance {path} ne peut pas être lu ({reason}).",
            "en": "--map: the mapping file {path} cannot be read ({reason}).",
        },
        "mapping.not_utf8": {
            "fr": "{where} : le fichier n'est pas en UTF-8 (octet {byte}) : enregistrez-le en UTF-8 (Bloc-notes : "
            "Enregistrer sous > Encodage UTF-8).",
            "en": "{where}: the file is not UTF-8 (byte {byte}): save it as UTF-8 (Notepad: Save as > Encoding UTF-8).",
        },
        "mapping.syntax": {
            "fr": "{where} : ce n'est pas du TOML valide ({reason}) ; corrigez cette ligne (un texte s'écrit entre "
            "guillemets : \"Plan 2024\" = \"comptes\").",
            "en": "{where}: this is not valid TOML ({reason}); fix that line (a text is written between quotes: "
            "\"Plan 2024\" = \"accounts\").",
        },
        "mapping.unknown_section": {
            "fr": "{where} : section [{section}] inconnue ; sections connues : {known}.",
            "en": "{where}: unknown section [{section}]; known sections: {known}.",
        },
        "mapping.alias_twice": {
            "fr": "{where} : [{second}] est la section [{first}] sous un autre nom, déjà écrite : n'en gardez qu'une.",
            "en": "{where}: [{second}] is the section [{first}] under another name, already written: keep only one.",
        },
        "mapping.unknown_key": {
            "fr": "{where} : clé « {entry} » inconnue dans [{section}] ; clés connues : {known}.",
            "en": "{where}: unknown key '{entry}' in [{section}]; known keys: {known}.",
        },
        "mapping.unknown_kind": {
            "fr": "{where} : type de feuille inconnu « {kind} » ; choisissez parmi {known}.",
            "en": "{where}: unknown sheet kind '{kind}'; choose among {known}.",
        },
        "mapping.unknown_column": {
            "fr": "{where} : la feuille {kind} n'a pas de colonne « {column} » ; ses colonnes : {known}.",
            "en": "{where}: the {kind} sheet has no column '{column}'; its columns: {known}.",
        },
        "mapping.unknown_column_any": {
            "fr": "{where} : aucune feuille bulkio n'a de colonne « {column} » ; celles de Comptes : {known} (pour "
            "une autre feuille, écrivez la correspondance sous [colonnes.<type>]).",
            "en": "{where}: no bulkio sheet has a column '{column}'; those of Accounts: {known} (for another sheet, "
            "write the mapping under [columns.<kind>]).",
        },
        "mapping.same_column": {
            "fr": "{where} : « {first} » et « {second} » seraient toutes deux la colonne « {column} » ({kind}) : "
            "bulkio ne peut savoir laquelle lire ; n'en gardez qu'une.",
            "en": "{where}: '{first}' and '{second}' would both be the column '{column}' ({kind}): bulkio cannot tell "
            "which to read; keep only one.",
        },
        "mapping.same_header": {
            "fr": "{where} : « {first} » et « {second} » sont le même en-tête pour bulkio (casse, accents, « N° » et "
            "« Numéro » mis à part) : n'en gardez qu'un.",
            "en": "{where}: '{first}' and '{second}' are the same header to bulkio (case, accents, 'No' and 'Number' "
            "aside): keep only one.",
        },
        "mapping.empty_header": {
            "fr": "{where} : « {header} » n'a ni lettre ni chiffre : ce ne peut être un en-tête de colonne.",
            "en": "{where}: '{header}' has no letter nor digit: it cannot be a column header.",
        },
        "mapping.mapped_and_ignored": {
            "fr": "{where} : la colonne « {header} » est à la fois lue comme « {column} » et ignorée "
            "(colonnes_ignorees) : retirez-la de l'une des deux.",
            "en": "{where}: the column '{header}' is both read as '{column}' and ignored (ignored_columns): remove "
            "it from one of them.",
        },
        "mapping.wrong_type": {
            "fr": "{where} : « {entry} » doit être {expected}, pas {found}.",
            "en": "{where}: '{entry}' must be {expected}, not {found}.",
        },
        "mapping.length_range": {
            "fr": "{where} : {entry} = {value} : la longueur d'un numéro de compte va de {low} à {high} chiffres.",
            "en": "{where}: {entry} = {value}: an account number's length is {low} to {high} digits.",
        },
        "mapping.bad_prefix": {
            "fr": "{where} : « {old} » = « {new} » : le début remplacé s'écrit en lettres et chiffres, et son "
            "remplaçant comme un numéro de compte (lettres et chiffres, le premier de 1 à 9).",
            "en": "{where}: '{old}' = '{new}': the start replaced is written in letters and digits, and its "
            "replacement as an account number (letters and digits, the first 1 to 9).",
        },
        "mapping.bad_root": {
            "fr": "{where} : la racine « {value} » n'est pas un début de numéro de compte (lettres et chiffres, le "
            "premier de 1 à 9, {max} au plus).",
            "en": "{where}: the root '{value}' is no start of an account number (letters and digits, the first 1 to "
            "9, at most {max}).",
        },
        "mapping.type.text": {"fr": "un texte entre guillemets", "en": "a text between quotes"},
        "mapping.type.int": {"fr": "un nombre entier", "en": "a whole number"},
        "mapping.type.table": {"fr": "une table (une section [...] ou { ... })", "en": "a table ([...] or { ... })"},
        "mapping.type.list": {"fr": "une liste d'en-têtes [\"Type\", \"Nature\"]",
                              "en": "a list of headers [\"Type\", \"Nature\"]"},
        "mapping.type.bool": {"fr": "true ou false", "en": "true or false"},
        "mapping.type.number": {"fr": "le nombre {value}", "en": "the number {value}"},
        "mapping.type.text_value": {"fr": "le texte « {value} »", "en": "the text '{value}'"},
        "mapping.type.list_value": {"fr": "une liste", "en": "a list"},
        "mapping.type.other": {"fr": "{value}", "en": "{value}"},
    }
)

_KEY_PART = r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+'
_DOTTED = rf"(?:{_KEY_PART})(?:\s*\.\s*(?:{_KEY_PART}))*"
_TABLE_LINE = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=")


def located(path: Path, text: str, *, line: int | None = None, column: int | None = None,
            table: tuple[str, ...] | None = None, key: str | None = None) -> str:
    """"--map « plan.toml », ligne 4": the line given, else the line of `key` in `table` (or of the table)."""
    if line is None and (table is not None or key is not None):
        line = line_of(text, table, key)
    name = Path(path).name
    if line is None:
        return t("mapping.where", name=name)
    if column is None:
        return t("mapping.where_line", name=name, line=line)
    return t("mapping.where_line_column", name=name, line=line, column=column)


def line_of(text: str, table: tuple[str, ...] | None, key: str | None) -> int | None:
    """The line where `key` is written in `table` (None: in any table), or where the table is; None if neither
    is found (an inline table, a multi-line value)."""
    current: list[str] = []
    table_line: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if found := _TABLE_LINE.match(line):
            current = _parts(found[1])
            if table is not None and current == list(table):
                if key is None:
                    return number
                table_line = table_line or number
            continue
        if not (found := _KEY_LINE.match(line)):
            continue
        full = [*current, *_parts(found[1])]
        if key is None:
            if table is not None and full == list(table):
                return number
        elif (table is None and full[-1] == key) or (table is not None and full == [*table, key]):
            return number
        elif table is not None and full == list(table):
            table_line = table_line or number  # an inline table: its line is the closest
    return table_line


def _parts(dotted: str) -> list[str]:
    return [_unquote(part) for part in re.findall(_KEY_PART, dotted)]


def _unquote(part: str) -> str:
    if part[:1] == '"':
        return part[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if part[:1] == "'":
        return part[1:-1]
    return part
