"""The projection: base budget + chosen cases, price conversion, pools, scenarios, cheap toggling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetapp.core.projection as projection_module
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    PoolFunding,
    Segment,
    single_effect_case,
)
from budgetapp.core.pools import Pool, PoolYear
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.project import Project, ProjectCase, Scenario
from budgetapp.core.projection import POOLS_KEY, UNASSIGNED_CASES_KEY, ProjectionEngine


def _case(name: str, funding: tuple[PoolFunding, ...] = (), start: int = 2027,
          years: int = 2) -> BusinessCase:
    # 52 entrants × (10 − 5) saved weeks = 260 weeks × 1.000 kr. (52.000 / 52) = 260.000 kr. gross;
    # flat 50 % refusion → municipal saving 130.000 kr.; cost 100.000 kr. → net result 30.000 kr.
    return single_effect_case(name, "k", start, years, 52, 52_000, (Segment("alle", 1.0, 10, 5),),
                        BenefitRefusion("flat", 0.5), costs=(CostLine("Løn", amount_per_year=100_000),),
                        pool_funding=funding)


def _project() -> Project:
    budget = BaseBudget("Test", 2027, 2026, (
        GroupYear("k", 2027, 100, 52_000, average_refusion_rate=0.5),
        GroupYear("k", 2028, 100, 52_000, average_refusion_rate=0.5),
    ), (OperationLine("Drift", 2027, 1_000_000),), {"k": "Kontanthjælp"})
    pools = [
        Pool("p1", "Pulje til A", years=(PoolYear(2027, 100_000, 20_000, 0, 5_000),)),
        Pool("p2", "Løs pulje", years=(PoolYear(2027, 10_000, 8_000, 1_000, 0),)),
    ]
    cases = [
        ProjectCase(_case("A", (PoolFunding("Pulje til A", 0.0, "p1"),)), True, "k", 2026),
        ProjectCase(_case("B"), True, None, 2013),
    ]
    # service doubles from 2013 to 2026 p/l (× 2), transfers rise by × 2,5: each line its own index
    index = PriceIndex("service", (IndexPoint(2013, 50.0), IndexPoint(2026, 100.0)))
    transfers = PriceIndex("overførsler", (IndexPoint(2013, 40.0), IndexPoint(2026, 100.0)))
    return Project("Test", 2027, 2026, budget, pools=pools, cases=cases, price_index=index,
                   transfer_index=transfers, scenarios=[Scenario("Dødvægt", {"A": {"deadweight": 0.5}})])


def test_project_is_valid():
    assert _project().issues() == []


def test_base_lines_and_totals():
    result = ProjectionEngine(_project()).result(enabled=[])
    assert result.years == [2027, 2028, 2029, 2030]
    k = result.line("k")
    # 100 × 52.000 = 5.200.000 gross, 50 % refusion
    assert (k.gross[2027], k.refusion[2027], k.net(2027)) == (5_200_000, 2_600_000, 2_600_000)
    assert k.by_area["forsørgelse"][2027] == 2_600_000
    pools = result.line(POOLS_KEY)
    # p1 funds case A: only its administration (5.000) stays on the pool line;
    # p2: expense 10.000 + application 1.000 = 11.000 gross, income 8.000 → net 3.000
    assert pools.gross[2027] == 16_000
    assert pools.pool_income[2027] == 8_000
    assert pools.net(2027) == 8_000
    # 2.600.000 + operation 1.000.000 + pools 8.000 = 3.608.000
    assert result.total_net(2027) == 3_608_000
    assert result.total_projected_net(2027) == 3_608_000
    assert result.total_net(2029) == 0


def test_cases_switched_on_change_their_group_and_the_total():
    result = ProjectionEngine(_project()).result()
    a = next(c for c in result.cases if c.name == "A")
    b = next(c for c in result.cases if c.name == "B")
    # A: 30.000 + pool income 20.000 in 2027 = 50.000; 30.000 in 2028
    assert a.series["net_result"] == {2027: pytest.approx(50_000), 2028: pytest.approx(30_000)}
    assert a.series["pool_funding"] == {2027: 20_000, 2028: 0}
    # B is in 2013 p/l, with no budget group: its municipal saving 130.000 is a benefit saving,
    # converted with the transfer index (× 100/40 = 2,5) → 325.000; its salary 100.000 is service
    # (× 100/50 = 2) → 200.000; net result 325.000 − 200.000 = 125.000 per year
    assert b.series["municipal_saving"][2027] == pytest.approx(325_000)
    assert b.series["gross_saving"][2027] == pytest.approx(650_000)      # 260.000 × 2,5
    assert b.series["gross_cost"][2027] == pytest.approx(200_000)
    assert b.series["net_cost"][2027] == pytest.approx(200_000)
    assert b.saving(2027) == pytest.approx(125_000)
    assert result.line("k").projected_net(2027) == pytest.approx(2_600_000 - 50_000)
    assert result.line(UNASSIGNED_CASES_KEY).case_effect[2028] == pytest.approx(125_000)
    # 3.608.000 − 50.000 − 125.000 = 3.433.000; 2028: 2.600.000 − 30.000 − 125.000 = 2.445.000
    assert result.total_projected_net(2027) == pytest.approx(3_433_000)
    assert result.total_projected_net(2028) == pytest.approx(2_445_000)


def test_switching_a_case_off_reuses_the_appraisals(monkeypatch):
    calls = []
    real = projection_module.appraise

    def counting(case):
        calls.append(case.name)
        return real(case)

    monkeypatch.setattr(projection_module, "appraise", counting)
    engine = ProjectionEngine(_project())
    engine.result()
    assert sorted(calls) == ["A", "B"]
    off = engine.result(enabled=["B"])
    assert sorted(calls) == ["A", "B"]          # no new appraisal for a toggle
    assert off.line("k").case_effect == {}
    assert off.total_projected_net(2027) == pytest.approx(3_608_000 - 125_000)
    assert [c.enabled for c in off.cases] == [False, True]


def test_project_flags_decide_when_no_selection_is_given():
    project = _project()
    project.set_case_enabled("B", False)
    result = ProjectionEngine(project).result()
    assert result.total_projected_net(2028) == pytest.approx(2_600_000 - 30_000)


def test_scenario_overrides_a_case_input():
    result = ProjectionEngine(_project()).result(scenario="Dødvægt")
    a = next(c for c in result.cases if c.name == "A")
    # deadweight 0,5 halves the municipal saving: 65.000 − 100.000 = −35.000 in 2028
    assert a.saving(2028) == pytest.approx(-35_000)
    assert result.scenario == "Dødvægt"


def test_case_years_outside_the_project_are_warned_about():
    project = _project()
    project.cases.append(ProjectCase(_case("C", start=2030, years=2), True, "k", 2026))
    result = ProjectionEngine(project).result()
    assert result.warnings == ["Business casen 'C' har år uden for projektets år (2031); de indgår ikke."]
    assert result.line("k").case_effect[2030] == pytest.approx(30_000)


def test_json_has_lines_totals_and_case_savings():
    data = ProjectionEngine(_project()).result().to_json_dict()
    assert data["years"] == [2027, 2028, 2029, 2030]
    k = data["lines"][0]
    assert k["key"] == "k" and k["gross"]["2027"] == 5_200_000 and k["net"]["2027"] == 2_600_000
    assert data["totals"]["projected_net"]["2027"] == pytest.approx(3_433_000)
    assert data["cases"][0]["name"] == "A"
    assert data["cases"][0]["saving"]["2028"] == pytest.approx(30_000)


# --- styringsområde ----------------------------------------------------------------------------

def test_cases_split_by_styringsomraade_and_sum_to_the_projection():
    result = ProjectionEngine(_project()).result()
    # A in 2027: salary 100.000 (service) − pool income 20.000 (service) = 80.000 more service;
    # municipal saving 130.000 on overførsler → −130.000; 80.000 − 130.000 = −50.000 = −net result.
    assert result.case_by_area("A", "service", 2027) == pytest.approx(80_000)
    assert result.case_by_area("A", "overførsler", 2027) == pytest.approx(-130_000)
    assert result.case_by_area("A", "anlæg", 2027) == 0
    # B in 2013 p/l: service 100.000 × 2 (service index) = 200.000, overførsler −130.000 × 2,5
    # (transfer index) = −325.000
    assert result.case_by_area("B", "service", 2028) == pytest.approx(200_000)
    assert result.case_by_area("B", "overførsler", 2028) == pytest.approx(-325_000)
    # base 2027: benefit net 2.600.000 is overførsler; operation 1.000.000 + pool line 8.000 service
    assert result.base_by_area("overførsler", 2027) == pytest.approx(2_600_000)
    assert result.base_by_area("service", 2027) == pytest.approx(1_008_000)
    # projected service 2027: 1.008.000 + 80.000 + 200.000 = 1.288.000
    assert result.projected_by_area("service", 2027) == pytest.approx(1_288_000)
    for year in result.years:
        total = sum(result.projected_by_area(a, year) for a in ("service", "overførsler", "anlæg"))
        assert total == pytest.approx(result.total_projected_net(year), abs=1e-6)
    off = ProjectionEngine(_project()).result(enabled=["B"])
    assert off.case_by_area("A", "service", 2027) == 0          # switched off: no effect


def test_a_cost_line_on_anlaeg_lands_there():
    project = _project()
    case = project.case("A").case
    import dataclasses
    line = dataclasses.replace(case.costs[0], styringsomraade="anlæg")
    project.replace_case("A", dataclasses.replace(case, costs=(line,)))
    result = ProjectionEngine(project).result()
    # the salary 100.000 moves to anlæg; the pool income 20.000 stays on service
    assert result.case_by_area("A", "anlæg", 2027) == pytest.approx(100_000)
    assert result.case_by_area("A", "service", 2027) == pytest.approx(-20_000)


# The shipped indices (resources/reference/index_service.csv and index_transfers.csv), typed in:
SERVICE_2013, SERVICE_2026 = 94.3996, 119.8644        # KL's pris- og lønskøn (service)
TRANSFERS_2013, TRANSFERS_2026 = 89.2346, 120.5770    # satsreguleringsprocenten (overførsler)
# State refusion per staircase band (weeks 1-4 / 5-26 / 27-52 / 53+), refusionstrappe 2016 (§ 5,
# stk. 2), and the municipal co-financing share of dagpenge (§ 5, stk. 3) in 2028
REFUSION_2016 = (0.8, 0.4, 0.3, 0.2)
COFINANCING_2016 = (0.2, 0.6, 0.7, 0.8)


def _demo_2028_expected(project) -> dict[str, float]:
    """The demo's 2028 figures per styringsområde, computed by hand from its inputs."""
    y = 2028
    # --- base budget (2026 p/l = the project's price level, so no conversion) ---------------
    base_service = base_transfers = 0.0
    for g in (g for g in project.budget.groups if g.year == y):
        benefit = g.full_year_persons * g.benefit_per_full_year_person
        bands = g.band_distribution
        if g.refusion_rule == "medfinansiering-2016":      # dagpenge: the municipal share only
            base_transfers += benefit * sum(w * s for w, s in zip(bands, COFINANCING_2016, strict=True))
        else:                                              # benefit − state refusion
            base_transfers += benefit * (1 - sum(w * s for w, s in zip(bands, REFUSION_2016, strict=True)))
        base_service += g.full_year_persons * g.measures_per_full_year_person  # no driftsrefusion
    # HK5 not distributed on groups (5.68.90) + HK6 operation (6.45.53), both service
    base_service += sum(o.amount for o in project.budget.operation if o.year == y)
    # the mentor pool funds a case: only its administration 77.000 stays on the pool line (service)
    base_service += 77_000
    # --- cases, 2028 (second year: full phase-in) --------------------------------------------
    service_factor_2013 = SERVICE_2026 / SERVICE_2013        # 1,26976
    transfer_factor_2013 = TRANSFERS_2026 / TRANSFERS_2013   # 1,35124
    # Straksaktivering (2013 p/l): salary 500.000 + other operation 167.000, service index,
    # no driftsrefusion after 2019
    straks_service = (500_000 + 167_000) * service_factor_2013
    # its saving: 459 entrants; 30 % leave at once (weeks 1-4 at municipal share 20 %, weeks 5-17 at
    # 60 %), 65 % leave after 6 weeks (weeks 7-17 at 60 %); 72.000 kr. a year, transfer index
    straks_saving = 459 * (0.30 * (4 * 0.2 + 13 * 0.6) + 0.65 * 11 * 0.6) / 52 * 72_000 * transfer_factor_2013
    # To ekstra sagsbehandlere (2026 p/l, calendar timing): salary 1.120.000; 300 entrants after 26
    # prior weeks save path weeks 28-30 (30 → 27 weeks) = staircase weeks 54-56, band 53+ (municipal
    # 80 %), dead-weight 0,2, phase-in 0,5 in 2027 and 1 after: cohorts 120 (2027) and 240 (2028).
    # Arriving evenly, an entrant saves 70,5/52 of its 3 weeks in its entry year (∫ min(3, max(0,
    # 25 − t)) dt over [0, 52) = 22·3 + 3·3/2 = 70,5) and the other 3 − 70,5/52 in the next year, so
    # 2028 holds the 2027 cohort's late weeks and the 2028 cohort's early ones.
    workers_service = 1_120_000
    first_year = 70.5 / 52
    workers_saving = (120 * (3 - first_year) + 240 * first_year) * 150_000 / 52 * 0.8
    # Mentorstøtte (2026 p/l, calendar timing): in 2028 the 2027 cohort's last 6,5 effort weeks and
    # the 2028 cohort's first 19,5 add up to a whole cohort's 26 weeks, so (as in entry-year timing)
    # 60 entrants × 26 weeks / 52 = 30 full-year participants × 40.000 − pool income 960.000;
    # likewise the saved weeks 19,5 + 6,5 = 26: 60 × 0,15 × 26 weeks / 52 × 150.000 × (1 − 0,1)
    # × 0,8 persistence × 80 % (104 prior weeks: band 53+)
    mentor_service = 60 * 26 / 52 * 40_000 - 960_000
    mentor_saving = 60 * 0.15 * 26 / 52 * 150_000 * (1 - 0.1) * 0.8 * 0.8
    return {"base_service": base_service, "base_transfers": base_transfers,
            "straks_service": straks_service, "straks_saving": straks_saving,
            "cases_service": straks_service + workers_service + mentor_service,
            "cases_transfers": -(straks_saving + workers_saving + mentor_saving)}


