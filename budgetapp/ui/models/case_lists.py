"""Editable tables of a case draft: segments, phase-in, cost lines and pool funding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from budgetapp.core.formatting import parse_number
from budgetapp.core.rules import load_rules
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.locale import fmt, fmt_amount, parse_amount, parse_share, tr

Index = QModelIndex | QPersistentModelIndex
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_BRUSH = QBrush(QColor("#ffcdd2"))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "number"  # text, number, share, amount, choice
    default: Any = None
    decimals: int = 1
    choices: Callable[[], list[tuple[Any, str]]] | None = None


def _cost_kinds() -> list[tuple[Any, str]]:
    return [
        ("fixed", tr("CaseTables", "Fast beløb pr. år")),
        ("per_participant", tr("CaseTables", "Pr. helårsdeltager")),
    ]


def _operating_rules() -> list[tuple[Any, str]]:
    rules = [(r.id, r.name) for r in load_rules().values() if r.applies_to == "operating_cost"]
    return [(None, tr("CaseTables", "(fast sats)")), *rules]


def _areas() -> list[tuple[Any, str]]:
    return [("service", "service"), ("overførsler", "overførsler"), ("anlæg", "anlæg")]


SEGMENT_COLUMNS = (
    Column("name", "Segment", "text"),
    Column("share", "Andel (%)", "share", decimals=1),
    Column("weeks_before", "Uger på ydelse før", decimals=2),
    Column("weeks_after", "Uger på ydelse efter", decimals=2),
    Column("weeks_in_effort", "Heraf uger i indsats", default=0.0, decimals=2),
    Column("active_weeks_before", "Aktive uger før", default=0.0, decimals=2),
)
COST_COLUMNS = (
    Column("name", "Udgift", "text"),
    Column("kind", "Type", "choice", default="fixed", choices=_cost_kinds),
    Column("amount_per_year", "Beløb pr. år (kr.)", "amount", default=0.0, decimals=0),
    Column("amount_per_full_year_participant", "Kr. pr. helårsdeltager", default=0.0, decimals=0),
    Column("refusion_rate", "Refusion (%)", "share", default=0.0, decimals=0),
    Column("refusion_rule", "Refusionsregel", "choice", default=None, choices=_operating_rules),
    Column("styringsomraade", "Styringsområde", "choice", default="service", choices=_areas),
)
POOL_COLUMNS = (
    Column("name", "Finansiering", "text"),
    Column("amount_per_year", "Beløb pr. år (kr.)", "amount", default=0.0, decimals=0),
    Column("pool_id", "Pulje-id", "text", default=None),
)

NEW_ROWS: dict[str, dict[str, Any]] = {
    "segments": {
        "name": "Nyt segment",
        "share": 0.0,
        "weeks_before": 0.0,
        "weeks_after": 0.0,
        "weeks_in_effort": 0.0,
        "active_weeks_before": 0.0,
    },
    "costs": {
        "name": "Ny udgift",
        "kind": "fixed",
        "amount_per_year": 0.0,
        "amount_per_full_year_participant": 0.0,
        "refusion_rate": 0.0,
        "refusion_rule": None,
        "styringsomraade": "service",
    },
    "pool_funding": {"name": "Ny finansiering", "amount_per_year": 0.0, "pool_id": None},
}


class DraftTableModel(QAbstractTableModel):
    """A table of one list in a case draft: its rows follow the draft, every cell is editable and
    a cell with a validation issue is shown red with the message as its tooltip."""

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        super().__init__(parent)
        self.draft = draft
        self._rows = self._count()
        draft.changed.connect(self._draft_changed)

    def _count(self) -> int:
        """The number of rows in the draft now (subclasses fill it)."""
        raise NotImplementedError

    def _columns(self) -> int:
        """The number of columns (subclasses fill it)."""
        raise NotImplementedError

    def _draft_changed(self) -> None:
        rows = self._count()
        if rows != self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self._columns() - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns()

    def issue_data(self, path: str, role: int):
        """The red background and the tooltip of the cell at draft ``path``; None for other roles."""
        if role == Qt.ItemDataRole.BackgroundRole and self.draft.has_issue(path):
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.draft.issue_text(path) or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


class DraftListModel(DraftTableModel):
    """One list of a case draft (``segments``, ``costs``, ``pool_funding``) as an editable table."""

    def __init__(
        self, draft: CaseDraft, list_key: str, columns: tuple[Column, ...], label: str, parent=None
    ) -> None:
        self.list_key = list_key
        self.columns = columns
        self.label = label
        super().__init__(draft, parent)

    def _items(self) -> list[dict[str, Any]]:
        items = self.draft.data.get(self.list_key, [])
        return items if isinstance(items, list) else []

    def _count(self) -> int:
        return len(self._items())

    def _columns(self) -> int:
        return len(self.columns)

    def path(self, row: int, column: int) -> str:
        return f"{self.list_key}[{row}].{self.columns[column].key}"

    def raw(self, row: int, column: int) -> Any:
        col = self.columns[column]
        return self._items()[row].get(col.key, col.default)

    def display(self, row: int, column: int) -> str:
        col = self.columns[column]
        value = self.raw(row, column)
        if value is None:
            if col.kind == "choice" and col.choices:
                return dict(col.choices()).get(None, "")
            return ""
        if col.kind == "text":
            return str(value)
        if col.kind == "choice" and col.choices:
            return dict(col.choices()).get(value, str(value))
        if col.kind == "share":
            return fmt(float(value) * 100.0, col.decimals)
        if col.kind == "amount":
            return fmt_amount(value, col.decimals)
        return fmt(float(value), col.decimals)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        row, column = index.row(), index.column()
        col = self.columns[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and col.kind == "choice":
                return self.raw(row, column)
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("number", "share", "amount"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CHOICES_ROLE and col.choices:
            return col.choices()
        return self.issue_data(self.path(row, column), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self.columns):
                return tr("CaseTables", self.columns[section].header)
            return None
        return str(section + 1) if 0 <= section < self._rows else None

    def parse(self, column: int, value: Any) -> Any:
        """Text typed in a cell → the case-file value. Raises ValueError with a Danish message."""
        col = self.columns[column]
        if col.kind == "choice":
            return value
        text = str(value)
        if col.kind == "text":
            if col.key == "pool_id" and not text.strip():
                return None
            return text
        if col.kind == "share":
            return parse_share(text)
        if col.kind == "amount":
            return parse_amount(text)
        return parse_number(text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), index.column()
        col = self.columns[column]
        path = self.path(row, column)
        try:
            parsed = self.parse(column, value)
        except ValueError as exc:
            self.draft.report_typing(path, str(exc))
            return False
        if parsed == self.raw(row, column):
            return False

        def mutate(data: dict[str, Any]) -> None:
            item = data[self.list_key][row]
            if parsed is None:
                item.pop(col.key, None)
            else:
                item[col.key] = parsed
            if col.key == "refusion_rule" and parsed is not None:
                item.pop("refusion_rate", None)
            if col.key == "refusion_rate":
                item.pop("refusion_rule", None)

        self.draft.apply(
            tr("CaseTables", "Ændr {0}").format(tr("CaseTables", col.header).lower()), mutate, f"{path}", path
        )
        return True

    def insert_row(self) -> None:
        new = dict(NEW_ROWS[self.list_key])

        def mutate(data: dict[str, Any]) -> None:
            data.setdefault(self.list_key, []).append(new)

        text = tr("CaseTables", "Tilføj række: {0}").format(self.label)
        self.draft.apply(text, mutate, None, self.list_key)

    def remove_row(self, row: int) -> None:
        if not 0 <= row < self._rows:
            return

        def mutate(data: dict[str, Any]) -> None:
            del data[self.list_key][row]

        self.draft.apply(tr("CaseTables", "Fjern række: {0}").format(self.label), mutate, None, self.list_key)


class PhaseInModel(DraftTableModel):
    """The effect phase-in: one factor (in %) per year; the last one repeats."""

    def _factors(self) -> list[Any]:
        value = self.draft.data.get("effect_phase_in", [1.0])
        return value if isinstance(value, list) else [value]

    def _count(self) -> int:
        return len(self._factors())

    def _columns(self) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        path = f"effect_phase_in[{index.row()}]"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return fmt(float(self._factors()[index.row()]) * 100.0, 0)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.issue_data(path, role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("CaseTables", "Effekt (%)") if section == 0 else None
        if not 0 <= section < self._rows:
            return None
        start = self.draft.data.get("start_year")
        if isinstance(start, int):
            label = str(start + section)
        else:
            label = tr("CaseTables", "År {0}").format(section + 1)
        return label + (" →" if section == self._rows - 1 else "")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = index.row()
        path = f"effect_phase_in[{row}]"
        try:
            factor = parse_share(str(value))
        except ValueError as exc:
            self.draft.report_typing(path, str(exc))
            return False

        def mutate(data: dict[str, Any]) -> None:
            factors = data.get("effect_phase_in", [1.0])
            factors = list(factors) if isinstance(factors, list) else [factors]
            factors[row] = factor
            data["effect_phase_in"] = factors

        self.draft.apply(tr("CaseTables", "Ændr indfasning"), mutate, path, path)
        return True

    def insert_row(self) -> None:
        def mutate(data: dict[str, Any]) -> None:
            factors = list(data.get("effect_phase_in", [1.0]))
            factors.append(factors[-1] if factors else 1.0)
            data["effect_phase_in"] = factors

        self.draft.apply(tr("CaseTables", "Tilføj indfasningsår"), mutate, None, "effect_phase_in")

    def remove_row(self, row: int) -> None:
        if not 0 <= row < self._rows:
            return

        def mutate(data: dict[str, Any]) -> None:
            factors = list(data.get("effect_phase_in", [1.0]))
            del factors[row]
            data["effect_phase_in"] = factors

        self.draft.apply(tr("CaseTables", "Fjern indfasningsår"), mutate, None, "effect_phase_in")
