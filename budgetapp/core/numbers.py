"""The one reader of numbers typed the Danish way: the importer, the GUI editors and the CLI all
call :func:`parse_danish_number` (directly or through :func:`parse_number`), so a text means the
same number wherever it is typed.

Accepted (after removing spaces, no-break and thin spaces and ``'`` used as thousands
separators, and a trailing ``kr.``/``kr``/``DKK``):

* Danish grouping and decimals: ``1.234,5``, ``1.234.567``, ``1234,5``, ``0,5``;
* a plain decimal point as a machine writes it: ``0.5``, ``1234.56``, ``0.123``;
* signs: ``-1.000``, ``−1.000`` (minus sign), ``–5`` (en dash), ``+5``, ``(1.000)`` (accountants'
  negative) and ``1.000-`` (as some ledgers print it);
* a percentage: ``12 %``, ``12,5%`` (the flag tells the caller; :func:`parse_number` divides by 100).

The ambiguous forms are decided once, here (documented in ``docs/import-formats.md``):

* ``1.234`` is one thousand two hundred and thirty-four: a point followed by exactly three digits
  after one to three leading digits (the first not 0) is a Danish thousands point.
* ``0.123`` is 0,123: a group never starts with 0, so the point is a decimal point.
* ``1,234.5`` (English grouping) is refused, never guessed; so are ``1.23.4``, ``12,3,4``,
  ``1.2345,6``, exponents (``1e5``), ``nan``/``inf``, digits other than 0-9, and more than
  :data:`MAX_DIGITS` digits (a 400-digit number would be read as infinity).

Every accepted value is finite. Raises :class:`NumberFormatError` (a ValueError) with a Danish
message naming the text.
"""

from __future__ import annotations

import math
import re

MAX_DIGITS = 30  # more digits than any amount in kroner can have; 1e30 is still finite

_DANISH_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")   # 1.234 / 1.234.567,89
_DANISH_PLAIN = re.compile(r"[0-9]+(?:,[0-9]+)?")                              # 1234 / 1234,5 / 0,5
_POINT_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")                                 # 0.5 / 1234.56
_THOUSANDS_ONLY = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")                    # 1.234: grouped, not 1,234
_SPACES = str.maketrans("", "", "\u00a0\u202f\u2009\u2007 '\t")
_CURRENCY = re.compile(r"(kr\.?|dkk)$", re.IGNORECASE)

FORMAT_HINT = "et tal i dansk format, fx 1.234,5 (punktum mellem tusinder, komma før decimaler)"


class NumberFormatError(ValueError):
    """A text that is not a number in Danish format. ``str(exc)`` is a Danish message;
    ``hint`` says what is expected (for a report's "forventede ...")."""

    def __init__(self, message: str, hint: str = FORMAT_HINT) -> None:
        super().__init__(message)
        self.hint = hint


def parse_danish_number(text: str) -> tuple[float, bool]:
    """``(value, had_percent)`` for a number typed the Danish way; the value is as typed (``12 %``
    gives ``(12.0, True)``). Raises NumberFormatError."""
    raw = text.strip().translate(_SPACES)
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
    elif raw.endswith("-"):
        raw, negative = raw[:-1], not negative
    if not raw:
        message = f"'{text.strip()}' er ikke et tal" if text.strip() else "tom: skriv et tal"
        raise NumberFormatError(message, "et tal, fx 1.234,5")
    digits = sum(ch.isdigit() for ch in raw)
    if digits > MAX_DIGITS:
        raise NumberFormatError(f"tallet har {digits} cifre; højst {MAX_DIGITS} kan læses",
                                f"et tal med højst {MAX_DIGITS} cifre")
    if _DANISH_GROUPED.fullmatch(raw) or _DANISH_PLAIN.fullmatch(raw):
        number = float(raw.replace(".", "").replace(",", "."))
    elif _POINT_DECIMAL.fullmatch(raw) and not _THOUSANDS_ONLY.fullmatch(raw):
        number = float(raw)
    elif any(ch.isdigit() for ch in raw):
        raise NumberFormatError(f"'{text.strip()}' er ikke et tal i dansk format (fx 1.234,5)")
    else:
        raise NumberFormatError(f"'{text.strip()}' er ikke et tal")
    if not math.isfinite(number):  # cannot happen within MAX_DIGITS; kept as the last guard
        raise NumberFormatError(f"'{text.strip()}' er ikke et endeligt tal")
    return (-number if negative else number), percent


def parse_number(text: str) -> float:
    """A typed number as a float; a percentage is divided by 100 (``12 %`` → 0,12).

    Raises NumberFormatError (a ValueError) with a Danish message."""
    number, percent = parse_danish_number(text)
    return number / 100.0 if percent else number


SHARE_PERCENT = "percent"    # typed with a % sign: 35 % → 0,35
SHARE_POINTS = "points"      # a bare number above 1: percentage points, 35 → 0,35
SHARE_FRACTION = "fraction"  # a bare number of at most 1: a fraction, 0,35 → 0,35 and 1 → 1 (100 %)


def share_from_number(number: float, percent: bool = False) -> tuple[float, str]:
    """The one rule for a share (refusion rate, dødvægt, band share …), wherever it is typed.

    * with a % sign: percentage points, ``35 %`` → 0,35;
    * a bare number above 1 and at most 100: percentage points, ``35`` → 0,35;
    * a bare number of at most 1: a fraction, ``0,35`` → 0,35 (35 %); so ``1`` is 100 % and
      ``0,5`` is 50 % (type ``0,5 %`` for half a percent);
    * anything else (above 100, below -100) is returned as it stands for the caller's range check.

    Returns ``(share, how)`` with ``how`` one of :data:`SHARE_PERCENT`, :data:`SHARE_POINTS`,
    :data:`SHARE_FRACTION`; the importer warns for ``points`` (the figure is changed from the
    file's), the GUI shows the result as a percentage at once.
    """
    if percent:
        return number / 100.0, SHARE_PERCENT
    if 1.0 < abs(number) <= 100.0:
        return number / 100.0, SHARE_POINTS
    return number, SHARE_FRACTION


def parse_share(text: str) -> tuple[float, str]:
    """A typed share read by :func:`share_from_number` (see there for the rule). Raises
    NumberFormatError."""
    number, percent = parse_danish_number(text)
    return share_from_number(number, percent)
