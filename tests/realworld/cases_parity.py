"""docs/trust.md §4: local checks are the API's checks. A row MyUnisoft would refuse for a reason the workbook shows
is stopped before any request, with the API's code, and the other rows go through. (The invariant test checks no
write was refused; here: the row is an error and nothing of it reached the dossier.)"""

from __future__ import annotations

from pathlib import Path

from tests.realworld.build import Sheet, xlsx
from tests.realworld.kit import HEAD, chart, created, either, error
from tests.realworld.model import ANY_CODE, Codes, case, imported

K = "parity"
OK_ROW = ["512000", "Banque"]


def _bad_number(name: str, meant: str, number: object, code: Codes) -> None:
    case(name, K, meant, "plan.xlsx", imported(1, {"512000": "Banque"}, error("Comptes", 2, code),
                                               created("Comptes", 3)))(
        lambda path: chart(path, [[number, "Compte saisi"], OK_ROW]))


_bad_number("parity_number_starts_with_letter", "'A401' cannot be an account number (COMPTE6)", "A401", "COMPTE6")
_bad_number("parity_number_starts_with_zero", "'0512' starts with 0 (COMPTE6)", "0512", "COMPTE6")
_bad_number("parity_number_too_long", "21 characters is one too many (COMPTE7)", "401" + "X" * 18, "COMPTE7")
_bad_number("parity_number_hyphen", "'401-DUPONT': MyUnisoft accepts letters and digits only (COMPTE1)",
            "401-DUPONT", "COMPTE1")
_bad_number("parity_number_accent", "'401GÉRARD': an accented letter is refused by MyUnisoft (COMPTE1)",
            "401GÉRARD", "COMPTE1")
_bad_number("parity_number_dot", "'401.DUPONT' (COMPTE1)", "401.DUPONT", "COMPTE1")
_bad_number("parity_number_underscore", "'411_MARTIN' (COMPTE1)", "411_MARTIN", "COMPTE1")
_bad_number("parity_number_slash", "'401/2' (COMPTE1)", "401/2", "COMPTE1")
_bad_number("parity_number_ampersand", "'411M&CO' (COMPTE1)", "411M&CO", "COMPTE1")


@case("parity_label_blank", K, "a label of spaces is no label (COMPTE4 at the API)", "plan.xlsx",
      imported(1, {"512000": "Banque"}, error("Comptes", 2, either("REQUIRED", "COMPTE4")), created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["401000", "   "], OK_ROW])


CP_HEAD = [*HEAD, "Compte de contrepartie"]


@case("parity_counterpart_class_supplier", K, "a supplier whose counterpart is a bank (COMPTE8)", "plan.xlsx",
      imported(1, {"512000": "Banque"}, error("Comptes", 3, "COMPTE8"), created("Comptes", 2)))
def _(path: Path) -> None:
    chart(path, [["512000", "Banque", None], ["401ACME", "ACME", "512000"]], head=CP_HEAD)


@case("parity_counterpart_class_customer", K, "a customer whose counterpart is a fixed asset (COMPTE9)", "plan.xlsx",
      imported(1, {"218300": "Matériel de bureau"}, error("Comptes", 3, "COMPTE9"), created("Comptes", 2)))
def _(path: Path) -> None:
    chart(path, [["218300", "Matériel de bureau", None], ["411DUPONT", "Restaurant Dupont", "218300"]], head=CP_HEAD)


@case("parity_counterpart_unknown", K, "a counterpart that exists neither in the file nor in the dossier (COMPTE2)",
      "plan.xlsx", imported(1, {"512000": "Banque"}, error("Comptes", 2, ANY_CODE), created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "607999"], ["512000", "Banque", None]], head=CP_HEAD)


@case("parity_counterpart_padded_in_dossier", K, "counterpart '607' names dossier 1's 607000", "plan.xlsx",
      imported(0, {"401ACME": "ACME"}, created("Comptes", 2), fields={"401ACME": {
          "counterpart_account.account_number": "607000"}}), society=1)
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "607"]], head=CP_HEAD)


@case("parity_counterpart_later_in_file", K, "a counterpart created further down the same file", "plan.xlsx",
      imported(0, {"401ACME": "ACME", "607100": "Achats ACME"}, created("Comptes", 2, 3),
               fields={"401ACME": {"counterpart_account.account_number": "607100"}}))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "607100"], ["607100", "Achats ACME", None]], head=CP_HEAD)


THIRD_HEAD = [*HEAD, "SIREN", "IBAN", "BIC", "Pays"]


