"""Push: execute a plan's writes in order, paced by the client, journaled, with read-back on doubt.

A write that fails without a clear answer (timeout after sending, 5xx, dropped connection) may have
landed. It is never sent again blindly: the entity reads the object back first, and only a write that
did not land is sent again. If even the read-back fails, the row stays `sent` in the journal and the
next run decides from its fresh snapshot.

A 429 is a clear answer: the request was not processed. The client sends it again after the pacer's wait;
only when the API has refused for minutes on end (the pacer's `give_up_after`) does it reach here. So is a token
refused as expired that could not be renewed (TokenExpired: the client renews it when it can). The push then
stops: that row and the rest are "Non envoyé", with what to do, and the row leaves the journal unless an earlier
request of it had landed, so a later run sends it as new, never labelled "repris". When what was refused is the
read-back of a write that may have landed, the row is "Non envoyé" as possibly sent, not confirmed: it stays
`sent` in the journal and the next run reads it back (its fresh snapshot) before sending anything.

Resume. When a push starts, each planned row is in one of four states (`ResumeState`), which `resume_state`
decides from the row's journal entry and from the plan, made from a fresh snapshot: the read-back of any write
an earlier run sent without getting its answer.

    NOT_SENT         No journal entry: no earlier run sent it. Its writes are sent; a row without any gets the
                     plan's outcome (Inchangé, Ignoré, Erreur).
    DONE             The journal holds its outcome: reported as it was, nothing is sent.
    SENT_LANDED      Marked `sent` without an outcome (the run stopped before the answer), and the snapshot shows
                     the row as the workbook says (the plan has it unchanged): the write landed. Nothing is
                     sent; it is reported as what was sent ("Créé" for a create, "Mis à jour" for an update),
                     "repris d'une exécution précédente", and marked done.
    SENT_NOT_LANDED  Marked `sent` without an outcome, and the snapshot still differs: the write did not land, or
                     only its first request did (a create landed, not the update after it). What is missing is
                     sent once more, and once only; a row the journal has as a create is reported "Créé"
                     ("repris") even when what was left to send was its update.

A SENT_NOT_LANDED row the plan now skips or refuses has nothing to send: it gets the plan's outcome, as a NOT_SENT
row would, and stays `sent` in the journal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum

from bulkio.entities import HANDLERS, EntityHandler
from bulkio.errors import ApiError, ApiUnavailable, TokenExpired
from bulkio.i18n import register, t
from bulkio.journal import Journal, JournalEntry
from bulkio.outcome import RowOutcome, Status
from bulkio.plan import Action, Plan, PlannedRow, StepLog
from bulkio.refusals import refusal_message

register(
    {
        "push.uncertain": {
            "fr": "l'envoi n'a pas reçu de réponse claire et la relecture a échoué ({error}) : relancez la même "
            "commande, elle vérifiera avant de renvoyer.",
            "en": "the write got no clear answer and the read-back failed ({error}): run the same command again, "
            "it will check before sending.",
        },
        "push.gave_up": {
            "fr": "échec après {attempts} tentatives ({error}) : relancez plus tard.",
            "en": "failed after {attempts} attempts ({error}): run again later.",
        },
        "push.resumed": {"fr": "repris d'une exécution précédente", "en": "resumed from a previous run"},
        "push.unconfirmed": {
            "fr": "peut-être envoyé, non confirmé : l'envoi n'a pas reçu de réponse claire et sa relecture a été "
            "refusée ({reason}) ; relancez la même commande, elle relira avant d'envoyer quoi que ce soit.",
            "en": "possibly sent, not confirmed: the write got no clear answer and its read-back was refused "
            "({reason}); run the same command again, it will read back before sending anything.",
        },
        "push.rate_limited": {
            "fr": "non envoyé : l'API a refusé toutes les requêtes pendant {minutes} min d'affilée (429, limite de "
            "débit) ; relancez la même commande plus tard, elle reprendra ici.",
            "en": "not sent: the API refused every request for {minutes} min in a row (429, rate limit); run the "
            "same command again later, it will resume here.",
        },
    }
)

RowKey = tuple[str, int]


class _Halted(Exception):
    """The push stops at this row: the API refused (429) for longer than the client waits, or refused the token
    and it could not be renewed. `message`: what the rows not sent say; `maybe_sent`: the refused request was the
    read-back of a write that may have landed."""

    def __init__(self, message: str, code: str, maybe_sent: bool) -> None:
        super().__init__(code)
        self.message, self.code, self.maybe_sent = message, code, maybe_sent

    @property
    def not_sent(self) -> RowOutcome:
        """What this row and the rows after it say."""
        return RowOutcome(Status.NOT_SENT, self.message, self.code)


@dataclass
class Progress:
    done: int
    total: int
    errors: int
    row: PlannedRow | None = None
    outcome: RowOutcome | None = None
    dossier: str = ""  # the dossier of the row, in a run of several


@dataclass
class PushResult:
    outcomes: dict[RowKey, RowOutcome] = field(default_factory=dict)
    interrupted: bool = False
    sent: int = 0

    @property
    def complete(self) -> bool:
        """Every row has its outcome: nothing left for a resume to do."""
        return not self.interrupted and all(o.status is not Status.NOT_SENT for o in self.outcomes.values())


def settled_outcome(row: PlannedRow) -> RowOutcome:
    if row.action is Action.UNCHANGED:
        return RowOutcome(Status.UNCHANGED, remote_id=row.remote_id)
    if row.action is Action.SKIP:
        return RowOutcome(Status.SKIPPED, row.message, row.error_code, remote_id=row.remote_id)
    return RowOutcome(Status.ERROR, row.message, row.error_code, row.remote_id)


class ResumeState(Enum):
    """Where a planned row stands when a push starts: see the module's docstring."""

    NOT_SENT = "not sent"
    DONE = "done"
    SENT_LANDED = "sent, landed"
    SENT_NOT_LANDED = "sent, not landed"


