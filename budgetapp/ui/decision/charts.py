"""The decision-support charts: tornado, fan chart of the simulated net result, scenario bars.

Each is a :class:`budgetapp.ui.charts.ChartWidget`, so it can be saved as PNG/SVG with its title and
the bars where the axes say (:mod:`budgetapp.ui.chart_render`) and its numbers exported as CSV
(``data_table``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QWidget

from budgetapp.core.case_inputs import format_value
from budgetapp.core.scenarios import ScenarioResult
from budgetapp.core.sensitivity import Tornado
from budgetapp.core.simulation import SimulationResult
from budgetapp.ui.charts import (
    ACCENT_COLOR,
    BASELINE_COLOR,
    COST_COLOR,
    LINE_COLOR,
    SAVING_COLOR,
    ChartWidget,
    MoneyAxis,
    YearAxis,
    money_scale,
    nearest_index,
)
from budgetapp.ui.locale import fmt, tr

LABEL_CHARS = 48


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


class TornadoChart(ChartWidget):
    """One horizontal bar per input from the result at its low value to the result at its high
    value, around the case's total net result; the input with the largest effect on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money = MoneyAxis("bottom")
        self.labels = pg.AxisItem("left")
        super().__init__(tr("Decision", "Følsomhed: samlet nettoresultat (tornado)"), self.labels,
                         self.money, parent)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        # MoneyAxis fixes its width for a vertical axis; as a bottom axis it must span the plot.
        self.money.setMinimumWidth(0)
        self.money.setMaximumWidth(16_777_215)
        self.low_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=COST_COLOR,
                                        pen=pg.mkPen(None), name=tr("Decision", "Lav værdi"))
        self.high_bars = pg.BarGraphItem(x0=[], y=[], width=[], height=0.6, brush=SAVING_COLOR,
                                         pen=pg.mkPen(None), name=tr("Decision", "Høj værdi"))
        self.plot.addItem(self.low_bars)
        self.plot.addItem(self.high_bars)
        self.base_line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen(BASELINE_COLOR, width=2))
        self.plot.addItem(self.base_line, ignoreBounds=True)
        self.tornado: Tornado | None = None
        self.divisor = 1000.0

    def set_tornado(self, tornado: Tornado) -> None:
        self.tornado = tornado
        bars = tornado.bars
        n = len(bars)
        y = np.arange(n, 0, -1, dtype=float)  # largest on top
        base = tornado.base_result
        values = [base, *[b.result_low for b in bars], *[b.result_high for b in bars]]
        self.divisor, unit = money_scale(values)
        self.money.set_unit(self.divisor, unit)
        low = np.array([b.result_low for b in bars])
        high = np.array([b.result_high for b in bars])
        self.low_bars.setOpts(x0=np.full(n, base), y=y, width=low - base, height=0.6)
        self.high_bars.setOpts(x0=np.full(n, base), y=y, width=high - base, height=0.6)
        self.base_line.setPos(base)
        self.labels.setTicks([[(float(yy), _short(b.label)) for yy, b in zip(y, bars, strict=True)], []])
        self.plot.getViewBox().invertY(False)
        if n:
            span = max(values) - min(values) or abs(base) or 1.0
            self.plot.setXRange(min(values) - 0.05 * span, max(values) + 0.05 * span, padding=0)
            self.plot.setYRange(0.3, n + 0.7, padding=0)

    def data_table(self):
        header = [tr("Decision", "Input"), tr("Decision", "Feltsti"), tr("Decision", "Indtastet"),
                  tr("Decision", "Lav"), tr("Decision", "Høj"), tr("Decision", "Resultat ved lav (kr.)"),
                  tr("Decision", "Resultat ved høj (kr.)"), tr("Decision", "Udsving (kr.)")]
        bars = self.tornado.bars if self.tornado else []
        return header, [[b.label, b.path, b.base_value, b.low_value, b.high_value, b.result_low,
                         b.result_high, b.swing] for b in bars]

    def readout_at(self, x: float) -> str:
        return ""

    def readout_for(self, index: int) -> str:
        b = self.tornado.bars[index]
        d = 0 if self.divisor == 1000.0 else 1
        return tr("Decision", "{0}: {1} → {2}, {3} → {4}").format(
            b.label, format_value(b.kind, b.low_value), fmt(b.result_low / self.divisor, d),
            format_value(b.kind, b.high_value), fmt(b.result_high / self.divisor, d))


