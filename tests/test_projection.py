"""The projection: base budget + chosen cases, price conversion, pools, scenarios, cheap toggling."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import budgetapp.core.projection as projection_module
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.case import BenefitRefusion, BusinessCase, CostLine, PoolFunding, Segment
from budgetapp.core.pools import Pool, PoolYear
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.project import Project, ProjectCase, Scenario
from budgetapp.core.projection import POOLS_KEY, UNASSIGNED_CASES_KEY, ProjectionEngine


def _case(name: str, funding: tuple[PoolFunding, ...] = (), start: int = 2027,
          years: int = 2) -> BusinessCase:
    # 52 entrants × (10 − 5) saved weeks = 260 weeks × 1.000 kr. (52.000 / 52) = 260.000 kr. gross;
    # flat 50 % refusion → municipal saving 130.000 kr.; cost 100.000 kr. → net result 30.000 kr.
    return BusinessCase(name, "k", start, years, 52, 52_000, (Segment("alle", 1.0, 10, 5),),
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
    index = PriceIndex("test", (IndexPoint(2013, 50.0), IndexPoint(2026, 100.0)))
    return Project("Test", 2027, 2026, budget, pools=pools, cases=cases, price_index=index,
                   scenarios=[Scenario("Dødvægt", {"A": {"deadweight": 0.5}})])


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
    # B is in 2013 p/l: 30.000 × 100/50 = 60.000 per year, with no budget group
    assert b.saving(2027) == pytest.approx(60_000)
    assert result.line("k").projected_net(2027) == pytest.approx(2_600_000 - 50_000)
    assert result.line(UNASSIGNED_CASES_KEY).case_effect[2028] == pytest.approx(60_000)
    # 3.608.000 − 50.000 − 60.000 = 3.498.000; 2028: 2.600.000 − 30.000 − 60.000 = 2.510.000
    assert result.total_projected_net(2027) == pytest.approx(3_498_000)
    assert result.total_projected_net(2028) == pytest.approx(2_510_000)


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
    assert off.total_projected_net(2027) == pytest.approx(3_608_000 - 60_000)
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
    assert data["totals"]["projected_net"]["2027"] == pytest.approx(3_498_000)
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
    # B in 2013 p/l, doubled to 2026 p/l: service 200.000, overførsler −260.000
    assert result.case_by_area("B", "service", 2028) == pytest.approx(200_000)
    assert result.case_by_area("B", "overførsler", 2028) == pytest.approx(-260_000)
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


def test_eksempel_kommune_2028_by_styringsomraade():
    from conftest import RESOURCES

    from budgetapp.io.project_file import load_project

    result = ProjectionEngine(load_project(RESOURCES / "demo" / "eksempel-kommune.jcbudget")).result()
    y = 2028
    # Service, per case (2026 p/l):
    #   Straksaktivering: (500.000 + 167.000) × 114,8686 / 88,7971 (2013 → 2026 p/l), no
    #     driftsrefusion after 2019                                   =   862.836,24
    #   To ekstra sagsbehandlere: salary 1.120.000 (2026 p/l)         = 1.120.000,00
    #   Mentorstøtte: 60 entrants × 26 weeks / 52 = 30 full-year participants × 40.000
    #     = 1.200.000 − pool income 960.000                           =   240.000,00
    #   → 2.222.836,24 after pool income, 3.182.836,24 gross
    assert result.cases_by_area("service", y) == pytest.approx(2_222_836.24, abs=0.01)
    # Overførsler: minus the municipal saving after refusion (staircase 2016, municipal shares
    # 20 / 60 / 70 / 80 % in weeks 1-4 / 5-26 / 27-52 / 53+):
    #   Straksaktivering: 459 × (0,30 × (4 × 0,2 + 13 × 0,6) + 0,65 × 11 × 0,6) / 52 × 72.000
    #     × 114,8686 / 88,7971                                        = 5.648.083,66
    #   Sagsbehandlere: 300 entrants after 26 prior weeks save weeks 54-56 (30 → 27 weeks), band
    #     53+: 300 × 3 / 52 × 150.000 × (1 − 0,2 dead-weight) = 2.076.923,08 gross × 80 % = 1.661.538,46
    #   Mentor (104 prior weeks, so band 53+): 60 × 0,15 × 26 / 52 × 150.000 × (1 − 0,1) × 0,8
    #     persistence = 486.000 gross × 80 % = 388.800
    #   → −(5.648.083,66 + 1.661.538,46 + 388.800) = −7.698.422,12
    assert result.cases_by_area("overførsler", y) == pytest.approx(-7_698_422.12, abs=0.01)
    assert result.cases_by_area("anlæg", y) == 0
    # the cases together: 2.222.836,24 − 7.698.422,12 = −5.475.585,88 (the −5,48 mio. kr.)
    assert result.total_case_effect(y) == pytest.approx(5_475_585.88, abs=0.01)
    for area in ("service", "overførsler", "anlæg"):
        assert result.projected_by_area(area, y) == pytest.approx(
            result.base_by_area(area, y) + result.cases_by_area(area, y))
    assert sum(result.base_by_area(a, y) for a in ("service", "overførsler", "anlæg")) == pytest.approx(
        result.total_net(y), abs=1e-6)
    assert sum(result.projected_by_area(a, y) for a in ("service", "overførsler", "anlæg")) == pytest.approx(
        result.total_projected_net(y), abs=1e-6)


def test_cli_summary_json_and_text_carry_the_styringsomraade_split(capsys):
    import json

    from conftest import RESOURCES

    from budgetapp.cli import main

    demo = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
    assert main(["project", "summary", str(demo), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    areas = data["by_styringsomraade"]
    # the 2028 figures of test_eksempel_kommune_2028_by_styringsomraade, to the krone
    assert round(areas["service"]["cases_total"]["2028"]) == 2_222_836
    assert round(areas["overførsler"]["cases_total"]["2028"]) == -7_698_422
    assert areas["total"]["projected"]["2028"] == pytest.approx(data["totals"]["projected_net"]["2028"])
    mentor = next(c for c in data["cases"] if c["name"] == "Mentorstøtte til aktivitetsparate")
    # 1.200.000 gross − 960.000 pool income = 240.000 service
    assert mentor["by_styringsomraade"]["service"]["2028"] == pytest.approx(240_000)
    assert main(["project", "summary", str(demo)]) == 0
    text = capsys.readouterr().out
    assert "Pr. styringsområde (nettoudgift)" in text
    assert "Service i alt" in text and "112.521,4" in text   # 110.298,6 + 2.222,8 in 2028


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
