"""Opening and saving projects from the GUI: the demo, new projects, lock files, recent files.

A lock file (``.~<name>.lock`` beside the project, created atomically with O_CREAT|O_EXCL so two
programs opening at the same moment cannot both get it) says who has the project open: user,
host, process id and start time. A second user (or a second window) is told and offered a
read-only copy, and "Gem som" onto a locked file is refused. A stale lock (its process is gone
from this machine, or it comes from another machine and is older than :data:`LOCK_MAX_AGE`) can
be taken over after the user confirms.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from budgetapp.core.budget import BaseBudget
from budgetapp.core.case import load_case
from budgetapp.core.project import Project, ProjectCase
from budgetapp.core.project_validation import Problem, describe
from budgetapp.io.project_file import OpenedProject, ProjectFileError, load_project
from budgetapp.io.project_file import open_project as _open_project
from budgetapp.io.project_file import save_project as _save_project
from budgetapp.resources import demo_project_path, examples_dir
from budgetapp.ui.locale import tr

MAX_RECENT = 8

__all__ = ["OpenedProject", "ProjectFileError", "load_project", "open_project", "save_project"]


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

LOCK_MAX_AGE = dt.timedelta(hours=12)  # a lock from another PC older than this may be taken over
_TIME_FORMAT = "%d.%m.%Y %H:%M"


@dataclass(frozen=True)
class LockInfo:
    """Who holds a project's lock file: user, host, process id and start time."""

    user: str
    host: str
    pid: int
    since: str  # shown to the user, "29.11.2026 14:05"
    started: float = 0.0  # time.time() when the lock was made (0: unknown, an old lock file)

    def describe(self) -> str:
        return f"{self.user} på {self.host} (siden {self.since})"

    @property
    def ours(self) -> bool:
        return self.host == socket.gethostname() and self.pid == os.getpid()

    def stale_reason(self, now: float | None = None) -> str | None:
        """Why the lock looks abandoned (Danish), or None while its owner may still be working."""
        if self.ours:
            return None
        if self.host == socket.gethostname():
            if not _pid_alive(self.pid):
                return tr("Files", "programmet, der låste det, kører ikke længere på denne computer")
            return None
        now = time.time() if now is None else now
        if not self.started or now - self.started > LOCK_MAX_AGE.total_seconds():
            hours = int(LOCK_MAX_AGE.total_seconds() // 3600)
            return tr("Files", "låsen fra en anden computer er mere end {0} timer gammel").format(hours)
        return None


def lock_path(path: Path) -> Path:
    return path.with_name(f".~{path.name}.lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def _lock_data() -> dict:
    now = time.time()
    return {
        "user": getpass.getuser(),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.fromtimestamp(now).strftime(_TIME_FORMAT),
        "started": now,
    }


def _parse_lock(text: str) -> LockInfo | None:
    try:
        data = json.loads(text)
        since = str(data["since"])
        started = data.get("started")
        if started is None:  # a lock file of an older version: its start time is "since"
            with contextlib.suppress(ValueError):
                started = dt.datetime.strptime(since, _TIME_FORMAT).timestamp()
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), since, float(started or 0.0))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def lock_owner(path: Path) -> LockInfo | None:
    """Whoever holds the lock on ``path`` (us included), or None when there is no lock file.

    A lock file that cannot be read as a lock counts as held by an unknown user (it is never
    silently overwritten).
    """
    try:
        text = lock_path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        text = ""
    return _parse_lock(text) or LockInfo("ukendt bruger", "ukendt computer", 0, "ukendt tidspunkt")


def read_lock(path: Path) -> LockInfo | None:
    """Who else holds the lock on ``path`` (live or stale), or None (no lock, or our own)."""
    info = lock_owner(path)
    if info is None or info.ours:
        return None
    return info


def take_lock(path: Path) -> bool:
    """Create the lock file for ``path`` atomically (O_CREAT|O_EXCL); True when we hold it.

    False when someone else holds it. In a folder we cannot write to there is no lock to take
    (True: the file is opened read-only anyway by :func:`is_writable`).
    """
    lock = lock_path(path)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        owner = lock_owner(path)
        return owner is not None and owner.ours
    except OSError:
        return True
    try:
        os.write(fd, json.dumps(_lock_data()).encode("utf-8"))
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
    return True


