"""Benchmark: 10.000 draws × 20 cases × 10 years of the seeded simulation.

Run: ``.venv/bin/python bench/bench_simulation.py``. The 20 cases are variants of the Hillerød case
(10 years, half of them under the 2016 refusion staircase, with different inflows and costs), each
with five three-point estimates. Prints the best of five runs; the target is under 1 s.
"""

from __future__ import annotations

import time
from pathlib import Path

from budgetapp.core.case import load_case
from budgetapp.core.decision_data import Estimate
from budgetapp.core.scenarios import apply_overrides
from budgetapp.core.simulation import simulate

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "resources" / "examples" / "hillerod-straksaktivering.json"
DRAWS, CASES, YEARS = 10_000, 20, 10


def cases():
    base = load_case(CASE)
    out = []
    for i in range(CASES):
        overrides = {"years": YEARS, "inflow_per_year": 300 + 20 * i,
                     "costs[0].amount_per_year": 400_000 + 25_000 * i}
        if i % 2:
            overrides["benefit_refusion"] = {"rule": "refusionstrappe-2016"}
        case = apply_overrides(base, overrides)
        n = case.inflow_per_year
        out.append((case, [
            Estimate("inflow_per_year", 0.8 * n, n, 1.2 * n),
            Estimate("deadweight", 0.0, 0.1, 0.3),
            Estimate("segments[0].share", 0.2, 0.3, 0.35),
            Estimate("segments[1].weeks_after", 4, 6, 9),
            Estimate("benefit_per_full_year_person", 65_000, 72_000, 80_000),
        ]))
    return out


def main() -> None:
    work = cases()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for case, estimates in work:
            simulate(case, draws=DRAWS, seed=1, estimates=estimates)
        best = min(best, time.perf_counter() - start)
    print(f"{DRAWS} draws x {CASES} cases x {YEARS} years: {best:.3f} s (best of 5)")


if __name__ == "__main__":
    main()
