"""Exact integration of the municipal share along a benefit path.

A path is ``length`` weeks on benefit starting at staircase position ``prior`` (weeks already
counted), the first ``active`` weeks of it in an active effort. Benefit week n covers the time
from n−1 to n weeks, so a fractional week counts in proportion. The share is a step function
of the position, so its integral is piecewise linear and is computed exactly, band by band.

All functions take numpy arrays (or scalars) and broadcast, so many segments, cases and
parameter draws are evaluated in one call.
"""

from __future__ import annotations

import numpy as np

from budgetapp.core.rules import ShareSchedule

ArrayLike = float | np.ndarray


def cumulative_share(position: ArrayLike, edges: np.ndarray, widths: np.ndarray,
                     shares: np.ndarray) -> np.ndarray:
    """∫₀^position share(s) ds for a step function given by band edges, widths and shares."""
    x = np.asarray(position, dtype=float)[..., None]
    covered = np.clip(x - edges, 0.0, widths)
    return (covered * shares).sum(axis=-1)


def municipal_weeks(schedule: ShareSchedule, prior: ArrayLike, length: ArrayLike,
                    active: ArrayLike) -> np.ndarray:
    """Municipal week-equivalents of a path: Σ over its weeks of the municipality's share.

    Multiply by the weekly benefit to get kroner.
    """
    p = np.asarray(prior, dtype=float)
    n = np.asarray(length, dtype=float)
    a = np.minimum(np.asarray(active, dtype=float), n)
    e, w = schedule.edges, schedule.widths
    active_part = cumulative_share(p + a, e, w, schedule.active) - cumulative_share(
        p, e, w, schedule.active
    )
    passive_part = cumulative_share(p + n, e, w, schedule.passive) - cumulative_share(
        p + a, e, w, schedule.passive
    )
    return active_part + passive_part


def share_at(schedule: ShareSchedule, position: ArrayLike, active: bool) -> np.ndarray:
    """The municipality's share at a continuous week position (for charts and tests)."""
    x = np.asarray(position, dtype=float)[..., None]
    inside = (x >= schedule.edges) & (x < schedule.edges + schedule.widths)
    shares = schedule.active if active else schedule.passive
    return (inside * shares).sum(axis=-1)
