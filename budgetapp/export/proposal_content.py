"""What a committee proposal (udvalgsindstilling) for one business case says, without Qt.

The structure is a Danish udvalg agenda item: *Sagsfremstilling* (what the case is, the target
group, the follow-up plan), *Økonomi* (the table "Forslagets samlede økonomiske konsekvenser" per
styringsområde with the permanent change and payback, then the specification by year; 1.000 kr.,
expenses positive, revenue and savings negative), *Risici og usikkerhed* (only this case's own
figures and three-point estimates, in words, with Danish field labels), *Indstilling* (the decision
proposed) and *Bilag* (the assumptions with their sources). :mod:`budgetapp.export.proposal_pdf`
lays it out as an A4 PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.break_even import FOUND, break_even
from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import SAVED_WEEKS, InputError
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
from budgetapp.core.rules import MUNICIPAL_COFINANCING, load_rules
from budgetapp.export.consequences import Consequences, build_consequences
from budgetapp.export.field_labels import field_label

# (series, label, sign): the rows of the economic table.
TABLE_ROWS = (
    ("gross_cost", "Bruttoudgift til indsatsen", 1),
    ("cost_refusion", "Refusion af driftsudgifter", -1),
    ("pool_funding", "Puljefinansiering", -1),
    ("net_cost", "Nettoudgift til indsatsen", 1),
    ("gross_saving", "Mindreudgift til forsørgelse, brutto", -1),
    ("refusion_forgone", "Mistet refusion / medfinansiering", 1),
    ("municipal_saving", "Kommunal besparelse på forsørgelse", -1),
    ("employment_grant_clawback", "Modregning i beskæftigelsestilskud", 1),
    ("net_result", "Nettovirkning for kommunen", -1),
    ("cumulative_net_result", "Akkumuleret nettovirkning", -1),
)
BOLD_ROWS = {"net_cost", "municipal_saving", "net_result"}


@dataclass
class Proposal:
    title: str
    municipality: str
    price_level: str
    decision: str
    description: str
    target_group: str
    years: list[int]
    year_labels: list[str]                  # "2027 (budgetår)", "2028 (overslagsår)", …
    table: list[tuple[str, list[float], bool]]   # label, values in kr. (signed), bold
    table_totals: list[float]
    saving_per_year: list[float]            # chart: municipal saving (+) per year, kr.
    net_cost_per_year: list[float]          # chart: net cost per year, kr.
    summary: list[str]
    assumptions: list[tuple[str, str, str]]  # (assumption, value, source)
    risks: list[str]
    follow_up: list[str]
    appraisal: Appraisal = field(repr=False, default=None)  # type: ignore[assignment]
    consequences: Consequences | None = None
    uncertainty: list[str] = field(default_factory=list)    # this case's own estimates, in words
    # the project's budget per styringsområde with the chosen cases: (label, kr. per year, bold)
    budget_years: list[int] = field(default_factory=list)
    budget_by_area: list[tuple[str, list[float], bool]] = field(default_factory=list)
    budget_cases: list[str] = field(default_factory=list)   # the cases in budget_by_area


def _avg(case: BusinessCase, attr: str) -> float:
    return sum(s.share * getattr(s, attr) for s in case.segments)


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
    years_all = ap.years
    if budget_year is not None and any(budget_year <= y <= budget_year + 3 for y in years_all):
        idx = [i for i, y in enumerate(years_all) if budget_year <= y <= budget_year + 3]
    else:
        idx = list(range(min(4, len(years_all))))
        budget_year = years_all[0]
    years = [years_all[i] for i in idx]
    labels = [f"{y}" + (" (budgetår)" if y == budget_year else " (overslagsår)") for y in years]
    table = []
    totals = []
    for key, label, sign in TABLE_ROWS:
        if key in ("pool_funding", "employment_grant_clawback") and not any(ap.series[key]):
            continue
        values = [sign * ap.series[key][i] + 0.0 for i in idx]
        table.append((label, values, key in BOLD_ROWS))
        totals.append(float("nan") if key == "cumulative_net_result" else sum(values) + 0.0)

    rules = load_rules()
    rule = rules[case.benefit_refusion.rule]
    version, _ = rule.version_for_year(years_all[0])
    notes = case.notes
    net = -sum(ap.series["net_result"][i] for i in idx)
    clawback = sum(ap.series["employment_grant_clawback"][i] for i in idx)
    period = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    summary = [
        f"Indsatsen koster netto {format_thousand_kr(sum(ap.series['net_cost'][i] for i in idx))} "
        f"t.kr. i {period} og giver en kommunal besparelse på forsørgelsen på "
        f"{format_thousand_kr(sum(ap.series['municipal_saving'][i] for i in idx))} t.kr. efter refusion.",
        *([f"Heraf kommer {format_thousand_kr(clawback)} t.kr. tilbage som et lavere "
           "beskæftigelsestilskud (modregning 2 år efter besparelsen, lov om kommunal udligning og "
           "generelle tilskud til kommuner, § 23 a)."] if clawback else []),
        ("Nettovirkningen for kommunen er en mindreudgift på " if net <= 0 else
         "Nettovirkningen for kommunen er en merudgift på ")
        + f"{format_thousand_kr(abs(net))} t.kr. i {period}.",
        ("Casen er tilbagebetalt i " + str(ap.payback_year) + f" (år {ap.payback_years})."
         if ap.payback_year else "Casen betaler sig ikke tilbage inden for perioden."),
    ]

    weeks_before, weeks_after = _avg(case, "weeks_before"), _avg(case, "weeks_after")
    cofin = rule.share == MUNICIPAL_COFINANCING
    assumptions = [
        ("Tilgang til målgruppen", _amount_text(case.inflow_per_year, "personer pr. år"),
         notes.get("inflow_per_year", "")),
        ("Varighed på ydelse uden indsats (gennemsnit)", f"{format_number(weeks_before, 2)} uger",
         notes.get("segments", "")),
        ("Varighed på ydelse med indsats (gennemsnit)", f"{format_number(weeks_after, 2)} uger",
         notes.get("segments", "")),
        ("Helårspersoner i indsatsen", format_number(ap.full_year_persons_in_effort, 2), ""),
        ("Ydelse pr. helårsperson", f"{format_kr(case.benefit_per_full_year_person)} kr.",
         notes.get("benefit_per_full_year_person", "")),
        ("Finansiering af forsørgelsen", rule.name + (
            f" ({format_percent(case.benefit_refusion.rate)} refusion)" if rule.rate_from_case else ""),
         f"{version.citation}. {notes.get('benefit_refusion', '')}".strip()),
        ("Indfasning af effekten", " / ".join(format_percent(f) for f in case.effect_phase_in)
         + (" (sidste faktor gælder de følgende år)" if len(case.effect_phase_in) < case.years else ""),
         notes.get("effect_phase_in", "")),
        ("Dødvægt", format_percent(case.deadweight), notes.get("deadweight", "")),
        ("Varighed af effekten (afgange uden tilbagefald)", format_percent(case.persistence),
         notes.get("persistence", "")),
    ]
    for line in case.costs:
        if line.kind == "fixed":
            value = _amount_text(line.amount_per_year, "kr. pr. år", money=True)
        else:
            value = f"{format_kr(line.amount_per_full_year_participant)} kr. pr. helårsdeltager"
        refusion = (rules[line.refusion_rule].name if line.refusion_rule
                    else f"{format_percent(line.refusion_rate)} refusion")
        assumptions.append((f"Udgift: {line.name}", f"{value}; {refusion}", notes.get("costs", "")))
    for pool in case.pool_funding:
        assumptions.append((f"Puljefinansiering: {pool.name}",
                            _amount_text(pool.amount_per_year, "kr. pr. år", money=True),
                            notes.get("pool_funding", "")))

    risks = _risks(case, ap, rule.name, cofin, weeks_before)
    follow = _follow_up(case, ap, weeks_before, weeks_after)
    consequences = build_consequences(case, ap, budget_year)
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
        year_labels=labels, table=table, table_totals=totals,
        saving_per_year=[ap.series["municipal_saving"][i] for i in idx],
        net_cost_per_year=[ap.series["net_cost"][i] for i in idx],
        summary=summary, assumptions=assumptions, risks=risks, follow_up=follow, appraisal=ap,
        consequences=consequences, uncertainty=uncertainty_text(case),
        budget_years=area_years, budget_by_area=area_rows, budget_cases=area_cases,
    )


def _amount_text(amount, unit: str, money: bool = False) -> str:
    fmt = format_kr if money else (lambda v: format_number(v, 0))
    if isinstance(amount, list):
        return " / ".join(fmt(v) for v in amount) + f" {unit}"
    return f"{fmt(amount)} {unit}"


def _risks(case: BusinessCase, ap: Appraisal, rule_name: str, cofin: bool, weeks_before: float) -> list[str]:
    risks = []
    if ap.break_even_effect_share is not None and ap.break_even_effect_share <= 1:
        risks.append(f"Casen dækker sin nettoudgift over perioden, hvis mindst "
                     f"{format_percent(ap.break_even_effect_share, 0)} af den forventede effekt indtræffer.")
    elif ap.break_even_effect_share is not None:
        risks.append(f"Med den forventede effekt dækker besparelsen ikke nettoudgiften over perioden; "
                     f"det kræver {format_percent(ap.break_even_effect_share, 0)} af den forventede effekt.")
    else:
        risks.append("Casen giver ingen kommunal besparelse, der kan dække udgiften.")
    if case.deadweight == 0:
        risks.append("Der er ikke regnet med dødvægt. Hvis en del af de kortere forløb var kommet "
                     "alligevel, bliver besparelsen tilsvarende mindre.")
    if case.persistence == 1:
        risks.append("Der er regnet med, at alle afgange fra ydelsen er varige (ingen tilbagefald).")
    for s in case.segments:
        if s.weeks_after == 0 and s.share > 0 and s.weeks_before > 0:
            risks.append(f"Segmentet '{s.name}' ({format_percent(s.share)}) antages at forlade ydelsen "
                         f"med det samme. Jo flere i dette segment, jo større besparelse: antagelsen "
                         f"bør følges op.")
    if len(load_rules()[case.benefit_refusion.rule].versions[0].bands) > 1:
        risks.append(f"Besparelsen afhænger af, hvor på refusionstrappen de sparede uger ligger "
                     f"({rule_name}); sparede uger tidligt i forløbet (uge 1-4) giver mindst.")
    if case.pool_funding:
        risks.append("Puljefinansieringen er tidsbegrænset. Når puljen ophører, skal udgiften "
                     "finansieres af kommunen, eller indsatsen skal stoppe.")
    risks.extend(ap.warnings)
    return risks


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


def _follow_up(case: BusinessCase, ap: Appraisal, weeks_before: float, weeks_after: float) -> list[str]:
    first = case.start_year
    inflow = case.inflow_per_year
    planned_inflow = format_number(inflow[0] if isinstance(inflow, list) else inflow, 0)
    lines = [
        f"Der måles hvert kvartal: tilgang (plan {planned_inflow} personer pr. år), deltagere i "
        f"indsatsen (plan {format_number(ap.full_year_persons_in_effort, 1)} helårspersoner), "
        f"gennemsnitligt antal uger på ydelse efter tilgang (plan {format_number(weeks_after, 1)} uger, "
        f"før indsatsen {format_number(weeks_before, 1)} uger) og forbrug "
        f"(plan {format_thousand_kr(ap.series['gross_cost'][0])} t.kr. i {first}).",
        f"Status til udvalget efter første halvår {first} og en samlet opfølgning efter første hele "
        f"år ({first}), hvor plan og faktiske tal sammenholdes i business casen.",
    ]
    try:
        be = break_even(case, SAVED_WEEKS, None)
    except InputError:
        be = None
    if be is not None and be.status == FOUND and be.value is not None:
        limit = weeks_before - be.value
        if limit < weeks_after:
            lines.append(f"Med planens {format_number(weeks_after, 1)} uger på ydelse efter tilgang betaler "
                         f"indsatsen sig ikke tilbage inden {be.last_year}; det kræver højst "
                         f"{format_number(limit, 1)} uger. Udvalget bør tage stilling til, om det er "
                         f"realistisk, før indsatsen sættes i gang.")
        else:
            lines.append(f"Stopkriterium: Hvis den gennemsnitlige varighed på ydelse efter tilgang er over "
                         f"{format_number(limit, 1)} uger (planen er {format_number(weeks_after, 1)} uger), "
                         f"betaler indsatsen sig ikke tilbage inden {be.last_year}, og det indstilles at "
                         f"lukke den.")
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
