"""What the reader finds in a data row (an uncalculated formula, #REF!) blocks that row at import."""

from __future__ import annotations

from pathlib import Path

from bulkio.outcome import Status
from bulkio.session import run_import
from tests.conftest import firm_target, write_xlsx


def test_a_formula_without_a_value_blocks_its_row_and_only_it(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # openpyxl stores the formula without its value: the cell would read as empty, i.e. "keep the city".
    book = write_xlsx(tmp_path / "comptes.xlsx", "Comptes", ["N° de compte", "Libellé", "Ville"], [
        ["401000", "Fournisseurs", "=UPPER(\"lyon\")"],
        ["401NEW", "Nouveau fournisseur", "Lyon"],
    ])
    writes = sandbox.stats()["writes"]
    validation, run = run_import(book, firm_target(sandbox, 1), tmp_path / "r.xlsx", journal_dir=tmp_path / "j")
    outcomes = {row: outcome for (_sheet, row), outcome in run.outcomes.items()}
    assert outcomes[2].status is Status.ERROR and outcomes[2].error_code == "FORMULA_NOT_CALCULATED"
    assert outcomes[3].status is Status.CREATED
    assert sandbox.stats()["writes"] - writes == 1
    assert [i.code for i in validation.issues].count("FORMULA_NOT_CALCULATED") == 1  # once, not twice
