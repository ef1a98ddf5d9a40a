"""The real main window, offscreen: edit a case, see results and charts follow, undo, save, reopen.

The demo's first case is the Hillerød case under the 2016 refusion staircase (start 2027, four
years, 459 entrants a year, 72.000 kr. per full-year person, half effect in year 1). Municipal
saving per entrant in week-equivalents (municipal share 20 % in weeks 1-4, 60 % in weeks 5-26):
  no-shows (30 %), 17 → 0 weeks:   4 × 0,2 + 13 × 0,6 = 8,6
  non-completers (65 %), 17 → 6:   8,6 − (4 × 0,2 + 2 × 0,6) = 8,6 − 2,0 = 6,6
  completers (5 %), 17 → 17:       0
  per entrant: 0,3 × 8,6 + 0,65 × 6,6 = 2,58 + 4,29 = 6,87
Full year (2028): 459 × 6,87 / 52 × 72.000 = 4.366.149,23 kr.; with 918 entrants twice that.
"""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from budgetapp.ui import files
from budgetapp.ui.models.results import RESULT_ROWS

pytestmark = pytest.mark.gui

SAVING_ROW = [key for key, *_ in RESULT_ROWS].index("municipal_saving")
FULL_YEAR_SAVING = 459 * 6.87 / 52 * 72_000  # 4.366.149,23 kr.


def hillerod_editor(window):
    page = window.show_page("cases")
    page.select(0)
    assert page.editor.current_case().name.startswith("Straksaktivering")
    return page.editor


def type_into(qtbot, line_edit, text: str) -> None:
    line_edit.selectAll()
    line_edit.setFocus()
    qtbot.keyClicks(line_edit, text)


def test_demo_case_shows_the_staircase_saving(window):
    editor = hillerod_editor(window)
    model = editor.results.model
    # 2027 (half effect) and 2028 (full effect)
    assert model.value(SAVING_ROW, 0) == pytest.approx(FULL_YEAR_SAVING / 2, abs=0.01)
    assert model.value(SAVING_ROW, 1) == pytest.approx(FULL_YEAR_SAVING, abs=0.01)
    assert model.data(model.index(SAVING_ROW, 1)) == "4.366,1"
    assert editor.results.saving_chart.saving[1] == pytest.approx(FULL_YEAR_SAVING, abs=0.01)


def test_edit_updates_table_and_charts_and_undo_restores(window, qtbot):
    editor = hillerod_editor(window)
    stack = window.document.undo_stack
    before = stack.count()
    assert not window.isWindowModified()
    type_into(qtbot, editor.inputs.fields["inflow_per_year"].value, "918")
    # Typing "9", "91", "918" is one undo step (the edits of one field merge).
    assert stack.count() == before + 1
    assert window.document.project.cases[0].case.inflow_per_year == 918
    model = editor.results.model
    # 918 = 2 × 459 entrants: the saving doubles, 2 × 4.366.149,23 = 8.732.298,46 kr.
    assert model.value(SAVING_ROW, 1) == pytest.approx(2 * FULL_YEAR_SAVING, abs=0.01)
    assert model.data(model.index(SAVING_ROW, 1)) == "8.732,3"
    assert editor.results.saving_chart.saving[1] == pytest.approx(2 * FULL_YEAR_SAVING, abs=0.01)
    height = editor.results.saving_chart.saving_bars.opts["height"]
    assert height[1] == pytest.approx(2 * FULL_YEAR_SAVING, abs=0.01)
    assert window.isWindowModified()
    assert "[*]" in window.windowTitle()

    window.undo_action.trigger()
    assert window.document.project.cases[0].case.inflow_per_year == 459
    assert model.value(SAVING_ROW, 1) == pytest.approx(FULL_YEAR_SAVING, abs=0.01)
    assert editor.inputs.fields["inflow_per_year"].value.text() == "459"
    assert editor.results.saving_chart.saving[1] == pytest.approx(FULL_YEAR_SAVING, abs=0.01)
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert window.document.project.cases[0].case.inflow_per_year == 918


def test_save_and_reopen_finds_the_change(window, qtbot, tmp_path):
    editor = hillerod_editor(window)
    type_into(qtbot, editor.inputs.fields["inflow_per_year"].value, "918")
    note = editor.inputs.fields["inflow_per_year"].note
    type_into(qtbot, note, "Fordoblet tilgang (test)")
    target = tmp_path / "gemt.jcbudget"
    assert window.save_as(target)
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("gemt.jcbudget")
    reopened = files.load_project(target)
    case = reopened.cases[0].case
    assert case.inflow_per_year == 918
    assert case.notes["inflow_per_year"] == "Fordoblet tilgang (test)"
    # Opening it in the window shows the change too.
    assert window.open_file(target, ask_first=False)
    editor = hillerod_editor(window)
    assert editor.inputs.fields["inflow_per_year"].value.text() == "918"
    assert editor.results.model.value(SAVING_ROW, 1) == pytest.approx(2 * FULL_YEAR_SAVING, abs=0.01)


