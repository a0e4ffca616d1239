"""Capital, Associés PP, Associés PM: who holds the shares of a dossier (reference §6).

The capital is a history keyed on its effective date; `GET /society/:id/associate` shows only the latest
row. An associate link is a natural person (by ID, or by Nom + Prénom) or a company of the firm (by id,
SIRET or name) holding PP (full ownership), NP (bare ownership) and US (usufruct) shares from an entry
date, until an exit date. The sheet rules (associates_rules.py) need nothing but the workbook and mirror
the sandbox's (docs/sandbox.md, "Capital and associates"); references to MyUnisoft (persons, companies,
accounts, the live capital) are resolved when the plan is made (entities/associates_*.py).
"""

from __future__ import annotations

from bulkio.spec.associates_rules import (
    SHARE_KEYS,
    account_rule,
    capital_figures,
    company_checksum,
    company_identifier,
    dates_in_order,
    no_clear,
    per_row,
    person_named,
    shares_are_counts,
    shares_fit_function,
    shares_within_capital,
)
from bulkio.spec.common import DOSSIER
from bulkio.spec.model import Choice, Column, EntitySpec, Kind

# §6.6 static lists: signatory functions (ids 1-6) and functions held (natural persons; gaps intentional).
SIGNATORY_FUNCTIONS = (
    Choice(1, "Gérant", "Manager"),
    Choice(2, "Président", "Chairman"),
    Choice(3, "Chef d'entreprise", "Business owner"),
    Choice(4, "DG", "CEO"),
    Choice(5, "PDG", "Chairman and CEO"),
    Choice(6, "Co-Gérant", "Co-manager"),
)
FUNCTIONS = (
    Choice(1, "Salarié", "Employee"),
    Choice(3, "Dirigeant associé", "Partner executive"),
    Choice(4, "Dirigeant salarié", "Salaried executive"),
    Choice(5, "Associé", "Partner"),
    Choice(8, "Dirigeant non associé non salarié", "Executive, neither partner nor employee"),
    Choice(10, "Administrateur", "Director"),
    Choice(12, "Autres", "Other"),
    Choice(13, "Associé sans part", "Partner without shares"),
)

# --- columns ----------------------------------------------------------------------------------------


def _date(key: str, fr: str, en: str, synonyms: tuple[str, ...], help_fr: str, help_en: str,
          required: bool = False, example: str = "") -> Column:
    return Column(key=key, fr=fr, en=en, kind=Kind.DATE, required=required, synonyms=synonyms, example=example,
                  help_fr=help_fr + " JJ/MM/AAAA ou AAAA-MM-JJ.", help_en=help_en + " DD/MM/YYYY or YYYY-MM-DD.",
                  width=13)


START_DATE = _date(
    "start_date", "Date d'entrée", "Entry date", ("Date entrée", "Entrée", "Date de début", "Début", "Start date",
                                                  "Start"),
    "Date à laquelle l'associé entre au capital ; avec l'associé, elle identifie le lien.",
    "Date the associate enters the capital; with the associate, it identifies the link.",
    required=True, example="01/01/2024",
)
END_DATE = _date(
    "end_date", "Date de sortie", "Exit date", ("Sortie", "Date de fin", "Fin", "End date", "End"),
    "Date de sortie (vide : toujours associé ; « (vide) » rouvre un lien clos). Pas avant la date d'entrée.",
    "Exit date (empty: still an associate; '(empty)' reopens an ended link). Not before the entry date.",
)
EFFECTIVE_DATE = _date(
    "effective_date", "Date d'effet", "Effective date", ("Effet", "Date effet", "Effective"),
    "Date d'effet du changement, entre l'entrée et la sortie ; vide : la date d'entrée. MyUnisoft ne la "
    "relit pas : elle est envoyée, jamais comparée, et l'export la laisse vide.",
    "Date the change takes effect, between entry and exit; empty: the entry date. MyUnisoft does not read "
    "it back: it is sent, never compared, and the export leaves it empty.",
)


def _shares(key: str, fr: str, en: str, synonyms: tuple[str, ...], what_fr: str, what_en: str,
            example: str) -> Column:
    return Column(key=key, fr=fr, en=en, kind=Kind.INT, synonyms=synonyms, example=example, width=10,
                  help_fr=f"Nombre de parts en {what_fr} (entier ≥ 0).",
                  help_en=f"Number of shares in {what_en} (whole number ≥ 0).")


