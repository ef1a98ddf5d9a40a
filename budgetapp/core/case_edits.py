"""Edits of a business case's file dict (``budgetapp.case/2``) as plain objects, without Qt.

An edit names what it changes by the case file's paths (``effects[0].segments[1].share``, see
docs/case-file.md) and has ``apply(data) -> dict``, which returns a new dict and never changes
``data``. The GUI's case editor builds one edit per user action and records the draft before and
after it as one undo step; the command line and tests can run the same edits on a case dict and
read it with :func:`budgetapp.core.case.case_from_dict`.

Where an edit can be taken back by another edit, ``inverse(data)`` gives it (``data`` is the dict
the edit is applied to): ``edit.inverse(data).apply(edit.apply(data)) == data``. An edit that also
removes what depended on a removed item (a :class:`RemoveItem` with ``drop_dependents``) has no
inverse edit; the undo stack keeps the dict before it instead.

Paths: ``name`` is a key of a dict, ``[n]`` the n-th item of a list (0-based). Setting a value of
``None`` removes the key, so the case reader's default applies (docs/case-file.md). Errors: a path
through something that is not a dict or list raises KeyError or IndexError naming the path.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from budgetapp.core.case import BusinessCase

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
    """Set the value at ``path`` in place (creating dicts and lists on the way); ``None`` removes
    the key. Raises KeyError/IndexError naming ``path`` when a list index is out of range."""
    steps = split_path(path)
    node: Any = data
    try:
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
    except (IndexError, TypeError, AttributeError) as exc:
        raise KeyError(f"feltet {path} findes ikke i casen") from exc


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


class CaseEdit(Protocol):
    """Anything with ``apply(data) -> dict`` (a new dict; ``data`` unchanged)."""

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]: ...


_MISSING = object()


@dataclass(frozen=True)
class SetField:
    """Set the value at ``path`` (``effects[0].deadweight``); ``None`` removes it (the default applies)."""

    path: str
    value: Any

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        set_path(out, self.path, copy.deepcopy(self.value))
        return out

    def inverse(self, data: Mapping[str, Any]) -> SetField:
        """The edit back to ``data``'s value (a key stored as None comes back removed, which the
        case reader reads alike)."""
        old = get_path(data, self.path, _MISSING)
        return SetField(self.path, None if old is _MISSING else copy.deepcopy(old))


@dataclass(frozen=True)
class SetNote:
    """Set the source/remark ``notes[key]`` (``key`` may itself be a path, ``effects[1].segments``);
    a blank note removes it."""

    key: str
    note: str

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        notes = dict(out.get("notes") or {})
        if self.note.strip():
            notes[self.key] = self.note
        else:
            notes.pop(self.key, None)
        out["notes"] = notes
        return out


@dataclass(frozen=True)
class InsertItem:
    """Insert ``item`` into the list at ``list_path`` before ``index`` (None: at the end); the list
    is created when the case has none."""

    list_path: str
    item: Any
    index: int | None = None

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        items = get_path(out, self.list_path)
        if not isinstance(items, list):
            set_path(out, self.list_path, [])
            items = get_path(out, self.list_path)
        items.insert(len(items) if self.index is None else self.index, copy.deepcopy(self.item))
        return out

    def inverse(self, data: Mapping[str, Any]) -> RemoveItem:
        items = get_path(data, self.list_path)
        count = len(items) if isinstance(items, list) else 0
        return RemoveItem(self.list_path, count if self.index is None else self.index, False)


@dataclass(frozen=True)
class RemoveItem:
    """Remove item ``index`` of the list at ``list_path``. With ``drop_dependents`` (an effect,
    segment or prior-weeks entry) the estimates, correlations and scenario overrides that named it
    go too and those naming later items are renumbered, so nothing invalid is left in a part of
    the case the user did not touch."""

    list_path: str
    index: int
    drop_dependents: bool = True

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        items = get_path(out, self.list_path)
        if not isinstance(items, list) or not 0 <= self.index < len(items):
            raise IndexError(f"{self.list_path} har ingen række {self.index + 1}")
        del items[self.index]
        if self.drop_dependents:
            drop_dependent_paths(out, self.list_path, self.index)
        return out

    def inverse(self, data: Mapping[str, Any]) -> InsertItem | None:
        """The insert that puts the item back; None with ``drop_dependents`` (see the module text)."""
        if self.drop_dependents:
            return None
        return InsertItem(self.list_path, copy.deepcopy(get_path(data, self.list_path)[self.index]),
                          self.index)


@dataclass(frozen=True)
class UpdateItem:
    """Set keys of the dict at item ``index`` of the list at ``list_path``: ``changes`` maps a key
    to its new value, ``None`` removing the key (``{"share": 0.4}``, ``{"refusion_rule": None}``)."""

    list_path: str
    index: int
    changes: Mapping[str, Any] = field(default_factory=dict)

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        items = get_path(out, self.list_path)
        if not isinstance(items, list) or not 0 <= self.index < len(items) \
                or not isinstance(items[self.index], dict):
            raise IndexError(f"{self.list_path} har ingen række {self.index + 1}")
        item = items[self.index]
        for key, value in self.changes.items():
            if value is None:
                item.pop(key, None)
            else:
                item[key] = copy.deepcopy(value)
        return out

    def inverse(self, data: Mapping[str, Any]) -> UpdateItem:
        item = get_path(data, self.list_path)[self.index]
        return UpdateItem(self.list_path, self.index,
                          {key: copy.deepcopy(item.get(key)) for key in self.changes})


@dataclass(frozen=True)
class DropCorrelations:
    """Remove the correlations that name the input ``path`` (an estimate removed or re-pointed), so
    no correlation is left without its estimate."""

    path: str

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        if "correlations" in out:
            out["correlations"] = [c for c in out["correlations"] if self.path not in c.get("paths", [])]
        return out


@dataclass(frozen=True)
class Edits:
    """Several edits as one (one user action, one undo step), applied in order."""

    edits: tuple[CaseEdit, ...]

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = dict(data)
        for edit in self.edits:
            out = edit.apply(out)
        return copy.deepcopy(out) if not self.edits else out


@dataclass(frozen=True)
class DropDependents:
    """Remove or renumber the estimate, correlation and scenario paths that named item ``index``
    of ``list_path`` once it is gone (:func:`drop_dependent_paths`), after an edit that removed it
    in another way (a prior-weeks mixture stored anew)."""

    list_path: str
    index: int

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = copy.deepcopy(dict(data))
        drop_dependent_paths(out, self.list_path, self.index)
        return out


def edit_case(case: BusinessCase, edit: CaseEdit) -> BusinessCase:
    """``case`` after ``edit``, read back by the case reader (:func:`budgetapp.core.case.case_from_dict`),
    for the command line and scripts: an edit that leaves the case invalid raises CaseError, whose
    issues name the fields (``effects[0].deadweight``) with Danish messages; ``case`` is unchanged."""
    from budgetapp.core.case import case_from_dict

    return case_from_dict(edit.apply(case.to_dict()))
