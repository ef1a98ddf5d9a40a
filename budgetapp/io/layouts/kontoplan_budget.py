"""Layout a: the municipality's own budget by kontoplan.

Rows per function (and optionally gruppering, dranst, art): ``5.57.71``, ``5.57.73 Kontant- og
uddannelseshjælp`` …; years by columns (``Budget 2027``, ``Overslag 2028`` …); a title block
above the table (where the unit, e.g. "1.000 kr.", and the price level are often stated);
subtotal and "I alt" rows, which are checked against the rows they sum and never read as data.
Dranst 1 is the gross expense, dranst 2 the state refusion (a negative income). Functions go to
budget lines through :mod:`budgetapp.io.layouts.kontoplan_map` (Indenrigs- og Boligministeriet:
Budget- og regnskabssystem for kommuner, hovedkonto 5 og 6; STAR: Konteringsvejledning).
"""

from __future__ import annotations

from budgetapp.core.project import Project
from budgetapp.io.cells import cell_address, display, is_blank
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts.base import (
    UNITS,
    YEAR_IN_TEXT,
    Choices,
    Field,
    LayoutResult,
    TotalCheck,
    cell,
    detect_price_level,
    detect_unit,
    fmt,
    is_total_label,
    missing_required,
    read_amount,
    suggest_header,
)
from budgetapp.io.layouts.kontoplan_map import (
    HOVEDFUNKTION,
    FunctionAmounts,
    Target,
    apply_amounts,
    build_lines,
    convert_price_level,
    parse_dranst,
    parse_function,
    parse_grouping,
    target_for,
    target_key,
)
from budgetapp.io.workbook_reader import Sheet

ID = "kontoplan"
TITLE = "Kommunens budget pr. kontoplan"
DESCRIPTION = (
    "Funktioner i rækkerne (5.57.71, 5.57.73, 5.68.90, 6.45.53 …), år i kolonnerne (Budget 2027, "
    "Overslag 2028 …), gerne med titelblok, sumrækker og beløb i 1.000 kr."
)
FIELDS = (
    Field(
        "function",
        "Funktion",
        "Kontoplanens funktion, fx 5.57.73 (teksten efter nummeret må gerne stå i samme celle)",
        True,
        ("funktion", "konto", "kontonummer", "kontonr", "funktion nr", "hovedkonto 5 og 6"),
    ),
    Field(
        "grouping",
        "Gruppering",
        "Gruppering under funktionen, fx 001 (valgfri)",
        False,
        ("grp", "gruppering nr"),
    ),
    Field(
        "dranst",
        "Dranst",
        "Dispositionsart: 1 = drift (udgift), 2 = statsrefusion (valgfri; uden den er alle beløb drift)",
        False,
        ("dranst", "dispositionsart"),
    ),
    Field(
        "art",
        "Art",
        "Artskonto (valgfri; beløbene lægges sammen pr. funktion)",
        False,
        ("artskonto", "art nr"),
    ),
    Field(
        "label",
        "Tekst",
        "Funktionens navn eller en sumtekst som 'I alt' (valgfri)",
        False,
        ("tekst", "betegnelse", "navn", "beskrivelse", "funktion tekst"),
    ),
    Field(
        "year",
        "Beløb for år",
        "En kolonne pr. år; året læses i overskriften (Budget 2027, Overslag 2028)",
        True,
        (),
        multiple=True,
    ),
)


def _year_column(text: str) -> str | None:
    return "year" if YEAR_IN_TEXT.search(text) and not is_total_label(text) else None


def detect(sheet: Sheet) -> float:
    """How well the sheet looks like this layout (0-1)."""
    _, mapping = suggest_header(sheet, FIELDS, _year_column)
    years = sum(1 for k in mapping.values() if k == "year")
    codes = sum(1 for row in sheet.rows[:200] for v in row[:4] if isinstance(v, str) and parse_function(v))
    if not years or not codes:
        return 0.0
    return min(1.0, 0.5 + 0.1 * years + 0.05 * codes)


