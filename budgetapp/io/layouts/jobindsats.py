"""Layout c: jobindsats.dk exports of full-time persons by ydelsesgruppe and period.

Columns ``Område``, ``Ydelsesgrupper``, ``Periode`` and ``Antal fuldtidspersoner`` (others, like
``Antal personer``, are left out). Total rows ("Ydelsesgrupper i alt") are checked against the
groups of the same area and period and never imported as data. Periods are years (``2024``) or
months/quarters (``2024M01``, ``2024K1``); a year's full-time persons is the average of its
months or quarters. The ydelsesgrupper go to target groups through the shipped
``resources/mappings/jobindsats.toml`` (STAR: jobindsats.dk, ydelsesgrupper).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from functools import cache

from budgetapp.core.budget import GroupYear, fill_persons
from budgetapp.core.project import InputSource, Project, source_key
from budgetapp.io.cells import cell_address, display, is_blank
from budgetapp.io.import_common import COMMON_GROUPS, project_copy
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts.base import (
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
    normalise,
    read_amount,
    suggest_header,
)
from budgetapp.io.workbook_reader import Sheet
from budgetapp.resources import resources_dir

ID = "jobindsats"
TITLE = "Jobindsats: fuldtidspersoner"
DESCRIPTION = "Fuldtidspersoner pr. ydelsesgruppe og periode fra jobindsats.dk, med område og i alt-rækker."
FIELDS = (
    Field(
        "area", "Område", "Kommunen; har filen flere, vælges én", False, ("omraade", "kommune", "jobcenter")
    ),
    Field(
        "group",
        "Ydelsesgruppe",
        "Jobindsats' ydelsesgruppe, fx 'A-dagpenge mv.'",
        True,
        ("ydelsesgrupper", "ydelsesgruppe", "ydelse", "maalgruppe"),
    ),
    Field(
        "period",
        "Periode",
        "År (2024), måned (2024M01) eller kvartal (2024K1); i langt format",
        False,
        ("periode", "tid", "aar"),
    ),
    Field(
        "persons",
        "Fuldtidspersoner",
        "Antal fuldtidspersoner (helårspersoner); i langt format",
        False,
        ("antal fuldtidspersoner", "fuldtidspersoner", "helaarspersoner", "fuldtidsledige"),
    ),
    Field(
        "period_column",
        "Fuldtidspersoner i perioden",
        "Bredt format: en kolonne pr. periode, perioden i overskriften (2024, 2024M01, 2024K1)",
        False,
        (),
        multiple=True,
    ),
)
MISSING_BENEFIT = "ydelse pr. helårsperson mangler"


@cache
def group_mapping() -> dict[str, str]:
    data = tomllib.loads((resources_dir() / "mappings" / "jobindsats.toml").read_text(encoding="utf-8"))
    return {_group_norm(k): v for k, v in data["groups"].items()}


def _group_norm(text: str) -> str:
    value = normalise(text)
    return re.sub(r"\s+mv$", "", value).strip()


def group_key(text: str, project: Project) -> tuple[str, bool]:
    """(target-group key, known). Unknown groups keep their name as key."""
    norm = _group_norm(text)
    if norm in group_mapping():
        return group_mapping()[norm], True
    for key, name in {**COMMON_GROUPS, **project.budget.group_names}.items():
        if norm in (_group_norm(key.replace("_", " ")), _group_norm(name)):
            return key, True
    return text.strip(), False


def header_field(text: str) -> str | None:
    """A header that is a period (``2024M01``) is a wide-format column of full-time persons."""
    return "period_column" if _period(text) is not None else None


def detect(sheet: Sheet) -> float:
    _, mapping = suggest_header(sheet, FIELDS, header_field)
    keys = set(mapping.values())
    if "group" not in keys or not ({"persons", "period"} <= keys or "period_column" in keys):
        return 0.0
    return 0.7 + 0.1 * len(keys & {"area", "period", "period_column"})


def areas(sheet: Sheet, choices: Choices) -> list[str]:
    return column_values(sheet, choices, "area")


def suggest(sheet: Sheet) -> Choices:
    row, mapping = suggest_header(sheet, FIELDS, header_field)
    choices = Choices(sheet.name, row, mapping, 1.0, "fuldtidspersoner (ingen beløb)")
    found = areas(sheet, choices)
    if len(found) == 1:  # several: chosen by the user or the project's municipality in read()
        choices.options["area"] = found[0]
    return choices


def _period(value: object) -> tuple[int, int] | None:
    """(year, sub-periods per year): 2024 → (2024, 1), 2024M01 → (2024, 12), 2024K1 → (2024, 4)."""
    text = (display(value) if not isinstance(value, str) else value).strip().replace(".", "").upper()
    found = re.fullmatch(r"(20\d\d|19\d\d)(?:([MK])(\d{1,2}))?", text)
    if not found:
        return None
    if not found.group(2):
        return int(found.group(1)), 1
    return int(found.group(1)), 12 if found.group(2) == "M" else 4


def read(sheet: Sheet, choices: Choices, project: Project) -> LayoutResult:
    report = ImportReport(source=sheet.name)
    if missing_required(FIELDS, choices, report, sheet):
        return LayoutResult(report)
    if not choices.columns_of("period_column") and not (
        choices.columns_of("period") and choices.columns_of("persons")
    ):
        report.file_error(
            "vælg kolonnerne 'Periode' og 'Fuldtidspersoner' (langt format) eller en kolonne pr. "
            "periode (bredt format) i guidens trin 'Kolonner'",
            sheet.name,
        )
        return LayoutResult(report)
    if choose_area(areas(sheet, choices), choices, project.municipality, report, sheet.name) is None:
        return LayoutResult(report)
    rows = _Rows(sheet, choices, project, report)
    for r in range(choices.header_row + 1, len(sheet.rows)):
        rows.row(r)
    rows.check_totals()
    persons = rows.persons()
    totals = []
    for year in sorted(rows.periods_per_year):
        file_values = [t for p, (t, _) in rows.period_totals.items() if (_period(p) or (0, 0))[0] == year]
        file_total = sum(file_values) / len(file_values) if file_values else None
        imported = sum(v for (_, y), v in persons.items() if y == year)
        totals.append(TotalCheck(str(year), imported, file_total, "fuldtidspersoner"))
    if not persons and not report.has_errors:
        report.file_error("ingen rækker med ydelsesgruppe, periode og fuldtidspersoner")
    if report.has_errors:
        return LayoutResult(report, totals)
    report.notes.append(f"{sheet.name}: fuldtidspersoner for {len(persons)} målgrupper og år")
    source = f"jobindsats.dk: {sheet.name}"
    preview = [(key, str(year), "") for key, year in persons]
    names = rows.names
    return LayoutResult(report, totals, preview, lambda p: apply_persons(p, persons, names, source))


class _Rows:
    """The rows of the chosen area: full-time persons per group and period, and the total rows."""

    def __init__(self, sheet: Sheet, choices: Choices, project: Project, report: ImportReport) -> None:
        self.sheet, self.choices, self.project, self.report = sheet, choices, project, report
        self.col = {f.key: choices.column_of(f.key) for f in FIELDS}
        self.sums: dict[tuple[str, int], list[float]] = {}  # (group key, year) → values per sub-period
        self.per_period: dict[str, float] = {}  # period text → sum of groups
        self.period_totals: dict[str, tuple[float, str]] = {}
        self.periods_per_year: dict[int, int] = {}
        self.names: dict[str, str] = {}

    def address(self, r: int, key: str) -> str:
        return cell_address(self.sheet.name, r, self.col[key] or 0)

    def row(self, r: int) -> None:
        row, col = self.sheet.rows[r], self.col
        wanted = self.choices.options.get("area", "")
        if all(is_blank(v) for v in row):
            return
        if col["area"] is not None and wanted and str(cell(row, col["area"])).strip() != wanted:
            return  # another area, or "Hele landet"
        label = str(cell(row, col["group"])).strip()
        wide = self.choices.columns_of("period_column")
        if wide:  # one column per period: the period is in the header
            header = self.sheet.rows[self.choices.header_row]
            pairs = [(cell(header, c), c) for c in wide]
        else:
            pairs = [(cell(row, col["period"]), col["persons"] or 0)]
        if not label and all(is_blank(cell(row, c)) for _, c in pairs):
            return  # a note or source line below the table
        for p_value, c in pairs:
            self.value(r, row, label, p_value, c)

    def value(self, r: int, row: list[object], label: str, p_value: object, c: int) -> None:
        """One group's full-time persons in one period (cell ``c`` of row ``r``)."""
        address = cell_address(self.sheet.name, r, c)
        if self.choices.columns_of("period_column") and is_blank(cell(row, c)):
            return  # a period without a figure in the wide format
        period = self.period(r, row, p_value)
        if period is None:
            return
        value = read_amount(cell(row, c), address, self.report, "fuldtidspersoner")
        p_text = str(p_value).strip() if isinstance(p_value, str) else display(p_value)
        if value is None:
            if is_blank(cell(row, c)):
                self.report.error(address, "", "fuldtidspersoner: et tal")
            return
        if is_total_label(label) or is_total_label(" ".join(str(v) for v in row if isinstance(v, str))):
            self.period_totals[p_text] = (value, address)
            return
        if value < 0:
            self.report.error(address, display(value), "fuldtidspersoner: et tal på mindst 0")
            return
        key, known = group_key(label, self.project)
        if not known and key not in self.names:
            self.report.warning(
                self.address(r, "group"),
                label,
                "en kendt ydelsesgruppe; oprettes som ny målgruppe med dette navn",
            )
        self.names.setdefault(key, label)
        self.sums.setdefault((key, period[0]), []).append(value)
        self.per_period[p_text] = self.per_period.get(p_text, 0.0) + value

    def period(self, r: int, row: list[object], p_value: object) -> tuple[int, int] | None:
        period = _period(p_value)
        if period is None:
            if not any(
                isinstance(v, str) and v.strip().lower().startswith(("kilde", "note", "anm")) for v in row
            ):
                self.report.error(
                    self.address(r, "period"),
                    display(p_value),
                    "en periode: år (2024), måned (2024M01) eller kvartal (2024K1)",
                )
            return None
        year, per_year = period
        if self.periods_per_year.setdefault(year, per_year) != per_year:
            self.report.error(
                self.address(r, "period"),
                display(p_value),
                f"samme slags periode for hele {year} (år, måneder eller kvartaler)",
            )
            return None
        return period

    def check_totals(self) -> None:
        for p_text, (total, address) in self.period_totals.items():
            tolerance = 0.5 if total.is_integer() else 0.05
            if p_text in self.per_period and abs(self.per_period[p_text] - total) > tolerance:
                self.report.error(
                    address,
                    display(total),
                    f"i alt for {p_text} = summen af ydelsesgrupperne = "
                    f"{fmt(self.per_period[p_text], 1)}; rækken indlæses ikke som data",
                )

    def persons(self) -> dict[tuple[str, int], float]:
        """Full-year persons per group and year: the year's figure, or the mean of its months or quarters."""
        persons: dict[tuple[str, int], float] = {}
        for (key, year), values in self.sums.items():
            need = self.periods_per_year[year]
            if len(values) != need:
                self.report.warning(
                    self.sheet.name,
                    f"{key} {year}",
                    f"{need} perioder i året; fandt "
                    f"{len(values)}. Helårspersoner er gennemsnittet af de fundne perioder",
                )
            persons[(key, year)] = sum(values) / len(values)
        return persons


