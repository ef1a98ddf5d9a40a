"""The committee proposal (udvalgsindstilling) as an A4 PDF, made with Qt's own PDF support.

The text is a :class:`QTextDocument` (real text in the PDF, so it can be searched and copied)
printed to a :class:`QPdfWriter`; the chart (municipal saving against net cost per year) is
painted with :class:`QPainter`. The content comes from :mod:`budgetapp.export.proposal_content`.
Writing goes through :func:`budgetapp.export.safe_write.write_atomically`.
"""

from __future__ import annotations

import html
import math
import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import format_number, format_thousand_kr
from budgetapp.core.project import Project
from budgetapp.export.proposal_content import Proposal, build_proposal
from budgetapp.export.proposal_economy import TRANSFER_COST_LABEL, MoneyTable
from budgetapp.export.safe_write import ExportError, write_atomically

SAVING_COLOR = QColor("#2E7D32")
COST_COLOR = QColor("#C62828")
CHART_URL = "budgetapp://chart.png"


def ensure_gui_application() -> QGuiApplication:
    """Qt needs an application object for fonts; the CLI has none, so make one (offscreen on Linux
    without a display)."""
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                     or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(sys.argv[:1])
    return app  # type: ignore[return-value]


def _e(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _money_table(head: str, rows: str, level: str, size: str = "9pt") -> str:
    return (f"<table cellspacing='0' cellpadding='3' border='0' width='100%' style='font-size:{size}'>"
            f"<thead><tr style='background-color:#DDEBF7'>{head}</tr></thead>{rows}</table>"
            f"<p style='font-size:8pt; color:#555555'>1.000 kr., {level}. Udgifter er positive; refusion, "
            f"puljeindtægter og besparelser er negative.</p>")


# A figure never breaks across lines: its cell does not wrap (the label column wraps instead).
NOWRAP = "style='white-space:nowrap'"


def _figure(value: float | None) -> str:
    text = "" if value is None or math.isnan(value) else format_thousand_kr(value)
    return f"<td align='right' {NOWRAP}>{text}</td>"


def _figure_table(table: MoneyTable, level: str, label_width: int) -> str:
    """A money table over the whole horizon (:mod:`budgetapp.export.proposal_economy`), in 7,5 pt
    so that up to eight figure columns of "-1.234.567,8" fit an A4 page without wrapping."""
    width = (100 - label_width) / max(1, len(table.columns))
    head = (f"<th align='left' width='{label_width}%'>1.000 kr., {level}</th>"
            + "".join(f"<th align='right' width='{width:.1f}%' {NOWRAP}>{_e(c.head)}<br>"
                      f"<span style='font-size:6.5pt; "
                      f"font-weight:normal'>{_e(c.sub)}</span></th>" for c in table.columns))
    rows = []
    for label, values, bold in table.rows:
        row = f"<td>{_e(label)}</td>" + "".join(_figure(v) for v in values)
        rows.append(f"<tr style='font-weight:bold'>{row}</tr>" if bold else f"<tr>{row}</tr>")
    return _money_table(head, "".join(rows), level, size="7.5pt")


def _consequence_table(p: Proposal, level: str) -> str:
    con = p.consequences
    if con is None:
        return ""
    last = p.years[-1]
    weeks = p.appraisal.after_horizon.get("saved_weeks", 0.0) if p.appraisal is not None else 0.0
    after = (f" Efter {last} spares yderligere {format_number(weeks, 1)} uger på ydelse." if weeks else "")
    transfer = ("Udgifter, der bogføres på overførsler, står i deres egen række. "
                if any(label == TRANSFER_COST_LABEL for label, _, _ in con.rows) else "")
    return (f"<p><b>Forslagets samlede økonomiske konsekvenser</b></p>{_figure_table(con, level, 22)}"
            f"<p>Tilbagebetalingstid: <b>{_e(p.payback_text)}</b>. Investeringen er casens udgifter på "
            f"serviceområdet (efter refusion og puljefinansiering) og tæller med under servicerammen; "
            f"effekten er kommunens mindreudgift til forsørgelse (overførsler). {transfer}Varig ændring "
            f"er niveauet i {last}, når effekten er fuldt indfaset.{after}</p>")


def _budget_table(p: Proposal, level: str) -> str:
    if not p.budget_by_area:
        return ""
    width = 54 / max(1, len(p.budget_years))
    head = ("<th align='left' width='46%'>1.000 kr., " + level + "</th>"
            + "".join(f"<th align='right' width='{width:.1f}%' {NOWRAP}>{y}</th>" for y in p.budget_years))
    rows = []
    for label, values, bold in p.budget_by_area:
        cells = "".join(_figure(v) for v in values)
        row = f"<td>{_e(label)}</td>{cells}"
        rows.append(f"<tr style='font-weight:bold'>{row}</tr>" if bold else f"<tr>{row}</tr>")
    included = ", ".join(f"'{_e(name)}'" for name in p.budget_cases) or "ingen"
    return ("<p><b>Budgettet pr. styringsområde med de valgte business cases</b></p>"
            + _money_table(head, "".join(rows), level)
            + f"<p style='font-size:8pt; color:#555555'>Med i fremskrivningen: {included} (de business "
            f"cases, der er slået til i projektet; byrådsmappens ark Fremskrivning viser de cases, "
            f"mappen er lavet med).</p>")


def _assumption_row(assumption: str, value: str, source: str) -> str:
    """One row of Bilag 1; an effect's first row (its name and target group) is a shaded heading,
    and the rows under it (starting with "–") are indented."""
    if assumption.startswith("Effekt"):
        return (f"<tr style='background-color:#F2F2F2; font-weight:bold'><td>{_e(assumption)}</td>"
                f"<td colspan='2'>{_e(value)}</td></tr>")
    shown = _e(source) or ("" if assumption.startswith("– ") else "Ikke angivet")
    return f"<tr><td>{_e(assumption)}</td><td>{_e(value)}</td><td style='color:#555555'>{shown}</td></tr>"


def proposal_html(p: Proposal, image_width: int = 620) -> str:
    """The proposal as rich text: Sagsfremstilling, Økonomi, Risici og usikkerhed, Indstilling, Bilag."""
    level = _e(p.price_level or "prisniveau som i business casen")
    assumptions = "".join(_assumption_row(a, v, s) for a, v, s in p.assumptions)
    timing = "".join(f"<p>{_e(t)}</p>" for t in p.timing if t)
    if timing:
        timing = "<p><b>Hvornår besparelsen falder</b></p>" + timing
    risks = "".join(f"<li>{_e(r)}</li>" for r in p.risks)
    estimates = ""
    if p.uncertainty:
        items = "".join(f"<li>{_e(u)}</li>" for u in p.uncertainty)
        estimates = f"<p>Business casens egne skøn over usikkerheden:</p><ul>{items}</ul>"
    follow = "".join(f"<li>{_e(f)}</li>" for f in p.follow_up)
    summary = " ".join(_e(s) for s in p.summary)
    meta = " · ".join(_e(x) for x in (p.municipality, p.price_level) if x)
    description = _e(p.description) if p.description else "Business casen har ingen beskrivelse."
    h2 = "<h2 style='font-size:12pt'>"
    return f"""
<html><body style="font-family:'DejaVu Sans','Segoe UI',Arial; font-size:9pt">
<p style="font-size:8pt; color:#555555">Udvalgsindstilling{' · ' + meta if meta else ''}</p>
<h1 style="font-size:16pt">{_e(p.title)}</h1>
{h2}Sagsfremstilling</h2>
<p>{description}</p>
<p>Målgruppe: {_e(p.target_group)}.</p>
<p><b>Opfølgning</b></p>
<ul>{follow}</ul>
{h2}Økonomi</h2>
{_consequence_table(p, level)}
<p>{summary}</p>
{timing}
{_budget_table(p, level)}
<p><b>Specifikation pr. år</b></p>
{_figure_table(p.specification, level, 22)}
<p align="center"><img src="{CHART_URL}" width="{image_width}"></p>
{h2}Risici og usikkerhed</h2>
<ul>{risks}</ul>
{estimates}
{h2}Indstilling</h2>
<p style="background-color:#F2F2F2">{_e(p.decision)}</p>
<h2 style='font-size:12pt; page-break-before:always'>Bilag</h2>
<p><b>Bilag 1: Forudsætninger og kilder</b></p>
<table cellspacing="0" cellpadding="3" border="0" width="100%">
<thead><tr style="background-color:#DDEBF7"><th align='left' width='26%'>Forudsætning</th>
<th align='left' width='32%'>Værdi</th>
<th align='left'>Kilde</th></tr></thead>
{assumptions}
</table>
<p><b>Bilag 2:</b> Byrådsmappen (Excel) med beregningerne, fremskrivningen pr. styringsområde og
følsomhedsanalysen.</p>
</body></html>"""


def chart_image(p: Proposal, width: int = 1860, height: int = 780) -> QImage:
    """Municipal saving against net cost per year, as grouped columns (kr. in 1.000 kr.)."""
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("DejaVu Sans")
    font.setPixelSize(26)
    painter.setFont(font)
    left, right, top, bottom = 170, 40, 70, 120
    plot = QRectF(left, top, width - left - right, height - top - bottom)
    values = [*p.saving_per_year, *p.net_cost_per_year]
    high = max([*values, 0.0]) or 1.0
    low = min([*values, 0.0])
    step = _nice_step((high - low) / 5)
    high = math.ceil(high / step) * step
    low = math.floor(low / step) * step if low < 0 else 0.0

    def y_of(v: float) -> float:
        return plot.bottom() - (v - low) / (high - low) * plot.height()

    painter.setPen(QPen(QColor("#333333")))
    title = "Kommunal besparelse og nettoudgift pr. år (1.000 kr.)"
    painter.drawText(QRectF(0, 10, width, 50), Qt.AlignmentFlag.AlignCenter, title)
    tick = low
    while tick <= high + step / 2:
        y = y_of(tick)
        painter.setPen(QPen(QColor("#DDDDDD"), 2))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(QPen(QColor("#333333")))
        painter.drawText(QRectF(0, y - 18, left - 12, 36), Qt.AlignmentFlag.AlignRight
                         | Qt.AlignmentFlag.AlignVCenter, format_thousand_kr(tick, 0))
        tick += step
    n = max(1, len(p.years))
    group = plot.width() / n
    bar = group * 0.32
    every = max(1, math.ceil(90 / group))   # a year label needs about 90 px
    for i, year in enumerate(p.years):
        x0 = plot.left() + i * group + group * 0.16
        for k, (value, color) in enumerate(((p.saving_per_year[i], SAVING_COLOR),
                                            (p.net_cost_per_year[i], COST_COLOR))):
            y0, y1 = y_of(max(value, 0.0)), y_of(min(value, 0.0))
            painter.fillRect(QRectF(x0 + k * bar, y0, bar * 0.95, max(y1 - y0, 1.0)), color)
        painter.setPen(QPen(QColor("#333333")))
        if i % every == 0:
            painter.drawText(QRectF(plot.left() + i * group - group, plot.bottom() + 6, 3 * group, 36),
                             Qt.AlignmentFlag.AlignCenter, str(year))
    painter.setPen(QPen(QColor("#333333"), 2))
    painter.drawLine(QPointF(plot.left(), y_of(0.0)), QPointF(plot.right(), y_of(0.0)))
    legend_y = height - 50
    for k, (label, color) in enumerate((("Kommunal besparelse (efter refusion)", SAVING_COLOR),
                                        ("Nettoudgift til indsatsen", COST_COLOR))):
        x = left + k * 760
        painter.fillRect(QRectF(x, legend_y, 30, 30), color)
        painter.drawText(QRectF(x + 40, legend_y - 4, 700, 38), Qt.AlignmentFlag.AlignVCenter, label)
    painter.end()
    return image


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _print_with_page_numbers(doc: QTextDocument, writer: QPdfWriter, width: float, height: float) -> None:
    """Paint the document page by page with "Side n af N" and the title in the footer."""
    page_height = doc.pageSize().height()
    pages = doc.pageCount()
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(7.5)
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * page_height)
            doc.drawContents(painter, QRectF(0, i * page_height, width, page_height))
            painter.restore()
            painter.setFont(font)
            painter.setPen(QColor("#555555"))
            footer = QRectF(0, page_height, width, height - page_height)
            painter.drawText(footer, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             f"Side {i + 1} af {pages}")
            painter.drawText(footer, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                             writer.title())
    finally:
        painter.end()


