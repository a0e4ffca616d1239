"""The preview (`bulkio preview`): a Textual view over an ImportSession.

    model.py         what a sheet shows (rows in view, problems, plan, outcomes): plain Python, no textual
    grid.py          the table widget that draws only the rows on screen
    sheet_pane.py    one sheet: its counts line above its grid, its tab's label
    screens.py       problems list, confirmation, summary, help, mapping
    app.py           the app: its layout, keys, status line; the rest is mixed in, one concern per module:
      loading.py       the first rows at once, then read and validate, then plan, in worker threads
      navigation.py    the active sheet, the detail pane, filters, next problem, problems list, help
      push_actions.py  confirm, push with live progress, stop, the summary
      mapping.py       columns and sheets mapped, read again, saved as a --map file (no textual)
    texts.py         the words, French and English

Only this package imports textual; `tests/tui/test_core_without_textual.py` proves the rest never does.
"""
