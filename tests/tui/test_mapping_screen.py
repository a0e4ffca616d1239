"""Mapping in the preview (issue 15, bulkio/tui/mapping.py): a column the reader did not recognise is given a bulkio
column or ignored, the workbook is read again with it, and the mapping is saved as a --map file that reads the
same the next time. Driven with Textual's pilot; the screen itself is a snapshot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import openpyxl
import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Select, Static

from bulkio.i18n import set_language
from bulkio.session import ImportOptions, ImportSession
from bulkio.spec.model import header_key
from bulkio.tui.app import PreviewApp
from bulkio.tui.grid import SheetGrid
from bulkio.tui.mapping import (
    IGNORE,
    MappingChoice,
    free_path,
    mapping_path,
    merged_source,
    skipped_sheets,
    unrecognised,
)
from bulkio.tui.screens import MappingScreen, OverwriteScreen
from bulkio.workbook.mapping import load_mapping
from bulkio.workbook.read import read_workbook
from bulkio.workbook.source_options import SourceOptions
from tests.conftest import firm_target, write_xlsx
from tests.integration.test_cli_input import run_cli
from tests.tui.support import grid_text, screen_text, shown, text_of, wait_for
from tests.workbook.builders import table

HEADERS = ["N° de compte", "Libellé", "Adresse mail du tiers"]
ROWS = [
    ["401LEBLANC", "Leblanc SARL", "compta@leblanc.fr"],
    ["411MARTIN", "Martin et fils", "martin@exemple.fr"],
]
EMAILS = {2: "compta@leblanc.fr", 3: "martin@exemple.fr"}


def accounts_book(path: Path) -> Path:
    return write_xlsx(path, "Comptes", HEADERS, ROWS)


def book_with_a_balance(path: Path) -> Path:
    """The accounts, a "Commentaire interne" column of no use, and a balance sheet the reader leaves aside."""
    return table(path, {"Comptes": [[*row, "à revoir"] for row in ROWS],
                        "Balance": [["401LEBLANC", "Leblanc SARL", 0, 120, -120]]},
                 {"Comptes": [*HEADERS, "Commentaire interne"],
                  "Balance": ["Compte", "Intitulé", "Débit", "Crédit", "Solde"]})


async def open_mapping(pilot: Pilot, app: PreviewApp) -> MappingScreen:
    await wait_for(pilot, lambda: app.loaded)
    await pilot.pause()
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, MappingScreen))
    assert isinstance(app.screen, MappingScreen)
    return app.screen


def test_a_column_mapped_is_read_validated_shown_and_saved_for_the_next_dossier(tmp_path: Path, capsys) -> None:
    book = accounts_book(tmp_path / "comptes.xlsx")
    before = book.read_bytes()
    app = PreviewApp(ImportSession(book, None))
    saved = mapping_path(book)

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.loaded)
            assert "email" not in app.session.validation.sheets[0].sheet.headers
            screen = await open_mapping(pilot, app)
            text = screen_text(app)
            assert "Colonnes non reconnues — feuille « Comptes » (Comptes)" in text
            assert "Adresse mail du tiers" in text
            select = screen.query_one("#header-0", Select)
            # The kind's columns not already on the sheet, by their French header, and "ignorer".
            offered = {choice.value: choice.label for choice in screen.request.columns}
            assert offered["email"] == "Email" and screen.request.headers[0].can_ignore
            assert "account_number" not in offered and "label" not in offered

            # Choose with the keyboard: open the list, type to find "Email", take it, then Apply.
            select.focus()
            await pilot.press("enter")
            await pilot.press(*"Email")
            await pilot.press("enter")
            assert select.value == "email"
            await pilot.click("#apply")
            await wait_for(pilot, lambda: app.loaded and app.session.validation is not None)
            await pilot.pause()

            # Read again: the column is the email column, validated, and on the grid.
            sheet = app.session.validation.sheets[0]
            assert sheet.sheet.headers["email"] == "Adresse mail du tiers"
            assert {row.excel_row: row.values.get("email") for row in sheet.rows} == EMAILS
            assert sheet.sheet.extra_headers == []
            assert "Adresse mail du tiers" in grid_text(app.query_one(SheetGrid))
            assert "compta@leblanc.fr" in grid_text(app.query_one(SheetGrid))
            assert "Classeur relu avec la correspondance : « Adresse mail du tiers » → Email" in shown(app, "#status")
            assert app.session.options.source.columns == {"comptes": {"adressemailtiers": "email"}}
            assert not saved.exists()  # applying writes nothing

            # Nothing left to map on the sheet; saving writes the mapping beside the input.
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, MappingScreen))
            assert "Toutes les colonnes de cette feuille sont reconnues." in screen_text(app)
            await pilot.click("#save")
            await wait_for(pilot, lambda: app.mapping_saved is not None and app.loaded)
            assert app.mapping_saved == saved
            assert str(saved.resolve()) in shown(app, "#status")

            # Saving again never replaces that file unasked: a new name, said on the screen.
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, MappingScreen))
            await pilot.click("#save")
            await wait_for(pilot, lambda: isinstance(app.screen, OverwriteScreen))
            assert f"Le fichier {saved} existe déjà." in screen_text(app)
            assert "Écrire comptes.bulkio-map-2.toml" in str(app.screen.query_one("#new", Button).label)
            await pilot.press("enter")  # the focus is on the new name
            await wait_for(pilot, lambda: app.mapping_saved != saved)
            assert app.mapping_saved == tmp_path / "comptes.bulkio-map-2.toml"

    asyncio.run(drive())
    assert book.read_bytes() == before
    text = saved.read_text(encoding="utf-8")
    assert '[colonnes.comptes]\n"Adresse mail du tiers" = "Email"' in text
    options = load_mapping(saved)
    assert options.columns == {"comptes": {"adressemailtiers": "email"}}
    assert load_mapping(tmp_path / "comptes.bulkio-map-2.toml").columns == options.columns

    # The next dossier of the same migration: its workbook is read with the file, as `--map` reads it.
    second = write_xlsx(tmp_path / "dossier2.xlsx", "Comptes", HEADERS, [["401ZETA", "Zeta", "zeta@exemple.fr"]])
    sheet = read_workbook(second, source=options).sheets[0]
    assert sheet.headers["email"] == "Adresse mail du tiers"
    assert sheet.table.column("email") == ["zeta@exemple.fr"]
    code, out, err = run_cli(["validate", str(second), "--map", str(saved)], capsys)
    assert code == 0, out + err
    code, out, err = run_cli(["convert", str(second), "--map", str(saved), "-o", str(tmp_path / "out.xlsx")], capsys)
    assert code == 0, out + err
    converted = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    header_row = [cell for cell in next(converted["Comptes"].iter_rows(values_only=True))]
    assert "Email" in header_row


def test_ignored_column_and_sheet_are_silent_and_saved_over_the_map_file(tmp_path: Path) -> None:
    book = book_with_a_balance(tmp_path / "export.xlsx")
    given = tmp_path / "plan.toml"
    given.write_text('[valeurs]\nlongueur_compte = 8\n[colonnes]\n"Raison" = "Raison sociale"\n', encoding="utf-8")
    app = PreviewApp(ImportSession(book, None, ImportOptions(source=load_mapping(given))))

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_mapping(pilot, app)
            text = screen_text(app)
            assert "Commentaire interne" in text and "Adresse mail du tiers" in text
            assert "Feuilles non lues" in text and "Balance" in text
            notes = [note.code for note in app.session.workbook.notes if note.sheet == "Balance"]
            assert notes == ["SHEET_OTHER_DOCUMENT"]  # why the balance is not read
            screen.query_one("#header-0", Select).value = "email"
            screen.query_one("#header-1", Select).value = IGNORE
            screen.query_one("#sheet-0", Select).value = IGNORE
            await pilot.click("#save")
            await wait_for(pilot, lambda: app.loaded and app.mapping_saved is not None)
            await pilot.pause()

            workbook = app.session.workbook
            # Ignored: not read, not offered again, said in one note; the balance left aside as the user says.
            assert "Commentaire interne" not in grid_text(app.query_one(SheetGrid))
            assert [n.code for n in workbook.notes if n.sheet == "Comptes"] == ["SHEET_COLUMNS_IGNORED"]
            assert [n.code for n in [*workbook.notes, *workbook.issues] if n.sheet == "Balance"] == \
                ["SHEET_IGNORED_BY_OPTION"]
            assert not skipped_sheets(workbook) and not unrecognised(workbook.sheets[0], app.session.options.source)
            assert app.can_map()  # still: what was mapped here can be saved
            await pilot.press("c")
            await wait_for(pilot, lambda: isinstance(app.screen, MappingScreen))
            text = screen_text(app)
            assert "Commentaire interne" not in text and "Balance" not in text
            await pilot.press("escape")

    asyncio.run(drive())
    options = load_mapping(app.mapping_saved)
    # The --map file's lines and the preview's, in one file.
    assert options.account_length == 8
    assert options.columns["comptes"] == {"raison": "company_name", "adressemailtiers": "email"}
    assert options.ignored_columns == {"commentaireinterne"}
    assert options.sheets == {"Balance": "ignorer"}
    text = app.mapping_saved.read_text(encoding="utf-8")
    assert 'colonnes_ignorees = [\n    "Commentaire interne",\n]' in text and 'Balance = "ignorer"' in text
    again = read_workbook(book, source=options)
    assert again.sheets[0].table.keys == ["account_number", "label", "email"]
    assert [n.code for n in again.notes] == ["SHEET_COLUMNS_IGNORED", "SHEET_IGNORED_BY_OPTION"]


def test_remapping_with_a_target_plans_again_and_writes_nothing(sandbox, tmp_path: Path) -> None:
    book = accounts_book(tmp_path / "comptes.xlsx")
    app = PreviewApp(ImportSession(book, firm_target(sandbox, society_id=1)))
    writes = sandbox.stats()["writes"]

    async def drive() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: app.session.plan is not None and not app.planning)
            first_plan = app.session.plan
            screen = await open_mapping(pilot, app)
            screen.query_one("#header-0", Select).value = "email"
            await pilot.click("#apply")
            await wait_for(pilot, lambda: app.session.plan not in (None, first_plan) and not app.planning)
            await pilot.pause()
            rows = [row for row in app.session.plan.rows if row.sheet == "Comptes"]
            assert len(rows) == 2
            assert app.session.validation.sheets[0].rows[0].values["email"] == "compta@leblanc.fr"
            assert "Adresse mail du tiers" in grid_text(app.query_one(SheetGrid))

    asyncio.run(drive())
    assert sandbox.stats()["writes"] == writes  # mapping reads, plans, and writes nothing


def test_two_headers_cannot_take_one_column_and_english(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", [*HEADERS, "Courriel du contact"],
                      [[*ROWS[0], "x@y.fr"]])
    set_language("en")
    try:
        app = PreviewApp(ImportSession(book, None))

        async def drive() -> None:
            async with app.run_test(size=(100, 30)) as pilot:
                screen = await open_mapping(pilot, app)
                text = screen_text(app)
                assert "Unrecognised columns — sheet 'Comptes' (Accounts)" in text
                assert {choice.value: choice.label for choice in screen.request.columns}["email"] == "Email"
                screen.query_one("#header-0", Select).value = IGNORE
                await pilot.pause()
                shown_now = [text_of(label.content) for label in screen.query_one("#header-0").query(Static)]
                assert shown_now[0] == "ignore"
                screen.query_one("#header-0", Select).value = "email"
                screen.query_one("#header-1", Select).value = "email"
                await pilot.click("#apply")
                await pilot.pause()
                assert isinstance(app.screen, MappingScreen)
                problem = text_of(app.screen.query_one("#mapping-problem", Static).content)
                assert "'Adresse mail du tiers' and 'Courriel du contact' cannot both be 'Email'" in problem
                await pilot.press("escape")
                assert app.session.options.source is None

        asyncio.run(drive())
    finally:
        set_language("fr")


def test_merging_keeps_one_header_per_column_and_one_line_per_sheet() -> None:
    current = SourceOptions(origin="--map plan.toml", sheets={"balance": "comptes"},
                            columns={"comptes": {"courriel": "email"}, "associes_pp": {"commentaire": "function"}},
                            ignored_columns=frozenset({"soldes"}), account_length=8)
    merged = merged_source(current, "comptes", MappingChoice(
        {"Adresse mail du tiers": "email", "Soldes N": IGNORE}, {"Balance": IGNORE}))
    assert merged.columns == {"comptes": {"adressemailtiers": "email"}, "associes_pp": {"commentaire": "function"}}
    assert merged.ignored_columns == {"soldes", header_key("Soldes N")}
    assert merged.sheets == {"Balance": IGNORE} and merged.account_length == 8
    assert merged.origin == "--map plan.toml et la correspondance de l'aperçu"
    assert merged_source(merged, "comptes", MappingChoice({}, {})).origin == merged.origin


def test_free_path(tmp_path: Path) -> None:
    path = tmp_path / "a.bulkio-map.toml"
    assert free_path(path) == path
    path.touch()
    (tmp_path / "a.bulkio-map-2.toml").touch()
    assert free_path(path) == tmp_path / "a.bulkio-map-3.toml"


@pytest.fixture
def balance_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return book_with_a_balance(Path("export.xlsx"))


def test_snapshot_of_the_mapping_screen(snap_compare, balance_book: Path) -> None:
    app = PreviewApp(ImportSession(balance_book, None))

    async def run_before(pilot: Pilot) -> None:
        screen = await open_mapping(pilot, app)
        screen.query_one("#header-0", Select).value = "email"
        screen.query_one("#header-1", Select).value = IGNORE
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
