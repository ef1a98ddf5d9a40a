"""One Danish number parser: the importer, the GUI editors and the CLI read every text the same way.

The ambiguous forms are decided once (``budgetapp.core.numbers``, documented in
docs/import-formats.md): ``1.234`` is 1234, ``0.123`` is 0,123, ``1,234.5`` is refused.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetapp.core.formatting import format_number
from budgetapp.core.formatting import parse_number as formatting_parse
from budgetapp.core.numbers import MAX_DIGITS, NumberFormatError, parse_danish_number, parse_number
from budgetapp.io.cells import CellError, to_number
from budgetapp.ui.locale import parse_amount, parse_share

NUMBERISH = st.text(alphabet="0123456789.,-+ %()\u2212\u2013\u00a0'krDK", max_size=16)


def importer(text: str) -> float | None:
    try:
        return to_number(text)
    except CellError:
        return None


def gui(text: str) -> float | None:
    try:
        value = parse_amount(text) if ";" not in text else None
    except ValueError:
        return None
    assert not isinstance(value, list)
    return value


@settings(max_examples=3000)
@given(st.one_of(NUMBERISH, st.text(max_size=12)))
def test_gui_importer_and_core_agree_on_every_string(text: str) -> None:
    expected = importer(text)
    assert gui(text) == expected
    try:
        assert formatting_parse(text) == expected
    except ValueError:
        assert expected is None


@pytest.mark.parametrize(("text", "value"), [
    ("1.234", 1234.0),        # a Danish thousands point
    ("0.123", 0.123),         # a group never starts with 0: a decimal point
    ("12.345.678", 12345678.0),
    ("1.234,5", 1234.5),
    ("1234.5", 1234.5),       # a machine's decimal point (not three digits after it)
    ("1.5", 1.5),
    ("(1.000)", -1000.0),
    ("1.000-", -1000.0),
    ("\u22125", -5.0),
    ("12 %", 0.12),
    ("1 234,5 kr.", 1234.5),
])
def test_ambiguous_forms_are_decided_once(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert to_number(text) == value
    assert gui(text) == value


@pytest.mark.parametrize("text", ["1,234.5", "1.23.4", "12,3,4", "1e5", "nan", "inf", "١٢٣", "--5",
                                  "1.2345,6", "1" * (MAX_DIGITS + 1)])
def test_refused_everywhere(text: str) -> None:
    with pytest.raises(NumberFormatError):
        parse_number(text)
    assert importer(text) is None
    assert gui(text) is None


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_what_the_app_writes_it_reads_back(value: float, decimals: int) -> None:
    text = format_number(value, decimals)
    assert parse_number(text) == pytest.approx(round(value, decimals), abs=10.0 ** -decimals)


@given(NUMBERISH)
def test_every_accepted_value_is_finite(text: str) -> None:
    try:
        number, _ = parse_danish_number(text)
    except NumberFormatError:
        return
    assert math.isfinite(number)


def test_gui_share_reads_percentage_points() -> None:
    assert parse_share("30") == 0.3
    assert parse_share("30,5 %") == 0.305


@pytest.mark.parametrize(("text", "share"), [
    ("35", 0.35),      # a bare number above 1: percentage points
    ("35 %", 0.35),    # with the sign: percentage points
    ("0,35", 0.35),    # a bare number of at most 1: a fraction, as a percent-formatted cell holds it
    ("1", 1.0),        # the ambiguous 1 is decided as the fraction 1 = 100 %
    ("1 %", 0.01),     # one percent must be typed with the sign
    ("0,5 %", 0.005),
    ("100", 1.0),
])
def test_one_share_rule_in_gui_and_importer(text: str, share: float) -> None:
    from budgetapp.io.cells import to_share

    assert parse_share(text) == pytest.approx(share)
    assert to_share(text)[0] == pytest.approx(share)


def _importer_share(text: str) -> float | None:
    from budgetapp.io.cells import is_blank, to_share

    if is_blank(text):
        return None
    try:
        return to_share(text)[0]
    except CellError:
        return None


def _gui_share(text: str) -> float | None:
    try:
        return parse_share(text)
    except ValueError:
        return None


@given(st.one_of(NUMBERISH, st.text(max_size=12)))
def test_gui_and_importer_read_every_share_string_alike(text: str) -> None:
    expected = _importer_share(text)
    if expected is None:
        assert _gui_share(text) is None or not text.strip()
    else:
        assert _gui_share(text) == expected
    with pytest.raises(ValueError, match="'0,5,5' er ikke et tal"):
        parse_share("0,5,5")
