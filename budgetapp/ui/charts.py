"""Chart widgets (pyqtgraph) with Danish axes, a hover read-out and save/export actions.

Every chart keeps the numbers it draws as a table (:meth:`ChartWidget.data_table`), so the same
figures can be exported as CSV (semicolon separated, decimal comma, as Danish Excel reads it) and
checked in tests without looking at pixels.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.csv_safe import csv_bytes
from budgetapp.export.safe_write import ExportError, write_atomically, write_bytes_atomically
from budgetapp.io.os_errors import danish_reason
from budgetapp.ui import chart_render
from budgetapp.ui.locale import fmt, tr

pg.setConfigOptions(antialias=True, background="w", foreground="#333333")

SAVING_COLOR = QColor("#2e7d32")
COST_COLOR = QColor("#c62828")
LINE_COLOR = QColor("#1565c0")
BASELINE_COLOR = QColor("#757575")
ACCENT_COLOR = QColor("#ef6c00")
PLOT_MINIMUM_HEIGHT = 220  # logical pixels of axes, plot area and the legend above it


def money_scale(values: np.ndarray | list[float]) -> tuple[float, str]:
    """The divisor and axis unit for kroner: mio. kr. from one million, else 1.000 kr."""
    finite = [abs(float(v)) for v in np.ravel(values) if math.isfinite(float(v))]
    biggest = max(finite, default=0.0)
    if biggest >= 1_000_000:
        return 1_000_000.0, tr("Charts", "mio. kr.")
    return 1000.0, tr("Charts", "1.000 kr.")


class MoneyAxis(pg.AxisItem):
    """A value axis in kroner shown in 1.000 kr. or mio. kr. with Danish digits."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)
        self.divisor = 1000.0
        self.setWidth(64)

    def set_unit(self, divisor: float, label: str) -> None:
        self.divisor = divisor
        self.setLabel(label)
        self.picture = None
        self.update()

    def tickStrings(self, values, scale, spacing):
        step = spacing / self.divisor
        decimals = 0 if step >= 1 else (1 if step >= 0.1 else 2)
        return [fmt(v / self.divisor, decimals) for v in values]


class NumberAxis(pg.AxisItem):
    """A plain Danish number axis (weeks, shares in percent)."""

    def __init__(self, orientation: str = "bottom", suffix: str = "") -> None:
        super().__init__(orientation)
        self.enableAutoSIPrefix(False)
        self.suffix = suffix

    def tickStrings(self, values, scale, spacing):
        decimals = 0 if spacing >= 1 else 1
        return [fmt(v, decimals) + self.suffix for v in values]


