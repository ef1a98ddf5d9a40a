"""No CSV the product writes opens as a live formula (CSV injection, OWASP).

Each test writes its own hostile names (cases, scenarios, criteria named like formulas) through
the real writers and, where LibreOffice is installed (CI installs it), opens the CSV in Calc,
converts it to xlsx and asserts with openpyxl that no cell is a formula and negative amounts
are still numbers.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetapp.core.csv_safe import FORMULA_START, csv_bytes, csv_cell, escape_text

HOSTILE = [
    '=HYPERLINK("http://x","klik")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+2",
    "\r=1+2",
    "=1+2;=3+4",  # the delimiter inside a name
]


def test_text_beginning_like_a_formula_gets_a_quote():
    assert escape_text('=HYPERLINK("http://x","klik")') == '\'=HYPERLINK("http://x","klik")'
    assert escape_text("-2+3") == "'-2+3"
    assert escape_text("\t=1") == "'\t=1"
    assert escape_text("Straksaktivering") == "Straksaktivering"
    assert escape_text("") == ""


def test_numbers_stay_numbers_and_text_is_escaped():
    fmt = lambda v: f"{v:.2f}".replace(".", ",")  # noqa: E731
    assert csv_cell(-1234.5, fmt) == "-1234,50"
    assert csv_cell(-7) == "-7"
    assert csv_cell("-7") == "'-7"  # text that looks like a number is still text
    assert csv_cell(float("nan"), fmt) == ""
    assert csv_cell(None) == ""


@given(st.text())
def test_no_text_cell_starts_like_a_formula(text):
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA_START)
    assert cell == text or cell == "'" + text


def test_whole_file_escapes_header_and_rows():
    data = csv_bytes(["Navn", "=A1"], [["=2+2", -1.5], ["ok", 3.0]]).decode("utf-8-sig")
    assert data.splitlines() == ["Navn;'=A1", "'=2+2;-1,5", "ok;3,0"]


def _open_in_calc(csv_path, tmp_path):
    """The CSV as LibreOffice Calc reads it (Danish locale, ';', UTF-8), saved as xlsx."""
    openpyxl = pytest.importorskip("openpyxl")
    if shutil.which("soffice") is None:
        pytest.skip("soffice (libreoffice-calc-nogui) is missing")
    out = tmp_path / "calc"
    out.mkdir(exist_ok=True)
    profile = tmp_path / "lo-profile"
    # CSV filter options: separator 59 (;), text quote 34 ("), charset 76 (UTF-8), start row 1,
    # no column formats, language 1030 (da-DK) so "-1234,5" is a number
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--infilter=CSV:59,34,76,1,,1030", "--convert-to", "xlsx", "--outdir", str(out),
                    str(csv_path)], check=True, capture_output=True, timeout=180)
    book = openpyxl.load_workbook(out / (csv_path.stem + ".xlsx"))
    return [[cell for cell in row] for row in book.active.iter_rows()]


def _assert_no_formulas(cells):
    for row in cells:
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} er en formel: {cell.value!r}"
            assert not (isinstance(cell.value, str) and cell.value.startswith("=")), cell.value


def test_calc_opens_no_formula_from_the_gui_writers(qtbot, tmp_path):
    from budgetapp.ui.charts import MoneyByYearChart
    from budgetapp.ui.decision.table import DataTable

    class HostileChart(MoneyByYearChart):
        def data_table(self):
            return (["Scenarie", "=SUM(A1:A9)"],
                    [[name, -1234.5 - i] for i, name in enumerate(HOSTILE)])

    chart = HostileChart("Diagram")
    qtbot.addWidget(chart)
    table = DataTable("Tabel")
    qtbot.addWidget(table)
    table.header = ["Kriterium", "Værdi"]
    table.rows = [[name, -0.25] for name in HOSTILE]

    chart_csv, table_csv = tmp_path / "diagram.csv", tmp_path / "tabel.csv"
    chart.export_csv(chart_csv)
    table.export_csv(table_csv)
    for path in (chart_csv, table_csv):
        cells = _open_in_calc(path, tmp_path)
        _assert_no_formulas(cells)
        names = [row[0].value for row in cells[1:]]
        # Calc shows the escaped text without the quote prefix or with it; never evaluated
        assert len(names) == len(HOSTILE)
        for shown, original in zip(names, HOSTILE, strict=True):
            assert original.strip("\t\r") in str(shown)
        numbers = [row[1].value for row in cells[1:]]
        assert all(isinstance(v, int | float) and v < 0 for v in numbers), numbers
    # chart: -1234,5 − i written with two decimals; table: -0,25 with four
    assert _open_in_calc(chart_csv, tmp_path)[1][1].value == pytest.approx(-1234.5)
    assert _open_in_calc(table_csv, tmp_path)[2][1].value == pytest.approx(-0.25)
