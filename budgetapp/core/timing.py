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

from budgetapp.core.paths import municipal_weeks
from budgetapp.core.rules import ShareSchedule

BIG_WEEKS = 1e9
CHUNK_ELEMENTS = 1 << 21  # draws × atoms × points × bands evaluated at once
LARGE_ELEMENTS = 1 << 16  # draws × atoms from which whole-path totals use the closed-form G

#: The share function 1 everywhere: integrates a path's weeks instead of its municipal share.
ONES = ShareSchedule(edges=np.array([0.0]), widths=np.array([np.inf]), active=np.array([1.0]),
                     passive=np.array([1.0]))


def _bands(edges: np.ndarray, widths: np.ndarray, shares: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray] | None:
    """For contiguous bands (each starts where the one before ends, as every rule's staircase
    does): A_i = Σ_{b<i} s_b w_b (G at the start of band i) and B_i = Σ_{b<i} s_b w_b (e_b + w_b/2),
    so that in band i, G(y) = A_i + s_i (y − e_i) and Q(y) = A_i y − B_i + s_i (y − e_i)² / 2.
    None when the bands are not contiguous from 0, or when the last band ends (the formulas
    assume it runs on for ever, as every rule's last band does)."""
    if len(edges) == 0 or edges[0] != 0.0 or not np.array_equal(edges[1:], edges[:-1] + widths[:-1]):
        return None
    if not np.isinf(widths[-1]):
        return None
    full = shares * widths
    a = np.concatenate([[0.0], np.cumsum(full[:-1])])
    b = np.concatenate([[0.0], np.cumsum(full[:-1] * (edges[:-1] + 0.5 * widths[:-1]))])
    return a, b


