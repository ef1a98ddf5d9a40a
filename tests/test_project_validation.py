"""Damaged project files are checked like imports: refused with a Danish list, or opened read-only
after a repair, never a traceback, never a crash, never a project that cannot be saved.

Every test damages its own copy of the demo project with SQLite (the file format is a database
anyone can edit), the way another tool or a half-finished manual edit would.
"""

from __future__ import annotations

import math
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import budgetapp.io.project_file as pf
from budgetapp.cli import main
from budgetapp.core.project_validation import (
    MAX_JSON_DEPTH,
    TABLES,
    check_value,
    json_depth,
    project_problems,
)
from budgetapp.io.project_file import (
    ProjectFileError,
    load_checked_project,
    load_project,
    open_project,
    opened_from_bytes,
    save_project,
)
from budgetapp.resources import demo_project_path


@pytest.fixture(scope="module")
def demo():
    return load_project(demo_project_path())


@pytest.fixture(scope="module")
def demo_bytes(demo):
    return pf.project_to_bytes(demo)


def loosen(conn: sqlite3.Connection, table: str) -> None:
    """Rebuild ``table`` without its constraints (NOT NULL, UNIQUE), as another tool might."""
    conn.execute(f'ALTER TABLE "{table}" RENAME TO old_table')
    conn.execute(f'CREATE TABLE "{table}" AS SELECT * FROM old_table')
    conn.execute("DROP TABLE old_table")


def damaged(tmp_path, demo, *statements: str, loose: tuple[str, ...] = (), params=()) -> object:
    path = tmp_path / "skadet.jcbudget"
    save_project(demo, path)
    conn = sqlite3.connect(path)
    with conn:
        for table in loose:
            loosen(conn, table)
        for i, sql in enumerate(statements):
            conn.execute(sql, params[i] if i < len(params) else ())
    conn.close()
    return path


def refused(path, *expected: str) -> str:
    with pytest.raises(ProjectFileError) as info:
        open_project(path)
    message = str(info.value)
    for text in expected:
        assert text in message
    assert "Traceback" not in message
    return message


