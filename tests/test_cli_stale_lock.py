"""A command line write never goes over a lock without asking: a live lock (another program works in
the project) is always refused; a stale one (its program is gone) is refused with a Danish message
saying so and how to take it over (``--take-over-lock``), and taken over only when that is given,
as the GUI asks before taking one over. The same for ``import``, ``edit`` and ``rules import-index``."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import psutil
import pytest

from budgetapp.cli import main
from budgetapp.io.project_file import load_project
from budgetapp.io.project_lock import claim_for_writing, lock_owner, lock_path, take_lock
from tests.import_helpers import (
    BUDGET_HEADER,
    dead_pid,
    live_process,
    persons_by_group,
    write_lock,
    write_xlsx,
)
from tests.import_helpers import demo_path_fixture as demo_path_fixture
from tests.import_helpers import private_store_fixture as private_store_fixture

pytestmark = pytest.mark.usefixtures("private_store")

ROW = ["dagpenge", 2027, 400, 230000, "medfinansiering-2016", 0.3]
HOST = socket.gethostname()
STALE = ("Projektet demo.jcbudget kan ikke skrives: det er låst af kollega på {host} (siden "
         "29.11.2026 09:15), men låsen er forladt (programmet, der låste det, kører ikke længere på "
         "denne computer). Er du sikker på, at ingen arbejder i projektet, så overtag låsen ved at "
         "gentage kommandoen med --take-over-lock. Projektfilen er uændret.")
LIVE = ("Projektet demo.jcbudget kan ikke skrives: filen er åben og låst af kollega på {host} (siden "
        "29.11.2026 09:15). Luk projektet dér (eller gem det), og prøv igen; en lås, som et kørende "
        "program har, kan ikke overtages. Projektfilen er uændret.")


@pytest.fixture
def stale_lock(demo_path: Path) -> Path:
    write_lock(demo_path, dead_pid(), time.time() - 100)
    return demo_path


@pytest.fixture
def live_lock(demo_path: Path):
    with live_process() as child:
        write_lock(demo_path, child.pid, psutil.Process(child.pid).create_time())
        yield demo_path


def _budget(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "b.xlsx", {"Budget": [BUDGET_HEADER[:6], ROW]})


def test_import_into_a_stale_lock_is_refused_without_the_option(tmp_path, stale_lock, capsys):
    path = _budget(tmp_path)
    before = stale_lock.read_bytes()
    lock_before = lock_path(stale_lock).read_bytes()
    assert main(["import", str(stale_lock), str(path)]) == 3  # EXIT_PROJECT
    err = capsys.readouterr().err
    assert err.strip() == "Fejl: " + STALE.format(host=HOST), err
    assert stale_lock.read_bytes() == before
    assert lock_path(stale_lock).read_bytes() == lock_before  # the lock is left as it was


def test_import_takes_over_a_stale_lock_when_asked_and_releases_it(tmp_path, stale_lock, capsys):
    path = _budget(tmp_path)
    assert main(["import", str(stale_lock), str(path), "--take-over-lock"]) == 0, capsys.readouterr()
    assert "Importeret i" in capsys.readouterr().out
    assert persons_by_group(stale_lock, 2027)["dagpenge"] == 400.0
    assert lock_owner(stale_lock) is None  # taken for the write and released afterwards


def test_import_into_a_live_lock_is_refused_even_with_the_option(tmp_path, live_lock, capsys):
    path = _budget(tmp_path)
    before = live_lock.read_bytes()
    for extra in ([], ["--take-over-lock"]):
        assert main(["import", str(live_lock), str(path), *extra]) == 3
        assert capsys.readouterr().err.strip() == "Fejl: " + LIVE.format(host=HOST)
        assert live_lock.read_bytes() == before
        owner = lock_owner(live_lock)
        assert owner is not None and owner.user == "kollega"


def test_import_check_only_is_not_stopped_by_a_stale_lock(tmp_path, stale_lock, capsys):
    before = stale_lock.read_bytes()
    assert main(["import", str(stale_lock), str(_budget(tmp_path)), "--check"]) == 0
    assert stale_lock.read_bytes() == before


def test_our_own_lock_is_no_obstacle_and_stays_ours(tmp_path, demo_path, capsys):
    assert take_lock(demo_path)  # as the GUI in this very process would hold it
    assert main(["import", str(demo_path), str(_budget(tmp_path))]) == 0
    owner = lock_owner(demo_path)
    assert owner is not None and owner.ours  # not released: it was not taken for the import


def test_edit_and_rules_ask_the_same(tmp_path, stale_lock, capsys):
    before = stale_lock.read_bytes()
    assert main(["edit", str(stale_lock), "--set", "notes=fra kommandolinjen"]) == 1
    assert capsys.readouterr().err.strip() == "Fejl: " + STALE.format(host=HOST)
    index = tmp_path / "indeks.csv"
    index.write_text("år;indeks\n" + "".join(f"{y};{100 + y - 2000}\n" for y in range(2000, 2041)),
                     encoding="utf-8")
    assert main(["rules", "import-index", str(stale_lock), str(index)]) == 1
    assert capsys.readouterr().err.strip() == "Fejl: " + STALE.format(host=HOST)
    assert stale_lock.read_bytes() == before
    assert main(["edit", str(stale_lock), "--set", "notes=fra kommandolinjen", "--take-over-lock"]) == 0
    assert load_project(stale_lock).notes == "fra kommandolinjen"
    assert lock_owner(stale_lock) is None


def test_a_lock_taken_by_another_program_meanwhile_is_not_taken_over(stale_lock, monkeypatch):
    # Between reading the stale lock and taking it over, another program took it over first.
    import budgetapp.io.project_lock as project_lock

    monkeypatch.setattr(project_lock, "take_over_lock", lambda path, stale: False)
    claim = claim_for_writing(stale_lock, take_over=True)
    assert not claim.taken
    assert claim.refusal == ("Projektet demo.jcbudget kan ikke skrives: den forladte lås kunne ikke "
                             "overtages (et andet program har taget den imens, eller låsefilen kan ikke "
                             "fjernes). Projektfilen er uændret.")
