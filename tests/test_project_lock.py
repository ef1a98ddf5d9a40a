"""The project lock and process helpers, without Qt: liveness through psutil (never
``os.kill(pid, 0)``, which interrupts a process on Windows), and a lock whose pid now belongs to
another process (reused after a reboot) counts as stale."""

from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil

from budgetapp.io import processes
from budgetapp.io.project_lock import LockInfo, lock_owner, lock_path, take_lock


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_liveness_uses_the_start_time_of_the_process() -> None:
    me = os.getpid()
    started = psutil.Process(me).create_time()
    assert processes.process_start_time(me) == started
    assert processes.process_alive(me)
    assert processes.process_alive(me, started)
    # the same pid with another start time is another process (the pid was reused)
    assert not processes.process_alive(me, started - 3600)
    assert not processes.process_alive(dead_pid())
    assert not processes.process_alive(0) and processes.process_start_time(0) is None


def test_no_module_tests_liveness_with_os_kill() -> None:
    """``os.kill(pid, 0)`` sends CTRL_C_EVENT on Windows: liveness goes through psutil
    (:mod:`budgetapp.io.processes`), which knows each platform's way."""
    root = Path(__file__).resolve().parent.parent / "budgetapp"
    calls = []
    for source in root.rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "kill"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "os"):
                calls.append(f"{source.name}:{node.lineno}")
    assert calls == []


def test_lock_records_the_process_start_time(tmp_path: Path) -> None:
    path = tmp_path / "p.jcbudget"
    assert take_lock(path)
    data = json.loads(lock_path(path).read_text(encoding="utf-8"))
    assert data["pid"] == os.getpid()
    assert data["process_started"] == psutil.Process(os.getpid()).create_time()
    owner = lock_owner(path)
    assert owner is not None and owner.ours and owner.stale_reason() is None


def test_lock_whose_pid_was_reused_is_stale(tmp_path: Path) -> None:
    # A lock left before a reboot: its pid now belongs to a live process (here: our parent, which
    # is not us) that started at another time than the one recorded.
    other = os.getppid()
    started_then = psutil.Process(other).create_time() - 7200
    lock = LockInfo("kollega", socket.gethostname(), other, "29.11.2026 08:00", time.time() - 60,
                    started_then)
    assert lock.stale_reason() == "programmet, der låste det, kører ikke længere på denne computer"
    live = LockInfo("kollega", socket.gethostname(), other, "29.11.2026 08:00", time.time() - 60,
                    psutil.Process(other).create_time())
    assert live.stale_reason() is None


def test_old_lock_without_a_start_time_falls_back_to_its_age(tmp_path: Path) -> None:
    other = os.getppid()  # alive, but the lock cannot say whether it is the owner
    now = time.time()
    old = LockInfo("kollega", socket.gethostname(), other, "28.11.2026 08:00", now - 13 * 3600)
    assert old.stale_reason(now) == ("låsen er mere end 12 timer gammel (programmet, der låste, kan "
                                     "være lukket)")
    fresh = LockInfo("kollega", socket.gethostname(), other, "29.11.2026 08:00", now - 3600)
    assert fresh.stale_reason(now) is None
