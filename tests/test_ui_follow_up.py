"""Follow-up entry in the case editor's decision tab, and the project's scenarios in its Scenarier tab.

The demo's second case, "To ekstra sagsbehandlere", 2027-2030: 300 entrants a year, 150.000 kr. per
full-year person, 26 prior weeks on benefit, 30 weeks before and 27 after the effort, 20 % dead-weight,
1.120.000 kr. a year, refusion staircase 2016 (municipal share 70 % in weeks 27-52, 80 % from week 53).
Phase-in 0,5 in 2027, then 1: effective cohorts 300 × 0,5 × 0,8 = 120 (2027) and 240 (2028).
Calendar timing: entrants arrive evenly over the year, so path week k (0-based) of an entrant falls
in the entry year with fraction (51,5 − k)/52 and in the next year with the rest.
  before, staircase weeks 27-56 (path weeks 0-29): 26 × 0,7 + 4 × 0,8 = 21,4 week-equivalents
  plan after (27 weeks): path weeks 27-29 saved, staircase 54-56 at 0,8 = 2,4; entry-year fraction
      (24,5 + 23,5 + 22,5)/52 = 70,5/52 of 3 weeks.
      2028: [120 × (3 − 70,5/52) + 240 × 70,5/52] × 0,8 × 150.000/52 = 1.206.213,02 kr.;
      net 1.206.213,02 − 1.120.000 = 86.213,02 kr.
  actual 25 weeks (the follow-up applies them to every cohort): path weeks 25-29 saved, staircase
      week 52 at 0,7 and 53-56 at 0,8 = 3,9; in the entry year (0,7 × 26,5 + 0,8 × (25,5 + 24,5 +
      23,5 + 22,5))/52 = 95,35/52.
      2028: [120 × (3,9 − 95,35/52) + 240 × 95,35/52] × 150.000/52 = 688,0385 × 2.884,615
      = 1.984.726,33 kr.; net 1.984.726,33 − 1.120.000 = 864.726,33 kr.
  and 280 actual entrants: 1.984.726,33 × 280 / 300 = 1.852.411,24 kr.; net 732.411,24 kr.
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
    assert row["Nettoresultat (1.000 kr.): plan"] == "86,2"     # 86.213,02 kr.
    assert row["Nettoresultat (1.000 kr.): faktisk"] == "864,7"   # 864.726,33 kr.
    saving = (120 * (3.9 - 95.35 / 52) + 240 * 95.35 / 52) * 150_000 / 52
    assert view.report.years[YEAR_2028].actual["net_result"] == pytest.approx(saving - 1_120_000, abs=1e-6)
    # 25 ≤ 27 weeks: met; entrants not entered; 864.726 ≥ 0: met
    assert statuses(view) == ["opfyldt", "ikke målt endnu", "opfyldt"]

    editor.actuals.item(YEAR_2028, ENTRANTS).setText("280")
    assert stack.count() == before + 2
    assert view.report.years[YEAR_2028].actual["net_result"] == pytest.approx(
        saving * 280 / 300 - 1_120_000, abs=1e-6)                       # 732.411,24 kr.
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
    # net 2028: saving 1.984.726,33 − spend 1.050.000 (no refusion on the cost) = 934.726,33 kr.
    assert actual_cells(view, YEAR_2028)["Nettoresultat (1.000 kr.): faktisk"] == "934,7"


def test_the_scenario_tab_shows_the_project_scenarios_that_change_the_case(window):
    _, panel, _ = follow_up_of(window)
    table = panel.scenario_table
    assert table.header == ["", "Som indtastet", "Pessimistisk", "Forventet", "Optimistisk",
                            "Projekt: Forsigtig effekt"]
    net = next(row for row in table.rows if row[0] == "Nettoresultat i alt")
    # Calendar timing, municipal week-equivalents (× 0,8 share × 150.000/52 kr.) over 2027-2030:
    # "Forsigtig effekt": 28,5 weeks after: path time 28,5-30 saved (1,5 weeks at 0,8); the part in
    # the entry year is ∫ (52 − u) du over [28,5; 30] / 52 = (78 − 43,875)/52 = 34,125/52. Horizon:
    # 120 × 1,5 (2027 cohort, whole) + 240 × 34,125/52 (2030 cohort, first year) + 2 × 240 × 1,5
    # = 180 + 157,5 + 720 = 1.057,5 weeks × 2.307,69 = 2.440.384,62 − 4 × 1.120.000 = −2.039.615,38.
    week = 0.8 * 150_000 / 52
    assert net[-1] == pytest.approx((120 * 1.5 + 240 * 34.125 / 52 + 2 * 240 * 1.5) * week
                                    - 4 * 1_120_000, abs=0.01)
    # as entered: 120 × 3 + 240 × 70,5/52 + 2 × 240 × 3 = 2.125,38 weeks × 2.307,69 = 4.904.733,73
    # − 4.480.000 = 424.733,73 kr.
    assert net[1] == pytest.approx((120 * 3 + 240 * 70.5 / 52 + 2 * 240 * 3) * week - 4 * 1_120_000,
                                   abs=0.01)

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
