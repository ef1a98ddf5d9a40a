"""Kontoplan functions to budget lines (the shipped, cited ``resources/mappings/kontoplan.toml``),
and putting amounts by function into a project, all or nothing.

Used by the municipality's own budget (layout a) and Statistikbanken's BUDK/REGK tables
(layout b). A target is ``benefit`` (the group's forsørgelse), ``measures`` (HK5), ``operation``
(HK6) or ``ignore``. Amounts become :class:`~budgetapp.core.budget_amounts.AmountLine` with the
status "helårspersoner mangler" (never invented persons or unit costs), or operation lines.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from budgetapp.core.budget import OperationLine
from budgetapp.core.budget_amounts import PERSONS_MISSING, AmountLine
from budgetapp.core.project import Project
from budgetapp.io.import_common import COMMON_GROUPS, project_copy
from budgetapp.resources import resources_dir

TARGETS = ("benefit", "measures", "operation", "ignore")
TARGET_LABELS = {
    "benefit": "Forsørgelse (målgruppe)",
    "measures": "Beskæftigelsesindsats HK5 (målgruppe)",
    "operation": "Jobcenterdrift HK6 (linje)",
    "ignore": "Indlæses ikke",
}
# 5.57.71, an account 5.57.71.2.001 (function, dranst, gruppering …) or 5.68.90.001 (function, gruppering).
FUNCTION_CODE = re.compile(
    r"(?<![\d.])(\d)\.(\d{2})\.(\d{2})(?:\.(\d)\.(\d{3})|\.(\d)(?![\d])|\.(\d{3})(?![\d]))?(?![\d])"
)
HOVEDFUNKTION = re.compile(r"^\s*(\d)\.(\d{2})(?![.\d])")


@dataclass(frozen=True)
class Target:
    target: str  # benefit / measures / operation / ignore
    name: str = ""  # group key (benefit, measures) or line name (operation)
    group_name: str = ""  # display name of a new group

    def as_dict(self) -> dict[str, str]:
        return {"target": self.target, "name": self.name, "group_name": self.group_name}


@dataclass(frozen=True)
class KontoplanMapping:
    title: str
    sources: tuple[str, ...]
    functions: dict[str, Target]  # "5.57.71" or "5.68.90/001" → target
    names: dict[str, str]  # function → its name in the kontoplan


def mapping_path() -> Path:
    return resources_dir() / "mappings" / "kontoplan.toml"


@cache
def shipped_mapping() -> KontoplanMapping:
    """The shipped mapping. Raises LayoutError-free ValueError only if the shipped file is broken."""
    data = tomllib.loads(mapping_path().read_text(encoding="utf-8"))
    functions: dict[str, Target] = {}
    names: dict[str, str] = {}
    for entry in data["function"]:
        key = entry["function"] + (f"/{entry['grouping']}" if entry.get("grouping") else "")
        if entry["target"] not in TARGETS:
            raise ValueError(f"kontoplan.toml: ukendt target {entry['target']!r} for {key}")
        name = entry.get("group") or entry.get("line") or ""
        functions[key] = Target(entry["target"], name, entry.get("group_name", ""))
        names[key] = entry.get("name", "")
    return KontoplanMapping(data["title"], tuple(data["sources"]), functions, names)


def parse_function(value: object) -> tuple[str, str] | None:
    """(``5.57.71``, gruppering or ``""``) from ``5.57.71``, ``5.57.71 Sygedagpenge``, ``5.68.90.001``."""
    text = str(value).strip()
    found = FUNCTION_CODE.search(text)
    if not found:
        return None
    grouping = found.group(5) or found.group(7) or ""
    return f"{found.group(1)}.{found.group(2)}.{found.group(3)}", grouping


def dranst_in_code(value: object) -> int | None:
    """The dranst of a full account number (``5.57.71.2.001`` → 2); None when the code has none."""
    found = FUNCTION_CODE.search(str(value).strip())
    if not found:
        return None
    digit = found.group(4) or found.group(6)
    return int(digit) if digit else None


def parse_grouping(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value)).zfill(3)
    text = str(value).strip()
    found = re.match(r"^(\d{1,3})\b", text)
    return found.group(1).zfill(3) if found else ""


def parse_dranst(value: object) -> int | None:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    found = re.match(r"^\s*(\d)\b", str(value))
    return int(found.group(1)) if found else None


def target_for(function: str, grouping: str, overrides: dict[str, dict[str, str]]) -> Target | None:
    """The user's target for the function (and grouping), else the shipped one, else None."""
    shipped = shipped_mapping().functions
    for key in ((f"{function}/{grouping}",) if grouping else ()) + (function,):
        if key in overrides:
            o = overrides[key]
            return Target(o.get("target", "ignore"), o.get("name", ""), o.get("group_name", ""))
        if key in shipped:
            return shipped[key]
    return None


