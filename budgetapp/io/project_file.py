"""The project file (``.jcbudget``): one SQLite database per planning project.

Layout: a ``meta`` table that identifies the file, a ``schema_version`` table with one row, and
one table per part of the project (see :data:`SCHEMA`). Business cases are stored as their
``budgetapp.case/1`` JSON text, so a case means the same inside a project as in a case file.

Opening reads the whole file into memory, checks it and migrates an older schema there, step by
step through :data:`MIGRATIONS`; the file on disk is never changed by opening it. Saving builds
the database in memory, writes it to a temporary file in the same folder, flushes it to disk
(fsync) and then replaces the old file in one step (``os.replace``): a crash or a full disk in
the middle of a save leaves the previous file as it was.

Every failure is a :class:`ProjectFileError` with a Danish message a user can act on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import sqlite3
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.budget_amounts import AmountLine
from budgetapp.core.case import CaseError, case_from_dict
from budgetapp.core.case_reader import parse_case_json
from budgetapp.core.formatting import format_number
from budgetapp.core.pools import Pool, PoolYear
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.project import InputSource, Project, ProjectCase, Scenario, case_file_json
from budgetapp.core.project_validation import (
    MAX_JSON_CHARS,
    MAX_TEXT_CHARS,
    RENAMABLE,
    TABLES,
    Problem,
    blocking,
    check_columns,
    check_tables,
    describe,
    project_problems,
    rename_duplicates,
    save_problems,
)
from budgetapp.core.unit_costs import OperationExpense, UnitCostInputs, UnitCostLine
from budgetapp.io.os_errors import danish_reason
from budgetapp.io.processes import process_alive

SUFFIX = ".jcbudget"
FORMAT = "budgetapp.project"
SCHEMA_VERSION = 3
APPLICATION_ID = 0x4A434244  # "JCBD" in the SQLite header: marks the file as ours
SQLITE_HEADER = b"SQLite format 3\x00"
# A project file is read whole and opened in memory: 100 MB (a real project is under 1 MB) keeps
# opening it, checking it and computing it under 1 GB. Text cells are bounded by
# core.project_validation.MAX_TEXT_CHARS / MAX_JSON_CHARS while they are read (_bounded_columns).
MAX_PROJECT_BYTES = 100 * 1024 * 1024

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE project (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    municipality TEXT NOT NULL,
    budget_year INTEGER NOT NULL,
    price_level_year INTEGER NOT NULL,
    last_accounts_year INTEGER,
    budget_price_level_year INTEGER NOT NULL,
    unit_costs_price_level_year INTEGER,
    size_group TEXT NOT NULL,
    rammevilkaar_group TEXT NOT NULL,
    price_index_name TEXT NOT NULL,
    price_index_source TEXT NOT NULL,
    notes TEXT NOT NULL,
    transfer_index_name TEXT NOT NULL,
    transfer_index_source TEXT NOT NULL
);
CREATE TABLE group_names (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, label TEXT NOT NULL);
CREATE TABLE budget_groups (
    position INTEGER PRIMARY KEY,
    target_group TEXT NOT NULL,
    year INTEGER NOT NULL,
    full_year_persons REAL NOT NULL,
    benefit_per_full_year_person REAL NOT NULL,
    refusion_rule TEXT NOT NULL,
    band_1_4 REAL, band_5_26 REAL, band_27_52 REAL, band_53 REAL,
    average_refusion_rate REAL,
    measures_per_full_year_person REAL NOT NULL,
    measures_refusion_rule TEXT,
    measures_refusion_rate REAL NOT NULL,
    benefit_function TEXT NOT NULL,
    measures_function TEXT NOT NULL,
    benefit_styringsomraade TEXT NOT NULL,
    measures_styringsomraade TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE operation_lines (
    position INTEGER PRIMARY KEY, name TEXT NOT NULL, year INTEGER NOT NULL, amount REAL NOT NULL,
    function TEXT NOT NULL, styringsomraade TEXT NOT NULL, source TEXT NOT NULL
);
CREATE TABLE unit_cost_groups (
    position INTEGER PRIMARY KEY, target_group TEXT NOT NULL, year INTEGER NOT NULL,
    full_year_persons REAL NOT NULL, measures_expense REAL NOT NULL, source TEXT NOT NULL
);
CREATE TABLE unit_cost_operation (
    position INTEGER PRIMARY KEY, year INTEGER NOT NULL, amount REAL NOT NULL, source TEXT NOT NULL
);
CREATE TABLE pools (
    position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, grantor TEXT NOT NULL,
    start_date TEXT, end_date TEXT, grant_rate REAL NOT NULL, eligible_cost REAL NOT NULL,
    account TEXT NOT NULL, target_group TEXT NOT NULL, price_level_year INTEGER,
    source TEXT NOT NULL, notes_json TEXT NOT NULL
);
CREATE TABLE pool_years (
    pool_id TEXT NOT NULL, year INTEGER NOT NULL, expense REAL NOT NULL, income REAL NOT NULL,
    application_cost REAL NOT NULL, administration_cost REAL NOT NULL, staff_fte REAL NOT NULL,
    PRIMARY KEY (pool_id, year)
);
CREATE TABLE cases (
    position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, enabled INTEGER NOT NULL,
    budget_group TEXT, price_level_year INTEGER, case_json TEXT NOT NULL
);
CREATE TABLE scenarios (
    position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL,
    overrides_json TEXT NOT NULL
);
CREATE TABLE sources (key TEXT PRIMARY KEY, source TEXT NOT NULL, remark TEXT NOT NULL);
CREATE TABLE price_index_points (year INTEGER PRIMARY KEY, value REAL NOT NULL, source TEXT NOT NULL);
CREATE TABLE transfer_index_points (year INTEGER PRIMARY KEY, value REAL NOT NULL, source TEXT NOT NULL);
"""
# Version 2: budget amounts without full-year persons (budgetapp/core/budget_amounts.py).
AMOUNT_LINES_TABLE = """
CREATE TABLE budget_amount_lines (
    position INTEGER PRIMARY KEY, target_group TEXT NOT NULL, year INTEGER NOT NULL, area TEXT NOT NULL,
    gross REAL NOT NULL, refusion REAL NOT NULL, function TEXT NOT NULL, styringsomraade TEXT NOT NULL,
    source TEXT NOT NULL, status TEXT NOT NULL
);
"""
SCHEMA += AMOUNT_LINES_TABLE

