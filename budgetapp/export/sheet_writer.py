"""A thin wrapper over an XlsxWriter worksheet that writes text safely and formulas with values.

Text is always written with ``write_string``: a name, note or decision text that begins with
``=``, ``+``, ``-`` or ``@`` stays text and never becomes a formula. Every formula is written
together with the value the app computed for it, so viewers that do not recalculate show the
app's figure.
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.utility import quote_sheetname

from budgetapp.export.safe_write import ExportError
from budgetapp.export.workbook_style import Styles, ref

DEFAULT_WIDTH = 8.43
MAX_CELL_TEXT = 32_000   # below Excel's 32.767 characters, counted in UTF-16 units as Excel does
CUT_NOTE = " … (teksten er forkortet her; hele teksten står i business casen)"
LINE_HEIGHT = 13.0


def _utf16_units(text: str) -> int:
    """The length Excel counts: UTF-16 code units (a character outside the BMP, e.g. an emoji, is two)."""
    return len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, units: int) -> str:
    """The longest start of ``text`` of at most ``units`` UTF-16 code units (never half a character)."""
    out = text[:units]
    while _utf16_units(out) > units:
        out = out[:-max(1, (_utf16_units(out) - units) // 2)]
    return out


class SheetWriter:
    def __init__(self, workbook, sheet, name: str, styles: Styles) -> None:
        self.workbook = workbook
        self.sheet = sheet
        self.name = name
        self.styles = styles
        self.widths: dict[int, float] = {}
        self.row_lines: dict[int, int] = {}
        self.row_labels: dict[int, str] = {}  # the first text written in each row, to name it

    def set_width(self, first: int, last: int, width: float) -> None:
        self.sheet.set_column(first, last, width)
        for col in range(first, last + 1):
            self.widths[col] = width

    def text(self, row: int, col: int, value: str, fmt: Any = None) -> None:
        """Always a text cell (never a formula, number or link). Excel holds at most 32.767
        characters in a cell; a longer text is cut with a visible note instead of silently."""
        text = str(value)
        if _utf16_units(text) > MAX_CELL_TEXT:
            text = _cut_utf16(text, MAX_CELL_TEXT - len(CUT_NOTE)) + CUT_NOTE
        self.row_labels.setdefault(row, text)
        self.sheet.write_string(row, col, text, fmt)

    def wrapped(self, row: int, col: int, value: str, fmt: Any = None, last: int | None = None) -> None:
        """Text in a wrapping format (``fmt`` must wrap, e.g. ``styles.source``), with the row made
        tall enough for it: XlsxWriter does not size rows, and LibreOffice keeps the stored height,
        so long sources would otherwise overlap the next rows."""
        self.text(row, col, value, fmt)
        chars = sum(self.widths.get(c, DEFAULT_WIDTH) for c in range(col, (last or col) + 1)) * 1.15
        lines = sum(max(1, math.ceil(len(part) / max(chars, 1.0))) for part in str(value).split("\n"))
        if lines > self.row_lines.get(row, 1):
            self.row_lines[row] = lines
            self.sheet.set_row(row, LINE_HEIGHT * lines)

    def number(self, row: int, col: int, value: float, fmt: Any = None) -> None:
        """A number cell. Raises :class:`ExportError` (Danish, naming the sheet and cell) for a
        value that is not finite: XlsxWriter cannot store one, and a workbook never shows one."""
        number = float(value)
        self._finite(row, col, number)
        self.sheet.write_number(row, col, number, fmt)

    def formula(self, row: int, col: int, formula: str, fmt: Any, value: float | str) -> None:
        """A formula with the app's value for it; :class:`ExportError` as :meth:`number`."""
        if isinstance(value, float):
            self._finite(row, col, value)
        self.sheet.write_formula(row, col, formula, fmt, value)

    def _finite(self, row: int, col: int, value: float) -> None:
        """The one guard between the app's figures and XlsxWriter for NaN and ±infinity."""
        if not math.isfinite(value):
            label = self._row_label(row)
            raise ExportError(
                f"Byrådsmappen kan ikke laves: arket '{self.name}', celle {ref(row, col)}"
                f"{f' ({label})' if label else ''} får et resultat, der ikke er et endeligt tal "
                f"({'ikke et tal' if math.isnan(value) else 'uendelig'}). Tjek meget store eller meget små "
                "tal i de input, rækken bygger på.")

    def _row_label(self, row: int) -> str:
        label = self.row_labels.get(row, "")
        return label if len(label) <= 80 else label[:79] + "…"

    def define(self, name: str, row: int, col: int) -> str:
        """A sheet-local defined name for one cell; returns the name for use in formulas."""
        target = f"{quote_sheetname(self.name)}!{ref(row, col, absolute=True)}"
        self.workbook.define_name(f"{quote_sheetname(self.name)}!{name}", f"={target}")
        return name

    def note(self, row: int, first: int, last: int, value: str, fmt: Any = None) -> None:
        """Wrapped text over ``first``..``last`` columns; the row is made tall enough for it."""
        fmt = fmt or self.styles.text_wrap
        if last > first:
            self.sheet.merge_range(row, first, row, last, "", fmt)
        self.text(row, first, value, fmt)
        chars = sum(self.widths.get(c, DEFAULT_WIDTH) for c in range(first, last + 1)) * 1.1
        lines = sum(max(1, math.ceil(len(part) / max(chars, 1.0))) for part in str(value).split("\n"))
        if lines > 1:
            self.sheet.set_row(row, LINE_HEIGHT * lines)
