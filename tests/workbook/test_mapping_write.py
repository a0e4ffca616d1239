"""Writing a mapping file (bulkio/workbook/mapping.py mapping_toml / save_mapping): what load_mapping reads back is
the SourceOptions written, for every section, with quotes, accents and dots in the keys."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from bulkio.spec.model import header_key
from bulkio.workbook.mapping import load_mapping, mapping_toml, save_mapping
from bulkio.workbook.source_options import SourceOptions

HEADERS = ['Adresse "mail" du tiers', "N°.compte", "Désignation du compte", "Nom de naissance", "Solde N",
           "Solde N-1", "Type d'écriture", "Réf. client"]

FULL = SourceOptions(
    origin="le test",
    sheets={"Plan 2024": "comptes", "Feuil.2": "ignorer", 'Tiers "export"': "associes_pp", "Sociétés": "Associés PM"},
    columns={
        "comptes": {header_key('Adresse "mail" du tiers'): "email", header_key("N°.compte"): "account_number",
                    header_key("Désignation du compte"): "label", header_key("Réf. client"): "counterpart"},
        "associes_pp": {header_key("Nom de naissance"): "last_name", header_key("N°.compte"): "account"},
    },
    ignored_columns=frozenset({header_key("Solde N"), header_key("Solde N-1"), header_key("Type d'écriture")}),
    third_party_roots={"411000": "411C", "401000": "401F"},
    account_prefixes={"0": "401", "9": "411"},
    account_length=8,
)


def written() -> dict[str, str]:
    """The headers as a source writes them, by their key."""
    return {header_key(text): text for text in HEADERS}


def round_trip(tmp_path: Path, options: SourceOptions, headers: dict[str, str] | None = None) -> SourceOptions:
    path = save_mapping(options, tmp_path / "plan.bulkio-map.toml", headers)
    return load_mapping(path)


@pytest.mark.parametrize("headers", [None, written()], ids=["keys", "as-written"])
def test_every_section_reads_back_the_same(tmp_path: Path, headers: dict[str, str] | None) -> None:
    back = round_trip(tmp_path, FULL, headers)
    assert back == replace(FULL, origin="--map plan.bulkio-map.toml")


def test_the_file_is_the_documented_french_one(tmp_path: Path) -> None:
    text = mapping_toml(FULL, written())
    document = tomllib.loads(text)
    assert set(document) == {"colonnes_ignorees", "feuilles", "colonnes", "fec", "valeurs"}
    # The user reads the source headers as written and each bulkio column by its French header.
    assert document["colonnes"]["comptes"] == {'Adresse "mail" du tiers': "Email", "N°.compte": "N° de compte",
                                               "Désignation du compte": "Libellé",
                                               "Réf. client": "Compte de contrepartie"}
    assert document["colonnes"]["associes_pp"] == {"Nom de naissance": "Nom", "N°.compte": "Compte associé"}
    assert document["colonnes_ignorees"] == ["Solde N", "Solde N-1", "Type d'écriture"]
    assert document["feuilles"]["Feuil.2"] == "ignorer" and document["feuilles"]['Tiers "export"'] == "associes_pp"
    assert document["fec"] == {"racines": {"411000": "411C", "401000": "401F"}}
    assert document["valeurs"] == {"longueur_compte": 8, "prefixes_compte": {"0": "401", "9": "411"}}
    assert text.startswith("# ") and "--map" in text.splitlines()[0]
    assert text.index("colonnes_ignorees") < text.index("[feuilles]")  # a bare key before the first section


def test_a_file_read_then_written_reads_the_same(tmp_path: Path) -> None:
    source = tmp_path / "source.toml"
    source.write_text('colonnes_ignorees = ["Solde N"]\n[feuilles]\n"Plan.2024" = "Comptes"\n[colonnes]\n'
                      '"Cpte" = "account_number"\n"Intitulé" = "Label"\n[colonnes.associes_pp]\n'
                      '"Nom de naissance" = "Nom"\n[fec.racines]\n"411000" = "411C"\n[valeurs]\n'
                      'longueur_compte = 10\n[valeurs.prefixes_compte]\n"0" = "401"\n', encoding="utf-8")
    first = load_mapping(source)
    assert round_trip(tmp_path, first) == replace(first, origin="--map plan.bulkio-map.toml")


def test_empty_sections_are_left_out(tmp_path: Path) -> None:
    options = SourceOptions(columns={"comptes": {"courriel": "email"}, "axes": {}})
    assert tomllib.loads(mapping_toml(options)) == {"colonnes": {"comptes": {"courriel": "Email"}}}
    assert round_trip(tmp_path, options) == replace(options, origin="--map plan.bulkio-map.toml",
                                                    columns={"comptes": {"courriel": "email"}})
    assert tomllib.loads(mapping_toml(SourceOptions())) == {}


def test_a_header_written_otherwise_than_its_key_is_written_by_its_key(tmp_path: Path) -> None:
    options = SourceOptions(columns={"comptes": {"courriel": "email"}})
    text = mapping_toml(options, {"courriel": "Adresse mail"})  # not that header's key: not used
    assert tomllib.loads(text)["colonnes"]["comptes"] == {"courriel": "Email"}


def test_an_existing_file_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "plan.bulkio-map.toml"
    path.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        save_mapping(FULL, path)
    assert path.read_text(encoding="utf-8") == "# mine\n"
    save_mapping(FULL, path, overwrite=True)
    assert load_mapping(path) == replace(FULL, origin="--map plan.bulkio-map.toml")
