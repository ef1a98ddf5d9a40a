"""Layout b: Statistikbanken's long format (BUDK/REGK tables), one figure per row.

Columns ``OMRÅDE;FUNKTION;DRANST;ART;PRISENHED;TID;INDHOLD`` as Danmarks Statistik exports them.
``..`` in INDHOLD means the figure is suppressed (diskretioneret): it is never read as 0; the
row is left out with a warning naming the cell. PRISENHED decides the unit (``1.000 kr.``) and
the price level (``Løbende priser``: each year's own prices); rows in another price unit than the
chosen one (``Kr. pr. indbygger``) are not amounts and are left out. An ART of "I alt" is the
file's own total of the arts of the same function, dranst and year: it is checked against them
and used as the figure only when the file has no arts below it.
"""

from __future__ import annotations

import re

from budgetapp.core.project import Project
from budgetapp.io.cells import cell_address, display, is_blank
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts.base import (
    UNITS,
    Choices,
    Field,
    LayoutResult,
    TotalCheck,
    cell,
    fmt,
    is_total_label,
    missing_required,
    read_amount,
    suggest_header,
    unit_in_text,
)
from budgetapp.io.layouts.kontoplan_map import (
    FunctionAmounts,
    Target,
    apply_amounts,
    build_lines,
    parse_dranst,
    parse_function,
    target_for,
    target_key,
)
from budgetapp.io.workbook_reader import Sheet

ID = "statistikbanken"
TITLE = "Statistikbanken (BUDK/REGK)"
DESCRIPTION = "Langt format fra Danmarks Statistik: OMRÅDE;FUNKTION;DRANST;ART;PRISENHED;TID;INDHOLD."
FIELDS = (
    Field("area", "Område", "Kommunen (OMRÅDE); har filen flere, vælges én", False, ("omraade", "kommune")),
    Field(
        "function",
        "Funktion",
        "Kontoplanens funktion (FUNKTION), fx '5.57.71 Sygedagpenge'",
        True,
        ("funktion", "funktioner"),
    ),
    Field("dranst", "Dranst", "1 Drift, 2 Statsrefusion (DRANST)", False, ("dranst", "dispositionsart")),
    Field("art", "Art", "Artsgruppe (ART); 'I alt' er filens egen sum", False, ("art", "arter")),
    Field(
        "priceunit",
        "Prisenhed",
        "Enhed og prisniveau (PRISENHED), fx 'Løbende priser (1.000 kr.)'",
        False,
        ("prisenhed", "enhed"),
    ),
    Field("time", "Tid", "Året (TID)", True, ("tid", "aar", "periode")),
    Field(
        "value",
        "Indhold",
        "Tallet (INDHOLD); '..' betyder diskretioneret og indlæses aldrig som 0",
        True,
        ("indhold", "vaerdi", "beloeb"),
    ),
)
SUPPRESSED = ("..", ".", "...")


def detect(sheet: Sheet) -> float:
    _, mapping = suggest_header(sheet, FIELDS)
    keys = set(mapping.values())
    if not {"function", "time", "value"} <= keys:
        return 0.0
    return 0.6 + 0.1 * len(keys & {"area", "dranst", "art", "priceunit"})


def price_units(sheet: Sheet, choices: Choices) -> list[str]:
    col = choices.column_of("priceunit")
    if col is None:
        return []
    return list(
        dict.fromkeys(
            str(cell(r, col)).strip()
            for r in sheet.rows[choices.header_row + 1 :]
            if not is_blank(cell(r, col))
        )
    )


def areas(sheet: Sheet, choices: Choices) -> list[str]:
    col = choices.column_of("area")
    if col is None:
        return []
    return list(
        dict.fromkeys(
            str(cell(r, col)).strip()
            for r in sheet.rows[choices.header_row + 1 :]
            if not is_blank(cell(r, col))
        )
    )


