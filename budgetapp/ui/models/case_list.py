"""The project's business cases as a checkable list (checked = counted in the projection)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from budgetapp.core.commands import RenameCase, SetCaseEnabled
from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr

Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractListModel):
    rejected = Signal(str)  # why a new name was refused ("" when accepted)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self._count = len(document.project.cases)
        document.changed.connect(self._changed)

    def set_document(self, document: Document) -> None:
        self.document.changed.disconnect(self._changed)
        self.beginResetModel()
        self.document = document
        self._count = len(document.project.cases)
        self.endResetModel()
        document.changed.connect(self._changed)

    def _changed(self, _scope: str) -> None:
        count = len(self.document.project.cases)
        if count != self._count:
            self.beginResetModel()
            self._count = count
            self.endResetModel()
        elif count:
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, 0))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._count:
            return None
        entry = self.document.project.cases[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry.name
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if entry.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            state = (
                tr("CaseList", "indgår i fremskrivningen")
                if entry.enabled
                else tr("CaseList", "indgår ikke i fremskrivningen")
            )
            return f"{entry.case.target_group}\n{state}"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """The tick (counted in the projection or not), or a new name typed in the list (F2)."""
        if index.isValid() and role == Qt.ItemDataRole.EditRole:
            issues = self.document.run(RenameCase(index.row(), str(value)))
            self.rejected.emit("; ".join(i.message for i in issues))
            return not issues
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        enabled = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        row = index.row()
        if self.document.project.cases[row].enabled == enabled:
            return False

        return not self.document.run(SetCaseEnabled(row, enabled))
