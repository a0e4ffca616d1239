"""The text cells of one sheet: a list per column key, the rows named by the Excel row numbers the user sees.

Plain lists rather than a DataFrame: the reader, the validator and the writers only walk columns and look up a
few cells, and importing pandas costs more than validating a small sheet (issue 16).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence


class SheetTable:
    """Excel row numbers (ascending, as read) and, per column key, one `str | None` per row.

    The lists handed out by `rows` and `column` are the table's own: read them, do not change them (`set_cell`
    changes a cell)."""

    __slots__ = ("_columns", "_position_of", "_rows")

    def __init__(self, rows: Sequence[int], columns: Mapping[str, list[str | None]]) -> None:
        self._rows = list(rows)
        self._columns = dict(columns)
        for key, texts in self._columns.items():
            if len(texts) != len(self._rows):
                raise ValueError(f"column {key!r}: {len(texts)} cells for {len(self._rows)} rows")
        self._position_of: dict[int, int] | None = None

    @property
    def rows(self) -> list[int]:
        return self._rows

    @property
    def keys(self) -> list[str]:
        return list(self._columns)

    @property
    def empty(self) -> bool:
        return not self._rows or not self._columns

    def __len__(self) -> int:
        return len(self._rows)

    def has_column(self, key: str) -> bool:
        return key in self._columns

    def has_row(self, excel_row: int) -> bool:
        return excel_row in self._positions()

    def column(self, key: str) -> list[str | None]:
        return self._columns[key]

    def columns(self) -> Iterator[tuple[str, list[str | None]]]:
        """(key, texts) of each column, in the sheet's order."""
        return iter(self._columns.items())

    def cell(self, excel_row: int, key: str) -> str | None:
        return self._columns[key][self._positions()[excel_row]]

    def set_cell(self, excel_row: int, key: str, text: str | None) -> None:
        self._columns[key][self._positions()[excel_row]] = text

    def row(self, excel_row: int) -> dict[str, str | None]:
        """Column key -> text of one row, in the sheet's column order."""
        position = self._positions()[excel_row]
        return {key: texts[position] for key, texts in self._columns.items()}

    def without_rows(self, excel_rows: Collection[int]) -> SheetTable:
        """A new table without those rows (every one must be in this table)."""
        positions = self._positions()
        dropped = {positions[row] for row in excel_rows}
        kept = [position for position in range(len(self._rows)) if position not in dropped]
        return SheetTable([self._rows[position] for position in kept],
                          {key: [texts[position] for position in kept] for key, texts in self._columns.items()})

    def _positions(self) -> dict[int, int]:
        if self._position_of is None:  # built on the first lookup by row: most uses only walk the columns
            self._position_of = {row: position for position, row in enumerate(self._rows)}
        return self._position_of

    def __repr__(self) -> str:
        return f"SheetTable({len(self._rows)} rows, columns {self.keys})"
