"""Other programs' exports, recognised by their real column names without any mapping file.

A Layout is what a mapping file says (bulkio/workbook/mapping.py), declared once for a program: which of its
columns are bulkio's, which are not ours (ignored, with one note, never evidence against the sheet), and the
headers that must all be in one header row for a sheet to be taken as that export (its signature). Each is
built from the program's documentation or from files it really writes; `source` says which, and docs/layouts.md
cites the same with what was not found.

Recognition stays conservative (recognise.py, docs/trust.md §1): a layout claims a sheet only when its whole
signature is there, and a column of another document it does not declare (Date, Journal, Débit, Solde...) still
refuses the sheet. `named_signature` is enough only when the user or the sheet's name already says the kind
(--sheet, [feuilles], a sheet named "Plan comptable"): a Tryton export's "Code" and "Nom" name too many lists.

Some exports need their rows read with care (`rows`): ERPNext's group accounts may have no number (skipped with
a note, not an error), Pennylane repeats an account once per VAT rate (the repeats skipped). value_rules.py
applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from bulkio.i18n import register, t
from bulkio.spec.model import header_key
from bulkio.workbook.source_options import SourceOptions

register(
    {
        "layouts.what.comptes": {"fr": "de plan comptable", "en": "chart of accounts"},
        "layouts.what.other": {"fr": "de feuille {kind}", "en": "{kind} sheet"},
    }
)

Alternatives = tuple[str, ...]  # one signature column, written any of these ways


@dataclass(frozen=True)
class GroupRows:
    """Rows the export marks as groups (headings of its tree: `flag` true) with no account number: no account of
    the dossier, skipped with a note. A group that has a number is an account like the others."""

    flag: str  # the header of the group flag ("Is Group")


@dataclass(frozen=True)
class VariantRows:
    """Rows repeating an earlier row's number and label, told apart by `column` only (Pennylane's VAT rate): one
    account of the dossier, the repeats skipped with a note. A repeat with another label stays a duplicate."""

    column: str


RowRule = GroupRows | VariantRows


@dataclass(frozen=True)
class Layout:
    name: str  # as the notes name it: "Sage 100"
    kind: str  # the bulkio sheet kind it feeds
    source: str  # where its column names come from
    signature: tuple[Alternatives, ...]  # all present in one header row: the sheet is this export
    columns: Mapping[str, str]  # source header -> bulkio column key
    not_ours: tuple[str, ...]  # the export's columns bulkio does not import
    named_signature: tuple[Alternatives, ...] | None = None  # enough when the kind is already said
    rows: tuple[RowRule, ...] = field(default=())

    @cached_property
    def column_keys(self) -> dict[str, str]:
        """header_key -> bulkio column key."""
        return {header_key(text): key for text, key in self.columns.items()}

    @cached_property
    def ignored_keys(self) -> frozenset[str]:
        return frozenset(header_key(text) for text in self.not_ours) - self.column_keys.keys()

    @cached_property
    def options(self) -> SourceOptions:
        """What a mapping file would say of this export: read through the same code (vocabulary.py)."""
        return SourceOptions(origin=self.name, columns={self.kind: self.column_keys},
                             ignored_columns=self.ignored_keys)

    def matches(self, keys: frozenset[str], named: bool) -> bool:
        """Whether a header row holding these header keys is this export (`named`: the kind is already said)."""
        signature = self.named_signature if named and self.named_signature is not None else self.signature
        return all(any(header_key(text) in keys for text in alternatives) for alternatives in signature)

    def what(self, kind_name: str) -> str:
        """'de plan comptable': what the export is, for the notes."""
        return t("layouts.what.comptes") if self.kind == "comptes" else t("layouts.what.other", kind=kind_name)


def _one(*texts: str) -> Alternatives:
    return texts


NUMBER, LABEL = "account_number", "label"

# Sage 100 Comptabilité: the fields of a general account as Sage's own documentation names them (table F_COMPTEG:
# "Numéro compte général", "Intitulé du compte", "Type de compte", "Numéro nature", "Classement", "Type report",
# "Raccourci", "Saut de lignes", the "Option ..." flags, "Code Taxe") and the list's short titles ("N° compte",
# "Intitulé", "Type", "Nature"). Its "Option analytique" is Sage's setting, not MyUnisoft's analytics flag.
SAGE_100 = Layout(
    name="Sage 100",
    kind="comptes",
    source="Sage, « De Ciel vers Sage, correspondance des données » (table F_COMPTEG, comptes généraux) : "
           "github feridHelali/affair_izdihar_gestion designDocs/01_Sage_Docs/Markdowns/CORRESPONDANCECIEL_SAGE.md",
    signature=(_one("N° compte", "Numéro compte général", "Numéro compte"), _one("Intitulé", "Intitulé du compte"),
               _one("Nature", "Numéro nature", "Nature de compte")),
    columns={"N° compte": NUMBER, "Numéro compte général": NUMBER, "Intitulé": LABEL, "Intitulé du compte": LABEL},
    not_ours=("Type", "Type de compte", "Nature", "Numéro nature", "Nature de compte", "Classement", "Abrégé",
              "Type report", "Report", "Numéro compte reporting", "Raccourci", "Saut de lignes", "Saut lignes",
              "Option regroupement", "Option analytique", "Option échéance", "Option quantité", "Option lettrage",
              "Option tiers", "Option devise", "Numéro devise", "Devise", "Code taxe", "Date de création",
              "Mise en sommeil", "Sommeil", "Bloc-note", "Lettrage en saisie", "Report analytique"),
)

# Sage 100 read from its SQL database (an SSMS or Excel query of F_COMPTEG): the table's own column names.
SAGE_100_TABLE = Layout(
    name="Sage 100 (table F_COMPTEG)",
    kind="comptes",
    source="colonnes de la table F_COMPTEG de Sage 100 : github ronny0005/itsolutionjee "
           "src/main/java/com/server/itsolution/entities/FCompteg.java",
    signature=(_one("CG_Num"), _one("CG_Intitule")),
    columns={"CG_Num": NUMBER, "CG_Intitule": LABEL},
    not_ours=("CG_Type", "CG_Classement", "N_Nature", "CG_Report", "CR_Num", "CG_Raccourci", "CG_Saut",
              "CG_Regroup", "CG_Analytique", "CG_Echeance", "CG_Quantite", "CG_Lettrage", "CG_Tiers",
              "CG_DateCreate", "CG_Devise", "N_Devise", "TA_Code", "CG_Sommeil", "cbProt", "cbMarq", "cbCreateur",
              "cbModification", "cbReplication", "cbFlag"),
)

# Odoo account.account: the import-compatible export writes field names (id, name, code, account_type or, before
# Odoo 16, user_type_id/id), the plain export their labels (Code, Account Name, Type, Allow Reconciliation...).
ODOO = Layout(
    name="Odoo",
    kind="comptes",
    source="odoo/odoo addons/account/models/account_account.py (libellés des champs) et "
           "addons/l10n_fr/data/account.account.template.csv (en-tête technique) ; avant Odoo 16 : "
           "mekomsolutions/odoo-initializer readme/account.md (user_type_id/id)",
    signature=(_one("code"), _one("name", "Account Name"),
               _one("account_type", "Type", "user_type_id", "user_type_id/id")),
    columns={"code": NUMBER, "name": LABEL, "Account Name": LABEL},
    not_ours=("id", "account_type", "Type", "user_type_id", "user_type_id/id", "reconcile", "Allow Reconciliation",
              "chart_template_id/id", "tag_ids", "tag_ids/id", "Tags", "currency_id", "currency_id/id",
              "Account Currency", "tax_ids", "tax_ids/id", "Default Taxes", "note", "Internal Notes", "non_trade",
              "company_id", "company_id/id", "company_ids", "Company", "Companies", "active", "Active",
              "description", "group_id", "Internal Group", "internal_group", "include_initial_balance",
              "Bring Accounts Balance Forward", "opening_debit", "opening_credit", "opening_balance",
              "Opening Debit", "Opening Credit", "Opening Balance", "name@fr"),
)

# ERPNext's Chart of Accounts Importer template (get_template): group accounts of its tree often have no number.
ERPNEXT = Layout(
    name="ERPNext",
    kind="comptes",
    source="frappe/erpnext erpnext/accounts/doctype/chart_of_accounts_importer/chart_of_accounts_importer.py "
           "(get_template) et coa_sample_template.csv",
    signature=(_one("Account Number"), _one("Account Name"), _one("Is Group")),
    columns={"Account Number": NUMBER, "Account Name": LABEL},
    not_ours=("Parent Account", "Parent Account Number", "Is Group", "Account Type", "Root Type",
              "Account Currency"),
    rows=(GroupRows("Is Group"),),
)

# Tryton's account.account exported from its client: the French labels of its fields. Code and Nom alone name too
# many lists to claim a sheet: enough only when the sheet is named as accounts.
TRYTON = Layout(
    name="Tryton",
    kind="comptes",
    source="tryton/tryton modules/account/locale/fr.po (champs de account.account)",
    signature=(_one("Code"), _one("Nom", "Name"), _one("Type"), _one("A réconcilier", "Reconcile")),
    named_signature=(_one("Code"), _one("Nom", "Name")),
    columns={"Code": NUMBER, "Nom": LABEL, "Name": LABEL},
    not_ours=("Type", "Parent", "Enfants", "Children", "Clôturé", "Closed", "Actif", "Active", "A réconcilier",
              "Reconcile", "Tiers requis", "Party Required", "Report", "Deferral", "Taxes par défaut",
              "Default Taxes", "Devise secondaire", "Second Currency", "Date de début", "Start Date", "Date de fin",
              "End Date", "Note", "Remplacé par", "Replaced By", "Société", "Company", "Type en crédit",
              "Credit Type", "Type en débit", "Debit Type", "Modèle", "Template"),
)

# Dolibarr's accounting_account table (a database export) and its chart-of-accounts export fields.
DOLIBARR = Layout(
    name="Dolibarr",
    kind="comptes",
    source="Dolibarr/dolibarr htdocs/core/modules/modAccounting.class.php (export : aa.account_number, aa.label, "
           "aa.account_parent, aa.pcg_type...) ; table llx_accounting_account : github regisgilot/dolibarr_2022 "
           "scripts/ddl_sources/dolibardev/llx_accounting_account.sql",
    signature=(_one("account_number"), _one("label"), _one("pcg_type", "fk_pcg_version")),
    columns={"account_number": NUMBER, "label": LABEL},
    not_ours=("rowid", "entity", "datec", "tms", "fk_pcg_version", "pcg_type", "pcg_subtype", "account_parent",
              "labelshort", "fk_accounting_category", "fk_user_author", "fk_user_modif", "active", "reconcilable",
              "import_key", "extraparams"),
)

# Paheko (ex-Garradin): its chart import/export columns.
PAHEKO = Layout(
    name="Paheko",
    kind="comptes",
    source="https://fossil.kd2.org/garradin/info/bd94d2bf13d63721 (« Importer configurer un plan comptable »)",
    signature=(_one("code"), _one("label"), _one("position")),
    columns={"code": NUMBER, "label": LABEL},
    not_ours=("description", "position", "type"),
)

# Pennylane's ledger accounts (API v2, as a list exported to a spreadsheet): one row per account and VAT rate.
PENNYLANE = Layout(
    name="Pennylane",
    kind="comptes",
    source="Pennylane API v2 ledger_accounts (réponse observée : id, number, label, vat_rate, country_alpha2, "
           "enabled, type) : https://pennylane.readme.io/discuss/691732bbdf666808580532dd ; letterable : "
           "https://pennylane.readme.io/changelog/enabling-and-disabling-ledger-accounts-is-now-available-in-the-"
           "company-api-v2",
    signature=(_one("number"), _one("label"), _one("vat_rate")),
    columns={"number": NUMBER, "label": LABEL},
    not_ours=("id", "vat_rate", "country_alpha2", "enabled", "type", "letterable"),
    rows=(VariantRows("vat_rate"),),
)

# The FEC's own account columns in a spreadsheet (a chart derived from a FEC). CompAuxNum / CompAuxLib are not
# declared: third parties need the FEC reader's roots (fec.py), so such a sheet is refused with the usual reason.
FEC_COLUMNS = Layout(
    name="FEC",
    kind="comptes",
    source="format du FEC (article A47 A-1 du LPF) : MicrosoftDocs/dynamics-365-unified-operations-public "
           "articles/finance/localizations/emea-fra-fec-audit-file-structure.md ; tryton/tryton "
           "modules/account_fr/tests/FEC.csv",
    signature=(_one("CompteNum"), _one("CompteLib")),
    columns={"CompteNum": NUMBER, "CompteLib": LABEL},
    not_ours=(),
)

LAYOUTS: tuple[Layout, ...] = (SAGE_100, SAGE_100_TABLE, ODOO, ERPNEXT, TRYTON, DOLIBARR, PAHEKO, PENNYLANE,
                               FEC_COLUMNS)


def layout_for(kind: str, keys: frozenset[str], named: bool) -> Layout | None:
    """The export a header row (its header keys) is, for a sheet of `kind`: when two match, the one whose whole
    signature is there, then the longest signature (Odoo's code, name, account_type over Tryton's Code and Nom)."""
    found = [layout for layout in LAYOUTS if layout.kind == kind and layout.matches(keys, named)]
    return max(found, key=lambda layout: (layout.matches(keys, False), len(layout.signature)), default=None)
