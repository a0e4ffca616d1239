"""Regenerate the demo workbooks: python samples/make_samples.py

comptes-demo.xlsx    a valid chart of accounts for a small trading company (general and third-party
                     accounts, with SIREN, addresses, contacts and IBANs): the README's main job.
comptes-erreurs.xlsx the same kind of sheet with the mistakes accountants make, for `bulkio validate`.
analytique-demo.xlsx two analytic axes with their sections (conditions, a closed one) and two repartition
                     keys: `bulkio import samples/analytique-demo.xlsx --sandbox --yes --enable-analytics`.
analytique-erreurs.xlsx analytics mistakes: rates not adding up to 100, decimals, two defaults, bad conditions.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bulkio.spec import AXES, COMPTES, REPARTITIONS, SECTIONS  # noqa: E402
from bulkio.workbook.template import write_sheets  # noqa: E402

HERE = Path(__file__).resolve().parent

GENERAL = [
    ("101000", "Capital social"), ("106100", "Réserve légale"), ("120000", "Résultat de l'exercice"),
    ("164000", "Emprunts auprès des établissements de crédit"), ("215400", "Matériel industriel"),
    ("218300", "Matériel de bureau et informatique"), ("401000", "Fournisseurs"), ("411000", "Clients"),
    ("445660", "TVA déductible sur autres biens et services"), ("445710", "TVA collectée"),
    ("512000", "Banque"), ("530000", "Caisse"), ("601000", "Achats stockés - Matières premières"),
    ("606300", "Fournitures d'entretien et de petit équipement"), ("607000", "Achats de marchandises"),
    ("613200", "Locations immobilières"), ("622600", "Honoraires"), ("626000", "Frais postaux et de télécommunications"),
    ("641000", "Rémunérations du personnel"), ("707000", "Ventes de marchandises"),
    ("706000", "Prestations de services"),
]

THIRD_PARTIES = [
    {"account_number": "401BUREAU", "label": "BUREAU PLUS SARL", "counterpart": "606300", "company_name": "BUREAU PLUS",
     "siren": "732829320", "address_number": "12", "way_type": "Rue", "address": "des Lilas", "postal_code": "69003",
     "city": "LYON", "country": "FRANCE", "contact_lastname": "Martin", "contact_firstname": "Claire",
     "contact_function": "Comptable", "tel": "0472000000", "email": "compta@bureauplus.example",
     "iban": "FR7630006000011234567890189", "bic": "AGRIFRPP882"},
    {"account_number": "401EXPERT", "label": "CABINET EXPERT CONSEIL", "counterpart": "622600", "das_2": "Oui",
     "company_name": "EXPERT CONSEIL", "postal_code": "75008", "city": "PARIS", "country": "FRANCE"},
    {"account_number": "401TELECOM", "label": "TELECOM PRO", "counterpart": "626000", "provider": "Oui"},
    {"account_number": "411DUPONT", "label": "DUPONT ET FILS", "counterpart": "707000", "company_name": "DUPONT ET FILS",
     "address_number": "3", "way_type": "Avenue", "address": "de la Gare", "postal_code": "33000", "city": "BORDEAUX",
     "country": "FRANCE", "email": "contact@dupont.example"},
    {"account_number": "411MERCIER", "label": "MERCIER DISTRIBUTION", "counterpart": "707000", "intraco": "Oui",
     "company_name": "MERCIER DISTRIBUTION", "city": "BRUXELLES", "country": "BELGIQUE"},
    {"account_number": "411SERVICES", "label": "SERVICES ET CONSEILS SAS", "counterpart": "706000"},
]

ERRORS = [
    {"account_number": "401000", "label": "Fournisseurs"},
    {"account_number": "401000", "label": "Fournisseurs (doublon)"},
    {"account_number": "AB411", "label": "Numéro qui commence par des lettres"},
    {"account_number": "4011234567890123456789", "label": "Numéro trop long"},
    {"account_number": "411ALPHA", "label": None},
    {"account_number": "401BETA", "label": "Contrepartie interdite", "counterpart": "512000"},
    {"account_number": "401GAMMA", "label": "SIREN faux", "siren": "123456789"},
    {"account_number": "401DELTA", "label": "IBAN faux", "iban": "FR7630006000011234567890188"},
    {"account_number": "401EPSILON", "label": "E-mail faux", "email": "compta.example.fr"},
    {"account_number": "401ZETA", "label": "Oui/Non illisible", "das_2": "Peut-être"},
]


AXES_ROWS = [
    {"axe_code": "ACTIVITE", "label": "Activités", "default_section": "ATTENTE"},
    {"axe_code": "SITE", "label": "Établissements", "default_section": "ATTENTE"},
]


def _section(axe: str, code: str, label: str, account: str | None = None, closed: bool = False) -> dict[str, object]:
    return {"axe_code": axe, "section_code": code, "label": label, "account": account, "closed": closed,
            "is_default": code == "ATTENTE"}


SECTIONS_ROWS = [
    _section("ACTIVITE", "ATTENTE", "Section d'attente"),
    _section("ACTIVITE", "NEGOCE", "Négoce", "607;707"),
    _section("ACTIVITE", "SERVICES", "Prestations de services", "604;706"),
    _section("ACTIVITE", "LOCATION", "Location de matériel", "6135;708"),
    _section("ACTIVITE", "ANCIEN", "Ancienne activité", closed=True),
    _section("SITE", "ATTENTE", "Section d'attente"),
    _section("SITE", "LYON", "Lyon (siège)"),
    _section("SITE", "PARIS", "Paris"),
    _section("SITE", "BORDEAUX", "Bordeaux"),
]


def _rates(axe: str, key: str, condition: str, rates: list[tuple[str, int]]) -> list[dict[str, object]]:
    return [{"axe_code": axe, "key": key, "condition": condition, "section_code": s, "rate": r} for s, r in rates]


RATES_ROWS = [
    *_rates("SITE", "FRAISGEN", "6;-607;-641", [("LYON", 50), ("PARIS", 30), ("BORDEAUX", 20)]),
    *_rates("ACTIVITE", "MIXTE", "613;626", [("NEGOCE", 70), ("SERVICES", 30)]),
]

ANALYTICS_ERRORS = (
    [
        {"axe_code": "ACTIVITE", "label": "Activités", "default_section": "ATTENTE"},
        {"axe_code": "ACTIVITE", "label": "Activités (doublon)"},
    ],
    [
        _section("ACTIVITE", "ATTENTE", "Section d'attente"),
        {**_section("ACTIVITE", "NEGOCE", "Négoce", "607;;707"), "is_default": True},
        _section("ACTIVITE", "ANCIEN", "Ancienne activité", closed=True),
    ],
    [
        *_rates("ACTIVITE", "MIXTE", "613;626", [("NEGOCE", 70), ("ATTENTE", 29)]),
        *_rates("ACTIVITE", "TIERS", "6", [("NEGOCE", 33.5), ("ATTENTE", 66.5)]),  # type: ignore[list-item]
        *_rates("ACTIVITE", "VIEUX", "6", [("ANCIEN", 100)]),
    ],
)


def main() -> None:
    rows = [{"account_number": n, "label": label} for n, label in GENERAL] + THIRD_PARTIES
    write_sheets(HERE / "comptes-demo.xlsx", [(COMPTES, rows)], "fr")
    write_sheets(HERE / "comptes-erreurs.xlsx", [(COMPTES, ERRORS)], "fr")
    write_sheets(HERE / "analytique-demo.xlsx", [(AXES, AXES_ROWS), (SECTIONS, SECTIONS_ROWS),
                                                 (REPARTITIONS, RATES_ROWS)], "fr")
    axes, sections, rates = ANALYTICS_ERRORS
    write_sheets(HERE / "analytique-erreurs.xlsx", [(AXES, axes), (SECTIONS, sections), (REPARTITIONS, rates)], "fr")


if __name__ == "__main__":
    main()
