"""XML's freedoms (an element prefix, single-quoted attributes, white space around ``=``) must not
hide a far cell, a repeated ODS row or a hidden row from the bounded reading: each spelling of the
same hostile sheet is refused (under 1 GB, in a child process) or named as hidden, like the usual
spelling."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from budgetapp.io.import_budget import read_budget
from tests.import_helpers import BUDGET_HEADER, write_raw_xlsx
from tests.test_import_bounded import ROW, VALUE_CELL, assert_refused, limited_check, write_ods_table

pytest.importorskip("resource")

FAR = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def prefixed(xml: str) -> str:
    """The sheet with every element in the ``x:`` prefix bound to the main namespace."""
    xml = xml.replace(f'xmlns="{MAIN_NS}"', f'xmlns:x="{MAIN_NS}"')
    return re.sub(r"<(/?)(worksheet|dimension|sheetData|row|c|v|is|t)(?=[\s/>])", r"<\1x:\2", xml)


def single_quoted(xml: str) -> str:
    return re.sub(r'(\s[\w:]+)="([^"]*)"', r"\1='\2'", xml)


def spaced(xml: str) -> str:
    return re.sub(r'(\s[\w:]+)="([^"]*)"', r'\1 = "\2"', xml)


SPELLINGS: dict[str, Callable[[str], str]] = {"prefix x:": prefixed, "single quotes": single_quoted,
                                              "spaces around =": spaced}


def respell(path: Path, sheet: Callable[[str], str], workbook: Callable[[str], str] = lambda x: x) -> Path:
    """Rewrite the worksheet and workbook.xml of ``path`` in another (valid) XML spelling."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name).decode() for name in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet(members["xl/worksheets/sheet1.xml"])
    members["xl/workbook.xml"] = workbook(members["xl/workbook.xml"])
    members["xl/_rels/workbook.xml.rels"] = workbook(members["xl/_rels/workbook.xml.rels"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_far_cell_in_any_xml_spelling_is_refused_under_1_gb(tmp_path: Path, spelling: str) -> None:
    # A1 and XFD1048576: 1.048.576 rows × 16.384 columns = 17.179.869.184 cells if loaded.
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}, extra_rows={"Budget": FAR})
    respell(path, SPELLINGS[spelling])
    assert_refused(limited_check(path), "1.048.576 rækker × 16.384 kolonner (17.179.869.184 celler)")


def test_far_cell_behind_a_single_quoted_workbook_is_refused_under_1_gb(tmp_path: Path) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]}, extra_rows={"Budget": FAR})
    respell(path, single_quoted, workbook=single_quoted)
    assert_refused(limited_check(path), "1.048.576 rækker × 16.384 kolonner (17.179.869.184 celler)")


@pytest.mark.parametrize("spelling", [*SPELLINGS, "single-quoted workbook"])
def test_hidden_row_in_any_xml_spelling_is_named(tmp_path: Path, spelling: str) -> None:
    path = write_raw_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW, ROW]},
                          hidden_rows={"Budget": {2}})
    if spelling == "single-quoted workbook":
        respell(path, lambda x: x, workbook=single_quoted)
    else:
        respell(path, SPELLINGS[spelling])
    errors = [e.expected for e in read_budget(path).report.errors]
    assert any("række 3 er skjult i regnearket" in e for e in errors), errors


def test_ods_single_quoted_repeats_are_refused_while_reading_under_1_gb(tmp_path: Path) -> None:
    cell = VALUE_CELL.replace("<table:table-cell ", "<table:table-cell table:number-columns-repeated='1000' ")
    rows = f"<table:table-row table:number-rows-repeated = '1000000'>{cell}</table:table-row>"
    path = write_ods_table(tmp_path / "b.ods", rows)
    assert_refused(limited_check(path), "1.000.000 rækker × 1.000 kolonner (1.000.000.000 celler)")


def test_ods_single_quoted_collapsed_row_is_named(tmp_path: Path) -> None:
    def row(values: list[object], attrs: str = "") -> str:
        return f"<table:table-row{attrs}>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
            if isinstance(v, str) else VALUE_CELL.replace('"1"', f'"{v}"').replace(">1<", f">{v}<")
            for v in values) + "</table:table-row>"
    path = write_ods_table(tmp_path / "b.ods", row(BUDGET_HEADER) + row(ROW)
                           + row(ROW, " table:visibility='collapse'"))
    errors = [e.expected for e in read_budget(path).report.errors]
    assert any("række 3 er skjult i regnearket" in e for e in errors), errors
