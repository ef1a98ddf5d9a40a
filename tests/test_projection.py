"""The projection: base budget + chosen cases, price conversion, pools, scenarios, cheap toggling."""

from __future__ import annotations

import pytest

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
