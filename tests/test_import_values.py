"""The typed readers of a table row's values (import_common) against what read_table gives."""

from __future__ import annotations

import datetime as dt

import pytest

from budgetapp.io.import_common import (
    number_or_zero,
    number_value,
    optional_date,
    optional_year,
    text_or,
    text_value,
    year_value,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, read_table
from budgetapp.io.workbook_reader import Sheet

COLUMNS = (
    Column("name", "Navn", "text", True),
    Column("year", "År", "year", True),
    Column("amount", "Beløb", "money", True),
    Column("share", "Andel", "share", False, maximum=1.0),
    Column("persons", "Personer", "number", False, default=0.0),
    Column("area", "Område", "choice", False, choices=("service", "overførsler"), default="service"),
    Column("start", "Start", "date", False),
    Column("plyear", "P/L-år", "year", False),
    Column("note", "Kilde", "text", False, default=""),
)


def _rows() -> list[dict[str, object]]:
    sheet = Sheet("Data", [
        ["Navn", "År", "Beløb (1.000 kr.)", "Andel", "Personer", "Område", "Start", "P/L-år", "Kilde"],
        ["Mentor", 2026.0, "1.234,5", "35 %", "12,5", "Overførsler", "01-02-2026", "2025", "Regnskab"],
        ["Løn", "2027", 2.0, None, None, None, None, None, None],
    ])
    report = ImportReport()
    table = read_table(sheet, COLUMNS, report)
    assert table is not None and report.ok, report.problems
    return [entry.values for entry in table.rows]


def test_every_kind_read_by_read_table_comes_back_as_its_type() -> None:
    full, blank = _rows()
    assert text_value(full["name"], "name") == "Mentor"
    assert year_value(full["year"]) == 2026
    # money in a "(1.000 kr.)" column: 1.234,5 × 1.000 = 1.234.500 kr.
    assert number_value(full["amount"], "amount") == 1_234_500.0
    assert number_value(full["share"], "share") == pytest.approx(0.35)
    assert number_or_zero(full, "persons") == 12.5
    assert text_or(full, "area", "service") == "overførsler"
    assert optional_date(full, "start") == dt.date(2026, 2, 1)
    assert optional_year(full, "plyear") == 2025
    assert text_or(full, "note") == "Regnskab"
    # The second row leaves the optional cells blank: each reader gives the stated default.
    assert year_value(blank["year"]) == 2027
    assert number_value(blank["amount"], "amount") == 2000.0  # 2 × 1.000 kr.
    assert number_or_zero(blank, "persons") == 0.0
    assert number_or_zero(blank, "missing_column") == 0.0
    assert text_or(blank, "area", "service") == "service"
    assert optional_date(blank, "start") is None
    assert optional_year(blank, "plyear") is None
    assert text_or(blank, "note", "fallback") == "fallback"


@pytest.mark.parametrize(("read", "value", "expected"), [
    (lambda v: number_value(v, "amount"), "12", "et tal"),
    (lambda v: number_value(v, "amount"), None, "et tal"),
    (lambda v: year_value(v), 2026.0, "et årstal"),
    (lambda v: text_value(v, "name"), 5.0, "en tekst"),
    (lambda v: optional_date({"start": v}, "start"), "01-02-2026", "en dato"),
    (lambda v: text_or({"note": v}, "note"), 3.0, "en tekst"),
])
def test_a_value_of_the_wrong_kind_is_a_named_fault_not_a_silent_conversion(read, value, expected) -> None:
    with pytest.raises(TypeError, match=f"programfejl i indlæsningen: kolonnen '.*' gav .*, ikke {expected}"):
        read(value)
