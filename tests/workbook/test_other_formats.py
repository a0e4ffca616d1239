"""Formats other than xlsx: csv (French Excel's ';' and cp1252, or UTF-8 with ','), ods, xlsm."""

from __future__ import annotations

from pathlib import Path

from bulkio.workbook.read import read_workbook
from bulkio.workbook.sources import decode_text, sniff_delimiter
from tests.workbook.builders import minimal_ods, xlsx


def test_csv_latin1_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    text = "Export du plan\n\nN° de compte;Libellé;Ville\n401 000;Société Générale, agence;Montréal\n\n411000;É;\n"
    path.write_bytes(text.encode("cp1252"))
    data = read_workbook(path)
    assert data.format == "csv"
    sheet = data.sheets[0]
    assert (sheet.name, sheet.header_row) == ("export", 3)
    assert sheet.table.rows == [4, 6]
    assert sheet.table.row(4) == {
        "account_number": "401000", "label": "Société Générale, agence", "city": "Montréal"}
    assert sheet.table.cell(6, "city") is None


def test_csv_utf8_bom_with_commas_and_quotes(tmp_path: Path) -> None:
    path = tmp_path / "comptes.csv"
    text = 'N° de compte,Libellé\n401000,"DUPONT; SARL"\n401000.0,"Multi\nligne"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_workbook(path).sheets[0].table
    assert table.column("account_number") == ["401000", "401000"]
    assert table.cell(2, "label") == "DUPONT; SARL"


def test_decoding_and_delimiter_sniffing() -> None:
    assert decode_text("Libellé".encode("cp1252")) == "Libellé"
    assert decode_text("\ufeffLibellé".encode()) == "Libellé"
    assert decode_text(b"\x81\x8d") == "\x81\x8d"  # undefined in cp1252: latin-1, never an exception
    assert sniff_delimiter("a;b;c\n1,5;2,5;3") == ";"
    assert sniff_delimiter("a,b,c\n1;2,3") == ","
    assert sniff_delimiter("a\tb\n1\t2") == "\t"
    assert sniff_delimiter("seul\n") == ";"


def test_ods_is_read(tmp_path: Path) -> None:
    path = minimal_ods(tmp_path / "plan.ods", "Comptes", [["N° de compte", "Libellé"], ["401000", "Fournisseurs"]])
    data = read_workbook(path)
    assert data.format == "ods"
    assert data.sheets[0].table.row(2) == {"account_number": "401000", "label": "Fournisseurs"}


def test_xlsm_is_accepted(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "macro.xlsm", {"Comptes": [["N° de compte", "Libellé"], ["401000", "x"]]})
    data = read_workbook(path)
    assert data.format == "xlsm" and len(data.sheets[0].table) == 1
