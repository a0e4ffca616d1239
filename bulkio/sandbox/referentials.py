"""Static lists the API refers to by id: way types, countries, VAT codes, APE codes, payment settings.

`WAY_TYPES` and `COUNTRIES` are meant to be shared with the client side (templates, dropdowns), so the
sandbox and the tool agree on ids and labels.
"""

from __future__ import annotations

from typing import Any

from bulkio.spec.countries import COUNTRIES, Country
from bulkio.spec.referentials import WAY_TYPE_ROWS, WAY_TYPES

__all__ = [
    "APE_CODES",
    "COUNTRIES",
    "PAYMENT_DEADLINES",
    "PAYMENT_TYPES",
    "VAT_PARAMS",
    "WAY_TYPES",
    "WAY_TYPE_ROWS",
    "Country",
    "country_id",
]



def country_id(text: str) -> int | None:
    """Country id from a label or an ISO code (case-insensitive), else None."""
    wanted = text.strip().upper()
    for country in COUNTRIES.values():
        if wanted in (country.iso, country.label.upper()):
            return country.id
    return None


# VAT codes of every dossier (shape of the Postman `GET /vat_param` capture, ids 41-44 as there).
# `ded`/`coll` are account numbers, resolved to the dossier's accounts when rendered.
VAT_PARAMS: dict[int, dict[str, Any]] = {
    41: {"code": "01", "ded": "445660", "coll": "445712", "vat": (4, 20), "type": 1, "exig": 1},
    42: {"code": "02", "ded": "445660", "coll": "445711", "vat": (3, 10), "type": 1, "exig": 1},
    43: {"code": "03", "ded": "445660", "coll": "445712", "vat": (4, 20), "type": 1, "exig": 2},
    44: {"code": "04", "ded": "445620", "coll": "445712", "vat": (4, 20), "type": 2, "exig": 1},
}
VAT_TYPES: dict[int, tuple[str, str]] = {
    1: ("Bien et service", "BIEN"), 2: ("Immobilisation", "IMMO"), 3: ("Auto-liquidation", "AUTO"),
    4: ("non soumis", "NS"), 5: ("import/export", "IMEX"),
}
VAT_EXIGIBILITIES: dict[int, tuple[str, str]] = {
    1: ("Débit (facturation)", "DEB"), 2: ("Encaissement / Décaissement", "ENC"), 3: ("Mixte", "MIX"),
}

# id_ape -> (code, label). 534 and 385 are the ids seen in captures; the other ids are invented.
APE_CODES: dict[int, tuple[str, str]] = {
    534: ("5829C", "Édition de logiciels applicatifs"),
    385: ("4618Z", "Intermédiaires spécialisés dans le commerce d'autres produits spécifiques"),
    610: ("6201Z", "Programmation informatique"),
    641: ("6920Z", "Activités comptables"),
    112: ("1071C", "Boulangerie et boulangerie-pâtisserie"),
    290: ("4321A", "Travaux d'installation électrique dans tous locaux"),
}

# payment_type_id -> (code, label). 13 "CB" is from the docs' example; the others are invented.
PAYMENT_TYPES: dict[int, tuple[str, str]] = {
    1: ("VIR", "Virement"), 2: ("CHQ", "Chèque"), 3: ("PRLV", "Prélèvement"),
    4: ("ESP", "Espèces"), 13: ("CB", "Carte bleue"),
}

# id_payment_deadline -> (label, number_of_days, end_month). 3 is from the docs' example.
PAYMENT_DEADLINES: dict[int, tuple[str, int, bool]] = {
    1: ("Comptant", 0, False), 2: ("30 jours", 30, False), 3: ("30 jours fin de mois", 30, True),
    4: ("45 jours fin de mois", 45, True), 5: ("60 jours", 60, False),
}
