"""The words of `bulkio convert`, in French and English: the Transformations sheet's title, columns, categories and
reasons, the Aide sheet's paragraph and the read-back refusal (registered with bulkio.i18n on import)."""

from __future__ import annotations

from bulkio.i18n import register

register(
    {
        "convert.sheet": {"fr": "Transformations", "en": "Changes"},
        "convert.title": {
            "fr": "Ce que bulkio convert a repris, laissé de côté ou transformé en lisant « {source} »",
            "en": "What bulkio convert carried over, left out or changed while reading '{source}'",
        },
        "convert.col.what": {"fr": "Quoi", "en": "What"},
        "convert.col.source_sheet": {"fr": "Feuille source", "en": "Source sheet"},
        "convert.col.source_row": {"fr": "Ligne source", "en": "Source row"},
        "convert.col.here": {"fr": "Dans ce classeur", "en": "In this workbook"},
        "convert.col.column": {"fr": "Colonne", "en": "Column"},
        "convert.col.before": {"fr": "Avant", "en": "Before"},
        "convert.col.after": {"fr": "Après", "en": "After"},
        "convert.col.code": {"fr": "Code", "en": "Code"},
        "convert.col.why": {"fr": "Pourquoi", "en": "Why"},
        "convert.what.sheet": {"fr": "Feuille reprise", "en": "Sheet carried over"},
        "convert.what.sheet_left_out": {"fr": "Feuille non reprise", "en": "Sheet not carried over"},
        "convert.what.column": {"fr": "Colonne renommée", "en": "Column renamed"},
        "convert.what.column_left_out": {"fr": "Colonne non reprise", "en": "Column not carried over"},
        "convert.what.change": {"fr": "Valeur transformée", "en": "Value changed"},
        "convert.what.note": {"fr": "Remarque", "en": "Note"},
        "convert.what.row_left_out": {"fr": "Ligne non reprise", "en": "Row not carried over"},
        "convert.what.problem": {"fr": "Problème", "en": "Problem"},
        "convert.here": {"fr": "« {sheet} » ligne {row}", "en": "'{sheet}' row {row}"},
        "convert.by.name": {"fr": "reconnue par son nom", "en": "recognised by its name"},
        "convert.by.headers": {"fr": "reconnue par ses seuls en-têtes", "en": "recognised by its headers alone"},
        "convert.by.option": {"fr": "désignée par --sheet ou --map", "en": "named by --sheet or --map"},
        "convert.by.fec": {"fr": "construite à partir des écritures du FEC", "en": "built from the FEC's entries"},
        "convert.by.layout": {"fr": "reconnue comme l'export d'un autre logiciel", "en": "recognised as another "
                              "program's export"},
        "convert.by.other": {"fr": "reconnue ({by})", "en": "recognised ({by})"},
        "convert.sheet_read": {
            "fr": "{by}, en-têtes ligne {header_row} : ses {rows} ligne(s) reprise(s) sur la feuille « {target} ».",
            "en": "{by}, headers on row {header_row}: its {rows} row(s) carried over to the sheet '{target}'.",
        },
        "convert.sheets_merged": {
            "fr": "la feuille « {target} » reprend, l'une après l'autre, les feuilles {sheets} de la source : "
            "les règles d'une feuille (une section par défaut par axe, des taux qui font 100 par clé) les jugent "
            "ensemble.",
            "en": "the sheet '{target}' holds, one after the other, the source's sheets {sheets}: the rules of a "
            "sheet (one default section per axis, rates adding up to 100 per key) judge them together.",
        },
        "convert.column_renamed": {
            "fr": "colonne « {source} » reprise sous l'en-tête du modèle « {target} ».",
            "en": "column '{source}' carried over under the template's header '{target}'.",
        },
        "convert.column_unknown": {
            "fr": "colonne qu'aucune colonne de bulkio ne reprend : ses valeurs ne sont pas reprises ; si elles "
            "doivent l'être, copiez-les dans la colonne du modèle qui convient (voir la feuille {help}).",
            "en": "a column no bulkio column takes: its values are not carried over; if they should be, copy them "
            "into the right column of the template (see the {help} sheet).",
        },
        "convert.fec_origin": {
            "fr": "où le FEC a pris chaque compte : non reprise ; chaque compte construit plutôt que lu est listé "
            "ici (Valeur transformée).",
            "en": "where the FEC gave each account: not carried over; each account built rather than read is "
            "listed here (Value changed).",
        },
        "convert.result_columns": {
            "fr": "colonnes de résultat d'une exécution précédente (Statut, Code erreur, Message, ID MyUnisoft…) : "
            "non reprises, le classeur converti est un modèle à importer.",
            "en": "result columns of an earlier run (Status, Error code, Message, MyUnisoft ID…): not carried "
            "over, the converted workbook is a template to import.",
        },
        "convert.sheet_auxiliary": {
            "fr": "feuille d'aide ou de listes de bulkio : non reprise, ce classeur a les siennes.",
            "en": "bulkio's help or lists sheet: not carried over, this workbook has its own.",
        },
        "convert.sheet_not_read": {
            "fr": "feuille non lue (vide, ou d'un type que --only écarte) : rien n'en est repris.",
            "en": "sheet not read (empty, or of a kind --only leaves out): nothing of it is carried over.",
        },
        "convert.row_not_imported": {
            "fr": "{message} Ligne non reprise : ses valeurs sont ci-contre ; recopiez-la si elle doit être importée.",
            "en": "{message} Row not carried over: its values are alongside; copy it in if it is to be imported.",
        },
        "convert.row_problem": {
            "fr": "l'import de la source bloquerait cette ligne ({code}) et un modèle ne peut pas garder ce "
            "problème : ligne non reprise, ses valeurs sont ci-contre ; corrigez la source et convertissez-la de "
            "nouveau, ou saisissez la ligne ici.",
            "en": "importing the source would block this row ({code}) and a template cannot keep that problem: "
            "row not carried over, its values are alongside; fix the source and convert it again, or type the "
            "row in here.",
        },
        "convert.text_cleaned": {
            "fr": "texte qu'une cellule Excel ne peut pas contenir tel quel (caractère de contrôle, ou plus de "
            "32 767 caractères) : écrit sans ces caractères, ou coupé.",
            "en": "text an Excel cell cannot hold as it is (a control character, or over 32,767 characters): "
            "written without those characters, or cut.",
        },
        "convert.help.title": {"fr": "Feuille « {sheet} »", "en": "Sheet '{sheet}'"},
        "convert.help.text": {
            "fr": "Ce classeur a été écrit par bulkio convert à partir de « {source} ». La feuille « {sheet} » "
            "liste tout ce que la conversion n'a pas repris tel quel : les feuilles et les colonnes de la source "
            "(reprises, renommées ou laissées de côté), chaque valeur transformée (avant, après, pourquoi), les "
            "remarques de lecture, les lignes non reprises avec leurs valeurs (masquées, ligne d'exemple, ligne "
            "dont le problème ne peut être recopié) et les problèmes de la source, que l'import signalera de "
            "nouveau. Elle n'est jamais importée. Relisez-la, complétez les feuilles de données, puis importez "
            "ce classeur : chaque ligne reprise donne le même plan que la ligne de la source.",
            "en": "This workbook was written by bulkio convert from '{source}'. The '{sheet}' sheet lists "
            "everything the conversion did not carry over as it was: the source's sheets and columns (carried "
            "over, renamed or left out), every value changed (before, after, why), the reading notes, the rows "
            "not carried over with their values (hidden, the example row, a row whose problem cannot be copied) "
            "and the source's problems, which the import will report again. It is never imported. Review it, "
            "complete the data sheets, then import this workbook: each row carried over plans exactly as the "
            "source's row does.",
        },
        "convert.readback": {
            "fr": "bulkio a relu le classeur converti et {where} ne se relit pas comme la source (attendu {expected}, "
            "relu {found}) : rien n'a été écrit ; c'est une erreur de bulkio, signalez-la.",
            "en": "bulkio read the converted workbook back and {where} does not read as the source did (expected "
            "{expected}, read {found}): nothing was written; this is a bug of bulkio's, please report it.",
        },
        "convert.readback.cell": {"fr": "la cellule {cell}", "en": "cell {cell}"},
        "convert.readback.rows": {"fr": "la feuille « {sheet} »", "en": "the sheet '{sheet}'"},
    }
)
