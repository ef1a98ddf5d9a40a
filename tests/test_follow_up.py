"""Follow-up of an approved case: plan against actual, success criteria and the decision date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from conftest import EXAMPLES, HILLEROD

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import CaseError, case_from_dict, load_case
from budgetapp.core.decision_data import ActualYear, FollowUp
from budgetapp.core.follow_up import MET, NOT_MEASURED, NOT_MET, follow_up_report

W = 72000 / 52


def hillerod_with_follow_up(**changes):
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["follow_up"] = {
        "decision_date": "2014-06-30",
        "success_criteria": [
            {"name": "Nettoresultat 2013 mindst 1 mio. kr.", "metric": "net_result", "operator": ">=",
             "target": 1000000, "year": 2013},
            {"name": "Mindst 350 unge i 2013", "metric": "entrants", "operator": ">=", "target": 350,
             "year": 2013},
            {"name": "Højst 5 uger på ydelse i 2014", "metric": "weeks_on_benefit", "operator": "<=",
             "target": 5, "year": 2014},
        ],
        "actuals": [{"year": 2013, "entrants": 400, "weeks_on_benefit": 5.7, "spend": 700000}],
    }
    data["follow_up"].update(changes)
    return case_from_dict(data)


def test_plan_and_estimated_actual_per_year():
    report = follow_up_report(hillerod_with_follow_up(), today=dt.date(2014, 1, 1))
    y2013 = report.years[0]
    assert y2013.plan["entrants"] == 459
    assert y2013.plan["participants"] == pytest.approx(459 * 0.70)  # 30 % do not show up
    assert y2013.plan["weeks_on_benefit"] == pytest.approx(0.65 * 6 + 0.05 * 17)  # 4,75
    assert y2013.plan["spend"] == 667000
    assert y2013.plan["net_result"] == pytest.approx(459 * 12.25 * W * 0.5 * 0.5 - 583500)
    # Actual: 5,7 weeks = 1,2 × 4,75, so weeks after become 0; 7,2; 20,4 and the saved weeks per entrant
    # 0,3·17 + 0,65·(17 − 7,2) + 0,05·(17 − 20,4) = 11,3. Saving 400 · 11,3 · w · 0,5 (refusion)
    # · 0,5 (phase-in) = 1.564.615,38. Net cost at the plan's refusion share 83.500/667.000:
    # 700.000 · (1 − 83.500/667.000) = 612.368,82.
    expected = 400 * 11.3 * W * 0.25 - 700000 * (1 - 83500 / 667000)
    assert y2013.actual["net_result"] == pytest.approx(expected, rel=1e-12)
    assert y2013.actual["cumulative_net_result"] == pytest.approx(expected, rel=1e-12)
    assert y2013.actual["entrants"] == 400 and y2013.actual["participants"] is None
    assert not report.years[1].measured and report.years[1].actual["net_result"] is None


def test_success_criteria_and_decision_date():
    report = follow_up_report(hillerod_with_follow_up(), today=dt.date(2014, 6, 1))
    assert [c.status for c in report.criteria] == [NOT_MET, MET, NOT_MEASURED]
    assert [c.status_text for c in report.criteria] == ["ikke opfyldt", "opfyldt", "ikke målt endnu"]
    assert report.days_to_decision == 29
    assert report.decision_text() == ("Beslutning om at fortsætte eller lukke indsatsen: 30.6.2014 "
                                      "(om 29 dage).")
    late = follow_up_report(hillerod_with_follow_up(), today=dt.date(2014, 7, 2))
    assert late.decision_text() == "Beslutningsdatoen 30.6.2014 er passeret for 2 dage siden."


def test_bad_follow_up_data_names_the_field():
    with pytest.raises(CaseError) as exc:
        hillerod_with_follow_up(decision_date="30-06-2014",
                                actuals=[{"year": 2020, "entrants": -1}])
    fields = [i.field for i in exc.value.issues]
    assert fields == ["follow_up.decision_date", "follow_up.actuals[0].entrants"]
    with pytest.raises(CaseError) as exc:
        hillerod_with_follow_up(actuals=[{"year": 2020, "entrants": 10}])
    assert [i.field for i in exc.value.issues] == ["follow_up.actuals[0].year"]


def test_follow_up_round_trips_through_the_case_file():
    case = hillerod_with_follow_up()
    assert case_from_dict(json.loads(case.to_json())) == case
    assert case.follow_up.decision_date == dt.date(2014, 6, 30)


def test_a_case_of_stock_effects_only_is_followed_up_on_its_plan():
    # Hjørring's investment model has stock effects only: there are no entrants to follow, the
    # plan's entrants and participants are 0, and an entered spend changes only the cost side.
    case = load_case(EXAMPLES / "hjoerring-investeringsmodel.json")
    plan = appraise(case)
    report = follow_up_report(case)
    assert [r.plan["entrants"] for r in report.years] == [0.0] * case.years
    assert [r.plan["net_result"] for r in report.years] == pytest.approx(plan.net_result)
    first = case.year_labels[0]
    spend = plan.gross_cost[0] + 1_000_000.0
    followed = dataclasses.replace(case, follow_up=FollowUp(actuals=(ActualYear(first, spend=spend),)))
    row = follow_up_report(followed).years[0]
    # 1 mio. kr. more spend without refusion or pool on it lowers the net result by 1 mio. kr.
    assert row.actual["net_result"] == pytest.approx(plan.net_result[0] - 1_000_000.0)
