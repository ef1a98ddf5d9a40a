"""The committee proposal covers the case's whole horizon: the years beyond the budget period get
their own column, what falls after the horizon its own, correctly labelled, and the columns add
up to the whole effect of the horizon's entrants; costs on overførsler have their own row; every
figure stays whole on one line of the PDF."""

from __future__ import annotations

import subprocess
import unicodedata
from dataclasses import replace

import pytest
from conftest import RESOURCES
from hypothesis import given, settings
from hypothesis import strategies as st
from recalc import require_tools

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import case_from_dict, load_case
from budgetapp.export.proposal_content import build_proposal

# 520 entrants a year, 270.400 kr. per full-year person (5.200 kr. a week), 10 weeks on benefit
# without the effort and 0 with it, the municipality pays every week (flat, no refusion).
FLOW = {"name": "Unge", "target_group": "Kontanthjælp", "inflow_per_year": 520,
        "benefit_per_full_year_person": 270_400, "benefit_refusion": {"rule": "flat", "rate": 0},
        "segments": [{"name": "Alle", "share": 1, "weeks_before": 10, "weeks_after": 0}]}
COST = {"name": "Løn", "amount_per_year": 12_345_678}


def ten_years(**top):
    data = {"schema": "budgetapp.case/2", "name": "Ti år", "start_year": 2027, "years": 10,
            "effects": [FLOW], "costs": [COST]}
    data.update(top)
    return case_from_dict(data)


def rows(table) -> dict[str, list]:
    return {label: values for label, values, _ in table.rows}


def test_a_ten_year_case_shows_the_later_years_and_the_tail_in_their_own_columns():
    p = build_proposal(ten_years(), budget_year=2027)
    spec = p.specification
    assert [(c.head, c.sub) for c in spec.columns] == [
        ("2027", "budgetår"), ("2028", "overslagsår"), ("2029", "overslagsår"), ("2030", "overslagsår"),
        ("2031-2036", "senere år"), ("I alt", "2027-2036"), ("Efter 2036", "efter perioden"),
        ("I alt med", "efter 2036")]
    # Calendar timing: an entrant arriving t weeks into a year saves min(10, 52 − t) weeks that
    # year, on average (42·10 + 10·10/2)/52 = 9,0385 weeks, and the rest, 0,9615 weeks, the next.
    # 2027: 520 × 9,0385 × 5.200 = 24.440.000 kr.; from 2028: 520 × 10 × 5.200 = 27.040.000 kr.;
    # 2031-2036: 6 × 27.040.000 = 162.240.000; I alt 24.440.000 + 9 × 27.040.000 = 267.800.000;
    # after 2036: 520 × 0,9615 × 5.200 = 2.600.000; with it 270.400.000 = 10 × 27.040.000.
    saving = rows(spec)["Kommunal besparelse på forsørgelse"]
    assert saving == pytest.approx([-24_440_000, -27_040_000, -27_040_000, -27_040_000, -162_240_000,
                                    -267_800_000, -2_600_000, -270_400_000])
    # the whole: what the engine books when every path falls in its entry year
    entry = appraise(replace(p.appraisal.case, timing="entry_year"))
    assert sum(entry.municipal_saving) == pytest.approx(-saving[-1])
    # net: 24.440.000 − 12.345.678 = 12.094.322 in 2027, 27.040.000 − 12.345.678 = 14.694.322
    # later; 2031-2036: 6 × 14.694.322 = 88.165.932; I alt 267.800.000 − 123.456.780 = 144.343.220;
    # after 2036 only the saving (the cost is a fixed line): 2.600.000; with it 146.943.220.
    assert rows(spec)["Nettovirkning for kommunen"] == pytest.approx(
        [-12_094_322, -14_694_322, -14_694_322, -14_694_322, -88_165_932, -144_343_220, -2_600_000,
         -146_943_220])
    # the text names the same years as the table's I alt
    assert "Indsatsen koster netto 123.456,8 t.kr. i 2027-2036" in p.summary[0]
    assert "mindreudgift på 144.343,2 t.kr. i 2027-2036" in " ".join(p.summary)
    (timing,) = p.timing
    assert ("kommunal besparelse 267.800,0 t.kr. i 2027-2036 + 2.600,0 t.kr. efter 2036 = 270.400,0 "
            "t.kr.") in timing
    assert ("-144.343,2 t.kr. i 2027-2036 og -2.600,0 t.kr. efter 2036, i alt -146.943,2 t.kr."
            in timing)


