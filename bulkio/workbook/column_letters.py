"""Excel column letters and numbers without importing openpyxl (its `openpyxl.utils` loads the whole package, 0.1 s):
the reader and the validator only name columns, they write nothing."""

from __future__ import annotations

from functools import cache

EXCEL_MAX_COLUMN = 16_384  # XFD


@cache
def column_letter(number: int) -> str:
    """1 -> "A", 27 -> "AA", 16384 -> "XFD" (openpyxl's get_column_letter, same range)."""
    if not 1 <= number <= EXCEL_MAX_COLUMN:
        raise ValueError(f"Invalid column index {number}")
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """"A" -> 1, "AA" -> 27, "XFD" -> 16384 (openpyxl's column_index_from_string, same range)."""
    number = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"{letters} is not a valid column name")
        number = number * 26 + ord(char) - ord("A") + 1
    if not 1 <= number <= EXCEL_MAX_COLUMN:
        raise ValueError(f"{letters} is not a valid column name")
    return number
