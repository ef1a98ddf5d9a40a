"""Every bad cell is an error at its cell, in every column, required or optional; nothing becomes 0.

Each test writes its own small file (cached error values and formulas without a stored value are
written as XML by hand, as Excel and script-written workbooks hold them).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.import_budget import read_budget
from budgetapp.io.import_unit_costs import read_unit_costs
from tests.import_helpers import BUDGET_HEADER, write_raw_xlsx, write_xlsx

ROW = ["dagpenge", 2027, 412.5, 231000, "medfinansiering-2016", 0.55, 14500]
ERROR_CODES = ["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]


def errors(path: Path) -> list[tuple[str, str, str]]:
    result = read_budget(path)
    assert result.groups == ()  # all or nothing: nothing is read from a file with an error
    return [(p.address, p.found, p.expected) for p in result.report.errors]


def check(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["import-check", str(path), *extra])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out + out.err


@pytest.mark.parametrize("code", ERROR_CODES)
@pytest.mark.parametrize(("col", "letter", "header"), [
    (6, "G", "Indsats pr. helårsperson"),   # optional: used to become 0 kr.
    (2, "C", "Helårspersoner"),             # required: used to say "tom celle"
    (0, "A", "Målgruppe"),                  # a required text column
])
def test_cached_error_value_is_an_error_at_its_cell(tmp_path: Path, code: str, col: int, letter: str,
                                                    header: str) -> None:
    row = list(ROW)
    row[col] = ("e", code)
    next_year = [*ROW[:1], 2028, *ROW[2:]]
    path = write_raw_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row, next_year]})
    [(address, found, expected)] = errors(path)
    assert address == f"Budget!{letter}2"
    assert found == code
    assert expected.startswith(f"{header}: en værdi, men cellen har fejlværdien {code} fra en formel")


@pytest.mark.parametrize(("col", "letter"), [(6, "G"), (3, "D")])
def test_formula_without_stored_value_names_the_remedy(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       col: int, letter: str) -> None:
    row = list(ROW)
    row[col] = ("f", "Detaljer!B2/412.5")
    path = write_raw_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row]})
    [(address, found, expected)] = errors(path)
    assert address == f"Budget!{letter}2"
    assert found == "=Detaljer!B2/412.5 (uden gemt værdi)"
    assert "formel uden gemt resultat: åbn filen i Excel og gem den" in expected
    code, text = check(path, capsys)
    assert code == 1
    assert "intet er indlæst" in text


def test_formula_with_an_empty_text_result_is_a_blank_cell(tmp_path: Path) -> None:
    # =IF(...;"") cached as an empty string (t="str", <v></v>) is a blank optional cell, not an error.
    row = list(ROW)
    row[6] = '<c r="G2" t="str"><f>IF(A2="x",1,"")</f><v></v></c>'
    path = write_raw_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row]})
    result = read_budget(path)
    assert result.report.ok, result.report.to_text()
    assert result.groups[0].measures_per_full_year_person == 0.0  # blank optional HK5: none


def test_error_text_in_a_csv_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    line = "dagpenge;2027;412,5;231.000;medfinansiering-2016;55 %;#N/A"
    path.write_text(";".join(BUDGET_HEADER) + "\n" + line + "\n", encoding="utf-8")
    [(address, found, expected)] = errors(path)
    assert (address, found) == ("budget!G2", "#N/A")
    assert "fejlværdien #N/A" in expected


def test_date_where_a_number_belongs(tmp_path: Path) -> None:
    row = list(ROW)
    row[2] = dt.datetime(2027, 4, 12)  # 412 typed into a date-formatted cell
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row]})
    [(address, found, expected)] = errors(path)
    assert (address, found) == ("Budget!C2", "2027-04-12")
    assert expected.startswith("Helårspersoner: et tal, fx 1.234,5, men cellen er en dato")


def test_blank_optional_cell_stays_blank_and_nothing_else_becomes_zero(tmp_path: Path) -> None:
    # Row 2: G blank → the optional HK5 amount is blank (no measures); row 3: G holds text → error.
    rows = [BUDGET_HEADER, [*ROW[:6], None], ["sygedagpenge", 2027, 300, 240000, "refusionstrappe-2016", 0.3,
                                              "ukendt"]]
    result = read_budget(write_xlsx(tmp_path / "budget.xlsx", {"Budget": rows}))
    assert [(p.address, p.found) for p in result.report.errors] == [("Budget!G3", "ukendt")]


@pytest.mark.parametrize(("value", "expected"), [
    (1e308, "Ydelse pr. helårsperson: et tal højst 1.000.000.000.000 kr."),
    ("1" * 400, "Ydelse pr. helårsperson: et tal med højst 30 cifre"),
    ("1e308", "Ydelse pr. helårsperson: et tal i dansk format"),
    ("inf", "Ydelse pr. helårsperson: et tal i dansk format"),
])
def test_values_not_finite_or_beyond_the_bound_are_refused_at_their_cell(tmp_path: Path, value: object,
                                                                          expected: str) -> None:
    row = list(ROW)
    row[3] = value
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row]})
    [(address, _found, message)] = errors(path)
    assert address == "Budget!D2"
    assert message.startswith(expected)


def test_persons_beyond_their_bound_are_refused(tmp_path: Path) -> None:
    row = list(ROW)
    row[2] = 2e9  # more full-time persons than MAX_NUMBER (1 mia.)
    path = write_xlsx(tmp_path / "budget.xlsx", {"Budget": [BUDGET_HEADER, row]})
    [(address, _found, message)] = errors(path)
    assert address == "Budget!C2"
    assert message.startswith("Helårspersoner: et tal højst 1.000.000.000")


def test_unit_cost_import_refuses_an_error_value_too(tmp_path: Path) -> None:
    header = ["Målgruppe", "År", "Helårspersoner", "Udgift til indsats (kr.)"]
    rows = [header, ["dagpenge", 2025, 100, ("e", "#REF!")]]
    path = write_raw_xlsx(tmp_path / "enhed.xlsx", {"Enhedsudgifter": rows})
    result = read_unit_costs(path)
    assert [(p.address, p.found) for p in result.report.errors] == [("Enhedsudgifter!D2", "#REF!")]
    assert result.groups == ()
