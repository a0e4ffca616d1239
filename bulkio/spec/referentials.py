"""Static lists of the API that the templates offer as dropdowns.

The reference documents the shape of these objects (`typevoie {id_type_voie, lib}`, `id_country`) but not
their full contents; only two way-type ids are seen in captures (9 = Rue, 43 = Rond Point). The rest of
the ids below are bulkio's choice, shared with the sandbox, and documented in docs/sandbox.md.
"""

from __future__ import annotations

WAY_TYPES: dict[int, str] = {
    1: "Allée",
    2: "Avenue",
    3: "Boulevard",
    4: "Chemin",
    5: "Cours",
    6: "Impasse",
    7: "Passage",
    8: "Place",
    9: "Rue",
    10: "Quai",
    11: "Route",
    12: "Square",
    13: "Lieu-dit",
    14: "Hameau",
    15: "Faubourg",
    16: "Résidence",
    17: "Zone industrielle",
    18: "Zone d'activité",
    43: "Rond Point",
}

# id_country -> (French label, ISO code)
COUNTRIES: dict[int, tuple[str, str]] = {
    1: ("FRANCE", "FR"),
    2: ("ALLEMAGNE", "DE"),
    3: ("BELGIQUE", "BE"),
    4: ("ESPAGNE", "ES"),
    5: ("ITALIE", "IT"),
    6: ("LUXEMBOURG", "LU"),
    7: ("PAYS-BAS", "NL"),
    8: ("PORTUGAL", "PT"),
    9: ("ROYAUME-UNI", "GB"),
    10: ("SUISSE", "CH"),
    11: ("IRLANDE", "IE"),
    12: ("AUTRICHE", "AT"),
    13: ("MONACO", "MC"),
    14: ("ETATS-UNIS", "US"),
    15: ("CANADA", "CA"),
}
