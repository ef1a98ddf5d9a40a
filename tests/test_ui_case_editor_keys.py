"""The case editor from the keyboard, in the real main window (offscreen): Ctrl+Z and Ctrl+Y with
the focus in a field act on the draft's undo history; the editor's tables behave like Excel; the
status strip never moves the form.

The demo's first case (Hillerød): 459 entrants a year, 72.000 kr. per full-year person, segments
no-shows 30 %, non-completers 65 %, completers 5 %.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication, QLineEdit

from tests.editor_helpers import hillerod_editor

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def flow(editor) -> dict:
    return editor.draft.data["effects"][0]


def focus_into(qtbot, widget) -> None:
    widget.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is widget


def type_into(qtbot, line_edit, text: str) -> None:
    focus_into(qtbot, line_edit)
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


# --- Ctrl+Z / Ctrl+Y inside the editor --------------------------------------------------------

def test_ctrl_z_in_another_field_undoes_the_last_field_edit_not_the_field_text(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    inflow = inputs.fields["inflow_per_year"].value
    benefit = inputs.fields["benefit_per_full_year_person"].value
    type_into(qtbot, inflow, "500")
    assert case().inflow_per_year == 500
    # The benefit field has its own text history (typed, then put back); Ctrl+Z in it must not use it.
    type_into(qtbot, benefit, "72000")
    assert case().benefit_per_full_year_person == 72_000   # unchanged: no undo step
    focus_into(qtbot, benefit)
    press(qtbot, benefit, Qt.Key.Key_Z, CTRL)
    assert case().inflow_per_year == 459 and flow(editor)["inflow_per_year"] == 459
    # The benefit field's own undo would have put its text back to "72.000"; it is left alone.
    assert inflow.text() == "459" and benefit.text() == "72000"
    assert "Fortrudt: Ændr tilgang" in inputs.undo_note.text()
    press(qtbot, benefit, Qt.Key.Key_Y, CTRL)
    assert case().inflow_per_year == 500 and inflow.text() == "500"
    assert "Gentaget: Ændr tilgang" in inputs.undo_note.text()


def test_ctrl_z_while_typing_takes_back_the_typed_value_and_ctrl_y_brings_it_back(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    benefit = inputs.fields["benefit_per_full_year_person"].value
    focus_into(qtbot, benefit)
    benefit.selectAll()
    qtbot.keyClicks(benefit, "80000")                         # not committed yet (no Enter)
    press(qtbot, benefit, Qt.Key.Key_Z, CTRL)
    assert benefit.text() == "72.000" and case().benefit_per_full_year_person == 72_000
    press(qtbot, benefit, Qt.Key.Key_Y, CTRL)
    assert case().benefit_per_full_year_person == 80_000 and benefit.text() == "80.000"


def test_ctrl_z_on_unreadable_text_puts_the_field_back_and_undoes_nothing_else(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    stack = window.document.undo_stack
    inflow = inputs.fields["inflow_per_year"].value
    type_into(qtbot, inflow, "500")
    steps = stack.index()
    focus_into(qtbot, inflow)
    inflow.selectAll()
    qtbot.keyClicks(inflow, "5x0")
    press(qtbot, inflow, Qt.Key.Key_Z, CTRL)
    assert inflow.text() == "500" and stack.index() == steps   # the 500 edit is still there
    assert editor.draft.valid and not inputs.banner.isVisible()


def test_ctrl_z_steps_through_an_invalid_draft_and_says_when_it_leaves_the_case(window, qtbot):
    import dataclasses

    from budgetapp.core.commands import AddCase
    from budgetapp.core.project import ProjectCase

    editor = hillerod_editor(window)
    inputs = editor.inputs
    segments = inputs.segments_model
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    # A committed step outside this case first: a copy of the case added at the end.
    copy = dataclasses.replace(case(), name="Kopi")
    assert window.document.run(AddCase(ProjectCase(copy), "Tilføj case")) == []
    window.show_page("cases").select(0)
    assert editor.index == 0
    # Shares 0,40 + 0,65 + 0,05 = 1,10: invalid; then 918 entrants typed into the draft.
    assert segments.setData(segments.index(0, 1), "40")
    type_into(qtbot, inputs.fields["inflow_per_year"].value, "918")
    name = inputs.case_fields["name"].value
    focus_into(qtbot, name)
    press(qtbot, name, Qt.Key.Key_Z, CTRL)
    assert flow(editor)["inflow_per_year"] == 459                 # the last field edit only
    assert flow(editor)["segments"][0]["share"] == 0.40           # the draft is kept
    assert not editor.draft.valid and inputs.banner.isVisible()
    assert name.text() == case().name
    press(qtbot, name, Qt.Key.Key_Z, CTRL)
    assert flow(editor)["segments"][0]["share"] == 0.30 and editor.draft.valid
    cases = len(window.document.project.cases)
    press(qtbot, name, Qt.Key.Key_Z, CTRL)                        # into the committed history
    assert len(window.document.project.cases) == cases - 1
    assert "uden for denne case" in inputs.undo_note.text()
    for _ in range(3):
        press(qtbot, inputs.case_fields["name"].value, Qt.Key.Key_Y, CTRL)
    assert flow(editor)["inflow_per_year"] == 918 and flow(editor)["segments"][0]["share"] == 0.40


# --- the status strip does not move the form --------------------------------------------------

def test_the_invalid_entry_banner_does_not_move_the_fields(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    segments = inputs.segments_model
    QApplication.processEvents()
    fields = [inputs.fields[key].value for key in ("name", "inflow_per_year", "deadweight")]

    def where() -> list[tuple[QPoint, int]]:
        QApplication.processEvents()
        return [(f.mapTo(window, QPoint(0, 0)), f.height()) for f in fields]

    strip = inputs.banner_area.geometry()
    before = where()
    assert not inputs.banner.isVisible()
    assert segments.setData(segments.index(0, 1), "40")           # 1,10 in all: invalid
    assert inputs.banner.isVisible() and "andelene skal summe til 1" in inputs.banner.text()
    assert where() == before and inputs.banner_area.geometry() == strip
    assert segments.setData(segments.index(0, 1), "30")
    assert not inputs.banner.isVisible() and where() == before


# --- the editor's tables behave like Excel ----------------------------------------------------

def table_editor(view) -> QLineEdit | None:
    focus = QApplication.focusWidget()
    return focus if isinstance(focus, QLineEdit) and view.isAncestorOf(focus) else None


def test_segment_table_arrows_move_typing_replaces_enter_moves_down(window, qtbot):
    editor = hillerod_editor(window)
    view = editor.inputs.segments_editor.view
    model = editor.inputs.segments_model
    focus_into(qtbot, view)
    view.setCurrentIndex(model.index(0, 1))
    widths = [view.columnWidth(c) for c in range(model.columnCount())]
    press(qtbot, view, Qt.Key.Key_Down)
    press(qtbot, view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    assert table_editor(view) is None                                 # arrows never open an editor
    press(qtbot, view, Qt.Key.Key_Left)
    # Typing replaces: "6" then "0" gives 60 (not "65,060"); Enter commits and moves down.
    qtbot.keyClicks(view, "6")
    cell = table_editor(view)
    assert cell is not None and cell.text() == "6"
    qtbot.keyClicks(cell, "0")
    press(qtbot, cell, Qt.Key.Key_Return)
    assert flow(editor)["segments"][1]["share"] == 0.60
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 1)
    assert table_editor(view) is None and QApplication.focusWidget() is view
    assert [view.columnWidth(c) for c in range(model.columnCount())] == widths
    # F2 edits with the text kept, as it reads back (5 %: "5", never the fraction "0,05").
    press(qtbot, view, Qt.Key.Key_F2)
    cell = table_editor(view)
    assert cell is not None and cell.text() == "5"
    press(qtbot, cell, Qt.Key.Key_Escape)
    # An emptied cell returns to its default: "Heraf uger i indsats" of the non-completers (6) → 0
    # (segments[].weeks_in_effort, default 0 in the field registry).
    assert flow(editor)["segments"][1]["weeks_in_effort"] == 6
    view.setCurrentIndex(model.index(1, 4))
    press(qtbot, view, Qt.Key.Key_F2)
    cell = table_editor(view)
    assert cell is not None
    cell.clear()
    press(qtbot, cell, Qt.Key.Key_Return)
    assert flow(editor)["segments"][1]["weeks_in_effort"] == 0.0


def test_scenario_table_arrows_move_typing_replaces_enter_moves_down(window, qtbot):
    editor = hillerod_editor(window)
    view = editor.inputs.scenarios_editor.view
    model = editor.inputs.scenarios_model
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    assert model.rowCount() == 3
    focus_into(qtbot, view)
    view.setCurrentIndex(model.index(0, 0))
    press(qtbot, view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 1 and table_editor(view) is None
    old = case().scenarios[1].name
    qtbot.keyClicks(view, "P")
    cell = table_editor(view)
    assert cell is not None and cell.text() == "P"
    qtbot.keyClicks(cell, "essimistisk 2")
    press(qtbot, cell, Qt.Key.Key_Return)
    assert case().scenarios[1].name == "Pessimistisk 2" != old
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 0)
    press(qtbot, view, Qt.Key.Key_Up)
    press(qtbot, view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 1)
    # Ctrl+Z in the table takes back the rename.
    press(qtbot, view, Qt.Key.Key_Z, CTRL)
    assert case().scenarios[1].name == old


# --- scenario overrides are picked by Danish label --------------------------------------------

def test_a_scenario_input_is_chosen_from_danish_labels_in_a_combo_box(window, qtbot):
    from PySide6.QtWidgets import QComboBox

    editor = hillerod_editor(window)
    inputs = editor.inputs
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    inputs.scenarios_editor.view.setCurrentIndex(inputs.scenarios_model.index(0, 0))
    overrides = inputs.overrides_model
    assert overrides.scenario == 0                                     # «Pessimistisk»
    stored = dict(case().scenarios[0].overrides)
    assert list(stored)[3] == "effects[0].deadweight" and stored["effects[0].deadweight"] == 0.2
    view = inputs.overrides_editor.view
    focus_into(qtbot, view)
    view.setCurrentIndex(overrides.index(3, 0))
    press(qtbot, view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert "Dødvægt" in labels and "Varighed af effekten" in labels and "Diskonteringsrente" in labels
    assert not any("[" in label or "_" in label for label in labels)   # no internal paths or names
    assert combo.currentText() == "Dødvægt"
    combo.setCurrentIndex(combo.findText("Varighed af effekten"))
    press(qtbot, combo, Qt.Key.Key_Return)
    # Same place in the order, the case's own persistence (100 %) as the starting value; stored
    # as a path, as the case file has it.
    changed = case().scenarios[0].overrides
    assert list(changed)[3] == "effects[0].persistence" and changed["effects[0].persistence"] == 1.0
    assert "effects[0].deadweight" not in changed
    assert [overrides.data(overrides.index(3, c)) for c in range(3)] == ["Varighed af effekten", "100", "%"]
    # Typing replaces the value: 85 % persistence.
    view.setCurrentIndex(overrides.index(3, 1))
    qtbot.keyClicks(view, "8")
    cell = table_editor(view)
    assert cell is not None
    qtbot.keyClicks(cell, "5")
    press(qtbot, cell, Qt.Key.Key_Return)
    assert case().scenarios[0].overrides["effects[0].persistence"] == 0.85
    assert "Varighed af effekten = 85 %" in inputs.scenarios_model.data(inputs.scenarios_model.index(0, 2))


def test_override_labels_read_case_file_paths_of_both_versions():
    from budgetapp.ui.case_labels import override_label, place_text

    data = {"effects": [{"name": "A", "segments": [{"name": "Udeblivere"}]}],
            "costs": [{"name": "Løn"}], "scenarios": [{"name": "Pessimistisk"}]}
    # A budgetapp.case/1 path (``deadweight``) names the first effect, as the case reader reads it.
    assert override_label(data, "deadweight") == override_label(data, "effects[0].deadweight") == "Dødvægt"
    assert override_label(data, "segments[0].share") == "Andel (segment «Udeblivere»)"
    assert override_label(data, "costs[0].amount_per_year") == "Beløb pr. år (Udgift «Løn»)"
    two = {**data, "effects": [*data["effects"], {"name": "B"}]}
    assert override_label(two, "effects[1].deadweight") == "Dødvægt (Effekt «B»)"
    assert place_text(data, "scenarios[0].overrides.effects[0].inflow_per_year") == \
        "Scenarie «Pessimistisk» › ændret forudsætning › Tilgang"
    assert place_text(data, "effects[0].inflow_per_year[2]") == "Effekt «A» › Tilgang, år 3"


def test_every_banner_line_names_the_place_in_danish(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    segments = inputs.segments_model
    assert segments.setData(segments.index(0, 1), "40")
    type_into(qtbot, inputs.fields["deadweight"].value, "120")
    lines = inputs.problem_lines()                     # the strip's list of every invalid entry
    effect = "Effekt «Kontanthjælp, unge under 30 år (match 1)»"
    assert any(line.startswith(f"{effect} › Segmenter: andelene skal summe til 1") for line in lines)
    assert f"{effect} › Dødvægt: Dødvægt må højst være 100 %, fandt 120 %" in lines
    assert [a.text() for a in inputs.banner_area.more_menu.actions()] == lines
    for text in (*lines, inputs.banner.text(), inputs.banner.toolTip()):
        for internal in ("effects[", "segments[", "deadweight", "inflow_per_year", "share"):
            assert internal not in text


# --- the status strip: one line, the reason in full, a way to the field ------------------------

def test_the_strip_is_one_line_names_the_reason_first_and_goes_to_the_field(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    strip = inputs.banner_area
    deadweight = inputs.fields["deadweight"].value
    height = strip.height()
    assert height <= 2 * deadweight.height()                       # one line, not three
    scroll = editor.input_scroll
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())   # form at its end
    QApplication.processEvents()
    before = deadweight.mapTo(window, QPoint(0, 0))
    # 120 % set from elsewhere (no focus in the form): the strip names the reason first.
    editor.draft.set_value("effects[0].deadweight", 1.2, "Ændr dødvægt")
    QApplication.processEvents()
    assert strip.height() == height and deadweight.mapTo(window, QPoint(0, 0)) == before
    reason = "Dødvægt må højst være 100 %, fandt 120 %"
    assert inputs.banner.text().startswith(reason)                 # the whole text, reason first
    assert reason in inputs.banner.toolTip()
    assert inputs.banner.shown_text().startswith(reason[:20])      # a narrow line cuts the place
    assert not strip.more_button.isVisible()                       # one problem: no list button
    assert not deadweight.visibleRegion().boundingRect().height()  # scrolled out of view
    strip.goto_button.click()
    QApplication.processEvents()
    assert QApplication.focusWidget() is deadweight
    assert deadweight.visibleRegion().boundingRect().height() == deadweight.height()
    # A second problem, in a table: "(+1 flere)" lists both, each a way to its place.
    segments = inputs.segments_model
    assert segments.setData(segments.index(0, 1), "40")            # 0,40 + 0,65 + 0,05 = 1,10
    QApplication.processEvents()
    assert strip.more_button.isVisible() and strip.more_button.text() == "(+1 flere)"
    actions = strip.more_menu.actions()
    assert len(actions) == 2 and [a.text() for a in actions] == inputs.problem_lines()
    to_segments = next(a for a in actions if "› Segmenter: andelene skal summe til 1" in a.text())
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    to_segments.trigger()
    QApplication.processEvents()
    view = inputs.segments_editor.view
    assert QApplication.focusWidget() is view
    assert view.visibleRegion().boundingRect().height() > 0
    # A click on the line goes to the first problem it shows.
    first = strip.problems[0][0]
    assert first in ("effects[0].deadweight", "effects[0].segments")
    assert inputs.banner.text().startswith(reason if first.endswith("deadweight") else "Segmenter: ")
    inputs.case_fields["name"].value.setFocus()
    qtbot.mouseClick(inputs.banner, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert QApplication.focusWidget() is (deadweight if first.endswith("deadweight") else view)


def test_going_to_a_field_of_another_effect_or_scenario_chooses_it(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    inputs.add_flow_button.click()                                 # a second effect, chosen
    inputs.effect_list.setCurrentRow(0)
    QApplication.processEvents()
    assert inputs.effect_index == 0
    assert inputs.go_to("uncertainty[3].max")                       # a cell: chosen, in view
    view = inputs.estimates_editor.view
    assert QApplication.focusWidget() is view
    assert (view.currentIndex().row(), view.currentIndex().column()) == (3, 3)
    assert inputs.go_to("effects[1].inflow_per_year")
    assert inputs.effect_index == 1
    assert QApplication.focusWidget() is inputs.fields["inflow_per_year"].value
    scenarios = editor.draft.data["scenarios"]
    last = len(scenarios) - 1
    key = next(iter(scenarios[last]["overrides"]))
    assert inputs.go_to(f"scenarios[{last}].overrides.{key}")
    assert inputs.overrides_model.scenario == last
    assert QApplication.focusWidget() is inputs.overrides_editor.view


def test_the_changed_inputs_column_says_where_to_edit_and_f2_or_typing_goes_there(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    view, model = inputs.scenarios_editor.view, inputs.scenarios_model
    inputs.scenarios_editor.add_button.click()                     # a scenario that changes nothing
    new = model.rowCount() - 1
    assert model.data(model.index(new, 2)) == "Redigér i tabellen nedenfor"
    assert "tabellen nedenfor" in model.headerData(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    focus_into(qtbot, view)
    view.setCurrentIndex(model.index(new, 2))
    press(qtbot, view, Qt.Key.Key_F2)                              # nothing to add to yet: "Tilføj"
    assert QApplication.focusWidget() is inputs.overrides_editor.add_button
    assert inputs.overrides_model.scenario == new
    view.setCurrentIndex(model.index(0, 2))                         # a scenario with changed inputs
    focus_into(qtbot, view)
    qtbot.keyClicks(view, "2")
    QApplication.processEvents()
    overrides = inputs.overrides_editor.view
    assert QApplication.focusWidget() is overrides and inputs.overrides_model.scenario == 0
    assert (overrides.currentIndex().row(), overrides.currentIndex().column()) == (0, 1)
    assert model.data(model.index(0, 2)) != "Redigér i tabellen nedenfor"
    # Other columns still edit in place.
    view.setCurrentIndex(model.index(0, 0))
    focus_into(qtbot, view)
    press(qtbot, view, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is not overrides and view.state() == view.State.EditingState
