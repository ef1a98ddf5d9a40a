"""Danish text numbers, shares, years and cell addresses as the importers read them."""

from __future__ import annotations

import datetime as dt

import pytest

from budgetapp.io.cells import (
    CellError,
    cell_address,
    column_letter,
    parse_danish_number,
    to_date,
    to_number,
    to_share,
    to_year,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("1.234,5", 1234.5),
    ("1234,5", 1234.5),
    ("1 234,5", 1234.5),           # space as thousands separator
    ("1\u00a0234\u00a0567", 1234567.0),  # no-break spaces, as Excel exports them
    ("-1.000", -1000.0),
    ("\u22121.000", -1000.0),      # the typographic minus sign
    ("(1.000)", -1000.0),          # accountants' negative
    ("1.000-", -1000.0),           # trailing minus from some ledgers
    ("+5", 5.0),
    ("1.234", 1234.0),             # a Danish thousands point, never 1,234
    ("1.234.567,89", 1234567.89),
    ("0,5", 0.5),
    ("0.5", 0.5),                  # a machine's decimal point
    ("0.123", 0.123),              # not a thousands group: it starts with 0
    ("1.234 kr.", 1234.0),
    ("12.500 kr", 12500.0),
])
def test_danish_text_numbers(text: str, expected: float) -> None:
    assert to_number(text) == pytest.approx(expected, abs=1e-9)


def test_percent_text_is_a_share() -> None:
    # "12 %" → 12 / 100 = 0,12; "12,5 %" → 0,125
    assert to_number("12 %") == pytest.approx(0.12, abs=1e-12)
    assert to_number("12,5%") == pytest.approx(0.125, abs=1e-12)
    assert parse_danish_number("12 %") == (12.0, True)


@pytest.mark.parametrize("text", ["1,234.5", "1.23.4", "12,3,4", "abc", "1.2345,6", "--5", "1e5"])
def test_not_danish_numbers_are_refused(text: str) -> None:
    with pytest.raises(CellError) as info:
        to_number(text)
    assert "dansk format" in info.value.expected


def test_numeric_cells_and_wrong_types() -> None:
    assert to_number(7.0) == 7.0
    assert to_number(3) == 3.0
    with pytest.raises(CellError, match="SAND/FALSK"):
        to_number(True)
    with pytest.raises(CellError, match="dato"):
        to_number(dt.date(2026, 1, 1))
    with pytest.raises(CellError, match="tom"):
        to_number("  ")
    with pytest.raises(CellError):
        to_number(float("nan"))


def test_shares() -> None:
    assert to_share("50 %") == (0.5, False)
    assert to_share(0.35) == (0.35, False)        # a percent-formatted cell holds 0,35
    assert to_share("0,35") == (0.35, False)
    # a bare 40 in a share column is read as 40 % and flagged, so the report can warn
    assert to_share(40.0) == (0.4, True)
    assert to_share("40") == (0.4, True)


def test_years() -> None:
    assert to_year(2026.0) == 2026
    assert to_year("2026") == 2026
    for bad in (2026.5, "B+1", 1800.0, dt.date(2026, 1, 1)):
        with pytest.raises(CellError, match="årstal"):
            to_year(bad)


def test_dates() -> None:
    assert to_date("31-12-2027") == dt.date(2027, 12, 31)
    assert to_date("2027-12-31") == dt.date(2027, 12, 31)
    assert to_date("31.12.2027") == dt.date(2027, 12, 31)
    assert to_date(dt.datetime(2027, 12, 31, 0, 0)) == dt.date(2027, 12, 31)
    with pytest.raises(CellError, match="dato"):
        to_date("31/13/2027")


def test_cell_addresses() -> None:
    assert column_letter(0) == "A"
    assert column_letter(25) == "Z"
    assert column_letter(26) == "AA"
    assert column_letter(27) == "AB"
    assert cell_address("Budget", 13, 3) == "Budget!D14"
    assert cell_address("Mit ark", 0, 0) == "'Mit ark'!A1"
    assert cell_address("Puljeår", 4, 1) == "Puljeår!B5"
