"""The *Basisbudget* and *Puljer* sheets of the council workbook.

*Basisbudget* has one row per target group, area (forsørgelse, beskæftigelsesindsats,
jobcenterdrift) and year with its inputs (full-year persons, kr. per full-year person, the
refusion or co-financing share) and live formulas for gross expense, refusion (negative) and net
expense, followed by totals per year (SUMIF over the rows). *Puljer* has one block per pool
with expense, grant income (negative), application and administration cost and the net expense
per year as formulas. Amounts are converted to the project's price level, each row with the index
of its styringsområde (benefit: satsreguleringsprocenten; HK5 measures and HK6 operation: KL's
pris- og lønskøn), and the column "Omregnet med" says which index and factor converted the row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetapp.core.budget import BaseBudget, benefit_refusion_share, line_class
from budgetapp.core.pools import Pool
from budgetapp.core.price_conversion import area_factors
from budgetapp.core.price_index import KIND_LABELS, kind_for
from budgetapp.core.project import Project, source_key
from budgetapp.core.rules import load_rules, operating_refusion_rate
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref

BUDGET_SHEET = "Basisbudget"
POOLS_SHEET = "Puljer"
AREA_LABELS = {"forsørgelse": "Forsørgelse", "beskæftigelsesindsats": "Beskæftigelsesindsats (HK5)",
               "jobcenterdrift": "Jobcenterdrift (HK6)"}


@dataclass
class BudgetSheetLayout:
    """Where the figures are on *Basisbudget* (0-based rows and columns)."""

    rows: dict[tuple[str, int], list[int]] = field(default_factory=dict)  # (group key, year) → rows
    first_row: int = 0
    last_row: int = 0
    year_col: int = 4
    area_col: int = 3      # styringsområde
    net_col: int = 10


@dataclass
class PoolsSheetLayout:
    """Where each pool's yearly figures are on *Puljer*: pool id → field → row; year → column."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    year_cols: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class BudgetRow:
    group: str
    label: str
    area: str
    function: str
    styringsomraade: str
    year: int
    persons: float | None      # None for operation lines (an amount, not persons × rate)
    per_person: float          # kr. per full-year person, or the amount of an operation line
    share: float               # refusion share (or co-financing share when ``cofinancing``)
    cofinancing: bool
    source: str
    index_note: str = ""       # which index converted the row, with its factor (Danish)

    @property
    def gross(self) -> float:
        base = self.per_person if self.persons is None else self.persons * self.per_person
        return base * self.share if self.cofinancing else base

    @property
    def refusion(self) -> float:
        return 0.0 if self.cofinancing else self.gross * self.share


def budget_rows(project: Project) -> list[BudgetRow]:
    """The base budget as rows at the project's price level (same figures as the projection)."""
    budget: BaseBudget = project.budget
    factors = area_factors(project.indices, budget.price_level_year, project.price_level_year)

    def note(area: str) -> str:
        return index_note(area, factors[area], budget.price_level_year, project.price_level_year)

    rules = load_rules()
    rows: list[BudgetRow] = []
    for g in budget.groups:
        label = budget.group_names.get(g.target_group, g.target_group)
        share, cofin = benefit_refusion_share(g)
        src = project.source(source_key("budget", g.target_group, g.year, "full_year_persons")).source
        area = g.benefit_styringsomraade
        rows.append(BudgetRow(g.target_group, label, "forsørgelse", g.benefit_function,
                              area, g.year, g.full_year_persons,
                              g.benefit_per_full_year_person * factors[area], share, cofin,
                              src or g.source, note(area)))
        rate = (operating_refusion_rate(rules[g.measures_refusion_rule], g.year)
                if g.measures_refusion_rule else g.measures_refusion_rate)
        area = g.measures_styringsomraade
        rows.append(BudgetRow(g.target_group, label, "beskæftigelsesindsats", g.measures_function,
                              area, g.year, g.full_year_persons,
                              g.measures_per_full_year_person * factors[area], rate, False, g.source,
                              note(area)))
    for line in budget.operation:
        key, kind = line_class(line)
        rows.append(BudgetRow(key, line.name, kind, line.function, line.styringsomraade, line.year, None,
                              line.amount * factors[line.styringsomraade], 0.0, False, line.source,
                              note(line.styringsomraade)))
    for a in budget.amount_lines:  # amounts without persons (core/budget_amounts.py): gross as given
        label = budget.group_names.get(a.target_group, a.target_group)
        rows.append(BudgetRow(a.target_group, label, a.area, a.function, a.styringsomraade, a.year, None,
                              a.gross * factors[a.styringsomraade], a.refusion / a.gross if a.gross else 0.0,
                              False, f"{a.source} ({a.status})", note(a.styringsomraade)))
    return rows


