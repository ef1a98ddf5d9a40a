"""The base budget as an editable table: one row per target group and year."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from budgetapp.core.budget import (
    GroupYear,
    OperationLine,
    group_figures,
    group_year_issues,
)
from budgetapp.core.case import Issue
from budgetapp.core.commands import (
    AddBudgetYear,
    AddGroupYear,
    AddOperationLine,
    RemoveBudgetYear,
    RemoveGroupYears,
    RemoveOperationLines,
    ReplaceBudgetItem,
)
from budgetapp.core.fields import FieldSpec
from budgetapp.core.fields import field as field_spec
from budgetapp.core.formatting import parse_number
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt, parse_share, tr

Index = QModelIndex | QPersistentModelIndex
COMPUTED_BRUSH = QBrush(QColor("#f3f6f9"))
DEFAULT_BRUSH = QBrush(QColor("#2e7d32"))  # green italic = the field's default (as in the case editor)


def parse_field(spec: FieldSpec, text: str) -> tuple[float | None, str | None]:
    """The number typed into a cell of ``spec``'s field, or a Danish message.

    An emptied cell returns to the field's default; a field without one must be filled in.
    """
    if not str(text).strip():
        if spec.default is None:
            return None, tr("Budget", "{0} skal udfyldes (feltet har ingen standardværdi)").format(spec.label)
        return float(spec.default), None
    try:
        number = parse_share(str(text)) if spec.kind == "share" else parse_number(str(text))
    except ValueError as exc:
        return None, tr("Budget", "{0}: {1}").format(spec.label, exc)
    return number, spec.check(number)


def default_font() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


def group_field(key: str) -> FieldSpec:
    return field_spec(f"budget.groups[].{key}")


@dataclass(frozen=True)
class BudgetColumn:
    key: str
    header: str
    kind: str  # text, int, number, share, computed
    decimals: int = 0


GROUP_COLUMNS = (
    BudgetColumn("target_group", "Målgruppe", "text"),
    BudgetColumn("year", "År", "int"),
    BudgetColumn("full_year_persons", "Helårspersoner", "number", 1),
    BudgetColumn("benefit_per_full_year_person", "Ydelse pr. helårsperson (kr.)", "number"),
    BudgetColumn("refusion", "Refusion af ydelsen", "text"),
    BudgetColumn("measures_per_full_year_person", "Indsats pr. helårsperson (kr.)", "number"),
    BudgetColumn("gross", "Brutto (1.000 kr.)", "computed", 1),
    BudgetColumn("refusion_kr", "Refusion (1.000 kr.)", "computed", 1),
    BudgetColumn("net", "Netto (1.000 kr.)", "computed", 1),
)
EDITABLE = {"full_year_persons", "benefit_per_full_year_person", "measures_per_full_year_person"}


def refusion_text(group: GroupYear) -> str:
    if group.band_distribution is not None:
        shares = " / ".join(fmt(s * 100, 0) for s in group.band_distribution)
        return tr("Budget", "{0}; uger 1-4/5-26/27-52/53+: {1} %").format(group.refusion_rule, shares)
    return tr("Budget", "{0}; gns. {1} %").format(
        group.refusion_rule, fmt((group.average_refusion_rate or 0) * 100, 1)
    )


def replace_in_budget(
    document: Document, field: str, position: int, new: GroupYear | OperationLine, text: str, merge_key: str
) -> None:
    """Replace item ``position`` of the budget's ``field`` (``groups`` or ``operation``): one undo step."""
    document.run(ReplaceBudgetItem(field, position, new, text, merge_key))


class BudgetModel(QAbstractTableModel):
    """Rows: the budget's group-years sorted by group and year. Editing pushes an undo step."""

    rejected = Signal(str)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document
        self.order: list[int] = []
        self.figures: list[tuple[float, float]] = []
        self._load()

    def _load(self) -> None:
        groups = self.document.project.budget.groups
        names = list(self.document.project.budget.target_groups)
        self.order = sorted(
            range(len(groups)), key=lambda i: (names.index(groups[i].target_group), groups[i].year)
        )
        self.figures = []
        for i in self.order:
            try:
                figs = group_figures(groups[i])
                self.figures.append((sum(f.gross for f in figs), sum(f.refusion for f in figs)))
            except (ValueError, KeyError):
                self.figures.append((float("nan"), float("nan")))

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def group(self, row: int) -> GroupYear:
        return self.document.project.budget.groups[self.order[row]]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GROUP_COLUMNS)

    def value(self, row: int, column: int) -> Any:
        col = GROUP_COLUMNS[column]
        group = self.group(row)
        if col.key == "target_group":
            return self.document.project.budget.group_names.get(group.target_group, group.target_group)
        if col.key == "refusion":
            return refusion_text(group)
        gross, refusion = self.figures[row]
        if col.key == "gross":
            return gross
        if col.key == "refusion_kr":
            return refusion
        if col.key == "net":
            return gross - refusion
        return getattr(group, col.key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.order):
            return None
        col = GROUP_COLUMNS[index.column()]
        value = self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if col.kind in ("text",):
                return str(value)
            if col.kind == "int":
                return str(value)
            if col.kind == "computed":
                return fmt(value / 1000.0, col.decimals)
            return fmt(value, col.decimals)
        if role == Qt.ItemDataRole.EditRole:
            return fmt(value, col.decimals) if col.kind == "number" else value
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("number", "computed", "int"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col.kind == "computed":
            return COMPUTED_BRUSH
        is_default = col.key in EDITABLE and group_field(col.key).default == value
        if role == Qt.ItemDataRole.FontRole and is_default:
            return default_font()
        if role == Qt.ItemDataRole.ForegroundRole and is_default:
            return DEFAULT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            group = self.group(index.row())
            key = f"budget/{group.target_group}/{group.year}/{col.key}"
            source = self.document.project.source(key)
            parts = [source.source or group.source]
            if col.key in EDITABLE:
                spec = group_field(col.key)
                parts.append(tr("Budget", "Standardværdi (ikke indtastet).") if is_default else "")
                parts.append(spec.tooltip())
            text = "\n".join(p for p in parts if p)
            return text or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if GROUP_COLUMNS[index.column()].key in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(GROUP_COLUMNS) and GROUP_COLUMNS[section].key in EDITABLE):
            return group_field(GROUP_COLUMNS[section].key).tooltip()
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("Budget", GROUP_COLUMNS[section].header) if 0 <= section < len(GROUP_COLUMNS) else None
        return str(section + 1) if 0 <= section < len(self.order) else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        col = GROUP_COLUMNS[index.column()]
        if col.key not in EDITABLE:
            return False
        number, problem = parse_field(group_field(col.key), str(value))
        if problem or number is None:
            self.rejected.emit(problem or "")
            return False
        position = self.order[index.row()]
        old = self.document.project.budget.groups[position]
        if getattr(old, col.key) == number:
            return False
        new = dataclasses.replace(old, **{col.key: number})
        issues = group_year_issues(new, "")
        if issues:
            self.rejected.emit("; ".join(f"{tr('Budget', col.header)}: {i.message}" for i in issues))
            return False
        replace_in_budget(
            self.document,
            "groups",
            position,
            new,
            tr("Budget", "Ændr basisbudget: {0} {1}").format(old.target_group, old.year),
            f"budget:{position}:{col.key}",
        )
        self.rejected.emit("")
        return True


