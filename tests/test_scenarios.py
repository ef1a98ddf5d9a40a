"""Scenarios: named overrides of case fields, validated like the case file, and their comparison."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import HILLEROD

from budgetapp.core import project
from budgetapp.core.appraisal import appraise
from budgetapp.core.case import CaseError, case_from_dict, load_case
from budgetapp.core.scenarios import (
    BASE_NAME,
    ScenarioError,
    apply_overrides,
    compare_cases,
    compare_scenarios,
    comparison_table,
)

W = 72000 / 52
S = 459 * 12.25 * W * 0.5
C = 583500.0


@pytest.fixture(scope="module")
def case():
    return load_case(HILLEROD)


def raw():
    return json.loads(HILLEROD.read_text(encoding="utf-8"))


def test_override_a_scalar_and_a_segment_field(case):
    s = apply_overrides(case, {"deadweight": 0.5, "segments[1].weeks_after": 8})
    assert s.deadweight == 0.5 and s.segments[1].weeks_after == 8
    # Saved weeks 0,3·17 + 0,65·9 = 10,95; half is dead-weight.
    total = sum(appraise(s).series["net_result"])
    assert total == pytest.approx(3.5 * 459 * 10.95 * W * 0.5 * 0.5 - 4 * C, rel=1e-12)
    assert case.deadweight == 0.0  # the case itself is unchanged


def test_a_share_override_rebalances_the_other_segments_in_proportion(case):
    s = apply_overrides(case, {"segments[0].share": 0.36})
    assert [seg.share for seg in s.segments] == pytest.approx([0.36, 0.65 * 0.64 / 0.7, 0.05 * 0.64 / 0.7])
    # When every share is given it must sum to 1 itself, exactly like the project's scenarios.
    given = {"segments[0].share": 0.4, "segments[1].share": 0.55, "segments[2].share": 0.05}
    ours = apply_overrides(case, given)
    theirs = project.apply_overrides(case, given)
    assert appraise(ours).series == appraise(theirs).series
    with pytest.raises(ScenarioError, match="summe til 1"):
        apply_overrides(case, {"segments[0].share": 0.5, "segments[1].share": 0.6, "segments[2].share": 0})


def test_bad_overrides_name_their_field(case):
    with pytest.raises(ScenarioError) as exc:
        apply_overrides(case, {"segmentz[0].share": 0.2, "name": "x"})
    fields = {i.field: i.message for i in exc.value.issues}
    assert fields == {"segmentz[0].share": "feltet findes ikke i business casen",
                      "name": "kan ikke ændres i et scenarie"}
    with pytest.raises(ScenarioError) as exc:
        apply_overrides(case, {"deadweight": 1.5})
    assert [i.field for i in exc.value.issues] == ["effects[0].deadweight"]


def test_scenarios_in_the_case_file_round_trip_and_are_validated():
    data = raw()
    data["scenarios"] = [
        {"name": "Pessimistisk", "overrides": {"deadweight": 0.3, "segments[0].share": 0.2}},
        {"name": "Optimistisk", "overrides": {"inflow_per_year": 500}, "description": "flere unge"},
    ]
    case = case_from_dict(data)
    assert [s.name for s in case.scenarios] == ["Pessimistisk", "Optimistisk"]
    again = case_from_dict(json.loads(case.to_json()))
    assert again == case
    data["scenarios"][0]["overrides"]["deadweight"] = 2
    with pytest.raises(CaseError) as exc:
        case_from_dict(data)
    assert [i.field for i in exc.value.issues] == ["scenarios[0].overrides.effects[0].deadweight"]
    data["scenarios"][0]["overrides"]["deadweight"] = 0.3
    data["scenarios"][1]["name"] = "Pessimistisk"
    with pytest.raises(CaseError, match="bruges af to scenarier"):
        case_from_dict(data)


def test_comparison_table_has_the_case_and_every_scenario():
    data = raw()
    data["scenarios"] = [{"name": "Kvart effekt", "overrides": {"deadweight": 0.75}}]
    case = case_from_dict(data)
    results = compare_scenarios(case)
    assert [r.label for r in results] == [BASE_NAME, "Kvart effekt"]
    assert results[0].total_net_result == pytest.approx(3.5 * S - 4 * C, rel=1e-12)
    assert results[1].total_net_result == pytest.approx(3.5 * S * 0.25 - 4 * C, rel=1e-12)
    header, rows = comparison_table(results)
    assert header == ["", BASE_NAME, "Kvart effekt"]
    assert rows[2][0] == "Nettoresultat i alt" and rows[2][2] == pytest.approx(3.5 * S * 0.25 - 4 * C)
    # 2013: 0,5 · 0,25 · S = 486.584 < c, cumulative −96.916; 2014: + 0,25 · S − c = +389.668.
    assert rows[4] == ["Tilbagebetalingsår", 2013, 2014]
    both = compare_cases([case, dataclasses.replace(load_case(HILLEROD), scenarios=())])
    assert [r.label for r in both] == [case.name, f"{case.name}: Kvart effekt", case.name]
