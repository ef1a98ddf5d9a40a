"""Every figure a case sheet shows, computed by the app's own engine (no Qt, no Excel).

The case sheet writes each of its formulas together with the value computed here, so a viewer
that does not recalculate still shows the app's numbers. The results come from
:func:`budgetapp.core.appraisal.appraise`; the intermediate figures of the staircase table (weeks
of each segment's path in each band, active and passive) come from the same band integration as
:mod:`budgetapp.core.paths`: the weeks of the path [x₀, x₁] in band [s, e] are
max(0, min(x₁, e) − max(x₀, s)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budgetapp.core.appraisal import Appraisal, CaseArrays, appraise
from budgetapp.core.case import BusinessCase, amount_for_year
from budgetapp.core.rules import Rule, RuleVersion, ShareSchedule, load_rules


@dataclass
class ScheduleBlock:
    """One rule version's band table and the staircase figures of every segment under it.

    Arrays are (S, B): segments × bands. ``years`` are the case years this version applies to.
    """

    rule: Rule
    version: RuleVersion
    schedule: ShareSchedule
    years: list[int]
    before_active: np.ndarray
    before_passive: np.ndarray
    after_active: np.ndarray
    after_passive: np.ndarray
    municipal_before: np.ndarray
    municipal_after: np.ndarray

    @property
    def saved(self) -> np.ndarray:
        return self.municipal_before - self.municipal_after

    def saved_per_entrant(self, shares: np.ndarray) -> float:
        """Σ over segments and bands of share × saved municipal week-equivalents."""
        return float((self.saved * shares[:, None]).sum())


@dataclass
class CaseFigures:
    case: BusinessCase
    appraisal: Appraisal
    arrays: CaseArrays
    blocks: list[ScheduleBlock]
    block_of_year: list[int]          # index into ``blocks`` for each case year
    effect: np.ndarray                # (Y,) phase-in × (1 − deadweight) × persistence
    full_year_persons: np.ndarray     # (Y,)
    line_cost: np.ndarray             # (C, Y) kr. per cost line
    refusion_rate: np.ndarray         # (C, Y)
    pool_lines: np.ndarray            # (P, Y) kr. per pool funding line
    saved_weeks_per_entrant: float
    effort_weeks_per_entrant: float

    @property
    def years(self) -> list[int]:
        return self.appraisal.years

    def series(self, key: str) -> np.ndarray:
        return np.array(self.appraisal.series[key])


def _covered(x0: np.ndarray, x1: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Weeks of [x₀, x₁] inside each band [start, end): (S,) × (B,) → (S, B)."""
    return np.maximum(0.0, np.minimum(x1[:, None], end[None, :]) - np.maximum(x0[:, None], start[None, :]))


def case_figures(case: BusinessCase) -> CaseFigures:
    appraisal = appraise(case)
    arrays = CaseArrays.from_case(case)
    rule = load_rules()[case.benefit_refusion.rule]
    prior = float(case.prior_weeks)
    seg = case.segments
    before = np.array([s.weeks_before for s in seg], dtype=float)
    after = np.array([s.weeks_after for s in seg], dtype=float)
    active_before = np.minimum(np.array([s.active_weeks_before for s in seg], dtype=float), before)
    active_after = np.minimum(np.array([s.weeks_in_effort for s in seg], dtype=float), after)
    p = np.full(len(seg), prior)

    blocks: list[ScheduleBlock] = []
    block_of_year: list[int] = []
    index_of: dict[int, int] = {}
    for year, schedule in zip(case.year_labels, arrays.schedules, strict=True):
        key = id(schedule)
        if key not in index_of:
            version, _ = rule.version_for_year(year)
            start = schedule.edges
            end = schedule.edges + schedule.widths
            b_act = _covered(p, p + active_before, start, end)
            b_pas = _covered(p, p + before, start, end) - b_act
            a_act = _covered(p, p + active_after, start, end)
            a_pas = _covered(p, p + after, start, end) - a_act
            index_of[key] = len(blocks)
            blocks.append(ScheduleBlock(
                rule=rule, version=version, schedule=schedule, years=[],
                before_active=b_act, before_passive=b_pas, after_active=a_act, after_passive=a_pas,
                municipal_before=b_act * schedule.active + b_pas * schedule.passive,
                municipal_after=a_act * schedule.active + a_pas * schedule.passive,
            ))
        blocks[index_of[key]].years.append(year)
        block_of_year.append(index_of[key])

    effect = (arrays.phase_in * (1.0 - arrays.deadweight) * arrays.persistence)[0]
    shares = arrays.share[0]
    effort = float((shares * arrays.weeks_in_effort[0]).sum())
    fyp = arrays.inflow[0] * effort / arrays.weeks_per_year[0, 0]
    line_cost = arrays.fixed_costs[0] + arrays.participant_costs[0][:, None] * fyp[None, :]
    pool_lines = np.array([[amount_for_year(pf.amount_per_year, i) for i in range(case.years)]
                           for pf in case.pool_funding]).reshape(len(case.pool_funding), case.years)
    return CaseFigures(
        case=case, appraisal=appraisal, arrays=arrays, blocks=blocks, block_of_year=block_of_year,
        effect=effect, full_year_persons=fyp, line_cost=line_cost,
        refusion_rate=arrays.cost_refusion_rate, pool_lines=pool_lines,
        saved_weeks_per_entrant=float((shares * (arrays.weeks_before[0] - arrays.weeks_after[0])).sum()),
        effort_weeks_per_entrant=effort,
    )