def test_the_consequence_table_spans_the_horizon_with_the_tail_and_the_permanent_change():
    con = build_proposal(ten_years(), budget_year=2027).consequences
    assert [c.head for c in con.columns] == ["2027", "2028", "2029", "2030", "2031-2036", "I alt",
                                             "Efter 2036", "Varig"]
    found = rows(con)
    # service: 12.345.678 a year; 2031-2036: 6 × = 74.074.068; I alt 123.456.780; nothing after
    assert found["Investering: udgifter på service"] == pytest.approx(
        [12_345_678] * 4 + [74_074_068, 123_456_780, 0, 12_345_678])
    assert found["Effekt: mindreudgift til forsørgelse (overførsler)"] == pytest.approx(
        [-24_440_000, -27_040_000, -27_040_000, -27_040_000, -162_240_000, -267_800_000, -2_600_000,
         -27_040_000])
    assert found["I alt (nettovirkning for kommunen)"] == pytest.approx(
        [-12_094_322, -14_694_322, -14_694_322, -14_694_322, -88_165_932, -144_343_220, -2_600_000,
         -14_694_322])
    assert "Udgifter på overførsler" not in found


def test_a_later_budget_year_groups_the_years_before_it():
    p = build_proposal(ten_years(), budget_year=2030)
    assert [c.head for c in p.specification.columns[:6]] == [
        "2027-2029", "2030", "2031", "2032", "2033", "2034-2036"]


def test_costs_on_overfoersler_have_their_own_row_and_the_total_is_unchanged():
    case = case_from_dict({
        "schema": "budgetapp.case/2", "name": "Mentor", "start_year": 2027, "years": 2,
        "effects": [dict(FLOW, inflow_per_year=52, benefit_per_full_year_person=2704)],
        "costs": [{"name": "Løn", "amount_per_year": 100_000},
                  {"name": "Mentor", "amount_per_year": 30_000, "refusion_rate": 0.5,
                   "styringsomraade": "overførsler"}]})
    p = build_proposal(case)
    found = rows(p.consequences)
    # 2027 saving 52 × 9,0385 × 52 = 24.440, 2028 52 × 10 × 52 = 27.040 (as above, 1/100 scale);
    # the mentor costs 30.000 − 50 % refusion = 15.000 a year on overførsler
    assert found["Investering: udgifter på service"][:3] == pytest.approx([100_000, 100_000, 200_000])
    assert found["Udgifter på overførsler"][:3] == pytest.approx([15_000, 15_000, 30_000])
    assert found["Effekt: mindreudgift til forsørgelse (overførsler)"][:3] == pytest.approx(
        [-24_440, -27_040, -51_480])
    # total = −net result: 115.000 − 24.440 = 90.560 and 115.000 − 27.040 = 87.960
    assert found["I alt (nettovirkning for kommunen)"][:2] == pytest.approx([90_560, 87_960])
    assert [-v for v in p.appraisal.net_result] == pytest.approx([90_560, 87_960])
    # Bilag 1 says where the line is booked, as the table does
    found = {a: v for a, v, _ in p.assumptions}
    assert found["Udgift: Mentor"] == "30.000 kr. pr. år; 50 % refusion; bogføres på overførsler"
    assert found["Udgift: Løn"] == "100.000 kr. pr. år; 0 % refusion"


def test_a_rate_pool_is_described_with_the_engines_income():
    case = case_from_dict({
        "schema": "budgetapp.case/2", "name": "Pulje", "start_year": 2027, "years": 2,
        "effects": [FLOW], "costs": [{"name": "Løn", "amount_per_year": 100_000},
                                     {"name": "Husleje", "amount_per_year": 50_000}],
        "pool_funding": [{"name": "Statspulje", "rate": 0.8, "eligible_costs": ["Løn"],
                          "cap_per_year": [60_000, 90_000]},
                         {"name": "Fond", "amount_per_year": 5_000}]})
    p = build_proposal(case)
    found = {a: v for a, v, _ in p.assumptions}
    # 80 % × 100.000 = 80.000, capped at 60.000 in 2027 and not capped (90.000) in 2028
    assert found["Puljefinansiering: Statspulje"] == (
        "80 % af bruttoudgiften til 'Løn', højst 60.000 / 90.000 kr. pr. år. "
        "Puljeindtægt: 2027: 60.000 kr.; 2028: 80.000 kr.")
    assert found["Puljefinansiering: Fond"] == "5.000 kr. pr. år (2027: 5.000 kr.; 2028: 5.000 kr.)"
    # the engine books the same: 65.000 and 85.000
    assert p.appraisal.pool_funding == pytest.approx([65_000, 85_000])


@pytest.fixture
def _poppler():
    require_tools("pdftotext")


def _layout_text(path) -> str:
    return unicodedata.normalize("NFKC", subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout)


