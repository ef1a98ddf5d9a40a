"""Opening and saving projects from the GUI: the demo, new projects, lock files, recent files.

A lock file (``.~<name>.lock`` beside the project) says who has the project open, so a second
user (or a second window) is told and offered a read-only copy instead of overwriting the
first user's work. A lock left by a crashed program on this machine is recognised (its process
is gone) and taken over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from budgetapp.core.budget import BaseBudget
from budgetapp.core.case import load_case
from budgetapp.core.project import Project, ProjectCase
from budgetapp.io.project_file import ProjectFileError, load_project, save_project
from budgetapp.resources import demo_project_path, examples_dir

MAX_RECENT = 8

__all__ = ["ProjectFileError", "load_project", "save_project"]


def new_project(
    year: int | None = None, municipality: str | None = None, price_level_year: int | None = None
) -> Project:
    """An empty project for the coming budget year.

    ``municipality`` and ``price_level_year`` are the site defaults (``budgetapp.ini``, see
    ``budgetapp/site_config.py``); without them: "Ny kommune" in the budget year's prices.
    """
    budget_year = year or dt.date.today().year + 1
    name = municipality or "Ny kommune"
    level = price_level_year or budget_year
    budget = BaseBudget(municipality=name, budget_year=budget_year, price_level_year=level)
    return Project(municipality=name, budget_year=budget_year, price_level_year=level, budget=budget)


def example_project() -> Project:
    """Used only when the demo project file is missing: an empty budget with the Hillerød case."""
    case = load_case(examples_dir() / "hillerod-straksaktivering.json")
    budget = BaseBudget(
        municipality="Hillerød (eksempel)", budget_year=case.start_year, price_level_year=case.start_year
    )
    project = Project(
        municipality="Hillerød (eksempel)",
        budget_year=case.start_year,
        price_level_year=case.start_year,
        budget=budget,
    )
    project.cases.append(ProjectCase(case))
    return project


def open_demo() -> tuple[Project, Path | None]:
    """The demo project (Eksempel Kommune), or the Hillerød example if the demo is not there."""
    path = demo_project_path()
    if path.exists():
        return load_project(path), None
    return example_project(), None


# --- lock files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user} på {self.host} (siden {self.since})"


def lock_path(path: Path) -> Path:
    return path.with_name(f".~{path.name}.lock")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def read_lock(path: Path) -> LockInfo | None:
    """Who else has ``path`` open, or None (no lock, our own lock, or a stale lock)."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        info = LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    here = socket.gethostname()
    if info.host == here and (info.pid == os.getpid() or not _pid_alive(info.pid)):
        return None
    return info


def take_lock(path: Path) -> None:
    """Mark ``path`` as open by us; silently skipped in a folder we cannot write to."""
    data = {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now().strftime("%d.%m.%Y %H:%M"),
    }
    with contextlib.suppress(OSError):
        lock_path(path).write_text(json.dumps(data), encoding="utf-8")


def release_lock(path: Path | None) -> None:
    if path is None:
        return
    lock = lock_path(path)
    try:
        data = json.loads(lock.read_text(encoding="utf-8"))
        if data.get("pid") == os.getpid() and data.get("host") == socket.gethostname():
            lock.unlink()
    except (OSError, ValueError):
        pass


def is_writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK)
    return os.access(path.parent, os.W_OK)


# --- recent files --------------------------------------------------------------------------------


def settings() -> QSettings:
    return QSettings("budgetapp", "budgetapp")


def recent_files() -> list[Path]:
    value = settings().value("recent_files", [])
    if isinstance(value, str):
        value = [value]
    return [Path(v) for v in (value or []) if isinstance(v, str)]


def add_recent_file(path: Path) -> None:
    paths = [p for p in recent_files() if p != path]
    paths.insert(0, path)
    settings().setValue("recent_files", [str(p) for p in paths[:MAX_RECENT]])


def remove_recent_file(path: Path) -> None:
    settings().setValue("recent_files", [str(p) for p in recent_files() if p != path])
