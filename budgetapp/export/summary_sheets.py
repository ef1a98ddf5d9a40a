"""The *Resumé* and *Forudsætninger* sheets: both refer to the case sheets' cells, so they stay live.

*Resumé* shows, per case, the gross and net cost over the horizon, the net effect for the
municipality in the budget year and the overslagsår, the payback time and the decision text.
*Forudsætninger* lists every assumption of every case with its value (a formula pointing at the
input cell on the case sheet), its unit and its source (the case's ``notes``), and then every
financing rule used with its law, legal citation, validity and source from the rule file.
"""

from __future__ import annotations

import math

from budgetapp.core.budget import STYRINGSOMRAADER
from budgetapp.core.case_inputs import MAX_SEGMENT_INPUTS
from budgetapp.core.formatting import format_number, format_percent
from budgetapp.core.rules import Rule, load_rules
from budgetapp.export.case_figures import CaseFigures
from budgetapp.export.case_sheet import FIRST, LABEL, NO_SOURCE, NOT_PAID_BACK, UNIT, CaseSheetLayout
from budgetapp.export.projection_sheet import AREA_LABELS, case_area_formula
from budgetapp.export.sheet_writer import LINE_HEIGHT, SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref, sheet_ref

SUMMARY_SHEET = "Resumé"
ASSUMPTIONS_SHEET = "Forudsætninger"


def write_summary_sheet(workbook, styles: Styles, title: str, municipality: str, price_level: str,
                        budget_year: int, cases: list[tuple[CaseFigures, CaseSheetLayout]],
                        sheet=None) -> dict[str, dict[int, tuple[int, int]]]:
    """Write *Resumé*; returns case name → {year: cell} of the net effect cells (for tests)."""
    ws = sheet or workbook.add_worksheet(SUMMARY_SHEET)
    w = SheetWriter(workbook, ws, SUMMARY_SHEET, styles)
    years = [budget_year + i for i in range(4)]
    col_gross, col_net = 1, 2
    year_cols = [3 + i for i in range(4)]
    col_payback, col_decision = 7, 8
    w.set_width(0, 0, 42)
    w.set_width(1, 7, 13)
    w.set_width(col_decision, col_decision, 70)
    num, tot = styles.number, styles.total

    w.text(0, 0, title, styles.title)
    w.text(1, 0, f"Kommune: {municipality}", styles.label)
    w.text(2, 0, f"Prisniveau: {price_level}. Enhed: 1.000 kr.", styles.label)
    w.text(3, 0, "Udgifter er positive; refusion, puljeindtægter og besparelser er negative. "
                 "Nettovirkning under 0 betyder, at casen sparer kommunen penge det år.", styles.note)
    group, head = 5, 6
    ws.merge_range(group, year_cols[0], group, year_cols[-1], "", styles.header)
    w.text(group, year_cols[0], "Nettovirkning for kommunen (1.000 kr.; − = mindreudgift)", styles.header)
    for col, text in ((0, "Business case"), (col_gross, "Bruttoudgift i alt"),
                      (col_net, "Nettoudgift i alt (investering)"),
                      (col_payback, "Tilbagebetalingstid (år)"), (col_decision, "Indstilling")):
        w.text(head, col, text, styles.header_left if col in (0, col_decision) else styles.header)
    for year, col in zip(years, year_cols, strict=True):
        label = "Budgetår" if year == budget_year else "Overslagsår"
        w.text(group - 1, col, label, styles.unit)
        w.number(head, col, year, styles.header)
    ws.set_row(head, 30)

    cells: dict[str, dict[int, tuple[int, int]]] = {}
    row = head + 1
    first_row = row
    for fig, lay in cases:
        ap = fig.appraisal
        w.text(row, 0, fig.case.name, styles.text_wrap)
        rr = lay.result_rows
        w.formula(row, col_gross, f"={sheet_ref(lay.sheet, rr['gross_cost'], lay.total_col)}",
                  num["thousand_kr"], sum(ap.series["gross_cost"]))
        w.formula(row, col_net, f"={sheet_ref(lay.sheet, rr['net_cost'], lay.total_col)}",
                  num["thousand_kr"], sum(ap.series["net_cost"]))
        cells[fig.case.name] = {}
        for year, col in zip(years, year_cols, strict=True):
            if year in lay.years:
                j = lay.years.index(year)
                w.formula(row, col, f"={sheet_ref(lay.sheet, rr['net_result'], lay.year_col(year))}",
                          num["thousand_kr"], -ap.series["net_result"][j] + 0.0)
                cells[fig.case.name][year] = (row, col)
            else:
                w.text(row, col, "–", styles.header)
        pr, pc = lay.key_cells["payback_years"]
        w.formula(row, col_payback, f"={sheet_ref(lay.sheet, pr, pc)}", num["year"],
                  ap.payback_years if ap.payback_years is not None else NOT_PAID_BACK)
        decision = fig.case.decision_text or "Ingen indstillingstekst."
        w.text(row, col_decision, decision, styles.text_wrap)
        # the row must be tall enough for the wrapped decision text (70 wide) and the name (42 wide)
        lines = max(math.ceil(len(decision) / 75), math.ceil(len(fig.case.name) / 44))
        if lines > 1:
            ws.set_row(row, LINE_HEIGHT * lines)
        row += 1
    last_row = row - 1
    w.text(row, 0, "I alt", styles.label_bold)
    for col in (col_gross, col_net, *year_cols):
        value = 0.0
        for fig, lay in cases:
            ap = fig.appraisal
            if col == col_gross:
                value += sum(ap.series["gross_cost"])
            elif col == col_net:
                value += sum(ap.series["net_cost"])
            else:
                year = years[year_cols.index(col)]
                if year in lay.years:
                    value += -ap.series["net_result"][lay.years.index(year)]
        w.formula(row, col, f"=SUM({ref(first_row, col)}:{ref(last_row, col)})", tot["thousand_kr"],
                  value + 0.0)
    row = _area_block(w, styles, cases, years, year_cols, row + 2)
    w.text(row + 1, 0, "Hver business case har sit eget ark med forudsætninger og formler; ret de gule "
                       "celler dér, så regnes resuméet om.", styles.note)
    w.text(row + 2, 0, "– betyder, at året ligger uden for business casens periode.", styles.note)
    page_setup(ws, (0, head))
    ws.freeze_panes(head + 1, 1)
    return cells


