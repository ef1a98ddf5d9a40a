"""The business case being edited: a case dict that may be temporarily invalid, and its issues.

The draft holds the case as its ``budgetapp.case/2`` dict (effects listed, never the one-effect
shorthand), so every field has one path (``effects[0].segments[1].share``) and the reader's
issues name the same paths the editor shows.

Every edit is a Qt-free case edit of :mod:`budgetapp.core.case_edits` (``SetField``,
``InsertItem``, ``RemoveItem``, ``UpdateItem`` …) and one step on the document's undo stack,
valid or not: a core ``ReplaceCase`` command with the draft before and after as its view state
(:class:`budgetapp.ui.case_editor.DraftView`):

* an edit that leaves the case valid changes the project (and the results follow);
* an edit that leaves it invalid changes only the draft: the project keeps the last valid case,
  the results show it (greyed) and the invalid fields are marked.

Undo therefore steps back one field edit at a time through an invalid draft and never past it
into the committed history in one go; redo brings every typed value back. Undoing the edit that
completed a draft restores the project *and* the invalid draft as it stood just before.

Removing an effect, a segment or a prior-weeks entry also removes the three-point estimates,
correlations and scenario overrides that named it and renumbers those that named a later one,
so no invalid entry is left in a part of the case the user did not touch.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from budgetapp.core.case import BusinessCase, CaseError, Issue, case_from_dict
from budgetapp.core.case_edits import (  # the path helpers, re-exported for the editor's modules
    CaseEdit,
    SetField,
    SetNote,
    drop_dependent_paths,
    get_path,
    set_path,
    split_path,
)
from budgetapp.ui.case_labels import percent_message, place_under
from budgetapp.ui.locale import tr

# (case, text, merge key, draft before, draft after) → runs one ReplaceCase with the draft as view state
Record = Callable[..., None]

__all__ = ["CaseDraft", "drop_dependent_paths", "get_path", "set_path", "split_path"]


class CaseDraft(QObject):
    """The case dict being edited, its issues and the text that could not be read as a value."""

    changed = Signal()
    notice = Signal(str)  # a passing note for the status strip (an emptied required cell kept its value)

    def __init__(self, record: Record, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._record = record
        self.case: BusinessCase | None = None   # the last valid case (what the results show)
        self.data: dict[str, Any] = {}
        self.issues: list[Issue] = []
        self.typing_issues: dict[str, str] = {}  # field path → "not a number" etc.

    @property
    def valid(self) -> bool:
        return not self.issues and not self.typing_issues

    def load(self, case: BusinessCase | None) -> None:
        """Show ``case`` (the document's current version); any invalid draft is dropped."""
        self.case = case
        self.data = {} if case is None else case.to_dict()
        self.issues = []
        self.typing_issues = {}
        self.changed.emit()

    def show(self, case: BusinessCase | None, data: dict[str, Any],
             issues: list[Issue] | None = None) -> None:
        """Show a draft state restored by undo or redo: ``case`` is the project's (valid) case,
        ``data`` the draft, which may be invalid; ``issues`` its problems when already known."""
        self.case = case
        self.data = copy.deepcopy(data)
        if issues is None:
            _case, issues = self.validate(self.data)
        self.issues = list(issues)
        self.changed.emit()

    def validate(self, data: dict[str, Any]) -> tuple[BusinessCase | None, list[Issue]]:
        """The case ``data`` makes, or None and its issues; a range message of a field typed in
        percent is worded in percent (:func:`case_labels.percent_message`)."""
        try:
            return case_from_dict(data), []
        except CaseError as exc:
            return None, [Issue(i.field, percent_message(i.field, i.message)) for i in exc.issues]

    def apply(self, text: str, edit: CaseEdit, merge_key: str | None, path: str) -> bool:
        """Change the draft by ``edit`` (a :mod:`budgetapp.core.case_edits` object) as one undo
        step named ``text``; steps with the same ``merge_key`` in a row merge into one; ``path`` is
        the field whose unreadable text the edit replaces. Returns whether the case is valid after."""
        data = edit.apply(self.data)
        had_typing_issue = self.typing_issues.pop(path, None) is not None
        if data == self.data:  # a value typed again as it was: no undo step that changes nothing
            if had_typing_issue:
                self.changed.emit()
            return self.valid
        case, issues = self.validate(data)
        if case is not None and self.typing_issues:
            case = None
        self._record(case, text, merge_key, copy.deepcopy(self.data), data,
                     issues_before=list(self.issues), issues_after=issues)
        return case is not None

    def set_value(self, path: str, value: Any, text: str) -> bool:
        """Set the field at ``path`` (``None`` removes it, so its default applies)."""
        return self.apply(text, SetField(path, value), f"field:{path}", path)

    def set_note(self, note_key: str, note: str) -> bool:
        """Set the source/remark ``notes[note_key]``; a blank note removes it."""
        return self.apply(tr("CaseEditor", "Ændr kilde/bemærkning"), SetNote(note_key, note),
                          f"note:{note_key}", f"notes.{note_key}")

    def report_typing(self, path: str, message: str) -> None:
        """A value that could not even be read (not a number): shown, nothing changes."""
        self.typing_issues[path] = message
        self.changed.emit()

    def clear_typing(self, path: str) -> None:
        if self.typing_issues.pop(path, None) is not None:
            self.changed.emit()

    def messages_for(self, path: str) -> list[str]:
        """Messages for one field (``inflow_per_year``) or everything under a list (``segments``),
        each under a list saying where in Danish (``segment «B» › Andel: …``). Under
        ``follow_up`` the path is kept as it is: the follow-up editor words its own places
        (year and column, :mod:`budgetapp.ui.decision.follow_up_editor`)."""
        out: list[str] = []
        if path.startswith("follow_up"):
            return self._raw_messages_for(path)
        if path in self.typing_issues:
            out.append(self.typing_issues[path])
        for key, message in self.typing_issues.items():
            if key != path and (key.startswith(path + "[") or key.startswith(path + ".")):
                out.append(f"{place_under(self.data, key, path)}: {message}")
        for issue in self.issues:
            if issue.field == path:
                out.append(issue.message)
            elif issue.field.startswith(path + "[") or issue.field.startswith(path + "."):
                out.append(f"{place_under(self.data, issue.field, path)}: {issue.message}")
        return out

    def _raw_messages_for(self, path: str) -> list[str]:
        out = [self.typing_issues[path]] if path in self.typing_issues else []
        out += [f"{key}: {message}" for key, message in self.typing_issues.items()
                if key != path and (key.startswith(path + "[") or key.startswith(path + "."))]
        for issue in self.issues:
            if issue.field == path:
                out.append(issue.message)
            elif issue.field.startswith(path + "[") or issue.field.startswith(path + "."):
                out.append(f"{issue.field}: {issue.message}")
        return out

    def has_issue(self, path: str, prefix: bool = False) -> bool:
        if path in self.typing_issues or any(i.field == path for i in self.issues):
            return True
        return prefix and any(i.field.startswith(path + ".") or i.field.startswith(path + "[")
                              for i in self.issues)

    def issue_text(self, path: str, prefix: bool = False) -> str:
        if path in self.typing_issues:
            return self.typing_issues[path]
        return "; ".join(
            i.message if i.field == path else f"{place_under(self.data, i.field, path)}: {i.message}"
            for i in self.issues
            if i.field == path or (prefix and (i.field.startswith(path + ".")
                                               or i.field.startswith(path + "[")))
        )
