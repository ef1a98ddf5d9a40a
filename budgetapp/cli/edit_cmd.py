"""``budgetapp edit PROJEKT …``: change a project file with the same core commands the GUI runs.

The changes are given as options and run in the order they are written, each as one command from
:mod:`budgetapp.core.commands` (the GUI's undo stack holds the same ones):

* ``--set NØGLE=VÆRDI …`` — project settings (``municipality``, ``budget_year``, ``price_level_year``,
  ``notes``): :class:`ChangeSettings`; labels and valid ranges from the field registry;
* ``--add-case FIL`` — a case file (``budgetapp.case/2`` or ``/1``), switched off: :class:`AddCase`;
* ``--rename-case GAMMEL NY`` — :class:`RenameCase` (the project's scenarios follow the name);
* ``--enable-case NAVN`` / ``--disable-case NAVN`` — :class:`SetCaseEnabled`;
* ``--remove-case NAVN`` — :class:`DeleteCase`.

All or nothing: when one change is refused, the file is not written and the message (Danish) says
which change and why. The file is written atomically (``budgetapp.io.project_file.save_project``).

Exit codes: 0 = saved; 1 = the project file cannot be opened or written; 2 = a change is refused
or written wrongly (nothing changed).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from budgetapp.cli.output import error
from budgetapp.core.case import CaseError, load_case
from budgetapp.core.commands import (
    AddCase,
    ChangeSettings,
    Command,
    CommandRefused,
    DeleteCase,
    History,
    RenameCase,
    SetCaseEnabled,
    case_index,
)
from budgetapp.core.fields import field
from budgetapp.core.project import Project, ProjectCase
from budgetapp.io.project_file import ProjectFileError, load_project, save_project
from budgetapp.io.project_lock import TAKE_OVER_HELP, TAKE_OVER_OPTION, write_claimed

EXIT_FILE = 1
EXIT_BAD_INPUT = 2
SETTINGS = ("municipality", "budget_year", "price_level_year", "notes")
NOTES_LABEL = "Noter"


class EditRefused(ValueError):
    """A change that cannot be made; the message is Danish and names the option."""


class _Ordered(argparse.Action):
    """Collects every change option into ``args.changes`` in the order written."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        changes = list(getattr(namespace, "changes", None) or [])
        changes.append((self.dest, values))
        namespace.changes = changes


def register(subparsers: argparse._SubParsersAction) -> None:
    edit = subparsers.add_parser(
        "edit", help="ret en projektfil: egenskaber og business cases (samme kommandoer som programmet)",
        description="Ændringerne udføres i den rækkefølge, de står; afvises én, gemmes intet.")
    edit.add_argument("project", metavar="PROJEKT", help="projektfil (.jcbudget), som ændres")
    edit.add_argument("--set", dest="set", nargs="+", metavar="NØGLE=VÆRDI", action=_Ordered,
                      help="projektets egenskaber: " + ", ".join(SETTINGS))
    edit.add_argument("--add-case", dest="add_case", metavar="FIL", action=_Ordered,
                      help="tilføj en business case-fil (.json); den tilføjes fravalgt")
    edit.add_argument("--rename-case", dest="rename_case", nargs=2, metavar=("GAMMEL", "NY"),
                      action=_Ordered, help="omdøb en business case")
    edit.add_argument("--enable-case", dest="enable_case", metavar="NAVN", action=_Ordered,
                      help="medtag en business case i fremskrivningen")
    edit.add_argument("--disable-case", dest="disable_case", metavar="NAVN", action=_Ordered,
                      help="udelad en business case fra fremskrivningen")
    edit.add_argument("--remove-case", dest="remove_case", metavar="NAVN", action=_Ordered,
                      help="slet en business case")
    edit.add_argument(TAKE_OVER_OPTION, dest="take_over_lock", action="store_true", help=TAKE_OVER_HELP)
    edit.set_defaults(func=cmd_edit, changes=None)


