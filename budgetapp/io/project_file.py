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
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.budget_amounts import AmountLine
from budgetapp.core.case import CaseError, case_from_dict
from budgetapp.core.pools import Pool, PoolYear
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.project import InputSource, Project, ProjectCase, Scenario, case_file_json
from budgetapp.core.unit_costs import OperationExpense, UnitCostInputs, UnitCostLine

SUFFIX = ".jcbudget"
FORMAT = "budgetapp.project"
SCHEMA_VERSION = 2
APPLICATION_ID = 0x4A434244  # "JCBD" in the SQLite header: marks the file as ours
SQLITE_HEADER = b"SQLite format 3\x00"

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
    notes TEXT NOT NULL
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
MIGRATIONS: dict[int, Migration] = {1: lambda conn: conn.executescript(AMOUNT_LINES_TABLE)}


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


def load_project(path: str | Path) -> Project:
    """Open a project file. Raises :class:`ProjectFileError` with a Danish message."""
    p = Path(path)
    name = _name(p)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ProjectFileError(f"{name} er en mappe, ikke en projektfil.") from None
    except FileNotFoundError:
        raise ProjectFileError(f"Projektfilen {name} findes ikke.") from None
    except OSError as exc:
        raise ProjectFileError(f"Projektfilen {name} kan ikke læses: {exc.strerror or exc}.") from exc
    return project_from_bytes(data, name)


def project_from_bytes(data: bytes, name: str = "projektfilen") -> Project:
    if not data.startswith(SQLITE_HEADER):
        if not data:
            raise ProjectFileError(f"{name} er tom og ikke en projektfil fra budgetapp.")
        raise ProjectFileError(f"{name} er ikke en projektfil fra budgetapp (.jcbudget).")
    try:
        conn = _connect_bytes(data)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {exc}.") from exc
    try:
        check = conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: {check[0][0]}.")
        version = _file_version(conn, name)
        if version > SCHEMA_VERSION:
            raise ProjectFileError(
                f"Projektfilen {name} er gemt med en nyere version af budgetapp (filformat {version}). "
                f"Denne version kan åbne filformat 1-{SCHEMA_VERSION}. Opdatér programmet for at åbne den.")
        if version < 1:
            raise ProjectFileError(f"Projektfilen {name} er beskadiget: ugyldigt filformat {version}.")
        migrate(conn, version, name)
        return _read(conn, name)
    except sqlite3.Error as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {exc}.") from exc
    except (KeyError, ValueError, TypeError, json.JSONDecodeError) as exc:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: {exc}.") from exc
    finally:
        conn.close()


