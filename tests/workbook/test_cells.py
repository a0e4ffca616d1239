"""Cell normalisation and the formula scan, unit by unit."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bulkio.spec import Column, Kind
from bulkio.workbook.cells import column_texts, is_error_literal, normaliser_for, number_text, to_account, to_text
from bulkio.workbook.formula_scan import ERROR, NOT_CALCULATED, FormulaCell, _scan_sheet


@pytest.mark.parametrize(("value", "expected"), [
    (401000.0, "401000"), (33.5, "33.5"), (1e-7, "0.0000001"), (0.1 + 0.2, "0.3"), (-12.0, "-12"),
    (1e20, "100000000000000000000"), (7, "7"),
])
def test_numbers(value: float, expected: str) -> None:
    assert to_text(value) == expected


def test_number_text_keeps_non_finite_values_readable() -> None:
    assert number_text(float("inf")) == "inf"


@pytest.mark.parametrize(("value", "expected"), [
    ("", None), ("  \t ", None), ("\u00a0x\u00a0y\u00a0", "x y"), ("a\u200bb", "ab"), ("\ufeffTitre", "Titre"),
    (True, "TRUE"), (False, "FALSE"), (None, None), (date(2024, 2, 29), "2024-02-29"),
    (datetime(2024, 2, 29, 23, 59), "2024-02-29"), (time(8, 30), "08:30:00"),
])
def test_text(value: object, expected: str | None) -> None:
    assert to_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (401000.0, "401000"), ("401 000", "401000"), ("401\u00a0000", "401000"), ("'401000", "401000"),
    ("401000.0", "401000"), ("401000,00", "401000"), ("401DUPONT", "401DUPONT"), ("00123", "00123"),
    ("4011.5", "4011.5"), ("'", None), ("", None),
])
def test_account_numbers(value: object, expected: str | None) -> None:
    assert to_account(value) == expected


def test_error_literals() -> None:
    assert is_error_literal("#REF!") and is_error_literal("#valeur!") and is_error_literal("#N/A")
    assert not is_error_literal("#1 client") and not is_error_literal(None)


def test_scan_finds_errors_and_uncalculated_formulas_only() -> None:
    xml = (
        b'<worksheet><sheetData><row r="2">'
        b'<c r="A2" s="1"/>'
        b'<c r="B2"><f>1+1</f><v>2</v></c>'  # calculated: fine
        b'<c r="C2"><f>1+1</f><v/></c>'  # not calculated
        b'<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        b'<c r="E2" t="str"><f>""</f><v></v></c>'  # a text formula giving "": fine
        b'<c r="F2" t="inlineStr"><is><r><rPr><family val="2"/></rPr><t>rich</t></r></is></c>'  # not a formula
        b'<c r="AA10" t="e"><v>#N/A</v></c>'  # an error constant
        b'<c r="G2"><f t="shared" si="0"/></c>'
        b"</row></sheetData>"
        b'<dataValidations><dataValidation><formula1>"a,b"</formula1></dataValidation></dataValidations>'
        b"</worksheet>"
    )
    assert _scan_sheet(xml) == {
        (2, 2): FormulaCell(NOT_CALCULATED, ""),
        (2, 3): FormulaCell(ERROR, "#DIV/0!"),
        (10, 26): FormulaCell(ERROR, "#N/A"),
        (2, 6): FormulaCell(NOT_CALCULATED, ""),
    }


def test_scan_understands_prefixed_tags() -> None:
    xml = (b'<x:worksheet><x:sheetData><x:row><x:c r="B3" t="e"><x:f>A1</x:f><x:v>#REF!</x:v></x:c></x:row>'
           b"</x:sheetData></x:worksheet>")
    assert _scan_sheet(xml) == {(3, 1): FormulaCell(ERROR, "#REF!")}
    assert _scan_sheet(b"<worksheet/>") == {}


COLUMN_SAMPLES = [
    ["Fournisseurs", "  Clients ", "", "Banque"],  # plain text: the fast path
    ["Société Générale", "Crédit  Agricole", "\u00a0Caisse\u00a0"],  # a non-breaking space somewhere
    ["Zéro\u200blargeur", "Normal"],
    ["401000", 411000.0, None, "", 7, True, date(2024, 1, 31)],  # mixed types
    ["#REF!", "Texte", " #N/A "],  # error literals as text
    ["401 000", "'411000", "512000.0", "606000,00", "401DUPONT"],  # what to_account acts on
    ["401000", "411000", "401DUPONT"],  # accounts the fast path keeps
    ["401\u00a0000", "4011"],
    ["401\x1c000", "4011"],  # an ASCII separator str.split() treats as whitespace
    [],
]


@pytest.mark.parametrize("cells", COLUMN_SAMPLES)
@pytest.mark.parametrize("kind", [Kind.TEXT, Kind.ACCOUNT])
def test_a_whole_column_reads_like_cell_by_cell(cells: list[object], kind: Kind) -> None:
    column = Column("c", "C", "C", kind)
    normalise = normaliser_for(column)
    texts, hashes = column_texts(cells, column)
    assert texts == [normalise(cell) for cell in cells]
    assert hashes == any(text is not None and "#" in text for text in texts)


def test_a_column_of_odd_values_is_checked_for_error_literals() -> None:
    class Odd:
        def __str__(self) -> str:
            return "#VALUE!"

    texts, hashes = column_texts([Odd(), "x"], Column("c", "C", "C", Kind.TEXT))
    assert texts == ["#VALUE!", "x"] and hashes
