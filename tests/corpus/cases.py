"""The bad-input corpus: 90 real files, each built in milliseconds, and what `bulkio validate FILE` answers.

Exit codes: 0 valid, 1 rows (or sheets) with problems, each printed as « Sheet », ligne N, colonne « X » :
message; 2 unusable, one sentence saying where, what is wrong and what to do. (H): heavy, run in a
subprocess under a 1.5 GB memory cap (test_heavy.py); the others run in-process (test_corpus.py).

Formats
    truncated_half             2  an xlsx cut in half: damaged or incomplete, save it again or take a full copy
    truncated_tail             2  an xlsx missing its last 30 bytes (the zip's directory): damaged
    xls_biff8                  1  a real Excel 97 .xls (BIFF8 records in OLE2): read, accents and emoji intact
    ods                        1  an OpenDocument sheet: read
    xls_mini_stream            1  an .xls whose Workbook stream is small enough for the compound file's mini stream
    cells_without_references   0  cells and rows without r="A1" (valid OOXML): placed by their order
    csv_cp1252                 1  French Excel's csv (Windows-1252, ';', CRLF): read, accents and « » intact
    csv_bom                    0  UTF-8 with a BOM, ',' and a quoted ';'
    csv_utf16                  0  Excel's "Unicode text" (UTF-16, tabs) named .csv
    empty_xlsx                 2  0 bytes: empty, save it again
    empty_csv                  2  0 bytes
    text_as_xlsx               2  a text file named .xlsx: not a workbook, save it as .xlsx
    pdf_as_xlsx                2  a PDF named .xlsx
    png_as_xlsx                2  a PNG named .xlsx
    docx_as_xlsx               2  a Word document (a zip too) named .xlsx
    pdf_suffix                 2  a .pdf: format not supported, the formats that are
    csv_unclosed_quote         2  a quote never closed would swallow the rest of the file: the line it opens on
    csv_long_cell              2  a 200,000-character cell: the line, most likely an unclosed quote
Passwords and hidden sheets (hidden sheets are never read; one holding data is reported)
    encrypted_xlsx             2  an encrypted OOXML workbook (OLE2 EncryptionInfo): remove the password
    encrypted_as_xls           2  the same named .xls
    xls_filepass               2  an Excel 97 workbook with a password (FILEPASS record)
    sheet_protection           0  sheet and structure protection is not encryption: read
    hidden_copy                1  a hidden old copy of the Comptes sheet: HIDDEN_SHEET, not read (not imported)
    only_hidden                2  the only data sheet is hidden: unhide it
    very_hidden                1  a "very hidden" data sheet: HIDDEN_SHEET, the VBA editor to unhide it
    xls_hidden                 1  a hidden sheet in an .xls
    template_hidden_lists      0  bulkio's own template hides its Listes sheet: no problem; its example row is not read
Headers
    merged_title               0  a title merged across the columns above the header row
    two_row_header             0  merged group headers above the real header row
    merged_header_cell         0  a header merged over two columns
    english_headers            0  English sheet and header names, --lang en
    english_headers_french_run 0  English headers, a French run
    duplicate_header           1  "Libellé" twice: DUPLICATE_HEADER naming columns B and D
    duplicate_synonym          1  "Libellé" and its synonym "Intitulé": DUPLICATE_HEADER
    title_above                1  the header on row 4: problems located on their Excel rows
    header_too_low             2  no header in the first 30 rows
    missing_required           2  no "Libellé" column: which sheet, which header row, add it
    missing_two_required       2  two required columns missing
    header_invisible_spaces    0  non-breaking spaces, a line break, a zero-width space in the headers
    no_known_sheet             2  no known sheet: the sheets found and the names expected
Formulas
    formula_errors             1  cached #REF!, #DIV/0!, #N/A: FORMULA_ERROR each, located
    formula_uncalculated       1  formulas written by a program, never calculated: FORMULA_NOT_CALCULATED
    error_literals_csv         1  #N/A and #VALEUR! as text in a csv: FORMULA_ERROR
    formula_cached             0  formulas with their cached values: the values are read
Dates and decimal commas
    capital_dates              1  31/12/2022, 2023-12-31, 31.12.2024 and a date cell read; 31/02/2024 refused
    associates_dates           1  the same on the Associés PP sheet
    repartition_rates          1  rates "50,0" (50) and "33,5" (not a whole percentage)
    capital_csv                0  a French csv of the capital: dates and "1 000,50"
Account numbers
    account_spaces             1  "401 000", 401000, "411 000" (NBSP), " 512000 ": the same numbers, a duplicate
    account_apostrophe_csv     1  "'401000" as text: 401000, a duplicate
    account_apostrophe_xlsx    0  the same in an xlsx cell
    account_float              0  401000.0, 4.11E5 and a numeric counterpart: "401000", "411000", "607000"
Invisible characters and emoji
    nbsp                       0  non-breaking and narrow spaces become spaces
    zero_width                 0  zero-width characters and a stray BOM vanish
    emoji                      1  emoji kept in labels (the API has no rule against them); "🚚401": COMPTE6
    blank_looking              1  a label of spaces is empty (REQUIRED); a row of invisible characters is no row
Size: as large as Excel allows
    format_whole_rows          0  1,048,576 formatted rows, 16,384 formatted columns, used range A1:XFD1048576 (H)
    format_far_cells           0  a formatted empty cell in column XFD of every row (H)
    format_corner              0  one formatted empty cell in XFD1048576 (H)
    far_value                  2  one "x" in XFD1048576: 17 billion cells from A1, delete what follows the data (H)
    far_empty_text             2  a formula giving "" in XFD1048576: a value all the same (H)
    filled_column              2  ="" filled down column Z to row 1,048,576 (H)
    wide_header                0  all 16,384 columns titled: wide but small (H)
    lying_dimension            2  <dimension> A1:B2 with a value in XFD1048576 (H)
    lying_dimension_large      2  the same in 1.6 MB of random text, compressed 2 to 1: nothing looks suspect (H)
    far_column_large           2  100,000 rows of random text, <dimension> A1:B2, one value in AAA200000 (H)
    wide_sheet_large           0  20,000 rows over 30 columns (A..AD) of random text, 36 MB: read (H)
    far_value_lowercase        2  r="xfd1048576": calamine reads the letters in either case (H)
    far_value_prefixed         2  a <y:c> cell in a sheet of <c> cells: calamine ignores prefixes (H)
    far_value_quoted           2  <c t="n" foo="/>" r = 'XFD1048576'>: r not first, spaced, single quotes (H)
    ods_trailer                0  LibreOffice's empty rows and columns repeated to the end of the sheet (H)
    ods_repeated_values        2  a value repeated over 95 columns of a row repeated 1,048,000 times (H)
    xls_dimensions             2  an .xls whose DIMENSIONS record claims 4 billion rows: damaged (H)
    xls_far_cell               2  an .xls with a value in IV65536, its last cell (H)
    xls_mini_far_cell          2  the same in a mini-stream .xls (H)
    far_cell_without_reference 2  16,384 cells without references in row 1,048,576: XFD1048576 (H)
    csv_huge                   2  a 300 MB csv: too large, split it (H)
    unique_count               2  sharedStrings.xml announcing 10^11 strings (H)
    unique_count_overflow      2  announcing 10^18 strings (H)
Attacks
    laughs_shared_strings      2  billion laughs in sharedStrings.xml: entity declarations refused (H)
    laughs_sheet               2  billion laughs in a worksheet (H)
    laughs_workbook            2  billion laughs in workbook.xml (H)
    xxe                        2  an external entity to /etc/passwd: refused, nothing of the file shown (H)
    quadratic_blowup           2  one 50 kB entity used 20,000 times (H)
    zip_bomb_sheet             2  a worksheet of 4 GB of spaces in 4 MB: decompression bomb (H)
    zip_bomb_shared_strings    2  the same in sharedStrings.xml (H)
    zip_bomb_lying             2  a worksheet declared 64 kB that inflates to 4 GB: damaged, nothing inflated (H)
    huge_part                  2  a worksheet declared 300 MB, compressed 75 to 1: too large, split the file (H)
    zip_bomb_ods               2  an .ods whose content.xml is 4 GB (H)
    zip_bomb_mimetype          2  an .ods whose mimetype member is 4 GB (H)

Each case: how to build the file, and its expected answer (the exit code, fragments of the message, the exact
problems for an exit code 1, the values read where reading them right is the point).
"""

