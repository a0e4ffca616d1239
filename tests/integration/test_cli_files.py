"""Inputs that are not ordinary files, and workbooks open in Excel (issue 13, class 7).

A named pipe used to block the first read for ever: it is run in a subprocess with a deadline, to prove the
refusal comes at once. The other cases run in-process.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_xlsx
from tests.corpus.run import MAX_SECONDS_SUBPROCESS, Run, capped, in_process

NOT_REGULAR = "n'est pas un fichier ordinaire"


def refused(run: Run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("bulkio : "), run.err
    assert "Traceback" not in run.err and "inattendue" not in run.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("command", [["validate"], ["import", "--sandbox", "--yes"]])
def test_named_pipe_is_refused_at_once(command: list[str], tmp_path: Path) -> None:
    """`bulkio validate plan.xlsx` where plan.xlsx is a named pipe: one sentence, no hang (a subprocess killed
    after 30 s would fail this)."""
    fifo = tmp_path / "plan.xlsx"
    os.mkfifo(fifo)
    run = capped([command[0], str(fifo), *command[1:]])
    refused(run, "plan.xlsx", NOT_REGULAR, "tube nommé")
    assert run.seconds < MAX_SECONDS_SUBPROCESS


@pytest.mark.parametrize("command", ["validate", "import", "preview", "diff"])
def test_device_is_refused(command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                           ) -> None:
    """/dev/zero is not an empty workbook nor an endless one: it is not a file."""
    monkeypatch.setattr("bulkio.tui.app.PreviewApp", Closed)  # were the preview to open, it would end at once
    extra = ["--sandbox"] if command in ("import", "diff") else []
    refused(in_process([command, "/dev/zero", *extra], capsys), "/dev/zero", NOT_REGULAR, "périphérique")


def test_socket_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                           ) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative path: a socket's path is limited to about 100 bytes
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind("plan.xlsx")
        refused(in_process(["validate", "plan.xlsx"], capsys), NOT_REGULAR, "socket")
    finally:
        server.close()


def test_detect_format_refuses_a_pipe_before_opening_it(tmp_path: Path) -> None:
    """The reader's own check, for scripts that call it without the command line (a subprocess: without the
    check, open() would block for ever)."""
    fifo = tmp_path / "comptes.csv"
    os.mkfifo(fifo)
    code = ("import sys; from pathlib import Path; from bulkio.errors import InputError\n"
            "from bulkio.workbook.sniff import detect_format\n"
            "try:\n    detect_format(Path(sys.argv[1]))\nexcept InputError as error:\n    print(error.message)")
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL, check=True)
    assert "tube nommé" in done.stdout


# --- a workbook open in Excel or LibreOffice ---


def book(tmp_path: Path, name: str) -> Path:
    return write_xlsx(tmp_path / name, "Comptes", ["N° de compte", "Libellé"], [["401000", "Fournisseurs"]])


@pytest.mark.parametrize(("name", "lock", "app"), [
    ("plan.xlsx", "~$plan.xlsx", "Excel"),
    ("Plan comptable 2024.xlsx", "~$an comptable 2024.xlsx", "Excel"),  # a long name loses its first two chars
    ("Plan comptable 2024.xlsx", "~$Plan comptable 2024.xlsx", "Excel"),
    ("plan.xlsx", ".~lock.plan.xlsx#", "LibreOffice"),
])
def test_open_workbook_gives_a_warning_not_a_refusal(name: str, lock: str, app: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The user still has the workbook open: the run goes on, but they are told their unsaved edits are not in
    the file."""
    path = book(tmp_path, name)
    (tmp_path / lock).write_bytes(b"\x05Alice")
    run = in_process(["validate", str(path)], capsys)
    assert run.code == 0, run.err
    warning, summary = run.err.strip().splitlines()
    assert warning.startswith("attention : ") and f"ouvert dans {app}" in warning and lock in warning
    assert "enregistrez-le et fermez-le, puis relancez" in warning
    assert summary == "Aucune erreur : 1 lignes valides."
    (tmp_path / lock).unlink()  # closed: another workbook's lock beside it says nothing about this one
    (tmp_path / "~$autre.xlsx").write_bytes(b"\x05Alice")
    assert in_process(["validate", str(path)], capsys).err.strip() == summary


@pytest.mark.parametrize("argv", [
    ["import", "{path}", "--sandbox", "--dry-run"],
    ["diff", "{path}", "--sandbox"],
    ["validate", "{path}", "--lang", "en"],
])
def test_open_workbook_warning_on_every_command_that_reads(argv: list[str], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = book(tmp_path, "plan.xlsx")
    (tmp_path / "~$plan.xlsx").write_bytes(b"\x05Alice")
    run = in_process([arg.replace("{path}", str(path)) for arg in argv], capsys)
    assert run.code in (0, 1), run.err
    assert "ouvert dans Excel" in run.err or "is open in Excel" in run.err


class Closed:
    """Stands for the preview's window, closed at once."""

    def __init__(self, session: object) -> None:
        self.fatal_message = ""

    def run(self) -> int:
        return 0


def test_preview_warns_too(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                           ) -> None:
    monkeypatch.setattr("bulkio.tui.app.PreviewApp", Closed)
    path = book(tmp_path, "plan.xlsx")
    (tmp_path / ".~lock.plan.xlsx#").write_text("Alice,host,,", encoding="utf-8")
    run = in_process(["preview", str(path)], capsys)
    assert run.code == 0 and "ouvert dans LibreOffice" in run.err

