"""Three-point estimates and a seeded, vectorised simulation of a case's net result.

Each input with a three-point estimate (min / most likely / max, stored in the case's
``uncertainty``) is drawn from a **triangular distribution**: the density rises linearly from min
to the most likely value and falls linearly to max. We use it rather than PERT because it is
fully described by the three numbers the user typed (PERT adds a shape weight of 4 that nobody in
a committee can check), because its quantiles have a closed form (so a draw is one formula,
exactly reproducible, and min = most likely = max gives exactly that value), and because it puts
more weight on the extremes than PERT, which errs on the side of caution.

Inputs are drawn independently, unless the case declares a rank correlation between two of them
(``correlations``): then the uniform numbers come from a Gaussian copula whose Pearson correlation
is 2·sin(π·ρ/6) for Spearman's ρ (exact for the normal copula; Kruskal 1958), so each input keeps
its triangular distribution and the pair has rank correlation ρ. When the shares of **every**
segment of an effect are estimated, they are drawn from a Dirichlet distribution instead, centred
on the most likely shares (normalised) with the concentration that gives the same total variance
as the triangular estimates, so every draw sums to exactly 1. The draws are evaluated in
chunks of the engine (:func:`budgetapp.core.appraisal.evaluate`), at most :data:`CHUNK_ELEMENTS`
draws × drawn inputs at a time, so memory stays bounded with many estimates; the same seed gives bit-identical
output because the uniform numbers are drawn with ``numpy.random.default_rng(seed)`` in the fixed order of the
case's estimates, one row of D per estimate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from budgetapp.core.appraisal import CaseArrays, evaluate
from budgetapp.core.case_inputs import (
    SAVED_WEEKS,
    TOTAL_COST,
    InputError,
    apply_values,
    key_inputs,
    resolve,
)
from budgetapp.core.case_model import BusinessCase, canonical_path
from budgetapp.core.decision_data import Correlation, Estimate

_SHARE = re.compile(r"^effects\[(\d+)\]\.segments\[(\d+)\]\.share$")

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 1
BUDGET_PERIOD_YEARS = 4  # budget year + three overslagsår
PERCENTILES = (10, 50, 90)
#: Draws × drawn inputs evaluated at once (:func:`evaluate_draws`): with up to 100 drawn inputs
#: 10.000 draws are one call of the engine; with 1.000 (one per segment of a large case) about
#: 1.000 draws at a time, so the engine's (draws, drawn segments, points) arrays stay small.
CHUNK_ELEMENTS = 1 << 20


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
        if (ref.path.endswith("].share") or "effect_phase_in" in ref.path
                or ref.path in (SAVED_WEEKS, TOTAL_COST)):
            continue
        low, high = ref.default_range()
        out.append(Estimate(ref.path, low, ref.base, high, note="standard: ±20 %"))
    return out


def triangular_variance(e: Estimate) -> float:
    a, c, b = e.min, e.most_likely, e.max
    return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0


def dirichlet_effects(case: BusinessCase, estimates: list[Estimate]) -> dict[int, list[int]]:
    """Effects whose every segment share is estimated: effect index → estimate indices (in
    segment order)."""
    found: dict[int, dict[int, int]] = {}
    for k, e in enumerate(estimates):
        if m := _SHARE.match(e.path):
            found.setdefault(int(m.group(1)), {})[int(m.group(2))] = k
    out = {}
    for effect, by_segment in found.items():
        n = len(getattr(case.effects[effect], "segments", ()))
        if n >= 2 and len(by_segment) == n:
            out[effect] = [by_segment[i] for i in range(n)]
    return out


def _normal_cdf(z: np.ndarray) -> np.ndarray:
    """Φ(z) = (1 + erf(z/√2)) / 2 elementwise, with :func:`math.erf` (numpy has no erf), a
    slice of :data:`CHUNK_ELEMENTS` values at a time (each value passes through a Python float)."""
    scaled = (np.asarray(z, dtype=float) / math.sqrt(2.0)).ravel()
    out = np.empty_like(scaled)
    for lo in range(0, len(scaled), CHUNK_ELEMENTS):
        part = scaled[lo:lo + CHUNK_ELEMENTS].tolist()
        out[lo:lo + len(part)] = np.fromiter(map(math.erf, part), dtype=float, count=len(part))
    return 0.5 * (1.0 + out.reshape(np.shape(z)))


def correlated_uniforms(estimates: list[Estimate], correlations: tuple[Correlation, ...],
                        draws: int, rng: np.random.Generator) -> np.ndarray:
    """(E, D) uniforms with the declared rank correlations (Gaussian copula); InputError when
    the correlations are not consistent (the matrix is not positive definite)."""
    index = {e.path: k for k, e in enumerate(estimates)}
    matrix = np.eye(len(estimates))
    for c in correlations:
        a, b = (index.get(canonical_path(p)) for p in c.paths)
        if a is None or b is None:
            raise InputError(f"korrelationen {c.paths[0]} ~ {c.paths[1]} nævner et input uden "
                             "trepunktsestimat")
        matrix[a, b] = matrix[b, a] = 2.0 * math.sin(math.pi * c.rank_correlation / 6.0)
    try:
        chol = np.linalg.cholesky(matrix)
    except np.linalg.LinAlgError:
        raise InputError("korrelationerne passer ikke sammen (matricen er ikke positivt "
                         "definit); sænk en af dem") from None
    z = chol @ rng.standard_normal((len(estimates), draws))
    return np.clip(_normal_cdf(z), 0.0, 1.0)


def draw_inputs(case: BusinessCase, estimates: list[Estimate], draws: int,
                seed: int) -> dict[str, np.ndarray]:
    """D draws of every estimated input (path → array), reproducible from ``seed``."""
    rng = np.random.default_rng(seed)
    paths = {canonical_path(e.path) for e in estimates}
    correlations = tuple(c for c in case.correlations
                         if all(canonical_path(p) in paths for p in c.paths))
    if correlations:
        uniforms = correlated_uniforms(estimates, correlations, draws, rng)
    else:
        uniforms = rng.random((len(estimates), draws))
    out = {e.path: triangular_quantile(uniforms[k], e.min, e.most_likely, e.max)
           for k, e in enumerate(estimates)}
    for ks in dirichlet_effects(case, estimates).values():
        mode = np.array([estimates[k].most_likely for k in ks])
        mean = mode / mode.sum()
        spread = sum(triangular_variance(estimates[k]) for k in ks)
        concentration = (float((mean * (1 - mean)).sum()) / spread - 1.0) if spread > 0 else 1e9
        alpha = np.maximum(mean * max(concentration, 1e-3), 1e-9)
        sample = rng.dirichlet(alpha, size=draws)                   # (D, n)
        for j, k in enumerate(ks):
            out[estimates[k].path] = sample[:, j]
    return out


def check_estimates(case: BusinessCase, estimates: list[Estimate]) -> None:
    """Raise :class:`InputError` when the estimates cannot all be drawn together: a path that is
    not a variable input, a range outside the valid one, or segment shares whose maxima sum over 1
    (which would leave no room for the other segments)."""
    shares: dict[int, float] = {}
    dirichlet = dirichlet_effects(case, estimates)
    for est in estimates:
        ref = resolve(case, est.path)
        if ref.clip(est.min) != est.min or ref.clip(est.max) != est.max:
            raise InputError(f"{ref.label}: trepunktsestimatet skal ligge mellem {ref.describe_bounds()}")
        if (m := _SHARE.match(est.path)) and int(m.group(1)) not in dirichlet:
            shares[int(m.group(1))] = shares.get(int(m.group(1)), 0.0) + est.max
    if any(total > 1.0 + 1e-9 for total in shares.values()):
        raise InputError("maksimum af de usikre segmentandele summer til mere end 100 %")
    for ks in dirichlet.values():
        if sum(estimates[k].most_likely for k in ks) <= 0:
            raise InputError("de mest sandsynlige segmentandele summer til 0")


def chunk_draws(inputs: int) -> int:
    """How many draws are evaluated at once when ``inputs`` inputs are drawn: draws × inputs
    stays at most :data:`CHUNK_ELEMENTS` (at least one draw)."""
    return max(1, CHUNK_ELEMENTS // max(1, inputs))


def evaluate_draws(case: BusinessCase, arrays: CaseArrays, values: dict[str, np.ndarray],
                   draws: int, base: dict[str, np.ndarray] | None = None,
                   chunk: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The net result (D, Y), cumulative net result (D, Y) and payback index (D,; −1 = never) of
    every draw of ``values`` (path → (D,) array), evaluated ``chunk`` draws at a time (default
    :func:`chunk_draws`), so that memory is bounded by the chunk, not by draws × inputs; the
    draws are the same whatever the chunk, and each draw is evaluated on its own, so the result
    does not depend on the chunk (up to rounding in the last digit). InputError as
    :func:`apply_values`."""
    if not values:
        one = evaluate(arrays) if base is None else base
        net = np.broadcast_to(one["net_result"][0], (draws, len(case.year_labels)))
        return (np.array(net), np.array(np.broadcast_to(one["cumulative_net_result"][0], net.shape)),
                np.full(draws, int(one["payback_index"][0])))
    step = chunk_draws(len(values)) if chunk is None else max(1, chunk)
    net = np.empty((draws, len(case.year_labels)))
    cumulative = np.empty_like(net)
    index = np.empty(draws, dtype=int)
    for lo in range(0, draws, step):
        hi = min(draws, lo + step)
        out = evaluate(apply_values(case, arrays, {p: v[lo:hi] for p, v in values.items()}))
        net[lo:hi] = out["net_result"]
        cumulative[lo:hi] = out["cumulative_net_result"]
        index[lo:hi] = out["payback_index"]
    return net, cumulative, index


def simulate(case: BusinessCase, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
             estimates: list[Estimate] | None = None,
             budget_years: int = BUDGET_PERIOD_YEARS) -> SimulationResult:
    """Simulate the case's net result. ``estimates`` default to the case's ``uncertainty``."""
    if draws < 1:
        raise InputError("antallet af beregninger skal være mindst 1")
    estimates = [replace(e, path=canonical_path(e.path))
                 for e in (case.uncertainty if estimates is None else estimates)]
    check_estimates(case, estimates)
    arrays = CaseArrays.from_case(case)
    base = evaluate(arrays)
    values = draw_inputs(case, estimates, draws, seed)
    net, cumulative, index = evaluate_draws(case, arrays, values, draws, base)
    total = net.sum(axis=1)
    p_year = np.percentile(net, PERCENTILES, axis=0)
    p_cum = np.percentile(cumulative, PERCENTILES, axis=0)
    p_total = np.percentile(total, PERCENTILES)
    years = case.year_labels
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
