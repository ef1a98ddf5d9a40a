"""``budgetapp case run``: the JSON contract, the Danish table and bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HILLEROD

from budgetapp.cli import main
from budgetapp.core.case import load_case

JSON_KEYS = {
    "years", "gross_cost", "cost_refusion", "pool_funding", "net_cost", "saved_weeks",
    "gross_saving", "municipal_saving", "net_result", "cumulative_net_result", "npv",
    "payback_year", "full_year_persons_in_effort", "break_even_effect_share",
}


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_the_contracted_keys_and_figures(capsys):
    code, out, _ = run_cli(["case", "run", str(HILLEROD), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert set(data) >= JSON_KEYS
    assert data["years"] == [2013, 2014, 2015, 2016]
    assert data["net_cost"] == [583500.0] * 4
    assert round(data["full_year_persons_in_effort"], 2) == 37.07
    assert [round(v) for v in data["municipal_saving"]] == [1946337, 3892673, 3892673, 3892673]
    assert data["payback_year"] == 2013
    # npv at 0 %: the sum of the net results = 3,5 × 3.892.673,08 − 4 × 583.500.
    assert data["npv"] == pytest.approx(3.5 * 459 * 12.25 * 72000 / 52 * 0.5 - 4 * 583500)


def test_readable_danish_table(capsys):
    code, out, _ = run_cli(["case", "run", str(HILLEROD)], capsys)
    assert code == 0
    assert "1.000 kr." in out
    assert "3.892,7" in out          # municipal saving 2014 in 1.000 kr.
    assert "583,5" in out            # net cost
    assert "Helårspersoner i indsatsen: 37,07" in out
    assert "Tilbagebetaling: 2013 (år 1)" in out


def test_bad_file_names_the_field_and_exits_2(tmp_path: Path, capsys):
    data = load_case(HILLEROD).to_dict(flat=True)
    data["segments"][0]["weeks_before"] = "sytten"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli(["case", "run", str(path), "--json"], capsys)
    assert code == 2
    assert out == ""
    assert "segments[0].weeks_before: skal være et tal, fandt 'sytten'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02", b"[]", b"{}"])
def test_garbage_never_gives_a_traceback(tmp_path: Path, content: bytes):
    path = tmp_path / "x.json"
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "budgetapp", "case", "run", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("Fejl:")


def test_missing_file_exits_2(capsys):
    code, _, err = run_cli(["case", "run", "findes-ikke.json"], capsys)
    assert code == 2 and "kan ikke læses" in err


def test_calendar_case_prints_the_tail_the_styringsomraader_and_the_effects(capsys, tmp_path):
    import dataclasses

    path = tmp_path / "kalender.json"
    path.write_text(dataclasses.replace(load_case(HILLEROD), timing="calendar").to_json(),
                    encoding="utf-8")
    code, out, _ = run_cli(["case", "run", str(path), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["timing"] == "calendar"
    # 2013: 1.562.645 kr. (docs/method.md); the 2016 cohort's weeks in 2017 are the tail.
    assert round(data["municipal_saving"][0]) == 1_562_645
    assert round(data["effects"][0]["municipal_saving"][0]) == 1_562_645
    assert set(data["after_horizon"]) == {"saved_weeks", "gross_saving", "municipal_saving",
                                          "employment_grant_clawback", "gross_cost", "net_cost"}
    assert data["after_horizon"]["employment_grant_clawback"] == 0.0  # kontanthjælp: no grant
    assert round(data["after_horizon"]["municipal_saving"]) == 767_382
    assert len(data["full_year_persons_in_effort_per_year"]) == 4
    split = data["by_styringsomraade"]
    for y in range(4):
        assert sum(split[a][y] for a in split) == pytest.approx(-data["net_result"][y], abs=1e-6)
    code, out, _ = run_cli(["case", "run", str(path)], capsys)
    assert "Efter perioden" in out and "Overførsler" in out and "767,4" in out
