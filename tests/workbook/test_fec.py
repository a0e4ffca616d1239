"""A FEC as the source of the Comptes sheet (bulkio/workbook/fec.py, docs/fec.md): real files written by
tests/fec_builder.py as accounting software writes them, read back by bulkio."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.errors import InputError
from bulkio.outputs import result_suffixes
from bulkio.workbook import fec as fec_module
from bulkio.workbook.fec import default_root, looks_like_fec, read_fec
from bulkio.workbook.read import read_workbook
from bulkio.workbook.recognise import BY_OPTION
from bulkio.workbook.result import default_result_path
from bulkio.workbook.sniff import detect_format
from bulkio.workbook.source_options import SourceOptions
from tests.fec_builder import CASH_BASIS_HEADER, FEC_HEADER, line, write_fec

NAME = "123456789FEC20241231.txt"


def sale(number: int, customer: str, name: str, amount: int = 12_000, *, collective: str = "411000",
         text: str = "", cash_basis: bool = False) -> list[list[str]]:
    """A sale of three balanced lines: the customer under its collective, the income, the VAT."""
    day = "20240115"
    return [line("VE", number, day, collective, "Clients", amount, 0, aux=customer, aux_label=name, text=text,
                 cash_basis=cash_basis),
            line("VE", number, day, "706000", "Prestations de services", 0, amount * 5 // 6, text=text,
                 cash_basis=cash_basis),
            line("VE", number, day, "445710", "TVA collectée", 0, amount // 6, text=text, cash_basis=cash_basis)]


def accounts(path: Path, source: SourceOptions | None = None) -> dict[str, str | None]:
    return {str(row[0]): row[1] for row in read_fec(path, source).sheet.grid()[1:]}  # type: ignore[misc]


# --- what is derived ---


def test_general_and_third_party_accounts_in_the_order_first_read(tmp_path: Path) -> None:
    """The user exports the FEC of a year: they mean the chart it shows, the collective before its customers."""
    path = write_fec(tmp_path / NAME, [*sale(1, "C0002", "Dupont SA"), *sale(2, "C0001", "Martin SARL")])
    read = read_fec(path)
    assert read.sheet.name == "Comptes" and read.lines == 6
    assert read.sheet.grid() == [
        ["N° de compte", "Libellé", "Origine FEC"],
        ["411000", "Clients", "ligne 2 : CompteNum 411000 (2 lignes)"],
        ["411C0002", "Dupont SA", "ligne 2 : CompteNum 411000 + CompAuxNum C0002 (1 ligne)"],
        ["706000", "Prestations de services", "ligne 3 : CompteNum 706000 (2 lignes)"],
        ["445710", "TVA collectée", "ligne 4 : CompteNum 445710 (2 lignes)"],
        ["411C0001", "Martin SARL", "ligne 5 : CompteNum 411000 + CompAuxNum C0001 (1 ligne)"],
    ]
    assert read.sheet.head(2) == read.sheet.grid()[:2] and read.sheet.visibility == "visible"
    built = [note for note in read.notes if note.code == "FEC_BUILT"]
    assert [note.message for note in built] == [
        f"FEC « {NAME} » : 3 comptes généraux et 2 comptes de tiers lus de 6 lignes ; les comptes de tiers sont "
        "numérotés sous la racine de leur collectif (411000 → 411) ; changez-la avec --map."]
    numbered = [change for change in read.changes if change.column == "account_number"]
    assert [(c.row, c.before, c.after) for c in numbered] == [
        (3, "CompteNum 411000 + CompAuxNum C0002", "411C0002"), (6, "CompteNum 411000 + CompAuxNum C0001", "411C0001")]
    assert "racine 411" in numbered[0].why and "[fec.racines]" in numbered[0].why


@pytest.mark.parametrize(("collective", "root"), [
    ("411000", "411"), ("40110000", "4011"), ("401", "401"), ("400000", "400"), ("41", "41"), ("4110001", "4110001"),
])
def test_the_default_root_is_the_collective_without_its_trailing_zeros(collective: str, root: str) -> None:
    assert default_root(collective) == root


def test_an_eight_digit_collective_numbers_its_third_parties_under_its_own_root(tmp_path: Path) -> None:
    """A chart of 8 digits: 40110000 is a sub-collective of suppliers; its suppliers go under 4011."""
    path = write_fec(tmp_path / NAME, sale(1, "F7", "Hélène", collective="40110000"))
    assert "4011F7" in accounts(path)


def test_a_code_already_under_its_root_is_not_prefixed_twice(tmp_path: Path) -> None:
    """Some software write CompAuxNum 411DUPONT: the user means 411DUPONT, not 411411DUPONT."""
    path = write_fec(tmp_path / NAME, sale(1, "411DUPONT", "Dupont & Fils"))
    read = read_fec(path)
    assert "411DUPONT" in accounts(path) and "411411DUPONT" not in accounts(path)
    [change] = [c for c in read.changes if c.after == "411DUPONT"]
    assert "commence déjà par la racine 411" in change.why and "pris tel quel" in change.why


def test_a_root_given_by_the_mapping_file_wins(tmp_path: Path) -> None:
    """[fec.racines] "411000" = "411C" in the mapping file: customers become 411C + code."""
    path = write_fec(tmp_path / NAME, sale(1, "0002", "Dupont SA"))
    source = SourceOptions(origin="plan.toml", third_party_roots={"411000": "411C"})
    assert "411C0002" in accounts(path, source)
    [change] = [c for c in read_fec(path, source).changes if c.after == "411C0002"]
    assert "racine 411C" in change.why and "plan.toml" in change.why


def test_a_digits_only_third_party_outside_40_41_421_is_an_error_until_its_root_has_a_letter(tmp_path: Path) -> None:
    """Tryton's FEC numbers a party '2' under 4967: 4967 + 2 = 49672, all digits, which MyUnisoft pads like a
    general account (496720) and so could relabel a general account. The user means a third party: the row is an
    error saying to give the collective a root with a letter; with that root, it reads clean. Under 411 the same
    digits are no problem (40/41/421 are never padded)."""
    rows = [line("OD", 1, "20240102", "4967", "Autres comptes débiteurs", 10, 0, aux="2", aux_label="Party"),
            line("OD", 1, "20240102", "512000", "Banque", 0, 10),
            *sale(2, "0007", "Client 7")]
    path = write_fec(tmp_path / NAME, rows)
    data = read_workbook(path)
    assert [(issue.row, issue.code, issue.value) for issue in data.issues] == [(3, "FEC_AUX_DIGITS_ONLY", "49672")]
    assert '[fec.racines] "4967" = "4967T"' in data.issues[0].message
    assert str(data.sheets[0].table.cell(3, "account_number")) == "49672"
    assert "4110007" in set(data.sheets[0].table.column("account_number"))  # under 411: digits are fine
    mapped = read_workbook(path, source=SourceOptions(third_party_roots={"4967": "4967T"}))
    assert mapped.issues == [] and "4967T2" in set(mapped.sheets[0].table.column("account_number"))


def test_a_customer_who_is_also_a_supplier_gives_one_account_per_collective(tmp_path: Path) -> None:
    rows = [*sale(1, "MARTIN", "Martin Frères"),
            line("AC", 1, "20240120", "607000", "Achats de marchandises", 1000, 0),
            line("AC", 1, "20240120", "401000", "Fournisseurs", 0, 1000, aux="MARTIN", aux_label="Martin Frères")]
    read = read_fec(write_fec(tmp_path / NAME, rows))
    numbers = [row[0] for row in read.sheet.grid()[1:]]
    assert "411MARTIN" in numbers and "401MARTIN" in numbers
    shared = [c for c in read.changes if "plusieurs collectifs" in c.why]
    assert [c.after for c in shared] == ["411MARTIN", "401MARTIN"]
    assert "(411000, 401000)" in shared[0].why
    [note] = [n for n in read.notes if n.code == "FEC_TWO_COLLECTIVES"]
    assert note.message.startswith("1 tiers figure sous plusieurs collectifs")


# --- labels that vary from line to line ---


def test_the_most_frequent_label_is_kept_and_each_choice_is_said(tmp_path: Path) -> None:
    rows = [*sale(1, "C1", "DUPONT SA"), *sale(2, "C1", "Dupont SA"), *sale(3, "C1", "Dupont SA")]
    read = read_fec(write_fec(tmp_path / NAME, rows))
    assert accounts(tmp_path / NAME)["411C1"] == "Dupont SA"
    [change] = [c for c in read.changes if c.column == "label"]
    assert (change.row, change.before, change.after) == (3, "« Dupont SA » (2 lignes), « DUPONT SA » (1 ligne)",
                                                         "Dupont SA")
    assert "le plus fréquent est retenu" in change.why
    [note] = [n for n in read.notes if n.code == "FEC_LABEL_VARIANTS"]
    assert note.message.startswith("1 compte a plusieurs libellés dans le FEC ; le plus fréquent est retenu")


def test_on_a_tie_the_label_read_first_is_kept(tmp_path: Path) -> None:
    rows = [*sale(1, "C1", "Boulangerie Hélène"), *sale(2, "C1", "BOULANGERIE HELENE")]
    assert accounts(write_fec(tmp_path / NAME, rows))["411C1"] == "Boulangerie Hélène"


def test_an_empty_label_never_wins(tmp_path: Path) -> None:
    rows = [*sale(1, "C1", ""), *sale(2, "C1", ""), *sale(3, "C1", "Dupont SA")]
    assert accounts(write_fec(tmp_path / NAME, rows))["411C1"] == "Dupont SA"


def test_reading_in_batches_gives_what_reading_at_once_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Memory is bounded by folding the distinct lines read into the accounts every FLUSH_AT keys: the order,
    the counts and the first lines must not depend on where the folds fall."""
    rows = [row for n in range(40) for row in sale(n, f"C{n % 7}", ["Dupont", "DUPONT", "Dupont"][n % 3])]
    path = write_fec(tmp_path / NAME, rows)
    at_once = read_fec(path)
    monkeypatch.setattr(fec_module, "FLUSH_AT", 2)
    in_batches = read_fec(path)
    assert in_batches.sheet.grid() == at_once.sheet.grid()
    assert in_batches.changes == at_once.changes and in_batches.notes == at_once.notes


