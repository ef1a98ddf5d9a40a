"""Break-even values: for one input, the value at which the case just pays back.

"Pays back within K years" means that the cumulative net result reaches 0 in one of the first K
years (the engine's payback year is at most year K). The budget period is the budget year and the
three overslagsår (K = 4); the full horizon is every year of the case.

The search is exact up to floating point: the paying-back margin g(v) = max over the first K years
of the cumulative net result is evaluated on a grid of 257 values (33 for the saved weeks of a case
with many segments) across the input's search range in one engine call; where its sign changes,
the bracket is narrowed by regula falsi (Illinois variant), one single-value engine call per step,
until it is narrower than 1e-12 of the range or the step is, and the root is read off by linear
interpolation (exact when g is linear there, as it is for inflow, benefit, costs and, under a flat
refusion rate, saved weeks: then the first step lands on the root).
When several values cross zero, the one nearest the case's value is reported. When g ≥ 0
across the whole range the case pays back for every value, and when g < 0
across it, no value in the range works; both are reported as such.
"""

from __future__ import annotations

from collections.abc import Callable
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
# Saved weeks in a case with many segments moves every segment's path at once (draws × segments
# paths per call): a coarser grid brackets the root, and the refinement reaches the same precision.
LARGE_GRID = 33
RELATIVE_PRECISION = 1e-12
MAX_REFINE_STEPS = 200

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

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "label": self.label, "kind": self.kind,
                "base_value": self.base_value, "within_years": self.within_years,
                "last_year": self.last_year, "search_low": self.search_low,
                "search_high": self.search_high, "status": self.status, "value": self.value,
                "direction": self.direction}


def default_break_even_paths(case: BusinessCase) -> list[str]:
    """Saved weeks, every segment share (the no-show share among them), inflow and benefit of
    each flow effect, fewer full-year persons of each stock effect, and the total cost.

    An effect with more than :data:`budgetapp.core.case_inputs.MAX_SEGMENT_INPUTS` segments names
    no single share: one segment of thousands moves the result by little, so its break-even is
    "any value" and tells a committee nothing. The saved weeks per entrant, a common factor on
    every segment's reduction in weeks, stands for them (for the first flow effect); any segment
    can still be named explicitly."""
    paths = []
    if saved_weeks_per_entrant(case) > 0:
        paths.append(SAVED_WEEKS)
    for e, effect in enumerate(case.effects):
        if isinstance(effect, FlowEffect):
            if 1 < len(effect.segments) <= MAX_SEGMENT_INPUTS:
                paths += [f"effects[{e}].segments[{i}].share" for i in segment_input_indices(effect)]
            paths += [f"effects[{e}].inflow_per_year", f"effects[{e}].benefit_per_full_year_person"]
        else:
            paths += [f"effects[{e}].fewer_full_year_persons"]
    if case.costs:
        paths.append(TOTAL_COST)
    return paths


def _cumulative(case: BusinessCase, arrays: CaseArrays, ref: InputRef,
                values: np.ndarray) -> np.ndarray:
    """(D, Y) cumulative net result with the input set to each of ``values``."""
    out = evaluate(apply_values(case, arrays, {ref.path: values}))
    return np.asarray(out["cumulative_net_result"], dtype=float)


def _margin(case: BusinessCase, arrays: CaseArrays, ref: InputRef, values: np.ndarray,
            within: int, memo: dict[tuple[str, bytes], np.ndarray] | None = None) -> np.ndarray:
    """g(v) for each of ``values``: the largest cumulative net result in the first ``within``
    years, (D,). ``memo`` keeps the cumulative results per (path, values) for a second call."""
    key = (ref.path, values.tobytes())
    if memo is not None and key in memo:
        cumulative = memo[key]
    else:
        cumulative = _cumulative(case, arrays, ref, values)
        if memo is not None:
            memo[key] = cumulative
    return np.asarray(cumulative[:, :within].max(axis=1), dtype=float)


