"""Outputs (issue 13, class 6): every output path is checked before anything is sent, and a result that cannot
be written where asked at the end goes to a fallback path, or to stderr row by row: the record of what was
sent is never lost.

The embedded sandbox of `--sandbox` lives only for the command; its write counter is read as it stops.
Tests run as root here, so a read-only folder is not used (root writes anyway): an unusable folder is a path
under a file (`file.txt/sub/result.xlsx`), and a folder that goes during the run is replaced by a file
between the push and the result (monkeypatched `bulkio.multi.execute_import`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bulkio.errors import UsageError
from bulkio.sandbox import EmbeddedSandbox
from tests.conftest import firm_target, read_sheet, write_xlsx
from tests.corpus.run import Run, digest, in_process

HEADERS = ["N° de compte", "Libellé"]
ROWS = [["401AAA", "Fournisseur A"], ["401BBB", "Fournisseur B"], ["411CCC", "Client C"]]


@pytest.fixture
def sandbox_writes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The writes each embedded sandbox received, recorded as it stops (one entry per `--sandbox` run)."""
    seen: list[int] = []
    stop = EmbeddedSandbox.stop

    def recording_stop(self: EmbeddedSandbox) -> None:
        if self._server is not None:
            seen.append(self.stats()["writes"])
        stop(self)

    monkeypatch.setattr(EmbeddedSandbox, "stop", recording_stop)
    return seen


def book(tmp_path: Path, name: str = "comptes.xlsx") -> Path:
    return write_xlsx(tmp_path / name, "Comptes", HEADERS, ROWS)


def one_sentence(run: Run, *fragments: str) -> str:
    assert run.code == 2, run.err
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bulkio : "), run.err
    assert "inattendue" not in run.err and "Traceback" not in run.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def bad_result_paths(tmp_path: Path, source: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "file.txt").write_text("pas un dossier", encoding="utf-8")
    (tmp_path / "dossier").mkdir()
    (tmp_path / "lien.xlsx").hardlink_to(source)
    os.mkfifo(tmp_path / "tube.xlsx")  # never /dev/null: without the check, root's os.replace would replace it
    return {
        "csv name": (tmp_path / "r.csv", "nommez-le « " + str(tmp_path / "r.xlsx") + " »"),
        "the input": (source, "est le fichier d'entrée"),
        "a hard link to the input": (tmp_path / "lien.xlsx", "est le fichier d'entrée"),
        "missing folder": (tmp_path / "absent" / "r.xlsx", "n'existe pas"),
        "under a file": (tmp_path / "file.txt" / "sub" / "r.xlsx", "n'existe pas"),
        "a folder": (tmp_path / "dossier", "est un dossier"),
        "a named pipe": (tmp_path / "tube.xlsx", "n'est pas un fichier ordinaire"),
        "xlsm for an xlsx": (tmp_path / "r.xlsm", "nommez-le"),
    }


CASES = ["csv name", "the input", "a hard link to the input", "missing folder", "under a file", "a folder",
         "a named pipe", "xlsm for an xlsx"]


@pytest.mark.parametrize("case", CASES)
def test_import_with_an_unusable_result_path_sends_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int]
) -> None:
    """The user names a result the run could never write: told at once, in one sentence, and nothing is sent."""
    source = book(tmp_path)
    result, says = bad_result_paths(tmp_path, source)[case]
    before = digest(source)
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(result)], capsys)
    one_sentence(run, "--result", says)
    assert sum(sandbox_writes) == 0
    assert digest(source) == before
    assert not (tmp_path / "r.xlsx").exists() and not list(tmp_path.glob("*.resultat-*"))


def test_unwritable_journal_folder_is_refused_before_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journals live in the user's data folder: when it cannot be written, the run stops before any write."""
    source = book(tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "file.txt" / "data"))
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(tmp_path / "r.xlsx")], capsys)
    one_sentence(run, "journaux")
    assert sum(sandbox_writes) == 0


@pytest.mark.parametrize("argv", [
    ["export", "comptes", "--sandbox", "--society-id", "1", "-o", "{tmp}/export.csv"],
    ["export", "comptes", "--sandbox", "--society-id", "1", "-o", "{tmp}/file.txt/sub/export.xlsx"],
    ["export", "all", "--sandbox", "--all-societies", "--split", "-o", "{tmp}/file.txt"],
    ["diff", "{tmp}/comptes.xlsx", "--sandbox", "-o", "{tmp}/audit.ods"],
    ["diff", "{tmp}/comptes.xlsx", "--sandbox", "-o", "{tmp}"],
    ["template", "comptes", "-o", "{tmp}/file.txt/sub/modele.xlsx"],
    ["template", "comptes", "-o", "{tmp}/modele.csv"],
])
def test_other_outputs_are_checked_before_the_work(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int]
) -> None:
    """An export, an audit or a template to a path that cannot take it: one sentence before anything is read."""
    book(tmp_path)
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    run = in_process([arg.replace("{tmp}", str(tmp_path)) for arg in argv], capsys)
    one_sentence(run, "-o « ")
    assert sandbox_writes == []  # refused before the sandbox even started
    assert sorted(p.name for p in tmp_path.iterdir()) == before


class HeadlessPreview:
    """Stands for the Textual app: plans and pushes at once, as pressing `s` then Enter would."""

    opened: ClassVar[list[Any]] = []

    def __init__(self, session: Any) -> None:
        self.session = session
        self.fatal_message = ""
        HeadlessPreview.opened.append(session)

    def run(self) -> int:
        self.session.make_plan()
        self.session.push()
        return 0