OPERATION_HEADERS = ("Linje", "År", "Beløb (1.000 kr.)", "Funktion", "Styringsområde")


class OperationModel(QAbstractTableModel):
    """Job-centre operation (HK6) lines: amounts are editable."""

    rejected = Signal(str)

    def __init__(self, document: Document, parent=None) -> None:
        super().__init__(parent)
        self.document = document

    def lines(self) -> tuple[OperationLine, ...]:
        return self.document.project.budget.operation

    def reload(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OPERATION_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.lines()):
            return None
        line = self.lines()[index.row()]
        values = (
            line.name,
            str(line.year),
            fmt(line.amount / 1000.0, 1),
            line.function,
            line.styringsomraade,
        )
        if role == Qt.ItemDataRole.DisplayRole:
            return values[index.column()]
        if role == Qt.ItemDataRole.EditRole:
            return fmt(line.amount, 0) if index.column() == 2 else values[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.source or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("Budget", OPERATION_HEADERS[section]) if 0 <= section < len(OPERATION_HEADERS) else None
        return str(section + 1) if 0 <= section < len(self.lines()) else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() != 2:
            return False
        amount, problem = parse_field(field_spec("budget.operation[].amount"), str(value))
        if problem or amount is None:
            self.rejected.emit(problem or "")
            return False
        row = index.row()
        old = self.lines()[row]
        if old.amount == amount:
            return False
        replace_in_budget(
            self.document,
            "operation",
            row,
            dataclasses.replace(old, amount=amount),
            tr("Budget", "Ændr jobcenterdrift: {0} {1}").format(old.name, old.year),
            f"operation:{row}",
        )
        self.rejected.emit("")
        return True


# --- rows, lines and years: each change one core command (one undo step), checked by the core -------


def group_key_for(name: str) -> str:
    """A target-group key from a Danish name: ``"Løntilskud (forsikrede)"`` → ``"loentilskud_forsikrede"``."""
    text = name.strip().lower()
    for a, b in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _reason(issues: list[Issue]) -> str | None:
    return "; ".join(i.message for i in issues) or None


def add_group_year(document: Document, group: GroupYear, name: str | None = None) -> list[Issue]:
    """Add one target group × year row; ``name`` names a new group. The issues when refused."""
    return document.run(AddGroupYear(group, name))


def remove_group_years(document: Document, positions: list[int]) -> str | None:
    """Remove the group-years at ``positions`` (one undo step); a Danish reason when refused."""
    return _reason(document.run(RemoveGroupYears(tuple(positions))))


def add_operation_line(document: Document, line: OperationLine) -> list[Issue]:
    """Add one job-centre operation (HK6) line; the issues when refused."""
    return document.run(AddOperationLine(line))


def remove_operation_lines(document: Document, rows: list[int]) -> str | None:
    """Remove the operation lines at ``rows`` (one undo step); a Danish reason when refused."""
    return _reason(document.run(RemoveOperationLines(tuple(rows))))


def add_budget_year(document: Document) -> int | str:
    """Extend the horizon by one year after the last, copying each group's and line's latest figures.

    Returns the new year, or a Danish reason when it cannot be added (nothing changes then).
    """
    issues = document.run(AddBudgetYear())
    if issues:
        return "; ".join(i.message if i.field == "year" else str(i) for i in issues)
    return document.project.budget.years[-1]


def remove_budget_year(document: Document, year: int) -> str | None:
    """Remove every row and line of ``year`` (one undo step); a Danish reason when refused.

    The budget year and the overslagsår stay: the projection and the council material need them.
    """
    return _reason(document.run(RemoveBudgetYear(year)))
