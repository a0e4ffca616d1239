"""What a recognised sheet is said to be, wherever the plan is shown (validate, import, preview, the Résumé).

    BY_HEADERS   "lue comme une feuille Comptes d'après ses seuls en-têtes (ligne 1 : ...)"
    BY_LAYOUT    "lue comme un export de plan comptable Sage 100 d'après ses en-têtes (ligne 1 : ...) ; colonnes
                 ignorées : « Type », « Nature »"
    a sheet named as its kind (--sheet, [feuilles], its name) read through an export's layout, or with columns
    the mapping file ignores: one note saying which columns were read and which ignored
"""

from __future__ import annotations

from bulkio.i18n import language, register, t
from bulkio.issues import Issue
from bulkio.workbook.recognise import BY_HEADERS, BY_LAYOUT, Recognised, option_for, quote

register(
    {
        "recognised.by_layout": {
            "fr": "lue comme un export {what} {layout} d'après ses en-têtes (ligne {row} : {columns}){ignored} ; si "
            "ce n'en est pas un, ajoutez --sheet \"{sheet}=ignorer\".",
            "en": "read as a {layout} {what} export from its headers (row {row}: {columns}){ignored}; if it is not "
            "one, add --sheet \"{sheet}=ignore\".",
        },
        "recognised.layout_columns": {
            "fr": "colonnes lues comme celles d'un export {what} {layout} (ligne {row} : {columns}){ignored}.",
            "en": "columns read as those of a {layout} {what} export (row {row}: {columns}){ignored}.",
        },
        "recognised.ignored_columns": {
            "fr": " ; colonnes ignorées : {columns}", "en": "; columns ignored: {columns}",
        },
        "recognised.ignored_by_map": {
            "fr": "colonnes ignorées, comme le demande {origin} : {columns}.",
            "en": "columns ignored, as {origin} asks: {columns}.",
        },
    }
)


def recognised_notes(sheet: str, found: Recognised) -> list[Issue]:
    """The word a sheet gets, wherever the plan is shown: taken by its headers alone or as another program's
    export; read through an export's layout or with columns ignored (one note)."""
    header, kind = found.header, found.spec.sheet_name(language())
    columns = ", ".join(quote(header.texts[position]) for position in sorted(header.columns.values()))
    ignored = ", ".join(quote(text) for _, text in sorted(header.ignored.items()))
    layout = header.vocabulary.layout
    if layout is not None:
        said = t("recognised.ignored_columns", columns=ignored) if ignored else ""
        what = layout.what(kind)
        if found.by == BY_LAYOUT:
            message = t("recognised.by_layout", what=what, layout=layout.name, row=header.index + 1,
                        columns=columns, ignored=said, sheet=sheet)
            return [Issue(sheet, None, None, None, "SHEET_BY_LAYOUT", message)]
        message = t("recognised.layout_columns", what=what, layout=layout.name, row=header.index + 1,
                    columns=columns, ignored=said)
        return [Issue(sheet, None, None, None, "SHEET_LAYOUT_COLUMNS", message)]
    notes = []
    if found.by == BY_HEADERS:
        message = t("recognise.by_headers", sheet=sheet, kind=kind, row=header.index + 1, columns=columns,
                    option=option_for(sheet, found.spec))
        notes.append(Issue(sheet, None, None, None, "SHEET_BY_HEADERS", message))
    if ignored:
        message = t("recognised.ignored_by_map", origin=header.vocabulary.origin, columns=ignored)
        notes.append(Issue(sheet, None, None, None, "SHEET_COLUMNS_IGNORED", message))
    return notes