# Version n → n+1, applied in order to a file of an older version after it is read into memory.
# Each step changes the tables in place; the final state must match SCHEMA of SCHEMA_VERSION.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS_NOTE = ("Overførsler: kopi af projektets p/l-indeks (filformat 1-2 havde ét indeks til alle "
                   "linjer); importér satsreguleringsprocenten på siden Regler")


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Formats 1-2 stored one p/l index for every line; format 3 adds the transfer index.

    The old index is copied into the transfer index, so an old project's figures stay exactly as
    they were (every line converted with the one index) until the user imports the
    satsreguleringsprocent; the copy's name says so.
    """
    conn.execute("ALTER TABLE project ADD COLUMN transfer_index_name TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE project ADD COLUMN transfer_index_source TEXT NOT NULL DEFAULT ''")
    conn.execute("UPDATE project SET transfer_index_name = ?, transfer_index_source = price_index_source",
                 (MIGRATIONS_NOTE,))
    conn.execute("CREATE TABLE transfer_index_points "
                 "(year INTEGER PRIMARY KEY, value REAL NOT NULL, source TEXT NOT NULL)")
    conn.execute("INSERT INTO transfer_index_points SELECT year, value, source FROM price_index_points")


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Format 2 adds the budget amount lines (amounts without full-year persons)."""
    conn.executescript(AMOUNT_LINES_TABLE)


MIGRATIONS: dict[int, Migration] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


class ProjectFileError(Exception):
    """A project file that cannot be opened or saved; ``str()`` is the Danish message."""


