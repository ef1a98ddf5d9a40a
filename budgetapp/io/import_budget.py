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
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from budgetapp.core.budget import STYRINGSOMRAADER, GroupYear, OperationLine, group_year_issues
from budgetapp.core.formatting import format_number
from budgetapp.core.rules import load_rules
from budgetapp.io.cells import display
from budgetapp.io.import_common import (
    ImportRefused,
    TargetGroups,
    choose_sheet,
    construct_all,
    open_for_import,
    paused_gc,
    project_copy,
    source_name,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, Table, read_table
from budgetapp.io.workbook_reader import Workbook

if TYPE_CHECKING:
    from budgetapp.core.project import Project

BUDGET_SHEET_NAMES = ("Budget", "Basisbudget", "Forsørgelse", "Budget målgrupper")
OPERATION_SHEET_NAMES = ("Drift", "Jobcenterdrift", "HK6", "Jobcenterdrift HK6")
GROSS_TOLERANCE = 1.0  # kr.: a typed gross expense may be rounded to whole kroner


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
    """The table's rows as GroupYear lines, each checked with the domain's own rules.

    A table whose rows give nothing to report but unknown target groups is built column by
    column; any other table row by row, so the report lists its problems in file order.
    """
    groups = _groups_by_column(table, catalog, report)
    return _groups_by_row(table, catalog, report) if groups is None else groups


def _groups_by_column(table: Table, catalog: TargetGroups,
                      report: ImportReport) -> tuple[GroupYear, ...] | None:
    """The lines when no row has a problem to report (checked first, reporting nothing), else None.

    The checks are those of :func:`_groups_by_row`, applied to whole columns: band shares given
    in full or not at all and never together with an average rate, the domain's checks once per
    distinct combination of the fields they depend on, the gross control, one line per group and
    year. Only the warnings for unknown target groups are then reported, in order of first row.
    """
    rows = table.row_numbers
    n = len(rows)
    if not n:
        return None
    blank: list[object] = [None] * n
    data = table.data
    texts = data["target_group"]
    rates = data.get("average_rate", blank)
    key_of = {text: catalog.key_of(str(text)) for text in dict.fromkeys(texts)}
    columns: dict[str, list[object]] = {
        "target_group": list(map(key_of.__getitem__, texts)),
        "year": data["year"],
        "full_year_persons": data["full_year_persons"],
        "benefit_per_full_year_person": data["benefit"],
        "refusion_rule": data["refusion_rule"],
        "band_distribution": blank,
        "average_refusion_rate": rates,
        "measures_per_full_year_person": [amount or 0.0 for amount in data.get("measures", blank)],
        "benefit_function": [text or "" for text in data.get("benefit_function", blank)],
        "measures_function": [text or "5.68.90" for text in data.get("measures_function", blank)],
        "source": [text or "" for text in data.get("source", blank)],
        "benefit_styringsomraade": [area or "overførsler" for area in data.get("benefit_area", blank)],
        "measures_styringsomraade": [area or "service" for area in data.get("measures_area", blank)],
    }
    if any(key in data for key in BANDS):
        bands = [None if shares == NO_BANDS else shares
                 for shares in zip(*(data.get(key, blank) for key in BANDS), strict=True)]
        if any(shares is not None and (None in shares or rate is not None)
               for shares, rate in zip(bands, rates, strict=True)):
            return None  # a band share missing (error), or bands and a rate (warning)
        columns["band_distribution"] = bands
        columns["average_refusion_rate"] = [rate if shares is None else None
                                            for shares, rate in zip(bands, rates, strict=True)]

    # The domain's checks once per combination (as _groups_by_row remembers them), on its first row.
    named = {text: bool(key.strip()) for text, key in key_of.items()}
    first_rows: dict[tuple, int] = {}
    for i, combo in enumerate(zip(map(named.__getitem__, texts), *(columns[name] for name in ISSUE_FIELDS),
                                  strict=True)):
        if combo not in first_rows:
            first_rows[combo] = i
    names = list(columns)
    if any(group_year_issues(GroupYear(**{name: columns[name][i] for name in names}), "")  # type: ignore[arg-type]
           for i in first_rows.values()):
        return None
    if "gross" in data:
        tolerance = GROSS_TOLERANCE * table.scale.get("gross", 1.0)
        amounts = zip(data["gross"], data["full_year_persons"], data["benefit"], strict=True)
        if any(gross is not None and abs(float(gross) - float(p) * float(b)) > tolerance  # type: ignore[arg-type]
               for gross, p, b in amounts):
            return None
    # One line per group and year (equal hashes may be a false alarm: then row by row decides).
    if len(set(map(hash, zip(columns["target_group"], columns["year"], strict=True)))) < n:
        return None
    first_row_of = dict(zip(reversed(texts), reversed(rows), strict=True))
    for text in key_of:
        catalog.key_for(str(text), lambda r=first_row_of[text]: table.address(r, "target_group"), report)
    return tuple(construct_all(GroupYear, columns, n))


def _groups_by_row(table: Table, catalog: TargetGroups, report: ImportReport) -> tuple[GroupYear, ...]:
    """The lines, row by row; every problem is reported with its cell."""
    out: list[GroupYear] = []
    seen: dict[tuple[str, int], int] = {}
    issue_memo: dict[tuple, list] = {}
    keys: dict[str, tuple[str, bool]] = {}  # text in the file → (key, key not blank)
    gross_scale = table.scale.get("gross", 1.0)
    blank: list[object] = [None] * len(table.row_numbers)
    columns = [table.data.get(key, blank) for key in (
        "target_group", "year", "full_year_persons", "benefit", "refusion_rule", "average_rate", *BANDS,
        "measures", "benefit_function", "measures_function", "source", "benefit_area", "measures_area",
        "gross")]
    for i, (r, text, year, persons, benefit, rule, rate, b1, b2, b3, b4, measures, benefit_function,
            measures_function, source, benefit_area, measures_area, gross) in enumerate(
            zip(table.row_numbers, *columns, strict=True)):
        known = keys.get(text)  # type: ignore[arg-type]
        if known is None:
            key = catalog.key_for(str(text), lambda r=r: table.address(r, "target_group"), report)
            known = keys[text] = (key, bool(key.strip()))  # type: ignore[index]
        key = known[0]
        bands = (b1, b2, b3, b4)
        if bands == (None, None, None, None):
            band_distribution = None
            average = rate
        elif None in bands:
            blank_band = next(b for b, value in zip(BANDS, bands, strict=True) if value is None)
            report.error(table.address(r, blank_band), "",
                         "alle fire andele (uge 1-4, 5-26, 27-52, 53+) eller ingen af dem")
            continue
        else:
            band_distribution = bands
            average = None
            if rate is not None:
                report.warning(table.address(r, "average_rate"), display(rate),
                               "enten fordelingen på uge-bånd eller en gennemsnitlig sats; "
                               "fordelingen bruges, satsen ignoreres")
        benefit_area = benefit_area or "overførsler"
        measures_area = measures_area or "service"
        line = GroupYear(
            target_group=key, year=year, full_year_persons=persons,  # type: ignore[arg-type]
            benefit_per_full_year_person=benefit, refusion_rule=rule,  # type: ignore[arg-type]
            band_distribution=band_distribution, average_refusion_rate=average,  # type: ignore[arg-type]
            measures_per_full_year_person=measures or 0.0,  # type: ignore[arg-type]
            benefit_function=benefit_function or "", measures_function=measures_function or "5.68.90",
            source=source or "", benefit_styringsomraade=benefit_area,  # type: ignore[arg-type]
            measures_styringsomraade=measures_area)  # type: ignore[arg-type]
        # The domain's own checks, remembered per combination of the fields they depend on
        # beyond the plain amounts (already read as numbers ≥ 0).
        memo_key = (known[1], rule, band_distribution, average, benefit_area, measures_area)
        issues = issue_memo.get(memo_key)
        if issues is None:
            issues = group_year_issues(line, "")
            if len(issue_memo) < 10_000:
                issue_memo[memo_key] = issues
        for issue in issues:
            column = FIELD_COLUMNS.get(issue.field, "target_group")
            if issue.field == "band_distribution":
                found = " + ".join(display(b) for b in bands)
            elif issue.field == "average_refusion_rate" and rate is None:
                found = ""
            else:
                found = display(table.data[column][i] if column in table.data else None)
            report.error(table.address(r, column), found, issue.message)
        if issues:
            continue
        if gross is not None:
            expected = float(persons) * float(benefit)  # type: ignore[arg-type]
            if abs(float(gross) - expected) > GROSS_TOLERANCE * gross_scale:  # type: ignore[arg-type]
                report.error(table.address(r, "gross"), display(gross),
                             f"Bruttoudgift = helårspersoner × ydelse pr. helårsperson = "
                             f"{format_number(float(persons), 2)} × "  # type: ignore[arg-type]
                             f"{format_number(float(benefit), 2)} = "  # type: ignore[arg-type]
                             f"{format_number(expected / gross_scale, 0)}")
                continue
        ident = (key, year)
        if ident in seen:
            report.error(table.address(r, "year"), str(year),
                         f"målgruppen {key} kun én gang pr. år (står også i række {seen[ident] + 1})")  # type: ignore[index]
            continue
        seen[ident] = r  # type: ignore[index]
        out.append(line)
    return tuple(out)


def _operation(table: Table, report: ImportReport) -> tuple[OperationLine, ...]:
    out: list[OperationLine] = []
    seen: dict[tuple[str, int], int] = {}
    for entry in table.rows:
        v = entry.values
        line = OperationLine(name=str(v["name"]), year=int(v["year"]),  # type: ignore[arg-type]
                             amount=float(v["amount"]),  # type: ignore[arg-type]
                             function=str(v.get("function") or "6.45.53"),
                             styringsomraade=str(v.get("area") or "service"),
                             source=str(v.get("source") or ""))
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


def apply_budget_import(project: Project, result: BudgetImport) -> Project:
    """A copy of ``project`` with the imported budget lines; the original is never changed.

    The target-group lines replace the budget's lines; the operation lines replace the
    budget's operation lines when the file had a Drift sheet. Raises ImportRefused (with the
    report) when the import has errors: then nothing at all is applied.
    """
    if result.report.has_errors:
        raise ImportRefused(result.report)
    groups = result.groups
    budget = project.budget
    names = dict(budget.group_names)
    for key, name in result.group_names.items():
        names.setdefault(key, name)
    new_budget = replace(budget, groups=groups,
                         operation=budget.operation if result.operation is None else result.operation,
                         group_names=names)
    return project_copy(project, budget=new_budget)
