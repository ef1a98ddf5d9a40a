"""Benchmark: export the demo project's council workbook (and, for comparison, one proposal PDF).

Run:  .venv/bin/python bench/bench_export.py [--repeat 5] [--pdf]

Loads ``resources/demo/eksempel-kommune.jcbudget`` once, then times ``content_from_project`` +
``export_council_workbook`` (appraisals, every sheet with formulas, values and charts, the safe
write with fsync and rename) ``--repeat`` times and prints the best and the median. ``--pdf`` also
times the committee proposal of the first case. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="time the committee proposal PDF too")
    args = parser.parse_args()

    from budgetapp.export.council_workbook import content_from_project, export_council_workbook
    from budgetapp.io.project_file import load_project

    project = load_project(ROOT / "resources" / "demo" / "eksempel-kommune.jcbudget")
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "byraadsmappe.xlsx"
        for _ in range(args.repeat):
            start = time.perf_counter()
            layout = export_council_workbook(out, content_from_project(project))
            times.append(time.perf_counter() - start)
        size = out.stat().st_size
        print(f"Byrådsmappe for demoprojektet: {len(layout.cases)} cases, {len(layout.sheets)} ark, "
              f"{size / 1024:.0f} KB")
        print(f"  bedst {min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms "
              f"({args.repeat} gange)")
        if args.pdf:
            from budgetapp.export.proposal_pdf import export_proposal_pdf

            case = content_from_project(project).cases[0]
            start = time.perf_counter()
            export_proposal_pdf(Path(tmp) / "indstilling.pdf", case, project.municipality,
                                f"{project.price_level_year} p/l", project.budget_year)
            print(f"Udvalgsindstilling (PDF, første gang inkl. Qt-opstart): "
                  f"{(time.perf_counter() - start) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
