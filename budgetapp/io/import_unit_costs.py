"""Import cost-per-full-time-unemployed inputs: HK5 expense and full-time persons by group, HK6 by year.

Sheet ``Enhedsudgifter`` (target group, year, full-time persons, HK5 expense) and optional sheet
``Jobcenterdrift`` (year, HK6 expense). :func:`read_unit_costs` changes nothing;
:func:`apply_unit_cost_import` returns a project copy, all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from budgetapp.core.formatting import format_number
from budgetapp.core.unit_costs import OperationExpense, UnitCostInputs, UnitCostLine
from budgetapp.io.import_common import (
    ImportRefused,
    TargetGroups,
    choose_sheet,
    number_value,
    open_for_import,
    project_copy,
    source_name,
    text_or,
    text_value,
    year_value,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, read_table
from budgetapp.io.workbook_reader import Workbook

if TYPE_CHECKING:
    from budgetapp.core.project import Project

UNIT_COST_SHEET_NAMES = ("Enhedsudgifter", "Udgift pr. fuldtidsledig", "Enhedsomkostninger", "HK5")
HK6_SHEET_NAMES = ("Jobcenterdrift", "HK6", "Drift")


def unit_cost_columns() -> tuple[Column, ...]:
    return (
        Column("target_group", "Målgruppe", "text", True, ("ydelsesgruppe", "gruppe"),
               description="Målgruppens nøgle eller navn; 'Øvrige og ikke fordelt' med 0 fuldtidsledige "
               "tæller kun med i HK5 i alt", example="sygedagpenge"),
        Column("year", "År", "year", True, ("aar", "regnskabsår"), unit="årstal", example="2025"),
        Column("full_year_persons", "Fuldtidsledige", "number", True,
               ("helårspersoner", "fuldtidspersoner", "antal fuldtidsledige"), unit="personer",
               description="Fuldtidsledige (helårspersoner) i målgruppen", example="523,4", additive=True),
        Column("measures_expense", "Udgift til beskæftigelsesindsats", "money", True,
               ("hk5", "udgift hk5", "beskæftigelsesindsats", "udgift til indsats", "hk5 udgift"),
               unit="kr.", description="Udgift til beskæftigelsesindsats (HK5) for målgruppen",
               example="9.850.000", additive=True),
        Column("source", "Kilde", "text", False, ("kilde/bemærkning", "bemærkning", "note"),
               example="Regnskab 2025", default=""),
    )


def hk6_columns() -> tuple[Column, ...]:
    return (
        Column("year", "År", "year", True, ("aar", "regnskabsår"), unit="årstal", example="2025"),
        Column("amount", "Jobcenterdrift", "money", True,
               ("hk6", "udgift hk6", "udgift til jobcenterdrift", "beløb"), unit="kr.",
               description="Udgift til jobcenterdrift (HK6) i alt", example="42.000.000", additive=True),
        Column("source", "Kilde", "text", False, ("kilde/bemærkning", "bemærkning", "note"), default=""),
    )


@dataclass
class UnitCostImport:
    report: ImportReport
    groups: tuple[UnitCostLine, ...] = ()
    operation: tuple[OperationExpense, ...] = ()
    group_names: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report.ok


def read_unit_costs(path: str | Path | Workbook, known_groups: dict[str, str] | None = None,
                    cancel: Callable[[], bool] | None = None,
                    include_hidden: bool | None = None) -> UnitCostImport:
    """Read and validate a unit-cost workbook. Changes nothing; safe off the GUI thread.

    ``include_hidden`` as for :func:`budgetapp.io.import_budget.read_budget`."""
    report = ImportReport(source=source_name(path))
    book = open_for_import(path, report, include_hidden)
    if book is None:
        return UnitCostImport(report)
    sheet = choose_sheet(book, UNIT_COST_SHEET_NAMES, unit_cost_columns(), report, True,
                         "udgifter pr. fuldtidsledig")
    if sheet is None:
        return UnitCostImport(report)
    table = read_table(sheet, unit_cost_columns(), report, cancel, include_hidden=book.include_hidden)
    catalog = TargetGroups(known_groups)
    groups: list[UnitCostLine] = []
    seen: dict[tuple[str, int], int] = {}
    if table is not None:
        for entry in table.rows:
            v = entry.values
            key = catalog.key_for(text_value(v["target_group"], "target_group"),
                                  partial(table.address, entry.row, "target_group"), report)
            line = UnitCostLine(key, year_value(v["year"]),
                                number_value(v["full_year_persons"], "full_year_persons"),
                                number_value(v["measures_expense"], "measures_expense"), text_or(v, "source"))
            if (key, line.year) in seen:
                report.error(table.address(entry.row, "year"), str(line.year),
                             f"målgruppen {key} kun én gang pr. år "
                             f"(står også i række {seen[(key, line.year)] + 1})")
                continue
            seen[(key, line.year)] = entry.row
            groups.append(line)
    operation: list[OperationExpense] = []
    if book.kind != "csv":
        hk6 = choose_sheet(book, HK6_SHEET_NAMES, hk6_columns(), report, False, "jobcenterdrift",
                           exclude=sheet.name)
        hk6_table = (read_table(hk6, hk6_columns(), report, cancel, required_rows=False,
                                include_hidden=book.include_hidden)
                     if hk6 is not None else None)
        years: dict[int, int] = {}
        if hk6_table is not None:
            for entry in hk6_table.rows:
                v = entry.values
                year = year_value(v["year"])
                if year in years:
                    report.error(hk6_table.address(entry.row, "year"), str(year),
                                 f"hvert år kun én gang (står også i række {years[year] + 1})")
                    continue
                years[year] = entry.row
                amount = number_value(v["amount"], "amount")
                operation.append(OperationExpense(year, amount, text_or(v, "source")))
    report.notes.append(f"{sheet.name}: {format_number(len(groups))} linjer; jobcenterdrift: "
                        f"{format_number(len(operation))} år")
    if report.has_errors:
        return UnitCostImport(report)
    return UnitCostImport(report, tuple(groups), tuple(operation), catalog.names_used())


def apply_unit_cost_import(project: Project, result: UnitCostImport) -> Project:
    """A project copy whose unit-cost inputs are the imported ones (at the project's p/l).

    Raises ImportRefused when the import has errors; the project is never changed.
    """
    if result.report.has_errors:
        raise ImportRefused(result.report)
    inputs = UnitCostInputs(project.price_level_year, result.groups, result.operation)
    return project_copy(project, unit_costs=inputs)
