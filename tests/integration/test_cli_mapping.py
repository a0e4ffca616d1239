"""`--map FILE` on validate, preview, import and diff (docs/mapping.md): it reaches the reader beside --sheet, and a
wrong file is one located sentence, exit 2, before anything is read or written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_xlsx
from tests.corpus.run import in_process
from tests.support.files import digest

COMMANDS = [["validate"], ["import", "--sandbox", "--yes"], ["diff", "--sandbox"], ["preview"]]
MAPPING = ('colonnes_ignorees = ["Solde N"]\n\n[feuilles]\n"Export" = "comptes"\n\n[colonnes]\n'
           '"Cpte" = "N° de compte"\n"Désignation du compte" = "Libellé"\n')


class Closed:
    """The preview's app, replaced: it reads the file as the real one does, then ends."""

    def __init__(self, session: Any) -> None:
        self.session, self.fatal_message = session, ""

    def run(self) -> int:
        self.session.read()
        return 0


def export(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "export.xlsx", "Export", ["Cpte", "Désignation du compte", "Solde N"],
                      [["401100", "Fournisseurs Bureau", -1200], ["606400", "Fournitures", 850]])


def mapping(tmp_path: Path, text: str = MAPPING) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The `source` each read_workbook call received (the reader itself still runs)."""
    import bulkio.load
    import bulkio.session
    import bulkio.tui.app

    monkeypatch.setattr(bulkio.tui.app, "PreviewApp", Closed)
    seen: list[Any] = []
    for module in (bulkio.load, bulkio.session):  # where the validate and the import commands read
        real = module.read_workbook

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            seen.append(kwargs.get("source"))
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "read_workbook", spy)
    return seen


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_the_mapping_file_reaches_the_reader(command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             sources: list[Any]) -> None:
    args = [command[0], str(export(tmp_path)), *command[1:], "--map", str(mapping(tmp_path))]
    if command[0] == "import":
        args.append("--dry-run")
    run = in_process(args, capsys)
    assert run.code in (0, 1), run.err  # diff: 1, the dossier differs
    [source] = sources
    assert source.sheets == {"Export": "comptes"} and source.columns["comptes"]["cpte"] == "account_number"


def test_validate_reads_an_unknown_export_through_the_mapping_file(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    run = in_process(["validate", str(export(tmp_path)), "--map", str(mapping(tmp_path))], capsys)
    assert run.code == 0, run.err
    assert "Remarque — « Export » : colonnes ignorées, comme le demande --map plan.toml : « Solde N »." in run.err
    assert "Aucune erreur : 2 lignes valides." in run.err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command[0])
def test_a_wrong_mapping_file_is_one_sentence_before_anything(command: list[str], tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              sources: list[Any]) -> None:
    path = export(tmp_path)
    before = digest(path)
    wrong = mapping(tmp_path, '[colonnes]\n"Cpte" = "N° de compte"\n"Compte" = "account_number"\n')
    run = in_process([command[0], str(path), *command[1:], "--map", str(wrong)], capsys)
    assert run.code == 2 and run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bulkio : --map « plan.toml », ligne 3 : « Cpte » et « Compte »")
    assert digest(path) == before and sources == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.xlsx", "plan.toml"]  # no result, no report


def test_the_sentence_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = in_process(["validate", str(export(tmp_path)), "--lang", "en", "--map", str(tmp_path / "absent.toml")],
                     capsys)
    assert run.code == 2
    absent = tmp_path / "absent.toml"
    assert run.err.strip() == f"bulkio : --map: the mapping file {absent} does not exist: check the path."


def test_the_command_line_sheet_wins_over_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ignoring = mapping(tmp_path, '[feuilles]\n"Export" = "ignorer"\n[colonnes]\n"Cpte" = "N° de compte"\n'
                                 '"Désignation du compte" = "Libellé"\n')
    path = write_xlsx(tmp_path / "export.xlsx", "Export", ["Cpte", "Désignation du compte"], [["401100", "F"]])
    run = in_process(["validate", str(path), "--map", str(ignoring)], capsys)
    assert run.code == 2 and "« Export » : non lue, comme le demande --map plan.toml." in run.err
    run = in_process(["validate", str(path), "--map", str(ignoring), "--sheet", "Export=comptes"], capsys)
    assert run.code == 0, run.err
