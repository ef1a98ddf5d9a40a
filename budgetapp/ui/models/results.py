"""The year-by-year result table of a business case (rows = result lines, columns = years).

Columns: one per year of the horizon, "I alt" (the horizon's total) and "Efter perioden" (the
tail: what the case's entrants still save or cost after the last year, outside the horizon's
figures). Rows: the result lines, then the change in the municipality's net expense per
styringsområde (positive = more expense; the three sum to −net result), then the municipal
saving of each effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from budgetapp.core.appraisal import Appraisal
from budgetapp.core.case_model import STYRINGSOMRAADER
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
TAIL_ROWS = {"gross_cost", "net_cost", "saved_weeks", "gross_saving", "municipal_saving",
             "employment_grant_clawback", "net_result"}
# shown after "Kommunal besparelse" when an effect has the modregning (lowers the saving, + = kr. lost)
CLAWBACK_ROW = ("employment_grant_clawback", "Modregning i beskæftigelsestilskud", 1000.0, 1, "sum")
AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}


@dataclass(frozen=True)
class Row:
    key: str           # series key, "area:<område>" or "effect:<i>"
    label: str
    divisor: float
    decimals: int
    total: str | None
    bold: bool = False
    section: bool = False  # first row of a block (drawn with a heading in its label)


def has_clawback(appraisal: Appraisal) -> bool:
    """True when an effect of the case has a modregning i beskæftigelsestilskud in or after the
    period (``employment_grant_clawback``)."""
    return (any(abs(v) > 0 for v in appraisal.series.get("employment_grant_clawback", ()))
            or abs(appraisal.after_horizon.get("employment_grant_clawback", 0.0)) > 0)


def rows_for(appraisal: Appraisal | None) -> list[Row]:
    if appraisal is None:
        return []
    rows = [Row(key, label, div, dec, total, key in BOLD_ROWS) for key, label, div, dec, total in RESULT_ROWS]
    if has_clawback(appraisal):
        at = [r.key for r in rows].index("municipal_saving") + 1
        rows.insert(at, Row(*CLAWBACK_ROW))
    for i, area in enumerate(STYRINGSOMRAADER):
        rows.append(Row(f"area:{area}", tr("Results", "Nettoudgift, {0}").format(
            tr("Results", AREA_LABELS[area]).lower()), 1000.0, 1, "sum", section=i == 0))
    for i, effect in enumerate(appraisal.effects):
        rows.append(Row(f"effect:{i}", tr("Results", "Besparelse: {0}").format(
            effect["name"]), 1000.0, 1, "sum", section=i == 0))
    return rows


class ResultsModel(QAbstractTableModel):
    """Read-only: amounts in 1.000 kr. with one decimal, weeks whole; then "I alt" and the tail."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.appraisal: Appraisal | None = None
        self.rows: list[Row] = []
        self._cells: dict[tuple[int, int], tuple[float | None, str]] = {}
        self.stale = False  # True while the inputs are invalid and the figures are the last valid ones

    def set_appraisal(self, appraisal: Appraisal | None, stale: bool = False) -> None:
        self.stale = stale
        self._cells: dict[tuple[int, int], tuple[float | None, str]] = {}
        rows = rows_for(appraisal)
        same_shape = (appraisal is not None and self.appraisal is not None
                      and len(appraisal.years) == len(self.appraisal.years) and rows == self.rows)
        if not same_shape:
            self.beginResetModel()
            self.appraisal = appraisal
            self.rows = rows
            self.endResetModel()
            return
        self.appraisal = appraisal
        self.rows = rows
        columns = self.columnCount()
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, columns - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)

    @property
    def total_column(self) -> int:
        return len(self.appraisal.years) if self.appraisal is not None else 0

    @property
    def tail_column(self) -> int:
        return self.total_column + 1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.appraisal is None:
            return 0
        return len(self.appraisal.years) + 2

    def row_of(self, key: str) -> int:
        return [r.key for r in self.rows].index(key)

    def series(self, key: str) -> list[float]:
        assert self.appraisal is not None
        if key.startswith("area:"):
            return self.appraisal.by_styringsomraade[key[5:]]
        if key.startswith("effect:"):
            return self.appraisal.effects[int(key[7:])]["municipal_saving"]
        return self.appraisal.series[key]

    def tail(self, key: str) -> float | None:
        """What falls after the horizon, for the rows that have a tail; None for the others."""
        assert self.appraisal is not None
        after = self.appraisal.after_horizon
        if key == "net_result":
            return (after.get("municipal_saving", 0.0) - after.get("employment_grant_clawback", 0.0)
                    - after.get("net_cost", 0.0))
        if key.startswith("effect:"):
            return self.appraisal.effects[int(key[7:])].get("after_horizon", {}).get("municipal_saving")
        if key in TAIL_ROWS:
            return after.get(key)
        return None

    def value(self, row: int, column: int) -> float | None:
        """The figure in kroner (or weeks) behind a cell; then the total, then the tail."""
        assert self.appraisal is not None
        spec = self.rows[row]
        if column == self.tail_column:
            return self.tail(spec.key)
        series = self.series(spec.key)
        if column < len(series):
            return series[column]
        return series[-1] if spec.total == "last" else sum(series)

    def cell(self, row: int, column: int) -> tuple[float | None, str]:
        """The value and its text, computed once per appraisal (views ask for them many times)."""
        key = (row, column)
        if key not in self._cells:
            spec = self.rows[row]
            value = self.value(row, column)
            self._cells[key] = (value, "" if value is None else fmt(value / spec.divisor, spec.decimals))
        return self._cells[key]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.appraisal is None:
            return None
        spec = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())[1]
        if role == Qt.ItemDataRole.EditRole:
            return self.cell(index.row(), index.column())[0]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (spec.bold or index.column() == self.total_column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.tail_column:
            return QBrush(QColor("#f5f5f5"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.tail_column:
            return tr("Results", "Falder efter periodens sidste år: ikke med i periodens tal, "
                                 "tilbagebetaling eller nutidsværdi")
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.stale:
                return QBrush(QColor("#9e9e9e"))
            if spec.key in ("net_result", "cumulative_net_result"):
                value = self.cell(index.row(), index.column())[0]
                if value is not None:
                    return QBrush(QColor("#2e7d32" if value >= 0 else "#c62828"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.appraisal is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.ToolTipRole and section == self.tail_column:
                return tr("Results", "Det, casens tilgang sparer eller koster efter periodens sidste år")
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            if section < len(self.appraisal.years):
                return str(self.appraisal.years[section])
            if section == self.total_column:
                return tr("Results", "I alt")
            if section == self.tail_column:
                return tr("Results", "Efter\nperioden")
            return None
        if 0 <= section < len(self.rows):
            spec = self.rows[section]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return tr("Results", spec.label) + (tr("Results", " (uger)") if spec.divisor == 1.0 else "")
            if role == Qt.ItemDataRole.FontRole and spec.bold:
                font = QFont()
                font.setBold(True)
                return font
        return None
