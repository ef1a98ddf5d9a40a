"""Break-even values: for one input, the value at which the case just pays back.

"Pays back within K years" means that the cumulative net result reaches 0 in one of the first K
years (the engine's payback year is at most year K). The budget period is the budget year and the
three overslagsår (K = 4); the full horizon is every year of the case.

The search is exact up to floating point: the paying-back margin g(v) = max over the first K years
of the cumulative net result is evaluated on a grid of 257 values (33 for the saved weeks of a case
with many segments) across the input's search range
in one engine call; where its sign changes, the bracket is subdivided into 64 parts per call until
it is narrower than 1e-12 of the range (six calls), and the root is read off by linear
interpolation (exact when g is linear there, as it is for inflow, benefit, costs and, under a flat
refusion rate, saved weeks). When several values cross zero, the one nearest the case's value is
reported. When g ≥ 0 across the whole range the case pays back for every value, and when g < 0
across it, no value in the range works; both are reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case_inputs import (
    MAX_SEGMENT_INPUTS,
    SAVED_WEEKS,
    TOTAL_COST,
    InputRef,
    apply_values,
    resolve,
    saved_weeks_per_entrant,
    segment_input_indices,
)
from budgetapp.core.case_model import BusinessCase, FlowEffect
from budgetapp.core.simulation import BUDGET_PERIOD_YEARS

GRID = 257
SUBDIVISIONS = 64
# Saved weeks in a case with many segments moves every segment's path at once (draws × segments
# paths per call): a coarser grid and more, smaller subdivision steps reach the same precision.
LARGE_GRID = 33
LARGE_SUBDIVISIONS = 16
RELATIVE_PRECISION = 1e-12

FOUND, ALWAYS, NEVER = "found", "always", "never"


@dataclass(frozen=True)
class BreakEven:
    """The break-even value of one input for paying back within ``within_years`` years."""

    path: str
    label: str
    kind: str
    base_value: float
    within_years: int
    last_year: int
    search_low: float
    search_high: float
    status: str                  # found | always | never
    value: float | None = None
    direction: str | None = None  # "min": the value must be at least this; "max": at most

    def to_dict(self) -> dict:
        return {"path": self.path, "label": self.label, "kind": self.kind,
                "base_value": self.base_value, "within_years": self.within_years,
                "last_year": self.last_year, "search_low": self.search_low,
                "search_high": self.search_high, "status": self.status, "value": self.value,
                "direction": self.direction}


def default_break_even_paths(case: BusinessCase) -> list[str]:
    """Saved weeks, every segment share (the no-show share among them; with many segments the
    largest, see :data:`budgetapp.core.case_inputs.MAX_SEGMENT_INPUTS`), inflow and benefit of
    each flow effect, fewer full-year persons of each stock effect, and the total cost."""
    paths = []
    if saved_weeks_per_entrant(case) > 0:
        paths.append(SAVED_WEEKS)
    for e, effect in enumerate(case.effects):
        if isinstance(effect, FlowEffect):
            if len(effect.segments) > 1:
                paths += [f"effects[{e}].segments[{i}].share" for i in segment_input_indices(effect)]
            paths += [f"effects[{e}].inflow_per_year", f"effects[{e}].benefit_per_full_year_person"]
        else:
            paths += [f"effects[{e}].fewer_full_year_persons"]
    if case.costs:
        paths.append(TOTAL_COST)
    return paths


def _margin(case: BusinessCase, arrays: CaseArrays, ref: InputRef, values: np.ndarray,
            within: int, memo: dict | None = None) -> np.ndarray:
    key = (ref.path, values.tobytes())
    if memo is not None and key in memo:
        cumulative = memo[key]
    else:
        out = evaluate(apply_values(case, arrays, {ref.path: values}))
        cumulative = np.asarray(out["cumulative_net_result"])
        if memo is not None:
            memo[key] = cumulative
    return cumulative[:, :within].max(axis=1)


def break_even(case: BusinessCase, path: str, within_years: int | None = None,
               arrays: CaseArrays | None = None, memo: dict | None = None) -> BreakEven:
    """The break-even value of the input ``path`` for paying back within ``within_years``
    (None: the whole horizon). Raises :class:`budgetapp.core.case_inputs.InputError`."""
    ref = resolve(case, path)
    within = case.years if within_years is None else max(1, min(within_years, case.years))
    low, high = ref.search_range()
    arrays = CaseArrays.from_case(case) if arrays is None else arrays
    large = path == SAVED_WEEKS and sum(len(getattr(e, "segments", ())) for e in case.effects) \
        > MAX_SEGMENT_INPUTS
    grid_n, sub_n = (LARGE_GRID, LARGE_SUBDIVISIONS) if large else (GRID, SUBDIVISIONS)
    grid = np.linspace(low, high, grid_n)
    g = _margin(case, arrays, ref, grid, within, memo)
    common = dict(path=ref.path, label=ref.label, kind=ref.kind, base_value=ref.base,
                  within_years=within, last_year=case.year_labels[within - 1],
                  search_low=low, search_high=high)
    ok = g >= 0
    if ok.all():
        return BreakEven(**common, status=ALWAYS)
    if not ok.any():
        return BreakEven(**common, status=NEVER)
    changes = np.nonzero(ok[1:] != ok[:-1])[0]
    nearest = changes[np.argmin(np.abs(grid[changes] - ref.base))]
    a, b = grid[nearest], grid[nearest + 1]
    ga, gb = g[nearest], g[nearest + 1]
    while b - a > RELATIVE_PRECISION * (high - low):
        sub = np.linspace(a, b, sub_n + 1)
        gs = _margin(case, arrays, ref, sub, within)
        k = int(np.nonzero((gs[1:] >= 0) != (gs[:-1] >= 0))[0][0])
        a, b, ga, gb = sub[k], sub[k + 1], gs[k], gs[k + 1]
    value = a if ga == gb else a + (b - a) * (0.0 - ga) / (gb - ga)
    direction = "min" if gb >= 0 else "max"
    return BreakEven(**common, status=FOUND, value=float(value), direction=direction)


def break_even_table(case: BusinessCase, paths: list[str] | None = None,
                     budget_years: int = BUDGET_PERIOD_YEARS) -> list[tuple[BreakEven, BreakEven]]:
    """For each input: (break-even within the budget period, break-even within the horizon)."""
    arrays = CaseArrays.from_case(case)
    out = []
    for p in paths or default_break_even_paths(case):
        memo: dict = {}   # the grid is the same for both: evaluated once
        out.append((break_even(case, p, budget_years, arrays, memo),
                    break_even(case, p, None, arrays, memo)))
    return out