def take_over_lock(path: Path, stale: LockInfo) -> bool:
    """Replace the abandoned lock ``stale`` by ours; False if it changed meanwhile (someone else
    took it over first) or cannot be removed."""
    lock = lock_path(path)
    aside = lock.with_name(f"{lock.name}.{os.getpid()}.old")
    try:
        os.rename(lock, aside)  # atomic: only one taker gets the stale file
    except FileNotFoundError:
        return take_lock(path)
    except OSError:
        return False
    moved = _parse_lock(aside.read_text(encoding="utf-8", errors="replace")) if aside.exists() else None
    if moved is not None and (moved.host, moved.pid, moved.started) != (stale.host, stale.pid, stale.started):
        with contextlib.suppress(OSError):
            os.link(aside, lock)  # it was a fresh lock: put it back unless another exists
        with contextlib.suppress(OSError):
            aside.unlink()
        return False
    with contextlib.suppress(OSError):
        aside.unlink()
    return take_lock(path)


def release_lock(path: Path | None) -> None:
    if path is None:
        return
    owner = lock_owner(path)
    if owner is not None and owner.ours:
        with contextlib.suppress(OSError):
            lock_path(path).unlink()


def is_writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK)
    return os.access(path.parent, os.W_OK)


def lock_for_opening(parent, path: Path) -> bool | None:
    """Take the lock on ``path`` before it is opened, asking the user when someone holds it.

    Returns whether to open read-only, or None when the user chose not to open. A stale lock
    (see :meth:`LockInfo.stale_reason`) is taken over only after the user confirms.
    """
    from PySide6.QtWidgets import QMessageBox

    if not is_writable(path):
        QMessageBox.information(parent, tr("Files", "Skrivebeskyttet fil"), tr(
            "Files", "{0} er skrivebeskyttet. Projektet åbnes, men ændringer skal gemmes under et andet "
                     "navn med Gem som.").format(path.name))
        return True
    if take_lock(path):
        return False
    lock = read_lock(path)
    if lock is None:  # released meanwhile
        return not take_lock(path)
    reason = lock.stale_reason()
    if reason is not None:
        answer = QMessageBox.question(parent, tr("Files", "Overtag låsen?"), tr(
            "Files", "{0} er låst af {1}, men {2}.\n\nVil du overtage låsen og redigere projektet? "
                     "Vælg kun Ja, hvis du er sikker på, at ingen andre arbejder i filen. Vælger du "
                     "Nej, åbnes en skrivebeskyttet kopi.").format(path.name, lock.describe(), reason))
        return not (answer == QMessageBox.StandardButton.Yes and take_over_lock(path, lock))
    answer = QMessageBox.question(parent, tr("Files", "Projektet er åbent et andet sted"), tr(
        "Files", "{0} er allerede åbnet af {1}.\n\nVil du åbne en skrivebeskyttet kopi? Du kan gemme "
                 "dine ændringer under et andet navn med Gem som.").format(path.name, lock.describe()))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return True


# --- opening and saving with validation and locks -----------------------------------------------


def open_project(path: Path) -> OpenedProject:
    """The project in ``path`` (see :func:`budgetapp.io.project_file.open_project`)."""
    return _open_project(path)


def damage_text(path: Path, problems: list[Problem]) -> str:
    """The Danish message for a project opened read-only because something in it was repaired."""
    return tr("Files", "{0} indeholder fejl og er åbnet skrivebeskyttet:\n{1}\n\nRækker med et navn, "
                       "der allerede var brugt, har fået et løbenummer, fx '(2)'. Filen på disken er ikke "
                       "ændret. Gem projektet under et nyt navn med Gem som for at arbejde videre."
              ).format(path.name, describe(problems))


def save_project(project: Project, path: Path) -> None:
    """Save like :func:`budgetapp.io.project_file.save_project`, refusing a file another program
    holds the lock on (also for a read-only copy of that very file), and taking the lock on
    ``path`` afterwards. Raises :class:`ProjectFileError` (Danish)."""
    path = Path(path)
    lock = read_lock(path)
    if lock is not None:
        raise ProjectFileError(tr("Files", "{0} er åbnet af {1} og kan ikke overskrives. Vælg et andet "
                                           "navn med Gem som.").format(path.name, lock.describe()))
    _save_project(project, path)
    take_lock(path)


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
