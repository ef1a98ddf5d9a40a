"""Reading single cells the way Danish workbooks hold them.

Finance officers' workbooks keep numbers as real numbers or as text in Danish format
("1.234,5", "-1.000", "(1.000)", "12 %", "1.234 kr."). These helpers turn a raw cell value
(as python-calamine or the csv module give it) into a number, a year, a share or a text, and
raise :class:`CellError` with what was expected when the cell cannot be read. Cell addresses are
written as Excel writes them: ``Budget!D14``, ``'Mit ark'!D14``.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from budgetapp.core.formatting import format_number

Raw = object  # str | float | int | bool | date | datetime | time | timedelta


class CellError(ValueError):
    """A cell that cannot be read; ``expected`` says what the cell should hold (Danish)."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


_DANISH_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")   # 1.234 / 1.234.567,89
_DANISH_PLAIN = re.compile(r"^\d+(,\d+)?$")                           # 1234 / 1234,5 / 0,5
_POINT_DECIMAL = re.compile(r"^\d+\.\d+$")                            # 0.5 / 1234.56 (not 1.234)
_SPACES = ("\u00a0", "\u202f", "\u2009", " ", "'")
_CURRENCY = re.compile(r"\s*(kr\.?|dkk)\s*$", re.IGNORECASE)

NUMBER_EXAMPLE = "et tal, fx 1.234,5"


def column_letter(col: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_name(row: int, col: int) -> str:
    """Zero-based row and column → ``D14``."""
    return f"{column_letter(col)}{row + 1}"


def sheet_ref(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it has spaces or punctuation."""
    if re.fullmatch(r"[A-Za-z_ÆØÅæøå][\wÆØÅæøå.]*", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_address(sheet: str, row: int, col: int) -> str:
    """``Budget!D14`` for zero-based ``row`` 13, ``col`` 3."""
    return f"{sheet_ref(sheet)}!{cell_name(row, col)}"


def is_blank(value: Raw) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: Raw) -> str:
    """A cell value shown back to the user in a report: text as typed, numbers Danish."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float | int):
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        decimals = 0 if float(value).is_integer() else min(6, len(repr(float(value)).split(".")[1]))
        return format_number(float(value), decimals)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_danish_number(text: str) -> tuple[float, bool]:
    """A number written as text, the Danish way; returns the value and whether it had a ``%``.

    Accepts ``1.234,5``, ``1234,5``, ``1 234,5``, ``-1.000``, ``−1.000`` (minus sign),
    ``(1.000)`` (accountants' negative), ``+5``, ``12 %``, ``1.234 kr.``, and a plain decimal
    point as a machine writes it (``0.5``, ``1234.56``). ``1.234`` is one thousand two hundred
    and thirty-four, never one point two. English grouping (``1,234.5``) is refused rather than
    guessed. Raises CellError.
    """
    raw = text.strip()
    for space in _SPACES:
        raw = raw.replace(space, "")
    raw = _CURRENCY.sub("", raw)
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1]
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        raw, negative = raw[1:-1], True
    raw = raw.replace("\u2212", "-").replace("\u2013", "-")
    if raw.startswith(("-", "+")):
        negative = negative != (raw[0] == "-")
        raw = raw[1:]
    elif raw.endswith("-"):  # "1.000-" as some ledgers print it
        raw, negative = raw[:-1], not negative
    if not raw:
        raise CellError(NUMBER_EXAMPLE)
    if _DANISH_GROUPED.match(raw) or _DANISH_PLAIN.match(raw):
        number = float(raw.replace(".", "").replace(",", "."))
    elif _POINT_DECIMAL.match(raw) and not re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", raw):
        number = float(raw)
    else:
        raise CellError("et tal i dansk format, fx 1.234,5 (punktum mellem tusinder, komma før decimaler)")
    return (-number if negative else number), percent


def to_number(value: Raw) -> float:
    """A number from a numeric cell or a Danish text number. ``12 %`` as text gives 0.12."""
    if isinstance(value, bool):
        raise CellError(NUMBER_EXAMPLE + " (ikke SAND/FALSK)")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise CellError(NUMBER_EXAMPLE)
        return number
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise CellError(NUMBER_EXAMPLE + " (cellen er formateret som dato eller tid)")
    if is_blank(value):
        raise CellError(NUMBER_EXAMPLE + " (cellen er tom)")
    number, percent = parse_danish_number(str(value))
    return number / 100.0 if percent else number


def to_share(value: Raw) -> tuple[float, bool]:
    """A share between 0 and 1 from ``50 %``, ``0,5``, a percent-formatted cell (0.5) or ``50``.

    Returns the share and whether the value was read as percentage points (a bare number above
    1, such as 50 for 50 %), which the caller reports as a warning.
    """
    if isinstance(value, str) and not is_blank(value):
        number, percent = parse_danish_number(value)
        if percent:
            return number / 100.0, False
    else:
        number = to_number(value)
    if 1.0 < abs(number) <= 100.0:
        return number / 100.0, True
    return number, False


def to_year(value: Raw, lowest: int = 1990, highest: int = 2100) -> int:
    """A calendar year: ``2026``, ``2026,0`` or the text ``"2026"``."""
    if isinstance(value, dt.date):
        raise CellError(f"et årstal mellem {lowest} og {highest} (cellen er en dato)")
    try:
        number = to_number(value)
    except CellError:
        raise CellError(f"et årstal mellem {lowest} og {highest}") from None
    if not number.is_integer() or not lowest <= number <= highest:
        raise CellError(f"et årstal mellem {lowest} og {highest}")
    return int(number)


def to_date(value: Raw) -> dt.date:
    """A date from a date cell, ISO text ``2026-06-30`` or Danish ``30-06-2026`` / ``30.06.2026``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    expected = "en dato, fx 30-06-2026 eller 2026-06-30"
    if not isinstance(value, str) or is_blank(value):
        raise CellError(expected)
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(expected)


def to_text(value: Raw) -> str:
    """The text of a cell; a whole number stored as a number becomes ``"2026"``, not ``"2026.0"``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())
