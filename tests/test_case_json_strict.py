"""A case's JSON is read the same strict way in a case file and in a project's ``case_json``:
a key twice in one object is refused naming the key, and a number of hundreds of digits is
refused at its field, never as a bare "(OverflowError)"."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import HILLEROD

from budgetapp.cli import main
from budgetapp.core.case import CaseError, load_case
from budgetapp.core.case_reader import parse_case_json
from budgetapp.io.project_file import ProjectFileError, load_project
from tests.import_helpers import copy_demo


def _hillerod_text() -> str:
    return HILLEROD.read_text(encoding="utf-8")


def test_a_key_twice_at_the_top_of_a_case_file_is_refused_naming_it(tmp_path, capsys):
    text = _hillerod_text().replace('"start_year"', '"years": 9, "start_year"', 1)
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert str(caught.value.issues[0]).startswith("years: står to gange i samme JSON-objekt")
    assert main(["case", "run", str(path)]) != 0
    assert "years: står to gange i samme JSON-objekt" in capsys.readouterr().err


def test_a_key_twice_in_a_nested_object_is_refused_naming_it():
    with pytest.raises(CaseError) as caught:
        parse_case_json('{"effects": [{"segments": [{"share": 0.3, "name": "a", "share": 0.4}]}]}')
    assert str(caught.value) == ("share: står to gange i samme JSON-objekt (i objektet med 'name'); hver "
                                 "nøgle må kun stå én gang, ellers er det uklart, hvilken værdi der gælder. "
                                 "Slet den ene")


def test_the_same_key_in_different_objects_is_fine():
    assert parse_case_json('{"a": {"name": 1}, "b": {"name": 2}}') == {"a": {"name": 1}, "b": {"name": 2}}


def _project_with_case_json(tmp_path: Path, edit) -> Path:
    path = copy_demo(tmp_path)
    with sqlite3.connect(path) as conn:
        name, text = conn.execute("SELECT name, case_json FROM cases ORDER BY position LIMIT 1").fetchone()
        conn.execute("UPDATE cases SET case_json = ? WHERE name = ?", (edit(text), name))
    conn.close()
    return path


def test_a_key_twice_in_a_projects_case_json_is_refused_naming_case_and_key(tmp_path, capsys):
    path = _project_with_case_json(tmp_path, lambda t: t.replace('"name":', '"name": "x", "name":', 1))
    before = path.read_bytes()
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert "er ugyldig (name: står to gange i samme JSON-objekt" in str(caught.value)
    assert main(["project", "summary", str(path)]) != 0
    assert "name: står to gange i samme JSON-objekt" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_400_digit_number_in_a_projects_case_json_is_refused_at_its_field(tmp_path, capsys):
    def long_inflow(text: str) -> str:
        data = json.loads(text)
        data["effects"][0]["inflow_per_year"] = 0  # replaced by 400 digits in the text below
        return json.dumps(data).replace('"inflow_per_year": 0', '"inflow_per_year": ' + "9" * 400, 1)

    path = _project_with_case_json(tmp_path, long_inflow)
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    message = str(caught.value)
    assert "effects[0].inflow_per_year: tallet har for mange cifre (400 tegn" in message
    assert "OverflowError" not in message
    assert main(["export", str(path), "--xlsx", str(tmp_path / "x.xlsx")]) != 0
    assert "effects[0].inflow_per_year" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()
