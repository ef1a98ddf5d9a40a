"""Entering the follow-up of a case: decision date, success criteria and actual figures per year.

Every edit goes through the case editor's :class:`CaseDraft` (``apply``): the changed case dict is
validated with ``case_from_dict`` and, when valid, committed as one undo step on the document;
otherwise the Danish message is shown beside the field and nothing changes. The widgets show the
draft (so a value that was refused stays visible with its message) and follow undo and redo.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.case_edits import SetField, UpdateItem
from budgetapp.core.decision_data import ACTUAL_FIELDS, FOLLOW_UP_METRICS, OPERATORS
from budgetapp.core.formatting import parse_number
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.locale import fmt, tr

DATE_PATH = "follow_up.decision_date"
ACTUALS_PATH = "follow_up.actuals"
CRITERIA_PATH = "follow_up.success_criteria"
ERROR_STYLE = "color: #c62828;"

# key, column title (the actual figures per year); money in whole kroner as in the case file
ACTUAL_COLUMNS = (
    ("entrants", "Tilgang (personer)"),
    ("participants", "Deltagere (personer)"),
    ("weeks_on_benefit", "Uger på ydelse pr. tilgang"),
    ("spend", "Bruttoudgift (kr.)"),
    ("note", "Bemærkning"),
)
CRITERION_COLUMNS = ("Navn", "Måles på", "Betingelse", "Mål", "År")
CRITERION_KEYS = dict(zip(("name", "metric", "operator", "target", "year"), CRITERION_COLUMNS, strict=True))
OPERATOR_TEXT = {">=": "mindst (≥)", "<=": "højst (≤)"}
_ENTRY = re.compile(r"^(follow_up\.\w+)\[(\d+)\]\.(\w+): (.*)$", re.DOTALL)
_DATE = re.compile(r"^\s*(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\s*$")


def parse_date(text: str) -> dt.date | None:
    """A date written "1.9.2028", "01-09-2028" or "2028-09-01"; blank is no date.

    Raises ValueError with a Danish message."""
    if not text.strip():
        return None
    match = _DATE.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(tr("FollowUp", "'{0}' er ikke en dato; skriv fx 1.9.2028").format(text)) from None


def date_text(value: str | None) -> str:
    if not value:
        return ""
    date = dt.date.fromisoformat(value)
    return f"{date.day}.{date.month}.{date.year}"


def number_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    return fmt(float(value), 2).rstrip("0").rstrip(",")


def _follow_up(data: dict[str, Any]) -> dict[str, Any]:
    """A copy of the draft's follow-up object to change, a new one if the case has none yet."""
    follow = copy.deepcopy(data.get("follow_up"))
    if not isinstance(follow, dict):
        follow = {"decision_date": None, "success_criteria": [], "actuals": []}
    follow.setdefault("success_criteria", [])
    follow.setdefault("actuals", [])
    return follow


def _set_follow_up(follow: dict[str, Any]) -> SetField:
    """The case edit that stores ``follow``; no date, no criteria and no actual figures: the case
    has no follow-up (as before it got one)."""
    empty = not follow.get("decision_date") and not follow.get("success_criteria") \
        and not follow.get("actuals")
    return SetField("follow_up", None if empty else follow)


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, messages: list[str]) -> None:
    label.setText("\n".join(messages))
    label.setVisible(bool(messages))


