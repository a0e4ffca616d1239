"""Usage errors and `--sheet` (issue 13, class 7): a mistyped command line is one sentence in the user's
language with exit 2, and the closest command or option when there is one; never "erreur inattendue"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_xlsx
from tests.corpus.run import Run, in_process
from tests.workbook.builders import xlsx


def usage_error(run: Run, *fragments: str) -> str:
    assert run.code == 2, run.err
    assert run.out == ""
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bulkio : "), run.err
    for word in ("inattendue", "unexpected", "Traceback"):
        assert word not in run.err, run.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("argv", "says"), [
    (["import", "x.xlsx", "--dryrun"], ["option inconnue « --dryrun »", "vouliez-vous dire --dry-run ?"]),
    (["validate", "x.xlsx", "--jsn"], ["vouliez-vous dire --json ?"]),
    (["import", "-plan.xlsx"], ["« -plan.xlsx » se lit comme une option", "./-plan.xlsx"]),
    (["valider", "x.xlsx"], ["commande inconnue « valider »", "vouliez-vous dire validate ?"]),
    (["importer", "x.xlsx"], ["vouliez-vous dire import ?"]),
    (["exprot"], ["vouliez-vous dire export ?"]),
    (["bidule"], ["commande inconnue « bidule »", "bulkio --help"]),
    (["import"], ["bulkio import attend l'argument FILE"]),
    (["import", "x.xlsx", "--result"], ["l'option « --result » attend une valeur"]),
    (["import", "x.xlsx", "--yes=oui"], ["l'option « --yes » ne prend pas de valeur"]),
    (["sandbox", "--port", "abc"], ["valeur invalide pour --port"]),
    (["validate", "mon", "plan.xlsx"], ["argument en trop pour bulkio validate : « plan.xlsx »", "guillemets"]),
])
def test_usage_errors_are_one_french_sentence(argv: list[str], says: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The user mistyped the command line: say what and how to fix it, as Click users expect (exit 2)."""
    usage_error(in_process(argv, capsys), *says)


def test_usage_errors_follow_lang(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An English user gets the sentence in English, from --lang as from BULKIO_LANG, even though the command
    never ran far enough to read --lang itself."""
    usage_error(in_process(["import", "x.xlsx", "--dryrun", "--lang", "en"], capsys),
                "unknown option '--dryrun' for bulkio import: did you mean --dry-run?")
    monkeypatch.setenv("BULKIO_LANG", "en")
    usage_error(in_process(["valider", "x.xlsx"], capsys), "unknown command 'valider': did you mean validate?")
    usage_error(in_process(["import"], capsys), "bulkio import needs the argument FILE")


def test_bulkio_alone_shows_the_help_and_nothing_else(capsys: pytest.CaptureFixture[str]) -> None:
    run = in_process([], capsys)
    assert run.code == 2
    assert "import" in run.out + run.err and "inattendue" not in run.out + run.err


# --- --sheet ---


@pytest.mark.parametrize(("value", "says"), [
    ("Plan 2024", "écrivez le nom de la feuille, le signe = puis son type"),
    ("=comptes", "écrivez le nom de la feuille"),
    ("Plan 2024=", "écrivez le nom de la feuille"),
    ("Plan 2024=factures", "type de feuille inconnu « factures »"),
    ("Ventilation=analytique", "une feuille n'en a qu'un"),
    ("Associés=associés", "une feuille n'en a qu'un"),
    ("Tout=all", "une feuille n'en a qu'un"),
])
@pytest.mark.parametrize("command", ["validate", "import", "preview", "diff"])
def test_malformed_sheet_option_is_a_usage_error(command: str, value: str, says: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """`--sheet` names one sheet and one kind; anything else is said at once, before the file is read."""
    path = write_xlsx(tmp_path / "plan.xlsx", "Plan 2024", ["N° de compte", "Libellé"], [["401000", "F"]])
    usage_error(in_process([command, str(path), "--sheet", value], capsys), f"--sheet « {value} »", says)


def test_one_sheet_given_two_kinds_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", "Plan", ["N° de compte", "Libellé"], [["401000", "F"]])
    usage_error(in_process(["validate", str(path), "--sheet", "Plan=comptes", "--sheet", "Plan=axes"], capsys),
                "la feuille « Plan » reçoit deux types (comptes et axes)")


@pytest.fixture
def sheet_maps(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The sheet_map each read_workbook call received (the reader itself still runs)."""
    import bulkio.load
    import bulkio.session

    seen: list[Any] = []
    for module in (bulkio.load, bulkio.session):  # where the validate and the import commands read
        real = module.read_workbook

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            seen.append(kwargs.get("sheet_map"))
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, "read_workbook", spy)
    return seen


WANTED = {"Plan = 2024": "comptes", "Autres comptes": "comptes"}
SHEET_ARGS = ["--sheet", "Plan = 2024=Comptes", "--sheet", "Autres comptes =accounts"]


def two_sheets(tmp_path: Path) -> Path:
    return xlsx(tmp_path / "plan.xlsx", {"Plan = 2024": [["N° de compte", "Libellé"], ["401000", "Tiers"]],
                                         "Autres comptes": [["N° de compte", "Libellé"], ["411000", "Tiers"]]})


@pytest.mark.parametrize("argv", [
    ["validate", "{path}"],
    ["import", "{path}", "--sandbox", "--dry-run"],
    ["diff", "{path}", "--sandbox"],
])
def test_sheet_option_reaches_the_reader(argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         sheet_maps: list[Any]) -> None:
    """Each `--sheet` becomes one entry, the sheet's name as written (an "=" in it kept) to its canonical kind,
    whatever word for the kind the user typed."""
    path = two_sheets(tmp_path)
    run = in_process([arg.replace("{path}", str(path)) for arg in argv] + SHEET_ARGS, capsys)
    assert run.code != 2, run.err  # diff: 1, the sheets differ from the dossier
    assert sheet_maps == [WANTED]


def test_sheet_option_reaches_the_preview_session(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  sheet_maps: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import bulkio.tui.app

    class Reading:
        def __init__(self, session: Any) -> None:
            self.session, self.fatal_message = session, ""

        def run(self) -> int:
            self.session.read()
            return 0

    monkeypatch.setattr(bulkio.tui.app, "PreviewApp", Reading)
    run = in_process(["preview", str(two_sheets(tmp_path)), *SHEET_ARGS], capsys)
    assert run.code == 0, run.err
    assert sheet_maps == [WANTED]


def test_a_sheet_the_user_says_to_ignore_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The note on a sheet read by its headers tells the user to add --sheet "Feuil1=ignorer": it must work.
    path = tmp_path / "c.xlsx"
    xlsx(path, {"Comptes": [["N° de compte", "Libellé"], ["401000", "Fournisseurs"]],
                "Feuil1": [["N° compte", "Intitulé"], ["999999", "Brouillon"]]})
    run = in_process(["validate", str(path), "--sheet", "Feuil1=ignorer"], capsys)
    assert run.code == 0
    assert "« Feuil1 » : non lue, comme --sheet le demande." in run.err and "1 lignes valides" in run.err
