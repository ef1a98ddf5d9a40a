"""The council workbook's sheet "Følsomhed og usikkerhed": its figures are the core's, exactly.

The demo project's workbook is built once; each figure read back with openpyxl is compared with
the same analysis computed directly by ``budgetapp.core`` on the case as the workbook holds it
(converted to the project's price level).
"""

from __future__ import annotations

import dataclasses
import zipfile

import openpyxl
import pytest
from conftest import HILLEROD, RESOURCES

from budgetapp.cli import main
from budgetapp.core.appraisal import appraise
from budgetapp.core.break_even import FOUND, break_even_table
from budgetapp.core.case import load_case
from budgetapp.core.decision_data import Estimate
from budgetapp.core.scenarios import compare_scenarios
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import simulate
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases, content_from_project
from budgetapp.export.decision_sheet import DECISION_SHEET
from budgetapp.export.workbook_style import FMT_SHARE, FMT_THOUSAND_KR
from budgetapp.io.project_file import load_project

DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
HILLEROD_2013_TO_2026 = 119.8644 / 94.3996   # the demo's service index, 2013 p/l → 2026 p/l
TRANSFERS_2013_TO_2026 = 120.5770 / 89.2346  # the demo's satsreguleringsprocent, 2013 → 2026 p/l


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    project = load_project(DEMO)
    content = content_from_project(project)
    path = tmp_path_factory.mktemp("decision") / "demo.xlsx"
    layout = build_council_workbook(path, content)
    sheet = openpyxl.load_workbook(path)[DECISION_SHEET]
    return project, content, layout, sheet, path


def value(sheet, row, col):
    return sheet.cell(row + 1, col + 1).value


def stored(x):
    """``x`` as the file holds it: XlsxWriter writes numbers with 16 significant digits (``%.16G``,
    the precision Excel itself keeps), so a cell equals the core's value after that rounding, exactly."""
    if isinstance(x, list):
        return [stored(v) for v in x]
    if isinstance(x, float):
        return float(f"{x:.16G}")
    return x


def test_the_sheet_follows_the_case_sheets_and_has_a_section_per_case(book):
    _, content, layout, sheet, _ = book
    # after Resumé, Fremskrivning and Økonomiske konsekvenser
    assert layout.sheets.index(DECISION_SHEET) == 3 + len(content.cases)
    assert [lay.case_name for lay in layout.decision] == [c.name for c in content.cases]
    for lay in layout.decision:
        assert value(sheet, lay.title_row, 0) == lay.case_name
        assert value(sheet, lay.title_row + 1, 0) == "Beregnet i budgetapp med 10.000 træk, frø 1"


def test_tornado_figures_equal_the_core(book):
    _, content, layout, sheet, _ = book
    for case, lay in zip(content.cases, layout.decision, strict=True):
        t = tornado(case)
        assert list(lay.tornado_rows) == [b.path for b in t.bars]  # sorted by swing, as in the core
        for bar in t.bars:
            row = lay.tornado_rows[bar.path]
            assert [value(sheet, row, c) for c in range(6)] == stored([
                bar.label, bar.low_value, bar.high_value, bar.result_low, bar.result_high, bar.swing])
            assert sheet.cell(row + 1, 4).number_format == FMT_THOUSAND_KR


def test_simulation_percentiles_payback_and_drivers_equal_the_core_with_the_same_seed(book):
    _, content, layout, sheet, _ = book
    for case, lay in zip(content.cases, layout.decision, strict=True):
        sim = simulate(case, draws=10_000, seed=1)
        cols = list(lay.year_cols.values())
        for key in ("p10", "p50", "p90", "cumulative_p10", "cumulative_p50", "cumulative_p90"):
            assert [value(sheet, lay.simulation_rows[key], c) for c in cols] == stored(getattr(sim, key))
        assert [value(sheet, lay.simulation_rows[k], lay.total_col) for k in ("p10", "p50", "p90")] == \
            stored([sim.total_p10, sim.total_p50, sim.total_p90])
        payback = {year: (value(sheet, r, 1), value(sheet, r, 2)) for year, r in lay.payback_rows.items()}
        assert payback == {p.year: (p.draws, stored(p.share)) for p in sim.payback_distribution}
        assert value(sheet, lay.simulation_rows["paid_back_budget"], 2) == \
            stored(sim.share_paid_back_in_budget_period)
        shares = {d.path: stored(d.share_of_variance) for d in sim.drivers}
        assert {p: value(sheet, row, 4) for p, row in lay.estimate_rows.items()} == shares
        assert sheet.cell(lay.estimate_rows[sim.estimates[0].path] + 1, 5).number_format == FMT_SHARE


