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
    assert demo.years == [2025, 2027, 2028, 2029, 2030]
    assert demo.issues() == []
    assert len(demo.cases) >= 3
    assert demo.cases[0].case.name == "Straksaktivering af unge (Hillerød-modellen)"
    assert demo.cases_funded_by("mentorpulje-2027") == ["Mentorstøtte til aktivitetsparate"]
    assert demo.unit_costs is not None and demo.size_group and demo.rammevilkaar_group


def test_scaling_from_national_figures(demo):
    by_key = {(g.target_group, g.year): g for g in demo.budget.groups}
    # Table 5.4 2019: 104.157 kontant- og uddannelseshjælp × 1/98 = 1.062,8
    assert by_key[("kontant_uddannelseshjaelp", 2027)].full_year_persons == 1062.8
    # Table 5.6 2019: 20.425 kr. × 1,02^7 (2019 → 2026 p/l, pl_index.csv) = 23.462 kr.
    assert by_key[("kontant_uddannelseshjaelp", 2027)].measures_per_full_year_person == 23_462
    # Table 5.3 2019: HK6 4.649 mio. kr. / 98 × 1,148686 = 54.492.000 kr. (whole 1.000 kr.)
    assert demo.budget.operation[0].amount == 54_492_000


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
    # 500.000 + 167.000 kr. with no operating refusion in 2027: 3.699.149 kr. in 2013 p/l,
    # × 114,8686 / 88,7971 (pl_index.csv 2026 / 2013) in 2026 p/l.
    factor = 114.8686 / 88.7971
    assert hillerod.saving(2028) == pytest.approx((4_366_149 - 667_000) * factor, abs=2)
    raw = appraise(demo.case_in_scenario(hillerod.name, None))
    assert hillerod.saving(2027) == pytest.approx(raw.net_result[0] * factor)


def test_scenario_as_in_hillerod_2013(demo):
    result = ProjectionEngine(demo).result(scenario="Som i Hillerød 2013")
    hillerod = next(c for c in result.cases if c.name.startswith("Straksaktivering"))
    # flat 50 %: saving 3.892.673 − net cost 583.500 = 3.309.173 kr. a year (2013 p/l)
    assert hillerod.saving(2028) == pytest.approx((3_892_673 - 583_500) * 114.8686 / 88.7971, abs=2)


def test_mentor_case_gets_the_pool_income(demo):
    result = ProjectionEngine(demo).result()
    mentor = next(c for c in result.cases if c.name == "Mentorstøtte til aktivitetsparate")
    assert mentor.series["pool_funding"] == {2027: 480_000, 2028: 960_000, 2029: 480_000, 2030: 0}
