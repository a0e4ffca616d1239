"""`bulkio check --conformance`: a read-only probe of the live API against what bulkio assumes.

At most 8 GETs, paced by the client like any run and 0.3 s apart (typically 5): `/key/info?mode=extended`,
`/society` (the firm's list, firm tokens only), `/society` and `/society/accountingParameters` of one dossier,
`/account/v2?details=true&counterpart=true&vat=true` of up to three dossiers until one has accounts, and, when that
list lacks fields, the per-account `/account/v2?account_id=` bulkio then falls back on. It compares:

- the rate headers of every answer with the documentation bulkio's pacing starts from: present, Total 20, Reset
  the end of a fixed 10 s window (after the Date header, the same all through the window), one unit per GET, and
  the server's clock close to this machine's;
- the shapes and fields bulkio reads: every field the full-replace `PUT /account` is built from (full_replace.py),
  the `/key/info` target and routes, the dossier fields bulkio uses, the numbering parameters.

The report names fields and headers, never values: no secret, no token, no personal data.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from bulkio import __version__
from bulkio.api.client import MyUnisoftClient, redact_secrets
from bulkio.config import Target
from bulkio.conformance_rates import RATE_HEADERS, SPACING_S, Answer, rate_differences, seconds
from bulkio.entities.full_replace import CI, FIELDS, SNAPSHOT_PARAMS, is_read
from bulkio.errors import ApiError
from bulkio.i18n import register, t
from bulkio.pipeline import connect_error

register(
    {
        "conf.missing": {"fr": "{route} : champ « {field} » absent ({count}/{total})",
                         "en": "{route}: field '{field}' missing ({count}/{total})"},
        "conf.missing_put": {
            "fr": "{route} : champ « {field} » absent ({count}/{total} comptes), nécessaire au remplacement complet "
            "PUT /account",
            "en": "{route}: field '{field}' missing ({count}/{total} accounts), needed by the full-replace "
            "PUT /account",
        },
        "conf.one_missing": {
            "fr": "{route} : absents aussi ({fields}), et aucune autre lecture documentée ne les donne : bulkio "
            "crée les comptes mais bloque toute mise à jour d'un compte existant qui les effacerait (UNREAD_FIELDS) ; "
            "ces modifications se font à la main dans MyUnisoft (Paramètres > Tenue > Plan comptable)",
            "en": "{route}: missing too ({fields}), and no other documented read gives them: bulkio creates accounts "
            "but blocks every update of an existing account that would erase them (UNREAD_FIELDS); make those "
            "changes by hand in MyUnisoft (Paramètres > Tenue > Plan comptable)",
        },
        "conf.one_present": {
            "fr": "{route} : champ « {field} » présent : bulkio le lit compte par compte avant une mise à jour",
            "en": "{route}: field '{field}' present: bulkio reads it account by account before an update",
        },
        "conf.one_unread": {"fr": "{route} : compte non relu, lecture compte par compte non vérifiée",
                            "en": "{route}: account not read, the per-account read not checked"},
        "conf.observed": {"fr": "Observé :", "en": "Observed:"},
        "conf.shape": {"fr": "{route} : réponse inattendue ({expected} attendu, {found} reçu)",
                       "en": "{route}: unexpected answer ({expected} expected, {found} received)"},
        "conf.refused": {"fr": "{route} : refusé ({code}) alors que bulkio en a besoin",
                         "en": "{route}: refused ({code}) although bulkio needs it"},
        "conf.no_accounts": {"fr": "{route} : aucun compte dans les dossiers lus, champs non vérifiés",
                             "en": "{route}: no account in the dossiers read, fields not checked"},
        "conf.no_info": {
            "fr": "{route} : complementary_informations vide sur chaque compte, ses champs non vérifiés",
            "en": "{route}: complementary_informations empty on every account, its fields not checked",
        },
        "conf.title": {"fr": "Conformité de l'API — bulkio {version} — {when}",
                       "en": "API conformance — bulkio {version} — {when}"},
        "conf.target": {"fr": "Cible : {kind} {host} (jeton {token})", "en": "Target: {kind} {host} ({token} token)"},
        "conf.requests": {"fr": "Requêtes : {count} GET, lecture seule", "en": "Requests: {count} GET, read-only"},
        "conf.answers": {"fr": "Réponses (en-têtes de débit) :", "en": "Answers (rate headers):"},
        "conf.differences": {"fr": "Différences ({count}) :", "en": "Differences ({count}):"},
        "conf.none": {"fr": "Aucune différence avec ce que bulkio suppose.",
                      "en": "No difference with what bulkio assumes."},
        "conf.unverified": {"fr": "Non vérifié :", "en": "Not checked:"},
        "conf.written": {"fr": "Rapport écrit : {path} (sans secret ni donnée : vous pouvez nous l'envoyer)",
                         "en": "Report written: {path} (no secret, no data: you can send it to us)"},
    }
)

MAX_ACCOUNT_DOSSIERS = 3
KEY_INFO_FIELDS = ("target", "target.type", "routes")
SOCIETY_LIST_FIELDS = ("society_id", "name", "siret", "folder_reference", "analytics")  # dossiers.Dossier
SOCIETY_FIELDS = ("society_id", "name", "analytics")  # pipeline.open_dossier, needs_analytics
PARAMETER_FIELDS = ("max_car_general_account", "auto_complete_account")  # api_rules.Numbering
# Every field the full-replace PUT /account is rebuilt from (full_replace.py), as the list's records show them.
ACCOUNT_FIELDS = ("account_id", "account_number", *(f.read for f in FIELDS if not f.read.startswith(CI)), CI)
INFO_FIELDS = tuple(f.read.removeprefix(f"{CI}.") for f in FIELDS if f.read.startswith(f"{CI}."))
V2_ROUTE = "GET /account/v2?details=true"
ONE_ROUTE = "GET /account/v2?account_id=&details=true"


def _record(client: MyUnisoftClient, answers: list[Answer], clock: Callable[[], float]) -> None:
    """Keep every answer's rate and date headers (retries and 429s included), as it arrives. A response hook
    rather than a transport of our own: the client keeps its transport, proxies from the environment included."""

    def hook(response: httpx.Response) -> None:
        kept = {k.lower(): v for k, v in response.headers.items() if k.lower() in (*RATE_HEADERS, "date")}
        route = f"{response.request.method} {response.request.url.path}"
        answers.append(Answer(route, response.status_code, kept, clock()))

    client.on_response(hook)


@dataclass
class Probe:
    token_kind: str = ""
    answers: list[Answer] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)
    observed: list[str] = field(default_factory=list)  # what tells which reading of the API is true
    sleep: Callable[[float], None] = time.sleep
    _last: float = 0.0

    def space(self) -> None:
        """Requests SPACING_S apart: a Reset that follows the clock then moves visibly between two answers."""
        wait = self._last + SPACING_S - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        self._last = time.monotonic()


def run_probe(target: Target, clock: Callable[[], float] = time.time,
              sleep: Callable[[float], None] = time.sleep) -> Probe:
    client = target.client()
    probe = Probe(sleep=sleep)
    _record(client, probe.answers, clock)
    try:
        try:
            probe.space()
            info = client.get("/key/info", {"mode": "extended"}, scoped=False).data
        except ApiError as error:
            raise connect_error(error, target) from None
        _check_key_info(probe, info)
        dossiers = _dossiers(probe, client, target, info)
        if dossiers:
            _check_dossier(probe, client.with_society(dossiers[0]))
            _check_accounts(probe, client, dossiers[:MAX_ACCOUNT_DOSSIERS])
    finally:
        client.close()
    probe.differences[:0] = rate_differences(probe.answers, probe.unverified)
    return probe


def _kind(value: object) -> str:
    """The JSON type of an answer, as the report names it."""
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return {str: "string", bool: "boolean", int: "number", float: "number"}.get(type(value), "null")


def _missing(records: Sequence[object], paths: Sequence[str]) -> dict[str, int]:
    """path -> how many records lack it, as bulkio judges it before a full replace (full_replace.is_read)."""
    counts: dict[str, int] = {}
    for record in records:
        for path in paths:
            if not is_read(record, path):
                counts[path] = counts.get(path, 0) + 1
    return counts


def _fields(
    probe: Probe, route: str, records: Sequence[object], paths: Sequence[str], key: str = "conf.missing",
) -> None:
    for path, count in _missing(records, paths).items():
        probe.differences.append(t(key, route=route, field=path, count=count, total=len(records)))


def _get(probe: Probe, client: MyUnisoftClient, route: str, path: str, params: Mapping[str, str] | None = None,
         scoped: bool = True) -> Any:
    probe.space()
    try:
        return client.get(path, params, scoped=scoped).data
    except ApiError as error:
        probe.differences.append(t("conf.refused", route=route, code=error.code))
        return None


def _check_key_info(probe: Probe, info: object) -> None:
    route = "GET /key/info?mode=extended"
    if not isinstance(info, Mapping):
        probe.differences.append(t("conf.shape", route=route, expected="object", found=_kind(info)))
        return
    _fields(probe, route, [info], KEY_INFO_FIELDS)
    target = info.get("target") if isinstance(info.get("target"), Mapping) else {}
    probe.token_kind = str(target.get("type") or "")
    if probe.token_kind not in ("firm", "api"):
        probe.differences.append(t("conf.shape", route=route, expected="target.type firm | api",
                                   found=probe.token_kind or "—"))
    if probe.token_kind == "api" and "societyId" not in target:
        _fields(probe, route, [info], ("target.societyId",))
    routes = info.get("routes")
    if isinstance(routes, list):
        _fields(probe, route + " routes[]", routes, ("path", "method"))


def _dossiers(probe: Probe, client: MyUnisoftClient, target: Target, info: object) -> list[int]:
    """The dossiers to read: the one asked for, a society token's own, else the firm's list in order."""
    if target.society_id is not None and not target.default_society:
        return [target.society_id]
    if probe.token_kind != "firm":
        own = (info.get("target") or {}).get("societyId") if isinstance(info, Mapping) else None
        return [int(own)] if isinstance(own, int) else []
    route = "GET /society"
    answer = _get(probe, client, route, "/society", scoped=False)
    listed = answer.get("society_array") if isinstance(answer, Mapping) else None  # as dossiers.py reads it
    if not isinstance(listed, list):
        if answer is not None:
            probe.differences.append(t("conf.shape", route=route, expected="{society_array: [...]}",
                                       found=_kind(answer)))
        return []
    _fields(probe, route, listed, SOCIETY_LIST_FIELDS)
    return [int(item["society_id"]) for item in listed
            if isinstance(item, Mapping) and isinstance(item.get("society_id"), int)]


def _check_dossier(probe: Probe, client: MyUnisoftClient) -> None:
    for route, path, fields in (("GET /society (society-id)", "/society", SOCIETY_FIELDS),
                                ("GET /society/accountingParameters", "/society/accountingParameters",
                                 PARAMETER_FIELDS)):
        data = _get(probe, client, route, path)
        if isinstance(data, Mapping):
            _fields(probe, route, [data], fields)
        elif data is not None:
            probe.differences.append(t("conf.shape", route=route, expected="object", found=_kind(data)))


def _check_accounts(probe: Probe, client: MyUnisoftClient, dossiers: list[int]) -> None:
    """The first dossier with accounts (at most MAX_ACCOUNT_DOSSIERS GETs): every field a full replace is built
    from, on every account."""
    for society_id in dossiers:
        records = _get(probe, client.with_society(society_id), V2_ROUTE, "/account/v2", SNAPSHOT_PARAMS)
        if records is None:
            return
        if not isinstance(records, list):
            probe.differences.append(t("conf.shape", route=V2_ROUTE, expected="array", found=_kind(records)))
            return
        if records:
            break  # society_id: the dossier read
    else:
        probe.unverified.append(t("conf.no_accounts", route=V2_ROUTE))
        return
    absent = _missing(records, ACCOUNT_FIELDS)
    infos = [r[CI] for r in records if isinstance(r, Mapping) and isinstance(r.get(CI), Mapping)]
    if infos:
        absent.update({f"{CI}.{path}": count for path, count in _missing(infos, INFO_FIELDS).items()})
    else:
        probe.unverified.append(t("conf.no_info", route=V2_ROUTE))
    for path, count in absent.items():
        total = len(infos) if path.startswith(f"{CI}.") else len(records)
        probe.differences.append(t("conf.missing_put", route=V2_ROUTE, field=path, count=count, total=total))
    if absent:
        _check_one_account(probe, client.with_society(society_id), records, list(absent))


def _check_one_account(probe: Probe, client: MyUnisoftClient, records: list[Any], absent: list[str]) -> None:
    """The per-account read bulkio falls back on (full_replace.py), for the fields the list lacked: one GET, on
    the account with the most complementary information."""
    record = max((r for r in records if isinstance(r, Mapping)),
                 key=lambda r: len(r.get(CI) or {}) if isinstance(r.get(CI), Mapping) else -1, default=None)
    if record is None or record.get("account_id") is None:
        return
    params = {"account_id": str(record["account_id"]), **SNAPSHOT_PARAMS}
    found = _get(probe, client, ONE_ROUTE, "/account/v2", params)
    one = next((r for r in found or [] if isinstance(r, Mapping)), None) if isinstance(found, list) else None
    if one is None:
        probe.unverified.append(t("conf.one_unread", route=ONE_ROUTE))
        return
    still = _missing([one], absent)
    if still:  # one line: what it means for an import and what the accountant does instead
        probe.differences.append(t("conf.one_missing", route=ONE_ROUTE, fields=", ".join(still)))
    probe.observed += [t("conf.one_present", route=ONE_ROUTE, field=path) for path in absent if path not in still]


def report_text(probe: Probe, target: Target) -> str:
    """The report: what was asked, the rate headers seen, the differences. Field and header names only."""
    when = datetime.now(UTC).isoformat(timespec="seconds")
    kind = "sandbox" if target.sandbox else "MyUnisoft"
    lines = [t("conf.title", version=__version__, when=when),
             t("conf.target", kind=kind, host=httpx.URL(target.base_url).host, token=probe.token_kind or "?"),
             t("conf.requests", count=len(probe.answers)), "", t("conf.answers")]
    for answer in probe.answers:
        headers = answer.headers
        reset, date = answer.number("x-rate-limit-reset"), answer.date
        parts = [f"{answer.route} {answer.status}",
                 f"Total={headers.get('x-rate-limit-total', '—')}",
                 f"Remaining={headers.get('x-rate-limit-remaining', '—')}",
                 f"Reset-Date={seconds(reset - date, signed=True) if reset is not None and date else '—'}",
                 f"Reset-local={seconds(reset - answer.received, signed=True) if reset is not None else '—'}",
                 f"Date-local={seconds(date - answer.received, signed=True) if date else '—'}"]
        lines.append("  " + "  ".join(parts))
    lines += ["", t("conf.differences", count=len(probe.differences)) if probe.differences else t("conf.none")]
    lines += [f"- {difference}" for difference in probe.differences]
    if probe.observed:
        lines += ["", t("conf.observed"), *(f"- {note}" for note in probe.observed)]
    if probe.unverified:
        lines += ["", t("conf.unverified"), *(f"- {note}" for note in probe.unverified)]
    return redact_secrets("\n".join(lines) + "\n")


def write_report(probe: Probe, target: Target, path: Path) -> Path:
    path.write_text(report_text(probe, target), encoding="utf-8")
    return path
