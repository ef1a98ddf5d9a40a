"""The multi-year projection: base budget + the chosen business cases → net expense per year.

Every amount is converted to the project's price level with the index of its own line
(:attr:`budgetapp.core.project.Project.indices`): benefit and its refusion (overførsler) with the
satsreguleringsprocent, HK5 measures, HK6 operation and pools (service) with KL's pris- og
lønskøn, each budget line by its own styringsområde. A case is converted the same way before it is
appraised (:func:`budgetapp.core.price_conversion.convert_case`): its benefit saving with the
transfer index, each cost and pool-funding line with the index of its area. The base
budget gives gross expense, refusion and net expense per target group and year
(:func:`budgetapp.core.budget.budget_figures`); job-centre operation (HK6) and measures not
distributed on target groups (HK5, :func:`budgetapp.core.budget.line_class`) are lines of their
own; pools
that do not fund a business case are a line of their own (expense + application and
administration cost − grant income). A pool that funds a case sends its income into the case's
pool funding, and only its application and administration cost stays on the pool line.

Each switched-on case changes the net expense of its ``budget_group`` by minus its net result
(municipal saving − net cost) in the years it covers. Appraisals are cached per case input, so
switching a case on or off only re-adds numbers (:class:`ProjectionEngine`).

Styringsområde (the spending areas a municipal budget is steered by: service under the
serviceramme, overførsler, anlæg): every amount is also split into service,
overførsler and anlæg. The base budget's figures carry their own area (benefit and its refusion
are overførsler, HK5 measures and HK6 operation service unless the line says otherwise); the pool
line outside the cases is service; each case's effect per area is the appraisal's
``by_styringsomraade`` (cost lines net of refusion on their own area, pool income on the pool's
area, the municipal benefit saving on overførsler). Per area and year: projected net = base net +
the switched-on cases' effects, and the three areas sum to :meth:`Projection.total_projected_net`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.budget import (
    LINE_LABELS,
    OPERATION_KEY,
    STYRINGSOMRAADER,
    UNASSIGNED_MEASURES_KEY,
    budget_figures,
)
from budgetapp.core.case import BusinessCase
from budgetapp.core.pools import apply_pool_funding
from budgetapp.core.price_conversion import area_factors, convert_case
from budgetapp.core.project import Project

__all__ = ["OPERATION_KEY", "POOLS_KEY", "UNASSIGNED_CASES_KEY", "UNASSIGNED_MEASURES_KEY",
           "CaseEffect", "LineProjection", "Projection", "ProjectionEngine", "project_projection",
           "projection_json"]

POOLS_KEY = "puljer"
UNASSIGNED_CASES_KEY = "business_cases_uden_maalgruppe"
CASE_SERIES = ("gross_cost", "cost_refusion", "pool_funding", "net_cost", "gross_saving",
               "municipal_saving", "net_result")


@dataclass
class LineProjection:
    """One line of the projection (a target group, operation or pools), per year, in kroner.

    ``net`` = gross − refusion − pool income; ``case_effect`` is the sum of the switched-on
    cases' net results booked to this line (a saving is positive); ``projected_net`` = net −
    case effect.
    """

    key: str
    label: str
    gross: dict[int, float] = field(default_factory=dict)
    refusion: dict[int, float] = field(default_factory=dict)
    pool_income: dict[int, float] = field(default_factory=dict)
    by_area: dict[str, dict[int, float]] = field(default_factory=dict)  # area → net per year
    case_effect: dict[int, float] = field(default_factory=dict)
    area_net: dict[str, dict[int, float]] = field(default_factory=dict)  # styringsområde → net per year

    def net(self, year: int) -> float:
        return (self.gross.get(year, 0.0) - self.refusion.get(year, 0.0)
                - self.pool_income.get(year, 0.0))

    def projected_net(self, year: int) -> float:
        return self.net(year) - self.case_effect.get(year, 0.0)


@dataclass(frozen=True)
class CaseEffect:
    """A case's results mapped onto the projection's years, at the project's price level."""

    name: str
    enabled: bool
    budget_group: str | None
    series: dict[str, dict[int, float]]   # CASE_SERIES key → year → kr.
    warnings: tuple[str, ...] = ()
    # styringsområde → year → change in net expense, kr. (positive = more expense); sums to −net_result
    by_area: dict[str, dict[int, float]] = field(default_factory=dict)
    payback_years: int | None = None

    def saving(self, year: int) -> float:
        """The case's net saving for the municipality in ``year`` (municipal saving − net cost)."""
        return self.series["net_result"].get(year, 0.0)


