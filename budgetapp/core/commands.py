"""Every change to a project is a command: Qt-free, undoable, with a change set computed from what
actually changed.

A :class:`Command` names one user action ("Tilføj år 2031", "Slet business case"). :meth:`Command.check`
says in Danish why it cannot be done (nothing changes then); :meth:`Command.apply` makes the change on a
*copy* of the project (:func:`snapshot`). :func:`execute` returns an :class:`Applied` step holding the
project before and after and the :class:`ChangeSet` found by comparing the two (:func:`diff`), so undo is
"go back to ``before``" and redo "go to ``after``", and nobody has to say what a change touched.

The GUI's undo stack wraps :class:`Applied` steps (``budgetapp/ui/document.py``) and refreshes its views
from their change sets; the CLI and the tests use :class:`History`, which does the same without Qt.

A project's parts are frozen dataclasses (``BaseBudget``, ``Pool``, ``ProjectCase``), so a snapshot copies
the project's lists and dicts one level deep and shares the parts: cheap, and a step's ``before`` can
never be changed by a later edit.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine, budget_issues, group_year_issues
from budgetapp.core.case import BusinessCase, Issue, PoolFunding
from budgetapp.core.pools import Pool, PoolYear, pool_issues
from budgetapp.core.project import Project, ProjectCase

MIN_YEAR, MAX_YEAR = 1990, 2100


class CommandRefused(ValueError):
    """Raised by :func:`execute` when :meth:`Command.check` finds problems; ``issues`` lists them."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


