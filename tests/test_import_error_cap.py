"""A sheet full of wrong cells is refused after a bounded number of errors, not after reading all.

A file whose amount column holds text everywhere (a wrong header row, or a sheet exported with
numbers as words) would otherwise be parsed cell by cell as Danish numbers, each one an error, and
take minutes for a sheet at the cell limit. The reading stops at ``MAX_SHEET_ERRORS`` errors; the
file is refused either way, so nothing changes in the project."""

from __future__ import annotations

import pytest

from budgetapp.cli import main
from budgetapp.io.import_budget import read_budget
from budgetapp.io.tables import MAX_SHEET_ERRORS
from tests.import_helpers import BUDGET_HEADER
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")


def _csv(rows: int) -> str:
    # Two wrong cells a row ("mange" in two number columns): rows × 2 errors if all were read.
    lines = [",".join(BUDGET_HEADER)]
    lines += [f"dagpenge,{2027 + i % 4},mange,mange,flat,0,14" for i in range(rows)]
    return "\n".join(lines) + "\n"


def test_reading_stops_at_the_error_cap_and_says_where(tmp_path):
    path = tmp_path / "tekst.csv"
    path.write_text(_csv(5_000), encoding="utf-8")   # 10.000 wrong cells if all were read
    report = read_budget(path).report
    # 1.000 cell errors (two per row: rows 2-501), then the stop message: 1.001 in all.
    assert report.error_count == MAX_SHEET_ERRORS + 1 == 1_001
    stop = report.errors[-1].expected
    assert "mindst 1.000 fejl" in stop and "stoppede ved række 502" in stop


def test_a_sheet_below_the_cap_reports_every_error(tmp_path):
    path = tmp_path / "tekst.csv"
    path.write_text(_csv(10), encoding="utf-8")
    report = read_budget(path).report
    assert report.error_count == 20   # 10 rows × 2 wrong cells, nothing stopped
    assert not any("stoppede" in p.expected for p in report.errors)


def test_the_capped_file_changes_nothing(tmp_path, demo_path, capsys):
    path = tmp_path / "tekst.csv"
    path.write_text(_csv(2_000), encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path)]) == 1
    assert "stoppede ved række 502" in capsys.readouterr().out
    assert demo_path.read_bytes() == before
