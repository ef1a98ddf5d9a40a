"""``budgetapp edit PROJEKT …``: the GUI's core commands from the command line; all or nothing."""

from __future__ import annotations

import json
import shutil

import pytest

from budgetapp.cli import main
from budgetapp.core.commands import History, RenameCase, SetCaseEnabled, case_index
from budgetapp.io.project_file import load_project
from budgetapp.resources import demo_project_path

HILLEROD = "Straksaktivering af unge (Hillerød-modellen)"
MENTOR = "Mentorstøtte til aktivitetsparate"


@pytest.fixture
def project_path(tmp_path):
    path = tmp_path / "projekt.jcbudget"
    shutil.copy(demo_project_path(), path)
    return path


def case_file(tmp_path, name="Jobrotation", inflow=30) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({
        "schema": "budgetapp.case/2", "name": name, "start_year": 2027, "years": 2, "timing": "entry_year",
        "effects": [{"kind": "flow", "name": "Alle", "target_group": "kontant_uddannelseshjaelp",
                     "inflow_per_year": inflow, "benefit_per_full_year_person": 104_000,
                     "benefit_refusion": {"rule": "flat", "rate": 0.0},
                     "segments": [{"name": "Alle", "share": 1, "weeks_before": 26, "weeks_after": 13}]}],
    }), encoding="utf-8")
    return str(path)


def test_settings_cases_and_order_are_saved_as_the_gui_would(project_path, tmp_path, capsys):
    before = load_project(project_path)
    assert main(["edit", str(project_path), "--set", "municipality=Hillerød Kommune", "budget_year=2026",
                 "--add-case", case_file(tmp_path), "--enable-case", "Jobrotation",
                 "--rename-case", HILLEROD, "Straksaktivering", "--disable-case", "Straksaktivering",
                 "--remove-case", MENTOR]) == 0
    out = capsys.readouterr().out
    assert "Omdøbt: «Straksaktivering af unge (Hillerød-modellen)» → «Straksaktivering»" in out
    after = load_project(project_path)
    assert after.municipality == "Hillerød Kommune"
    assert (after.budget_year, after.budget.budget_year) == (2026, 2026)
    assert after.price_level_year == before.price_level_year
    names = [c.name for c in after.cases]
    assert names == ["Straksaktivering", "To ekstra sagsbehandlere (lavere sagsstammer)", "Jobrotation"]
    enabled = {c.name: c.enabled for c in after.cases}
    assert enabled["Jobrotation"] is True and enabled["Straksaktivering"] is False
    added = after.cases[-1]
    assert added.budget_group == "kontant_uddannelseshjaelp"
    assert added.case.effects[0].inflow_per_year == 30


def test_the_cli_runs_the_same_commands_as_history(project_path):
    """The file the CLI writes equals the project a History of the same core commands gives."""
    project = load_project(project_path)
    history = History(project)
    history.do(RenameCase(case_index(project, HILLEROD), "Unge"))
    history.do(SetCaseEnabled(case_index(history.project, "Unge"), False))
    assert main(["edit", str(project_path), "--rename-case", HILLEROD, "Unge", "--disable-case", "Unge"]) == 0
    saved = load_project(project_path)
    assert saved.cases == history.project.cases
    assert saved.scenarios == history.project.scenarios


@pytest.mark.parametrize(("argv", "message"), [
    (["--set", "budget_year=tjuesyv"], "Budgetår skal være et helt tal"),
    (["--set", "budget_year=1850"], "Budgetår: skal være 2000 til 2100, ikke 1850"),
    (["--set", "kommune=X"], "skriv NØGLE=VÆRDI"),
    (["--set", "municipality= "], "kommunen skal have et navn"),
    (["--rename-case", "Findes ikke", "X"], "ingen business case, der hedder «Findes ikke»"),
    (["--rename-case", HILLEROD, MENTOR], f"der er allerede en case, der hedder «{MENTOR}»"),
    (["--remove-case", "Findes ikke"], "ingen business case"),
    (["--add-case", "/findes/ikke.json"], "filen kan ikke læses"),
    ([], "Angiv mindst én ændring"),
])
def test_bad_input_exits_2_in_danish_and_changes_nothing(project_path, capsys, argv, message):
    original = project_path.read_bytes()
    # A good change first: it must not be saved when a later one is refused.
    assert main(["edit", str(project_path), *(["--disable-case", MENTOR] if argv else []), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert project_path.read_bytes() == original


def test_a_case_named_like_one_in_the_project_is_refused(project_path, tmp_path, capsys):
    original = project_path.read_bytes()
    assert main(["edit", str(project_path), "--add-case", case_file(tmp_path, name=MENTOR)]) == 2
    assert f"der er allerede en case, der hedder «{MENTOR}»" in capsys.readouterr().err
    assert project_path.read_bytes() == original


def test_an_invalid_case_file_is_refused_with_the_field(project_path, tmp_path, capsys):
    original = project_path.read_bytes()
    assert main(["edit", str(project_path), "--add-case", case_file(tmp_path, inflow=-5)]) == 2
    err = capsys.readouterr().err
    assert "--add-case" in err and "inflow_per_year" in err
    assert project_path.read_bytes() == original


def test_a_file_that_is_not_a_project_exits_1(tmp_path, capsys):
    path = tmp_path / "x.jcbudget"
    path.write_bytes(b"ikke sqlite")
    assert main(["edit", str(path), "--disable-case", MENTOR]) == 1
    err = capsys.readouterr().err
    assert err and "Traceback" not in err
    assert path.read_bytes() == b"ikke sqlite"
