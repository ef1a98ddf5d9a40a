"""The workbook's *Fremskrivning* sheet against ``budgetapp project summary --json``.

LibreOffice recalculates the exported demo; every figure of the sheet (base budget per target
group and HK6, per styringsområde, each case per styringsområde, projected net expense) must equal
the JSON of ``project summary`` to the krone. Then inputs are changed in the workbook (a target
group's full-year persons on *Basisbudget*, a case's inflow on its sheet), the workbook is
recalculated again, and the sheet must move exactly as the core computes for the same change.
"""

from __future__ import annotations

import dataclasses
import json

import openpyxl
import pytest
from conftest import RESOURCES
from recalc import recalc_all, require_soffice

from budgetapp.cli import main
from budgetapp.export.council_workbook import build_council_workbook, content_from_project
from budgetapp.export.projection_sheet import PROJECTION_SHEET
from budgetapp.io.project_file import load_project, save_project

DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
AREAS = ("service", "overførsler", "anlæg")
GROUP = "kontant_uddannelseshjaelp"
CASE = "Straksaktivering af unge (Hillerød-modellen)"

pytestmark = [pytest.mark.slow]


def summary(path, capsys) -> dict:
    assert main(["project", "summary", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_sheet(ws, layout, data) -> int:
    """Every figure of the sheet against the summary JSON, to the krone; returns the count."""
    lines = {line["key"]: line for line in data["lines"]}
    areas = data["by_styringsomraade"]
    expected: dict[str, dict[str, float]] = {}
    for key in layout.rows:
        kind, _, rest = key.partition(":")
        if kind == "group":
            expected[key] = lines[rest]["net"]
        elif kind == "base" and rest == "total":
            expected[key] = data["totals"]["net"]
        elif kind == "base":
            expected[key] = areas[rest]["base"]
        elif kind == "case":
            name, area = rest.rsplit(":", 1)
            expected[key] = areas[area]["cases"][name]
        elif kind == "cases" and rest == "total":
            expected[key] = {y: -v for y, v in data["totals"]["case_effect"].items()}
        elif kind == "cases":
            expected[key] = areas[rest]["cases_total"]
        elif kind == "projected" and rest == "total":
            expected[key] = data["totals"]["projected_net"]
        else:
            expected[key] = areas[rest]["projected"]
    count = 0
    for key, row in layout.rows.items():
        for year, col in layout.year_cols.items():
            got = ws.cell(row + 1, col + 1).value
            assert round(got) == round(expected[key][str(year)]), f"{key} {year}: {got}"
            count += 1
    return count


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    require_soffice()
    tmp = tmp_path_factory.mktemp("projection")
    project = load_project(DEMO)
    content = content_from_project(project)
    content.draws = 200
    out = tmp / "demo.xlsx"
    layout = build_council_workbook(out, content)
    # the same changes in the workbook (as a user would in Excel) and in a copy of the project
    wb = openpyxl.load_workbook(out)
    budget = wb["Basisbudget"]
    changed_rows = 0
    for row in budget.iter_rows(min_row=6):
        label, year = row[0].value, row[4].value
        if label == project.budget.group_names[GROUP] and year == 2028:
            row[5].value = row[5].value + 10          # full-year persons, benefit and measures rows
            changed_rows += 1
    assert changed_rows == 2
    lay = next(c for c in layout.cases if c.case_name == CASE)
    wb[lay.sheet].cell(lay.inflow_row + 1, lay.year_col(2028) + 1).value = 500
    wb.save(tmp / "changed.xlsx")
    groups = tuple(dataclasses.replace(g, full_year_persons=g.full_year_persons + 10)
                   if (g.target_group, g.year) == (GROUP, 2028) else g for g in project.budget.groups)
    project.budget = dataclasses.replace(project.budget, groups=groups)
    case = project.case(CASE).case
    years = case.year_labels
    project.replace_case(CASE, case.with_effect(
        0, inflow_per_year=[500.0 if y == 2028 else case.inflow_per_year for y in years]))
    save_project(project, tmp / "changed.jcbudget")
    recalced = recalc_all([out, tmp / "changed.xlsx"], tmp / "out")
    return {"layout": layout.projection, "recalced": recalced, "changed_project": tmp / "changed.jcbudget",
            "consequences": layout.consequences}


def test_projection_sheet_equals_project_summary_json(books, capsys):
    data = summary(DEMO, capsys)
    ws = openpyxl.load_workbook(books["recalced"][0], data_only=True)[PROJECTION_SHEET]
    assert check_sheet(ws, books["layout"], data) > 100
    # Eksempel Kommune 2028 (arithmetic in tests/test_projection.py): service +2.206.927 kr.,
    # overførsler −7.494.711 kr. from the cases (savings converted with the satsreguleringsprocent;
    # the two 2026 cases in calendar timing)
    col = books["layout"].year_cols[2028] + 1
    assert round(ws.cell(books["layout"].rows["cases:service"] + 1, col).value) == 2_206_927
    assert round(ws.cell(books["layout"].rows["cases:overførsler"] + 1, col).value) == -7_494_711


def test_changed_inputs_flow_through_the_projection_sheet(books, capsys):
    before = summary(DEMO, capsys)
    after = summary(books["changed_project"], capsys)
    # the change must matter in both areas, or the test could not fail
    assert after["by_styringsomraade"]["overførsler"]["projected"]["2028"] != pytest.approx(
        before["by_styringsomraade"]["overførsler"]["projected"]["2028"])
    assert after["by_styringsomraade"]["service"]["base"]["2028"] != pytest.approx(
        before["by_styringsomraade"]["service"]["base"]["2028"])
    ws = openpyxl.load_workbook(books["recalced"][1], data_only=True)[PROJECTION_SHEET]
    check_sheet(ws, books["layout"], after)


def test_consequence_tables_per_case(books):
    from budgetapp.export.consequences_sheet import CONSEQUENCES_SHEET

    ws = openpyxl.load_workbook(books["recalced"][0], data_only=True)[CONSEQUENCES_SHEET]
    rows = books["consequences"]["Mentorstøtte til aktivitetsparate"]

    def cell(key: str, col: int):
        return ws.cell(rows[key] + 1, col + 1).value

    # columns as in the committee proposal: 2027 .. 2030, I alt, after 2030 (calendar timing:
    # the last entrants' weeks), the permanent change
    assert [ws.cell(rows["head"] + 1, c + 1).value for c in range(1, 8)] == [
        "2027", "2028", "2029", "2030", "I alt", "Efter 2030", "Varig"]
    assert ws.cell(rows["sub"] + 1, 8).value == "ændring 2030"
    # Mentor 2028: 30 full-year participants × 40.000 = 1.200.000 − pool 960.000 = 240.000 service;
    # effect (overførsler) −388.800 (arithmetic in tests/test_projection.py); total −148.800
    assert round(cell("service", 2)) == 240_000
    assert round(cell("effect", 2)) == -388_800
    assert round(cell("total", 2)) == -148_800
    assert ws.cell(rows["effect"] + 1, 1).value == "Effekt: mindreudgift til forsørgelse (overførsler)"
    # permanent change, 2030: the pool has ended → 1.200.000 − 388.800 = 811.200 more expense a year
    assert round(cell("service", 7)) == 1_200_000
    assert round(cell("total", 7)) == 811_200
    assert cell("payback", 1) == "Ikke i perioden"
    assert "anlæg" not in rows                     # no anlæg row when the case has none
    assert "overførsler" not in rows               # nor a row for costs on overførsler
    # Straksaktivering pays back in its first year (2027: −1.961.205,59 kr. net)
    straks = books["consequences"]["Straksaktivering af unge (Hillerød-modellen)"]
    assert ws.cell(straks["payback"] + 1, 2).value == 1


def test_the_summary_sheet_splits_the_cases_by_styringsomraade(books):
    ws = openpyxl.load_workbook(books["recalced"][0], data_only=True)["Resumé"]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value in ("Service", "Overførsler")}
    header = next(r for r in ws.iter_rows() if str(r[0].value).startswith("Business casernes nettovirkning"))
    col = next(c.column for c in header if c.value == 2028)
    # the same 2028 figures as Fremskrivning, Overblik and project summary --json (test_projection.py)
    assert round(rows["Service"][col - 1].value) == 2_206_927
    assert round(rows["Overførsler"][col - 1].value) == -7_494_711
