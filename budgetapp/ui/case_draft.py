"""The business case being edited: a case dict that may be temporarily invalid, and its issues.

Each edit changes the dict and validates it with :func:`case_from_dict`. A valid result is
committed at once (one undo step, live recalculation); an invalid one stays in the draft with its
messages shown next to the fields, and the results keep showing the last valid case. Typing the
missing piece (e.g. the segment share that makes the shares sum to 1) commits the whole draft.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from budgetapp.core.case import BusinessCase, CaseError, Issue, case_from_dict
from budgetapp.ui.locale import tr

Commit = Callable[[BusinessCase, str, str | None], None]


class CaseDraft(QObject):
    changed = Signal()

    def __init__(self, commit: Commit, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self.case: BusinessCase | None = None
        self.data: dict[str, Any] = {}
        self.issues: list[Issue] = []
        self.typing_issues: dict[str, str] = {}  # field path → "not a number" etc.

    @property
    def valid(self) -> bool:
        return not self.issues and not self.typing_issues

    def load(self, case: BusinessCase | None) -> None:
        """Show ``case`` (the document's current version); drops any invalid draft."""
        self.case = case
        self.data = {} if case is None else case.to_dict(flat=True)
        self.issues = []
        self.typing_issues = {}
        self.changed.emit()

    def apply(
        self, text: str, mutate: Callable[[dict[str, Any]], None], merge_key: str | None, path: str
    ) -> bool:
        """Change the draft; commit when the case is valid. Returns whether it was committed."""
        data = copy.deepcopy(self.data)
        mutate(data)
        self.typing_issues.pop(path, None)
        try:
            case = case_from_dict(data)
        except CaseError as exc:
            self.data = data
            self.issues = exc.issues
            self.changed.emit()
            return False
        self.data = data
        self.issues = []
        if self.typing_issues:
            self.changed.emit()
            return False
        self._commit(case, text, merge_key)
        return True

    def set_value(self, path: str, value: Any, text: str) -> bool:
        """Set a top-level field or a ``parent.child`` field of the draft."""

        def mutate(data: dict[str, Any]) -> None:
            if "." in path:
                outer, inner = path.split(".", 1)
                data.setdefault(outer, {})[inner] = value
            else:
                data[path] = value

        return self.apply(text, mutate, f"field:{path}", path)

    def set_note(self, note_key: str, note: str) -> bool:
        """Set the source/remark ``notes[note_key]``; a blank note removes it."""

        def mutate(data: dict[str, Any]) -> None:
            notes = dict(data.get("notes") or {})
            if note.strip():
                notes[note_key] = note
            else:
                notes.pop(note_key, None)
            data["notes"] = notes

        return self.apply(
            tr("CaseEditor", "Ændr kilde/bemærkning"), mutate, f"note:{note_key}", f"notes.{note_key}"
        )

    def report_typing(self, path: str, message: str) -> None:
        """A value that could not even be read (not a number): shown, nothing changes."""
        self.typing_issues[path] = message
        self.changed.emit()

    def messages_for(self, path: str) -> list[str]:
        """Messages for one field (``inflow_per_year``) or everything under a list (``segments``)."""
        out: list[str] = []
        if path in self.typing_issues:
            out.append(self.typing_issues[path])
        for key, message in self.typing_issues.items():
            if key != path and (key.startswith(path + "[") or key.startswith(path + ".")):
                out.append(f"{key}: {message}")
        for issue in self.issues:
            if issue.field == path:
                out.append(issue.message)
            elif issue.field.startswith(path + "[") or issue.field.startswith(path + "."):
                out.append(f"{issue.field}: {issue.message}")
        return out

    def has_issue(self, path: str) -> bool:
        return path in self.typing_issues or any(i.field == path for i in self.issues)

    def issue_text(self, path: str) -> str:
        if path in self.typing_issues:
            return self.typing_issues[path]
        return "; ".join(i.message for i in self.issues if i.field == path)
