"""The sentences of the firm login (bulkio/login.py), in French and English."""

from __future__ import annotations

LOGIN_MESSAGES: dict[str, dict[str, str]] = {
    "login.refused": {
        "fr": "connexion refusée ({code}) : vérifiez l'e-mail et le mot de passe du compte cabinet.",
        "en": "login refused ({code}): check the firm account's e-mail and password.",
    },
    "login.unknown_firm": {
        "fr": "le schéma « {firm} » n'est pas accessible à ce compte ({code}) : donnez l'id ou le nom d'un "
        "schéma du compte (sans --firm, bulkio les liste).",
        "en": "schema '{firm}' is not available to this account ({code}): give the id or name of one of the "
        "account's schemas (without --firm, bulkio lists them).",
    },
    "login.unavailable": {
        "fr": "le service de connexion {url} ne répond pas ({error}) : réessayez plus tard.",
        "en": "the login service {url} does not answer ({error}): try again later.",
    },
    "login.rate_limited": {
        "fr": "le service de connexion {url} a refusé toutes les demandes pendant {seconds} s (429, limite de "
        "débit) : réessayez dans quelques minutes.",
        "en": "the login service {url} refused every request for {seconds} s (429, rate limit): try again in a "
        "few minutes.",
    },
    "login.failed": {
        "fr": "le service de connexion {url} a refusé la demande (HTTP {status}, {code}{message}) : ce n'est pas "
        "un refus de l'e-mail ou du mot de passe ; réessayez, et si cela persiste, transmettez ce message au "
        "support MyUnisoft.",
        "en": "the login service {url} refused the request (HTTP {status}, {code}{message}): this is not a "
        "refusal of the e-mail or password; try again, and if it persists, pass this message on to MyUnisoft "
        "support.",
    },
    "login.renew_failed": {
        "fr": "le jeton de connexion a expiré ({until}) et n'a pas pu être renouvelé ({error}) : lancez « bulkio "
        "login » puis la même commande (elle reprend là où elle s'est arrêtée, sans rien envoyer deux fois).",
        "en": "the login token expired ({until}) and could not be renewed ({error}): run 'bulkio login' then the "
        "same command (it resumes where it stopped, without sending anything twice).",
    },
    "login.long_run_prompt": {
        "fr": "Cet envoi devrait durer environ {minutes} min, plus longtemps que le jeton de connexion (valable "
        "jusqu'à {until}). Mot de passe pour le renouveler pendant l'exécution (gardé en mémoire seulement ; "
        "Entrée pour continuer sans) : ",
        "en": "This push should take about {minutes} min, longer than the login token lives (until {until}). "
        "Password to renew it during the run (kept in memory only; Enter to go on without): ",
    },
    "login.long_run_warning": {
        "fr": "attention : cet envoi devrait durer environ {minutes} min, plus longtemps que le jeton de "
        "connexion (valable jusqu'à {until}), et aucun mot de passe n'est disponible pour le renouveler : il "
        "s'arrêtera à l'expiration (les lignes restantes « Non envoyé »). Définissez MYUNISOFT_PASSWORD pour une "
        "exécution sans surveillance, ou lancez « bulkio login » puis la même commande ensuite.",
        "en": "warning: this push should take about {minutes} min, longer than the login token lives (until "
        "{until}), and no password is available to renew it: it will stop at the expiry (the remaining rows "
        "'Not sent'). Set MYUNISOFT_PASSWORD for an unattended run, or run 'bulkio login' then the same "
        "command afterwards.",
    },
    "login.bad_answer": {
        "fr": "réponse inattendue du service de connexion {url} (ni jeton ni choix de schéma).",
        "en": "unexpected answer from the login service {url} (neither a token nor a schema choice).",
    },
    "login.expired": {
        "fr": "le jeton de connexion a expiré ({until}) et aucun mot de passe n'est disponible pour le "
        "renouveler : lancez « bulkio login » puis la même commande (elle reprend là où elle s'est arrêtée), "
        "ou définissez MYUNISOFT_PASSWORD pour une exécution sans surveillance.",
        "en": "the login token expired ({until}) and no password is available to renew it: run "
        "'bulkio login' then the same command (it resumes where it stopped), or set MYUNISOFT_PASSWORD for "
        "an unattended run.",
    },
    "login.renew_prompt": {
        "fr": "Le jeton de connexion expire à {until}. Mot de passe pour le renouveler pendant l'exécution "
        "(gardé en mémoire seulement ; Entrée pour continuer sans) : ",
        "en": "The login token expires at {until}. Password to renew it during the run (kept in memory only; "
        "Enter to go on without): ",
    },
    "login.renewed": {
        "fr": "jeton de connexion renouvelé, valable jusqu'à {until}",
        "en": "login token renewed, valid until {until}",
    },
    "login.save_failed": {
        "fr": "le jeton renouvelé n'a pas pu être enregistré ({error})",
        "en": "the renewed token could not be saved ({error})",
    },
}