def test_text_year_is_refused_at_its_field(tmp_path, demo, capsys):
    path = damaged(tmp_path, demo, "UPDATE project SET budget_year = 'næste år'")
    refused(path, "Tabellen 'projektoplysninger', række 1, feltet 'budget_year': skal være et årstal, "
                  "fandt teksten 'næste år'")
    assert main(["project", "summary", str(path)]) == 1
    assert main(["export", str(path), "--xlsx", str(tmp_path / "ud.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.count("fandt teksten 'næste år'") == 2 and "Traceback" not in err
    assert not (tmp_path / "ud.xlsx").exists()


def test_null_and_text_in_number_columns(tmp_path, demo):
    path = damaged(tmp_path, demo,
                   "UPDATE budget_groups SET full_year_persons = NULL WHERE position = 0",
                   "UPDATE budget_groups SET benefit_per_full_year_person = 'mange' WHERE position = 2",
                   loose=("budget_groups",))
    refused(path, "Tabellen 'basisbudget (målgrupper)', række 1, feltet 'full_year_persons': mangler (NULL)",
            "række 3, feltet 'benefit_per_full_year_person': skal være et tal, fandt teksten 'mange'")


def test_non_finite_and_out_of_range_numbers(tmp_path, demo):
    path = damaged(tmp_path, demo,
                   "UPDATE operation_lines SET amount = ? WHERE position = 0",
                   "UPDATE budget_groups SET measures_refusion_rate = 1.5 WHERE position = 1",
                   "UPDATE price_index_points SET value = -100 "
                   "WHERE year = (SELECT MIN(year) FROM price_index_points)",
                   params=((math.inf,),))  # SQLite stores NaN as NULL: covered by the NULL test
    refused(path, "Tabellen 'jobcenterdrift', række 1, feltet 'amount': skal være et endeligt tal, "
                  "fandt uendelig",
            "række 2, feltet 'measures_refusion_rate': skal være en andel mellem 0 og 1, fandt 1,50",
            "Tabellen 'prisindeks', række 1, feltet 'value': skal være større end 0 og højst 1.000.000, "
            "fandt -100,00")


def test_deeply_nested_case_json_is_refused_without_recursion(tmp_path, demo):
    deep = "[" * 100_000 + "]" * 100_000
    path = damaged(tmp_path, demo, "UPDATE cases SET case_json = ? WHERE position = 0", params=((deep,),))
    refused(path, "Tabellen 'business cases', række 1, feltet 'case_json': JSON-teksten er indlejret mere "
                  f"end {MAX_JSON_DEPTH} niveauer")


@pytest.mark.parametrize("case_json", [
    "null", "[]", '"tekst"', "{ikke json", '{"schema": "budgetapp.case/1", "name": ' + "9" * 5000 + "}",
    '{"schema": "budgetapp.case/1", "name": "x", "start_year": 1e999}',
])
def test_hostile_case_json_is_a_danish_refusal(tmp_path, demo, case_json):
    path = damaged(tmp_path, demo, "UPDATE cases SET case_json = ? WHERE position = 1",
                   params=((case_json,),))
    message = refused(path, "Projektfilen skadet.jcbudget er beskadiget")
    assert "business casen" in message


def test_json_depth_skips_strings():
    assert json_depth('{"a": "[[[[", "b": [1, {"c": 2}]}') == 3  # {, [ and { ; brackets in text count not
    assert json_depth("[" * 10_000) == MAX_JSON_DEPTH + 1  # stops counting past the limit


def test_duplicate_case_opens_read_only_repaired_and_can_be_saved(tmp_path, demo, capsys):
    path = damaged(tmp_path, demo,
                   "INSERT INTO cases SELECT 100, name, enabled, budget_group, price_level_year, case_json "
                   "FROM cases WHERE position = 0", loose=("cases",))
    opened = open_project(path)
    first = demo.cases[0].name
    assert [c.name for c in opened.project.cases] == [c.name for c in demo.cases] + [f"{first} (2)"]
    assert len(opened.problems) == 1 and opened.problems[0].repaired
    assert str(opened.problems[0]).startswith("Tabellen 'business cases', række 4, feltet 'name'")
    # the CLI and export refuse the damaged file alike; nothing is written
    assert main(["project", "summary", str(path)]) == 1
    assert main(["export", str(path), "--xlsx", str(tmp_path / "ud.xlsx")]) == 2
    assert capsys.readouterr().err.count("står også i række 1") == 2
    assert not (tmp_path / "ud.xlsx").exists()
    # the repaired project saves under a new name and opens without problems
    copy = tmp_path / "rettet.jcbudget"
    save_project(opened.project, copy)
    assert open_project(copy).problems == []
    assert load_checked_project(copy).cases[-1].name == f"{first} (2)"


def test_duplicate_scenario_is_renamed_but_duplicate_pool_is_refused(tmp_path, demo):
    path = damaged(tmp_path, demo,
                   "INSERT INTO scenarios SELECT 50, name, description, overrides_json FROM scenarios "
                   "WHERE position = 0", loose=("scenarios",))
    opened = open_project(path)
    assert opened.project.scenarios[-1].name == f"{demo.scenarios[0].name} (2)"
    path = damaged(tmp_path, demo,
                   "INSERT INTO pools SELECT 50, id, name, grantor, start_date, end_date, grant_rate, "
                   "eligible_cost, account, target_group, price_level_year, source, notes_json FROM pools "
                   "WHERE position = 0", loose=("pools",))
    refused(path, "Tabellen 'puljer', række 2, feltet 'id'", "står også i række 1")


def test_reference_to_a_missing_pool_and_a_missing_column(tmp_path, demo):
    path = damaged(tmp_path, demo, "UPDATE pool_years SET pool_id = 'findes-ikke' WHERE rowid = 1")
    refused(path, "feltet 'pool_id': puljen teksten 'findes-ikke' findes ikke i tabellen 'puljer'")
    path = damaged(tmp_path, demo, "ALTER TABLE scenarios DROP COLUMN description")
    refused(path, "Tabellen 'scenarier', feltet 'description': feltet mangler i tabellen")


def test_save_errors_are_danish(tmp_path, demo, monkeypatch):
    project = load_project(demo_project_path())
    project.cases.append(project.cases[0])
    path = tmp_path / "dublet.jcbudget"
    with pytest.raises(ProjectFileError) as info:
        save_project(project, path)
    assert "Business cases: teksten" in str(info.value) and "står to gange" in str(info.value)
    assert "UNIQUE" not in str(info.value) and not path.exists()

    def unique_failed(_project):
        raise sqlite3.IntegrityError("UNIQUE constraint failed: cases.name")

    monkeypatch.setattr(pf, "project_to_bytes", unique_failed)
    with pytest.raises(ProjectFileError) as info:
        save_project(load_project(demo_project_path()), path)
    assert "to rækker har den samme nøgle" in str(info.value)
    assert "UNIQUE" not in str(info.value) and "constraint" not in str(info.value)


def test_export_refuses_what_summary_refuses(tmp_path, demo, capsys):
    path = damaged(tmp_path, demo, "UPDATE cases SET budget_group = 'ukendt' WHERE position = 1")
    assert main(["project", "summary", str(path)]) == 1
    assert main(["export", str(path), "--xlsx", str(tmp_path / "ud.xlsx")]) == 2
    assert capsys.readouterr().err.count("målgruppen 'ukendt' findes ikke i basisbudgettet") == 2
    assert not (tmp_path / "ud.xlsx").exists()
    assert project_problems(demo) == []


BAD_VALUES = st.one_of(
    st.none(), st.text(max_size=8), st.binary(max_size=4),
    st.sampled_from([math.inf, -math.inf, math.nan, 10**30, -1, 1e300, 2**62]),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True),
)
CELLS = [(t, c.name) for t, spec in TABLES.items() for c in spec.columns
         if t not in ("unit_cost_groups", "unit_cost_operation")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cell=st.sampled_from(CELLS), value=BAD_VALUES, row=st.integers(0, 3))
def test_any_bad_cell_is_refused_or_opens_and_saves(demo_bytes, tmp_path, cell, value, row):
    """Property: whatever one cell holds, opening never raises anything but ProjectFileError,
    and a project that opens can be saved and reopened."""
    table, column = cell
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        value = str(value)  # SQLite stores it as text, as another tool would
    conn = sqlite3.connect(":memory:")
    conn.deserialize(demo_bytes)
    with conn:
        loosen(conn, table)
        conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid = (SELECT rowid FROM "{table}" '
                     f'LIMIT 1 OFFSET ?)', (value, row))
    data = conn.serialize()
    conn.close()
    try:
        opened = opened_from_bytes(data, "hypotese.jcbudget")
    except ProjectFileError as exc:
        assert str(exc).startswith(("Projektfilen hypotese.jcbudget", "hypotese.jcbudget"))
        return
    target = tmp_path / "gemt.jcbudget"
    save_project(opened.project, target)
    # the tables are clean once saved; what remains is what the project itself cannot compute
    # (project.issues(), shown on open, read-only), the same before and after the save
    assert {str(p) for p in open_project(target).problems} == \
        {f"{i.field}: {i.message}" for i in opened.project.issues()}


def test_check_value_bounds():
    assert check_value("year", 2027) is None
    assert check_value("year", 2027.0) == "skal være et årstal, fandt 2.027,00"
    assert check_value("year", 99999) == "årstallet 99999 ligger uden for 1900-2200"
    assert check_value("bool", True) == "skal være 0 eller 1, fandt True"
    assert check_value("real", -1e13) == "beløbet -10.000.000.000.000,00 er større end 1.000.000.000.000 kr."
    assert check_value("text", b"x") == "skal være en tekst, fandt binære data"


def test_gui_opens_a_text_year_project_without_crashing(tmp_path, demo):
    """The GUI crashed (segmentation fault) on a text year: the str reached Project.budget_year,
    the overview page's showEvent raised TypeError inside Qt while the window was being shown.
    Now the file is refused at open and the demo opens instead; run in a subprocess so a crash
    would fail the test instead of the test run."""
    path = damaged(tmp_path, demo, "UPDATE project SET budget_year = 'næste år'")
    script = textwrap.dedent(f"""
        import pathlib
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QMessageBox
        QStandardPaths.setTestModeEnabled(True)
        shown = []
        QMessageBox.warning = staticmethod(lambda _parent, title, text, *a: shown.append(text))
        from budgetapp.ui.app import build_window, create_application
        app = create_application()
        window = build_window({str(path)!r}, interactive=False)
        window.show()
        for _ in range(10):
            app.processEvents()
        assert window.document.path is None  # the demo
        assert window.open_file(pathlib.Path({str(path)!r}), ask_first=False) is False
        assert "fandt teksten 'næste år'" in shown[-1], shown
        print("ok")
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180,
                            env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
    assert "feltet 'budget_year': skal være et årstal, fandt teksten 'næste år'" in result.stderr
