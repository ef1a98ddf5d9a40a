"""Calendar timing and the case/2 effects: the worked examples of docs/method.md, stock effects,
prior-weeks mixtures, survival curves, benefit intensity and the split by styringsområde.

Conventions: W = 52 weeks a year; the 2016 refusion staircase leaves the municipality 20 % of
weeks 1-4, 60 % of weeks 5-26, 70 % of weeks 27-52 and 80 % from week 53 (lov om kommunernes
finansiering af visse offentlige ydelser efter lov om aktiv socialpolitik m.v., § 5, stk. 2).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import EXAMPLES, HILLEROD
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import (
    STYRINGSOMRAADER,
    BenefitRefusion,
    BusinessCase,
    CaseError,
    CostLine,
    FlowEffect,
    PoolFunding,
    PriorWeeks,
    Segment,
    StockEffect,
    case_from_dict,
    load_case,
)

FLAT0 = BenefitRefusion("flat", 0.0)
STAIRCASE = BenefitRefusion("refusionstrappe-2016")


PRIOR0 = (PriorWeeks(0.0, 1.0),)


def flow(segments, *, inflow=52.0, benefit=52.0 * 52, refusion=FLAT0, prior=PRIOR0,
         phase_in=(1.0,), deadweight=0.0, persistence=1.0, name="Effekt") -> FlowEffect:
    return FlowEffect(name, "Målgruppe", inflow, benefit, refusion, tuple(segments), tuple(prior),
                      tuple(phase_in), deadweight, persistence)


def case_of(*effects, years=1, timing="calendar", start=2020, costs=(), pools=()) -> BusinessCase:
    return BusinessCase(name="Test", start_year=start, years=years, effects=tuple(effects),
                        timing=timing, costs=tuple(costs), pool_funding=tuple(pools))


def test_worked_example_one_segment_ten_weeks():
    # 52 entrants a year arrive evenly; each saves 10 weeks at municipal share 1 (flat, rate 0),
    # benefit 52 kr. a week. An entrant arriving at t saves min(10, 52 − t) weeks in year 0:
    # over the year (42·10 + 10·10/2)/52 = 470/52 = 9,0385 weeks each; 0,9615 after the year.
    result = appraise(case_of(flow([Segment("s", 1.0, 10, 0)])))
    assert result.saved_weeks == pytest.approx([52 * 470 / 52])            # 470 weeks
    assert round(470 / 52, 4) == 9.0385
    assert result.municipal_saving == pytest.approx([470 * 52.0])          # 24.440 kr.
    assert result.after_horizon["saved_weeks"] == pytest.approx(52 * 10 - 470)  # 50 = 52 · 0,9615
    assert result.after_horizon["municipal_saving"] == pytest.approx(50 * 52.0)
    # Entry-year timing books the whole 10 weeks in year 0 and has no tail.
    entry = appraise(case_of(flow([Segment("s", 1.0, 10, 0)]), timing="entry_year"))
    assert entry.saved_weeks == pytest.approx([520.0])
    assert entry.after_horizon["saved_weeks"] == 0.0


def test_hillerod_in_calendar_timing_saves_1_562_645_kr_in_its_first_year():
    hill = load_case(HILLEROD)
    assert hill.timing == "entry_year"
    result = appraise(dataclasses.replace(hill, timing="calendar"))
    # K(x) = ∫₀ˣ min(s, L) ds; year-0 part of a path = K(52)/52.
    # No-shows (17 → 0 weeks): K(52) = 17²/2 + 17·35 = 739,5.
    # Starters (17 → 6 weeks): 739,5 − (6²/2 + 6·46) = 739,5 − 294 = 445,5.
    # Per entrant (0,30·739,5 + 0,65·445,5)/52 = 511,425/52 = 9,83510 weeks.
    # × 459 entrants × 0,5 phase-in × 72.000/52 kr. × 0,5 municipal share = 1.562.645 kr.
    first = (0.30 * 739.5 + 0.65 * 445.5) / 52 * 459 * 0.5 * 72000 / 52 * 0.5
    assert round(first) == 1_562_645
    assert result.municipal_saving[0] == pytest.approx(first, rel=1e-12)
    # Entry-year timing gives the published 1.946.337 kr.
    assert round(appraise(hill).municipal_saving[0]) == 1_946_337
    # From 2015 the cohorts overlap fully: every year books a full cohort's saving, 3.892.673 kr.
    assert result.municipal_saving[2] == pytest.approx(459 * 12.25 * 72000 / 52 * 0.5, rel=1e-12)


def test_hand_written_stock_effect():
    # 10 and 20 fewer full-year persons at 100.000 kr.; band shares 10/20/30/40 % on the staircase:
    # municipal share 0,1·0,2 + 0,2·0,6 + 0,3·0,7 + 0,4·0,8 = 0,67.
    stock = StockEffect("Varige afgange", "Kontanthjælp", 100_000.0, STAIRCASE, [10.0, 20.0],
                        (0.1, 0.2, 0.3, 0.4))
    result = appraise(case_of(stock, years=2))
    assert result.municipal_saving == pytest.approx([670_000.0, 1_340_000.0])
    assert result.gross_saving == pytest.approx([1_000_000.0, 2_000_000.0])
    assert result.saved_weeks == pytest.approx([520.0, 1040.0])
    assert result.after_horizon["municipal_saving"] == 0.0
    # Default band shares: all in 53+ (municipal share 0,8).
    plain = dataclasses.replace(stock, band_shares=(0.0, 0.0, 0.0, 1.0))
    assert appraise(case_of(plain, years=2)).municipal_saving == pytest.approx([800_000.0, 1_600_000.0])


def test_prior_weeks_mixture_is_the_share_weighted_average_not_the_average_position():
    # 10 weeks saved, half the cohort at staircase position 0, half at 26 (entry-year timing):
    # position 0: 4·0,2 + 6·0,6 = 4,4; position 26: 10·0,7 = 7,0; mixture (4,4 + 7,0)/2 = 5,7.
    # At the average position 13 it would be 10·0,6 = 6,0 (overstated by 5 %).
    seg = [Segment("s", 1.0, 10, 0)]
    mixture = flow(seg, refusion=STAIRCASE, prior=(PriorWeeks(0, 0.5), PriorWeeks(26, 0.5)))
    result = appraise(case_of(mixture, timing="entry_year"))
    assert result.municipal_saving == pytest.approx([52 * 5.7 * 52.0])
    average = flow(seg, refusion=STAIRCASE, prior=(PriorWeeks(13, 1.0),))
    at_average = appraise(case_of(average, timing="entry_year")).municipal_saving
    assert at_average == pytest.approx([52 * 6.0 * 52.0])


def _curve_vs_paths(curve, timing, prior, refusion):
    curve_case = case_of(flow([Segment("kurve", 1.0, survival_before=tuple(curve), weeks_after=3,
                                       weeks_in_effort=2)], refusion=refusion, prior=prior),
                         years=3, timing=timing)
    # S_k − S_{k+1} of the entrants leave after exactly k weeks; 1 − S_1 leave at once.
    weights = [1 - curve[0]] + [curve[k] - (curve[k + 1] if k + 1 < len(curve) else 0.0)
                                for k in range(len(curve))]
    paths = [Segment(f"{k} uger", w, k, 3, 2) for k, w in enumerate(weights)]
    path_case = case_of(flow(paths, refusion=refusion, prior=prior), years=3, timing=timing)
    return appraise(curve_case), appraise(path_case)


@pytest.mark.parametrize("timing", ["calendar", "entry_year"])
def test_survival_curve_equals_its_whole_week_path_mixture(timing):
    curve = [1.0, 0.9, 0.9, 0.6, 0.5, 0.5, 0.2, 0.1]
    a, b = _curve_vs_paths(curve, timing, (PriorWeeks(2, 0.7), PriorWeeks(30, 0.3)), STAIRCASE)
    for key in ("saved_weeks", "municipal_saving", "net_result"):
        assert a.series[key] == pytest.approx(b.series[key], rel=1e-12, abs=1e-9)
    assert a.after_horizon == pytest.approx(b.after_horizon, rel=1e-12, abs=1e-9)
    # The segment's weeks_before is the curve's mean length Σ S_k = 4,7 weeks.
    data = a.case.to_dict()
    assert case_from_dict(data).effects[0].segments[0].weeks_before == pytest.approx(4.7)


def test_benefit_intensity_scales_amounts_and_weeks_but_not_the_staircase_clock():
    # Half benefit; 30 weeks before, 10 after, staircase from position 0 (entry-year timing).
    # Saved weeks 11-30 keep their calendar positions: 16 weeks at 0,6 (weeks 11-26) and 4 weeks
    # at 0,7 (27-30) = 12,4 municipal weeks, halved: 6,2. Saved full-time weeks: 0,5 · 20 = 10.
    seg = Segment("deltid", 1.0, 30, 10, benefit_intensity=0.5)
    result = appraise(case_of(flow([seg], inflow=1.0, refusion=STAIRCASE), timing="entry_year"))
    assert result.saved_weeks == pytest.approx([10.0])
    assert result.municipal_saving == pytest.approx([6.2 * 52.0])
    # A clock running on full-time weeks (15 before, 5 after) would give 10 weeks at 0,6 = 6,0.
    assert result.municipal_saving[0] != pytest.approx(6.0 * 52.0)


def test_styringsomraader_sum_to_minus_the_net_result_with_rate_pools_and_stock_effects():
    effects = (flow([Segment("a", 0.6, 30, 10, 8), Segment("b", 0.4, 20, 20, 4)], refusion=STAIRCASE),
               StockEffect("Bestand", "Sygedagpenge", 200_000.0, STAIRCASE, [3.0, 5.0, 6.0]))
    costs = (CostLine("Sagsbehandlere", amount_per_year=900_000.0),
             CostLine("Mentor", kind="per_participant", amount_per_full_year_participant=30_000.0,
                      refusion_rate=0.5, styringsomraade="overførsler"),
             CostLine("Lokaler", amount_per_year=[200_000.0, 0.0, 0.0], styringsomraade="anlæg"))
    pools = (PoolFunding("Fast", 100_000.0, styringsomraade="service"),
             PoolFunding("Sats", rate=0.5, eligible_costs=("Sagsbehandlere",), cap_per_year=300_000.0,
                         styringsomraade="service"))
    result = appraise(case_of(*effects, years=3, costs=costs, pools=pools))
    # The rate pool pays 0,5 × 900.000 = 450.000 kr., capped at 300.000: 400.000 kr. of pools a year.
    assert result.pool_funding == pytest.approx([400_000.0] * 3)
    split = result.by_styringsomraade
    for y in range(3):
        assert sum(split[a][y] for a in STYRINGSOMRAADER) == pytest.approx(-result.net_result[y], abs=1e-6)
    assert split["anlæg"] == pytest.approx([200_000.0, 0.0, 0.0])
    assert split["service"] == pytest.approx([500_000.0] * 3)
    assert [e["name"] for e in result.effects] == ["Effekt", "Bestand"]
    total = [sum(e["municipal_saving"][y] for e in result.effects) for y in range(3)]
    assert total == pytest.approx(result.municipal_saving)


# --- properties --------------------------------------------------------------------------------

weeks = st.floats(min_value=0, max_value=150, allow_nan=False)
shares = st.floats(min_value=0.01, max_value=0.99)


@st.composite
def segments(draw, share=1.0):
    before = draw(weeks)
    after = draw(weeks)
    return Segment("s", share, before, after, draw(st.floats(0, 1)) * after,
                   draw(st.floats(0, 1)) * before, benefit_intensity=draw(st.floats(0.1, 1.0)))


@given(segment=segments(), prior=weeks, years=st.integers(1, 6),
       phase=st.lists(st.floats(0, 1), min_size=1, max_size=4),
       refusion=st.sampled_from([STAIRCASE, BenefitRefusion("flat", 0.3)]),
       inflow=st.lists(st.floats(0, 500), min_size=6, max_size=6))
@settings(max_examples=120, deadline=None)
def test_horizon_plus_tail_equals_the_entry_year_total(segment, prior, years, phase, refusion, inflow):
    effect = flow([segment], inflow=inflow[:years], refusion=refusion,
                  prior=(PriorWeeks(prior, 1.0),), phase_in=tuple(phase), deadweight=0.1)
    calendar = appraise(case_of(effect, years=years, start=2017))
    entry = appraise(case_of(effect, years=years, start=2017, timing="entry_year"))
    for key in ("saved_weeks", "gross_saving", "municipal_saving"):
        assert sum(calendar.series[key]) + calendar.after_horizon[key] == pytest.approx(
            sum(entry.series[key]), rel=1e-9, abs=1e-6)
    effort_calendar = sum(calendar.full_year_persons_in_effort_per_year)
    assert effort_calendar <= sum(entry.full_year_persons_in_effort_per_year) + 1e-9


@given(segment=segments(), split=shares, timing=st.sampled_from(["calendar", "entry_year"]),
       prior=weeks)
@settings(max_examples=80, deadline=None)
def test_splitting_a_segment_changes_nothing(segment, split, timing, prior):
    one = flow([segment], refusion=STAIRCASE, prior=(PriorWeeks(prior, 1.0),))
    two = flow([dataclasses.replace(segment, share=split), dataclasses.replace(segment, share=1 - split)],
               refusion=STAIRCASE, prior=(PriorWeeks(prior, 1.0),))
    a = appraise(case_of(one, years=3, timing=timing))
    b = appraise(case_of(two, years=3, timing=timing))
    for key in ("saved_weeks", "municipal_saving", "net_result"):
        assert a.series[key] == pytest.approx(b.series[key], rel=1e-9, abs=1e-6)
    assert a.full_year_persons_in_effort_per_year == pytest.approx(
        b.full_year_persons_in_effort_per_year, rel=1e-9, abs=1e-9)


@given(length=st.integers(1, 120), after=st.integers(0, 60), prior=weeks,
       timing=st.sampled_from(["calendar", "entry_year"]))
@settings(max_examples=80, deadline=None)
def test_a_single_step_survival_curve_equals_the_path(length, after, prior, timing):
    path = flow([Segment("sti", 1.0, length, after, min(after, 4))], refusion=STAIRCASE,
                prior=(PriorWeeks(prior, 1.0),))
    curve = flow([Segment("kurve", 1.0, survival_before=(1.0,) * length,
                          survival_after=(1.0,) * after if after else None,
                          weeks_after=0.0, weeks_in_effort=min(after, 4))],
                 refusion=STAIRCASE, prior=(PriorWeeks(prior, 1.0),))
    a = appraise(case_of(path, years=3, timing=timing))
    b = appraise(case_of(curve, years=3, timing=timing))
    for key in ("saved_weeks", "municipal_saving", "full_year_persons_in_effort"):
        left = a.series.get(key, a.full_year_persons_in_effort_per_year)
        right = b.series.get(key, b.full_year_persons_in_effort_per_year)
        assert left == pytest.approx(right, rel=1e-9, abs=1e-6)


# --- reading --------------------------------------------------------------------------------

def test_case_2_file_round_trip_with_every_kind_of_effect():
    effects = (flow([Segment("a", 0.5, survival_before=(1.0, 0.5, 0.25), weeks_after=1,
                             weeks_in_effort=1, benefit_intensity=0.5),
                     Segment("b", 0.5, 20, 10, 5)], prior=(PriorWeeks(0, 0.4), PriorWeeks(30, 0.6))),
               StockEffect("Bestand", "Sygedagpenge", 200_000.0, STAIRCASE, [3.0, 5.0]))
    case = dataclasses.replace(case_of(*effects, years=2),
                               pool_funding=(PoolFunding("Sats", rate=0.4, cap_per_year=1000.0),))
    again = case_from_dict(case.to_dict())
    assert again == case
    assert case.to_dict()["schema"] == "budgetapp.case/2"


def test_survival_curve_problems_are_named_at_the_field():
    data = case_of(flow([Segment("s", 1.0, 10, 0)])).to_dict()
    seg = data["effects"][0]["segments"][0]
    seg["survival_after"] = [1.0, 0.5, 0.7]
    with pytest.raises(CaseError) as caught:
        case_from_dict(data)
    fields = [i.field for i in caught.value.issues]
    assert "effects[0].segments[0].survival_after[2]" in fields          # rises
    assert "effects[0].segments[0].survival_after" in fields             # and weeks_after too


def test_hjoerring_example_builds_up_lasting_exits_year_by_year():
    case = load_case(EXAMPLES / "hjoerring-investeringsmodel.json")
    result = appraise(case)
    # 200 lasting exits a year, evenly over the year: 100, 300, 500, 700, 900 fewer full-year
    # persons; × 150.000 kr. × 0,8 (municipal share from week 53) = 12, 36, 60, 84, 108 mio. kr.
    assert result.municipal_saving == pytest.approx([12e6, 36e6, 60e6, 84e6, 108e6])
    assert sum(result.municipal_saving) == pytest.approx(300e6)   # published: 312,7 mio. kr.
    assert result.net_cost == pytest.approx([31.6e6] * 5)         # 158 mio. kr. over five years
    assert result.payback_year == 2017


def test_drawn_segment_values_equal_appraisals_of_the_changed_cases():
    """apply_values keeps drawn segments apart from the integrated case; every draw must equal
    the appraisal of the case with those values typed in (shares rebalanced in proportion)."""
    from budgetapp.core.appraisal import CaseArrays, evaluate
    from budgetapp.core.case_inputs import apply_values

    segs = (Segment("kurve", 0.5, survival_before=(1.0, 0.8, 0.8, 0.5, 0.3, 0.1), weeks_after=2,
                    weeks_in_effort=2),
            Segment("b", 0.3, 40, 20, 10), Segment("c", 0.2, 30, 30, 5, benefit_intensity=0.6))
    case = case_of(flow(segs, refusion=STAIRCASE, prior=(PriorWeeks(3, 0.5), PriorWeeks(40, 0.5))),
                   years=4, costs=(CostLine("m", kind="per_participant",
                                            amount_per_full_year_participant=1000.0),))
    draws = {"effects[0].segments[0].share": [0.5, 0.3, 0.7],
             "effects[0].segments[1].weeks_after": [20, 5, 35],
             "effects[0].segments[2].benefit_intensity": [0.6, 1.0, 0.2]}
    out = evaluate(apply_values(case, CaseArrays.from_case(case), draws))
    for d in range(3):
        share0 = draws["effects[0].segments[0].share"][d]
        rest = (1 - share0) / 0.5
        changed = case.with_effect(0, segments=(
            dataclasses.replace(segs[0], share=share0),
            dataclasses.replace(segs[1], share=0.3 * rest,
                                weeks_after=draws["effects[0].segments[1].weeks_after"][d]),
            dataclasses.replace(segs[2], share=0.2 * rest,
                                benefit_intensity=draws["effects[0].segments[2].benefit_intensity"][d])))
        single = appraise(changed)
        assert out["net_result"][d].tolist() == pytest.approx(single.net_result, rel=1e-9)
        assert out["tail:municipal_saving"][d] == pytest.approx(
            single.after_horizon["municipal_saving"], rel=1e-9)


def test_case_1_dict_migrates_to_entry_year_with_the_published_figures():
    data = load_case(HILLEROD).to_dict(flat=True)
    data["schema"] = "budgetapp.case/1"
    del data["timing"]
    for est in data["uncertainty"]:
        est["path"] = est["path"].removeprefix("effects[0].")
    case = case_from_dict(data)
    assert case.timing == "entry_year" and len(case.effects) == 1
    assert case.uncertainty[0].path == "effects[0].inflow_per_year"
    result = appraise(case)
    assert [round(v) for v in result.municipal_saving] == [1_946_337] + [3_892_673] * 3
    assert round(result.full_year_persons_in_effort, 2) == 37.07
    assert result.net_cost == [583_500.0] * 4


def test_all_shares_estimated_are_drawn_from_a_dirichlet_that_sums_to_one():
    from budgetapp.core.decision_data import Estimate
    from budgetapp.core.simulation import draw_inputs, simulate

    case = load_case(HILLEROD)
    estimates = [Estimate("effects[0].segments[0].share", 0.2, 0.3, 0.4),
                 Estimate("effects[0].segments[1].share", 0.5, 0.65, 0.75),
                 Estimate("effects[0].segments[2].share", 0.0, 0.05, 0.1)]
    draws = draw_inputs(case, estimates, 20_000, seed=3)
    total = sum(draws[e.path] for e in estimates)
    assert total == pytest.approx(1.0, abs=1e-12)
    # Centred on the most likely shares: means 0,30 / 0,65 / 0,05 (± 4 standard errors).
    for e in estimates:
        values = draws[e.path]
        assert values.mean() == pytest.approx(e.most_likely, abs=4 * values.std() / 20_000 ** 0.5)
    # The maxima sum to 1,25 > 1: refused for some shares, accepted for all of them.
    sim = simulate(case, draws=500, seed=1, estimates=estimates)
    assert sim.draws == 500


def test_declared_rank_correlation_is_reproduced():
    from budgetapp.core.decision_data import Correlation, Estimate
    from budgetapp.core.simulation import draw_inputs

    case = dataclasses.replace(load_case(HILLEROD), correlations=(
        Correlation(("effects[0].inflow_per_year", "effects[0].deadweight"), 0.6),))
    estimates = [Estimate("effects[0].inflow_per_year", 400, 459, 520),
                 Estimate("effects[0].deadweight", 0.0, 0.1, 0.3)]
    draws = draw_inputs(case, estimates, 20_000, seed=5)
    a, b = draws["effects[0].inflow_per_year"], draws["effects[0].deadweight"]
    ranks = [v.argsort().argsort() for v in (a, b)]
    spearman = float(np.corrcoef(ranks[0], ranks[1])[0, 1])
    assert spearman == pytest.approx(0.6, abs=0.02)        # sampling error ≈ 0,005
    assert a.min() >= 400 and a.max() <= 520               # triangular margins kept


def test_a_rate_pool_follows_the_cost_in_draws():
    from budgetapp.core.appraisal import CaseArrays, evaluate
    from budgetapp.core.case_inputs import apply_values

    case = case_of(flow([Segment("s", 1.0, 10, 0)]), years=2,
                   costs=(CostLine("Løn", amount_per_year=1_000_000.0),),
                   pools=(PoolFunding("Sats", rate=0.4, cap_per_year=500_000.0),))
    out = evaluate(apply_values(case, CaseArrays.from_case(case),
                                {"costs[0].amount_per_year": [500_000.0, 1_000_000.0, 2_000_000.0]}))
    # 40 % of 0,5 / 1 / 2 mio. kr. = 200.000 / 400.000 / 800.000, capped at 500.000 kr.
    assert out["pool_funding"][:, 0].tolist() == pytest.approx([200_000.0, 400_000.0, 500_000.0])


@pytest.mark.parametrize("timing", ["calendar", "entry_year"])
def test_drawn_staircase_position_in_a_case_with_many_segments(timing):
    """With 70 segments the drawn position is integrated per distinct path; it must equal the
    appraisal of each position typed in."""
    from budgetapp.core.appraisal import CaseArrays, evaluate
    from budgetapp.core.case_inputs import apply_values

    segs = tuple(Segment(f"s{i}", 1 / 70, 10 + i % 13, i % 5, min(i % 5, 3)) for i in range(70))
    case = case_of(flow(segs, refusion=STAIRCASE), years=3, timing=timing)
    positions = [0.0, 3.5, 30.0, 60.0]
    out = evaluate(apply_values(case, CaseArrays.from_case(case),
                                {"effects[0].prior_weeks": positions}))
    for d, position in enumerate(positions):
        single = appraise(case.with_effect(0, prior_weeks=position))
        assert out["municipal_saving"][d].tolist() == pytest.approx(single.municipal_saving, rel=1e-9)


def test_the_closed_form_bands_are_used_only_when_the_last_band_runs_on():
    import numpy as np

    from budgetapp.core.timing import _bands
    shares = np.array([1.0, 0.5])
    # open last band (every rule's staircase): A = [0, 1·4], B = [0, 1·4·(0 + 4/2)] = [0, 8]
    a, b = _bands(np.array([0.0, 4.0]), np.array([4.0, np.inf]), shares)
    assert list(a) == [0.0, 4.0] and list(b) == [0.0, 8.0]
    # a last band that ends at week 26: the formulas would keep growing past it, so none
    assert _bands(np.array([0.0, 4.0]), np.array([4.0, 22.0]), shares) is None