class FollowUpEditor(QWidget):
    """The decision date, the actual figures per year and the success criteria of the draft case."""

    def __init__(self, draft: CaseDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.years: list[int] = []
        self._filling = False

        self.date = QLineEdit()
        self.date.setPlaceholderText(tr("FollowUp", "fx 1.9.2028"))
        self.date.setMaximumWidth(140)
        self.date.editingFinished.connect(self._date_entered)
        self.date_error = _error_label()
        date_row = QHBoxLayout()
        date_row.addWidget(QLabel(tr("FollowUp", "Beslutningsdato (fortsæt eller luk):")))
        date_row.addWidget(self.date)
        date_row.addWidget(self.date_error)
        date_row.addStretch(1)

        self.actuals = QTableWidget(0, len(ACTUAL_COLUMNS))
        self.actuals.setHorizontalHeaderLabels([tr("FollowUp", title).replace(" (", "\n(")
                                                .replace("ydelse pr.", "ydelse\npr.")
                                                for _, title in ACTUAL_COLUMNS])
        self.actuals.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.actuals.horizontalHeader().setStretchLastSection(True)
        self.actuals.setWordWrap(False)
        self.actuals.itemChanged.connect(self._actual_changed)
        self.actuals_error = _error_label()
        actual_box = QGroupBox(tr("FollowUp", "Faktiske tal pr. år (tom celle = ikke kendt endnu)"))
        box = QVBoxLayout(actual_box)
        box.addWidget(self.actuals)
        box.addWidget(self.actuals_error)

        self.criteria = QTableWidget(0, len(CRITERION_COLUMNS))
        self.criteria.setHorizontalHeaderLabels([tr("FollowUp", t) for t in CRITERION_COLUMNS])
        self.criteria.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.criteria.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.criteria.setColumnWidth(0, 150)
        self.criteria.setWordWrap(False)
        self.criteria.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.criteria.itemChanged.connect(self._criterion_item_changed)
        self.add_button = QPushButton(tr("FollowUp", "Tilføj kriterium"))
        self.remove_button = QPushButton(tr("FollowUp", "Fjern valgte"))
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self._remove_selected)
        self.criteria_error = _error_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        criteria_box = QGroupBox(tr("FollowUp", "Succeskriterier"))
        box = QVBoxLayout(criteria_box)
        box.addWidget(self.criteria)
        box.addLayout(buttons)
        box.addWidget(self.criteria_error)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(date_row)
        tables = QHBoxLayout()
        tables.addWidget(actual_box, 4)
        tables.addWidget(criteria_box, 5)
        layout.addLayout(tables)
        draft.changed.connect(self.refresh)
        self.refresh()

    # --- from the draft to the widgets ------------------------------------------------------

    def refresh(self) -> None:
        data = self.draft.data
        follow = data.get("follow_up") if isinstance(data.get("follow_up"), dict) else {}
        case = self.draft.case
        self.years = list(case.year_labels) if case is not None else []
        self.setEnabled(case is not None)
        self._filling = True
        try:
            if not (self.date.hasFocus() and DATE_PATH in self.draft.typing_issues):
                try:
                    self.date.setText(date_text(follow.get("decision_date")))
                except (TypeError, ValueError):
                    self.date.setText(str(follow.get("decision_date")))
            self._fill_actuals(follow.get("actuals") or [])
            self._fill_criteria(follow.get("success_criteria") or [])
        finally:
            self._filling = False
        _show(self.date_error, self.draft.messages_for(DATE_PATH))
        _show(self.actuals_error, self.messages(ACTUALS_PATH, follow.get("actuals") or []))
        _show(self.criteria_error, self.messages(CRITERIA_PATH, follow.get("success_criteria") or []))

    def messages(self, path: str, entries: list[Any]) -> list[str]:
        """The draft's messages under ``path``, with "follow_up.actuals[0].spend" said as
        "Bruttoudgift (kr.) 2028" and "follow_up.success_criteria[1].target" as "Kriterium 2, mål"."""
        out = []
        for message in self.draft.messages_for(path):
            match = _ENTRY.match(message)
            if match and match.group(1) == path:
                i, key, rest = int(match.group(2)), match.group(3), match.group(4)
                if path == ACTUALS_PATH:
                    year = entries[i].get("year") if i < len(entries) and isinstance(entries[i], dict) else ""
                    title = dict(ACTUAL_COLUMNS).get(key, key)
                    message = f"{tr('FollowUp', title)} {year}: {rest}"
                else:
                    title = CRITERION_KEYS.get(key, key)
                    message = tr("FollowUp", "Kriterium {0}, {1}: {2}").format(
                        i + 1, tr("FollowUp", title).lower(), rest)
            out.append(message)
        return out

    def _fill_actuals(self, actuals: list[dict[str, Any]]) -> None:
        table = self.actuals
        by_year = {a.get("year"): a for a in actuals if isinstance(a, dict)}
        table.setRowCount(len(self.years))
        table.setVerticalHeaderLabels([str(y) for y in self.years])
        for r, year in enumerate(self.years):
            entry = by_year.get(year, {})
            for c, (key, _) in enumerate(ACTUAL_COLUMNS):
                text = str(entry.get(key) or "") if key == "note" else number_text(entry.get(key))
                self._set_text(table, r, c, text, key != "note")

    def _fill_criteria(self, criteria: list[dict[str, Any]]) -> None:
        table = self.criteria
        if table.rowCount() != len(criteria):
            table.setRowCount(len(criteria))
            for r in range(len(criteria)):
                metric = QComboBox()
                metric.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
                metric.setMinimumContentsLength(16)
                for key, label in FOLLOW_UP_METRICS.items():
                    metric.addItem(tr("FollowUp", label), key)
                metric.currentIndexChanged.connect(lambda _i, combo=metric: self._combo_changed(combo, 1))
                operator = QComboBox()
                for key in OPERATORS:
                    operator.addItem(tr("FollowUp", OPERATOR_TEXT[key]), key)
                operator.currentIndexChanged.connect(lambda _i, combo=operator: self._combo_changed(combo, 2))
                table.setCellWidget(r, 1, metric)
                table.setCellWidget(r, 2, operator)
        for r, crit in enumerate(criteria):
            self._set_text(table, r, 0, str(crit.get("name", "")), False)
            for c, key in ((1, "metric"), (2, "operator")):
                combo = table.cellWidget(r, c)
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(crit.get(key)), 0))
                combo.blockSignals(False)
            self._set_text(table, r, 3, number_text(crit.get("target")), True)
            self._set_text(table, r, 4, "" if crit.get("year") is None else str(crit.get("year")), True)

    @staticmethod
    def _set_text(table: QTableWidget, row: int, col: int, text: str, number: bool) -> None:
        item = table.item(row, col)
        if item is None:
            item = QTableWidgetItem()
            if number:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, col, item)
        if item.text() != text:
            item.setText(text)

    # --- from the widgets to the draft --------------------------------------------------------

    def _date_entered(self) -> None:
        if self._filling:
            return
        text = self.date.text()
        try:
            date = parse_date(text)
        except ValueError as exc:
            self.draft.report_typing(DATE_PATH, str(exc))
            return
        value = None if date is None else date.isoformat()
        current = (self.draft.data.get("follow_up") or {}).get("decision_date")
        if value == current and DATE_PATH not in self.draft.typing_issues:
            return
        follow = _follow_up(self.draft.data)
        follow["decision_date"] = value
        self.draft.apply(tr("FollowUp", "Ændr beslutningsdato"), _set_follow_up(follow), None, DATE_PATH)

    def set_actual(self, year: int, key: str, text: str) -> bool:
        """Enter one actual figure (Danish number, blank = not known) or the note of ``year``."""
        column = dict((k, t) for k, t in ACTUAL_COLUMNS)[key]
        if key == "note":
            value: Any = text.strip()
        else:
            try:
                value = None if not text.strip() else parse_number(text)
            except ValueError as exc:
                self.draft.report_typing(ACTUALS_PATH, tr("FollowUp", "{0} {1}: {2}").format(
                    tr("FollowUp", column), year, exc))
                return False
        follow = _follow_up(self.draft.data)
        actuals = follow["actuals"]
        entry = next((a for a in actuals if a.get("year") == year), None)
        if entry is None:
            entry = {"year": year}
            actuals.append(entry)
            actuals.sort(key=lambda a: a.get("year", 0))
        if value is None or value == "":
            entry.pop(key, None)
        else:
            entry[key] = value
        if not any(entry.get(k) is not None for k in ACTUAL_FIELDS) and not entry.get("note"):
            actuals.remove(entry)
        text = tr("FollowUp", "Faktisk {0} {1}").format(tr("FollowUp", column).lower(), year)
        return self.draft.apply(text, _set_follow_up(follow), None, ACTUALS_PATH)

    def _actual_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or not 0 <= item.row() < len(self.years):
            return
        self.set_actual(self.years[item.row()], ACTUAL_COLUMNS[item.column()][0], item.text())

    def set_criterion(self, row: int, key: str, value: Any) -> bool:
        """Change one field of the success criterion in ``row`` (a parsed value)."""
        return self.draft.apply(tr("FollowUp", "Ændr succeskriterium"),
                                UpdateItem("follow_up.success_criteria", row, {key: value}), None,
                                CRITERIA_PATH)

    def _criterion_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        row, col, text = item.row(), item.column(), item.text()
        if col == 0:
            self.set_criterion(row, "name", text.strip())
            return
        try:
            number = parse_number(text)
            if col == 4 and number != int(number):
                raise ValueError(tr("FollowUp", "'{0}' er ikke et helt år").format(text))
        except ValueError as exc:
            title = CRITERION_COLUMNS[col]
            self.draft.report_typing(CRITERIA_PATH, tr("FollowUp", "Kriterium {0}, {1}: {2}").format(
                row + 1, tr("FollowUp", title).lower(), exc))
            return
        self.set_criterion(row, "target" if col == 3 else "year", number if col == 3 else int(number))

    def _combo_changed(self, combo: QComboBox, col: int) -> None:
        if self._filling:
            return
        for r in range(self.criteria.rowCount()):
            if self.criteria.cellWidget(r, col) is combo:
                self.set_criterion(r, "metric" if col == 1 else "operator", combo.currentData())
                return

    def add_criterion(self) -> bool:
        """A new criterion: a positive net result in the case's last year, to be edited."""
        year = self.years[-1] if self.years else dt.date.today().year
        follow = _follow_up(self.draft.data)
        criteria = follow["success_criteria"]
        criteria.append({"name": tr("FollowUp", "Kriterium {0}").format(len(criteria) + 1),
                         "metric": "net_result", "operator": ">=", "target": 0.0, "year": year})
        return self.draft.apply(tr("FollowUp", "Tilføj succeskriterium"), _set_follow_up(follow), None,
                                CRITERIA_PATH)

    def remove_criterion(self, row: int) -> bool:
        follow = _follow_up(self.draft.data)
        if not 0 <= row < len(follow["success_criteria"]):
            return False
        del follow["success_criteria"][row]
        return self.draft.apply(tr("FollowUp", "Fjern succeskriterium"), _set_follow_up(follow), None,
                                CRITERIA_PATH)

    def _remove_selected(self) -> None:
        row = self.criteria.currentRow()
        if 0 <= row < self.criteria.rowCount():
            self.remove_criterion(row)
