"""Render a pyqtgraph chart with its title to PNG or SVG, with the bars where the axes say.

Qt's SVG generator writes the painter's transform with six significant digits. A chart's data
coordinates are years (2027) and kroner (4.785.250), so the transform from data to page has large
terms (``matrix(101.935,0,0,-3.31587e-05,-206293,234.679)``) and the rounding moves bars and lines by
many pixels: bars below zero, the last year outside the plot. Here every data item of the plot draws
in page coordinates during SVG export: each rectangle, line and path is mapped through the painter's
full-precision transform first, and drawn with an identity transform. Axes, labels and the legend are
already drawn in small page coordinates and render as they are. Point symbols (line charts) are
drawn as vector shapes at their page position in both PNG and SVG (:func:`paint_symbols`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPolygonF, QTransform
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPolygonItem

TITLE_POINT_SIZE = 11
TITLE_MARGIN = 8


class PagePainter:
    """Stands in for the QPainter handed to a data item's ``paint``: geometry is mapped to page
    coordinates before it is drawn; every other call goes to the real painter."""

    def __init__(self, painter: QPainter, item: pg.GraphicsObject) -> None:
        self._painter = painter
        self._item = item

    def __getattr__(self, name: str):
        return getattr(self._painter, name)

    @contextmanager
    def _on_page(self) -> Iterator[QTransform]:
        transform = self._painter.transform()
        self._painter.save()
        self._painter.resetTransform()
        try:
            yield transform
        finally:
            self._painter.restore()

    def drawRect(self, rect, *args) -> None:
        rect = rect if isinstance(rect, QRectF) else QRectF(rect, *args) if args else QRectF(rect)
        self.drawRects([rect])

    def drawRects(self, rects, *args) -> None:
        if not isinstance(rects, list | tuple):  # a pointer and a count from pyqtgraph's arrays
            rects = list(self._item._rectarray.instances())
        with self._on_page() as transform:
            self._painter.drawRects([transform.mapRect(QRectF(r)) for r in rects])

    def fillRect(self, rect, brush) -> None:
        with self._on_page() as transform:
            self._painter.fillRect(transform.mapRect(QRectF(rect)), brush)

    def drawPath(self, path: QPainterPath) -> None:
        with self._on_page() as transform:
            self._painter.drawPath(transform.map(path))

    def fillPath(self, path: QPainterPath, brush) -> None:
        with self._on_page() as transform:
            self._painter.fillPath(transform.map(path), brush)

    def drawLine(self, *args) -> None:
        line = args[0] if len(args) == 1 and isinstance(args[0], QLineF) else (
            QLineF(QPointF(args[0]), QPointF(args[1])) if len(args) == 2 else QLineF(*args))
        with self._on_page() as transform:
            self._painter.drawLine(transform.map(line))

    def drawLines(self, *args) -> None:
        if args and isinstance(args[0], list | tuple):
            lines = [QLineF(line) for line in args[0]]
            with self._on_page() as transform:
                self._painter.drawLines([transform.map(line) for line in lines])
            return
        path = self._item.getPath() if hasattr(self._item, "getPath") else None
        if path is not None:
            self.drawPath(path)

    def drawPolyline(self, polygon) -> None:
        with self._on_page() as transform:
            self._painter.drawPolyline(transform.map(QPolygonF(polygon)))

    def drawPolygon(self, polygon, *args) -> None:
        with self._on_page() as transform:
            self._painter.drawPolygon(transform.map(QPolygonF(polygon)), *args)


def paint_symbols(painter: QPainter, item: pg.ScatterPlotItem, scale: float) -> None:
    """Each point symbol of ``item`` (a line chart's markers) drawn as a vector shape centred on its
    point in page coordinates, ``scale`` times its screen size (the picture's scale, as the fonts).

    pyqtgraph draws markers from a cached bitmap atlas at their screen size in device pixels; in an
    SVG those bitmaps come out as stretched slivers beside the point, and in a PNG larger than the
    screen they stay 7 px while everything else grows."""
    from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol

    transform = painter.transform()
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for spot in item.points():
            if not spot.isVisible():
                continue
            centre = transform.map(QPointF(spot.pos()))
            painter.resetTransform()
            painter.translate(centre)
            drawSymbol(painter, spot.symbol(), spot.size() * scale, spot.pen(), spot.brush())
    finally:
        painter.restore()


@contextmanager
def symbols_on_page(plot: pg.PlotItem, scale: float) -> Iterator[None]:
    """While active, the plot's point symbols paint through :func:`paint_symbols`."""
    patched: list[pg.ScatterPlotItem] = []
    for item in plot.getViewBox().allChildren():
        if isinstance(item, pg.ScatterPlotItem):
            item.paint = lambda p, *args, _item=item: paint_symbols(p, _item, scale)
            patched.append(item)
    try:
        yield
    finally:
        for item in patched:
            del item.paint


@contextmanager
def scaled_with_the_picture(plot: pg.PlotItem) -> Iterator[None]:
    """While active, items that keep their screen size whatever the view's scale (pyqtgraph's legend
    sets ItemIgnoresTransformations) scale with the picture like the axes and the title; without
    this the legend of a 1200-pixel PNG kept its screen size and came out a quarter as large."""
    fixed = [item for item in plot.scene().items()
             if item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations]
    for item in fixed:
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, False)
    try:
        yield
    finally:
        for item in fixed:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)


