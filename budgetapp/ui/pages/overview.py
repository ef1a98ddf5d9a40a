"""Overblik: projected net expense with and without the chosen cases, budget year and overslagsår.

Two tables: per styringsområde (service, overførsler, anlæg: the base budget, each switched-on
case's change and the area's total, revenue negative) and per budget line. The figures are
:class:`budgetapp.core.projection.Projection`'s, the same as ``budgetapp project summary``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.projection import Projection, ProjectionEngine
from budgetapp.ui.charts import MoneyByYearChart
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt, fmt_million, tr
from budgetapp.ui.models.grid import GridModel, GridRow
from budgetapp.ui.pages.base import Page, heading, keep_figures_whole, table_view
from budgetapp.ui.pages.unit_costs import BAR_COLORS


class ProjectionChart(MoneyByYearChart):
    """The net saving of each switched-on case per year, stacked (negative years below zero)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Overview", "Nettoresultat af de valgte business cases pr. år"), parent)
        self.bars: list[pg.BarGraphItem] = []
        self.series: list[tuple[str, list[float]]] = []

    def set_projection(self, projection: Projection) -> None:
        years = list(projection.years)
        self.series = [(c.name, [c.saving(y) for y in years]) for c in projection.cases if c.enabled]
        for bar in self.bars:
            self.plot.removeItem(bar)
        self.legend.clear()
        self.bars = []
        totals = [sum(values[i] for _, values in self.series) for i in range(len(years))]
        self.set_years(years, totals + [v for _, vs in self.series for v in vs])
        x = np.array(self.years, dtype=float)
        pos_base = np.zeros(len(self.years))
        neg_base = np.zeros(len(self.years))
        for i, (name, values) in enumerate(self.series):
            v = np.array(values)
            base = np.where(v >= 0, pos_base, neg_base)
            bar = pg.BarGraphItem(
                x=x,
                y0=base,
                height=v,
                width=0.6,
                brush=BAR_COLORS[i % len(BAR_COLORS)],
                pen=pg.mkPen(None),
                name=name,
            )
            self.plot.addItem(bar)
            self.bars.append(bar)
            pos_base = pos_base + np.where(v >= 0, v, 0)
            neg_base = neg_base + np.where(v < 0, v, 0)
        self.show_years(0.6)
        top = float(max([*pos_base, 0.0]))
        low = float(min([*neg_base, 0.0]))
        pad = (top - low) * 0.25 or self.divisor  # nothing yet (a new project): 0 to 1.000 kr.
        self.plot.setYRange(low - (pad * 0.2 if low < 0 else 0), top + pad, padding=0)

    def data_table(self):
        header = [tr("Overview", "År"), *[f"{name} (kr.)" for name, _ in self.series]]
        rows = [[y, *[values[i] for _, values in self.series]] for i, y in enumerate(self.years)]
        return header, rows

    def readout_at(self, x: float) -> str:
        i = self.year_index(x)
        if i is None:
            return ""
        parts = [f"{name} {fmt(values[i] / self.divisor, 1)}" for name, values in self.series]
        total = sum(values[i] for _, values in self.series)
        return tr("Overview", "{0}: i alt {1} {2} ({3})").format(
            self.years[i], fmt(total / self.divisor, 1), self.unit, "; ".join(parts)
        )


AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}


def area_rows(projection: Projection) -> list[GridRow]:
    """The rows of the styringsområde table: per area the base budget, each switched-on case's
    change (positive = more expense) and the area's projected net expense; then the total."""
    years = projection.years
    rows: list[GridRow] = []
    for area in STYRINGSOMRAADER:
        label = tr("Overview", AREA_LABELS[area])
        rows.append(GridRow(tr("Overview", "{0}: basisbudget").format(label),
                            [projection.base_by_area(area, y) for y in years]))
        for effect in projection.cases:
            if effect.enabled and any(projection.case_by_area(effect.name, area, y) for y in years):
                rows.append(GridRow(
                    "    " + effect.name,
                    [projection.case_by_area(effect.name, area, y) for y in years],
                    tooltip=tr("Overview", "Business casens ændring af nettoudgiften på {0} "
                                           "(+ = merudgift, − = mindreudgift)").format(label.lower())))
        rows.append(GridRow(tr("Overview", "{0} i alt").format(label),
                            [projection.projected_by_area(area, y) for y in years], bold=True))
    rows.append(GridRow(tr("Overview", "Fremskrevet nettoudgift i alt"),
                        [sum(projection.projected_by_area(a, y) for a in STYRINGSOMRAADER) for y in years],
                        bold=True))
    return rows


