"""The preview driven the way a person drives it, against the sandbox on a real socket (Textual's pilot)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from bulkio.config import Target
from bulkio.i18n import set_language
from bulkio.session import ImportOptions, ImportSession
from bulkio.tui.app import PreviewApp
from bulkio.tui.grid import SheetGrid
from bulkio.tui.model import RowFilter, RowState
from bulkio.tui.screens import ConfirmScreen, IssuesScreen, SummaryScreen
from bulkio.validate import Validation
from tests.conftest import firm_target, read_sheet, write_xlsx
from tests.tui.support import INVALID_ROWS, grid_text, preview_book, screen_text, shown, wait_for


def accounts(target: Target) -> dict[str, str]:
    with target.client() as client:
        return {a["account_number"]: a["label"] for a in client.get("/account/v2").data}


def test_look_filter_read_plan_confirm_push_and_summary(sandbox, tmp_path: Path) -> None:
    book = preview_book(tmp_path / "comptes.xlsx")
    before_bytes = book.read_bytes()
    target = firm_target(sandbox, society_id=1)
    before = accounts(target)
    writes_before = sandbox.stats()["writes"]
    app = PreviewApp(ImportSession(book, target))

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.loaded)
            grid = app.query_one(SheetGrid)
            # The tab says how many rows and how many problems.
            tab = app.query_one("#sheets").get_tab("sheet-0")
            assert "Comptes 6" in tab.label.plain and "✗2" in tab.label.plain

            # Only the rows with problems.
            await pilot.press("e")
            assert [grid.model.excel_rows[p] for p in grid.model.visible] == sorted(INVALID_ROWS)
            assert "filtre : problèmes seuls (2)" in shown(app, ".counts")

            # To the first problem: the detail pane says what is wrong with the cell under the cursor.
            await pilot.press("end", "home")
            assert grid.model.excel_rows[grid.cursor_position] == 5
            detail = shown(app, "#detail")
            assert "Ligne 5 · N° de compte : AB411" in detail and "COMPTE6" in detail
            await pilot.press("right", "n")
            assert grid.model.excel_rows[grid.cursor_position] == 7
            detail = shown(app, "#detail")
            assert "Ligne 7 · DAS2 : Peut-être" in detail and "Oui ou Non" in detail
            await pilot.press("e")
            assert grid.model.filter is RowFilter.ALL and len(grid.model.visible) == 6

            # The plan, loaded in the background: an update shows old → new on its row.
            await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
            assert "Création 2" in shown(app, ".counts") and "Mise à jour 1" in shown(app, ".counts")
            assert grid.go_to(0, "label")
            await pilot.pause()
            detail = shown(app, "#detail")
            assert "Plan : Mise à jour 401000" in detail
            assert "Libellé : Fournisseurs → FOURNISSEURS FRANCE" in detail
            assert sandbox.stats()["writes"] == writes_before  # looking costs no write

            # Confirm: the target and the number of writes are named.
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            text = screen_text(app)
            assert "dossier 1 DEMO PCG SARL" in text and "Bac à sable" in text
            assert "3 ligne(s) à écrire" in text and "2 ligne(s) bloquée(s)" in text
            await pilot.press("enter")

            # The push, then the summary with the result workbook's path.
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
            text = screen_text(app)
            assert "Envoi terminé" in text
            assert "Comptes" in text and "Créé" in text and "Mis à jour" in text and "Erreur" in text
            result = tmp_path / app.session.result_path.name
            assert str(result) in text.replace("\n", "")
            assert [grid.model.state(p).value for p in range(6)] == [
                "updated", "unchanged", "created", "blocked", "created", "blocked"]
            await pilot.press("q")

    asyncio.run(drive())
    assert app.return_value == 1  # two rows were invalid: like `bulkio import`, exit 1
    after = accounts(target)
    assert after["401000"] == "FOURNISSEURS FRANCE"
    assert after["401DUPONT"] == "Dupont SARL" and after["401MARTIN"] == "Martin et fils"
    assert "AB411" not in after and "401ZETA" not in after
    assert set(after) - set(before) == {"401DUPONT", "401MARTIN"}
    assert sandbox.stats()["writes"] == writes_before + 3
    statuses = [r["Statut"] for r in read_sheet(app.session.result_path, "Comptes")]
    assert statuses == ["Mis à jour", "Inchangé", "Créé", "Erreur", "Créé", "Erreur"]
    assert book.read_bytes() == before_bytes


def test_problems_list_jumps_to_the_cell(tmp_path: Path) -> None:
    app = PreviewApp(ImportSession(preview_book(tmp_path / "comptes.xlsx"), None))

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.loaded)
            assert "Pas de cible" in shown(app, "#status")
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, IssuesScreen))
            text = "\n".join(str(o.prompt) for o in app.screen.query_one("OptionList")._options)
            assert "BAD_BOOL — 1" in text and "COMPTE6 — 1" in text
            options = app.screen.query_one("OptionList")
            await pilot.press("down")
            chosen = app.screen.targets[options.highlighted_option.id]
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, IssuesScreen))
            grid = app.query_one(SheetGrid)
            assert grid.model.excel_rows[grid.cursor_position] == chosen.row
            assert grid.model.columns[grid.cursor_column].title == chosen.column
            # And back to the other one, from the list again.
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, IssuesScreen))
            other = next(i for i in app.screen.targets.values() if i.row != chosen.row)
            option_id = next(k for k, v in app.screen.targets.items() if v is other)
            options = app.screen.query_one("OptionList")
            options.highlighted = options.get_option_index(option_id)
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, IssuesScreen))
            assert grid.model.excel_rows[grid.cursor_position] == other.row
            grid.go_to(grid.model.position_of(7), "das_2")
            await pilot.pause()
            assert "Peut-être" in shown(app, "#detail")
            # Without a target there is nothing to send.
            await pilot.press("s")
            assert not isinstance(app.screen, ConfirmScreen)

    asyncio.run(drive())


def test_a_workbook_for_several_dossiers_is_planned_confirmed_and_pushed_per_dossier(sandbox, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "cabinet.xlsx", "Comptes", ["Dossier", "N° de compte", "Libellé"], [
        ["5", "401CAVE", "Fournisseur cave"], ["GARAGE DU CENTRE SNC", "401GARAGE", "Fournisseur garage"],
        ["6", "411GARAGE", "Deuxième façon d'écrire le dossier 6"],
    ])
    app = PreviewApp(ImportSession(book, firm_target(sandbox, society_id=None)))

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
            assert "2 dossiers" in shown(app, "#title")
            grid = app.query_one(SheetGrid)
            assert grid.model.state(grid.model.position_of(4)) is RowState.BLOCKED
            grid.go_to(grid.model.position_of(4), "dossier")
            await pilot.pause()
            assert "DOSSIER_SPELLING" in shown(app, "#detail")
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            text = screen_text(app)
            assert "2 dossiers" in text and "2 ligne(s) à écrire" in text and "1 ligne(s) bloquée(s)" in text
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))

    asyncio.run(drive())
    assert accounts(firm_target(sandbox, 5)) == {"401CAVE": "Fournisseur cave"}
    assert accounts(firm_target(sandbox, 6)) == {"401GARAGE": "Fournisseur garage"}


def test_stop_mid_push_then_resume_sends_nothing_twice(sandbox, tmp_path: Path) -> None:
    rows = [[f"401S{i:04d}", f"Fournisseur {i}"] for i in range(30)]
    book = tmp_path / "many.xlsx"
    write_xlsx(book, "Comptes", ["N° de compte", "Libellé"], rows)
    target = firm_target(sandbox, society_id=2)
    sandbox.set_faults(latency_ms=60)
    writes_before = sandbox.stats()["writes"]
    first = PreviewApp(ImportSession(book, target))

    async def stop_early() -> None:
        async with first.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: first.session.plan is not None and not first.planning)
            await pilot.press("s")
            await wait_for(pilot, lambda: isinstance(first.screen, ConfirmScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: sum(len(m.outcomes) for m in first.models) >= 3)
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(first.screen, SummaryScreen))
            text = screen_text(first)
            assert "Envoi interrompu" in text and "reprendre" in text
            await pilot.press("q")

    asyncio.run(stop_early())
    assert first.return_value == 130
    sent_first = sandbox.stats()["writes"] - writes_before
    assert 3 <= sent_first < 30
    sandbox.set_faults(latency_ms=0)

    second = PreviewApp(ImportSession(book, target, ImportOptions(result_path=tmp_path / "r2.xlsx")))

    async def resume() -> None:
        async with second.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: second.session.plan is not None and not second.planning)
            assert second.session.plan.writes == 30 - sent_first  # what landed is now unchanged
            await pilot.press("s", "enter")
            await wait_for(pilot, lambda: isinstance(second.screen, SummaryScreen))
            await pilot.press("q")

    asyncio.run(resume())
    assert second.return_value == 0
    assert sandbox.stats()["writes"] - writes_before == 30
    assert set(accounts(target)) >= {r[0] for r in rows}


class HeldValidation(ImportSession):
    """Validation waits until the test lets it go: what a person sees while a big workbook is checked."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.go = threading.Event()

    def validate(self) -> Validation:
        assert self.go.wait(20), "the test never let validation run"
        return super().validate()