def _third(name: str, meant: str, values: list[object], code: Codes) -> None:
    case(name, K, meant, "tiers.xlsx", imported(1, {"512000": "Banque"}, error("Comptes", 2, code),
                                                created("Comptes", 3)))(
        lambda path: chart(path, [["401ACME", "ACME", *values], [*OK_ROW, None, None, None, None]], head=THIRD_HEAD))


_third("parity_siren_eight_digits", "a SIREN of 8 digits (SOCIETE18)", ["55210055", None, None, None],
       either("SOCIETE18", "SIREN_LENGTH"))
_third("parity_iban_bad_key", "an IBAN whose check digits are wrong (IBAN1)",
       [None, "FR7630006000011234567890188", None, None], either("IBAN1", "IBAN_CHECKSUM"))
_third("parity_bic_seven_characters", "a BIC of 7 characters (BIC1)", [None, "FR7630006000011234567890189",
                                                                       "AGRIFRP", None], either("BIC1", "BAD_BIC"))
_third("parity_country_unknown", "a country MyUnisoft does not know", [None, None, None, "Groland"], ANY_CODE)


@case("parity_third_party_valid", K, "a supplier with a valid SIREN, IBAN and BIC is written with them",
      "tiers.xlsx", imported(0, {"401ACME": "ACME"}, created("Comptes", 2), fields={"401ACME": {
          "complementary_informations.siren": "552100554",
          "complementary_informations.iban_list.0.iban": "FR7630006000011234567890189",
          "complementary_informations.iban_list.0.bic": "AGRIFRPP"}}))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "552 100 554", "FR76 3000 6000 0112 3456 7890 189", "AGRIFRPP", "France"]],
          head=THIRD_HEAD)


RATE_HEAD = ["Code axe", "Clé", "Condition", "Code section", "Taux"]


def _key(name: str, meant: str, lines: list[list[object]], codes: Codes = ANY_CODE) -> None:
    rows: dict[tuple[str, int], object] = {}
    for number in range(2, 2 + len(lines)):
        rows.update(error("Répartitions", number, codes))
    case(name, K, meant, "cles.xlsx", imported(1, None, rows), society=3)(  # type: ignore[arg-type]
        lambda path: xlsx(path, Sheet("Répartitions", [RATE_HEAD, *lines])))


_key("parity_rate_zero", "a rate of 0 % (ANALYT001): the whole key is refused, nothing sent",
     [["ACTIVITE", "MIXTE", "6", "VENTE", 100], ["ACTIVITE", "MIXTE", "6", "ATELIER", 0]])
_key("parity_rates_sum_99", "33 + 33 + 33 = 99 (ANALYT001)",
     [["ACTIVITE", "PARTS", "6", "VENTE", 33], ["ACTIVITE", "PARTS", "6", "ATELIER", 33],
      ["ACTIVITE", "PARTS", "6", "ATTENTE", 33]])
_key("parity_rate_on_closed_section", "a rate on the closed section ANCIEN (ANALYT001)",
     [["ACTIVITE", "MIXTE", "6", "VENTE", 50], ["ACTIVITE", "MIXTE", "6", "ANCIEN", 50]])
_key("parity_key_without_condition", "a key with no condition: MyUnisoft requires one",
     [["ACTIVITE", "MIXTE", None, "VENTE", 50], ["ACTIVITE", "MIXTE", None, "ATELIER", 50]])
_key("parity_rate_same_section_twice", "a key naming VENTE twice (ANALYT001)",
     [["ACTIVITE", "MIXTE", "6", "VENTE", 50], ["ACTIVITE", "MIXTE", "6", "VENTE", 50]])


@case("parity_capital_zero_shares", K, "a capital of 0 shares (SOCIETE3)", "capital.xlsx",
      imported(1, None, error("Capital", 2, ANY_CODE)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital", [["Date d'effet", "Capital", "Nombre de parts"], ["01/01/2024", 1000, 0]]))


@case("parity_associate_without_capital", K, "an associate in a dossier without capital (ASSOCIE5)",
      "associes.xlsx", imported(1, None, error("Associés PP", 2, ANY_CODE)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Associés PP", [["Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée",
                                      "Parts PP", "Compte associé"],
                                     ["MARTIN", "Jean-Pierre", "Gérant", "Associé", "01/01/2024", 10, "455100"]]))


_key("parity_rate_on_unknown_section", "a rate on a section that exists nowhere (SECTION002)",
     [["ACTIVITE", "MIXTE", "6", "VENTE", 50], ["ACTIVITE", "MIXTE", "6", "INCONNUE", 50]])


