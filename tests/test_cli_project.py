"""``budgetapp project summary``: JSON and Danish table output; bad files exit 1 without traceback."""

from __future__ import annotations

import json
import sqlite3

import pytest

from budgetapp.cli import main
from budgetapp.io.project_file import load_project, save_project
from budgetapp.resources import demo_project_path

DEMO = str(demo_project_path())


def test_summary_json_of_the_demo(capsys):
    assert main(["project", "summary", DEMO, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["municipality"] == "Eksempel Kommune"
    assert data["years"] == [2025, 2026, 2027, 2028, 2029, 2030]
    line = next(ln for ln in data["lines"] if ln["key"] == "kontant_uddannelseshjaelp")
    for key in ("gross", "refusion", "net", "projected_net"):
        assert set(line[key]) == {"2025", "2026", "2027", "2028", "2029", "2030"}
    # net = gross − refusion − pool income, for the group and in total
    assert line["net"]["2027"] == pytest.approx(line["gross"]["2027"] - line["refusion"]["2027"])
    totals = data["totals"]
    assert totals["net"]["2027"] == pytest.approx(
        totals["gross"]["2027"] - totals["refusion"]["2027"] - totals["pool_income"]["2027"])
    names = [c["name"] for c in data["cases"]]
    assert names == ["Straksaktivering af unge (Hillerød-modellen)",
                     "To ekstra sagsbehandlere (lavere sagsstammer)", "Mentorstøtte til aktivitetsparate"]
    # two extra caseworkers, calendar timing (tests/test_calendar_timing.py): in 2028 the 2027
    # cohort (120 effective entrants) saves its last 3 − 70,5/52 weeks and the 2028 cohort (240) its
    # first 70,5/52: 522,6923 weeks × 150.000/52 × 80 % = 1.206.213,02 kr. − 1.120.000 salary
    # = 86.213,02 kr.
    saving_2028 = (120 * (3 - 70.5 / 52) + 240 * 70.5 / 52) * 150_000 / 52 * 0.8 - 1_120_000
    assert saving_2028 == pytest.approx(86_213.02, abs=0.01)
    assert data["cases"][1]["saving"]["2028"] == pytest.approx(saving_2028, abs=0.01)
    assert totals["projected_net"]["2028"] == pytest.approx(
        totals["net"]["2028"] - sum(c["saving"]["2028"] for c in data["cases"]))


def test_summary_text_is_a_danish_table(capsys):
    assert main(["project", "summary", DEMO]) == 0
    out = capsys.readouterr().out
    assert "Eksempel Kommune: basisbudget og fremskrivning" in out
    assert "Beløb i 1.000 kr., 2026 p/l" in out
    assert "B2027" in out and "R2025" in out
    assert "[x] To ekstra sagsbehandlere (lavere sagsstammer)" in out
    assert "86,2" in out   # 86.213 kr. (test_summary_json_of_the_demo) shown in 1.000 kr.


def test_summary_with_scenario_and_unknown_scenario(capsys):
    assert main(["project", "summary", DEMO, "--json", "--scenario", "Forsigtig effekt"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "Forsigtig effekt"
    # half the effect: path weeks 28,5-30 saved (1,5 weeks). An entrant arriving at t saves
    # min(1,5, max(0, 23,5 − t)) of them in its entry year: ∫ over [0, 52) = 22·1,5 + 1,5²/2 = 34,125.
    # 2028: 120 × (1,5 − 34,125/52) + 240 × 34,125/52 = 180 + 78,75 = 258,75 weeks
    # × 150.000/52 × 80 % = 597.115,38 − 1.120.000 = −522.884,62 kr.
    assert data["cases"][1]["saving"]["2028"] == pytest.approx(
        258.75 * 150_000 / 52 * 0.8 - 1_120_000, abs=0.01)
    assert data["cases"][1]["saving"]["2028"] == pytest.approx(-522_884.62, abs=0.01)
    assert main(["project", "summary", DEMO, "--scenario", "Findes ikke"]) == 1
    assert "intet scenarie med navnet 'Findes ikke'" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 50])
def test_bad_files_exit_1_with_a_message(tmp_path, capsys, content):
    path = tmp_path / "daarlig.jcbudget"
    path.write_bytes(content)
    assert main(["project", "summary", str(path), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Fejl: ") and "daarlig.jcbudget" in captured.err
    assert "Traceback" not in captured.err


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["project", "summary", str(tmp_path / "x.jcbudget")]) == 1
    assert "findes ikke" in capsys.readouterr().err


def test_invalid_project_exits_1_with_the_issues(tmp_path, capsys):
    path = tmp_path / "ugyldig.jcbudget"
    save_project(load_project(DEMO), path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE cases SET budget_group = 'ukendt' WHERE position = 1")
    conn.close()
    assert main(["project", "summary", str(path)]) == 1
    assert "målgruppen 'ukendt' findes ikke i basisbudgettet" in capsys.readouterr().err
