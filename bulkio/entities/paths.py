"""Dotted paths into JSON records: 'complementary_informations.iban_list.0.iban'."""

from __future__ import annotations

import itertools
from typing import Any


def get_path(record: Any, path: str) -> Any:
    current = record
    for part in path.split("."):
        if current is None:
            return None
        if part.isdigit():
            index = int(part)
            if not isinstance(current, list) or index >= len(current):
                return None
            current = current[index]
        elif isinstance(current, dict):
            current = current.get(part)
        else:
            return None
    return current


def set_path(record: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    current: Any = record
    for part, following in itertools.pairwise(parts):
        container: Any = [] if following.isdigit() else {}
        if part.isdigit():
            index = int(part)
            while len(current) <= index:
                current.append(container)
            if current[index] is None:
                current[index] = container
            current = current[index]
        else:
            if current.get(part) is None:
                current[part] = container
            current = current[part]
    last = parts[-1]
    if last.isdigit():
        index = int(last)
        while len(current) <= index:
            current.append(None)
        current[index] = value
    else:
        current[last] = value
