"""The vocabulary of entity specs: a sheet is a list of columns, each column says everything about itself.

Templates, the reader, validation, the plan, the push, the export and the TUI all read these objects;
none of them hard-codes a column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache


class Kind(StrEnum):
    TEXT = "text"
    ACCOUNT = "account"  # an account number: text, digits as typed, never a float
    BOOL = "bool"  # Oui/Non and friends
    CHOICE = "choice"  # a label from a closed list, mapped to an API id
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    EMAIL = "email"
    SIREN = "siren"
    IBAN = "iban"
    BIC = "bic"
    PHONE = "phone"


CLEAR_MARKERS = ("(vide)", "(empty)")


class _Clear:
    """The explicit '(vide)' marker: clear this field in MyUnisoft."""

    _instance: _Clear | None = None

    def __new__(cls) -> _Clear:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "CLEAR"

    def __bool__(self) -> bool:
        return False


CLEAR = _Clear()


@lru_cache(maxsize=8192)  # the same few words (Oui, Non, FRANCE...) fill whole columns
def fold(text: str) -> str:
    """Case, accents, punctuation and spaces ignored: how sheet names and headers are matched."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    kept = "".join(ch for ch in decomposed if ch.isalnum())
    return kept.casefold()


# Words a header may hold or leave out without changing its meaning ("N° de compte" = "Numéro compte").
_HEADER_STOPWORDS = frozenset({"de", "du", "des", "d", "l", "la", "le", "les", "en", "of", "the"})
_NUMBER_WORDS = frozenset({"n", "no", "num", "numero", "nr", "nro", "number", "nb"})
_WORD = re.compile(r"[^\W_]+")


def header_words(text: str) -> list[str]:
    """The words of a header or a sheet name: accents and case dropped, "%" read "pourcentage", "N°" read "No"."""
    spelled = str(text).replace("%", " pourcentage ").replace("°", "o ").replace("º", "o ")
    decomposed = unicodedata.normalize("NFKD", spelled)
    return _WORD.findall("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold())


@lru_cache(maxsize=8192)
def header_key(text: str) -> str:
    """How headers are matched: `fold`, and also articles dropped and every way of writing "number" alike.

    "N° de compte", "Numéro compte", "No compte" and "Num. compte" are one header.
    """
    words = [word for word in header_words(text) if word not in _HEADER_STOPWORDS]
    return "".join("num" if word in _NUMBER_WORDS else word for word in words)


@dataclass(frozen=True)
class Choice:
    value: int | str  # what the API wants
    fr: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Rule:
    """A check on one cell's text, named by the API error code it prevents (COMPTE6, COMPTE7, ...)."""

    code: str
    pattern: str | None = None  # the value must match (re.match)
    max_length: int | None = None


# A check on one whole row (its typed values by column key): returns an error code, or None.
RowRule = Callable[[Mapping[str, object]], "tuple[str, str] | None"]


@dataclass(frozen=True)
class Finding:
    """A problem found by a rule that looks at several rows: on which row, which column, which code."""

    row: int  # Excel row number
    key: str  # column key
    code: str
    params: Mapping[str, object] = field(default_factory=dict)


# The rows of one sheet that passed the cell checks, as (Excel row, typed values).
SheetRows = Sequence[tuple[int, Mapping[str, object]]]
# A check across the rows of one sheet (sums, one default per group, ...).
SheetRule = Callable[[SheetRows], list[Finding]]
# A check across sheets, given the rows of every sheet by spec kind: returns (kind, finding) pairs.
WorkbookRule = Callable[[Mapping[str, SheetRows]], "list[tuple[str, Finding]]"]


@dataclass(frozen=True)
class Column:
    key: str
    fr: str
    en: str
    kind: Kind = Kind.TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    help_fr: str = ""
    help_en: str = ""
    example: str = ""
    choices: tuple[Choice, ...] = ()
    max_length: int | None = None
    # Where the value lives in a remote record (dotted path, integer parts index lists) ...
    read: str | None = None
    # ... and where it goes in a write body. None: not writable (read-only or key).
    write: str | None = None
    # Writable only through the full update (PUT), not through the create call.
    update_only: bool = False
    # The column names another object (e.g. a counterpart account number): resolved to an id on write.
    reference: str | None = None
    rules: tuple[Rule, ...] = ()
    width: int = 16
    # A percentage (a rate): "50 %" and a percentage-formatted cell (0.5 displayed 50 %) read as 50.
    percent: bool = False

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_fr

    @cached_property
    def header_keys(self) -> frozenset[str]:
        return frozenset(header_key(name) for name in (self.fr, self.en, self.key, *self.synonyms))

    def choice_for(self, text: str) -> Choice | None:
        return self._choices_by_folded_name.get(fold(text))

    @cached_property
    def _choices_by_folded_name(self) -> dict[str, Choice]:
        # A dict, not a scan: a country column checks ~250 names on each of 100,000 rows.
        index: dict[str, Choice] = {}
        for choice in self.choices:
            for name in (choice.fr, choice.en, str(choice.value)):
                index.setdefault(fold(name), choice)
        return index

    def choice_by_value(self, value: object) -> Choice | None:
        for choice in self.choices:
            if str(choice.value) == str(value):
                return choice
        return None


@dataclass(frozen=True)
class EntitySpec:
    kind: str  # the name used on the command line: "comptes"
    sheet_fr: str
    sheet_en: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    sheet_synonyms: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    help_fr: str = ""
    help_en: str = ""
    # Columns that must all be present in a header row for the sheet to be recognised by its headers.
    signature: tuple[str, ...] = field(default=())
    # When the signature's columns are common words (Nom, Prénom, Date d'entrée: a staff list has them too),
    # one of these must be there as well for a sheet to be taken by its headers alone.
    header_evidence: tuple[str, ...] = field(default=())
    # Cross-column checks; each returns (column key, error code) for a bad row.
    row_rules: tuple[RowRule, ...] = ()
    # Checks across rows of the sheet, after the cell and row checks.
    sheet_rules: tuple[SheetRule, ...] = ()

    def sheet_name(self, lang: str) -> str:
        return self.sheet_en if lang == "en" else self.sheet_fr

    def help(self, lang: str) -> str:
        return self.help_en if lang == "en" else self.help_fr

    @property
    def sheet_keys(self) -> frozenset[str]:
        return frozenset(fold(n) for n in (self.sheet_fr, self.sheet_en, self.kind, *self.sheet_synonyms))

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def match_header(self, text: str) -> Column | None:
        wanted = header_key(text)
        if not wanted:
            return None
        for col in self.columns:
            if wanted in col.header_keys:
                return col
        return None
