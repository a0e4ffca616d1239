"""What MyUnisoft holds of a dossier's capital and associates, as the Capital, Associés PP and Associés PM
sheets share it (reference §6).

Reads, once per plan:
- `GET /society/:id/associate`: the latest capital row and every link, open or ended;
- for the associate sheets: `GET /society` without `society-id` (a firm token gets the firm's dossiers,
  the companies an associate can be; a society token gets its own dossier only, which tells the token kind),
  `GET /pers_physique` (firm token only: the natural persons), and the dossier's accounts
  (`GET /society/accountingParameters` + `GET /account/v2`, numbers normalised as comptes.py does).
`effective_date` is write-only: `GET .../associate` never shows it, so it is sent and never compared.
The push keeps the snapshot current (capital rows, links and created accounts land in it); a read-back
after an ambiguous failure re-reads `GET .../associate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.entities.comptes import AccountsSnapshot, read_numbering
from bulkio.errors import ApiError
from bulkio.spec.associates_rules import person_key
from bulkio.validate import Validation

PP, PM = "pp", "pm"
LinkKey = tuple[str, int, str]  # (kind, holder id, start date)


def _day(value: Any) -> str:
    """A link date as YYYY-MM-DD, "" when open (YYYYMMDD accepted: reference Q24)."""
    text = str(value or "").strip()
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return text[:10]


@dataclass(frozen=True)
class Capital:
    date: str
    amount: Decimal
    shares: int
    historical_id: int | None = None

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> Capital:
        return cls(_day(item.get("date") or item.get("effective_date")), Decimal(str(item.get("capital") or 0)),
                   int(item.get("social_part") or 0), item.get("historical_id"))

    def same_figures(self, amount: Decimal, shares: int) -> bool:
        return self.amount == amount and self.shares == shares


@dataclass(frozen=True)
class Link:
    """One associate link: the fields a write body carries, except the write-only effective date."""

    kind: str  # PP or PM
    holder_id: int  # person id (PP) or holder dossier id (PM)
    start_date: str
    end_date: str  # "" = open
    pp: int
    np: int
    us: int
    signatory_function_id: int | None
    function_id: int | None  # PP only
    account_id: int | None
    revenu_pro: bool = False  # PM only
    link_id: int | None = None

    @property
    def key(self) -> LinkKey:
        return (self.kind, self.holder_id, self.start_date)

    @property
    def shares(self) -> int:
        """Shares counted against the capital: PP + NP (NP and US describe the same dismembered shares)."""
        return self.pp + self.np

    def comparable(self) -> tuple[object, ...]:
        return (self.end_date, self.pp, self.np, self.us, self.signatory_function_id, self.function_id,
                self.account_id, self.revenu_pro if self.kind == PM else False)

    def same_content(self, other: Link) -> bool:
        return self.comparable() == other.comparable()


@dataclass(frozen=True)
class Person:
    id: int
    last_name: str
    first_name: str
    mail: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return person_key(self.last_name, self.first_name)

    def describe(self) -> str:
        """'DURANT Arnaud (id 5003, a.durant@mail.example)': how a candidate is listed to the user."""
        name = " ".join(f"{self.last_name.strip()} {self.first_name.strip()}".split())
        return f"{name} (id {self.id}{', ' + self.mail if self.mail else ''})"


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    siret: str = ""
    shares: int | None = None  # its own share count (`nb_part` of a linked holder); None: not read

    def describe(self) -> str:
        return f"{self.name} (id {self.id}{', SIRET ' + self.siret if self.siret else ''})"


def _mail(coordinates: list[dict[str, Any]] | None) -> str:
    for item in coordinates or []:
        kind = item.get("type") or {}
        if kind.get("id") == 1 or str(kind.get("label", "")).lower() == "mail":
            return str(item.get("value") or "")
    return ""


def _shares(item: dict[str, Any]) -> tuple[int, int, int]:
    part = item.get("social_part") or {}
    return int(part.get("PP") or 0), int(part.get("NP") or 0), int(part.get("US") or 0)


def _id(value: Any) -> int | None:
    return (value.get("id") if isinstance(value, dict) else None) or None


def pp_link_from_api(item: dict[str, Any]) -> tuple[Link, Person]:
    person = item.get("physical_person") or {}
    pp, np, us = _shares(item)
    link = Link(PP, int(person["id"]), _day(item.get("start_date")), _day(item.get("end_date")), pp, np, us,
                _id(item.get("signatory_function")), _id(item.get("function")), person.get("account_id"),
                link_id=item.get("physical_person_link_id"))
    found = Person(int(person["id"]), str(person.get("name") or ""), str(person.get("firstname") or ""),
                   _mail(person.get("coord")))
    return link, found


def pm_link_from_api(item: dict[str, Any]) -> tuple[Link, Company]:
    society = item.get("society") or {}
    # Dates live inside `society` (doc) or at link level (older Postman capture): accept both.
    start = society.get("start_date", item.get("start_date"))
    end = society.get("end_date", item.get("end_date"))
    pp, np, us = _shares(item)
    link = Link(PM, int(society["id"]), _day(start), _day(end), pp, np, us, _id(item.get("signatory_function")),
                None, society.get("account_id"), bool(society.get("revenu_pro")), item.get("society_link_id"))
    shares = int(society["nb_part"] or 0) if "nb_part" in society else None
    return link, Company(int(society["id"]), str(society.get("name") or ""), str(society.get("siret") or ""), shares)


@dataclass
class AssociatesSnapshot:
    society_id: int
    capital: Capital | None = None
    links: dict[LinkKey, Link] = field(default_factory=dict)
    # Who the linked holders are, as GET .../associate shows them (always readable).
    linked_persons: dict[int, Person] = field(default_factory=dict)
    linked_companies: dict[int, Company] = field(default_factory=dict)
    firm: bool | None = None  # None: not asked (a Capital-only plan)
    persons: dict[int, Person] | None = None  # GET /pers_physique; None: not readable with this token
    companies: dict[int, Company] | None = None  # the firm's dossiers; None: not readable with this token
    accounts: AccountsSnapshot | None = None
    # Account numbers (normalised) that the Comptes sheet of the same workbook creates, by validity.
    workbook_accounts: dict[str, bool] = field(default_factory=dict)
    # Set by the plan from --create-accounts: a missing associate account is created with POST /account.
    create_accounts: bool = False
    # The accounts were re-read once after the Comptes sheet's rows were pushed (see reread_accounts).
    accounts_reread: bool = False
    # The plan-time projection of the rows planned so far (associates_refs.Projection).
    projection: Any = None
    # The links planned so far, on every sheet of their kind: (kind, holder id, start) -> (sheet, Excel row).
    planned_links: dict[LinkKey, tuple[str, int]] = field(default_factory=dict)
    # Reads a company's own share count (ASSOCIE4) from its dossier; set by load_snapshot, None for an export.
    read_holder_shares: Callable[[int], int | None] | None = None
    _holder_shares: dict[int, int | None] = field(default_factory=dict)

    # --- reading ---

    def refresh(self, client: MyUnisoftClient) -> None:
        """Re-read the capital and every link (one GET)."""
        data = client.get(f"/society/{self.society_id}/associate").data or {}
        capital = data.get("capital")
        self.capital = Capital.from_api(capital) if capital else None
        lists = data.get("associate_list") or {}
        self.links = {}
        for item in lists.get("physical_person_list") or []:
            link, person = pp_link_from_api(item)
            self.links[link.key] = link
            self.linked_persons[person.id] = person
        for item in lists.get("society_list") or []:
            link, company = pm_link_from_api(item)
            self.links[link.key] = link
            self.linked_companies[company.id] = company

    def load_references(self, client: MyUnisoftClient, persons: bool) -> None:
        """The firm's dossiers (or, with a society token, nothing more) and, for a firm, its persons."""
        data = client.get("/society", scoped=False).data or {}
        self.firm = isinstance(data, dict) and "society_array" in data
        if self.firm:
            self.companies = {int(s["society_id"]): Company(int(s["society_id"]), str(s.get("name") or ""),
                                                            str(s.get("siret") or ""))
                              for s in data.get("society_array") or []}
        if self.firm and persons:
            try:
                items = (client.get("/pers_physique", scoped=False).data or {}).get("array_pers_physique") or []
            except ApiError as error:  # a firm token without this route: persons are then given by ID
                if error.http_status != 403:
                    raise
                return
            self.persons = {int(p["pers_physique_id"]): Person(int(p["pers_physique_id"]), str(p.get("name") or ""),
                                                               str(p.get("firstname") or ""),
                                                               _mail(p.get("coordonnee")))
                            for p in items}

    def load_accounts(self, client: MyUnisoftClient) -> None:
        self.accounts = AccountsSnapshot(read_numbering(client))
        for record in client.get("/account/v2").data or []:
            self.accounts.add(record)

    def reread_accounts(self, client: MyUnisoftClient) -> None:
        """Once per run, when a row needs an account the Comptes sheet created: one GET for all of them."""
        if self.accounts_reread or self.accounts is None:
            return
        for record in client.get("/account/v2").data or []:
            self.accounts.add(record)
        self.accounts_reread = True

    # --- looking up ---

    def holder_links(self, kind: str, holder_id: int) -> list[Link]:
        return sorted((link for link in self.links.values() if link.kind == kind and link.holder_id == holder_id),
                      key=lambda link: link.start_date)

    def account_id(self, number: str) -> int | None:
        record = self.accounts.by_number.get(number) if self.accounts else None
        return int(record["account_id"]) if record else None

    def account_numbers_by_id(self) -> dict[int, str]:
        if self.accounts is None:
            return {}
        return {int(r["account_id"]): str(r["account_number"]) for r in self.accounts.by_number.values()}

    def holder_shares(self, holder_id: int) -> int | None:
        """The share count of a legal-entity associate's company: `nb_part` when it is already linked, else its
        dossier's latest capital (one GET per company and plan); None when it cannot be read."""
        if holder_id not in self._holder_shares:
            linked = self.linked_companies.get(holder_id)
            if linked is not None and linked.shares is not None:
                self._holder_shares[holder_id] = linked.shares
            else:
                reader = self.read_holder_shares
                self._holder_shares[holder_id] = reader(holder_id) if reader else None
        return self._holder_shares[holder_id]

    def known_companies(self) -> dict[int, Company]:
        """The companies a reference may name: the firm's dossiers, else the holders already linked."""
        return self.companies if self.companies is not None else dict(self.linked_companies)

    def with_account(self, link: Link, number: str | None) -> Link:
        """The link with its account id resolved from the number, when the number is known by now."""
        if link.account_id is not None or number is None:
            return link
        return replace(link, account_id=self.account_id(number))


