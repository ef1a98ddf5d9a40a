"""The simulation evaluates its draws in chunks, so memory is bounded with many estimates.

A case with a three-point estimate per segment (1.000 estimates, the most a case file may hold)
and 10.000 draws used 1,6 GB when every draw of every drawn segment was integrated at once. The
draws are now evaluated :data:`CHUNK_ELEMENTS` draws × estimates at a time; the random numbers are
drawn as before, so the result does not depend on the chunk. Timing is measured in
``bench/bench_large_case.py``, not here.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from budgetapp.core import simulation
from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    FlowEffect,
    PriorWeeks,
    Segment,
)
from budgetapp.core.case_inputs import apply_values
from budgetapp.core.decision_data import Estimate
from budgetapp.core.rules import load_rules, municipal_share_schedule
from budgetapp.core.simulation import chunk_draws, draw_inputs, evaluate_draws, simulate
from budgetapp.core.timing import path_k, weighted_k

ROOT = Path(__file__).resolve().parent.parent


def many_segments(segments: int, estimated: int | None = None) -> BusinessCase:
    """One flow effect with ``segments`` segments (weeks after 5-9, weeks in the effort 4, so some
    draws shorten the effort) and a three-point estimate of weeks after for the first
    ``estimated`` of them (all by default), ± 2 weeks around the case's value."""
    rng = np.random.default_rng(7)
    shares = rng.random(segments)
    shares /= shares.sum()
    segs = [Segment(f"s{i}", float(shares[i]), float(rng.integers(20, 80)),
                    float(rng.integers(5, 10)), 4.0) for i in range(segments)]
    effect = FlowEffect("Mange segmenter", "Kontanthjælp", 500.0, 150_000.0,
                        BenefitRefusion("refusionstrappe-2016"), tuple(segs), (PriorWeeks(10, 1.0),))
    n = segments if estimated is None else estimated
    estimates = tuple(Estimate(f"effects[0].segments[{i}].weeks_after", s.weeks_after - 2,
                               s.weeks_after, s.weeks_after + 2) for i, s in enumerate(segs[:n]))
    return BusinessCase(f"{segments} segmenter", 2027, 10, (effect,),
                        costs=(CostLine("Løn", amount_per_year=1e6),
                               CostLine("Mentor", kind="per_participant",
                                        amount_per_full_year_participant=40_000.0)),
                        uncertainty=estimates)


def test_chunk_size_keeps_draws_times_inputs_bounded():
    # 2²⁰ = 1.048.576 elements: 1.000 inputs → 1.048 draws at a time; 10 inputs → 104.857 (all
    # of 10.000 draws in one call, as before); a single draw at least.
    assert chunk_draws(1000) == 1048
    assert chunk_draws(10) == 104_857
    assert chunk_draws(10**9) == 1
    assert chunk_draws(0) == simulation.CHUNK_ELEMENTS


def test_chunks_of_seven_draws_give_the_result_of_all_draws_at_once():
    case = many_segments(12)
    arrays = CaseArrays.from_case(case)
    values = draw_inputs(case, list(case.uncertainty), 100, seed=5)
    net_all, cum_all, index_all = evaluate_draws(case, arrays, values, 100, chunk=100)
    net_7, cum_7, index_7 = evaluate_draws(case, arrays, values, 100, chunk=7)
    # The reference: the engine on all 100 draws in one call, as the simulation did before.
    whole = evaluate(apply_values(case, CaseArrays.from_case(case), values))
    np.testing.assert_array_equal(net_all, whole["net_result"])
    np.testing.assert_allclose(net_7, net_all, rtol=1e-12, atol=1e-6)
    np.testing.assert_allclose(cum_7, cum_all, rtol=1e-12, atol=1e-6)
    assert index_7.tolist() == index_all.tolist()
    # The draws really differ (the test would not see a chunk that repeats one draw otherwise).
    assert len(np.unique(net_all[:, -1])) == 100


def test_a_simulation_in_small_chunks_equals_the_simulation_in_one(monkeypatch):
    case = many_segments(30, estimated=25)
    whole = simulate(case, draws=400, seed=11)
    monkeypatch.setattr(simulation, "CHUNK_ELEMENTS", 7 * 25)      # 7 draws at a time
    assert chunk_draws(25) == 7
    chunked = simulate(case, draws=400, seed=11)
    for key in ("p10", "p50", "p90", "cumulative_p10", "cumulative_p50", "cumulative_p90"):
        np.testing.assert_allclose(getattr(chunked, key), getattr(whole, key), rtol=1e-9)
    for key in ("total_p10", "total_p50", "total_p90"):
        assert getattr(chunked, key) == pytest.approx(getattr(whole, key), rel=1e-9)
    assert chunked.payback_distribution == whole.payback_distribution
    assert [d.path for d in chunked.drivers] == [d.path for d in whole.drivers]
    np.testing.assert_allclose([d.share_of_variance for d in chunked.drivers],
                               [d.share_of_variance for d in whole.drivers], rtol=1e-9)


