"""Opening and saving projects from the GUI: the demo, new projects, lock files, recent files.

A lock file (``.~<name>.lock`` beside the project, created atomically with O_CREAT|O_EXCL so two
programs opening at the same moment cannot both get it) says who has the project open: user,
host, process id and start time. A second user (or a second window) is told and offered a
read-only copy, and "Gem som" onto a locked file is refused. A stale lock (its process is gone
from this machine, or it comes from another machine and is older than :data:`LOCK_MAX_AGE`) can
be taken over after the user confirms.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings

from budgetapp.core.budget import BaseBudget
from budgetapp.core.case import load_case
from budgetapp.core.project import Project, ProjectCase
from budgetapp.core.project_validation import Problem, describe
from budgetapp.io.project_file import OpenedProject, ProjectFileError, load_project
from budgetapp.io.project_file import open_project as _open_project
from budgetapp.io.project_file import save_project as _save_project
from budgetapp.io.project_lock import (  # noqa: F401 (the GUI's callers use files.take_lock etc.)
    LOCK_MAX_AGE,
    LockInfo,
    is_writable,
    lock_owner,
    lock_path,
    read_lock,
    release_lock,
    take_lock,
    take_over_lock,
)
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
