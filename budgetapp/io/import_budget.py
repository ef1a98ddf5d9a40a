"""Import the base budget from a workbook: sheet ``Budget`` (target groups by year), sheet ``Drift`` (HK6).

:func:`read_budget` never touches a project: it returns a :class:`BudgetImport` with the parsed
lines and the report. :func:`apply_budget_import` then puts the lines into a *copy* of the project,
all or nothing: a result with any error is refused and the project is left as it was.
The columns are documented in ``docs/import-formats.md`` and written by ``budgetapp template budget``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from budgetapp.core.budget import STYRINGSOMRAADER, GroupYear, OperationLine, group_year_issues
from budgetapp.core.formatting import format_number, format_plain
from budgetapp.core.rules import load_rules
from budgetapp.io.cells import display, sheet_ref
from budgetapp.io.import_common import (
    ImportRefused,
    TargetGroups,
    choose_sheet,
    construct_all,
    number_value,
    open_for_import,
    paused_gc,
    project_copy,
    source_name,
    text_or,
    text_value,
    year_value,
)
from budgetapp.io.import_report import ImportReport, Problem, Severity
from budgetapp.io.tables import Column, Table, read_table
from budgetapp.io.workbook_reader import Workbook

if TYPE_CHECKING:
    from budgetapp.core.case import Issue
    from budgetapp.core.project import Project

BUDGET_SHEET_NAMES = ("Budget", "Basisbudget", "Forsørgelse", "Budget målgrupper")
OPERATION_SHEET_NAMES = ("Drift", "Jobcenterdrift", "HK6", "Jobcenterdrift HK6")
GROSS_TOLERANCE = 1.0  # kr.: a typed gross expense may be rounded to whole kroner
# Published band shares are rounded (STAR's refusion staircase statistics show one decimal of a
# percentage, so four shares may sum to 99,9 % or 100,1 %): a sum within ± 0,5 percentage point
# of 100 % is accepted and scaled to 100 %, with a warning.
SHARE_ROUNDING = 0.005


def benefit_rule_choices() -> tuple[str, ...]:
    return tuple(r.id for r in load_rules().values() if r.applies_to == "benefit")


def budget_columns() -> tuple[Column, ...]:
    rules = benefit_rule_choices()
    return (
        Column("target_group", "Målgruppe", "text", True, ("ydelsesgruppe", "gruppe", "maalgruppe navn"),
               description="Målgruppens nøgle eller navn, fx dagpenge eller Sygedagpengemodtagere",
               example="dagpenge"),
        Column("year", "År", "year", True, ("aar", "budgetår", "regnskabsår", "år/overslagsår"),
               unit="årstal", description="Regnskabsår, budgetår eller overslagsår", example="2026"),
        Column("full_year_persons", "Helårspersoner", "number", True,
               ("fuldtidspersoner", "fuldtidsledige", "helårsmodtagere", "antal helårspersoner"),
               unit="personer", description="Antal helårspersoner (52 ydelsesuger = 1)", example="412,5",
               additive=True),
        Column("benefit", "Ydelse pr. helårsperson", "money", True,
               ("ydelse pr helårsperson kr", "forsørgelse pr. helårsperson", "ydelse pr. fuldtidsperson",
                "ydelse pr. fuldtidsledig", "udgift pr. helårsperson"),
               unit="kr. pr. år", description="Forsørgelsesudgift pr. helårsperson (brutto)",
               example="231.000"),
        Column("refusion_rule", "Refusionsregel", "choice", True, ("regel", "refusion regel"),
               description="Reglen for statens refusion eller kommunens medfinansiering", example=rules[0]
               if rules else "", choices=rules),
        Column("average_rate", "Gns. refusionssats", "share", False,
               ("gennemsnitlig refusionssats", "gns refusion", "refusionssats", "gns. sats",
                "gns. medfinansieringssats", "gennemsnitlig sats", "sats"),
               unit="%", description="Statens gennemsnitlige andel (for en medfinansieringsregel: "
               "kommunens andel). Udfyldes når fordelingen på uge-bånd ikke kendes", example="35 %",
               maximum=1.0),
        Column("band_1_4", "Andel uge 1-4", "share", False, ("uge 1-4", "andel uge 1 4"), unit="%",
               description="Andel af ydelsesugerne i uge 1-4", example="10 %", maximum=1.0),
        Column("band_5_26", "Andel uge 5-26", "share", False, ("uge 5-26",), unit="%",
               description="Andel i uge 5-26", example="40 %", maximum=1.0),
        Column("band_27_52", "Andel uge 27-52", "share", False, ("uge 27-52",), unit="%",
               description="Andel i uge 27-52", example="25 %", maximum=1.0),
        Column("band_53", "Andel uge 53+", "share", False, ("uge 53+", "andel uge 53 og derover"), unit="%",
               description="Andel fra uge 53", example="25 %", maximum=1.0),
        Column("measures", "Indsats pr. helårsperson", "money", False,
               ("beskæftigelsesindsats pr. helårsperson", "hk5 pr. helårsperson",
                "indsats pr. fuldtidsledig"),
               unit="kr. pr. år", description="Udgift til beskæftigelsesindsats (HK5) pr. helårsperson",
               example="14.500", default=0.0),
        Column("benefit_function", "Funktion ydelse", "text", False, ("funktion", "kontonummer ydelse"),
               description="Kontoplanens funktion for ydelsen", example="5.57.73", default=""),
        Column("measures_function", "Funktion indsats", "text", False, ("kontonummer indsats",),
               description="Kontoplanens funktion for indsatsen", example="5.68.90", default=""),
        Column("benefit_area", "Styringsområde ydelse", "choice", False, ("styringsområde",),
               description="Styringsområde for ydelsen", example="overførsler", choices=STYRINGSOMRAADER),
        Column("measures_area", "Styringsområde indsats", "choice", False, (),
               description="Styringsområde for indsatsen", example="service", choices=STYRINGSOMRAADER),
        Column("gross", "Bruttoudgift", "money", False, ("bruttoudgift ydelse", "udgift i alt"),
               unit="kr.", description="Kontrolfelt: helårspersoner × ydelse pr. helårsperson. "
               "Udfyldes det, kontrolleres det (±1 kr.)", example="95.287.500", additive=True),
        Column("source", "Kilde", "text", False,
               ("kilde/bemærkning", "bemærkning", "note", "kilde og bemærkning"),
               description="Hvor tallene kommer fra", example="Regnskab 2025, ØKO-udtræk", default=""),
    )


def operation_columns() -> tuple[Column, ...]:
    return (
        Column("name", "Navn", "text", True, ("linje", "post", "tekst", "betegnelse"),
               description="Driftslinjens navn", example="Sagsbehandlerløn"),
        Column("year", "År", "year", True, ("aar", "budgetår"), unit="årstal", example="2026"),
        Column("amount", "Beløb", "money", True, ("beløb kr", "udgift", "budget"), unit="kr.",
               description="Udgift til jobcenterdrift (HK6); ingen refusion", example="18.500.000",
               minimum=None, additive=True),
        Column("function", "Funktion", "text", False, ("kontonummer",), example="6.45.53", default="6.45.53"),
        Column("area", "Styringsområde", "choice", False, (), example="service", choices=STYRINGSOMRAADER,
               default="service"),
        Column("source", "Kilde", "text", False, ("kilde/bemærkning", "bemærkning", "note"), default=""),
    )


@dataclass
class BudgetImport:
    """What a budget workbook holds, and the report. Never applied when the report has errors."""

    report: ImportReport
    groups: tuple[GroupYear, ...] = ()
    operation: tuple[OperationLine, ...] | None = None  # None: the file has no Drift sheet
    group_names: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report.ok


def read_budget(
    path: str | Path | Workbook,
    known_groups: dict[str, str] | None = None,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
    include_hidden: bool | None = None,
) -> BudgetImport:
    """Read and validate a budget workbook. Safe to call off the GUI thread; changes nothing.

    ``known_groups`` (key → name, e.g. the project's ``budget.group_names``) lets the file name a
    target group by key or by name; a group that is neither is imported under the name as typed,
    with one warning. ``cancel`` is polled every few thousand rows (raise ImportCancelled);
    ``progress(row, rows)`` is called as rows are read. ``include_hidden``: hidden sheets and rows
    are an error each while None (the user must choose), read when True, left out when False.
    """
    with paused_gc():  # a large sheet is many rows and lines, none of them in a reference cycle
        return _read_budget(path, known_groups, cancel, progress, include_hidden)


def _read_budget(path: str | Path | Workbook, known_groups: dict[str, str] | None,
                 cancel: Callable[[], bool] | None,
                 progress: Callable[[int, int], None] | None,
                 include_hidden: bool | None = None) -> BudgetImport:
    report = ImportReport(source=source_name(path))
    book = open_for_import(path, report, include_hidden)
    if book is None:
        return BudgetImport(report)
    found = _read_groups_table(book, report, cancel, progress)
    if found is None:
        return BudgetImport(report)
    sheet_name, table = found
    catalog = TargetGroups(known_groups)
    groups = _groups(table, catalog, report) if table is not None else ()
    operation: tuple[OperationLine, ...] | None = None
    if book.kind != "csv":
        op_sheet = choose_sheet(book, OPERATION_SHEET_NAMES, operation_columns(), report, required=False,
                                label="drift", exclude=sheet_name)
        if op_sheet is not None:
            op_table = read_table(op_sheet, operation_columns(), report, cancel, required_rows=False,
                                  include_hidden=book.include_hidden)
            if op_table is not None and (op_table.row_numbers or op_table.bad_rows):
                operation = _operation(op_table, report)
    if table is not None:
        report.notes.append(f"{sheet_name}: {format_number(len(groups))} linjer (målgruppe og år), "
                            f"{table.totals_checked} sumrækker kontrolleret")
        _check_years(groups, catalog, report, sheet_name)
    if operation is not None:
        report.notes.append(f"Drift: {format_number(len(operation))} linjer")
    if report.has_errors:
        return BudgetImport(report)
    return BudgetImport(report, groups, operation, catalog.names_used())


def _read_groups_table(book: Workbook, report: ImportReport, cancel: Callable[[], bool] | None,
                       progress: Callable[[int, int], None] | None) -> tuple[str, Table | None] | None:
    """(sheet name, table) of the budget sheet, or None when there is none. The sheet's raw rows
    are let go once the table is read (a large sheet's rows take more memory than the table)."""
    sheet = choose_sheet(book, BUDGET_SHEET_NAMES, budget_columns(), report, required=True, label="budget")
    if sheet is None:
        return None
    table = read_table(sheet, budget_columns(), report, cancel, progress,
                       include_hidden=book.include_hidden)
    book.forget(sheet.name)
    return sheet.name, table


FIELD_COLUMNS = {
    "target_group": "target_group", "full_year_persons": "full_year_persons",
    "benefit_per_full_year_person": "benefit", "measures_per_full_year_person": "measures",
    "refusion_rule": "refusion_rule", "band_distribution": "band_1_4",
    "average_refusion_rate": "average_rate",
    "benefit_styringsomraade": "benefit_area", "measures_styringsomraade": "measures_area",
}
BANDS = ("band_1_4", "band_5_26", "band_27_52", "band_53")
NO_BANDS = (None, None, None, None)
# What group_year_issues depends on beyond the amounts (read as numbers ≥ 0) and the group's key
# (only whether it is blank): rows alike in these share one result.
ISSUE_FIELDS = ("refusion_rule", "band_distribution", "average_refusion_rate", "benefit_styringsomraade",
                "measures_styringsomraade")


def _groups(table: Table, catalog: TargetGroups, report: ImportReport) -> tuple[GroupYear, ...]:
    """The table's rows as GroupYear lines, each checked with the domain's own rules; every
    problem is reported with its cell, in file order. One path for every table.

    The checks run a column at a time; each names the rows it finds at fault, and a row with an
    error is left out of the lines (the caller then refuses the whole import). In order per row:
    an unknown target group (a warning at its first row), band shares given in full or not at
    all, summing to 100 % within published rounding (normalised, with a warning) and never
    together with an average rate (a warning: the bands are used), the domain's checks (once
    per distinct combination of the fields they depend on), the gross control, one line per
    group and year.
    """
    n = len(table.row_numbers)
    if not n:
        return ()
    found: list[tuple[int, int, Problem]] = []  # (row index, order of the check, problem)
    bad = [False] * n
    columns = _line_columns(table, catalog, found)
    _check_bands(table, columns, found, bad)
    _check_domain(table, columns, found, bad)
    _check_gross(table, found, bad)
    _check_duplicates(table, columns, found, bad)
    found.sort(key=lambda entry: (entry[0], entry[1]))
    for _, _, problem in found:
        if problem.severity is Severity.ERROR:
            report.error(problem.address, problem.found, problem.expected)
        else:
            report.warning(problem.address, problem.found, problem.expected, problem.adjusted)
    if True in bad:
        keep = [i for i in range(n) if not bad[i]]
        columns = {name: list(map(values.__getitem__, keep)) for name, values in columns.items()}
        n = len(keep)
    return tuple(construct_all(GroupYear, columns, n))


def _line_columns(table: Table, catalog: TargetGroups,
                  found: list[tuple[int, int, Problem]]) -> dict[str, list[object]]:
    """GroupYear's fields as columns (defaults filled in); unknown target groups are warned once,
    at their first row."""
    n = len(table.row_numbers)
    blank: list[object] = [None] * n
    data = table.data
    texts = data["target_group"]
    first_row: dict[object, int] = {}
    for i, text in enumerate(texts):
        first_row.setdefault(text, i)
    key_of: dict[object, str] = {}
    for text, i in first_row.items():
        scratch = ImportReport()
        r = table.row_numbers[i]
        key_of[text] = catalog.key_for(str(text), partial(table.address, r, "target_group"), scratch)
        found.extend((i, 0, problem) for problem in scratch.problems)
    return {
        "target_group": list(map(key_of.__getitem__, texts)),
        "year": data["year"],
        "full_year_persons": data["full_year_persons"],
        "benefit_per_full_year_person": data["benefit"],
        "refusion_rule": data["refusion_rule"],
        "band_distribution": blank,
        "average_refusion_rate": data.get("average_rate", blank),
        "measures_per_full_year_person": [amount or 0.0 for amount in data.get("measures", blank)],
        "benefit_function": [text or "" for text in data.get("benefit_function", blank)],
        "measures_function": [text or "5.68.90" for text in data.get("measures_function", blank)],
        "source": [text or "" for text in data.get("source", blank)],
        "benefit_styringsomraade": [area or "overførsler" for area in data.get("benefit_area", blank)],
        "measures_styringsomraade": [area or "service" for area in data.get("measures_area", blank)],
    }


def percent_text(share: object) -> str:
    """A share as the percentage the user typed or saw: 0.249 → ``24,9 %``."""
    return "" if share is None else format_plain(number_value(share, "andel") * 100.0) + " %"


def _check_bands(table: Table, columns: dict[str, list[object]], found: list[tuple[int, int, Problem]],
                 bad: list[bool]) -> None:
    """Band shares: all four or none; summing to 100 % within SHARE_ROUNDING (then normalised,
    with a warning); a rate given beside them is ignored with a warning."""
    data = table.data
    if not any(key in data for key in BANDS):
        return
    n = len(table.row_numbers)
    blank: list[object] = [None] * n
    rates = columns["average_refusion_rate"]
    bands: list[object] = []
    averages = list(rates)
    for i, shares in enumerate(zip(*(data.get(key, blank) for key in BANDS), strict=True)):
        r = table.row_numbers[i]
        if shares == NO_BANDS:
            bands.append(None)
            continue
        bands.append(None)
        if None in shares:
            blank_band = next(b for b, value in zip(BANDS, shares, strict=True) if value is None)
            found.append((i, 1, Problem(Severity.ERROR, table.address(r, blank_band), "",
                                        "alle fire andele (uge 1-4, 5-26, 27-52, 53+) eller ingen af dem")))
            bad[i] = True
            continue
        numbers = tuple(map(number_value, shares, BANDS))
        total = sum(numbers)
        typed = " + ".join(map(percent_text, numbers))
        if abs(total - 1.0) > SHARE_ROUNDING + 1e-9:
            found.append((i, 1, Problem(Severity.ERROR, table.address(r, BANDS[0]), typed,
                                        f"andele der summer til 100 % (± 0,5 procentpoint for afrunding); "
                                        f"summen er {percent_text(total)}")))
            bad[i] = True
            continue
        if abs(total - 1.0) > 1e-12:
            found.append((i, 1, Problem(Severity.WARNING, table.address(r, BANDS[0]), typed,
                                        f"andele der summer til 100 %; summen er {percent_text(total)} "
                                        "(afrunding), så andelene er skaleret til 100 %", adjusted=True)))
            numbers = tuple(share / total for share in numbers)
        bands[i] = numbers
        if rates[i] is not None:
            found.append((i, 2, Problem(Severity.WARNING, table.address(r, "average_rate"),
                                        percent_text(rates[i]), "enten fordelingen på uge-bånd eller en "
                                        "gennemsnitlig sats; fordelingen bruges, satsen ignoreres",
                                        adjusted=True)))
            averages[i] = None
    columns["band_distribution"] = bands
    columns["average_refusion_rate"] = averages


def _check_domain(table: Table, columns: dict[str, list[object]], found: list[tuple[int, int, Problem]],
                  bad: list[bool]) -> None:
    """The domain's own checks (group_year_issues), once per distinct combination of the fields
    they depend on beyond the plain amounts (read as numbers ≥ 0) and the group's key (only
    whether it is blank)."""
    names = list(columns)
    named = [bool(text_value(key, "target_group").strip()) for key in columns["target_group"]]
    combos = list(zip(named, *(columns[name] for name in ISSUE_FIELDS), strict=True))
    memo: dict[tuple[object, ...], list[Issue]] = {}
    for i, combo in enumerate(combos):
        if combo not in memo and not bad[i]:
            line = construct_all(GroupYear, {name: [columns[name][i]] for name in names}, 1)[0]
            memo[combo] = group_year_issues(line, "")
    headers = {c.key: c.header for c in budget_columns()}
    missing_said: set[str] = set()
    for i, combo in enumerate(combos):
        issues = memo.get(combo)
        if not issues or bad[i]:
            continue
        bad[i] = True
        r = table.row_numbers[i]
        for issue in issues:
            column = FIELD_COLUMNS.get(issue.field, "target_group")
            if column not in table.columns:  # the column is not in the header: say so once, not per cell
                if column not in missing_said:
                    missing_said.add(column)
                    row = table.header_row + 1
                    name = headers.get(column, column)
                    if column == "band_1_4":
                        name = "Uge 1-4 … Uge 53+"
                    found.append((i, 3, Problem(
                        Severity.ERROR, f"{sheet_ref(table.sheet)}!{row}:{row}", "-",
                        f"kolonnen '{name}' mangler i overskriftsrækken (række {row}): {issue.message}")))
                continue
            if issue.field == "band_distribution":
                shown = " + ".join(percent_text(table.data[b][i]) for b in BANDS if b in table.data)
            elif issue.field == "average_refusion_rate" and columns["average_refusion_rate"][i] is None:
                shown = ""
            elif column in ("average_rate", "band_1_4") and column in table.data:
                shown = percent_text(table.data[column][i])
            else:
                shown = display(table.data[column][i] if column in table.data else None)
            found.append((i, 3, Problem(Severity.ERROR, table.address(r, column), shown, issue.message)))


def _check_gross(table: Table, found: list[tuple[int, int, Problem]], bad: list[bool]) -> None:
    """Bruttoudgift, where given, equals persons × benefit within GROSS_TOLERANCE kr."""
    data = table.data
    if "gross" not in data:
        return
    scale = table.scale.get("gross", 1.0)
    amounts = zip(data["gross"], data["full_year_persons"], data["benefit"], strict=True)
    for i, (gross, persons, benefit) in enumerate(amounts):
        if gross is None or bad[i]:
            continue
        persons_n = number_value(persons, "full_year_persons")
        benefit_n = number_value(benefit, "benefit")
        expected = persons_n * benefit_n
        if abs(number_value(gross, "gross") - expected) > GROSS_TOLERANCE * scale:
            bad[i] = True
            found.append((i, 4, Problem(
                Severity.ERROR, table.address(table.row_numbers[i], "gross"), display(gross),
                f"Bruttoudgift = helårspersoner × ydelse pr. helårsperson = "
                f"{format_number(persons_n, 2)} × {format_number(benefit_n, 2)} = "
                f"{format_number(expected / scale, 0)}")))


def _check_duplicates(table: Table, columns: dict[str, list[object]], found: list[tuple[int, int, Problem]],
                      bad: list[bool]) -> None:
    """One line per target group and year: a second one is an error naming the first's row."""
    idents = list(zip(columns["target_group"], columns["year"], strict=True))
    if len(set(idents)) == len(idents):
        return
    seen: dict[tuple[object, object], int] = {}
    for i, ident in enumerate(idents):
        if bad[i]:
            continue
        r = table.row_numbers[i]
        if ident in seen:
            bad[i] = True
            found.append((i, 5, Problem(Severity.ERROR, table.address(r, "year"), str(ident[1]),
                                        f"målgruppen {ident[0]} kun én gang pr. år "
                                        f"(står også i række {seen[ident] + 1})")))
            continue
        seen[ident] = r


def _operation(table: Table, report: ImportReport) -> tuple[OperationLine, ...]:
    out: list[OperationLine] = []
    seen: dict[tuple[str, int], int] = {}
    for entry in table.rows:
        v = entry.values
        line = OperationLine(name=text_value(v["name"], "name"), year=year_value(v["year"]),
                             amount=number_value(v["amount"], "amount"),
                             function=text_or(v, "function", "6.45.53"),
                             styringsomraade=text_or(v, "area", "service"),
                             source=text_or(v, "source"))
        ident = (line.name, line.year)
        if ident in seen:
            report.error(table.address(entry.row, "year"), str(line.year),
                         f"linjen '{line.name}' kun én gang pr. år (står også i række {seen[ident] + 1})")
            continue
        seen[ident] = entry.row
        out.append(line)
    return tuple(out)


def _check_years(groups: tuple[GroupYear, ...], catalog: TargetGroups, report: ImportReport,
                 sheet: str) -> None:
    """Warn when a target group lacks a year the other groups have (a row probably forgotten).

    Each group has each year at most once (duplicates are errors), so a group has every year
    exactly when it has as many lines as there are years.
    """
    years = sorted(set(map(attrgetter("year"), groups)))
    counts = Counter(map(attrgetter("target_group"), groups))
    lacking: dict[str, set[int]] = {key: set() for key, count in counts.items() if count < len(years)}
    if not lacking:
        return
    for g in groups:
        if g.target_group in lacking:
            lacking[g.target_group].add(g.year)
    for key, have in lacking.items():
        missing = [y for y in years if y not in have]
        report.warning(sheet, key, "en linje for hvert år; mangler " + ", ".join(str(y) for y in missing))


def apply_budget_import(project: Project, result: BudgetImport, replace_all: bool = False) -> Project:
    """A copy of ``project`` with the imported budget lines; the original is never changed.

    The file's target-group lines replace the budget's lines *of the years the file holds*;
    the budget's other years are kept (``replace_all``: the whole base budget is replaced and
    the other years are removed). Operation lines (a Drift sheet) are treated the same way by
    year. :func:`replacement_summary` says beforehand what is replaced and removed. Raises
    ImportRefused (with the report) when the import has errors: then nothing at all is applied.
    """
    if result.report.has_errors:
        raise ImportRefused(result.report)
    budget = project.budget
    years = {g.year for g in result.groups}
    kept = [] if replace_all else [g for g in budget.groups if g.year not in years]
    groups = tuple(sorted(kept + list(result.groups), key=lambda g: g.year)) if kept else result.groups
    operation = budget.operation
    if result.operation is not None:
        op_years = {o.year for o in result.operation}
        kept_op = [] if replace_all else [o for o in budget.operation if o.year not in op_years]
        operation = (tuple(sorted(kept_op + list(result.operation), key=lambda o: o.year)) if kept_op
                     else result.operation)
    names = dict(budget.group_names)
    for key, name in result.group_names.items():
        names.setdefault(key, name)
    new_budget = replace(budget, groups=groups, operation=operation, group_names=names)
    return project_copy(project, budget=new_budget)


def replacement_summary(project: Project, result: BudgetImport, replace_all: bool = False) -> list[str]:
    """Danish lines saying which years and lines of the base budget the import replaces or removes."""
    budget = project.budget
    file_years = sorted({g.year for g in result.groups})
    had = sorted({g.year for g in budget.groups})
    if not file_years:
        return []
    out: list[str] = []
    if replace_all:
        gone = [y for y in had if y not in file_years]
        out.append(f"Erstatter hele basisbudgettet med filens år {_year_spans(file_years)}"
                   + (f": {_year_spans(gone)} fjernes" if gone else ""))
    else:
        kept = [y for y in had if y not in file_years]
        out.append(f"Erstatter basisbudgettets målgruppelinjer for {_year_spans(file_years)}"
                   + (f"; {_year_spans(kept)} beholdes uændret" if kept else ""))
    in_file = {(g.target_group, g.year) for g in result.groups}
    removed = sorted({(g.year, g.target_group) for g in budget.groups
                      if (g.target_group, g.year) not in in_file and (replace_all or g.year in file_years)})
    if removed:
        shown = ", ".join(f"{k} {y}" for y, k in removed[:12]) + (" …" if len(removed) > 12 else "")
        out.append(f"{len(removed)} linjer fjernes, fordi filen ikke har dem: {shown}")
    return out


def _year_spans(years: list[int]) -> str:
    """``2025, 2026, 2028-2030``: runs of three or more years as a span."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [f"{r[0]}-{r[-1]}" if len(r) >= 3 else ", ".join(map(str, r)) for r in runs]
    return ", ".join(parts)
