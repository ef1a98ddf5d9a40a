"""The council workbook's sheet *Fremskrivning*: base budget plus the cases, per styringsområde.

For the budget year B and the overslagsår B+1..B+3, in 1.000 kr. at the project's price level:

1. the base budget's net expense per target group, measures not distributed on target groups
   (HK5), job-centre operation (HK6) and the pools outside the cases, each a formula summing the
   rows of *Basisbudget* and *Puljer*;
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
A note under the title says which index converted which line (:func:`projection_index_note`).
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


def projection_index_note(project: Project) -> str:
    """Which index converted which line to the project's price level (Danish, for the sheet)."""
    return (f"Prisomregning til {project.price_level_year} p/l, hver linje med sit eget indeks: "
            "ydelser og refusion (overførsler) og business casernes besparelse på ydelser med "
            "satsreguleringsprocenten; beskæftigelsesindsats (HK5), jobcenterdrift (HK6), puljer og "
            "business casernes udgifter på service med KL's pris- og lønskøn; en udgift på anlæg med "
            "serviceindekset. Indeksernes kilder står på arket Forudsætninger; se også kolonnen "
            "'Omregnet med' på "
            f"arket '{BUDGET_SHEET}'.")


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
        # the modregning i beskæftigelsestilskud lowers the saving (positive in the sheet)
        parts.append(f"+{sheet_ref(lay.sheet, lay.result_rows['employment_grant_clawback'], col)}")
    return "=" + ("".join(parts).lstrip("+") if parts else "0")


def write_projection_sheet(workbook, styles: Styles, project: Project, projection: Projection,
                           cases: list[tuple[BusinessCase, CaseSheetLayout]], budget: BudgetSheetLayout,
                           pools: PoolsSheetLayout, sheet=None) -> ProjectionSheetLayout:
    """Write *Fremskrivning*; ``projection`` must have exactly the workbook's cases switched on."""
    ws = sheet or workbook.add_worksheet(PROJECTION_SHEET)
    writer = _ProjectionWriter(SheetWriter(workbook, ws, PROJECTION_SHEET, styles), project, projection)
    writer.heading()
    writer.base_lines(budget, pools)
    writer.base_areas(budget)
    writer.case_areas(cases)
    writer.projected()
    page_setup(ws, (0, HEAD), landscape=False)
    ws.freeze_panes(HEAD + 1, 1)
    return writer.lay


HEAD = 4  # the row of the year header


