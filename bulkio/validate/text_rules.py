"""The spec's rules on a column's raw text (required, pattern, max length), run by one of two executors.

    pandera    the schema (`schema_for`) validated lazily over a DataFrame of the table; pandas and pandera
               are imported inside the call
    direct     the same `Rule`s in a plain loop over the table's columns

Both give the same failures in the same order (column by column in the sheet's order; in a column, its
missing required cells, then each rule in turn; rows ascending): tests/unit/test_text_rules_parity.py.

A sheet of at least PANDERA_MIN_ROWS rows goes through pandera, a smaller one through the loop, so that
`bulkio validate` of a small file does not import pandas and pandera (0.7 to 1.1 s of the 2 s it took, issue 16).
Measured on this project's 2-core machine (bench/tui_open.py's Comptes sheets, 14 columns; each executor the
median of 3 on the same table):

    rows       read + validate   direct loop   pandera (the call; imports done before)
    1,000      0.08 s            1.1 ms        14 ms
    10,000     0.63 s            9 ms          41 ms
    30,000     1.86 s            26 ms         103 ms
    50,000     3.12 s            51 ms         169 ms
    100,000    6.15 s            88 ms         371 ms
    importing pandas and pandera: 0.67 s beside bulkio's modules (0.9 to 1.1 s in a fresh process)

The loop is faster at every size, so what pandera costs (its import and its slower run) only shrinks relative to
the rest as a sheet grows: 110 % of reading and validating 10,000 rows, 40 % at 30,000, 25 % at 50,000 (the
threshold), 15 % at 100,000. Below 50,000 rows the loop is used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from bulkio.spec.model import Column, EntitySpec, Rule
from bulkio.validate.values import is_clear_marker
from bulkio.workbook.table import SheetTable

if TYPE_CHECKING:
    import pandera.pandas as pa

PANDERA_MIN_ROWS = 50_000
REQUIRED = "REQUIRED"

# (Excel row, column key, the cell's text, code)
TextFailure = tuple[int, str, str | None, str]


def text_rule_failures(spec: EntitySpec, table: SheetTable) -> list[TextFailure]:
    """The failures of the spec's text rules in `table`, by pandera for a large sheet, else by the loop."""
    if len(table) >= PANDERA_MIN_ROWS:
        return pandera_failures(spec, table)
    return direct_failures(spec, table)


def _checked_keys(spec: EntitySpec, table: SheetTable) -> list[str]:
    known = {column.key for column in spec.columns}
    return [key for key in table.keys if key in known]


def _rule_test(rule: Rule) -> Callable[[str], bool]:
    """Whether a non-empty cell passes the rule; a '(vide)' marker passes every rule."""
    if rule.pattern is not None:
        pattern = re.compile(rule.pattern)
        return lambda text: is_clear_marker(text) or bool(pattern.match(text))
    limit = rule.max_length or 0
    return lambda text: is_clear_marker(text) or len(text) <= limit


def direct_failures(spec: EntitySpec, table: SheetTable) -> list[TextFailure]:
    if table.empty:
        return []
    rows = table.rows
    found: list[TextFailure] = []
    for key in _checked_keys(spec, table):
        column = spec.column(key)
        texts = table.column(key)
        if column.required and None in texts:
            found.extend((row, key, None, REQUIRED) for row, text in zip(rows, texts, strict=True) if text is None)
        for rule in column.rules:
            passes = _rule_test(rule)
            found.extend((row, key, text, rule.code) for row, text in zip(rows, texts, strict=True)
                         if text is not None and not passes(text))
    return found


def _rule_check(rule: Rule) -> pa.Check:
    import pandera.pandas as pa

    passes = _rule_test(rule)
    return pa.Check(lambda series: series.map(passes), name=rule.code)


def schema_for(spec: EntitySpec, present: Iterable[str]) -> pa.DataFrameSchema:
    """The pandera schema of a sheet: required cells and the spec's text rules, on the raw text."""
    import pandera.pandas as pa

    columns: dict[str, pa.Column] = {}
    for key in present:
        column: Column = spec.column(key)
        columns[key] = pa.Column(
            object, checks=[_rule_check(rule) for rule in column.rules], nullable=not column.required,
            required=False,
        )
    return pa.DataFrameSchema(columns, strict=False)


def pandera_failures(spec: EntitySpec, table: SheetTable) -> list[TextFailure]:
    if table.empty:
        return []
    import pandas as pd
    import pandera.pandas as pa

    frame = pd.DataFrame(dict(table.columns()), index=pd.Index(table.rows, dtype="int64"), columns=table.keys,
                         dtype=object)
    schema = schema_for(spec, _checked_keys(spec, table))
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        found: list[TextFailure] = []
        for case in errors.failure_cases.itertuples(index=False):
            if case.index is None or pd.isna(case.index):
                continue
            check = str(case.check)
            code = REQUIRED if check == "not_nullable" else check
            found.append((int(case.index), str(case.column), case.failure_case, code))
        return found
    return []
