"""A hidden column read with ``--include-hidden`` is named once in the import's report, not once
by the layout's check and again by the table reader."""

from __future__ import annotations

import openpyxl
import pytest

from budgetapp.cli import main
from tests.import_helpers import BUDGET_HEADER
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")

WARNING = ("kolonne G (Indsats pr. helårsperson (kr.)) er skjult i regnearket; den indlæses, som valgt")


def test_a_hidden_column_included_is_warned_about_once(tmp_path, demo_path, capsys):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Budget"
    ws.append(BUDGET_HEADER)
    ws.append(["dagpenge", 2027, 400, 230000, "flat", 0.3, 12000])
    ws.column_dimensions["G"].hidden = True
    path = tmp_path / "skjult.xlsx"
    book.save(path)
    assert main(["import", str(demo_path), str(path), "--include-hidden"]) == 0  # read as chosen
    out = capsys.readouterr().out
    assert out.count(WARNING) == 1
    assert main(["import-check", str(path), "--include-hidden"]) == 0  # read as chosen
    assert capsys.readouterr().out.count(WARNING) == 1
