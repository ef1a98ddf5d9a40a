"""Changes to the project's pools: add, edit, remove, and which business cases a pool funds.

Every change is one undo step and is checked first with :func:`budgetapp.core.pools.pool_issues`;
a refused change leaves the project as it was. A pool funds a case through a ``PoolFunding``
entry of the case that names the pool's id; the projection and the case editor then fill that
entry with the pool's income year by year (:func:`budgetapp.core.pools.apply_pool_funding`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from budgetapp.core.case import Issue
from budgetapp.core.commands import RemovePool, SavePool
from budgetapp.core.pools import Pool, PoolYear, pool_issues
from budgetapp.core.project import Project
from budgetapp.ui.document import Document
from budgetapp.ui.locale import tr
from budgetapp.ui.models.budget import group_key_for

YEAR_FIELDS = {
    "year": "år",
    "expense": "udgift",
    "income": "indtægt",
    "application_cost": "ansøgningsomkostning",
    "administration_cost": "administrationsomkostning",
    "staff_fte": "årsværk",
}
YEAR_FIELD = re.compile(r"^years\[(\d+)\]\.(\w+)$")


def pool_field_issues(pool: Pool, others: list[Pool]) -> list[Issue]:
    """The pool's issues with the field key alone (``grant_rate``); a year's issue names the year
    and the figure (``2028, udgift: kan ikke være negativ``)."""
    prefix = f"puljer[{pool.id}]."
    issues = []
    for issue in pool_issues(pool):
        key = issue.field.removeprefix(prefix)
        match = YEAR_FIELD.match(key)
        if match:
            label = tr("Pools", YEAR_FIELDS.get(match.group(2), match.group(2)))
            issues.append(Issue(key, f"{match.group(1)}, {label}: {issue.message}"))
        else:
            issues.append(Issue(key, issue.message))
    clash = next((p for p in others if p.id == pool.id), None)
    if clash is not None:
        issues.append(Issue("id", tr("Pools", "id'et bruges allerede af puljen «{0}»").format(clash.name)))
    return issues


def unique_pool_id(project: Project, name: str, start: dt.date | None) -> str:
    base = group_key_for(name).replace("_", "-") or "pulje"
    if start is not None and not base.endswith(str(start.year)):
        base = f"{base}-{start.year}"
    taken = {p.id for p in project.pools}
    wanted, n = base, 2
    while wanted in taken:
        wanted = f"{base}-{n}"
        n += 1
    return wanted


def period_years(pool: Pool) -> list[int]:
    """The calendar years of the pool's period (empty without both dates)."""
    if pool.start_date is None or pool.end_date is None or pool.end_date < pool.start_date:
        return []
    return list(range(pool.start_date.year, pool.end_date.year + 1))


def with_period_years(pool: Pool) -> Pool:
    """The pool with a (zero) year for every year of its period it has no figures for."""
    have = set(pool.year_labels)
    missing = [PoolYear(y) for y in period_years(pool) if y not in have]
    if not missing:
        return pool
    return dataclasses.replace(pool, years=tuple(sorted((*pool.years, *missing), key=lambda e: e.year)))


def spread_eligible_cost(pool: Pool) -> Pool:
    """A new pool's years: the eligible cost spread evenly over the period, the grant booked the same year.

    2.400.000 kr. over 2027-2028 at 80 %: expense 1.200.000 and income 960.000 kr. each year.
    """
    years = period_years(pool)
    if not years or pool.eligible_cost < 0:
        return pool
    expense = pool.eligible_cost / len(years)
    entries = tuple(
        dataclasses.replace(pool.year(y), expense=expense, income=expense * pool.grant_rate) for y in years
    )
    return dataclasses.replace(pool, years=entries)


def scale_income(pool: Pool, old_rate: float) -> Pool:
    """The pool's income per year scaled to its (new) grant rate, keeping when it is paid.

    From 80 % to 60 %: each year's income × 60/80. From a rate of 0 the income becomes the
    year's expense × the new rate.
    """
    if pool.grant_rate == old_rate:
        return pool
    if old_rate > 0:
        factor = pool.grant_rate / old_rate
        entries = tuple(dataclasses.replace(e, income=e.income * factor) for e in pool.years)
    else:
        entries = tuple(dataclasses.replace(e, income=e.expense * pool.grant_rate) for e in pool.years)
    return dataclasses.replace(pool, years=entries)


def save_pool(document: Document, index: int | None, pool: Pool, funded: set[str]) -> list[Issue]:
    """Add (``index`` None) or replace the pool at ``index`` and set the cases it funds; the issues
    when refused (then nothing changes)."""
    return document.run(SavePool(index, pool, frozenset(funded), pool_field_issues))


def remove_pool(document: Document, index: int) -> None:
    """Remove the pool at ``index`` and every case's funding from it (one undo step)."""
    document.run(RemovePool(index))