SHARE_COLUMNS = (
    _shares("pp", "Parts PP", "PP shares", ("PP", "Pleine propriété", "Parts pleine propriété", "Full ownership"),
            "pleine propriété", "full ownership", "500"),
    _shares("np", "Parts NP", "NP shares", ("NP", "Nue-propriété", "Parts nue-propriété", "Bare ownership"),
            "nue-propriété", "bare ownership", "0"),
    _shares("us", "Parts US", "US shares", ("US", "Usufruit", "Parts usufruit", "Usufruct"),
            "usufruit (non compté dans le capital : ce sont les mêmes parts que la nue-propriété)",
            "usufruct (not counted against the capital: the same shares as the bare ownership)", "0"),
)
SIGNATORY = Column(
    key="signatory_function", fr="Fonction signataire", en="Signatory function", kind=Kind.CHOICE,
    synonyms=("Signataire", "Fonction de signataire", "Signatory"), choices=SIGNATORY_FUNCTIONS,
    example="Gérant", width=18,
    help_fr="Qualité de signataire (liste). Obligatoire pour créer un lien ; vide : inchangée.",
    help_en="Signatory capacity (list). Required to create a link; empty: unchanged.",
)


def _account(example: str) -> Column:
    return Column(
        key="account", fr="Compte associé", en="Associate account", kind=Kind.ACCOUNT,
        synonyms=("Compte", "Compte courant", "Compte d'associé", "N° de compte", "Account"),
        example=example, width=14,
        help_fr="Numéro du compte de l'associé : 45 (sauf 457 et 458) ou 46 (sauf 46 seul), ex. 455100. "
        "Absent de MyUnisoft : ajoutez-le à la feuille Comptes, ou importez avec --create-accounts. "
        "Obligatoire pour créer un lien.",
        help_en="Number of the associate's account: 45 (except 457 and 458) or 46 (except bare 46), e.g. "
        "455100. Missing from MyUnisoft: add it to the Accounts sheet, or import with --create-accounts. "
        "Required to create a link.",
    )


_SHARES_HELP_FR = (
    " Les parts PP + NP de tous les associés présents ne dépassent pas le nombre de parts du capital."
    " Une cellule vide laisse la valeur actuelle."
)
_SHARES_HELP_EN = (
    " The PP + NP shares of all current associates do not exceed the capital's number of shares."
    " An empty cell keeps the current value."
)

CAPITAL = EntitySpec(
    kind="capital",
    sheet_fr="Capital",
    sheet_en="Capital",
    sheet_synonyms=("Capital social", "Share capital", "Historique du capital"),
    natural_key=("effective_date",),
    signature=("effective_date", "capital", "shares"),
    sheet_rules=(per_row(capital_figures),),
    help_fr=(
        "L'historique du capital : une ligne par date d'effet (montant et nombre de parts). MyUnisoft ne "
        "renvoie que la ligne la plus récente : une ligne plus ancienne que celle de MyUnisoft n'est pas "
        "envoyée (statut Ignoré), l'export ne donne que la dernière. Le capital est envoyé avant les associés."
    ),
    help_en=(
        "The capital history: one row per effective date (amount and number of shares). MyUnisoft returns only "
        "the latest row: a row older than MyUnisoft's is not sent (status Skipped), and the export gives only "
        "the latest. The capital is sent before the associates."
    ),
    columns=(
        DOSSIER,
        _date("effective_date", "Date d'effet", "Effective date",
              ("Date", "Date du capital", "Date de modification", "Capital date"),
              "Date à laquelle ce capital prend effet.", "Date this capital takes effect.",
              required=True, example="01/01/2024"),
        Column(key="capital", fr="Capital", en="Capital", kind=Kind.DECIMAL, required=True,
               synonyms=("Montant", "Capital social", "Montant du capital", "Amount", "Share capital"),
               example="10000", width=14,
               help_fr="Montant du capital en euros (≥ 0, deux décimales au plus).",
               help_en="Capital amount in euros (≥ 0, at most two decimals)."),
        Column(key="shares", fr="Nombre de parts", en="Number of shares", kind=Kind.INT, required=True,
               synonyms=("Parts", "Nb parts", "Nombre d'actions", "Actions", "Shares", "Social parts"),
               example="1000", width=12,
               help_fr="Nombre de parts (ou d'actions) du capital : un entier ≥ 1.",
               help_en="Number of shares of the capital: a whole number ≥ 1."),
    ),
)

