"""Three-point estimates and a seeded, vectorised simulation of a case's net result.

Each input with a three-point estimate (min / most likely / max, stored in the case's
``uncertainty``) is drawn from a **triangular distribution**: the density rises linearly from min
to the most likely value and falls linearly to max. We use it rather than PERT because it is
fully described by the three numbers the user typed (PERT adds a shape weight of 4 that nobody in
a committee can check), because its quantiles have a closed form (so a draw is one formula,
exactly reproducible, and min = most likely = max gives exactly that value), and because it puts
more weight on the extremes than PERT, which errs on the side of caution.

Inputs are drawn independently. All draws are evaluated in one call of the engine
(:func:`budgetapp.core.appraisal.evaluate`); the same seed gives bit-identical output because the
uniform numbers are drawn with ``numpy.random.default_rng(seed)`` in the fixed order of the
case's estimates, one row of D per estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import InputError, apply_values, key_inputs, resolve
from budgetapp.core.decision_data import Estimate

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 1
BUDGET_PERIOD_YEARS = 4  # budget year + three overslagsår
PERCENTILES = (10, 50, 90)


def triangular_quantile(u: np.ndarray, low: float, mode: float, high: float) -> np.ndarray:
    """The value below which a share ``u`` of a triangular(low, mode, high) distribution lies.

    F(x) = (x−a)² / ((b−a)(c−a)) for a ≤ x ≤ c, 1 − (b−x)² / ((b−a)(b−c)) for c ≤ x ≤ b,
    with a = low, c = mode, b = high; inverted piece by piece. low = high gives low exactly.
    """
    u = np.asarray(u, dtype=float)
    width = high - low
    if width == 0:
        return np.full(u.shape, float(low))
    split = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < split, left, right)


@dataclass(frozen=True)
class Driver:
    """An uncertain input and the share of the spread of the total net result it explains."""

    path: str
    label: str
    share_of_variance: float


@dataclass(frozen=True)
class PaybackShare:
    year: int | None          # None: does not pay back within the horizon
    draws: int
    share: float


@dataclass
class SimulationResult:
    case_name: str
    years: list[int]
    draws: int
    seed: int
    estimates: list[Estimate]
    base_net_result: list[float]          # the case as entered, per year
    p10: list[float]                      # net result per year
    p50: list[float]
    p90: list[float]
    cumulative_p10: list[float]
    cumulative_p50: list[float]
    cumulative_p90: list[float]
    total_p10: float                      # total net result over the horizon
    total_p50: float
    total_p90: float
    base_total: float
    payback_distribution: list[PaybackShare]
    budget_years: int
    drivers: list[Driver]

    @property
    def share_paid_back_in_budget_period(self) -> float:
        last = self.years[min(self.budget_years, len(self.years)) - 1]
        return sum(p.share for p in self.payback_distribution if p.year is not None and p.year <= last)

    @property
    def share_paid_back_in_horizon(self) -> float:
        return sum(p.share for p in self.payback_distribution if p.year is not None)

    def to_json_dict(self) -> dict:
        return {
            "simulation": {"draws": self.draws, "seed": self.seed, "distribution": "triangular",
                           "estimates": [{"path": e.path, "min": e.min, "most_likely": e.most_likely,
                                          "max": e.max} for e in self.estimates]},
            "p10": self.p10, "p50": self.p50, "p90": self.p90,
            "cumulative_p10": self.cumulative_p10, "cumulative_p50": self.cumulative_p50,
            "cumulative_p90": self.cumulative_p90,
            "total_net_result_p10": self.total_p10, "total_net_result_p50": self.total_p50,
            "total_net_result_p90": self.total_p90,
            "payback_year_distribution": [{"year": p.year, "draws": p.draws, "share": p.share}
                                          for p in self.payback_distribution],
            "share_paid_back_in_budget_period": self.share_paid_back_in_budget_period,
            "share_paid_back_in_horizon": self.share_paid_back_in_horizon,
            "drivers": [{"path": d.path, "label": d.label, "share_of_variance": d.share_of_variance}
                        for d in self.drivers],
        }


def default_estimates(case: BusinessCase) -> list[Estimate]:
    """Estimates for a case that has none: each key input ±20 % around the case's value
    (:meth:`InputRef.default_range`). Segment shares and phase-in factors are left out, because
    their ±20 % maxima can sum to more than 100 % and they are rarely the main uncertainty."""
    out = []
    for ref in key_inputs(case):
        if ref.path.endswith("].share") or ref.path.startswith("effect_phase_in"):
            continue
        low, high = ref.default_range()
        out.append(Estimate(ref.path, low, ref.base, high, note="standard: ±20 %"))
    return out


def draw_inputs(case: BusinessCase, estimates: list[Estimate], draws: int,
                seed: int) -> dict[str, np.ndarray]:
    """D draws of every estimated input (path → array), reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    uniforms = rng.random((len(estimates), draws))
    return {e.path: triangular_quantile(uniforms[k], e.min, e.most_likely, e.max)
            for k, e in enumerate(estimates)}


