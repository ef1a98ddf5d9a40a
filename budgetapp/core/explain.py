"""Plain-Danish explanations of the decision-support results, for the GUI, the CLI and the workbook.

The state's business-case model dropped Monte Carlo as a "black box" (Digitaliseringsstyrelsen:
Statens business case-model, version 3, 2017), so every figure of the simulation is told in words
a committee can repeat: "I 8 af 10 beregninger ...", with what was varied, how, and which inputs
drive the spread.
"""

from __future__ import annotations

import math

from budgetapp.core.break_even import ALWAYS, NEVER, BreakEven
from budgetapp.core.case_inputs import InputError, format_value, resolve
from budgetapp.core.case_model import BusinessCase, canonical_path
from budgetapp.core.formatting import format_number, format_percent
from budgetapp.core.sensitivity import Tornado
from budgetapp.core.simulation import BUDGET_PERIOD_YEARS, SimulationResult, dirichlet_effects


def money(value: float) -> str:
    """Kroner in words for a sentence: mio. kr. with one decimal from one million, else 1.000 kr."""
    if abs(value) >= 1_000_000:
        return f"{format_number(value / 1_000_000, 1)} mio. kr."
    return f"{format_number(value / 1000, 0)} t.kr."


def out_of_ten(share: float) -> str:
    """0.8 → "I 8 af 10 beregninger"; exact 0 and 1 are said as "ingen"/"alle"."""
    if share >= 1.0:
        return "I alle beregningerne"
    if share <= 0.0:
        return "I ingen af beregningerne"
    tenths = round(share * 10)
    if tenths == 10:
        return f"I næsten alle beregninger ({format_percent(share, 1)})"
    if tenths == 0:
        return f"I meget få beregninger ({format_percent(share, 1)})"
    return f"I {tenths} af 10 beregninger"


