"""The council workbook recalculated by an independent engine (LibreOffice) gives the app's figures.

Every shipped example and the demo project are exported; LibreOffice recalculates every formula
(its profile is set to always recalculate on load, :mod:`recalc` / ``scripts/recalc-xlsx``), and each
formula cell must equal the value the app stored (which is the engine's figure) — far inside the
0,5 kr. the issue allows — with no error values. Then input cells are changed with openpyxl and the
recalculated results must move exactly as the app's engine computes for the same change. All
workbooks go through one LibreOffice run to keep the suite fast.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES, HILLEROD, RESOURCES
from recalc import ERRORS, recalc_all, require_soffice

from budgetapp.core.appraisal import appraise
from budgetapp.core.case import EmploymentGrant, load_case
from budgetapp.export.council_workbook import (
    build_council_workbook,
    content_from_cases,
    content_from_project,
)

DEMO = RESOURCES / "demo" / "eksempel-kommune.jcbudget"
MENTOR = EXAMPLES / "mentorstoette-aktivitetsparate.json"

pytestmark = [pytest.mark.slow]


def modify(src: Path, dst: Path, changes: dict[tuple[str, int, int], float]) -> None:
    """Change input cells (sheet, 0-based row, 0-based col) with openpyxl, as a user would in Excel."""
    wb = openpyxl.load_workbook(src)
    for (sheet, row, col), value in changes.items():
        wb[sheet].cell(row + 1, col + 1).value = value
    wb.save(dst)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    require_soffice()
    tmp = tmp_path_factory.mktemp("recalc")
    exports: dict[str, tuple[Path, object, object]] = {}
    for path in sorted(EXAMPLES.rglob("*.json")):
        case = load_case(path)
        out = tmp / f"{path.stem}.xlsx"
        exports[path.stem] = (out, build_council_workbook(out, content_from_cases([case])), [case])
    if DEMO.exists():
        from budgetapp.io.project_file import load_project

        project = load_project(DEMO)
        content = content_from_project(project)
        out = tmp / "demo.xlsx"
        exports["demo"] = (out, build_council_workbook(out, content), content.cases)

    # A case in calendar time with two effects (the Hillerød flow and a stock effect under the
    # staircase), costs in two styringsområder and a pool paying 50 % of the wage, capped.
    hill = load_case(HILLEROD)
    calendar = calendar_case(hill)
    out = tmp / "calendar.xlsx"
    exports["calendar"] = (out, build_council_workbook(out, content_from_cases([calendar])), [calendar])
    # The same with the modregning i beskæftigelsestilskud on both effects (flow share 0,4; stock
    # the rule's default share).
    clawback = clawback_case(calendar)
    out = tmp / "clawback.xlsx"
    exports["clawback"] = (out, build_council_workbook(out, content_from_cases([clawback])), [clawback])

    # Changed inputs: Hillerød (flat 50 %): inflow in year 2, the benefit and the dead-weight.
    out, lay, _ = exports[HILLEROD.stem]
    h = lay.cases[0]
    hill_changes = {
        (h.sheet, h.inflow_row, h.year_col(2014)): 520,
        (h.sheet, *h.scalar_cells["benefit_per_full_year_person"]): 80000,
        (h.sheet, *h.scalar_cells["deadweight"]): 0.1,
    }
    modify(out, tmp / "hill-changed.xlsx", hill_changes)
    hill_changed = hill.with_effect(
        0, inflow_per_year=[459.0, 520.0, 459.0, 459.0], benefit_per_full_year_person=80000.0, deadweight=0.1
    )
    # Mentor (refusion staircase): phase-in, the cost per participant and the persistence.
    mentor = load_case(MENTOR)
    out_m, lay_m, _ = exports[MENTOR.stem]
    m = lay_m.cases[0]
    m_changes = {
        (m.sheet, m.phase_in_row, m.year_col(mentor.start_year)): 0.6,
        (m.sheet, *m.scalar_cells["persistence"]): 0.5,
    }
    cost_changed = mentor.costs
    if m.participant_cost_cells:
        c, cell = next(iter(m.participant_cost_cells.items()))
        m_changes[(m.sheet, *cell)] = 45000
        cost_changed = tuple(
            dataclasses.replace(line, amount_per_full_year_participant=45000.0) if i == c else line
            for i, line in enumerate(mentor.costs)
        )
    modify(out_m, tmp / "mentor-changed.xlsx", m_changes)
    phase = list(mentor.effect_phase_in)
    phase = [0.6, *phase[1:]] if len(phase) > 1 else [0.6, phase[0]]
    mentor_changed = dataclasses.replace(
        mentor.with_effect(0, effect_phase_in=tuple(phase), persistence=0.5), costs=cost_changed
    )
    # Calendar case: the second year's inflow, the stock effect's persons and benefit, the pool's rate.
    out_c, lay_c, _ = exports["calendar"]
    k = lay_c.cases[0]
    flow, stock = k.effects
    k_changes = {
        (k.sheet, flow["inflow"], k.year_col(2014)): 600,
        (k.sheet, stock["fewer"], k.year_col(2015)): 25,
        (k.sheet, stock["benefit"], 2): 90000,
        (k.sheet, *k.pool_rate_cells[0]): 0.3,
    }
    modify(out_c, tmp / "calendar-changed.xlsx", k_changes)
    calendar_changed = dataclasses.replace(
        calendar.with_effect(0, inflow_per_year=[459.0, 600.0, 459.0, 459.0]).with_effect(
            1, fewer_full_year_persons=[10.0, 10.0, 25.0, 10.0], benefit_per_full_year_person=90000.0
        ),
        pool_funding=(dataclasses.replace(calendar.pool_funding[0], rate=0.3),),
    )

    # Clawback case: the flow effect's share 0,4 → 0,7 in the workbook.
    out_g, lay_g, _ = exports["clawback"]
    g = lay_g.cases[0]
    modify(out_g, tmp / "clawback-changed.xlsx", {(g.sheet, g.effects[0]["grant_share"], 2): 0.7})
    clawback_changed = clawback.with_effect(0, employment_grant=EmploymentGrant(0.7))

    files = [f for f, _, _ in exports.values()] + [
        tmp / "clawback-changed.xlsx",
        tmp / "hill-changed.xlsx",
        tmp / "mentor-changed.xlsx",
        tmp / "calendar-changed.xlsx",
    ]
    outdir = tmp / "out"
    recalc_all(files, outdir)
    return {
        "exports": exports,
        "outdir": outdir,
        "changed": {
            "hill": (outdir / "hill-changed.xlsx", h, hill, hill_changed),
            "mentor": (outdir / "mentor-changed.xlsx", m, mentor, mentor_changed),
            "calendar": (outdir / "calendar-changed.xlsx", k, calendar, calendar_changed),
        },
        "clawback_changed": (outdir / "clawback-changed.xlsx", g, clawback, clawback_changed),
    }


def calendar_case(hill):
    """Hillerød in calendar time, plus 10 fewer full-year persons a year under the 2016 staircase
    (band shares 10/20/30/40 %), the second cost line on overførsler and a pool paying 50 % of the
    wage up to 200.000 kr. a year."""
    from budgetapp.core.case import BenefitRefusion, PoolFunding, StockEffect

    stock = StockEffect(
        "Færre på ydelse",
        "Aktivitetsparate",
        60000.0,
        BenefitRefusion("refusionstrappe-2016"),
        [10.0, 10.0, 10.0, 10.0],
        (0.1, 0.2, 0.3, 0.4),
    )
    costs = (hill.costs[0], dataclasses.replace(hill.costs[1], styringsomraade="overførsler"))
    pool = PoolFunding("Pulje", rate=0.5, eligible_costs=(hill.costs[0].name,), cap_per_year=200000.0)
    return dataclasses.replace(
        hill,
        name="Kalendertid",
        timing="calendar",
        effects=(*hill.effects, stock),
        costs=costs,
        pool_funding=(pool,),
    )


def clawback_case(calendar):
    """``calendar`` with the modregning i beskæftigelsestilskud: share 0,4 on the flow effect, the
    rule's default share on the stock effect."""
    return dataclasses.replace(
        calendar.with_effect(0, employment_grant=EmploymentGrant(0.4)).with_effect(
            1, employment_grant=EmploymentGrant(None)),
        name="Med modregning")


