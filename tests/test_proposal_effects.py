"""The committee proposal describes every effect of a case (flow and stock) with its saving per
year from the engine, and says in words when the savings fall (calendar timing, the amount after
the horizon, or entry-year timing)."""

from __future__ import annotations

import subprocess
import unicodedata

from recalc import require_tools

from budgetapp.core.case import case_from_dict
from budgetapp.export.proposal_content import build_proposal

# One flow effect: 52 entrants a year, 2.704 kr. per full-year person (52 kr. a week), 10 weeks on
# benefit without the effort and 0 with it, no refusion (the municipality pays every week).
FLOW = {"name": "Unge", "target_group": "Kontanthjælp", "inflow_per_year": 52,
        "benefit_per_full_year_person": 2704, "benefit_refusion": {"rule": "flat", "rate": 0},
        "segments": [{"name": "Hurtigt i job", "share": 1, "weeks_before": 10, "weeks_after": 0}]}
# One stock effect: 10 and 20 fewer full-year persons at 100.000 kr., 50 % refusion.
STOCK = {"kind": "stock", "name": "Varige afgange", "target_group": "Sygedagpenge",
         "benefit_per_full_year_person": 100000, "benefit_refusion": {"rule": "flat", "rate": 0.5},
         "fewer_full_year_persons": [10, 20], "band_shares": [0, 0.2, 0.3, 0.5]}


def two_effects(**top):
    data = {"schema": "budgetapp.case/2", "name": "To effekter", "start_year": 2027, "years": 2,
            "effects": [FLOW, STOCK], "costs": [{"name": "Løn", "amount_per_year": 100000}]}
    data.update(top)
    return case_from_dict(data)


def rows(proposal) -> dict[str, str]:
    return {a: v for a, v, _ in proposal.assumptions}


def test_both_effects_are_described_with_their_saving_per_year():
    p = build_proposal(two_effects())
    found = rows(p)
    assert found["Effekt 1: Unge (tilgang og forløb)"] == "Målgruppe: Kontanthjælp"
    assert found["Effekt 2: Varige afgange (færre helårspersoner)"] == "Målgruppe: Sygedagpenge"
    assert found["– Tilgang"] == "52 personer pr. år"
    assert found["– Segment 'Hurtigt i job' (100 % af tilgangen)"] == (
        "uden indsatsen 10 uger, med indsatsen 0 uger på ydelse")
    assert found["– Færre helårspersoner på ydelse"] == "2027: 10; 2028: 20"
    assert found["– Fordeling af ugerne på refusionstrappen"] == (
        "uge 1-4: 0 %, uge 5-26: 20 %, uge 27-52: 30 %, uge 53+: 50 %")
    savings = [v for a, v, _ in p.assumptions if a == "– Kommunal besparelse pr. år, 1.000 kr. (beregnet)"]
    # Flow, calendar timing: an entrant arriving t weeks into 2027 saves min(10, 52 − t) weeks in
    # 2027, on average (42·10 + 10·10/2)/52 = 9,0385; 52 entrants × 9,0385 weeks × 52 kr. = 24.440 kr.
    # 2028: the 2027 cohort's last 0,9615 weeks + the 2028 cohort's 9,0385 = 10 weeks per entrant:
    # 52 × 10 × 52 = 27.040 kr.; in all 51.480 kr.; after 2028: 52 × 0,9615 × 52 = 2.600 kr.
    # Stock: 10 × 100.000 × (1 − 0,5) = 500.000 kr. and 20 × 100.000 × 0,5 = 1.000.000 kr.
    assert savings == [
        "2027: 24,4; 2028: 27,0; i alt 51,5 t.kr. Efter perioden: 2,6 t.kr.",
        "2027: 500,0; 2028: 1.000,0; i alt 1.500,0 t.kr. Opgjort pr. kalenderår; intet efter perioden.",
    ]
    ap = p.appraisal
    assert [round(v) for v in ap.effects[0]["municipal_saving"]] == [24440, 27040]
    assert [round(v) for v in ap.effects[1]["municipal_saving"]] == [500000, 1000000]


