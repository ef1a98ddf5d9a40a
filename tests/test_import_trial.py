"""Kinds of import failure found by trying issue 12 as a newcomer: each test writes its own file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetapp.cli import main
from budgetapp.io.layouts import store
from budgetapp.resources import demo_project_path


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "config_path", lambda: tmp_path / "config" / "layouts.json")


@pytest.fixture
def demo_path(tmp_path) -> Path:
    path = tmp_path / "demo.jcbudget"
    shutil.copy(demo_project_path(), path)
    return path


# --- 2. an unquoted decimal comma in a comma-separated file ---------------------------------------


@pytest.mark.parametrize(
    ("header", "row", "cell", "joined"),
    [
        # Helårspersoner 412,5 split: 412 read as persons and "5" as Kilde.
        ("Målgruppe,År,Refusionsregel,Gns. refusionssats (%),Ydelse pr. helårsperson (kr.),"
         "Helårspersoner,Kilde", 'dagpenge,2027,flat,"50 %",231000,412,5', "G2", "412,5"),
        # Refusion 35,5 % split: 35 read as the rate and "5" as Kilde.
        ("Målgruppe,År,Helårspersoner,Ydelse pr. helårsperson (kr.),Refusionsregel,"
         "Gns. refusionssats (%),Kilde", "dagpenge,2027,412,231000,flat,35,5", "G2", "35,5"),
    ],
)
def test_decimal_comma_split_into_a_text_column_is_an_error(tmp_path, demo_path, capsys, header, row, cell,
                                                             joined):
    path = tmp_path / "komma.csv"
    good = ('sygedagpenge,2027,flat,"30 %",240000,300,Regnskab' if 'flat,"50' in row
            else "sygedagpenge,2027,300,240000,flat,30,Regnskab")
    path.write_text(f"{header}\n{row}\n{good}\n", encoding="utf-8")
    before = demo_path.read_bytes()
    assert main(["import-check", str(path)]) == 1
    out = capsys.readouterr().out
    assert cell in out and f"'{joined}' er sandsynligvis et tal med decimalkomma" in out
    assert main(["import", str(demo_path), str(path)]) == 1
    assert demo_path.read_bytes() == before