def check_estimates(case: BusinessCase, estimates: list[Estimate]) -> None:
    """Raise :class:`InputError` when the estimates cannot all be drawn together: a path that is
    not a variable input, a range outside the valid one, or segment shares whose maxima sum over 1
    (which would leave no room for the other segments)."""
    shares = 0.0
    for est in estimates:
        ref = resolve(case, est.path)
        if ref.clip(est.min) != est.min or ref.clip(est.max) != est.max:
            raise InputError(f"{ref.label}: trepunktsestimatet skal ligge mellem {ref.describe_bounds()}")
        if est.path.startswith("segments[") and est.path.endswith("].share"):
            shares += est.max
    if shares > 1.0 + 1e-9:
        raise InputError("maksimum af de usikre segmentandele summer til mere end 100 %")


def simulate(case: BusinessCase, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             estimates: list[Estimate] | None = None,
             budget_years: int = BUDGET_PERIOD_YEARS) -> SimulationResult:
    """Simulate the case's net result. ``estimates`` default to the case's ``uncertainty``."""
    if draws < 1:
        raise InputError("antallet af beregninger skal være mindst 1")
    estimates = list(case.uncertainty if estimates is None else estimates)
    check_estimates(case, estimates)
    arrays = CaseArrays.from_case(case)
    base = evaluate(arrays)
    values = draw_inputs(case, estimates, draws, seed)
    if values:
        out = evaluate(apply_values(case, arrays, values))
    else:
        out = {k: np.broadcast_to(v, (draws, *v.shape[1:])) for k, v in base.items()}
    net = np.asarray(out["net_result"])
    cumulative = np.asarray(out["cumulative_net_result"])
    total = net.sum(axis=1)
    p_year = np.percentile(net, PERCENTILES, axis=0)
    p_cum = np.percentile(cumulative, PERCENTILES, axis=0)
    p_total = np.percentile(total, PERCENTILES)
    years = case.year_labels
    index = np.asarray(out["payback_index"])
    payback = []
    for i, year in [*enumerate(years), (-1, None)]:
        count = int((index == i).sum())
        if count:
            payback.append(PaybackShare(year, count, count / draws))
    return SimulationResult(
        case_name=case.name, years=years, draws=draws, seed=seed, estimates=estimates,
        base_net_result=[float(v) for v in base["net_result"][0]],
        p10=[float(v) for v in p_year[0]], p50=[float(v) for v in p_year[1]],
        p90=[float(v) for v in p_year[2]],
        cumulative_p10=[float(v) for v in p_cum[0]], cumulative_p50=[float(v) for v in p_cum[1]],
        cumulative_p90=[float(v) for v in p_cum[2]],
        total_p10=float(p_total[0]), total_p50=float(p_total[1]), total_p90=float(p_total[2]),
        base_total=float(base["net_result"][0].sum()),
        payback_distribution=payback, budget_years=budget_years,
        drivers=spread_drivers(case, values, total),
    )


def spread_drivers(case: BusinessCase, values: dict[str, np.ndarray], total: np.ndarray) -> list[Driver]:
    """Each input's share of the spread: its squared correlation with the total net result,
    scaled so the shares sum to 1. With independent inputs and a near-linear response the squared
    correlations are the shares of the variance each input explains on its own."""
    squared: dict[str, float] = {}
    if np.std(total) == 0:
        return []
    for path, draws in values.items():
        if np.std(draws) == 0:
            continue
        r = float(np.corrcoef(draws, total)[0, 1])
        squared[path] = r * r
    whole = sum(squared.values())
    if whole == 0:
        return []
    drivers = [Driver(p, resolve(case, p).label, s / whole) for p, s in squared.items()]
    return sorted(drivers, key=lambda d: -d.share_of_variance)
