"""The result side of the case editor: key figures, the table per year (with "I alt", the tail
after the horizon, the split by styringsområde and by effect) and the three charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.appraisal import Appraisal
from budgetapp.core.case import BusinessCase
from budgetapp.ui.case_charts import CumulativeChart, PathsChart, SavingCostChart
from budgetapp.ui.locale import fmt, fmt_kr, fmt_percent, tr
from budgetapp.ui.models.results import ResultsModel

ROW_HEIGHT = 22


class CaseResults(QWidget):
    """Key figures and the table per year of one appraisal, and its three charts.

    The charts live in :attr:`charts` (a separate widget) so the editor can lay them out in a
    row under the inputs and the table.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #e65100;")
        self.warnings.hide()
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.model.modelReset.connect(self.table.resizeColumnsToContents)
        header.setMinimumSectionSize(52)
        # Long row labels are cut with "…" (full text as tooltip) so the years keep their room.
        self.table.verticalHeader().setMaximumWidth(180)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.tail_note = QLabel()
        self.tail_note.setWordWrap(True)
        self.tail_note.setStyleSheet("color: #37474f;")
        self.saving_chart = SavingCostChart()
        self.cumulative_chart = CumulativeChart()
        self.paths_chart = PathsChart()
        self.charts = QWidget()
        charts = QHBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        charts.addWidget(self.saving_chart)
        charts.addWidget(self.cumulative_chart)
        charts.addWidget(self.paths_chart)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        self.unit_label = QLabel(
            tr("CaseEditor", "<b>Resultat pr. år</b> for kommunen efter refusion (1.000 kr.)")
        )
        self.unit_label.setWordWrap(True)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.table)
        layout.addWidget(self.tail_note)
        layout.addStretch(1)
        self._layout = layout
        self.appraisal: Appraisal | None = None

    def embed_charts(self, charts: QWidget) -> None:
        """Show the charts under the table (the stacked layout of a narrow editor)."""
        charts.layout().setDirection(QBoxLayout.Direction.TopToBottom)
        charts.setMinimumHeight(3 * 240)
        self._layout.insertWidget(self._layout.count() - 1, charts)

    def table_width(self) -> int:
        """The width the table needs to show every column without scrolling (logical pixels)."""
        header = self.table.verticalHeader()
        width = min(header.sizeHint().width(), header.maximumWidth())
        return width + self.table.horizontalHeader().length() + 2 * self.table.frameWidth() + 4

    def _fit_table(self) -> None:
        """Every row visible (the table does not scroll vertically; the editor's pane does)."""
        rows = self.model.rowCount()
        bar = self.table.horizontalScrollBar().sizeHint().height()
        self.table.setFixedHeight(ROW_HEIGHT * rows + self.table.horizontalHeader().sizeHint().height()
                                  + bar + 4)

    def set_price_level(self, case_level: int, project_level: int) -> None:
        """Say which p/l the figures are in; the overview and the workbook use the project's."""
        text = tr("CaseEditor", "<b>Resultat pr. år</b> for kommunen efter refusion (1.000 kr., {0} p/l)")
        text = text.format(case_level)
        if case_level != project_level:
            text += tr(
                "CaseEditor", " – casens eget prisniveau; Overblik og byrådsmappen omregner til {0} p/l"
            ).format(project_level)
        self.unit_label.setText(text)

    def show_error(self, message: str) -> None:
        self.appraisal = None
        self.model.set_appraisal(None)
        self.summary.setText(tr("CaseEditor", "Casen kan ikke beregnes: {0}").format(message))

    def show_appraisal(self, appraisal: Appraisal | None, case: BusinessCase | None, stale: bool) -> None:
        self.appraisal = appraisal
        self.model.set_appraisal(appraisal, stale)
        self.table.resizeColumnsToContents()
        self._fit_table()
        if appraisal is None or case is None:
            self.summary.setText(tr("CaseEditor", "Ingen business case valgt."))
            self.tail_note.setText("")
            return
        self.saving_chart.set_appraisal(appraisal)
        self.cumulative_chart.set_appraisal(appraisal)
        payback = (
            tr("CaseEditor", "tilbagebetalt i {0} ({1}. år)").format(
                appraisal.payback_year, appraisal.payback_years
            )
            if appraisal.payback_year is not None
            else tr("CaseEditor", "betaler sig ikke tilbage i perioden")
        )
        total = sum(appraisal.series["net_result"])
        break_even = (
            "–"
            if appraisal.break_even_effect_share is None
            else fmt_percent(appraisal.break_even_effect_share, 0)
        )
        timing = (tr("CaseEditor", "kalendertid") if case.timing == "calendar"
                  else tr("CaseEditor", "indgangsår"))
        self.summary.setText(
            tr(
                "CaseEditor",
                "<span style='font-size:13pt'><b>Nettoresultat {0}–{1}: {2} kr.</b></span><br>"
                "Tilbagebetaling: {3}<br>Nutidsværdi ({4} rente): {5} kr.<br>"
                "Break-even: {6} af den forventede effekt<br>Helårspersoner i indsatsen: {7}"
                "<br>Tidsfæstelse: {8}",
            ).format(
                appraisal.years[0],
                appraisal.years[-1],
                fmt_kr(total),
                payback,
                fmt_percent(case.discount_rate, 1),
                fmt_kr(appraisal.npv),
                break_even,
                fmt(appraisal.full_year_persons_in_effort, 1),
                timing,
            )
        )
        tail = (appraisal.after_horizon.get("municipal_saving", 0.0)
                - appraisal.after_horizon.get("employment_grant_clawback", 0.0))
        self.tail_note.setText(tr(
            "CaseEditor", "Efter perioden: periodens tilgang sparer kommunen yderligere {0} kr. efter "
                          "{1} (kolonnen 'Efter perioden'). Det er ikke med i periodens resultat, "
                          "tilbagebetaling eller nutidsværdi.").format(fmt_kr(tail), appraisal.years[-1])
            if abs(tail) >= 0.5 else tr("CaseEditor", "Intet falder efter periodens sidste år."))
        self.warnings.setText("\n".join(appraisal.warnings))
        self.warnings.setVisible(bool(appraisal.warnings))
