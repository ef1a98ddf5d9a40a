"""The council workbook (byrådsmappe): Resumé, Fremskrivning (projects only), Økonomiske konsekvenser,
one sheet per case,
Følsomhed og usikkerhed, Opfølgning, Basisbudget, Puljer, Forudsætninger.

Entry points:

* :func:`export_council_workbook` (``path``, :class:`WorkbookContent`) writes the workbook safely
  (temporary file + rename, :mod:`budgetapp.export.safe_write`) and returns the layout.
* :func:`content_from_project` and :func:`content_from_cases` build the content from a project
  (``.jcbudget``) or from loose case files.

The workbook never imports Qt. See ``docs/council-workbook.md`` for the layout and conventions.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from budgetapp.core.case import BusinessCase
from budgetapp.core.formatting import format_number
from budgetapp.core.price_conversion import convert_case, uniform_factors
from budgetapp.core.price_index import PriceIndexError, needed_years
from budgetapp.core.project import Project
from budgetapp.core.projection import ProjectionEngine
from budgetapp.core.simulation import DEFAULT_DRAWS, DEFAULT_SEED
from budgetapp.export.case_figures import case_figures
from budgetapp.export.case_sheet import CaseSheetLayout, write_case_sheet
from budgetapp.export.consequences_sheet import CONSEQUENCES_SHEET, write_consequences_sheet
from budgetapp.export.decision_sheet import (
    DecisionSectionLayout,
    case_decision,
    used_inputs,
    write_decision_sheet,
)
from budgetapp.export.follow_up_sheet import write_follow_up_sheet
from budgetapp.export.projection_sheet import PROJECTION_SHEET, ProjectionSheetLayout, write_projection_sheet
from budgetapp.export.safe_write import ExportError, write_atomically
from budgetapp.export.summary_sheets import (
    ASSUMPTIONS_SHEET,
    SUMMARY_SHEET,
    write_assumptions_sheet,
    write_summary_sheet,
)
from budgetapp.export.workbook_style import make_styles, sheet_name

PRICE_LEVEL_UNKNOWN = "prisniveau som i business case-filen (ikke angivet)"
# Danish labels of the project's own documented choices (``project/<field>`` in Project.sources).
PROJECT_SOURCE_LABELS = {
    "groups": "Målgrupper i basisbudgettet",
    "price_level_year": "Prisniveau (valg)",
    "scale": "Kommunens størrelse",
    "staircase": "Refusionstrappe",
    "municipality": "Kommune",
    "budget_year": "Budgetår",
}
INDEX_NOTE = ("Ydelser og refusion (overførsler) er omregnet med satsreguleringsprocenten; "
              "beskæftigelsesindsats (HK5), jobcenterdrift (HK6), puljer og business casernes "
              "udgifter på service med KL's pris- og lønskøn; hver linje med indekset for sit "
              "styringsområde")


@dataclass
class WorkbookContent:
    """What goes into a council workbook. Amounts in the cases are at ``price_level``."""

    title: str
    municipality: str
    price_level: str                 # e.g. "2026 p/l"
    budget_year: int
    cases: list[BusinessCase]
    project: Project | None = None   # gives the Basisbudget and Puljer sheets
    extra_sources: list[tuple[str, str, str]] = field(default_factory=list)
    # decision support: case name → [(project scenario, description, the case in it)], same price level
    project_scenarios: dict[str, list[tuple[str, str, BusinessCase]]] = field(default_factory=dict)
    scenario: str | None = None      # the project scenario the cases are shown in (None: as entered)
    draws: int = DEFAULT_DRAWS       # simulation on the sheet "Følsomhed og usikkerhed"
    seed: int = DEFAULT_SEED


@dataclass
class WorkbookLayout:
    """Where the figures are, for tests and callers: one layout per case sheet, in order."""

    cases: list[CaseSheetLayout]
    sheets: list[str]
    summary_cells: dict[str, dict[int, tuple[int, int]]]
    decision: list[DecisionSectionLayout] = field(default_factory=list)
    projection: ProjectionSheetLayout | None = None
    consequences: dict[str, dict[str, int]] = field(default_factory=dict)
    follow_up: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)


def scale_money(case: BusinessCase, factor: float) -> BusinessCase:
    """The case with every kroner amount multiplied by ``factor`` (one index for everything).

    All results are linear in the amounts, so the appraisal scales by the same factor. The
    three-point estimates and scenario values of kroner inputs (benefit, cost lines, pool funding,
    total cost) are scaled too. A project converts each line with its own index instead
    (:meth:`budgetapp.core.projection.ProjectionEngine.converted_case`).
    """
    return convert_case(case, uniform_factors(factor))


def content_from_cases(cases: Sequence[BusinessCase], title: str | None = None) -> WorkbookContent:
    """Content for loose case files: no base budget or pools; the price level is the files' own."""
    if not cases:
        raise ExportError("Der er ingen business cases at eksportere.")
    return WorkbookContent(
        title=title or "Business cases til byrådet",
        municipality="ikke angivet (eksporteret fra business case-filer)",
        price_level=PRICE_LEVEL_UNKNOWN,
        budget_year=min(c.start_year for c in cases),
        cases=list(cases),
    )