ASSOCIES_PP = EntitySpec(
    kind="associes_pp",
    sheet_fr="Associés PP",
    sheet_en="Natural persons",
    sheet_synonyms=("Associés personnes physiques", "Personnes physiques", "Natural person associates",
                    "Associates PP"),
    natural_key=("person_id", "start_date"),
    signature=("last_name", "first_name", "start_date"),
    header_evidence=("signatory_function", "pp", "np", "us", "account"),  # an ID column: a staff list has one
    depends_on=("capital",),
    sheet_rules=(per_row(person_named, dates_in_order, shares_are_counts, shares_fit_function, account_rule,
                         no_clear("person_id", "signatory_function", "function", "account")),),
    help_fr=(
        "Les associés personnes physiques : une ligne par période de détention. La personne est désignée par "
        "son ID MyUnisoft, ou par Nom et Prénom (sans tenir compte des majuscules, accents et espaces) ; en cas "
        "d'homonymes, écrivez l'ID. MyUnisoft ne permet pas de créer une personne." + _SHARES_HELP_FR
    ),
    help_en=(
        "Natural-person associates: one row per holding period. The person is given by MyUnisoft ID, or by "
        "last and first name (case, accents and spaces ignored); for homonyms, write the ID. MyUnisoft "
        "cannot create a person." + _SHARES_HELP_EN
    ),
    columns=(
        DOSSIER,
        Column(key="person_id", fr="ID personne", en="Person ID", kind=Kind.INT,
               synonyms=("ID", "Id personne physique", "Identifiant personne", "N° personne",
                         "physical_person_id", "pers_physique_id", "Person"),
               width=11,
               help_fr="Identifiant MyUnisoft de la personne (obligatoire pour un homonyme ou avec un jeton de "
               "dossier). Vide : la personne est cherchée par Nom et Prénom.",
               help_en="MyUnisoft id of the person (required for a homonym or with a dossier token). Empty: the "
               "person is looked up by last and first name."),
        Column(key="last_name", fr="Nom", en="Last name", synonyms=("Nom de famille", "Surname", "Family name"),
               example="MARTIN", width=18,
               help_fr="Nom de la personne (obligatoire sans ID personne).",
               help_en="Last name of the person (required without a person ID)."),
        Column(key="first_name", fr="Prénom", en="First name", synonyms=("Prenom", "Firstname", "Given name"),
               example="Jean-Pierre", width=16,
               help_fr="Prénom de la personne (obligatoire sans ID personne).",
               help_en="First name of the person (required without a person ID)."),
        SIGNATORY,
        Column(key="function", fr="Fonction", en="Function", kind=Kind.CHOICE,
               synonyms=("Fonction occupée", "Rôle", "Role", "Function held"), choices=FUNCTIONS,
               example="Associé", width=22,
               help_fr="Fonction de la personne (liste). Obligatoire pour créer un lien ; « Associé sans part » "
               "ne détient aucune part.",
               help_en="Function of the person (list). Required to create a link; 'Partner without shares' "
               "holds no share."),
        START_DATE, END_DATE, EFFECTIVE_DATE, *SHARE_COLUMNS, _account("455100"),
    ),
)

ASSOCIES_PM = EntitySpec(
    kind="associes_pm",
    sheet_fr="Associés PM",
    sheet_en="Legal entities",
    sheet_synonyms=("Associés personnes morales", "Personnes morales", "Legal entity associates",
                    "Associates PM"),
    natural_key=("company", "start_date"),
    signature=("company", "start_date"),
    header_evidence=("signatory_function", "pp", "np", "us", "account", "revenu_pro"),
    depends_on=("capital",),
    sheet_rules=(per_row(company_checksum, dates_in_order, shares_are_counts, shares_fit_function, account_rule,
                         no_clear("signatory_function", "account")),),
    help_fr=(
        "Les associés personnes morales : une ligne par période de détention. La société associée doit être un "
        "dossier du cabinet, désigné par son id, son SIRET (ou SIREN) ou son nom." + _SHARES_HELP_FR
    ),
    help_en=(
        "Legal-entity associates: one row per holding period. The holder must be a dossier of the firm, given "
        "by its id, SIRET (or SIREN) or name." + _SHARES_HELP_EN
    ),
    columns=(
        DOSSIER,
        Column(key="company", fr="Société associée", en="Holding company", required=True,
               synonyms=("Associé", "Associée", "Personne morale", "Entreprise associée", "Holder", "Company",
                         "Legal entity", "Associate company"),
               example="ANALYTIQUE SA", width=24,
               help_fr="La société qui détient les parts : id du dossier, SIRET (14 chiffres), SIREN (9) ou nom, "
               "parmi les dossiers du cabinet.",
               help_en="The company holding the shares: dossier id, SIRET (14 digits), SIREN (9) or name, among "
               "the firm's dossiers."),
        SIGNATORY,
        START_DATE, END_DATE, EFFECTIVE_DATE, *SHARE_COLUMNS, _account("467100"),
        Column(key="revenu_pro", fr="Revenus professionnels", en="Professional income", kind=Kind.BOOL,
               synonyms=("Revenu pro", "Revenus pro", "revenu_pro", "Professional revenue"), example="Non",
               width=12,
               help_fr="Option « revenus professionnels » du lien. Oui/Non ; vide : inchangée (Non pour un "
               "nouveau lien).",
               help_en="The link's 'professional income' option. Yes/No; empty: unchanged (No for a new link)."),
    ),
)

ASSOCIATES_WORKBOOK_RULES = (shares_within_capital,)

__all__ = ["ASSOCIATES_WORKBOOK_RULES", "ASSOCIES_PM", "ASSOCIES_PP", "CAPITAL", "FUNCTIONS", "SHARE_KEYS",
           "SIGNATORY_FUNCTIONS", "company_identifier"]