def test_the_timing_paragraph_explains_calendar_years_and_the_tail_with_its_figure():
    p = build_proposal(two_effects())
    (text,) = p.timing
    assert text.startswith("Besparelserne er bogført i det kalenderår, hvor de sparede ydelsesuger "
                           "falder")
    assert "en borger, der starter i november og ellers ville have været 60 uger på ydelse, sparer " \
           "kommunen penge året efter og året derpå, ikke i november." in text
    # the tail: 2.600 kr. of municipal saving after 2028 (see the arithmetic above)
    assert ("Den del af besparelsen, der falder efter 2028, er vist som 'efter perioden': 2,6 t.kr. "
            "i kommunal besparelse.") in text
    assert "indgår ikke i nettovirkningen, tilbagebetalingstiden eller nutidsværdien for 2027-2028" in text
    assert "Effekter opgjort som færre helårspersoner på ydelse gælder det kalenderår" in text
    assert rows(p)["Tidsfæstelse"] == "Kalenderår: hver sparet ydelsesuge i det år, den falder i"


def test_an_entry_year_case_says_so_and_gives_the_calendar_figure():
    case = case_from_dict({"schema": "budgetapp.case/2", "name": "Indgangsår", "start_year": 2027,
                           "years": 2, "timing": "entry_year", "effects": [FLOW]})
    (text,) = build_proposal(case).timing
    # entry year: 52 entrants × 10 weeks × 52 kr. = 27.040 kr. in 2027; calendar: 24.440 kr.
    assert text.startswith("Casen er regnet i indgangsår, sådan som den oprindeligt er offentliggjort")
    assert ("ville den kommunale besparelse i 2027 være 24,4 t.kr. i stedet for 27,0 t.kr.") in text
    assert "efter perioden" not in text


def test_a_stock_only_case_shows_no_inflow_and_follows_up_on_full_year_persons():
    case = case_from_dict({"schema": "budgetapp.case/2", "name": "Varige afgange", "start_year": 2027,
                           "years": 2, "effects": [STOCK]})
    p = build_proposal(case)
    found = rows(p)
    assert "– Tilgang" not in found and "Tilgang til målgruppen" not in found
    assert not any("Helårspersoner i indsatsen" in a for a in found)
    assert found["– Færre helårspersoner på ydelse"] == "2027: 10; 2028: 20"
    assert p.follow_up[0].startswith("Der måles hvert kvartal: antallet af helårspersoner på ydelse "
                                     "i målgruppen (plan 2027: 10 færre helårspersoner på sygedagpenge)")
    assert not any("dødvægt" in r for r in p.risks)
    assert p.timing == ["Effekter opgjort som færre helårspersoner på ydelse gælder det kalenderår, "
                        "de er opgjort for, og har intet efter perioden."]


def test_many_segments_are_summed_up_after_the_first_eight():
    segments = [{"name": f"s{i}", "share": 0.1, "weeks_before": 20, "weeks_after": 10 + i}
                for i in range(10)]
    case = case_from_dict({"schema": "budgetapp.case/2", "name": "Mange", "start_year": 2027,
                           "years": 2, "effects": [dict(FLOW, segments=segments)]})
    found = rows(build_proposal(case))
    assert sum(a.startswith("– Segment '") for a in found) == 8
    # the last two: weeks after 18 and 19, on average 18,5
    assert found["– 2 segmenter mere (20 % af tilgangen)"] == (
        "gennemsnitligt 20,0 uger på ydelse uden indsatsen, 18,5 uger med")
    # all ten: 10 + (0 + … + 9)/10 = 14,5 weeks with the effort
    assert found["– Varighed på ydelse, gennemsnit af segmenterne"] == (
        "20,00 uger uden indsatsen, 14,50 uger med")


