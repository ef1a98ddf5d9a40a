"""Which table a workbook holds (budget, unit costs or pools), and reading it as that kind."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetapp.io.import_budget import BUDGET_SHEET_NAMES, BudgetImport, budget_columns, read_budget
from budgetapp.io.import_pools import POOL_SHEET_NAMES, PoolImport, pool_columns, read_pools
from budgetapp.io.import_report import ImportReport
from budgetapp.io.import_unit_costs import (
    UNIT_COST_SHEET_NAMES,
    UnitCostImport,
    read_unit_costs,
    unit_cost_columns,
)
from budgetapp.io.tables import header_score, normalise
from budgetapp.io.workbook_reader import Workbook, WorkbookError, open_workbook

IMPORT_KINDS = ("budget", "unitcosts", "pools")
KIND_LABELS = {"budget": "basisbudget", "unitcosts": "udgifter pr. fuldtidsledig", "pools": "puljer"}
AnyImport = BudgetImport | UnitCostImport | PoolImport


def detect_kind(path: str | Path | Workbook) -> str | None:
    """The kind by sheet name first (Budget, Enhedsudgifter, Puljer), else by the best header row.

    None when the file cannot be opened or no sheet looks like any of the tables. Give an open
    workbook to read it as the detected kind without opening the file again.
    """
    if isinstance(path, Workbook):
        book = path
    else:
        try:
            book = open_workbook(path)
        except WorkbookError:
            return None
    names = {normalise(n) for n in book.sheet_names}
    if book.kind != "csv":
        for kind, wanted in (("budget", BUDGET_SHEET_NAMES), ("unitcosts", UNIT_COST_SHEET_NAMES),
                             ("pools", POOL_SHEET_NAMES)):
            if names & {normalise(n) for n in wanted}:
                return kind
    specs = {"budget": budget_columns(), "unitcosts": unit_cost_columns(), "pools": pool_columns()}
    best: tuple[float, str] | None = None
    for name in book.sheet_names:
        try:
            sheet = book.sheet(name)
        except WorkbookError:
            continue
        kept = False
        for kind, columns in specs.items():
            required = [c for c in columns if c.required]
            score = header_score(sheet, columns) / len(required)
            if score >= 0.75 and (best is None or score > best[0]):
                best = (score, kind)
                kept = True
        if not kept:
            book.forget(name)  # a sheet that fits no table is not kept in memory
    return best[1] if best else None


def read_any(path: str | Path | Workbook, kind: str | None = None,
             cancel: Callable[[], bool] | None = None,
             include_hidden: bool | None = None) -> tuple[str | None, AnyImport | None, ImportReport]:
    """(kind, result, report). With ``kind`` None the kind is detected; when it cannot be,
    the report holds one error saying what the file should contain. ``include_hidden``: see
    :func:`budgetapp.io.import_budget.read_budget`. ``path`` may be a workbook already open
    (its loaded sheets are used, not read again)."""
    book: str | Path | Workbook
    try:
        book = path if isinstance(path, Workbook) else open_workbook(path)  # once, sheets kept for the reader
    except WorkbookError as exc:
        if kind is None:
            report = ImportReport(source=Path(path).name)  # type: ignore[arg-type]  # not a Workbook here
            report.file_error(str(exc))
            return None, None, report
        book = path  # the reader reports why the file cannot be read
    else:
        book.include_hidden = include_hidden
    if kind is None:
        kind = detect_kind(book)
    if kind is None:
        report = ImportReport(source=book.display_name if isinstance(book, Workbook) else Path(book).name)
        report.file_error("filen ligner hverken et basisbudget (ark Budget), udgifter pr. fuldtidsledig "
                          "(ark Enhedsudgifter) eller puljer (ark Puljer): ingen overskriftsrække med de "
                          "forventede kolonner. Angiv --kind eller brug en skabelon (budgetapp template)")
        return None, None, report
    result: AnyImport
    if kind == "budget":
        result = read_budget(book, cancel=cancel, include_hidden=include_hidden)
    elif kind == "unitcosts":
        result = read_unit_costs(book, cancel=cancel, include_hidden=include_hidden)
    elif kind == "pools":
        result = read_pools(book, cancel=cancel, include_hidden=include_hidden)
    else:
        raise ValueError(kind)
    return kind, result, result.report
