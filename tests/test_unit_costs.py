"""Cost per full-time unemployed: national Table 5.6 reproduced, own figures and benchmarks."""

from __future__ import annotations

import pytest

from budgetapp.core.benchmarks import (
    REFERENCE_PRICE_LEVEL,
    SIX_GROUPS,
    compare_with_benchmarks,
    group_benchmarks,
    load_reference_tables,
    national_benchmarks,
    national_unit_cost_inputs,
)
from budgetapp.core.budget import BaseBudget, GroupYear, OperationLine
from budgetapp.core.price_index import IndexPoint, PriceIndex
from budgetapp.core.unit_costs import (
    TOTAL_HK5,
    TOTAL_HK5_HK6,
    TOTAL_HK6,
    OperationExpense,
    UnitCostInputs,
    UnitCostLine,
    compute_unit_costs,
    unit_cost_inputs_from_budget,
    unit_cost_lookup,
)


def test_table_5_6_reproduced_from_tables_5_4_and_5_5_within_100_kr():
    """Table 5.6 = Table 5.5 (mio. kr.) × 10⁶ ÷ Table 5.4, per group and for HK5 in total."""
    tables = load_reference_tables()
    computed = unit_cost_lookup(compute_unit_costs(national_unit_cost_inputs(range(2014, 2020))))
    published = tables.per_person
    keys = [(g, y) for g in (*SIX_GROUPS, TOTAL_HK5) for y in range(2014, 2020)]
    assert set(published) == set(keys)  # 7 rows × 6 years = 42 values
    for key in keys:
        assert computed[key] == pytest.approx(published[key], abs=100), key
    # One written out: dagpenge 2019 = 734 mio. kr. / 80.929 fuldtidsledige = 9.069,7 kr. (published 9.075)
    assert computed[("dagpenge", 2019)] == pytest.approx(734e6 / 80_929)
    # The total divides all HK5 (6.258 mio. kr. incl. "Øvrige") by the six groups' 318.936 persons:
    # (734 + 2.127 + 199 + 189 + 815 + 690 + 1.504) mio. / 318.936 = 6.258 mio. / 318.936 = 19.621,3
    assert computed[(TOTAL_HK5, 2019)] == pytest.approx(6_258e6 / 318_936)


def test_own_unit_costs_by_group_and_totals():
    inputs = UnitCostInputs(2026, (
        UnitCostLine("a", 2025, 100, 2_000_000),
        UnitCostLine("b", 2025, 300, 3_000_000),
        UnitCostLine("ikke fordelt", 2025, 0, 1_000_000),
    ), (OperationExpense(2025, 8_000_000),))
    costs = unit_cost_lookup(compute_unit_costs(inputs))
    assert costs == {
        ("a", 2025): 20_000.0,              # 2.000.000 / 100
        ("b", 2025): 10_000.0,              # 3.000.000 / 300
        (TOTAL_HK5, 2025): 15_000.0,        # (2 + 3 + 1) mio. / 400
        (TOTAL_HK6, 2025): 20_000.0,        # 8 mio. / 400
        (TOTAL_HK5_HK6, 2025): 35_000.0,    # 14 mio. / 400
    }


def test_unit_cost_inputs_from_budget():
    budget = BaseBudget("T", 2027, 2026,
                        (GroupYear("a", 2025, 50, 1, average_refusion_rate=0,
                                   measures_per_full_year_person=8_000),),
                        (OperationLine("x", 2025, 600_000), OperationLine("y", 2025, 400_000)))
    inputs = unit_cost_inputs_from_budget(budget)
    assert inputs.groups[0].measures_expense == 400_000          # 50 × 8.000
    assert inputs.operation == (OperationExpense(2025, 1_000_000, "Afledt af basisbudgettet"),)
    costs = unit_cost_lookup(compute_unit_costs(inputs))
    assert costs[(TOTAL_HK6, 2025)] == 20_000                     # 1.000.000 / 50


def test_unassigned_hk5_operation_line_counts_in_hk5_not_hk6():
    # A base-budget line on a measures function (5.68.90) is HK5 that cannot be assigned to a
    # group, as "Øvrige" in the national Table 5.5: it counts in the HK5 total, not in HK6.
    budget = BaseBudget("T", 2027, 2026,
                        (GroupYear("a", 2025, 50, 1, average_refusion_rate=0,
                                   measures_per_full_year_person=8_000),),
                        (OperationLine("drift", 2025, 600_000, "6.45.53"),
                         OperationLine("øvrig indsats", 2025, 100_000, "5.68.90")))
    costs = unit_cost_lookup(compute_unit_costs(unit_cost_inputs_from_budget(budget)))
    assert costs[(TOTAL_HK5, 2025)] == 10_000    # (400.000 + 100.000) / 50
    assert costs[(TOTAL_HK6, 2025)] == 12_000    # 600.000 / 50
    assert costs[("a", 2025)] == 8_000           # the group's own unit cost is unchanged


def test_comparison_converts_benchmark_to_own_price_level():
    index = PriceIndex("test", (IndexPoint(2019, 100.0), IndexPoint(2026, 120.0)))
    own = compute_unit_costs(UnitCostInputs(2026, (UnitCostLine("dagpenge", 2025, 10, 120_000),)))
    rows = compare_with_benchmarks(own, 2026, national_benchmarks(), index, years=[2025])
    dagpenge = [r for r in rows if r.measure == "dagpenge"]
    assert len(dagpenge) == 1
    row = dagpenge[0]
    # latest national value: Table 5.6 dagpenge 2019 = 9.075 kr. (2019 prices) × 120/100 = 10.890 kr.
    assert (row.benchmark_year, row.benchmark) == (2019, pytest.approx(10_890))
    assert row.own == 12_000                                      # 120.000 / 10
    assert row.difference == pytest.approx(1_110)
    assert row.ratio == pytest.approx(12_000 / 10_890)
    assert "VIVE (2022)" in row.benchmark_source and "tabel 5.6" in row.benchmark_source


def test_national_benchmarks_hk6_and_total_per_person():
    by_key = {(b.measure, b.year): b for b in national_benchmarks()}
    # Table 5.3 2019: HK6 4.649 mio. kr., total 10.907 mio. kr.; Table 5.4: 318.936 full-time persons
    assert by_key[(TOTAL_HK6, 2019)].value == pytest.approx(4_649e6 / 318_936)
    assert by_key[(TOTAL_HK5_HK6, 2019)].value == pytest.approx(10_907e6 / 318_936)
    assert by_key[(TOTAL_HK5_HK6, 2019)].price_level_year == REFERENCE_PRICE_LEVEL


def test_group_benchmarks_follow_the_municipality_groups():
    found = {(b.label, b.year): b.value for b in group_benchmarks(
        "Kommuner med 50.000-80.000 indbyggere", "Kommuner med de næst bedste rammevilkår")}
    # Figure 5.9 "50.000-80.000" 2019 = 36.145 kr.; Figure 5.8 "Nummer 11-median" 2019 = 37.541 kr.
    assert found[("Kommuner med 50.000-80.000 indbyggere", 2019)] == 36_145
    assert found[("Kommuner med de næst bedste rammevilkår", 2019)] == 37_541
    # Table 5.9 median across 94 job centres
    assert found[("Median for 94 jobcentre (gns. 2017-2019)", 2019)] == 35_726
    assert len(found) == 6 + 6 + 1


def test_unknown_group_labels_give_only_the_job_centre_median():
    assert [b.label for b in group_benchmarks("ukendt", "")] == ["Median for 94 jobcentre (gns. 2017-2019)"]
