"""What is known about a source that is not bulkio's own template, and what reading it changed.

    SourceOptions   the user's word on a source (--sheet, --map FILE) and the third-party roots of a FEC;
                    built-in layouts of other software (layouts.py) are SourceOptions too
    Change          one value the reader built or transformed rather than read as written (a FEC's auxiliary
                    account under its collective root, a label picked among variants, a padded number): what
                    `convert` lists on a sheet of its own and what the notes sum up

Nothing here reads a file: read.py, fec.py and mapping.py (--map) fill these in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceOptions:
    origin: str = ""  # where these options come from, for messages: the mapping file's path, a layout's name
    # sheet (or CSV / FEC file) name as written -> kind ("comptes", ...) or an ignore word ("ignorer")
    sheets: Mapping[str, str] = field(default_factory=dict)
    # kind -> {source header, as spec.model.header_key reads it -> bulkio column key}: matched before the spec's
    # own names, so "N° compte" = "Numéro compte" here as everywhere
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # source headers (header_key) that are known not to be ours: ignored with a note, never evidence against
    ignored_columns: frozenset[str] = frozenset()
    # FEC: collective account (as in CompteNum) -> root its auxiliary accounts are numbered under
    # ("411000" -> "411": auxiliary C0002 becomes 411C0002); an account not listed gets the default root
    third_party_roots: Mapping[str, str] = field(default_factory=dict)
    # value rules on account-number columns (Kind.ACCOUNT), in this order (value_rules.py):
    # a leading prefix replaced ("0" -> "401": an export's own numbering of supplier accounts), longest first ...
    account_prefixes: Mapping[str, str] = field(default_factory=dict)
    # ... then purely numeric general numbers right-padded with zeros to this length (never truncated)
    account_length: int | None = None

    @property
    def has_value_rules(self) -> bool:
        return bool(self.account_prefixes) or self.account_length is not None


@dataclass(frozen=True)
class Change:
    sheet: str  # the sheet as bulkio reads it (for a FEC: the derived sheet's name)
    row: int | None  # its row number there; None for a change of the whole sheet (a column ignored)
    column: str | None  # the bulkio column key, or the source header of a column dropped
    before: str | None  # what the source held (for a FEC: where it came from, "CompteNum 411000 + CompAuxNum C0002")
    after: str | None  # what bulkio reads instead
    why: str  # one sentence, in the user's language