# --- the file as written: encodings, separators, line ends, header variants ---


@pytest.mark.parametrize(("separator", "encoding", "bom", "newline"), [
    ("\t", "iso8859_15", False, "\r\n"), ("|", "iso8859_15", False, "\n"), ("\t", "utf-8", True, "\r\n"),
    ("|", "utf-8", False, "\n"),
])
def test_separators_encodings_and_line_ends(tmp_path: Path, separator: str, encoding: str, bom: bool,
                                            newline: str) -> None:
    """'Œ' and '€' are in ISO-8859-15 (0xBC, 0xA4) and not in Latin-1: they must come back as written."""
    names = ["Société Générale", "Œuvres Sociales du Rhône", "Euro € Services", "Créances douteuses"]
    rows = [row for n, name in enumerate(names) for row in sale(n, f"C{n}", name)]
    path = write_fec(tmp_path / NAME, rows, separator=separator, encoding=encoding, bom=bom, newline=newline)
    assert detect_format(path) == "fec"
    assert [accounts(path)[f"411C{n}"] for n in range(4)] == names


def test_a_carriage_return_alone_ends_a_record_as_the_law_allows(tmp_path: Path) -> None:
    """A47 A-1, I 1°: records separated by carriage return and/or line feed; an old Mac export uses CR alone."""
    rows = [row for n in range(3500) for row in sale(n, f"C{n % 5}", "Société Générale")]
    path = write_fec(tmp_path / NAME, rows, encoding="iso8859_15", newline="\r")
    assert path.stat().st_size > 1 << 20 and b"\n" not in path.read_bytes()  # more than one chunk of the reader
    read = read_fec(path)
    assert read.lines == 10_500 and len(read.sheet.grid()) == 1 + 3 + 5
    assert accounts(path)["411C4"] == "Société Générale"


