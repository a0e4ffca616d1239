"""What the reader skips or changes in the rows of a sheet read as another program's export or through a mapping
file, each said: a skipped row is named (not imported), a changed cell is a Change, each rule one note per sheet.

    layout_skips(...)    rows an export's layout says are no account (layouts.py `rows`): ERPNext's group
                         accounts without a number, Pennylane's repeats of an account for another VAT rate.
                         Excel row -> Issue, added to the rows not imported (GROUP_ROW, VARIANT_ROW)
    account_rules(...)   the mapping file's [valeurs] on every account-number column (Kind.ACCOUNT), in order:
                           prefixes_compte   a leading prefix replaced, the longest first ("0" -> "401")
                           longueur_compte   a purely numeric general number (not 40x, 41x, 421: the dossier
                                             never pads those) right-padded with zeros to that length; one
                                             longer is an error on its cell, never truncated
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from bulkio.i18n import register, t
from bulkio.issues import Issue
from bulkio.spec import EntitySpec, Kind, fold
from bulkio.spec.api_rules import THIRD_PARTY_PREFIXES
from bulkio.spec.model import header_key
from bulkio.workbook.cells import to_text
from bulkio.workbook.header_rows import HeaderRow, quote
from bulkio.workbook.layouts import GroupRows, Layout, VariantRows
from bulkio.workbook.source_options import Change, SourceOptions
from bulkio.workbook.sources import Grid
from bulkio.workbook.table import SheetTable

register(
    {
        "value_rules.group_row": {
            "fr": "ligne de regroupement de l'export {layout} (« {flag} » : {value}) sans numéro de compte : ce "
            "n'est pas un compte, elle n'est pas importée.",
            "en": "a group row of the {layout} export ('{flag}': {value}) without an account number: no account, "
            "it is not imported.",
        },
        "value_rules.variant_row": {
            "fr": "même compte {number} et même libellé que la ligne {first}, pour une autre valeur de « {column} » "
            "({value}) : un seul compte dans MyUnisoft, cette ligne n'est pas importée.",
            "en": "the same account {number} and label as row {first}, for another '{column}' ({value}): one "
            "account in MyUnisoft, this row is not imported.",
        },
        "value_rules.padded": {
            "fr": "{count} numéro(s) de compte complété(s) par des zéros jusqu'à {length} chiffres, comme le demande "
            "{origin} (longueur_compte) ; par exemple ligne {row} : {before} → {after}.",
            "en": "{count} account number(s) padded with zeros to {length} digits, as {origin} asks "
            "(account_length); for example row {row}: {before} → {after}.",
        },
        "value_rules.prefixed": {
            "fr": "{count} numéro(s) de compte dont le début est remplacé, comme le demande {origin} "
            "(prefixes_compte) ; par exemple ligne {row} : {before} → {after}.",
            "en": "{count} account number(s) whose start is replaced, as {origin} asks (account_prefixes); for "
            "example row {row}: {before} → {after}.",
        },
        "value_rules.why_padded": {
            "fr": "complété par des zéros jusqu'à {length} chiffres (longueur_compte, {origin}).",
            "en": "padded with zeros to {length} digits (account_length, {origin}).",
        },
        "value_rules.why_prefixed": {
            "fr": "début « {old} » remplacé par « {new} » (prefixes_compte, {origin}).",
            "en": "start '{old}' replaced by '{new}' (account_prefixes, {origin}).",
        },
        "value_rules.too_long": {
            "fr": "« {value} » a {digits} chiffres, plus que les {length} de longueur_compte ({origin}) : bulkio ne "
            "tronque jamais un numéro de compte ; corrigez-le, ou changez longueur_compte.",
            "en": "'{value}' has {digits} digits, more than the {length} of account_length ({origin}): bulkio never "
            "truncates an account number; fix it, or change account_length.",
        },
    }
)

GROUP_ROW, VARIANT_ROW, ACCOUNT_TOO_LONG = "GROUP_ROW", "VARIANT_ROW", "ACCOUNT_TOO_LONG"
PADDED, PREFIXED = "MAP_ACCOUNT_PADDED", "MAP_ACCOUNT_PREFIXED"
_TRUE = frozenset(fold(word) for word in ("1", "true", "vrai", "yes", "oui", "x"))


def layout_skips(sheet: str, header: HeaderRow, table: SheetTable, grid: Grid,
                 already: Collection[int] = ()) -> dict[int, Issue]:
    """Rows the export's layout says are no account, among those not already skipped (`already`)."""
    layout = header.vocabulary.layout
    if layout is None or not table.has_column("account_number"):
        return {}
    skipped: dict[int, Issue] = {}
    for rule in layout.rows:
        position = _position(header, rule.flag if isinstance(rule, GroupRows) else rule.column)
        if position is None:
            continue
        cells = {row: to_text(_cell(grid, row, position)) for row in table.rows}
        rows = [row for row in table.rows if row not in already and row not in skipped]
        if isinstance(rule, GroupRows):
            skipped.update(_group_rows(sheet, layout, header, rule, table, rows, cells))
        else:
            skipped.update(_variant_rows(sheet, header, rule, table, rows, cells))
    return skipped


