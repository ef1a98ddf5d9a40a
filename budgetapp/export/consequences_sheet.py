"""The council workbook's sheet *Økonomiske konsekvenser*: per case the table
"Forslagets samlede økonomiske konsekvenser" with the committee proposal's columns, row labels and
figures (see :mod:`budgetapp.export.consequences`), so a council member reading both documents
sees the same numbers.

Every figure is a formula over the case's own sheet, stored with the app's value: a year column
sums the year's (or the grouped years') cost lines net of refusion, pool funding and the municipal
saving with the modregning, split by styringsområde as in *Fremskrivning*; *I alt* sums the year
columns; the effect after the horizon refers to the case sheet's "Efter perioden" cells. The
participant costs after the horizon are the full-year persons in the effort after the horizon (a
value computed from the paths, shown in its own labelled cell) × each line's price × (1 − its
refusion rate in the last year). The payback refers to the case sheet's payback cell. Amounts in
1.000 kr., expenses positive.
"""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname

from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import format_number
from budgetapp.export.case_figures import CaseFigures
from budgetapp.export.case_sheet import NOT_PAID_BACK, CaseSheetLayout
from budgetapp.export.consequences import Consequences, build_consequences
from budgetapp.export.projection_sheet import case_line_row
from budgetapp.export.proposal_economy import EFFECT_KEY, TOTAL_KEY
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref, sheet_ref

CONSEQUENCES_SHEET = "Økonomiske konsekvenser"
LABEL, FIRST = 0, 1
MAX_FORMULA_CHARS = 7_000   # Excel allows 8.192 characters in a formula
MAX_COLUMNS = 10   # 2 summed spans + 4 years + I alt + Efter + Varig, with room to spare


def write_consequences_sheet(workbook, styles: Styles, pairs: list[tuple[CaseFigures, CaseSheetLayout]],
                             price_level: str, budget_year: int, sheet=None) -> dict[str, dict[str, int]]:
    """Write the sheet; returns case name → {"head" | "sub" | "service" | "overførsler" | "effect" |
    "anlæg" | "total" | "payback" | "tail_persons": row} for the rows the case has."""
    ws = sheet or workbook.add_worksheet(CONSEQUENCES_SHEET)
    w = SheetWriter(workbook, ws, CONSEQUENCES_SHEET, styles)
    w.set_width(LABEL, LABEL, 48)
    w.set_width(FIRST, FIRST + MAX_COLUMNS - 1, 13)
    w.text(0, LABEL, "Forslagenes samlede økonomiske konsekvenser", styles.title)
    w.note(1, LABEL, FIRST + 6,
           f"Beløb i 1.000 kr., {price_level}. Udgifter er positive; besparelser og indtægter er "
           "negative. Investeringen er casens udgifter på serviceområdet (efter refusion og "
           "puljefinansiering), effekten er den kommunale mindreudgift til forsørgelse på "
           "overførselsområdet. Tabellerne dækker hele business casens periode med de samme kolonner "
           "og tal som udvalgsindstillingen; tallene er formler over business casernes egne ark.",
           styles.text_wrap)
    out: dict[str, dict[str, int]] = {}
    row = 3
    for fig, lay in pairs:
        out[fig.case.name], row = _case_table(w, styles, fig.case, lay,
                                              build_consequences(fig.case, fig.appraisal, budget_year), row)
        row += 1
    w.note(row, LABEL, FIRST + 6,
           "Varig ændring: niveauet i business casens sidste år, hvor effekten er fuldt indfaset og "
           "tidsbegrænset puljefinansiering typisk er ophørt. 'Efter' er det, der falder efter periodens "
           "sidste år: resten af forløbene for dem, der kommer ind sidst i perioden. I alt og efter "
           "perioden tilsammen er hele virkningen af periodens tilgang. Styringsområder som i kommunens "
           "budget: service (under servicerammen), overførsler og anlæg.", styles.source)
    page_setup(ws, None, landscape=True)
    return out


