"""The council workbook's sheet *Opfølgning*: per case the plan against the actual figures entered.

For every case and year (:func:`budgetapp.core.follow_up.follow_up_report`): entrants,
participants, weeks on benefit per entrant and gross spend as planned, as entered (yellow input
cells; empty when nothing is entered yet, so the sheet also serves as the form for the next
follow-up) and their variance (a live formula: actual − plan, empty while the actual is empty).
The plan sums every flow effect of the case (entrants added, weeks on benefit weighted by the
effects' inflow); with several flow effects each effect's own entrants and weeks follow. Below,
the estimated net result with the actual figures (computed in budgetapp, not a formula), the
success criteria with their status, and the decision date.
"""

from __future__ import annotations

import datetime as dt

from budgetapp.core.case import BusinessCase
from budgetapp.core.decision_data import ACTUAL_FIELDS, FOLLOW_UP_METRICS
from budgetapp.core.follow_up import follow_up_report, plan_by_effect
from budgetapp.export.sheet_writer import SheetWriter
from budgetapp.export.workbook_style import Styles, page_setup, ref

FOLLOW_UP_SHEET = "Opfølgning"
LABEL, UNIT, FIRST = 0, 1, 2
# Money is written and typed in 1.000 kr. (the unit the rows state): the cells hold the figure
# divided by 1.000 (``SCALE``), so a typed 850 means 850.000 kr. and the variance is in 1.000 kr.
SCALE = {"spend": 1000.0}
FORMATS = {"entrants": "persons", "participants": "persons", "weeks_on_benefit": "weeks",
           "spend": "thousands", "net_result": "thousand_kr", "cumulative_net_result": "thousand_kr"}
UNITS = {"entrants": "personer", "participants": "personer", "weeks_on_benefit": "uger",
         "spend": "1.000 kr.", "net_result": "1.000 kr.", "cumulative_net_result": "1.000 kr."}
LABELS = {"entrants": "Tilgang", "participants": "Deltagere",
          "weeks_on_benefit": "Uger på ydelse pr. tilgang", "spend": "Bruttoudgift",
          "net_result": "Nettoresultat (+ = gevinst)",
          "cumulative_net_result": "Akkumuleret nettoresultat (+ = gevinst)"}


def write_follow_up_sheet(workbook, styles: Styles, cases: list[BusinessCase], price_level: str,
                          today: dt.date | None = None) -> dict[str, dict[str, dict[str, int]]]:
    """Write *Opfølgning*; returns case name → metric → {"plan" | "actual" | "variance": row}."""
    ws = workbook.add_worksheet(FOLLOW_UP_SHEET)
    w = SheetWriter(workbook, ws, FOLLOW_UP_SHEET, styles)
    width = max((c.years for c in cases), default=4)
    w.set_width(LABEL, LABEL, 56)
    w.set_width(UNIT, UNIT, 10)
    w.set_width(FIRST, FIRST + width, 12)
    w.text(0, LABEL, "Opfølgning: plan og faktiske tal", styles.title)
    w.note(1, LABEL, FIRST + max(width, 5),
           f"Beløb i 1.000 kr., {price_level}. Planen er business casens forudsætninger; de faktiske tal "
           "er dem, der er indtastet i budgetapp (gule celler, tomme indtil de kendes; bruttoudgiften "
           "skrives i 1.000 kr., fx 850 for 850.000 kr.). Afvigelse = faktisk − plan. Det skønnede "
           "nettoresultat sætter de faktiske tal ind i casens beregning.",
           styles.text_wrap)
    w.note(2, LABEL, FIRST + max(width, 5),
           "OBS: Planens tal og de skønnede nettoresultater er beregnet i budgetapp ud fra business "
           "casens forudsætninger, da mappen blev lavet. De er faste tal og ændres IKKE, når et input "
           "ændres på casens ark; ret casen i budgetapp og lav mappen igen. Kun afvigelserne er formler.",
           workbook.add_format({"font_name": "Calibri", "font_size": 10, "valign": "top", "bold": True,
                                "font_color": "#9C0006", "text_wrap": True}))
    w.sheet.set_row(2, 28)
    out: dict[str, dict[str, dict[str, int]]] = {}
    row = 4
    for case in cases:
        row, out[case.name] = _case_block(w, styles, case, row, today)
        row += 2
    page_setup(ws, None)
    return out


