"""Rows and columns too small to show anything count as hidden: an xlsx row lower than 1,5 pt
(``ht="0.0001"``, which Excel shows as hidden), an xlsx column narrower than 0,2 characters, an
ODS row or column whose automatic style gives it a height or width under 1,5 pt (``0cm``,
``0in``, ``0.01mm``). They are named in the report and need the user's choice, like
``hidden="1"`` and ``table:visibility="collapse"``."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from budgetapp.io import text_bounds
from budgetapp.io.cells import cell_name
from budgetapp.io.import_budget import read_budget
from budgetapp.io.layouts import store
from budgetapp.io.workbook_reader import open_workbook
from tests.import_helpers import BUDGET_HEADER, write_ods_table, write_raw_xlsx, xlsx_cell

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
VISIBLE = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]
HIDDEN = ["kontanthjælp", 2027, 100, 120000, "medfinansiering-2016", 0.5, 9000]


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "config_path", lambda: tmp_path / "config" / "layouts.json")


def messages(result) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(f"{p.address}: {p.expected}" for p in result.report.problems)


def write_xlsx(path: Path, third_row_attrs: str = "", cols: str = "") -> Path:
    """Header, a visible row and row 3 with ``third_row_attrs``; ``cols``: a ``<cols>`` body."""
    rows = "".join(
        f'<row r="{n}"{attrs}>' + "".join(xlsx_cell(cell_name(n - 1, c), v) for c, v in enumerate(values))
        + "</row>"
        for n, values, attrs in ((1, BUDGET_HEADER, ""), (2, VISIBLE, ""), (3, HIDDEN, third_row_attrs)))
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
             + (f"<cols>{cols}</cols>" if cols else "") + f"<sheetData>{rows}</sheetData></worksheet>")
    write_raw_xlsx(path, {"Budget": [BUDGET_HEADER]})
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def ods_cells(values: list[object]) -> str:
    return "".join(
        f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p>'
        "</table:table-cell>"
        if isinstance(v, int | float) else
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
        for v in values)


def write_ods(path: Path, row_height: str = "0.452cm", column_width: str = "2.258cm") -> Path:
    """An ODS whose third row has the automatic style ro2 (``row_height``) and whose fourth column
    has co2 (``column_width``); the other rows and columns have ordinary sizes."""
    styles = (
        '<office:automatic-styles>'
        '<style:style style:name="co1" style:family="table-column">'
        '<style:table-column-properties style:column-width="2.258cm"/></style:style>'
        '<style:style style:name="co2" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{column_width}"/></style:style>'
        '<style:style style:name="ro1" style:family="table-row">'
        '<style:table-row-properties style:row-height="0.452cm" fo:break-before="auto"/></style:style>'
        '<style:style style:name="ro2" style:family="table-row">'
        f'<style:table-row-properties style:row-height="{row_height}" '
        'style:use-optimal-row-height="false"/>'
        '</style:style></office:automatic-styles>')
    table = ('<table:table-column table:style-name="co1" table:number-columns-repeated="3"/>'
             '<table:table-column table:style-name="co2"/>'
             '<table:table-column table:style-name="co1" table:number-columns-repeated="3"/>'
             f'<table:table-row table:style-name="ro1">{ods_cells(BUDGET_HEADER)}</table:table-row>'
             f'<table:table-row table:style-name="ro1">{ods_cells(VISIBLE)}</table:table-row>'
             f'<table:table-row table:style-name="ro2">{ods_cells(HIDDEN)}</table:table-row>')
    return write_ods_table(path, table, styles=styles)


def assert_row_3_needs_a_choice(path: Path) -> None:
    refused = read_budget(path)
    assert refused.report.has_errors
    assert "Budget!A3: række 3 er skjult i regnearket og har data" in messages(refused)
    chosen = read_budget(path, include_hidden=True)
    assert chosen.report.ok, chosen.report.to_text()
    assert sorted(g.target_group for g in chosen.groups) == ["dagpenge", "kontanthjaelp"]  # its key
    assert [g.target_group for g in read_budget(path, include_hidden=False).groups] == ["dagpenge"]


@pytest.mark.parametrize("height", ["0.0001", "0.5", "1.49"])
def test_xlsx_row_too_low_to_show_is_hidden(tmp_path: Path, height: str) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", f' ht="{height}" customHeight="1"')
    assert open_workbook(path).sheet("Budget").hidden_rows == frozenset({2})
    assert_row_3_needs_a_choice(path)


@pytest.mark.parametrize("height", ["1.5", "15"])
def test_xlsx_row_of_a_visible_height_is_not_hidden(tmp_path: Path, height: str) -> None:
    # 1,5 pt is the threshold itself (2 pixels at 96 dpi): visible
    path = write_xlsx(tmp_path / "b.xlsx", f' ht="{height}" customHeight="1"')
    assert open_workbook(path).sheet("Budget").hidden_rows == frozenset()
    assert read_budget(path).report.ok


@pytest.mark.parametrize(("width", "hidden"),
                         [("0.05", True), ("0.19", True), ("0.2", False), ("12", False)])
def test_xlsx_column_narrower_than_the_threshold_is_hidden(tmp_path: Path, width: str, hidden: bool) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", cols=f'<col min="4" max="4" width="{width}" customWidth="1"/>')
    assert open_workbook(path).sheet("Budget").hidden_columns == (frozenset({3}) if hidden else frozenset())
    result = read_budget(path)
    assert result.report.has_errors is hidden
    if hidden:
        assert "Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult i regnearket" \
            in messages(result)


@pytest.mark.parametrize("height", ["0cm", "0in", "0pt", "0mm", "0.01mm", "1px", "0.05cm"])
def test_ods_row_whose_style_is_too_low_is_hidden(tmp_path: Path, height: str) -> None:
    # 0.05 cm = 0,05 × 72 / 2,54 = 1,42 pt < 1,5 pt; 1 px = 0,75 pt
    path = write_ods(tmp_path / "b.ods", row_height=height)
    assert open_workbook(path).sheet("Budget").hidden_rows == frozenset({2})
    assert_row_3_needs_a_choice(path)


@pytest.mark.parametrize("height", ["0.06cm", "0.452cm", "2pt", "0.25in"])
def test_ods_row_of_a_visible_height_is_not_hidden(tmp_path: Path, height: str) -> None:
    # 0.06 cm = 1,70 pt ≥ 1,5 pt
    path = write_ods(tmp_path / "b.ods", row_height=height)
    assert open_workbook(path).sheet("Budget").hidden_rows == frozenset()
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert len(result.groups) == 2


@pytest.mark.parametrize(("width", "hidden"),
                         [("0cm", True), ("0in", True), ("0.04cm", True), ("2.258cm", False)])
def test_ods_column_whose_style_is_too_narrow_is_hidden(tmp_path: Path, width: str, hidden: bool) -> None:
    path = write_ods(tmp_path / "b.ods", column_width=width)
    assert open_workbook(path).sheet("Budget").hidden_columns == (frozenset({3}) if hidden else frozenset())
    result = read_budget(path)
    assert result.report.has_errors is hidden
    if hidden:
        assert "Budget!D:D: kolonne D (Ydelse pr. helårsperson (kr.)) er skjult i regnearket" \
            in messages(result)


@pytest.mark.parametrize(("text", "points"), [("0cm", 0.0), ("2.54cm", 72.0), ("1in", 72.0), ("25.4mm", 72.0),
                                              ("1pc", 12.0), ("4px", 3.0), (" 12pt ", 12.0), ("3", 3.0),
                                              ("1em", None), ("", None), ("abc", None)])
def test_ods_lengths_in_points(text: str, points: float | None) -> None:
    found = text_bounds.length_points(text)
    assert found == pytest.approx(points) if points is not None else found is None
