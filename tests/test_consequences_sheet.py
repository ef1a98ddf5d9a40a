"""The workbook's "Økonomiske konsekvenser" shows the committee proposal's table: the same columns
over the whole horizon, the same row labels and, recalculated by LibreOffice from its formulas, the
same figures to the krone; horizon plus what falls after it is the entry-year total."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from conftest import EXAMPLES
from recalc import error_cells, recalc_all, require_soffice
from test_proposal_horizon import COST, FLOW, ten_years

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import load_case
from budgetapp.export.consequences_sheet import CONSEQUENCES_SHEET, TAIL_PERSONS_NOTE, TAIL_PERSONS_STALE
from budgetapp.export.council_workbook import build_council_workbook, content_from_cases
from budgetapp.export.proposal_content import build_proposal

pytestmark = [pytest.mark.slow]

HJOERRING = EXAMPLES / "hjoerring-investeringsmodel.json"

# A ten-year case with a cost tail: every entrant spends 2 weeks in the effort (benefit weeks 10 → 2),
# a mentor costs 40.000 kr. per full-year participant with 50 % refusion, a 1.000.000 kr. pool
# funds the service costs in the first two years, and a line of 30.000 kr. a year is booked on
# overførsler.
RICH_FLOW = dict(FLOW, segments=[{"name": "Alle", "share": 1, "weeks_before": 10, "weeks_after": 2,
                                  "weeks_in_effort": 2}])
RICH_COSTS = [COST, {"name": "Mentor", "kind": "per_participant", "amount_per_full_year_participant": 40_000,
                     "refusion_rate": 0.5},
              {"name": "Ydelse til mentor", "amount_per_year": 30_000, "styringsomraade": "overførsler"}]
RICH_POOLS = [{"name": "Statspulje", "amount_per_year": [1_000_000, 1_000_000]}]


def rich_case():
    return ten_years(name="Ti år med mentor", effects=[RICH_FLOW], costs=RICH_COSTS,
                     pool_funding=RICH_POOLS)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The three cases exported (budget year 2027, Hjørring 2015) and recalculated in one run."""
    require_soffice()
    tmp = tmp_path_factory.mktemp("consequences")
    cases = {"ten": (ten_years(), 2027), "rich": (rich_case(), 2027),
             "hjoerring": (load_case(HJOERRING), 2015)}
    out, layouts = {}, {}
    for key, (case, budget_year) in cases.items():
        content = content_from_cases([case])
        content.budget_year = budget_year
        path = tmp / f"{key}.xlsx"
        layout = layouts[key] = build_council_workbook(path, content)
        out[key] = (case, budget_year, path, layout.consequences[case.name])
    # a council member changes the rich case's inflow in 2036 on its case sheet
    changed = tmp / "changed.xlsx"
    (lay,) = layouts["rich"].cases
    wb = openpyxl.load_workbook(out["rich"][2])
    wb[lay.sheet].cell(lay.inflow_row + 1, lay.year_col(2036) + 1).value = 600
    wb.save(changed)
    *recalced, recalced_changed = recalc_all([*(v[2] for v in out.values()), changed], tmp / "recalced")
    books = {key: (case, year, path, rows, new)
             for (key, (case, year, path, rows)), new in zip(out.items(), recalced, strict=True)}
    books["changed"] = (*books["rich"][:4], recalced_changed)
    return books


def sheet_table(book, rows: dict[str, int], n_columns: int, data_only: bool = True):
    """(heads, subs, {label: values}) of a case's table as the recalculated workbook holds it."""
    ws = openpyxl.load_workbook(book, data_only=data_only)[CONSEQUENCES_SHEET]

    def line(r: int) -> list:
        return [ws.cell(r + 1, 2 + j).value for j in range(n_columns)]

    def text(r: int) -> list:   # LibreOffice leaves an empty heading cell empty
        return ["" if v is None else v for v in line(r)]

    keys = [k for k in ("service", "overførsler", "effect", "anlæg", "total") if k in rows]
    return text(rows["head"]), text(rows["sub"]), {ws.cell(rows[k] + 1, 1).value: line(rows[k]) for k in keys}


