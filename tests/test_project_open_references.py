"""A project whose parts point at something missing (a scenario overriding a case that is gone, a
case whose budget group is gone) is flagged when it is opened, by the same check project summary
and export make: it opens read-only with the Danish list, never writable without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

from budgetapp.core.project import Scenario
from budgetapp.io.project_file import load_project, open_project, save_project
from budgetapp.resources import demo_project_path


def dangling_scenario_project(tmp_path: Path) -> Path:
    path = tmp_path / "scenarie.jcbudget"
    shutil.copy(demo_project_path(), path)
    project = load_project(path)
    project.scenarios.append(Scenario("Pessimistisk", {"Nedlagt indsats": {"inflow_per_year": 10}}, ""))
    save_project(project, path)  # the file can hold it; it cannot be computed
    return path


def test_scenario_pointing_at_a_missing_case_is_flagged_on_open(tmp_path: Path) -> None:
    opened = open_project(dangling_scenario_project(tmp_path))
    assert [str(p) for p in opened.problems] == [
        "scenarier[Pessimistisk].Nedlagt indsats: ingen business case har dette navn"]
    assert all(p.repaired for p in opened.problems)  # opens (read-only), not refused


def test_gui_opens_it_read_only_with_the_list(window, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append(text))
    path = dangling_scenario_project(tmp_path)
    window.open_file(path)
    assert window.document.read_only
    assert any("indeholder fejl og er åbnet skrivebeskyttet" in t
               and "ingen business case har dette navn" in t
               for t in shown), shown


def test_demo_opens_without_problems() -> None:
    assert open_project(demo_project_path()).problems == []


def test_cli_loads_it_and_summary_refuses_it_with_the_reason(tmp_path: Path, capsys) -> None:
    from budgetapp.cli import main

    path = dangling_scenario_project(tmp_path)
    assert [s.name for s in load_project(path).scenarios][-1] == "Pessimistisk"  # loads for editing
    assert main(["project", "summary", str(path)]) == 1
    assert "ingen business case har dette navn" in capsys.readouterr().err
