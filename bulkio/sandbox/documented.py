"""The routes MyUnisoft documents, emulated or not: what the sandbox answers for a route it does not serve.

Source: every request of the publisher's Postman collection (api-partenaires
`docs/postman/2.1.postman_collection`, copied as reference/myunisoft-postman-collection.json: 159 distinct
method + path, query strings dropped, `{{var}}` written `:var`), plus the two routes only the reference names
(§3.4 `PUT /society/:id_society`, §1.4 `POST /key/create`). `firm_only`: the collection's description says
"only work with a cabinet (firm) access", or the reference's §1.2 lists the route as firm-only. `public`: the
authentication host's routes, which the docs call without the partner secret nor a token.

A request that no emulated route serves but that names one of these answers 501 SANDBOX-NOT-EMULATED (a
society token on a firm-only one: 403 ERR-FORBIDDEN-ROUTE, as live); any other path stays 403
ERR-FORBIDDEN-ROUTE. Which of these the sandbox emulates is computed from its route table
(`not_emulated`), so adding a route module shrinks the list by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Documented:
    method: str
    path: str  # full path template, `:name` for a parameter
    firm_only: bool = False
    public: bool = False

    def matches(self, method: str, path: str) -> bool:
        return method == self.method and _pattern(self.path).match(path) is not None

    def sample(self) -> str:
        """A concrete path for the template (every parameter set to 1)."""
        return re.sub(r":\w+", "1", self.path)


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(template: str) -> re.Pattern[str]:
    if template not in _PATTERNS:
        regex = re.sub(r":(\w+)", r"[^/]+", re.escape(template).replace(r"\:", ":"))
        _PATTERNS[template] = re.compile(f"^{regex}/?$")
    return _PATTERNS[template]


DOCUMENTED: tuple[Documented, ...] = (
    Documented("POST", "/api/authenticate", public=True),
    Documented("POST", "/api/authenticate/firm", public=True),
    Documented("GET", "/api/partners/health"),
    Documented("POST", "/api/v1/TRA/partial"),
    Documented("GET", "/api/v1/account"),
    Documented("POST", "/api/v1/account"),
    Documented("PUT", "/api/v1/account", firm_only=True),
    Documented("PUT", "/api/v1/account/contact", firm_only=True),
    Documented("GET", "/api/v1/account/entries"),
    Documented("GET", "/api/v1/account/next_lettering"),
    Documented("GET", "/api/v1/account/v2"),
    Documented("GET", "/api/v1/accounting/access"),
    Documented("GET", "/api/v1/accounting/export/edi"),
    Documented("GET", "/api/v1/accounting/export/yooz"),
    Documented("GET", "/api/v1/analytics/axes"),
    Documented("POST", "/api/v1/analytics/axes"),
    Documented("DELETE", "/api/v1/analytics/axes/:id_axe"),
    Documented("GET", "/api/v1/analytics/axes/:id_axe"),
    Documented("PUT", "/api/v1/analytics/axes/:id_axe"),
    Documented("GET", "/api/v1/analytics/axes/:id_axe/defaultsection"),
    Documented("GET", "/api/v1/analytics/axes/:id_axe/repartition_keys"),
    Documented("POST", "/api/v1/analytics/axes/:id_axe/repartition_keys"),
    Documented("DELETE", "/api/v1/analytics/axes/:id_axe/repartition_keys/:id_repartition_key"),
    Documented("GET", "/api/v1/analytics/axes/:id_axe/repartition_keys/:id_repartition_key"),
    Documented("PUT", "/api/v1/analytics/axes/:id_axe/repartition_keys/:id_repartition_key"),
    Documented("GET", "/api/v1/analytics/axes/:id_axe/sections"),
    Documented("POST", "/api/v1/analytics/axes/:id_axe/sections"),
    Documented("GET", "/api/v1/analytics/line_entries/:id_line_entry/repartitions"),
    Documented("GET", "/api/v1/analytics/repartition_keys/:id_repartition_key/repartition"),
    Documented("POST", "/api/v1/analytics/repartition_keys/:id_repartition_key/repartition"),
    Documented("GET", "/api/v1/analytics/repartitions"),
    Documented("DELETE", "/api/v1/analytics/sections/:id_section"),
    Documented("GET", "/api/v1/analytics/sections/:id_section"),
    Documented("PUT", "/api/v1/analytics/sections/:id_section"),
    Documented("POST", "/api/v1/associate/legal_entity"),
    Documented("POST", "/api/v1/associate/natural_person"),
    Documented("GET", "/api/v1/balance_dynamique"),
    Documented("GET", "/api/v1/balance_dynamique/v2"),
    Documented("DELETE", "/api/v1/building"),
    Documented("GET", "/api/v1/building"),
    Documented("POST", "/api/v1/building"),
    Documented("PUT", "/api/v1/building"),
    Documented("GET", "/api/v1/core/statistic/thirdParty"),
    Documented("GET", "/api/v1/country"),
    Documented("POST", "/api/v1/csv"),
    Documented("GET", "/api/v1/currencies"),
    Documented("GET", "/api/v1/customer_waiting_account/widget"),
    Documented("GET", "/api/v1/dadp/analytic_review"),
    Documented("GET", "/api/v1/dadp/cycle", firm_only=True),
    Documented("GET", "/api/v1/dadp/dossier_revision/models", firm_only=True),
    Documented("GET", "/api/v1/dadp/dossier_revision_list", firm_only=True),
    Documented("GET", "/api/v1/dadp/work_program", firm_only=True),
    Documented("GET", "/api/v1/dashboard"),
    Documented("GET", "/api/v1/dashboard/modules", firm_only=True),
    Documented("GET", "/api/v1/dashboard/society/progression"),
    Documented("DELETE", "/api/v1/diary"),
    Documented("GET", "/api/v1/diary"),
    Documented("POST", "/api/v1/diary"),
    Documented("PUT", "/api/v1/diary"),
    Documented("PUT", "/api/v1/disable_accounting_folder", firm_only=True),
    Documented("GET", "/api/v1/document/:documentId/data"),
    Documented("GET", "/api/v1/document/:documentId/file"),
    Documented("POST", "/api/v1/document/add_all_types"),
    Documented("GET", "/api/v1/document/pending", firm_only=True),
    Documented("POST", "/api/v1/document/upload"),
    Documented("POST", "/api/v1/document_follow_up", firm_only=True),
    Documented("GET", "/api/v1/documents/data"),
    Documented("POST", "/api/v1/entries"),
    Documented("POST", "/api/v1/entry"),
    Documented("POST", "/api/v1/entry/comment"),
    Documented("DELETE", "/api/v1/entry/comment/:comment_id"),
    Documented("PUT", "/api/v1/entry/comment/:comment_id"),
    Documented("GET", "/api/v1/entry/id"),
    Documented("PUT", "/api/v1/entry/lettering"),
    Documented("GET", "/api/v1/entry/line_entry"),
    Documented("PUT", "/api/v1/entry/line_entry/label/line_id", firm_only=True),
    Documented("POST", "/api/v1/entry/temp"),
    Documented("POST", "/api/v1/export/fec"),
    Documented("POST", "/api/v1/fec"),
    Documented("GET", "/api/v1/flags"),
    Documented("PUT", "/api/v1/flags"),
    Documented("GET", "/api/v1/flags/comment_attach_doc"),
    Documented("GET", "/api/v1/grand_livre"),
    Documented("GET", "/api/v1/immo"),
    Documented("POST", "/api/v1/immo_import"),
    Documented("POST", "/api/v1/invoice"),
    Documented("GET", "/api/v1/key/info"),
    Documented("GET", "/api/v1/leasings"),
    Documented("POST", "/api/v1/leasings/import"),
    Documented("GET", "/api/v1/legal_form"),
    Documented("GET", "/api/v1/loans"),
    Documented("POST", "/api/v1/loans/excel"),
    Documented("GET", "/api/v1/mad/accountingFirm"),
    Documented("GET", "/api/v1/mad/accountingFolder"),
    Documented("GET", "/api/v1/mad/accounts"),
    Documented("GET", "/api/v1/mad/all"),
    Documented("GET", "/api/v1/mad/all/status"),
    Documented("GET", "/api/v1/mad/analytics"),
    Documented("GET", "/api/v1/mad/associates"),
    Documented("GET", "/api/v1/mad/balance"),
    Documented("GET", "/api/v1/mad/banks"),
    Documented("GET", "/api/v1/mad/comments"),
    Documented("GET", "/api/v1/mad/entries"),
    Documented("GET", "/api/v1/mad/entry"),
    Documented("GET", "/api/v1/mad/exercices"),
    Documented("GET", "/api/v1/mad/journals"),
    Documented("GET", "/api/v1/mad/movements"),
    Documented("GET", "/api/v1/mad/payments"),
    Documented("GET", "/api/v1/mad/vats"),
    Documented("GET", "/api/v1/member", firm_only=True),
    Documented("GET", "/api/v1/payment_type"),
    Documented("GET", "/api/v1/pers_physique", firm_only=True),
    Documented("POST", "/api/v1/releve_bancaire", firm_only=True),
    Documented("DELETE", "/api/v1/rib"),
    Documented("GET", "/api/v1/rib"),
    Documented("POST", "/api/v1/rib"),
    Documented("PUT", "/api/v1/rib/:id"),
    Documented("DELETE", "/api/v1/society", firm_only=True),
    Documented("GET", "/api/v1/society", firm_only=True),
    Documented("POST", "/api/v1/society"),
    Documented("GET", "/api/v1/society/:id_society/associate"),
    Documented("GET", "/api/v1/society/accountingParameters"),
    Documented("GET", "/api/v1/society/ape"),
    Documented("POST", "/api/v1/society/capital"),
    Documented("PUT", "/api/v1/society/closeExercice"),
    Documented("GET", "/api/v1/society/compte_edi", firm_only=True),
    Documented("POST", "/api/v1/society/establishment"),
    Documented("PUT", "/api/v1/society/establishment/close"),
    Documented("GET", "/api/v1/society/exercice"),
    Documented("POST", "/api/v1/society/exercice"),
    Documented("PUT", "/api/v1/society/exercice"),
    Documented("GET", "/api/v1/society/filiale_associate"),
    Documented("POST", "/api/v1/society/filiale_associate"),
    Documented("GET", "/api/v1/society/fiscal_file"),
    Documented("POST", "/api/v1/society/fiscal_file"),
    Documented("GET", "/api/v1/society/gestion_center", firm_only=True),
    Documented("GET", "/api/v1/society/search", firm_only=True),
    Documented("DELETE", "/api/v1/user"),
    Documented("POST", "/api/v1/user"),
    Documented("PUT", "/api/v1/user"),
    Documented("GET", "/api/v1/users_v2", firm_only=True),
    Documented("GET", "/api/v1/variousDocuments"),
    Documented("POST", "/api/v1/variousDocuments"),
    Documented("GET", "/api/v1/vat_param"),
    Documented("GET", "/api/v1/vehicles"),
    Documented("POST", "/api/v1/vehicles_import"),
    Documented("GET", "/api/v1/wallet", firm_only=True),
    Documented("GET", "/api/v1/webhook"),
    Documented("POST", "/api/v1/webhook"),
    Documented("DELETE", "/api/v1/webhook/:webhookId"),
    Documented("GET", "/api/v1/webhook/:webhookId"),
    Documented("PATCH", "/api/v1/webhook/:webhookId"),
    Documented("GET", "/api/v1/webhook/event/:name/:accountingFolderId"),
    Documented("GET", "/api/webhook/global"),
    Documented("POST", "/api/webhook/global"),
    Documented("DELETE", "/api/webhook/global/:id"),
    Documented("GET", "/api/webhook/global/:id"),
    Documented("PATCH", "/api/webhook/global/:id"),
    Documented("GET", "/api/webhook/global/event/:name"),
    # Named by the reference only (§3.4, §1.4).
    Documented("PUT", "/api/v1/society/:id_society"),
    Documented("POST", "/api/v1/key/create"),
)


def documented(method: str, path: str) -> Documented | None:
    """The documented route this request names, if any."""
    return next((route for route in DOCUMENTED if route.matches(method, path)), None)
