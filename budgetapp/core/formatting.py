"""Danish number formats for tables, reports and the CLI (no Qt: the GUI uses QLocale da_DK)."""

from __future__ import annotations

import math
from decimal import Decimal

THOUSANDS = "."
DECIMAL = ","


def format_number(value: float | None, decimals: int = 0) -> str:
    """``1234567.891`` → ``"1.234.568"``; with ``decimals=1`` → ``"1.234.567,9"``; None → ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round(float(value), decimals)
    if rounded == 0:
        rounded = 0.0  # no "-0"
    text = f"{abs(rounded):,.{decimals}f}"
    integer, _, fraction = text.partition(".")
    integer = integer.replace(",", THOUSANDS)
    sign = "-" if rounded < 0 else ""
    return f"{sign}{integer}{DECIMAL}{fraction}" if fraction else f"{sign}{integer}"


def format_plain(number: float) -> str:
    """A number as typed, the Danish way, without fixed decimals: ``1.5`` → ``"1,5"``, ``-5.0`` → ``"-5"``."""
    text = f"{number:,.6g}" if abs(number) < 1e6 else f"{number:,.0f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")


def format_shown(value: float, most_decimals: int = 6) -> str:
    """A number found in a file, shown back as it stands: Danish grouping and as many decimals as
    it has, at most ``most_decimals``: ``1234.5`` → ``"1.234,5"``, ``0.125`` → ``"0,125"``,
    ``1.5e-05`` → ``"0,000015"``. A non-zero number too small to show in ``most_decimals``
    decimals (``5e-324``, ``1e-09``) is shown with an exponent, ``"4,94066e-324"``, never as 0,
    and so is one of 10^15 or more, past the whole numbers a float holds exactly (``1e+308``, not
    309 digits); ``inf`` and ``nan`` as Python writes them. Never raises for a float."""
    value = float(value)
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1e15 or (value and abs(value) < 0.5 * 10.0 ** -most_decimals):
        return f"{value:.6g}".replace(".", DECIMAL)
    if value.is_integer():
        return format_number(value, 0)
    exponent = Decimal(repr(value)).as_tuple().exponent  # repr: the shortest text that reads back
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(value, min(most_decimals, decimals))


def format_found(value: object) -> str:
    """A value found in an input, for an error message: numbers the Danish way, the rest quoted."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return format_plain(float(value))
    return repr(value)


def format_kr(value: float | None) -> str:
    """Whole kroner: ``"3.892.673"``."""
    return format_number(value, 0)


def format_thousand_kr(value: float | None, decimals: int = 1) -> str:
    """An amount in kroner shown in 1.000 kr.: ``3892673`` → ``"3.892,7"``."""
    return "" if value is None else format_number(float(value) / 1000.0, decimals)


def format_million_kr(value: float | None, decimals: int = 1) -> str:
    return "" if value is None else format_number(float(value) / 1_000_000.0, decimals)


def format_percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.5) as a Danish percentage: ``"50 %"``."""
    return "" if share is None else f"{format_number(share * 100.0, decimals)} %"


def parse_number(text: str) -> float:
    """Read a number written the Danish way: ``"1.234,5"``, ``"-1.000"``, ``"12 %"`` (→ 0.12).

    The one Danish number parser, :func:`budgetapp.core.numbers.parse_number` (see there for the
    forms accepted and how the ambiguous ones are decided). Raises ValueError with a Danish message.
    """
    from budgetapp.core.numbers import parse_number as parse

    return parse(text)
