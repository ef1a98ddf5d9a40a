"""The break-even search's refinement (regula falsi, Illinois variant) finds the root of any
bracketed margin to the precision asked, with few engine calls: one for a linear margin, a handful
for a kinked one (the best cumulative year switching) or a curved one (the refusion staircase)."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from budgetapp.core.break_even import RELATIVE_PRECISION, _refine


def run(g, a: float, b: float):
    calls: list[float] = []

    def margin(x: float) -> float:
        calls.append(x)
        return g(x)

    low, high, g_low, g_high = _refine(margin, a, b, g(a), g(b), RELATIVE_PRECISION * (b - a))
    value = low if g_low == g_high else low + (high - low) * (0.0 - g_low) / (g_high - g_low)
    return value, len(calls)


@given(st.floats(0.01, 0.99), st.floats(1e-3, 1e6), st.booleans())
def test_a_linear_margin_takes_one_or_two_calls(where, slope, rising):
    # bracket [0, 100], root at 100·where: g = ±slope·(x − root)
    root = 100.0 * where
    sign = 1.0 if rising else -1.0
    value, calls = run(lambda x: sign * slope * (x - root), 0.0, 100.0)
    assert math.isclose(value, root, rel_tol=1e-9, abs_tol=1e-9)
    assert calls <= 2


@given(st.floats(0.05, 0.95), st.floats(0.1, 10.0), st.floats(0.1, 10.0))
def test_a_kinked_or_curved_margin_converges_in_few_calls(where, s1, s2):
    root = 100.0 * where
    kinked = lambda x: max(s1 * (x - root), s2 * (x - root) - 1.0)  # noqa: E731  root stays root
    curved = lambda x: (x - root) * (1.0 + 0.01 * x * x)           # noqa: E731
    for g in (kinked, curved):
        value, calls = run(g, 0.0, 100.0)
        assert abs(value - root) <= 1e-9 * 100
        assert calls <= 25   # bisection alone would need about 40