def resume_state(entry: JournalEntry | None, row: PlannedRow) -> ResumeState:
    """The row's state from its journal entry (what an earlier run did) and the plan (made from a fresh snapshot:
    the read-back of a write that run sent without getting the answer)."""
    if entry is None:
        return ResumeState.NOT_SENT
    if entry.outcome is not None:
        return ResumeState.DONE
    if row.action is Action.UNCHANGED:  # the snapshot shows the row as the workbook says
        return ResumeState.SENT_LANDED
    return ResumeState.SENT_NOT_LANDED


def _landed_outcome(entry: JournalEntry, row: PlannedRow) -> RowOutcome:
    """A row sent by a stopped run whose write landed: reported as what that run sent."""
    status = Status.CREATED if entry.action == Action.CREATE.value else Status.UPDATED
    return RowOutcome(status, t("push.resumed"), remote_id=row.remote_id)


def _as_resumed_create(outcome: RowOutcome) -> RowOutcome:
    """The create landed in a stopped run and this run finished the row (the update after it): a creation."""
    return RowOutcome(Status.CREATED, t("push.resumed"), outcome.error_code, outcome.remote_id, outcome.request_id)


@dataclass
class _Run:
    """One push: its inputs, the journal as the run found it, and what it has found so far."""

    plan: Plan
    client: object
    handlers: Mapping[str, EntityHandler]
    journal: Journal
    max_attempts: int
    entries: dict[RowKey, JournalEntry]
    states: dict[RowKey, ResumeState] = field(default_factory=dict)
    result: PushResult = field(default_factory=PushResult)

    def settle_resumed(self) -> list[PlannedRow]:
        """Give each row its resume state; record the outcome of those that need no request; the rest, in order."""
        pending: list[PlannedRow] = []
        for row in self.plan.rows:
            key = (row.sheet, row.excel_row)
            entry = self.entries.get(key)
            state = self.states[key] = resume_state(entry, row)
            if state is ResumeState.DONE:
                assert entry is not None and entry.outcome is not None
                self.result.outcomes[key] = entry.outcome  # done in an earlier run: costs nothing
            elif state is ResumeState.SENT_LANDED:
                assert entry is not None
                outcome = _landed_outcome(entry, row)
                self.journal.mark_done(row.sheet, row.excel_row, entry.action, outcome)
                self.result.outcomes[key] = outcome
            elif row.writes:  # NOT_SENT, or SENT_NOT_LANDED: what is still missing is sent
                pending.append(row)
            else:
                self.result.outcomes[key] = settled_outcome(row)
        return pending

    def resumed_create(self, row: PlannedRow) -> bool:
        """A create sent by a stopped run that did not (wholly) land."""
        key = (row.sheet, row.excel_row)
        return self.states[key] is ResumeState.SENT_NOT_LANDED and self.entries[key].action == Action.CREATE.value

    def push_unit(self, members: list[PlannedRow]) -> RowOutcome:
        """Send one request (a group's rows share their lead's) and record its rows' outcome. Raises _Halted once
        the rows are recorded as not sent."""
        lead = members[0]
        handler = self.handlers[lead.kind]
        snapshot = self.plan.snapshots[handler.family]
        for member in members:
            self.journal.mark_sent(member.sheet, member.excel_row, member.action.value)
        self.result.sent += 1
        landed_steps: list[str] = []  # the requests of this row that landed in this run (create, update...)

        def log(step: str, _remote_id: str) -> None:
            landed_steps.append(step)

        headers = self.plan.headers.get(lead.sheet, {})
        try:
            outcome, certain = _send(lead, self.client, handler, snapshot, self.max_attempts, log, headers)
        except _Halted as halted:
            self._record_halted(members, halted, landed=bool(landed_steps))
            raise
        if self.resumed_create(lead) and outcome.status is Status.UPDATED:
            outcome = _as_resumed_create(outcome)
        for member in members:
            if certain:
                self.journal.mark_done(member.sheet, member.excel_row, member.action.value, outcome)
            self.result.outcomes[(member.sheet, member.excel_row)] = outcome
        return outcome

    def _record_halted(self, members: list[PlannedRow], halted: _Halted, landed: bool) -> None:
        """The push stops at these rows: "Non envoyé". `landed`: a request of theirs landed in this run."""
        for member in members:
            key = (member.sheet, member.excel_row)
            if halted.maybe_sent:  # stays `sent`: the next run reads it back before sending
                self.result.outcomes[key] = RowOutcome(
                    Status.NOT_SENT, t("push.unconfirmed", reason=halted.code), halted.code)
                continue
            if not landed and self.states[key] is ResumeState.NOT_SENT:  # certainly not processed: nothing to resume
                self.journal.forget(member.sheet, member.excel_row)
            self.result.outcomes[key] = halted.not_sent


