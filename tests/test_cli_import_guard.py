"""``budgetapp import`` never leaves a project that cannot be computed, and no CLI write overwrites
a project a running program (the GUI) holds the lock on."""

from __future__ import annotations

import os
import socket
import time

import psutil
import pytest

from budgetapp.cli import main
from budgetapp.io.project_file import ProjectFileError, load_project, save_project
from budgetapp.io.project_lock import lock_path
from tests.import_helpers import BUDGET_HEADER, dead_pid, live_process, write_lock, write_xlsx
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

ROW = ["dagpenge", 2027, 400, 230000, "medfinansiering-2016", 0.3]


pytestmark = pytest.mark.usefixtures("private_store")


def test_import_that_would_orphan_a_case_is_refused_and_writes_nothing(tmp_path, demo_path, capsys):
    # The demo's three cases belong to kontant_uddannelseshjaelp; replacing the whole base budget
    # by a file with only dagpenge would leave them pointing at a group that is gone.
    path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
    before = demo_path.read_bytes()
    assert main(["import", str(demo_path), str(path), "--replace-all"]) == 1
    err = capsys.readouterr().err
    assert "Importen afvises: projektet kunne bagefter ikke beregnes eller eksporteres" in err
    assert "målgruppen 'kontant_uddannelseshjaelp' findes ikke i basisbudgettet" in err
    assert f"Intet er indlæst; {demo_path} er uændret." in err
    assert demo_path.read_bytes() == before
    assert main(["project", "summary", str(demo_path)]) == 0  # still computable


def test_cli_import_refuses_a_project_another_program_holds(tmp_path, demo_path, capsys):
    with live_process() as child:
        write_lock(demo_path, child.pid, psutil.Process(child.pid).create_time())
        path = write_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER, ROW]})
        before = demo_path.read_bytes()
        assert main(["import", str(demo_path), str(path)]) == 3  # EXIT_PROJECT: the project cannot be written
        err = capsys.readouterr().err
        assert demo_path.read_bytes() == before
        assert (f"filen er åben og låst af kollega på {socket.gethostname()} (siden 29.11.2026 09:15)"
                in err), err
        # the same refusal for every writer of a project file (rules import-index, edit, ...)
        with pytest.raises(ProjectFileError, match="Luk projektet dér"):
            save_project(load_project(demo_path), demo_path)


def test_save_project_itself_does_not_stop_at_a_stale_lock(tmp_path, demo_path):
    # The CLI commands ask first (--take-over-lock, tests/test_cli_stale_lock.py) and the GUI asks
    # in a dialogue; the save underneath refuses only a live lock.
    write_lock(demo_path, dead_pid(), time.time() - 100)
    project = load_project(demo_path)
    project.notes = "skrevet fra kommandolinjen"
    save_project(project, demo_path)
    assert load_project(demo_path).notes == "skrevet fra kommandolinjen"
    assert os.path.exists(lock_path(demo_path))  # not ours to remove
