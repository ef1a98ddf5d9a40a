"""Danish number formats shared by the CLI, the reports and the error messages."""

from __future__ import annotations

import pytest

from budgetapp.core.formatting import format_found, format_number, format_plain, parse_number


def test_fixed_decimals_with_thousands_points():
    assert format_number(3892673.0769) == "3.892.673"
    assert format_number(3892.67307, 1) == "3.892,7"
    assert format_number(-0.04, 1) == "0,0"  # never "-0,0"


def test_plain_numbers_for_messages():
    assert format_plain(-5.0) == "-5"
    assert format_plain(1.3) == "1,3"
    assert format_plain(1234.5) == "1.234,5"
    assert format_found(1.2) == "1,2"
    assert format_found("mange") == "'mange'"
    assert format_found(True) == "True"


@pytest.mark.parametrize(("text", "value"), [("1.234,5", 1234.5), ("-1.000", -1000.0), ("12 %", 0.12),
                                              ("(1.000)", -1000.0), ("0.5", 0.5)])
def test_parse_danish_text_numbers(text, value):
    assert parse_number(text) == pytest.approx(value)
