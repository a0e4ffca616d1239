"""Static lists of the API that the templates offer as dropdowns, shared with the sandbox.

Way types come from the publisher's road_types list; countries (spec/countries.py) from the Postman
capture of `GET /country`. Both are API facts, so the core owns them and the sandbox imports them.
"""

from __future__ import annotations

from bulkio.spec.countries import COUNTRIES, Country

__all__ = ["COUNTRIES", "WAY_TYPES", "WAY_TYPE_ROWS", "Country"]

# (id, label, abbreviation) from api-partenaires docs/accounting/specs/road_types.md, the list of ids
# accepted as `way_type_id` / `road_type_id`. Two fixes: the doc swaps label and abbreviation of id 10
# ("RES"/"Residence"), and id 19 has an empty label (kept in WAY_TYPE_ROWS, left out of WAY_TYPES).
# Note: one Postman capture shows a society `road_type` {"id": 43, "label": "Rond Point"}, whereas this
# list gives 42 = Rond Point, 43 = Sente-Sentier; the sandbox follows the documented list.
WAY_TYPE_ROWS: tuple[tuple[int, str, str | None], ...] = (
    (1, "Allée", "ALL"), (2, "Avenue", "AV"), (3, "Boulevard", "BD"), (4, "Chemin", "CHE"),
    (5, "Cours", "CRS"), (6, "Faubourg", "FG"), (7, "Impasse", "IMP"), (8, "Lieu dit", "LD"),
    (9, "Rue", "RUE"), (10, "Residence", "RES"), (11, "Place", "PL"), (12, "Quai", "QUAI"),
    (13, "Villa", "VLA"), (14, "Route", "RTE"), (15, "Square", "SQ"), (16, "Domaine", "DOM"),
    (17, "Voie", None), (18, "Cité", "CITE"), (19, "", None), (21, "Corniche", "COR"),
    (22, "Chaussée", "CHS"), (23, "Carrefour", "CAR"), (25, "Descente", "DSC"), (26, "Ecart", "ECA"),
    (27, "Esplanade", "ESP"), (28, "Grande Rue", "GR"), (29, "Hameau", "HAM"), (30, "Halle", "HLE"),
    (31, "Lotissement", "LOT"), (32, "Marché", "MAR"), (33, "Montée", "MTE"), (34, "Passage", "PAS"),
    (35, "Plaine", "PLN"), (36, "Plateau", "PLT"), (37, "Promenade", "PRO"), (38, "Parvis", "PRV"),
    (39, "Quartier", "QUA"), (40, "Ruelle", "RLE"), (41, "Rocade", "ROC"), (42, "Rond Point", "RPT"),
    (43, "Sente-Sentier", "SEN"), (44, "Terre-plein", "TPL"), (45, "Village", "VLGE"), (46, "Mail", None),
    (47, "Terasse", "TER"),
)

WAY_TYPES: dict[int, str] = {wid: label for wid, label, _abbr in WAY_TYPE_ROWS if label}
