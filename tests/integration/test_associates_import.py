"""Capital and associates end to end against the sandbox: round trip, plan-time references, faults, SIGKILL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bulkio.load import load_and_validate
from bulkio.outcome import Status
from bulkio.pipeline import connect, make_plan
from bulkio.session import run_import
from tests.conftest import firm_target, read_sheet, society_target
from tests.integration.associates_data import (
    BOOKS,
    HEADERS,
    PERSON_IDS,
    day,
    link_keys,
    pm,
    pp,
    read_rows,
    remote_associates,
    shares_held,
    workbook_shares,
    write_book,
)
from tests.integration.test_cli_input import run_cli
from tests.support.kill_rerun import kill_then_rerun

SHEETS = ("Capital", "Associés PP", "Associés PM")


def _writes(sandbox: Any) -> int:
    return int(sandbox.stats()["writes"])


def _posts(sandbox: Any) -> int:
    return sum(n for key, n in sandbox.stats()["requests"].items() if key.startswith(("POST", "PUT")))


def _comparable(rows: list[list[Any]]) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def test_round_trip_of_three_dossiers_then_reimport_costs_nothing(
    sandbox: Any, credentials: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sum(len(b["Associés PP"]) + len(b["Associés PM"]) for b in BOOKS.values()) == 15
    first_writes: dict[int, int] = {}
    for dossier, sheets in BOOKS.items():
        source = write_book(tmp_path / f"associes-{dossier}.xlsx", sheets)
        before = _writes(sandbox)
        extra = ["--create-accounts"] if dossier == 3 else []
        code, _o, err = run_cli(["import", str(source), "--base-url", sandbox.url, "--society-id", str(dossier),
                                 "--yes", *extra, "--result", str(tmp_path / f"r{dossier}.xlsx")], capsys)
        assert code == 0, err
        first_writes[dossier] = _writes(sandbox) - before
        for sheet in sheets:
            assert {r["Statut"] for r in read_sheet(tmp_path / f"r{dossier}.xlsx", sheet)} == {"Créé"}, sheet
    # 6 = capital + 5 links; dossier 2 adds its 5 Comptes rows; dossier 3 creates its 4 associate accounts.
    assert first_writes == {1: 6, 2: 11, 3: 10}

    for dossier, sheets in BOOKS.items():
        exported = tmp_path / f"export-{dossier}.xlsx"
        code, _o, err = run_cli(["export", "capital", "associes", "-o", str(exported), "--base-url", sandbox.url,
                                 "--society-id", str(dossier)], capsys)
        assert code == 0, err
        for sheet in SHEETS:
            headers = [h for h in HEADERS[sheet] if h != "ID personne"]
            assert _comparable(read_rows(exported, sheet, headers)) == \
                _comparable(read_rows(tmp_path / f"associes-{dossier}.xlsx", sheet, headers)), (dossier, sheet)
        columns = ["ID personne", "Nom", "Prénom", "Date d'entrée"]
        for person_id, name, first, start in read_rows(exported, "Associés PP", columns):
            given = next(r[1] for r in sheets["Associés PP"] if (r[2], r[3], r[6]) == (name, first, start))
            assert person_id == (given or PERSON_IDS[(name, first)])  # the id, even for a person given by name

        before, posts = _writes(sandbox), _posts(sandbox)
        code, _o, err = run_cli(["import", str(exported), "--base-url", sandbox.url, "--society-id", str(dossier),
                                 "--yes", "--result", str(tmp_path / f"again{dossier}.xlsx")], capsys)
        assert code == 0, err
        assert (_writes(sandbox) - before, _posts(sandbox) - posts) == (0, 0)  # not even a request
        for sheet in SHEETS:
            assert {r["Statut"] for r in read_sheet(tmp_path / f"again{dossier}.xlsx", sheet)} == {"Inchangé"}


def _plan(sandbox: Any, path: Path, society_id: int, *, create_accounts: bool = False,
          token: str = "firm") -> tuple[Any, Any]:
    validation = load_and_validate(path)
    target = firm_target(sandbox, society_id) if token == "firm" else society_target(sandbox, society_id)
    client, context = connect(target)
    with client:
        plan = make_plan(validation, client, context, create_accounts=create_accounts)
    return validation, plan


def _found(validation: Any) -> dict[tuple[str, int | None, str | None], tuple[str, str]]:
    return {(i.sheet, i.row, i.column): (i.code, i.message) for i in validation.issues}


# Dossier 4 (demo): capital 500 shares; 5001 MARTIN Jean-Pierre (350, open), 5002 Lefèvre (100, ended 2018),
# dossier 3 (100, open): 50 shares left. Accounts 455100, 455200, 467100.
REFERENCES = {
    "Associés PP": [
        pp(None, "INCONNU", "Paul", "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455100"),
        pp(None, "durant", "ARNAUD", "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455100"),
        pp(None, "martin", "elodie", "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455100"),
        pp(None, "GARCON", " francois ", "Gérant", "Associé", "2024-01-01", None, (10, 0, 0), "455100"),
        pp(None, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455900"),
        pp(None, "Perrin", "Noël", "Gérant", "Associé", "2024-02-01", None, (45, 0, 0), "455100"),
        pp(5003, "MARTIN", "Jean-Pierre", "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455100"),
        pp(9999, None, None, "Gérant", "Associé", "2024-01-01", None, (1, 0, 0), "455100"),
    ],
    "Associés PM": [
        pm("SOCIETE FANTOME", "Gérant", "2024-01-01", None, (1, 0, 0), "467100"),
        pm("boulangerie martin eurl", "Gérant", "2024-01-01", None, (1, 0, 0), "467100"),
        pm("812345676", "Gérant", "2024-03-01", None, (1, 0, 0), "467100"),
    ],
}


def test_persons_companies_accounts_and_shares_are_checked_against_myunisoft_before_any_request(
    sandbox: Any, tmp_path: Path
) -> None:
    source = write_book(tmp_path / "refs.xlsx", REFERENCES)
    validation, plan = _plan(sandbox, source, 4)
    found = _found(validation)
    assert {key: code for key, (code, _m) in found.items()} == {
        ("Associés PP", 2, "Nom"): "PERSON_UNKNOWN",
        ("Associés PP", 3, "Nom"): "PERSON_HOMONYM",
        ("Associés PP", 4, "Nom"): "PERSON_HOMONYM",
        ("Associés PP", 6, "Compte associé"): "ACCOUNT_UNKNOWN",
        ("Associés PP", 7, "Parts PP"): "ASSOCIE2",
        ("Associés PP", 8, "ID personne"): "PERSON_MISMATCH",
        ("Associés PP", 9, "ID personne"): "PERSON_UNKNOWN",
        ("Associés PM", 2, "Société associée"): "COMPANY_UNKNOWN",
        ("Associés PM", 3, "Société associée"): "COMPANY_IS_DOSSIER",
        ("Associés PM", 4, "Société associée"): "ASSOCIE4",
    }
    assert found[("Associés PP", 2, "Nom")][1] == (
        "aucune personne ne s'appelle « INCONNU Paul » dans MyUnisoft (PERS_PHYSIQUE11) : vérifiez l'orthographe "
        "ou écrivez son id dans « ID personne » ; l'API ne permet pas de créer une personne.")
    assert found[("Associés PP", 3, "Nom")][1] == (
        "plusieurs personnes s'appellent « durant ARNAUD » : DURANT Arnaud (id 5003, arnaud.durant@fakemail.example), "
        "DURANT Arnaud (id 5004, a.durant@autremail.example) : écrivez l'id de la bonne personne dans « ID personne ».")
    elodie = found[("Associés PP", 4, "Nom")][1]
    assert "MARTIN Élodie (id 5005, elodie.martin@mail.example), martin elodie (id 5006" in elodie
    assert found[("Associés PP", 6, "Compte associé")][1] == (
        "le compte « 455900 » n'existe pas dans MyUnisoft : ajoutez-le à la feuille Comptes, ou relancez avec "
        "--create-accounts pour le créer.")
    assert found[("Associés PP", 8, "ID personne")][1] == (
        "l'id 5003 est celui de DURANT Arnaud (id 5003, arnaud.durant@fakemail.example), pas de « MARTIN "
        "Jean-Pierre » : corrigez l'id ou le nom.")
    assert found[("Associés PP", 9, "ID personne")][1].startswith("aucune personne n'a l'id 9999 dans MyUnisoft")
    over = found[("Associés PP", 7, "Parts PP")][1]
    assert over == (
        "les liens ouverts ou finissant après le 2024-02-01, celui-ci compris, totaliseraient 505 parts (PP + NP) "
        "pour un capital de 500 parts (ASSOCIE2 : 45 demandées, 40 disponibles) : réduisez les parts, faites finir "
        "plus tôt les liens qui les cèdent, ou augmentez le capital.")
    assert "aucun dossier du cabinet ne correspond à « SOCIETE FANTOME » (SOCIETE16)" in \
        found[("Associés PM", 2, "Société associée")][1]
    assert "est le dossier lui-même" in found[("Associés PM", 3, "Société associée")][1]
    by_row = {(r.sheet, r.excel_row): r for r in plan.rows}
    assert by_row[("Associés PP", 5)].action.value == "create"  # GARCON francois = Garçon François (5007)
    assert by_row[("Associés PP", 5)].extra["link"].holder_id == 5007
    assert found[("Associés PM", 4, "Société associée")][1] == (  # found by SIREN; its dossier has no capital
        "la société DEMO PCG SARL (id 1) n'a aucune part dans MyUnisoft (ASSOCIE4) : saisissez d'abord le capital de "
        "son propre dossier (feuille Capital de ce dossier, ou dans MyUnisoft), puis relancez.")
    assert by_row[("Associés PP", 2)].message.startswith("Nom: aucune personne ne s'appelle")  # the result's text


def test_a_missing_account_is_an_error_without_create_accounts_and_created_with_it(
    sandbox: Any, tmp_path: Path
) -> None:
    source = write_book(tmp_path / "a.xlsx", {"Associés PP": [
        pp(None, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (20, 0, 0), "4559"),
    ]})
    _v, run = run_import(source, firm_target(sandbox, 4), tmp_path / "r1.xlsx", journal_dir=tmp_path / "j1")
    assert _writes(sandbox) == 0
    [(_key, outcome)] = run.result.outcomes.items()
    assert (outcome.status, outcome.error_code) == (Status.ERROR, "ACCOUNT_UNKNOWN")
    [row] = read_sheet(tmp_path / "r1.xlsx", "Associés PP")
    assert row["Statut"] == "Erreur" and "« 455900 » n'existe pas" in row["Message"] and "--create-accounts" in \
        row["Message"]

    _v, run = run_import(source, firm_target(sandbox, 4), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2",
                         create_accounts=True)
    assert [o.status for o in run.result.outcomes.values()] == [Status.CREATED]
    assert _writes(sandbox) == 2  # the account, then the link
    client, _ = connect(firm_target(sandbox, 4))
    with client:
        [account] = client.get("/account/v2", {"begin_by": "455900"}).data
    assert account["label"] == "Associé Bénard Zoé"
    state = remote_associates(sandbox, 4)
    link = next(i for i in state["associate_list"]["physical_person_list"] if i["physical_person"]["id"] == 5008)
    assert link["physical_person"]["account_id"] == account["account_id"]
    assert sandbox.stats()["writes_by_resource"].get("account:4:455900") == 1  # created once, before the link


def test_an_account_from_the_comptes_sheet_counts_as_existing(sandbox: Any, tmp_path: Path) -> None:
    source = write_book(tmp_path / "c.xlsx", {
        "Comptes": [["455900", "ASSOCIE BENARD"]],
        "Associés PP": [pp(None, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (20, 0, 0), "455900")],
    })
    _v, run = run_import(source, firm_target(sandbox, 4), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert Counter(o.status for o in run.result.outcomes.values()) == {Status.CREATED: 2}
    assert _writes(sandbox) == 2


def test_a_holder_s_links_go_out_in_date_order_and_an_empty_cell_keeps_the_live_value(
    sandbox: Any, tmp_path: Path
) -> None:
    # 5001 is open since 2010 with 350 shares: a new period is refused until that link ends (PERS_PHYSIQUE8).
    alone = write_book(tmp_path / "alone.xlsx", {"Associés PP": [
        pp(5001, "MARTIN", "Jean-Pierre", "Gérant", "Associé", "2024-01-01", None, (350, 0, 0), "455100")]})
    validation, _ = _plan(sandbox, alone, 4)
    [(key, (code, message))] = _found(validation).items()
    assert (key, code) == (("Associés PP", 2, "Date d'entrée"), "PERS_PHYSIQUE8")
    assert "a déjà un lien sans date de sortie depuis le 2010-01-04" in message

    # Dossier 2: 5008 holds 60 of 100 shares since 2021. Written after the new period, the row that closes the
    # 2021 link still goes out first; its empty cells keep MyUnisoft's values.
    base = write_book(tmp_path / "base.xlsx", {
        "Comptes": [["455100", "ASSOCIE BENARD"]], "Capital": [[None, day("2021-03-22"), 1000, 100]],
        "Associés PP": [pp(None, "Bénard", "Zoé", "Gérant", "Dirigeant associé", "2021-03-22", None, (60, 0, 0),
                           "455100")]})
    run_import(base, firm_target(sandbox, 2), tmp_path / "r0.xlsx", journal_dir=tmp_path / "j0")
    both = write_book(tmp_path / "both.xlsx", {"Associés PP": [
        pp(5008, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (60, 0, 0), "455100"),
        [None, 5008, None, None, None, None, day("2021-03-22"), day("2023-12-31"), None, None, None, None, None],
    ]})
    _v, run = run_import(both, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    assert {k[1]: o.status for k, o in run.result.outcomes.items()} == {2: Status.CREATED, 3: Status.UPDATED}
    links = remote_associates(sandbox, 2)["associate_list"]["physical_person_list"]
    assert [(i["start_date"], i["end_date"], i["social_part"]["PP"], i["function"]["id"]) for i in links] == \
        [("2021-03-22", "2023-12-31", 60, 3), ("2024-01-01", "", 60, 5)]


def test_capital_rows_are_sent_by_date_and_an_older_row_than_myunisoft_s_is_skipped(
    sandbox: Any, tmp_path: Path
) -> None:
    rows = [[None, day("2023-01-01"), 2000, 200], [None, day("2021-03-22"), 1000, 100]]
    source = write_book(tmp_path / "cap.xlsx", {"Capital": rows})
    _v, run = run_import(source, firm_target(sandbox, 2), tmp_path / "r1.xlsx", journal_dir=tmp_path / "j1")
    assert [o.status for o in run.result.outcomes.values()] == [Status.CREATED, Status.CREATED]
    assert _writes(sandbox) == 2
    assert remote_associates(sandbox, 2)["capital"]["date"] == "2023-01-01"

    before, posts = _writes(sandbox), _posts(sandbox)
    _v, run = run_import(source, firm_target(sandbox, 2), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j2")
    assert (_writes(sandbox), _posts(sandbox)) == (before, posts)
    result = {r["Date d'effet"].date().isoformat(): r for r in read_sheet(tmp_path / "r2.xlsx", "Capital")}
    assert result["2023-01-01"]["Statut"] == "Inchangé"
    assert result["2021-03-22"]["Statut"] == "Ignoré"
    assert "ne renvoie que le capital le plus récent (au 2023-01-01)" in result["2021-03-22"]["Message"]

    changed = write_book(tmp_path / "cap2.xlsx", {"Capital": [[None, day("2023-01-01"), 3000, 300],
                                                              [None, day("2024-06-30"), 3000.5, 300]]})
    _v, run = run_import(changed, firm_target(sandbox, 2), tmp_path / "r3.xlsx", journal_dir=tmp_path / "j3")
    assert [o.status for o in run.result.outcomes.values()] == [Status.UPDATED, Status.CREATED]
    assert remote_associates(sandbox, 2)["capital"] == {
        "historical_id": 1504, "date": "2024-06-30", "capital": 3000.5, "social_part": 300, "social_part_value": 10}


def test_a_capital_below_the_open_links_and_links_without_capital_are_refused_before_sending(
    sandbox: Any, tmp_path: Path
) -> None:
    source = write_book(tmp_path / "low.xlsx", {"Capital": [[None, day("2024-01-01"), 4000, 400]]})
    validation, _p = _plan(sandbox, source, 4)
    [(key, (code, message))] = _found(validation).items()
    assert (key, code) == (("Capital", 2, "Nombre de parts"), "ASSOCIE3")
    assert "n'aurait que 400 parts alors que les associés présents en détiennent 450" in message

    source = write_book(tmp_path / "nocap.xlsx", {"Associés PP": [
        pp(None, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (20, 0, 0), "455100")]})
    validation, _p = _plan(sandbox, source, 1)
    assert {k: c for k, (c, _m) in _found(validation).items()} == {("Associés PP", 2, "Date d'entrée"): "ASSOCIE5"}


def test_a_society_token_needs_the_person_id_or_a_firm_token(sandbox: Any, tmp_path: Path) -> None:
    source = write_book(tmp_path / "s.xlsx", {
        "Associés PP": [pp(None, "Bénard", "Zoé", "Gérant", "Associé", "2024-01-01", None, (10, 0, 0), "455100"),
                        pp(5009, None, None, "Gérant", "Associé", "2024-01-01", None, (10, 0, 0), "455200")],
        "Associés PM": [pm("DEMO PCG SARL", "Gérant", "2024-01-01", None, (10, 0, 0), "467100"),
                        pm("ANALYTIQUE SA", None, "2018-07-01", None, (100, 0, 0), None)],
    })
    validation, plan = _plan(sandbox, source, 4, token="society")
    found = _found(validation)
    assert {k: c for k, (c, _m) in found.items()} == {("Associés PP", 2, "ID personne"): "PERSON_NEEDS_FIRM",
                                                      ("Associés PM", 2, "Société associée"): "COMPANY_NEEDS_FIRM"}
    assert "écrivez l'id de « Bénard Zoé » dans « ID personne », ou utilisez un jeton cabinet" in \
        found[("Associés PP", 2, "ID personne")][1]
    by_row = {(r.sheet, r.excel_row): r.action.value for r in plan.rows}
    assert by_row[("Associés PP", 3)] == "create"
    assert by_row[("Associés PM", 3)] == "unchanged"  # a holder already linked is known by name


def _assert_state_is_the_workbook(sandbox: Any, dossier: int, sheets: dict[str, list[list[Any]]]) -> None:
    state = remote_associates(sandbox, dossier)
    keys = link_keys(state)
    assert len(keys) == len(set(keys)) == len(sheets["Associés PP"]) + len(sheets["Associés PM"])  # no duplicate
    assert shares_held(state) == workbook_shares(sheets)  # no share counted twice
    capital = sheets["Capital"][0]
    assert (state["capital"]["date"], state["capital"]["social_part"]) == (capital[1].date().isoformat(), capital[3])


def test_faults_and_commit_then_timeout_end_in_the_workbook_state_without_duplicates(
    sandbox: Any, tmp_path: Path
) -> None:
    books = {1: BOOKS[1], 2: _kill_book(), 3: BOOKS[3]}
    sandbox.set_faults(error_rate=0.10, timeout_rate=0.05, stall_seconds=0.8, seed=42)
    outcomes: Counter[Status] = Counter()
    for dossier, sheets in books.items():
        source = write_book(tmp_path / f"a{dossier}.xlsx", sheets)
        _v, run = run_import(source, firm_target(sandbox, dossier, timeout=0.4), tmp_path / f"r{dossier}.xlsx",
                             journal_dir=tmp_path / "j", create_accounts=True)
        outcomes.update(o.status for o in run.result.outcomes.values())
    stats = sandbox.stats()
    sandbox.set_faults(error_rate=0.0, timeout_rate=0.0)
    assert stats["faults"]["error"] >= 5 and stats["faults"]["timeout"] >= 2, stats["faults"]
    # 3 capital rows, 21 links, the 5 Comptes rows of dossier 2; 10 accounts created on the way.
    assert outcomes == {Status.CREATED: 29}
    assert stats["writes"] == 39  # every write once: the retries after a fault found what had landed
    for dossier, sheets in books.items():
        _assert_state_is_the_workbook(sandbox, dossier, sheets)


def _kill_book() -> dict[str, list[list[Any]]]:
    """Dossier 2's workbook with six more persons whose accounts are created on the way (--create-accounts)."""
    sheets = {name: list(rows) for name, rows in BOOKS[2].items()}
    sheets["Capital"] = [[None, day("2021-03-22"), 2000, 200]]
    more = [(5001, "MARTIN", "Jean-Pierre"), (5002, "Lefèvre", "Hélène"), (5013, "Lemaître", "Anaïs"),
            (5014, "Rousseau", "Étienne"), (5015, "O'Neill", "Sébastien"), (5016, "Kowalski", "Maëlys")]
    for position, (person_id, name, first) in enumerate(more):
        sheets["Associés PP"].append(pp(person_id, name, first, "Gérant", "Associé", f"2022-0{position + 1}-01", None,
                                        (10, 0, 0), f"4556{position:02d}"))
    return sheets


