"""The base budget: gross expense, refusion and net expense per group and year, and validation."""

from __future__ import annotations

import pytest

from budgetapp.core.budget import (
    BaseBudget,
    GroupYear,
    OperationLine,
    budget_figures,
    budget_issues,
)


def _figures(group: GroupYear) -> dict[str, tuple[float, float, float]]:
    budget = BaseBudget("Test", 2027, 2026, (group,))
    return {f.area: (f.gross, f.refusion, f.net) for f in budget_figures(budget)}


def test_staircase_band_distribution_gives_weighted_refusion():
    group = GroupYear("kontanthjaelp", 2027, 100, 150_000, band_distribution=(0.1, 0.2, 0.3, 0.4),
                      measures_per_full_year_person=20_000, benefit_function="5.57.73")
    figs = _figures(group)
    # gross = 100 × 150.000 = 15.000.000; state share = 0,1×0,8 + 0,2×0,4 + 0,3×0,3 + 0,4×0,2 = 0,33
    gross, refusion, net = figs["forsørgelse"]
    assert gross == 15_000_000
    assert refusion == pytest.approx(4_950_000, abs=1e-6)
    assert net == pytest.approx(10_050_000, abs=1e-6)
    # measures: 100 × 20.000 = 2.000.000; operating refusion abolished from 2019 → 0
    assert figs["beskæftigelsesindsats"] == (2_000_000, 0.0, 2_000_000)


def test_measures_refusion_before_2019_is_50_percent():
    group = GroupYear("kontanthjaelp", 2018, 10, 0, average_refusion_rate=0.0,
                      measures_per_full_year_person=30_000)
    # 10 × 30.000 = 300.000 with 50 % refusion inside the driftsloft (driftsrefusion.toml, 2011-2018)
    assert _figures(group)["beskæftigelsesindsats"] == (300_000, 150_000, 150_000)


def test_cofinancing_rule_books_only_the_municipal_share():
    group = GroupYear("dagpenge", 2027, 10, 200_000, refusion_rule="medfinansiering-2016",
                      band_distribution=(0.25, 0.25, 0.25, 0.25))
    # municipal share = (0,2 + 0,6 + 0,7 + 0,8) / 4 = 0,575; 10 × 200.000 × 0,575 = 1.150.000
    gross, refusion, net = _figures(group)["forsørgelse"]
    assert gross == pytest.approx(1_150_000, abs=1e-6)
    assert refusion == 0.0
    assert net == pytest.approx(1_150_000, abs=1e-6)


def test_average_refusion_rate_when_no_band_distribution():
    group = GroupYear("sygedagpenge", 2027, 4, 100_000, average_refusion_rate=0.35)
    # 4 × 100.000 = 400.000; refusion 35 % = 140.000
    assert _figures(group)["forsørgelse"] == (400_000, pytest.approx(140_000), pytest.approx(260_000))


def test_figures_carry_function_styringsomraade_and_operation_line_name():
    budget = BaseBudget("Test", 2027, 2026,
                        (GroupYear("k", 2027, 1, 1, average_refusion_rate=0.0, benefit_function="5.57.73"),),
                        (OperationLine("Løn", 2027, 5_000_000),))
    figs = budget_figures(budget)
    assert [(f.area, f.function, f.styringsomraade) for f in figs] == [
        ("forsørgelse", "5.57.73", "overførsler"),
        ("beskæftigelsesindsats", "5.68.90", "service"),
        ("jobcenterdrift", "6.45.53", "service"),
    ]
    assert figs[2].name == "Løn" and figs[2].net == 5_000_000
    assert budget.years == [2027]


def test_valid_budget_has_no_issues():
    budget = BaseBudget("Test", 2027, 2026, (
        GroupYear("k", 2027, 10, 100_000, band_distribution=(0.1, 0.2, 0.3, 0.4)),
        GroupYear("d", 2027, 10, 100_000, refusion_rule="medfinansiering-2016", average_refusion_rate=0.6),
    ), (OperationLine("Drift", 2027, 1_000_000),))
    assert budget_issues(budget) == []


@pytest.mark.parametrize(("group", "field", "fragment"), [
    (GroupYear("k", 2027, 10, 1, band_distribution=(0.1, 0.2, 0.3, 0.3)),
     "band_distribution", "summe til 1"),
    (GroupYear("k", 2027, 10, 1, refusion_rule="ukendt", average_refusion_rate=0.3), "refusion_rule",
     "ukendt refusionsregel"),
    (GroupYear("k", 2027, 10, 1, refusion_rule="flat", band_distribution=(1.0, 0.0, 0.0, 0.0)),
     "band_distribution", "gennemsnitlig"),
    (GroupYear("k", 2027, 10, 1), "average_refusion_rate", "angiv enten"),
    (GroupYear("k", 2027, -1, 1, average_refusion_rate=0.3), "full_year_persons", "mindst 0"),
    (GroupYear("k", 2027, 1, 1, average_refusion_rate=1.3), "average_refusion_rate", "mellem 0 og 1"),
    (GroupYear("k", 2027, 1, 1, average_refusion_rate=0.3, benefit_styringsomraade="drift"),
     "benefit_styringsomraade", "service"),
])
def test_budget_issues_name_field_and_problem(group, field, fragment):
    issues = budget_issues(BaseBudget("Test", 2027, 2026, (group,)))
    assert [i.field for i in issues] == [f"budget[k, 2027].{field}"]
    assert fragment in issues[0].message


def test_duplicate_group_year_and_operation_line_are_reported():
    g = GroupYear("k", 2027, 1, 1, average_refusion_rate=0.3)
    op = OperationLine("Drift", 2027, 1.0)
    issues = budget_issues(BaseBudget("Test", 2027, 2026, (g, g), (op, op)))
    assert [i.field for i in issues] == ["budget[k, 2027].year", "jobcenterdrift[Drift, 2027].year"]
