"""Each line converted with its own index: cases (benefit saving vs. cost lines), the base budget,
and the council workbook saying which index converted which line."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core.appraisal import appraise
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    PoolFunding,
    Segment,
    single_effect_case,
)
from budgetapp.core.decision_data import Estimate
from budgetapp.core.price_conversion import convert_case, path_factor
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.project import Project, ProjectCase
from budgetapp.core.projection import OPERATION_KEY, UNASSIGNED_MEASURES_KEY, ProjectionEngine

AREAS = ("service", "overførsler", "anlæg")


def _case(cost_area: str = "service", pool_area: str = "service") -> BusinessCase:
    # 52 entrants × 5 saved weeks × 1.000 kr. = 260.000 kr. gross, flat 50 % → 130.000 kr. saving
    return single_effect_case("C", "k", 2027, 2, 52, 52_000, (Segment("alle", 1.0, 10, 5),),
                        BenefitRefusion("flat", 0.5),
                        costs=(CostLine("Løn", amount_per_year=100_000),
                               CostLine("Ekstra", amount_per_year=[10_000, 20_000],
                                        styringsomraade=cost_area)),
                        pool_funding=(PoolFunding("Pulje", [5_000, 0.0], styringsomraade=pool_area),))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.5, 2.0), st.floats(0.5, 2.0), st.floats(0.5, 2.0),
       st.sampled_from(AREAS), st.sampled_from(AREAS))
def test_each_area_of_a_converted_case_moves_with_its_own_factor(fs, ft, fa, cost_area, pool_area):
    factors = {"service": fs, "overførsler": ft, "anlæg": fa}
    case = _case(cost_area, pool_area)
    before, after = appraise(case), appraise(convert_case(case, factors))
    for area in AREAS:
        for i in range(2):
            assert after.by_styringsomraade[area][i] == pytest.approx(
                before.by_styringsomraade[area][i] * factors[area], abs=1e-6)
    # the benefit saving goes with the transfer factor only
    assert after.municipal_saving == pytest.approx([v * ft for v in before.municipal_saving])
    assert after.gross_saving == pytest.approx([v * ft for v in before.gross_saving])
    # gross cost: 100.000 × service factor + the extra line × its area's factor
    assert after.gross_cost[1] == pytest.approx(100_000 * fs + 20_000 * factors[cost_area])


def test_estimates_and_scenario_values_follow_the_input_they_change():
    case = dataclasses.replace(_case("anlæg"), uncertainty=(
        Estimate("benefit_per_full_year_person", 40_000, 52_000, 60_000),
        Estimate("costs[1].amount_per_year", 5_000, 10_000, 15_000),
        Estimate("deadweight", 0.0, 0.1, 0.2)))
    factors = {"service": 2.0, "overførsler": 3.0, "anlæg": 5.0}
    out = convert_case(case, factors)
    assert out.benefit_per_full_year_person == 52_000 * 3.0
    assert out.costs[0].amount_per_year == 200_000 and out.costs[1].amount_per_year == [50_000, 100_000]
    assert out.pool_funding[0].amount_per_year == [10_000, 0.0]
    assert [(e.min, e.max) for e in out.uncertainty] == [(120_000, 180_000), (25_000, 75_000), (0.0, 0.2)]
    assert path_factor(case, "segments[0].share", factors) is None
    # the total cost over the two years: salary 2 × 100.000 = 200.000 service + extra 10.000 + 20.000
    # = 30.000 anlæg → (200.000 × 2 + 30.000 × 5) / 230.000 = 550.000 / 230.000
    assert path_factor(case, "total_cost_per_year", factors) == pytest.approx(550_000 / 230_000)


def _project(budget_level: int = 2013) -> Project:
    budget = BaseBudget("Test", 2027, budget_level, (
        GroupYear("k", 2027, 100, 52_000, average_refusion_rate=0.5, measures_per_full_year_person=1_000),
    ), (OperationLine("Drift", 2027, 1_000_000, "6.45.53"),
        OperationLine("Øvrige (ikke fordelt)", 2027, 300_000, "5.68.90")), {"k": "Kontanthjælp"})
    service = PriceIndex("service", (IndexPoint(2013, 50.0), IndexPoint(2026, 100.0)))
    transfers = PriceIndex("overførsler", (IndexPoint(2013, 40.0), IndexPoint(2026, 100.0)))
    return Project("Test", 2027, 2026, budget, price_index=service, transfer_index=transfers,
                   cases=[ProjectCase(_case(), True, "k", 2013)])


def test_the_base_budget_converts_benefit_and_service_lines_with_their_own_index():
    result = ProjectionEngine(_project()).result(enabled=[])
    k = result.line("k")
    # benefit 100 × 52.000 = 5.200.000 (2013 p/l) × 2,5 (transfers) = 13.000.000, refusion half
    assert k.by_area["forsørgelse"][2027] == pytest.approx(6_500_000)
    # measures 100 × 1.000 = 100.000 × 2 (service) = 200.000
    assert k.by_area["beskæftigelsesindsats"][2027] == pytest.approx(200_000)
    assert result.base_by_area("overførsler", 2027) == pytest.approx(6_500_000)
    # HK6 1.000.000 × 2 and HK5 not distributed 300.000 × 2, on lines of their own
    assert result.line(OPERATION_KEY).net(2027) == pytest.approx(2_000_000)
    assert result.line(UNASSIGNED_MEASURES_KEY).net(2027) == pytest.approx(600_000)
    assert result.line(UNASSIGNED_MEASURES_KEY).by_area == {"beskæftigelsesindsats": {2027: 600_000}}
    # service: 200.000 + 2.000.000 + 600.000 = 2.800.000
    assert result.base_by_area("service", 2027) == pytest.approx(2_800_000)


def test_a_case_in_another_price_level_converts_saving_and_cost_apart():
    effect = ProjectionEngine(_project()).result().cases[0]
    # 2027: saving 130.000 × 2,5 = 325.000; cost (100.000 + 10.000 − pool 5.000) × 2 = 210.000
    assert effect.series["municipal_saving"][2027] == pytest.approx(325_000)
    assert effect.series["net_cost"][2027] == pytest.approx(210_000)
    assert effect.series["pool_funding"][2027] == pytest.approx(10_000)
    assert effect.saving(2027) == pytest.approx(115_000)


def test_workbook_states_the_index_of_every_line(tmp_path):
    from budgetapp.export.budget_sheets import BUDGET_SHEET
    from budgetapp.export.council_workbook import build_council_workbook, content_from_project
    from budgetapp.export.projection_sheet import PROJECTION_SHEET

    project = _project()
    out = tmp_path / "mappe.xlsx"
    layout = build_council_workbook(out, content_from_project(project))
    book = openpyxl.load_workbook(out)
    ws = book[BUDGET_SHEET]
    header = [c.value for c in ws[5]]
    col = header.index("Omregnet med (prisindeks)")
    notes = {(r[0].value, r[1].value): r[col].value for r in ws.iter_rows(min_row=6, max_row=9)}
    assert notes == {
        ("Kontanthjælp", "Forsørgelse"): "Overførsler (satsreguleringsprocenten), 2013 → 2026 p/l: "
                                         "faktor 2,5000",
        ("Kontanthjælp", "Beskæftigelsesindsats (HK5)"): "Service (KL's pris- og lønskøn), 2013 → 2026 p/l: "
                                                        "faktor 2,0000",
        ("Drift", "Jobcenterdrift (HK6)"): "Service (KL's pris- og lønskøn), 2013 → 2026 p/l: faktor 2,0000",
        ("Øvrige (ikke fordelt)", "Beskæftigelsesindsats (HK5)"): "Service (KL's pris- og lønskøn), 2013 → "
                                                                  "2026 p/l: faktor 2,0000",
    }
    text = " ".join(str(c.value) for row in book[PROJECTION_SHEET].iter_rows(max_row=4)
                    for c in row if c.value)
    assert ("ydelser og refusion (overførsler) og business casernes besparelse på ydelser med "
            "satsreguleringsprocenten") in text
    assert "jobcenterdrift (HK6), puljer og business casernes udgifter på service med KL's pris- og " \
           "lønskøn" in text
    sheet = book[PROJECTION_SHEET]
    labels = {sheet.cell(row + 1, 1).value for key, row in layout.projection.rows.items()}
    assert "Beskæftigelsesindsats, ikke fordelt på målgrupper (HK5)" in labels


def test_workbook_lists_both_indices_with_their_sources_and_no_raw_keys(tmp_path):
    from budgetapp.export.council_workbook import build_council_workbook, content_from_project

    project = _project()
    project.set_source("transfer_index/2013", "Bekendtgørelse om satsreguleringsprocenten for 2013", "skøn")
    content = content_from_project(project)
    labels = {label: (value, source) for label, value, source in content.extra_sources}
    # the years the project converts from or to: 2013 (budget and case p/l), 2026 (project p/l) and
    # the budget years 2027-2030 the test indices lack are not listed
    assert labels["Prisindeks for overførsler (satsreguleringsprocenten), 2013"] == (
        "40,0000", "Bekendtgørelse om satsreguleringsprocenten for 2013; skøn")
    assert labels["Prisindeks for service (KL's pris- og lønskøn), 2026"][0] == "100,0000"
    assert not any(label.startswith(("price_index/", "transfer_index/")) for label in labels)
    out = tmp_path / "mappe.xlsx"
    build_council_workbook(out, content)
    cells = [str(c.value) for row in openpyxl.load_workbook(out)["Forudsætninger"].iter_rows()
             for c in row if c.value is not None]
    assert "Prisindeks for overførsler (satsreguleringsprocenten), 2013" in cells
    assert not any(c.startswith(("price_index/", "transfer_index/")) for c in cells)