def apply_persons(
    project: Project, persons: dict[tuple[str, int], float], names: dict[str, str], source: str
) -> Project:
    """A copy of the project with the full-year persons set.

    An existing group line gets the new persons; a benefit amount line (helårspersoner mangler)
    becomes a group line with benefit per person = amount / persons; a group and year the budget
    does not have becomes a line with the persons and the remark "ydelse pr. helårsperson mangler".
    """
    budget = project.budget
    groups = list(budget.groups)
    amounts = list(budget.amount_lines)
    sources = dict(project.sources)
    index = {(g.target_group, g.year): i for i, g in enumerate(groups)}
    for (key, year), value in persons.items():
        if (key, year) in index:
            i = index[(key, year)]
            groups[i] = replace(groups[i], full_year_persons=value)
        else:
            line = next(
                (a for a in amounts if a.target_group == key and a.year == year and a.area == "forsørgelse"),
                None,
            )
            if line is not None and value > 0:
                amounts.remove(line)
                groups.append(fill_persons(line, value))
            else:
                groups.append(GroupYear(key, year, value, 0.0, average_refusion_rate=0.0, source=source))
                sources[source_key("budget", key, year, "benefit_per_full_year_person")] = InputSource(
                    source, MISSING_BENEFIT
                )
            index[(key, year)] = len(groups) - 1
        sources[source_key("budget", key, year, "full_year_persons")] = InputSource(source, "")
    group_names = dict(budget.group_names)
    for key, name in names.items():
        group_names.setdefault(key, COMMON_GROUPS.get(key, name))
    new_budget = replace(budget, groups=tuple(groups), amount_lines=tuple(amounts), group_names=group_names)
    copy = project_copy(project, budget=new_budget)
    copy.sources = sources
    return copy
