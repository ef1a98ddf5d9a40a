"""State pool grants (puljer): what a pool costs, what it brings in and when.

A pool grant covers ``grant_rate`` of the eligible cost; the rest is municipal co-financing
(grant rates of 80 % and 100 %: VIVE (2022): Jobcentrenes målgrupper og udgifter 2011-2019,
bilagstabel 3.1). Expense and income are kept per year because the grant is often paid in another
year than the money is spent. Applying for and administering a pool costs real money (medians
about 40.000 and 77.000 kr. a year, VIVE (2022), afsnit 6.6, bilagstabel 2.7 and 2.9). Pools end, so
the staff they fund end too: ``end_date`` and ``staff_fte`` per year make that visible.

A pool can fund a business case: the case names the pool in ``PoolFunding.pool_id`` and
:func:`apply_pool_funding` then fills that entry with the pool's income, year by year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from budgetapp.core.case import BusinessCase, Issue, PoolFunding
from budgetapp.core.formatting import format_found


@dataclass(frozen=True)
class PoolYear:
    """One year of a pool, in kroner at the pool's price level.

    ``expense`` is the municipality's spending on the pool's activity that year, ``income``
    the grant booked that year (it may belong to an earlier year's expense).
    """

    year: int
    expense: float = 0.0
    income: float = 0.0
    application_cost: float = 0.0
    administration_cost: float = 0.0
    staff_fte: float = 0.0  # årsværk funded by the pool this year


@dataclass(frozen=True)
class Pool:
    """One pool grant. ``id`` is the stable key a business case refers to."""

    id: str
    name: str
    grantor: str = ""                   # granting ministry or agency
    start_date: dt.date | None = None
    end_date: dt.date | None = None     # when the grant (and the staff it funds) ends
    grant_rate: float = 1.0             # share of the eligible cost the state pays
    eligible_cost: float = 0.0          # total eligible cost over the period, kr.
    years: tuple[PoolYear, ...] = ()
    account: str = ""                   # e.g. grouping 5.68.98.100 (VIVE (2022), bilagstabel 3.1)
    target_group: str = ""
    price_level_year: int | None = None  # None: the project's price level
    source: str = ""
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def year_labels(self) -> list[int]:
        return sorted(y.year for y in self.years)

    def year(self, year: int) -> PoolYear:
        """The pool's figures for ``year`` (zeros when the pool has none that year)."""
        for entry in self.years:
            if entry.year == year:
                return entry
        return PoolYear(year)

    @property
    def grant(self) -> float:
        """The grant the rate promises on the eligible cost: eligible cost × grant rate."""
        return self.eligible_cost * self.grant_rate

    @property
    def cofinancing(self) -> float:
        """Municipal co-financing of the eligible cost: eligible cost − grant."""
        return self.eligible_cost - self.grant

    @property
    def total_expense(self) -> float:
        return sum(y.expense for y in self.years)

    @property
    def total_income(self) -> float:
        return sum(y.income for y in self.years)

    @property
    def total_overhead(self) -> float:
        """Application and administration cost over the whole period."""
        return sum(y.application_cost + y.administration_cost for y in self.years)

    def net_by_year(self, include_activity: bool = True) -> dict[int, float]:
        """The municipality's net expense per year: expense + overhead − income.

        With ``include_activity=False`` only the overhead counts: used when the pool funds a
        business case, whose own cost lines already hold the activity's expense and whose pool
        funding holds the income.
        """
        out: dict[int, float] = {}
        for y in sorted(self.years, key=lambda e: e.year):
            overhead = y.application_cost + y.administration_cost
            out[y.year] = (y.expense - y.income + overhead) if include_activity else overhead
        return out

    def active_in(self, year: int) -> bool:
        """Whether the pool runs in ``year`` (by its dates, else by its yearly figures)."""
        if self.start_date and year < self.start_date.year:
            return False
        if self.end_date and year > self.end_date.year:
            return False
        if self.start_date or self.end_date:
            return True
        return year in self.year_labels


def pool_issues(pool: Pool, where: str = "") -> list[Issue]:
    """Every problem in a pool's inputs, with the field it concerns (Danish messages)."""
    w = where or f"puljer[{pool.id}]."
    issues: list[Issue] = []
    if not pool.id.strip():
        issues.append(Issue(w + "id", "mangler"))
    if not pool.name.strip():
        issues.append(Issue(w + "name", "mangler"))
    if not 0.0 <= pool.grant_rate <= 1.0:
        issues.append(Issue(w + "grant_rate",
                            f"skal ligge mellem 0 og 1, fandt {format_found(pool.grant_rate)}"))
    if pool.eligible_cost < 0:
        issues.append(Issue(w + "eligible_cost", "kan ikke være negativ"))
    if pool.start_date and pool.end_date and pool.end_date < pool.start_date:
        issues.append(Issue(w + "end_date", "slutdatoen ligger før startdatoen"))
    seen: set[int] = set()
    for entry in pool.years:
        here = f"{w}years[{entry.year}]."
        if entry.year in seen:
            issues.append(Issue(here + "year", "året står to gange"))
        seen.add(entry.year)
        for name in ("expense", "income", "application_cost", "administration_cost", "staff_fte"):
            if getattr(entry, name) < 0:
                issues.append(Issue(here + name, "kan ikke være negativ"))
        if pool.end_date and entry.year > pool.end_date.year and (entry.expense or entry.staff_fte):
            issues.append(Issue(here + "expense",
                                f"puljen slutter {pool.end_date.isoformat()}, men har udgift eller "
                                f"årsværk i {entry.year}"))
    if pool.eligible_cost and pool.total_income > pool.grant + 0.5:
        issues.append(Issue(w + "years",
                            f"indtægterne i alt ({pool.total_income:,.0f} kr.) overstiger tilskuddet "
                            f"efter tilskudsprocenten ({pool.grant:,.0f} kr.)".replace(",", ".")))
    return issues


def pool_funding_amounts(pool: Pool, case: BusinessCase, factor: float = 1.0) -> list[float]:
    """The pool's income in each year of the case, times ``factor`` (a price conversion)."""
    return [pool.year(y).income * factor for y in case.year_labels]


def apply_pool_funding(case: BusinessCase, pools: Sequence[Pool],
                       factors: dict[str, float] | None = None) -> BusinessCase:
    """The case with every ``PoolFunding`` that names a known pool filled from that pool.

    ``factors`` converts each pool's amounts to the case's price level (pool id → factor).
    A pool id the project does not know is left as typed in the case.
    """
    by_id = {p.id: p for p in pools}
    changed = False
    funding: list[PoolFunding] = []
    for entry in case.pool_funding:
        pool = by_id.get(entry.pool_id or "")
        if pool is None:
            funding.append(entry)
            continue
        factor = (factors or {}).get(pool.id, 1.0)
        funding.append(replace(entry, amount_per_year=pool_funding_amounts(pool, case, factor)))
        changed = True
    return replace(case, pool_funding=tuple(funding)) if changed else case
