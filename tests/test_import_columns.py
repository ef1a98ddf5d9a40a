"""The budget import has one path: the lines and the report from a table, checked column by column."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from budgetapp.core.budget import GroupYear
from budgetapp.io import import_common, import_kind
from budgetapp.io.import_budget import _groups, budget_columns, read_budget
from budgetapp.io.import_common import TargetGroups, construct_all
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import read_table
from budgetapp.io.workbook_reader import Sheet
from tests.import_helpers import BUDGET_HEADER, write_xlsx

BANDS_HEADER = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)", "Refusionsregel",
                "Gns. refusionssats (%)", "Andel uge 1-4", "Andel uge 5-26", "Andel uge 27-52",
                "Andel uge 53+", "Bruttoudgift"]


def lines_and_problems(rows: list[list[object]]) -> tuple[tuple, list]:
    """(lines, problems) from a fresh table, catalog and report."""
    report = ImportReport()
    table = read_table(Sheet("Budget", rows), budget_columns(), report)
    assert table is not None
    return _groups(table, TargetGroups(), report), list(report.problems)


def test_clean_rows_give_every_line_and_the_warnings_in_file_order() -> None:
    rows: list[list[object]] = [
        BANDS_HEADER,
        # 10 × 231.000 = 2.310.000 kr. gross; the bands 0,1 + 0,4 + 0,25 + 0,25 = 1
        ["dagpenge", 2026.0, 10.0, 231000.0, "refusionstrappe-2016", "", 0.1, 0.4, 0.25, 0.25, 2310000.0],
        ["Ny gruppe", 2026.0, "12,5", "150.000", "refusionstrappe-2016", "35 %", "", "", "", "", ""],
        ["Ny gruppe", "2027", 12.5, 150000.0, "refusionstrappe-2016", 0.35, "", "", "", "", ""],
        ["Anden gruppe", 2026.0, 1.0, 1000.0, "refusionstrappe-2016", 0.5, "", "", "", "", ""],
    ]
    lines, problems = lines_and_problems(rows)
    assert len(lines) == 4
    # two unknown groups: one warning each, at the first row that names it (rows 3 and 5)
    assert [(p.address, p.found) for p in problems] == [("Budget!A3", "Ny gruppe"),
                                                       ("Budget!A5", "Anden gruppe")]
    assert lines[0].band_distribution == (0.1, 0.4, 0.25, 0.25)
    assert lines[0].average_refusion_rate is None
    assert lines[1].full_year_persons == 12.5 and lines[1].average_refusion_rate == 0.35
    assert lines[2].year == 2027


@pytest.mark.parametrize("bad_row, expected", [
    # the same group twice in 2026
    (["dagpenge", 2026.0, 5.0, 231000.0, "refusionstrappe-2016", 0.3, "", "", "", "", ""],
     "målgruppen dagpenge kun én gang pr. år (står også i række 2)"),
    # 10 × 1.000 = 10.000, not 9.000
    (["sygedagpenge", 2026.0, 10.0, 1000.0, "refusionstrappe-2016", 0.3, "", "", "", "", 9000.0],
     "Bruttoudgift = helårspersoner × ydelse pr. helårsperson = 10,00 × 1.000,00 = 10.000"),
    # three of four band shares
    (["sygedagpenge", 2026.0, 10.0, 1000.0, "refusionstrappe-2016", "", 0.5, 0.5, 0.0, "", ""],
     "alle fire andele (uge 1-4, 5-26, 27-52, 53+) eller ingen af dem"),
    # neither bands nor a rate
    (["sygedagpenge", 2026.0, 10.0, 1000.0, "refusionstrappe-2016", "", "", "", "", "", ""],
     "angiv enten fordelingen på refusionstrappens trin eller en gennemsnitlig sats"),
])
def test_a_row_with_a_problem_is_an_error_at_its_cell_and_left_out(bad_row: list[object],
                                                                   expected: str) -> None:
    rows: list[list[object]] = [
        BANDS_HEADER,
        ["dagpenge", 2026.0, 10.0, 231000.0, "refusionstrappe-2016", 0.3, "", "", "", "", ""],
        bad_row,
    ]
    lines, problems = lines_and_problems(rows)
    assert [p.expected for p in problems] == [expected]
    assert all(p.address.endswith("3") for p in problems)  # the bad row, sheet row 3
    assert len(lines) == 1


def test_true_in_a_number_column_is_refused_beside_the_number_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [
        BUDGET_HEADER,
        ["dagpenge", 2026, 1.0, 231000, "refusionstrappe-2016", 0.3, 0],
        ["dagpenge", 2027, True, 231000, "refusionstrappe-2016", 0.3, 0],
    ]})
    report = read_budget(path).report
    assert [(p.address, p.found, p.expected) for p in report.errors] == [
        ("Budget!C3", "SAND", "Helårspersoner: et tal, fx 1.234,5 (ikke SAND/FALSK)")]


def test_minus_zero_keeps_its_sign() -> None:
    report = ImportReport()
    rows: list[list[object]] = [BUDGET_HEADER,
                                ["dagpenge", 2026.0, 0.0, 1.0, "refusionstrappe-2016", 0.3, 0.0],
                                ["dagpenge", 2027.0, -0.0, 1.0, "refusionstrappe-2016", 0.3, 0.0]]
    table = read_table(Sheet("Budget", rows), budget_columns(), report)
    assert table is not None and report.ok
    assert [math.copysign(1.0, v) for v in table.data["full_year_persons"]] == [1.0, -1.0]  # type: ignore[arg-type]


def test_construct_all_fills_defaults_through_the_constructor() -> None:
    lines = construct_all(GroupYear, {"target_group": ["a", "b"], "year": [2026, 2027],
                                      "full_year_persons": [1.0, 2.0],
                                      "benefit_per_full_year_person": [10.0, 20.0],
                                      "source": ["x", "y"]}, 2)
    assert lines == [GroupYear("a", 2026, 1.0, 10.0, source="x"), GroupYear("b", 2027, 2.0, 20.0, source="y")]
    with pytest.raises(TypeError):
        construct_all(GroupYear, {"target_group": ["a"], "year": [2026]}, 1)  # no persons, no default


def test_import_check_opens_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [
        BUDGET_HEADER, ["dagpenge", 2026, 10, 231000, "refusionstrappe-2016", 0.3, 0]]})
    opened: list[Path] = []
    real = import_kind.open_workbook

    def counting(p: str | Path):  # type: ignore[no-untyped-def]
        opened.append(Path(p))
        return real(p)

    monkeypatch.setattr(import_kind, "open_workbook", counting)
    monkeypatch.setattr(import_common, "open_workbook", counting)
    kind, result, report = import_kind.read_any(path)
    assert kind == "budget" and report.ok and result is not None
    assert opened == [path]
