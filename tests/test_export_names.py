"""Any name is safe in the council workbook: hostile case, pool, target-group and line names.

The demo project is exported with names containing every character Excel treats specially in a
sheet name or reference (``' ! [ ] : * ? / \\``), names of 40 characters that are equal in their
first 31, and names starting with ``= + - @``, a tab or a CR. LibreOffice recalculates the
workbook: no cell may hold an error value, every formula must give the app's figure, the sheet
names are unique and valid, the full names appear as typed in a cell, and no text became a formula.
"""

from __future__ import annotations

import dataclasses
import math
import warnings

import openpyxl
import pytest
from conftest import HILLEROD, RESOURCES
from hypothesis import given, settings
from hypothesis import strategies as st
from recalc import ERRORS, recalc_all, require_soffice

from budgetapp.core.case import load_case
from budgetapp.export.council_workbook import (
    build_council_workbook,
    content_from_project,
    export_council_workbook,
)
from budgetapp.export.safe_write import ExportError
from budgetapp.export.workbook_style import sheet_name
from budgetapp.io.project_file import load_project

DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
LONG = "Langtidsledige over 50 år i virksomhedspraktik"  # > 31 characters
HOSTILE_CASES = [
    "STAR's mentorpulje",
    "Job nu! 2027",
    "[Pilot] a/b\\c: *hvad?*",
    LONG + " – hold A",          # 40+ characters, equal to the next one in the first 31
    LONG + " – hold B",
    "=SUM(1;2)",
    "+45 ledige i job",
    "-10 % på ydelsen",
    "@hjemmeside",
    "\tTabulator først",
    "\rVognretur først",
    "'Citeret' !navn!",
]
HOSTILE_GROUP = "Kontant'hjælp! [a/b]: *?"
HOSTILE_POOL = "=Pulje's \"ekstra\"! [2027]"
HOSTILE_LINE = "+Løn: 'sagsbehandler' / mentor?"
HOSTILE_OPERATION = "@Drift! (HK6) 'jobcenter'"


def hostile_project():
    project = load_project(DEMO)
    template = project.cases
    cases = []
    for i, name in enumerate(HOSTILE_CASES):
        entry = template[i % len(template)]
        case = entry.case
        costs = tuple(dataclasses.replace(c, name=HOSTILE_LINE + f" {k}") for k, c in enumerate(case.costs))
        segments = tuple(dataclasses.replace(s, name=f"-{s.name}!'") for s in case.segments)
        pools = tuple(dataclasses.replace(p, name=HOSTILE_POOL) for p in case.pool_funding)
        hostile = dataclasses.replace(case, name=name, costs=costs, pool_funding=pools, scenarios=(),
                                      decision_text="=1+1 er ikke en formel")
        hostile = hostile.with_effect(0, segments=segments, target_group=HOSTILE_GROUP,
                                      name=f"{HOSTILE_GROUP} [{i}]")
        cases.append(dataclasses.replace(entry, case=hostile))
    project.cases = cases
    project.scenarios = []
    project.pools = [dataclasses.replace(p, name=HOSTILE_POOL) for p in project.pools]
    budget = project.budget
    names = dict(budget.group_names)
    first = next(iter(names))
    names[first] = HOSTILE_GROUP
    operation = tuple(dataclasses.replace(o, name=HOSTILE_OPERATION) if o.name == budget.operation[0].name
                      else o for o in budget.operation)
    project.budget = dataclasses.replace(budget, group_names=names, operation=operation)
    assert project.issues() == []
    return project


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("names")
    content = content_from_project(hostile_project())
    content.draws = 200
    out = tmp / "hostile.xlsx"
    layout = export_council_workbook(out, content)
    return out, layout, content, tmp


def test_sheet_names_are_valid_unique_and_readable():
    used: set[str] = set()
    names = [sheet_name(n, used) for n in HOSTILE_CASES]
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\'!")
        assert name[0] not in "=+-@" and name == name.strip()
        assert all(ord(ch) >= 32 for ch in name)
    assert names[0] == "STAR’s mentorpulje" and names[1] == "Job nu 2027"
    assert names[3] != names[4] and names[4].endswith("(2)")
    assert sheet_name("Resumé", set()) == "Resumé (2)"          # the workbook's own sheets are kept