# --- opening ---------------------------------------------------------------------------------

def _name(path: Path) -> str:
    return path.name or str(path)


def _connect_bytes(data: bytes) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.deserialize(data)
    return conn


def _file_version(conn: sqlite3.Connection, name: str) -> int:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables or "schema_version" not in tables:
        raise ProjectFileError(f"{name} er en SQLite-database, men ikke en projektfil fra budgetapp.")
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    if meta.get("format") != FORMAT:
        raise ProjectFileError(f"{name} er en SQLite-database, men ikke en projektfil fra budgetapp.")
    rows = conn.execute("SELECT version FROM schema_version").fetchall()
    if len(rows) != 1 or not isinstance(rows[0][0], int):
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: filformatets version mangler.")
    return rows[0][0]


def migrate(conn: sqlite3.Connection, version: int, name: str = "projektfilen") -> int:
    """Bring an in-memory database of ``version`` up to :data:`SCHEMA_VERSION`; returns it."""
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(
                f"{name} har filformat {version}, som denne version af budgetapp ikke kan opgradere.")
        try:
            step(conn)
        except sqlite3.Error as exc:
            raise ProjectFileError(f"{name} kunne ikke opgraderes fra filformat {version}: {exc}") from exc
        version += 1
        conn.execute("UPDATE schema_version SET version = ?", (version,))
    return version


@dataclass
class OpenedProject:
    """A project read from a file, with what was wrong in it and repaired on the way in.

    ``problems`` lists repaired problems (e.g. two cases with the same name, the later one
    renamed); the GUI then opens the project read-only and shows them, so the file on disk is
    only replaced when the user saves under a name of their choice.
    """

    project: Project
    problems: list[Problem] = field(default_factory=list)


def _read_bytes(path: str | Path) -> tuple[bytes, str]:
    p = Path(path)
    name = _name(p)
    try:
        if p.exists() and not p.is_file() and not p.is_dir():
            raise ProjectFileError(f"{name} er ikke en almindelig fil og kan ikke åbnes som projekt.")
        if p.is_file() and p.stat().st_size > MAX_PROJECT_BYTES:
            raise ProjectFileError(
                f"Projektfilen {name} fylder {format_number(p.stat().st_size / 2**20, 0)} MB; højst "
                f"{format_number(MAX_PROJECT_BYTES // 2**20)} MB kan åbnes (et projekt fylder normalt under "
                "1 MB; filen er beskadiget eller fyldt med andet end projektet).")
        return p.read_bytes(), name
    except IsADirectoryError:
        raise ProjectFileError(f"{name} er en mappe, ikke en projektfil.") from None
    except FileNotFoundError:
        raise ProjectFileError(f"Projektfilen {name} findes ikke.") from None
    except OSError as exc:
        raise ProjectFileError(f"Projektfilen {name} kan ikke læses: {danish_reason(exc)}.") from exc


def open_project(path: str | Path) -> OpenedProject:
    """Open a project file, repairing what can be repaired (see :class:`OpenedProject`).

    Raises :class:`ProjectFileError` (Danish, with the list of problems) when the file is not
    a project file or a table holds something the program cannot use.
    """
    data, name = _read_bytes(path)
    return opened_from_bytes(data, name)


def load_project(path: str | Path) -> Project:
    """Open a project file that needs no repair. Raises :class:`ProjectFileError` (Danish)."""
    data, name = _read_bytes(path)
    return project_from_bytes(data, name)


def load_checked_project(path: str | Path) -> Project:
    """Open a project file and refuse it unless it can be computed and exported.

    The one check the CLI's ``project summary`` and ``export`` share: the file must open without
    repair and :func:`budgetapp.core.project_validation.project_problems` must find nothing.
    """
    project = load_project(path)
    problems = project_problems(project)
    if problems:
        raise ProjectFileError(f"Projektet {_name(Path(path))} kan ikke beregnes eller eksporteres:\n"
                               f"{describe(problems)}")
    return project


