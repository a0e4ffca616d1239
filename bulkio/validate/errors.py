"""The one exception of cell parsing: what is wrong with a cell (a message key) and the message's params."""

from __future__ import annotations


class CellError(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
