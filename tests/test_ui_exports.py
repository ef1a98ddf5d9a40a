"""Exports: the filter's extension is added, success is confirmed with "Åbn mappe", failure says why;
chart SVGs put the bars where the axes say (compared with the PNG); exported PNGs carry the title."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from budgetapp.ui import chart_render
from budgetapp.ui.export_actions import OPEN_FOLDER, filter_suffixes, with_filter_suffix

pytestmark = pytest.mark.gui



def png_and_rendered_svg(png_path, svg_path) -> tuple[QImage, QImage]:
    """The exported PNG, and the exported SVG rendered by QSvgRenderer on white at the PNG's size."""
    png = QImage(str(png_path))
    renderer = QSvgRenderer(str(svg_path))
    assert renderer.isValid()
    svg = QImage(png.size(), QImage.Format.Format_ARGB32)
    svg.fill(QColor("white"))
    painter = QPainter(svg)
    renderer.render(painter)
    painter.end()
    return png, svg

def test_filter_extension_is_appended_only_when_missing():
    assert filter_suffixes("Regneark (*.xlsx *.ODS)") == [".xlsx", ".ods"]
    assert with_filter_suffix("/tmp/budget", "Excel-projektmappe (*.xlsx)") == Path("/tmp/budget.xlsx")
    assert with_filter_suffix("/tmp/budget.XLSX", "Excel-projektmappe (*.xlsx)") == Path("/tmp/budget.XLSX")
    # A dot in the name is not an extension of the filter: appended, nothing replaced.
    assert with_filter_suffix("/tmp/budget 2027.v2", "PDF (*.pdf)") == Path("/tmp/budget 2027.v2.pdf")
    assert with_filter_suffix("/tmp/x.png", "SVG-grafik (*.svg)") == Path("/tmp/x.png.svg")


def saved_boxes(window) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.objectName() == "exportSaved"]


def choose(monkeypatch, path: Path, name_filter: str) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(path), name_filter))


@pytest.mark.parametrize(("kind", "name_filter", "magic"), [
    ("png", "PNG-billede (*.png)", b"\x89PNG"),
    ("svg", "SVG-grafik (*.svg)", b"<?xml"),
    ("csv", "CSV-fil (*.csv)", "\ufeff".encode()),
])
def test_chart_export_without_extension_appends_it_and_confirms(window, tmp_path, monkeypatch, kind,
                                                               name_filter, magic):
    chart = window.show_page("overblik").chart
    choose(monkeypatch, tmp_path / "diagram", name_filter)
    written = chart._ask_and_save(kind)
    assert written == tmp_path / f"diagram.{kind}"
    assert written.read_bytes().startswith(magic)
    box = saved_boxes(window)[-1]
    assert [b.text() for b in box.buttons() if b.text() == OPEN_FOLDER] == [OPEN_FOLDER]
    assert f"diagram.{kind}" in box.text()
    assert not (tmp_path / "diagram").exists()


def test_chart_export_failure_says_why_and_no_confirmation(window, tmp_path, monkeypatch, questions):
    chart = window.show_page("overblik").chart
    choose(monkeypatch, tmp_path / "findes-ikke" / "diagram", "PNG-billede (*.png)")
    assert chart._ask_and_save("png") is None
    assert questions and questions[-1].startswith("Kunne ikke gemme: diagram.png kunne ikke")
    assert saved_boxes(window) == []


def test_workbook_and_pdf_exports_without_extension(window, tmp_path, monkeypatch, questions):
    import openpyxl

    choose(monkeypatch, tmp_path / "byraad", "Excel-projektmappe (*.xlsx)")
    window.export_menu.actions()[0].trigger()
    book = openpyxl.load_workbook(tmp_path / "byraad.xlsx")
    assert book.sheetnames
    assert "byraad.xlsx" in saved_boxes(window)[-1].text()
    choose(monkeypatch, tmp_path / "indstilling", "PDF (*.pdf)")
    window.export_menu.actions()[1].trigger()
    assert (tmp_path / "indstilling.pdf").read_bytes()[:5] == b"%PDF-"
    # A folder that does not exist: the reason is shown, no confirmation.
    before = len(saved_boxes(window))
    choose(monkeypatch, tmp_path / "ingen-mappe" / "byraad", "Excel-projektmappe (*.xlsx)")
    window.export_menu.actions()[0].trigger()
    assert questions[-1].startswith("Byrådsmappen blev ikke gemt: ")
    assert len(saved_boxes(window)) == before


# --- SVG against PNG ---------------------------------------------------------------------------


def runs(image: QImage, colour: QColor, *, row: int | None = None, column: int | None = None) -> list:
    """(start, end) of the runs of pixels within 40 of ``colour`` along a row or a column; gaps of at most
    3 px are bridged."""
    length = image.width() if row is not None else image.height()
    found, start = [], None
    for i in range(length):
        pixel = QColor(image.pixel(i, row) if row is not None else image.pixel(column, i))
        near = (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                + abs(pixel.blue() - colour.blue())) < 40
        if near and start is None:
            start = i
        elif not near and start is not None:
            found.append((start, i - 1))
            start = None
    if start is not None:
        found.append((start, length - 1))
    # A grid line drawn across a bar (1-2 px) does not split it.
    merged: list[tuple[int, int]] = []
    for run in found:
        if merged and run[0] - merged[-1][1] <= 3:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return [r for r in merged if r[1] - r[0] >= 3]


