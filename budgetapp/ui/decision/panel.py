"""The decision-support panel of a business case: five tabs over the core's analyses.

``DecisionPanel.set_case(case, project_scenarios)`` recomputes everything in a worker thread (a
tornado, a 10.000-draw simulation, the break-even table and the scenarios take well under a second
together for a case of a few segments, ``bench/bench_simulation.py``, and about 3 CPU seconds for
one of 10.000 segments, ``bench/bench_large_case.py``); when only the case's follow-up changed,
only the follow-up tab is redrawn. The Scenarier tab shows the case as entered, the case's own
scenarios and the project's scenarios that change the case (labelled "Projekt: …", as in the
council workbook). A simulation of more than :data:`THREAD_DRAWS` draws runs off the GUI thread
with a progress dialog that can be cancelled (:mod:`budgetapp.ui.tasks`). Errors in the analyses
are shown as Danish text in the panel, never as a traceback.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.appraisal import appraise
from budgetapp.core.break_even import FOUND, break_even_table, default_break_even_paths
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import InputError, InputRef, format_value, key_inputs, resolve
from budgetapp.core.explain import explain_break_even, explain_simulation, explain_tornado
from budgetapp.core.scenarios import (
    ScenarioError,
    ScenarioResult,
    apply_overrides,
    compare_scenarios,
    comparison_table,
)
from budgetapp.core.sensitivity import tornado
from budgetapp.core.simulation import DEFAULT_DRAWS, DEFAULT_SEED, default_estimates, simulate
from budgetapp.ui.decision.charts import FanChart, ScenarioChart, TornadoChart
from budgetapp.ui.decision.follow_up_view import FollowUpView
from budgetapp.ui.decision.table import DataTable
from budgetapp.ui.locale import fmt, fmt_percent, tr
from budgetapp.ui.tasks import TaskCancelled, run_with_progress

ProjectScenarios = tuple[tuple[str, str, dict[str, Any]], ...]   # (name, description, overrides)

# Above this many draws the simulation runs in a worker thread: 100.000 draws take about 0,15 s,
# 1.000.000 about 2,4 s and 0,9 GB (Hillerød, 4 years, on the 2-core development machine).
THREAD_DRAWS = 100_000


def _money(value: float | None) -> str:
    return "" if value is None else fmt(value / 1000.0, 1)


def _text_label(selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def break_even_inputs(case: BusinessCase) -> list[InputRef]:
    """The inputs a break-even value can be found for: the default ones first (saved weeks, segment
    shares, inflow, benefit, total cost), then every other key input and estimated input."""
    paths = [*default_break_even_paths(case), *(r.path for r in key_inputs(case)),
             *(e.path for e in case.uncertainty)]
    refs: list[InputRef] = []
    for path in dict.fromkeys(paths):
        try:
            refs.append(resolve(case, path))
        except InputError:
            continue
    return refs


class DecisionPanel(QWidget):
    """Tornado, fan chart with explanation, break-even, scenario comparison and follow-up of one case."""

    computed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: BusinessCase | None = None
        self.project_scenarios: ProjectScenarios = ()
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # In a scroll area: the tabs need about 700 logical pixels, more than the case editor has at
        # 1366×768 and 150 %; the panel scrolls instead of widening the whole Business cases page.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.tabs)
        layout.addWidget(scroll)

        self.tornado_chart = TornadoChart()
        self.tornado_text = _text_label()
        self._add_page(tr("Decision", "Følsomhed"), self.tornado_chart, self.tornado_text)

        self.fan_chart = FanChart()
        self.explanation = _text_label(selectable=True)
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
        self._add_page(tr("Decision", "Usikkerhed"), controls, self.fan_chart, self.explanation)

        self.break_even_input = QComboBox()
        self.break_even_input.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.break_even_input.currentIndexChanged.connect(lambda _i: self.refresh_break_even())
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(tr("Decision", "Input:")))
        chooser.addWidget(self.break_even_input)
        chooser.addStretch(1)
        self.break_even_table = DataTable(
            tr("Decision", "Break-even: værdien hvor casen netop tjener sig hjem"))
        self.break_even_text = _text_label()
        self._add_page(tr("Decision", "Break-even"), chooser, self.break_even_table, self.break_even_text)

        self.scenario_table = DataTable(tr("Decision", "Scenarier side om side (1.000 kr.)"))
        self.scenario_chart = ScenarioChart()
        self._add_page(tr("Decision", "Scenarier"), self.scenario_table, self.scenario_chart)

        self.follow_up = FollowUpView()
        self.tabs.addTab(self.follow_up, tr("Decision", "Opfølgning"))

        self.simulation = None
        self.tornado = None
        self._busy = False
        self._pending: tuple[BusinessCase, ProjectScenarios] | None = None

    def _add_page(self, title: str, *parts) -> None:
        """A tab of charts/tables (stretching) and text or controls (not stretching), top to bottom."""
        page = QWidget()
        box = QVBoxLayout(page)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                box.addLayout(part)
            else:
                box.addWidget(part, 0 if isinstance(part, QLabel) else 1)
        self.tabs.addTab(page, title)

    # --- computing --------------------------------------------------------------------------

    def set_case(self, case: BusinessCase, project_scenarios: ProjectScenarios = ()) -> None:
        """Show ``case``; ``project_scenarios`` are the project's scenarios that change it.

        The analyses run in a worker thread (:func:`run_with_progress`): the window keeps
        repainting and answering, and after a moment a progress dialog offers "Annullér", which
        stops between the steps (tornado, simulation, each break-even input, scenarios). A case
        that arrives while a run is going is computed right after it.
        """
        previous, previous_scenarios = self.case, self.project_scenarios
        if self._busy:
            self._pending = (case, tuple(project_scenarios))
            return
        self.case, self.project_scenarios = case, tuple(project_scenarios)
        if previous is not None and self.project_scenarios == previous_scenarios and \
                dataclasses.replace(previous, follow_up=None) == dataclasses.replace(case, follow_up=None):
            self.follow_up.set_case(case)   # a follow-up entry: the analyses do not depend on it
            self.computed.emit()
            return
        self._fill_break_even_inputs()
        self._busy = True
        try:
            results = self._analyse(case)
        finally:
            self._busy = False
        if results is not None:
            self._show_tornado(results.get("tornado"))
            self._show_simulation(case, results.get("simulation"))
            self._show_break_even(results.get("break_even"))
            self.refresh_scenarios()
        self.follow_up.set_case(case)
        self.computed.emit()
        pending, self._pending = self._pending, None
        if pending is not None and pending != (self.case, self.project_scenarios):
            self.set_case(*pending)

    def _analyse(self, case: BusinessCase) -> dict[str, Any] | None:
        """Tornado, simulation and break-even of ``case`` in a worker; None when cancelled."""
        draws, seed = self.draws.value(), self.seed.value()
        path = self.break_even_input.currentData()
        estimates = None if case.uncertainty else default_estimates(case)

        def work(progress, cancelled) -> dict[str, Any]:
            out: dict[str, Any] = {}
            try:
                out["tornado"] = tornado(case)
            except InputError as exc:
                out["tornado"] = exc
            progress(1, 4)
            if cancelled():
                raise TaskCancelled()
            try:
                out["simulation"] = simulate(case, draws=draws, seed=seed, estimates=estimates)
            except (InputError, MemoryError) as exc:
                out["simulation"] = exc
            progress(2, 4)
            paths = [path] if path is not None else default_break_even_paths(case)
            table = []
            try:
                for i, one in enumerate(paths):
                    if cancelled():
                        raise TaskCancelled()
                    table += break_even_table(case, [one])
                    progress(2 + (i + 1) / max(1, len(paths)), 4)
                out["break_even"] = table
            except InputError as exc:
                out["break_even"] = exc
            return out

        try:
            return run_with_progress(self, tr("Decision", "Beslutningsstøtte"),
                                     tr("Decision", "Beregner følsomhed, simulering og break-even …"), work)
        except TaskCancelled:
            message = tr("Decision", "Beregningen blev annulleret; tryk 'Beregn igen' for at køre den.")
            for label in (self.tornado_text, self.explanation, self.break_even_text):
                label.setText(message)
            return None

    def refresh_tornado(self) -> None:
        try:
            self._show_tornado(tornado(self.case))
        except InputError as exc:
            self._show_tornado(exc)

    def _show_tornado(self, result) -> None:
        if isinstance(result, Exception):
            self.tornado_text.setText(tr("Decision", "Følsomheden kan ikke beregnes: {0}").format(result))
            return
        if result is None:
            return
        self.tornado = result
        self.tornado_chart.set_tornado(self.tornado)
        self.tornado_text.setText(explain_tornado(self.tornado).replace("\n", "<br>"))

    def refresh_simulation(self) -> None:
        if self.case is None:
            return
        case = self.case
        estimates = None if case.uncertainty else default_estimates(case)
        draws, seed = self.draws.value(), self.seed.value()
        try:
            if draws <= THREAD_DRAWS:
                result = simulate(case, draws=draws, seed=seed, estimates=estimates)
            else:
                result = run_with_progress(
                    self, tr("Decision", "Simulering"),
                    tr("Decision", "Beregner casen {0} gange …").format(fmt(draws)),
                    lambda _progress, _cancelled: simulate(case, draws=draws, seed=seed,
                                                           estimates=estimates))
        except InputError as exc:
            self.explanation.setText(tr("Decision", "Simuleringen kan ikke køres: {0}").format(exc))
            return
        except TaskCancelled:
            self.explanation.setText(tr("Decision", "Simuleringen blev annulleret; figuren viser den "
                                                    "forrige beregning."))
            return
        except MemoryError:
            self.explanation.setText(tr("Decision", "Der er ikke hukommelse nok til {0} beregninger; "
                                                    "vælg færre.").format(fmt(draws)))
            return
        if self.case is not case:  # the case changed while the worker ran; its own run follows
            return
        self._show_simulation(case, result)

    def _show_simulation(self, case: BusinessCase, result) -> None:
        if isinstance(result, InputError):
            self.explanation.setText(tr("Decision", "Simuleringen kan ikke køres: {0}").format(result))
            return
        if isinstance(result, MemoryError):
            self.explanation.setText(tr("Decision", "Der er ikke hukommelse nok til {0} beregninger; "
                                                    "vælg færre.").format(fmt(self.draws.value())))
            return
        if result is None:
            return
        note = "" if case.uncertainty else tr(
            "Decision", "Casen har ingen trepunktsestimater; her er de vigtigste input varieret ±20 % "
                        "omkring de indtastede værdier.") + "\n"
        self.simulation = result
        self.fan_chart.set_simulation(self.simulation, cumulative=self.cumulative.isChecked())
        self.explanation.setText(note + explain_simulation(self.simulation, case))

    def _fill_break_even_inputs(self) -> None:
        """Every input a break-even value can be found for; keeps the chosen one if it is still there."""
        combo = self.break_even_input
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(tr("Decision", "Standardinput (alle i tabellen)"), None)
        try:
            refs = break_even_inputs(self.case)
        except InputError:
            refs = []
        for ref in refs:
            combo.addItem(ref.label, ref.path)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh_break_even(self) -> None:
        if self.case is None:
            return
        path = self.break_even_input.currentData()
        case = self.case
        try:
            table = run_with_progress(
                self, tr("Decision", "Break-even"), tr("Decision", "Finder break-even …"),
                lambda _progress, _cancelled: break_even_table(case, None if path is None else [path]))
        except InputError as exc:
            table = exc
        except TaskCancelled:
            self.break_even_text.setText(tr("Decision", "Beregningen blev annulleret."))
            return
        if self.case is case:
            self._show_break_even(table)

    def _show_break_even(self, table) -> None:
        if isinstance(table, InputError):
            self.break_even_text.setText(tr("Decision", "Break-even kan ikke beregnes: {0}").format(table))
            return
        if table is None:
            return
        path = self.break_even_input.currentData()
        budget_label = tr("Decision", "Inden for budgetperioden")
        horizon_label = tr("Decision", "Inden for hele perioden")
        header = [tr("Decision", "Input"), tr("Decision", "Indtastet"), budget_label, horizon_label]
        rows, display, sentences = [], [], []
        for budget, horizon in table:
            rows.append([budget.label, budget.base_value, budget.value, horizon.value])
            display.append([budget.label, format_value(budget.kind, budget.base_value),
                            self._cell(budget), self._cell(horizon)])
            sentences.append(explain_break_even(budget))
            if path is not None:
                sentences.append(explain_break_even(horizon))
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
        problems = []
        for name, _description, overrides in self.project_scenarios:
            label = tr("Decision", "Projekt: {0}").format(name)
            try:
                variant = apply_overrides(self.case, overrides)
            except ScenarioError as exc:
                problems.append(tr("Decision", "Projektets scenarie '{0}' kan ikke bruges på casen: {1}")
                                .format(name, "; ".join(f"{f}: {m}" for f, m in exc.pairs)))
                continue
            results.append(ScenarioResult(label, self.case.name, name, appraise(variant)))
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
        display += [[problem, *[""] * len(results)] for problem in problems]
        self.scenario_table.set_rows(header, rows, display)
        self.scenario_chart.set_results(results)