from __future__ import annotations

import base64
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import openpyxl

from tests.corpus.writers import (
    MAIN_NS,
    ODS_MIMETYPE,
    XML_DECL,
    Formula,
    Member,
    SheetPart,
    Styled,
    XlsSheet,
    biff8_xls,
    cfb,
    deflated,
    ods_content,
    ods_table,
    rows_xml,
    sheet_xml,
    spaces_deflate,
    stored,
    write_ods,
    write_xlsx_parts,
    write_zip,
    xlsx_parts,
)
from tests.workbook.builders import xlsx

Issue = tuple[str, int | None, str]  # (sheet, Excel row or None for the sheet, code)
Value = tuple[str, int, str]  # (sheet, Excel row, column key)


@dataclass(frozen=True)
class Case:
    file: str  # the file name; its suffix is part of the case
    build: Callable[[Path], object]  # writes the file at the path given
    code: int  # exit code of `bulkio validate FILE`
    says: tuple[str, ...] = ()  # fragments of the refusal (code 2) or of the issue lines (code 1)
    issues: frozenset[Issue] = frozenset()  # the exact issues (code 1)
    rows: int | None = None  # the number of valid rows announced (code 0)
    values: Mapping[Value, str] = field(default_factory=dict)  # cells as read, checked in-process
    heavy: bool = False  # in a subprocess, under a time limit and a memory cap
    lang: str = "fr"
    never: tuple[str, ...] = ()  # what must not appear in the output (a leaked file content)


CASES: dict[str, Case] = {}


Builder = Callable[[Path], object]


def case(name: str, file: str, code: int, **kw: object) -> Callable[[Builder], Builder]:
    def register(build: Builder) -> Builder:
        assert name not in CASES, name
        CASES[name] = Case(file, build, code, **kw)  # type: ignore[arg-type]
        return build

    return register


HEAD = ["N° de compte", "Libellé"]


