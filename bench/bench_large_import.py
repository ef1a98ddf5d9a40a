"""Benchmark: import of a very large budget sheet (default 900.000 rows × 6 columns), with the
wall time, CPU time and peak memory (resident set) of each step, each in its own process.

Run:  .venv/bin/python bench/bench_large_import.py [--rows 900000] [--cols 6]

Steps: ``open`` (open_workbook: the bounded zip check and the sheet scan), ``load`` (the same,
then python-calamine's read of the sheet into rows) and ``import`` (read_budget: all of it, with
validation). A file over the cell limit (workbook_reader.MAX_CELLS) is refused in the ``open``
step; the message is printed. Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)", "Refusionsregel",
          "Gns. refusionssats (%)", "Indsats pr. helårsperson (kr.)"]
GROUPS = ("dagpenge", "kontant_uddannelseshjaelp", "sygedagpenge", "ledighedsydelse",
          "revalidering", "ressourceforloeb", "jobafklaring", "integrationsydelse")

STEP_CODE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
path = Path({path!r})
step = {step!r}
t0 = time.perf_counter()
outcome = "ok"
try:
    if step == "import":
        from budgetapp.io.import_budget import read_budget
        result = read_budget(path, known_groups={{}})
        outcome = "ok" if result.report.ok else result.report.to_text(limit=2)
    else:
        from budgetapp.io.workbook_reader import WorkbookError, open_workbook
        try:
            book = open_workbook(path)
            if step == "load":
                book.sheet(book.sheet_names[0])
        except WorkbookError as exc:
            outcome = "afvist: " + str(exc)
except MemoryError:
    outcome = "MemoryError"
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"wall": time.perf_counter() - t0, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "outcome": outcome}}))
"""


def write_sheet(path: Path, rows: int, cols: int) -> None:
    """A budget sheet of ``rows`` data rows and the first ``cols`` columns of the template
    (XlsxWriter's constant-memory mode: rows are written straight to the file)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Budget")
    sheet.write_row(0, 0, HEADER[:cols])
    for i in range(rows):
        group = f"{GROUPS[i % len(GROUPS)]}-{i // (len(GROUPS) * 100)}"
        year = 2000 + (i // len(GROUPS)) % 100
        values = [group, year, 100.0 + i % 500, 150000.0 + (i % 1000) * 10, "refusionstrappe-2016", 0.35,
                  12000.0]
        sheet.write_row(i + 1, 0, values[:cols])
    book.close()


def run_step(path: Path, step: str) -> dict[str, object]:
    code = STEP_CODE.format(root=str(ROOT), path=str(path), step=step)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"wall": 0.0, "cpu": 0.0, "peak_mb": 0.0,
                "outcome": f"fejl (kode {done.returncode}): {done.stderr.strip()[-300:]}"}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=900_000)
    parser.add_argument("--cols", type=int, default=6)
    parser.add_argument("--steps", default="open,load,import")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stor.xlsx"
        t0 = time.perf_counter()
        write_sheet(path, args.rows, args.cols)
        print(f"{args.rows:,} rækker × {args.cols} kolonner ({(args.rows + 1) * args.cols:,} celler), "
              f"fil {path.stat().st_size / 2**20:.1f} MB, skrevet på {time.perf_counter() - t0:.1f} s")
        for step in args.steps.split(","):
            found = run_step(path, step)
            print(f"{step:7s} {found['wall']:6.1f} s væg, {found['cpu']:6.1f} s CPU, "
                  f"top {found['peak_mb']:6.0f} MB: {str(found['outcome'])[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
