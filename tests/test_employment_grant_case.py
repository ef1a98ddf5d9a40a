"""The modregning i beskæftigelsestilskud in a business case: an effect opts in, the appraisal shows
the clawback from the case's third year, it lowers the net result, it is booked on overførsler and
what falls after the horizon is in the tail.

The dagpenge case of these tests: kommunal medfinansiering (rule medfinansiering-2016): the
municipality pays 80 % of every benefit week from week 53 (lov om kommunernes finansiering af
visse offentlige ydelser udbetalt af kommunerne, Udbetaling Danmark og arbejdsløshedskasserne,
§ 5, stk. 3). The clawback follows § 23 a of lov om kommunal udligning og generelle tilskud til
kommuner: share × the saving two years earlier; default share 0,5 (the rule's assumption).
"""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from budgetapp.cli import main
from budgetapp.core.appraisal import CaseArrays, appraise, evaluate
from budgetapp.core.case import (
    STYRINGSOMRAADER,
    BenefitRefusion,
    BusinessCase,
    CaseError,
    CostLine,
    EmploymentGrant,
    FlowEffect,
    PriorWeeks,
    Segment,
    StockEffect,
    case_from_dict,
)

DAGPENGE = BenefitRefusion("medfinansiering-2016")


DEFAULT_GRANT = EmploymentGrant()


def dagpenge_case(grant: EmploymentGrant | None = DEFAULT_GRANT, timing: str = "calendar",
                  ) -> BusinessCase:
    # 52 insured unemployed a year who have had dagpenge for 60 weeks already (so every week is
    # past week 52: municipal share 80 %); the effort shortens their remaining spell from 10
    # weeks to 0. Benefit 52.000 kr. a full year = 1.000 kr. a week. Cost: 100.000 kr. a year.
    effect = FlowEffect("Dagpengemodtagere", "Forsikrede ledige", 52.0, 52_000.0, DAGPENGE,
                        (Segment("alle", 1.0, 10, 0),), (PriorWeeks(60.0, 1.0),),
                        employment_grant=grant)
    return BusinessCase(name="Dagpenge", start_year=2027, years=4, effects=(effect,),
                        timing=timing, costs=(CostLine("Sagsbehandler", amount_per_year=100_000.0),))


def test_a_dagpenge_case_is_clawed_back_from_its_third_year():
    result = appraise(dagpenge_case())
    # Calendar timing (docs/method.md): entrants arrive evenly; an entrant arriving at week t of
    # 2027 saves min(10, 52 − t) weeks in 2027, so the cohort saves 42·10 + 10·10/2 = 470 weeks
    # in its entry year and 50 weeks in the next. 2027: 470 weeks; 2028-2030: 470 + 50 = 520.
    assert result.saved_weeks == pytest.approx([470, 520, 520, 520])
    # Municipal saving = weeks × 1.000 kr. × 80 %: 376.000, then 416.000 a year.
    assert result.municipal_saving == pytest.approx([376_000, 416_000, 416_000, 416_000])
    # Clawback = 0,5 × saving two years earlier: 2027 and 2028 nothing; 2029: 0,5 × 376.000 =
    # 188.000; 2030: 0,5 × 416.000 = 208.000.
    assert result.employment_grant_clawback == pytest.approx([0, 0, 188_000, 208_000])
    # Net result = saving − clawback − 100.000 kr.:
    # 276.000; 316.000; 416.000 − 188.000 − 100.000 = 128.000; 416.000 − 208.000 − 100.000 = 108.000.
    assert result.net_result == pytest.approx([276_000, 316_000, 128_000, 108_000])
    # After the horizon: the 2030 cohort's last 50 weeks (50 × 800 = 40.000 kr. of saving) and the
    # clawback of 2029's and 2030's savings and of that tail: 0,5 × (416.000 + 416.000 + 40.000)
    # = 436.000 kr.
    assert result.after_horizon["municipal_saving"] == pytest.approx(40_000)
    assert result.after_horizon["employment_grant_clawback"] == pytest.approx(436_000)
    assert result.effects[0]["employment_grant_clawback"] == pytest.approx([0, 0, 188_000, 208_000])
    assert result.effects[0]["after_horizon"]["employment_grant_clawback"] == pytest.approx(436_000)
    # Break-even: net cost 400.000 / (saving 1.624.000 − clawback 396.000 = 1.228.000).
    assert result.break_even_effect_share == pytest.approx(400_000 / 1_228_000)


def test_the_clawback_is_booked_on_overfoersler_and_the_areas_sum_to_minus_the_net_result():
    result = appraise(dagpenge_case())
    areas = result.by_styringsomraade
    # overførsler: −(saving − clawback): −376.000, −416.000, −228.000, −208.000
    assert areas["overførsler"] == pytest.approx([-376_000, -416_000, -228_000, -208_000])
    assert areas["service"] == pytest.approx([100_000] * 4)
    total = np.sum([areas[a] for a in STYRINGSOMRAADER], axis=0)
    assert total == pytest.approx([-v for v in result.net_result])