def test_the_explanation_is_on_the_sheet_in_plain_danish(book):
    _, _, layout, sheet, _ = book
    lay = layout.decision[0]
    text = value(sheet, lay.simulation_rows["cumulative_p90"] + 1, 0)
    assert text.startswith("I 8 af 10 beregninger ligger det samlede nettoresultat for 2027-2030 mellem")
    assert "Samme startværdi (frø 1) giver præcis samme resultat." in text


def test_kroner_estimates_are_converted_to_the_project_price_level(book):
    _, content, layout, sheet, _ = book
    lay = layout.decision[0]   # the Hillerød case, entered in 2013 p/l
    row = lay.estimate_rows["costs[0].amount_per_year"]
    # the file says 450.000 / 500.000 / 600.000 kr. in 2013 p/l; × 119,8644 / 94,3996 to 2026 p/l
    expected = [amount * HILLEROD_2013_TO_2026 for amount in (450_000, 500_000, 600_000)]
    assert [value(sheet, row, c) for c in (1, 2, 3)] == pytest.approx(expected, rel=1e-12)
    # the most likely value is the cost line's amount in the workbook's case
    assert value(sheet, row, 2) == stored(content.cases[0].costs[0].amount_per_year)
    # counts and shares are not converted
    inflow_row = lay.estimate_rows["effects[0].inflow_per_year"]
    assert [value(sheet, inflow_row, c) for c in (1, 2, 3)] == [400, 459, 520]


def test_break_even_values_equal_the_core(book):
    _, content, layout, sheet, _ = book
    for case, lay in zip(content.cases, layout.decision, strict=True):
        for budget, horizon in break_even_table(case):
            row = lay.break_even_rows[budget.path]
            assert value(sheet, row, 1) == stored(budget.base_value)
            for be, col in ((budget, 2), (horizon, 4)):
                if be.status == FOUND:
                    assert value(sheet, row, col) == ("mindst" if be.direction == "min" else "højst")
                    assert value(sheet, row, col + 1) == stored(be.value)
                else:
                    words = {"always": "enhver værdi", "never": "ingen værdi"}
                    assert value(sheet, row, col) == words[be.status]
                    assert value(sheet, row, col + 1) is None


def test_scenarios_of_the_case_and_of_the_project_side_by_side(book):
    project, content, layout, sheet, _ = book
    for case, lay in zip(content.cases, layout.decision, strict=True):
        results = compare_scenarios(case)
        project_labels = [f"Projekt: {s.name}" for s in project.scenarios if s.overrides.get(case.name)]
        assert list(lay.scenario_rows) == [r.label for r in results] + project_labels
        assert [r.label for r in results] == ["Som indtastet", "Pessimistisk", "Forventet", "Optimistisk"]
        for r in results:
            row = lay.scenario_rows[r.label]
            assert [value(sheet, row, c) for c in lay.year_cols.values()] == \
                stored(r.appraisal.series["net_result"])
            assert value(sheet, row, lay.total_col) == stored(r.total_net_result)
            payback = value(sheet, row, lay.total_col + 1)
            assert payback == (r.appraisal.payback_year if r.appraisal.payback_year is not None
                               else "ikke i perioden")
    # The project's scenario "Som i Hillerød 2013" for the Hillerød case: fixed 50 % refusion;
    # its net result per year is the projection's appraisal of the case in that scenario, the saving
    # converted with the satsreguleringsprocent and the cost with the service index.
    hill = layout.decision[0]
    row = hill.scenario_rows["Projekt: Som i Hillerød 2013"]
    raw = appraise(project.case_in_scenario(hill.case_name, "Som i Hillerød 2013"))
    # 2028 (full effect): saving 3.892.673,08 − net cost 583.500 = 3.309.173,08 kr. in 2013 p/l
    assert raw.series["net_result"][1] == pytest.approx(3_892_673.08 - 583_500, abs=0.01)
    # 2026 p/l: 3.892.673,08 × 120,5770 / 89,2346 − 583.500 × 119,8644 / 94,3996 = 4.519.017,56
    assert value(sheet, row, hill.year_cols[2028]) == pytest.approx(
        raw.series["municipal_saving"][1] * TRANSFERS_2013_TO_2026
        - raw.series["net_cost"][1] * HILLEROD_2013_TO_2026, rel=1e-12)
    assert value(sheet, row, hill.year_cols[2028]) == pytest.approx(4_519_017.56, abs=0.01)


