"""What happened to one input row: the vocabulary of the result workbook, the journal and the TUI."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulkio.i18n import register, t


class Status(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    ERROR = "error"
    SKIPPED = "skipped"  # deliberately not processed (e.g. --only, or a row of another kind)
    NOT_SENT = "not_sent"  # would have been written, but the run stopped first, or --dry-run

    def label(self, lang: str | None = None) -> str:
        return t(f"status.{self.value}", lang)


register(
    {
        "status.created": {"fr": "Créé", "en": "Created"},
        "status.updated": {"fr": "Mis à jour", "en": "Updated"},
        "status.unchanged": {"fr": "Inchangé", "en": "Unchanged"},
        "status.error": {"fr": "Erreur", "en": "Error"},
        "status.skipped": {"fr": "Ignoré", "en": "Skipped"},
        "status.not_sent": {"fr": "Non envoyé", "en": "Not sent"},
    }
)


@dataclass(frozen=True)
class RowOutcome:
    status: Status
    message: str = ""
    error_code: str = ""
    remote_id: str = ""
    request_id: str = ""


# Headers the result workbook adds (fr, en); the reader ignores them so a result can be re-imported.
RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Statut", "Status"),
    ("Code erreur", "Error code"),
    ("Message", "Message"),
    ("ID MyUnisoft", "MyUnisoft ID"),
    ("Request-ID", "Request-ID"),
)