def formula_cells(path: Path):
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield ws.title, cell.coordinate


def same(stored, recalced) -> bool:
    if isinstance(stored, (int, float)) and isinstance(recalced, (int, float)):
        # far stricter than the 0,5 kr. the council needs: the formulas are the engine's arithmetic
        return math.isclose(stored, recalced, rel_tol=1e-9, abs_tol=1e-6)
    return (stored or "") == (recalced or "")


def test_every_formula_recalculates_to_the_apps_figure(recalculated):
    assert "demo" in recalculated["exports"], "the demo project must be exported"
    checked = 0
    for name, (path, _, _) in recalculated["exports"].items():
        stored = openpyxl.load_workbook(path, data_only=True)
        recalced = openpyxl.load_workbook(recalculated["outdir"] / path.name, data_only=True)
        wrong = []
        for sheet, coord in formula_cells(path):
            a, b = stored[sheet][coord].value, recalced[sheet][coord].value
            assert not (isinstance(b, str) and b.startswith(ERRORS)), f"{name} {sheet}!{coord}: {b}"
            if not same(a, b):
                wrong.append(f"{sheet}!{coord}: app {a!r}, LibreOffice {b!r}")
            checked += 1
        assert wrong == [], f"{name}: {wrong[:10]}"
    assert checked > 1000  # 3 examples + the demo: several hundred formulas each (1.434 today)


