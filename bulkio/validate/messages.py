"""The validation messages: what is wrong and what to do, in one sentence each."""

from bulkio.i18n import register

register(
    {
        "rule.REQUIRED": {
            "fr": "la colonne « {column} » est obligatoire : renseignez une valeur.",
            "en": "column '{column}' is required: fill in a value.",
        },
        "rule.COMPTE6": {
            "fr": "le numéro « {value} » doit commencer par un chiffre de 1 à 9 (COMPTE6) : corrigez le numéro.",
            "en": "number '{value}' must start with a digit from 1 to 9 (COMPTE6): fix the number.",
        },
        "rule.COMPTE7": {
            "fr": "le numéro « {value} » dépasse 20 caractères (COMPTE7) : raccourcissez-le.",
            "en": "number '{value}' is longer than 20 characters (COMPTE7): shorten it.",
        },
        "rule.COMPTE8": {
            "fr": "la contrepartie « {value} » d'un compte 40 doit commencer par 2, 6 ou 7 (COMPTE8).",
            "en": "counterpart '{value}' of a 40 account must start with 2, 6 or 7 (COMPTE8).",
        },
        "rule.COMPTE9": {
            "fr": "la contrepartie « {value} » d'un compte 41 doit commencer par 6 ou 7 (COMPTE9).",
            "en": "counterpart '{value}' of a 41 account must start with 6 or 7 (COMPTE9).",
        },
        "rule.DUPLICATE": {
            "fr": "« {value} » figure déjà ligne {first} : supprimez ou fusionnez l'une des deux lignes.",
            "en": "'{value}' already appears on row {first}: delete or merge one of the two rows.",
        },
        "rule.ACCOUNT_EMPTY": {
            "fr": "le numéro de compte est vide : renseignez-le.",
            "en": "the account number is empty: fill it in.",
        },
        "rule.BAD_BOOL": {
            "fr": "« {value} » n'est pas une réponse Oui/Non : écrivez Oui ou Non.",
            "en": "'{value}' is not a yes/no answer: write Yes or No.",
        },
        "rule.BAD_CHOICE": {
            "fr": "« {value} » n'est pas dans la liste : choisissez une valeur de la liste déroulante ({choices}…).",
            "en": "'{value}' is not in the list: pick a value from the dropdown ({choices}…).",
        },
        "rule.NOT_WHOLE": {
            "fr": "« {value} » doit être un nombre entier : retirez les décimales.",
            "en": "'{value}' must be a whole number: remove the decimals.",
        },
        "rule.BAD_NUMBER": {
            "fr": "« {value} » n'est pas un nombre.",
            "en": "'{value}' is not a number.",
        },
        "rule.BAD_DATE": {
            "fr": "« {value} » n'est pas une date : écrivez JJ/MM/AAAA ou AAAA-MM-JJ.",
            "en": "'{value}' is not a date: write DD/MM/YYYY or YYYY-MM-DD.",
        },
        "rule.BAD_EMAIL": {
            "fr": "« {value} » n'est pas une adresse e-mail valide.",
            "en": "'{value}' is not a valid e-mail address.",
        },
        "rule.SIREN_LENGTH": {
            "fr": "le SIREN « {value} » doit compter 9 chiffres.",
            "en": "SIREN '{value}' must have 9 digits.",
        },
        "rule.SIREN_CHECKSUM": {
            "fr": "le SIREN « {value} » a une clé invalide : vérifiez les chiffres.",
            "en": "SIREN '{value}' fails its checksum: check the digits.",
        },
        "rule.IBAN_FORMAT": {
            "fr": "« {value} » n'a pas la forme d'un IBAN (FR76…).",
            "en": "'{value}' does not look like an IBAN (FR76…).",
        },
        "rule.IBAN_CHECKSUM": {
            "fr": "l'IBAN « {value} » a une clé invalide : vérifiez-le.",
            "en": "IBAN '{value}' fails its checksum: check it.",
        },
        "rule.BAD_BIC": {
            "fr": "« {value} » n'est pas un BIC (8 ou 11 caractères).",
            "en": "'{value}' is not a BIC (8 or 11 characters).",
        },
        "rule.CLEAR_REQUIRED": {
            "fr": "« (vide) » est impossible dans la colonne obligatoire « {column} ».",
            "en": "'(empty)' is not allowed in required column '{column}'.",
        },
        "rule.BAD_CONDITION": {
            "fr": "la condition « {value} » est mal formée : écrivez des racines de comptes séparées par « ; », "
            "avec « - » devant une racine à exclure (ex. 601;602;-601A).",
            "en": "condition '{value}' is malformed: write account roots separated by ';', with '-' before a "
            "root to exclude (e.g. 601;602;-601A).",
        },
        "rule.TWO_DEFAULTS": {
            "fr": "l'axe « {axe} » a plusieurs sections par défaut ({sections}) : n'en gardez qu'une à Oui.",
            "en": "axis '{axe}' has several default sections ({sections}): keep only one set to Yes.",
        },
        "rule.DEFAULT_CONFLICT": {
            "fr": "la feuille Axes désigne « {section} » comme section par défaut de l'axe « {axe} » : mettez "
            "« Par défaut » à Oui sur cette section seulement, ou corrigez la feuille Axes.",
            "en": "the Axes sheet names '{section}' as the default section of axis '{axe}': set 'Default' to Yes "
            "on that section only, or fix the Axes sheet.",
        },
        "rule.RATE_SUM": {
            "fr": "les taux de la clé « {rkey} » (axe {axe}, lignes {rows}) totalisent {total} au lieu de 100 : "
            "corrigez-les pour que leur somme fasse 100.",
            "en": "the rates of key '{rkey}' (axis {axe}, rows {rows}) add up to {total} instead of 100: fix them "
            "so that they add up to 100.",
        },
        "rule.RATE_RANGE": {
            "fr": "le taux « {value} » doit être compris entre 1 et 100 : retirez la ligne d'une section à 0 %.",
            "en": "rate '{value}' must be between 1 and 100: remove the row of a section at 0%.",
        },
        "rule.CONDITION_MISMATCH": {
            "fr": "la condition de la clé « {rkey} » diffère de celle de la ligne {first} : une clé n'a qu'une "
            "condition, laissez la cellule vide ou recopiez-la à l'identique.",
            "en": "the condition of key '{rkey}' differs from row {first}: a key has one condition, leave the "
            "cell empty or repeat it exactly.",
        },
        "rule.CLOSED_SECTION_RATE": {
            "fr": "la section « {section} » est clôturée dans la feuille Sections et ne peut pas recevoir de taux "
            "(SECTION004) : rouvrez-la ou retirez-la de la clé.",
            "en": "section '{section}' is closed in the Sections sheet and cannot carry a rate (SECTION004): "
            "reopen it or remove it from the key.",
        },
    }
)
