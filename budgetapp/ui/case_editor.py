"""The business-case editor: the case's effects, inputs with units, sources, tooltips and live
validation; results per year (with the tail after the horizon, the split by styringsområde and
by effect) and charts.

There is no "beregn" button: every edit is one undo step on the document (:class:`DraftEdit`);
a valid case changes the project and the results follow at once, an invalid one stays a draft
with its fields marked, and the results keep the last valid case (see :mod:`case_draft`).
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import BusinessCase, CaseError
from budgetapp.core.commands import ReplaceCase
from budgetapp.core.pools import apply_pool_funding
from budgetapp.core.project import Project
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.case_form import CaseInputs, CaseTableView
from budgetapp.ui.case_results import CaseResults
from budgetapp.ui.document import ALL, Document, case_scope
from budgetapp.ui.locale import tr

__all__ = ["CaseEditor", "CaseInputs", "CaseResults", "DraftView", "case_for_appraisal"]


def case_for_appraisal(project: Project, case: BusinessCase, price_level_year: int | None) -> BusinessCase:
    """The case as the projection sees it: pool funding filled from the project's pools,
    converted to the case's price level (as :meth:`ProjectionEngine.effective_case`)."""
    if not project.pools:
        return case
    case_level = price_level_year or project.price_level_year
    try:
        factors = {
            pool.id: project.price_index.factor(pool.price_level_year or project.price_level_year, case_level)
            for pool in project.pools
        }
    except ValueError:
        factors = None
    return apply_pool_funding(case, project.pools, factors)


STACK_BELOW = 900  # logical pixels of editor width


class DraftView:
    """The case editor's draft around one edit: the :class:`ViewState` of an undo step whose command
    is a :class:`ReplaceCase` (the project's case when the draft is valid after the edit, the
    unchanged last valid case when it is not, so the step changes only the draft).

    Undo restores the draft as it was, valid or not, so nothing typed is lost and one Ctrl+Z never
    reaches past a draft into the committed history. The editor is held weakly: the undo stack must
    not keep a closed window's editor alive.
    """

    def __init__(self, editor: CaseEditor, index: int, before: dict[str, Any], after: dict[str, Any],
                 issues_before: list | None, issues_after: list | None) -> None:
        self._editor = weakref.ref(editor)
        self.index = index
        self.before = (before, issues_before)
        self.after = (after, issues_after)

    def restore(self, state: tuple[dict[str, Any], list | None], set_project: Callable[[], None]) -> None:
        editor = self._editor()
        if editor is None:
            set_project()
            return
        data, issues = state
        editor.pending = (self.index, data, issues)
        try:
            set_project()
            if editor.pending is not None:  # the project did not change: show the draft all the same
                editor.show_pending()
        finally:
            editor.pending = None


