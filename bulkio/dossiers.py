"""The dossiers a token reaches, and which one a `Dossier` cell names.

A firm token reaches every dossier of its firm: `GET /society` without `society-id` lists them (one request).
A society token reaches its own dossier only: the same request answers with that dossier alone.

A cell names a dossier by (reference §3.1-3.3):
  its id                  "5"
  its SIRET or SIREN      "41253698900012", "412 536 989" (a dossier's `siret` may itself hold a SIREN)
  its name                "Cave des coteaux SARL" (case, accents and punctuation ignored)
  its folder reference    "CLIENT-005"; a reference the list does not show is asked of `GET /society/search`
A text that fits several dossiers is an error that lists them: the user writes the id instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.errors import ApiError
from bulkio.i18n import register, t
from bulkio.spec.model import fold

register(
    {
        "dossiers.unknown": {
            "fr": "aucun dossier ne correspond à « {value} » : écrivez l'id, le SIRET, le nom exact ou la référence "
            "d'un dossier du cabinet.",
            "en": "no dossier matches '{value}': write the id, SIRET, exact name or reference of a dossier of the "
            "firm.",
        },
        "dossiers.ambiguous": {
            "fr": "plusieurs dossiers correspondent à « {value} » ({candidates}) : écrivez l'id du bon dossier.",
            "en": "several dossiers match '{value}' ({candidates}): write the id of the right one.",
        },
        "dossiers.not_own": {
            "fr": "« {value} » n'est pas le dossier du jeton ({own}) : un jeton de dossier n'écrit que dans son "
            "dossier ; utilisez un jeton cabinet ou un fichier de jetons (--tokens).",
            "en": "'{value}' is not the token's dossier ({own}): a dossier token only writes to its own dossier; "
            "use a firm token or a tokens file (--tokens).",
        },
    }
)

_DIGITS = re.compile(r"\d+")


class DossierError(ValueError):
    """A `Dossier` text that names no dossier, or several: the message says what to write instead."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Dossier:
    society_id: int
    name: str = ""
    siret: str | None = None
    reference: str | None = None
    analytics: bool = False

    @property
    def label(self) -> str:
        return f"{self.society_id} {self.name}".strip()

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> Dossier:
        return cls(
            society_id=int(item["society_id"]),
            name=str(item.get("name") or ""),
            siret=str(item["siret"]) if item.get("siret") else None,
            reference=str(item["folder_reference"]) if item.get("folder_reference") else None,
            analytics=bool(item.get("analytics")),
        )


@dataclass
class DossierDirectory:
    """The dossiers a token reaches; `resolve` turns a Dossier cell into one of them."""

    dossiers: dict[int, Dossier]
    firm: bool  # a firm token: every dossier of the firm; else the token's own dossier only
    client: MyUnisoftClient | None = None  # for /society/search (firm only)
    _resolved: dict[str, Dossier | DossierError] = field(default_factory=dict)

    @classmethod
    def load(cls, client: MyUnisoftClient, firm: bool) -> DossierDirectory:
        """One request: `GET /society` at firm level (a list) or for the token's own dossier (one object)."""
        data = client.with_society(None).get("/society", scoped=False).data
        if isinstance(data, dict) and "society_array" in data:
            items = data.get("society_array") or []
        else:
            items = [data] if isinstance(data, dict) and data.get("society_id") is not None else []
        dossiers = {d.society_id: d for d in (Dossier.from_api(item) for item in items)}
        return cls(dossiers, firm=firm, client=client.with_society(None) if firm else None)

    def __iter__(self) -> Iterable[Dossier]:  # type: ignore[override]
        return iter(sorted(self.dossiers.values(), key=lambda d: d.society_id))

    def get(self, society_id: int) -> Dossier | None:
        return self.dossiers.get(society_id)

    def resolve(self, text: str) -> Dossier:
        """The dossier `text` names; DossierError when it names none or several (cached per text)."""
        key = text.strip()
        found = self._resolved.get(key)
        if found is None:
            try:
                found = self._resolve(key)
            except DossierError as error:
                found = error
            self._resolved[key] = found
        if isinstance(found, DossierError):
            raise found
        return found

    def _resolve(self, text: str) -> Dossier:
        compact = "".join(text.split())
        if _DIGITS.fullmatch(compact):
            if len(compact) == 14:
                candidates = [d for d in self.dossiers.values() if d.siret == compact]
            elif len(compact) == 9:
                candidates = [d for d in self.dossiers.values() if d.siret and d.siret[:9] == compact]
            else:
                candidates = [self.dossiers[int(compact)]] if int(compact) in self.dossiers else []
            if candidates:
                return self._one(text, candidates)
        folded = fold(text)
        for attribute in ("name", "reference"):
            candidates = [d for d in self.dossiers.values() if fold(getattr(d, attribute) or "") == folded]
            if candidates:
                return self._one(text, candidates)
        searched = self._search(text)
        if searched is not None:
            return searched
        if not self.firm and len(self.dossiers) == 1:
            own = next(iter(self.dossiers.values()))
            raise DossierError("DOSSIER", t("dossiers.not_own", value=text, own=own.label))
        raise DossierError("DOSSIER", t("dossiers.unknown", value=text))

    def _one(self, text: str, candidates: list[Dossier]) -> Dossier:
        if len(candidates) == 1:
            return candidates[0]
        names = ", ".join(d.label for d in sorted(candidates, key=lambda d: d.society_id))
        raise DossierError("DOSSIER_AMBIGUOUS", t("dossiers.ambiguous", value=text, candidates=names))

    def _search(self, text: str) -> Dossier | None:
        """`GET /society/search?reference=`: a reference the list did not show (firm tokens only)."""
        if self.client is None:
            return None
        try:
            found = self.client.get("/society/search", {"reference": text}, scoped=False).data
        except ApiError as error:
            if error.code == "SOCIETE17":
                raise DossierError("DOSSIER_AMBIGUOUS", t("dossiers.ambiguous", value=text,
                                                          candidates=error.api_message)) from None
            return None  # SOCIETE16 (not found) and the like: the caller says no dossier matches
        if not isinstance(found, dict) or found.get("society_id") is None:
            return None
        society_id = int(found["society_id"])
        return self.dossiers.get(society_id) or Dossier.from_api(found)