def _g(y: np.ndarray, edges: np.ndarray, widths: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """G(y) = ∫₀ʸ share(u) du; ``y`` (...), result (...)."""
    if len(edges) == 1 and edges[0] == 0.0:
        return shares[0] * np.clip(y, 0.0, widths[0])
    if (ab := _bands(edges, widths, shares)) is not None:
        y = np.maximum(y, 0.0)
        i = np.searchsorted(edges, y, side="right") - 1
        return ab[0][i] + shares[i] * (y - edges[i])
    covered = np.clip(y[..., None] - edges, 0.0, widths)
    return (covered * shares).sum(axis=-1)


def _q(y: np.ndarray, edges: np.ndarray, widths: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Q(y) = ∫₀ʸ G(u) du, band by band: t²/2 inside a band, then w·(y − e − w) past its end.
    With contiguous bands, in closed form per band (:func:`_bands`): one lookup instead of a sum
    over the bands."""
    if len(edges) == 1 and edges[0] == 0.0 and widths[0] >= BIG_WEEKS:   # one open band
        y = np.maximum(y, 0.0)
        return 0.5 * shares[0] * y * y
    if (ab := _bands(edges, widths, shares)) is not None:
        y = np.maximum(y, 0.0)
        i = np.searchsorted(edges, y, side="right") - 1
        inside = y - edges[i]
        return ab[0][i] * y - ab[1][i] + 0.5 * shares[i] * inside * inside
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
    prior, length, active, weight = (np.asarray(a, dtype=float) for a in (prior, length, active, weight))
    x = np.asarray(x, dtype=float)
    if len(x) > 1 and x[0] == 0.0:   # K(0) = 0 for every path: integrate the other points only
        rest = weighted_k(x[1:], prior, length, active, weight, schedule)
        return np.concatenate([np.zeros((rest.shape[0], 1)), rest], axis=1)
    if (length.shape[0] == 1 and active.shape[0] == 1 and prior.shape[-1] == 1
            and prior.shape[0] > 1 and length.shape[-1] >= 64):
        return _k_drawn_prior(x, prior, length, active, weight, schedule)
    prior, length, active, weight = np.broadcast_arrays(prior, length, active, weight)
    draws, atoms = length.shape
    points = len(x)
    bands = len(schedule.edges)
    if atoms >= 64 and draws * atoms > 4096 and _few_distinct(prior, length, active):
        # Many paths share (prior, length, active), e.g. whole weeks scaled by one factor per
        # draw: integrate each distinct path once and weight it per draw.
        keys = np.stack([prior.ravel(), length.ravel(), active.ravel()], axis=1)
        order = np.lexsort((keys[:, 2], keys[:, 1], keys[:, 0]))
        ordered = keys[order]
        new = np.concatenate([[True], np.any(ordered[1:] != ordered[:-1], axis=1)])
        unique = ordered[new]
        inverse = np.empty(len(keys), dtype=int)
        inverse[order] = np.cumsum(new) - 1
        if 2 * len(unique) <= len(keys) and draws * len(unique) <= 4_000_000:
            per_path = _k_rows(x, unique, schedule)
            rows = np.repeat(np.arange(draws), atoms)
            matrix = np.bincount(rows * len(unique) + inverse, weights=weight.ravel(),
                                 minlength=draws * len(unique)).reshape(draws, len(unique))
            return matrix @ per_path
    out = np.zeros((draws, points))
    step = max(1, CHUNK_ELEMENTS // max(1, draws * points * bands * 4))
    for lo in range(0, atoms, step):
        hi = min(atoms, lo + step)
        k = path_k(x, prior[:, lo:hi], length[:, lo:hi], active[:, lo:hi], schedule)
        out += np.einsum("dax,da->dx", k, weight[:, lo:hi])
    return out


def _few_distinct(prior: np.ndarray, length: np.ndarray, active: np.ndarray,
                  rows: int = 8) -> bool:
    """Whether the (D, A) paths are worth deduplicating: in the first ``rows`` draws at most
    half the (prior, length, active) triples are distinct. Paths drawn afresh for every draw and
    atom (a three-point estimate per segment) are all distinct, and sorting them would only cost
    time and memory."""
    sample = np.stack([a[:rows].ravel() for a in (prior, length, active)], axis=1)
    return 2 * len(np.unique(sample, axis=0)) <= len(sample)


def _k_drawn_prior(x: np.ndarray, prior: np.ndarray, length: np.ndarray, active: np.ndarray,
                   weight: np.ndarray, schedule: ShareSchedule) -> np.ndarray:
    """Σ atoms weight × K when only the staircase position is drawn ((D, 1)) and the paths are
    the case's ((1, A)): each distinct (length, active) is integrated once per draw."""
    pairs = np.stack([length[0], np.minimum(active[0], length[0])], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    draws = prior.shape[0]
    if weight.shape[0] == 1:
        w = np.bincount(inverse, weights=weight[0], minlength=len(unique))[None, :]
    else:
        rows = np.repeat(np.arange(weight.shape[0]), weight.shape[1])
        w = np.bincount(rows * len(unique) + np.tile(inverse, weight.shape[0]),
                        weights=weight.ravel(), minlength=weight.shape[0] * len(unique)
                        ).reshape(weight.shape[0], len(unique))
    out = np.zeros((draws, len(x)))
    step = max(1, CHUNK_ELEMENTS // max(1, len(unique) * len(x) * len(schedule.edges) * 4))
    for lo in range(0, draws, step):
        hi = min(draws, lo + step)
        k = path_k(x, prior[lo:hi], unique[None, :, 0], unique[None, :, 1], schedule)
        out[lo:hi] = np.einsum("dux,du->dx", k, np.broadcast_to(w, (draws, len(unique)))[lo:hi])
    return out


def weighted_totals(prior: np.ndarray, length: np.ndarray, active: np.ndarray, weight: np.ndarray,
                    schedule: ShareSchedule) -> np.ndarray:
    """Σ atoms weight × municipal weeks of the whole path, (D,). When only the position is drawn
    ((D, 1)) and the paths are the case's ((1, A)), each distinct path is integrated once per
    draw, so memory stays draws × distinct paths."""
    prior, length, active, weight = (np.asarray(a, dtype=float) for a in (prior, length, active, weight))
    if not (length.shape[0] == 1 and active.shape[0] == 1 and prior.shape[0] > 1
            and length.shape[-1] >= 64):
        if length.size >= LARGE_ELEMENTS:
            return (weight * _municipal_weeks_by_band(schedule, prior, length, active)).sum(axis=1)
        return (weight * municipal_weeks(schedule, prior, length, active)).sum(axis=1)
    pairs = np.stack([length[0], np.minimum(active[0], length[0])], axis=1)
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    rows = np.repeat(np.arange(weight.shape[0]), weight.shape[1])
    w = np.bincount(rows * len(unique) + np.tile(inverse, weight.shape[0]), weights=weight.ravel(),
                    minlength=weight.shape[0] * len(unique)).reshape(weight.shape[0], len(unique))
    mw = municipal_weeks(schedule, prior, unique[None, :, 0], unique[None, :, 1])   # (D, U)
    return (w * mw).sum(axis=1)


def _municipal_weeks_by_band(schedule: ShareSchedule, prior: np.ndarray, length: np.ndarray,
                             active: np.ndarray) -> np.ndarray:
    """:func:`budgetapp.core.paths.municipal_weeks` with G in closed form (:func:`_g`): one
    lookup of the band per point instead of an array over the bands, for many (D, A) paths drawn
    afresh (equal to it up to rounding)."""
    e, w = schedule.edges, np.minimum(schedule.widths, BIG_WEEKS)
    a = np.minimum(active, length)
    start, switch, end = prior, prior + a, prior + length
    return (_g(switch, e, w, schedule.active) - _g(start, e, w, schedule.active)
            + _g(end, e, w, schedule.passive) - _g(switch, e, w, schedule.passive))


def _k_rows(x: np.ndarray, paths: np.ndarray, schedule: ShareSchedule) -> np.ndarray:
    """K(x) of each path (prior, length, active) in the rows of ``paths``: (U, X), in chunks."""
    out = np.empty((len(paths), len(x)))
    step = max(1, CHUNK_ELEMENTS // max(1, len(x) * len(schedule.edges) * 4))
    for lo in range(0, len(paths), step):
        chunk = paths[lo:lo + step]
        out[lo:lo + step] = path_k(x, chunk[None, :, 0], chunk[None, :, 1], chunk[None, :, 2],
                                   schedule)[0]
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
    # Worked in (Y, D) layout: each step is one contiguous multiply-add over all draws.
    c = np.ascontiguousarray(cohort.T)                              # (Y, Dc)
    out = np.zeros((years, draws))
    if all(p is parts[0] for p in parts):
        per_lag = np.ascontiguousarray(parts[0].T)                  # [m] = parts[:, m]
        for k in range(years):   # entry year k adds to the calendar years j = k … Y−1
            out[k:] += c[k] * per_lag[: years - k]
    else:
        stacked = np.stack([p.T for p in np.broadcast_arrays(*parts)])   # [j, m] = parts[j][:, m]
        for k in range(years):
            out[k:] += c[k] * stacked[np.arange(k, years), np.arange(years - k)]
    return np.ascontiguousarray(out.T)


def tail_after(cohort: np.ndarray, parts: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Σ_k cohort[:, k] · (total − Σ_{m ≤ Y−1−k} parts[:, m]): what falls after the horizon, (D,)."""
    years = cohort.shape[1]
    cumulative = np.cumsum(parts, axis=1)                      # (D, Y)
    within = cumulative[:, ::-1]                               # index k → Σ_{m ≤ Y−1−k}
    return (cohort * (total[:, None] - within[:, :years])).sum(axis=1)