def _case_table(w: SheetWriter, styles: Styles, case: BusinessCase, lay: CaseSheetLayout,
                con: Consequences, row: int) -> tuple[dict[str, int], int]:
    """One case's table from ``row``; returns its rows and the first row after it."""
    num, tot = styles.number["thousand_kr"], styles.total["thousand_kr"]
    last_year = con.years[-1]
    cols = con.columns
    rows: dict[str, int] = {"head": row + 1, "sub": row + 2}
    first = row + 3
    total_row = first + len(con.rows) - 1
    after_row = total_row + 1
    has_tail = any(c.kind == "after" for c in cols)
    participant_lines = [c for c in range(len(case.costs)) if c in lay.participant_cost_cells]
    persons_row = after_row + 1 + (1 if con.tail_weeks else 0) if has_tail and participant_lines else None

    w.text(row, LABEL, f"Forslagets samlede økonomiske konsekvenser: {case.name}", styles.section)
    for j in range(len(cols)):
        w.text(row, FIRST + j, "", styles.section)
    w.text(rows["head"], LABEL, "1.000 kr.", styles.header_left)
    w.text(rows["sub"], LABEL, "", styles.header_left)
    for j, column in enumerate(cols):
        w.text(rows["head"], FIRST + j, column.head, styles.header)
        w.text(rows["sub"], FIRST + j, column.sub, styles.header)
    year_cols = [FIRST + j for j, c in enumerate(cols) if c.kind == "years"]
    for r, (key, label, values, bold) in enumerate(con.rows, start=first):
        rows[key] = r
        w.text(r, LABEL, label, styles.label_bold if bold else styles.label)
        for j, (column, value) in enumerate(zip(cols, values, strict=True)):
            if value is None:
                continue
            if key == TOTAL_KEY:
                formula = f"=SUM({ref(first, FIRST + j)}:{ref(total_row - 1, FIRST + j)})"
            elif column.kind == "total":
                formula = f"=SUM({ref(r, year_cols[0])}:{ref(r, year_cols[-1])})"
            elif column.kind == "after":
                formula = _tail_formula(case, lay, key, persons_row)
            else:
                years = [last_year] if column.kind == "permanent" else [con.years[i] for i in column.indices]
                formula = _years_formula(case, lay, key, [lay.year_col(y) for y in years])
            w.formula(r, FIRST + j, formula, tot if bold else num, value)
    pr, pc = lay.key_cells["payback_years"]
    w.text(after_row, LABEL, "Tilbagebetalingstid (år)", styles.label)
    w.formula(after_row, FIRST, f"={sheet_ref(lay.sheet, pr, pc)}", styles.number["year"],
              con.payback_years if con.payback_years is not None else NOT_PAID_BACK)
    rows["payback"] = after_row
    row = after_row + 1
    if con.tail_weeks:
        w.text(row, LABEL, f"Sparede uger på ydelse efter {last_year} (uger, ikke 1.000 kr.)", styles.label)
        w.text(row, FIRST, format_number(con.tail_weeks, 1) + " uger", styles.unit)
        row += 1
    if persons_row is not None:
        w.text(persons_row, LABEL, f"Helårspersoner i indsatsen efter {last_year}", styles.label)
        w.number(persons_row, FIRST, con.tail_persons, styles.number["persons"])
        _stale_note(w, lay, persons_row)
        rows["tail_persons"] = persons_row
        row = persons_row + 1
    if not has_tail:
        w.text(row, LABEL, f"Intet af virkningen falder efter {last_year}.", styles.unit)
        row += 1
    return rows, row + 1


TAIL_PERSONS_NOTE = ("beregnet i budgetapp ud fra forløbene og tilgangen (ikke en formel); udgiften "
                     "efter perioden er dette antal × prisen pr. helårsdeltager")
TAIL_PERSONS_STALE = ("ADVARSEL: tilgangen på casens ark er ændret efter beregningen; antallet og "
                      "udgiften efter perioden er ikke regnet om. Beregn dem igen i budgetapp.")


