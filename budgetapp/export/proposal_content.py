"""What a committee proposal (udvalgsindstilling) for one business case says, without Qt.

The structure is a Danish udvalg agenda item: *Sagsfremstilling* (what the case is, the target
group, the follow-up plan), *Økonomi* (the table "Forslagets samlede økonomiske konsekvenser" per
kind of amount with the permanent change and payback, then the specification by year, both over
the case's whole horizon with what falls after it, :mod:`budgetapp.export.proposal_economy`;
1.000 kr., expenses positive, revenue and savings negative), *Risici og usikkerhed* (only this case's own
figures and three-point estimates, in words, with Danish field labels), *Indstilling* (the decision
proposed) and *Bilag* (the assumptions with their sources). :mod:`budgetapp.export.proposal_pdf`
lays it out as an A4 PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.break_even import FOUND, break_even
from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import SAVED_WEEKS, InputError
from budgetapp.core.case_model import FlowEffect, PoolFunding, Segment, StockEffect, amount_for_year
from budgetapp.core.decision_data import FOLLOW_UP_METRICS
from budgetapp.core.formatting import (
    format_kr,
    format_number,
    format_percent,
    format_plain,
    format_thousand_kr,
)
from budgetapp.core.project import Project
from budgetapp.core.projection import Projection, ProjectionEngine
from budgetapp.core.rules import load_rules
from budgetapp.export.field_labels import field_label
from budgetapp.export.proposal_economy import (
    MoneyTable,
    consequences,
    period_text,
    pool_income_per_pool,
    specification,
    tail_series,
)


@dataclass
class Proposal:
    title: str
    municipality: str
    price_level: str
    decision: str
    description: str
    target_group: str
    years: list[int]                        # every year of the case's horizon
    specification: MoneyTable               # "Specifikation pr. år" over the whole horizon
    saving_per_year: list[float]            # chart: municipal saving (+) per year, kr.
    net_cost_per_year: list[float]          # chart: net cost per year, kr.
    summary: list[str]
    assumptions: list[tuple[str, str, str]]  # (assumption, value, source)
    risks: list[str]
    follow_up: list[str]
    appraisal: Appraisal = field(repr=False, default=None)  # type: ignore[assignment]
    consequences: MoneyTable | None = None  # "Forslagets samlede økonomiske konsekvenser"
    payback_text: str = ""
    uncertainty: list[str] = field(default_factory=list)    # this case's own estimates, in words
    # the project's budget per styringsområde with the chosen cases: (label, kr. per year, bold)
    budget_years: list[int] = field(default_factory=list)
    budget_by_area: list[tuple[str, list[float], bool]] = field(default_factory=list)
    budget_cases: list[str] = field(default_factory=list)   # the cases in budget_by_area
    # when the savings fall: calendar timing, the tail after the horizon (or entry-year timing)
    timing: list[str] = field(default_factory=list)


AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}


def budget_by_area(projection: Projection, years: list[int]) -> list[tuple[str, list[float], bool]]:
    """Per styringsområde: the base budget, each switched-on case and the area's total, then the
    total of all areas (kr., expenses positive); the same figures as Overblik."""
    rows: list[tuple[str, list[float], bool]] = []
    for area in STYRINGSOMRAADER:
        label = AREA_LABELS[area]
        rows.append((f"{label}: basisbudget", [projection.base_by_area(area, y) for y in years], False))
        for effect in projection.cases:
            values = [projection.case_by_area(effect.name, area, y) for y in years]
            if effect.enabled and any(values):
                rows.append((f"   {effect.name}", values, False))
        rows.append((f"{label} i alt", [projection.projected_by_area(area, y) for y in years], True))
    rows.append(("Nettoudgift i alt med de valgte business cases",
                 [sum(projection.projected_by_area(a, y) for a in STYRINGSOMRAADER) for y in years], True))
    return rows


def build_proposal(case: BusinessCase, municipality: str = "", price_level: str = "",
                   budget_year: int | None = None, project: Project | None = None) -> Proposal:
    """The proposal for ``case``; ``budget_year`` picks the budget year and three overslagsår.

    With ``project`` the Økonomi section also shows the project's budget per styringsområde with
    its switched-on cases (the projection of :mod:`budgetapp.core.projection`)."""
    ap = appraise(case)
    years = ap.years
    if budget_year is None or not any(budget_year <= y <= budget_year + 3 for y in years):
        budget_year = years[0]
    rules = load_rules()
    notes = case.notes
    net = -sum(ap.series["net_result"])
    clawback = sum(ap.series["employment_grant_clawback"])
    period = period_text(years)
    summary = [
        f"Indsatsen koster netto {format_thousand_kr(sum(ap.series['net_cost']))} "
        f"t.kr. i {period} og giver en kommunal besparelse på forsørgelsen på "
        f"{format_thousand_kr(sum(ap.series['municipal_saving']))} t.kr. efter refusion.",
        *([f"Heraf kommer {format_thousand_kr(clawback)} t.kr. tilbage som et lavere "
           "beskæftigelsestilskud (modregning 2 år efter besparelsen, lov om kommunal udligning og "
           "generelle tilskud til kommuner, § 23 a)."] if clawback else []),
        ("Nettovirkningen for kommunen er en mindreudgift på " if net <= 0 else
         "Nettovirkningen for kommunen er en merudgift på ")
        + f"{format_thousand_kr(abs(net))} t.kr. i {period}.",
        ("Casen er tilbagebetalt i " + str(ap.payback_year) + f" (år {ap.payback_years})."
         if ap.payback_year else "Casen betaler sig ikke tilbage inden for perioden."),
    ]

    assumptions = effect_assumptions(case, ap)
    if case.flow_effects:
        assumptions.append(("Helårspersoner i indsatsen (gennemsnit pr. år)",
                            format_number(ap.full_year_persons_in_effort, 2),
                            "Beregnet: tiden i indsatsen for alle, der starter, divideret med "
                            f"{format_plain(case.weeks_per_year)} uger"))
    assumptions.append(("Tidsfæstelse", "Kalenderår: hver sparet ydelsesuge i det år, den falder i"
                        if case.timing == "calendar" else
                        "Indgangsår: hele forløbet i det år, personen starter", notes.get("timing", "")))
    for line in case.costs:
        if line.kind == "fixed":
            value = _amount_text(line.amount_per_year, "kr. pr. år", money=True)
        else:
            value = f"{format_kr(line.amount_per_full_year_participant)} kr. pr. helårsdeltager"
        refusion = (rules[line.refusion_rule].name if line.refusion_rule
                    else f"{format_percent(line.refusion_rate)} refusion")
        area = "" if line.styringsomraade == "service" else f"; bogføres på {line.styringsomraade}"
        assumptions.append((f"Udgift: {line.name}", f"{value}; {refusion}{area}", notes.get("costs", "")))
    for pool, income in zip(case.pool_funding, pool_income_per_pool(case, ap), strict=True):
        assumptions.append((f"Puljefinansiering: {pool.name}", _pool_text(case, pool, income),
                            notes.get("pool_funding", "")))

    risks = _risks(case, ap)
    follow = _follow_up(case, ap)
    payback = (f"{ap.payback_years} år" if ap.payback_years is not None
               else "Tjener sig ikke hjem inden for perioden")
    area_years: list[int] = []
    area_rows: list[tuple[str, list[float], bool]] = []
    area_cases: list[str] = []
    if project is not None:
        area_years = [project.budget_year, *project.overslag_years]
        projected = ProjectionEngine(project).result()
        area_rows = budget_by_area(projected, area_years)
        area_cases = [effect.name for effect in projected.cases if effect.enabled]
    return Proposal(
        title=case.name, municipality=municipality, price_level=price_level,
        decision=case.decision_text or "Ingen indstillingstekst i business casen.",
        description=case.description, target_group=case.target_group, years=years,
        specification=specification(ap, budget_year),
        saving_per_year=list(ap.series["municipal_saving"]),
        net_cost_per_year=list(ap.series["net_cost"]),
        summary=summary, assumptions=assumptions, risks=risks, follow_up=follow, appraisal=ap,
        consequences=consequences(case, ap, budget_year), payback_text=payback,
        uncertainty=uncertainty_text(case),
        budget_years=area_years, budget_by_area=area_rows, budget_cases=area_cases,
        timing=timing_text(case, ap),
    )


def _pool_text(case: BusinessCase, pool: PoolFunding, income: list[float]) -> str:
    """A pool in words: a fixed amount per year, or "rate × eligible cost, up to the cap", and in
    both cases the pool income per year as the engine books it (``income``, kr.)."""
    per_year = "; ".join(f"{case.start_year + j}: {format_kr(v)} kr." for j, v in enumerate(income))
    if pool.rate is None:
        return f"{_amount_text(pool.amount_per_year, 'kr. pr. år', money=True)} ({per_year})"
    eligible = (", ".join(f"'{name}'" for name in pool.eligible_costs) if pool.eligible_costs
                else "alle udgiftslinjer")
    text = f"{format_percent(pool.rate)} af bruttoudgiften til {eligible}"
    if pool.cap_per_year is not None:
        text += f", højst {_amount_text(pool.cap_per_year, 'kr. pr. år', money=True)}"
    return f"{text}. Puljeindtægt: {per_year}"


def _amount_text(amount, unit: str, money: bool = False) -> str:
    fmt = format_kr if money else (lambda v: format_number(v, 0))
    if isinstance(amount, list):
        return " / ".join(fmt(v) for v in amount) + f" {unit}"
    return f"{fmt(amount)} {unit}"


# At most this many segments of an effect are listed one by one in Bilag 1; the rest are summed up.
SEGMENTS_LISTED = 8
BAND_LABELS = ("uge 1-4", "uge 5-26", "uge 27-52", "uge 53+")


def effect_assumptions(case: BusinessCase, ap: Appraisal) -> list[tuple[str, str, str]]:
    """Bilag 1's rows for every effect of ``case``: (assumption, value, source).

    A flow effect gives its inflow, prior weeks on benefit, each segment's paths before and after
    (weeks or survival curve, weeks in the effort, benefit intensity), benefit, financing rule,
    phase-in, deadweight and persistence; a stock effect its fewer full-year persons per year and
    the band shares on the staircase. Every effect ends with its municipal saving per year from
    the engine (``ap.effects[i]["municipal_saving"]``, kr.) and, in calendar timing, what falls
    after the horizon. Only the first effect uses the case's ``notes`` as sources: notes are
    keyed by field name, not by effect."""
    rules = load_rules()
    rows: list[tuple[str, str, str]] = []
    several = len(case.effects) > 1
    for i, effect in enumerate(case.effects):
        notes = case.notes if i == 0 else {}
        kind = "tilgang og forløb" if isinstance(effect, FlowEffect) else "færre helårspersoner"
        head = f"Effekt {i + 1}: {effect.name}" if several else f"Effekt: {effect.name}"
        rows.append((f"{head} ({kind})", f"Målgruppe: {effect.target_group}", ""))
        if isinstance(effect, FlowEffect):
            rows.extend(_flow_rows(case, effect, notes))
        else:
            rows.extend(_stock_rows(case, effect, notes))
        rule = rules[effect.benefit_refusion.rule]
        version, _ = rule.version_for_year(case.start_year)
        rows.append(("– Ydelse pr. helårsperson", f"{format_kr(effect.benefit_per_full_year_person)} kr.",
                     notes.get("benefit_per_full_year_person", "")))
        rows.append(("– Finansiering af forsørgelsen", rule.name + (
            f" ({format_percent(effect.benefit_refusion.rate)} refusion)" if rule.rate_from_case else ""),
            f"{version.citation}. {notes.get('benefit_refusion', '')}".strip()))
        if effect.employment_grant is not None:
            share = effect.employment_grant.share
            rows.append(("– Modregning i beskæftigelsestilskud",
                         "Ja" + (f", {format_percent(share)} af besparelsen" if share is not None else
                                 ", reglens standardandel"), "Lov om kommunal udligning og generelle "
                         "tilskud til kommuner, § 23 a"))
        rows.append(("– Kommunal besparelse pr. år, 1.000 kr. (beregnet)", _saving_text(case, ap.effects[i]),
                     "Beregnet af programmet efter refusion; se afsnittet om tidsfæstelse"))
    return rows


def _flow_rows(case: BusinessCase, effect: FlowEffect, notes: dict[str, str]) -> list[tuple[str, str, str]]:
    prior = effect.prior_weeks
    prior_text = (f"{_weeks(prior[0].weeks)} uger" if len(prior) == 1 else
                  ", ".join(f"{_weeks(p.weeks)} uger ({format_percent(p.share)})" for p in prior))
    rows = [
        ("– Tilgang", _amount_text(effect.inflow_per_year, "personer pr. år"),
         notes.get("inflow_per_year", "")),
        ("– Uger på ydelse før forløbet (trin på refusionstrappen)", prior_text,
         notes.get("prior_weeks", "")),
    ]
    source = notes.get("segments", "")
    for k, seg in enumerate(effect.segments[:SEGMENTS_LISTED]):
        # the note on the segments is one text for all of them: print it once
        rows.append((f"– Segment '{seg.name}' ({format_percent(seg.share)} af tilgangen)",
                     _segment_text(seg), source if k == 0 else ""))
    rest = effect.segments[SEGMENTS_LISTED:]
    if rest:
        share = sum(s.share for s in rest)
        before = sum(s.share * s.weeks_before for s in rest) / share if share else 0.0
        after = sum(s.share * s.weeks_after for s in rest) / share if share else 0.0
        rows.append((f"– {format_number(len(rest))} segmenter mere ({format_percent(share)} af tilgangen)",
                     f"gennemsnitligt {format_number(before, 1)} uger på ydelse uden indsatsen, "
                     f"{format_number(after, 1)} uger med", ""))
    if len(effect.segments) > 1:
        before = sum(s.share * s.weeks_before for s in effect.segments)
        after = sum(s.share * s.weeks_after for s in effect.segments)
        rows.append(("– Varighed på ydelse, gennemsnit af segmenterne",
                     f"{format_number(before, 2)} uger uden indsatsen, {format_number(after, 2)} uger med",
                     "Beregnet: segmenternes uger vægtet med deres andele"))
    factors = effect.effect_phase_in
    phase = (f"{format_percent(factors[0])} i alle år" if len(factors) == 1 else
             " / ".join(format_percent(f) for f in factors)
             + (" (sidste faktor gælder de følgende år)" if len(factors) < case.years else ""))
    rows += [
        ("– Indfasning af effekten", phase, notes.get("effect_phase_in", "")),
        ("– Dødvægt", format_percent(effect.deadweight), notes.get("deadweight", "")),
        ("– Varighed af effekten (afgange uden tilbagefald)", format_percent(effect.persistence),
         notes.get("persistence", "")),
    ]
    return rows


def _weeks(value: float) -> str:
    """Weeks as typed: ``10`` → "10", ``12.25`` → "12,3" (one decimal when not whole)."""
    return format_number(value, 0 if value == int(value) else 1)


def _segment_text(seg: Segment) -> str:
    """One segment's paths in words: "30 → 27 uger på ydelse; 12 uger i indsatsen"."""
    if seg.survival_before is not None:
        before = (f"overlevelseskurve over {len(seg.survival_before)} uger "
                  f"(gennemsnit {format_number(seg.weeks_before, 1)} uger)")
    else:
        before = f"{_weeks(seg.weeks_before)} uger"
    if seg.survival_after is not None:
        after = (f"overlevelseskurve over {len(seg.survival_after)} uger "
                 f"(gennemsnit {format_number(seg.weeks_after, 1)} uger)")
    else:
        after = f"{_weeks(seg.weeks_after)} uger"
    text = f"uden indsatsen {before}, med indsatsen {after} på ydelse"
    if seg.weeks_in_effort:
        text += f"; de første {_weeks(seg.weeks_in_effort)} uger i indsatsen"
    if seg.active_weeks_before:
        text += f"; uden indsatsen {_weeks(seg.active_weeks_before)} aktive uger"
    if seg.benefit_intensity != 1:
        text += (f"; delvis ydelse: {format_percent(seg.benefit_intensity)} af den fulde ydelse "
                 "(hver uge tæller dog som en hel uge på refusionstrappen)")
    return text


