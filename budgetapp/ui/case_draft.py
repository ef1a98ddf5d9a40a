"""The business case being edited: a case dict that may be temporarily invalid, and its issues.

The draft holds the case as its ``budgetapp.case/2`` dict (effects listed, never the one-effect
shorthand), so every field has one path (``effects[0].segments[1].share``) and the reader's
issues name the same paths the editor shows.

Every edit is one step on the document's undo stack, valid or not: a core ``ReplaceCase`` command
with the draft before and after as its view state (:class:`budgetapp.ui.case_editor.DraftView`):

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
import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QObject, Signal

from budgetapp.core.case import BusinessCase, CaseError, Issue, case_from_dict
from budgetapp.ui.case_labels import place_under
from budgetapp.ui.locale import tr

# (case, text, merge key, draft before, draft after) → runs one ReplaceCase with the draft as view state
Record = Callable[..., None]

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> list[str | int]:
    """``effects[0].segments[1].share`` → ``["effects", 0, "segments", 1, "share"]``."""
    return [int(index) if index else name for name, index in _STEP.findall(path)]


def get_path(data: Any, path: str, default: Any = None) -> Any:
    """The value at ``path`` in nested dicts and lists, or ``default`` when it is not there."""
    node = data
    for step in split_path(path):
        if isinstance(step, int):
            if not isinstance(node, list) or not 0 <= step < len(node):
                return default
            node = node[step]
        else:
            if not isinstance(node, dict) or step not in node:
                return default
            node = node[step]
    return node


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at ``path`` (creating dicts on the way); ``None`` removes the key."""
    steps = split_path(path)
    node: Any = data
    for step, following in pairwise(steps):
        if isinstance(step, int):
            node = node[step]
        else:
            if not isinstance(node.get(step), dict | list):
                node[step] = [] if isinstance(following, int) else {}
            node = node[step]
    last = steps[-1]
    if isinstance(last, int):
        node[last] = value
    elif value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _renumber(path: str, list_path: str, removed: int) -> str | None:
    """``path`` after item ``removed`` of ``list_path`` is deleted: None if it named that item,
    the index lowered by one if it named a later item, else unchanged."""
    prefix = list_path + "["
    if not path.startswith(prefix):
        return path
    rest = path[len(prefix):]
    number, _, tail = rest.partition("]")
    if not number.isdigit():
        return path
    index = int(number)
    if index == removed:
        return None
    if index > removed:
        return f"{prefix}{index - 1}]{tail}"
    return path


def drop_dependent_paths(data: dict[str, Any], list_path: str, removed: int) -> None:
    """Remove or renumber the estimate, correlation and scenario paths that name item ``removed``
    of ``list_path`` (an effect, segment or prior-weeks entry), in place."""
    estimates = []
    for est in data.get("uncertainty") or []:
        new = _renumber(str(est.get("path", "")), list_path, removed)
        if new is not None:
            estimates.append({**est, "path": new})
    if "uncertainty" in data:
        data["uncertainty"] = estimates
    correlations = []
    for corr in data.get("correlations") or []:
        paths = [_renumber(str(p), list_path, removed) for p in corr.get("paths", [])]
        if all(p is not None for p in paths):
            correlations.append({**corr, "paths": paths})
    if "correlations" in data:
        data["correlations"] = correlations
    for spec in data.get("scenarios") or []:
        overrides = spec.get("overrides")
        if isinstance(overrides, dict):
            renamed = {}
            for key, value in overrides.items():
                new = _renumber(str(key), list_path, removed)
                if new is not None:
                    renamed[new] = value
            spec["overrides"] = renamed


class CaseDraft(QObject):
    """The case dict being edited, its issues and the text that could not be read as a value."""

    changed = Signal()

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
        try:
            return case_from_dict(data), []
        except CaseError as exc:
            return None, exc.issues

    def apply(
        self, text: str, mutate: Callable[[dict[str, Any]], None], merge_key: str | None, path: str
    ) -> bool:
        """Change the draft as one undo step; returns whether the case is valid after it."""
        data = copy.deepcopy(self.data)
        mutate(data)
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
        return self.apply(text, lambda data: set_path(data, path, value), f"field:{path}", path)

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
