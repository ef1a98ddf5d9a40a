"""Calendar timing: how much of an entrant's benefit path falls in each calendar year.

Time is counted in weeks from 1 January of the case's first year; year j covers [jW, (j+1)W),
W = weeks per year. The entrants of entry year k arrive evenly over [kW, (k+1)W). A path has a
density f(s) at s weeks after arrival: the municipality's share of the benefit week at staircase
position ``prior + s`` (the active share while s < the active weeks, the passive share until the
path ends at its length L, then 0). With arrival t uniform on [0, W), the part of the path that
falls in the calendar year m years after the entry year is

    E_m = (1/W) ∫₀^W ∫ f(s) 1[mW ≤ t + s < (m+1)W] ds dt = ∫ f(s) hat(s/W − m) ds,

with hat(x) = max(0, 1 − |x|). Integrating by parts twice with H(x) = ∫₀ˣ f and K(x) = ∫₀ˣ H,

    E_m = (K((m−1)W) − 2 K(mW) + K((m+1)W)) / W,       K(x) = 0 for x ≤ 0,

which is exact because f is a step function (H piecewise linear, K piecewise quadratic). Worked
example (``docs/method.md``): one path of 10 weeks, share 1, W = 52: K(52) = 10²/2 + 10·42 = 470,
so E₀ = 470/52 = 9,0385 weeks and 10 − 9,0385 = 0,9615 weeks fall in the next year.

All functions broadcast over a leading draws axis and an atoms (paths) axis; the band axis is
last. Memory is bounded by evaluating atoms in chunks.
"""

from __future__ import annotations

import numpy as np

from budgetapp.core.rules import ShareSchedule

BIG_WEEKS = 1e9
CHUNK_ELEMENTS = 1 << 21  # draws × atoms × points × bands evaluated at once

#: The share function 1 everywhere: integrates a path's weeks instead of its municipal share.
ONES = ShareSchedule(edges=np.array([0.0]), widths=np.array([np.inf]), active=np.array([1.0]),
                     passive=np.array([1.0]))


def _g(y: np.ndarray, edges: np.ndarray, widths: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """G(y) = ∫₀ʸ share(u) du; ``y`` (...), result (...)."""
    covered = np.clip(y[..., None] - edges, 0.0, widths)
    return (covered * shares).sum(axis=-1)


def _q(y: np.ndarray, edges: np.ndarray, widths: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Q(y) = ∫₀ʸ G(u) du, band by band: t²/2 inside a band, then w·(y − e − w) past its end."""
    rel = y[..., None] - edges
    t = np.clip(rel, 0.0, widths)
    over = np.maximum(rel - widths, 0.0)
    return ((0.5 * t * t + widths * over) * shares).sum(axis=-1)


def _piece(x: np.ndarray, p: np.ndarray, s0: np.ndarray, s1: np.ndarray,
           edges: np.ndarray, widths: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """∫₀ˣ [G(p + clip(s, s0, s1)) − G(p + s0)] ds: K of the part [s0, s1) of a path."""
    c = np.clip(x, s0, s1)
    g0 = _g(p + s0, edges, widths, shares)
    g1 = _g(p + s1, edges, widths, shares)
    q = _q(p + c, edges, widths, shares) - _q(p + s0, edges, widths, shares)
    return q - (c - s0) * g0 + np.maximum(x - s1, 0.0) * (g1 - g0)


def path_k(x: np.ndarray, prior: np.ndarray, length: np.ndarray, active: np.ndarray,
           schedule: ShareSchedule) -> np.ndarray:
    """K(x) = ∫₀ˣ ∫₀ˢ f(u) du ds for paths (prior, length, active), at points ``x``.

    ``prior``, ``length``, ``active`` broadcast to (D, A); ``x`` is (X,); result (D, A, X).
    """
    xs = np.asarray(x, dtype=float)[None, None, :]
    p = np.asarray(prior, dtype=float)[..., None]
    n = np.asarray(length, dtype=float)[..., None]
    a = np.minimum(np.asarray(active, dtype=float)[..., None], n)
    # The last band is open (width ∞); 1e9 weeks is beyond any path and keeps ∞·0 out.
    e, w = schedule.edges, np.minimum(schedule.widths, BIG_WEEKS)
    zero = np.zeros_like(a)
    return (_piece(xs, p, zero, a, e, w, schedule.active)
            + _piece(xs, p, a, n, e, w, schedule.passive))


def weighted_k(x: np.ndarray, prior: np.ndarray, length: np.ndarray, active: np.ndarray,
               weight: np.ndarray, schedule: ShareSchedule) -> np.ndarray:
    """Σ over atoms of weight × K(x): (D, X). Arrays broadcast to (D, A); evaluated in chunks."""
    prior, length, active, weight = np.broadcast_arrays(
        np.asarray(prior, dtype=float), np.asarray(length, dtype=float),
        np.asarray(active, dtype=float), np.asarray(weight, dtype=float))
    draws, atoms = length.shape
    points = len(x)
    bands = len(schedule.edges)
    out = np.zeros((draws, points))
    step = max(1, CHUNK_ELEMENTS // max(1, draws * points * bands * 4))
    for lo in range(0, atoms, step):
        hi = min(atoms, lo + step)
        k = path_k(x, prior[:, lo:hi], length[:, lo:hi], active[:, lo:hi], schedule)
        out += np.einsum("dax,da->dx", k, weight[:, lo:hi])
    return out


def year_parts(k_values: np.ndarray, weeks_per_year: np.ndarray) -> np.ndarray:
    """The part E_m of a path in the calendar year m years after the entry year, m = 0..Y−1,
    from K at x = 0, W, …, YW (``k_values`` (D, Y+1)); result (D, Y)."""
    padded = np.concatenate([np.zeros_like(k_values[:, :1]), k_values], axis=1)  # K(−W) = 0
    return (padded[:, :-2] - 2.0 * padded[:, 1:-1] + padded[:, 2:]) / weeks_per_year


def cohort_to_calendar(cohort: np.ndarray, parts: list[np.ndarray]) -> np.ndarray:
    """Book cohorts in calendar years: out[:, j] = Σ_{k ≤ j} cohort[:, k] · parts[j][:, j − k].

    ``cohort`` (D, Y) is the scaled number of entrants per entry year; ``parts[j]`` (D, Y) the
    per-entrant parts under the rule of calendar year j.
    """
    years = cohort.shape[1]
    draws = max(cohort.shape[0], max(p.shape[0] for p in parts))
    out = np.zeros((draws, years))
    for j in range(years):
        out[:, j] = (cohort[:, : j + 1] * parts[j][:, j::-1]).sum(axis=1)
    return out


def tail_after(cohort: np.ndarray, parts: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Σ_k cohort[:, k] · (total − Σ_{m ≤ Y−1−k} parts[:, m]): what falls after the horizon, (D,)."""
    years = cohort.shape[1]
    cumulative = np.cumsum(parts, axis=1)                      # (D, Y)
    within = cumulative[:, ::-1]                               # index k → Σ_{m ≤ Y−1−k}
    return (cohort * (total[:, None] - within[:, :years])).sum(axis=1)
