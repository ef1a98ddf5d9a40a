"""Is a process still running, and is it the one we think? One helper for locks, autosaves and
the temporary files of a save.

``os.kill(pid, 0)`` is not a liveness test on Windows (it sends CTRL_C_EVENT to the process
group), and a pid alone cannot tell the owner from another process that got the same pid after a
reboot. So this uses psutil: ``psutil.pid_exists`` and the process's ``create_time()`` (seconds
since the epoch), compared with the start time recorded beside the pid.
"""

from __future__ import annotations

import psutil

START_TIME_TOLERANCE = 1.0  # seconds: create_time() is rounded differently on some platforms


def process_start_time(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), or None when it does not exist or
    cannot be asked."""
    if pid <= 0:
        return None
    try:
        return float(psutil.Process(pid).create_time())
    except (psutil.Error, OSError, ValueError):
        return None


def process_alive(pid: int, started: float | None = None) -> bool:
    """True while process ``pid`` runs and, when ``started`` (its recorded start time) is given,
    is that same process (not another one that got the pid later). A process that exists but
    cannot be asked for its start time counts as alive (never steal from a live owner)."""
    if pid <= 0:
        return False
    try:
        if not psutil.pid_exists(pid):
            return False
    except (psutil.Error, OSError):
        return True
    if started is None:
        return True
    now_started = process_start_time(pid)
    if now_started is None:
        return True
    return abs(now_started - started) <= START_TIME_TOLERANCE
