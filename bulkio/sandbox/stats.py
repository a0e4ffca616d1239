"""Request and write counters served by `GET /_sandbox/stats`."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.writes = 0
        self.rejected_429 = 0
        self.writes_by_resource: Counter[str] = Counter()
        # Injected: "error" (500 before the handler), "timeout" (after commit), "society", "storm" (each 429 of a
        # storm), "spike", "drop_before", "drop_after".
        self.faults: Counter[str] = Counter()
        # Write-route requests answered 2xx that changed nothing (an identical re-POST...), by route.
        self.noop_writes: Counter[str] = Counter()
        # Write-route requests answered 4xx other than 429 ("POST /api/v1/account COMPTE1"): a write the API
        # refused, that a client checking its input as the API does would not have sent.
        self.refused_writes: Counter[str] = Counter()

    def fault(self, kind: str) -> None:
        with self._lock:
            self.faults[kind] += 1

    def request(self, key: str) -> None:
        with self._lock:
            self.requests[key] += 1

    def rejected(self) -> None:
        with self._lock:
            self.rejected_429 += 1

    def wrote(self, resources: list[str]) -> None:
        if not resources:
            return
        with self._lock:
            self.writes += 1
            self.writes_by_resource.update(resources)

    def noop_write(self, key: str) -> None:
        with self._lock:
            self.noop_writes[key] += 1

    def refused_write(self, key: str, code: str) -> None:
        with self._lock:
            self.refused_writes[f"{key} {code}"] += 1

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self.writes = 0
            self.rejected_429 = 0
            self.writes_by_resource.clear()
            self.faults.clear()
            self.noop_writes.clear()
            self.refused_writes.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "writes": self.writes,
                "rejected_429": self.rejected_429,
                "writes_by_resource": dict(self.writes_by_resource),
                "faults": dict(self.faults),
                "noop_writes": dict(self.noop_writes),
                "refused_writes": dict(self.refused_writes),
            }
