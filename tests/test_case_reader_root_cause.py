"""Each field's own problem is named once: a check derived from fields (one field against another,
a sum, an order) is not run on a value that was already refused, so no follow-up message points at
a field that is fine (``weeks_before`` −1 used to also report ``active_weeks_before``; an estimate's
``max`` 1e300 also reported ``most_likely``). The derived checks still run on valid values."""

from __future__ import annotations

import pytest

from budgetapp.core.case import CaseError, case_from_dict


def small_case(segments: list[dict] | None = None, **top) -> dict:
    """A three-year case with one flow effect of two segments and a stock effect."""
    data = {
        "schema": "budgetapp.case/2", "name": "Rodårsag", "start_year": 2027, "years": 3,
        "effects": [
            {"name": "A", "target_group": "Kontanthjælp", "inflow_per_year": 52,
             "benefit_per_full_year_person": 2704, "benefit_refusion": {"rule": "flat", "rate": 0},
             "segments": segments or [
                 {"name": "s", "share": 0.5, "weeks_before": 10, "weeks_after": 6,
                  "weeks_in_effort": 4, "active_weeks_before": 2},
                 {"name": "t", "share": 0.5, "weeks_before": 20, "weeks_after": 8}]},
            {"kind": "stock", "name": "B", "target_group": "Kontanthjælp",
             "benefit_per_full_year_person": 100, "benefit_refusion": {"rule": "flat", "rate": 0},
             "fewer_full_year_persons": [1, 1, 1], "band_shares": [0, 0, 0, 1]}],
    }
    data.update(top)
    return data


def issues(data: dict) -> list[str]:
    with pytest.raises(CaseError) as caught:
        case_from_dict(data)
    return [str(i) for i in caught.value.issues]


def segment(**fields) -> list[dict]:
    first = {"name": "s", "share": 0.5, "weeks_before": 10, "weeks_after": 6,
             "weeks_in_effort": 4, "active_weeks_before": 2, **fields}
    return [first, {"name": "t", "share": 0.5, "weeks_before": 20, "weeks_after": 8}]


def test_negative_weeks_before_is_named_without_active_weeks_before():
    assert issues(small_case(segment(weeks_before=-1))) == [
        "effects[0].segments[0].weeks_before: skal være mindst 0, fandt -1"]


def test_negative_weeks_after_is_named_without_weeks_in_effort():
    assert issues(small_case(segment(weeks_after=-3))) == [
        "effects[0].segments[0].weeks_after: skal være mindst 0, fandt -3"]


def test_a_huge_weeks_in_effort_is_named_once():
    # 6.000 weeks is over the field's 5.200; that it is also longer than weeks_after (6) follows.
    assert issues(small_case(segment(weeks_in_effort=6000))) == [
        "effects[0].segments[0].weeks_in_effort: må højst være 5.200, fandt 6.000"]


def test_the_effort_check_still_runs_on_valid_values():
    assert issues(small_case(segment(weeks_in_effort=7, active_weeks_before=12))) == [
        "effects[0].segments[0].weeks_in_effort: kan ikke være længere end weeks_after (6 uger)",
        "effects[0].segments[0].active_weeks_before: kan ikke være længere end weeks_before "
        "(10 uger)"]


def test_an_estimate_max_of_1e300_is_named_without_most_likely():
    estimate = {"path": "effects[0].inflow_per_year", "min": 40, "most_likely": 52, "max": 1e300}
    assert issues(small_case(uncertainty=[estimate])) == [
        "uncertainty[0].max: er urimeligt stort (1,0e+300); højst 1.000.000.000.000"]


def test_an_estimate_out_of_order_is_still_named_at_most_likely():
    estimate = {"path": "effects[0].inflow_per_year", "min": 40, "most_likely": 70, "max": 60}
    assert issues(small_case(uncertainty=[estimate])) == [
        "uncertainty[0].most_likely: skal ligge mellem min og max (min ≤ mest sandsynlig ≤ max)"]


def test_a_refused_segment_share_is_named_without_the_sum_of_shares():
    assert issues(small_case(segment(share=1.5))) == [
        "effects[0].segments[0].share: må højst være 1, fandt 1,5"]
    # With valid shares the sum is checked: 0,4 + 0,5 = 0,9.
    assert issues(small_case(segment(share=0.4))) == [
        "effects[0].segments: andelene skal summe til 1, summen er 0,9"]


def test_a_refused_band_share_and_prior_share_are_named_without_their_sums():
    data = small_case()
    data["effects"][1]["band_shares"] = [0, 0, -0.5, 1]
    data["effects"][0]["prior_weeks"] = [{"weeks": 0, "share": 2}, {"weeks": 10, "share": 0.5}]
    assert issues(data) == [
        "effects[0].prior_weeks[0].share: må højst være 1, fandt 2",
        "effects[1].band_shares[2]: skal være mindst 0, fandt -0,5"]


def test_two_refused_actual_years_are_not_called_the_same_year_twice():
    follow_up = {"actuals": [{"year": 1e300, "entrants": 5}, {"year": 1e300, "entrants": 6}]}
    assert issues(small_case(follow_up=follow_up)) == [
        "follow_up.actuals[0].year: er urimeligt stort (1,0e+300); højst 1.000.000.000.000",
        "follow_up.actuals[1].year: er urimeligt stort (1,0e+300); højst 1.000.000.000.000"]
    # Two valid equal years are still named.
    follow_up = {"actuals": [{"year": 2027, "entrants": 5}, {"year": 2027, "entrants": 6}]}
    assert issues(small_case(follow_up=follow_up)) == [
        "follow_up.actuals[1].year: året 2027 står to gange"]
