"""The mapping file, `--map plan.toml` (issue 15, docs/mapping.md): what an accountant writes to import a layout no
program of layouts.py knows, and every way of getting the file wrong. A good file makes a clean import the dossier
shows; a wrong one is one located sentence, exit 2, nothing written, the input untouched."""

from __future__ import annotations

from pathlib import Path

from tests.realworld.build import Sheet, xlsx
from tests.realworld.kit import HEAD, SMALL, chart, created, error
from tests.realworld.model import case, imported, refused

K = "mapping"
MAP = ("--map", "{dir}/plan.toml")

# An export of some accounting package: its own names for the number and the label, and a balance column.
OWN_HEAD = ["Cpte", "Désignation du compte", "Solde N"]
OWN_ROWS = [["401100", "Fournisseurs Bureau", -1200], ["411000", "Clients", 3400], ["512000", "Banque", 15000.5],
            ["606400", "Fournitures administratives", 850]]
OWN_EXPECTED = {"401100": "Fournisseurs Bureau", "411000": "Clients", "512000": "Banque",
                "606400": "Fournitures administratives"}
COLUMNS = '[colonnes]\n"Cpte" = "N° de compte"\n"Désignation du compte" = "Libellé"\n'


def mapping(path: Path, text: str, encoding: str = "utf-8") -> None:
    (path.parent / "plan.toml").write_bytes(text.encode(encoding))


def own_export(path: Path, sheet: str, text: str) -> None:
    xlsx(path, Sheet(sheet, [OWN_HEAD, *OWN_ROWS]))
    mapping(path, text)


@case("mapping_unknown_layout_named", K,
      "an export bulkio does not know (Cpte, Désignation du compte, Solde N), its sheet and columns named by the "
      "mapping file, the balance ignored", "export-compta.xlsx",
      imported(0, OWN_EXPECTED, created("Export", 2, 3, 4, 5),
               says=("colonnes ignorées, comme le demande --map plan.toml : « Solde N »",)), args=MAP, society=5)
def _(path: Path) -> None:
    own_export(path, "Export", 'colonnes_ignorees = ["Solde N"]\n\n[feuilles]\n"Export" = "comptes"\n\n' + COLUMNS)


@case("mapping_unknown_layout_by_headers", K,
      "the same export on Feuil1, the mapping file naming its columns but not the sheet: read by its headers, with "
      "the usual evidence rules", "export-compta.xlsx",
      imported(0, OWN_EXPECTED, created("Feuil1", 2, 3, 4, 5), says=("d'après ses seuls en-têtes",)), args=MAP,
      society=6)
def _(path: Path) -> None:
    own_export(path, "Feuil1", 'colonnes_ignorees = ["Solde N"]\n\n' + COLUMNS)


@case("mapping_balance_column_not_ignored_refused", K,
      "the columns named but the balance column left in: a trial balance is no chart, refused before any write",
      "export-compta.xlsx", refused("« Solde N »"), args=MAP, society=7)
def _(path: Path) -> None:
    own_export(path, "Feuil1", COLUMNS)


@case("mapping_value_rules", K,
      "the dossier numbers on 8 digits and the export writes suppliers 0XXX and customers 9XXX: prefixes replaced, "
      "general numbers padded, each said; a 9-digit number is an error, never truncated", "plan.xlsx",
      imported(1, {"51200000": "Banque", "60610000": "Fournitures non stockables", "401DUPONT": "Dupont SARL",
                   "411MARTIN": "Martin Jean", "44566000": "TVA déductible"},
               created("Comptes", 2, 3, 4, 5, 6), error("Comptes", 7, "ACCOUNT_TOO_LONG", "ne tronque jamais"),
               says=("complété(s) par des zéros jusqu'à 8 chiffres", "dont le début est remplacé")),
      args=MAP, society=8)
def _(path: Path) -> None:
    chart(path, [["512", "Banque"], ["6061", "Fournitures non stockables"], ["0DUPONT", "Dupont SARL"],
                 ["9MARTIN", "Martin Jean"], ["44566", "TVA déductible"], ["445660001", "TVA (sous-compte)"]])
    mapping(path, '[valeurs]\nlongueur_compte = 8\n\n[valeurs.prefixes_compte]\n"0" = "401"\n"9" = "411"\n')


@case("mapping_sheet_option_wins", K,
      "the mapping file says to ignore the sheet Plan, --sheet says it is the chart: the command line wins",
      "plan.xlsx", imported(0, dict(SMALL), created("Plan", 2, 3, 4, 5)), args=(*MAP, "--sheet", "Plan=comptes"),
      society=5)
