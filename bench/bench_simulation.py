"""Benchmark: the seeded simulation in calendar and entry-year timing, and a 10.000-segment case.

Run: ``.venv/bin/python bench/bench_simulation.py``.

1. **Simulation**: 10.000 draws × 20 cases × 10 years. Each case has three effects: the Hillerød
   effect (three segments), a second flow effect whose baseline is a 100-week survival curve, and a
   stock effect; half of the cases run under the 2016 refusion staircase. Each case has five
   three-point estimates, two of them on path inputs (a segment share and a segment's weeks
   after). The same 20 cases are timed in ``calendar`` timing and in ``entry_year`` timing in the
   same run (the reference); the target for calendar timing is under 1 s.
2. **10.000 segments**: one flow effect with 10.000 segments, 10 years, calendar timing: reading,
   appraisal, tornado, break-even table and a 10.000-draw simulation, each timed once, with the
   process's peak memory.

Prints the best of three runs for (1), in wall-clock and CPU seconds. ``bench/bench_large_case.py``
times the 10.000-segment case step by step against a 100-segment one, with export.
"""

from __future__ import annotations

import dataclasses
import resource
import sys
import time
from pathlib import Path

from budgetapp.core.appraisal import appraise
from budgetapp.core.break_even import break_even_table
from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    FlowEffect,
    PriorWeeks,
    Segment,
    StockEffect,
    case_from_dict,
    load_case,
)
from budgetapp.core.decision_data import Estimate
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import default_estimates, simulate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from large_case import large_case  # noqa: E402

CASE = ROOT / "resources" / "examples" / "hillerod-straksaktivering.json"
DRAWS, CASES, YEARS = 10_000, 20, 10
SEGMENTS = 10_000


def survival_curve(weeks: int = 100) -> tuple[float, ...]:
    """A geometric exit curve over ``weeks`` weeks (3 % leave each week), ending at 0."""
    curve = [0.97 ** k for k in range(weeks)]
    return (*curve[:-1], 0.0)


def cases(timing: str) -> list[tuple[BusinessCase, list[Estimate]]]:
    base = load_case(CASE)
    out = []
    for i in range(CASES):
        refusion = BenefitRefusion("refusionstrappe-2016") if i % 2 else base.benefit_refusion
        hill = dataclasses.replace(base.effects[0], inflow_per_year=300.0 + 20 * i,
                                   benefit_refusion=refusion)
        curve = FlowEffect(
            "Langvarige", "Aktivitetsparate", 120.0, 150_000.0, refusion,
            (Segment("kurve", 0.6, survival_before=survival_curve(), weeks_after=20,
                     weeks_in_effort=10),
             Segment("uden effekt", 0.4, 60, 60, 10)),
            (PriorWeeks(20, 0.5), PriorWeeks(80, 0.5)))
        stock = StockEffect("Varige afgange", "Sygedagpenge", 200_000.0, refusion,
                            [10.0 * (k + 1) for k in range(YEARS)])
        case = BusinessCase(
            name=f"Case {i}", start_year=2027, years=YEARS, effects=(hill, curve, stock),
            timing=timing,
            costs=(CostLine("Løn", amount_per_year=400_000.0 + 25_000 * i),
                   CostLine("Mentor", kind="per_participant", amount_per_full_year_participant=30_000.0)))
        n = hill.inflow_per_year
        out.append((case, [
            Estimate("effects[0].inflow_per_year", 0.8 * n, n, 1.2 * n),
            Estimate("effects[0].deadweight", 0.0, 0.1, 0.3),
            Estimate("effects[0].segments[0].share", 0.2, 0.3, 0.35),
            Estimate("effects[0].segments[1].weeks_after", 4, 6, 9),
            Estimate("effects[1].benefit_per_full_year_person", 130_000, 150_000, 170_000),
        ]))
    return out


def time_simulations(work: list[tuple[BusinessCase, list[Estimate]]], runs: int = 3) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds of ``runs`` runs (CPU time varies less on a shared
    machine)."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for case, estimates in work:
            simulate(case, draws=DRAWS, seed=1, estimates=estimates)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best, best_cpu


def time_large() -> list[tuple[str, float]]:
    case = large_case(SEGMENTS, YEARS)
    data = case.to_dict()
    steps = [("læs og valider", lambda: case_from_dict(data)), ("beregn", lambda: appraise(case)),
             ("tornado", lambda: tornado(case)), ("break-even", lambda: break_even_table(case)),
             (f"simulering {DRAWS} træk (±20 % på nøgleinput)",
              lambda: simulate(case, draws=DRAWS, estimates=default_estimates(case)))]
    out = []
    for name, step in steps:
        start = time.perf_counter()
        step()
        out.append((name, time.perf_counter() - start))
    return out


def main() -> None:
    calendar, calendar_cpu = time_simulations(cases("calendar"))
    entry, entry_cpu = time_simulations(cases("entry_year"))
    print(f"{DRAWS} draws x {CASES} cases (3 effects, one 100-week survival curve) x {YEARS} years")
    print(f"  calendar timing:   {calendar:.3f} s wall, {calendar_cpu:.3f} s CPU (best of 3)")
    print(f"  entry-year timing: {entry:.3f} s wall, {entry_cpu:.3f} s CPU (best of 3, same run)")
    print(f"  ratio calendar / entry-year: {calendar / entry:.2f} wall, {calendar_cpu / entry_cpu:.2f} CPU")
    print(f"{SEGMENTS} segments x {YEARS} years, calendar timing:")
    for name, seconds in time_large():
        print(f"  {name}: {seconds:.2f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of the whole run: {peak:.0f} MB")


if __name__ == "__main__":
    main()
