"""What an import across dossiers did (push_all.execute_import): each dossier's run, the dossiers that failed and
why, and every row's outcome as the result workbook and the front ends show it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bulkio.outcome import RowOutcome, Status
from bulkio.outputs import Written
from bulkio.push import PushResult, RowKey, settled_outcome

if TYPE_CHECKING:
    from bulkio.config import Target
    from bulkio.multi import ImportPlan
    from bulkio.pipeline import ImportRun


@dataclass
class ImportRuns:
    plan: ImportPlan
    runs: dict[int, ImportRun]  # by society id
    failures: dict[int, str]  # dossiers whose push failed (before or during their writes): why
    started_at: datetime
    finished_at: datetime
    interrupted: bool = False
    recorded: dict[int, dict[RowKey, RowOutcome]] = field(default_factory=dict)  # a failed dossier's rows done
    report: Written | None = None  # where the result workbook went, once written (pipeline.write_report)
    halted: str = ""  # why the dossiers not started were not: another's unexpected error stopped the run

    @property
    def label(self) -> str:
        return self.plan.label

    def describe(self, target: Target) -> str:
        return self.plan.describe(target)

    @property
    def outcomes(self) -> dict[tuple[str, int], RowOutcome]:
        found: dict[tuple[str, int], RowOutcome] = {}
        for part in self.plan.parts:
            run = self.runs.get(part.dossier.society_id)
            if run is not None:
                found.update(run.result.outcomes)
                continue
            message = self.failures.get(part.dossier.society_id, self.halted)
            recorded = self.recorded.get(part.dossier.society_id, {})
            for row in part.plan.rows:
                key = (row.sheet, row.excel_row)
                if key in recorded:  # written before the failure: its outcome, as the journal has it
                    found[key] = recorded[key]
                else:
                    found[key] = RowOutcome(Status.NOT_SENT, message) if row.writes else settled_outcome(row)
        for row in self.plan.unrouted:
            found[(row.sheet, row.excel_row)] = settled_outcome(row)
        return found

    def counts(self) -> dict[str, dict[Status, int]]:
        table: dict[str, dict[Status, int]] = {}
        for (sheet, _row), outcome in self.outcomes.items():
            table.setdefault(sheet, dict.fromkeys(Status, 0))[outcome.status] += 1
        return table

    def counts_by_dossier(self) -> dict[str, dict[Status, int]]:
        """Per dossier label; rows that reached no dossier are left out (they are in the per-sheet counts)."""
        dossier_of = self.plan.dossier_of_rows()
        table: dict[str, dict[Status, int]] = {part.context.society_label: dict.fromkeys(Status, 0)
                                               for part in self.plan.parts}
        for key, outcome in self.outcomes.items():
            label = dossier_of.get(key)
            if label is not None:
                table[label][outcome.status] += 1
        return table

    @property
    def failed(self) -> bool:
        return bool(self.failures) or any(o.status in (Status.ERROR, Status.NOT_SENT) for o in self.outcomes.values())

    @property
    def result(self) -> PushResult:
        """All dossiers' outcomes as one push result (what the single-dossier front ends read)."""
        return PushResult(self.outcomes, self.interrupted, sum(r.result.sent for r in self.runs.values()))
