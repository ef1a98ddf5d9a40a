"""Plain-Danish explanations of the decision-support results, for the GUI, the CLI and the workbook.

The state's business-case model dropped Monte Carlo as a "black box" (Digitaliseringsstyrelsen:
Statens business case-model, version 3, 2017), so every figure of the simulation is told in words
a committee can repeat: "I 8 af 10 beregninger ...", with what was varied, how, and which inputs
drive the spread.
"""

from __future__ import annotations

from budgetapp.core.break_even import ALWAYS, NEVER, BreakEven
from budgetapp.core.case_inputs import format_value
from budgetapp.core.formatting import format_number, format_percent
from budgetapp.core.sensitivity import Tornado
from budgetapp.core.simulation import BUDGET_PERIOD_YEARS, SimulationResult


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


def explain_simulation(sim: SimulationResult) -> str:
    """The explanation shown under the fan chart."""
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
    lines.append(
        f"Sådan er det beregnet: casen er regnet {format_number(sim.draws)} gange. Hver gang er de "
        f"{len(sim.estimates)} usikre input trukket tilfældigt og uafhængigt mellem deres min og maks, "
        "oftest nær den mest sandsynlige værdi (trekantfordeling). Alle andre input er som indtastet. "
        f"Samme startværdi (frø {sim.seed}) giver præcis samme resultat.")
    return "\n".join(lines)


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


def explain_break_even(be: BreakEven) -> str:
    """One break-even value as a sentence."""
    years = "budgetperioden" if be.within_years == BUDGET_PERIOD_YEARS else f"de første {be.within_years} år"
    where = f"inden for {years} (til og med {be.last_year})"
    search = f"mellem {format_value(be.kind, be.search_low)} og {format_value(be.kind, be.search_high)}"
    if be.status == ALWAYS:
        return f"{be.label}: casen tjener sig hjem {where} for enhver værdi {search}."
    if be.status == NEVER:
        return f"{be.label}: ingen værdi {search} får casen til at tjene sig hjem {where}."
    bound = "mindst" if be.direction == "min" else "højst"
    if be.value is None:  # not ALWAYS or NEVER, yet no value: say so rather than print a number
        return f"{be.label}: ingen grænseværdi fundet {search}."
    return (f"{be.label} skal være {bound} {format_value(be.kind, be.value)} for at casen tjener sig "
            f"hjem {where} (indtastet: {format_value(be.kind, be.base_value)}).")
