"""`--map FILE`: a TOML file saying what bulkio cannot guess about a source, read into a SourceOptions.

    [feuilles]              sheet (or CSV / FEC file) name -> kind, or "ignorer"; --sheet overrides it
    [colonnes]              source header -> bulkio column (its French or English header, or its key), every kind
    [colonnes.<kind>]       the same for one kind, over [colonnes]
    colonnes_ignorees       a list of source headers (or [colonnes_ignorees] "Type" = true): ignored, one note
    [fec.racines]           a FEC's collective account -> root of its auxiliary accounts (fec.py)
    [valeurs]               longueur_compte = 8; [valeurs.prefixes_compte] "0" = "401" (value_rules.py)

English names are accepted too (sheets, columns, ignored_columns or ignored, fec.roots, values, account_length,
account_prefixes). docs/mapping.md is the user's page. Every problem of the file is one located sentence (a
UsageError, exit 2) before anything is read: `load_mapping` never lets a traceback through.

`mapping_toml(options)` / `save_mapping(options, path)` write a SourceOptions back as such a file (the preview's
mapping screen saves what was mapped there), in the French names, which `load_mapping` reads back to the same
options (`origin` aside: it names the file read).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NoReturn

import tomli_w

from bulkio.errors import UsageError
from bulkio.i18n import register, t
from bulkio.spec import IGNORE_WORDS, SPECS, EntitySpec, fold, spec_for
from bulkio.spec.api_rules import ACCEPTED_NUMBER, MAX_NUMBER_LENGTH
from bulkio.spec.model import header_key
from bulkio.workbook.mapping_messages import located
from bulkio.workbook.source_options import SourceOptions

register({"mapping.kinds": {"fr": "{kinds} ou ignorer", "en": "{kinds} or ignore"}})

MIN_ACCOUNT_LENGTH = 3
SECTIONS = {"feuilles": "sheets", "colonnes": "columns", "colonnes_ignorees": "ignored_columns", "fec": "fec",
            "valeurs": "values"}
ALIASES = {"sheets": "feuilles", "columns": "colonnes", "ignored_columns": "colonnes_ignorees",
           "ignored": "colonnes_ignorees", "values": "valeurs", **{name: name for name in SECTIONS}}
FEC_KEYS = {"racines": "racines", "roots": "racines"}
VALUE_KEYS = {"longueur_compte": "longueur_compte", "account_length": "longueur_compte",
              "prefixes_compte": "prefixes_compte", "account_prefixes": "prefixes_compte"}


def load_mapping(path: Path) -> SourceOptions:
    """The mapping file at `path`, checked whole; UsageError with one located sentence at its first problem."""
    text = _read(Path(path))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error)) or str(error)
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        raise UsageError(t("mapping.syntax", where=located(path, text, line=line, column=column),
                           reason=reason)) from None
    return _Reader(path, text).options(document)


def _read(path: Path) -> str:
    if path.is_dir():
        raise UsageError(t("mapping.directory", path=path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(t("mapping.not_found", path=path)) from None
    except OSError as error:
        raise UsageError(t("mapping.unreadable", path=path, reason=error.strerror or error)) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")  # Notepad's BOM is no reason to refuse a file
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise UsageError(t("mapping.not_utf8", where=located(path, "", line=line),
                           byte=f"0x{data[error.start]:02X}")) from None


class _Reader:
    """Turns the parsed document into a SourceOptions, refusing at the first problem (where: `_fail`)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.text = path, text

    def options(self, document: Mapping[str, Any]) -> SourceOptions:
        sections: dict[str, Any] = {}
        for name, value in document.items():
            canonical = ALIASES.get(name)
            if canonical is None:
                known = ", ".join(f"[{french}] ({english})" for french, english in SECTIONS.items())
                self._fail((name,), None, "mapping.unknown_section", section=name, known=known)
            if canonical in sections:
                self._fail((name,), None, "mapping.alias_twice", first=canonical, second=name)
            sections[canonical] = (name, value)
        columns, ignored = self._columns(sections.get("colonnes")), self._ignored(sections.get("colonnes_ignorees"))
        for kind, mapped in columns.items():
            for key, (source_header, column) in mapped.items():
                if key in ignored:
                    self._fail(None, source_header, "mapping.mapped_and_ignored", header=source_header,
                               column=SPECS[kind].column(column).fr)
        length, prefixes = self._values(sections.get("valeurs"))
        return SourceOptions(
            origin=f"--map {self.path.name}",
            sheets=self._sheets(sections.get("feuilles")),
            columns={kind: {key: column for key, (_header, column) in mapped.items()}
                     for kind, mapped in columns.items()},
            ignored_columns=frozenset(ignored),
            third_party_roots=self._roots(sections.get("fec")),
            account_prefixes=prefixes,
            account_length=length,
        )

    # --- sections ---

    def _sheets(self, found: tuple[str, Any] | None) -> dict[str, str]:
        if found is None:
            return {}
        name, table = found
        sheets: dict[str, str] = {}
        for sheet, kind in self._table(table, (name,), None).items():
            self._text(kind, (name,), sheet)
            if fold(kind) not in IGNORE_WORDS:
                self._spec(kind, (name,), sheet)
            sheets[sheet] = kind
        return sheets

    def _columns(self, found: tuple[str, Any] | None) -> dict[str, dict[str, tuple[str, str]]]:
        """kind -> {source header key -> (source header, column key)}: [colonnes] for every kind where the column
        exists, then [colonnes.<kind>] over it."""
        if found is None:
            return {}
        name, table = found
        every: dict[str, str] = {}  # source header -> bulkio column as written, for every kind
        per_kind: dict[EntitySpec, tuple[str, dict[str, str]]] = {}  # spec -> (table as written, its lines)
        for key, value in self._table(table, (name,), None).items():
            if isinstance(value, dict):
                spec = self._spec(key, (name,), None, header=True)
                per_kind[spec] = (key, {header: self._text(column, (name, key), header)
                                        for header, column in value.items()})
            else:
                every[key] = self._text(value, (name,), key)
        mapped: dict[str, dict[str, tuple[str, str]]] = {}
        for source_header, target in every.items():
            kinds = [spec for spec in SPECS.values() if _column_key(spec, target) is not None]
            if not kinds:
                known = ", ".join(col.fr for col in SPECS["comptes"].columns)
                self._fail((name,), source_header, "mapping.unknown_column_any", column=target, known=known)
            for spec in kinds:
                own = per_kind.get(spec, ("", {}))[1]
                said = {header_key(header) for header in own} | {_column_key(spec, column) for column in own.values()}
                if header_key(source_header) not in said and _column_key(spec, target) not in said:
                    self._add(mapped.setdefault(spec.kind, {}), spec, source_header, target, (name,))
        for spec, (written, lines) in per_kind.items():  # a kind's own lines win over [colonnes] for that kind
            for source_header, target in lines.items():
                self._add(mapped.setdefault(spec.kind, {}), spec, source_header, target, (name, written))
        return mapped

    def _add(self, mapped: dict[str, tuple[str, str]], spec: EntitySpec, source_header: str, target: str,
             where: tuple[str, ...]) -> None:
        column = _column_key(spec, target)
        if column is None:
            known = ", ".join(col.fr for col in spec.columns)
            self._fail(where, source_header, "mapping.unknown_column", column=target,
                       kind=spec.sheet_name("fr"), known=known)
        key = header_key(source_header)
        if not key:
            self._fail(where, source_header, "mapping.empty_header", header=source_header)
        if key in mapped:
            self._fail(where, source_header, "mapping.same_header", first=mapped[key][0], second=source_header)
        for other, existing in mapped.values():
            if existing == column:
                self._fail(where, source_header, "mapping.same_column", first=other, second=source_header,
                           column=spec.column(column).fr, kind=spec.sheet_name("fr"))
        mapped[key] = (source_header, column)

    def _ignored(self, found: tuple[str, Any] | None) -> dict[str, str]:
        """header key -> header as written."""
        if found is None:
            return {}
        name, value = found
        if isinstance(value, list):
            headers = [self._text(item, (), name) for item in value]
        elif isinstance(value, dict):
            headers = [header for header, flag in value.items() if self._flag(flag, (name,), header)]
        else:
            self._fail((), name, "mapping.wrong_type", entry=name, expected=t("mapping.type.list"),
                       found=_type_name(value))
        return {header_key(header): header for header in headers if header_key(header)}

    def _roots(self, found: tuple[str, Any] | None) -> dict[str, str]:
        if found is None:
            return {}
        name, table = found
        roots: dict[str, str] = {}
        for key, value in self._table(table, (name,), None).items():
            if FEC_KEYS.get(key) is None:
                self._fail((name,), key, "mapping.unknown_key", entry=key, section=name,
                           known="racines (roots)")
            for collective, root in self._table(value, (name, key), None).items():
                root = self._text(root, (name, key), collective)
                if not ACCEPTED_NUMBER.fullmatch(root):
                    self._fail((name, key), collective, "mapping.bad_root", value=root, max=MAX_NUMBER_LENGTH)
                roots[collective] = root
        return roots

    def _values(self, found: tuple[str, Any] | None) -> tuple[int | None, dict[str, str]]:
        if found is None:
            return None, {}
        name, table = found
        length: int | None = None
        prefixes: dict[str, str] = {}
        for key, value in self._table(table, (name,), None).items():
            canonical = VALUE_KEYS.get(key)
            if canonical is None:
                self._fail((name,), key, "mapping.unknown_key", entry=key, section=name,
                           known="longueur_compte (account_length), prefixes_compte (account_prefixes)")
            if canonical == "longueur_compte":
                if not isinstance(value, int) or isinstance(value, bool):
                    self._fail((name,), key, "mapping.wrong_type", entry=key, expected=t("mapping.type.int"),
                               found=_type_name(value))
                if not MIN_ACCOUNT_LENGTH <= value <= MAX_NUMBER_LENGTH:
                    self._fail((name,), key, "mapping.length_range", entry=key, value=value, low=MIN_ACCOUNT_LENGTH,
                               high=MAX_NUMBER_LENGTH)
                length = value
            else:
                for old, new in self._table(value, (name, key), None).items():
                    new = self._text(new, (name, key), old)
                    if not old.isascii() or not old.isalnum() or not ACCEPTED_NUMBER.fullmatch(new):
                        self._fail((name, key), old, "mapping.bad_prefix", old=old, new=new)
                    prefixes[old] = new
        return length, prefixes

    # --- values ---

    def _table(self, value: object, where: tuple[str, ...], key: str | None) -> dict[str, Any]:
        if not isinstance(value, dict):
            self._fail(where[:-1] if key is None else where, key or where[-1], "mapping.wrong_type",
                       entry=key or where[-1], expected=t("mapping.type.table"), found=_type_name(value))
        return value

    def _text(self, value: object, where: tuple[str, ...], key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self._fail(where, key, "mapping.wrong_type", entry=key, expected=t("mapping.type.text"),
                       found=_type_name(value))
        return value.strip()

    def _flag(self, value: object, where: tuple[str, ...], key: str) -> bool:
        if not isinstance(value, bool):
            self._fail(where, key, "mapping.wrong_type", entry=key, expected=t("mapping.type.bool"),
                       found=_type_name(value))
        return value

    def _spec(self, kind: str, where: tuple[str, ...], key: str | None, header: bool = False) -> EntitySpec:
        try:
            return spec_for(kind)
        except KeyError:
            known = ", ".join(SPECS) if header else t("mapping.kinds", kinds=", ".join(SPECS))
            self._fail((*where, kind) if header else where, None if header else key, "mapping.unknown_kind",
                       kind=kind, known=known)

    def _fail(self, table: tuple[str, ...] | None, at: str | None, message: str, **params: object) -> NoReturn:
        """Refuse the file: `message` located at the key `at` of `table` (or the table itself)."""
        where = located(self.path, self.text, table=table, key=at)
        raise UsageError(t(message, where=where, **params))


def _column_key(spec: EntitySpec, target: str) -> str | None:
    """The column a mapping names by its French or English header, or its key (case, accents, spaces aside)."""
    wanted = header_key(target)
    return next((col.key for col in spec.columns if wanted in {header_key(col.fr), header_key(col.en),
                                                               header_key(col.key)}), None)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return t("mapping.type.bool")
    if isinstance(value, int | float):
        return t("mapping.type.number", value=value)
    if isinstance(value, str):
        return t("mapping.type.text_value", value=value)
    if isinstance(value, dict):
        return t("mapping.type.table")
    if isinstance(value, list):
        return t("mapping.type.list_value")
    return t("mapping.type.other", value=value)


# --- writing ---

WRITTEN_BY = "# Fichier de correspondance bulkio (docs/mapping.md) : donnez-le à --map pour les dossiers suivants.\n"


def mapping_toml(options: SourceOptions, headers: Mapping[str, str] | None = None) -> str:
    """`options` as the text of a mapping file, French section names, that `load_mapping` reads back to the same
    SourceOptions (`origin` aside). Each bulkio column is written by its French header; each source header as
    `headers` (header key -> the header as written in a source) has it, else by its key (which reads the same)."""
    written = dict(headers or {})

    def source(key: str) -> str:
        text = written.get(key)
        return text if text is not None and header_key(text) == key else key

    document: dict[str, Any] = {}
    if options.ignored_columns:
        document["colonnes_ignorees"] = sorted((source(key) for key in options.ignored_columns), key=fold)
    if options.sheets:
        document["feuilles"] = dict(options.sheets)
    columns: dict[str, dict[str, str]] = {}
    for kind, mapped in options.columns.items():
        spec = SPECS[kind]
        if mapped:
            columns[kind] = {source(key): _column_name(spec, column) for key, column in mapped.items()}
    if columns:
        document["colonnes"] = columns
    if options.third_party_roots:
        document["fec"] = {"racines": dict(options.third_party_roots)}
    values: dict[str, Any] = {}
    if options.account_length is not None:
        values["longueur_compte"] = options.account_length
    if options.account_prefixes:
        values["prefixes_compte"] = dict(options.account_prefixes)
    if values:
        document["valeurs"] = values
    return WRITTEN_BY + "\n" + tomli_w.dumps(document)


def save_mapping(options: SourceOptions, path: Path, headers: Mapping[str, str] | None = None, *,
                 overwrite: bool = False) -> Path:
    """Write `mapping_toml(options, headers)` to `path`, UTF-8; an existing file is FileExistsError unless
    `overwrite` (the caller asks first)."""
    text = mapping_toml(options, headers)
    with Path(path).open("w" if overwrite else "x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return Path(path)


def _column_name(spec: EntitySpec, key: str) -> str:
    """The column's French header, or its key when that header would read as another column of the kind."""
    french = spec.column(key).fr
    return french if _column_key(spec, french) == key else key
