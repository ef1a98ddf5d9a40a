"""Tables behave like a spreadsheet: arrows move, typing replaces, F2 edits, Enter commits and moves
down, columns stay put while editing, an emptied field returns to its default (shown as such)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from budgetapp.core.fields import field

pytestmark = pytest.mark.gui

PERSONS, BENEFIT, MEASURES = 2, 3, 5  # columns of the budget table


def budget_table(window):
    page = window.show_page("basisbudget")
    view = page.table
    view.setFocus()
    view.setCurrentIndex(page.model.index(0, PERSONS))
    return page, view


def editor_of(view) -> QLineEdit | None:
    focus = QApplication.focusWidget()
    return focus if isinstance(focus, QLineEdit) and view.isAncestorOf(focus) and focus.isVisible() else None


def press(qtbot, widget, key) -> None:
    """A key, then the event loop once: Qt commits an editor's value on Enter in a queued call."""
    qtbot.keyClick(widget, key)
    QApplication.processEvents()


def type_over(qtbot, view, text: str) -> QLineEdit:
    """Type into the current cell as a user does: the first key goes to the table (which opens the
    editor), the others to the editor that now has the focus."""
    qtbot.keyClicks(view, text[0])
    editor = editor_of(view)
    assert editor is not None
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    return editor


def test_arrow_keys_move_without_editing(qtbot, window):
    _page, view = budget_table(window)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    press(qtbot, view, Qt.Key.Key_Right)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, BENEFIT)
    assert editor_of(view) is None
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, PERSONS)


def test_typing_replaces_and_enter_commits_and_moves_down(qtbot, window):
    page, view = budget_table(window)
    position = page.model.order[0]
    editor = type_over(qtbot, view, "17")
    assert editor.text() == "17"  # replaced, not appended to "825,8"
    press(qtbot, editor, Qt.Key.Key_Return)
    assert window.document.project.budget.groups[position].full_year_persons == 17.0
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, PERSONS)
    # Enter on a cell that is not being edited moves down, too.
    press(qtbot, view, Qt.Key.Key_Return)
    assert view.currentIndex().row() == 2


def test_typing_then_arrow_commits_and_moves(qtbot, window):
    page, view = budget_table(window)
    position = page.model.order[0]
    press(qtbot, type_over(qtbot, view, "20"), Qt.Key.Key_Right)
    assert window.document.project.budget.groups[position].full_year_persons == 20.0
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, BENEFIT)
    assert editor_of(view) is None and view.hasFocus()


def test_f2_edits_with_the_text_kept(qtbot, window):
    page, view = budget_table(window)
    position = page.model.order[0]
    before = window.document.project.budget.groups[position].full_year_persons
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None and editor.text() == page.model.data(page.model.index(0, PERSONS),
                                                                     Qt.ItemDataRole.EditRole)
    # In F2 mode the arrows move the cursor in the text: "825,8" + End, Left, "1" → "825,18".
    qtbot.keyClick(editor, Qt.Key.Key_Left)
    qtbot.keyClicks(editor, "1")
    press(qtbot, editor, Qt.Key.Key_Return)
    assert window.document.project.budget.groups[position].full_year_persons == pytest.approx(
        float(f"{before:.1f}"[:-1] + "1" + f"{before:.1f}"[-1:]))


def test_columns_do_not_move_while_editing(qtbot, window):
    page, view = budget_table(window)
    header = view.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(page.model.columnCount())]
    for value in ("1.234.567,8", "3"):  # a much wider number, then a narrow one
        view.setCurrentIndex(page.model.index(0, PERSONS))
        press(qtbot, type_over(qtbot, view, value), Qt.Key.Key_Return)
        assert [header.sectionSize(c) for c in range(page.model.columnCount())] == widths


def test_an_emptied_field_returns_to_its_default_shown_as_such(qtbot, window):
    page, view = budget_table(window)
    model = page.model
    position = model.order[0]
    spec = field("budget.groups[].measures_per_full_year_person")
    assert spec.default == 0.0
    view.setCurrentIndex(model.index(0, MEASURES))
    press(qtbot, type_over(qtbot, view, "5000"), Qt.Key.Key_Return)
    assert window.document.project.budget.groups[position].measures_per_full_year_person == 5000.0
    index = model.index(0, MEASURES)
    assert not model.data(index, Qt.ItemDataRole.FontRole)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = editor_of(view)
    editor.clear()
    press(qtbot, editor, Qt.Key.Key_Return)
    assert window.document.project.budget.groups[position].measures_per_full_year_person == 0.0
    assert model.data(index, Qt.ItemDataRole.FontRole).italic()
    assert "Standardværdi" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    header_tip = model.headerData(MEASURES, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header_tip == spec.tooltip()
    assert page.message.text() == ""
    # A field without a default says so, and keeps its value.
    before = window.document.project.budget.groups[position].full_year_persons
    view.setCurrentIndex(model.index(0, PERSONS))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor_of(view).clear()
    press(qtbot, editor_of(view), Qt.Key.Key_Return)
    assert window.document.project.budget.groups[position].full_year_persons == before
    assert "Helårspersoner skal udfyldes" in page.message.text()
    assert "tom celle" not in page.message.text()


def test_an_emptied_pool_figure_returns_to_zero_shown_as_default(window):
    page = window.show_page("puljer")
    model = page.years_model
    row = next(i for i, r in enumerate(model.rows) if r.key == "application_cost")
    column = next(c for c in range(model.columnCount()) if model.value(row, c))
    assert model.value(row, column) > 0 and not model.data(model.index(row, column), Qt.ItemDataRole.FontRole)
    assert model.setData(model.index(row, column), "")
    pool = window.document.project.pools[0]
    year = pool.year_labels[column]
    assert pool.year(year).application_cost == 0.0
    assert model.data(model.index(row, column), Qt.ItemDataRole.FontRole).italic()
    assert "Standardværdi: 0" in model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)


def test_enter_keeps_the_focus_in_the_table_and_f2_puts_the_cursor_at_the_end(qtbot, window):
    _page, view = budget_table(window)
    editor = type_over(qtbot, view, "17")
    press(qtbot, editor, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view  # Enter committed and moved down; the keyboard stays
    assert view.currentIndex().row() == 1
    press(qtbot, view, Qt.Key.Key_F2)
    editor = editor_of(view)
    assert editor is not None and not editor.hasSelectedText()
    assert editor.cursorPosition() == len(editor.text())
    qtbot.keyClicks(editor, "1")  # appended at the end
    press(qtbot, editor, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is view
    assert view.currentIndex().row() == 2