def index_note(area: str, factor: float, from_year: int, to_year: int) -> str:
    """Which index converts a row of ``area`` and by what factor, e.g.
    "Overførsler (satsreguleringsprocenten), 2026 → 2026 p/l: faktor 1,0000" (Danish)."""
    shown = f"{factor:.4f}".replace(".", ",")
    return f"{KIND_LABELS[kind_for(area)]}, {from_year} → {to_year} p/l: faktor {shown}"


def write_budget_sheet(workbook, styles: Styles, project: Project) -> BudgetSheetLayout:
    ws = workbook.add_worksheet(BUDGET_SHEET)
    w = SheetWriter(workbook, ws, BUDGET_SHEET, styles)
    cols = ("Målgruppe / linje", "Område", "Funktion", "Styringsområde", "År", "Helårspersoner",
            "Kr. pr. helårsperson (beløb for drift)", "Refusions- / medfinansieringsandel",
            "Bruttoudgift", "Refusion", "Nettoudgift", "Kilde", "Omregnet med (prisindeks)")
    widths = (34, 24, 9, 13, 6, 12, 14, 14, 13, 13, 13, 60, 44)
    for i, width in enumerate(widths):
        w.set_width(i, i, width)
    w.text(0, 0, f"Basisbudget {project.municipality}", styles.title)
    w.text(1, 0, f"Prisniveau: {project.price_level_year} p/l. Bruttoudgift, refusion og nettoudgift i "
                 "1.000 kr.; refusion er negativ. Gule celler er forudsætninger.", styles.note)
    w.text(2, 0, "For ydelser med kommunal medfinansiering (a-kasse / Udbetaling Danmark) er "
                 "bruttoudgiften kommunens andel: helårspersoner × ydelse × medfinansieringsandel.",
           styles.note)
    rule = ("ydelser (overførsler) med satsreguleringsprocenten, beskæftigelsesindsats (HK5) og "
            "jobcenterdrift (HK6) med KL's pris- og lønskøn (kolonnen 'Omregnet med').")
    if project.budget.price_level_year == project.price_level_year:
        conversion = (f"Basisbudgettet er indtastet i projektets prisniveau ({project.price_level_year} "
                      f"p/l), så faktoren er 1; ellers omregnes hver linje med sit eget indeks: {rule}")
    else:
        conversion = (f"Omregnet fra {project.budget.price_level_year} p/l til {project.price_level_year} "
                      f"p/l med hver linjes eget indeks: {rule}")
    w.text(3, 0, conversion, styles.note)
    head = 4
    for i, title in enumerate(cols):
        w.text(head, i, title, styles.header_left if i in (0, 1, 3, 11, 12) else styles.header)
    ws.set_row(head, 42)
    num, inp, tot = styles.number, styles.input, styles.total
    rows = budget_rows(project)
    r = head + 1
    first = r
    layout = BudgetSheetLayout(first_row=first)
    for row in rows:
        layout.rows.setdefault((row.group, row.year), []).append(r)
        w.text(r, 0, row.label, styles.label)
        w.text(r, 1, AREA_LABELS.get(row.area, row.area), styles.label)
        w.text(r, 2, row.function, styles.label)
        w.text(r, 3, row.styringsomraade, styles.label)
        w.number(r, 4, row.year, num["year"])
        persons, per, share = ref(r, 5), ref(r, 6), ref(r, 7)
        if row.persons is None:
            base = per
        else:
            w.number(r, 5, row.persons, inp["persons"])
            base = f"{persons}*{per}"
        w.number(r, 6, row.per_person, inp["kr"])
        w.number(r, 7, row.share, inp["share"])
        if row.cofinancing:
            w.formula(r, 8, f"={base}*{share}", num["thousand_kr"], row.gross)
            w.formula(r, 9, "=0", num["thousand_kr"], 0.0)
        else:
            w.formula(r, 8, f"={base}", num["thousand_kr"], row.gross)
            w.formula(r, 9, f"=-{ref(r, 8)}*{share}", num["thousand_kr"], -row.refusion + 0.0)
        w.formula(r, 10, f"={ref(r, 8)}+{ref(r, 9)}", num["thousand_kr"], row.gross - row.refusion)
        w.wrapped(r, 11, row.source, styles.source)
        w.text(r, 12, row.index_note, styles.label)
        r += 1
    last = r - 1
    layout.last_row = last
    r += 1
    w.text(r, 0, "I alt pr. år (1.000 kr.)", styles.section)
    r += 1
    w.text(r, 0, "År", styles.header_left)
    for i, title in enumerate(("Bruttoudgift", "Refusion", "Nettoudgift")):
        w.text(r, 8 + i, title, styles.header)
    r += 1
    years = sorted({row.year for row in rows})
    year_col = f"{ref(first, 4, True)}:{ref(last, 4, True)}"
    for year in years:
        w.number(r, 0, year, styles.label_bold)
        for i, attr in enumerate(("gross", "refusion", "net")):
            col = 8 + i
            values = [row for row in rows if row.year == year]
            if attr == "gross":
                value = sum(v.gross for v in values)
            elif attr == "refusion":
                value = -sum(v.refusion for v in values)
            else:
                value = sum(v.gross - v.refusion for v in values)
            column = f"{ref(first, col, True)}:{ref(last, col, True)}"
            w.formula(r, col, f"=SUMIF({year_col},{ref(r, 0)},{column})",
                      tot["thousand_kr"], value + 0.0)
        r += 1
    page_setup(ws, (0, head))
    ws.freeze_panes(head + 1, 1)
    ws.autofilter(head, 0, last, len(cols) - 1)
    return layout


