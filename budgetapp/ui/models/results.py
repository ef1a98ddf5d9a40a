"""The year-by-year result table of a business case (rows = result lines, columns = years)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from budgetapp.core.appraisal import Appraisal
from budgetapp.ui.locale import fmt, tr

Index = QModelIndex | QPersistentModelIndex

# (series key, label, unit divisor, decimals, total column: "sum" or "last" or None)
RESULT_ROWS: tuple[tuple[str, str, float, int, str | None], ...] = (
    ("gross_cost", "Bruttoudgift", 1000.0, 1, "sum"),
    ("cost_refusion", "Refusion af udgifter", 1000.0, 1, "sum"),
    ("pool_funding", "Puljefinansiering", 1000.0, 1, "sum"),
    ("net_cost", "Nettoudgift", 1000.0, 1, "sum"),
    ("saved_weeks", "Sparede ydelsesuger", 1.0, 0, "sum"),
    ("gross_saving", "Bruttobesparelse (fuld ydelse)", 1000.0, 1, "sum"),
    ("municipal_saving", "Kommunal besparelse", 1000.0, 1, "sum"),
    ("net_result", "Nettoresultat", 1000.0, 1, "sum"),
    ("cumulative_net_result", "Akkumuleret nettoresultat", 1000.0, 1, "last"),
)
BOLD_ROWS = {"net_cost", "municipal_saving", "net_result"}


class ResultsModel(QAbstractTableModel):
    """Read-only: amounts in 1.000 kr. with one decimal, weeks whole; last column the total."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.appraisal: Appraisal | None = None
        self.stale = False  # True while the inputs are invalid and the figures are the last valid ones

    def set_appraisal(self, appraisal: Appraisal | None, stale: bool = False) -> None:
        old_columns = self.columnCount()
        self.stale = stale
        new_columns = 0 if appraisal is None else len(appraisal.years) + 1
        if old_columns != new_columns:
            self.beginResetModel()
            self.appraisal = appraisal
            self.endResetModel()
            return
        self.appraisal = appraisal
        if new_columns:
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, new_columns - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, new_columns - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.appraisal is None else len(RESULT_ROWS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.appraisal is None:
            return 0
        return len(self.appraisal.years) + 1

    def value(self, row: int, column: int) -> float:
        """The figure in kroner (or weeks) behind a cell; the last column is the total."""
        assert self.appraisal is not None
        key, _label, _div, _dec, total = RESULT_ROWS[row]
        series = self.appraisal.series[key]
        if column < len(series):
            return series[column]
        return series[-1] if total == "last" else sum(series)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.appraisal is None:
            return None
        key, _label, divisor, decimals, _total = RESULT_ROWS[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(self.value(index.row(), index.column()) / divisor, decimals)
        if role == Qt.ItemDataRole.EditRole:
            return self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (
            key in BOLD_ROWS or index.column() == len(self.appraisal.years)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.stale:
                return QBrush(QColor("#9e9e9e"))
            if key in ("net_result", "cumulative_net_result"):
                value = self.value(index.row(), index.column())
                return QBrush(QColor("#2e7d32" if value >= 0 else "#c62828"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self.appraisal is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < len(self.appraisal.years):
                return str(self.appraisal.years[section])
            if section == len(self.appraisal.years):
                return tr("Results", "I alt")
            return None
        if 0 <= section < len(RESULT_ROWS):
            _key, label, divisor, _dec, _total = RESULT_ROWS[section]
            return tr("Results", label) + (tr("Results", " (uger)") if divisor == 1.0 else "")
        return None