def _group_rows(sheet: str, layout: Layout, header: HeaderRow, rule: GroupRows, table: SheetTable,
                rows: list[int], flags: Mapping[int, str | None]) -> dict[int, Issue]:
    flag = _header_text(header, rule.flag)
    return {row: Issue(sheet, row, flag, flags[row], GROUP_ROW,
                       t("value_rules.group_row", layout=layout.name, flag=flag, value=flags[row]))
            for row in rows
            if table.cell(row, "account_number") is None and fold(flags[row] or "") in _TRUE}


def _variant_rows(sheet: str, header: HeaderRow, rule: VariantRows, table: SheetTable, rows: list[int],
                  values: Mapping[int, str | None]) -> dict[int, Issue]:
    first: dict[tuple[str, str], int] = {}
    skipped: dict[int, Issue] = {}
    column = _header_text(header, rule.column)
    has_label = table.has_column("label")
    for row in rows:
        number, label = table.cell(row, "account_number"), table.cell(row, "label") if has_label else None
        if number is None:
            continue
        key = (number.replace(" ", "").upper(), (label or "").strip())
        if key in first:
            skipped[row] = Issue(sheet, row, column, values[row], VARIANT_ROW, t(
                "value_rules.variant_row", number=key[0], first=first[key], column=column, value=values[row] or "—"))
        else:
            first[key] = row
    return skipped


def _position(header: HeaderRow, text: str) -> int | None:
    wanted = header_key(text)
    return next((position for position, found in header.texts.items() if header_key(found) == wanted), None)


def _header_text(header: HeaderRow, text: str) -> str:
    position = _position(header, text)
    return header.texts[position] if position is not None else text


def _cell(grid: Grid, row: int, position: int) -> object:
    cells = grid[row - 1] if row - 1 < len(grid) else []
    return cells[position] if position < len(cells) else None


# --- the mapping file's [valeurs] ---


@dataclass
class AccountRules:
    """What the rules did to one sheet: its cells changed, one note per rule, the cells they refuse."""

    changes: list[Change] = field(default_factory=list)
    notes: list[Issue] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)


def account_rules(sheet: str, spec: EntitySpec, table: SheetTable, headers: Mapping[str, str],
                  source: SourceOptions | None, skipped: Collection[int] = ()) -> AccountRules:
    """Apply the value rules to the account columns of `table` in place (rows not imported aside); `headers`:
    column key -> header text as written, to locate what they say."""
    done = AccountRules()
    if source is None or not source.has_value_rules:
        return done
    origin = source.origin or "--map"
    prefixes = sorted(source.account_prefixes.items(), key=lambda item: -len(item[0]))
    firsts: dict[str, tuple[int, str, str, int]] = {}  # note code -> (row, before, after, count)
    for column in (col for col in spec.columns if col.kind is Kind.ACCOUNT and table.has_column(col.key)):
        for row, text in list(zip(table.rows, table.column(column.key), strict=True)):
            if text is None or row in skipped:
                continue
            number = text.replace(" ", "").lstrip("'")
            for old, new in prefixes:
                if number.upper().startswith(old.upper()):
                    after = new + number[len(old):]
                    why = t("value_rules.why_prefixed", old=old, new=new, origin=origin)
                    done.changes.append(Change(sheet, row, column.key, text, after, why))
                    _count(firsts, PREFIXED, row, text, after)
                    number = after
                    break
            length = source.account_length
            if length is not None and number.isascii() and number.isdigit() \
                    and not number.startswith(THIRD_PARTY_PREFIXES):
                if len(number) > length:
                    done.problems.append(Issue(sheet, row, headers.get(column.key, column.fr), text, ACCOUNT_TOO_LONG,
                                               t("value_rules.too_long", value=number, digits=len(number),
                                                 length=length, origin=origin)))
                    continue
                if len(number) < length:
                    before, number = number, number.ljust(length, "0")
                    why = t("value_rules.why_padded", length=length, origin=origin)
                    done.changes.append(Change(sheet, row, column.key, before, number, why))
                    _count(firsts, PADDED, row, before, number)
            if number != text.replace(" ", "").lstrip("'"):
                table.set_cell(row, column.key, number)
    for code, (row, before, after, count) in firsts.items():
        key = "value_rules.padded" if code == PADDED else "value_rules.prefixed"
        message = t(key, count=count, length=source.account_length, origin=origin, row=row, before=quote(before),
                    after=quote(after))
        done.notes.append(Issue(sheet, None, None, None, code, message))
    return done


def _count(firsts: dict[str, tuple[int, str, str, int]], code: str, row: int, before: str, after: str) -> None:
    found = firsts.get(code)
    firsts[code] = (row, before, after, 1) if found is None else (*found[:3], found[3] + 1)
