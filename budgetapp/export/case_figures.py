"""Every figure a case sheet shows, computed by the app's own engine (no Qt, no Excel).

The case sheet writes each of its formulas together with the value computed here, so a viewer
that does not recalculate still shows the app's numbers. The results come from
:func:`budgetapp.core.appraisal.appraise`.

The timing of the benefit paths enters the sheet as computed values: for each flow effect,
the matrices of **per-entrant** week-equivalents that an entrant of entry year k saves in
calendar year j (saved benefit weeks, municipal week-equivalents after refusion or
co-financing, and full-year persons in the effort), and what falls after the horizon. The engine
is linear in the inflow, so these are evaluated in one pass with one "draw" per entry year whose
inflow is 1 in that year and 0 in the others, no phase-in, dead-weight or persistence, and a
weekly benefit of 1 kr. (:func:`budgetapp.core.appraisal.evaluate`). The sheet multiplies them
by the live inputs (inflow × phase-in × (1 − dead-weight) × persistence, benefit / weeks per
year), so in calendar time as in entry-year time

    municipal saving[j] = benefit / W × Σ_k inflow[k] × effect[k] × M[j, k].
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from budgetapp.core.appraisal import Appraisal, CaseArrays, appraise, band_municipal_share, evaluate
from budgetapp.core.case import BusinessCase, FlowEffect, StockEffect, amount_for_year
from budgetapp.core.rules import Rule, RuleVersion, ShareSchedule, load_rules


@dataclass
class ScheduleBlock:
    """One rule version of an effect's benefit rule and the case years it applies to."""

    rule: Rule
    version: RuleVersion
    schedule: ShareSchedule
    years: list[int]


@dataclass
class FlowFigures:
    """Per-entrant matrices of one flow effect: [j, k] = calendar year j, entry year k (0 for k > j)."""

    index: int  # in case.effects
    effect: FlowEffect
    inflow: np.ndarray  # (Y,)
    phase_in: np.ndarray  # (Y,)
    effect_factor: np.ndarray  # (Y,) phase-in × (1 − dead-weight) × persistence
    saved: np.ndarray  # (Y, Y) saved benefit weeks
    municipal: np.ndarray  # (Y, Y) municipal week-equivalents
    effort: np.ndarray  # (Y, Y) full-year persons in the effort
    tail_saved: np.ndarray  # (Y,) per entrant of entry year k, after the horizon
    tail_municipal: np.ndarray  # (Y,)
    blocks: list[ScheduleBlock] = field(default_factory=list)


@dataclass
class StockFigures:
    index: int
    effect: StockEffect
    fewer: np.ndarray  # (Y,)
    band_municipal: np.ndarray  # (4, Y) the municipality's share per band and year
    blocks: list[ScheduleBlock] = field(default_factory=list)


class ArraysView:
    """The case's arrays for the other sheets: those of :class:`CaseArrays`, with the first flow
    effect's ``inflow`` and ``phase_in`` as zeros and ones when the case has only stock effects."""

    def __init__(self, arrays: CaseArrays) -> None:
        self._arrays = arrays

    def __getattr__(self, name: str):
        arrays = self.__dict__["_arrays"]
        if not arrays.flows and name in ("inflow", "phase_in"):
            years = len(arrays.years)
            return np.zeros((1, years)) if name == "inflow" else np.ones((1, years))
        return getattr(arrays, name)


@dataclass
class CaseFigures:
    case: BusinessCase
    appraisal: Appraisal
    arrays: ArraysView
    flows: list[FlowFigures]
    stocks: list[StockFigures]
    blocks: list[ScheduleBlock]  # the first effect's rule versions (for citations)
    block_of_year: list[int]
    line_cost: np.ndarray  # (C, Y) kr. per cost line
    refusion_rate: np.ndarray  # (C, Y)
    pool_lines: np.ndarray  # (P, Y) kr. per pool funding line (rate pools: their income)
    full_year_persons: np.ndarray  # (Y,)

    @property
    def years(self) -> list[int]:
        return self.appraisal.years

    def series(self, key: str) -> np.ndarray:
        return np.array(self.appraisal.series[key])


def _blocks(
    case: BusinessCase, rule: Rule, schedules: list[ShareSchedule]
) -> tuple[list[ScheduleBlock], list[int]]:
    blocks: list[ScheduleBlock] = []
    of_year: list[int] = []
    index_of: dict[int, int] = {}
    for year, schedule in zip(case.year_labels, schedules, strict=True):
        if id(schedule) not in index_of:
            version, _ = rule.version_for_year(year)
            index_of[id(schedule)] = len(blocks)
            blocks.append(ScheduleBlock(rule, version, schedule, []))
        blocks[index_of[id(schedule)]].years.append(year)
        of_year.append(index_of[id(schedule)])
    return blocks, of_year


