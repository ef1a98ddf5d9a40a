"""Basisbudget: the base budget by target group and year (editable), and job-centre operation."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr
from budgetapp.ui.models.budget import BudgetModel, OperationModel
from budgetapp.ui.pages.base import Page, heading, table_view


def _table(model) -> QTableView:
    view = table_view(model, editable=True)
    view.setAlternatingRowColors(True)
    return view


class BudgetPage(Page):
    title = "Basisbudget"
    key = "basisbudget"
    scopes = ("budget",)

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.model = BudgetModel(document, self)
        self.operation_model = OperationModel(document, self)
        self.table = _table(self.model)
        self.operation_table = _table(self.operation_model)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.model.rejected.connect(self.message.setText)
        self.operation_model.rejected.connect(self.message.setText)
        self.summary = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(
            QLabel(
                tr(
                    "Budget",
                    "<b>Forsørgelse og beskæftigelsesindsats pr. målgruppe og år"
                    "</b> — dobbeltklik på en hvid celle for at rette",
                )
            )
        )
        top_layout.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel(tr("Budget", "<b>Jobcenterdrift (HK6)</b> — ingen refusion")))
        bottom_layout.addWidget(self.operation_table)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        self.header = heading(tr("Budget", "Basisbudget"), "")
        layout.addWidget(self.header)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

    def set_document(self, document: Document) -> None:
        # Reset the tables at once: a hidden table is still asked for its size before it is shown,
        # and rows of the previous project must not be looked up in the new one.
        self.model.document = document
        self.operation_model.document = document
        self.model.reload()
        self.operation_model.reload()
        super().set_document(document)

    def refresh(self) -> None:
        budget = self.document.project.budget
        self.model.reload()
        self.operation_model.reload()
        sub = self.header.findChildren(QLabel)
        if len(sub) > 1:
            sub[1].setText(
                tr(
                    "Budget",
                    "{0}, budgetår {1}, {2} p/l. {3} målgrupper, år {4}. Ændringer kan fortrydes med Ctrl+Z.",
                ).format(
                    budget.municipality,
                    budget.budget_year,
                    budget.price_level_year,
                    len(budget.target_groups),
                    f"{budget.years[0]}–{budget.years[-1]}" if budget.years else "–",
                )
            )
        else:
            self.header.layout().addWidget(QLabel())
            self.refresh()
