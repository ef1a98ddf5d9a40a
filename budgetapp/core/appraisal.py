"""Appraisal of a business case: what it costs and saves the municipality, year by year.

The method (``docs/method.md``): a cohort enters every year. Each segment of the cohort has a
baseline path and an intervention path on benefit; the municipal cost of a path is the weekly
benefit times the municipality's share of each week along it (see :mod:`budgetapp.core.paths`).
A year's effect is scaled by its phase-in factor, by (1 − deadweight) and by persistence, and
counted in the cohort's entry year. Costs are fixed amounts or amounts per full-year participant,
each with its refusion; pool funding is subtracted.

The engine works on arrays with a leading *draws* axis so that many parameter draws (and, by
stacking, many cases) are evaluated in one pass; a single appraisal is the case with one draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from budgetapp.core.case import STYRINGSOMRAADER, BusinessCase, amount_for_year, phase_in_for_year
from budgetapp.core.paths import municipal_weeks
from budgetapp.core.rules import (
    ShareSchedule,
    load_rules,
    municipal_share_schedule,
    operating_refusion_rate,
)

RESULT_SERIES = (
    "gross_cost", "cost_refusion", "pool_funding", "net_cost", "saved_weeks",
    "gross_saving", "municipal_saving", "net_result", "cumulative_net_result",
)


@dataclass
class CaseArrays:
    """The numeric inputs of a case as arrays. D = draws, S = segments, Y = years, C = costs.

    Every array has the draws axis first (length D or 1, broadcast).
    """

    years: np.ndarray                  # (Y,) calendar years
    share: np.ndarray                  # (D, S)
    weeks_before: np.ndarray           # (D, S)
    weeks_after: np.ndarray            # (D, S)
    weeks_in_effort: np.ndarray        # (D, S)
    active_weeks_before: np.ndarray    # (D, S)
    prior_weeks: np.ndarray            # (D, 1)
    inflow: np.ndarray                 # (D, Y) entrants per year
    benefit: np.ndarray                # (D, 1) kr. per full-year person
    weeks_per_year: np.ndarray         # (D, 1)
    phase_in: np.ndarray               # (D, Y)
    deadweight: np.ndarray             # (D, 1)
    persistence: np.ndarray            # (D, 1)
    fixed_costs: np.ndarray            # (D, C, Y) kr.
    participant_costs: np.ndarray      # (D, C) kr. per full-year participant
    cost_refusion_rate: np.ndarray     # (C, Y)
    pool_funding: np.ndarray           # (D, Y) kr.
    discount_rate: np.ndarray          # (D, 1)
    schedules: list[ShareSchedule]     # one per year: the municipal share of a benefit week
    rule_outside_validity: list[bool]  # per year: the rule was applied outside its dates
    cost_area: np.ndarray | None = None     # (C,) index into STYRINGSOMRAADER; None = all service
    pool_area_share: np.ndarray | None = None  # (A, Y) share of pool income per area; None = service

    @classmethod
    def from_case(cls, case: BusinessCase) -> CaseArrays:
        n_years = case.years
        years = np.array(case.year_labels)
        rules = load_rules()
        rule = rules[case.benefit_refusion.rule]
        schedules: list[ShareSchedule] = []
        outside: list[bool] = []
        cache: dict[int, ShareSchedule] = {}
        for year in case.year_labels:
            version, in_force = rule.version_for_year(year)
            key = id(version)
            if key not in cache:
                cache[key] = municipal_share_schedule(rule, version, case.benefit_refusion.rate)
            schedules.append(cache[key])
            outside.append(not in_force)

        def seg(attr: str) -> np.ndarray:
            return np.array([[getattr(s, attr) for s in case.segments]], dtype=float)

        def per_year(amount) -> np.ndarray:
            return np.array([amount_for_year(amount, i) for i in range(n_years)], dtype=float)

        fixed = np.zeros((1, len(case.costs), n_years))
        participant = np.zeros((1, len(case.costs)))
        refusion = np.zeros((len(case.costs), n_years))
        for c, line in enumerate(case.costs):
            if line.kind == "fixed":
                fixed[0, c] = per_year(line.amount_per_year)
            else:
                participant[0, c] = line.amount_per_full_year_participant
            if line.refusion_rule:
                op_rule = rules[line.refusion_rule]
                refusion[c] = [operating_refusion_rate(op_rule, y) for y in case.year_labels]
            else:
                refusion[c] = line.refusion_rate
        pools = np.zeros((1, n_years))
        pools_by_area = np.zeros((len(STYRINGSOMRAADER), n_years))
        for pool in case.pool_funding:
            income = per_year(pool.amount_per_year)
            pools[0] += income
            pools_by_area[STYRINGSOMRAADER.index(pool.styringsomraade)] += income
        with np.errstate(divide="ignore", invalid="ignore"):
            pool_share = np.where(pools[0] != 0, pools_by_area / np.where(pools[0] != 0, pools[0], 1), 0.0)
        pool_share[0, pools[0] == 0] = 1.0

        return cls(
            years=years,
            share=seg("share"),
            weeks_before=seg("weeks_before"),
            weeks_after=seg("weeks_after"),
            weeks_in_effort=seg("weeks_in_effort"),
            active_weeks_before=seg("active_weeks_before"),
            prior_weeks=np.array([[case.prior_weeks]]),
            inflow=per_year(case.inflow_per_year)[None, :],
            benefit=np.array([[case.benefit_per_full_year_person]]),
            weeks_per_year=np.array([[case.weeks_per_year]]),
            phase_in=np.array([[phase_in_for_year(case.effect_phase_in, i)
                                for i in range(n_years)]]),
            deadweight=np.array([[case.deadweight]]),
            persistence=np.array([[case.persistence]]),
            fixed_costs=fixed,
            participant_costs=participant,
            cost_refusion_rate=refusion,
            pool_funding=pools,
            discount_rate=np.array([[case.discount_rate]]),
            schedules=schedules,
            rule_outside_validity=outside,
            cost_area=np.array([STYRINGSOMRAADER.index(c.styringsomraade) for c in case.costs], dtype=int),
            pool_area_share=pool_share,
        )


def evaluate(a: CaseArrays) -> dict[str, np.ndarray]:
    """All result series, each of shape (D, Y), plus per-draw summaries.

    Keys: the :data:`RESULT_SERIES`, ``refusion_forgone``, ``full_year_persons_in_effort``
    (D, Y), ``npv`` (D,), ``payback_index`` (D,; −1 when it never pays back) and
    ``break_even_effect_share`` (D,; NaN when the municipal saving is not positive).
    """
    n_years = len(a.years)
    weekly_benefit = a.benefit / a.weeks_per_year                       # (D, 1)
    saved_weeks_per_entrant = (a.share * (a.weeks_before - a.weeks_after)).sum(axis=1)

    # Municipal week-equivalents saved per entrant, per year (the rule may change by year).
    draws = max(arr.shape[0] for arr in (
        a.share, a.weeks_before, a.weeks_after, a.weeks_in_effort, a.active_weeks_before,
        a.prior_weeks, a.inflow, a.benefit, a.weeks_per_year, a.phase_in, a.deadweight,
        a.persistence, a.fixed_costs, a.participant_costs, a.pool_funding, a.discount_rate))
    saved_municipal = np.empty((draws, n_years))
    done: dict[int, np.ndarray] = {}
    for y, schedule in enumerate(a.schedules):
        key = id(schedule)
        if key not in done:
            before = municipal_weeks(schedule, a.prior_weeks, a.weeks_before,
                                     a.active_weeks_before)
            after = municipal_weeks(schedule, a.prior_weeks, a.weeks_after, a.weeks_in_effort)
            done[key] = np.broadcast_to((a.share * (before - after)).sum(axis=1), (draws,))
        saved_municipal[:, y] = done[key]

    effect = a.phase_in * (1.0 - a.deadweight) * a.persistence        # (D, Y)
    saved_weeks = a.inflow * saved_weeks_per_entrant[:, None] * effect
    gross_saving = saved_weeks * weekly_benefit
    municipal_saving = a.inflow * saved_municipal * weekly_benefit * effect

    full_year_persons = (a.inflow * (a.share * a.weeks_in_effort).sum(axis=1)[:, None]
                         / a.weeks_per_year)                             # (D, Y)
    line_cost = a.fixed_costs + a.participant_costs[:, :, None] * full_year_persons[:, None, :]
    gross_cost = line_cost.sum(axis=1)
    cost_refusion = (line_cost * a.cost_refusion_rate[None, :, :]).sum(axis=1)
    net_cost = gross_cost - cost_refusion - a.pool_funding
    net_result = municipal_saving - net_cost
    cumulative = np.cumsum(net_result, axis=1)

    discount = (1.0 + a.discount_rate) ** -np.arange(n_years)[None, :]
    npv = (net_result * discount).sum(axis=1)
    paid_back = cumulative >= 0
    payback_index = np.where(paid_back.any(axis=1), paid_back.argmax(axis=1), -1)
    total_saving = municipal_saving.sum(axis=1)
    total_net_cost = net_cost.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        break_even = np.where(total_saving > 0, total_net_cost / total_saving, np.nan)

    shape = (draws, n_years)
    by_area = _by_styringsomraade(a, line_cost, municipal_saving, shape)
    return {
        **by_area,
        "gross_cost": np.broadcast_to(gross_cost, shape),
        "cost_refusion": np.broadcast_to(cost_refusion, shape),
        "pool_funding": np.broadcast_to(a.pool_funding, shape),
        "net_cost": np.broadcast_to(net_cost, shape),
        "saved_weeks": np.broadcast_to(saved_weeks, shape),
        "gross_saving": np.broadcast_to(gross_saving, shape),
        "municipal_saving": np.broadcast_to(municipal_saving, shape),
        "refusion_forgone": np.broadcast_to(gross_saving - municipal_saving, shape),
        "net_result": np.broadcast_to(net_result, shape),
        "cumulative_net_result": np.broadcast_to(cumulative, shape),
        "full_year_persons_in_effort": np.broadcast_to(full_year_persons, shape),
        "npv": np.broadcast_to(npv, (draws,)),
        "payback_index": np.broadcast_to(payback_index, (draws,)),
        "break_even_effect_share": np.broadcast_to(break_even, (draws,)),
    }


def _by_styringsomraade(a: CaseArrays, line_cost: np.ndarray, municipal_saving: np.ndarray,
                        shape: tuple[int, int]) -> dict[str, np.ndarray]:
    """The change in the municipality's net expense per styringsområde, each (D, Y), kr.

    Positive = more expense. Each cost line net of its refusion goes to its own area, pool
    income is subtracted from the pool's area, and the municipal benefit saving is subtracted
    from overførsler; the three series sum to −net_result.
    """
    n_areas = len(STYRINGSOMRAADER)
    cost_area = a.cost_area if a.cost_area is not None else np.zeros(line_cost.shape[1], dtype=int)
    pool_share = a.pool_area_share
    if pool_share is None:
        pool_share = np.zeros((n_areas, shape[1]))
        pool_share[0] = 1.0
    net_line = line_cost * (1.0 - a.cost_refusion_rate[None, :, :])      # (D, C, Y)
    out: dict[str, np.ndarray] = {}
    for k, area in enumerate(STYRINGSOMRAADER):
        mask = cost_area == k
        series = net_line[:, mask, :].sum(axis=1) - a.pool_funding * pool_share[k][None, :]
        if area == "overførsler":
            series = series - municipal_saving
        out[f"by_styringsomraade:{area}"] = np.broadcast_to(series, shape)
    return out


@dataclass
class Appraisal:
    """The appraisal of one case: one value per year for every series, and the summaries."""

    case: BusinessCase
    years: list[int]
    series: dict[str, list[float]]
    full_year_persons_in_effort_per_year: list[float]
    npv: float
    payback_year: int | None
    break_even_effect_share: float | None
    warnings: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> list[float]:
        series = self.__dict__.get("series", {})
        if name in series:
            return series[name]
        raise AttributeError(name)

    @property
    def full_year_persons_in_effort(self) -> float:
        """Full-year persons in the effort in an average year of the horizon."""
        values = self.full_year_persons_in_effort_per_year
        return sum(values) / len(values)

    @property
    def payback_years(self) -> int | None:
        """Payback in years counted from the start (1 = within the first year)."""
        return None if self.payback_year is None else self.payback_year - self.years[0] + 1

    def to_json_dict(self) -> dict:
        data: dict = {"name": self.case.name, "years": self.years}
        for key in RESULT_SERIES:
            data[key] = self.series[key]
        data["refusion_forgone"] = self.series["refusion_forgone"]
        data["npv"] = self.npv
        data["discount_rate"] = self.case.discount_rate
        data["payback_year"] = self.payback_year
        data["full_year_persons_in_effort"] = self.full_year_persons_in_effort
        data["full_year_persons_in_effort_per_year"] = self.full_year_persons_in_effort_per_year
        data["break_even_effect_share"] = self.break_even_effect_share
        data["benefit_refusion_rule"] = self.case.benefit_refusion.rule
        data["by_styringsomraade"] = self.by_styringsomraade
        data["warnings"] = self.warnings
        return data

    @property
    def by_styringsomraade(self) -> dict[str, list[float]]:
        """Per styringsområde (service, overførsler, anlæg): the change in the municipality's net
        expense per year in kr., positive = more expense; the three sum to −``net_result``."""
        return {area: self.series[f"by_styringsomraade:{area}"] for area in STYRINGSOMRAADER}


def appraise(case: BusinessCase) -> Appraisal:
    arrays = CaseArrays.from_case(case)
    out = evaluate(arrays)
    years = case.year_labels
    series = {key: [float(v) for v in out[key][0]]
              for key in (*RESULT_SERIES, "refusion_forgone",
                          *(f"by_styringsomraade:{area}" for area in STYRINGSOMRAADER))}
    index = int(out["payback_index"][0])
    break_even = float(out["break_even_effect_share"][0])
    warnings = []
    outside = [y for y, flag in zip(years, arrays.rule_outside_validity, strict=True) if flag]
    if outside:
        rule = load_rules()[case.benefit_refusion.rule]
        warnings.append(
            f"Reglen '{rule.name}' er anvendt i år uden for dens gyldighedsperiode: "
            f"{', '.join(str(y) for y in outside)} (sammenligningsberegning)."
        )
    return Appraisal(
        case=case,
        years=years,
        series=series,
        full_year_persons_in_effort_per_year=[
            float(v) for v in out["full_year_persons_in_effort"][0]],
        npv=float(out["npv"][0]),
        payback_year=None if index < 0 else years[index],
        break_even_effect_share=break_even if np.isfinite(break_even) else None,
        warnings=warnings,
    )