class KeyFigure(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(
            "QLabel { background: #f5f7fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 8px; }"
        )
        self.setMinimumWidth(170)
        self.setWordWrap(True)  # a narrow window wraps "cases: service …, overførsler …", never cuts it


class OverviewPage(Page):
    title = "Overblik"
    key = "overblik"

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.header = heading("", "")
        self.cards = [KeyFigure() for _ in range(4)]
        cards = QGridLayout()
        for i, card in enumerate(self.cards):
            cards.addWidget(card, 0, i)
        self.model = GridModel(self)
        self.table = table_view(self.model, stretch=True)
        self.area_model = GridModel(self)
        self.area_table = table_view(self.area_model, stretch=True)
        keep_figures_whole(self.table)
        keep_figures_whole(self.area_table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.area_table, tr("Overview", "Pr. styringsområde"))
        self.tabs.addTab(self.table, tr("Overview", "Pr. målgruppe og linje"))
        self.chart = ProjectionChart()
        self.chart.setMaximumHeight(340)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #e65100;")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.header)
        self.layout_.addLayout(cards)
        self.layout_.addWidget(QLabel(tr(
            "Overview", "<b>Nettoudgift pr. år</b> (1.000 kr.; udgifter positive, indtægter og "
                        "besparelser negative)")))
        self.tabs.setMinimumHeight(200)  # at least six rows; on a small screen the page scrolls instead
        self.layout_.addWidget(self.tabs, 3)
        self.layout_.addWidget(self.chart, 2)
        self.layout_.addWidget(self.warnings)
        self.projection: Projection | None = None

    def refresh(self) -> None:
        project = self.document.project
        new_header = heading(
            tr("Overview", "{0} — budget {1}").format(project.municipality, project.budget_year),
            tr(
                "Overview",
                "Beløb i {0} p/l (ydelser omregnet med satsreguleringsprocenten, service med KL's "
                "pris- og lønskøn). Budgetår {1}, overslagsår {2}–{3}. "
                "Business cases med flueben under Business cases indgår.",
            ).format(
                project.price_level_year,
                project.budget_year,
                project.overslag_years[0],
                project.overslag_years[-1],
            ),
        )
        self.layout_.replaceWidget(self.header, new_header)
        self.header.deleteLater()
        self.header = new_header
        try:
            projection = ProjectionEngine(project).result()
        except (ValueError, KeyError) as exc:
            self.warnings.setText(tr("Overview", "Fremskrivningen kan ikke beregnes: {0}").format(exc))
            self.model.set_grid([], [])
            self.area_model.set_grid([], [])
            return
        self.projection = projection
        years = projection.years
        rows: list[GridRow] = [GridRow(line.label, [line.net(y) for y in years]) for line in projection.lines]
        rows.append(
            GridRow(
                tr("Overview", "Nettoudgift i alt uden cases"),
                [projection.total_net(y) for y in years],
                bold=True,
            )
        )
        for effect in projection.cases:
            if effect.enabled:
                rows.append(
                    GridRow(
                        tr("Overview", "− {0}").format(effect.name),
                        [effect.saving(y) if y in effect.series["net_result"] else None for y in years],
                        color_sign=True,
                        tooltip=tr("Overview", "Nettoresultat (kommunal besparelse − nettoudgift)"),
                    )
                )
        rows.append(
            GridRow(
                tr("Overview", "Fremskrevet nettoudgift"),
                [projection.total_projected_net(y) for y in years],
                bold=True,
            )
        )
        self.model.set_grid([str(y) for y in years], rows)
        self.area_model.set_grid([str(y) for y in years], area_rows(projection))
        self.chart.set_projection(projection)
        shown = [project.budget_year, *project.overslag_years]
        for card, year in zip(self.cards, shown, strict=True):
            kind = (
                tr("Overview", "Budgetår") if year == project.budget_year else tr("Overview", "Overslagsår")
            )
            card.setText(
                tr(
                    "Overview",
                    "<span style='color:#555'>{0} {1}</span><br>"
                    "<span style='font-size:15pt; font-weight:600'>{2} mio. kr.</span><br>"
                    "<span style='color:#2e7d32'>besparelse {3} mio. kr.</span><br>"
                    "<span style='color:#555'>cases: service {4}, overførsler {5} mio. kr.</span>",
                ).format(
                    kind,
                    year,
                    fmt_million(projection.total_projected_net(year)),
                    fmt_million(projection.total_case_effect(year)),
                    fmt_million(projection.cases_by_area("service", year)),
                    fmt_million(projection.cases_by_area("overførsler", year)),
                )
            )
        self.warnings.setText("\n".join(projection.warnings))
