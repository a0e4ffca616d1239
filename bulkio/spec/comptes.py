"""Comptes / Accounts: the chart of accounts of one dossier.

Read side: `GET /account/v2?details=true&counterpart=true` (one request for the whole plan).
Write side: `POST /account` (find-or-create) for new numbers, `PUT /account` (full record, firm token) for
changes. Paths below follow the reference's naming mismatches (intraco vs intraco_account, presta vs
provider, complementary_informations vs complementary_info, typevoie vs way_type_id).
"""

from __future__ import annotations

from collections.abc import Mapping

from bulkio.spec.api_rules import MAX_NUMBER_LENGTH, NON_BLANK_PATTERN, counterpart_problem
from bulkio.spec.common import DOSSIER
from bulkio.spec.model import Choice, Column, EntitySpec, Kind, Rule
from bulkio.spec.referentials import COUNTRIES, WAY_TYPES

# The API's number rules (COMPTE1/3/6/7) are checked once, when an account cell is parsed (validate/values.py,
# api_rules.account_number_problem): on the number as sent, without the spaces and apostrophe the parser drops.
_CI_READ = "complementary_informations."
_CI_WRITE = "complementary_info."


def _flag(key: str, fr: str, en: str, read: str, write: str, help_fr: str, help_en: str, **kw: object) -> Column:
    return Column(
        key=key, fr=fr, en=en, kind=Kind.BOOL, read=read, write=write,
        help_fr=help_fr + " Oui/Non.", help_en=help_en + " Yes/No.", example="Non", width=12, **kw,  # type: ignore[arg-type]
    )


def _info(key: str, fr: str, en: str, field: str, help_fr: str, help_en: str, **kw: object) -> Column:
    return Column(
        key=key, fr=fr, en=en, read=_CI_READ + field, write=_CI_WRITE + field,
        help_fr=help_fr, help_en=help_en, **kw,  # type: ignore[arg-type]
    )


def counterpart_class_rule(row: Mapping[str, object]) -> tuple[str, str] | None:
    """COMPTE8 / COMPTE9 (api_rules.counterpart_problem) on the counterpart cell."""
    counterpart = row.get("counterpart")
    if not isinstance(counterpart, str):  # most rows: judged in one look
        return None
    number = row.get("account_number")
    if not isinstance(number, str):
        return None
    problem = counterpart_problem(number, counterpart)
    return ("counterpart", problem) if problem else None


