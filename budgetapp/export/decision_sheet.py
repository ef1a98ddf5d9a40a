"""The council workbook's sheet "Følsomhed og usikkerhed": the decision support of every case.

Per case, one section: the tornado (each input low and high, the total net result at each, sorted
by swing, with a bar chart), the simulation (P10 / P50 / P90 of the net result per year and
cumulative, the estimates drawn, the inputs driving the spread, the payback-year distribution and
the plain-Danish explanation, with a fan chart), the break-even values within the budget period
and the full horizon, and the scenarios side by side (the case as in the workbook, the case's own
scenarios and the project's scenarios that change it) with a chart of their totals.

These are values computed by :mod:`budgetapp.core` (not live formulas): they are written as
numbers with Excel number formats and labelled with the number of draws and the seed, so the
same figures come out of ``budgetapp case run --simulate N --seed S``. A case whose analysis
cannot be computed gets the Danish reason in its section instead of the figures.

Because the figures do not recalculate, each section starts with the inputs they were computed
from (value used, and a live status formula comparing it with the input cell on the case's sheet)
and a warning line: when a reader changes an input in the workbook the status shows "ÆNDRET" and
conditional formatting turns it and the warning red, so stale figures cannot be missed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from budgetapp.core.appraisal import appraise
from budgetapp.core.break_even import ALWAYS, FOUND, BreakEven, break_even_table
from budgetapp.core.case import BusinessCase
from budgetapp.core.case_inputs import MAX_SEGMENT_INPUTS, InputError, resolve
from budgetapp.core.explain import explain_simulation, explain_tornado
from budgetapp.core.formatting import format_number, format_plain
from budgetapp.core.scenarios import ScenarioError, ScenarioResult, compare_scenarios
from budgetapp.core.sensitivity import Tornado, tornado
from budgetapp.core.simulation import (
    DEFAULT_DRAWS,
    DEFAULT_SEED,
    SimulationResult,
    default_estimates,
    simulate,
)
from budgetapp.export.case_figures import CaseFigures
from budgetapp.export.case_sheet import CaseSheetLayout
from budgetapp.export.field_labels import field_label
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref, sheet_ref

DECISION_SHEET = "Følsomhed og usikkerhed"
DEFAULT_NOTE = ("Casen har ingen trepunktsestimater; her er de vigtigste input varieret ±20 % omkring "
                "de indtastede værdier (som i programmet).")
RANGE_SOURCE = {"estimate": "trepunktsestimat", "default": "±20 %", "range": "angivet"}
KIND_FORMAT = {"share": "share", "weeks": "weeks", "amount": "kr", "count": "persons"}
CHART_ROWS = 17          # rows a chart of 300 px covers, so the next block starts below it
CHART_SIZE = {"width": 520, "height": 300}
TORNADO_CHART_BARS = 10  # the chart shows the inputs with the largest swing; the table shows all


_SEGMENT_WORDS = {"share": "andele", "weeks_before": "uger uden indsats",
                  "weeks_after": "uger med indsats", "weeks_in_effort": "uger i indsatsen",
                  "active_weeks_before": "aktive uger uden indsats", "benefit_intensity": "ydelsesgrad"}

CHANGED, UNCHANGED = "ÆNDRET", "uændret"
STALE_WARNING = ("ADVARSEL: et input på casens ark er ændret efter beregningen. Tallene i dette afsnit "
                 "er derfor forældede; eksportér byrådsmappen igen fra budgetapp.")
FRESH_NOTE = ("Tallene i dette afsnit er beregnet ud fra inputtene nedenfor og regnes ikke om, hvis "
              "man retter i arket. Status viser, om inputtet på casens ark stadig er det samme.")


@dataclass(frozen=True)
class UsedInput:
    """An input the section was computed from: its label, and per cell (reference on the case
    sheet, the value used). A long column (one segment field of a case with many segments) is
    ``column``: (range on the case sheet, the values used), checked by its count, sum, sum of
    squares and row-weighted sum, so one status formula covers 10.000 cells."""

    label: str
    cells: tuple[tuple[str, float], ...] = ()
    column: tuple[str, tuple[float, ...]] | None = None

    @property
    def shown(self) -> str:
        if self.column is not None:
            values = self.column[1]
            return f"{format_number(len(values))} værdier, sum {format_plain(math.fsum(values))}"
        return " / ".join(format_plain(v) for _, v in self.cells)


def used_inputs(fig: CaseFigures, lay: CaseSheetLayout) -> list[UsedInput]:
    """Every input cell of the case's sheet with the value the analysis used."""
    case = fig.case
    out: list[UsedInput] = []

    def per_year(label: str, row: int, values) -> None:
        out.append(UsedInput(label, tuple((sheet_ref(lay.sheet, row, lay.year_col(y)), float(values[j]))
                                          for j, y in enumerate(lay.years))))

    per_year("Tilgang til målgruppen (pr. år)", lay.inflow_row, fig.arrays.inflow[0])
    per_year("Indfasning af effekten (pr. år)", lay.phase_in_row, fig.arrays.phase_in[0])
    for name, (r, c) in lay.scalar_cells.items():
        value = (case.benefit_refusion.rate or 0.0) if name == "benefit_refusion" else getattr(case, name)
        label = field_label(case, "benefit_refusion.rate" if name == "benefit_refusion" else name)
        out.append(UsedInput(label, ((sheet_ref(lay.sheet, r, c), float(value)),)))
    if len(case.segments) > MAX_SEGMENT_INPUTS:   # one status line per segment field
        first, last = lay.segment_rows[0], lay.segment_rows[-1]
        for name, col in lay.segment_cols.items():
            cells = f"{sheet_ref(lay.sheet, first, col)}:{ref(last, col, True)}"
            values = tuple(float(getattr(segment, name)) for segment in case.segments)
            out.append(UsedInput(f"Segmenternes {_SEGMENT_WORDS.get(name, name)} "
                                 f"({format_number(len(values))} segmenter)", column=(cells, values)))
    else:
        for s_index, segment in enumerate(case.segments):
            for name, col in lay.segment_cols.items():
                out.append(UsedInput(field_label(case, f"segments[{s_index}].{name}"),
                                     ((sheet_ref(lay.sheet, lay.segment_rows[s_index], col),
                                       float(getattr(segment, name))),)))
    for c, line in enumerate(case.costs):
        if c in lay.fixed_cost_rows:
            per_year(f"Udgift '{line.name}' (kr. pr. år)", lay.fixed_cost_rows[c],
                     fig.arrays.fixed_costs[0, c])
        if c in lay.participant_cost_cells:
            r, col = lay.participant_cost_cells[c]
            value = float(line.amount_per_full_year_participant)
            out.append(UsedInput(f"Udgift '{line.name}' (kr. pr. helårsdeltager)",
                                 ((sheet_ref(lay.sheet, r, col), value),)))
        per_year(f"Refusionssats for '{line.name}' (pr. år)", lay.refusion_rate_rows[c], fig.refusion_rate[c])
    for p, pool in enumerate(case.pool_funding):
        per_year(f"Puljefinansiering '{pool.name}' (kr. pr. år)", lay.pool_rows[p], fig.pool_lines[p])
    return out


