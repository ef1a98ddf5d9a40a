"""Editable tables of a case draft: segments, prior weeks, phase-in, band shares, cost lines,
pool funding, three-point estimates and scenarios.

Each table edits one list of the draft dict, named by its path (``effects[1].segments``); the
editor points a table at another effect with :meth:`DraftListModel.set_list_key`. A cell whose
field has a validation issue is shown red with the message as its tooltip; every header has a
tooltip saying what the column holds and in which unit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from budgetapp.core.case_edits import (
    DropCorrelations,
    DropDependents,
    Edits,
    InsertItem,
    RemoveItem,
    SetField,
    UpdateItem,
)
from budgetapp.core.case_inputs import InputError, key_inputs, resolve
from budgetapp.core.fields import field as field_spec
from budgetapp.core.formatting import parse_number
from budgetapp.core.rules import load_rules
from budgetapp.ui.case_draft import CaseDraft, get_path
from budgetapp.ui.case_labels import parse_percent, show_percent
from budgetapp.ui.locale import fmt, fmt_amount, parse_amount, tr

Index = QModelIndex | QPersistentModelIndex
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_BRUSH = QBrush(QColor("#ffcdd2"))
DERIVED_BRUSH = QBrush(QColor("#eeeeee"))


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "number"  # text, number, plain, share, amount, choice, overrides
    default: Any = None
    decimals: int = 1
    choices: Callable[[], list[tuple[Any, str]]] | None = None
    tooltip: str = ""
    prefix_issues: bool = False  # issues under the field (overrides.<path>) mark the cell
    field: str = ""  # the field registry's path (budgetapp/core/fields.py): tooltip and default

    def __post_init__(self) -> None:
        if self.field:
            spec = field_spec(self.field)
            object.__setattr__(self, "tooltip", spec.tooltip())
            object.__setattr__(self, "default", spec.default)


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
    Column("name", "Segment", "text", tooltip="Navn på segmentet (en del af tilgangen)"),
    Column("share", "Andel (%)", "share", decimals=1, field="segments[].share"),
    Column("weeks_before", "Uger på ydelse før", decimals=2, field="segments[].weeks_before"),
    Column("weeks_after", "Uger på ydelse efter", decimals=2, field="segments[].weeks_after"),
    Column("weeks_in_effort", "Heraf uger i indsats", decimals=2, field="segments[].weeks_in_effort"),
    Column("active_weeks_before", "Aktive uger før", default=0.0, decimals=2,
           tooltip="Aktive uger (højere refusion/lavere medfinansiering) uden indsatsen"),
    Column("benefit_intensity", "Ydelsesgrad (%)", "share", default=1.0, decimals=0,
           tooltip="Andel af fuld ydelse i hver uge (fx delvis ydelse); skalerer beløb og sparede "
                   "uger, ikke refusionstrappens uger (§ 5, stk. 2: uger med ydelse)"),
)
PRIOR_COLUMNS = (
    Column("weeks", "Uger på trappen ved tilgang", decimals=1,
           tooltip="Ydelsesuger, der allerede er talt på refusionstrappen, når personen starter"),
    Column("share", "Andel (%)", "share", decimals=1,
           tooltip="Andel af tilgangen med denne forhistorie; andelene skal summe til 100 %"),
)
COST_COLUMNS = (
    Column("name", "Udgift", "text", tooltip="Navn på udgiftsposten"),
    Column("kind", "Type", "choice", default="fixed", choices=_cost_kinds,
           tooltip="Fast beløb pr. år, eller et beløb pr. helårsdeltager i indsatsen"),
    Column("amount_per_year", "Beløb pr. år (kr.)", "amount", decimals=0, field="costs[].amount_per_year"),
    Column("amount_per_full_year_participant", "Kr. pr. helårsdeltager", decimals=0,
           field="costs[].amount_per_full_year_participant"),
    Column("refusion_rate", "Refusion (%)", "share", decimals=0, field="costs[].refusion_rate"),
    Column("refusion_rule", "Refusionsregel", "choice", default=None, choices=_operating_rules,
           tooltip="En dateret driftsregel i stedet for en fast sats"),
    Column("styringsomraade", "Styringsområde", "choice", default="service", choices=_areas,
           tooltip="Hvor udgiften bogføres: service, overførsler eller anlæg"),
)
POOL_COLUMNS = (
    Column("name", "Finansiering", "text", tooltip="Navn på puljen eller finansieringen"),
    Column("amount_per_year", "Beløb pr. år (kr.)", "amount", default=0.0, decimals=0,
           tooltip="Puljeindtægt i kr. pr. år; ét tal eller ét pr. år adskilt af ;"),
    Column("pool_id", "Pulje-id", "text", default=None,
           tooltip="Id på en af projektets puljer; så hentes beløbet fra puljen"),
    Column("styringsomraade", "Styringsområde", "choice", default="service", choices=_areas,
           tooltip="Hvor indtægten bogføres"),
)
ESTIMATE_COLUMNS = (
    Column("path", "Forudsætning", "choice", tooltip="Den forudsætning, der er usikker"),
    Column("min", "Laveste", "plain", decimals=4,
           tooltip="Laveste realistiske værdi i forudsætningens egen enhed (andele i %, som i "
                   "formularen); en tom celle giver standardspændets laveste værdi"),
    Column("most_likely", "Mest sandsynlig", "plain", decimals=4,
           tooltip="Mest sandsynlige værdi; skal ligge mellem laveste og højeste; en tom celle "
                   "giver casens egen værdi"),
    Column("max", "Højeste", "plain", decimals=4,
           tooltip="Højeste realistiske værdi; en tom celle giver standardspændets højeste værdi"),
    Column("note", "Kilde / begrundelse", "text", default="", tooltip="Hvorfor dette spænd"),
)
SCENARIO_COLUMNS = (
    Column("name", "Scenarie", "text", tooltip="Scenariets navn (unikt i casen)"),
    Column("description", "Beskrivelse", "text", default="", tooltip="Hvad scenariet antager"),
    Column("overrides", "Ændrede forudsætninger", "overrides", default={}, prefix_issues=True,
           tooltip="Feltsti = værdi, adskilt af semikolon, fx "
                   "effects[0].deadweight = 0,2; effects[0].inflow_per_year = 400. "
                   "Andele skrives som 0-1; en liste pr. år med / mellem tallene"),
)
BAND_LABELS = ("Uge 1-4", "Uge 5-26", "Uge 27-52", "Uge 53+")

NEW_ROWS: dict[str, dict[str, Any]] = {
    "segments": {
        "name": "Nyt segment", "share": 0.0, "weeks_before": 0.0, "weeks_after": 0.0,
        "weeks_in_effort": 0.0, "active_weeks_before": 0.0,
    },
    "prior_weeks": {"weeks": 0.0, "share": 0.0},
    "costs": {
        "name": "Ny udgift", "kind": "fixed", "amount_per_year": 0.0,
        "amount_per_full_year_participant": 0.0, "refusion_rate": 0.0, "styringsomraade": "service",
    },
    "pool_funding": {"name": "Ny finansiering", "amount_per_year": 0.0, "styringsomraade": "service"},
    "scenarios": {"name": "Nyt scenarie", "overrides": {}, "description": ""},
}


def _plain(value: float, decimals: int) -> str:
    text = fmt(float(value), decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


def format_overrides(overrides: Any) -> str:
    if not isinstance(overrides, dict):
        return ""
    parts = []
    for key, value in overrides.items():
        if isinstance(value, list):
            shown = " / ".join(_plain(v, 6) for v in value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            shown = _plain(value, 6)
        else:
            shown = str(value)
        parts.append(f"{key} = {shown}")
    return "; ".join(parts)


def parse_overrides(text: str) -> dict[str, Any]:
    """``"effects[0].deadweight = 0,2; costs[0].amount_per_year = 1 / 2"`` → dict.
    Raises ValueError with a Danish message naming the part that cannot be read."""
    out: dict[str, Any] = {}
    for i, part in enumerate(p for p in text.split(";") if p.strip()):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(tr("CaseTables", "del {0} ('{1}') skal have formen feltsti = værdi")
                             .format(i + 1, part.strip()))
        values = [parse_number(v) for v in value.split("/")]
        out[key.strip()] = values[0] if len(values) == 1 else values
    return out


class DraftTableModel(QAbstractTableModel):
    """A table of one list in a case draft: its rows follow the draft, every cell is editable and
    a cell with a validation issue is shown red with the message as its tooltip."""

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        super().__init__(parent)
        self.draft = draft
        self._rows = self._count()
        draft.changed.connect(self._draft_changed)

    def _count(self) -> int:
        raise NotImplementedError

    def _columns(self) -> int:
        raise NotImplementedError

    def _draft_changed(self) -> None:
        rows = self._count()
        if rows != self._rows:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        elif rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self._columns() - 1))

    def reset(self) -> None:
        self.beginResetModel()
        self._rows = self._count()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns()

    def issue_data(self, path: str, role: int, prefix: bool = False, tooltip: str = ""):
        """The red background and the tooltip of the cell at draft ``path``; None for other roles."""
        if role == Qt.ItemDataRole.BackgroundRole and self.draft.has_issue(path, prefix):
            return ERROR_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.draft.issue_text(path, prefix) or tooltip or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


class DraftListModel(DraftTableModel):
    """One list of a case draft (``effects[0].segments``, ``costs``, …) as an editable table."""

    def __init__(
        self, draft: CaseDraft, list_key: str, columns: tuple[Column, ...], label: str, parent=None
    ) -> None:
        self.list_key = list_key
        self.columns = columns
        self.label = label
        super().__init__(draft, parent)

    @property
    def kind(self) -> str:
        """The list's own name (``segments``), whatever effect it belongs to."""
        return self.list_key.rsplit(".", 1)[-1]

    def set_list_key(self, list_key: str) -> None:
        self.list_key = list_key
        self.reset()

    def _items(self) -> list[dict[str, Any]]:
        items = get_path(self.draft.data, self.list_key, [])
        return items if isinstance(items, list) else []

    def _count(self) -> int:
        return len(self._items())

    def _columns(self) -> int:
        return len(self.columns)

    def path(self, row: int, column: int) -> str:
        return f"{self.list_key}[{row}].{self.columns[column].key}"

    def raw(self, row: int, column: int) -> Any:
        col = self.columns[column]
        item = self._items()[row]
        return item.get(col.key, col.default) if isinstance(item, dict) else None

    def curve(self, row: int, column: int) -> list[float] | None:
        """The survival curve that replaces a weeks cell of a segment, if any."""
        key = self.columns[column].key
        if self.kind != "segments" or key not in ("weeks_before", "weeks_after"):
            return None
        item = self._items()[row]
        curve = item.get("survival_" + key.removeprefix("weeks_")) if isinstance(item, dict) else None
        return curve if isinstance(curve, list) else None

    def display(self, row: int, column: int) -> str:
        col = self.columns[column]
        curve = self.curve(row, column)
        if curve is not None:
            total = math.fsum(v for v in curve if isinstance(v, int | float))
            return tr("CaseTables", "kurve: {0} uger").format(fmt(total, 1))
        value = self.raw(row, column)
        if value is None:
            if col.kind == "choice" and col.choices:
                return dict(col.choices()).get(None, "")
            return ""
        if col.kind == "text":
            return str(value)
        if col.kind == "overrides":
            return format_overrides(value)
        if col.kind == "choice":
            choices = self.choices(column)
            return dict(choices).get(value, str(value)) if choices else str(value)
        if not isinstance(value, int | float) and not isinstance(value, list):
            return str(value)
        if col.kind == "share":
            return fmt(float(value) * 100.0, col.decimals)
        if col.kind == "amount":
            return fmt_amount(value, col.decimals)
        if col.kind == "plain":
            return _plain(float(value), col.decimals)
        return fmt(float(value), col.decimals)

    def choices(self, column: int) -> list[tuple[Any, str]]:
        col = self.columns[column]
        return col.choices() if col.choices else []

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        row, column = index.row(), index.column()
        col = self.columns[column]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole and col.kind == "choice":
                return self.raw(row, column)
            value = self.raw(row, column)
            if role == Qt.ItemDataRole.EditRole and col.kind == "share" and isinstance(value, int | float) \
                    and not isinstance(value, bool):
                return show_percent(value)  # reads back as the same share (1 % is "1 %", not "1")
            return self.display(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in ("number", "share", "amount", "plain"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CHOICES_ROLE and col.kind == "choice":
            return self.choices(column)
        if self.curve(row, column) is not None:
            side = "survival_" + col.key.removeprefix("weeks_")
            if role == Qt.ItemDataRole.BackgroundRole and not self.draft.has_issue(
                    f"{self.list_key}[{row}].{side}", True):
                return DERIVED_BRUSH
            return self.issue_data(f"{self.list_key}[{row}].{side}", role, True,
                                   tr("CaseTables", "Overlevelseskurve; ret den under "
                                                    "'Overlevelseskurver' nedenfor"))
        if role == Qt.ItemDataRole.ToolTipRole and col.kind in ("text", "overrides", "choice"):
            return self.draft.issue_text(self.path(row, column), col.prefix_issues) or \
                self.display(row, column) or col.tooltip or None
        return self.issue_data(self.path(row, column), role, col.prefix_issues, col.tooltip)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if (index.isValid() and index.row() < self._rows
                and self.curve(index.row(), index.column()) is not None):
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.columns):
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("CaseTables", self.columns[section].header)
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("CaseTables", self.columns[section].tooltip) or None
            return None
        if role != Qt.ItemDataRole.DisplayRole:
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
        if col.kind == "overrides":
            return parse_overrides(text)
        if not text.strip() and col.default is not None:
            return col.default  # an emptied cell returns to its default
        if col.kind == "share":
            return parse_percent(text)
        if col.kind == "amount":
            return parse_amount(text)
        return parse_number(text)

    def parse_cell(self, row: int, column: int, value: Any) -> Any:
        """Text typed in the cell at ``row``, ``column`` → the case-file value (:meth:`parse`; a
        table whose unit differs by row reads it here). Raises ValueError with a Danish message."""
        return self.parse(column, value)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), index.column()
        col = self.columns[column]
        path = self.path(row, column)
        try:
            parsed = self.parse_cell(row, column, value)
        except ValueError as exc:
            if not str(value).strip():  # a required cell emptied: it keeps its value, and says so
                self.draft.clear_typing(path)
                self.draft.notice.emit(tr("CaseTables", "«{0}» skal udfyldes; cellen beholder {1}").format(
                    tr("CaseTables", col.header), self.display(row, column)))
                return False
            self.draft.report_typing(path, str(exc))
            return False
        if parsed == self.raw(row, column) and path not in self.draft.typing_issues:
            return False
        changes: dict[str, Any] = {col.key: parsed}  # None removes the key: its default applies
        if col.key == "refusion_rule" and parsed is not None:
            changes["refusion_rate"] = None  # a dated rule replaces a fixed rate, and back
        if col.key == "refusion_rate":
            changes["refusion_rule"] = None
        self.draft.apply(tr("CaseTables", "Ændr {0}").format(tr("CaseTables", col.header).lower()),
                         UpdateItem(self.list_key, row, changes), path, path)
        return True

    def new_row(self) -> dict[str, Any]:
        return dict(NEW_ROWS[self.kind])

    def insert_row(self) -> None:
        text = tr("CaseTables", "Tilføj række: {0}").format(self.label)
        self.draft.apply(text, InsertItem(self.list_key, self.new_row()), None, self.list_key)

    def remove_row(self, row: int) -> None:
        if not 0 <= row < self._rows:
            return
        self.draft.apply(tr("CaseTables", "Fjern række: {0}").format(self.label),
                         RemoveItem(self.list_key, row), None, self.list_key)


