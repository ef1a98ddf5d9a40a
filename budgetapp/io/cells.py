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
from dataclasses import dataclass

from budgetapp.core.formatting import format_shown
from budgetapp.core.numbers import SHARE_POINTS, NumberFormatError, share_from_number
from budgetapp.core.numbers import parse_danish_number as _parse_text_number

Raw = object  # str, float, int, bool, date, datetime, time, timedelta, ErrorValue, FormulaWithoutValue

# The error values a spreadsheet caches for a formula that cannot be computed (Excel in English
# and Danish, LibreOffice). A text equal to one of them (a CSV exported from a spreadsheet) is one.
ERROR_CODES = frozenset({"#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!",
                         "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!",
                         "#I/T", "#DIVISION/0!", "#NAVN?", "#VÆRDI!", "#REFERENCE!", "#TAL!", "#NUL!",
                         "Err:502", "Err:504", "Err:508", "Err:522"})

# Sane bounds per kind of field (absolute values), refused at their cell. A municipality's whole
# budget is far below 1.000 mia. kr.; no count of persons reaches 1 mia.
MAX_MONEY = 1e12      # kr.
MAX_NUMBER = 1e9      # persons, weeks and other counts


@dataclass(frozen=True)
class ErrorValue:
    """A cell holding a spreadsheet error value (``#N/A``, ``#DIV/0!`` ...) cached by a formula."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class FormulaWithoutValue:
    """A cell with a formula but no stored result (a file written by a program that does not
    calculate). ``formula`` is its text without ``=`` ("" for a shared formula)."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "formel"


FORMULA_REMEDY = ("åbn filen i Excel og gem den (så gemmes formlernes resultater), eller vælg "
                  "Kopiér og Indsæt speciel > Værdier for at erstatte formlerne med tal")


def cell_kind(value: Raw) -> str:
    """What a raw cell holds: ``blank``, ``error``, ``formula_without_value``, ``date`` (also a
    time or a duration), ``bool``, ``number`` or ``text``. A text equal to an error code
    (``#N/A``, as a CSV exported from a spreadsheet holds it) is an ``error``."""
    if is_blank(value):
        return "blank"
    if isinstance(value, ErrorValue):
        return "error"
    if isinstance(value, FormulaWithoutValue):
        return "formula_without_value"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return "date"
    if isinstance(value, str) and value.strip() in ERROR_CODES:
        return "error"
    return "text"


def check_readable(value: Raw) -> None:
    """Raise CellError for a cell that holds no usable value whatever the column expects: an
    error value or a formula without a stored result."""
    if isinstance(value, ErrorValue) or (isinstance(value, str) and value.strip() in ERROR_CODES):
        raise CellError(f"en værdi, men cellen har fejlværdien {str(value).strip()} fra en formel. "
                        "Ret formlen (fx et opslag der ikke finder noget) eller skriv værdien")
    if isinstance(value, FormulaWithoutValue):
        raise CellError("en gemt værdi, men cellen har en formel uden gemt resultat: " + FORMULA_REMEDY)


class CellError(ValueError):
    """A cell that cannot be read; ``expected`` says what the cell should hold (Danish)."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected



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
        return format_shown(float(value))  # 5e-324 too: repr has no point to count decimals after
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, FormulaWithoutValue):
        return str(value)[:57] + " (uden gemt værdi)"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def parse_danish_number(text: str) -> tuple[float, bool]:
    """A number written as text, the Danish way; returns the value and whether it had a ``%``.

    The one Danish number parser (:func:`budgetapp.core.numbers.parse_danish_number`): ``1.234``
    is one thousand two hundred and thirty-four, ``0.123`` is 0,123, ``1,234.5`` is refused.
    Raises CellError.
    """
    try:
        return _parse_text_number(text)
    except NumberFormatError as exc:
        raise CellError(exc.hint) from None


def to_number(value: Raw) -> float:
    """A finite number from a numeric cell or a Danish text number. ``12 %`` as text gives 0.12."""
    check_readable(value)
    if isinstance(value, bool):
        raise CellError(NUMBER_EXAMPLE + " (ikke SAND/FALSK)")
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            raise CellError(NUMBER_EXAMPLE + " (ikke et endeligt tal)")
        return number
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        raise CellError(NUMBER_EXAMPLE + ", men cellen er en dato eller et klokkeslæt "
                        "(formatér cellen som tal og skriv tallet)")
    if is_blank(value):
        raise CellError(NUMBER_EXAMPLE + " (cellen er tom)")
    number, percent = parse_danish_number(str(value))
    return number / 100.0 if percent else number


def to_share(value: Raw) -> tuple[float, bool]:
    """A share between 0 and 1 from ``50 %``, ``0,5``, a percent-formatted cell (0.5) or ``50``.

    Returns the share and whether the value was read as percentage points (a bare number above
    1, such as 50 for 50 %), which the caller reports as a warning.
    """
    check_readable(value)
    percent = False
    if isinstance(value, str) and not is_blank(value):
        number, percent = parse_danish_number(value)
    else:
        number = to_number(value)
    share, how = share_from_number(number, percent)  # the one rule, shared with the GUI
    return share, how == SHARE_POINTS


def to_year(value: Raw, lowest: int = 1990, highest: int = 2100) -> int:
    """A calendar year: ``2026``, ``2026,0`` or the text ``"2026"``."""
    check_readable(value)
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
    check_readable(value)
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
    """The text of a cell; a whole number stored as a number becomes ``"2026"``, not ``"2026.0"``.

    Raises CellError for an error value or a formula without a stored result."""
    check_readable(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return " ".join(str(value).split())
