"""Business cases page on a small screen: the case list's buttons fold into one menu, names stay
readable, and the case charts have readable axes and a legend that covers no bar."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

pytestmark = pytest.mark.gui


def narrow_window(window, qtbot, width: int):
    """The window un-maximised at ``width`` logical pixels, on the Business cases page."""
    window.showNormal()
    window.resize(width, 600)
    page = window.show_page("cases")
    qtbot.waitUntil(lambda: page.width() > 0 and page.narrow == (page.width() < 1000), timeout=2000)
    return page


def test_narrow_page_folds_the_buttons_into_one_menu_that_does_the_same(window, qtbot):
    from budgetapp.ui.pages.cases import NARROW_PAGE

    page = narrow_window(window, qtbot, 1300)
    assert page.width() >= NARROW_PAGE and not page.narrow
    assert page.new_button.isVisible() and not page.actions_button.isVisible()
    wide_list = page.left.width()

    page = narrow_window(window, qtbot, 880)  # 1366×768 at 150 % un-maximised is 895 wide
    assert page.narrow
    assert page.actions_button.isVisible()
    assert not any(b.isVisible() for b in page.wide_buttons)
    assert page.left.width() < wide_list
    menu = page.actions_button.menu()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["Ny", "Kopiér", "Fra skabelon", "Slet", "Hent case-fil …", "Gem som case-fil …"]
    before = len(window.document.project.cases)
    menu.actions()[0].trigger()  # Ny
    assert len(window.document.project.cases) == before + 1
    assert window.document.project.cases[-1].name == "Ny business case"
    templates = menu.actions()[2].menu().actions()
    assert "Eksempel: straksaktivering (Hillerød 2013)" in [a.text() for a in templates]

    # Back to a wide page: the buttons return.
    page = narrow_window(window, qtbot, 1300)
    assert not page.narrow and page.new_button.isVisible() and not page.actions_button.isVisible()


def test_menu_actions_follow_whether_a_case_is_chosen(window, qtbot):
    from budgetapp.core.commands import DeleteCase

    page = narrow_window(window, qtbot, 880)
    copy = page.menu_actions[page.copy_button]
    assert copy.isEnabled()
    while window.document.project.cases:
        assert window.document.run(DeleteCase(0)) == []
    page.refresh_now()
    assert not copy.isEnabled() and not page.menu_actions[page.delete_button].isEnabled()
    assert page.menu_actions[page.new_button].isEnabled()


def test_case_names_wrap_so_that_cases_can_be_told_apart(window, qtbot):
    from PySide6.QtCore import Qt

    page = narrow_window(window, qtbot, 1300)
    assert page.list.wordWrap()
    model = page.model
    first = model.index(1, 0)
    name = window.document.project.cases[1].name  # "To ekstra sagsbehandlere (lavere sagsstammer)"
    assert model.data(first, Qt.ItemDataRole.ToolTipRole)  # the whole name on hover
    qtbot.wait(150)  # the list lays its items out again after a resize
    rect = page.list.visualRect(first)
    one_line = page.list.fontMetrics().height()
    text_width = page.list.fontMetrics().horizontalAdvance(name)
    assert text_width > page.list.viewport().width()  # too long for one line here …
    assert rect.height() >= 2 * one_line  # … so it takes two lines or more, not cut off
    assert rect.right() <= page.list.viewport().width()


def test_an_empty_case_chart_has_distinct_axis_labels(window, qtbot):
    """All figures 0 (a new empty case): the value axis spans one axis unit (1.000 kr.), so its
    labels are distinct numbers, not "0,00" four times (as the Overblik charts)."""
    page = window.show_page("cases")
    page.new_button.click()
    qtbot.wait(50)
    chart = page.editor.results.saving_chart
    assert not any(chart.saving) and not any(chart.cost)
    low, high = chart.plot.getViewBox().viewRange()[1]
    assert high - low >= chart.divisor  # at least 1.000 kr. (the axis unit) tall
    axis = chart.plot.getAxis("left")
    spacing, values = axis.tickValues(low, high, 300)[0]
    labels = axis.tickStrings(values, 1.0, spacing)
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels


@pytest.mark.parametrize("width", [1366, 880])
def test_chart_legends_sit_above_the_plot_area(window, qtbot, width):
    """The legend is outside the plot area (it covered the 2027 bars), and fits the chart's width."""
    from budgetapp.ui.charts import ChartWidget

    window.showNormal()
    window.resize(width, 700)
    checked = 0
    for key in ("cases", "overblik", "enhedsudgifter", "beslutningsstoette"):
        page = window.show_page(key)
        qtbot.wait(60)
        for chart in page.findChildren(ChartWidget):
            if not chart.isVisible() or not chart.legend.items:
                continue
            legend = chart.legend.sceneBoundingRect()
            area = chart.plot.getViewBox().sceneBoundingRect()
            plot = chart.plot.sceneBoundingRect()
            assert legend.bottom() <= area.top() + 1, (chart.title, legend, area)
            assert plot.left() - 1 <= legend.left() and legend.right() <= plot.right() + 1, chart.title
            checked += 1
    assert checked >= 5  # the three case charts, the Overblik chart, the unit costs, the tornado
