"""Every table model of the GUI passes pytest-qt's qtmodeltester on the demo project."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from budgetapp.io.import_report import ImportReport
from budgetapp.resources import demo_project_path
from budgetapp.ui import files
from budgetapp.ui.app import create_application
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.document import Document
from budgetapp.ui.models.budget import BudgetModel, OperationModel
from budgetapp.ui.models.case_list import CaseListModel
from budgetapp.ui.models.case_lists import (
    COST_COLUMNS,
    POOL_COLUMNS,
    SEGMENT_COLUMNS,
    DraftListModel,
    PhaseInModel,
)
from budgetapp.ui.models.grid import GridModel, GridRow
from budgetapp.ui.models.report import ReportModel
from budgetapp.ui.models.results import ResultsModel

pytestmark = pytest.mark.gui


@pytest.fixture
def document(qapp):
    create_application()
    return Document(files.load_project(demo_project_path()))


@pytest.fixture
def draft(document):
    d = CaseDraft(lambda *args, **kwargs: None)
    d.load(document.project.cases[0].case)
    return d


def test_results_model(qtmodeltester, document):
    from budgetapp.core.appraisal import appraise

    model = ResultsModel()
    model.set_appraisal(appraise(document.project.cases[0].case))
    qtmodeltester.check(model)
    assert model.columnCount() == 4 + 2  # four years, the total and the tail after the horizon


@pytest.mark.parametrize(
    "key, columns", [("effects[0].segments", SEGMENT_COLUMNS), ("costs", COST_COLUMNS),
                    ("pool_funding", POOL_COLUMNS)]
)
def test_case_list_models(qtmodeltester, draft, key, columns):
    model = DraftListModel(draft, key, columns, key)
    qtmodeltester.check(model)
    model.insert_row()  # the draft accepts the new row (commit is a no-op here)
    qtmodeltester.check(model)


def test_phase_in_model(qtmodeltester, draft):
    model = PhaseInModel(draft)
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["50", "100"]


def test_case_list(qtmodeltester, document):
    model = CaseListModel(document)
    qtmodeltester.check(model)
    assert model.rowCount() == len(document.project.cases)


def test_budget_models(qtmodeltester, document):
    qtmodeltester.check(BudgetModel(document))
    qtmodeltester.check(OperationModel(document))


def test_grid_and_report_models(qtmodeltester):
    grid = GridModel()
    grid.set_grid(
        ["2027", "2028"], [GridRow("A", [1000.0, "tekst"]), GridRow("B", [None, -2500.0], bold=True)]
    )
    qtmodeltester.check(grid)
    # 1.000 kr. shown in 1.000 kr.: 1,0; −2.500 kr.: −2,5
    assert grid.data(grid.index(0, 0)) == "1,0"
    assert grid.data(grid.index(1, 1)) == "-2,5"
    report = ImportReport(source="x.xlsx")
    report.error("Budget!C2", "mange", "et tal")
    report.warning("Budget!D3", "50", "en andel")
    qtmodeltester.check(ReportModel(report))
