"""Lanes: one per token. A lane is a client with its own budget (its own Pacer) and the dossiers it reaches.

The API's budget is per token, so dossiers that share a token (a firm token reaches them all) go one after
the other on its lane, and lanes go side by side. A tokens file (tokens.py) adds one lane per society token,
each checked against the dossier the file names (`GET /key/info` and `GET /society` with that token).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bulkio.api.client import MyUnisoftClient
from bulkio.api.pacing import Pacer
from bulkio.config import Target
from bulkio.dossiers import DossierDirectory, DossierError
from bulkio.errors import UsageError
from bulkio.i18n import register, t
from bulkio.pipeline import identify
from bulkio.tokens import TokenEntry, TokensFile

register(
    {
        "multi.token_firm": {
            "fr": "fichier de jetons, dossier « {dossier} » : ce jeton est un jeton cabinet, pas un jeton de "
            "dossier ; mettez-y le jeton de ce dossier.",
            "en": "tokens file, dossier '{dossier}': this token is a firm token, not a dossier token; put that "
            "dossier's token there.",
        },
        "multi.token_not_society": {
            "fr": "fichier de jetons, dossier « {dossier} » : ce jeton n'est lié à aucun dossier ; mettez-y le "
            "jeton de ce dossier.",
            "en": "tokens file, dossier '{dossier}': this token belongs to no dossier; put that dossier's token "
            "there.",
        },
        "multi.token_same_dossier": {
            "fr": "fichier de jetons {path} : « {first} » et « {second} » désignent le même dossier ({dossier}) ; "
            "gardez une seule ligne par dossier.",
            "en": "tokens file {path}: '{first}' and '{second}' name the same dossier ({dossier}); keep one line "
            "per dossier.",
        },
        "multi.token_other_dossier": {
            "fr": "fichier de jetons, dossier « {dossier} » : ce jeton est celui du dossier {own} ; "
            "vérifiez la ligne.",
            "en": "tokens file, dossier '{dossier}': this token belongs to dossier {own}; check the line.",
        },
    }
)


@dataclass
class Lane:
    """One token: one client, one budget, one token kind ("firm" or "api")."""

    client: MyUnisoftClient  # not aimed at a dossier
    token_kind: str
    own_society: int | None  # a society token's dossier
    journal_key: str  # identifies the target and the token, without the token
    keyed_society: int | None = None  # the dossier journal_key already names (the target's --society-id)

    @property
    def firm(self) -> bool:
        return self.token_kind == "firm"


@dataclass
class Lanes:
    main: Lane | None  # the target's token
    by_society: dict[int, Lane] = field(default_factory=dict)  # a tokens file's society tokens
    concurrency: int = 1

    def all(self) -> list[Lane]:
        return ([self.main] if self.main else []) + [lane for lane in self.by_society.values() if lane is not self.main]

    def close(self) -> None:
        for lane in self.all():
            lane.client.close()

    def for_dossier(self, society_id: int) -> Lane | None:
        lane = self.by_society.get(society_id)
        if lane is not None:
            return lane
        if self.main is not None and (self.main.firm or self.main.own_society == society_id):
            return self.main
        return None


def open_lanes(target: Target, tokens: TokensFile | None = None) -> Lanes:
    """A client per token; a tokens file's tokens are checked against their dossiers (2 requests each)."""
    client = target.client()
    try:
        kind, own = identify(target, client)
    except BaseException:
        client.close()
        raise
    main = Lane(client, kind, own, target.journal_key, target.society_id)
    lanes = Lanes(main, concurrency=1)
    if tokens is None:
        return lanes
    lanes.concurrency = tokens.concurrency
    keys: dict[int, str] = {}  # the file's key of each dossier
    try:
        for entry in tokens.entries:
            lane, label = _token_lane(target, entry)
            society_id = lane.own_society or 0
            if society_id in keys:
                lane.client.close()
                raise UsageError(t("multi.token_same_dossier", path=tokens.path, first=keys[society_id],
                                   second=entry.dossier, dossier=label))
            keys[society_id] = entry.dossier
            lanes.by_society[society_id] = lane
    except BaseException:
        lanes.close()  # the clients opened so far: the caller never gets them
        raise
    return lanes


def _token_lane(target: Target, entry: TokenEntry) -> tuple[Lane, str]:
    """The entry's lane, and the label of its dossier; its client is closed when the entry is refused."""
    budget = (entry.budget.requests, entry.budget.seconds) if entry.budget else None
    token_target = Target(target.base_url, target.secret, entry.token, None, sandbox=target.sandbox,
                          timeout=target.timeout)
    client = token_target.client(pacer=Pacer(limit=budget))
    try:
        kind, own = identify(token_target, client)
        if kind == "firm" or own is None:
            raise UsageError(t("multi.token_firm" if kind == "firm" else "multi.token_not_society",
                               dossier=entry.dossier))
        directory = DossierDirectory.load(client, firm=False)
        try:
            named = directory.resolve(entry.dossier)
        except DossierError:
            named = None
        if named is None or named.society_id != own:
            mine = directory.get(own)
            raise UsageError(t("multi.token_other_dossier", dossier=entry.dossier,
                               own=mine.label if mine else str(own)))
    except BaseException:
        client.close()
        raise
    return Lane(client, kind, own, token_target.journal_key), named.label
