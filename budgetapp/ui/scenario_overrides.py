"""The scenarios of a case in the editor: the scenario list, and the changed inputs of the chosen
scenario picked from a list of Danish labels; the three-point estimates' inputs named alike.

A scenario stores its overrides as ``{field path: value}`` (``effects[0].deadweight: 0.2``, see
:mod:`budgetapp.core.scenarios`); the user never types a path. The table of changed inputs has
one row per override: the input, chosen in a combo box of the field registry's labels (with the
effect's or segment's name where the case has several, :func:`case_labels.override_label`), its
value typed in the input's unit (a share in percent, a per-year amount as ``400; 450``) and the
unit. The stored format is unchanged, so every case file still loads.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from budgetapp.core.case_edits import SetField
from budgetapp.core.case_inputs import SAVED_WEEKS, TOTAL_COST, InputError, key_inputs, resolve
from budgetapp.core.case_model import canonical_path
from budgetapp.core.fields import field
from budgetapp.ui.case_draft import CaseDraft, get_path
from budgetapp.ui.case_labels import override_label, parse_percent, show_percent
from budgetapp.ui.locale import fmt, parse_amount, parse_number, tr
from budgetapp.ui.models.case_lists import (
    CHOICES_ROLE,
    SCENARIO_COLUMNS,
    Column,
    DraftListModel,
    DraftTableModel,
    EstimateModel,
    Index,
)

OVERRIDES_COLUMN = 2
UNITS = {"weeks": "uger", "amount": "kr.", "count": "", "share": "%"}


def _plain(value: float, decimals: int = 4) -> str:
    text = fmt(float(value), decimals)
    return text.rstrip("0").rstrip(",") if "," in text else text


class OverrideKinds:
    """How the value of an overridable input is typed and shown: ``share`` (percent), ``amount``
    (a number or one per year), ``number``; and its unit, from the field registry or, for an input
    the registry does not list (a segment's ydelsesgrad), from the input's own kind."""

    def __init__(self, draft: CaseDraft) -> None:
        self.draft = draft

    def kind(self, path: str) -> str:
        try:
            spec = field(path)
        except KeyError:
            spec = None
        if spec is not None and spec.kind in ("share", "amount"):
            return spec.kind
        if spec is not None:
            return "number"
        ref = self._ref(path)
        return "share" if ref is not None and ref.kind == "share" else "number"

    def unit(self, path: str) -> str:
        try:
            unit = field(path).unit
        except KeyError:
            ref = self._ref(path)
            return UNITS.get(ref.kind, "") if ref is not None else ""
        return unit

    def _ref(self, path: str):
        if self.draft.case is None:
            return None
        try:
            return resolve(self.draft.case, path)
        except InputError:
            return None

    def show(self, path: str, value: Any) -> str:
        """``value`` as it is typed: a share in percent (:func:`case_labels.show_percent`, which
        reads back as the same share), a list as ``400; 450``."""
        kind = self.kind(path)
        if isinstance(value, list):
            return "; ".join(show_percent(v) if kind == "share" else _plain(v) for v in value
                             if isinstance(v, int | float))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return show_percent(value) if kind == "share" else _plain(value)
        return "" if value is None else str(value)

    def parse(self, path: str, text: str) -> Any:
        kind = self.kind(path)
        if kind == "share":
            return parse_percent(text)
        if kind == "amount":
            return parse_amount(text.replace("/", ";"))
        return parse_number(text)

    def base(self, path: str) -> Any:
        """The case's own value of the input (what an override starts from)."""
        value = get_path(self.draft.data, canonical_path(path))
        if value is not None:
            return value
        ref = self._ref(path)
        return ref.base if ref is not None else 0.0


class EstimateListModel(EstimateModel):
    """The three-point estimates, their inputs named as everywhere else in the editor: the field
    registry's labels with the effect, segment or cost line they belong to; the lowest, most likely
    and highest values typed and shown in the input's unit, as in the form (a share in percent:
    ``20`` is 20 %, stored 0,2). An emptied value returns to its default: the input's default
    range (:meth:`InputRef.default_range`) for the lowest and highest, the case's own value for the
    most likely."""

    VALUES = ("min", "most_likely", "max")

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        super().__init__(draft, parent)
        self.kinds = OverrideKinds(draft)

    def _input(self, row: int) -> str:
        item = self._items()[row]
        path = item.get("path") if isinstance(item, dict) else None
        return path if isinstance(path, str) else ""

    def display(self, row: int, column: int) -> str:
        key = self.columns[column].key
        value = self.raw(row, column)
        if key in self.VALUES and isinstance(value, int | float) and not isinstance(value, bool):
            return self.kinds.show(self._input(row), value)
        return super().display(row, column)

    def parse_cell(self, row: int, column: int, value: Any) -> Any:
        key = self.columns[column].key
        if key not in self.VALUES:
            return super().parse_cell(row, column, value)
        path, text = self._input(row), str(value)
        if not text.strip():
            ref = self.kinds._ref(path)
            if ref is None:
                raise ValueError(tr("CaseTables", "tom: skriv et tal (forudsætningen har ingen "
                                                  "standardværdi)"))
            low, high = ref.default_range()
            return {"min": low, "most_likely": ref.base, "max": high}[key]
        if self.kinds.kind(path) == "share":
            return parse_percent(text)
        return parse_number(text)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        changed = super().setData(index, value, role)
        column = index.column() if index.isValid() else -1
        if changed and 0 <= column < len(self.columns) and self.columns[column].key in self.VALUES \
                and not str(value).strip():
            self.draft.notice.emit(tr("CaseTables", "«{0}» tom: standardværdien {1} er sat").format(
                tr("CaseTables", self.columns[column].header), self.display(index.row(), column)))
        return changed

    def choices(self, column: int) -> list[tuple[Any, str]]:
        return [(path, label if path in (SAVED_WEEKS, TOTAL_COST) or not isinstance(path, str)
                 else override_label(self.draft.data, path))
                for path, label in super().choices(column)]


class ScenarioListModel(DraftListModel):
    """The case's scenarios: name, description, and the changed inputs read in Danish
    (``Dødvægt = 20 %; Tilgang = 400``). The changed inputs are edited in :class:`OverrideModel`."""

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        columns = list(SCENARIO_COLUMNS)
        columns[OVERRIDES_COLUMN] = Column(
            "overrides", "Ændrede forudsætninger", "overrides", default={}, prefix_issues=True,
            tooltip="Scenariets ændrede forudsætninger; redigér dem i tabellen nedenfor (F2, Enter "
                    "eller at skrive her flytter markøren dertil)")
        super().__init__(draft, "scenarios", tuple(columns), tr("CaseEditor", "scenarier"), parent)
        self.kinds = OverrideKinds(draft)

    PLACEHOLDER = "Redigér i tabellen nedenfor"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        """A scenario that changes nothing shows, greyed, where its changed inputs are edited."""
        if index.isValid() and index.column() == OVERRIDES_COLUMN and index.row() < self._rows \
                and not self.display(index.row(), OVERRIDES_COLUMN):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("CaseTables", self.PLACEHOLDER)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#757575"))
        return super().data(index, role)

    def display(self, row: int, column: int) -> str:
        if column != OVERRIDES_COLUMN:
            return super().display(row, column)
        overrides = self.raw(row, column)
        if not isinstance(overrides, dict):
            return ""
        parts = []
        for path, value in overrides.items():
            unit = self.kinds.unit(path)
            shown = self.kinds.show(path, value)
            if unit == "%" and not shown.endswith("%"):
                shown += " %"
            parts.append(f"{override_label(self.draft.data, path)} = {shown}")
        return "; ".join(parts)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == OVERRIDES_COLUMN:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags


class OverrideModel(DraftTableModel):
    """The changed inputs of one scenario (``scenarios[i].overrides``): Forudsætning (a choice of
    Danish labels), Værdi (in the input's unit) and Enhed. Every edit is one undo step of the draft;
    the order of the overrides is kept."""

    HEADERS = ("Forudsætning", "Værdi", "Enhed")
    TOOLTIPS = (
        "Den forudsætning, scenariet ændrer; vælg på listen",
        "Værdien i scenariet, i forudsætningens enhed (andele i %, et beløb pr. år som 400; 450); "
        "en tom celle giver casens egen værdi",
        "Enheden, værdien skrives i",
    )

    def __init__(self, draft: CaseDraft, parent=None) -> None:
        self.scenario: int | None = None
        self.kinds = OverrideKinds(draft)
        super().__init__(draft, parent)

    @property
    def list_key(self) -> str:
        return f"scenarios[{self.scenario}].overrides" if self.scenario is not None else "scenarios"

    def set_scenario(self, row: int | None) -> None:
        self.scenario = row
        self.reset()

    def _overrides(self) -> dict[str, Any]:
        if self.scenario is None:
            return {}
        value = get_path(self.draft.data, self.list_key)
        return value if isinstance(value, dict) else {}

    def _keys(self) -> list[str]:
        return list(self._overrides())

    def _count(self) -> int:
        return len(self._overrides())

    def _columns(self) -> int:
        return 3

    def _draft_changed(self) -> None:
        scenarios = self.draft.data.get("scenarios")
        count = len(scenarios) if isinstance(scenarios, list) else 0
        if self.scenario is not None and self.scenario >= count:
            self.scenario = count - 1 if count else None
            self.reset()
            return
        super()._draft_changed()

    def path(self, row: int, column: int) -> str:
        return f"{self.list_key}.{self._keys()[row]}"

    def choices(self) -> list[tuple[str, str]]:
        """Every input a scenario can change (those a tornado varies, as case-file fields), and the
        paths this scenario already names, each with its Danish label."""
        data = self.draft.data
        paths: list[str] = []
        if self.draft.case is not None:
            paths = [ref.path for ref in key_inputs(self.draft.case)
                     if ref.path not in (SAVED_WEEKS, TOTAL_COST)]
            if "discount_rate" not in paths:
                paths.append("discount_rate")
        for key in self._keys():
            if key not in paths and canonical_path(key) not in paths:
                paths.append(key)
        return [(p, override_label(data, p)) for p in paths]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._rows:
            return None
        row, column = index.row(), index.column()
        key = self._keys()[row]
        value = self._overrides()[key]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return key if role == Qt.ItemDataRole.EditRole else override_label(self.draft.data, key)
            if column == 1:
                return self.kinds.show(key, value)
            return self.kinds.unit(key)
        if role == CHOICES_ROLE and column == 0:
            return self.choices()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        tooltip = override_label(self.draft.data, key) if column == 0 else self.TOOLTIPS[column]
        return self.issue_data(self.path(row, column), role, True, tr("CaseTables", tooltip))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            if role == Qt.ItemDataRole.DisplayRole:
                return tr("CaseTables", self.HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr("CaseTables", self.TOOLTIPS[section])
            return None
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            return str(section + 1) if 0 <= section < self._rows else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 2:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags

    def _replace(self, text: str, overrides: dict[str, Any], merge: str | None, path: str) -> None:
        self.draft.apply(text, SetField(self.list_key, overrides), merge, path)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or self.scenario is None:
            return False
        row, column = index.row(), index.column()
        keys = self._keys()
        old = self._overrides()
        key = keys[row]
        if column == 0:
            new_key = str(value)
            if new_key == key:
                return False
            if new_key in old:
                self.draft.report_typing(self.path(row, 0), tr(
                    "CaseTables", "«{0}» er allerede ændret i scenariet").format(
                        override_label(self.draft.data, new_key)))
                return False
            # The new input starts at the case's own value; the order of the rows is kept.
            changed = {(new_key if k == key else k): (self.kinds.base(new_key) if k == key else v)
                       for k, v in old.items()}
            self.draft.clear_typing(self.path(row, 0))
            self._replace(tr("CaseTables", "Skift ændret forudsætning"), changed, None, self.list_key)
            return True
        if column != 1:
            return False
        path = self.path(row, 1)
        text = str(value)
        try:
            parsed = self.kinds.base(key) if not text.strip() else self.kinds.parse(key, text)
        except ValueError as exc:
            self.draft.report_typing(path, str(exc))
            return False
        changed = dict(old)
        changed[key] = parsed
        self._replace(tr("CaseTables", "Ændr {0}").format(override_label(self.draft.data, key).lower()),
                      changed, path, path)
        return True

    def insert_row(self) -> None:
        """Add the first input the scenario does not change yet, at the case's own value."""
        if self.scenario is None:
            return
        old = self._overrides()
        free = [p for p, _label in self.choices() if p not in old and canonical_path(p) not in old]
        if not free:
            return
        changed = {**old, free[0]: self.kinds.base(free[0])}
        self._replace(tr("CaseTables", "Tilføj ændret forudsætning"), changed, None, self.list_key)

    def remove_row(self, row: int) -> None:
        keys = self._keys()
        if self.scenario is None or not 0 <= row < len(keys):
            return
        changed = {k: v for k, v in self._overrides().items() if k != keys[row]}
        self._replace(tr("CaseTables", "Fjern ændret forudsætning"), changed, None, self.list_key)
