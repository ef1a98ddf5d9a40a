"""The council workbook's sheet *Økonomiske konsekvenser*: per case the table
"Forslagets samlede økonomiske konsekvenser" (see :mod:`budgetapp.export.consequences`).

Each figure is a formula over the case's own sheet (cost lines net of refusion, pool funding and
the municipal saving, split by styringsområde as in *Fremskrivning*), stored with the app's value;
the payback refers to the case sheet's payback cell. Amounts in 1.000 kr., expenses positive.
"""

from __future__ import annotations

from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import format_number
from budgetapp.export.case_figures import CaseFigures
from budgetapp.export.case_sheet import NOT_PAID_BACK, CaseSheetLayout
from budgetapp.export.consequences import ROW_LABELS, build_consequences
from budgetapp.export.projection_sheet import case_area_formula
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref, sheet_ref

CONSEQUENCES_SHEET = "Økonomiske konsekvenser"
LABEL, FIRST = 0, 1


def write_consequences_sheet(workbook, styles: Styles, pairs: list[tuple[CaseFigures, CaseSheetLayout]],
                             price_level: str, budget_year: int, sheet=None) -> dict[str, dict[str, int]]:
    """Write the sheet; returns case name → {"service" | "overførsler" | "anlæg" | "total" |
    "payback": row}."""
    ws = sheet or workbook.add_worksheet(CONSEQUENCES_SHEET)
    w = SheetWriter(workbook, ws, CONSEQUENCES_SHEET, styles)
    w.set_width(LABEL, LABEL, 44)
    w.set_width(FIRST, FIRST + 6, 13)
    num, tot = styles.number["thousand_kr"], styles.total["thousand_kr"]
    w.text(0, LABEL, "Forslagenes samlede økonomiske konsekvenser", styles.title)
    w.note(1, LABEL, FIRST + 5,
           f"Beløb i 1.000 kr., {price_level}. Udgifter er positive; besparelser og indtægter er "
           "negative. Investeringen er casens udgifter på serviceområdet (efter refusion og "
           "puljefinansiering), effekten er den kommunale mindreudgift til forsørgelse på "
           "overførselsområdet. Tallene er formler over business casernes egne ark.", styles.text_wrap)
    out: dict[str, dict[str, int]] = {}
    row = 3
    for fig, lay in pairs:
        case = fig.case
        con = build_consequences(case, fig.appraisal, budget_year)
        rows: dict[str, int] = {}
        w.text(row, LABEL, f"Forslagets samlede økonomiske konsekvenser: {case.name}", styles.section)
        for col in range(FIRST, FIRST + len(con.years) + 2):
            w.text(row, col, "", styles.section)
        row += 1
        w.text(row, LABEL, "1.000 kr.", styles.header_left)
        for j, year in enumerate(con.years):
            w.number(row, FIRST + j, year, styles.header)
        total_col = FIRST + len(con.years)
        permanent_col = total_col + 1
        w.text(row, total_col, "I alt", styles.header)
        w.text(row, permanent_col, f"Varig ændring ({con.permanent_year})", styles.header)
        ws.set_row(row, 28)
        row += 1
        first = row
        for area, label, values, permanent in con.rows:
            w.text(row, LABEL, label, styles.label)
            for j, year in enumerate(con.years):
                w.formula(row, FIRST + j, case_area_formula(case, lay, area, year), num, values[j])
            w.formula(row, total_col, f"=SUM({ref(row, FIRST)}:{ref(row, total_col - 1)})", num,
                      sum(values) + 0.0)
            w.formula(row, permanent_col, case_area_formula(case, lay, area, con.permanent_year), num,
                      permanent)
            rows[area] = row
            row += 1
        w.text(row, LABEL, "I alt (nettovirkning for kommunen)", styles.label_bold)
        for col, value in [*((FIRST + j, v) for j, v in enumerate(con.total)),
                           (total_col, sum(con.total) + 0.0), (permanent_col, con.permanent_total)]:
            w.formula(row, col, f"=SUM({ref(first, col)}:{ref(row - 1, col)})", tot, value)
        rows["total"] = row
        row += 1
        w.text(row, LABEL, "Tilbagebetalingstid (år)", styles.label)
        pr, pc = lay.key_cells["payback_years"]
        w.formula(row, FIRST, f"={sheet_ref(lay.sheet, pr, pc)}", styles.number["year"],
                  con.payback_years if con.payback_years is not None else NOT_PAID_BACK)
        rows["payback"] = row
        row += 1
        for label, value in con.after_horizon:
            w.text(row, LABEL, f"Efter perioden: {label}", styles.label)
            w.number(row, FIRST, value, num)
            w.text(row, FIRST + 1, "beregnet i budgetapp (ikke en formel)", styles.unit)
            row += 1
        if con.after_horizon_weeks:
            w.text(row, LABEL, "Efter perioden: sparede uger på ydelse (uger, ikke 1.000 kr.)",
                   styles.label)
            w.text(row, FIRST, format_number(con.after_horizon_weeks, 1) + " uger", styles.unit)
            row += 1
        if not con.after_horizon:
            w.text(row, LABEL, "Virkning efter perioden", styles.label)
            w.text(row, FIRST, f"ikke beregnet (business casens periode slutter {case.year_labels[-1]})",
                   styles.unit)
            row += 1
        out[case.name] = rows
        row += 2
    w.note(row, LABEL, FIRST + 5,
           "Varig ændring: niveauet i business casens sidste år, hvor effekten er fuldt indfaset og "
           "tidsbegrænset puljefinansiering typisk er ophørt. Styringsområder som i kommunens budget: "
           "service (under servicerammen), overførsler og anlæg.", styles.source)
    page_setup(ws, None, landscape=False)
    return out


def area_values(case: BusinessCase, fig: CaseFigures) -> dict[str, list[float]]:
    """The appraisal's split per styringsområde (kr. per year), for callers and tests."""
    return {area: list(fig.appraisal.by_styringsomraade[area]) for area in STYRINGSOMRAADER}


__all__ = ["CONSEQUENCES_SHEET", "ROW_LABELS", "area_values", "write_consequences_sheet"]
