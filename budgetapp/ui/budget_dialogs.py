"""Dialogs of the Basisbudget page: a new target group × year row and a new operation (HK6) line."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from budgetapp.core.budget import STAIRCASE_BANDS, STYRINGSOMRAADER, GroupYear, OperationLine
from budgetapp.core.case import Issue
from budgetapp.core.catalogues import default_benefit_per_full_year_person
from budgetapp.core.rules import rule_ids
from budgetapp.ui.document import Document
from budgetapp.ui.edit_dialog import EditDialog, FieldError, read_number, read_percent
from budgetapp.ui.locale import fmt, tr
from budgetapp.ui.models.budget import add_group_year, add_operation_line, group_key_for

NEW_GROUP = "__ny__"


def _year_box(year: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1990, 2100)
    box.setGroupSeparatorShown(False)
    box.setValue(year)
    return box


def typed(key: str, box: QLineEdit) -> float:
    """The number typed, negative too: the domain's own check (group_year_issues) refuses those."""
    return read_number(key, box.text(), low=None)


class GroupYearDialog(EditDialog):
    """A new row of the base budget, prefilled from ``template`` (the chosen row or the group's last year)."""

    def __init__(self, document: Document, template: GroupYear | None, parent: QWidget | None = None) -> None:
        super().__init__(
            tr("Budget", "Tilføj række til basisbudgettet"),
            tr(
                "Budget",
                "En målgruppe i ét år. Felterne er udfyldt fra den markerede række; refusionen "
                "angives enten som fordelingen af ydelsesugerne på refusionstrappens trin eller som "
                "en gennemsnitlig refusionssats.",
            ),
            parent,
        )
        self.document = document
        budget = document.project.budget
        self.group = QComboBox()
        for key in budget.target_groups:
            self.group.addItem(budget.group_names.get(key, key), key)
        self.group.addItem(tr("Budget", "Ny målgruppe …"), NEW_GROUP)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(tr("Budget", "fx Løntilskud"))
        self.year = _year_box(document.project.budget_year)
        self.persons = QLineEdit()
        self.benefit = QLineEdit()
        self.measures = QLineEdit()
        self.rule = QComboBox()
        for rule in rule_ids("benefit"):
            self.rule.addItem(rule, rule)
        self.bands = QLineEdit()
        self.bands.setPlaceholderText(tr("Budget", "fx 17; 53,2; 20,9; 8,9 (tom: brug gennemsnitssatsen)"))
        self.average = QLineEdit()
        self.add_field("target_group", tr("Budget", "Målgruppe"), self.group)
        self.add_field("name", tr("Budget", "Navn på ny målgruppe"), self.new_name)
        self.add_field("year", tr("Budget", "År"), self.year)
        self.add_field("full_year_persons", tr("Budget", "Helårspersoner"), self.persons, tr("Budget", "hp"))
        self.add_field(
            "benefit_per_full_year_person",
            tr("Budget", "Ydelse pr. helårsperson"),
            self.benefit,
            tr("Budget", "kr."),
        )
        self.add_field(
            "measures_per_full_year_person",
            tr("Budget", "Indsats pr. helårsperson"),
            self.measures,
            tr("Budget", "kr."),
        )
        self.add_field("refusion_rule", tr("Budget", "Refusionsregel"), self.rule)
        self.add_field("band_distribution", tr("Budget", "Uger 1-4 / 5-26 / 27-52 / 53+"), self.bands, "%")
        self.add_field(
            "average_refusion_rate", tr("Budget", "Gennemsnitlig refusionssats"), self.average, "%"
        )
        self.template = template
        if template is not None:
            self.group.setCurrentIndex(max(self.group.findData(template.target_group), 0))
        self._group_chosen()
        if self.template is None:  # an empty budget: the staircase of 2016 and the 2026 benefit level
            benefit = default_benefit_per_full_year_person()
            self.fill(GroupYear("", document.project.budget_year, 0.0, benefit))
        self.group.currentIndexChanged.connect(self._group_chosen)

    def _group_chosen(self, _index: int = 0) -> None:
        key = self.group.currentData()
        self.new_name.setEnabled(key == NEW_GROUP)
        rows = [g for g in self.document.project.budget.groups if g.target_group == key]
        if rows:
            self.template = max(rows, key=lambda g: g.year)
            taken = {g.year for g in rows}
            year = self.template.year + 1
            if self.document.project.budget_year not in taken:
                year = self.document.project.budget_year
            self.year.setValue(year)
        if self.template is not None:
            self.fill(self.template)

    def fill(self, group: GroupYear) -> None:
        self.persons.setText(fmt(group.full_year_persons, 1))
        self.benefit.setText(fmt(group.benefit_per_full_year_person, 0))
        self.measures.setText(fmt(group.measures_per_full_year_person, 0))
        self.rule.setCurrentIndex(max(self.rule.findData(group.refusion_rule), 0))
        bands = group.band_distribution
        self.bands.setText("; ".join(fmt(s * 100, 2) for s in bands) if bands is not None else "")
        rate = group.average_refusion_rate
        self.average.setText(fmt(rate * 100, 2) if rate is not None else "")

    def read(self) -> tuple[GroupYear, str | None]:
        """The row the fields describe and the new group's name (None for an existing group)."""
        key = self.group.currentData()
        name: str | None = None
        if key == NEW_GROUP:
            name = self.new_name.text().strip()
            if not name:
                raise FieldError("name", tr("Budget", "skriv navnet på den nye målgruppe"))
            key = group_key_for(name)
            if not key:
                raise FieldError("name", tr("Budget", "navnet skal indeholde bogstaver eller tal"))
            budget = self.document.project.budget
            if key in budget.target_groups:
                raise FieldError(
                    "name",
                    tr("Budget", "målgruppen «{0}» findes allerede").format(budget.group_names.get(key, key)),
                )
        bands_text = self.bands.text().strip()
        bands = None
        if bands_text:
            parts = [p for p in bands_text.split(";")]
            if len(parts) != len(STAIRCASE_BANDS):
                raise FieldError(
                    "band_distribution",
                    tr("Budget", "skriv {0} andele adskilt af semikolon").format(len(STAIRCASE_BANDS)),
                )
            bands = tuple(read_percent("band_distribution", p) for p in parts)
        average_text = self.average.text().strip()
        average = (
            read_percent("average_refusion_rate", average_text) if average_text and bands is None else None
        )
        template = self.template or GroupYear(key, self.year.value(), 0.0, 0.0)
        group = dataclasses.replace(
            template,
            target_group=key,
            year=self.year.value(),
            full_year_persons=typed("full_year_persons", self.persons),
            benefit_per_full_year_person=typed("benefit_per_full_year_person", self.benefit),
            measures_per_full_year_person=typed("measures_per_full_year_person", self.measures),
            refusion_rule=self.rule.currentData(),
            band_distribution=bands,
            average_refusion_rate=average,
            source="",
        )
        return group, name

    def submit(self) -> list[Issue]:
        group, name = self.read()
        return add_group_year(self.document, group, name)


