"""Puljer: the project's pool grants, their years, and the cases they fund."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.commands import SetPoolYear
from budgetapp.ui.charts import COST_COLOR, SAVING_COLOR, MoneyByYearChart
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt, fmt_kr, fmt_percent, tr
from budgetapp.ui.models.grid import GridModel, GridRow
from budgetapp.ui.models.pools import remove_pool
from budgetapp.ui.pages.base import Page, heading, table_view
from budgetapp.ui.pages.budget import page_action, run_dialog
from budgetapp.ui.pool_dialog import PoolDialog


def _view(model: GridModel) -> QTableView:
    view = table_view(model, editable=True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return view


class PoolChart(MoneyByYearChart):
    """A pool's expense (incl. application and administration) against its grant income, per year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Pools", "Udgift og tilskud pr. år"), parent)
        self.cost_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=COST_COLOR, pen=pg.mkPen(None),
                                         name=tr("Pools", "Udgift inkl. ansøgning og administration"))
        self.income_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=SAVING_COLOR,
                                           pen=pg.mkPen(None), name=tr("Pools", "Tilskud (indtægt)"))
        self.plot.addItem(self.cost_bars)
        self.plot.addItem(self.income_bars)
        self.cost: list[float] = []
        self.income: list[float] = []

    def set_pool(self, years: list[int], cost: list[float], income: list[float]) -> None:
        self.cost, self.income = cost, income
        self.set_years(years, cost + income)
        x = np.array(years, dtype=float)
        self.cost_bars.setOpts(x=x - 0.2, height=np.array(cost))
        self.income_bars.setOpts(x=x + 0.2, height=np.array(income))
        self.show_years(0.6)
        self.plot.setYRange(0, max([*cost, *income, 1.0]) * 1.3, padding=0)

    def data_table(self):
        header = [tr("Pools", "År"), tr("Pools", "Udgift (kr.)"), tr("Pools", "Tilskud (kr.)")]
        return header, [[y, c, i] for y, c, i in zip(self.years, self.cost, self.income, strict=True)]

    def readout_at(self, x: float) -> str:
        i = self.year_index(x)
        if i is None:
            return ""
        return tr("Pools", "{0}: udgift {1} {3}, tilskud {2} {3}").format(
            self.years[i], fmt(self.cost[i] / self.divisor, 1), fmt(self.income[i] / self.divisor, 1),
            self.unit)


