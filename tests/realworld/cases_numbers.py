"""docs/trust.md §2: numbers as a French user means them. A capital typed "10 000,00 €", a rate formatted 50 %,
"10.000" that could be ten or ten thousand, an account number Excel turned into 4.01E+05."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.realworld.build import EURO, PERCENT, PERCENT_2, SCIENTIFIC, Sheet, text_file, xlsx
from tests.realworld.kit import HEAD, chart, created, error
from tests.realworld.model import ANY_CODE, Expect, case, imported

K = "numbers"
CAPITAL_HEAD = ["Date d'effet", "Capital", "Nombre de parts"]


def _capital(path: Path, amount: object, shares: object = 100, number_format: str | None = None) -> None:
    formats = {"B2": number_format} if number_format else {}
    xlsx(path, Sheet("Capital", [CAPITAL_HEAD, ["01/01/2024", amount, shares]], formats=formats))


def _capital_ok(amount: float, shares: int = 100) -> Expect:
    return imported(0, None, created("Capital", 2), changes={"capital": {"latest": ("2024-01-01", amount, shares)}})


def _ambiguous() -> Expect:
    """Nothing written: the cell could mean two things; the message gives both readings."""
    return imported(1, None, error("Capital", 2, "AMBIGUOUS_NUMBER"))


def capital_case(name: str, meant: str, amount: object, expect: Expect, shares: object = 100,
                 number_format: str | None = None) -> None:
    case(name, K, meant, "capital.xlsx", expect)(
        lambda path: _capital(path, amount, shares, number_format))


capital_case("numbers_capital_space_thousands", "a capital of ten thousand typed '10 000'", "10 000",
             _capital_ok(10000))
capital_case("numbers_capital_nbsp_thousands", "'10\u00a0000,00' (no-break space, as Excel's French format "
             "shows it, pasted as text)", "10\u00a0000,00", _capital_ok(10000))
capital_case("numbers_capital_narrow_nbsp", "'10\u202f000,50' (narrow no-break space, as the OS formats it)",
             "10\u202f000,50", _capital_ok(10000.5))
capital_case("numbers_capital_euro_suffix", "'10 000,00 €' copied from a formatted cell", "10 000,00 €",
             _capital_ok(10000))
capital_case("numbers_capital_eur_suffix", "'1 500 EUR' typed by hand", "1 500 EUR", _capital_ok(1500))
capital_case("numbers_capital_dot_thousands", "'10.000': ten thousand or ten? Say both, write nothing",
             "10.000", _ambiguous())
capital_case("numbers_capital_comma_three_decimals", "'12,500': twelve and a half or twelve thousand five hundred?",
             "12,500", _ambiguous())
capital_case("numbers_capital_french_both_separators", "'1.234,56' is 1234.56", "1.234,56", _capital_ok(1234.56))
capital_case("numbers_capital_english_both_separators", "'1,234.56' is 1234.56", "1,234.56", _capital_ok(1234.56))
capital_case("numbers_capital_two_dot_groups", "'1.000.000' can only be a million", "1.000.000",
             _capital_ok(1000000))
capital_case("numbers_capital_two_comma_groups", "'1,000,000' can only be a million", "1,000,000",
             _capital_ok(1000000))
capital_case("numbers_capital_dot_two_decimals", "'1000.50' can only be a thousand and a half", "1000.50",
             _capital_ok(1000.5))
capital_case("numbers_capital_decimal_comma", "'1000,50' is a thousand and a half", "1000,50",
             _capital_ok(1000.5))
capital_case("numbers_capital_number_cell_euro_format", "a number cell 10000 shown '10 000,00 €' is 10000", 10000,
             _capital_ok(10000), number_format=EURO)
capital_case("numbers_capital_number_cell_decimals", "a number cell 2500.75 shown '2 500,75 €'", 2500.75,
             _capital_ok(2500.75), number_format=EURO)
capital_case("numbers_shares_space_thousands", "1 000 shares typed '1 000'", "5 000", _capital_ok(5000, 1000),
             shares="1 000")
capital_case("numbers_shares_dot_thousands", "'1.000' shares: one thousand or one? Say both, write nothing", "5000",
             imported(1, None, error("Capital", 2, "AMBIGUOUS_NUMBER")), shares="1.000")
capital_case("numbers_capital_minus_sign_text", "'-1 000' is a negative capital: refused locally, never sent",
             "-1 000", imported(1, None, error("Capital", 2, ANY_CODE)))


@case("numbers_capital_csv_cp1252", K, "the capital saved as French csv: '10 000,00 €' and a date 01/01/2024",
      "capital.csv", imported(0, None, created("capital", 2),
                              changes={"capital": {"latest": ("2024-01-01", 10000, 100)}}))
def _(path: Path) -> None:
    text_file(path, [CAPITAL_HEAD, ["01/01/2024", "10\u00a0000,00 €", "100"]])


# --- rates of a repartition key (dossier 3, axis ACTIVITE: sections VENTE and ATELIER) -----------------------

RATE_HEAD = ["Code axe", "Clé", "Condition", "Code section", "Taux"]


def _key(path: Path, first: object, second: object, number_format: str | None = None) -> None:
    formats = {"E": number_format} if number_format else {}
    xlsx(path, Sheet("Répartitions", [RATE_HEAD, ["ACTIVITE", "MIXTE", "6", "VENTE", first],
                                      ["ACTIVITE", "MIXTE", "6", "ATELIER", second]], formats=formats))


def _key_ok(first: int, second: int) -> Expect:
    return imported(0, None, created("Répartitions", 2, 3),
                    changes={"keys": {("ACTIVITE", "MIXTE"): {"VENTE": first, "ATELIER": second}}})


def rate_case(name: str, meant: str, first: object, second: object, expect: Expect,
              number_format: str | None = None) -> None:
    case(name, K, meant, "cles.xlsx", expect, society=3)(lambda path: _key(path, first, second, number_format))


rate_case("numbers_rate_percent_format", "rates typed 50 % in cells formatted as percentages (stored 0.5)", 0.5, 0.5,
          _key_ok(50, 50), PERCENT)
rate_case("numbers_rate_percent_format_decimals", "rates shown 25,00 % and 75,00 %", 0.25, 0.75, _key_ok(25, 75),
          PERCENT_2)
rate_case("numbers_rate_text_percent", "rates typed as text '60 %' and '40 %'", "60 %", "40 %", _key_ok(60, 40))
rate_case("numbers_rate_text_percent_nbsp", "rates '70\u00a0%' and '30\u00a0%' (no-break space before %)",
          "70\u00a0%", "30\u00a0%", _key_ok(70, 30))
rate_case("numbers_rate_plain_numbers", "rates typed 80 and 20", 80, 20, _key_ok(80, 20))
rate_case("numbers_rate_text_decimal_comma_whole", "rates '50,0' and '50,0'", "50,0", "50,0", _key_ok(50, 50))
rate_case("numbers_rate_fraction_without_percent_format", "0.5 in a General cell is 0.5, not a whole percentage: "
          "the key is refused, nothing sent", 0.5, 0.5,
          imported(1, None, error("Répartitions", 2, ANY_CODE), error("Répartitions", 3, ANY_CODE)))
rate_case("numbers_rate_text_percent_decimals", "'33,5 %' is no whole percentage: the key is refused", "33,5 %",
          "66,5 %", imported(1, None, error("Répartitions", 2, ANY_CODE), error("Répartitions", 3, ANY_CODE)))


# --- account numbers -----------------------------------------------------------------------------------------------


@case("numbers_account_scientific_text", K,
      "'4.01E+05' in the account column: its digits may be lost; refused, the other accounts imported",
      "plan.xlsx", imported(1, {"512000": "Banque"}, error("Comptes", 2, "ACCOUNT_SCIENTIFIC"),
                            created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["4.01E+05", "Fournisseurs"], ["512000", "Banque"]])


@case("numbers_account_scientific_csv_round_trip", K,
      "a csv saved by French Excel turned 401100 into '4,01E+05': refused, never written as 401000",
      "plan.csv", imported(1, {"512000": "Banque"}, error("plan", 2, "ACCOUNT_SCIENTIFIC"), created("plan", 3)))
def _(path: Path) -> None:
    text_file(path, [HEAD, ["4,01E+05", "Fournisseurs - Achats de biens et prestations de services"],
                     ["512000", "Banque"]])


@case("numbers_account_scientific_lowercase", K, "'4.11e5' is scientific notation too", "plan.csv",
      imported(1, {"512000": "Banque"}, error("plan", 2, "ACCOUNT_SCIENTIFIC"), created("plan", 3)))
def _(path: Path) -> None:
    text_file(path, [HEAD, ["4.11e5", "Clients"], ["512000", "Banque"]])


@case("numbers_account_number_cell_scientific_format", K,
      "a number cell 401000 merely displayed 4.01E+05: a number cell is that number", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "512000": "Banque"}, created("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, [[401000, "Fournisseurs"], [512000, "Banque"]], formats={"A": SCIENTIFIC})


@case("numbers_account_number_cell_float", K, "401000.0 from a float column is 401000", "plan.xlsx",
      imported(0, {"401000": "Fournisseurs", "512000": "Banque"}, created("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, [[401000.0, "Fournisseurs"], [512000.0, "Banque"]])


@case("numbers_account_text_with_spaces", K, "'401 000' and '512 000' typed with spaces are 401000 and 512000",
      "plan.xlsx", imported(0, {"401000": "Fournisseurs", "512000": "Banque"}, created("Comptes", 2, 3)))
def _(path: Path) -> None:
    chart(path, [["401 000", "Fournisseurs"], ["512\u00a0000", "Banque"]])


@case("numbers_capital_date_cell", K, "a real date cell formatted jj/mm/aaaa and an amount cell", "capital.xlsx",
      imported(0, None, created("Capital", 2), changes={"capital": {"latest": ("2023-12-31", 8000, 800)}}))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital", [CAPITAL_HEAD, [date(2023, 12, 31), 8000, 800]],
                     formats={"A": "dd/mm/yyyy", "B": EURO}))


capital_case("numbers_capital_space_thousands_dot_decimal", "'10 000.00' (spaces group, the dot is decimal)",
             "10 000.00", _capital_ok(10000))
capital_case("numbers_capital_dot_thousands_comma_decimal", "'10.000,00' as a German-style export writes it",
             "10.000,00", _capital_ok(10000))
capital_case("numbers_capital_comma_thousands_dot_decimal", "'10,000.00' as an English export writes it",
             "10,000.00", _capital_ok(10000))
capital_case("numbers_capital_spaces_around", "' 2 500 ' with spaces around", " 2 500 ", _capital_ok(2500))
capital_case("numbers_shares_whole_with_decimals", "'1 000,00' shares is a whole 1000", "8 000",
             _capital_ok(8000, 1000), shares="1 000,00")
rate_case("numbers_rate_number_formatted_after_typing", "50 typed, then formatted %: Excel shows 5000 % and so "
          "does bulkio; out of range, the key refused", 50, 50,
          imported(1, None, error("Répartitions", 2, ANY_CODE), error("Répartitions", 3, ANY_CODE)), PERCENT)
rate_case("numbers_rate_text_fraction", "'0,5' and '0,5' are no whole percentages: the key refused", "0,5", "0,5",
          imported(1, None, error("Répartitions", 2, ANY_CODE), error("Répartitions", 3, ANY_CODE)))


@case("numbers_account_scientific_without_decimals", K, "'4E+05' in a csv: scientific notation", "plan.csv",
      imported(1, {"512000": "Banque"}, error("plan", 2, "ACCOUNT_SCIENTIFIC"), created("plan", 3)))
def _(path: Path) -> None:
    text_file(path, [HEAD, ["4E+05", "Fournisseurs"], ["512000", "Banque"]])
capital_case("numbers_capital_nbsp_before_euro", "'10 000,00\u00a0€' (no-break space before the euro sign)",
             "10 000,00\u00a0€", _capital_ok(10000))