def snapshot(project: Project) -> Project:
    """A copy that shares the frozen parts and copies every list and dict one level deep."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(project):
        value = getattr(project, f.name)
        if isinstance(value, list | dict | set):
            changes[f.name] = copy.copy(value)
    return dataclasses.replace(project, **changes)


# --- change sets ----------------------------------------------------------------------------------

SETTINGS_FIELDS = ("municipality", "budget_year", "price_level_year", "size_group", "rammevilkaar_group",
                   "last_accounts_year", "price_index", "notes")


@dataclass(frozen=True)
class ChangeSet:
    """What differs between two projects.

    ``parts`` are the changed project fields grouped as the views see them: ``settings`` (municipality,
    years, price level and index, groups, notes), ``budget``, ``unit_costs``, ``pools``, ``cases``,
    ``scenarios``, ``sources``. ``cases`` is in ``parts`` when any case changed; ``case_list`` when cases
    were added, removed, renamed or reordered; ``changed_cases`` are the positions (in the project after
    the change) whose entry differs.
    """

    parts: frozenset[str] = frozenset()
    changed_cases: frozenset[int] = frozenset()
    case_list: bool = False

    @property
    def empty(self) -> bool:
        return not self.parts

    def touches(self, *parts: str) -> bool:
        return bool(self.parts & set(parts))

    def scopes(self) -> list[str]:
        """The parts and ``case:<i>`` for each changed case: the names the views subscribe to."""
        return sorted(self.parts) + [f"case:{i}" for i in sorted(self.changed_cases)]

    def union(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.parts | other.parts, self.changed_cases | other.changed_cases,
                         self.case_list or other.case_list)


def _differs(a: object, b: object) -> bool:
    return a is not b and a != b


def diff(before: Project, after: Project) -> ChangeSet:
    """The :class:`ChangeSet` from ``before`` to ``after``, found by comparing them field by field."""
    parts: set[str] = set()
    for f in dataclasses.fields(Project):
        if f.name == "cases":
            continue
        if _differs(getattr(before, f.name), getattr(after, f.name)):
            parts.add("settings" if f.name in SETTINGS_FIELDS else f.name)
    old, new = before.cases, after.cases
    case_list = [e.name for e in old] != [e.name for e in new]
    changed = {i for i, entry in enumerate(new) if i >= len(old) or _differs(old[i], entry)}
    if case_list or changed:
        parts.add("cases")
    return ChangeSet(frozenset(parts), frozenset(changed), case_list)


# --- commands -------------------------------------------------------------------------------------


class Command:
    """One user action. Subclasses set ``text`` and implement :meth:`apply` (and :meth:`check`).

    ``merge_key``: consecutive commands with the same key (typing a number digit by digit into the same
    cell) become one undo step.
    """

    text: str  # the undo step's name ("Tilføj år"); a field or a property of each command
    merge_key: str | None = None

    def check(self, project: Project) -> list[Issue]:
        """Why the command cannot be applied to ``project`` (Danish); empty when it can."""
        return []

    def apply(self, project: Project) -> None:
        """Change ``project`` (a snapshot, never the caller's project) in place."""
        raise NotImplementedError


@dataclass(frozen=True)
class Applied:
    """A command that has been applied: the projects before and after, and what changed."""

    command: Command
    before: Project
    after: Project
    changes: ChangeSet

    @property
    def text(self) -> str:
        return self.command.text


def execute(project: Project, command: Command) -> Applied:
    """Apply ``command`` to a copy of ``project``. Raises :class:`CommandRefused` (nothing changes)."""
    issues = command.check(project)
    if issues:
        raise CommandRefused(issues)
    after = snapshot(project)
    command.apply(after)
    return Applied(command, project, after, diff(project, after))


@dataclass
class History:
    """Undo and redo without Qt (the CLI and the tests): the same steps the GUI's undo stack holds."""

    project: Project
    done: list[Applied] = field(default_factory=list)
    undone: list[Applied] = field(default_factory=list)

    def do(self, command: Command) -> ChangeSet:
        step = execute(self.project, command)
        if step.changes.empty:
            return step.changes
        last = self.done[-1] if self.done else None
        if last is not None and command.merge_key and last.command.merge_key == command.merge_key:
            step = Applied(command, last.before, step.after, diff(last.before, step.after))
            self.done[-1] = step
        else:
            self.done.append(step)
        self.undone.clear()
        self.project = step.after
        return step.changes

    def undo(self) -> ChangeSet:
        step = self.done.pop()
        self.undone.append(step)
        self.project = step.before
        return step.changes

    def redo(self) -> ChangeSet:
        step = self.undone.pop()
        self.done.append(step)
        self.project = step.after
        return step.changes


# --- generic ----------------------------------------------------------------------------------------


@dataclass
class FunctionEdit(Command):
    """A change made by a function of the project snapshot: for editors whose fields are still being
    converted to named commands (the case editor). The change set is still computed by :func:`diff`."""

    text: str
    change: Callable[[Project], None]
    merge_key: str | None = None

    def apply(self, project: Project) -> None:
        self.change(project)


@dataclass
class ReplaceProject(Command):
    """Swap in a whole new project (an import): undo brings the old one back."""

    text: str
    project: Project

    def apply(self, project: Project) -> None:
        for f in dataclasses.fields(Project):
            setattr(project, f.name, getattr(self.project, f.name))


@dataclass
class ChangeSettings(Command):
    """Municipality, budget year and price level (File › Egenskaber); the budget follows."""

    municipality: str
    budget_year: int
    price_level_year: int
    size_group: str | None = None
    rammevilkaar_group: str | None = None
    text: str = "Ændr projektets egenskaber"

    def check(self, project: Project) -> list[Issue]:
        issues = []
        if not self.municipality.strip():
            issues.append(Issue("municipality", "kommunen skal have et navn"))
        for key, year in (("budget_year", self.budget_year), ("price_level_year", self.price_level_year)):
            if not MIN_YEAR <= year <= MAX_YEAR:
                issues.append(Issue(key, f"{year} er ikke et gyldigt år ({MIN_YEAR}-{MAX_YEAR})"))
        return issues

    def apply(self, project: Project) -> None:
        project.municipality = self.municipality.strip()
        project.budget_year = self.budget_year
        project.price_level_year = self.price_level_year
        if self.size_group is not None:
            project.size_group = self.size_group
        if self.rammevilkaar_group is not None:
            project.rammevilkaar_group = self.rammevilkaar_group
        project.budget = dataclasses.replace(project.budget, municipality=project.municipality,
                                             budget_year=self.budget_year,
                                             price_level_year=self.price_level_year)


# --- the base budget ---------------------------------------------------------------------------------


def _new_budget_issues(before: BaseBudget, after: BaseBudget) -> list[Issue]:
    """The problems :func:`budget_issues` finds in ``after`` that ``before`` did not have, by field."""
    old = {(i.field, i.message) for i in budget_issues(before)}
    return [Issue(i.field.rsplit(".", 1)[-1], i.message) for i in budget_issues(after)
            if (i.field, i.message) not in old]


def _drop_sources(project: Project, keep: Callable[[str], bool]) -> None:
    for key in [k for k in project.sources if not keep(k)]:
        del project.sources[key]


@dataclass
class ReplaceBudgetItem(Command):
    """Replace item ``position`` of the budget's ``items`` (``groups`` or ``operation``): a typed cell."""

    items: str
    position: int
    new: GroupYear | OperationLine
    text: str
    merge_key: str | None = None

    def check(self, project: Project) -> list[Issue]:
        if isinstance(self.new, GroupYear):
            return group_year_issues(self.new, "")
        return []

    def apply(self, project: Project) -> None:
        items = list(getattr(project.budget, self.items))
        items[self.position] = self.new
        changed: dict[str, Any] = {self.items: tuple(items)}
        project.budget = dataclasses.replace(project.budget, **changed)


@dataclass
class AddGroupYear(Command):
    """One target group × year row; ``name`` names a new target group."""

    group: GroupYear
    name: str | None = None

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Tilføj række: {self.name or self.group.target_group} {self.group.year}"

    def _after(self, budget: BaseBudget) -> BaseBudget:
        names = dict(budget.group_names)
        if self.name is not None:
            names[self.group.target_group] = self.name
        return dataclasses.replace(budget, groups=(*budget.groups, self.group), group_names=names)

    def check(self, project: Project) -> list[Issue]:
        budget = project.budget
        issues = group_year_issues(self.group, "")
        new = (self.group.target_group, self.group.year)
        if any((g.target_group, g.year) == new for g in budget.groups):
            issues.append(Issue("year", f"målgruppen har allerede en række for {self.group.year}"))
        if not MIN_YEAR <= self.group.year <= MAX_YEAR:
            issues.append(Issue("year", f"{self.group.year} er ikke et gyldigt år"))
        return issues or _new_budget_issues(budget, self._after(budget))

    def apply(self, project: Project) -> None:
        project.budget = self._after(project.budget)


@dataclass
class RemoveGroupYears(Command):
    """Remove the group-years at ``positions``; refused while a case uses a group that would vanish."""

    positions: tuple[int, ...]

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Fjern {len(self.positions)} række(r)" if len(self.positions) != 1 else "Fjern række"

    def check(self, project: Project) -> list[Issue]:
        budget = project.budget
        if not self.positions:
            return [Issue("rows", "Markér de rækker, der skal fjernes.")]
        kept = {g.target_group for i, g in enumerate(budget.groups) if i not in set(self.positions)}
        for entry in project.cases:
            if entry.budget_group and entry.budget_group in set(budget.target_groups) - kept:
                name = budget.group_names.get(entry.budget_group, entry.budget_group)
                return [Issue("rows", f"Målgruppen «{name}» bruges af business casen «{entry.name}»; vælg "
                                      "en anden målgruppe for casen under Business cases, før målgruppens "
                                      "sidste række fjernes.")]
        return []

    def apply(self, project: Project) -> None:
        budget = project.budget
        doomed = set(self.positions)
        kept = tuple(g for i, g in enumerate(budget.groups) if i not in doomed)
        left = {g.target_group for g in kept}
        names = {k: v for k, v in budget.group_names.items() if k in left or k not in budget.target_groups}
        prefixes = tuple(f"budget/{budget.groups[i].target_group}/{budget.groups[i].year}/" for i in doomed)
        project.budget = dataclasses.replace(budget, groups=kept, group_names=names)
        _drop_sources(project, lambda k: not k.startswith(prefixes))


@dataclass
class AddOperationLine(Command):
    """One job-centre operation (HK6) line."""

    line: OperationLine

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Tilføj driftslinje: {self.line.name} {self.line.year}"

    def check(self, project: Project) -> list[Issue]:
        issues = []
        if not self.line.name.strip():
            issues.append(Issue("name", "linjen skal have et navn"))
        if not MIN_YEAR <= self.line.year <= MAX_YEAR:
            issues.append(Issue("year", f"{self.line.year} er ikke et gyldigt år"))
        budget = project.budget
        after = dataclasses.replace(budget, operation=(*budget.operation, self.line))
        return issues + _new_budget_issues(budget, after)

    def apply(self, project: Project) -> None:
        project.budget = dataclasses.replace(project.budget, operation=(*project.budget.operation, self.line))


@dataclass
class RemoveOperationLines(Command):
    rows: tuple[int, ...]

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Fjern {len(self.rows)} driftslinje(r)"

    def check(self, project: Project) -> list[Issue]:
        return [] if self.rows else [Issue("rows", "Markér de driftslinjer, der skal fjernes.")]

    def apply(self, project: Project) -> None:
        budget = project.budget
        doomed = set(self.rows)
        gone = {f"operation/{line.name}/{line.year}"
                for i, line in enumerate(budget.operation) if i in doomed}
        project.budget = dataclasses.replace(
            budget, operation=tuple(line for i, line in enumerate(budget.operation) if i not in doomed))
        _drop_sources(project, lambda k: k not in gone)


def _next_year_budget(budget: BaseBudget) -> tuple[int, BaseBudget]:
    year = budget.years[-1] + 1
    note = "fremskrevet uændret fra {0}"
    groups = list(budget.groups)
    for key in budget.target_groups:
        last = max((g for g in budget.groups if g.target_group == key), key=lambda g: g.year)
        source = f"{last.source}; {note.format(last.year)}" if last.source else note.format(last.year)
        groups.append(dataclasses.replace(last, year=year, source=source))
    lines = list(budget.operation)
    for name in dict.fromkeys(line.name for line in budget.operation):
        last_line = max((ln for ln in budget.operation if ln.name == name), key=lambda ln: ln.year)
        source = (f"{last_line.source}; {note.format(last_line.year)}" if last_line.source
                  else note.format(last_line.year))
        lines.append(dataclasses.replace(last_line, year=year, source=source))
    return year, dataclasses.replace(budget, groups=tuple(groups), operation=tuple(lines))


@dataclass
class AddBudgetYear(Command):
    """One year after the last, each group's and line's latest figures copied (noted in the source)."""

    @property
    def text(self) -> str:  # type: ignore[override]
        return "Tilføj år"

    def check(self, project: Project) -> list[Issue]:
        budget = project.budget
        if not budget.years:
            return [Issue("year", "Basisbudgettet har ingen rækker at kopiere; tilføj først en række.")]
        if budget.years[-1] + 1 > MAX_YEAR:
            return [Issue("year", f"{budget.years[-1] + 1} er ikke et gyldigt år")]
        return _new_budget_issues(budget, _next_year_budget(budget)[1])

    def apply(self, project: Project) -> None:
        project.budget = _next_year_budget(project.budget)[1]


@dataclass
class RemoveBudgetYear(Command):
    """Every row and line of ``year``; the budget year and the overslagsår stay."""

    year: int

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Fjern år {self.year}"

    def check(self, project: Project) -> list[Issue]:
        if self.year == project.budget_year:
            return [Issue("year", f"{self.year} er budgetåret og kan ikke fjernes.")]
        if self.year in project.overslag_years:
            return [Issue("year", f"{self.year} er et overslagsår og kan ikke fjernes.")]
        if self.year not in project.budget.years:
            return [Issue("year", f"Basisbudgettet har ingen rækker for {self.year}.")]
        return []

    def apply(self, project: Project) -> None:
        budget = project.budget
        project.budget = dataclasses.replace(
            budget, groups=tuple(g for g in budget.groups if g.year != self.year),
            operation=tuple(line for line in budget.operation if line.year != self.year))
        year = str(self.year)
        _drop_sources(project, lambda k: not (k.startswith("budget/") and k.split("/")[2:3] == [year]))


# --- pools ---------------------------------------------------------------------------------------------


def link_cases(project: Project, pool: Pool, funded: Iterable[str], old_id: str | None = None) -> None:
    """Make exactly the cases named in ``funded`` name ``pool`` in their pool funding (in place)."""
    funded = set(funded)
    ids = {old_id, pool.id} - {None}
    for i, entry in enumerate(project.cases):
        case = entry.case
        has = any(f.pool_id in ids for f in case.pool_funding)
        if entry.name in funded and not has:
            funding = (*case.pool_funding, PoolFunding(pool.name, 0.0, pool.id))
        elif entry.name not in funded and has:
            funding = tuple(f for f in case.pool_funding if f.pool_id not in ids)
        else:
            continue
        project.cases[i] = dataclasses.replace(entry, case=dataclasses.replace(case, pool_funding=funding))


@dataclass
class SavePool(Command):
    """Add (``index`` None) or replace the pool at ``index``, and set the cases it funds.

    ``field_issues`` checks the pool's own fields against the other pools (the dialog's rules)."""

    index: int | None
    pool: Pool
    funded: frozenset[str]
    field_issues: Callable[[Pool, list[Pool]], list[Issue]] | None = None

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"{'Ny pulje' if self.index is None else 'Ret pulje'}: {self.pool.name}"

    def check(self, project: Project) -> list[Issue]:
        others = [p for i, p in enumerate(project.pools) if i != self.index]
        issues = self.field_issues(self.pool, others) if self.field_issues else list(pool_issues(self.pool))
        unknown = set(self.funded) - {c.name for c in project.cases}
        if unknown:
            issues.append(Issue("cases", f"ukendt business case: {', '.join(sorted(unknown))}"))
        return issues

    def apply(self, project: Project) -> None:
        old_id = project.pools[self.index].id if self.index is not None else None
        if self.index is None:
            project.pools.append(self.pool)
        else:
            project.pools[self.index] = self.pool
        link_cases(project, self.pool, self.funded, old_id)


@dataclass
class RemovePool(Command):
    """The pool at ``index`` and every case's funding from it."""

    index: int

    @property
    def text(self) -> str:  # type: ignore[override]
        return "Fjern pulje"

    def apply(self, project: Project) -> None:
        pool = project.pools.pop(self.index)
        link_cases(project, pool, set())
        _drop_sources(project, lambda k: not k.startswith(f"pool/{pool.id}/"))


@dataclass
class SetPoolYear(Command):
    """One figure (``key``: expense, income, application_cost, ...) of one year of a pool."""

    index: int
    year: int
    key: str
    value: float
    label: str = ""

    @property
    def text(self) -> str:  # type: ignore[override]
        return f"Ændr pulje: {self.year}"

    @property
    def merge_key(self) -> str:  # type: ignore[override]
        return f"pool:{self.index}:{self.year}:{self.key}"

    def _new_pool(self, pool: Pool) -> Pool:
        entry = pool.year(self.year)
        changed: dict[str, Any] = {self.key: self.value}
        years = tuple(dataclasses.replace(e, **changed) if e.year == self.year else e for e in pool.years)
        if entry not in pool.years:
            years = (*years, dataclasses.replace(entry, **changed))
        return dataclasses.replace(pool, years=years)

    def check(self, project: Project) -> list[Issue]:
        if self.value < 0:
            return [Issue(self.key, f"{self.label or self.key}: skal være mindst 0")]
        return list(pool_issues(self._new_pool(project.pools[self.index])))

    def apply(self, project: Project) -> None:
        project.pools[self.index] = self._new_pool(project.pools[self.index])


# --- business cases -------------------------------------------------------------------------------------


def unique_case_name(project: Project, wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)`` … when a case already has the name."""
    names = {c.name for c in project.cases}
    if wanted not in names:
        return wanted
    n = 2
    while f"{wanted} ({n})" in names:
        n += 1
    return f"{wanted} ({n})"


def empty_case(name: str, target_group: str, start_year: int) -> BusinessCase:
    """A new, empty case: no inflow, no effect, no costs, no uncertainty, scenarios or notes.

    The fields left out take the registry's defaults (``budgetapp/core/fields.py``); the user fills in
    the rest. One segment (all entrants, no change in weeks) keeps the case valid while empty.
    """
    from budgetapp.core.case import BenefitRefusion, Segment, single_effect_case

    # calendar timing, the default of every new case (docs/case-file.md)
    return single_effect_case(
        name=name, target_group=target_group, start_year=start_year, years=4, inflow_per_year=0.0,
        benefit_per_full_year_person=0.0,
        segments=(Segment(name="Alle", share=1.0, weeks_before=0.0, weeks_after=0.0),),
        benefit_refusion=BenefitRefusion(rule="refusionstrappe-2016"), timing="calendar",
    )


@dataclass
class AddCase(Command):
    """A case at the end of the list (a new empty one, a template, a case file)."""

    entry: ProjectCase
    text: str = "Ny business case"

    def check(self, project: Project) -> list[Issue]:
        if any(c.name == self.entry.name for c in project.cases):
            return [Issue("name", f"der er allerede en case, der hedder «{self.entry.name}»")]
        return []

    def apply(self, project: Project) -> None:
        project.cases.append(self.entry)


@dataclass
class CopyCase(Command):
    """A copy of everything in the case at ``index`` (inputs, uncertainty, scenarios, notes, follow-up),
    under a new name, switched off."""

    index: int
    text: str = "Kopiér business case"

    def apply(self, project: Project) -> None:
        entry = project.cases[self.index]
        name = unique_case_name(project, f"{entry.name} (kopi)")
        project.cases.append(dataclasses.replace(entry, case=dataclasses.replace(entry.case, name=name),
                                                 enabled=False))


@dataclass
class DeleteCase(Command):
    index: int
    text: str = "Slet business case"

    def apply(self, project: Project) -> None:
        entry = project.cases.pop(self.index)
        _drop_sources(project, lambda k: not k.startswith(f"case/{entry.name}/"))


@dataclass
class RenameCase(Command):
    index: int
    name: str
    text: str = "Omdøb business case"

    def check(self, project: Project) -> list[Issue]:
        name = self.name.strip()
        if not name:
            return [Issue("name", "casen skal have et navn")]
        if any(c.name == name for i, c in enumerate(project.cases) if i != self.index):
            return [Issue("name", f"der er allerede en case, der hedder «{name}»")]
        return []

    def apply(self, project: Project) -> None:
        entry = project.cases[self.index]
        old, new = entry.name, self.name.strip()
        project.cases[self.index] = dataclasses.replace(entry, case=dataclasses.replace(entry.case, name=new))
        # The project's scenarios name the cases they change: they follow the new name.
        project.scenarios = [
            dataclasses.replace(s, overrides={(new if k == old else k): v for k, v in s.overrides.items()})
            for s in project.scenarios
        ]


@dataclass
class SetCaseEnabled(Command):
    """Whether the case counts in the projection (the tick in the list)."""

    index: int
    enabled: bool

    @property
    def text(self) -> str:  # type: ignore[override]
        return "Medtag case" if self.enabled else "Udelad case"

    def apply(self, project: Project) -> None:
        project.cases[self.index] = dataclasses.replace(project.cases[self.index], enabled=self.enabled)


@dataclass
class SetCaseBudgetGroup(Command):
    """The target group of the base budget whose benefit the case changes (None: only in the total)."""

    index: int
    group: str | None
    text: str = "Skift målgruppe for case"

    def check(self, project: Project) -> list[Issue]:
        if self.group is not None and self.group not in project.budget.target_groups:
            return [Issue("budget_group", f"basisbudgettet har ingen målgruppe «{self.group}»")]
        return []

    def apply(self, project: Project) -> None:
        project.cases[self.index] = dataclasses.replace(project.cases[self.index], budget_group=self.group)


@dataclass
class ReplaceCase(Command):
    """The case at ``index`` replaced by an edited one (the case editor commits a valid draft)."""

    index: int
    case: BusinessCase
    text: str = "Ret business case"
    merge_key: str | None = None

    def apply(self, project: Project) -> None:
        project.cases[self.index] = dataclasses.replace(project.cases[self.index], case=self.case)


__all__ = [
    "AddBudgetYear", "AddCase", "AddGroupYear", "AddOperationLine", "Applied", "ChangeSet", "ChangeSettings",
    "Command", "CommandRefused", "CopyCase", "DeleteCase", "FunctionEdit", "History", "PoolYear",
    "RemoveBudgetYear", "RemoveGroupYears", "RemoveOperationLines", "RemovePool", "RenameCase",
    "ReplaceBudgetItem", "ReplaceCase", "ReplaceProject", "SavePool", "SetCaseBudgetGroup", "SetCaseEnabled",
    "SetPoolYear", "diff", "empty_case", "execute", "link_cases", "snapshot", "unique_case_name",
]