def _area_block(w: SheetWriter, styles: Styles, cases: list[tuple[CaseFigures, CaseSheetLayout]],
                years: list[int], year_cols: list[int], row: int) -> int:
    """The cases' net effect split by styringsområde per year: the investment lands on service
    (under the serviceramme), the saving on overførsler. Formulas over the case sheets."""
    w.text(row, 0, "Business casernes nettovirkning pr. styringsområde (1.000 kr.)", styles.label_bold)
    for year, col in zip(years, year_cols, strict=True):
        w.number(row, col, year, styles.header)
    row += 1
    first = row
    for area in STYRINGSOMRAADER:
        if area == "anlæg" and not any(any(f.appraisal.by_styringsomraade[area]) for f, _ in cases):
            continue
        w.text(row, 0, AREA_LABELS[area], styles.label_indent)
        for year, col in zip(years, year_cols, strict=True):
            parts, value = [], 0.0
            for fig, lay in cases:
                if year in lay.years:
                    parts.append("(" + case_area_formula(fig.case, lay, area, year)[1:] + ")")
                    value += fig.appraisal.by_styringsomraade[area][lay.years.index(year)]
            w.formula(row, col, "=" + ("+".join(parts) or "0"), styles.number["thousand_kr"], value + 0.0)
        row += 1
    w.text(row, 0, "I alt", styles.label_bold)
    for col in year_cols:
        w.formula(row, col, f"=SUM({ref(first, col)}:{ref(row - 1, col)})", styles.total["thousand_kr"],
                  sum(_area_total(cases, years[year_cols.index(col)])) + 0.0)
    return row + 1


def _area_total(cases: list[tuple[CaseFigures, CaseSheetLayout]], year: int) -> list[float]:
    return [-fig.appraisal.series["net_result"][lay.years.index(year)]
            for fig, lay in cases if year in lay.years]


