"""One business case as a worksheet whose year table is built from live formulas, in the case's
timing (calendar time for new cases) and with every effect of the case.

Layout (top to bottom): title, recommendation and a visible note on timing; the year table
(cost lines, refusion, pool funding, net cost, savings on benefit, net effect, cumulative, the
net expense per styringsområde) with "I alt" and "Efter perioden"; quantities and key figures;
chart data and two charts; the inputs per year (fixed costs, refusion rates, pool funding); the
scalar inputs; the cost lines; then one block per effect.

A **flow effect** block has its live inputs (inflow and phase-in per year; benefit, dead-weight and
persistence) and, as computed values, the per-entrant matrices of
:mod:`budgetapp.export.case_figures`: the saved benefit weeks, municipal week-equivalents and
full-year persons in the effort that an entrant of entry year k (column) brings in calendar year j
(row), and what falls after the horizon. The timing of the paths (segments, survival curves,
prior weeks, the refusion staircase) enters only through these matrices, and the block says so.
A **stock effect** block has the fewer full-year persons per year, the benefit and the band
shares as inputs and the municipality's share per band and year as computed values.

Every input is a yellow cell with a sheet-local defined name where formulas use it, so changing
an input in Excel or LibreOffice recalculates the whole case. Signs follow the council's
convention: expenses positive, revenue (refusion, pool funding) and savings negative; the net
effect for the municipality is negative when the case saves money.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetapp.core.case import STYRINGSOMRAADER
from budgetapp.core.employment_grant import default_share, grant_rule
from budgetapp.core.formatting import format_percent
from budgetapp.core.rules import load_rules
from budgetapp.export.case_figures import CaseFigures, FlowFigures, StockFigures
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref

LABEL, UNIT, FIRST = 0, 1, 2
NO_SOURCE = "Ingen kilde angivet i business casen."
NOT_PAID_BACK = "Ikke i perioden"
NO_SAVING = "Ingen besparelse"
TIMING_TEXT = {
    "calendar": "Kalendertid: hver sparet ydelsesuge er bogført i det kalenderår, den falder i.",
    "entry_year": "Indgangsår: hele forløbets besparelse er bogført i det år, personen starter "
    "(sådan er casen offentliggjort).",
}
COMPUTED_NOTE = (
    "Beregnede værdier: forløbenes placering i tid (segmenter, overlevelseskurver, forudgående uger og "
    "refusionstrappen) indgår som tabellerne mærket 'beregnet' under hver effekt, beregnet af "
    "budgetapp: de ugeækvivalenter pr. person i tilgangen, der falder 0, 1, 2 … år efter "
    "tilgangsåret. Tilgang, ydelse, indfasning, dødvægt, varighed, udgifter og puljeindtægter er "
    "levende (gule celler); ændres forløbene, skal casen regnes om i budgetapp."
)

# Result rows: engine series → (label, sign in the sheet). Revenue and savings are negative.
RESULT_ROWS = (
    ("gross_cost", "Bruttoudgift til indsatsen", 1),
    ("cost_refusion", "Refusion af driftsudgifter", -1),
    ("pool_funding", "Puljefinansiering", -1),
    ("net_cost", "Nettoudgift til indsatsen", 1),
    ("gross_saving", "Mindreudgift til forsørgelse, brutto", -1),
    ("refusion_forgone", "Mistet refusion / kommunal medfinansiering", 1),
    ("municipal_saving", "Kommunal besparelse på forsørgelse", -1),
    ("employment_grant_clawback", "Modregning i beskæftigelsestilskud", 1),
    ("net_result", "Nettovirkning for kommunen (− = mindreudgift)", -1),
    ("cumulative_net_result", "Akkumuleret nettovirkning", -1),
)
AREA_LABELS = {"service": "Heraf service", "overførsler": "Heraf overførsler", "anlæg": "Heraf anlæg"}
TOTAL_ROWS = {
    "gross_cost",
    "cost_refusion",
    "pool_funding",
    "net_cost",
    "gross_saving",
    "refusion_forgone",
    "municipal_saving",
    "employment_grant_clawback",
    "net_result",
    "saved_weeks",
    *(f"by_styringsomraade:{a}" for a in STYRINGSOMRAADER),
}
BOLD = ("net_cost", "municipal_saving", "net_result")
SEGMENT_FIELDS = (
    ("share", "Andel", "share"),
    ("weeks_before", "Uger på ydelse uden indsats (gns.)", "weeks"),
    ("weeks_after", "Uger på ydelse med indsats (gns.)", "weeks"),
    ("weeks_in_effort", "Heraf uger i indsatsen", "weeks"),
    ("active_weeks_before", "Aktive uger uden indsats", "weeks"),
    ("benefit_intensity", "Ydelsesgrad", "share"),
)
BAND_NAMES = ("Uge 1-4", "Uge 5-26", "Uge 27-52", "Uge 53+")


@dataclass
class CaseSheetLayout:
    """Where everything is on a case sheet (0-based rows and columns), for the other sheets and tests.

    ``inflow_row``, ``phase_in_row``, ``scalar_cells`` (benefit, dead-weight, persistence) and the
    segment table are those of the first flow effect; ``effects`` has every effect's cells.
    """

    sheet: str
    case_name: str
    years: list[int]
    header_row: int = 0
    total_col: int = 0
    tail_col: int = 0
    result_rows: dict[str, int] = field(default_factory=dict)  # series → row
    result_signs: dict[str, int] = field(default_factory=dict)  # series → +1 / −1 in the sheet
    tail_cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # after-horizon totals
    inflow_row: int = 0
    phase_in_row: int = 0
    fixed_cost_rows: dict[int, int] = field(default_factory=dict)
    refusion_rate_rows: dict[int, int] = field(default_factory=dict)
    pool_rows: dict[int, int] = field(default_factory=dict)
    pool_rate_cells: dict[int, tuple[int, int]] = field(default_factory=dict)
    scalar_cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # case field → cell
    participant_cost_cells: dict[int, tuple[int, int]] = field(default_factory=dict)
    segment_rows: list[int] = field(default_factory=list)
    segment_cols: dict[str, int] = field(default_factory=dict)  # Segment field → column
    key_cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # npv, payback_year, …
    chart_rows: dict[str, int] = field(default_factory=dict)
    effects: list[dict] = field(default_factory=list)  # per effect: rows and cells (see _flow_block)
    timing_note_row: int = 0

    def year_col(self, year: int) -> int:
        return FIRST + self.years.index(year)


def _note(case, *keys: str) -> str:
    for key in keys:
        if case.notes.get(key):
            return case.notes[key]
    return NO_SOURCE


def _col_letters(col: int) -> str:
    return ref(0, col).rstrip("0123456789")


class _Writer:
    """Builds one case sheet; rows are planned first so formulas can point anywhere."""

    def __init__(self, workbook, styles: Styles, name: str, fig: CaseFigures, price_level: str) -> None:
        self.workbook = workbook
        self.s = styles
        self.fig = fig
        self.case = fig.case
        self.price_level = price_level
        self.years = fig.years
        self.n = len(self.years)
        self.ws = workbook.add_worksheet(name)
        self.w = SheetWriter(workbook, self.ws, name, styles)
        self.lay = CaseSheetLayout(sheet=name, case_name=self.case.name, years=self.years)
        self.lay.total_col = FIRST + self.n
        self.lay.tail_col = self.lay.total_col + 1
        self.last_col = max(10, self.lay.tail_col + 2)
        self.ycols = [FIRST + j for j in range(self.n)]
        self.rules = load_rules()
        self.row = 0

    def take(self, count: int = 1) -> int:
        first = self.row
        self.row += count
        return first

    # --- plan ----------------------------------------------------------------------------

    def plan(self) -> None:
        lay, case = self.lay, self.case
        self.row = 7
        lay.timing_note_row = 5
        lay.header_row = self.take()
        self.line_rows = {c: self.take() for c in range(len(case.costs))}
        for key, _label, _sign in RESULT_ROWS:
            lay.result_rows[key] = self.take()
        for area in STYRINGSOMRAADER:
            lay.result_rows[f"by_styringsomraade:{area}"] = self.take()
        self.take()
        self.qty_section = self.take()
        self.qty = {
            key: self.take()
            for key in ("full_year_persons_in_effort", "saved_weeks", "discount", "paid_back")
        }
        lay.result_rows["saved_weeks"] = self.qty["saved_weeks"]
        lay.result_rows["full_year_persons_in_effort"] = self.qty["full_year_persons_in_effort"]
        self.take()
        self.key_section = self.take()
        for key in ("npv", "payback_year", "payback_years", "break_even", "tail"):
            lay.key_cells[key] = (self.take(), FIRST)
        self.take()
        self.chart_section = self.take()
        for key in ("saving", "net_cost", "cumulative"):
            lay.chart_rows[key] = self.take()
        self.chart_at = self.take(19) + 1
        self.peryear_section = self.take()
        self.peryear_header = self.take()
        self.no_flow_rows = None
        if not self.fig.flows:  # other sheets refer to the first flow effect's inflow and phase-in
            self.no_flow_rows = (self.take(), self.take())
            lay.inflow_row, lay.phase_in_row = self.no_flow_rows
        for c, line in enumerate(case.costs):
            if line.kind == "fixed":
                lay.fixed_cost_rows[c] = self.take()
        for c in range(len(case.costs)):
            lay.refusion_rate_rows[c] = self.take()
        self.cap_rows: dict[int, int] = {}
        for p, pool in enumerate(case.pool_funding):
            lay.pool_rows[p] = self.take()
            if pool.rate is not None and pool.cap_per_year is not None:
                self.cap_rows[p] = self.take()
        self.take()
        self.scalar_section = self.take()
        self.scalar_header = self.take()
        self.scalar_rows = {key: self.take() for key in ("weeks_per_year", "discount_rate")}
        for p, pool in enumerate(case.pool_funding):
            if pool.rate is not None:
                lay.pool_rate_cells[p] = (self.take(), FIRST)
        self.take()
        self.cost_section = self.take()
        self.cost_header = self.take()
        self.cost_rows = {c: self.take() for c in range(len(case.costs))}
        self.take()
        self.blocks: list[dict] = []
        for number, flow in enumerate(self.fig.flows, start=1):
            self.blocks.append(self._plan_flow(number, flow))
        for number, stock in enumerate(self.fig.stocks, start=len(self.fig.flows) + 1):
            self.blocks.append(self._plan_stock(number, stock))
        self.blocks.sort(key=lambda b: b["index"])
        lay.effects = self.blocks

    def _plan_flow(self, number: int, flow: FlowFigures) -> dict:
        b: dict = {"index": flow.index, "kind": "flow", "number": number, "fig": flow}
        b["section"], b["note"], b["header"] = self.take(), self.take(), self.take()
        for key in (
            "inflow",
            "phase_in",
            "factor",
            "cohort",
            "saved_weeks",
            "municipal_weeks",
            "gross_saving",
            "municipal_saving",
            "full_year_persons",
        ):
            b[key] = self.take()
        if flow.effect.employment_grant is not None:
            b["clawback"] = self.take()
        self.take()
        b["scalar_header"] = self.take()
        b["scalars"] = {
            key: self.take()
            for key in ("benefit_per_full_year_person", "deadweight", "persistence", "prior_weeks", "rule")
        }
        if flow.effect.employment_grant is not None:
            b["grant_share"] = self.take()
        self.take()
        b["seg_header"] = self.take()
        b["segments"] = [self.take() for _ in flow.effect.segments]
        self.take()
        for key in ("m_saved", "m_municipal", "m_effort"):
            b[key + "_section"], b[key + "_header"] = self.take(), self.take()
            b[key] = [self.take() for _ in range(self.n)]
            b[key + "_tail"] = self.take() if key != "m_effort" else None
            self.take()
        return b

    def _plan_stock(self, number: int, stock: StockFigures) -> dict:
        b: dict = {"index": stock.index, "kind": "stock", "number": number, "fig": stock}
        b["section"], b["header"] = self.take(), self.take()
        for key in ("fewer", "saved_weeks", "gross_saving", "municipal_saving"):
            b[key] = self.take()
        if stock.effect.employment_grant is not None:
            b["clawback"] = self.take()
        self.take()
        b["scalar_header"] = self.take()
        b["benefit"] = self.take()
        if stock.effect.employment_grant is not None:
            b["grant_share"] = self.take()
        self.take()
        b["band_header"] = self.take()
        b["bands"] = [self.take() for _ in BAND_NAMES]
        b["band_source"] = self.take()
        self.take()
        return b

    # --- inputs ------------------------------------------------------------------------------

    def write_case_inputs(self) -> None:
        w, s, case, lay = self.w, self.s, self.case, self.lay
        inp = s.input
        w.text(self.scalar_section, LABEL, "Forudsætninger for hele casen", s.section)
        for col, title in ((LABEL, "Forudsætning"), (UNIT, "Enhed"), (FIRST, "Værdi")):
            w.text(self.scalar_header, col, title, s.header_left if col != FIRST else s.header)
        w.note(self.scalar_header, FIRST + 1, self.last_col, "Kilde / bemærkning", s.header_left)
        specs = (
            (
                "weeks_per_year",
                "Uger_pr_aar",
                "Ydelsesuger pr. helårsperson",
                "uger",
                case.weeks_per_year,
                "weeks",
            ),
            (
                "discount_rate",
                "Diskonteringsrente",
                "Diskonteringsrente",
                "andel",
                case.discount_rate,
                "share",
            ),
        )
        for key, name, label, unit, value, fmt in specs:
            r = self.scalar_rows[key]
            w.text(r, LABEL, label, s.label)
            w.text(r, UNIT, unit, s.unit)
            w.number(r, FIRST, value, inp[fmt])
            w.define(name, r, FIRST)
            lay.scalar_cells[key] = (r, FIRST)
            w.note(r, FIRST + 1, self.last_col, _note(case, key), s.source)
        self.pool_rate_names: dict[int, str] = {}
        for p, (r, c) in lay.pool_rate_cells.items():
            pool = case.pool_funding[p]
            w.text(r, LABEL, f"Puljens sats af de støtteberettigede udgifter: {pool.name}", s.label)
            w.text(r, UNIT, "andel", s.unit)
            w.number(r, c, float(pool.rate or 0.0), inp["share"])
            self.pool_rate_names[p] = w.define(f"Pulje{p + 1}_sats", r, c)
            w.note(r, FIRST + 1, self.last_col, _note(case, "pool_funding"), s.source)
        self._write_cost_lines()
        self._write_per_year_inputs()

    def _write_cost_lines(self) -> None:
        w, s, case = self.w, self.s, self.case
        w.text(self.cost_section, LABEL, "Udgiftsposter", s.section)
        for col, title in (
            (LABEL, "Udgiftspost"),
            (UNIT, "Art"),
            (FIRST, "Kr. pr. helårsdeltager"),
            (FIRST + 1, "Styringsområde"),
            (FIRST + 2, "Refusion"),
        ):
            w.text(self.cost_header, col, title, s.header_left if col <= UNIT else s.header)
        self.participant_names: dict[int, str] = {}
        for c, line in enumerate(case.costs):
            r = self.cost_rows[c]
            w.text(r, LABEL, line.name, s.label)
            w.text(r, UNIT, "fast beløb" if line.kind == "fixed" else "pr. deltager", s.label)
            if line.kind != "fixed":
                w.number(r, FIRST, line.amount_per_full_year_participant, s.input["kr"])
                self.participant_names[c] = w.define(f"Udgift{c + 1}_pr_helaarsdeltager", r, FIRST)
                self.lay.participant_cost_cells[c] = (r, FIRST)
            w.text(r, FIRST + 1, line.styringsomraade, s.label)
            w.text(
                r,
                FIRST + 2,
                self.rules[line.refusion_rule].name
                if line.refusion_rule
                else f"fast sats {format_percent(line.refusion_rate)}",
                s.label,
            )
        if not case.costs:
            w.text(self.cost_header + 1, LABEL, "Ingen udgiftsposter.", s.note)

    def _input_row(self, r: int, label: str, unit: str, values, fmt: str, source: str) -> None:
        w, s = self.w, self.s
        w.text(r, LABEL, label, s.label)
        w.text(r, UNIT, unit, s.unit)
        for j, value in enumerate(values):
            w.number(r, self.ycols[j], float(value), s.input[fmt])
        w.note(r, self.lay.tail_col, self.last_col, source, s.source)

    def _year_header(self, r: int, title: str, tail: bool = False, total: bool = False) -> None:
        w, s = self.w, self.s
        w.text(r, LABEL, title, s.header_left)
        w.text(r, UNIT, "Enhed", s.header_left)
        for j, year in enumerate(self.years):
            w.number(r, self.ycols[j], year, s.header)
        if total:
            w.text(r, self.lay.total_col, "I alt", s.header)
        if tail:
            w.text(r, self.lay.tail_col, "Efter perioden", s.header)

    def _write_per_year_inputs(self) -> None:
        w, s, case, lay, fig = self.w, self.s, self.case, self.lay, self.fig
        w.text(self.peryear_section, LABEL, "Udgifter og puljeindtægter pr. år", s.section)
        self._year_header(self.peryear_header, "Forudsætning")
        w.text(self.peryear_header, lay.tail_col, "Kilde / bemærkning", s.header_left)
        if self.no_flow_rows is not None:
            rows = ((self.no_flow_rows[0], "Tilgang (casen har ingen tilgangseffekt)", 0.0),
                    (self.no_flow_rows[1], "Indfasning (casen har ingen tilgangseffekt)", 1.0))
            for r, label, value in rows:
                w.text(r, LABEL, label, s.label)
                for col in self.ycols:
                    w.number(r, col, value, s.number["factor"])
        for c, r in lay.fixed_cost_rows.items():
            self._input_row(
                r,
                f"Udgift: {case.costs[c].name}",
                "kr.",
                fig.arrays.fixed_costs[0, c],
                "kr",
                _note(case, "costs"),
            )
        for c, r in lay.refusion_rate_rows.items():
            line = case.costs[c]
            if line.refusion_rule:
                rule = self.rules[line.refusion_rule]
                cites = sorted({rule.version_for_year(y)[0].citation for y in self.years})
                source = f"{rule.name}: {'; '.join(cites)}"
            else:
                source = _note(case, "costs")
            self._input_row(r, f"Refusionssats: {line.name}", "andel", fig.refusion_rate[c], "share", source)
        for p, r in lay.pool_rows.items():
            pool = case.pool_funding[p]
            label = f"Puljefinansiering: {pool.name}" + (f" (pulje {pool.pool_id})" if pool.pool_id else "")
            if pool.rate is None:
                self._input_row(r, label, "kr.", fig.pool_lines[p], "kr", _note(case, "pool_funding"))
                continue
            w.text(r, LABEL, label, s.label)
            w.text(r, UNIT, "kr.", s.unit)
            if p in self.cap_rows:
                cap = [float(v) for v in _per_year(pool.cap_per_year, self.n)]
                self._input_row(
                    self.cap_rows[p],
                    f"Loft for puljen: {pool.name}",
                    "kr.",
                    cap,
                    "kr",
                    _note(case, "pool_funding"),
                )
            eligible = [
                c
                for c, line in enumerate(case.costs)
                if not pool.eligible_costs or line.name in pool.eligible_costs
            ]
            for j, col in enumerate(self.ycols):
                cells = "+".join(ref(self.line_rows[c], col) for c in eligible) or "0"
                formula = f"{self.pool_rate_names[p]}*({cells})"
                if p in self.cap_rows:
                    formula = f"MIN({formula},{ref(self.cap_rows[p], col)})"
                w.formula(r, col, "=" + formula, s.number["kr"], float(fig.pool_lines[p, j]))
            w.note(
                r,
                lay.tail_col,
                self.last_col,
                "Sats × de støtteberettigede udgifter" + (", højst loftet" if p in self.cap_rows else ""),
                s.source,
            )

    # --- effects -----------------------------------------------------------------------------

    def write_effects(self) -> None:
        for b in self.blocks:
            if b["kind"] == "flow":
                self._flow_block(b)
            else:
                self._stock_block(b)
        flows = [b for b in self.blocks if b["kind"] == "flow"]
        if flows:
            first = flows[0]
            self.lay.inflow_row, self.lay.phase_in_row = first["inflow"], first["phase_in"]
            for key in ("benefit_per_full_year_person", "deadweight", "persistence"):
                self.lay.scalar_cells[key] = (first["scalars"][key], FIRST)
            self.lay.segment_rows = list(first["segments"])
            self.lay.segment_cols = {key: FIRST + k for k, (key, _, _) in enumerate(SEGMENT_FIELDS)}

    def _flow_block(self, b: dict) -> None:
        w, s, case = self.w, self.s, self.case
        flow: FlowFigures = b["fig"]
        effect = flow.effect
        n, num, inp = b["number"], s.number, s.input
        own = "" if flow.index == 0 else f"effects[{flow.index}]."
        rule = self.rules[effect.benefit_refusion.rule]
        w.text(
            b["section"],
            LABEL,
            f"Effekt {n}: {effect.name} (tilgang; målgruppe {effect.target_group})",
            s.section,
        )
        w.note(b["note"], LABEL, self.last_col, COMPUTED_NOTE)
        self._year_header(b["header"], "Beløb og mængder", tail=True, total=True)
        self._input_row(
            b["inflow"],
            "Tilgang til målgruppen",
            "personer",
            flow.inflow,
            "persons",
            _note(case, own + "inflow_per_year"),
        )
        self._input_row(
            b["phase_in"],
            "Indfasning af effekten",
            "andel",
            flow.phase_in,
            "share",
            _note(case, own + "effect_phase_in"),
        )
        scal = b["scalars"]
        names = {
            "benefit_per_full_year_person": (
                f"Effekt{n}_Ydelse",
                "Ydelse pr. helårsperson (forsørgelse)",
                "kr.",
                effect.benefit_per_full_year_person,
                "kr",
            ),
            "deadweight": (
                f"Effekt{n}_Doedvaegt",
                "Dødvægt (effekt der var kommet alligevel)",
                "andel",
                effect.deadweight,
                "share",
            ),
            "persistence": (
                f"Effekt{n}_Persistens",
                "Varighed af effekten (afgange uden tilbagefald)",
                "andel",
                effect.persistence,
                "share",
            ),
        }
        w.text(b["scalar_header"], LABEL, "Forudsætning", s.header_left)
        w.text(b["scalar_header"], UNIT, "Enhed", s.header_left)
        w.text(b["scalar_header"], FIRST, "Værdi", s.header)
        w.note(b["scalar_header"], FIRST + 1, self.last_col, "Kilde / bemærkning", s.header_left)
        defined = {}
        for key, (name, label, unit, value, fmt) in names.items():
            r = scal[key]
            w.text(r, LABEL, label, s.label)
            w.text(r, UNIT, unit, s.unit)
            w.number(r, FIRST, value, inp[fmt])
            defined[key] = w.define(name, r, FIRST)
            w.note(r, FIRST + 1, self.last_col, _note(case, own + key), s.source)
        w.text(
            scal["prior_weeks"],
            LABEL,
            "Ydelsesuger allerede talt ved tilgang (gennemsnit; beregnet)",
            s.label,
        )
        w.text(scal["prior_weeks"], UNIT, "uger", s.unit)
        w.number(scal["prior_weeks"], FIRST, effect.mean_prior_weeks, num["weeks"])
        w.text(scal["rule"], LABEL, "Finansieringsregel for forsørgelsen", s.label)
        w.note(
            scal["rule"],
            FIRST,
            self.last_col,
            f"{rule.name}. {rule.law}. "
            + "; ".join(f"{bl.version.citation} ({', '.join(map(str, bl.years))})" for bl in flow.blocks)
            + (
                f"; fast sats {format_percent(effect.benefit_refusion.rate or 0.0)}"
                if rule.rate_from_case
                else ""
            ),
            s.source,
        )
        self._segments(b, effect)
        self._matrices(b, flow)
        self._flow_formulas(b, flow, defined)
        self._clawback(b, tail=True)

    def _segments(self, b: dict, effect) -> None:
        w, s = self.w, self.s
        w.text(
            b["seg_header"],
            LABEL,
            "Segment (beregnede værdier; en kurve vises med sin gennemsnitslængde)",
            s.header_left,
        )
        for k, (_key, title, _fmt) in enumerate(SEGMENT_FIELDS):
            w.text(b["seg_header"], FIRST + k, title, s.header)
        for segment, r in zip(effect.segments, b["segments"], strict=True):
            curves = [
                side
                for side, c in (("før", segment.survival_before), ("efter", segment.survival_after))
                if c is not None
            ]
            w.text(
                r,
                LABEL,
                segment.name + (f" (overlevelseskurve {', '.join(curves)})" if curves else ""),
                s.label,
            )
            for k, (key, _title, fmt) in enumerate(SEGMENT_FIELDS):
                w.number(r, FIRST + k, float(getattr(segment, key)), s.number[fmt])

    def _matrices(self, b: dict, flow: FlowFigures) -> None:
        w, s = self.w, self.s
        specs = (
            ("m_saved", "Sparede ydelsesuger pr. person i tilgangen", flow.saved, flow.tail_saved, "weeks"),
            (
                "m_municipal",
                "Sparede kommunale ugeækvivalenter pr. person i tilgangen (efter refusion)",
                flow.municipal,
                flow.tail_municipal,
                "weeks",
            ),
            ("m_effort", "Helårspersoner i indsatsen pr. person i tilgangen", flow.effort, None, "factor"),
        )
        for key, title, matrix, tail, fmt in specs:
            w.text(
                b[key + "_section"],
                LABEL,
                f"{title}: tilgangsår (kolonne), kalenderår (række); beregnet",
                s.section,
            )
            w.text(b[key + "_header"], LABEL, "Kalenderår \\ tilgangsår", s.header_left)
            for j, year in enumerate(self.years):
                w.number(b[key + "_header"], self.ycols[j], year, s.header)
            for j, r in enumerate(b[key]):
                w.text(r, LABEL, f"Falder i {self.years[j]}", s.label)
                for k, col in enumerate(self.ycols):
                    w.number(r, col, float(matrix[j, k]), s.number[fmt])
            if tail is not None:
                r = b[key + "_tail"]
                w.text(r, LABEL, f"Falder efter {self.years[-1]} (efter perioden)", s.label)
                for k, col in enumerate(self.ycols):
                    w.number(r, col, float(tail[k]), s.number[fmt])

    def _flow_formulas(self, b: dict, flow: FlowFigures, names: dict[str, str]) -> None:
        w, s, lay = self.w, self.s, self.lay
        num, tot = s.number, s.total
        ap = self.fig.appraisal
        series = ap.effects[flow.index]
        benefit = flow.effect.benefit_per_full_year_person
        weekly = benefit / self.case.weeks_per_year
        first, last = self.ycols[0], self.ycols[-1]

        def row_range(r: int) -> str:
            return f"{ref(r, first, True)}:{ref(r, last, True)}"

        labels = {
            "factor": ("Effektfaktor: indfasning × (1 − dødvægt) × varighed", "faktor"),
            "cohort": ("Virksom tilgang: tilgang × effektfaktor", "personer"),
            "saved_weeks": ("Sparede ydelsesuger", "uger"),
            "municipal_weeks": ("Sparede kommunale ugeækvivalenter", "uger"),
            "gross_saving": ("Mindreudgift til forsørgelse, brutto", "kr."),
            "municipal_saving": ("Kommunal besparelse på forsørgelse", "kr."),
            "full_year_persons": ("Helårspersoner i indsatsen", "personer"),
        }
        for key, (label, unit) in labels.items():
            w.text(b[key], LABEL, label, s.label_bold if key == "municipal_saving" else s.label)
            w.text(b[key], UNIT, unit, s.unit)
        cohort = flow.inflow * flow.effect_factor
        saved = (flow.saved * cohort[None, :]).sum(axis=1)
        municipal = (flow.municipal * cohort[None, :]).sum(axis=1)
        for j, col in enumerate(self.ycols):

            def c(r: int, col: int = col) -> str:
                return ref(r, col)

            w.formula(
                b["factor"],
                col,
                f"={c(b['phase_in'])}*(1-{names['deadweight']})*{names['persistence']}",
                num["factor"],
                float(flow.effect_factor[j]),
            )
            w.formula(
                b["cohort"], col, f"={c(b['inflow'])}*{c(b['factor'])}", num["persons"], float(cohort[j])
            )
            w.formula(
                b["saved_weeks"],
                col,
                f"=SUMPRODUCT({row_range(b['cohort'])},{row_range(b['m_saved'][j])})",
                num["weeks"],
                float(saved[j]),
            )
            w.formula(
                b["municipal_weeks"],
                col,
                f"=SUMPRODUCT({row_range(b['cohort'])},{row_range(b['m_municipal'][j])})",
                num["weeks"],
                float(municipal[j]),
            )
            w.formula(
                b["gross_saving"],
                col,
                f"={c(b['saved_weeks'])}*{names['benefit_per_full_year_person']}/Uger_pr_aar",
                num["kr"],
                float(series["gross_saving"][j]),
            )
            w.formula(
                b["municipal_saving"],
                col,
                f"={c(b['municipal_weeks'])}*{names['benefit_per_full_year_person']}/Uger_pr_aar",
                tot["kr"],
                float(series["municipal_saving"][j]),
            )
            w.formula(
                b["full_year_persons"],
                col,
                f"=SUMPRODUCT({row_range(b['inflow'])},{row_range(b['m_effort'][j])})",
                num["persons"],
                float(series["full_year_persons_in_effort"][j]),
            )
        for key, fmt, values in (
            ("saved_weeks", num["weeks"], saved),
            ("municipal_weeks", num["weeks"], municipal),
            ("gross_saving", num["kr"], series["gross_saving"]),
            ("municipal_saving", tot["kr"], series["municipal_saving"]),
            ("full_year_persons", num["persons"], series["full_year_persons_in_effort"]),
        ):
            r = b[key]
            w.formula(r, lay.total_col, f"=SUM({ref(r, first)}:{ref(r, last)})", fmt, float(sum(values)))
        tail_saved = float((flow.tail_saved * cohort).sum())
        tail_mun = float((flow.tail_municipal * cohort).sum())
        tc = lay.tail_col
        w.formula(
            b["saved_weeks"],
            tc,
            f"=SUMPRODUCT({row_range(b['cohort'])},{row_range(b['m_saved_tail'])})",
            num["weeks"],
            tail_saved,
        )
        w.formula(
            b["municipal_weeks"],
            tc,
            f"=SUMPRODUCT({row_range(b['cohort'])},{row_range(b['m_municipal_tail'])})",
            num["weeks"],
            tail_mun,
        )
        w.formula(
            b["gross_saving"],
            tc,
            f"={ref(b['saved_weeks'], tc)}*{names['benefit_per_full_year_person']}/Uger_pr_aar",
            num["kr"],
            tail_saved * weekly,
        )
        w.formula(
            b["municipal_saving"],
            tc,
            f"={ref(b['municipal_weeks'], tc)}*{names['benefit_per_full_year_person']}/Uger_pr_aar",
            tot["kr"],
            tail_mun * weekly,
        )

    def _stock_block(self, b: dict) -> None:
        w, s, case = self.w, self.s, self.case
        stock: StockFigures = b["fig"]
        effect = stock.effect
        n, num, inp = b["number"], s.number, s.input
        own = "" if stock.index == 0 else f"effects[{stock.index}]."
        w.text(
            b["section"],
            LABEL,
            f"Effekt {n}: {effect.name} (færre helårspersoner; målgruppe {effect.target_group})",
            s.section,
        )
        self._year_header(b["header"], "Beløb og mængder", total=True)
        self._input_row(
            b["fewer"],
            "Færre helårspersoner på ydelse",
            "personer",
            stock.fewer,
            "persons",
            _note(case, own + "fewer_full_year_persons"),
        )
        w.text(b["scalar_header"], LABEL, "Forudsætning", s.header_left)
        w.text(b["scalar_header"], FIRST, "Værdi", s.header)
        w.text(b["benefit"], LABEL, "Ydelse pr. helårsperson (forsørgelse)", s.label)
        w.text(b["benefit"], UNIT, "kr.", s.unit)
        w.number(b["benefit"], FIRST, effect.benefit_per_full_year_person, inp["kr"])
        benefit = w.define(f"Effekt{n}_Ydelse", b["benefit"], FIRST)
        w.text(b["band_header"], LABEL, "Bånd af ydelsesuger", s.header_left)
        w.text(b["band_header"], UNIT, "Andel", s.header)
        for j, year in enumerate(self.years):
            w.number(b["band_header"], self.ycols[j], year, s.header)
        for i, (name, r) in enumerate(zip(BAND_NAMES, b["bands"], strict=True)):
            w.text(r, LABEL, f"{name}: andel af ugerne (gul) og kommunal andel pr. år (beregnet)", s.label)
            w.number(r, UNIT, float(effect.band_shares[i]), inp["share"])
            for j, col in enumerate(self.ycols):
                w.number(r, col, float(stock.band_municipal[i, j]), num["share"])
        rule = self.rules[effect.benefit_refusion.rule]
        w.note(
            b["band_source"], LABEL, self.last_col, f"Kommunal andel efter {rule.name}. {rule.law}.", s.source
        )
        series = self.fig.appraisal.effects[stock.index]
        shares = f"{ref(b['bands'][0], UNIT, True)}:{ref(b['bands'][-1], UNIT, True)}"
        labels = {
            "saved_weeks": ("Sparede ydelsesuger", "uger", num["weeks"]),
            "gross_saving": ("Mindreudgift til forsørgelse, brutto", "kr.", num["kr"]),
            "municipal_saving": ("Kommunal besparelse på forsørgelse", "kr.", s.total["kr"]),
        }
        for key, (label, unit, _fmt) in labels.items():
            w.text(b[key], LABEL, label, s.label_bold if key == "municipal_saving" else s.label)
            w.text(b[key], UNIT, unit, s.unit)
        for j, col in enumerate(self.ycols):
            fewer = ref(b["fewer"], col)
            municipal = f"SUMPRODUCT({shares},{ref(b['bands'][0], col)}:{ref(b['bands'][-1], col)})"
            w.formula(
                b["saved_weeks"], col, f"={fewer}*Uger_pr_aar", num["weeks"], float(series["saved_weeks"][j])
            )
            w.formula(
                b["gross_saving"], col, f"={fewer}*{benefit}", num["kr"], float(series["gross_saving"][j])
            )
            w.formula(
                b["municipal_saving"],
                col,
                f"={fewer}*{benefit}*{municipal}",
                s.total["kr"],
                float(series["municipal_saving"][j]),
            )
        first, last = self.ycols[0], self.ycols[-1]
        for key, (_label, _unit, fmt) in labels.items():
            w.formula(
                b[key],
                self.lay.total_col,
                f"=SUM({ref(b[key], first)}:{ref(b[key], last)})",
                fmt,
                float(sum(series[key])),
            )
        self._clawback(b, tail=False)

    def _clawback(self, b: dict, tail: bool) -> None:
        """The modregning i beskæftigelsestilskud of an effect that opts in (``employment_grant``):
        a yellow input cell for the share and the row share × the effect's municipal saving two
        years earlier (lov om kommunal udligning og generelle tilskud til kommuner, § 23 a;
        :mod:`budgetapp.core.employment_grant`). Positive in the sheet: it lowers the saving. After
        the period: share × (the saving of the last two years + the saving after the period)."""
        if "clawback" not in b:
            return
        w, s, case, lay = self.w, self.s, self.case, self.lay
        effect = b["fig"].effect
        series = self.fig.appraisal.effects[b["fig"].index]
        share = effect.employment_grant.share
        if share is None:
            share = default_share(case.start_year)
        rule = grant_rule()
        lag = int(rule.version_for_year(case.start_year)[0].parameter("lag_years"))
        r_share = b["grant_share"]
        w.text(r_share, LABEL, "Andel af besparelsen, der modregnes i beskæftigelsestilskuddet", s.label)
        w.text(r_share, UNIT, "andel", s.unit)
        w.number(r_share, FIRST, share, s.input["share"])
        name = w.define(f"Effekt{b['number']}_Modregning", r_share, FIRST)
        w.note(r_share, FIRST + 1, self.last_col,
               f"{rule.name}. {rule.law}. Modregningen rammer besparelsen {lag} år senere.", s.source)
        r = b["clawback"]
        w.text(r, LABEL, f"Modregning i beskæftigelsestilskud ({lag} år senere)", s.label)
        w.text(r, UNIT, "kr.", s.unit)
        values = series["employment_grant_clawback"]
        for j, col in enumerate(self.ycols):
            formula = f"={name}*{ref(b['municipal_saving'], self.ycols[j - lag])}" if j >= lag else "=0"
            w.formula(r, col, formula, s.number["kr"], float(values[j]))
        first, last = self.ycols[0], self.ycols[-1]
        w.formula(r, lay.total_col, f"=SUM({ref(r, first)}:{ref(r, last)})", s.number["kr"],
                  float(sum(values)))
        late = [ref(b["municipal_saving"], col) for col in self.ycols[max(self.n - lag, 0):]]
        if tail:
            late.append(ref(b["municipal_saving"], lay.tail_col))
        tail_value = float(series.get("after_horizon", {}).get("employment_grant_clawback", 0.0))
        w.formula(r, lay.tail_col, f"={name}*({'+'.join(late) or '0'})", s.number["kr"], tail_value)

    # --- the year table ----------------------------------------------------------------------

    def write_results(self) -> None:
        w, s, case, lay, fig = self.w, self.s, self.case, self.lay, self.fig
        rr = lay.result_rows
        w.text(lay.header_row, LABEL, "Beløb i 1.000 kr.", s.header_left)
        w.text(lay.header_row, UNIT, "Enhed", s.header_left)
        for j, year in enumerate(self.years):
            w.number(lay.header_row, self.ycols[j], year, s.header)
        w.text(lay.header_row, lay.total_col, "I alt", s.header)
        w.text(lay.header_row, lay.tail_col, "Efter perioden", s.header)
        for c, r in self.line_rows.items():
            w.text(r, LABEL, f"Udgift: {case.costs[c].name}", s.label_indent)
            w.text(r, UNIT, "1.000 kr.", s.unit)
        for key, label, sign in RESULT_ROWS:
            w.text(rr[key], LABEL, label, s.label_bold if key in BOLD else s.label)
            w.text(rr[key], UNIT, "1.000 kr.", s.unit)
            lay.result_signs[key] = sign
        for area in STYRINGSOMRAADER:
            key = f"by_styringsomraade:{area}"
            w.text(rr[key], LABEL, f"{AREA_LABELS[area]}: ændring i nettoudgift", s.label_indent)
            w.text(rr[key], UNIT, "1.000 kr.", s.unit)
            lay.result_signs[key] = 1
        lay.result_signs["saved_weeks"] = 1
        lay.result_signs["full_year_persons_in_effort"] = 1
        w.text(self.qty_section, LABEL, "Mængder og faktorer", s.section)
        labels = {
            "full_year_persons_in_effort": ("Helårspersoner i indsatsen", "personer"),
            "saved_weeks": ("Sparede ydelsesuger", "uger"),
            "discount": ("Diskonteringsfaktor", "faktor"),
            "paid_back": ("Tilbagebetalt (år, når akkumuleret nettovirkning ≤ 0)", "år"),
        }
        for key, (label, unit) in labels.items():
            w.text(self.qty[key], LABEL, label, s.label)
            w.text(self.qty[key], UNIT, unit, s.unit)
        series = {key: fig.series(key) for key, _, _ in RESULT_ROWS}
        for area in STYRINGSOMRAADER:
            series[f"by_styringsomraade:{area}"] = fig.series(f"by_styringsomraade:{area}")
        series["saved_weeks"] = fig.series("saved_weeks")
        for j, col in enumerate(self.ycols):
            self._result_column(j, col, series)
        self._totals(series)

    def _sum_of(self, key: str, col: int) -> str:
        """Σ over the effects of one of their rows (``saved_weeks``, ``gross_saving``, …) in ``col``."""
        cells = [ref(b[key], col) for b in self.blocks if key in b]
        return "+".join(cells) if cells else "0"

    def _result_column(self, j: int, col: int, series: dict) -> None:
        w, s, case, lay, fig = self.w, self.s, self.case, self.lay, self.fig
        rr, num, tot = lay.result_rows, s.number, s.total

        def c(r: int) -> str:
            return ref(r, col)

        fyp_cells = [ref(b["full_year_persons"], col) for b in self.blocks if b["kind"] == "flow"]
        w.formula(
            self.qty["full_year_persons_in_effort"],
            col,
            "=" + ("+".join(fyp_cells) or "0"),
            num["persons"],
            float(fig.full_year_persons[j]),
        )
        w.formula(
            self.qty["saved_weeks"],
            col,
            "=" + self._sum_of("saved_weeks", col),
            num["weeks"],
            float(series["saved_weeks"][j]),
        )
        w.formula(
            self.qty["discount"],
            col,
            f"=1/(1+Diskonteringsrente)^({_col_letters(col)}$"
            f"{lay.header_row + 1}-{ref(lay.header_row, FIRST, True)})",
            num["factor"],
            (1.0 + case.discount_rate) ** -j,
        )
        fyp = c(self.qty["full_year_persons_in_effort"])
        for ci, r in self.line_rows.items():
            formula = (
                f"={c(lay.fixed_cost_rows[ci])}"
                if case.costs[ci].kind == "fixed"
                else f"={self.participant_names[ci]}*{fyp}"
            )
            w.formula(r, col, formula, num["thousand_kr"], float(fig.line_cost[ci, j]))
        lines = self.line_rows
        gross = f"=SUM({c(min(lines.values()))}:{c(max(lines.values()))})" if lines else "=0"
        refusion = (
            "=-(" + "+".join(f"{c(lines[ci])}*{c(lay.refusion_rate_rows[ci])}" for ci in lines) + ")"
            if lines
            else "=0"
        )
        pool = "=-(" + "+".join(c(r) for r in lay.pool_rows.values()) + ")" if lay.pool_rows else "=0"
        cells = {
            "gross_cost": gross,
            "cost_refusion": refusion,
            "pool_funding": pool,
            "net_cost": f"={c(rr['gross_cost'])}+{c(rr['cost_refusion'])}+{c(rr['pool_funding'])}",
            "gross_saving": f"=-({self._sum_of('gross_saving', col)})",
            "refusion_forgone": f"={c(rr['municipal_saving'])}-{c(rr['gross_saving'])}",
            "municipal_saving": f"=-({self._sum_of('municipal_saving', col)})",
            "employment_grant_clawback": f"={self._sum_of('clawback', col)}",
            "net_result": (f"={c(rr['net_cost'])}+{c(rr['municipal_saving'])}"
                           f"+{c(rr['employment_grant_clawback'])}"),
            "cumulative_net_result": (
                f"={c(rr['net_result'])}"
                if j == 0
                else f"={ref(rr['cumulative_net_result'], col - 1)}+{c(rr['net_result'])}"
            ),
        }
        for area in STYRINGSOMRAADER:
            terms = [
                f"+{c(lines[ci])}*(1-{c(lay.refusion_rate_rows[ci])})"
                for ci in lines
                if case.costs[ci].styringsomraade == area
            ]
            terms += [
                f"-{c(r)}" for p, r in lay.pool_rows.items() if case.pool_funding[p].styringsomraade == area
            ]
            if area == "overførsler":
                terms.append(f"+{c(rr['municipal_saving'])}+{c(rr['employment_grant_clawback'])}")
            cells[f"by_styringsomraade:{area}"] = "=" + ("".join(terms).lstrip("+") or "0")
        for key, sign in lay.result_signs.items():
            if key in cells:
                fmt = tot["thousand_kr"] if key in BOLD else num["thousand_kr"]
                w.formula(rr[key], col, cells[key], fmt, sign * float(series[key][j]) + 0.0)
        paid = series["cumulative_net_result"][j] >= 0
        w.formula(
            self.qty["paid_back"],
            col,
            f'=IF({c(rr["cumulative_net_result"])}<=0,{_col_letters(col)}${lay.header_row + 1},"")',
            num["year"],
            self.years[j] if paid else "",
        )

    def _totals(self, series: dict) -> None:
        w, s, lay, fig = self.w, self.s, self.lay, self.fig
        first, last = self.ycols[0], self.ycols[-1]
        for ci, r in self.line_rows.items():
            w.formula(
                r,
                lay.total_col,
                f"=SUM({ref(r, first)}:{ref(r, last)})",
                s.number["thousand_kr"],
                float(fig.line_cost[ci].sum()),
            )
        for key in TOTAL_ROWS:
            r = lay.result_rows[key]
            if key == "saved_weeks":
                value, fmt = float(series[key].sum()), s.number["weeks"]
            else:
                value = lay.result_signs[key] * float(series[key].sum()) + 0.0
                fmt = s.total["thousand_kr"] if key in BOLD else s.number["thousand_kr"]
            w.formula(r, lay.total_col, f"=SUM({ref(r, first)}:{ref(r, last)})", fmt, value)
        after = fig.appraisal.after_horizon
        tc = lay.tail_col
        specs = (
            ("saved_weeks", "saved_weeks", 1, s.number["weeks"]),
            ("gross_saving", "gross_saving", -1, s.number["thousand_kr"]),
            ("municipal_saving", "municipal_saving", -1, s.total["thousand_kr"]),
            ("employment_grant_clawback", "clawback", 1, s.number["thousand_kr"]),
        )
        for key, block_key, sign, fmt in specs:
            r = lay.result_rows[key]
            cells = [ref(b[block_key], tc) for b in self.blocks
                     if block_key in b and (b["kind"] == "flow" or block_key == "clawback")]
            formula = "+".join(cells) or "0"
            w.formula(r, tc, f"={'-' if sign < 0 else ''}({formula})", fmt, sign * after[key] + 0.0)
            lay.tail_cells[key] = (r, tc)

    # --- key figures, charts, title ----------------------------------------------------------

    def write_keys(self) -> None:
        w, s, lay, case = self.w, self.s, self.lay, self.case
        ap = self.fig.appraisal
        rr = lay.result_rows
        first, last = self.ycols[0], self.ycols[-1]
        w.text(self.key_section, LABEL, "Nøgletal", s.section)

        def span(r: int) -> str:
            return f"{ref(r, first, True)}:{ref(r, last, True)}"

        r, _ = lay.key_cells["npv"]
        w.text(
            r,
            LABEL,
            f"Nutidsværdi af nettovirkningen (diskonteringsrente {format_percent(case.discount_rate, 1)})",
            s.label,
        )
        w.text(r, UNIT, "1.000 kr.", s.unit)
        w.formula(
            r,
            FIRST,
            f"=SUMPRODUCT({span(rr['net_result'])},{span(self.qty['discount'])})",
            s.total["thousand_kr"],
            -ap.npv + 0.0,
        )
        r_pb, _ = lay.key_cells["payback_year"]
        w.text(r_pb, LABEL, "Tilbagebetalingsår (første år med akkumuleret nettovirkning ≤ 0)", s.label)
        w.text(r_pb, UNIT, "år", s.unit)
        paid = span(self.qty["paid_back"])
        w.formula(
            r_pb,
            FIRST,
            f'=IF(COUNT({paid})=0,"{NOT_PAID_BACK}",MIN({paid}))',
            s.number["year"],
            ap.payback_year if ap.payback_year is not None else NOT_PAID_BACK,
        )
        r, _ = lay.key_cells["payback_years"]
        w.text(r, LABEL, "Tilbagebetalingstid (år 1 = det første år)", s.label)
        w.text(r, UNIT, "år", s.unit)
        pb = ref(r_pb, FIRST)
        w.formula(
            r,
            FIRST,
            f'=IF(ISNUMBER({pb}),{pb}-{ref(lay.header_row, FIRST, True)}+1,"{NOT_PAID_BACK}")',
            s.number["year"],
            ap.payback_years if ap.payback_years is not None else NOT_PAID_BACK,
        )
        r, _ = lay.key_cells["break_even"]
        w.text(r, LABEL, "Break-even: andel af den forventede effekt, der dækker nettoudgiften", s.label)
        w.text(r, UNIT, "andel", s.unit)
        sav = (f"({ref(rr['municipal_saving'], lay.total_col)}"
               f"+{ref(rr['employment_grant_clawback'], lay.total_col)})")
        net = ref(rr["net_cost"], lay.total_col)
        w.formula(
            r,
            FIRST,
            f'=IF(-{sav}>0,{net}/-{sav},"{NO_SAVING}")',
            s.number["share"],
            ap.break_even_effect_share if ap.break_even_effect_share is not None else NO_SAVING,
        )
        r, _ = lay.key_cells["tail"]
        w.text(
            r,
            LABEL,
            f"Kommunal besparelse efter {self.years[-1]} (efter perioden; ikke med ovenfor)",
            s.label,
        )
        w.text(r, UNIT, "1.000 kr.", s.unit)
        w.formula(
            r,
            FIRST,
            f"=-{ref(rr['municipal_saving'], lay.tail_col)}",
            s.number["thousand_kr"],
            ap.after_horizon.get("municipal_saving", 0.0) + 0.0,
        )

    def write_charts(self) -> None:
        w, s, lay = self.w, self.s, self.lay
        w.text(
            self.chart_section,
            LABEL,
            "Data til diagrammerne (+ = besparelse / gevinst for kommunen)",
            s.section,
        )
        specs = {
            "saving": ("Kommunal besparelse", "municipal_saving", -1),
            "net_cost": ("Nettoudgift til indsatsen", "net_cost", 1),
            "cumulative": ("Akkumuleret nettoresultat", "cumulative_net_result", -1),
        }
        for key, (label, series_key, sign) in specs.items():
            r = lay.chart_rows[key]
            w.text(r, LABEL, label, s.label)
            w.text(r, UNIT, "1.000 kr.", s.unit)
            values = self.fig.series(series_key)
            for j, col in enumerate(self.ycols):
                w.formula(
                    r,
                    col,
                    f"={'-' if sign < 0 else ''}{ref(lay.result_rows[series_key], col)}",
                    s.number["thousand_kr"],
                    float(values[j]) + 0.0,
                )
        _insert_charts(self.workbook, self.ws, lay.sheet, lay, self.chart_at, self.ycols, lay.header_row)

    def write_title(self) -> None:
        w, s, case = self.w, self.s, self.case
        rule_names = ", ".join(dict.fromkeys(self.rules[e.benefit_refusion.rule].name for e in case.effects))
        w.text(0, LABEL, case.name, s.title)
        w.text(
            1,
            LABEL,
            f"Målgruppe: {case.target_group}. Refusionsregel for forsørgelsen: {rule_names}. "
            f"Prisniveau: {self.price_level}.",
            s.subtitle,
        )
        w.text(
            2,
            LABEL,
            "Beløb i 1.000 kr. i resultattabellen og i kr. i forudsætningerne. Udgifter er "
            "positive; refusion, puljeindtægter og besparelser er negative.",
            s.note,
        )
        w.text(3, LABEL, "Gule celler er forudsætninger: ret dem, og hele casen regnes om.", s.input_text)
        w.text(4, LABEL, "Indstilling:", s.label_bold)
        w.note(4, UNIT, self.last_col, case.decision_text or "Ingen indstillingstekst i business casen.")
        w.note(
            self.lay.timing_note_row,
            LABEL,
            self.last_col,
            f"Tidsfæstelse: {TIMING_TEXT.get(case.timing, case.timing)} 'Efter perioden' er det, "
            "periodens tilgang sparer efter sidste år. " + COMPUTED_NOTE,
        )

    def finish(self) -> None:
        ws, lay = self.ws, self.lay
        ws.set_row(lay.header_row, 28)
        for b in self.blocks:
            for key in (
                "seg_header",
                "band_header",
                "m_saved_header",
                "m_municipal_header",
                "m_effort_header",
            ):
                if key in b:
                    ws.set_row(b[key], 42)
        ws.set_row(self.cost_header, 30)
        page_setup(ws, (0, 1))
        ws.freeze_panes(lay.header_row + 1, FIRST)
        ws.set_default_row(13.5)


def _per_year(amount, years: int) -> list[float]:
    from budgetapp.core.case import amount_for_year

    return [amount_for_year(amount, i) for i in range(years)]


def write_case_sheet(
    workbook, styles: Styles, name: str, fig: CaseFigures, price_level: str
) -> CaseSheetLayout:
    """Write the case sheet ``name`` and return its layout."""
    writer = _Writer(workbook, styles, name, fig, price_level)
    writer.w.set_width(LABEL, LABEL, 50)
    writer.w.set_width(UNIT, UNIT, 10)
    writer.w.set_width(FIRST, writer.lay.tail_col, 13)
    writer.w.set_width(writer.lay.tail_col + 1, writer.last_col, 15)
    writer.plan()
    writer.write_case_inputs()
    writer.write_effects()
    writer.write_results()
    writer.write_keys()
    writer.write_charts()
    writer.write_title()
    writer.finish()
    return writer.lay


def _insert_charts(
    workbook, ws, name: str, lay: CaseSheetLayout, at_row: int, ycols: list[int], header: int
) -> None:
    years = [name, header, ycols[0], header, ycols[-1]]

    def values(key: str) -> list:
        r = lay.chart_rows[key]
        return [name, r, ycols[0], r, ycols[-1]]

    def label(key: str) -> list:
        return [name, lay.chart_rows[key], LABEL]

    bars = workbook.add_chart({"type": "column"})
    bars.add_series(
        {
            "name": label("saving"),
            "categories": years,
            "values": values("saving"),
            "fill": {"color": "#2E7D32"},
        }
    )
    bars.add_series(
        {
            "name": label("net_cost"),
            "categories": years,
            "values": values("net_cost"),
            "fill": {"color": "#C62828"},
        }
    )
    bars.set_title({"name": "Kommunal besparelse og nettoudgift pr. år", "name_font": {"size": 11}})
    bars.set_y_axis({"name": "1.000 kr.", "num_format": "#,##0,", "major_gridlines": {"visible": True}})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": 470, "height": 300})
    ws.insert_chart(at_row, LABEL, bars, {"x_offset": 5, "y_offset": 5})

    line = workbook.add_chart({"type": "line"})
    line.add_series(
        {
            "name": label("cumulative"),
            "categories": years,
            "values": values("cumulative"),
            "line": {"color": "#1F4E79", "width": 2.25},
            "marker": {"type": "circle"},
        }
    )
    line.set_title({"name": "Akkumuleret nettoresultat (+ = gevinst)", "name_font": {"size": 11}})
    line.set_y_axis({"name": "1.000 kr.", "num_format": "#,##0,", "major_gridlines": {"visible": True}})
    line.set_x_axis({"position_axis": "on_tick"})
    line.set_legend({"none": True})
    line.set_size({"width": 470, "height": 300})
    ws.insert_chart(at_row, FIRST + 2, line, {"x_offset": 5, "y_offset": 5})