def test_the_stored_values_are_the_engines_figures(recalculated):
    # Hillerød: net cost 500.000 + 167.000 × (1 − 0,5) = 583.500 kr. every year; municipal saving
    # 459 × 12,25 / 52 × 72.000 × 0,5 = 3.892.673,08 kr., half of it (1.946.336,54) in 2013.
    path, lay, cases = recalculated["exports"][HILLEROD.stem]
    wb = openpyxl.load_workbook(recalculated["outdir"] / path.name, data_only=True)
    h = lay.cases[0]
    ws = wb[h.sheet]
    net_2013 = ws.cell(h.result_rows["net_cost"] + 1, h.year_col(2013) + 1).value
    assert net_2013 == pytest.approx(583500, abs=1e-6)
    assert ws.cell(h.result_rows["municipal_saving"] + 1, h.year_col(2013) + 1).value == pytest.approx(
        -459 * 12.25 / 52 * 72000 * 0.5 * 0.5, abs=1e-6
    )
    assert ws.cell(h.result_rows["municipal_saving"] + 1, h.year_col(2014) + 1).value == pytest.approx(
        -3892673.0769230765, abs=1e-6
    )
    # every case of every export: each result row equals the engine's series (sheet sign applied)
    for name, (path, lay, cases) in recalculated["exports"].items():
        wb = openpyxl.load_workbook(recalculated["outdir"] / path.name, data_only=True)
        for case, cl in zip(cases, lay.cases, strict=True):
            check_results(wb[cl.sheet], cl, case, f"{name}/{cl.sheet}")


def check_results(ws, lay, case, where: str) -> None:
    ap = appraise(case)
    series = dict(ap.series)
    series["full_year_persons_in_effort"] = ap.full_year_persons_in_effort_per_year
    for key, row in lay.result_rows.items():
        sign = lay.result_signs[key]
        for j, year in enumerate(lay.years):
            got = ws.cell(row + 1, lay.year_col(year) + 1).value
            assert got == pytest.approx(sign * series[key][j], rel=1e-9, abs=1e-6), f"{where} {key} {year}"
    r, c = lay.key_cells["npv"]
    assert ws.cell(r + 1, c + 1).value == pytest.approx(-ap.npv, rel=1e-9, abs=1e-6)
    r, c = lay.key_cells["payback_year"]
    assert ws.cell(r + 1, c + 1).value == (ap.payback_year or "Ikke i perioden")
    for key, (r, c) in lay.tail_cells.items():
        sign = 1 if key in ("saved_weeks", "employment_grant_clawback") else -1
        assert ws.cell(r + 1, c + 1).value == pytest.approx(sign * ap.after_horizon[key], rel=1e-9, abs=1e-6)


def test_changed_inputs_move_the_results_as_the_engine_does(recalculated):
    for key, (path, lay, original, changed_case) in recalculated["changed"].items():
        wb = openpyxl.load_workbook(path, data_only=True)
        before = appraise(original)
        after = appraise(changed_case)
        # the change must matter, or the test could not fail
        assert after.series["municipal_saving"] != before.series["municipal_saving"]
        check_results(wb[lay.sheet], lay, changed_case, f"changed {key}")
    # Hillerød by hand: 12,25 saved weeks per entrant, half of them the municipality's (flat 50 %);
    # 2014 has 520 entrants at full effect, dead-weight 10 % and a benefit of 80.000 kr.:
    # 520 × 12,25 / 52 × 80.000 × 0,5 × 0,9 = 122,5 × 80.000 × 0,45 = 4.410.000 kr. (shown as −).
    path, lay, _, _ = recalculated["changed"]["hill"]
    ws = openpyxl.load_workbook(path, data_only=True)[lay.sheet]
    assert ws.cell(lay.result_rows["municipal_saving"] + 1, lay.year_col(2014) + 1).value == pytest.approx(
        -4410000.0, abs=1e-6
    )
    # The pool pays min(0,3 × 500.000; 200.000) = 150.000 kr. a year after the change.
    path, lay, _, _ = recalculated["changed"]["calendar"]
    ws = openpyxl.load_workbook(path, data_only=True)[lay.sheet]
    assert ws.cell(lay.result_rows["pool_funding"] + 1, lay.year_col(2015) + 1).value == pytest.approx(
        -150000.0, abs=1e-6
    )