def test_rows_show_while_validation_runs_then_their_problems(tmp_path: Path) -> None:
    session = HeldValidation(preview_book(tmp_path / "comptes.xlsx"), None)
    app = PreviewApp(session)

    async def drive() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            # The rows as read are there and can be looked at; no row is called valid or invalid yet.
            await wait_for(pilot, lambda: "Contrôle de 6 lignes" in shown(app, "#status"))
            grid = app.query_one(SheetGrid)
            await wait_for(pilot, lambda: len(grid_text(grid).splitlines()) > 6)  # laid out and drawn
            assert not app.loaded and session.validation is None
            assert {grid.model.state(p) for p in range(6)} == {RowState.CHECKING}
            lines = grid_text(grid).splitlines()
            assert "… Contrôle" in lines[1] and "401000" in lines[1] and "FOURNISSEURS FRANCE" in lines[1]
            assert "✗" not in app.query_one("#sheets").get_tab("sheet-0").label.plain
            await pilot.press("down", "down", "down")
            assert "Ligne 5 · N° de compte : AB411" in shown(app, "#detail")
            assert "COMPTE6" not in shown(app, "#detail")

            session.go.set()
            await wait_for(pilot, lambda: app.loaded)
            # The same grid, now marked: the tab counts the problems, the row under the cursor says why.
            assert app.query_one(SheetGrid) is grid and grid.model.excel_rows[grid.cursor_position] == 5
            assert "✗2" in app.query_one("#sheets").get_tab("sheet-0").label.plain
            assert grid.model.state(grid.cursor_position) is RowState.INVALID
            assert grid.model.state(grid.model.position_of(3)) is RowState.VALID
            assert "COMPTE6" in shown(app, "#detail")
            assert "✗ Erreur" in grid_text(grid).splitlines()[4]  # Excel row 5, under the header line
            assert "Pas de cible" in shown(app, "#status")

    try:
        asyncio.run(drive())
    finally:
        session.go.set()  # a failed assertion must not leave the worker thread waiting