class YearAxis(pg.AxisItem):
    """Calendar years, one tick per year, written without a thousands separator."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.enableAutoSIPrefix(False)

    def set_years(self, years: list[int]) -> None:
        self.setTicks([[(float(y), str(y)) for y in years], []])


class CategoryAxis(pg.AxisItem):
    """Category names at x = 0, 1, 2 …, each shortened ("Kontant- og u…") to the width its category
    has on the axis, so neighbouring names never overlap, however narrow the chart or large the
    scale factor (1366×768 at 150 %). The full names stay in the table, the read-out and the CSV."""

    GAP = 6  # pixels between two names

    def __init__(self) -> None:
        super().__init__("bottom")
        self.enableAutoSIPrefix(False)
        # The names are shortened so they never overlap; pyqtgraph must not drop one for touching
        # the axis's edge either.
        self.setStyle(hideOverlappingLabels=False)
        self.names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        self.names = list(names)
        self.fit()

    def resizeEvent(self, ev=None) -> None:
        super().resizeEvent(ev)
        if getattr(self, "names", None):  # not while pyqtgraph builds the axis
            self.fit()

    def label_font(self) -> QFont:
        font = self.style.get("tickFont")
        return QFont(font) if font is not None else QFont(self.font())

    def room(self) -> float:
        """Pixels between the centres of two neighbouring categories."""
        view = self.linkedView() if getattr(self, "_linkedView", None) is not None else None
        if view is not None:
            low, high = view.viewRange()[0]
            if high > low:
                return self.width() / (high - low)
        return self.width() / max(len(self.names), 1)

    def fit(self) -> None:
        metrics = QFontMetricsF(self.label_font())
        width = max(self.room() - self.GAP, metrics.horizontalAdvance("…"))
        self.setTicks([[(float(i), metrics.elidedText(name, Qt.TextElideMode.ElideRight, width))
                        for i, name in enumerate(self.names)], []])


class ChartWidget(QWidget):
    """A titled pyqtgraph chart with a read-out line and PNG/SVG/CSV export buttons."""

    readoutChanged = Signal(str)

    def __init__(
        self, title: str, left_axis: pg.AxisItem, bottom_axis: pg.AxisItem, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.plot_widget = pg.PlotWidget(axisItems={"left": left_axis, "bottom": bottom_axis})
        self.plot_widget.setMinimumHeight(PLOT_MINIMUM_HEIGHT)
        self.plot_widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        # The legend sits above the plot area, right-aligned in a row of its own (the plot's unused
        # title row), so it never covers a bar or a line; the row is as tall as the legend.
        self.legend = self.plot.addLegend(offset=None, labelTextSize="8pt", colCount=3)
        self.legend.setParentItem(self.plot)
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-4, 0))
        self._fitting_legend = False
        self.legend.geometryChanged.connect(self._fit_legend_row)
        self.plot.geometryChanged.connect(self._fit_legend_row)
        self._fit_legend_row()
        self.cursor = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(QColor(0, 0, 0, 90), style=Qt.PenStyle.DashLine)
        )
        self.cursor.setVisible(False)
        self.plot.addItem(self.cursor, ignoreBounds=True)

        self.title_label = QLabel(f"<b>{title}</b>")
        self.title_label.setWordWrap(True)
        self.title_label.setMinimumWidth(80)
        self.readout = QLabel(" ")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setStyleSheet("color: #333;")
        self.readout.setWordWrap(True)

        self.save_button = QToolButton()
        self.save_button.setText(tr("Charts", "Billede"))
        self.save_button.setToolTip(tr("Charts", "Gem diagrammet som PNG eller SVG"))
        self.save_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.save_button)
        self.png_action = QAction(tr("Charts", "PNG-billede …"), self)
        self.svg_action = QAction(tr("Charts", "SVG-vektorgrafik …"), self)
        self.png_action.triggered.connect(lambda: self._ask_and_save("png"))
        self.svg_action.triggered.connect(lambda: self._ask_and_save("svg"))
        menu.addAction(self.png_action)
        menu.addAction(self.svg_action)
        self.save_button.setMenu(menu)
        self.csv_button = QToolButton()
        self.csv_button.setText(tr("Charts", "Data (CSV)"))
        self.csv_button.setToolTip(
            tr("Charts", "Eksportér diagrammets tal som CSV (semikolon, decimalkomma)")
        )
        self.csv_button.clicked.connect(lambda: self._ask_and_save("csv"))

        head = QHBoxLayout()
        head.addWidget(self.title_label, 1)
        head.addWidget(self.save_button)
        head.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.plot_widget, 1)
        layout.addWidget(self.readout)

        self._proxy = pg.SignalProxy(self.plot.scene().sigMouseMoved, rateLimit=30, slot=self._mouse_moved)

    def _fit_legend_row(self) -> None:
        """Three entries a row, fewer when the plot is too narrow for them (1366×768 at 150 %); the
        row above the plot area as tall as the legend."""
        if self._fitting_legend:
            return
        self._fitting_legend = True
        try:
            room = self.plot.width() - 8
            for columns in (3, 2, 1):
                self.legend.setColumnCount(columns)
                if self.legend.width() <= room:
                    break
            self.plot.layout.setRowFixedHeight(0, legend_row_height(self.legend))
        finally:
            self._fitting_legend = False

    # --- data and hover -----------------------------------------------------------------

    def data_table(self) -> tuple[list[str], list[list[object]]]:
        """The chart's numbers: header and rows (subclasses fill it)."""
        raise NotImplementedError

    def readout_at(self, x: float) -> str:
        """The read-out text for the data point nearest to ``x`` (subclasses fill it)."""
        raise NotImplementedError

    def snap_x(self, x: float) -> float:
        return x

    def _mouse_moved(self, event) -> None:
        pos: QPointF = event[0]
        if not self.plot.sceneBoundingRect().contains(pos):
            return
        point = self.plot.getViewBox().mapSceneToView(pos)
        self.show_readout(point.x())

    def show_readout(self, x: float) -> str:
        text = self.readout_at(x)
        if text:
            self.cursor.setPos(self.snap_x(x))
            self.cursor.setVisible(True)
        self.readout.setText(text or " ")
        self.readoutChanged.emit(text)
        return text

    # --- saving -------------------------------------------------------------------------

    def save_png(self, path: str | Path, width: int = 1200) -> None:
        """A PNG with the chart's title above the plot (see :mod:`budgetapp.ui.chart_render`),
        written atomically like every export: a special file (a FIFO) or a read-only target is
        refused with :class:`ExportError` (Danish), and a failed write leaves the target as it was."""
        write_atomically(path, lambda temp: chart_render.save_png(self.plot, self.title, temp, width))

    def save_svg(self, path: str | Path) -> None:
        """Vector graphics with the title; bars and lines drawn in page coordinates so they sit
        where the axes say (see :mod:`budgetapp.ui.chart_render`); written atomically like
        :meth:`save_png`."""
        write_atomically(path, lambda temp: chart_render.save_svg(self.plot, self.title, temp))

    def export_csv(self, path: str | Path) -> None:
        """Semicolon-separated, decimal comma, UTF-8 with BOM so Excel opens it in Danish."""
        header, rows = self.data_table()  # text cells escaped against formula injection
        write_bytes_atomically(path, csv_bytes(header, rows, _csv_cell))

    def _ask_and_save(self, kind: str) -> Path | None:
        """Ask for a file name (the extension is added when missing), write, and confirm or say why
        not. Returns the file written, or None."""
        from budgetapp.ui.export_actions import ask_save_path, show_saved

        filters = {
            "png": tr("Charts", "PNG-billede (*.png)"),
            "svg": tr("Charts", "SVG-grafik (*.svg)"),
            "csv": tr("Charts", "CSV-fil (*.csv)"),
        }
        suggested = _safe_file_name(self.title) + "." + kind
        path = ask_save_path(self, tr("Charts", "Gem diagram"), suggested, filters[kind])
        if path is None:
            return None
        try:
            {"png": self.save_png, "svg": self.save_svg, "csv": self.export_csv}[kind](path)
        except (OSError, ExportError) as exc:
            QMessageBox.warning(
                self,
                tr("Charts", "Kunne ikke gemme"),
                tr("Charts", "{0} kunne ikke gemmes:\n{1}").format(path.name, _reason(exc)),
            )
            return None
        show_saved(self.window(), tr("Charts", "Diagram gemt"), path)
        return path


