"""The vocabulary of the real-world corpus: a case is what the user meant, how the file is built, and how the
dossier must end.

A case runs `bulkio import FILE --yes` in-process against the sandbox (tests/realworld/harness.py). Its
expectation is one of:

- the dossier afterwards: exactly which records were added or changed (`changes`, read back from the sandbox's
  API, by entity), and the status of every input row in the result workbook (`rows`, exactly those rows);
- a refusal before any write: exit code 2, one sentence saying where and why (`says`), nothing written, no
  result workbook.

Expectations come from docs/trust.md and issue 13, never from what the code does today. Where trust.md allows two
answers (a result path that looks writable but is not), a case lists both (`Case.expect` is a tuple).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The statuses of the result workbook (bulkio/outcome.py, French).
CREATED, UPDATED, UNCHANGED = "Créé", "Mis à jour", "Inchangé"
ERROR, SKIPPED, NOT_SENT = "Erreur", "Ignoré", "Non envoyé"
NOT_WRITTEN = frozenset({ERROR, SKIPPED})  # a row that is no record (a title, a total): never written

# The classes of docs/trust.md, then the two families of issue 13 that span them.
CLASSES = {
    "sheets": "§1 which sheets are read",
    "numbers": "§2 numbers as a French user means them",
    "duplicates": "§3 one record, one row (padding)",
    "parity": "§4 local checks are the API's checks",
    "hidden": "§5 rows the user cannot see",
    "outputs": "§6 outputs checked before the first write",
    "files": "§7 ordinary files and commands",
    "habits": "accountants' habits (issue 13)",
    "charts": "real charts of other software (issues 13, 15)",
    "mapping": "the mapping file, --map (issue 15)",
}

Codes = str | frozenset[str] | None  # one code, any of several (local or API name), or none
ANY_CODE = frozenset({"*"})  # some code, whatever its name (where trust.md names no code)


@dataclass(frozen=True)
class Row:
    """What the result workbook says of one input row."""

    status: str | frozenset[str]
    code: Codes = None  # None: the Code erreur cell is empty
    says: tuple[str, ...] = ()  # fragments of its Message (e.g. the earlier row a DUPLICATE names)


@dataclass(frozen=True)
class Located:
    """One problem as `bulkio validate --json` locates it."""

    sheet: str
    row: int | None
    column: str | None
    code: str


@dataclass(frozen=True)
class Expect:
    exit: int
    # entity -> {key: value}: the records added or changed in the dossier (see harness.STATE for the keys)
    changes: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)
    # account number -> {dotted path in GET /account/v2: value}, checked on the dossier afterwards
    fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    rows: Mapping[tuple[str, int], Row] = field(default_factory=dict)  # every input row, and only those
    issues: frozenset[Located] | None = None  # the exact problems of `validate --json`
    says: tuple[str, ...] = ()  # fragments of what the command printed
    refused: bool = False  # nothing sent: exit 2, one sentence, no result workbook

    @property
    def reaches_import(self) -> bool:
        return not self.refused


@dataclass(frozen=True)
class Case:
    name: str
    klass: str
    meant: str  # what the user meant, in one sentence
    file: str  # the input's file name (its suffix is part of the case)
    build: Callable[[Path], object]  # writes the input at the path given
    expect: Expect | tuple[Expect, ...]
    args: tuple[str, ...] = ()  # more options for `bulkio import` (--sheet, --enable-analytics...)
    society: int = 2  # the dossier imported into (2 and 5-8 are empty, 1 holds the PCG, 3 analytics, 4 capital)
    result: str | None = "resultat.xlsx"  # --result, relative to the case's folder (or absolute); None: default
    command: tuple[str, ...] | None = None  # the whole command line instead of import (placeholders below)
    input_path: str | None = None  # an input outside the case folder (/dev/null)

    @property
    def alternatives(self) -> tuple[Expect, ...]:
        return self.expect if isinstance(self.expect, tuple) else (self.expect,)


CASES: dict[str, Case] = {}


def case(name: str, klass: str, meant: str, file: str, expect: Expect | tuple[Expect, ...], **kw: Any) \
        -> Callable[[Callable[[Path], object]], Callable[[Path], object]]:
    """Register the decorated builder as a case."""
    assert klass in CLASSES, klass

    def register(build: Callable[[Path], object]) -> Callable[[Path], object]:
        assert name not in CASES, name
        CASES[name] = Case(name, klass, meant, file, build, expect, **kw)
        return build

    return register


# --- building expectations ---------------------------------------------------------------------------------


def rows(sheet: str, status: str | frozenset[str], *numbers: int, code: Codes = None,
         says: tuple[str, ...] = ()) -> dict[tuple[str, int], Row]:
    return {(sheet, n): Row(status, code, says) for n in numbers}


def span(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


def imported(exit: int = 0, accounts: Mapping[str, str] | None = None, *rowmaps: Mapping[tuple[str, int], Row],
             changes: Mapping[str, Mapping[Any, Any]] | None = None, **kw: Any) -> Expect:
    """An import: the accounts added or relabelled ({number as MyUnisoft stores it: label}), other entities'
    changes, and every input row's status."""
    merged_changes: dict[str, Mapping[Any, Any]] = dict(changes or {})
    if accounts:
        merged_changes["accounts"] = dict(accounts)
    merged_rows: dict[tuple[str, int], Row] = {}
    for rowmap in rowmaps:
        assert not set(rowmap) & set(merged_rows), set(rowmap) & set(merged_rows)
        merged_rows.update(rowmap)
    return Expect(exit=exit, changes=merged_changes, rows=merged_rows, **kw)


def refused(*says: str, issues: frozenset[Located] | None = None) -> Expect:
    """Nothing written: exit 2 and one sentence holding these fragments."""
    return Expect(exit=2, says=says, refused=True, issues=issues)


def located(*items: tuple[str, int | None, str | None, str]) -> frozenset[Located]:
    return frozenset(Located(*item) for item in items)
