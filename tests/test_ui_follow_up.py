"""Follow-up entry in the case editor's decision tab, and the project's scenarios in its Scenarier tab.

The demo's second case, "To ekstra sagsbehandlere", 2027-2030: 300 entrants a year, 150.000 kr. per
full-year person, 26 prior weeks on benefit, 30 weeks before and 27 after the effort, 20 % dead-weight,
1.120.000 kr. a year, refusion staircase 2016 (municipal share 70 % in weeks 27-52, 80 % from week 53).
  before, weeks 27-56:  26 × 0,7 + 4 × 0,8 = 18,2 + 3,2 = 21,4 week-equivalents
  plan after (27 weeks), weeks 27-53: 26 × 0,7 + 1 × 0,8 = 19,0 → saving (21,4 − 19,0) × 0,8 = 1,92
      2028: 1,92 × 300 / 52 × 150.000 = 1.661.538,46 kr.; net 1.661.538,46 − 1.120.000 = 541.538,46 kr.
  actual 25 weeks, weeks 27-51: 25 × 0,7 = 17,5 → saving (21,4 − 17,5) × 0,8 = 3,12
      2028: 3,12 × 300 / 52 × 150.000 = 2.700.000 kr.; net 2.700.000 − 1.120.000 = 1.580.000 kr.
  and 280 actual entrants: 2.700.000 × 280 / 300 = 2.520.000 kr.; net 1.400.000 kr.
Its success criteria (2028): at most 27 weeks, at least 300 entrants, net result ≥ 0.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from budgetapp.core.decision_data import ActualYear
from budgetapp.ui import files

pytestmark = pytest.mark.gui

CASE = 1
WEEKS, ENTRANTS, SPEND = 2, 0, 3   # columns of the actual-figures table
YEAR_2028 = 1                      # its row


def follow_up_of(window):
    page = window.show_page("cases")
    page.select(CASE)
    editor = page.editor
    assert editor.current_case().name.startswith("To ekstra sagsbehandlere")
    panel = editor.decision_widget
    editor.tabs.setCurrentWidget(panel)
    panel.tabs.setCurrentWidget(panel.follow_up)
    return editor, panel, panel.follow_up


def case_of(window):
    return window.document.project.cases[CASE].case


def statuses(view) -> list[str]:
    table = view.criteria_table.table
    return [table.item(r, 4).text() for r in range(table.rowCount())]


def actual_cells(view, row: int) -> dict[str, str]:
    """The 2028 row of the plan-vs-actual table: column title → text."""
    table = view.years_table.table
    return {table.horizontalHeaderItem(c).text(): table.item(row, c).text()
            for c in range(table.columnCount())}


def test_an_actual_figure_updates_plan_against_actual_and_the_criteria_and_undo_restores(window):
    _, _, view = follow_up_of(window)
    editor = view.editor
    stack = window.document.undo_stack
    before = stack.count()
    assert statuses(view) == ["ikke målt endnu"] * 3
    assert not window.isWindowModified()

    editor.actuals.item(YEAR_2028, WEEKS).setText("25")
    assert stack.count() == before + 1
    assert case_of(window).follow_up.actuals == (ActualYear(2028, weeks_on_benefit=25.0),)
    assert window.isWindowModified()
    row = actual_cells(view, YEAR_2028)
    assert row["Uger pr. tilgang: plan"] == "27,0"
    assert row["Uger pr. tilgang: faktisk"] == "25,0"
    assert row["Nettoresultat (1.000 kr.): plan"] == "541,5"     # 541.538,46 kr.
    assert row["Nettoresultat (1.000 kr.): faktisk"] == "1.580,0"   # 1.580.000 kr.
    assert view.report.years[YEAR_2028].actual["net_result"] == pytest.approx(1_580_000, abs=1e-6)
    # 25 ≤ 27 weeks: met; entrants not entered; 1.580.000 ≥ 0: met
    assert statuses(view) == ["opfyldt", "ikke målt endnu", "opfyldt"]

    editor.actuals.item(YEAR_2028, ENTRANTS).setText("280")
    assert stack.count() == before + 2
    assert view.report.years[YEAR_2028].actual["net_result"] == pytest.approx(1_400_000, abs=1e-6)
    assert statuses(view) == ["opfyldt", "ikke opfyldt", "opfyldt"]   # 280 < 300 entrants

    window.undo_action.trigger()
    assert case_of(window).follow_up.actuals == (ActualYear(2028, weeks_on_benefit=25.0),)
    assert statuses(view) == ["opfyldt", "ikke målt endnu", "opfyldt"]
    assert editor.actuals.item(YEAR_2028, ENTRANTS).text() == ""
    window.undo_action.trigger()
    assert case_of(window).follow_up.actuals == ()
    assert statuses(view) == ["ikke målt endnu"] * 3
    assert actual_cells(view, YEAR_2028)["Nettoresultat (1.000 kr.): faktisk"] == ""
    assert editor.actuals.item(YEAR_2028, WEEKS).text() == ""
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert editor.actuals.item(YEAR_2028, WEEKS).text() == "25"
    assert statuses(view) == ["opfyldt", "ikke målt endnu", "opfyldt"]


def test_invalid_entries_show_a_danish_message_and_change_nothing(window, qtbot):
    _, _, view = follow_up_of(window)
    editor = view.editor
    stack = window.document.undo_stack
    before = stack.count()
    original = case_of(window)

    editor.actuals.item(YEAR_2028, SPEND).setText("-5")
    assert editor.actuals_error.text() == "Bruttoudgift (kr.) 2028: skal være mindst 0, fandt -5"
    assert editor.actuals_error.isVisibleTo(editor)
    editor.actuals.item(YEAR_2028, WEEKS).setText("25 uger")
    assert "Uger på ydelse pr. tilgang 2028: '25 uger' er ikke et tal" in editor.actuals_error.text()
    # The −5 is kept in the editor's draft as one undo step; the case itself is unchanged.
    assert stack.count() == before + 1 and case_of(window) == original

    editor.date.setText("31.2.2028")
    editor.date.editingFinished.emit()
    assert editor.date_error.text() == "'31.2.2028' er ikke en dato; skriv fx 1.9.2028"
    assert stack.count() == before + 1 and case_of(window) == original


def test_decision_date_and_success_criteria_are_edited_one_undo_step_each(window):
    _, _, view = follow_up_of(window)
    editor = view.editor
    stack = window.document.undo_stack
    before = stack.count()
    assert editor.date.text() == "1.9.2028"

    editor.date.setText("1.3.2029")
    editor.date.editingFinished.emit()
    assert stack.count() == before + 1
    assert str(case_of(window).follow_up.decision_date) == "2029-03-01"
    assert "1.3.2029" in view.decision.text()

    editor.add_button.click()
    assert stack.count() == before + 2
    added = case_of(window).follow_up.success_criteria[3]
    assert (added.name, added.metric, added.operator, added.target, added.year) == (
        "Kriterium 4", "net_result", ">=", 0.0, 2030)
    assert editor.criteria.rowCount() == 4
    assert statuses(view)[3] == "ikke målt endnu"

    editor.criteria.item(3, 3).setText("100.000")              # target: 100.000 kr.
    metric, operator = editor.criteria.cellWidget(3, 1), editor.criteria.cellWidget(3, 2)
    metric.setCurrentIndex(metric.findText("Deltagere (personer)"))
    operator.setCurrentIndex(operator.findText("højst (≤)"))
    editor.criteria.item(3, 4).setText("2028")
    editor.criteria.item(3, 0).setText("Højst 100.000 deltagere")
    assert stack.count() == before + 7
    edited = case_of(window).follow_up.success_criteria[3]
    assert (edited.name, edited.metric, edited.operator, edited.target, edited.year) == (
        "Højst 100.000 deltagere", "participants", "<=", 100_000.0, 2028)

    editor.criteria.item(3, 4).setText("2031")                 # outside the case's years
    assert editor.criteria_error.text() == "Kriterium 4, år: 2031 ligger uden for casens år 2027-2030"
    assert case_of(window).follow_up.success_criteria[3].year == 2028
    assert stack.count() == before + 8                          # the invalid year is a draft step

    window.undo_action.trigger()                                # the invalid year, only
    assert editor.criteria.item(3, 4).text() == "2028"
    assert editor.criteria_error.isHidden()
    assert case_of(window).follow_up.success_criteria[3].name == "Højst 100.000 deltagere"
    window.redo_action.trigger()                                # the typed 2031 comes back
    assert editor.criteria.item(3, 4).text() == "2031"
    assert "2031 ligger uden for casens år" in editor.criteria_error.text()
    window.undo_action.trigger()
    window.undo_action.trigger()                                # the name
    assert case_of(window).follow_up.success_criteria[3].name == "Kriterium 4"
    assert editor.criteria.item(3, 0).text() == "Kriterium 4"
    assert editor.criteria_error.isHidden()

    editor.criteria.setCurrentCell(0, 0)
    editor.remove_button.click()
    names = [c.name for c in case_of(window).follow_up.success_criteria]
    assert names == ["Mindst 300 forløb i 2028", "Positivt nettoresultat i 2028", "Kriterium 4"]
    assert editor.criteria.rowCount() == 3
    window.undo_action.trigger()
    assert len(case_of(window).follow_up.success_criteria) == 4
    assert editor.criteria.item(0, 0).text() == "Højst 27 uger på ydelse pr. forløb i 2028"


def test_save_and_reopen_keeps_the_follow_up(window, tmp_path):
    _, _, view = follow_up_of(window)
    editor = view.editor
    editor.actuals.item(YEAR_2028, WEEKS).setText("25")
    editor.actuals.item(YEAR_2028, SPEND).setText("1.050.000")
    editor.actuals.item(YEAR_2028, 4).setText("Tal fra Jobindsats")
    editor.date.setText("1.3.2029")
    editor.date.editingFinished.emit()
    target = tmp_path / "opfoelgning.jcbudget"
    assert window.save_as(target)
    assert not window.isWindowModified()

    follow = files.load_project(target).cases[CASE].case.follow_up
    assert follow.actuals == (ActualYear(2028, weeks_on_benefit=25.0, spend=1_050_000.0,
                                         note="Tal fra Jobindsats"),)
    assert str(follow.decision_date) == "2029-03-01"
    assert window.open_file(target, ask_first=False)
    _, _, view = follow_up_of(window)
    assert view.editor.actuals.item(YEAR_2028, SPEND).text() == "1.050.000"
    # net 2028: saving 2.700.000 − spend 1.050.000 (no refusion on the cost) = 1.650.000 kr.
    assert actual_cells(view, YEAR_2028)["Nettoresultat (1.000 kr.): faktisk"] == "1.650,0"


def test_the_scenario_tab_shows_the_project_scenarios_that_change_the_case(window):
    _, panel, _ = follow_up_of(window)
    table = panel.scenario_table
    assert table.header == ["", "Som indtastet", "Pessimistisk", "Forventet", "Optimistisk",
                            "Projekt: Forsigtig effekt"]
    net = next(row for row in table.rows if row[0] == "Nettoresultat i alt")
    # "Forsigtig effekt": 28,5 weeks after; weeks 27-55,5: 26 × 0,7 + 2,5 × 0,8 = 20,2;
    # saving (21,4 − 20,2) × 0,8 = 0,96 × 300 / 52 × 150.000 = 830.769,23 kr. a full year, half in 2027:
    # 415.384,62 − 1.120.000 = −704.615,38; 2028-2030: −289.230,77 each; total −1.572.307,69 kr.
    assert net[-1] == pytest.approx(-704_615.3846 - 3 * 289_230.7692, abs=0.01)
    assert net[1] == pytest.approx(-289_230.7692 + 3 * 541_538.4615, abs=0.01)   # as entered: 1.335.384,62

    # the Hillerød case is changed by "Som i Hillerød 2013" only
    window.show_page("cases").select(0)
    assert panel.scenario_table.header[-1] == "Projekt: Som i Hillerød 2013"
    assert "Projekt: Forsigtig effekt" not in panel.scenario_table.header


def test_the_screenshot_page_opfoelgning_shows_the_follow_up_of_the_first_case_with_one(window):
    page = window.show_page("opfoelgning")
    editor = page.editor
    panel = editor.decision_widget
    assert editor.current_case().name.startswith("To ekstra sagsbehandlere")  # case 0 has no follow-up
    assert editor.tabs.currentWidget() is panel
    assert panel.tabs.currentWidget() is panel.follow_up
    assert panel.follow_up.editor.date.text() == "1.9.2028"