def test_eksempel_kommune_2028_by_styringsomraade():
    from conftest import RESOURCES

    from budgetapp.io.project_file import load_project

    project = load_project(RESOURCES / "demo" / "eksempel-kommune.jcbudget")
    result = ProjectionEngine(project).result()
    y = 2028
    want = _demo_2028_expected(project)
    # Straksaktivering: 667.000 × 119,8644 / 94,3996 = 846.926,84 service;
    #   saving 459 × 9,01 / 52 × 72.000 × 120,5770 / 89,2346 = 5.899.697,83 on overførsler
    assert want["straks_service"] == pytest.approx(846_926.84, abs=0.01)
    assert want["straks_saving"] == pytest.approx(5_899_697.83, abs=0.01)
    straks = next(c for c in result.cases if c.name.startswith("Straksaktivering"))
    assert straks.by_area["service"][y] == pytest.approx(want["straks_service"], abs=0.01)
    assert straks.by_area["overførsler"][y] == pytest.approx(-want["straks_saving"], abs=0.01)
    # Service: 846.926,84 + 1.120.000 + 240.000 = 2.206.926,84 after pool income
    assert want["cases_service"] == pytest.approx(2_206_926.84, abs=0.01)
    assert result.cases_by_area("service", y) == pytest.approx(want["cases_service"], abs=0.01)
    # Overførsler: −(5.899.697,83 + 1.206.213,02 + 388.800) = −7.494.710,85; the workers' case:
    # (120 × 85,5/52 + 240 × 70,5/52) weeks × 150.000/52 × 0,8 = 522,6923 × 2.307,6923 = 1.206.213,02
    assert want["cases_transfers"] == pytest.approx(-7_494_710.85, abs=0.01)
    assert result.cases_by_area("overførsler", y) == pytest.approx(want["cases_transfers"], abs=0.01)
    assert result.cases_by_area("anlæg", y) == 0
    # the cases together: 2.206.926,84 − 7.494.710,85 = −5.287.784,01
    assert result.total_case_effect(y) == pytest.approx(5_287_784.01, abs=0.01)
    # base budget per area from the demo's own lines
    assert result.base_by_area("service", y) == pytest.approx(want["base_service"], abs=0.01)
    assert result.base_by_area("overførsler", y) == pytest.approx(want["base_transfers"], abs=0.01)
    assert result.base_by_area("service", y) == pytest.approx(120_744_326.60, abs=0.01)
    assert result.base_by_area("overførsler", y) == pytest.approx(365_205_219.66, abs=0.01)
    for area in ("service", "overførsler", "anlæg"):
        assert result.projected_by_area(area, y) == pytest.approx(
            result.base_by_area(area, y) + result.cases_by_area(area, y))
    # 120.744.326,60 + 2.206.926,84 = 122.951.253,44 service
    assert result.projected_by_area("service", y) == pytest.approx(122_951_253.44, abs=0.01)
    assert sum(result.base_by_area(a, y) for a in ("service", "overførsler", "anlæg")) == pytest.approx(
        result.total_net(y), abs=1e-6)
    assert sum(result.projected_by_area(a, y) for a in ("service", "overførsler", "anlæg")) == pytest.approx(
        result.total_projected_net(y), abs=1e-6)