def content_from_project(project: Project, case_names: Sequence[str] | None = None,
                         scenario: str | None = None) -> WorkbookContent:
    """Content for a project: the named cases (default: every switched-on case, else all).

    Each case is taken as the projection uses it (scenario overrides, pool income filled from the
    project's pools) and converted to the project's price level. Raises :class:`ExportError` for
    an unknown case name.
    """
    engine = ProjectionEngine(project)
    known = [c.name for c in project.cases]
    if case_names:
        missing = [n for n in case_names if n not in known]
        if missing:
            raise ExportError(f"Projektet har ingen business case med navnet "
                              f"{', '.join(repr(n) for n in missing)}. Kendte: {', '.join(known)}.")
        names = list(case_names)
    else:
        names = project.enabled_case_names or known
    if not names:
        raise ExportError("Projektet har ingen business cases at eksportere.")
    cases = []
    variants: dict[str, list[tuple[str, str, BusinessCase]]] = {}
    for name in names:
        # each amount converted with its own line's index, exactly as the projection does
        try:
            case = engine.converted_case(name, scenario)
            variants[case.name] = [
                (s.name, s.description, engine.converted_case(name, s.name))
                for s in project.scenarios if s.overrides.get(name) and s.name != scenario]
        except PriceIndexError as exc:
            raise ExportError(f"Business casen '{name}' kan ikke omregnes til "
                              f"{project.price_level_year} p/l: {exc}") from exc
        cases.append(case)
    extra = [("Kommune", project.municipality, ""),
             ("Budgetår", str(project.budget_year), ""),
             ("Prisniveau", f"{project.price_level_year} p/l", INDEX_NOTE)]
    for key, src in sorted(project.sources.items()):
        if key.startswith("project/") and (src.source or src.remark):
            label = PROJECT_SOURCE_LABELS.get(key[len("project/"):], "Projektets forudsætning")
            extra.append((label, "", "; ".join(t for t in (src.source, src.remark) if t)))
    extra.extend(_index_rows(project))
    return WorkbookContent(
        title=f"Business cases – {project.municipality}, budget {project.budget_year}",
        municipality=project.municipality,
        price_level=f"{project.price_level_year} p/l",
        budget_year=project.budget_year,
        cases=cases,
        project=project,
        extra_sources=extra,
        project_scenarios=variants,
        scenario=scenario,
    )


def _index_rows(project: Project) -> list[tuple[str, str, str]]:
    """One row per year each price index converts from or to (:func:`needed_years`): label, value
    and source; the two indices' other years are not used by the project."""
    used = set(needed_years(project))
    rows = []
    for prefix, label, index in (("price_index", "Prisindeks for service (KL's pris- og lønskøn)",
                                  project.price_index),
                                 ("transfer_index", "Prisindeks for overførsler (satsreguleringsprocenten)",
                                  project.transfer_index)):
        for point in (p for p in index.points if p.year in used):
            src = project.source(f"{prefix}/{point.year}")
            text = "; ".join(t for t in (src.source or point.source, src.remark) if t)
            rows.append((f"{label}, {point.year}", format_number(point.value, 4), text))
    return rows


