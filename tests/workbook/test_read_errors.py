"""Unusable inputs: one clear InputError sentence, never a traceback, and the file left untouched."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from bulkio.errors import InputError
from bulkio.workbook.read import read_workbook
from bulkio.workbook.sniff import cfb_stream_names
from tests.support.files import digest
from tests.workbook.builders import minimal_cfb, xlsx


def refused(path: Path) -> str:
    """read_workbook's InputError message, checking that the input was not modified."""
    before = digest(path) if path.is_file() else None
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    if before is not None:
        assert digest(path) == before
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert "introuvable" in refused(tmp_path / "absent.xlsx")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "vide.xlsx"
    path.write_bytes(b"")
    assert "vide (0 octet)" in refused(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(os.urandom(2048).replace(b"PK", b"pk"))
    assert "n'est pas un classeur Excel" in refused(path)


def test_text_file_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("N° de compte;Libellé\n401000;Fournisseurs\n", encoding="utf-8")
    assert "n'est pas un classeur Excel" in refused(path)


def test_truncated_zip(tmp_path: Path) -> None:
    whole = xlsx(tmp_path / "whole.xlsx", {"Comptes": [["N° de compte", "Libellé"], ["401", "x"]]})
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert "endommagé ou incomplet" in refused(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "n'est pas un classeur Excel" in refused(path)


def test_password_protected_workbook(tmp_path: Path) -> None:
    path = tmp_path / "protege.xlsx"
    path.write_bytes(minimal_cfb(["EncryptionInfo", "EncryptedPackage"]))
    message = refused(path)
    assert "protégé par un mot de passe" in message and "retirez le mot de passe" in message


def test_password_protected_workbook_in_english(tmp_path: Path, english: None) -> None:
    path = tmp_path / "protected.xlsx"
    path.write_bytes(minimal_cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert "password-protected" in refused(path)


def test_ole2_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "document.xls"
    path.write_bytes(minimal_cfb(["WordDocument"]))
    assert "n'est pas un classeur Excel" in refused(path)


def test_xls_without_any_sheet(tmp_path: Path) -> None:
    path = tmp_path / "legacy.xls"
    path.write_bytes(minimal_cfb(["Workbook"]))  # an .xls container whose Workbook stream is empty
    assert "aucune feuille de calcul lisible" in refused(path)


def test_cfb_directory_names_are_read() -> None:
    assert cfb_stream_names(minimal_cfb(["EncryptionInfo", "EncryptedPackage"])) == [
        "Root Entry", "EncryptionInfo", "EncryptedPackage"]
    assert cfb_stream_names(b"not an ole2 file") == []


def test_unsupported_format(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4 ...")
    message = refused(path)
    assert "« .pdf »" in message and ".xlsx" in message


def test_no_known_sheet_lists_sheets_found_and_expected(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Feuil1": [["Nom", "Prénom"]], "Budget": [["Poste", "Montant"]]})
    message = refused(path)
    assert "« Feuil1 », « Budget »" in message
    assert "« Comptes »" in message and "« Accounts »" in message


def test_missing_required_column_names_sheet_row_and_column(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["Export du 01/02"], [], ["N° de compte", "Famille"]]})
    message = refused(path)
    assert "« Comptes »" in message and "ligne d'en-tête 3" in message and "« Libellé »" in message
    assert "ajoutez" in message


def test_missing_required_column_in_english(tmp_path: Path, english: None) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Accounts": [["Label", "Dossier"]]})
    message = refused(path)
    assert "'Accounts'" in message and "header row 1" in message and "'Account number'" in message


def test_recognised_sheet_without_any_header(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "in.xlsx", {"Comptes": [["rien"], ["à voir"]]})
    assert "aucune ligne d'en-tête" in refused(path)
