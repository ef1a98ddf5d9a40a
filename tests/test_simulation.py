"""Three-point estimates and the seeded simulation.

Hillerød: w = 72.000/52, S = 459 · 12,25 · w · 0,5, c = 583.500; the total net result over
2013-2016 is T(n) = n · 3,5 · 12,25 · w · 0,5 − 4c for an inflow of n a year (linear in n).
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from conftest import HILLEROD

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import CaseError, case_from_dict, load_case
from budgetapp.core.case_inputs import InputError
from budgetapp.core.decision_data import Estimate
from budgetapp.core.scenarios import apply_overrides
from budgetapp.core.simulation import (
    default_estimates,
    draw_inputs,
    simulate,
    triangular_quantile,
)

W = 72000 / 52
C = 583500.0
K = 3.5 * 12.25 * W * 0.5  # kr. of total net result per entrant a year = 29.682,69


def T(n):
    return n * K - 4 * C


@pytest.fixture(scope="module")
def case():
    # the example as entered, without its estimates and scenarios: the figures below are for ±20 %
    return dataclasses.replace(load_case(HILLEROD), uncertainty=(), scenarios=())


def with_estimates(case, *estimates):
    return dataclasses.replace(case, uncertainty=tuple(estimates))


def test_triangular_quantile_exact_values():
    # Triangle (0, 1, 2): F(x) = x²/2 below the mode, so u = 0,125 → x = 0,5; u = 0,5 → the mode.
    u = np.array([0.0, 0.125, 0.5, 0.875, 1.0])
    assert triangular_quantile(u, 0, 1, 2).tolist() == [0.0, 0.5, 1.0, 1.5, 2.0]
    # Skewed (0, 0, 4): F(x) = 1 − (4 − x)²/16, so u = 0,75 → x = 4 − √(0,25·16) = 2.
    assert triangular_quantile(np.array([0.75]), 0, 0, 4).tolist() == [2.0]
    # Degenerate: min = mode = max gives exactly that value.
    assert triangular_quantile(np.array([0.0, 0.3, 1.0]), 459, 459, 459).tolist() == [459.0] * 3


def test_degenerate_estimate_gives_the_deterministic_result_exactly(case):
    sim = simulate(with_estimates(case, Estimate("inflow_per_year", 459, 459, 459),
                                  Estimate("deadweight", 0, 0, 0)), draws=500, seed=3)
    net = appraise(case).series["net_result"]
    assert sim.p10 == net and sim.p50 == net and sim.p90 == net
    assert sim.total_p50 == sim.base_total
    assert [(p.year, p.draws) for p in sim.payback_distribution] == [(2013, 500)]
    assert sim.drivers == []


def test_same_seed_same_output_and_another_seed_differs(case):
    est = with_estimates(case, Estimate("inflow_per_year", 380, 459, 520),
                         Estimate("segments[0].share", 0.2, 0.3, 0.35), Estimate("deadweight", 0, 0.1, 0.3))
    a = simulate(est, draws=2000, seed=42).to_json_dict()
    b = simulate(est, draws=2000, seed=42).to_json_dict()
    c = simulate(est, draws=2000, seed=43).to_json_dict()
    assert a == b
    assert a["p50"] != c["p50"]


def test_percentiles_of_a_linear_response_are_the_response_at_the_input_percentiles(case):
    est = with_estimates(case, Estimate("inflow_per_year", 367.2, 459, 550.8))
    sim = simulate(est, draws=10_000, seed=11)
    inflow = draw_inputs(est, list(est.uncertainty), 10_000, 11)["inflow_per_year"]
    # T is increasing and affine, and linear interpolation between order statistics commutes with it.
    for p, got in ((10, sim.total_p10), (50, sim.total_p50), (90, sim.total_p90)):
        assert got == pytest.approx(T(np.percentile(inflow, p)), rel=1e-9)


def test_p50_of_a_symmetric_estimate_is_near_the_deterministic_result(case):
    # Triangle 459 ± h, h = 91,8: density at the median f = 1/h, so the sample median of n = 10.000
    # draws has standard deviation 1/(2 f √n) = h/200 = 0,459 entrants. Four of them (two-sided
    # probability about 6e-5) times the slope K gives the bound 4 · 0,459 · K = 54.497 kr.
    sim = simulate(with_estimates(case, Estimate("inflow_per_year", 367.2, 459, 550.8)),
                   draws=10_000, seed=5)
    assert abs(sim.total_p50 - T(459)) <= 4 * 0.459 * K
    assert sim.drivers[0].path == "effects[0].inflow_per_year" and sim.drivers[0].share_of_variance == 1.0


def test_vectorised_draws_match_the_case_file_semantics_draw_by_draw(case):
    est = with_estimates(case, Estimate("inflow_per_year", 380, 459, 520),
                         Estimate("segments[0].share", 0.2, 0.3, 0.35), Estimate("deadweight", 0, 0.1, 0.3),
                         Estimate("costs[1].amount_per_year", 150000, 167000, 200000))
    from budgetapp.core.appraisal import CaseArrays, evaluate
    from budgetapp.core.case_inputs import apply_values
    values = draw_inputs(est, list(est.uncertainty), 5, 9)
    out = evaluate(apply_values(est, CaseArrays.from_case(est), values))
    for d in range(5):
        overrides = {p: float(v[d]) for p, v in values.items()}
        single = appraise(apply_overrides(case, overrides))
        assert out["net_result"][d].tolist() == pytest.approx(single.series["net_result"], rel=1e-12)


def test_payback_distribution_counts_every_draw_and_never_paying_back_is_none(case):
    # Dead-weight between 80 % and 100 %: at 100 % nothing is saved, so some draws never pay back.
    sim = simulate(with_estimates(case, Estimate("deadweight", 0.8, 0.95, 1.0)), draws=3000, seed=2)
    assert sum(p.draws for p in sim.payback_distribution) == 3000
    assert sum(p.share for p in sim.payback_distribution) == pytest.approx(1.0)
    # Pays back by 2016 only if 3,5·S·(1 − d) ≥ 4c, i.e. d ≤ 1 − 4c/(3,5·S) = 0,8287.
    never = next(p for p in sim.payback_distribution if p.year is None)
    limit = 1 - 4 * C / (3.5 * 459 * 12.25 * W * 0.5)
    # P(d > limit) for the triangle (0,8; 0,95; 1,0), above its lower leg: 1 − (limit−0,8)²/(0,2·0,15).
    expected = 1 - (limit - 0.8) ** 2 / (0.2 * 0.15)
    assert never.share == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / 3000))


def test_default_estimates_and_bad_estimates(case):
    est = default_estimates(case)
    paths = {e.path for e in est}
    assert "effects[0].inflow_per_year" in paths and not any(p.endswith("].share") for p in paths)
    inflow = next(e for e in est if e.path == "effects[0].inflow_per_year")
    assert (inflow.min, inflow.most_likely, inflow.max) == pytest.approx((367.2, 459, 550.8))
    with pytest.raises(InputError, match="summer til mere end 100 %"):
        simulate(with_estimates(case, Estimate("segments[0].share", 0.2, 0.3, 0.6),
                                Estimate("segments[1].share", 0.5, 0.6, 0.7)), draws=10)
    with pytest.raises(InputError, match="mindst 1"):
        simulate(case, draws=0)


def test_the_shipped_example_has_estimates_and_an_input_may_have_only_one():
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    assert [e["path"] for e in data["uncertainty"]][:2] == ["effects[0].inflow_per_year",
                                                           "effects[0].segments[0].share"]
    data["uncertainty"].append({"path": "inflow_per_year", "min": 1, "most_likely": 2, "max": 3})
    with pytest.raises(CaseError) as caught:
        case_from_dict(data)
    assert [(i.field, i.message) for i in caught.value.issues] == [
        ("uncertainty[5].path", "'effects[0].inflow_per_year' har allerede et trepunktsestimat")]