def target_key(function: str, grouping: str, overrides: dict[str, dict[str, str]]) -> str:
    """``5.68.90/001`` when that gruppering has its own target (the user's or shipped), else ``5.68.90``."""
    key = f"{function}/{grouping}"
    if grouping and (key in overrides or key in shipped_mapping().functions):
        return key
    return function


@dataclass
class FunctionAmounts:
    """Gross (dranst 1) and refusion (dranst 2, sign turned) of one function key and year, in kr."""

    gross: float = 0.0
    refusion: float = 0.0


def build_lines(
    amounts: dict[tuple[str, int], FunctionAmounts], targets: dict[str, Target], source: str
) -> tuple[list[AmountLine], list[OperationLine], dict[str, str]]:
    """Amount and operation lines from amounts by (function key, year); several functions for one
    group, area and year are added up. Returns (amount lines, operation lines, new group names)."""
    benefit: dict[tuple[str, str, int], AmountLine] = {}
    operation: dict[tuple[str, int], OperationLine] = {}
    names: dict[str, str] = {}
    for (key, year), value in sorted(amounts.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        target = targets[key]
        function = key.split("/")[0]
        if target.target == "ignore":
            continue
        if target.target == "operation":
            name = target.name or f"Jobcenterdrift ({function})"
            old = operation.get((name, year))
            amount = value.gross - value.refusion + (old.amount if old else 0.0)
            operation[(name, year)] = OperationLine(name, year, amount, function, "service", source)
            continue
        area = "forsørgelse" if target.target == "benefit" else "beskæftigelsesindsats"
        group = target.name or function
        if group not in COMMON_GROUPS:
            names.setdefault(group, target.group_name or group)
        styring = "overførsler" if area == "forsørgelse" else "service"
        old_line = benefit.get((group, area, year))
        if old_line is None:
            benefit[(group, area, year)] = AmountLine(
                group, year, area, value.gross, value.refusion, function, styring, source, PERSONS_MISSING
            )
        else:
            functions = (
                old_line.function
                if function in old_line.function.split(", ")
                else f"{old_line.function}, {function}"
            )
            benefit[(group, area, year)] = replace(
                old_line,
                gross=old_line.gross + value.gross,
                refusion=old_line.refusion + value.refusion,
                function=functions,
            )
    return list(benefit.values()), list(operation.values()), names


def apply_amounts(
    project: Project,
    lines: list[AmountLine],
    operation: list[OperationLine],
    names: dict[str, str],
    years: set[int],
    keep: frozenset[tuple[str, int]] = frozenset(),
    keep_functions: frozenset[tuple[str, int]] = frozenset(),
) -> Project:
    """A copy of ``project`` whose budget for ``years`` is exactly the imported lines.

    For each imported year, the year's target-group lines, amount lines and operation lines are
    replaced; other years are kept. ``keep`` (group key, year) and ``keep_functions`` (function of
    a line outside the groups, year): lines the file gives no figure for at all (Statistikbanken's
    ``..``): the project's own lines are kept. The original project is never changed.
    """
    budget = project.budget

    def kept(key: str, year: int) -> bool:
        return year not in years or (key, year) in keep

    groups = tuple(g for g in budget.groups if kept(g.target_group, g.year))
    kept_amounts = tuple(a for a in budget.amount_lines if kept(a.target_group, a.year))
    kept_operation = tuple(
        o for o in budget.operation if o.year not in years or (o.function, o.year) in keep_functions
    )
    lines = [a for a in lines if (a.target_group, a.year) not in keep]
    # A line outside the groups for a function the project already has (5.68.90: its unassigned
    # HK5 line) takes that line's name: it replaces it rather than standing beside it.
    own_names = {o.function: o.name for o in budget.operation}
    operation = [
        replace(o, name=own_names.get(o.function, o.name))
        for o in operation
        if (o.function, o.year) not in keep_functions
    ]
    group_names = dict(budget.group_names)
    for key, name in names.items():
        group_names.setdefault(key, name)
    for line in lines:
        if line.target_group in COMMON_GROUPS:
            group_names.setdefault(line.target_group, COMMON_GROUPS[line.target_group])
    new_budget = replace(
        budget,
        groups=groups,
        amount_lines=kept_amounts + tuple(lines),
        operation=kept_operation + tuple(operation),
        group_names=group_names,
    )
    return project_copy(project, budget=new_budget)


def convert_price_level(project: Project, amount: float, from_year: int | None) -> float:
    """An amount at ``from_year`` p/l in the budget's p/l (unchanged when None or the same)."""
    to_year = project.budget.price_level_year
    if from_year is None or from_year == to_year:
        return amount
    return project.price_index.convert(amount, from_year, to_year)
