"""A read-only table of the decision panel with an "Eksportér data (CSV)" button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.csv_safe import csv_bytes
from budgetapp.export.safe_write import ExportError, write_bytes_atomically
from budgetapp.ui.locale import fmt, tr


class DataTable(QWidget):
    """A read-only table with an "Eksportér data (CSV)" button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.header: list[str] = []
        self.rows: list[list[object]] = []
        self.display: list[list[str]] = []
        button = QPushButton(tr("Decision", "Eksportér data (CSV)"))
        button.clicked.connect(self._ask_and_export)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{title}</b>"), 1)
        head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)

    def set_rows(self, header: list[str], rows: list[list[object]], display: list[list[str]]) -> None:
        self.header, self.rows, self.display = header, rows, display
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(display))
        self.table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(display):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def export_csv(self, path: str | Path) -> None:
        """Semicolon-separated with decimal comma (Danish Excel), the unrounded numbers."""
        data = csv_bytes(self.header, self.rows, lambda v: fmt(v, 4).replace(".", ""))
        write_bytes_atomically(path, data)  # text cells escaped against formula injection

    def _ask_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Decision", "Eksportér data"), "data.csv",
                                              tr("Decision", "CSV-fil (*.csv)"))
        if path:
            try:
                self.export_csv(path)
            except (OSError, ExportError) as exc:
                QMessageBox.warning(self, tr("Decision", "Kunne ikke gemme"),
                                    str(getattr(exc, "strerror", None) or exc))
