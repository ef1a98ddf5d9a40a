"""Bounds the case reader puts on single fields and per-year lists: a Danish message naming the
field, numbers in messages always short, and no list entry silently ignored."""

from __future__ import annotations

import json

import pytest

from budgetapp.core.case import CaseError, case_from_dict, load_case
from budgetapp.core.case_reader import show_number
from budgetapp.core.fields import field


def small_case(**top) -> dict:
    """A three-year calendar case with one flow effect, one cost line and one pool."""
    data = {
        "schema": "budgetapp.case/2", "name": "Grænser", "start_year": 2027, "years": 3,
        "effects": [{"name": "A", "target_group": "Kontanthjælp", "inflow_per_year": 52,
                     "benefit_per_full_year_person": 2704,
                     "benefit_refusion": {"rule": "flat", "rate": 0},
                     "segments": [{"name": "s", "share": 1, "weeks_before": 10, "weeks_after": 0}]}],
        "costs": [{"name": "Løn", "kind": "fixed", "amount_per_year": [100, 200, 300]}],
        "pool_funding": [{"name": "Pulje", "amount_per_year": [50, 50]}],
    }
    data.update(top)
    return data


def issues(data: dict) -> list[str]:
    with pytest.raises(CaseError) as caught:
        case_from_dict(data)
    return [str(i) for i in caught.value.issues]


def test_numbers_in_messages_stay_short():
    assert show_number(1e308) == "1,0e+308"
    assert show_number(1e-9) == "1,0e-09"
    assert show_number(-2.5e20) == "-2,5e+20"
    assert show_number(1234.5) == "1.234,5"
    assert show_number(0.0) == "0"


def test_weeks_per_year_has_a_documented_range_and_a_danish_message():
    spec = field("weeks_per_year")
    assert (spec.minimum, spec.maximum) == (40, 53)
    message = ("weeks_per_year: Uger pr. år skal være mellem 40 og 53 uger (et helår er 52 ugers "
               "ydelse), fandt {}")
    assert issues(small_case(weeks_per_year=1e-9)) == [message.format("1,0e-09")]
    assert issues(small_case(weeks_per_year=39.5)) == [message.format("39,5")]
    assert issues(small_case(weeks_per_year=54)) == [message.format("54")]
    for ok in (40, 52, 53):
        assert case_from_dict(small_case(weeks_per_year=ok)).weeks_per_year == ok


def test_a_huge_number_is_reported_in_a_few_characters(tmp_path):
    data = small_case()
    data["effects"][0]["benefit_per_full_year_person"] = 1e308
    found = issues(data)
    assert found == ["effects[0].benefit_per_full_year_person: er urimeligt stort (1,0e+308); "
                     "højst 1.000.000.000.000"]
    # through the file reader too, and no message line is longer than a sentence
    path = tmp_path / "big.json"
    path.write_text(json.dumps(small_case(weeks_per_year=1e308)), encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert [str(i) for i in caught.value.issues] == [
        "weeks_per_year: er urimeligt stort (1,0e+308); højst 1.000.000.000.000"]
    data = small_case()
    data["effects"][0]["segments"][0]["share"] = 5e11     # in range of magnitude, not of a share
    assert all(len(m) < 200 for m in issues(data))


def test_a_cost_list_longer_than_the_horizon_is_refused_at_the_field():
    data = small_case()
    data["costs"][0]["amount_per_year"] = [1, 2, 3, 4, 5]
    assert issues(data) == [
        "costs[0].amount_per_year: har 5 tal, men casen har kun 3 år (years = 3); fjern de "
        "sidste 2, eller forlæng perioden"]
    # a shorter list is meaningful (a one-off cost in the first year): later years count 0
    data["costs"][0]["amount_per_year"] = [300000]
    case = case_from_dict(data)
    assert case.costs[0].amount_per_year == [300000.0]


def test_pool_lists_longer_than_the_horizon_are_refused_at_the_field():
    data = small_case()
    data["pool_funding"][0]["amount_per_year"] = [1, 1, 1, 1]
    assert issues(data) == [
        "pool_funding[0].amount_per_year: har 4 tal, men casen har kun 3 år (years = 3); fjern "
        "de sidste 1, eller forlæng perioden"]
    data = small_case()
    data["pool_funding"] = [{"name": "P", "rate": 0.5, "cap_per_year": [10, 10, 10, 10, 10, 10]}]
    assert issues(data) == [
        "pool_funding[0].cap_per_year: har 6 tal, men casen har kun 3 år (years = 3); fjern de "
        "sidste 3, eller forlæng perioden"]


def test_a_phase_in_longer_than_the_horizon_is_refused_at_the_field():
    data = small_case()
    data["effects"][0]["effect_phase_in"] = [0.5, 0.8, 1, 1]
    assert issues(data) == [
        "effects[0].effect_phase_in: har 4 faktorer, men casen har kun 3 år (years = 3); fjern "
        "de sidste 1, eller forlæng perioden"]
    # shorter is meaningful: the last factor repeats
    data["effects"][0]["effect_phase_in"] = [0.5, 0.8]
    assert case_from_dict(data).effects[0].effect_phase_in == (0.5, 0.8)


def test_a_one_effect_shorthand_names_the_fields_at_top_level():
    data = small_case()
    effect = data.pop("effects")[0]
    data.update({k: v for k, v in effect.items() if k != "name"})
    data["effect_phase_in"] = [1, 1, 1, 1, 1]
    assert issues(data) == [
        "effect_phase_in: har 5 faktorer, men casen har kun 3 år (years = 3); fjern de sidste 2, "
        "eller forlæng perioden"]


def test_a_long_text_in_a_choice_field_is_cut_short_in_the_message():
    found = issues(small_case(timing="x" * 10_000))
    assert len(found) == 1 and found[0].startswith("timing: skal være en af calendar, entry_year, fandt 'xxx")
    assert found[0].endswith("...") and len(found[0]) < 120
