"""The command line: thin commands over the pipeline. Every BulkioError becomes one sentence and an exit code.

    app.py        the Typer app, the options the commands share, the messages, main()
    workbooks.py  template, validate, export, diff
    runs.py       import, preview
    service.py    check, sandbox, version

The help lists the commands in the order they register, so the modules are imported in that order.
"""

from bulkio.cli import workbooks  # noqa: I001, F401  (the commands register on `app`)
from bulkio.cli import convert, runs, service  # noqa: F401
from bulkio.cli.app import _kinds, app, main

__all__ = ["_kinds", "app", "main"]
