"""Odd numbers in an import (a subnormal 5e-324, ±0, 1e-7, 1e308, non-finite): every one is read
or refused at its cell with a Danish message, never an unexpected error. The property tests feed
arbitrary floats to the number formatting and parsing the import and the reports use."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetapp.cli import main
from budgetapp.core.formatting import (
    format_found,
    format_kr,
    format_million_kr,
    format_number,
    format_percent,
    format_plain,
    format_shown,
    format_thousand_kr,
)
from budgetapp.core.numbers import MAX_DIGITS, NumberFormatError, parse_danish_number, parse_number
from budgetapp.io.cells import CellError, display, to_number, to_share, to_text, to_year
from budgetapp.io.tables import Column, parse_cell, total_tolerance
from tests.import_helpers import BUDGET_HEADER, write_xlsx

ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
FINITE = st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
ODD = st.sampled_from([5e-324, -5e-324, 2.2250738585072014e-308, 0.0, -0.0, 1e-7, 1.7976931348623157e308,
                       -1e308, 1e15 + 0.5, 1e30, 1e31])


@given(st.one_of(ANY_FLOAT, ODD), st.integers(0, 6))
def test_formatting_any_float_never_raises(value: float, decimals: int) -> None:
    texts = [format_number(value, decimals), format_plain(value), format_found(value), format_shown(value),
             format_kr(value), format_thousand_kr(value, decimals), format_million_kr(value, decimals),
             format_percent(value, decimals), display(value)]
    assert all(isinstance(text, str) for text in texts)
    if math.isfinite(value) and value != 0:
        assert display(value) not in ("0", "-0")  # never a silent zero for a tiny number


@given(st.one_of(ANY_FLOAT, ODD))
def test_reading_any_float_cell_raises_only_cell_errors(value: float) -> None:
    try:
        assert to_number(value) == value
    except CellError as exc:
        assert not math.isfinite(value)
        assert exc.expected == "et tal, fx 1.234,5 (ikke et endeligt tal)"
    for read in (to_share, to_year, to_text):
        try:
            read(value)
        except CellError as exc:
            assert exc.expected  # Danish, what the cell should hold
    for kind in ("money", "number", "share", "year", "text"):
        column = Column("x", "X", kind, maximum=1.0 if kind == "share" else None)
        for scale in (1.0, 1000.0, 1_000_000.0):
            try:
                number, _warning = parse_cell(column, value, scale)
            except CellError:
                continue
            if kind in ("money", "number", "share"):
                assert math.isfinite(number)  # type: ignore[arg-type]
    assert total_tolerance(value) > 0 if math.isfinite(value) else True


@given(st.one_of(FINITE, ODD), st.integers(0, 6))
def test_formatted_number_parses_back_or_is_refused_for_its_digits(value: float, decimals: int) -> None:
    text = format_number(value, decimals)
    digits = sum(ch.isdigit() for ch in text)
    try:
        parsed = parse_number(text)
    except NumberFormatError as exc:
        assert digits > MAX_DIGITS, text
        assert str(exc) == f"tallet har {digits} cifre; højst {MAX_DIGITS} kan læses"
        return
    assert digits <= MAX_DIGITS
    # the Danish text "1.234,5" is the plain "1234.5" with grouping points and a decimal comma
    plain = text.replace(".", "").replace(",", ".")
    assert parsed == float(plain)


@given(st.one_of(ANY_FLOAT, ODD))
def test_parsing_any_float_as_python_writes_it_raises_only_the_products_error(value: float) -> None:
    for text in (repr(value), str(value), format_shown(value), format_plain(value), f"{value:f}"):
        try:
            number, _percent = parse_danish_number(text)
        except NumberFormatError as exc:
            assert str(exc)
            continue
        assert math.isfinite(number)


def test_tiny_numbers_are_shown_with_their_digits_not_as_zero() -> None:
    assert display(5e-324) == "4,94066e-324"
    assert display(1.5e-05) == "0,000015"   # 6 decimals are enough for the 5 at the 6th
    assert display(2.5e-07) == "2,5e-07"    # below 0,0000005 six decimals would show 0
    assert display(-0.0) == "0"
    assert display(1e308) == "1e+308"       # not 309 digits
    assert display(999_999_999_999_999.0) == "999.999.999.999.999"
    assert display(1234.5) == "1.234,5"


def _import_check(path: Path, capsys) -> tuple[int, str]:
    code = main(["import-check", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("value", [5e-324, -0.0, 1e-7, 2.2250738585072014e-308])
def test_a_tiny_amount_is_read_without_an_unexpected_error(tmp_path: Path, capsys, value: float) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [
        BUDGET_HEADER, ["dagpenge", 2027, 412, value, "medfinansiering-2016", 0.35, 14500]]})
    code, out = _import_check(path, capsys)
    assert "uventet fejl" not in out and "Traceback" not in out, out
    assert code == 0, out  # a tiny amount is within the field's bound (0 to 1.000 mia. kr.)


@pytest.mark.parametrize("value", [1e308, 1e13])
def test_a_huge_amount_is_refused_at_its_cell(tmp_path: Path, capsys, value: float) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [
        BUDGET_HEADER, ["dagpenge", 2027, 412, value, "medfinansiering-2016", 0.35, 14500]]})
    code, out = _import_check(path, capsys)
    assert code == 1, out
    assert "uventet fejl" not in out, out
    line = next(line for line in out.splitlines() if line.startswith("Fejl i Budget!D2"))
    assert "et tal højst 1.000.000.000.000 kr." in line, line
    assert re.search(r"fandt '(1e\+308|10\.000\.000\.000\.000)'", line), line