def _case_block(w: SheetWriter, s: Styles, case: BusinessCase, row: int,
                today: dt.date | None) -> tuple[int, dict[str, dict[str, int]]]:
    report = follow_up_report(case, today)
    years = [y.year for y in report.years]
    rows: dict[str, dict[str, int]] = {}
    w.text(row, LABEL, case.name, s.section)
    for col in range(UNIT, FIRST + len(years)):
        w.text(row, col, "", s.section)
    row += 1
    w.text(row, LABEL, "", s.header_left)
    w.text(row, UNIT, "Enhed", s.header_left)
    for j, year in enumerate(years):
        w.number(row, FIRST + j, year, s.header)
    row += 1
    for metric in ACTUAL_FIELDS:
        fmt = FORMATS[metric]
        rows[metric] = {}
        for kind, label in (("plan", "plan"), ("actual", "faktisk"), ("variance", "afvigelse")):
            style = s.label_bold if kind == "plan" else s.label_indent
            w.text(row, LABEL, f"{LABELS[metric]}, {label}", style)
            w.text(row, UNIT, UNITS[metric], s.unit)
            for j, entry in enumerate(report.years):
                col = FIRST + j
                scale = SCALE.get(metric, 1.0)
                plan = entry.plan[metric] / scale
                actual = None if entry.actual[metric] is None else entry.actual[metric] / scale
                if kind == "plan":
                    w.number(row, col, plan, s.number[fmt])
                elif kind == "actual":
                    if actual is None:
                        w.sheet.write_blank(row, col, None, s.input[fmt])
                    else:
                        w.number(row, col, actual, s.input[fmt])
                else:
                    a, p = ref(row - 1, col), ref(row - 2, col)
                    w.formula(row, col, f'=IF(ISNUMBER({a}),{a}-{p},"")', s.number[fmt],
                              "" if actual is None else float(actual - plan))
            rows[metric][kind] = row
            row += 1
    for metric in ("net_result", "cumulative_net_result"):
        rows[metric] = {}
        for kind, label in (("plan", "plan"), ("actual", "skønnet med de faktiske tal")):
            w.text(row, LABEL, f"{LABELS[metric]}, {label}", s.label_indent)
            w.text(row, UNIT, UNITS[metric], s.unit)
            for j, entry in enumerate(report.years):
                value = entry.plan[metric] if kind == "plan" else entry.actual[metric]
                if value is None:
                    w.text(row, FIRST + j, "–", s.unit)
                else:
                    w.number(row, FIRST + j, value, s.number["thousand_kr"])
            rows[metric][kind] = row
            row += 1
    row = _effect_rows(w, s, case, row)
    if report.criteria:
        w.text(row, LABEL, "Succeskriterier", s.label_bold)
        row += 1
        for result in report.criteria:
            c = result.criterion
            op = "mindst" if c.operator == ">=" else "højst"
            w.text(row, LABEL, f"{c.name}: {FOLLOW_UP_METRICS[c.metric].lower()} {op} "
                               f"{_plain(c.target)} i {c.year}", s.label_indent)
            w.text(row, FIRST, result.status_text, s.unit)
            row += 1
    w.text(row, LABEL, report.decision_text(), s.note)
    return row + 1, rows


def _effect_rows(w: SheetWriter, s: Styles, case: BusinessCase, row: int) -> int:
    """With several flow effects, each effect's own plan under the summed one: entrants per year
    and weeks on benefit per entrant (the summed plan weights the effects' weeks by their inflow)."""
    plans = plan_by_effect(case)
    if len(plans) < 2:
        return row
    w.text(row, LABEL, "Planen pr. effekt (tilgang og uger lægges sammen ovenfor; ugerne vægtet "
                       "med tilgangen)", s.label_bold)
    row += 1
    for plan in plans:
        w.text(row, LABEL, f"Tilgang, plan: {plan.name}", s.label_indent)
        w.text(row, UNIT, UNITS["entrants"], s.unit)
        for j, value in enumerate(plan.entrants):
            w.number(row, FIRST + j, value, s.number["persons"])
        row += 1
        w.text(row, LABEL, f"Uger på ydelse pr. tilgang, plan: {plan.name} (uden indsatsen "
                           f"{_plain(round(plan.weeks_before, 1))})", s.label_indent)
        w.text(row, UNIT, UNITS["weeks_on_benefit"], s.unit)
        for j in range(len(plan.entrants)):
            w.number(row, FIRST + j, plan.weeks_after, s.number["weeks"])
        row += 1
    return row


def _plain(value: float) -> str:
    from budgetapp.core.formatting import format_plain

    return format_plain(value)
