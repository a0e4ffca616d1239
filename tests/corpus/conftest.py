"""The corpus tests speak French unless a case asks otherwise, whatever a previous test set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bulkio import i18n


@pytest.fixture(autouse=True)
def french() -> Iterator[None]:
    previous = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)
