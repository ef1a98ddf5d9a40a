"""The planning project: everything one ``.jcbudget`` file holds.

A project is one municipality's base budget for a budget year, its unit-cost inputs, its pool
grants, its business cases (each switched on or off for the projection), named scenarios that
override case inputs, free notes, and the source and remark of every input (``sources``, keyed
by :func:`source_key`). Reading and writing is :mod:`budgetapp.io.project_file`; the numbers
come from :mod:`budgetapp.core.projection`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from budgetapp.core.budget import BaseBudget, budget_issues
from budgetapp.core.case import BusinessCase, CaseError, Issue
from budgetapp.core.pools import Pool, pool_issues
from budgetapp.core.price_index import (
    IndexSet,
    PriceIndex,
    PriceIndexError,
    default_price_index,
    default_transfer_index,
    validate_index,
)
from budgetapp.core.unit_costs import UnitCostInputs

OVERSLAG_YEARS = 3  # overslagsår B+1..B+3


@dataclass(frozen=True)
class InputSource:
    """Where an input comes from and any remark on it (shown beside the value)."""

    source: str = ""
    remark: str = ""


def source_key(*parts: object) -> str:
    """The key of an input in :attr:`Project.sources`, e.g. ``budget/dagpenge/2027/full_year_persons``.

    Conventions: ``project/<field>``, ``budget/<group>/<year>/<field>``,
    ``operation/<line name>/<year>``, ``unit_costs/<group>/<year>/<field>``,
    ``unit_costs/operation/<year>``, ``pool/<id>/<field>``, ``pool/<id>/<year>/<field>``,
    ``price_index/<year>`` (service index), ``transfer_index/<year>`` (satsreguleringsprocenten).
    Case inputs keep their sources in the case's own ``notes``.
    """
    return "/".join(str(p) for p in parts)


@dataclass(frozen=True)
class ProjectCase:
    """A business case inside a project.

    ``enabled`` switches it on or off in the projection; ``budget_group`` is the base-budget
    target group whose benefit the case changes (None: its effect is only counted in the total);
    ``price_level_year`` is the p/l of the case's amounts (None: the project's price level).
    """

    case: BusinessCase
    enabled: bool = True
    budget_group: str | None = None
    price_level_year: int | None = None

    @property
    def name(self) -> str:
        return self.case.name


@dataclass(frozen=True)
class Scenario:
    """Named input overrides: case name → {field path: value}.

    A field path names a field of the case file (``docs/case-file.md``): ``deadweight``,
    ``benefit_refusion.rate``, ``segments[1].weeks_after``, ``costs[0].amount_per_year``.
    The value None removes the field, so the case file's default applies (e.g. to switch a
    cost line from ``refusion_rate`` to ``refusion_rule``).
    """

    name: str
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    description: str = ""


def case_file_dict(case: BusinessCase) -> dict[str, Any]:
    """The case as a ``budgetapp.case/1`` dict that :func:`case_from_dict` reads back."""
    return case.to_dict()


def case_file_json(case: BusinessCase) -> str:
    return json.dumps(case_file_dict(case), ensure_ascii=False, indent=2)


def apply_overrides(case: BusinessCase, overrides: dict[str, Any],
                    protected: frozenset[str] | None = None) -> BusinessCase:
    """The case with ``overrides`` (field path → value) applied and validated again.

    The one implementation is :func:`budgetapp.core.scenarios.apply_overrides` (shares of the
    other segments are rebalanced; a value of None removes the field). A scenario may not
    change the case's name or notes; pass ``protected=frozenset()`` to edit any field, as the
    demo build does when it adapts an example case to the project.
    """
    if not overrides:
        return case
    from budgetapp.core.scenarios import PROTECTED
    from budgetapp.core.scenarios import apply_overrides as apply_scenario

    return apply_scenario(case, overrides, PROTECTED if protected is None else protected)


@dataclass
class Project:
    """One planning project. Mutable: the GUI edits it in place and saves it."""

    municipality: str
    budget_year: int
    price_level_year: int
    budget: BaseBudget
    unit_costs: UnitCostInputs | None = None
    pools: list[Pool] = field(default_factory=list)
    cases: list[ProjectCase] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    notes: str = ""
    sources: dict[str, InputSource] = field(default_factory=dict)
    price_index: PriceIndex = field(default_factory=default_price_index)  # service (KL's p/l-skøn)
    last_accounts_year: int | None = None
    size_group: str = ""          # municipality size group (Bilagstabel 1.2) for benchmarks
    rammevilkaar_group: str = ""  # rammevilkår group (Bilagstabel 1.1) for benchmarks
    # overførsler: the satsreguleringsprocent (lov om en satsreguleringsprocent)
    transfer_index: PriceIndex = field(default_factory=default_transfer_index)

    @property
    def indices(self) -> IndexSet:
        """The two indices the projection converts with: ``price_index`` for service (and anlæg),
        ``transfer_index`` for overførsler (:func:`budgetapp.core.price_index.kind_for`)."""
        return IndexSet(self.price_index, self.transfer_index)

    # --- years ---------------------------------------------------------------------------

    @property
    def overslag_years(self) -> list[int]:
        return [self.budget_year + i for i in range(1, OVERSLAG_YEARS + 1)]

    @property
    def years(self) -> list[int]:
        """Last accounts year (if set), budget year, overslagsår and any further budget years."""
        years = set(self.budget.years) | {self.budget_year, *self.overslag_years}
        if self.last_accounts_year is not None:
            years.add(self.last_accounts_year)
        return sorted(years)

    # --- cases -----------------------------------------------------------------------------

    def case(self, name: str) -> ProjectCase:
        for entry in self.cases:
            if entry.name == name:
                return entry
        raise KeyError(f"Projektet har ingen business case med navnet '{name}'")

    @property
    def enabled_case_names(self) -> list[str]:
        return [c.name for c in self.cases if c.enabled]

    def set_case_enabled(self, name: str, enabled: bool) -> None:
        for i, entry in enumerate(self.cases):
            if entry.name == name:
                self.cases[i] = replace(entry, enabled=enabled)
                return
        raise KeyError(f"Projektet har ingen business case med navnet '{name}'")

    def replace_case(self, name: str, case: BusinessCase) -> None:
        """Put an edited case in place of the case called ``name`` (keeps its flags)."""
        for i, entry in enumerate(self.cases):
            if entry.name == name:
                self.cases[i] = replace(entry, case=case)
                return
        raise KeyError(f"Projektet har ingen business case med navnet '{name}'")

    def scenario(self, name: str) -> Scenario:
        for entry in self.scenarios:
            if entry.name == name:
                return entry
        raise KeyError(f"Projektet har intet scenarie med navnet '{name}'")

    def case_in_scenario(self, name: str, scenario: str | None) -> BusinessCase:
        """The case called ``name`` with the overrides of ``scenario`` (None: as entered)."""
        case = self.case(name).case
        if scenario is None:
            return case
        return apply_overrides(case, self.scenario(scenario).overrides.get(name, {}))

    # --- pools and sources -----------------------------------------------------------------

    def pool(self, pool_id: str) -> Pool:
        for entry in self.pools:
            if entry.id == pool_id:
                return entry
        raise KeyError(f"Projektet har ingen pulje med id '{pool_id}'")

    def cases_funded_by(self, pool_id: str) -> list[str]:
        return [c.name for c in self.cases
                if any(p.pool_id == pool_id for p in c.case.pool_funding)]

    def source(self, key: str) -> InputSource:
        return self.sources.get(key, InputSource())

    def set_source(self, key: str, source: str, remark: str = "") -> None:
        self.sources[key] = InputSource(source, remark)

    # --- validation ------------------------------------------------------------------------

    def issues(self) -> list[Issue]:
        """Every problem that would make the projection wrong or impossible (Danish)."""
        issues: list[Issue] = []
        if not self.municipality.strip():
            issues.append(Issue("municipality", "kommunens navn mangler"))
        if not 1990 <= self.budget_year <= 2100:
            issues.append(Issue("budget_year", f"budgetåret {self.budget_year} er ikke et gyldigt år"))
        if self.last_accounts_year is not None and self.last_accounts_year >= self.budget_year:
            issues.append(Issue("last_accounts_year",
                                "seneste regnskabsår skal ligge før budgetåret"))
        issues.extend(budget_issues(self.budget))
        issues.extend(Issue("price_index", p) for p in validate_index(self.price_index))
        issues.extend(Issue("transfer_index", p) for p in validate_index(self.transfer_index))
        needed = {self.price_level_year, self.budget.price_level_year}
        needed |= {c.price_level_year for c in self.cases if c.price_level_year is not None}
        needed |= {p.price_level_year for p in self.pools if p.price_level_year is not None}
        for year in sorted(needed):
            for key, index in (("price_index", self.price_index), ("transfer_index", self.transfer_index)):
                try:
                    index.value(year)
                except PriceIndexError as exc:
                    issues.append(Issue(key, str(exc)))
        names: set[str] = set()
        groups = set(self.budget.target_groups)
        pool_ids = {p.id for p in self.pools}
        for i, entry in enumerate(self.cases):
            where = f"cases[{i}]"
            if entry.name in names:
                issues.append(Issue(where + ".name", f"navnet '{entry.name}' bruges af to cases"))
            names.add(entry.name)
            if entry.budget_group is not None and entry.budget_group not in groups:
                issues.append(Issue(where + ".budget_group",
                                    f"målgruppen '{entry.budget_group}' findes ikke i basisbudgettet"))
            for j, funding in enumerate(entry.case.pool_funding):
                if funding.pool_id is not None and funding.pool_id not in pool_ids:
                    issues.append(Issue(f"{where}.pool_funding[{j}].pool_id",
                                        f"puljen '{funding.pool_id}' findes ikke i projektet"))
        ids: set[str] = set()
        for pool in self.pools:
            if pool.id in ids:
                issues.append(Issue(f"puljer[{pool.id}].id", "id'et bruges af to puljer"))
            ids.add(pool.id)
            issues.extend(pool_issues(pool))
        for scenario in self.scenarios:
            for case_name in scenario.overrides:
                where = f"scenarier[{scenario.name}].{case_name}"
                if case_name not in names:
                    issues.append(Issue(where, "ingen business case har dette navn"))
                    continue
                try:
                    self.case_in_scenario(case_name, scenario.name)
                except CaseError as exc:
                    issues.extend(Issue(f"{where}.{i.field}", i.message) for i in exc.issues)
        return issues
