"""Basisbudget: the base budget by target group and year (editable), and job-centre operation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QSplitter,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from budgetapp.ui.budget_dialogs import GroupYearDialog, OperationLineDialog
from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr
from budgetapp.ui.models.budget import (
    BudgetModel,
    OperationModel,
    add_budget_year,
    remove_budget_year,
    remove_group_years,
    remove_operation_lines,
)
from budgetapp.ui.pages.base import Page, heading, table_view


def _table(model) -> QTableView:
    view = table_view(model, editable=True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    return view


def page_action(
    parent: QWidget, text: str, slot: Callable[[], object], shortcuts: tuple[str, ...] = (), tip: str = ""
) -> QAction:
    """A toolbar action of a page; its shortcuts work while the page is shown (the tooltip names them)."""
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    keys = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
    action.setToolTip(f"{tip or text} ({keys})" if keys else (tip or text))
    action.triggered.connect(lambda _checked=False: slot())
    return action


def run_dialog(page: QWidget, dialog: QDialog) -> bool:
    """Show ``dialog``; a test sets ``page.dialog_hook`` to fill and close it instead of a user."""
    hook = getattr(page, "dialog_hook", None)
    if hook is not None:
        hook(dialog)
    else:
        dialog.exec()
    return dialog.result() == QDialog.DialogCode.Accepted


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
        self.dialog_hook: Callable[[QDialog], None] | None = None
        self.last_table: QTableView = self.table
        self.table.installEventFilter(self)
        self.operation_table.installEventFilter(self)
        self.toolbar = self._build_toolbar()
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.model.rejected.connect(self.show_message)
        self.operation_model.rejected.connect(self.show_message)
        self.summary = QLabel()
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        # Captions wrap (not widen the page): at 1366×768 and 150 % the page has about 740 pixels.
        top_layout.addWidget(wrapped(tr(
            "Budget", "<b>Forsørgelse og beskæftigelsesindsats pr. målgruppe og år</b> — dobbeltklik på "
                      "en hvid celle for at rette")))
        top_layout.addWidget(self.table)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(wrapped(tr(
            "Budget", "<b>Linjer uden målgruppe</b> — jobcenterdrift (HK6, funktion 6.45.xx) og "
                      "beskæftigelsesindsats, der ikke er fordelt (HK5, funktion 5.xx.xx); ingen refusion")))
        bottom_layout.addWidget(self.operation_table)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        self.header = heading(tr("Budget", "Basisbudget"), "")
        layout.addWidget(self.header)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.summary)

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(tr("Budget", "Basisbudget"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.add_row_action = page_action(
            self, tr("Budget", "Tilføj række …"), self.add_row, ("Ctrl+Ins", "Ctrl++"),
            tr("Budget", "Tilføj en målgruppe i ét år"))
        self.remove_rows_action = page_action(
            self, tr("Budget", "Fjern markerede rækker"), self.remove_rows, ("Ctrl+Del", "Ctrl+-"),
            tr("Budget", "Fjern de markerede rækker i den tabel, du sidst har arbejdet i"))
        self.add_year_action = page_action(
            self, tr("Budget", "Tilføj år"), self.add_year, ("Ctrl+Shift+Y",),
            tr("Budget", "Forlæng budgettet med ét år efter det sidste; tallene kopieres fra det sidste år"))
        self.remove_year_action = page_action(
            self, tr("Budget", "Fjern året"), self.remove_year, (),
            tr("Budget", "Fjern alle rækker og driftslinjer i den markerede rækkes år"))
        self.add_line_action = page_action(
            self, tr("Budget", "Tilføj driftslinje …"), self.add_operation_line, ("Ctrl+Shift+L",),
            tr("Budget", "Tilføj en linje til jobcenterdriften (HK6)"))
        for action in (self.add_row_action, self.remove_rows_action, None, self.add_year_action,
                       self.remove_year_action, None, self.add_line_action):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        return bar

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and watched in (self.table, self.operation_table):
            self.last_table = watched  # type: ignore[assignment]
        return super().eventFilter(watched, event)

    # --- actions ----------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """A refused edit's reason in red above the tables (hidden when there is none)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def selected_rows(self, view: QTableView) -> list[int]:
        rows = {i.row() for i in view.selectionModel().selectedRows()}
        current = view.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return sorted(rows)

    def add_row(self) -> None:
        rows = self.selected_rows(self.table)
        template = self.model.group(rows[0]) if rows else None
        if run_dialog(self, GroupYearDialog(self.document, template, self)):
            self.show_message("")

    def remove_rows(self) -> None:
        if self.last_table is self.operation_table:
            problem = remove_operation_lines(self.document, self.selected_rows(self.operation_table))
        else:
            rows = self.selected_rows(self.table)
            problem = remove_group_years(self.document, [self.model.order[r] for r in rows])
        self.show_message(problem or "")

    def add_year(self) -> None:
        result = add_budget_year(self.document)
        self.show_message(result if isinstance(result, str) else "")

    def remove_year(self) -> None:
        view = self.last_table
        rows = self.selected_rows(view)
        if not rows:
            self.show_message(tr("Budget", "Markér en række i det år, der skal fjernes."))
            return
        if view is self.operation_table:
            year = self.operation_model.lines()[rows[0]].year
        else:
            year = self.model.group(rows[0]).year
        self.show_message(remove_budget_year(self.document, year) or "")

    def add_operation_line(self) -> None:
        rows = self.selected_rows(self.operation_table)
        lines = self.operation_model.lines()
        template = lines[rows[0]] if rows else (lines[-1] if lines else None)
        if run_dialog(self, OperationLineDialog(self.document, template, self)):
            self.show_message("")

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


def wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
