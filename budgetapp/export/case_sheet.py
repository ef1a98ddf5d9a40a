"""One business case as a worksheet whose year table is built from live formulas.

Layout (top to bottom): title and decision text; the year table (costs, refusion, pool funding,
net cost, savings on benefit, net effect, cumulative) and key figures; chart data and the two
charts; the inputs per year (inflow, phase-in, fixed costs, refusion rates, pool funding); the
scalar inputs; the cost lines; the segments; the financing rule's band table; and the staircase
table that spreads each segment's path over the bands. Every input is a yellow cell; scalar
inputs carry sheet-local defined names (``Ydelse_pr_helaarsperson``, ``Seg2_uger_efter``, …) that
the formulas use, so changing an input in Excel or LibreOffice recalculates the whole case.

Signs follow the council's convention: expenses positive, revenue (refusion, pool funding) and
savings negative; the net effect for the municipality is negative when the case saves money.
See ``docs/council-workbook.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import format_percent
from budgetapp.core.rules import CASE_RATE, MUNICIPAL_COFINANCING, load_rules
from budgetapp.export.case_figures import CaseFigures
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import OPEN_END, Styles, page_setup, ref

LABEL, UNIT, FIRST = 0, 1, 2
NO_SOURCE = "Ingen kilde angivet i business casen."
NOT_PAID_BACK = "Ikke i perioden"
NO_SAVING = "Ingen besparelse"

# Result rows: engine series → (label, sign in the sheet). Revenue and savings are negative.
RESULT_ROWS = (
    ("gross_cost", "Bruttoudgift til indsatsen", 1),
    ("cost_refusion", "Refusion af driftsudgifter", -1),
    ("pool_funding", "Puljefinansiering", -1),
    ("net_cost", "Nettoudgift til indsatsen", 1),
    ("gross_saving", "Mindreudgift til forsørgelse, brutto", -1),
    ("refusion_forgone", "Mistet refusion / kommunal medfinansiering", 1),
    ("municipal_saving", "Kommunal besparelse på forsørgelse", -1),
    ("net_result", "Nettovirkning for kommunen (− = mindreudgift)", -1),
    ("cumulative_net_result", "Akkumuleret nettovirkning", -1),
)
TOTAL_ROWS = {"gross_cost", "cost_refusion", "pool_funding", "net_cost", "gross_saving",
              "refusion_forgone", "municipal_saving", "net_result", "saved_weeks"}

SEGMENT_FIELDS = (
    ("share", "andel", "Andel", "share"),
    ("weeks_before", "uger_foer", "Uger på ydelse uden indsats", "weeks"),
    ("weeks_after", "uger_efter", "Uger på ydelse med indsats", "weeks"),
    ("weeks_in_effort", "uger_indsats", "Heraf uger i indsatsen (aktive)", "weeks"),
    ("active_weeks_before", "aktive_foer", "Aktive uger uden indsats", "weeks"),
)


@dataclass
class CaseSheetLayout:
    """Where everything is on a case sheet (0-based rows and columns), for the other sheets and tests."""

    sheet: str
    case_name: str
    years: list[int]
    header_row: int = 0
    total_col: int = 0
    result_rows: dict[str, int] = field(default_factory=dict)   # series → row
    result_signs: dict[str, int] = field(default_factory=dict)  # series → +1 / −1 in the sheet
    inflow_row: int = 0
    phase_in_row: int = 0
    fixed_cost_rows: dict[int, int] = field(default_factory=dict)
    refusion_rate_rows: dict[int, int] = field(default_factory=dict)
    pool_rows: dict[int, int] = field(default_factory=dict)
    scalar_cells: dict[str, tuple[int, int]] = field(default_factory=dict)   # case field → cell
    participant_cost_cells: dict[int, tuple[int, int]] = field(default_factory=dict)
    segment_rows: list[int] = field(default_factory=list)
    segment_cols: dict[str, int] = field(default_factory=dict)  # Segment field → column
    key_cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # npv, payback_year, …
    chart_rows: dict[str, int] = field(default_factory=dict)

    def year_col(self, year: int) -> int:
        return FIRST + self.years.index(year)


def _note(case: BusinessCase, *keys: str) -> str:
    for key in keys:
        if case.notes.get(key):
            return case.notes[key]
    return NO_SOURCE


def write_case_sheet(workbook, styles: Styles, name: str, fig: CaseFigures,
                     price_level: str) -> CaseSheetLayout:
    """Write the case sheet ``name`` and return its layout."""
    case = fig.case
    years = fig.years
    n_years = len(years)
    ws = workbook.add_worksheet(name)
    w = SheetWriter(workbook, ws, name, styles)
    lay = CaseSheetLayout(sheet=name, case_name=case.name, years=years)
    lay.total_col = FIRST + n_years
    last_col = max(9, lay.total_col + 3)
    src_first = lay.total_col + 1
    w.set_width(LABEL, LABEL, 50)
    w.set_width(UNIT, UNIT, 10)
    w.set_width(FIRST, lay.total_col, 13)
    w.set_width(lay.total_col + 1, last_col, 15)
    num, inp, tot = styles.number, styles.input, styles.total
    ycols = [FIRST + j for j in range(n_years)]
    rules = load_rules()

    # ---- plan the rows -------------------------------------------------------------------
    row = 0
    title_row, sub_row, unit_row, legend_row, decision_row = 0, 1, 2, 3, 4
    row = 6
    lay.header_row = header = row
    row += 1
    line_rows = {}
    for c in range(len(case.costs)):
        line_rows[c] = row
        row += 1
    for key, _, _ in RESULT_ROWS:
        lay.result_rows[key] = row
        row += 1
    row += 1
    qty_section = row
    row += 1
    qty = {}
    for key in ("effect", "full_year_persons_in_effort", "saved_weeks", "municipal_weeks",
                "discount", "paid_back"):
        qty[key] = row
        row += 1
    lay.result_rows["saved_weeks"] = qty["saved_weeks"]
    lay.result_rows["full_year_persons_in_effort"] = qty["full_year_persons_in_effort"]
    row += 1
    key_section = row
    row += 1
    for key in ("npv", "payback_year", "payback_years", "break_even"):
        lay.key_cells[key] = (row, FIRST)
        row += 1
    row += 1
    chart_section = row
    row += 1
    for key in ("saving", "net_cost", "cumulative"):
        lay.chart_rows[key] = row
        row += 1
    chart_row = row + 1
    row = chart_row + 18
    peryear_section = row
    row += 1
    peryear_header = row
    row += 1
    lay.inflow_row = row
    row += 1
    lay.phase_in_row = row
    row += 1
    for c, line in enumerate(case.costs):
        if line.kind == "fixed":
            lay.fixed_cost_rows[c] = row
            row += 1
    for c in range(len(case.costs)):
        lay.refusion_rate_rows[c] = row
        row += 1
    for p in range(len(case.pool_funding)):
        lay.pool_rows[p] = row
        row += 1
    rule_year_row = row
    row += 2
    scalar_section = row
    row += 1
    scalar_header = row
    row += 1
    flat = rules[case.benefit_refusion.rule].rate_from_case
    scalar_specs = [
        ("benefit_per_full_year_person", "Ydelse_pr_helaarsperson", "Ydelse pr. helårsperson (forsørgelse)",
         "kr.", case.benefit_per_full_year_person, "kr"),
        ("weeks_per_year", "Uger_pr_aar", "Ydelsesuger pr. helårsperson", "uger", case.weeks_per_year,
         "weeks"),
        ("prior_weeks", "Forud_uger", "Ydelsesuger allerede talt ved tilgang (trappens startpunkt)",
         "uger", case.prior_weeks, "weeks"),
        ("deadweight", "Doedvaegt", "Dødvægt (effekt der var kommet alligevel)", "andel",
         case.deadweight, "share"),
        ("persistence", "Persistens", "Varighed af effekten (afgange uden tilbagefald)", "andel",
         case.persistence, "share"),
        ("discount_rate", "Diskonteringsrente", "Diskonteringsrente", "andel", case.discount_rate,
         "share"),
    ]
    if flat:
        scalar_specs.append(("benefit_refusion", "Fast_refusionssats",
                             "Statens refusion af forsørgelsen (fast sats)", "andel",
                             case.benefit_refusion.rate or 0.0, "share"))
    scalar_rows = {}
    for spec in scalar_specs:
        scalar_rows[spec[0]] = row
        row += 1
    row += 1
    cost_section = row
    row += 1
    cost_header = row
    row += 1
    cost_rows = {}
    for c in range(len(case.costs)):
        cost_rows[c] = row
        row += 1
    row += 1
    seg_section = row
    row += 1
    seg_header = row
    row += 1
    for _ in case.segments:
        lay.segment_rows.append(row)
        row += 1
    seg_total = row
    row += 1
    seg_note = row
    row += 2
    block_rows: list[dict] = []
    for block in fig.blocks:
        b = {"section": row, "header": row + 1}
        row += 2
        b["bands"] = list(range(row, row + len(block.version.bands)))
        row += len(block.version.bands)
        b["source"] = row
        row += 2
        b["stair_section"] = row
        b["stair_header"] = row + 1
        row += 2
        b["stair"] = {}
        for s in range(len(case.segments)):
            for k in range(len(block.version.bands)):
                b["stair"][(s, k)] = row
                row += 1
        b["total"] = row
        row += 2
        block_rows.append(b)

    # ---- scalar inputs and names -----------------------------------------------------------
    w.text(scalar_section, LABEL, "Forudsætninger", styles.section)
    for col, title in ((LABEL, "Forudsætning"), (UNIT, "Enhed"), (FIRST, "Værdi")):
        w.text(scalar_header, col, title, styles.header_left if col != FIRST else styles.header)
    w.note(scalar_header, FIRST + 1, last_col, "Kilde / bemærkning", styles.header_left)
    note_keys = {"benefit_refusion": ("benefit_refusion",)}
    for field_name, name_, label, unit, value, fmt in scalar_specs:
        r = scalar_rows[field_name]
        w.text(r, LABEL, label, styles.label)
        w.text(r, UNIT, unit, styles.unit)
        w.number(r, FIRST, value, inp[fmt])
        w.define(name_, r, FIRST)
        lay.scalar_cells[field_name] = (r, FIRST)
        w.note(r, FIRST + 1, last_col, _note(case, *note_keys.get(field_name, (field_name,))),
               styles.source)

    # ---- segments ---------------------------------------------------------------------------
    w.text(seg_section, LABEL, "Segmenter af tilgangen: uger på ydelse uden og med indsatsen",
           styles.section)
    w.text(seg_header, LABEL, "Segment", styles.header_left)
    for k, (field_name, _, title, _) in enumerate(SEGMENT_FIELDS):
        w.text(seg_header, FIRST + k, title, styles.header)
        lay.segment_cols[field_name] = FIRST + k
    saved_col = FIRST + len(SEGMENT_FIELDS)
    w.text(seg_header, saved_col, "Sparede uger pr. person", styles.header)
    seg_names: list[dict[str, str]] = []
    for s, (segment, r) in enumerate(zip(case.segments, lay.segment_rows, strict=True)):
        w.text(r, LABEL, segment.name, styles.label)
        names = {}
        for k, (field_name, short, _, fmt) in enumerate(SEGMENT_FIELDS):
            w.number(r, FIRST + k, getattr(segment, field_name), inp[fmt])
            names[field_name] = w.define(f"Seg{s + 1}_{short}", r, FIRST + k)
        seg_names.append(names)
        w.formula(r, saved_col, f"={names['weeks_before']}-{names['weeks_after']}", num["weeks"],
                  segment.weeks_before - segment.weeks_after)
    first_seg, last_seg = lay.segment_rows[0], lay.segment_rows[-1]

    def seg_range(col: int) -> str:
        return f"{ref(first_seg, col, True)}:{ref(last_seg, col, True)}"

    share_col = lay.segment_cols["share"]
    effort_col = lay.segment_cols["weeks_in_effort"]
    w.text(seg_total, LABEL, "I alt / pr. person i tilgangen (vægtet med andelen)", styles.label_bold)
    w.formula(seg_total, share_col, f"=SUM({seg_range(share_col)})", tot["share"],
              sum(s.share for s in case.segments))
    w.formula(seg_total, effort_col, f"=SUMPRODUCT({seg_range(share_col)},{seg_range(effort_col)})",
              tot["weeks"], fig.effort_weeks_per_entrant)
    w.define("Indsatsuger_pr_tilgang", seg_total, effort_col)
    w.formula(seg_total, saved_col, f"=SUMPRODUCT({seg_range(share_col)},{seg_range(saved_col)})",
              tot["weeks"], fig.saved_weeks_per_entrant)
    w.define("Sparede_uger_pr_tilgang", seg_total, saved_col)
    w.note(seg_note, LABEL, last_col, "Kilde: " + _note(case, "segments"), styles.source)

    # ---- rule table and staircase per rule version --------------------------------------------
    municipal_names: list[str] = []
    for k, (block, b) in enumerate(zip(fig.blocks, block_rows, strict=True)):
        rule = block.rule
        cofin = rule.share == MUNICIPAL_COFINANCING
        valid = block.version.valid_from.isoformat() + (
            f" – {block.version.valid_to.isoformat()}" if block.version.valid_to else " –")
        w.text(b["section"], LABEL,
               f"Regeltabel {k + 1}: {rule.name} (gælder {', '.join(str(y) for y in block.years)})",
               styles.section)
        what = "Kommunal medfinansiering" if cofin else "Statens refusion"
        heads = ("Start (uge)", "Slut (uge)", f"{what}, aktive uger", f"{what}, passive uger",
                 "Kommunal andel, aktive uger", "Kommunal andel, passive uger")
        w.text(b["header"], LABEL, "Bånd af ydelsesuger (løbende optælling)", styles.header_left)
        for i, title in enumerate(heads):
            w.text(b["header"], FIRST + i, title, styles.header)
        band_names = []
        for i, (band, r) in enumerate(zip(block.version.bands, b["bands"], strict=True)):
            label = (f"Uge {band.first_week}-{band.last_week}" if band.last_week is not None
                     else f"Uge {band.first_week}+")
            w.text(r, LABEL, label, styles.label)
            w.number(r, FIRST, band.start, inp["weeks"])
            w.number(r, FIRST + 1, OPEN_END if band.last_week is None else band.end, inp["edge"])
            names = {
                "start": w.define(f"Regel{k + 1}_baand{i + 1}_start", r, FIRST),
                "end": w.define(f"Regel{k + 1}_baand{i + 1}_slut", r, FIRST + 1),
            }
            for j, (value, kind) in enumerate(((band.active, "aktiv"), (band.passive, "passiv"))):
                col = FIRST + 2 + j
                if value == CASE_RATE:
                    w.formula(r, col, "=Fast_refusionssats", num["share"],
                              float(case.benefit_refusion.rate or 0.0))
                    rule_value = float(case.benefit_refusion.rate or 0.0)
                else:
                    w.number(r, col, float(value), inp["share"])
                    rule_value = float(value)
                municipal = rule_value if cofin else 1.0 - rule_value
                src = ref(r, col)
                w.formula(r, FIRST + 4 + j, f"={src}" if cofin else f"=1-{src}", num["share"], municipal)
                names[kind] = w.define(f"Regel{k + 1}_baand{i + 1}_kom_{kind}", r, FIRST + 4 + j)
            band_names.append(names)
        w.note(b["source"], LABEL, last_col,
               f"{rule.law}. {block.version.citation}. Kilde: {block.version.source}. "
               f"Gyldig {valid}.", styles.source)

        w.text(b["stair_section"], LABEL,
               f"Kommunal andel af ydelsesugerne efter regeltabel {k + 1} "
               "(uger i båndet = MAX(0; MIN(start+længde; slut) − MAX(start; båndstart)))",
               styles.section)
        stair_heads = ("Bånd", "Uden indsats: aktive uger", "Uden indsats: passive uger",
                       "Med indsats: aktive uger", "Med indsats: passive uger",
                       "Kommunale ugeækv. uden indsats", "Kommunale ugeækv. med indsats",
                       "Sparede kommunale ugeækv.", "Sparet × andel")
        w.text(b["stair_header"], LABEL, "Segment", styles.header_left)
        for i, title in enumerate(stair_heads):
            w.text(b["stair_header"], UNIT + i, title, styles.header)
        weighted_cells = []
        for s, segment in enumerate(case.segments):
            sn = seg_names[s]
            for i, band in enumerate(block.version.bands):
                r = b["stair"][(s, i)]
                bn = band_names[i]
                w.text(r, LABEL, segment.name, styles.label)
                w.text(r, UNIT, f"Uge {band.first_week}" + (f"-{band.last_week}" if band.last_week
                                                             else "+"), styles.label)
                start, end = bn["start"], bn["end"]

                def covered(length: str, start: str = start, end: str = end) -> str:
                    return f"MAX(0,MIN(Forud_uger+{length},{end})-MAX(Forud_uger,{start}))"

                c_ba, c_bp, c_aa, c_ap = (ref(r, FIRST + i2) for i2 in range(4))
                w.formula(r, FIRST, "=" + covered(f"MIN({sn['active_weeks_before']},{sn['weeks_before']})"),
                          num["weeks"], float(block.before_active[s, i]))
                w.formula(r, FIRST + 1, "=" + covered(sn["weeks_before"]) + f"-{c_ba}", num["weeks"],
                          float(block.before_passive[s, i]))
                w.formula(r, FIRST + 2, "=" + covered(f"MIN({sn['weeks_in_effort']},{sn['weeks_after']})"),
                          num["weeks"], float(block.after_active[s, i]))
                w.formula(r, FIRST + 3, "=" + covered(sn["weeks_after"]) + f"-{c_aa}", num["weeks"],
                          float(block.after_passive[s, i]))
                w.formula(r, FIRST + 4, f"={c_ba}*{bn['aktiv']}+{c_bp}*{bn['passiv']}", num["weeks"],
                          float(block.municipal_before[s, i]))
                w.formula(r, FIRST + 5, f"={c_aa}*{bn['aktiv']}+{c_ap}*{bn['passiv']}", num["weeks"],
                          float(block.municipal_after[s, i]))
                w.formula(r, FIRST + 6, f"={ref(r, FIRST + 4)}-{ref(r, FIRST + 5)}", num["weeks"],
                          float(block.saved[s, i]))
                w.formula(r, FIRST + 7, f"={ref(r, FIRST + 6)}*{sn['share']}", num["weeks"],
                          float(block.saved[s, i] * segment.share))
                weighted_cells.append(ref(r, FIRST + 7, True))
        t = b["total"]
        w.text(t, LABEL, "Sparede kommunale ugeækvivalenter pr. person i tilgangen", styles.label_bold)
        first_w, last_w = b["stair"][(0, 0)], max(b["stair"].values())
        w.formula(t, FIRST + 7, f"=SUM({ref(first_w, FIRST + 7, True)}:{ref(last_w, FIRST + 7, True)})",
                  tot["weeks"], block.saved_per_entrant(fig.arrays.share[0]))
        municipal_names.append(w.define(f"Kom_uger_pr_tilgang_{k + 1}", t, FIRST + 7))

    # ---- cost lines -------------------------------------------------------------------------
    w.text(cost_section, LABEL, "Udgiftsposter", styles.section)
    for col, title in ((LABEL, "Udgiftspost"), (UNIT, "Art"), (FIRST, "Kr. pr. helårsdeltager"),
                       (FIRST + 1, "Styringsområde"), (FIRST + 2, "Refusion")):
        w.text(cost_header, col, title, styles.header_left if col <= UNIT else styles.header)
    participant_names: dict[int, str] = {}
    for c, line in enumerate(case.costs):
        r = cost_rows[c]
        w.text(r, LABEL, line.name, styles.label)
        w.text(r, UNIT, "fast beløb" if line.kind == "fixed" else "pr. deltager", styles.label)
        if line.kind != "fixed":
            w.number(r, FIRST, line.amount_per_full_year_participant, inp["kr"])
            participant_names[c] = w.define(f"Udgift{c + 1}_pr_helaarsdeltager", r, FIRST)
            lay.participant_cost_cells[c] = (r, FIRST)
        w.text(r, FIRST + 1, line.styringsomraade, styles.label)
        w.text(r, FIRST + 2, rules[line.refusion_rule].name if line.refusion_rule
               else f"fast sats {format_percent(line.refusion_rate)}", styles.label)
    if not case.costs:
        w.text(cost_header + 1, LABEL, "Ingen udgiftsposter.", styles.note)

    # ---- inputs per year --------------------------------------------------------------------
    w.text(peryear_section, LABEL, "Forudsætninger pr. år", styles.section)
    w.text(peryear_header, LABEL, "Forudsætning", styles.header_left)
    w.text(peryear_header, UNIT, "Enhed", styles.header_left)
    for j, year in enumerate(years):
        w.number(peryear_header, ycols[j], year, styles.header)
    w.text(peryear_header, src_first, "Kilde / bemærkning", styles.header_left)

    def input_row(r: int, label: str, unit: str, values, fmt: str, source: str) -> None:
        w.text(r, LABEL, label, styles.label)
        w.text(r, UNIT, unit, styles.unit)
        for j, value in enumerate(values):
            w.number(r, ycols[j], float(value), inp[fmt])
        w.note(r, src_first, last_col, source, styles.source)

    input_row(lay.inflow_row, "Tilgang til målgruppen", "personer", fig.arrays.inflow[0], "persons",
              _note(case, "inflow_per_year"))
    input_row(lay.phase_in_row, "Indfasning af effekten", "andel", fig.arrays.phase_in[0], "share",
              _note(case, "effect_phase_in"))
    for c, r in lay.fixed_cost_rows.items():
        input_row(r, f"Udgift: {case.costs[c].name}", "kr.", fig.arrays.fixed_costs[0, c], "kr",
                  _note(case, "costs"))
    for c, r in lay.refusion_rate_rows.items():
        line = case.costs[c]
        if line.refusion_rule:
            rule = rules[line.refusion_rule]
            cites = sorted({rule.version_for_year(y)[0].citation for y in years})
            source = f"{rule.name}: {'; '.join(cites)}"
        else:
            source = _note(case, "costs")
        input_row(r, f"Refusionssats: {line.name}", "andel", fig.refusion_rate[c], "share", source)
    for p, r in lay.pool_rows.items():
        pool = case.pool_funding[p]
        label = f"Puljefinansiering: {pool.name}" + (f" (pulje {pool.pool_id})" if pool.pool_id else "")
        input_row(r, label, "kr.", fig.pool_lines[p], "kr", _note(case, "pool_funding"))
    w.text(rule_year_row, LABEL, "Regeltabel for forsørgelsen", styles.label)
    w.text(rule_year_row, UNIT, "nr.", styles.unit)
    for j in range(n_years):
        w.number(rule_year_row, ycols[j], fig.block_of_year[j] + 1, num["year"])

    # ---- year table ---------------------------------------------------------------------------
    rr = lay.result_rows
    w.text(header, LABEL, "Beløb i 1.000 kr.", styles.header_left)
    w.text(header, UNIT, "Enhed", styles.header_left)
    for j, year in enumerate(years):
        w.number(header, ycols[j], year, styles.header)
    w.text(header, lay.total_col, "I alt", styles.header)
    for c, r in line_rows.items():
        w.text(r, LABEL, f"Udgift: {case.costs[c].name}", styles.label_indent)
        w.text(r, UNIT, "1.000 kr.", styles.unit)
    for key, label, sign in RESULT_ROWS:
        bold = key in ("net_cost", "municipal_saving", "net_result")
        w.text(rr[key], LABEL, label, styles.label_bold if bold else styles.label)
        w.text(rr[key], UNIT, "1.000 kr.", styles.unit)
        lay.result_signs[key] = sign
    lay.result_signs["saved_weeks"] = 1
    lay.result_signs["full_year_persons_in_effort"] = 1
    w.text(qty_section, LABEL, "Mængder og faktorer", styles.section)
    labels = {
        "effect": ("Effektfaktor: indfasning × (1 − dødvægt) × varighed", "faktor"),
        "full_year_persons_in_effort": ("Helårspersoner i indsatsen", "personer"),
        "saved_weeks": ("Sparede ydelsesuger", "uger"),
        "municipal_weeks": ("Sparede kommunale ugeækvivalenter pr. person i tilgangen", "uger"),
        "discount": ("Diskonteringsfaktor", "faktor"),
        "paid_back": ("Tilbagebetalt (år, når akkumuleret nettovirkning ≤ 0)", "år"),
    }
    for key, (label, unit) in labels.items():
        w.text(qty[key], LABEL, label, styles.label)
        w.text(qty[key], UNIT, unit, styles.unit)

    series = {key: fig.series(key) for key, _, _ in RESULT_ROWS}
    series["saved_weeks"] = fig.series("saved_weeks")
    fyp = fig.appraisal.full_year_persons_in_effort_per_year
    discount = [(1.0 + case.discount_rate) ** -j for j in range(n_years)]
    cumulative = series["cumulative_net_result"]
    for j, col in enumerate(ycols):
        def c(r: int, col: int = col) -> str:
            return ref(r, col)

        inflow, phase = c(lay.inflow_row), c(lay.phase_in_row)
        w.formula(qty["effect"], col, f"={phase}*(1-Doedvaegt)*Persistens", num["factor"],
                  float(fig.effect[j]))
        w.formula(qty["full_year_persons_in_effort"], col,
                  f"={inflow}*Indsatsuger_pr_tilgang/Uger_pr_aar", num["persons"], fyp[j])
        w.formula(qty["saved_weeks"], col, f"={inflow}*Sparede_uger_pr_tilgang*{c(qty['effect'])}",
                  num["weeks"], float(series["saved_weeks"][j]))
        block = fig.block_of_year[j]
        w.formula(qty["municipal_weeks"], col, f"={municipal_names[block]}", num["weeks"],
                  fig.blocks[block].saved_per_entrant(fig.arrays.share[0]))
        w.formula(qty["discount"], col,
                  f"=1/(1+Diskonteringsrente)^({_col_letters(col)}${header + 1}-{ref(header, FIRST, True)})",
                  num["factor"], discount[j])
        for ci, r in line_rows.items():
            line = case.costs[ci]
            if line.kind == "fixed":
                formula = f"={c(lay.fixed_cost_rows[ci])}"
            else:
                formula = f"={participant_names[ci]}*{c(qty['full_year_persons_in_effort'])}"
            w.formula(r, col, formula, num["thousand_kr"], float(fig.line_cost[ci, j]))
        if line_rows:
            gross = f"=SUM({c(min(line_rows.values()))}:{c(max(line_rows.values()))})"
            refusion = "=-(" + "+".join(f"{c(line_rows[ci])}*{c(lay.refusion_rate_rows[ci])}"
                                        for ci in line_rows) + ")"
        else:
            gross = refusion = "=0"
        pool = ("=-(" + "+".join(c(r) for r in lay.pool_rows.values()) + ")") if lay.pool_rows else "=0"
        cells = {
            "gross_cost": gross,
            "cost_refusion": refusion,
            "pool_funding": pool,
            "net_cost": f"={c(rr['gross_cost'])}+{c(rr['cost_refusion'])}+{c(rr['pool_funding'])}",
            "gross_saving": f"=-{c(qty['saved_weeks'])}*Ydelse_pr_helaarsperson/Uger_pr_aar",
            "refusion_forgone": f"={c(rr['municipal_saving'])}-{c(rr['gross_saving'])}",
            "municipal_saving": (f"=-{inflow}*{c(qty['municipal_weeks'])}*Ydelse_pr_helaarsperson"
                                 f"/Uger_pr_aar*{c(qty['effect'])}"),
            "net_result": f"={c(rr['net_cost'])}+{c(rr['municipal_saving'])}",
            "cumulative_net_result": (f"={c(rr['net_result'])}" if j == 0 else
                                      f"={ref(rr['cumulative_net_result'], col - 1)}+{c(rr['net_result'])}"),
        }
        for key, _, sign in RESULT_ROWS:
            bold = key in ("net_cost", "municipal_saving", "net_result")
            fmt = tot["thousand_kr"] if bold else num["thousand_kr"]
            w.formula(rr[key], col, cells[key], fmt, sign * float(series[key][j]) + 0.0)
        paid = -cumulative[j] <= 0
        w.formula(qty["paid_back"], col,
                  f'=IF({c(rr["cumulative_net_result"])}<=0,{_col_letters(col)}${header + 1},"")',
                  num["year"], years[j] if paid else "")
    # totals
    first_c, last_c = ycols[0], ycols[-1]
    for key in TOTAL_ROWS | {f"line{ci}" for ci in line_rows}:
        r = line_rows[int(key[4:])] if key.startswith("line") else rr[key]
        if key.startswith("line"):
            value = float(fig.line_cost[int(key[4:])].sum())
            fmt = num["thousand_kr"]
        elif key == "saved_weeks":
            value = float(series["saved_weeks"].sum())
            fmt = num["weeks"]
        else:
            sign = lay.result_signs[key]
            value = sign * float(series[key].sum()) + 0.0
            fmt = tot["thousand_kr"] if key in ("net_cost", "municipal_saving", "net_result") \
                else num["thousand_kr"]
        w.formula(r, lay.total_col, f"=SUM({ref(r, first_c)}:{ref(r, last_c)})", fmt, value)

    # ---- key figures --------------------------------------------------------------------------
    w.text(key_section, LABEL, "Nøgletal", styles.section)
    ap = fig.appraisal
    net_row = f"{ref(rr['net_result'], first_c, True)}:{ref(rr['net_result'], last_c, True)}"
    disc_row = f"{ref(qty['discount'], first_c, True)}:{ref(qty['discount'], last_c, True)}"
    paid_row = f"{ref(qty['paid_back'], first_c, True)}:{ref(qty['paid_back'], last_c, True)}"
    r_npv, _ = lay.key_cells["npv"]
    w.text(r_npv, LABEL, f"Nutidsværdi af nettovirkningen (diskonteringsrente "
                         f"{format_percent(case.discount_rate, 1)})", styles.label)
    w.text(r_npv, UNIT, "1.000 kr.", styles.unit)
    w.formula(r_npv, FIRST, f"=SUMPRODUCT({net_row},{disc_row})", tot["thousand_kr"], -ap.npv + 0.0)
    r_pb, _ = lay.key_cells["payback_year"]
    w.text(r_pb, LABEL, "Tilbagebetalingsår (første år med akkumuleret nettovirkning ≤ 0)", styles.label)
    w.text(r_pb, UNIT, "år", styles.unit)
    w.formula(r_pb, FIRST, f'=IF(COUNT({paid_row})=0,"{NOT_PAID_BACK}",MIN({paid_row}))', num["year"],
              ap.payback_year if ap.payback_year is not None else NOT_PAID_BACK)
    r_pby, _ = lay.key_cells["payback_years"]
    w.text(r_pby, LABEL, "Tilbagebetalingstid (år 1 = det første år)", styles.label)
    w.text(r_pby, UNIT, "år", styles.unit)
    pb_cell = ref(r_pb, FIRST)
    w.formula(r_pby, FIRST, f'=IF(ISNUMBER({pb_cell}),{pb_cell}-{ref(header, FIRST, True)}+1,'
                            f'"{NOT_PAID_BACK}")', num["year"],
              ap.payback_years if ap.payback_years is not None else NOT_PAID_BACK)
    r_be, _ = lay.key_cells["break_even"]
    w.text(r_be, LABEL, "Break-even: andel af den forventede effekt, der dækker nettoudgiften",
           styles.label)
    w.text(r_be, UNIT, "andel", styles.unit)
    sav_total = ref(rr["municipal_saving"], lay.total_col)
    net_total = ref(rr["net_cost"], lay.total_col)
    w.formula(r_be, FIRST, f'=IF(-{sav_total}>0,{net_total}/-{sav_total},"{NO_SAVING}")', num["share"],
              ap.break_even_effect_share if ap.break_even_effect_share is not None else NO_SAVING)

    # ---- chart data and charts ------------------------------------------------------------------
    w.text(chart_section, LABEL, "Data til diagrammerne (+ = besparelse / gevinst for kommunen)",
           styles.section)
    chart_specs = {  # key → (label, source row, sign, engine series)
        "saving": ("Kommunal besparelse", "municipal_saving", -1),
        "net_cost": ("Nettoudgift til indsatsen", "net_cost", 1),
        "cumulative": ("Akkumuleret nettoresultat", "cumulative_net_result", -1),
    }
    for key, (label, series_key, sign) in chart_specs.items():
        r = lay.chart_rows[key]
        w.text(r, LABEL, label, styles.label)
        w.text(r, UNIT, "1.000 kr.", styles.unit)
        for j, col in enumerate(ycols):
            # the sheet's row holds sign × engine value; the chart row undoes the sign
            w.formula(r, col, f"={'-' if sign < 0 else ''}{ref(rr[series_key], col)}",
                      num["thousand_kr"], float(series[series_key][j]) + 0.0)
    _insert_charts(workbook, ws, name, lay, chart_row, ycols, header)

    # ---- title -------------------------------------------------------------------------------
    w.text(title_row, LABEL, case.name, styles.title)
    rule = rules[case.benefit_refusion.rule]
    w.text(sub_row, LABEL, f"Målgruppe: {case.target_group}. Refusionsregel for forsørgelsen: {rule.name}. "
                           f"Prisniveau: {price_level}.", styles.subtitle)
    w.text(unit_row, LABEL, "Beløb i 1.000 kr. i resultattabellen og i kr. i forudsætningerne. Udgifter er "
                            "positive; refusion, puljeindtægter og besparelser er negative.", styles.note)
    w.text(legend_row, LABEL, "Gule celler er forudsætninger: ret dem, og hele casen regnes om.",
           styles.input_text)
    w.text(decision_row, LABEL, "Indstilling:", styles.label_bold)
    w.note(decision_row, UNIT, last_col, case.decision_text or "Ingen indstillingstekst i business casen.")
    ws.set_row(header, 28)
    for r in (seg_header, cost_header, *(b["header"] for b in block_rows),
              *(b["stair_header"] for b in block_rows)):
        ws.set_row(r, 40)
    page_setup(ws, (0, 1))
    ws.freeze_panes(header + 1, FIRST)
    ws.set_default_row(13.5)
    return lay


def _col_letters(col: int) -> str:
    return ref(0, col).rstrip("0123456789")


def _insert_charts(workbook, ws, name: str, lay: CaseSheetLayout, at_row: int, ycols: list[int],
                   header: int) -> None:
    years = [name, header, ycols[0], header, ycols[-1]]

    def values(key: str) -> list:
        r = lay.chart_rows[key]
        return [name, r, ycols[0], r, ycols[-1]]

    def label(key: str) -> list:
        return [name, lay.chart_rows[key], LABEL]

    bars = workbook.add_chart({"type": "column"})
    bars.add_series({"name": label("saving"), "categories": years, "values": values("saving"),
                     "fill": {"color": "#2E7D32"}})
    bars.add_series({"name": label("net_cost"), "categories": years, "values": values("net_cost"),
                     "fill": {"color": "#C62828"}})
    bars.set_title({"name": "Kommunal besparelse og nettoudgift pr. år", "name_font": {"size": 11}})
    bars.set_y_axis({"name": "1.000 kr.", "num_format": "#,##0,", "major_gridlines": {"visible": True}})
    bars.set_legend({"position": "bottom"})
    bars.set_size({"width": 470, "height": 300})
    ws.insert_chart(at_row, LABEL, bars, {"x_offset": 5, "y_offset": 5})

    line = workbook.add_chart({"type": "line"})
    line.add_series({"name": label("cumulative"), "categories": years, "values": values("cumulative"),
                     "line": {"color": "#1F4E79", "width": 2.25}, "marker": {"type": "circle"}})
    line.set_title({"name": "Akkumuleret nettoresultat (+ = gevinst)", "name_font": {"size": 11}})
    line.set_y_axis({"name": "1.000 kr.", "num_format": "#,##0,", "major_gridlines": {"visible": True}})
    line.set_x_axis({"position_axis": "on_tick"})
    line.set_legend({"none": True})
    line.set_size({"width": 470, "height": 300})
    ws.insert_chart(at_row, FIRST + 2, line, {"x_offset": 5, "y_offset": 5})
