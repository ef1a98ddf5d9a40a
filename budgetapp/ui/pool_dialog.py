"""The dialog of a pool's details: name, grantor, period, grant rate, eligible cost, the cases it funds."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QWidget

from budgetapp.core.case import Issue
from budgetapp.core.pools import Pool
from budgetapp.ui.document import Document
from budgetapp.ui.edit_dialog import EditDialog, FieldError, read_date, read_number, read_percent, show_date
from budgetapp.ui.locale import fmt, fmt_percent, tr
from budgetapp.ui.models.pools import (
    save_pool,
    scale_income,
    spread_eligible_cost,
    unique_pool_id,
    with_period_years,
)


class PoolDialog(EditDialog):
    """A new pool (``index`` None) or the pool at ``index``; OK applies it as one undo step."""

    def __init__(self, document: Document, index: int | None, parent: QWidget | None = None) -> None:
        project = document.project
        self.document = document
        self.index = index
        self.pool = (
            project.pools[index]
            if index is not None
            else Pool(
                "",
                "",
                start_date=None,
                end_date=None,
                grant_rate=1.0,
                price_level_year=project.price_level_year,
            )
        )
        super().__init__(
            tr("Pools", "Ny pulje")
            if index is None
            else tr("Pools", "Ret puljen «{0}»").format(self.pool.name),
            tr(
                "Pools",
                "Tilskuddet er tilskudsprocenten × den tilskudsberettigede udgift; resten er kommunens "
                "egenfinansiering. Tallene pr. år rettes i tabellen på siden Puljer.",
            ),
            parent,
        )
        pool = self.pool
        self.name = QLineEdit(pool.name)
        self.pool_id = QLineEdit(pool.id)
        self.pool_id.setReadOnly(index is not None)
        self.pool_id.setPlaceholderText(tr("Pools", "dannes af navnet"))
        self.grantor = QLineEdit(pool.grantor)
        self.start = QLineEdit(show_date(pool.start_date))
        self.end = QLineEdit(show_date(pool.end_date))
        for box in (self.start, self.end):
            box.setPlaceholderText(tr("Pools", "dd.mm.åååå"))
        self.rate = QLineEdit(fmt(pool.grant_rate * 100, 1))
        self.eligible = QLineEdit(fmt(pool.eligible_cost, 0))
        self.cofinancing = QLabel()
        self.account = QLineEdit(pool.account)
        self.source = QLineEdit(pool.source)
        self.cases = QListWidget()
        funded = set(project.cases_funded_by(pool.id)) if index is not None else set()
        for entry in project.cases:
            item = QListWidgetItem(entry.name, self.cases)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if entry.name in funded else Qt.CheckState.Unchecked)
        self.cases.setMaximumHeight(22 * max(len(project.cases), 1) + 8)
        self.add_field("name", tr("Pools", "Navn"), self.name)
        self.add_field("id", tr("Pools", "Id"), self.pool_id)
        self.add_field("grantor", tr("Pools", "Tilskudsgiver"), self.grantor)
        self.add_field("start_date", tr("Pools", "Startdato"), self.start)
        self.add_field("end_date", tr("Pools", "Slutdato"), self.end)
        self.add_field("grant_rate", tr("Pools", "Tilskudsprocent"), self.rate, "%")
        self.add_field(
            "eligible_cost", tr("Pools", "Tilskudsberettiget udgift"), self.eligible, tr("Pools", "kr.")
        )
        self.add_field("cofinancing", tr("Pools", "Egenfinansiering"), self.cofinancing)
        self.add_field("account", tr("Pools", "Konto"), self.account)
        self.add_field("source", tr("Pools", "Kilde"), self.source)
        self.add_field("cases", tr("Pools", "Finansierer business case"), self.cases)
        if index is None:
            self.spread = QCheckBox(
                tr("Pools", "Fordel udgiften ligeligt på periodens år, med tilskuddet samme år")
            )
        else:
            self.spread = QCheckBox(tr("Pools", "Ret tilskuddet pr. år efter en ny tilskudsprocent"))
        self.spread.setChecked(True)
        self.form.addRow("", self.spread)
        for box in (self.rate, self.eligible):
            box.textChanged.connect(self._show_cofinancing)
        self._show_cofinancing()

    def _show_cofinancing(self) -> None:
        try:
            rate = read_percent("grant_rate", self.rate.text())
            eligible = read_number("eligible_cost", self.eligible.text())
        except FieldError:
            self.cofinancing.setText("–")
            return
        self.cofinancing.setText(
            tr("Pools", "{0} kr. ({1}); tilskud {2} kr.").format(
                fmt(eligible * (1 - rate), 0), fmt_percent(1 - rate), fmt(eligible * rate, 0)
            )
        )

    def funded(self) -> set[str]:
        return {
            self.cases.item(i).text()
            for i in range(self.cases.count())
            if self.cases.item(i).checkState() == Qt.CheckState.Checked
        }

    def read(self) -> Pool:
        """The pool the fields describe, its years completed for the period."""
        name = self.name.text().strip()
        start = read_date("start_date", self.start.text())
        end = read_date("end_date", self.end.text())
        pool = dataclasses.replace(
            self.pool,
            name=name,
            grantor=self.grantor.text().strip(),
            start_date=start,
            end_date=end,
            grant_rate=read_percent("grant_rate", self.rate.text()),
            eligible_cost=read_number("eligible_cost", self.eligible.text(), low=None),
            account=self.account.text().strip(),
            source=self.source.text().strip(),
        )
        if self.index is None:
            if start is None or end is None:
                raise FieldError(
                    "start_date" if start is None else "end_date",
                    tr("Pools", "en ny pulje skal have både start- og slutdato"),
                )
            typed_id = self.pool_id.text().strip()
            pool = dataclasses.replace(
                pool, id=typed_id or unique_pool_id(self.document.project, name, start)
            )
            pool = spread_eligible_cost(pool) if self.spread.isChecked() else with_period_years(pool)
        else:
            pool = with_period_years(pool)
            if self.spread.isChecked():
                pool = scale_income(pool, self.pool.grant_rate)
        return pool

    def submit(self) -> list[Issue]:
        return save_pool(self.document, self.index, self.read(), self.funded())
