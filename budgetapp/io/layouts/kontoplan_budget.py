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

import re

from budgetapp.core.price_index import PriceIndexError
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
    header_text,
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
    dranst_in_code,
    parse_dranst,
    parse_function,
    parse_grouping,
    target_for,
    target_key,
)
from budgetapp.io.workbook_reader import Sheet

PART_WORDS = re.compile(r"(^|\s)heraf(\s|$|:|,)")

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


def year_column(text: str) -> str | None:
    return "year" if YEAR_IN_TEXT.search(text) and not is_total_label(text) else None


def detect(sheet: Sheet) -> float:
    """How well the sheet looks like this layout (0-1)."""
    _, mapping = suggest_header(sheet, FIELDS, year_column)
    years = sum(1 for k in mapping.values() if k == "year")
    codes = sum(1 for row in sheet.rows[:200] for v in row[:4] if isinstance(v, str) and parse_function(v))
    if not years or not codes:
        return 0.0
    return min(1.0, 0.5 + 0.1 * years + 0.05 * codes)


def suggest(sheet: Sheet) -> Choices:
    row, mapping = suggest_header(sheet, FIELDS, year_column)
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
        text = header_text(cell(header, c))
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
    if choices.price_level is not None:
        try:
            project.price_index.factor(choices.price_level, project.budget.price_level_year)
        except PriceIndexError as exc:
            report.file_error(f"beløbene kan ikke omregnes fra {choices.price_level} p/l: {exc}")
    if report.has_errors:
        return LayoutResult(report)
    reader = _Reader(sheet, choices, project, years, report)
    for r in range(choices.header_row + 1, len(sheet.rows)):
        reader.row(r)
    unit_text = UNITS.get(choices.unit, f"× {fmt(choices.unit, 0)} kr.")
    totals = [
        TotalCheck(
            str(y),
            reader.data_sum[y] - reader.ignored[y],
            reader.file_total.get(y),
            unit_text,
            reader.ignored[y],
        )
        for y in sorted(years.values())
    ]
    if not reader.amounts and not report.has_errors:
        report.file_error("ingen rækker med en funktion og beløb under overskriftsrækken")
    if report.has_errors:
        return LayoutResult(report, totals)
    lines, operation, names = build_lines(reader.amounts, reader.targets, f"{sheet.name} ({TITLE.lower()})")
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