def test_text_that_is_not_a_number_shows_a_message_and_changes_nothing(window, qtbot):
    editor = hillerod_editor(window)
    stack = window.document.undo_stack
    before = stack.count()
    field = editor.inputs.fields["inflow_per_year"]
    type_into(qtbot, field.value, "abc")
    assert stack.count() == before
    assert field.error.isVisible()
    assert "'abc' er ikke et tal" in field.error.text()
    assert window.document.project.cases[0].case.inflow_per_year == 459
    assert editor.inputs.banner.isVisible()


def test_segment_shares_must_sum_to_one_before_the_case_changes(window):
    editor = hillerod_editor(window)
    segments = editor.inputs.segments_model
    stack = window.document.undo_stack
    before = stack.count()
    # No-shows 30 % → 40 %: the shares sum to 0,40 + 0,65 + 0,05 = 1,10. The edit is an undo step
    # of the draft, but the project's case is unchanged.
    assert segments.setData(segments.index(0, 1), "40")
    assert stack.count() == before + 1
    assert window.document.project.cases[0].case.segments[0].share == 0.30
    messages = editor.inputs.segments_editor.error.text()
    assert "andelene skal summe til 1, summen er 1,1" in messages
    assert "andelene skal summe til 1" in editor.inputs.banner.text()
    assert editor.results.model.stale
    # Non-completers 65 % → 55 %: 0,40 + 0,55 + 0,05 = 1, the draft is committed.
    assert segments.setData(segments.index(1, 1), "55")
    assert stack.count() == before + 2
    shares = [s.share for s in window.document.project.cases[0].case.segments]
    assert shares == [0.40, 0.55, 0.05]
    assert not editor.results.model.stale
    assert not editor.inputs.banner.isVisible()
    # Saving per entrant: 0,4 × 8,6 + 0,55 × 6,6 = 3,44 + 3,63 = 7,07 week-equivalents.
    expected = 459 * 7.07 / 52 * 72_000
    assert editor.results.model.value(SAVING_ROW, 1) == pytest.approx(expected, abs=0.01)


def test_defaults_look_different_from_typed_values(window, qtbot):
    editor = hillerod_editor(window)
    deadweight = editor.inputs.fields["deadweight"].value
    assert "italic" in deadweight.styleSheet()  # 0 % is the default, not typed
    assert editor.inputs.fields["inflow_per_year"].value.styleSheet() == ""
    type_into(qtbot, deadweight, "10")
    assert window.document.project.cases[0].case.deadweight == pytest.approx(0.10)
    assert deadweight.styleSheet() == ""


def test_chart_hover_and_exports(window, tmp_path):
    editor = hillerod_editor(window)
    chart = editor.results.saving_chart
    text = chart.show_readout(2028.1)
    assert text == "2028: kommunal besparelse 4,4 mio. kr., nettoudgift 0,7 mio. kr."
    csv_path = tmp_path / "besparelse.csv"
    chart.export_csv(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "År;Kommunal besparelse (kr.);Nettoudgift (kr.)"
    # 2028: saving 4.366.149,23 kr.; net cost 500.000 + 167.000 (no refusion from 2019) = 667.000 kr.
    assert lines[2] == "2028;4366149,23;667000,00"
    chart.save_png(tmp_path / "besparelse.png")
    chart.save_svg(tmp_path / "besparelse.svg")
    assert (tmp_path / "besparelse.png").stat().st_size > 1000
    assert "<svg" in (tmp_path / "besparelse.svg").read_text(encoding="utf-8")
    cumulative = editor.results.cumulative_chart
    assert cumulative.payback_year == 2027
    assert cumulative.payback_line.isVisible()
    paths = editor.results.paths_chart
    # Week 10: everyone is still on benefit before (17 weeks); after, only the 5 % who complete.
    assert paths.show_readout(9.5).startswith("Uge 10: 100,0 % på ydelse før, 5,0 % efter")


def test_decision_support_tab_follows_the_case(window, qtbot):
    editor = hillerod_editor(window)
    panel = editor.decision_widget
    assert panel is not None
    editor.tabs.setCurrentWidget(panel)
    assert panel.case == window.document.project.cases[0].case
    type_into(qtbot, editor.inputs.fields["inflow_per_year"].value, "918")
    assert panel.case.inflow_per_year == 918


def test_results_state_their_price_level(window):
    editor = hillerod_editor(window)
    # The Hillerød case is entered at 2013 p/l; the demo project is at 2026 p/l, which the
    # overview and the council workbook convert to.
    text = editor.results.unit_label.text()
    assert "(1.000 kr., 2013 p/l)" in text
    assert "omregner til 2026 p/l" in text
