"""Tables that behave like a spreadsheet (Excel):

* arrow keys move between cells; typing a character starts editing and *replaces* the cell's text;
* F2 (or a double click) edits the cell with its text kept, cursor at the end;
* Enter commits and moves one row down; Tab commits and moves right; Escape cancels;
* while typing over a cell (not after F2), an arrow key commits and moves, as in Excel;
* columns are fitted to their contents when the table is filled, not after every edit, so the next
  click lands where the user aimed.

An emptied cell is committed as empty text; the model decides what that means (a field with a
default returns to it, see :mod:`budgetapp.core.fields`).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

MAX_FITTED_WIDTH = 380
MOVES = {
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
}


class SpreadsheetDelegate(QStyledItemDelegate):
    """Starts an editor empty when editing began by typing; arrow keys then commit and move."""

    def __init__(self, view: SpreadsheetTableView) -> None:
        super().__init__(view)
        self.view = view
        self.typing_over = False

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            if self.typing_over:
                editor.clear()
            else:
                editor.deselect()
                editor.end(False)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and self.typing_over
                and event.key() in MOVES and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.view.move_by(*MOVES[event.key()])
            self.view.setFocus()
            return True
        return super().eventFilter(editor, event)


class SpreadsheetTableView(QTableView):
    """A QTableView with spreadsheet keys (module docstring); ``stretch`` shares the width evenly."""

    def __init__(self, stretch: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stretch = stretch
        self.delegate = SpreadsheetDelegate(self)
        self.setItemDelegate(self.delegate)
        self._fitted_shape: tuple[int, bool] | None = None
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        header = self.horizontalHeader()
        if stretch:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
        self.verticalHeader().setDefaultSectionSize(22)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelAboutToBeReset.connect(self._remember_current)
            model.modelReset.connect(self._restore_current)
            model.modelReset.connect(self.fit_columns)
            model.layoutChanged.connect(self.fit_columns)
            model.rowsInserted.connect(self.fit_columns)
            model.columnsInserted.connect(self.fit_columns)
            self.fit_columns()

    def _remember_current(self) -> None:
        current = self.currentIndex()
        self._kept = (current.row(), current.column()) if current.isValid() else None

    def _restore_current(self) -> None:
        """A model refilled after an edit keeps the cell the user is on (the table does not jump)."""
        kept = getattr(self, "_kept", None)
        model = self.model()
        if kept is None or model is None:
            return
        row, column = kept
        if row < model.rowCount() and column < model.columnCount():
            # Quietly: a page that follows the selection sets its own after refilling the model.
            selection = self.selectionModel()
            blocked = selection.blockSignals(True)
            try:
                selection.setCurrentIndex(model.index(row, column),
                                          selection.SelectionFlag.NoUpdate)
            finally:
                selection.blockSignals(blocked)
            self.viewport().update()

    def fit_columns(self, *_args) -> None:
        """Fit the columns to their contents when the table gets its first rows or other columns;
        a value typed into a filled table never moves the columns."""
        model = self.model()
        if model is None or self.stretch:
            return
        shape = (model.columnCount(), model.rowCount() > 0)
        if shape == self._fitted_shape:
            return
        self._fitted_shape = shape
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for column in range(model.columnCount()):
            if header.sectionSize(column) > MAX_FITTED_WIDTH:
                header.resizeSection(column, MAX_FITTED_WIDTH)

    def move_by(self, rows: int, columns: int) -> None:
        model = self.model()
        current = self.currentIndex()
        if model is None or not current.isValid():
            return
        row = min(max(0, current.row() + rows), model.rowCount() - 1)
        column = min(max(0, current.column() + columns), model.columnCount() - 1)
        self.setCurrentIndex(model.index(row, column))

    def edit(self, index, trigger=None, event=None):
        if trigger is None:
            return super().edit(index)
        self.delegate.typing_over = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        return super().edit(index, trigger, event)

    def keyPressEvent(self, event) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.state() != QAbstractItemView.State.EditingState):
            self.move_by(1, 0)
            return
        if event.key() == Qt.Key.Key_F2 and self.currentIndex().isValid():
            self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed, event)
            editor = self.indexWidget(self.currentIndex())
            if isinstance(editor, QLineEdit):  # F2 edits with the cursor at the end, nothing selected
                editor.deselect()
                editor.end(False)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: commit, one row down
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            self.move_by(1, 0)
            self.setFocus()  # the keyboard stays in the table (arrows, F2, typing)
            return
        super().closeEditor(editor, hint)


def table_view(model: QAbstractItemModel, *, editable: bool = False, stretch: bool = False) -> QTableView:
    """A page's table with 22-pixel rows and spreadsheet keys; edited by typing, F2 or a double click
    when ``editable``; columns share the width when ``stretch``, else fit their contents once."""
    view = SpreadsheetTableView(stretch)
    view.setModel(model)
    if editable:
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
    else:
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view
