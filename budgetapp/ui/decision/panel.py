"""The decision-support panel of a business case: four tabs over the core's analyses.

``DecisionPanel.set_case(case)`` recomputes everything (a tornado, a 10.000-draw simulation, the
break-even table and the scenarios take well under a second together, see
``bench/bench_simulation.py``). Errors in the analyses are shown as Danish text in the panel,
never as a traceback.
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.break_even import FOUND, break_even_table
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import InputError, format_value
from budgetapp.core.explain import explain_break_even, explain_simulation, explain_tornado
from budgetapp.core.scenarios import ScenarioError, compare_scenarios, comparison_table
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import DEFAULT_DRAWS, DEFAULT_SEED, default_estimates, simulate
from budgetapp.ui.decision.charts import FanChart, ScenarioChart, TornadoChart
from budgetapp.ui.locale import fmt, fmt_percent, tr


class DataTable(QWidget):
    """A read-only table with an "Eksportér data (CSV)" button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.header: list[str] = []
        self.rows: list[list[object]] = []
        self.display: list[list[str]] = []
        button = QPushButton(tr("Decision", "Eksportér data (CSV)"))
        button.clicked.connect(self._ask_and_export)
        head = QHBoxLayout()
        head.addWidget(QLabel(f"<b>{title}</b>"), 1)
        head.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)

    def set_rows(self, header: list[str], rows: list[list[object]], display: list[list[str]]) -> None:
        self.header, self.rows, self.display = header, rows, display
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(display))
        self.table.setHorizontalHeaderLabels(header)
        for r, row in enumerate(display):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def export_csv(self, path: str | Path) -> None:
        """Semicolon-separated with decimal comma (Danish Excel), the unrounded numbers."""
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(self.header)
            for row in self.rows:
                writer.writerow([fmt(v, 4).replace(".", "") if isinstance(v, float)
                                 else ("" if v is None else str(v)) for v in row])

    def _ask_and_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Decision", "Eksportér data"), "data.csv",
                                              tr("Decision", "CSV-fil (*.csv)"))
        if path:
            try:
                self.export_csv(path)
            except OSError as exc:
                QMessageBox.warning(self, tr("Decision", "Kunne ikke gemme"), str(exc.strerror or exc))


def _money(value: float | None) -> str:
    return "" if value is None else fmt(value / 1000.0, 1)


