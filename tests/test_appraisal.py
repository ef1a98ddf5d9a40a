"""The business-case engine: the published Hillerød case, the rules, costs, and invariants."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from conftest import HILLEROD
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core.appraisal import CaseArrays, appraise, evaluate
from budgetapp.core.case import BenefitRefusion, CostLine, PoolFunding, Segment, load_case

WEEKLY = 72000 / 52  # Hillerød: 72.000 kr. per full-year person, 52-week year
HILLEROD_CASE = load_case(HILLEROD)


@pytest.fixture
def hillerod():
    return load_case(HILLEROD)


def test_hillerod_published_figures(hillerod):
    result = appraise(hillerod)
    assert result.years == [2013, 2014, 2015, 2016]
    # Full-year persons in the effort: 459 × (0,65 + 0,05) × 6 / 52 = 37,07 (published: 37).
    assert result.full_year_persons_in_effort == pytest.approx(459 * 0.70 * 6 / 52)
    assert round(result.full_year_persons_in_effort, 2) == 37.07
    # Net cost: 500.000 + 167.000 × (1 − 0,5) = 583.500 kr. (published, exact).
    assert result.gross_cost == [667000.0] * 4
    assert result.cost_refusion == [83500.0] * 4
    assert result.net_cost == [583500.0] * 4
    # Saved weeks per entrant: 0,30 × 17 + 0,65 × (17 − 6) + 0,05 × 0 = 12,25.
    # Municipal saving at full effect: 459 × 12,25 × 72.000/52 × 0,5 = 3.892.673 kr.
    full = 459 * 12.25 * WEEKLY * 0.5
    assert round(full) == 3_892_673
    assert result.municipal_saving[1:] == pytest.approx([full] * 3, abs=1e-6)
    # 2013 at half effect: 1.946.337 kr. (published 1,947 mio.).
    assert round(result.municipal_saving[0]) == 1_946_337
    # Net result and payback: 1.946.337 − 583.500 ≥ 0 in the first year.
    assert result.net_result[0] == pytest.approx(full / 2 - 583500)
    assert result.payback_year == 2013
    assert result.cumulative_net_result[-1] == pytest.approx(3.5 * full - 4 * 583500)
    # Break-even: total net cost ÷ total municipal saving = 2.334.000 / (3,5 × 3.892.673).
    assert result.break_even_effect_share == pytest.approx(4 * 583500 / (3.5 * full))
    # Average duration after: 0,65 × 6 + 0,05 × 17 = 4,75 weeks (published, rounded: 4,8).
    segments = hillerod.segments
    assert sum(s.share * s.weeks_after for s in segments) == pytest.approx(4.75)


def test_hillerod_under_the_2016_staircase(hillerod):
    case = hillerod.with_effect(0, benefit_refusion=BenefitRefusion("refusionstrappe-2016"))
    result = appraise(case)
    # Municipal share 20 % in weeks 1-4, 60 % in weeks 5-26.
    # No-shows save weeks 1-17: 4 × 0,2 + 13 × 0,6 = 8,6 week-equivalents;
    # starters save weeks 7-17: 11 × 0,6 = 6,6; completers save nothing.
    # Per entrant 0,30 × 8,6 + 0,65 × 6,6 = 6,87; × 459 × 72.000/52 = 4.366.149 kr. a year.
    per_year = 459 * (0.30 * 8.6 + 0.65 * 6.6) * WEEKLY
    assert round(per_year) == 4_366_149
    assert result.municipal_saving[1] == pytest.approx(per_year)
    assert round(result.municipal_saving[1]) == 4_366_149
    # The staircase was not law in 2013-2015: the appraisal says so.
    assert result.warnings and "2013, 2014, 2015" in result.warnings[0]


def test_activity_rule_counts_active_weeks(hillerod):
    case = hillerod.with_effect(0, benefit_refusion=BenefitRefusion("aktiv-passiv-2011"),
                               effect_phase_in=(1.0,))
    result = appraise(case)
    # Baseline: 17 passive weeks at 70 % = 11,9. Starters after: 6 active weeks at 50 % = 3,0;
    # completers after: 6 active at 50 % + 11 passive at 70 % = 10,7.
    # Saved per entrant: 0,30 × 11,9 + 0,65 × (11,9 − 3,0) + 0,05 × (11,9 − 10,7) = 9,415.
    assert result.municipal_saving[0] == pytest.approx(459 * 9.415 * WEEKLY)


def test_cofinancing_of_dagpenge(hillerod):
    case = hillerod.with_effect(0, benefit_refusion=BenefitRefusion("medfinansiering-2016"),
                               effect_phase_in=(1.0,))
    result = appraise(case)
    # The municipality co-finances 20 % of weeks 1-4 and 60 % of weeks 5-26: the same shares as
    # the municipal side of the staircase, so the saving equals the staircase figure.
    assert result.municipal_saving[0] == pytest.approx(459 * 6.87 * WEEKLY)


def test_gross_saving_is_municipal_saving_plus_refusion_forgone(hillerod):
    result = appraise(hillerod)
    # Gross saving at the full benefit: 459 × 12,25 weeks × 72.000/52 (×0,5 phase-in in 2013).
    assert result.gross_saving[1] == pytest.approx(459 * 12.25 * WEEKLY)
    assert result.saved_weeks[1] == pytest.approx(459 * 12.25)
    for g, m, r in zip(result.gross_saving, result.municipal_saving, result.refusion_forgone,
                       strict=True):
        assert g == pytest.approx(m + r)


def test_deadweight_and_persistence_scale_every_effect_figure(hillerod):
    base = appraise(hillerod.with_effect(0, effect_phase_in=(1.0,)))
    scaled = appraise(hillerod.with_effect(0, effect_phase_in=(1.0,), deadweight=0.25,
                                          persistence=0.8))
    factor = (1 - 0.25) * 0.8  # = 0,6
    for key in ("saved_weeks", "gross_saving", "municipal_saving"):
        assert scaled.series[key] == pytest.approx([v * factor for v in base.series[key]])
    assert scaled.net_cost == base.net_cost


def test_costs_per_participant_lists_and_pools(hillerod):
    case = dataclasses.replace(
        hillerod,
        costs=(
            CostLine("Mentor", kind="per_participant", amount_per_full_year_participant=10000,
                     refusion_rate=0.5),
            CostLine("Opstart", amount_per_year=[100000, 50000]),
            CostLine("Aktivering", amount_per_year=20000, refusion_rule="driftsrefusion"),
        ),
        pool_funding=(PoolFunding("Pulje", amount_per_year=[30000]),),
    )
    result = appraise(case)
    fyp = 459 * 0.70 * 6 / 52  # 37,07 full-year participants
    # 2013: 10.000 × 37,07 + 100.000 + 20.000; refusion 50 % of the mentor line + 50 % driftsrefusion
    # of activation (rule in force in 2013); pool 30.000 only in 2013.
    assert result.gross_cost[0] == pytest.approx(10000 * fyp + 120000)
    assert result.cost_refusion[0] == pytest.approx(5000 * fyp + 10000)
    assert result.pool_funding == [30000.0, 0.0, 0.0, 0.0]
    assert result.net_cost[0] == pytest.approx(10000 * fyp + 120000 - 5000 * fyp - 10000 - 30000)
    # 2015: the list of start-up costs has ended (counts 0).
    assert result.gross_cost[2] == pytest.approx(10000 * fyp + 20000)


def test_discounting_leaves_year_one_undiscounted(hillerod):
    result = appraise(dataclasses.replace(hillerod, discount_rate=0.035))
    expected = sum(v / 1.035**t for t, v in enumerate(result.net_result))
    assert result.npv == pytest.approx(expected)
    assert result.npv < sum(result.net_result)


def test_no_payback_and_no_saving(hillerod):
    case = hillerod.with_effect(
        0, segments=(Segment("Ingen effekt", 1.0, 17, 17, 6),))
    result = appraise(case)
    assert result.payback_year is None
    assert result.break_even_effect_share is None
    assert result.municipal_saving == [0.0] * 4


def test_inflow_per_year_list(hillerod):
    case = hillerod.with_effect(0, inflow_per_year=[459, 400, 300, 200],
                               effect_phase_in=(1.0,))
    result = appraise(case)
    assert result.full_year_persons_in_effort_per_year[3] == pytest.approx(200 * 0.7 * 6 / 52)
    assert result.municipal_saving[3] == pytest.approx(200 * 12.25 * WEEKLY * 0.5)


def test_json_round_trip_gives_the_same_appraisal(hillerod, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(hillerod.to_json(), encoding="utf-8")
    again = load_case(path)
    assert again == hillerod
    assert appraise(again).to_json_dict() == appraise(hillerod).to_json_dict()
    json.dumps(appraise(again).to_json_dict())


def test_many_draws_in_one_call_match_single_appraisals(hillerod):
    arrays = CaseArrays.from_case(hillerod)
    weeks_after = np.array([[0, 6, 17], [0, 8, 17], [2, 6, 17]], dtype=float)
    flows = [dataclasses.replace(arrays.flows[0], weeks_after=weeks_after)]
    batch = evaluate(dataclasses.replace(arrays, flows=flows))
    for d in range(3):
        segments = tuple(dataclasses.replace(s, weeks_after=float(w))
                         for s, w in zip(hillerod.segments, weeks_after[d], strict=True))
        single = appraise(hillerod.with_effect(0, segments=segments))
        assert batch["net_result"][d].tolist() == pytest.approx(single.net_result)


# --- property tests --------------------------------------------------------------------------

rules = st.sampled_from([BenefitRefusion("refusionstrappe-2016"), BenefitRefusion("medfinansiering-2016"),
                         BenefitRefusion("aktiv-passiv-2011"), BenefitRefusion("flat", 0.5)])
weeks = st.floats(min_value=0, max_value=150, allow_nan=False)


@st.composite
def segments(draw):
    before = draw(weeks)
    after = draw(weeks)
    effort = draw(st.floats(min_value=0, max_value=1)) * after
    active_before = draw(st.floats(min_value=0, max_value=1)) * before
    return Segment("s", 1.0, before, after, effort, active_before)


@given(rule=rules, segment=segments(), extra=weeks, prior=weeks)
@settings(max_examples=150, deadline=None)
def test_a_longer_baseline_never_lowers_the_saving(rule, segment, extra, prior):
    case = HILLEROD_CASE.with_effect(0, benefit_refusion=rule, segments=(segment,),
                                     prior_weeks=prior)
    longer = dataclasses.replace(segment, weeks_before=segment.weeks_before + extra)
    base = appraise(case).municipal_saving
    more = appraise(case.with_effect(0, segments=(longer,))).municipal_saving
    assert all(m >= b - 1e-6 for m, b in zip(more, base, strict=True))


@given(rule=rules, segment=segments(), prior=weeks)
@settings(max_examples=150, deadline=None)
def test_gross_equals_municipal_plus_refusion_computed_independently(rule, segment, prior):
    from budgetapp.core.paths import municipal_weeks
    from budgetapp.core.rules import load_rules, municipal_share_schedule

    case = dataclasses.replace(
        HILLEROD_CASE.with_effect(0, benefit_refusion=rule, segments=(segment,), prior_weeks=prior,
                                  effect_phase_in=(1.0,)), start_year=2017)
    result = appraise(case)
    # The refusion forgone, computed on the complementary schedule (the state's share of each week).
    r = load_rules()[rule.rule]
    schedule = municipal_share_schedule(r, r.version_for_year(2017)[0], rule.rate)
    state = dataclasses.replace(schedule, active=1 - schedule.active, passive=1 - schedule.passive)
    forgone_weeks = (municipal_weeks(state, prior, segment.weeks_before, segment.active_weeks_before)
                     - municipal_weeks(state, prior, segment.weeks_after, segment.weeks_in_effort))
    forgone = 459 * float(forgone_weeks) * WEEKLY
    assert result.gross_saving[0] == pytest.approx(result.municipal_saving[0] + forgone, abs=1e-4)


def test_draws_of_an_input_without_segment_draws(hillerod):
    # Only the inflow varies (3 draws): every series still gets one row per draw.
    arrays = CaseArrays.from_case(hillerod)
    flows = [dataclasses.replace(arrays.flows[0],
                                 inflow=np.array([[459.0] * 4, [0.0] * 4, [918.0] * 4]))]
    out = evaluate(dataclasses.replace(arrays, flows=flows))
    full = 459 * 12.25 * WEEKLY * 0.5
    assert out["municipal_saving"][:, 1].tolist() == pytest.approx([full, 0.0, 2 * full])
    assert out["npv"].shape == (3,)


def test_by_styringsomraade_splits_cost_pool_and_saving():
    """Hillerød: 583.500 kr. net cost a year is service; the municipal saving is overførsler
    (1.946.337 kr. in 2013, 3.892.673 kr. a year after, the published figures)."""
    from budgetapp.core.case import STYRINGSOMRAADER

    case = load_case(HILLEROD)
    result = appraise(case)
    split = result.by_styringsomraade
    assert [round(v) for v in split["service"]] == [583500] * 4
    assert [round(v) for v in split["overførsler"]] == [-1946337, -3892673, -3892673, -3892673]
    assert split["anlæg"] == [0.0] * 4
    # A pool booked on anlæg moves its income there; the three still sum to −net result.
    funded = dataclasses.replace(case, pool_funding=(PoolFunding("Anlægstilskud", 100_000.0, None, "anlæg"),))
    result = appraise(funded)
    split = result.by_styringsomraade
    assert [round(v) for v in split["anlæg"]] == [-100000] * 4
    for y in range(4):
        assert sum(split[a][y] for a in STYRINGSOMRAADER) == pytest.approx(-result.net_result[y], abs=1e-6)