def _period(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def explain_simulation(sim: SimulationResult, case: BusinessCase | None = None) -> str:
    """The explanation shown under the fan chart.

    With ``case`` (the case that was simulated) the last sentence says how the inputs were
    actually drawn: independently, with the case's rank correlations (Gaussian copula) or, for
    an effect whose segment shares are all estimated, jointly from a Dirichlet distribution
    (:func:`budgetapp.core.simulation.draw_inputs`). Without it the sentence names no method it
    cannot vouch for."""
    period = _period(sim.years)
    if not sim.estimates:
        return ("Der er ikke angivet usikkerhed (min / mest sandsynlig / maks) for nogen input, så alle "
                f"beregninger giver det samme: et samlet nettoresultat på {money(sim.base_total)} for "
                f"{period}. Angiv trepunktsestimater for de input, I er usikre på.")
    budget = sim.years[: sim.budget_years]
    lines = [
        f"{out_of_ten(0.8)} ligger det samlede nettoresultat for {period} mellem "
        f"{money(sim.total_p10)} og {money(sim.total_p90)}; i halvdelen er det over "
        f"{money(sim.total_p50)} Med de indtastede værdier er det {money(sim.base_total)}",
    ]
    budget_share = sim.share_paid_back_in_budget_period
    horizon_share = sim.share_paid_back_in_horizon
    lines.append(f"{out_of_ten(budget_share)} er investeringen tjent hjem inden for budgetperioden "
                 f"{_period(budget)}" + (f", og {out_of_ten(horizon_share).lower()} inden for hele "
                                         f"perioden {period}." if len(sim.years) > len(budget) else "."))
    if sim.drivers:
        top = [d for d in sim.drivers if d.share_of_variance >= 0.05][:3] or sim.drivers[:1]
        named = ", ".join(f"{d.label} ({format_percent(d.share_of_variance)})" for d in top)
        lines.append(f"Spredningen skyldes især: {named}.")
    lines.append(f"Sådan er det beregnet: casen er regnet {format_number(sim.draws)} gange. "
                 + _how_drawn(sim, case)
                 + f" Alle andre input er som indtastet. Samme startværdi (frø {sim.seed}) giver "
                   "præcis samme resultat.")
    outside = _outside_estimates(sim, case)
    if outside:
        lines.append(outside)
    return "\n".join(lines)



def _outside_estimates(sim: SimulationResult, case: BusinessCase | None) -> str:
    """A sentence naming the inputs whose value in the case lies outside their own three-point
    estimate: the simulation is then centred on the estimate, not on the figure the case shows,
    and a committee must be told (an empty string when there are none)."""
    if case is None:
        return ""
    named = []
    for est in sim.estimates:
        try:
            ref = resolve(case, est.path)
        except InputError:
            continue
        slack = 1e-9 * max(1.0, abs(ref.base))
        if not est.min - slack <= ref.base <= est.max + slack:
            named.append(f"'{ref.label}' er {format_value(ref.kind, ref.base)} i casen, men "
                         f"{format_value(ref.kind, est.min)} til {format_value(ref.kind, est.max)} "
                         "i estimatet")
    if not named:
        return ""
    return ("Bemærk: " + "; ".join(named) + ". Simuleringen bygger på estimatet, ikke på casens "
            "tal; ret værdien eller estimatet, hvis de skal beskrive det samme.")

def _label(case: BusinessCase, path: str) -> str:
    try:
        return resolve(case, path).label
    except InputError:
        return path


def _how_drawn(sim: SimulationResult, case: BusinessCase | None) -> str:
    """How the estimated inputs were drawn, in sentences (see :func:`explain_simulation`)."""
    n = len(sim.estimates)
    triangular = ("trukket tilfældigt mellem deres min og maks, oftest nær den mest sandsynlige "
                  "værdi (trekantfordeling)")
    if case is None:
        return (f"Hver gang er de {n} usikre input {triangular}; segmentandele, der alle er "
                "usikre, trækkes dog samlet, så de summer til 100 %, og input, som casen angiver "
                "en rangkorrelation for, følges ad.")
    paths = {canonical_path(e.path) for e in sim.estimates}
    correlations = [c for c in case.correlations if all(canonical_path(p) in paths for p in c.paths)]
    joint = dirichlet_effects(case, sim.estimates)
    in_joint = {sim.estimates[k].path for ks in joint.values() for k in ks}
    single = n - len(in_joint)
    parts = []
    if single:
        way = "uafhængigt af hinanden" if single > 1 else "uafhængigt af de øvrige"
        way += ", undtagen" if correlations else ""
        parts.append(f"Hver gang er {single} af de {n} usikre input {triangular}, {way}"
                     if in_joint else f"Hver gang er de {n} usikre input {triangular}, {way}")
    if correlations:
        pairs = "; ".join(
            f"'{_label(case, c.paths[0])}' og '{_label(case, c.paths[1])}' med rangkorrelation "
            f"{format_number(c.rank_correlation, 2)} ("
            + ("de følges ad" if c.rank_correlation > 0 else "når det ene er højt, er det andet lavt")
            + ")" for c in correlations)
        parts[-1] += f": {pairs}."
    elif parts:
        parts[-1] += "."
    for effect_index in sorted(joint):
        effect = case.effects[effect_index]
        names = ", ".join(f"'{s.name}'" for s in getattr(effect, "segments", ()))
        parts.append(f"Segmentandelene i effekten '{effect.name}' ({names}) er trukket samlet fra en "
                     "Dirichlet-fordeling omkring de mest sandsynlige andele, så de i hver "
                     "beregning summer til præcis 100 %; de er ikke trukket hver for sig.")
    return " ".join(parts)


def explain_tornado(t: Tornado, top: int = 3) -> str:
    """Which inputs move the total net result most, in a sentence per input."""
    bars = [b for b in t.bars if b.swing > 0][:top]
    if not bars:
        return "Ingen af de varierede input ændrer nettoresultatet."
    period = _period(t.years)
    lines = [f"Samlet nettoresultat {period} med de indtastede værdier: {money(t.base_result)}",
             "De input, der betyder mest:"]
    for b in bars:
        lines.append(f"- {b.label}: fra {format_value(b.kind, b.low_value)} til "
                     f"{format_value(b.kind, b.high_value)} giver {money(b.result_low)} til "
                     f"{money(b.result_high)}")
    return "\n".join(lines)


def _sentence(text: str) -> str:
    """``text`` ended by one full stop (an amount in kr. already ends with one)."""
    return text if text.endswith(".") else text + "."


def _searched(be: BreakEven) -> str:
    """The range a break-even search covered, in words
    (:meth:`budgetapp.core.case_inputs.InputRef.search_range`): the input's valid range, or for an
    unbounded input 0 to ten times the entered value (weeks: four times, at least 104 weeks)."""
    low, high = format_value(be.kind, be.search_low), format_value(be.kind, be.search_high)
    span = f"det søgte interval fra {low} til {high}"
    if be.base_value > 0 and math.isclose(be.search_high, 10.0 * be.base_value):
        return f"{span} (0 til 10 gange den indtastede værdi)"
    if be.kind == "weeks" and be.base_value > 0 and math.isclose(be.search_high, 4.0 * be.base_value):
        return f"{span} (0 til 4 gange den indtastede værdi)"
    return span


def explain_break_even(be: BreakEven) -> str:
    """One break-even value as a sentence. When the search found none (the case pays back, or
    never does, for every value searched), it says so plainly and names the range searched."""
    years = "budgetperioden" if be.within_years == BUDGET_PERIOD_YEARS else f"de første {be.within_years} år"
    where = f"inden for {years} (til og med {be.last_year})"
    entered = f"indtastet: {format_value(be.kind, be.base_value)}"
    if be.status == ALWAYS:
        return _sentence(f"{be.label}: der er ingen break-even i {_searched(be)}; casen tjener sig "
                         f"hjem {where} ved enhver værdi i intervallet ({entered})")
    if be.status == NEVER:
        return _sentence(f"{be.label}: der er ingen break-even i {_searched(be)}; casen tjener sig ikke "
                         f"hjem {where} ved nogen værdi i intervallet ({entered})")
    bound = "mindst" if be.direction == "min" else "højst"
    if be.value is None:  # not ALWAYS or NEVER, yet no value: say so rather than print a number
        return _sentence(f"{be.label}: ingen grænseværdi fundet i {_searched(be)}")
    return (f"{be.label} skal være {bound} {format_value(be.kind, be.value)} for at casen tjener sig "
            f"hjem {where} ({entered}).")