def cmd_edit(args: argparse.Namespace) -> int:
    changes: list[tuple[str, Any]] = args.changes or []
    if not changes:
        error("Angiv mindst én ændring, fx --set budget_year=2027 eller --add-case case.json.")
        return EXIT_BAD_INPUT
    try:
        project = load_project(args.project)
    except ProjectFileError as exc:
        error(str(exc))
        return EXIT_FILE
    try:
        history, done = apply_changes(project, changes)
    except EditRefused as exc:
        error(f"{exc} Projektfilen er ikke ændret.")
        return EXIT_BAD_INPUT
    try:  # a stale lock is taken over only with --take-over-lock; a live one never
        refusal = write_claimed(args.project, args.take_over_lock,
                                lambda: save_project(history.project, args.project))
    except ProjectFileError as exc:
        refusal = str(exc)
    if refusal:
        error(refusal)
        return EXIT_FILE
    for text in done:
        print(text)
    print(f"Gemt: {args.project}")
    return 0


def apply_changes(project: Project, changes: Sequence[tuple[str, Any]]) -> tuple[History, list[str]]:
    """Run ``changes`` (option name, value) in order on a :class:`History` of ``project``.

    Returns the history (its ``project`` is the result) and one Danish line per change. Raises
    :class:`EditRefused` at the first change that cannot be made; ``project`` itself never changes.
    """
    history = History(project)
    done: list[str] = []
    for option, value in changes:
        command, describe = BUILDERS[option](history.project, value)
        try:
            history.do(command)
        except CommandRefused as refused:
            reasons = "; ".join(i.message for i in refused.issues)
            raise EditRefused(f"{_option(option)} {_shown(value)}: {reasons}.") from None
        done.append(describe)
    return history, done


def _option(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def _shown(value: Any) -> str:
    return " ".join(value) if isinstance(value, list | tuple) else str(value)


def _find(project: Project, name: str, option: str) -> int:
    try:
        return case_index(project, name)
    except CommandRefused as refused:
        raise EditRefused(f"{_option(option)} {name}: {refused.issues[0].message}.") from None


def _settings(project: Project, pairs: list[str]) -> tuple[Command, str]:
    values: dict[str, Any] = {}
    for pair in pairs:
        key, sep, text = pair.partition("=")
        key = key.strip()
        if not sep or key not in SETTINGS:
            raise EditRefused(f"--set {pair}: skriv NØGLE=VÆRDI med en af nøglerne {', '.join(SETTINGS)}.")
        values[key] = _setting_value(key, text.strip())
    shown = ", ".join(f"{_label(k)} = {v}" for k, v in values.items())
    return ChangeSettings.of(project, **values), f"Ændret: {shown}"


def _label(key: str) -> str:
    return NOTES_LABEL if key == "notes" else field(key).label


def _setting_value(key: str, text: str) -> Any:
    if key in ("municipality", "notes"):
        return text
    spec = field(key)
    try:
        value = int(text)
    except ValueError:
        raise EditRefused(f"--set {key}={text}: {spec.label} skal være et helt tal (et årstal).") from None
    problem = spec.check(value)
    if problem:
        raise EditRefused(f"--set {key}={text}: {problem}.")
    return value


def _add_case(project: Project, path: str) -> tuple[Command, str]:
    try:
        case = load_case(path)
    except CaseError as exc:
        reasons = "; ".join(str(i) for i in exc.issues)
        raise EditRefused(f"--add-case {path}: filen kan ikke bruges som business case: {reasons}.") from None
    groups = project.budget.target_groups
    budget_group = case.target_group if case.target_group in groups else None
    entry = ProjectCase(case, enabled=False, budget_group=budget_group)
    return AddCase(entry, "Hent business case"), f"Tilføjet (fravalgt): «{case.name}»"


def _rename(project: Project, names: list[str]) -> tuple[Command, str]:
    old, new = names
    return RenameCase(_find(project, old, "rename_case"), new), f"Omdøbt: «{old}» → «{new.strip()}»"


def _enable(enabled: bool) -> Callable[[Project, str], tuple[Command, str]]:
    def build(project: Project, name: str) -> tuple[Command, str]:
        option = "enable_case" if enabled else "disable_case"
        what = "Medtaget" if enabled else "Udeladt"
        return SetCaseEnabled(_find(project, name, option), enabled), f"{what}: «{name}»"

    return build


def _remove(project: Project, name: str) -> tuple[Command, str]:
    return DeleteCase(_find(project, name, "remove_case")), f"Slettet: «{name}»"


BUILDERS: dict[str, Callable[[Project, Any], tuple[Command, str]]] = {
    "set": _settings,
    "add_case": _add_case,
    "rename_case": _rename,
    "enable_case": _enable(True),
    "disable_case": _enable(False),
    "remove_case": _remove,
}

__all__ = ["EditRefused", "apply_changes", "cmd_edit", "register"]
