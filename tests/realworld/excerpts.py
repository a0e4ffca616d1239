"""Small excerpts of real third-party charts and files, with their real column names, codes and labels (see
SOURCES.md for where each comes from). Rows are kept in the source's order; nothing is corrected: Odoo's "1648"
and "39200", Tryton's "28" beside "280", ERPNext's "11" beside "110" are what those files hold."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

# odoo/odoo addons/l10n_fr/data/account.account.template.csv (commit 0ebf80b6...): the header and 60 rows.
ODOO_HEADER = ["id", "name", "code", "account_type", "chart_template_id/id", "tag_ids/id", "reconcile"]
_ODOO_TEMPLATE = "l10n_fr.l10n_fr_pcg_chart_template"
ODOO_ROWS: list[tuple[str, str, str | int, str, str]] = [  # id, name, code, account_type, reconcile
    ("pcg_1011", "Capital souscrit - non appelé", "101100", "equity", "False"),
    ("pcg_1012", "Capital souscrit - appelé non versé", "101200", "equity", "False"),
    ("pcg_1013", "Capital souscrit appelé, versé", "101300", "equity", "False"),
    ("pcg_10131", "Capital non amorti", "101310", "equity", "False"),
    ("pcg_1061", "Réserve légale", "106100", "equity", "False"),
    ("pcg_1068", "Autres réserves", "106800", "equity", "False"),
    ("pcg_110", "Report à nouveau (solde créditeur)", "110000", "equity", "False"),
    ("pcg_119", "Report à nouveau (solde débiteur)", "119000", "equity", "False"),
    ("pcg_120", "Résultat de l'exercice (bénéfice)", "120000", "equity", "False"),
    ("pcg_129", "Résultat de l'exercice (perte)", "129000", "equity", "False"),
    ("pcg_1523", "Provisions pour impôts", 152300, "liability_non_current", "False"),  # unquoted in the file
    ("pcg_164", "Emprunts auprès des établissements de crédit", "164000", "liability_non_current", "False"),
    ("pcg_1648", "Intérêts courus sur emprunts auprès des établissements", "1648", "liability_non_current", "False"),
    ("pcg_2183", "Matériel de bureau et matériel informatique", "218300", "asset_fixed", "False"),
    ("pcg_2184", "Mobilier", "218400", "asset_fixed", "False"),
    ("pcg_391_account", "Dépréciations des matières premières et fournitures", "391000", "asset_current", "False"),
    ("pcg_392_account", "Dépréciations des autres approvisionnements", "39200", "asset_current", "False"),
    ("pcg_400", "Fournisseurs et comptes rattachés", "400000", "liability_payable", "True"),
    ("fr_pcg_pay", "Fournisseurs - Achats de biens et prestations de services", "401100", "liability_payable",
     "True"),
    ("pcg_4017", "Fournisseurs - Retenues de garantie", "401700", "liability_payable", "True"),
    ("pcg_403", "Fournisseurs - Effets à payer", "403000", "liability_payable", "True"),
    ("pcg_4081", "Factures non parvenues - Fournisseurs", "408100", "liability_current", "True"),
    ("pcg_4091", "Fournisseurs  avance et acomptes versés sur commandes", "409100", "liability_current", "False"),
    ("pcg_410", "Clients et comptes rattachés", "410000", "asset_receivable", "True"),
    ("fr_pcg_recv", "Clients - Ventes de biens ou de prestations de services", "411100", "asset_receivable", "True"),
    ("fr_pcg_recv_pos", "Clients - Ventes de biens ou de prestations de services (PoS)", "411101",
     "asset_receivable", "True"),
    ("pcg_416", "Clients douteux ou litigieux", "416000", "asset_current", "True"),
    ("pcg_4181", "Clients - Factures à établir", "418100", "asset_current", "True"),
    ("pcg_421", "Personnel - Rémunérations dues", "421000", "liability_current", "True"),
    ("pcg_431", "Sécurité Sociale", "431000", "liability_current", "True"),
    ("pcg_437", "Autres organismes sociaux", "437000", "liability_current", "True"),
    ("pcg_444", "État - Impôts sur les bénéfices", "444000", "liability_current", "True"),
    ("pcg_44551", "TVA à décaisser", "445510", "liability_current", "True"),
    ("pcg_44566", "TVA déductible sur autres biens et services", "445660", "asset_current", "False"),
    ("pcg_44571", "TVA collectée", "445710", "liability_current", "False"),
    ("pcg_4551", "Associés - Comptes courants - Principal", "455100", "liability_current", "True"),
    ("pcg_467", "Divers comptes créditeurs et charges à payer", "467000", "liability_current", "False"),
    ("pcg_471", "Compte d'attente", "471000", "asset_current", "True"),
    ("pcg_486", "Charges constatées d'avance", "486000", "asset_current", "True"),
    ("pcg_487", "Produits constatés d'avance", "487000", "liability_current", "True"),
    ("pcg_5112", "Chèques à encaisser", "511200", "asset_current", "True"),
    ("pcg_5121", "Comptes en euros", "512100", "asset_cash", "False"),
    ("pcg_5124", "Banques - Comptes en devises", "512400", "asset_cash", "False"),
    ("pcg_53_account", "Caisse", "530000", "asset_cash", "False"),
    ("pcg_58_account", "Virements internes", "580000", "asset_cash", "False"),
    ("pcg_601_account", "Achats stockés - Matières premières et fournitures", "601000", "expense", "False"),
    ("pcg_6061", "Fournitures non stockables (eau, énergie...)", "606100", "expense", "False"),
    ("pcg_6064", "Fournitures administratives", "606400", "expense", "False"),
    ("pcg_607_account", "Achats de marchandises", "607000", "expense", "False"),
    ("pcg_6132", "Locations immobilières", "613200", "expense", "False"),
    ("pcg_6156", "Maintenance", "615600", "expense", "False"),
    ("pcg_6161", "Assurance multirisques", "616100", "expense", "False"),
    ("pcg_6211", "Personnel intérimaire", "621100", "expense", "False"),
]
ODOO_NOTES = {"1648": "164800", "39200": "392000", "152300": "152300"}  # codes the file holds unpadded / as numbers


def odoo_rows() -> list[list[object]]:
    return [[id_, name, code, kind, _ODOO_TEMPLATE, "", reconcile] for id_, name, code, kind, reconcile in ODOO_ROWS]


def odoo_expected() -> dict[str, str]:
    """Each Odoo account as MyUnisoft stores it: 6 digits (40x/41x/421 kept as they are)."""
    return {stored(str(code)): name for _id, name, code, _kind, _reconcile in ODOO_ROWS}


# tryton/tryton modules/account_fr/account_fr.xml (commit 201ecac0...): account.account.template records
# (code, name), in the file's order. "28" and "280" both exist: one account once padded to 6 digits.
TRYTON_ROWS: list[tuple[str, str]] = [
    ("277", "Actions propres ou parts propres"),
    ("2771", "Actions propres ou parts propres"),
    ("2772", "Actions propres ou parts propres en voie d'annulation"),
    ("279", "Versements restant à effectuer sur titres immobilisés non libérés"),
    ("28", "Amortissement des immobilisations"),
    ("280", "Amortissements des immobilisations incorporelles"),
    ("2801", "Frais d'établissement"),
    ("28011", "Frais de constitution"),
    ("28012", "Frais de premier établissement"),
    ("280121", "Frais de prospection"),
    ("280122", "Frais de publicité"),
    ("28013", "Frais d'augmentation de capital et d'opérations diverses (fusions, scissions, transformations)"),
    ("2803", "Frais de recherche et de développement"),
    ("2805", "Concessions et droits similaires, brevets, licences, logiciels, droits et valeurs similaires"),
    ("2807", "Fonds commercial"),
    ("2808", "Autres immobilisations incorporelles"),
    ("281", "Amortissements des immobilisations corporelles"),
    ("2811", "Terrains de gisement"),
    ("2812", "Agencements aménagements de terrains"),
    ("28121", "Terrains nus"),
    ("28122", "Terrains aménagés"),
    ("28125", "Terrains bâtis"),
    ("281251", "Ensembles immobiliers industriels (A, B, ...)"),
    ("281258", "Autres ensembles immobiliers"),
    ("2812581", "Affectés aux opérations professionnelles (A, B, ...)"),
    ("2812588", "Affectés aux opérations non professionnelles (A, B, ...)"),
    ("2813", "Constructions"),
    ("28131", "Bâtiments"),
    ("443", "Opérations particulières avec l'État, les collectivités publiques, les organismes internationaux"),
    ("4431", "Créances sur l'État résultant de la suppression de la règle du décalage d'un mois en matière de "
             "T.V.A."),
    ("444", "État - Impôts sur les bénéfices"),
    ("445", "État - Taxes sur le chiffre d'affaires"),
    ("4452", "T.V.A. due intracommunautaire"),
    ("4455", "Taxes sur le chiffre d'affaires à décaisser"),
    ("44551", "T.V.A. à décaisser"),
    ("4456", "Taxes sur le chiffre d'affaires déductibles"),
    ("44562", "T.V.A. sur immobilisations"),
    ("44566", "T.V.A. sur autres biens et services"),
    ("4457", "Taxes sur le chiffre d'affaires collectées par l'entreprise"),
    ("44571", "T.V.A. collectée"),
    ("45", "Groupe et associés"),
    ("451", "Groupe"),
    ("455", "Associés - Comptes courants"),
    ("4551", "Principal"),
    ("4558", "Intérêts courus"),
]

# frappe/erpnext .../chart_of_accounts/verified/fr_plan_comptable_general.json: the tree's first nodes, each key
# "number-name"; flattened in the tree's order (parent number, number, name). "1"/"10", "11"/"110", "12"/"120"
# are one account once padded.
ERPNEXT_TREE: list[tuple[str, str, str]] = [
    ("", "1", "Comptes de Capitaux"),
    ("1", "10", "Capital et Réserves"),
    ("10", "101", "Capital"),
    ("101", "1011", "Capital souscrit - non appelé"),
    ("101", "1012", "Capital souscrit - appelé, non versé"),
    ("101", "1013", "Capital souscrit - appelé, versé"),
    ("1013", "10131", "Capital non amorti"),
    ("1013", "10132", "Capital amorti"),
    ("101", "1018", "Capital souscrit soumis à des réglementations particulières"),
    ("10", "102", "Fonds fiduciaires"),
    ("10", "104", "Primes liées au capital social"),
    ("104", "1041", "Primes d'émission"),
    ("104", "1042", "Primes de fusion"),
    ("104", "1043", "Primes d'apport"),
    ("10", "106", "Réserves"),
    ("106", "1061", "Réserve légale"),
    ("1061", "10611", "Réserve légale proprement dite"),
    ("1061", "10612", "Plus-values nettes à long terme"),
    ("106", "1063", "Réserves statutaires ou contractuelles"),
    ("106", "1068", "Autres réserves"),
    ("10", "108", "Compte de l'exploitant"),
    ("1", "11", "Report à Nouveau"),
    ("11", "110", "Report à nouveau (solde créditeur)"),
    ("11", "119", "Report à nouveau (solde débiteur)"),
    ("1", "12", "Résultat de l'Exercice"),
    ("12", "120", "Résultat de l'exercice (bénéfice)"),
    ("12", "129", "Résultat de l'exercice (perte)"),
    ("1", "13", "Subventions d'Investissement"),
    ("13", "131", "Subventions d'équipement"),
    ("131", "1311", "Etat"),
    ("131", "1312", "Régions"),
    ("13", "139", "Subventions d'investissement inscrites au compte de résultat"),
    ("139", "1391", "Subventions d'équipement"),
    ("1391", "13911", "Etat"),
    ("1", "14", "Provisions Réglementées"),
    ("14", "145", "Amortissements dérogatoires"),
    ("1", "16", "Emprunts et Dettes Assimilées"),
    ("16", "164", "Emprunts auprès des établissements de crédit"),
    ("16", "165", "Dépôts et cautionnements reçus"),
    ("165", "1651", "Dépôts"),
    ("165", "1655", "Cautionnements"),
]
# ERPNext's Chart of Accounts Importer template (chart_of_accounts_importer.py, get_template)
ERPNEXT_HEADER = ["Account Name", "Parent Account", "Account Number", "Parent Account Number", "Is Group",
                  "Account Type", "Root Type", "Account Currency"]

# tryton/tryton modules/account_fr/tests/FEC.csv (commit 6ced0655...): the real header and its 4 lines, then
# lines composed here in the same shape (a purchase and a sale with real PCG accounts).
FEC_HEADER = ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
              "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
              "ValidDate", "Montantdevise", "Idevise"]
FEC_LINES: list[list[str]] = [
    ["Deferral", "Deferral", "0", "20180101", "797", "Transferts de charges exceptionnelles", "", "", "-",
     "20180101", "-", "0,00", "5,00", "", "", "20180101", "", ""],
    ["Deferral", "Deferral", "0", "20180101", "4967", "Autres comptes débiteurs", "2", "Party", "-", "20180101",
     "-", "5,00", "0,00", "", "", "20180101", "", ""],
    ["REV", "Revenue", "1", "20180101", "797", "Transferts de charges exceptionnelles", "", "", "-", "20180101",
     "-", "0,00", "10,00", "", "", "20180101", "", ""],
    ["REV", "Revenue", "1", "20180101", "4967", "Autres comptes débiteurs", "2", "Party", "-", "20180101", "-",
     "10,00", "0,00", "", "", "20180101", "", ""],
    # composed: a supplier invoice and a customer invoice
    ["AC", "Achats", "2", "20180115", "607000", "Achats de marchandises", "", "", "F-0042", "20180112",
     "Facture Minoterie", "1000,00", "0,00", "", "", "20180115", "", ""],
    ["AC", "Achats", "2", "20180115", "445660", "TVA déductible sur autres biens et services", "", "", "F-0042",
     "20180112", "Facture Minoterie", "200,00", "0,00", "", "", "20180115", "", ""],
    ["AC", "Achats", "2", "20180115", "401000", "Fournisseurs", "401MINOT", "Minoterie du Centre", "F-0042",
     "20180112", "Facture Minoterie", "0,00", "1200,00", "AA", "20180131", "20180115", "", ""],
    ["VT", "Ventes", "3", "20180120", "411000", "Clients", "411DUPONT", "Restaurant Dupont", "V-0007",
     "20180120", "Facture Dupont", "600,00", "0,00", "", "", "20180120", "", ""],
    ["VT", "Ventes", "3", "20180120", "707000", "Ventes de marchandises", "", "", "V-0007", "20180120",
     "Facture Dupont", "0,00", "500,00", "", "", "20180120", "", ""],
    ["VT", "Ventes", "3", "20180120", "445710", "TVA collectée", "", "", "V-0007", "20180120", "Facture Dupont",
     "0,00", "100,00", "", "", "20180120", "", ""],
]


def fec_chart() -> list[tuple[str, str]]:
    """The chart a user derives from a FEC: each CompteNum once, with its CompteLib, in order of appearance."""
    seen: dict[str, str] = {}
    for line in FEC_LINES:
        seen.setdefault(line[4], line[5])
    return list(seen.items())


# --- the PCG shipped with bulkio, and MyUnisoft's padding ------------------------------------------------------


@cache
def pcg() -> list[tuple[str, str]]:
    """bulkio/data/pcg.tsv as published: (number, label), classes and 2-digit accounts included, in order."""
    text = files("bulkio").joinpath("data/pcg.tsv").read_text(encoding="utf-8")
    found = []
    for line in text.splitlines():
        if line.strip():
            number, _level, label = line.split("\t")[:3]
            found.append((number, label.strip()))
    return found


def stored(number: str) -> str:
    """An account number as a dossier with `auto_complete_account` and 6 digits for general accounts stores it:
    upper-cased; purely numeric numbers right-padded with 0, except third parties (40x, 41x, 421)."""
    number = number.upper()
    if number.isdigit() and not number.startswith(("40", "41", "421")):
        return number.ljust(6, "0")
    return number


def first_of_each(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[int, int]]:
    """What a chart leaves in an empty dossier: the first row of each stored number; and for each later row
    (0-based index in `pairs`) the index of the earlier row it duplicates."""
    kept: dict[str, str] = {}
    first: dict[str, int] = {}
    duplicates: dict[int, int] = {}
    for index, (number, label) in enumerate(pairs):
        key = stored(number)
        if key in first:
            duplicates[index] = first[key]
        else:
            first[key] = index
            kept[key] = label
    return kept, duplicates
