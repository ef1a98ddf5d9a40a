"""The workbook's sheet *Opfølgning*: plan, actual and variance per case and year."""

from __future__ import annotations

import dataclasses
import datetime as dt

import openpyxl
import pytest
from conftest import HILLEROD
from recalc import recalc_all, require_soffice

from budgetapp.core.case import load_case
from budgetapp.core.decision_data import ActualYear, FollowUp, SuccessCriterion
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases
from budgetapp.export.follow_up_sheet import FOLLOW_UP_SHEET


def case_with_actuals():
    case = load_case(HILLEROD)
    follow = FollowUp(decision_date=dt.date(2014, 6, 1),
                      success_criteria=(SuccessCriterion("Færre uger", "weeks_on_benefit", "<=", 5.0, 2013),),
                      actuals=(ActualYear(2013, entrants=430.0, weeks_on_benefit=5.5, spend=700_000.0),))
    return dataclasses.replace(case, follow_up=follow)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("follow")
    content = content_from_cases([case_with_actuals()])
    content.draws = 100
    out = tmp / "f.xlsx"
    return out, build_council_workbook(out, content), tmp


def test_plan_actual_and_variance(book):
    out, layout, _ = book
    ws = openpyxl.load_workbook(out, data_only=True)[FOLLOW_UP_SHEET]
    rows = layout.follow_up["Straksaktivering af unge (Hillerød)"]
    col_2013, col_2014 = 3, 4                        # years from column C
    # Hillerød plans 459 entrants a year and 0,30 × 0 + 0,65 × 6 + 0,05 × 17 = 4,75 weeks after
    assert ws.cell(rows["entrants"]["plan"] + 1, col_2013).value == 459
    assert ws.cell(rows["entrants"]["actual"] + 1, col_2013).value == 430
    assert ws.cell(rows["entrants"]["variance"] + 1, col_2013).value == pytest.approx(-29)   # 430 − 459
    assert ws.cell(rows["weeks_on_benefit"]["variance"] + 1, col_2013).value == pytest.approx(0.75)
    # spend in 1.000 kr. as the rows say: plan 667,0 (500.000 + 167.000 kr.), actual 700,0,
    # variance 700,0 − 667,0 = 33,0 (1.000 kr.)
    assert ws.cell(rows["spend"]["plan"] + 1, col_2013).value == pytest.approx(667.0)
    assert ws.cell(rows["spend"]["actual"] + 1, col_2013).value == pytest.approx(700.0)
    assert ws.cell(rows["spend"]["variance"] + 1, col_2013).value == pytest.approx(33.0)
    assert ws.cell(rows["spend"]["plan"] + 1, 2).value == "1.000 kr."
    assert "IKKE" in ws.cell(3, 1).value and "Planens tal" in ws.cell(3, 1).value
    assert ws.cell(rows["entrants"]["actual"] + 1, col_2014).value is None   # not entered yet
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any(t.startswith("Færre uger") and "højst 5" in t for t in texts)
    assert "ikke opfyldt" in texts                    # 5,5 weeks > 5
    formula = openpyxl.load_workbook(out)[FOLLOW_UP_SHEET].cell(rows["entrants"]["variance"] + 1, col_2013)
    assert formula.data_type == "f"


def test_a_typed_actual_flows_into_the_variance(book):
    require_soffice()
    out, layout, tmp = book
    rows = layout.follow_up["Straksaktivering af unge (Hillerød)"]
    wb = openpyxl.load_workbook(out)
    wb[FOLLOW_UP_SHEET].cell(rows["entrants"]["actual"] + 1, 4).value = 480
    wb[FOLLOW_UP_SHEET].cell(rows["spend"]["actual"] + 1, 4).value = 850
    wb.save(tmp / "typed.xlsx")
    (recalced,) = recalc_all([tmp / "typed.xlsx"], tmp / "out")
    ws = openpyxl.load_workbook(recalced, data_only=True)[FOLLOW_UP_SHEET]
    assert ws.cell(rows["entrants"]["variance"] + 1, 4).value == pytest.approx(21)     # 480 − 459
    assert ws.cell(rows["entrants"]["variance"] + 1, 5).value in (None, "")           # still empty
    # a spend typed as 850 (1.000 kr.) in 2014 against the plan 667,0: variance 183,0 (1.000 kr.)
    assert ws.cell(rows["spend"]["actual"] + 1, 4).value == 850
    assert ws.cell(rows["spend"]["variance"] + 1, 4).value == pytest.approx(183.0)


def test_a_case_with_two_flow_effects_plans_both_in_either_order(tmp_path):
    """The summed plan is the same whatever the order of the effects, and each effect's own plan
    follows it."""
    from budgetapp.core.case import case_from_dict

    def effect(name, inflow, before, after):
        return {"name": name, "target_group": "Kontanthjælp", "inflow_per_year": inflow,
                "benefit_per_full_year_person": 2704, "benefit_refusion": {"rule": "flat", "rate": 0},
                "segments": [{"name": "Alle", "share": 1, "weeks_before": before, "weeks_after": after}]}

    unge, lang = effect("Unge", 459, 10, 4), effect("Langvarige", 100, 60, 50)
    sheets = []
    for order in ([unge, lang], [lang, unge]):
        case = case_from_dict({"schema": "budgetapp.case/2", "name": "To", "start_year": 2027,
                               "years": 2, "effects": order})
        out = tmp_path / f"{order[0]['name']}.xlsx"
        layout = build_council_workbook(out, content_from_cases([case]))
        ws = openpyxl.load_workbook(out, data_only=True)[FOLLOW_UP_SHEET]
        rows = layout.follow_up["To"]
        # 459 + 100 = 559 entrants; weeks (459 × 4 + 100 × 50) / 559 = 6.836 / 559 = 12,229
        assert ws.cell(rows["entrants"]["plan"] + 1, 3).value == 559
        assert ws.cell(rows["weeks_on_benefit"]["plan"] + 1, 3).value == pytest.approx(6836 / 559)
        labels = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)}
        assert labels["Tilgang, plan: Unge"] == 459 and labels["Tilgang, plan: Langvarige"] == 100
        assert labels["Uger på ydelse pr. tilgang, plan: Unge (uden indsatsen 10)"] == 4
        assert labels["Uger på ydelse pr. tilgang, plan: Langvarige (uden indsatsen 60)"] == 50
        sheets.append(labels)
    assert sheets[0] == sheets[1]
