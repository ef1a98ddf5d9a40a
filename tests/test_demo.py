"""The demo municipality: regenerable, complete, every number with a source, and its figures."""

from __future__ import annotations

import importlib.util
import sqlite3

import pytest
from conftest import ROOT

from budgetapp.core.appraisal import appraise
from budgetapp.core.project import source_key
from budgetapp.core.projection import ProjectionEngine
from budgetapp.io.project_file import load_project, project_to_connection
from budgetapp.resources import demo_project_path


def _build_module():
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "scripts" / "build_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    return load_project(demo_project_path())


def test_shipped_demo_equals_a_fresh_build(demo):
    fresh = _build_module().build_demo_project()
    assert fresh == demo
    shipped = sqlite3.connect(demo_project_path())
    try:
        assert list(project_to_connection(fresh).iterdump()) == list(shipped.iterdump())
    finally:
        shipped.close()


def test_demo_contents(demo):
    assert demo.municipality == "Eksempel Kommune"
    assert (demo.last_accounts_year, demo.budget_year, demo.price_level_year) == (2025, 2027, 2026)
    assert demo.years == [2025, 2026, 2027, 2028, 2029, 2030]
    assert demo.issues() == []
    assert len(demo.cases) >= 3
    assert demo.cases[0].case.name == "Straksaktivering af unge (Hillerød-modellen)"
    assert demo.cases_funded_by("mentorpulje-2027") == ["Mentorstøtte til aktivitetsparate"]
    assert demo.unit_costs is not None and demo.size_group and demo.rammevilkaar_group


def test_scaling_from_national_figures(demo):
    by_key = {(g.target_group, g.year): g for g in demo.budget.groups}
    # Table 5.4 2019: 104.157 kontanthjælp × 0,70 (2019 → 2025, assumption) × 1/98 = 743,98 → 744,0
    assert by_key[("kontant_uddannelseshjaelp", 2025)].full_year_persons == 744.0
    # then −3 % a year (assumption): 743,979 × 0,97 = 721,66 → 721,7; × 0,97^5 = 638,9 in 2030
    assert by_key[("kontant_uddannelseshjaelp", 2026)].full_year_persons == 721.7
    assert by_key[("kontant_uddannelseshjaelp", 2030)].full_year_persons == 638.9
    # Table 5.6 2019: 20.425 kr. × 119,8644 / 100 (service index 2026 / 2019) = 24.482 kr.
    assert by_key[("kontant_uddannelseshjaelp", 2027)].measures_per_full_year_person == 24_482
    # Table 5.3 2019: HK6 4.649 mio. kr. / 98 × 1,198644 = 56.862.204 → 56.862.000 kr.
    assert demo.budget.operation[0].amount == 56_862_000
    # 2026 benefit levels: 0,7 × 159.828 (forhøjet sats) + 0,3 × 87.576 (grundsats) = 138.152 kr.
    assert by_key[("kontant_uddannelseshjaelp", 2027)].benefit_per_full_year_person == 138_152
    # dagpenge: 0,9 × 264.492 (12 × 22.041) = 238.042,8 → 238.043 kr.
    assert by_key[("dagpenge", 2027)].benefit_per_full_year_person == 238_043


def test_hk5_equals_its_unit_cost_inputs_and_years_are_consecutive(demo):
    years = demo.years
    assert years == list(range(demo.last_accounts_year, demo.budget_year + 4))   # 2025 … B+3
    assert sorted({g.year for g in demo.budget.groups}) == years
    accounts = demo.last_accounts_year
    uc = demo.unit_costs
    # HK5 in the base budget = Σ persons × measures per person + the unassigned HK5 line (5.68.90)
    budget_hk5 = sum(round(g.full_year_persons * g.measures_per_full_year_person)
                     for g in demo.budget.groups if g.year == accounts)
    budget_hk5 += sum(o.amount for o in demo.budget.operation
                      if o.year == accounts and o.function.startswith("5."))
    assert budget_hk5 == sum(line.measures_expense for line in uc.groups if line.year == accounts)
    # the unassigned HK5 (Table 5.5, Øvrige 2019: 1.504 mio. kr. / 98 × 1,198644 = 18.396.000)
    # is in both: nothing is left out of the base budget
    other = [o.amount for o in demo.budget.operation if o.year == accounts and o.function == "5.68.90"]
    assert other == [18_396_000]
    assert budget_hk5 > other[0]
    budget_hk6 = sum(o.amount for o in demo.budget.operation
                     if o.year == accounts and o.function.startswith("6."))
    assert budget_hk6 == sum(e.amount for e in uc.operation if e.year == accounts)


