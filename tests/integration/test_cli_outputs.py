"""Outputs (issue 13, class 6): every output path is checked before anything is sent, and a result that cannot
be written where asked at the end goes to a fallback path, or to stderr row by row: the record of what was
sent is never lost.

The embedded sandbox of `--sandbox` lives only for the command; its write counter is read as it stops.
Tests run as root here, so a read-only folder is not used (root writes anyway): an unusable folder is a path
under a file (`file.txt/sub/result.xlsx`), and a folder that goes during the run is replaced by a file
between the push and the result (monkeypatched `bulkio.session.execute_import`).
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
from tests.corpus.run import Run, in_process
from tests.support.files import digest

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
    from bulkio.session import run_import

    source = book(tmp_path)
    before = sandbox.stats()["writes"]
    with pytest.raises(UsageError, match="nommez-le"):
        run_import(source, firm_target(sandbox, 2), tmp_path / "r.csv", journal_dir=tmp_path / "j")
    assert sandbox.stats()["writes"] == before


def _folder_gone_after_push(monkeypatch: pytest.MonkeyPatch, folder: Path, module: str = "bulkio.session") -> None:
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
    from bulkio.session import run_import

    source = book(tmp_path)
    out = tmp_path / "sortie"
    out.mkdir()
    _folder_gone_after_push(monkeypatch, out)
    _v, runs = run_import(source, firm_target(sandbox, 2), out / "r.xlsx", journal_dir=tmp_path / "j")
    assert runs.report is not None and runs.report.fallback and runs.report.path is not None
    assert [r["Statut"] for r in read_sheet(runs.report.path, "Comptes")] == ["Créé"] * len(ROWS)


# --- an error during the push (item: any exception after the first write) ---------------------------------------

FOUR = [*ROWS, ["401DDD", "Fournisseur D"]]


def _journal_full_on_third_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal's disk fills up as the 3rd account's creation is recorded: that account is created in the
    dossier, the 4th is never sent."""
    import errno

    from bulkio.journal import Journal

    mark_done = Journal.mark_done
    calls: list[int] = []

    def failing(self: Journal, *args: Any) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        mark_done(self, *args)

    monkeypatch.setattr(Journal, "mark_done", failing)


def test_an_error_mid_push_still_writes_the_record_of_what_was_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user imports four accounts and the disk fills up under the journal after the third: the result says
    the three were created (with their IDs) and the fourth not sent, the summary and the error's sentence are
    printed, exit 1; the same command then sends only the fourth."""
    source = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", HEADERS, FOUR)
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    _journal_full_on_third_outcome(monkeypatch)
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(tmp_path / "r.xlsx")], capsys)

    assert run.code == 1, run.err
    assert "Traceback" not in run.err and "inattendue" not in run.err
    assert "No space left on device" in run.err and "relancez la même commande" in run.err
    assert "Créé" in run.out and "Non envoyé" in run.out  # the summary table
    assert sandbox_writes == [3]
    rows = read_sheet(tmp_path / "r.xlsx", "Comptes")
    assert [(r["N° de compte"], r["Statut"]) for r in rows] == [
        ("401AAA", "Créé"), ("401BBB", "Créé"), ("411CCC", "Créé"), ("401DDD", "Non envoyé")]
    assert all(r["ID MyUnisoft"] for r in rows[:3])

    # The disk has room again (only the 3rd outcome failed). Each --sandbox is a new target (its own port), so this
    # is a new run rather than a resume: what landed is unchanged, only the fourth is sent.
    again = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(tmp_path / "r2.xlsx")], capsys)
    assert again.code == 0, again.err
    assert sandbox_writes == [3, 1]
    assert [r["Statut"] for r in read_sheet(tmp_path / "r2.xlsx", "Comptes")] == ["Inchangé"] * 3 + ["Créé"]


def test_run_import_keeps_the_record_when_the_journal_fails(
    sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A script's import meets the same full disk: no exception, the result and `runs.failures` say it all."""
    from bulkio.outcome import Status
    from bulkio.session import run_import

    source = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", HEADERS, FOUR)
    before = sandbox.stats()["writes"]
    _journal_full_on_third_outcome(monkeypatch)
    _v, runs = run_import(source, firm_target(sandbox, 2), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")

    assert sandbox.stats()["writes"] - before == 3
    assert [m for m in runs.failures.values() if "No space left on device" in m]
    assert [o.status for o in runs.outcomes.values()] == [Status.CREATED] * 3 + [Status.NOT_SENT]
    assert runs.report is not None and runs.report.complete
    assert [r["Statut"] for r in read_sheet(tmp_path / "r.xlsx", "Comptes")] == ["Créé"] * 3 + ["Non envoyé"]

    # The same import again resumes the journal: the three keep "Créé", only the fourth is sent.
    _v, again = run_import(source, firm_target(sandbox, 2), tmp_path / "r2.xlsx", journal_dir=tmp_path / "j")
    assert not again.failures and sandbox.stats()["writes"] - before == 4
    assert [r["Statut"] for r in read_sheet(tmp_path / "r2.xlsx", "Comptes")] == ["Créé"] * 4


def test_preview_push_that_fails_midway_keeps_the_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], headless_preview: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preview's push meets the full disk: once the screen is gone, the error's sentence and the result's
    path are printed, exit 1, and the result holds every row once."""
    source = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", HEADERS, FOUR)
    _journal_full_on_third_outcome(monkeypatch)
    run = in_process(["preview", str(source), "--sandbox", "--result", str(tmp_path / "r.xlsx")], capsys)

    assert run.code == 1, run.err
    assert "No space left on device" in run.err and "Traceback" not in run.err
    assert sandbox_writes == [3]
    assert [r["Statut"] for r in read_sheet(tmp_path / "r.xlsx", "Comptes")] == ["Créé"] * 3 + ["Non envoyé"]


# --- an existing result is the record of an earlier run -------------------------------------------------------


def test_an_existing_result_is_kept_unless_overwrite_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The user runs the same import again with the same --result: the first result, which holds the IDs of
    what was created, is not replaced; one sentence, nothing sent. With --overwrite it is."""
    source = book(tmp_path)
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    result = tmp_path / "r.xlsx"
    argv = ["import", str(source), "--sandbox", "--yes", "--result", str(result)]
    assert in_process(argv, capsys).code == 0
    first = read_sheet(result, "Comptes")
    assert [r["Statut"] for r in first] == ["Créé"] * len(ROWS)

    refused = in_process(argv, capsys)
    one_sentence(refused, "--result", "existe déjà", "--overwrite")
    assert sandbox_writes == [len(ROWS)]  # refused before the sandbox even started
    assert read_sheet(result, "Comptes") == first

    preview = in_process(["preview", str(source), "--sandbox", "--result", str(result)], capsys)
    one_sentence(preview, "existe déjà", "--overwrite")

    replaced = in_process([*argv, "--overwrite"], capsys)
    assert replaced.code == 0, replaced.err
    assert [r["Statut"] for r in read_sheet(result, "Comptes")] == ["Inchangé"] * len(ROWS)


