"""Killing the program at random moments of a save never damages the project file.

A child process saves two different states of a project over the same file in a loop; the
test kills it (SIGKILL, no clean-up possible) at a random moment, reopens the file and asserts
it holds exactly the old or the new state. The temporary file a kill leaves behind is removed
by the next save. ``BUDGETAPP_KILL_ITERATIONS`` sets the number of kills (default 12, a few
seconds; the reliability run used 320).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from budgetapp.io.project_file import load_project, save_project
from budgetapp.resources import demo_project_path

ITERATIONS = int(os.environ.get("BUDGETAPP_KILL_ITERATIONS", "12"))

CHILD = textwrap.dedent("""
    import sys
    from budgetapp.io.project_file import load_project, save_project
    from budgetapp.resources import demo_project_path

    target = sys.argv[1]
    old = load_project(demo_project_path())
    old.notes = "gammel"
    new = load_project(demo_project_path())
    new.notes = "ny"
    del new.cases[1:]
    print("klar", flush=True)
    while True:
        save_project(new, target)
        save_project(old, target)
""")


def _states():
    old = load_project(demo_project_path())
    old.notes = "gammel"
    new = load_project(demo_project_path())
    new.notes = "ny"
    del new.cases[1:]
    return old, new


def _temp_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_during_save_leaves_old_or_new_state(tmp_path):
    old, new = _states()
    target = tmp_path / "projekt.jcbudget"
    save_project(old, target)
    rng = random.Random(15)
    seen = set()
    left_behind = 0
    for _ in range(ITERATIONS):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(target)], stdout=subprocess.PIPE,
                                 text=True)
        try:
            assert child.stdout.readline().strip() == "klar"
            time.sleep(rng.uniform(0.0, 0.06))  # a save takes a few milliseconds: any moment of it
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            child.stdout.close()
        reopened = load_project(target)
        assert reopened in (old, new), "projektfilen har hverken den gamle eller den nye tilstand"
        seen.add(reopened.notes)
        left_behind += len(_temp_files(tmp_path))
    # the next save (by this process) removes what the killed processes left
    save_project(new, target)
    assert _temp_files(tmp_path) == []
    assert load_project(target) == new
    print("kills", ITERATIONS, "states", sorted(seen), "temp files left", left_behind)
    assert seen  # every reopen succeeded; which states were hit depends on timing


def test_next_save_removes_a_dead_process_temp_but_not_a_live_one(tmp_path):
    old, _ = _states()
    target = tmp_path / "p.jcbudget"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # its pid is gone now
    import socket

    host = socket.gethostname().replace("~", "-")
    killed = tmp_path / f".p.jcbudget.~{host}~{dead.pid}~abc123.tmp"
    running = tmp_path / f".p.jcbudget.~{host}~{os.getppid()}~def456.tmp"  # a live process
    other_host = tmp_path / ".p.jcbudget.~andenpc~12345~ghi789.tmp"  # pid unknown here
    for path in (killed, running, other_host):
        path.write_bytes(b"halv fil")
    save_project(old, target)
    assert _temp_files(tmp_path) == sorted([running.name, other_host.name])
    hour_ago = time.time() - 3700  # older than STALE_TEMP_SECONDS: stale whoever wrote it
    os.utime(other_host, (hour_ago, hour_ago))
    save_project(old, target)
    assert _temp_files(tmp_path) == [running.name]