@pytest.mark.parametrize("key", ["ten", "rich", "hjoerring"])
def test_the_sheet_is_the_proposals_table_cell_by_cell(books, key):
    case, budget_year, _, rows, recalced = books[key]
    con = build_proposal(case, budget_year=budget_year).consequences
    heads, subs, found = sheet_table(recalced, rows, len(con.columns))
    assert heads == [c.head for c in con.columns]
    assert subs == [c.sub for c in con.columns]
    assert list(found) == [label for label, _, _ in con.rows]
    for label, values, _ in con.rows:
        assert found[label] == pytest.approx(values, abs=0.01), label
    # nothing else in the sheet's table columns: the column after the last is empty
    ws = openpyxl.load_workbook(recalced, data_only=True)[CONSEQUENCES_SHEET]
    assert ws.cell(rows["head"] + 1, 2 + len(con.columns)).value is None
    assert error_cells(recalced) == []


def test_a_ten_year_case_shows_2031_2036_and_the_tail_after_2036(books):
    case, _, _, rows, recalced = books["ten"]
    heads, subs, found = sheet_table(recalced, rows, 8)
    assert heads == ["2027", "2028", "2029", "2030", "2031-2036", "I alt", "Efter 2036", "Varig"]
    assert subs == ["budgetår", "overslagsår", "overslagsår", "overslagsår", "senere år", "2027-2036",
                    "efter perioden", "ændring 2036"]
    # 520 entrants a year, 10 weeks saved each at 5.200 kr. a week, calendar timing: 2027 saves
    # 520 × (42·10 + 10·10/2)/52 × 5.200 = 24.440.000; each later year 520 × 10 × 5.200 = 27.040.000;
    # 2031-2036: 6 × 27.040.000 = 162.240.000; I alt 24.440.000 + 9 × 27.040.000 = 267.800.000;
    # after 2036 the rest of the last entrants' weeks: 520 × (10 − 9,0385) × 5.200 = 2.600.000.
    assert found["Effekt: mindreudgift til forsørgelse (overførsler)"] == pytest.approx(
        [-24_440_000, -27_040_000, -27_040_000, -27_040_000, -162_240_000, -267_800_000, -2_600_000,
         -27_040_000], abs=0.01)
    # service: the fixed 12.345.678 a year; 2031-2036 6 × = 74.074.068; I alt 10 × = 123.456.780
    assert found["Investering: udgifter på service"] == pytest.approx(
        [12_345_678] * 4 + [74_074_068, 123_456_780, 0, 12_345_678], abs=0.01)
    total = found["I alt (nettovirkning for kommunen)"]
    # I alt: 123.456.780 − 267.800.000 = −144.343.220; after 2036: −2.600.000
    assert total[5:7] == pytest.approx([-144_343_220, -2_600_000], abs=0.01)
    entry = appraise(replace(case, timing="entry_year"))
    assert total[5] + total[6] == pytest.approx(-sum(entry.net_result), abs=0.01)
    # the weeks saved after 2036 are not money: a line of their own, 520 × 0,9615 = 500 weeks
    ws = openpyxl.load_workbook(recalced, data_only=True)[CONSEQUENCES_SHEET]
    assert [ws.cell(rows["payback"] + 2, c).value for c in (1, 2)] == [
        "Sparede uger på ydelse efter 2036 (uger, ikke 1.000 kr.)", "500,0 uger"]


