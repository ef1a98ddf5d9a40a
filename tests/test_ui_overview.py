"""Overblik shows the projection per styringsområde with the same figures as the core."""

from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.gui


def test_overview_shows_the_cases_per_styringsomraade(window):
    page = window.show_page("overblik")
    model = page.area_model
    labels = [model.rows[i].label for i in range(model.rowCount())]
    column = page.projection.years.index(2028)
    values = {label: model.value(i, column) for i, label in reversed(list(enumerate(labels)))}
    # Eksempel Kommune 2028 (arithmetic in tests/test_projection.py): the cases add 2.206.926,84 kr.
    # of service (after 960.000 kr. pool income) and save 7.494.710,85 kr. on overførsler (calendar timing).
    projection = page.projection
    assert values["Service i alt"] - values["Service: basisbudget"] == pytest.approx(2_206_926.84, abs=0.01)
    assert values["Overførsler i alt"] - values["Overførsler: basisbudget"] == pytest.approx(
        -7_494_710.85, abs=0.01)
    assert values["    Mentorstøtte til aktivitetsparate"] == pytest.approx(240_000)  # first row: service
    assert values["Fremskrevet nettoudgift i alt"] == pytest.approx(projection.total_projected_net(2028))
    assert page.tabs.tabText(0) == "Pr. styringsområde"
    assert "overførsler -7,5 mio. kr." in page.cards[1].text().replace("−", "-")  # −7,49 mio.
    # switching a case off removes its rows and its effect from the areas
    window.document.project.set_case_enabled("Mentorstøtte til aktivitetsparate", False)
    page.refresh()
    labels = [page.area_model.rows[i].label for i in range(page.area_model.rowCount())]
    assert "    Mentorstøtte til aktivitetsparate" not in labels


@pytest.mark.parametrize("width", [1100, 700, 480])
def test_unit_cost_chart_names_never_overlap(window, width):
    """The measure names under the unit-cost chart: at 1366×768 and 150 % the chart is about 700
    logical pixels wide, where nine full names (e.g. "Kontant- og uddannelseshjælp", 180 px) overlapped.
    Each shown name, centred on its category, must end before the next one begins."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFontMetricsF

    page = window.show_page("enhedsudgifter")
    chart = page.chart
    chart.plot_widget.resize(width, 300)
    chart.plot_widget.grab()  # lay out the axis at this size
    axis = chart.measure_axis
    assert len(axis.names) == len(chart.measures) >= 5
    shown = axis._tickLevels[0]
    metrics = QFontMetricsF(axis.label_font())
    view = chart.plot.getViewBox()
    spans = []
    for x, text in shown:
        centre = view.mapViewToScene(QPointF(x, 0)).x()
        half = metrics.horizontalAdvance(text) / 2
        spans.append((centre - half, centre + half, text))
    for (_l0, right, a), (left, _r1, b) in itertools.pairwise(spans):
        assert right < left, (width, a, b)
    # Names that fit are whole; the full names stay in the read-out.
    assert all(text == name or text.endswith("…") for (_x, text), name in zip(shown, axis.names, strict=True))
    if width >= 1100:
        assert any(text == name for (_x, text), name in zip(shown, axis.names, strict=True))


def assert_figures_whole(view) -> None:
    """Each column is at least as wide as its widest formatted figure (the text's width in the view's
    bold font plus 6 px of cell margin); when the columns do not fit, the table scrolls sideways."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont, QFontMetrics

    model = view.model()
    bold = QFont(view.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    header = view.horizontalHeader()
    total = 0
    for column in range(model.columnCount()):
        texts = [model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or ""
                 for row in range(model.rowCount())]
        widest = max(texts, key=metrics.horizontalAdvance)
        assert metrics.horizontalAdvance(widest) + 6 <= header.sectionSize(column), (column, widest)
        total += header.sectionSize(column)
    assert view.textElideMode() == Qt.TextElideMode.ElideNone
    if total > view.viewport().width():
        assert view.horizontalScrollBar().maximum() >= total - view.viewport().width()


@pytest.mark.parametrize("width", [730, 1366])
def test_overview_figures_are_never_elided_and_the_table_scrolls_instead(window, qtbot, width):
    """"127.101,7" (Danish grouping) was shown as "127.1…" on a narrow window."""
    window.resize(width, 600)
    page = window.show_page("overblik")
    qtbot.wait(20)
    for view in (page.area_table, page.table):
        page.tabs.setCurrentWidget(view)
        qtbot.wait(10)
        model = view.model()
        texts = [model.data(model.index(row, 0)) or "" for row in range(model.rowCount())]
        assert any(len(t) >= 9 and t[-6] == "." for t in texts)  # "127.101,7": a thousands separator
        assert_figures_whole(view)


@pytest.mark.parametrize("width", [730, 1366])
def test_compare_figures_are_never_elided(window, qtbot, width):
    window.resize(width, 600)
    page = window.show_page("sammenlign")
    qtbot.wait(20)
    assert_figures_whole(page.table)


def test_charts_of_a_new_project_have_readable_axes(window, qtbot):
    """All figures 0 (a new project): the value axes span one unit of the axis (1.000 kr.), so the
    labels are distinct numbers, not "0,00" four times."""
    assert window.new_project(ask=False)
    overview = window.show_page("overblik")
    qtbot.wait(20)
    chart = overview.chart
    axis = chart.plot.getAxis("left")
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert high - low >= chart.divisor  # at least 1.000 kr. (the axis unit) tall
    spacing, values = axis.tickValues(low, high, 300)[0]  # the major ticks, as drawn
    labels = axis.tickStrings(values, 1.0, spacing)
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels


def test_row_titles_give_way_before_the_years_go_off_screen(window, qtbot):
    """At 1366×768 and 150 % (an 880-pixel window) the overview's tables show every year: the row
    titles are shortened (never below ROW_TITLE_MINIMUM) and the whole title is the tooltip."""
    from budgetapp.ui.pages.base import ROW_TITLE_MINIMUM, RowTitlesGiveWay

    window.showNormal()
    window.resize(880, 600)
    overview = window.show_page("overblik")
    qtbot.wait(50)
    table = overview.area_table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=2000)
    header = table.verticalHeader()
    assert ROW_TITLE_MINIMUM <= header.width() < header.sizeHint().width()  # shortened, not hidden
    titles = table.findChild(RowTitlesGiveWay)
    names = [entry.name for entry in window.document.project.cases]
    shown = [titles.title_at(header.sectionViewportPosition(row) + 2) for row in range(header.count())]
    assert any(name in shown for name in names)  # the whole case name, for the tooltip
    window.resize(1366, 740)
    qtbot.waitUntil(lambda: header.width() >= header.sizeHint().width(), timeout=2000)  # room: whole titles
