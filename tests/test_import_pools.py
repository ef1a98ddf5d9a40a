"""Importing pool grants and unit costs: validation with cell addresses, totals rows, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from budgetapp.core.budget import BaseBudget
from budgetapp.core.pools import Pool
from budgetapp.core.project import Project
from budgetapp.io.import_common import ImportRefused
from budgetapp.io.import_pools import apply_pool_import, read_pools
from budgetapp.io.import_unit_costs import read_unit_costs
from tests.import_helpers import write_xlsx

POOL_HEADER = ["Id", "Navn", "Bevilgende myndighed", "Startdato", "Slutdato", "Tilskudsprocent",
               "Tilskudsberettigede udgifter (kr.)"]
YEAR_HEADER = ["Pulje", "År", "Udgift", "Indtægt", "Ansøgningsudgift", "Administrationsudgift", "Årsværk"]


def pool_file(tmp_path: Path, pools: list[list[object]], years: list[list[object]]) -> Path:
    return write_xlsx(tmp_path / "puljer.xlsx", {"Puljer": [POOL_HEADER, *pools],
                                                 "Puljeår": [YEAR_HEADER, *years]})


def test_pools_with_text_numbers_and_totals(tmp_path: Path) -> None:
    path = pool_file(
        tmp_path,
        [["mentor", "Mentorpulje", "STAR", "01-01-2027", "31-12-2028", "80 %", "2.400.000"]],
        [["mentor", 2027, "1.200.000", "480.000", "40.000", "77.000", 2],
         [None],
         ["Mentorpulje", 2028, "1.200.000", "1.440.000", 0, "77.000", 2],   # referred to by name
         ["I alt", None, "2.400.000", "1.920.000", "40.000", "154.000", 4]])
    result = read_pools(path)
    assert result.report.ok, result.report.to_text()
    [pool] = result.pools
    assert (pool.id, pool.grant_rate, pool.eligible_cost) == ("mentor", 0.8, 2_400_000.0)
    assert (pool.start_date, pool.end_date) == (dt.date(2027, 1, 1), dt.date(2028, 12, 31))
    assert [(y.year, y.expense, y.income) for y in pool.years] == [
        (2027, 1_200_000.0, 480_000.0), (2028, 1_200_000.0, 1_440_000.0)]
    # income 480.000 + 1.440.000 = 1.920.000 = 80 % × 2.400.000: within the grant
    assert pool.total_income == pool.grant == 1_920_000.0


def test_pool_errors_point_at_cells(tmp_path: Path) -> None:
    path = pool_file(
        tmp_path,
        [["mentor", "Mentorpulje", "STAR", "01-01-2027", "31-12-2027", "80 %", "1.000.000"],
         ["mentor", "Anden pulje", "", None, None, "100 %", 0]],
        [["mentor", 2027, "1.000.000", "900.000", 0, 0, 0],   # 900.000 > 80 % × 1.000.000
         ["mentor", 2028, "10.000", 0, 0, 0, 0],             # expense after the end date
         ["ukendt", 2027, 1, 0, 0, 0, 0],
         ["I alt", None, "1.010.001", "800.000"]])   # expense 1.000.000 + 10.000 + 1 is right;
    #                                                  income rows sum to 900.000, not 800.000
    result = read_pools(path)
    by_cell = {p.address: p.expected for p in result.report.errors}
    assert by_cell["Puljer!A3"].startswith("et id der kun bruges af én pulje (bruges også i række 2)")
    assert by_cell["Puljeår!A4"] == "id eller navn på en pulje i arket Puljer"
    assert by_cell["Puljeår!D5"].startswith("Indtægt: summen af rækkerne 2-4 ovenfor = 900.000")
    assert by_cell["Puljer!G2"] == ("indtægterne i alt (900.000 kr.) overstiger tilskuddet efter "
                                    "tilskudsprocenten (800.000 kr.)")
    assert by_cell["Puljeår!C3"] == "puljen slutter 2027-12-31, men har udgift eller årsværk i 2028"
    assert len(by_cell) == 5
    assert result.pools == ()
    project = Project("K", 2026, 2026, BaseBudget("K", 2026, 2026), pools=[Pool("gammel", "Gammel")])
    with pytest.raises(ImportRefused):
        apply_pool_import(project, result)
    assert [p.id for p in project.pools] == ["gammel"]


def test_apply_pools_replaces_by_id_and_keeps_others(tmp_path: Path) -> None:
    path = pool_file(tmp_path, [["a", "Ny A", "", None, None, 1, 0], ["c", "C", "", None, None, 1, 0]],
                     [["a", 2027, 100, 100, 0, 0, 0]])
    project = Project("K", 2026, 2026, BaseBudget("K", 2026, 2026),
                      pools=[Pool("a", "Gammel A"), Pool("b", "B")])
    updated = apply_pool_import(project, read_pools(path))
    assert [(p.id, p.name) for p in updated.pools] == [("a", "Ny A"), ("b", "B"), ("c", "C")]
    assert [(p.id, p.name) for p in project.pools] == [("a", "Gammel A"), ("b", "B")]


def test_unit_costs(tmp_path: Path) -> None:
    rows = [["Målgruppe", "År", "Fuldtidsledige", "Udgift til beskæftigelsesindsats (mio. kr.)"],
            ["Sygedagpengemodtagere (inkl. jobafklaring)", 2025, "523,4", "9,85"],
            ["Øvrige og ikke fordelt", 2025, 0, "1,2"],
            ["I alt", None, "523,4", "11,05"]]       # 9,85 + 1,2 = 11,05 mio. kr.
    hk6 = [["År", "Jobcenterdrift (kr.)"], [2025, "42.000.000"]]
    path = write_xlsx(tmp_path / "enhed.xlsx", {"Enhedsudgifter": rows, "Jobcenterdrift": hk6})
    result = read_unit_costs(path)
    assert result.report.ok, result.report.to_text()
    assert [(g.target_group, g.full_year_persons, g.measures_expense) for g in result.groups] == [
        ("sygedagpenge", 523.4, 9_850_000.0), ("Øvrige og ikke fordelt", 0.0, 1_200_000.0)]
    assert [(o.year, o.amount) for o in result.operation] == [(2025, 42_000_000.0)]
    # a wrong total in mio. kr. is reported in the column's own unit
    rows[3][3] = "11,5"
    bad = read_unit_costs(write_xlsx(tmp_path / "bad.xlsx", {"Enhedsudgifter": rows}))
    [problem] = bad.report.errors
    assert problem.address == "Enhedsudgifter!D4"
    assert "summen af rækkerne 2-3 ovenfor = 11,05" in problem.expected
