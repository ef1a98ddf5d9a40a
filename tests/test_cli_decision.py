"""CLI: ``case run --simulate``, ``case sensitivity`` and ``case break-even``."""

from __future__ import annotations

import json

import pytest
from conftest import HILLEROD

from budgetapp.cli import main

W = 72000 / 52
S = 459 * 12.25 * W * 0.5
C = 583500.0


def run_cli(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def uncertain_case(tmp_path):
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["uncertainty"] = [
        {"path": "inflow_per_year", "min": 380, "most_likely": 459, "max": 520},
        {"path": "deadweight", "min": 0, "most_likely": 0.1, "max": 0.3, "note": "skøn"},
    ]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_simulate_adds_percentiles_and_payback_distribution_reproducibly(uncertain_case, capsys):
    args = ["case", "run", str(uncertain_case), "--json", "--simulate", "2000", "--seed", "7"]
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    data = json.loads(out)
    assert len(data["p10"]) == len(data["p50"]) == len(data["p90"]) == 4
    assert all(a <= b <= c for a, b, c in zip(data["p10"], data["p50"], data["p90"], strict=True))
    assert sum(p["draws"] for p in data["payback_year_distribution"]) == 2000
    assert data["simulation"] == {
        "draws": 2000, "seed": 7, "distribution": "triangular",
        "estimates": [{"path": "effects[0].inflow_per_year", "min": 380, "most_likely": 459, "max": 520},
                      {"path": "effects[0].deadweight", "min": 0, "most_likely": 0.1, "max": 0.3}]}
    assert data["net_cost"] == [583500.0] * 4  # the deterministic keys are still there
    _, again, _ = run_cli(args, capsys)
    assert again == out


def test_simulate_without_estimates_gives_the_deterministic_net_result(tmp_path, capsys):
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    del data["uncertainty"]  # the shipped example has estimates; without them every draw is the same
    path = tmp_path / "certain.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run_cli(["case", "run", str(path), "--json", "--simulate", "100"], capsys)
    data = json.loads(out)
    assert code == 0 and data["p10"] == data["p50"] == data["p90"] == data["net_result"]
    assert data["payback_year_distribution"] == [{"year": 2013, "draws": 100, "share": 1.0}]


def test_simulate_text_output_explains_in_danish(uncertain_case, capsys):
    code, out, _ = run_cli(["case", "run", str(uncertain_case), "--simulate", "1000"], capsys)
    assert code == 0
    assert "Nettoresultat, P10" in out
    assert "I 8 af 10 beregninger ligger det samlede nettoresultat for 2013-2016 mellem" in out
    assert "frø 1" in out


def test_bad_simulation_arguments_are_refused_in_danish(uncertain_case, capsys):
    code, _, err = run_cli(["case", "run", str(uncertain_case), "--simulate", "0"], capsys)
    assert code == 3 and "--simulate skal være mellem 1 og 1.000.000" in err


def test_sensitivity_json_and_text(capsys):
    code, out, _ = run_cli(["case", "sensitivity", str(HILLEROD), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["base_result"] == pytest.approx(3.5 * S - 4 * C)
    swings = [b["swing"] for b in data["bars"]]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] == pytest.approx(0.4 * 3.5 * S)  # inflow or benefit ±20 %
    code, out, _ = run_cli(["case", "sensitivity", str(HILLEROD)], capsys)
    assert code == 0
    assert "Samlet nettoresultat 2013-2016 med de indtastede værdier: 11,3 mio. kr." in out
    assert "Dødvægt" in out and "0,0 %" in out and "20,0 %" in out


def test_break_even_json(capsys):
    code, out, _ = run_cli(["case", "break-even", str(HILLEROD), "--json",
                            "--input", "benefit_per_full_year_person"], capsys)
    assert code == 0
    row = json.loads(out)["break_even"][0]
    assert row["budget_period"]["value"] == pytest.approx(4 * C / (3.5 * 459 * 12.25 / 52 * 0.5))
    code, _, err = run_cli(["case", "break-even", str(HILLEROD), "--input", "nope"], capsys)
    assert code == 3 and "kan ikke varieres" in err


def test_a_bad_estimate_in_the_file_is_refused_with_its_field(tmp_path, capsys):
    data = json.loads(HILLEROD.read_text(encoding="utf-8"))
    data["uncertainty"] = [{"path": "deadweight", "min": 0.2, "most_likely": 0.1, "max": 0.3}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run_cli(["case", "run", str(path), "--simulate", "10"], capsys)
    assert code == 2
    assert "uncertainty[0].most_likely: skal ligge mellem min og max" in err
