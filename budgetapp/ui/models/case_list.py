"""The project's business cases as a checkable list (checked = counted in the projection)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from budgetapp.core.project import Project
from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr

Index = QModelIndex | QPersistentModelIndex


class CaseListModel(QAbstractListModel):
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
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        enabled = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        row = index.row()
        if self.document.project.cases[row].enabled == enabled:
            return False

        def mutate(project: Project) -> None:
            project.cases[row] = dataclasses.replace(project.cases[row], enabled=enabled)

        text = tr("CaseList", "Medtag case") if enabled else tr("CaseList", "Udelad case")
        self.document.edit(text, mutate, scope="cases")
        return True
