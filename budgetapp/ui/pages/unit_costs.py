"""Enhedsudgifter: kr. per full-time person, own figures beside national and group benchmarks."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.benchmarks import (
    Comparison,
    ReferenceDataError,
    compare_with_benchmarks,
    group_benchmarks,
    national_benchmarks,
    reference_group_name,
)
from budgetapp.core.unit_costs import (
    TOTAL_HK5,
    TOTAL_HK5_HK6,
    compute_unit_costs,
    unit_cost_inputs_from_budget,
)
from budgetapp.ui.charts import (
    ACCENT_COLOR,
    BASELINE_COLOR,
    LINE_COLOR,
    CategoryAxis,
    ChartWidget,
    MoneyAxis,
)
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt, tr
from budgetapp.ui.models.grid import GridModel, GridRow
from budgetapp.ui.pages.base import Page, heading, table_view

BAR_COLORS = (LINE_COLOR, BASELINE_COLOR, ACCENT_COLOR, pg.mkColor("#6a1b9a"), pg.mkColor("#00838f"))


class UnitCostChart(ChartWidget):
    """Grouped bars: the own figure and each benchmark, per measure, for one year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.money = MoneyAxis()
        self.measure_axis = CategoryAxis()
        super().__init__(
            tr("UnitCosts", "Kr. pr. fuldtidsperson: egne tal og benchmarks"),
            self.money,
            self.measure_axis,
            parent,
        )
        self.plot_widget.setMinimumHeight(300)  # five series: the legend above takes up to three lines
        self.bars: list[pg.BarGraphItem] = []
        self.measures: list[str] = []
        self.series: list[tuple[str, list[float | None]]] = []

    def set_data(self, measures: list[str], series: list[tuple[str, list[float | None]]]) -> None:
        self.measures = measures
        self.series = series
        for bar in self.bars:
            self.plot.removeItem(bar)
        self.legend.clear()
        self.bars = []
        self.money.set_unit(1000.0, tr("UnitCosts", "1.000 kr. pr. fuldtidsperson"))
        width = 0.8 / max(len(series), 1)
        for i, (label, values) in enumerate(series):
            x = np.arange(len(measures)) + (i - (len(series) - 1) / 2) * width
            heights = np.array([np.nan if v is None else v for v in values], dtype=float)
            keep = ~np.isnan(heights)
            bar = pg.BarGraphItem(
                x=x[keep],
                height=heights[keep],
                width=width * 0.95,
                brush=BAR_COLORS[i % len(BAR_COLORS)],
                pen=pg.mkPen(None),
                name=label,
            )
            self.plot.addItem(bar)
            self.bars.append(bar)
        self.plot.setXRange(-0.6, len(measures) - 0.4, padding=0)
        self.measure_axis.set_names(measures)  # after the range: each name gets its category's width
        top = max([v for _, values in series for v in values if v is not None] + [1.0])
        self.plot.setYRange(0, top * 1.25, padding=0)

    def data_table(self):
        header = [tr("UnitCosts", "Mål"), *[f"{label} (kr.)" for label, _ in self.series]]
        rows = [[m, *[values[i] for _, values in self.series]] for i, m in enumerate(self.measures)]
        return header, rows

    def snap_x(self, x: float) -> float:
        return float(round(x))

    def readout_at(self, x: float) -> str:
        i = round(x)
        if not 0 <= i < len(self.measures):
            return ""
        parts = [f"{label} {fmt(values[i], 0)} kr." for label, values in self.series if values[i] is not None]
        return f"{self.measures[i]}: " + "; ".join(parts)


class UnitCostsPage(Page):
    title = "Enhedsudgifter"
    key = "enhedsudgifter"
    scopes = ("budget", "unit_costs")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.model = GridModel(self)
        self.table = table_view(self.model)
        self.chart = UnitCostChart()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("UnitCosts", "År:")))
        top.addWidget(self.year_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                tr("UnitCosts", "Enhedsudgifter"),
                tr(
                    "UnitCosts",
                    "Udgift pr. fuldtidsperson (helårsperson) til beskæftigelses"
                    "indsats (HK5) og jobcenterdrift (HK6), beregnet som udgift ÷ "
                    "helårspersoner, ved siden af landstal og kommunegrupper "
                    "omregnet til projektets p/l.",
                ),
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.chart, 3)
        layout.addWidget(self.note)
        self.comparisons: list[Comparison] = []

    def refresh(self) -> None:
        project = self.document.project
        inputs = project.unit_costs or unit_cost_inputs_from_budget(project.budget)
        costs = compute_unit_costs(inputs)
        try:
            benchmarks = national_benchmarks() + group_benchmarks(
                project.size_group, project.rammevilkaar_group
            )
            self.comparisons = compare_with_benchmarks(
                costs, inputs.price_level_year, benchmarks, project.price_index
            )
            self.note.setText(
                tr("UnitCosts", "Kilder: {0}").format(
                    "; ".join(sorted({c.benchmark_source for c in self.comparisons}))
                )
            )
        except (ReferenceDataError, ValueError) as exc:
            self.comparisons = []
            self.note.setText(str(exc))
        self.costs = costs
        years = sorted({c.year for c in costs})
        current = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(str(y), y)
        pos = self.year_combo.findData(current if current in years else project.budget_year)
        self.year_combo.setCurrentIndex(pos if pos >= 0 else max(len(years) - 1, 0))
        self.year_combo.blockSignals(False)
        self._show()

    def _show(self) -> None:
        year = self.year_combo.currentData()
        if year is None:
            self.model.set_grid([], [])
            return
        project = self.document.project
        names = project.budget.group_names
        own = {c.target_group: c.kr_per_full_year_person for c in self.costs if c.year == year}
        measures = [m for m, v in own.items() if v is not None]
        labels = sorted({c.benchmark_label for c in self.comparisons if c.year == year})
        columns = [tr("UnitCosts", "Egne tal"), *labels]
        rows = []
        chart_series: list[tuple[str, list[float | None]]] = [(columns[0], [own[m] for m in measures])]
        bench: dict[str, dict[str, Comparison]] = {label: {} for label in labels}
        for c in self.comparisons:
            if c.year == year:
                bench[c.benchmark_label][c.measure] = c
        for label in labels:
            chart_series.append(
                (label, [bench[label][m].benchmark if m in bench[label] else None for m in measures])
            )
        for m in measures:
            name = names.get(m) or reference_group_name(m)
            values: list[float | None] = [own[m]]
            tips = [""]
            for label in labels:
                c = bench[label].get(m)
                values.append(None if c is None else c.benchmark)
                tips.append(
                    ""
                    if c is None
                    else tr("UnitCosts", "{0} ({1}, omregnet til {2} p/l)").format(
                        c.benchmark_source, c.benchmark_year, project.price_level_year
                    )
                )
            rows.append(
                GridRow(
                    name, values, bold=m in (TOTAL_HK5, TOTAL_HK5_HK6), divisor=1.0, decimals=0, tooltips=tips
                )
            )
        self.model.set_grid([f"{c} (kr.)" for c in columns], rows)
        short = [names.get(m) or reference_group_name(m) for m in measures]
        self.chart.set_data([s if len(s) <= 18 else s[:16] + "…" for s in short], chart_series)
