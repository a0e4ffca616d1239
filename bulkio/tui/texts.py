"""The preview's words, French and English, in the one catalogue (no textual here)."""

from __future__ import annotations

from bulkio.i18n import register, t

register(
    {
        # Row states, as the state column shows them (the symbol keeps them apart without colour).
        "tui.state.checking": {"fr": "… Contrôle", "en": "… Checking"},
        "tui.state.valid": {"fr": "  Valide", "en": "  Valid"},
        "tui.state.invalid": {"fr": "✗ Erreur", "en": "✗ Error"},
        "tui.state.create": {"fr": "+ Création", "en": "+ Create"},
        "tui.state.update": {"fr": "~ Mise à jour", "en": "~ Update"},
        "tui.state.unchanged": {"fr": "= Inchangé", "en": "= Unchanged"},
        "tui.state.skip": {"fr": "- Ignoré", "en": "- Skipped"},
        "tui.state.blocked": {"fr": "✗ Bloqué", "en": "✗ Blocked"},
        "tui.state.created": {"fr": "✓ Créé", "en": "✓ Created"},
        "tui.state.updated": {"fr": "✓ Mis à jour", "en": "✓ Updated"},
        "tui.state.failed": {"fr": "✗ Échec", "en": "✗ Failed"},
        "tui.state.not_sent": {"fr": "… Non envoyé", "en": "… Not sent"},
        "tui.title.offline": {"fr": "sans cible (validation seule)", "en": "no target (validation only)"},
        "tui.title.sandbox": {"fr": "bac à sable", "en": "sandbox"},
        "tui.title.real": {"fr": "MyUnisoft (réel)", "en": "MyUnisoft (live)"},
        "tui.col.row": {"fr": "Ligne", "en": "Row"},
        "tui.col.state": {"fr": "État", "en": "State"},
        # The detail pane.
        "tui.detail.cell": {"fr": "Ligne {row} · {column} : {value}", "en": "Row {row} · {column}: {value}"},
        "tui.detail.empty": {"fr": "(vide)", "en": "(empty)"},
        "tui.detail.other_issues": {
            "fr": "{count} autre(s) problème(s) sur cette ligne : {columns}",
            "en": "{count} other problem(s) on this row: {columns}",
        },
        "tui.detail.action": {"fr": "Plan : {action} {name}", "en": "Plan: {action} {name}"},
        "tui.detail.no_rows": {"fr": "Aucune ligne à afficher.", "en": "No row to show."},
        # Tabs and the line above each table.
        "tui.tab": {"fr": "{sheet} {rows}", "en": "{sheet} {rows}"},
        "tui.counts.rows": {"fr": "{rows} ligne(s)", "en": "{rows} row(s)"},
        # The first screen, shown while the whole sheet is still being read.
        "tui.counts.first_rows": {
            "fr": "{rows} premières lignes · lecture en cours, le reste suit",
            "en": "first {rows} rows · reading, the rest follows",
        },
        "tui.counts.invalid": {"fr": "{rows} en erreur", "en": "{rows} invalid"},
        "tui.counts.filter.problems": {
            "fr": "filtre : problèmes seuls ({shown}) — e pour tout voir",
            "en": "filter: problems only ({shown}) — e to see all",
        },
        "tui.counts.filter.changes": {
            "fr": "filtre : écritures seules ({shown}) — m pour tout voir",
            "en": "filter: writes only ({shown}) — m to see all",
        },
        # Key descriptions (the footer and the help screen).
        "tui.key.problems": {"fr": "Erreurs", "en": "Errors"},
        "tui.key.changes": {"fr": "Écritures", "en": "Writes"},
        "tui.key.next": {"fr": "Suivante", "en": "Next"},
        "tui.key.previous": {"fr": "Précédente", "en": "Previous"},
        "tui.key.issues": {"fr": "Problèmes", "en": "Problems"},
        "tui.key.push": {"fr": "Envoyer", "en": "Send"},
        "tui.key.stop": {"fr": "Arrêter", "en": "Stop"},
        "tui.key.replan": {"fr": "Recharger", "en": "Reload"},
        "tui.key.analytics": {"fr": "Activer l'analytique", "en": "Enable analytics"},
        "tui.society.analytics": {"fr": "activation de l'analytique", "en": "analytics turned on"},
        "tui.status.analytics_off": {
            "fr": "L'analytique du dossier n'est pas activée : a pour l'activer avant l'envoi (ANALYT005).",
            "en": "The dossier's analytics are off: a to turn them on before sending (ANALYT005).",
        },
        "tui.status.all_blocked": {
            "fr": "Plan prêt : rien ne peut être envoyé, {blocked} ligne(s) bloquée(s) (e pour les voir).",
            "en": "Plan ready: nothing can be sent, {blocked} blocked row(s) (e to see them).",
        },
        "tui.key.help": {"fr": "Aide", "en": "Help"},
        "tui.key.quit": {"fr": "Quitter", "en": "Quit"},
        "tui.key.sheet": {"fr": "Feuille", "en": "Sheet"},
        "tui.key.close": {"fr": "Fermer", "en": "Close"},
        "tui.key.jump": {"fr": "Aller à la cellule", "en": "Go to the cell"},
        "tui.key.move": {"fr": "Se déplacer (cellule, page, début, fin)", "en": "Move (cell, page, start, end)"},
        # The status line.
        "tui.status.reading": {"fr": "Lecture de {path}…", "en": "Reading {path}…"},
        "tui.status.checking": {"fr": "Contrôle de {rows} lignes…", "en": "Checking {rows} rows…"},
        "tui.status.first_rows": {
            "fr": "Lecture en cours de {path} : les premières lignes, en lecture seule…",
            "en": "Reading {path}: the first rows, read-only…",
        },
        "tui.status.no_target": {
            "fr": "Pas de cible : validation seule. Relancez avec --sandbox ou --base-url pour voir le plan.",
            "en": "No target: validation only. Run again with --sandbox or --base-url to see the plan.",
        },
        "tui.status.planning": {"fr": "Lecture des données de {target}…", "en": "Reading the data of {target}…"},
        "tui.status.plan_failed": {"fr": "Plan impossible : {error}", "en": "No plan: {error}"},
        "tui.status.planned": {
            "fr": "Plan prêt : {writes} ligne(s) à écrire, {blocked} bloquée(s). s pour envoyer.",
            "en": "Plan ready: {writes} row(s) to write, {blocked} blocked. s to send.",
        },
        "tui.status.nothing": {
            "fr": "Plan prêt : rien à envoyer, MyUnisoft est déjà à jour.",
            "en": "Plan ready: nothing to send, MyUnisoft is up to date.",
        },
        "tui.status.invalid_only": {
            "fr": "{issues} problème(s) : i pour la liste, e pour filtrer.",
            "en": "{issues} problem(s): i for the list, e to filter.",
        },
        "tui.status.valid": {"fr": "Aucune erreur dans le classeur.", "en": "No error in the workbook."},
        "tui.status.notes": {
            "fr": "{count} remarque(s) (feuilles non lues, lignes ignorées) : i pour les voir.",
            "en": "{count} note(s) (sheets not read, rows skipped): i to see them.",
        },
        "tui.status.no_plan_yet": {"fr": "Le plan n'est pas encore prêt.", "en": "The plan is not ready yet."},
        "tui.status.nothing_to_send": {"fr": "Rien à envoyer.", "en": "Nothing to send."},
        "tui.status.already_pushed": {
            "fr": "Envoi déjà fait : r recharge le plan depuis MyUnisoft.",
            "en": "Already sent: r reloads the plan from MyUnisoft.",
        },
        "tui.status.stopping": {
            "fr": "Arrêt demandé : bulkio termine la requête en cours…",
            "en": "Stop requested: bulkio finishes the request in flight…",
        },
        "tui.status.busy": {"fr": "Envoi en cours : x pour l'arrêter d'abord.", "en": "Sending: x to stop it first."},
        # The confirmation.
        "tui.confirm.title": {"fr": "Confirmer l'envoi", "en": "Confirm sending"},
        "tui.confirm.target": {"fr": "Cible : {target}", "en": "Target: {target}"},
        "tui.confirm.sandbox": {
            "fr": "Bac à sable local : aucune donnée réelle n'est modifiée.",
            "en": "Local sandbox: no real data is changed.",
        },
        "tui.confirm.real": {
            "fr": "MyUnisoft réel : les données du dossier seront modifiées.",
            "en": "Real MyUnisoft: the dossier's data will be changed.",
        },
        "tui.confirm.writes": {
            "fr": "{writes} ligne(s) à écrire, {requests} requête(s) au moins, environ {eta} au rythme de l'API.",
            "en": "{writes} row(s) to write, at least {requests} request(s), about {eta} at the API's pace.",
        },
        "tui.confirm.society": {
            "fr": "Avant l'envoi, le dossier sera modifié : {changes}.",
            "en": "Before sending, the dossier will be changed: {changes}.",
        },
        "tui.confirm.blocked": {
            "fr": "{blocked} ligne(s) bloquée(s) ne seront pas envoyées (voir le classeur résultat).",
            "en": "{blocked} blocked row(s) will not be sent (see the result workbook).",
        },
        "tui.confirm.send": {"fr": "Envoyer", "en": "Send"},
        "tui.confirm.cancel": {"fr": "Annuler", "en": "Cancel"},
        # Progress and summary.
        "tui.progress": {
            "fr": "{done}/{total} lignes · reste {left} · {rate} req/s (budget {ceiling}) · fin dans {eta} · "
            "{errors} erreur(s)",
            "en": "{done}/{total} rows · {left} left · {rate} req/s (budget {ceiling}) · done in {eta} · "
            "{errors} error(s)",
        },
        "tui.summary.done": {"fr": "Envoi terminé", "en": "Sending finished"},
        "tui.summary.interrupted": {"fr": "Envoi interrompu", "en": "Sending interrupted"},
        "tui.summary.result": {"fr": "Classeur résultat : {path}", "en": "Result workbook: {path}"},
        "tui.summary.resume": {
            "fr": "Relancez la même commande pour reprendre : rien ne sera envoyé deux fois.",
            "en": "Run the same command again to resume: nothing will be sent twice.",
        },
        "tui.summary.resumed": {
            "fr": "Reprise d'un envoi interrompu : les lignes déjà traitées n'ont pas été renvoyées.",
            "en": "Resumed an interrupted run: rows already processed were not sent again.",
        },
        "tui.summary.failed": {
            "fr": "L'envoi s'est arrêté sur une erreur : {error}",
            "en": "Sending stopped on an error: {error}",
        },
        "tui.summary.sheet": {"fr": "Feuille", "en": "Sheet"},
        # The problems list.
        "tui.issues.title": {"fr": "Problèmes ({count})", "en": "Problems ({count})"},
        "tui.issues.group": {"fr": "{code} — {count}", "en": "{code} — {count}"},
        "tui.issues.more": {"fr": "  … et {count} autre(s)", "en": "  … and {count} more"},
        "tui.issues.none": {"fr": "Aucun problème.", "en": "No problem."},
        "tui.issues.sheet_level": {"fr": "feuille", "en": "sheet"},
        "tui.help.title": {"fr": "Aide — les touches", "en": "Help — keys"},
        "tui.help.states": {
            "fr": "États : + création, ~ mise à jour (l'ancienne valeur → la nouvelle dans le détail), = inchangé, "
            "✗ erreur ou bloqué, ✓ envoyé. Les cellules en erreur sont en rouge, les champs modifiés en jaune.",
            "en": "States: + create, ~ update (old value → new in the detail), = unchanged, ✗ error or blocked, "
            "✓ sent. Cells in error are red, changed fields yellow.",
        },
        "tui.duration.s": {"fr": "{s} s", "en": "{s} s"},
        "tui.duration.min": {"fr": "{m} min {s:02d} s", "en": "{m} min {s:02d} s"},
        "tui.duration.h": {"fr": "{h} h {m:02d} min", "en": "{h} h {m:02d} min"},
        "tui.unknown": {"fr": "?", "en": "?"},
    }
)


def duration(seconds: float | None) -> str:
    """A human duration: '42 s', '3 min 05 s', '2 h 10 min'."""
    if seconds is None:
        return t("tui.unknown")
    whole = max(0, round(seconds))
    if whole < 60:
        return t("tui.duration.s", s=whole)
    if whole < 3600:
        return t("tui.duration.min", m=whole // 60, s=whole % 60)
    return t("tui.duration.h", h=whole // 3600, m=whole % 3600 // 60)