def _stock_rows(case: BusinessCase, effect: StockEffect, notes: dict[str, str]) -> list[tuple[str, str, str]]:
    fewer = effect.fewer_full_year_persons
    if isinstance(fewer, list):
        fewer_text = "; ".join(f"{case.start_year + j}: {format_plain(v)}" for j, v in enumerate(fewer))
    else:
        fewer_text = f"{format_plain(fewer)} i hvert år"
    bands = ", ".join(f"{label}: {format_percent(share)}"
                      for label, share in zip(BAND_LABELS, effect.band_shares, strict=True))
    return [
        ("– Færre helårspersoner på ydelse", fewer_text, notes.get("fewer_full_year_persons", "")),
        ("– Fordeling af ugerne på refusionstrappen", bands, notes.get("band_shares", "")),
    ]


def _saving_text(case: BusinessCase, effect: dict) -> str:
    """The effect's municipal saving per year of the horizon, its total and (calendar timing) what
    falls after the horizon, in 1.000 kr."""
    values = effect["municipal_saving"]
    years = "; ".join(f"{case.start_year + j}: {format_thousand_kr(v)}" for j, v in enumerate(values))
    text = f"{years}; i alt {format_thousand_kr(sum(values))} t.kr."
    tail = effect.get("after_horizon", {}).get("municipal_saving", 0.0)
    if effect.get("kind") == "stock":
        text += " Opgjort pr. kalenderår; intet efter perioden."
    elif case.timing == "calendar":
        text += f" Efter perioden: {format_thousand_kr(tail)} t.kr."
    return text


