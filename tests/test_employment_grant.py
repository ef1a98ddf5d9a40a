"""Modregning i beskæftigelsestilskud: two-year lag, documented default share, user's own share."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetapp.core.employment_grant import LINE_NAME, default_share, employment_grant_clawback


def test_a_dagpenge_case_is_clawed_back_from_its_third_year():
    # A dagpenge case saving 400.000 kr. a year in medfinansiering 2027-2030, default share 0,5:
    # 2027: 0 and 2028: 0 (the grant follows unemployment 2 years earlier, § 23 a);
    # 2029: 0,5 × saving 2027 = 200.000; 2030: 0,5 × saving 2028 = 200.000;
    # the savings of 2029 and 2030 come back in 2031-2032: 2 × 200.000 = 400.000 after the horizon.
    result = employment_grant_clawback([400_000, 400_000, 400_000, 400_000], [2027, 2028, 2029, 2030])
    assert result.per_year == {2027: 0.0, 2028: 0.0, 2029: 200_000.0, 2030: 200_000.0}
    assert result.after_horizon == 400_000.0
    assert result.lag_years == 2 and result.share == default_share() == 0.5
    assert "§ 23 a" in result.citation
    assert LINE_NAME == "modregning i beskæftigelsestilskud"


def test_the_user_changes_the_share_and_a_growing_saving():
    # saving 100.000 in 2027, 300.000 in 2028, then 500.000; share 0,3:
    # 2029: 0,3 × 100.000 = 30.000; 2030: 0,3 × 300.000 = 90.000
    result = employment_grant_clawback({2027: 100_000, 2028: 300_000, 2029: 500_000, 2030: 500_000},
                                       share=0.3)
    assert result.series([2027, 2028, 2029, 2030]) == [0.0, 0.0, 30_000.0, 90_000.0]
    # 2029 and 2030 come back after 2030: 0,3 × (500.000 + 500.000) = 300.000
    assert result.after_horizon == pytest.approx(300_000.0)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"savings": [1.0], "years": [2027], "share": 1.5}, "mellem 0 og 1"),
    ({"savings": [1.0, 2.0], "years": [2027]}, "2 værdier"),
    ({"savings": [1.0, 2.0], "years": [2027, 2029]}, "uden huller"),
    ({"savings": [math.nan], "years": [2027]}, "endeligt"),
    ({"savings": [1.0]}, "Årene mangler"),
])
def test_bad_input_is_a_danish_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        employment_grant_clawback(**kwargs)


@given(st.lists(st.floats(-1e7, 1e7), min_size=1, max_size=12), st.floats(0, 1))
def test_every_krone_is_clawed_back_once(savings, share):
    years = list(range(2027, 2027 + len(savings)))
    result = employment_grant_clawback(savings, years, share)
    # within the horizon plus after it = share × total saving; the first two years are never hit
    total = sum(result.per_year.values()) + result.after_horizon
    assert total == pytest.approx(share * sum(savings), abs=1e-6 * (1 + sum(map(abs, savings))))
    assert all(result.per_year[y] == 0.0 for y in years[:2])
