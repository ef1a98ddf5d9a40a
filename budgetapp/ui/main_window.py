"""The main window: navigation between the pages, the file menu, undo/redo and the title bar."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from budgetapp import __version__
from budgetapp.core.fields import label as field_label
from budgetapp.core.project import Project
from budgetapp.ui import files
from budgetapp.ui.autosave import Autosaver
from budgetapp.ui.case_editor import CaseEditor
from budgetapp.ui.document import Document, replace_project
from budgetapp.ui.import_dialog import ImportReportDialog, import_kinds
from budgetapp.ui.locale import tr
from budgetapp.ui.new_project_wizard import (
    DEMO_STRUCTURE,
    NewProjectWizard,
    PropertiesDialog,
    build_project,
    default_settings,
)
from budgetapp.ui.pages.base import Page
from budgetapp.ui.pages.budget import BudgetPage
from budgetapp.ui.pages.cases import CasesPage
from budgetapp.ui.pages.compare import ComparePage
from budgetapp.ui.pages.overview import OverviewPage
from budgetapp.ui.pages.pools import PoolsPage
from budgetapp.ui.pages.rules import RulesPage
from budgetapp.ui.pages.unit_costs import UnitCostsPage
from budgetapp.ui.tasks import TaskCancelled, run_with_progress

PAGE_CLASSES: tuple[type[Page], ...] = (
    OverviewPage,
    BudgetPage,
    UnitCostsPage,
    PoolsPage,
    CasesPage,
    ComparePage,
    RulesPage,
)
PROJECT_FILTER = "Budgetprojekt (*.jcbudget)"
IMPORT_FILTER = "Regneark (*.xlsx *.xls *.ods *.csv)"
PREFERRED_SIZE = QSize(1440, 900)
MINIMUM_SIZE = QSize(720, 460)  # fits 1366×768 at 150 % (911×512 logical pixels) with the frame
SETTINGS_GROUP = "mainwindow"


def fitted_geometry(available: QRect, preferred: QSize = PREFERRED_SIZE) -> tuple[QRect, bool]:
    """The first-start client rectangle on a screen with ``available`` geometry, and whether to maximise.

    The preferred size when it fits with room for a frame (40 px title bar and borders), centred;
    else the available area (maximised), so that no column or button starts off-screen.
    """
    frame_w, frame_h = 16, 40
    fits = (preferred.width() + frame_w <= available.width()
            and preferred.height() + frame_h <= available.height())
    if fits:
        size = preferred
    else:
        size = QSize(max(1, available.width() - frame_w), max(1, available.height() - frame_h))
    left = available.x() + (available.width() - size.width()) // 2
    top = available.y() + max(frame_h - 8, (available.height() - size.height()) // 2)
    return QRect(left, top, size.width(), size.height()), not fits


class PageArea(QScrollArea):
    """A page in a frameless scroll area: the page fills the visible area but never gets smaller than
    its minimum size, so on a small screen (1366×768 at 150 %) it scrolls instead of squeezing its
    tables and charts on top of each other."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.setWidget(page)
        page.installEventFilter(self)

    def fit_page(self) -> None:
        page = self.widget()
        viewport = self.maximumViewportSize()
        minimum = page.minimumSizeHint().expandedTo(page.minimumSize())
        width = max(viewport.width(), minimum.width())
        # Word-wrapped labels (a page's sources) need more height the narrower the page: without it a
        # chart above them is squeezed below its minimum and its axis names are covered.
        layout = page.layout()
        if layout is not None and layout.hasHeightForWidth():
            minimum.setHeight(max(minimum.height(), layout.totalMinimumHeightForWidth(width)))
        height = max(viewport.height(), minimum.height())
        # A scroll bar in one direction takes room from the other.
        if width > viewport.width():
            height = max(minimum.height(), viewport.height() - self.horizontalScrollBar().sizeHint().height())
        if height > viewport.height():
            width = max(minimum.width(), viewport.width() - self.verticalScrollBar().sizeHint().width())
            if layout is not None and layout.hasHeightForWidth():
                height = max(height, layout.totalMinimumHeightForWidth(width))
        page.resize(width, height)

    def resizeEvent(self, event) -> None:
        self.fit_page()
        super().resizeEvent(event)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == event.Type.LayoutRequest:
            QTimer.singleShot(0, self.fit_page)
        return super().eventFilter(watched, event)