class UndoKeys(QObject):
    """Fortryd (Ctrl+Z) and Gentag (Ctrl+Y, Ctrl+Shift+Z) while the keyboard focus is anywhere in
    the case editor's inputs act on the draft's undo history, never on a text field's own undo.

    A value still being typed counts as an edit: it is committed first (one undo step), so Ctrl+Z
    takes back exactly that value and Ctrl+Y brings it back; text that cannot be read as a value
    (no undo step) is put back to the draft's value instead. The key is claimed at
    ``ShortcutOverride`` (which a line edit would otherwise accept for its own undo) and handled
    here, so it works with or without the main window's Fortryd action. The filter sits on the
    widget that has the keyboard focus while it is inside the inputs (it follows the focus, so a
    table cell's editor, which exists only while editing, is covered too).
    """

    def __init__(self, editor: CaseEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self._watched: QWidget | None = None

    def follow_focus(self, old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and self._watched is old:
            old.removeEventFilter(self)
            self._watched = None
        if new is not None and self._editor.inputs.isAncestorOf(new):
            new.installEventFilter(self)
            self._watched = new

    def _which(self, event: QEvent) -> str | None:
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return None
        assert isinstance(event, QKeyEvent)
        if event.matches(QKeySequence.StandardKey.Undo):
            return "undo"
        if event.matches(QKeySequence.StandardKey.Redo):
            return "redo"
        # Ctrl+Y and Ctrl+Shift+Z are Gentag on every platform (the main window's action has both);
        # on X11 the platform's Redo is Ctrl+Shift+Z only, and Ctrl+Y fell through to that action,
        # which redid the step without the editor's note ("Gentaget: …").
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = Qt.KeyboardModifier.ControlModifier
        if (event.key() == Qt.Key.Key_Y and modifiers == ctrl) or (
                event.key() == Qt.Key.Key_Z and modifiers == ctrl | Qt.KeyboardModifier.ShiftModifier):
            return "redo"
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        which = self._which(event)
        if which is None:
            return False
        focus = QApplication.focusWidget()
        inputs = self._editor.inputs
        if focus is None or watched is not focus or not inputs.isAncestorOf(focus) \
                or not inputs.isVisible():
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # ours: delivered as a key press instead of any shortcut or field undo
            return True
        self._editor.undo_in_editor(which == "undo", focus)
        return True


class CaseEditor(QWidget):
    """Inputs on the left, results and charts on the right, for the case at ``index``."""

    recalculated = Signal()
    caseShown = Signal(int)  # undo/redo showed the draft of another case

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        self.pending: tuple[int, dict[str, Any], list | None] | None = None
        self.kept_drafts: dict[int, tuple[BusinessCase, dict[str, Any], dict[str, str]]] = {}
        self.draft = CaseDraft(self._record, self)
        self.inputs = CaseInputs(self.draft)
        self.results = CaseResults()
        self.inputs.paths_chart = self.results.paths_chart
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.inputs)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setMinimumWidth(300)
        self.input_scroll = scroll
        results_scroll = QScrollArea()
        results_scroll.setWidgetResizable(True)
        results_scroll.setFrameShape(QFrame.Shape.NoFrame)
        results_scroll.setWidget(self.results)
        results_scroll.setMinimumWidth(300)
        self.results_scroll = results_scroll
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setChildrenCollapsible(False)
        input_pane = QWidget()
        pane = QVBoxLayout(input_pane)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.setSpacing(2)
        pane.addWidget(self.inputs.banner_area)  # fixed height, outside the scroll: nothing jumps
        pane.addWidget(scroll, 1)
        input_pane.setMinimumWidth(300)
        top.addWidget(input_pane)
        top.addWidget(results_scroll)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 5)
        top.setSizes([460, 600])
        self.top_splitter = top
        self.stacked = False
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.results.charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([480, 240])
        self.splitter = splitter
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, tr("CaseEditor", "Indtastning og resultater"))
        self.decision_widget = self._decision_panel()
        if self.decision_widget is not None:
            self.decision_widget.follow_up.bind(self.draft)
            self.tabs.addTab(self.decision_widget, tr("CaseEditor", "Beslutningsstøtte"))
        self.tabs.currentChanged.connect(lambda _i: self._update_decision())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.draft.changed.connect(self._draft_changed)
        self.draft.notice.connect(self.inputs.show_undo_note)
        document.changed.connect(self._document_changed)
        self.undo_keys = UndoKeys(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self.undo_keys.follow_focus)

    # --- layout by width ----------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        """Inputs and results side by side on a wide editor, stacked on a narrow one (1366×768 at
        150 % leaves about 700 logical pixels), so the results table keeps every year, "I alt"
        and "Efter perioden" in view."""
        width = event.size().width()
        stacked = width < STACK_BELOW
        if stacked != self.stacked:
            self.set_stacked(stacked)
        super().resizeEvent(event)
        if not stacked:
            self.fit_results(width)

    def fit_results(self, width: int | None = None) -> None:
        """Side by side: give the results pane the width its table needs (within reason)."""
        width = width or self.width()
        layout = self.results.layout()
        margins = layout.contentsMargins().left() + layout.contentsMargins().right() if layout else 0
        need = self.results.table_width() + margins + 18
        need = max(300, min(need, width - 330))
        self.top_splitter.setSizes([width - need, need])

    def set_stacked(self, stacked: bool) -> None:
        """Stacked: inputs above, results below with the charts under the table (all scroll);
        side by side: inputs | results, and the charts in a row under both."""
        self.stacked = stacked
        charts = self.results.charts
        if stacked:
            self.top_splitter.setOrientation(Qt.Orientation.Vertical)
            self.results.embed_charts(charts)
            QTimer.singleShot(0, self, self._share_stacked)
        else:
            self.top_splitter.setOrientation(Qt.Orientation.Horizontal)
            charts.setMinimumHeight(0)
            charts.layout().setDirection(QBoxLayout.Direction.LeftToRight)
            self.splitter.addWidget(charts)
            self.splitter.setStretchFactor(1, 2)
            QTimer.singleShot(0, self, self._share_height)  # once laid out: charts kept their stacked height
            self.fit_results()

    def _share_stacked(self) -> None:
        """Stacked: two thirds of the height to the inputs (at 150 % on 1366×768 the editor is
        about 440 logical pixels high; half of it left the form three rows), the rest to the
        results, which scroll."""
        height = sum(self.top_splitter.sizes())
        if self.stacked and height > 0:
            self.top_splitter.setSizes([height * 2 // 3, height - height * 2 // 3])

    def _share_height(self) -> None:
        """Side by side: inputs and results above, charts below, 3:2."""
        height = sum(self.splitter.sizes())
        if not self.stacked and height > 0:
            self.splitter.setSizes([height * 3 // 5, height - height * 3 // 5])

    # --- which case -------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        self.kept_drafts.clear()
        self.index = None
        self.document.changed.disconnect(self._document_changed)
        self.document = document
        document.changed.connect(self._document_changed)
        self.set_case_index(0 if document.project.cases else None)

    def set_case_index(self, index: int | None) -> None:
        """Show the case at ``index``. An invalid draft of the case being left is kept and shown
        again when the user comes back to that case (as long as the case is unchanged)."""
        if self.index is not None and index != self.index and not self.draft.valid \
                and self.draft.case is not None:
            self.kept_drafts[self.index] = (self.draft.case, copy.deepcopy(self.draft.data),
                                            dict(self.draft.typing_issues))
        self.index = index
        kept = self.kept_drafts.pop(index, None) if index is not None else None
        if kept is not None and kept[0] == self.current_case():
            self.draft.show(kept[0], kept[1])
            self.draft.typing_issues.update(kept[2])
            self.recalculate()
            return
        self._reload()

    def current_case(self) -> BusinessCase | None:
        cases = self.document.project.cases
        if self.index is None or not 0 <= self.index < len(cases):
            return None
        return cases[self.index].case

    def show_pending(self) -> bool:
        """Show the draft an undo or redo restores (:class:`DraftView`), selecting its case; returns
        whether it was shown."""
        if self.pending is None:
            return False
        index, data, issues = self.pending
        self.pending = None
        if index != self.index and 0 <= index < len(self.document.project.cases):
            self.index = index
            self.caseShown.emit(index)
        if index != self.index:
            return False
        self.draft.show(self.current_case(), data, issues)
        self.recalculate()
        return True

    def _document_changed(self, scope: str) -> None:
        if self.show_pending():
            return
        if scope == ALL or (self.index is not None and scope == case_scope(self.index)):
            if self.index is not None and self.index >= len(self.document.project.cases):
                self.index = len(self.document.project.cases) - 1 if self.document.project.cases else None
            self._reload()

    def _reload(self) -> None:
        case = self.current_case()
        if (case is not None and not self.draft.valid and self.draft.case is not None
                and self.draft.case == case):
            # An unrelated change (another page, a refresh) must not drop the invalid draft.
            self.recalculate()
            return
        self.draft.load(case)
        self.recalculate()

    # --- edits --------------------------------------------------------------------------

    def _record(self, case: BusinessCase | None, text: str, merge_key: str | None,
                before: dict[str, Any], after: dict[str, Any], issues_before: list | None = None,
                issues_after: list | None = None) -> None:
        index = self.index
        if index is None:
            return
        self.inputs.show_undo_note("")
        key = None if merge_key is None else f"case{index}:{merge_key}"
        committed = case if case is not None else self.document.project.cases[index].case
        view = DraftView(self, index, copy.deepcopy(before), copy.deepcopy(after),
                         issues_before, issues_after)
        problems = self.document.run(ReplaceCase(index, committed, text, key), view)
        if problems:  # a name another case has: the draft keeps it, marked, and nothing is committed
            self.document.run(ReplaceCase(index, self.document.project.cases[index].case, text, key),
                              DraftView(self, index, copy.deepcopy(before), copy.deepcopy(after),
                                        issues_before, list(problems)))

    # --- Fortryd / Gentag from inside the editor ------------------------------------------

    def commit_typing(self, focus: QWidget) -> str | None:
        """Commit what is being typed in the widget ``focus`` (a field or a table cell's editor) as
        one undo step; returns the draft path of text that could not be read, else None."""
        for row in self.inputs.all_field_rows():
            if row.value is focus:
                row.commit_pending()
                return row.path if row.path in self.draft.typing_issues else None
        for view in self.inputs.findChildren(CaseTableView):
            if view.isAncestorOf(focus) and view.state() == QAbstractItemView.State.EditingState:
                current = view.currentIndex()
                view.commitData(focus)
                view.closeEditor(focus, QAbstractItemDelegate.EndEditHint.NoHint)
                view.setFocus()
                model = view.model()
                path = model.path(current.row(), current.column()) \
                    if hasattr(model, "path") and current.isValid() else None
                return path if path in self.draft.typing_issues else None
        return None

    def undo_in_editor(self, undo: bool, focus: QWidget) -> None:
        """Ctrl+Z / Ctrl+Y with the focus in the inputs (:class:`UndoKeys`): one step of the
        document's undo stack, after committing the value being typed. The status strip says which
        step it was, and says so when that step was not an edit of this case (the committed history
        of another case or page)."""
        unreadable = self.commit_typing(focus)
        if unreadable is not None:  # nothing to take back but the unreadable text itself
            self.draft.clear_typing(unreadable)
            self.inputs.refresh()
            self.inputs.show_undo_note(tr("CaseEditor", "Fortrudt: teksten, der ikke kunne læses"))
            return
        stack = self.document.undo_stack
        if not (stack.canUndo() if undo else stack.canRedo()):
            self.inputs.show_undo_note(tr("CaseEditor", "Intet at fortryde") if undo
                                       else tr("CaseEditor", "Intet at gentage"))
            return
        step = stack.command(stack.index() - 1 if undo else stack.index())
        text = step.text() if step is not None else ""
        view = getattr(step, "view", None)
        ours = isinstance(view, DraftView) and view.index == self.index
        if undo:
            stack.undo()
        else:
            stack.redo()
        note = (tr("CaseEditor", "Fortrudt: {0}") if undo else tr("CaseEditor", "Gentaget: {0}")).format(text)
        if not ours:
            note += " " + tr("CaseEditor", "(en ændring uden for denne case)")
        self.inputs.show_undo_note(note)

    def _draft_changed(self) -> None:
        if not self.draft.valid:
            self.recalculate()

    def recalculate(self) -> None:
        case = self.current_case()
        self.inputs.refresh()
        self.inputs.setEnabled(case is not None)  # no case: nothing to edit (never a stale form)
        if case is None:
            self.results.show_appraisal(None, None, False)
        else:
            entry = self.document.project.cases[self.index] if self.index is not None else None
            full = case_for_appraisal(
                self.document.project, case, entry.price_level_year if entry is not None else None
            )
            try:
                appraisal = appraise(full)
            except CaseError as exc:
                self.results.show_error(str(exc))
            else:
                self.results.show_appraisal(appraisal, full, stale=not self.draft.valid)
            project = self.document.project
            case_level = (entry.price_level_year if entry is not None else None) or project.price_level_year
            self.results.set_price_level(case_level, project.price_level_year)
        self.inputs.show_effect_chart()
        self._update_decision()
        self.recalculated.emit()

    # --- decision support (built elsewhere, embedded here) -------------------------------

    @staticmethod
    def _decision_panel() -> QWidget | None:
        try:
            from budgetapp.ui.decision.panel import DecisionPanel
        except ImportError:
            return None
        return DecisionPanel()

    def _update_decision(self) -> None:
        """Tornado, simulation and scenarios follow the case, but only while their tab is shown."""
        panel = self.decision_widget
        if panel is None or self.tabs.currentWidget() is not panel:
            return
        case = self.current_case()
        if case is None:
            return
        scenarios = tuple((s.name, s.description, s.overrides[case.name])
                          for s in self.document.project.scenarios if s.overrides.get(case.name))
        if panel.case != case or panel.project_scenarios != scenarios:
            panel.set_case(case, scenarios)

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label