def test_a_latin9_file_whose_first_64_kib_are_plain_ascii(tmp_path: Path) -> None:
    """The first 64 KiB decode as UTF-8 because they are ASCII; the accents further down are ISO-8859-15."""
    rows = [row for n in range(600) for row in sale(n, f"C{n}", f"Client {n}")] + sale(999, "C999", "Hélène Noël €")
    path = write_fec(tmp_path / NAME, rows, encoding="iso8859_15")
    assert path.stat().st_size > 64 << 10
    assert accounts(path)["411C999"] == "Hélène Noël €"


def test_cash_basis_headers_an_establishment_column_and_header_case(tmp_path: Path) -> None:
    """BNC/BA files have Montant and Sens; some software add CodeEtablissement; Montantdevise is spelt both ways."""
    header = [name.replace("Montantdevise", "MontantDevise").replace("CompteNum", "COMPTENUM")
              for name in CASH_BASIS_HEADER]
    rows = [[*row, "001"] for row in sale(1, "C1", "Dupont SA", cash_basis=True)]
    path = write_fec(tmp_path / NAME, rows, header=header, extra=["CodeEtablissement"])
    assert len(rows[0]) == 19 and looks_like_fec(path)
    assert accounts(path) == {"411000": "Clients", "411C1": "Dupont SA", "706000": "Prestations de services",
                              "445710": "TVA collectée"}