@case("parity_section_on_unknown_axis", K, "a section on an axis that exists neither in the file nor in MyUnisoft",
      "analytique.xlsx", imported(1, None, error("Sections", 2, ANY_CODE), created("Sections", 3),
                                  changes={"sections": {("SITE", "NANTES"): "Nantes"}}), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Sections", [["Code axe", "Code section", "Libellé"], ["PROJETS", "P1", "Projet 1"],
                                  ["SITE", "NANTES", "Nantes"]]))


PP_HEAD = ["Nom", "Prénom", "Fonction signataire", "Fonction", "Date d'entrée", "Parts PP", "Compte associé"]


@case("parity_associate_account_457", K, "an associate's account 457000 (dividends, not a current account)",
      "associes.xlsx", imported(1, None, error("Associés PP", 2, ANY_CODE)), society=4)
def _(path: Path) -> None:
    xlsx(path, Sheet("Associés PP", [PP_HEAD, ["Garçon", "François", "Co-Gérant", "Associé", "01/01/2024", 50,
                                              "457000"]]))


@case("parity_associate_shares_over_capital", K, "100 more shares when 50 are free (ASSOCIE2)", "associes.xlsx",
      imported(1, None, error("Associés PP", 2, ANY_CODE)), society=4)
def _(path: Path) -> None:
    xlsx(path, Sheet("Associés PP", [PP_HEAD, ["Garçon", "François", "Co-Gérant", "Associé", "01/01/2024", 100,
                                              "455100"]]))


@case("parity_capital_date_impossible", K, "a capital dated 31/02/2024 (no such day)", "capital.xlsx",
      imported(1, None, error("Capital", 2, ANY_CODE)))
def _(path: Path) -> None:
    xlsx(path, Sheet("Capital", [["Date d'effet", "Capital", "Nombre de parts"], ["31/02/2024", 1000, 100]]))


@case("parity_bic_and_iban_lowercase_accepted", K, "an IBAN and BIC typed in lower case with spaces: MyUnisoft "
      "upper-cases them, so must bulkio", "tiers.xlsx",
      imported(0, {"401ACME": "ACME"}, created("Comptes", 2), fields={"401ACME": {
          "complementary_informations.iban_list.0.iban": "FR7630006000011234567890189",
          "complementary_informations.iban_list.0.bic": "AGRIFRPP"}}))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", None, "fr76 3000 6000 0112 3456 7890 189", "agrifrpp", None]], head=THIRD_HEAD)


@case("parity_way_type_unknown", K, "a street type MyUnisoft's list does not hold (ROADTYP1)", "tiers.xlsx",
      imported(1, {"512000": "Banque"}, error("Comptes", 2, ANY_CODE), created("Comptes", 3)))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "Voie imaginaire"], ["512000", "Banque", None]], head=[*HEAD, "Type de voie"])


@case("parity_number_space_between_letters", K, "'401 DUPONT' typed with a space: the account 401DUPONT",
      "plan.xlsx", imported(0, {"401DUPONT": "Dupont et fils"}, created("Comptes", 2)))
def _(path: Path) -> None:
    chart(path, [["401 DUPONT", "Dupont et fils"]])


@case("parity_counterpart_defined_by_an_invalid_row", K,
      "401ACME's counterpart 607100 is created by a row that is itself in error: 401ACME cannot be sent either",
      "plan.xlsx", imported(1, {}, error("Comptes", 2, ANY_CODE), error("Comptes", 3, ANY_CODE)))
def _(path: Path) -> None:
    chart(path, [["401ACME", "ACME", "607100"], ["607100", None, None]], head=CP_HEAD)


@case("parity_section_of_an_invalid_axis", K,
      "a new axis whose row is in error (no label): its sections cannot be sent", "analytique.xlsx",
      imported(1, None, error("Axes", 2, ANY_CODE), error("Sections", 2, ANY_CODE)), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Axes", [["Code axe", "Libellé"], ["PROJET", None]]),
         Sheet("Sections", [["Code axe", "Code section", "Libellé"], ["PROJET", "P1", "Projet 1"]]))


@case("parity_rate_on_a_section_in_error", K,
      "a key's section is created by a Sections row in error: the whole key waits, nothing sent", "analytique.xlsx",
      imported(1, None, error("Sections", 2, ANY_CODE), error("Répartitions", 2, ANY_CODE),
               error("Répartitions", 3, ANY_CODE)), society=3)
def _(path: Path) -> None:
    xlsx(path, Sheet("Sections", [["Code axe", "Code section", "Libellé"], ["ACTIVITE", "NEGOCE", None]]),
         Sheet("Répartitions", [RATE_HEAD, ["ACTIVITE", "MIXTE", "6", "VENTE", 50],
                                ["ACTIVITE", "MIXTE", "6", "NEGOCE", 50]]))