def timing_text(case: BusinessCase, ap: Appraisal) -> list[str]:
    """When the savings fall, for the committee: calendar timing (with the November example) and
    the saving after the horizon with its figure, or entry-year timing with what calendar timing
    would give in the first year. See docs/method.md, "Calendar timing" and "The tail"."""
    first, last = ap.years[0], ap.years[-1]
    has_flow = bool(case.flow_effects)
    has_stock = any(isinstance(e, StockEffect) for e in case.effects)
    stock = ("Effekter opgjort som færre helårspersoner på ydelse gælder det kalenderår, de er opgjort "
             "for, og har intet efter perioden." if has_stock else "")
    if case.timing == "entry_year" and has_flow:
        calendar = appraise(replace(case, timing="calendar"))
        flow_only = " for de effekter, der regnes med tilgang og forløb" if has_stock else ""
        return [" ".join(filter(None, [
            f"Casen er regnet i indgangsår{flow_only}, sådan som den oprindeligt er offentliggjort: "
            "hele besparelsen på et forløb er bogført i det år, personen starter, også de uger, der "
            "falder i de følgende år. Det gør besparelsen større i de første år, end regnskabet vil "
            "vise den.",
            f"Regnet i kalenderår (hver sparet ydelsesuge i det år, den falder i) ville den kommunale "
            f"besparelse i {first} være {format_thousand_kr(calendar.series['municipal_saving'][0])} t.kr. "
            f"i stedet for {format_thousand_kr(ap.series['municipal_saving'][0])} t.kr.",
            stock]))]
    if not has_flow:
        return [stock]
    tail = ap.after_horizon
    saving_after = tail.get("municipal_saving", 0.0) - tail.get("employment_grant_clawback", 0.0)
    cost_after = tail.get("net_cost", 0.0)
    lines = [
        "Besparelserne er bogført i det kalenderår, hvor de sparede ydelsesuger falder, sådan som "
        "kommunens regnskab bogfører ydelsen. Borgerne starter jævnt hen over året, så en borger, der "
        "starter i november og ellers ville have været 60 uger på ydelse, sparer kommunen penge året "
        "efter og året derpå, ikke i november. Derfor er besparelsen mindre i det første år end i de "
        "følgende, indtil forløbene fra flere års tilgang overlapper."
    ]
    if saving_after or cost_after:
        after = (f"Forløb, der starter i periodens sidste år, fortsætter efter {last}. Den del af "
                 f"besparelsen, der falder efter {last}, er vist som 'efter perioden': "
                 f"{format_thousand_kr(saving_after)} t.kr. i kommunal besparelse")
        after += (f" og {format_thousand_kr(cost_after)} t.kr. i udgifter til deltagere." if cost_after
                  else ".")
        after += (" Beløbet indgår ikke i nettovirkningen, tilbagebetalingstiden eller nutidsværdien "
                  f"for {first}-{last}: det er en besparelse, beslutningen allerede har købt, men som "
                  "falder efter perioden, og den må ikke regnes med to gange.")
        lines.append(after)
        lines.append(_whole_text(ap))
    if stock:
        lines.append(stock)
    return [" ".join(lines)]