@contextmanager
def data_items_on_page(plot: pg.PlotItem) -> Iterator[None]:
    """While active, every item in the plot's view box paints through a :class:`PagePainter`."""
    patched: list[pg.GraphicsObject] = []
    for item in plot.getViewBox().allChildren():
        if isinstance(item, QGraphicsPolygonItem):  # a band (the fan chart's P10-P90) in data coordinates
            def paint(p, *args, _item=item):
                p.setPen(_item.pen())
                p.setBrush(_item.brush())
                PagePainter(p, _item).drawPolygon(_item.polygon(), _item.fillRule())
            item.paint = paint
            patched.append(item)
            continue
        if not isinstance(item, pg.BarGraphItem | pg.PlotCurveItem | pg.InfiniteLine):
            continue
        original = type(item).paint
        if isinstance(item, pg.BarGraphItem) and not item._singleColor:
            def paint(p, *args, _item=item):
                _item._render(PagePainter(p, _item))
        else:
            def paint(p, *args, _item=item, _original=original):
                _original(_item, PagePainter(p, _item), *args)
        item.paint = paint
        patched.append(item)
    try:
        yield
    finally:
        for item in patched:
            del item.paint


def title_height(scale: float = 1.0) -> float:
    return (TITLE_POINT_SIZE * 96 / 72 + 2 * TITLE_MARGIN) * scale


def render_chart(painter: QPainter, plot: pg.PlotItem, title: str, target: QRectF) -> None:
    """Paint a white page with ``title`` at the top and the plot (axes, legend, data) below it,
    filling ``target``; the plot keeps the proportions it has on screen."""
    source = plot.sceneBoundingRect()
    scale = target.width() / source.width() if source.width() else 1.0
    band = title_height(scale)
    painter.fillRect(target, QColor("white"))
    font = QFont()
    font.setPixelSize(max(1, round(TITLE_POINT_SIZE * 96 / 72 * scale)))
    font.setBold(True)
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#222222"))
    margin = TITLE_MARGIN * scale
    painter.drawText(QRectF(target.x() + margin, target.y(), target.width() - 2 * margin, band),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
    painter.restore()
    plot_target = QRectF(target.x(), target.y() + band, target.width(), target.height() - band)
    with symbols_on_page(plot, scale), scaled_with_the_picture(plot):
        plot.scene().render(painter, plot_target, source)


def chart_size(plot: pg.PlotItem, width: float | None = None) -> QSize:
    """The picture's size: the plot's own width (or ``width``) and the plot's height plus the title."""
    source = plot.sceneBoundingRect()
    scale = (width / source.width()) if width and source.width() else 1.0
    return QSize(round(source.width() * scale), round(source.height() * scale + title_height(scale)))


def save_png(plot: pg.PlotItem, title: str, path: str | Path, width: int = 1200) -> None:
    """A PNG ``width`` pixels wide with the chart's title. Raises OSError when it cannot be written."""
    size = chart_size(plot, width)
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        render_chart(painter, plot, title, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"{Path(path).name} kunne ikke skrives (findes mappen, og må der skrives i den?)")


def save_svg(plot: pg.PlotItem, title: str, path: str | Path, dpi: int = 96) -> None:
    """An SVG of the chart with its title, at the plot's screen size. Raises OSError when it cannot
    be written."""
    size = chart_size(plot)
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setResolution(dpi)  # as on screen: no 72-dpi shrinking of fonts and lines
    generator.setTitle(title)
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"{Path(path).name} kunne ikke skrives (findes mappen, og må der skrives i den?)")
    try:
        with data_items_on_page(plot):
            render_chart(painter, plot, title, QRectF(0, 0, size.width(), size.height()))
    finally:
        painter.end()
    if not Path(path).exists():
        raise OSError(f"{Path(path).name} blev ikke skrevet")
