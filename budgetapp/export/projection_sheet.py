"""The council workbook's sheet *Fremskrivning*: base budget plus the cases, per styringsområde.

For the budget year B and the overslagsår B+1..B+3, in 1.000 kr. at the project's price level:

1. the base budget's net expense per target group, job-centre operation (HK6) and the pools
   outside the cases, each a formula summing the rows of *Basisbudget* and *Puljer*;
2. the base budget per styringsområde (``SUMIFS`` over *Basisbudget*'s styringsområde column;
   the pool line counts as service);
3. each case's change in net expense per styringsområde, a formula over its own sheet: every cost
   line net of its refusion on the line's area, pool funding subtracted on the pool's area, and
   the municipal benefit saving on overførsler (the split of
   :attr:`budgetapp.core.appraisal.Appraisal.by_styringsomraade`);
4. the projected net expense per styringsområde and in total.

Every formula is stored with the value of :class:`budgetapp.core.projection.Projection`, so a
viewer that does not recalculate shows the same figures as Overblik and ``budgetapp project
summary --json``; a changed input on an input sheet flows through when the workbook recalculates.
Expenses are positive; refusion, grant income and savings negative (the council convention).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.project import Project
from budgetapp.core.projection import OPERATION_KEY, POOLS_KEY, Projection
from budgetapp.export.budget_sheets import BUDGET_SHEET, POOLS_SHEET, BudgetSheetLayout, PoolsSheetLayout
from budgetapp.export.case_sheet import CaseSheetLayout
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref, sheet_ref

PROJECTION_SHEET = "Fremskrivning"
AREA_LABELS = {"service": "Service", "overførsler": "Overførsler", "anlæg": "Anlæg"}
LABEL, FIRST = 0, 1


@dataclass
class ProjectionSheetLayout:
    """Where the figures are (0-based): label → row; year → column."""

    year_cols: dict[int, int] = field(default_factory=dict)
    # "group:<key>", "base:<area>", "case:<name>:<area>", "cases:<area>", "projected:<area>", …
    rows: dict[str, int] = field(default_factory=dict)


def projection_years(project: Project) -> list[int]:
    """B, B+1, B+2, B+3."""
    return [project.budget_year, *project.overslag_years]


def case_line_row(lay: CaseSheetLayout, index: int) -> int:
    """The row of cost line ``index``'s gross cost per year on a case sheet: the lines come right
    under the year table's header, before the result rows (:func:`write_case_sheet`)."""
    return lay.header_row + 1 + index


def case_area_formula(case: BusinessCase, lay: CaseSheetLayout, area: str, year: int) -> str:
    """The formula of a case's change in net expense in ``area`` in ``year`` (kr., + = expense)."""
    if year not in lay.years:
        return "=0"
    col = lay.year_col(year)
    parts = []
    for c, line in enumerate(case.costs):
        if line.styringsomraade == area:
            parts.append(f"+{sheet_ref(lay.sheet, case_line_row(lay, c), col)}"
                         f"*(1-{sheet_ref(lay.sheet, lay.refusion_rate_rows[c], col)})")
    for p, pool in enumerate(case.pool_funding):
        if pool.styringsomraade == area:
            parts.append(f"-{sheet_ref(lay.sheet, lay.pool_rows[p], col)}")
    if area == "overførsler":
        # the sheet shows the municipal saving negative already
        parts.append(f"+{sheet_ref(lay.sheet, lay.result_rows['municipal_saving'], col)}")
    return "=" + ("".join(parts).lstrip("+") if parts else "0")


