"""`bulkio convert`: whatever the reader takes (bulkio's template, another program's export, a CSV, a FEC) -> the
bulkio template filled with what it recognised, for the accountant to review and complete before importing.

    convert_source(source, output, ...) -> Conversion
      the output path      checked before anything is read or written (outputs.check_output): never the source
                           itself, an existing folder, not a folder, .xlsx; an existing file only with overwrite
      read and validate    read_workbook + validate_workbook, exactly as `import` reads (--only, --sheet, --map)
      carry the rows       each recognised sheet's rows, in the source's order, into its kind's template sheet
                           (template.build_workbook: the same sheets, dropdowns, comments and Aide sheet as
                           `bulkio template`; two source sheets of one kind follow each other on one sheet).
                           Left out, and listed: the rows the source would not import (hidden, the template's
                           example, a repeated header, a second table) and those whose problem a template cannot
                           hold (a merged cell, a formula never calculated, a header written twice), so that the
                           converted workbook never imports what the source would not
      type the cells       so that each reads back as the source read: text stays text ("0123", "10.000", Oui),
                           a number typed in the source is a number, a percentage keeps a percentage format, an
                           account number typed with decimals stays that number, an ISO date is a date, an error
                           value (#REF!) is written back as its text (the row stays blocked, for the same reason),
                           the template's "← Exemple" mark stays beside a partly typed-over example row
      Transformations      a sheet of its own (Changes in English) listing every value the reader built or
                           changed, every note (sheets read by headers alone, skipped, columns hidden), every
                           column not carried, every row left out (with its values) and every problem of the
                           source; a paragraph on the Aide sheet says what it is
      read back            the workbook is saved beside the output under a temporary name, read back and compared,
                           cell by cell, with what was meant (texts, and which cells are numbers or percentages);
                           only then is it renamed to the output. A difference is a bug of bulkio's: nothing is
                           written, and the one sentence says which cell

Nothing here prints, asks, or imports textual: the command line (cli/convert.py) drives it.

steps.py runs the steps in order; carry.py (which rows travel), cells.py (how each cell is written), build.py (the
workbook), changes.py (the Transformations sheet), readback.py (the check before the rename); model.py holds what
a conversion is made of, texts.py its words.
"""

from __future__ import annotations

from bulkio.convert import texts  # noqa: F401  (the convert.* texts, registered before any is said)
from bulkio.convert.model import Conversion, Line
from bulkio.convert.steps import convert_source, default_output

__all__ = ["Conversion", "Line", "convert_source", "default_output"]