def write_proposal_pdf(path: str | Path, proposal: Proposal) -> None:
    """Write the PDF to ``path`` directly (no temporary file)."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setTitle(f"Udvalgsindstilling: {proposal.title}")
    writer.setCreator("budgetapp")
    writer.setResolution(300)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 16, 18, 16), QPageLayout.Unit.Millimeter))
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    # Lay the text out for the PDF's own resolution, so point sizes are true points on paper.
    doc.documentLayout().setPaintDevice(writer)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    footer = writer.resolution() * 0.3   # 0,3 inch at the bottom for "Side n af N"
    doc.setPageSize(QSizeF(rect.width(), rect.height() - footer))
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_URL), chart_image(proposal))
    # image widths in a rich text are in 1/96 inch, whatever the device
    doc.setHtml(proposal_html(proposal, image_width=int(rect.width() * 96 / writer.resolution() * 0.95)))
    _print_with_page_numbers(doc, writer, rect.width(), rect.height())
    del writer  # the file is finished when the writer is destroyed
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise OSError(f"Qt skrev ingen PDF til {Path(path).name}")


def export_proposal_pdf(target: str | Path, case: BusinessCase, municipality: str = "",
                        price_level: str = "", budget_year: int | None = None,
                        project: Project | None = None) -> Proposal:
    """Build the proposal for ``case`` and write it safely to ``target``; returns the content.

    With ``project`` the Økonomi section shows the project's budget per styringsområde with its
    switched-on cases. Raises :class:`ExportError` (Danish message) when the PDF cannot be written.
    """
    proposal = build_proposal(case, municipality, price_level, budget_year, project)
    write_atomically(target, lambda temp: write_proposal_pdf(temp, proposal))
    return proposal


__all__ = ["ExportError", "chart_image", "export_proposal_pdf", "proposal_html",
           "write_proposal_pdf"]
