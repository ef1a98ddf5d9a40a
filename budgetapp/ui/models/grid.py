"""A read-only table of figures: row labels, column labels and one value per cell."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from budgetapp.core.fields import field as field_spec
from budgetapp.core.formatting import parse_number
from budgetapp.ui.locale import fmt, tr

Index = QModelIndex | QPersistentModelIndex
Cell = float | str | None


@dataclass
class GridRow:
    label: str
    values: list[Cell]
    bold: bool = False
    decimals: int = 1
    divisor: float = 1000.0
    tooltip: str = ""
    color_sign: bool = False
    tooltips: list[str] = field(default_factory=list)
    key: str = ""          # what an edit changes (for the page's edit handler)
    editable: bool = False
    field: str = ""        # the field registry's path (budgetapp/core/fields.py): default and help


class GridModel(QAbstractTableModel):
    """Numbers are shown divided by the row's divisor (1.000 kr. by default), Danish style.

    Rows marked ``editable`` accept a number typed in the shown unit when ``edit_handler`` is
    set; the handler gets the row, the column and the value in kroner and returns an error
    message (shown through ``rejected``) or None.
    """

    rejected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.columns: list[str] = []
        self.rows: list[GridRow] = []
        self.edit_handler: Callable[[GridRow, int, float], str | None] | None = None

    def set_grid(self, columns: list[str], rows: list[GridRow]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def value(self, row: int, column: int) -> Cell:
        values = self.rows[row].values
        return values[column] if column < len(values) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.columns):
            return None
        row = self.rows[index.row()]
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None or isinstance(value, str):
                return value or ""
            if isinstance(value, float) and math.isnan(value):
                return ""
            return fmt(float(value) / row.divisor, row.decimals)
        if role == Qt.ItemDataRole.EditRole:
            if isinstance(value, float | int) and row.editable:
                return fmt(float(value) / row.divisor, row.decimals)
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if isinstance(value, str):
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.color_sign and isinstance(value, float | int):
            return QBrush(QColor("#2e7d32" if value >= 0 else "#c62828"))
        spec = field_spec(row.field) if row.field else None
        is_default = spec is not None and spec.default is not None and value == spec.default
        if role == Qt.ItemDataRole.FontRole and is_default and not row.bold:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() < len(row.tooltips) and row.tooltips[index.column()]:
                return row.tooltips[index.column()]
            if spec is not None:
                return "\n".join(t for t in (row.tooltip, spec.tooltip()) if t)
            return row.tooltip or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.edit_handler is not None and self.rows[index.row()].editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.edit_handler is None:
            return False
        row = self.rows[index.row()]
        if not row.editable:
            return False
        spec = field_spec(row.field) if row.field else None
        if not str(value).strip() and spec is not None:  # emptied: back to the field's default
            if spec.default is None:
                self.rejected.emit(tr("Grid", "{0} skal udfyldes (feltet har ingen standardværdi)").format(
                    row.label))
                return False
            number = float(spec.default)
        else:
            try:
                number = parse_number(str(value)) * row.divisor
            except ValueError as exc:
                self.rejected.emit(tr("Grid", "{0}: {1}").format(row.label, exc))
                return False
        problem = self.edit_handler(row, index.column(), number)
        self.rejected.emit(problem or "")
        return problem is None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
                return self.columns[section]
            return None
        if 0 <= section < len(self.rows):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.rows[section].label
            if role == Qt.ItemDataRole.FontRole and self.rows[section].bold:
                font = QFont()
                font.setBold(True)
                return font
        return None