class PriorWeeksModel(DraftListModel):
    """The prior-weeks mixture of a flow effect: rows of (weeks, share); one number is one row."""

    def _items(self) -> list[dict[str, Any]]:
        value = get_path(self.draft.data, self.list_key, 0.0)
        if isinstance(value, list):
            return [v if isinstance(v, dict) else {} for v in value]
        return [{"weeks": value, "share": 1.0}]

    def _store(self, items: list[dict[str, Any]]) -> SetField:
        """The edit that stores ``items``: one row of 100 % as its number of weeks, else the list."""
        if len(items) == 1 and items[0].get("share") == 1.0:
            return SetField(self.list_key, items[0].get("weeks", 0.0))
        return SetField(self.list_key, items)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row, column = index.row(), index.column()
        path = (self.path(row, column) if isinstance(get_path(self.draft.data, self.list_key), list)
                else self.list_key)
        try:
            parsed = self.parse(column, value)
        except ValueError as exc:
            self.draft.report_typing(path, str(exc))
            return False
        items = [dict(i) for i in self._items()]
        items[row][self.columns[column].key] = parsed
        self.draft.apply(tr("CaseTables", "Ændr forudgående uger"), self._store(items), path, path)
        return True

    def insert_row(self) -> None:
        items = [dict(i) for i in self._items()] + [dict(NEW_ROWS["prior_weeks"])]
        self.draft.apply(tr("CaseTables", "Tilføj forhistorie"), SetField(self.list_key, items), None,
                         self.list_key)

    def remove_row(self, row: int) -> None:
        items = [dict(i) for i in self._items()]
        if not 0 <= row < len(items):
            return
        del items[row]
        edit = Edits((self._store(items or [{"weeks": 0.0, "share": 1.0}]),
                      DropDependents(self.list_key, row)))
        self.draft.apply(tr("CaseTables", "Fjern forhistorie"), edit, None, self.list_key)


