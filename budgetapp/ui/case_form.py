"""The input side of the case editor, bound to a :class:`CaseDraft`.

Above the inputs (placed by the editor, outside their scroll area, one line of fixed height so
nothing moves): a status strip with the first invalid entry, reason first, a way to its field and
a list of all (:mod:`budgetapp.ui.case_status`), in Danish (the field registry's labels, the names
of effects, segments and scenarios). A field labelled % takes and shows percent (``120`` is
120 %, refused), stored as a fraction (:func:`case_labels.parse_percent`). Every edit is a core
case edit (:mod:`budgetapp.core.case_edits`) run by the draft as one undo step. Then the case (name, years,
timing with its one-sentence explanation, discount rate, recommendation); the effects (add a flow
or stock effect, copy, remove) and the chosen effect's fields, prior-weeks mixture, segments,
survival curves (pasted from Excel or taken from the published exit durations of a target group)
and phase-in, or for a stock effect the fewer full-year persons and the band shares; the cost
lines and pool funding; the three-point estimates, the scenarios and the chosen scenario's changed
inputs (:mod:`budgetapp.ui.scenario_overrides`). Every field has a tooltip (what it is, its unit and
default); every table header too. Every table has spreadsheet keys (:mod:`budgetapp.ui.table_view`).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.case import FlowEffect
from budgetapp.core.case_edits import InsertItem, RemoveItem, SetField, UpdateItem
from budgetapp.core.fields import field
from budgetapp.core.formatting import parse_number
from budgetapp.core.rules import load_rules
from budgetapp.ui.case_draft import CaseDraft, get_path
from budgetapp.ui.case_labels import parse_percent, place_text, show_percent
from budgetapp.ui.case_status import StatusStrip
from budgetapp.ui.locale import fmt, fmt_amount, parse_amount, tr
from budgetapp.ui.models.case_lists import (
    CHOICES_ROLE,
    COST_COLUMNS,
    POOL_COLUMNS,
    PRIOR_COLUMNS,
    SEGMENT_COLUMNS,
    BandSharesModel,
    DraftListModel,
    DraftTableModel,
    PhaseInModel,
    PriorWeeksModel,
)
from budgetapp.ui.scenario_overrides import (
    OVERRIDES_COLUMN,
    EstimateListModel,
    OverrideModel,
    ScenarioListModel,
)
from budgetapp.ui.survival_reference import CITATION, parse_curve, reference_curve, target_groups
from budgetapp.ui.table_view import SpreadsheetDelegate, SpreadsheetTableView

DEFAULTED = ("weeks_per_year", "deadweight", "persistence", "discount_rate", "timing")
# Values a case gets when its file does not set them (docs/case-file.md), from the field registry:
# an emptied field returns to its default and is shown as such.
DEFAULTS: dict[str, Any] = {key: field(key).default for key in DEFAULTED}
DEFAULT_STYLE = "QLineEdit { color: #2e7d32; font-style: italic; }"
MAX_COLUMN = 130  # pixels
ERROR_STYLE = "color: #c62828;"

# key (relative to the case or the effect), the field registry's path (label, unit, help text,
# range and default: budgetapp/core/fields.py), and the kind of input widget
Field = tuple[str, str, str]
CASE_FIELDS: tuple[Field, ...] = (
    ("name", "name", "text"),
    ("start_year", "start_year", "int"),
    ("years", "years", "int"),
    ("timing", "timing", "timing"),
    ("weeks_per_year", "weeks_per_year", "number"),
    ("discount_rate", "discount_rate", "share"),
    ("description", "description", "multitext"),
    ("decision_text", "decision_text", "text"),
)
FLOW_FIELDS: tuple[Field, ...] = (
    ("name", "effects[].name", "text"),
    ("target_group", "effects[].target_group", "text"),
    ("inflow_per_year", "effects[].inflow_per_year", "amount"),
    ("benefit_per_full_year_person", "effects[].benefit_per_full_year_person", "number"),
    ("benefit_refusion.rule", "effects[].benefit_refusion.rule", "rule"),
    ("benefit_refusion.rate", "effects[].benefit_refusion.rate", "share"),
    ("deadweight", "effects[].deadweight", "share"),
    ("persistence", "effects[].persistence", "share"),
    ("employment_grant", "effects[].employment_grant", "grant"),
    ("employment_grant.share", "effects[].employment_grant.share", "share"),
)
STOCK_FIELDS: tuple[Field, ...] = (
    ("name", "effects[].name", "text"),
    ("target_group", "effects[].target_group", "text"),
    ("fewer_full_year_persons", "effects[].fewer_full_year_persons", "amount"),
    ("benefit_per_full_year_person", "effects[].benefit_per_full_year_person", "number"),
    ("benefit_refusion.rule", "effects[].benefit_refusion.rule", "rule"),
    ("benefit_refusion.rate", "effects[].benefit_refusion.rate", "share"),
    ("employment_grant", "effects[].employment_grant", "grant"),
    ("employment_grant.share", "effects[].employment_grant.share", "share"),
)
GRANT_CHOICES = (("off", "Nej"), ("on", "Ja"))
TIMINGS = (
    ("calendar", "Kalendertid",
     "Kalendertid: hver sparet ydelsesuge bogføres i det kalenderår, den falder i, så en person, "
     "der starter i november, sparer mest året efter."),
    ("entry_year", "Indgangsår",
     "Indgangsår: hele forløbets besparelse bogføres i det år, personen starter (som mange "
     "publicerede cases regner); det overvurderer de første år."),
)
def note_and_error(on_typed: Callable[[str], object]) -> tuple[QLineEdit, QLabel]:
    """The source/remark field of an input or a table, and the hidden label for its messages."""
    note = QLineEdit()
    note.setPlaceholderText(tr("CaseEditor", "Kilde / bemærkning"))
    note.setToolTip(tr("CaseEditor", "Kilde eller bemærkning til tallet; kommer med i byrådsmappen"))
    note.setMinimumWidth(60)
    note.textEdited.connect(on_typed)
    error = QLabel()
    error.setStyleSheet(ERROR_STYLE)
    error.setWordWrap(True)
    error.hide()
    return note, error


def show_note_and_messages(
    note: QLineEdit, error: QLabel, data: dict[str, Any], note_key: str, messages: list[str]
) -> None:
    """The draft's source/remark under ``note_key`` (unless already shown) and the messages, if any."""
    text = (data.get("notes") or {}).get(note_key, "")
    if note.text() != text and not note.hasFocus():
        note.setText(text)
    error.setText("\n".join(messages))
    error.setVisible(bool(messages))