def _line_with(text: str, *figures: str) -> str:
    """The one line of ``text`` that holds every figure, whole (pdftotext keeps a line a line)."""
    lines = [line for line in text.splitlines() if all(f" {f}" in f" {line} " for f in figures)]
    assert lines, figures
    return lines[0]


def test_the_pdf_keeps_every_figure_whole_on_its_row(tmp_path, qapp, _poppler):
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    out = tmp_path / "ti.pdf"
    export_proposal_pdf(out, ten_years(), budget_year=2027)
    text = _layout_text(out)
    # the specification's rows, every column on the row's line (arithmetic in the first test)
    _line_with(text, "-24.440,0", "-27.040,0", "-162.240,0", "-267.800,0", "-2.600,0", "-270.400,0")
    _line_with(text, "-12.094,3", "-14.694,3", "-88.165,9", "-144.343,2", "-146.943,2")
    _line_with(text, "12.345,7", "74.074,1", "123.456,8")
    assert "2031-2036" in text and "Efter 2036" in text


def test_hjoerring_shows_its_whole_horizon(tmp_path, qapp, _poppler):
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    out = tmp_path / "hj.pdf"
    p = export_proposal_pdf(out, load_case(RESOURCES / "examples" / "hjoerring-investeringsmodel.json"))
    assert p.years == [2015, 2016, 2017, 2018, 2019]
    text = _layout_text(out)
    # 31,6 mio. kr. a year for five years = 158 mio. kr.; 100 + 300 + 500 + 700 + 900 = 2.500
    # fewer full-year persons × 150.000 kr. × 80 % municipal share (week 53+, refusionstrappen
    # 2016) = 300 mio. kr.; net 300 − 158 = 142 mio. kr. (docs/method.md). Per year: 100 × 150.000
    # × 0,8 = 12 mio. kr. in 2015, net 31,6 − 12 = 19,6 mio. kr. expense; 2019: 108 − 31,6 = 76,4.
    _line_with(text, "31.600,0", "158.000,0")
    _line_with(text, "-12.000,0", "-36.000,0", "-60.000,0", "-84.000,0", "-108.000,0", "-300.000,0")
    _line_with(text, "19.600,0", "-4.400,0", "-28.400,0", "-52.400,0", "-76.400,0", "-142.000,0")
    assert "Indsatsen koster netto 158.000,0 t.kr. i 2015-2019" in " ".join(text.split())


# Two flow effects that differ in deadweight and persistence, for the risks and the follow-up.
UNGE = dict(FLOW, name="Unge", inflow_per_year=459, benefit_per_full_year_person=2704,
            segments=[{"name": "Hurtigt", "share": 1, "weeks_before": 10, "weeks_after": 4,
                       "weeks_in_effort": 4}])
LANG = dict(FLOW, name="Langvarige", inflow_per_year=100, benefit_per_full_year_person=2704,
            deadweight=0.1, persistence=0.9,
            segments=[{"name": "Mentor", "share": 0.5, "weeks_before": 60, "weeks_after": 40,
                       "weeks_in_effort": 20},
                      {"name": "Uden", "share": 0.5, "weeks_before": 60, "weeks_after": 60}])


def two_flows(effects):
    return case_from_dict({"schema": "budgetapp.case/2", "name": "To målgrupper", "start_year": 2027,
                           "years": 4, "effects": effects, "costs": [COST]})


def test_the_risks_hold_for_every_effect_and_name_them_when_they_differ():
    risks = build_proposal(two_flows([UNGE, LANG])).risks
    assert ("Der er ikke regnet med dødvægt for 'Unge' (dødvægt for de øvrige: 'Langvarige': 10 %). "
            "Hvis en del af de kortere forløb var kommet alligevel, bliver besparelsen tilsvarende "
            "mindre.") in risks
    assert ("For 'Unge' er der regnet med, at alle afgange fra ydelsen er varige (ingen tilbagefald); "
            "for de øvrige: 'Langvarige': 90 % varige.") in risks
    assert not any(r.startswith("Der er ikke regnet med dødvægt.") for r in risks)
    # both without deadweight and relapse: one plain sentence each
    plain = build_proposal(two_flows([UNGE, dict(LANG, deadweight=0, persistence=1)])).risks
    assert any(r.startswith("Der er ikke regnet med dødvægt. Hvis") for r in plain)
    assert "Der er regnet med, at alle afgange fra ydelsen er varige (ingen tilbagefald)." in plain
    # both with: nothing claims otherwise
    both = build_proposal(two_flows([dict(UNGE, deadweight=0.2, persistence=0.8), LANG])).risks
    assert not any("ikke regnet med dødvægt" in r or "er varige (ingen" in r for r in both)


