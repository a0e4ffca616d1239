"""The preview (`bulkio preview`): a Textual view over an ImportSession.

    model.py    what a sheet shows (rows in view, problems, plan, outcomes): plain Python, no textual
    grid.py     the table widget that draws only the rows on screen
    screens.py  problems list, confirmation, summary, help
    app.py      the app: read and validate, plan in the background, confirm, push with live progress
    texts.py    the words, French and English

Only this package imports textual; `tests/tui/test_core_without_textual.py` proves the rest never does.
"""
