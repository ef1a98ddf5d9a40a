"""Large and odd case files: every limit gives a Danish message at the field, never a traceback,
and a result that is not a finite number is never written as null."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import HILLEROD

from budgetapp.cli.case_cmd import non_finite_paths
from budgetapp.core.case import LIMITS, CaseError, case_from_dict, load_case


def base() -> dict:
    return load_case(HILLEROD).to_dict()


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    return [str(i) for i in caught.value.issues]


def test_a_5000_digit_integer_is_named_at_its_field(tmp_path):
    text = json.dumps(base()).replace('"years": 4', '"years": ' + "9" * 5000)
    assert problems(tmp_path, text) == [
        f"years: tallet har for mange cifre (5000 tegn; højst {LIMITS['digits']} cifre)"]


DEPTH_MESSAGE = (f"er indlejret for dybt: en case må højst have {LIMITS['depth']} niveauer af "
                 "objekter og lister inden i hinanden")


def test_nesting_1000_and_100000_deep_is_refused_without_recursion_error(tmp_path):
    # The file's object is level 1 and "notes2"'s list level 2, so the list opened at level 21 is
    # the first too deep: it sits at notes2 followed by 19 list indices [0].
    for depth in (1000, 100_000):
        text = json.dumps(base())[:-1] + ', "notes2": ' + "[" * depth + "]" * depth + "}"
        assert problems(tmp_path, text) == ["notes2" + "[0]" * 19 + ": " + DEPTH_MESSAGE]


def test_nesting_just_past_the_limit_names_the_field_where_it_is_passed(tmp_path):
    # 21 levels parse fine in Python; the reader names the path to the first value past level 20:
    # effects (2) → effects[0] (3) → target_group (4) → 17 more lists, the last one at level 21.
    data = base()
    data["effects"][0]["target_group"] = json.loads("[" * 18 + "]" * 18)
    assert problems(tmp_path, json.dumps(data)) == [
        "effects[0].target_group" + "[0]" * 17 + ": " + DEPTH_MESSAGE]
    # One level less is not refused for its depth (the reader then names the wrong type instead).
    data["effects"][0]["target_group"] = json.loads("[" * 17 + "]" * 17)
    found = problems(tmp_path, json.dumps(data))
    assert found and not any("indlejret" in p for p in found)


def test_a_deep_value_after_commas_and_escaped_keys_is_found_at_its_index(tmp_path):
    # The scan of a text too deep to parse counts list items and reads keys with escapes.
    text = (json.dumps(base())[:-1] + ', "notes": {"a\\"b": 1, "x": [1, "]", {"y": '
            + "[" * 5000 + "]" * 5000 + "}]}}")
    assert problems(tmp_path, text) == ['notes.x[2].y' + "[0]" * 16 + ": " + DEPTH_MESSAGE]


def test_nan_infinity_and_overflowing_numbers_are_refused_at_their_field(tmp_path):
    data = base()
    text = json.dumps(data).replace('"inflow_per_year": 459.0', '"inflow_per_year": NaN')
    text = text.replace('"benefit_per_full_year_person": 72000.0',
                        '"benefit_per_full_year_person": 1e400')
    found = problems(tmp_path, text)
    assert "effects[0].inflow_per_year: skal være et endeligt tal, fandt NaN" in found
    assert "effects[0].benefit_per_full_year_person: skal være et endeligt tal, fandt inf" in found
    data["effects"][0]["benefit_per_full_year_person"] = 1e300
    with pytest.raises(CaseError, match="urimeligt stort"):
        case_from_dict(data)


def test_list_lengths_and_segment_counts_are_bounded():
    data = base()
    data["effects"][0]["effect_phase_in"] = [1.0] * 1_000_000
    with pytest.raises(CaseError) as caught:
        case_from_dict(data)
    assert [str(i) for i in caught.value.issues] == [
        "effects[0].effect_phase_in: højst 50 faktorer (ét pr. år), fandt 1.000.000"]
    data = base()
    seg = data["effects"][0]["segments"][0]
    data["effects"][0]["segments"] = [dict(seg, share=1 / 20_001)] * 20_001
    with pytest.raises(CaseError, match=re.escape("højst 20.000 segmenter i alt, fandt 20.001")):
        case_from_dict(data)
    data = base()
    data["effects"][0]["segments"][0]["survival_before"] = [1.0] * 5000
    del data["effects"][0]["segments"][0]["weeks_before"]
    with pytest.raises(CaseError, match=re.escape("survival_before: højst 1.040 uger, fandt 5.000")):
        case_from_dict(data)


def test_the_cli_gives_a_danish_message_and_exit_2_for_a_hostile_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(base())[:-1] + ', "x": ' + "[" * 50_000 + "]" * 50_000 + "}",
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "budgetapp", "case", "run", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "indlejret for dybt" in run.stderr and "Traceback" not in run.stderr


def test_non_finite_numbers_in_json_output_are_found_not_written_as_null():
    assert non_finite_paths({"a": [1.0, float("nan")], "b": {"c": float("inf")}, "d": None}) == [
        "a[1]", "b.c"]
