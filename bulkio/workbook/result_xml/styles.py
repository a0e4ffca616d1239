"""styles.xml patched: the fonts, fills and cell formats the result's new cells use, appended after the existing
ones (whose indexes stay), and the copies of a format with the error fill or with Excel's quote prefix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bulkio.workbook.result_xml.text import Unusual, without_attributes

_XF = re.compile(rb"<xf\b[^>]*?(?:/>|>.*?</xf>)", re.S)
_COUNT = re.compile(rb'\bcount="\d+"')


@dataclass
class Styles:
    """styles.xml with what the result adds: font/fill/xf indexes of the new formats, red copies of xfs."""

    xml: bytes
    fonts: list[bytes] = field(default_factory=list)
    fills: list[bytes] = field(default_factory=list)
    xfs: list[bytes] = field(default_factory=list)
    red: dict[int, int] = field(default_factory=dict)  # xf index -> its copy with the error fill
    quote: dict[int, int] = field(default_factory=dict)  # xf index -> its copy with the quote prefix
    base_xfs: list[bytes] = field(default_factory=list)
    base_fonts: int = 0
    base_fills: int = 0

    @classmethod
    def parse(cls, xml: bytes) -> Styles:
        styles = cls(xml)
        styles.base_fonts = len(re.findall(rb"<font\b", _section(xml, b"fonts")))
        styles.base_fills = len(re.findall(rb"<fill\b", _section(xml, b"fills")))
        styles.base_xfs = _XF.findall(_section(xml, b"cellXfs"))
        if not styles.base_xfs:
            raise Unusual("no cellXfs")
        return styles

    def font(self, xml: bytes) -> int:
        self.fonts.append(xml)
        return self.base_fonts + len(self.fonts) - 1

    def fill(self, rgb: str) -> int:
        solid = f'<patternFill patternType="solid"><fgColor rgb="{rgb}"/></patternFill>'
        self.fills.append(f"<fill>{solid}</fill>".encode())
        return self.base_fills + len(self.fills) - 1

    def xf(self, xml: bytes) -> int:
        self.xfs.append(xml)
        return len(self.base_xfs) + len(self.xfs) - 1

    def red_copy(self, index: int, red_fill: int) -> int:
        """The cell format `index` with the error fill (made once per format)."""
        if index not in self.red:
            copy = without_attributes(self._source(index), b"xf", (b"fillId", b"applyFill"))
            copy = copy.replace(b"<xf", f'<xf fillId="{red_fill}" applyFill="1"'.encode(), 1)
            self.red[index] = self.xf(copy)
        return self.red[index]

    def quoted(self, index: int) -> int:
        """The cell format `index` with Excel's quote prefix: text starting with "=" stays text when edited."""
        if index not in self.quote:
            copy = without_attributes(self._source(index), b"xf", (b"quotePrefix",))
            self.quote[index] = self.xf(copy.replace(b"<xf", b'<xf quotePrefix="1"', 1))
        return self.quote[index]

    def _source(self, index: int) -> bytes:
        if index < len(self.base_xfs):
            return self.base_xfs[index]
        if index - len(self.base_xfs) < len(self.xfs):
            return self.xfs[index - len(self.base_xfs)]
        raise Unusual("a cell style out of range")

    def render(self) -> bytes:
        xml = self.xml
        for tag, added, base in ((b"fonts", self.fonts, self.base_fonts), (b"fills", self.fills, self.base_fills),
                                 (b"cellXfs", self.xfs, len(self.base_xfs))):
            if added:
                xml = _append(xml, tag, b"".join(added), base + len(added))
        return xml


@dataclass
class Formats:
    """The cell format (xf) indexes of the result's new cells, and the error rows' fill."""

    header: int  # a result header cell
    red_fill: int  # the fill index of error rows
    title: int
    section: int
    summary_header: int


def result_formats(styles: Styles) -> Formats:
    """The fonts, fills and cell formats the result cells and the Résumé use, added to `styles`."""
    header_font = styles.font(b'<font><b val="1"/><color rgb="FF1F3864"/></font>')
    header_fill = styles.fill("FFDDEBF7")
    result_fill = styles.fill("FFE2EFDA")
    red_fill = styles.fill("FFFFC7CE")
    title_font = styles.font(b'<font><b val="1"/><sz val="14"/></font>')
    section_font = styles.font(b'<font><b val="1"/><sz val="12"/></font>')
    align = b'<alignment vertical="center" wrapText="1"/>'

    def xf(font: int, fill: int, alignment: bytes = b"") -> int:
        applies = (' applyFill="1"' if fill else "") + (' applyAlignment="1"' if alignment else "")
        body = f'<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="0" xfId="0" applyFont="1"{applies}'
        return styles.xf(body.encode() + (b">" + alignment + b"</xf>" if alignment else b"/>"))

    return Formats(header=xf(header_font, result_fill, align), red_fill=red_fill, title=xf(title_font, 0),
                   section=xf(section_font, 0), summary_header=xf(header_font, header_fill, align))


def _section(xml: bytes, tag: bytes) -> bytes:
    """What the element `tag` of styles.xml holds (fonts, fills, cellXfs)."""
    found = re.search(rb"<" + tag + rb"\b[^>]*>(.*?)</" + tag + rb">", xml, re.S)
    if found is None:
        raise Unusual(f"no {tag.decode()} in styles.xml")
    return found.group(1)


def _append(xml: bytes, tag: bytes, added: bytes, count: int) -> bytes:
    """`added` at the end of the element `tag`, its count attribute set to `count`."""
    opening = re.search(rb"<" + tag + rb"\b[^>]*>", xml)
    closing = xml.find(b"</" + tag + b">")
    assert opening is not None and closing != -1
    head = _COUNT.sub(f'count="{count}"'.encode(), opening.group(0), count=1)
    return xml[:opening.start()] + head + xml[opening.end():closing] + added + xml[closing:]
