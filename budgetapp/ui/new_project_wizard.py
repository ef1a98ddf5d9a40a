"""File › Ny: a short wizard for a new project, and File › Egenskaber for changing the settings later.

Page 1: the municipality (one of the 98, with kommunekode; see :mod:`budgetapp.core.municipalities`),
the budget year and the price level; defaults from ``budgetapp.ini`` (:mod:`budgetapp.site_config`).
Page 2: the template, an empty project or the demo project's structure (its target groups, refusion
rules and operation lines for the budget year and the three overslagsår, without its figures).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from budgetapp.core.budget import BaseBudget
from budgetapp.core.commands import ChangeSettings
from budgetapp.core.fields import field
from budgetapp.core.municipalities import Municipality, benchmark_groups, find, municipalities
from budgetapp.core.project import Project
from budgetapp.site_config import SiteConfig, load_site_config
from budgetapp.ui.locale import tr

EMPTY, DEMO_STRUCTURE = "empty", "demo"


@dataclass(frozen=True)
class ProjectSettings:
    """What the wizard (and Egenskaber) asks for."""

    municipality: str
    budget_year: int
    price_level_year: int
    template: str = EMPTY

    @property
    def known(self) -> Municipality | None:
        return find(self.municipality)


def default_settings(site: SiteConfig | None = None, today: dt.date | None = None) -> ProjectSettings:
    """Next year's budget in the site's price level and municipality (``budgetapp.ini``), else in the
    budget year's own prices and no municipality chosen."""
    site = site or load_site_config()
    year = (today or dt.date.today()).year + 1
    return ProjectSettings(site.municipality or "", year, site.price_level_year or year)


def groups_for(municipality: str) -> tuple[str, str]:
    """(size group, rammevilkår group) of the municipality's job centre, or empty strings."""
    known = find(municipality)
    return benchmark_groups().get(known.name, ("", "")) if known else ("", "")


def build_project(settings: ProjectSettings, demo: Project | None = None) -> Project:
    """The new project. With ``demo`` (template :data:`DEMO_STRUCTURE`): the demo's target groups, their
    names and refusion settings and its operation lines, for the budget year and the three overslagsår,
    with every figure 0 (the structure, not the demo's numbers; a source says so)."""
    known = settings.known
    name = known.official_name if known else settings.municipality.strip()
    size, rammevilkaar = groups_for(name)
    budget = BaseBudget(municipality=name, budget_year=settings.budget_year,
                        price_level_year=settings.price_level_year)
    if demo is not None and settings.template == DEMO_STRUCTURE:
        years = range(settings.budget_year, settings.budget_year + 4)
        note = tr("NewProject", "struktur fra demoprojektet; tallene skal indtastes eller importeres")
        groups = []
        for key in demo.budget.target_groups:
            last = max((g for g in demo.budget.groups if g.target_group == key), key=lambda g: g.year)
            for year in years:
                groups.append(dataclasses.replace(last, year=year, full_year_persons=0.0,
                                                  benefit_per_full_year_person=0.0,
                                                  measures_per_full_year_person=0.0, source=note))
        lines = []
        for line_name in dict.fromkeys(line.name for line in demo.budget.operation):
            last_line = max((ln for ln in demo.budget.operation if ln.name == line_name),
                            key=lambda ln: ln.year)
            lines.extend(dataclasses.replace(last_line, year=y, amount=0.0, source=note) for y in years)
        budget = dataclasses.replace(budget, groups=tuple(groups), operation=tuple(lines),
                                     group_names=dict(demo.budget.group_names))
    return Project(municipality=name, budget_year=settings.budget_year,
                   price_level_year=settings.price_level_year, budget=budget,
                   size_group=size, rammevilkaar_group=rammevilkaar)


# --- widgets ------------------------------------------------------------------------------------------


