"""The business-case editor: inputs with units, sources and live validation; results and charts.

There is no "beregn" button: every accepted edit is one undo step on the document, and the
results table and the three charts follow at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.appraisal import Appraisal, appraise
from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import parse_number
from budgetapp.core.pools import apply_pool_funding
from budgetapp.core.project import Project
from budgetapp.core.rules import load_rules
from budgetapp.ui.case_charts import CumulativeChart, PathsChart, SavingCostChart
from budgetapp.ui.case_draft import CaseDraft
from budgetapp.ui.document import ALL, Document, case_scope
from budgetapp.ui.locale import fmt, fmt_amount, fmt_kr, fmt_percent, parse_amount, parse_share, tr
from budgetapp.ui.models.case_lists import (
    CHOICES_ROLE,
    COST_COLUMNS,
    POOL_COLUMNS,
    SEGMENT_COLUMNS,
    DraftListModel,
    PhaseInModel,
)
from budgetapp.ui.models.results import ResultsModel

# Values a case gets when its file does not set them (docs/case-file.md).
DEFAULTS: dict[str, Any] = {
    "weeks_per_year": 52.0,
    "prior_weeks": 0.0,
    "deadweight": 0.0,
    "persistence": 1.0,
    "discount_rate": 0.0,
}
DEFAULT_STYLE = "QLineEdit { color: #2e7d32; font-style: italic; }"
ERROR_STYLE = "color: #c62828;"

# key, label, unit, kind, note key
FIELDS: tuple[tuple[str, str, str, str, str], ...] = (
    ("name", "Navn", "", "text", "name"),
    ("target_group", "Målgruppe", "", "text", "target_group"),
    ("start_year", "Første år", "år", "int", "start_year"),
    ("years", "Antal år", "år", "int", "years"),
    ("inflow_per_year", "Tilgang", "personer pr. år", "amount", "inflow_per_year"),
    (
        "benefit_per_full_year_person",
        "Ydelse",
        "kr. pr. helårsperson",
        "number",
        "benefit_per_full_year_person",
    ),
    ("weeks_per_year", "Uger pr. år", "uger", "number", "weeks_per_year"),
    ("prior_weeks", "Forudgående uger på ydelse", "uger", "number", "prior_weeks"),
    ("benefit_refusion.rule", "Refusionsregel for ydelsen", "", "rule", "benefit_refusion"),
    ("benefit_refusion.rate", "Statens refusion af ydelsen", "%", "share", "benefit_refusion"),
    ("deadweight", "Dødvægt", "%", "share", "deadweight"),
    ("persistence", "Varighed af effekten", "%", "share", "persistence"),
    ("discount_rate", "Diskonteringsrente", "% pr. år", "share", "discount_rate"),
    ("decision_text", "Indstilling", "", "text", "decision_text"),
)


def _get(data: dict[str, Any], path: str) -> Any:
    if "." in path:
        outer, inner = path.split(".", 1)
        inner_data = data.get(outer)
        return inner_data.get(inner) if isinstance(inner_data, dict) else None
    return data.get(path, DEFAULTS.get(path))


def note_and_error(on_typed: Callable[[str], object]) -> tuple[QLineEdit, QLabel]:
    """The source/remark field of an input or a table, and the hidden label for its messages."""
    note = QLineEdit()
    note.setPlaceholderText(tr("CaseEditor", "Kilde / bemærkning"))
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
    if note.text() != text:
        note.setText(text)
    error.setText("\n".join(messages))
    error.setVisible(bool(messages))


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for cells whose model offers a list of choices (``CHOICES_ROLE``)."""

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
            value = index.data(Qt.ItemDataRole.EditRole)
            pos = editor.findData(value)
            editor.setCurrentIndex(max(pos, 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class FieldRow:
    """One input: label, value, unit, source/remark, and the validation message under it."""

    def __init__(
        self,
        editor: CaseInputs,
        grid: QGridLayout,
        row: int,
        key: str,
        label: str,
        unit: str,
        kind: str,
        note_key: str,
    ) -> None:
        self.editor = editor
        self.key = key
        self.kind = kind
        self.note_key = note_key
        self.label = QLabel(tr("CaseEditor", label))
        if kind == "rule":
            self.value: QLineEdit | QComboBox = QComboBox()
            for rule in load_rules().values():
                if rule.applies_to == "benefit":
                    self.value.addItem(rule.name, rule.id)
            self.value.currentIndexChanged.connect(self._rule_chosen)
        else:
            self.value = QLineEdit()
            self.value.textEdited.connect(self._typed)
            if kind in ("number", "share", "int", "amount"):
                self.value.setAlignment(Qt.AlignmentFlag.AlignRight)
                self.value.setMaximumWidth(150)
        self.label.setBuddy(self.value)
        self.unit = QLabel(tr("CaseEditor", unit))
        self.unit.setStyleSheet("color: #555;")
        self.note, self.error = note_and_error(lambda text: editor.draft.set_note(note_key, text))
        grid.addWidget(self.label, row * 2, 0)
        grid.addWidget(self.value, row * 2, 1)
        grid.addWidget(self.unit, row * 2, 2)
        grid.addWidget(self.note, row * 2, 3)
        grid.addWidget(self.error, row * 2 + 1, 1, 1, 3)

    # --- from the widget to the draft ---------------------------------------------------

    def parse(self, text: str) -> Any:
        if self.kind == "text":
            return text
        if self.kind == "int":
            number = parse_number(text)
            if number != int(number):
                raise ValueError(tr("CaseEditor", "skal være et helt tal"))
            return int(number)
        if self.kind == "share":
            return parse_share(text)
        if self.kind == "amount":
            return parse_amount(text)
        return parse_number(text)

    def _typed(self, text: str) -> None:
        try:
            value = self.parse(text)
        except ValueError as exc:
            self.editor.draft.report_typing(self.key, str(exc))
            return
        self.editor.draft.set_value(
            self.key, value, tr("CaseEditor", "Ændr {0}").format(self.label.text().lower())
        )

    def _rule_chosen(self, _index: int) -> None:
        if self.editor.loading:
            return
        rule_id = self.value.currentData()
        rule = load_rules()[rule_id]
        refusion: dict[str, Any] = {"rule": rule_id}
        if rule.rate_from_case:
            current = self.editor.draft.data.get("benefit_refusion", {}).get("rate")
            refusion["rate"] = current if current is not None else 0.5
        self.editor.draft.apply(
            tr("CaseEditor", "Skift refusionsregel"),
            lambda data: data.__setitem__("benefit_refusion", refusion),
            None,
            "benefit_refusion.rule",
        )

    # --- from the draft to the widget ---------------------------------------------------

    def display(self, value: Any) -> str:
        if value is None:
            return ""
        if self.kind == "text":
            return str(value)
        if self.kind == "int":
            return str(int(value))
        if self.kind == "share":
            return fmt(float(value) * 100.0, 2).rstrip("0").rstrip(",")
        if self.kind == "amount":
            return fmt_amount(value, 0)
        return fmt(float(value), 2).rstrip("0").rstrip(",")

    def refresh(self, data: dict[str, Any]) -> None:
        value = _get(data, self.key)
        if isinstance(self.value, QComboBox):
            pos = self.value.findData(value)
            if pos >= 0 and pos != self.value.currentIndex():
                self.value.setCurrentIndex(pos)
        else:
            current = self.value.text()
            try:
                same = self.parse(current) == value
            except ValueError:
                same = False
            if not same and not (self.value.hasFocus() and self.key in self.editor.draft.typing_issues):
                self.value.setText(self.display(value))
            explicit = self.key not in DEFAULTS or value != DEFAULTS[self.key]
            self.value.setStyleSheet("" if explicit else DEFAULT_STYLE)
            self.value.setToolTip(
                ""
                if explicit
                else tr("CaseEditor", "Standardværdi (ikke indtastet): {0}").format(self.display(value))
            )
            if self.key == "benefit_refusion.rate":
                rule = load_rules().get(_get(data, "benefit_refusion.rule") or "")
                enabled = bool(rule and rule.rate_from_case)
                self.value.setEnabled(enabled)
                if not enabled:
                    self.value.setText("")
                    self.value.setPlaceholderText(tr("CaseEditor", "satser fra regelfilen"))
        show_note_and_messages(
            self.note, self.error, data, self.note_key, self.editor.draft.messages_for(self.key)
        )


class ListEditor(QGroupBox):
    """A titled editable table with add/remove buttons, its source field and its messages."""

    def __init__(
        self,
        inputs: CaseInputs,
        title: str,
        model: DraftListModel | PhaseInModel,
        list_key: str,
        note_key: str,
    ) -> None:
        super().__init__(title)
        self.inputs = inputs
        self.model = model
        self.list_key = list_key
        self.note_key = note_key
        self.view = QTableView()
        self.view.setModel(model)
        self.view.setItemDelegate(ChoiceDelegate(self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QPushButton(tr("CaseEditor", "Tilføj"))
        self.remove_button = QPushButton(tr("CaseEditor", "Fjern valgte"))
        self.add_button.clicked.connect(model.insert_row)
        self.remove_button.clicked.connect(self._remove)
        self.note, self.error = note_and_error(lambda text: inputs.draft.set_note(note_key, text))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.error)

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())

    def refresh(self, data: dict[str, Any]) -> None:
        show_note_and_messages(
            self.note, self.error, data, self.note_key, self.inputs.draft.messages_for(self.list_key)
        )


class CaseInputs(QWidget):
    """The input side of the editor (a form and four tables) bound to a :class:`CaseDraft`."""

    def __init__(self, draft: CaseDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = draft
        self.loading = False
        grid = QGridLayout()
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        grid.setVerticalSpacing(2)
        for col, title in enumerate(
            (
                tr("CaseEditor", "Input"),
                tr("CaseEditor", "Værdi"),
                tr("CaseEditor", "Enhed"),
                tr("CaseEditor", "Kilde / bemærkning"),
            )
        ):
            head = QLabel(f"<b>{title}</b>")
            grid.addWidget(head, 0, col)
        self.fields: dict[str, FieldRow] = {}
        for i, (key, label, unit, kind, note_key) in enumerate(FIELDS, start=1):
            self.fields[key] = FieldRow(self, grid, i, key, label, unit, kind, note_key)
        legend = QLabel(
            tr(
                "CaseEditor",
                "<i style='color:#2e7d32'>Grøn kursiv</i> = standardværdi, "
                "ikke indtastet. Tal skrives på dansk: 1.234,5.",
            )
        )
        legend.setWordWrap(True)

        self.segments_model = DraftListModel(
            draft, "segments", SEGMENT_COLUMNS, tr("CaseEditor", "segmenter")
        )
        self.phase_model = PhaseInModel(draft)
        self.costs_model = DraftListModel(draft, "costs", COST_COLUMNS, tr("CaseEditor", "udgifter"))
        self.pools_model = DraftListModel(
            draft, "pool_funding", POOL_COLUMNS, tr("CaseEditor", "puljefinansiering")
        )
        self.lists = [
            ListEditor(
                self,
                tr("CaseEditor", "Segmenter af tilgangen (før og efter indsatsen)"),
                self.segments_model,
                "segments",
                "segments",
            ),
            ListEditor(
                self,
                tr("CaseEditor", "Indfasning af effekten (sidste år gentages)"),
                self.phase_model,
                "effect_phase_in",
                "effect_phase_in",
            ),
            ListEditor(self, tr("CaseEditor", "Udgifter"), self.costs_model, "costs", "costs"),
            ListEditor(
                self, tr("CaseEditor", "Puljefinansiering"), self.pools_model, "pool_funding", "pool_funding"
            ),
        ]
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff3e0; color: #b71c1c; padding: 6px; border-radius: 3px;")
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(grid)
        layout.addWidget(legend)
        for editor in self.lists:
            layout.addWidget(editor)
        layout.addStretch(1)
        draft.changed.connect(self.refresh)

    def refresh(self) -> None:
        self.loading = True
        try:
            for row in self.fields.values():
                row.refresh(self.draft.data)
            for editor in self.lists:
                editor.refresh(self.draft.data)
        finally:
            self.loading = False
        count = len(self.draft.issues) + len(self.draft.typing_issues)
        self.banner.setText(
            tr(
                "CaseEditor",
                "{0} indtastning(er) er ugyldige og er ikke gemt endnu. "
                "Resultaterne viser den sidste gyldige beregning.",
            ).format(count)
        )
        self.banner.setVisible(count > 0)


class CaseResults(QWidget):
    """Key figures and the table per year of one appraisal, and its three charts.

    The charts live in :attr:`charts` (a separate widget) so the editor can lay them out in a
    row under the inputs and the table.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #e65100;")
        self.warnings.hide()
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(58)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.table.setFixedHeight(22 * 9 + 28)
        self.saving_chart = SavingCostChart()
        self.cumulative_chart = CumulativeChart()
        self.paths_chart = PathsChart()
        self.charts = QWidget()
        charts = QHBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        charts.addWidget(self.saving_chart)
        charts.addWidget(self.cumulative_chart)
        charts.addWidget(self.paths_chart)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        self.unit_label = QLabel(
            tr("CaseEditor", "<b>Resultat pr. år</b> for kommunen efter refusion (1.000 kr.)")
        )
        self.unit_label.setWordWrap(True)
        layout.addWidget(self.unit_label)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.appraisal: Appraisal | None = None

    def set_price_level(self, case_level: int, project_level: int) -> None:
        """Say which p/l the figures are in; the overview and the workbook use the project's."""
        text = tr("CaseEditor", "<b>Resultat pr. år</b> for kommunen efter refusion (1.000 kr., {0} p/l)")
        text = text.format(case_level)
        if case_level != project_level:
            text += tr(
                "CaseEditor", " – casens eget prisniveau; Overblik og byrådsmappen omregner til {0} p/l"
            ).format(project_level)
        self.unit_label.setText(text)

    def show_appraisal(self, appraisal: Appraisal | None, case: BusinessCase | None, stale: bool) -> None:
        self.appraisal = appraisal
        self.model.set_appraisal(appraisal, stale)
        if appraisal is None or case is None:
            self.summary.setText(tr("CaseEditor", "Ingen business case valgt."))
            return
        self.saving_chart.set_appraisal(appraisal)
        self.cumulative_chart.set_appraisal(appraisal)
        self.paths_chart.set_case(case)
        payback = (
            tr("CaseEditor", "tilbagebetalt i {0} ({1}. år)").format(
                appraisal.payback_year, appraisal.payback_years
            )
            if appraisal.payback_year is not None
            else tr("CaseEditor", "betaler sig ikke tilbage i perioden")
        )
        total = sum(appraisal.series["net_result"])
        break_even = (
            "–"
            if appraisal.break_even_effect_share is None
            else fmt_percent(appraisal.break_even_effect_share, 0)
        )
        self.summary.setText(
            tr(
                "CaseEditor",
                "<span style='font-size:13pt'><b>Nettoresultat {0}–{1}: {2} kr.</b></span><br>"
                "Tilbagebetaling: {3}<br>Nutidsværdi ({4} rente): {5} kr.<br>"
                "Break-even: {6} af den forventede effekt<br>Helårspersoner i indsatsen: {7}",
            ).format(
                appraisal.years[0],
                appraisal.years[-1],
                fmt_kr(total),
                payback,
                fmt_percent(case.discount_rate, 1),
                fmt_kr(appraisal.npv),
                break_even,
                fmt(appraisal.full_year_persons_in_effort, 1),
            )
        )
        self.warnings.setText("\n".join(appraisal.warnings))
        self.warnings.setVisible(bool(appraisal.warnings))


def case_for_appraisal(project: Project, case: BusinessCase, price_level_year: int | None) -> BusinessCase:
    """The case as the projection sees it: pool funding filled from the project's pools,
    converted to the case's price level (as :meth:`ProjectionEngine.effective_case`)."""
    if not project.pools:
        return case
    case_level = price_level_year or project.price_level_year
    try:
        factors = {
            pool.id: project.price_index.factor(pool.price_level_year or project.price_level_year, case_level)
            for pool in project.pools
        }
    except ValueError:
        factors = None
    return apply_pool_funding(case, project.pools, factors)


class CaseEditor(QWidget):
    """Inputs on the left, results and charts on the right, for the case at ``index``."""

    recalculated = Signal()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.index: int | None = None
        self.draft = CaseDraft(self._commit, self)
        self.inputs = CaseInputs(self.draft)
        self.results = CaseResults()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.inputs)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(420)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(scroll)
        top.addWidget(self.results)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 5)
        top.setSizes([440, 620])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.results.charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, tr("CaseEditor", "Indtastning og resultater"))
        self.decision_widget = self._decision_panel()
        if self.decision_widget is not None:
            self.decision_widget.follow_up.bind(self.draft)
            self.tabs.addTab(self.decision_widget, tr("CaseEditor", "Beslutningsstøtte"))
        self.tabs.currentChanged.connect(lambda _i: self._update_decision())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.draft.changed.connect(self._draft_changed)
        document.changed.connect(self._document_changed)

    # --- which case -------------------------------------------------------------------

    def set_document(self, document: Document) -> None:
        self.document.changed.disconnect(self._document_changed)
        self.document = document
        document.changed.connect(self._document_changed)
        self.set_case_index(0 if document.project.cases else None)

    def set_case_index(self, index: int | None) -> None:
        self.index = index
        self._reload()

    def current_case(self) -> BusinessCase | None:
        cases = self.document.project.cases
        if self.index is None or not 0 <= self.index < len(cases):
            return None
        return cases[self.index].case

    def _document_changed(self, scope: str) -> None:
        if scope == ALL or (self.index is not None and scope == case_scope(self.index)):
            if self.index is not None and self.index >= len(self.document.project.cases):
                self.index = len(self.document.project.cases) - 1 if self.document.project.cases else None
            self._reload()

    def _reload(self) -> None:
        self.draft.load(self.current_case())
        self.recalculate()

    # --- edits --------------------------------------------------------------------------

    def _commit(self, case: BusinessCase, text: str, merge_key: str | None) -> None:
        index = self.index
        if index is None:
            return
        old_name = self.document.project.cases[index].case.name

        def mutate(project: Project) -> None:
            project.cases[index] = dataclasses.replace(project.cases[index], case=case)
            if case.name != old_name:
                project.scenarios = [
                    dataclasses.replace(
                        s, overrides={(case.name if k == old_name else k): v for k, v in s.overrides.items()}
                    )
                    for s in project.scenarios
                ]

        key = None if merge_key is None else f"case{index}:{merge_key}"
        self.document.edit(text, mutate, scope=case_scope(index), merge_key=key)

    def _draft_changed(self) -> None:
        if not self.draft.valid:
            self.recalculate()

    def recalculate(self) -> None:
        case = self.draft.case
        if case is None:
            self.results.show_appraisal(None, None, False)
        else:
            entry = self.document.project.cases[self.index] if self.index is not None else None
            full = case_for_appraisal(
                self.document.project, case, entry.price_level_year if entry is not None else None
            )
            self.results.show_appraisal(appraise(full), full, stale=not self.draft.valid)
            project = self.document.project
            case_level = (entry.price_level_year if entry is not None else None) or project.price_level_year
            self.results.set_price_level(case_level, project.price_level_year)
        self._update_decision()
        self.recalculated.emit()

    # --- decision support (built elsewhere, embedded here) -------------------------------

    @staticmethod
    def _decision_panel() -> QWidget | None:
        try:
            from budgetapp.ui.decision.panel import DecisionPanel
        except ImportError:
            return None
        return DecisionPanel()

    def _update_decision(self) -> None:
        """Tornado, simulation and scenarios follow the case, but only while their tab is shown."""
        panel = self.decision_widget
        if panel is None or self.tabs.currentWidget() is not panel:
            return
        case = self.draft.case
        if case is None:
            return
        scenarios = tuple((s.name, s.description, s.overrides[case.name])
                          for s in self.document.project.scenarios if s.overrides.get(case.name))
        if panel.case != case or panel.project_scenarios != scenarios:
            panel.set_case(case, scenarios)

    def add_tab(self, widget: QWidget, title: str) -> None:
        self.tabs.addTab(widget, title)


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label