def test_the_workbook_is_written_without_any_xlsxwriter_warning(hostile_book):
    path, layout, _, _ = hostile_book
    assert len(layout.cases) == len(HOSTILE_CASES)
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == len({s.casefold() for s in wb.sheetnames})
    # every case's sheet shows its full name exactly as typed, as text
    for name, lay in zip(HOSTILE_CASES, layout.cases, strict=True):
        ws = wb[lay.sheet]
        # a CR is stored as the OOXML escape _x000D_ (Excel and LibreOffice show a CR; openpyxl
        # returns the escape as it is)
        cells = [c for row in ws.iter_rows(max_row=3) for c in row
                 if isinstance(c.value, str) and c.value.replace("_x000D_", "\r") == name]
        assert cells and all(c.data_type == "s" for c in cells), (name, lay.sheet)
    # no text became a formula: every formula cell is one the exporter made (starts with "=" and
    # is not one of the hostile texts)
    texts = {*HOSTILE_CASES, HOSTILE_GROUP, HOSTILE_POOL, HOSTILE_OPERATION, "=1+1 er ikke en formel"}
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in texts:
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
    # the defined names all survived (XlsxWriter used to drop them for an apostrophe or "!"); the
    # first effect's benefit is Effekt1_Ydelse (case_sheet.py)
    for lay in layout.cases:
        assert "Effekt1_Ydelse" in wb[lay.sheet].defined_names


def test_libreoffice_recalculates_every_formula_without_error(hostile_book):
    require_soffice()
    path, layout, _, tmp = hostile_book
    (out,) = recalc_all([path], tmp / "out")
    stored = openpyxl.load_workbook(path, data_only=True)
    recalced = openpyxl.load_workbook(out, data_only=True)
    formulas = openpyxl.load_workbook(path)
    wrong, checked = [], 0
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                a = stored[ws.title][cell.coordinate].value
                b = recalced[ws.title][cell.coordinate].value
                assert not (isinstance(b, str) and b.startswith(ERRORS)), f"{ws.title}!{cell.coordinate}: {b}"
                if isinstance(a, int | float) and isinstance(b, int | float):
                    ok = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
                else:
                    ok = (a or "") == (b or "")
                if not ok:
                    wrong.append(f"{ws.title}!{cell.coordinate}: app {a!r}, LibreOffice {b!r}")
                checked += 1
    assert wrong == [], wrong[:10]
    assert checked > 2000
    # the payback of the first case is the engine's, not "Ikke i perioden" from a broken name
    lay = layout.cases[0]
    r, c = lay.key_cells["payback_years"]
    assert recalced[lay.sheet].cell(r + 1, c + 1).value == stored[lay.sheet].cell(r + 1, c + 1).value


def test_an_xlsxwriter_warning_fails_the_export(tmp_path, monkeypatch):
    import budgetapp.export.council_workbook as cw

    real = cw._build

    def warn_then_build(path, content):
        import xlsxwriter.workbook as xw

        warnings.warn_explicit("Unknown sheet name in defined_name()", UserWarning, xw.__file__, 1)
        return real(path, content)

    monkeypatch.setattr(cw, "_build", warn_then_build)
    from budgetapp.export.council_workbook import content_from_cases

    target = tmp_path / "mappe.xlsx"
    target.write_bytes(b"earlier export")
    with pytest.raises(ExportError) as info:
        export_council_workbook(target, content_from_cases([load_case(HILLEROD)]))
    assert "Byrådsmappen kunne ikke laves korrekt" in str(info.value)
    assert target.read_bytes() == b"earlier export"                    # nothing half-written
    assert [p.name for p in tmp_path.iterdir()] == ["mappe.xlsx"]    # no temporary file left
    with pytest.raises(ExportError):
        build_council_workbook(tmp_path / "direct.xlsx", content_from_cases([load_case(HILLEROD)]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=12))
def test_any_list_of_names_gives_valid_unique_sheet_names(names):
    used: set[str] = set()
    out = [sheet_name(n, used) for n in names]
    assert len({n.casefold() for n in out}) == len(out)
    for name in out:
        assert 0 < len(name) <= 31
        assert not set(name) & set("[]:*?/\\'!")
        assert name[0] not in "=+-@ " and name[-1] != " "
        assert all(ord(ch) >= 32 and ord(ch) != 127 for ch in name)
        assert name.casefold() not in {"resumé", "fremskrivning", "history", "opfølgning"}


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab'![]:*?/\\=+-@\t\r æøå"), min_size=1, max_size=45))
def test_any_case_name_gives_a_workbook_without_warnings(tmp_path_factory, name):
    case = dataclasses.replace(load_case(HILLEROD), name=name, uncertainty=(), scenarios=())
    from budgetapp.export.council_workbook import content_from_cases

    content = content_from_cases([case])
    content.draws = 20
    out = tmp_path_factory.mktemp("any") / "x.xlsx"
    layout = build_council_workbook(out, content)   # raises ExportError on any XlsxWriter warning
    wb = openpyxl.load_workbook(out)
    assert "Effekt1_Ydelse" in wb[layout.cases[0].sheet].defined_names
