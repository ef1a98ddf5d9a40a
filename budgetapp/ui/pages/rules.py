"""Regler: the financing rules in force, with their legal citations (read-only)."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from budgetapp.core.rules import CASE_RATE, MUNICIPAL_COFINANCING, Rule, load_rules
from budgetapp.ui.document import Document
from budgetapp.ui.locale import fmt_percent, tr
from budgetapp.ui.pages.base import Page, heading


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


def rule_html(rule: Rule, today: dt.date) -> str:
    e = html.escape
    kind = {"benefit": tr("Rules", "ydelse"), "operating_cost": tr("Rules", "driftsudgifter")}.get(
        rule.applies_to, rule.applies_to
    )
    share = (
        tr("Rules", "kommunal medfinansiering")
        if rule.share == MUNICIPAL_COFINANCING
        else tr("Rules", "statsrefusion")
    )
    parts = [
        f"<h3>{e(rule.name)}</h3>",
        f"<p><b>{tr('Rules', 'Gælder')}:</b> {e(kind)} · <b>{tr('Rules', 'Andel')}:</b> {e(share)}"
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
            f"<span style='color:{color}'>({e(status)})</span><br>"
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
    if rule.notes:
        parts.append(f"<p style='color:#444'>{e(rule.notes).replace(chr(10), '<br>')}</p>")
    return "".join(parts) + "<hr>"


class RulesPage(Page):
    title = "Regler"
    key = "regler"
    scopes = ()

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                tr("Rules", "Finansieringsregler"),
                tr(
                    "Rules",
                    "Reglerne ligger som daterede datafiler med lovhenvisning "
                    "(resources/rules). De kan ikke ændres her.",
                ),
            )
        )
        layout.addWidget(self.browser, 1)

    def refresh(self) -> None:
        today = dt.date.today()
        self.browser.setHtml("".join(rule_html(rule, today) for rule in load_rules().values()))
