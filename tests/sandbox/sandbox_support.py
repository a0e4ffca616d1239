"""Helpers shared by the sandbox tests (imported by name; conftest puts this folder on sys.path)."""

from __future__ import annotations

SECRET = "sandbox-secret"
FIRM = "sandbox-firm-token"
GENEROUS = (100_000, 10.0)  # most tests must not trip the rate limit; test_ratelimit sets its own


def headers(token: str = FIRM, society: int | str | None = None, **extra: str) -> dict[str, str]:
    result = {"X-Third-Party-Secret": SECRET, "Authorization": f"Bearer {token}", **extra}
    if society is not None:
        result["society-id"] = str(society)
    return result


def society_token(society_id: int) -> str:
    return f"sandbox-society-{society_id}-token"