class DecisionPanel(QWidget):
    """Tornado, fan chart with explanation, break-even table and scenario comparison of one case."""

    computed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: BusinessCase | None = None
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        # Følsomhed
        self.tornado_chart = TornadoChart()
        self.tornado_text = QLabel()
        self.tornado_text.setWordWrap(True)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.tornado_chart, 1)
        box.addWidget(self.tornado_text)
        self.tabs.addTab(page, tr("Decision", "Følsomhed"))

        # Usikkerhed
        self.fan_chart = FanChart()
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.draws = QSpinBox()
        self.draws.setRange(100, 1_000_000)
        self.draws.setSingleStep(1000)
        self.draws.setValue(DEFAULT_DRAWS)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(DEFAULT_SEED)
        self.cumulative = QCheckBox(tr("Decision", "Akkumuleret"))
        rerun = QPushButton(tr("Decision", "Beregn igen"))
        rerun.clicked.connect(self.refresh_simulation)
        self.cumulative.toggled.connect(self.refresh_simulation)
        controls = QHBoxLayout()
        controls.addWidget(QLabel(tr("Decision", "Beregninger:")))
        controls.addWidget(self.draws)
        controls.addWidget(QLabel(tr("Decision", "Frø:")))
        controls.addWidget(self.seed)
        controls.addWidget(self.cumulative)
        controls.addStretch(1)
        controls.addWidget(rerun)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addLayout(controls)
        box.addWidget(self.fan_chart, 1)
        box.addWidget(self.explanation)
        self.tabs.addTab(page, tr("Decision", "Usikkerhed"))

        # Break-even
        self.break_even_table = DataTable(
            tr("Decision", "Break-even: værdien hvor casen netop tjener sig hjem"))
        self.break_even_text = QLabel()
        self.break_even_text.setWordWrap(True)
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.break_even_table, 1)
        box.addWidget(self.break_even_text)
        self.tabs.addTab(page, tr("Decision", "Break-even"))

        # Scenarier
        self.scenario_table = DataTable(tr("Decision", "Scenarier side om side (1.000 kr.)"))
        self.scenario_chart = ScenarioChart()
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(self.scenario_table, 1)
        box.addWidget(self.scenario_chart, 1)
        self.tabs.addTab(page, tr("Decision", "Scenarier"))

        self.simulation = None
        self.tornado = None

    # --- computing --------------------------------------------------------------------------

    def set_case(self, case: BusinessCase) -> None:
        self.case = case
        self.refresh_tornado()
        self.refresh_simulation()
        self.refresh_break_even()
        self.refresh_scenarios()
        self.computed.emit()

    def refresh_tornado(self) -> None:
        try:
            self.tornado = tornado(self.case)
        except InputError as exc:
            self.tornado_text.setText(tr("Decision", "Følsomheden kan ikke beregnes: {0}").format(exc))
            return
        self.tornado_chart.set_tornado(self.tornado)
        self.tornado_text.setText(explain_tornado(self.tornado).replace("\n", "<br>"))

    def refresh_simulation(self) -> None:
        if self.case is None:
            return
        note = ""
        estimates = None
        if not self.case.uncertainty:
            estimates = default_estimates(self.case)
            note = tr("Decision", "Casen har ingen trepunktsestimater; her er de vigtigste input "
                                  "varieret ±20 % omkring de indtastede værdier.") + "\n"
        try:
            self.simulation = simulate(self.case, draws=self.draws.value(), seed=self.seed.value(),
                                       estimates=estimates)
        except InputError as exc:
            self.explanation.setText(tr("Decision", "Simuleringen kan ikke køres: {0}").format(exc))
            return
        self.fan_chart.set_simulation(self.simulation, cumulative=self.cumulative.isChecked())
        self.explanation.setText(note + explain_simulation(self.simulation))

    def refresh_break_even(self) -> None:
        try:
            table = break_even_table(self.case)
        except InputError as exc:
            self.break_even_text.setText(tr("Decision", "Break-even kan ikke beregnes: {0}").format(exc))
            return
        budget_label = tr("Decision", "Inden for budgetperioden")
        horizon_label = tr("Decision", "Inden for hele perioden")
        header = [tr("Decision", "Input"), tr("Decision", "Indtastet"), budget_label, horizon_label]
        rows, display, sentences = [], [], []
        for budget, horizon in table:
            rows.append([budget.label, budget.base_value, budget.value, horizon.value])
            display.append([budget.label, format_value(budget.kind, budget.base_value),
                            self._cell(budget), self._cell(horizon)])
            sentences.append(explain_break_even(budget))
        self.break_even_table.set_rows(header, rows, display)
        self.break_even_text.setText("<br>".join(sentences))

    @staticmethod
    def _cell(be) -> str:
        if be.status == FOUND:
            word = tr("Decision", "mindst") if be.direction == "min" else tr("Decision", "højst")
            return f"{word} {format_value(be.kind, be.value)}"
        if be.status == "always":
            return tr("Decision", "altid (hele området)")
        return tr("Decision", "ingen værdi virker")

    def refresh_scenarios(self) -> None:
        try:
            results = compare_scenarios(self.case)
        except ScenarioError as exc:
            message = tr("Decision", "Et scenarie er ugyldigt: {0}").format(exc)
            self.scenario_table.set_rows([""], [], [[message]])
            return
        header, rows = comparison_table(results)
        display = []
        for row in rows:
            label, values = row[0], row[1:]
            if label == "Tilbagebetalingsår":
                cells = [str(v) if v is not None else tr("Decision", "ikke i perioden") for v in values]
            elif label.startswith("Break-even"):
                cells = [fmt_percent(v, 1) for v in values]
            else:
                cells = [_money(v) for v in values]
            display.append([tr("Decision", label), *cells])
        self.scenario_table.set_rows(header, rows, display)
        self.scenario_chart.set_results(results)