def write_pools_sheet(workbook, styles: Styles, project: Project) -> PoolsSheetLayout:
    ws = workbook.add_worksheet(POOLS_SHEET)
    w = SheetWriter(workbook, ws, POOLS_SHEET, styles)
    w.set_width(0, 0, 44)
    w.set_width(1, 1, 10)
    num, inp, tot = styles.number, styles.input, styles.total
    w.text(0, 0, "Puljer", styles.title)
    w.text(1, 0, "Beløb i 1.000 kr. i puljens eget prisniveau; udgifter positive, tilskud negative. "
                 "Gule celler er forudsætninger.", styles.note)
    layout = PoolsSheetLayout()
    if not project.pools:
        w.text(3, 0, "Projektet har ingen puljer.", styles.label)
        page_setup(ws, None)
        return layout
    years = sorted({y.year for pool in project.pools for y in pool.years})
    layout.year_cols = {year: 2 + j for j, year in enumerate(years)}
    w.set_width(2, 2 + len(years), 12)
    w.set_width(3 + len(years), 3 + len(years), 60)
    row = 3
    for pool in project.pools:
        block: dict[str, int] = {}
        row = _pool_block(w, styles, project, pool, years, row, num, inp, tot, block) + 1
        layout.rows[pool.id] = block
    page_setup(ws, (0, 1))
    return layout


