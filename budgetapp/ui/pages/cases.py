"""Business cases: the list of the project's cases and the editor of the chosen one."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.case import CaseError, load_case
from budgetapp.core.commands import (
    AddCase,
    CopyCase,
    DeleteCase,
    SetCaseBudgetGroup,
    empty_case,
    unique_case_name,
)
from budgetapp.core.project import Project, ProjectCase
from budgetapp.resources import examples_dir
from budgetapp.ui.case_editor import CaseEditor
from budgetapp.ui.document import ALL, Document
from budgetapp.ui.locale import tr
from budgetapp.ui.models.case_list import CaseListModel
from budgetapp.ui.pages.base import Page

TEMPLATES: dict[str, tuple[str, str]] = {
    # key: (the name the user sees, the example file under resources/examples/)
    "hillerod": ("Eksempel: straksaktivering (Hillerød 2013)", "hillerod-straksaktivering.json"),
    "sagsbehandlere": ("Eksempel: to ekstra sagsbehandlere", "to-ekstra-sagsbehandlere.json"),
    "mentor": ("Eksempel: mentorstøtte til aktivitetsparate", "mentorstoette-aktivitetsparate.json"),
}


NARROW_PAGE = 1000  # logical pixels of page width


def unique_name(project: Project, wanted: str) -> str:
    return unique_case_name(project, wanted)


class CasesPage(Page):
    title = "Business cases"
    key = "cases"
    scopes = ("cases", "budget")

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.model = CaseListModel(document, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setMinimumWidth(110)
        # Whole names, wrapped at spaces: "To ekstra sagsbehandlere (lavere sagsstammer)" and its copy
        # "… (kopi)" must be told apart (only a word longer than the narrow list is cut at its end).
        # The tooltip shows the whole name.
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(1)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.new_button = QPushButton(tr("Cases", "Ny"))
        self.copy_button = QPushButton(tr("Cases", "Kopiér"))
        self.delete_button = QPushButton(tr("Cases", "Slet"))
        self.load_button = QPushButton(tr("Cases", "Hent case-fil …"))
        self.save_button = QPushButton(tr("Cases", "Gem som case-fil …"))
        self.new_button.setToolTip(tr("Cases", "En ny, tom business case"))
        self.template_button = QToolButton()
        self.template_button.setText(tr("Cases", "Fra skabelon"))
        self.template_button.setToolTip(tr("Cases", "En ny case ud fra et navngivet eksempel"))
        self.template_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        templates = QMenu(self.template_button)
        for key, (title, file_name) in TEMPLATES.items():
            if (examples_dir() / file_name).exists():
                templates.addAction(title, lambda k=key: self.new_from_template(k))
        self.template_button.setMenu(templates)
        self.copy_button.setToolTip(tr("Cases", "En kopi af alt i den valgte case"))
        self.new_button.clicked.connect(self.new_case)
        self.copy_button.clicked.connect(self.copy_case)
        self.delete_button.clicked.connect(self.delete_case)
        self.load_button.clicked.connect(self.load_case_file)
        self.save_button.clicked.connect(self.save_case_file)
        self.group_combo = QComboBox()
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group_combo.setMinimumContentsLength(12)
        self.group_combo.setToolTip(tr("Cases", "Målgruppen i basisbudgettet, hvis udgift casen ændrer"))
        self.group_combo.activated.connect(self._group_chosen)
        # Two buttons a row, each as narrow as its text allows (a push button's own minimum is about
        # 80 px): at 1366×768 and 150 % the case editor needs every pixel beside the list.
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for row, buttons in ((row1, (self.new_button, self.copy_button)),
                             (row2, (self.template_button, self.delete_button))):
            for button in buttons:
                button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 24)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                row.addWidget(button)
        # On a narrow page the six buttons give way to one "Handlinger" menu with the same actions.
        self.actions_button = QToolButton()
        self.actions_button.setText(tr("Cases", "Handlinger"))
        self.actions_button.setToolTip(tr("Cases", "Ny, kopiér, fra skabelon, slet, hent og gem case-fil"))
        self.actions_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        actions = QMenu(self.actions_button)
        self.menu_actions = {}
        for button in (self.new_button, self.copy_button):
            self.menu_actions[button] = actions.addAction(button.text(), button.click)
        from_template = actions.addMenu(self.template_button.text())
        from_template.addActions(templates.actions())
        for button in (self.delete_button, self.load_button, self.save_button):
            self.menu_actions[button] = actions.addAction(button.text(), button.click)
        self.actions_button.setMenu(actions)
        self.actions_button.hide()
        self.wide_buttons = (self.new_button, self.copy_button, self.template_button, self.delete_button,
                             self.load_button, self.save_button)
        self.narrow = False
        left = QWidget()
        left.setMaximumWidth(260)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(tr("Cases", "<b>Business cases</b><br>flueben = med i fremskrivningen"))
        title.setWordWrap(True)
        left_layout.addWidget(title)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(row1)
        left_layout.addLayout(row2)
        left_layout.addWidget(self.load_button)
        left_layout.addWidget(self.save_button)
        left_layout.addWidget(self.actions_button)
        group_label = QLabel(tr("Cases", "Målgruppe i basisbudgettet:"))
        group_label.setWordWrap(True)
        left_layout.addWidget(group_label)
        left_layout.addWidget(self.group_combo)
        self.editor = CaseEditor(document)
        self.empty_note = QLabel(tr(
            "Cases", "<p style='font-size:12pt'>Projektet har ingen business cases.</p>"
                     "<p>Opret en tom case med <b>Ny</b>, tag et eksempel med <b>Fra skabelon</b>, "
                     "eller hent en case-fil.</p>"))
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        self.right = QStackedWidget()
        self.right.addWidget(self.editor)
        self.right.addWidget(self.empty_note)
        self.editor.caseShown.connect(self.select)  # undo/redo of another case's edit shows that case
        self._fitted_columns = -1
        self.editor.recalculated.connect(self._refit_results)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([210, 1200])
        self.splitter = splitter
        self.left = left
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        document.changed.connect(self._sync_selection)
        self.select(0)

    def resizeEvent(self, event) -> None:
        """On a narrow page (1366×768 at 150 % leaves 730-760 logical pixels) the case list takes no
        more than its minimum width and its buttons fold into one menu, so the editor beside it keeps
        its results table whole (every year, "I alt" and "Efter perioden")."""
        super().resizeEvent(event)
        width = event.size().width()
        self.set_narrow(width < NARROW_PAGE)
        if width < NARROW_PAGE:
            left = self.left.minimumSizeHint().width()
            if self.splitter.sizes()[0] > left:
                self.splitter.setSizes([left, max(1, width - left)])

    def set_narrow(self, narrow: bool) -> None:
        """Narrow: the "Handlinger" menu instead of the six buttons, a narrower target-group box."""
        if narrow == self.narrow:
            return
        self.narrow = narrow
        for button in self.wide_buttons:
            button.setVisible(not narrow)
        self.actions_button.setVisible(narrow)
        # The chosen group's name may be cut in the box; its list shows the whole names.
        self.group_combo.setMinimumWidth(self.actions_button.sizeHint().width() if narrow else 0)
        self.left.setMinimumWidth(0)
        self.left.updateGeometry()

    def _refit_results(self) -> None:
        """Side by side, the results pane is as wide as its table needs; the editor sizes it on resize
        only, so a table that gained columns since (a first case added to an empty project, a case
        with more years) would keep the narrow pane of the empty table and show only its first year.
        Refit when the number of columns changes; a splitter the user moved is otherwise left alone."""
        columns = self.editor.results.model.columnCount()
        if columns == self._fitted_columns or self.editor.stacked:
            return
        self._fitted_columns = columns
        self.editor.fit_results()

    # --- document -------------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        self.document.changed.disconnect(self._sync_selection)
        self.model.set_document(document)
        self.editor.set_document(document)
        super().set_document(document)
        document.changed.connect(self._sync_selection)
        self.select(0)

    def _sync_selection(self, scope: str) -> None:
        """After an edit, undo or redo that changed the list of cases, the editor shows a case that
        exists and the list selects it (a redone "Ny case" is selected), or the empty note."""
        if scope != ALL:  # the list of cases changes only with "all" (after the list model's reset)
            return
        count = len(self.document.project.cases)
        index = self.editor.index
        if count == 0:
            self.select(None)
        elif index is None or index >= count:
            self.select(count - 1)
        else:
            self.select(index)

    def refresh(self) -> None:
        index = self.editor.index
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem(tr("Cases", "(ingen – kun i totalen)"), None)
        budget = self.document.project.budget
        for key in budget.target_groups:
            self.group_combo.addItem(budget.group_names.get(key, key), key)
        if index is not None and index < len(self.document.project.cases):
            pos = self.group_combo.findData(self.document.project.cases[index].budget_group)
            self.group_combo.setCurrentIndex(max(pos, 0))
        self.group_combo.blockSignals(False)
        has_case = index is not None and index < len(self.document.project.cases)
        # No case: a note instead of the editor, so no chart or price level of an earlier project stays.
        self.right.setCurrentWidget(self.editor if self.document.project.cases else self.empty_note)
        for button in (self.copy_button, self.delete_button, self.save_button, self.group_combo):
            button.setEnabled(has_case)
            if button in self.menu_actions:
                self.menu_actions[button].setEnabled(has_case)

    def select(self, row: int | None) -> None:
        count = len(self.document.project.cases)
        if row is None or count == 0:
            self.editor.set_case_index(None)
            self.refresh_now()
            return
        row = max(0, min(row, count - 1))
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if self.editor.index != row:
            self.editor.set_case_index(row)
        self.refresh_now()

    def _current_changed(self, current, _previous) -> None:
        if current.isValid() and current.row() != self.editor.index:
            self.editor.set_case_index(current.row())
            self.refresh_now()

    # --- actions --------------------------------------------------------------------------

    def _group_chosen(self, _pos: int) -> None:
        row = self.editor.index
        if row is None:
            return
        self._run(SetCaseBudgetGroup(row, self.group_combo.currentData()))

    def _run(self, command) -> bool:
        issues = self.document.run(command)
        if issues:
            QMessageBox.warning(self, command.text, "\n".join(i.message for i in issues))
        return not issues

    def _add(self, entry: ProjectCase, text: str) -> None:
        if self._run(AddCase(entry, text)):
            self.select(len(self.document.project.cases) - 1)

    def new_case(self) -> None:
        """An empty case (no inflow, effect, costs, uncertainty, scenarios or notes), switched off."""
        project = self.document.project
        name = unique_case_name(project, tr("Cases", "Ny business case"))
        groups = project.budget.target_groups
        case = empty_case(name, groups[0] if groups else "", project.budget_year)
        self._add(ProjectCase(case, enabled=False), tr("Cases", "Ny business case"))

    def new_from_template(self, key: str) -> None:
        """A case from a named example (:data:`TEMPLATES`), in the project's budget year, switched off."""
        title, file_name = TEMPLATES[key]
        case = load_case(examples_dir() / file_name)
        project = self.document.project
        case = dataclasses.replace(case, name=unique_case_name(project, title),
                                   start_year=project.budget_year)
        self._add(ProjectCase(case, enabled=False), tr("Cases", "Ny case fra skabelon"))

    def copy_case(self) -> None:
        row = self.editor.index
        if row is not None and self._run(CopyCase(row)):
            self.select(len(self.document.project.cases) - 1)

    def delete_case(self) -> None:
        row = self.editor.index
        if row is None:
            return
        name = self.document.project.cases[row].name
        answer = QMessageBox.question(
            self,
            tr("Cases", "Slet business case"),
            tr("Cases", "Slet «{0}»? Du kan fortryde med Ctrl+Z.").format(name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(DeleteCase(row))
        self.select(min(row, len(self.document.project.cases) - 1) if self.document.project.cases else None)

    def load_case_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Cases", "Hent business case"), "", tr("Cases", "Business case (*.json)")
        )
        if path:
            self.add_case_file(Path(path))

    def add_case_file(self, path: Path) -> bool:
        try:
            case = load_case(path)
        except CaseError as exc:
            QMessageBox.warning(
                self,
                tr("Cases", "Casen kan ikke hentes"),
                tr("Cases", "{0} kan ikke hentes:\n\n{1}").format(path.name, exc),
            )
            return False
        case = dataclasses.replace(case, name=unique_name(self.document.project, case.name))
        self._add(ProjectCase(case, enabled=False), tr("Cases", "Hent business case"))
        return True

    def save_case_file(self) -> None:
        case = self.editor.current_case()
        if case is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Cases", "Gem business case"), case.name + ".json", tr("Cases", "Business case (*.json)")
        )
        if not path:
            return
        try:
            Path(path).write_text(
                json.dumps(case.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        except OSError as exc:
            QMessageBox.warning(self, tr("Cases", "Kunne ikke gemme"), str(exc.strerror or exc))
