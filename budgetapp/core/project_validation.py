"""Check a project's stored tables before anything uses them, like an import is checked.

A project file (``.jcbudget``) is a database anyone can edit with other tools, so on open
every table and column is checked here, before a :class:`~budgetapp.core.project.Project` is
built from it: the type of every cell (a year must be a whole number, an amount a number, never
NULL or text where a number belongs), finiteness, a sane range per column, unique keys (case,
scenario and pool names, years), references between tables (a pool's years belong to a pool
that exists) and the nesting depth and size of stored JSON (a case, a scenario's overrides).

The same checks run on a project in memory before it is saved or exported
(:func:`project_problems`), so the GUI, the CLI and export refuse the same things.

Bounds (sane limits, not rules of law): years 1900-2200; shares 0-1; persons and staff
0-10.000.000; amounts at most 10^12 kr. in absolute value (a municipality's whole budget is far
below); price index values above 0 and at most 10^6; stored JSON at most 50 levels deep and
10 MB; a text cell at most 1 MB.

Rows and columns in messages are counted from 1. Every message is Danish. This module never
imports Qt and reads no files: the caller passes the rows as dicts (column name → value).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from budgetapp.core.formatting import format_number, format_shown

YEAR_MIN, YEAR_MAX = 1900, 2200
MAX_AMOUNT = 1e12
MAX_PERSONS = 1e7
MAX_INDEX = 1e6
MAX_JSON_DEPTH = 50
MAX_JSON_CHARS = 10_000_000
MAX_TEXT_CHARS = 1_000_000

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project.

    ``where`` names the place in Danish (table, row, field); ``repaired`` is True when the
    project could still be opened (read-only) after a change that ``message`` describes.
    """

    where: str
    message: str
    repaired: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # "int", "year", "bool", "real", "share", "persons", "index", "text", "json", "date"
    nullable: bool = False


@dataclass(frozen=True)
class TableSpec:
    label: str  # Danish name of the table in messages
    columns: tuple[ColumnSpec, ...]
    unique: tuple[tuple[str, ...], ...] = ()


def _cols(spec: str) -> tuple[ColumnSpec, ...]:
    """``"name:kind, other:kind?"`` → column specs (``?`` = may be NULL)."""
    out = []
    for part in spec.split(","):
        name, kind = part.strip().split(":")
        out.append(ColumnSpec(name, kind.rstrip("?"), kind.endswith("?")))
    return tuple(out)


TABLES: dict[str, TableSpec] = {
    "project": TableSpec("projektoplysninger", _cols(
        "id:int, municipality:text, budget_year:year, price_level_year:year, last_accounts_year:year?, "
        "budget_price_level_year:year, unit_costs_price_level_year:year?, size_group:text, "
        "rammevilkaar_group:text, price_index_name:text, price_index_source:text, notes:text, "
        "transfer_index_name:text, transfer_index_source:text")),
    "group_names": TableSpec("målgruppenavne", _cols("position:int, key:text, label:text"), (("key",),)),
    "budget_groups": TableSpec("basisbudget (målgrupper)", _cols(
        "position:int, target_group:text, year:year, full_year_persons:persons, "
        "benefit_per_full_year_person:real, refusion_rule:text, band_1_4:share?, band_5_26:share?, "
        "band_27_52:share?, band_53:share?, average_refusion_rate:share?, "
        "measures_per_full_year_person:real, measures_refusion_rule:text?, measures_refusion_rate:share, "
        "benefit_function:text, measures_function:text, benefit_styringsomraade:text, "
        "measures_styringsomraade:text, source:text"), (("target_group", "year"),)),
    "operation_lines": TableSpec("jobcenterdrift", _cols(
        "position:int, name:text, year:year, amount:real, function:text, styringsomraade:text, source:text"),
        (("name", "year"),)),
    "budget_amount_lines": TableSpec("basisbudget (beløb uden helårspersoner)", _cols(
        "position:int, target_group:text, year:year, area:text, gross:real, refusion:real, function:text, "
        "styringsomraade:text, source:text, status:text")),
    "unit_cost_groups": TableSpec("enhedsomkostninger (målgrupper)", _cols(
        "position:int, target_group:text, year:year, full_year_persons:persons, measures_expense:real, "
        "source:text")),
    "unit_cost_operation": TableSpec("enhedsomkostninger (drift)", _cols(
        "position:int, year:year, amount:real, source:text")),
    "pools": TableSpec("puljer", _cols(
        "position:int, id:text, name:text, grantor:text, start_date:date?, end_date:date?, grant_rate:share, "
        "eligible_cost:real, account:text, target_group:text, price_level_year:year?, source:text, "
        "notes_json:json"), (("id",),)),
    "pool_years": TableSpec("puljernes år", _cols(
        "pool_id:text, year:year, expense:real, income:real, application_cost:real, "
        "administration_cost:real, staff_fte:persons"), (("pool_id", "year"),)),
    "cases": TableSpec("business cases", _cols(
        "position:int, name:text, enabled:bool, budget_group:text?, price_level_year:year?, case_json:json"),
        (("name",),)),
    "scenarios": TableSpec("scenarier", _cols(
        "position:int, name:text, description:text, overrides_json:json"), (("name",),)),
    "sources": TableSpec("kilder", _cols("key:text, source:text, remark:text"), (("key",),)),
    "price_index_points": TableSpec("prisindeks", _cols("year:year, value:index, source:text"), (("year",),)),
    "transfer_index_points": TableSpec("prisindeks for overførsler (satsreguleringsprocenten)",
                                       _cols("year:year, value:index, source:text"), (("year",),)),
}

