"""How the associate sheets refer to MyUnisoft, and what the API will refuse, decided before any request.

- `resolve_person` / `resolve_company` / `resolve_account`: a person by ID or by Nom + Prénom (case,
  accents and extra spaces ignored), a company of the firm by id, SIRET, SIREN or name, an account by
  number (the Comptes sheet of the same workbook first, then MyUnisoft, else created with
  --create-accounts). Each problem becomes an Issue on its cell (plan.reject), never a request.
- `Projection`: the capital and links as they will be once the rows planned so far are pushed, in push
  order. It replays the sandbox's checks (docs/sandbox.md, "Capital and associates") on every write:
  ASSOCIE5 (no capital), PERS_PHYSIQUE8 / ASSOCIE9 (another open link of the holder), ASSOCIE9 (overlap),
  ASSOCIE2 (shares: PP + NP of the other links open or ending after the new start, against the latest
  capital's share count) and ASSOCIE3 (a capital below the open links' shares).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulkio.entities.associates_snapshot import (
    PM,
    PP,
    AssociatesSnapshot,
    Capital,
    Company,
    Link,
    LinkKey,
    Person,
    person_key,
)
from bulkio.i18n import register, t
from bulkio.plan import reject
from bulkio.spec.api_rules import holder_shares_problem
from bulkio.spec.associates import company_identifier
from bulkio.spec.model import fold
from bulkio.validate import RowRecord, SheetValidation

OPEN_END = "9999-12-31"  # an open link compared as this date

register(
    {
        "associates.unknown_person": {
            "fr": "aucune personne ne s'appelle « {value} » dans MyUnisoft (PERS_PHYSIQUE11) : vérifiez "
            "l'orthographe ou écrivez son id dans « ID personne » ; l'API ne permet pas de créer une personne.",
            "en": "no person is called '{value}' in MyUnisoft (PERS_PHYSIQUE11): check the spelling or write "
            "the person's id in 'Person ID'; the API cannot create a person.",
        },
        "associates.homonym": {
            "fr": "plusieurs personnes s'appellent « {value} » : {candidates} : écrivez l'id de la bonne "
            "personne dans « ID personne ».",
            "en": "several persons are called '{value}': {candidates}: write the right person's id in "
            "'Person ID'.",
        },
        "associates.unknown_person_id": {
            "fr": "aucune personne n'a l'id {value} dans MyUnisoft (PERS_PHYSIQUE11) : corrigez l'id ou videz-le "
            "pour chercher la personne par son nom.",
            "en": "no person has id {value} in MyUnisoft (PERS_PHYSIQUE11): fix the id or empty it to look the "
            "person up by name.",
        },
        "associates.person_mismatch": {
            "fr": "l'id {value} est celui de {person}, pas de « {name} » : corrigez l'id ou le nom.",
            "en": "id {value} belongs to {person}, not to '{name}': fix the id or the name.",
        },
        "associates.person_needs_firm": {
            "fr": "avec un jeton de dossier, MyUnisoft ne donne pas la liste des personnes (GET /pers_physique) : "
            "écrivez l'id de « {value} » dans « ID personne », ou utilisez un jeton cabinet.",
            "en": "with a dossier token, MyUnisoft does not list the persons (GET /pers_physique): write the id "
            "of '{value}' in 'Person ID', or use a firm token.",
        },
        "associates.unknown_company": {
            "fr": "aucun dossier du cabinet ne correspond à « {value} » (SOCIETE16) : écrivez l'id, le SIRET ou "
            "le nom exact d'un dossier du cabinet ; une société associée doit être un dossier MyUnisoft.",
            "en": "no dossier of the firm matches '{value}' (SOCIETE16): write the id, SIRET or exact name of a "
            "dossier of the firm; a holding company must be a MyUnisoft dossier.",
        },
        "associates.ambiguous_company": {
            "fr": "plusieurs dossiers correspondent à « {value} » : {candidates} : écrivez l'id ou le SIRET du bon.",
            "en": "several dossiers match '{value}': {candidates}: write the id or SIRET of the right one.",
        },
        "associates.company_is_dossier": {
            "fr": "« {value} » est le dossier lui-même : un dossier ne peut pas être son propre associé.",
            "en": "'{value}' is the dossier itself: a dossier cannot be its own associate.",
        },
        "associates.company_needs_firm": {
            "fr": "avec un jeton de dossier, MyUnisoft ne donne pas la liste des dossiers du cabinet : écrivez "
            "l'id du dossier de « {value} », ou utilisez un jeton cabinet.",
            "en": "with a dossier token, MyUnisoft does not list the firm's dossiers: write the dossier id of "
            "'{value}', or use a firm token.",
        },
        "associates.unknown_account": {
            "fr": "le compte « {value} » n'existe pas dans MyUnisoft : ajoutez-le à la feuille Comptes, ou "
            "relancez avec --create-accounts pour le créer.",
            "en": "account '{value}' does not exist in MyUnisoft: add it to the Accounts sheet, or run again with "
            "--create-accounts to create it.",
        },
        "associates.account_row_invalid": {
            "fr": "le compte « {value} » est en erreur dans la feuille Comptes : corrigez d'abord sa ligne.",
            "en": "account '{value}' is in error on the Accounts sheet: fix its row first.",
        },
        "associates.account_failed": {
            "fr": "le compte « {value} » n'a pas pu être créé par la feuille Comptes : corrigez sa ligne puis "
            "relancez.",
            "en": "account '{value}' could not be created by the Accounts sheet: fix its row and run again.",
        },
        "associates.account_label": {"fr": "Associé {name}", "en": "Associate {name}"},
        "associates.duplicate_link": {
            "fr": "{holder} a déjà une ligne avec la date d'entrée {start} (ligne {first}) : fusionnez les deux "
            "lignes.",
            "en": "{holder} already has a row with entry date {start} (row {first}): merge the two rows.",
        },
        "associates.duplicate_link_sheet": {
            "fr": "{holder} a déjà une ligne avec la date d'entrée {start} (ligne {first} de la feuille « {sheet} ») : "
            "fusionnez les deux lignes.",
            "en": "{holder} already has a row with entry date {start} (row {first} of sheet '{sheet}'): merge the "
            "two rows.",
        },
        "associates.required_for_create": {
            "fr": "« {column} » est obligatoire pour créer un lien (MyUnisoft l'exige) : renseignez-la.",
            "en": "'{column}' is required to create a link (MyUnisoft requires it): fill it in.",
        },
        "associates.no_capital": {
            "fr": "le dossier n'a pas de capital (ASSOCIE5) : ajoutez sa ligne à la feuille Capital.",
            "en": "the dossier has no capital (ASSOCIE5): add its row to the Capital sheet.",
        },
        "associates.holder_no_shares": {
            "fr": "la société {holder} n'a aucune part dans MyUnisoft (ASSOCIE4) : saisissez d'abord le capital de "
            "son propre dossier (feuille Capital de ce dossier, ou dans MyUnisoft), puis relancez.",
            "en": "company {holder} has no shares in MyUnisoft (ASSOCIE4): first enter the capital of its own "
            "dossier (that dossier's Capital sheet, or in MyUnisoft), then run again.",
        },
        "associates.open_link": {
            "fr": "{holder} a déjà un lien sans date de sortie depuis le {start} ({code}) : ajoutez une ligne pour "
            "ce lien avec sa date de sortie, ou corrigez la date d'entrée.",
            "en": "{holder} already has a link without exit date since {start} ({code}): add a row for that link "
            "with its exit date, or fix the entry date.",
        },
        "associates.overlap": {
            "fr": "la période chevauche le lien de {holder} du {start} au {end} (ASSOCIE9) : corrigez les dates "
            "pour que les périodes se suivent.",
            "en": "the period overlaps the link of {holder} from {start} to {end} (ASSOCIE9): fix the dates so that "
            "the periods follow each other.",
        },
        "associates.over_capital": {
            "fr": "les liens ouverts ou finissant après le {start}, celui-ci compris, totaliseraient {total} parts "
            "(PP + NP) pour un capital de {capital} parts (ASSOCIE2 : {asked} demandées, {available} disponibles) : "
            "réduisez les parts, faites finir plus tôt les liens qui les cèdent, ou augmentez le capital.",
            "en": "the links open or ending after {start}, this one included, would total {total} shares (PP + NP) "
            "for a capital of {capital} shares (ASSOCIE2: {asked} asked, {available} available): reduce the "
            "shares, make the links that hand them over end earlier, or raise the capital.",
        },
        "associates.capital_below_links": {
            "fr": "le capital n'aurait que {shares} parts alors que les associés présents en détiennent {held} "
            "(ASSOCIE3) : réduisez d'abord leurs parts ou gardez un nombre de parts suffisant.",
            "en": "the capital would have only {shares} shares while the current associates hold {held} "
            "(ASSOCIE3): reduce their shares first or keep enough shares.",
        },
        "associates.capital_older": {
            "fr": "MyUnisoft ne renvoie que le capital le plus récent (au {latest}) : cette ligne plus ancienne ne "
            "peut pas être relue, elle n'est pas envoyée.",
            "en": "MyUnisoft returns only the latest capital (as of {latest}): this older row cannot be read "
            "back, so it is not sent.",
        },
    }
)


def _reject(sheet: SheetValidation, record: RowRecord, key: str, code: str, message_key: str, **params: Any) -> None:
    reject(sheet, record, key, code, t(message_key, **params))


# --- holders ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    id: int
    name: str  # 'DURANT Arnaud', 'ANALYTIQUE SA'

    @property
    def label(self) -> str:
        """'DURANT Arnaud (id 5003)': how the plan and the messages name the holder."""
        return f"{self.name} (id {self.id})" if self.name else f"id {self.id}"


def _typed_name(values: dict[str, object]) -> str:
    return " ".join(f"{values.get('last_name') or ''} {values.get('first_name') or ''}".split())


def resolve_person(sheet: SheetValidation, record: RowRecord, snapshot: AssociatesSnapshot) -> Holder | None:
    """By ID (checked against the names when both are given), else by Nom + Prénom among /pers_physique."""
    values = record.values
    typed = _typed_name(values)
    has_names = isinstance(values.get("last_name"), str) and isinstance(values.get("first_name"), str)
    wanted = person_key(str(values.get("last_name") or ""), str(values.get("first_name") or ""))
    person_id = values.get("person_id")
    if isinstance(person_id, int):
        known = snapshot.persons if snapshot.persons is not None else snapshot.linked_persons
        person = known.get(person_id)
        if person is None and snapshot.persons is not None:
            _reject(sheet, record, "person_id", "PERSON_UNKNOWN", "associates.unknown_person_id", value=person_id)
            return None
        if person is not None and has_names and person.key != wanted:
            _reject(sheet, record, "person_id", "PERSON_MISMATCH", "associates.person_mismatch", value=person_id,
                    person=person.describe(), name=typed)
            return None
        return Holder(person_id, _person_name(person) if person else typed)
    if snapshot.persons is None:
        _reject(sheet, record, "person_id", "PERSON_NEEDS_FIRM", "associates.person_needs_firm", value=typed)
        return None
    matches = sorted((p for p in snapshot.persons.values() if p.key == wanted), key=lambda p: p.id)
    if not matches:
        _reject(sheet, record, "last_name", "PERSON_UNKNOWN", "associates.unknown_person", value=typed)
        return None
    if len(matches) > 1:
        candidates = ", ".join(p.describe() for p in matches)
        _reject(sheet, record, "last_name", "PERSON_HOMONYM", "associates.homonym", value=typed,
                candidates=candidates)
        return None
    return Holder(matches[0].id, _person_name(matches[0]))


def _person_name(person: Person) -> str:
    return " ".join(f"{person.last_name} {person.first_name}".split())


def resolve_company(sheet: SheetValidation, record: RowRecord, snapshot: AssociatesSnapshot) -> Holder | None:
    """A dossier of the firm by id, SIRET (14 digits), SIREN (9, against the dossiers' SIRET) or name."""
    text = str(record.values["company"])
    kind, ident = company_identifier(text)
    companies = snapshot.known_companies()
    if kind == "id":
        company = companies.get(int(ident))
        if company is None and snapshot.companies is not None:
            _reject(sheet, record, "company", "COMPANY_UNKNOWN", "associates.unknown_company", value=text)
            return None
        matches = [company or Company(int(ident), "")]
    elif kind == "siret":
        matches = [c for c in companies.values() if c.siret == ident]
    elif kind == "siren":
        matches = [c for c in companies.values() if c.siret[:9] == ident]
    else:
        matches = [c for c in companies.values() if fold(c.name) == fold(ident)]
    if not matches:
        code, key = ("COMPANY_NEEDS_FIRM", "associates.company_needs_firm") if snapshot.companies is None \
            else ("COMPANY_UNKNOWN", "associates.unknown_company")
        _reject(sheet, record, "company", code, key, value=text)
        return None
    if len(matches) > 1:
        candidates = ", ".join(c.describe() for c in sorted(matches, key=lambda c: c.id))
        _reject(sheet, record, "company", "COMPANY_AMBIGUOUS", "associates.ambiguous_company", value=text,
                candidates=candidates)
        return None
    company = matches[0]
    if company.id == snapshot.society_id:
        _reject(sheet, record, "company", "COMPANY_IS_DOSSIER", "associates.company_is_dossier", value=text)
        return None
    return Holder(company.id, company.name)


# --- accounts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRef:
    number: str  # normalised as MyUnisoft stores it
    account_id: int | None  # None: created during the push
    source: str  # "live": exists; "workbook": the Comptes sheet creates it; "create": --create-accounts


def resolve_account(sheet: SheetValidation, record: RowRecord, snapshot: AssociatesSnapshot) -> AccountRef | None:
    """The row's account, or None after an Issue. The caller handles an empty cell (keep the current one)."""
    assert snapshot.accounts is not None
    number = snapshot.accounts.normalise(str(record.values["account"]))
    found = snapshot.account_id(number)
    if found is not None:
        return AccountRef(number, found, "live")
    in_workbook = snapshot.workbook_accounts.get(number)
    if in_workbook:
        return AccountRef(number, None, "workbook")
    if snapshot.create_accounts:
        return AccountRef(number, None, "create")
    if in_workbook is False:
        _reject(sheet, record, "account", "ACCOUNT_ROW_INVALID", "associates.account_row_invalid", value=number)
    else:
        _reject(sheet, record, "account", "ACCOUNT_UNKNOWN", "associates.unknown_account", value=number)
    return None


# --- what the API will accept ------------------------------------------------------------------


@dataclass
class Refusal:
    code: str
    message_key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Projection:
    """The capital and links once the rows planned so far have been pushed, in push order."""

    capital: Capital | None
    links: dict[LinkKey, Link]

    @classmethod
    def of(cls, snapshot: AssociatesSnapshot) -> Projection:
        """The snapshot's projection, started from the live state by the first sheet planned."""
        if snapshot.projection is None:
            snapshot.projection = cls(snapshot.capital, dict(snapshot.links))
        return snapshot.projection  # type: ignore[no-any-return]

    def open_shares(self) -> int:
        return sum(link.shares for link in self.links.values() if link.end_date == "")

    def capital_refusal(self, candidate: Capital) -> Refusal | None:
        """ASSOCIE3: once the row is written, the latest capital must cover the open links' shares."""
        latest = candidate if self.capital is None or candidate.date >= self.capital.date else self.capital
        held = self.open_shares()
        if held > latest.shares:
            return Refusal("ASSOCIE3", "associates.capital_below_links", {"shares": latest.shares, "held": held})
        return None

    def apply_capital(self, candidate: Capital) -> None:
        if self.capital is None or candidate.date >= self.capital.date:
            self.capital = candidate

    def refusal(self, link: Link, holder: str, holder_shares: int | None = None) -> Refusal | None:
        """The sandbox's checks of a changed link, in its order; None when the POST will be accepted.
        `holder_shares`: a company's own share count (ASSOCIE4), None when unknown or for a person."""
        if self.capital is None:
            return Refusal("ASSOCIE5", "associates.no_capital")
        if link.kind == PM and holder_shares_problem(holder_shares) is not None:
            return Refusal("ASSOCIE4", "associates.holder_no_shares", {"holder": holder})
        others = [o for o in self.links.values()
                  if o.kind == link.kind and o.holder_id == link.holder_id and o.key != link.key]
        if link.key not in self.links:
            still_open = next((o for o in others if o.end_date == ""), None)
            if still_open is not None:
                code = "PERS_PHYSIQUE8" if link.kind == PP else "ASSOCIE9"
                return Refusal(code, "associates.open_link",
                               {"holder": holder, "start": still_open.start_date, "code": code})
        for other in others:
            if link.start_date <= (other.end_date or OPEN_END) and other.start_date <= (link.end_date or OPEN_END):
                return Refusal("ASSOCIE9", "associates.overlap",
                               {"holder": holder, "start": other.start_date, "end": other.end_date or "—"})
        taken = sum(o.shares for o in self.links.values()
                    if o.key != link.key and (o.end_date == "" or o.end_date > link.start_date))
        available = max(0, self.capital.shares - taken)
        if link.shares > available:
            return Refusal("ASSOCIE2", "associates.over_capital",
                           {"total": taken + link.shares, "capital": self.capital.shares, "asked": link.shares,
                            "available": available, "start": link.start_date})
        return None

    def apply(self, link: Link) -> None:
        self.links[link.key] = link