def _per_entrant(case: BusinessCase, arrays: CaseArrays) -> dict[str, np.ndarray]:
    """The engine on one draw per entry year (inflow 1 in that year), neutral effect, 1 kr. a week."""
    years = case.years
    unit = np.eye(years)
    flows = [
        dataclasses.replace(
            f,
            inflow=unit,
            benefit=np.array(arrays.weeks_per_year, dtype=float),
            phase_in=np.ones((1, years)),
            deadweight=np.zeros((1, 1)),
            persistence=np.ones((1, 1)),
        )
        for f in arrays.flows
    ]
    return evaluate(dataclasses.replace(arrays, flows=flows))


def case_figures(case: BusinessCase) -> CaseFigures:
    appraisal = appraise(case)
    arrays = CaseArrays.from_case(case)
    years = case.years
    rules = load_rules()
    out = _per_entrant(case, arrays) if arrays.flows else {}
    flows: list[FlowFigures] = []
    for f, index in zip(arrays.flows, arrays.flow_index, strict=True):
        effect = case.effects[index]
        assert isinstance(effect, FlowEffect)
        key = f"effect:{index}:"
        inflow = f.inflow[0]
        phase = f.phase_in[0]
        factor = phase * (1.0 - float(f.deadweight[0, 0])) * float(f.persistence[0, 0])
        blocks, _ = _blocks(case, rules[effect.benefit_refusion.rule], f.schedules)
        flows.append(
            FlowFigures(
                index=index,
                effect=effect,
                inflow=inflow,
                phase_in=phase,
                effect_factor=factor,
                saved=np.asarray(out[key + "saved_weeks"]).T.copy(),
                municipal=np.asarray(out[key + "municipal_saving"]).T.copy(),
                effort=np.asarray(out[key + "full_year_persons_in_effort"]).T.copy(),
                tail_saved=np.asarray(out[key + "tail:saved_weeks"]).copy(),
                tail_municipal=np.asarray(out[key + "tail:municipal_saving"]).copy(),
                blocks=blocks,
            )
        )
    stocks: list[StockFigures] = []
    for s, index in zip(arrays.stocks, arrays.stock_index, strict=True):
        effect = case.effects[index]
        assert isinstance(effect, StockEffect)
        stocks.append(
            StockFigures(
                index=index, effect=effect, fewer=s.fewer[0], band_municipal=s.band_municipal.T.copy()
            )
        )
    first = case.effects[0]
    first_rule = rules[first.benefit_refusion.rule]
    if arrays.flows:
        blocks, block_of_year = _blocks(case, first_rule, arrays.flows[0].schedules)
    else:
        from budgetapp.core.appraisal import _schedules  # the engine's rule look-up per year

        schedules, _ = _schedules(case, first_rule, first.benefit_refusion.rate, case.year_labels)
        blocks, block_of_year = _blocks(case, first_rule, schedules)
    fyp = np.array(appraisal.full_year_persons_in_effort_per_year)
    line_cost = arrays.fixed_costs[0] + arrays.participant_costs[0][:, None] * fyp[None, :]
    pool_lines = np.zeros((len(case.pool_funding), years))
    for p, pool in enumerate(case.pool_funding):
        if pool.rate is None:
            pool_lines[p] = [amount_for_year(pool.amount_per_year, i) for i in range(years)]
        else:
            eligible = [
                c
                for c, line in enumerate(case.costs)
                if not pool.eligible_costs or line.name in pool.eligible_costs
            ]
            income = pool.rate * line_cost[eligible].sum(axis=0)
            if pool.cap_per_year is not None:
                income = np.minimum(income, [amount_for_year(pool.cap_per_year, i) for i in range(years)])
            pool_lines[p] = income
    return CaseFigures(
        case=case,
        appraisal=appraisal,
        arrays=ArraysView(arrays),
        flows=flows,
        stocks=stocks,
        blocks=blocks,
        block_of_year=block_of_year,
        line_cost=line_cost,
        refusion_rate=arrays.cost_refusion_rate,
        pool_lines=pool_lines,
        full_year_persons=fyp,
    )


__all__ = [
    "CaseFigures",
    "FlowFigures",
    "ScheduleBlock",
    "StockFigures",
    "band_municipal_share",
    "case_figures",
]
