"""Associés PM: legal-entity associates (reference §6.4; docs/sandbox.md "Capital and associates").

The holder must be a dossier of the firm (`society_id` is the MyUnisoft dossier id of the company that
holds the shares), given by id, SIRET, SIREN or name among `GET /society`'s list (firm token; with a
society token only by id, or among the holders already linked). The link is written with
`POST /associate/legal_entity` (no function; `revenu_pro` required, No for a new link unless the row says
otherwise). Planning, push and read-back: associate_links.py.
"""

from __future__ import annotations

from collections import Counter
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
from bulkio.entities.associates_refs import resolve_company
from bulkio.entities.associates_snapshot import PM, AssociatesSnapshot, Company, Link
from bulkio.i18n import yes_no
from bulkio.outcome import RowOutcome
from bulkio.plan import PlannedRow, RunContext, StepLog
from bulkio.spec.associates import ASSOCIES_PM
from bulkio.spec.model import fold
from bulkio.validate import SheetValidation, Validation


def _body(link: Link, effective_date: str) -> dict[str, Any]:
    return {
        "society_id": link.holder_id, "signatory_function_id": link.signatory_function_id,
        "start_date": link.start_date, "end_date": link.end_date, "social_part": shares_body(link),
        "account_id": link.account_id, "effective_date": effective_date, "revenu_pro": link.revenu_pro,
    }


SIDE = Side(
    kind=PM, spec=ASSOCIES_PM, path="/associate/legal_entity", resolve=resolve_company, body=_body,
    link_id=lambda data: (data or {}).get("society_link_id"),
    required_for_create=("signatory_function", "account"),
)


def plan_sheet(
    sheet: SheetValidation, snapshot: AssociatesSnapshot, context: RunContext, validation: Validation
) -> list[PlannedRow]:
    return plan_links(sheet, snapshot, SIDE)


def execute(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot, log: StepLog) -> RowOutcome:
    return execute_link(row, client, snapshot, log, SIDE)


def confirm(row: PlannedRow, client: MyUnisoftClient, snapshot: AssociatesSnapshot) -> RowOutcome | None:
    return confirm_link(row, client, snapshot)


def company_reference(company: Company, known: dict[int, Company]) -> str | int:
    """How the export names a holder: its name when unique among the known dossiers, else its SIRET when
    unique, else its id."""
    names = Counter(fold(c.name) for c in known.values())
    if company.name and names[fold(company.name)] <= 1:
        return company.name
    sirets = Counter(c.siret for c in known.values() if c.siret)
    if company.siret and sirets[company.siret] <= 1:
        return company.siret
    return company.id


def export_rows(snapshot: AssociatesSnapshot, lang: str = "fr") -> list[dict[str, Any]]:
    numbers = snapshot.account_numbers_by_id()
    known = {**snapshot.linked_companies, **snapshot.known_companies()}
    rows = []
    for link in links_of(snapshot, PM):
        company = known.get(link.holder_id, Company(link.holder_id, ""))
        rows.append({
            "company": company_reference(company, known),
            "signatory_function": choice_label(ASSOCIES_PM, "signatory_function", link.signatory_function_id, lang),
            **period_and_shares(link, numbers),
            "revenu_pro": yes_no(link.revenu_pro, lang),
        })
    return rows
