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

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


def hillerod_editor(window):
    page = window.show_page("cases")
    page.select(0)
    assert page.editor.current_case().name.startswith("Straksaktivering")
    return page.editor


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
    # F2 edits with the text kept.
    press(qtbot, view, Qt.Key.Key_F2)
    cell = table_editor(view)
    assert cell is not None and cell.text() == "5,0"
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
    text = inputs.banner.text()
    effect = "Effekt «Kontanthjælp, unge under 30 år (match 1)»"
    assert f"<b>{effect} › Segmenter</b>: andelene skal summe til 1" in text
    assert f"<b>{effect} › Dødvægt</b>:" in text
    for internal in ("effects[", "segments[", "deadweight", "inflow_per_year", "share"):
        assert internal not in text
