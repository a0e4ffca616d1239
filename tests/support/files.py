"""The digest of a file, the one way the tests tell that a file was left exactly as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 24


def digest(path: Path) -> str:
    """The SHA-256 of the file's bytes, read in chunks (a corpus file may weigh gigabytes)."""
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def digest_or_none(path: Path) -> str | None:
    """`digest`, or None when there is no readable file at `path` (nothing there yet, a folder, unreadable)."""
    try:
        return digest(path) if path.is_file() else None
    except OSError:
        return None