class PoolsPage(Page):
    title = "Puljer"
    key = "puljer"
    scopes = ("pools", "cases")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.pools_model = GridModel(self)
        self.years_model = GridModel(self)
        self.pools_view = _view(self.pools_model)
        self.years_view = _view(self.years_model)
        self.years_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pools_view.setMaximumHeight(150)
        self.pools_view.selectionModel().currentRowChanged.connect(lambda cur, _p: self._show_pool(cur.row()))
        self.pools_view.doubleClicked.connect(lambda _index: self.edit_pool())
        self.dialog_hook: Callable[[QDialog], None] | None = None
        self.toolbar = self._build_toolbar()
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.pools_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.detail)
        lower_layout.addWidget(self.years_view, 1)
        self.years_model.edit_handler = self._edit_year
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.years_model.rejected.connect(self.message.setText)
        lower_layout.addWidget(self.message)
        self.current_row = 0
        self.chart = PoolChart()
        lower_layout.addWidget(self.chart, 2)
        splitter.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                tr("Pools", "Puljer"),
                tr(
                    "Pools",
                    "Statslige puljer: tilskudsprocent, egenfinansiering, udgift og "
                    "indtægt pr. år (indtægten kan falde i et andet år), ansøgnings- "
                    "og administrationsomkostninger og de årsværk puljen finansierer. "
                    "Dobbeltklik på en pulje for at rette dens oplysninger og på et tal pr. år for at rette "
                    "det; importér puljer under Filer › Importér.",
                ),
            )
        )
        layout.addWidget(self.toolbar)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        project = self.document.project
        rows = []
        for pool in project.pools:
            funded = ", ".join(project.cases_funded_by(pool.id)) or tr("Pools", "(ingen case)")
            period = (
                f"{pool.start_date.strftime('%d.%m.%Y') if pool.start_date else ''} – "
                f"{pool.end_date.strftime('%d.%m.%Y') if pool.end_date else ''}"
            )
            rows.append(
                GridRow(
                    pool.name,
                    [
                        pool.grantor,
                        period,
                        fmt_percent(pool.grant_rate),
                        float(pool.eligible_cost),
                        float(pool.grant),
                        float(pool.cofinancing),
                        funded,
                    ],
                    tooltip=pool.source,
                )
            )
        self.pools_model.set_grid(
            [
                tr("Pools", "Tilskudsgiver"),
                tr("Pools", "Periode"),
                tr("Pools", "Tilskud"),
                tr("Pools", "Tilskudsberettiget (1.000 kr.)"),
                tr("Pools", "Tilskud (1.000 kr.)"),
                tr("Pools", "Egenfinansiering (1.000 kr.)"),
                tr("Pools", "Finansierer case"),
            ],
            rows,
        )
        if project.pools:
            row = min(self.current_row, len(project.pools) - 1)
            self.pools_view.selectRow(row)
            self._show_pool(row)
        else:
            self.detail.setText(tr("Pools", "Projektet har ingen puljer."))
            self.years_model.set_grid([], [])

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(tr("Pools", "Puljer"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = page_action(self, tr("Pools", "Ny pulje …"), self.new_pool, ("Ctrl+Ins", "Ctrl++"),
                                      tr("Pools", "Opret en pulje"))
        self.edit_action = page_action(
            self, tr("Pools", "Ret pulje …"), self.edit_pool, ("Ctrl+Shift+E",),
            tr("Pools", "Ret navn, tilskudsgiver, periode, tilskudsprocent og cases"))
        self.remove_action = page_action(self, tr("Pools", "Fjern pulje"), self.delete_pool,
                                         ("Ctrl+Del", "Ctrl+-"), tr("Pools", "Fjern den markerede pulje"))
        for action in (self.new_action, self.edit_action, self.remove_action):
            bar.addAction(action)
        return bar

    def new_pool(self) -> None:
        if run_dialog(self, PoolDialog(self.document, None, self)):
            self.current_row = len(self.document.project.pools) - 1
            self.refresh_now()

    def edit_pool(self) -> None:
        if not self.document.project.pools:
            self.message.setText(tr("Pools", "Projektet har ingen puljer; opret en med Ny pulje."))
            return
        run_dialog(self, PoolDialog(self.document, self.current_row, self))

    def delete_pool(self) -> None:
        project = self.document.project
        if not project.pools:
            return
        index = min(self.current_row, len(project.pools) - 1)
        pool = project.pools[index]
        funded = project.cases_funded_by(pool.id)
        if funded:
            answer = QMessageBox.question(
                self,
                tr("Pools", "Fjern pulje"),
                tr(
                    "Pools",
                    "Puljen «{0}» finansierer business casen {1}. Fjernes puljen, mister casen sin "
                    "puljefinansiering ({2} kr. i alt), og casens nettoudgift stiger tilsvarende.\n\n"
                    "Fjern puljen? Du kan fortryde med Ctrl+Z.",
                ).format(pool.name, ", ".join(f"«{n}»" for n in funded), fmt_kr(pool.total_income)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        remove_pool(self.document, index)
        self.current_row = max(0, min(index, len(self.document.project.pools) - 1))
        self.refresh_now()

    def _edit_year(self, row: GridRow, column: int, value: float) -> str | None:
        """Change one figure of one year of the shown pool (one undo step); None when accepted."""
        pool = self.document.project.pools[self.current_row]
        year = pool.year_labels[column]
        issues = self.document.run(SetPoolYear(self.current_row, year, row.key, value, row.label))
        return "; ".join(i.message for i in issues) or None

    def _show_pool(self, row: int) -> None:
        pools = self.document.project.pools
        if not 0 <= row < len(pools):
            return
        self.current_row = row
        pool = pools[row]
        years = pool.year_labels
        self.detail.setText(
            tr("Pools", "<b>{0}</b> (id {1}) — konto {2}. {3}").format(
                pool.name, pool.id, pool.account or "–", pool.source
            )
        )
        lines = [
            ("expense", tr("Pools", "Udgift (1.000 kr.)")),
            ("income", tr("Pools", "Indtægt, tilskud (1.000 kr.)")),
            ("application_cost", tr("Pools", "Ansøgningsomkostning (1.000 kr.)")),
            ("administration_cost", tr("Pools", "Administrationsomkostning (1.000 kr.)")),
        ]
        rows = [GridRow(label, [float(getattr(pool.year(y), key)) for y in years], key=key, editable=True,
                        field="pools[].years[]")
                for key, label in lines]
        net = pool.net_by_year()
        rows.append(
            GridRow(
                tr("Pools", "Netto for kommunen (1.000 kr.)"),
                [float(net.get(y, 0.0)) for y in years],
                bold=True,
            )
        )
        rows.append(
            GridRow(
                tr("Pools", "Årsværk finansieret"),
                [float(pool.year(y).staff_fte) for y in years],
                divisor=1.0,
                decimals=1,
                key="staff_fte",
                editable=True,
            )
        )
        self.years_model.set_grid([str(y) for y in years], rows)
        self.years_view.setFixedHeight(22 * (len(rows) + 1) + 24)
        self.chart.set_pool(
            years,
            [pool.year(y).expense + pool.year(y).application_cost + pool.year(y).administration_cost
             for y in years],
            [pool.year(y).income for y in years])
