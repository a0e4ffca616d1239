"""`bulkio check --conformance`, the rate headers: each reading of the limiter that bulkio's pacing does not assume
is named in one line, and the documented one gives none. Answers are built as a server of each kind sends them."""

from __future__ import annotations

from email.utils import formatdate

import httpx

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.conformance import Probe, _check_accounts
from bulkio.conformance_rates import Answer, rate_differences

T0 = 1_700_000_000.0


def answer(at: float, total: int | None = 20, remaining: int | None = 19, reset: float | None = None,
           status: int = 200, skew: float = 0.0, date: bool = True) -> Answer:
    headers: dict[str, str] = {}
    if date:
        headers["date"] = formatdate(int(at + skew), usegmt=True)
    if total is not None:
        headers["x-rate-limit-total"] = str(total)
    if remaining is not None:
        headers["x-rate-limit-remaining"] = str(remaining)
    if reset is not None:
        headers["x-rate-limit-reset"] = f"{reset + skew:.6f}"
    return Answer("GET /api/v1/key/info", status, headers, at)


def documented(count: int = 5, start: float = T0) -> list[Answer]:
    """A fixed 20-per-10-s window opened by the first request."""
    return [answer(start + 0.2 * n, remaining=19 - n, reset=start + 10.0) for n in range(count)]


def test_the_documented_limiter_gives_no_difference() -> None:
    notes: list[str] = []
    assert rate_differences(documented(), notes) == [] and notes == []


def test_the_captures_ten_per_second_window() -> None:
    answers = [answer(T0 + 0.1 * n, total=10, remaining=9 - n, reset=T0 + 1.0) for n in range(5)]
    found = rate_differences(answers, [])
    assert len(found) == 2, found
    assert found[0].startswith("X-Rate-Limit-Total = 10 (documentation : 20")
    assert found[1].startswith("fenêtre apparente de 1.0 s")


def test_a_reset_in_the_past() -> None:
    answers = documented()
    answers[2] = answer(T0 + 0.4, remaining=17, reset=T0 - 27.0)
    found = rate_differences(answers, [])
    assert found[0] == "X-Rate-Limit-Reset dans le passé : 27.4 s avant l'heure de la réponse (attendu : la fin " \
        "de la fenêtre en cours)", found


def test_a_sliding_window_that_announces_now_plus_1_2_s() -> None:
    answers = [answer(T0 + 0.5 * n, remaining=19 - n, reset=T0 + 0.5 * n + 1.2) for n in range(5)]
    found = rate_differences(answers, [])
    assert any("change 4 fois au sein d'une même fenêtre" in line for line in found), found
    assert any(line.startswith("fenêtre apparente de") for line in found), found


def test_no_rate_headers_at_all() -> None:
    answers = [answer(T0 + n, total=None, remaining=None) for n in range(5)]
    found = rate_differences(answers, [])
    assert found == ["en-têtes de débit absents sur 5/5 réponse(s) (x-rate-limit-remaining, x-rate-limit-reset, "
                     "x-rate-limit-total) : bulkio les attend sur chacune"]


def test_a_skewed_server_clock() -> None:
    answers = [answer(T0 + 0.2 * n, remaining=19 - n, reset=T0 + 10.0, skew=-45.0) for n in range(5)]
    found = rate_differences(answers, [])
    assert len(found) == 1 and found[0].startswith("l'horloge du serveur (en-tête Date) diffère de -45."), found


def test_heavier_gets_429s_and_a_missing_date() -> None:
    answers = [answer(T0, remaining=19, reset=T0 + 10), answer(T0 + 0.2, remaining=16, reset=T0 + 10),
               answer(T0 + 0.4, remaining=0, reset=T0 + 10, status=429, date=False)]
    notes: list[str] = []
    found = rate_differences(answers, notes)
    assert "une requête GET a consommé jusqu'à 3 unités de budget (bulkio compte 1)" in found
    assert "1 réponse(s) 429 pendant la sonde (3 requêtes)" in found
    assert notes == ["pas d'en-tête Date : Reset n'a pas pu être comparé à l'heure du serveur"]


def test_an_account_record_shaped_like_the_capture_names_each_field_a_full_replace_needs() -> None:
    info = {"name": None, "siren": None, "ape": None, "person_in_charge": None, "profession": None,
            "indice_repetition": None, "typevoie": None, "address": None, "address_number": None,
            "address_complement": None, "postal_code": None, "city": None, "id_country": None,
            "contact_lastname": None, "contact_firstname": None, "function": None, "tel": None, "email": None,
            "id_payment_deadline": None, "payment_type_id": None, "iban_list": []}
    record = {"account_id": 1, "account_number": "401000", "label": "X", "intraco": None,
              "btp_autoliquidation": False, "exoneration": False, "das_2": False, "presta": False,
              "param_vat_id": None, "counterpart_account": None, "complementary_informations": info}
    capture_missing = ["analytics", "ocr_autovalidation", "ocr_threshold",
                       *(f"complementary_informations.{name}" for name in (
                           "contact_list", "tel2", "is_foreign", "misc_referent", "misc_group",
                           "misc_doubtful_id", "misc_language_id", "misc_archived"))]
    # The per-account read (capture-list): the documentation's shape, but still without a second phone.
    one = {**record, "analytics": False, "ocr_autovalidation": False, "ocr_threshold": 0,
           "complementary_informations": {**info, "contact_list": [], "is_foreign": False, "misc_referent": None,
                                          "misc_group": None, "misc_doubtful_id": None, "misc_language_id": None,
                                          "misc_archived": False}}
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["details"] == "true"
        asked.append(request.url.params.get("account_id", "list"))
        if "account_id" in request.url.params:
            return httpx.Response(200, json=[one])
        return httpx.Response(200, json=[record, {**record, "account_id": 2, "account_number": "411000"}])

    client = MyUnisoftClient("http://127.0.0.1:9/api/v1", "secret-x", "token-x", pacer=Pacer(),
                             transport=httpx.MockTransport(handler))
    probe = Probe(sleep=lambda _s: None)
    _check_accounts(probe, client, [4])
    assert asked == ["list", "1"]

    def named(lines: list[str]) -> list[str]:
        return sorted(line.split("« ")[1].split(" »")[0] for line in lines)

    listed = [line for line in probe.differences if "(2/2 comptes), nécessaire au remplacement complet" in line]
    assert named(listed) == sorted(capture_missing)
    # One line for what the per-account read lacks too: the fields, what bulkio does, what the accountant does.
    [still] = [line for line in probe.differences if "absents aussi" in line]
    assert still == (
        "GET /account/v2?account_id=&details=true : absents aussi (complementary_informations.tel2), et aucune "
        "autre lecture documentée ne les donne : bulkio crée les comptes mais bloque toute mise à jour d'un compte "
        "existant qui les effacerait (UNREAD_FIELDS) ; ces modifications se font à la main dans MyUnisoft "
        "(Paramètres > Tenue > Plan comptable)")
    assert len(probe.differences) == len(listed) + 1
    assert named(probe.observed) == sorted(set(capture_missing) - {"complementary_informations.tel2"})
    assert all("bulkio le lit compte par compte" in line for line in probe.observed)
