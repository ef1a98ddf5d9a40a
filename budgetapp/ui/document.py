"""The open project in the GUI: the Project, its file, and an undo stack of core commands.

Every change to the project is a :class:`budgetapp.core.commands.Command`, run with
:meth:`Document.run`: the core applies it to a copy of the project and computes the change set from
what actually changed; the step goes on the ``QUndoStack`` (one user action, one undo step); undo and
redo swap the project before and after. Views refresh from the change set (:attr:`Document.changes`),
never from a label the caller picks. The stack's clean state drives the title asterisk and the
"save changes?" prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from budgetapp.core.case import Issue
from budgetapp.core.commands import (
    Applied,
    ChangeSet,
    Command,
    CommandRefused,
    ReplaceProject,
    diff,
    execute,
    snapshot,
)
from budgetapp.core.project import Project

ALL = "all"
EVERYTHING = ChangeSet(frozenset({"settings", "budget", "unit_costs", "pools", "cases", "scenarios",
                                  "sources"}), frozenset(), True)

__all__ = ["ALL", "Document", "UndoStep", "ViewState", "case_scope", "replace_project", "snapshot"]


def case_scope(index: int) -> str:
    return f"case:{index}"


class ViewState(Protocol):
    """State of a view that goes with an undo step but is not part of the project: the case editor's
    draft, which may be invalid (``budgetapp/ui/case_editor.py``). ``before``/``after`` are the view's
    states around the step; :meth:`restore` is called with one of them on undo/redo, around the
    project being set (``set_project`` sets it and emits the change set)."""

    before: Any
    after: Any

    def restore(self, state: Any, set_project: Any) -> None: ...


class UndoStep(QUndoCommand):
    """A core :class:`Applied` step on Qt's undo stack, with the view state that goes with it (if any);
    consecutive steps with the same merge key (typing a number digit by digit) become one. The stack
    is a child of the document, so its steps never outlive it."""

    def __init__(self, document: Document, step: Applied, view: ViewState | None = None) -> None:
        super().__init__(step.text)
        self.document = document
        self.step = step
        self.view = view

    def id(self) -> int:
        return 1 if self.step.command.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UndoStep) or other.step.command.merge_key != self.step.command.merge_key:
            return False
        if (self.view is None) != (other.view is None):
            return False
        before = self.step.before
        self.step = Applied(other.step.command, before, other.step.after, diff(before, other.step.after))
        if self.view is not None and other.view is not None:
            self.view.after = other.view.after
        return True

    def redo(self) -> None:
        self._go(self.step.after, self.view.after if self.view is not None else None)

    def undo(self) -> None:
        self._go(self.step.before, self.view.before if self.view is not None else None)

    def _go(self, project: Project, state: Any) -> None:
        changes = self.step.changes
        if self.view is None:
            self.document._set_project(project, changes)
        else:
            self.view.restore(state, lambda: self.document._set_project(project, changes))


class Document(QObject):
    """The project being edited, where it is stored, and its undo history."""

    changes = Signal(object)  # the ChangeSet of an edit, undo or redo
    changed = Signal(str)  # the same as scope names ("cases", "case:0", …), for older listeners
    fileChanged = Signal()  # path or clean state changed (title bar)

    def __init__(
        self,
        project: Project,
        path: Path | None = None,
        parent: QObject | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.project = project
        self.path = path
        self.read_only = read_only
        self.undo_stack = QUndoStack(self)
        # Signal to signal, not to a Python method: a stack destroyed while not clean emits
        # cleanChanged from its destructor, after the document's Python object may be gone; a C++
        # connection to the document's own signal is dropped by ~QObject before its children go,
        # whereas a bound method was called into a collected Document ("Slot 'Document::' not found").
        self.undo_stack.cleanChanged.connect(self.fileChanged)

    # --- editing ------------------------------------------------------------------------

    def run(self, command: Command, view: ViewState | None = None) -> list[Issue]:
        """Apply ``command`` as one undo step. Returns the problems when refused (nothing changes).

        A command that changes nothing is not put on the stack, unless ``view`` carries view state
        that changed (an edit that leaves the case editor's draft invalid changes only the draft)."""
        try:
            step = execute(self.project, command)
        except CommandRefused as refused:
            return refused.issues
        if not step.changes.empty or view is not None:
            self.undo_stack.push(UndoStep(self, step, view))
        return []

    def _set_project(self, project: Project, changes: ChangeSet) -> None:
        self.project = project
        self.changes.emit(changes)
        # Older listeners (the case editor) refresh on "all" or their own "case:<i>": a change of the
        # settings, the pools (which fund cases), the scenarios or the list of cases reaches them all.
        if changes.case_list or changes.touches("settings", "pools", "scenarios", "unit_costs"):
            self.changed.emit(ALL)
        else:
            for scope in changes.scopes():
                self.changed.emit(scope)

    # --- state ----------------------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.read_only = False
        self.undo_stack.setClean()
        self.fileChanged.emit()

    def display_name(self) -> str:
        if self.path is not None:
            return self.path.name
        return self.project.municipality or "Nyt projekt"


def replace_project(document: Document, text: str, new_project: Project) -> None:
    """An import (or any whole-project change) as one undo step: a :class:`ReplaceProject` command."""
    document.run(ReplaceProject(text, new_project))