def _date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def _read(conn: sqlite3.Connection, name: str) -> Project:
    conn.row_factory = sqlite3.Row
    head = conn.execute("SELECT * FROM project").fetchall()
    if len(head) != 1:
        raise ProjectFileError(f"Projektfilen {name} er beskadiget: projektoplysningerne mangler.")
    h = head[0]
    group_names = {r["key"]: r["label"] for r in conn.execute("SELECT * FROM group_names ORDER BY position")}
    groups = []
    for r in conn.execute("SELECT * FROM budget_groups ORDER BY position"):
        bands = (r["band_1_4"], r["band_5_26"], r["band_27_52"], r["band_53"])
        groups.append(GroupYear(
            target_group=r["target_group"], year=r["year"], full_year_persons=r["full_year_persons"],
            benefit_per_full_year_person=r["benefit_per_full_year_person"],
            refusion_rule=r["refusion_rule"],
            band_distribution=None if bands[0] is None else tuple(float(b) for b in bands),
            average_refusion_rate=r["average_refusion_rate"],
            measures_per_full_year_person=r["measures_per_full_year_person"],
            measures_refusion_rule=r["measures_refusion_rule"],
            measures_refusion_rate=r["measures_refusion_rate"],
            benefit_function=r["benefit_function"], measures_function=r["measures_function"],
            source=r["source"], benefit_styringsomraade=r["benefit_styringsomraade"],
            measures_styringsomraade=r["measures_styringsomraade"],
        ))
    operation = tuple(
        OperationLine(r["name"], r["year"], r["amount"], r["function"], r["styringsomraade"], r["source"])
        for r in conn.execute("SELECT * FROM operation_lines ORDER BY position"))
    amounts = tuple(
        AmountLine(r["target_group"], r["year"], r["area"], r["gross"], r["refusion"], r["function"],
                   r["styringsomraade"], r["source"], r["status"])
        for r in conn.execute("SELECT * FROM budget_amount_lines ORDER BY position"))
    budget = BaseBudget(h["municipality"], h["budget_year"], h["budget_price_level_year"], tuple(groups),
                        operation, group_names, h["last_accounts_year"], amounts)
    unit_costs = None
    if h["unit_costs_price_level_year"] is not None:
        unit_costs = UnitCostInputs(
            h["unit_costs_price_level_year"],
            tuple(UnitCostLine(r["target_group"], r["year"], r["full_year_persons"], r["measures_expense"],
                               r["source"])
                  for r in conn.execute("SELECT * FROM unit_cost_groups ORDER BY position")),
            tuple(OperationExpense(r["year"], r["amount"], r["source"])
                  for r in conn.execute("SELECT * FROM unit_cost_operation ORDER BY position")))
    pools = []
    for r in conn.execute("SELECT * FROM pools ORDER BY position").fetchall():
        years = tuple(PoolYear(y["year"], y["expense"], y["income"], y["application_cost"],
                               y["administration_cost"], y["staff_fte"])
                      for y in conn.execute("SELECT * FROM pool_years WHERE pool_id = ? ORDER BY year",
                                            (r["id"],)))
        pools.append(Pool(r["id"], r["name"], r["grantor"], _date(r["start_date"]), _date(r["end_date"]),
                          r["grant_rate"], r["eligible_cost"], years, r["account"], r["target_group"],
                          r["price_level_year"], r["source"], json.loads(r["notes_json"])))
    cases = []
    for r in conn.execute("SELECT * FROM cases ORDER BY position"):
        try:
            case = case_from_dict(json.loads(r["case_json"]))
        except CaseError as exc:
            problems = "; ".join(str(i) for i in exc.issues[:5])
            raise ProjectFileError(
                f"Projektfilen {name} er beskadiget: business casen '{r['name']}' er ugyldig ({problems}).") \
                from exc
        cases.append(ProjectCase(case, bool(r["enabled"]), r["budget_group"], r["price_level_year"]))
    scenarios = [Scenario(r["name"], json.loads(r["overrides_json"]), r["description"])
                 for r in conn.execute("SELECT * FROM scenarios ORDER BY position")]
    sources = {r["key"]: InputSource(r["source"], r["remark"])
               for r in conn.execute("SELECT * FROM sources ORDER BY key")}
    points = tuple(IndexPoint(r["year"], r["value"], r["source"])
                   for r in conn.execute("SELECT * FROM price_index_points ORDER BY year"))
    index = PriceIndex(h["price_index_name"], points, h["price_index_source"])
    return Project(
        municipality=h["municipality"], budget_year=h["budget_year"], price_level_year=h["price_level_year"],
        budget=budget, unit_costs=unit_costs, pools=pools, cases=cases, scenarios=scenarios,
        notes=h["notes"], sources=sources, price_index=index, last_accounts_year=h["last_accounts_year"],
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
            "INSERT INTO project VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (project.municipality, project.budget_year, project.price_level_year, project.last_accounts_year,
             b.price_level_year, uc.price_level_year if uc else None, project.size_group,
             project.rammevilkaar_group, project.price_index.name, project.price_index.source, project.notes))
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
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def save_project(project: Project, path: str | Path) -> None:
    """Save atomically: temp file in the same folder, fsync, os.replace.

    On any failure the temporary file is removed, the previous file is unchanged and a
    :class:`ProjectFileError` says why.
    """
    p = Path(path)
    name = _name(p)
    try:
        data = project_to_bytes(project)
    except (sqlite3.Error, TypeError, ValueError) as exc:
        raise ProjectFileError(f"Projektet kunne ikke gemmes i {name}: {exc}.") from exc
    folder = p.parent if str(p.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        reason = exc.strerror or exc
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
            f"Projektet kunne ikke gemmes i {name}: {exc.strerror or exc}. "
            f"Den tidligere fil er uændret.") from exc
    _fsync_dir(folder)
