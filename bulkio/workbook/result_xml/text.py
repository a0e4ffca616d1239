"""Patching an OOXML part as text: the shape this writer refuses (Unusual), the main namespace it requires, and
taking attributes off an element's start tags."""

from __future__ import annotations

import re

MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


class Unusual(Exception):
    """The file is valid but not the shape this writer patches: use openpyxl."""


def without_attributes(xml: bytes, element: bytes, names: tuple[bytes, ...]) -> bytes:
    """`xml` with the attributes `names` taken off every `element` start tag, whatever their values.

    The workbook is patched as text rather than loaded with openpyxl, which takes tens of seconds on a large sheet
    and drops what it does not model (see the package's docstring); so an attribute is taken off with a regex,
    before the patch writes its own value (two attributes of one name make the part invalid) or to drop a setting
    (a tab selected). One `re.sub` pass takes off one of them per tag only (the match consumes the tag's start,
    so the next attribute of the same tag is not matched again): one pass per name takes them all off, whatever
    their order."""
    pattern = re.compile(rb"(<" + element + rb"\b[^>]*?)\s+(?:" + b"|".join(names) + rb')="[^"]*"')
    for _name in names:
        xml = pattern.sub(rb"\1", xml)
    return xml
