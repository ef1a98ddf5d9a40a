"""Exact integration of the municipal share along a benefit path, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core.paths import municipal_weeks, share_at
from budgetapp.core.rules import load_rules, municipal_share_schedule


def schedule_of(rule_id: str, rate: float | None = None):
    rule = load_rules()[rule_id]
    return municipal_share_schedule(rule, rule.versions[-1], rate)


STAIRCASE = schedule_of("refusionstrappe-2016")
ALL_SCHEDULES = [
    STAIRCASE,
    schedule_of("medfinansiering-2016"),
    schedule_of("aktiv-passiv-2011"),
    schedule_of("flat", 0.5),
]

weeks = st.floats(min_value=0, max_value=300, allow_nan=False)
schedules = st.sampled_from(ALL_SCHEDULES)


def test_seventeen_weeks_on_the_staircase():
    # Weeks 1-4 at 20 % municipal share, weeks 5-17 at 60 %: 4·0,2 + 13·0,6 = 8,6 week-equivalents.
    assert municipal_weeks(STAIRCASE, 0, 17, 0) == pytest.approx(8.6)


def test_prior_weeks_move_the_start_on_the_staircase():
    # 10 prior weeks: the path's 17 weeks are benefit weeks 11-27 → 16 weeks at 60 % + 1 at 70 %.
    assert municipal_weeks(STAIRCASE, 10, 17, 0) == pytest.approx(16 * 0.6 + 1 * 0.7)


def test_fractional_weeks_count_in_proportion():
    # 4,5 weeks: 4 weeks at 20 % and half of week 5 at 60 % = 0,8 + 0,3.
    assert municipal_weeks(STAIRCASE, 0, 4.5, 0) == pytest.approx(1.1)


def test_active_weeks_use_the_active_share():
    activity = schedule_of("aktiv-passiv-2011")
    # 6 active weeks at 50 % municipal share, then 11 passive at 70 %: 3 + 7,7.
    assert municipal_weeks(activity, 0, 17, 6) == pytest.approx(10.7)
    # Active weeks beyond the path's length are cut at its end.
    assert municipal_weeks(activity, 0, 4, 6) == pytest.approx(2.0)


def test_long_spell_beyond_one_year():
    # 60 weeks: 4·0,2 + 22·0,6 + 26·0,7 + 8·0,8 = 0,8 + 13,2 + 18,2 + 6,4 = 38,6.
    assert municipal_weeks(STAIRCASE, 0, 60, 0) == pytest.approx(38.6)


def test_arrays_broadcast_over_draws_and_segments():
    result = municipal_weeks(STAIRCASE, 0, [[17, 6], [4, 60]], 0)
    assert result.shape == (2, 2)
    assert result.ravel().tolist() == pytest.approx([8.6, 0.8 + 2 * 0.6, 0.8, 38.6])


@given(schedule=schedules, position=weeks, active=st.booleans())
def test_a_weeks_municipal_share_lies_in_0_1(schedule, position, active):
    assert 0.0 <= float(share_at(schedule, position, active)) <= 1.0


@given(schedule=schedules, prior=weeks, length=weeks, active=weeks,
       split=st.floats(min_value=0, max_value=1))
@settings(max_examples=200)
def test_splitting_a_path_leaves_its_cost_unchanged(schedule, prior, length, active, split):
    # Cut the path at any point: the part before and the part after (which starts further up the
    # staircase and carries the remaining active weeks) cost together what the whole path costs.
    cut = length * split
    a = min(active, length)
    first = municipal_weeks(schedule, prior, cut, min(a, cut))
    second = municipal_weeks(schedule, prior + cut, length - cut, max(a - cut, 0.0))
    whole = municipal_weeks(schedule, prior, length, active)
    assert float(first + second) == pytest.approx(float(whole), rel=1e-9, abs=1e-9)


@given(schedule=schedules, prior=weeks, length=weeks, active=weeks, extra=weeks)
def test_a_longer_path_never_costs_less(schedule, prior, length, active, extra):
    shorter = municipal_weeks(schedule, prior, length, min(active, length))
    longer = municipal_weeks(schedule, prior, length + extra, min(active, length))
    assert float(longer) >= float(shorter) - 1e-9


@given(schedule=schedules, prior=weeks, length=weeks, active=weeks)
def test_cost_is_bounded_by_length(schedule, prior, length, active):
    value = float(municipal_weeks(schedule, prior, length, active))
    assert -1e-9 <= value <= length + 1e-9
