"""Regler: every financing rule, catalogue, price index and data file with validity, status and source.

The overview table says for each entry whether it is law, an executive order, a bill, a political
agreement or an assumption; the details below show the staircase bands, residual groupings and
parameters. Either of the project's two price indices (service: KL's pris- og lønskøn; overførsler:
the satsreguleringsprocent) can be replaced from a CSV file (undoable).
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from budgetapp.core.catalogues import CatalogueError, OverviewEntry, data_overview, load_catalogues
from budgetapp.core.commands import ReplaceIndex
from budgetapp.core.price_index import (
    KIND_LABELS,
    SERVICE,
    TRANSFERS,
    PriceIndexError,
    project_index,
    read_index_csv,
)
from budgetapp.core.rules import (
    CASE_RATE,
    MUNICIPAL_COFINANCING,
    Rule,
    RuleFileError,
    load_rules,
    rule_status,
)
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt_kr, fmt_percent, tr
from budgetapp.ui.pages.base import Page, heading

NOT_LAW_COLOR = "#b35900"
COLUMNS = ("Type", "Navn", "Gyldig fra", "Gyldig til", "Status", "Kilde")


def _date(day: dt.date | None) -> str:
    return "" if day is None else day.strftime("%d.%m.%Y")


def _share(value: float | str) -> str:
    return tr("Rules", "sats fra casen") if value == CASE_RATE else fmt_percent(float(value))


def _weeks(first: int, last: int | None) -> str:
    return (
        tr("Rules", "uge {0}+").format(first)
        if last is None
        else tr("Rules", "uge {0}-{1}").format(first, last)
    )


def _status_html(status: str) -> str:
    e = html.escape
    if status in ("lov", "bekendtgørelse"):
        return e(status)
    return f"<b style='color:{NOT_LAW_COLOR}'>{e(status)}</b>"


def _parameter(name: str, value: float) -> tuple[str, str]:
    """A rule parameter as a Danish label and a Danish-formatted value."""
    if name == "lag_years":
        return tr("Rules", "Forsinkelse"), tr("Rules", "{0} år").format(int(value))
    if name == "default_clawback_share":
        return tr("Rules", "Standardandel, der modregnes (kan ændres pr. business case)"), fmt_percent(value)
    if name == "amount_per_fulltime_person":
        return tr("Rules", "Grænse pr. fuldtidsperson"), f"{fmt_kr(value)} kr."
    if name == "price_level_year":
        return tr("Rules", "Prisniveau"), str(int(value))
    return name, fmt_kr(value)


def rule_html(rule: Rule, today: dt.date) -> str:
    e = html.escape
    kind = {
        "benefit": tr("Rules", "ydelse"),
        "operating_cost": tr("Rules", "driftsudgifter"),
        "budget_guarantee_cap": tr("Rules", "budgetgaranti"),
        "employment_grant": tr("Rules", "beskæftigelsestilskud"),
    }.get(rule.applies_to, rule.applies_to)
    share = (
        tr("Rules", "kommunal medfinansiering")
        if rule.share == MUNICIPAL_COFINANCING
        else tr("Rules", "statsrefusion")
    )
    parts = [
        f"<h3>{e(rule.name)}</h3>",
        f"<p><b>{tr('Rules', 'Gælder')}:</b> {e(kind)} · <b>{tr('Rules', 'Andel')}:</b> {e(share)}"
        f" · <b>{tr('Rules', 'Status')}:</b> {_status_html(rule_status(rule))}"
        f" · <b>id:</b> <code>{e(rule.id)}</code></p>",
    ]
    if rule.law:
        parts.append(f"<p><b>{tr('Rules', 'Lov')}:</b> {e(rule.law)}</p>")
    for version in rule.versions:
        in_force = version.in_force(today)
        status = tr("Rules", "gældende i dag") if in_force else tr("Rules", "ikke gældende i dag")
        color = "#2e7d32" if in_force else "#757575"
        period = f"{_date(version.valid_from)} – {_date(version.valid_to) or tr('Rules', 'i dag')}"
        parts.append(
            f"<p style='margin-top:6px'><b>{e(period)}</b> "
            f"<span style='color:{color}'>({e(status)})</span> · "
            f"{_status_html(rule_status(rule, version))}<br>"
            f"<b>{tr('Rules', 'Hjemmel')}:</b> {e(version.citation)}<br>"
            f"<span style='color:#555'>{tr('Rules', 'Kilde')}: {e(version.source)}</span></p>"
        )
        if version.bands:
            rows = "".join(
                f"<tr><td>{e(_weeks(b.first_week, b.last_week))}</td>"
                f"<td align='right'>{e(_share(b.active))}</td>"
                f"<td align='right'>{e(_share(b.passive))}</td></tr>"
                for b in version.bands
            )
            parts.append(
                f"<table border='1' cellspacing='0' cellpadding='3'>"
                f"<tr><th>{tr('Rules', 'Ydelsesuger')}</th><th>{tr('Rules', 'Aktiv')}</th>"
                f"<th>{tr('Rules', 'Passiv')}</th></tr>{rows}</table>"
            )
        if version.rate is not None:
            parts.append(f"<p>{tr('Rules', 'Sats')}: <b>{e(fmt_percent(version.rate))}</b></p>")
        if version.groupings:
            rows = "".join(
                f"<tr><td>{e(g.name)}</td><td align='right'>{e(fmt_percent(g.rate))}</td>"
                f"<td>{_status_html(g.status)}</td><td>{e(g.source)}</td></tr>"
                for g in version.groupings
            )
            parts.append(
                f"<p>{tr('Rules', 'Grupperinger med egen sats')}:</p>"
                f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>{tr('Rules', 'Gruppering')}</th>"
                f"<th>{tr('Rules', 'Sats')}</th><th>{tr('Rules', 'Status')}</th>"
                f"<th>{tr('Rules', 'Kilde')}</th></tr>{rows}</table>"
            )
        for name, value in version.parameters:
            label, text = _parameter(name, value)
            parts.append(f"<p>{e(label)}: <b>{e(text)}</b></p>")
    if rule.notes:
        parts.append(f"<p style='color:#444'>{e(rule.notes).replace(chr(10), '<br>')}</p>")
    return "".join(parts) + "<hr>"


def catalogues_html() -> str:
    e = html.escape
    parts = []
    for c in load_catalogues().values():
        parts.append(f"<h3>{e(c.name)}</h3><p><b>{tr('Rules', 'Status')}:</b> {_status_html(c.status)} · "
                     f"{_date(c.valid_from)} – {_date(c.valid_to)}<br>"
                     f"<b>{tr('Rules', 'Kilde')}:</b> {e(c.citation)}</p>")
        if c.groups:
            rows = "".join(
                f"<tr><td>{e(g.name)}</td><td>{e(', '.join(g.benefits))}</td>"
                f"<td>{e(', '.join(g.vive_groups))}</td><td>{_status_html(g.status)}</td></tr>"
                for g in c.groups)
            parts.append(f"<table border='1' cellspacing='0' cellpadding='3'><tr>"
                         f"<th>{tr('Rules', 'Målgruppe')}</th><th>{tr('Rules', 'Ydelser')}</th>"
                         f"<th>{tr('Rules', 'VIVE-grupper (benchmarks)')}</th>"
                         f"<th>{tr('Rules', 'Status')}</th></tr>{rows}</table>")
        if c.rates:
            rows = "".join(
                f"<tr><td>{e(r.name)}</td><td align='right'>{e(fmt_kr(r.amount))} "
                f"{e(r.unit.removeprefix('kr. '))}</td>"
                f"<td align='right'>{e(fmt_kr(r.per_full_year_person))}</td>"
                f"<td>{_status_html(r.status)}</td><td>{e(r.source)}</td></tr>"
                for r in c.rates)
            parts.append(f"<table border='1' cellspacing='0' cellpadding='3'><tr>"
                         f"<th>{tr('Rules', 'Ydelse')}</th><th>{tr('Rules', 'Sats')}</th>"
                         f"<th>{tr('Rules', 'Pr. helårsperson')}</th><th>{tr('Rules', 'Status')}</th>"
                         f"<th>{tr('Rules', 'Kilde')}</th></tr>{rows}</table>")
        if c.notes:
            parts.append(f"<p style='color:#444'>{e(c.notes).replace(chr(10), '<br>')}</p>")
        parts.append("<hr>")
    return "".join(parts)


class RulesPage(Page):
    title = "Regler"
    key = "regler"
    scopes = None

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.entries: list[OverviewEntry] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Rules", c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col, width in ((1, 330), (4, 200)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.index_label = QLabel()
        self.index_label.setWordWrap(True)
        self.import_button = QPushButton(tr("Rules", "Importér indeks for service fra CSV …"))
        self.import_button.setToolTip(tr(
            "Rules", "Erstat projektets indeks for service (HK5-indsats, HK6-drift, puljer og business "
                     "casernes udgifter) med fx KL's nye pris- og lønskøn. CSV med kolonnerne år og "
                     "indeks (evt. kilde og status). Kan fortrydes."))
        self.import_button.clicked.connect(lambda: self.import_index(SERVICE))
        self.transfer_index_label = QLabel()
        self.transfer_index_label.setWordWrap(True)
        self.transfer_import_button = QPushButton(
            tr("Rules", "Importér satsreguleringsprocent (overførsler) fra CSV …"))
        self.transfer_import_button.setToolTip(tr(
            "Rules", "Erstat projektets indeks for overførsler (ydelser, refusion og business casernes "
                     "besparelse på ydelser) med fx Finansministeriets nye skøn over "
                     "satsreguleringsprocenten. CSV med kolonnerne år og indeks (evt. kilde og status). "
                     "Kan fortrydes."))
        self.transfer_import_button.clicked.connect(lambda: self.import_index(TRANSFERS))
        row = QHBoxLayout()
        row.addWidget(self.index_label, 1)
        row.addWidget(self.import_button)
        transfer_row = QHBoxLayout()
        transfer_row.addWidget(self.transfer_index_label, 1)
        transfer_row.addWidget(self.transfer_import_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(
            tr("Rules", "Regler, satser og prisindeks"),
            tr("Rules", "Finansieringsregler, målgrupper, satser og prisindeks ligger som daterede data med "
                        "kilde. Status viser, hvad der er lov eller bekendtgørelse, og hvad der er et "
                        "lovforslag, en politisk aftale eller en antagelse (markeret med farve)."),
        ))
        layout.addLayout(row)
        layout.addLayout(transfer_row)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        try:
            self.entries = data_overview()
            details = "".join(rule_html(rule, dt.date.today()) for rule in load_rules().values())
            details += catalogues_html()
        except (RuleFileError, CatalogueError, PriceIndexError) as exc:
            self.entries = []
            details = html.escape(str(exc))
        self._fill_table()
        self.browser.setHtml(details)
        for label, kind in ((self.index_label, SERVICE), (self.transfer_index_label, TRANSFERS)):
            label.setText(self._index_text(kind))

    def _index_text(self, kind: str) -> str:
        index = project_index(self.document.project, kind)
        years = index.years
        span = f"{years[0]}-{years[-1]}" if years else tr("Rules", "ingen år")
        title = (tr("Rules", "Projektets indeks for service") if kind == SERVICE
                 else tr("Rules", "Projektets indeks for overførsler"))
        return tr("Rules", "{0}: {1} ({2}, {3} år, kilde: {4})").format(
            title, index.name, span, len(years), index.source or tr("Rules", "ikke angivet"))

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.entries))
        bold = QFont()
        bold.setBold(True)
        for r, entry in enumerate(self.entries):
            cells = (entry.category, entry.name, _date(entry.valid_from), _date(entry.valid_to),
                     entry.status, entry.citation)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if c == 4 and not entry.is_law:
                    item.setForeground(QBrush(QColor(NOT_LAW_COLOR)))
                    item.setFont(bold)
                self.table.setItem(r, c, item)

    def import_index(self, kind: str = SERVICE) -> None:
        """Replace the project's index of ``kind`` (service or overførsler) from a CSV file."""
        title = (tr("Rules", "Vælg CSV med pris- og lønindeks for service") if kind == SERVICE
                 else tr("Rules", "Vælg CSV med satsreguleringsprocenten (overførsler)"))
        name, _ = QFileDialog.getOpenFileName(self, title, "", tr("Rules", "CSV-filer (*.csv *.txt)"))
        if not name:
            return
        path = Path(name)
        try:
            index = read_index_csv(path, name=tr("Rules", "{0} fra {1}").format(KIND_LABELS[kind], path.name))
        except PriceIndexError as exc:
            QMessageBox.warning(self, tr("Rules", "Indekset kan ikke importeres"), str(exc))
            return
        problems = self.document.run(ReplaceIndex(kind, index, path.name))
        if problems:
            QMessageBox.warning(self, tr("Rules", "Indekset kan ikke importeres"), problems[0].message)
