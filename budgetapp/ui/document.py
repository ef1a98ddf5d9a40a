"""The open project in the GUI: the Project, its file, and an undo stack of edit commands.

Every change to the project goes through :meth:`Document.edit`, which pushes a
:class:`ProjectEdit` on the ``QUndoStack``. A command keeps a snapshot of the project before
and after the edit (the project's parts are frozen dataclasses, so a snapshot is a shallow copy
of its lists and dicts), so undo and redo work the same for a typed value, a table cell, a new
case or a whole import. The stack's clean state drives the title asterisk and the
"save changes?" prompt.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from budgetapp.core.project import Project

ALL = "all"


def snapshot(project: Project) -> Project:
    """A copy that shares the frozen parts and copies every list and dict one level deep."""
    changes = {}
    for f in dataclasses.fields(project):
        value = getattr(project, f.name)
        if isinstance(value, list | dict | set):
            changes[f.name] = copy.copy(value)
    return dataclasses.replace(project, **changes)


def case_scope(index: int) -> str:
    return f"case:{index}"


class ProjectEdit(QUndoCommand):
    """One undoable edit: the project before and after ``mutate`` was applied.

    ``merge_key`` lets consecutive edits of the same field (typing a number digit by digit)
    become one undo step.
    """

    def __init__(
        self,
        document: Document,
        text: str,
        mutate: Callable[[Project], None],
        scope: str = ALL,
        merge_key: str | None = None,
    ) -> None:
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

    def redo(self) -> None:
        self.document._set_project(self.after, self.scope)

    def undo(self) -> None:
        self.document._set_project(self.before, self.scope)


class Document(QObject):
    """The project being edited, where it is stored, and its undo history."""

    changed = Signal(str)  # scope: "all", "case:<index>", "budget", "pools", ...
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

    def edit(
        self, text: str, mutate: Callable[[Project], None], scope: str = ALL, merge_key: str | None = None
    ) -> None:
        """Apply ``mutate`` to a copy of the project as one undoable step."""
        self.undo_stack.push(ProjectEdit(self, text, mutate, scope, merge_key))

    def _set_project(self, project: Project, scope: str) -> None:
        self.project = project
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


class ProjectReplace(ProjectEdit):
    """An edit that swaps in a whole new project (an import): undo brings the old one back."""

    def __init__(self, document: Document, text: str, new_project: Project, scope: str = ALL) -> None:
        QUndoCommand.__init__(self, text)
        self.document = document
        self.scope = scope
        self.merge_key = None
        self.before = document.project
        self.after = new_project


def replace_project(document: Document, text: str, new_project: Project, scope: str = ALL) -> None:
    """Push an import (or any whole-project change) as one undo step."""
    document.undo_stack.push(ProjectReplace(document, text, new_project, scope))