def _whole_text(ap: Appraisal) -> str:
    """The horizon plus what falls after it, for the municipal saving and the net result: the
    whole effect of the paths that start in the horizon (what entry-year timing books)."""
    first, last = ap.years[0], ap.years[-1]
    tail = tail_series(ap)
    period = period_text(ap.years)
    saving, saving_after = sum(ap.series["municipal_saving"]), tail["municipal_saving"]
    net, net_after = -sum(ap.series["net_result"]), -tail["net_result"]
    return (f"Samlet for dem, der starter i {period}: kommunal besparelse "
            f"{format_thousand_kr(saving)} t.kr. i {period} + {format_thousand_kr(saving_after)} t.kr. "
            f"efter {last} = {format_thousand_kr(saving + saving_after)} t.kr.; nettovirkning (som i "
            f"tabellerne: negativ = mindreudgift) {format_thousand_kr(net)} t.kr. i {period} og "
            f"{format_thousand_kr(net_after)} t.kr. efter {last}, i alt "
            f"{format_thousand_kr(net + net_after)} t.kr. Tabellernes "
            f"kolonner 'I alt' ({first}-{last}), 'Efter {last}' og 'I alt med efter {last}' viser det "
            "samme.")


def _risks(case: BusinessCase, ap: Appraisal) -> list[str]:
    risks = []
    if ap.break_even_effect_share is not None and ap.break_even_effect_share <= 1:
        risks.append(f"Casen dækker sin nettoudgift over perioden, hvis mindst "
                     f"{format_percent(ap.break_even_effect_share, 0)} af den forventede effekt indtræffer.")
    elif ap.break_even_effect_share is not None:
        risks.append(f"Med den forventede effekt dækker besparelsen ikke nettoudgiften over perioden; "
                     f"det kræver {format_percent(ap.break_even_effect_share, 0)} af den forventede effekt.")
    else:
        risks.append("Casen giver ingen kommunal besparelse, der kan dække udgiften.")
    flows = [e for _, e in case.flow_effects]
    risks.extend(_assumption_risks(flows))
    stocks = [e for e in case.effects if isinstance(e, StockEffect)]
    several = len(case.effects) > 1
    if stocks:
        which = " (" + ", ".join(f"'{e.name}'" for e in stocks) + ")" if several else ""
        risks.append(f"Effekten{which} er opgjort som færre helårspersoner på ydelse. Den bør følges op "
                     "på antallet af helårspersoner i målgruppen, sammenholdt med udviklingen uden "
                     "indsatsen, fordi ledigheden også ændrer sig af andre grunde.")
    for e in flows:
        where = f" i '{e.name}'" if several else ""
        for s in e.segments[:SEGMENTS_LISTED]:
            if s.weeks_after == 0 and s.share > 0 and s.weeks_before > 0:
                risks.append(f"Segmentet '{s.name}'{where} ({format_percent(s.share)}) antages at forlade "
                             f"ydelsen med det samme. Jo flere i dette segment, jo større besparelse: "
                             f"antagelsen bør følges op.")
    rules = load_rules()
    staircase = sorted({rules[e.benefit_refusion.rule].name for e in case.effects
                        if len(rules[e.benefit_refusion.rule].versions[0].bands) > 1})
    if staircase:
        risks.append(f"Besparelsen afhænger af, hvor på refusionstrappen de sparede uger ligger "
                     f"({', '.join(staircase)}); sparede uger tidligt i forløbet (uge 1-4) giver mindst.")
    if case.pool_funding:
        risks.append("Puljefinansieringen er tidsbegrænset. Når puljen ophører, skal udgiften "
                     "finansieres af kommunen, eller indsatsen skal stoppe.")
    risks.extend(ap.warnings)
    return risks


