"""Fields labelled % in the case editor take and show percent, in the form, the three-point
estimates and the scenario overrides alike; the case file stores the fraction.

The demo's first case (Hillerød): dødvægt 0; estimates Tilgang 400/459/520, segment share
20/30/35 %, dødvægt 0/0/20 %.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QApplication

from budgetapp.ui.case_labels import is_percent_path, parse_percent, percent_message, show_percent
from tests.editor_helpers import hillerod_editor

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


# --- the rule, without Qt ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "share"), [
    ("20", 0.2), ("20 %", 0.2), ("20,0", 0.2),  # a field that says %: every number is percent
    ("0,5", 0.005), ("1", 0.01), ("0,2", 0.002),  # never the fraction: 0,5 is half a percent
    ("120", 1.2), ("250", 2.5),                   # above 100: percent, never the fraction 120
    ("1 %", 0.01), ("0,5 %", 0.005), ("-120", -1.2),
])
def test_a_percent_field_reads_what_is_typed_as_percent(text, share):
    assert parse_percent(text) == pytest.approx(share)


@given(st.floats(min_value=-3.0, max_value=3.0, allow_nan=False))
def test_a_shown_share_reads_back_as_the_same_share(share):
    # what the form shows is what Enter (or F2, Enter in a table) commits again
    assert parse_percent(show_percent(share)) == pytest.approx(round(share * 100, 6) / 100, abs=1e-12)


def test_range_messages_of_percent_fields_are_in_percent():
    assert percent_message("effects[0].deadweight", "må højst være 1, fandt 1,2") == \
        "Dødvægt må højst være 100 %, fandt 120 %"
    assert percent_message("scenarios[0].overrides.effects[0].deadweight", "må højst være 1, fandt 2") == \
        "Dødvægt må højst være 100 %, fandt 200 %"
    assert percent_message("effects[1].segments[0].share", "skal være mindst 0, fandt -0,1") == \
        "Andel skal være mindst 0 %, fandt -10 %"
    # not a % field, or not a range message: unchanged
    assert percent_message("effects[0].inflow_per_year", "skal være mindst 0, fandt -1") == \
        "skal være mindst 0, fandt -1"
    assert percent_message("effects[0].deadweight", "mangler") == "mangler"
    assert is_percent_path("effects[0].effect_phase_in[2]") and not is_percent_path("effects[0].prior_weeks")


# --- in the real window -----------------------------------------------------------------------

pytestmark = pytest.mark.gui


def type_into(qtbot, line_edit, text: str) -> None:
    line_edit.setFocus()
    QApplication.processEvents()
    line_edit.selectAll()
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)
    QApplication.processEvents()


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, key, modifier)
    QApplication.processEvents()


def test_120_in_dodvaegt_is_120_percent_refused_and_undo_redo_show_what_was_typed(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    deadweight = inputs.fields["deadweight"].value
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    type_into(qtbot, deadweight, "120")
    # stored as the fraction 1,2 (120 %), never 120 (12.000 %); refused in percent
    assert editor.draft.data["effects"][0]["deadweight"] == pytest.approx(1.2)
    assert editor.draft.messages_for("effects[0].deadweight") == ["Dødvægt må højst være 100 %, fandt 120 %"]
    assert inputs.fields["deadweight"].error.text() == "Dødvægt må højst være 100 %, fandt 120 %"
    assert case().effects[0].deadweight == 0.0          # the project keeps the last valid case
    assert deadweight.text() == "120"
    press(qtbot, deadweight, Qt.Key.Key_Z, CTRL)
    assert deadweight.text() == "0" and editor.draft.valid
    assert "Fortrudt: Ændr dødvægt" in inputs.undo_note.text()
    press(qtbot, deadweight, Qt.Key.Key_Y, CTRL)
    assert deadweight.text() == "120"                   # exactly what was typed, not "12.000"
    assert editor.draft.data["effects"][0]["deadweight"] == pytest.approx(1.2)
    assert "Gentaget: Ændr dødvægt" in inputs.undo_note.text()
    press(qtbot, deadweight, Qt.Key.Key_Z, CTRL)
    press(qtbot, deadweight, Qt.Key.Key_Z, CTRL | SHIFT)  # the other Gentag key says so too
    assert deadweight.text() == "120" and "Gentaget: Ændr dødvægt" in inputs.undo_note.text()
    type_into(qtbot, deadweight, "12,5")
    assert editor.draft.valid, (editor.draft.issues, editor.draft.typing_issues, deadweight.text())
    assert editor.draft.valid and case().effects[0].deadweight == pytest.approx(0.125)
    assert deadweight.text() == "12,5"


def test_one_percent_stays_one_percent_when_committed_again(window, qtbot):
    editor = hillerod_editor(window)
    deadweight = editor.inputs.fields["deadweight"].value
    type_into(qtbot, deadweight, "1 %")
    assert window.document.project.cases[0].case.effects[0].deadweight == pytest.approx(0.01)
    assert deadweight.text() == "1 %"                   # "1" would read back as 100 %
    type_into(qtbot, deadweight, deadweight.text())
    assert window.document.project.cases[0].case.effects[0].deadweight == pytest.approx(0.01)


def test_the_estimates_take_and_show_percent_like_the_form(window, qtbot):
    editor = hillerod_editor(window)
    estimates = editor.inputs.estimates_model
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    rows = {estimates.data(estimates.index(r, 0)): r for r in range(estimates.rowCount())}
    dead, share = rows["Dødvægt"], next(r for label, r in rows.items() if label.startswith("Andel"))
    assert [estimates.data(estimates.index(dead, c)) for c in (1, 2, 3)] == ["0", "0", "20"]
    assert [estimates.data(estimates.index(share, c)) for c in (1, 2, 3)] == ["20", "30", "35"]
    assert estimates.setData(estimates.index(dead, 3), "25")        # 25 %, stored 0,25
    assert editor.draft.valid
    assert case().uncertainty[dead].max == pytest.approx(0.25)
    assert estimates.data(estimates.index(dead, 3)) == "25"
    assert estimates.setData(estimates.index(dead, 3), "120")       # 120 %: refused in percent
    assert not editor.draft.valid
    assert case().uncertainty[dead].max == pytest.approx(0.25)
    assert "100" in editor.draft.issue_text(f"uncertainty[{dead}].max") and \
        "%" in editor.draft.issue_text(f"uncertainty[{dead}].max")


def test_an_emptied_estimate_returns_to_its_default_and_shows_it(window, qtbot):
    editor = hillerod_editor(window)
    estimates = editor.inputs.estimates_model
    case = lambda: window.document.project.cases[0].case  # noqa: E731
    assert estimates.data(estimates.index(0, 0)) == "Tilgang"
    assert estimates.setData(estimates.index(0, 1), "")     # Laveste: 459 × (1 − 20 %) = 367,2
    assert editor.draft.valid and not editor.draft.typing_issues
    assert case().uncertainty[0].min == pytest.approx(367.2)
    assert estimates.data(estimates.index(0, 1)) == "367,2"
    assert "«Laveste» tom: standardværdien 367,2 er sat" in editor.inputs.undo_note.text()
    assert estimates.setData(estimates.index(0, 3), "")     # Højeste: 459 × 1,2 = 550,8
    assert case().uncertainty[0].max == pytest.approx(550.8)
    assert estimates.setData(estimates.index(0, 2), "500")
    assert estimates.setData(estimates.index(0, 2), "")     # Mest sandsynlig: the case's 459
    assert case().uncertainty[0].most_likely == pytest.approx(459)
    assert estimates.data(estimates.index(0, 2)) == "459"
    # the dødvægt row: Højeste back to 0 % + 20 percentage points = 20 %
    dead = next(r for r in range(estimates.rowCount()) if estimates.data(estimates.index(r, 0)) == "Dødvægt")
    assert estimates.setData(estimates.index(dead, 3), "30")
    assert estimates.setData(estimates.index(dead, 3), "")
    assert case().uncertainty[dead].max == pytest.approx(0.2)
    assert estimates.data(estimates.index(dead, 3)) == "20"


def test_an_emptied_required_cell_keeps_its_value_and_says_so(window, qtbot):
    editor = hillerod_editor(window)
    segments = editor.inputs.segments_model
    assert segments.data(segments.index(0, 2)) == "17,00"
    assert not segments.setData(segments.index(0, 2), "")
    assert editor.draft.valid and not editor.draft.typing_issues   # no stuck "tom" state
    assert segments.data(segments.index(0, 2)) == "17,00"
    assert "skal udfyldes; cellen beholder 17,00" in editor.inputs.undo_note.text()


def test_scenario_overrides_take_percent_and_refuse_in_percent(window, qtbot):
    editor = hillerod_editor(window)
    inputs = editor.inputs
    inputs.scenarios_editor.add_button.click()
    overrides = inputs.overrides_model
    inputs.overrides_editor.add_button.click()
    assert overrides.setData(overrides.index(0, 0), "effects[0].deadweight")
    assert overrides.setData(overrides.index(0, 1), "200")
    row = overrides.scenario
    assert editor.draft.messages_for(f"scenarios[{row}].overrides.effects[0].deadweight") == \
        ["Dødvægt må højst være 100 %, fandt 200 %"]
    assert overrides.setData(overrides.index(0, 1), "0,5")   # half a percent, never 50 %
    assert overrides.data(overrides.index(0, 1)) == "0,5"
    assert window.document.project.cases[0].case.scenarios[row].overrides["effects[0].deadweight"] == \
        pytest.approx(0.005)