def test_survival_curves_and_partial_benefit_are_described():
    seg = {"name": "Kurve", "share": 1, "survival_before": [1, 1, 0.5, 0.5],
           "weeks_after": 2, "weeks_in_effort": 2, "benefit_intensity": 0.8}
    case = case_from_dict({"schema": "budgetapp.case/2", "name": "Kurve", "start_year": 2027,
                           "years": 2, "effects": [dict(FLOW, segments=[seg],
                                                        prior_weeks=[{"weeks": 0, "share": 0.7},
                                                                     {"weeks": 60, "share": 0.3}])]})
    found = rows(build_proposal(case))
    # the curve's mean is 1 + 1 + 0,5 + 0,5 = 3 weeks
    assert found["– Segment 'Kurve' (100 % af tilgangen)"] == (
        "uden indsatsen overlevelseskurve over 4 uger (gennemsnit 3,0 uger), med indsatsen 2 uger på "
        "ydelse; de første 2 uger i indsatsen; delvis ydelse: 80 % af den fulde ydelse (hver uge "
        "tæller dog som en hel uge på refusionstrappen)")
    assert found["– Uger på ydelse før forløbet (trin på refusionstrappen)"] == (
        "0 uger (70 %), 60 uger (30 %)")


def near_in_order(needle: str, words: list[str]) -> bool:
    """The needle's words appear in order within a short stretch of ``words``: a table cell that
    wraps is interleaved line by line with its neighbours in the PDF's text layer."""
    want = needle.split()
    for start, word in enumerate(words):
        if word != want[0]:
            continue
        k, i = 1, start + 1
        while k < len(want) and i < min(len(words), start + 3 * len(want) + 10):
            if words[i] == want[k]:
                k += 1
            i += 1
        if k == len(want):
            return True
    return False


def test_the_pdf_carries_both_effects_and_the_timing_paragraph(tmp_path, qapp):
    require_tools("pdftotext")
    from budgetapp.export.proposal_pdf import export_proposal_pdf

    out = tmp_path / "to-effekter.pdf"
    export_proposal_pdf(out, two_effects())
    raw = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(unicodedata.normalize("NFKC", raw).split())
    assert "Hvornår besparelsen falder" in text
    assert ("Den del af besparelsen, der falder efter 2028, er vist som 'efter perioden': 2,6 t.kr. "
            "i kommunal besparelse.") in text
    words = text.split()
    # one needle per table cell: cells side by side interleave line by line
    for needle in ("Effekt 1: Unge (tilgang og forløb)", "Målgruppe: Kontanthjælp",
                   "Effekt 2: Varige afgange (færre helårspersoner)", "Målgruppe: Sygedagpenge",
                   "– Færre helårspersoner på ydelse", "2027: 10; 2028: 20",
                   "uge 1-4: 0 %, uge 5-26: 20 %, uge 27-52: 30 %, uge 53+: 50 %",
                   "2027: 24,4; 2028: 27,0; i alt 51,5 t.kr. Efter perioden: 2,6 t.kr.",
                   "2027: 500,0; 2028: 1.000,0; i alt 1.500,0 t.kr."):
        assert near_in_order(needle, words), needle
    assert not near_in_order("Tilgang 0 personer", words)


def test_the_published_examples_give_the_method_documents_figures():
    from conftest import EXAMPLES, HILLEROD

    from budgetapp.core.case import load_case

    (hillerod,) = build_proposal(load_case(HILLEROD)).timing
    # Hillerød, entry year: 459 × 12,25/52 × 72.000 × 0,5 × 0,5 = 1.946.337 kr. in 2013; calendar:
    # 459 × (0,30 · 14,22 + 0,65 · 8,57) × 1.384,62 × 0,5 × 0,5 = 1.562.645 kr. (docs/method.md)
    assert hillerod.endswith("ville den kommunale besparelse i 2013 være 1.562,6 t.kr. i stedet for "
                             "1.946,3 t.kr.")
    (two,) = build_proposal(load_case(EXAMPLES / "to-ekstra-sagsbehandlere.json")).timing
    # To ekstra sagsbehandlere: the 2030 cohort's weeks in 2031 and later, 910.651 kr. (docs/method.md)
    assert "falder efter 2030, er vist som 'efter perioden': 910,7 t.kr. i kommunal besparelse." in two
