"""Locks, recovery and autosave through the real main window, with the Danish texts the user sees,
and no typed work lost in any of the scenarios of the reliability run."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

from PySide6.QtWidgets import QMessageBox

from budgetapp.core.commands import ChangeSettings
from budgetapp.io.processes import process_start_time
from budgetapp.io.project_file import load_project, save_project
from budgetapp.resources import demo_project_path
from budgetapp.ui import files
from budgetapp.ui.app import offer_recovery
from budgetapp.ui.autosave import Autosaver, find_recoveries

YES = QMessageBox.StandardButton.Yes
NO = QMessageBox.StandardButton.No


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(path, host: str, pid: int, started: float, user: str = "kollega") -> None:
    since = time.strftime("%d.%m.%Y %H:%M", time.localtime(started))
    files.lock_path(path).write_text(json.dumps(
        {"user": user, "host": host, "pid": pid, "since": since, "started": started}), encoding="utf-8")


def project_copy(tmp_path, name: str):
    path = tmp_path / name
    shutil.copy(demo_project_path(), path)
    return path


def type_note(window, text: str) -> None:
    """An edit as the pages make it: one undoable step on the document."""
    window.document.run(ChangeSettings.of(window.document.project, notes=text))


def lock_owner_pid(path) -> int:
    return json.loads(files.lock_path(path).read_text(encoding="utf-8"))["pid"]


def test_stale_lock_on_this_pc_is_taken_over_only_after_confirming(window, tmp_path, questions):
    path = project_copy(tmp_path, "efterladt.jcbudget")
    write_lock(path, socket.gethostname(), dead_pid(), time.time())
    assert window.open_file(path) is True  # answered No: a read-only copy
    assert "Overtag låsen?: efterladt.jcbudget er låst af kollega på " in questions[-1]
    assert "programmet, der låste det, kører ikke længere på denne computer" in questions[-1]
    assert window.document.read_only and lock_owner_pid(path) != os.getpid()
    questions.answers["Overtag låsen?"] = YES
    assert window.open_file(path) is True
    assert not window.document.read_only
    assert lock_owner_pid(path) == os.getpid()
    type_note(window, "overtaget og gemt")
    assert window.save()
    assert load_project(path).notes == "overtaget og gemt"


def test_lock_from_another_pc_is_stale_only_when_old(window, tmp_path, questions):
    path = project_copy(tmp_path, "netvaerk.jcbudget")
    write_lock(path, "en-anden-pc", 4242, time.time() - 13 * 3600)
    questions.answers["Overtag låsen?"] = YES
    assert window.open_file(path) is True
    assert "låsen fra en anden computer er mere end 12 timer gammel" in questions[-1]
    assert not window.document.read_only and lock_owner_pid(path) == os.getpid()
    window.open_demo()
    assert not files.lock_path(path).exists()  # released when the project was closed
    write_lock(path, "en-anden-pc", 4242, time.time() - 60)  # in use a minute ago: not stale
    assert window.open_file(path) is False  # answered No to a read-only copy
    assert questions[-1].startswith("Projektet er åbent et andet sted: netvaerk.jcbudget er allerede "
                                    "åbnet af kollega på en-anden-pc")


def test_read_only_copy_cannot_save_over_the_locked_file_and_keeps_the_typed_work(window, tmp_path,
                                                                                questions):
    path = project_copy(tmp_path, "delt.jcbudget")
    started = time.time()
    write_lock(path, "en-anden-pc", 4242, started)
    since = time.strftime("%d.%m.%Y %H:%M", time.localtime(started))
    before = path.read_bytes()
    questions.answers["Projektet er åbent et andet sted"] = YES
    assert window.open_file(path) is True
    assert window.document.read_only and "(skrivebeskyttet)" in window.windowTitle()
    type_note(window, "mit arbejde")
    assert window.save_as(path) is False  # "Gem som" onto the locked file's own name
    assert questions[-1] == (f"Projektet blev ikke gemt: delt.jcbudget er åbnet af kollega på en-anden-pc "
                             f"(siden {since}) og kan ikke overskrives. Vælg et andet navn med Gem som.")
    assert path.read_bytes() == before
    assert json.loads(files.lock_path(path).read_text(encoding="utf-8"))["host"] == "en-anden-pc"
    assert window.document.read_only and window.document.project.notes == "mit arbejde"
    other = tmp_path / "min-kopi.jcbudget"
    assert window.save_as(other) is True
    assert load_project(other).notes == "mit arbejde"
    assert not window.document.read_only and lock_owner_pid(other) == os.getpid()


def _take(path, start, results):
    start.wait()
    results.put(files.take_lock(path))


def test_two_programs_opening_at_once_get_one_lock(tmp_path):
    path = project_copy(tmp_path, "samtidig.jcbudget")
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    workers = [ctx.Process(target=_take, args=(path, start, results)) for _ in range(6)]
    for worker in workers:
        worker.start()
    start.set()
    outcomes = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(60)
    assert sorted(outcomes) == [False] * 5 + [True]  # O_CREAT|O_EXCL: exactly one holder


def test_recovery_is_offered_only_after_a_crash_and_kept_until_saved(window, tmp_path, questions):
    path = window.document.path
    type_note(window, "skrevet før nedbruddet")
    copy = window.autosaver.save_now()
    assert window.autosaver.wait(60) and copy.exists()
    # the program is still running: its copy is not a crash to recover (nor is another live one's)
    assert [r for r in find_recoveries() if r.project_file == copy] == []
    info = copy.with_suffix(".json")
    data = json.loads(info.read_text(encoding="utf-8"))
    # another live program (the parent process, with its own start time) owns it: not offered either
    data["pid"] = os.getppid()
    data["process_started"] = process_start_time(os.getppid())
    info.write_text(json.dumps(data), encoding="utf-8")
    assert [r for r in find_recoveries() if r.project_file == copy] == []
    # a crash: the process that wrote the copy is gone, and so is the window's lock holder
    data["pid"] = dead_pid()
    info.write_text(json.dumps(data), encoding="utf-8")
    window.autosaver._files.clear()  # the crashed program's autosaver is gone with it
    window.document.undo_stack.setClean()
    window.open_demo()
    write_lock(path, socket.gethostname(), data["pid"], time.time())  # the crash left its lock too
    questions.answers["Genopret projekt?"] = YES
    questions.answers["Overtag låsen?"] = YES
    offer_recovery(window)
    assert any(q.startswith("Genopret projekt?: Programmet blev ikke lukket korrekt sidst. Der findes en "
                            f"autogemt kopi af {path.name}") for q in questions)
    assert window.document.path == path and window.document.modified and not window.document.read_only
    assert window.document.project.notes == "skrevet før nedbruddet"
    assert window.autosaver.wait(60)
    assert copy.exists()  # a second crash now still finds the work
    assert window.save() is True
    assert load_project(path).notes == "skrevet før nedbruddet"
    assert not copy.exists() and not info.exists()  # removed once the user has saved


def test_autosave_writes_off_the_gui_thread_from_a_snapshot(window, tmp_path):
    release = threading.Event()
    started = threading.Event()
    written: list[bytes] = []

    def slow_share(data: bytes, target) -> None:  # a network share whose fsync takes a while
        started.set()
        release.wait(60)
        written.append(data)
        target.write_bytes(data)

    saver = Autosaver(window.document, writer=slow_share)
    type_note(window, "før")
    copy = saver.save_now()
    assert started.wait(30)
    # save_now has returned while the disk is still busy: the window goes on working
    assert saver.busy and not release.is_set() and written == []
    type_note(window, "efter")
    assert saver.save_now() is None  # the next tick is skipped while a write runs
    release.set()
    assert saver.wait(60)
    assert load_project(copy).notes == "før"  # the snapshot, not the later edit
    saver.discard()
    assert not copy.exists()


def test_discard_during_a_slow_write_removes_the_copy_when_it_ends(window):
    release = threading.Event()

    def slow_share(data: bytes, target) -> None:
        release.wait(60)
        target.write_bytes(data)

    saver = Autosaver(window.document, writer=slow_share)
    type_note(window, "gemmes snart")
    copy = saver.save_now()
    saver.discard()  # the user saved meanwhile: discard does not wait for the disk
    release.set()
    assert saver.wait(60)
    assert not copy.exists() and not copy.with_suffix(".json").exists()


def test_failed_autosave_is_shown_in_danish(window, qtbot):
    def full_disk(data: bytes, target) -> None:
        raise OSError(28, "No space left on device")  # the C library's English

    window.autosaver.writer = full_disk
    type_note(window, "kan ikke autogemmes")
    assert window.autosaver.save_now() is not None
    qtbot.waitUntil(lambda: window.autosaver.last_error is not None, timeout=30_000)
    assert window.statusBar().currentMessage() == \
        "Autogem mislykkedes: der er ikke plads nok på disken"


def test_a_killed_autosave_leaves_no_temp_file_behind(window):
    from budgetapp.ui.autosave import recovery_dir

    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    host = socket.gethostname().replace("~", "-")
    killed = folder / f".abc123.jcbudget.~{host}~{dead_pid()}~x1y2.tmp"
    running = folder / f".def456.jcbudget.~{host}~{os.getppid()}~z3.tmp"
    killed.write_bytes(b"halv kopi")
    running.write_bytes(b"skrives nu")
    find_recoveries()
    assert not killed.exists() and running.exists()
    running.unlink()


def test_damaged_project_opens_read_only_with_the_list_and_saves_under_a_new_name(window, tmp_path,
                                                                                  questions):
    import sqlite3

    path = project_copy(tmp_path, "dublet.jcbudget")
    conn = sqlite3.connect(path)
    with conn:  # another tool rebuilt the table without UNIQUE and copied a row
        conn.execute("ALTER TABLE cases RENAME TO old_cases")
        conn.execute("CREATE TABLE cases AS SELECT * FROM old_cases")
        conn.execute("DROP TABLE old_cases")
        conn.execute("INSERT INTO cases SELECT 99, name, enabled, budget_group, price_level_year, case_json "
                     "FROM cases WHERE position = 0")
    conn.close()
    before = path.read_bytes()
    assert window.open_file(path) is True
    assert questions[-1].startswith("Projektet indeholder fejl: dublet.jcbudget indeholder fejl og er åbnet "
                                    "skrivebeskyttet:\n- Tabellen 'business cases', række 4, feltet 'name': ")
    assert window.document.read_only and not files.lock_path(path).exists()
    first = window.document.project.cases[0].name
    assert window.document.project.cases[-1].name == f"{first} (2)"
    type_note(window, "rettet kopi")
    fixed = tmp_path / "rettet.jcbudget"
    assert window.save_as(fixed) is True
    assert path.read_bytes() == before
    assert files.open_project(fixed).problems == []
    assert load_project(fixed).notes == "rettet kopi"


def test_two_crashes_offer_the_newest_copy_first_and_keep_the_other(window, tmp_path, questions):
    from budgetapp.ui.autosave import recovery_dir

    path = window.document.path
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    crashes = (("aaaa", "første nedbrud", time.time() - 120, "29.11.2026 14:03:07"),
               ("ffff", "andet nedbrud, nyeste", time.time() - 5, "29.11.2026 14:05:02"))
    for stem, note, written, saved_at in crashes:  # "aaaa" sorts first by name, but is older
        project = load_project(path)
        project.notes = note
        copy = folder / f"{stem}.jcbudget"
        save_project(project, copy)
        copy.with_suffix(".json").write_text(json.dumps(
            {"original": str(path), "saved_at": saved_at, "pid": dead_pid(), "host": socket.gethostname()}),
            encoding="utf-8")
        os.utime(copy, (written, written))
        copies.append(copy)
    found = [r for r in find_recoveries() if r.original == path]
    assert [r.project_file for r in found] == [copies[1], copies[0]]  # newest first
    first, second = (r.describe() for r in found)
    assert first != second
    assert f"{path.name} (autogemt 29.11.2026 14:05:02, " in first
    assert "kB, af programmet med proces-id " in first
    window.document.undo_stack.setClean()
    window.open_demo()
    questions.answers["Genopret projekt?"] = YES
    questions.answers["Overtag låsen?"] = YES
    offer_recovery(window)
    assert window.document.project.notes == "andet nedbrud, nyeste"
    assert copies[0].exists()  # never deleted without the user seeing and discarding it
    assert copies[1].exists()  # kept until the recovered project is saved
