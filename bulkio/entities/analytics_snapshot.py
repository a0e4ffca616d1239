"""What MyUnisoft holds of a dossier's analytics, as the Axes, Sections and Répartitions sheets share it.

Reads (reference §5): `GET /analytics/axes`, then per axe `GET .../sections?closed_section=true` (closed
sections are hidden otherwise) and `GET .../repartition_keys`, then per key `GET .../repartition` for its
rates. For an import only the axes and keys the workbook names are read in depth; an export reads all.
The push keeps the snapshot current (every create/update lands in it), so later rows resolve codes to ids
without another request, and a read-back after an ambiguous failure refreshes just the part concerned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bulkio.api.client import MyUnisoftClient
from bulkio.validate import Validation


def _one(data: Any) -> dict[str, Any]:
    """Single-item GETs answer a one-element array (reference Q10); accept an object too."""
    if isinstance(data, list):
        return data[0] if data else {}
    return data or {}


@dataclass
class Section:
    id: int
    code: str
    label: str
    account: str | None
    closed: bool


@dataclass
class Key:
    id: int
    code: str
    condition: str | None
    rates: dict[int, int] | None = None  # section id -> rate; None until read

    @classmethod
    def from_api(cls, item: dict[str, Any]) -> Key:
        # GET answers spell the id `id_repartion_key` (reference Q11); POST/PUT answers do not.
        ident = item.get("id_repartition_key", item.get("id_repartion_key"))
        return cls(int(ident), str(item.get("key") or ""), item.get("condition"))


@dataclass
class Axe:
    id: int
    code: str
    label: str
    default_id: int | None
    sections: dict[str, Section] = field(default_factory=dict)  # by code
    keys: dict[str, Key] = field(default_factory=dict)  # by code
    keys_loaded: bool = False

    @property
    def default_code(self) -> str | None:
        return next((s.code for s in self.sections.values() if s.id == self.default_id), None)

    def section_by_id(self, section_id: int) -> Section | None:
        return next((s for s in self.sections.values() if s.id == section_id), None)


@dataclass
class AnalyticsSnapshot:
    axes: dict[str, Axe] = field(default_factory=dict)  # by code

    # --- reading ---

    def refresh_axes(self, client: MyUnisoftClient) -> None:
        """Re-list the axes; known axes keep their sections and keys, vanished ones are dropped."""
        fresh: dict[str, Axe] = {}
        for item in client.get("/analytics/axes").data or []:
            code = str(item.get("code") or "")
            old = self.axes.get(code)
            axe = Axe(int(item["id_axe"]), code, str(item.get("label") or ""), item.get("id_section_default"))
            if old is not None and old.id == axe.id:
                axe.sections, axe.keys, axe.keys_loaded = old.sections, old.keys, old.keys_loaded
            fresh[code] = axe
        self.axes = fresh

    def refresh_sections(self, client: MyUnisoftClient, axe: Axe) -> None:
        items = client.get(f"/analytics/axes/{axe.id}/sections", {"closed_section": "true"}).data or []
        axe.sections = {}
        for item in items:
            section = section_from_api(item)
            axe.sections[section.code] = section
            if item.get("isdefault"):
                axe.default_id = section.id

    def refresh_keys(self, client: MyUnisoftClient, axe: Axe) -> None:
        old = axe.keys
        axe.keys = {}
        for item in client.get(f"/analytics/axes/{axe.id}/repartition_keys").data or []:
            key = Key.from_api(item)
            if key.code in old and old[key.code].id == key.id:
                key.rates = old[key.code].rates
            axe.keys[key.code] = key
        axe.keys_loaded = True

    def refresh_rates(self, client: MyUnisoftClient, key: Key) -> None:
        items = client.get(f"/analytics/repartition_keys/{key.id}/repartition").data or []
        key.rates = {int(i["id_section"]): int(i["rate"]) for i in items}


def section_from_api(item: dict[str, Any]) -> Section:
    return Section(int(item["id_section_analytique"]), str(item.get("code") or ""), str(item.get("label") or ""),
                   item.get("account"), bool(item.get("closed")))


def axe_from_api(item: Any) -> Axe:
    item = _one(item)
    return Axe(int(item["id_axe"]), str(item.get("code") or ""), str(item.get("label") or ""),
               item.get("id_section_default"))


def _named(validation: Validation | None, kind: str, key: str) -> set[tuple[str, ...]] | None:
    if validation is None:
        return None
    found: set[tuple[str, ...]] = set()
    for sheet in validation.sheets:
        if sheet.spec.kind == kind:
            found.update((str(r.values.get("axe_code")), str(r.values.get(key))) for r in sheet.rows)
    return found


def load_snapshot(client: MyUnisoftClient, validation: Validation | None = None) -> AnalyticsSnapshot:
    """The analytics the workbook touches (all of them when `validation` is None: an export)."""
    snapshot = AnalyticsSnapshot()
    snapshot.refresh_axes(client)
    wanted_keys = _named(validation, "repartitions", "key")
    if validation is None:
        wanted_axes = None
    else:
        wanted_axes = {axe for axe, _ in wanted_keys or ()}
        for kind in ("axes", "sections"):
            wanted_axes |= {axe for axe, _ in _named(validation, kind, "axe_code") or ()}
    for code, axe in snapshot.axes.items():
        if wanted_axes is not None and code not in wanted_axes:
            continue
        snapshot.refresh_sections(client, axe)
        if wanted_keys is None or any(a == code for a, _ in wanted_keys):
            snapshot.refresh_keys(client, axe)
            for key in axe.keys.values():
                if wanted_keys is None or (code, key.code) in wanted_keys:
                    snapshot.refresh_rates(client, key)
    return snapshot