def _kinds(validation: Validation | None) -> set[str] | None:
    if validation is None:
        return None
    return {sheet.spec.kind for sheet in validation.sheets}


def _shares_reader(client: MyUnisoftClient) -> Callable[[int], int | None]:
    def read(holder_id: int) -> int | None:
        try:
            data = client.with_society(holder_id).get(f"/society/{holder_id}/associate").data or {}
        except ApiError as error:  # a society token cannot read another dossier (DROIT1): left to the API
            if error.http_status in (401, 403):
                return None
            raise
        capital = data.get("capital")
        return int(capital.get("social_part") or 0) if capital else 0

    return read


def load_snapshot(client: MyUnisoftClient, validation: Validation | None = None) -> AssociatesSnapshot:
    """The dossier's capital and links; for the associate sheets (or an export) also the persons, companies
    and accounts they are resolved against."""
    if client.society_id is None:
        raise ValueError("the associates snapshot needs a dossier")
    snapshot = AssociatesSnapshot(int(client.society_id))
    snapshot.refresh(client)
    kinds = _kinds(validation)
    if kinds is None or kinds & {"associes_pp", "associes_pm"}:
        snapshot.read_holder_shares = _shares_reader(client) if validation is not None else None
        snapshot.load_references(client, persons=kinds is None or "associes_pp" in kinds)
        snapshot.load_accounts(client)
        for sheet in validation.sheets if validation else ():
            if sheet.spec.kind == "comptes":
                for record in sheet.rows:
                    number = record.values.get("account_number")
                    if isinstance(number, str):
                        normalised = snapshot.accounts.normalise(number)  # type: ignore[union-attr]
                        snapshot.workbook_accounts[normalised] = snapshot.workbook_accounts.get(normalised, False) \
                            or record.valid
    return snapshot