# Duplicate keys that can be repaired on open by renaming the later row (shown read-only).
RENAMABLE = {"cases": "name", "scenarios": "name"}


def _found(value: Any) -> str:
    if value is None:
        return "en tom værdi (NULL)"
    if isinstance(value, bytes):
        return "binære data"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:40] + "…"
        return f"teksten '{text}'"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN (ikke et tal)"
        if math.isinf(value):
            return "uendelig"
        if abs(value) >= 1e15:  # past the whole numbers a float holds: an exponent, not 40 digits
            return format_shown(value)
        return format_number(value, 2)
    if isinstance(value, int) and abs(value) >= 10**15:
        if abs(value) < 10**308:
            return format_shown(float(value))
        return f"et tal med omkring {format_number(int(value.bit_length() * 0.30103) + 1)} cifre"
    return str(value)


def json_depth(text: str, limit: int = MAX_JSON_DEPTH) -> int:
    """How deep ``[``/``{`` nest in JSON ``text`` (strings skipped); stops counting past ``limit``.

    Scans the characters without parsing, so text nested 100.000 deep costs no recursion.
    """
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def check_value(kind: str, value: Any, nullable: bool = False) -> str | None:
    """What is wrong with one cell of ``kind``, or None when it is fine (Danish)."""
    if value is None:
        return None if nullable else "mangler (NULL)"
    if kind in ("int", "year", "bool"):
        if isinstance(value, bool) or not isinstance(value, int):
            what = {"int": "et helt tal", "year": "et årstal", "bool": "0 eller 1"}[kind]
            return f"skal være {what}, fandt {_found(value)}"
        if kind == "year" and not YEAR_MIN <= value <= YEAR_MAX:
            return f"årstallet {value} ligger uden for {YEAR_MIN}-{YEAR_MAX}"
        if kind == "bool" and value not in (0, 1):
            return f"skal være 0 eller 1, fandt {value}"
        if kind == "int" and abs(value) > 2**53:
            return f"tallet {value} er urimeligt stort"
        return None
    if kind in ("real", "share", "persons", "index"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"skal være et tal, fandt {_found(value)}"
        number = float(value)
        if not math.isfinite(number):
            return f"skal være et endeligt tal, fandt {_found(number)}"
        if kind == "share" and not 0.0 <= number <= 1.0:
            return f"skal være en andel mellem 0 og 1, fandt {_found(number)}"
        if kind == "persons" and not 0.0 <= number <= MAX_PERSONS:
            return f"skal ligge mellem 0 og {format_number(MAX_PERSONS)}, fandt {_found(number)}"
        if kind == "index" and not 0.0 < number <= MAX_INDEX:
            return f"skal være større end 0 og højst {format_number(MAX_INDEX)}, fandt {_found(number)}"
        if kind == "real" and abs(number) > MAX_AMOUNT:
            return f"beløbet {_found(number)} er større end {format_number(MAX_AMOUNT)} kr."
        return None
    if not isinstance(value, str):
        return f"skal være en tekst, fandt {_found(value)}"
    if kind == "json":
        if len(value) > MAX_JSON_CHARS:
            return f"JSON-teksten fylder over {format_number(MAX_JSON_CHARS)} tegn"
        if json_depth(value) > MAX_JSON_DEPTH:
            return f"JSON-teksten er indlejret mere end {MAX_JSON_DEPTH} niveauer"
        return None
    if len(value) > MAX_TEXT_CHARS:
        return f"teksten fylder over {format_number(MAX_TEXT_CHARS)} tegn"
    if kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return f"skal være en dato (ÅÅÅÅ-MM-DD), fandt {_found(value)}"
    return None


def _where(spec: TableSpec, row: int | None = None, column: str | None = None) -> str:
    text = f"Tabellen '{spec.label}'"
    if row is not None:
        text += f", række {row}"
    if column is not None:
        text += f", feltet '{column}'"
    return text


def check_columns(table: str, present: Iterable[str]) -> list[Problem]:
    """Missing columns of ``table`` (columns the program does not know are ignored)."""
    spec = TABLES[table]
    have = set(present)
    return [Problem(_where(spec, column=c.name), "feltet mangler i tabellen")
            for c in spec.columns if c.name not in have]


def check_rows(table: str, rows: Sequence[Row]) -> list[Problem]:
    """Type, range and finiteness of every cell, and duplicate keys, in one table."""
    spec = TABLES[table]
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=1):
        for column in spec.columns:
            if column.name not in row:
                continue
            message = check_value(column.kind, row[column.name], column.nullable)
            if message:
                problems.append(Problem(_where(spec, number, column.name), message))
    for key in spec.unique:
        seen: dict[tuple, int] = {}
        for number, row in enumerate(rows, start=1):
            value = tuple(row.get(k) for k in key)
            if value in seen:
                shown = ", ".join(_found(v) for v in value)
                renamable = RENAMABLE.get(table) == key[0] and len(key) == 1
                message = f"{shown} står også i række {seen[value]}"
                problems.append(Problem(_where(spec, number, "+".join(key)), message, repaired=renamable))
            else:
                seen[value] = number
    return problems