@pytest.mark.parametrize("name", ["123456789FEC20241231.txt", "export.csv", "fec.tsv", "123456789FEC20241231"])
def test_a_fec_is_known_by_its_first_line_whatever_its_suffix(tmp_path: Path, name: str) -> None:
    path = write_fec(tmp_path / name, sale(1, "C1", "Dupont SA"))
    assert detect_format(path) == "fec"


def test_blank_lines_at_the_end_are_no_lines(tmp_path: Path) -> None:
    path = write_fec(tmp_path / NAME, sale(1, "C1", "Dupont SA"))
    path.write_bytes(path.read_bytes() + b"\r\n\r\n  \r\n")
    assert read_fec(path).lines == 3


def test_a_separator_ending_every_line_is_no_extra_field(tmp_path: Path) -> None:
    rows = [[*row, ""] for row in sale(1, "C1", "Dupont SA")]
    read = read_fec(write_fec(tmp_path / NAME, rows))
    assert read.lines == 3 and not [n for n in read.notes if n.code == "FEC_EXTRA_FIELDS"]


# --- what is refused, in one sentence ---


def test_a_line_with_a_field_missing_is_refused_with_its_number(tmp_path: Path) -> None:
    """The FEC is a legal file: a damaged line stops the reading, with the line to fix, never a traceback."""
    rows = [row for n in range(411) for row in sale(n, f"C{n}", "Dupont")][:1232]
    rows.append(line("VE", 999, "20240115", "411000", "Clients", 1, 0)[:17])  # line 1 234
    path = write_fec(tmp_path / NAME, [*rows, *sale(1000, "C1", "x")])
    with pytest.raises(InputError) as caught:
        read_fec(path)
    assert caught.value.message == (
        f"« {NAME} », ligne 1\u202f234 : 17 champs au lieu de 18 (séparateur : tabulation) ; la ligne est sans doute "
        "coupée (un retour à la ligne dans un libellé). Corrigez cette ligne dans le fichier ou exportez à nouveau "
        "le FEC, puis relancez.")


def test_a_separator_in_an_account_label_is_refused(tmp_path: Path) -> None:
    """'|' inside CompteLib shifts CompAuxNum: reading it would make up accounts."""
    rows = [line("VE", 1, "20240115", "411000", "Clients|France", 100, 0, aux="C1", aux_label="Dupont",
                 text="Facture"),
            line("VE", 1, "20240115", "706000", "Ventes", 0, 100)]
    with pytest.raises(InputError) as caught:
        read_fec(write_fec(tmp_path / NAME, rows, separator="|"))
    assert "ligne 2 : 19 champs au lieu de 18 (séparateur : « | »)" in caught.value.message
    assert "un libellé contient sans doute le séparateur" in caught.value.message


def test_a_separator_in_an_entry_label_is_read_with_a_note(tmp_path: Path) -> None:
    """'|' inside EcritureLib is common (it comes after the account columns, which the two dates frame)."""
    rows = [*sale(1, "C1", "Dupont SA"), *sale(2, "C2", "Martin", text="Facture 12|B"),
            *sale(3, "C3", "Noël", text="Avoir|12|B")]
    read = read_fec(write_fec(tmp_path / NAME, rows, separator="|"))
    assert accounts(tmp_path / NAME) == {"411000": "Clients", "411C1": "Dupont SA", "706000": "Prestations de services",
                                         "445710": "TVA collectée", "411C2": "Martin", "411C3": "Noël"}
    [note] = [n for n in read.notes if n.code == "FEC_EXTRA_FIELDS"]
    assert note.message == ("lignes ayant plus de champs que l'en-tête (le séparateur dans un libellé d'écriture, "
                            "sans doute) : 6 ; leurs colonnes de compte, placées avant, sont lues normalement (la "
                            "première : ligne 5).")


