"""Numbers read as the French user meant them (issue 13, class 2): real files, typed the way accountants type
them, read back through the reader and validation. Each test says what the user meant."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bulkio.i18n import language, set_language
from bulkio.issues import Issue
from bulkio.load import load_and_validate
from bulkio.spec import COMPTES
from bulkio.spec.analytics import REPARTITIONS
from bulkio.spec.associates import CAPITAL
from bulkio.validate import Validation
from bulkio.validate.numbers import Origin
from bulkio.validate.values import CellError, parse_cell
from bulkio.workbook.number_formats import _ods_cells, is_percent_code
from bulkio.workbook.read import read_workbook
from tests.workbook.builders import typed_ods, xlsx

TEXT = "@"  # Excel's Text format: what the cell holds is what was typed
RATES = ["Code axe", "Clé", "Condition", "Code section", "Taux"]


def _book(path: Path, sheet: str, headers: list[str], rows: list[list[Any]]) -> Path:
    """A workbook whose cells are (value, number format) or a bare value (General format)."""
    def formats(book: openpyxl.Workbook) -> None:
        for row_number, row in enumerate(rows, start=2):
            for column, cell in enumerate(row, start=1):
                if isinstance(cell, tuple) and cell[1]:
                    book[sheet].cell(row=row_number, column=column).number_format = cell[1]

    values = [[cell[0] if isinstance(cell, tuple) else cell for cell in row] for row in rows]
    return xlsx(path, {sheet: [headers, *values]}, empty_cells=True, tweak=formats)


def _capital(path: Path, *amounts: Any) -> Path:
    rows = [[date(2020 + i, 1, 1), amount, 100] for i, amount in enumerate(amounts)]
    return _book(path, "Capital", ["Date d'effet", "Capital", "Nombre de parts"], rows)


def _rates(path: Path, *rates: Any) -> Path:
    rows = [["ACT", "K", None, f"S{i}", rate] for i, rate in enumerate(rates)]
    return _book(path, "Répartitions", RATES, rows)


def _values(validation: Validation, key: str) -> list[object]:
    return [record.values.get(key) for record in validation.sheets[0].rows]


def _issue(validation: Validation, row: int) -> Issue:
    found = [issue for issue in validation.issues if issue.row == row]
    assert len(found) == 1, found
    return found[0]


def test_typed_numbers_are_their_value_whatever_the_thousands_display(tmp_path: Path) -> None:
    # Meant: a capital of 10 000 € and of 12 500 €, typed as numbers in a French Excel that shows them
    # "10 000,00 €" and "12 500"; and 1 500,50 € with cents.
    path = _capital(tmp_path / "c.xlsx", (10000, "# ##0,00 €"), (12500, "#,##0"), (1500.5, "# ##0,00 €"))
    sheet = read_workbook(path).sheets[0]
    assert sheet.number_cells == {"capital": frozenset({2, 3, 4}), "shares": frozenset({2, 3, 4})}
    validation = load_and_validate(path)
    assert validation.ok
    assert _values(validation, "capital") == [Decimal(10000), Decimal(12500), Decimal("1500.5")]


def test_a_typed_number_is_never_ambiguous_but_the_same_text_is() -> None:
    capital = CAPITAL.column("capital")
    assert parse_cell(capital, "10.125", Origin.NUMBER) == Decimal("10.125")  # typed 10,125 in Excel
    with pytest.raises(CellError) as error:
        parse_cell(capital, "10.125")  # the text "10.125": ten thousand one hundred twenty-five, or ten?
    assert error.value.code == "cell.ambiguous_number"


@pytest.mark.parametrize(("text", "big", "small", "advice"), [
    ("10.000", "10 000", "10", "tapez 10000 (ou 10 000) pour 10 000, ou 10,0 pour 10"),
    ("12.500", "12 500", "12,5", "tapez 12500 (ou 12 500) pour 12 500, ou 12,5 pour 12,5"),
])
def test_a_dotted_thousand_typed_as_text_is_refused_with_both_readings(
    tmp_path: Path, text: str, big: str, small: str, advice: str
) -> None:
    # Meant: ten thousand (or twelve thousand five hundred) with a dot as in "10.000" -- or ten, or 12.5.
    validation = load_and_validate(_capital(tmp_path / "c.xlsx", (text, TEXT)))
    issue = _issue(validation, 2)
    assert (issue.sheet, issue.column, issue.value, issue.code) == ("Capital", "Capital", text, "AMBIGUOUS_NUMBER")
    assert issue.message == f"« {text} » peut se lire {big} ou {small} : {advice}."
    assert _values(validation, "capital") == [None]


def test_french_text_amounts_read_as_meant(tmp_path: Path) -> None:
    # Text cells as pasted from a bank statement or a French report: NBSP and narrow NBSP thousands, euros.
    texts = ["1.234,56", "1,234.56", "10 000,00 €", "1\u00a0000\u00a0000", "1\u202f000,50 EUR", "0,125", "1.234.567"]
    validation = load_and_validate(_capital(tmp_path / "c.xlsx", *[(text, TEXT) for text in texts]))
    assert [(issue.row, issue.code) for issue in validation.issues] == [(7, "CAPITAL_AMOUNT")]  # 0,125: 3 decimals
    assert _values(validation, "capital") == [Decimal("1234.56"), Decimal("1234.56"), Decimal("10000.00"),
                                              Decimal(1000000), Decimal("1000.50"), Decimal("0.125"), Decimal(1234567)]


def test_a_text_that_is_no_number_says_what_is_wrong_and_what_to_type(tmp_path: Path) -> None:
    validation = load_and_validate(_capital(tmp_path / "c.xlsx", ("10 000 F", TEXT), ("1,5,2", TEXT),
                                            ("(1 234,00)", TEXT)))
    messages = {issue.row: (issue.code, issue.message) for issue in validation.issues}
    example = "écrivez par exemple 10000, 10 000 ou 1 234,56."
    assert messages == {
        2: ("BAD_NUMBER", f"« 10 000 F » n'est pas un nombre : il contient « F » ; {example}"),
        3: ("BAD_NUMBER", "« 1,5,2 » n'est pas un nombre : il a 2 virgules, qui ne séparent pas des milliers "
                          f"(groupes de trois chiffres) ; {example}"),
        4: ("BAD_NUMBER", "« (1 234,00) » n'est pas un nombre : entre parenthèses, c'est un nombre négatif, "
                          f"impossible ici ; {example}"),
    }


def test_a_french_csv_capital(tmp_path: Path) -> None:
    # Excel's "CSV (séparateur : point-virgule)", in Windows-1252: "10.000" could be ten thousand or ten.
    path = tmp_path / "capital.csv"
    text = ("Date d'effet;Capital;Nombre de parts\n01/01/2022;10.000;100\n01/01/2023;10 000;100\n"
            "01/01/2024;10\u00a0000,00 €;1\u00a0000\n")
    path.write_bytes(text.encode("cp1252"))
    validation = load_and_validate(path)
    issue = _issue(validation, 2)
    assert (issue.code, issue.column) == ("AMBIGUOUS_NUMBER", "Capital")
    assert "10 000 ou 10" in issue.message
    assert [issue.row for issue in validation.issues] == [2]
    assert _values(validation, "capital") == [None, Decimal(10000), Decimal("10000.00")]
    assert _values(validation, "shares") == [100, 100, 1000]


def test_percent_formatted_rates_read_as_the_percentage_they_show(tmp_path: Path) -> None:
    # Meant: 50 %, 25 % and 25 %, typed in cells formatted 0 %, 0,0 % (a custom format) and 0,00 %.
    path = _rates(tmp_path / "r.xlsx", (0.5, "0%"), (0.25, "0.0%"), (0.25, "0.00%"))
    sheet = read_workbook(path).sheets[0]
    assert sheet.percent_cells == {"rate": frozenset({2, 3, 4})}
    validation = load_and_validate(path)
    assert validation.ok
    assert _values(validation, "rate") == [50, 25, 25]


def test_percent_cells_of_an_ods_read_as_the_percentage_they_show(tmp_path: Path) -> None:
    # The same key typed in LibreOffice Calc: 50 % and 50 %, and a third key of 100 typed as a plain number.
    path = typed_ods(tmp_path / "r.ods", "Répartitions", [
        RATES, ["ACT", "K", None, "A", ("percentage", 0.5)], ["ACT", "K", None, "B", ("percentage", 0.5)],
        ["ACT", "L", None, "A", 100],
    ])
    validation = load_and_validate(path)
    assert validation.ok, validation.issues
    assert _values(validation, "rate") == [50, 50, 100]


def test_a_plain_half_in_a_rate_cell_says_to_type_50(tmp_path: Path) -> None:
    # Meant 50 %, typed 0,5 (or 50 % in an .xls, whose formats bulkio does not read): never read as 0.5.
    validation = load_and_validate(_rates(tmp_path / "r.xlsx", 0.5, 0.5))
    issue = _issue(validation, 2)
    assert (issue.column, issue.code) == ("Taux", "RATE_FRACTION")
    assert issue.message == ("« 0.5 » n'est pas un pourcentage entier : si la cellule affiche 50 %, tapez 50 dans une "
                             "cellule au format Standard ou Nombre (pas Pourcentage).")
    assert "retirez les décimales" not in issue.message


def test_rates_typed_as_text_with_a_percent_sign(tmp_path: Path) -> None:
    # Meant 50 % and 50 %, typed as text "50 %" and "50%"; "33,5" stays not a whole percentage.
    validation = load_and_validate(_rates(tmp_path / "r.xlsx", ("50 %", TEXT), ("50%", TEXT), ("33,5", TEXT)))
    assert _values(validation, "rate") == [50, 50, None]
    assert [(issue.row, issue.code) for issue in validation.issues] == [(4, "NOT_WHOLE")]


def test_a_percentage_in_the_capital_says_what_the_cell_shows(tmp_path: Path) -> None:
    validation = load_and_validate(_capital(tmp_path / "c.xlsx", (0.5, "0%"), ("10 %", TEXT)))
    assert [(issue.row, issue.code) for issue in validation.issues] == [(2, "PERCENT_NOT_EXPECTED"),
                                                                        (3, "PERCENT_NOT_EXPECTED")]
    assert validation.issues[0].message.startswith("la cellule contient 50 %, un pourcentage, mais « Capital »")


def test_an_account_number_in_scientific_notation_is_refused(tmp_path: Path) -> None:
    # What Excel leaves of 401000 or 401100 in a narrow cell, copied as text; a 20-digit number typed as a
    # number (Excel kept 15 digits); 401,5 typed as a number; and 401000 typed as a number, which is fine.
    path = _book(tmp_path / "a.xlsx", "Comptes", ["N° de compte", "Libellé"], [
        [("4.01E+05", TEXT), "A"], [("4,01E+05", TEXT), "B"], [("4.01e5", TEXT), "C"],
        [12345678901234567890, "D"], [401.5, "E"], [401000.0, "F"],
    ])
    validation = load_and_validate(path)
    codes = {issue.row: issue.code for issue in validation.issues}
    assert codes == {2: "ACCOUNT_SCIENTIFIC", 3: "ACCOUNT_SCIENTIFIC", 4: "ACCOUNT_SCIENTIFIC",
                     5: "ACCOUNT_SCIENTIFIC", 6: "ACCOUNT_DECIMAL"}
    assert _issue(validation, 2).message == (
        "« 4.01E+05 » est un numéro en notation scientifique : Excel a pu en perdre les vrais chiffres ; mettez "
        "la colonne au format Texte et retapez le numéro.")
    assert _values(validation, "account_number")[-1] == "401000"


def test_the_ambiguity_message_in_english(tmp_path: Path) -> None:
    before = language()
    set_language("en")
    try:
        validation = load_and_validate(_capital(tmp_path / "c.xlsx", ("12,500", TEXT)))
    finally:
        set_language(before)
    assert _issue(validation, 2).message == ("'12,500' can be read as 12500 or 12.5: type 12500 (or 12 500) for "
                                             "12500, or 12.5 for 12.5.")


@pytest.mark.parametrize(("text", "expected"), [
    ("1,5", Decimal("1.5")), ("1.5", Decimal("1.5")), ("1234.567", Decimal("1234.567")), ("+3", 3),
    ("-1 200", -1200), ("\u2212 5", -5), ("EUR 1 200", 1200), ("1.234.567,8", Decimal("1234567.8")),
])
def test_unambiguous_texts(text: str, expected: Decimal) -> None:
    assert parse_cell(CAPITAL.column("capital"), text) == expected


@pytest.mark.parametrize("text", ["1,500", "12,500", "999.000", "-10.000"])
def test_ambiguous_texts(text: str) -> None:
    with pytest.raises(CellError) as error:
        parse_cell(CAPITAL.column("capital"), text)
    assert error.value.code == "cell.ambiguous_number"


def test_percent_rules_by_column() -> None:
    rate, shares = REPARTITIONS.column("rate"), CAPITAL.column("shares")
    assert parse_cell(rate, "0.5", Origin.PERCENT) == 50
    assert parse_cell(rate, "1", Origin.NUMBER) == 1  # 1 %: a 100 % cell read as 1 fails the key's sum of 100
    with pytest.raises(CellError) as error:
        parse_cell(rate, "0.335", Origin.PERCENT)
    assert error.value.code == "cell.percent_not_whole" and error.value.params == {"shown": "33,5 %"}
    with pytest.raises(CellError) as error:
        parse_cell(shares, "50 %")
    assert error.value.code == "cell.percent_not_expected"
    assert parse_cell(COMPTES.column("account_number"), "401E5") == "401E5"  # letters and digits: an account


@pytest.mark.parametrize(("code", "percent"), [
    ("0%", True), ("0.00%", True), ("[Red]0.0%", True), ('0.0" %"', False), ("0\\%", False), ("# ##0,00 €", False),
    ("0_%", False), ("General", False),
])
def test_percent_number_formats(code: str, percent: bool) -> None:
    assert is_percent_code(code) is percent


def test_ods_percentage_cells_are_located_through_repeated_rows_and_columns() -> None:
    content = (
        b'<table:table table:name="R"><table:table-row><table:table-cell/></table:table-row>'
        b'<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>'
        b'<table:table-row><table:table-cell table:number-columns-repeated="2"/><table:covered-table-cell/>'
        b'<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p>'
        b"</table:table-cell></table:table-row></table:table>"
    )
    assert _ods_cells(content, {"R": {3, 4}}) == {"R": {(5, 3)}}  # D5: rows 2-4 repeated, A-B repeated, C covered


def test_a_sheet_without_numeric_columns_costs_no_format_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the number formats were read")

    monkeypatch.setattr("bulkio.workbook.number_formats.percent_cells", refuse)
    path = _book(tmp_path / "a.xlsx", "Comptes", ["N° de compte", "Libellé"], [[(401000, "0%"), "A"]])
    assert read_workbook(path).sheets[0].percent_cells == {}


@pytest.mark.parametrize("text", ["1 5", "12 34,5", "1 2 3", "1000 000", "10 00", "1 000,5 0", "0 500", "1\u00a02"])
def test_spaces_that_do_not_group_thousands_are_two_values_never_one_number(tmp_path: Path, text: str) -> None:
    # Meant: two values typed in one cell (1 and 5, 12 and 34,5...): never read as 15 or 1234.5.
    validation = load_and_validate(_capital(tmp_path / "c.xlsx", (text, TEXT)))
    issue = _issue(validation, 2)
    shown = text.replace("\u00a0", " ")  # the reader's text: a no-break space is a space
    assert (issue.code, issue.value) == ("BAD_NUMBER", shown)
    assert issue.message == (
        f"« {shown} » n'est pas un nombre : ses espaces ne séparent pas des milliers (1 à 3 chiffres, puis des "
        "groupes de trois : 1 234 567), et une cellule ne contient qu'un nombre ; écrivez par exemple 10000, "
        "10 000 ou 1 234,56.")
    assert _values(validation, "capital") == [None]


@pytest.mark.parametrize(("text", "expected"), [
    ("1 234 567,89", Decimal("1234567.89")), ("10\u202f000", 10000), ("999 999", 999999), ("- 1 200", -1200),
    ("10 000.000", Decimal("10000.000")), ("1 000 €", 1000),
])
def test_spaces_that_group_thousands_are_read(text: str, expected: Decimal) -> None:
    assert parse_cell(CAPITAL.column("capital"), text) == expected


def test_a_dotted_thousand_in_a_whole_number_column_says_the_column_takes_whole_numbers(tmp_path: Path) -> None:
    # Meant: 1 250 shares, typed "1.250" (or "1,250"): 1,25 shares cannot be, yet the dot is never guessed.
    path = _book(tmp_path / "c.xlsx", "Capital", ["Date d'effet", "Capital", "Nombre de parts"],
                 [[date(2020, 1, 1), 1000, ("1.250", TEXT)], [date(2021, 1, 1), 1000, ("1,250", TEXT)],
                  [date(2022, 1, 1), 1000, ("10.000", TEXT)]])
    validation = load_and_validate(path)
    assert [(issue.row, issue.column, issue.code) for issue in validation.issues] == [
        (2, "Nombre de parts", "AMBIGUOUS_NUMBER"), (3, "Nombre de parts", "AMBIGUOUS_NUMBER"),
        (4, "Nombre de parts", "AMBIGUOUS_NUMBER")]
    assert _issue(validation, 2).message == (
        "« 1.250 » n'est pas lu, car « . » peut aussi séparer des décimales : la colonne attend un nombre entier ; "
        "tapez 1250 (ou 1 250) pour 1 250.")
    assert _issue(validation, 3).message.startswith("« 1,250 » n'est pas lu, car « , » peut aussi séparer des "
                                                    "décimales : la colonne attend un nombre entier ; tapez 1250")
    # Ten shares typed with three decimals, or ten thousand: both whole, so both readings are said.
    assert _issue(validation, 4).message.startswith("« 10.000 » peut se lire 10 000 ou 10 :")
    assert _values(validation, "shares") == [None, None, None]


def test_a_rate_of_33_5_percent_formatted_0_percent_says_what_the_cell_contains(tmp_path: Path) -> None:
    # Meant 33,5 % (the cell shows 34 % under a 0 % format): the message quotes the value, not the display.
    validation = load_and_validate(_rates(tmp_path / "r.xlsx", (0.335, "0%"), (0.665, "0%")))
    issue = _issue(validation, 2)
    assert issue.code == "PERCENT_NOT_WHOLE"
    assert issue.message == ("la cellule contient 33,5 % : « Taux » est un pourcentage entier, de 1 à 100 ; tapez un "
                             "nombre entier.")
