"""Bad input through the command line: one clear sentence, the right exit code, the input untouched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bulkio.cli import main
from tests.conftest import write_xlsx
from tests.support.files import digest


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    import sys

    old = sys.argv
    sys.argv = ["bulkio", *args]
    try:
        with pytest.raises(SystemExit) as exit_:
            main()
    finally:
        sys.argv = old
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


def assert_refused(path: Path, capsys: pytest.CaptureFixture[str], *words: str) -> str:
    before = digest(path)
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 2, (out, err)
    assert "Traceback" not in out + err
    message = err.strip()
    assert message.startswith("bulkio :") and len(message.splitlines()) == 1, message
    for word in words:
        assert word.lower() in message.lower(), message
    assert digest(path) == before
    return message


def test_not_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("ceci n'est pas un classeur", encoding="utf-8")
    assert_refused(path, capsys, "notes.xlsx")


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vide.xlsx"
    path.write_bytes(b"")
    assert_refused(path, capsys, "vide")


def test_password_protected_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.workbook.builders import minimal_cfb

    path = tmp_path / "protege.xlsx"
    path.write_bytes(minimal_cfb(["EncryptionInfo", "EncryptedPackage"]))
    assert_refused(path, capsys, "mot de passe")


def test_no_known_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "autre.xlsx", "Budget", ["Mois", "Montant"], [["janvier", 12]])
    assert_refused(path, capsys, "Budget", "Comptes")


def test_missing_required_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "sans-libelle.xlsx", "Comptes", ["N° de compte", "DAS2"], [["401000", "Oui"]])
    assert_refused(path, capsys, "Libellé")


def test_csv_latin1_semicolon_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "comptes.csv"
    path.write_bytes("N° de compte;Libellé\n401000;Fournisseurs é\n".encode("latin-1"))
    code, _out, err = run_cli(["validate", str(path)], capsys)
    assert code == 0, err


def test_header_on_row_4_numeric_numbers_and_errors_located(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(
        tmp_path / "titre.xlsx", "Comptes", ["N° de compte", "Libellé", "SIREN"],
        [
            [401000, "Fournisseurs", None],            # row 5: numeric number, fine
            [401000.0, "Doublon", None],               # row 6: same number as a float: duplicate
            ["AB411", "Lettres", None],                # row 7: COMPTE6
            ["1" * 21, "Trop long", None],             # row 8: COMPTE7
            ["411000", "Client", "732829321"],         # row 9: bad SIREN checksum
        ],
        header_row=4, title="Plan comptable du dossier ACME",
    )
    before = digest(path)
    code, out, _err = run_cli(["validate", str(path), "--json"], capsys)
    assert code == 1
    issues = json.loads(out)
    found = {(i["row"], i["code"]) for i in issues}
    assert found == {(6, "DUPLICATE"), (7, "COMPTE6"), (8, "COMPTE7"), (9, "SIREN_CHECKSUM")}
    by_code = {i["code"]: i for i in issues}
    assert by_code["COMPTE6"]["sheet"] == "Comptes"
    assert by_code["COMPTE6"]["column"] == "N° de compte"
    assert by_code["COMPTE6"]["value"] == "AB411"
    assert "ligne 5" in by_code["DUPLICATE"]["message"]
    assert digest(path) == before


def test_import_refuses_missing_credentials_in_one_sentence(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write_xlsx(tmp_path / "ok.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", "F"]])
    code, out, err = run_cli(["import", str(path), "--yes"], capsys)
    assert code == 2
    assert "MYUNISOFT_SECRET" in err and "Traceback" not in out + err


def test_template_then_validate_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.xlsx"
    code, _o, _e = run_cli(["template", "comptes", "-o", str(path), "--lang", "en"], capsys)
    assert code == 0 and path.exists()
    code, _out, err = run_cli(["validate", str(path), "--lang", "en"], capsys)
    assert code == 0, err
    assert "valid" in err