def _names(effects: list[FlowEffect]) -> str:
    names = [f"'{e.name}'" for e in effects]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


def _assumption_risks(flows: list[FlowEffect]) -> list[str]:
    """What the case assumes about dødvægt and lasting exits, true for every flow effect: one
    sentence when all effects agree, else naming the effects each part holds for."""
    out = []
    without = [e for e in flows if e.deadweight == 0]
    with_dw = [e for e in flows if e.deadweight != 0]
    consequence = ("Hvis en del af de kortere forløb var kommet alligevel, bliver besparelsen "
                   "tilsvarende mindre.")
    if without and not with_dw:
        out.append(f"Der er ikke regnet med dødvægt. {consequence}")
    elif without:
        others = "; ".join(f"'{e.name}': {format_percent(e.deadweight)}" for e in with_dw)
        out.append(f"Der er ikke regnet med dødvægt for {_names(without)} (dødvægt for de øvrige: "
                   f"{others}). {consequence}")
    lasting = [e for e in flows if e.persistence == 1]
    relapse = [e for e in flows if e.persistence != 1]
    if lasting and not relapse:
        out.append("Der er regnet med, at alle afgange fra ydelsen er varige (ingen tilbagefald).")
    elif lasting:
        others = "; ".join(f"'{e.name}': {format_percent(e.persistence)} varige" for e in relapse)
        out.append(f"For {_names(lasting)} er der regnet med, at alle afgange fra ydelsen er varige "
                   f"(ingen tilbagefald); for de øvrige: {others}.")
    return out


