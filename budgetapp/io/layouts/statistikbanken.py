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

from budgetapp.core.price_index import PriceIndexError
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
    choose_area,
    column_values,
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
    return column_values(sheet, choices, "priceunit")


def areas(sheet: Sheet, choices: Choices) -> list[str]:
    return column_values(sheet, choices, "area")


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
    if len(found) == 1:  # several: chosen by the user or the project's municipality in read()
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
    if choose_area(areas(sheet, choices), choices, project.municipality, report, sheet.name) is None:
        return LayoutResult(report)
    rows = _Rows(sheet, choices, report)
    for r in range(choices.header_row + 1, len(sheet.rows)):
        rows.row(r)
    details = rows.figures()
    years = sorted({y for _, _, y in details})
    unit_text = UNITS.get(choices.unit, f"× {fmt(choices.unit, 0)} kr.")
    totals = []
    for y in years:
        ignored = sum(
            v for (k, _, yy), v in details.items() if yy == y and rows.targets[k].target == "ignore"
        )
        file_sum = sum(v for (_, _, yy), v in details.items() if yy == y)
        # The long format has no total row of its own: the check says "ingen sumrække", never
        # "stemmer" against the very rows it sums.
        totals.append(TotalCheck(str(y), file_sum - ignored, None, unit_text, ignored))
    if not details and not report.has_errors:
        report.file_error("ingen rækker med tal for det valgte område og den valgte prisenhed")
    amounts = {} if report.has_errors else _in_kroner(details, choices, project, report)
    if report.has_errors:
        return LayoutResult(report, totals)
    lines, operation, new_names = build_lines(amounts, rows.targets, f"Statistikbanken: {sheet.name}")
    # A line with no figure at all in the file for a year ('..' only): the project's own is kept.
    given = {(k, y) for k, _, y in details}
    blank = {
        (k, y) for k, _, y in rows.suppressed if (k, y) not in given and rows.targets[k].target != "ignore"
    }
    keep = frozenset(
        (rows.targets[k].name or k, y) for k, y in blank if rows.targets[k].target != "operation"
    )
    keep_functions = frozenset(
        (k.split("/")[0], y) for k, y in blank if rows.targets[k].target == "operation"
    )
    report.notes.append(
        f"{sheet.name}: {len(lines)} beløbslinjer (helårspersoner mangler), {len(operation)} driftslinjer"
    )
    preview = [(f"{a.target_group} · {a.area}", str(a.year), a.status) for a in lines]
    preview += [(o.name, str(o.year), "") for o in operation]
    return LayoutResult(
        report,
        totals,
        preview,
        lambda p: apply_amounts(p, lines, operation, new_names, set(years), keep, keep_functions),
    )


def _in_kroner(
    details: dict[tuple[str, int, int], float], choices: Choices, project: Project, report: ImportReport
) -> dict[tuple[str, int], FunctionAmounts]:
    """Gross and refusion per function and year in kr. at the budget's price level.

    ``Løbende priser`` are each year's own prices; otherwise the chosen price level applies.
    A year the project's price index lacks is an error (nothing is guessed).
    """
    current = "løbende" in choices.options.get("priceunit", "").lower()
    to_year = project.budget.price_level_year
    amounts: dict[tuple[str, int], FunctionAmounts] = {}
    for (key, dranst, year), number in details.items():
        kr = number * choices.unit
        source_pl = year if current else choices.price_level
        if source_pl is not None and source_pl != to_year:
            try:
                kr = project.price_index.convert(kr, source_pl, to_year)
            except PriceIndexError as exc:
                report.file_error(f"beløbene for {year} kan ikke omregnes til {to_year} p/l: {exc}")
                return {}
        entry = amounts.setdefault((key, year), FunctionAmounts())
        if dranst == 1:
            entry.gross += kr
        else:
            entry.refusion -= kr  # refusion is a negative income in the table
    return amounts


