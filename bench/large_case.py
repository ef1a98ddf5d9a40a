"""A business case with many segments, for the large-case benchmarks (and as a file for the CLI).

Run:  .venv/bin/python bench/large_case.py OUT.json [--segments 10000] [--years 10]

writes a ``budgetapp.case/2`` file with one flow effect of ``--segments`` segments (random shares,
10-80 weeks on benefit without the effort, 4-10 with it, 4 weeks in the effort, seeded so every run
writes the same file), the 2016 refusion staircase, calendar timing, a fixed cost line and a cost
per full-year participant. ``budgetapp export OUT.json --xlsx X.xlsx`` and ``budgetapp case
break-even OUT.json`` then run on it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budgetapp.core.case import (
    BenefitRefusion,
    BusinessCase,
    CostLine,
    FlowEffect,
    PriorWeeks,
    Segment,
)

SEGMENTS, YEARS = 10_000, 10


def large_case(segments: int = SEGMENTS, years: int = YEARS, seed: int = 1) -> BusinessCase:
    """One flow effect with ``segments`` segments over ``years`` years (see the module text)."""
    rng = np.random.default_rng(seed)
    shares = rng.random(segments)
    shares /= shares.sum()
    out = [Segment(f"s{i}", float(shares[i]), float(rng.integers(10, 80)),
                   float(rng.integers(4, 10)), 4.0) for i in range(segments - 1)]
    out.append(Segment("rest", max(0.0, 1.0 - sum(s.share for s in out)), 30, 5, 4))
    effect = FlowEffect("Mange segmenter", "Kontanthjælp", 500.0, 150_000.0,
                        BenefitRefusion("refusionstrappe-2016"), tuple(out),
                        (PriorWeeks(10, 1.0),))
    return BusinessCase(f"{segments} segmenter", 2027, years, (effect,),
                        costs=(CostLine("Løn", amount_per_year=1e6),
                               CostLine("Mentor", kind="per_participant",
                                        amount_per_full_year_participant=40_000.0)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--segments", type=int, default=SEGMENTS)
    parser.add_argument("--years", type=int, default=YEARS)
    args = parser.parse_args()
    data = large_case(args.segments, args.years).to_dict()
    args.out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    print(f"{args.out}: {args.segments} segmenter, {args.years} år")
    return 0


if __name__ == "__main__":
    sys.exit(main())
