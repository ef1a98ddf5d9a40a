"""The base budget: benefit (forsørgelse), measures (HK5) and job-centre operation (HK6) by year.

For each target group and year the budget holds the full-year persons, the benefit per
full-year person, the financing rule and either the distribution of benefit weeks over the
staircase bands (weeks 1-4 / 5-26 / 27-52 / 53+) or an average refusion rate, and measures per
full-year person. Job-centre operation is kept as its own lines (it is not split by group and
has no refusion). See ``docs/method.md`` § Basisbudget and the domain brief § 5.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from budgetapp.core.budget_amounts import AmountLine, amount_line_issues
from budgetapp.core.case import Issue
from budgetapp.core.formatting import format_found
from budgetapp.core.rules import (
    MUNICIPAL_COFINANCING,
    load_rules,
    operating_refusion_rate,
    rule_ids,
)

STAIRCASE_BANDS = ("1-4", "5-26", "27-52", "53+")
STYRINGSOMRAADER = ("service", "overførsler", "anlæg")

# The base budget's own line keys besides the target groups: job-centre operation (HK6) and
# measures not distributed on target groups (HK5, e.g. function 5.68.90 "øvrige/ikke fordelt").
OPERATION_KEY = "jobcenterdrift"
UNASSIGNED_MEASURES_KEY = "indsats_ikke_fordelt"
LINE_LABELS = {OPERATION_KEY: "Jobcenterdrift (HK6)",
               UNASSIGNED_MEASURES_KEY: "Beskæftigelsesindsats, ikke fordelt på målgrupper (HK5)"}


@dataclass(frozen=True)
class GroupYear:
    """One target group in one year of the base budget.

    Amounts in kroner at the budget's price level. ``band_distribution`` is the share of the
    group's benefit weeks that fall in each staircase band (sums to 1); when it is None,
    ``average_refusion_rate`` is the state's share of the benefit instead.
    """

    target_group: str
    year: int
    full_year_persons: float
    benefit_per_full_year_person: float
    refusion_rule: str = "refusionstrappe-2016"
    band_distribution: tuple[float, float, float, float] | None = None
    average_refusion_rate: float | None = None
    measures_per_full_year_person: float = 0.0
    measures_refusion_rule: str | None = "driftsrefusion"
    measures_refusion_rate: float = 0.0
    benefit_function: str = ""
    measures_function: str = "5.68.90"
    source: str = ""
    benefit_styringsomraade: str = "overførsler"
    measures_styringsomraade: str = "service"


@dataclass(frozen=True)
class OperationLine:
    """An amount per year not tied to a target group, never refunded.

    Job-centre operation (HK6, function 6.45.xx) or measures not distributed on target groups
    (HK5, a function in hovedkonto 5 such as 5.68.90); :func:`line_class` tells them apart by
    the kontoplan function.
    """

    name: str
    year: int
    amount: float
    function: str = "6.45.53"
    styringsomraade: str = "service"
    source: str = ""


@dataclass(frozen=True)
class BaseBudget:
    municipality: str
    budget_year: int
    price_level_year: int
    groups: tuple[GroupYear, ...] = ()
    operation: tuple[OperationLine, ...] = ()
    group_names: dict[str, str] = field(default_factory=dict)
    last_accounts_year: int | None = None
    amount_lines: tuple[AmountLine, ...] = ()  # amounts without persons (budget_amounts.py)

    @property
    def years(self) -> list[int]:
        return sorted({g.year for g in self.groups} | {o.year for o in self.operation}
                      | {a.year for a in self.amount_lines})

    @property
    def target_groups(self) -> list[str]:
        seen: dict[str, None] = {}
        for g in self.groups:
            seen.setdefault(g.target_group, None)
        return list(seen)


@dataclass(frozen=True)
class BudgetFigures:
    """Gross expense, refusion and net expense of one group (or line) in one year, in kroner."""

    target_group: str
    year: int
    area: str  # "forsørgelse", "beskæftigelsesindsats" (HK5) or "jobcenterdrift" (HK6)
    gross: float
    refusion: float
    function: str = ""          # kontoplan function, e.g. 5.57.73
    styringsomraade: str = ""   # service / overførsler / anlæg
    name: str = ""              # the operation line's name (HK6)

    @property
    def net(self) -> float:
        return self.gross - self.refusion


def benefit_refusion_share(group: GroupYear) -> tuple[float, bool]:
    """The state's average share of the group's benefit, and whether the rule is co-financing.

    With a band distribution the share comes from the rule version in force on 1 January of
    the year; for a co-financing rule the returned value is the municipality's share instead.
    """
    rule = load_rules()[group.refusion_rule]
    cofinancing = rule.share == MUNICIPAL_COFINANCING
    if group.band_distribution is None:
        return float(group.average_refusion_rate or 0.0), cofinancing
    version, _ = rule.version_for_year(group.year)
    # Weight each staircase band by its share of the benefit weeks. A rule with fewer bands
    # (one band for the flat and activity rules) applies its bands by week position.
    band_starts = (1, 5, 27, 53)
    total = 0.0
    for start, weight in zip(band_starts, group.band_distribution, strict=True):
        band = next(b for b in version.bands
                    if b.first_week <= start and (b.last_week is None or start <= b.last_week))
        value = band.passive
        if isinstance(value, str):
            raise ValueError(f"Reglen {rule.id} kræver en sats: brug en gennemsnitlig refusionssats")
        total += weight * float(value)
    return total, cofinancing


def group_figures(group: GroupYear) -> list[BudgetFigures]:
    """Benefit and measures figures of one group-year."""
    benefit = group.full_year_persons * group.benefit_per_full_year_person
    share, cofinancing = benefit_refusion_share(group)
    if cofinancing:
        # The municipality books only its co-financing share of a benefit paid by others.
        benefit_fig = BudgetFigures(group.target_group, group.year, "forsørgelse",
                                    benefit * share, 0.0, group.benefit_function,
                                    group.benefit_styringsomraade)
    else:
        benefit_fig = BudgetFigures(group.target_group, group.year, "forsørgelse",
                                    benefit, benefit * share, group.benefit_function,
                                    group.benefit_styringsomraade)
    measures = group.full_year_persons * group.measures_per_full_year_person
    if group.measures_refusion_rule:
        rate = operating_refusion_rate(load_rules()[group.measures_refusion_rule], group.year)
    else:
        rate = group.measures_refusion_rate
    measures_fig = BudgetFigures(group.target_group, group.year, "beskæftigelsesindsats",
                                 measures, measures * rate, group.measures_function,
                                 group.measures_styringsomraade)
    return [benefit_fig, measures_fig]


def line_class(line: OperationLine) -> tuple[str, str]:
    """The projection line key and area of a line outside the target groups, from its function.

    The kontoplan's hovedkonto is the function's first digit (Indenrigs- og Boligministeriet:
    Budget- og regnskabssystem for kommuner, den autoriserede kontoplan: hovedkonto 5 Sociale
    opgaver og beskæftigelse m.v., hovedkonto 6 Fællesudgifter og administration m.v.). A line in hovedkonto 5
    is a measure (HK5, "beskæftigelsesindsats") not distributed on target groups; anything else
    (6.45.xx) is job-centre operation (HK6). Returns (:data:`UNASSIGNED_MEASURES_KEY`,
    ``"beskæftigelsesindsats"``) or (:data:`OPERATION_KEY`, ``"jobcenterdrift"``).
    """
    if line.function.strip().startswith("5."):
        return UNASSIGNED_MEASURES_KEY, "beskæftigelsesindsats"
    return OPERATION_KEY, "jobcenterdrift"


def budget_figures(budget: BaseBudget) -> list[BudgetFigures]:
    """Every figure of the base budget: per group and year, then the lines outside the groups
    (HK5 not distributed and HK6 operation, keyed as :func:`line_class` says) per year."""
    figures: list[BudgetFigures] = []
    for group in budget.groups:
        figures.extend(group_figures(group))
    for line in budget.operation:
        key, area = line_class(line)
        figures.append(BudgetFigures(key, line.year, area, line.amount, 0.0, line.function,
                                     line.styringsomraade, line.name))
    for amount in budget.amount_lines:  # given amounts, counted as given (status: persons missing)
        figures.append(BudgetFigures(amount.target_group, amount.year, amount.area, amount.gross,
                                     amount.refusion, amount.function, amount.styringsomraade))
    return figures


BAND_TOLERANCE = 1e-6


def _bad_number(value: float, low: float = 0.0, high: float | None = None) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return True
    return value < low or (high is not None and value > high)


def group_year_issues(group: GroupYear, where: str) -> list[Issue]:
    """Every problem in one group-year, with the field it concerns (Danish messages)."""
    issues: list[Issue] = []
    rules = load_rules()
    if not group.target_group.strip():
        issues.append(Issue(where + "target_group", "målgruppen mangler"))
    for name in ("full_year_persons", "benefit_per_full_year_person", "measures_per_full_year_person"):
        value = getattr(group, name)
        if _bad_number(value):
            issues.append(Issue(where + name, f"skal være et tal på mindst 0, fandt {format_found(value)}"))
    rule = rules.get(group.refusion_rule)
    if rule is None or rule.applies_to != "benefit":
        known = ", ".join(rule_ids("benefit"))
        issues.append(Issue(where + "refusion_rule",
                            f"ukendt refusionsregel {group.refusion_rule!r}; kendte: {known}"))
    if group.band_distribution is not None:
        if len(group.band_distribution) != len(STAIRCASE_BANDS):
            issues.append(Issue(where + "band_distribution",
                                f"skal have {len(STAIRCASE_BANDS)} andele (uge 1-4, 5-26, 27-52, 53+)"))
        elif any(_bad_number(v, 0.0, 1.0) for v in group.band_distribution):
            issues.append(Issue(where + "band_distribution", "hver andel skal ligge mellem 0 og 1"))
        elif abs(sum(group.band_distribution) - 1.0) > BAND_TOLERANCE:
            total = sum(group.band_distribution)
            shown = f"{total:.4f}".replace(".", ",")
            issues.append(Issue(where + "band_distribution",
                                f"andelene skal summe til 1 (100 %), summen er {shown}"))
        if rule is not None and rule.rate_from_case:
            issues.append(Issue(where + "band_distribution",
                                f"reglen {rule.id!r} har ingen satser pr. uge: angiv en gennemsnitlig "
                                f"refusionssats i stedet"))
    elif group.average_refusion_rate is None:
        issues.append(Issue(where + "average_refusion_rate",
                            "angiv enten fordelingen på refusionstrappens trin eller en gennemsnitlig sats"))
    elif _bad_number(group.average_refusion_rate, 0.0, 1.0):
        issues.append(Issue(where + "average_refusion_rate",
                            f"skal ligge mellem 0 og 1, fandt {format_found(group.average_refusion_rate)}"))
    if group.measures_refusion_rule is not None:
        op = rules.get(group.measures_refusion_rule)
        if op is None or op.applies_to != "operating_cost":
            issues.append(Issue(where + "measures_refusion_rule",
                                f"ukendt driftsregel {group.measures_refusion_rule!r}"))
    elif _bad_number(group.measures_refusion_rate, 0.0, 1.0):
        issues.append(Issue(where + "measures_refusion_rate", "skal ligge mellem 0 og 1"))
    for name in ("benefit_styringsomraade", "measures_styringsomraade"):
        if getattr(group, name) not in STYRINGSOMRAADER:
            issues.append(Issue(where + name, f"skal være en af {', '.join(STYRINGSOMRAADER)}"))
    return issues


def budget_issues(budget: BaseBudget) -> list[Issue]:
    """Every problem in the base budget; an empty list means it can be computed."""
    issues: list[Issue] = []
    seen: set[tuple[str, int]] = set()
    for group in budget.groups:
        where = f"budget[{group.target_group}, {group.year}]."
        key = (group.target_group, group.year)
        if key in seen:
            issues.append(Issue(where + "year", "målgruppen står to gange i samme år"))
        seen.add(key)
        issues.extend(group_year_issues(group, where))
    lines: set[tuple[str, int]] = set()
    for line in budget.operation:
        where = f"jobcenterdrift[{line.name}, {line.year}]."
        if (line.name, line.year) in lines:
            issues.append(Issue(where + "year", "linjen står to gange i samme år"))
        lines.add((line.name, line.year))
        if isinstance(line.amount, bool) or not isinstance(line.amount, int | float) \
                or not math.isfinite(line.amount):
            issues.append(Issue(where + "amount", f"skal være et tal, fandt {format_found(line.amount)}"))
        if line.styringsomraade not in STYRINGSOMRAADER:
            issues.append(Issue(where + "styringsomraade",
                                f"skal være en af {', '.join(STYRINGSOMRAADER)}"))
    for amount in budget.amount_lines:
        issues.extend(amount_line_issues(amount, f"beløb[{amount.target_group}, {amount.year}]."))
    return issues


def fill_persons(line: AmountLine, persons: float, refusion_rule: str = "refusionstrappe-2016"):
    """The GroupYear that replaces a benefit amount line once its full-year persons are known.

    Benefit per full-year person = gross / persons; average refusion rate = refusion / gross (both
    from the line's own amounts). Raises ValueError when persons is not above 0 or the line is not
    a benefit line.
    """
    if line.area != "forsørgelse":
        raise ValueError("kun en forsørgelseslinje kan få helårspersoner")
    if not (isinstance(persons, int | float) and math.isfinite(persons) and persons > 0):
        raise ValueError("helårspersoner skal være et tal over 0")
    rate = line.refusion / line.gross if line.gross else 0.0
    return GroupYear(
        target_group=line.target_group,
        year=line.year,
        full_year_persons=float(persons),
        benefit_per_full_year_person=line.gross / persons,
        refusion_rule=refusion_rule,
        average_refusion_rate=rate,
        benefit_function=line.function,
        source=line.source,
        benefit_styringsomraade=line.styringsomraade,
        measures_per_full_year_person=0.0,
        measures_refusion_rule=None,
        measures_refusion_rate=0.0,
    )
