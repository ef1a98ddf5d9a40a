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

import dataclasses
import itertools
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

pytest.importorskip("pytestqt")

from budgetapp.core.commands import AddCase, ReplaceCase
from budgetapp.ui import files
from budgetapp.ui.models.results import RESULT_ROWS
from tests.editor_helpers import hillerod_editor

pytestmark = pytest.mark.gui

SAVING_ROW = [key for key, *_ in RESULT_ROWS].index("municipal_saving")
FULL_YEAR_SAVING = 459 * 6.87 / 52 * 72_000  # 4.366.149,23 kr.


def type_into(qtbot, line_edit, text: str) -> None:
    line_edit.selectAll()
    line_edit.setFocus()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)  # a number commits when editing finishes


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


# --- drafts and undo --------------------------------------------------------------------------

def draft_shares(editor) -> list[float]:
    return [s["share"] for s in editor.draft.data["effects"][0]["segments"]]


def test_undo_and_redo_across_an_invalid_draft_lose_nothing_typed(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    segments = inputs.segments_model
    stack = window.document.undo_stack
    start = stack.count()
    case = lambda: window.document.project.cases[0].case  # noqa: E731

    # 1. A committed step: the refusion rule becomes a flat 50 %.
    rule = inputs.fields["benefit_refusion.rule"].value
    rule.setCurrentIndex(rule.findData("flat"))
    assert case().benefit_refusion.rule == "flat" and stack.count() == start + 1
    # 2.-4. A draft that stays invalid: shares 0,40 + 0,65 + 0,05 = 1,10, then 918 entrants
    # (three keystrokes, one step), then the completers removed (0,40 + 0,65 = 1,05).
    assert segments.setData(segments.index(0, 1), "40")
    type_into(qtbot, inputs.fields["inflow_per_year"].value, "918")
    inputs.segments_editor.view.setCurrentIndex(segments.index(2, 0))
    inputs.segments_editor.remove_button.click()
    assert stack.count() == start + 4
    assert draft_shares(editor) == [0.40, 0.65]
    assert editor.draft.data["effects"][0]["inflow_per_year"] == 918
    assert case().inflow_per_year == 459 and len(case().segments) == 3   # the project is untouched
    assert editor.results.model.stale and inputs.banner.isVisible()

    # Each Ctrl+Z takes back one edit of the draft, never the whole draft, never the rule.
    window.undo_action.trigger()
    assert draft_shares(editor) == [0.40, 0.65, 0.05]
    assert inputs.fields["inflow_per_year"].value.text() == "918"
    assert case().benefit_refusion.rule == "flat"
    window.undo_action.trigger()
    assert inputs.fields["inflow_per_year"].value.text() == "459"
    assert draft_shares(editor) == [0.40, 0.65, 0.05]
    assert segments.data(segments.index(0, 1)) == "40,0"
    window.undo_action.trigger()
    assert draft_shares(editor) == [0.30, 0.65, 0.05]
    assert editor.draft.valid and not editor.results.model.stale
    assert case().benefit_refusion.rule == "flat"
    window.undo_action.trigger()
    assert case().benefit_refusion.rule == "refusionstrappe-2016"
    assert stack.index() == start

    # Ctrl+Y brings back the rule and every typed value of the draft.
    for _ in range(4):
        window.redo_action.trigger()
    assert case().benefit_refusion.rule == "flat"
    assert draft_shares(editor) == [0.40, 0.65]
    assert inputs.fields["inflow_per_year"].value.text() == "918"
    assert segments.rowCount() == 2 and segments.data(segments.index(0, 1)) == "40,0"
    assert not editor.draft.valid

    # Completing the draft commits all of it; undoing that brings the invalid draft back.
    assert segments.setData(segments.index(1, 1), "60")
    assert [s.share for s in case().segments] == [0.40, 0.60] and case().inflow_per_year == 918
    window.undo_action.trigger()
    assert case().inflow_per_year == 459 and len(case().segments) == 3
    assert draft_shares(editor) == [0.40, 0.65]
    assert inputs.fields["inflow_per_year"].value.text() == "918"
    assert "andelene skal summe til 1" in inputs.segments_editor.error.text()


def test_removing_a_segment_drops_the_estimates_and_scenario_values_that_named_it(window):
    editor = hillerod_editor(window)
    segments = editor.inputs.segments_model
    inputs = editor.inputs
    # Remove the no-shows (segment 1 of 3): what named it goes, what named segment 2 moves up.
    inputs.segments_editor.view.setCurrentIndex(segments.index(0, 0))
    inputs.segments_editor.remove_button.click()
    paths = [e["path"] for e in editor.draft.data["uncertainty"]]
    assert paths == ["effects[0].inflow_per_year", "effects[0].segments[0].weeks_after",
                     "effects[0].deadweight", "costs[0].amount_per_year"]
    # The only problem left is the one the user can see and fix: 0,65 + 0,05 = 0,70.
    assert [i.field for i in editor.draft.issues] == ["effects[0].segments"]
    assert segments.setData(segments.index(0, 1), "95")
    case = window.document.project.cases[0].case
    assert [s.share for s in case.segments] == [0.95, 0.05]
    assert not editor.results.model.stale
    optimistic = next(s for s in case.scenarios if s.name == "Optimistisk")
    assert optimistic.overrides["effects[0].segments[0].weeks_after"] == 4
    assert "effects[0].segments[0].share" not in optimistic.overrides


def test_editing_estimates_and_scenarios(window):
    from budgetapp.ui.models.case_lists import ERROR_BRUSH

    editor = hillerod_editor(window)
    inputs = editor.inputs
    estimates = inputs.estimates_model
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    assert estimates.rowCount() == 5
    # Named by the field registry's label, as in the form and the scenarios.
    assert estimates.data(estimates.index(0, 0)) == "Tilgang"
    # A lowest value above the most likely one (459) is refused at the field, the case unchanged.
    assert estimates.setData(estimates.index(0, 1), "600")
    assert estimates.data(estimates.index(0, 2), Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert "min ≤ mest sandsynlig ≤ max" in estimates.data(estimates.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert case().uncertainty[0].min == 400
    assert estimates.setData(estimates.index(0, 1), "420")
    assert case().uncertainty[0].min == 420
    # Add: the first input without an estimate, ± 20 % around the case's value.
    inputs.estimates_editor.add_button.click()
    added = case().uncertainty[5]
    assert added.path == "effects[0].benefit_per_full_year_person"
    assert (added.min, added.most_likely, added.max) == pytest.approx((57_600, 72_000, 86_400))
    inputs.estimates_editor.view.setCurrentIndex(estimates.index(5, 0))
    inputs.estimates_editor.remove_button.click()
    assert len(case().uncertainty) == 5

    scenarios = inputs.scenarios_model
    assert scenarios.rowCount() == 3
    inputs.scenarios_editor.add_button.click()
    assert case().scenarios[3].name == "Nyt scenarie"
    # The new scenario is chosen; its changed inputs are picked by Danish label, never typed as paths.
    overrides = inputs.overrides_model
    assert overrides.scenario == 3 and overrides.rowCount() == 0
    assert inputs.overrides_editor.title() == "Ændrede forudsætninger i «Nyt scenarie»"
    inputs.overrides_editor.add_button.click()          # the first input, at the case's own value
    assert case().scenarios[3].overrides == {"effects[0].inflow_per_year": 459}
    assert overrides.setData(overrides.index(0, 0), "effects[0].deadweight")  # starts at the case's 0
    assert case().scenarios[3].overrides == {"effects[0].deadweight": 0.0}
    assert overrides.setData(overrides.index(0, 1), "20")                    # typed in percent
    inputs.overrides_editor.add_button.click()
    assert overrides.setData(overrides.index(1, 1), "400")
    assert case().scenarios[3].overrides == {"effects[0].deadweight": 0.2, "effects[0].inflow_per_year": 400}
    assert scenarios.data(scenarios.index(3, 2)) == "Dødvægt = 20 %; Tilgang = 400"
    assert [overrides.data(overrides.index(0, c)) for c in range(3)] == ["Dødvægt", "20", "%"]
    # A dead-weight of 200 % is marked at the cell; the committed scenario stays.
    assert overrides.setData(overrides.index(0, 1), "200")
    assert overrides.data(overrides.index(0, 1), Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert scenarios.data(scenarios.index(3, 2), Qt.ItemDataRole.BackgroundRole) == ERROR_BRUSH
    assert "Scenarie «Nyt scenarie» › ændret forudsætning › Dødvægt: Dødvægt må højst være 100 %, " \
        "fandt 200 %" in inputs.problem_lines()
    assert case().scenarios[3].overrides["effects[0].deadweight"] == 0.2
    window.undo_action.trigger()
    assert editor.draft.valid
    assert scenarios.data(scenarios.index(3, 2), Qt.ItemDataRole.BackgroundRole) is None


def test_a_second_effect_and_a_survival_curve_change_the_results(window, qtbot):
    from PySide6.QtWidgets import QApplication

    editor = hillerod_editor(window)
    inputs = editor.inputs
    model = editor.results.model
    case = lambda: window.document.project.cases[0].case  # noqa: E731

    inputs.add_stock_button.click()
    assert len(case().effects) == 2 and inputs.effect_index == 1
    assert inputs.effect_stack.currentWidget() is inputs.stock_widget
    rule = inputs.stock_fields["benefit_refusion.rule"].value
    rule.setCurrentIndex(rule.findData("flat"))                      # the state refunds 50 %
    type_into(qtbot, inputs.stock_fields["benefit_per_full_year_person"].value, "52000")
    type_into(qtbot, inputs.stock_fields["fewer_full_year_persons"].value, "10")
    stock = case().effects[1]
    assert (stock.fewer_full_year_persons, stock.benefit_per_full_year_person) == (10, 52_000)
    # 10 fewer full-year persons × 52.000 kr. × (1 − 0,5) = 260.000 kr. a year for the municipality.
    assert model.value(model.row_of("effect:1"), 1) == pytest.approx(260_000, abs=1e-6)
    assert model.value(SAVING_ROW, 1) == pytest.approx(FULL_YEAR_SAVING + 260_000, abs=0.01)
    assert model.value(model.row_of("effect:0"), 1) == pytest.approx(FULL_YEAR_SAVING, abs=0.01)

    # The completers (5 %, 17 weeks before and after) get a survival curve after the effort:
    # S = 1, 1, 1, 1, 0,5, 0,5 (half leave after 4 weeks, half after 6). Municipal week-
    # equivalents (20 % in weeks 1-4, 60 % in weeks 5-26): before 4 × 0,2 + 13 × 0,6 = 8,6;
    # after 0,5 × (4 × 0,2) + 0,5 × (4 × 0,2 + 2 × 0,6) = 0,4 + 1,0 = 1,4; saved 7,2.
    # Per entrant 6,87 + 0,05 × 7,2 = 6,87 + 0,36 = 7,23 week-equivalents.
    inputs.effect_list.setCurrentRow(0)
    assert inputs.effect_stack.currentWidget() is inputs.flow_widget
    inputs.curve_segment.setCurrentIndex(2)
    inputs.curve_side.setCurrentIndex(inputs.curve_side.findData("after"))
    QApplication.clipboard().setText("1\n1\n1\n1\n0,5\n0,5\n")
    inputs.paste_button.click()
    completers = case().segments[2]
    assert completers.survival_after == (1.0, 1.0, 1.0, 1.0, 0.5, 0.5)
    assert completers.weeks_in_effort == 6  # cut to the curve's length
    flow_2028 = 459 * 7.23 / 52 * 72_000
    assert model.value(model.row_of("effect:0"), 1) == pytest.approx(flow_2028, abs=0.01)
    assert model.value(SAVING_ROW, 1) == pytest.approx(flow_2028 + 260_000, abs=0.01)
    # Week 5 after the effort: non-completers (65 %, 6 weeks) and half the completers (2,5 %).
    assert editor.results.paths_chart.after[4] == pytest.approx(67.5)
    # The curve's mean length: 1 + 1 + 1 + 1 + 0,5 + 0,5 = 5 weeks.
    assert inputs.curve_status.text() == ("«Gennemfører (bliver til det hidtidige gennemsnit)» efter: "
                                          "6 uger, gennemsnit 5,0 uger")


def test_reference_curve_for_a_target_group(window):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    inputs.curve_segment.setCurrentIndex(0)
    inputs.curve_side.setCurrentIndex(inputs.curve_side.findData("before"))
    inputs.reference_group.setCurrentIndex(inputs.reference_group.findData("Jobparate"))
    inputs.reference_button.click()
    curve = window.document.project.cases[0].case.segments[0].survival_before
    assert curve is not None and curve[0] == 1.0
    assert all(a >= b for a, b in itertools.pairwise(curve))
    assert not editor.results.model.stale
    inputs.clear_curve_button.click()
    segment = window.document.project.cases[0].case.segments[0]
    assert segment.survival_before is None
    assert segment.weeks_before == pytest.approx(sum(curve), abs=1e-3)


def test_timing_switch_books_weeks_in_the_year_they_fall(window):
    """The worked example of the case format: one segment 10 weeks → 0, municipal share 1 (flat,
    rate 0), 52 entrants a year, one year, 52 kr. a week (2.704 kr. a full-year person). In entry-year
    timing the year saves 52 × 10 × 52 = 27.040 kr. In calendar time an entrant arriving at t saves
    the weeks before week 52: K(52) = 10²/2 + 10 × 42 = 470, so 470/52 = 9,0385 weeks per entrant,
    52 × 9,0385 × 52 = 24.440 kr. in the year and 52 × 0,9615 × 52 = 2.600 kr. after it."""
    from budgetapp.core.case import case_from_dict
    from budgetapp.core.project import ProjectCase

    page = window.show_page("cases")
    case = case_from_dict({
        "schema": "budgetapp.case/2", "name": "Eksempel", "start_year": 2027, "years": 1,
        "timing": "entry_year", "effects": [{
            "kind": "flow", "name": "Alle", "target_group": "Jobparate", "inflow_per_year": 52,
            "benefit_per_full_year_person": 2704, "benefit_refusion": {"rule": "flat", "rate": 0.0},
            "segments": [{"name": "Alle", "share": 1, "weeks_before": 10, "weeks_after": 0}]}]})
    assert window.document.run(AddCase(ProjectCase(case, enabled=False), "Tilføj")) == []
    page.select(len(window.document.project.cases) - 1)
    editor = page.editor
    model = editor.results.model
    saving = model.row_of("municipal_saving")
    assert model.value(saving, 0) == pytest.approx(27_040, abs=1e-6)
    assert model.value(saving, model.tail_column) == pytest.approx(0, abs=1e-6)
    timing = editor.inputs.fields["timing"]
    assert timing.explanation.text().startswith("Indgangsår: hele forløbets besparelse")
    timing.value.setCurrentIndex(timing.value.findData("calendar"))
    assert window.document.project.cases[-1].case.timing == "calendar"
    assert timing.explanation.text().startswith("Kalendertid: hver sparet ydelsesuge")
    assert model.value(saving, 0) == pytest.approx(24_440, abs=1e-6)
    assert model.value(saving, model.tail_column) == pytest.approx(2_600, abs=1e-6)
    assert model.headerData(model.tail_column, Qt.Orientation.Horizontal) == "Efter\nperioden"
    assert "yderligere 2.600 kr. efter 2027" in editor.results.tail_note.text()
    # The three styringsområder sum to −net result; the saving is on overførsler.
    area = model.value(model.row_of("area:overførsler"), 0)
    assert area == pytest.approx(-24_440, abs=1e-6)


def test_every_input_has_a_tooltip(window):
    editor = hillerod_editor(window)
    for key, row in editor.inputs.fields.items():
        assert row.value.toolTip(), key
    for editor_box in (editor.inputs.segments_editor, editor.inputs.estimates_editor,
                       editor.inputs.scenarios_editor, *editor.inputs.case_lists):
        model = editor_box.model
        for column in range(model.columnCount()):
            assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole), \
                (editor_box.title(), column)


# --- fits the screen --------------------------------------------------------------------------

SHOTS = os.environ.get("BUDGETAPP_SCREENSHOT_DIR")  # set to docs/screenshots to refresh them


@pytest.mark.parametrize(("scale", "name", "stacked"), [("1", "case-editor-1366.png", False),
                                                        ("1.5", "case-editor-150.png", True),
                                                        # not maximised: 895×472 (fitted_geometry)
                                                        ("1.5", "normal", True)])
def test_case_editor_fits_1366x768_at_100_and_150_percent(tmp_path, scale, name, stacked):
    """The editor in a window filling a 1366×768 screen (911×512 logical pixels at 150 %): the
    results table shows every year, "I alt" and "Efter perioden" without scrolling sideways, and
    the inputs (with their units and source fields) fit their pane's width."""
    import json
    import subprocess
    import sys

    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    normal = name == "normal"
    out = tmp_path / "normal.png" if normal else (Path(SHOTS) if SHOTS else tmp_path) / name
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale)
    done = subprocess.run([sys.executable, str(Path(__file__).parent / "case_editor_shots.py"), str(out)]
                          + (["normal"] if normal else []),
                          env=env, capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stderr
    shot = json.loads(next(line for line in done.stdout.splitlines() if line.startswith("{")))
    assert shot["stacked"] is stacked
    assert shot["maximised"] is not normal
    # The window at its first-start size, its minimum size not forced: it fits the screen, and the
    # Business cases page fits the window without scrolling sideways.
    x, y, width, height = shot["frame"]
    ax, ay, aw, ah = shot["available"]
    assert ax <= x and ay <= y and x + width <= ax + aw and y + height <= ay + ah, shot
    assert shot["window_minimum"][0] <= aw and shot["window_minimum"][1] <= ah, shot
    assert shot["page_size"][0] >= shot["page_minimum"][0] and shot["page_scroll_range"][0] == 0, shot
    assert shot["table_columns"] == 4 + 2
    assert shot["table_viewport"][0] >= shot["table_header_length"], shot
    assert shot["table_viewport"][1] >= shot["table_rows_height"], shot
    assert shot["inputs_width"] <= shot["inputs_viewport_width"], shot
    assert shot["unit_visible"] and shot["note_right"] <= shot["inputs_width"], shot
    # The form shows at least eight rows of inputs (at 150 % too: the status strip is one line,
    # and stacked, the inputs get two thirds of the height).
    assert shot["inputs_viewport_height"] >= 8 * shot["field_height"], shot
    assert shot["strip_height"] <= 2 * shot["field_height"], shot
    # An invalid entry: the strip's line shows the reason whole (the place may be cut with "…"),
    # and neither the strip nor the form moves.
    assert shot["strip_shown"].startswith("Dødvægt må højst være 100 %, fandt 120 %"), shot
    assert shot["where_after"] == shot["where_before"], shot
    assert out.stat().st_size > 10_000


def test_an_invalid_draft_survives_looking_at_another_case(window):
    editor = hillerod_editor(window)
    page = window.show_page("cases")
    segments = editor.inputs.segments_model
    assert segments.setData(segments.index(0, 1), "40")          # 0,40 + 0,65 + 0,05 = 1,10
    page.select(1)
    assert editor.current_case().name.startswith("To ekstra")
    assert editor.draft.valid
    page.select(0)
    assert draft_shares(editor) == [0.40, 0.65, 0.05]
    assert "andelene skal summe til 1" in editor.inputs.segments_editor.error.text()
    assert window.document.project.cases[0].case.segments[0].share == 0.30


def test_undo_of_another_cases_edit_shows_that_case(window):
    editor = hillerod_editor(window)
    page = window.show_page("cases")
    segments = editor.inputs.segments_model
    assert segments.setData(segments.index(0, 1), "40")
    page.select(1)
    window.undo_action.trigger()                                   # the 40 % typed in the first case
    assert editor.index == 0 and page.list.currentIndex().row() == 0
    assert draft_shares(editor) == [0.30, 0.65, 0.05] and editor.draft.valid
    window.redo_action.trigger()
    assert draft_shares(editor) == [0.40, 0.65, 0.05]


def test_removing_an_estimate_removes_its_correlation(window):
    from budgetapp.core.decision_data import Correlation

    editor = hillerod_editor(window)
    case = window.document.project.cases[0].case
    correlated = dataclasses.replace(case, correlations=(Correlation(
        ("effects[0].inflow_per_year", "effects[0].deadweight"), 0.5),))
    assert window.document.run(ReplaceCase(0, correlated, "Korrelation")) == []
    estimates = editor.inputs.estimates_model
    editor.inputs.estimates_editor.view.setCurrentIndex(estimates.index(0, 0))   # the inflow
    editor.inputs.estimates_editor.remove_button.click()
    # Nothing is left that no table shows: the case commits at once, without the correlation.
    after = window.document.project.cases[0].case
    assert after.correlations == ()
    assert after.uncertainty[0].path == "effects[0].segments[0].share"
    assert editor.draft.valid


def test_right_aligned_fields_show_their_text_after_widening(window, qtbot):
    """A right-aligned field whose text is set while it is narrow and then widened must still
    show its text: the cursor (and so the scroll) sits at the start, inside the widget."""
    editor = hillerod_editor(window)
    edit = editor.inputs.fields["start_year"].value
    edit.resize(20, edit.height())
    edit.setText("2027")
    edit.resize(400, edit.height())
    assert edit.displayText() == "2027"
    assert edit.cursorPosition() == 0
    assert edit.rect().contains(edit.cursorRect().center())
    years = editor.inputs.fields["years"].value
    assert years.displayText() == "4" and years.cursorPosition() == 0
    # Every number field is no wider than 18 digits (+ frame), so a right-aligned figure cannot
    # sit past the visible pane when the window is wider than the screen (seen at 150 %).
    widest = edit.fontMetrics().horizontalAdvance("0" * 18) + 16
    numbers = [row for row in editor.inputs.fields.values()
               if row.kind in ("number", "share", "int", "amount")]
    assert len(numbers) >= 6
    for row in numbers:
        assert row.value.maximumWidth() == widest, row.key
        assert row.value.width() <= widest, row.key


def test_the_sagsfremstilling_is_written_in_the_editor(window, qtbot):
    """The case's description (the PDF's Sagsfremstilling) is a multi-line field of the case
    section, with the registry's label and help; typing changes the case, undo restores it."""
    from budgetapp.core.fields import field

    editor = hillerod_editor(window)
    row = editor.inputs.fields["description"]
    assert row.label.text() == field("description").label == "Sagsfremstilling"
    assert field("description").help in row.value.toolTip()
    before = window.document.project.cases[0].case.description
    row.value.setFocus()
    row.value.selectAll()
    qtbot.keyClicks(row.value, "Første linje.")
    qtbot.keyClick(row.value, Qt.Key.Key_Return)
    qtbot.keyClicks(row.value, "Anden linje.")
    assert window.document.project.cases[0].case.description == "Første linje.\nAnden linje."
    window.undo_action.trigger()
    assert window.document.project.cases[0].case.description == before
    assert row.value.toPlainText() == before


def test_the_employment_grant_is_switched_on_and_its_share_set_in_the_editor(window, qtbot):
    """An effect's modregning i beskæftigelsestilskud: a choice switches it on (the rule's default
    share), the share field (enabled only then) sets it, and the results show the line."""
    from budgetapp.core.case import EmploymentGrant

    editor = hillerod_editor(window)
    choice = editor.inputs.flow_fields["employment_grant"].value
    share = editor.inputs.flow_fields["employment_grant.share"].value
    assert choice.currentData() == "off" and not share.isEnabled()
    assert window.document.project.cases[0].case.effects[0].employment_grant is None
    choice.setCurrentIndex(choice.findData("on"))
    assert window.document.project.cases[0].case.effects[0].employment_grant == EmploymentGrant(None)
    assert share.isEnabled()
    type_into(qtbot, share, "40")
    assert window.document.project.cases[0].case.effects[0].employment_grant == EmploymentGrant(0.4)
    model = editor.results.model
    row = model.row_of("employment_grant_clawback")
    saving = model.series("municipal_saving")
    # the Hillerød effect is not on dagpenge, but the line follows the case file's rule:
    # clawback in the third year = 0,4 × the municipal saving of the first year
    assert model.value(row, 2) == pytest.approx(0.4 * saving[0], rel=1e-9)
    choice.setCurrentIndex(choice.findData("off"))
    assert window.document.project.cases[0].case.effects[0].employment_grant is None
    assert "employment_grant_clawback" not in [r.key for r in model.rows]


def test_a_number_commits_when_editing_finishes_never_a_prefix(window, qtbot):
    """Typing "4x9" in Tilgang: the "4" typed first is not committed; the draft stays invalid, and
    only a valid number committed with Enter changes the project."""
    editor = hillerod_editor(window)
    line = editor.inputs.fields["inflow_per_year"].value
    line.selectAll()
    line.setFocus()
    qtbot.keyClicks(line, "4x9")
    assert window.document.project.cases[0].case.inflow_per_year == 459  # nothing committed
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.project.cases[0].case.inflow_per_year == 459
    assert not editor.draft.valid
    line.selectAll()
    qtbot.keyClicks(line, "460")
    assert window.document.project.cases[0].case.inflow_per_year == 459  # still typing
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.document.project.cases[0].case.inflow_per_year == 460
    assert editor.draft.valid


def test_saving_or_closing_with_an_invalid_draft_asks_and_keeps_the_star(window, qtbot, questions):
    editor = hillerod_editor(window)
    line = editor.inputs.fields["inflow_per_year"].value
    line.selectAll()
    line.setFocus()
    qtbot.keyClicks(line, "4x9")
    assert window.isWindowModified()  # an invalid draft is unsaved work
    questions.answers["Ugyldige felter"] = "Annuller"
    assert not window.save()
    assert "Ugyldige felter: Casen «Straksaktivering" in questions[-1]
    assert "har ugyldige felter, som ikke er gemt: Tilgang" in questions[-1]
    assert window.isWindowModified()
    window.close()
    assert window.isVisible()  # Annuller: not closed
    assert not editor.draft.valid and line.text() == "4x9"
    questions.answers["Ugyldige felter"] = "Gem alligevel uden dem"
    assert window.save()
    assert files.load_project(window.document.path).cases[0].case.inflow_per_year == 459
    assert window.isWindowModified()  # saved without the draft, which is still there


def test_undo_and_redo_of_a_template_case_show_the_case_that_exists(window, qtbot, capsys):
    """Filer › Ny, Fra skabelon, Fortryd, Gentag: the redone case is selected and editable; after the
    undo the editor cannot be edited; no traceback."""
    assert window.new_project(ask=False)
    page = window.show_page("cases")
    page.new_from_template("hillerod")
    stack = window.document.undo_stack
    stack.undo()
    assert window.document.project.cases == []
    assert page.editor.index is None and not page.editor.inputs.isEnabled()
    assert page.right.currentWidget() is page.empty_note
    stack.redo()
    name = window.document.project.cases[0].name
    assert page.editor.index == 0
    assert page.list.currentIndex().row() == 0
    assert page.right.currentWidget() is page.editor and page.editor.inputs.isEnabled()
    assert page.editor.inputs.case_fields["name"].value.text() == name
    segments = window.document.project.cases[0].case.effects[0].segments
    qtbot.mouseClick(page.editor.inputs.segments_editor.add_button, Qt.MouseButton.LeftButton)
    assert "Traceback" not in capsys.readouterr().err
    assert len(page.editor.draft.data["effects"][0]["segments"]) == len(segments) + 1


def test_the_mouse_wheel_over_an_unfocused_combo_box_does_not_change_the_rule(window, qtbot):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication, QComboBox

    editor = hillerod_editor(window)
    combos = [c for c in editor.inputs.findChildren(QComboBox) if c.isVisible() and c.count() > 1]
    assert combos
    combo = combos[0]
    before = window.document.project.cases[0].case
    index = combo.currentIndex()
    center = QPointF(combo.rect().center())

    def wheel(delta: int) -> None:
        event = QWheelEvent(center, QPointF(combo.mapToGlobal(combo.rect().center())), QPoint(0, 0),
                            QPoint(0, delta), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(combo, event)

    step = -120 if index + 1 < combo.count() else 120  # towards an item that exists
    editor.inputs.setFocus()
    wheel(step)
    assert combo.currentIndex() == index
    assert window.document.project.cases[0].case == before
    combo.setFocus()
    wheel(step)
    assert combo.currentIndex() != index  # with the focus the wheel still chooses
