"""Importing the base budget: Danish workbooks as they are, totals rows checked, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.core.budget import BaseBudget, OperationLine
from budgetapp.core.project import Project
from budgetapp.io.import_budget import apply_budget_import, read_budget
from budgetapp.io.import_common import ImportRefused
from tests.import_helpers import BUDGET_HEADER, write_ods, write_xlsx


def project() -> Project:
    budget = BaseBudget("Eksempel Kommune", 2026, 2026,
                        operation=(OperationLine("Gammel drift", 2026, 1_000_000.0),))
    return Project("Eksempel Kommune", 2026, 2026, budget)


def real_world_sheet() -> list[list[object]]:
    """A title, a blank row, headers in another order and case, text numbers, spacer and totals rows."""
    return [
        ["Basisbudget 2026, Eksempel Kommune"],
        [],
        ["Kilde", "ÅR", " målgruppe ", "helårspersoner", "Ydelse pr. helårsperson (1.000 kr.)",
         "refusionsregel", "Gns. refusionssats", "Indsats pr. helårsperson (kr.)"],
        ["Regnskab", 2026, "Dagpengemodtagere", "412,5", "231", "medfinansiering-2016", "60 %", "14.500"],
        [None, "2026", "sygedagpenge", 300, "150,5", "refusionstrappe-2016", 0.3, None],
        [],
        ["I alt", None, None, "712,5", None, None, None, None],
        ["Kilde: økonomiafdelingen"],
    ]


def test_real_world_budget_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": real_world_sheet()})
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert result.report.error_count == 0
    first, second = result.groups
    assert first.target_group == "dagpenge"         # the reference name mapped to its key
    assert first.year == 2026
    assert first.full_year_persons == 412.5           # "412,5"
    assert first.benefit_per_full_year_person == 231_000.0  # "231" in a (1.000 kr.) column
    assert first.average_refusion_rate == 0.6         # "60 %"
    assert first.measures_per_full_year_person == 14_500.0  # "14.500"
    assert first.source == "Regnskab"
    assert second.target_group == "sygedagpenge"
    assert second.benefit_per_full_year_person == 150_500.0  # "150,5" × 1.000
    assert second.measures_per_full_year_person == 0.0      # blank optional column
    assert result.operation is None                  # no Drift sheet: keep the project's lines
    # The totals row 7 was checked: 412,5 + 300 = 712,5, and not read as data.
    assert "1 sumrækker kontrolleret" in result.report.notes[0]


def test_totals_row_mismatch_is_an_error_with_the_cell(tmp_path: Path) -> None:
    rows = real_world_sheet()
    rows[6][3] = "700"  # the rows above sum to 412,5 + 300 = 712,5
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert not result.report.ok
    assert result.groups == ()
    [problem] = result.report.errors
    assert problem.address == "Budget!D7"
    assert problem.found == "700"
    assert "summen af rækkerne 4-6 ovenfor = 712,5" in problem.expected


def test_subtotals_and_grand_total_are_each_checked_never_summed(tmp_path: Path) -> None:
    rows = [BUDGET_HEADER,
            ["dagpenge", 2026, 100, 200000, "refusionstrappe-2016", 0.3, 0],
            ["sygedagpenge", 2026, 50, 200000, "refusionstrappe-2016", 0.3, 0],
            ["I alt 2026", None, 150],                  # 100 + 50
            ["dagpenge", 2027, 110, 200000, "refusionstrappe-2016", 0.3, 0],
            ["Total 2027", None, 110],
            ["Sum", None, 260]]                         # grand total: 150 + 110
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 3
    assert sum(g.full_year_persons for g in result.groups) == 260.0


def test_every_bad_cell_is_reported_with_sheet_cell_value_and_expectation(tmp_path: Path) -> None:
    rows = [BUDGET_HEADER,
            ["dagpenge", 2026, "1,234.5", 200000, "refusionstrappe-2016", 0.3, 0],
            ["sygedagpenge", "20x6", 10, 200000, "ukendt-regel", "150 %", -5],
            ["dagpenge", 2026, 10, 200000, "refusionstrappe-2016", 0.3, 0],
            ["dagpenge", 2026, 10, 200000, "refusionstrappe-2016", 0.3, 0],
            ["ledighedsydelse", 2026, 10, 200000, "refusionstrappe-2016", None, 0]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    by_cell = {p.address: p for p in result.report.errors}
    assert set(by_cell) == {"Budget!C2", "Budget!B3", "Budget!E3", "Budget!F3", "Budget!G3",
                            "Budget!B5", "Budget!F6"}
    assert by_cell["Budget!C2"].found == "1,234.5"
    assert "dansk format" in by_cell["Budget!C2"].expected
    assert by_cell["Budget!B3"].expected == "År: et årstal mellem 1990 og 2100"
    assert "refusionstrappe-2016" in by_cell["Budget!E3"].expected
    assert by_cell["Budget!F3"].expected == "Gns. refusionssats: en andel mellem 0 % og 100 %"
    assert by_cell["Budget!G3"].found == "-5"
    # row 5 repeats dagpenge 2026 from row 4 (row 2 had an error, so row 4 holds the key)
    assert "står også i række 4" in by_cell["Budget!B5"].expected
    # row 6 has neither bands nor an average rate
    assert "gennemsnitlig sats" in by_cell["Budget!F6"].expected
    assert result.groups == ()


def test_band_distribution_and_gross_check(tmp_path: Path) -> None:
    header = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson", "Refusionsregel",
              "Andel uge 1-4", "Andel uge 5-26", "Andel uge 27-52", "Andel uge 53+", "Bruttoudgift"]
    rows = [header,
            ["dagpenge", 2026, 100, 200000, "refusionstrappe-2016", "10 %", "40 %", "30 %", "20 %",
             "20.000.000"],                                 # 100 × 200.000 = 20.000.000
            ["sygedagpenge", 2026, 100, 200000, "refusionstrappe-2016", "10 %", "40 %", "30 %", "30 %",
             None],                                         # shares sum to 110 %
            ["ledighedsydelse", 2026, 100, 200000, "refusionstrappe-2016", 0.1, 0.4, None, 0.5, None],
            ["revalidering", 2026, 10, 200000, "refusionstrappe-2016", 0.25, 0.25, 0.25, 0.25, 1999998]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    by_cell = {p.address: p for p in result.report.errors}
    assert set(by_cell) == {"Budget!F3", "Budget!H4", "Budget!J5"}
    # 10 + 40 + 30 + 30 = 110 %, shown as the percentages typed
    assert by_cell["Budget!F3"].expected.endswith("summen er 110 %")
    assert by_cell["Budget!F3"].found == "10 % + 40 % + 30 % + 30 %"
    assert "alle fire andele" in by_cell["Budget!H4"].expected
    # 10 × 200.000 = 2.000.000, but the file says 1.999.998 (more than 1 kr. off)
    assert by_cell["Budget!J5"].expected.endswith("= 2.000.000")

    rows = rows[:2]
    ok = read_budget(write_xlsx(tmp_path / "ok.xlsx", {"Budget": rows}))
    assert ok.report.ok, ok.report.to_text()
    assert ok.groups[0].band_distribution == (0.1, 0.4, 0.3, 0.2)
    assert ok.groups[0].average_refusion_rate is None


def test_operation_sheet_in_thousands(tmp_path: Path) -> None:
    budget = [BUDGET_HEADER, ["dagpenge", 2026, 100, 200000, "refusionstrappe-2016", 0.3, 0]]
    drift = [["Navn", "År", "Beløb (1.000 kr.)", "Styringsområde"],
             ["Sagsbehandlere", 2026, "18.500", "Service"],
             ["Husleje", 2026, "2.000,5", "service"],
             ["I alt", None, "20.500,5"]]                  # 18.500 + 2.000,5
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": budget, "Drift": drift}))
    assert result.report.ok, result.report.to_text()
    assert [(o.name, o.amount, o.styringsomraade) for o in result.operation] == [
        ("Sagsbehandlere", 18_500_000.0, "service"), ("Husleje", 2_000_500.0, "service")]


def test_apply_is_all_or_nothing(tmp_path: Path) -> None:
    original = project()
    good = read_budget(write_xlsx(tmp_path / "good.xlsx", {"Budget": real_world_sheet()}))
    updated = apply_budget_import(original, good)
    assert [g.target_group for g in updated.budget.groups] == ["dagpenge", "sygedagpenge"]
    assert updated.budget.operation == original.budget.operation  # no Drift sheet: kept
    assert updated.budget.group_names["dagpenge"] == "Dagpengemodtagere"
    assert original.budget.groups == ()                          # the original is untouched

    rows = real_world_sheet()
    rows[4][3] = "tre hundrede"
    bad = read_budget(write_xlsx(tmp_path / "bad.xlsx", {"Budget": rows}))
    assert bad.groups == ()
    with pytest.raises(ImportRefused) as info:
        apply_budget_import(original, bad)
    # one error: D5 is unreadable; the totals row 7 sums a section with that row, so it is not checked
    assert info.value.report.error_count == 1
    assert info.value.report.errors[0].address == "Budget!D5"
    assert original.budget.groups == ()


def test_unknown_group_is_warned_once(tmp_path: Path) -> None:
    rows = [BUDGET_HEADER,
            ["Integrationsydelse SHO", 2026, 10, 100000, "refusionstrappe-2016", 0.3, 0],
            ["Integrationsydelse SHO", 2027, 10, 100000, "refusionstrappe-2016", 0.3, 0]]
    result = read_budget(write_xlsx(tmp_path / "b.xlsx", {"Budget": rows}))
    assert result.report.ok
    assert [w.address for w in result.report.warnings] == ["Budget!A2"]
    assert result.group_names == {"Integrationsydelse SHO": "Integrationsydelse SHO"}


@pytest.mark.parametrize(("encoding", "delimiter", "bom"), [
    ("utf-8", ";", False), ("utf-8", ";", True), ("cp1252", ";", False), ("utf-8", ",", False)])
def test_csv_variants(tmp_path: Path, encoding: str, delimiter: str, bom: bool) -> None:
    if delimiter == ";":
        lines = ["Målgruppe;År;Helårspersoner;Ydelse pr. helårsperson;Refusionsregel;Gns. refusionssats",
                 "Ledighedsydelsesmodtagere;2026;1.234,5;180.000;refusionstrappe-2016;35 %",
                 ";;;;;",
                 "I alt;;1.234,5;;;"]
    else:
        lines = ["Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson,Refusionsregel,Gns. refusionssats",
                 'Ledighedsydelsesmodtagere,2026,"1.234,5",180000,refusionstrappe-2016,0.35']
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    path = tmp_path / "budget.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    [group] = result.groups
    assert group.target_group == "ledighedsydelse"
    assert group.full_year_persons == 1234.5
    assert group.benefit_per_full_year_person == 180_000.0
    assert group.average_refusion_rate == pytest.approx(0.35, abs=1e-12)


def test_ods_is_read(tmp_path: Path) -> None:
    rows = [BUDGET_HEADER, ["revalidering", 2026, 12.5, 190000, "refusionstrappe-2016", "30 %", 8000]]
    result = read_budget(write_ods(tmp_path / "budget.ods", "Budget", rows))
    assert result.report.ok, result.report.to_text()
    [group] = result.groups
    assert (group.target_group, group.full_year_persons, group.benefit_per_full_year_person,
            group.average_refusion_rate, group.measures_per_full_year_person) == (
        "revalidering", 12.5, 190_000.0, 0.3, 8000.0)
