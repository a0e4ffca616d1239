"""Demo data: one firm (schema 1) with eight dossiers.

1 DEMO PCG SARL        the French PCG (932 accounts: PCG numbers of 3+ digits right-padded to 6)
2 DOSSIER VIDE SAS     no accounts: the target of the demo import
3 ANALYTIQUE SA        analytics enabled, a small chart of accounts, analytic axes ACTIVITE and SITE
                       with sections, a repartition key and its rates (`analytics_store.load_demo`)
4 BOULANGERIE MARTIN   a small chart with third-party accounts carrying complementary info; a capital
                       (5000, 500 shares, 2010-01-04), associate accounts 455100/455200/467100 and three
                       associates: two natural persons (one ended) and dossier 3 (`associates_store.load_demo`)

5 to 8                 empty dossiers (like 2): the targets of a migration of several dossiers at once

Dossiers 3 and 4 share the folder reference "GROUPE-A" (so `/society/search` can answer SOCIETE17).
The firm's natural persons (`persons.DEMO_PERSONS`, ids 5001+) are loaded even with `empty=True`.
With `empty=True` the dossiers (and their tokens) exist but hold no accounts. Other entities add their
demo rows with `register_loader`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from bulkio.sandbox import account_store as db
from bulkio.sandbox import analytics_store, associates_store
from bulkio.sandbox.store import SCHEMA_VERSION, Store

ACCOUNT_ID_START = 100_000  # account ids start above any society id, so mixing them up shows

Loader = Callable[[Store, sqlite3.Connection, bool], None]
_LOADERS: list[Loader] = []


def register_loader(loader: Loader) -> None:
    """Run `loader(store, conn, empty)` after the built-in demo data, inside the same transaction."""
    if loader not in _LOADERS:
        _LOADERS.append(loader)


register_loader(analytics_store.load_demo)
register_loader(associates_store.load_demo)


def _society(society_id: int, name: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "society_id": society_id, "name": name, "siret": None, "folder_reference": None,
        "analytics": False, "enable_quantity": False, "ape_id": None, "road_type_id": 9,
        "address_number": None, "street_name": None, "complement": "", "address_bis": None,
        "postal_code": None, "city": None, "insee": None, "country": "FRANCE", "member_id": 1,
        "id_type_company": 1, "secured": False, "registration_date": None, "legal_form": None,
        "vat_regime": None, "formule_code": "STAN", "comment": "", "activity": "", "capital": 0,
    }
    base.update(extra)
    return base


SOCIETIES: list[dict[str, Any]] = [
    _society(1, "DEMO PCG SARL", siret="81234567600017", folder_reference="DEMO-PCG", ape_id=641,
             address_number="12", street_name="DES LILAS", postal_code="69003", city="LYON",
             insee="69383", registration_date="2015-09-01", legal_form=(1, "SARL", "SARL"),
             vat_regime=(8, "Réel Normal Trimestrielle", "T"), capital=10000),
    _society(2, "DOSSIER VIDE SAS", siret="79345612000013", folder_reference="CLIENT-002", ape_id=610,
             address_number="4", street_name="GALVANI", postal_code="91300", city="MASSY",
             insee="91377", registration_date="2021-03-22", legal_form=(2, "SAS", "SAS"), capital=1000),
    _society(3, "ANALYTIQUE SA", siret="85210987500017", folder_reference="GROUPE-A", ape_id=534,
             analytics=True, road_type_id=2, address_number="152", street_name="GABRIEL PERI",
             postal_code="91700", city="SAINTE-GENEVIEVE-DES-BOIS", insee="91549",
             registration_date="2019-06-12", legal_form=(3, "SA", "SA"), capital=37000),
    _society(4, "BOULANGERIE MARTIN EURL", siret="52347891500011", folder_reference="GROUPE-A",
             ape_id=112, road_type_id=11, address_number="3", street_name="DU MARCHE",
             postal_code="17290", city="ARDILLIERES", insee="17018", registration_date="2010-01-04",
             legal_form=(4, "EURL", "EURL"), capital=5000),
    # Empty dossiers, the targets of a firm-scale migration (many dossiers in one workbook, several tokens).
    _society(5, "CAVE DES COTEAUX SARL", siret="41253698900012", folder_reference="CLIENT-005", ape_id=610,
             address_number="8", street_name="DES VIGNES", postal_code="21200", city="BEAUNE", insee="21054",
             registration_date="2022-02-01", legal_form=(1, "SARL", "SARL"), capital=8000),
    _society(6, "GARAGE DU CENTRE SNC", siret="50987412900018", folder_reference="CLIENT-006", ape_id=610,
             address_number="27", street_name="NATIONALE", postal_code="44000", city="NANTES", insee="44109",
             registration_date="2018-05-14", capital=3000),
    _society(7, "PHARMACIE DES HALLES SELARL", siret="82345109100016", folder_reference="CLIENT-007",
             ape_id=610, address_number="1", street_name="DES HALLES", postal_code="31000", city="TOULOUSE",
             insee="31555", registration_date="2020-09-30", capital=20000),
    _society(8, "ATELIER BOIS ET FER SAS", siret="89012345800014", folder_reference="CLIENT-008", ape_id=610,
             address_number="5", street_name="DE LA FORGE", postal_code="67000", city="STRASBOURG",
             insee="67482", registration_date="2023-01-09", legal_form=(2, "SAS", "SAS"), capital=1500),
]

_SMALL_CHART: list[tuple[str, str]] = [
    ("401000", "FOURNISSEURS"), ("411000", "CLIENTS"), ("445660", "TVA DEDUCT.S/ACHATS"),
    ("445712", "TVA COLLECTEE"), ("512000", "BANQUE"), ("601000", "ACHATS MATIERES PREMIERES"),
    ("606100", "FOURNITURES NON STOCKABLES"), ("613200", "LOCATIONS IMMOBILIERES"),
    ("622600", "HONORAIRES"), ("706000", "PRESTATIONS DE SERVICES"), ("707000", "VENTES DE MARCHANDISES"),
]


def pcg_accounts() -> list[tuple[str, str]]:
    """(number, label) of the PCG accounts with 3+ digits, numbers right-padded with 0 to 6."""
    text = (files("bulkio") / "data" / "pcg.tsv").read_text(encoding="utf-8")
    result = []
    for line in text.splitlines():
        if not line.strip():
            continue
        number, _level, label = line.split("\t")[:3]
        if len(number) >= 3:
            result.append((number.ljust(6, "0"), label.strip()))
    return result


def load(store: Store, empty: bool = False) -> None:
    """Replace whatever the database holds with the demo data."""
    with store.write() as conn:
        store.wipe(conn)
        store.set_meta(conn, "schema_version", str(SCHEMA_VERSION))
        store.set_meta(conn, "demo", "empty" if empty else "full")
        for society in SOCIETIES:
            store.put_society(conn, society)
        store.set_sequence(conn, "account", ACCOUNT_ID_START)
        if not empty:
            _load_accounts(conn)
        for loader in _LOADERS:
            loader(store, conn, empty)


def ensure_loaded(store: Store, empty: bool = False) -> None:
    """Load the demo data unless the database already holds a sandbox (persistence across runs)."""
    if store.get_meta("schema_version") is None:
        load(store, empty)


def _load_accounts(conn: sqlite3.Connection) -> None:
    for number, label in pcg_accounts():
        db.insert_account(conn, 1, db.AccountWrite(number, label))
    for number, label in _SMALL_CHART:
        flags = {"analytics": number[0] in "67"}
        db.insert_account(conn, 3, db.AccountWrite(number, label, flags=flags))
    ids = {number: db.insert_account(conn, 4, db.AccountWrite(number, label)) for number, label in _SMALL_CHART}
    conn.execute("UPDATE account SET vat_param_id = 41 WHERE account_id IN (?, ?)", (ids["601000"], ids["707000"]))
    supplier = db.AccountWrite(
        "401MINOTERIE", "MINOTERIE DU CENTRE", flags={"provider": True},
        counterpart_account_id=ids["601000"],
        info={
            "name": "MINOTERIE DU CENTRE", "siren": "552100554", "address_number": "8", "way_type_id": 14,
            "address": "DE BOURGES", "postal_code": "18000", "city": "BOURGES", "id_country": 78,
            "contact_lastname": "MOREAU", "contact_firstname": "Julie", "function": "Comptable",
            "tel": "0248000000", "email": "compta@minoterie.example", "payment_type_id": 1,
            "id_payment_deadline": 3, "misc_language_id": 1, "is_foreign": False, "misc_archived": False,
        },
        ibans=[{"id": None, "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP",
                "etablissement": "CREDIT AGRICOLE", "rum": None, "rum_date_signature": None}],
        contacts=[{"id": None, "lastname": "PETIT", "firstname": "Marc", "function": "Commercial",
                   "tel1": "0600000000", "tel2": None, "email": "marc.petit@minoterie.example"}],
    )
    db.insert_account(conn, 4, supplier)
    client = db.AccountWrite(
        "411DUPONT", "RESTAURANT DUPONT", counterpart_account_id=ids["707000"],
        info={"name": "RESTAURANT DUPONT", "city": "LA ROCHELLE", "postal_code": "17000", "id_country": 78},
    )
    db.insert_account(conn, 4, client)
