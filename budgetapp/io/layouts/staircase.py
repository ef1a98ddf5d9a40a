"""Layout d: STAR's staircase positions, the shares of benefit weeks per band as published.

One row per ydelsesgruppe (and optionally year), columns for weeks 1-4, 5-26, 27-52 and 53+
(and often an "I alt" column), in per cent with one decimal. Published shares are rounded, so a
row summing to 99,9 % or 100,1 % is accepted within ± 0,5 percentage point, normalised to
100 %, and reported with a warning in the percentages as typed; further off is an error at the
row. Rows like "Alle ydelsesgrupper i alt" are not data. The shares replace the band distribution
(and any average refusion rate) of the group's budget lines: all its years, or the row's year.
Source of the bands: Lov om kommunernes finansiering af visse offentlige ydelser efter lov om
aktiv socialpolitik m.v., § 5, stk. 2 (refusionstrappen: uge 1-4, 5-26, 27-52, 53+).
"""

from __future__ import annotations

from dataclasses import replace

from budgetapp.core.project import Project
from budgetapp.io.cells import CellError, cell_address, display, is_blank, to_year
from budgetapp.io.import_common import project_copy
from budgetapp.io.import_report import ImportReport
from budgetapp.io.layouts.base import (
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
)
from budgetapp.io.layouts.jobindsats import group_key
from budgetapp.io.workbook_reader import Sheet

ID = "refusionstrappe"
TITLE = "STAR: placering på refusionstrappen"
DESCRIPTION = (
    "Andel af ydelsesugerne i uge 1-4, 5-26, 27-52 og 53+ pr. ydelsesgruppe, som STAR offentliggør dem."
)
BANDS = ("band_1_4", "band_5_26", "band_27_52", "band_53")
FIELDS = (
    Field(
        "group",
        "Ydelsesgruppe",
        "Målgruppen eller jobindsats' ydelsesgruppe",
        True,
        ("ydelsesgrupper", "maalgruppe", "ydelse"),
    ),
    Field(
        "year",
        "År",
        "Året andelene gælder (valgfri: uden år gælder de alle budgettets år)",
        False,
        ("aar", "periode", "tid"),
    ),
    Field(
        "band_1_4", "Uge 1-4", "Andel af ydelsesugerne i uge 1-4 (%)", True, ("1 4 uger", "uge 1 4", "1 4")
    ),
    Field("band_5_26", "Uge 5-26", "Andel i uge 5-26 (%)", True, ("5 26 uger", "uge 5 26", "5 26")),
    Field("band_27_52", "Uge 27-52", "Andel i uge 27-52 (%)", True, ("27 52 uger", "uge 27 52", "27 52")),
    Field(
        "band_53",
        "Uge 53+",
        "Andel fra uge 53 (%)",
        True,
        ("53 uger og derover", "uge 53 og derover", "over 52 uger", "53+", "uge 53", "53 uger+"),
    ),
    Field(
        "total", "I alt", "Rækkens sum som offentliggjort (valgfri; kontrolleres)", False, ("i alt", "total")
    ),
)
ROUNDING_POINTS = 0.5  # published shares are rounded to one decimal: accept ± 0,5 percentage point


def detect(sheet: Sheet) -> float:
    _, mapping = suggest_header(sheet, FIELDS)
    bands = sum(1 for k in mapping.values() if k in BANDS)
    return 0.9 if bands == 4 and "group" in mapping.values() else 0.0


def suggest(sheet: Sheet) -> Choices:
    row, mapping = suggest_header(sheet, FIELDS)
    return Choices(sheet.name, row, mapping, 1.0, "andele i procent")


def _pct(value: float) -> str:
    return fmt(value, 1) + " %"


def read(sheet: Sheet, choices: Choices, project: Project) -> LayoutResult:
    report = ImportReport(source=sheet.name)
    if missing_required(FIELDS, choices, report, sheet):
        return LayoutResult(report)
    col = {f.key: choices.column_of(f.key) for f in FIELDS}
    shares: dict[tuple[str, int | None], tuple[float, ...]] = {}
    totals: list[TotalCheck] = []
    for r in range(choices.header_row + 1, len(sheet.rows)):
        row = sheet.rows[r]
        label = str(cell(row, col["group"])).strip()
        if not label or is_total_label(label) or all(is_blank(cell(row, col[b])) for b in BANDS):
            continue  # spacer, note or "alle ydelsesgrupper i alt" (an average, not data)
        found = _row_shares(sheet, r, col, report)
        if found is None:
            continue
        points, stated = found
        ident = _row_key(sheet, r, col, label, project, report)
        if ident is None:
            continue
        if ident in shares:
            report.error(
                cell_address(sheet.name, r, col["group"] or 0),
                label,
                "hver ydelsesgruppe kun én gang (pr. år)",
            )
            continue
        total = sum(points)
        shares[ident] = tuple(p / total for p in points)
        if stated is not None:
            totals.append(TotalCheck(label, 100.0, stated, "%"))
    if not shares and not report.has_errors:
        report.file_error("ingen rækker med en ydelsesgruppe og fire andele")
    if report.has_errors:
        return LayoutResult(report, totals)
    report.notes.append(f"{sheet.name}: fordeling på refusionstrappen for {len(shares)} målgrupper")
    first, last = budget_years(project)
    span = f"{first}-{last} (budgetår og overslagsår; regnskabsår og andre år uændrede)"
    preview = [
        (key, str(year) if year else span, " / ".join(_pct(s * 100) for s in dist))
        for (key, year), dist in shares.items()
    ]
    if any(year is None for _, year in shares):
        report.notes.append(
            f"Filen har ingen årskolonne: fordelingen gælder budgetårene {first}-{last}; "
            "regnskabsår og andre år beholder deres egen"
        )
    return LayoutResult(report, totals, preview, lambda p: apply_shares(p, shares))


