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
        "rule.COMPTE1": {
            "fr": "le numéro « {value} » ne peut contenir que des chiffres et des lettres sans accent (COMPTE1) : "
            "retirez les points, tirets, barres, espaces, accents et symboles, ou mettez chaque compte sur sa ligne.",
            "en": "number '{value}' may hold only digits and unaccented letters (COMPTE1): remove dots, dashes, "
            "slashes, spaces, accents and symbols, or put each account on its own row.",
        },
        "rule.TOO_LARGE": {
            "fr": "« {value} » dépasse le plus grand nombre que MyUnisoft enregistre ({limit}) : vérifiez la cellule.",
            "en": "'{value}' is larger than the largest number MyUnisoft stores ({limit}): check the cell.",
        },
        "rule.COMPTE4": {
            "fr": "le libellé est vide (COMPTE4) : écrivez l'intitulé du compte.",
            "en": "the label is empty (COMPTE4): write the account's name.",
        },
        "rule.COMPTE8": {
            "fr": "la contrepartie « {value} » d'un compte 40 doit commencer par 2, 6 ou 7 (COMPTE8).",
            "en": "counterpart '{value}' of a 40 account must start with 2, 6 or 7 (COMPTE8).",
        },
        "rule.COMPTE9": {
            "fr": "la contrepartie « {value} » d'un compte 41 doit commencer par 6 ou 7 (COMPTE9).",
            "en": "counterpart '{value}' of a 41 account must start with 6 or 7 (COMPTE9).",
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
            "fr": "« {value} » n'est pas un nombre : {why} ; écrivez par exemple 10000, 10 000 ou 1 234,56.",
            "en": "'{value}' is not a number: {why}; write for example 10000, 10 000 or 1234.56.",
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

# Capital and associates (spec/associates.py).
register(
    {
        "rule.PERSON_REQUIRED": {
            "fr": "la personne n'est pas désignée : renseignez « ID personne », ou « Nom » et « Prénom ».",
            "en": "the person is not given: fill in 'Person ID', or 'Last name' and 'First name'.",
        },
        "rule.NAME_INCOMPLETE": {
            "fr": "sans « ID personne », la personne se désigne par son nom et son prénom : renseignez « {column} ».",
            "en": "without a 'Person ID', the person is given by last and first name: fill in '{column}'.",
        },
        "rule.ASSOCIE6": {
            "fr": "la date de sortie {value} précède la date d'entrée {start} (ASSOCIE6) : corrigez l'une des deux.",
            "en": "exit date {value} is before entry date {start} (ASSOCIE6): fix one of them.",
        },
        "rule.ASSOCIE8": {
            "fr": "la date d'effet {value} doit être comprise entre la date d'entrée {start} et la date de sortie "
            "{end} (ASSOCIE8) : corrigez-la ou laissez-la vide (la date d'entrée est alors envoyée).",
            "en": "effective date {value} must lie between entry date {start} and exit date {end} (ASSOCIE8): fix "
            "it or leave it empty (the entry date is then sent).",
        },
        "rule.SHARE_NEGATIVE": {
            "fr": "« {value} » est négatif : un nombre de parts est un entier positif ou nul.",
            "en": "'{value}' is negative: a number of shares is a whole number, zero or more.",
        },
        "rule.NO_SHARE": {
            "fr": "l'associé ne détient aucune part (ASSOCIE1) : renseignez ses parts PP, NP ou US, ou choisissez "
            "la fonction « Associé sans part ».",
            "en": "the associate holds no share (ASSOCIE1): fill in its PP, NP or US shares, or choose the function "
            "'Partner without shares'.",
        },
        "rule.SHARES_WITHOUT_SHARE_FUNCTION": {
            "fr": "un « Associé sans part » ne détient aucune part : mettez « {column} » à 0 ou changez de fonction.",
            "en": "a 'Partner without shares' holds no share: set '{column}' to 0 or change the function.",
        },
        "rule.ASSOCIE7": {
            "fr": "le compte « {value} » ne peut pas être un compte d'associé (ASSOCIE7) : choisissez un compte "
            "commençant par 45 (sauf 457 et 458) ou par 46 (sauf 46 seul), par exemple 455100.",
            "en": "account '{value}' cannot be an associate account (ASSOCIE7): choose an account starting with 45 "
            "(except 457 and 458) or 46 (except bare 46), for example 455100.",
        },
        "rule.CLEAR_NOT_ALLOWED": {
            "fr": "« (vide) » est impossible dans « {column} » : MyUnisoft exige cette valeur ; laissez la cellule "
            "vide pour garder la valeur actuelle, ou choisissez-en une.",
            "en": "'(empty)' is not allowed in '{column}': MyUnisoft requires this value; leave the cell empty to "
            "keep the current value, or choose one.",
        },
        "rule.SIRET_CHECKSUM": {
            "fr": "le SIRET « {value} » a une clé invalide : vérifiez les 14 chiffres, ou désignez la société par "
            "son nom.",
            "en": "SIRET '{value}' fails its checksum: check the 14 digits, or give the company by its name.",
        },
        "rule.CAPITAL_SHARES": {
            "fr": "le capital compte au moins une part (SOCIETE3) : écrivez un nombre de parts supérieur à 0.",
            "en": "the capital has at least one share (SOCIETE3): write a number of shares above 0.",
        },
        "rule.CAPITAL_AMOUNT": {
            "fr": "le capital « {value} » doit être un montant positif ou nul, à deux décimales au plus.",
            "en": "capital '{value}' must be an amount of zero or more, with at most two decimals.",
        },
        "rule.SHARES_OVER_CAPITAL": {
            "fr": "les associés sans date de sortie détiennent ensemble {total} parts (PP + NP), plus que les "
            "{capital} parts du capital (feuille Capital, ligne {capital_row}) : réduisez leurs parts ou "
            "augmentez le nombre de parts du capital.",
            "en": "the associates without an exit date hold {total} shares together (PP + NP), more than the "
            "{capital} shares of the capital (Capital sheet, row {capital_row}): reduce their shares or raise "
            "the capital's number of shares.",
        },
    }
)

# Numbers as a French user means them (validate/numbers.py); `why` completes rule.BAD_NUMBER.
register(
    {
        "number.why.symbols": {
            "fr": "il contient {chars}",
            "en": "it holds {chars}",
        },
        "number.why.no_digit": {
            "fr": "il n'a aucun chiffre",
            "en": "it has no digit",
        },
        "number.why.parentheses": {
            "fr": "entre parenthèses, c'est un nombre négatif, impossible ici",
            "en": "in brackets it is a negative number, not allowed here",
        },
        "number.why.two_decimal": {
            "fr": "il a deux {separator}s décimales",
            "en": "it has two decimal {separator}s",
        },
        "number.why.groups": {
            "fr": "le {separator} y sépare les milliers, mais pas par groupes de trois chiffres",
            "en": "the {separator} there separates thousands, but not in groups of three digits",
        },
        "number.why.repeated": {
            "fr": "il a {count} {separator}s, qui ne séparent pas des milliers (groupes de trois chiffres)",
            "en": "it has {count} {separator}s, which do not separate thousands (groups of three digits)",
        },
        "number.why.spaces": {
            "fr": "ses espaces ne séparent pas des milliers (1 à 3 chiffres, puis des groupes de trois : 1 234 567), "
            "et une cellule ne contient qu'un nombre",
            "en": "its spaces do not separate thousands (1 to 3 digits, then groups of three: 1 234 567), and a cell "
            "holds one number only",
        },
        "number.comma": {"fr": "virgule", "en": "comma"},
        "number.quoted": {"fr": "« {text} »", "en": "'{text}'"},
        "number.dot": {"fr": "point", "en": "dot"},
        "rule.AMBIGUOUS_NUMBER": {
            "fr": "« {value} » {reading}.",
            "en": "'{value}' {reading}.",
        },
        "number.ambiguous.two": {
            "fr": "peut se lire {big} ou {small} : tapez {plain} (ou {big}) pour {big}, ou {small_typed} pour {small}",
            "en": "can be read as {plain} or {small_en}: type {plain} (or {big}) for {plain}, or {small_en_typed} "
            "for {small_en}",
        },
        "number.ambiguous.whole": {
            "fr": "n'est pas lu, car « {separator} » peut aussi séparer des décimales : la colonne attend un nombre "
            "entier ; tapez {plain} (ou {big}) pour {big}",
            "en": "is not read, since '{separator}' may also mark decimals: the column takes a whole number; type "
            "{plain} (or {big}) for {plain}",
        },
        # "contient", not "affiche": a 0 % format shows 33.5 % as 34 %.
        "rule.PERCENT_NOT_EXPECTED": {
            "fr": "la cellule contient {shown}, un pourcentage, mais « {column} » n'en est pas un : tapez le nombre "
            "voulu sans %, dans une cellule au format Standard ou Nombre.",
            "en": "the cell holds {shown}, a percentage, but '{column}' is not one: type the number you mean "
            "without %, in a cell formatted General or Number.",
        },
        "rule.PERCENT_NOT_WHOLE": {
            "fr": "la cellule contient {shown} : « {column} » est un pourcentage entier, de 1 à 100 ; tapez un "
            "nombre entier.",
            "en": "the cell holds {shown}: '{column}' is a whole percentage, from 1 to 100; type a whole number.",
        },
        "rule.RATE_FRACTION": {
            "fr": "« {value} » n'est pas un pourcentage entier : si la cellule affiche {percent} %, tapez "
            "{percent} dans une cellule au format Standard ou Nombre (pas Pourcentage).",
            "en": "'{value}' is not a whole percentage: if the cell shows {percent}%, type {percent} in a cell "
            "formatted General or Number (not Percentage).",
        },
        "rule.ACCOUNT_SCIENTIFIC": {
            "fr": "« {value} » est un numéro en notation scientifique : Excel a pu en perdre les vrais chiffres ; "
            "mettez la colonne au format Texte et retapez le numéro.",
            "en": "'{value}' is a number in scientific notation: Excel may have lost its real digits; format the "
            "column as Text and type the number again.",
        },
        "rule.ACCOUNT_DECIMAL": {
            "fr": "« {value} » a été saisi comme un nombre à décimales, or un numéro de compte est du texte : "
            "mettez la colonne au format Texte et retapez le numéro.",
            "en": "'{value}' was typed as a number with decimals, but an account number is text: format the "
            "column as Text and type the number again.",
        },
    }
)