def book(path: Path, sheets: Mapping[str, list[list[object]]], *, hidden: Mapping[str, str] | None = None,
         tweak: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    """A workbook written by openpyxl: rows from row 1, None for an empty cell (written as one, as openpyxl's
    `append` does); `hidden` sheet -> state."""
    def finish(workbook: openpyxl.Workbook) -> None:
        for name in sheets:
            if hidden and name in hidden:
                workbook[name].sheet_state = hidden[name]
        if tweak:
            tweak(workbook)

    return xlsx(path, sheets, empty_cells=True, tweak=finish)


def raw_book(path: Path, sheet: str, body: str, **kw: object) -> Path:
    return write_xlsx_parts(path, xlsx_parts([SheetPart(sheet, sheet_xml(body, **kw))]))  # type: ignore[arg-type]


def comptes(path: Path) -> Path:
    return book(path, {"Comptes": [HEAD, ["401000", "Fournisseurs"], ["411000", "Clients"]]})


# --- formats -------------------------------------------------------------------------------------------


def _many_rows(path: Path) -> bytes:
    comptes_rows = [HEAD, *([f"4{n:05d}", f"Tiers numéro {n}"] for n in range(400))]
    return book(path, {"Comptes": comptes_rows}).read_bytes()


@case("truncated_half", "coupe-moitie.xlsx", 2, says=("endommagé ou incomplet", "copie complète"))
def _(path: Path) -> None:
    whole = _many_rows(path)
    path.write_bytes(whole[: len(whole) // 2])


@case("truncated_tail", "coupe-fin.xlsx", 2, says=("endommagé ou incomplet",))
def _(path: Path) -> None:
    path.write_bytes(_many_rows(path)[:-30])  # the end of the central directory is gone


@case("xls_biff8", "ancien.xls", 1, says=("« Comptes », ligne 3, colonne « N° de compte »", "AB411"),
      issues=frozenset({("Comptes", 3, "COMPTE6")}),
      values={("Comptes", 2, "label"): "Société Générale", ("Comptes", 4, "account_number"): "411000",
              ("Comptes", 4, "label"): "Clients 🚚"})
def _(path: Path) -> None:
    rows = [["N° de compte", "Libellé", "DAS2"], ["401000", "Société Générale", "Non"], ["AB411", "Lettres", None],
            [411000.0, "Clients 🚚", "Oui"]]
    path.write_bytes(biff8_xls([XlsSheet("Comptes", rows)]))


@case("ods", "plan.ods", 1, says=("« Comptes », ligne 3", "AB411"), issues=frozenset({("Comptes", 3, "COMPTE6")}),
      values={("Comptes", 2, "label"): "Fournisseurs & co", ("Comptes", 4, "account_number"): "411000"})
def _(path: Path) -> None:
    rows = [HEAD, ["401000", "Fournisseurs & co"], ["AB411", "Lettres"], [411000, "Clients"]]
    write_ods(path, ods_content(ods_table("Comptes", rows)))


@case("xls_mini_stream", "petit.xls", 1, says=("« Comptes », ligne 3",), issues=frozenset({("Comptes", 3, "COMPTE6")}),
      values={("Comptes", 2, "label"): "Société", ("Comptes", 4, "account_number"): "411000"})
def _(path: Path) -> None:  # a Workbook stream under 4 kB, in the compound file's mini stream
    rows = [HEAD, ["401000", "Société"], ["AB411", "Lettres"], [411000.0, "Clients"]]
    path.write_bytes(biff8_xls([XlsSheet("Comptes", rows)], mini=True))


@case("cells_without_references", "sans-references.xlsx", 0, rows=2,
      values={("Comptes", 2, "label"): "Fournisseurs", ("Comptes", 4, "account_number"): "411000"})
def _(path: Path) -> None:  # valid OOXML: a cell without r="A1" takes the next column, a row without r the next row
    def row(*texts: str, number: int | None = None) -> str:
        cells = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' if text else '<c s="1"/>' for text in texts)
        return (f'<row r="{number}">' if number else "<row>") + cells + "</row>"

    raw_book(path, "Comptes", row(*HEAD) + row("401000", "Fournisseurs") + row("411000", "Clients", number=4))


@case("csv_cp1252", "export-excel.csv", 1, says=("« export-excel », ligne 3, colonne « DAS2 »", "« Peut-être »"),
      issues=frozenset({("export-excel", 3, "BAD_BOOL")}),
      values={("export-excel", 2, "account_number"): "401000",
              ("export-excel", 2, "label"): "Société Générale, agence", ("export-excel", 2, "city"): "Montréal",
              ("export-excel", 3, "label"): "Crème brûlée « Chez Noël »"})
def _(path: Path) -> None:
    text = ("N° de compte;Libellé;Ville;DAS2\r\n401 000;Société Générale, agence;Montréal;Non\r\n"
            "411000;Crème brûlée « Chez Noël »;Besançon;Peut-être\r\n")
    path.write_bytes(text.encode("cp1252"))


@case("csv_bom", "avec-bom.csv", 0, rows=2, values={("avec-bom", 2, "account_number"): "401000",
                                                      ("avec-bom", 3, "label"): "Clients; particuliers"})
def _(path: Path) -> None:
    text = 'N° de compte,Libellé\n401000,Fournisseurs\n411000,"Clients; particuliers"\n'
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


@case("csv_utf16", "texte-unicode.csv", 0, rows=2, values={("texte-unicode", 2, "label"): "Électricité",
                                                            ("texte-unicode", 3, "account_number"): "411000"})
def _(path: Path) -> None:  # Excel's "Unicode text": UTF-16 with a BOM, tab-separated
    path.write_bytes("N° de compte\tLibellé\r\n401000\tÉlectricité\r\n411000\tClients\r\n".encode("utf-16"))


@case("empty_xlsx", "vide.xlsx", 2, says=("« ", "vide.xlsx", "est vide (0 octet)", "enregistrez de nouveau"))
def _(path: Path) -> None:
    path.write_bytes(b"")


@case("empty_csv", "vide.csv", 2, says=("vide.csv", "est vide (0 octet)"))
def _(path: Path) -> None:
    path.write_bytes(b"")


@case("text_as_xlsx", "notes.xlsx", 2, says=("notes.xlsx", "n'est pas un classeur Excel lisible", "format .xlsx"))
def _(path: Path) -> None:
    path.write_text("N° de compte;Libellé\n401000;Fournisseurs\n", encoding="utf-8")


@case("pdf_as_xlsx", "facture.xlsx", 2, says=("facture.xlsx", "n'est pas un classeur Excel lisible"))
def _(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@case("png_as_xlsx", "logo.xlsx", 2, says=("logo.xlsx", "n'est pas un classeur Excel lisible"))
def _(path: Path) -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


@case("docx_as_xlsx", "rapport.xlsx", 2, says=("rapport.xlsx", "n'est pas un classeur Excel lisible"))
def _(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')


@case("pdf_suffix", "plan.pdf", 2, says=("« .pdf »", "enregistrez-le au format .xlsx"))
def _(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")


@case("csv_unclosed_quote", "guillemet.csv", 2, says=("guillemet.csv", "ligne 3", "jamais refermée", "doublez-le"))
def _(path: Path) -> None:
    path.write_text('N° de compte;Libellé\n401000;Fournisseurs\n411000;"Clients\n512000;Banque\n530000;Caisse\n',
                    encoding="utf-8")


@case("csv_long_cell", "cellule-geante.csv", 2, says=("ligne 3", "dépasse 131\u202f072 caractères", "guillemet"))
def _(path: Path) -> None:
    path.write_text('N° de compte;Libellé\n401000;Fournisseurs\n411000;"' + "x" * 200_000 + "\n512000;Banque\n",
                    encoding="utf-8")


# --- passwords and hidden sheets -----------------------------------------------------------------------


@case("encrypted_xlsx", "protege.xlsx", 2, says=("protégé par un mot de passe", "retirez le mot de passe"))
def _(path: Path) -> None:  # what Excel writes for "Encrypt with password": an OLE2 container, not a zip
    path.write_bytes(cfb({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x00" * 64}))


@case("encrypted_as_xls", "protege.xls", 2, says=("protégé par un mot de passe",))
def _(path: Path) -> None:
    path.write_bytes(cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64}))


@case("xls_filepass", "protege-97.xls", 2, says=("protégé par un mot de passe",))
def _(path: Path) -> None:  # Excel 97-2003 with a password: a FILEPASS record, then RC4-encrypted records
    path.write_bytes(biff8_xls([XlsSheet("Comptes", [HEAD, ["401000", "x"]])], password_protected=True))


@case("sheet_protection", "feuille-verrouillee.xlsx", 0, rows=2)
def _(path: Path) -> None:  # "Protect sheet" is not encryption: the file reads as any other
    def protect(workbook: openpyxl.Workbook) -> None:
        workbook["Comptes"].protection.sheet = True
        workbook["Comptes"].protection.password = "secret"
        workbook.security.lockStructure = True

    book(path, {"Comptes": [HEAD, ["401000", "Fournisseurs"], ["411000", "Clients"]]}, tweak=protect)


@case("hidden_copy", "copie-masquee.xlsx", 1, says=("« Comptes 2023 »", "masquée", "n'est donc pas lue", "Afficher"),
      issues=frozenset({("Comptes 2023", None, "HIDDEN_SHEET")}))
def _(path: Path) -> None:  # an old copy, hidden: importing it would overwrite the labels (and duplicate 401000)
    book(path, {"Comptes": [HEAD, ["401000", "Fournisseurs"], ["411000", "Clients"]],
                "Comptes 2023": [HEAD, ["401000", "FOURNISSEURS (ancien)"], ["512000", "Banque"]]},
         hidden={"Comptes 2023": "hidden"})


@case("only_hidden", "tout-masque.xlsx", 2, says=("Aucune feuille visible", "« Comptes »", "Afficher"))
def _(path: Path) -> None:
    book(path, {"Sommaire": [["Plan comptable 2024"], ["voir l'onglet Comptes"]],
                "Comptes": [HEAD, ["401000", "Fournisseurs"]]}, hidden={"Comptes": "hidden"})


@case("very_hidden", "tres-masquee.xlsx", 1, says=("« Plan caché »", "très masquée", "éditeur VBA"),
      issues=frozenset({("Plan caché", None, "HIDDEN_SHEET")}))
def _(path: Path) -> None:
    book(path, {"Comptes": [HEAD, ["401000", "Fournisseurs"]], "Plan caché": [HEAD, ["999999", "Secret"]]},
         hidden={"Plan caché": "veryHidden"})


@case("xls_hidden", "masquee.xls", 1, says=("« Ancien plan »", "masquée"),
      issues=frozenset({("Ancien plan", None, "HIDDEN_SHEET")}))
def _(path: Path) -> None:
    path.write_bytes(biff8_xls([XlsSheet("Comptes", [HEAD, ["401000", "Fournisseurs"]]),
                                XlsSheet("Ancien plan", [HEAD, ["401000", "Ancien libellé"]], hidden=1)]))


@case("template_hidden_lists", "modele-rempli.xlsx", 0, rows=1, says=("ligne 2 : ligne d'exemple du modèle",))
def _(path: Path) -> None:  # bulkio's own template hides its dropdown lists: never a problem
    from bulkio.spec import SPECS
    from bulkio.workbook.template import write_template

    write_template(path, [SPECS["comptes"]])
    workbook = openpyxl.load_workbook(path)
    assert any(sheet.sheet_state == "hidden" for sheet in workbook.worksheets)
    sheet = workbook["Comptes"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    sheet.cell(3, columns["N° de compte"], "401000")  # row 2 is the template's example
    sheet.cell(3, columns["Libellé"], "Fournisseurs")
    workbook.save(path)


# --- headers -------------------------------------------------------------------------------------------


@case("merged_title", "titre-fusionne.xlsx", 0, rows=2, values={("Comptes", 3, "label"): "Fournisseurs"})
def _(path: Path) -> None:
    book(path, {"Comptes": [["Plan comptable — dossier ACME"], HEAD, ["401000", "Fournisseurs"], ["411000", "C"]]},
         tweak=lambda wb: wb["Comptes"].merge_cells("A1:D1"))


@case("two_row_header", "entete-deux-lignes.xlsx", 0, rows=1,
      values={("Comptes", 3, "account_number"): "401000", ("Comptes", 3, "siren"): "552100554"})
def _(path: Path) -> None:
    def merge(workbook: openpyxl.Workbook) -> None:
        workbook["Comptes"].merge_cells("A1:B1")
        workbook["Comptes"].merge_cells("C1:D1")

    book(path, {"Comptes": [["Compte", None, "Tiers", None], ["N° de compte", "Libellé", "Raison sociale", "SIREN"],
                            ["401000", "Fournisseurs", "ACME", "552100554"]]}, tweak=merge)


@case("merged_header_cell", "entete-fusionne.xlsx", 0, rows=1, values={("Comptes", 2, "label"): "Fournisseurs"})
def _(path: Path) -> None:
    book(path, {"Comptes": [["N° de compte", "Libellé", None, "DAS2"], ["401000", "Fournisseurs", None, "Non"]]},
         tweak=lambda wb: wb["Comptes"].merge_cells("B1:C1"))


@case("english_headers", "accounts.xlsx", 0, rows=2, lang="en", says=("No errors: 2 valid rows",),
      values={("Accounts", 2, "counterpart"): "607000"})
def _(path: Path) -> None:
    book(path, {"Accounts": [["Account number", "Label", "Counterpart account", "Intra-EU"],
                             ["401000", "Suppliers", "607000", "No"], ["411000", "Customers", None, "Yes"]]})


@case("english_headers_french_run", "capital-en.xlsx", 0, rows=1,
      values={("Share capital", 2, "capital"): "10000"})
def _(path: Path) -> None:
    book(path, {"Share capital": [["Effective date", "Capital", "Number of shares"], [date(2024, 1, 1), 10000, 1000]]})


@case("duplicate_header", "entete-double.xlsx", 1,
      says=("« Comptes », ligne 1, colonne « Libellé »", "apparaît deux fois (colonnes B et D)"),
      issues=frozenset({("Comptes", 1, "DUPLICATE_HEADER")}))
def _(path: Path) -> None:
    book(path, {"Comptes": [["N° de compte", "Libellé", "DAS2", "Libellé"],
                            ["401000", "Fournisseurs", "Non", "Autre"]]})


@case("duplicate_synonym", "entete-synonyme.xlsx", 1, says=("colonnes B et C",),
      issues=frozenset({("Comptes", 1, "DUPLICATE_HEADER")}))
def _(path: Path) -> None:  # "Intitulé" is another name of "Libellé"
    book(path, {"Comptes": [["N° de compte", "Libellé", "Intitulé"], ["401000", "Fournisseurs", "Fourn."]]})


@case("title_above", "titre-au-dessus.xlsx", 1, says=("« Comptes », ligne 6, colonne « N° de compte »",),
      issues=frozenset({("Comptes", 6, "COMPTE6")}))
def _(path: Path) -> None:
    book(path, {"Comptes": [["Plan comptable du dossier ACME"], [], ["Exporté le 01/02/2024"], HEAD,
                            ["401000", "Fournisseurs"], ["AB411", "Lettres"]]})


@case("header_too_low", "entete-trop-bas.xlsx", 2, says=("« Comptes »", "30 premières lignes", "ajoutez"))
def _(path: Path) -> None:
    book(path, {"Comptes": [*([f"note {n}"] for n in range(34)), HEAD, ["401000", "Fournisseurs"]]})


@case("missing_required", "sans-libelle.xlsx", 2,
      says=("« Comptes » : ligne d'en-tête 1", "« Libellé » est absente", "ajoutez une colonne"))
def _(path: Path) -> None:
    book(path, {"Comptes": [["N° de compte", "DAS2"], ["401000", "Non"]]})


@case("missing_two_required", "capital-incomplet.xlsx", 2,
      says=("« Capital »", "colonnes obligatoires", "« Nombre de parts »", "ajoutez-les"))
def _(path: Path) -> None:
    book(path, {"Capital": [["Date d'effet", "Commentaire"], [date(2024, 1, 1), "x"]]})


@case("header_invisible_spaces", "entete-espaces.xlsx", 0, rows=1, values={("Comptes", 2, "label"): "Fournisseurs"})
def _(path: Path) -> None:
    book(path, {"Comptes": [["N°\u00a0de\ncompte", "  Libellé\u00a0", "\u200bDAS2"],
                            ["401000", "Fournisseurs", "Non"]]})


@case("no_known_sheet", "budget.xlsx", 2, says=("Aucune feuille reconnue", "« Feuil1 »", "« Comptes »"))
def _(path: Path) -> None:
    book(path, {"Feuil1": [["Mois", "Montant"], ["janvier", 12]]})


# --- formulas ------------------------------------------------------------------------------------------


@case("formula_errors", "formules-erreurs.xlsx", 1, says=("#REF!", "#DIV/0!", "#N/A", "corrigez la formule"),
      issues=frozenset({("Comptes", 2, "FORMULA_ERROR"), ("Comptes", 3, "FORMULA_ERROR"),
                        ("Comptes", 4, "FORMULA_ERROR"), ("Comptes", 4, "REQUIRED")}))
def _(path: Path) -> None:  # the values Excel cached: error cells (t="e")
    raw_book(path, "Comptes", rows_xml([
        [*HEAD, "Compte de contrepartie", "SIREN"],
        ["401000", "Fournisseurs", Formula("Plan!B2", "#REF!", "e"), None],
        ["411000", "Clients", None, Formula("1/0", "#DIV/0!", "e")],
        ["512000", Formula("VLOOKUP(A4,Banques!A:B,2,0)", "#N/A", "e"), None, None],
    ]))


@case("formula_uncalculated", "formules-non-calculees.xlsx", 1,
      says=("n'a pas de valeur calculée", "ouvrez le fichier"),
      issues=frozenset({("Comptes", 2, "FORMULA_NOT_CALCULATED"), ("Comptes", 3, "FORMULA_NOT_CALCULATED")}))
def _(path: Path) -> None:  # written by a program (openpyxl), never opened in Excel
    book(path, {"Comptes": [[*HEAD, "Compte de contrepartie"], ["401000", "Fournisseurs", "=C9"],
                            ["411000", "Clients", "=TEXT(706000,\"0\")"]]})


@case("error_literals_csv", "erreurs.csv", 1, says=("#N/A", "#VALEUR!"),
      issues=frozenset({("erreurs", 2, "FORMULA_ERROR"), ("erreurs", 3, "FORMULA_ERROR"),
                        ("erreurs", 3, "REQUIRED")}))
def _(path: Path) -> None:  # a csv saved from a sheet whose formulas failed
    path.write_text("N° de compte;Libellé;Compte de contrepartie\n401000;Fournisseurs;#N/A\n411000;#VALEUR!;\n",
                    encoding="utf-8")


@case("formula_cached", "formules-calculees.xlsx", 0, rows=2,
      values={("Comptes", 2, "label"): "FOURNISSEURS", ("Comptes", 3, "account_number"): "411000"})
def _(path: Path) -> None:
    raw_book(path, "Comptes", rows_xml([
        HEAD, ["401000", Formula('UPPER("Fournisseurs")', "FOURNISSEURS", "str")],
        [Formula("400000+11000", "411000"), "Clients"],
    ]))


# --- dates and decimal commas --------------------------------------------------------------------------


@case("capital_dates", "capital-dates.xlsx", 1, says=("« Capital », ligne 6, colonne « Date d'effet »", "31/02/2024"),
      issues=frozenset({("Capital", 6, "BAD_DATE")}),
      values={("Capital", 3, "capital"): "10 000,50", ("Capital", 4, "effective_date"): "31.12.2024"})
def _(path: Path) -> None:
    book(path, {"Capital": [["Date d'effet", "Capital", "Nombre de parts"],
                            ["31/12/2022", "10000", "1000"], ["2023-12-31", "10 000,50", "1000"],
                            ["31.12.2024", "33,5", "1000"], [date(2025, 1, 1), 12000.5, 1000],
                            ["31/02/2024", "1000", "100"]]})


@case("associates_dates", "associes-dates.xlsx", 1, says=("« Associés PP », ligne 5, colonne « Date d'entrée »",),
      issues=frozenset({("Associés PP", 5, "BAD_DATE")}))
def _(path: Path) -> None:
    head = ["Nom", "Prénom", "Date d'entrée", "Parts PP"]
    book(path, {"Associés PP": [head, ["MARTIN", "Jean", "01/01/2020", "10"], ["DURAND", "Anne", "2021-06-30", "10"],
                                ["PETIT", "Luc", "31.12.2022", "10"], ["ROUX", "Marie", "31/02/2024", "10"]]})


@case("repartition_rates", "taux-virgule.xlsx", 1, says=("« 33,5 » doit être un nombre entier",),
      issues=frozenset({("Répartitions", 4, "NOT_WHOLE"), ("Répartitions", 5, "NOT_WHOLE")}))
def _(path: Path) -> None:  # rates are whole percentages: "50,0" is 50, "33,5" is not whole
    head = ["Code axe", "Clé", "Code section", "Taux"]
    book(path, {"Répartitions": [head, ["ACTIVITE", "MOITIE", "VENTE", "50,0"], ["ACTIVITE", "MOITIE", "ACHAT", "50"],
                                 ["ACTIVITE", "TIERS", "VENTE", "33,5"], ["ACTIVITE", "TIERS", "ACHAT", "66,5"]]})


@case("capital_csv", "capital.csv", 0, rows=2, values={("capital", 3, "capital"): "1 000,50"})
def _(path: Path) -> None:
    text = "Date d'effet;Capital;Nombre de parts\n31/12/2023;1000;100\n31.12.2024;1 000,50;100\n"
    path.write_bytes(text.encode("cp1252"))


# --- account numbers -----------------------------------------------------------------------------------


@case("account_spaces", "comptes-espaces.xlsx", 1, says=("« 401000 » figure déjà ligne 2",),
      issues=frozenset({("Comptes", 3, "DUPLICATE")}),
      values={("Comptes", 2, "account_number"): "401000", ("Comptes", 4, "account_number"): "411000",
              ("Comptes", 5, "account_number"): "512000"})
def _(path: Path) -> None:  # "401 000" and the number 401000 are the same account
    book(path, {"Comptes": [HEAD, ["401 000", "Fournisseurs"], [401000, "Doublon"], ["411\u00a0000", "Clients"],
                            ["  512000 ", "Banque"]]})


@case("account_apostrophe_csv", "apostrophes.csv", 1, issues=frozenset({("apostrophes", 3, "DUPLICATE")}),
      values={("apostrophes", 2, "account_number"): "401000", ("apostrophes", 4, "account_number"): "411000"})
def _(path: Path) -> None:  # the apostrophe typed to keep leading zeros, exported as text
    path.write_text("N° de compte;Libellé\n'401000;Fournisseurs\n401000;Doublon\n'411000;Clients\n", encoding="utf-8")


@case("account_apostrophe_xlsx", "apostrophes.xlsx", 0, rows=1, values={("Comptes", 2, "account_number"): "401000"})
def _(path: Path) -> None:
    book(path, {"Comptes": [HEAD, ["'401000", "Fournisseurs"]]})


@case("account_float", "comptes-nombres.xlsx", 0, rows=3,
      values={("Comptes", 2, "account_number"): "401000", ("Comptes", 2, "counterpart"): "607000",
              ("Comptes", 3, "account_number"): "411000", ("Comptes", 4, "account_number"): "512000"})
def _(path: Path) -> None:  # account numbers typed as numbers: 401000.0, 4.11E5
    book(path, {"Comptes": [[*HEAD, "Compte de contrepartie"], [401000.0, "Fournisseurs", 607000.0],
                            [4.11e5, "Clients", 706000], [512000, "Banque", None]]})


# --- invisible characters and emoji --------------------------------------------------------------------


@case("nbsp", "espaces-insecables.xlsx", 0, rows=1,
      values={("Comptes", 2, "label"): "Fournisseurs divers", ("Comptes", 2, "account_number"): "401000"})
def _(path: Path) -> None:
    book(path, {"Comptes": [HEAD, ["401\u00a0000", "Fournisseurs\u00a0divers\u202f"]]})


@case("zero_width", "caracteres-invisibles.xlsx", 0, rows=2,
      values={("Comptes", 2, "account_number"): "401000", ("Comptes", 2, "label"): "Fournisseurs",
              ("Comptes", 3, "account_number"): "411000"})
def _(path: Path) -> None:
    book(path, {"Comptes": [HEAD, ["4\u200b01000", "\u200bFournisseurs\u200d"], ["\ufeff411000", "Clients\u2060"]]})


@case("emoji", "emoji.xlsx", 1, says=("« Comptes », ligne 4, colonne « N° de compte »", "🚚401"),
      issues=frozenset({("Comptes", 4, "COMPTE6")}),
      values={("Comptes", 2, "label"): "Fournisseur 🚚 livraisons", ("Comptes", 3, "label"): "Café ☕ 👩‍💻"})
def _(path: Path) -> None:  # the API has no rule against them: kept as typed, except where a digit is due
    book(path, {"Comptes": [HEAD, ["401000", "Fournisseur 🚚 livraisons"], ["411000", "Café ☕ 👩‍💻"],
                            ["🚚401", "Transports"]]})


@case("blank_looking", "cellules-blanches.xlsx", 1, says=("« Comptes », ligne 3, colonne « Libellé »",),
      issues=frozenset({("Comptes", 3, "REQUIRED")}))
def _(path: Path) -> None:  # a label of spaces is empty; a row of invisible characters is no row
    book(path, {"Comptes": [HEAD, ["401000", "Fournisseurs"], ["411000", " \u00a0 "], ["\u200b", "\u00a0"],
                            ["512000", "Banque"]]})


# --- size: a sheet as large as Excel allows ------------------------------------------------------------

FULL = "A1:XFD1048576"
DATA = rows_xml([HEAD, ["401000", "Fournisseurs"]])


@case("format_whole_rows", "format-lignes.xlsx", 0, rows=1, heavy=True)
def _(path: Path) -> None:  # 1,048,574 formatted empty rows, every column formatted, used range A1:XFD1048576
    rows = "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(3, 1_048_577))
    xml = sheet_xml(DATA + rows, dimension=FULL)
    xml = xml.replace(b"<sheetData>", b'<cols><col min="1" max="16384" style="1"/></cols><sheetData>')
    write_xlsx_parts(path, xlsx_parts([SheetPart("Comptes", xml)]))


@case("format_far_cells", "format-cellules.xlsx", 0, rows=1, heavy=True)
def _(path: Path) -> None:  # a formatted empty cell in column XFD of every row
    rows = "".join(f'<row r="{n}"><c r="XFD{n}" s="1"/></row>' for n in range(3, 1_048_577))
    raw_book(path, "Comptes", DATA + rows, dimension=FULL)


@case("format_corner", "format-coin.xlsx", 0, rows=1, heavy=True)
def _(path: Path) -> None:
    raw_book(path, "Comptes", DATA + rows_xml([[None] * 16383 + [Styled()]], first_row=1_048_576), dimension=FULL)


@case("far_value", "valeur-lointaine.xlsx", 2, heavy=True,
      says=("Feuille « Comptes »", "jusqu'à la cellule XFD1048576", "1\u202f048\u202f576 lignes", "supprimez"))
def _(path: Path) -> None:  # one "x" typed in the last cell: calamine would allocate 17 billion cells
    raw_book(path, "Comptes", DATA + rows_xml([[None] * 16383 + ["x"]], first_row=1_048_576), dimension=FULL)


@case("far_empty_text", "texte-vide-lointain.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:  # a formula giving "" in the last cell: a value all the same
    far = rows_xml([[None] * 16383 + [Formula('""', "", "str")]], first_row=1_048_576)
    raw_book(path, "Comptes", DATA + far, dimension=FULL)


@case("filled_column", "colonne-remplie.xlsx", 2, heavy=True, says=("Z1048576", "supprimez"))
def _(path: Path) -> None:  # ="" filled down a whole column
    rows = "".join(f'<row r="{n}"><c r="Z{n}" t="str"><f>""</f><v></v></c></row>' for n in range(3, 1_048_577))
    raw_book(path, "Comptes", DATA + rows, dimension="A1:Z1048576")


@case("wide_header", "entete-large.xlsx", 0, rows=1, heavy=True)
def _(path: Path) -> None:  # all 16,384 columns titled: a wide but small grid
    header = [*HEAD, *(f"Colonne {n}" for n in range(3, 16_385))]
    raw_book(path, "Comptes", rows_xml([header, ["401000", "Fournisseurs"]]), dimension="A1:XFD2")


@case("lying_dimension", "dimension-fausse.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:  # the <dimension> says A1:B2, a value sits in XFD1048576
    raw_book(path, "Comptes", DATA + rows_xml([[None] * 16383 + ["x"]], first_row=1_048_576), dimension="A1:B2")


def _noise(count: int, width: int, seed: int) -> list[str]:
    """`count` random words of `width` characters (base64): text that barely compresses."""
    raw = base64.b64encode(random.Random(seed).randbytes(count * width)).decode()
    return [raw[n * width:(n + 1) * width] for n in range(count)]


@case("lying_dimension_large", "dimension-fausse-grande.xlsx", 2, heavy=True,
      says=("Feuille « Comptes »", "XFD1048576", "supprimez", "répartissez-les en plusieurs classeurs"))
def _(path: Path) -> None:  # over 1 MiB, not suspiciously compressible, a <dimension> that lies: scanned all the same
    labels = _noise(6000, 150, 1)
    rows = [HEAD, *([f"4{n:05d}", labels[n]] for n in range(6000))]
    far = rows_xml([[None] * 16383 + ["x"]], first_row=1_048_576)
    raw_book(path, "Comptes", rows_xml(rows) + far, dimension="A1:B2")


@case("far_column_large", "colonne-lointaine-grande.xlsx", 2, heavy=True,
      says=("AAA200000", "200\u202f000 lignes × 703 colonnes", "140\u202f600\u202f000 cellules"))
def _(path: Path) -> None:  # a value in a column of three letters, not far down: 140 million cells all the same
    labels = _noise(100_000, 40, 2)
    rows = [HEAD, *([f"4{n:05d}", labels[n]] for n in range(100_000))]
    far = rows_xml([[None] * 702 + ["x"]], first_row=200_000)
    raw_book(path, "Comptes", rows_xml(rows) + far, dimension="A1:B2")


@case("wide_sheet_large", "feuille-large.xlsx", 0, rows=20_000, heavy=True)
def _(path: Path) -> None:  # a real sheet wider than A..Z: 600,000 cells, read (the scan skips AA..AD at C speed)
    header = [*HEAD, *(f"Colonne {n}" for n in range(3, 31))]
    notes = _noise(20_000 * 28, 12, 3)
    rows = [header, *([f"4{n:05d}", f"Tiers {n}", *notes[n * 28:(n + 1) * 28]] for n in range(20_000))]
    raw_book(path, "Comptes", rows_xml(rows), dimension="A1:AD20001")


@case("far_value_lowercase", "valeur-lointaine-minuscules.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:
    raw_book(path, "Comptes", DATA + '<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>')


@case("far_value_prefixed", "valeur-lointaine-prefixe.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:  # <y:c> is a cell to calamine, which reads names without their prefix
    far = f'<row r="1048576"><y:c xmlns:y="{MAIN_NS}" r="XFD1048576"><y:v>1</y:v></y:c></row>'
    raw_book(path, "Comptes", DATA + far)


@case("far_value_quoted", "valeur-lointaine-guillemets.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:  # valid XML that no writer produces: calamine reads the reference all the same
    raw_book(path, "Comptes", DATA + "<row r=\"1048576\"><c\tt=\"n\" foo=\"/>\" r = 'XFD1048576'><v>1</v></c></row>")


@case("ods_trailer", "libreoffice.ods", 0, rows=1, heavy=True)
def _(path: Path) -> None:  # what LibreOffice writes after the data: empty rows and columns repeated to the end
    trailer = ('<table:table-row table:number-rows-repeated="1048574">'
               '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    write_ods(path, ods_content(ods_table("Comptes", [HEAD, ["401000", "Fournisseurs"]], trailer)))


@case("ods_repeated_values", "repetitions.ods", 2, heavy=True, says=("Feuille « Comptes »", "cellules", "supprimez"))
def _(path: Path) -> None:  # a value repeated over 95 columns of a row repeated a million times
    rows = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell office:value-type="string" '
            'table:number-columns-repeated="95"><text:p>x</text:p></table:table-cell></table:table-row>')
    write_ods(path, ods_content(ods_table("Comptes", [HEAD, ["401000", "Fournisseurs"]], rows)))


@case("xls_dimensions", "dimensions.xls", 2, heavy=True, says=("endommagé ou incomplet", "Comptes: DIMENSIONS"))
def _(path: Path) -> None:  # a DIMENSIONS record claiming 4 billion rows: calamine reserves them
    path.write_bytes(biff8_xls([XlsSheet("Comptes", [HEAD, ["401000", "x"]], dimensions=(0, 0xFFFFFFFF, 0, 256))]))


@case("xls_far_cell", "cellule-lointaine.xls", 2, heavy=True, says=("IV65536",))
def _(path: Path) -> None:  # a value in the last cell of an Excel 97 sheet: 16.7 million cells
    path.write_bytes(biff8_xls([XlsSheet("Comptes", [HEAD, ["401000", "x"]], far_cells=[(65535, 255, "x")])]))


@case("xls_mini_far_cell", "petit-lointain.xls", 2, heavy=True, says=("IV65536",))
def _(path: Path) -> None:  # the same far value in a Workbook stream kept in the mini stream
    sheet = XlsSheet("Comptes", [HEAD, ["401000", "x"]], far_cells=[(65535, 255, "x")])
    path.write_bytes(biff8_xls([sheet], mini=True))


@case("far_cell_without_reference", "lointain-sans-reference.xlsx", 2, heavy=True, says=("XFD1048576",))
def _(path: Path) -> None:  # the last row, and 16,384 cells without references: the last one is XFD1048576
    far = '<row r="1048576">' + '<c s="1"/>' * 16383 + '<c t="inlineStr"><is><t>x</t></is></c></row>'
    raw_book(path, "Comptes", DATA + far, dimension="A1:B2")


@case("csv_huge", "enorme.csv", 2, heavy=True, says=("trop volumineux", "découpez"))
def _(path: Path) -> None:  # 300 MB (a sparse file: nothing is written)
    path.write_text("N° de compte;Libellé\n", encoding="utf-8")
    with path.open("r+b") as handle:
        handle.truncate(300 << 20)


def _shared_strings(path: Path, unique_count: str) -> None:
    _with_shared_strings(path, f'{XML_DECL}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="{unique_count}">'
                               "<si><t>401000</t></si></sst>")


@case("unique_count", "chaines-annoncees.xlsx", 2, heavy=True, says=("endommagé",))
def _(path: Path) -> None:  # a sharedStrings.xml announcing 10^11 strings: calamine reserves room for them
    _shared_strings(path, "100000000000")


@case("unique_count_overflow", "chaines-debordantes.xlsx", 2, heavy=True, says=("endommagé",))
def _(path: Path) -> None:  # 10^18: the reservation overflows (a Rust panic, not an allocation)
    _shared_strings(path, "1000000000000000000")


# --- attacks: XML and zip bombs ------------------------------------------------------------------------

LAUGHS = ("<!DOCTYPE {root} [<!ENTITY lol0 \"lol\">"
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>")
SHARED_A2 = '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>x</t></is></c></row>'


def _with_shared_strings(path: Path, strings: str) -> None:
    """A sheet whose A2 is the first shared string."""
    parts = xlsx_parts([SheetPart("Comptes", sheet_xml(rows_xml([HEAD]) + SHARED_A2))], shared_strings=strings.encode())
    write_xlsx_parts(path, parts)


@case("laughs_shared_strings", "billion-laughs.xlsx", 2, heavy=True,
      says=("xl/sharedStrings.xml", "entités XML", "N'utilisez pas ce fichier"))
def _(path: Path) -> None:  # &lol9; expands to 10^9 "lol"
    _with_shared_strings(path, f'{XML_DECL}{LAUGHS.format(root="sst")}<sst xmlns="{MAIN_NS}" count="1" '
                               'uniqueCount="1"><si><t>&lol9;</t></si></sst>')


@case("laughs_sheet", "billion-laughs-feuille.xlsx", 2, heavy=True, says=("xl/worksheets/sheet1.xml", "entités XML"))
def _(path: Path) -> None:
    body = rows_xml([HEAD]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    raw_book(path, "Comptes", body, prolog=LAUGHS.format(root="worksheet"))


@case("laughs_workbook", "billion-laughs-classeur.xlsx", 2, heavy=True, says=("xl/workbook.xml", "entités XML"))
def _(path: Path) -> None:
    write_xlsx_parts(path, xlsx_parts([SheetPart("Comptes", sheet_xml(DATA))],
                                      workbook_prolog=LAUGHS.format(root="workbook")))


@case("xxe", "xxe.xlsx", 2, heavy=True, says=("entités XML",), never=("root:",))
def _(path: Path) -> None:  # an external entity: the content of /etc/passwd would land in a cell
    _with_shared_strings(path, f'{XML_DECL}<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                               f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>')


@case("quadratic_blowup", "explosion-quadratique.xlsx", 2, heavy=True, says=("entités XML",))
def _(path: Path) -> None:  # one 50 kB entity used 20,000 times: 1 GB without nesting
    prolog = f'<!DOCTYPE worksheet [<!ENTITY a "{"a" * 50_000}">]>'
    body = rows_xml([HEAD]) + '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "&a;" * 20_000 + "</t></is></c></row>"
    raw_book(path, "Comptes", body, prolog=prolog)


def _bomb(name: str, prefix: bytes, suffix: bytes, declared: int | None = None) -> Member:
    stream, crc, size = spaces_deflate(prefix, 4000, suffix)  # about 4 GB of spaces in 4 MB
    return Member(name, stream, crc, size if declared is None else declared)


@case("zip_bomb_sheet", "bombe.xlsx", 2, heavy=True, says=("xl/worksheets/sheet1.xml", "bombe de décompression",
                                                             "N'utilisez pas ce fichier"))
def _(path: Path) -> None:
    xml = sheet_xml(DATA)
    cut = xml.index(b"</sheetData>")
    parts = xlsx_parts([SheetPart("Comptes", xml)])
    write_xlsx_parts(path, parts, {"xl/worksheets/sheet1.xml": _bomb("xl/worksheets/sheet1.xml", xml[:cut], xml[cut:])})


@case("zip_bomb_shared_strings", "bombe-chaines.xlsx", 2, heavy=True,
      says=("xl/sharedStrings.xml", "bombe de décompression"))
def _(path: Path) -> None:
    head = f'{XML_DECL}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>'.encode()
    parts = xlsx_parts([SheetPart("Comptes", sheet_xml(DATA))], shared_strings=head + b"</t></si></sst>")
    write_xlsx_parts(path, parts, {"xl/sharedStrings.xml": _bomb("xl/sharedStrings.xml", head, b"</t></si></sst>")})


@case("zip_bomb_lying", "bombe-menteuse.xlsx", 2, heavy=True, says=("endommagé ou incomplet",))
def _(path: Path) -> None:  # the headers say 64 kB; the data inflates to 4 GB
    xml = sheet_xml(DATA)
    cut = xml.index(b"</sheetData>")
    parts = xlsx_parts([SheetPart("Comptes", xml)])
    bomb = _bomb("xl/worksheets/sheet1.xml", xml[:cut], xml[cut:], declared=64 << 10)
    write_xlsx_parts(path, parts, {"xl/worksheets/sheet1.xml": bomb})


@case("huge_part", "partie-enorme.xlsx", 2, heavy=True,
      says=("xl/worksheets/sheet1.xml", "trop volumineux", "300 Mo", "découpez"))
def _(path: Path) -> None:  # a worksheet of 300 MB compressed 75 to 1: too large, though not a bomb
    parts = xlsx_parts([SheetPart("Comptes", sheet_xml(DATA))])
    noise = random.Random(7).randbytes(4 << 20)
    sheet = Member("xl/worksheets/sheet1.xml", noise, zlib.crc32(noise), 300 << 20)
    write_xlsx_parts(path, parts, {"xl/worksheets/sheet1.xml": sheet})


@case("zip_bomb_ods", "bombe.ods", 2, heavy=True, says=("content.xml", "bombe de décompression"))
def _(path: Path) -> None:
    content = ods_content(ods_table("Comptes", [HEAD, ["401000", "Fournisseurs"]]))
    cut = content.index(b"</office:spreadsheet>")
    manifest = (b'<?xml version="1.0"?>'
                b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    write_zip(path, [stored("mimetype", ODS_MIMETYPE), _bomb("content.xml", content[:cut], content[cut:]),
                     deflated("META-INF/manifest.xml", manifest)])


@case("zip_bomb_mimetype", "bombe-type.ods", 2, heavy=True, says=("mimetype", "bombe de décompression"))
def _(path: Path) -> None:  # the first member, read to tell an .ods: 4 GB
    content = ods_content(ods_table("Comptes", [HEAD, ["401000", "Fournisseurs"]]))
    write_zip(path, [_bomb("mimetype", ODS_MIMETYPE, b""), deflated("content.xml", content)])