def test_sigkill_mid_run_then_rerun_never_links_twice(sandbox: Any, tmp_path: Path) -> None:
    sheets = _kill_book()
    source = write_book(tmp_path / "a.xlsx", sheets)
    with connect(firm_target(sandbox, 1))[0] as client:  # DEMO PCG SARL, a company of the book, needs shares
        client.post("/society/capital", {"effective_date": "2015-03-01", "capital": 50000, "social_part": 5000})
    base = _writes(sandbox)
    sandbox.set_faults(rate_limit="10/1")
    total = 5 + 1 + 9 + 2 + 6  # Comptes rows, capital, links, created accounts
    run = kill_then_rerun(sandbox, tmp_path, ["import", str(source), "--base-url", sandbox.url, "--society-id", "2",
                                              "--yes", "--create-accounts", "--result", str(tmp_path / "result.xlsx")],
                          kill_after=10, since=base)
    assert 0 < run.writes_at_kill < total

    second = run.rerun
    assert second.returncode == 0, second.stderr
    sandbox.set_faults(rate_limit="100000/1")
    assert _writes(sandbox) - base == total  # each write once, across both runs
    _assert_state_is_the_workbook(sandbox, 2, sheets)
    for sheet, rows in sheets.items():
        result = read_sheet(tmp_path / "result.xlsx", sheet)
        assert len(result) == len(rows)  # every row accounted for
        assert {r["Statut"] for r in result} <= {"Créé", "Inchangé"}


def test_after_a_timeout_the_link_is_read_back_and_never_posted_again(sandbox: Any, tmp_path: Path) -> None:
    """Every write commits then stalls past the client's timeout: each is confirmed by one re-read, not re-sent."""
    sheets = BOOKS[1]
    source = write_book(tmp_path / "t.xlsx", sheets)
    sandbox.set_faults(timeout_rate=1.0, stall_seconds=0.8)
    _v, run = run_import(source, firm_target(sandbox, 1, timeout=0.4), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    stats = sandbox.stats()
    sandbox.set_faults(timeout_rate=0.0)
    assert Counter(o.status for o in run.result.outcomes.values()) == {Status.CREATED: 6}
    requests = {key.replace(" /api/v1", " "): n for key, n in stats["requests"].items()}
    assert (requests["POST /society/capital"], requests["POST /associate/natural_person"],
            requests["POST /associate/legal_entity"]) == (1, 4, 1)  # each sent once
    # The snapshot, the company's own capital (ASSOCIE4), then one read-back per write.
    assert requests["GET /society/:id_society/associate"] == 1 + 1 + 6
    _assert_state_is_the_workbook(sandbox, 1, sheets)