def project_from_bytes(data: bytes, name: str = "projektfilen") -> Project:
    """The project in ``data``; refused when anything in it had to be repaired."""
    opened = opened_from_bytes(data, name)
    # what the project cannot compute (project.issues(), shown read-only by the GUI) is left to the
    # callers that compute (load_checked_project); only a repaired table is refused here
    computed = {str(issue.field) for issue in opened.project.issues()}
    repaired = [p for p in opened.problems if p.where not in computed]
    if repaired:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget:\n{describe(repaired)}\n"
                               f"Åbn den i programmet og gem den under et nyt navn.")
    return opened.project


def opened_from_bytes(data: bytes, name: str = "projektfilen") -> OpenedProject:
    if not data.startswith(SQLITE_HEADER):
        if not data:
            raise ProjectFileError(f"{name} er tom og ikke en projektfil fra budgetapp.")
        raise ProjectFileError(f"{name} er ikke en projektfil fra budgetapp (.jcbudget).")
    try:
        conn = _connect_bytes(data)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {_sqlite_reason(exc)}.") from exc
    try:
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: SQLite-databasen er ødelagt "
                                   f"({check[0][0]}).")
        version = _file_version(conn, name)
        if version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"Projektfilen {name} er gemt med en nyere version af budgetapp (filformat {version}). "
                f"Denne version kan åbne filformat 1-{SCHEMA_VERSION}. Opdatér programmet for at åbne den.")
        if version < 1:
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: ugyldigt filformat {version}.")
        migrate(conn, version, name)
        tables, problems = _tables(conn)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {_sqlite_reason(exc)}.") from exc
    finally:
        conn.close()
    problems.extend(check_tables(tables))
    refused = blocking(problems)
    if refused:
        raise ProjectFileError(f"Projektfilen {name} kan ikke åbnes, fordi den er beskadiget:\n"
                               f"{describe(refused)}")
    for table, column in RENAMABLE.items():
        tables[table] = rename_duplicates(tables[table], column)
    try:
        project = _read(tables, name)
    except (KeyError, ValueError, TypeError, RecursionError, ArithmeticError) as exc:  # not expected
        reason = type(exc).__name__
        raise ProjectFileError(f"Projektfilen {name} er beskadiget og kan ikke læses ({reason}).") from exc
    # What the tables cannot see (a scenario or case pointing at something another part lacks):
    # the check project summary and export make. The project opens, read-only, with the list.
    problems.extend(Problem(str(issue.field), issue.message, repaired=True) for issue in project.issues()
                    if not any(p.where == str(issue.field) for p in problems))
    return OpenedProject(project, problems)


def _sqlite_reason(exc: sqlite3.Error) -> str:
    """A Danish reason for an SQLite error (its English text never reaches the user)."""
    text = str(exc).lower()
    if "unique" in text:
        return "to rækker har den samme nøgle (fx to business cases med samme navn)"
    if "not null" in text:
        return "et felt, der skal have en værdi, er tomt"
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "SQLite-databasen er ødelagt"
    if "no such table" in text or "no such column" in text:
        return "en tabel eller et felt mangler"
    if "disk" in text or "full" in text:
        return "disken er fuld"
    return "databasen kan ikke læses eller skrives"


def _bounded_columns(table: str, columns: list[str]) -> str:
    """The SELECT list for ``table``: a text or JSON cell is cut by SQLite one character past its
    limit (MAX_TEXT_CHARS, MAX_JSON_CHARS of core.project_validation), so a 250 MB note never
    reaches Python whole; the validator then refuses the over-long value at its cell."""
    kinds = {c.name: c.kind for c in TABLES[table].columns}
    parts = []
    for column in columns:
        quoted = '"' + column.replace('"', '""') + '"'
        kind = kinds.get(column)
        if kind in ("text", "json", "date"):
            limit = (MAX_JSON_CHARS if kind == "json" else MAX_TEXT_CHARS) + 1
            parts.append(f"CASE WHEN typeof({quoted}) IN ('text', 'blob') THEN substr({quoted}, 1, {limit}) "
                         f"ELSE {quoted} END AS {quoted}")
        else:
            parts.append(quoted)
    return ", ".join(parts)