COMPTES = EntitySpec(
    kind="comptes",
    sheet_fr="Comptes",
    sheet_en="Accounts",
    sheet_synonyms=("Plan comptable", "Chart of accounts", "Comptes généraux"),
    natural_key=("account_number",),
    signature=("account_number", "label"),
    row_rules=(counterpart_class_rule,),
    help_fr=(
        "Le plan comptable du dossier : une ligne par compte. Un compte absent de MyUnisoft est créé ; "
        "un compte existant est mis à jour avec les cellules renseignées (jeton cabinet requis). "
        "Une cellule vide laisse la valeur actuelle ; « (vide) » efface le champ."
    ),
    help_en=(
        "The dossier's chart of accounts, one row per account. A number missing from MyUnisoft is created; "
        "an existing account is updated with the filled cells (firm token required). "
        "An empty cell keeps the current value; '(empty)' clears the field."
    ),
    columns=(
        DOSSIER,
        Column(
            key="account_number", fr="N° de compte", en="Account number", kind=Kind.ACCOUNT, required=True,
            # Never a bare "N°" / "Numéro": a sheet often numbers its lines in a first column of that name.
            synonyms=("Numéro de compte", "Compte", "N° compte", "Compte général", "Code compte",
                      "Numéro de compte général", "Account", "Account number", "Account code"),
            read="account_number", write="account_number", max_length=MAX_NUMBER_LENGTH, example="401DUPONT", width=14,
            help_fr="Numéro du compte, en texte : lettres et chiffres seulement (ni point, ni tiret, ni barre), "
            "commence par un chiffre de 1 à 9, 20 caractères au plus. Les comptes généraux numériques sont "
            "complétés par des zéros selon le paramétrage du dossier (512 devient 512000).",
            help_en="Account number, as text: letters and digits only (no dot, dash or slash), starts with a digit "
            "1-9, at most 20 characters. Numeric general accounts are padded with zeros according to the "
            "dossier's settings (512 becomes 512000).",
        ),
        Column(
            key="label", fr="Libellé", en="Label", required=True,
            synonyms=("Intitulé", "Intitulé du compte", "Libellé du compte", "Libellé compte", "Nom du compte",
                      "Désignation", "Name", "Description", "Account name", "Account description", "Title"),
            read="label", write="label", example="DUPONT SARL", width=32,
            rules=(Rule("COMPTE4", pattern=NON_BLANK_PATTERN),),
            help_fr="Intitulé du compte.", help_en="Account label.",
        ),
        Column(
            key="counterpart", fr="Compte de contrepartie", en="Counterpart account", kind=Kind.ACCOUNT,
            synonyms=("Contrepartie", "Counterpart"), read="counterpart_account.account_number",
            write="counterpart_account_id", reference="account", max_length=MAX_NUMBER_LENGTH, example="607000",
            width=14,
            help_fr="Compte de contrepartie par défaut (numéro). Pour un 40x : classe 2, 6 ou 7 ; "
            "pour un 41x : classe 6 ou 7. Il doit exister dans ce fichier ou dans MyUnisoft.",
            help_en="Default counterpart account (number). For 40x: class 2, 6 or 7; for 41x: class 6 or 7. "
            "It must exist in this file or in MyUnisoft.",
        ),
        _flag("provider", "Fournisseur", "Provider", "presta", "provider",
              "Prestataire / fournisseur de services.", "Service provider.", synonyms=("Prestataire",)),
        _flag("intraco", "Intracommunautaire", "Intra-EU", "intraco", "intraco_account",
              "Compte intracommunautaire.", "Intra-community account.", synonyms=("Intraco",)),
        _flag("btp_autoliquidation", "Autoliquidation BTP", "Construction reverse charge", "btp_autoliquidation",
              "btp_autoliquidation", "Autoliquidation de TVA du BTP.", "Construction VAT reverse charge.",
              synonyms=("Autoliquidation",)),
        _flag("exoneration", "Exonéré", "Exempt", "exoneration", "exoneration",
              "Compte exonéré de TVA.", "VAT-exempt account.", synonyms=("Exonération",)),
        _flag("das_2", "DAS2", "DAS2", "das_2", "das_2",
              "Honoraires à déclarer sur la DAS2.", "Fees reported on the DAS2 return.", synonyms=("DAS 2",)),
        _flag("analytics", "Analytique", "Analytics", "analytics", "analytics",
              "Analytique activée sur le compte (modifiable par mise à jour uniquement, jeton cabinet).",
              "Analytics enabled on the account (set through an update only, firm token).",
              update_only=True),
        _info("company_name", "Raison sociale", "Company name", "name",
              "Raison sociale du tiers.", "Third party's company name.", synonyms=("Nom société",), width=24),
        _info("siren", "SIREN", "SIREN", "siren", "SIREN du tiers (9 chiffres).", "Third party's SIREN (9 digits).",
              kind=Kind.SIREN, example="", width=12),
        _info("address_number", "N° voie", "Street number", "address_number",
              "Numéro dans la voie.", "Street number.", synonyms=("Numéro de voie",), width=8),
        Column(
            key="way_type", fr="Type de voie", en="Street type", kind=Kind.CHOICE,
            choices=tuple(Choice(i, lib, lib) for i, lib in WAY_TYPES.items()),
            read=_CI_READ + "typevoie.id_type_voie", write=_CI_WRITE + "way_type_id", width=14,
            help_fr="Type de voie, dans la liste.", help_en="Street type, from the list.",
        ),
        _info("address", "Adresse", "Address", "address", "Nom de la voie.", "Street name.", width=24),
        _info("address_complement", "Complément d'adresse", "Address line 2", "address_complement",
              "Complément d'adresse.", "Address complement.", width=18),
        _info("postal_code", "Code postal", "Postal code", "postal_code", "Code postal.", "Postal code.",
              synonyms=("CP", "Zip"), width=10),
        _info("city", "Ville", "City", "city", "Ville.", "City.", width=16),
        Column(
            key="country", fr="Pays", en="Country", kind=Kind.CHOICE,
            choices=tuple(Choice(c.id, c.label, c.label) for c in COUNTRIES.values()),
            read=_CI_READ + "id_country", write=_CI_WRITE + "id_country", width=12,
            help_fr="Pays, dans la liste.", help_en="Country, from the list.",
        ),
        _info("contact_lastname", "Contact nom", "Contact last name", "contact_lastname",
              "Nom du contact principal.", "Main contact's last name.", width=14),
        _info("contact_firstname", "Contact prénom", "Contact first name", "contact_firstname",
              "Prénom du contact principal.", "Main contact's first name.", width=14),
        _info("contact_function", "Fonction contact", "Contact role", "function",
              "Fonction du contact principal.", "Main contact's role.", width=14),
        _info("tel", "Téléphone", "Phone", "tel", "Téléphone du contact.", "Contact phone.", kind=Kind.PHONE,
              synonyms=("Tél", "Tel"), width=14),
        _info("email", "Email", "Email", "email", "Adresse e-mail du contact.", "Contact e-mail address.",
              kind=Kind.EMAIL, synonyms=("E-mail", "Courriel", "Mail"), width=22),
        Column(
            key="iban", fr="IBAN", en="IBAN", kind=Kind.IBAN, read=_CI_READ + "iban_list.0.iban",
            write=_CI_WRITE + "iban_list.0.iban", width=30,
            help_fr="IBAN principal du tiers (clé contrôlée).", help_en="Third party's main IBAN (checksum verified).",
        ),
        Column(
            key="bic", fr="BIC", en="BIC", kind=Kind.BIC, read=_CI_READ + "iban_list.0.bic",
            write=_CI_WRITE + "iban_list.0.bic", width=12,
            help_fr="BIC associé à l'IBAN.", help_en="BIC of the IBAN.",
        ),
    ),
)
