"""Real FEC files for the tests and the bench, written as article A47 A-1 du LPF describes them.

    FEC_HEADER            the 18 columns in their legal order; CASH_BASIS_HEADER has Montant and Sens (BNC/BA)
    write_fec(path, rows) the header line then the rows: tab or '|', UTF-8 (with or without BOM) or ISO-8859-15,
                          CRLF or LF, no quoting; extra columns (CodeEtablissement) appended
    chart_fec(path, ...)  a dossier's year: about 1,000 accounts of the PCG (bulkio/data/pcg.tsv) with balanced
                          entries (comma decimals, AAAAMMJJ dates), customers under 411000 and suppliers under
                          401000 (accented names, '€', 'Œ'), label variants; returns what bulkio must derive, worked
                          out here on its own (the roots written out, not computed by bulkio's code)
    big_fec(path, lines)  a million lines or so, written in a stream, for the bench

Nothing here imports bulkio: the files are what accounting software writes, not what bulkio expects.
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

FEC_HEADER = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
              "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
              "ValidDate", "Montantdevise", "Idevise")
CASH_BASIS_HEADER = (*FEC_HEADER[:11], "Montant", "Sens", *FEC_HEADER[13:])
JOURNALS = {"VE": "Ventes", "AC": "Achats", "BQ": "Banque", "OD": "Opérations diverses"}
# What software writing ISO-8859-15 does with the PCG's typography (en dash, curly apostrophe).
_LATIN9 = str.maketrans({"–": "-", "—": "-", "’": "'", "…": "...", "«": '"', "»": '"'})

# Customers and suppliers as a French dossier has them: accents, 'Œ' and '€' (in ISO-8859-15, not in Latin-1).
CUSTOMER_NAMES = ("Société Générale", "Boulangerie Hélène", "Crédit Agricole Île-de-France", "Café de l'Épée",
                  "Ça Roule SARL", "Œuvres Sociales du Rhône", "Euro € Services", "Garage Müller", "Hôtel des Arènes",
                  "Librairie Noël")
SUPPLIER_NAMES = ("EDF Entreprises", "Orange Business", "Électricité Générale Ménard", "Fournitures Bâtiment Sœur",
                  "Transports Façonnier", "Créances Recouvrement SA")


@dataclass
class Fec:
    path: Path
    lines: int  # entry lines (the header aside)
    expected: dict[str, str] = field(default_factory=dict)  # derived account number -> label, in first-read order


def pcg_chart() -> list[tuple[str, str]]:
    """The PCG accounts padded to 6 digits, one per number (the most specific label wins)."""
    best: dict[str, tuple[int, str]] = {}
    for line in files("bulkio").joinpath("data/pcg.tsv").read_text(encoding="utf-8").splitlines():
        number, _level, label = line.split("\t")
        padded = number.ljust(6, "0")
        if padded not in best or len(number) > best[padded][0]:
            best[padded] = (len(number), label)
    return sorted((number, label) for number, (_n, label) in best.items())


def write_fec(path: Path, rows: Iterable[Sequence[str]], *, separator: str = "\t", encoding: str = "utf-8",
              bom: bool = False, newline: str = "\r\n", header: Sequence[str] = FEC_HEADER,
              extra: Sequence[str] = ()) -> Path:
    """`extra`: columns after the 18 (CodeEtablissement...), each row holding their values at its end."""
    with path.open("wb") as handle:
        if bom:
            handle.write(codecs.BOM_UTF8)
        for row in _with_header(rows, [*header, *extra]):
            handle.write((separator.join(row) + newline).encode(encoding))
    return path


def _with_header(rows: Iterable[Sequence[str]], header: Sequence[str]) -> Iterator[Sequence[str]]:
    yield header
    yield from rows


def line(journal: str, number: int, day: str, account: str, label: str, debit: int, credit: int, *,
         aux: str = "", aux_label: str = "", piece: str = "", text: str = "", cash_basis: bool = False,
         extra: Sequence[str] = ()) -> list[str]:
    """One entry line; amounts in cents, written with a decimal comma."""
    amounts = [_amount(debit or credit), "D" if debit else "C"] if cash_basis else [_amount(debit), _amount(credit)]
    return [journal, JOURNALS[journal], f"{journal}{number:06d}", day, account, label, aux, aux_label,
            piece or f"P{number:05d}", day, text or label, *amounts, "", "", day, "", "", *extra]


def _amount(cents: int) -> str:
    return f"{cents // 100},{cents % 100:02d}"


def chart_fec(path: Path, *, accounts: int = 1000, customers: int = 60, suppliers: int = 40, separator: str = "\t",
              encoding: str = "utf-8", bom: bool = False, newline: str = "\r\n", seed: int = 7) -> Fec:
    """A year of entries touching `accounts` accounts: general ones from the PCG, then customers (411000, root 411)
    and suppliers (401000, root 401), among them a numeric code (00123 -> 40100123), a code already under its
    root (411DUPONT) and one third party under both collectives (MARTIN -> 411MARTIN and 401MARTIN)."""
    rng = random.Random(seed)
    fit = (lambda text: text.translate(_LATIN9)) if encoding.replace("-", "").lower() != "utf8" else str
    chart = {number: fit(label) for number, label in pcg_chart()}
    fixed = ("401000", "411000", "512000", "706000", "607000", "445710", "445660")
    general = [n for n in chart if n not in fixed][: accounts - customers - suppliers - len(fixed)]
    thirds = _third_parties(customers, suppliers)
    fec = Fec(path, 0)
    rows: list[list[str]] = []
    counters = dict.fromkeys(JOURNALS, 0)

    def entry(journal: str, parts: list[tuple[str, str, int, int, str, str]]) -> None:
        counters[journal] += 1
        day = f"2024{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        for account, label, debit, credit, aux, aux_label in parts:
            rows.append(line(journal, counters[journal], day, account, label, debit, credit, aux=aux,
                             aux_label=aux_label))
            fec.expected.setdefault(account, chart.get(account, label))
            if aux:
                fec.expected.setdefault(thirds[(account, aux)][0], thirds[(account, aux)][1])

    bank = ("512000", chart["512000"])
    for index, number in enumerate(general):
        amount = rng.randint(1_000, 2_000_000)
        label = chart[number]
        # One account in 20 is written twice as "LABEL IN CAPITALS" among three correct lines: the majority wins.
        varied = index % 20 == 5 and label.upper() != label
        for written in [label, label.upper(), label, label.upper(), label] if varied else [label] * (1 + index % 2):
            debit_first = number[0] in "2356" or (number[0] == "4" and index % 2 == 0)
            parts = [(number, written, amount, 0, "", ""), (*bank, 0, amount, "", "")] if debit_first \
                else [(number, written, 0, amount, "", ""), (*bank, amount, 0, "", "")]
            entry("OD" if number[0] in "1234" else "BQ", parts)
    for (collective, code), (_number, name) in thirds.items():
        amount = rng.randint(10_000, 500_000)
        vat = amount // 5
        for spelling in (name, name, name.upper() if code.endswith("3") else name):  # a minority in capitals
            if collective == "411000":
                entry("VE", [("411000", chart["411000"], amount + vat, 0, code, spelling),
                             ("706000", chart["706000"], 0, amount, "", ""),
                             ("445710", chart["445710"], 0, vat, "", "")])
            else:
                entry("AC", [("607000", chart["607000"], amount, 0, "", ""),
                             ("445660", chart["445660"], vat, 0, "", ""),
                             ("401000", chart["401000"], 0, amount + vat, code, spelling)])
    write_fec(path, rows, separator=separator, encoding=encoding, bom=bom, newline=newline)
    fec.lines = len(rows)
    return fec


def _third_parties(customers: int, suppliers: int) -> dict[tuple[str, str], tuple[str, str]]:
    """(collective, CompAuxNum) -> (the account bulkio must derive, its name)."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    for index in range(customers - 2):
        name = f"{CUSTOMER_NAMES[index % len(CUSTOMER_NAMES)]} {index // len(CUSTOMER_NAMES) + 1}"
        found[("411000", f"C{index + 1:04d}")] = (f"411C{index + 1:04d}", name)
    found[("411000", "411DUPONT")] = ("411DUPONT", "Dupont & Fils")  # under its root already: taken as is
    found[("411000", "MARTIN")] = ("411MARTIN", "Martin Frères")  # also a supplier, below
    for index in range(suppliers - 2):
        name = f"{SUPPLIER_NAMES[index % len(SUPPLIER_NAMES)]} {index // len(SUPPLIER_NAMES) + 1}"
        found[("401000", f"F{index + 1:04d}")] = (f"401F{index + 1:04d}", name)
    found[("401000", "00123")] = ("40100123", "Menuiserie Lefèvre")  # a numeric code
    found[("401000", "MARTIN")] = ("401MARTIN", "Martin Frères")
    return found