def _tables(conn: sqlite3.Connection) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every known table as a list of row dicts (ordered as the program stores them)."""
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    for table, spec in TABLES.items():
        if table not in existing:
            tables[table] = []
            if table not in ("unit_cost_groups", "unit_cost_operation"):
                problems.append(Problem(f"Tabellen '{spec.label}'", "tabellen mangler i filen"))
            continue
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        missing = check_columns(table, columns)
        problems.extend(missing)
        if missing:
            tables[table] = []
            continue
        order = {"price_index_points": "year", "transfer_index_points": "year", "sources": "key",
                 "pool_years": "pool_id, year"}.get(
            table, "position" if "position" in columns else "rowid")
        cursor = conn.execute(f'SELECT {_bounded_columns(table, columns)} FROM "{table}" ORDER BY {order}')
        names = [d[0] for d in cursor.description]
        tables[table] = [dict(zip(names, row, strict=True)) for row in cursor]
    return tables, problems


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _json(text: str, where: str, name: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {where} er ikke gyldig JSON.") from exc


def _read(tables: dict[str, list[dict[str, Any]]], name: str) -> Project:
    h = tables["project"][0]
    group_names = {r["key"]: r["label"] for r in tables["group_names"]}
    groups = []
    for r in tables["budget_groups"]:
        bands = (r["band_1_4"], r["band_5_26"], r["band_27_52"], r["band_53"])
        groups.append(GroupYear(
            target_group=r["target_group"], year=r["year"], full_year_persons=float(r["full_year_persons"]),
            benefit_per_full_year_person=float(r["benefit_per_full_year_person"]),
            refusion_rule=r["refusion_rule"],
            band_distribution=None if None in bands else (
                float(bands[0]), float(bands[1]), float(bands[2]), float(bands[3])),
            average_refusion_rate=r["average_refusion_rate"],
            measures_per_full_year_person=float(r["measures_per_full_year_person"]),
            measures_refusion_rule=r["measures_refusion_rule"],
            measures_refusion_rate=float(r["measures_refusion_rate"]),
            benefit_function=r["benefit_function"], measures_function=r["measures_function"],
            source=r["source"], benefit_styringsomraade=r["benefit_styringsomraade"],
            measures_styringsomraade=r["measures_styringsomraade"],
        ))
    operation = tuple(
        OperationLine(r["name"], r["year"], float(r["amount"]), r["function"], r["styringsomraade"],
                      r["source"])
        for r in tables["operation_lines"])
    amounts = tuple(
        AmountLine(r["target_group"], r["year"], r["area"], float(r["gross"]), float(r["refusion"]),
                   r["function"], r["styringsomraade"], r["source"], r["status"])
        for r in tables["budget_amount_lines"])
    budget = BaseBudget(h["municipality"], h["budget_year"], h["budget_price_level_year"], tuple(groups),
                        operation, group_names, h["last_accounts_year"], amounts)
    unit_costs = None
    if h["unit_costs_price_level_year"] is not None:
        unit_costs = UnitCostInputs(
            h["unit_costs_price_level_year"],
            tuple(UnitCostLine(r["target_group"], r["year"], r["full_year_persons"], r["measures_expense"],
                               r["source"]) for r in tables["unit_cost_groups"]),
            tuple(OperationExpense(r["year"], r["amount"], r["source"])
                  for r in tables["unit_cost_operation"]))
    pools = []
    for r in tables["pools"]:
        years = tuple(PoolYear(y["year"], y["expense"], y["income"], y["application_cost"],
                               y["administration_cost"], y["staff_fte"])
                      for y in sorted((y for y in tables["pool_years"] if y["pool_id"] == r["id"]),
                                      key=lambda y: y["year"]))
        notes = _json(r["notes_json"], f"noterne til puljen '{r['id']}'", name)
        if not isinstance(notes, dict):
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: noterne til puljen '{r['id']}' "
                                   f"er ikke en JSON-ordbog.")
        pools.append(Pool(r["id"], r["name"], r["grantor"], _date(r["start_date"]), _date(r["end_date"]),
                          r["grant_rate"], r["eligible_cost"], years, r["account"], r["target_group"],
                          r["price_level_year"], r["source"], notes))
    cases = []
    for r in tables["cases"]:
        try:  # read as a case file is: long numbers, NaN and duplicate keys named at their field
            data = parse_case_json(r["case_json"])
            if not isinstance(data, dict):
                raise CaseError([])
            case = case_from_dict(data)
        except CaseError as exc:
            problems = "; ".join(str(i) for i in exc.issues[:5]) or "ikke en business case"
            raise ProjectFileError(
                f"Projektfilen {name} er beskadiget: business casen '{r['name']}' er ugyldig ({problems}).") \
                from exc
        if case.name != r["name"]:  # a row renamed on open because its name was taken
            case = replace(case, name=r["name"])
        cases.append(ProjectCase(case, bool(r["enabled"]), r["budget_group"], r["price_level_year"]))
    scenarios = []
    for r in tables["scenarios"]:
        overrides = _json(r["overrides_json"], f"scenariet '{r['name']}'", name)
        if not isinstance(overrides, dict) or not all(isinstance(v, dict) for v in overrides.values()):
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: scenariet '{r['name']}' har ugyldige "
                                   f"ændringer (skal være business case → felt → værdi).")
        scenarios.append(Scenario(r["name"], overrides, r["description"]))
    sources = {r["key"]: InputSource(r["source"], r["remark"]) for r in tables["sources"]}
    points = tuple(IndexPoint(r["year"], float(r["value"]), r["source"])
                   for r in tables["price_index_points"])
    index = PriceIndex(h["price_index_name"], points, h["price_index_source"])
    transfer_points = tuple(IndexPoint(r["year"], float(r["value"]), r["source"])
                            for r in tables["transfer_index_points"])
    transfers = PriceIndex(h["transfer_index_name"], transfer_points, h["transfer_index_source"])
    return Project(
        municipality=h["municipality"], budget_year=h["budget_year"], price_level_year=h["price_level_year"],
        budget=budget, unit_costs=unit_costs, pools=pools, cases=cases, scenarios=scenarios,
        notes=h["notes"], sources=sources, price_index=index, transfer_index=transfers,
        last_accounts_year=h["last_accounts_year"],
        size_group=h["size_group"], rammevilkaar_group=h["rammevilkaar_group"],
    )


# --- saving ----------------------------------------------------------------------------------

def _dump_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def project_to_connection(project: Project) -> sqlite3.Connection:
    """The project as a fresh in-memory database of the current schema."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.executescript(SCHEMA)
    with conn:
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("application", "budgetapp")])
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        b = project.budget
        uc = project.unit_costs
        conn.execute(
            "INSERT INTO project VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (project.municipality, project.budget_year, project.price_level_year, project.last_accounts_year,
             b.price_level_year, uc.price_level_year if uc else None, project.size_group,
             project.rammevilkaar_group, project.price_index.name, project.price_index.source, project.notes,
             project.transfer_index.name, project.transfer_index.source))
        conn.executemany("INSERT INTO group_names VALUES (?, ?, ?)",
                         [(i, k, v) for i, (k, v) in enumerate(b.group_names.items())])
        rows = []
        for i, g in enumerate(b.groups):
            bands = g.band_distribution or (None, None, None, None)
            rows.append((i, g.target_group, g.year, g.full_year_persons, g.benefit_per_full_year_person,
                         g.refusion_rule, *bands, g.average_refusion_rate, g.measures_per_full_year_person,
                         g.measures_refusion_rule, g.measures_refusion_rate, g.benefit_function,
                         g.measures_function, g.benefit_styringsomraade, g.measures_styringsomraade,
                         g.source))
        conn.executemany(f"INSERT INTO budget_groups VALUES ({', '.join('?' * 19)})", rows)
        conn.executemany("INSERT INTO operation_lines VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(i, o.name, o.year, o.amount, o.function, o.styringsomraade, o.source)
                          for i, o in enumerate(b.operation)])
        conn.executemany("INSERT INTO budget_amount_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [(i, a.target_group, a.year, a.area, a.gross, a.refusion, a.function,
                           a.styringsomraade, a.source, a.status) for i, a in enumerate(b.amount_lines)])
        if uc is not None:
            conn.executemany("INSERT INTO unit_cost_groups VALUES (?, ?, ?, ?, ?, ?)",
                             [(i, u.target_group, u.year, u.full_year_persons, u.measures_expense, u.source)
                              for i, u in enumerate(uc.groups)])
            conn.executemany("INSERT INTO unit_cost_operation VALUES (?, ?, ?, ?)",
                             [(i, o.year, o.amount, o.source) for i, o in enumerate(uc.operation)])
        for i, pool in enumerate(project.pools):
            conn.execute(
                "INSERT INTO pools VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (i, pool.id, pool.name, pool.grantor,
                 pool.start_date.isoformat() if pool.start_date else None,
                 pool.end_date.isoformat() if pool.end_date else None,
                 pool.grant_rate, pool.eligible_cost, pool.account, pool.target_group, pool.price_level_year,
                 pool.source, _dump_json(pool.notes)))
            conn.executemany("INSERT INTO pool_years VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(pool.id, y.year, y.expense, y.income, y.application_cost,
                               y.administration_cost, y.staff_fte) for y in pool.years])
        conn.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
                         [(i, c.name, int(c.enabled), c.budget_group, c.price_level_year,
                           case_file_json(c.case)) for i, c in enumerate(project.cases)])
        conn.executemany("INSERT INTO scenarios VALUES (?, ?, ?, ?)",
                         [(i, s.name, s.description, _dump_json(s.overrides))
                          for i, s in enumerate(project.scenarios)])
        conn.executemany("INSERT INTO sources VALUES (?, ?, ?)",
                         [(k, v.source, v.remark) for k, v in sorted(project.sources.items())])
        conn.executemany("INSERT INTO price_index_points VALUES (?, ?, ?)",
                         [(p.year, p.value, p.source) for p in project.price_index.points])
        conn.executemany("INSERT INTO transfer_index_points VALUES (?, ?, ?)",
                         [(p.year, p.value, p.source) for p in project.transfer_index.points])
    return conn


