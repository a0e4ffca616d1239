"""The command line: thin commands over the pipeline. Every BulkioError becomes one sentence and an exit code.

    app.py        the Typer app, the options the commands share, the messages, main()
    workbooks.py  template, validate, export, diff
    convert.py    convert
    runs.py       import, preview
    service.py    login, check, sandbox, version
    usage.py      Click's usage errors as one sentence

The help lists the commands in the order they register, so the modules are imported in that order. They import
only Typer, Rich and bulkio's catalogue at their top: each command imports what it needs in its body, so that
`--help`, a usage error and `--version` answer without pandas & co. (see app.py).
"""

from bulkio.cli import workbooks  # noqa: I001, F401  (the commands register on `app`)
from bulkio.cli import convert, runs, service  # noqa: F401
from bulkio.cli.app import _kinds, app, main

__all__ = ["_kinds", "app", "main"]
