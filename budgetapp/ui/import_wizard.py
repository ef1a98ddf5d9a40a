"""The import wizard (Filer › Importér › Importguide …): real-world files into the project.

Steps: choose the file (and fetch a blank template); choose the sheet and layout; the header row
(suggested, changeable); map the columns to fields (suggested from the header text and what was
chosen before for the layout, kept in the user's settings), and for kontoplan files the function
→ budget line mapping; the unit (kr. / 1.000 kr. / mio. kr., detected where the file states it)
and the price level; a preview with totals per year against the file's own total rows, and
every problem with its cell. *Importér* is possible only without errors, and the import is one
undo step. The engine is :mod:`budgetapp.io.layouts`, the same as ``budgetapp import``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from budgetapp.core.formatting import format_number
from budgetapp.core.project import Project
from budgetapp.io import layouts
from budgetapp.io.cells import column_letter, display
from budgetapp.io.import_common import ImportRefused
from budgetapp.io.layouts import LAYOUTS, Choices, Layout, LayoutResult, store
from budgetapp.io.layouts.base import UNITS, header_text, mapping_to_remember
from budgetapp.io.layouts.kontoplan_map import TARGET_LABELS, TARGETS, shipped_mapping
from budgetapp.io.workbook_reader import Workbook, WorkbookError
from budgetapp.ui.locale import tr
from budgetapp.ui.models.report import ReportModel

SETTINGS_KEY = "importguide/layouts"
FILE_FILTER = "Regneark og CSV (*.xlsx *.xlsm *.xls *.ods *.csv *.txt)"
PREVIEW_ROWS = 40
TEMPLATE_TITLES = {"budget": "Basisbudget", "unitcosts": "Udgifter pr. fuldtidsledig", "pools": "Puljer"}
IGNORE = "(ikke med)"


def settings() -> QSettings:
    """Where the named-layout store lives (the user's settings; tests replace this)."""
    from budgetapp.ui import files

    return files.settings()


def _table(rows: list[list[object]], header_row: int | None = None, width: int = 12) -> QTableWidget:
    table = QTableWidget()
    fill_table(table, rows, header_row, width)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def fill_table(
    table: QTableWidget, rows: list[list[object]], header_row: int | None, width: int = 12
) -> None:
    shown = rows[:PREVIEW_ROWS]
    cols = min(width, max((len(r) for r in shown), default=0))
    table.clear()
    table.setRowCount(len(shown))
    table.setColumnCount(cols)
    table.setHorizontalHeaderLabels([column_letter(c) for c in range(cols)])
    table.setVerticalHeaderLabels([str(r + 1) for r in range(len(shown))])
    for r, row in enumerate(shown):
        for c in range(cols):
            value = row[c] if c < len(row) else ""
            shown_text = header_text(value) if r == header_row else display(value)
            item = QTableWidgetItem(shown_text if not isinstance(value, str) else value)
            if r == header_row:
                item.setBackground(QBrush(QColor("#dbe9f6")))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(cols):  # a long title in column A must not push the table off screen
        table.setColumnWidth(c, min(table.columnWidth(c), 260))


class ImportWizard(QWizard):
    """The wizard; after ``exec()`` returns Accepted, ``new_project`` holds the imported project."""

    def __init__(
        self, project: Project, parent: QWidget | None = None, backend: Callable[[], QSettings] | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ImportWizard", "Importguide"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, tr("ImportWizard", "Næste >"))
        self.setButtonText(QWizard.WizardButton.BackButton, tr("ImportWizard", "< Tilbage"))
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("ImportWizard", "Importér"))
        self.setButtonText(QWizard.WizardButton.CancelButton, tr("ImportWizard", "Annullér"))
        self.resize(980, 640)
        self.project = project
        self.backend = backend or settings
        self.book: Workbook | None = None
        self.layout: Layout | None = None
        self.choices: Choices | None = None
        self.result: LayoutResult | None = None
        self.new_project: Project | None = None
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.unit_page = UnitPage(self)
        self.preview_page = PreviewPage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.header_page,
            self.mapping_page,
            self.unit_page,
            self.preview_page,
        ):
            self.addPage(page)

    # --- the store of remembered mappings ----------------------------------------------------

    def remembered(self) -> store.Store:
        value = self.backend().value(SETTINGS_KEY, "")
        return store.parse(value if isinstance(value, str) else "")

    def remember(self) -> None:
        if self.book is None or self.layout is None or self.choices is None:
            return
        chosen = mapping_to_remember(self.book.sheet(self.choices.sheet), self.choices)
        backend = self.backend()
        backend.setValue(
            SETTINGS_KEY,
            store.dump(
                store.with_targets(
                    store.remember(self.remembered(), self.layout.id, chosen),
                    self.layout.id,
                    self.choices.targets,
                )
            ),
        )
        backend.sync()

    # --- state shared by the pages -----------------------------------------------------------

    def open(self, path: Path) -> str:
        """Open the file and guess layout and sheet; returns "" or a Danish message."""
        from budgetapp.ui.tasks import TaskCancelled

        remembered = self.remembered()

        def work(_progress, _cancelled):  # off the GUI thread: a large file takes a while
            book = layouts.open_file(path)
            return (book, *layouts.guess(book, None, None, remembered))

        try:
            self.book, self.layout, self.choices = self._in_thread(
                tr("ImportWizard", "Læser {0} …").format(path.name), work
            )
        except TaskCancelled:
            self.book = None
            return tr("ImportWizard", "Afbrudt; vælg filen igen.")
        except WorkbookError as exc:
            self.book = None
            return str(exc)
        except MemoryError:
            self.book = None
            return tr("ImportWizard", "{0} er for stor til at blive læst i den tilgængelige hukommelse; "
                                      "intet er indlæst. Del filen op, eller gem den som .xlsx."
                      ).format(path.name)
        except Exception as exc:  # never a traceback in front of the user
            self.book = None
            return tr("ImportWizard", "Filen kan ikke læses: {0}").format(exc)
        return ""

    def choose(self, layout_id: str, sheet: str) -> str:
        """Suggest again for another layout or sheet; returns "" or a Danish message."""
        assert self.book is not None
        try:
            self.layout = LAYOUTS[layout_id]
            self.choices = layouts.suggestion_for(self.book, self.layout, sheet, self.remembered())
        except WorkbookError as exc:
            return str(exc)
        return ""

    def sheet_rows(self) -> list[list[object]]:
        if self.book is None or self.choices is None:
            return []
        try:
            return self.book.sheet(self.choices.sheet).rows
        except WorkbookError:
            return []

    def run_preview(self) -> LayoutResult:
        assert self.book is not None and self.layout is not None and self.choices is not None
        from budgetapp.ui.tasks import TaskCancelled

        book, layout, choices, project = self.book, self.layout, self.choices, self.project
        try:
            self.result = self._in_thread(
                tr("ImportWizard", "Kontrollerer {0} …").format(book.display_name),
                lambda _p, _c: layouts.read(book, layout, choices, project),
            )
        except TaskCancelled:
            from budgetapp.io.import_report import ImportReport

            report = ImportReport(source=book.display_name)
            report.file_error(
                tr("ImportWizard", "kontrollen blev afbrudt; tryk Tilbage og Næste for at prøve igen")
            )
            self.result = LayoutResult(report)
        except MemoryError:
            from budgetapp.io.import_report import ImportReport

            report = ImportReport(source=book.display_name)
            report.file_error(tr("ImportWizard", "der var ikke hukommelse nok til at kontrollere filen; "
                                                 "intet er indlæst. Del filen op"))
            self.result = LayoutResult(report)
        except Exception as exc:  # the engine reports problems; anything else is shown, not raised
            from budgetapp.io.import_report import ImportReport

            report = ImportReport(source=self.book.display_name)
            report.file_error(tr("ImportWizard", "uventet fejl under læsningen: {0}").format(exc))
            self.result = LayoutResult(report)
        return self.result

    def _in_thread(self, label: str, work):
        from budgetapp.ui.tasks import run_with_progress

        return run_with_progress(self, tr("ImportWizard", "Importguide"), label, work)

    def accept(self) -> None:
        if self.result is None or not self.result.ok:
            return
        try:
            self.new_project = layouts.apply(self.result, self.project)
        except ImportRefused as refused:
            self.preview_page.show_report(refused.report)
            return
        self.remember()
        super().accept()


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "1. Vælg filen"))
        self.setSubTitle(
            tr(
                "ImportWizard",
                "Et regneark (.xlsx, .xls, .ods) eller en CSV-fil. Guiden genkender "
                "budgetappens skabeloner og de layout, kommunerne og de statslige kilder bruger.",
            )
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText(tr("ImportWizard", "Filens placering"))
        self.path.textChanged.connect(self._changed)
        browse = QPushButton(tr("ImportWizard", "Vælg fil …"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        self.template_kind = QComboBox()
        for kind, title in TEMPLATE_TITLES.items():
            self.template_kind.addItem(title, kind)
        template = QPushButton(tr("ImportWizard", "Hent skabelon …"))
        template.clicked.connect(self._template)
        template_row = QHBoxLayout()
        template_row.addWidget(QLabel(tr("ImportWizard", "Tom skabelon med vejledning:")))
        template_row.addWidget(self.template_kind)
        template_row.addWidget(template)
        template_row.addStretch(1)
        self.template_button = template
        help_text = QTextBrowser()
        help_text.setHtml(self._layouts_html())
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addLayout(template_row)
        layout.addWidget(QLabel(tr("ImportWizard", "<b>Layout, guiden kan læse</b>")))
        layout.addWidget(help_text, 1)

    @staticmethod
    def _layouts_html() -> str:
        items = "".join(f"<li><b>{lay.title}</b>: {lay.description}</li>" for lay in LAYOUTS.values())
        mapping = shipped_mapping()
        sources = "; ".join(mapping.sources)
        return (
            f"<ul>{items}</ul><p>Kontoplanens funktioner knyttes til budgetlinjer efter {sources}. "
            "Beløb uden helårspersoner bliver linjer med status <i>helårspersoner mangler</i>; "
            "guiden opfinder aldrig personer eller enhedsudgifter.</p>"
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("ImportWizard", "Vælg filen"), "", tr("ImportWizard", FILE_FILTER)
        )
        if path:
            self.path.setText(path)

    def _template(self) -> None:

        kind = self.template_kind.currentData()
        path, _ = QFileDialog.getSaveFileName(
            self, tr("ImportWizard", "Gem skabelon"), f"skabelon-{kind}.xlsx", "Excel (*.xlsx)"
        )
        if not path:
            return
        self.save_template(kind, Path(path))

    def save_template(self, kind: str, path: Path) -> bool:
        from budgetapp.io.templates import write_template

        try:
            write_template(kind, path)
        except Exception as exc:  # an unwritable folder, a file open in Excel
            QMessageBox.warning(
                self,
                tr("ImportWizard", "Skabelonen blev ikke gemt"),
                tr("ImportWizard", "{0} kan ikke skrives: {1}").format(path.name, exc),
            )
            return False
        QMessageBox.information(
            self,
            tr("ImportWizard", "Skabelon gemt"),
            tr("ImportWizard", "Skabelonen er gemt i {0}. Arket Vejledning forklarer hver kolonne.").format(
                path
            ),
        )
        return True

    def _changed(self) -> None:
        self.message.clear()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        problem = self.wiz.open(Path(self.path.text().strip()))
        self.message.setText(problem)
        return not problem


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "2. Vælg arket og layoutet"))
        self.setSubTitle(tr("ImportWizard", "Guiden foreslår det ark og layout, der passer bedst."))
        self.sheets = QListWidget()
        self.layout_box = QComboBox()
        for lay in LAYOUTS.values():
            self.layout_box.addItem(lay.title, lay.id)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828;")
        self.preview = _table([])
        self.include_hidden = QCheckBox(tr("ImportWizard", "Læs skjulte rækker, kolonner og ark med"))
        self.hidden_note = QLabel()
        self.hidden_note.setWordWrap(True)
        self.replace_all = QCheckBox(
            tr("ImportWizard", "Erstat hele basisbudgettet (ellers kun de år, filen har)")
        )
        form = QFormLayout()
        form.addRow(tr("ImportWizard", "Layout:"), self.layout_box)
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("ImportWizard", "Ark:")))
        left.addWidget(self.sheets, 1)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.description)
        right.addWidget(self.message)
        right.addWidget(self.include_hidden)
        right.addWidget(self.hidden_note)
        right.addWidget(self.replace_all)
        right.addWidget(self.preview, 1)
        top.addLayout(right, 4)
        QVBoxLayout(self).addLayout(top)
        self.sheets.currentTextChanged.connect(self._sheet_changed)
        self.layout_box.currentIndexChanged.connect(self._layout_changed)
        self.include_hidden.toggled.connect(self._hidden_toggled)
        self.replace_all.toggled.connect(self._replace_toggled)
        self._filling = False

    def initializePage(self) -> None:
        wiz = self.wiz
        assert wiz.book is not None and wiz.choices is not None and wiz.layout is not None
        self._filling = True
        self.sheets.clear()
        self.sheets.addItems(wiz.book.sheet_names)
        self.sheets.setCurrentRow(wiz.book.sheet_names.index(wiz.choices.sheet))
        self.layout_box.setCurrentIndex(self.layout_box.findData(wiz.layout.id))
        self._filling = False
        self._show()

    def _show(self) -> None:
        assert self.wiz.layout is not None and self.wiz.choices is not None
        self.description.setText(self.wiz.layout.description)
        fill_table(self.preview, self.wiz.sheet_rows(), self.wiz.choices.header_row)
        self._show_hidden()
        is_budget = self.wiz.layout.id == "budget"
        self.replace_all.setVisible(is_budget)
        if not is_budget:
            self.replace_all.setChecked(False)
        self._replace_toggled(self.replace_all.isChecked())

    def hidden_text(self) -> str:
        """The hidden sheets and the hidden rows of the chosen sheet, named (\"\" when none)."""
        book, choices = self.wiz.book, self.wiz.choices
        assert book is not None and choices is not None
        parts = []
        if book.hidden_sheets:
            parts.append(tr("ImportWizard", "skjulte ark: {0}").format(", ".join(book.hidden_sheets)))
        try:
            rows = sorted(book.sheet(choices.sheet).hidden_rows)
            columns = sorted(book.sheet(choices.sheet).hidden_columns)
        except WorkbookError:
            rows, columns = [], []
        if columns:
            letters = ", ".join(column_letter(c) for c in columns[:15]) + (" …" if len(columns) > 15 else "")
            parts.append(tr("ImportWizard", "skjulte kolonner i {0}: {1}").format(choices.sheet, letters))
        if rows:
            shown = ", ".join(str(r + 1) for r in rows[:15]) + (" …" if len(rows) > 15 else "")
            parts.append(tr("ImportWizard", "skjulte rækker i {0}: {1}").format(choices.sheet, shown))
        return "; ".join(parts)

    def _show_hidden(self) -> None:
        text = self.hidden_text()
        self.include_hidden.setVisible(bool(text))
        self.hidden_note.setVisible(bool(text))
        self.hidden_note.setText(
            tr("ImportWizard", "Filen har {0}. Uden flueben udelades de, med en advarsel for hver.").format(
                text
            )
            if text
            else ""
        )
        self._hidden_toggled(self.include_hidden.isChecked())

    def _hidden_toggled(self, checked: bool) -> None:
        if self.wiz.book is not None:
            self.wiz.book.include_hidden = checked

    def _replace_toggled(self, checked: bool) -> None:
        if self.wiz.choices is not None:
            if checked:
                self.wiz.choices.options["replace"] = "all"
            else:
                self.wiz.choices.options.pop("replace", None)

    def _sheet_changed(self, name: str) -> None:
        if not self._filling and name:
            self.message.setText(self.wiz.choose(self.layout_box.currentData(), name))
            self._show()

    def _layout_changed(self) -> None:
        if not self._filling and self.sheets.currentItem() is not None:
            self.message.setText(
                self.wiz.choose(self.layout_box.currentData(), self.sheets.currentItem().text())
            )
            self._show()

    def select(self, layout_id: str, sheet: str | None = None) -> None:
        """Choose the layout (and sheet) as the user would (used by tests and the keyboard)."""
        if sheet is not None:
            items = self.sheets.findItems(sheet, Qt.MatchFlag.MatchExactly)
            if items:
                self.sheets.setCurrentItem(items[0])
        self.layout_box.setCurrentIndex(self.layout_box.findData(layout_id))


class HeaderPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "3. Overskriftsrækken"))
        self.setSubTitle(
            tr(
                "ImportWizard",
                "Rækken med kolonnernes navne. Rækkerne over den (titel, enhed) "
                "læses kun for enhed og prisniveau.",
            )
        )
        self.row = QSpinBox()
        self.row.setRange(1, 10_000)
        self.row.valueChanged.connect(self._changed)
        self.preview = _table([])
        form = QFormLayout()
        form.addRow(tr("ImportWizard", "Overskriftsrække:"), self.row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)

    def initializePage(self) -> None:
        assert self.wiz.choices is not None
        self.row.blockSignals(True)
        self.row.setMaximum(max(1, len(self.wiz.sheet_rows())))
        self.row.setValue(self.wiz.choices.header_row + 1)
        self.row.blockSignals(False)
        fill_table(self.preview, self.wiz.sheet_rows(), self.wiz.choices.header_row)

    def _changed(self, value: int) -> None:
        choices = self.wiz.choices
        assert choices is not None and self.wiz.layout is not None
        if value - 1 != choices.header_row and self.wiz.book is not None:
            choices.header_row = value - 1
            choices.mapping = self.wiz.layout.mapping_at(
                self.wiz.book.sheet(choices.sheet), choices.header_row
            )
        fill_table(self.preview, self.wiz.sheet_rows(), choices.header_row)


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "4. Kolonner og felter"))
        self.setSubTitle(
            tr(
                "ImportWizard",
                "Forslaget kommer fra overskrifterne og fra dine tidligere valg for "
                "samme layout. Felterne er forklaret nederst.",
            )
        )
        self.columns = QTableWidget()
        self.columns.setColumnCount(4)
        self.columns.setHorizontalHeaderLabels(
            [tr("ImportWizard", h) for h in ("Kolonne", "Overskrift", "Eksempel", "Felt")]
        )
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.functions = QTableWidget()
        self.functions.setColumnCount(4)
        self.functions.setHorizontalHeaderLabels(
            [
                tr("ImportWizard", h)
                for h in ("Funktion", "Navn i kontoplanen", "Budgetlinje", "Målgruppe / linje")
            ]
        )
        self.functions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.functions.horizontalHeader().setStretchLastSection(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.columns, tr("ImportWizard", "Kolonner"))
        self.tabs.addTab(self.functions, tr("ImportWizard", "Kontoplan"))
        self.help = QTextBrowser()
        self.help.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.help)
        self.combos: dict[int, QComboBox] = {}
        self.target_widgets: dict[str, tuple[QComboBox, QLineEdit]] = {}

    def initializePage(self) -> None:
        wiz = self.wiz
        assert wiz.layout is not None and wiz.choices is not None
        rows = wiz.sheet_rows()
        header = rows[wiz.choices.header_row] if wiz.choices.header_row < len(rows) else []
        example = rows[wiz.choices.header_row + 1] if wiz.choices.header_row + 1 < len(rows) else []
        self.columns.setRowCount(len(header))
        self.combos = {}
        for c, text in enumerate(header):
            self.columns.setItem(c, 0, QTableWidgetItem(column_letter(c)))
            self.columns.setItem(c, 1, QTableWidgetItem(header_text(text)))
            value = example[c] if c < len(example) else ""
            self.columns.setItem(
                c, 2, QTableWidgetItem(display(value) if not isinstance(value, str) else value)
            )
            combo = QComboBox()
            combo.addItem(IGNORE, "")
            for f in wiz.layout.fields:
                combo.addItem(f.label + (" *" if f.required else ""), f.key)
            combo.setCurrentIndex(max(0, combo.findData(wiz.choices.mapping.get(c, ""))))
            combo.currentIndexChanged.connect(lambda _i, col=c, box=combo: self._set(col, box.currentData()))
            self.columns.setCellWidget(c, 3, combo)
            self.combos[c] = combo
        self.help.setHtml(
            "".join(
                f"<p><b>{f.label}</b>{' (skal vælges)' if f.required else ''}: {f.description}</p>"
                for f in wiz.layout.fields
            )
        )
        self._fill_functions()

    def _set(self, col: int, key: str) -> None:
        assert self.wiz.choices is not None
        if key:
            self.wiz.choices.mapping[col] = key
        else:
            self.wiz.choices.mapping.pop(col, None)
        self._fill_functions()

    def set_field(self, col: int, key: str) -> None:
        """Map column ``col`` to field ``key`` ("" leaves the column out), as the combo box does."""
        self.combos[col].setCurrentIndex(self.combos[col].findData(key))

    def _fill_functions(self) -> None:
        wiz = self.wiz
        assert wiz.layout is not None and wiz.choices is not None and wiz.book is not None
        found = []
        if wiz.layout.functions_found is not None:
            found = wiz.layout.functions_found(wiz.book.sheet(wiz.choices.sheet), wiz.choices)
        self.tabs.setTabEnabled(1, bool(found))
        names = shipped_mapping().names
        self.functions.setRowCount(len(found))
        self.target_widgets = {}
        for r, (key, target) in enumerate(found):
            self.functions.setItem(r, 0, QTableWidgetItem(key))
            self.functions.setItem(r, 1, QTableWidgetItem(names.get(key, "")))
            box = QComboBox()
            box.addItem(tr("ImportWizard", "(ikke knyttet: vælg)"), "")
            for t in TARGETS:
                box.addItem(TARGET_LABELS[t], t)
            box.setCurrentIndex(max(0, box.findData(target.target if target else "")))
            name = QLineEdit(target.name if target else "")
            name.setPlaceholderText(tr("ImportWizard", "fx sygedagpenge"))
            box.currentIndexChanged.connect(lambda _i, k=key: self._target_changed(k))
            name.editingFinished.connect(lambda k=key: self._target_changed(k))
            self.functions.setCellWidget(r, 2, box)
            self.functions.setCellWidget(r, 3, name)
            self.target_widgets[key] = (box, name)

    def _target_changed(self, key: str) -> None:
        box, name = self.target_widgets[key]
        assert self.wiz.choices is not None
        if box.currentData():
            self.wiz.choices.targets[key] = {
                "target": box.currentData(),
                "name": name.text().strip(),
                "group_name": name.text().strip(),
            }
        else:
            self.wiz.choices.targets.pop(key, None)

    def set_target(self, key: str, target: str, name: str) -> None:
        """Map a kontoplan function to a budget line, as the user does in the Kontoplan tab."""
        box, edit = self.target_widgets[key]
        edit.setText(name)
        box.setCurrentIndex(box.findData(target))
        self._target_changed(key)


class UnitPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "5. Enhed og prisniveau"))
        self.setSubTitle(
            tr(
                "ImportWizard",
                "Beløbenes enhed og pris- og lønniveau (p/l). Står de i filen, er de valgt for dig.",
            )
        )
        self.unit = QComboBox()
        for factor, text in UNITS.items():
            self.unit.addItem(text, factor)
        self.unit_note = QLabel()
        self.unit_note.setWordWrap(True)
        self.price_level = QSpinBox()
        self.price_level.setRange(1990, 2100)
        self.pl_note = QLabel()
        self.pl_note.setWordWrap(True)
        self.area = QComboBox()
        self.price_unit = QComboBox()
        form = QFormLayout(self)
        form.addRow(tr("ImportWizard", "Enhed:"), self.unit)
        form.addRow("", self.unit_note)
        form.addRow(tr("ImportWizard", "Prisniveau (p/l):"), self.price_level)
        form.addRow("", self.pl_note)
        form.addRow(tr("ImportWizard", "Område:"), self.area)
        self.area_note = QLabel()
        self.area_note.setWordWrap(True)
        form.addRow("", self.area_note)
        form.addRow(tr("ImportWizard", "Prisenhed:"), self.price_unit)
        self.form = form

    def initializePage(self) -> None:
        wiz = self.wiz
        choices, lay = wiz.choices, wiz.layout
        assert choices is not None and lay is not None and wiz.book is not None
        amounts = lay.kind in ("amounts", "template")
        self.unit.setEnabled(lay.kind == "amounts")
        self.unit.setCurrentIndex(max(0, self.unit.findData(choices.unit)))
        self.unit_note.setText(
            tr("ImportWizard", "Fundet i {0}").format(choices.unit_detected)
            if choices.unit_detected
            else tr(
                "ImportWizard",
                "Filen angiver ingen enhed: {0} er antaget; vælg en anden, hvis den er forkert.",
            ).format(UNITS.get(choices.unit, "kr."))
        )
        budget_pl = wiz.project.budget.price_level_year
        self.price_level.setEnabled(lay.kind == "amounts")
        self.price_level.setValue(choices.price_level or budget_pl)
        self.pl_note.setText(
            tr(
                "ImportWizard",
                "Budgettets prisniveau er {0} p/l. Et andet prisniveau omregnes "
                "med projektets pris- og lønindeks.",
            ).format(budget_pl)
            if amounts
            else tr("ImportWizard", "Filen har ingen beløb (kun personer eller andele).")
        )
        sheet = wiz.book.sheet(choices.sheet)
        self._fill_area(lay.areas(sheet, choices) if lay.areas else [], choices.options.get("area", ""))
        from budgetapp.io.layouts import statistikbanken

        units = statistikbanken.price_units(sheet, choices) if lay.id == "statistikbanken" else []
        self._fill(self.price_unit, units, choices.options.get("priceunit", ""))
        self.form.setRowVisible(self.area, self.area.isEnabled())
        self.form.setRowVisible(self.price_unit, self.price_unit.isEnabled())

    AREA_PLACEHOLDER = "— vælg område —"

    def _fill_area(self, values: list[str], current: str) -> None:
        """The areas; with several, the project's municipality or an explicit choice, never the first."""
        from budgetapp.io.layouts.base import normalise

        self._fill(self.area, values, current)
        self.area_note.setText("")
        if len(values) <= 1 or current in values:
            self.form.setRowVisible(self.area_note, False)
            return
        own = normalise(self.wiz.project.municipality)
        match = next((a for a in values if own and normalise(a) == own), None)
        if match is not None:
            self.area.setCurrentText(match)
            self.area_note.setText(
                tr("ImportWizard", "Filen har {0} områder; projektets kommune '{1}' er valgt.").format(
                    len(values), match
                )
            )
        else:
            self.area.insertItem(0, self.AREA_PLACEHOLDER)
            self.area.setCurrentIndex(0)
            self.area_note.setText(
                tr("ImportWizard", "Filen har {0} områder ({1}); vælg det der skal indlæses.").format(
                    len(values), ", ".join(values[:6])
                )
            )
        self.form.setRowVisible(self.area_note, True)

    @staticmethod
    def _fill(box: QComboBox, values: list[str], current: str) -> None:
        box.clear()
        box.addItems(values)
        box.setEnabled(bool(values))
        if current in values:
            box.setCurrentText(current)

    def validatePage(self) -> bool:
        choices = self.wiz.choices
        assert choices is not None and self.wiz.layout is not None
        if self.wiz.layout.kind == "amounts":
            choices.unit = float(self.unit.currentData())
            choices.price_level = self.price_level.value()
        if self.area.isEnabled():
            if self.area.currentText() == self.AREA_PLACEHOLDER:
                self.area_note.setText(
                    tr("ImportWizard", "Vælg et område: filen har flere, og intet vælges for dig.")
                )
                self.area_note.setStyleSheet("color: #b00020;")
                return False
            choices.options["area"] = self.area.currentText()
        if self.price_unit.isEnabled():
            choices.options["priceunit"] = self.price_unit.currentText()
            from budgetapp.io.layouts.base import unit_in_text

            choices.unit = unit_in_text(self.price_unit.currentText()) or choices.unit
        return True


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("ImportWizard", "6. Kontrol og import"))
        self.setSubTitle(
            tr(
                "ImportWizard",
                "Summer pr. år mod filens egne sumrækker, de linjer der indlæses, og "
                "alle problemer med celle. Importér er kun muligt uden fejl; intet ændres før.",
            )
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.totals = QTableWidget()
        self.totals.setColumnCount(4)
        self.totals.setHorizontalHeaderLabels(
            [tr("ImportWizard", h) for h in ("År", "Indlæses", "Filens sumrække", "Kontrol")]
        )
        self.totals.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.totals.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines = QTableWidget()
        self.lines.setColumnCount(3)
        self.lines.setHorizontalHeaderLabels([tr("ImportWizard", h) for h in ("Linje", "År", "Status")])
        self.lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems = QTableView()
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.totals, tr("ImportWizard", "Summer pr. år"))
        self.tabs.addTab(self.lines, tr("ImportWizard", "Linjer"))
        self.tabs.addTab(self.problems, tr("ImportWizard", "Problemer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

    def initializePage(self) -> None:
        result = self.wiz.run_preview()
        unit = result.totals[0].unit if result.totals else ""
        self.totals.setHorizontalHeaderLabels(
            [
                tr("ImportWizard", "År"),
                tr("ImportWizard", "Indlæses ({0})").format(unit),
                tr("ImportWizard", "Filens sumrække ({0})").format(unit),
                tr("ImportWizard", "Kontrol"),
            ]
        )
        self.totals.setRowCount(len(result.totals))
        for r, check in enumerate(result.totals):
            status = {True: "stemmer", False: "STEMMER IKKE", None: "ingen sumrække i filen"}[check.matches]
            cells = [
                check.label,
                format_number(check.imported, 1),
                "" if check.file_total is None else format_number(check.file_total, 1),
                status
                + (
                    f" (heraf ikke indlæst {format_number(check.not_imported, 1)})"
                    if check.not_imported
                    else ""
                ),
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(tr("ImportWizard", text) if c == 3 else text)
                if c in (1, 2):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c == 3 and check.matches is False:
                    item.setForeground(QBrush(QColor("#c62828")))
                self.totals.setItem(r, c, item)
        self.lines.setRowCount(len(result.lines))
        for r, row in enumerate(result.lines):
            for c, text in enumerate(row):
                self.lines.setItem(r, c, QTableWidgetItem(text))
        self.show_report(result.report)

    def show_report(self, report) -> None:
        self.problems.setModel(ReportModel(report, self))
        self.problems.resizeColumnsToContents()
        ok = report.ok and self.wiz.result is not None and self.wiz.result.ok
        color = "#c62828" if not ok else ("#e65100" if report.warning_count else "#2e7d32")
        text = (
            report.summary()
            if not ok
            else tr("ImportWizard", "{0} Tryk Importér for at indlæse (kan fortrydes med Ctrl+Z).").format(
                report.summary()
            )
        )
        self.summary.setText(text + ("\n" + "\n".join(report.notes) if report.notes else ""))
        self.summary.setStyleSheet(f"color: {color}; font-weight: 600;")
        if report.problems:
            self.tabs.setCurrentIndex(2)
        self.tabs.setTabText(
            2, tr("ImportWizard", "Problemer ({0})").format(report.error_count + report.warning_count)
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wiz.result is not None and self.wiz.result.ok


def run_import_wizard(window, hook: Callable[[ImportWizard], None] | None = None) -> bool:
    """Open the wizard over the main window; an accepted import is one undo step. Returns whether applied."""
    from budgetapp.ui.document import replace_project

    wizard = ImportWizard(window.document.project, window)
    if hook is not None:
        QTimer.singleShot(0, lambda: hook(wizard))
    if wizard.exec() != QWizard.DialogCode.Accepted or wizard.new_project is None:
        return False
    title = wizard.layout.title if wizard.layout else ""
    replace_project(window.document, tr("ImportWizard", "Import ({0})").format(title), wizard.new_project)
    missing = [a for a in wizard.new_project.budget.amount_lines if a.status]
    if missing:
        names = wizard.new_project.budget.group_names
        groups = ", ".join(dict.fromkeys(names.get(a.target_group, a.target_group) for a in missing))
        QMessageBox.information(
            window,
            tr("ImportWizard", "Helårspersoner mangler"),
            tr(
                "ImportWizard",
                "{0} budgetlinjer er indlæst som beløb uden helårspersoner ({1}). De tæller med "
                "i budgettets summer med præcis filens beløb. Importér helårspersonerne fra jobindsats med "
                "importguiden, så bliver de til almindelige målgruppelinjer.",
            ).format(len(missing), groups),
        )
    return True
