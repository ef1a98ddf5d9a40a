"""A sheet at the cell limit (workbook_reader.MAX_CELLS) is read under 1 GB; one cell row more is
refused while the sheet is scanned, before python-calamine reads it.

The sheets are the costliest kind per cell: every cell a distinct inline text, and no cell with
an ``r`` attribute. ``import-check`` runs in a child process whose address space is limited to
1 GB (``resource.setrlimit``); the outcome must be a clean Danish message, never a MemoryError or
a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from budgetapp.io import workbook_reader
from tests.import_helpers import write_raw_xlsx

resource = pytest.importorskip("resource")

ROOT = Path(__file__).resolve().parent.parent
COLS = 6


def write_text_sheet(path: Path, rows: int) -> Path:
    """``rows`` rows × COLS columns of distinct short texts (no header the importer knows)."""
    write_raw_xlsx(path, {"Ark1": [["x"]]})
    with zipfile.ZipFile(path) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    head, tail = members.pop("xl/worksheets/sheet1.xml").split(b"<sheetData>")
    tail = tail.split(b"</sheetData>")[1]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name, data in members.items():
            out.writestr(name, data)
        with out.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head + b"<sheetData>")
            for start in range(1, rows + 1, 10_000):
                sheet.write("".join(
                    f'<row r="{r}">' + "".join(f"<c t=\"inlineStr\"><is><t>{c}{r}</t></is></c>"
                                               for c in range(COLS))
                    + "</row>" for r in range(start, min(start + 10_000, rows + 1))).encode())
            sheet.write(b"</sheetData>" + tail)
    return path


def limited_check(path: Path) -> subprocess.CompletedProcess[str]:
    limit = 1 << 30
    code = ("import resource, sys\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
            "from budgetapp.cli import main\n"
            f"sys.exit(main(['import-check', {str(path)!r}]))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600,
                          check=False)


@pytest.mark.slow
def test_a_sheet_at_the_cell_limit_is_read_under_1_gb_and_one_row_more_is_refused(tmp_path: Path) -> None:
    rows = workbook_reader.MAX_CELLS // COLS  # 3.000.000 / 6 = 500.000 rows: exactly at the limit
    at_limit = limited_check(write_text_sheet(tmp_path / "ved-graensen.xlsx", rows))
    out = at_limit.stdout + at_limit.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert at_limit.returncode == 1, out[-2000:]  # read whole, then refused: no budget header
    assert "for stort" not in out and "intet er indlæst" in out, out[-2000:]

    over = limited_check(write_text_sheet(tmp_path / "over-graensen.xlsx", rows + 1))
    out = over.stdout + over.stderr
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
    assert over.returncode == 1
    # 500.001 rows × 6 columns = 3.000.006 cells
    assert ("Arket 'Ark1' er for stort: 500.001 rækker × 6 kolonner (3.000.006 celler); højst 3.000.000 "
            "celler kan indlæses") in out, out[-2000:]
