"""Every XML parser bulkio runs refuses entity expansion (billion laughs, XXE): one focused test per parser path.

    reading (.xlsx, .ods)     python-calamine, behind the reader's guard: `bulkio validate` refuses the file
    calamine itself           no DTD support: an entity is an error, never expanded (the guard's second line)
    the formula scan          defusedxml (workbook.xml and its relationships, also used by the result writer)
    openpyxl                  the result workbook's fallback: openpyxl switches to defusedxml when installed,
                              so defusedxml must be a declared dependency

The full bad-input corpus (zip bombs, huge sheets...) lives in tests/corpus/.
"""

from __future__ import annotations

import re
import time
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from bulkio.errors import InputError
from bulkio.workbook import formula_scan, result
from bulkio.workbook.sources import open_spreadsheet
from tests.conftest import write_xlsx
from tests.integration.test_cli_input import run_cli

ROOT = Path(__file__).resolve().parents[2]
EXPANDED = "ENTITYEXPANDED"
SMALL = f'<!DOCTYPE x [<!ENTITY a "{EXPANDED}">]>'  # harmless in size: only defusing catches it
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>")
PAYLOADS = {"entity": (SMALL, "&a;"), "billion-laughs": (LAUGHS, "&lol9;")}


def with_dtd(source: Path, target: Path, part: str, dtd: str, old: str, new: str) -> Path:
    """A copy of `source` whose `part` declares `dtd` and uses an entity in place of `old`."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                prolog = text.index("?>") + 2 if text.startswith("<?xml") else 0
                assert old in text, text[:400]
                data = (text[:prolog] + dtd + text[prolog:].replace(old, new, 1)).encode("utf-8")
            out.writestr(info, data)
    return target


def comptes(tmp_path: Path, label: str = "Fournisseurs") -> Path:
    return write_xlsx(tmp_path / "clean.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", label]])


ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>{dtd}<office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
    '<office:spreadsheet><table:table table:name="Comptes">'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>N° de compte</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>Libellé</text:p></table:table-cell></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>401000</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>{label}</text:p></table:table-cell></table:table-row>'
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)


def ods(path: Path, dtd: str = "", label: str = "Fournisseurs") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"))
        archive.writestr("content.xml", ODS_CONTENT.format(dtd=dtd, label=label))
    return path


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_reading_refuses_a_workbook_that_declares_entities(
    kind: str, payload: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dtd, use = PAYLOADS[payload]
    if kind == "xlsx":
        path = with_dtd(comptes(tmp_path, "MARKER"), tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", dtd,
                        ">MARKER<", f">{use}<")
    else:
        path = ods(tmp_path / "bomb.ods", dtd, use)
        code, _o, err = run_cli(["validate", str(ods(tmp_path / "control.ods"))], capsys)
        assert code == 0, err  # the control: the same file without the DTD is a valid workbook
    before = path.read_bytes()
    started = time.monotonic()
    code, out, err = run_cli(["validate", str(path)], capsys)
    assert code == 2 and time.monotonic() - started < 10
    message = err.strip()
    assert message.startswith("bulkio :") and len(message.splitlines()) == 1 and "Traceback" not in err, err
    assert EXPANDED not in out + err and "lollol" not in out + err
    assert path.read_bytes() == before


def test_calamine_never_expands_an_entity_even_without_the_guard(tmp_path: Path) -> None:
    path = with_dtd(comptes(tmp_path, "MARKER"), tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", SMALL,
                    ">MARKER<", ">&a;<")
    with pytest.raises(InputError):
        open_spreadsheet(path)[0].grid()  # the parser itself, past any check the reader makes first
    assert open_spreadsheet(comptes(tmp_path))[0].grid()[1] == ["401000", "Fournisseurs"]  # the control


def test_the_formula_scan_parses_with_defusedxml(tmp_path: Path) -> None:
    """workbook.xml names the sheet through an entity: expanded, the scan would find the #REF! cell."""
    clean = write_xlsx(tmp_path / "clean.xlsx", "Comptes", ["N° de compte", "Libellé"], [["401000", "=#REF!"]])
    assert formula_scan.scan_formula_problems(clean, ["Comptes"]), "the control: the error cell is found"
    entity = with_dtd(clean, tmp_path / "entity.xlsx", "xl/workbook.xml", '<!DOCTYPE w [<!ENTITY n "Comptes">]>',
                      'name="Comptes"', 'name="&n;"')
    laughs = with_dtd(clean, tmp_path / "laughs.xlsx", "xl/workbook.xml", LAUGHS, 'name="Comptes"', 'name="&lol9;"')
    started = time.monotonic()
    assert formula_scan.scan_formula_problems(entity, ["Comptes"]) == {}
    assert formula_scan.scan_formula_problems(laughs, ["Comptes"]) == {}
    assert time.monotonic() - started < 5
    assert formula_scan.ElementTree.__name__ == "defusedxml.ElementTree"
    with zipfile.ZipFile(entity) as archive, pytest.raises(DefusedXmlException):
        formula_scan.ElementTree.fromstring(archive.read("xl/workbook.xml"))


@pytest.mark.parametrize("part, old, new", [
    ("xl/workbook.xml", 'name="Comptes"', 'name="&a;"'),
    ("xl/worksheets/sheet1.xml", ">MARKER<", ">&a;<"),
])
def test_openpyxl_loads_through_defusedxml(part: str, old: str, new: str, tmp_path: Path) -> None:
    """The result workbook's fallback loads the input with openpyxl: its parser must be defusedxml's."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(re.match(r"defusedxml\b", dependency) for dependency in dependencies), dependencies
    clean = comptes(tmp_path, "MARKER")
    assert result.load_workbook(clean)["Comptes"]["B2"].value == "MARKER"  # the control
    bomb = with_dtd(clean, tmp_path / "bomb.xlsx", part, SMALL, old, new)
    with pytest.raises((DefusedXmlException, ValueError)) as caught:
        result.load_workbook(bomb)  # the very function result.py calls
    chain: list[BaseException] = []
    error: BaseException | None = caught.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(link, DefusedXmlException) for link in chain), chain


def test_no_other_xml_parser_is_imported() -> None:
    """Only defusedxml parses XML in bulkio (xml.sax.saxutils.escape writes, it does not parse)."""
    unsafe = re.compile(r"^\s*(?:from|import)\s+(?:xml\.etree|xml\.dom|xml\.sax(?!\.saxutils)|lxml|xml\.parsers)",
                        re.M)
    offenders = [str(path) for path in (ROOT / "bulkio").rglob("*.py") if unsafe.search(path.read_text("utf-8"))]
    assert offenders == []
    assert openpyxl.load_workbook is result.load_workbook