def test_eksempel_kommune_unassigned_hk5_is_a_measure_not_operation():
    from conftest import RESOURCES

    from budgetapp.core.budget import OPERATION_KEY, UNASSIGNED_MEASURES_KEY
    from budgetapp.io.project_file import load_project

    project = load_project(RESOURCES / "demo" / "eksempel-kommune.jcbudget")
    result = ProjectionEngine(project).result()
    hk5 = [o for o in project.budget.operation if o.function == "5.68.90" and o.year == 2028]
    hk6 = [o for o in project.budget.operation if o.function == "6.45.53" and o.year == 2028]
    assert len(hk5) == 1 and len(hk6) == 1
    measures = result.line(UNASSIGNED_MEASURES_KEY)
    assert measures.label == "Beskæftigelsesindsats, ikke fordelt på målgrupper (HK5)"
    assert measures.by_area == {"beskæftigelsesindsats": {y: pytest.approx(o.amount) for y, o in (
        (o.year, o) for o in project.budget.operation if o.function == "5.68.90")}}
    assert measures.net(2028) == hk5[0].amount
    operation = result.line(OPERATION_KEY)
    assert operation.label == "Jobcenterdrift (HK6)"
    assert operation.net(2028) == hk6[0].amount           # HK6 alone, not HK5 + HK6
    assert [ln.key for ln in result.lines][-3:] == [UNASSIGNED_MEASURES_KEY, OPERATION_KEY, POOLS_KEY]


