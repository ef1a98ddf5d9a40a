"""Import: read a workbook off the GUI thread, show its validation report, then apply or not.

Nothing in the project changes until the user has seen the report and pressed *Importér*; a
file with any error cannot be imported at all. An applied import is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.project import Project
from budgetapp.io.import_report import ImportReport
from budgetapp.ui.locale import tr
from budgetapp.ui.models.report import ReportModel


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: str  # "Basisbudget"
    read: Callable[[Path, Project, Callable[[], bool], Callable[[int, int], None]], Any]
    apply: Callable[[Project, Any], Project]


def import_kinds() -> dict[str, ImportKind]:
    from budgetapp.io.import_budget import apply_budget_import, read_budget
    from budgetapp.io.import_pools import apply_pool_import, read_pools
    from budgetapp.io.import_unit_costs import apply_unit_cost_import, read_unit_costs

    return {
        "budget": ImportKind(
            "budget",
            tr("Import", "Basisbudget"),
            lambda path, project, cancel, progress: read_budget(
                path, dict(project.budget.group_names), cancel=cancel, progress=progress
            ),
            apply_budget_import,
        ),
        "unitcosts": ImportKind(
            "unitcosts",
            tr("Import", "Enhedsudgifter"),
            lambda path, project, cancel, _progress: read_unit_costs(
                path, dict(project.budget.group_names), cancel=cancel
            ),
            apply_unit_cost_import,
        ),
        "pools": ImportKind(
            "pools",
            tr("Import", "Puljer"),
            lambda path, _project, cancel, _progress: read_pools(path, cancel=cancel),
            apply_pool_import,
        ),
    }


class ImportReportDialog(QDialog):
    """The report of one import; *Importér* only when there are no errors."""

    def __init__(self, report: ImportReport, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Import", "Import af {0}").format(title.lower()))
        self.resize(820, 480)
        self.report = report
        heading = QLabel(tr("Import", "<b>Kontrol af {0}</b>").format(report.source or title))
        notes = QLabel("\n".join(report.notes))
        notes.setWordWrap(True)
        self.summary = QLabel(report.summary())
        self.summary.setWordWrap(True)
        color = "#c62828" if report.has_errors else ("#e65100" if report.warning_count else "#2e7d32")
        self.summary.setStyleSheet(f"color: {color}; font-weight: 600;")
        self.model = ReportModel(report, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        hidden = report.error_count + report.warning_count - len(report.problems)
        more = QLabel(tr("Import", "… og {0} problemer mere.").format(hidden)) if hidden > 0 else None
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            tr("Import", "Importér"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(
            tr("Import", "Annullér") if report.ok else tr("Import", "Luk"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.import_button.setEnabled(report.ok)
        if not report.ok:
            self.import_button.setToolTip(
                tr("Import", "Ret fejlene i filen og importér igen. Intet er ændret i projektet.")
            )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if report.notes:
            layout.addWidget(notes)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        if more is not None:
            layout.addWidget(more)
        layout.addWidget(self.buttons)