def project_to_bytes(project: Project) -> bytes:
    conn = project_to_connection(project)
    try:
        conn.execute("VACUUM")
        return conn.serialize()
    finally:
        conn.close()


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _file_mode(path: Path) -> int:
    """The existing file's permissions, else the usual ones for a new file (0666 minus umask)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        from budgetapp.export.safe_write import current_umask  # reads it without changing it

        return 0o666 & ~current_umask()  # os.umask(0) would race with the autosave thread


# --- temporary files of a save ----------------------------------------------------------------

TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600  # a temp file this old belongs to a save that died, whoever made it


def _temp_prefix(path: Path) -> str:
    return f".{path.name}.~"


def _temp_owner() -> str:
    """``host~pid~``: lets the next save tell a killed save's temp file from a running one."""
    host = socket.gethostname().replace("~", "-").replace(os.sep, "-")
    return f"{host}~{os.getpid()}~"


def _is_stale(name: str, prefix: str, age: float) -> bool:
    if age > STALE_TEMP_SECONDS:
        return True
    parts = name[len(prefix):].split("~")
    if len(parts) < 3 or not parts[1].isdigit():
        return False
    host, pid = parts[0], int(parts[1])
    here = socket.gethostname().replace("~", "-").replace(os.sep, "-")
    return host == here and pid != os.getpid() and not process_alive(pid)


