from __future__ import annotations

from pathlib import Path

from bulkio.journal import Journal
from bulkio.outcome import RowOutcome, Status


def test_resume_keeps_done_and_sent_rows_and_a_finished_run_starts_afresh(tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(b"content")
    journal = Journal.for_run(source, "target", tmp_path / "j")
    journal.mark_sent("Comptes", 2, "create")
    journal.mark_done("Comptes", 2, "create", RowOutcome(Status.CREATED, remote_id="11"))
    journal.mark_sent("Comptes", 3, "create")
    journal.close()

    again = Journal.for_run(source, "target", tmp_path / "j")
    entries = again.entries()
    assert again.resuming
    assert entries[("Comptes", 2)].outcome == RowOutcome(Status.CREATED, remote_id="11")
    assert entries[("Comptes", 3)].state == "sent" and entries[("Comptes", 3)].outcome is None
    again.finish()
    again.close()

    fresh = Journal.for_run(source, "target", tmp_path / "j")
    assert not fresh.resuming


def test_another_target_or_content_gets_its_own_journal(tmp_path: Path) -> None:
    source = tmp_path / "in.xlsx"
    source.write_bytes(b"content")
    first = Journal.for_run(source, "target-a", tmp_path / "j")
    first.mark_sent("Comptes", 2, "create")
    assert not Journal.for_run(source, "target-b", tmp_path / "j").resuming
    source.write_bytes(b"changed")
    assert not Journal.for_run(source, "target-a", tmp_path / "j").resuming