def uncertainty_text(case: BusinessCase) -> list[str]:
    """The case's own three-point estimates in words, one sentence each, with Danish labels;
    empty when the case has none (then nothing about uncertainty is printed)."""
    out = []
    for est in case.uncertainty:
        label = field_label(case, est.path)
        text = (f"{label}: mellem {format_plain(est.min)} og {format_plain(est.max)}, "
                f"mest sandsynligt {format_plain(est.most_likely)}")
        out.append(text + (f". {est.note}" if est.note else "."))
    for scenario in case.scenarios:
        changes = ", ".join(f"{field_label(case, path).lower()} {_value_text(value)}"
                            for path, value in scenario.overrides.items())
        out.append(f"Scenariet '{scenario.name}': {changes}."
                   + (f" {scenario.description}" if scenario.description else ""))
    return out


def _value_text(value) -> str:
    if isinstance(value, list):
        return " / ".join(format_plain(v) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_plain(value)
    return str(value)


def _stock_measures(case: BusinessCase, ap: Appraisal) -> list[str]:
    """What is measured for a case whose effects are all stated as fewer full-year persons."""
    first = case.start_year
    plans = []
    for effect in case.effects:
        fewer = getattr(effect, "fewer_full_year_persons", 0.0)
        planned = fewer[0] if isinstance(fewer, list) else fewer
        plans.append(f"{format_plain(planned)} færre helårspersoner på {effect.target_group.lower()}")
    return [
        f"Der måles hvert kvartal: antallet af helårspersoner på ydelse i målgruppen (plan {first}: "
        f"{', '.join(plans)}) og forbrug (plan {format_thousand_kr(ap.series['gross_cost'][0])} t.kr. "
        f"i {first}).",
        f"Status til udvalget efter første halvår {first} og en samlet opfølgning efter første hele "
        f"år ({first}), hvor plan og faktiske tal sammenholdes i business casen.",
    ]


def _follow_up(case: BusinessCase, ap: Appraisal) -> list[str]:
    """The follow-up plan over every flow effect (the same whatever their order): the summed
    inflow, the full-year persons in the effort, each effect's weeks on benefit before and after,
    spend, and a stop criterion per effect (the break-even of its saved weeks, the other effects
    as planned)."""
    first = case.start_year
    flows = [e for _, e in case.flow_effects]
    if not flows:
        return _follow_up_decision(case, _stock_measures(case, ap))
    inflows = [amount_for_year(e.inflow_per_year, 0) for e in flows]
    several = len(flows) > 1
    inflow_text = f"plan {format_number(sum(inflows), 0)} personer pr. år"
    if several:
        inflow_text = (f"plan {format_number(sum(inflows), 0)} personer i {first}: "
                       + ", ".join(f"{format_number(n, 0)} til '{e.name}'" for e, n in zip(flows, inflows,
                                                                                           strict=True)))
    weeks = [(e, _effect_avg(e, "weeks_before"), _effect_avg(e, "weeks_after")) for e in flows]
    if several:
        weeks_text = "; ".join(f"'{e.name}' {format_number(after, 1)} uger, før indsatsen "
                               f"{format_number(before, 1)} uger" for e, before, after in weeks)
    else:
        _, before, after = weeks[0]
        weeks_text = f"{format_number(after, 1)} uger, før indsatsen {format_number(before, 1)} uger"
    lines = [
        f"Der måles hvert kvartal: tilgang ({inflow_text}), deltagere i "
        f"indsatsen (plan {format_number(ap.full_year_persons_in_effort, 1)} helårspersoner), "
        f"gennemsnitligt antal uger på ydelse efter tilgang (plan {weeks_text}) og forbrug "
        f"(plan {format_thousand_kr(ap.series['gross_cost'][0])} t.kr. i {first}).",
        f"Status til udvalget efter første halvår {first} og en samlet opfølgning efter første hele "
        f"år ({first}), hvor plan og faktiske tal sammenholdes i business casen.",
    ]
    for i, (effect, before, after) in enumerate(weeks):
        lines.extend(_stop_criterion(case, i, effect, before, after, several))
    return _follow_up_decision(case, lines)


def _effect_avg(effect: FlowEffect, attr: str) -> float:
    return sum(s.share * getattr(s, attr) for s in effect.segments)


def _stop_criterion(case: BusinessCase, i: int, effect: FlowEffect, weeks_before: float,
                    weeks_after: float, several: bool) -> list[str]:
    """The break-even of the effect's saved weeks per entrant (:data:`SAVED_WEEKS` names the first
    flow effect, so the effect is put first; the order of effects does not change the result)."""
    flows = [e for _, e in case.flow_effects]
    others = tuple(e for e in case.effects if e is not flows[i])
    try:
        be = break_even(replace(case, effects=(effect, *others)), SAVED_WEEKS, None)
    except InputError:
        return []
    if be.status != FOUND or be.value is None:
        return []
    limit = weeks_before - be.value
    name = f" for '{effect.name}'" if several else ""
    rest = ", og de øvrige effekter holder planen," if several else ","
    if limit < weeks_after:
        return [f"Med planens {format_number(weeks_after, 1)} uger på ydelse efter tilgang{name} betaler "
                f"indsatsen sig ikke tilbage inden {be.last_year}; det kræver højst "
                f"{format_number(limit, 1)} uger. Udvalget bør tage stilling til, om det er "
                f"realistisk, før indsatsen sættes i gang."]
    return [f"Stopkriterium{name}: Hvis den gennemsnitlige varighed på ydelse efter tilgang er over "
            f"{format_number(limit, 1)} uger (planen er {format_number(weeks_after, 1)} uger){rest} "
            f"betaler indsatsen sig ikke tilbage inden {be.last_year}, og det indstilles at lukke den."]


def _follow_up_decision(case: BusinessCase, lines: list[str]) -> list[str]:
    """``lines`` followed by the case's success criteria and when to decide to continue or stop."""
    first = case.start_year
    follow = case.follow_up
    if follow is not None:
        for c in follow.success_criteria:
            op = "mindst" if c.operator == ">=" else "højst"
            metric = FOLLOW_UP_METRICS.get(c.metric, "Nøgletal").lower()
            lines.append(f"Succeskriterium '{c.name}': {metric} skal være {op} "
                         f"{format_number(c.target, 1)} i {c.year}.")
        if follow.decision_date is not None:
            d = follow.decision_date
            lines.append(f"Beslutning om at fortsætte eller lukke indsatsen: {d.day}.{d.month}.{d.year}.")
    if follow is None or follow.decision_date is None:
        lines.append(f"Beslutning om at fortsætte eller lukke indsatsen træffes ved budgetlægningen for "
                     f"{first + 2} på grundlag af opfølgningen for {first}.")
    return lines
