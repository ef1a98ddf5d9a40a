"""Benchmark: a case with 10.000 segments against the same case with 100, measured in the same run.

Run:  .venv/bin/python bench/bench_large_case.py [--segments 10000] [--reference 100] [--estimates 1000]
      [--only-estimates]

Both cases come from :func:`large_case.large_case` (one flow effect, 10 years, calendar timing, the
2016 refusion staircase). Each step runs in a fresh Python process, so its peak memory (the
process's maximum resident set, ``resource.getrusage``, including the interpreter and numpy,
about 60-100 MB) is its own:

- ``appraise``: the case's figures (:func:`budgetapp.core.appraisal.appraise`);
- ``tornado``: the default tornado (:func:`budgetapp.core.sensitivity.tornado`);
- ``break-even``: the default break-even table (what ``budgetapp case break-even FILE`` computes);
- ``simulation``: 10.000 draws with the ±20 % default estimates (the decision tab's default);
- ``export``: read the case file and write the council workbook with every sheet, including the
  decision sheet's tornado, 10.000-draw simulation and break-even (what
  ``budgetapp export FILE --xlsx OUT`` does);
- ``estimates``: 10.000 draws of the case's own three-point estimates, one for weeks on benefit
  after the effort of each of the first ``--estimates`` segments (± 2 weeks), against 10 such
  estimates in the same run (the case has ``--estimated-segments`` segments, 1.000 by default:
  a case file may hold at most 1.000 estimates).

Prints wall-clock and CPU seconds per step for both sizes, the ratio large / reference (a linear
engine gives at most segments / reference = 100; the fixed work per step keeps it far lower), and
the peak memory. Not a test: the seconds depend on the machine and its load; the CPU seconds and
the ratios vary less on a shared machine than the wall-clock figures.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STEPS = ("appraise", "tornado", "break-even", "simulation", "export")
ESTIMATES_STEP = "estimates"
DRAWS = 10_000


def run_step(step: str, case_file: Path) -> dict[str, float]:
    """Run one step on ``case_file`` in this process: wall and CPU seconds and peak memory (MB)."""
    from budgetapp.core.appraisal import appraise
    from budgetapp.core.break_even import break_even_table
    from budgetapp.core.case import load_case
    from budgetapp.core.sensitivity import tornado
    from budgetapp.core.simulation import default_estimates, simulate
    from budgetapp.export.council_workbook import content_from_cases, export_council_workbook

    case = load_case(case_file) if step != "export" else None
    wall, cpu = time.perf_counter(), time.process_time()
    if step == "export":
        content = content_from_cases([load_case(case_file)])
        content.draws = DRAWS
        with tempfile.TemporaryDirectory() as tmp:
            export_council_workbook(Path(tmp) / "byraadsmappe.xlsx", content)
    else:
        assert case is not None
        if step == "appraise":
            appraise(case)
        elif step == "tornado":
            tornado(case)
        elif step == "break-even":
            break_even_table(case)
        elif step == "simulation":
            simulate(case, draws=DRAWS, estimates=default_estimates(case))
        elif step == ESTIMATES_STEP:
            simulate(case, draws=DRAWS)
        else:
            raise SystemExit(f"unknown step {step}")
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def measure(step: str, case_file: Path) -> dict[str, float]:
    """``run_step`` in a fresh process (so the peak memory is that step's)."""
    out = subprocess.run([sys.executable, __file__, "--step", step, "--file", str(case_file)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--reference", type=int, default=100)
    parser.add_argument("--estimates", type=int, default=1000)
    parser.add_argument("--estimated-segments", type=int, default=1000)
    parser.add_argument("--only-estimates", action="store_true",
                        help="measure only the many-estimates simulation")
    parser.add_argument("--step", choices=(*STEPS, ESTIMATES_STEP), help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, args.file)))
        return 0

    from large_case import large_case

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in (args.reference, args.segments):
            files[n] = Path(tmp) / f"case-{n}.json"
            files[n].write_text(json.dumps(large_case(n).to_dict(), ensure_ascii=False), encoding="utf-8")
        print(f"{args.segments} segments against {args.reference} (same run), 10 years, calendar timing; "
              f"{DRAWS} draws")
        print(f"{'step':<12} {'ref wall':>9} {'ref cpu':>8} {'wall':>8} {'cpu':>8} {'ratio':>6} "
              f"{'ref MB':>7} {'MB':>7}")
        for step in () if args.only_estimates else STEPS:
            ref = measure(step, files[args.reference])
            big = measure(step, files[args.segments])
            ratio = big["cpu"] / ref["cpu"] if ref["cpu"] > 0 else float("inf")
            print(f"{step:<12} {ref['wall']:>8.2f}s {ref['cpu']:>7.2f}s {big['wall']:>7.2f}s "
                  f"{big['cpu']:>7.2f}s {ratio:>6.1f} {ref['peak_mb']:>7.0f} {big['peak_mb']:>7.0f}")
        files = {n: with_estimates(Path(tmp), args.estimated_segments, n) for n in (10, args.estimates)}
        ref = measure(ESTIMATES_STEP, files[10])
        big = measure(ESTIMATES_STEP, files[args.estimates])
        ratio = big["cpu"] / ref["cpu"] if ref["cpu"] > 0 else float("inf")
        print(f"\n{args.estimates} three-point estimates against 10 (same run), "
              f"{args.estimated_segments} segments, {DRAWS} draws")
        print(f"{ESTIMATES_STEP:<12} {ref['wall']:>8.2f}s {ref['cpu']:>7.2f}s {big['wall']:>7.2f}s "
              f"{big['cpu']:>7.2f}s {ratio:>6.1f} {ref['peak_mb']:>7.0f} {big['peak_mb']:>7.0f}")
    return 0


def with_estimates(folder: Path, segments: int, estimates: int) -> Path:
    """A case file of ``segments`` segments with a three-point estimate (± 2 weeks) of weeks after
    for its first ``estimates`` segments."""
    from dataclasses import replace

    from large_case import large_case

    from budgetapp.core.decision_data import Estimate

    case = large_case(segments)
    effect = case.effects[0]
    assert estimates <= len(effect.segments)
    uncertainty = tuple(Estimate(f"effects[0].segments[{i}].weeks_after", s.weeks_after - 2,
                                 s.weeks_after, s.weeks_after + 2)
                        for i, s in enumerate(effect.segments[:estimates]))
    path = folder / f"estimates-{estimates}.json"
    path.write_text(json.dumps(replace(case, uncertainty=uncertainty).to_dict(), ensure_ascii=False),
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
