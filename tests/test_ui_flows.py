"""The real window driven through whole flows a finance officer goes through: importing the budget
template from the File menu, and making an empty business case by typing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from budgetapp.cli import main as cli_main
from budgetapp.ui.models.results import RESULT_ROWS
from tests.test_templates import fill

pytestmark = pytest.mark.gui

ROW = {key: i for i, (key, *_rest) in enumerate(RESULT_ROWS)}


def type_into(qtbot, line_edit, text: str) -> None:
    line_edit.selectAll()
    line_edit.setFocus()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)  # a number commits when editing finishes


def test_importing_the_filled_budget_template_from_the_file_menu_is_one_undo_step(window, tmp_path,
                                                                                 monkeypatch, capsys):
    import budgetapp.ui.main_window as main_window

    # The blank template as the user gets it, then two group-years and one operation line typed in.
    folder = tmp_path / "skabelon"
    folder.mkdir()
    path = folder / "budget.xlsx"
    assert cli_main(["template", "budget", str(path)]) == 0
    fill(path, "Budget", [
        {"target_group": "dagpenge", "year": 2027, "full_year_persons": 800, "benefit": 230_000,
         "refusion_rule": "refusionstrappe-2016", "average_rate": 0.3, "measures": 10_000},
        {"target_group": "dagpenge", "year": 2028, "full_year_persons": 780, "benefit": 235_000,
         "refusion_rule": "refusionstrappe-2016", "average_rate": 0.3, "measures": 10_000},
    ])
    fill(path, "Drift", [{"name": "Jobcenterdrift", "year": 2027, "amount": 12_500_000}])

    # File › Importér › Basisbudget …: the file dialog answers with the template, the report is accepted.
    monkeypatch.setattr(main_window.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    seen = {}

    def accept(dialog) -> QDialog.DialogCode:
        seen["ok"] = dialog.import_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(main_window.ImportReportDialog, "exec", accept)
    before = window.document.project
    count = window.document.undo_stack.count()
    file_menu = window.menuBar().actions()[0].menu()
    import_menu = next(a.menu() for a in file_menu.actions() if a.menu() and "Importér" in a.text())
    next(a for a in import_menu.actions() if "Basisbudget" in a.text()).trigger()
    assert seen["ok"]

    budget = window.document.project.budget
    # The file holds 2027 and 2028: those years are replaced, the budget's other years are kept.
    in_file = {2027, 2028}
    assert [(g.target_group, g.year, g.full_year_persons, g.benefit_per_full_year_person)
            for g in budget.groups if g.year in in_file] == [("dagpenge", 2027, 800.0, 230_000.0),
                                                             ("dagpenge", 2028, 780.0, 235_000.0)]
    def key(g):
        return g.target_group, g.year

    assert sorted((g for g in budget.groups if g.year not in in_file), key=key) == sorted(
        (g for g in before.budget.groups if g.year not in in_file), key=key)
    assert [(o.name, o.year, o.amount) for o in budget.operation if o.year == 2027] == [
        ("Jobcenterdrift", 2027, 12_500_000.0)]
    # The project's figures: 2027 benefit 800 · 230.000 = 184.000.000 kr. gross, refusion
    # 30 % = 55.200.000, net 128.800.000; 2028 780 · 235.000 = 183.300.000, net 70 % = 128.310.000.
    from budgetapp.core.budget import budget_figures

    figures = {(f.year, f.area): f for f in budget_figures(budget)}
    assert figures[(2027, "forsørgelse")].gross == 184_000_000
    assert figures[(2027, "forsørgelse")].net == pytest.approx(128_800_000)
    assert figures[(2028, "forsørgelse")].net == pytest.approx(128_310_000)
    # Measures: 800 · 10.000 = 8.000.000 kr. gross in 2027.
    assert figures[(2027, "beskæftigelsesindsats")].gross == 8_000_000
    # One undo step brings the whole old project back.
    assert window.document.undo_stack.count() == count + 1
    window.undo_action.trigger()
    assert window.document.project is before
    window.redo_action.trigger()
    assert window.document.project.budget == budget


def test_an_empty_case_made_by_typing_shows_the_exact_saving(window, qtbot):
    page = window.show_page("cases")
    cases = len(window.document.project.cases)
    page.new_button.click()
    assert len(window.document.project.cases) == cases + 1
    editor = page.editor
    assert editor.index == cases
    inputs = editor.inputs
    start = window.document.project.budget_year

    type_into(qtbot, inputs.case_fields["name"].value, "Jobrotation")
    timing = inputs.case_fields["timing"].value
    timing.setCurrentIndex(timing.findData("entry_year"))   # the saving in the year of entry
    rule = inputs.fields["benefit_refusion.rule"].value
    rule.setCurrentIndex(rule.findData("flat"))
    type_into(qtbot, inputs.fields["benefit_refusion.rate"].value, "0")
    type_into(qtbot, inputs.fields["inflow_per_year"].value, "52")
    type_into(qtbot, inputs.fields["benefit_per_full_year_person"].value, "260000")
    segments = inputs.segments_model
    assert segments.setData(segments.index(0, 2), "20")   # weeks on benefit before
    assert segments.setData(segments.index(0, 3), "10")   # and after

    assert editor.draft.valid, editor.draft.issues
    case = window.document.project.cases[cases].case
    assert case.name == "Jobrotation"
    model = editor.results.model
    # 52 entrants a year save 20 − 10 = 10 weeks each: 520 weeks = 520/52 = 10 full-year persons
    # · 260.000 kr. = 2.600.000 kr. a year, no refusion (flat 0 %), no deadweight, no costs.
    for column in range(4):
        assert model.value(ROW["gross_saving"], column) == pytest.approx(2_600_000, abs=0.01)
        assert model.value(ROW["municipal_saving"], column) == pytest.approx(2_600_000, abs=0.01)
        assert model.value(ROW["net_result"], column) == pytest.approx(2_600_000, abs=0.01)
    assert model.data(model.index(ROW["municipal_saving"], 0)) == "2.600,0"
    assert case.start_year == start
    # Undo takes back the last edit only: weeks after back to 0, so 20 weeks saved per entrant.
    window.undo_action.trigger()
    assert model.value(ROW["municipal_saving"], 0) == pytest.approx(52 * 20 / 52 * 260_000, abs=0.01)
    assert window.document.project.cases[cases].case.name == "Jobrotation"



def test_the_case_editor_reads_labels_units_and_help_from_the_field_registry(window):
    from PySide6.QtCore import Qt

    from budgetapp.core.fields import field

    page = window.show_page("cases")
    page.select(0)
    inputs = page.editor.inputs
    deadweight = inputs.fields["deadweight"]
    assert deadweight.label.text() == field("deadweight").label == "Dødvægt"
    assert deadweight.unit.text() == "%"
    # 'Andel af effekten, der var kommet uden indsatsen. Gyldige værdier: 0 % til 100 %.
    # Standardværdi: 0 % (ingen, indtil andet er indtastet).'
    assert deadweight.value.toolTip().startswith(field("effects[0].deadweight").tooltip())
    assert "Standardværdi: 0 %" in deadweight.value.toolTip()
    assert inputs.case_fields["name"].label.text() == "Navn"
    assert inputs.fields["name"].label.text() == "Effektens navn"   # the effect's name, not the case's
    segments = inputs.segments_model
    column = [c.key for c in segments.columns].index("weeks_in_effort")
    tip = segments.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert field("segments[].weeks_in_effort").help in tip