def test_cli_summary_json_and_text_carry_the_styringsomraade_split(capsys):
    import json

    from conftest import RESOURCES

    from budgetapp.cli import main

    demo = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
    assert main(["project", "summary", str(demo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    areas = data["by_styringsomraade"]
    # the 2028 figures of test_eksempel_kommune_2028_by_styringsomraade, to the krone
    assert round(areas["service"]["cases_total"]["2028"]) == 2_206_927
    assert round(areas["overførsler"]["cases_total"]["2028"]) == -7_494_711
    assert areas["total"]["projected"]["2028"] == pytest.approx(data["totals"]["projected_net"]["2028"])
    mentor = next(c for c in data["cases"] if c["name"] == "Mentorstøtte til aktivitetsparate")
    # 1.200.000 gross − 960.000 pool income = 240.000 service
    assert mentor["by_styringsomraade"]["service"]["2028"] == pytest.approx(240_000)
    assert main(["project", "summary", str(demo)]) == 0
    text = capsys.readouterr().out
    assert "Pr. styringsområde (nettoudgift)" in text
    assert "Service i alt" in text and "122.951,3" in text   # 120.744,3 + 2.206,9 in 2028


@settings(max_examples=25, deadline=None)
@given(st.sets(st.sampled_from(["A", "B"])), st.sampled_from([None, "Dødvægt"]),
       st.floats(0, 500_000), st.sampled_from(["service", "overførsler", "anlæg"]))
def test_the_areas_always_sum_to_the_projection(enabled, scenario, cost, area):
    import dataclasses

    project = _project()
    case = project.case("B").case
    project.replace_case("B", dataclasses.replace(
        case, costs=(*case.costs, CostLine("Ekstra", amount_per_year=cost, styringsomraade=area))))
    result = ProjectionEngine(project).result(enabled=enabled, scenario=scenario)
    for year in result.years:
        areas = ("service", "overførsler", "anlæg")
        assert sum(result.projected_by_area(a, year) for a in areas) == pytest.approx(
            result.total_projected_net(year), abs=1e-6)
        assert sum(result.cases_by_area(a, year) for a in areas) == pytest.approx(
            -result.total_case_effect(year), abs=1e-6)