def test_costs_after_the_horizon_follow_the_participants(books):
    case, _, path, rows, recalced = books["rich"]
    _, _, found = sheet_table(recalced, rows, 8)
    ws = openpyxl.load_workbook(recalced, data_only=True)[CONSEQUENCES_SHEET]
    # the last entrants of 2036 arriving in its final 2 weeks are still in the effort after it:
    # 520 × (2 · 2/2)/52 = 20 weeks = 20/52 = 0,3846 full-year persons
    assert ws.cell(rows["tail_persons"] + 1, 2).value == pytest.approx(20 / 52)
    # mentor after 2036: 0,3846 × 40.000 × (1 − 0,5) = 7.692,31 kr. on service
    service = found["Investering: udgifter på service"]
    assert service[6] == pytest.approx(20 / 52 * 40_000 * 0.5, abs=0.01)
    # 2027: 520 × 2 effort weeks less the 20 falling in 2028 = 1.020 weeks = 1.020/52 = 19,615
    # full-year persons × 40.000 × 0,5 = 392.307,69; + 12.345.678 − pool 1.000.000 = 11.737.985,69
    assert service[0] == pytest.approx(12_345_678 + 1020 / 52 * 20_000 - 1_000_000, abs=0.01)
    # the line booked on overførsler: 30.000 a year, 6 × in 2031-2036, nothing after 2036
    assert found["Udgifter på overførsler"] == pytest.approx(
        [30_000] * 4 + [180_000, 300_000, 0, 30_000], abs=0.01)
    total = found["I alt (nettovirkning for kommunen)"]
    entry = appraise(replace(case, timing="entry_year"))
    assert total[5] + total[6] == pytest.approx(-sum(entry.net_result), abs=0.01)
    # the tail is live: the mentor's price and refusion come from the case sheet
    formulas = openpyxl.load_workbook(path)[CONSEQUENCES_SHEET]
    tail_formula = formulas.cell(rows["service"] + 1, 2 + 6).value
    assert tail_formula.startswith(f"=B{rows['tail_persons'] + 1}*(") and "Ti år med mentor" in tail_formula
    # the persons after 2036 are a computed value: the cell beside them says so, and warns when
    # the inflow they were computed from has been changed on the case sheet
    assert ws.cell(rows["tail_persons"] + 1, 3).value == TAIL_PERSONS_NOTE
    changed = openpyxl.load_workbook(books["changed"][4], data_only=True)[CONSEQUENCES_SHEET]
    assert changed.cell(rows["tail_persons"] + 1, 3).value == TAIL_PERSONS_STALE
    # while the effect after 2036 follows the new inflow: only 2036's entrants reach past 2036
    # (paths of at most 10 weeks); each saves 10·10/2/52 − 2·2/2/52 = 0,9231 weeks after it, so
    # 520 × 0,9231 × 5.200 = 2.496.000 kr. becomes 600 × 0,9231 × 5.200 = 2.880.000 kr.
    assert found["Effekt: mindreudgift til forsørgelse (overførsler)"][6] == pytest.approx(-2_496_000)
    assert changed.cell(rows["effect"] + 1, 8).value == pytest.approx(-2_880_000)


def test_hjoerring_shows_2015_2019_with_the_published_investment(books):
    _, _, _, rows, recalced = books["hjoerring"]
    heads, subs, found = sheet_table(recalced, rows, 7)
    assert heads == ["2015", "2016", "2017", "2018", "2019", "I alt", "Varig"]
    assert subs == ["budgetår", "overslagsår", "overslagsår", "overslagsår", "", "2015-2019", "ændring 2019"]
    # 31.600.000 a year, 5 × = 158.000.000; fewer full-year persons 100, 300, 500, 700, 900 ×
    # 150.000 kr. × 80 % municipal share (weeks 53+) = 12, 36, 60, 84, 108 mio. kr., 300 mio. kr.;
    # net −142 mio. kr.; the permanent change is 2019's level: 31,6 − 108 = −76,4 mio. kr.
    assert found["Investering: udgifter på service"] == pytest.approx(
        [31_600_000] * 5 + [158_000_000, 31_600_000], abs=0.01)
    assert found["Effekt: mindreudgift til forsørgelse (overførsler)"] == pytest.approx(
        [-12e6, -36e6, -60e6, -84e6, -108e6, -300e6, -108e6], abs=0.01)
    assert found["I alt (nettovirkning for kommunen)"] == pytest.approx(
        [19.6e6, -4.4e6, -28.4e6, -52.4e6, -76.4e6, -142e6, -76.4e6], abs=0.01)
    ws = openpyxl.load_workbook(recalced, data_only=True)[CONSEQUENCES_SHEET]
    assert ws.cell(rows["payback"] + 1, 2).value == 3      # paid back in 2017, the third year
    assert ws.cell(rows["payback"] + 2, 1).value == "Intet af virkningen falder efter 2019."