def remove_stale_temps(path: str | Path) -> list[Path]:
    """Remove temporary files a killed save of ``path`` left beside it; returns what was removed.

    A temp file is stale when the process that wrote it (host and pid are in its name) is gone
    from this machine, or when it is older than :data:`STALE_TEMP_SECONDS` (from any machine).
    A save in progress in another live process is left alone.
    """
    p = Path(path)
    folder = p.parent if str(p.parent) else Path(".")
    prefix = _temp_prefix(p)
    legacy = f".{p.name}."  # temp files of older versions: only by age
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not entry.name.endswith(TEMP_SUFFIX) or not entry.name.startswith(legacy):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            age = now - info.st_mtime
            stale = (_is_stale(entry.name, prefix, age) if entry.name.startswith(prefix)
                     else age > STALE_TEMP_SECONDS)
            if stale:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def save_project(project: Project, path: str | Path) -> None:
    """Save atomically: temp file in the same folder, fsync, os.replace.

    On any failure the temporary file is removed, the previous file is unchanged and a
    :class:`ProjectFileError` says why (in Danish; SQLite's English never reaches the user).
    Temporary files left by a save that was killed are removed first (:func:`remove_stale_temps`).
    """
    write_project_bytes(snapshot_bytes(project, _name(Path(path))), path)