def _unique_name(name: str, taken: set[str]) -> str:
    n = 2
    while f"{name} ({n})" in taken:
        n += 1
    return f"{name} ({n})"


def rename_duplicates(rows: list[dict[str, Any]], column: str) -> list[dict[str, Any]]:
    """``rows`` with a later row whose ``column`` repeats an earlier one renamed ``"navn (2)"``."""
    taken = {str(r[column]) for r in rows if isinstance(r.get(column), str)}
    seen: set[str] = set()
    out = []
    for row in rows:
        value = row.get(column)
        if isinstance(value, str) and value in seen:
            new = _unique_name(value, taken)
            taken.add(new)
            row = {**row, column: new}
        if isinstance(value, str):
            seen.add(value)
        out.append(row)
    return out


def check_references(tables: Mapping[str, Sequence[Row]]) -> list[Problem]:
    """Rows that point at something another table does not have."""
    problems: list[Problem] = []
    pool_ids = {r.get("id") for r in tables.get("pools", ())}
    spec = TABLES["pool_years"]
    for number, row in enumerate(tables.get("pool_years", ()), start=1):
        if row.get("pool_id") not in pool_ids:
            problems.append(Problem(_where(spec, number, "pool_id"),
                                    f"puljen {_found(row.get('pool_id'))} findes ikke i tabellen 'puljer'"))
    project_rows = tables.get("project", ())
    if len(project_rows) != 1:
        problems.append(Problem(_where(TABLES["project"]),
                                f"skal have præcis én række, har {len(project_rows)}"))
    return problems


def check_tables(tables: Mapping[str, Sequence[Row]]) -> list[Problem]:
    """Every problem in the stored tables (table name → rows as dicts); empty when all is well."""
    problems: list[Problem] = []
    for table in TABLES:
        problems.extend(check_rows(table, tables.get(table, ())))
    problems.extend(check_references(tables))
    return problems


def blocking(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a project from being opened (those not repaired)."""
    return [p for p in problems if not p.repaired]


def project_problems(project: Any) -> list[Problem]:
    """Problems of a project in memory that stop it from being saved, computed or exported.

    Duplicate keys the file format cannot hold (case, scenario and pool names, target-group
    keys, years of a pool or of the price index), non-finite or out-of-range numbers, and
    every problem :meth:`budgetapp.core.project.Project.issues` finds.
    """
    problems = save_problems(project)
    problems.extend(Problem(str(i.field), i.message) for i in project.issues())
    return problems


def save_problems(project: Any) -> list[Problem]:
    """What stops ``project`` from being stored: duplicate keys and cells the tables refuse."""
    problems: list[Problem] = []

    def unique(label: str, values: Iterable[Any]) -> None:
        seen: set[Any] = set()
        for value in values:
            if value in seen:
                problems.append(Problem(label, f"{_found(value)} står to gange; de skal være forskellige"))
            seen.add(value)

    unique("Business cases", (c.name for c in project.cases))
    unique("Scenarier", (s.name for s in project.scenarios))
    unique("Puljer", (p.id for p in project.pools))
    unique("Prisindeks", (p.year for p in project.price_index.points))
    unique("Prisindeks for overførsler", (p.year for p in project.transfer_index.points))
    for pool in project.pools:
        unique(f"Puljen '{pool.id}'", (y.year for y in pool.years))
    for label, kind, value in (
        ("Budgetår", "year", project.budget_year),
        ("Prisniveau", "year", project.price_level_year),
        ("Seneste regnskabsår", "year", project.last_accounts_year),
    ):
        message = check_value(kind, value, nullable=label == "Seneste regnskabsår")
        if message:
            problems.append(Problem(label, message))
    return problems


def describe(problems: Sequence[Problem], limit: int = 20) -> str:
    """The problems as a Danish list, one per line, at most ``limit`` (and how many more)."""
    lines = [f"- {p}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"- … og {len(problems) - limit} fejl mere")
    return "\n".join(lines)
