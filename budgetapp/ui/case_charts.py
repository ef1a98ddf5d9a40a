"""The three charts of a business case: saving against net cost, cumulative result, benefit paths."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from budgetapp.core.appraisal import Appraisal
from budgetapp.core.case import BusinessCase, FlowEffect
from budgetapp.ui.charts import (
    BASELINE_COLOR,
    COST_COLOR,
    LINE_COLOR,
    SAVING_COLOR,
    ChartWidget,
    MoneyByYearChart,
    NumberAxis,
)
from budgetapp.ui.locale import fmt, fmt_percent, tr


class SavingCostChart(MoneyByYearChart):
    """Municipal saving (after refusion) against net cost, one pair of bars per year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Charts", "Kommunal besparelse og nettoudgift pr. år"), parent)
        self.saving_bars = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.38,
            brush=SAVING_COLOR,
            pen=pg.mkPen(None),
            name=tr("Charts", "Kommunal besparelse"),
        )
        self.cost_bars = pg.BarGraphItem(
            x=[],
            height=[],
            width=0.38,
            brush=COST_COLOR,
            pen=pg.mkPen(None),
            name=tr("Charts", "Nettoudgift"),
        )
        self.plot.addItem(self.saving_bars)
        self.plot.addItem(self.cost_bars)
        self.saving: list[float] = []
        self.cost: list[float] = []

    def set_appraisal(self, appraisal: Appraisal) -> None:
        self.saving = list(appraisal.series["municipal_saving"])
        self.cost = list(appraisal.series["net_cost"])
        self.set_years(appraisal.years, self.saving + self.cost)
        x = np.array(self.years, dtype=float)
        self.saving_bars.setOpts(x=x - 0.2, height=np.array(self.saving))
        self.cost_bars.setOpts(x=x + 0.2, height=np.array(self.cost))
        top = max([*self.saving, *self.cost, 0.0])
        low = min([*self.saving, *self.cost, 0.0])
        pad = (top - low) * 0.08 or self.divisor  # an empty case (all 0): 0 to 1.000 kr., not 0,00 four times
        self.show_years(0.6)
        self.plot.setYRange(low - (pad if low < 0 else 0), top + pad, padding=0)

    def data_table(self):
        header = [
            tr("Charts", "År"),
            tr("Charts", "Kommunal besparelse (kr.)"),
            tr("Charts", "Nettoudgift (kr.)"),
        ]
        rows = [[y, s, c] for y, s, c in zip(self.years, self.saving, self.cost, strict=True)]
        return header, rows

    def readout_at(self, x: float) -> str:
        i = self.year_index(x)
        if i is None:
            return ""
        d = 0 if self.divisor == 1000.0 else 1
        return tr("Charts", "{0}: kommunal besparelse {1} {3}, nettoudgift {2} {3}").format(
            self.years[i],
            fmt(self.saving[i] / self.divisor, d),
            fmt(self.cost[i] / self.divisor, d),
            self.unit,
        )


class CumulativeChart(MoneyByYearChart):
    """Cumulative net result by year; the payback year is marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Charts", "Akkumuleret nettoresultat"), parent)
        self.zero = self.add_zero_line()
        self.curve = self.plot.plot(
            [],
            [],
            pen=pg.mkPen(LINE_COLOR, width=2.5),
            symbol="o",
            symbolSize=7,
            symbolBrush=LINE_COLOR,
            name=tr("Charts", "Akkumuleret nettoresultat"),
        )
        self.payback_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            pen=pg.mkPen(SAVING_COLOR, width=2, style=Qt.PenStyle.DashLine),
            label="",
            labelOpts={"position": 0.08, "color": SAVING_COLOR, "fill": QColor(255, 255, 255, 220)},
        )
        self.plot.addItem(self.payback_line, ignoreBounds=True)
        self.cumulative: list[float] = []
        self.payback_year: int | None = None

    def set_appraisal(self, appraisal: Appraisal) -> None:
        self.cumulative = list(appraisal.series["cumulative_net_result"])
        self.payback_year = appraisal.payback_year
        self.set_years(appraisal.years, self.cumulative)
        self.curve.setData(np.array(self.years, dtype=float), np.array(self.cumulative))
        if self.payback_year is None:
            self.payback_line.setVisible(False)
        else:
            self.payback_line.setPos(float(self.payback_year))
            self.payback_line.label.setFormat(tr("Charts", "Tilbagebetalt {0}").format(self.payback_year))
            self.payback_line.setVisible(True)
        self.show_years(0.5)
        self.show_values_and_zero(self.cumulative)

    def data_table(self):
        header = [
            tr("Charts", "År"),
            tr("Charts", "Akkumuleret nettoresultat (kr.)"),
            tr("Charts", "Tilbagebetalt"),
        ]
        rows = [
            [y, v, "ja" if self.payback_year is not None and y >= self.payback_year else "nej"]
            for y, v in zip(self.years, self.cumulative, strict=True)
        ]
        return header, rows

    def readout_at(self, x: float) -> str:
        i = self.year_index(x)
        if i is None:
            return ""
        d = 0 if self.divisor == 1000.0 else 1
        text = tr("Charts", "{0}: akkumuleret nettoresultat {1} {2}").format(
            self.years[i], fmt(self.cumulative[i] / self.divisor, d), self.unit
        )
        if self.payback_year == self.years[i]:
            text += tr("Charts", " — tilbagebetalt dette år")
        return text


def survival(weeks: np.ndarray, shares: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Share of the cohort still on benefit after ``weeks`` weeks: Σ share × [week < length]."""
    return (shares[None, :] * (weeks[:, None] < lengths[None, :])).sum(axis=1)


