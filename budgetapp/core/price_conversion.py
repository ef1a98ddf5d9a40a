"""Price-level conversion of a business case with one index per styringsområde.

A case's amounts are converted from its own price level to the project's, each with the index of
the line it belongs to (:class:`budgetapp.core.price_index.IndexSet`):

- the benefit per full-year person (the saving) with the transfer index (satsreguleringsprocenten),
  because a benefit saving lands on overførsler;
- each cost line and each pool-funding line with the index of its own styringsomraade (service:
  KL's pris- og lønskøn; overførsler: satsreguleringsprocenten; anlæg: the service index).

Every result of the appraisal is linear in these amounts, so the appraisal of the converted case
is the original's result with each part converted by its own index: the municipal saving by the
transfer factor, each cost line net of refusion by its area's factor. Uncertainty estimates and
scenario values of kroner inputs are converted with the same factor as the input they change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.price_index import IndexSet

AreaFactors = Mapping[str, float]  # styringsområde → factor

_COST = re.compile(r"^costs\[(\d+)\]\.(amount_per_year|amount_per_full_year_participant)(\[\d+\])?$")
_POOL = re.compile(r"^pool_funding\[(\d+)\]\.amount_per_year(\[\d+\])?$")
_BENEFIT = re.compile(r"^(effects\[\d+\]\.)?benefit_per_full_year_person$")
TOTAL_COST_PATH = "total_cost_per_year"


def area_factors(indices: IndexSet, from_year: int, to_year: int) -> dict[str, float]:
    """The factor per styringsområde converting ``from_year`` p/l to ``to_year`` p/l.

    Raises :class:`budgetapp.core.price_index.PriceIndexError` (Danish) when an index lacks a year.
    """
    return {area: indices.factor(from_year, to_year, area) for area in STYRINGSOMRAADER}


def uniform_factors(factor: float) -> dict[str, float]:
    """The same factor for every styringsområde (one index for everything)."""
    return dict.fromkeys(STYRINGSOMRAADER, factor)


def _scale(value: Any, factor: float) -> Any:
    if isinstance(value, list):
        return [_scale(v, factor) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value * factor
    return value


def _total_cost_factor(case: BusinessCase, factors: AreaFactors) -> float:
    """The factor of the case's gross cost as a whole: each line's gross cost over the horizon
    weighted by its own area's factor (the lines' areas may differ)."""
    areas = {line.styringsomraade for line in case.costs}
    if len(areas) <= 1:
        return factors[next(iter(areas), "service")]
    from budgetapp.core.appraisal import appraise

    total = converted = 0.0
    for line in case.costs:
        gross = sum(appraise(replace(case, costs=(line,), pool_funding=())).gross_cost)
        total += gross
        converted += gross * factors[line.styringsomraade]
    return converted / total if total else factors["service"]


def path_factor(case: BusinessCase, path: str, factors: AreaFactors) -> float | None:
    """The factor of the kroner input at ``path`` (a case-file field path), or None when the input
    is not an amount in kroner (a share, a number of weeks or persons)."""
    if _BENEFIT.match(path):
        return factors["overførsler"]
    if path == TOTAL_COST_PATH:
        return _total_cost_factor(case, factors)
    match = _COST.match(path)
    if match:
        i = int(match.group(1))
        return factors[case.costs[i].styringsomraade] if i < len(case.costs) else None
    match = _POOL.match(path)
    if match:
        i = int(match.group(1))
        return factors[case.pool_funding[i].styringsomraade] if i < len(case.pool_funding) else None
    return None


def convert_case(case: BusinessCase, factors: AreaFactors) -> BusinessCase:
    """The case with every kroner amount converted by the factor of its styringsområde.

    ``factors`` maps each of service / overførsler / anlæg to a factor (see :func:`area_factors`).
    The benefit per full-year person uses the overførsler factor; cost and pool-funding lines
    their own area's; uncertainty estimates and scenario values of these inputs follow them.
    """
    if all(factors[a] == 1.0 for a in STYRINGSOMRAADER):
        return case

    def scale(amount, factor: float):
        return [a * factor for a in amount] if isinstance(amount, list) else amount * factor

    def factor_of(path: str) -> float:
        found = path_factor(case, path, factors)
        return 1.0 if found is None else found

    estimates = tuple(replace(e, min=e.min * f, most_likely=e.most_likely * f, max=e.max * f)
                      if (f := factor_of(e.path)) != 1.0 else e for e in case.uncertainty)
    scenarios = tuple(replace(s, overrides={k: _scale(v, factor_of(k)) for k, v in s.overrides.items()})
                      for s in case.scenarios)
    costs = tuple(replace(c, amount_per_year=scale(c.amount_per_year, factors[c.styringsomraade]),
                          amount_per_full_year_participant=c.amount_per_full_year_participant
                          * factors[c.styringsomraade])
                  for c in case.costs)
    pools = tuple(replace(p, amount_per_year=scale(p.amount_per_year, factors[p.styringsomraade]),
                          cap_per_year=None if p.cap_per_year is None
                          else scale(p.cap_per_year, factors[p.styringsomraade]))
                  for p in case.pool_funding)
    effects = tuple(replace(e, benefit_per_full_year_person=e.benefit_per_full_year_person
                            * factors["overførsler"]) for e in case.effects)
    return replace(case, effects=effects, costs=costs, pool_funding=pools, uncertainty=estimates,
                   scenarios=scenarios)
