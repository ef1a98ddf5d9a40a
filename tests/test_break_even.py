"""Break-even values: the value of one input at which the case just pays back.

Hillerød: w = 72.000/52, municipal saving per year at full effect S(B, n) = n · 12,25 · B/52 · 0,5,
net cost c = 583.500 a year; phase-in 0,5 then 1. Over 4 years the case pays back when
3,5 · S − 4c ≥ 0 (the cumulative result is rising once S > c, so its maximum is the last year).
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import HILLEROD

from budgetapp.core.break_even import ALWAYS, FOUND, NEVER, break_even, break_even_table
from budgetapp.core.case import load_case
from budgetapp.core.case_inputs import SAVED_WEEKS, TOTAL_COST, InputError
from budgetapp.core.explain import explain_break_even
from budgetapp.core.scenarios import apply_overrides

C = 583500.0


@pytest.fixture(scope="module")
def case():
    # the example as entered, without its estimates and scenarios: the figures below are for ±20 %
    return dataclasses.replace(load_case(HILLEROD), uncertainty=(), scenarios=())


@pytest.fixture(scope="module")
def ten_years(case):
    return apply_overrides(case, {"years": 10})


def test_benefit_break_even_is_exact(case):
    be = break_even(case, "benefit_per_full_year_person", 4)
    # 3,5 · 459 · 12,25 / 52 · 0,5 · B = 4c → B = 4c / (3,5 · 54,0649…) = 12.334,38 kr.
    assert be.status == FOUND and be.direction == "min"
    assert be.value == pytest.approx(4 * C / (3.5 * 459 * 12.25 / 52 * 0.5), rel=1e-9)


def test_inflow_and_total_cost_break_even(case):
    inflow = break_even(case, "inflow_per_year")
    # n · 3,5 · 12,25 · (72.000/52) · 0,5 = 4c → n = 2.334.000 / 29.682,69 = 78,63 entrants a year.
    assert inflow.value == pytest.approx(4 * C / (3.5 * 12.25 * 72000 / 52 * 0.5), rel=1e-9)
    cost = break_even(case, TOTAL_COST)
    # Scaling every cost line by f: net cost 583.500 · f; 3,5 · S = 4 · 583.500 · f; value = 667.000 · f.
    S = 459 * 12.25 * 72000 / 52 * 0.5
    assert cost.direction == "max"
    assert cost.value == pytest.approx(667000 * 3.5 * S / (4 * C), rel=1e-9)


def test_saved_weeks_break_even_under_a_flat_rate(case):
    be = break_even(case, SAVED_WEEKS)
    # 3,5 · 459 · v · w · 0,5 = 4c → v = 4c / (3,5 · 459 · w · 0,5) = 2,0986 weeks per entrant.
    assert be.value == pytest.approx(4 * C / (3.5 * 459 * 72000 / 52 * 0.5), rel=1e-9)
    assert be.search_high == 12.25  # the no-show segment already leaves at once


def test_budget_period_and_full_horizon_differ_for_a_ten_year_case(ten_years):
    budget, horizon = break_even_table(ten_years, ["benefit_per_full_year_person"])[0]
    k = 459 * 12.25 / 52 * 0.5
    assert (budget.within_years, budget.last_year) == (4, 2016)
    assert budget.value == pytest.approx(4 * C / (3.5 * k), rel=1e-9)
    # Over 10 years: 9,5 · S = 10c.
    assert (horizon.within_years, horizon.last_year) == (10, 2022)
    assert horizon.value == pytest.approx(10 * C / (9.5 * k), rel=1e-9)


def test_always_and_never_are_reported(case):
    always = break_even(case, "segments[0].share")
    # Even with no no-shows the 70 % → 0 % … rebalanced case saves 0,65/0,70·11 ≫ 2,1 weeks.
    assert always.status == ALWAYS and always.value is None
    no_effect = apply_overrides(case, {"deadweight": 1.0})
    never = break_even(no_effect, "inflow_per_year")
    assert never.status == NEVER and never.value is None
    assert "der er ingen break-even i det søgte interval fra 0,0 personer til 4.590,0 personer" in (
        explain_break_even(never))
    assert "(0 til 10 gange den indtastede værdi); casen tjener sig ikke hjem" in explain_break_even(never)
    # a share is searched over its whole valid range, 0-100 %
    assert explain_break_even(always) == (
        "Andel: Møder ikke op (forlader ydelsen straks): der er ingen break-even i det søgte interval "
        "fra 0,0 % til 100,0 %; casen tjener sig hjem inden for budgetperioden (til og med 2016) ved "
        "enhver værdi "
        "i intervallet (indtastet: 30,0 %).")


def test_an_amount_in_kr_ends_the_sentence_with_one_full_stop():
    from budgetapp.core.break_even import BreakEven

    # the gross cost searched from 0 to 10 × the entered 2.532.544 kr. = 25.325.440 kr.
    be = BreakEven("total_cost_per_year", "Bruttoudgift pr. år (gennemsnit)", "amount", 2_532_544.0, 4,
                   2030, 0.0, 25_325_440.0, ALWAYS)
    text = explain_break_even(be)
    assert text == ("Bruttoudgift pr. år (gennemsnit): der er ingen break-even i det søgte interval fra "
                    "0 kr. til 25.325.440 kr. (0 til 10 gange den indtastede værdi); casen tjener sig "
                    "hjem inden for budgetperioden (til og med 2030) ved enhver værdi i intervallet "
                    "(indtastet: 2.532.544 kr.).")
    assert "kr.." not in text
    never = explain_break_even(BreakEven("x", "Udgift", "amount", 10.0, 4, 2030, 0.0, 1_000_000.0,
                                         NEVER))
    assert never.endswith("(indtastet: 10 kr.).") and "kr.." not in never
    # no value found: the sentence ends on the amount's own full stop
    odd = explain_break_even(BreakEven("x", "Udgift", "amount", 0.0, 4, 2030, 0.0, 1_000_000.0, "found"))
    assert odd == "Udgift: ingen grænseværdi fundet i det søgte interval fra 0 kr. til 1.000.000 kr."


def test_explanation_of_a_found_value_is_danish(case):
    text = explain_break_even(break_even(case, "benefit_per_full_year_person", 4))
    assert text == ("Ydelse pr. helårsperson skal være mindst 12.334 kr. for at casen tjener sig hjem "
                    "inden for budgetperioden (til og med 2016) (indtastet: 72.000 kr.).")


def test_unknown_input_is_refused(case):
    with pytest.raises(InputError):
        break_even(case, "segments[0].nonsense")