class OperationLineDialog(EditDialog):
    """A new job-centre operation (HK6) line: name, year and amount (never refunded)."""

    def __init__(
        self, document: Document, template: OperationLine | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            tr("Budget", "Tilføj driftslinje (HK6)"),
            tr("Budget", "Jobcenterets drift pr. år. Driften er ikke refusionsberettiget."),
            parent,
        )
        self.document = document
        budget = document.project.budget
        self.name = QComboBox()
        self.name.setEditable(True)
        for name in dict.fromkeys(line.name for line in budget.operation):
            self.name.addItem(name)
        with_lines = {line.year for line in budget.operation}
        candidates = sorted({*budget.years, document.project.budget_year})
        next_year = next((y for y in candidates if y not in with_lines), candidates[-1] + 1)
        self.year = _year_box(template.year if template else next_year)
        self.amount = QLineEdit()
        self.function = QLineEdit()
        self.area = QComboBox()
        for area in STYRINGSOMRAADER:
            self.area.addItem(area, area)
        self.add_field("name", tr("Budget", "Linje"), self.name)
        self.add_field("year", tr("Budget", "År"), self.year)
        self.add_field("amount", tr("Budget", "Beløb"), self.amount, tr("Budget", "kr."))
        self.add_field("function", tr("Budget", "Funktion (kontoplan)"), self.function)
        self.add_field("styringsomraade", tr("Budget", "Styringsområde"), self.area)
        base = template or OperationLine("", next_year, 0.0)
        self.name.setCurrentText("")
        self.name.lineEdit().setPlaceholderText(tr("Budget", "fx Projektmedarbejdere"))
        self.amount.setText("0")
        self.function.setText(base.function)
        self.area.setCurrentIndex(max(self.area.findData(base.styringsomraade), 0))

    def read(self) -> OperationLine:
        return OperationLine(
            name=self.name.currentText().strip(),
            year=self.year.value(),
            amount=read_number("amount", self.amount.text(), low=None),
            function=self.function.text().strip(),
            styringsomraade=self.area.currentData(),
        )

    def submit(self) -> list[Issue]:
        return add_operation_line(self.document, self.read())
