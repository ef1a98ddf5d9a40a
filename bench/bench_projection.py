"""Benchmark: the demo's projection with each line converted by its own price index.

Run:  .venv/bin/python bench/bench_projection.py [--repeat 20]

Loads ``resources/demo/eksempel-kommune.jcbudget`` once and times, ``--repeat`` times each:

- reference: appraising the demo's cases as entered (``appraise`` of each case, no conversion);
- cold: a new ``ProjectionEngine`` and ``result()`` (every case converted per styringsområde with
  ``convert_case`` and appraised, the base budget converted line by line);
- toggle: ``result()`` again on the same engine with one case switched off (cached appraisals).

Prints the median of each and the ratios cold / reference and toggle / reference, measured in the
same run. Not a test: the absolute figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from budgetapp.core.appraisal import appraise
    from budgetapp.core.projection import ProjectionEngine
    from budgetapp.io.project_file import load_project

    project = load_project(ROOT / "resources" / "demo" / "eksempel-kommune.jcbudget")
    names = [c.name for c in project.cases]

    def reference() -> None:
        for entry in project.cases:
            appraise(entry.case)

    def cold() -> None:
        ProjectionEngine(project).result()

    engine = ProjectionEngine(project)
    engine.result()

    def toggle() -> None:
        engine.result(enabled=names[1:])

    ref, c, t = (_median(fn, args.repeat) for fn in (reference, cold, toggle))
    print(f"reference (appraise {len(names)} cases): {ref * 1000:8.2f} ms")
    print(f"cold projection:                {c * 1000:8.2f} ms  ({c / ref:5.2f} × reference)")
    print(f"toggle (cached appraisals):     {t * 1000:8.2f} ms  ({t / ref:5.2f} × reference)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
