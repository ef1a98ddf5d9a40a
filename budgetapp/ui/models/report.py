"""The problems of an import report as a table: severity, cell, value found, what was expected."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from budgetapp.io.import_report import ImportReport, Severity
from budgetapp.ui.locale import tr

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Type", "Celle", "Fundet", "Forventet")


class ReportModel(QAbstractTableModel):
    def __init__(self, report: ImportReport, parent=None) -> None:
        super().__init__(parent)
        self.report = report

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.report.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.report.problems):
            return None
        problem = self.report.problems[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                error = problem.severity is Severity.ERROR
                return tr("Import", "Fejl") if error else tr("Import", "Advarsel")
            if index.column() == 1:
                return problem.address
            if index.column() == 2:
                return "" if problem.found == "-" else problem.found
            return problem.expected
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor("#c62828" if problem.severity is Severity.ERROR else "#e65100"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("Import", HEADERS[section]) if 0 <= section < len(HEADERS) else None
        return str(section + 1) if 0 <= section < len(self.report.problems) else None