def test_two_runs_in_the_same_second_keep_both_default_results(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --result, a second run in the same second gets its own time-stamped result beside the first."""
    from datetime import datetime

    import bulkio.pipeline
    from bulkio.workbook.result import default_result_path

    source = book(tmp_path)
    monkeypatch.setenv("BULKIO_SANDBOX_DB", str(tmp_path / "sandbox.sqlite"))
    monkeypatch.setattr(bulkio.pipeline, "default_result_path",
                        lambda path: default_result_path(path, datetime(2024, 5, 2, 9, 30, 0)))
    for _ in range(2):
        assert in_process(["import", str(source), "--sandbox", "--yes"], capsys).code == 0
    first, second = (tmp_path / f"comptes.resultat-20240502-093000{n}.xlsx" for n in ("", "-2"))
    assert [r["Statut"] for r in read_sheet(first, "Comptes")] == ["Créé"] * len(ROWS)
    assert [r["Statut"] for r in read_sheet(second, "Comptes")] == ["Inchangé"] * len(ROWS)


@pytest.mark.parametrize("argv", [
    ["template", "comptes", "-o", "{tmp}/sortie.xlsx"],
    ["diff", "{tmp}/comptes.xlsx", "--sandbox", "--society-id", "2", "-o", "{tmp}/sortie.xlsx"],
])
def test_exports_templates_and_audits_still_replace_their_file(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o names a file that is no record of writes: it is replaced, as before."""
    book(tmp_path)
    (tmp_path / "sortie.xlsx").write_bytes(b"ancien")
    run = in_process([arg.replace("{tmp}", str(tmp_path)) for arg in argv], capsys)
    assert run.code in (0, 1), run.err
    assert (tmp_path / "sortie.xlsx").read_bytes() != b"ancien"


def test_a_name_the_file_system_refuses_is_refused_before_any_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sandbox_writes: list[int]
) -> None:
    """--result with a 300-character name: the folder is fine, the name is not; said at once, nothing sent."""
    source = book(tmp_path)
    run = in_process(["import", str(source), "--sandbox", "--yes", "--result", str(tmp_path / ("a" * 300 + ".xlsx"))],
                     capsys)
    one_sentence(run, "--result", "ne peut pas être créé")
    assert sandbox_writes == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["comptes.xlsx"]