def test_native_charts_for_tornado_fan_and_scenarios(book):
    *_, path = book
    with zipfile.ZipFile(path) as z:
        sheets = {n: z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")}
    titles = [t for t in ("Tornado: nettoresultat 2027-2030", "Nettoresultat pr. år: P10, P50 og P90",
                          "Scenarier: nettoresultat i alt")
              for xml in sheets.values() if t in xml]
    # one of each per case (3 cases), besides the two charts on every case sheet
    assert sorted(titles) == sorted(["Tornado: nettoresultat 2027-2030"] * 3
                                    + ["Nettoresultat pr. år: P10, P50 og P90"] * 3
                                    + ["Scenarier: nettoresultat i alt"] * 3)
    assert len(sheets) == 3 * 2 + 3 * 3


def test_a_case_without_estimates_or_with_impossible_ones_says_so_on_the_sheet(tmp_path):
    plain = dataclasses.replace(load_case(HILLEROD), uncertainty=(), scenarios=())
    # maxima of the no-show share (70 %) and the non-completer share (60 %) sum to 130 %: no room left
    impossible = dataclasses.replace(
        plain, name="Umulige estimater",
        uncertainty=(Estimate("segments[0].share", 0.3, 0.6, 0.7),
                     Estimate("segments[1].share", 0.3, 0.5, 0.6)))
    layout = build_council_workbook(tmp_path / "b.xlsx", content_from_cases([plain, impossible]))
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx")[DECISION_SHEET]
    first, second = layout.decision
    explanation = value(sheet, first.simulation_rows["cumulative_p90"] + 1, 0)
    assert explanation.startswith("Casen har ingen trepunktsestimater; her er de vigtigste input "
                                  "varieret ±20 %")
    assert value(sheet, second.title_row + 2, 0) == (
        "Simuleringen kan ikke køres: maksimum af de usikre segmentandele summer til mere end 100 %")
    assert second.simulation_rows == {}            # no simulation figures for it
    assert second.tornado_rows and second.break_even_rows and list(second.scenario_rows) == ["Som indtastet"]


def test_cli_export_sets_the_draws_and_seed_of_the_simulation(tmp_path, capsys):
    out = tmp_path / "ud.xlsx"
    assert main(["export", str(HILLEROD), "--xlsx", str(out), "--simulate", "2000", "--seed", "7"]) == 0
    sheet = openpyxl.load_workbook(out)[DECISION_SHEET]
    column_a = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    assert "Beregnet i budgetapp med 2.000 træk, frø 7" in column_a
    assert "Usikkerhed: nettoresultat pr. år i 2.000 beregninger (frø 7)" in column_a
    # the P50 row is the core's simulation with the same draws and seed (the loose file: no conversion)
    sim = simulate(load_case(HILLEROD), draws=2000, seed=7)
    p50_row = column_a["P50 (median)"]
    assert [sheet.cell(p50_row, 2 + i).value for i in range(len(sim.p50))] == stored(sim.p50)
    assert sim.p50 != simulate(load_case(HILLEROD), draws=10_000, seed=1).p50  # the options matter

    # without the options: 10.000 draws, seed 1 (as before)
    assert main(["export", str(HILLEROD), "--xlsx", str(tmp_path / "std.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "std.xlsx")[DECISION_SHEET]
    assert sheet.cell(4 + 1, 1).value == "Beregnet i budgetapp med 10.000 træk, frø 1"

    # out of range: a Danish message, exit 2, nothing written
    capsys.readouterr()
    assert main(["export", str(HILLEROD), "--xlsx", str(tmp_path / "x.xlsx"), "--simulate", "0"]) == 2
    assert "--simulate skal være mellem 1 og 1.000.000, fik 0" in capsys.readouterr().err
    assert main(["export", str(HILLEROD), "--xlsx", str(tmp_path / "x.xlsx"), "--seed", "-1"]) == 2
    assert "--seed skal være 0 eller større, fik -1" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()