def big_fec(path: Path, lines: int = 1_000_000, *, separator: str = "\t", customers: int = 20_000,
            seed: int = 11) -> Path:
    """`lines` entry lines (rounded up to whole entries of 3 lines), written in a stream: sales to `customers`
    customers and purchases, over the PCG's accounts; about 1,000 general accounts plus the customers."""
    rng = random.Random(seed)
    chart = pcg_chart()
    with path.open("w", encoding="iso8859_15", newline="") as handle:
        handle.write(separator.join(FEC_HEADER) + "\r\n")
        written = number = 0
        while written < lines:
            number += 1
            customer = rng.randrange(customers)
            account, label = chart[rng.randrange(len(chart))]
            amount = rng.randint(1_000, 900_000)
            day = f"2024{number % 12 + 1:02d}{number % 28 + 1:02d}"
            name = f"{CUSTOMER_NAMES[customer % len(CUSTOMER_NAMES)]} {customer}"
            for row in (line("VE", number, day, "411000", "Clients", amount + amount // 5, 0, aux=f"C{customer:06d}",
                             aux_label=name),
                        line("VE", number, day, account, label.translate(_LATIN9), 0, amount),
                        line("VE", number, day, "445710", "TVA collectée", 0, amount // 5)):
                handle.write(separator.join(row) + "\r\n")
            written += 3
    return path
