"""Sammenlign: the project's business cases side by side, as entered or in a scenario."""

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

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.case import CaseError
from budgetapp.core.projection import ProjectionEngine
from budgetapp.ui.charts import MoneyByYearChart
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt, fmt_percent, tr
from budgetapp.ui.models.grid import GridModel, GridRow
from budgetapp.ui.pages.base import Page, heading, keep_figures_whole, table_view
from budgetapp.ui.pages.unit_costs import BAR_COLORS


class CompareChart(MoneyByYearChart):
    """Cumulative net result of every case, one line each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Compare", "Akkumuleret nettoresultat pr. case"), parent)
        self.add_zero_line()
        self.curves: list[pg.PlotDataItem] = []
        self.series: list[tuple[str, dict[int, float]]] = []

    def set_series(self, series: list[tuple[str, dict[int, float]]]) -> None:
        for curve in self.curves:
            self.plot.removeItem(curve)
        self.curves = []
        self.series = series
        all_values = [v for _, values in series for v in values.values()]
        self.set_years(sorted({y for _, values in series for y in values}), all_values)
        for i, (name, values) in enumerate(series):
            years = sorted(values)
            color = BAR_COLORS[i % len(BAR_COLORS)]
            curve = self.plot.plot(
                np.array(years, dtype=float),
                np.array([values[y] for y in years]),
                pen=pg.mkPen(color, width=2.5),
                symbol="o",
                symbolSize=6,
                symbolBrush=color,
                name=name,
            )
            self.curves.append(curve)
        self.show_years(0.5)
        if all_values:
            self.show_values_and_zero(all_values)

    def data_table(self):
        header = [tr("Compare", "År"), *[f"{name} (kr.)" for name, _ in self.series]]
        rows = [[y, *[values.get(y) for _, values in self.series]] for y in self.years]
        return header, rows

    def readout_at(self, x: float) -> str:
        i = self.year_index(x)
        if i is None:
            return ""
        year = self.years[i]
        parts = [
            f"{name} {fmt(values[year] / self.divisor, 1)} {self.unit}"
            for name, values in self.series
            if year in values
        ]
        return f"{year}: " + "; ".join(parts)


class ComparePage(Page):
    title = "Sammenlign"
    key = "sammenlign"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.scenario_combo = QComboBox()
        self.scenario_combo.currentIndexChanged.connect(lambda _i: self._show())
        self.model = GridModel(self)
        self.table = table_view(self.model, stretch=True)
        keep_figures_whole(self.table)
        self.chart = CompareChart()
        self.chart.setMaximumHeight(360)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("Compare", "Scenarie:")))
        top.addWidget(self.scenario_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                tr("Compare", "Sammenlign business cases"),
                tr(
                    "Compare",
                    "Alle projektets cases side om side (beløb i 1.000 kr., "
                    "kommunens nettoresultat efter refusion).",
                ),
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.message)
        self.table.setMinimumHeight(22 * 6 + 26)  # six rows stay visible at 1366×768 and 150 %
        layout.addWidget(self.table, 3)
        layout.addWidget(self.chart, 2)

    def refresh(self) -> None:
        current = self.scenario_combo.currentData()
        self.scenario_combo.blockSignals(True)
        self.scenario_combo.clear()
        self.scenario_combo.addItem(tr("Compare", "Som indtastet"), None)
        for scenario in self.document.project.scenarios:
            self.scenario_combo.addItem(scenario.name, scenario.name)
        pos = self.scenario_combo.findData(current)
        self.scenario_combo.setCurrentIndex(max(pos, 0))
        self.scenario_combo.blockSignals(False)
        self._show()

    def appraisals(self, scenario: str | None) -> list[tuple[str, Appraisal]]:
        project = self.document.project
        engine = ProjectionEngine(project)
        out: list[tuple[str, Appraisal]] = []
        problems: list[str] = []
        for entry in project.cases:
            try:
                out.append((entry.name, appraise(engine.effective_case(entry.name, scenario))))
            except (CaseError, KeyError, ValueError) as exc:
                problems.append(f"{entry.name}: {exc}")
        self.message.setText("\n".join(problems))
        return out

    def _show(self) -> None:
        project = self.document.project
        results = self.appraisals(self.scenario_combo.currentData())
        years = [project.budget_year, *project.overslag_years]
        rows = [
            GridRow(tr("Compare", "Første år"), [str(a.years[0]) for _, a in results]),
            GridRow(tr("Compare", "Nettoudgift i alt"), [sum(a.series["net_cost"]) for _, a in results]),
            GridRow(
                tr("Compare", "Kommunal besparelse i alt"),
                [sum(a.series["municipal_saving"]) for _, a in results],
            ),
            GridRow(
                tr("Compare", "Nettoresultat i alt"),
                [sum(a.series["net_result"]) for _, a in results],
                bold=True,
                color_sign=True,
            ),
        ]
        for year in years:
            rows.append(
                GridRow(
                    tr("Compare", "Nettoresultat {0}").format(year),
                    [
                        a.series["net_result"][a.years.index(year)] if year in a.years else None
                        for _, a in results
                    ],
                    color_sign=True,
                )
            )
        rows += [
            GridRow(
                tr("Compare", "Tilbagebetalt (år)"),
                [
                    str(a.payback_year) if a.payback_year else tr("Compare", "ikke i perioden")
                    for _, a in results
                ],
            ),
            GridRow(tr("Compare", "Nutidsværdi"), [a.npv for _, a in results]),
            GridRow(
                tr("Compare", "Break-even (andel af effekten)"),
                [
                    fmt_percent(a.break_even_effect_share) if a.break_even_effect_share is not None else "–"
                    for _, a in results
                ],
            ),
            GridRow(
                tr("Compare", "Helårspersoner i indsatsen"),
                [a.full_year_persons_in_effort for _, a in results],
                divisor=1.0,
                decimals=1,
            ),
            GridRow(
                tr("Compare", "Med i fremskrivningen"),
                [
                    tr("Compare", "ja") if project.case(name).enabled else tr("Compare", "nej")
                    for name, _ in results
                ],
            ),
        ]
        self.model.set_grid([name for name, _ in results], rows)
        self.chart.set_series(
            [
                (name, dict(zip(a.years, a.series["cumulative_net_result"], strict=True)))
                for name, a in results
            ]
        )
