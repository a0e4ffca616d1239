"""Fixtures of the workbook tests: the language of messages (French unless a test asks for English)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bulkio import i18n


@pytest.fixture
def english() -> Iterator[None]:
    previous = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(previous)


@pytest.fixture(autouse=True)
def french_by_default() -> Iterator[None]:
    previous = i18n.language()
    i18n.set_language("fr")
    yield
    i18n.set_language(previous)