def scrolling(page: QWidget) -> PageArea:
    return PageArea(page)


class WheelGuard(QObject):
    """The mouse wheel over a combo or spin box that does not have the keyboard focus scrolls the
    page instead of changing the value (a refusion rule must never change silently while scrolling)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Wheel and isinstance(watched, QComboBox | QAbstractSpinBox)
                and not watched.hasFocus()):
            parent = watched.parentWidget()
            if parent is not None:
                QApplication.sendEvent(parent, event)
            return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setMinimumSize(MINIMUM_SIZE)
        self.navigation = QListWidget()
        self.navigation.setFixedWidth(150)
        self.navigation.setStyleSheet(
            "QListWidget { background: #263238; color: #eceff1; border: none; font-size: 11pt; }"
            "QListWidget::item { padding: 9px 12px; }"
            "QListWidget::item:selected { background: #1565c0; color: white; }"
        )
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for cls in PAGE_CLASSES:
            page = cls(document)
            self.pages[cls.key] = page
            self.stack.addWidget(scrolling(page))
            QListWidgetItem(tr("MainWindow", cls.title), self.navigation)
        self.start_view = self._build_start_view()
        self.stack.addWidget(self.start_view)
        self.navigation.currentRowChanged.connect(self._navigate)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.autosaver = Autosaver(document, self)
        self._build_menus()
        self._connect_document()
        self.case_editor().draft.changed.connect(self.update_title)
        self.wheel_guard = WheelGuard(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.wheel_guard)
        self.navigation.setCurrentRow(0)
        self.restore_layout()

    # --- set-up ---------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(tr("MainWindow", text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(tr("MainWindow", "&Filer"))
        self.dialog_hook = None  # tests: called with each dialog before it is shown
        self.new_action = self._action("&Ny …", lambda: self.new_project(), QKeySequence.StandardKey.New)
        self.properties_action = self._action("&Egenskaber …", lambda: self.edit_properties())
        self.open_action = self._action("Å&bn …", lambda: self.open_dialog(), QKeySequence.StandardKey.Open)
        self.recent_menu = QMenu(tr("MainWindow", "Åbn &seneste"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.save_action = self._action("&Gem", self.save, QKeySequence.StandardKey.Save)
        self.save_as_action = self._action("Gem &som …", lambda: self.save_as(), "Ctrl+Shift+S")
        self.demo_action = self._action("Åbn &demoprojektet", self.open_demo)
        import_menu = QMenu(tr("MainWindow", "&Importér"), self)
        self.import_menu = import_menu
        self.import_wizard_action = self._action("Import&guide …", lambda: self.import_wizard(), "Ctrl+I")
        import_menu.addAction(self.import_wizard_action)
        import_menu.addSeparator()
        for key, label in (
            ("budget", "&Basisbudget …"),
            ("unitcosts", "&Enhedsudgifter …"),
            ("pools", "&Puljer …"),
        ):
            import_menu.addAction(self._action(label, lambda _c=False, k=key: self.import_dialog(k)))
        self.export_menu = QMenu(tr("MainWindow", "&Eksportér"), self)
        self._fill_export_menu()
        quit_action = self._action("&Afslut", self.close, QKeySequence.StandardKey.Quit)
        for item in (
            self.new_action,
            self.open_action,
            self.recent_menu,
            self.demo_action,
            None,
            self.save_action,
            self.save_as_action,
            None,
            self.properties_action,
            None,
            import_menu,
            self.export_menu,
            None,
            quit_action,
        ):
            if item is None:
                file_menu.addSeparator()
            elif isinstance(item, QMenu):
                file_menu.addMenu(item)
            else:
                file_menu.addAction(item)

        edit_menu = bar.addMenu(tr("MainWindow", "&Rediger"))
        self.undo_action = self.document.undo_stack.createUndoAction(self, tr("MainWindow", "&Fortryd"))
        self.redo_action = self.document.undo_stack.createRedoAction(self, tr("MainWindow", "&Gentag"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = bar.addMenu(tr("MainWindow", "&Vis"))
        self.view_actions: list[QAction] = []
        for i, cls in enumerate(PAGE_CLASSES):
            self.view_actions.append(
                self._action(cls.title, lambda _c=False, k=cls.key: self.show_page(k), f"Ctrl+{i + 1}"))
            view_menu.addAction(self.view_actions[-1])
        help_menu = bar.addMenu(tr("MainWindow", "&Hjælp"))
        help_menu.addAction(self._action("Åbn &demoprojektet", self.open_demo))
        help_menu.addAction(self._action("&Om budgetapp", self._about))

    def _fill_export_menu(self) -> None:
        """File › Export: the council workbook and the committee proposal, when available."""
        from budgetapp.ui.export_actions import export_actions

        self.export_menu.clear()
        actions = export_actions(self)
        for action in actions:
            self.export_menu.addAction(action)
        self.export_menu.setEnabled(bool(actions))

    def _connect_document(self) -> None:
        self.document.fileChanged.connect(self.update_title)
        self.update_title()

    def set_document(self, document: Document) -> None:
        old = self.document
        old.fileChanged.disconnect(self.update_title)
        if old.path != document.path:  # reopening the same file keeps the lock just taken
            files.release_lock(old.path)
        self.autosaver.set_document(document)
        self.document = document
        for page in self.pages.values():
            page.set_document(document)
        self.leave_start()
        # Undo/redo actions follow the new stack.
        for action in (self.undo_action, self.redo_action):
            action.deleteLater()
        edit_menu = self.menuBar().actions()[1].menu()
        edit_menu.clear()
        self.undo_action = document.undo_stack.createUndoAction(self, tr("MainWindow", "&Fortryd"))
        self.redo_action = document.undo_stack.createRedoAction(self, tr("MainWindow", "&Gentag"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence.StandardKey.Redo])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        self._connect_document()
        old.setParent(None)

    # --- the start view ---------------------------------------------------------------------

    def _build_start_view(self) -> QWidget:
        """Shown at a start without a last project: new, open, the demo, and the recent projects."""
        from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

        view = QWidget()
        layout = QVBoxLayout(view)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.addWidget(QLabel(tr(
            "MainWindow",
            "<h2>Velkommen til Budgetapp</h2><p>Beskæftigelsesbudget og business cases for jobcentret.</p>")))
        self.start_buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "Nyt projekt …", lambda: self.new_project()),
            ("open", "Åbn projekt …", lambda: self.open_dialog()),
            ("demo", "Åbn demoprojektet (Eksempel Kommune)", self.open_demo),
        ):
            button = QPushButton(tr("MainWindow", text))
            button.setMinimumHeight(34)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.start_buttons[key] = button
        layout.addStretch(1)
        return view

    def show_start(self) -> None:
        """The start view instead of the pages, for a start without a project: the title is the
        program's name, and the pages and what acts on a project (save, import, export, properties)
        are disabled until a project is made or opened."""
        self.navigation.blockSignals(True)
        self.navigation.clearSelection()
        self.navigation.setCurrentRow(-1)
        self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(self.start_view)
        self._enable_project_actions(False)
        self.update_title()

    def leave_start(self) -> None:
        """Show the pages (the first one) when the start view is showing, after a project is made or
        opened."""
        if not self.showing_start():
            return
        self._enable_project_actions(True)
        self.navigation.setCurrentRow(0)
        self.stack.setCurrentIndex(0)
        self.update_title()

    def _enable_project_actions(self, enabled: bool) -> None:
        self.navigation.setEnabled(enabled)
        for action in (self.save_action, self.save_as_action, self.properties_action, *self.view_actions):
            action.setEnabled(enabled)
        self.import_menu.setEnabled(enabled)
        self.export_menu.setEnabled(enabled and not self.export_menu.isEmpty())

    def _navigate(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)

    # --- size, splitters and the last page (QSettings) -------------------------------------

    def _splitters(self) -> dict[str, QSplitter]:
        """Every splitter of the pages, keyed by page and position (stable across starts)."""
        found: dict[str, QSplitter] = {}
        for key, page in self.pages.items():
            for i, splitter in enumerate(page.findChildren(QSplitter)):
                found[f"{key}/{splitter.objectName() or i}"] = splitter
        return found

    def restore_layout(self) -> None:
        """Geometry, maximised state, splitters and page from the last session; on the first start
        the window fits the available screen geometry (see :func:`fitted_geometry`)."""
        store = files.settings()
        store.beginGroup(SETTINGS_GROUP)
        geometry = store.value("geometry")
        splitters = store.value("splitters") or {}
        page = store.value("page")
        store.endGroup()
        available = self.screen().availableGeometry()
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if restored and not self.isMaximized() and not available.contains(self.geometry()):
            restored = False  # saved on another screen or at another scale factor: fit this one
        if not restored:
            rect, maximise = fitted_geometry(available)
            self.setGeometry(rect)
            if maximise:
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        if isinstance(splitters, dict):
            for key, splitter in self._splitters().items():
                state = splitters.get(key)
                if isinstance(state, QByteArray):
                    splitter.restoreState(state)
        if isinstance(page, str) and page in self.pages:
            self.show_page(page)

    def save_layout(self) -> None:
        store = files.settings()
        store.beginGroup(SETTINGS_GROUP)
        store.setValue("geometry", self.saveGeometry())
        store.setValue("splitters", {key: s.saveState() for key, s in self._splitters().items()})
        store.setValue("page", self.current_page_key())
        store.endGroup()
        store.sync()

    def current_page_key(self) -> str:
        return list(self.pages)[max(0, self.navigation.currentRow())]

    def showing_start(self) -> bool:
        return self.stack.currentWidget() is self.start_view

    # --- pages ----------------------------------------------------------------------------

    def show_page(self, key: str) -> Page:
        """Show a page by key; ``beslutningsstoette`` is the decision-support tab of the case editor."""
        keys = list(self.pages)
        aliases = {"business-cases": "cases", "businesscases": "cases", "case": "cases"}
        key = aliases.get(key.lower(), key.lower())
        if key in ("beslutningsstoette", "beslutning"):
            page = self.show_page("cases")
            editor = page.editor  # type: ignore[attr-defined]
            if editor.decision_widget is not None:
                editor.tabs.setCurrentWidget(editor.decision_widget)
            return page
        if key in ("opfoelgning", "opfølgning"):  # the follow-up tab of the first case that has one
            page = self.show_page("beslutningsstoette")
            cases = self.document.project.cases
            first = next((i for i, entry in enumerate(cases) if entry.case.follow_up is not None), None)
            if first is not None:
                page.select(first)  # type: ignore[attr-defined]
            panel = page.editor.decision_widget  # type: ignore[attr-defined]
            if panel is not None:
                panel.tabs.setCurrentWidget(panel.follow_up)
            return page
        if key not in self.pages:
            raise KeyError(key)
        self.navigation.setCurrentRow(keys.index(key))
        return self.pages[key]

    def update_title(self) -> None:
        if self.showing_start():  # no project yet: the program's name, no municipality
            self.setWindowTitle("Budgetapp")
            self.setWindowModified(False)
            return
        read_only = tr("MainWindow", " (skrivebeskyttet)") if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.display_name()}[*]{read_only} — Budgetapp")
        self.setWindowModified(self.document.modified or bool(self.invalid_drafts()))

    def case_editor(self) -> CaseEditor:
        return self.pages["cases"].editor  # type: ignore[attr-defined]

    def finish_editing(self) -> None:
        """Commit the field the cursor is in (a shortcut such as Ctrl+S does not take focus away)."""
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit) and widget.isModified():
            widget.editingFinished.emit()

    def invalid_drafts(self) -> list[tuple[str, list[str]]]:
        """Cases whose draft in the editor has invalid fields (not in the project): (name, fields)."""
        editor = self.case_editor()
        out: list[tuple[str, list[str]]] = []
        drafts = [(editor.draft.case, editor.draft)] if not editor.draft.valid else []
        for case, _data, typing in editor.kept_drafts.values():
            out.append((case.name, sorted(typing)))
        for case, draft in drafts:
            fields = sorted({*draft.typing_issues, *(i.field for i in draft.issues)})
            name = case.name if case is not None else str(draft.data.get("name", ""))
            out.insert(0, (name, [f for f in fields if f]))
        return out

    def confirm_invalid_drafts(self) -> bool:
        """Ask before saving or closing while a draft has invalid fields; True to go on without them."""
        drafts = self.invalid_drafts()
        if not drafts:
            return True
        lines = "\n".join(
            tr("MainWindow", "Casen «{0}» har ugyldige felter, som ikke er gemt: {1}").format(
                name, ", ".join(_field_label(f) for f in fields) or tr("MainWindow", "se editoren"))
            for name, fields in drafts
        )
        box = QMessageBox(QMessageBox.Icon.Warning, tr("MainWindow", "Ugyldige felter"), lines,
                          QMessageBox.StandardButton.NoButton, self)
        go_on = box.addButton(tr("MainWindow", "Gem alligevel uden dem"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(tr("MainWindow", "Annuller"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is go_on

    # --- files ----------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when it is safe to go on (saved or discarded)."""
        self.finish_editing()
        if not self.confirm_invalid_drafts():
            return False
        if not self.document.modified:
            return True
        answer = QMessageBox.question(
            self,
            tr("MainWindow", "Gem ændringer?"),
            tr("MainWindow", "Der er ændringer i «{0}», som ikke er gemt. Vil du gemme dem?").format(
                self.document.display_name()
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save(confirmed=True)
        return answer == QMessageBox.StandardButton.Discard

    def new_project(self, ask: bool = True) -> bool:
        """File › Ny: the wizard (municipality, budget year, price level, template; defaults from
        budgetapp.ini), then the new project. ``ask=False`` takes the defaults without the wizard.

        A broken value in budgetapp.ini is left out (the self-test names it); the file is read anew each
        time, so a file IT has just corrected counts from the next new project. Without a municipality
        the project is called "Ny kommune". Returns whether a new project was made.
        """
        if not self.maybe_save():
            return False
        settings = default_settings()
        if ask:
            wizard = NewProjectWizard(settings, self)
            if self.dialog_hook is not None:
                self.dialog_hook(wizard)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return False
            settings = wizard.settings()
        if not settings.municipality.strip():
            settings = dataclasses.replace(settings, municipality="Ny kommune")
        demo = None
        if settings.template == DEMO_STRUCTURE:
            try:
                demo, _ = files.open_demo()
            except files.ProjectFileError as exc:
                self._error(tr("MainWindow", "Demoprojektet kan ikke åbnes"), str(exc))
                return False
        self.autosaver.discard()
        self.set_document(Document(build_project(settings, demo)))
        return True

    def edit_properties(self) -> bool:
        """File › Egenskaber: municipality, budget year and price level of the open project (one undo
        step). Returns whether something changed."""
        dialog = PropertiesDialog(self.document.project, self)
        if self.dialog_hook is not None:
            self.dialog_hook(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        issues = self.document.run(dialog.command())
        if issues:
            self._error(tr("MainWindow", "Egenskaberne blev ikke ændret"), "\n".join(str(i) for i in issues))
            return False
        self.update_title()
        return True

    def open_demo(self) -> None:
        if not self.maybe_save():
            return
        try:
            project, _ = files.open_demo()
        except files.ProjectFileError as exc:
            self._error(tr("MainWindow", "Demoprojektet kan ikke åbnes"), str(exc))
            return
        self.autosaver.discard()
        self.set_document(Document(project))

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, tr("MainWindow", "Åbn projekt"), "", tr("MainWindow", PROJECT_FILTER)
        )
        if path:
            self.open_file(Path(path), ask_first=False)

    def open_file(self, path: Path, ask_first: bool = True) -> bool:
        """Open a project file; every failure is a message, and the open project stays as it was."""
        if ask_first and not self.maybe_save():
            return False
        path = Path(path)
        try:
            opened = run_with_progress(
                self,
                tr("MainWindow", "Åbner"),
                tr("MainWindow", "Åbner {0} …").format(path.name),
                lambda _p, _c: files.open_project(path),
            )
        except TaskCancelled:
            return False
        except files.ProjectFileError as exc:
            self._error(tr("MainWindow", "Projektet kan ikke åbnes"), str(exc))
            if not path.exists():
                files.remove_recent_file(path)
            return False
        if opened.problems:  # repaired on the way in: read-only, with the list (files.py)
            self._error(tr("MainWindow", "Projektet indeholder fejl"),
                        files.damage_text(path, opened.problems))
            read_only: bool | None = True
        else:
            read_only = files.lock_for_opening(self, path)  # atomic lock; asks when it is held
            if read_only is None:
                return False
        self.autosaver.discard()
        self.set_document(Document(opened.project, path, read_only=read_only))
        files.add_recent_file(path)
        return True

    def save(self, confirmed: bool = False) -> bool:
        self.finish_editing()
        if not confirmed and not self.confirm_invalid_drafts():
            return False
        if self.document.path is None or self.document.read_only:
            return self.save_as()
        return self.save_to(self.document.path)

    def save_as(self, path: Path | None = None) -> bool:
        if path is None:
            suggested = (
                self.document.path.name
                if self.document.path
                else (self.document.project.municipality or "projekt") + ".jcbudget"
            )
            chosen, _ = QFileDialog.getSaveFileName(
                self, tr("MainWindow", "Gem projekt som"), suggested, tr("MainWindow", PROJECT_FILTER)
            )
            if not chosen:
                return False
            path = Path(chosen)
            if path.suffix.lower() != ".jcbudget":
                path = path.with_suffix(".jcbudget")
        if path != self.document.path and files.read_lock(path) is not None:
            self._error(
                tr("MainWindow", "Kan ikke gemme"),
                tr("MainWindow", "{0} er åbnet af {1}. Vælg et andet navn.").format(
                    path.name, files.read_lock(path).describe()
                ),
            )
            return False
        return self.save_to(path)

    def save_to(self, path: Path) -> bool:
        project = self.document.project
        try:
            run_with_progress(
                self,
                tr("MainWindow", "Gemmer"),
                tr("MainWindow", "Gemmer {0} …").format(path.name),
                lambda _p, _c: files.save_project(project, path),
            )
        except TaskCancelled:
            return False
        except files.ProjectFileError as exc:
            self._error(tr("MainWindow", "Projektet blev ikke gemt"), str(exc))
            return False
        if self.document.path != path:
            files.release_lock(self.document.path)
            files.take_lock(path)
        self.document.mark_saved(path)
        self.autosaver.discard()
        files.add_recent_file(path)
        return True

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = files.recent_files()
        if not recent:
            action = self.recent_menu.addAction(tr("MainWindow", "(ingen)"))
            action.setEnabled(False)
            return
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {path.name}")
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.open_file(p))

    # --- import ---------------------------------------------------------------------------

    def import_wizard(self, hook=None) -> bool:
        """The import wizard for any layout (budgetapp/ui/import_wizard.py); one undo step."""
        from budgetapp.ui.import_wizard import run_import_wizard

        return run_import_wizard(self, hook)

    def import_dialog(self, kind: str) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("MainWindow", "Importér"), "", tr("MainWindow", IMPORT_FILTER)
        )
        if path:
            self.import_file(kind, Path(path))

    def read_import(self, kind: str, path: Path):
        """Read and validate a file off the GUI thread; the project is not touched."""
        spec = import_kinds()[kind]
        project = self.document.project

        def work(progress, cancelled):
            return spec.read(path, project, cancelled, progress)

        return run_with_progress(
            self,
            tr("MainWindow", "Importér {0}").format(spec.title.lower()),
            tr("MainWindow", "Læser og kontrollerer {0} …").format(path.name),
            work,
        )

    def import_file(self, kind: str, path: Path, dialog_hook=None) -> bool:
        """Read, show the report, and apply on *Importér* (one undo step). Returns whether applied."""
        from budgetapp.io.tables import ImportCancelled

        spec = import_kinds()[kind]
        try:
            result = self.read_import(kind, path)
        except (TaskCancelled, ImportCancelled):
            return False
        dialog = ImportReportDialog(result.report, spec.title, self)
        if dialog_hook is not None:
            dialog_hook(dialog)
        if dialog.exec() != QDialog.DialogCode.Accepted or not result.report.ok:
            return False
        try:
            new_project: Project = spec.apply(self.document.project, result)
        except Exception as exc:  # the importer refuses: show it, change nothing
            self._error(tr("MainWindow", "Importen blev ikke gennemført"), str(exc))
            return False
        replace_project(
            self.document, tr("MainWindow", "Import af {0}").format(spec.title.lower()), new_project
        )
        return True

    # --- closing --------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.maybe_save():
            self.save_layout()
            self.autosaver.discard()
            files.release_lock(self.document.path)
            event.accept()
        else:
            event.ignore()

    def _error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            tr("MainWindow", "Om budgetapp"),
            tr("MainWindow", "Budgetapp {0}\nBeskæftigelsesbudget og business cases for jobcentre.").format(
                __version__
            ),
        )


def _field_label(path: str) -> str:
    try:
        return f"{field_label(path)} ({path})"
    except KeyError:
        return path


def main_window_for(project: Project, path: Path | None = None) -> MainWindow:
    return MainWindow(Document(project, path))


__all__ = ["MainWindow", "Qt"]