def _refine(margin: Callable[[float], float], a: float, b: float, ga: float, gb: float,
            tolerance: float) -> tuple[float, float, float, float]:
    """Narrow the bracket [a, b] (g(a), g(b) of opposite sign as to g ≥ 0) around a root of g by
    the Illinois variant of regula falsi (Dowell & Jarratt 1971, BIT 11, 168-174): each step is
    one evaluation at the secant's zero, and the end kept twice in a row has its g halved, so the
    bracket converges superlinearly also where g is curved. For a linear g the first step is the
    root. Stops when the bracket or the step is narrower than ``tolerance``; returns the bracket
    with the original (unhalved) g at both ends."""
    fa, fb = ga, gb          # the (possibly halved) values used for the secant
    side = 0
    previous = None
    for _ in range(MAX_REFINE_STEPS):
        if b - a <= tolerance:
            break
        x = b - fb * (b - a) / (fb - fa) if fb != fa else 0.5 * (a + b)
        if x <= a:    # the secant lands on an end only by rounding: the root is there
            return a, a, ga, ga
        if x >= b:
            return b, b, gb, gb
        gx = margin(x)
        if gx == 0.0:
            return x, x, 0.0, 0.0
        if (gx >= 0) == (ga >= 0):
            a, ga, fa = x, gx, gx
            if side == -1:
                fb *= 0.5
            side = -1
        else:
            b, gb, fb = x, gx, gx
            if side == 1:
                fa *= 0.5
            side = 1
        if previous is not None and abs(x - previous) <= tolerance:
            break
        previous = x
    return a, b, ga, gb


def break_even(case: BusinessCase, path: str, within_years: int | None = None,
               arrays: CaseArrays | None = None,
               memo: dict[tuple[str, bytes], np.ndarray] | None = None) -> BreakEven:
    """The break-even value of the input ``path`` for paying back within ``within_years``
    (None: the whole horizon). Raises :class:`budgetapp.core.case_inputs.InputError`."""
    ref = resolve(case, path)
    within = case.years if within_years is None else max(1, min(within_years, case.years))
    low, high = ref.search_range()
    arrays = CaseArrays.from_case(case) if arrays is None else arrays
    large = path == SAVED_WEEKS and sum(len(getattr(e, "segments", ())) for e in case.effects) \
        > MAX_SEGMENT_INPUTS
    grid = np.linspace(low, high, LARGE_GRID if large else GRID)
    g = _margin(case, arrays, ref, grid, within, memo)

    def result(status: str, value: float | None = None, direction: str | None = None) -> BreakEven:
        return BreakEven(path=ref.path, label=ref.label, kind=ref.kind, base_value=ref.base,
                         within_years=within, last_year=case.year_labels[within - 1],
                         search_low=low, search_high=high, status=status, value=value,
                         direction=direction)

    ok = g >= 0
    if ok.all():
        return result(ALWAYS)
    if not ok.any():
        return result(NEVER)
    changes = np.nonzero(ok[1:] != ok[:-1])[0]
    nearest = int(changes[np.argmin(np.abs(grid[changes] - ref.base))])

    def margin(x: float) -> float:
        return float(_margin(case, arrays, ref, np.array([x]), within)[0])

    a, b, ga, gb = _refine(margin, float(grid[nearest]), float(grid[nearest + 1]),
                           float(g[nearest]), float(g[nearest + 1]), RELATIVE_PRECISION * (high - low))
    value = a if ga == gb else a + (b - a) * (0.0 - ga) / (gb - ga)
    direction = "min" if g[nearest + 1] >= 0 else "max"
    return result(FOUND, float(value), direction)


def break_even_table(case: BusinessCase, paths: list[str] | None = None,
                     budget_years: int = BUDGET_PERIOD_YEARS) -> list[tuple[BreakEven, BreakEven]]:
    """For each input: (break-even within the budget period, break-even within the horizon)."""
    arrays = CaseArrays.from_case(case)
    out = []
    for p in paths or default_break_even_paths(case):
        memo: dict[tuple[str, bytes], np.ndarray] = {}   # the grid is the same for both: evaluated once
        out.append((break_even(case, p, budget_years, arrays, memo),
                    break_even(case, p, None, arrays, memo)))
    return out