class _Rows:
    """The table's rows for the chosen area and price unit, summed per function, dranst and year."""

    def __init__(self, sheet: Sheet, choices: Choices, report: ImportReport) -> None:
        self.sheet, self.choices, self.report = sheet, choices, report
        self.col = {f.key: choices.column_of(f.key) for f in FIELDS}
        self.details: dict[tuple[str, int, int], float] = {}  # (function key, dranst, year) → sum of arts
        self.art_totals: dict[tuple[str, int, int], tuple[float, str]] = {}
        self.suppressed: set[tuple[str, int, int]] = set()
        self.targets: dict[str, Target] = {}
        self.left_out_units: set[str] = set()

    def text(self, row: list[object], key: str) -> str:
        col = self.col[key]
        return str(cell(row, col)).strip() if col is not None else ""

    def error(self, r: int, key: str, row: list[object], expected: str) -> None:
        col = self.col[key] or 0
        self.report.error(cell_address(self.sheet.name, r, col), display(cell(row, col)), expected)

    def row(self, r: int) -> None:
        row = self.sheet.rows[r]
        area, unit = self.choices.options.get("area", ""), self.choices.options.get("priceunit", "")
        if all(is_blank(v) for v in row) or (
            area and self.col["area"] is not None and self.text(row, "area") != area
        ):
            return
        if unit and self.col["priceunit"] is not None and self.text(row, "priceunit") != unit:
            self.left_out_units.add(self.text(row, "priceunit"))
            return
        ident = self.ident(r, row)
        if ident is None:
            return
        v_address = cell_address(self.sheet.name, r, self.col["value"])  # type: ignore[arg-type]
        raw = cell(row, self.col["value"])
        if isinstance(raw, str) and raw.strip() in SUPPRESSED:
            self.report.warning(
                v_address,
                raw.strip(),
                "et tal; '..' er diskretioneret (ukendt) og indlæses ikke, heller ikke som 0. Har "
                "linjen ingen andre tal i året, beholdes projektets egne tal for den uændret",
            )
            self.suppressed.add(ident)
            return
        number = read_amount(raw, v_address, self.report, "INDHOLD")
        if number is None:
            if is_blank(raw):
                self.report.error(v_address, "", "INDHOLD: et tal (eller '..' for diskretioneret)")
            return
        art = self.text(row, "art")
        if art and is_total_label(art):
            self.art_totals[ident] = (number, v_address)
        else:
            self.details[ident] = self.details.get(ident, 0.0) + number

    def ident(self, r: int, row: list[object]) -> tuple[str, int, int] | None:
        """(function key, dranst, year) of a data row; None for a total over functions or an error."""
        f_value = cell(row, self.col["function"])
        parsed = parse_function(f_value)
        if parsed is None:
            if not (is_total_label(str(f_value)) or re.match(r"^\s*\d\.\d{2}(?![.\d])", str(f_value))):
                self.error(r, "function", row, "en funktion fra kontoplanen, fx '5.57.71 Sygedagpenge'")
            return None  # else a total over functions ("Hovedkonto 5 i alt", "5.57 Kontante ydelser")
        dranst = 1
        if self.col["dranst"] is not None:
            dranst = parse_dranst(cell(row, self.col["dranst"])) or 0
            if dranst not in (1, 2):
                self.error(r, "dranst", row, "dranst 1 (drift) eller 2 (statsrefusion)")
                return None
        year = _year(cell(row, self.col["time"]))
        if year is None:
            self.error(r, "time", row, "et årstal, fx 2026")
            return None
        target = target_for(*parsed, self.choices.targets)
        if target is None:
            self.error(
                r,
                "function",
                row,
                f"en funktion der er knyttet til en budgetlinje; {parsed[0]} er ikke. "
                "Vælg en budgetlinje for den i guidens trin 'Kontoplan' (eller 'Indlæses ikke')",
            )
            return None
        key = target_key(*parsed, self.choices.targets)
        self.targets[key] = target
        return key, dranst, year

    def figures(self) -> dict[tuple[str, int, int], float]:
        """The figures: the arts added up; an ART "i alt" checked against them, or used when alone."""
        details = dict(self.details)
        for ident, (total, address) in self.art_totals.items():
            if ident in self.suppressed:
                continue
            if ident not in details:
                details[ident] = total
            elif abs(details[ident] - total) > 0.5:
                self.report.error(
                    address, display(total), f"ART i alt = summen af arterne = {fmt(details[ident], 1)}"
                )
        if self.left_out_units:
            self.report.notes.append(
                "Ikke indlæst (anden prisenhed): " + ", ".join(sorted(self.left_out_units))
            )
        return details


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