def suggest(sheet: Sheet) -> Choices:
    row, mapping = suggest_header(sheet, FIELDS, _year_column)
    if "function" not in mapping.values():  # a function column without a header: the first with codes
        for c in range(max((len(r) for r in sheet.rows[:50]), default=0)):
            if any(parse_function(cell(r, c)) for r in sheet.rows[row + 1 : row + 60]):
                mapping[c] = "function"
                break
    unit, where = detect_unit(sheet, row)
    return Choices(sheet.name, row, mapping, unit, where, detect_price_level(sheet, row))


def _years(sheet: Sheet, choices: Choices, report: ImportReport) -> dict[int, int]:
    header = sheet.rows[choices.header_row] if choices.header_row < len(sheet.rows) else []
    out: dict[int, int] = {}
    for c in choices.columns_of("year"):
        text = str(cell(header, c))
        found = YEAR_IN_TEXT.search(text)
        address = cell_address(sheet.name, choices.header_row, c)
        if not found:
            report.error(address, text, "en overskrift med et årstal, fx 'Budget 2027'")
            continue
        year = int(found.group(1))
        if year in out.values():
            report.error(address, text, f"hvert år i én kolonne (år {year} står to gange)")
            continue
        out[c] = year
    return out


def read(sheet: Sheet, choices: Choices, project: Project) -> LayoutResult:
    """Read the sheet with the user's choices; nothing is changed (see module docstring)."""
    report = ImportReport(source=sheet.name)
    if missing_required(FIELDS, choices, report, sheet):
        return LayoutResult(report)
    years = _years(sheet, choices, report)
    if report.has_errors:
        return LayoutResult(report)
    f_col = choices.column_of("function")
    g_col, d_col = choices.column_of("grouping"), choices.column_of("dranst")
    choices.column_of("label")
    unit = choices.unit
    amounts: dict[tuple[str, int], FunctionAmounts] = {}
    targets: dict[str, Target] = {}
    data_sum = {y: 0.0 for y in years.values()}  # file units, every data row
    section = {y: 0.0 for y in years.values()}
    ignored = {y: 0.0 for y in years.values()}
    file_total: dict[int, float] = {}
    bad_section = False
    for r in range(choices.header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        texts = [str(v) for v in row if isinstance(v, str) and v.strip()]
        values = {y: cell(row, c) for c, y in years.items()}
        if all(is_blank(v) for v in values.values()) and not any(parse_function(t) for t in texts):
            continue  # title, note or spacer row
        code_cell = cell(row, f_col)
        parsed = parse_function(code_cell) if not is_blank(code_cell) else None
        label = " ".join(texts)
        if any(is_total_label(t) for t in texts) or (parsed is None and HOVEDFUNKTION.match(str(code_cell))):
            numbers = {
                y: read_amount(v, cell_address(sheet.name, r, c), report, "sumrække")
                for (c, y), v in zip(years.items(), values.values(), strict=True)
            }
            if not bad_section:
                _check_total(sheet, r, years, numbers, section, data_sum, file_total, report)
            section = {y: 0.0 for y in years.values()}
            bad_section = False
            continue
        if parsed is None:
            report.error(
                cell_address(sheet.name, r, f_col if f_col is not None else 0),
                display(code_cell),
                "en funktion fra kontoplanen, fx 5.57.73, eller en sumtekst som 'I alt'",
            )
            bad_section = True
            continue
        function, grouping = parsed
        if g_col is not None and not is_blank(cell(row, g_col)):
            grouping = parse_grouping(cell(row, g_col))
        dranst = 1
        if d_col is not None:
            dranst_value = parse_dranst(cell(row, d_col))
            if dranst_value not in (1, 2):
                report.error(
                    cell_address(sheet.name, r, d_col),
                    display(cell(row, d_col)),
                    "dranst 1 (drift) eller 2 (statsrefusion); anlæg og status indgår ikke i basisbudgettet",
                )
                bad_section = True
                continue
            dranst = dranst_value
        target = target_for(function, grouping, choices.targets)
        if target is None:
            report.error(
                cell_address(sheet.name, r, f_col),
                display(code_cell),
                f"en funktion der er knyttet til en budgetlinje; {function} er ikke. Vælg en "
                "budgetlinje for den i guidens trin 'Kontoplan' (eller 'Indlæses ikke')",
            )
            bad_section = True
            continue
        key = target_key(function, grouping, choices.targets)
        if target.target == "operation" and dranst == 2:
            report.error(
                cell_address(sheet.name, r, d_col or f_col),
                display(cell(row, d_col)),
                f"jobcenterdrift ({function}) har ingen statsrefusion; ret dranst eller "
                "knyt funktionen til en anden budgetlinje",
            )
            bad_section = True
            continue
        targets[key] = target
        row_ok = True
        for c, year in years.items():
            number = read_amount(
                cell(row, c),
                cell_address(sheet.name, r, c),
                report,
                f"beløb for {year} ({label[:40] or function})",
            )
            if number is None:
                if not is_blank(cell(row, c)):
                    row_ok = False
                continue
            data_sum[year] += number
            section[year] += number
            if target.target == "ignore":
                ignored[year] += number
            kr = convert_price_level(project, number * unit, choices.price_level)
            entry = amounts.setdefault((key, year), FunctionAmounts())
            if dranst == 1:
                entry.gross += kr
            else:
                if number > 0:
                    report.warning(
                        cell_address(sheet.name, r, c),
                        display(cell(row, c)),
                        "statsrefusion (dranst 2) som negativ indtægt; et positivt beløb er læst "
                        "som tilbagebetalt refusion (det trækkes fra refusionen)",
                    )
                entry.refusion -= kr  # booked as a negative income: -(-30.250) = 30.250 refusion
        if not row_ok:
            bad_section = True
    unit_text = UNITS.get(unit, f"× {fmt(unit, 0)} kr.")
    totals = [
        TotalCheck(str(y), data_sum[y] - ignored[y], file_total.get(y), unit_text, ignored[y])
        for y in sorted(years.values())
    ]
    if not amounts and not report.has_errors:
        report.file_error("ingen rækker med en funktion og beløb under overskriftsrækken")
    if report.has_errors:
        return LayoutResult(report, totals)
    lines, operation, names = build_lines(amounts, targets, f"{sheet.name} ({TITLE.lower()})")
    report.notes.append(
        f"{sheet.name}: {len(lines)} beløbslinjer (helårspersoner mangler), "
        f"{len(operation)} driftslinjer, år {', '.join(str(y) for y in sorted(years.values()))}"
    )
    preview = [(f"{a.target_group} · {a.area}", str(a.year), a.status) for a in lines]
    preview += [(o.name, str(o.year), "") for o in operation]
    year_set = set(years.values())
    return LayoutResult(
        report, totals, preview, lambda p: apply_amounts(p, lines, operation, names, year_set)
    )


def _check_total(
    sheet: Sheet,
    r: int,
    years: dict[int, int],
    numbers: dict[int, float | None],
    section: dict[int, float],
    everything: dict[int, float],
    file_total: dict[int, float],
    report: ImportReport,
) -> None:
    """A subtotal sums its section, a grand total everything above; else an error at its cell."""
    for c, year in years.items():
        value = numbers.get(year)
        if value is None:
            continue
        tolerance = 0.5 if float(value).is_integer() else 0.05
        if abs(value - section[year]) <= tolerance and abs(value - everything[year]) > tolerance:
            continue
        if abs(value - everything[year]) <= tolerance:
            file_total[year] = value
            continue
        report.error(
            cell_address(sheet.name, r, c),
            display(value),
            f"sumrækken for {year}: summen af rækkerne ovenfor er {fmt(section[year], 1)} "
            f"(afsnittet) eller {fmt(everything[year], 1)} (alt ovenfor); ret sumrækken eller "
            "tallene over den",
        )


def functions_found(sheet: Sheet, choices: Choices) -> list[tuple[str, Target | None]]:
    """Each function (or function/gruppering) in the table, in order, with its current target."""
    f_col, g_col = choices.column_of("function"), choices.column_of("grouping")
    seen: dict[str, Target | None] = {}
    if f_col is None:
        return []
    for row in sheet.rows[choices.header_row + 1 :]:
        parsed = parse_function(cell(row, f_col))
        if parsed is None:
            continue
        function, grouping = parsed
        if g_col is not None and not is_blank(cell(row, g_col)):
            grouping = parse_grouping(cell(row, g_col))
        key = target_key(function, grouping, choices.targets)
        seen.setdefault(key, target_for(function, grouping, choices.targets))
    return list(seen.items())
