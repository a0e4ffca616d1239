"""How the texts of a header row become columns: the user's mapping file first, then the layout of the program
the sheet comes from, then the spec's own names and synonyms.

    user_vocabulary(source, spec)   what --map says of this kind's columns, and the columns it ignores
    row_vocabulary(...)             that, plus the export a header row is (layouts.py) when its signature is there

The user's word wins: a header the mapping file names is the column it says, even where a layout ignores it; a
header it ignores is never a layout's column. Headers are compared as spec.model.header_key reads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bulkio.spec import EntitySpec
from bulkio.spec.model import header_key
from bulkio.workbook.layouts import Layout, layout_for
from bulkio.workbook.source_options import SourceOptions


@dataclass(frozen=True)
class Vocabulary:
    columns: Mapping[str, str] = field(default_factory=dict)  # header key -> column key
    ignored: frozenset[str] = frozenset()  # header keys of columns known not to be bulkio's
    layout: Layout | None = None  # the program's export these words come from
    origin: str = ""  # the mapping file, when the user's words are in

    def ignores(self, text: str) -> bool:
        return header_key(text) in self.ignored

    def column_for(self, spec: EntitySpec, text: str) -> str | None:
        """The column key a header names (None: no column of the spec), ignored headers aside."""
        key = header_key(text)
        if key in self.columns:
            return self.columns[key]
        column = spec.match_header(text)
        return column.key if column is not None else None


EMPTY = Vocabulary()


def user_vocabulary(source: SourceOptions | None, spec: EntitySpec) -> Vocabulary:
    """The words a SourceOptions (the mapping file, or an export's layout: Layout.options) has for `spec`."""
    if source is None or not (source.columns.get(spec.kind) or source.ignored_columns):
        return EMPTY
    columns = dict(source.columns.get(spec.kind, {}))
    return Vocabulary(columns, source.ignored_columns - columns.keys(), None, source.origin or "--map")


def with_layout(user: Vocabulary, layout: Layout, spec: EntitySpec) -> Vocabulary:
    """The layout's words under the user's: a header the user ignores is not the layout's column; one the user
    maps is not ignored."""
    own = user_vocabulary(layout.options, spec)
    columns = {key: column for key, column in own.columns.items() if key not in user.ignored}
    columns.update(user.columns)
    ignored = (own.ignored | user.ignored) - columns.keys()
    return Vocabulary(columns, ignored, layout, user.origin)


def row_vocabulary(spec: EntitySpec, texts: Iterable[str], user: Vocabulary, named: bool) -> Vocabulary:
    """The user's words, and the export's when the row holds its whole signature (`named`: the kind is already
    said, by --sheet, [feuilles] or the sheet's name)."""
    layout = layout_for(spec.kind, frozenset(header_key(text) for text in texts), named)
    return user if layout is None else with_layout(user, layout, spec)