def push(
    plan: Plan,
    client: object,
    handlers: Mapping[str, EntityHandler],
    journal: Journal,
    on_progress: Callable[[Progress], None] | None = None,
    max_attempts: int = 4,
    stop: threading.Event | None = None,
    finish: bool = True,
) -> PushResult:
    """Send the plan's writes. Ctrl-C, or `stop` being set (the TUI's cancel), ends it between two requests.

    A complete push finishes its journal (the next run with this input is a new run), unless `finish` is False:
    a run of several dossiers finishes their journals together, once every one of them is complete."""
    run = _Run(plan, client, handlers, journal, max_attempts, journal.entries())
    result = run.result
    pending = run.settle_resumed()
    # One request per group (a key's rates): the lead is sent, the other rows share its outcome.
    total = len(pending)
    done = errors = 0
    not_sent = RowOutcome(Status.NOT_SENT)
    try:
        for members in _units(pending):
            if stop is not None and stop.is_set():
                result.interrupted = True
                break
            try:
                outcome = run.push_unit(members)
            except _Halted as halted:
                not_sent = halted.not_sent
                break
            done += len(members)
            errors += len(members) if outcome.status is Status.ERROR else 0
            if on_progress:
                on_progress(Progress(done, total, errors, members[0], outcome))
    except KeyboardInterrupt:
        result.interrupted = True
    for row in pending:
        result.outcomes.setdefault((row.sheet, row.excel_row), not_sent)
    if finish and result.complete:
        journal.finish()
    return result