def test_caseload_path_is_not_flat_and_bands_follow_the_mixture(demo):
    by_key = {(g.target_group, g.year): g for g in demo.budget.groups}
    persons = {k: g.full_year_persons for k, g in by_key.items()}
    assert persons[("ressourceforloeb", 2030)] < persons[("ressourceforloeb", 2026)]
    assert by_key[("dagpenge", 2026)].full_year_persons > by_key[("dagpenge", 2025)].full_year_persons
    build = _build_module()
    # length-biased mixture with earlier spells (§ 6) puts more weeks past week 52 than the
    # same mixture without earlier spells: r = 0,5 for kontanthjælp
    components = build.spell_components(["Aktivitetsparate", "Jobparate"])
    without = build.bands_from_mixture(components, 0.0)
    with_earlier = by_key[("kontant_uddannelseshjaelp", 2027)].band_distribution
    assert with_earlier == build.bands_from_mixture(components, 0.5)
    assert with_earlier[3] > without[3] and sum(with_earlier) == pytest.approx(1.0)


def test_band_mixture_arithmetic():
    build = _build_module()
    # one component, mean 10 weeks, no earlier spells: share after week a = exp(−a/10)
    # weeks 1-4: 1 − e^−0,4 = 0,3297; 5-26: e^−0,4 − e^−2,6 = 0,5960; 27-52: e^−2,6 − e^−5,2 = 0,0688
    assert build.bands_from_mixture([(1.0, 10.0)], 0.0) == (0.3297, 0.596, 0.0688, 0.0055)
    # all spells start d = 10 weeks up: share after a = 1 for a ≤ 10, else exp(−(a−10)/10)
    # weeks 1-4: 0; 5-26: 1 − e^−1,6 = 0,7981; 27-52: e^−1,6 − e^−4,2 = 0,1869
    assert build.bands_from_mixture([(1.0, 10.0)], 1.0) == (0.0, 0.7981, 0.1869, 0.015)


def test_every_budget_input_has_a_source(demo):
    fields = ("full_year_persons", "benefit_per_full_year_person", "band_distribution",
              "measures_per_full_year_person", "refusion_rule")
    for g in demo.budget.groups:
        for name in fields:
            assert demo.source(source_key("budget", g.target_group, g.year, name)).source, (g, name)
    for line in demo.budget.operation:
        assert demo.source(source_key("operation", line.name, line.year)).source
    for year in demo.price_index.years:
        assert demo.source(source_key("price_index", year)).source
    for entry in demo.cases:
        assert entry.case.notes  # case inputs carry their sources in the case's notes
    for pool in demo.pools:
        assert pool.source and pool.notes


def test_hillerod_effect_in_the_demo(demo):
    result = ProjectionEngine(demo).result()
    hillerod = next(c for c in result.cases if c.name.startswith("Straksaktivering"))
    # Under the 2016 staircase the case saves 4.366.149 kr. a year (domain brief § 4) and costs
    # 500.000 + 167.000 kr. with no operating refusion in 2027, both in 2013 p/l. To 2026 p/l the
    # benefit saving goes with the satsreguleringsprocent (index_transfers.csv 120,5770 / 89,2346)
    # and the cost with KL's pris- og lønskøn (index_service.csv 119,8644 / 94,3996):
    # 4.366.149 × 1,35124 − 667.000 × 1,26976 = 5.899.697,5 − 846.926,8 = 5.052.770,7 kr.
    transfers, service = 120.5770 / 89.2346, 119.8644 / 94.3996
    assert hillerod.saving(2028) == pytest.approx(4_366_149 * transfers - 667_000 * service, abs=2)
    assert hillerod.saving(2028) == pytest.approx(5_052_770.7, abs=1)
    raw = appraise(demo.case_in_scenario(hillerod.name, None))
    assert hillerod.saving(2027) == pytest.approx(raw.municipal_saving[0] * transfers
                                                  - raw.net_cost[0] * service)


def test_scenario_as_in_hillerod_2013(demo):
    result = ProjectionEngine(demo).result(scenario="Som i Hillerød 2013")
    hillerod = next(c for c in result.cases if c.name.startswith("Straksaktivering"))
    # flat 50 %: saving 3.892.673 − net cost 583.500 kr. a year (2013 p/l); the saving converted with
    # the satsreguleringsprocent (120,5770 / 89,2346), the cost with the service index (119,8644 /
    # 94,3996): 5.259.919,7 − 740.902,3 = 4.519.017,5 kr.
    assert hillerod.saving(2028) == pytest.approx(
        3_892_673 * 120.5770 / 89.2346 - 583_500 * 119.8644 / 94.3996, abs=2)


def test_mentor_case_gets_the_pool_income(demo):
    result = ProjectionEngine(demo).result()
    mentor = next(c for c in result.cases if c.name == "Mentorstøtte til aktivitetsparate")
    assert mentor.series["pool_funding"] == {2027: 480_000, 2028: 960_000, 2029: 480_000, 2030: 0}