def budget_years(project: Project) -> tuple[int, int]:
    """The budget year B and the last overslag year B+3 (the four years a budget decides)."""
    first = project.budget.budget_year
    return first, first + 3


def _row_shares(
    sheet: Sheet, r: int, col: dict[str, int | None], report: ImportReport
) -> tuple[list[float], float | None] | None:
    """The four shares of a row in percentage points and the row's stated total (None: no I alt
    column), or None with the error at the row's cells. Rounding within ± 0,5 point is a warning."""
    row = sheet.rows[r]
    raw = [cell(row, col[b]) for b in BANDS]
    addresses = [cell_address(sheet.name, r, col[b] or 0) for b in BANDS]
    span = f"{addresses[0]}:{addresses[-1].split('!')[-1]}"
    values = [read_amount(v, a, report, "andel") for v, a in zip(raw, addresses, strict=True)]
    for v, a in zip(raw, addresses, strict=True):
        if is_blank(v):
            report.error(a, "", "alle fire andele (uge 1-4, 5-26, 27-52, 53+)")
    if any(v is None for v in values):
        return None
    numbers = [float(v) for v in values]  # type: ignore[arg-type]
    # A percent-formatted cell holds 0,123; a typed 12,3 is percentage points.
    fractions = all(0 <= v <= 1 for v in numbers) and sum(numbers) <= 1.02
    points = [v * 100 for v in numbers] if fractions else numbers
    typed = " + ".join(_pct(p) for p in points)
    if any(p < 0 or p > 100 for p in points):
        report.error(span, typed, "andele mellem 0 % og 100 %")
        return None
    total = sum(points)
    if abs(total - 100) > ROUNDING_POINTS:
        report.error(
            span, f"{typed} = {_pct(total)}", "andele der summer til 100 % (± 0,5 procentpoint for afrunding)"
        )
        return None
    if abs(total - 100) > 1e-9:
        report.warning(
            span,
            f"{typed} = {_pct(total)}",
            "andele der summer til 100 %; afrundede andele er normaliseret til 100 %",
            adjusted=True,
        )
    if col["total"] is None or is_blank(cell(row, col["total"])):
        return points, None
    t_address = cell_address(sheet.name, r, col["total"])
    stated = read_amount(cell(row, col["total"]), t_address, report, "i alt")
    if stated is None:
        return None
    stated_points = stated * 100 if fractions and stated <= 1.02 else stated
    if abs(stated_points - total) > 0.05 + 1e-9:
        report.error(
            t_address, display(cell(row, col["total"])), f"i alt = summen af de fire andele = {_pct(total)}"
        )
        return None
    return points, stated_points


def _row_key(
    sheet: Sheet, r: int, col: dict[str, int | None], label: str, project: Project, report: ImportReport
) -> tuple[str, int | None] | None:
    """(target group, year or None for every year) of a row whose group has a budget line."""
    row = sheet.rows[r]
    year: int | None = None
    if col["year"] is not None and not is_blank(cell(row, col["year"])):
        try:
            year = to_year(cell(row, col["year"]))
        except CellError as exc:
            report.error(
                cell_address(sheet.name, r, col["year"]), display(cell(row, col["year"])), exc.expected
            )
            return None
    key, _known = group_key(label, project)
    groups = project.budget.groups
    first, last = budget_years(project)
    has_line = any(
        g.target_group == key and (g.year == year if year is not None else first <= g.year <= last)
        for g in groups
    )
    if not has_line:
        when = f" i {year}" if year is not None else f" i budgetårene {first}-{last}"
        report.error(
            cell_address(sheet.name, r, col["group"] or 0),
            label,
            f"en målgruppe med en budgetlinje{when}; '{key}' har ingen. Importér basisbudgettet "
            "(eller helårspersoner fra jobindsats) først",
        )
        return None
    return key, year


def apply_shares(project: Project, shares: dict) -> Project:
    """A copy of the project with the band distributions set.

    A row without a year (None) applies to the budget years B..B+3 only: the accounts years keep
    the distribution they were paid with.
    """
    first, last = budget_years(project)
    groups = []
    for g in project.budget.groups:
        every = shares.get((g.target_group, None)) if first <= g.year <= last else None
        dist = shares.get((g.target_group, g.year), every)
        groups.append(g if dist is None else replace(g, band_distribution=dist, average_refusion_rate=None))
    return project_copy(project, budget=replace(project.budget, groups=tuple(groups)))
