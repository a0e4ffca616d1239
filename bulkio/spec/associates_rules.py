"""The checks of the Capital and associate sheets that need nothing but the workbook (spec/associates.py).

They mirror the sandbox's rules (docs/sandbox.md, "Capital and associates"), so that a row the API would
refuse is an error on its cell before any request: ASSOCIE1 (a share, except 'Associé sans part'),
ASSOCIE6/8 (dates), ASSOCIE7 (the 45/46 account), SOCIETE3 (capital shares), SIRET/SIREN checksums, and the
shares of the open links against the workbook's capital.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping

from bulkio.spec.api_rules import (
    MAX_INTEGER,
    SHARES_ON_NO_SHARE_FUNCTION,
    associate_account_ok,
    capital_amount_ok,
    capital_shares_ok,
    period_problem,
    share_count_ok,
    shares_problem,
)
from bulkio.spec.model import CLEAR, Finding, SheetRows

SHARE_KEYS = ("pp", "np", "us")


def person_key(last_name: str, first_name: str) -> tuple[str, str]:
    """Names as a person compares them: case, accents and extra spaces ignored (reference §6.5)."""

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
        kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return " ".join(kept.split()).casefold()

    return plain(last_name), plain(first_name)


def company_identifier(text: str) -> tuple[str, str]:
    """How a 'Société associée' cell names a company: ("siret", 14 digits), ("siren", 9), ("id", digits) or
    ("name", text). Spaces inside a number are ignored (852 109 875 00017)."""
    compact = text.replace(" ", "")
    if compact.isdigit():
        if len(compact) == 14:
            return "siret", compact
        if len(compact) == 9:
            return "siren", compact
        return "id", str(int(compact))
    return "name", text.strip()


# --- row checks (each returns one Finding without its row, or None) ------------------------------------

RowCheck = Callable[[Mapping[str, object]], "tuple[str, str, dict[str, object]] | None"]


def per_row(*checks: RowCheck) -> Callable[[SheetRows], list[Finding]]:
    """A sheet rule that runs row checks with message parameters (row rules cannot carry them)."""

    def rule(rows: SheetRows) -> list[Finding]:
        findings = []
        for excel_row, values in rows:
            for check in checks:
                found = check(values)
                if found is not None:
                    findings.append(Finding(excel_row, found[0], found[1], found[2]))
        return findings

    return rule


def _text(value: object) -> str:
    return str(value)  # dates as ISO, like the cell value the message quotes


def person_named(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """An ID, or both Nom and Prénom."""
    person = row.get("person_id")
    if isinstance(person, int) and person > MAX_INTEGER:
        return ("person_id", "TOO_LARGE", {"limit": MAX_INTEGER})
    if person is not None:
        return None
    last, first = row.get("last_name"), row.get("first_name")
    if isinstance(last, str) and isinstance(first, str):
        return None
    if last is None and first is None:
        return ("last_name", "PERSON_REQUIRED", {})
    return ("first_name" if isinstance(last, str) else "last_name", "NAME_INCOMPLETE", {})


def dates_in_order(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """ASSOCIE6: exit not before entry; ASSOCIE8: the effective date between them (an open end is unbounded)."""
    start, end, effective = row.get("start_date"), row.get("end_date"), row.get("effective_date")
    if start is None or start is CLEAR:
        return None
    bounded = end is not None and end is not CLEAR
    judged = effective is not None and effective is not CLEAR
    problem = period_problem(start, end if bounded else None, effective if judged else None)  # type: ignore[arg-type]
    if problem == "ASSOCIE6":
        return ("end_date", "ASSOCIE6", {"start": _text(start)})
    if problem == "ASSOCIE8":
        return ("effective_date", "ASSOCIE8", {"start": _text(start), "end": _text(end) if bounded else "—"})
    return None


def shares_are_counts(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """PP, NP and US are whole numbers >= 0 (whole-ness is the INT kind's check)."""
    for key in SHARE_KEYS:
        value = row.get(key)
        if isinstance(value, int) and not share_count_ok(value):
            return (key, "SHARE_NEGATIVE", {}) if value < 0 else (key, "TOO_LARGE", {"limit": MAX_INTEGER})
    return None


def shares_fit_function(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """ASSOCIE1: at least one share, except 'Associé sans part' (13) which must hold none. Judged here only
    when the row says it all (function given and the three counts filled); otherwise at plan time, once
    empty cells are merged with the current link."""
    counts = {key: (0 if row.get(key) is CLEAR else row.get(key)) for key in SHARE_KEYS}
    function = row.get("function")
    known = tuple(value if isinstance(value, int) else 0 for value in counts.values())
    problem = shares_problem(known, function if isinstance(function, int) else None)  # type: ignore[arg-type]
    held = next((key for key, value in counts.items() if isinstance(value, int) and value > 0), None)
    if problem == SHARES_ON_NO_SHARE_FUNCTION and held is not None:
        return (held, "SHARES_WITHOUT_SHARE_FUNCTION", {})
    if problem == "ASSOCIE1" and all(isinstance(value, int) for value in counts.values()):
        return ("pp", "NO_SHARE", {})
    return None


def account_rule(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    number = row.get("account")
    if isinstance(number, str) and not associate_account_ok(number):
        return ("account", "ASSOCIE7", {})
    return None


def no_clear(*keys: str) -> RowCheck:
    """Fields every write body carries: '(vide)' cannot clear them."""

    def check(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
        key = next((k for k in keys if row.get(k) is CLEAR), None)
        return (key, "CLEAR_NOT_ALLOWED", {}) if key else None

    return check


def company_checksum(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """A company given by SIRET (14 digits) or SIREN (9) must pass its key: the Luhn check, or for La Poste's
    establishments the SIRET's own rule (values.siret_ok)."""
    from bulkio.validate.values import siren_ok, siret_ok  # here: bulkio.validate imports the specs

    value = row.get("company")
    if not isinstance(value, str):
        return None
    kind, digits = company_identifier(value)
    if kind == "siret" and not siret_ok(digits):
        return ("company", "SIRET_CHECKSUM", {})
    if kind == "siren" and not siren_ok(digits):
        return ("company", "SIREN_CHECKSUM", {})
    return None


def capital_figures(row: Mapping[str, object]) -> tuple[str, str, dict[str, object]] | None:
    """SOCIETE3: at least one share; the amount is >= 0 in euros and cents (MyUnisoft keeps 2 decimals)."""
    shares, amount = row.get("shares"), row.get("capital")
    if isinstance(shares, int) and not capital_shares_ok(shares):
        return ("shares", "CAPITAL_SHARES", {}) if shares < 1 else ("shares", "TOO_LARGE", {"limit": MAX_INTEGER})
    if amount is not None and amount is not CLEAR and (not capital_amount_ok(amount)
                                                       or amount != round(amount, 2)):  # type: ignore[call-overload]
        return ("capital", "CAPITAL_AMOUNT", {})
    return None


# --- across sheets ----------------------------------------------------------------------------------


def shares_within_capital(sheets: Mapping[str, SheetRows]) -> list[tuple[str, Finding]]:
    """The workbook's open links (no exit date) of a dossier hold at most its latest Capital row's shares,
    PP + NP (US describes the same dismembered shares as NP). The live capital is checked at plan time."""
    latest: dict[object, tuple[object, int, int]] = {}
    for excel_row, values in sheets.get("capital", ()):
        day, shares = values.get("effective_date"), values.get("shares")
        if day is None or not isinstance(shares, int):
            continue
        dossier = values.get("dossier")
        if dossier not in latest or day > latest[dossier][0]:  # type: ignore[operator]
            latest[dossier] = (day, shares, excel_row)
    open_rows: dict[object, list[tuple[str, int, int]]] = defaultdict(list)
    for kind in ("associes_pp", "associes_pm"):
        for excel_row, values in sheets.get(kind, ()):
            if values.get("end_date") not in (None, CLEAR):
                continue
            held = sum(v for k in ("pp", "np") if isinstance(v := values.get(k), int))
            open_rows[values.get("dossier")].append((kind, excel_row, held))
    findings = []
    for dossier, rows in open_rows.items():
        if dossier not in latest:
            continue
        _day, capital, capital_row = latest[dossier]
        total = sum(held for _k, _r, held in rows)
        if total > capital:
            params = {"total": total, "capital": capital, "capital_row": capital_row}
            findings.extend((kind, Finding(row, "pp", "SHARES_OVER_CAPITAL", params)) for kind, row, _h in rows)
    return findings
