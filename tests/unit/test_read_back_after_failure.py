"""A dossier whose push stopped on an error: a row left sent without an answer is read back, and when that read-back
is refused (429 for minutes, or a token that could not be renewed) the row is "possibly sent, not confirmed"
(Non envoyé), never an error, and the journal keeps it as sent for the next run (issue 14 review, multi.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkio.errors import ApiError, TokenExpired
from bulkio.journal import Journal
from bulkio.outcome import Status
from bulkio.plan import Action, Plan, PlannedRow, RunContext
from bulkio.push import read_back_after_failure


class Refusing:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def get(self, *_args: object, **_kwargs: object) -> object:
        raise self.error


@pytest.mark.parametrize("error", [ApiError("ERR-TOO-MANY-REQUEST", "Too many", http_status=429),
                                   TokenExpired("le jeton de connexion a expiré")], ids=["429", "token"])
def test_a_refused_read_back_leaves_the_row_possibly_sent(error: Exception, tmp_path: Path) -> None:
    row = PlannedRow("comptes", "Comptes", 2, "401X", Action.CREATE, {"account_number": "401X", "label": "X"})
    plan = Plan(RunContext(2, "firm"), [row], {"comptes": None})
    journal = Journal(tmp_path / "j.sqlite")
    journal.mark_sent("Comptes", 2, Action.CREATE.value)
    found = read_back_after_failure(plan, Refusing(error), journal, {})
    outcome = found[("Comptes", 2)]
    assert outcome.status is Status.NOT_SENT and outcome.message.startswith("peut-être envoyé, non confirmé")
    assert "relira" in outcome.message
    assert journal.entries()[("Comptes", 2)].state == "sent"  # the next run reads it back before sending