class SettingsForm(QWidget):
    """Municipality (editable list of the 98 with kommunekode), budget year and price level."""

    def __init__(self, settings: ProjectSettings, parent: QWidget | None = None, keep: str = "") -> None:
        super().__init__(parent)
        self.keep = keep.strip()  # Egenskaber: the open project's own name stays allowed, listed or not
        self.municipality = QComboBox()
        self.municipality.setEditable(True)
        self.municipality.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for m in municipalities():
            self.municipality.addItem(m.label(), m.official_name)
        completer = QCompleter([m.label() for m in municipalities()], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.municipality.setCompleter(completer)
        known = find(settings.municipality)
        if known is not None:
            self.municipality.setCurrentIndex(self.municipality.findData(known.official_name))
        else:
            self.municipality.setCurrentIndex(-1)
            self.municipality.setEditText(settings.municipality)
        self.budget_year = self._year(settings.budget_year, "budget_year")
        self.price_level = self._year(settings.price_level_year, "price_level_year")
        self.municipality.setToolTip(tr("NewProject", "Skriv kommunens navn eller kommunekode (fx 219)"))
        form = QFormLayout(self)
        form.addRow(tr("NewProject", "Kommune:"), self.municipality)
        form.addRow(tr("NewProject", field("budget_year").label + ":"), self.budget_year)
        form.addRow(tr("NewProject", field("price_level_year").label + ":"), self.price_level)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        self.municipality.editTextChanged.connect(self._show_problem)
        self._show_problem()

    def _show_problem(self) -> None:
        self.problem.setText(self.check())

    @staticmethod
    def _year(value: int, path: str) -> QSpinBox:
        spec = field(path)
        box = QSpinBox()
        box.setRange(int(spec.minimum or 2000), int(spec.maximum or 2100))
        box.setGroupSeparatorShown(False)
        box.setValue(value)
        box.setToolTip(spec.tooltip())
        return box

    def municipality_name(self) -> str:
        """The official name of the chosen municipality ("Hillerød Kommune"), the kept name of the
        open project (Egenskaber), or "" when the text names none of the 98."""
        text = self.municipality.currentText().strip()
        known = find(text)
        if known is not None:
            return known.official_name
        return self.keep if self.keep and text == self.keep else ""

    def read(self, template: str = EMPTY) -> ProjectSettings:
        return ProjectSettings(self.municipality_name(), self.budget_year.value(), self.price_level.value(),
                               template)

    def check(self) -> str:
        """A Danish message when the settings cannot be used, else "". Only one of the 98
        municipalities (by name, official name or kommunekode) can be chosen."""
        text = self.municipality.currentText().strip()
        if not text:
            return tr("NewProject", "Vælg kommunen på listen, eller skriv dens navn eller kommunekode.")
        if not self.municipality_name():
            return tr("NewProject", "«{0}» er ikke en af de 98 kommuner. Vælg kommunen på listen, eller "
                                    "skriv dens navn eller kommunekode (fx Hillerød eller 219).").format(text)
        return ""


class SettingsPage(QWizardPage):
    def __init__(self, settings: ProjectSettings) -> None:
        super().__init__()
        self.setTitle(tr("NewProject", "Kommune, budgetår og prisniveau"))
        self.setSubTitle(tr("NewProject", "Standardværdierne kommer fra budgetapp.ini, når IT har sat dem."))
        self.form = SettingsForm(settings)
        self.form.municipality.editTextChanged.connect(lambda _t: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)

    def isComplete(self) -> bool:
        """The Next button is enabled only for one of the 98 municipalities."""
        return not self.form.check()

    def validatePage(self) -> bool:
        problem = self.form.check()
        self.form.problem.setText(problem)
        return not problem


class TemplatePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("NewProject", "Skabelon"))
        self.empty = QRadioButton(tr("NewProject", "Tomt projekt"))
        self.demo = QRadioButton(tr("NewProject", "Demoprojektets struktur: målgrupper, refusionsregler og "
                                                  "driftslinjer for budgetåret og overslagsårene, uden tal"))
        self.empty.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.empty)
        group.addButton(self.demo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.demo)
        layout.addStretch(1)

    def template(self) -> str:
        return DEMO_STRUCTURE if self.demo.isChecked() else EMPTY


class NewProjectWizard(QWizard):
    """File › Ny. After ``exec()`` is accepted, :meth:`settings` holds the choices."""

    def __init__(self, settings: ProjectSettings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("NewProject", "Nyt projekt"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.settings_page = SettingsPage(settings or default_settings())
        self.template_page = TemplatePage()
        self.addPage(self.settings_page)
        self.addPage(self.template_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, tr("NewProject", "Opret projekt"))

    def settings(self) -> ProjectSettings:
        return self.settings_page.form.read(self.template_page.template())


class PropertiesDialog(QDialog):
    """File › Egenskaber: the same settings for the open project, as one undo step."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("NewProject", "Projektets egenskaber"))
        self.form = SettingsForm(ProjectSettings(project.municipality, project.budget_year,
                                                 project.price_level_year), keep=project.municipality)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.form.municipality.editTextChanged.connect(
            lambda _t: self.ok_button.setEnabled(not self.form.check()))
        self.ok_button.setEnabled(not self.form.check())
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(tr("NewProject",
                         "Et nyt prisniveau omregner ikke basisbudgettets beløb: de skal allerede være i det "
                         "valgte prisniveau. Business cases med eget prisniveau omregnes til projektets, som "
                         "hidtil."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        problem = self.form.check()
        self.form.problem.setText(problem)
        if not problem:
            self.accept()

    def command(self) -> ChangeSettings:
        settings = self.form.read()
        size, rammevilkaar = groups_for(settings.municipality)
        return ChangeSettings(settings.municipality, settings.budget_year, settings.price_level_year,
                              size or None, rammevilkaar or None)