def test_overview_bar_chart_svg_puts_bars_where_the_png_and_the_axes_do(window, tmp_path):
    from budgetapp.ui.pages.unit_costs import BAR_COLORS

    window.resize(1200, 800)
    chart = window.show_page("overblik").chart
    plot = chart.plot
    chart.save_png(tmp_path / "o.png", width=1200)
    chart.save_svg(tmp_path / "o.svg")
    png, svg = png_and_rendered_svg(tmp_path / "o.png", tmp_path / "o.svg")

    # Where the axes put a value: the view box's mapping, scaled like the picture (width 1200, the
    # plot below the title band).
    source = plot.sceneBoundingRect()
    scale = 1200 / source.width()
    band = chart_render.title_height(scale)

    def at(year: float, kroner: float) -> tuple[float, float]:
        point = plot.getViewBox().mapViewToScene(QPointF(year, kroner))
        return (point.x() - source.left()) * scale, (point.y() - source.top()) * scale + band

    blue = QColor(BAR_COLORS[0])
    series = chart.series[0][1]  # the first case's saving per year (kr.), drawn in blue from zero
    checked = 0
    for year, saving in zip(chart.years, series, strict=True):
        if saving <= 0:
            continue
        x_mid, y_zero = at(year, 0.0)
        _, y_top = at(year, saving)
        row = round((y_zero + y_top) / 2)
        png_runs = [r for r in runs(png, blue, row=row) if r[0] - 2 <= x_mid <= r[1] + 2]
        svg_runs = [r for r in runs(svg, blue, row=row) if r[0] - 2 <= x_mid <= r[1] + 2]
        assert len(png_runs) == 1 and len(svg_runs) == 1, (year, png_runs, svg_runs)
        (p0, p1), (s0, s1) = png_runs[0], svg_runs[0]
        assert abs(p0 - s0) <= 2 and abs(p1 - s1) <= 2, (year, png_runs, svg_runs)
        # Bar width 0,6 year: from year − 0,3 to year + 0,3 on the axis.
        left, _ = at(year - 0.3, 0.0)
        right, _ = at(year + 0.3, 0.0)
        assert abs(s0 - left) <= 2 and abs(s1 - right) <= 2
        column = round(x_mid)
        (pt, pb), = runs(png, blue, column=column)[-1:]
        (st, sb), = runs(svg, blue, column=column)[-1:]
        assert abs(pt - st) <= 2 and abs(pb - sb) <= 2, (year, (pt, pb), (st, sb))
        assert abs(st - y_top) <= 2, (year, st, y_top)
        # The bottom edge against white (where no other case's bar continues below zero; a grey or
        # orange bar below blends with the blue at the edge).
        if all(values[chart.years.index(year)] >= 0 for _, values in chart.series):
            assert abs(sb - y_zero) <= 2, (year, sb, y_zero)
        checked += 1
    assert checked >= 3  # 2027-2030 have a positive saving in the demo


def test_exported_png_carries_the_chart_title(window, tmp_path):
    chart = window.show_page("overblik").chart
    chart.save_png(tmp_path / "o.png", width=1200)
    image = QImage(str(tmp_path / "o.png"))
    source = chart.plot.sceneBoundingRect()
    scale = 1200 / source.width()
    band = round(chart_render.title_height(scale))
    assert image.height() == round(source.height() * scale + chart_render.title_height(scale))
    # Dark text pixels in the title band, left-aligned: the title is drawn there.
    dark = [x for x in range(0, 600) for y in range(4, band - 4)
            if QColor(image.pixel(x, y)).lightness() < 80]
    assert len(dark) > 200
    # and the SVG names it as its title, too
    chart.save_svg(tmp_path / "o.svg")
    assert f"<title>{chart.title}</title>" in (tmp_path / "o.svg").read_text(encoding="utf-8")


def test_a_name_without_extension_asks_before_replacing_the_existing_file(window, tmp_path, monkeypatch,
                                                                        questions):
    from budgetapp.ui.export_actions import ask_save_path

    existing = tmp_path / "budget.xlsx"
    existing.write_bytes(b"earlier export")
    name_filter = "Excel-projektmappe (*.xlsx)"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "budget"), name_filter))
    assert ask_save_path(window, "Eksportér", "budget", name_filter) is None  # answered No
    assert questions[-1].startswith("Erstat fil?: «budget.xlsx» findes allerede")
    questions.answers["Erstat fil?"] = QMessageBox.StandardButton.Yes
    assert ask_save_path(window, "Eksportér", "budget", name_filter) == existing
    assert existing.read_bytes() == b"earlier export"
    asked = len(questions)
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(tmp_path / "ny"), name_filter))
    assert ask_save_path(window, "Eksportér", "ny", name_filter) == tmp_path / "ny.xlsx"
    assert len(questions) == asked  # a new name: no question