def test_without_opt_in_there_is_no_clawback_and_a_share_of_zero_changes_nothing():
    without = appraise(dagpenge_case(None))
    assert without.employment_grant_clawback == [0.0] * 4
    assert without.net_result == pytest.approx([276_000, 316_000, 316_000, 316_000])
    zero = appraise(dagpenge_case(EmploymentGrant(0.0)))
    assert zero.net_result == pytest.approx(without.net_result)
    assert zero.npv == pytest.approx(without.npv)


def test_the_users_share_and_entry_year_timing():
    # Entry-year timing: each cohort's 10 weeks × 52 entrants = 520 weeks × 800 kr. = 416.000 kr.
    # in its entry year. Share 0,3: 2029 and 2030 each 0,3 × 416.000 = 124.800; after the horizon
    # 0,3 × (416.000 + 416.000) = 249.600 (no saving tail in entry-year timing).
    result = appraise(dagpenge_case(EmploymentGrant(0.3), timing="entry_year"))
    assert result.municipal_saving == pytest.approx([416_000] * 4)
    assert result.employment_grant_clawback == pytest.approx([0, 0, 124_800, 124_800])
    assert result.after_horizon["employment_grant_clawback"] == pytest.approx(249_600)


def test_a_stock_effect_opts_in_too():
    # 10 fewer full-year persons a year, all past week 52 (80 %), benefit 200.000 kr.:
    # saving 10 × 200.000 × 0,8 = 1.600.000 a year; clawback 0,5 × 1.600.000 = 800.000 from 2029.
    stock = StockEffect("Færre på dagpenge", "Forsikrede ledige", 200_000.0, DAGPENGE, 10.0,
                        employment_grant=EmploymentGrant())
    case = BusinessCase(name="Bestand", start_year=2027, years=4, effects=(stock,))
    result = appraise(case)
    assert result.employment_grant_clawback == pytest.approx([0, 0, 800_000, 800_000])
    assert result.after_horizon["employment_grant_clawback"] == pytest.approx(1_600_000)


def test_vectorised_over_draws():
    # Three draws of the share (0; 0,5; 1) in one pass equal three single appraisals.
    arrays = CaseArrays.from_case(dagpenge_case())
    flow = dataclasses.replace(arrays.flows[0], grant_share=np.array([[0.0], [0.5], [1.0]]))
    out = evaluate(dataclasses.replace(arrays, flows=[flow]))
    for d, share in enumerate((0.0, 0.5, 1.0)):
        single = appraise(dagpenge_case(EmploymentGrant(share)))
        assert out["employment_grant_clawback"][d] == pytest.approx(single.employment_grant_clawback)
        assert out["net_result"][d] == pytest.approx(single.net_result)
        assert out["tail:employment_grant_clawback"][d] == pytest.approx(
            single.after_horizon["employment_grant_clawback"])


def _case_dict(grant) -> dict:
    data = dagpenge_case(None).to_dict()
    data["effects"][0]["employment_grant"] = grant
    return data


@pytest.mark.parametrize(("grant", "share"), [(True, None), ({"share": 0.25}, 0.25), ({}, None)])
def test_the_case_file_field_round_trips(grant, share):
    case = case_from_dict(_case_dict(grant))
    assert case.effects[0].employment_grant == EmploymentGrant(share)
    again = case_from_dict(json.loads(json.dumps(case.to_dict())))
    assert again == case
    assert case_from_dict(_case_dict(False)).effects[0].employment_grant is None


@pytest.mark.parametrize(("grant", "where", "text"), [
    ({"share": 1.5}, "effects[0].employment_grant.share", "1"),
    ({"andel": 0.5}, "effects[0].employment_grant.andel", "ukendt felt"),
    ("ja", "effects[0].employment_grant", "true, false"),
])
def test_bad_field_is_refused_with_a_danish_message_naming_the_field(grant, where, text):
    with pytest.raises(CaseError) as err:
        case_from_dict(_case_dict(grant))
    messages = [(i.field, i.message) for i in err.value.issues]
    assert any(path == where and text in message for path, message in messages), messages