@pytest.fixture
def headless_preview(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    import bulkio.tui.app

    HeadlessPreview.opened = []
    monkeypatch.setattr(bulkio.tui.app, "PreviewApp", HeadlessPreview)
    return HeadlessPreview.opened


def test_preview_with_an_unusable_result_path_does_not_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], headless_preview: list[Any]
) -> None:
    source = book(tmp_path)
    run = in_process(["preview", str(source), "--sandbox", "--result", str(tmp_path / "r.csv")], capsys)
    one_sentence(run, "--result", "r.xlsx")
    assert headless_preview == [] and sum(sandbox_writes) == 0


def test_preview_result_that_fails_at_the_end_goes_to_a_fallback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], headless_preview: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preview's push, then its result folder gone: the command line says where the result went, exit 1."""
    source = book(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    _folder_gone_after_push(monkeypatch, out, module="bulkio.session")
    run = in_process(["preview", str(source), "--sandbox", "--result", str(out / "r.xlsx")], capsys)
    assert run.code == 1, run.err
    assert sandbox_writes == [len(ROWS)]
    session = headless_preview[0]
    assert session.report.fallback and session.result_path == session.report.path
    assert str(session.report.path) in run.err.replace("\n", "")
    assert [r["Statut"] for r in read_sheet(session.report.path, "Comptes")] == ["Créé"] * len(ROWS)


def test_run_import_refuses_an_unusable_result_path(sandbox: Any, tmp_path: Path) -> None:
    """Scripts get the same check: a UsageError before the first request."""
    from bulkio.pipeline import run_import

    source = book(tmp_path)
    before = sandbox.stats()["writes"]
    with pytest.raises(UsageError, match="nommez-le"):
        run_import(source, firm_target(sandbox, 2), tmp_path / "r.csv", journal_dir=tmp_path / "j")
    assert sandbox.stats()["writes"] == before


def _folder_gone_after_push(monkeypatch: pytest.MonkeyPatch, folder: Path, module: str = "bulkio.multi") -> None:
    """The result's folder is replaced by a file once the writes are sent: the result can no longer go there."""
    import importlib

    pushing = importlib.import_module(module)
    execute: Callable[..., Any] = pushing.execute_import

    def execute_then_break(*args: Any, **kwargs: Any) -> Any:
        runs = execute(*args, **kwargs)
        shutil.rmtree(folder)
        folder.write_text("plus un dossier", encoding="utf-8")
        return runs

    monkeypatch.setattr(pushing, "execute_import", execute_then_break)


def test_result_that_fails_at_the_end_goes_to_a_fallback_and_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writes were sent, then the result folder went: the result is written elsewhere, its path printed with
    the summary, exit 1; every row is in it once with its status, and it is still there after a rerun."""
    source = book(tmp_path)
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    out = tmp_path / "sortie"
    out.mkdir()
    _folder_gone_after_push(monkeypatch, out)
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(out / "r.xlsx")], capsys)

    assert run.code == 1, run.err
    assert sandbox_writes == [len(ROWS)]
    assert "Créé" in run.out  # the summary table
    assert "n'a pas pu être écrit à « " + str(out / "r.xlsx") in run.err and "inattendue" not in run.err
    fallback = Path(run.err.split("Classeur résultat : ")[1].split()[0])
    assert fallback.is_file() and fallback.parent != out and fallback.suffix == ".xlsx"
    rows = read_sheet(fallback, "Comptes")
    assert [(r["N° de compte"], r["Statut"]) for r in rows] == [(n, "Créé") for n, _label in ROWS]
    assert all(r["ID MyUnisoft"] for r in rows)

    monkeypatch.undo()  # the rerun: a normal folder, the same sandbox state
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    again = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(tmp_path / "r2.xlsx")], capsys)
    assert again.code == 0, again.err
    assert [r["Statut"] for r in read_sheet(tmp_path / "r2.xlsx", "Comptes")] == ["Inchangé"] * len(ROWS)
    assert [r["Statut"] for r in read_sheet(fallback, "Comptes")] == ["Créé"] * len(ROWS)  # the record stays


def test_when_no_workbook_can_be_written_every_row_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither the result folder nor any fallback folder takes the workbook: each row's outcome goes to stderr."""
    import bulkio.outputs

    source = book(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    _folder_gone_after_push(monkeypatch, out)
    monkeypatch.setattr(bulkio.outputs, "fallback_dirs", lambda: [tmp_path / "file.txt" / "secours"])
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(out / "r.xlsx")], capsys)

    assert run.code == 1, run.err
    assert sandbox_writes == [len(ROWS)]
    assert "ni dans un dossier de secours" in run.err and "Classeur résultat" not in run.err
    lines = [line.split("\t") for line in run.err.splitlines() if line.startswith("Comptes\t")]
    assert [(sheet, row, status) for sheet, row, status, _code, _id in lines] == [
        ("Comptes", str(row), "Créé") for row in range(2, 2 + len(ROWS))]
    assert all(remote_id for *_rest, remote_id in lines)


def test_run_import_reports_its_fallback(sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bulkio.pipeline import run_import

    source = book(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    _folder_gone_after_push(monkeypatch, out)
    _v, runs = run_import(source, firm_target(sandbox, 2), out / "r.xlsx", journal_dir=tmp_path / "j")
    assert runs.report is not None and runs.report.fallback and runs.report.path is not None
    assert [r["Statut"] for r in read_sheet(runs.report.path, "Comptes")] == ["Créé"] * len(ROWS)
