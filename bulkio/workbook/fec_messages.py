"""The sentences of fec.py, French first: the refusals, the Changes' reasons, the notes, the origin column."""

from __future__ import annotations

from bulkio.i18n import register

register(
    {
        "fec.origin_header": {"fr": "Origine FEC", "en": "FEC origin"},
        "fec.origin": {"fr": "ligne {line} : {source} ({lines})", "en": "line {line}: {source} ({lines})"},
        "fec.lines.one": {"fr": "{n} ligne", "en": "{n} line"},
        "fec.lines.many": {"fr": "{n} lignes", "en": "{n} lines"},
        "fec.tab": {"fr": "tabulation", "en": "tab"},
        "fec.not_fec": {
            "fr": "« {path} » n'a pas la ligne d'en-tête d'un FEC (JournalCode, CompteNum, CompteLib, CompAuxNum, "
            "CompAuxLib… séparés par des tabulations ou des « | ») : exportez à nouveau le FEC depuis le logiciel "
            "comptable.",
            "en": "'{path}' has no FEC header line (JournalCode, CompteNum, CompteLib, CompAuxNum, CompAuxLib… "
            "separated by tabs or '|'): export the FEC again from the accounting software.",
        },
        "fec.width": {
            "fr": "« {path} », ligne {line} : {found} champs au lieu de {expected} (séparateur : {separator}) ; "
            "{hint} Corrigez cette ligne dans le fichier ou exportez à nouveau le FEC, puis relancez.",
            "en": "'{path}', line {line}: {found} fields instead of {expected} (separator: {separator}); {hint} "
            "Fix this line in the file or export the FEC again, then run again.",
        },
        "fec.width.more": {
            "fr": "un libellé contient sans doute le séparateur.",
            "en": "a label probably holds the separator.",
        },
        "fec.width.fewer": {
            "fr": "la ligne est sans doute coupée (un retour à la ligne dans un libellé).",
            "en": "the line is probably cut (a line break inside a label).",
        },
        "fec.no_entries": {
            "fr": "« {path} » ne contient aucune écriture sous sa ligne d'en-tête : aucun compte à importer.",
            "en": "'{path}' holds no entry under its header line: no account to import.",
        },
        "fec.too_many_accounts": {
            "fr": "« {path} » compte plus de {limit} comptes distincts (ligne {line}) : bulkio n'en lit pas "
            "davantage ; découpez l'import (un FEC par exercice ou par établissement), puis relancez.",
            "en": "'{path}' holds more than {limit} distinct accounts (line {line}): bulkio reads no more; split the "
            "import (one FEC per year or establishment), then run again.",
        },
        "fec.change.root": {
            "fr": "compte de tiers {aux} du collectif {collective}, numéroté sous la racine {root} ({rule}).",
            "en": "third-party account {aux} of collective {collective}, numbered under the root {root} ({rule}).",
        },
        "fec.rule.default": {
            "fr": "le collectif sans ses zéros de fin, 3 caractères au moins ; une autre racine : section "
            "[fec.racines] du fichier --map",
            "en": "the collective without its trailing zeros, 3 characters at least; another root: the "
            "[fec.racines] section of the --map file",
        },
        "fec.rule.mapped": {"fr": "racine donnée par {origin}", "en": "root given by {origin}"},
        "fec.change.as_is": {
            "fr": "compte de tiers {aux} du collectif {collective} : il commence déjà par la racine {root}, "
            "il est pris tel quel.",
            "en": "third-party account {aux} of collective {collective}: it starts with the root {root} already, "
            "it is taken as it is.",
        },
        "fec.change.two_collectives": {
            "fr": "le tiers {aux} figure sous plusieurs collectifs ({collectives}) : un compte par racine "
            "({numbers}).",
            "en": "third party {aux} appears under several collectives ({collectives}): one account per root "
            "({numbers}).",
        },
        "fec.change.labels": {
            "fr": "plusieurs libellés dans le FEC : le plus fréquent est retenu (à égalité, le premier lu).",
            "en": "several labels in the FEC: the most frequent is kept (on a tie, the first read).",
        },
        "fec.more_labels": {"fr": "et {lines} d'autres libellés", "en": "and {lines} of other labels"},
        "fec.note.built": {
            "fr": "FEC « {path} » : {general} et {aux} lus de {lines} ; les comptes de tiers sont numérotés sous la "
            "racine de leur collectif ({roots}) ; changez-la avec --map.",
            "en": "FEC '{path}': {general} and {aux} read from {lines}; third-party accounts are numbered under the "
            "root of their collective ({roots}); change it with --map.",
        },
        "fec.note.built_general": {
            "fr": "FEC « {path} » : {general} lus de {lines} ; aucun compte de tiers (CompAuxNum vide partout).",
            "en": "FEC '{path}': {general} read from {lines}; no third-party account (CompAuxNum empty everywhere).",
        },
        "fec.general.one": {"fr": "{n} compte général", "en": "{n} general account"},
        "fec.general.many": {"fr": "{n} comptes généraux", "en": "{n} general accounts"},
        "fec.aux.one": {"fr": "{n} compte de tiers", "en": "{n} third-party account"},
        "fec.aux.many": {"fr": "{n} comptes de tiers", "en": "{n} third-party accounts"},
        "fec.note.labels": {
            "fr": "{accounts} plusieurs libellés dans le FEC ; le plus fréquent est retenu, voir chaque choix avec "
            "bulkio convert (par exemple {number} : {kept} plutôt que {other}).",
            "en": "{accounts} several labels in the FEC; the most frequent is kept, see each choice with bulkio "
            "convert (for example {number}: {kept} rather than {other}).",
        },
        "fec.varied.one": {"fr": "{n} compte a", "en": "{n} account has"},
        "fec.varied.many": {"fr": "{n} comptes ont", "en": "{n} accounts have"},
        "fec.note.two_collectives": {
            "fr": "{thirds} sous plusieurs collectifs (un client aussi fournisseur…) : un compte par racine, par "
            "exemple {numbers}.",
            "en": "{thirds} under several collectives (a customer who is also a supplier…): one account per root, "
            "for example {numbers}.",
        },
        "fec.shared.one": {"fr": "{n} tiers figure", "en": "{n} third party appears"},
        "fec.shared.many": {"fr": "{n} tiers figurent", "en": "{n} third parties appear"},
        "fec.note.no_number": {
            "fr": "lignes sans CompteNum, ignorées : {count} (la première : ligne {line}).",
            "en": "lines without CompteNum, ignored: {count} (the first: line {line}).",
        },
        "fec.note.extra_fields": {
            "fr": "lignes ayant plus de champs que l'en-tête (le séparateur dans un libellé d'écriture, sans doute) : "
            "{count} ; leurs colonnes de compte, placées avant, sont lues normalement (la première : ligne {line}).",
            "en": "lines with more fields than the header (the separator inside an entry label, probably): {count}; "
            "their account columns, which come before, are read as usual (the first: line {line}).",
        },
        "fec.aux_digits_only": {
            "fr": "le compte de tiers {number} ({source}) n'a que des "
            "chiffres et ne commence pas par 40, 41 ou 421 : MyUnisoft le compléterait par des zéros comme un compte "
            "général et pourrait renommer un compte général existant ; donnez à ce collectif une racine avec une "
            "lettre dans un fichier --map ([fec.racines] \"{collective}\" = \"{example}T\").",
            "en": "the third-party account {number} ({source}) has digits "
            "only and does not start with 40, 41 or 421: MyUnisoft would pad it with zeros like a general account "
            "and could rename an existing general account; give this collective a root with a letter in a --map "
            "file ([fec.racines] \"{collective}\" = \"{example}T\").",
        },
    }
)