def suggest(sheet: Sheet) -> Choices:
    row, mapping = suggest_header(sheet, FIELDS)
    choices = Choices(sheet.name, row, mapping, 1000.0, "Statistikbanken angiver beløb i 1.000 kr.")
    units = [
        u for u in price_units(sheet, choices) if unit_in_text(u) is not None and "indbygger" not in u.lower()
    ]
    if units:
        choices.options["priceunit"] = units[0]
        choices.unit = unit_in_text(units[0]) or 1000.0
        choices.unit_detected = f"PRISENHED: {units[0]}"
    found = areas(sheet, choices)
    if len(found) >= 1:
        choices.options["area"] = found[0]
    return choices


def _year(value: object) -> int | None:
    text = display(value) if not isinstance(value, str) else value.strip()
    found = re.fullmatch(r"(19\d\d|20\d\d)", text.replace(".", ""))
    return int(found.group(1)) if found else None


def read(sheet: Sheet, choices: Choices, project: Project) -> LayoutResult:
    report = ImportReport(source=sheet.name)
    if missing_required(FIELDS, choices, report, sheet):
        return LayoutResult(report)
    col = {f.key: choices.column_of(f.key) for f in FIELDS}
    wanted_area = choices.options.get("area", "")
    all_areas = areas(sheet, choices)
    if len(all_areas) > 1 and wanted_area not in all_areas:
        report.file_error(
            f"filen har {len(all_areas)} områder ({', '.join(all_areas[:5])}); vælg ét i guiden "
            "(eller --option area=NAVN)",
            sheet.name,
        )
        return LayoutResult(report)
    wanted_unit = choices.options.get("priceunit", "")
    details: dict[tuple[str, int, int], float] = {}  # (function key, dranst, year) → sum of arts
    art_totals: dict[tuple[str, int, int], tuple[float, str]] = {}
    suppressed_keys: set[tuple[str, int, int]] = set()
    targets: dict[str, Target] = {}
    names: dict[str, str] = {}
    left_out_units: set[str] = set()
    for r in range(choices.header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        if all(is_blank(v) for v in row):
            continue
        if col["area"] is not None and wanted_area and str(cell(row, col["area"])).strip() != wanted_area:
            continue
        if (
            col["priceunit"] is not None
            and wanted_unit
            and str(cell(row, col["priceunit"])).strip() != wanted_unit
        ):
            left_out_units.add(str(cell(row, col["priceunit"])).strip())
            continue
        f_value = cell(row, col["function"])
        parsed = parse_function(f_value)
        if parsed is None:
            if is_total_label(str(f_value)) or re.match(r"^\s*\d\.\d{2}(?![.\d])", str(f_value)):
                continue  # a total over functions ("Hovedkonto 5 i alt", "5.57 Kontante ydelser")
            report.error(
                cell_address(sheet.name, r, col["function"]),
                display(f_value),
                "en funktion fra kontoplanen, fx '5.57.71 Sygedagpenge'",
            )
            continue
        function, grouping = parsed
        dranst = 1
        if col["dranst"] is not None:
            d = parse_dranst(cell(row, col["dranst"]))
            if d not in (1, 2):
                report.error(
                    cell_address(sheet.name, r, col["dranst"]),
                    display(cell(row, col["dranst"])),
                    "dranst 1 (drift) eller 2 (statsrefusion)",
                )
                continue
            dranst = d
        year = _year(cell(row, col["time"]))
        if year is None:
            report.error(
                cell_address(sheet.name, r, col["time"]),
                display(cell(row, col["time"])),
                "et årstal, fx 2026",
            )
            continue
        target = target_for(function, grouping, choices.targets)
        if target is None:
            report.error(
                cell_address(sheet.name, r, col["function"]),
                display(f_value),
                f"en funktion der er knyttet til en budgetlinje; {function} er ikke. Vælg en "
                "budgetlinje for den i guidens trin 'Kontoplan' (eller 'Indlæses ikke')",
            )
            continue
        key = target_key(function, grouping, choices.targets)
        targets[key] = target
        names.setdefault(key, str(f_value).strip())
        v_address = cell_address(sheet.name, r, col["value"])
        raw = cell(row, col["value"])
        ident = (key, dranst, year)
        if isinstance(raw, str) and raw.strip() in SUPPRESSED:
            report.warning(
                v_address,
                raw.strip(),
                "et tal; '..' er diskretioneret (ukendt) og indlæses ikke, "
                "heller ikke som 0. Linjen mangler i budgettet",
            )
            suppressed_keys.add(ident)
            continue
        number = read_amount(raw, v_address, report, "INDHOLD")
        if number is None:
            if is_blank(raw):
                report.error(v_address, "", "INDHOLD: et tal (eller '..' for diskretioneret)")
            continue
        art = str(cell(row, col["art"])).strip() if col["art"] is not None else ""
        if art and is_total_label(art):
            art_totals[ident] = (number, v_address)
        else:
            details[ident] = details.get(ident, 0.0) + number
    for ident, (total, address) in art_totals.items():
        if ident in details:
            if ident not in suppressed_keys and abs(details[ident] - total) > 0.5:
                report.error(
                    address, display(total), f"ART i alt = summen af arterne = {fmt(details[ident], 1)}"
                )
        elif ident not in suppressed_keys:
            details[ident] = total
    if left_out_units:
        report.notes.append("Ikke indlæst (anden prisenhed): " + ", ".join(sorted(left_out_units)))
    years = sorted({y for _, _, y in details})
    totals = []
    unit_text = UNITS.get(choices.unit, f"× {fmt(choices.unit, 0)} kr.")
    for y in years:
        imported = sum(v for (k, _, yy), v in details.items() if yy == y and targets[k].target != "ignore")
        ignored = sum(v for (k, _, yy), v in details.items() if yy == y and targets[k].target == "ignore")
        file_sum = sum(v for (_, _, yy), v in details.items() if yy == y)
        totals.append(TotalCheck(str(y), imported, file_sum, unit_text, ignored))
    if not details and not report.has_errors:
        report.file_error("ingen rækker med tal for det valgte område og den valgte prisenhed")
    if report.has_errors:
        return LayoutResult(report, totals)
    current = "løbende" in wanted_unit.lower()
    amounts: dict[tuple[str, int], FunctionAmounts] = {}
    for (key, dranst, year), number in details.items():
        kr = number * choices.unit
        source_pl = year if current else choices.price_level
        if source_pl is not None and source_pl != project.budget.price_level_year:
            kr = project.price_index.convert(kr, source_pl, project.budget.price_level_year)
        entry = amounts.setdefault((key, year), FunctionAmounts())
        if dranst == 1:
            entry.gross += kr
        else:
            entry.refusion += -kr
    lines, operation, new_names = build_lines(amounts, targets, f"Statistikbanken: {sheet.name}")
    report.notes.append(
        f"{sheet.name}: {len(lines)} beløbslinjer (helårspersoner mangler), {len(operation)} driftslinjer"
    )
    preview = [(f"{a.target_group} · {a.area}", str(a.year), a.status) for a in lines]
    preview += [(o.name, str(o.year), "") for o in operation]
    return LayoutResult(
        report, totals, preview, lambda p: apply_amounts(p, lines, operation, new_names, set(years))
    )


def functions_found(sheet: Sheet, choices: Choices) -> list[tuple[str, Target | None]]:
    col = choices.column_of("function")
    seen: dict[str, Target | None] = {}
    if col is None:
        return []
    for row in sheet.rows[choices.header_row + 1 :]:
        parsed = parse_function(cell(row, col))
        if parsed:
            seen.setdefault(target_key(*parsed, choices.targets), target_for(*parsed, choices.targets))
    return list(seen.items())
