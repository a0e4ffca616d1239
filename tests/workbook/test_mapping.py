"""The mapping file (--map, bulkio/workbook/mapping.py, docs/mapping.md): what it makes of a source, and each way
of getting it wrong, one located sentence. The CLI side is tests/integration/test_cli_mapping.py, imports into the
sandbox tests/realworld/cases_mapping.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.errors import UsageError
from bulkio.spec.model import header_key
from bulkio.workbook.mapping import load_mapping
from bulkio.workbook.read import read_workbook
from bulkio.workbook.recognise import BY_HEADERS, BY_OPTION
from bulkio.workbook.source_options import Change
from tests.workbook.builders import xlsx

FULL = """\
colonnes_ignorees = ["Type", "Nature"]

[feuilles]
"Plan 2024" = "comptes"
"Feuil2" = "ignorer"

[colonnes]
"Numéro" = "N° de compte"
"Intitulé long" = "Libellé"

[colonnes.associes_pp]
"Nom de naissance" = "Nom"

[fec.racines]
"411000" = "411C"

[valeurs]
longueur_compte = 8

[valeurs.prefixes_compte]
"0" = "401"
"""


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "plan.toml"
    path.write_bytes(text.encode(encoding))
    return path


def refused(tmp_path: Path, text: str, *says: str) -> str:
    with pytest.raises(UsageError) as caught:
        load_mapping(write(tmp_path, text))
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    for fragment in says:
        assert fragment in message, message
    return message


def test_a_full_file(tmp_path: Path) -> None:
    options = load_mapping(write(tmp_path, FULL))
    assert options.origin == "--map plan.toml"
    assert options.sheets == {"Plan 2024": "comptes", "Feuil2": "ignorer"}
    assert options.columns["comptes"] == {"num": "account_number", "intitulelong": "label"}
    assert options.columns["associes_pp"] == {"nomnaissance": "last_name"}
    assert options.ignored_columns == {"type", "nature"}
    assert options.third_party_roots == {"411000": "411C"}
    assert (options.account_length, dict(options.account_prefixes)) == (8, {"0": "401"})


def test_english_names(tmp_path: Path) -> None:
    options = load_mapping(write(tmp_path, 'ignored = ["Balance"]\n[sheets]\n"Data" = "accounts"\n[columns]\n'
                                           '"Acct" = "account_number"\n[values]\naccount_length = 7\n'
                                           '[fec.roots]\n"401000" = "401F"\n'))
    assert options.sheets == {"Data": "accounts"} and options.columns["comptes"] == {"acct": "account_number"}
    assert options.ignored_columns == {"balance"} and options.account_length == 7
    assert options.third_party_roots == {"401000": "401F"}


def test_a_kinds_own_lines_win_over_every_kinds(tmp_path: Path) -> None:
    options = load_mapping(write(tmp_path, '[colonnes]\n"Intitulé" = "Libellé"\n[colonnes.comptes]\n'
                                           '"Désignation" = "Libellé"\n'))
    assert options.columns["comptes"] == {"designation": "label"}
    assert options.columns["axes"] == {"intitule": "label"}


@pytest.mark.parametrize(("text", "says"), [
    ('[feuilles]\nPlan 2024 = "comptes"\n', ("--map « plan.toml », ligne 2, colonne 6", "TOML")),
    ('[colonne]\n"Cpte" = "N° de compte"\n', ("ligne 1", "section [colonne] inconnue", "[colonnes] (columns)")),
    ('[feuilles]\n"A" = "comptes"\n[sheets]\n"B" = "axes"\n', ("ligne 3", "[sheets] est la section [feuilles]")),
    ('[feuilles]\n"Plan" = "plan"\n', ("ligne 2", "type de feuille inconnu « plan »", "ou ignorer")),
    ('[feuilles]\n"Plan" = 3\n', ("ligne 2", "« Plan » doit être un texte entre guillemets, pas le nombre 3")),
    ('[colonnes]\n"Cpte" = "Numéro de tiers"\n', ("ligne 2", "aucune feuille bulkio n'a de colonne", "Libellé")),
    ('[colonnes.comptes]\n"Cpte" = "Nom"\n', ("ligne 2", "la feuille Comptes n'a pas de colonne « Nom »")),
    ('[colonnes.plans]\n"Cpte" = "N° de compte"\n', ("ligne 1", "type de feuille inconnu « plans »")),
    ('[colonnes]\n"Cpte" = "N° de compte"\n"Compte" = "account_number"\n',
     ("ligne 3", "« Cpte » et « Compte » seraient toutes deux la colonne « N° de compte » (Comptes)")),
    ('[colonnes]\n"N° compte" = "N° de compte"\n"Numéro compte" = "Libellé"\n',
     ("ligne 3", "« N° compte » et « Numéro compte » sont le même en-tête")),
    ('colonnes_ignorees = ["Cpte"]\n[colonnes]\n"Cpte" = "N° de compte"\n',
     ("ligne 3", "« Cpte » est à la fois lue comme « N° de compte » et ignorée")),
    ('colonnes_ignorees = "Type"\n', ("ligne 1", "doit être une liste d'en-têtes")),
    ('[valeurs]\nlongueur_compte = "8"\n', ("ligne 2", "doit être un nombre entier, pas le texte « 8 »")),
    ("[valeurs]\nlongueur_compte = true\n", ("ligne 2", "doit être un nombre entier")),
    ("[valeurs]\nlongueur_compte = 2\n", ("ligne 2", "va de 3 à 20 chiffres")),
    ("[valeurs]\nlongueur = 8\n", ("ligne 2", "clé « longueur » inconnue dans [valeurs]", "longueur_compte")),
    ('[valeurs.prefixes_compte]\n"0" = "0401"\n', ("ligne 2", "« 0 » = « 0401 »")),
    ('[fec]\nracine = 1\n', ("ligne 2", "clé « racine » inconnue")),
    ('[fec.racines]\n"411000" = "C-411"\n', ("ligne 2", "la racine « C-411 »")),
    ('[fec]\nracines = { "411000" = "4-11" }\n', ("ligne 2", "la racine « 4-11 »")),
])
def test_each_problem_is_one_located_sentence(tmp_path: Path, text: str, says: tuple[str, ...]) -> None:
    refused(tmp_path, text, *says)


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="n'existe pas"):
        load_mapping(tmp_path / "absent.toml")
    (tmp_path / "dossier.toml").mkdir()
    with pytest.raises(UsageError, match="est un dossier"):
        load_mapping(tmp_path / "dossier.toml")
    with pytest.raises(UsageError, match="ligne 2 : le fichier n'est pas en UTF-8 \\(octet 0xE9\\)"):
        load_mapping(write(tmp_path, '[feuilles]\n"Plan été" = "comptes"\n', "cp1252"))
    assert load_mapping(write(tmp_path, '\ufeff[feuilles]\n"Plan" = "comptes"\n')).sheets == {"Plan": "comptes"}


def test_in_english(tmp_path: Path, english: None) -> None:
    refused(tmp_path, "[valeurs]\nlongueur_compte = 30\n", "--map 'plan.toml', line 2: longueur_compte = 30: an "
            "account number's length is 3 to 20 digits.")


# --- what the reader makes of it ---


OWN = [["Cpte", "Désignation du compte", "Solde N"], ["512", "Banque", 1500], ["0DUPONT", "Dupont SARL", -200],
       ["445660001", "TVA", 0]]
COLUMNS = '[colonnes]\n"Cpte" = "N° de compte"\n"Désignation du compte" = "Libellé"\n'


def test_mapped_columns_named_sheet_and_value_rules(tmp_path: Path) -> None:
    source = load_mapping(write(tmp_path, 'colonnes_ignorees = ["Solde N"]\n[feuilles]\n"Export" = "comptes"\n'
                                + COLUMNS + '[valeurs]\nlongueur_compte = 8\n[valeurs.prefixes_compte]\n"0" = "401"\n'))
    data = read_workbook(xlsx(tmp_path / "e.xlsx", {"Export": OWN}), source=source)
    [sheet] = data.sheets
    assert sheet.recognised_by == BY_OPTION
    assert sheet.table.column("account_number") == ["51200000", "401DUPONT", "445660001"]
    assert data.changes == [
        Change("Export", 2, "account_number", "512", "51200000",
               "complété par des zéros jusqu'à 8 chiffres (longueur_compte, --map plan.toml)."),
        Change("Export", 3, "account_number", "0DUPONT", "401DUPONT",
               "début « 0 » remplacé par « 401 » (prefixes_compte, --map plan.toml)."),
    ]
    assert [note.code for note in data.notes] == ["SHEET_COLUMNS_IGNORED", "MAP_ACCOUNT_PADDED", "MAP_ACCOUNT_PREFIXED"]
    assert "1 numéro(s) de compte complété(s) par des zéros jusqu'à 8 chiffres" in data.notes[1].message
    [problem] = data.issues
    assert (problem.row, problem.column, problem.code) == (4, "Cpte", "ACCOUNT_TOO_LONG")


def test_mapped_columns_on_a_sheet_the_file_does_not_name_are_read_by_headers(tmp_path: Path) -> None:
    source = load_mapping(write(tmp_path, 'colonnes_ignorees = ["Solde N"]\n' + COLUMNS))
    data = read_workbook(xlsx(tmp_path / "e.xlsx", {"Feuil1": OWN}), source=source)
    assert data.sheets[0].recognised_by == BY_HEADERS
    assert [note.code for note in data.notes] == ["SHEET_BY_HEADERS", "SHEET_COLUMNS_IGNORED"]
    with pytest.raises(Exception, match="« Solde N »"):  # not ignored: a balance, still refused
        read_workbook(xlsx(tmp_path / "f.xlsx", {"Feuil1": OWN}), source=load_mapping(write(tmp_path, COLUMNS)))


def test_the_command_lines_sheet_wins_and_a_sheet_the_file_names_elsewhere_is_a_note(tmp_path: Path) -> None:
    source = load_mapping(write(tmp_path, '[feuilles]\n"Plan" = "ignorer"\n"Plan 2023" = "comptes"\n'))
    path = xlsx(tmp_path / "p.xlsx", {"Plan": [["N° de compte", "Libellé"], ["401000", "Fournisseurs"]]})
    data = read_workbook(path, sheet_map={"plan": "comptes"}, source=source)
    assert [(sheet.name, sheet.recognised_by) for sheet in data.sheets] == [("Plan", BY_OPTION)]
    [note] = data.notes
    assert note.code == "MAP_SHEET_ABSENT" and "« Plan 2023 »" in note.message


def test_the_example_of_docs_mapping_md_is_a_good_file(tmp_path: Path) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "mapping.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    options = load_mapping(write(tmp_path, example))
    assert options.sheets == {"Plan 2024": "comptes", "Balance": "ignorer"}
    assert options.columns["comptes"]["contrepartiepardefaut"] == "counterpart"
    assert dict(options.account_prefixes) == {"0": "401", "9": "411"} and options.account_length == 8
    assert options.ignored_columns == {header_key("Solde N"), header_key("Solde N-1")}