def test_the_follow_up_plans_every_effect_whatever_their_order():
    from budgetapp.core.follow_up import follow_up_report

    first = build_proposal(two_flows([UNGE, LANG]))
    second = build_proposal(two_flows([LANG, UNGE]))
    # 459 + 100 = 559 entrants; weeks after: Unge 4, Langvarige 0,5 × 40 + 0,5 × 60 = 50;
    # before: 10 and 60
    assert first.follow_up[0].startswith(
        "Der måles hvert kvartal: tilgang (plan 559 personer i 2027: 459 til 'Unge', 100 til "
        "'Langvarige'), deltagere i indsatsen")
    assert ("(plan 'Unge' 4,0 uger, før indsatsen 10,0 uger; 'Langvarige' 50,0 uger, før indsatsen "
            "60,0 uger)") in first.follow_up[0]
    assert "559 personer i 2027: 100 til 'Langvarige', 459 til 'Unge'" in second.follow_up[0]
    # the stop criteria are the same set, whatever the order
    assert sorted(first.follow_up[2:]) == sorted(second.follow_up[2:])
    a = follow_up_report(two_flows([UNGE, LANG]))
    b = follow_up_report(two_flows([LANG, UNGE]))
    for ya, yb in zip(a.years, b.years, strict=True):
        assert ya.plan == pytest.approx(yb.plan)
    plan = a.years[0].plan
    # participants: 459 × 1 (all in the effort) + 100 × 0,5 = 509; weeks weighted by inflow:
    # (459 × 4 + 100 × 50) / 559 = 6.836 / 559 = 12,2290
    assert plan["entrants"] == 559 and plan["participants"] == pytest.approx(509)
    assert plan["weeks_on_benefit"] == pytest.approx(6836 / 559)


def test_actual_figures_go_into_every_effect_whatever_their_order():
    from budgetapp.core.follow_up import follow_up_report

    actual = {"actuals": [{"year": 2027, "entrants": 1118, "weeks_on_benefit": 6836 / 559}]}

    def report(effects):
        case = two_flows(effects)
        data = case.to_dict()
        data["follow_up"] = actual
        return follow_up_report(case_from_dict(data))

    a, b = report([UNGE, LANG]), report([LANG, UNGE])
    assert a.years[0].actual["net_result"] == pytest.approx(b.years[0].actual["net_result"])
    # twice the planned entrants with the planned weeks: the saving in 2027 doubles, so the net
    # result is 2 × saving − the fixed cost 12.345.678 (nothing else changes)
    ap = build_proposal(two_flows([UNGE, LANG])).appraisal
    saving = ap.municipal_saving[0]
    assert a.years[0].actual["net_result"] == pytest.approx(2 * saving - 12_345_678)


@settings(max_examples=25, deadline=None)
@given(years=st.integers(1, 14), offset=st.integers(-2, 12), inflow=st.integers(1, 600),
       before=st.integers(1, 120), after=st.integers(0, 60), cost=st.integers(0, 5_000_000))
def test_the_columns_add_up_to_the_entry_year_total(years, offset, inflow, before, after, cost):
    """For every horizon and budget year: the year columns cover every year once and sum to I alt,
    I alt + after the horizon = I alt med, and for the municipal saving that is the entry-year
    total; the consequence rows sum to the total row in every column."""
    after = min(after, before)
    case = ten_years(years=years, effects=[dict(FLOW, inflow_per_year=inflow, segments=[
        {"name": "Alle", "share": 1, "weeks_before": before, "weeks_after": after}])],
        costs=[{"name": "Løn", "amount_per_year": cost}])
    p = build_proposal(case, budget_year=2027 + offset)
    spec = p.specification
    year_columns = [c for c in spec.columns if c.kind == "years"]
    assert sorted(i for c in year_columns for i in c.indices) == list(range(years))
    kinds = [c.kind for c in spec.columns]
    entry = appraise(replace(case, timing="entry_year"))
    for label, values, _ in spec.rows:
        if label == "Akkumuleret nettovirkning":
            continue
        total = values[kinds.index("total")]
        assert sum(values[j] for j, k in enumerate(kinds) if k == "years") == pytest.approx(total, abs=1e-3)
        if "after" in kinds:
            assert total + values[kinds.index("after")] == pytest.approx(values[kinds.index("whole")],
                                                                         abs=1e-3)
        if label == "Kommunal besparelse på forsørgelse":
            whole = values[kinds.index("whole")] if "whole" in kinds else total
            assert -whole == pytest.approx(sum(entry.municipal_saving), rel=1e-9, abs=1e-3)
    con = p.consequences
    *parts, (_, total_row, _) = con.rows
    for j in range(len(con.columns)):
        assert sum(r[1][j] for r in parts) == pytest.approx(total_row[j], abs=1e-3)