def build_council_workbook(path: str | Path, content: WorkbookContent) -> WorkbookLayout:
    """Write the workbook to ``path`` directly (no temporary file); see :func:`export_council_workbook`.

    XlsxWriter reports some problems (a defined name or formula it cannot parse, a string that is
    too long, a duplicate sheet) only with :func:`warnings.warn` and writes the file anyway, which
    would leave ``#NAME?`` cells behind a successful export. Every such warning is turned into an
    :class:`ExportError` with a Danish message, so the export fails visibly instead.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layout = _build(path, content)
    problems = [str(w.message) for w in caught if _from_xlsxwriter(w)]
    if problems:
        raise ExportError("Byrådsmappen kunne ikke laves korrekt: regnearksbiblioteket afviste "
                          f"{len(problems)} element(er), og arket ville vise fejl i stedet for tal. "
                          f"Første problem: {problems[0]} Filen er ikke gemt; ret navnet eller "
                          "teksten, der nævnes, og prøv igen.")
    return layout


def _from_xlsxwriter(warning: warnings.WarningMessage) -> bool:
    return "xlsxwriter" in (warning.filename or "").replace("\\", "/").lower()


def _build(path: str | Path, content: WorkbookContent) -> WorkbookLayout:
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    workbook.set_properties({"title": content.title, "subject": "Byrådsmappe: business cases",
                             "company": content.municipality, "comments": content.price_level})
    styles = make_styles(workbook)
    summary = workbook.add_worksheet(SUMMARY_SHEET)
    projection_ws = workbook.add_worksheet(PROJECTION_SHEET) if content.project is not None else None
    consequences_ws = workbook.add_worksheet(CONSEQUENCES_SHEET)
    used: set[str] = set()
    pairs = []
    for case in content.cases:
        fig = case_figures(case)
        name = sheet_name(case.name, used)
        pairs.append((fig, write_case_sheet(workbook, styles, name, fig, content.price_level)))
    cells = write_summary_sheet(workbook, styles, content.title, content.municipality, content.price_level,
                                content.budget_year, pairs, sheet=summary)
    consequences = write_consequences_sheet(workbook, styles, pairs, content.price_level, content.budget_year,
                                            sheet=consequences_ws)
    decisions = [case_decision(case, content.project_scenarios.get(case.name, []), content.draws,
                               content.seed) for case in content.cases]
    for decision, (fig, lay) in zip(decisions, pairs, strict=True):
        decision.inputs = used_inputs(fig, lay)
    decision_layout = write_decision_sheet(workbook, styles, decisions, content.price_level, content.scenario)
    follow_up = write_follow_up_sheet(workbook, styles, content.cases, content.price_level)
    projection_layout = None
    if content.project is not None:
        from budgetapp.export.budget_sheets import write_budget_sheet, write_pools_sheet

        budget_layout = write_budget_sheet(workbook, styles, content.project)
        pools_layout = write_pools_sheet(workbook, styles, content.project)
        projection = ProjectionEngine(content.project).result(
            enabled=[c.name for c in content.cases], scenario=content.scenario)
        projection_layout = write_projection_sheet(
            workbook, styles, content.project, projection,
            [(fig.case, lay) for fig, lay in pairs], budget_layout, pools_layout, sheet=projection_ws)
    write_assumptions_sheet(workbook, styles, pairs, content.extra_sources)
    summary.activate()
    try:
        workbook.close()
    except FileCreateError as exc:
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise inner from exc
    return WorkbookLayout(cases=[lay for _, lay in pairs],
                          sheets=[ws.get_name() for ws in workbook.worksheets()], summary_cells=cells,
                          decision=decision_layout, projection=projection_layout,
                          consequences=consequences, follow_up=follow_up)


def export_council_workbook(target: str | Path, content: WorkbookContent) -> WorkbookLayout:
    """Write the council workbook to ``target`` without risking an earlier export.

    Raises :class:`ExportError` with a Danish message when it cannot be written.
    """
    result: list[WorkbookLayout] = []
    write_atomically(target, lambda temp: result.append(build_council_workbook(temp, content)))
    return result[0]


__all__ = ["ASSUMPTIONS_SHEET", "SUMMARY_SHEET", "WorkbookContent",
           "WorkbookLayout", "build_council_workbook", "content_from_cases", "content_from_project",
           "export_council_workbook", "scale_money"]
