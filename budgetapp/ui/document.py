"""The open project in the GUI: the Project, its file, and an undo stack of core commands.

Every change to the project is a :class:`budgetapp.core.commands.Command`, run with
:meth:`Document.run`: the core applies it to a copy of the project and computes the change set from
what actually changed; the step goes on the ``QUndoStack`` (one user action, one undo step); undo and
redo swap the project before and after. Views refresh from the change set (:attr:`Document.changes`),
never from a label the caller picks. The stack's clean state drives the title asterisk and the
"save changes?" prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from budgetapp.core.case import Issue
from budgetapp.core.commands import (
    Applied,
    ChangeSet,
    Command,
    CommandRefused,
    FunctionEdit,
    ReplaceProject,
    diff,
    execute,
    snapshot,
)
from budgetapp.core.project import Project

ALL = "all"
EVERYTHING = ChangeSet(frozenset({"settings", "budget", "unit_costs", "pools", "cases", "scenarios",
                                  "sources"}), frozenset(), True)

__all__ = ["ALL", "Document", "ProjectEdit", "UndoStep", "case_scope", "replace_project", "snapshot"]


def case_scope(index: int) -> str:
    return f"case:{index}"


class UndoStep(QUndoCommand):
    """A core :class:`Applied` step on Qt's undo stack; consecutive steps with the same merge key
    (typing a number digit by digit) become one."""

    def __init__(self, document: Document, step: Applied) -> None:
        super().__init__(step.text)
        self.document = document
        self.step = step

    def id(self) -> int:
        return 1 if self.step.command.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UndoStep) or other.step.command.merge_key != self.step.command.merge_key:
            return False
        before = self.step.before
        self.step = Applied(other.step.command, before, other.step.after, diff(before, other.step.after))
        return True

    def redo(self) -> None:
        self.document._set_project(self.step.after, self.step.changes)

    def undo(self) -> None:
        self.document._set_project(self.step.before, self.step.changes)


class ProjectEdit(QUndoCommand):
    """An edit given as a function on a copy of the project, as one undo step: the project before
    and after ``mutate``, the change set computed from them (for the case editor's draft edits,
    which subclass it). With no change (an invalid draft) ``scope`` is still announced, so the
    editor shows the draft it restores."""

    def __init__(self, document: Document, text: str, mutate: Callable[[Project], None],
                 scope: str = ALL, merge_key: str | None = None) -> None:
        super().__init__(text)
        self.document = document
        self.scope = scope
        self.merge_key = merge_key
        self.before = document.project
        after = snapshot(document.project)
        mutate(after)
        self.after = after

    def id(self) -> int:
        return 1 if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ProjectEdit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True

    def _show(self, project: Project) -> None:
        changes = diff(self.before, self.after)
        self.document._set_project(project, changes)
        if changes.empty:
            self.document.changed.emit(self.scope)

    def redo(self) -> None:
        self._show(self.after)

    def undo(self) -> None:
        self._show(self.before)


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
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.fileChanged.emit()

    # --- editing ------------------------------------------------------------------------

    def run(self, command: Command) -> list[Issue]:
        """Apply ``command`` as one undo step. Returns the problems when refused (nothing changes);
        a command that changes nothing is not put on the stack."""
        try:
            step = execute(self.project, command)
        except CommandRefused as refused:
            return refused.issues
        if not step.changes.empty:
            self.undo_stack.push(UndoStep(self, step))
        return []

    def edit(
        self, text: str, mutate: Callable[[Project], None], scope: str = ALL, merge_key: str | None = None
    ) -> None:
        """Apply ``mutate`` to a copy of the project as one undoable step (for editors not yet using
        named commands). ``scope`` is ignored: the change set is computed from the change itself."""
        del scope
        self.run(FunctionEdit(text, mutate, merge_key))

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


def replace_project(document: Document, text: str, new_project: Project, scope: str = ALL) -> None:
    """Push an import (or any whole-project change) as one undo step."""
    del scope
    document.run(ReplaceProject(text, new_project))
