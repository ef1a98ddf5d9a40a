"""The simulation's explanation says how the inputs were actually drawn: independently, with the
case's rank correlations, or (segment shares that are all estimated) jointly from a Dirichlet."""

from __future__ import annotations

from budgetapp.core.case import case_from_dict
from budgetapp.core.explain import explain_simulation
from budgetapp.core.simulation import simulate

AFTER_A = {"path": "effects[0].segments[0].weeks_after", "min": 15, "most_likely": 20, "max": 25}
AFTER_B = {"path": "effects[0].segments[1].weeks_after", "min": 15, "most_likely": 18, "max": 20}
SHARES = [{"path": "effects[0].segments[0].share", "min": 0.3, "most_likely": 0.4, "max": 0.5},
          {"path": "effects[0].segments[1].share", "min": 0.5, "most_likely": 0.6, "max": 0.7}]
TRIANGULAR = ("trukket tilfældigt mellem deres min og maks, oftest nær den mest sandsynlige værdi "
              "(trekantfordeling)")
DIRICHLET = ("Segmentandelene i effekten 'Unge' ('a', 'b') er trukket samlet fra en "
             "Dirichlet-fordeling omkring de mest sandsynlige andele, så de i hver beregning summer "
             "til præcis 100 %; de er ikke trukket hver for sig.")
TAIL = " Alle andre input er som indtastet. Samme startværdi (frø 1) giver præcis samme resultat."


def case(uncertainty: list[dict], correlations: list[dict] = ()):  # type: ignore[assignment]
    return case_from_dict({
        "schema": "budgetapp.case/2", "name": "Sim", "start_year": 2027, "years": 4,
        "effects": [{"name": "Unge", "target_group": "Kontanthjælp", "inflow_per_year": 100,
                     "benefit_per_full_year_person": 100000,
                     "benefit_refusion": {"rule": "flat", "rate": 0},
                     "segments": [{"name": "a", "share": 0.4, "weeks_before": 30, "weeks_after": 20},
                                  {"name": "b", "share": 0.6, "weeks_before": 20, "weeks_after": 18}]}],
        "costs": [{"name": "Løn", "amount_per_year": 500000}],
        "uncertainty": uncertainty, "correlations": list(correlations)})


def how(c) -> str:
    return explain_simulation(simulate(c, draws=200, seed=1), c).split("\n")[-1]


def test_independent_draws_are_said_to_be_independent():
    assert how(case([AFTER_A, AFTER_B])) == (
        "Sådan er det beregnet: casen er regnet 200 gange. Hver gang er de 2 usikre input "
        f"{TRIANGULAR}, uafhængigt af hinanden." + TAIL)


def test_rank_correlated_inputs_are_named_with_their_correlation():
    c = case([AFTER_A, AFTER_B], [{"paths": [AFTER_A["path"], AFTER_B["path"]],
                                   "rank_correlation": 0.6}])
    assert how(c) == (
        "Sådan er det beregnet: casen er regnet 200 gange. Hver gang er de 2 usikre input "
        f"{TRIANGULAR}, uafhængigt af hinanden, undtagen: 'Uger på ydelse efter: a' og "
        "'Uger på ydelse efter: b' med rangkorrelation 0,60 (de følges ad)." + TAIL)
    negative = case([AFTER_A, AFTER_B], [{"paths": [AFTER_A["path"], AFTER_B["path"]],
                                          "rank_correlation": -0.5}])
    assert "med rangkorrelation -0,50 (når det ene er højt, er det andet lavt)." in how(negative)


def test_dirichlet_shares_are_not_called_triangular_or_independent():
    assert how(case(SHARES)) == ("Sådan er det beregnet: casen er regnet 200 gange. " + DIRICHLET
                                 + TAIL)
    mixed = how(case([AFTER_A, *SHARES]))
    assert mixed == ("Sådan er det beregnet: casen er regnet 200 gange. Hver gang er 1 af de 3 "
                     f"usikre input {TRIANGULAR}, uafhængigt af de øvrige. " + DIRICHLET + TAIL)


def test_without_the_case_the_text_claims_no_independence():
    c = case(SHARES)
    text = explain_simulation(simulate(c, draws=200, seed=1)).split("\n")[-1]
    assert "uafhængigt" not in text
    assert "segmentandele, der alle er usikre, trækkes dog samlet, så de summer til 100 %" in text


def test_an_entered_value_outside_its_own_estimate_is_named():
    # Segment a: 20 weeks after in the case, but the estimate says 22-30: the simulation is centred
    # on the estimate (mode 25), not on the case's 20, and the explanation must say so.
    outside = {"path": "effects[0].segments[0].weeks_after", "min": 22, "most_likely": 25, "max": 30}
    c = case([outside, AFTER_B])
    text = explain_simulation(simulate(c, draws=200, seed=1), c)
    assert text.split("\n")[-1] == (
        "Bemærk: 'Uger på ydelse efter: a' er 20,0 uger i casen, men 22,0 uger til 30,0 uger i "
        "estimatet. Simuleringen bygger på estimatet, ikke på casens tal; ret værdien "
        "eller estimatet, hvis de skal beskrive det samme.")
    # inside its range (AFTER_A: 15-25 around 20): no such sentence
    assert "Bemærk" not in explain_simulation(simulate(case([AFTER_A]), draws=200, seed=1), case([AFTER_A]))