class FanChart(ChartWidget):
    """P10-P90 band and P50 line of the simulated net result per year (or cumulative), with the
    result of the case as entered as a dashed line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money = MoneyAxis()
        self.years_axis = YearAxis()
        super().__init__(tr("Decision", "Usikkerhed: nettoresultat pr. år (P10-P50-P90)"), self.money,
                         self.years_axis, parent)
        band = QColor(LINE_COLOR)
        band.setAlpha(60)
        self.p10_curve = pg.PlotDataItem([], [], pen=pg.mkPen(LINE_COLOR, width=1))
        self.p90_curve = pg.PlotDataItem([], [], pen=pg.mkPen(LINE_COLOR, width=1))
        # A polygon rather than pg.FillBetweenItem: pyqtgraph's SVG exporter cannot write the latter.
        self.band = QGraphicsPolygonItem()
        self.band.setBrush(band)
        self.band.setPen(pg.mkPen(None))
        self.plot.addItem(self.band)
        self.plot.addItem(self.p10_curve)
        self.plot.addItem(self.p90_curve)
        self.p50_curve = self.plot.plot([], [], pen=pg.mkPen(LINE_COLOR, width=3), symbol="o",
                                        symbolSize=6, name=tr("Decision", "P50 (median)"))
        dashed = pg.mkPen(ACCENT_COLOR, width=2, style=Qt.PenStyle.DashLine)
        self.base_curve = self.plot.plot([], [], pen=dashed, name=tr("Decision", "Som indtastet"))
        self.legend.addItem(self.p10_curve, tr("Decision", "P10-P90 (8 af 10 beregninger)"))
        self.sim: SimulationResult | None = None
        self.cumulative = False
        self.divisor = 1000.0

    def set_simulation(self, sim: SimulationResult, cumulative: bool = False) -> None:
        self.sim, self.cumulative = sim, cumulative
        p10, p50, p90, base = self._series()
        self.divisor, unit = money_scale([*p10, *p90, *base])
        self.money.set_unit(self.divisor, unit)
        self.years_axis.set_years(sim.years)
        x = np.array(sim.years, dtype=float)
        self.band.setPolygon(QPolygonF([QPointF(float(a), float(b)) for a, b in
                                        [*zip(x, p10, strict=True), *zip(x[::-1], p90[::-1], strict=True)]]))
        self.p10_curve.setData(x, np.array(p10))
        self.p90_curve.setData(x, np.array(p90))
        self.p50_curve.setData(x, np.array(p50))
        self.base_curve.setData(x, np.array(base))
        title = (tr("Decision", "Usikkerhed: akkumuleret nettoresultat (P10-P50-P90)") if cumulative
                 else tr("Decision", "Usikkerhed: nettoresultat pr. år (P10-P50-P90)"))
        self.title = title
        self.title_label.setText(f"<b>{title}</b>")
        low, top = min([*p10, *base, 0.0]), max([*p90, *base, 0.0])
        pad = (top - low) * 0.08 or 1.0
        self.plot.setXRange(x.min() - 0.4, x.max() + 0.4, padding=0)
        self.plot.setYRange(low - pad, top + pad, padding=0)

    def _series(self) -> tuple[list[float], list[float], list[float], list[float]]:
        s = self.sim
        if s is None:
            return [], [], [], []
        if self.cumulative:
            return s.cumulative_p10, s.cumulative_p50, s.cumulative_p90, list(np.cumsum(s.base_net_result))
        return s.p10, s.p50, s.p90, s.base_net_result

    def data_table(self):
        p10, p50, p90, base = self._series()
        header = [tr("Decision", "År"), tr("Decision", "P10 (kr.)"), tr("Decision", "P50 (kr.)"),
                  tr("Decision", "P90 (kr.)"), tr("Decision", "Som indtastet (kr.)")]
        years = self.sim.years if self.sim else []
        return header, [[y, a, b, c, d] for y, a, b, c, d in zip(years, p10, p50, p90, base, strict=True)]

    def snap_x(self, x: float) -> float:
        years = self.sim.years if self.sim else []
        i = nearest_index([float(y) for y in years], x)
        return x if i is None else float(years[i])

    def readout_at(self, x: float) -> str:
        if self.sim is None:
            return ""
        i = nearest_index([float(y) for y in self.sim.years], x)
        if i is None or abs(self.sim.years[i] - x) > 0.6:
            return ""
        p10, p50, p90, _ = self._series()
        d = 0 if self.divisor == 1000.0 else 1
        return tr("Decision", "{0}: P10 {1}, P50 {2}, P90 {3}").format(
            self.sim.years[i], fmt(p10[i] / self.divisor, d), fmt(p50[i] / self.divisor, d),
            fmt(p90[i] / self.divisor, d))


class ScenarioChart(ChartWidget):
    """The total net result over the horizon of the case and each scenario, one bar each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money = MoneyAxis()
        self.names = pg.AxisItem("bottom")
        super().__init__(tr("Decision", "Scenarier: samlet nettoresultat"), self.money, self.names, parent)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=LINE_COLOR, pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self.results: list[ScenarioResult] = []
        self.divisor = 1000.0

    def set_results(self, results: list[ScenarioResult]) -> None:
        self.results = results
        totals = [r.total_net_result for r in results]
        self.divisor, unit = money_scale(totals)
        self.money.set_unit(self.divisor, unit)
        x = np.arange(len(results), dtype=float)
        brushes = [SAVING_COLOR if t >= 0 else COST_COLOR for t in totals]
        self.bars.setOpts(x=x, height=np.array(totals), brushes=brushes)
        self.names.setTicks([[(float(i), _short(r.label)) for i, r in enumerate(results)], []])
        if results:
            low, top = min([*totals, 0.0]), max([*totals, 0.0])
            pad = (top - low) * 0.08 or 1.0
            self.plot.setXRange(-0.6, len(results) - 0.4, padding=0)
            self.plot.setYRange(low - pad, top + pad, padding=0)

    def data_table(self):
        header = [tr("Decision", "Scenarie"), tr("Decision", "Samlet nettoresultat (kr.)"),
                  tr("Decision", "Tilbagebetalingsår")]
        return header, [[r.label, r.total_net_result, r.appraisal.payback_year] for r in self.results]

    def readout_at(self, x: float) -> str:
        i = nearest_index([float(i) for i in range(len(self.results))], x)
        if i is None or abs(i - x) > 0.5:
            return ""
        d = 0 if self.divisor == 1000.0 else 1
        r = self.results[i]
        return tr("Decision", "{0}: {1}").format(r.label, fmt(r.total_net_result / self.divisor, d))
