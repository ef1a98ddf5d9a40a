"""Tornado: each input low/high on its own, bars sorted by their effect on the total net result.

Hillerød figures used throughout (docs/method.md; KL og Deloitte: Gør som de bedste!):
weekly benefit w = 72.000 / 52; saved weeks per entrant = 0,30·17 + 0,65·11 + 0,05·0 = 12,25;
full-year municipal saving S = 459 · 12,25 · w · 0,5 = 3.892.673,08; net cost c = 583.500;
phase-in 0,5 then 1 → total net result over 2013-2016 = 3,5·S − 4·c = 11.290.355,77.
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import HILLEROD

from budgetapp.core.case import canonical_path, load_case
from budgetapp.core.case_inputs import InputError
from budgetapp.core.decision_data import Estimate
from budgetapp.core.sensitivity import tornado

W = 72000 / 52
S = 459 * 12.25 * W * 0.5
C = 583500.0
BASE = 3.5 * S - 4 * C


@pytest.fixture(scope="module")
def case():
    # the example as entered, without its estimates and scenarios: the figures below are for ±20 %
    return dataclasses.replace(load_case(HILLEROD), uncertainty=(), scenarios=())


def bar(t, path):
    return next(b for b in t.bars if b.path == canonical_path(path))


def test_base_result_is_the_total_net_result(case):
    assert tornado(case).base_result == pytest.approx(BASE, rel=1e-12)
    assert pytest.approx(11290355.77, abs=0.01) == BASE


def test_default_range_is_plus_minus_20_percent_and_linear_inputs_scale_the_saving(case):
    t = tornado(case)
    inflow = bar(t, "inflow_per_year")
    assert (inflow.low_value, inflow.high_value) == pytest.approx((459 * 0.8, 459 * 1.2))
    # The saving is proportional to the inflow; the cost is fixed: 0,8·3,5·S − 4c and 1,2·3,5·S − 4c.
    assert inflow.result_low == pytest.approx(0.8 * 3.5 * S - 4 * C, rel=1e-12)
    assert inflow.result_high == pytest.approx(1.2 * 3.5 * S - 4 * C, rel=1e-12)
    assert inflow.range_source == "default"
    salary = bar(t, "costs[0].amount_per_year")
    # 500.000 ± 100.000 kr. a year without refusion, 4 years: ± 400.000 kr.
    assert salary.result_low == pytest.approx(BASE + 400000, rel=1e-12)
    assert salary.result_high == pytest.approx(BASE - 400000, rel=1e-12)
    assert salary.swing == pytest.approx(800000, rel=1e-12)


def test_a_zero_share_like_dead_weight_is_varied_from_0_to_20_percent(case):
    dead = bar(tornado(case), "deadweight")
    assert (dead.low_value, dead.high_value) == (0.0, 0.2)
    assert dead.result_low == pytest.approx(BASE, rel=1e-12)
    assert dead.result_high == pytest.approx(0.8 * 3.5 * S - 4 * C, rel=1e-12)


def test_bars_are_sorted_by_swing_and_inputs_without_effect_are_left_out(case):
    t = tornado(case)
    swings = [b.swing for b in t.bars]
    assert swings == sorted(swings, reverse=True)
    # 0,4 · 3,5 · S = 5.449.742,31: benefit and inflow have the same, largest, swing.
    assert {t.bars[0].path, t.bars[1].path} == {"effects[0].inflow_per_year",
                                              "effects[0].benefit_per_full_year_person"}
    assert t.bars[0].swing == pytest.approx(0.4 * 3.5 * S, rel=1e-12)
    # Weeks in the effort change nothing here (flat refusion, no per-participant cost).
    assert not any(b.path.endswith("weeks_in_effort") for b in t.bars)


def test_varying_the_no_show_share_rebalances_the_other_segments_in_proportion(case):
    no_show = bar(tornado(case), "segments[0].share")
    # High: 36 % no-shows; 65 % and 5 % are scaled by 0,64/0,70.
    saved = 0.36 * 17 + 0.65 * 0.64 / 0.70 * 11 + 0.05 * 0.64 / 0.70 * 0
    assert no_show.result_high == pytest.approx(3.5 * 459 * saved * W * 0.5 - 4 * C, rel=1e-12)


def test_a_three_point_estimate_sets_the_range_and_explicit_ranges_win(case):
    est = dataclasses.replace(case, uncertainty=(Estimate("inflow_per_year", 400, 459, 500),))
    t = tornado(est)
    inflow = bar(t, "inflow_per_year")
    assert (inflow.low_value, inflow.high_value, inflow.range_source) == (400, 500, "estimate")
    assert inflow.result_low == pytest.approx(400 / 459 * 3.5 * S - 4 * C, rel=1e-12)
    t2 = tornado(est, ranges={"inflow_per_year": (300, 459)})
    assert (bar(t2, "inflow_per_year").low_value, bar(t2, "inflow_per_year").range_source) == (300, "range")


def test_chosen_paths_and_bad_input_give_danish_errors(case):
    t = tornado(case, paths=["deadweight", "persistence"])
    assert [b.path for b in t.bars] == ["effects[0].deadweight", "effects[0].persistence"]
    with pytest.raises(InputError, match="kan ikke varieres"):
        tornado(case, paths=["name"])
    with pytest.raises(InputError, match="uden for det gyldige område"):
        tornado(case, paths=["deadweight"], ranges={"deadweight": (0.0, 1.5)})
    with pytest.raises(InputError, match="kun 3 segmenter"):
        tornado(case, paths=["segments[5].share"])
