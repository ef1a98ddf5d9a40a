"""The app's own templates (basisbudget, udgifter pr. fuldtidsledig, puljer) as wizard layouts.

They are read by the ordinary importers (:mod:`budgetapp.io.import_budget` and the others), the
same engine as ``budgetapp import-check``. When the user maps a column differently from what the
header says, the sheet is read with the chosen columns renamed to the template's headers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from budgetapp.core.project import Project
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts.base import Choices, Field, LayoutResult, TotalCheck, suggest_header
from budgetapp.io.tables import Column, find_header
from budgetapp.io.workbook_reader import Sheet, Workbook


def _columns(kind: str) -> tuple[Column, ...]:
    if kind == "budget":
        from budgetapp.io.import_budget import budget_columns

        return budget_columns()
    if kind == "unitcosts":
        from budgetapp.io.import_unit_costs import unit_cost_columns

        return unit_cost_columns()
    from budgetapp.io.import_pools import pool_columns

    return pool_columns()


def fields(kind: str) -> tuple[Field, ...]:
    return tuple(
        Field(
            c.key,
            c.header,
            (c.description or c.header) + (f" ({c.unit})" if c.unit else ""),
            c.required,
            c.aliases,
        )
        for c in _columns(kind)
    )


def detect(kind: str, sheet: Sheet) -> float:
    columns = _columns(kind)
    match = find_header(sheet, columns)
    required = [c for c in columns if c.required]
    if match is None:
        return 0.0
    return 0.95 * sum(1 for c in required if c.key in match.columns) / len(required)


def suggest(kind: str, sheet: Sheet) -> Choices:
    match = find_header(sheet, _columns(kind))
    if match is None:
        row, mapping = suggest_header(sheet, fields(kind))
    else:
        row, mapping = match.row, {c: k for k, c in match.columns.items()}
    return Choices(sheet.name, row, mapping, 1.0, "kolonneoverskrifterne (kr., medmindre andet står)")


def _reader(kind: str) -> tuple[Callable, Callable]:
    if kind == "budget":
        from budgetapp.io.import_budget import apply_budget_import, read_budget

        return read_budget, apply_budget_import
    if kind == "unitcosts":
        from budgetapp.io.import_unit_costs import apply_unit_cost_import, read_unit_costs

        return read_unit_costs, apply_unit_cost_import
    from budgetapp.io.import_pools import apply_pool_import, read_pools

    return (lambda book, _known=None: read_pools(book)), apply_pool_import


def _remapped(
    path: Path, sheet: Sheet, choices: Choices, kind: str, include_hidden: bool | None = None
) -> Workbook:
    """One sheet whose header row names the chosen columns as the template does; rows above blanked."""
    headers = {c.key: c.header for c in _columns(kind)}
    rows = [list(r) for r in sheet.rows]
    for r in range(min(choices.header_row, len(rows))):
        rows[r] = [""] * len(rows[r])
    if choices.header_row < len(rows):
        head = rows[choices.header_row]
        for c in range(len(head)):
            head[c] = headers.get(choices.mapping.get(c, ""), "")
    book = Workbook(path, "csv", [sheet.name], include_hidden=include_hidden)
    book._sheets[sheet.name] = Sheet(sheet.name, rows, hidden_rows=sheet.hidden_rows, hidden=sheet.hidden)
    return book


def read(kind: str, book: Workbook, sheet: Sheet, choices: Choices, project: Project) -> LayoutResult:
    read_fn, apply_fn = _reader(kind)
    suggested = suggest(kind, sheet)
    known = dict(project.budget.group_names)
    if suggested.header_row == choices.header_row and suggested.mapping == choices.mapping:
        result = read_fn(book, known) if kind != "pools" else read_fn(book)
    else:
        remapped = _remapped(book.path, sheet, choices, kind, book.include_hidden)
        result = read_fn(remapped, known) if kind != "pools" else read_fn(remapped)
    report: ImportReport = result.report
    totals: list[TotalCheck] = []
    preview: list[tuple[str, str, str]] = []
    if kind == "budget" and report.ok:
        years = sorted({g.year for g in result.groups})
        for y in years:
            gross = sum(
                g.full_year_persons * g.benefit_per_full_year_person for g in result.groups if g.year == y
            )
            totals.append(TotalCheck(str(y), gross, None, "kr. (forsørgelse brutto)"))
        preview = [(g.target_group, str(g.year), "") for g in result.groups]
    if not report.ok:
        return LayoutResult(report, totals, preview)
    if kind == "budget":
        from budgetapp.io.import_budget import replacement_summary

        replace_all = choices.options.get("replace") == "all"
        report.notes.extend(replacement_summary(project, result, replace_all))
        return LayoutResult(report, totals, preview, lambda p: apply_fn(p, result, replace_all))
    return LayoutResult(report, totals, preview, lambda p: apply_fn(p, result))


__all__ = ["detect", "fields", "read", "suggest"]
