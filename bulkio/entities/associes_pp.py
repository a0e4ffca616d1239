"""Associés PP: natural-person associates (reference §6.3, §6.5; docs/sandbox.md "Capital and associates").

A person is given by ID, or by Nom + Prénom among `GET /pers_physique` (firm token only), compared without
case, accents or extra spaces; homonyms are an error that lists the candidates with their ids. The link
is written with `POST /associate/natural_person` (every field required: signatory function, function,
dates, shares, account, effective date). Planning, push and read-back: associate_links.py.
"""

from __future__ import annotations

from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.associate_links import (
    Side,
    choice_label,
    confirm_link,
    execute_link,
    links_of,
    period_and_shares,
    plan_links,
    shares_body,
)
from bulkio.entities.associates_refs import resolve_person
from bulkio.entities.associates_snapshot import PP, AssociatesSnapshot, Link
from bulkio.outcome import RowOutcome
from bulkio.plan import PlannedRow, RunContext, StepLog
from bulkio.spec.associates import ASSOCIES_PP
from bulkio.validate import SheetValidation, Validation


def _body(link: Link, effective_date: str) -> dict[str, Any]:
    return {
        "physical_person_id": link.holder_id, "signatory_function_id": link.signatory_function_id,
        "function_id": link.function_id, "start_date": link.start_date, "end_date": link.end_date,
        "social_part": shares_body(link), "account_id": link.account_id, "effective_date": effective_date,
    }


SIDE = Side(
    kind=PP, spec=ASSOCIES_PP, path="/associate/natural_person", resolve=resolve_person, body=_body,
    link_id=lambda data: (data or {}).get("physical_person_link_id"),
    required_for_create=("signatory_function", "function", "account"),
)


def plan_sheet(
    sheet: SheetValidation, snapshot: AssociatesSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    return plan_links(sheet, snapshot, SIDE)


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot, log: StepLog) -> RowOutcome:
    return execute_link(row, client, snapshot, log, SIDE)


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot) -> RowOutcome | None:
    return confirm_link(row, client, snapshot)


def export_rows(snapshot: AssociatesSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    """Every link, open or ended, in GET order; the person by ID and names, so that the file is readable
    and unambiguous. The effective date is write-only: left empty."""
    numbers = snapshot.account_numbers_by_id()
    rows = []
    for link in links_of(snapshot, PP):
        person = snapshot.linked_persons.get(link.holder_id)
        rows.append({
            "person_id": link.holder_id,
            "last_name": person.last_name.strip() if person else None,
            "first_name": person.first_name.strip() if person else None,
            "signatory_function": choice_label(ASSOCIES_PP, "signatory_function", link.signatory_function_id, lang),
            "function": choice_label(ASSOCIES_PP, "function", link.function_id, lang),
            **period_and_shares(link, numbers),
        })
    return rows