def test_calendar_case_sheet_has_the_tail_and_the_styringsomraader(recalculated):
    path, lay, cases = recalculated["exports"]["calendar"]
    ws = openpyxl.load_workbook(recalculated["outdir"] / path.name, data_only=True)[lay.cases[0].sheet]
    k = lay.cases[0]
    ap = appraise(cases[0])
    assert ap.after_horizon["municipal_saving"] > 0
    for key, (row, col) in k.tail_cells.items():
        sign = 1 if key in ("saved_weeks", "employment_grant_clawback") else -1
        assert ws.cell(row + 1, col + 1).value == pytest.approx(sign * ap.after_horizon[key], rel=1e-9)
    # The stock effect by hand in 2013: 10 × 60.000 kr. × Σ band share × municipal share; the pool
    # pays min(0,5 × 500.000; 200.000) = 200.000 kr. (the cap).
    assert ws.cell(k.result_rows["pool_funding"] + 1, k.year_col(2013) + 1).value == pytest.approx(-200000.0)
    areas = [
        ws.cell(k.result_rows[f"by_styringsomraade:{a}"] + 1, k.year_col(2014) + 1).value
        for a in ("service", "overførsler", "anlæg")
    ]
    net = ws.cell(k.result_rows["net_result"] + 1, k.year_col(2014) + 1).value
    assert sum(areas) == pytest.approx(net, rel=1e-9)  # both in the sheet's sign: expense positive
    # service: wage 500.000 − pool 200.000 = 300.000 kr.
    assert areas[0] == pytest.approx(300000.0, abs=1e-6)


def test_the_employment_grant_clawback_is_live_and_in_the_net_result(recalculated):
    """The clawback row = share × the effect's municipal saving two years earlier (lov om kommunal
    udligning og generelle tilskud til kommuner, § 23 a), in the net result and in overførsler."""
    path, lay, cases = recalculated["exports"]["clawback"]
    ws = openpyxl.load_workbook(recalculated["outdir"] / path.name, data_only=True)[lay.cases[0].sheet]
    k = lay.cases[0]
    ap = appraise(cases[0])
    flow = ap.effects[0]["municipal_saving"]
    stock = ap.effects[1]["municipal_saving"]
    # 2015 (third year): 0,4 × flow saving 2013 + 0,5 (default) × stock saving 2013
    expected_2015 = 0.4 * flow[0] + 0.5 * stock[0]
    row = k.result_rows["employment_grant_clawback"]
    assert ws.cell(row + 1, k.year_col(2013) + 1).value == pytest.approx(0.0, abs=1e-9)
    assert ws.cell(row + 1, k.year_col(2014) + 1).value == pytest.approx(0.0, abs=1e-9)
    assert ws.cell(row + 1, k.year_col(2015) + 1).value == pytest.approx(expected_2015, rel=1e-9)
    assert expected_2015 > 0
    # net result = net cost − municipal saving + clawback (sheet signs: saving negative)
    net = ws.cell(k.result_rows["net_result"] + 1, k.year_col(2015) + 1).value
    result_2015 = ap.series["municipal_saving"][2] - expected_2015 - ap.series["net_cost"][2]
    assert net == pytest.approx(-result_2015, rel=1e-9)
    areas = sum(ws.cell(k.result_rows[f"by_styringsomraade:{a}"] + 1, k.year_col(2015) + 1).value
                for a in ("service", "overførsler", "anlæg"))
    assert areas == pytest.approx(net, rel=1e-9)
    # the tail: share × (saving of the last two years + the saving after the period)
    r, c = k.tail_cells["employment_grant_clawback"]
    tail = ap.after_horizon["employment_grant_clawback"]
    assert ws.cell(r + 1, c + 1).value == pytest.approx(tail, rel=1e-9)
    # the share is a live input: 0,4 → 0,7 moves the clawback as the engine does
    path, g, _, changed = recalculated["clawback_changed"]
    ws = openpyxl.load_workbook(path, data_only=True)[g.sheet]
    check_results(ws, g, changed, "clawback changed")
    assert ws.cell(row + 1, g.year_col(2015) + 1).value == pytest.approx(0.7 * flow[0] + 0.5 * stock[0],
                                                                          rel=1e-9)