def test_english_and_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    set_language("en")
    try:
        app = PreviewApp(ImportSession(preview_book(tmp_path / "comptes.xlsx"), None))

        async def english() -> None:
            async with app.run_test(size=(80, 24)) as pilot:
                await wait_for(pilot, lambda: app.loaded)
                await pilot.press("e", "home")
                assert "Row 5 · N° de compte: AB411" in shown(app, "#detail")
                assert "No target" in shown(app, "#status")
                assert "filter: problems only (2)" in shown(app, ".counts")

        asyncio.run(english())
    finally:
        set_language("fr")

    bad = tmp_path / "notes.xlsx"
    bad.write_text("ceci n'est pas un classeur", encoding="utf-8")
    broken = PreviewApp(ImportSession(bad, None))

    async def fatal() -> None:
        async with broken.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: broken.fatal_message != "")

    asyncio.run(fatal())
    assert broken.return_value == 2
    assert "notes.xlsx" in broken.fatal_message and "Traceback" not in broken.fatal_message
    assert bad.read_text(encoding="utf-8") == "ceci n'est pas un classeur"


def test_cli_preview_of_a_missing_file_is_one_sentence(tmp_path: Path, capsys) -> None:
    from tests.integration.test_cli_input import run_cli

    code, _out, err = run_cli(["preview", str(tmp_path / "absent.xlsx")], capsys)
    assert code == 2
    assert "absent.xlsx" in err and "n'existe pas" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