def legend_row_height(legend: pg.LegendItem) -> float:
    """The height of the row above the plot area that holds ``legend`` (0 without entries)."""
    return legend.height() + 2 if legend.items else 0.0


class MoneyByYearChart(ChartWidget):
    """A chart of kroner by calendar year: a money axis on the left, one tick per year below.

    Subclasses call :meth:`set_years` with the years and every value they draw (the values pick
    the unit, 1.000 kr. or mio. kr.) and use :meth:`year_index` for their read-out.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        self.money = MoneyAxis()
        self.years_axis = YearAxis()
        super().__init__(title, self.money, self.years_axis, parent)
        self.years: list[int] = []
        self.divisor = 1000.0
        self.unit = ""

    def set_years(self, years: list[int], values: list[float]) -> None:
        self.years = list(years)
        self.divisor, self.unit = money_scale(values)
        self.money.set_unit(self.divisor, self.unit)
        self.years_axis.set_years(self.years)

    def add_zero_line(self) -> pg.InfiniteLine:
        line = pg.InfiniteLine(pos=0, angle=0, movable=False, pen=pg.mkPen("#999999"))
        self.plot.addItem(line, ignoreBounds=True)
        return line

    def show_years(self, margin: float) -> None:
        """The first to the last year, with ``margin`` (in years) on both sides."""
        if self.years:
            self.plot.setXRange(self.years[0] - margin, self.years[-1] + margin, padding=0)

    def show_values_and_zero(self, values: list[float]) -> None:
        """The values and zero, with a tenth of their span above and below; when all are zero (a new
        project) ± one unit of the axis (1.000 kr.), so its labels read -1, 0, 1 and not 0,00 four times."""
        low, high = min([*values, 0.0]), max([*values, 0.0])
        pad = (high - low) * 0.1 or self.divisor
        self.plot.setYRange(low - pad, high + pad, padding=0)

    def year_index(self, x: float) -> int | None:
        """The index of the year nearest to ``x``; None when no year is within 0,6 of it."""
        i = nearest_index([float(y) for y in self.years], x)
        if i is None or abs(self.years[i] - x) > 0.6:
            return None
        return i

    def snap_x(self, x: float) -> float:
        i = nearest_index([float(y) for y in self.years], x)
        return x if i is None else float(self.years[i])


def _csv_cell(value: object) -> str:
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return fmt(value, 2).replace(".", "")  # no thousands separator in data files
    return "" if value is None else str(value)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.errno is not None:
        return danish_reason(exc)
    return str(exc)


def _safe_file_name(title: str) -> str:
    keep = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return "-".join(keep.lower().split()) or "diagram"


def nearest_index(values: list[float], x: float) -> int | None:
    if not values:
        return None
    return int(np.argmin([abs(v - x) for v in values]))