def test_lines_without_an_account_number_are_left_out_with_a_note(tmp_path: Path) -> None:
    rows = [*sale(1, "C1", "Dupont SA"), line("OD", 2, "20240115", "", "", 0, 0)]
    read = read_fec(write_fec(tmp_path / NAME, rows))
    assert len(read.sheet.grid()) == 5
    [note] = [n for n in read.notes if n.code == "FEC_NO_ACCOUNT_NUMBER"]
    assert note.message == "lignes sans CompteNum, ignorées : 1 (la première : ligne 5)."


def test_a_fec_without_entries_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ne contient aucune écriture"):
        read_fec(write_fec(tmp_path / NAME, []))


def test_too_many_accounts_is_refused_before_memory_runs_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    monkeypatch.setattr(fec_module, "MAX_ACCOUNTS", 3)
    with pytest.raises(InputError, match="compte plus de 3 comptes distincts"):
        read_fec(write_fec(tmp_path / NAME, [*sale(1, "C1", "a"), *sale(2, "C2", "b")]))


def test_an_entries_csv_is_no_fec_and_still_refused(tmp_path: Path) -> None:
    """Date;Journal;Compte;Débit;Crédit is an export of entries, not a FEC: read as before, as a CSV, and refused."""
    path = tmp_path / "export_2024.csv"
    path.write_text("Date;Journal;Compte;Libellé;Débit;Crédit\n15/01/2024;VE;411000;Dupont;120,00;\n",
                    encoding="cp1252")
    assert not looks_like_fec(path) and detect_format(path) == "csv"
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert "« Débit »" in caught.value.message and "Rien de reconnu" in caught.value.message


def test_a_text_file_that_is_no_fec_is_refused_as_before(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Compte\tLibellé\n411000\tClients\n", encoding="utf-8")
    with pytest.raises(InputError, match="n'est pas pris en charge"):
        detect_format(path)


# --- the FEC through the reader, as validate and import see it ---


def test_the_fec_is_read_as_a_comptes_sheet_without_a_word_about_its_origin_column(tmp_path: Path) -> None:
    path = write_fec(tmp_path / NAME, [*sale(1, "C1", "Dupont SA"), *sale(2, "C1", "DUPONT SA"),
                                       *sale(3, "C1", "Dupont SA")], separator="|", encoding="iso8859_15")
    data = read_workbook(path)
    [sheet] = data.sheets
    assert (data.format, sheet.name, sheet.spec.kind, sheet.recognised_by) == ("fec", "Comptes", "comptes", BY_OPTION)
    assert {row: sheet.table.row(row) for row in sheet.table.rows} == {
        2: {"account_number": "411000", "label": "Clients"}, 3: {"account_number": "411C1", "label": "Dupont SA"},
        4: {"account_number": "706000", "label": "Prestations de services"},
        5: {"account_number": "445710", "label": "TVA collectée"}}
    assert data.issues == [] and sheet.extra_headers == ["Origine FEC"]
    assert {n.code for n in data.notes} == {"FEC_BUILT", "FEC_LABEL_VARIANTS"}
    assert [c.column for c in data.changes] == ["account_number", "label"]


def test_only_other_kinds_leaves_the_fec_unread(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_workbook(write_fec(tmp_path / NAME, sale(1, "C1", "Dupont SA")), kinds=["axes"])


def test_english_messages(tmp_path: Path, english: None) -> None:
    read = read_fec(write_fec(tmp_path / NAME, sale(1, "C1", "Dupont SA")))
    assert read.sheet.name == "Accounts"
    assert read.sheet.grid()[:2] == [["Account number", "Label", "FEC origin"],
                                     ["411000", "Clients", "line 2: CompteNum 411000 (1 line)"]]
    assert read.notes[0].message.startswith(f"FEC '{NAME}': 3 general accounts and 1 third-party account read from")


def test_the_header_is_exactly_the_law_s(tmp_path: Path) -> None:
    assert len(FEC_HEADER) == 18 and FEC_HEADER == fec_module.FEC_COLUMNS


def test_the_result_of_a_fec_is_an_xlsx_beside_it(tmp_path: Path) -> None:
    """The result workbook rebuilds the derived sheet: its name must end in .xlsx, never .txt."""
    assert default_result_path(tmp_path / NAME).name.startswith("123456789FEC20241231.resultat-")
    assert default_result_path(tmp_path / NAME).suffix == ".xlsx" and result_suffixes(tmp_path / NAME) == (".xlsx",)