def write_projection_sheet(workbook, styles: Styles, project: Project, projection: Projection,
                           cases: list[tuple[BusinessCase, CaseSheetLayout]], budget: BudgetSheetLayout,
                           pools: PoolsSheetLayout, sheet=None) -> ProjectionSheetLayout:
    """Write *Fremskrivning*; ``projection`` must have exactly the workbook's cases switched on."""
    ws = sheet or workbook.add_worksheet(PROJECTION_SHEET)
    w = SheetWriter(workbook, ws, PROJECTION_SHEET, styles)
    years = projection_years(project)
    lay = ProjectionSheetLayout(year_cols={y: FIRST + j for j, y in enumerate(years)})
    w.set_width(LABEL, LABEL, 52)
    w.set_width(FIRST, FIRST + len(years), 13)
    num, tot = styles.number["thousand_kr"], styles.total["thousand_kr"]
    w.text(0, LABEL, f"Fremskrivning: basisbudget og business cases – {project.municipality}", styles.title)
    w.note(1, LABEL, FIRST + len(years),
           f"Beløb i 1.000 kr., {project.price_level_year} p/l. Udgifter er positive; refusion, "
           "puljetilskud og besparelser er negative. Tallene er formler, der henter fra arkene "
           f"'{BUDGET_SHEET}', '{POOLS_SHEET}' og business casernes ark, så en rettet forudsætning "
           "(gul celle) slår igennem her.", styles.text_wrap)
    head = 4
    w.text(head, LABEL, "1.000 kr.", styles.header_left)
    for year, col in lay.year_cols.items():
        w.text(head - 1, col, "Budgetår" if year == project.budget_year else "Overslagsår", styles.unit)
        w.number(head, col, year, styles.header)
    row = head + 2

    def line(label: str, key: str, formula_of, value_of, fmt=num, style=None) -> None:
        nonlocal row
        w.text(row, LABEL, label, style or styles.label_indent)
        for year, col in lay.year_cols.items():
            w.formula(row, col, formula_of(year, col), fmt, float(value_of(year)) + 0.0)
        lay.rows[key] = row
        row += 1

    def sum_rows(keys: list[str], col: int) -> str:
        cells = [ref(lay.rows[k], col) for k in keys]
        return "=" + ("+".join(cells) if cells else "0")

    # 1. base budget per target group, HK6 and the pools outside the cases
    w.text(row, LABEL, "Basisbudget: nettoudgift pr. målgruppe og jobcenterdrift", styles.section)
    row += 1
    group_keys = []
    for line_proj in projection.lines:
        if line_proj.key == POOLS_KEY:
            formula = _pools_formula(project, pools)
        elif any((line_proj.key, y) in budget.rows for y in years):
            formula = _budget_rows_formula(budget, line_proj.key)
        else:
            continue  # e.g. the line of cases without a target group: no base budget
        key = f"group:{line_proj.key}"
        label = line_proj.label if line_proj.key != OPERATION_KEY else "Jobcenterdrift (HK6)"
        line(label, key, formula, line_proj.net)
        group_keys.append(key)
    line("Basisbudget i alt", "base:total", lambda y, col: sum_rows(group_keys, col), projection.total_net,
         tot, styles.label_bold)
    row += 1

    # 2. base budget per styringsområde
    w.text(row, LABEL, "Basisbudget pr. styringsområde", styles.section)
    row += 1
    span = (f"{sheet_ref(BUDGET_SHEET, budget.first_row, budget.net_col)}:"
            f"{ref(budget.last_row, budget.net_col, True)}")
    area_span = (f"{sheet_ref(BUDGET_SHEET, budget.first_row, budget.area_col)}:"
                 f"{ref(budget.last_row, budget.area_col, True)}")
    year_span = (f"{sheet_ref(BUDGET_SHEET, budget.first_row, budget.year_col)}:"
                 f"{ref(budget.last_row, budget.year_col, True)}")
    for area in STYRINGSOMRAADER:
        def base_formula(year: int, col: int, area: str = area) -> str:
            formula = f'=SUMIFS({span},{area_span},"{area}",{year_span},{ref(head, col)})'
            if area == "service" and f"group:{POOLS_KEY}" in lay.rows:
                formula += f"+{ref(lay.rows[f'group:{POOLS_KEY}'], col)}"
            return formula
        line(AREA_LABELS[area], f"base:{area}", base_formula,
             lambda y, a=area: projection.base_by_area(a, y))
    row += 1

    # 3. the cases per styringsområde
    w.text(row, LABEL, "Business casernes virkning pr. styringsområde (+ = merudgift, − = mindreudgift)",
           styles.section)
    row += 1
    for area in STYRINGSOMRAADER:
        w.text(row, LABEL, AREA_LABELS[area], styles.label_bold)
        row += 1
        keys = []
        for case, case_lay in cases:
            key = f"case:{case.name}:{area}"
            line(case.name, key, lambda y, col, c=case, cl=case_lay, a=area: case_area_formula(c, cl, a, y),
                 lambda y, n=case.name, a=area: projection.case_by_area(n, a, y))
            keys.append(key)
        line(f"{AREA_LABELS[area]}, business cases i alt", f"cases:{area}",
             lambda y, col, k=keys: sum_rows(k, col), lambda y, a=area: projection.cases_by_area(a, y),
             tot, styles.label_bold)
    row += 1

    # 4. projected net expense per styringsområde
    w.text(row, LABEL, "Fremskrevet nettoudgift pr. styringsområde (basisbudget + business cases)",
           styles.section)
    row += 1
    for area in STYRINGSOMRAADER:
        line(AREA_LABELS[area], f"projected:{area}",
             lambda y, col, a=area: sum_rows([f"base:{a}", f"cases:{a}"], col),
             lambda y, a=area: projection.projected_by_area(a, y))
    line("Fremskrevet nettoudgift i alt", "projected:total",
         lambda y, col: sum_rows([f"projected:{a}" for a in STYRINGSOMRAADER], col),
         projection.total_projected_net, tot, styles.label_bold)
    line("Heraf business cases i alt", "cases:total",
         lambda y, col: sum_rows([f"cases:{a}" for a in STYRINGSOMRAADER], col),
         lambda y: -projection.total_case_effect(y), num, styles.label)
    row += 1
    w.note(row, LABEL, FIRST + len(years),
           "Styringsområder: service (serviceudgifter, under servicerammen), overførsler (forsørgelse "
           "og refusion) og anlæg, som i kommunens budget. Puljer uden for business cases regnes som "
           "service.",
           styles.source)
    page_setup(ws, (0, head), landscape=False)
    ws.freeze_panes(head + 1, 1)
    return lay


def _budget_rows_formula(budget: BudgetSheetLayout, group: str):
    def formula(year: int, _col: int) -> str:
        rows = budget.rows.get((group, year), [])
        if not rows:
            return "=0"
        return "=" + "+".join(sheet_ref(BUDGET_SHEET, r, budget.net_col) for r in rows)
    return formula


def _pools_formula(project: Project, pools: PoolsSheetLayout):
    """Pools outside the cases: net expense; pools funding a case: only application and
    administration (their grant goes into the case); each × the pool's price-level factor."""
    def formula(year: int, _col: int) -> str:
        col = pools.year_cols.get(year)
        if col is None:
            return "=0"
        parts = []
        for pool in project.pools:
            rows = pools.rows.get(pool.id)
            if not rows:
                continue
            factor = project.price_index.factor(pool.price_level_year or project.price_level_year,
                                                project.price_level_year)
            if project.cases_funded_by(pool.id):
                cells = "+".join(sheet_ref(POOLS_SHEET, rows[k], col)
                                 for k in ("application_cost", "administration_cost"))
            else:
                cells = sheet_ref(POOLS_SHEET, rows["net"], col)
            parts.append(f"({cells})" if factor == 1.0 else f"({cells})*{factor!r}")
        return "=" + ("+".join(parts) if parts else "0")
    return formula
