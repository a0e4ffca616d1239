"""Many dossiers in one workbook: each row goes to the dossier its Dossier cell names, against the sandbox."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import openpyxl
import pytest

from bulkio.api.client import MyUnisoftClient
from bulkio.config import Target
from bulkio.errors import UsageError
from bulkio.outcome import Status
from bulkio.sandbox import SECRET, society_token
from bulkio.session import run_import
from bulkio.tokens import load_tokens
from tests.conftest import FIRM_TOKEN, firm_target, read_sheet, society_target, write_xlsx

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
    assert "« 5 » (feuille « Comptes », ligne 2)" in result["411CAVE"]["Message"]

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
    assert outcomes[2].status is Status.CREATED
    assert outcomes[3].error_code == "DOSSIER" and "n'est pas le dossier du jeton (6 GARAGE" in outcomes[3].message
    # The token's own dossier, left empty, is dossier 6 written a second way: refused, as "6" came first.
    assert outcomes[4].error_code == "DOSSIER_SPELLING" and "vide, le dossier par défaut" in outcomes[4].message
    assert accounts(sandbox, 6) == {"401GARAGE": "Fournisseur garage"}
    assert accounts(sandbox, 5) == {}


def test_a_dossier_named_on_some_rows_and_left_to_the_default_on_others_is_refused(
    sandbox, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    # The duplicate rule groups rows by the cell's text: "5" and an empty cell defaulting to 5 would be two
    # groups, and both rows would write account 401DUP, the second over the first.
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [
        ["5", "401DUP", "Premier"], [None, "401DUP", "Second"], ["6", "401AUTRE", "Autre dossier"],
    ])
    writes = sandbox.stats()["writes"]
    _v, run = run_import(book, firm_target(sandbox, 5), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcomes = {row: outcome for (_sheet, row), outcome in run.result.outcomes.items()}
    assert outcomes[2].status is Status.CREATED and outcomes[4].status is Status.CREATED
    assert outcomes[3].error_code == "DOSSIER_SPELLING"
    assert "« 5 » (feuille « Comptes », ligne 2)" in outcomes[3].message
    assert accounts(sandbox, 5) == {"401DUP": "Premier"}
    assert sandbox.stats()["writes"] - writes == 2


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


def test_a_token_filed_under_the_wrong_dossier_is_refused(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [["5", "401A", "A"]])
    tokens = load_tokens(tokens_file(tmp_path / "tokens.toml", {"5": society_token(6)}))
    with pytest.raises(UsageError, match="celui du dossier 6 GARAGE DU CENTRE SNC"):
        run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j", tokens=tokens)


def test_two_keys_naming_the_same_dossier_are_refused_and_no_client_is_left_open(
    sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[MyUnisoftClient] = []
    real_init = MyUnisoftClient.__init__

    def recording_init(self: MyUnisoftClient, *args: object, **kwargs: object) -> None:
        real_init(self, *args, **kwargs)  # type: ignore[arg-type]
        opened.append(self)

    monkeypatch.setattr(MyUnisoftClient, "__init__", recording_init)
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [["5", "401A", "A"]])
    tokens = load_tokens(tokens_file(tmp_path / "tokens.toml", {
        "5": society_token(5), "CAVE DES COTEAUX SARL": society_token(5)}))
    with pytest.raises(UsageError) as error:
        run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j", tokens=tokens)
    assert "« 5 » et « CAVE DES COTEAUX SARL » désignent le même dossier (5 CAVE DES COTEAUX SARL)" in \
        error.value.message
    assert len(opened) == 3 and all(client._http.is_closed for client in opened)  # the target's and both tokens'
    assert accounts(sandbox, 5) == {}


def test_a_firm_token_in_the_tokens_file_is_named_so(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", HEADERS, [["5", "401A", "A"]])
    tokens = load_tokens(tokens_file(tmp_path / "tokens.toml", {"5": FIRM_TOKEN}))
    with pytest.raises(UsageError) as error:
        run_import(book, firm_target(sandbox, None), tmp_path / "r.xlsx", journal_dir=tmp_path / "j", tokens=tokens)
    assert "ce jeton est un jeton cabinet" in error.value.message and "firm" not in error.value.message


@pytest.mark.parametrize(("text", "problem"), [
    ("[tokens", "n'est pas du TOML valide (à la fin du fichier)"),
    ('[tokens]\n5 = \n', "n'est pas du TOML valide (ligne 2, colonne 5)"),
    ("concurrency = 2\n", "[tokens]"),
    ('[tokens]\n5 = ""\n', "jeton est vide"),
    ('budget = "vingt"\n[tokens]\n5 = "x"\n', "budget commun (ligne « budget = » hors de [tokens]) : budget « vingt »"),
    ('[tokens]\n5 = "x"\n6 = { token = "y", budget = "vingt" }\n', "dossier « 6 » : budget « vingt »"),
    ('concurrency = 0\n[tokens]\n5 = "x"\n', "concurrency"),
    ('[tokens]\n"CAVE" = "jeton-secret-é"\n', "dossier « CAVE » : le jeton contient un caractère qui ne peut pas être"),
    ('[tokens]\n5 = "jeton-secret\\u0007"\n', "dossier « 5 » : le jeton contient un caractère qui ne peut pas être"),
])
def test_a_bad_tokens_file_is_one_sentence(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError) as error:
        load_tokens(path)
    message = error.value.message
    assert problem in message and str(path) in message and "\n" not in message
    assert "jeton-secret" not in message and "dossier « budget »" not in message
    assert not re.search(r"[Ee]xpected|[Ii]nvalid |at line|document", message)  # tomllib's English


def test_a_tokens_file_readable_by_others_is_flagged(tmp_path: Path) -> None:
    path = tokens_file(tmp_path / "tokens.toml", {"5": "secret-token-5"})
    os.chmod(path, 0o644)
    assert load_tokens(path).open_permissions
    os.chmod(path, 0o600)
    assert not load_tokens(path).open_permissions