def test_case_run_shows_the_line_and_the_json_key(tmp_path, capsys):
    path = tmp_path / "dagpenge.json"
    path.write_text(json.dumps(_case_dict(True)), encoding="utf-8")
    assert main(["case", "run", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["employment_grant_clawback"] == pytest.approx([0, 0, 188_000, 208_000])
    assert data["after_horizon"]["employment_grant_clawback"] == pytest.approx(436_000)
    assert main(["case", "run", str(path)]) == 0
    text = capsys.readouterr().out
    row = next(line for line in text.splitlines() if "Modregning i beskæftigelsestilskud" in line)
    # 1.000 kr.: 0, 0, 188, 208; total 396; after the horizon 436
    assert "188" in row and "208" in row and "396" in row and "436" in row
    assert "§ 23 a" in text


def test_the_committee_proposal_has_the_line():
    from budgetapp.export.proposal_content import build_proposal

    proposal = build_proposal(dagpenge_case())
    rows = {label: values for label, values, _ in proposal.specification.rows}
    assert [c.head for c in proposal.specification.columns] == [
        "2027", "2028", "2029", "2030", "I alt", "Efter 2030", "I alt med"]
    # expense positive in the proposal's table: the clawback lowers the saving. I alt 396.000;
    # after 2030: 0,5 × (416.000 + 416.000 of 2029-2030 + the 40.000 saved after 2030, 50 weeks ×
    # 1.000 × 80 %) = 436.000; with it 832.000 = 0,5 × the whole saving 1.664.000 (entry-year).
    assert rows["Modregning i beskæftigelsestilskud"] == pytest.approx(
        [0, 0, 188_000, 208_000, 396_000, 436_000, 832_000])
    # net after 2030: 40.000 − 436.000 = −396.000 (an expense, +); with it −828.000 + 396.000
    assert rows["Nettovirkning for kommunen"] == pytest.approx(
        [-276_000, -316_000, -128_000, -108_000, -828_000, 396_000, -432_000])
    assert any("396,0 t.kr. tilbage som et lavere beskæftigelsestilskud" in s for s in proposal.summary)
    # net 2027-2030: saving 1.624.000 − clawback 396.000 − net cost 400.000 = 828.000 kr.
    assert any("mindreudgift på 828,0 t.kr." in s for s in proposal.summary)
    without = build_proposal(dagpenge_case(None))
    assert "Modregning i beskæftigelsestilskud" not in {label for label, _, _ in without.specification.rows}


def test_the_council_workbook_shows_the_clawback_row_with_the_engines_figures(tmp_path):
    """The case sheet has the modregning row (stored values = the engine's series, a yellow
    share cell) and the net result includes it; LibreOffice recalculation: test_export_recalc."""
    import openpyxl

    from budgetapp.core.appraisal import appraise
    from budgetapp.export.council_workbook import content_from_cases, export_council_workbook

    case = dagpenge_case()
    target = tmp_path / "mappe.xlsx"
    layout = export_council_workbook(target, content_from_cases([case]))
    lay = layout.cases[0]
    ws = openpyxl.load_workbook(target, data_only=False)[lay.sheet]
    ap = appraise(case)
    row = lay.result_rows["employment_grant_clawback"]
    assert ws.cell(row + 1, 1).value == "Modregning i beskæftigelsestilskud"
    share_row = lay.effects[0]["grant_share"]
    assert ws.cell(share_row + 1, 3).value == 0.5   # the rule's default share
    values = openpyxl.load_workbook(target, data_only=True)[lay.sheet]
    for j, year in enumerate(lay.years):
        assert values.cell(row + 1, lay.year_col(year) + 1).value == pytest.approx(
            ap.series["employment_grant_clawback"][j])
        net = values.cell(lay.result_rows["net_result"] + 1, lay.year_col(year) + 1).value
        assert net == pytest.approx(-ap.series["net_result"][j])
    assert any(ap.series["employment_grant_clawback"])


def test_the_share_is_an_uncertain_input_of_the_simulation_and_the_tornado():
    from budgetapp.core.case_inputs import key_inputs, resolve
    from budgetapp.core.simulation import simulate

    data = _case_dict(True)
    data["uncertainty"] = [{"path": "effects[0].employment_grant.share", "min": 0.3,
                            "most_likely": 0.5, "max": 0.7}]
    case = case_from_dict(data)
    ref = resolve(case, "effects[0].employment_grant.share")
    assert (ref.base, ref.low_bound, ref.high_bound) == (0.5, 0.0, 1.0)   # the rule's default
    assert "effects[0].employment_grant.share" in [r.path for r in key_inputs(case)]
    result = simulate(case, 2000, seed=3)
    # net result over 2027-2030 = 1.624.000 − share × (376.000 + 416.000) − 400.000 = 1.224.000 −
    # 792.000 × share, falling in the share. A triangular(0,3; 0,5; 0,7) share has median 0,5 and
    # 90th percentile 0,7 − √(0,1 × 0,4 × 0,2) = 0,61056 (10th: 0,38944), so the total's
    # p50 = 828.000, p10 = 1.224.000 − 0,61056 × 792.000 = 740.436, p90 = 915.564 kr.
    # (2.000 draws: the quantiles' sampling error is about 0,003 in the share, 2.400 kr.)
    assert result.base_total == pytest.approx(1_224_000 - 0.5 * 792_000)
    assert result.total_p50 == pytest.approx(828_000, abs=8_000)
    assert result.total_p10 == pytest.approx(740_436, abs=8_000)
    assert result.total_p90 == pytest.approx(915_564, abs=8_000)
    with pytest.raises(CaseError, match="har ikke modregning"):
        data["effects"][0]["employment_grant"] = False
        case_from_dict(data)


def test_a_clawback_on_a_benefit_that_is_not_dagpenge_is_warned_about():
    stock = StockEffect("Færre på kontanthjælp", "Kontanthjælp", 150_000.0,
                        BenefitRefusion("refusionstrappe-2016"), 10.0, employment_grant=EmploymentGrant())
    result = appraise(BusinessCase(name="Forkert", start_year=2027, years=3, effects=(stock,)))
    assert any("'Færre på kontanthjælp'" in w and "§ 23 a" in w for w in result.warnings)
    assert not appraise(dagpenge_case()).warnings