@dataclass
class Projection:
    years: list[int]
    price_level_year: int
    lines: list[LineProjection]
    cases: list[CaseEffect]
    scenario: str | None = None
    warnings: list[str] = field(default_factory=list)

    # --- per styringsområde (kr., positive = expense, revenue negative) ----------------------

    def base_by_area(self, area: str, year: int) -> float:
        """The base budget's net expense in ``area`` (service / overførsler / anlæg) in ``year``."""
        return sum(line.area_net.get(area, {}).get(year, 0.0) for line in self.lines)

    def case_by_area(self, name: str, area: str, year: int) -> float:
        """The change a case makes to the net expense in ``area`` in ``year`` (0 when switched off
        or outside the projection's years)."""
        for case in self.cases:
            if case.name == name:
                if not case.enabled or year not in self.years:
                    return 0.0
                return case.by_area.get(area, {}).get(year, 0.0)
        raise KeyError(name)

    def cases_by_area(self, area: str, year: int) -> float:
        """The switched-on cases' combined change in ``area`` in ``year``."""
        return sum(self.case_by_area(c.name, area, year) for c in self.cases if c.enabled)

    def projected_by_area(self, area: str, year: int) -> float:
        return self.base_by_area(area, year) + self.cases_by_area(area, year)

    def line(self, key: str) -> LineProjection:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def total_gross(self, year: int) -> float:
        return sum(line.gross.get(year, 0.0) for line in self.lines)

    def total_refusion(self, year: int) -> float:
        return sum(line.refusion.get(year, 0.0) for line in self.lines)

    def total_pool_income(self, year: int) -> float:
        return sum(line.pool_income.get(year, 0.0) for line in self.lines)

    def total_net(self, year: int) -> float:
        return sum(line.net(year) for line in self.lines)

    def total_case_effect(self, year: int) -> float:
        return sum(line.case_effect.get(year, 0.0) for line in self.lines)

    def total_projected_net(self, year: int) -> float:
        return self.total_net(year) - self.total_case_effect(year)

    def to_json_dict(self) -> dict:
        """The projection for scripts: amounts in kroner at ``price_level_year`` p/l."""
        def per_year(fn) -> dict[str, float]:
            return {str(y): fn(y) for y in self.years}

        lines = []
        for line in self.lines:
            lines.append({
                "key": line.key,
                "label": line.label,
                "gross": per_year(lambda y, ln=line: ln.gross.get(y, 0.0)),
                "refusion": per_year(lambda y, ln=line: ln.refusion.get(y, 0.0)),
                "pool_income": per_year(lambda y, ln=line: ln.pool_income.get(y, 0.0)),
                "net": per_year(line.net),
                "net_by_area": {area: per_year(lambda y, v=values: v.get(y, 0.0))
                                for area, values in line.by_area.items()},
                "net_by_styringsomraade": {area: per_year(lambda y, a=area, ln=line:
                                                          ln.area_net.get(a, {}).get(y, 0.0))
                                           for area in STYRINGSOMRAADER},
                "case_effect": per_year(lambda y, ln=line: ln.case_effect.get(y, 0.0)),
                "projected_net": per_year(line.projected_net),
            })
        return {
            "schema": "budgetapp.projection/1",
            "price_level_year": self.price_level_year,
            "unit": "kr.",
            "years": self.years,
            "scenario": self.scenario,
            "lines": lines,
            "totals": {
                "gross": per_year(self.total_gross),
                "refusion": per_year(self.total_refusion),
                "pool_income": per_year(self.total_pool_income),
                "net": per_year(self.total_net),
                "case_effect": per_year(self.total_case_effect),
                "projected_net": per_year(self.total_projected_net),
            },
            "cases": [{
                "name": c.name,
                "enabled": c.enabled,
                "budget_group": c.budget_group,
                **{key: per_year(lambda y, s=c.series[key]: s.get(y, 0.0)) for key in CASE_SERIES},
                "saving": per_year(c.saving),
                "by_styringsomraade": {area: per_year(lambda y, a=area, c=c: c.by_area.get(a, {}).get(y, 0.0))
                                       for area in STYRINGSOMRAADER},
                "payback_years": c.payback_years,
                "warnings": list(c.warnings),
            } for c in self.cases],
            "by_styringsomraade": self.by_area_json(),
            "warnings": self.warnings,
        }

    def by_area_json(self) -> dict:
        """Per styringsområde and year: base budget, each switched-on case, the cases together and
        the projection; ``total`` sums the areas. Kr., positive = expense, revenue negative."""
        def per_year(fn) -> dict[str, float]:
            return {str(y): fn(y) for y in self.years}

        areas = {}
        for area in STYRINGSOMRAADER:
            areas[area] = {
                "base": per_year(lambda y, a=area: self.base_by_area(a, y)),
                "cases": {c.name: per_year(lambda y, a=area, n=c.name: self.case_by_area(n, a, y))
                          for c in self.cases if c.enabled},
                "cases_total": per_year(lambda y, a=area: self.cases_by_area(a, y)),
                "projected": per_year(lambda y, a=area: self.projected_by_area(a, y)),
            }
        areas["total"] = {
            "base": per_year(lambda y: sum(self.base_by_area(a, y) for a in STYRINGSOMRAADER)),
            "cases_total": per_year(lambda y: sum(self.cases_by_area(a, y) for a in STYRINGSOMRAADER)),
            "projected": per_year(lambda y: sum(self.projected_by_area(a, y) for a in STYRINGSOMRAADER)),
        }
        return areas


