"""The council workbook's structure, formats and text safety (no LibreOffice needed)."""

from __future__ import annotations

import dataclasses
import zipfile

import openpyxl
import pytest
from conftest import HILLEROD

from budgetapp.cli import main
from budgetapp.core.case import load_case
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases
from budgetapp.export.workbook_style import FMT_THOUSAND_KR


@pytest.fixture(scope="module")
def hillerod_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("wb") / "hill.xlsx"
    layout = build_council_workbook(out, content_from_cases([load_case(HILLEROD)]))
    return out, layout


def test_sheets_names_and_formulas(hillerod_book):
    path, layout = hillerod_book
    assert layout.sheets == ["Resumé", "Økonomiske konsekvenser", "Straksaktivering af unge (Hille",
                             "Følsomhed og usikkerhed", "Opfølgning", "Forudsætninger"]
    wb = openpyxl.load_workbook(path)
    lay = layout.cases[0]
    ws = wb[lay.sheet]
    names = set(ws.defined_names)
    assert {"Effekt1_Ydelse", "Effekt1_Doedvaegt", "Effekt1_Persistens", "Uger_pr_aar"} <= names
    # the municipal saving is a live formula over the effect's saving; the effect's saving over
    # the benefit input and the per-entrant week-equivalents (computed values, as the sheet says)
    cell = ws.cell(lay.result_rows["municipal_saving"] + 1, lay.year_col(2013) + 1)
    assert cell.data_type == "f"
    effect = lay.effects[0]
    saving = ws.cell(effect["municipal_saving"] + 1, lay.year_col(2013) + 1).value
    assert "Effekt1_Ydelse" in saving and "Uger_pr_aar" in saving
    assert "Beregnede værdier" in ws.cell(lay.timing_note_row + 1, 1).value


def test_cached_values_and_number_formats(hillerod_book):
    path, layout = hillerod_book
    lay = layout.cases[0]
    ws = openpyxl.load_workbook(path, data_only=True)[lay.sheet]
    net = ws.cell(lay.result_rows["net_cost"] + 1, lay.year_col(2016) + 1)
    # 500.000 + 167.000 × (1 − 0,5) = 583.500 kr., stored in kr. and shown in 1.000 kr. by the format
    assert net.value == pytest.approx(583500.0)
    assert net.number_format == FMT_THOUSAND_KR
    refusion = ws.cell(lay.result_rows["cost_refusion"] + 1, lay.year_col(2016) + 1)
    assert refusion.value == pytest.approx(-83500.0)  # revenue is negative: 167.000 × 0,5
    summary = openpyxl.load_workbook(path, data_only=True)["Resumé"]
    row, col = layout.summary_cells["Straksaktivering af unge (Hillerød)"][2013]
    # net effect 2013: 583.500 − 1.946.336,54 = −1.362.836,54 kr.
    assert summary.cell(row + 1, col + 1).value == pytest.approx(-1362836.5384615383)


def test_print_setup_frozen_panes_and_charts(hillerod_book):
    path, layout = hillerod_book
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.cases[0].sheet]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    # fit to one page wide (fitToWidth absent = the schema default 1), any number of pages tall
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$2"
    assert ws.freeze_panes == f"C{layout.cases[0].header_row + 2}"
    assert wb["Forudsætninger"].print_title_rows is not None
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        kinds = sorted("barChart" if "<c:barChart>" in z.read(n).decode() else "lineChart" for n in charts)
    # the case sheet: bars and a line; "Følsomhed og usikkerhed": tornado and scenario bars, fan line
    assert kinds == ["barChart", "barChart", "barChart", "lineChart", "lineChart"]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    case = load_case(HILLEROD)
    case = dataclasses.replace(
        case.with_effect(0, segments=(dataclasses.replace(case.segments[0], name="@SUM(A1)"),
                                      *case.segments[1:])),
        name="=HYPERLINK(\"http://x\")", decision_text="+1 mio. kr.",
        notes={**case.notes, "inflow_per_year": "-459 unge"})
    out = tmp_path / "t.xlsx"
    layout = build_council_workbook(out, content_from_cases([case]))
    wb = openpyxl.load_workbook(out)
    texts = {"=HYPERLINK(\"http://x\")", "+1 mio. kr.", "@SUM(A1)", "-459 unge"}
    found = {}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in texts:
                    found.setdefault(cell.value, set()).add(cell.data_type)
    assert set(found) == texts
    assert all(kinds == {"s"} for kinds in found.values()), found
    assert layout.cases[0].sheet == "HYPERLINK(\"http___x\")"  # the tab drops the leading =


def test_cli_exports_a_case_file_and_rejects_a_wrong_case_name(tmp_path, capsys):
    out = tmp_path / "ud.xlsx"
    assert main(["export", str(HILLEROD), "--xlsx", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames[0] == "Resumé"
    assert main(["export", str(HILLEROD), "--xlsx", str(tmp_path / "b.xlsx"), "--case", "Andet"]) == 2
    assert "ikke 'Andet'" in capsys.readouterr().err
    assert not (tmp_path / "b.xlsx").exists()
    assert main(["export", str(HILLEROD)]) == 2


def test_a_text_longer_than_a_cell_holds_is_cut_visibly(tmp_path):
    case = dataclasses.replace(load_case(HILLEROD), decision_text="Indstilling. " * 5000)  # 65.000 chars
    out = tmp_path / "lang.xlsx"
    build_council_workbook(out, content_from_cases([case]))
    summary = openpyxl.load_workbook(out)["Resumé"]
    texts = [c.value for row in summary.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("Indstilling. Indstilling.")]
    assert len(texts) == 1 and len(texts[0]) == 32_000
    assert texts[0].endswith("(teksten er forkortet her; hele teksten står i business casen)")


def test_long_sources_get_rows_tall_enough(tmp_path):
    from conftest import RESOURCES

    from budgetapp.export.council_workbook import content_from_project
    from budgetapp.io.project_file import load_project

    content = content_from_project(load_project(RESOURCES / "demo" / "eksempel-kommune.jcbudget"))
    content.draws = 50
    out = tmp_path / "demo.xlsx"
    build_council_workbook(out, content)
    wb = openpyxl.load_workbook(out)
    for sheet, col in (("Basisbudget", 12), ("Puljer", None)):
        ws = wb[sheet]
        checked = 0
        for row in ws.iter_rows(min_row=6):
            for cell in row:
                if col is not None and cell.column != col:
                    continue
                if isinstance(cell.value, str) and cell.alignment.wrap_text and len(cell.value) > 140:
                    # a column 60 wide holds about 69 characters a line → at least 3 lines of 13 pt
                    height = ws.row_dimensions[cell.row].height
                    assert height is not None and height >= 3 * 13, (sheet, cell.coordinate, height)
                    checked += 1
        assert checked > 0, sheet