def close_to(pixel: QColor, colour: QColor) -> bool:
    return (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
            + abs(pixel.blue() - colour.blue())) < 40


def disc_share(image: QImage, colour: QColor, x: float, y: float, radius: float, skip_x: float) -> float:
    """The share of the pixels within ``radius`` of (x, y) that are within 40 of ``colour``; the pixels
    within 6 px of the column ``skip_x`` (the payback year's dashed line, drawn on top) are left out."""
    inside = hits = 0
    for py in range(int(y - radius), int(y + radius) + 2):
        for px in range(int(x - radius), int(x + radius) + 2):
            pixel = QColor(image.pixel(px, py))
            if (px - x) ** 2 + (py - y) ** 2 > radius ** 2 or abs(px - skip_x) <= 6:
                continue
            inside += 1
            hits += close_to(pixel, colour)
    return hits / inside


def test_line_chart_svg_puts_the_points_where_the_png_and_the_axes_do(window, tmp_path):
    """The case editor's cumulative net result: each year's point symbol (a filled circle, 7 px on
    screen, scaled with the picture like its fonts) is drawn in the SVG and the PNG where the axes put
    (year, kroner), and the SVG's symbol spans the same pixels as the PNG's within 2 px."""
    from budgetapp.ui.case_charts import LINE_COLOR

    window.resize(1366, 768)
    page = window.show_page("cases")
    page.select(0)
    chart = page.editor.results.cumulative_chart
    plot = chart.plot
    width = 1200
    chart.save_png(tmp_path / "c.png", width=width)
    chart.save_svg(tmp_path / "c.svg")
    png, svg = png_and_rendered_svg(tmp_path / "c.png", tmp_path / "c.svg")

    source = plot.sceneBoundingRect()
    scale = width / source.width()
    band = chart_render.title_height(scale)

    def at(year: float, kroner: float) -> tuple[float, float]:
        point = plot.getViewBox().mapViewToScene(QPointF(year, kroner))
        return (point.x() - source.left()) * scale, (point.y() - source.top()) * scale + band

    colour = QColor(LINE_COLOR)
    radius = 7 * scale / 2  # the symbol's radius in the picture: 7 px on screen × the picture's scale
    assert radius > 8
    assert len(chart.years) == 4
    for year, value in zip(chart.years, chart.cumulative, strict=True):
        x, y = at(year, value)  # the curve is in kroner; only the axis labels are in mio. kr.
        # A symbol within 2 px of (x, y) covers the whole disc of radius − 2,5 around it; the line
        # alone (2,5 px wide) covers a fifth of it at most.
        payback, _ = at(chart.payback_year, 0.0)
        assert disc_share(png, colour, x, y, radius - 2.5, payback) > 0.95, (year, "PNG")
        assert disc_share(svg, colour, x, y, radius - 2.5, payback) > 0.95, (year, "SVG")
        # Across the symbol's middle row: the same left and right edge in both pictures.
        row = round(y)
        (p0, p1), = [r for r in runs(png, colour, row=row) if r[0] - 2 <= x <= r[1] + 2]
        (s0, s1), = [r for r in runs(svg, colour, row=row) if r[0] - 2 <= x <= r[1] + 2]
        assert abs(p0 - s0) <= 2 and abs(p1 - s1) <= 2, (year, (p0, p1), (s0, s1))


def test_png_legend_grows_with_the_picture(window, tmp_path):
    """The legend (which pyqtgraph draws at screen size whatever the scale) grows with the PNG like the
    axes and the title: its line sample is about scale × as wide in a 1200-pixel PNG as in one at the
    chart's own width."""
    from budgetapp.ui.case_charts import LINE_COLOR

    window.resize(1366, 768)
    page = window.show_page("cases")
    page.select(0)
    chart = page.editor.results.cumulative_chart
    source = chart.plot.sceneBoundingRect()
    legend = chart.plot.legend.sceneBoundingRect()
    colour = QColor(LINE_COLOR)

    def widest_legend_run(width: int) -> tuple[int, float]:
        chart.save_png(tmp_path / f"l{width}.png", width=width)
        image = QImage(str(tmp_path / f"l{width}.png"))
        scale = width / source.width()
        top = (legend.top() - source.top()) * scale + chart_render.title_height(scale)
        rows = range(int(top), int(top + legend.height() * scale))
        right = int((legend.right() - source.left()) * scale)
        return max((r[1] - r[0] + 1 for y in rows for r in runs(image, colour, row=y) if r[1] < right),
                   default=0), scale

    small, _ = widest_legend_run(round(source.width()))
    large, scale = widest_legend_run(1200)
    assert scale > 2 and small > 0
    assert abs(large / small - scale) <= 0.25 * scale, (small, large, scale)