def _(path: Path) -> None:
    chart(path, SMALL, sheet="Plan")
    mapping(path, '[feuilles]\n"Plan" = "ignorer"\n')


@case("mapping_english_names", K,
      "a mapping file written with the English names (sheets, columns, ignored)", "accounts.xlsx",
      imported(0, OWN_EXPECTED, created("Data", 2, 3, 4, 5)), args=MAP, society=6)
def _(path: Path) -> None:
    xlsx(path, Sheet("Data", [["Acct No", "Acct Name", "Balance"], *OWN_ROWS]))
    mapping(path, 'ignored = ["Balance"]\n\n[sheets]\n"Data" = "accounts"\n\n[columns]\n'
                  '"Acct No" = "account_number"\n"Acct Name" = "Label"\n')


@case("mapping_per_kind_columns_over_synonyms", K,
      "a long label the user prefers to the short one bulkio would read: [colonnes.comptes] names it, the short one "
      "is ignored", "plan.xlsx",
      imported(0, {"401100": "Fournisseurs - Bureau Vallée", "606400": "Fournitures administratives et de bureau"},
               created("Comptes", 2, 3)), args=MAP, society=7)
def _(path: Path) -> None:
    chart(path, [["401100", "Fourn. Bureau", "Fournisseurs - Bureau Vallée"],
                 ["606400", "Fournitures adm.", "Fournitures administratives et de bureau"]],
          head=[*HEAD[:1], "Intitulé", "Intitulé long"])
    mapping(path, 'colonnes_ignorees = ["Intitulé"]\n\n[colonnes.comptes]\n"Intitulé long" = "Libellé"\n')


# --- a wrong mapping file: one located sentence, nothing written ----------------------------------------------


def wrong(text: str, encoding: str = "utf-8") -> object:
    def build(path: Path) -> None:
        chart(path, SMALL)
        mapping(path, text, encoding)
    return build


for name, meant, text, says in [
    ("syntax", "a sheet name without quotes", '[feuilles]\nPlan 2024 = "comptes"\n',
     ("--map « plan.toml », ligne 2, colonne 6", "TOML")),
    ("unknown_section", "a section misspelt", '[colonne]\n"Cpte" = "N° de compte"\n',
     ("--map « plan.toml », ligne 1", "section [colonne] inconnue", "[colonnes]")),
    ("unknown_column", "a bulkio column that does not exist", '[colonnes]\n"Cpte" = "Numéro de tiers"\n',
     ("ligne 2", "« Numéro de tiers »", "N° de compte")),
    ("two_headers_one_column", "two source columns read as one bulkio column",
     '[colonnes]\n"Cpte" = "N° de compte"\n"Compte" = "account_number"\n', ("ligne 3", "« Cpte » et « Compte »")),
    ("unknown_kind", "a sheet kind that does not exist", '[feuilles]\n"Comptes" = "plan"\n',
     ("ligne 2", "type de feuille inconnu « plan »")),
    ("wrong_type", "a length written as text", '[valeurs]\nlongueur_compte = "8"\n',
     ("ligne 2", "doit être un nombre entier")),
    ("length_range", "a length no account number has", "[valeurs]\nlongueur_compte = 30\n",
     ("ligne 2", "de 3 à 20")),
    ("unknown_value_key", "a value rule misspelt", "[valeurs]\nlongueur = 8\n",
     ("ligne 2", "clé « longueur » inconnue", "longueur_compte")),
    ("not_utf8", "a file saved in Windows-1252", '[feuilles]\n"Plan été" = "comptes"\n', ("ligne 2", "UTF-8")),
]:
    case(f"mapping_error_{name}", K, f"a wrong mapping file ({meant}): refused, nothing written", "plan.xlsx",
         refused(*says), args=MAP, society=5)(wrong(text, "cp1252" if name == "not_utf8" else "utf-8"))


@case("mapping_error_missing_file", K, "--map naming a file that is not there", "plan.xlsx",
      refused("--map", "absent.toml", "n'existe pas"), args=("--map", "{dir}/absent.toml"), society=5)
def _(path: Path) -> None:
    chart(path, SMALL)


@case("mapping_error_directory", K, "--map naming a folder", "plan.xlsx",
      refused("--map", "est un dossier"), args=MAP, society=5)
def _(path: Path) -> None:
    chart(path, SMALL)
    (path.parent / "plan.toml").mkdir()