@dataclass
class CaseDecision:
    """The decision-support figures of one case, as the sheet shows them."""

    case: BusinessCase
    draws: int
    seed: int
    tornado: Tornado | None = None
    simulation: SimulationResult | None = None
    default_estimates: bool = False
    break_even: list[tuple[BreakEven, BreakEven]] = field(default_factory=list)
    scenarios: list[ScenarioResult] = field(default_factory=list)
    scenario_notes: dict[str, str] = field(default_factory=dict)   # label → description
    errors: list[str] = field(default_factory=list)
    inputs: list[UsedInput] = field(default_factory=list)          # what the figures were computed from


def case_decision(case: BusinessCase, project_scenarios: list[tuple[str, str, BusinessCase]] = (),
                  draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> CaseDecision:
    """Compute every analysis of ``case`` with the core, as the GUI panel does.

    ``project_scenarios``: (name, description, the case in that project scenario). A case without
    three-point estimates is simulated with the ±20 % default estimates, and the sheet says so.
    """
    out = CaseDecision(case, draws, seed)
    try:
        out.tornado = tornado(case)
    except InputError as exc:
        out.errors.append(f"Følsomheden kan ikke beregnes: {exc}")
    estimates = None
    if not case.uncertainty:
        estimates, out.default_estimates = default_estimates(case), True
    try:
        out.simulation = simulate(case, draws=draws, seed=seed, estimates=estimates)
    except InputError as exc:
        out.errors.append(f"Simuleringen kan ikke køres: {exc}")
    try:
        out.break_even = break_even_table(case)
    except InputError as exc:
        out.errors.append(f"Break-even kan ikke beregnes: {exc}")
    try:
        out.scenarios = compare_scenarios(case)
        out.scenario_notes = {s.name: s.description for s in case.scenarios}
    except ScenarioError as exc:
        out.errors.append(f"Et scenarie er ugyldigt: {'; '.join(f'{f}: {m}' for f, m in exc.pairs)}")
    for name, description, variant in project_scenarios:
        label = f"Projekt: {name}"
        out.scenarios.append(ScenarioResult(label, case.name, name, appraise(variant)))
        out.scenario_notes[label] = description
    return out


@dataclass
class DecisionSectionLayout:
    """Where one case's figures are (0-based rows and columns), for tests and callers."""

    case_name: str
    title_row: int
    year_cols: dict[int, int] = field(default_factory=dict)
    total_col: int = 0
    tornado_rows: dict[str, int] = field(default_factory=dict)      # input path → row
    simulation_rows: dict[str, int] = field(default_factory=dict)   # base, p10 … cumulative_p90, paid_back_*
    payback_rows: dict[int | None, int] = field(default_factory=dict)
    break_even_rows: dict[str, int] = field(default_factory=dict)   # input path → row
    scenario_rows: dict[str, int] = field(default_factory=dict)     # scenario label → row
    estimate_rows: dict[str, int] = field(default_factory=dict)     # input path → row
    warning_cell: tuple[int, int] | None = None
    input_status_rows: dict[str, int] = field(default_factory=dict)  # input label → row


# Columns of the tables: A label, then numbers.
LABEL, FIRST = 0, 1


def write_decision_sheet(workbook, styles: Styles, decisions: list[CaseDecision], price_level: str,
                         scenario: str | None = None) -> list[DecisionSectionLayout]:
    ws = workbook.add_worksheet(DECISION_SHEET)
    w = SheetWriter(workbook, ws, DECISION_SHEET, styles)
    page_setup(ws, None)
    w.set_width(LABEL, LABEL, 64)
    w.set_width(FIRST, FIRST + 12, 13)
    w.text(0, LABEL, "Følsomhed, usikkerhed, break-even og scenarier", styles.title)
    intro = ("Tallene på dette ark er beregnet i budgetapp (ikke formler) og regnes IKKE om, hvis man "
             "retter et input i arket; hvert afsnit viser de input, tallene bygger på, og bliver rødt, "
             "hvis et af dem er ændret. Nettoresultat: + = gevinst for "
             f"kommunen (kommunal besparelse minus nettoudgift). Beløb i 1.000 kr., {price_level}.")
    if scenario:
        intro += f" Casene er vist i projektscenariet '{scenario}'."
    w.note(1, LABEL, FIRST + 7, intro, styles.text_wrap)
    row = 3
    layouts = []
    for decision in decisions:
        lay = DecisionSectionLayout(decision.case.name, row)
        row = _write_section(workbook, w, decision, lay, row)
        layouts.append(lay)
        row += 2
    return layouts


def _write_section(workbook, w: SheetWriter, d: CaseDecision, lay: DecisionSectionLayout, row: int) -> int:
    s = w.styles
    case = d.case
    years = case.year_labels
    lay.year_cols = {y: FIRST + i for i, y in enumerate(years)}
    lay.total_col = FIRST + len(years)
    w.text(row, LABEL, case.name, s.section)
    for col in range(FIRST, FIRST + 7):
        w.text(row, col, "", s.section)
    row += 1
    w.text(row, LABEL, f"Beregnet i budgetapp med {format_number(d.draws)} træk, frø {d.seed}", s.note)
    row += 1
    for message in d.errors:
        w.note(row, LABEL, FIRST + 7, message, s.text_wrap)
        row += 1
    if d.inputs:
        row = _write_used_inputs(workbook, w, d.inputs, lay, row)
    if d.tornado is not None:
        row = _write_tornado(workbook, w, d.tornado, lay, row + 1)
    if d.simulation is not None:
        row = _write_simulation(workbook, w, d, lay, row + 1)
    if d.break_even:
        row = _write_break_even(w, d.break_even, lay, row + 1)
    if d.scenarios:
        row = _write_scenarios(workbook, w, d, lay, row + 1)
    return row


def _column_checks(cells: str, values: tuple[float, ...]) -> list[str]:
    """Count, sum, sum of squares and row-weighted sum of the column ``cells`` against the values
    used: any change of a value (or a swap of two) moves at least one of them."""
    rows = np.arange(1, len(values) + 1, dtype=float)
    v = np.asarray(values, dtype=float)
    position = f"(ROW({cells})-MIN(ROW({cells}))+1)"
    checks = [f"COUNT({cells})={len(values)}"]
    for expr, target in ((f"SUM({cells})", math.fsum(v)),
                         (f"SUMSQ({cells})", math.fsum(v * v)),
                         (f"SUMPRODUCT({cells},{position})", math.fsum(v * rows))):
        checks.append(f"ABS({expr}-({target!r}))<=1E-9*MAX(1,ABS({target!r}))")
    return checks


def _status_formula(used: UsedInput) -> str:
    if used.column is not None:
        return f'=IF(AND({",".join(_column_checks(*used.column))}),"{UNCHANGED}","{CHANGED}")'
    checks = ",".join(f"ABS({cell}-({value!r}))<=1E-9*MAX(1,ABS({value!r}))" for cell, value in used.cells)
    return f'=IF(AND({checks}),"{UNCHANGED}","{CHANGED}")'


def _write_used_inputs(workbook, w: SheetWriter, inputs: list[UsedInput], lay: DecisionSectionLayout,
                       row: int) -> int:
    """The warning line and the inputs the section was computed from, with live status cells."""
    s = w.styles
    red = workbook.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006", "bold": True})
    warning_row = row
    first, last = row + 2, row + 1 + len(inputs)
    status_range = f"{ref(first, FIRST + 2, True)}:{ref(last, FIRST + 2, True)}"
    w.sheet.merge_range(warning_row, LABEL, warning_row, FIRST + 6, "", s.text_wrap)
    w.formula(warning_row, LABEL, f'=IF(COUNTIF({status_range},"{CHANGED}")>0,"{STALE_WARNING}",'
                                  f'"{FRESH_NOTE}")', s.text_wrap, FRESH_NOTE)
    w.sheet.set_row(warning_row, 28)
    w.sheet.conditional_format(warning_row, LABEL, warning_row, FIRST + 6, {
        "type": "formula", "criteria": f'=COUNTIF({status_range},"{CHANGED}")>0', "format": red})
    lay.warning_cell = (warning_row, LABEL)
    row += 1
    w.text(row, LABEL, "Input, som tallene er beregnet ud fra", s.header_left)
    w.text(row, FIRST, "Værdi brugt", s.header)
    w.text(row, FIRST + 1, "", s.header)
    w.text(row, FIRST + 2, "Status", s.header)
    row += 1
    for used in inputs:
        w.text(row, LABEL, used.label, s.label_indent)
        w.sheet.merge_range(row, FIRST, row, FIRST + 1, "", s.unit)
        w.text(row, FIRST, used.shown, s.unit)
        w.formula(row, FIRST + 2, _status_formula(used), s.unit, UNCHANGED)
        lay.input_status_rows[used.label] = row
        row += 1
    w.sheet.conditional_format(first, FIRST + 2, last, FIRST + 2, {
        "type": "cell", "criteria": "==", "value": f'"{CHANGED}"', "format": red})
    return row


def _chart_anchor(w: SheetWriter, chart, row: int, col: int) -> None:
    chart.set_size(CHART_SIZE)
    w.sheet.insert_chart(row, col, chart, {"x_offset": 5, "y_offset": 5})


def _write_tornado(workbook, w: SheetWriter, t: Tornado, lay: DecisionSectionLayout, row: int) -> int:
    s = w.styles
    start = row
    period = f"{t.years[0]}-{t.years[-1]}" if len(t.years) > 1 else str(t.years[0])
    w.text(row, LABEL, f"Tornado: samlet nettoresultat {period}, ét input ad gangen lavt og højt",
           s.label_bold)
    row += 1
    header = ["Input", "Lav værdi", "Høj værdi", "Nettoresultat ved lav", "Nettoresultat ved høj",
              "Udsving", "Interval"]
    for i, text in enumerate(header):
        w.text(row, LABEL + i, text, s.header_left if i == 0 else s.header)
    head = row
    row += 1
    w.text(row, LABEL, "Som indtastet", s.label_bold)
    w.number(row, FIRST + 2, t.base_result, s.number["thousand_kr"])
    w.number(row, FIRST + 3, t.base_result, s.number["thousand_kr"])
    row += 1
    first_bar = row
    for bar in t.bars:
        fmt = s.number[KIND_FORMAT.get(bar.kind, "persons")]
        w.text(row, LABEL, bar.label, s.label_indent)
        w.number(row, FIRST, bar.low_value, fmt)
        w.number(row, FIRST + 1, bar.high_value, fmt)
        w.number(row, FIRST + 2, bar.result_low, s.number["thousand_kr"])
        w.number(row, FIRST + 3, bar.result_high, s.number["thousand_kr"])
        w.number(row, FIRST + 4, bar.swing, s.number["thousand_kr"])
        w.text(row, FIRST + 5, RANGE_SOURCE.get(bar.range_source, bar.range_source), s.unit)
        lay.tornado_rows[bar.path] = row
        row += 1
    w.note(row, LABEL, FIRST + 6, explain_tornado(t), s.source)
    row += 1
    if t.bars:
        shown = min(len(t.bars), TORNADO_CHART_BARS)
        chart = workbook.add_chart({"type": "bar"})
        name = DECISION_SHEET
        cats = [name, first_bar, LABEL, first_bar + shown - 1, LABEL]
        for col, colour in ((FIRST + 2, "#C62828"), (FIRST + 3, "#2E7D32")):
            chart.add_series({"name": [name, head, col], "categories": cats,
                              "values": [name, first_bar, col, first_bar + shown - 1, col],
                              "fill": {"color": colour}, "overlap": 100, "gap": 40})
        more = f" (de {shown} største)" if shown < len(t.bars) else ""
        chart.set_title({"name": f"Tornado: nettoresultat {period}{more}", "name_font": {"size": 11}})
        # the bars start at the result as entered: the category axis crosses the value axis there
        chart.set_x_axis({"name": "1.000 kr. (+ = gevinst)", "num_format": "#,##0,",
                          "major_gridlines": {"visible": True}, "crossing": t.base_result})
        chart.set_y_axis({"reverse": True, "label_position": "low"})
        chart.set_legend({"position": "bottom"})
        height = 110 + 24 * shown
        chart.set_size({"width": 620, "height": height})
        w.sheet.insert_chart(start, FIRST + 7, chart, {"x_offset": 5, "y_offset": 5})
        row = max(row, start + height // 20 + 2)
    return row


def _write_simulation(workbook, w: SheetWriter, d: CaseDecision, lay: DecisionSectionLayout,
                      row: int) -> int:
    s = w.styles
    sim = d.simulation
    start = row
    w.text(row, LABEL, f"Usikkerhed: nettoresultat pr. år i {format_number(sim.draws)} beregninger "
           f"(frø {sim.seed})", s.label_bold)
    row += 1
    w.text(row, LABEL, "", s.header_left)
    for y, col in lay.year_cols.items():
        w.number(row, col, y, s.header)
    w.text(row, lay.total_col, "I alt", s.header)
    head = row
    row += 1
    money = s.number["thousand_kr"]
    lines = [
        ("base", "Som indtastet", sim.base_net_result, sim.base_total),
        ("p10", "P10 (1 af 10 beregninger er lavere)", sim.p10, sim.total_p10),
        ("p50", "P50 (median)", sim.p50, sim.total_p50),
        ("p90", "P90 (1 af 10 beregninger er højere)", sim.p90, sim.total_p90),
        ("cumulative_p10", "Akkumuleret P10", sim.cumulative_p10, None),
        ("cumulative_p50", "Akkumuleret P50", sim.cumulative_p50, None),
        ("cumulative_p90", "Akkumuleret P90", sim.cumulative_p90, None),
    ]
    for key, label, values, total in lines:
        w.text(row, LABEL, label, s.label_bold if key == "base" else s.label_indent)
        for y, value in zip(lay.year_cols.values(), values, strict=True):
            w.number(row, y, value, money)
        if total is not None:
            w.number(row, lay.total_col, total, money)
        lay.simulation_rows[key] = row
        row += 1
    chart = workbook.add_chart({"type": "line"})
    name = DECISION_SHEET
    first, last = lay.year_cols[sim.years[0]], lay.year_cols[sim.years[-1]]
    colours = {"p10": "#9E9E9E", "p50": "#1F4E79", "p90": "#9E9E9E", "base": "#2E7D32"}
    for key in ("p90", "p50", "p10", "base"):
        r = lay.simulation_rows[key]
        series = {"name": [name, r, LABEL], "categories": [name, head, first, head, last],
                  "values": [name, r, first, r, last],
                  "line": {"color": colours[key], "width": 2.25 if key == "p50" else 1.5,
                           "dash_type": "dash" if key == "base" else "solid"}}
        chart.add_series(series)
    chart.set_title({"name": "Nettoresultat pr. år: P10, P50 og P90", "name_font": {"size": 11}})
    chart.set_y_axis({"name": "1.000 kr. (+ = gevinst)", "num_format": "#,##0,",
                      "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom"})
    _chart_anchor(w, chart, start, max(FIRST + 7, lay.total_col + 2))

    text = explain_simulation(sim, d.case)
    if d.default_estimates:
        text = DEFAULT_NOTE + "\n" + text
    w.note(row, LABEL, FIRST + 6, text, s.text_wrap)
    row += 2

    w.text(row, LABEL, "Usikre input (trekantfordeling)", s.header_left)
    for i, text in enumerate(["Min", "Mest sandsynlig", "Maks", "Andel af spredningen", "Kilde / antagelse"]):
        w.text(row, FIRST + i, text, s.header)
    row += 1
    share = {dr.path: dr.share_of_variance for dr in sim.drivers}
    labels = {dr.path: dr.label for dr in sim.drivers}
    tornado_labels = {b.path: b.label for b in d.tornado.bars} if d.tornado else {}
    for est in sim.estimates:
        kind = _kind(d, est.path)
        fmt = s.number[KIND_FORMAT.get(kind, "persons")]
        label = labels.get(est.path) or tornado_labels.get(est.path) or field_label(d.case, est.path)
        w.text(row, LABEL, label, s.label_indent)
        w.number(row, FIRST, est.min, fmt)
        w.number(row, FIRST + 1, est.most_likely, fmt)
        w.number(row, FIRST + 2, est.max, fmt)
        w.number(row, FIRST + 3, share.get(est.path, 0.0), s.number["share"])
        w.text(row, FIRST + 4, est.note, s.unit)
        lay.estimate_rows[est.path] = row
        row += 1
    row += 1

    w.text(row, LABEL, "Tilbagebetalingsår", s.header_left)
    w.text(row, FIRST, "Antal beregninger", s.header)
    w.text(row, FIRST + 1, "Andel", s.header)
    row += 1
    for p in sim.payback_distribution:
        if p.year is None:
            w.text(row, LABEL, "Ikke tjent hjem inden for perioden", s.label_indent)
        else:
            w.text(row, LABEL, str(p.year), s.label_indent)
        w.number(row, FIRST, p.draws, s.number["kr"])
        w.number(row, FIRST + 1, p.share, s.number["share"])
        lay.payback_rows[p.year] = row
        row += 1
    budget_last = sim.years[min(sim.budget_years, len(sim.years)) - 1]
    w.text(row, LABEL, f"Tjent hjem i budgetperioden (til og med {budget_last})", s.label_bold)
    w.number(row, FIRST + 1, sim.share_paid_back_in_budget_period, s.total["share"])
    lay.simulation_rows["paid_back_budget"] = row
    row += 1
    w.text(row, LABEL, f"Tjent hjem inden for hele perioden (til og med {sim.years[-1]})", s.label_bold)
    w.number(row, FIRST + 1, sim.share_paid_back_in_horizon, s.total["share"])
    lay.simulation_rows["paid_back_horizon"] = row
    row += 1
    return max(row, start + CHART_ROWS)


def _kind(d: CaseDecision, path: str) -> str:
    for bar in d.tornado.bars if d.tornado else ():
        if bar.path == path:
            return bar.kind
    try:
        return resolve(d.case, path).kind
    except InputError:
        return "count"


def _break_even_cells(w: SheetWriter, be: BreakEven, row: int, col: int) -> None:
    s = w.styles
    if be.status == FOUND:
        w.text(row, col, "mindst" if be.direction == "min" else "højst", s.unit)
        w.number(row, col + 1, be.value, s.number[KIND_FORMAT.get(be.kind, "persons")])
    elif be.status == ALWAYS:
        w.text(row, col, "enhver værdi", s.unit)
    else:
        w.text(row, col, "ingen værdi", s.unit)


def _write_break_even(w: SheetWriter, table: list[tuple[BreakEven, BreakEven]], lay: DecisionSectionLayout,
                      row: int) -> int:
    s = w.styles
    budget, horizon = table[0]
    w.text(row, LABEL, "Break-even: værdien hvor casen netop tjener sig hjem", s.label_bold)
    row += 1
    header = ["Input", "Indtastet", f"Budgetperioden (til og med {budget.last_year})", "",
              f"Hele perioden (til og med {horizon.last_year})", "", "Søgt mellem", ""]
    for i, text in enumerate(header):
        w.text(row, LABEL + i, text, s.header_left if i == 0 else s.header)
    row += 1
    for b, h in table:
        fmt = s.number[KIND_FORMAT.get(b.kind, "persons")]
        w.text(row, LABEL, b.label, s.label_indent)
        w.number(row, FIRST, b.base_value, fmt)
        _break_even_cells(w, b, row, FIRST + 1)
        _break_even_cells(w, h, row, FIRST + 3)
        w.number(row, FIRST + 5, b.search_low, fmt)
        w.number(row, FIRST + 6, b.search_high, fmt)
        lay.break_even_rows[b.path] = row
        row += 1
    w.note(row, LABEL, FIRST + 6, "\"mindst\": casen tjener sig hjem, når inputtet er mindst værdien; "
           "\"højst\": når det er højst værdien; \"enhver værdi\" / \"ingen værdi\": i hele det søgte "
           "område.", s.source)
    return row + 1


def _write_scenarios(workbook, w: SheetWriter, d: CaseDecision, lay: DecisionSectionLayout, row: int) -> int:
    s = w.styles
    w.text(row, LABEL, "Scenarier side om side: nettoresultat", s.label_bold)
    row += 1
    w.text(row, LABEL, "Scenarie", s.header_left)
    for y, col in lay.year_cols.items():
        w.number(row, col, y, s.header)
    w.text(row, lay.total_col, "I alt", s.header)
    w.text(row, lay.total_col + 1, "Tilbage-betalingsår", s.header)
    w.text(row, lay.total_col + 2, "Beskrivelse", s.header_left)
    row += 1
    first = row
    money = s.number["thousand_kr"]
    for result in d.scenarios:
        w.text(row, LABEL, result.label, s.label_bold if result.scenario is None else s.label_indent)
        for col, value in zip(lay.year_cols.values(), result.appraisal.series["net_result"], strict=True):
            w.number(row, col, value, money)
        w.number(row, lay.total_col, result.total_net_result, s.total["thousand_kr"])
        if result.appraisal.payback_year is None:
            w.text(row, lay.total_col + 1, "ikke i perioden", s.unit)
        else:
            w.number(row, lay.total_col + 1, result.appraisal.payback_year, s.number["year"])
        w.text(row, lay.total_col + 2, d.scenario_notes.get(result.label, ""), s.unit)
        lay.scenario_rows[result.label] = row
        row += 1
    chart = workbook.add_chart({"type": "bar"})
    name = DECISION_SHEET
    chart.add_series({"name": "Nettoresultat i alt", "categories": [name, first, LABEL, row - 1, LABEL],
                      "values": [name, first, lay.total_col, row - 1, lay.total_col],
                      "fill": {"color": "#1F4E79"}})
    chart.set_title({"name": "Scenarier: nettoresultat i alt", "name_font": {"size": 11}})
    chart.set_x_axis({"name": "1.000 kr. (+ = gevinst)", "num_format": "#,##0,",
                      "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    _chart_anchor(w, chart, row + 1, LABEL)
    return row + 1 + CHART_ROWS