def _pool_block(w: SheetWriter, styles: Styles, project: Project, pool: Pool, years: list[int],
                row: int, num, inp, tot, block: dict[str, int]) -> int:
    w.text(row, 0, pool.name, styles.section)
    row += 1
    facts = [
        ("Id", pool.id), ("Tilskudsgiver", pool.grantor),
        ("Periode", f"{pool.start_date or '?'} – {pool.end_date or '?'}"),
        ("Konto", pool.account), ("Prisniveau", f"{pool.price_level_year or project.price_level_year} p/l"),
        ("Finansierer business case", ", ".join(project.cases_funded_by(pool.id)) or "ingen"),
    ]
    for label, value in facts:
        w.text(row, 0, label, styles.label)
        w.text(row, 2, str(value), styles.label)
        row += 1
    w.text(row, 0, "Tilskudsprocent", styles.label)
    w.number(row, 2, pool.grant_rate, inp["share"])
    rate_cell = ref(row, 2, True)
    row += 1
    w.text(row, 0, "Tilskudsberettiget udgift", styles.label)
    w.text(row, 1, "1.000 kr.", styles.unit)
    w.number(row, 2, pool.eligible_cost, inp["thousand_kr"])
    eligible = ref(row, 2, True)
    row += 1
    w.text(row, 0, "Tilskud efter tilskudsprocenten", styles.label)
    w.text(row, 1, "1.000 kr.", styles.unit)
    w.formula(row, 2, f"={eligible}*{rate_cell}", num["thousand_kr"], pool.grant)
    row += 1
    w.text(row, 0, "Kommunal medfinansiering", styles.label)
    w.text(row, 1, "1.000 kr.", styles.unit)
    w.formula(row, 2, f"={eligible}*(1-{rate_cell})", num["thousand_kr"], pool.cofinancing)
    row += 1
    src_col = 3 + len(years)
    w.text(row, 0, "Pr. år", styles.header_left)
    w.text(row, 1, "Enhed", styles.header_left)
    for j, year in enumerate(years):
        w.number(row, 2 + j, year, styles.header)
    w.text(row, src_col, "Kilde / bemærkning", styles.header_left)
    row += 1
    fields = (("expense", "Udgift til puljens aktivitet", 1, "thousand_kr"),
              ("income", "Tilskud (indtægt)", -1, "thousand_kr"),
              ("application_cost", "Ansøgning", 1, "thousand_kr"),
              ("administration_cost", "Administration", 1, "thousand_kr"),
              ("staff_fte", "Årsværk finansieret af puljen", 1, "persons"))
    rows = {}
    for key, label, sign, fmt in fields:
        w.text(row, 0, label, styles.label)
        w.text(row, 1, "årsværk" if key == "staff_fte" else "1.000 kr.", styles.unit)
        for j, year in enumerate(years):
            w.number(row, 2 + j, sign * getattr(pool.year(year), key) + 0.0, inp[fmt])
        w.wrapped(row, src_col, pool.notes.get(key, ""), styles.source)
        rows[key] = row
        row += 1
    block.update(rows)
    block["net"] = row
    w.text(row, 0, "Nettoudgift (udgift + ansøgning + administration − tilskud)", styles.label_bold)
    w.text(row, 1, "1.000 kr.", styles.unit)
    for j, year in enumerate(years):
        y = pool.year(year)
        cells = "+".join(ref(rows[k], 2 + j) for k in ("expense", "income", "application_cost",
                                                         "administration_cost"))
        w.formula(row, 2 + j, f"={cells}", tot["thousand_kr"],
                  y.expense - y.income + y.application_cost + y.administration_cost)
    row += 1
    w.text(row, 0, "Kilde", styles.label)
    w.note(row, 2, 1 + len(years), pool.source, styles.source)
    return row + 1
