"""Templates: instructions and validation; filled with the demo's data, they import back unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from budgetapp.cli import main
from budgetapp.io.import_budget import apply_budget_import, read_budget
from budgetapp.io.import_pools import apply_pool_import, read_pools
from budgetapp.io.import_unit_costs import apply_unit_cost_import, read_unit_costs
from budgetapp.io.project_file import load_project
from budgetapp.io.templates import header_text, template_sheets, write_template
from budgetapp.resources import demo_project_path


@pytest.fixture(scope="module")
def demo():
    return load_project(demo_project_path())


def fill(path: Path, sheet: str, rows: list[dict[str, object]]) -> None:
    """Write ``rows`` (column key → value) under the template's header row, by header text."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    spec = next(s for s in template_sheets(_kind(path)) if s.name == sheet)
    col_of = {}
    for cell in ws[1]:
        for column in spec.columns:
            if cell.value == header_text(column):
                col_of[column.key] = cell.column
    for r, row in enumerate(rows, start=2):
        for key, value in row.items():
            ws.cell(row=r, column=col_of[key], value=value)
    book.save(path)


def _kind(path: Path) -> str:
    return path.stem.split("-")[0]


def test_cli_writes_each_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for kind, sheets in (("budget", ["Vejledning", "Lister", "Budget", "Drift"]),
                         ("unitcosts", ["Vejledning", "Lister", "Enhedsudgifter", "Jobcenterdrift"]),
                         ("pools", ["Vejledning", "Lister", "Puljer", "Puljeår"])):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["template", kind, str(out)]) == 0
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == sheets
        assert book["Vejledning"]["A1"].value == f"Importskabelon: {kind}"
    assert main(["template", "budget", str(tmp_path / "mangler" / "x.xlsx")]) == 1
    assert "kan ikke skrives" in capsys.readouterr().err


def test_budget_template_has_validation_and_formats(tmp_path: Path) -> None:
    path = write_template("budget", tmp_path / "budget.xlsx")
    ws = openpyxl.load_workbook(path)["Budget"]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["Målgruppe *", "År *", "Helårspersoner *",
                           "Ydelse pr. helårsperson (kr. pr. år) *", "Refusionsregel *"]
    rules = {}
    for dv in ws.data_validations.dataValidation:
        rules[str(dv.sqref).split(":")[0]] = dv
    assert rules["E2"].type == "list"
    assert rules["E2"].formula1 == '"aktiv-passiv-2011,flat,medfinansiering-2016,refusionstrappe-2016"'
    assert rules["A2"].formula1 == "Lister!$A$2:$A$12"      # target groups, others allowed
    assert rules["A2"].errorStyle == "information"
    assert (rules["B2"].type, rules["B2"].formula1, rules["B2"].formula2) == ("whole", "1990", "2100")
    assert (rules["F2"].type, rules["F2"].formula1, rules["F2"].formula2) == ("decimal", "0", "1")
    area = headers.index("Styringsområde ydelse") + 1
    letter = openpyxl.utils.get_column_letter(area)
    assert rules[f"{letter}2"].formula1 == '"service,overførsler,anlæg"'
    # number formats per column: year, persons with one decimal, kroner, percent
    assert [ws.column_dimensions[c].number_format for c in "BCDF"] == ["0", "#,##0.0", "#,##0", "0.0%"]
    assert ws.freeze_panes == "A2"


def test_budget_template_round_trip_with_the_demo(tmp_path: Path, demo) -> None:
    path = write_template("budget", tmp_path / "budget-demo.xlsx")
    rows = []
    for g in demo.budget.groups:
        row: dict[str, object] = {
            "target_group": g.target_group, "year": g.year, "full_year_persons": g.full_year_persons,
            "benefit": g.benefit_per_full_year_person, "refusion_rule": g.refusion_rule,
            "measures": g.measures_per_full_year_person, "measures_function": g.measures_function,
            "benefit_area": g.benefit_styringsomraade, "measures_area": g.measures_styringsomraade,
            "source": g.source}
        if g.benefit_function:
            row["benefit_function"] = g.benefit_function
        if g.band_distribution is not None:
            row.update(zip(("band_1_4", "band_5_26", "band_27_52", "band_53"), g.band_distribution,
                           strict=True))
        else:
            row["average_rate"] = g.average_refusion_rate
        rows.append(row)
    fill(path, "Budget", rows)
    fill(path, "Drift", [{"name": o.name, "year": o.year, "amount": o.amount, "function": o.function,
                          "area": o.styringsomraade, "source": o.source} for o in demo.budget.operation])
    result = read_budget(path, known_groups=demo.budget.group_names)
    assert result.report.ok, result.report.to_text()
    assert result.report.warning_count == 0
    assert result.groups == demo.budget.groups          # every field of all 30 group-years
    assert result.operation == demo.budget.operation
    updated = apply_budget_import(demo, result)
    assert updated.budget == demo.budget


def test_unit_cost_template_round_trip_with_the_demo(tmp_path: Path, demo) -> None:
    assert demo.unit_costs is not None
    path = write_template("unitcosts", tmp_path / "unitcosts-demo.xlsx")
    fill(path, "Enhedsudgifter", [{"target_group": g.target_group, "year": g.year,
                                   "full_year_persons": g.full_year_persons,
                                   "measures_expense": g.measures_expense, "source": g.source}
                                  for g in demo.unit_costs.groups])
    fill(path, "Jobcenterdrift", [{"year": o.year, "amount": o.amount, "source": o.source}
                                  for o in demo.unit_costs.operation])
    result = read_unit_costs(path, known_groups=demo.budget.group_names)
    assert result.report.ok, result.report.to_text()
    updated = apply_unit_cost_import(demo, result)
    assert updated.unit_costs == demo.unit_costs


def test_pool_template_round_trip_with_the_demo(tmp_path: Path, demo) -> None:
    path = write_template("pools", tmp_path / "pools-demo.xlsx")
    fill(path, "Puljer", [{"id": p.id, "name": p.name, "grantor": p.grantor, "start_date": p.start_date,
                           "end_date": p.end_date, "grant_rate": p.grant_rate,
                           "eligible_cost": p.eligible_cost, "account": p.account,
                           "target_group": p.target_group, "price_level_year": p.price_level_year,
                           "source": p.source} for p in demo.pools])
    fill(path, "Puljeår", [{"pool": p.id, "year": y.year, "expense": y.expense, "income": y.income,
                            "application_cost": y.application_cost,
                            "administration_cost": y.administration_cost, "staff_fte": y.staff_fte}
                           for p in demo.pools for y in p.years])
    result = read_pools(path)
    assert result.report.ok, result.report.to_text()
    # The per-field notes are not part of the template; every figure is.
    assert [dataclasses.replace(p, notes={}) for p in result.pools] == \
        [dataclasses.replace(p, notes={}) for p in demo.pools]
    updated = apply_pool_import(demo, result)
    assert [p.id for p in updated.pools] == [p.id for p in demo.pools]


def test_import_formats_doc_lists_every_column() -> None:
    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "import-formats.md").read_text(encoding="utf-8")
    for kind in ("budget", "unitcosts", "pools"):
        for sheet in template_sheets(kind):
            assert f"Ark `{sheet.name}`" in doc
            for column in sheet.columns:
                assert f"`{header_text(column)}`" in doc, column.header
