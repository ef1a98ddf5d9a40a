"""Cost per full-time unemployed (udgift pr. fuldtidsledig): own figures and benchmarks.

Measures (HK5) per full-time person by target group = the group's HK5 expense ÷ its full-time
persons; the HK5 total divides every HK5 expense (including expenses that cannot be assigned
to a group) by the full-time persons of the groups; job-centre operation (HK6) is only computed
in total. This is how the national series is built (VIVE (2022): Jobcentrenes målgrupper og
udgifter 2011-2019, tabel 5.6 = tabel 5.5 ÷ tabel 5.4; HK6 excluded).

The municipality's own figures are compared with the national series and the municipality-group
averages (``budgetapp.core.benchmarks``) after converting them to the same price level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from budgetapp.core.budget import BaseBudget

TOTAL_HK5 = "total_hk5"          # measures, all groups
TOTAL_HK6 = "total_hk6"          # job-centre operation
TOTAL_HK5_HK6 = "total_hk5_hk6"  # measures + operation
UNASSIGNED = "oevrige_and_unassigned"  # HK5 that cannot be assigned to a group (no persons)


@dataclass(frozen=True)
class UnitCostLine:
    """HK5 expense and full-time persons of one target group in one year (kr., persons).

    A line with 0 full-time persons (e.g. "Øvrige og ikke fordelt") counts in the HK5 total
    but gets no unit cost of its own.
    """

    target_group: str
    year: int
    full_year_persons: float
    measures_expense: float
    source: str = ""


@dataclass(frozen=True)
class OperationExpense:
    """HK6 job-centre operation in one year (kr.)."""

    year: int
    amount: float
    source: str = ""


@dataclass(frozen=True)
class UnitCostInputs:
    """The inputs of the unit-cost comparison, at ``price_level_year`` prices."""

    price_level_year: int
    groups: tuple[UnitCostLine, ...] = ()
    operation: tuple[OperationExpense, ...] = ()

    @property
    def years(self) -> list[int]:
        return sorted({g.year for g in self.groups} | {o.year for o in self.operation})


@dataclass(frozen=True)
class UnitCost:
    """Expense ÷ full-time persons for one group (or total) and year."""

    target_group: str
    year: int
    expense: float
    full_year_persons: float

    @property
    def kr_per_full_year_person(self) -> float | None:
        if self.full_year_persons <= 0:
            return None
        return self.expense / self.full_year_persons


def compute_unit_costs(inputs: UnitCostInputs) -> list[UnitCost]:
    """Per year: one UnitCost per group with persons, then the HK5, HK6 and HK5+HK6 totals.

    The totals' denominator is the sum of the groups' full-time persons that year.
    """
    out: list[UnitCost] = []
    for year in inputs.years:
        lines = [g for g in inputs.groups if g.year == year]
        persons = sum(g.full_year_persons for g in lines)
        hk5 = sum(g.measures_expense for g in lines)
        hk6 = sum(o.amount for o in inputs.operation if o.year == year)
        out.extend(UnitCost(g.target_group, year, g.measures_expense, g.full_year_persons)
                   for g in lines if g.full_year_persons > 0)
        out.append(UnitCost(TOTAL_HK5, year, hk5, persons))
        out.append(UnitCost(TOTAL_HK6, year, hk6, persons))
        out.append(UnitCost(TOTAL_HK5_HK6, year, hk5 + hk6, persons))
    return out


def unit_cost_inputs_from_budget(budget: BaseBudget) -> UnitCostInputs:
    """Unit-cost inputs derived from a :class:`~budgetapp.core.budget.BaseBudget`.

    HK5 per group = full-time persons × measures per full-time person; an operation line on a
    measures function (5.68.xx, e.g. "øvrig beskæftigelsesindsats, ikke fordelt") is HK5 without
    persons (:data:`UNASSIGNED`), as in the national series; HK6 = the operation lines on
    jobcentre functions (6.xx.xx).
    """
    lines = [
        UnitCostLine(g.target_group, g.year, g.full_year_persons,
                     g.full_year_persons * g.measures_per_full_year_person,
                     source="Afledt af basisbudgettet")
        for g in budget.groups
    ]
    by_year: dict[int, float] = {}
    unassigned: dict[int, float] = {}
    for line in budget.operation:
        if line.function.startswith("5."):
            unassigned[line.year] = unassigned.get(line.year, 0.0) + line.amount
            continue
        by_year[line.year] = by_year.get(line.year, 0.0) + line.amount
    lines += [UnitCostLine(UNASSIGNED, y, 0.0, a, source="Afledt af basisbudgettet (ikke fordelt)")
              for y, a in sorted(unassigned.items())]
    groups = tuple(lines)
    operation = tuple(OperationExpense(y, a, source="Afledt af basisbudgettet")
                      for y, a in sorted(by_year.items()))
    return UnitCostInputs(budget.price_level_year, groups, operation)


def unit_cost_lookup(costs: Sequence[UnitCost]) -> dict[tuple[str, int], float]:
    """(group or total, year) → kr. per full-time person, for the entries that have one."""
    out: dict[tuple[str, int], float] = {}
    for c in costs:
        value = c.kr_per_full_year_person
        if value is not None:
            out[(c.target_group, c.year)] = value
    return out
