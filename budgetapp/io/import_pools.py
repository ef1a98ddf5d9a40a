"""Import pool grants: sheet ``Puljer`` (one row per pool) and sheet ``Puljeår`` (one row per pool and year).

:func:`read_pools` changes nothing; :func:`apply_pool_import` returns a project copy in which the
imported pools replace pools with the same id and the others are kept — all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from budgetapp.core.formatting import format_number
from budgetapp.core.pools import Pool, PoolYear, pool_issues
from budgetapp.io.import_common import (
    ImportRefused,
    choose_sheet,
    number_or_zero,
    number_value,
    open_for_import,
    optional_date,
    optional_year,
    project_copy,
    source_name,
    text_or,
    text_value,
    year_value,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, Table, normalise, read_table
from budgetapp.io.workbook_reader import Workbook

if TYPE_CHECKING:
    from budgetapp.core.project import Project

POOL_SHEET_NAMES = ("Puljer", "Pulje", "Puljemidler")
POOL_YEAR_SHEET_NAMES = ("Puljeår", "Puljer år", "Puljeaar", "Puljer pr. år")

POOL_FIELDS = {"id": "id", "name": "name", "grant_rate": "grant_rate", "eligible_cost": "eligible_cost",
               "end_date": "end_date", "years": "eligible_cost"}
YEAR_FIELDS = {"expense": "expense", "income": "income", "application_cost": "application_cost",
               "administration_cost": "administration_cost", "staff_fte": "staff_fte", "year": "year"}


def pool_columns() -> tuple[Column, ...]:
    return (
        Column("id", "Id", "text", False, ("pulje id", "puljeid", "nøgle", "kode"),
               description="Kort, fast nøgle som business cases henviser til; tom: dannes af navnet",
               example="mentor-2026", default=""),
        Column("name", "Navn", "text", True, ("puljens navn", "pulje", "puljenavn"),
               description="Puljens navn", example="Pulje til mentorindsats"),
        Column("grantor", "Bevilgende myndighed", "text", False,
               ("myndighed", "ministerium", "styrelse", "bevilget af", "tilskudsgiver"),
               example="Styrelsen for Arbejdsmarked og Rekruttering", default=""),
        Column("start_date", "Startdato", "date", False, ("start", "periode start", "fra"),
               example="01-01-2026"),
        Column("end_date", "Slutdato", "date", False, ("slut", "periode slut", "til", "udløber"),
               description="Hvornår tilskuddet (og det personale, det finansierer) slutter",
               example="31-12-2027"),
        Column("grant_rate", "Tilskudsprocent", "share", True,
               ("tilskudssats", "tilskudsandel", "tilskud %", "støttesats"), unit="%",
               description="Statens andel af de tilskudsberettigede udgifter", example="80 %", maximum=1.0),
        Column("eligible_cost", "Tilskudsberettigede udgifter", "money", False,
               ("støtteberettigede udgifter", "tilskudsberettiget udgift", "budget i alt"), unit="kr.",
               description="Tilskudsberettigede udgifter i hele perioden", example="2.000.000",
               default=0.0, additive=True),
        Column("account", "Konto", "text", False, ("kontonummer", "gruppering", "funktion"),
               example="5.68.98.100", default=""),
        Column("target_group", "Målgruppe", "text", False, ("ydelsesgruppe",),
               example="kontant_uddannelseshjaelp", default=""),
        Column("price_level_year", "P/L-år", "year", False, ("pl år", "pris og lønniveau", "prisniveau"),
               unit="årstal", description="Beløbenes pris- og lønniveau; tom: projektets", example="2026"),
        Column("source", "Kilde", "text", False, ("kilde/bemærkning", "bemærkning", "note"), default=""),
    )


def pool_year_columns() -> tuple[Column, ...]:
    return (
        Column("pool", "Pulje", "text", True, ("id", "pulje id", "puljeid", "puljens navn", "navn"),
               description="Puljens id (eller navn) fra arket Puljer", example="mentor-2026"),
        Column("year", "År", "year", True, ("aar", "budgetår"), unit="årstal", example="2026"),
        Column("expense", "Udgift", "money", False, ("udgifter", "forbrug"), unit="kr.",
               description="Kommunens udgift til puljens aktivitet i året", example="1.000.000",
               default=0.0, additive=True),
        Column("income", "Indtægt", "money", False, ("tilskud", "indtægter", "puljeindtægt"), unit="kr.",
               description="Tilskud bogført i året (kan falde i et andet år end udgiften)",
               example="800.000", default=0.0, additive=True),
        Column("application_cost", "Ansøgningsudgift", "money", False, ("ansøgning", "udgift til ansøgning"),
               unit="kr.", example="40.000", default=0.0, additive=True),
        Column("administration_cost", "Administrationsudgift", "money", False,
               ("administration", "udgift til administration"), unit="kr.", example="77.000",
               default=0.0, additive=True),
        Column("staff_fte", "Årsværk", "number", False, ("årsværk finansieret", "stillinger", "personale"),
               unit="årsværk", example="2", default=0.0, additive=True),
    )


@dataclass
class PoolImport:
    report: ImportReport
    pools: tuple[Pool, ...] = ()

    @property
    def ok(self) -> bool:
        return self.report.ok


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-") or "pulje"


def read_pools(path: str | Path | Workbook, cancel: Callable[[], bool] | None = None,
               include_hidden: bool | None = None) -> PoolImport:
    """Read and validate a pool workbook. Changes nothing; safe off the GUI thread.

    ``include_hidden`` as for :func:`budgetapp.io.import_budget.read_budget`."""
    report = ImportReport(source=source_name(path))
    book = open_for_import(path, report, include_hidden)
    if book is None:
        return PoolImport(report)
    sheet = choose_sheet(book, POOL_SHEET_NAMES, pool_columns(), report, True, "puljer")
    if sheet is None:
        return PoolImport(report)
    table = read_table(sheet, pool_columns(), report, cancel, include_hidden=book.include_hidden)
    pools: dict[str, tuple[Pool, int]] = {}
    by_name: dict[str, str] = {}
    if table is not None:
        for entry in table.rows:
            v = entry.values
            name = text_value(v["name"], "name")
            pool_id = text_or(v, "id") or slug(name)
            if pool_id in pools:
                report.error(table.address(entry.row, "id" if v.get("id") else "name"), pool_id,
                             "et id der kun bruges af én pulje "
                             f"(bruges også i række {pools[pool_id][1] + 1})")
                continue
            pool = Pool(id=pool_id, name=name, grantor=text_or(v, "grantor"),
                        start_date=optional_date(v, "start_date"), end_date=optional_date(v, "end_date"),
                        grant_rate=number_value(v["grant_rate"], "grant_rate"),
                        eligible_cost=number_or_zero(v, "eligible_cost"),
                        account=text_or(v, "account"), target_group=text_or(v, "target_group"),
                        price_level_year=optional_year(v, "price_level_year"),
                        source=text_or(v, "source"))
            pools[pool_id] = (pool, entry.row)
            by_name[normalise(pool.name)] = pool_id
    years: dict[str, list[tuple[PoolYear, int]]] = {pid: [] for pid in pools}
    year_table: Table | None = None
    if book.kind != "csv":
        year_sheet = choose_sheet(book, POOL_YEAR_SHEET_NAMES, pool_year_columns(), report, False,
                                  "puljeår", exclude=sheet.name)
        if year_sheet is not None:
            year_table = read_table(year_sheet, pool_year_columns(), report, cancel,
                                    required_rows=False, include_hidden=book.include_hidden)
        elif pools:
            report.warning("", "-", "et ark Puljeår med udgift og indtægt pr. år; puljerne indlæses uden år")
    if year_table is not None:
        for entry in year_table.rows:
            v = entry.values
            ref = text_value(v["pool"], "pool")
            found = ref if ref in pools else by_name.get(normalise(ref))
            if found is None:
                report.error(year_table.address(entry.row, "pool"), ref,
                             "id eller navn på en pulje i arket Puljer")
                continue
            years[found].append((PoolYear(year_value(v["year"]), number_or_zero(v, "expense"),
                                          number_or_zero(v, "income"), number_or_zero(v, "application_cost"),
                                          number_or_zero(v, "administration_cost"),
                                          number_or_zero(v, "staff_fte")), entry.row))
    out = _with_years(pools, years, table, year_table, report) if table is not None else []
    report.notes.append(f"{sheet.name}: {format_number(len(out))} puljer, "
                        f"{format_number(sum(len(p.years) for p in out))} puljeår")
    if report.has_errors:
        return PoolImport(report)
    return PoolImport(report, tuple(out))


def _with_years(pools: dict[str, tuple[Pool, int]], years: dict[str, list[tuple[PoolYear, int]]],
                table: Table, year_table: Table | None, report: ImportReport) -> list[Pool]:
    """Each pool of ``table`` with its years, checked with the domain's rules (pool_issues); every
    problem is reported at its cell (the pool's row in ``table``, or the year's in ``year_table``)."""
    out: list[Pool] = []
    for pool_id, (pool, row) in pools.items():
        entries = years[pool_id]
        full = replace(pool, years=tuple(e for e, _ in entries))
        rows_by_year = {e.year: r for e, r in entries}
        prefix = f"puljer[{pool_id}]."
        for issue in pool_issues(full, where=prefix):
            parts = issue.field.removeprefix(prefix).split(".")
            if parts[0].startswith("years[") and year_table is not None:
                year = int(parts[0][6:-1])
                column = YEAR_FIELDS.get(parts[-1], "year")
                address = year_table.address(rows_by_year.get(year, entry_row(year_table)), column)
            else:
                address = table.address(row, POOL_FIELDS.get(parts[0], "name"))
            report.error(address, pool.name, issue.message)
        out.append(full)
    return out


def entry_row(table: Table) -> int:
    return table.header_row


def apply_pool_import(project: Project, result: PoolImport) -> Project:
    """A project copy in which each imported pool replaces the pool with its id (others are kept).

    Raises ImportRefused when the import has errors; the project is never changed.
    """
    if result.report.has_errors:
        raise ImportRefused(result.report)
    imported = {p.id: p for p in result.pools}
    pools = [imported.pop(p.id, p) for p in project.pools] + list(imported.values())
    copy = project_copy(project)
    copy.pools = pools
    return copy
