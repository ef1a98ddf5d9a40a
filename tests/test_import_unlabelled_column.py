"""A value under an empty header field is never dropped or shifted in silence.

Excel often writes a CSV header with a trailing comma; an unquoted decimal comma in the last
column (``14,5``) then fills that empty field, and the figure before the comma would be read as
14 with the 5 thrown away."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.project_file import load_project
from tests.import_helpers import BUDGET_HEADER, write_xlsx
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")

HEADER = ",".join(BUDGET_HEADER) + ","  # the trailing empty field Excel writes


def _measures(path: Path, group: str, year: int) -> float:
    return next(g.measures_per_full_year_person for g in load_project(path).budget.groups
                if g.target_group == group and g.year == year)


def test_a_decimal_comma_under_a_trailing_empty_header_is_an_error_at_its_row(tmp_path, demo_path, capsys):
    path = tmp_path / "komma.csv"
    path.write_text(f"{HEADER}\ndagpenge,2027,100,200000,flat,0,14,5\ndagpenge,2028,100,200000,flat,0,14,\n",
                    encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "komma!H2" in out and "række 2" in out and "'14,5'" in out
    assert "decimalkomma i en kommasepareret fil" in out and "anførselstegn" in out
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before  # nothing imported: never 14 instead of 14,5


def test_the_quoted_decimal_under_a_trailing_empty_header_is_read_whole(tmp_path, demo_path, capsys):
    path = tmp_path / "komma.csv"
    path.write_text(f'{HEADER}\ndagpenge,2027,100,200000,flat,0,"14,5",\ndagpenge,2028,100,200000,flat,0,14,\n',
                    encoding="utf-8")
    assert main(["import", str(demo_path), str(path)]) == 0
    assert _measures(demo_path, "dagpenge", 2027) == 14.5
    assert _measures(demo_path, "dagpenge", 2028) == 14.0


def test_a_value_under_an_empty_header_in_a_semicolon_file_is_an_error(tmp_path, demo_path, capsys):
    path = tmp_path / "semi.csv"
    header = ";".join(BUDGET_HEADER[:2]) + ";;" + ";".join(BUDGET_HEADER[2:])
    path.write_text(f"{header}\ndagpenge;2027;x;100;200000;flat;0;14\n", encoding="utf-8")
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "semi!C2" in out and "ingen overskrift" in out and "skilletegn inde i en tekst" in out


def test_a_value_under_an_empty_header_in_a_spreadsheet_is_named(tmp_path, demo_path, capsys):
    path = write_xlsx(tmp_path / "ark.xlsx", {"Budget": [
        [*BUDGET_HEADER, None],
        ["dagpenge", 2027, 100, 200000, "flat", 0, 14, 5],
    ]})
    assert main(["import-check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Budget!H2" in out and "ingen overskrift og indlæses ikke" in out
