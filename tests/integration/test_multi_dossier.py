"""Many dossiers in one workbook: each row goes to the dossier its Dossier cell names, against the sandbox."""

from __future__ import annotations

import logging
import os
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bulkio.config import Target
from bulkio.errors import UsageError
from bulkio.outcome import Status
from bulkio.pipeline import run_import
from bulkio.sandbox import SECRET, society_token
from bulkio.tokens import load_tokens
from tests.conftest import firm_target, read_sheet, society_target, write_xlsx

HEADERS = ["Dossier", "N° de compte", "Libellé"]


def accounts(sandbox, society_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with firm_target(sandbox, society_id).client() as client:
        return {a["account_number"]: a["label"] for a in client.get("/account/v2").data}


def summary_rows(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["Résumé"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_rows_go_to_the_dossier_their_cell_names_by_id_siret_name_or_reference(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        ["5", "401CAVE", "Fournisseur cave"],
        ["41253698900012", "411CAVE", "Client cave"],  # dossier 5 by SIRET: a second spelling, refused
        ["GARAGE DU CENTRE SNC", "401GARAGE", "Fournisseur garage"],
        ["garage du centre snc", "411GARAGE", "Client garage"],  # the same text, folded: the same spelling? no
        ["CLIENT-007", "401PHARMA", "Fournisseur pharmacie"],
        ["GROUPE-A", "401GROUPE", "Deux dossiers ont cette référence"],
        ["99", "401NULLE", "Aucun dossier 99"],
        [None, "401SANS", "Sans dossier"],
    ])
    writes_before = sandbox.stats()["writes"]
    _validation, run = run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")

    assert accounts(sandbox, 5) == {"401CAVE": "Fournisseur cave"}
    assert accounts(sandbox, 6) == {"401GARAGE": "Fournisseur garage"}
    assert accounts(sandbox, 7) == {"401PHARMA": "Fournisseur pharmacie"}
    assert sandbox.stats()["writes"] - writes_before == 3  # nothing sent for the five refused rows

    codes = {row: outcome.error_code for (_sheet, row), outcome in run.result.outcomes.items()}
    assert codes == {2: "", 3: "DOSSIER_SPELLING", 4: "", 5: "DOSSIER_SPELLING", 6: "", 7: "DOSSIER_AMBIGUOUS",
                     8: "DOSSIER", 9: "DOSSIER_MISSING"}
    result = {r["N° de compte"]: r for r in read_sheet(tmp_path / "r.xlsx", "Comptes")}
    assert result["401GROUPE"]["Statut"] == "Erreur" and "3 ANALYTIQUE SA" in result["401GROUPE"]["Message"]
    assert "--society-id" in result["401SANS"]["Message"]
    assert "« 5 » ligne 2" in result["411CAVE"]["Message"]

    # The Résumé counts per dossier as well as per sheet.
    rows = summary_rows(tmp_path / "r.xlsx")
    by_dossier = {row[0]: row for row in rows if isinstance(row[0], str) and row[0][:1].isdigit()}
    assert set(by_dossier) == {"5 CAVE DES COTEAUX SARL", "6 GARAGE DU CENTRE SNC", "7 PHARMACIE DES HALLES SELARL"}
    header = next(row for row in rows if row[0] == "Dossier")
    created = header.index("Créé")
    assert by_dossier["5 CAVE DES COTEAUX SARL"][created] == 1 and by_dossier["5 CAVE DES COTEAUX SARL"][-1] == 2
    assert by_dossier["6 GARAGE DU CENTRE SNC"][-1] == 2


def test_society_id_is_the_default_dossier_of_rows_without_one(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        ["8", "401ATELIER", "Fournisseur atelier"],
        [None, "401DEFAUT", "Au dossier par défaut"],
    ])
    _v, run = run_import(book, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {o.status for o in run.result.outcomes.values()} == {Status.CREATED}
    assert accounts(sandbox, 8) == {"401ATELIER": "Fournisseur atelier"}
    assert accounts(sandbox, 2) == {"401DEFAUT": "Au dossier par défaut"}
    assert run.counts_by_dossier() == {
        "2 DOSSIER VIDE SAS": {**dict.fromkeys(Status, 0), Status.CREATED: 1},
        "8 ATELIER BOIS ET FER SAS": {**dict.fromkeys(Status, 0), Status.CREATED: 1},
    }


def test_a_society_token_writes_its_own_dossier_only(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        ["6", "401GARAGE", "Fournisseur garage"],
        ["5", "401CAVE", "Fournisseur cave"],
        [None, "411GARAGE", "Client garage"],
    ])
    _v, run = run_import(book, society_target(sandbox, 6), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcomes = {row: outcome for (_sheet, row), outcome in run.result.outcomes.items()}
    assert outcomes[2].status is Status.CREATED and outcomes[4].status is Status.CREATED
    assert outcomes[3].error_code == "DOSSIER" and "n'est pas le dossier du jeton (6 GARAGE" in outcomes[3].message
    assert accounts(sandbox, 6) == {"401GARAGE": "Fournisseur garage", "411GARAGE": "Client garage"}
    assert accounts(sandbox, 5) == {}


def test_a_single_dossier_workbook_without_dossier_column_needs_a_dossier(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401A", "A"]])
    with pytest.raises(UsageError, match="--society-id"):
        run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")


def tokens_file(path: Path, entries: dict[str, str], **top: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key} = {value!r}" if isinstance(value, str) else f"{key} = {value}" for key, value in top.items()]
    lines += ["[tokens]", *(f'"{dossier}" = "{token}"' for dossier, token in entries.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    return path


def test_a_tokens_file_pushes_each_dossier_with_its_own_token(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        [dossier, f"401{dossier}{i}", f"Fournisseur {i}"] for dossier in ("5", "6", "7") for i in range(3)
    ])
    tokens = load_tokens(tokens_file(tmp_path / "tokens.toml", {
        "5": society_token(5), "GARAGE DU CENTRE SNC": society_token(6), "82345109100016": society_token(7),
    }, concurrency=3, budget="50/1"))
    assert not tokens.open_permissions and tokens.concurrency == 3
    # No firm token at all: the target's own token is dossier 5's, and the sandbox refuses (403 DROIT1) a
    # society token on another dossier, so every row created means every dossier was sent with its own token.
    target = Target(sandbox.api_url, SECRET, society_token(5), None, sandbox=True)
    _v, run = run_import(book, target, tmp_path / "r.xlsx", journal_dir=tmp_path / "j", tokens=tokens)
    assert {o.status for o in run.result.outcomes.values()} == {Status.CREATED}
    for dossier in (5, 6, 7):
        assert len(accounts(sandbox, dossier)) == 3
    assert set(run.runs) == {5, 6, 7} and sandbox.stats()["rejected_429"] == 0


def test_tokens_stay_out_of_results_journals_and_logs(
    sandbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secrets = {society_token(5): "5", society_token(6): "6"}
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [["5", "401A", "A"], ["6", "401B", "B"],
                                                                      ["6", "", "sans numéro"]])
    tokens = load_tokens(tokens_file(tmp_path / "secret" / "tokens.toml", dict(map(reversed, secrets.items()))))
    with caplog.at_level(logging.DEBUG):
        _v, run = run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx",
                             journal_dir=tmp_path / "j", tokens=tokens)
    assert set(run.runs) == {5, 6}
    written = [path for path in tmp_path.rglob("*") if path.is_file() and "secret" not in path.parts]
    assert any(path.suffix == ".sqlite" for path in written) and any(path.suffix == ".xlsx" for path in written)
    for path in written:
        blobs = [path.read_bytes()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                blobs += [archive.read(name) for name in archive.namelist()]
        for token in secrets:
            assert all(token.encode() not in blob for blob in blobs), path
    assert caplog.records and all(token not in record.getMessage() for record in caplog.records for token in secrets)


def test_a_token_filed_under_the_wrong_dossier_is_refused(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [["5", "401A", "A"]])
    tokens = load_tokens(tokens_file(tmp_path / "tokens.toml", {"5": society_token(6)}))
    with pytest.raises(UsageError, match="celui du dossier 6 GARAGE DU CENTRE SNC"):
        run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j", tokens=tokens)


@pytest.mark.parametrize(("text", "problem"), [
    ("[tokens", "illisible"),
    ("concurrency = 2\n", "[tokens]"),
    ('[tokens]\n5 = ""\n', "jeton est vide"),
    ('budget = "vingt"\n[tokens]\n5 = "x"\n', "budget « vingt »"),
    ('concurrency = 0\n[tokens]\n5 = "x"\n', "concurrency"),
])
def test_a_bad_tokens_file_is_one_sentence(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as error:
        load_tokens(path)
    assert problem in error.value.message and "\n" not in error.value.message


def test_a_tokens_file_readable_by_others_is_flagged(tmp_path: Path) -> None:
    path = tokens_file(tmp_path / "tokens.toml", {"5": "secret-token-5"})
    os.chmod(path, 0o644)
    assert load_tokens(path).open_permissions
    os.chmod(path, 0o600)
    assert not load_tokens(path).open_permissions