def side_share(weeks: np.ndarray, segments, side: str) -> np.ndarray:
    """Share of an effect's entrants on benefit in week ``w + 1`` for each ``w`` in ``weeks``:
    Σ segment share × S_{w+1} (its survival curve, 0 past its end) or × [w < its weeks]."""
    out = np.zeros(len(weeks))
    for s in segments:
        curve = s.survival_before if side == "before" else s.survival_after
        if curve is None:
            length = s.weeks_before if side == "before" else s.weeks_after
            out += s.share * (weeks < length)
        else:
            values = np.zeros(len(weeks))
            n = min(len(curve), len(weeks))
            values[:n] = np.asarray(curve[:n], dtype=float)
            out += s.share * values
    return out


class PathsChart(ChartWidget):
    """Survival-style picture: share of a cohort still on benefit, week by week, before and after.

    One step curve per path (baseline and intervention) for the whole cohort, and the
    intervention path of each segment as a thin line of its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        self.share_axis = NumberAxis("left", suffix=" %")
        self.weeks_axis = NumberAxis("bottom")
        super().__init__(
            tr("Charts", "Forløb på ydelse: før og efter indsatsen"), self.share_axis, self.weeks_axis, parent
        )
        self.share_axis.setLabel(tr("Charts", "Andel af tilgangen på ydelse"))
        self.weeks_axis.setLabel(tr("Charts", "Uger siden tilgang"))
        self.before_curve = self.plot.plot(
            [],
            [],
            stepMode="center",
            pen=pg.mkPen(BASELINE_COLOR, width=2.5),
            name=tr("Charts", "Før (uden indsats)"),
        )
        self.after_curve = self.plot.plot(
            [],
            [],
            stepMode="center",
            pen=pg.mkPen(LINE_COLOR, width=2.5),
            fillLevel=0,
            brush=QColor(21, 101, 192, 50),
            name=tr("Charts", "Efter (med indsats)"),
        )
        self.segment_curves: list[pg.PlotDataItem] = []
        self.weeks: np.ndarray = np.zeros(0)
        self.before: np.ndarray = np.zeros(0)
        self.after: np.ndarray = np.zeros(0)
        self.segment_names: list[str] = []
        self.segment_before: list[float] = []
        self.segment_after: list[float] = []
        self.shares: list[float] = []

    def set_case(self, case: BusinessCase) -> None:
        """The first flow effect of ``case`` (see :meth:`set_effect`)."""
        self.set_effect(case.primary)

    def set_effect(self, effect: FlowEffect) -> None:
        """Before and after of one flow effect: Σ segment share × the share still on benefit in
        each week (a survival curve as given, a number of weeks as a step down at its end)."""
        segments = effect.segments
        shares = np.array([s.share for s in segments])
        before = np.array([s.weeks_before for s in segments])
        after = np.array([s.weeks_after for s in segments])
        lengths = [len(c) for s in segments for c in (s.survival_before, s.survival_after) if c]
        horizon = int(np.ceil(max([*before, *after, *lengths, 1.0]))) + 2
        horizon = min(horizon, 1100)
        edges = np.arange(horizon + 1, dtype=float)
        self.weeks = edges[:-1]
        self.before = side_share(self.weeks, segments, "before") * 100.0
        self.after = side_share(self.weeks, segments, "after") * 100.0
        self.segment_names = [s.name for s in segments]
        self.segment_before = list(before)
        self.segment_after = list(after)
        self.shares = list(shares)
        self.before_curve.setData(edges, self.before)
        self.after_curve.setData(edges, self.after)
        for item in self.segment_curves:
            self.plot.removeItem(item)
        self.segment_curves = []
        mean_before = float((shares * before).sum())
        mean_after = float((shares * after).sum())
        self.readout.setText(
            tr("Charts", "Gns. {0} uger før, {1} efter").format(fmt(mean_before, 1), fmt(mean_after, 1))
        )
        self.plot.setXRange(0, horizon, padding=0.02)
        self.plot.setYRange(0, 105, padding=0)

    def data_table(self):
        header = [
            tr("Charts", "Uge"),
            tr("Charts", "Før: andel på ydelse (%)"),
            tr("Charts", "Efter: andel på ydelse (%)"),
        ]
        rows = [
            [int(w) + 1, float(b), float(a)]
            for w, b, a in zip(self.weeks, self.before, self.after, strict=True)
        ]
        return header, rows

    def snap_x(self, x: float) -> float:
        return float(np.floor(x)) + 0.5

    def readout_at(self, x: float) -> str:
        if not len(self.weeks) or x < 0 or x >= len(self.weeks):
            return ""
        i = int(np.floor(x))
        parts = [
            tr("Charts", "Uge {0}: {1} på ydelse før, {2} efter").format(
                i + 1, fmt_percent(self.before[i] / 100.0, 1), fmt_percent(self.after[i] / 100.0, 1)
            )
        ]
        for name, share, b, a in zip(
            self.segment_names, self.shares, self.segment_before, self.segment_after, strict=True
        ):
            if i < b and not i < a:
                parts.append(tr("Charts", "«{0}» ({1}) er ude af ydelse").format(name, fmt_percent(share)))
        return "; ".join(parts)
