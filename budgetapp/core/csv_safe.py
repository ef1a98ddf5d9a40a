"""CSV cells that a spreadsheet cannot run as formulas (CSV injection).

A CSV file opened in Excel or LibreOffice Calc turns a cell that begins with ``=``, ``+``,
``-`` or ``@`` into a formula, e.g. a case named ``=HYPERLINK("http://x";"klik")``. Following
OWASP's guidance ("CSV Injection", OWASP Foundation, owasp.org/www-community/attacks/CSV_Injection),
every *text* cell that begins with one of those characters, a tab (0x09) or a carriage return
(0x0D) is prefixed with a single quote, so the spreadsheet shows it as text. Numbers are written
as numbers (a negative amount stays ``-1234,5``, not text): only text is escaped.

Every CSV the product writes goes through :func:`csv_bytes` (the GUI's chart and table exports).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_ENCODING = "utf-8-sig"  # the BOM makes Excel read UTF-8 (æøå) correctly

NumberFormat = Callable[[float], str]


def escape_text(text: str) -> str:
    """``text`` with a leading ``'`` when it begins with ``= + - @``, a tab or a CR; else unchanged."""
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _plain_number(value: float) -> str:
    return repr(float(value)).replace(".", ",")


def csv_cell(value: object, format_number: NumberFormat = _plain_number) -> str:
    """One cell: a number (int or float, not bool) through ``format_number``, unescaped; any
    other value as escaped text; None and non-finite numbers as an empty cell.

    ``format_number`` must return a plain number text (digits, a sign, a decimal comma); it is
    not escaped, so a negative number stays a number in the spreadsheet.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return escape_text("ja" if value else "nej")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return format_number(value)
    return escape_text(str(value))


def csv_bytes(header: Sequence[object], rows: Iterable[Sequence[object]],
              format_number: NumberFormat = _plain_number, delimiter: str = ";") -> bytes:
    """The whole CSV file (UTF-8 with BOM, ``delimiter``-separated, CRLF line ends as Excel
    writes them) with every text cell of ``header`` and ``rows`` escaped."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow([escape_text(str(h)) if h is not None else "" for h in header])
    for row in rows:
        writer.writerow([csv_cell(v, format_number) for v in row])
    return buffer.getvalue().encode(CSV_ENCODING)
