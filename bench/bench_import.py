"""Benchmark: import a 200.000-row budget sheet (7 columns) with full validation.

Run:  .venv/bin/python bench/bench_import.py [--rows 200000] [--repeat 3] [--soffice]

Prints the time to write the test file, to read it raw with python-calamine (the reference), and
to import it with validation (``read_budget``: the bounded zip check and sheet scan, header
recognition, Danish number parsing, per-row checks against the refusion rules, duplicate and
totals checks), each the best of ``--repeat`` runs, measured alternately in the same run, and the
ratio import / raw read (target: at most 1,2). ``--soffice`` also times LibreOffice converting
the same file to CSV headless. Not a test: the figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GROUPS = ("dagpenge", "kontant_uddannelseshjaelp", "sygedagpenge", "ledighedsydelse",
          "revalidering", "ressourceforloeb", "jobafklaring", "integrationsydelse")


def write_sheet(path: Path, rows: int) -> None:
    """7 columns; each row a distinct (group, year) so the duplicate check passes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = book.add_worksheet("Budget")
    ws.write_row(0, 0, ["Målgruppe", "År", "Helårspersoner", "Ydelse pr. helårsperson (kr.)",
                        "Refusionsregel", "Gns. refusionssats (%)", "Indsats pr. helårsperson (kr.)"])
    for i in range(rows):
        group = f"{GROUPS[i % len(GROUPS)]}-{i // (len(GROUPS) * 100)}"
        year = 2000 + (i // len(GROUPS)) % 100
        ws.write_row(i + 1, 0, [group, year, 100.0 + i % 500, 150000.0 + (i % 1000) * 10,
                                "refusionstrappe-2016", 0.35, 12000.0])
    book.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs of each")
    parser.add_argument("--soffice", action="store_true", help="time LibreOffice too")
    args = parser.parse_args()

    import python_calamine

    from budgetapp.io.import_budget import read_budget

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "budget-200k.xlsx"
        t0 = time.perf_counter()
        write_sheet(path, args.rows)
        t_write = time.perf_counter() - t0
        size_mb = path.stat().st_size / 2**20

        t_raw = t_import = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            raw = book.get_sheet_by_name("Budget").to_python()
            t_raw = min(t_raw, time.perf_counter() - t0)
            del raw, book

            t0 = time.perf_counter()
            result = read_budget(path, known_groups={})
            t_import = min(t_import, time.perf_counter() - t0)
            assert result.report.ok, result.report.to_text(limit=5)
            assert len(result.groups) == args.rows, len(result.groups)
            del result

        print(f"Rækker: {args.rows:,} × 7 kolonner, fil {size_mb:.1f} MB (skrevet på {t_write:.1f} s)")
        print(f"python-calamine, rå læsning:       {t_raw:.2f} s")
        print(f"import med validering (read_budget): {t_import:.2f} s")
        print(f"forhold import / rå læsning:         {t_import / t_raw:.2f} ×".replace(".", ","))
        if args.soffice:
            soffice = shutil.which("soffice")
            if soffice is None:
                print("LibreOffice (soffice) findes ikke")
            else:
                t0 = time.perf_counter()
                subprocess.run([soffice, "--headless", "--convert-to", "csv", "--outdir", tmp, str(path)],
                               check=False, capture_output=True)
                t_office = time.perf_counter() - t0
                print(f"LibreOffice headless til CSV:        {t_office:.2f} s "
                      f"({t_office / t_raw:.2f} × rå læsning)".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