class EstimateModel(DraftListModel):
    """Three-point estimates (``uncertainty``): the input is chosen from the case's inputs."""

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        super().__init__(draft, "uncertainty", ESTIMATE_COLUMNS,
                         tr("CaseEditor", "usikkerhedsestimater"), parent)

    _cache: tuple[Any, list[tuple[Any, str]]] | None = None

    def choices(self, column: int) -> list[tuple[Any, str]]:
        if self.columns[column].key != "path" or self.draft.case is None:
            return []
        if self._cache is None or self._cache[0] is not self.draft.case:
            self._cache = (self.draft.case, [(ref.path, ref.label) for ref in key_inputs(self.draft.case)])
        out = list(self._cache[1])
        for item in self._items():
            path = item.get("path")
            if isinstance(path, str) and path not in dict(out):
                out.append((path, self._label(path)))
        return out

    def _label(self, path: str) -> str:
        if self.draft.case is None:
            return path
        try:
            return resolve(self.draft.case, path).label
        except InputError:
            return path

    def new_row(self) -> dict[str, Any]:
        used = {item.get("path") for item in self._items()}
        if self.draft.case is not None:
            for ref in key_inputs(self.draft.case):
                if ref.path not in used:
                    low, high = ref.default_range()
                    return {"path": ref.path, "min": low, "most_likely": ref.base, "max": high,
                            "note": ""}
        return {"path": "", "min": 0.0, "most_likely": 0.0, "max": 0.0, "note": ""}

    def remove_row(self, row: int) -> None:
        if not 0 <= row < self._rows:
            return
        edit = Edits((RemoveItem("uncertainty", row, drop_dependents=False),
                      DropCorrelations(str(self._items()[row].get("path")))))
        self.draft.apply(tr("CaseTables", "Fjern række: {0}").format(self.label), edit, None, "uncertainty")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (index.isValid() and role == Qt.ItemDataRole.EditRole
                and self.columns[index.column()].key == "path" and self.draft.case is not None):
            row = index.row()
            try:
                ref = resolve(self.draft.case, str(value))
            except InputError:
                return super().setData(index, value, role)
            low, high = ref.default_range()
            edit = Edits((DropCorrelations(str(self._items()[row].get("path"))),
                          UpdateItem("uncertainty", row, {"path": ref.path, "min": low,
                                                          "most_likely": ref.base, "max": high})))
            self.draft.apply(tr("CaseTables", "Skift usikker forudsætning"), edit, None,
                             f"uncertainty[{row}].path")
            return True
        return super().setData(index, value, role)


