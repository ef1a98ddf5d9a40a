"""Pool grants: grant, co-financing, yearly net expense and the link to a business case."""

from __future__ import annotations

import datetime as dt

from budgetapp.core.case import BenefitRefusion, BusinessCase, PoolFunding, Segment, single_effect_case
from budgetapp.core.pools import Pool, PoolYear, apply_pool_funding, pool_issues

POOL = Pool(
    id="p1", name="Mentorpulje", grantor="STAR", start_date=dt.date(2027, 1, 1),
    end_date=dt.date(2028, 12, 31), grant_rate=0.8, eligible_cost=2_400_000,
    years=(PoolYear(2027, 1_200_000, 480_000, 40_000, 77_000, 2.0),
           PoolYear(2028, 1_200_000, 960_000, 0, 77_000, 2.0),
           PoolYear(2029, 0, 480_000, 0, 20_000, 0.0)),
)


def _case(funding: tuple[PoolFunding, ...]) -> BusinessCase:
    return single_effect_case("Mentor", "k", 2027, 4, 10, 100_000, (Segment("alle", 1.0, 10, 8),),
                        BenefitRefusion("refusionstrappe-2016"), pool_funding=funding)


def test_grant_and_cofinancing():
    assert POOL.grant == 1_920_000          # 2.400.000 × 0,8
    assert POOL.cofinancing == 480_000      # 2.400.000 × 0,2
    assert POOL.total_income == 1_920_000   # 480.000 + 960.000 + 480.000
    assert POOL.total_overhead == 214_000   # 40.000 + 77.000 + 77.000 + 20.000


def test_net_by_year_with_income_in_a_later_year():
    # 2027: 1.200.000 − 480.000 + 117.000 = 837.000; 2028: 1.200.000 − 960.000 + 77.000 = 317.000;
    # 2029: 0 − 480.000 + 20.000 = −460.000 (the final grant arrives after the spending)
    assert POOL.net_by_year() == {2027: 837_000, 2028: 317_000, 2029: -460_000}
    assert POOL.net_by_year(include_activity=False) == {2027: 117_000, 2028: 77_000, 2029: 20_000}


def test_active_years_follow_the_dates():
    assert [POOL.active_in(y) for y in (2026, 2027, 2028, 2029)] == [False, True, True, False]
    assert POOL.year(2030) == PoolYear(2030)


def test_pool_income_flows_into_the_case_it_funds():
    case = _case((PoolFunding("Mentorpulje", 0.0, "p1"), PoolFunding("Egen pulje", 5.0, None)))
    funded = apply_pool_funding(case, [POOL], {"p1": 1.1})
    # years 2027-2030: income 480.000, 960.000, 480.000, 0, each × 1,1
    assert funded.pool_funding[0].amount_per_year == [528_000.0, 1_056_000.0, 528_000.0, 0.0]
    assert funded.pool_funding[1] == case.pool_funding[1]


def test_case_without_pool_link_is_returned_unchanged():
    case = _case((PoolFunding("Ukendt", 7.0, "findes-ikke"),))
    assert apply_pool_funding(case, [POOL]) is case


def test_valid_pool_has_no_issues():
    assert pool_issues(POOL) == []


def test_pool_issues_name_every_problem():
    bad = Pool(id="p2", name="", grant_rate=1.2, eligible_cost=100, start_date=dt.date(2028, 1, 1),
               end_date=dt.date(2027, 1, 1),
               years=(PoolYear(2027, -1, 500), PoolYear(2027), PoolYear(2029, 10, 0, staff_fte=1)))
    fields = [i.field for i in pool_issues(bad)]
    assert fields == [
        "puljer[p2].name",
        "puljer[p2].grant_rate",
        "puljer[p2].end_date",
        "puljer[p2].years[2027].expense",
        "puljer[p2].years[2027].year",
        "puljer[p2].years[2029].expense",   # expense and staff after the end date
        "puljer[p2].years",                 # income 500 > grant 100 × 1,2 = 120
    ]
