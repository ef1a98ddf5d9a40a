"""Draws the application icon with QPainter and writes it as PNG and as a multi-size Windows ICO.

    .venv/bin/python scripts/make_icon.py          # writes resources/icons/budgetapp.{png,ico}

The icon is drawn from shapes only (no text, so no font dependence): a rounded blue square with
three rising columns and a green trend line — a budget that improves. Each ICO size is drawn at
that size rather than scaled, so the 16 px icon stays crisp. The output is the same on every run.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PNG_SIZE = 256

BACKGROUND_TOP = QColor("#1f5f99")
BACKGROUND_BOTTOM = QColor("#123e66")
COLUMN = QColor("#e8eef5")
TREND = QColor("#4cc38a")


def draw(size: int) -> QImage:
    """The icon at ``size`` × ``size`` pixels, on a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    s = float(size)

    # Rounded square, a little inset so the anti-aliased edge is not cut.
    inset = max(0.5, s * 0.03)
    box = QRectF(inset, inset, s - 2 * inset, s - 2 * inset)
    path = QPainterPath()
    path.addRoundedRect(box, s * 0.18, s * 0.18)
    gradient = QLinearGradient(box.topLeft(), box.bottomLeft())
    gradient.setColorAt(0.0, BACKGROUND_TOP)
    gradient.setColorAt(1.0, BACKGROUND_BOTTOM)
    p.fillPath(path, QBrush(gradient))

    # Three rising columns on a base line.
    base = s * 0.80
    width = s * 0.16
    gap = s * 0.07
    left = s * 0.17
    heights = (0.22, 0.36, 0.50)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(COLUMN)
    for i, h in enumerate(heights):
        x = left + i * (width + gap)
        p.drawRoundedRect(QRectF(x, base - s * h, width, s * h), s * 0.025, s * 0.025)

    # Trend line over the columns, ending in a dot.
    pen = QPen(TREND, max(1.5, s * 0.065))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    points = [QPointF(s * 0.18, s * 0.50), QPointF(s * 0.42, s * 0.36), QPointF(s * 0.58, s * 0.40),
              QPointF(s * 0.80, s * 0.18)]
    p.drawPolyline(points)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(TREND)
    radius = max(1.5, s * 0.07)
    p.drawEllipse(points[-1], radius, radius)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("PNG-kodning mislykkedes")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows ICO holding one PNG-compressed image per size (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    directory = b""
    blobs = b""
    offset = 6 + 16 * len(images)
    for size, blob in sorted(images.items()):
        dim = 0 if size >= 256 else size  # 0 means 256 in the ICO directory
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + directory + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / "budgetapp.png").write_bytes(png_bytes(draw(PNG_SIZE)))
    (OUT_DIR / "budgetapp.ico").write_bytes(ico_bytes({n: png_bytes(draw(n)) for n in ICO_SIZES}))
    print(f"Skrev {OUT_DIR.relative_to(ROOT)}/budgetapp.png og budgetapp.ico ({len(ICO_SIZES)} størrelser)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