def _stale_note(w: SheetWriter, lay: CaseSheetLayout, row: int) -> None:
    """Beside the full-year persons after the horizon (a computed value): what it is, or, when an
    inflow cell of the case sheet no longer holds the value it was computed from, a red warning."""
    changed = []
    for b in lay.effects:
        if b["kind"] == "flow":
            used = ",".join(repr(float(v)) for v in b["fig"].inflow)
            cells = _span(lay, b["inflow"], [lay.year_col(y) for y in lay.years])
            changed.append(f"SUMPRODUCT(ABS({cells}-{{{used}}}))>1E-9")
    if len(",".join(changed)) > MAX_FORMULA_CHARS:   # Excel's limit; say what the value is instead
        changed = []
    if not changed:
        w.text(row, FIRST + 1, TAIL_PERSONS_NOTE, w.styles.unit)
        return
    test = f"OR({','.join(changed)})"
    w.formula(row, FIRST + 1, f'=IF({test},"{TAIL_PERSONS_STALE}","{TAIL_PERSONS_NOTE}")', w.styles.unit,
              TAIL_PERSONS_NOTE)
    red = w.workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})
    w.sheet.conditional_format(row, FIRST + 1, row, FIRST + 1,
                               {"type": "formula", "criteria": f"={test}", "format": red})


def _span(lay: CaseSheetLayout, row: int, cols: list[int]) -> str:
    """A cell or a row range on the case sheet."""
    if len(cols) == 1:
        return sheet_ref(lay.sheet, row, cols[0])
    return f"{quote_sheetname(lay.sheet)}!{ref(row, cols[0], True)}:{ref(row, cols[-1], True)}"


def _sum(lay: CaseSheetLayout, row: int, cols: list[int]) -> str:
    cells = _span(lay, row, cols)
    return cells if len(cols) == 1 else f"SUM({cells})"


def _years_formula(case: BusinessCase, lay: CaseSheetLayout, key: str, cols: list[int]) -> str:
    """The row ``key``'s change in net expense summed over the case sheet's columns ``cols``
    (consecutive years): cost lines of the styringsområde × (1 − refusion rate) minus its pools, or
    for the effect the municipal saving (negative on the case sheet) plus the modregning."""
    parts: list[str] = []   # each term with its sign
    if key == EFFECT_KEY:
        parts.append("+" + _sum(lay, lay.result_rows["municipal_saving"], cols))
        parts.append("+" + _sum(lay, lay.result_rows["employment_grant_clawback"], cols))
    else:
        for c, line in enumerate(case.costs):
            if line.styringsomraade == key:
                cost = _span(lay, case_line_row(lay, c), cols)
                rate = _span(lay, lay.refusion_rate_rows[c], cols)
                parts.append(f"+{cost}*(1-{rate})" if len(cols) == 1 else f"+SUMPRODUCT({cost},1-{rate})")
        for p, pool in enumerate(case.pool_funding):
            if pool.styringsomraade == key:
                parts.append(f"-{_sum(lay, lay.pool_rows[p], cols)}")
    formula = "".join(parts)
    return "=" + (formula[1:] if formula.startswith("+") else formula or "0")


def _tail_formula(case: BusinessCase, lay: CaseSheetLayout, key: str, persons_row: int | None) -> str:
    """After the horizon: the effect refers to the case sheet's tail cells; the costs of a
    styringsområde are the full-year persons after the horizon × the price of each participant line
    booked there × (1 − its refusion rate in the last year)."""
    if key == EFFECT_KEY:
        return (f"={sheet_ref(lay.sheet, *lay.tail_cells['municipal_saving'])}"
                f"+{sheet_ref(lay.sheet, *lay.tail_cells['employment_grant_clawback'])}")
    last = lay.year_col(lay.years[-1])
    lines = [f"{sheet_ref(lay.sheet, *lay.participant_cost_cells[c])}"
             f"*(1-{sheet_ref(lay.sheet, lay.refusion_rate_rows[c], last)})"
             for c, line in enumerate(case.costs)
             if line.styringsomraade == key and c in lay.participant_cost_cells]
    if not lines or persons_row is None:
        return "=0"
    return f"={ref(persons_row, FIRST)}*({'+'.join(lines)})"


__all__ = ["CONSEQUENCES_SHEET", "write_consequences_sheet"]