class ProjectionEngine:
    """Computes a project's projection; appraisals are cached so toggling cases is instant.

    The engine reads the project when :meth:`result` is called, so edits to the project are
    picked up; an edited case has new inputs and is appraised again, an unchanged one is not.
    """

    def __init__(self, project: Project):
        self.project = project
        self._appraisals: dict[str, Appraisal] = {}

    def _appraise(self, case: BusinessCase) -> Appraisal:
        key = case.to_json()
        found = self._appraisals.get(key)
        if found is None:
            found = appraise(case)
            self._appraisals[key] = found
        return found

    def effective_case(self, name: str, scenario: str | None = None) -> BusinessCase:
        """The case with the scenario's overrides and its pool funding filled from the pools."""
        p = self.project
        entry = p.case(name)
        case = p.case_in_scenario(name, scenario)
        case_level = entry.price_level_year or p.price_level_year
        factors = {pool.id: p.price_index.factor(pool.price_level_year or p.price_level_year, case_level)
                   for pool in p.pools}
        return apply_pool_funding(case, p.pools, factors)

    def converted_case(self, name: str, scenario: str | None = None) -> BusinessCase:
        """The effective case (:meth:`effective_case`) at the project's price level: its benefit
        converted with the transfer index, each cost and pool-funding line with the index of its
        styringsområde (:func:`budgetapp.core.price_conversion.convert_case`).

        Raises :class:`budgetapp.core.price_index.PriceIndexError` (Danish) when an index lacks
        the case's or the project's price-level year.
        """
        p = self.project
        entry = p.case(name)
        factors = area_factors(p.indices, entry.price_level_year or p.price_level_year, p.price_level_year)
        return convert_case(self.effective_case(name, scenario), factors)

    def case_effect(self, name: str, scenario: str | None = None,
                    enabled: bool | None = None) -> CaseEffect:
        p = self.project
        entry = p.case(name)
        appraisal = self._appraise(self.converted_case(name, scenario))
        series = {key: {y: appraisal.series[key][i] for i, y in enumerate(appraisal.years)}
                  for key in CASE_SERIES}
        by_area = {area: {y: values[i] for i, y in enumerate(appraisal.years)}
                   for area, values in appraisal.by_styringsomraade.items()}
        return CaseEffect(entry.name, entry.enabled if enabled is None else enabled, entry.budget_group,
                          series, tuple(appraisal.warnings), by_area, appraisal.payback_years)

    def _base_lines(self) -> list[LineProjection]:
        p = self.project
        factors = area_factors(p.indices, p.budget.price_level_year, p.price_level_year)
        lines: dict[str, LineProjection] = {}
        for key in p.budget.target_groups:
            lines[key] = LineProjection(key, p.budget.group_names.get(key, key))
        for fig in budget_figures(p.budget):
            key = fig.target_group
            line = lines.setdefault(key, LineProjection(key, LINE_LABELS.get(key, key)))
            factor = factors[fig.styringsomraade or "service"]
            line.gross[fig.year] = line.gross.get(fig.year, 0.0) + fig.gross * factor
            line.refusion[fig.year] = line.refusion.get(fig.year, 0.0) + fig.refusion * factor
            area = line.by_area.setdefault(fig.area, {})
            area[fig.year] = area.get(fig.year, 0.0) + fig.net * factor
            steering = line.area_net.setdefault(fig.styringsomraade or "service", {})
            steering[fig.year] = steering.get(fig.year, 0.0) + fig.net * factor
        if p.pools:
            pools = LineProjection(POOLS_KEY, "Puljer (udenfor business cases)")
            for pool in p.pools:
                pf = p.price_index.factor(pool.price_level_year or p.price_level_year, p.price_level_year)
                funds_case = bool(p.cases_funded_by(pool.id))
                for entry in pool.years:
                    overhead = entry.application_cost + entry.administration_cost
                    gross = overhead if funds_case else entry.expense + overhead
                    income = 0.0 if funds_case else entry.income
                    pools.gross[entry.year] = pools.gross.get(entry.year, 0.0) + gross * pf
                    pools.pool_income[entry.year] = pools.pool_income.get(entry.year, 0.0) + income * pf
                    service = pools.area_net.setdefault("service", {})
                    service[entry.year] = service.get(entry.year, 0.0) + (gross - income) * pf
            lines[POOLS_KEY] = pools
        # HK5 not distributed on target groups comes right after the groups' own HK5, before HK6
        order = {UNASSIGNED_MEASURES_KEY: 0, OPERATION_KEY: 1, POOLS_KEY: 2}
        return sorted(lines.values(), key=lambda ln: order.get(ln.key, -1))

    def result(self, enabled: Iterable[str] | None = None, scenario: str | None = None) -> Projection:
        """The projection with the cases named in ``enabled`` switched on (None: the project's flags)."""
        p = self.project
        on = set(p.enabled_case_names if enabled is None else enabled)
        lines = self._base_lines()
        years = sorted(set(p.years))
        by_key = {line.key: line for line in lines}
        effects: list[CaseEffect] = []
        warnings: list[str] = []
        for entry in p.cases:
            effect = self.case_effect(entry.name, scenario, enabled=entry.name in on)
            effects.append(effect)
            if not effect.enabled:
                continue
            outside = [y for y in effect.series["net_result"] if y not in years]
            if outside:
                warnings.append(f"Business casen '{entry.name}' har år uden for projektets år "
                                f"({', '.join(str(y) for y in outside)}); de indgår ikke.")
            key = entry.budget_group if entry.budget_group in by_key else UNASSIGNED_CASES_KEY
            if key not in by_key:
                by_key[key] = LineProjection(key, "Business cases uden målgruppe i basisbudgettet")
                lines.append(by_key[key])
            line = by_key[key]
            for year, value in effect.series["net_result"].items():
                if year in years:
                    line.case_effect[year] = line.case_effect.get(year, 0.0) + value
        return Projection(years, p.price_level_year, lines, effects, scenario, warnings)


def project_projection(project: Project, scenario: str | None = None) -> Projection:
    """One-off projection with the project's own on/off flags."""
    return ProjectionEngine(project).result(scenario=scenario)


def projection_json(project: Project, scenario: str | None = None) -> str:
    return json.dumps(project_projection(project, scenario).to_json_dict(), ensure_ascii=False, indent=2)