class _ProjectionWriter:
    """Writes the four sections row by row; ``lay`` records where each row went."""

    def __init__(self, w: SheetWriter, project: Project, projection: Projection) -> None:
        self.w, self.project, self.projection = w, project, projection
        self.years = projection_years(project)
        self.lay = ProjectionSheetLayout(year_cols={y: FIRST + j for j, y in enumerate(self.years)})
        self.row = HEAD + 2
        styles = w.styles
        self.num, self.tot = styles.number["thousand_kr"], styles.total["thousand_kr"]

    def line(self, label: str, key: str, formula_of, value_of, total: bool = False, style=None) -> None:
        """One row: ``formula_of(year, col)`` gives each year's formula, ``value_of(year)`` its value."""
        s = self.w.styles
        self.w.text(self.row, LABEL, label, style or (s.label_bold if total else s.label_indent))
        for year, col in self.lay.year_cols.items():
            self.w.formula(self.row, col, formula_of(year, col), self.tot if total else self.num,
                           float(value_of(year)) + 0.0)
        self.lay.rows[key] = self.row
        self.row += 1

    def sum_rows(self, keys: list[str], col: int) -> str:
        cells = [ref(self.lay.rows[k], col) for k in keys]
        return "=" + ("+".join(cells) if cells else "0")

    def section(self, title: str) -> None:
        self.w.text(self.row, LABEL, title, self.w.styles.section)
        self.row += 1

    def heading(self) -> None:
        w, s, project = self.w, self.w.styles, self.project
        w.set_width(LABEL, LABEL, 52)
        w.set_width(FIRST, FIRST + len(self.years), 13)
        w.text(0, LABEL, f"Fremskrivning: basisbudget og business cases – {project.municipality}", s.title)
        w.note(1, LABEL, FIRST + len(self.years),
               f"Beløb i 1.000 kr., {project.price_level_year} p/l. Udgifter er positive; refusion, "
               "puljetilskud og besparelser er negative. Tallene er formler, der henter fra arkene "
               f"'{BUDGET_SHEET}', '{POOLS_SHEET}' og business casernes ark, så en rettet forudsætning "
               "(gul celle) slår igennem her.", s.text_wrap)
        w.note(2, LABEL, FIRST + len(self.years), projection_index_note(project), s.text_wrap)
        w.text(HEAD, LABEL, "1.000 kr.", s.header_left)
        for year, col in self.lay.year_cols.items():
            w.text(HEAD - 1, col, "Budgetår" if year == project.budget_year else "Overslagsår", s.unit)
            w.number(HEAD, col, year, s.header)

    def base_lines(self, budget: BudgetSheetLayout, pools: PoolsSheetLayout) -> None:
        """1. The base budget per target group, HK5 not distributed, HK6 and the pools outside the cases."""
        self.section("Basisbudget: nettoudgift pr. målgruppe, ikke fordelt indsats (HK5) og "
                     "jobcenterdrift (HK6)")
        keys = []
        for line in self.projection.lines:
            if line.key == POOLS_KEY:
                formula = _pools_formula(self.project, pools)
            elif any((line.key, y) in budget.rows for y in self.years):
                formula = _budget_rows_formula(budget, line.key)
            else:
                continue  # e.g. the line of cases without a target group: no base budget
            key = f"group:{line.key}"
            self.line(line.label if line.key != OPERATION_KEY else "Jobcenterdrift (HK6)", key, formula,
                      line.net)
            keys.append(key)
        self.line("Basisbudget i alt", "base:total", lambda y, col: self.sum_rows(keys, col),
                  self.projection.total_net, total=True)
        self.row += 1

    def base_areas(self, budget: BudgetSheetLayout) -> None:
        """2. The base budget per styringsområde (SUMIFS over Basisbudget; pools count as service)."""
        self.section("Basisbudget pr. styringsområde")

        def span(col: int) -> str:
            return f"{sheet_ref(BUDGET_SHEET, budget.first_row, col)}:{ref(budget.last_row, col, True)}"

        pools_row = self.lay.rows.get(f"group:{POOLS_KEY}")
        for area in STYRINGSOMRAADER:
            def formula(year: int, col: int, area: str = area) -> str:
                text = (f'=SUMIFS({span(budget.net_col)},{span(budget.area_col)},"{area}",'
                        f"{span(budget.year_col)},{ref(HEAD, col)})")
                if area == "service" and pools_row is not None:
                    text += f"+{ref(pools_row, col)}"
                return text
            self.line(AREA_LABELS[area], f"base:{area}", formula,
                      lambda y, a=area: self.projection.base_by_area(a, y))
        self.row += 1

    def case_areas(self, cases: list[tuple[BusinessCase, CaseSheetLayout]]) -> None:
        """3. Each case's change per styringsområde, and the cases together."""
        self.section("Business casernes virkning pr. styringsområde (+ = merudgift, − = mindreudgift)")
        p = self.projection
        for area in STYRINGSOMRAADER:
            self.w.text(self.row, LABEL, AREA_LABELS[area], self.w.styles.label_bold)
            self.row += 1
            keys = []
            for case, case_lay in cases:
                key = f"case:{case.name}:{area}"
                self.line(case.name, key,
                          lambda y, col, c=case, cl=case_lay, a=area: case_area_formula(c, cl, a, y),
                          lambda y, n=case.name, a=area: p.case_by_area(n, a, y))
                keys.append(key)
            self.line(f"{AREA_LABELS[area]}, business cases i alt", f"cases:{area}",
                      lambda y, col, k=keys: self.sum_rows(k, col),
                      lambda y, a=area: p.cases_by_area(a, y), total=True)
        self.row += 1

    def projected(self) -> None:
        """4. The projected net expense per styringsområde and in total."""
        self.section("Fremskrevet nettoudgift pr. styringsområde (basisbudget + business cases)")
        p = self.projection
        for area in STYRINGSOMRAADER:
            self.line(AREA_LABELS[area], f"projected:{area}",
                      lambda y, col, a=area: self.sum_rows([f"base:{a}", f"cases:{a}"], col),
                      lambda y, a=area: p.projected_by_area(a, y))
        self.line("Fremskrevet nettoudgift i alt", "projected:total",
                  lambda y, col: self.sum_rows([f"projected:{a}" for a in STYRINGSOMRAADER], col),
                  p.total_projected_net, total=True)
        self.line("Heraf business cases i alt", "cases:total",
                  lambda y, col: self.sum_rows([f"cases:{a}" for a in STYRINGSOMRAADER], col),
                  lambda y: -p.total_case_effect(y), style=self.w.styles.label)
        self.row += 1
        self.w.note(self.row, LABEL, FIRST + len(self.years),
                    "Styringsområder: service (serviceudgifter, under servicerammen), overførsler "
                    "(forsørgelse og refusion) og anlæg, som i kommunens budget. Puljer uden for business "
                    "cases regnes som service.", self.w.styles.source)


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