def snapshot_bytes(project: Project, name: str = "projektfilen") -> bytes:
    """The file's bytes for ``project`` as it is now, after the checks a save needs.

    Raises :class:`ProjectFileError` (Danish) for duplicate keys or values the tables refuse.
    """
    problems = save_problems(project)
    if problems:
        raise ProjectFileError(f"Projektet kunne ikke gemmes i {name}:\n{describe(problems)}\n"
                               f"Ret det og gem igen. Den tidligere fil er uændret.")
    try:
        return project_to_bytes(project)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"Projektet kunne ikke gemmes i {name}: {_sqlite_reason(exc)}. "
                               f"Den tidligere fil er uændret.") from exc
    except (TypeError, ValueError, OverflowError) as exc:
        raise ProjectFileError(f"Projektet kunne ikke gemmes i {name}: en værdi i projektet har en forkert "
                               f"type ({type(exc).__name__}). Den tidligere fil er uændret.") from exc


def _refuse_if_locked(path: Path, name: str) -> None:
    """Another running program (the GUI, here or on another PC) holds the project's lock: its
    user's work must not be overwritten behind its back. A stale lock (its owner is gone, or it
    is older than the set age from another PC) does not stop the write."""
    from budgetapp.io.project_lock import lock_owner

    owner = lock_owner(path)
    if owner is None or owner.ours or owner.stale_reason() is not None:
        return
    raise ProjectFileError(
        f"Projektet kunne ikke gemmes i {name}: filen er åben og låst af {owner.describe()}. "
        "Luk projektet dér (eller gem det), og prøv igen. Den tidligere fil er uændret.")


def write_project_bytes(data: bytes, path: str | Path) -> None:
    """Write a snapshot from :func:`snapshot_bytes` atomically to ``path`` (safe off the GUI thread).

    Refused (ProjectFileError, Danish, naming who) while another live program holds the lock on
    ``path`` (:mod:`budgetapp.io.project_lock`), so a CLI command never overwrites a project a GUI
    has open."""
    p = Path(path)
    name = _name(p)
    folder = p.parent if str(p.parent) else Path(".")
    _refuse_if_locked(p, name)
    remove_stale_temps(p)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(p) + _temp_owner(), suffix=TEMP_SUFFIX,
                                        dir=folder)
    except OSError as exc:
        reason = danish_reason(exc)
        raise ProjectFileError(
            f"Projektet kunne ikke gemmes i {name}: mappen kan ikke skrives i ({reason}).") from exc
    tmp = Path(tmp_name)
    try:
        try:
            os.chmod(tmp, _file_mode(p))
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, p)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ProjectFileError(
            f"Projektet kunne ikke gemmes i {name}: {danish_reason(exc)}. "
            f"Den tidligere fil er uændret.") from exc
    _fsync_dir(folder)