def _units(pending: list[PlannedRow]) -> list[list[PlannedRow]]:
    """Pending rows by request: a group's pending rows together (any of them can lead, they share `extra`)."""
    pending_ids = {id(row) for row in pending}
    seen: set[int] = set()
    units = []
    for row in pending:
        group_id = id(row.group) if row.group else id(row)
        if group_id in seen:
            continue
        seen.add(group_id)
        units.append([m for m in row.group if id(m) in pending_ids] if row.group else [row])
    return units


def _send(
    row: PlannedRow, client: object, handler: EntityHandler, snapshot: object, max_attempts: int, log: StepLog,
    headers: Mapping[str, str],
) -> tuple[RowOutcome, bool]:
    """The row's outcome, and whether it is certain (False: leave it `sent` for the next run). `headers`: the
    sheet's, by column key, for a refusal's message."""
    last: ApiError | None = None
    for _attempt in range(max_attempts):
        try:
            return handler.execute(row, client, snapshot, log), True
        except TokenExpired as error:  # refused at the door: not processed
            raise _Halted(error.message, "TOKEN-EXPIRED", maybe_sent=False) from None
        except ApiUnavailable as error:
            last = error
            if not error.maybe_sent:
                continue
        except ApiError as error:
            if error.is_rate_limit:  # the client waited minutes: certainly not processed, and not worth a retry
                raise _Halted(_rate_limited(client), error.code, maybe_sent=False) from None
            last = error
            if not error.is_server_side:
                message = refusal_message(row, error.code, error.api_message, headers)
                outcome = RowOutcome(Status.ERROR, message, error.code, row.remote_id, error.request_id or "")
                return outcome, True
        try:
            landed = handler.confirm(row, client, snapshot)
        except TokenExpired as error:
            raise _Halted(error.message, "TOKEN-EXPIRED", maybe_sent=True) from None
        except ApiError as error:
            if error.is_rate_limit:
                raise _Halted(_rate_limited(client), error.code, maybe_sent=True) from None
            return RowOutcome(Status.ERROR, t("push.uncertain", error=error.code), error.code), False
        if landed is not None:
            return landed, True
    assert last is not None
    message = t("push.gave_up", attempts=max_attempts, error=f"{last.code} {last.api_message}".strip())
    return RowOutcome(Status.ERROR, message, last.code, row.remote_id, last.request_id or ""), True


def _rate_limited(client: object) -> str:
    minutes = f"{getattr(getattr(client, 'pacer', None), 'give_up_after', 300.0) / 60:g}"
    return t("push.rate_limited", minutes=minutes)


def read_back_after_failure(plan: Plan, client: object, journal: Journal | None,
                            reported: dict[RowKey, RowOutcome]) -> dict[RowKey, RowOutcome]:
    """What each row of a dossier whose push failed became: as the push reported it, as the journal holds it
    (the journal may be what failed), and for a row marked sent without an outcome (its request may have
    landed), as a read-back finds it. Rows left out were not sent. A read-back refused (429, or a token that
    could not be renewed) leaves the row possibly sent, not confirmed, for the next run to read back."""
    found = dict(reported)
    try:
        entries = journal.entries() if journal is not None else {}
    except Exception:
        entries = {}
    found.update({key: entry.outcome for key, entry in entries.items() if entry.outcome is not None})
    for row in plan.rows:
        key = (row.sheet, row.excel_row)
        entry = entries.get(key)
        if key in found or entry is None or entry.state != "sent":
            continue
        handler = HANDLERS[row.kind]
        try:
            landed = handler.confirm(row, client, plan.snapshots[handler.family])
        except Exception as error:
            code = error.code if isinstance(error, ApiError) else ""
            if isinstance(error, TokenExpired) or (isinstance(error, ApiError) and error.is_rate_limit):
                reason = code or "TOKEN-EXPIRED"
                found[key] = RowOutcome(Status.NOT_SENT, t("push.unconfirmed", reason=reason), reason)
            else:
                found[key] = RowOutcome(Status.ERROR, t("push.uncertain", error=code or type(error).__name__), code)
            continue
        if landed is not None:
            found[key] = landed
    return found
