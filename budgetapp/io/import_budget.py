"""Import the base budget from a workbook: sheet ``Budget`` (target groups by year), sheet ``Drift`` (HK6).

:func:`read_budget` never touches a project: it returns a :class:`BudgetImport` with the parsed
lines and the report. :func:`apply_budget_import` then puts the lines into a *copy* of the project,
all or nothing: a result with any error is refused and the project is left as it was.
The columns are documented in ``docs/import-formats.md`` and written by ``budgetapp template budget``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, replace
from dataclasses import fields as dataclass_fields
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
    open_for_import,
    project_copy,
)
from budgetapp.io.import_report import ImportReport
from budgetapp.io.tables import Column, Table, read_table

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
    path: str | Path,
    known_groups: dict[str, str] | None = None,
    cancel: Callable[[], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BudgetImport:
    """Read and validate a budget workbook. Safe to call off the GUI thread; changes nothing.

    ``known_groups`` (key → name, e.g. the project's ``budget.group_names``) lets the file name a
    target group by key or by name; a group that is neither is imported under the name as typed,
    with one warning. ``cancel`` is polled every few thousand rows (raise ImportCancelled);
    ``progress(row, rows)`` is called as rows are read.
    """
    report = ImportReport(source=Path(path).name)
    book = open_for_import(path, report)
    if book is None:
        return BudgetImport(report)
    groups_cols = budget_columns()
    sheet = choose_sheet(book, BUDGET_SHEET_NAMES, groups_cols, report, required=True, label="budget")
    if sheet is None:
        return BudgetImport(report)
    table = read_table(sheet, groups_cols, report, cancel, progress)
    catalog = TargetGroups(known_groups)
    groups = _groups(table, catalog, report) if table is not None else ()
    operation: tuple[OperationLine, ...] | None = None
    if book.kind != "csv":
        op_sheet = choose_sheet(book, OPERATION_SHEET_NAMES, operation_columns(), report, required=False,
                                label="drift", exclude=sheet.name)
        if op_sheet is not None:
            op_table = read_table(op_sheet, operation_columns(), report, cancel, required_rows=False)
            if op_table is not None and (op_table.rows or op_table.bad_rows):
                operation = _operation(op_table, report)
    if table is not None:
        report.notes.append(f"{sheet.name}: {format_number(len(groups))} linjer (målgruppe og år), "
                            f"{table.totals_checked} sumrækker kontrolleret")
        _check_years(groups, catalog, report, sheet.name)
    if operation is not None:
        report.notes.append(f"Drift: {format_number(len(operation))} linjer")
    if report.has_errors:
        return BudgetImport(report)
    return BudgetImport(report, groups, operation, catalog.names_used())


FIELD_COLUMNS = {
    "target_group": "target_group", "full_year_persons": "full_year_persons",
    "benefit_per_full_year_person": "benefit", "measures_per_full_year_person": "measures",
    "refusion_rule": "refusion_rule", "band_distribution": "band_1_4",
    "average_refusion_rate": "average_rate",
    "benefit_styringsomraade": "benefit_area", "measures_styringsomraade": "measures_area",
}
BANDS = ("band_1_4", "band_5_26", "band_27_52", "band_53")


def _groups(table: Table, catalog: TargetGroups, report: ImportReport) -> tuple[GroupYear, ...]:
    out: list[GroupYear] = []
    seen: dict[tuple[str, int], int] = {}
    issue_memo: dict[tuple, list] = {}
    make = _group_year_factory()
    gross_scale = table.scale.get("gross", 1.0)
    for entry in table.rows:
        v = entry.values
        r = entry.row
        key = catalog.key_for(str(v["target_group"]), lambda r=r: table.address(r, "target_group"), report)
        bands = (v.get("band_1_4"), v.get("band_5_26"), v.get("band_27_52"), v.get("band_53"))
        if bands == (None, None, None, None):
            band_distribution = None
            average = v.get("average_rate")
        elif None in bands:
            blank = next(b for b, value in zip(BANDS, bands, strict=True) if value is None)
            report.error(table.address(r, blank), "",
                         "alle fire andele (uge 1-4, 5-26, 27-52, 53+) eller ingen af dem")
            continue
        else:
            band_distribution = bands
            average = None
            if v.get("average_rate") is not None:
                report.warning(table.address(r, "average_rate"), display(v["average_rate"]),
                               "enten fordelingen på uge-bånd eller en gennemsnitlig sats; "
                               "fordelingen bruges, satsen ignoreres")
        fields = {
            "target_group": key,
            "year": v["year"],
            "full_year_persons": v["full_year_persons"],
            "benefit_per_full_year_person": v["benefit"],
            "refusion_rule": v["refusion_rule"],
            "band_distribution": band_distribution,
            "average_refusion_rate": average,
            "measures_per_full_year_person": v.get("measures") or 0.0,
            "benefit_function": v.get("benefit_function") or "",
            "measures_function": v.get("measures_function") or "5.68.90",
            "source": v.get("source") or "",
            "benefit_styringsomraade": v.get("benefit_area") or "overførsler",
            "measures_styringsomraade": v.get("measures_area") or "service",
        }
        issues = _issues(fields, issue_memo)
        for issue in issues:
            column = FIELD_COLUMNS.get(issue.field, "target_group")
            if issue.field == "band_distribution":
                found = " + ".join(display(b) for b in bands)
            elif issue.field == "average_refusion_rate" and v.get("average_rate") is None:
                found = ""
            else:
                found = display(v.get(column))
            report.error(table.address(r, column), found, issue.message)
        if issues:
            continue
        gross = v.get("gross")
        if gross is not None:
            persons = float(v["full_year_persons"])  # type: ignore[arg-type]
            benefit = float(v["benefit"])  # type: ignore[arg-type]
            expected = persons * benefit
            if abs(float(gross) - expected) > GROSS_TOLERANCE * gross_scale:  # type: ignore[arg-type]
                report.error(table.address(r, "gross"), display(gross),
                             f"Bruttoudgift = helårspersoner × ydelse pr. helårsperson = "
                             f"{format_number(persons, 2)} × {format_number(benefit, 2)} = "
                             f"{format_number(expected / gross_scale, 0)}")
                continue
        ident = (key, fields["year"])
        if ident in seen:
            report.error(table.address(r, "year"), str(fields["year"]),
                         f"målgruppen {key} kun én gang pr. år (står også i række {seen[ident] + 1})")  # type: ignore[index]
            continue
        seen[ident] = r  # type: ignore[index]
        out.append(make(fields))
    return tuple(out)


def _group_year_factory():
    """Build GroupYear objects from validated fields, fast when it is safe.

    A frozen dataclass's ``__init__`` sets each of its 15 fields through ``object.__setattr__``
    (about 3,5 µs a row, 0,7 s for 200.000 rows). When GroupYear is a plain frozen dataclass
    (no ``__post_init__``, no slots) and the import supplies exactly its fields, filling the
    instance dict directly gives an equal object; otherwise the normal constructor is used.
    """
    names = {f.name for f in dataclass_fields(GroupYear)}
    defaults = {f.name: f.default for f in dataclass_fields(GroupYear)
                if f.default is not MISSING and f.name not in IMPORTED_FIELDS}
    safe = (not hasattr(GroupYear, "__post_init__") and not hasattr(GroupYear, "__slots__")
            and IMPORTED_FIELDS | defaults.keys() == names)

    def make(fields: dict[str, object]) -> GroupYear:
        fields.update(defaults)
        if safe:
            obj = object.__new__(GroupYear)
            obj.__dict__.update(fields)
            return obj
        return GroupYear(**{k: v for k, v in fields.items() if k in names})  # type: ignore[arg-type]

    return make


IMPORTED_FIELDS = frozenset((
    "target_group", "year", "full_year_persons", "benefit_per_full_year_person", "refusion_rule",
    "band_distribution", "average_refusion_rate", "measures_per_full_year_person", "benefit_function",
    "measures_function", "source", "benefit_styringsomraade", "measures_styringsomraade"))


def _issues(fields: dict[str, object], memo: dict[tuple, list]) -> list:
    """The domain's own checks (``group_year_issues``), remembered per combination of the fields
    they depend on beyond the plain amounts.

    The amounts (persons, benefit, measures) were already checked as numbers ≥ 0 when the cells
    were read, so rows with the same rule, bands, rates and styringsområder share one result.
    """
    key = (bool(str(fields["target_group"]).strip()), fields["refusion_rule"], fields["band_distribution"],
           fields["average_refusion_rate"], fields["benefit_styringsomraade"],
           fields["measures_styringsomraade"])
    found = memo.get(key)
    if found is None:
        found = group_year_issues(GroupYear(**fields), "")  # type: ignore[arg-type]
        if len(memo) < 10_000:
            memo[key] = found
    return found


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
    """Warn when a target group lacks a year the other groups have (a row probably forgotten)."""
    years = sorted({g.year for g in groups})
    by_group: dict[str, set[int]] = {}
    for g in groups:
        by_group.setdefault(g.target_group, set()).add(g.year)
    for key, have in by_group.items():
        missing = [y for y in years if y not in have]
        if missing:
            report.warning(sheet, key, "en linje for hvert år; mangler "
                           + ", ".join(str(y) for y in missing))


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