class ChoiceDelegate(SpreadsheetDelegate):
    """The spreadsheet delegate (:mod:`budgetapp.ui.table_view`) with a combo box for cells whose
    model offers a list of choices (``CHOICES_ROLE``)."""

    def createEditor(self, parent, option, index):
        choices = index.data(CHOICES_ROLE)
        if not choices:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for value, label in choices:
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor, index):
        if isinstance(editor, QComboBox):
            pos = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(pos, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def eventFilter(self, editor, event):
        if isinstance(editor, QComboBox):  # arrow keys choose in a combo box, they do not move
            return QStyledItemDelegate.eventFilter(self, editor, event)
        return super().eventFilter(editor, event)


class CaseTableView(SpreadsheetTableView):
    """A table of the case editor: spreadsheet keys, combo boxes for choices, and columns fitted
    once (when the table gets rows) no wider than :data:`MAX_COLUMN`, so the numbers stay in view
    (a long name is cut with "…" and shown whole in its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.max_column = MAX_COLUMN
        super().__init__(False, parent)
        self.delegate = ChoiceDelegate(self)
        self.setItemDelegate(self.delegate)

    def fit_columns(self, *_args) -> None:
        before = self._fitted_shape
        super().fit_columns()
        model = self.model()
        if model is None or self._fitted_shape == before:
            return
        for column in range(model.columnCount()):
            if self.columnWidth(column) > self.max_column:
                self.setColumnWidth(column, self.max_column)


def box_of(grid: QGridLayout) -> QWidget:
    """The widget a grid lays out (so a widget not placed in the grid still has a parent)."""
    return grid.parentWidget()


def grant_on(value: Any) -> bool:
    """Whether an effect's ``employment_grant`` value switches the modregning on (``true`` or a
    mapping, see docs/case-file.md)."""
    return value is True or isinstance(value, dict)


class HomeLineEdit(QLineEdit):
    """A line edit that shows its text from the start whenever it is set or resized without focus.

    A right-aligned QLineEdit keeps the horizontal scroll it had when its text was set; widened
    later (e.g. at a 150 % scale factor) the text could sit scrolled out of view and the field
    look empty although it holds a value.
    """

    def setText(self, text: str) -> None:
        super().setText(text)
        self.home(False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.hasFocus():
            self.home(False)


class FieldRow:
    """One input: label, value, unit, source/remark, and the validation message under it.

    ``key`` is the field relative to its owner (``inflow_per_year``); ``owner()`` gives the path
    prefix (``""`` for the case, ``"effects[1]."`` for an effect).
    """

    def __init__(self, inputs: CaseInputs, grid: QGridLayout, row: int, spec: Field,
                 owner: Callable[[], str]) -> None:
        key, registry_path, kind = spec
        self.inputs = inputs
        self.key = key
        self.kind = kind
        self.owner = owner
        self.spec = field(registry_path)
        self.label = QLabel(tr("CaseEditor", self.spec.label))
        unit = self.spec.unit
        tooltip = self.spec.tooltip()
        if kind == "timing":  # the default is shown as its Danish name, not the file's value
            tooltip = tooltip.replace("Standardværdi: calendar", "Standardværdi: Kalendertid")
        if kind == "grant":  # a soft hyphen lets the long word wrap in the narrow label column
            self.label.setText(self.label.text().replace("beskæftigelsestilskud",
                                                         "beskæftigelses\u00adtilskud"))
            tooltip = self.spec.help + " " + tr("CaseEditor", "Standard: ingen modregning.")
        self.help = tooltip
        self.explanation: QLabel | None = None
        self._setting = False
        if kind in ("rule", "timing", "grant"):
            self.value: QLineEdit | QComboBox | QPlainTextEdit = QComboBox()
            if kind == "rule":
                for rule in load_rules().values():
                    if rule.applies_to == "benefit":
                        self.value.addItem(rule.name, rule.id)
            elif kind == "grant":
                for value, text in GRANT_CHOICES:
                    self.value.addItem(tr("CaseEditor", text), value)
            else:
                for value, text, _explain in TIMINGS:
                    self.value.addItem(tr("CaseEditor", text), value)
                self.explanation = QLabel()
                self.explanation.setWordWrap(True)
                self.explanation.setStyleSheet("color: #37474f;")
            self.value.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.value.setMinimumContentsLength(10)
            self.value.currentIndexChanged.connect(self._chosen)
        elif kind == "multitext":
            self.value = QPlainTextEdit()
            self.value.setTabChangesFocus(True)
            self.value.setFixedHeight(self.value.fontMetrics().lineSpacing() * 5 + 12)
            self.value.textChanged.connect(self._plain_changed)
        else:
            self.value = HomeLineEdit()
            self.value.textEdited.connect(self._typed)
            self.value.editingFinished.connect(self._finished)
            if kind in ("number", "share", "int", "amount"):
                self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
                # A number field no wider than its longest number: right-aligned in a field that
                # stretched past the visible pane (at 150 %) the figure sat out of view.
                self.value.setMaximumWidth(self.value.fontMetrics().horizontalAdvance("0" * 18) + 16)
        self.value.setMinimumWidth(90)
        self.value.setToolTip(tooltip)
        self.label.setToolTip(tooltip)
        self.label.setBuddy(self.value)
        self.unit = QLabel(tr("CaseEditor", unit))
        self.unit.setStyleSheet("color: #555;")
        self.note, self.error = note_and_error(
            lambda text: inputs.draft.set_note(self.note_key, text))
        # Three grid rows per field (value and unit; source/remark; messages), so the form stays
        # narrow enough to sit beside the results at 1366×768 without scrolling sideways.
        self.label.setWordWrap(True)
        self.label.setMaximumWidth(150)
        self.unit.setWordWrap(True)
        self.unit.setMaximumWidth(80)
        self.note.setMinimumWidth(0)
        grid.addWidget(self.label, row * 3, 0)
        grid.addWidget(self.value, row * 3, 1)
        grid.addWidget(self.unit, row * 3, 2)
        if self.explanation is not None:
            grid.addWidget(self.explanation, row * 3 + 1, 0, 1, 3)
            self.note.setParent(box_of(grid))
            self.note.hide()
        else:
            grid.addWidget(self.note, row * 3 + 1, 1, 1, 2)
        grid.addWidget(self.error, row * 3 + 2, 1, 1, 2)

    @property
    def path(self) -> str:
        return self.owner() + self.key

    @property
    def note_key(self) -> str:
        base = self.key.split(".", 1)[0]
        owner = self.owner()
        return base if owner in ("", "effects[0].") else owner + base

    # --- from the widget to the draft ---------------------------------------------------

    def _plain_changed(self) -> None:
        if self.inputs.loading or self._setting:
            return
        assert isinstance(self.value, QPlainTextEdit)
        self._typed(self.value.toPlainText())

    def parse(self, text: str) -> Any:
        if self.kind in ("text", "multitext"):
            return text
        if not text.strip() and (self.key in DEFAULTS or self.key == "employment_grant.share"):
            return None  # an emptied field returns to its default
        if self.kind == "int":
            number = parse_number(text)
            if number != int(number):
                raise ValueError(tr("CaseEditor", "skal være et helt tal"))
            return int(number)
        if self.kind == "share":
            return parse_percent(text)
        if self.kind == "amount":
            return parse_amount(text)
        return parse_number(text)

    def _typed(self, text: str, finished: bool = False) -> None:
        try:
            value = self.parse(text)
        except ValueError as exc:
            self.inputs.draft.report_typing(self.path, str(exc))
            return
        if self.kind not in ("text", "multitext") and not finished:
            # A number commits when editing finishes (Enter, focus out), never a prefix of it ("4" of "4x9").
            self.inputs.draft.clear_typing(self.path)
            return
        self.inputs.draft.set_value(
            self.path, value, tr("CaseEditor", "Ændr {0}").format(self.label.text().lower())
        )

    def commit_pending(self) -> None:
        """Commit a number still being typed (as Enter would); text and combo boxes commit as
        they change, so there is nothing pending in them."""
        self._finished()

    def _finished(self) -> None:
        if self.kind not in ("text", "multitext") and isinstance(self.value, QLineEdit) \
                and self.value.isModified():
            self.value.setModified(False)
            self._typed(self.value.text(), finished=True)

    def _chosen(self, _index: int) -> None:
        if self.inputs.loading:
            return
        value = self.value.currentData()
        if self.kind == "timing":
            self.inputs.draft.set_value(self.path, value, tr("CaseEditor", "Skift tidsfæstelse"))
            return
        if self.kind == "grant":
            on = value == "on"
            if on == grant_on(get_path(self.inputs.draft.data, self.path)):
                return
            self.inputs.draft.set_value(self.path, {} if on else None, tr(
                "CaseEditor", "Slå modregning i beskæftigelsestilskud til" if on else
                "Slå modregning i beskæftigelsestilskud fra"))
            return
        rule = load_rules()[value]
        refusion: dict[str, Any] = {"rule": value}
        owner = self.owner()
        if rule.rate_from_case:
            current = get_path(self.inputs.draft.data, owner + "benefit_refusion.rate")
            refusion["rate"] = current if current is not None else 0.5
        self.inputs.draft.apply(tr("CaseEditor", "Skift refusionsregel"),
                                SetField(owner + "benefit_refusion", refusion), None,
                                owner + "benefit_refusion.rule")

    # --- from the draft to the widget ---------------------------------------------------

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind in ("text", "multitext") or isinstance(value, str):
            return str(value)
        if self.kind == "int":
            return str(int(value))
        if self.kind == "share":
            return show_percent(value)
        if self.kind == "amount":
            return fmt_amount(value, 0)
        return fmt(float(value), 2).rstrip("0").rstrip(",")

    def refresh(self, data: dict[str, Any]) -> None:
        path = self.path
        value = get_path(data, path, DEFAULTS.get(self.key))
        draft = self.inputs.draft
        if isinstance(self.value, QPlainTextEdit):
            text = self.display(value)
            if self.value.toPlainText() != text:
                self._setting = True
                try:
                    self.value.setPlainText(text)
                finally:
                    self._setting = False
        elif self.kind == "grant":
            assert isinstance(self.value, QComboBox)
            pos = self.value.findData("on" if grant_on(value) else "off")
            if pos != self.value.currentIndex():
                self.value.setCurrentIndex(pos)
        elif isinstance(self.value, QComboBox):
            pos = self.value.findData(value)
            if pos >= 0 and pos != self.value.currentIndex():
                self.value.setCurrentIndex(pos)
            if self.explanation is not None:
                self.explanation.setText(dict((v, e) for v, _t, e in TIMINGS).get(value, ""))
        else:
            current = self.value.text()
            try:
                same = self.parse(current) == value
            except ValueError:
                same = False
            # Text being typed (focus, modified since the last commit) is never overwritten: "12,"
            # of "12,5" cannot be read, and the draft change when "12,5" can must not reset it.
            typing = self.value.hasFocus() and (self.value.isModified() or not current.strip())
            if not same and path not in draft.typing_issues and not typing:
                self.value.setText(self.display(value))
            explicit = self.key not in DEFAULTS or value != DEFAULTS[self.key]
            self.value.setStyleSheet("" if explicit else DEFAULT_STYLE)
            self.value.setToolTip(self.help if explicit else self.help + " " + tr(
                "CaseEditor", "Viser standardværdien (ikke indtastet): {0}").format(self.display(value)))
            if self.key == "employment_grant.share":
                on = grant_on(get_path(data, self.owner() + "employment_grant"))
                self.value.setEnabled(on)
                self.value.setPlaceholderText(tr("CaseEditor", "standard 50 %") if on else "")
                if not on:
                    self.value.setText("")
            if self.key == "benefit_refusion.rate":
                rule = load_rules().get(get_path(data, self.owner() + "benefit_refusion.rule") or "")
                enabled = bool(rule and rule.rate_from_case)
                self.value.setEnabled(enabled)
                if not enabled:
                    self.value.setText("")
                    self.value.setPlaceholderText(tr("CaseEditor", "satser fra regelfilen"))
        show_note_and_messages(self.note, self.error, data, self.note_key, draft.messages_for(path))
        if self.explanation is not None:
            self.note.hide()


class ListEditor(QGroupBox):
    """A titled editable table with add/remove buttons, its source field and its messages."""

    def __init__(self, inputs: CaseInputs, title: str, model: DraftListModel | DraftTableModel,
                 note_key: Callable[[], str] | str, tooltip: str = "", buttons: bool = True,
                 note: bool = True) -> None:
        super().__init__(title)
        self.inputs = inputs
        self.model = model
        self._note_key = note_key
        self.note_shown = note
        self.setToolTip(tooltip)
        self.view = CaseTableView()
        self.view.setModel(model)
        # Excel keys: arrows move, typing replaces, F2 edits, Enter commits and moves down; a
        # click on the current cell opens a choice list.
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setWordWrap(False)
        self.view.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.view.setMinimumWidth(120)
        self.add_button = QPushButton(tr("CaseEditor", "Tilføj"))
        self.remove_button = QPushButton(tr("CaseEditor", "Fjern valgte"))
        self.add_button.setToolTip(tr("CaseEditor", "Tilføj en række (ét fortryd-trin)"))
        self.remove_button.setToolTip(tr("CaseEditor", "Fjern den valgte række (ét fortryd-trin)"))
        self.add_button.clicked.connect(model.insert_row)
        self.remove_button.clicked.connect(self._remove)
        self.note, self.error = note_and_error(lambda text: inputs.draft.set_note(self.note_key, text))
        row = QHBoxLayout()
        if buttons:
            row.addWidget(self.add_button)
            row.addWidget(self.remove_button)
        if note:
            row.addWidget(self.note, 1)
        else:  # the table's source/remark is its owner's (a scenario's changed inputs)
            self.note.setParent(self)
            self.note.hide()
            row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)
        layout.addWidget(self.error)

    @property
    def note_key(self) -> str:
        return self._note_key() if callable(self._note_key) else self._note_key

    @property
    def list_key(self) -> str:
        return self.model.list_key  # type: ignore[union-attr]

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def refresh(self, data: dict[str, Any]) -> None:
        show_note_and_messages(
            self.note, self.error, data, self.note_key, self.inputs.draft.messages_for(self.list_key)
        )
        if not self.note_shown:
            self.note.hide()


class CaseInputs(QWidget):
    """The input side of the editor bound to a :class:`CaseDraft` (see the module text)."""

    def __init__(self, draft: CaseDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.loading = False
        self.effect_index = 0
        self.paths_chart = None  # the editor's before/after chart, set by the editor
        self._charted: FlowEffect | None = None
        self.banner_area = self._banner_area()

        case_box, self.case_fields = self._form(tr("CaseEditor", "Casen"), CASE_FIELDS, lambda: "")
        self.fields: dict[str, FieldRow] = {}
        self.fields.update(self.case_fields)
        effects_box = self._effects_box()
        self.flow_widget = self._flow_widget()
        self.stock_widget = self._stock_widget()
        self.effect_stack = QStackedWidget()
        self.effect_stack.addWidget(self.flow_widget)
        self.effect_stack.addWidget(self.stock_widget)

        self.costs_model = DraftListModel(draft, "costs", COST_COLUMNS, tr("CaseEditor", "udgifter"))
        self.pools_model = DraftListModel(draft, "pool_funding", POOL_COLUMNS,
                                          tr("CaseEditor", "puljefinansiering"))
        self.estimates_model = EstimateListModel(draft)
        self.scenarios_model = ScenarioListModel(draft)
        self.overrides_model = OverrideModel(draft)
        self.case_lists = [
            ListEditor(self, tr("CaseEditor", "Udgifter"), self.costs_model, "costs",
                       tr("CaseEditor", "Investeringens udgiftsposter")),
            ListEditor(self, tr("CaseEditor", "Puljefinansiering"), self.pools_model, "pool_funding",
                       tr("CaseEditor", "Indtægter fra puljer, der finansierer indsatsen")),
            ListEditor(self, tr("CaseEditor", "Usikkerhed (trepunkt)"), self.estimates_model,
                       "uncertainty", tr("CaseEditor", "Laveste, mest sandsynlige og højeste værdi af "
                                                       "usikre forudsætninger; bruges i simulationen")),
            ListEditor(self, tr("CaseEditor", "Scenarier"), self.scenarios_model, "scenarios",
                       tr("CaseEditor", "Navngivne sæt af ændrede forudsætninger, der sammenlignes "
                                        "under Beslutningsstøtte")),
            ListEditor(self, tr("CaseEditor", "Ændrede forudsætninger"), self.overrides_model,
                       lambda: self.overrides_model.list_key,
                       tr("CaseEditor", "De forudsætninger, det valgte scenarie ændrer, og deres "
                                        "værdier i scenariet"), note=False),
        ]
        self.estimates_editor = self.case_lists[2]
        self.scenarios_editor = self.case_lists[3]
        self.overrides_editor = self.case_lists[4]
        # The input's label may be long (a segment's name): a wider column, cut with "…" (whole
        # in its tooltip), so the value and unit stay in view in a narrow pane.
        self.overrides_editor.view.max_column = MAX_COLUMN + 40
        self.scenarios_editor.view.selectionModel().currentChanged.connect(
            lambda current, _previous: self.choose_scenario(current.row() if current.isValid() else None))
        self.scenarios_editor.view.installEventFilter(self)
        self.scenarios_editor.view.doubleClicked.connect(
            lambda index: self.edit_overrides() if index.column() == OVERRIDES_COLUMN else None)
        self.scenarios_editor.add_button.clicked.connect(
            lambda: self.scenarios_editor.view.setCurrentIndex(
                self.scenarios_model.index(self.scenarios_model.rowCount() - 1, 0)))
        legend = QLabel(tr("CaseEditor", "<i style='color:#2e7d32'>Grøn kursiv</i> = standardværdi, "
                                         "ikke indtastet. Tal skrives på dansk: 1.234,5."))
        legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(case_box)
        layout.addWidget(legend)
        layout.addWidget(effects_box)
        layout.addWidget(self.effect_stack)
        for editor in self.case_lists:
            layout.addWidget(editor)
        layout.addStretch(1)

    # --- building ------------------------------------------------------------------------

    def _banner_area(self) -> StatusStrip:
        """The status strip above the inputs (placed by the editor, outside their scroll area; one
        line of fixed height, :mod:`budgetapp.ui.case_status`): the first invalid entry with a way
        to it and a list of all, or that all are valid, and what the last undo or redo took back."""
        strip = StatusStrip()
        self.banner = strip.banner
        self.status = strip.status
        self.undo_note = strip.undo_note
        strip.goTo.connect(self.go_to)
        return strip

    def show_undo_note(self, text: str) -> None:
        """What the last Fortryd/Gentag in the editor did (shown until the next edit)."""
        self.banner_area.show_undo_note(text)

    def problem_lines(self) -> list[str]:
        """Every invalid entry as the strip's list reads it (``Effekt «A» › Dødvægt: …``)."""
        return list(self.banner_area.lines)

    def _form(self, title: str, specs: tuple[Field, ...], owner: Callable[[], str]
              ) -> tuple[QGroupBox, dict[str, FieldRow]]:
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 3)
        grid.setVerticalSpacing(1)
        rows = {}
        for i, spec in enumerate(specs):
            rows[spec[0]] = FieldRow(self, grid, i, spec, owner)
        return box, rows

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F2, Enter or typing on a scenario's read-only "Ændrede forudsætninger" cell moves the
        cursor to the table where they are edited (:meth:`edit_overrides`)."""
        view = self.scenarios_editor.view
        if watched is view and event.type() == QEvent.Type.KeyPress \
                and view.currentIndex().isValid() and view.currentIndex().column() == OVERRIDES_COLUMN \
                and view.state() != QAbstractItemView.State.EditingState:
            assert isinstance(event, QKeyEvent)
            typed = event.text().strip() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            if event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter) or typed:
                self.edit_overrides()
                return True
        return super().eventFilter(watched, event)

    def edit_overrides(self) -> None:
        """Put the cursor in the chosen scenario's table of changed inputs (its first value; with
        none yet, on the "Tilføj" button), scrolled into view."""
        editor = self.overrides_editor
        model = self.overrides_model
        target: QWidget = editor.view if model.rowCount() else editor.add_button
        if model.rowCount():
            editor.view.setCurrentIndex(model.index(0, 1))
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(editor, 20, 40)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def choose_scenario(self, row: int | None) -> None:
        """Show the changed inputs of scenario ``row`` (None: no scenario chosen)."""
        if row is not None and not 0 <= row < self.scenarios_model.rowCount():
            row = None
        if row != self.overrides_model.scenario:
            self.overrides_model.set_scenario(row)
        self._title_overrides()

    def _title_overrides(self) -> None:
        row = self.overrides_model.scenario
        scenarios = self.draft.data.get("scenarios")
        name = scenarios[row].get("name", "") if row is not None and isinstance(scenarios, list) \
            and row < len(scenarios) and isinstance(scenarios[row], dict) else ""
        self.overrides_editor.setTitle(
            tr("CaseEditor", "Ændrede forudsætninger i «{0}»").format(name) if row is not None
            else tr("CaseEditor", "Ændrede forudsætninger (vælg et scenarie ovenfor)"))
        self.overrides_editor.add_button.setEnabled(row is not None)
        self.overrides_editor.remove_button.setEnabled(row is not None)

    def all_field_rows(self) -> list[FieldRow]:
        """Every input row: the case's, a flow effect's and a stock effect's."""
        return [*self.case_fields.values(), *self.flow_fields.values(), *self.stock_fields.values()]

    def _effect_owner(self) -> str:
        return f"effects[{self.effect_index}]."

    def _effects_box(self) -> QGroupBox:
        box = QGroupBox(tr("CaseEditor", "Effekter"))
        self.effect_list = QListWidget()
        self.effect_list.setMaximumHeight(90)
        self.effect_list.setToolTip(tr("CaseEditor", "Vælg den effekt, der vises nedenfor"))
        self.effect_list.currentRowChanged.connect(self._effect_chosen)
        buttons = QGridLayout()
        self.add_flow_button = QPushButton(tr("CaseEditor", "Ny tilgangseffekt"))
        self.add_flow_button.setToolTip(tr(
            "CaseEditor", "En målgruppe med tilgang pr. år og forløb på ydelse før og efter indsatsen"))
        self.add_stock_button = QPushButton(tr("CaseEditor", "Ny bestandseffekt"))
        self.add_stock_button.setToolTip(tr(
            "CaseEditor", "Færre helårspersoner på ydelse pr. år (som mange cases opgør effekten)"))
        self.copy_effect_button = QPushButton(tr("CaseEditor", "Kopiér"))
        self.copy_effect_button.setToolTip(tr("CaseEditor", "Kopiér den valgte effekt"))
        self.remove_effect_button = QPushButton(tr("CaseEditor", "Fjern"))
        self.remove_effect_button.setToolTip(tr(
            "CaseEditor", "Fjern den valgte effekt (og usikkerhed og scenarier, der nævner den)"))
        self.add_flow_button.clicked.connect(lambda: self.add_effect("flow"))
        self.add_stock_button.clicked.connect(lambda: self.add_effect("stock"))
        self.copy_effect_button.clicked.connect(self.copy_effect)
        self.remove_effect_button.clicked.connect(self.remove_effect)
        for i, button in enumerate((self.add_flow_button, self.add_stock_button, self.copy_effect_button,
                                    self.remove_effect_button)):
            buttons.addWidget(button, i // 2, i % 2)
        self.effects_error = QLabel()
        self.effects_error.setStyleSheet(ERROR_STYLE)
        self.effects_error.setWordWrap(True)
        self.effects_error.hide()
        layout = QVBoxLayout(box)
        layout.addWidget(self.effect_list)
        layout.addLayout(buttons)
        layout.addWidget(self.effects_error)
        return box

    def _flow_widget(self) -> QWidget:
        widget = QWidget()
        form, self.flow_fields = self._form(tr("CaseEditor", "Tilgangseffekt"), FLOW_FIELDS,
                                            self._effect_owner)
        self.fields.update(self.flow_fields)
        owner = self._effect_owner
        self.prior_model = PriorWeeksModel(draft=self.draft, list_key="effects[0].prior_weeks",
                                           columns=PRIOR_COLUMNS, label=tr("CaseEditor", "forhistorie"))
        self.segments_model = DraftListModel(self.draft, "effects[0].segments", SEGMENT_COLUMNS,
                                             tr("CaseEditor", "segmenter"))
        self.phase_model = PhaseInModel(self.draft)

        def note(key: str) -> Callable[[], str]:
            return lambda: key if owner() == "effects[0]." else owner() + key

        self.prior_editor = ListEditor(
            self, tr("CaseEditor", "Forudgående uger (blanding)"), self.prior_model,
            note("prior_weeks"), tr("CaseEditor", "Hvor langt på refusionstrappen tilgangen er ved start; "
                                                  "flere rækker = en blanding, hvis andele summer til 100 %"))
        self.segments_editor = ListEditor(
            self, tr("CaseEditor", "Segmenter af tilgangen"), self.segments_model,
            note("segments"), tr("CaseEditor", "Dele af tilgangen med hvert sit forløb på ydelse"))
        self.phase_editor = ListEditor(
            self, tr("CaseEditor", "Indfasning (sidste år gentages)"), self.phase_model,
            note("effect_phase_in"), tr("CaseEditor", "Andel af den fulde effekt for hvert års tilgang"))
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        layout.addWidget(self.prior_editor)
        layout.addWidget(self.segments_editor)
        layout.addWidget(self._survival_box())
        layout.addWidget(self.phase_editor)
        return widget

    def _survival_box(self) -> QGroupBox:
        box = QGroupBox(tr("CaseEditor", "Overlevelseskurver"))
        box.setToolTip(tr("CaseEditor", "Andel af segmentet stadig på ydelse uge for uge: en kurve S₁…Sₙ "
                                        "erstatter et segments antal uger før eller efter"))
        self.curve_segment = QComboBox()
        self.curve_segment.setToolTip(tr("CaseEditor", "Segmentet, kurven gælder"))
        self.curve_side = QComboBox()
        self.curve_side.addItem(tr("CaseEditor", "Før (uden indsats)"), "before")
        self.curve_side.addItem(tr("CaseEditor", "Efter (med indsats)"), "after")
        self.curve_side.setToolTip(tr("CaseEditor", "Forløbet uden eller med indsatsen"))
        self.paste_button = QPushButton(tr("CaseEditor", "Indsæt fra Excel"))
        self.paste_button.setToolTip(tr("CaseEditor", "Kopiér én kolonne med andele (0-1 eller %) i "
                                                      "Excel, og tryk her; uge 1 øverst"))
        self.reference_group = QComboBox()
        for group in target_groups():
            self.reference_group.addItem(group, group)
        self.reference_group.setToolTip(CITATION)
        for combo in (self.curve_segment, self.curve_side, self.reference_group):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.reference_button = QPushButton(tr("CaseEditor", "Hent referencekurve"))
        self.reference_button.setToolTip(CITATION)
        self.clear_curve_button = QPushButton(tr("CaseEditor", "Fjern kurve"))
        self.clear_curve_button.setToolTip(tr("CaseEditor", "Brug kurvens gennemsnitlige antal uger i "
                                                            "stedet for kurven"))
        self.paste_button.clicked.connect(self.paste_curve)
        self.reference_button.clicked.connect(self.reference_to_curve)
        self.clear_curve_button.clicked.connect(self.clear_curve)
        self.curve_status = QLabel()
        self.curve_status.setWordWrap(True)
        self.curve_error = QLabel()
        self.curve_error.setStyleSheet(ERROR_STYLE)
        self.curve_error.setWordWrap(True)
        self.curve_error.hide()
        grid = QGridLayout(box)
        grid.addWidget(self.curve_segment, 0, 0)
        grid.addWidget(self.curve_side, 0, 1)
        grid.addWidget(self.paste_button, 1, 0)
        grid.addWidget(self.clear_curve_button, 1, 1)
        grid.addWidget(self.reference_group, 2, 0)
        grid.addWidget(self.reference_button, 2, 1)
        grid.addWidget(self.curve_status, 3, 0, 1, 2)
        grid.addWidget(self.curve_error, 4, 0, 1, 2)
        return box

    def _stock_widget(self) -> QWidget:
        widget = QWidget()
        form, self.stock_fields = self._form(tr("CaseEditor", "Bestandseffekt"), STOCK_FIELDS,
                                             self._effect_owner)
        self.bands_model = BandSharesModel(self.draft)
        self.bands_editor = ListEditor(
            self, tr("CaseEditor", "Ugernes fordeling på trappen"), self.bands_model,
            lambda: self._effect_owner() + "band_shares",
            tr("CaseEditor", "Andel af de sparede uger i hvert bånd; standard alle i uge 53+"),
            buttons=False)
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        layout.addWidget(self.bands_editor)
        return widget

    # --- effects -----------------------------------------------------------------------

    def _effects(self) -> list[dict[str, Any]]:
        effects = self.draft.data.get("effects")
        return effects if isinstance(effects, list) else []

    def current_effect(self) -> dict[str, Any]:
        effects = self._effects()
        return effects[self.effect_index] if 0 <= self.effect_index < len(effects) else {}

    def _effect_chosen(self, row: int) -> None:
        if self.loading or row < 0:
            return
        self.effect_index = row
        self.refresh()
        self.show_effect_chart()

    def _unique_effect_name(self, wanted: str) -> str:
        names = {e.get("name") for e in self._effects()}
        name, n = wanted, 2
        while name in names:
            name = f"{wanted} ({n})"
            n += 1
        return name

    def add_effect(self, kind: str) -> None:
        data = self.draft.data
        years = data.get("years") if isinstance(data.get("years"), int) else 1
        if kind == "flow":
            new: dict[str, Any] = {
                "kind": "flow", "name": self._unique_effect_name(tr("CaseEditor", "Ny tilgangseffekt")),
                "target_group": "", "inflow_per_year": 0.0, "benefit_per_full_year_person": 0.0,
                "benefit_refusion": self._default_refusion(), "prior_weeks": 0.0,
                "segments": [{"name": tr("CaseEditor", "Alle"), "share": 1.0, "weeks_before": 0.0,
                              "active_weeks_before": 0.0, "weeks_after": 0.0, "weeks_in_effort": 0.0}],
                "effect_phase_in": [1.0], "deadweight": 0.0, "persistence": 1.0,
            }
        else:
            new = {
                "kind": "stock", "name": self._unique_effect_name(tr("CaseEditor", "Ny bestandseffekt")),
                "target_group": "", "benefit_per_full_year_person": 0.0,
                "benefit_refusion": self._default_refusion(),
                "fewer_full_year_persons": [0.0] * max(1, years), "band_shares": [0.0, 0.0, 0.0, 1.0],
            }
        self.effect_index = len(self._effects())
        self.draft.apply(tr("CaseEditor", "Tilføj effekt"), InsertItem("effects", new), None, "effects")

    def _default_refusion(self) -> dict[str, Any]:
        current = self.current_effect().get("benefit_refusion")
        return copy.deepcopy(current) if isinstance(current, dict) else {"rule": "flat", "rate": 0.0}

    def copy_effect(self) -> None:
        effect = copy.deepcopy(self.current_effect())
        if not effect:
            return
        effect["name"] = self._unique_effect_name(f"{effect.get('name', '')} (kopi)")
        self.effect_index = len(self._effects())
        self.draft.apply(tr("CaseEditor", "Kopiér effekt"), InsertItem("effects", effect), None, "effects")

    def remove_effect(self) -> None:
        index = self.effect_index
        if not 0 <= index < len(self._effects()):
            return
        self.effect_index = max(0, index - 1)
        self.draft.apply(tr("CaseEditor", "Fjern effekt"), RemoveItem("effects", index), None, "effects")

    # --- survival curves -----------------------------------------------------------------

    def _curve_target(self) -> tuple[int, str] | None:
        segment = self.curve_segment.currentIndex()
        if segment < 0:
            return None
        return segment, self.curve_side.currentData()

    def set_curve(self, segment: int, side: str, curve: list[float] | None, text: str) -> None:
        """Give segment ``segment`` of the current effect the survival curve ``curve`` on ``side``
        (``before``/``after``); None goes back to a number of weeks (the curve's mean length)."""
        segments = self._effect_owner() + "segments"
        path = f"{segments}[{segment}]"
        weeks_key, curve_key = f"weeks_{side}", f"survival_{side}"
        item = get_path(self.draft.data, path) or {}
        changes: dict[str, Any]
        if curve is None:  # back to the curve's mean number of weeks
            old = item.get(curve_key)
            changes = {curve_key: None, weeks_key: round(sum(old), 4) if isinstance(old, list) else 0.0}
        else:
            changes = {weeks_key: None, curve_key: curve}
            if side == "after" and item.get("weeks_in_effort", 0) > len(curve):
                changes["weeks_in_effort"] = float(len(curve))
        self.curve_error.hide()
        self.draft.apply(text, UpdateItem(segments, segment, changes), None, f"{path}.{curve_key}")

    def paste_curve(self) -> None:
        target = self._curve_target()
        if target is None:
            return
        try:
            curve = parse_curve(QApplication.clipboard().text())
        except ValueError as exc:
            self.curve_error.setText(tr("CaseEditor", "Kurven kan ikke indsættes: {0}").format(exc))
            self.curve_error.show()
            return
        self.set_curve(*target, curve, tr("CaseEditor", "Indsæt overlevelseskurve"))

    def reference_to_curve(self) -> None:
        target = self._curve_target()
        if target is None:
            return
        curve = reference_curve(self.reference_group.currentData())
        self.set_curve(*target, curve, tr("CaseEditor", "Overlevelseskurve fra referencedata"))

    def clear_curve(self) -> None:
        target = self._curve_target()
        if target is not None:
            self.set_curve(*target, None, tr("CaseEditor", "Fjern overlevelseskurve"))

    def _refresh_curve_box(self, effect: dict[str, Any]) -> None:
        segments = effect.get("segments") if isinstance(effect.get("segments"), list) else []
        names = [str(s.get("name", i + 1)) if isinstance(s, dict) else str(i + 1)
                 for i, s in enumerate(segments)]
        if [self.curve_segment.itemText(i) for i in range(self.curve_segment.count())] != names:
            current = self.curve_segment.currentIndex()
            self.curve_segment.blockSignals(True)
            self.curve_segment.clear()
            self.curve_segment.addItems(names)
            self.curve_segment.setCurrentIndex(min(max(current, 0), len(names) - 1))
            self.curve_segment.blockSignals(False)
        parts = []
        for name, seg in zip(names, segments, strict=True):
            for side, label in (("before", tr("CaseEditor", "før")), ("after", tr("CaseEditor", "efter"))):
                curve = seg.get(f"survival_{side}") if isinstance(seg, dict) else None
                if isinstance(curve, list) and curve:
                    numbers = [v for v in curve if isinstance(v, int | float)]
                    parts.append(tr("CaseEditor", "«{0}» {1}: {2} uger, gennemsnit {3} uger").format(
                        name, label, len(curve), fmt(sum(numbers), 1)))
        self.curve_status.setText("; ".join(parts) if parts else
                                  tr("CaseEditor", "Ingen kurver: segmenterne bruger antal uger."))

    def show_effect_chart(self) -> None:
        chart = self.paths_chart
        case = self.draft.case
        if chart is None or case is None:
            return
        effects = case.effects
        index = self.effect_index if 0 <= self.effect_index < len(effects) else 0
        effect = effects[index]
        if not isinstance(effect, FlowEffect):
            if not case.flow_effects:
                return
            effect = case.flow_effects[0][1]
        if effect != self._charted:  # an unchanged effect is not redrawn
            self._charted = effect
            chart.set_effect(effect)

    # --- refresh -------------------------------------------------------------------------

    def refresh(self) -> None:
        self.loading = True
        try:
            self._refresh_effects()
            data = self.draft.data
            for row in self.case_fields.values():
                row.refresh(data)
            effect = self.current_effect()
            stock = effect.get("kind") == "stock"
            self.effect_stack.setCurrentWidget(self.stock_widget if stock else self.flow_widget)
            for row in (self.stock_fields if stock else self.flow_fields).values():
                row.refresh(data)
            owner = self._effect_owner()
            if stock:
                if self.bands_model.list_key != owner + "band_shares":
                    self.bands_model.set_list_key(owner + "band_shares")
                self.bands_editor.refresh(data)
            else:
                for model, key in ((self.prior_model, "prior_weeks"), (self.segments_model, "segments"),
                                   (self.phase_model, "effect_phase_in")):
                    if model.list_key != owner + key:
                        model.set_list_key(owner + key)
                for editor in (self.prior_editor, self.segments_editor, self.phase_editor):
                    editor.refresh(data)
                self._refresh_curve_box(effect)
            if self.overrides_model.scenario is None and self.scenarios_model.rowCount():
                self.scenarios_editor.view.setCurrentIndex(self.scenarios_model.index(0, 0))
            for editor in self.case_lists:
                editor.refresh(data)
            self._title_overrides()
        finally:
            self.loading = False
        self._refresh_banner()

    def _refresh_effects(self) -> None:
        effects = self._effects()
        if self.effect_index >= len(effects):
            self.effect_index = max(0, len(effects) - 1)
        kinds = {"flow": tr("CaseEditor", "tilgang"), "stock": tr("CaseEditor", "bestand")}
        labels = [f"{e.get('name', '')} ({kinds.get(e.get('kind', 'flow'), '')})" if isinstance(e, dict)
                  else "?" for e in effects]
        if [self.effect_list.item(i).text() for i in range(self.effect_list.count())] != labels:
            self.effect_list.clear()
            self.effect_list.addItems(labels)
        if self.effect_list.currentRow() != self.effect_index and labels:
            self.effect_list.setCurrentRow(self.effect_index)
        current = f"effects[{self.effect_index}]"
        shown = [i.message if i.field == "effects" else f"{place_text(self.draft.data, i.field)}: {i.message}"
                 for i in self.draft.issues
                 if i.field == "effects" or (i.field.startswith("effects[")
                                             and not i.field.startswith(current + "."))]
        self.effects_error.setText("\n".join(shown))
        self.effects_error.setVisible(bool(shown))
        self.remove_effect_button.setEnabled(bool(effects))
        self.copy_effect_button.setEnabled(bool(effects))

    def _refresh_banner(self) -> None:
        problems = [(path, message) for path, message in self.draft.typing_issues.items()]
        problems += [(i.field, i.message) for i in self.draft.issues]
        self.banner_area.show_problems(self.draft.data, problems)

    # --- going to a field ----------------------------------------------------------------

    def go_to(self, path: str) -> bool:
        """Show the field or table cell of draft ``path`` (choosing its effect or scenario first),
        scroll the form to it and put the cursor in it; returns whether a place was found."""
        effect = re.match(r"effects\[(\d+)\]", path)
        if effect and int(effect.group(1)) != self.effect_index \
                and int(effect.group(1)) < len(self._effects()):
            self.effect_list.setCurrentRow(int(effect.group(1)))
        scenario = re.match(r"scenarios\[(\d+)\]\.overrides", path)
        if scenario and int(scenario.group(1)) < self.scenarios_model.rowCount():
            self.scenarios_editor.view.setCurrentIndex(self.scenarios_model.index(int(scenario.group(1)), 0))
        target = self._place_of(path)
        if target is None:
            return False
        widget, view_index = target
        scroll = self.parentWidget()
        while scroll is not None and not isinstance(scroll, QScrollArea):
            scroll = scroll.parentWidget()
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(widget, 20, 40)
        if isinstance(widget, CaseTableView) and view_index is not None:
            widget.setCurrentIndex(view_index)
            widget.scrollTo(view_index)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _place_of(self, path: str):
        """(widget, table index or None) showing draft ``path``, or None."""
        rows = [*self.case_fields.values(),
                *(self.stock_fields if self.effect_stack.currentWidget() is self.stock_widget
                  else self.flow_fields).values()]
        for row in rows:
            if path in (row.path, f"notes.{row.note_key}"):
                return row.value, None
        for row in rows:
            if path.startswith(row.path + "["):  # one year of a per-year amount
                return row.value, None
        stock = self.effect_stack.currentWidget() is self.stock_widget
        editors = [self.bands_editor] if stock else [self.prior_editor, self.segments_editor,
                                                    self.phase_editor]
        editors += [self.overrides_editor, *[e for e in self.case_lists if e is not self.overrides_editor]]
        for editor in editors:
            found = self._cell_of(editor, path)
            if found is not None:
                return editor.view, found
        if path == "effects" or path.startswith("effects["):
            return self.effect_list, None
        return None

    @staticmethod
    def _cell_of(editor: ListEditor, path: str):
        model = editor.model
        key = getattr(model, "list_key", "")
        if not key or not (path == key or path.startswith(key + "[") or path.startswith(key + ".")):
            return None
        rows = model.rowCount()
        if isinstance(model, OverrideModel):
            keys = model._keys()
            name = path[len(key) + 1:] if path.startswith(key + ".") else ""
            return model.index(keys.index(name), 1) if name in keys else model.index(0, 0)
        match = re.match(re.escape(key) + r"\[(\d+)\](?:\.(\w+))?", path)
        if match is None or not rows:
            return model.index(0, 0)
        row = min(int(match.group(1)), rows - 1)
        column = 0
        columns = getattr(model, "columns", None)
        if columns is not None and match.group(2):
            column = next((c for c, col in enumerate(columns) if col.key == match.group(2)), 0)
        return model.index(row, column)