class _Reader:
    """The rows of one sheet, read one at a time: data rows into amounts, total rows checked."""

    def __init__(
        self, sheet: Sheet, choices: Choices, project: Project, years: dict[int, int], report: ImportReport
    ) -> None:
        self.sheet, self.choices, self.project, self.years, self.report = (
            sheet,
            choices,
            project,
            years,
            report,
        )
        self.f_col = choices.column_of("function")
        self.g_col, self.d_col = choices.column_of("grouping"), choices.column_of("dranst")
        self.amounts: dict[tuple[str, int], FunctionAmounts] = {}
        self.targets: dict[str, Target] = {}
        self.data_sum = {y: 0.0 for y in years.values()}  # file units, every data row
        self.section = {y: 0.0 for y in years.values()}
        self.ignored = {y: 0.0 for y in years.values()}
        self.file_total: dict[int, float] = {}
        self.bad_section = False

    def error(self, r: int, c: int | None, found: object, expected: str) -> None:
        self.report.error(
            cell_address(self.sheet.name, r, c if c is not None else 0), display(found), expected
        )
        self.bad_section = True

    def row(self, r: int) -> None:
        row = self.sheet.rows[r]
        texts = [str(v) for v in row if isinstance(v, str) and v.strip()]
        if all(is_blank(cell(row, c)) for c in self.years) and not any(parse_function(t) for t in texts):
            return  # title, note or spacer row
        code_cell = cell(row, self.f_col)
        parsed = parse_function(code_cell) if not is_blank(code_cell) else None
        part = next((t for t in texts if PART_WORDS.search(" ".join(t.lower().split()))), None)
        if part is not None:  # "heraf …": a part of the row above, already counted there
            end = cell_address(self.sheet.name, r, max(self.years, default=0)).split("!")[-1]
            self.report.warning(
                f"{cell_address(self.sheet.name, r, 0)}:{end}",
                part.strip()[:60],
                "en datarække; en heraf-række er en del af rækken ovenfor og indgår hverken i "
                "beløbene eller i sumkontrollen",
            )
            return
        if any(is_total_label(t) for t in texts) or (parsed is None and HOVEDFUNKTION.match(str(code_cell))):
            self.total_row(r, row)
            return
        if parsed is None:
            self.error(
                r,
                self.f_col,
                code_cell,
                "en funktion fra kontoplanen, fx 5.57.73, eller en sumtekst som 'I alt'",
            )
            return
        found = self.key_of(r, row, *parsed)
        if found is not None:
            self.add_amounts(r, row, *found, label=" ".join(texts)[:40] or parsed[0])

    def total_row(self, r: int, row: list[object]) -> None:
        numbers = {
            y: read_amount(cell(row, c), cell_address(self.sheet.name, r, c), self.report, "sumrække")
            for c, y in self.years.items()
        }
        if not self.bad_section:
            _check_total(
                self.sheet, r, self.years, numbers, self.section, self.data_sum, self.file_total, self.report
            )
        self.section = {y: 0.0 for y in self.years.values()}
        self.bad_section = False

    def key_of(
        self, r: int, row: list[object], function: str, grouping: str
    ) -> tuple[str, Target, int] | None:
        """(mapping key, target, dranst) of a data row, or None with the error at its cell."""
        if self.g_col is not None and not is_blank(cell(row, self.g_col)):
            grouping = parse_grouping(cell(row, self.g_col))
        dranst: int | None = dranst_in_code(cell(row, self.f_col)) or 1  # an account 5.57.71.2.001 has it
        d_col = self.f_col
        if self.d_col is not None:
            dranst, d_col = parse_dranst(cell(row, self.d_col)), self.d_col
        if dranst not in (1, 2):
            self.error(
                r,
                d_col,
                cell(row, d_col),
                "dranst 1 (drift) eller 2 (statsrefusion); anlæg og status indgår ikke i basisbudgettet",
            )
            return None
        target = target_for(function, grouping, self.choices.targets)
        if target is None:
            self.error(
                r,
                self.f_col,
                cell(row, self.f_col),
                f"en funktion der er knyttet til en budgetlinje; {function} er ikke. Vælg en "
                "budgetlinje for den i guidens trin 'Kontoplan' (eller 'Indlæses ikke')",
            )
            return None
        if target.target == "operation" and dranst == 2:
            self.error(
                r,
                self.d_col,
                cell(row, self.d_col),
                f"jobcenterdrift ({function}) har ingen statsrefusion; ret dranst eller knyt "
                "funktionen til en anden budgetlinje",
            )
            return None
        key = target_key(function, grouping, self.choices.targets)
        self.targets[key] = target
        return key, target, dranst

    def add_amounts(
        self, r: int, row: list[object], key: str, target: Target, dranst: int, label: str
    ) -> None:
        for c, year in self.years.items():
            address = cell_address(self.sheet.name, r, c)
            number = read_amount(cell(row, c), address, self.report, f"beløb for {year} ({label})")
            if number is None:
                self.bad_section = self.bad_section or not is_blank(cell(row, c))
                continue
            self.data_sum[year] += number
            self.section[year] += number
            if target.target == "ignore":
                self.ignored[year] += number
            kr = convert_price_level(self.project, number * self.choices.unit, self.choices.price_level)
            entry = self.amounts.setdefault((key, year), FunctionAmounts())
            if dranst == 1:
                entry.gross += kr
                continue
            if number > 0:
                self.report.warning(
                    address,
                    display(cell(row, c)),
                    "statsrefusion (dranst 2) som negativ indtægt; et positivt beløb er læst "
                    "som tilbagebetalt refusion (det trækkes fra refusionen)",
                )
            entry.refusion -= kr  # booked as a negative income: -(-30.250) = 30.250 refusion


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


header_field = year_column  # the wizard and --header-row name the year columns with it
