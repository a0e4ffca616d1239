"""Every sentence the workbook package says to the user, French first, then English.

Import this module for its side effect (registration); then use `bulkio.i18n.t(key, ...)`.
"""

from __future__ import annotations

from bulkio.i18n import register

register(
    {
        # --- fatal input problems (InputError): where, what is wrong, what to do ---
        "workbook.missing": {
            "fr": "Le fichier « {path} » est introuvable : vérifiez le chemin et le nom du fichier.",
            "en": "The file '{path}' does not exist: check the path and the file name.",
        },
        "workbook.is_dir": {
            "fr": "« {path} » est un dossier, pas un fichier : indiquez le chemin du classeur Excel.",
            "en": "'{path}' is a folder, not a file: give the path of the Excel workbook.",
        },
        "workbook.unreadable": {
            "fr": "Le fichier « {path} » ne peut pas être ouvert ({reason}) : "
            "fermez-le s'il est ouvert dans Excel et vérifiez vos droits d'accès.",
            "en": "The file '{path}' cannot be opened ({reason}): close it if it is open in Excel "
            "and check your access rights.",
        },
        "workbook.empty": {
            "fr": "Le fichier « {path} » est vide (0 octet) : enregistrez de nouveau le classeur depuis Excel "
            "puis réessayez.",
            "en": "The file '{path}' is empty (0 bytes): save the workbook again from Excel and retry.",
        },
        "workbook.not_workbook": {
            "fr": "Le fichier « {path} » n'est pas un classeur Excel lisible : ouvrez-le dans Excel et "
            "enregistrez-le au format .xlsx.",
            "en": "The file '{path}' is not a readable Excel workbook: open it in Excel and save it as .xlsx.",
        },
        "workbook.damaged": {
            "fr": "Le fichier « {path} » est endommagé ou incomplet ({reason}) : ouvrez-le dans Excel et "
            "enregistrez-le de nouveau au format .xlsx (ou reprenez une copie complète).",
            "en": "The file '{path}' is damaged or incomplete ({reason}): open it in Excel and save it again "
            "as .xlsx (or take a complete copy).",
        },
        "workbook.unsupported": {
            "fr": "Le format « {suffix} » du fichier « {path} » n'est pas pris en charge : enregistrez-le au "
            "format .xlsx (sont aussi acceptés .xlsm, .xls, .ods, .csv et un FEC en .txt).",
            "en": "The '{suffix}' format of '{path}' is not supported: save it as .xlsx "
            "(.xlsm, .xls, .ods, .csv and a FEC as .txt are accepted too).",
        },
        "workbook.encrypted": {
            "fr": "Le classeur « {path} » est protégé par un mot de passe : ouvrez-le dans Excel, retirez le "
            "mot de passe (Fichier > Informations > Protéger le classeur > Chiffrer avec mot de passe, "
            "champ vide) et enregistrez-le de nouveau.",
            "en": "The workbook '{path}' is password-protected: open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password, empty field) and save it again.",
        },
        "workbook.zip_bomb": {
            "fr": "Le fichier « {path} » n'est pas un classeur normal : sa partie « {part} » occuperait {size} une "
            "fois décompressée, {ratio} fois sa taille compressée ({compressed}) ; c'est la marque d'une "
            "« bombe de décompression », bulkio ne la lit pas. N'utilisez pas ce fichier ; si vous êtes sûr de "
            "sa provenance, ouvrez-le dans Excel et enregistrez-le de nouveau au format .xlsx.",
            "en": "The file '{path}' is not a normal workbook: its part '{part}' would take {size} once "
            "decompressed, {ratio} times its compressed size ({compressed}); this is the mark of a "
            "'decompression bomb', bulkio does not read it. Do not use this file; if you are sure of where it "
            "comes from, open it in Excel and save it again as .xlsx.",
        },
        "workbook.part_too_big": {
            "fr": "Le fichier « {path} » est trop volumineux : sa partie « {part} » occuperait {size} une fois "
            "décompressée (bulkio en lit au plus {limit}) ; découpez le classeur en plusieurs fichiers "
            "plus petits, ou retirez les lignes, colonnes et mises en forme inutiles, puis réessayez.",
            "en": "The file '{path}' is too large: its part '{part}' would take {size} once decompressed "
            "(bulkio reads at most {limit}); split the workbook into smaller files, or remove the useless rows, "
            "columns and formatting, then retry.",
        },
        "workbook.file_too_big": {
            "fr": "Le fichier « {path} » est trop volumineux ({size} ; bulkio en lit au plus {limit}) : "
            "découpez-le en plusieurs fichiers plus petits, puis réessayez.",
            "en": "The file '{path}' is too large ({size}; bulkio reads at most {limit}): split it into smaller "
            "files, then retry.",
        },
        "workbook.xml_entities": {
            "fr": "Le fichier « {path} » n'est pas un classeur normal : sa partie « {part} » déclare des entités "
            "XML (DTD), ce qu'Excel n'écrit jamais et qui sert aux attaques « billion laughs » et XXE ; bulkio "
            "ne le lit pas. N'utilisez pas ce fichier ; si vous êtes sûr de sa provenance, ouvrez-le dans Excel "
            "et enregistrez-le de nouveau au format .xlsx.",
            "en": "The file '{path}' is not a normal workbook: its part '{part}' declares XML entities (a DTD), "
            "which Excel never writes and which 'billion laughs' and XXE attacks use; bulkio does not read it. "
            "Do not use this file; if you are sure of where it comes from, open it in Excel and save it again "
            "as .xlsx.",
        },
        "workbook.too_many_cells": {
            "fr": "Feuille « {sheet} » : elle s'étend jusqu'à la cellule {cell}, soit {rows} lignes × {columns} "
            "colonnes ({cells} cellules, bulkio en lit au plus {limit}) ; supprimez les lignes et les colonnes "
            "qui suivent vos données (sélectionnez-les, clic droit > Supprimer) et enregistrez, ou, si vos "
            "données les occupent vraiment, répartissez-les en plusieurs classeurs ; puis réessayez.",
            "en": "Sheet '{sheet}': it extends to cell {cell}, that is {rows} rows × {columns} columns ({cells} "
            "cells, bulkio reads at most {limit}); delete the rows and columns after your data (select them, "
            "right-click > Delete) and save, or, if your data really fills them, split it into several "
            "workbooks; then retry.",
        },
        "workbook.csv_unclosed_quote": {
            "fr": "Fichier « {path} », ligne {line} : un guillemet (\") ouvre une cellule qui n'est jamais "
            "refermée, et toute la suite du fichier serait lue comme cette seule cellule ; fermez le guillemet "
            "(ou doublez-le, \"\", s'il fait partie du texte), puis réessayez.",
            "en": "File '{path}', line {line}: a quote (\") opens a cell that is never closed, and the whole "
            "rest of the file would be read as that one cell; close the quote (or double it, \"\", if it is "
            "part of the text), then retry.",
        },
        "workbook.csv_field_too_long": {
            "fr": "Fichier « {path} », ligne {line} : une cellule dépasse {limit} caractères, le plus souvent "
            "parce qu'un guillemet (\") ouvert sur cette ligne n'est jamais refermé ; fermez le guillemet "
            "(ou doublez-le, \"\", s'il fait partie du texte), puis réessayez.",
            "en": "File '{path}', line {line}: a cell is longer than {limit} characters, most often because a "
            "quote (\") opened on this line is never closed; close the quote (or double it, \"\", if it is "
            "part of the text), then retry.",
        },
        "workbook.csv_error": {
            "fr": "Fichier « {path} », ligne {line} : ligne CSV illisible ({reason}) ; corrigez-la dans un "
            "éditeur de texte ou enregistrez de nouveau le fichier depuis Excel, puis réessayez.",
            "en": "File '{path}', line {line}: unreadable CSV line ({reason}); fix it in a text editor or save "
            "the file again from Excel, then retry.",
        },
        "workbook.only_hidden": {
            "fr": "Aucune feuille visible reconnue dans « {path} » (feuille masquée : {sheets}) : bulkio ne lit "
            "que les feuilles visibles ; affichez-la dans Excel (clic droit sur un onglet > Afficher…), "
            "enregistrez, puis réessayez.",
            "en": "No visible known sheet in '{path}' (hidden sheet: {sheets}): bulkio only reads visible "
            "sheets; unhide it in Excel (right-click a tab > Unhide…), save, then retry.",
        },
        "workbook.no_sheet": {
            "fr": "Aucune feuille reconnue dans « {path} » (feuilles trouvées : {found}). {reasons} Nommez la "
            "feuille {expected}, mettez sur sa ligne d'en-tête les colonnes attendues, ou dites son type avec "
            "--sheet \"Nom de la feuille=comptes\".",
            "en": "No known sheet in '{path}' (sheets found: {found}). {reasons} Name the sheet {expected}, "
            "put the expected columns on its header row, or give its kind with --sheet \"Sheet name=comptes\".",
        },
        "workbook.no_sheet_csv": {
            "fr": "Rien de reconnu dans « {path} ». {reasons} Un fichier CSV prend le type de son nom ({names}…) "
            "ou de --sheet \"{stem}={kind}\" ; sinon sa ligne d'en-tête doit porter les colonnes attendues.",
            "en": "Nothing recognised in '{path}'. {reasons} A CSV file takes its kind from its name ({names}…) "
            "or from --sheet \"{stem}={kind}\"; otherwise its header row must hold the expected columns.",
        },
        "workbook.no_worksheet": {
            "fr": "Le fichier « {path} » ne contient aucune feuille de calcul lisible : ouvrez-le dans Excel, "
            "vérifiez son contenu et enregistrez-le de nouveau au format .xlsx.",
            "en": "The file '{path}' holds no readable worksheet: open it in Excel, check its content and "
            "save it again as .xlsx.",
        },
        "workbook.no_header": {
            "fr": "Feuille « {sheet} » : aucune ligne d'en-tête trouvée dans les {limit} premières lignes ; "
            "ajoutez une ligne d'en-tête contenant au moins les colonnes {columns}.",
            "en": "Sheet '{sheet}': no header row found in the first {limit} rows; add a header row "
            "with at least the columns {columns}.",
        },
        "workbook.missing_column": {
            "fr": "Feuille « {sheet} », ligne d'en-tête {row} : la colonne obligatoire « {column} » est "
            "absente ; ajoutez une colonne intitulée « {column} » ou corrigez le titre de la colonne existante.",
            "en": "Sheet '{sheet}', header row {row}: the required column '{column}' is missing; add a column "
            "headed '{column}' or fix the title of the existing column.",
        },
        "workbook.missing_columns": {
            "fr": "Feuille « {sheet} », ligne d'en-tête {row} : les colonnes obligatoires {columns} sont "
            "absentes ; ajoutez-les ou corrigez les titres des colonnes existantes.",
            "en": "Sheet '{sheet}', header row {row}: the required columns {columns} are missing; "
            "add them or fix the titles of the existing columns.",
        },
        "workbook.unknown_kind": {
            "fr": "Type de feuille inconnu « {kind} » : choisissez parmi {known}.",
            "en": "Unknown sheet kind '{kind}': choose among {known}.",
        },
        "workbook.same_path": {
            "fr": "Le fichier de résultat « {path} » est le fichier d'entrée : choisissez un autre nom "
            "(le fichier d'entrée n'est jamais modifié).",
            "en": "The result file '{path}' is the input file: choose another name "
            "(the input file is never modified).",
        },
        "workbook.write_failed": {
            "fr": "Impossible d'écrire « {path} » ({reason}) : fermez ce fichier s'il est ouvert dans Excel "
            "et vérifiez que le dossier existe et est accessible en écriture.",
            "en": "Cannot write '{path}' ({reason}): close the file if it is open in Excel and check that "
            "the folder exists and is writable.",
        },
        # --- non-fatal reading problems (Issue.message) ---
        "workbook.issue.formula_error": {
            "fr": "Feuille « {sheet} », ligne {row}, colonne « {column} » : la formule renvoie l'erreur {value}, "
            "la cellule est lue comme vide ; corrigez la formule ou saisissez la valeur.",
            "en": "Sheet '{sheet}', row {row}, column '{column}': the formula returns the error {value}, "
            "the cell is read as empty; fix the formula or type the value.",
        },
        "workbook.issue.formula_not_calculated": {
            "fr": "Feuille « {sheet} », ligne {row}, colonne « {column} » : la formule n'a pas de valeur "
            "calculée (fichier produit par un programme), la cellule est lue comme vide ; ouvrez le fichier "
            "dans Excel et enregistrez-le.",
            "en": "Sheet '{sheet}', row {row}, column '{column}': the formula has no calculated value "
            "(file written by a program), the cell is read as empty; open the file in Excel and save it.",
        },
        "workbook.issue.duplicate_header": {
            "fr": "Feuille « {sheet} », ligne {row} : la colonne « {column} » apparaît deux fois (colonnes "
            "{first} et {second}) et bulkio ne peut savoir laquelle lire : aucune ligne de la feuille n'est "
            "importée ; supprimez ou renommez l'une des deux.",
            "en": "Sheet '{sheet}', row {row}: the column '{column}' appears twice (columns {first} and "
            "{second}) and bulkio cannot tell which one to read: no row of the sheet is imported; delete or "
            "rename one of them.",
        },
        "workbook.issue.hidden_sheet": {
            "fr": "Feuille « {sheet} » : cette feuille est masquée et n'est donc pas lue (bulkio ne lit que les "
            "feuilles visibles) ; affichez-la (clic droit sur un onglet > Afficher…) pour l'importer, ou "
            "supprimez-la si elle ne sert plus.",
            "en": "Sheet '{sheet}': this sheet is hidden, so it is not read (bulkio only reads visible sheets); "
            "unhide it (right-click a tab > Unhide…) to import it, or delete it if it is no longer needed.",
        },
        "workbook.issue.very_hidden_sheet": {
            "fr": "Feuille « {sheet} » : cette feuille est « très masquée » (par une macro ou l'éditeur VBA) et "
            "n'est donc pas lue ; rendez-la visible depuis l'éditeur VBA (propriété Visible) pour l'importer, "
            "ou supprimez-la si elle ne sert plus.",
            "en": "Sheet '{sheet}': this sheet is 'very hidden' (by a macro or the VBA editor), so it is not "
            "read; make it visible from the VBA editor (Visible property) to import it, or delete it if it is no "
            "longer needed.",
        },
        # --- template and help sheet ---
        "workbook.required": {"fr": "Obligatoire.", "en": "Required."},
        "workbook.help.sheet": {"fr": "Aide", "en": "Help"},
        "workbook.lists.sheet": {"fr": "Listes", "en": "Lists"},
        "workbook.help.title": {
            "fr": "bulkio — comment remplir ce classeur",
            "en": "bulkio — how to fill in this workbook",
        },
        "workbook.help.rules": {"fr": "Règles générales", "en": "General rules"},
        "workbook.help.rule.sheets": {
            "fr": "Chaque feuille est reconnue par son nom ou par ses en-têtes ; la ligne d'en-tête peut être "
            "précédée d'un titre. Les colonnes inconnues et les lignes vides sont ignorées.",
            "en": "Each sheet is recognised by its name or by its headers; a title may come above the header "
            "row. Unknown columns and empty rows are ignored.",
        },
        "workbook.help.rule.empty": {
            "fr": "Une cellule vide laisse la valeur actuelle dans MyUnisoft ; « (vide) » efface le champ.",
            "en": "An empty cell keeps the current value in MyUnisoft; '(empty)' clears the field.",
        },
        "workbook.help.rule.bool": {
            "fr": "Oui/Non : Oui, Non, O, N, X ou vide, Vrai, Faux, 1, 0, Yes, No sont acceptés.",
            "en": "Yes/No: Yes, No, Oui, Non, O, N, X or empty, True, False, 1, 0 are accepted.",
        },
        "workbook.help.rule.dates": {
            "fr": "Dates : date Excel, JJ/MM/AAAA ou AAAA-MM-JJ.",
            "en": "Dates: an Excel date, DD/MM/YYYY or YYYY-MM-DD.",
        },
        "workbook.help.rule.accounts": {
            "fr": "Les numéros de compte sont du texte : 401000, 401000.0 et 401 000 sont lus 401000.",
            "en": "Account numbers are text: 401000, 401000.0 and 401 000 all read as 401000.",
        },
        "workbook.help.rule.result": {
            "fr": "Le classeur de résultat ajoute les colonnes Statut, Code erreur, Message, ID MyUnisoft et "
            "Request-ID ; il peut être corrigé et importé de nouveau tel quel.",
            "en": "The result workbook adds the Status, Error code, Message, MyUnisoft ID and Request-ID "
            "columns; it can be corrected and imported again as it is.",
        },
        "workbook.help.col.header": {"fr": "Colonne", "en": "Column"},
        "workbook.help.col.required": {"fr": "Obligatoire", "en": "Required"},
        "workbook.help.col.kind": {"fr": "Type", "en": "Type"},
        "workbook.help.col.help": {"fr": "Explication", "en": "Explanation"},
        "workbook.help.sheet_title": {"fr": "Feuille « {sheet} »", "en": "Sheet '{sheet}'"},
        "workbook.kind.text": {"fr": "Texte", "en": "Text"},
        "workbook.kind.account": {"fr": "N° de compte (texte)", "en": "Account number (text)"},
        "workbook.kind.bool": {"fr": "Oui/Non", "en": "Yes/No"},
        "workbook.kind.choice": {"fr": "Liste", "en": "List"},
        "workbook.kind.int": {"fr": "Nombre entier", "en": "Whole number"},
        "workbook.kind.decimal": {"fr": "Nombre", "en": "Number"},
        "workbook.kind.date": {"fr": "Date", "en": "Date"},
        "workbook.kind.email": {"fr": "E-mail", "en": "E-mail"},
        "workbook.kind.siren": {"fr": "SIREN (9 chiffres)", "en": "SIREN (9 digits)"},
        "workbook.kind.iban": {"fr": "IBAN", "en": "IBAN"},
        "workbook.kind.bic": {"fr": "BIC", "en": "BIC"},
        "workbook.kind.phone": {"fr": "Téléphone", "en": "Phone"},
        "workbook.validation.title": {"fr": "Valeur hors liste", "en": "Value not in the list"},
        "workbook.validation.error": {
            "fr": "Choisissez une valeur dans la liste déroulante.",
            "en": "Pick a value from the drop-down list.",
        },
        # --- result workbook ---
        "workbook.summary.sheet": {"fr": "Résumé", "en": "Summary"},
        "workbook.summary.title": {"fr": "bulkio — résultat de l'exécution", "en": "bulkio — run result"},
        "workbook.summary.target": {"fr": "Cible", "en": "Target"},
        "workbook.summary.mode": {"fr": "Mode", "en": "Mode"},
        "workbook.summary.started": {"fr": "Début", "en": "Started"},
        "workbook.summary.finished": {"fr": "Fin", "en": "Finished"},
        "workbook.summary.duration": {"fr": "Durée", "en": "Duration"},
        "workbook.summary.version": {"fr": "Version de bulkio", "en": "bulkio version"},
        "workbook.summary.input": {"fr": "Fichier d'entrée", "en": "Input file"},
        "workbook.summary.sheet_col": {"fr": "Feuille", "en": "Sheet"},
        "workbook.summary.by_headers": {
            "fr": "{sheet} (lue comme {kind} d'après ses en-têtes)",
            "en": "{sheet} (read as {kind} from its headers)",
        },
        "workbook.summary.sheets_notes": {"fr": "Feuilles", "en": "Sheets"},
        "workbook.summary.dossier_col": {"fr": "Dossier", "en": "Dossier"},
        "workbook.no_room_for_results": {
            "fr": "la feuille « {sheet} » a des valeurs jusqu'à la colonne {column} : il ne reste pas les {count} "
            "colonnes du résultat avant la dernière colonne d'Excel ; videz les colonnes inutiles à droite.",
            "en": "sheet '{sheet}' has values up to column {column}: there is no room left for the {count} result "
            "columns before Excel's last column; clear the unused columns on the right.",
        },
        "workbook.summary.total": {"fr": "Total", "en": "Total"},
    }
)