def test_a_case_without_estimates_gives_the_case_in_every_draw():
    case = dataclasses.replace(many_segments(5), uncertainty=())
    arrays = CaseArrays.from_case(case)
    net, cumulative, index = evaluate_draws(case, arrays, {}, 4)
    one = evaluate(arrays)
    assert net.shape == (4, 10)
    np.testing.assert_array_equal(net, np.repeat(one["net_result"][:1], 4, axis=0))
    np.testing.assert_array_equal(cumulative[:, -1], [one["cumulative_net_result"][0, -1]] * 4)
    assert index.tolist() == [int(one["payback_index"][0])] * 4


def test_weighted_k_of_paths_drawn_afresh_equals_the_sum_over_paths():
    # 80 atoms × 70 draws, every path distinct (as with one estimate per segment): the engine skips
    # the deduplication and the point x = 0 (K(0) = 0); the sum must equal Σ weight × K directly.
    rng = np.random.default_rng(3)
    rule = load_rules()["refusionstrappe-2016"]
    schedule = municipal_share_schedule(rule, rule.version_for_year(2027)[0], None)
    length = rng.uniform(2, 60, (70, 80))
    active = rng.uniform(0, 8, (70, 80))
    weight = rng.random((70, 80))
    prior = np.full((70, 1), 10.0)
    x = np.array([0.0, 52.0, 104.0])
    expected = np.einsum("dax,da->dx", path_k(x, prior, length, active, schedule), weight)
    got = weighted_k(x, prior, length, active, weight, schedule)
    assert got[:, 0].tolist() == [0.0] * 70
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_effort_of_segments_drawn_above_the_effort_length_is_the_case_effort():
    # Weeks after drawn between 6 and 10 never cut the 4 weeks in the effort: the full-year persons
    # in the effort are the case's in every draw; drawn 1-5 weeks, some draws cut it.
    case = many_segments(3, estimated=0)
    base = evaluate(CaseArrays.from_case(case))["full_year_persons_in_effort"][0]
    high = evaluate(apply_values(case, CaseArrays.from_case(case),
                                 {"effects[0].segments[1].weeks_after": np.linspace(6, 10, 9)}))
    np.testing.assert_allclose(high["full_year_persons_in_effort"], np.tile(base, (9, 1)), rtol=1e-12)
    low = evaluate(apply_values(case, CaseArrays.from_case(case),
                                {"effects[0].segments[1].weeks_after": np.linspace(1, 5, 9)}))
    assert np.all(low["full_year_persons_in_effort"][0] < base)


def test_a_thousand_estimates_and_ten_thousand_draws_simulate_under_1_gb(tmp_path: Path):
    case_file = tmp_path / "tusind.json"
    case_file.write_text(json.dumps(many_segments(1000).to_dict(), ensure_ascii=False), encoding="utf-8")
    limit = 1 << 30
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "from budgetapp.cli import main\n"
            f"sys.exit(main(['case', 'run', {str(case_file)!r}, '--simulate', '10000', '--json']))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                            timeout=600, check=False)
    assert "MemoryError" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["simulation"]["draws"] == 10_000
    assert len(data["simulation"]["estimates"]) == 1000
    assert len(data["drivers"]) == 1000                  # every drawn segment moves the total
    assert data["total_net_result_p10"] < data["total_net_result_p50"] < data["total_net_result_p90"]


def test_whole_path_totals_of_many_drawn_paths_equal_the_band_by_band_integral():
    # 300 draws × 300 atoms = 90.000 ≥ LARGE_ELEMENTS: the totals use the closed-form G; they must
    # equal Σ weight × municipal_weeks (the band-by-band integral) for the staircase and for ONES.
    from budgetapp.core.paths import municipal_weeks
    from budgetapp.core.timing import LARGE_ELEMENTS, ONES, weighted_totals

    rng = np.random.default_rng(4)
    rule = load_rules()["refusionstrappe-2016"]
    staircase = municipal_share_schedule(rule, rule.version_for_year(2027)[0], None)
    length = rng.uniform(0, 120, (300, 300))
    active = rng.uniform(0, 10, (300, 300))
    weight = rng.random((300, 300))
    prior = rng.uniform(0, 60, (300, 1))
    assert length.size >= LARGE_ELEMENTS
    for schedule in (staircase, ONES):
        expected = (weight * municipal_weeks(schedule, prior, length, active)).sum(axis=1)
        np.testing.assert_allclose(weighted_totals(prior, length, active, weight, schedule),
                                   expected, rtol=1e-12)
