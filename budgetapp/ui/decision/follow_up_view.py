"""The follow-up tab of the decision panel: plan against actual per year, success criteria, decision date.

The figures come from :func:`budgetapp.core.follow_up.follow_up_report`; the actual figures are the
case file's ``follow_up.actuals`` (docs/decision-support.md). A case without follow-up shows what
to enter and where. In the case editor the view is bound to the editor's draft (:meth:`bind`) and
gets a :class:`~budgetapp.ui.decision.follow_up_editor.FollowUpEditor` on top: the decision date,
the success criteria and the actual figures are entered there, each edit one undo step.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from budgetapp.core.case import BusinessCase
from budgetapp.core.decision_data import FOLLOW_UP_METRICS
from budgetapp.core.follow_up import FollowUpReport, follow_up_report
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.decision.follow_up_editor import FollowUpEditor
from budgetapp.ui.decision.table import DataTable
from budgetapp.ui.locale import fmt, tr

# metric → (column title, decimals, divide by) for the plan/actual table
YEAR_COLUMNS = (
    ("entrants", "Tilgang", 1, 1.0),
    ("participants", "Deltagere", 1, 1.0),
    ("weeks_on_benefit", "Uger pr. tilgang", 1, 1.0),
    ("spend", "Bruttoudgift (1.000 kr.)", 1, 1000.0),
    ("net_result", "Nettoresultat (1.000 kr.)", 1, 1000.0),
)
NO_FOLLOW_UP = ("Casen har ingen opfølgning endnu. Angiv beslutningsdato, succeskriterier og de faktiske "
                "tal pr. år i casefilens felt follow_up (se docs/decision-support.md); indtil da vises "
                "planen alene.")
NO_FOLLOW_UP_EDITABLE = ("Casen har ingen opfølgning endnu. Angiv beslutningsdato, succeskriterier og de "
                         "faktiske tal pr. år herover; indtil da vises planen alene.")


MONEY_METRICS = ("spend", "net_result", "cumulative_net_result")


def metric_value(metric: str, value: float | None, thousands: bool = True) -> str:
    """A figure of the follow-up: kroner in 1.000 kr. (or whole kr.), persons and weeks with one decimal."""
    if value is None:
        return ""
    if metric in MONEY_METRICS:
        return fmt(value / 1000.0, 1) if thousands else fmt(value, 0)
    return fmt(value, 1)


class FollowUpView(QWidget):
    """Plan against actual per year and the success criteria of one case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: FollowUpReport | None = None
        self.editor: FollowUpEditor | None = None
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.years_table = DataTable(tr("Decision", "Plan og faktisk pr. år (faktisk nettoresultat er "
                                                    "estimeret ud fra de faktiske tal)"))
        self.criteria_table = DataTable(tr("Decision", "Succeskriterier"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._box = layout = QVBoxLayout(self)
        layout.addWidget(self.decision)
        layout.addWidget(self.years_table, 2)
        layout.addWidget(self.criteria_table, 1)
        layout.addWidget(self.note)

    def bind(self, draft: CaseDraft) -> FollowUpEditor:
        """Make the follow-up editable: entries go into ``draft`` (the case editor's)."""
        self.editor = FollowUpEditor(draft)
        results = QWidget()
        box = QVBoxLayout(results)
        box.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.years_table, 2), (self.criteria_table, 1)):
            self._box.removeWidget(widget)
            box.addWidget(widget, stretch)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.editor)
        splitter.addWidget(results)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self._box.insertWidget(1, splitter, 1)
        return self.editor

    def set_case(self, case: BusinessCase, today: dt.date | None = None) -> None:
        self.report = report = follow_up_report(case, today)
        self.decision.setText(f"<b>{report.decision_text()}</b>")
        empty = NO_FOLLOW_UP if self.editor is None else NO_FOLLOW_UP_EDITABLE
        self.note.setText("" if case.follow_up is not None else tr("Decision", empty))

        header = [tr("Decision", "År")]
        for _, title, _, _ in YEAR_COLUMNS:
            header += [tr("Decision", "{0}: plan").format(tr("Decision", title)),
                       tr("Decision", "{0}: faktisk").format(tr("Decision", title))]
        rows, display = [], []
        for year in report.years:
            raw: list[object] = [year.year]
            shown = [str(year.year)]
            for key, _, _, _ in YEAR_COLUMNS:
                raw += [year.plan[key], year.actual[key]]
                shown += [metric_value(key, year.plan[key]), metric_value(key, year.actual[key])]
            rows.append(raw)
            display.append(shown)
        self.years_table.set_rows(header, rows, display)

        header = [tr("Decision", "Kriterium"), tr("Decision", "Mål"), tr("Decision", "Plan"),
                  tr("Decision", "Faktisk"), tr("Decision", "Status")]
        rows, display = [], []
        for result in report.criteria:
            c = result.criterion
            goal = tr("Decision", "{0} {1} {2} i {3}").format(
                tr("Decision", FOLLOW_UP_METRICS.get(c.metric, c.metric)), c.operator.replace(">=", "≥")
                .replace("<=", "≤"), metric_value(c.metric, c.target, thousands=False), c.year)
            rows.append([c.name, goal, result.planned, result.actual, result.status])
            display.append([c.name, goal, metric_value(c.metric, result.planned, thousands=False),
                            metric_value(c.metric, result.actual, thousands=False),
                            tr("Decision", result.status_text)])
        if not report.criteria:
            display = [[tr("Decision", "Ingen succeskriterier angivet"), "", "", "", ""]]
        self.criteria_table.set_rows(header, rows, display)