def write_assumptions_sheet(workbook, styles: Styles,
                            cases: list[tuple[CaseFigures, CaseSheetLayout]],
                            extra_sources: list[tuple[str, str, str]] | None = None) -> None:
    """Write *Forudsætninger*: every case input with value and source, then every rule used.

    ``extra_sources`` adds project-level assumptions as (assumption, value text, source).
    """
    ws = workbook.add_worksheet(ASSUMPTIONS_SHEET)
    w = SheetWriter(workbook, ws, ASSUMPTIONS_SHEET, styles)
    max_years = max((len(lay.years) for _, lay in cases), default=1)
    src_col = FIRST + max(max_years, 5)
    w.set_width(LABEL, LABEL, 46)
    w.set_width(UNIT, UNIT, 10)
    w.set_width(FIRST, src_col - 1, 12)
    w.set_width(src_col, src_col, 70)
    inp = styles.number
    w.text(0, 0, "Forudsætninger og kilder", styles.title)
    w.text(1, 0, "Værdierne henviser til de gule celler på business casernes ark; ret dem dér.",
           styles.note)
    row = 3
    w.text(row, LABEL, "Forudsætning", styles.header_left)
    w.text(row, UNIT, "Enhed", styles.header_left)
    w.text(row, FIRST, "Værdi (pr. år, hvor det gælder)", styles.header_left)
    w.text(row, src_col, "Kilde / bemærkning", styles.header_left)
    header_row = row
    row += 2
    rules = load_rules()
    used_rules: dict[str, Rule] = {}

    for fig, lay in cases:
        case = fig.case
        w.text(row, LABEL, f"{case.name} (arket '{lay.sheet}')", styles.section)
        row += 1
        w.text(row, LABEL, "År", styles.label_bold)
        for j, year in enumerate(lay.years):
            w.number(row, FIRST + j, year, styles.number["year"])
        row += 1

        def per_year(label: str, unit: str, src_row: int, values, fmt: str, source: str,
                     lay: CaseSheetLayout = lay) -> None:
            nonlocal row
            w.text(row, LABEL, label, styles.label)
            w.text(row, UNIT, unit, styles.unit)
            for j in range(len(lay.years)):
                w.formula(row, FIRST + j, f"={sheet_ref(lay.sheet, src_row, FIRST + j)}", inp[fmt],
                          float(values[j]))
            w.wrapped(row, src_col, source, styles.source)
            row += 1

        def scalar(label: str, unit: str, cell: tuple[int, int], value: float, fmt: str,
                   source: str, lay: CaseSheetLayout = lay) -> None:
            nonlocal row
            w.text(row, LABEL, label, styles.label)
            w.text(row, UNIT, unit, styles.unit)
            w.formula(row, FIRST, f"={sheet_ref(lay.sheet, *cell)}", inp[fmt], float(value))
            w.wrapped(row, src_col, source, styles.source)
            row += 1

        notes = case.notes
        per_year("Tilgang til målgruppen", "personer", lay.inflow_row, fig.arrays.inflow[0], "persons",
                 notes.get("inflow_per_year", NO_SOURCE))
        per_year("Indfasning af effekten", "andel", lay.phase_in_row, fig.arrays.phase_in[0], "share",
                 notes.get("effect_phase_in", NO_SOURCE))
        labels = {
            "benefit_per_full_year_person": ("Ydelse pr. helårsperson", "kr.", "kr"),
            "weeks_per_year": ("Ydelsesuger pr. helårsperson", "uger", "weeks"),
            "prior_weeks": ("Ydelsesuger talt før tilgang", "uger", "weeks"),
            "deadweight": ("Dødvægt", "andel", "share"),
            "persistence": ("Varighed af effekten", "andel", "share"),
            "discount_rate": ("Diskonteringsrente", "andel", "share"),
            "benefit_refusion": ("Statens refusion af forsørgelsen (fast sats)", "andel", "share"),
        }
        for field_name, cell in lay.scalar_cells.items():
            label, unit, fmt = labels[field_name]
            value = (case.benefit_refusion.rate or 0.0) if field_name == "benefit_refusion" \
                else getattr(case, field_name)
            scalar(label, unit, cell, value, fmt, notes.get(field_name, NO_SOURCE))
        seg_fields = (("share", "andel", "share"), ("weeks_before", "uger uden indsats", "weeks"),
                      ("weeks_after", "uger med indsats", "weeks"),
                      ("weeks_in_effort", "uger i indsatsen", "weeks"),
                      ("active_weeks_before", "aktive uger uden indsats", "weeks"))
        if len(case.segments) > MAX_SEGMENT_INPUTS:  # a long table: point to it, not one line per cell
            first, last = lay.segment_rows[0], lay.segment_rows[-1]
            w.text(row, LABEL, f"{format_number(len(case.segments))} segmenter", styles.label)
            w.wrapped(row, src_col, f"Se segmenttabellen på arket '{lay.sheet}', række {first + 1}-"
                      f"{last + 1}. " + notes.get("segments", NO_SOURCE), styles.source)
            row += 1
        for s, segment in enumerate(case.segments if len(case.segments) <= MAX_SEGMENT_INPUTS else ()):
            for field_name, what, fmt in seg_fields:
                unit = "andel" if field_name == "share" else "uger"
                scalar(f"Segment '{segment.name}': {what}", unit,
                       (lay.segment_rows[s], lay.segment_cols[field_name]),
                       getattr(segment, field_name), fmt,
                       notes.get("segments", NO_SOURCE) if s == 0 and field_name == "share" else "")
        for c, line in enumerate(case.costs):
            if c in lay.fixed_cost_rows:
                per_year(f"Udgift: {line.name}", "kr.", lay.fixed_cost_rows[c], fig.arrays.fixed_costs[0, c],
                         "kr", notes.get("costs", NO_SOURCE))
            else:
                scalar(f"Udgift pr. helårsdeltager: {line.name}", "kr.", lay.participant_cost_cells[c],
                       line.amount_per_full_year_participant, "kr", notes.get("costs", NO_SOURCE))
            if line.refusion_rule:
                rule = rules[line.refusion_rule]
                used_rules[rule.id] = rule
                source = f"Regel '{rule.name}' (se nedenfor)"
            else:
                source = f"Fast sats {format_percent(line.refusion_rate)}"
            per_year(f"Refusionssats: {line.name}", "andel", lay.refusion_rate_rows[c], fig.refusion_rate[c],
                     "share", source)
        for p, pool in enumerate(case.pool_funding):
            per_year(f"Puljefinansiering: {pool.name}", "kr.", lay.pool_rows[p], fig.pool_lines[p], "kr",
                     notes.get("pool_funding", NO_SOURCE))
        rule = rules[case.benefit_refusion.rule]
        used_rules[rule.id] = rule
        w.text(row, LABEL, "Finansieringsregel for forsørgelsen", styles.label)
        w.text(row, FIRST, rule.name, styles.label_bold)
        w.wrapped(row, src_col, f"{rule.law}. " + "; ".join(
            f"{b.version.citation}" for b in fig.blocks) + ". "
            + notes.get("benefit_refusion", ""), styles.source)
        row += 1
        for warning in fig.appraisal.warnings:
            w.text(row, LABEL, "Bemærk", styles.label_bold)
            w.text(row, FIRST, warning, styles.note)
            row += 1
        row += 1

    if extra_sources:
        w.text(row, LABEL, "Projektets øvrige forudsætninger", styles.section)
        row += 1
        for label, value, source in extra_sources:
            w.text(row, LABEL, label, styles.label)
            w.text(row, FIRST, value, styles.label)
            w.wrapped(row, src_col, source, styles.source)
            row += 1
        row += 1

    w.text(row, LABEL, "Finansieringsregler og lovhjemmel", styles.section)
    row += 1
    for rule in used_rules.values():
        w.text(row, LABEL, rule.name, styles.label_bold)
        w.text(row, FIRST, f"regel-id: {rule.id}", styles.unit)
        w.wrapped(row, src_col, rule.law, styles.source)
        row += 1
        for version in rule.versions:
            valid = version.valid_from.isoformat() + (
                f" – {version.valid_to.isoformat()}" if version.valid_to else " –")
            w.text(row, LABEL, f"Gyldig {valid}", styles.label_indent)
            if version.bands:
                bands = "; ".join(
                    (f"uge {b.first_week}-{b.last_week}" if b.last_week else f"uge {b.first_week}+")
                    + ": " + _share_text(b.active, b.passive) for b in version.bands)
            else:
                bands = format_percent(version.rate or 0.0)
            w.text(row, FIRST, bands, styles.label)
            w.wrapped(row, src_col, f"{version.citation}. Kilde: {version.source}", styles.source)
            row += 1
        if rule.notes:
            w.text(row, LABEL, "Bemærkninger", styles.label_indent)
            w.wrapped(row, src_col, rule.notes, styles.source)
            row += 1
        row += 1
    page_setup(ws, (0, header_row))
    ws.freeze_panes(header_row + 1, 1)


def _share_text(active, passive) -> str:
    def one(value) -> str:
        return "sats fra business casen" if isinstance(value, str) else format_percent(float(value))

    if active == passive:
        return one(active)
    return f"{one(active)} aktiv / {one(passive)} passiv"