class PhaseInModel(DraftTableModel):
    """The effect phase-in of one flow effect: one factor (in %) per year; the last one repeats."""

    def __init__(self, draft: CaseDraft, list_key: str = "effects[0].effect_phase_in", parent=None) -> None:
        self.list_key = list_key
        super().__init__(draft, parent)

    def set_list_key(self, list_key: str) -> None:
        self.list_key = list_key
        self.reset()

    def _factors(self) -> list[Any]:
        value = get_path(self.draft.data, self.list_key, [1.0])
        return value if isinstance(value, list) else [value]

    def _count(self) -> int:
        return len(self._factors())

    def _columns(self) -> int:
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        path = f"{self.list_key}[{index.row()}]"
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = self._factors()[index.row()]
            if not isinstance(value, int | float):
                return str(value)
            shown = fmt(float(value) * 100.0, 0)
            return shown if role == Qt.ItemDataRole.DisplayRole else show_percent(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.issue_data(path, role, tooltip=tr(
            "CaseTables", "Andel af den fulde effekt for tilgangen i året; sidste år gentages"))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("CaseTables", "Effekt (%)") if section == 0 else None
        if not 0 <= section < self._rows:
            return None
        start = self.draft.data.get("start_year")
        label = (str(start + section) if isinstance(start, int)
                 else tr("CaseTables", "År {0}").format(section + 1))
        return label + (" →" if section == self._rows - 1 else "")

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row = index.row()
        path = f"{self.list_key}[{row}]"
        try:
            factor = parse_percent(str(value))
        except ValueError as exc:
            self.draft.report_typing(path, str(exc))
            return False
        factors = list(self._factors())
        factors[row] = factor
        self.draft.apply(tr("CaseTables", "Ændr indfasning"), SetField(self.list_key, factors), path, path)
        return True

    def insert_row(self) -> None:
        factors = list(self._factors())
        factors.append(factors[-1] if factors else 1.0)
        self.draft.apply(tr("CaseTables", "Tilføj indfasningsår"), SetField(self.list_key, factors), None,
                         self.list_key)

    def remove_row(self, row: int) -> None:
        factors = list(self._factors())
        if not 0 <= row < len(factors):
            return
        del factors[row]
        self.draft.apply(tr("CaseTables", "Fjern indfasningsår"), SetField(self.list_key, factors), None,
                         self.list_key)


class BandSharesModel(PhaseInModel):
    """A stock effect's share of benefit weeks in the four staircase bands (1-4, 5-26, 27-52, 53+)."""

    def __init__(self, draft: CaseDraft, list_key: str = "effects[0].band_shares", parent=None) -> None:
        super().__init__(draft, list_key, parent)

    def _factors(self) -> list[Any]:
        value = get_path(self.draft.data, self.list_key, [0.0, 0.0, 0.0, 1.0])
        return value if isinstance(value, list) else [0.0, 0.0, 0.0, 1.0]

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return tr("CaseTables", "Andel af ugerne (%)") if section == 0 else None
        return BAND_LABELS[section] if 0 <= section < len(BAND_LABELS) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            path = f"{self.list_key}[{index.row()}]"
            return self.draft.issue_text(path) or tr(
                "CaseTables", "Andel af de sparede ydelsesuger, der ligger i dette bånd af "
                              "refusionstrappen; de fire andele skal summe til 100 %")
        return super().data(index, role)

    def insert_row(self) -> None:  # four fixed bands
        return

    def remove_row(self, row: int) -> None:
        return
